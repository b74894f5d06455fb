//! Lake Formation: the data lake settings, the Identity Center link, registrations and grants.

use super::*;
use crate::cloud::sim::hash_hex;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, _now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let here = regional(t);
    match op {
        GetDataLakeSettings => Ok(Reply::Settings(st.lake(t).settings.clone())),
        PutDataLakeSettings { settings } => {
            // Replaced whole, as the service does.
            st.lake(t).settings = settings.clone();
            Ok(Reply::Done)
        }
        DescribeLakeFormationIdentityCenterConfiguration => Ok(Reply::IdcConfig(st.lake(t).idc.clone())),
        CreateLakeFormationIdentityCenterConfiguration { instance_arn } => {
            instance(st, instance_arn)?;
            if !st.identity.active_in(&t.region) {
                return Err(CloudError::invalid(
                    op,
                    format!("Identity Center is not available in {}", t.region),
                ));
            }
            let ssoins = instance_arn.rsplit('/').next().unwrap_or_default().to_string();
            let lake = st.lake(t);
            if lake.idc.is_some() {
                return Err(CloudError::AlreadyExists {
                    what: "Lake Formation Identity Center configuration".into(),
                });
            }
            lake.idc = Some(IdcConfig {
                instance_arn: instance_arn.clone(),
                // The application is made by, and carries, the account that asked for it.
                application_arn: format!(
                    "arn:aws:sso::{}:application/{ssoins}/apl-{}",
                    t.account_id,
                    hash_hex(&["lf", &here], 16)
                ),
            });
            Ok(Reply::Done)
        }
        DeleteLakeFormationIdentityCenterConfiguration => st
            .lake(t)
            .idc
            .take()
            .map(|_| Reply::Done)
            .ok_or_else(|| nf("Lake Formation Identity Center configuration")),
        RegisterResource {
            resource_arn,
            role_arn,
            with_federation,
            with_privileged_access,
        } => {
            let lake = st.lake(t);
            if lake.resources.contains_key(resource_arn) {
                return Err(CloudError::AlreadyExists {
                    what: format!("registration of {resource_arn}"),
                });
            }
            lake.resources.insert(
                resource_arn.clone(),
                ResourceInfo {
                    resource_arn: resource_arn.clone(),
                    role_arn: role_arn.clone(),
                    with_federation: *with_federation,
                    with_privileged_access: *with_privileged_access,
                },
            );
            Ok(Reply::Done)
        }
        DescribeResource { resource_arn } => Ok(Reply::Resource(st.lake(t).resources.get(resource_arn).cloned())),
        DeregisterResource { resource_arn } => st
            .lake(t)
            .resources
            .remove(resource_arn)
            .map(|_| Reply::Done)
            .ok_or_else(|| nf(format!("registration of {resource_arn}"))),
        GrantPermissions {
            principal,
            resource,
            permissions,
        } => {
            check_principal(st, t, principal)?;
            check_lf_resource(st, t, resource)?;
            let lake = st.lake(t);
            let mut perms: Vec<String> = lake
                .grants
                .iter()
                .find(|g| &g.principal == principal && &g.resource == resource)
                .map(|g| g.permissions.clone())
                .unwrap_or_default();
            lake.grants
                .retain(|g| !(&g.principal == principal && &g.resource == resource));
            for p in permissions {
                if !perms.contains(p) {
                    perms.push(p.clone());
                }
            }
            perms.sort();
            lake.grants.insert(LfGrant {
                principal: principal.clone(),
                resource: resource.clone(),
                permissions: perms,
            });
            Ok(Reply::Done)
        }
        RevokePermissions {
            principal,
            resource,
            permissions,
        } => {
            let lake = st.lake(t);
            let Some(g) = lake
                .grants
                .iter()
                .find(|g| &g.principal == principal && &g.resource == resource)
                .cloned()
            else {
                return Err(nf(format!("grant to {principal}")));
            };
            lake.grants.remove(&g);
            let left: Vec<String> = g.permissions.into_iter().filter(|p| !permissions.contains(p)).collect();
            if !left.is_empty() {
                lake.grants.insert(LfGrant {
                    principal: principal.clone(),
                    resource: resource.clone(),
                    permissions: left,
                });
            }
            Ok(Reply::Done)
        }
        ListPermissions { principal, resource } => Ok(Reply::Grants(
            st.lake(t)
                .grants
                .iter()
                .filter(|g| {
                    principal.as_ref().is_none_or(|p| &g.principal == p)
                        && resource.as_ref().is_none_or(|r| &g.resource == r)
                })
                .cloned()
                .collect(),
        )),
        _ => Err(misrouted(op)),
    }
}

fn check_principal(st: &mut SimState, t: &Target, principal: &str) -> Result<(), CloudError> {
    if let Some(group) = principal.strip_prefix("arn:aws:identitystore:::group/") {
        if st.lake(t).idc.is_none() {
            return Err(CloudError::Invalid {
                op: "GrantPermissions".into(),
                message: "Lake Formation is not connected to Identity Center in this Region".into(),
            });
        }
        if !st.identity.groups.values().any(|g| g == group) {
            return Err(nf(format!("group {group}")));
        }
    }
    Ok(())
}

fn check_lf_resource(st: &SimState, t: &Target, r: &LfResource) -> Result<(), CloudError> {
    let (catalog, db) = match r {
        LfResource::Database { catalog_id, name } => (catalog_id, name),
        LfResource::Table {
            catalog_id, database, ..
        } => (catalog_id, database),
    };
    let Some(bucket) = catalog.split_once(":s3tablescatalog/").map(|(_, b)| b) else {
        return Ok(());
    };
    let arn = format!("arn:aws:s3tables:{}:{}:bucket/{bucket}", t.region, t.account_id);
    let ok = st
        .table_buckets
        .get(&arn)
        .is_some_and(|b| b.namespaces.contains_key(db));
    if ok {
        Ok(())
    } else {
        Err(nf(format!("database {db} in catalog {catalog}")))
    }
}
