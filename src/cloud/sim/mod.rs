//! The simulated cloud: the port's semantics in memory, for demos, workshops and tests.
//!
//! It keeps the behaviour that the walkthrough's pitfalls are about (Lake Formation's
//! IAMAllowedPrincipals defaults and whole-object settings, replica keys without their policy,
//! Identity Center's slow Region and encryption changes, credential vending with the registered
//! role, grants deciding the analyst's access, CloudTrail events on his behalf). Its state is
//! saved after every change, beside the journal or in a file several state directories share,
//! so separate `tipwiz` runs, and several people, see the same cloud.
//! Generated ids are derived from names, so two runs that create the same things compare equal.

mod access;
mod ops;
mod state;

use super::{Clock, Cloud, CloudError, Op, RealClock, Reply, Target, VirtualClock};
use crate::fs::CommitPoints;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use state::{SimState, Timed};

/// Who and what the simulated organisation starts with.
#[derive(Debug, Clone)]
pub struct Seed {
    pub management_account: String,
    pub analytics_account: String,
    pub primary_region: String,
    pub secondary_region: String,
    pub group_name: String,
    pub analyst_user: String,
    pub cluster_id: String,
    pub admin_role_arn: String,
    /// Named profiles and the account their credentials belong to.
    pub profiles: Vec<(String, String)>,
}

/// How long the simulated asynchronous changes take, and how long each call takes.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// ADDING -> ACTIVE, UPDATING -> ENABLED and the like.
    pub transition_ms: u64,
    /// Added to every call (TIPWIZ_SIM_LATENCY_MS).
    pub latency_ms: u64,
    /// Virtual time (tests, non-interactive runs) or wall-clock time (the demo).
    pub virtual_time: bool,
}

impl Timing {
    /// Instant: virtual time, no latency. Waits still pass through their states.
    pub fn instant() -> Timing {
        Timing {
            transition_ms: 30_000,
            latency_ms: 0,
            virtual_time: true,
        }
    }
    /// For a room watching the demo: real but short waits.
    pub fn live() -> Timing {
        Timing {
            transition_ms: 4_000,
            latency_ms: 150,
            virtual_time: false,
        }
    }
    /// Reads TIPWIZ_SIM_LATENCY_MS on top of a base timing.
    pub fn with_env(mut self) -> Timing {
        if let Some(ms) = std::env::var("TIPWIZ_SIM_LATENCY_MS").ok().and_then(|v| v.parse().ok()) {
            self.latency_ms = ms;
        }
        self
    }
}

pub struct SimCloud {
    state: Mutex<Held>,
    file: Option<SimFile>,
    clock: Arc<dyn Clock>,
    /// The same clock when it is virtual, to move it forward to a shared file's time.
    virtual_clock: Option<Arc<VirtualClock>>,
    timing: Timing,
}

/// The state in memory and the bytes it was last read from or written as: a file whose bytes
/// differ was changed by another process and is read again.
struct Held {
    state: SimState,
    bytes: Vec<u8>,
}

/// Where a shared simulated cloud lives, and the commits its saves count towards.
struct SimFile {
    path: PathBuf,
    lock_path: PathBuf,
    commits: Arc<CommitPoints>,
}

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("cannot read the simulated cloud at {path}: {message}")]
    Read { path: String, message: String },
    #[error("cannot save the simulated cloud at {path}: {message}")]
    Write { path: String, message: String },
    #[error(
        "the simulated cloud {path} is missing, but the journal beside it records progress: the resources it \
         lists would be lost. Restore the file, or start over with a new --state directory"
    )]
    Missing { path: String },
}

/// What to do when the file does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenMissing {
    /// Seed a fresh organisation there.
    Seed,
    /// Refuse: a journal with progress refers to resources that file held.
    Refuse,
}

pub const FILE_NAME: &str = "sim-cloud.json";

impl SimCloud {
    /// A fresh organisation in memory, not saved anywhere.
    pub fn new(seed: &Seed, timing: Timing) -> SimCloud {
        Self::in_memory(SimState::seeded(seed), timing)
    }

    fn in_memory(state: SimState, timing: Timing) -> SimCloud {
        let (clock, virtual_clock) = clock_for(&state, timing);
        SimCloud {
            state: Mutex::new(Held { state, bytes: vec![] }),
            file: None,
            clock,
            virtual_clock,
            timing,
        }
    }

    /// The simulated cloud saved at `path`, shared with every process that opens the same file:
    /// each call takes the file's lock, reads the file again if another process changed it,
    /// and saves the change before letting go, so calls from several processes land one after
    /// the other, as they do in a real account.
    pub fn open(path: &Path, seed: &Seed, timing: Timing, missing: WhenMissing) -> Result<SimCloud, SimError> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        crate::fs::create_private_dir(dir).map_err(|e| SimError::Write {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?;
        let file = SimFile {
            path: path.to_path_buf(),
            lock_path: lock_path(path),
            commits: CommitPoints::counting(),
        };
        let lock = file.lock()?;
        crate::fs::sweep_temporaries(path);
        let loaded = match read_state(path)? {
            Some(held) => held,
            None if missing == WhenMissing::Refuse => {
                return Err(SimError::Missing {
                    path: path.display().to_string(),
                });
            }
            None => Held {
                state: SimState::seeded(seed),
                bytes: vec![],
            },
        };
        let (clock, virtual_clock) = clock_for(&loaded.state, timing);
        let sim = SimCloud {
            state: Mutex::new(loaded),
            file: Some(file),
            clock,
            virtual_clock,
            timing,
        };
        if sim.lock().bytes.is_empty() {
            let mut held = sim.lock();
            sim.save(&mut held).map_err(|message| SimError::Write {
                path: path.display().to_string(),
                message,
            })?;
        }
        drop(lock);
        Ok(sim)
    }

    /// A copy of the cloud at `path` (or a fresh organisation where there is none) that never
    /// writes: for plan, export and status, which must not change what an apply saved.
    pub fn read_only(path: &Path, seed: &Seed, timing: Timing) -> Result<SimCloud, SimError> {
        let state = read_state(path)?.map_or_else(|| SimState::seeded(seed), |h| h.state);
        Ok(Self::in_memory(state, timing))
    }

    /// Counts this cloud's saves with `commits`, shared with the journal, so that a crash can be
    /// injected before any write of either.
    pub fn with_commits(mut self, commits: Arc<CommitPoints>) -> SimCloud {
        if let Some(f) = &mut self.file {
            f.commits = commits;
        }
        self
    }

    /// An in-memory copy, for dry runs (plan, export) that must not touch this one.
    pub fn scratch_copy(&self) -> SimCloud {
        let state = self.current().state.clone();
        Self::in_memory(state, Timing::instant())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Held> {
        // A panic while holding the lock leaves consistent data: every op edits the state only
        // after its checks. Keep going rather than poison every later call.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The state, read again from the file if another process changed it.
    fn current(&self) -> std::sync::MutexGuard<'_, Held> {
        let mut held = self.lock();
        if let Some(f) = &self.file
            && let Ok(bytes) = std::fs::read(&f.path)
            && bytes != held.bytes
            && let Ok(state) = serde_json::from_slice::<SimState>(&bytes)
        {
            if let Some(v) = &self.virtual_clock {
                v.advance_to(state.clock_ms);
            }
            *held = Held { state, bytes };
        }
        held
    }

    /// Writes the state if it changed (the virtual clock included: what a wait saw settle
    /// stays settled for the next process). Call with the file's lock held.
    fn save(&self, held: &mut Held) -> Result<(), String> {
        let Some(f) = &self.file else { return Ok(()) };
        if self.timing.virtual_time {
            held.state.clock_ms = held.state.clock_ms.max(self.clock.now_ms());
        }
        let bytes = serde_json::to_vec_pretty(&held.state).map_err(|e| e.to_string())?;
        if bytes == held.bytes {
            return Ok(());
        }
        f.commits
            .next()
            .map_err(|_| "the process crashed (injected) before saving".to_string())?;
        crate::fs::write_atomic(&f.path, &bytes, false).map_err(|e| e.to_string())?;
        held.bytes = bytes;
        Ok(())
    }

    /// Runs `f` on the current state under the file's lock and saves what it changed.
    fn change<R>(&self, f: impl FnOnce(&mut SimState) -> R) -> Result<R, String> {
        let _flock = match &self.file {
            Some(file) => Some(file.lock().map_err(|e| e.to_string())?),
            None => None,
        };
        let mut held = self.current();
        let r = f(&mut held.state);
        self.save(&mut held)?;
        Ok(r)
    }

    /// The resources that exist now, without logs, timers or deleted keys: two clouds
    /// holding the same things give equal dumps.
    pub fn dump(&self) -> serde_json::Value {
        let now = self.clock.now_ms();
        self.current().state.dump(now)
    }

    /// How many resources of each kind exist, for duplicate checks.
    pub fn counts(&self) -> std::collections::BTreeMap<String, usize> {
        let now = self.clock.now_ms();
        self.current().state.counts(now)
    }

    /// CloudTrail events the simulated services wrote, in every account and Region.
    pub fn all_events(&self) -> Vec<super::TrailEvent> {
        self.current().state.events.values().flatten().cloned().collect()
    }

    /// Starts over with a freshly seeded organisation (the demo's "start fresh").
    pub fn reset(&self, seed: &Seed) -> Result<(), SimError> {
        let now = self.clock.now_ms();
        self.change(|st| {
            let mut fresh = SimState::seeded(seed);
            fresh.clock_ms = now.max(fresh.clock_ms);
            *st = fresh;
        })
        .map_err(|message| self.write_error(message))
    }

    /// Edits the state directly (tests use this to set up drift or a bad registration).
    pub fn with_state<R>(&self, f: impl FnOnce(&mut SimState) -> R) -> R {
        let mut out = None;
        let saved = self.change(|st| out = Some(f(st)));
        if let Err(e) = saved {
            tracing::warn!("simulated cloud not saved: {e}");
        }
        out.expect("the edit ran")
    }

    fn write_error(&self, message: String) -> SimError {
        SimError::Write {
            path: self
                .file
                .as_ref()
                .map(|f| f.path.display().to_string())
                .unwrap_or_default(),
            message,
        }
    }
}

impl SimFile {
    fn lock(&self) -> Result<crate::fs::FileLock, SimError> {
        crate::fs::FileLock::take(&self.lock_path).map_err(|e| SimError::Write {
            path: self.lock_path.display().to_string(),
            message: e.to_string(),
        })
    }
}

fn lock_path(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or(FILE_NAME);
    path.with_file_name(format!(".{name}.lock"))
}

fn read_state(path: &Path) -> Result<Option<Held>, SimError> {
    let read_error = |message: String| SimError::Read {
        path: path.display().to_string(),
        message,
    };
    match std::fs::read(path) {
        Ok(bytes) => {
            let state = serde_json::from_slice(&bytes).map_err(|e| read_error(e.to_string()))?;
            Ok(Some(Held { state, bytes }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(read_error(e.to_string())),
    }
}

fn clock_for(state: &SimState, timing: Timing) -> (Arc<dyn Clock>, Option<Arc<VirtualClock>>) {
    if timing.virtual_time {
        // Never behind the wall clock: changes a demo (real time) started must be seen as due
        // by a later run on virtual time, not months away.
        let v = Arc::new(VirtualClock::new(state.clock_ms.max(RealClock.now_ms())));
        (v.clone(), Some(v))
    } else {
        (Arc::new(RealClock), None)
    }
}

#[async_trait::async_trait]
impl Cloud for SimCloud {
    async fn call(&self, target: &Target, op: &Op) -> Result<Reply, CloudError> {
        // Real time even on a virtual clock: the latency is for people watching a run.
        if self.timing.latency_ms > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(self.timing.latency_ms)).await;
        }
        let transition_ms = self.timing.transition_ms;
        let now = self.clock.now_ms();
        // Every call is saved when it changed anything, reads included: a read can settle a
        // change in progress, and the analyst's queries leave files and CloudTrail events.
        let outcome = self.change(|st| {
            // Credentials belong to one account, and a call made with them acts in that account
            // (IAM User Guide, "Cross-account resource access in IAM": another account is
            // reached by assuming a role in it). The sim refuses a call meant for another
            // account instead of answering from the wrong one, a simplification that keeps a
            // wrong profile from passing for the right one. GetCallerIdentity needs no
            // permission and names the credentials' own account (STS API reference,
            // GetCallerIdentity), which is how a preflight tells which profile is wrong.
            if let Some(p) = &target.profile
                && let Some(owner) = st.profiles.get(p)
                && owner != &target.account_id
            {
                if matches!(op, Op::GetCallerIdentity) {
                    let owner = owner.clone();
                    let at = Target {
                        account_id: owner,
                        ..target.clone()
                    };
                    return ops::apply(st, &at, op, now.max(st.clock_ms), transition_ms);
                }
                return Err(CloudError::AccessDenied {
                    op: op.name().into(),
                    message: format!(
                        "the credentials of profile {p} are for account {owner}, not {}",
                        target.account_id
                    ),
                });
            }
            let now = now.max(st.clock_ms);
            st.settle(now);
            ops::apply(st, target, op, now, transition_ms)
        });
        match outcome {
            Ok(result) => result,
            Err(_) if self.file.as_ref().is_some_and(|f| f.commits.crashed()) => {
                Err(CloudError::Crashed { op: op.name().into() })
            }
            Err(message) => Err(CloudError::Other {
                op: op.name().into(),
                message,
            }),
        }
    }

    fn name(&self) -> &'static str {
        "sim"
    }

    fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }
}

/// A request id in AWS's form (a lowercase UUID, as Identity Center's request ids and Redshift
/// Data's statement ids must be), stable for the same parts.
pub(crate) fn uuid(parts: &[&str]) -> String {
    let h = hash_hex(parts, 32);
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// A short stable id from text: the same names give the same ids in every run.
pub(crate) fn hash_hex(parts: &[&str], len: usize) -> String {
    let mut out = String::new();
    let mut seed: u64 = 0xcbf2_9ce4_8422_2325;
    while out.len() < len {
        let mut h = seed;
        for p in parts {
            for b in p.bytes().chain(std::iter::once(0)) {
                h ^= b as u64;
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        out.push_str(&format!("{h:016x}"));
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    }
    out.truncate(len);
    out
}
