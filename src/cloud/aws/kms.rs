//! KMS: multi-Region keys, replicas, aliases and key policies.

use super::*;
use aws_sdk_kms::types::Tag;

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::FindKeyByTag { tag_key, tag_value } => {
            let mut pages = c.kms.list_keys().into_paginator().send();
            while let Some(page) = pages.next().await {
                for k in page.or_cloud(t, op)?.keys() {
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
                        let d = c.kms.describe_key().key_id(id).send().await.or_cloud(t, op)?;
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
            let r = req.send().await.or_cloud(t, op)?;
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
                .or_cloud(t, op)?;
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
                .or_cloud(t, op)?;
            Ok(Reply::Text(r.policy().unwrap_or_default().to_string()))
        }
        Op::PutKeyPolicy { key_id, policy } => {
            c.kms
                .put_key_policy()
                .key_id(key_id)
                .policy_name("default")
                .policy(policy)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
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
                .or_cloud(t, op)?;
            Ok(Reply::Key(key_info(
                r.replica_key_metadata()
                    .ok_or_else(|| missing(op, "replica metadata"))?,
                replica_region,
            )))
        }
        Op::DeleteAlias { alias } => {
            c.kms.delete_alias().alias_name(alias).send().await.or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::ScheduleKeyDeletion { key_id, pending_days } => {
            c.kms
                .schedule_key_deletion()
                .key_id(key_id)
                .pending_window_in_days(*pending_days as i32)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        other => Err(misrouted(other)),
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
