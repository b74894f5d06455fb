//! Each operation's effect on the simulated state.

use super::analyst;
use super::hash_hex;
use super::state::*;
use crate::cloud::*;

fn nf(what: impl Into<String>) -> CloudError {
    CloudError::not_found(what)
}

fn key_policy_allows_identity_center(policy: &str) -> bool {
    policy.contains("sso.amazonaws.com") && policy.contains("identitystore.amazonaws.com")
}

const DEFAULT_KEY_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"root"},"Action":"kms:*","Resource":"*"}]}"#;

pub fn apply(st: &mut SimState, t: &Target, op: &Op, now: u64, slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let acct = t.account_id.clone();
    let here = regional(t);
    match op {
        GetCallerIdentity => {
            let arn = if acct == st.analytics_account {
                let name = st.admin_role_arn.rsplit('/').next().unwrap_or("Admin").to_string();
                format!("arn:aws:sts::{acct}:assumed-role/{name}/bob")
            } else {
                format!("arn:aws:sts::{acct}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice")
            };
            Ok(Reply::Caller { account: acct, arn })
        }

        // ---------------------------------------------------------------- Identity Center
        ListInstances => {
            let id = &st.identity;
            let visible = id.active_in(&t.region);
            Ok(Reply::Instances(if visible {
                vec![Instance {
                    arn: id.instance_arn.clone(),
                    identity_store_id: id.identity_store_id.clone(),
                    owner_account: id.owner_account.clone(),
                    status: "ACTIVE".into(),
                }]
            } else {
                vec![]
            }))
        }
        DescribeInstance { instance_arn } => {
            let id = instance(st, instance_arn)?;
            Ok(Reply::Instance(InstanceDetail {
                arn: id.instance_arn.clone(),
                identity_store_id: id.identity_store_id.clone(),
                primary_region: id.primary_region.clone(),
                key_type: if id.key_arn.is_some() {
                    "CUSTOMER_MANAGED_KEY"
                } else {
                    "AWS_OWNED_KMS_KEY"
                }
                .into(),
                kms_key_arn: id.key_arn.clone(),
                encryption_status: id.encryption.status.clone(),
                encryption_reason: id.encryption_reason.clone(),
            }))
        }
        UpdateInstanceEncryption {
            instance_arn,
            kms_key_arn,
        } => {
            primary_only(st, t, op)?;
            instance(st, instance_arn)?;
            if st.identity.encryption.status == "UPDATING" {
                return Err(CloudError::invalid(op, "an encryption update is already in progress"));
            }
            match kms_key_arn {
                Some(arn) => {
                    let key = st.keys.get(arn).ok_or_else(|| nf(format!("KMS key {arn}")))?;
                    if key.info.state != "Enabled" {
                        return Err(CloudError::invalid(op, format!("the key is {}", key.info.state)));
                    }
                    let ok = key_policy_allows_identity_center(&key.policy);
                    st.identity.key_arn = Some(arn.clone());
                    if ok {
                        st.identity.encryption = Timed::later("UPDATING", "ENABLED", now + slow);
                        st.identity.encryption_reason = None;
                    } else {
                        st.identity.encryption = Timed::later("UPDATING", "UPDATE_FAILED", now + slow);
                        st.identity.encryption_reason = Some(
                            "the key policy does not let Identity Center and the identity store use the key".into(),
                        );
                    }
                }
                None => {
                    if st.identity.regions.values().any(|r| r.status != "REMOVED") {
                        return Err(CloudError::invalid(
                            op,
                            "remove every additional Region before switching back to an AWS owned key",
                        ));
                    }
                    st.identity.key_arn = None;
                    st.identity.encryption = Timed::later("UPDATING", "ENABLED", now + slow);
                    st.identity.encryption_reason = None;
                }
            }
            Ok(Reply::Done)
        }
        AddRegion { instance_arn, region } => {
            primary_only(st, t, op)?;
            instance(st, instance_arn)?;
            if region == &st.identity.primary_region || st.identity.regions.contains_key(region) {
                return Err(CloudError::AlreadyExists {
                    what: format!("Region {region} in Identity Center"),
                });
            }
            let Some(key_arn) = st
                .identity
                .key_arn
                .clone()
                .filter(|_| st.identity.encryption.status == "ENABLED")
            else {
                return Err(CloudError::invalid(
                    op,
                    "Identity Center must be encrypted with a customer managed key first",
                ));
            };
            let primary = &st.keys[&key_arn];
            let replica_arn = format!("arn:aws:kms:{region}:{}:key/{}", primary.account, primary.info.key_id);
            match st.keys.get(&replica_arn) {
                Some(r) if r.info.state == "Enabled" && key_policy_allows_identity_center(&r.policy) => {}
                Some(r) if r.info.state == "Enabled" => {
                    return Err(CloudError::invalid(
                        op,
                        format!("the replica key in {region} has a policy that does not allow Identity Center"),
                    ));
                }
                _ => {
                    return Err(CloudError::invalid(
                        op,
                        format!("no enabled replica of the Identity Center key exists in {region}"),
                    ));
                }
            }
            st.identity
                .regions
                .insert(region.clone(), Timed::later("ADDING", "ACTIVE", now + slow));
            Ok(Reply::RegionStatus(Some("ADDING".into())))
        }
        DescribeRegion { instance_arn, region } => {
            let id = instance(st, instance_arn)?;
            if region == &id.primary_region {
                return Ok(Reply::RegionStatus(Some("ACTIVE".into())));
            }
            Ok(Reply::RegionStatus(id.regions.get(region).map(|r| r.status.clone())))
        }
        RemoveRegion { instance_arn, region } => {
            primary_only(st, t, op)?;
            instance(st, instance_arn)?;
            match st.identity.regions.get_mut(region) {
                Some(r) if r.status == "ACTIVE" => {
                    *r = Timed::later("REMOVING", "REMOVED", now + slow);
                    Ok(Reply::Done)
                }
                Some(r) => Err(CloudError::invalid(op, format!("the Region is {}", r.status))),
                None => Err(nf(format!("Region {region} in Identity Center"))),
            }
        }
        ListRegions { instance_arn } => {
            let id = instance(st, instance_arn)?;
            let mut out = vec![(id.primary_region.clone(), "ACTIVE".to_string())];
            out.extend(id.regions.iter().map(|(r, t)| (r.clone(), t.status.clone())));
            Ok(Reply::Regions(out))
        }
        FindPermissionSet { instance_arn, name } => {
            let id = instance(st, instance_arn)?;
            Ok(Reply::MaybeId(
                id.permission_sets
                    .values()
                    .find(|p| &p.name == name)
                    .map(|p| p.arn.clone()),
            ))
        }
        CreatePermissionSet {
            instance_arn,
            name,
            session_duration,
            relay_state,
            ..
        } => {
            primary_only(st, t, op)?;
            let id = instance(st, instance_arn)?;
            if id.permission_sets.values().any(|p| &p.name == name) {
                return Err(CloudError::AlreadyExists {
                    what: format!("permission set {name}"),
                });
            }
            let ssoins = instance_arn.rsplit('/').next().unwrap_or_default();
            let arn = format!(
                "arn:aws:sso:::permissionSet/{ssoins}/ps-{}",
                hash_hex(&["ps", name], 16)
            );
            st.identity.permission_sets.insert(
                arn.clone(),
                PermissionSet {
                    arn: arn.clone(),
                    name: name.clone(),
                    session_duration: session_duration.clone(),
                    relay_state: relay_state.clone(),
                    policies: Default::default(),
                },
            );
            Ok(Reply::Id(arn))
        }
        AttachManagedPolicyToPermissionSet {
            instance_arn,
            permission_set_arn,
            policy_arn,
        } => {
            instance(st, instance_arn)?;
            let ps = st
                .identity
                .permission_sets
                .get_mut(permission_set_arn)
                .ok_or_else(|| nf(format!("permission set {permission_set_arn}")))?;
            if !ps.policies.insert(policy_arn.clone()) {
                return Err(CloudError::AlreadyExists {
                    what: format!("policy {policy_arn} on the permission set"),
                });
            }
            Ok(Reply::Done)
        }
        DeletePermissionSet {
            instance_arn,
            permission_set_arn,
        } => {
            instance(st, instance_arn)?;
            if st.identity.assignments.iter().any(|(p, _, _)| p == permission_set_arn) {
                return Err(CloudError::invalid(
                    op,
                    "the permission set is still assigned to an account",
                ));
            }
            st.identity
                .permission_sets
                .remove(permission_set_arn)
                .map(|_| Reply::Done)
                .ok_or_else(|| nf(format!("permission set {permission_set_arn}")))
        }
        ListAccountAssignments {
            instance_arn,
            account_id,
            permission_set_arn,
        } => {
            let id = instance(st, instance_arn)?;
            Ok(Reply::Ids(
                id.assignments
                    .iter()
                    .filter(|(p, a, _)| p == permission_set_arn && a == account_id)
                    .map(|(_, _, g)| g.clone())
                    .collect(),
            ))
        }
        CreateAccountAssignment {
            instance_arn,
            permission_set_arn,
            account_id,
            group_id,
        } => {
            let id = instance(st, instance_arn)?;
            if !id.permission_sets.contains_key(permission_set_arn) {
                return Err(nf(format!("permission set {permission_set_arn}")));
            }
            if !id.groups.values().any(|g| g == group_id) {
                return Err(nf(format!("group {group_id}")));
            }
            st.identity
                .assignments
                .insert((permission_set_arn.clone(), account_id.clone(), group_id.clone()));
            let request_id = format!("req-{}", st.next_seq());
            st.jobs.insert(
                request_id.clone(),
                Job {
                    state: Timed::later("IN_PROGRESS", "SUCCEEDED", now + slow / 3),
                    reason: None,
                },
            );
            Ok(Reply::Assignment(AssignmentStatus {
                request_id,
                status: "IN_PROGRESS".into(),
                reason: None,
            }))
        }
        DescribeAccountAssignmentCreationStatus { request_id, .. } => {
            let job = st
                .jobs
                .get(request_id)
                .ok_or_else(|| nf(format!("assignment request {request_id}")))?;
            Ok(Reply::Assignment(AssignmentStatus {
                request_id: request_id.clone(),
                status: job.state.status.clone(),
                reason: job.reason.clone(),
            }))
        }
        DeleteAccountAssignment {
            permission_set_arn,
            account_id,
            group_id,
            ..
        } => {
            if st
                .identity
                .assignments
                .remove(&(permission_set_arn.clone(), account_id.clone(), group_id.clone()))
            {
                Ok(Reply::Done)
            } else {
                Err(nf("account assignment"))
            }
        }
        ListApplicationAssignments { application_arn } => Ok(Reply::Ids(
            st.identity
                .app_assignments
                .iter()
                .filter(|(a, _)| a == application_arn)
                .map(|(_, g)| g.clone())
                .collect(),
        )),
        CreateApplicationAssignment {
            application_arn,
            group_id,
        } => {
            if !st
                .idc_apps
                .values()
                .any(|a| &a.managed_application_arn == application_arn)
            {
                return Err(nf(format!("application {application_arn}")));
            }
            if !st
                .identity
                .app_assignments
                .insert((application_arn.clone(), group_id.clone()))
            {
                return Err(CloudError::AlreadyExists {
                    what: "application assignment".into(),
                });
            }
            Ok(Reply::Done)
        }
        DeleteApplicationAssignment {
            application_arn,
            group_id,
        } => {
            if st
                .identity
                .app_assignments
                .remove(&(application_arn.clone(), group_id.clone()))
            {
                Ok(Reply::Done)
            } else {
                Err(nf("application assignment"))
            }
        }
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

        // ---------------------------------------------------------------- KMS
        FindKeyByTag { tag_key, tag_value } => Ok(Reply::MaybeKey(
            st.keys
                .values()
                .find(|k| {
                    k.account == acct
                        && k.info.region == t.region
                        && k.info.state != "PendingDeletion"
                        && k.tags.iter().any(|(a, b)| a == tag_key && b == tag_value)
                })
                .map(|k| k.info.clone()),
        )),
        CreateKey {
            policy,
            multi_region,
            tags,
            ..
        } => {
            let tag_text: Vec<String> = tags.iter().map(|(a, b)| format!("{a}={b}")).collect();
            let n = st.next_seq().to_string();
            let basis = [
                acct.as_str(),
                t.region.as_str(),
                &tag_text.join(","),
                if tags.is_empty() { &n } else { "" },
            ];
            let key_id = if *multi_region {
                format!("mrk-{}", hash_hex(&basis, 32))
            } else {
                let h = hash_hex(&basis, 32);
                format!(
                    "{}-{}-{}-{}-{}",
                    &h[0..8],
                    &h[8..12],
                    &h[12..16],
                    &h[16..20],
                    &h[20..32]
                )
            };
            let arn = format!("arn:aws:kms:{}:{acct}:key/{key_id}", t.region);
            if st.keys.get(&arn).is_some_and(|k| k.info.state != "PendingDeletion") {
                return Err(CloudError::AlreadyExists {
                    what: format!("key {key_id}"),
                });
            }
            let info = KeyInfo {
                key_id,
                arn: arn.clone(),
                state: "Enabled".into(),
                multi_region: *multi_region,
                region: t.region.clone(),
            };
            st.keys.insert(
                arn,
                SimKey {
                    info: info.clone(),
                    account: acct,
                    policy: policy.clone(),
                    tags: tags.clone(),
                    timed: Timed::now("Enabled"),
                },
            );
            Ok(Reply::Key(info))
        }
        CreateAlias { alias, key_id } => {
            find_key(st, t, key_id)?;
            let k = format!("{here}/{alias}");
            if st.aliases.contains_key(&k) {
                return Err(CloudError::AlreadyExists {
                    what: format!("alias {alias}"),
                });
            }
            st.aliases.insert(k, key_id.clone());
            Ok(Reply::Done)
        }
        DeleteAlias { alias } => st
            .aliases
            .remove(&format!("{here}/{alias}"))
            .map(|_| Reply::Done)
            .ok_or_else(|| nf(format!("alias {alias}"))),
        DescribeKey { key_id } => match find_key(st, t, key_id) {
            Ok(k) => Ok(Reply::MaybeKey(Some(k.info.clone()))),
            Err(e) if e.is_not_found() => Ok(Reply::MaybeKey(None)),
            Err(e) => Err(e),
        },
        GetKeyPolicy { key_id } => Ok(Reply::Text(find_key(st, t, key_id)?.policy.clone())),
        ReplicateKey {
            key_id,
            replica_region,
            policy,
        } => {
            let primary = find_key(st, t, key_id)?.clone();
            if !primary.info.multi_region {
                return Err(CloudError::invalid(op, "only multi-Region keys can be replicated"));
            }
            if replica_region == &t.region {
                return Err(CloudError::invalid(
                    op,
                    "the replica Region must differ from the key's Region",
                ));
            }
            let arn = format!("arn:aws:kms:{replica_region}:{acct}:key/{}", primary.info.key_id);
            if st.keys.get(&arn).is_some_and(|k| k.info.state != "PendingDeletion") {
                return Err(CloudError::AlreadyExists {
                    what: format!("replica {arn}"),
                });
            }
            // KMS gives a replica the default policy unless one is passed: it never copies it.
            let policy = if policy.is_empty() {
                DEFAULT_KEY_POLICY.to_string()
            } else {
                policy.clone()
            };
            let info = KeyInfo {
                key_id: primary.info.key_id.clone(),
                arn: arn.clone(),
                state: "Creating".into(),
                multi_region: true,
                region: replica_region.clone(),
            };
            st.keys.insert(
                arn,
                SimKey {
                    info: info.clone(),
                    account: acct,
                    policy,
                    tags: primary.tags.clone(),
                    timed: Timed::later("Creating", "Enabled", now + slow / 3),
                },
            );
            Ok(Reply::Key(info))
        }
        ScheduleKeyDeletion { key_id, pending_days } => {
            if !(7..=30).contains(pending_days) {
                return Err(CloudError::invalid(op, "the waiting period is 7 to 30 days"));
            }
            let k = find_key(st, t, key_id)?.clone();
            let id = &st.identity;
            let in_use = id.key_arn.as_deref().is_some_and(|arn| {
                arn.ends_with(&k.info.key_id)
                    && (k.info.region == id.primary_region || id.regions.contains_key(&k.info.region))
            });
            if in_use {
                return Err(CloudError::invalid(
                    op,
                    "Identity Center still uses this key; deleting it would lock every user out",
                ));
            }
            let replicas_left = k.info.region == id.primary_region
                && st.keys.values().any(|o| {
                    o.info.key_id == k.info.key_id && o.info.arn != k.info.arn && o.info.state != "PendingDeletion"
                });
            if replicas_left {
                return Err(CloudError::invalid(
                    op,
                    "delete the replica keys before the primary key",
                ));
            }
            let key = st.keys.get_mut(&k.info.arn).expect("found above");
            key.timed = Timed::now("PendingDeletion");
            key.info.state = "PendingDeletion".into();
            Ok(Reply::Done)
        }

        // ---------------------------------------------------------------- IAM
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
        DeleteRole { name } => st
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
                },
            );
            Ok(Reply::Role(info))
        }

        // ---------------------------------------------------------------- Lake Formation
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
            let owner = st.identity.owner_account.clone();
            let ssoins = instance_arn.rsplit('/').next().unwrap_or_default().to_string();
            let lake = st.lake(t);
            if lake.idc.is_some() {
                return Err(CloudError::AlreadyExists {
                    what: "Lake Formation Identity Center configuration".into(),
                });
            }
            lake.idc = Some(IdcConfig {
                instance_arn: instance_arn.clone(),
                application_arn: format!(
                    "arn:aws:sso::{owner}:application/{ssoins}/apl-{}",
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

        // ---------------------------------------------------------------- Glue
        GetCatalog { name } => Ok(Reply::Catalog(st.lake(t).catalogs.get(name).cloned())),
        CreateCatalog {
            name,
            federated_identifier,
            connection_name,
        } => {
            let lake = st.lake(t);
            if lake.catalogs.contains_key(name) {
                return Err(CloudError::AlreadyExists {
                    what: format!("catalog {name}"),
                });
            }
            if !lake
                .resources
                .get(federated_identifier)
                .is_some_and(|r| r.with_federation)
            {
                return Err(CloudError::invalid(
                    op,
                    format!("{federated_identifier} is not registered with Lake Formation with federation"),
                ));
            }
            // The catalog takes the defaults in force when it is created, and keeps them.
            let iam_allowed =
                !lake.settings.create_database_defaults.is_empty() || !lake.settings.create_table_defaults.is_empty();
            lake.catalogs.insert(
                name.clone(),
                CatalogInfo {
                    name: name.clone(),
                    federated_identifier: federated_identifier.clone(),
                    connection_name: connection_name.clone(),
                    iam_allowed_principals: iam_allowed,
                },
            );
            Ok(Reply::Done)
        }
        DeleteCatalog { name } => st
            .lake(t)
            .catalogs
            .remove(name)
            .map(|_| Reply::Done)
            .ok_or_else(|| nf(format!("catalog {name}"))),

        // ---------------------------------------------------------------- S3 Tables
        FindTableBucket { name } => {
            let arn = format!("arn:aws:s3tables:{}:{acct}:bucket/{name}", t.region);
            Ok(Reply::MaybeId(st.table_buckets.contains_key(&arn).then_some(arn)))
        }
        CreateTableBucket { name } => {
            let arn = format!("arn:aws:s3tables:{}:{acct}:bucket/{name}", t.region);
            if st.table_buckets.contains_key(&arn) {
                return Err(CloudError::AlreadyExists {
                    what: format!("table bucket {name}"),
                });
            }
            st.table_buckets.insert(
                arn.clone(),
                TableBucket {
                    arn: arn.clone(),
                    name: name.clone(),
                    namespaces: Default::default(),
                },
            );
            Ok(Reply::Id(arn))
        }
        DeleteTableBucket { arn } => {
            let b = st
                .table_buckets
                .get(arn)
                .ok_or_else(|| nf(format!("table bucket {arn}")))?;
            if !b.namespaces.is_empty() {
                return Err(CloudError::invalid(op, "the table bucket still has namespaces"));
            }
            st.table_buckets.remove(arn);
            Ok(Reply::Done)
        }
        GetNamespace {
            table_bucket_arn,
            namespace,
        } => {
            let b = st
                .table_buckets
                .get(table_bucket_arn)
                .ok_or_else(|| nf(format!("table bucket {table_bucket_arn}")))?;
            Ok(Reply::Exists(b.namespaces.contains_key(namespace)))
        }
        CreateNamespace {
            table_bucket_arn,
            namespace,
        } => {
            let b = st
                .table_buckets
                .get_mut(table_bucket_arn)
                .ok_or_else(|| nf(format!("table bucket {table_bucket_arn}")))?;
            if b.namespaces.contains_key(namespace) {
                return Err(CloudError::AlreadyExists {
                    what: format!("namespace {namespace}"),
                });
            }
            b.namespaces.insert(namespace.clone(), Default::default());
            Ok(Reply::Done)
        }
        DeleteNamespace {
            table_bucket_arn,
            namespace,
        } => {
            let b = st
                .table_buckets
                .get_mut(table_bucket_arn)
                .ok_or_else(|| nf(format!("table bucket {table_bucket_arn}")))?;
            match b.namespaces.get(namespace) {
                None => Err(nf(format!("namespace {namespace}"))),
                Some(tables) if !tables.is_empty() => Err(CloudError::invalid(op, "the namespace still has tables")),
                Some(_) => {
                    b.namespaces.remove(namespace);
                    Ok(Reply::Done)
                }
            }
        }
        GetTable {
            table_bucket_arn,
            namespace,
            name,
        } => Ok(Reply::Exists(
            st.table_buckets
                .get(table_bucket_arn)
                .and_then(|b| b.namespaces.get(namespace))
                .is_some_and(|ts| ts.contains(name)),
        )),
        DeleteTable {
            table_bucket_arn,
            namespace,
            name,
        } => {
            let removed = st
                .table_buckets
                .get_mut(table_bucket_arn)
                .and_then(|b| b.namespaces.get_mut(namespace))
                .is_some_and(|ts| ts.remove(name));
            if removed {
                Ok(Reply::Done)
            } else {
                Err(nf(format!("table {namespace}.{name}")))
            }
        }

        // ---------------------------------------------------------------- Athena
        StartQueryExecution {
            sql,
            catalog,
            database,
            output_location,
            ..
        } => {
            let id = format!("q-{}", st.next_seq());
            let outcome = analyst::athena(st, t, sql, catalog, database, output_location);
            let (final_state, reason) = match outcome {
                Ok(()) => ("SUCCEEDED", None),
                Err(r) => ("FAILED", Some(r)),
            };
            st.jobs.insert(
                id.clone(),
                Job {
                    state: Timed::later("RUNNING", final_state, now + slow / 10),
                    reason,
                },
            );
            Ok(Reply::Id(id))
        }
        GetQueryExecution { id } => {
            let job = st.jobs.get(id).ok_or_else(|| nf(format!("query {id}")))?;
            Ok(Reply::Query(QueryState {
                id: id.clone(),
                state: job.state.status.clone(),
                reason: job.reason.clone(),
            }))
        }

        // ---------------------------------------------------------------- Redshift
        DescribeCluster { id } => Ok(Reply::Cluster(
            st.clusters.get(&format!("{here}/{id}")).map(|c| c.info.clone()),
        )),
        FindRedshiftIdcApplication { name } => Ok(Reply::MaybeIdcApp(
            st.idc_apps
                .iter()
                .find(|(k, a)| k.starts_with(&format!("arn:aws:redshift:{}:{acct}:", t.region)) && &a.name == name)
                .map(|(_, a)| a.clone()),
        )),
        CreateRedshiftIdcApplication {
            name,
            idc_instance_arn,
            iam_role_arn,
            lake_formation,
            access_grants,
            ..
        } => {
            instance(st, idc_instance_arn)?;
            if !st.identity.active_in(&t.region) {
                return Err(CloudError::invalid(
                    op,
                    format!("Identity Center is not available in {}", t.region),
                ));
            }
            let role_ok = st
                .roles
                .get(&acct)
                .is_some_and(|rs| rs.values().any(|r| &r.info.arn == iam_role_arn));
            if !role_ok {
                return Err(CloudError::invalid(
                    op,
                    format!("the role {iam_role_arn} does not exist"),
                ));
            }
            if st.idc_apps.values().any(|a| &a.name == name) {
                return Err(CloudError::AlreadyExists {
                    what: format!("Redshift Identity Center application {name}"),
                });
            }
            let h = hash_hex(&["app", name, &here], 32);
            let arn = format!(
                "arn:aws:redshift:{}:{acct}:redshiftidcapplication:{}-{}-{}-{}-{}",
                t.region,
                &h[0..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            );
            let ssoins = idc_instance_arn.rsplit('/').next().unwrap_or_default();
            let app = IdcApp {
                name: name.clone(),
                arn: arn.clone(),
                managed_application_arn: format!(
                    "arn:aws:sso::{}:application/{ssoins}/apl-{}",
                    st.identity.owner_account,
                    hash_hex(&["apl", name], 16)
                ),
                iam_role_arn: iam_role_arn.clone(),
                lake_formation: *lake_formation,
                access_grants: *access_grants,
            };
            st.idc_apps.insert(arn, app.clone());
            Ok(Reply::IdcApp(app))
        }
        DeleteRedshiftIdcApplication { arn } => {
            let app = st
                .idc_apps
                .get(arn)
                .ok_or_else(|| nf(format!("Redshift Identity Center application {arn}")))?;
            if st
                .clusters
                .values()
                .any(|c| c.providers.values().any(|a| a == &app.managed_application_arn))
            {
                return Err(CloudError::invalid(
                    op,
                    "a cluster still has an identity provider for this application",
                ));
            }
            st.idc_apps.remove(arn);
            Ok(Reply::Done)
        }
        ExecuteStatement {
            cluster,
            database: _,
            db_user: _,
            sql,
        } => {
            let key = format!("{here}/{cluster}");
            if !st.clusters.contains_key(&key) {
                return Err(nf(format!("cluster {cluster}")));
            }
            let id = format!("stmt-{}", st.next_seq());
            let outcome = analyst::redshift_sql(st, &key, sql);
            let (final_state, reason) = match outcome {
                Ok(()) => ("FINISHED", None),
                Err(r) => ("FAILED", Some(r)),
            };
            st.jobs.insert(
                id.clone(),
                Job {
                    state: Timed::later("STARTED", final_state, now + slow / 15),
                    reason,
                },
            );
            Ok(Reply::Id(id))
        }
        DescribeStatement { id } => {
            let job = st.jobs.get(id).ok_or_else(|| nf(format!("statement {id}")))?;
            Ok(Reply::Query(QueryState {
                id: id.clone(),
                state: job.state.status.clone(),
                reason: job.reason.clone(),
            }))
        }

        // ---------------------------------------------------------------- S3
        HeadBucket { name } => Ok(Reply::Exists(st.buckets.get(name).is_some_and(|b| b.account == acct))),
        CreateBucket { name, region } => {
            if let Some(b) = st.buckets.get(name) {
                return Err(if b.account == acct {
                    CloudError::AlreadyExists {
                        what: format!("bucket {name} (owned by you)"),
                    }
                } else {
                    CloudError::invalid(op, format!("the bucket name {name} is taken by another account"))
                });
            }
            st.buckets.insert(
                name.clone(),
                Bucket {
                    account: acct,
                    region: region.clone(),
                    objects: Default::default(),
                },
            );
            Ok(Reply::Done)
        }
        ListObjects { bucket, prefix } => {
            let b = st.buckets.get(bucket).ok_or_else(|| nf(format!("bucket {bucket}")))?;
            Ok(Reply::Ids(
                b.objects
                    .iter()
                    .filter(|o| o.starts_with(prefix.as_str()))
                    .cloned()
                    .collect(),
            ))
        }
        DeleteObjects { bucket, keys } => {
            let b = st
                .buckets
                .get_mut(bucket)
                .ok_or_else(|| nf(format!("bucket {bucket}")))?;
            for k in keys {
                b.objects.remove(k);
            }
            Ok(Reply::Done)
        }
        DeleteBucket { name } => match st.buckets.get(name) {
            None => Err(nf(format!("bucket {name}"))),
            Some(b) if !b.objects.is_empty() => Err(CloudError::invalid(op, "the bucket is not empty")),
            Some(_) => {
                st.buckets.remove(name);
                Ok(Reply::Done)
            }
        },

        // ---------------------------------------------------------------- S3 Access Grants
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
        DeleteAccessGrantsInstance { .. } => {
            let ag = st.access_grants.entry(here).or_default();
            if !ag.locations.is_empty() || !ag.grants.is_empty() {
                return Err(CloudError::invalid(op, "delete the grants and locations first"));
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
            let role_ok = st
                .roles
                .get(&acct)
                .is_some_and(|rs| rs.values().any(|r| &r.info.arn == role_arn));
            let ag = st.access_grants.entry(here.clone()).or_default();
            if ag.instance.is_none() {
                return Err(nf("S3 Access Grants instance"));
            }
            if !role_ok {
                return Err(CloudError::invalid(op, format!("the role {role_arn} does not exist")));
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
            if ag.grants.values().any(|g| &g.location_id == id) {
                return Err(CloudError::invalid(op, "the location still has grants"));
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

        // ---------------------------------------------------------------- CloudTrail and the analyst
        LookupEvents { event_name, start_ms } => Ok(Reply::Events(
            st.events
                .get(&here)
                .map(|v| {
                    v.iter()
                        .filter(|e| &e.event_name == event_name && e.time_ms >= *start_ms)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
        )),
        RunAsAnalyst { user_name, action } => {
            let (allowed, detail, event_source) = analyst::run(st, t, user_name, action);
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
    }
}

fn instance<'a>(st: &'a SimState, arn: &str) -> Result<&'a Identity, CloudError> {
    if st.identity.instance_arn == arn {
        Ok(&st.identity)
    } else {
        Err(nf(format!("Identity Center instance {arn}")))
    }
}

fn store(st: &SimState, t: &Target, op: &Op, id: &str) -> Result<(), CloudError> {
    if st.identity.identity_store_id != id {
        return Err(nf(format!("identity store {id}")));
    }
    if !st.identity.active_in(&t.region) {
        return Err(CloudError::invalid(
            op,
            format!("the identity store does not answer in {}", t.region),
        ));
    }
    Ok(())
}

fn primary_only(st: &SimState, t: &Target, op: &Op) -> Result<(), CloudError> {
    if t.region != st.identity.primary_region {
        return Err(CloudError::invalid(
            op,
            format!(
                "Identity Center configuration is managed from its primary Region {}, not {}",
                st.identity.primary_region, t.region
            ),
        ));
    }
    Ok(())
}

fn find_key<'a>(st: &'a SimState, t: &Target, key: &str) -> Result<&'a SimKey, CloudError> {
    let id = if key.starts_with("alias/") {
        st.aliases
            .get(&format!("{}/{key}", regional(t)))
            .cloned()
            .ok_or_else(|| nf(format!("alias {key}")))?
    } else {
        key.rsplit('/').next().unwrap_or(key).to_string()
    };
    st.keys
        .values()
        .find(|k| k.info.key_id == id && k.info.region == t.region && k.account == t.account_id)
        .ok_or_else(|| nf(format!("key {key} in {}", t.region)))
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
