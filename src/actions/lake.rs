//! Bob's lake steps: Lake Formation as the only judge, S3 Tables registered with federation,
//! the table bucket, and the grants to his role and to the analysts' group.

use super::cx::{Cx, StepError};
use super::shared::{check_caller, group_id, group_principal, service_role, table_bucket_catalog};
use super::{Action, Seen, observe_by_checks, policy, same_credentials};
use crate::catalog::AccountRole;
use crate::cloud::{IAM_ALLOWED_PRINCIPALS, LakeSettings, LfResource, ObjectFilter, Op, Target};
use crate::journal::Undo;

const QUERY_TIMEOUT_MS: u64 = 15 * 60_000;
pub const SLR_NAME: &str = "AWSServiceRoleForRedshift";
/// Where Athena writes the wizard's query results: a prefix of the wizard's own, which
/// teardown empties, so that nothing else in the bucket is ever deleted.
pub const ATHENA_RESULTS: &str = "athena-results/tipwiz/";

pub struct BobPreflight;

impl BobPreflight {
    async fn instance(cx: &Cx) -> Result<crate::cloud::Instance, StepError> {
        let region = cx.answer("secondary_region");
        super::identity::instance_seen(cx, &cx.target(), &region)
            .await?
            .ok_or_else(|| {
                StepError::check(format!(
                    "Identity Center does not answer in {region} yet: Alice must finish alice.idc-add-region first"
                ))
            })
    }

    async fn cluster(cx: &Cx) -> Result<crate::cloud::ClusterInfo, StepError> {
        let (region, cluster_id) = (cx.answer("secondary_region"), cx.answer("cluster_id"));
        match cx
            .call(Op::DescribeCluster { id: cluster_id.clone() })
            .await?
            .cluster()?
        {
            None => Err(StepError::check(format!(
                "there is no Redshift cluster {cluster_id} in {region}: create an RA3 cluster or correct bob.cluster_id"
            ))),
            Some(c) if !c.node_type.starts_with("ra3") => Err(StepError::check(format!(
                "cluster {cluster_id} has {} nodes; querying S3 Tables needs RA3 nodes or Redshift Serverless",
                c.node_type
            ))),
            Some(c) => Ok(c),
        }
    }
}

#[async_trait::async_trait]
impl Action for BobPreflight {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        check_caller(cx, "Bob", AccountRole::Analytics).await?;
        let inst = Self::instance(cx).await?;
        let c = Self::cluster(cx).await?;
        cx.note(format!("cluster {} ({}, {})", c.id, c.node_type, c.status));
        cx.set_out("instance_arn", &inst.arn)?;
        cx.set_out("identity_store_id", &inst.identity_store_id)
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        Self::instance(cx).await?;
        Self::cluster(cx).await.map(|_| ())
    }

    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        if !same_credentials(&cx.target(), observer) {
            return observe_by_checks(self, cx, observer).await;
        }
        let inst = match Self::instance(cx).await {
            Ok(i) => i,
            Err(StepError::Check(why)) => return Ok(Seen::Missing(why)),
            Err(e) => return Err(e),
        };
        cx.set_out("instance_arn", &inst.arn)?;
        cx.set_out("identity_store_id", &inst.identity_store_id)?;
        observe_by_checks(self, cx, observer).await
    }
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
    let mut after = before.clone();
    edit(&mut after);
    if after == before {
        return Ok(());
    }
    // Recorded first: restoring the old settings is harmless if the write never happens, and a
    // crash right after the write could not tell what came before.
    cx.undo(Undo::at(&t, Op::PutDataLakeSettings { settings: before }))?;
    cx.call(Op::PutDataLakeSettings { settings: after }).await?;
    Ok(())
}

pub struct Defaults;

#[async_trait::async_trait]
impl Action for Defaults {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let admin = cx.answer("admin_role_arn");
        // Only for a warning: an endpoint without Glue catalogs (an emulator) skips it.
        let catalog = match cx
            .call(Op::GetCatalog {
                name: "s3tablescatalog".into(),
            })
            .await
        {
            Ok(r) => r.catalog()?,
            Err(StepError::Cloud {
                error: crate::cloud::CloudError::Unsupported { .. },
                ..
            }) => None,
            Err(e) => return Err(e),
        };
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
            return Err(StepError::check(format!("{admin} is not a data lake administrator")));
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
        // Redshift makes this role with the account's first cluster (Redshift Management Guide,
        // service-linked roles), so it is there whenever bob.preflight found the cluster. It is
        // created only if someone deleted it, and never deleted by teardown: the cluster needs it.
        let role = match cx.call(Op::GetRole { name: SLR_NAME.into() }).await?.maybe_role()? {
            Some(r) => r,
            None => {
                let created = cx
                    .call(Op::CreateServiceLinkedRole {
                        service: "redshift.amazonaws.com".into(),
                    })
                    .await;
                match created {
                    Ok(r) => r.role()?,
                    Err(StepError::Cloud {
                        error: crate::cloud::CloudError::AlreadyExists { .. },
                        ..
                    }) => cx
                        .call(Op::GetRole { name: SLR_NAME.into() })
                        .await?
                        .maybe_role()?
                        .ok_or_else(|| {
                            StepError::check("the Redshift service-linked role exists but cannot be read")
                        })?,
                    Err(e) => return Err(e),
                }
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
            Err(StepError::check(format!("{arn} is not a read-only admin")))
        }
    }

    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        if same_credentials(&cx.target(), observer)
            && let Some(role) = cx.call(Op::GetRole { name: SLR_NAME.into() }).await?.maybe_role()?
        {
            cx.set_out("service_linked_role_arn", &role.arn)?;
        }
        observe_by_checks(self, cx, observer).await
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
        if let Some(c) = &cfg
            && c.instance_arn != instance_arn
        {
            return Err(StepError::check(format!(
                "Lake Formation is connected to another Identity Center instance ({}); disconnect it first",
                c.instance_arn
            )));
        }
        cx.ensure(
            &t,
            cfg.map(|_| ()),
            Op::CreateLakeFormationIdentityCenterConfiguration { instance_arn },
            |_| Ok(()),
            |_| Op::DeleteLakeFormationIdentityCenterConfiguration,
        )
        .await
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let instance_arn = cx.out("bob.preflight", "instance_arn")?;
        match cx
            .call(Op::DescribeLakeFormationIdentityCenterConfiguration)
            .await?
            .idc_config()?
        {
            Some(c) if c.instance_arn == instance_arn => Ok(()),
            Some(c) => Err(StepError::check(format!(
                "Lake Formation is now connected to {}, not {instance_arn}",
                c.instance_arn
            ))),
            None => Err(StepError::check("Lake Formation is not connected to Identity Center")),
        }
    }
}

/// The role and the trust a step's service role must still have.
async fn check_role(cx: &Cx, name: &str, service: &str) -> Result<(), StepError> {
    match cx.call(Op::GetRole { name: name.into() }).await?.maybe_role()? {
        Some(r) if super::shared::trusts_with(&r.trust_policy, service, "sts:SetContext") => Ok(()),
        Some(r) => Err(StepError::check(format!(
            "the role {} does not let {service} assume it with sts:SetContext",
            r.arn
        ))),
        None => Err(StepError::check(format!("the role {name} does not exist"))),
    }
}

pub struct DataAccessRole;

#[async_trait::async_trait]
impl Action for DataAccessRole {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let account = cx.answer("analytics_account_id");
        let role = service_role(
            cx,
            &cx.answer("lf_role_name"),
            &cx.answer("lf_role_path"),
            "lakeformation.amazonaws.com",
            policy::lake_formation_trust(&account),
            "tipwiz-s3tables-access",
            policy::lake_formation_access(&cx.answer("secondary_region"), &account),
        )
        .await?;
        cx.set_out("role_arn", &role.arn)
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        check_role(cx, &cx.answer("lf_role_name"), "lakeformation.amazonaws.com").await
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
        let found = cx
            .call(Op::DescribeResource {
                resource_arn: resource_arn.clone(),
            })
            .await?
            .resource()?;
        let deregister = Op::DeregisterResource {
            resource_arn: resource_arn.clone(),
        };
        match &found {
            // Adopted first, so that a registration of ours that is wrong can be rolled back.
            Some(r) => {
                cx.adopt("RegisterResource", Undo::at(&t, deregister))?;
                check_registration(r, &role_arn)?;
            }
            // WithFederation and WithPrivilegedAccess, as the S3 User Guide's integration
            // registers table buckets now ("Integrating Amazon S3 Tables with AWS analytics
            // services").
            None => {
                let register = Op::RegisterResource {
                    resource_arn: resource_arn.clone(),
                    role_arn: role_arn.clone(),
                    with_federation: true,
                    with_privileged_access: true,
                };
                cx.create(&t, register, |_| Ok(()), |_| deregister).await?;
            }
        }
        let catalog = cx
            .call(Op::GetCatalog {
                name: "s3tablescatalog".into(),
            })
            .await?
            .catalog()?;
        if catalog.as_ref().is_some_and(|c| c.iam_allowed_principals) {
            cx.adopt(
                "CreateCatalog",
                Undo::at(
                    &t,
                    Op::DeleteCatalog {
                        name: "s3tablescatalog".into(),
                    },
                ),
            )?;
            return Err(StepError::check(
                "s3tablescatalog was created while the IAMAllowedPrincipals defaults were set and still carries those grants: \
                 revoke them on the catalog, or delete the catalog and run this step again",
            ));
        }
        // The catalog is deleted before the registration goes (undos run newest first), the
        // order the S3 User Guide gives for undoing the integration.
        let create = Op::CreateCatalog {
            name: "s3tablescatalog".into(),
            federated_identifier: resource_arn.clone(),
            connection_name: "aws:s3tables".into(),
        };
        cx.ensure(
            &t,
            catalog.map(|_| ()),
            create,
            |_| Ok(()),
            |_| Op::DeleteCatalog {
                name: "s3tablescatalog".into(),
            },
        )
        .await?;
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
        let catalog = cx
            .call(Op::GetCatalog {
                name: "s3tablescatalog".into(),
            })
            .await?
            .catalog()?
            .ok_or_else(|| StepError::check("the s3tablescatalog catalog does not exist"))?;
        if catalog.iam_allowed_principals {
            return Err(StepError::check(
                "s3tablescatalog was created while Lake Formation's defaults still granted IAMAllowedPrincipals: its \
                 databases and tables take IAM's word over Lake Formation's grants. Delete the catalog (aws glue \
                 delete-catalog --catalog-id s3tablescatalog) and create it again after bob.lf-defaults",
            ));
        }
        Ok(())
    }

    /// The registration pointed at the role's real ARN, or the catalog made again.
    async fn repair(&self, cx: &Cx) -> Vec<String> {
        let t = cx.target();
        let mut out = vec![];
        if let Ok(role_arn) = Self::role_arn(cx).await {
            let resource_arn = s3tables_resource(cx);
            let registered = cx
                .call(Op::DescribeResource {
                    resource_arn: resource_arn.clone(),
                })
                .await
                .ok()
                .and_then(|r| r.resource().ok().flatten());
            if registered.is_some_and(|r| r.role_arn != role_arn) {
                out.push(crate::cloud::cli::line(
                    &t,
                    "lakeformation",
                    "update-resource",
                    &[
                        ("--resource-arn", &resource_arn),
                        ("--role-arn", &role_arn),
                        ("--with-federation", ""),
                    ],
                ));
            }
        }
        let stale = cx
            .call(Op::GetCatalog {
                name: "s3tablescatalog".into(),
            })
            .await
            .ok()
            .and_then(|c| c.catalog().ok().flatten())
            .is_some_and(|c| c.iam_allowed_principals);
        if stale {
            let op = Op::DeleteCatalog {
                name: "s3tablescatalog".into(),
            };
            out.extend(crate::cloud::cli::command(&t, &op));
        }
        out
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

impl TableBucket {
    async fn find(cx: &Cx) -> Result<Option<String>, StepError> {
        cx.call(Op::FindTableBucket {
            name: cx.answer("table_bucket"),
        })
        .await?
        .maybe_id()
    }
}

#[async_trait::async_trait]
impl Action for TableBucket {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let (name, ns) = (cx.answer("table_bucket"), cx.answer("namespace"));
        let found = Self::find(cx).await?;
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
        let exists = cx
            .call(Op::GetNamespace {
                table_bucket_arn: arn.clone(),
                namespace: ns.clone(),
            })
            .await?
            .exists()?;
        let create = Op::CreateNamespace {
            table_bucket_arn: arn.clone(),
            namespace: ns.clone(),
        };
        cx.ensure(
            &t,
            exists.then_some(()),
            create,
            |_| Ok(()),
            |_| Op::DeleteNamespace {
                table_bucket_arn: arn.clone(),
                namespace: ns.clone(),
            },
        )
        .await
    }

    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        if same_credentials(&cx.target(), observer)
            && let Some(arn) = Self::find(cx).await?
        {
            cx.set_out("table_bucket_arn", &arn)?;
        }
        observe_by_checks(self, cx, observer).await
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let name = cx.answer("table_bucket");
        let Some(arn) = Self::find(cx).await? else {
            return Err(StepError::check(format!("the table bucket {name} does not exist")));
        };
        let ns = cx.answer("namespace");
        if cx
            .call(Op::GetNamespace {
                table_bucket_arn: arn,
                namespace: ns.clone(),
            })
            .await?
            .exists()?
        {
            Ok(())
        } else {
            Err(StepError::check(format!("the namespace {ns} of {name} does not exist")))
        }
    }
}

/// Grants `permissions` unless the principal already holds them all; records the revoke.
async fn grant(cx: &Cx, principal: String, resource: LfResource, permissions: Vec<String>) -> Result<(), StepError> {
    let t = cx.target();
    let missing = missing_permissions(cx, &principal, &resource, &permissions).await?;
    if missing.is_empty() {
        return cx.adopt(
            "GrantPermissions",
            Undo::at(
                &t,
                Op::RevokePermissions {
                    principal,
                    resource,
                    permissions,
                },
            ),
        );
    }
    let op = Op::GrantPermissions {
        principal: principal.clone(),
        resource: resource.clone(),
        permissions: missing.clone(),
    };
    cx.create(
        &t,
        op,
        |_| Ok(()),
        |_| Op::RevokePermissions {
            principal,
            resource,
            permissions: missing,
        },
    )
    .await
}

/// The permissions of `wanted` the principal does not hold on the resource.
async fn missing_permissions(
    cx: &Cx,
    principal: &str,
    resource: &LfResource,
    wanted: &[String],
) -> Result<Vec<String>, StepError> {
    let held = cx
        .call(Op::ListPermissions {
            principal: Some(principal.into()),
            resource: Some(resource.clone()),
        })
        .await?
        .grants()?;
    Ok(wanted
        .iter()
        .filter(|p| {
            !held
                .iter()
                .any(|g| g.permissions.contains(p) || g.permissions.iter().any(|x| x == "ALL"))
        })
        .cloned()
        .collect())
}

/// The grants must still be there.
async fn check_grant(cx: &Cx, principal: &str, resource: &LfResource, wanted: &[String]) -> Result<(), StepError> {
    let missing = missing_permissions(cx, principal, resource, wanted).await?;
    if missing.is_empty() {
        Ok(())
    } else {
        Err(StepError::check(format!(
            "{principal} does not hold {} on {resource}",
            missing.join(", ")
        )))
    }
}

fn namespace_resource(cx: &Cx) -> LfResource {
    LfResource::Database {
        catalog_id: table_bucket_catalog(&cx.answer("analytics_account_id"), &cx.answer("table_bucket")),
        name: cx.answer("namespace"),
    }
}

fn tables_resource(cx: &Cx) -> LfResource {
    LfResource::Table {
        catalog_id: table_bucket_catalog(&cx.answer("analytics_account_id"), &cx.answer("table_bucket")),
        database: cx.answer("namespace"),
        table: None,
    }
}

const ADMIN_RIGHTS: [&str; 2] = ["CREATE_TABLE", "DESCRIBE"];

pub struct AdminGrant;

#[async_trait::async_trait]
impl Action for AdminGrant {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let rights = ADMIN_RIGHTS.map(String::from).to_vec();
        grant(cx, cx.answer("admin_role_arn"), namespace_resource(cx), rights).await
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let rights = ADMIN_RIGHTS.map(String::from);
        check_grant(cx, &cx.answer("admin_role_arn"), &namespace_resource(cx), &rights).await
    }

    async fn repair(&self, cx: &Cx) -> Vec<String> {
        let op = Op::GrantPermissions {
            principal: cx.answer("admin_role_arn"),
            resource: namespace_resource(cx),
            permissions: ADMIN_RIGHTS.map(String::from).to_vec(),
        };
        crate::cloud::cli::command(&cx.target(), &op).into_iter().collect()
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
                output_location: format!("s3://{}/{ATHENA_RESULTS}", cx.answer("s3_bucket")),
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

    async fn exists(cx: &Cx, bucket_arn: String) -> Result<bool, StepError> {
        cx.call(Op::GetTable {
            table_bucket_arn: bucket_arn,
            namespace: cx.answer("namespace"),
            name: cx.answer("table_name"),
        })
        .await?
        .exists()
    }
}

#[async_trait::async_trait]
impl Action for SampleTable {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let bucket_arn = cx.out("bob.table-bucket", "table_bucket_arn")?;
        let (ns, table) = (cx.answer("namespace"), cx.answer("table_name"));
        // Athena writes each query's results and metadata under the output location: emptied
        // at teardown, before the bucket itself can go (recorded before the first query, so a
        // crash in between leaves nothing behind).
        cx.undo(Undo::at(
            &t,
            Op::DeleteObjectsUnder {
                bucket: cx.answer("s3_bucket"),
                prefix: ATHENA_RESULTS.into(),
                filter: ObjectFilter::All,
            },
        ))?;
        let undo = Undo::at(
            &t,
            Op::DeleteTable {
                table_bucket_arn: bucket_arn.clone(),
                namespace: ns.clone(),
                name: table.clone(),
            },
        );
        if Self::exists(cx, bucket_arn.clone()).await? {
            cx.adopt("StartQueryExecution", undo)?;
        } else {
            cx.undo(undo)?;
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

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let bucket_arn = cx.out("bob.table-bucket", "table_bucket_arn")?;
        if Self::exists(cx, bucket_arn).await? {
            Ok(())
        } else {
            Err(StepError::check(format!(
                "the table {}.{} does not exist",
                cx.answer("namespace"),
                cx.answer("table_name")
            )))
        }
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
        grant(
            cx,
            principal,
            tables_resource(cx),
            vec!["SELECT".into(), "DESCRIBE".into()],
        )
        .await
    }

    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        if same_credentials(&cx.target(), observer) {
            match group_id(cx).await {
                Ok(id) => cx.set_out("group_id", &id)?,
                Err(StepError::Check(why)) => return Ok(Seen::Missing(why)),
                Err(e) => return Err(e),
            }
        }
        observe_by_checks(self, cx, observer).await
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let principal = group_principal(&cx.out(&cx.step.id, "group_id")?);
        check_grant(cx, &principal, &namespace_resource(cx), &["DESCRIBE".into()]).await?;
        check_grant(
            cx,
            &principal,
            &tables_resource(cx),
            &["SELECT".into(), "DESCRIBE".into()],
        )
        .await
    }

    async fn repair(&self, cx: &Cx) -> Vec<String> {
        let Ok(group_id) = cx.out(&cx.step.id, "group_id") else {
            return vec![];
        };
        let principal = group_principal(&group_id);
        [
            (namespace_resource(cx), vec!["DESCRIBE".to_string()]),
            (tables_resource(cx), vec!["SELECT".into(), "DESCRIBE".into()]),
        ]
        .into_iter()
        .filter_map(|(resource, permissions)| {
            let op = Op::GrantPermissions {
                principal: principal.clone(),
                resource,
                permissions,
            };
            crate::cloud::cli::command(&cx.target(), &op)
        })
        .collect()
    }
}
