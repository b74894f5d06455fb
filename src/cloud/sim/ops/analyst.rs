//! The analyst, played by the simulated cloud: Ethan's queries, UNLOADs and COPYs.

use super::*;
use crate::cloud::sim::access;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let here = regional(t);
    match op {
        RunAsAnalyst { user_name, action } => {
            let (allowed, detail, event_source) = access::run(st, t, user_name, action);
            if let Some(source) = event_source {
                let user_id = st.identity.users.get(user_name).cloned();
                let store_arn = st.identity.store_arn();
                st.events.entry(here).or_default().push(TrailEvent {
                    event_name: "GetDataAccess".into(),
                    event_source: source.into(),
                    time_ms: now,
                    on_behalf_of_user_id: user_id,
                    identity_store_arn: Some(store_arn),
                });
            }
            Ok(Reply::Access { allowed, detail })
        }
        _ => Err(misrouted(op)),
    }
}
