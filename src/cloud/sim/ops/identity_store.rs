//! The identity store: users and groups, answering only where Identity Center is active.

use super::*;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, _now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    match op {
        GetGroupId {
            identity_store_id,
            display_name,
        } => {
            store(st, t, op, identity_store_id)?;
            st.identity
                .groups
                .get(display_name)
                .map(|g| Reply::Id(g.clone()))
                .ok_or_else(|| nf(format!("group {display_name}")))
        }
        GetUserId {
            identity_store_id,
            user_name,
        } => {
            store(st, t, op, identity_store_id)?;
            st.identity
                .users
                .get(user_name)
                .map(|u| Reply::Id(u.clone()))
                .ok_or_else(|| nf(format!("user {user_name}")))
        }
        ListGroups { identity_store_id } => {
            store(st, t, op, identity_store_id)?;
            Ok(Reply::Ids(st.identity.groups.keys().cloned().collect()))
        }
        ListUsers { identity_store_id } => {
            store(st, t, op, identity_store_id)?;
            Ok(Reply::Ids(st.identity.users.keys().cloned().collect()))
        }
        _ => Err(misrouted(op)),
    }
}
