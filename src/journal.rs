//! The journal: what was done, on disk, so that a stopped setup can resume.
//!
//! One JSON file in the state directory, written whole after every change through a temporary
//! file, fsync and rename, so a crash leaves either the old or the new version, never half.
//! Mutating calls are recorded before they are made (intent) and after (outcome). A kernel lock
//! on `journal.lock` keeps a second process out and is released when its holder dies.
//! The journal holds answers, ids and ARNs: never credentials.

use crate::answers::Answers;
use crate::cloud::{Op, Target};
use crate::fs::{CommitPoints, FileLock, LockError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub const VERSION: u32 = 1;
pub const FILE_NAME: &str = "journal.json";
const LOCK_NAME: &str = "journal.lock";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    Pending,
    Ready,
    Running,
    Done,
    Failed,
    RolledBack,
    Skipped,
    ManualPending,
    /// Done, but not by this journal: seen in place in the cloud, or handed over by the person
    /// who did it. Nothing of it is undone from here.
    DoneElsewhere,
}

impl StepState {
    /// The state in words, the same in the wizard's list, on its pages and in `tipwiz status`.
    pub fn word(self) -> &'static str {
        match self {
            Self::Pending | Self::Ready => "to do",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::RolledBack => "rolled back",
            Self::Skipped => "skipped",
            Self::ManualPending => "your turn",
            Self::DoneElsewhere => "done elsewhere",
        }
    }

    /// Done here or elsewhere: what depends on it may run.
    pub fn is_done(self) -> bool {
        matches!(self, Self::Done | Self::DoneElsewhere)
    }
}

/// What an undo waits for, before its call (a change still under way) or after it (the undo's
/// own change), so that the next undo finds the cloud settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitFor {
    /// The Region is gone from the instance's Regions.
    RegionRemoved { instance_arn: String, region: String },
    /// Identity Center's encryption is no longer UPDATING.
    EncryptionSettled { instance_arn: String },
    /// The Region is neither ADDING nor REMOVING.
    RegionSettled { instance_arn: String, region: String },
    /// The assignment deletion the undo started is done (its request id is in the undo's reply).
    AssignmentDeleted { instance_arn: String },
    /// The Redshift statement the undo sent has run (its id is in the undo's reply); one that
    /// failed because its object is already gone counts as done.
    StatementDone,
}

/// A call that undoes something the wizard did, recorded with the change (or, for a change that
/// cannot be undone by halves, before it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undo {
    pub target: Target,
    pub op: Op,
    /// Waited for after the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<WaitFor>,
    /// Waited for before the call: a change of the step may still be under way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<WaitFor>,
}

impl Undo {
    pub fn at(target: &Target, op: Op) -> Undo {
        Undo {
            target: target.clone(),
            op,
            wait: None,
            before: None,
        }
    }
    pub fn then_wait(mut self, w: WaitFor) -> Undo {
        self.wait = Some(w);
        self
    }
    pub fn after(mut self, w: WaitFor) -> Undo {
        self.before = Some(w);
        self
    }
}

/// A mutating call about to be made; cleared when its outcome is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    pub service: String,
    pub operation: String,
    pub at_ms: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    pub state: Option<StepState>,
    #[serde(default)]
    pub outputs: BTreeMap<String, String>,
    #[serde(default)]
    pub undo: Vec<Undo>,
    #[serde(default)]
    pub intents: Vec<Intent>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub attempts: u32,
    /// The step's inputs when it was done: a different value now means it may need applying again.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inputs: BTreeMap<String, String>,
    #[serde(default)]
    pub calls: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalData {
    pub version: u32,
    pub backend: String,
    pub answers: Answers,
    #[serde(default)]
    pub steps: BTreeMap<String, StepRecord>,
}

impl JournalData {
    pub fn state(&self, id: &str) -> StepState {
        self.steps.get(id).and_then(|r| r.state).unwrap_or(StepState::Pending)
    }
    pub fn output(&self, step: &str, key: &str) -> Option<String> {
        self.steps.get(step).and_then(|r| r.outputs.get(key)).cloned()
    }
    /// The inputs of a step that differ in `answers` from when it was done: (key, was, now).
    pub fn changed_inputs(&self, step: &str, answers: &crate::answers::Answers) -> Vec<(String, String, String)> {
        let Some(r) = self.steps.get(step) else { return vec![] };
        r.inputs
            .iter()
            .filter_map(|(k, was)| {
                let now = answers.get(k);
                (&now != was).then(|| (k.clone(), was.clone(), now))
            })
            .collect()
    }

    pub fn has_progress(&self) -> bool {
        self.steps
            .values()
            .any(|r| r.state.is_some_and(|s| s != StepState::Pending) || !r.undo.is_empty() || !r.intents.is_empty())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("{path} is not a tipwiz journal ({message}); it was left as it is. Move it away to start fresh.")]
    Corrupt { path: String, message: String },
    #[error(
        "{path} was written by a newer tipwiz (journal version {found}, this one reads {VERSION}); it was left as it is."
    )]
    TooNew { path: String, found: u32 },
    #[error("another tipwiz is working on {dir}: {holder}. Wait for it to finish, or stop it.")]
    Locked { dir: String, holder: String },
    #[error("cannot use the state directory {path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// Fault injection: the process died before this write.
    #[error("crash injected before a journal write")]
    Crashed,
}

/// Reads a journal file without taking the lock (for `status` and the resume prompt).
pub fn read(dir: &Path) -> Result<Option<JournalData>, JournalError> {
    let path = dir.join(FILE_NAME);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(JournalError::Io {
                path: path.display().to_string(),
                source,
            });
        }
    };
    parse(&bytes, &path).map(Some)
}

/// Parses journal bytes; never panics, whatever they hold.
pub fn parse(bytes: &[u8], path: &Path) -> Result<JournalData, JournalError> {
    let corrupt = |message: String| JournalError::Corrupt {
        path: path.display().to_string(),
        message,
    };
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string()))?;
    let version = value
        .get("version")
        .and_then(|v| v.as_u64())
        .ok_or_else(|| corrupt("no version number".into()))?;
    if version > VERSION as u64 {
        return Err(JournalError::TooNew {
            path: path.display().to_string(),
            found: version as u32,
        });
    }
    serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))
}

/// Takes the journal's lock: the kernel's, so it is atomic and dies with its holder.
fn take_lock(dir: &Path) -> Result<FileLock, JournalError> {
    let path = dir.join(LOCK_NAME);
    let me = serde_json::json!({
        "pid": std::process::id(),
        "host": std::env::var("HOSTNAME").unwrap_or_default(),
        "since_ms": crate::cloud::Clock::now_ms(&crate::cloud::RealClock),
    })
    .to_string();
    FileLock::try_take(&path, &me).map_err(|e| match e {
        LockError::Held { holder } => {
            let v: serde_json::Value = holder
                .as_deref()
                .and_then(|h| serde_json::from_str(h).ok())
                .unwrap_or_default();
            let who = match (
                v.get("pid").and_then(|p| p.as_u64()),
                v.get("host").and_then(|h| h.as_str()),
            ) {
                (Some(pid), Some(host)) if !host.is_empty() => format!("process {pid} on {host}"),
                (Some(pid), _) => format!("process {pid}"),
                _ => "a process".to_string(),
            };
            JournalError::Locked {
                dir: dir.display().to_string(),
                holder: format!("{who} holds {}", path.display()),
            }
        }
        LockError::Io(source) => JournalError::Io {
            path: path.display().to_string(),
            source,
        },
    })
}

/// The journal of one state directory, held for writing.
#[derive(Debug, Clone)]
pub struct Journal {
    inner: Arc<Mutex<JournalData>>,
    /// None for a scratch journal (dry runs): kept in memory only.
    path: Option<PathBuf>,
    /// fsync every write: for real accounts. A simulated cloud loses nothing to a power cut.
    durable: bool,
    _lock: Option<Arc<FileLock>>,
    /// Counts the writes, for crash injection.
    commits: Option<Arc<CommitPoints>>,
}

impl Journal {
    /// Opens (or creates) the journal in `dir`, taking the lock.
    pub fn open(dir: &Path, backend: &str, answers: &Answers) -> Result<Journal, JournalError> {
        crate::fs::create_private_dir(dir).map_err(|source| JournalError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let lock = take_lock(dir)?;
        crate::fs::sweep_temporaries(&dir.join(FILE_NAME));
        let data = match read(dir)? {
            Some(d) => d,
            None => JournalData {
                version: VERSION,
                backend: backend.to_string(),
                answers: answers.clone(),
                steps: BTreeMap::new(),
            },
        };
        let j = Journal {
            inner: Arc::new(Mutex::new(data)),
            path: Some(dir.join(FILE_NAME)),
            durable: backend != "sim",
            _lock: Some(Arc::new(lock)),
            commits: None,
        };
        j.save()?;
        Ok(j)
    }

    /// A journal in memory only, for dry runs: nothing is written, nothing is locked.
    pub fn scratch(data: JournalData) -> Journal {
        Journal {
            inner: Arc::new(Mutex::new(data)),
            path: None,
            durable: false,
            _lock: None,
            commits: None,
        }
    }

    fn save(&self) -> Result<(), JournalError> {
        let d = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        self.write(&d)
    }

    /// Counts this journal's writes with `commits` (shared with the simulated cloud's saves), which
    /// may inject a crash before one of them.
    pub fn with_commits(mut self, commits: Arc<CommitPoints>) -> Journal {
        self.commits = Some(commits);
        self
    }

    fn write(&self, d: &JournalData) -> Result<(), JournalError> {
        let Some(path) = &self.path else { return Ok(()) };
        if let Some(c) = &self.commits {
            c.next().map_err(|_| JournalError::Crashed)?;
        }
        let bytes = serde_json::to_vec_pretty(d).expect("journal data always serialises");
        crate::fs::write_atomic(path, &bytes, self.durable).map_err(|source| JournalError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// A copy of the whole journal.
    pub fn snapshot(&self) -> JournalData {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Reads from the journal in place: for one value, no copy of all of it.
    pub fn read<R>(&self, f: impl FnOnce(&JournalData) -> R) -> R {
        f(&self.inner.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Changes the journal and writes it to disk before returning.
    pub fn update<R>(&self, f: impl FnOnce(&mut JournalData) -> R) -> Result<R, JournalError> {
        // Written while still held, so the file always follows the order of the changes.
        let mut d = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let r = f(&mut d);
        self.write(&d)?;
        Ok(r)
    }

    pub fn step<R>(&self, id: &str, f: impl FnOnce(&mut StepRecord) -> R) -> Result<R, JournalError> {
        self.update(|d| f(d.steps.entry(id.to_string()).or_default()))
    }

    pub fn answers(&self) -> Answers {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).answers.clone()
    }

    /// Forgets every step (start fresh), keeping the answers.
    pub fn reset(&self) -> Result<(), JournalError> {
        self.update(|d| d.steps.clear())
    }
}
