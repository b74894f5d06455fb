//! Reading and checking step files. Every problem names the file and the step.

use super::{AccountRole, Catalog, Field, FieldKind, Persona, RegionRole, Step, Value, validate};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
#[error("the step catalog has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
pub struct CatalogError(pub Vec<String>);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    persona: String,
    #[serde(default)]
    step: Vec<RawStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: Option<String>,
    account: Option<String>,
    region: Option<String>,
    title: Option<String>,
    why: Option<String>,
    action: Option<String>,
    depends: Option<Vec<String>>,
    operations: Option<Vec<String>>,
    #[serde(default)]
    pitfalls: Vec<String>,
    #[serde(default)]
    sensitive: Vec<String>,
    #[serde(default)]
    checklist: Vec<String>,
    #[serde(default)]
    field: Vec<RawField>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    key: String,
    label: String,
    help: String,
    default: Value,
    validator: String,
    kind: Option<String>,
    #[serde(default)]
    from_cloud: bool,
}

/// Loads every `*.toml` file of a directory, in name order.
pub fn load_dir(dir: &Path, actions: &[&str]) -> Result<Catalog, CatalogError> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CatalogError(vec![format!("{}: cannot read the directory: {e}", dir.display())]))?;
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&p).map_err(|e| CatalogError(vec![format!("{}: {e}", p.display())]))?;
            files.push((p.file_name().unwrap_or_default().to_string_lossy().into_owned(), text));
        }
    }
    files.sort();
    load_sources(files, actions)
}

/// Loads step files given as (file name, text) pairs; `actions` are the known action ids.
pub fn load_sources(files: Vec<(String, String)>, actions: &[&str]) -> Result<Catalog, CatalogError> {
    let mut problems = Vec::new();
    let mut steps: Vec<Step> = Vec::new();
    for (file, text) in &files {
        let raw: RawFile = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("{file}: {}", e.message().trim()));
                continue;
            }
        };
        let Some(persona) = Persona::parse(&raw.persona) else {
            problems.push(format!(
                "{file}: unknown persona '{}' (alice, bob or ethan)",
                raw.persona
            ));
            continue;
        };
        for (n, rs) in raw.step.into_iter().enumerate() {
            if let Some(step) = convert(file, n, persona, rs, actions, &mut problems) {
                steps.push(step);
            }
        }
    }
    check_graph(&steps, &mut problems);
    if !problems.is_empty() {
        return Err(CatalogError(problems));
    }
    Ok(Catalog::new(order(steps)))
}

fn convert(
    file: &str,
    n: usize,
    persona: Persona,
    rs: RawStep,
    actions: &[&str],
    problems: &mut Vec<String>,
) -> Option<Step> {
    let Some(id) = rs.id.clone() else {
        problems.push(format!("{file}: step #{}: missing required key 'id'", n + 1));
        return None;
    };
    let at = format!("{file}: step '{id}'");
    let mut missing = |key: &str, v: bool| {
        if !v {
            problems.push(format!("{at}: missing required key '{key}'"));
        }
    };
    missing("account", rs.account.is_some());
    missing("region", rs.region.is_some());
    missing("title", rs.title.is_some());
    missing("why", rs.why.is_some());
    missing("action", rs.action.is_some());
    missing("depends", rs.depends.is_some());
    missing("operations", rs.operations.is_some());
    let account = match rs.account.as_deref() {
        Some("management") => Some(AccountRole::Management),
        Some("analytics") => Some(AccountRole::Analytics),
        Some(other) => {
            problems.push(format!(
                "{at}: account '{other}' is neither 'management' nor 'analytics'"
            ));
            None
        }
        None => None,
    };
    let region = match rs.region.as_deref() {
        Some("primary") => Some(RegionRole::Primary),
        Some("secondary") => Some(RegionRole::Secondary),
        Some(other) => {
            problems.push(format!("{at}: region '{other}' is neither 'primary' nor 'secondary'"));
            None
        }
        None => None,
    };
    let action = rs.action.clone().unwrap_or_default();
    if rs.action.is_some() && !actions.contains(&action.as_str()) {
        problems.push(format!("{at}: unknown action '{action}'"));
    }
    for op in rs.operations.iter().flatten() {
        if !op
            .split_once(':')
            .is_some_and(|(s, o)| !s.is_empty() && o.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        {
            problems.push(format!("{at}: operation '{op}' is not written as service:Operation"));
        }
    }
    if action == "manual" && rs.checklist.is_empty() {
        problems.push(format!("{at}: a manual step needs a checklist"));
    }
    let mut fields = Vec::new();
    for f in rs.field {
        let kind = match f.kind.as_deref() {
            None | Some("text") => FieldKind::Text,
            Some("region") => FieldKind::Region,
            Some("bool") => FieldKind::Bool,
            Some("number") => FieldKind::Number,
            Some(other) => {
                problems.push(format!("{at}: field '{}' has unknown kind '{other}'", f.key));
                FieldKind::Text
            }
        };
        if !validate::is_known(&f.validator) {
            problems.push(format!(
                "{at}: field '{}' names unknown validator '{}'",
                f.key, f.validator
            ));
        } else if let Err(rule) = validate::check(&f.validator, &f.default) {
            problems.push(format!(
                "{at}: the default of field '{}' breaks its own rule: {rule}",
                f.key
            ));
        }
        fields.push(Field {
            key: f.key,
            label: f.label,
            help: f.help,
            default: f.default,
            validator: f.validator,
            kind,
            step: id.clone(),
            persona,
            from_cloud: f.from_cloud,
        });
    }
    Some(Step {
        id,
        persona,
        account: account?,
        region: region?,
        title: rs.title?,
        why: rs.why?.trim().to_string(),
        pitfalls: rs.pitfalls,
        depends: rs.depends?,
        action: rs.action?,
        operations: rs.operations?,
        sensitive: rs.sensitive,
        checklist: rs.checklist,
        fields,
        file: file.to_string(),
    })
}

fn check_graph(steps: &[Step], problems: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    let mut field_keys: BTreeMap<&str, &str> = BTreeMap::new();
    for s in steps {
        if !seen.insert(s.id.as_str()) {
            problems.push(format!("{}: step '{}': duplicate step id", s.file, s.id));
        }
        for f in &s.fields {
            if let Some(prev) = field_keys.insert(&f.key, &s.id) {
                problems.push(format!(
                    "{}: step '{}': field '{}' is already defined by step '{prev}'",
                    s.file, s.id, f.key
                ));
            }
        }
    }
    for s in steps {
        for d in &s.depends {
            if !seen.contains(d.as_str()) {
                problems.push(format!("{}: step '{}': depends on unknown step '{d}'", s.file, s.id));
            }
        }
        for line in &s.checklist {
            for name in placeholders(line) {
                if !field_keys.contains_key(name) {
                    problems.push(format!(
                        "{}: step '{}': checklist names unknown field '{{{name}}}'",
                        s.file, s.id
                    ));
                }
            }
        }
    }
    if let Some(cycle) = find_cycle(steps) {
        let s = steps
            .iter()
            .find(|s| s.id == cycle[0])
            .expect("cycle names known steps");
        problems.push(format!(
            "{}: step '{}': dependency cycle {}",
            s.file,
            s.id,
            cycle.join(" -> ")
        ));
    }
}

/// The `{field}` names in a checklist line.
pub fn placeholders(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    out.push(name);
                }
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

fn find_cycle(steps: &[Step]) -> Option<Vec<String>> {
    let deps: BTreeMap<&str, &Vec<String>> = steps.iter().map(|s| (s.id.as_str(), &s.depends)).collect();
    // 0 = unvisited, 1 = on the current path, 2 = finished
    let mut mark: BTreeMap<&str, u8> = BTreeMap::new();
    fn visit<'a>(
        n: &'a str,
        deps: &BTreeMap<&'a str, &'a Vec<String>>,
        mark: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match mark.get(n) {
            Some(2) => return None,
            Some(1) => {
                let from = path.iter().position(|p| *p == n).unwrap_or(0);
                let mut c: Vec<String> = path[from..].iter().map(|s| s.to_string()).collect();
                c.push(n.to_string());
                return Some(c);
            }
            _ => {}
        }
        mark.insert(n, 1);
        path.push(n);
        for d in deps.get(n).into_iter().flat_map(|v| v.iter()) {
            if let Some((k, _)) = deps.get_key_value(d.as_str())
                && let Some(c) = visit(k, deps, mark, path)
            {
                return Some(c);
            }
        }
        path.pop();
        mark.insert(n, 2);
        None
    }
    for s in steps {
        let mut path = Vec::new();
        if let Some(c) = visit(&s.id, &deps, &mut mark, &mut path) {
            return Some(c);
        }
    }
    None
}

/// Dependency order, keeping the file order wherever the graph allows (Kahn's algorithm).
fn order(steps: Vec<Step>) -> Vec<Step> {
    let mut left = steps;
    let mut out: Vec<Step> = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let i = left
            .iter()
            .position(|s| s.depends.iter().all(|d| out.iter().any(|o| &o.id == d)))
            .expect("the graph was checked for cycles");
        out.push(left.remove(i));
    }
    out
}
