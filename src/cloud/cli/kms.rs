//! The AWS CLI arguments of the kms operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        FindKeyByTag { .. } => vec![],
        CreateKey {
            description,
            policy,
            multi_region,
            tags,
        } => {
            let mut v = vec![("--description", s(description)), ("--policy", s(policy))];
            if *multi_region {
                v.push(("--multi-region", String::new()));
            }
            if !tags.is_empty() {
                let t: Vec<_> = tags
                    .iter()
                    .map(|(k, v)| serde_json::json!({"TagKey": k, "TagValue": v}))
                    .collect();
                v.push(("--tags", json_text(&serde_json::Value::Array(t))));
            }
            v
        }
        CreateAlias { alias, key_id } => vec![("--alias-name", s(alias)), ("--target-key-id", s(key_id))],
        PutKeyPolicy { key_id, policy } => vec![
            ("--key-id", s(key_id)),
            ("--policy-name", s("default")),
            ("--policy", s(policy)),
        ],
        DescribeKey { key_id } | GetKeyPolicy { key_id } => {
            let mut v = vec![("--key-id", s(key_id))];
            if matches!(op, GetKeyPolicy { .. }) {
                v.push(("--policy-name", s("default")));
            }
            v
        }
        ReplicateKey {
            key_id,
            replica_region,
            policy,
        } => {
            vec![
                ("--key-id", s(key_id)),
                ("--replica-region", s(replica_region)),
                ("--policy", s(policy)),
            ]
        }
        DeleteAlias { alias } => vec![("--alias-name", s(alias))],
        ScheduleKeyDeletion { key_id, pending_days } => {
            vec![
                ("--key-id", s(key_id)),
                ("--pending-window-in-days", pending_days.to_string()),
            ]
        }
        _ => vec![],
    }
}
