//! Dry runs: the whole walkthrough played on a private copy of the simulated cloud, recording
//! every call. `plan` shows what each step would call and change; `export --format shell`
//! turns the same recording into an AWS CLI script.

use super::{Engine, Outcome, RunOptions};
use crate::answers::Answers;
use crate::catalog::Catalog;
use crate::cloud::record::{Call, ReadOnly, Recorder};
use crate::cloud::{Cloud, CloudError, is_change_call};
use crate::journal::{Journal, JournalData};
use std::sync::Arc;

/// What a dry run found a step would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It makes changes; a read-only plan names the first one it stopped at.
    Create {
        first_change: Option<String>,
    },
    /// Everything it makes is there already.
    NoOp,
    /// Done in the journal, and still in place.
    Done,
    /// It only reads.
    Check,
    /// A person does it.
    Manual,
    /// Done in the journal, but what it made has changed.
    Drifted(String),
    WouldFail(String),
    /// It comes after steps this plan shows being made first.
    Waits(Vec<String>),
    Blocked(String),
    /// The run ended some other way (interrupted).
    Stopped(String),
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Create { first_change: None } => f.write_str("create"),
            Verdict::Create { first_change: Some(c) } => write!(f, "create (first change: {c})"),
            Verdict::NoOp => f.write_str("no-op"),
            Verdict::Done => f.write_str("no-op (done)"),
            Verdict::Check => f.write_str("check"),
            Verdict::Manual => f.write_str("manual"),
            Verdict::Drifted(why) => write!(f, "drifted: {why}"),
            Verdict::WouldFail(why) => write!(f, "would fail: {why}"),
            Verdict::Waits(deps) => write!(f, "after {}", deps.join(", ")),
            Verdict::Blocked(why) => write!(f, "blocked: {why}"),
            Verdict::Stopped(why) => f.write_str(why),
        }
    }
}

/// What one step would do.
#[derive(Debug, Clone)]
pub struct StepPlan {
    pub step: String,
    pub verdict: Verdict,
    pub calls: Vec<Call>,
}

/// A plan against a real account: each step's reads are made, and the step stops at its first
/// change (verdict create); steps already done are verified read-only (no-op, or the drift).
pub async fn read_only(
    catalog: Arc<Catalog>,
    cloud: Arc<dyn Cloud>,
    answers: &Answers,
    existing: Option<&JournalData>,
) -> Vec<StepPlan> {
    dry_run(catalog, Arc::new(ReadOnly(cloud)), answers, existing).await
}

/// Plays every step on `cloud` (a scratch sim, or a read-only real one), starting from
/// `existing` progress, in a scratch journal.
pub async fn dry_run(
    catalog: Arc<Catalog>,
    cloud: Arc<dyn Cloud>,
    answers: &Answers,
    existing: Option<&JournalData>,
) -> Vec<StepPlan> {
    let mut data = existing.cloned().unwrap_or_else(|| JournalData {
        version: crate::journal::VERSION,
        backend: cloud.name().to_string(),
        answers: answers.clone(),
        steps: Default::default(),
    });
    data.answers = answers.clone();
    let journal = Journal::scratch(data);
    let recorder = Arc::new(Recorder::new(cloud));
    let engine = Engine::new(catalog.clone(), recorder.clone(), journal.clone(), None);
    let mut plans = Vec::new();
    for step in catalog.steps() {
        recorder.take();
        if journal.read(|d| d.state(&step.id).is_done()) {
            // Done steps are re-checked read-only: no-op if all is still there.
            let verdict = match engine.verify_step(&step.id).await {
                Ok(()) => Verdict::Done,
                Err(e) => Verdict::Drifted(e.to_string()),
            };
            plans.push(StepPlan {
                step: step.id.clone(),
                verdict,
                calls: recorder.take(),
            });
            continue;
        }
        let opts = RunOptions {
            only: Some(vec![step.id.clone()]),
            jobs: 1,
            confirmed: vec!["all".into()],
            look_elsewhere: false,
            ..RunOptions::default()
        };
        let outcome = engine.apply(&opts).await;
        let calls = recorder.take();
        // Waiting only on steps this plan makes (or waits for) earlier is the order, not a block.
        let earlier = |d: &String| {
            plans.iter().any(|p: &StepPlan| {
                &p.step == d && matches!(p.verdict, Verdict::Create { .. } | Verdict::Waits(_) | Verdict::Manual)
            })
        };
        let pending: Vec<String> = step
            .depends
            .iter()
            .filter(|d| !journal.read(|j| j.state(d).is_done()))
            .cloned()
            .collect();
        let verdict = match outcome {
            Outcome::Stopped { .. } if !pending.is_empty() && pending.iter().all(earlier) => Verdict::Waits(pending),
            // Behind a step the plan shows failing or blocked: say which, not "not part of this run".
            Outcome::Stopped { .. } if !pending.is_empty() => {
                let why: Vec<String> = pending
                    .iter()
                    .filter(|d| !earlier(d))
                    .map(|d| match plans.iter().find(|p| &p.step == d).map(|p| &p.verdict) {
                        Some(Verdict::WouldFail(_)) => format!("{d}, which would fail"),
                        Some(Verdict::Blocked(_)) => format!("{d}, which is blocked"),
                        Some(v) => format!("{d} ({v})"),
                        None => d.clone(),
                    })
                    .collect();
                Verdict::Blocked(format!("after {}", why.join(" and ")))
            }
            outcome => verdict(step, outcome, &calls),
        };
        plans.push(StepPlan {
            step: step.id.clone(),
            verdict,
            calls,
        });
    }
    plans
}

impl Verdict {
    /// Whether the plan shows something a person must see to before applying: a step that
    /// would fail, is blocked, or has drifted.
    pub fn is_trouble(&self) -> bool {
        matches!(
            self,
            Verdict::WouldFail(_) | Verdict::Blocked(_) | Verdict::Drifted(_) | Verdict::Stopped(_)
        )
    }
}

fn verdict(step: &crate::catalog::Step, outcome: Outcome, calls: &[Call]) -> Verdict {
    let changes = calls.iter().any(|c| c.op.is_mutating() && c.reply.is_ok());
    // Ethan's steps check what the others made (their only writes are his queries' files and
    // the cleanup of them).
    let read_only =
        step.persona == crate::catalog::Persona::Ethan || !step.operations.iter().any(|o| is_change_call(o));
    let stopped_at = calls
        .iter()
        .find(|c| matches!(c.reply, Err(CloudError::WouldChange { .. })));
    match outcome {
        Outcome::Done if step.is_manual() => Verdict::Manual,
        Outcome::Done if read_only && !changes => Verdict::Check,
        Outcome::Done if changes => Verdict::Create { first_change: None },
        Outcome::Done => Verdict::NoOp,
        Outcome::Failed { .. } if stopped_at.is_some() => Verdict::Create {
            first_change: stopped_at.map(|c| format!("{} {}", c.op.service(), c.op.name())),
        },
        Outcome::Failed { error, .. } => Verdict::WouldFail(error),
        Outcome::Stopped { waiting } => Verdict::Blocked(waiting.first().map(|w| w.1.clone()).unwrap_or_default()),
        other => Verdict::Stopped(format!("{other:?}")),
    }
}
