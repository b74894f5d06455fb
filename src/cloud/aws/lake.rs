//! IAM, Lake Formation, Glue, S3 Tables, Athena and Redshift's cluster look-up.

use super::{Clients, map_error};
use crate::cloud::*;
use aws_sdk_lakeformation::types as lf;

fn lf_principal(id: &str) -> lf::DataLakePrincipal {
    lf::DataLakePrincipal::builder()
        .data_lake_principal_identifier(id)
        .build()
}

fn principal_ids(v: &[lf::DataLakePrincipal]) -> Vec<String> {
    v.iter()
        .filter_map(|p| p.data_lake_principal_identifier().map(str::to_string))
        .collect()
}

fn defaults_from(v: &[lf::PrincipalPermissions]) -> Vec<DefaultPermission> {
    v.iter()
        .map(|p| DefaultPermission {
            principal: p
                .principal()
                .and_then(|x| x.data_lake_principal_identifier())
                .unwrap_or_default()
                .to_string(),
            permissions: p.permissions().iter().map(|x| x.as_str().to_string()).collect(),
        })
        .collect()
}

fn defaults_to(v: &[DefaultPermission]) -> Vec<lf::PrincipalPermissions> {
    v.iter()
        .map(|d| {
            let mut b = lf::PrincipalPermissions::builder().principal(lf_principal(&d.principal));
            for p in &d.permissions {
                b = b.permissions(lf::Permission::from(p.as_str()));
            }
            b.build()
        })
        .collect()
}

fn settings_from(s: &lf::DataLakeSettings) -> LakeSettings {
    LakeSettings {
        admins: principal_ids(s.data_lake_admins()),
        read_only_admins: principal_ids(s.read_only_admins()),
        create_database_defaults: defaults_from(s.create_database_default_permissions()),
        create_table_defaults: defaults_from(s.create_table_default_permissions()),
    }
}

fn lf_resource(r: &LfResource) -> Result<lf::Resource, String> {
    Ok(match r {
        LfResource::Database { catalog_id, name } => lf::Resource::builder()
            .database(
                lf::DatabaseResource::builder()
                    .catalog_id(catalog_id)
                    .name(name)
                    .build()
                    .map_err(|e| e.to_string())?,
            )
            .build(),
        LfResource::Table {
            catalog_id,
            database,
            table,
        } => {
            let mut b = lf::TableResource::builder()
                .catalog_id(catalog_id)
                .database_name(database);
            b = match table {
                Some(t) => b.name(t),
                None => b.table_wildcard(lf::TableWildcard::builder().build()),
            };
            lf::Resource::builder()
                .table(b.build().map_err(|e| e.to_string())?)
                .build()
        }
    })
}

fn resource_back(r: &lf::Resource) -> Option<LfResource> {
    if let Some(t) = r.table() {
        return Some(LfResource::Table {
            catalog_id: t.catalog_id().unwrap_or_default().to_string(),
            database: t.database_name().to_string(),
            table: t.name().map(str::to_string),
        });
    }
    r.database().map(|d| LfResource::Database {
        catalog_id: d.catalog_id().unwrap_or_default().to_string(),
        name: d.name().to_string(),
    })
}

fn role_info(r: &aws_sdk_iam::types::Role) -> RoleInfo {
    let trust = r.assume_role_policy_document().unwrap_or_default();
    // IAM returns the trust policy URL-encoded.
    let trust = percent_decode(trust);
    RoleInfo {
        name: r.role_name().to_string(),
        path: r.path().to_string(),
        arn: r.arn().to_string(),
        trust_policy: trust,
    }
}

/// Decodes %XX escapes (IAM's policy documents come URL-encoded).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn none_if_missing<T>(r: Result<T, CloudError>) -> Result<Option<T>, CloudError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(CloudError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        // ------------------------------------------------------------ IAM
        Op::GetRole { name } => {
            let r = none_if_missing(
                c.iam
                    .get_role()
                    .role_name(name)
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x)),
            )?;
            Ok(Reply::MaybeRole(r.and_then(|r| r.role().map(role_info))))
        }
        Op::CreateRole {
            name,
            path,
            trust_policy,
            description,
        } => {
            let r = c
                .iam
                .create_role()
                .role_name(name)
                .path(path)
                .assume_role_policy_document(trust_policy)
                .description(description)
                .tags(
                    aws_sdk_iam::types::Tag::builder()
                        .key("tipwiz")
                        .value("created")
                        .build()
                        .map_err(|e| CloudError::invalid(op, e.to_string()))?,
                )
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Role(role_info(
                r.role()
                    .ok_or_else(|| CloudError::invalid(op, "no role in the answer"))?,
            )))
        }
        Op::PutRolePolicy {
            role_name,
            policy_name,
            document,
        } => {
            c.iam
                .put_role_policy()
                .role_name(role_name)
                .policy_name(policy_name)
                .policy_document(document)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::DeleteRole { name } => {
            let role = c
                .iam
                .get_role()
                .role_name(name)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            if role.role().is_some_and(|r| r.path().starts_with("/aws-service-role/")) {
                c.iam
                    .delete_service_linked_role()
                    .role_name(name)
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x))?;
                return Ok(Reply::Done);
            }
            // A role goes only once its policies are gone.
            let inline = c
                .iam
                .list_role_policies()
                .role_name(name)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            for p in inline.policy_names() {
                c.iam
                    .delete_role_policy()
                    .role_name(name)
                    .policy_name(p)
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x))?;
            }
            let attached = c
                .iam
                .list_attached_role_policies()
                .role_name(name)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            for p in attached.attached_policies() {
                if let Some(arn) = p.policy_arn() {
                    c.iam
                        .detach_role_policy()
                        .role_name(name)
                        .policy_arn(arn)
                        .send()
                        .await
                        .map_err(|x| map_error(t, op, x))?;
                }
            }
            c.iam
                .delete_role()
                .role_name(name)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::CreateServiceLinkedRole { service } => {
            let r = c
                .iam
                .create_service_linked_role()
                .aws_service_name(service)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Role(role_info(
                r.role()
                    .ok_or_else(|| CloudError::invalid(op, "no role in the answer"))?,
            )))
        }

        // ------------------------------------------------------------ Lake Formation
        Op::GetDataLakeSettings => {
            let r = c
                .lakeformation
                .get_data_lake_settings()
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Settings(
                r.data_lake_settings().map(settings_from).unwrap_or_default(),
            ))
        }
        Op::PutDataLakeSettings { settings } => {
            // The service replaces the settings whole: start from what is there now and change
            // only what tipwiz models, so parameters and other lists are kept.
            let current = c
                .lakeformation
                .get_data_lake_settings()
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            let mut full = current
                .data_lake_settings()
                .cloned()
                .unwrap_or_else(|| lf::DataLakeSettings::builder().build());
            full.data_lake_admins = Some(settings.admins.iter().map(|a| lf_principal(a)).collect());
            full.read_only_admins = Some(settings.read_only_admins.iter().map(|a| lf_principal(a)).collect());
            full.create_database_default_permissions = Some(defaults_to(&settings.create_database_defaults));
            full.create_table_default_permissions = Some(defaults_to(&settings.create_table_defaults));
            c.lakeformation
                .put_data_lake_settings()
                .data_lake_settings(full)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::DescribeLakeFormationIdentityCenterConfiguration => {
            let r = none_if_missing(
                c.lakeformation
                    .describe_lake_formation_identity_center_configuration()
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x)),
            )?;
            Ok(Reply::IdcConfig(r.and_then(|r| {
                r.instance_arn().map(|i| IdcConfig {
                    instance_arn: i.to_string(),
                    application_arn: r.application_arn().unwrap_or_default().to_string(),
                })
            })))
        }
        Op::CreateLakeFormationIdentityCenterConfiguration { instance_arn } => {
            c.lakeformation
                .create_lake_formation_identity_center_configuration()
                .instance_arn(instance_arn)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::DeleteLakeFormationIdentityCenterConfiguration => {
            c.lakeformation
                .delete_lake_formation_identity_center_configuration()
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::RegisterResource {
            resource_arn,
            role_arn,
            with_federation,
        } => {
            c.lakeformation
                .register_resource()
                .resource_arn(resource_arn)
                .role_arn(role_arn)
                .with_federation(*with_federation)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::DescribeResource { resource_arn } => {
            let r = none_if_missing(
                c.lakeformation
                    .describe_resource()
                    .resource_arn(resource_arn)
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x)),
            )?;
            Ok(Reply::Resource(r.and_then(|r| {
                r.resource_info().map(|i| ResourceInfo {
                    resource_arn: i.resource_arn().unwrap_or(resource_arn).to_string(),
                    role_arn: i.role_arn().unwrap_or_default().to_string(),
                    with_federation: i.with_federation().unwrap_or(false),
                })
            })))
        }
        Op::DeregisterResource { resource_arn } => {
            c.lakeformation
                .deregister_resource()
                .resource_arn(resource_arn)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::GrantPermissions {
            principal,
            resource,
            permissions,
        }
        | Op::RevokePermissions {
            principal,
            resource,
            permissions,
        } => {
            let res = lf_resource(resource).map_err(|e| CloudError::invalid(op, e))?;
            let perms: Vec<lf::Permission> = permissions.iter().map(|p| lf::Permission::from(p.as_str())).collect();
            if matches!(op, Op::GrantPermissions { .. }) {
                c.lakeformation
                    .grant_permissions()
                    .principal(lf_principal(principal))
                    .resource(res)
                    .set_permissions(Some(perms))
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x))?;
            } else {
                c.lakeformation
                    .revoke_permissions()
                    .principal(lf_principal(principal))
                    .resource(res)
                    .set_permissions(Some(perms))
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x))?;
            }
            Ok(Reply::Done)
        }
        Op::ListPermissions { principal, resource } => {
            let mut req = c.lakeformation.list_permissions();
            if let Some(p) = principal {
                req = req.principal(lf_principal(p));
            }
            if let Some(r) = resource {
                req = req.resource(lf_resource(r).map_err(|e| CloudError::invalid(op, e))?);
            }
            let mut out = Vec::new();
            let mut pages = req.into_paginator().send();
            while let Some(page) = pages.next().await {
                for g in page.map_err(|x| map_error(t, op, x))?.principal_resource_permissions() {
                    let Some(res) = g.resource().and_then(resource_back) else {
                        continue;
                    };
                    out.push(LfGrant {
                        principal: g
                            .principal()
                            .and_then(|p| p.data_lake_principal_identifier())
                            .unwrap_or_default()
                            .to_string(),
                        resource: res,
                        permissions: g.permissions().iter().map(|p| p.as_str().to_string()).collect(),
                    });
                }
            }
            Ok(Reply::Grants(out))
        }

        // ------------------------------------------------------------ Glue
        Op::GetCatalog { name } => {
            let r = none_if_missing(
                c.glue
                    .get_catalog()
                    .catalog_id(name)
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x)),
            )?;
            Ok(Reply::Catalog(r.and_then(|r| {
                r.catalog().map(|cat| CatalogInfo {
                    name: cat.name().to_string(),
                    federated_identifier: cat
                        .federated_catalog()
                        .and_then(|f| f.identifier())
                        .unwrap_or_default()
                        .to_string(),
                    connection_name: cat
                        .federated_catalog()
                        .and_then(|f| f.connection_name())
                        .unwrap_or_default()
                        .to_string(),
                    iam_allowed_principals: cat
                        .create_database_default_permissions()
                        .iter()
                        .chain(cat.create_table_default_permissions())
                        .any(|p| {
                            p.principal().and_then(|x| x.data_lake_principal_identifier())
                                == Some(IAM_ALLOWED_PRINCIPALS)
                        }),
                })
            })))
        }
        Op::CreateCatalog {
            name,
            federated_identifier,
            connection_name,
        } => {
            let input = aws_sdk_glue::types::CatalogInput::builder()
                .federated_catalog(
                    aws_sdk_glue::types::FederatedCatalog::builder()
                        .identifier(federated_identifier)
                        .connection_name(connection_name)
                        .build(),
                )
                .set_create_database_default_permissions(Some(vec![]))
                .set_create_table_default_permissions(Some(vec![]))
                .allow_full_table_external_data_access(aws_sdk_glue::types::AllowFullTableExternalDataAccessEnum::True)
                .build();
            c.glue
                .create_catalog()
                .name(name)
                .catalog_input(input)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::DeleteCatalog { name } => {
            c.glue
                .delete_catalog()
                .catalog_id(name)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }

        // ------------------------------------------------------------ S3 Tables
        Op::FindTableBucket { name } => {
            let mut pages = c.s3tables.list_table_buckets().prefix(name).into_paginator().send();
            while let Some(page) = pages.next().await {
                if let Some(b) = page
                    .map_err(|x| map_error(t, op, x))?
                    .table_buckets()
                    .iter()
                    .find(|b| b.name() == name)
                {
                    return Ok(Reply::MaybeId(Some(b.arn().to_string())));
                }
            }
            Ok(Reply::MaybeId(None))
        }
        Op::CreateTableBucket { name } => {
            let r = c
                .s3tables
                .create_table_bucket()
                .name(name)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Id(r.arn().to_string()))
        }
        Op::DeleteTableBucket { arn } => {
            c.s3tables
                .delete_table_bucket()
                .table_bucket_arn(arn)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::GetNamespace {
            table_bucket_arn,
            namespace,
        } => {
            let r = none_if_missing(
                c.s3tables
                    .get_namespace()
                    .table_bucket_arn(table_bucket_arn)
                    .namespace(namespace)
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x)),
            )?;
            Ok(Reply::Exists(r.is_some()))
        }
        Op::CreateNamespace {
            table_bucket_arn,
            namespace,
        } => {
            c.s3tables
                .create_namespace()
                .table_bucket_arn(table_bucket_arn)
                .namespace(namespace)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::DeleteNamespace {
            table_bucket_arn,
            namespace,
        } => {
            c.s3tables
                .delete_namespace()
                .table_bucket_arn(table_bucket_arn)
                .namespace(namespace)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::GetTable {
            table_bucket_arn,
            namespace,
            name,
        } => {
            let r = none_if_missing(
                c.s3tables
                    .get_table()
                    .table_bucket_arn(table_bucket_arn)
                    .namespace(namespace)
                    .name(name)
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x)),
            )?;
            Ok(Reply::Exists(r.is_some()))
        }
        Op::DeleteTable {
            table_bucket_arn,
            namespace,
            name,
        } => {
            c.s3tables
                .delete_table()
                .table_bucket_arn(table_bucket_arn)
                .namespace(namespace)
                .name(name)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }

        // ------------------------------------------------------------ Athena
        Op::StartQueryExecution {
            sql,
            catalog,
            database,
            workgroup,
            output_location,
        } => {
            let r = c
                .athena
                .start_query_execution()
                .query_string(sql)
                .query_execution_context(
                    aws_sdk_athena::types::QueryExecutionContext::builder()
                        .catalog(catalog)
                        .database(database)
                        .build(),
                )
                .work_group(workgroup)
                .result_configuration(
                    aws_sdk_athena::types::ResultConfiguration::builder()
                        .output_location(output_location)
                        .build(),
                )
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Id(r.query_execution_id().unwrap_or_default().to_string()))
        }
        Op::GetQueryExecution { id } => {
            let r = c
                .athena
                .get_query_execution()
                .query_execution_id(id)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            let status = r.query_execution().and_then(|q| q.status());
            Ok(Reply::Query(QueryState {
                id: id.clone(),
                state: status
                    .and_then(|s| s.state())
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "QUEUED".into()),
                reason: status.and_then(|s| s.state_change_reason()).map(str::to_string),
            }))
        }

        // ------------------------------------------------------------ Redshift clusters
        Op::DescribeCluster { id } => {
            let r = none_if_missing(
                c.redshift
                    .describe_clusters()
                    .cluster_identifier(id)
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x)),
            )?;
            Ok(Reply::Cluster(r.and_then(|r| {
                r.clusters().first().map(|cl| ClusterInfo {
                    id: cl.cluster_identifier().unwrap_or(id).to_string(),
                    node_type: cl.node_type().unwrap_or_default().to_string(),
                    status: cl.cluster_status().unwrap_or_default().to_string(),
                })
            })))
        }
        other => Err(CloudError::Unsupported {
            op: other.name().into(),
            why: "not a lake operation".into(),
        }),
    }
}
