//! STS, IAM Identity Center (sso-admin), the identity store and KMS.

use super::{Clients, map_error};
use crate::cloud::*;
use aws_sdk_identitystore::types::{AlternateIdentifier, UniqueAttribute};
use aws_sdk_kms::types::Tag;
use aws_sdk_ssoadmin::types::{EncryptionConfiguration, KmsKeyType, PrincipalType, TargetType};

fn missing(op: &Op, what: &str) -> CloudError {
    CloudError::Other {
        op: op.name().into(),
        message: format!("the answer had no {what}"),
    }
}

fn key_info(m: &aws_sdk_kms::types::KeyMetadata, region: &str) -> KeyInfo {
    KeyInfo {
        key_id: m.key_id().to_string(),
        arn: m.arn().unwrap_or_default().to_string(),
        state: m.key_state().map(|s| s.as_str().to_string()).unwrap_or_default(),
        multi_region: m.multi_region().unwrap_or(false),
        region: region.to_string(),
    }
}

fn alternate(path: &str, value: &str) -> AlternateIdentifier {
    AlternateIdentifier::UniqueAttribute(
        UniqueAttribute::builder()
            .attribute_path(path)
            .attribute_value(aws_smithy_types::Document::String(value.to_string()))
            .build()
            .expect("path and value are set"),
    )
}

pub async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::GetCallerIdentity => {
            let r = c
                .sts
                .get_caller_identity()
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Caller {
                account: r.account().unwrap_or_default().to_string(),
                arn: r.arn().unwrap_or_default().to_string(),
            })
        }
        Op::ListInstances => {
            let r = c.sso.list_instances().send().await.map_err(|x| map_error(t, op, x))?;
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
                .map_err(|x| map_error(t, op, x))?;
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
                .map_err(|x| map_error(t, op, x))?;
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
                .map_err(|x| map_error(t, op, x))?;
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
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::ListRegions { instance_arn } => {
            let mut out = Vec::new();
            let mut pages = c.sso.list_regions().instance_arn(instance_arn).into_paginator().send();
            while let Some(page) = pages.next().await {
                for r in page.map_err(|x| map_error(t, op, x))?.regions() {
                    let status = r.status().map(|s| s.as_str().to_string()).unwrap_or_default();
                    out.push((r.region_name().unwrap_or_default().to_string(), status));
                }
            }
            Ok(Reply::Regions(out))
        }
        Op::FindPermissionSet { instance_arn, name } => {
            let mut pages = c
                .sso
                .list_permission_sets()
                .instance_arn(instance_arn)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                for arn in page.map_err(|x| map_error(t, op, x))?.permission_sets() {
                    let d = c
                        .sso
                        .describe_permission_set()
                        .instance_arn(instance_arn)
                        .permission_set_arn(arn)
                        .send()
                        .await
                        .map_err(|x| map_error(t, op, x))?;
                    if d.permission_set().and_then(|p| p.name()) == Some(name.as_str()) {
                        return Ok(Reply::MaybeId(Some(arn.clone())));
                    }
                }
            }
            Ok(Reply::MaybeId(None))
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
                .map_err(|x| map_error(t, op, x))?;
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
                .map_err(|x| map_error(t, op, x))?;
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
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
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
                for a in page.map_err(|x| map_error(t, op, x))?.account_assignments() {
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
                .map_err(|x| map_error(t, op, x))?;
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
                .map_err(|x| map_error(t, op, x))?;
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
            c.sso
                .delete_account_assignment()
                .instance_arn(instance_arn)
                .permission_set_arn(permission_set_arn)
                .target_id(account_id)
                .target_type(TargetType::AwsAccount)
                .principal_type(PrincipalType::Group)
                .principal_id(group_id)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
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
                for a in page.map_err(|x| map_error(t, op, x))?.application_assignments() {
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
                .map_err(|x| map_error(t, op, x))?;
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
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::GetGroupId {
            identity_store_id,
            display_name,
        } => {
            let r = c
                .identity_store
                .get_group_id()
                .identity_store_id(identity_store_id)
                .alternate_identifier(alternate("displayName", display_name))
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Id(r.group_id().to_string()))
        }
        Op::GetUserId {
            identity_store_id,
            user_name,
        } => {
            let r = c
                .identity_store
                .get_user_id()
                .identity_store_id(identity_store_id)
                .alternate_identifier(alternate("userName", user_name))
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Id(r.user_id().to_string()))
        }
        Op::FindKeyByTag { tag_key, tag_value } => {
            let mut pages = c.kms.list_keys().into_paginator().send();
            while let Some(page) = pages.next().await {
                for k in page.map_err(|x| map_error(t, op, x))?.keys() {
                    let Some(id) = k.key_id() else { continue };
                    // Keys this caller may not read (other teams', AWS managed) are skipped.
                    let Ok(tags) = c.kms.list_resource_tags().key_id(id).send().await else {
                        continue;
                    };
                    if tags
                        .tags()
                        .iter()
                        .any(|tg| tg.tag_key() == tag_key && tg.tag_value() == tag_value)
                    {
                        let d = c
                            .kms
                            .describe_key()
                            .key_id(id)
                            .send()
                            .await
                            .map_err(|x| map_error(t, op, x))?;
                        if let Some(m) = d.key_metadata() {
                            let info = key_info(m, &t.region);
                            if info.state != "PendingDeletion" {
                                return Ok(Reply::MaybeKey(Some(info)));
                            }
                        }
                    }
                }
            }
            Ok(Reply::MaybeKey(None))
        }
        Op::CreateKey {
            description,
            policy,
            multi_region,
            tags,
        } => {
            let mut req = c
                .kms
                .create_key()
                .description(description)
                .policy(policy)
                .multi_region(*multi_region);
            for (k, v) in tags {
                req = req.tags(
                    Tag::builder()
                        .tag_key(k)
                        .tag_value(v)
                        .build()
                        .map_err(|x| CloudError::invalid(op, x.to_string()))?,
                );
            }
            let r = req.send().await.map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Key(key_info(
                r.key_metadata().ok_or_else(|| missing(op, "key metadata"))?,
                &t.region,
            )))
        }
        Op::CreateAlias { alias, key_id } => {
            c.kms
                .create_alias()
                .alias_name(alias)
                .target_key_id(key_id)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::DescribeKey { key_id } => match c.kms.describe_key().key_id(key_id).send().await {
            Ok(r) => Ok(Reply::MaybeKey(r.key_metadata().map(|m| key_info(m, &t.region)))),
            Err(x) => match map_error(t, op, x) {
                CloudError::NotFound { .. } => Ok(Reply::MaybeKey(None)),
                other => Err(other),
            },
        },
        Op::GetKeyPolicy { key_id } => {
            let r = c
                .kms
                .get_key_policy()
                .key_id(key_id)
                .policy_name("default")
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Text(r.policy().unwrap_or_default().to_string()))
        }
        Op::ReplicateKey {
            key_id,
            replica_region,
            policy,
        } => {
            let r = c
                .kms
                .replicate_key()
                .key_id(key_id)
                .replica_region(replica_region)
                .policy(policy)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Key(key_info(
                r.replica_key_metadata()
                    .ok_or_else(|| missing(op, "replica metadata"))?,
                replica_region,
            )))
        }
        Op::DeleteAlias { alias } => {
            c.kms
                .delete_alias()
                .alias_name(alias)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::ScheduleKeyDeletion { key_id, pending_days } => {
            c.kms
                .schedule_key_deletion()
                .key_id(key_id)
                .pending_window_in_days(*pending_days as i32)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        other => Err(CloudError::Unsupported {
            op: other.name().into(),
            why: "not an identity operation".into(),
        }),
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
