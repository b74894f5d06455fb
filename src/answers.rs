//! The answers: every field's value, from defaults, an answers file and the forms.
//!
//! An answers file is TOML with one table per persona (`[alice]`, `[bob]`, `[ethan]`) holding
//! the fields of that persona's steps, and `confirm_manual`, the manual steps already done.

use crate::catalog::{AccountRole, Catalog, Persona, RegionRole, Value, validate};
use crate::cloud::Target;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Answers {
    values: BTreeMap<String, Value>,
    /// Manual steps the user has confirmed as done (`all` confirms every one).
    #[serde(default)]
    pub confirm_manual: Vec<String>,
}

/// One problem with one answer: the key as written in the file, the value and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: String,
    pub value: Option<String>,
    pub rule: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{} = {}: {}", self.key, shortened(v), self.rule),
            None => write!(f, "{}: {}", self.key, self.rule),
        }
    }
}

/// A value as a message shows it: at most 80 characters, so a huge value is not echoed whole.
fn shortened(v: &str) -> String {
    match v.char_indices().nth(80) {
        Some((at, _)) => format!("{}... ({} characters)", &v[..at], v.chars().count()),
        None => v.to_string(),
    }
}

/// Keys an earlier version read, and why they are gone: a file that still has one is told
/// what to do rather than "unknown key".
const RETIRED: &[(&str, &str)] = &[(
    "admin_permission_set",
    "retired: the key policy no longer names a permission set (Identity Center's baseline policy \
     lets the management account's administrators use the key); remove the line",
)];

#[derive(Debug, thiserror::Error)]
pub enum AnswersError {
    #[error("cannot read the answers file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}:{line}:{column}: not valid TOML: {message}")]
    Syntax {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path} sets no answer: write the values that differ from the defaults (tipwiz answers prints every key)")]
    Empty { path: String },
    #[error("{path} has {} problem(s):\n{}", problems.len(), problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid { path: String, problems: Vec<Problem> },
}

impl Answers {
    /// Every field at its default.
    pub fn defaults(catalog: &Catalog) -> Answers {
        Answers {
            values: catalog.fields().map(|f| (f.key.clone(), f.default.clone())).collect(),
            confirm_manual: Vec::new(),
        }
    }

    /// The defaults for a real account: the facts about the organisation (accounts, profiles,
    /// the cluster, the group) left empty, to be read from the cloud or typed, never taken from
    /// the example organisation.
    pub fn for_account(catalog: &Catalog) -> Answers {
        let mut a = Self::defaults(catalog);
        for f in catalog.fields().filter(|f| f.from_cloud) {
            a.values.insert(f.key.clone(), Value::Str(String::new()));
        }
        // The example's prefix is the example's group: it follows the group once there is one.
        a.values.insert("grant_prefix".into(), Value::Str(String::new()));
        a
    }

    /// Inputs that follow others: the granted prefix is the group's name, unless set.
    pub fn derive(&mut self) {
        let group = self.get("group_name");
        let prefix = format!("{group}/");
        // Only a prefix that is one: otherwise it stays empty and the cross-field check says why.
        if self.get("grant_prefix").is_empty() && !group.is_empty() && validate::s3_prefix(&prefix).is_ok() {
            self.values.insert("grant_prefix".into(), Value::Str(prefix));
        }
    }

    /// The fields still empty that the cloud can answer.
    pub fn unanswered(&self, catalog: &Catalog) -> Vec<String> {
        catalog
            .fields()
            .filter(|f| f.from_cloud && !f.key.ends_with("_profile") && self.get(&f.key).is_empty())
            .map(|f| f.key.clone())
            .collect()
    }

    pub fn load(catalog: &Catalog, path: &Path) -> Result<Answers, AnswersError> {
        Self::load_over(Self::defaults(catalog), catalog, path)
    }

    /// Reads an answers file on top of `base` (the defaults, or those for a real account).
    pub fn load_over(base: Answers, catalog: &Catalog, path: &Path) -> Result<Answers, AnswersError> {
        let text = std::fs::read_to_string(path).map_err(|source| AnswersError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse_over(base, catalog, &text, &path.display().to_string())
    }

    /// Reads answers on top of the defaults; every problem is reported, none is fixed silently.
    pub fn parse(catalog: &Catalog, text: &str, path: &str) -> Result<Answers, AnswersError> {
        Self::parse_over(Self::defaults(catalog), catalog, text, path)
    }

    fn parse_over(base: Answers, catalog: &Catalog, text: &str, path: &str) -> Result<Answers, AnswersError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let start = text.floor_char_boundary(span.start.min(text.len()));
            let end = text.floor_char_boundary(span.end.min(text.len())).max(start);
            let before = &text[..start];
            // What the span covers (the duplicate key, the bad value), on one line.
            let near: String = text[start..end].chars().take(40).filter(|c| !c.is_control()).collect();
            let message = e.message().trim().to_string();
            AnswersError::Syntax {
                path: path.to_string(),
                line: before.matches('\n').count() + 1,
                column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                message: if near.trim().is_empty() {
                    message
                } else {
                    format!("{message} (at `{}`)", near.trim())
                },
            }
        })?;
        if table.is_empty() {
            return Err(AnswersError::Empty { path: path.to_string() });
        }
        let mut answers = base;
        let mut problems = Vec::new();
        for (section, body) in &table {
            if section == "confirm_manual" {
                match body.as_array().map(|a| {
                    a.iter()
                        .map(|v| v.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                }) {
                    Some(Some(list)) => {
                        for id in &list {
                            if id != "all"
                                && !catalog
                                    .get(id)
                                    .is_some_and(|s| s.is_manual() || s.persona == Persona::Ethan)
                            {
                                problems.push(Problem {
                                    key: "confirm_manual".into(),
                                    value: Some(format!("\"{id}\"")),
                                    rule: "names no manual step (use a manual step id, or \"all\")".into(),
                                });
                            }
                        }
                        answers.confirm_manual = list;
                    }
                    _ => problems.push(Problem {
                        key: "confirm_manual".into(),
                        value: Some(body.to_string()),
                        rule: "must be a list of step ids, as [\"alice.acs-urls\"]".into(),
                    }),
                }
                continue;
            }
            let Some(persona) = Persona::parse(section) else {
                problems.push(Problem {
                    key: section.clone(),
                    value: None,
                    rule: "unknown key: the answers file has the tables [alice], [bob], [ethan] and the list confirm_manual".into(),
                });
                continue;
            };
            let Some(body) = body.as_table() else {
                problems.push(Problem {
                    key: section.clone(),
                    value: Some(body.to_string()),
                    rule: format!("must be a table: write [{section}] and its keys below it"),
                });
                continue;
            };
            for (key, raw) in body {
                let full = format!("{section}.{key}");
                let Some(field) = catalog.field(key).filter(|f| f.persona == persona) else {
                    let hint = match (catalog.field(key), RETIRED.iter().find(|(k, _)| k == key)) {
                        (Some(f), _) => format!("unknown key: {key} belongs in [{}]", f.persona.key()),
                        (None, Some((_, why))) => (*why).to_string(),
                        (None, None) => "unknown key (tipwiz answers lists every key)".to_string(),
                    };
                    problems.push(Problem {
                        key: full,
                        value: None,
                        rule: hint,
                    });
                    continue;
                };
                let value = match raw {
                    toml::Value::String(s) => Value::Str(s.clone()),
                    toml::Value::Integer(n) => Value::Int(*n),
                    toml::Value::Boolean(b) => Value::Bool(*b),
                    other => {
                        problems.push(Problem {
                            key: full,
                            value: Some(other.to_string()),
                            rule: format!("must be a {}", field.default.type_name()),
                        });
                        continue;
                    }
                };
                if let Err(rule) = check_field(field, &value) {
                    problems.push(Problem {
                        key: full,
                        value: Some(raw.to_string()),
                        rule,
                    });
                    continue;
                }
                answers.values.insert(key.clone(), value);
            }
        }
        answers.derive();
        problems.extend(answers.cross_problems(catalog));
        if problems.is_empty() {
            Ok(answers)
        } else {
            Err(AnswersError::Invalid {
                path: path.to_string(),
                problems,
            })
        }
    }

    /// Answers read back from somewhere else (a journal): checked like a file's, since the file
    /// may have been edited or written by another version. Missing keys take their default.
    pub fn revalidated(mut self, catalog: &Catalog, path: &str) -> Result<Answers, AnswersError> {
        let mut problems = Vec::new();
        self.derive();
        // The prefix follows the group: while the group is still to be read from the account,
        // so is the prefix.
        let group_open = self.get("group_name").is_empty();
        for f in catalog.fields() {
            let value = self.values.entry(f.key.clone()).or_insert_with(|| f.default.clone());
            if f.key == "grant_prefix" && group_open && *value == Value::Str(String::new()) {
                continue;
            }
            if let Err(rule) = check_field(f, value) {
                problems.push(Problem {
                    key: format!("{}.{}", f.persona.key(), f.key),
                    value: Some(value.as_text()),
                    rule,
                });
            }
        }
        self.values.retain(|k, _| catalog.field(k).is_some());
        problems.extend(self.cross_problems(catalog));
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(AnswersError::Invalid {
                path: path.to_string(),
                problems,
            })
        }
    }

    /// The fields whose values differ, as `persona.key: old -> new`.
    pub fn differences(&self, other: &Answers, catalog: &Catalog) -> Vec<String> {
        catalog
            .fields()
            .filter(|f| self.values.get(&f.key) != other.values.get(&f.key))
            .map(|f| {
                format!(
                    "{}.{}: {} -> {}",
                    f.persona.key(),
                    f.key,
                    shortened(&self.get(&f.key)),
                    shortened(&other.get(&f.key))
                )
            })
            .collect()
    }

    /// The text value of a field. Every catalog field has a value, so an unknown key is a bug.
    pub fn get(&self, key: &str) -> String {
        self.values.get(key).map(Value::as_text).unwrap_or_default()
    }
    pub fn value(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.values.get(key), Some(Value::Bool(true)))
    }
    pub fn number(&self, key: &str) -> i64 {
        match self.values.get(key) {
            Some(Value::Int(n)) => *n,
            _ => 0,
        }
    }
    pub fn values(&self) -> &BTreeMap<String, Value> {
        &self.values
    }

    /// Sets a field after checking it; the error is the broken rule.
    pub fn set(&mut self, catalog: &Catalog, key: &str, value: Value) -> Result<(), String> {
        let field = catalog.field(key).ok_or_else(|| format!("unknown field '{key}'"))?;
        validate::check(&field.validator, &value)?;
        self.values.insert(key.to_string(), value);
        Ok(())
    }

    /// Where calls for an account and Region go: its id, Region and profile from the answers.
    pub fn target(&self, account: AccountRole, region: RegionRole) -> Target {
        let profile = self.get(account.profile_key());
        Target {
            account_id: self.get(account.id_key()),
            region: self.get(region.key()),
            profile: (!profile.is_empty()).then_some(profile),
        }
    }

    /// Fills `{field}` in a checklist line from the answers.
    pub fn fill(&self, text: &str) -> String {
        let mut out = text.to_string();
        for name in crate::catalog::placeholders_of(text) {
            out = out.replace(&format!("{{{name}}}"), &self.get(name));
        }
        out
    }

    pub fn manual_confirmed(&self, step: &str) -> bool {
        self.confirm_manual.iter().any(|s| s == "all" || s == step)
    }

    /// Rules between fields. Each problem is reported on the field the user most likely meant.
    pub fn cross_problems(&self, catalog: &Catalog) -> Vec<Problem> {
        let mut out = Vec::new();
        let key = |k: &str| {
            catalog
                .field(k)
                .map(|f| format!("{}.{k}", f.persona.key()))
                .unwrap_or_else(|| k.to_string())
        };
        // An input still to be read from the account is no contradiction yet.
        let open = |k: &str| self.get(k).is_empty();
        let (p, s) = (self.get("primary_region"), self.get("secondary_region"));
        if p == s {
            out.push(Problem {
                key: key("secondary_region"),
                value: Some(format!("\"{s}\"")),
                rule: "must differ from primary_region: Identity Center is replicated to a second Region".into(),
            });
        }
        let (a, b) = (self.get("management_account_id"), self.get("analytics_account_id"));
        if a == b && !self.flag("same_account") && !open("analytics_account_id") {
            out.push(Problem {
                key: key("analytics_account_id"),
                value: Some(format!("\"{b}\"")),
                rule: "is the management account too; use a member account, or set bob.same_account = true for a test"
                    .into(),
            });
        }
        let role = self.get("admin_role_arn");
        if let Some(acct) = role.split(':').nth(4)
            && acct != b
            && !open("analytics_account_id")
        {
            out.push(Problem {
                key: key("admin_role_arn"),
                value: Some(format!("\"{role}\"")),
                rule: format!("must be a role in the analytics account {b}, not {acct}"),
            });
        }
        let (group, prefix) = (self.get("group_name"), self.get("grant_prefix"));
        if prefix.is_empty() && !group.is_empty() {
            // The prefix follows the group, but this group's name does not make one.
            if let Err(rule) = validate::s3_prefix(&format!("{group}/")) {
                out.push(Problem {
                    key: key("grant_prefix"),
                    value: Some(format!("\"{group}/\" (from the group)")),
                    rule: format!("{rule}; set bob.grant_prefix to a prefix for the group"),
                });
            }
        }
        if !prefix.starts_with(&format!("{group}/")) && !open("group_name") && !open("grant_prefix") {
            out.push(Problem {
                key: key("grant_prefix"),
                value: Some(format!("\"{prefix}\"")),
                rule: format!("must start with the group's name, as \"{group}/\", so the prefix matches the group"),
            });
        }
        let denied = self.get("denied_prefix");
        if (denied.starts_with(&prefix) || prefix.starts_with(&denied)) && !open("grant_prefix") {
            out.push(Problem {
                key: key("denied_prefix"),
                value: Some(format!("\"{denied}\"")),
                rule: format!("must lie outside the granted prefix \"{prefix}\", or the denial test proves nothing"),
            });
        }
        out
    }
}

/// A commented answers file with every key, its default and its help.
pub fn template(catalog: &Catalog) -> String {
    render(catalog, &Answers::defaults(catalog), true, &BTreeMap::new())
}

/// The same for a real account: the values read from it, and for each input still open a note
/// saying what to choose from.
pub fn template_for_account(catalog: &Catalog, answers: &Answers, open: &BTreeMap<String, String>) -> String {
    render(catalog, answers, true, open)
}

fn toml_value(v: &Value) -> String {
    match v {
        Value::Str(s) => toml::Value::String(s.clone()).to_string(),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
    }
}

fn render(catalog: &Catalog, answers: &Answers, comments: bool, open: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    if comments {
        out.push_str("# tipwiz answers: every input of the walkthrough, with the example organisation's values.\n");
        out.push_str("# Change what differs for you; a key left out keeps its default.\n");
        out.push_str("# Use it with: tipwiz apply --answers FILE (or plan, export).\n\n");
        out.push_str("# Manual steps you have already done, by id, or [\"all\"].\n");
    }
    let list: Vec<String> = answers.confirm_manual.iter().map(|s| format!("\"{s}\"")).collect();
    let _ = writeln!(out, "confirm_manual = [{}]", list.join(", "));
    for persona in Persona::ALL {
        let _ = writeln!(out, "\n[{}]", persona.key());
        if comments {
            let _ = writeln!(out, "# {} ({})", persona.name(), persona.role());
        }
        for step in catalog.by_persona(persona) {
            if step.fields.is_empty() {
                continue;
            }
            if comments {
                let _ = writeln!(out, "\n# -- {}: {}", step.id, step.title);
            }
            for f in &step.fields {
                if comments {
                    let _ = writeln!(out, "# {}: {}", f.label, f.help);
                }
                if let Some(note) = open.get(&f.key) {
                    let _ = writeln!(out, "# TO SET: {note}");
                }
                let v = answers.value(&f.key).unwrap_or(&f.default);
                let _ = writeln!(out, "{} = {}", f.key, toml_value(v));
            }
        }
    }
    out
}

/// A field's value against its rule. Left empty, an input the account can answer is not wrong:
/// it is read from the account later (`tipwiz answers` writes it so, and the wizard saves it so).
fn check_field(field: &crate::catalog::Field, value: &Value) -> Result<(), String> {
    if field.from_cloud && *value == Value::Str(String::new()) {
        return Ok(());
    }
    validate::check(&field.validator, value).map(|_| ())
}
