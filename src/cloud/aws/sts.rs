//! STS: who the credentials belong to.

use super::*;

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::GetCallerIdentity => {
            let r = c.sts.get_caller_identity().send().await.or_cloud(t, op)?;
            Ok(Reply::Caller {
                account: r.account().unwrap_or_default().to_string(),
                arn: r.arn().unwrap_or_default().to_string(),
            })
        }
        other => Err(misrouted(other)),
    }
}
