//! Bob's remaining steps: the S3 bucket, S3 Access Grants, and Redshift's link to Identity Center.

use super::cx::{Cx, StepError};
use super::shared::{
    count_rows, group_id, put_role_policy, quote_ident, quote_literal, quote_qualified, run_statement, service_role,
    statement_op,
};
use super::{Action, Seen, observe_by_checks, policy, same_credentials};
use crate::cloud::{CloudError, Op, Target};
use crate::journal::{Undo, WaitFor};

/// A bucket name owned by another account, in words, with the fix.
fn taken(name: &str) -> StepError {
    StepError::check(format!(
        "the bucket name {name} belongs to another account (bucket names are global, and such a bucket is never adopted): \
         choose another bob.s3_bucket"
    ))
}

pub struct Bucket;

impl Bucket {
    /// Whether this account owns the bucket; a name another account owns is an error.
    async fn owned(cx: &Cx, name: &str) -> Result<bool, StepError> {
        match cx.call(Op::HeadBucket { name: name.into() }).await {
            Ok(r) => r.exists(),
            Err(StepError::Cloud {
                error: CloudError::NameTaken { .. },
                ..
            }) => Err(taken(name)),
            Err(e) => Err(e),
        }
    }
}

#[async_trait::async_trait]
impl Action for Bucket {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let name = cx.answer("s3_bucket");
        let undo = Undo::at(&t, Op::DeleteBucket { name: name.clone() });
        if Self::owned(cx, &name).await? {
            return cx.adopt("CreateBucket", undo);
        }
        let op = Op::CreateBucket {
            name: name.clone(),
            region: t.region.clone(),
        };
        match cx
            .create(&t, op, |_| Ok(()), |_| Op::DeleteBucket { name: name.clone() })
            .await
        {
            Ok(()) => Ok(()),
            // Ours already (made between the look-up and now, or by a run that crashed).
            Err(StepError::Cloud {
                error: CloudError::AlreadyExists { .. },
                ..
            }) => cx.adopt("CreateBucket", undo),
            Err(StepError::Cloud {
                error: CloudError::NameTaken { .. },
                ..
            }) => Err(taken(&name)),
            Err(e) => Err(e),
        }
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let name = cx.answer("s3_bucket");
        if Self::owned(cx, &name).await? {
            Ok(())
        } else {
            Err(StepError::check(format!("bucket {name} does not exist")))
        }
    }
}

/// `s3://bucket/` and `s3://bucket` name the same location.
fn same_scope(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
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
            policy::access_grants_trust(&account),
            "tipwiz-access-grants-location",
            policy::access_grants_location(&bucket, &account, &t.region),
        )
        .await?;

        // The instance can only be deleted once Identity Center is dissociated from it (S3
        // Control API reference, DeleteAccessGrantsInstance): undos run newest first.
        let delete = Undo::at(
            &t,
            Op::DeleteAccessGrantsInstance {
                account_id: account.clone(),
            },
        );
        let dissociate = Undo::at(
            &t,
            Op::DissociateAccessGrantsIdentityCenter {
                account_id: account.clone(),
            },
        );
        let inst = cx
            .call(Op::GetAccessGrantsInstance {
                account_id: account.clone(),
            })
            .await?
            .ag_instance()?;
        match inst {
            None => {
                let op = Op::CreateAccessGrantsInstance {
                    account_id: account.clone(),
                    identity_center_arn: instance_arn.clone(),
                };
                cx.create_with(&t, op, |_| Ok(()), |_| vec![delete, dissociate]).await?;
            }
            Some(i) if i.identity_center_arn.as_deref() == Some(instance_arn.as_str()) => {
                cx.adopt("CreateAccessGrantsInstance", delete)?;
                cx.adopt("CreateAccessGrantsInstance", dissociate.clone())?;
                cx.adopt("AssociateAccessGrantsIdentityCenter", dissociate)?;
            }
            Some(i) if i.identity_center_arn.is_none() => {
                // One instance per account and Region: associate the one that exists, and
                // give it back unassociated at teardown.
                let op = Op::AssociateAccessGrantsIdentityCenter {
                    account_id: account.clone(),
                    identity_center_arn: instance_arn.clone(),
                };
                cx.create_with(&t, op, |_| Ok(()), |_| vec![dissociate]).await?;
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
        let found = cx
            .call(Op::ListAccessGrantsLocations {
                account_id: account.clone(),
            })
            .await?
            .ag_locations()?
            .into_iter()
            .find(|l| same_scope(&l.scope, &scope))
            .map(|l| l.id);
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
        let found = cx
            .call(Op::ListAccessGrants {
                account_id: account.clone(),
            })
            .await?
            .ag_grants()?
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

    /// The location and the grant are found by their scope and grantee.
    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        if same_credentials(&cx.target(), observer) {
            let account = cx.answer("analytics_account_id");
            let scope = format!("s3://{}/", cx.answer("s3_bucket"));
            let location = cx
                .call(Op::ListAccessGrantsLocations {
                    account_id: account.clone(),
                })
                .await?
                .ag_locations()?
                .into_iter()
                .find(|l| same_scope(&l.scope, &scope));
            if let Some(l) = location {
                cx.set_out("location_id", &l.id)?;
                let group_id = group_id(cx).await?;
                let sub_prefix = format!("{}*", cx.answer("grant_prefix"));
                if let Some(g) = cx
                    .call(Op::ListAccessGrants { account_id: account })
                    .await?
                    .ag_grants()?
                    .into_iter()
                    .find(|g| g.location_id == l.id && g.sub_prefix == sub_prefix && g.grantee_id == group_id)
                {
                    cx.set_out("grant_id", &g.id)?;
                }
            }
        }
        observe_by_checks(self, cx, observer).await
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let account = cx.answer("analytics_account_id");
        let instance_arn = cx.out("bob.preflight", "instance_arn")?;
        match cx
            .call(Op::GetAccessGrantsInstance {
                account_id: account.clone(),
            })
            .await?
            .ag_instance()?
        {
            Some(i) if i.identity_center_arn.as_deref() == Some(instance_arn.as_str()) => {}
            Some(_) => {
                return Err(StepError::check(
                    "the S3 Access Grants instance is not associated with this Identity Center instance",
                ));
            }
            None => {
                return Err(StepError::check(
                    "there is no S3 Access Grants instance in this account and Region",
                ));
            }
        }
        let role_name = cx.answer("access_grants_role_name");
        if let Some(role) = cx
            .call(Op::GetRole {
                name: role_name.clone(),
            })
            .await?
            .maybe_role()?
            && !super::shared::trusts_with(&role.trust_policy, "access-grants.s3.amazonaws.com", "sts:SetContext")
        {
            return Err(StepError::check(format!(
                "the location role {role_name} does not let access-grants.s3.amazonaws.com call sts:SetContext: \
                 Access Grants cannot pass the user's identity on (its trust policy: {})",
                role.trust_policy
            )));
        }
        let location_id = cx.out(&cx.step.id, "location_id")?;
        let grant_id = cx.out(&cx.step.id, "grant_id")?;
        let locations = cx
            .call(Op::ListAccessGrantsLocations {
                account_id: account.clone(),
            })
            .await?
            .ag_locations()?;
        if !locations.iter().any(|l| l.id == location_id) {
            return Err(StepError::check(format!(
                "the Access Grants location {location_id} does not exist"
            )));
        }
        let grants = cx
            .call(Op::ListAccessGrants { account_id: account })
            .await?
            .ag_grants()?;
        if grants.iter().any(|g| g.id == grant_id) {
            Ok(())
        } else {
            Err(StepError::check(format!("the access grant {grant_id} does not exist")))
        }
    }

    async fn repair(&self, cx: &Cx) -> Vec<String> {
        let t = cx.target();
        let account = cx.answer("analytics_account_id");
        let mut out = vec![];
        if let Ok(instance_arn) = cx.out("bob.preflight", "instance_arn") {
            let op = Op::AssociateAccessGrantsIdentityCenter {
                account_id: account.clone(),
                identity_center_arn: instance_arn,
            };
            out.extend(crate::cloud::cli::command(&t, &op));
        }
        let op = Op::UpdateAssumeRolePolicy {
            name: cx.answer("access_grants_role_name"),
            trust_policy: policy::access_grants_trust(&account),
        };
        out.extend(crate::cloud::cli::command(&t, &op));
        out
    }
}

pub struct RedshiftApp;

impl RedshiftApp {
    async fn cluster(cx: &Cx) -> Result<crate::cloud::ClusterInfo, StepError> {
        let id = cx.answer("cluster_id");
        cx.call(Op::DescribeCluster { id: id.clone() })
            .await?
            .cluster()?
            .ok_or_else(|| StepError::check(format!("cluster {id} is gone from {}", cx.target().region)))
    }

    /// A cluster created with the Identity Center integration gets its role attached by
    /// Redshift; an existing cluster is given it here, so the identity provider's IAM_ROLE is one
    /// the cluster may use (nothing documents that CREATE IDENTITY PROVIDER needs it; attaching
    /// is idempotent and harmless).
    async fn attach_to_cluster(cx: &Cx, role_arn: &str) -> Result<(), StepError> {
        let (t, cluster) = (cx.target(), cx.answer("cluster_id"));
        let detach = Undo::at(
            &t,
            Op::ModifyClusterIamRoles {
                cluster: cluster.clone(),
                add: vec![],
                remove: vec![role_arn.to_string()],
            },
        );
        if Self::cluster(cx).await?.iam_roles.iter().any(|r| r == role_arn) {
            // Attached already: by an earlier run of ours that stopped before recording how to
            // detach it (then detached at rollback), or by someone else (then left).
            return cx.adopt("ModifyClusterIamRoles", detach);
        }
        let attach = Op::ModifyClusterIamRoles {
            cluster,
            add: vec![role_arn.to_string()],
            remove: vec![],
        };
        cx.create_with(&t, attach, |_| Ok(()), |_| vec![detach]).await
    }

    /// Assigns the analysts' group to an Identity Center managed application.
    async fn assign(cx: &Cx, application_arn: &str, group_id: &str) -> Result<(), StepError> {
        let t = cx.target();
        let undo = Op::DeleteApplicationAssignment {
            application_arn: application_arn.into(),
            group_id: group_id.into(),
        };
        let assigned = cx
            .call(Op::ListApplicationAssignments {
                application_arn: application_arn.into(),
            })
            .await?
            .ids()?;
        let create = Op::CreateApplicationAssignment {
            application_arn: application_arn.into(),
            group_id: group_id.into(),
        };
        let found = assigned.iter().any(|g| g == group_id).then_some(());
        cx.ensure(&t, found, create, |_| Ok(()), |_| undo).await
    }
}

#[async_trait::async_trait]
impl Action for RedshiftApp {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let instance_arn = cx.out("bob.preflight", "instance_arn")?;
        let (region, account) = (cx.answer("secondary_region"), cx.answer("analytics_account_id"));
        let role_name = cx.answer("redshift_idc_role_name");
        let role = service_role(
            cx,
            &role_name,
            "/",
            "redshift.amazonaws.com",
            policy::redshift_idc_trust(),
            "tipwiz-redshift-idc",
            policy::redshift_idc_application(&region, &account, &instance_arn, None),
        )
        .await?;
        Self::attach_to_cluster(cx, &role.arn).await?;
        let name = cx.answer("idc_app_name");
        let found = cx
            .call(Op::FindRedshiftIdcApplication { name: name.clone() })
            .await?
            .maybe_idc_app()?;
        if let Some(a) = &found
            && !(a.lake_formation && a.access_grants)
        {
            return Err(StepError::check(format!(
                "the application {name} exists without {}: both integrations are needed",
                if a.lake_formation {
                    "the S3 Access Grants integration"
                } else {
                    "the Lake Formation integration"
                }
            )));
        }
        let create = Op::CreateRedshiftIdcApplication {
            name: name.clone(),
            // IdcDisplayName must match [\w+=,.@-]+ whole: no spaces.
            display_name: format!("Redshift-{region}"),
            idc_instance_arn: instance_arn.clone(),
            identity_namespace: cx.answer("idc_namespace"),
            iam_role_arn: role.arn.clone(),
            lake_formation: true,
            access_grants: true,
        };
        let app = cx
            .ensure(
                &t,
                found,
                create,
                |r| r.idc_app(),
                |a| Op::DeleteRedshiftIdcApplication { arn: a.arn.clone() },
            )
            .await?;
        // Now that the managed application exists, the role may read it: its ARN, and the
        // account in it, come from Redshift's answer, never from an assumption.
        put_role_policy(
            cx,
            &role_name,
            "tipwiz-redshift-idc",
            policy::redshift_idc_application(&region, &account, &instance_arn, Some(&app.managed_application_arn)),
        )
        .await?;
        cx.set_out("application_arn", &app.arn)?;
        cx.set_out("managed_application_arn", &app.managed_application_arn)?;
        cx.set_out("role_arn", &role.arn)?;

        // Query Editor v2 connects with Identity Center through an application of its own.
        let qev2_name = cx.answer("qev2_app_name");
        let found = cx
            .call(Op::FindQev2IdcApplication {
                name: qev2_name.clone(),
            })
            .await?
            .maybe_qev2_app()?;
        let create = Op::CreateQev2IdcApplication {
            name: qev2_name,
            display_name: format!("QueryEditorV2-{region}"),
            idc_instance_arn: instance_arn,
        };
        let qev2 = cx
            .ensure(
                &t,
                found,
                create,
                |r| r.qev2_app(),
                |q| Op::DeleteQev2IdcApplication { arn: q.arn.clone() },
            )
            .await?;
        cx.set_out("qev2_application_arn", &qev2.arn)?;

        let group_id = group_id(cx).await?;
        Self::assign(cx, &app.managed_application_arn, &group_id).await?;
        Self::assign(cx, &qev2.managed_application_arn, &group_id).await
    }

    /// The applications and the role are found by name: their ARNs are the outputs Ethan's
    /// steps and the Redshift statements read.
    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        if same_credentials(&cx.target(), observer) {
            let name = cx.answer("idc_app_name");
            let app = cx
                .call(Op::FindRedshiftIdcApplication { name })
                .await?
                .maybe_idc_app()?;
            let role = cx
                .call(Op::GetRole {
                    name: cx.answer("redshift_idc_role_name"),
                })
                .await?
                .maybe_role()?;
            let qev2 = cx
                .call(Op::FindQev2IdcApplication {
                    name: cx.answer("qev2_app_name"),
                })
                .await?
                .maybe_qev2_app()?;
            if let Some(app) = app {
                cx.set_out("application_arn", &app.arn)?;
                cx.set_out("managed_application_arn", &app.managed_application_arn)?;
            }
            if let Some(role) = role {
                cx.set_out("role_arn", &role.arn)?;
            }
            if let Some(qev2) = qev2 {
                cx.set_out("qev2_application_arn", &qev2.arn)?;
            }
        }
        observe_by_checks(self, cx, observer).await
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let name = cx.answer("idc_app_name");
        match cx
            .call(Op::FindRedshiftIdcApplication { name: name.clone() })
            .await?
            .maybe_idc_app()?
        {
            Some(a) if a.lake_formation && a.access_grants => {}
            Some(a) => {
                return Err(StepError::check(format!(
                    "the application {name} has no {} integration: {}",
                    if a.lake_formation {
                        "S3 Access Grants"
                    } else {
                        "Lake Formation"
                    },
                    if a.lake_formation {
                        "UNLOAD and COPY cannot use the user's identity"
                    } else {
                        "queries on s3tablescatalog cannot use the user's identity"
                    }
                )));
            }
            None => {
                return Err(StepError::check(format!(
                    "the Redshift application {name} does not exist"
                )));
            }
        }
        let qev2 = cx.answer("qev2_app_name");
        if cx
            .call(Op::FindQev2IdcApplication { name: qev2.clone() })
            .await?
            .maybe_qev2_app()?
            .is_none()
        {
            return Err(StepError::check(format!(
                "the Query Editor v2 application {qev2} does not exist"
            )));
        }
        let (cluster, role) = (cx.answer("cluster_id"), cx.out(&cx.step.id, "role_arn")?);
        if !Self::cluster(cx).await?.iam_roles.contains(&role) {
            return Err(StepError::check(format!(
                "cluster {cluster} does not have the role {role}"
            )));
        }
        let managed = cx.out(&cx.step.id, "managed_application_arn")?;
        let group_id = group_id(cx).await?;
        let assigned = cx
            .call(Op::ListApplicationAssignments {
                application_arn: managed.clone(),
            })
            .await?
            .ids()?;
        if !assigned.contains(&group_id) {
            return Err(StepError::check(format!(
                "{} is not assigned to the Redshift application ({managed}): its members cannot sign in to the cluster",
                cx.answer("group_name")
            )));
        }
        Ok(())
    }

    async fn repair(&self, cx: &Cx) -> Vec<String> {
        let t = cx.target();
        let mut out = vec![];
        if let Ok(arn) = cx.out(&cx.step.id, "application_arn") {
            out.push(crate::cloud::cli::line(
                &t,
                "redshift",
                "modify-redshift-idc-application",
                &[
                    ("--redshift-idc-application-arn", &arn),
                    (
                        "--service-integrations",
                        r#"[{"LakeFormation":[{"LakeFormationQuery":{"Authorization":"Enabled"}}]},{"S3AccessGrants":[{"ReadWriteAccess":{"Authorization":"Enabled"}}]}]"#,
                    ),
                ],
            ));
        }
        if let (Ok(managed), Ok(group_id)) = (cx.out(&cx.step.id, "managed_application_arn"), group_id(cx).await) {
            let op = Op::CreateApplicationAssignment {
                application_arn: managed,
                group_id,
            };
            out.extend(crate::cloud::cli::command(&t, &op));
        }
        out
    }
}

/// The statements the Redshift admin runs, with the statement that undoes each. Names from the
/// answers are quoted as identifiers, ARNs as literals: an answer can never become SQL.
pub fn redshift_statements(cx: &Cx) -> Result<Vec<(String, Option<String>)>, StepError> {
    let ns = cx.answer("idc_namespace");
    let provider = quote_ident(&format!("{}_idp", ns.to_ascii_lowercase()));
    let managed = cx.out("bob.redshift-idc-app", "managed_application_arn")?;
    let role_arn = cx.out("bob.redshift-idc-app", "role_arn")?;
    let sales = cx.answer("sales_table");
    let table = quote_qualified(&["public", &sales]);
    let loaded = quote_qualified(&["public", &format!("{sales}_loaded")]);
    let db_role = quote_ident(&format!("{ns}:{}", cx.answer("group_name")));
    Ok(vec![
        (
            // The managed application ARN (arn:aws:sso::...), not the Redshift application's own.
            format!(
                "CREATE IDENTITY PROVIDER {provider} TYPE AWSIDC NAMESPACE {} APPLICATION_ARN {} IAM_ROLE {}",
                quote_literal(&ns),
                quote_literal(&managed),
                quote_literal(&role_arn)
            ),
            // CASCADE takes the users and roles the provider brought (Redshift SQL reference).
            Some(format!("DROP IDENTITY PROVIDER {provider} CASCADE")),
        ),
        (
            format!(
                "CREATE TABLE IF NOT EXISTS {table} (sale_id int, customer_id int, product varchar(64), amount decimal(10,2), sale_date date)"
            ),
            Some(format!("DROP TABLE IF EXISTS {table}")),
        ),
        // Delete-then-insert: running the statements again leaves the same rows.
        (format!("DELETE FROM {table} WHERE sale_id BETWEEN 101 AND 105"), None),
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
        // Once Ethan has signed in, his user holds the role: only FORCE drops it then.
        (
            format!("CREATE ROLE {db_role}"),
            Some(format!("DROP ROLE {db_role} FORCE")),
        ),
        (format!("GRANT USAGE ON SCHEMA \"public\" TO ROLE {db_role}"), None),
        (format!("GRANT SELECT ON {table} TO ROLE {db_role}"), None),
        (format!("GRANT SELECT, INSERT ON {loaded} TO ROLE {db_role}"), None),
    ])
}

pub struct RedshiftTables;

#[async_trait::async_trait]
impl Action for RedshiftTables {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let number = |key: &str| cx.out(&cx.step.id, key).ok().and_then(|n| n.parse::<usize>().ok());
        let done = number("statements_done").unwrap_or(0);
        for (i, (sql, undo_sql)) in redshift_statements(cx)?.into_iter().enumerate().skip(done) {
            // A statement that was sent before (by a run that stopped) and finds its object
            // made, made it: that one is ours. The first send of one that finds it is not.
            let sent_before = number("statement_sent") == Some(i);
            // Recorded before the statement is sent: a rollback after any failure runs it, and
            // an undo statement whose object was never made counts as done.
            let undo = undo_sql.map(|u| Undo::at(&t, statement_op(cx, u)).then_wait(WaitFor::StatementDone));
            if let Some(u) = &undo {
                cx.undo(u.clone())?;
            }
            cx.set_out("statement_sent", &i.to_string())?;
            let s = run_statement(cx, sql.clone()).await?;
            if s.state != "FINISHED" {
                let reason = s.reason.unwrap_or_default();
                if !reason.contains("already exists") {
                    return Err(StepError::check(format!(
                        "Redshift rejected `{}`: {reason}",
                        first_words(&sql)
                    )));
                }
                // Made by an earlier run of this step, or by someone else.
                if let Some(u) = &undo
                    && !sent_before
                {
                    cx.forget_undo(u)?;
                }
            }
            cx.set_out("statements_done", &(i + 1).to_string())?;
        }
        Ok(())
    }

    /// Reads the cluster's system views: the identity provider, both tables, the group's role
    /// and its grants on them.
    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let ns = cx.answer("idc_namespace");
        let provider = format!("{}_idp", ns.to_ascii_lowercase());
        let role = format!("{ns}:{}", cx.answer("group_name"));
        let sales = cx.answer("sales_table");
        let loaded = format!("{sales}_loaded");
        let checks: [(&str, Vec<(&str, &str)>, String); 6] = [
            (
                "svv_identity_providers",
                vec![("name", &provider)],
                format!("the identity provider {provider}"),
            ),
            (
                "svv_tables",
                vec![("table_schema", "public"), ("table_name", &sales)],
                format!("the table public.{sales}"),
            ),
            (
                "svv_tables",
                vec![("table_schema", "public"), ("table_name", &loaded)],
                format!("the table public.{loaded}"),
            ),
            ("svv_roles", vec![("role_name", &role)], format!("the role {role}")),
            (
                "svv_relation_privileges",
                vec![("relation_name", &sales), ("identity_name", &role)],
                format!("{role}'s grant on public.{sales}"),
            ),
            (
                "svv_relation_privileges",
                vec![("relation_name", &loaded), ("identity_name", &role)],
                format!("{role}'s grant on public.{loaded}"),
            ),
        ];
        for (view, filters, what) in checks {
            if count_rows(cx, view, &filters).await? == 0 {
                return Err(StepError::check(format!(
                    "{what} is gone from cluster {}: roll back bob.redshift-tables and apply it again",
                    cx.answer("cluster_id")
                )));
            }
        }
        Ok(())
    }
}

fn first_words(sql: &str) -> String {
    sql.split_whitespace().take(4).collect::<Vec<_>>().join(" ")
}
