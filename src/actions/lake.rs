//! Bob's lake steps: Lake Formation as the only judge, S3 Tables registered with federation,
//! the table bucket, and the grants to his role and to the analysts' group.

use super::cx::{Cx, StepError};
use super::shared::{check_caller, group_id, group_principal, service_role, table_bucket_catalog};
use super::{Action, policy};
use crate::catalog::AccountRole;
use crate::cloud::{CloudError, IAM_ALLOWED_PRINCIPALS, LakeSettings, LfResource, Op};

const QUERY_TIMEOUT_MS: u64 = 15 * 60_000;
pub const SLR_NAME: &str = "AWSServiceRoleForRedshift";

pub struct BobPreflight;

#[async_trait::async_trait]
impl Action for BobPreflight {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let region = cx.answer("secondary_region");
        check_caller(cx, "Bob", AccountRole::Analytics).await?;
        let instances = cx.call(Op::ListInstances).await?.instances()?;
        let Some(inst) = instances.into_iter().next() else {
            return Err(StepError::check(format!(
                "Identity Center does not answer in {region} yet: Alice must finish alice.idc-add-region first"
            )));
        };
        let cluster_id = cx.answer("cluster_id");
        match cx
            .call(Op::DescribeCluster { id: cluster_id.clone() })
            .await?
            .cluster()?
        {
            None => {
                return Err(StepError::check(format!(
                    "there is no Redshift cluster {cluster_id} in {region}: create an RA3 cluster or correct bob.cluster_id"
                )));
            }
            Some(c) if !c.node_type.starts_with("ra3") => {
                return Err(StepError::check(format!(
                    "cluster {cluster_id} has {} nodes; querying S3 Tables needs RA3 nodes or Redshift Serverless",
                    c.node_type
                )));
            }
            Some(c) => cx.note(format!("cluster {} ({}, {})", c.id, c.node_type, c.status)),
        }
        cx.set_out("instance_arn", &inst.arn)?;
        cx.set_out("identity_store_id", &inst.identity_store_id)
    }
}

fn merged(s: &LakeSettings, edit: impl Fn(&mut LakeSettings)) -> LakeSettings {
    let mut n = s.clone();
    edit(&mut n);
    n
}

fn add_unique(list: &mut Vec<String>, v: &str) {
    if !list.iter().any(|x| x == v) {
        list.push(v.to_string());
    }
}

/// Reads the settings, applies an edit, and writes them back only if something changed.
/// The service replaces the object whole, so what others put there is carried over.
async fn update_settings(cx: &Cx, edit: impl Fn(&mut LakeSettings)) -> Result<(), StepError> {
    let t = cx.target();
    let before = cx.call(Op::GetDataLakeSettings).await?.settings()?;
    let after = merged(&before, edit);
    if after == before {
        return Ok(());
    }
    // Recorded first: restoring the old settings is harmless if the write never happens, and a
    // crash right after the write could not tell what came before.
    cx.undo(&t, Op::PutDataLakeSettings { settings: before }, None)?;
    cx.call(Op::PutDataLakeSettings { settings: after }).await?;
    Ok(())
}

pub struct Defaults;

#[async_trait::async_trait]
impl Action for Defaults {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let admin = cx.answer("admin_role_arn");
        let catalog = cx
            .call(Op::GetCatalog {
                name: "s3tablescatalog".into(),
            })
            .await?
            .catalog()?;
        if catalog.is_some_and(|c| c.iam_allowed_principals) {
            cx.note(
                "warning: s3tablescatalog already exists with IAMAllowedPrincipals grants; removing the defaults now does not \
                 change it. Revoke those grants on it, or roll back bob.s3tables-register and register again.",
            );
        }
        update_settings(cx, |s| {
            add_unique(&mut s.admins, &admin);
            s.create_database_defaults.clear();
            s.create_table_defaults.clear();
        })
        .await
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let s = cx.call(Op::GetDataLakeSettings).await?.settings()?;
        let admin = cx.answer("admin_role_arn");
        if !s.admins.contains(&admin) {
            return Err(StepError::check(format!(
                "{admin} is no longer a data lake administrator"
            )));
        }
        let has_iap =
            |v: &Vec<crate::cloud::DefaultPermission>| v.iter().any(|d| d.principal == IAM_ALLOWED_PRINCIPALS);
        if has_iap(&s.create_database_defaults) || has_iap(&s.create_table_defaults) {
            return Err(StepError::check(
                "the IAMAllowedPrincipals default permissions are back in the Lake Formation settings",
            ));
        }
        Ok(())
    }
}

pub struct ReadOnlyAdmin;

#[async_trait::async_trait]
impl Action for ReadOnlyAdmin {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let role = match cx.call(Op::GetRole { name: SLR_NAME.into() }).await?.maybe_role()? {
            Some(r) => {
                cx.adopt(
                    "CreateServiceLinkedRole",
                    &t,
                    Op::DeleteRole { name: SLR_NAME.into() },
                    None,
                )?;
                r
            }
            None => {
                let r = match cx
                    .call(Op::CreateServiceLinkedRole {
                        service: "redshift.amazonaws.com".into(),
                    })
                    .await
                {
                    Ok(r) => r.role()?,
                    Err(StepError::Cloud {
                        error: CloudError::AlreadyExists { .. },
                        ..
                    }) => cx
                        .call(Op::GetRole { name: SLR_NAME.into() })
                        .await?
                        .maybe_role()?
                        .ok_or_else(|| {
                            StepError::check("the Redshift service-linked role exists but cannot be read")
                        })?,
                    Err(e) => return Err(e),
                };
                cx.undo(&t, Op::DeleteRole { name: SLR_NAME.into() }, None)?;
                r
            }
        };
        update_settings(cx, |s| add_unique(&mut s.read_only_admins, &role.arn)).await?;
        cx.set_out("service_linked_role_arn", &role.arn)
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let arn = cx.out(&cx.step.id, "service_linked_role_arn")?;
        let s = cx.call(Op::GetDataLakeSettings).await?.settings()?;
        if s.read_only_admins.contains(&arn) {
            Ok(())
        } else {
            Err(StepError::check(format!("{arn} is no longer a read-only admin")))
        }
    }
}

pub struct IdentityCenter;

#[async_trait::async_trait]
impl Action for IdentityCenter {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let instance_arn = cx.out("bob.preflight", "instance_arn")?;
        let cfg = cx
            .call(Op::DescribeLakeFormationIdentityCenterConfiguration)
            .await?
            .idc_config()?;
        match cfg {
            Some(c) if c.instance_arn == instance_arn => cx.adopt(
                "CreateLakeFormationIdentityCenterConfiguration",
                &t,
                Op::DeleteLakeFormationIdentityCenterConfiguration,
                None,
            ),
            Some(c) => Err(StepError::check(format!(
                "Lake Formation is connected to another Identity Center instance ({}); disconnect it first",
                c.instance_arn
            ))),
            None => {
                cx.call(Op::CreateLakeFormationIdentityCenterConfiguration { instance_arn })
                    .await?;
                cx.undo(&t, Op::DeleteLakeFormationIdentityCenterConfiguration, None)
            }
        }
    }
}

pub struct DataAccessRole;

#[async_trait::async_trait]
impl Action for DataAccessRole {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let doc = policy::lake_formation_access(&cx.answer("secondary_region"), &cx.answer("analytics_account_id"));
        let role = service_role(
            cx,
            &cx.answer("lf_role_name"),
            &cx.answer("lf_role_path"),
            "lakeformation.amazonaws.com",
            "tipwiz-s3tables-access",
            doc,
        )
        .await?;
        cx.set_out("role_arn", &role.arn)
    }
}

fn s3tables_resource(cx: &Cx) -> String {
    format!(
        "arn:aws:s3tables:{}:{}:bucket/*",
        cx.answer("secondary_region"),
        cx.answer("analytics_account_id")
    )
}

pub struct RegisterS3Tables;

impl RegisterS3Tables {
    /// The role's ARN as IAM reports it: never assembled from the name and path.
    async fn role_arn(cx: &Cx) -> Result<String, StepError> {
        let name = cx.answer("lf_role_name");
        cx.call(Op::GetRole { name: name.clone() })
            .await?
            .maybe_role()?
            .map(|r| r.arn)
            .ok_or_else(|| StepError::check(format!("the role {name} does not exist: run bob.lf-role first")))
    }
}

#[async_trait::async_trait]
impl Action for RegisterS3Tables {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let settings = cx.call(Op::GetDataLakeSettings).await?.settings()?;
        if !settings.create_database_defaults.is_empty() || !settings.create_table_defaults.is_empty() {
            return Err(StepError::check(
                "the IAMAllowedPrincipals defaults are still set: run bob.lf-defaults before registering, or the catalog keeps those grants",
            ));
        }
        let role_arn = Self::role_arn(cx).await?;
        let resource_arn = s3tables_resource(cx);
        match cx
            .call(Op::DescribeResource {
                resource_arn: resource_arn.clone(),
            })
            .await?
            .resource()?
        {
            Some(r) => {
                cx.adopt(
                    "RegisterResource",
                    &t,
                    Op::DeregisterResource {
                        resource_arn: resource_arn.clone(),
                    },
                    None,
                )?;
                check_registration(&r, &role_arn)?;
            }
            None => {
                cx.call(Op::RegisterResource {
                    resource_arn: resource_arn.clone(),
                    role_arn: role_arn.clone(),
                    with_federation: true,
                })
                .await?;
                cx.undo(
                    &t,
                    Op::DeregisterResource {
                        resource_arn: resource_arn.clone(),
                    },
                    None,
                )?;
            }
        }
        match cx
            .call(Op::GetCatalog {
                name: "s3tablescatalog".into(),
            })
            .await?
            .catalog()?
        {
            Some(c) => {
                cx.adopt(
                    "CreateCatalog",
                    &t,
                    Op::DeleteCatalog {
                        name: "s3tablescatalog".into(),
                    },
                    None,
                )?;
                if c.iam_allowed_principals {
                    return Err(StepError::check(
                        "s3tablescatalog was created while the IAMAllowedPrincipals defaults were set and still carries those grants: \
                         revoke them on the catalog, or delete the catalog and run this step again",
                    ));
                }
            }
            None => {
                cx.call(Op::CreateCatalog {
                    name: "s3tablescatalog".into(),
                    federated_identifier: resource_arn.clone(),
                    connection_name: "aws:s3tables".into(),
                })
                .await?;
                cx.undo(
                    &t,
                    Op::DeleteCatalog {
                        name: "s3tablescatalog".into(),
                    },
                    None,
                )?;
            }
        }
        self.verify(cx).await?;
        cx.set_out("registered_role_arn", &role_arn)
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let role_arn = Self::role_arn(cx).await?;
        let resource_arn = s3tables_resource(cx);
        let r = cx
            .call(Op::DescribeResource {
                resource_arn: resource_arn.clone(),
            })
            .await?
            .resource()?
            .ok_or_else(|| StepError::check(format!("{resource_arn} is not registered with Lake Formation")))?;
        check_registration(&r, &role_arn)?;
        cx.call(Op::GetCatalog {
            name: "s3tablescatalog".into(),
        })
        .await?
        .catalog()?
        .ok_or_else(|| StepError::check("the s3tablescatalog catalog does not exist"))?;
        Ok(())
    }
}

/// The registration must be federated and name the role exactly as IAM does, path included.
pub fn check_registration(r: &crate::cloud::ResourceInfo, role_arn: &str) -> Result<(), StepError> {
    if r.role_arn != role_arn {
        return Err(StepError::check(format!(
            "S3 Tables is registered with the role {} but the role is {role_arn}: credential vending would fail. \
             Roll back bob.s3tables-register and run it again so it registers the ARN IAM reports",
            r.role_arn
        )));
    }
    if !r.with_federation {
        return Err(StepError::check(format!(
            "{} is registered without federation (WithFederation is false): roll back bob.s3tables-register and register again",
            r.resource_arn
        )));
    }
    Ok(())
}

pub struct TableBucket;

#[async_trait::async_trait]
impl Action for TableBucket {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let name = cx.answer("table_bucket");
        let ns = cx.answer("namespace");
        let found = cx.call(Op::FindTableBucket { name: name.clone() }).await?.maybe_id()?;
        let create = Op::CreateTableBucket { name: name.clone() };
        let arn = cx
            .ensure(
                &t,
                found,
                create,
                |r| r.id(),
                |arn| Op::DeleteTableBucket { arn: arn.clone() },
            )
            .await?;
        cx.set_out("table_bucket_arn", &arn)?;
        let undo = Op::DeleteNamespace {
            table_bucket_arn: arn.clone(),
            namespace: ns.clone(),
        };
        if cx
            .call(Op::GetNamespace {
                table_bucket_arn: arn.clone(),
                namespace: ns.clone(),
            })
            .await?
            .exists()?
        {
            cx.adopt("CreateNamespace", &t, undo, None)
        } else {
            cx.call(Op::CreateNamespace {
                table_bucket_arn: arn,
                namespace: ns,
            })
            .await?;
            cx.undo(&t, undo, None)
        }
    }
}

/// Grants `permissions` unless the principal already holds them all; records the revoke.
pub(super) async fn grant(
    cx: &Cx,
    principal: String,
    resource: LfResource,
    permissions: Vec<String>,
) -> Result<(), StepError> {
    let t = cx.target();
    let held = cx
        .call(Op::ListPermissions {
            principal: Some(principal.clone()),
            resource: Some(resource.clone()),
        })
        .await?
        .grants()?;
    let missing: Vec<String> = permissions
        .iter()
        .filter(|p| {
            !held
                .iter()
                .any(|g| g.permissions.contains(p) || g.permissions.iter().any(|x| x == "ALL"))
        })
        .cloned()
        .collect();
    let undo = Op::RevokePermissions {
        principal: principal.clone(),
        resource: resource.clone(),
        permissions: permissions.clone(),
    };
    if missing.is_empty() {
        return cx.adopt("GrantPermissions", &t, undo, None);
    }
    cx.call(Op::GrantPermissions {
        principal,
        resource,
        permissions: missing.clone(),
    })
    .await?;
    let undo = match undo {
        Op::RevokePermissions {
            principal, resource, ..
        } => Op::RevokePermissions {
            principal,
            resource,
            permissions: missing,
        },
        other => other,
    };
    cx.undo(&t, undo, None)
}

fn namespace_resource(cx: &Cx) -> LfResource {
    LfResource::Database {
        catalog_id: table_bucket_catalog(&cx.answer("analytics_account_id"), &cx.answer("table_bucket")),
        name: cx.answer("namespace"),
    }
}

pub struct AdminGrant;

#[async_trait::async_trait]
impl Action for AdminGrant {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        grant(
            cx,
            cx.answer("admin_role_arn"),
            namespace_resource(cx),
            vec!["CREATE_TABLE".into(), "DESCRIBE".into()],
        )
        .await
    }
}

pub struct SampleTable;

impl SampleTable {
    async fn run_query(cx: &Cx, sql: String) -> Result<(), StepError> {
        let bucket = cx.answer("table_bucket");
        let id = cx
            .call(Op::StartQueryExecution {
                sql,
                catalog: format!("s3tablescatalog/{bucket}"),
                database: cx.answer("namespace"),
                workgroup: cx.answer("athena_workgroup"),
                output_location: format!("s3://{}/athena-results/", cx.answer("s3_bucket")),
            })
            .await?
            .id()?;
        let mut w = cx.waiter("the Athena query", QUERY_TIMEOUT_MS);
        loop {
            let q = cx.call(Op::GetQueryExecution { id: id.clone() }).await?.query()?;
            match q.state.as_str() {
                "SUCCEEDED" => return Ok(()),
                "FAILED" | "CANCELLED" => {
                    let reason = q.reason.unwrap_or_else(|| "no reason given".into());
                    let hint = if reason.contains("Lake Formation") {
                        " (bob.admin-grant gives Bob's role these rights)"
                    } else {
                        ""
                    };
                    return Err(StepError::check(format!("the Athena query failed: {reason}{hint}")));
                }
                s => w.tick(cx, s).await?,
            }
        }
    }
}

#[async_trait::async_trait]
impl Action for SampleTable {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let bucket_arn = cx.out("bob.table-bucket", "table_bucket_arn")?;
        let (ns, table) = (cx.answer("namespace"), cx.answer("table_name"));
        let undo = Op::DeleteTable {
            table_bucket_arn: bucket_arn.clone(),
            namespace: ns.clone(),
            name: table.clone(),
        };
        let exists = cx
            .call(Op::GetTable {
                table_bucket_arn: bucket_arn.clone(),
                namespace: ns.clone(),
                name: table.clone(),
            })
            .await?
            .exists()?;
        if exists {
            cx.adopt("StartQueryExecution", &t, undo, None)?;
        } else {
            cx.undo(&t, undo, None)?;
            Self::run_query(
                cx,
                format!(
                    "CREATE TABLE {ns}.{table} (customer_id int, name string, city string, segment string) \
                     TBLPROPERTIES ('table_type' = 'ICEBERG')"
                ),
            )
            .await?;
        }
        if cx.out(&cx.step.id, "rows").is_err() {
            Self::run_query(
                cx,
                format!(
                    "INSERT INTO {ns}.{table} VALUES (1, 'Mary Major', 'Seattle', 'retail'), (2, 'Diego Ramirez', 'Portland', 'wholesale'), \
                     (3, 'Akua Mansa', 'Denver', 'retail'), (4, 'Jorge Souza', 'Austin', 'online')"
                ),
            )
            .await?;
            cx.set_out("rows", "4")?;
        }
        Ok(())
    }
}

pub struct GroupGrants;

#[async_trait::async_trait]
impl Action for GroupGrants {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let group_id = group_id(cx).await?;
        cx.set_out("group_id", &group_id)?;
        let principal = group_principal(&group_id);
        grant(cx, principal.clone(), namespace_resource(cx), vec!["DESCRIBE".into()]).await?;
        let tables = LfResource::Table {
            catalog_id: table_bucket_catalog(&cx.answer("analytics_account_id"), &cx.answer("table_bucket")),
            database: cx.answer("namespace"),
            table: None,
        };
        grant(cx, principal, tables, vec!["SELECT".into(), "DESCRIBE".into()]).await
    }
}
