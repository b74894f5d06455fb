//! Alice's steps: Identity Center, its key, its second Region, and the analysts' way in.

use super::cx::{Cx, StepError};
use super::shared::{check_caller, wait_status};
use super::{Action, Seen, observe_by_checks, policy, same_credentials};
use crate::catalog::{AccountRole, RegionRole};
use crate::cloud::{CloudError, Op, Target, key_policy_allows};
use crate::journal::{Undo, WaitFor};

const TIMEOUT_MS: u64 = 60 * 60_000;

pub struct AlicePreflight;

/// The organization's Identity Center instance as `observer`'s credentials see it in `region`
/// (a member account sees the organization's instance where Identity Center answers).
pub(super) async fn instance_seen(
    cx: &Cx,
    observer: &Target,
    region: &str,
) -> Result<Option<crate::cloud::Instance>, StepError> {
    let at = Target {
        region: region.to_string(),
        ..observer.clone()
    };
    let owner = cx.answer("management_account_id");
    Ok(cx
        .call_at(&at, Op::ListInstances)
        .await?
        .instances()?
        .into_iter()
        .find(|i| i.owner_account == owner))
}

impl AlicePreflight {
    async fn find(cx: &Cx) -> Result<crate::cloud::Instance, StepError> {
        let want = cx.answer("management_account_id");
        instance_seen(cx, &cx.target(), &cx.answer("primary_region")).await?.ok_or_else(|| {
            StepError::check(format!(
                "no organization instance of IAM Identity Center answers in {} for account {want}: enable Identity Center there, \
                 or set alice.primary_region to the Region where it was enabled",
                cx.answer("primary_region")
            ))
        })
    }
}

#[async_trait::async_trait]
impl Action for AlicePreflight {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        check_caller(cx, "Alice", AccountRole::Management).await?;
        let inst = Self::find(cx).await?;
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
            // Any other failure stops the step: AWS always answers DescribeInstance.
            Err(StepError::Cloud {
                error: CloudError::Unsupported { .. },
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

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        Self::find(cx).await.map(|_| ())
    }

    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        let region = cx.answer("primary_region");
        match instance_seen(cx, observer, &region).await? {
            Some(inst) => {
                cx.set_out("instance_arn", &inst.arn)?;
                cx.set_out("identity_store_id", &inst.identity_store_id)?;
                Ok(Seen::InPlace)
            }
            None => Ok(Seen::Missing(format!(
                "no organization instance of IAM Identity Center answers in {region} for account {}",
                cx.answer("management_account_id")
            ))),
        }
    }
}

/// What a key policy lacks for this setup, in words; empty when nothing does.
fn key_policy_gaps(policy: &str) -> Vec<&'static str> {
    let a = key_policy_allows(policy);
    let mut gaps = vec![];
    if !a.identity_center {
        gaps.push("Identity Center and the identity store using the key");
    }
    if !a.org_principals {
        gaps.push(
            "principals of the organization decrypting through Identity Center (account B reads the identity store)",
        );
    }
    if !a.managed_apps {
        gaps.push(
            "AWS managed applications decrypting through Identity Center (Redshift, Lake Formation, S3 Access Grants)",
        );
    }
    gaps
}

pub struct CreateKey;

#[async_trait::async_trait]
impl Action for CreateKey {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let alias = cx.answer("kms_alias");
        let delete_key = |key_id: &str| Op::ScheduleKeyDeletion {
            key_id: key_id.into(),
            pending_days: 7,
        };
        let delete_alias = Undo::at(&t, Op::DeleteAlias { alias: alias.clone() });
        let by_alias = cx.call(Op::DescribeKey { key_id: alias.clone() }).await?.maybe_key()?;
        let key = match by_alias {
            Some(k) => {
                if !k.multi_region {
                    return Err(StepError::check(format!(
                        "{alias} points at {}, a single-Region key that cannot be replicated: choose another alice.kms_alias",
                        k.arn
                    )));
                }
                cx.adopt("CreateKey", Undo::at(&t, delete_key(&k.key_id)))?;
                cx.adopt("CreateAlias", delete_alias)?;
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
                let create = Op::CreateKey {
                    description: format!("IAM Identity Center encryption, created by tipwiz ({alias})"),
                    policy: policy::identity_center_key(&cx.answer("management_account_id")),
                    multi_region: true,
                    tags: vec![("tipwiz:alias".into(), alias.clone())],
                };
                let k = cx
                    .ensure(&t, tagged, create, |r| r.key(), |k| delete_key(&k.key_id))
                    .await?;
                let alias_op = Op::CreateAlias {
                    alias: alias.clone(),
                    key_id: k.key_id.clone(),
                };
                match cx
                    .create(&t, alias_op, |_| Ok(()), |_| Op::DeleteAlias { alias: alias.clone() })
                    .await
                {
                    Ok(()) => {}
                    Err(StepError::Cloud {
                        error: CloudError::AlreadyExists { .. },
                        ..
                    }) => cx.adopt("CreateAlias", delete_alias)?,
                    Err(e) => return Err(e),
                }
                k
            }
        };
        let gaps = key_policy_gaps(
            &cx.call(Op::GetKeyPolicy {
                key_id: key.key_id.clone(),
            })
            .await?
            .text()?,
        );
        if !gaps.is_empty() {
            return Err(StepError::check(format!(
                "the key policy of {} does not allow {}: put the policy tipwiz plan --policies shows on the key, or choose another alice.kms_alias",
                key.arn,
                gaps.join("; nor ")
            )));
        }
        cx.set_out("key_id", &key.key_id)?;
        cx.set_out("key_arn", &key.arn)?;
        Ok(())
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let id = cx.out(&cx.step.id, "key_id")?;
        match cx.call(Op::DescribeKey { key_id: id.clone() }).await?.maybe_key()? {
            Some(k) if k.state == "Enabled" => {}
            Some(k) => return Err(StepError::check(format!("key {id} is {}", k.state))),
            None => return Err(StepError::check(format!("key {id} does not exist"))),
        }
        let gaps = key_policy_gaps(&cx.call(Op::GetKeyPolicy { key_id: id.clone() }).await?.text()?);
        if gaps.is_empty() {
            Ok(())
        } else {
            Err(StepError::check(format!(
                "the policy of key {id} does not allow {}: roll back alice.kms-key and apply it again",
                gaps.join("; nor ")
            )))
        }
    }

    /// The key is found by its alias.
    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        if same_credentials(&cx.target(), observer)
            && let Some(k) = cx
                .call(Op::DescribeKey {
                    key_id: cx.answer("kms_alias"),
                })
                .await?
                .maybe_key()?
        {
            cx.set_out("key_id", &k.key_id)?;
            cx.set_out("key_arn", &k.arn)?;
        }
        observe_by_checks(self, cx, observer).await
    }
}

pub struct ReplicateKey;

#[async_trait::async_trait]
impl Action for ReplicateKey {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let key_id = cx.out("alice.kms-key", "key_id")?;
        let primary = cx.target_of(AccountRole::Management, RegionRole::Primary);
        let replica = cx.target();
        let delete = Undo::at(
            &replica,
            Op::ScheduleKeyDeletion {
                key_id: key_id.clone(),
                pending_days: 7,
            },
        );
        // KMS never copies a key policy to a replica: the primary's is read and handed over.
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
                cx.adopt("ReplicateKey", delete)?;
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
                let op = Op::ReplicateKey {
                    key_id: key_id.clone(),
                    replica_region: replica.region.clone(),
                    policy: policy.clone(),
                };
                cx.create_with(&primary, op, |r| r.key(), |_| vec![delete]).await?.arn
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
        let primary = cx.target_of(AccountRole::Management, RegionRole::Primary);
        match cx.call(Op::DescribeKey { key_id: key_id.clone() }).await?.maybe_key()? {
            Some(k) if k.state == "Enabled" => {}
            _ => {
                return Err(StepError::check(format!(
                    "the replica of {key_id} in {} is missing or not enabled",
                    cx.target().region
                )));
            }
        }
        let want = cx
            .call_at(&primary, Op::GetKeyPolicy { key_id: key_id.clone() })
            .await?
            .text()?;
        let got = cx.call(Op::GetKeyPolicy { key_id: key_id.clone() }).await?.text()?;
        if want == got {
            Ok(())
        } else {
            Err(StepError::check(format!(
                "the replica of {key_id} in {} has another key policy than the primary (KMS never syncs them): \
                 put the primary's policy on it",
                cx.target().region
            )))
        }
    }

    /// The primary's policy, put on the replica.
    async fn repair(&self, cx: &Cx) -> Vec<String> {
        let Ok(key_id) = cx.out("alice.kms-key", "key_id") else {
            return vec![];
        };
        let primary = cx.target_of(AccountRole::Management, RegionRole::Primary);
        let read =
            crate::cloud::cli::command(&primary, &Op::GetKeyPolicy { key_id: key_id.clone() }).unwrap_or_default();
        let put = Op::PutKeyPolicy {
            key_id,
            policy: "POLICY".into(),
        };
        crate::cloud::cli::command(&cx.target(), &put)
            .map(|c| c.replacen("POLICY", &format!("\"$({read} --query Policy --output text)\""), 1))
            .into_iter()
            .collect()
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
        let settled = WaitFor::EncryptionSettled {
            instance_arn: instance_arn.clone(),
        };
        // Undone by switching back, once any change under way has settled, and waited for.
        let back = |to: Option<String>| {
            Undo::at(
                &t,
                Op::UpdateInstanceEncryption {
                    instance_arn: instance_arn.clone(),
                    kms_key_arn: to,
                },
            )
            .after(settled.clone())
            .then_wait(settled.clone())
        };
        if before.kms_key_arn.as_deref() == Some(key_arn.as_str()) && before.encryption_status != "UPDATE_FAILED" {
            // Already on our key (or switching to it): a previous run's change, if it was ours.
            cx.adopt("UpdateInstance", back(None))?;
        } else {
            // The encryption setting goes alone in its call, never with other instance settings.
            let op = Op::UpdateInstanceEncryption {
                instance_arn: instance_arn.clone(),
                kms_key_arn: Some(key_arn.clone()),
            };
            cx.create_with(&t, op, |_| Ok(()), |_| vec![back(before.kms_key_arn.clone())])
                .await?;
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
                "Identity Center is encrypted with {} ({}), not {key_arn}",
                d.kms_key_arn.as_deref().unwrap_or("an AWS owned key"),
                d.encryption_status
            )))
        }
    }

    async fn repair(&self, cx: &Cx) -> Vec<String> {
        let (Ok(instance_arn), Ok(key_arn)) = (
            cx.out("alice.preflight", "instance_arn"),
            cx.out("alice.kms-key", "key_arn"),
        ) else {
            return vec![];
        };
        let op = Op::UpdateInstanceEncryption {
            instance_arn,
            kms_key_arn: Some(key_arn),
        };
        crate::cloud::cli::command(&cx.target(), &op).into_iter().collect()
    }
}

pub struct AddRegion;

#[async_trait::async_trait]
impl Action for AddRegion {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let instance_arn = cx.out("alice.preflight", "instance_arn")?;
        let region = cx.answer("secondary_region");
        // Removed once it has finished being added, and waited off the instance's Regions.
        let undo = Undo::at(
            &t,
            Op::RemoveRegion {
                instance_arn: instance_arn.clone(),
                region: region.clone(),
            },
        )
        .after(WaitFor::RegionSettled {
            instance_arn: instance_arn.clone(),
            region: region.clone(),
        })
        .then_wait(WaitFor::RegionRemoved {
            instance_arn: instance_arn.clone(),
            region: region.clone(),
        });
        let describe = Op::DescribeRegion {
            instance_arn: instance_arn.clone(),
            region: region.clone(),
        };
        match cx.call(describe.clone()).await?.region_status()?.as_deref() {
            None => {
                let op = Op::AddRegion {
                    instance_arn: instance_arn.clone(),
                    region: region.clone(),
                };
                cx.create_with(&t, op, |_| Ok(()), |_| vec![undo]).await?;
            }
            Some("REMOVING") => {
                return Err(StepError::check(format!(
                    "{region} is being removed from Identity Center: wait until it is gone, then run this step again"
                )));
            }
            Some(_) => cx.adopt("AddRegion", undo)?,
        }
        let mut w = cx.waiter(format!("Region {region}"), TIMEOUT_MS);
        loop {
            match cx.call(describe.clone()).await?.region_status()?.as_deref() {
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
            Err(StepError::check(format!(
                "{region} is {} in Identity Center",
                s.as_deref().unwrap_or("not added")
            )))
        }
    }

    /// From another account: Identity Center answers in the second Region.
    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        if same_credentials(&cx.target(), observer) {
            return observe_by_checks(self, cx, observer).await;
        }
        let region = cx.answer("secondary_region");
        Ok(match instance_seen(cx, observer, &region).await? {
            Some(_) => Seen::InPlace,
            None => Seen::Missing(format!("Identity Center does not answer in {region} yet")),
        })
    }

    async fn repair(&self, cx: &Cx) -> Vec<String> {
        let Ok(instance_arn) = cx.out("alice.preflight", "instance_arn") else {
            return vec![];
        };
        let op = Op::AddRegion {
            instance_arn,
            region: cx.answer("secondary_region"),
        };
        crate::cloud::cli::command(&cx.target(), &op).into_iter().collect()
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
        cx.set_out("permission_set_arn", &arn)?;
        let policy_arn = cx.answer("editor_policy_arn");
        let attached = cx
            .call(Op::ListManagedPoliciesInPermissionSet {
                instance_arn: instance_arn.clone(),
                permission_set_arn: arn.clone(),
            })
            .await?
            .ids()?;
        if !attached.contains(&policy_arn) {
            cx.call(Op::AttachManagedPolicyToPermissionSet {
                instance_arn: instance_arn.clone(),
                permission_set_arn: arn.clone(),
                policy_arn,
            })
            .await?;
        }
        // Query Editor v2 must find its Identity Center application; the managed policy does
        // not allow that. Put again on every run: it replaces the inline policy whole.
        cx.call(Op::PutInlinePolicyToPermissionSet {
            instance_arn: instance_arn.clone(),
            permission_set_arn: arn.clone(),
            document: policy::query_editor_inline(),
        })
        .await?;
        // A permission set already assigned keeps its old policies in the accounts until it is
        // provisioned again.
        let assigned = cx
            .call(Op::ListAccountAssignments {
                instance_arn: instance_arn.clone(),
                account_id: cx.answer("analytics_account_id"),
                permission_set_arn: arn.clone(),
            })
            .await?
            .ids()?;
        if !assigned.is_empty() {
            let status = cx
                .call(Op::ProvisionPermissionSet {
                    instance_arn: instance_arn.clone(),
                    permission_set_arn: arn.clone(),
                })
                .await?
                .assignment()?;
            wait_status(cx, "the permission set to be provisioned", status, |request_id| {
                Op::DescribePermissionSetProvisioningStatus {
                    instance_arn: instance_arn.clone(),
                    request_id,
                }
            })
            .await?;
        }
        Ok(())
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let instance_arn = cx.out("alice.preflight", "instance_arn")?;
        let arn = cx.out(&cx.step.id, "permission_set_arn")?;
        let name = cx.answer("permission_set_name");
        let found = cx
            .call(Op::FindPermissionSet {
                instance_arn: instance_arn.clone(),
                name: name.clone(),
            })
            .await?
            .maybe_id()?;
        if found.as_deref() != Some(arn.as_str()) {
            return Err(StepError::check(format!(
                "the permission set {name} ({arn}) does not exist"
            )));
        }
        let policy_arn = cx.answer("editor_policy_arn");
        let attached = cx
            .call(Op::ListManagedPoliciesInPermissionSet {
                instance_arn,
                permission_set_arn: arn,
            })
            .await?
            .ids()?;
        if attached.contains(&policy_arn) {
            Ok(())
        } else {
            Err(StepError::check(format!(
                "{policy_arn} is not attached to the permission set {name}"
            )))
        }
    }

    /// The permission set is found by its name.
    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        if same_credentials(&cx.target(), observer)
            && let Ok(instance_arn) = cx.out("alice.preflight", "instance_arn")
            && let Some(arn) = cx
                .call(Op::FindPermissionSet {
                    instance_arn,
                    name: cx.answer("permission_set_name"),
                })
                .await?
                .maybe_id()?
        {
            cx.set_out("permission_set_arn", &arn)?;
        }
        observe_by_checks(self, cx, observer).await
    }
}

pub struct AssignGroup;

impl AssignGroup {
    async fn assigned(cx: &Cx, group_id: &str) -> Result<bool, StepError> {
        let ids = cx
            .call(Op::ListAccountAssignments {
                instance_arn: cx.out("alice.preflight", "instance_arn")?,
                account_id: cx.answer("analytics_account_id"),
                permission_set_arn: cx.out("alice.permission-set", "permission_set_arn")?,
            })
            .await?
            .ids()?;
        Ok(ids.iter().any(|g| g == group_id))
    }
}

#[async_trait::async_trait]
impl Action for AssignGroup {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let instance_arn = cx.out("alice.preflight", "instance_arn")?;
        let ps = cx.out("alice.permission-set", "permission_set_arn")?;
        let account = cx.answer("analytics_account_id");
        let group_id = super::shared::group_id_in(cx, &cx.out("alice.preflight", "identity_store_id")?).await?;
        cx.set_out("group_id", &group_id)?;
        // Deleting an assignment is asynchronous too: the permission set can only go once the
        // deletion has finished.
        let undo = Undo::at(
            &t,
            Op::DeleteAccountAssignment {
                instance_arn: instance_arn.clone(),
                permission_set_arn: ps.clone(),
                account_id: account.clone(),
                group_id: group_id.clone(),
            },
        )
        .then_wait(WaitFor::AssignmentDeleted {
            instance_arn: instance_arn.clone(),
        });
        if Self::assigned(cx, &group_id).await? {
            return cx.adopt("CreateAccountAssignment", undo);
        }
        let op = Op::CreateAccountAssignment {
            instance_arn: instance_arn.clone(),
            permission_set_arn: ps,
            account_id: account,
            group_id,
        };
        let status = cx.create_with(&t, op, |r| r.assignment(), |_| vec![undo]).await?;
        wait_status(cx, "the account assignment", status, |request_id| {
            Op::DescribeAccountAssignmentCreationStatus {
                instance_arn: instance_arn.clone(),
                request_id,
            }
        })
        .await
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let group_id = cx.out(&cx.step.id, "group_id")?;
        if Self::assigned(cx, &group_id).await? {
            Ok(())
        } else {
            Err(StepError::check(format!(
                "{} is not assigned to account {} with the permission set",
                cx.answer("group_name"),
                cx.answer("analytics_account_id")
            )))
        }
    }

    /// From the analytics account the group is seen in the identity store; the assignment
    /// itself only from account A (Identity Center's admin API answers there).
    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        if same_credentials(&cx.target(), observer) {
            let store = cx.out("alice.preflight", "identity_store_id")?;
            let group_id = super::shared::group_id_in(cx, &store).await?;
            cx.set_out("group_id", &group_id)?;
            return observe_by_checks(self, cx, observer).await;
        }
        let region = cx.answer("secondary_region");
        let Some(inst) = instance_seen(cx, observer, &region).await? else {
            return Ok(Seen::Missing(format!(
                "Identity Center does not answer in {region} yet"
            )));
        };
        let at = Target {
            region,
            ..observer.clone()
        };
        let group = cx.answer("group_name");
        match cx
            .call_at(
                &at,
                Op::GetGroupId {
                    identity_store_id: inst.identity_store_id,
                    display_name: group.clone(),
                },
            )
            .await
        {
            Ok(r) => {
                cx.set_out("group_id", &r.id()?)?;
                cx.note(format!(
                    "{group} is in the identity store; its assignment to account {} can be seen only from account {}",
                    cx.answer("analytics_account_id"),
                    cx.answer("management_account_id")
                ));
                Ok(Seen::InPlace)
            }
            Err(StepError::Cloud {
                error: CloudError::NotFound { .. },
                ..
            }) => Ok(Seen::Missing(format!("the identity store has no group named {group}"))),
            Err(e) => Err(e),
        }
    }
}
