//! The AWS CLI arguments of the redshift operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        DescribeCluster { id } => vec![("--cluster-identifier", s(id))],
        ModifyClusterIamRoles { cluster, add, remove } => {
            let mut v = vec![("--cluster-identifier", s(cluster))];
            if !add.is_empty() {
                v.push(("--add-iam-roles", json_text(&serde_json::json!(add))));
            }
            if !remove.is_empty() {
                v.push(("--remove-iam-roles", json_text(&serde_json::json!(remove))));
            }
            v
        }
        FindRedshiftIdcApplication { .. } => vec![],
        CreateRedshiftIdcApplication {
            name,
            display_name,
            idc_instance_arn,
            identity_namespace,
            iam_role_arn,
            lake_formation,
            access_grants,
        } => {
            let mut integrations = vec![];
            if *lake_formation {
                integrations
                    .push(serde_json::json!({"LakeFormation": [{"LakeFormationQuery": {"Authorization": "Enabled"}}]}));
            }
            if *access_grants {
                integrations
                    .push(serde_json::json!({"S3AccessGrants": [{"ReadWriteAccess": {"Authorization": "Enabled"}}]}));
            }
            vec![
                ("--idc-instance-arn", s(idc_instance_arn)),
                ("--redshift-idc-application-name", s(name)),
                ("--idc-display-name", s(display_name)),
                ("--identity-namespace", s(identity_namespace)),
                ("--iam-role-arn", s(iam_role_arn)),
                (
                    "--service-integrations",
                    json_text(&serde_json::Value::Array(integrations)),
                ),
            ]
        }
        DeleteRedshiftIdcApplication { arn } => vec![("--redshift-idc-application-arn", s(arn))],
        FindQev2IdcApplication { .. } => vec![],
        CreateQev2IdcApplication {
            name,
            display_name,
            idc_instance_arn,
        } => vec![
            ("--idc-instance-arn", s(idc_instance_arn)),
            ("--qev2-idc-application-name", s(name)),
            ("--idc-display-name", s(display_name)),
        ],
        DeleteQev2IdcApplication { arn } => vec![("--qev2-idc-application-arn", s(arn))],
        _ => vec![],
    }
}
