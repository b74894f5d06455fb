//! Fault injection: fail, throttle or crash at the Nth call, or crash before the Nth write to
//! disk, to test rollback and resume.
//!
//! Set with `--fault KIND@N` or `TIPWIZ_FAULT=KIND@N`, where KIND is `fail`, `throttle` or
//! `crash`, and N counts every call of the run from 1. A crash happens right after call N
//! was carried out, before its result is recorded: the hardest moment to recover from.
//! `commit@N` crashes before the Nth commit (a write of the journal or of the simulated cloud),
//! whatever call it belongs to: every instant a `kill -9` could land on.

use super::{Clock, Cloud, CloudError, Op, Reply, Target};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    Fail,
    Throttle,
    Crash,
    /// Before the Nth commit to disk, not at a call: see [`crate::fs::CommitPoints`].
    Commit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fault {
    pub kind: FaultKind,
    pub at: u64,
    /// In the binary a crash ends the process; in tests it surfaces as [`CloudError::Crashed`].
    pub exit_process: bool,
}

impl std::str::FromStr for Fault {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (kind, n) = s
            .split_once('@')
            .ok_or_else(|| format!("'{s}': write KIND@N, as fail@3, throttle@5, crash@7 or commit@12"))?;
        let kind = match kind {
            "fail" => FaultKind::Fail,
            "throttle" => FaultKind::Throttle,
            "crash" => FaultKind::Crash,
            "commit" => FaultKind::Commit,
            other => {
                return Err(format!(
                    "'{other}' is not a fault kind: use fail, throttle, crash or commit"
                ));
            }
        };
        let at = n
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("'{n}' is not a call number from 1 up"))?;
        Ok(Fault {
            kind,
            at,
            exit_process: false,
        })
    }
}

pub struct FaultyCloud {
    inner: Arc<dyn Cloud>,
    fault: Fault,
    calls: AtomicU64,
}

impl FaultyCloud {
    pub fn new(inner: Arc<dyn Cloud>, fault: Fault) -> Self {
        Self {
            inner,
            fault,
            calls: AtomicU64::new(0),
        }
    }
}

#[async_trait::async_trait]
impl Cloud for FaultyCloud {
    async fn call(&self, target: &Target, op: &Op) -> Result<Reply, CloudError> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if n != self.fault.at {
            return self.inner.call(target, op).await;
        }
        match self.fault.kind {
            FaultKind::Fail => Err(CloudError::Other {
                op: op.name().into(),
                message: format!("fault injected at call {n}"),
            }),
            FaultKind::Throttle => Err(CloudError::Throttled { op: op.name().into() }),
            FaultKind::Crash => {
                let _ = self.inner.call(target, op).await;
                if self.fault.exit_process {
                    eprintln!("tipwiz: crash injected after call {n} ({} {})", op.service(), op.name());
                    std::process::exit(137);
                }
                Err(CloudError::Crashed { op: op.name().into() })
            }
            FaultKind::Commit => self.inner.call(target, op).await,
        }
    }
    fn name(&self) -> &'static str {
        self.inner.name()
    }
    fn clock(&self) -> Arc<dyn Clock> {
        self.inner.clock()
    }
}
