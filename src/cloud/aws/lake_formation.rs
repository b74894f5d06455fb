//! Lake Formation: data lake settings, the Identity Center link, registrations and grants.

use super::*;
use aws_sdk_lakeformation::types as lf;

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::GetDataLakeSettings => {
            let r = c.lakeformation.get_data_lake_settings().send().await.or_cloud(t, op)?;
            Ok(Reply::Settings(
                r.data_lake_settings().map(settings_from).unwrap_or_default(),
            ))
        }
        Op::PutDataLakeSettings { settings } => {
            // The service replaces the settings whole: start from what is there now and change
            // only what tipwiz models, so parameters and other lists are kept.
            let current = c.lakeformation.get_data_lake_settings().send().await.or_cloud(t, op)?;
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
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::DescribeLakeFormationIdentityCenterConfiguration => {
            let r = none_if_missing(
                c.lakeformation
                    .describe_lake_formation_identity_center_configuration()
                    .send()
                    .await
                    .or_cloud(t, op),
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
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::DeleteLakeFormationIdentityCenterConfiguration => {
            c.lakeformation
                .delete_lake_formation_identity_center_configuration()
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::RegisterResource {
            resource_arn,
            role_arn,
            with_federation,
            with_privileged_access,
        } => {
            c.lakeformation
                .register_resource()
                .resource_arn(resource_arn)
                .role_arn(role_arn)
                .with_federation(*with_federation)
                .with_privileged_access(*with_privileged_access)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::DescribeResource { resource_arn } => {
            let r = none_if_missing(
                c.lakeformation
                    .describe_resource()
                    .resource_arn(resource_arn)
                    .send()
                    .await
                    .or_cloud(t, op),
            )?;
            Ok(Reply::Resource(r.and_then(|r| {
                r.resource_info().map(|i| ResourceInfo {
                    resource_arn: i.resource_arn().unwrap_or(resource_arn).to_string(),
                    role_arn: i.role_arn().unwrap_or_default().to_string(),
                    with_federation: i.with_federation().unwrap_or(false),
                    with_privileged_access: i.with_privileged_access().unwrap_or(false),
                })
            })))
        }
        Op::DeregisterResource { resource_arn } => {
            c.lakeformation
                .deregister_resource()
                .resource_arn(resource_arn)
                .send()
                .await
                .or_cloud(t, op)?;
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
                    .or_cloud(t, op)?;
            } else {
                c.lakeformation
                    .revoke_permissions()
                    .principal(lf_principal(principal))
                    .resource(res)
                    .set_permissions(Some(perms))
                    .send()
                    .await
                    .or_cloud(t, op)?;
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
                for g in page.or_cloud(t, op)?.principal_resource_permissions() {
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
        other => Err(misrouted(other)),
    }
}

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
