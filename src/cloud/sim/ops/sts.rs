//! STS: who is calling.

use super::*;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, _now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let acct = t.account_id.clone();
    match op {
        GetCallerIdentity => {
            let arn = if acct == st.analytics_account {
                let name = st.admin_role_arn.rsplit('/').next().unwrap_or("Admin").to_string();
                format!("arn:aws:sts::{acct}:assumed-role/{name}/bob")
            } else {
                format!("arn:aws:sts::{acct}:assumed-role/AWSReservedSSO_AdministratorAccess_5b7c1e0f9a2d4e36/alice")
            };
            Ok(Reply::Caller { account: acct, arn })
        }
        _ => Err(misrouted(op)),
    }
}
