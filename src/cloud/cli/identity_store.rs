//! The AWS CLI arguments of the identitystore operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        ListGroups { identity_store_id } | ListUsers { identity_store_id } => {
            vec![("--identity-store-id", s(identity_store_id))]
        }
        GetGroupId {
            identity_store_id,
            display_name,
        } => vec![
            ("--identity-store-id", s(identity_store_id)),
            (
                "--alternate-identifier",
                json_text(
                    &serde_json::json!({"UniqueAttribute": {"AttributePath": "displayName", "AttributeValue": display_name}}),
                ),
            ),
        ],
        GetUserId {
            identity_store_id,
            user_name,
        } => vec![
            ("--identity-store-id", s(identity_store_id)),
            (
                "--alternate-identifier",
                json_text(
                    &serde_json::json!({"UniqueAttribute": {"AttributePath": "userName", "AttributeValue": user_name}}),
                ),
            ),
        ],
        _ => vec![],
    }
}
