//! The IAM permissions each AWS call needs, from one table (permissions.json, beside the
//! operations): the action the Service Authorization Reference names for the call, the resources
//! it can be scoped to, and what else the call needs and why. A persona's policy is built from
//! the calls its steps make, so it cannot drift from them.

use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// What one call needs.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub actions: Vec<String>,
    /// ARN templates, or "*" where the action has no resource-level permission.
    pub resource: Vec<String>,
    #[serde(default)]
    pub condition: Option<Value>,
    #[serde(default)]
    pub star_only: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub extra: Vec<Extra>,
}

/// An action a call needs besides its own (passing a role, a key it decrypts through, what the
/// service does on the caller's behalf), and why.
#[derive(Debug, Clone, Deserialize)]
pub struct Extra {
    pub action: String,
    pub why: String,
    pub resource: Vec<String>,
    #[serde(default)]
    pub condition: Option<Value>,
    /// Needed only in a case the steps do not reach (then left out of the policy).
    #[serde(default)]
    pub optional: Option<String>,
}

/// The table, by "cli-service:Operation".
pub fn table() -> &'static BTreeMap<String, Entry> {
    static TABLE: OnceLock<BTreeMap<String, Entry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let raw: BTreeMap<String, Value> =
            serde_json::from_str(include_str!("permissions.json")).expect("permissions.json is JSON");
        raw.into_iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .map(|(k, v)| {
                let e: Entry = serde_json::from_value(v).unwrap_or_else(|e| panic!("permissions.json {k}: {e}"));
                (k, e)
            })
            .collect()
    })
}

/// The IAM actions of a call, its own first (for messages: "the caller needs ...").
pub fn actions_of(call: &str) -> Vec<String> {
    table().get(call).map(|e| e.actions.clone()).unwrap_or_default()
}

/// One statement of a policy being built, and why it is there (for the text form).
#[derive(Debug, Clone)]
pub struct Statement {
    pub sid: String,
    pub actions: BTreeSet<String>,
    pub resources: BTreeSet<String>,
    pub condition: Option<Value>,
    /// Why it is there: the calls it serves, or what an extra action is for.
    pub why: Vec<String>,
    /// Resource "*" because the action has no resource-level permission.
    pub star_only: bool,
}

/// The least-privilege policy for `calls`, the placeholders filled by `fill` (which leaves a
/// wildcard where a value is only known once the setup runs). Statements with the same
/// resources and condition are merged; each extra action keeps a statement of its own whose
/// Sid names the call that needs it.
pub fn statements(calls: &BTreeSet<String>, fill: &dyn Fn(&str) -> String) -> Result<Vec<Statement>, String> {
    let fill_all = |v: &[String]| -> BTreeSet<String> { v.iter().map(|r| fill(r)).collect() };
    let mut main: BTreeMap<(BTreeSet<String>, String), Statement> = BTreeMap::new();
    let mut extras: BTreeMap<(String, BTreeSet<String>, String), Statement> = BTreeMap::new();
    for call in calls {
        let e = table()
            .get(call)
            .ok_or_else(|| format!("no IAM entry for {call}: add it to src/cloud/permissions.json"))?;
        let resources = fill_all(&e.resource);
        let condition = e.condition.as_ref().map(|c| fill_value(c, fill));
        let key = (
            resources.clone(),
            condition.as_ref().map(Value::to_string).unwrap_or_default(),
        );
        let s = main.entry(key).or_insert_with(|| Statement {
            sid: String::new(),
            actions: BTreeSet::new(),
            resources,
            condition,
            why: vec![],
            star_only: e.star_only,
        });
        s.actions.extend(e.actions.iter().cloned());
        s.why.push(call.clone());
        for x in e.extra.iter().filter(|x| x.optional.is_none()) {
            let resources = fill_all(&x.resource);
            let condition = x.condition.as_ref().map(|c| fill_value(c, fill));
            let key = (
                x.action.clone(),
                resources.clone(),
                condition.as_ref().map(Value::to_string).unwrap_or_default(),
            );
            let s = extras.entry(key).or_insert_with(|| Statement {
                sid: format!("{}For{}", camel(&x.action), camel(call)),
                actions: [x.action.clone()].into(),
                resources,
                condition,
                why: vec![],
                star_only: false,
            });
            let line = format!("{call}: {}", x.why);
            if !s.why.contains(&line) {
                s.why.push(line);
            }
        }
    }
    let mut out: Vec<Statement> = main.into_values().collect();
    out.sort_by(|a, b| a.actions.cmp(&b.actions));
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in &mut out {
        // Named for the service, or for having no resource to scope to.
        let name = if s.resources.iter().all(|r| r == "*") {
            "AnyResource".to_string()
        } else {
            camel(
                s.actions
                    .iter()
                    .next()
                    .and_then(|a| a.split(':').next())
                    .unwrap_or("Calls"),
            )
        };
        let n = counts.entry(name.clone()).or_default();
        *n += 1;
        s.sid = format!("{name}{n}");
    }
    out.extend(extras.into_values());
    Ok(out)
}

/// The statements as an IAM policy document.
pub fn document(statements: &[Statement]) -> Value {
    let list: Vec<Value> = statements
        .iter()
        .map(|s| {
            let mut v = json!({
                "Sid": s.sid,
                "Effect": "Allow",
                "Action": s.actions.iter().collect::<Vec<_>>(),
                "Resource": if s.resources.len() == 1 {
                    json!(s.resources.iter().next())
                } else {
                    json!(s.resources.iter().collect::<Vec<_>>())
                },
            });
            if let Some(c) = &s.condition {
                v["Condition"] = c.clone();
            }
            v
        })
        .collect();
    json!({ "Version": "2012-10-17", "Statement": list })
}

/// The size IAM counts against its quotas: the document without whitespace.
pub fn size(document: &Value) -> usize {
    document.to_string().chars().filter(|c| !c.is_whitespace()).count()
}

/// A managed policy holds 6,144 characters (IAM quotas); an inline policy on a role 10,240.
pub const MANAGED_POLICY_LIMIT: usize = 6144;

fn fill_value(v: &Value, fill: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(fill(s)),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill_value(x, fill)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), fill_value(x, fill))).collect()),
        other => other.clone(),
    }
}

/// "iam:PassRole" -> "IamPassRole", "s3control:CreateAccessGrant" -> "S3controlCreateAccessGrant":
/// a Sid holds letters and digits only.
fn camel(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Replaces each {key} in `template` by `value(key)`.
pub fn fill_template(template: &str, value: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                out.push_str(&value(&rest[open + 1..open + close]));
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_parses_and_names_its_actions() {
        assert!(table().len() > 90);
        for (call, e) in table() {
            assert!(call.contains(':'), "{call}");
            assert!(!e.actions.is_empty() && !e.resource.is_empty(), "{call}");
            assert!(
                e.actions
                    .iter()
                    .chain(e.extra.iter().map(|x| &x.action))
                    .all(|a| a.contains(':')),
                "{call}"
            );
        }
    }

    #[test]
    fn templates_fill_and_sids_are_letters_and_digits() {
        let f = fill_template("arn:aws:iam::{account}:role{path}{name}", &|k| match k {
            "account" => "1".into(),
            "path" => "/service-role/".into(),
            _ => "R".into(),
        });
        assert_eq!(f, "arn:aws:iam::1:role/service-role/R");
        assert_eq!(camel("iam:PassRole"), "IamPassRole");
        assert_eq!(camel("sso-admin:CreatePermissionSet"), "SsoAdminCreatePermissionSet");
    }
}
