//! `tipwiz doctor`: the live account read step by step, read-only and with no journal: what is in
//! place, what is missing or set up wrong (with what was seen), and how to put it right.

use super::Engine;
use crate::actions::{self, Seen};
use crate::catalog::Persona;
use crate::journal::StepState;
use serde::Serialize;

/// How a step looks in the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Health {
    InPlace,
    /// Missing, or there but not as the setup needs it.
    Problem,
    /// These credentials cannot see it, or a person does it.
    CannotCheck,
}

impl Health {
    pub fn word(self) -> &'static str {
        match self {
            Health::InPlace => "in place",
            Health::Problem => "problem",
            Health::CannotCheck => "cannot check",
        }
    }
}

/// One step's diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub step: String,
    pub persona: Persona,
    pub health: Health,
    /// What was seen: the setting, the ARN, the missing thing.
    pub detail: String,
    /// What puts it right: the step to run, then the AWS CLI commands where one call does it.
    pub fix: Vec<String>,
}

impl Engine {
    /// Every step of `persona` (all when None), looked at as its own persona would: each read
    /// with the step's own credentials, in order, so what one finds (an instance ARN, a group
    /// id) is there for the next.
    pub async fn doctor(&self, persona: Option<Persona>) -> Vec<Finding> {
        let answers = self.answers();
        let mut out = vec![];
        for step in self.catalog.steps() {
            if persona.is_some_and(|p| p != step.persona) && !self.needed_by(step, persona) {
                continue;
            }
            let (health, detail) = if step.is_manual() {
                (
                    Health::CannotCheck,
                    "a person does it in a console; confirm it when done".to_string(),
                )
            } else {
                let cx = self.cx(step, &answers);
                let action = actions::action(&step.action).expect("the catalog checks action ids");
                match action.observe(&cx, &cx.target()).await {
                    Ok(Seen::InPlace) => {
                        // In place, and not done here: done elsewhere (a step done here stays so).
                        let _ = self.journal.step(&step.id, |r| {
                            if !r.state.is_some_and(StepState::is_done) {
                                r.state = Some(StepState::DoneElsewhere);
                            }
                        });
                        (Health::InPlace, String::new())
                    }
                    Ok(Seen::Missing(why)) => (Health::Problem, why),
                    Ok(Seen::Unseeable(why)) => (Health::CannotCheck, why),
                    Err(e) => (Health::Problem, e.to_string()),
                }
            };
            if persona.is_some_and(|p| p != step.persona) {
                // Looked at only for the outputs a later step of this persona reads.
                continue;
            }
            let fix = if health == Health::Problem {
                let cx = self.cx(step, &answers);
                let action = actions::action(&step.action).expect("the catalog checks action ids");
                let mut fix = vec![format!(
                    "tipwiz apply --only {} (it keeps what is right and makes what is missing)",
                    step.id
                )];
                fix.extend(action.repair(&cx).await);
                fix
            } else {
                vec![]
            };
            out.push(Finding {
                step: step.id.clone(),
                persona: step.persona,
                health,
                detail,
                fix,
            });
        }
        out
    }

    /// Whether a step of another persona comes before one of `persona`'s (its outputs may be read).
    fn needed_by(&self, step: &crate::catalog::Step, persona: Option<Persona>) -> bool {
        let Some(p) = persona else { return true };
        self.catalog
            .steps()
            .iter()
            .filter(|s| s.persona == p)
            .any(|s| self.catalog.ancestors(&s.id).contains(&step.id))
    }
}
