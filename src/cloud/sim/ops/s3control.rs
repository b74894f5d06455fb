//! S3 Access Grants (S3 Control): the instance, locations and grants.

use super::*;
use crate::cloud::sim::hash_hex;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let acct = t.account_id.clone();
    let here = regional(t);
    match op {
        GetAccessGrantsInstance { .. } => Ok(Reply::AgInstance(
            st.access_grants.get(&here).and_then(|a| a.instance.clone()),
        )),
        CreateAccessGrantsInstance {
            identity_center_arn, ..
        }
        | AssociateAccessGrantsIdentityCenter {
            identity_center_arn, ..
        } => {
            instance(st, identity_center_arn)?;
            if !st.identity.active_in(&t.region) {
                return Err(CloudError::invalid(
                    op,
                    format!(
                        "the Identity Center instance is not available in {}; add the Region to Identity Center first",
                        t.region
                    ),
                ));
            }
            let ag = st.access_grants.entry(here.clone()).or_default();
            let creating = matches!(op, CreateAccessGrantsInstance { .. });
            match (&mut ag.instance, creating) {
                (Some(_), true) => Err(CloudError::AlreadyExists {
                    what: "S3 Access Grants instance".into(),
                }),
                (None, false) => Err(nf("S3 Access Grants instance")),
                (Some(i), false) => {
                    i.identity_center_arn = Some(identity_center_arn.clone());
                    Ok(Reply::Done)
                }
                (None, true) => {
                    ag.instance = Some(AgInstance {
                        arn: format!("arn:aws:s3:{}:{acct}:access-grants/default", t.region),
                        identity_center_arn: Some(identity_center_arn.clone()),
                    });
                    Ok(Reply::Done)
                }
            }
        }
        DissociateAccessGrantsIdentityCenter { .. } => {
            let ag = st.access_grants.entry(here).or_default();
            match &mut ag.instance {
                None => Err(nf("S3 Access Grants instance")),
                Some(i) if i.identity_center_arn.is_none() => Err(nf("the Identity Center association")),
                Some(i) => {
                    i.identity_center_arn = None;
                    Ok(Reply::Done)
                }
            }
        }
        DeleteAccessGrantsInstance { .. } => {
            let ag = st.access_grants.entry(here).or_default();
            // "You must first delete the access grants and locations ... If you have associated
            // an IAM Identity Center instance ... you must first dissassociate" (S3 Control API
            // reference, DeleteAccessGrantsInstance).
            if !ag.locations.is_empty() || !ag.grants.is_empty() {
                return Err(CloudError::Conflict {
                    op: op.name().into(),
                    message: "AccessGrantsInstanceNotEmptyError: delete the grants and locations first".into(),
                });
            }
            if ag.instance.as_ref().is_some_and(|i| i.identity_center_arn.is_some()) {
                return Err(CloudError::invalid(
                    op,
                    "the instance is still associated with IAM Identity Center: dissociate it first",
                ));
            }
            ag.instance
                .take()
                .map(|_| Reply::Done)
                .ok_or_else(|| nf("S3 Access Grants instance"))
        }
        ListAccessGrantsLocations { .. } => Ok(Reply::AgLocations(
            st.access_grants
                .get(&here)
                .map(|a| a.locations.values().cloned().collect())
                .unwrap_or_default(),
        )),
        CreateAccessGrantsLocation { scope, role_arn, .. } => {
            let role = st
                .roles
                .get(&acct)
                .and_then(|rs| rs.values().find(|r| &r.info.arn == role_arn))
                .map(|r| r.created_ms);
            let ag = st.access_grants.entry(here.clone()).or_default();
            if ag.instance.is_none() {
                return Err(nf("S3 Access Grants instance"));
            }
            match role {
                // AWS answers InvalidIamRole whether the role is missing or not spread yet (S3
                // API reference, Access Grants error codes), so the caller waits either way.
                None => {
                    return Err(CloudError::RoleNotReady {
                        op: op.name().into(),
                        message: format!("InvalidIamRole: the role {role_arn} cannot be assumed"),
                    });
                }
                // S3 Access Grants assumes the role at once; IAM may not have spread a new one
                // yet (IAM User Guide, eventual consistency; S3 error code InvalidIamRole).
                Some(created) if now < created + IAM_PROPAGATION_MS => {
                    return Err(CloudError::RoleNotReady {
                        op: op.name().into(),
                        message: format!("InvalidIamRole: access-grants.s3.amazonaws.com cannot assume {role_arn} yet"),
                    });
                }
                Some(_) => {}
            }
            if ag.locations.values().any(|l| &l.scope == scope) {
                return Err(CloudError::AlreadyExists {
                    what: format!("location {scope}"),
                });
            }
            let id = hash_hex(&["loc", scope], 12);
            ag.locations.insert(
                id.clone(),
                AgLocation {
                    id: id.clone(),
                    scope: scope.clone(),
                    role_arn: role_arn.clone(),
                },
            );
            Ok(Reply::Id(id))
        }
        DeleteAccessGrantsLocation { id, .. } => {
            let ag = st.access_grants.entry(here).or_default();
            // A location goes only once no grant uses it (S3 Control API reference,
            // DeleteAccessGrantsLocation; error AccessGrantsLocationNotEmptyError).
            if ag.grants.values().any(|g| &g.location_id == id) {
                return Err(CloudError::Conflict {
                    op: op.name().into(),
                    message: "AccessGrantsLocationNotEmptyError: the location still has grants".into(),
                });
            }
            ag.locations
                .remove(id)
                .map(|_| Reply::Done)
                .ok_or_else(|| nf(format!("location {id}")))
        }
        ListAccessGrants { .. } => Ok(Reply::AgGrants(
            st.access_grants
                .get(&here)
                .map(|a| a.grants.values().cloned().collect())
                .unwrap_or_default(),
        )),
        CreateAccessGrant {
            location_id,
            sub_prefix,
            group_id,
            permission,
            ..
        } => {
            let known_group = st.identity.groups.values().any(|g| g == group_id);
            let ag = st.access_grants.entry(here).or_default();
            if !ag.locations.contains_key(location_id) {
                return Err(nf(format!("location {location_id}")));
            }
            if !known_group {
                return Err(CloudError::invalid(
                    op,
                    format!("{group_id} is not a group of the associated Identity Center"),
                ));
            }
            if ag
                .grants
                .values()
                .any(|g| &g.location_id == location_id && &g.sub_prefix == sub_prefix && &g.grantee_id == group_id)
            {
                return Err(CloudError::AlreadyExists {
                    what: format!("grant on {sub_prefix}"),
                });
            }
            let id = hash_hex(&["grant", location_id, sub_prefix, group_id], 12);
            ag.grants.insert(
                id.clone(),
                AgGrant {
                    id: id.clone(),
                    location_id: location_id.clone(),
                    sub_prefix: sub_prefix.clone(),
                    grantee_type: "DIRECTORY_GROUP".into(),
                    grantee_id: group_id.clone(),
                    permission: permission.clone(),
                },
            );
            Ok(Reply::Id(id))
        }
        DeleteAccessGrant { id, .. } => st
            .access_grants
            .entry(here)
            .or_default()
            .grants
            .remove(id)
            .map(|_| Reply::Done)
            .ok_or_else(|| nf(format!("grant {id}"))),
        _ => Err(misrouted(op)),
    }
}
