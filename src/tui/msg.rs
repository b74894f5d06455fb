//! What flows through the wizard: messages in (keys, engine events, the journal, the terminal's
//! size), commands out (what the runner carries out), and how a message to the person is meant.

use crate::answers::Answers;
use crate::events::Event;
use crate::journal::JournalData;
use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Engine(Event),
    /// The journal as the engine left it (after a batch of events, or at start).
    Journal(Box<JournalData>),
    /// A run of the engine ended, with its summary and exit code.
    RunDone {
        summary: String,
        code: i32,
    },
    Tick {
        now_ms: u64,
    },
    /// The terminal's size, at start and whenever it changes.
    Resize {
        width: u16,
        height: u16,
    },
    /// What the account has, step by step (doctor's reading), with no journal needed.
    Findings(Vec<crate::engine::doctor::Finding>),
    /// What the account offers for an input (Ctrl-O), or why it could not be read.
    Choices {
        key: String,
        result: Result<Vec<(String, String)>, String>,
    },
}

/// What the runner must do; the model never does it itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    Apply {
        steps: Vec<String>,
        confirmed: Vec<String>,
        reapply: Vec<String>,
    },
    Rollback {
        step: String,
    },
    Teardown,
    SaveAnswers(Box<Answers>),
    Copy(String),
    StartFresh,
    StopAfterCall,
    /// Read the account step by step (read-only): what is in place, what is wrong.
    Doctor,
    /// Read from the account the values it offers for an input.
    Discover {
        key: String,
    },
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Ok,
    Error,
}
