//! What an action sees while it runs: its answers, the outputs of earlier steps, and the cloud,
//! reached through a layer that journals, reports and retries every call.

use crate::answers::Answers;
use crate::catalog::{AccountRole, RegionRole, Step};
use crate::cloud::{Clock, Cloud, CloudError, Op, Reply, Target};
use crate::events::{Event, Sink};
use crate::journal::{Intent, Journal, JournalError, Undo};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StepError {
    #[error("{service} {operation}: {error}")]
    Cloud {
        service: &'static str,
        operation: &'static str,
        error: CloudError,
    },
    /// A check failed; the text says what was found and how to fix it.
    #[error("{0}")]
    Check(String),
    #[error("{0}")]
    Journal(String),
    #[error("gave up waiting for {what} after {secs} s (last seen: {last})")]
    Timeout { what: String, secs: u64, last: String },
    #[error("stopped by a crash")]
    Crashed,
}

impl From<JournalError> for StepError {
    fn from(e: JournalError) -> Self {
        match e {
            JournalError::Crashed => StepError::Crashed,
            e => StepError::Journal(e.to_string()),
        }
    }
}

impl StepError {
    pub fn check(msg: impl Into<String>) -> Self {
        StepError::Check(msg.into())
    }
}

/// How long a new role is given to become usable by the services that assume it.
const ROLE_PROPAGATION_MS: u64 = 120_000;

/// Numbers calls across the whole run, for the log and the live view.
static CALL_SEQ: AtomicU64 = AtomicU64::new(0);

#[derive(Clone)]
pub struct Cx {
    pub step: Arc<Step>,
    pub answers: Arc<Answers>,
    pub(crate) cloud: Arc<dyn Cloud>,
    pub(crate) journal: Journal,
    pub(crate) sink: Option<Sink>,
}

impl Cx {
    pub fn new(
        step: Arc<Step>,
        answers: Arc<Answers>,
        cloud: Arc<dyn Cloud>,
        journal: Journal,
        sink: Option<Sink>,
    ) -> Cx {
        Cx {
            step,
            answers,
            cloud,
            journal,
            sink,
        }
    }

    /// An answer by field key.
    pub fn answer(&self, key: &str) -> String {
        self.answers.get(key)
    }

    pub fn target_of(&self, account: AccountRole, region: RegionRole) -> Target {
        self.answers.target(account, region)
    }

    /// Where this step's calls go.
    pub fn target(&self) -> Target {
        self.target_of(self.step.account, self.step.region)
    }

    pub fn clock(&self) -> Arc<dyn Clock> {
        self.cloud.clock()
    }

    pub fn backend(&self) -> &'static str {
        self.cloud.name()
    }

    pub fn emit(&self, e: Event) {
        if let Some(s) = &self.sink {
            let _ = s.send(e);
        }
    }

    pub fn note(&self, message: impl Into<String>) {
        self.emit(Event::Note {
            step: self.step.id.clone(),
            message: message.into(),
        });
    }

    /// The step's outcome in a line (what Ethan's query read, a denial as expected, the events
    /// that name him): shown on its page, and kept in the journal so a resumed wizard and a
    /// summary screen show it too. Several results of one step are joined.
    pub fn result(&self, text: impl Into<String>) -> Result<(), StepError> {
        let text = text.into();
        self.note(text.clone());
        self.journal.step(&self.step.id, |r| {
            let joined = match r.outputs.get("result") {
                Some(old) if !old.is_empty() => format!("{old}; {text}"),
                _ => text,
            };
            r.outputs.insert("result".into(), joined);
        })?;
        Ok(())
    }

    /// An output of an earlier step; the error names the step to run first.
    pub fn out(&self, step: &str, key: &str) -> Result<String, StepError> {
        self.journal
            .read(|d| d.output(step, key))
            .ok_or_else(|| StepError::check(format!("{step} has not recorded its {key}: run {step} first")))
    }

    /// Records an output of this step, on disk before going on.
    pub fn set_out(&self, key: &str, value: &str) -> Result<(), StepError> {
        self.journal.step(&self.step.id, |r| {
            r.outputs.insert(key.to_string(), value.to_string());
        })?;
        Ok(())
    }

    /// Records how to undo a change (one that already happened, or one about to be made whose
    /// undo is harmless if it never is).
    pub fn undo(&self, undo: Undo) -> Result<(), StepError> {
        self.journal.step(&self.step.id, |r| {
            if !r.undo.iter().any(|u| u.op == undo.op && u.target == undo.target) {
                r.undo.push(undo);
            }
        })?;
        Ok(())
    }

    /// Takes back an undo recorded ahead of a change that turned out not to be ours.
    pub fn forget_undo(&self, undo: &Undo) -> Result<(), StepError> {
        self.journal.step(&self.step.id, |r| {
            r.undo.retain(|u| !(u.op == undo.op && u.target == undo.target));
        })?;
        Ok(())
    }

    /// Whether an earlier run of this step started this operation and never saw it finish.
    /// A resource found now is then the one that run created, and is ours to undo.
    pub fn intended(&self, operation: &str) -> bool {
        self.journal.read(|d| {
            d.steps
                .get(&self.step.id)
                .is_some_and(|r| r.intents.iter().any(|i| i.operation == operation))
        })
    }

    /// Adopts a resource found by look-up: undoable only if an earlier run of ours created it.
    pub fn adopt(&self, created_by: &str, undo: Undo) -> Result<(), StepError> {
        if self.intended(created_by) {
            self.undo(undo)?;
        }
        Ok(())
    }

    /// Makes a create call and records the calls that undo it, built from what it made, in the
    /// same journal write that clears the call's intent: a crash at any instant leaves either
    /// the intent (the resource, if it exists, is ours) or the undo, never neither. Undos are
    /// replayed newest first, so the last of `undos` runs first.
    pub async fn create_with<T>(
        &self,
        target: &Target,
        op: Op,
        made: impl FnOnce(CallReply) -> Result<T, StepError>,
        undos: impl FnOnce(&T) -> Vec<Undo>,
    ) -> Result<T, StepError> {
        let result = self.send(target, &op).await?;
        match self.reply(&op, result).and_then(made) {
            Ok(x) => {
                self.settle(&op, undos(&x))?;
                Ok(x)
            }
            Err(e) => {
                self.settle(&op, vec![])?;
                Err(e)
            }
        }
    }

    /// [`Cx::create_with`] for the common case: one undo call at the same target, no waits.
    pub async fn create<T>(
        &self,
        target: &Target,
        op: Op,
        made: impl FnOnce(CallReply) -> Result<T, StepError>,
        undo: impl FnOnce(&T) -> Op,
    ) -> Result<T, StepError> {
        self.create_with(target, op, made, |x| vec![Undo::at(target, undo(x))])
            .await
    }

    /// What a look-up found is adopted (undone later only if an earlier run of ours created
    /// it); when nothing was found, `create` makes it and its undo is recorded.
    pub async fn ensure<T>(
        &self,
        target: &Target,
        found: Option<T>,
        create: Op,
        made: impl FnOnce(CallReply) -> Result<T, StepError>,
        undo: impl FnOnce(&T) -> Op,
    ) -> Result<T, StepError> {
        match found {
            Some(x) => {
                self.adopt(create.name(), Undo::at(target, undo(&x)))?;
                Ok(x)
            }
            None => self.create(target, create, made, undo).await,
        }
    }

    pub async fn call(&self, op: Op) -> Result<CallReply, StepError> {
        let t = self.target();
        self.call_at(&t, op).await
    }

    /// Makes one call: journals the intent of a mutating call first, reports it live, retries
    /// throttling with backoff, and clears the intent once the outcome is known.
    pub async fn call_at(&self, target: &Target, op: Op) -> Result<CallReply, StepError> {
        let result = self.send(target, &op).await?;
        self.settle(&op, vec![])?;
        self.reply(&op, result)
    }

    /// Journals a mutating call's intent, makes the call (retrying throttling) and reports it;
    /// the intent stays until [`Cx::settle`].
    async fn send(&self, target: &Target, op: &Op) -> Result<Result<Reply, CloudError>, StepError> {
        let (service, operation) = (op.service().cli_name(), op.name());
        let mutating = op.is_mutating();
        let clock = self.clock();
        if mutating {
            let at_ms = clock.now_ms();
            self.journal.step(&self.step.id, |r| {
                r.intents.push(Intent {
                    service: service.into(),
                    operation: operation.into(),
                    at_ms,
                });
                r.calls += 1;
            })?;
        }
        let call = CALL_SEQ.fetch_add(1, Ordering::Relaxed) + 1;
        self.emit(Event::CallStarted {
            step: self.step.id.clone(),
            call,
            service,
            operation,
            region: target.region.clone(),
            mutating,
        });
        let started = std::time::Instant::now();
        let mut attempt = 0;
        let mut role_wait_ms = 0;
        let result = loop {
            attempt += 1;
            let result = self.cloud.call(target, op).await;
            let (pause, reason) = match &result {
                // Throttling, and a conflicting write still propagating (Identity Center's
                // ConflictException asks for exactly this), are retried with backoff.
                Err(e @ (CloudError::Throttled { .. } | CloudError::Conflict { .. })) if attempt < 4 => {
                    (200 * (1 << attempt), short_error(e))
                }
                // A role IAM has not spread yet: keep trying for two minutes.
                Err(CloudError::RoleNotReady { .. }) if role_wait_ms < ROLE_PROPAGATION_MS => {
                    let pause = (2_000 * (1 << (attempt - 1).min(4))).min(ROLE_PROPAGATION_MS - role_wait_ms);
                    role_wait_ms += pause;
                    (
                        pause,
                        format!(
                            "cannot use the new role yet (IAM is still spreading it, {} s so far)",
                            role_wait_ms / 1000
                        ),
                    )
                }
                _ => break result,
            };
            self.emit(Event::Retrying {
                step: self.step.id.clone(),
                call,
                operation,
                reason,
                after_ms: pause,
            });
            clock.sleep_ms(pause).await;
        };
        if matches!(result, Err(CloudError::Crashed { .. })) {
            return Err(StepError::Crashed);
        }
        let ms = started.elapsed().as_millis() as u64;
        let (ok, outcome) = match &result {
            Ok(_) => (true, "ok".to_string()),
            Err(CloudError::NotFound { .. }) => (true, "not found".to_string()),
            Err(CloudError::AlreadyExists { .. }) => (true, "exists".to_string()),
            Err(e) => (false, short_error(e)),
        };
        self.emit(Event::CallFinished {
            step: self.step.id.clone(),
            call,
            service,
            operation,
            outcome,
            ok,
            ms,
        });
        Ok(result)
    }

    /// One journal write: a mutating call's intent is cleared and, when it made something, the
    /// calls that undo it are recorded.
    fn settle(&self, op: &Op, undos: Vec<Undo>) -> Result<(), StepError> {
        if !op.is_mutating() && undos.is_empty() {
            return Ok(());
        }
        let operation = op.name();
        self.journal.step(&self.step.id, |r| {
            if op.is_mutating()
                && let Some(i) = r.intents.iter().rposition(|i| i.operation == operation)
            {
                r.intents.remove(i);
            }
            for u in undos {
                if !r.undo.iter().any(|x| x.op == u.op && x.target == u.target) {
                    r.undo.push(u);
                }
            }
        })?;
        Ok(())
    }

    fn reply(&self, op: &Op, result: Result<Reply, CloudError>) -> Result<CallReply, StepError> {
        let (service, operation) = (op.service().cli_name(), op.name());
        result
            .map(|reply| CallReply { operation, reply })
            .map_err(|error| StepError::Cloud {
                service,
                operation,
                error,
            })
    }

    pub fn waiter(&self, what: impl Into<String>, timeout_ms: u64) -> Waiter {
        let clock = self.clock();
        Waiter {
            what: what.into(),
            start: clock.now_ms(),
            timeout_ms,
            interval_ms: 250,
            clock,
        }
    }
}

/// A reply that knows which operation it answers: a reply of an unexpected kind is reported as
/// that operation's error, with no operation name written out at every call site.
#[derive(Debug, Clone)]
pub struct CallReply {
    operation: &'static str,
    reply: Reply,
}

macro_rules! reply_as {
    ($($fn:ident -> $ty:ty),* $(,)?) => {
        impl CallReply {
            $(
            pub fn $fn(self) -> Result<$ty, StepError> {
                let operation = self.operation;
                self.reply.$fn().map_err(|error| StepError::Cloud {
                    service: "reply",
                    operation,
                    error,
                })
            }
            )*
        }
    };
}

reply_as! {
    instances -> Vec<crate::cloud::Instance>,
    instance -> crate::cloud::InstanceDetail,
    region_status -> Option<String>,
    id -> String,
    maybe_id -> Option<String>,
    ids -> Vec<String>,
    assignment -> crate::cloud::AssignmentStatus,
    regions -> Vec<(String, String)>,
    key -> crate::cloud::KeyInfo,
    maybe_key -> Option<crate::cloud::KeyInfo>,
    text -> String,
    role -> crate::cloud::RoleInfo,
    maybe_role -> Option<crate::cloud::RoleInfo>,
    settings -> crate::cloud::LakeSettings,
    idc_config -> Option<crate::cloud::IdcConfig>,
    resource -> Option<crate::cloud::ResourceInfo>,
    grants -> Vec<crate::cloud::LfGrant>,
    catalog -> Option<crate::cloud::CatalogInfo>,
    exists -> bool,
    query -> crate::cloud::QueryState,
    cluster -> Option<crate::cloud::ClusterInfo>,
    idc_app -> crate::cloud::IdcApp,
    maybe_idc_app -> Option<crate::cloud::IdcApp>,
    qev2_app -> crate::cloud::Qev2App,
    maybe_qev2_app -> Option<crate::cloud::Qev2App>,
    ag_instance -> Option<crate::cloud::AgInstance>,
    ag_locations -> Vec<crate::cloud::AgLocation>,
    ag_grants -> Vec<crate::cloud::AgGrant>,
    events -> Vec<crate::cloud::TrailEvent>,
    caller -> (String, String),
    access -> (bool, String),
}

fn short_error(e: &CloudError) -> String {
    match e {
        CloudError::AccessDenied { .. } => "denied".into(),
        CloudError::Throttled { .. } => "throttled".into(),
        CloudError::Invalid { .. } => "rejected".into(),
        CloudError::Unsupported { .. } => "unsupported".into(),
        _ => "error".into(),
    }
}

/// Polls with growing pauses, reports what it sees, and gives up at its deadline.
pub struct Waiter {
    what: String,
    start: u64,
    timeout_ms: u64,
    interval_ms: u64,
    clock: Arc<dyn Clock>,
}

impl Waiter {
    /// Called with the status just seen when it is not final yet.
    pub async fn tick(&mut self, cx: &Cx, status: &str) -> Result<(), StepError> {
        let elapsed = self.clock.now_ms().saturating_sub(self.start);
        cx.emit(Event::Waiting {
            step: cx.step.id.clone(),
            what: self.what.clone(),
            status: status.into(),
            elapsed_ms: elapsed,
        });
        if elapsed >= self.timeout_ms {
            return Err(StepError::Timeout {
                what: self.what.clone(),
                secs: elapsed / 1000,
                last: status.into(),
            });
        }
        self.clock.sleep_ms(self.interval_ms).await;
        self.interval_ms = (self.interval_ms * 3 / 2).min(5_000);
        Ok(())
    }
}
