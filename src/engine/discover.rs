//! What the cloud can answer: the account of a profile, the role it signs in as, the RA3
//! clusters, the identity store's groups and users. Offered as choices (the wizard) or filled in
//! when there is only one (the line commands), so a person never types a 12-digit id they do
//! not need to.

use crate::answers::Answers;
use crate::catalog::{AccountRole, RegionRole};
use crate::cloud::{Cloud, CloudError, Op};

/// One value the cloud offers for an input, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub note: String,
}

/// The inputs the cloud can answer (see [`choices`]).
pub const OFFERED: &[&str] = &[
    "management_account_id",
    "analytics_account_id",
    "admin_role_arn",
    "cluster_id",
    "group_name",
    "analyst_user",
];

/// Whether the cloud can offer values for this input.
pub fn offers(key: &str) -> bool {
    OFFERED.contains(&key)
}

/// The values the cloud offers for `key`, with the credentials the answers name. Empty when the
/// input is not one the cloud answers.
pub async fn choices(cloud: &dyn Cloud, a: &Answers, key: &str) -> Result<Vec<Choice>, CloudError> {
    let account = |role| a.target(role, RegionRole::Primary);
    let west = a.target(AccountRole::Analytics, RegionRole::Secondary);
    match key {
        "management_account_id" | "analytics_account_id" => {
            let role = if key == "management_account_id" {
                AccountRole::Management
            } else {
                AccountRole::Analytics
            };
            let (id, arn) = cloud.call(&account(role), &Op::GetCallerIdentity).await?.caller()?;
            Ok(vec![Choice {
                value: id,
                note: format!("the account of {arn}"),
            }])
        }
        "admin_role_arn" => {
            let (_, arn) = cloud.call(&west, &Op::GetCallerIdentity).await?.caller()?;
            // arn:aws:sts::123:assumed-role/NAME/session: the role's own ARN (path included) is IAM's.
            let Some(name) = arn.split(":assumed-role/").nth(1).and_then(|r| r.split('/').next()) else {
                return Ok(vec![]);
            };
            let role = cloud
                .call(&west, &Op::GetRole { name: name.into() })
                .await?
                .maybe_role()?;
            Ok(role
                .map(|r| Choice {
                    value: r.arn,
                    note: "the role these credentials sign in as".into(),
                })
                .into_iter()
                .collect())
        }
        "cluster_id" => Ok(cloud
            .call(&west, &Op::ListClusters)
            .await?
            .clusters()?
            .into_iter()
            .filter(|c| c.node_type.starts_with("ra3"))
            .map(|c| Choice {
                note: format!("{}, {}", c.node_type, c.status),
                value: c.id,
            })
            .collect()),
        "group_name" | "analyst_user" => {
            let owner = a.get("management_account_id");
            let store = cloud
                .call(&west, &Op::ListInstances)
                .await?
                .instances()?
                .into_iter()
                .find(|i| owner.is_empty() || i.owner_account == owner)
                .map(|i| i.identity_store_id);
            let Some(identity_store_id) = store else {
                return Ok(vec![]);
            };
            let op = if key == "group_name" {
                Op::ListGroups { identity_store_id }
            } else {
                Op::ListUsers { identity_store_id }
            };
            Ok(cloud
                .call(&west, &op)
                .await?
                .ids()?
                .into_iter()
                .map(|v| Choice {
                    value: v,
                    note: String::new(),
                })
                .collect())
        }
        _ => Ok(vec![]),
    }
}

/// Fills each empty input the cloud answers with one value; returns, for those it could not
/// What was found for an input the account could not settle, in words: the error, none, or
/// the choices (with what each is, when `notes`).
pub fn describe(found: &Result<Vec<Choice>, CloudError>, notes: bool) -> String {
    match found {
        Err(e) => format!("could not be read from the account: {e}"),
        Ok(c) if c.is_empty() => "the account has none to offer".to_string(),
        Ok(c) => format!(
            "one of {}",
            c.iter()
                .take(12)
                .map(|c| if notes && !c.note.is_empty() {
                    format!("{} ({})", c.value, c.note)
                } else {
                    c.value.clone()
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// fill, the choices there are (several, or none) or why it could not look.
pub async fn fill(
    cloud: &dyn Cloud,
    a: &mut Answers,
    catalog: &crate::catalog::Catalog,
) -> Vec<(String, Result<Vec<Choice>, CloudError>)> {
    let mut open = vec![];
    for key in a.unanswered(catalog) {
        match choices(cloud, a, &key).await {
            Ok(c) if c.len() == 1 => {
                let value = crate::catalog::Value::Str(c[0].value.clone());
                if a.set(catalog, &key, value).is_err() {
                    open.push((key, Ok(c)));
                }
            }
            other => open.push((key, other)),
        }
    }
    a.derive();
    open
}
