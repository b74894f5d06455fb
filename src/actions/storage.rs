//! Bob's remaining steps: the S3 bucket, S3 Access Grants, and Redshift's link to Identity Center.

use super::cx::{Cx, StepError};
use super::identity::cloud;
use super::lake::service_role;
use super::{Action, policy};
use crate::cloud::{CloudError, Op};

const STATEMENT_TIMEOUT_MS: u64 = 10 * 60_000;

pub struct Bucket;

#[async_trait::async_trait]
impl Action for Bucket {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let name = cx.a("s3_bucket");
        let undo = Op::DeleteBucket { name: name.clone() };
        if cx
            .call(Op::HeadBucket { name: name.clone() })
            .await?
            .exists()
            .map_err(cloud("HeadBucket"))?
        {
            return cx.adopt("CreateBucket", &t, undo, None);
        }
        match cx
            .call(Op::CreateBucket {
                name: name.clone(),
                region: t.region.clone(),
            })
            .await
        {
            Ok(_) => cx.undo(&t, undo, None),
            Err(StepError::Cloud {
                error: CloudError::AlreadyExists { .. },
                ..
            }) => cx.adopt("CreateBucket", &t, undo, None),
            Err(StepError::Cloud {
                error: CloudError::Invalid { message, .. },
                ..
            }) if message.contains("taken") => Err(StepError::check(format!(
                "the bucket name {name} belongs to someone else (names are global): choose another bob.s3_bucket"
            ))),
            Err(e) => Err(e),
        }
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let name = cx.a("s3_bucket");
        if cx
            .call(Op::HeadBucket { name: name.clone() })
            .await?
            .exists()
            .map_err(cloud("HeadBucket"))?
        {
            Ok(())
        } else {
            Err(StepError::check(format!("bucket {name} no longer exists")))
        }
    }
}

/// The analysts' group id, looked up where the step runs (ids are the same in every Region).
pub(super) async fn group_id(cx: &Cx) -> Result<String, StepError> {
    let store = cx.out("bob.preflight", "identity_store_id")?;
    let group = cx.a("group_name");
    cx.call(Op::GetGroupId {
        identity_store_id: store,
        display_name: group.clone(),
    })
    .await
    .map_err(|e| match e {
        StepError::Cloud {
            error: CloudError::NotFound { .. },
            ..
        } => StepError::check(format!(
            "the identity store has no group named {group} (alice.group_name)"
        )),
        e => e,
    })?
    .id()
    .map_err(cloud("GetGroupId"))
}

pub struct AccessGrants;

#[async_trait::async_trait]
impl Action for AccessGrants {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let account = cx.a("analytics_account_id");
        let bucket = cx.a("s3_bucket");
        let instance_arn = cx.out("bob.preflight", "instance_arn")?;
        let role = service_role(
            cx,
            &cx.a("access_grants_role_name"),
            "/",
            "access-grants.s3.amazonaws.com",
            "tipwiz-access-grants-location",
            policy::access_grants_location(&bucket, &account),
        )
        .await?;

        let inst = cx
            .call(Op::GetAccessGrantsInstance {
                account_id: account.clone(),
            })
            .await?
            .ag_instance()
            .map_err(cloud("GetAccessGrantsInstance"))?;
        match inst {
            None => {
                cx.call(Op::CreateAccessGrantsInstance {
                    account_id: account.clone(),
                    identity_center_arn: instance_arn.clone(),
                })
                .await?;
                cx.undo(
                    &t,
                    Op::DeleteAccessGrantsInstance {
                        account_id: account.clone(),
                    },
                    None,
                )?;
            }
            Some(i) if i.identity_center_arn.as_deref() == Some(instance_arn.as_str()) => {
                cx.adopt(
                    "CreateAccessGrantsInstance",
                    &t,
                    Op::DeleteAccessGrantsInstance {
                        account_id: account.clone(),
                    },
                    None,
                )?;
            }
            Some(i) if i.identity_center_arn.is_none() => {
                // One instance per account and Region: associate the one that exists.
                cx.call(Op::AssociateAccessGrantsIdentityCenter {
                    account_id: account.clone(),
                    identity_center_arn: instance_arn.clone(),
                })
                .await?;
                cx.note(format!(
                    "associated the existing Access Grants instance {} with Identity Center",
                    i.arn
                ));
            }
            Some(i) => {
                return Err(StepError::check(format!(
                    "the Access Grants instance {} is associated with another Identity Center instance ({})",
                    i.arn,
                    i.identity_center_arn.unwrap_or_default()
                )));
            }
        }

        let scope = format!("s3://{bucket}/");
        let locations = cx
            .call(Op::ListAccessGrantsLocations {
                account_id: account.clone(),
            })
            .await?
            .ag_locations()
            .map_err(cloud("ListAccessGrantsLocations"))?;
        let location_id = match locations.into_iter().find(|l| l.scope == scope) {
            Some(l) => {
                cx.adopt(
                    "CreateAccessGrantsLocation",
                    &t,
                    Op::DeleteAccessGrantsLocation {
                        account_id: account.clone(),
                        id: l.id.clone(),
                    },
                    None,
                )?;
                l.id
            }
            None => {
                let id = cx
                    .call(Op::CreateAccessGrantsLocation {
                        account_id: account.clone(),
                        scope: scope.clone(),
                        role_arn: role.arn.clone(),
                    })
                    .await?
                    .id()
                    .map_err(cloud("CreateAccessGrantsLocation"))?;
                cx.undo(
                    &t,
                    Op::DeleteAccessGrantsLocation {
                        account_id: account.clone(),
                        id: id.clone(),
                    },
                    None,
                )?;
                id
            }
        };
        cx.set_out("location_id", &location_id)?;

        let group_id = group_id(cx).await?;
        let sub_prefix = format!("{}*", cx.a("grant_prefix"));
        let grants = cx
            .call(Op::ListAccessGrants {
                account_id: account.clone(),
            })
            .await?
            .ag_grants()
            .map_err(cloud("ListAccessGrants"))?;
        let grant_id = match grants
            .into_iter()
            .find(|g| g.location_id == location_id && g.sub_prefix == sub_prefix && g.grantee_id == group_id)
        {
            Some(g) => {
                cx.adopt(
                    "CreateAccessGrant",
                    &t,
                    Op::DeleteAccessGrant {
                        account_id: account.clone(),
                        id: g.id.clone(),
                    },
                    None,
                )?;
                g.id
            }
            None => {
                let id = cx
                    .call(Op::CreateAccessGrant {
                        account_id: account.clone(),
                        location_id,
                        sub_prefix,
                        group_id,
                        permission: "READWRITE".into(),
                    })
                    .await?
                    .id()
                    .map_err(cloud("CreateAccessGrant"))?;
                cx.undo(
                    &t,
                    Op::DeleteAccessGrant {
                        account_id: account,
                        id: id.clone(),
                    },
                    None,
                )?;
                id
            }
        };
        cx.set_out("grant_id", &grant_id)
    }
}

pub struct RedshiftApp;

#[async_trait::async_trait]
impl Action for RedshiftApp {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let instance_arn = cx.out("bob.preflight", "instance_arn")?;
        let doc = policy::redshift_idc_application(
            &cx.a("secondary_region"),
            &cx.a("analytics_account_id"),
            &cx.a("management_account_id"),
            &instance_arn,
        );
        let role = service_role(
            cx,
            &cx.a("redshift_idc_role_name"),
            "/",
            "redshift.amazonaws.com",
            "tipwiz-redshift-idc",
            doc,
        )
        .await?;
        let name = cx.a("idc_app_name");
        let app = match cx
            .call(Op::FindRedshiftIdcApplication { name: name.clone() })
            .await?
            .maybe_idc_app()
            .map_err(cloud("DescribeRedshiftIdcApplications"))?
        {
            Some(a) => {
                cx.adopt(
                    "CreateRedshiftIdcApplication",
                    &t,
                    Op::DeleteRedshiftIdcApplication { arn: a.arn.clone() },
                    None,
                )?;
                if !(a.lake_formation && a.access_grants) {
                    return Err(StepError::check(format!(
                        "the application {name} exists without {}: both integrations are needed",
                        if a.lake_formation {
                            "the S3 Access Grants integration"
                        } else {
                            "the Lake Formation integration"
                        }
                    )));
                }
                a
            }
            None => {
                let a = cx
                    .call(Op::CreateRedshiftIdcApplication {
                        name: name.clone(),
                        display_name: format!("Redshift {}", cx.a("secondary_region")),
                        idc_instance_arn: instance_arn,
                        identity_namespace: cx.a("idc_namespace"),
                        iam_role_arn: role.arn.clone(),
                        lake_formation: true,
                        access_grants: true,
                    })
                    .await?
                    .idc_app()
                    .map_err(cloud("CreateRedshiftIdcApplication"))?;
                cx.undo(&t, Op::DeleteRedshiftIdcApplication { arn: a.arn.clone() }, None)?;
                a
            }
        };
        cx.set_out("application_arn", &app.arn)?;
        cx.set_out("managed_application_arn", &app.managed_application_arn)?;
        cx.set_out("role_arn", &role.arn)?;

        let group_id = group_id(cx).await?;
        let undo = Op::DeleteApplicationAssignment {
            application_arn: app.managed_application_arn.clone(),
            group_id: group_id.clone(),
        };
        let assigned = cx
            .call(Op::ListApplicationAssignments {
                application_arn: app.managed_application_arn.clone(),
            })
            .await?
            .ids()
            .map_err(cloud("ListApplicationAssignments"))?;
        if assigned.contains(&group_id) {
            cx.adopt("CreateApplicationAssignment", &t, undo, None)
        } else {
            cx.call(Op::CreateApplicationAssignment {
                application_arn: app.managed_application_arn,
                group_id,
            })
            .await?;
            cx.undo(&t, undo, None)
        }
    }
}

/// The statements the Redshift admin runs, with the statement that undoes each.
pub fn redshift_statements(cx: &Cx) -> Result<Vec<(String, Option<String>)>, StepError> {
    let ns = cx.a("idc_namespace");
    let provider = format!("{}_idp", ns.to_ascii_lowercase());
    let managed = cx.out("bob.redshift-idc-app", "managed_application_arn")?;
    let role = cx.out("bob.redshift-idc-app", "role_arn")?;
    let table = format!("public.{}", cx.a("sales_table"));
    let loaded = format!("public.{}_loaded", cx.a("sales_table"));
    let db_role = format!("\"{ns}:{}\"", cx.a("group_name"));
    Ok(vec![
        (
            // The managed application ARN (arn:aws:sso::...), not the Redshift application's own.
            format!(
                "CREATE IDENTITY PROVIDER \"{provider}\" TYPE AWSIDC NAMESPACE '{ns}' APPLICATION_ARN '{managed}' IAM_ROLE '{role}'"
            ),
            Some(format!("DROP IDENTITY PROVIDER \"{provider}\"")),
        ),
        (
            format!(
                "CREATE TABLE IF NOT EXISTS {table} (sale_id int, customer_id int, product varchar(64), amount decimal(10,2), sale_date date)"
            ),
            Some(format!("DROP TABLE IF EXISTS {table}")),
        ),
        (
            format!(
                "INSERT INTO {table} VALUES (101, 1, 'espresso machine', 349.00, '2026-01-12'), (102, 2, 'grinder', 129.50, '2026-01-14'), \
                 (103, 1, 'milk frother', 59.90, '2026-02-02'), (104, 3, 'kettle', 45.00, '2026-02-20'), (105, 4, 'scale', 29.99, '2026-03-05')"
            ),
            None,
        ),
        (
            format!("CREATE TABLE IF NOT EXISTS {loaded} (LIKE {table})"),
            Some(format!("DROP TABLE IF EXISTS {loaded}")),
        ),
        (format!("CREATE ROLE {db_role}"), Some(format!("DROP ROLE {db_role}"))),
        (format!("GRANT USAGE ON SCHEMA public TO ROLE {db_role}"), None),
        (format!("GRANT SELECT ON {table} TO ROLE {db_role}"), None),
        (format!("GRANT SELECT, INSERT ON {loaded} TO ROLE {db_role}"), None),
    ])
}

pub struct RedshiftTables;

#[async_trait::async_trait]
impl Action for RedshiftTables {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let done: usize = cx
            .out(&cx.step.id, "statements_done")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        for (i, (sql, undo_sql)) in redshift_statements(cx)?.into_iter().enumerate().skip(done) {
            let undo = undo_sql.map(|u| Op::ExecuteStatement {
                cluster: cx.a("cluster_id"),
                database: cx.a("database"),
                db_user: cx.a("db_user"),
                sql: u,
            });
            let id = cx
                .call(Op::ExecuteStatement {
                    cluster: cx.a("cluster_id"),
                    database: cx.a("database"),
                    db_user: cx.a("db_user"),
                    sql: sql.clone(),
                })
                .await?
                .id()
                .map_err(cloud("ExecuteStatement"))?;
            let mut w = cx.waiter("the Redshift statement", STATEMENT_TIMEOUT_MS);
            loop {
                let s = cx
                    .call(Op::DescribeStatement { id: id.clone() })
                    .await?
                    .query()
                    .map_err(cloud("DescribeStatement"))?;
                match s.state.as_str() {
                    "FINISHED" => {
                        if let Some(u) = &undo {
                            cx.undo(&t, u.clone(), None)?;
                        }
                        break;
                    }
                    "FAILED" | "ABORTED" => {
                        let reason = s.reason.unwrap_or_default();
                        if reason.contains("already exists") {
                            // Made by an earlier run of this step, or by hand: adopt it.
                            if let Some(u) = &undo {
                                cx.adopt("ExecuteStatement", &t, u.clone(), None)?;
                            }
                            break;
                        }
                        return Err(StepError::check(format!(
                            "Redshift rejected `{}`: {reason}",
                            first_words(&sql)
                        )));
                    }
                    other => w.tick(cx, other).await?,
                }
            }
            cx.set_out("statements_done", &(i + 1).to_string())?;
        }
        Ok(())
    }
}

fn first_words(sql: &str) -> String {
    sql.split_whitespace().take(4).collect::<Vec<_>>().join(" ")
}
