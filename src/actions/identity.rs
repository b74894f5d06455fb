//! Alice's steps: Identity Center, its key, its second Region, and the analysts' way in.

use super::cx::{Cx, StepError};
use super::shared::check_caller;
use super::{Action, policy};
use crate::catalog::{AccountRole, RegionRole};
use crate::cloud::{CloudError, Op};
use crate::journal::WaitFor;

const TIMEOUT_MS: u64 = 60 * 60_000;

pub struct AlicePreflight;

#[async_trait::async_trait]
impl Action for AlicePreflight {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let want = cx.answer("management_account_id");
        check_caller(cx, "Alice", AccountRole::Management).await?;
        let instances = cx.call(Op::ListInstances).await?.instances()?;
        let Some(inst) = instances.into_iter().find(|i| i.owner_account == want) else {
            return Err(StepError::check(format!(
                "no organization instance of IAM Identity Center answers in {} for account {want}: enable Identity Center there, \
                 or set alice.primary_region to the Region where it was enabled",
                cx.answer("primary_region")
            )));
        };
        match cx
            .call(Op::DescribeInstance {
                instance_arn: inst.arn.clone(),
            })
            .await
        {
            Ok(reply) => {
                let detail = reply.instance()?;
                if detail.primary_region != cx.answer("primary_region") {
                    return Err(StepError::check(format!(
                        "Identity Center's primary Region is {}, not {}: set alice.primary_region = \"{}\"",
                        detail.primary_region,
                        cx.answer("primary_region"),
                        detail.primary_region
                    )));
                }
            }
            // Some emulators lack DescribeInstance; the instance was found, so go on and say so.
            Err(StepError::Cloud {
                error: CloudError::Other { .. } | CloudError::Unsupported { .. },
                ..
            }) => {
                cx.note("could not read the instance's primary Region (DescribeInstance failed); assuming alice.primary_region");
            }
            Err(e) => return Err(e),
        }
        cx.set_out("instance_arn", &inst.arn)?;
        cx.set_out("identity_store_id", &inst.identity_store_id)?;
        cx.note(format!(
            "Identity Center instance {} (identity store {})",
            inst.arn, inst.identity_store_id
        ));
        Ok(())
    }
}

pub struct CreateKey;

#[async_trait::async_trait]
impl Action for CreateKey {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let alias = cx.answer("kms_alias");
        let by_alias = cx.call(Op::DescribeKey { key_id: alias.clone() }).await?.maybe_key()?;
        let key = match by_alias {
            Some(k) => {
                if !k.multi_region {
                    return Err(StepError::check(format!(
                        "{alias} points at {}, a single-Region key that cannot be replicated: choose another alice.kms_alias",
                        k.arn
                    )));
                }
                cx.adopt(
                    "CreateKey",
                    &t,
                    Op::ScheduleKeyDeletion {
                        key_id: k.key_id.clone(),
                        pending_days: 7,
                    },
                    None,
                )?;
                cx.adopt("CreateAlias", &t, Op::DeleteAlias { alias: alias.clone() }, None)?;
                cx.note(format!("adopted {} by its alias", k.arn));
                k
            }
            None => {
                let tagged = cx
                    .call(Op::FindKeyByTag {
                        tag_key: "tipwiz:alias".into(),
                        tag_value: alias.clone(),
                    })
                    .await?
                    .maybe_key()?;
                let k = match tagged {
                    Some(k) => {
                        cx.adopt(
                            "CreateKey",
                            &t,
                            Op::ScheduleKeyDeletion {
                                key_id: k.key_id.clone(),
                                pending_days: 7,
                            },
                            None,
                        )?;
                        k
                    }
                    None => {
                        let k = cx
                            .call(Op::CreateKey {
                                description: format!("IAM Identity Center encryption, created by tipwiz ({alias})"),
                                policy: policy::identity_center_key(
                                    &cx.answer("management_account_id"),
                                    &cx.answer("admin_permission_set"),
                                ),
                                multi_region: true,
                                tags: vec![("tipwiz:alias".into(), alias.clone())],
                            })
                            .await?
                            .key()?;
                        cx.undo(
                            &t,
                            Op::ScheduleKeyDeletion {
                                key_id: k.key_id.clone(),
                                pending_days: 7,
                            },
                            None,
                        )?;
                        k
                    }
                };
                match cx
                    .call(Op::CreateAlias {
                        alias: alias.clone(),
                        key_id: k.key_id.clone(),
                    })
                    .await
                {
                    Ok(_) => cx.undo(&t, Op::DeleteAlias { alias: alias.clone() }, None)?,
                    Err(StepError::Cloud {
                        error: CloudError::AlreadyExists { .. },
                        ..
                    }) => {}
                    Err(e) => return Err(e),
                }
                k
            }
        };
        cx.set_out("key_id", &key.key_id)?;
        cx.set_out("key_arn", &key.arn)?;
        Ok(())
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let id = cx.out(&cx.step.id, "key_id")?;
        match cx.call(Op::DescribeKey { key_id: id.clone() }).await?.maybe_key()? {
            Some(k) if k.state == "Enabled" => Ok(()),
            Some(k) => Err(StepError::check(format!("key {id} is {}", k.state))),
            None => Err(StepError::check(format!("key {id} no longer exists"))),
        }
    }
}

pub struct ReplicateKey;

#[async_trait::async_trait]
impl Action for ReplicateKey {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let key_id = cx.out("alice.kms-key", "key_id")?;
        let primary = cx.target_of(AccountRole::Management, RegionRole::Primary);
        let replica = cx.target();
        let policy = cx
            .call_at(&primary, Op::GetKeyPolicy { key_id: key_id.clone() })
            .await?
            .text()?;
        let existing = cx
            .call_at(&replica, Op::DescribeKey { key_id: key_id.clone() })
            .await?
            .maybe_key()?
            .filter(|k| k.state != "PendingDeletion");
        let arn = match existing {
            Some(k) => {
                cx.adopt(
                    "ReplicateKey",
                    &replica,
                    Op::ScheduleKeyDeletion {
                        key_id: key_id.clone(),
                        pending_days: 7,
                    },
                    None,
                )?;
                let replica_policy = cx
                    .call_at(&replica, Op::GetKeyPolicy { key_id: key_id.clone() })
                    .await?
                    .text()?;
                if replica_policy != policy {
                    return Err(StepError::check(format!(
                        "the replica {} has a different key policy from the primary key (KMS never copies it): \
                         put the primary's policy on the replica, or roll this step back and run it again",
                        k.arn
                    )));
                }
                k.arn
            }
            None => {
                let k = cx
                    .call_at(
                        &primary,
                        Op::ReplicateKey {
                            key_id: key_id.clone(),
                            replica_region: replica.region.clone(),
                            policy: policy.clone(),
                        },
                    )
                    .await?
                    .key()?;
                cx.undo(
                    &replica,
                    Op::ScheduleKeyDeletion {
                        key_id: key_id.clone(),
                        pending_days: 7,
                    },
                    None,
                )?;
                k.arn
            }
        };
        let mut w = cx.waiter(format!("the replica key in {}", replica.region), TIMEOUT_MS);
        loop {
            let k = cx
                .call_at(&replica, Op::DescribeKey { key_id: key_id.clone() })
                .await?
                .maybe_key()?;
            match k.map(|k| k.state) {
                Some(s) if s == "Enabled" => break,
                Some(s) => w.tick(cx, &s).await?,
                None => w.tick(cx, "not visible yet").await?,
            }
        }
        cx.set_out("replica_arn", &arn)?;
        Ok(())
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let key_id = cx.out("alice.kms-key", "key_id")?;
        match cx.call(Op::DescribeKey { key_id: key_id.clone() }).await?.maybe_key()? {
            Some(k) if k.state == "Enabled" => Ok(()),
            _ => Err(StepError::check(format!(
                "the replica of {key_id} in {} is missing or not enabled",
                cx.target().region
            ))),
        }
    }
}

pub struct Encryption;

#[async_trait::async_trait]
impl Action for Encryption {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let instance_arn = cx.out("alice.preflight", "instance_arn")?;
        let key_arn = cx.out("alice.kms-key", "key_arn")?;
        let before = cx
            .call(Op::DescribeInstance {
                instance_arn: instance_arn.clone(),
            })
            .await?
            .instance()?;
        let undo = Op::UpdateInstanceEncryption {
            instance_arn: instance_arn.clone(),
            kms_key_arn: before.kms_key_arn.clone(),
        };
        let wait = Some(WaitFor::EncryptionSettled {
            instance_arn: instance_arn.clone(),
        });
        if before.kms_key_arn.as_deref() == Some(key_arn.as_str()) && before.encryption_status != "UPDATE_FAILED" {
            // Already on our key (or switching to it): a previous run's change, if it was ours.
            let undo_back = Op::UpdateInstanceEncryption {
                instance_arn: instance_arn.clone(),
                kms_key_arn: None,
            };
            cx.adopt("UpdateInstance", &t, undo_back, wait.clone())?;
        } else {
            // The encryption setting goes alone in its call, never with other instance settings.
            cx.call(Op::UpdateInstanceEncryption {
                instance_arn: instance_arn.clone(),
                kms_key_arn: Some(key_arn.clone()),
            })
            .await?;
            cx.undo(&t, undo, wait)?;
        }
        let mut w = cx.waiter("Identity Center encryption", TIMEOUT_MS);
        loop {
            let d = cx
                .call(Op::DescribeInstance {
                    instance_arn: instance_arn.clone(),
                })
                .await?
                .instance()?;
            match d.encryption_status.as_str() {
                "ENABLED" => break,
                "UPDATE_FAILED" => {
                    return Err(StepError::check(format!(
                        "Identity Center could not switch to the key: {}. Check the key policy of {key_arn} (alice.kms-key)",
                        d.encryption_reason.unwrap_or_else(|| "no reason given".into())
                    )));
                }
                s => w.tick(cx, s).await?,
            }
        }
        Ok(())
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let instance_arn = cx.out("alice.preflight", "instance_arn")?;
        let key_arn = cx.out("alice.kms-key", "key_arn")?;
        let d = cx.call(Op::DescribeInstance { instance_arn }).await?.instance()?;
        if d.kms_key_arn.as_deref() == Some(key_arn.as_str()) && d.encryption_status == "ENABLED" {
            Ok(())
        } else {
            Err(StepError::check(format!(
                "Identity Center is encrypted with {:?} ({})",
                d.kms_key_arn, d.encryption_status
            )))
        }
    }
}

pub struct AddRegion;

#[async_trait::async_trait]
impl Action for AddRegion {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let instance_arn = cx.out("alice.preflight", "instance_arn")?;
        let region = cx.answer("secondary_region");
        let undo = Op::RemoveRegion {
            instance_arn: instance_arn.clone(),
            region: region.clone(),
        };
        let wait = Some(WaitFor::RegionRemoved {
            instance_arn: instance_arn.clone(),
            region: region.clone(),
        });
        let status = cx
            .call(Op::DescribeRegion {
                instance_arn: instance_arn.clone(),
                region: region.clone(),
            })
            .await?
            .region_status()?;
        match status.as_deref() {
            None => {
                cx.call(Op::AddRegion {
                    instance_arn: instance_arn.clone(),
                    region: region.clone(),
                })
                .await?;
                cx.undo(&t, undo, wait)?;
            }
            Some("REMOVING") => {
                return Err(StepError::check(format!(
                    "{region} is being removed from Identity Center: wait until it is gone, then run this step again"
                )));
            }
            Some(_) => cx.adopt("AddRegion", &t, undo, wait)?,
        }
        let mut w = cx.waiter(format!("Region {region}"), TIMEOUT_MS);
        loop {
            let s = cx
                .call(Op::DescribeRegion {
                    instance_arn: instance_arn.clone(),
                    region: region.clone(),
                })
                .await?
                .region_status()?;
            match s.as_deref() {
                Some("ACTIVE") => break,
                Some(s) => w.tick(cx, s).await?,
                None => w.tick(cx, "not listed yet").await?,
            }
        }
        let ssoins = instance_arn.rsplit('/').next().unwrap_or_default();
        cx.set_out("portal_url", &format!("https://{ssoins}.portal.{region}.app.aws"))?;
        Ok(())
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let instance_arn = cx.out("alice.preflight", "instance_arn")?;
        let region = cx.answer("secondary_region");
        let s = cx
            .call(Op::DescribeRegion {
                instance_arn,
                region: region.clone(),
            })
            .await?
            .region_status()?;
        if s.as_deref() == Some("ACTIVE") {
            Ok(())
        } else {
            Err(StepError::check(format!("{region} is {s:?} in Identity Center")))
        }
    }
}

pub struct PermissionSet;

#[async_trait::async_trait]
impl Action for PermissionSet {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let instance_arn = cx.out("alice.preflight", "instance_arn")?;
        let name = cx.answer("permission_set_name");
        let region = cx.answer("secondary_region");
        let found = cx
            .call(Op::FindPermissionSet {
                instance_arn: instance_arn.clone(),
                name: name.clone(),
            })
            .await?
            .maybe_id()?;
        let create = Op::CreatePermissionSet {
            instance_arn: instance_arn.clone(),
            name: name.clone(),
            description: format!("Query Editor v2 in {region}, created by tipwiz"),
            session_duration: cx.answer("session_duration"),
            relay_state: format!("https://{region}.console.aws.amazon.com/sqlworkbench/home?region={region}"),
        };
        let arn = cx
            .ensure(
                &t,
                found,
                create,
                |r| r.id(),
                |arn| Op::DeletePermissionSet {
                    instance_arn: instance_arn.clone(),
                    permission_set_arn: arn.clone(),
                },
            )
            .await?;
        match cx
            .call(Op::AttachManagedPolicyToPermissionSet {
                instance_arn,
                permission_set_arn: arn.clone(),
                policy_arn: cx.answer("editor_policy_arn"),
            })
            .await
        {
            Ok(_)
            | Err(StepError::Cloud {
                error: CloudError::AlreadyExists { .. },
                ..
            }) => {}
            Err(e) => return Err(e),
        }
        cx.set_out("permission_set_arn", &arn)
    }
}

pub struct AssignGroup;

#[async_trait::async_trait]
impl Action for AssignGroup {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let instance_arn = cx.out("alice.preflight", "instance_arn")?;
        let store = cx.out("alice.preflight", "identity_store_id")?;
        let ps = cx.out("alice.permission-set", "permission_set_arn")?;
        let group = cx.answer("group_name");
        let account = cx.answer("analytics_account_id");
        let group_id = match cx
            .call(Op::GetGroupId {
                identity_store_id: store,
                display_name: group.clone(),
            })
            .await
        {
            Ok(r) => r.id()?,
            Err(StepError::Cloud {
                error: CloudError::NotFound { .. },
                ..
            }) => {
                return Err(StepError::check(format!(
                    "the identity store has no group named {group}: check alice.group_name against the group's display name"
                )));
            }
            Err(e) => return Err(e),
        };
        cx.set_out("group_id", &group_id)?;
        let undo = Op::DeleteAccountAssignment {
            instance_arn: instance_arn.clone(),
            permission_set_arn: ps.clone(),
            account_id: account.clone(),
            group_id: group_id.clone(),
        };
        let assigned = cx
            .call(Op::ListAccountAssignments {
                instance_arn: instance_arn.clone(),
                account_id: account.clone(),
                permission_set_arn: ps.clone(),
            })
            .await?
            .ids()?;
        if assigned.contains(&group_id) {
            return cx.adopt("CreateAccountAssignment", &t, undo, None);
        }
        let status = cx
            .call(Op::CreateAccountAssignment {
                instance_arn: instance_arn.clone(),
                permission_set_arn: ps,
                account_id: account,
                group_id,
            })
            .await?
            .assignment()?;
        cx.undo(&t, undo, None)?;
        let mut w = cx.waiter("the account assignment", TIMEOUT_MS);
        let mut s = status;
        loop {
            match s.status.as_str() {
                "SUCCEEDED" => return Ok(()),
                "FAILED" => {
                    return Err(StepError::check(format!(
                        "the assignment failed: {}",
                        s.reason.unwrap_or_else(|| "no reason given".into())
                    )));
                }
                other => w.tick(cx, other).await?,
            }
            s = cx
                .call(Op::DescribeAccountAssignmentCreationStatus {
                    instance_arn: instance_arn.clone(),
                    request_id: s.request_id.clone(),
                })
                .await?
                .assignment()?;
        }
    }
}
