//! The Cloud port: the domain operations the steps need, as data.
//!
//! An operation is a value of [`Op`]; an adapter answers it with a [`Reply`]. Keeping operations
//! as data lets one layer journal every mutating call before it is made, count calls for fault
//! injection, show live status, and print the equivalent AWS CLI command, whatever the adapter.

#[cfg(feature = "aws")]
pub mod aws;
pub mod cli;
pub mod fault;
mod model;
mod op;
pub mod permissions;
pub mod record;
mod reply;
pub mod sim;

pub use model::*;
pub use op::*;
pub use reply::*;

use serde::{Deserialize, Serialize};

/// Where a call goes: an account (with the profile that reaches it) and a Region.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Target {
    pub account_id: String,
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CloudError {
    #[error("{what} was not found")]
    NotFound { what: String },
    #[error("access denied to {op}: {message}")]
    AccessDenied { op: String, message: String },
    #[error("{op} was throttled; retried and still throttled")]
    Throttled { op: String },
    #[error("{what} already exists")]
    AlreadyExists { what: String },
    /// A name owned by someone else (an S3 bucket name is global): never to be adopted.
    #[error("{what} is taken by another account")]
    NameTaken { what: String },
    /// A conflicting change: an earlier write still propagating (Identity Center's
    /// ConflictException, Lake Formation's ConcurrentModificationException), or a resource that
    /// is not empty yet. Retried a few times; the message says which.
    #[error("{op} met a conflicting change: {message}")]
    Conflict { op: String, message: String },
    /// A role just created that the service cannot assume yet: IAM changes take a while to be
    /// visible everywhere. Retried for a while.
    #[error("{op} could not use the role yet: {message}")]
    RoleNotReady { op: String, message: String },
    #[error("{op} was rejected: {message}")]
    Invalid { op: String, message: String },
    #[error("{op} is not available on this backend: {why}")]
    Unsupported { op: String, why: String },
    /// A read-only plan reached a call that would change something.
    #[error("{op} would change the account, and a plan makes no changes")]
    WouldChange { op: String },
    /// Fault injection: the process died right after this call.
    #[error("crash injected after {op}")]
    Crashed { op: String },
    /// The credentials could not be had, or AWS refused them: the message says what happened
    /// and the fix.
    #[error("{message}")]
    Credentials { op: String, message: String },
    /// The request never reached the service.
    #[error("{op}: could not connect to {endpoint} ({reason})")]
    Unreachable {
        op: String,
        endpoint: String,
        reason: String,
    },
    #[error("{op} failed: {message}")]
    Other { op: String, message: String },
}

impl CloudError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }
    pub fn invalid(op: &Op, message: impl Into<String>) -> Self {
        Self::Invalid {
            op: op.name().to_string(),
            message: message.into(),
        }
    }
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }
}

/// One adapter: the simulated cloud, or real AWS through the SDK.
#[async_trait::async_trait]
pub trait Cloud: Send + Sync {
    async fn call(&self, target: &Target, op: &Op) -> Result<Reply, CloudError>;
    /// Short name for logs and the status bar: `sim` or `aws`.
    fn name(&self) -> &'static str;
    /// The clock waits run on: virtual in tests, real otherwise.
    fn clock(&self) -> std::sync::Arc<dyn Clock>;
}

/// Time as the steps see it. Waiters sleep through this, so tests never wait for real.
#[async_trait::async_trait]
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> u64;
    async fn sleep_ms(&self, ms: u64);
}

/// Wall-clock time.
pub struct RealClock;

#[async_trait::async_trait]
impl Clock for RealClock {
    fn now_ms(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }
    async fn sleep_ms(&self, ms: u64) {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
}

/// Virtual time: sleeping moves the clock forward at once.
pub struct VirtualClock(std::sync::atomic::AtomicU64);

impl VirtualClock {
    pub fn new(start_ms: u64) -> Self {
        Self(std::sync::atomic::AtomicU64::new(start_ms))
    }
    /// Moves the clock forward to `ms` if it is behind (another process sharing the simulated
    /// cloud has waited longer); never back.
    pub fn advance_to(&self, ms: u64) {
        self.0.fetch_max(ms, std::sync::atomic::Ordering::SeqCst);
    }
}

#[async_trait::async_trait]
impl Clock for VirtualClock {
    fn now_ms(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
    async fn sleep_ms(&self, ms: u64) {
        self.0.fetch_add(ms, std::sync::atomic::Ordering::SeqCst);
        // let other tasks run, as a real sleep would
        tokio::task::yield_now().await;
    }
}
