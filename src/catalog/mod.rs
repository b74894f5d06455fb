//! The walkthrough as data: steps, fields and their checks, loaded from `steps/*.toml`.
//!
//! The step files are compiled into the binary so that `tipwiz` runs from anywhere; a directory
//! can be loaded instead (`TIPWIZ_STEPS_DIR`) to try edits without rebuilding.

mod load;
pub mod validate;

use serde::Serialize;
use std::collections::BTreeMap;

pub use load::{CatalogError, load_dir, load_sources, placeholders as placeholders_of};

/// The step files shipped with tipwiz, in the order their personas appear.
pub const BUILTIN: &[(&str, &str)] = &[
    ("alice.toml", include_str!("../../steps/alice.toml")),
    ("bob.toml", include_str!("../../steps/bob.toml")),
    ("ethan.toml", include_str!("../../steps/ethan.toml")),
    ("verify.toml", include_str!("../../steps/verify.toml")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Persona {
    Alice,
    Bob,
    Ethan,
}

impl Persona {
    pub const ALL: [Persona; 3] = [Persona::Alice, Persona::Bob, Persona::Ethan];

    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "alice" => Some(Self::Alice),
            "bob" => Some(Self::Bob),
            "ethan" => Some(Self::Ethan),
            _ => None,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Self::Alice => "alice",
            Self::Bob => "bob",
            Self::Ethan => "ethan",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Self::Alice => "Alice",
            Self::Bob => "Bob",
            Self::Ethan => "Ethan",
        }
    }
    pub fn role(self) -> &'static str {
        match self {
            Self::Alice => "identity admin",
            Self::Bob => "data lake admin",
            Self::Ethan => "analyst",
        }
    }
}

/// Which of the two accounts a step acts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountRole {
    Management,
    Analytics,
}

impl AccountRole {
    /// The account's letter, as the walkthrough names them.
    pub fn letter(self) -> &'static str {
        match self {
            Self::Management => "A",
            Self::Analytics => "B",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Management => "account A (management)",
            Self::Analytics => "account B (analytics)",
        }
    }
    /// The answers key holding this account's id.
    pub fn id_key(self) -> &'static str {
        match self {
            Self::Management => "management_account_id",
            Self::Analytics => "analytics_account_id",
        }
    }
    pub fn profile_key(self) -> &'static str {
        match self {
            Self::Management => "management_profile",
            Self::Analytics => "analytics_profile",
        }
    }
}

/// Which of the two Regions a step acts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionRole {
    Primary,
    Secondary,
}

impl RegionRole {
    pub fn key(self) -> &'static str {
        match self {
            Self::Primary => "primary_region",
            Self::Secondary => "secondary_region",
        }
    }
}

/// How a field is edited; validation is by the validator name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    Text,
    Region,
    Bool,
    Number,
}

/// A field's value. Every answer is one of these; the answers file keeps TOML's types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Str(String),
}

impl Value {
    pub fn as_text(&self) -> String {
        match self {
            Value::Bool(b) => b.to_string(),
            Value::Int(n) => n.to_string(),
            Value::Str(s) => s.clone(),
        }
    }
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Str(_) => "string",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub key: String,
    pub label: String,
    pub help: String,
    pub default: Value,
    pub validator: String,
    pub kind: FieldKind,
    /// The step that defines the field; its persona names the answers-file section.
    pub step: String,
    pub persona: Persona,
    /// A fact about the organisation (an account, a profile, the cluster): on a real account it
    /// is read from the cloud or typed, never taken from the example's default.
    pub from_cloud: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub id: String,
    pub persona: Persona,
    pub account: AccountRole,
    pub region: RegionRole,
    pub title: String,
    pub why: String,
    pub pitfalls: Vec<String>,
    pub depends: Vec<String>,
    pub action: String,
    /// `service:Operation` names, for plan and runbook.
    pub operations: Vec<String>,
    /// Security-sensitive changes the step makes, shown apart in confirmations.
    pub sensitive: Vec<String>,
    pub checklist: Vec<String>,
    pub fields: Vec<Field>,
    pub file: String,
}

impl Step {
    /// A manual step has no AWS calls of its own: a person does it and confirms.
    pub fn is_manual(&self) -> bool {
        self.action == "manual"
    }

    /// A step whose actions a person must confirm: manual ones, and Ethan's, whom only he can
    /// play on real AWS.
    pub fn needs_confirmation(&self) -> bool {
        self.is_manual() || self.persona == Persona::Ethan
    }
}

/// The whole walkthrough: steps in dependency order, and every field by key.
#[derive(Debug, Clone)]
pub struct Catalog {
    steps: Vec<Step>,
    index: BTreeMap<String, usize>,
}

impl Catalog {
    /// The catalog shipped in the binary, or the one in `TIPWIZ_STEPS_DIR`; `actions` are the
    /// action ids a step may name (the actions module knows them, the catalog does not).
    pub fn builtin(actions: &[&str]) -> Result<Catalog, CatalogError> {
        match std::env::var_os("TIPWIZ_STEPS_DIR") {
            Some(dir) => load_dir(std::path::Path::new(&dir), actions),
            None => load_sources(
                BUILTIN.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect(),
                actions,
            ),
        }
    }

    pub(crate) fn new(steps: Vec<Step>) -> Catalog {
        let index = steps.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        Catalog { steps, index }
    }

    /// Steps in an order where each comes after all it depends on (stable for equal ranks).
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }
    pub fn get(&self, id: &str) -> Option<&Step> {
        self.index.get(id).map(|&i| &self.steps[i])
    }
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.steps.iter().flat_map(|s| s.fields.iter())
    }
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields().find(|f| f.key == key)
    }
    pub fn by_persona(&self, p: Persona) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(move |s| s.persona == p)
    }
    /// Every step that `id` depends on, directly or not.
    pub fn ancestors(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut todo = vec![id.to_string()];
        while let Some(cur) = todo.pop() {
            if let Some(s) = self.get(&cur) {
                for d in &s.depends {
                    if !out.contains(d) {
                        out.push(d.clone());
                        todo.push(d.clone());
                    }
                }
            }
        }
        out
    }
    /// Every step that depends on `id`, directly or not.
    pub fn descendants(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in &self.steps {
            if self.ancestors(&s.id).iter().any(|a| a == id) {
                out.push(s.id.clone());
            }
        }
        out
    }
}
