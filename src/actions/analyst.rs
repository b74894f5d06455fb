//! Ethan's checks and the CloudTrail proof. Ethan runs his SQL himself on real AWS; the wizard
//! shows it, predicts the outcome from the grants that exist, and checks what it can see.
//! On the simulated cloud the wizard plays Ethan, and the sim decides from the same grants.

use super::cx::{Cx, StepError};
use super::shared::{count_rows, group_principal, quote_ident, quote_literal, quote_qualified, table_bucket_catalog};
use super::{Action, Seen, same_credentials};
use crate::answers::Answers;
use crate::cloud::Target;
use crate::cloud::{AnalystAction, CloudError, LfResource, ObjectFilter, Op, TrailEvent};
use crate::journal::Undo;

/// The SQL Ethan runs for a step, filled from the answers, or None for steps without SQL. Names
/// are quoted as identifiers and paths as literals, so an answer stays a name or a path.
pub fn sql_for(step: &str, a: &Answers) -> Option<String> {
    let three_part = quote_qualified(&[
        &format!("{}@s3tablescatalog", a.get("table_bucket")),
        &a.get("namespace"),
        &a.get("table_name"),
    ]);
    let sales = a.get("sales_table");
    let table = quote_qualified(&["public", &sales]);
    let loaded = quote_qualified(&["public", &format!("{sales}_loaded")]);
    let path = |prefix: &str| quote_literal(&format!("s3://{}/{prefix}", a.get("s3_bucket")));
    let unload = |prefix: &str| {
        format!(
            "UNLOAD ({})\nTO {}\nFORMAT PARQUET;",
            quote_literal(&format!("SELECT * FROM {table}")),
            path(prefix)
        )
    };
    match step {
        "ethan.select" => Some(format!("SELECT * FROM {three_part} ORDER BY customer_id;")),
        "ethan.unload" => Some(unload(&a.get("grant_prefix"))),
        "ethan.copy-join" => Some(format!(
            "COPY {loaded} FROM {} FORMAT PARQUET;\n\n\
             SELECT c.customer_id, c.name, SUM(s.amount) AS total\nFROM {three_part} c\nJOIN {loaded} s ON c.customer_id = s.customer_id\n\
             GROUP BY c.customer_id, c.name\nORDER BY total DESC;",
            path(&a.get("grant_prefix"))
        )),
        "ethan.denied" => Some(format!(
            "{}\n-- expected: access denied",
            unload(&a.get("denied_prefix"))
        )),
        _ => None,
    }
}

/// Plays the analyst where the backend can; None where a person must (real AWS).
async fn as_analyst(cx: &Cx, action: AnalystAction) -> Result<Option<(bool, String)>, StepError> {
    match cx
        .call(Op::RunAsAnalyst {
            user_name: cx.answer("analyst_user"),
            action,
        })
        .await
    {
        Ok(r) => Ok(Some(r.access()?)),
        Err(StepError::Cloud {
            error: CloudError::Unsupported { .. },
            ..
        }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Ethan signs in through the portal and connects Query Editor v2 to the cluster: a person does
/// it on real AWS (the step is confirmed); on the simulated cloud the wizard plays it.
pub struct SignIn;

#[async_trait::async_trait]
impl Action for SignIn {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        cx.set_out("confirmed", "yes")?;
        match as_analyst(cx, AnalystAction::SignIn).await? {
            None => Ok(()),
            Some((true, detail)) => {
                // Redshift made Ethan's user at this first connection: it goes at rollback
                // (and with the identity provider, CASCADE, at teardown).
                let user = format!("{}:{}", cx.answer("idc_namespace"), cx.answer("analyst_user"));
                cx.undo(
                    Undo::at(
                        &cx.target(),
                        Op::ExecuteStatement {
                            cluster: cx.answer("cluster_id"),
                            database: cx.answer("database"),
                            db_user: cx.answer("db_user"),
                            sql: format!("DROP USER IF EXISTS {}", quote_ident(&user)),
                        },
                    )
                    .then_wait(crate::journal::WaitFor::StatementDone),
                )?;
                cx.note(detail);
                Ok(())
            }
            Some((false, why)) => Err(StepError::check(format!(
                "Ethan could not connect to the cluster with IAM Identity Center: {why}"
            ))),
        }
    }

    /// Redshift keeps the user his first connection made (SVV_USER_INFO).
    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let user = format!("{}:{}", cx.answer("idc_namespace"), cx.answer("analyst_user"));
        if count_rows(cx, "svv_user_info", &[("user_name", &user)]).await? == 0 {
            return Err(StepError::check(format!(
                "cluster {} has no user {user}: Ethan has not connected with IAM Identity Center since it was \
                 made; he signs in through the portal and connects Query Editor v2 again",
                cx.answer("cluster_id")
            )));
        }
        Ok(())
    }
}

/// Whether the group holds SELECT on the tables, by Lake Formation's grants.
async fn predict_select(cx: &Cx) -> Result<bool, StepError> {
    let group_id = cx.out("bob.group-grants", "group_id")?;
    let grants = cx
        .call(Op::ListPermissions {
            principal: Some(group_principal(&group_id)),
            resource: Some(LfResource::Table {
                catalog_id: table_bucket_catalog(&cx.answer("analytics_account_id"), &cx.answer("table_bucket")),
                database: cx.answer("namespace"),
                table: None,
            }),
        })
        .await?
        .grants()?;
    Ok(grants
        .iter()
        .any(|g| g.permissions.iter().any(|p| p == "SELECT" || p == "ALL")))
}

/// Whether an Access Grant to the group covers `prefix` of the bucket for writing or reading.
async fn predict_prefix(cx: &Cx, prefix: &str, write: bool) -> Result<bool, StepError> {
    let group_id = cx.out("bob.group-grants", "group_id")?;
    let account = cx.answer("analytics_account_id");
    let path = format!("s3://{}/{prefix}", cx.answer("s3_bucket"));
    let locations = cx
        .call(Op::ListAccessGrantsLocations {
            account_id: account.clone(),
        })
        .await?
        .ag_locations()?;
    let grants = cx
        .call(Op::ListAccessGrants { account_id: account })
        .await?
        .ag_grants()?;
    Ok(grants.iter().any(|g| {
        let Some(loc) = locations.iter().find(|l| l.id == g.location_id) else {
            return false;
        };
        let covers = path.starts_with(&format!("{}{}", loc.scope, g.sub_prefix.trim_end_matches('*')));
        let perm =
            g.permission == "READWRITE" || (write && g.permission == "WRITE") || (!write && g.permission == "READ");
        g.grantee_id == group_id && covers && perm
    }))
}

fn expect_allowed(what: &str, predicted: bool, seen: Option<(bool, String)>, cx: &Cx) -> Result<(), StepError> {
    cx.note(format!(
        "prediction from the grants: {what} {}",
        if predicted { "allowed" } else { "denied" }
    ));
    match seen {
        Some((true, detail)) => cx.result(detail),
        Some((false, detail)) => Err(StepError::check(format!("{what} was denied: {detail}"))),
        None if predicted => Ok(()),
        None => Err(StepError::check(format!(
            "{what} would be denied: no grant allows it; check the earlier grant steps"
        ))),
    }
}

fn select_action(cx: &Cx) -> AnalystAction {
    AnalystAction::Select {
        table_bucket: cx.answer("table_bucket"),
        namespace: cx.answer("namespace"),
        table: cx.answer("table_name"),
    }
}

/// Drift for Ethan's steps: the grants that decide his access must still say what they said.
fn still(what: &str, predicted: bool, wanted: bool) -> Result<(), StepError> {
    if predicted == wanted {
        Ok(())
    } else {
        Err(StepError::check(format!(
            "{what} would now be {}: the grants changed",
            if predicted { "allowed" } else { "denied" }
        )))
    }
}

/// The files an UNLOAD writes under a prefix: removed at teardown, and nothing else there.
/// Recorded before Ethan's UNLOAD runs, so a failure at any point leaves none behind.
fn unloaded_files(cx: &Cx, prefix: &str) -> Undo {
    Undo::at(
        &cx.target(),
        Op::DeleteObjectsUnder {
            bucket: cx.answer("s3_bucket"),
            prefix: prefix.into(),
            filter: ObjectFilter::UnloadParts,
        },
    )
}

pub struct Select;

#[async_trait::async_trait]
impl Action for Select {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let predicted = predict_select(cx).await?;
        let seen = as_analyst(cx, select_action(cx)).await?;
        expect_allowed("Ethan's SELECT on the S3 table", predicted, seen, cx)
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        still("Ethan's SELECT on the S3 table", predict_select(cx).await?, true)
    }
}

pub struct Unload;

#[async_trait::async_trait]
impl Action for Unload {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let (bucket, prefix) = (cx.answer("s3_bucket"), cx.answer("grant_prefix"));
        let predicted = predict_prefix(cx, &prefix, true).await?;
        cx.undo(unloaded_files(cx, &prefix))?;
        let seen = as_analyst(
            cx,
            AnalystAction::Unload {
                bucket: bucket.clone(),
                prefix: prefix.clone(),
            },
        )
        .await?;
        expect_allowed("Ethan's UNLOAD to the group's prefix", predicted, seen, cx)?;
        let files = Self::files(cx).await?;
        if files.is_empty() {
            return Err(StepError::check(format!(
                "no files arrived under s3://{bucket}/{prefix}: run the UNLOAD as Ethan, then apply this step again"
            )));
        }
        cx.result(format!(
            "{} file(s) under s3://{bucket}/{prefix}: {}",
            files.len(),
            files.join(", ")
        ))?;
        cx.set_out("files", &files.len().to_string())
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        still(
            "Ethan's UNLOAD to the group's prefix",
            predict_prefix(cx, &cx.answer("grant_prefix"), true).await?,
            true,
        )?;
        if Self::files(cx).await?.is_empty() {
            return Err(StepError::check(format!(
                "the unloaded files under s3://{}/{} are gone",
                cx.answer("s3_bucket"),
                cx.answer("grant_prefix")
            )));
        }
        Ok(())
    }
}

impl Unload {
    /// The files an UNLOAD wrote under the group's prefix.
    async fn files(cx: &Cx) -> Result<Vec<String>, StepError> {
        let prefix = cx.answer("grant_prefix");
        let keys = cx
            .call(Op::ListObjects {
                bucket: cx.answer("s3_bucket"),
                prefix: prefix.clone(),
            })
            .await?
            .ids()?;
        Ok(keys
            .into_iter()
            .filter(|k| ObjectFilter::UnloadParts.takes(&prefix, k))
            .collect())
    }
}

pub struct CopyJoin;

#[async_trait::async_trait]
impl Action for CopyJoin {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let (bucket, prefix) = (cx.answer("s3_bucket"), cx.answer("grant_prefix"));
        let predicted = predict_prefix(cx, &prefix, false).await?;
        let seen = as_analyst(cx, AnalystAction::Copy { bucket, prefix }).await?;
        expect_allowed("Ethan's COPY from the group's prefix", predicted, seen, cx)?;
        let predicted = predict_select(cx).await?;
        let seen = as_analyst(cx, select_action(cx)).await?;
        expect_allowed("the join's read of the S3 table", predicted, seen, cx)
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        still(
            "Ethan's COPY from the group's prefix",
            predict_prefix(cx, &cx.answer("grant_prefix"), false).await?,
            true,
        )?;
        still("the join's read of the S3 table", predict_select(cx).await?, true)
    }
}

pub struct Denied;

#[async_trait::async_trait]
impl Action for Denied {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let (bucket, prefix) = (cx.answer("s3_bucket"), cx.answer("denied_prefix"));
        let predicted = predict_prefix(cx, &prefix, true).await?;
        cx.note(format!(
            "prediction from the grants: UNLOAD to {prefix} {}",
            if predicted { "allowed" } else { "denied" }
        ));
        if predicted {
            return Err(StepError::check(format!(
                "a grant covers s3://{bucket}/{prefix} for the group: the denial cannot be shown. Choose an ethan.denied_prefix outside every grant"
            )));
        }
        // Should the UNLOAD be allowed after all, what it wrote goes at rollback.
        cx.undo(unloaded_files(cx, &prefix))?;
        match as_analyst(
            cx,
            AnalystAction::Unload {
                bucket: bucket.clone(),
                prefix: prefix.clone(),
            },
        )
        .await?
        {
            Some((false, detail)) => cx.result(format!("denied as expected: {detail}")),
            Some((true, detail)) => Err(StepError::check(format!(
                "the UNLOAD outside the group's prefix was allowed ({detail}): some grant or role is too broad"
            ))),
            None => Ok(()),
        }
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        still(
            "an UNLOAD outside the group's prefix",
            predict_prefix(cx, &cx.answer("denied_prefix"), true).await?,
            false,
        )
    }
}

const SOURCES: [(&str, &str); 2] = [
    ("lakeformation.amazonaws.com", "Lake Formation"),
    ("s3.amazonaws.com", "S3 Access Grants"),
];

pub struct CloudTrail;

impl CloudTrail {
    /// The newest GetDataAccess event of each source for the user, from both services.
    async fn events(cx: &Cx, user_id: &str, start_ms: u64) -> Result<Vec<(&'static str, TrailEvent)>, StepError> {
        // One lookup attribute per call (the service's rule); filter the rest here.
        let events = cx
            .call(Op::LookupEvents {
                event_name: "GetDataAccess".into(),
                start_ms,
            })
            .await?
            .events()?;
        // Lake Formation names the user in additionalEventData, S3 Access Grants in
        // userIdentity.onBehalfOf: TrailEvent::is_for_user reads both.
        Ok(SOURCES
            .iter()
            .filter_map(|(src, name)| {
                events
                    .iter()
                    .filter(|e| e.event_source == *src && e.is_for_user(user_id))
                    .max_by_key(|e| e.time_ms)
                    .map(|e| (*name, e.clone()))
            })
            .collect())
    }
}

#[async_trait::async_trait]
impl Action for CloudTrail {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let store = cx.out("bob.preflight", "identity_store_id")?;
        let user = cx.answer("analyst_user");
        let user_id = cx
            .call(Op::GetUserId {
                identity_store_id: store,
                user_name: user.clone(),
            })
            .await?
            .id()?;
        let start_ms = cx.clock().now_ms().saturating_sub(24 * 3600 * 1000);
        let minutes = cx.answers.number("cloudtrail_wait_minutes").max(1) as u64;
        let mut w = cx.waiter("GetDataAccess events in CloudTrail", minutes * 60_000);
        loop {
            let seen = Self::events(cx, &user_id, start_ms).await?;
            if seen.len() == SOURCES.len() {
                for (name, e) in &seen {
                    cx.result(format!(
                        "{name} vended data access on behalf of {user} ({user_id}) at {}",
                        crate::time::utc(e.time_ms)
                    ))?;
                }
                cx.set_out("analyst_user_id", &user_id)?;
                return Ok(());
            }
            let status = if seen.is_empty() {
                "none yet".to_string()
            } else {
                let names: Vec<&str> = seen.iter().map(|(n, _)| *n).collect();
                format!("{} seen, waiting for the other", names.join(", "))
            };
            w.tick(cx, &status).await?;
        }
    }

    async fn verify(&self, cx: &Cx) -> Result<(), StepError> {
        let user_id = cx.out(&cx.step.id, "analyst_user_id")?;
        // CloudTrail's event history keeps 90 days.
        let start_ms = cx.clock().now_ms().saturating_sub(90 * 24 * 3600 * 1000);
        let seen = Self::events(cx, &user_id, start_ms).await?;
        if seen.len() == SOURCES.len() {
            Ok(())
        } else {
            Err(StepError::check(
                "CloudTrail does not show both GetDataAccess events for the analyst (event history keeps 90 days)",
            ))
        }
    }

    /// Ethan's user id, from the identity store as Bob's account sees it.
    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        if same_credentials(&cx.target(), observer)
            && let Ok(store) = cx.out("bob.preflight", "identity_store_id")
            && let Ok(r) = cx
                .call(Op::GetUserId {
                    identity_store_id: store,
                    user_name: cx.answer("analyst_user"),
                })
                .await
        {
            cx.set_out("analyst_user_id", &r.id()?)?;
        }
        super::observe_by_checks(self, cx, observer).await
    }
}
