//! Bob's remaining steps: the S3 bucket, S3 Access Grants, and Redshift's link to Identity Center.

use super::cx::{Cx, StepError};
use super::shared::{group_id, service_role};
use super::{Action, policy};
use crate::cloud::{CloudError, Op};

const STATEMENT_TIMEOUT_MS: u64 = 10 * 60_000;

pub struct Bucket;

#[async_trait::async_trait]
impl Action for Bucket {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let name = cx.answer("s3_bucket");
        let undo = Op::DeleteBucket { name: name.clone() };
        if cx.call(Op::HeadBucket { name: name.clone() }).await?.exists()? {
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
        let name = cx.answer("s3_bucket");
        if cx.call(Op::HeadBucket { name: name.clone() }).await?.exists()? {
            Ok(())
        } else {
            Err(StepError::check(format!("bucket {name} no longer exists")))
        }
    }
}

pub struct AccessGrants;

#[async_trait::async_trait]
impl Action for AccessGrants {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let account = cx.answer("analytics_account_id");
        let bucket = cx.answer("s3_bucket");
        let instance_arn = cx.out("bob.preflight", "instance_arn")?;
        let role = service_role(
            cx,
            &cx.answer("access_grants_role_name"),
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
            .ag_instance()?;
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
            .ag_locations()?;
        let found = locations.into_iter().find(|l| l.scope == scope).map(|l| l.id);
        let create = Op::CreateAccessGrantsLocation {
            account_id: account.clone(),
            scope: scope.clone(),
            role_arn: role.arn.clone(),
        };
        let location_id = cx
            .ensure(
                &t,
                found,
                create,
                |r| r.id(),
                |id| Op::DeleteAccessGrantsLocation {
                    account_id: account.clone(),
                    id: id.clone(),
                },
            )
            .await?;
        cx.set_out("location_id", &location_id)?;

        let group_id = group_id(cx).await?;
        let sub_prefix = format!("{}*", cx.answer("grant_prefix"));
        let grants = cx
            .call(Op::ListAccessGrants {
                account_id: account.clone(),
            })
            .await?
            .ag_grants()?;
        let found = grants
            .into_iter()
            .find(|g| g.location_id == location_id && g.sub_prefix == sub_prefix && g.grantee_id == group_id)
            .map(|g| g.id);
        let create = Op::CreateAccessGrant {
            account_id: account.clone(),
            location_id,
            sub_prefix,
            group_id,
            permission: "READWRITE".into(),
        };
        let grant_id = cx
            .ensure(
                &t,
                found,
                create,
                |r| r.id(),
                |id| Op::DeleteAccessGrant {
                    account_id: account.clone(),
                    id: id.clone(),
                },
            )
            .await?;
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
            &cx.answer("secondary_region"),
            &cx.answer("analytics_account_id"),
            &cx.answer("management_account_id"),
            &instance_arn,
        );
        let role = service_role(
            cx,
            &cx.answer("redshift_idc_role_name"),
            "/",
            "redshift.amazonaws.com",
            "tipwiz-redshift-idc",
            doc,
        )
        .await?;
        let name = cx.answer("idc_app_name");
        let app = match cx
            .call(Op::FindRedshiftIdcApplication { name: name.clone() })
            .await?
            .maybe_idc_app()?
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
                        display_name: format!("Redshift {}", cx.answer("secondary_region")),
                        idc_instance_arn: instance_arn,
                        identity_namespace: cx.answer("idc_namespace"),
                        iam_role_arn: role.arn.clone(),
                        lake_formation: true,
                        access_grants: true,
                    })
                    .await?
                    .idc_app()?;
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
            .ids()?;
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
    let ns = cx.answer("idc_namespace");
    let provider = format!("{}_idp", ns.to_ascii_lowercase());
    let managed = cx.out("bob.redshift-idc-app", "managed_application_arn")?;
    let role = cx.out("bob.redshift-idc-app", "role_arn")?;
    let table = format!("public.{}", cx.answer("sales_table"));
    let loaded = format!("public.{}_loaded", cx.answer("sales_table"));
    let db_role = format!("\"{ns}:{}\"", cx.answer("group_name"));
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
                cluster: cx.answer("cluster_id"),
                database: cx.answer("database"),
                db_user: cx.answer("db_user"),
                sql: u,
            });
            let id = cx
                .call(Op::ExecuteStatement {
                    cluster: cx.answer("cluster_id"),
                    database: cx.answer("database"),
                    db_user: cx.answer("db_user"),
                    sql: sql.clone(),
                })
                .await?
                .id()?;
            let mut w = cx.waiter("the Redshift statement", STATEMENT_TIMEOUT_MS);
            loop {
                let s = cx.call(Op::DescribeStatement { id: id.clone() }).await?.query()?;
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
