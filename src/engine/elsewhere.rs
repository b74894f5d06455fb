//! Steps done elsewhere: by another person on another machine, by hand, or before this journal
//! existed. A dependency this journal has not seen done, and this run will not do, is looked for
//! in the cloud, read-only, with the credentials of the persona who needs it. What is in place
//! counts as done elsewhere (its outputs read from the cloud); for the rest the run says what is
//! missing and who does it.

use super::Engine;
use crate::actions::{self, Seen};
use crate::answers::Answers;
use crate::events::Event;
use crate::journal::StepState;
use std::collections::BTreeMap;
use std::sync::Arc;

impl Engine {
    /// Looks in the cloud for the steps the `selected` ones depend on (directly or further up)
    /// that this journal has not seen done and this run will not do. Returns, for each one not
    /// found in place, why and who does it.
    pub(super) async fn look_elsewhere(
        &self,
        selected: &[String],
        answers: &Arc<Answers>,
        confirmed: &(dyn Fn(&str) -> bool + Sync),
    ) -> BTreeMap<String, String> {
        let data = self.journal.snapshot();
        // Each step to look for, with the target of a selected step that needs it: whose
        // credentials look.
        let mut wanted: BTreeMap<String, crate::cloud::Target> = BTreeMap::new();
        let mut stack: Vec<(String, crate::cloud::Target)> = selected
            .iter()
            .filter_map(|id| self.catalog.get(id))
            .map(|s| (s.id.clone(), answers.target(s.account, s.region)))
            .collect();
        while let Some((id, observer)) = stack.pop() {
            let Some(step) = self.catalog.get(&id) else { continue };
            for d in &step.depends {
                if data.state(d).is_done() || selected.contains(d) || wanted.contains_key(d) {
                    continue;
                }
                wanted.insert(d.clone(), observer.clone());
                stack.push((d.clone(), observer.clone()));
            }
        }
        let mut out = BTreeMap::new();
        // Dependencies first, so each look sees the outputs of those before it.
        for step in self.catalog.steps() {
            let Some(observer) = wanted.get(&step.id) else { continue };
            let seen = if step.is_manual() {
                if confirmed(&step.id) {
                    Seen::InPlace
                } else {
                    Seen::Missing(format!(
                        "a person does it and confirms it with --confirm-manual {}",
                        step.id
                    ))
                }
            } else {
                let cx = self.cx(step, answers);
                let action = actions::action(&step.action).expect("the catalog checks action ids");
                action
                    .observe(&cx, observer)
                    .await
                    .unwrap_or_else(|e| Seen::Missing(e.to_string()))
            };
            let persona = step.persona.name();
            match seen {
                Seen::InPlace => {
                    if self
                        .journal
                        .step(&step.id, |r| {
                            r.state = Some(StepState::DoneElsewhere);
                            r.error = None;
                        })
                        .is_err()
                    {
                        continue;
                    }
                    self.emit(Event::StepFinished {
                        step: step.id.clone(),
                        state: StepState::DoneElsewhere,
                        error: None,
                    });
                    self.emit(Event::Note {
                        step: step.id.clone(),
                        message: "found in place in the cloud: done elsewhere".into(),
                    });
                }
                Seen::Missing(why) => {
                    let _ = self.journal.step(&step.id, |r| r.outputs.clear());
                    out.insert(
                        step.id.clone(),
                        format!(
                            "{} is not in place: {why}. {persona} does it: tipwiz apply --only {}",
                            step.id, step.id
                        ),
                    );
                }
                Seen::Unseeable(why) => {
                    let _ = self.journal.step(&step.id, |r| r.outputs.clear());
                    out.insert(
                        step.id.clone(),
                        format!(
                            "{} cannot be checked from here ({why}): ask {persona} for a handoff file \
                             (tipwiz handoff > FILE) and run with --handoff FILE",
                            step.id
                        ),
                    );
                }
            }
        }
        out
    }
}
