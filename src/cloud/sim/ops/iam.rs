//! IAM: roles, their inline policies, and service-linked roles.

use super::*;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let acct = t.account_id.clone();
    match op {
        GetRole { name } => Ok(Reply::MaybeRole(
            st.roles.get(&acct).and_then(|r| r.get(name)).map(|r| r.info.clone()),
        )),
        CreateRole {
            name,
            path,
            trust_policy,
            ..
        } => {
            let roles = st.roles.entry(acct.clone()).or_default();
            if roles.contains_key(name) {
                return Err(CloudError::AlreadyExists {
                    what: format!("role {name}"),
                });
            }
            let info = RoleInfo {
                name: name.clone(),
                path: path.clone(),
                arn: format!("arn:aws:iam::{acct}:role{path}{name}"),
                trust_policy: trust_policy.clone(),
            };
            roles.insert(
                name.clone(),
                SimRole {
                    info: info.clone(),
                    inline: Default::default(),
                    created_ms: now,
                },
            );
            Ok(Reply::Role(info))
        }
        PutRolePolicy {
            role_name,
            policy_name,
            document,
        } => {
            let role = st
                .roles
                .get_mut(&acct)
                .and_then(|r| r.get_mut(role_name))
                .ok_or_else(|| nf(format!("role {role_name}")))?;
            role.inline.insert(policy_name.clone(), document.clone());
            Ok(Reply::Done)
        }
        UpdateAssumeRolePolicy { name, trust_policy } => {
            let role = st
                .roles
                .get_mut(&acct)
                .and_then(|r| r.get_mut(name))
                .ok_or_else(|| nf(format!("role {name}")))?;
            role.info.trust_policy = trust_policy.clone();
            Ok(Reply::Done)
        }
        // Inline policies go with the role: this port operation is "delete the role and its
        // inline policies", and the SDK adapter lists and deletes them first, as IAM requires
        // (IAM API reference, DeleteRole: "you must first remove those items"; otherwise
        // DeleteConflict). The CLI form deletes the ones the wizard put there.
        DeleteRole { name, .. } => st
            .roles
            .get_mut(&acct)
            .and_then(|r| r.remove(name))
            .map(|_| Reply::Done)
            .ok_or_else(|| nf(format!("role {name}"))),
        CreateServiceLinkedRole { service } => {
            let short = service.split('.').next().unwrap_or(service);
            let mut cap = short.to_string();
            if let Some(c) = cap.get_mut(0..1) {
                c.make_ascii_uppercase();
            }
            let name = format!("AWSServiceRoleFor{cap}");
            let path = format!("/aws-service-role/{service}/");
            let roles = st.roles.entry(acct.clone()).or_default();
            // IAM answers InvalidInput "... has been taken in this account" (read as exists).
            if roles.contains_key(&name) {
                return Err(CloudError::AlreadyExists {
                    what: format!("service-linked role {name}"),
                });
            }
            let info = RoleInfo {
                name: name.clone(),
                path: path.clone(),
                arn: format!("arn:aws:iam::{acct}:role{path}{name}"),
                trust_policy: "{}".into(),
            };
            roles.insert(
                name,
                SimRole {
                    info: info.clone(),
                    inline: Default::default(),
                    created_ms: now,
                },
            );
            Ok(Reply::Role(info))
        }
        _ => Err(misrouted(op)),
    }
}
