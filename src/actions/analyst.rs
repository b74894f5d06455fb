//! Ethan's checks and the CloudTrail proof. Ethan runs his SQL himself on real AWS; the wizard
//! shows it, predicts the outcome from the grants that exist, and checks what it can see.
//! On the simulated cloud the wizard plays Ethan, and the sim decides from the same grants.

use super::Action;
use super::cx::{Cx, StepError};
use super::shared::{group_principal, table_bucket_catalog};
use crate::answers::Answers;
use crate::cloud::{AnalystAction, CloudError, LfResource, Op};

/// The SQL Ethan runs for a step, filled from the answers, or None for steps without SQL.
pub fn sql_for(step: &str, a: &Answers) -> Option<String> {
    let three_part = format!(
        "\"{}@s3tablescatalog\".\"{}\".\"{}\"",
        a.get("table_bucket"),
        a.get("namespace"),
        a.get("table_name")
    );
    let sales = format!("public.{}", a.get("sales_table"));
    let bucket = a.get("s3_bucket");
    match step {
        "ethan.select" => Some(format!("SELECT * FROM {three_part} ORDER BY customer_id;")),
        "ethan.unload" => Some(format!(
            "UNLOAD ('SELECT * FROM {sales}')\nTO 's3://{bucket}/{}'\nFORMAT PARQUET;",
            a.get("grant_prefix")
        )),
        "ethan.copy-join" => Some(format!(
            "COPY {sales}_loaded FROM 's3://{bucket}/{}' FORMAT PARQUET;\n\n\
             SELECT c.customer_id, c.name, SUM(s.amount) AS total\nFROM {three_part} c\nJOIN {sales}_loaded s ON c.customer_id = s.customer_id\n\
             GROUP BY c.customer_id, c.name\nORDER BY total DESC;",
            a.get("grant_prefix")
        )),
        "ethan.denied" => Some(format!(
            "UNLOAD ('SELECT * FROM {sales}')\nTO 's3://{bucket}/{}'\nFORMAT PARQUET;\n-- expected: access denied",
            a.get("denied_prefix")
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
        Some((true, detail)) => {
            cx.note(detail);
            Ok(())
        }
        Some((false, detail)) => Err(StepError::check(format!("{what} was denied: {detail}"))),
        None if predicted => Ok(()),
        None => Err(StepError::check(format!(
            "{what} would be denied: no grant allows it; check the earlier grant steps"
        ))),
    }
}

pub struct Select;

#[async_trait::async_trait]
impl Action for Select {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let predicted = predict_select(cx).await?;
        let seen = as_analyst(
            cx,
            AnalystAction::Select {
                table_bucket: cx.answer("table_bucket"),
                namespace: cx.answer("namespace"),
                table: cx.answer("table_name"),
            },
        )
        .await?;
        expect_allowed("Ethan's SELECT on the S3 table", predicted, seen, cx)
    }
}

pub struct Unload;

#[async_trait::async_trait]
impl Action for Unload {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
        let (bucket, prefix) = (cx.answer("s3_bucket"), cx.answer("grant_prefix"));
        let predicted = predict_prefix(cx, &prefix, true).await?;
        let seen = as_analyst(
            cx,
            AnalystAction::Unload {
                bucket: bucket.clone(),
                prefix: prefix.clone(),
            },
        )
        .await?;
        expect_allowed("Ethan's UNLOAD to the group's prefix", predicted, seen, cx)?;
        let files = cx
            .call(Op::ListObjects {
                bucket: bucket.clone(),
                prefix: prefix.clone(),
            })
            .await?
            .ids()?;
        if files.is_empty() {
            return Err(StepError::check(format!(
                "no files arrived under s3://{bucket}/{prefix}: run the UNLOAD as Ethan, then apply this step again"
            )));
        }
        cx.note(format!(
            "{} file(s) under s3://{bucket}/{prefix}: {}",
            files.len(),
            files.join(", ")
        ));
        // Unloaded files would keep the bucket from being deleted at teardown.
        cx.undo(&t, Op::DeleteObjects { bucket, keys: files }, None)
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
        let seen = as_analyst(
            cx,
            AnalystAction::Select {
                table_bucket: cx.answer("table_bucket"),
                namespace: cx.answer("namespace"),
                table: cx.answer("table_name"),
            },
        )
        .await?;
        expect_allowed("the join's read of the S3 table", predicted, seen, cx)
    }
}

pub struct Denied;

#[async_trait::async_trait]
impl Action for Denied {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        let t = cx.target();
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
        match as_analyst(
            cx,
            AnalystAction::Unload {
                bucket: bucket.clone(),
                prefix: prefix.clone(),
            },
        )
        .await?
        {
            Some((false, detail)) => {
                cx.note(format!("denied as expected: {detail}"));
                Ok(())
            }
            Some((true, detail)) => {
                let files = cx
                    .call(Op::ListObjects {
                        bucket: bucket.clone(),
                        prefix,
                    })
                    .await?
                    .ids()?;
                cx.undo(&t, Op::DeleteObjects { bucket, keys: files }, None)?;
                Err(StepError::check(format!(
                    "the UNLOAD outside the group's prefix was allowed ({detail}): some grant or role is too broad"
                )))
            }
            None => Ok(()),
        }
    }
}

pub struct CloudTrail;

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
        const SOURCES: [(&str, &str); 2] = [
            ("lakeformation.amazonaws.com", "Lake Formation"),
            ("s3.amazonaws.com", "S3 Access Grants"),
        ];
        loop {
            // One lookup attribute per call (the service's rule); filter the rest here.
            let events = cx
                .call(Op::LookupEvents {
                    event_name: "GetDataAccess".into(),
                    start_ms,
                })
                .await?
                .events()?;
            let mine: Vec<_> = events
                .iter()
                .filter(|e| e.on_behalf_of_user_id.as_deref() == Some(user_id.as_str()))
                .collect();
            let seen: Vec<&str> = SOURCES
                .iter()
                .filter(|(src, _)| mine.iter().any(|e| e.event_source == *src))
                .map(|(_, name)| *name)
                .collect();
            if seen.len() == SOURCES.len() {
                for (src, name) in SOURCES {
                    if let Some(e) = mine.iter().filter(|e| e.event_source == src).max_by_key(|e| e.time_ms) {
                        cx.note(format!(
                            "{name} vended data access on behalf of {user} ({user_id}) at {}",
                            format_time(e.time_ms)
                        ));
                    }
                }
                cx.set_out("analyst_user_id", &user_id)?;
                return Ok(());
            }
            let status = if seen.is_empty() {
                "none yet".to_string()
            } else {
                format!("{} seen, waiting for the other", seen.join(", "))
            };
            w.tick(cx, &status).await?;
        }
    }
}

/// UTC time as YYYY-MM-DD HH:MM:SS, without a date crate.
pub fn format_time(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // civil-from-days (Howard Hinnant's algorithm)
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
