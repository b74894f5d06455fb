//! The handoff: what one persona's finished steps left for the next one, when the next cannot
//! read the other account. A TOML file of step states and outputs (ARNs, ids, names), never
//! credentials; read back, it is checked like an answers file and recorded as done elsewhere.

use crate::catalog::{Catalog, Persona};
use crate::journal::{JournalData, StepState};
use std::collections::BTreeMap;

pub const VERSION: i64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum HandoffError {
    #[error("cannot read the handoff file {path}: {message}")]
    Read { path: String, message: String },
    #[error("{path} is not a tipwiz handoff: {message}")]
    Invalid { path: String, message: String },
    #[error(
        "{path} says {step} made {key} = {theirs}, but this journal has {ours}: the two setups differ; \
         check the answers (the same accounts and names?) before going on"
    )]
    Conflict {
        path: String,
        step: String,
        key: String,
        theirs: String,
        ours: String,
    },
}

/// The handoff of the steps done in `data` that belong to personas other than `to` (all of them
/// when `to` is None): their outputs, as TOML with a comment saying what it is.
pub fn write(catalog: &Catalog, data: &JournalData, to: Option<Persona>) -> String {
    let mut steps = toml::Table::new();
    for step in catalog.steps() {
        if Some(step.persona) == to || !data.state(&step.id).is_done() {
            continue;
        }
        let outputs: toml::Table = data
            .steps
            .get(&step.id)
            .map(|r| {
                r.outputs
                    .iter()
                    .map(|(k, v)| (k.clone(), toml::Value::String(v.clone())))
                    .collect()
            })
            .unwrap_or_default();
        let mut entry = toml::Table::new();
        entry.insert("state".into(), toml::Value::String("done".into()));
        entry.insert("outputs".into(), toml::Value::Table(outputs));
        steps.insert(step.id.clone(), toml::Value::Table(entry));
    }
    let mut doc = toml::Table::new();
    doc.insert("version".into(), toml::Value::Integer(VERSION));
    doc.insert("steps".into(), toml::Value::Table(steps));
    let who = to.map(|p| format!(" for {}", p.name())).unwrap_or_default();
    format!(
        "# tipwiz handoff{who}: the steps done so far and what they made (ids, ARNs, names; no credentials).\n\
         # Give it to the next person; they run: tipwiz apply --handoff THIS_FILE\n{}",
        toml::to_string_pretty(&doc).expect("a table serialises")
    )
}

/// A step's outputs as a handoff carries them.
pub type Outputs = BTreeMap<String, BTreeMap<String, String>>;

/// Reads a handoff: known steps only, each done, each output a plausible value.
pub fn read(catalog: &Catalog, text: &str, path: &str) -> Result<Outputs, HandoffError> {
    let invalid = |message: String| HandoffError::Invalid {
        path: path.to_string(),
        message,
    };
    let doc: toml::Table = toml::from_str(text).map_err(|e| invalid(e.message().trim().to_string()))?;
    match doc.get("version").and_then(toml::Value::as_integer) {
        Some(VERSION) => {}
        Some(v) => return Err(invalid(format!("version {v}; this tipwiz reads version {VERSION}"))),
        None => return Err(invalid("no version = 1 line".into())),
    }
    if let Some(k) = doc.keys().find(|k| *k != "version" && *k != "steps") {
        return Err(invalid(format!("unknown key {k}")));
    }
    let steps = match doc.get("steps") {
        Some(toml::Value::Table(t)) => t,
        None => return Ok(Outputs::new()),
        Some(_) => return Err(invalid("steps must be a table of step ids".into())),
    };
    let mut out = Outputs::new();
    for (id, entry) in steps {
        if catalog.get(id).is_none() {
            return Err(invalid(format!("there is no step {id}")));
        }
        let entry = entry
            .as_table()
            .ok_or_else(|| invalid(format!("steps.{id} must be a table")))?;
        if entry.get("state").and_then(toml::Value::as_str) != Some("done") {
            return Err(invalid(format!("steps.{id}.state must be \"done\"")));
        }
        let mut outputs = BTreeMap::new();
        if let Some(o) = entry.get("outputs") {
            let o = o
                .as_table()
                .ok_or_else(|| invalid(format!("steps.{id}.outputs must be a table")))?;
            for (k, v) in o {
                let v = v
                    .as_str()
                    .ok_or_else(|| invalid(format!("steps.{id}.outputs.{k} must be a string")))?;
                check_output(k, v).map_err(|rule| invalid(format!("steps.{id}.outputs.{k}: {rule}")))?;
                outputs.insert(k.clone(), v.to_string());
            }
        }
        out.insert(id.clone(), outputs);
    }
    Ok(out)
}

/// An output is an id, an ARN or a name the wizard recorded: one line, a sane length, and an
/// ARN where the key says so.
fn check_output(key: &str, value: &str) -> Result<(), String> {
    if value.is_empty() || value.len() > 2048 || value.chars().any(char::is_control) {
        return Err("must be one line of 1 to 2048 characters".into());
    }
    if key.ends_with("_arn") && !value.starts_with("arn:") {
        return Err(format!("{value} is not an ARN"));
    }
    if !key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err("output names are lowercase words joined by _".into());
    }
    Ok(())
}

/// Records what a handoff carries as done elsewhere, leaving steps done here as they are, but
/// refusing a handoff whose outputs disagree with this journal's.
pub fn import(data: &mut JournalData, outputs: &Outputs, path: &str) -> Result<Vec<String>, HandoffError> {
    for (id, theirs) in outputs {
        if let Some(r) = data.steps.get(id)
            && r.state.is_some_and(StepState::is_done)
        {
            for (k, v) in theirs {
                if let Some(ours) = r.outputs.get(k)
                    && ours != v
                {
                    return Err(HandoffError::Conflict {
                        path: path.to_string(),
                        step: id.clone(),
                        key: k.clone(),
                        theirs: v.clone(),
                        ours: ours.clone(),
                    });
                }
            }
        }
    }
    let mut imported = vec![];
    for (id, theirs) in outputs {
        let r = data.steps.entry(id.clone()).or_default();
        if r.state.is_some_and(StepState::is_done) {
            continue;
        }
        r.state = Some(StepState::DoneElsewhere);
        r.outputs = theirs.clone();
        r.error = None;
        imported.push(id.clone());
    }
    Ok(imported)
}
