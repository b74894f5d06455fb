//! The AWS CLI arguments of the sso-admin operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        ListInstances => vec![],
        DescribeInstance { instance_arn } => vec![("--instance-arn", s(instance_arn))],
        UpdateInstanceEncryption {
            instance_arn,
            kms_key_arn,
        } => vec![
            ("--instance-arn", s(instance_arn)),
            (
                "--encryption-configuration",
                json_text(&match kms_key_arn {
                    Some(k) => serde_json::json!({"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": k}),
                    None => serde_json::json!({"KeyType": "AWS_OWNED_KMS_KEY"}),
                }),
            ),
        ],
        AddRegion { instance_arn, region }
        | DescribeRegion { instance_arn, region }
        | RemoveRegion { instance_arn, region } => {
            vec![("--instance-arn", s(instance_arn)), ("--region-name", s(region))]
        }
        FindPermissionSet { instance_arn, .. } | ListRegions { instance_arn } => {
            vec![("--instance-arn", s(instance_arn))]
        }
        CreatePermissionSet {
            instance_arn,
            name,
            description,
            session_duration,
            relay_state,
            // Whole as JSON: AWS CLI v1 fetches any http(s) URL given as a parameter value and sends
            // the page instead; a URL inside --cli-input-json is sent as it is.
        } => vec![(
            "--cli-input-json",
            json_text(&serde_json::json!({
                "InstanceArn": instance_arn,
                "Name": name,
                "Description": description,
                "SessionDuration": session_duration,
                "RelayState": relay_state,
            })),
        )],
        ListManagedPoliciesInPermissionSet {
            instance_arn,
            permission_set_arn,
        }
        | ProvisionPermissionSet {
            instance_arn,
            permission_set_arn,
        } => {
            let mut v = vec![
                ("--instance-arn", s(instance_arn)),
                ("--permission-set-arn", s(permission_set_arn)),
            ];
            if matches!(op, ProvisionPermissionSet { .. }) {
                v.push(("--target-type", s("ALL_PROVISIONED_ACCOUNTS")));
            }
            v
        }
        PutInlinePolicyToPermissionSet {
            instance_arn,
            permission_set_arn,
            document,
        } => vec![
            ("--instance-arn", s(instance_arn)),
            ("--permission-set-arn", s(permission_set_arn)),
            ("--inline-policy", s(document)),
        ],
        DescribePermissionSetProvisioningStatus {
            instance_arn,
            request_id,
        } => vec![
            ("--instance-arn", s(instance_arn)),
            ("--provision-permission-set-request-id", s(request_id)),
        ],
        DescribeAccountAssignmentDeletionStatus {
            instance_arn,
            request_id,
        } => vec![
            ("--instance-arn", s(instance_arn)),
            ("--account-assignment-deletion-request-id", s(request_id)),
        ],
        AttachManagedPolicyToPermissionSet {
            instance_arn,
            permission_set_arn,
            policy_arn,
        } => vec![
            ("--instance-arn", s(instance_arn)),
            ("--permission-set-arn", s(permission_set_arn)),
            ("--managed-policy-arn", s(policy_arn)),
        ],
        DeletePermissionSet {
            instance_arn,
            permission_set_arn,
        } => {
            vec![
                ("--instance-arn", s(instance_arn)),
                ("--permission-set-arn", s(permission_set_arn)),
            ]
        }
        ListAccountAssignments {
            instance_arn,
            account_id,
            permission_set_arn,
        } => vec![
            ("--instance-arn", s(instance_arn)),
            ("--account-id", s(account_id)),
            ("--permission-set-arn", s(permission_set_arn)),
        ],
        CreateAccountAssignment {
            instance_arn,
            permission_set_arn,
            account_id,
            group_id,
        }
        | DeleteAccountAssignment {
            instance_arn,
            permission_set_arn,
            account_id,
            group_id,
        } => vec![
            ("--instance-arn", s(instance_arn)),
            ("--target-id", s(account_id)),
            ("--target-type", s("AWS_ACCOUNT")),
            ("--permission-set-arn", s(permission_set_arn)),
            ("--principal-type", s("GROUP")),
            ("--principal-id", s(group_id)),
        ],
        DescribeAccountAssignmentCreationStatus {
            instance_arn,
            request_id,
        } => vec![
            ("--instance-arn", s(instance_arn)),
            ("--account-assignment-creation-request-id", s(request_id)),
        ],
        ListApplicationAssignments { application_arn } => vec![("--application-arn", s(application_arn))],
        CreateApplicationAssignment {
            application_arn,
            group_id,
        }
        | DeleteApplicationAssignment {
            application_arn,
            group_id,
        } => vec![
            ("--application-arn", s(application_arn)),
            ("--principal-type", s("GROUP")),
            ("--principal-id", s(group_id)),
        ],
        _ => vec![],
    }
}
