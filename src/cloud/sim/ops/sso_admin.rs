//! IAM Identity Center (sso-admin): the instance, its key and Regions, permission sets and assignments.

use super::*;
use crate::cloud::sim::hash_hex;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, now: u64, slow: u64) -> Result<Reply, CloudError> {
    match op {
        Op::ListInstances
        | Op::DescribeInstance { .. }
        | Op::UpdateInstanceEncryption { .. }
        | Op::AddRegion { .. }
        | Op::DescribeRegion { .. }
        | Op::RemoveRegion { .. }
        | Op::ListRegions { .. } => instance_and_regions(st, t, op, now, slow),
        _ => permission_sets(st, t, op, now, slow),
    }
}

/// The instance itself: its encryption and its Regions.
fn instance_and_regions(st: &mut SimState, t: &Target, op: &Op, now: u64, slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    match op {
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
            // One change at a time: a second update while the first is UPDATING conflicts
            // (sso-admin API reference, UpdateInstance: ConflictException).
            if st.identity.encryption.status == "UPDATING" {
                return Err(CloudError::Conflict {
                    op: op.name().into(),
                    message: "an encryption update is already in progress".into(),
                });
            }
            match kms_key_arn {
                Some(arn) => {
                    let key = st.keys.get(arn).ok_or_else(|| nf(format!("KMS key {arn}")))?;
                    if key.info.state != "Enabled" {
                        return Err(CloudError::invalid(op, format!("the key is {}", key.info.state)));
                    }
                    let ok = key_policy_allows(&key.policy).identity_center;
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
                Some(r) if r.info.state == "Enabled" && key_policy_allows(&r.policy).identity_center => {}
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
                // "no other add or remove Region workflows can be in progress" (sso-admin API
                // reference, RemoveRegion).
                Some(r) => Err(CloudError::Conflict {
                    op: op.name().into(),
                    message: format!("the Region is {}", r.status),
                }),
                None => Err(nf(format!("Region {region} in Identity Center"))),
            }
        }
        ListRegions { instance_arn } => {
            let id = instance(st, instance_arn)?;
            let mut out = vec![(id.primary_region.clone(), "ACTIVE".to_string())];
            out.extend(id.regions.iter().map(|(r, t)| (r.clone(), t.status.clone())));
            Ok(Reply::Regions(out))
        }
        other => Err(misrouted(other)),
    }
}

/// Permission sets, and through them the assignments.
fn permission_sets(st: &mut SimState, t: &Target, op: &Op, now: u64, slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    match op {
        Op::CreateAccountAssignment { .. }
        | Op::CreateApplicationAssignment { .. }
        | Op::DeleteAccountAssignment { .. }
        | Op::DescribeAccountAssignmentDeletionStatus { .. }
        | Op::DeleteApplicationAssignment { .. }
        | Op::DescribeAccountAssignmentCreationStatus { .. }
        | Op::ListAccountAssignments { .. }
        | Op::ListApplicationAssignments { .. } => assignments(st, t, op, now, slow),
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
                    inline_policy: None,
                    stale: false,
                },
            );
            Ok(Reply::Id(arn))
        }
        ListManagedPoliciesInPermissionSet {
            instance_arn,
            permission_set_arn,
        } => {
            let id = instance(st, instance_arn)?;
            let ps = id
                .permission_sets
                .get(permission_set_arn)
                .ok_or_else(|| nf(format!("permission set {permission_set_arn}")))?;
            Ok(Reply::Ids(ps.policies.iter().cloned().collect()))
        }
        PutInlinePolicyToPermissionSet {
            instance_arn,
            permission_set_arn,
            document,
        } => {
            primary_only(st, t, op)?;
            instance(st, instance_arn)?;
            let assigned = st.identity.assignments.iter().any(|(p, _, _)| p == permission_set_arn);
            let ps = st
                .identity
                .permission_sets
                .get_mut(permission_set_arn)
                .ok_or_else(|| nf(format!("permission set {permission_set_arn}")))?;
            // "If the permission set is already referenced by one or more account assignments,
            // you will need to call ProvisionPermissionSet" (sso-admin API reference).
            ps.stale |= assigned && ps.inline_policy.as_deref() != Some(document.as_str());
            ps.inline_policy = Some(document.clone());
            Ok(Reply::Done)
        }
        ProvisionPermissionSet {
            instance_arn,
            permission_set_arn,
        } => {
            primary_only(st, t, op)?;
            instance(st, instance_arn)?;
            let ps = st
                .identity
                .permission_sets
                .get_mut(permission_set_arn)
                .ok_or_else(|| nf(format!("permission set {permission_set_arn}")))?;
            // Provisioning is a job to poll ("returns PermissionSetProvisioningStatus; call
            // DescribePermissionSetProvisioningStatus", sso-admin API reference,
            // ProvisionPermissionSet). The sim counts the set as provisioned once asked: nothing
            // it models reads the assigned accounts' copy before the job's SUCCEEDED.
            ps.stale = false;
            let request_id = start_job(st, "provision", now + slow / 3);
            Ok(in_progress(request_id))
        }
        DescribePermissionSetProvisioningStatus { request_id, .. } => {
            job_status(st, request_id, "provisioning request")
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
                // Attaching a policy twice is a conflicting write, not a create (sso-admin
                // API reference: ConflictException).
                return Err(CloudError::Conflict {
                    op: op.name().into(),
                    message: format!("{policy_arn} is already attached to the permission set"),
                });
            }
            // "If the permission set is already referenced by one or more account assignments,
            // you will need to call ProvisionPermissionSet after this operation" (sso-admin API
            // reference, AttachManagedPolicyToPermissionSet).
            ps.stale |= st.identity.assignments.iter().any(|(p, _, _)| p == permission_set_arn);
            Ok(Reply::Done)
        }
        DeletePermissionSet {
            instance_arn,
            permission_set_arn,
        } => {
            instance(st, instance_arn)?;
            // An assigned permission set cannot go, nor one whose assignment is still being
            // deleted: DeleteAccountAssignment only starts the deletion ("After a successful
            // response, call DescribeAccountAssignmentDeletionStatus", sso-admin API reference),
            // and DeletePermissionSet answers ConflictException for a write that has not
            // propagated (sso-admin API reference, DeletePermissionSet, Errors).
            if st.identity.assignments.iter().any(|(p, _, _)| p == permission_set_arn) {
                return Err(CloudError::Conflict {
                    op: op.name().into(),
                    message: "the permission set is still assigned to an account".into(),
                });
            }
            let deleting = st.identity.deletions.iter().any(|(req, p)| {
                p == permission_set_arn && st.jobs.get(req).is_some_and(|j| j.state.status == "IN_PROGRESS")
            });
            if deleting {
                return Err(CloudError::Conflict {
                    op: op.name().into(),
                    message: "an account assignment of this permission set is still being deleted".into(),
                });
            }
            st.identity
                .permission_sets
                .remove(permission_set_arn)
                .map(|_| Reply::Done)
                .ok_or_else(|| nf(format!("permission set {permission_set_arn}")))
        }
        other => Err(misrouted(other)),
    }
}

/// Which groups are assigned to which accounts (with a permission set) and applications.
fn assignments(st: &mut SimState, _t: &Target, op: &Op, now: u64, slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    match op {
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
            let request_id = start_job(st, "assignment", now + slow / 3);
            Ok(in_progress(request_id))
        }
        DescribeAccountAssignmentCreationStatus { request_id, .. } => job_status(st, request_id, "assignment request"),
        DeleteAccountAssignment {
            permission_set_arn,
            account_id,
            group_id,
            ..
        } => {
            if !st
                .identity
                .assignments
                .remove(&(permission_set_arn.clone(), account_id.clone(), group_id.clone()))
            {
                return Err(nf("account assignment"));
            }
            // Asynchronous, like the creation (sso-admin API reference, DeleteAccountAssignment).
            let request_id = start_job(st, "deletion", now + slow / 3);
            st.identity
                .deletions
                .insert(request_id.clone(), permission_set_arn.clone());
            Ok(in_progress(request_id))
        }
        DescribeAccountAssignmentDeletionStatus { request_id, .. } => {
            job_status(st, request_id, "assignment deletion request")
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
            let known = st
                .idc_apps
                .values()
                .any(|a| &a.managed_application_arn == application_arn)
                || st
                    .qev2_apps
                    .values()
                    .any(|a| &a.managed_application_arn == application_arn);
            if !known {
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
        other => Err(misrouted(other)),
    }
}

fn job_status(st: &SimState, request_id: &str, what: &str) -> Result<Reply, CloudError> {
    let job = st
        .jobs
        .get(request_id)
        .ok_or_else(|| nf(format!("{what} {request_id}")))?;
    Ok(Reply::Assignment(AssignmentStatus {
        request_id: request_id.to_string(),
        status: job.state.status.clone(),
        reason: job.reason.clone(),
    }))
}

/// An asynchronous Identity Center request (provisioning, an assignment made or deleted): a job
/// IN_PROGRESS until `done_ms`, then SUCCEEDED, polled through its Describe...Status call.
fn start_job(st: &mut SimState, kind: &str, done_ms: u64) -> String {
    let request_id = crate::cloud::sim::uuid(&[kind, &st.next_seq().to_string()]);
    st.jobs.insert(
        request_id.clone(),
        Job {
            state: Timed::later("IN_PROGRESS", "SUCCEEDED", done_ms),
            reason: None,
            rows: None,
        },
    );
    request_id
}

/// The reply to a request that has started.
fn in_progress(request_id: String) -> Reply {
    Reply::Assignment(AssignmentStatus {
        request_id,
        status: "IN_PROGRESS".into(),
        reason: None,
    })
}
