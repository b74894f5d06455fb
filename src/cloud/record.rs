//! Decorators for dry runs: one records every call, the other refuses every change.

use super::{Clock, Cloud, CloudError, Op, Reply, Target};
use std::sync::{Arc, Mutex};

/// One recorded call.
#[derive(Debug, Clone)]
pub struct Call {
    pub target: Target,
    pub op: Op,
    pub reply: Result<Reply, CloudError>,
}

/// Records every call passed to the inner cloud.
pub struct Recorder {
    inner: Arc<dyn Cloud>,
    log: Mutex<Vec<Call>>,
}

impl Recorder {
    pub fn new(inner: Arc<dyn Cloud>) -> Recorder {
        Recorder {
            inner,
            log: Mutex::new(Vec::new()),
        }
    }

    /// The calls recorded since the last take, oldest first.
    pub fn take(&self) -> Vec<Call> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(|p| p.into_inner()))
    }
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

/// Lets reads through and stops at the first change, for a plan against a real account.
pub struct ReadOnly(pub Arc<dyn Cloud>);

#[async_trait::async_trait]
impl Cloud for ReadOnly {
    async fn call(&self, target: &Target, op: &Op) -> Result<Reply, CloudError> {
        if op.is_mutating() {
            return Err(CloudError::WouldChange { op: op.name().into() });
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
