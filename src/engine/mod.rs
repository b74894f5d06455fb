//! The engine: which step may run, running them (independent ones at once), rolling back a
//! failed step, resuming from the journal, and tearing everything down in a safe order.
//!
//! It knows nothing of screens: it reports through [`events`], and the TUI and line mode listen.

pub mod discover;
pub mod doctor;
mod elsewhere;
pub mod plan;

use crate::actions;
use crate::actions::cx::{CallReply, Cx, StepError};
use crate::answers::Answers;
use crate::catalog::{Catalog, Persona, Step};
use crate::cloud::{Cloud, CloudError, Op};
use crate::events::{Event, Sink};
use crate::journal::{Journal, JournalData, StepState, WaitFor};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Which steps a run covers and how it behaves.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub only: Option<Vec<String>>,
    pub persona: Option<Persona>,
    pub rollback_on_failure: bool,
    /// How many independent steps may run at once.
    pub jobs: usize,
    /// Manual steps confirmed for this run, on top of the answers' confirm_manual.
    pub confirmed: Vec<String>,
    /// Done steps to run again (their inputs changed since).
    pub reapply: Vec<String>,
    /// Whether dependencies outside the run are looked for in the cloud (done elsewhere).
    /// A plan, which plays each step alone, leaves it off.
    pub look_elsewhere: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            only: None,
            persona: None,
            rollback_on_failure: true,
            jobs: 4,
            reapply: vec![],
            look_elsewhere: true,
            confirmed: vec![],
        }
    }
}

/// How a run ended; each maps to an exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// A step failed (and was rolled back unless asked not to).
    Failed {
        step: String,
        error: String,
    },
    /// Stopped part-way: manual steps to confirm, or steps that need others first.
    Stopped {
        waiting: Vec<(String, String)>,
    },
    Interrupted,
    /// Fault injection ended the "process" (tests only; the binary exits instead).
    Crashed,
}

impl Outcome {
    pub fn exit_code(&self) -> i32 {
        match self {
            Outcome::Done => 0,
            Outcome::Failed { .. } => 1,
            Outcome::Stopped { .. } => 3,
            Outcome::Interrupted => 130,
            Outcome::Crashed => 137,
        }
    }
}

#[derive(Clone)]
pub struct Engine {
    pub catalog: Arc<Catalog>,
    pub cloud: Arc<dyn Cloud>,
    pub journal: Journal,
    sink: Option<Sink>,
    stop: Arc<AtomicBool>,
}

impl Engine {
    pub fn new(catalog: Arc<Catalog>, cloud: Arc<dyn Cloud>, journal: Journal, sink: Option<Sink>) -> Engine {
        Engine {
            catalog,
            cloud,
            journal,
            sink,
            stop: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Uses another stop flag (one shared with the engine the UI keeps).
    pub fn with_stop(mut self, stop: Arc<AtomicBool>) -> Engine {
        self.stop = stop;
        self
    }

    /// Asks the run to stop once the calls in flight are done (Ctrl-C).
    pub fn stop_handle(&self) -> Arc<AtomicBool> {
        self.stop.clone()
    }

    fn emit(&self, e: Event) {
        if let Some(s) = &self.sink {
            let _ = s.send(e);
        }
    }

    fn answers(&self) -> Arc<Answers> {
        Arc::new(self.journal.answers())
    }

    fn cx(&self, step: &Step, answers: &Arc<Answers>) -> Cx {
        Cx::new(
            Arc::new(step.clone()),
            answers.clone(),
            self.cloud.clone(),
            self.journal.clone(),
            self.sink.clone(),
        )
    }

    fn selected(&self, opts: &RunOptions) -> Vec<String> {
        self.catalog
            .steps()
            .iter()
            .filter(|s| opts.only.as_ref().is_none_or(|o| o.contains(&s.id)))
            .filter(|s| opts.persona.is_none_or(|p| s.persona == p))
            .map(|s| s.id.clone())
            .collect()
    }

    fn confirmed(&self, step: &Step, answers: &Answers, opts: &RunOptions) -> bool {
        answers.manual_confirmed(&step.id) || opts.confirmed.iter().any(|c| c == "all" || c == &step.id)
    }

    /// Runs the selected steps that are not done, in dependency order, resuming where a
    /// previous run stopped.
    pub async fn apply(&self, opts: &RunOptions) -> Outcome {
        let answers = self.answers();
        let selected = self.selected(opts);
        let confirmed = |id: &str| self.catalog.get(id).is_some_and(|s| self.confirmed(s, &answers, opts));
        let elsewhere = if opts.look_elsewhere {
            self.look_elsewhere(&selected, &answers, &confirmed).await
        } else {
            Default::default()
        };
        let mut running = tokio::task::JoinSet::new();
        let mut in_flight: BTreeSet<String> = BTreeSet::new();
        let mut blocked: Vec<(String, String)> = Vec::new();
        let mut failure: Option<(String, String)> = None;
        let mut ran: BTreeSet<String> = BTreeSet::new();
        loop {
            let data = self.journal.snapshot();
            if failure.is_none() && !self.stop.load(Ordering::SeqCst) {
                for id in &selected {
                    if in_flight.len() >= opts.jobs.max(1) {
                        break;
                    }
                    let step = self.catalog.get(id).expect("selected from the catalog");
                    // A done step runs again once when asked to (its inputs changed since).
                    let again = opts.reapply.contains(id) && !ran.contains(id);
                    if in_flight.contains(id)
                        || (data.state(id).is_done() && !again)
                        || blocked.iter().any(|(b, _)| b == id)
                    {
                        continue;
                    }
                    let deps_done = step.depends.iter().all(|d| data.state(d).is_done());
                    if !deps_done {
                        continue;
                    }
                    if step.needs_confirmation() && !self.confirmed(step, &answers, opts) {
                        if let Err(e) = self.journal.step(id, |r| r.state = Some(StepState::ManualPending)) {
                            return self.finish(Outcome::Failed {
                                step: id.clone(),
                                error: e.to_string(),
                            });
                        }
                        self.emit(Event::StepFinished {
                            step: id.clone(),
                            state: StepState::ManualPending,
                            error: None,
                        });
                        blocked.push((id.clone(), manual_instructions(step, &answers, &data)));
                        continue;
                    }
                    in_flight.insert(id.clone());
                    ran.insert(id.clone());
                    let cx = self.cx(step, &answers);
                    let engine = self.clone();
                    running.spawn(async move {
                        let r = engine.run_step(&cx).await;
                        (cx.step.id.clone(), r)
                    });
                }
            }
            let Some(joined) = running.join_next().await else { break };
            let (id, result) = match joined {
                Ok(x) => x,
                Err(e) => {
                    return self.finish(Outcome::Failed {
                        step: "?".into(),
                        error: format!("a step task ended abnormally: {e}"),
                    });
                }
            };
            in_flight.remove(&id);
            match result {
                Ok(()) => {}
                Err(StepError::Crashed) => {
                    running.abort_all();
                    return Outcome::Crashed;
                }
                Err(e) => {
                    let error = e.to_string();
                    if opts.rollback_on_failure
                        && let Err(StepError::Crashed) = self.rollback_one(&id).await
                    {
                        running.abort_all();
                        return Outcome::Crashed;
                    }
                    if failure.is_none() {
                        failure = Some((id, error));
                    }
                }
            }
        }
        if let Some((step, error)) = failure {
            return self.finish(Outcome::Failed { step, error });
        }
        if self.stop.load(Ordering::SeqCst) {
            return self.finish(Outcome::Interrupted);
        }
        let data = self.journal.snapshot();
        let mut waiting = blocked;
        for id in &selected {
            if !data.state(id).is_done() && !waiting.iter().any(|(w, _)| w == id) {
                let step = self.catalog.get(id).expect("selected");
                let missing: Vec<&String> = step.depends.iter().filter(|d| !data.state(d).is_done()).collect();
                let why = if missing.iter().any(|m| !selected.contains(m)) {
                    let outside: Vec<String> = missing
                        .iter()
                        .filter(|m| !selected.contains(m))
                        .map(|m| {
                            elsewhere
                                .get(m.as_str())
                                .cloned()
                                .unwrap_or_else(|| format!("needs {m} first (not part of this run)"))
                        })
                        .collect();
                    outside.join("; ")
                } else {
                    format!(
                        "waits for {}",
                        missing.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ")
                    )
                };
                waiting.push((id.clone(), why));
            }
        }
        if waiting.is_empty() {
            self.finish(Outcome::Done)
        } else {
            self.finish(Outcome::Stopped { waiting })
        }
    }

    fn finish(&self, o: Outcome) -> Outcome {
        let summary = match &o {
            Outcome::Done => "all selected steps are done".to_string(),
            Outcome::Failed { step, error } => format!("{step} failed: {error}"),
            Outcome::Stopped { waiting } => format!("stopped: {} step(s) wait", waiting.len()),
            Outcome::Interrupted => "interrupted; the journal is saved, run apply again to resume".into(),
            Outcome::Crashed => "crashed".into(),
        };
        self.emit(Event::RunFinished { summary });
        o
    }

    async fn run_step(&self, cx: &Cx) -> Result<(), StepError> {
        let id = cx.step.id.clone();
        self.journal.step(&id, |r| {
            r.state = Some(StepState::Running);
            r.attempts += 1;
            r.error = None;
        })?;
        self.emit(Event::StepStarted { step: id.clone() });
        let action = actions::action(&cx.step.action).expect("the catalog checks action ids");
        let result = async {
            action.apply(cx).await?;
            action.verify(cx).await
        }
        .await;
        match &result {
            Err(StepError::Crashed) => return result,
            Ok(()) => {
                let inputs = cx
                    .step
                    .fields
                    .iter()
                    .map(|f| (f.key.clone(), cx.answer(&f.key)))
                    .collect();
                self.journal.step(&id, |r| {
                    r.state = Some(StepState::Done);
                    r.intents.clear();
                    r.inputs = inputs;
                })?;
                self.emit(Event::StepFinished {
                    step: id,
                    state: StepState::Done,
                    error: None,
                });
            }
            Err(e) => {
                let msg = e.to_string();
                self.journal.step(&id, |r| {
                    r.state = Some(StepState::Failed);
                    r.error = Some(msg.clone());
                })?;
                self.emit(Event::StepFinished {
                    step: id,
                    state: StepState::Failed,
                    error: Some(msg),
                });
            }
        }
        result
    }

    /// Undoes one step's recorded changes, newest first. A change already gone counts as undone;
    /// a change still under way is waited for first.
    async fn rollback_one(&self, id: &str) -> Result<(), StepError> {
        let step = self
            .catalog
            .get(id)
            .ok_or_else(|| StepError::check(format!("unknown step {id}")))?
            .clone();
        let cx = self.cx(&step, &self.answers());
        self.emit(Event::RollbackStarted { step: id.to_string() });
        loop {
            let next = self
                .journal
                .read(|d| d.steps.get(id).and_then(|r| r.undo.last().cloned()));
            let Some(undo) = next else { break };
            let result = async {
                if let Some(w) = &undo.before {
                    wait_for(&cx, &undo.target, w, None).await?;
                }
                let reply = match cx.call_at(&undo.target, undo.op.clone()).await {
                    Ok(r) => Some(r),
                    Err(StepError::Cloud {
                        error: CloudError::NotFound { .. },
                        ..
                    }) => None,
                    Err(e) => return Err(e),
                };
                if let (Some(w), Some(reply)) = (&undo.wait, reply) {
                    wait_for(&cx, &undo.target, w, Some(reply)).await?;
                }
                Ok(())
            }
            .await;
            match result {
                Ok(()) => {}
                Err(StepError::Crashed) => return Err(StepError::Crashed),
                Err(e) => {
                    let left = actions::explain_undo_failure(&cx, &undo).await;
                    let msg = format!("could not undo with {}: {e}{left}", undo.op.name());
                    self.journal.step(id, |r| {
                        r.state = Some(StepState::Failed);
                        r.error = Some(msg.clone());
                    })?;
                    self.emit(Event::RollbackFinished {
                        step: id.to_string(),
                        ok: false,
                        error: Some(msg.clone()),
                    });
                    return Err(StepError::check(msg));
                }
            }
            self.journal.step(id, |r| {
                r.undo.pop();
            })?;
        }
        self.journal.step(id, |r| {
            r.state = Some(StepState::RolledBack);
            r.outputs.clear();
            r.intents.clear();
        })?;
        self.emit(Event::RollbackFinished {
            step: id.to_string(),
            ok: true,
            error: None,
        });
        Ok(())
    }

    /// Rolls back a step, and first every step that depends on it and has something to undo.
    pub async fn rollback(&self, id: &str) -> Result<Vec<String>, StepError> {
        let mut order: Vec<String> = self.catalog.descendants(id);
        order.push(id.to_string());
        self.rollback_in_order(order).await
    }

    /// Undoes everything, in reverse dependency order: later steps first, so the Region is removed
    /// and Identity Center is off the key before any key deletion is scheduled.
    pub async fn teardown(&self) -> Result<Vec<String>, StepError> {
        let order: Vec<String> = self.catalog.steps().iter().map(|s| s.id.clone()).collect();
        self.rollback_in_order(order).await
    }

    async fn rollback_in_order(&self, mut order: Vec<String>) -> Result<Vec<String>, StepError> {
        let positions = |id: &String| self.catalog.position(id).unwrap_or(0);
        order.sort_by_key(|id| std::cmp::Reverse(positions(id)));
        let mut done = Vec::new();
        for id in order {
            let data = self.journal.snapshot();
            let touched = data.steps.get(&id).is_some_and(|r| {
                !r.undo.is_empty()
                    || r.state
                        .is_some_and(|s| s != StepState::Pending && s != StepState::RolledBack)
            });
            if !touched {
                continue;
            }
            self.rollback_one(&id).await?;
            done.push(id);
        }
        Ok(done)
    }

    /// Re-checks one step read-only.
    pub async fn verify_step(&self, id: &str) -> Result<(), StepError> {
        let step = self
            .catalog
            .get(id)
            .ok_or_else(|| StepError::check(format!("unknown step {id}")))?;
        let cx = self.cx(step, &self.answers());
        actions::action(&step.action).expect("checked ids").verify(&cx).await
    }

    /// Re-checks every done step read-only; returns the steps whose resources drifted, with why.
    pub async fn drift(&self) -> Vec<(String, String)> {
        let answers = self.answers();
        let data = self.journal.snapshot();
        let mut out = Vec::new();
        for step in self.catalog.steps() {
            if !data.state(&step.id).is_done() {
                continue;
            }
            let cx = self.cx(step, &answers);
            let action = actions::action(&step.action).expect("checked ids");
            if let Err(e) = action.verify(&cx).await {
                out.push((step.id.clone(), e.to_string()));
            }
        }
        out
    }
}

/// Waits until what `w` names has settled; `reply` is the undo call's reply, for the waits
/// that follow the change it started.
async fn wait_for(
    cx: &Cx,
    target: &crate::cloud::Target,
    w: &WaitFor,
    reply: Option<CallReply>,
) -> Result<(), StepError> {
    let what = match w {
        WaitFor::RegionRemoved { region, .. } => format!("Region {region} to be removed"),
        WaitFor::EncryptionSettled { .. } => "the encryption change".to_string(),
        WaitFor::RegionSettled { region, .. } => format!("Region {region} to settle"),
        WaitFor::AssignmentDeleted { .. } => "the assignment's deletion".to_string(),
        WaitFor::StatementDone => "the Redshift statement".to_string(),
    };
    let mut waiter = cx.waiter(what, 60 * 60_000);
    // The id the undo's reply carries, for the waits that poll the change it started.
    let started = match (w, reply) {
        (WaitFor::AssignmentDeleted { .. }, Some(r)) => Some(r.assignment()?.request_id),
        (WaitFor::StatementDone, Some(r)) => Some(r.id()?),
        _ => None,
    };
    loop {
        let status = match w {
            WaitFor::RegionRemoved { instance_arn, region } | WaitFor::RegionSettled { instance_arn, region } => {
                // Gone once it no longer appears among the instance's Regions.
                let regions = cx
                    .call_at(
                        target,
                        Op::ListRegions {
                            instance_arn: instance_arn.clone(),
                        },
                    )
                    .await?
                    .regions()?;
                match regions.into_iter().find(|(r, _)| r == region) {
                    None => return Ok(()),
                    Some((_, s)) if matches!(w, WaitFor::RegionSettled { .. }) && s == "ACTIVE" => return Ok(()),
                    Some((_, s)) => s,
                }
            }
            WaitFor::EncryptionSettled { instance_arn } => {
                let d = cx
                    .call_at(
                        target,
                        Op::DescribeInstance {
                            instance_arn: instance_arn.clone(),
                        },
                    )
                    .await?
                    .instance()?;
                if d.encryption_status != "UPDATING" {
                    return Ok(());
                }
                d.encryption_status
            }
            WaitFor::AssignmentDeleted { instance_arn } => {
                let Some(request_id) = &started else { return Ok(()) };
                let s = cx
                    .call_at(
                        target,
                        Op::DescribeAccountAssignmentDeletionStatus {
                            instance_arn: instance_arn.clone(),
                            request_id: request_id.clone(),
                        },
                    )
                    .await?
                    .assignment()?;
                match s.status.as_str() {
                    "SUCCEEDED" => return Ok(()),
                    "FAILED" => {
                        return Err(StepError::check(format!(
                            "the assignment's deletion failed: {}",
                            s.reason.unwrap_or_else(|| "no reason given".into())
                        )));
                    }
                    other => other.to_string(),
                }
            }
            WaitFor::StatementDone => {
                let Some(id) = &started else { return Ok(()) };
                let q = cx
                    .call_at(target, Op::DescribeStatement { id: id.clone() })
                    .await?
                    .query()?;
                match q.state.as_str() {
                    "FINISHED" => return Ok(()),
                    "FAILED" | "ABORTED" => {
                        let reason = q.reason.unwrap_or_default();
                        // Undo statements run after a failure too: what they drop may never
                        // have been made.
                        if reason.contains("does not exist") {
                            return Ok(());
                        }
                        return Err(StepError::check(format!(
                            "Redshift refused the undo statement: {reason}"
                        )));
                    }
                    other => other.to_string(),
                }
            }
        };
        waiter.tick(cx, &status).await?;
    }
}

/// What a person must do for a manual step, with every answer and known id filled in.
pub fn manual_instructions(step: &Step, answers: &Answers, data: &JournalData) -> String {
    let mut lines = vec![format!("{}: {}", step.id, step.title)];
    for (i, item) in step.checklist.iter().enumerate() {
        lines.push(format!("  {}. {}", i + 1, answers.fill(item)));
    }
    if step.id == "ethan.sign-in"
        && let Some(url) = data.output("alice.idc-add-region", "portal_url")
    {
        lines.push(format!("  portal: {url}"));
    }
    if let Some(sql) = actions::sql_for(&step.id, answers) {
        lines.push("  SQL to run as Ethan in Query Editor v2:".into());
        for l in sql.lines() {
            lines.push(format!("    {l}"));
        }
    }
    lines.push(format!("  When done: tipwiz apply --confirm-manual {}", step.id));
    lines.join("\n")
}
