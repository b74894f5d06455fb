//! What the engine tells the screen and the line printer. Events only flow out of the engine.

use crate::journal::StepState;

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    StepStarted {
        step: String,
    },
    CallStarted {
        step: String,
        call: u64,
        service: &'static str,
        operation: &'static str,
        region: String,
        mutating: bool,
    },
    CallFinished {
        step: String,
        call: u64,
        service: &'static str,
        operation: &'static str,
        /// ok, adopted (already there), not found, or the error
        outcome: String,
        ok: bool,
        ms: u64,
    },
    /// A call AWS turned away for now (throttled, a conflicting change in flight, a role IAM
    /// has not spread yet) is made again after a pause: each retry is one more call.
    Retrying {
        step: String,
        call: u64,
        operation: &'static str,
        reason: String,
        after_ms: u64,
    },
    /// A waiter's status: what it waits for, the state seen, and for how long.
    Waiting {
        step: String,
        what: String,
        status: String,
        elapsed_ms: u64,
    },
    Note {
        step: String,
        message: String,
    },
    StepFinished {
        step: String,
        state: StepState,
        error: Option<String>,
    },
    RollbackStarted {
        step: String,
    },
    RollbackFinished {
        step: String,
        ok: bool,
        error: Option<String>,
    },
    RunFinished {
        summary: String,
    },
}

pub type Sink = tokio::sync::mpsc::UnboundedSender<Event>;

/// Formats an event as one line for line mode and logs. None for events lines leave out.
pub fn line(e: &Event) -> Option<String> {
    match e {
        Event::StepStarted { step } => Some(format!("{step:<24} started")),
        Event::CallStarted { .. } => None,
        Event::CallFinished {
            step,
            service,
            operation,
            outcome,
            ms,
            ..
        } => Some(format!(
            "{step:<24} {service:<14} {operation:<40} {outcome:<10} {ms} ms"
        )),
        Event::Waiting {
            step,
            what,
            status,
            elapsed_ms,
        } => Some(format!(
            "{step:<24} waiting for {what}: {status}, {} s",
            elapsed_ms / 1000
        )),
        Event::Retrying {
            step,
            operation,
            reason,
            after_ms,
            ..
        } => Some(format!(
            "{step:<24} {operation} {reason}; trying again in {:.1} s",
            *after_ms as f64 / 1000.0
        )),
        Event::Note { step, message } => Some(format!("{step:<24} {message}")),
        Event::StepFinished { step, state, error } => Some(match error {
            Some(e) => format!("{step:<24} {}: {e}", state.word()),
            None => format!("{step:<24} {}", state.word()),
        }),
        Event::RollbackStarted { step } => Some(format!("{step:<24} rolling back")),
        Event::RollbackFinished { step, ok, error } => Some(match (ok, error) {
            (true, _) => format!("{step:<24} rolled back"),
            (false, Some(e)) => format!("{step:<24} rollback incomplete: {e}"),
            (false, None) => format!("{step:<24} rollback incomplete"),
        }),
        Event::RunFinished { summary } => Some(summary.clone()),
    }
}
