//! IAM Identity Center (sso-admin): the instance, its encryption and Regions, permission sets and
//! account and application assignments.

use super::*;
use aws_sdk_ssoadmin::types::{EncryptionConfiguration, KmsKeyType, PrincipalType, TargetType};

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::ListInstances
        | Op::DescribeInstance { .. }
        | Op::UpdateInstanceEncryption { .. }
        | Op::AddRegion { .. }
        | Op::DescribeRegion { .. }
        | Op::RemoveRegion { .. }
        | Op::ListRegions { .. } => instance_and_regions(c, t, op).await,
        _ => permission_sets(c, t, op).await,
    }
}

/// The instance itself: its encryption and its Regions.
async fn instance_and_regions(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::ListInstances => {
            let r = c.sso.list_instances().send().await.or_cloud(t, op)?;
            Ok(Reply::Instances(
                r.instances()
                    .iter()
                    .map(|i| Instance {
                        arn: i.instance_arn().unwrap_or_default().to_string(),
                        identity_store_id: i.identity_store_id().unwrap_or_default().to_string(),
                        owner_account: i.owner_account_id().unwrap_or_default().to_string(),
                        status: i.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                    })
                    .collect(),
            ))
        }
        Op::DescribeInstance { instance_arn } => {
            let r = c
                .sso
                .describe_instance()
                .instance_arn(instance_arn)
                .send()
                .await
                .or_cloud(t, op)?;
            let enc = r.encryption_configuration_details();
            Ok(Reply::Instance(InstanceDetail {
                arn: r.instance_arn().unwrap_or(instance_arn).to_string(),
                identity_store_id: r.identity_store_id().unwrap_or_default().to_string(),
                primary_region: r.primary_region().unwrap_or(&t.region).to_string(),
                key_type: enc
                    .and_then(|e| e.key_type())
                    .map(|k| k.as_str().to_string())
                    .unwrap_or_else(|| "AWS_OWNED_KMS_KEY".into()),
                kms_key_arn: enc.and_then(|e| e.kms_key_arn()).map(str::to_string),
                encryption_status: enc
                    .and_then(|e| e.encryption_status())
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "ENABLED".into()),
                encryption_reason: enc.and_then(|e| e.encryption_status_reason()).map(str::to_string),
            }))
        }
        Op::UpdateInstanceEncryption {
            instance_arn,
            kms_key_arn,
        } => {
            // The encryption setting goes alone: never with other instance settings in one call.
            let conf = match kms_key_arn {
                Some(k) => EncryptionConfiguration::builder()
                    .key_type(KmsKeyType::CustomerManagedKey)
                    .kms_key_arn(k),
                None => EncryptionConfiguration::builder().key_type(KmsKeyType::AwsOwnedKmsKey),
            }
            .build()
            .map_err(|x| CloudError::invalid(op, x.to_string()))?;
            c.sso
                .update_instance()
                .instance_arn(instance_arn)
                .encryption_configuration(conf)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::AddRegion { instance_arn, region } => {
            let r = c
                .sso
                .add_region()
                .instance_arn(instance_arn)
                .region_name(region)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::RegionStatus(Some(
                r.status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "ADDING".into()),
            )))
        }
        Op::DescribeRegion { instance_arn, region } => {
            match c
                .sso
                .describe_region()
                .instance_arn(instance_arn)
                .region_name(region)
                .send()
                .await
            {
                Ok(r) => Ok(Reply::RegionStatus(r.status().map(|s| s.as_str().to_string()))),
                Err(x) => match map_error(t, op, x) {
                    CloudError::NotFound { .. } => Ok(Reply::RegionStatus(None)),
                    other => Err(other),
                },
            }
        }
        Op::RemoveRegion { instance_arn, region } => {
            c.sso
                .remove_region()
                .instance_arn(instance_arn)
                .region_name(region)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::ListRegions { instance_arn } => {
            let mut out = Vec::new();
            let mut pages = c.sso.list_regions().instance_arn(instance_arn).into_paginator().send();
            while let Some(page) = pages.next().await {
                for r in page.or_cloud(t, op)?.regions() {
                    let status = r.status().map(|s| s.as_str().to_string()).unwrap_or_default();
                    out.push((r.region_name().unwrap_or_default().to_string(), status));
                }
            }
            Ok(Reply::Regions(out))
        }
        other => Err(misrouted(other)),
    }
}

/// Permission sets, and through them the assignments.
async fn permission_sets(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::CreateAccountAssignment { .. }
        | Op::CreateApplicationAssignment { .. }
        | Op::DeleteAccountAssignment { .. }
        | Op::DescribeAccountAssignmentDeletionStatus { .. }
        | Op::DeleteApplicationAssignment { .. }
        | Op::DescribeAccountAssignmentCreationStatus { .. }
        | Op::ListAccountAssignments { .. }
        | Op::ListApplicationAssignments { .. } => assignments(c, t, op).await,
        Op::FindPermissionSet { instance_arn, name } => {
            let mut pages = c
                .sso
                .list_permission_sets()
                .instance_arn(instance_arn)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                for arn in page.or_cloud(t, op)?.permission_sets() {
                    let d = c
                        .sso
                        .describe_permission_set()
                        .instance_arn(instance_arn)
                        .permission_set_arn(arn)
                        .send()
                        .await
                        .or_cloud(t, op)?;
                    if d.permission_set().and_then(|p| p.name()) == Some(name.as_str()) {
                        return Ok(Reply::MaybeId(Some(arn.clone())));
                    }
                }
            }
            Ok(Reply::MaybeId(None))
        }
        Op::ListManagedPoliciesInPermissionSet {
            instance_arn,
            permission_set_arn,
        } => {
            let mut out = Vec::new();
            let mut pages = c
                .sso
                .list_managed_policies_in_permission_set()
                .instance_arn(instance_arn)
                .permission_set_arn(permission_set_arn)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                out.extend(
                    page.or_cloud(t, op)?
                        .attached_managed_policies()
                        .iter()
                        .filter_map(|p| p.arn().map(str::to_string)),
                );
            }
            Ok(Reply::Ids(out))
        }
        Op::PutInlinePolicyToPermissionSet {
            instance_arn,
            permission_set_arn,
            document,
        } => {
            c.sso
                .put_inline_policy_to_permission_set()
                .instance_arn(instance_arn)
                .permission_set_arn(permission_set_arn)
                .inline_policy(document)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::ProvisionPermissionSet {
            instance_arn,
            permission_set_arn,
        } => {
            let r = c
                .sso
                .provision_permission_set()
                .instance_arn(instance_arn)
                .permission_set_arn(permission_set_arn)
                .target_type(aws_sdk_ssoadmin::types::ProvisionTargetType::AllProvisionedAccounts)
                .send()
                .await
                .or_cloud(t, op)?;
            let s = r
                .permission_set_provisioning_status()
                .ok_or_else(|| missing(op, "provisioning status"))?;
            Ok(Reply::Assignment(provisioning(s)))
        }
        Op::DescribePermissionSetProvisioningStatus {
            instance_arn,
            request_id,
        } => {
            let r = c
                .sso
                .describe_permission_set_provisioning_status()
                .instance_arn(instance_arn)
                .provision_permission_set_request_id(request_id)
                .send()
                .await
                .or_cloud(t, op)?;
            let s = r
                .permission_set_provisioning_status()
                .ok_or_else(|| missing(op, "provisioning status"))?;
            Ok(Reply::Assignment(provisioning(s)))
        }
        Op::CreatePermissionSet {
            instance_arn,
            name,
            description,
            session_duration,
            relay_state,
        } => {
            let r = c
                .sso
                .create_permission_set()
                .instance_arn(instance_arn)
                .name(name)
                .description(description)
                .session_duration(session_duration)
                .relay_state(relay_state)
                .send()
                .await
                .or_cloud(t, op)?;
            let arn = r
                .permission_set()
                .and_then(|p| p.permission_set_arn())
                .ok_or_else(|| missing(op, "permission set ARN"))?;
            Ok(Reply::Id(arn.to_string()))
        }
        Op::AttachManagedPolicyToPermissionSet {
            instance_arn,
            permission_set_arn,
            policy_arn,
        } => {
            c.sso
                .attach_managed_policy_to_permission_set()
                .instance_arn(instance_arn)
                .permission_set_arn(permission_set_arn)
                .managed_policy_arn(policy_arn)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::DeletePermissionSet {
            instance_arn,
            permission_set_arn,
        } => {
            c.sso
                .delete_permission_set()
                .instance_arn(instance_arn)
                .permission_set_arn(permission_set_arn)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        other => Err(misrouted(other)),
    }
}

/// Which groups are assigned to which accounts (with a permission set) and applications.
async fn assignments(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::ListAccountAssignments {
            instance_arn,
            account_id,
            permission_set_arn,
        } => {
            let mut out = Vec::new();
            let mut pages = c
                .sso
                .list_account_assignments()
                .instance_arn(instance_arn)
                .account_id(account_id)
                .permission_set_arn(permission_set_arn)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                for a in page.or_cloud(t, op)?.account_assignments() {
                    if a.principal_type() == Some(&PrincipalType::Group)
                        && let Some(id) = a.principal_id()
                    {
                        out.push(id.to_string());
                    }
                }
            }
            Ok(Reply::Ids(out))
        }
        Op::CreateAccountAssignment {
            instance_arn,
            permission_set_arn,
            account_id,
            group_id,
        } => {
            let r = c
                .sso
                .create_account_assignment()
                .instance_arn(instance_arn)
                .permission_set_arn(permission_set_arn)
                .target_id(account_id)
                .target_type(TargetType::AwsAccount)
                .principal_type(PrincipalType::Group)
                .principal_id(group_id)
                .send()
                .await
                .or_cloud(t, op)?;
            let s = r
                .account_assignment_creation_status()
                .ok_or_else(|| missing(op, "creation status"))?;
            Ok(Reply::Assignment(assignment(s)))
        }
        Op::DescribeAccountAssignmentCreationStatus {
            instance_arn,
            request_id,
        } => {
            let r = c
                .sso
                .describe_account_assignment_creation_status()
                .instance_arn(instance_arn)
                .account_assignment_creation_request_id(request_id)
                .send()
                .await
                .or_cloud(t, op)?;
            let s = r
                .account_assignment_creation_status()
                .ok_or_else(|| missing(op, "creation status"))?;
            Ok(Reply::Assignment(assignment(s)))
        }
        Op::DeleteAccountAssignment {
            instance_arn,
            permission_set_arn,
            account_id,
            group_id,
        } => {
            let r = c
                .sso
                .delete_account_assignment()
                .instance_arn(instance_arn)
                .permission_set_arn(permission_set_arn)
                .target_id(account_id)
                .target_type(TargetType::AwsAccount)
                .principal_type(PrincipalType::Group)
                .principal_id(group_id)
                .send()
                .await
                .or_cloud(t, op)?;
            let s = r
                .account_assignment_deletion_status()
                .ok_or_else(|| missing(op, "deletion status"))?;
            Ok(Reply::Assignment(assignment(s)))
        }
        Op::DescribeAccountAssignmentDeletionStatus {
            instance_arn,
            request_id,
        } => {
            let r = c
                .sso
                .describe_account_assignment_deletion_status()
                .instance_arn(instance_arn)
                .account_assignment_deletion_request_id(request_id)
                .send()
                .await
                .or_cloud(t, op)?;
            let s = r
                .account_assignment_deletion_status()
                .ok_or_else(|| missing(op, "deletion status"))?;
            Ok(Reply::Assignment(assignment(s)))
        }
        Op::ListApplicationAssignments { application_arn } => {
            let mut out = Vec::new();
            let mut pages = c
                .sso
                .list_application_assignments()
                .application_arn(application_arn)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                for a in page.or_cloud(t, op)?.application_assignments() {
                    if a.principal_type() == &PrincipalType::Group {
                        out.push(a.principal_id().to_string());
                    }
                }
            }
            Ok(Reply::Ids(out))
        }
        Op::CreateApplicationAssignment {
            application_arn,
            group_id,
        } => {
            c.sso
                .create_application_assignment()
                .application_arn(application_arn)
                .principal_type(PrincipalType::Group)
                .principal_id(group_id)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::DeleteApplicationAssignment {
            application_arn,
            group_id,
        } => {
            c.sso
                .delete_application_assignment()
                .application_arn(application_arn)
                .principal_type(PrincipalType::Group)
                .principal_id(group_id)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        other => Err(misrouted(other)),
    }
}

fn assignment(s: &aws_sdk_ssoadmin::types::AccountAssignmentOperationStatus) -> AssignmentStatus {
    AssignmentStatus {
        request_id: s.request_id().unwrap_or_default().to_string(),
        status: s
            .status()
            .map(|x| x.as_str().to_string())
            .unwrap_or_else(|| "IN_PROGRESS".into()),
        reason: s.failure_reason().map(str::to_string),
    }
}

fn provisioning(s: &aws_sdk_ssoadmin::types::PermissionSetProvisioningStatus) -> AssignmentStatus {
    AssignmentStatus {
        request_id: s.request_id().unwrap_or_default().to_string(),
        status: s
            .status()
            .map(|x| x.as_str().to_string())
            .unwrap_or_else(|| "IN_PROGRESS".into()),
        reason: s.failure_reason().map(str::to_string),
    }
}
