//! The AWS CLI command equivalent to each operation, for `export --format shell`.

use super::{LfResource, Op, Target};

/// JSON text with object keys sorted, so documents read the same whatever serde_json's
/// features (another crate may turn on its key-order preservation).
pub fn json_text(v: &serde_json::Value) -> String {
    fn sorted(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                let mut out = serde_json::Map::new();
                for k in keys {
                    out.insert(k.clone(), sorted(&m[k]));
                }
                serde_json::Value::Object(out)
            }
            serde_json::Value::Array(a) => serde_json::Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    // Written by hand so the order survives even when the map type keeps insertion order.
    fn write(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::Object(m) => {
                out.push('{');
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push(':');
                    write(&m[k], out);
                }
                out.push('}');
            }
            serde_json::Value::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(x, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(&sorted(v), &mut out);
    out
}

/// A JSON document indented for people (policies in plan and in the confirm dialog).
pub fn pretty_json(doc: &str) -> String {
    serde_json::from_str::<serde_json::Value>(doc)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| doc.to_string())
}

/// Quotes a value for a POSIX shell. A value holding `${VAR}` references (put there by the
/// exporter for ids that only exist at run time) is double-quoted so that they expand.
pub fn sh(v: &str) -> String {
    if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c)) {
        return v.to_string();
    }
    if v.contains("${") {
        let mut out = String::from("\"");
        let chars: Vec<char> = v.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            match c {
                '\\' | '"' | '`' => {
                    out.push('\\');
                    out.push(*c);
                }
                '$' if chars.get(i + 1) != Some(&'{') => out.push_str("\\$"),
                _ => out.push(*c),
            }
        }
        out.push('"');
        return out;
    }
    format!("'{}'", v.replace('\'', "'\\''"))
}

fn lf_resource_json(r: &LfResource) -> String {
    match r {
        LfResource::Database { catalog_id, name } => {
            json_text(&serde_json::json!({"Database": {"CatalogId": catalog_id, "Name": name}}))
        }
        LfResource::Table {
            catalog_id,
            database,
            table,
        } => match table {
            Some(t) => {
                json_text(&serde_json::json!({"Table": {"CatalogId": catalog_id, "DatabaseName": database, "Name": t}}))
            }
            None => json_text(
                &serde_json::json!({"Table": {"CatalogId": catalog_id, "DatabaseName": database, "TableWildcard": {}}}),
            ),
        },
    }
}

/// The command's arguments after `aws SERVICE OPERATION`, as (flag, value) pairs;
/// a flag with an empty value is a switch.
fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    let s = |v: &str| v.to_string();
    match op {
        GetCallerIdentity
        | ListInstances
        | GetDataLakeSettings
        | DescribeLakeFormationIdentityCenterConfiguration
        | DeleteLakeFormationIdentityCenterConfiguration => vec![],
        DescribeInstance { instance_arn } => vec![("--instance-arn", s(instance_arn))],
        UpdateInstanceEncryption {
            instance_arn,
            kms_key_arn,
        } => vec![
            ("--instance-arn", s(instance_arn)),
            (
                "--encryption-configuration",
                match kms_key_arn {
                    Some(k) => format!("KeyType=CUSTOMER_MANAGED_KEY,KmsKeyArn={k}"),
                    None => "KeyType=AWS_OWNED_KMS_KEY".into(),
                },
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
        } => vec![
            ("--instance-arn", s(instance_arn)),
            ("--name", s(name)),
            ("--description", s(description)),
            ("--session-duration", s(session_duration)),
            ("--relay-state", s(relay_state)),
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
        GetRole { name } | DeleteRole { name } => vec![("--role-name", s(name))],
        CreateRole {
            name,
            path,
            trust_policy,
            description,
        } => vec![
            ("--role-name", s(name)),
            ("--path", s(path)),
            ("--description", s(description)),
            ("--assume-role-policy-document", s(trust_policy)),
        ],
        PutRolePolicy {
            role_name,
            policy_name,
            document,
        } => vec![
            ("--role-name", s(role_name)),
            ("--policy-name", s(policy_name)),
            ("--policy-document", s(document)),
        ],
        CreateServiceLinkedRole { service } => vec![("--aws-service-name", s(service))],
        PutDataLakeSettings { settings } => {
            let perms = |v: &Vec<super::DefaultPermission>| {
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
        } => {
            let mut v = vec![("--resource-arn", s(resource_arn)), ("--role-arn", s(role_arn))];
            if *with_federation {
                v.push(("--with-federation", String::new()));
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
            ("--principal", format!("DataLakePrincipalIdentifier={principal}")),
            ("--resource", lf_resource_json(resource)),
            ("--permissions", permissions.join(" ")),
        ],
        ListPermissions { principal, resource } => {
            let mut v = vec![];
            if let Some(p) = principal {
                v.push(("--principal", format!("DataLakePrincipalIdentifier={p}")));
            }
            if let Some(r) = resource {
                v.push(("--resource", lf_resource_json(r)));
            }
            v
        }
        GetCatalog { name } | DeleteCatalog { name } => vec![("--catalog-id", s(name))],
        CreateCatalog {
            name,
            federated_identifier,
            connection_name,
        } => vec![
            ("--name", s(name)),
            (
                "--catalog-input",
                json_text(&serde_json::json!({
                    "FederatedCatalog": {"Identifier": federated_identifier, "ConnectionName": connection_name},
                    "CreateDatabaseDefaultPermissions": [],
                    "CreateTableDefaultPermissions": [],
                    "AllowFullTableExternalDataAccess": "True"
                })),
            ),
        ],
        FindTableBucket { name } => vec![("--prefix", s(name))],
        CreateTableBucket { name } => vec![("--name", s(name))],
        DeleteTableBucket { arn } => vec![("--table-bucket-arn", s(arn))],
        GetNamespace {
            table_bucket_arn,
            namespace,
        }
        | DeleteNamespace {
            table_bucket_arn,
            namespace,
        }
        | CreateNamespace {
            table_bucket_arn,
            namespace,
        } => {
            vec![
                ("--table-bucket-arn", s(table_bucket_arn)),
                ("--namespace", s(namespace)),
            ]
        }
        GetTable {
            table_bucket_arn,
            namespace,
            name,
        }
        | DeleteTable {
            table_bucket_arn,
            namespace,
            name,
        } => vec![
            ("--table-bucket-arn", s(table_bucket_arn)),
            ("--namespace", s(namespace)),
            ("--name", s(name)),
        ],
        StartQueryExecution {
            sql,
            catalog,
            database,
            workgroup,
            output_location,
        } => vec![
            ("--query-string", s(sql)),
            (
                "--query-execution-context",
                format!("Catalog={catalog},Database={database}"),
            ),
            ("--work-group", s(workgroup)),
            ("--result-configuration", format!("OutputLocation={output_location}")),
        ],
        GetQueryExecution { id } => vec![("--query-execution-id", s(id))],
        DescribeCluster { id } => vec![("--cluster-identifier", s(id))],
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
        ExecuteStatement {
            cluster,
            database,
            db_user,
            sql,
        } => vec![
            ("--cluster-identifier", s(cluster)),
            ("--database", s(database)),
            ("--db-user", s(db_user)),
            ("--sql", s(sql)),
        ],
        DescribeStatement { id } => vec![("--id", s(id))],
        HeadBucket { name } | DeleteBucket { name } => vec![("--bucket", s(name))],
        CreateBucket { name, region } => {
            let mut v = vec![("--bucket", s(name))];
            if region != "us-east-1" {
                v.push(("--create-bucket-configuration", format!("LocationConstraint={region}")));
            }
            v
        }
        ListObjects { bucket, prefix } => vec![("--bucket", s(bucket)), ("--prefix", s(prefix))],
        DeleteObjects { bucket, keys } => {
            let objs: Vec<_> = keys.iter().map(|k| serde_json::json!({"Key": k})).collect();
            vec![
                ("--bucket", s(bucket)),
                ("--delete", json_text(&serde_json::json!({"Objects": objs}))),
            ]
        }
        GetAccessGrantsInstance { account_id }
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
                format!("S3SubPrefix={sub_prefix}"),
            ),
            (
                "--grantee",
                format!("GranteeType=DIRECTORY_GROUP,GranteeIdentifier={group_id}"),
            ),
            ("--permission", s(permission)),
        ],
        DeleteAccessGrant { account_id, id } => vec![("--account-id", s(account_id)), ("--access-grant-id", s(id))],
        LookupEvents { event_name, .. } => {
            vec![(
                "--lookup-attributes",
                format!("AttributeKey=EventName,AttributeValue={event_name}"),
            )]
        }
        RunAsAnalyst { .. } => vec![],
    }
}

/// The CLI's name for an operation (CreateKey -> create-key).
pub fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The arguments of an operation, for one-line summaries.
pub fn summary_args(op: &Op) -> Vec<(&'static str, String)> {
    args(op)
}

/// The whole command line, or None for an operation with no CLI form (the simulated analyst).
pub fn command(target: &Target, op: &Op) -> Option<String> {
    command_with(target, op, &|v| v.to_string())
}

/// The command line with each value passed through `subst` before it is quoted (the exporter
/// swaps run-time ids for shell variables there, so that the quoting lets them expand).
pub fn command_with(target: &Target, op: &Op, subst: &dyn Fn(&str) -> String) -> Option<String> {
    if matches!(op, Op::RunAsAnalyst { .. }) {
        return None;
    }
    let service = match op.service() {
        "s3" if matches!(
            op,
            Op::ListObjects { .. }
                | Op::HeadBucket { .. }
                | Op::CreateBucket { .. }
                | Op::DeleteObjects { .. }
                | Op::DeleteBucket { .. }
        ) =>
        {
            "s3api"
        }
        other => other,
    };
    let mut line = format!("aws {service} {}", kebab(op.name()));
    for (flag, value) in args(op) {
        line.push(' ');
        line.push_str(flag);
        if !value.is_empty() {
            line.push(' ');
            line.push_str(&sh(&subst(&value)));
        }
    }
    if let Some(p) = &target.profile {
        line.push_str(&format!(" --profile {}", sh(p)));
    }
    line.push_str(&format!(" --region {}", target.region));
    Some(line)
}
