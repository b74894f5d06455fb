//! The AWS CLI arguments of the lakeformation operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        DeleteLakeFormationIdentityCenterConfiguration => vec![],
        DescribeLakeFormationIdentityCenterConfiguration => vec![],
        GetDataLakeSettings => vec![],
        PutDataLakeSettings { settings } => {
            let perms = |v: &Vec<crate::cloud::DefaultPermission>| {
                v.iter()
                    .map(|d| serde_json::json!({"Principal": {"DataLakePrincipalIdentifier": d.principal}, "Permissions": d.permissions}))
                    .collect::<Vec<_>>()
            };
            let ids = |v: &Vec<String>| {
                v.iter()
                    .map(|a| serde_json::json!({"DataLakePrincipalIdentifier": a}))
                    .collect::<Vec<_>>()
            };
            vec![(
                "--data-lake-settings",
                json_text(&serde_json::json!({
                    "DataLakeAdmins": ids(&settings.admins),
                    "ReadOnlyAdmins": ids(&settings.read_only_admins),
                    "CreateDatabaseDefaultPermissions": perms(&settings.create_database_defaults),
                    "CreateTableDefaultPermissions": perms(&settings.create_table_defaults),
                })),
            )]
        }
        CreateLakeFormationIdentityCenterConfiguration { instance_arn } => vec![("--instance-arn", s(instance_arn))],
        RegisterResource {
            resource_arn,
            role_arn,
            with_federation,
            with_privileged_access,
        } => {
            let mut v = vec![("--resource-arn", s(resource_arn)), ("--role-arn", s(role_arn))];
            if *with_federation {
                v.push(("--with-federation", String::new()));
            }
            if *with_privileged_access {
                v.push(("--with-privileged-access", String::new()));
            }
            v
        }
        DescribeResource { resource_arn } | DeregisterResource { resource_arn } => {
            vec![("--resource-arn", s(resource_arn))]
        }
        GrantPermissions {
            principal,
            resource,
            permissions,
        }
        | RevokePermissions {
            principal,
            resource,
            permissions,
        } => vec![
            ("--principal", principal_json(principal)),
            ("--resource", lf_resource_json(resource)),
            // A JSON list: each permission its own value (one joined word is not in the enum).
            ("--permissions", json_text(&serde_json::json!(permissions))),
        ],
        ListPermissions { principal, resource } => {
            let mut v = vec![];
            if let Some(p) = principal {
                v.push(("--principal", principal_json(p)));
            }
            if let Some(r) = resource {
                v.push(("--resource", lf_resource_json(r)));
            }
            v
        }
        _ => vec![],
    }
}

/// JSON rather than the `Key=Value` shorthand, where a comma in an ARN would split the value.
fn principal_json(principal: &str) -> String {
    json_text(&serde_json::json!({"DataLakePrincipalIdentifier": principal}))
}
