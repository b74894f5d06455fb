//! What several steps need: the caller check, service roles, the analysts' group, and the
//! names Lake Formation gives to groups and table buckets.

use super::cx::{Cx, StepError};
use super::policy;
use crate::catalog::AccountRole;
use crate::cloud::{CloudError, Op, RoleInfo};

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

/// Finds or creates a role whose trust lets `service` assume it with sts:SetContext, then puts
/// its scoped inline policy. Returns the role as IAM reports it (path included).
pub async fn service_role(
    cx: &Cx,
    name: &str,
    path: &str,
    service: &str,
    policy_name: &str,
    policy_doc: String,
) -> Result<RoleInfo, StepError> {
    let t = cx.target();
    let account = cx.answer("analytics_account_id");
    let found = cx.call(Op::GetRole { name: name.into() }).await?.maybe_role()?;
    if let Some(r) = &found {
        if r.path != path {
            return Err(StepError::check(format!(
                "a role named {name} exists with path {} instead of {path}: use that path or another role name",
                r.path
            )));
        }
        if !(r.trust_policy.contains("sts:SetContext") && r.trust_policy.contains(service)) {
            return Err(StepError::check(format!(
                "the existing role {} does not let {service} assume it with sts:SetContext, which identity propagation needs",
                r.arn
            )));
        }
    }
    let create = Op::CreateRole {
        name: name.into(),
        path: path.into(),
        trust_policy: policy::service_trust(service, &account),
        description: "created by tipwiz".into(),
    };
    let role = cx
        .ensure(
            &t,
            found,
            create,
            |r| r.role(),
            |_| Op::DeleteRole { name: name.into() },
        )
        .await?;
    cx.call(Op::PutRolePolicy {
        role_name: name.into(),
        policy_name: policy_name.into(),
        document: policy_doc,
    })
    .await?;
    Ok(role)
}

/// The analysts' group id, looked up where the step runs (ids are the same in every Region).
pub async fn group_id(cx: &Cx) -> Result<String, StepError> {
    let store = cx.out("bob.preflight", "identity_store_id")?;
    let group = cx.answer("group_name");
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
}

/// The principal Lake Formation uses for an Identity Center group.
pub fn group_principal(group_id: &str) -> String {
    format!("arn:aws:identitystore:::group/{group_id}")
}

/// The Lake Formation catalog id of one table bucket under s3tablescatalog.
pub fn table_bucket_catalog(account: &str, table_bucket: &str) -> String {
    format!("{account}:s3tablescatalog/{table_bucket}")
}
