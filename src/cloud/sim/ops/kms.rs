//! KMS: multi-Region keys, their replicas, aliases and policies.

use super::*;
use crate::cloud::sim::hash_hex;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, now: u64, slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let acct = t.account_id.clone();
    let here = regional(t);
    match op {
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
        // One key of a multi-Region set at a time: KMS never synchronises key policies (KMS
        // Developer Guide, "Updating multi-Region keys").
        PutKeyPolicy { key_id, policy } => {
            let id = find_key(st, t, key_id)?.info.key_id.clone();
            let k = st
                .keys
                .values_mut()
                .find(|k| k.info.key_id == id && k.info.region == t.region && k.account == t.account_id)
                .ok_or_else(|| nf(format!("key {key_id}")))?;
            k.policy = policy.clone();
            Ok(Reply::Done)
        }
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
        _ => Err(misrouted(op)),
    }
}

const DEFAULT_KEY_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"root"},"Action":"kms:*","Resource":"*"}]}"#;

pub(super) fn find_key<'a>(st: &'a SimState, t: &Target, key: &str) -> Result<&'a SimKey, CloudError> {
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
