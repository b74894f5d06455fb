//! What several steps need: the caller check, service roles, the analysts' group, status
//! waits, the names Lake Formation gives to groups and table buckets, and SQL quoting.

use super::cx::{Cx, StepError};
use crate::catalog::AccountRole;
use crate::cloud::{AssignmentStatus, CloudError, Op, QueryState, RoleInfo};

const TIMEOUT_MS: u64 = 60 * 60_000;
const STATEMENT_TIMEOUT_MS: u64 = 10 * 60_000;

/// The credentials in use must belong to the persona's account: caught before any change.
pub async fn check_caller(cx: &Cx, who: &str, account: AccountRole) -> Result<(), StepError> {
    let want = cx.answer(account.id_key());
    let (got, arn) = cx.call(Op::GetCallerIdentity).await?.caller()?;
    if got == want {
        return Ok(());
    }
    let section = if account == AccountRole::Management {
        "alice"
    } else {
        "bob"
    };
    Err(StepError::check(format!(
        "the credentials in use ({arn}) belong to account {got}, but {who}'s steps run in {} {want}: \
         use that account's profile ({section}.{}) or correct {section}.{}",
        account.label(),
        account.profile_key(),
        account.id_key()
    )))
}

/// Finds or creates a role a service assumes, then puts its scoped inline policy. Returns the
/// role as IAM reports it (path included). An existing role must already trust `service` with
/// sts:SetContext, which identity propagation needs.
pub async fn service_role(
    cx: &Cx,
    name: &str,
    path: &str,
    service: &str,
    trust: String,
    policy_name: &str,
    policy_doc: String,
) -> Result<RoleInfo, StepError> {
    let t = cx.target();
    let found = cx.call(Op::GetRole { name: name.into() }).await?.maybe_role()?;
    if let Some(r) = &found {
        if r.path != path {
            return Err(StepError::check(format!(
                "a role named {name} exists with path {} instead of {path}: use that path or another role name",
                r.path
            )));
        }
        if !trusts_with(&r.trust_policy, service, "sts:SetContext") {
            return Err(StepError::check(format!(
                "the existing role {} does not let {service} assume it with sts:SetContext, which identity propagation needs",
                r.arn
            )));
        }
    }
    let create = Op::CreateRole {
        name: name.into(),
        path: path.into(),
        trust_policy: trust,
        description: "created by tipwiz".into(),
    };
    let undo = |_: &RoleInfo| Op::DeleteRole {
        name: name.into(),
        policies: vec![policy_name.into()],
    };
    let role = cx.ensure(&t, found, create, |r| r.role(), undo).await?;
    put_role_policy(cx, name, policy_name, policy_doc).await?;
    Ok(role)
}

pub async fn put_role_policy(cx: &Cx, role: &str, policy_name: &str, document: String) -> Result<(), StepError> {
    cx.call(Op::PutRolePolicy {
        role_name: role.into(),
        policy_name: policy_name.into(),
        document,
    })
    .await?;
    Ok(())
}

/// The analysts' group id in the identity store `store`, looked up where the step runs (ids are
/// the same in every Region).
pub async fn group_id_in(cx: &Cx, store: &str) -> Result<String, StepError> {
    let group = cx.answer("group_name");
    cx.call(Op::GetGroupId {
        identity_store_id: store.into(),
        display_name: group.clone(),
    })
    .await
    .map_err(|e| match e {
        StepError::Cloud {
            error: CloudError::NotFound { .. },
            ..
        } => StepError::check(format!(
            "the identity store has no group named {group}: check alice.group_name against the group's display name"
        )),
        e => e,
    })?
    .id()
}

/// The analysts' group id, as Bob's account sees it.
pub async fn group_id(cx: &Cx) -> Result<String, StepError> {
    group_id_in(cx, &cx.out("bob.preflight", "identity_store_id")?).await
}

/// Waits on an asynchronous Identity Center request (an assignment, its deletion, a
/// provisioning) until it succeeds; a failure says why.
pub async fn wait_status(
    cx: &Cx,
    what: &str,
    mut status: AssignmentStatus,
    describe: impl Fn(String) -> Op,
) -> Result<(), StepError> {
    let mut w = cx.waiter(what, TIMEOUT_MS);
    loop {
        match status.status.as_str() {
            "SUCCEEDED" => return Ok(()),
            "FAILED" => {
                return Err(StepError::check(format!(
                    "{what} failed: {}",
                    status.reason.unwrap_or_else(|| "no reason given".into())
                )));
            }
            other => w.tick(cx, other).await?,
        }
        status = cx.call(describe(status.request_id.clone())).await?.assignment()?;
    }
}

/// The principal Lake Formation uses for an Identity Center group.
pub fn group_principal(group_id: &str) -> String {
    format!("arn:aws:identitystore:::group/{group_id}")
}

/// The Lake Formation catalog id of one table bucket under s3tablescatalog.
pub fn table_bucket_catalog(account: &str, table_bucket: &str) -> String {
    format!("{account}:s3tablescatalog/{table_bucket}")
}

/// A statement for the Redshift Data API, run on the cluster as its admin user.
pub fn statement_op(cx: &Cx, sql: String) -> Op {
    Op::ExecuteStatement {
        cluster: cx.answer("cluster_id"),
        database: cx.answer("database"),
        db_user: cx.answer("db_user"),
        sql,
    }
}

/// Sends a statement and waits for it: its final state (FINISHED, or FAILED or ABORTED with
/// Redshift's reason).
pub async fn run_statement(cx: &Cx, sql: String) -> Result<QueryState, StepError> {
    let id = cx.call(statement_op(cx, sql)).await?.id()?;
    let mut w = cx.waiter("the Redshift statement", STATEMENT_TIMEOUT_MS);
    loop {
        let s = cx.call(Op::DescribeStatement { id: id.clone() }).await?.query()?;
        match s.state.as_str() {
            "FINISHED" | "FAILED" | "ABORTED" => return Ok(s),
            other => w.tick(cx, other).await?,
        }
    }
}

/// How many rows of a Redshift system view match `filters` (column = value): a read-only
/// check of what SQL made, for `status --live`.
pub async fn count_rows(cx: &Cx, view: &str, filters: &[(&str, &str)]) -> Result<u64, StepError> {
    let mut sql = format!("SELECT 1 FROM {view}");
    for (i, (col, value)) in filters.iter().enumerate() {
        sql.push_str(if i == 0 { " WHERE " } else { " AND " });
        sql.push_str(&format!("{col} = {}", quote_literal(value)));
    }
    let s = run_statement(cx, sql).await?;
    match (s.state.as_str(), s.rows) {
        ("FINISHED", Some(n)) => Ok(n),
        ("FINISHED", None) => Ok(0),
        (_, _) => Err(StepError::check(format!(
            "could not read {view} on the cluster: {}",
            s.reason.unwrap_or_default()
        ))),
    }
}

/// A Redshift identifier, double-quoted with any double quote doubled, so that a name from the
/// answers is only ever a name (Redshift Database Developer Guide, "Names and identifiers").
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `schema.table`, each part quoted.
pub fn quote_qualified(parts: &[&str]) -> String {
    parts.iter().map(|p| quote_ident(p)).collect::<Vec<_>>().join(".")
}

/// A SQL string literal, single-quoted with any single quote doubled.
pub fn quote_literal(value: &str) -> String {
    // Redshift reads a backslash in a string literal as an escape (\' would end nothing), so it
    // is doubled as well as the quote.
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
}

/// Whether a trust policy lets `service` take `action` in an Allow statement (read as JSON: a
/// Deny naming the action, or the action under another principal, does not count).
pub fn trusts_with(trust_policy: &str, service: &str, action: &str) -> bool {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(trust_policy) else {
        return false;
    };
    let list = |v: &serde_json::Value| -> Vec<String> {
        match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
            _ => vec![],
        }
    };
    let statements = match &doc["Statement"] {
        serde_json::Value::Array(a) => a.clone(),
        one => vec![one.clone()],
    };
    statements.iter().any(|st| {
        st["Effect"] == "Allow"
            && list(&st["Principal"]["Service"]).iter().any(|s| s == service)
            && list(&st["Action"]).iter().any(|a| a == action || a == "sts:*")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_quoting_doubles_the_quote_and_nothing_else() {
        assert_eq!(
            quote_ident("AWSIDC:sales\"; DROP TABLE x; --"),
            "\"AWSIDC:sales\"\"; DROP TABLE x; --\""
        );
        assert_eq!(quote_literal("s3://b/o'brien/"), "'s3://b/o''brien/'");
        // A backslash cannot turn the closing quote into an escaped one.
        assert_eq!(quote_literal("x\\'; DROP TABLE t; --"), "'x\\\\''; DROP TABLE t; --'");
        assert_eq!(quote_qualified(&["public", "sales"]), "\"public\".\"sales\"");
    }

    #[test]
    fn a_trust_counts_only_in_an_allow_for_that_service() {
        let allow = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":["sts:AssumeRole","sts:SetContext"]}]}"#;
        assert!(trusts_with(allow, "redshift.amazonaws.com", "sts:SetContext"));
        assert!(!trusts_with(allow, "lakeformation.amazonaws.com", "sts:SetContext"));
        let deny = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:SetContext"}]}"#;
        assert!(!trusts_with(deny, "redshift.amazonaws.com", "sts:SetContext"));
    }
}
