//! The AWS CLI arguments of the S3 Access Grants (s3control) operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        GetAccessGrantsInstance { account_id }
        | DissociateAccessGrantsIdentityCenter { account_id }
        | DeleteAccessGrantsInstance { account_id }
        | ListAccessGrantsLocations { account_id }
        | ListAccessGrants { account_id } => vec![("--account-id", s(account_id))],
        CreateAccessGrantsInstance {
            account_id,
            identity_center_arn,
        }
        | AssociateAccessGrantsIdentityCenter {
            account_id,
            identity_center_arn,
        } => {
            vec![
                ("--account-id", s(account_id)),
                ("--identity-center-arn", s(identity_center_arn)),
            ]
        }
        CreateAccessGrantsLocation {
            account_id,
            scope,
            role_arn,
        } => vec![
            ("--account-id", s(account_id)),
            ("--location-scope", s(scope)),
            ("--iam-role-arn", s(role_arn)),
        ],
        DeleteAccessGrantsLocation { account_id, id } => {
            vec![("--account-id", s(account_id)), ("--access-grants-location-id", s(id))]
        }
        CreateAccessGrant {
            account_id,
            location_id,
            sub_prefix,
            group_id,
            permission,
        } => vec![
            ("--account-id", s(account_id)),
            ("--access-grants-location-id", s(location_id)),
            (
                "--access-grants-location-configuration",
                json_text(&serde_json::json!({"S3SubPrefix": sub_prefix})),
            ),
            (
                "--grantee",
                json_text(&serde_json::json!({"GranteeType": "DIRECTORY_GROUP", "GranteeIdentifier": group_id})),
            ),
            ("--permission", s(permission)),
        ],
        DeleteAccessGrant { account_id, id } => vec![("--account-id", s(account_id)), ("--access-grant-id", s(id))],
        _ => vec![],
    }
}
