//! Text the commands print: the plan, the runbook, the shell script (shell.rs) and the status
//! table.

mod shell;

pub use shell::shell;

use crate::actions;
use crate::answers::Answers;
use crate::catalog::{Catalog, Persona, Step};
use crate::cloud::Op;
use crate::cloud::cli;
use crate::engine::plan::{StepPlan, Verdict};
use crate::journal::JournalData;
use std::fmt::Write as _;

fn persona_heading(p: Persona) -> String {
    format!("{} ({})", p.name(), p.role())
}

fn where_(step: &Step, a: &Answers) -> String {
    let t = a.target(step.account, step.region);
    format!("{} {}, {}", step.account.label(), t.account_id, t.region)
}

/// Abbreviates long values (policies, SQL) for one-line summaries.
fn short(v: &str) -> String {
    if v.starts_with('{') && v.contains("\"Statement\"") {
        let n = serde_json::from_str::<serde_json::Value>(v)
            .ok()
            .and_then(|j| j["Statement"].as_array().map(|a| a.len()))
            .unwrap_or(0);
        return format!("<policy, {n} statement(s)>");
    }
    let one_line: String = v.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 90 {
        format!("{}…", one_line.chars().take(89).collect::<String>())
    } else {
        one_line
    }
}

/// The policies a call sends, for the security-sensitive part of the plan.
fn policies(op: &Op) -> Vec<(&'static str, String)> {
    let pretty = cli::pretty_json;
    match op {
        Op::CreateKey { policy, .. } | Op::ReplicateKey { policy, .. } => vec![("key policy", pretty(policy))],
        Op::CreateRole { trust_policy, .. } => vec![("trust policy", pretty(trust_policy))],
        Op::PutRolePolicy { document, .. } => vec![("role policy", pretty(document))],
        _ => vec![],
    }
}

fn is_sensitive(op: &Op) -> bool {
    matches!(
        op,
        Op::CreateKey { .. }
            | Op::ReplicateKey { .. }
            | Op::CreateRole { .. }
            | Op::PutRolePolicy { .. }
            | Op::PutDataLakeSettings { .. }
            | Op::GrantPermissions { .. }
            | Op::CreateAccessGrant { .. }
            | Op::UpdateInstanceEncryption { .. }
    )
}

/// One line per call: a mark (+ change, ! security-sensitive change, blank read), service,
/// operation and key parameters.
pub fn call_line(op: &Op) -> String {
    let mark = if is_sensitive(op) {
        "!"
    } else if op.is_mutating() {
        "+"
    } else {
        " "
    };
    let params: Vec<String> = cli::summary_args(op)
        .into_iter()
        .map(|(f, v)| {
            if v.is_empty() {
                f.to_string()
            } else {
                format!("{f} {}", short(&v))
            }
        })
        .collect();
    format!("{mark} {} {} {}", op.service(), op.name(), params.join(" "))
        .trim_end()
        .to_string()
}

/// The plan: every step in order, under its persona, with the calls it would make.
pub fn plan(catalog: &Catalog, a: &Answers, plans: &[StepPlan], show_policies: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "tipwiz plan: {} steps. Verdicts: create, no-op (already there), check (reads only), manual.\nCalls: + change, ! security-sensitive change (--policies prints the documents), blank: read.",
        catalog.steps().len()
    );
    let mut last: Option<Persona> = None;
    for sp in plans {
        let step = catalog.get(&sp.step).expect("plans follow the catalog");
        if last != Some(step.persona) {
            let _ = writeln!(out, "\n{}", persona_heading(step.persona));
            last = Some(step.persona);
        }
        let _ = writeln!(out, "  {:<22} {}  [{}]", step.id, step.title, sp.verdict);
        let _ = writeln!(out, "  {:<22} in {}", "", where_(step, a));
        if step.is_manual() {
            for item in &step.checklist {
                let _ = writeln!(out, "      - {}", a.fill(item));
            }
        }
        let mut seen: Vec<String> = Vec::new();
        for c in &sp.calls {
            if matches!(c.op, Op::RunAsAnalyst { .. }) {
                continue;
            }
            let line = call_line(&c.op);
            // Waiters poll: show a polled call once.
            if seen.contains(&line) {
                continue;
            }
            seen.push(line.clone());
            let _ = writeln!(out, "      {line}");
            if show_policies {
                for (what, doc) in policies(&c.op) {
                    let _ = writeln!(out, "        {what}:");
                    for l in doc.lines() {
                        let _ = writeln!(out, "          {l}");
                    }
                }
            }
        }
        if sp.calls.is_empty() && !step.is_manual() && matches!(sp.verdict, Verdict::Done | Verdict::NoOp) {
            let _ = writeln!(out, "      (done: nothing to re-check)");
        }
    }
    out
}

/// The runbook: per persona, each step's why, inputs, operations and checklist.
pub fn runbook(catalog: &Catalog, a: &Answers) -> String {
    let mut out =
        String::from("# tipwiz runbook: multi-Region identity-based access to Amazon Redshift and S3 Tables\n\n");
    out.push_str("Generated from the step catalog and your answers. Each persona does their part in their own account and Region.\n");
    for p in Persona::ALL {
        let _ = writeln!(out, "\n## {}\n", persona_heading(p));
        for step in catalog.by_persona(p) {
            let _ = writeln!(out, "### `{}`: {}\n", step.id, step.title);
            let _ = writeln!(out, "*Where:* {}", where_(step, a));
            if !step.depends.is_empty() {
                let _ = writeln!(
                    out,
                    "*After:* {}",
                    step.depends
                        .iter()
                        .map(|d| format!("`{d}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let _ = writeln!(out, "\n{}\n", step.why.split_whitespace().collect::<Vec<_>>().join(" "));
            if !step.fields.is_empty() {
                out.push_str("| input | value | meaning |\n|---|---|---|\n");
                for f in &step.fields {
                    let _ = writeln!(
                        out,
                        "| {} (`{}.{}`) | `{}` | {} |",
                        f.label,
                        f.persona.key(),
                        f.key,
                        a.get(&f.key),
                        f.help
                    );
                }
                out.push('\n');
            }
            if !step.operations.is_empty() {
                let _ = writeln!(
                    out,
                    "AWS operations: {}\n",
                    step.operations
                        .iter()
                        .map(|o| format!("`{o}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            if !step.checklist.is_empty() {
                out.push_str("Checklist:\n\n");
                for (i, item) in step.checklist.iter().enumerate() {
                    let _ = writeln!(out, "{}. {}", i + 1, a.fill(item));
                }
                out.push('\n');
            }
            if let Some(sql) = actions::sql_for(&step.id, a) {
                let _ = writeln!(out, "Ethan runs:\n\n```sql\n{sql}\n```\n");
            }
            if !step.pitfalls.is_empty() {
                out.push_str("Watch out:\n\n");
                for pf in &step.pitfalls {
                    let _ = writeln!(out, "- {pf}");
                }
                out.push('\n');
            }
        }
    }
    out
}

/// The status table: each step, its state as a word, and its error or key output.
pub fn status(catalog: &Catalog, data: Option<&JournalData>, drift: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut last = None;
    for step in catalog.steps() {
        if last != Some(step.persona) {
            let _ = writeln!(out, "{}", persona_heading(step.persona));
            last = Some(step.persona);
        }
        let state = data
            .map(|d| d.state(&step.id))
            .unwrap_or(crate::journal::StepState::Pending);
        let mut line = format!("  {:<24} {:<16} {}", step.id, state.word(), step.title);
        if let Some((_, why)) = drift.iter().find(|(s, _)| s == &step.id) {
            line.push_str(&format!("\n  {:<24} drift: {why}", ""));
            line.push_str(&format!("\n  {:<24} to repair: {}", "", repair(&step.id)));
        } else if let Some(err) = data.and_then(|d| d.steps.get(&step.id)).and_then(|r| r.error.clone()) {
            line.push_str(&format!("\n  {:<24} {err}", ""));
        }
        if let Some(d) = data
            && state.is_done()
        {
            let changed = d.changed_inputs(&step.id, &d.answers);
            if !changed.is_empty() {
                let what: Vec<String> = changed
                    .iter()
                    .map(|(k, was, now)| format!("{k}: {was} → {now}"))
                    .collect();
                line.push_str(&format!(
                    "\n  {:<24} ≠ inputs changed since it was done ({}); tipwiz apply --again {} runs it again",
                    "",
                    what.join("; "),
                    step.id
                ));
            }
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

/// What puts a drifted step right: its rollback finds gone what is gone, and apply makes the
/// step, and those after it, again.
pub fn repair(step: &str) -> String {
    format!("tipwiz rollback --step {step}, then tipwiz apply")
}

/// The status as JSON: every step with its persona, state, error, outputs and drift.
pub fn status_json(catalog: &Catalog, data: Option<&JournalData>, drift: &[(String, String)]) -> String {
    let steps: Vec<serde_json::Value> = catalog
        .steps()
        .iter()
        .map(|s| {
            let rec = data.and_then(|d| d.steps.get(&s.id));
            serde_json::json!({
                "id": s.id,
                "persona": s.persona.key(),
                "state": data.map(|d| d.state(&s.id)).unwrap_or(crate::journal::StepState::Pending),
                "error": rec.and_then(|r| r.error.clone()),
                "outputs": rec.map(|r| r.outputs.clone()).unwrap_or_default(),
                "drift": drift.iter().find(|(id, _)| id == &s.id).map(|(_, w)| w.clone()),
                "repair": drift.iter().any(|(id, _)| id == &s.id).then(|| repair(&s.id)),
                "inputs_changed": data
                    .filter(|d| d.state(&s.id).is_done())
                    .map(|d| d.changed_inputs(&s.id, &d.answers).into_iter().map(|(k, _, _)| k).collect::<Vec<_>>())
                    .unwrap_or_default(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "steps": steps })).expect("json")
}

/// The doctor's findings, step by step, persona by persona.
pub fn doctor(findings: &[crate::engine::doctor::Finding]) -> String {
    use crate::engine::doctor::Health;
    let mut out = String::new();
    let mut last = None;
    for f in findings {
        if last != Some(f.persona) {
            let _ = writeln!(out, "{}", persona_heading(f.persona));
            last = Some(f.persona);
        }
        let _ = writeln!(out, "  {:<24} {}", f.step, f.health.word());
        if f.health != Health::InPlace && !f.detail.is_empty() {
            let _ = writeln!(out, "  {:<24} {}", "", f.detail);
        }
        for (i, fix) in f.fix.iter().enumerate() {
            let _ = writeln!(out, "  {:<24} {} {fix}", "", if i == 0 { "fix:" } else { "    " });
        }
    }
    let problems = findings.iter().filter(|f| f.health == Health::Problem).count();
    let _ = writeln!(
        out,
        "\n{} in place, {problems} with a problem, {} that cannot be checked from here",
        findings.iter().filter(|f| f.health == Health::InPlace).count(),
        findings.iter().filter(|f| f.health == Health::CannotCheck).count()
    );
    out
}

pub fn doctor_json(findings: &[crate::engine::doctor::Finding]) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "findings": findings })).expect("json")
}

/// Every AWS call of the steps run with one account's credentials (Alice's in the management
/// account; Bob's in the analytics account, Ethan's checks included).
pub fn calls_of(catalog: &Catalog, role: crate::catalog::AccountRole) -> std::collections::BTreeSet<String> {
    catalog
        .steps()
        .iter()
        .filter(|s| s.account == role)
        .flat_map(|s| s.operations.iter().cloned())
        .filter(|c| !c.starts_with("analyst:"))
        .collect()
}

/// One persona's policy, in words and as the JSON document: from the calls its steps make,
/// scoped by the answers and by the ids the journal has seen.
pub fn policy_for(
    catalog: &Catalog,
    a: &Answers,
    journal: Option<&JournalData>,
    role: crate::catalog::AccountRole,
) -> Result<(String, serde_json::Value), String> {
    let fill = |template: &str| crate::cloud::permissions::fill_template(template, &|k| runtime_value(a, journal, k));
    let statements = crate::cloud::permissions::statements(&calls_of(catalog, role), &fill)?;
    let doc = crate::cloud::permissions::document(&statements);
    Ok((permissions(a, role, &statements, &doc), doc))
}

/// A placeholder of the permissions table: an answer, an id the journal has seen, or a wildcard
/// for an id only known once the setup has run.
fn runtime_value(a: &Answers, journal: Option<&JournalData>, key: &str) -> String {
    let out = |step: &str, k: &str| journal.and_then(|d| d.output(step, k));
    match key {
        "instance_id" => out("alice.preflight", "instance_arn")
            .or_else(|| out("bob.preflight", "instance_arn"))
            .and_then(|arn| arn.rsplit('/').next().map(str::to_string))
            .unwrap_or_else(|| "ssoins-*".into()),
        "identity_store_id" => out("alice.preflight", "identity_store_id")
            .or_else(|| out("bob.preflight", "identity_store_id"))
            .unwrap_or_else(|| "*".into()),
        "key_id" => out("alice.kms-key", "key_id").unwrap_or_else(|| "mrk-*".into()),
        // An answer not given yet (an account not read yet) is any.
        k => Some(a.get(k)).filter(|v| !v.is_empty()).unwrap_or_else(|| "*".into()),
    }
}

/// One persona's policy in words: each statement, what it allows, on what, and why.
pub fn permissions(
    a: &Answers,
    role: crate::catalog::AccountRole,
    statements: &[crate::cloud::permissions::Statement],
    doc: &serde_json::Value,
) -> String {
    use crate::catalog::AccountRole;
    let (persona, profile, account) = match role {
        AccountRole::Management => ("Alice", a.get("management_profile"), a.get("management_account_id")),
        AccountRole::Analytics => (
            "Bob (and Ethan's checks)",
            a.get("analytics_profile"),
            a.get("analytics_account_id"),
        ),
    };
    let size = crate::cloud::permissions::size(doc);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{persona}: profile {}, account {account}: {} statement(s), {size} characters",
        if profile.is_empty() {
            "(default chain)".to_string()
        } else {
            profile
        },
        statements.len()
    );
    if size > crate::cloud::permissions::MANAGED_POLICY_LIMIT {
        let _ = writeln!(
            out,
            "  more than a managed policy holds (6,144): attach it inline to the role (10,240), or split it in two"
        );
    }
    for s in statements {
        let _ = writeln!(out, "\n  {}", s.sid);
        let _ = writeln!(
            out,
            "    allow {}",
            s.actions.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        let _ = writeln!(
            out,
            "    on    {}{}",
            s.resources.iter().cloned().collect::<Vec<_>>().join(", "),
            if s.star_only {
                "   (* : these actions have no resource-level permission)"
            } else {
                ""
            }
        );
        if let Some(c) = &s.condition {
            let _ = writeln!(out, "    when  {c}");
        }
        for w in &s.why {
            let _ = writeln!(out, "    for   {w}");
        }
    }
    out.push('\n');
    out
}
