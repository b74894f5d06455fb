//! Dry runs: the whole walkthrough played on a private copy of the simulated cloud, recording
//! every call. `plan` shows what each step would call and change; `export --format shell`
//! turns the same recording into an AWS CLI script.

use super::{Engine, RunOptions};
use crate::answers::Answers;
use crate::catalog::Catalog;
use crate::cloud::sim::SimCloud;
use crate::cloud::{Clock, Cloud, CloudError, Op, Reply, Target};
use crate::journal::{Journal, JournalData, StepState};
use std::sync::{Arc, Mutex};

/// One recorded call.
#[derive(Debug, Clone)]
pub struct Call {
    pub target: Target,
    pub op: Op,
    pub reply: Result<Reply, CloudError>,
}

/// What one step would do.
#[derive(Debug, Clone)]
pub struct StepPlan {
    pub step: String,
    /// create, no-op, manual, or the failure a dry run met
    pub verdict: String,
    pub calls: Vec<Call>,
}

/// Records every call passed to the inner cloud.
struct Recorder {
    inner: Arc<dyn Cloud>,
    log: Mutex<Vec<Call>>,
}

#[async_trait::async_trait]
impl Cloud for Recorder {
    async fn call(&self, target: &Target, op: &Op) -> Result<Reply, CloudError> {
        let reply = self.inner.call(target, op).await;
        self.log.lock().unwrap_or_else(|p| p.into_inner()).push(Call {
            target: target.clone(),
            op: op.clone(),
            reply: reply.clone(),
        });
        reply
    }
    fn name(&self) -> &'static str {
        self.inner.name()
    }
    fn clock(&self) -> Arc<dyn Clock> {
        self.inner.clock()
    }
}

/// Why a read-only plan stops a step: it reached its first change.
pub const WOULD_CHANGE: &str = "plan makes no changes";

/// Lets reads through and stops at the first change, for a plan against a real account.
pub struct ReadOnly(pub Arc<dyn Cloud>);

#[async_trait::async_trait]
impl Cloud for ReadOnly {
    async fn call(&self, target: &Target, op: &Op) -> Result<Reply, CloudError> {
        if op.is_mutating() {
            return Err(CloudError::Unsupported {
                op: op.name().into(),
                why: WOULD_CHANGE.into(),
            });
        }
        self.0.call(target, op).await
    }
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn clock(&self) -> Arc<dyn Clock> {
        self.0.clock()
    }
}

/// A plan against a real account: each step's reads are made, and the step stops at its first
/// change (verdict create); steps already done are verified read-only (no-op, or the drift).
pub async fn read_only(
    catalog: Arc<Catalog>,
    cloud: Arc<dyn Cloud>,
    answers: &Answers,
    existing: Option<&JournalData>,
) -> Result<Vec<StepPlan>, String> {
    dry_run(catalog, Arc::new(ReadOnly(cloud)), answers, existing).await
}

/// Plays every step on `cloud` (a scratch sim, or a read-only real one), starting from
/// `existing` progress, in a scratch journal.
pub async fn dry_run(
    catalog: Arc<Catalog>,
    cloud: Arc<dyn Cloud>,
    answers: &Answers,
    existing: Option<&JournalData>,
) -> Result<Vec<StepPlan>, String> {
    let result: Result<Vec<StepPlan>, String> = async {
        let mut data = existing.cloned().unwrap_or_else(|| JournalData {
            version: crate::journal::VERSION,
            backend: cloud.name().to_string(),
            answers: answers.clone(),
            steps: Default::default(),
        });
        data.answers = answers.clone();
        let journal = Journal::scratch(data);
        let recorder = Arc::new(Recorder {
            inner: cloud,
            log: Mutex::new(Vec::new()),
        });
        let engine = Engine::new(catalog.clone(), recorder.clone(), journal.clone(), None);
        let mut plans = Vec::new();
        for step in catalog.steps() {
            let before = journal.snapshot().state(&step.id);
            if before == StepState::Done {
                // Done steps are re-checked read-only: no-op if all is still there.
                recorder.log.lock().unwrap_or_else(|p| p.into_inner()).clear();
                let checked = engine.verify_step(&step.id).await;
                let calls = std::mem::take(&mut *recorder.log.lock().unwrap_or_else(|p| p.into_inner()));
                let verdict = match checked {
                    Ok(()) => "no-op (done)".to_string(),
                    Err(e) => format!("drifted: {e}"),
                };
                plans.push(StepPlan {
                    step: step.id.clone(),
                    verdict,
                    calls,
                });
                continue;
            }
            recorder.log.lock().unwrap_or_else(|p| p.into_inner()).clear();
            let opts = RunOptions {
                only: Some(vec![step.id.clone()]),
                jobs: 1,
                confirmed: vec!["all".into()],
                ..RunOptions::default()
            };
            let outcome = engine.apply(&opts).await;
            let calls = std::mem::take(&mut *recorder.log.lock().unwrap_or_else(|p| p.into_inner()));
            let changes = calls.iter().any(|c| c.op.is_mutating() && c.reply.is_ok());
            let read_only = step.operations.iter().all(|o| {
                let name = o.split_once(':').map(|(_, n)| n).unwrap_or(o);
                ["Get", "Describe", "List", "Head", "Lookup"]
                    .iter()
                    .any(|p| name.starts_with(p))
            });
            let verdict = match outcome {
                super::Outcome::Done if step.is_manual() => "manual".to_string(),
                super::Outcome::Done if read_only && !changes => "check".to_string(),
                super::Outcome::Done if changes => "create".to_string(),
                super::Outcome::Done => "no-op".to_string(),
                super::Outcome::Failed { error, .. } if error.contains(WOULD_CHANGE) => {
                    let first = calls
                        .iter()
                        .find(|c| c.op.is_mutating())
                        .map(|c| format!("{} {}", c.op.service(), c.op.name()));
                    format!("create (first change: {})", first.unwrap_or_default())
                }
                super::Outcome::Failed { error, .. } => format!("would fail: {error}"),
                super::Outcome::Stopped { waiting } => {
                    format!("blocked: {}", waiting.first().map(|w| w.1.clone()).unwrap_or_default())
                }
                other => format!("{other:?}"),
            };
            plans.push(StepPlan {
                step: step.id.clone(),
                verdict,
                calls,
            });
        }
        Ok(plans)
    }
    .await;
    result
}

/// A fresh organisation for a dry run with no state: the answers' accounts, Regions and names.
pub fn fresh_sim(answers: &Answers) -> SimCloud {
    SimCloud::new(
        &crate::cloud::sim::Seed::from_answers(answers),
        crate::cloud::sim::Timing::instant(),
    )
}
