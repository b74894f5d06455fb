//! The simulated cloud: the port's semantics in memory, for demos, workshops and tests.
//!
//! It keeps the behaviour that the walkthrough's pitfalls are about (Lake Formation's
//! IAMAllowedPrincipals defaults and whole-object settings, replica keys without their policy,
//! Identity Center's slow Region and encryption changes, credential vending with the registered
//! role, grants deciding the analyst's access, CloudTrail events on his behalf). Its state is
//! saved beside the journal after every change, so separate `tipwiz` runs see the same cloud.
//! Generated ids are derived from names, so two runs that create the same things compare equal.

mod access;
mod ops;
mod state;

use super::{Clock, Cloud, CloudError, Op, RealClock, Reply, Target, VirtualClock};
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
    state: Mutex<SimState>,
    path: Option<PathBuf>,
    clock: Arc<dyn Clock>,
    timing: Timing,
}

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("cannot read the simulated cloud at {path}: {message}")]
    Read { path: String, message: String },
    #[error("cannot save the simulated cloud at {path}: {message}")]
    Write { path: String, message: String },
}

pub const FILE_NAME: &str = "sim-cloud.json";

impl SimCloud {
    /// A fresh organisation in memory, not saved anywhere.
    pub fn new(seed: &Seed, timing: Timing) -> SimCloud {
        Self::from_state(SimState::seeded(seed), None, timing)
    }

    /// The simulated cloud saved in `dir`, or a fresh one seeded there.
    pub fn open(dir: &Path, seed: &Seed, timing: Timing) -> Result<SimCloud, SimError> {
        std::fs::create_dir_all(dir).map_err(|e| SimError::Write {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?;
        let path = dir.join(FILE_NAME);
        let state = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| SimError::Read {
                path: path.display().to_string(),
                message: e.to_string(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => SimState::seeded(seed),
            Err(e) => {
                return Err(SimError::Read {
                    path: path.display().to_string(),
                    message: e.to_string(),
                });
            }
        };
        let sim = Self::from_state(state, Some(path), timing);
        sim.save().map_err(|message| SimError::Write {
            path: dir.display().to_string(),
            message,
        })?;
        Ok(sim)
    }

    fn from_state(state: SimState, path: Option<PathBuf>, timing: Timing) -> SimCloud {
        let clock: Arc<dyn Clock> = if timing.virtual_time {
            // Never behind the wall clock: changes a demo (real time) started must be seen as
            // due by a later run on virtual time, not months away.
            Arc::new(VirtualClock::new(state.clock_ms.max(RealClock.now_ms())))
        } else {
            Arc::new(RealClock)
        };
        SimCloud {
            state: Mutex::new(state),
            path,
            clock,
            timing,
        }
    }

    /// An in-memory copy, for dry runs (plan, export) that must not touch this one.
    pub fn scratch_copy(&self) -> SimCloud {
        let state = self.lock().clone();
        Self::from_state(state, None, Timing::instant())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SimState> {
        // A panic while holding the lock leaves consistent data: every op edits a clone-free
        // structure only after its checks. Keep going rather than poison every later call.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn save(&self) -> Result<(), String> {
        let Some(path) = &self.path else { return Ok(()) };
        let mut st = self.lock();
        if self.timing.virtual_time {
            st.clock_ms = self.clock.now_ms();
        }
        let bytes = serde_json::to_vec_pretty(&*st).map_err(|e| e.to_string())?;
        drop(st);
        crate::fs::write_atomic(path, &bytes, false).map_err(|e| e.to_string())
    }

    /// The resources that exist now, without logs, timers or deleted keys: two clouds
    /// holding the same things give equal dumps.
    pub fn dump(&self) -> serde_json::Value {
        let now = self.clock.now_ms();
        self.lock().dump(now)
    }

    /// How many resources of each kind exist, for duplicate checks.
    pub fn counts(&self) -> std::collections::BTreeMap<String, usize> {
        let now = self.clock.now_ms();
        self.lock().counts(now)
    }

    /// CloudTrail events the simulated services wrote, in every account and Region.
    pub fn all_events(&self) -> Vec<super::TrailEvent> {
        self.lock().events.values().flatten().cloned().collect()
    }

    /// Starts over with a freshly seeded organisation (the demo's "start fresh").
    pub fn reset(&self, seed: &Seed) {
        let mut fresh = SimState::seeded(seed);
        fresh.clock_ms = self.clock.now_ms().max(fresh.clock_ms);
        *self.lock() = fresh;
        let _ = self.save();
    }

    /// Edits the state directly (tests use this to set up drift or a bad registration).
    pub fn with_state<R>(&self, f: impl FnOnce(&mut SimState) -> R) -> R {
        let r = f(&mut self.lock());
        let _ = self.save();
        r
    }
}

#[async_trait::async_trait]
impl Cloud for SimCloud {
    async fn call(&self, target: &Target, op: &Op) -> Result<Reply, CloudError> {
        if self.timing.latency_ms > 0 {
            self.clock.sleep_ms(self.timing.latency_ms).await;
        }
        let now = self.clock.now_ms();
        let result = {
            let mut st = self.lock();
            st.settle(now);
            ops::apply(&mut st, target, op, now, self.timing.transition_ms)
        };
        // Reads change nothing worth keeping (a virtual clock left behind only means a later
        // run waits a little again).
        if op.is_mutating() {
            self.save().map_err(|message| CloudError::Other {
                op: op.name().into(),
                message,
            })?;
        }
        result
    }

    fn name(&self) -> &'static str {
        "sim"
    }

    fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }
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
