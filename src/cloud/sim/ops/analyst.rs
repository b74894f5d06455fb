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
                let lake_formation = source == "lakeformation.amazonaws.com";
                // Lake Formation names the Identity Center user in additionalEventData
                // (lakeFormationPrincipal); S3 Access Grants in userIdentity.onBehalfOf (Lake
                // Formation Developer Guide, CloudTrail logging; IAM Identity Center User Guide,
                // identity-enhanced role sessions).
                let event = TrailEvent {
                    event_name: "GetDataAccess".into(),
                    event_source: source.into(),
                    time_ms: now,
                    on_behalf_of_user_id: if lake_formation { None } else { user_id.clone() },
                    identity_store_arn: (!lake_formation).then(|| st.identity.store_arn()),
                    lake_formation_principal: if lake_formation {
                        user_id.map(|u| format!("arn:aws:identitystore:::user/{u}"))
                    } else {
                        None
                    },
                };
                st.events.entry(here).or_default().push(event);
            }
            Ok(Reply::Access { allowed, detail })
        }
        _ => Err(misrouted(op)),
    }
}
