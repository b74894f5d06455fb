//! The commands that only look: plan, export and status.

use super::{Backend, Ctx, ExportFormat, Fail, PolicyFormat, fresh_sim};
use crate::engine::{Engine, plan};
use crate::journal::Journal;
use crate::report;
use std::path::Path;
use std::sync::Arc;

/// `tipwiz plan`: every step's calls, played on a scratch copy of the simulated cloud, or read
/// from the real account up to each step's first change.
pub(super) async fn plan(cx: &Ctx, answers: Option<&Path>, policies: bool) -> Result<i32, Fail> {
    let a = cx.answers_from_account(answers).await?;
    let existing = cx.journal()?;
    let plans = match cx.backend {
        // A copy of the saved simulated cloud: the dry run changes the copy, never the file.
        Backend::Sim => plan::dry_run(cx.catalog.clone(), cx.cloud_to_read(&a)?, &a, existing.as_ref()).await,
        Backend::Aws => plan::read_only(cx.catalog.clone(), cx.cloud_to_read(&a)?, &a, existing.as_ref()).await,
    };
    print!("{}", report::plan(&cx.catalog, &a, &plans, policies));
    // Scripts and CI notice a plan that cannot go through.
    Ok(if plans.iter().any(|p| p.verdict.is_trouble()) {
        1
    } else {
        0
    })
}

/// `tipwiz export`: the runbook, or the AWS CLI script of a dry run on a fresh organisation.
pub(super) async fn export(cx: &Ctx, format: ExportFormat, answers: Option<&Path>) -> Result<i32, Fail> {
    match format {
        // A runbook reads as well with the inputs still open.
        ExportFormat::Markdown => print!("{}", report::runbook(&cx.catalog, &cx.answers(answers)?)),
        ExportFormat::Shell => {
            let a = cx.answers_from_account(answers).await?;
            let plans = plan::dry_run(cx.catalog.clone(), Arc::new(fresh_sim(&a)), &a, None).await;
            print!("{}", report::shell(&cx.catalog, &a, &plans));
        }
    }
    Ok(0)
}

/// `tipwiz status`: each step's state from the journal; with `live`, re-checked in the cloud.
pub(super) async fn status(cx: &Ctx, json: bool, live: bool) -> Result<i32, Fail> {
    let data = cx.journal()?;
    let drift = match (&data, live) {
        (Some(d), true) => {
            // Read-only: no lock taken, nothing written, so it can run beside an apply.
            let cloud = cx.cloud_to_read(&d.answers)?;
            Engine::new(cx.catalog.clone(), cloud, Journal::scratch(d.clone()), None)
                .drift()
                .await
        }
        _ => vec![],
    };
    if json {
        println!("{}", report::status_json(&cx.catalog, data.as_ref(), &drift));
    } else {
        if data.is_none() {
            println!("No setup has started in {} yet.\n", cx.dir.display());
        }
        print!("{}", report::status(&cx.catalog, data.as_ref(), &drift));
    }
    Ok(if drift.is_empty() { 0 } else { 3 })
}

/// `tipwiz handoff`: what the steps done here made, for the next persona.
pub(super) fn handoff(cx: &Ctx, to: Option<&str>) -> Result<i32, Fail> {
    let to = match to {
        Some(p) => Some(
            crate::catalog::Persona::parse(p)
                .ok_or_else(|| Fail::input(format!("--to: '{p}' is not alice, bob or ethan")))?,
        ),
        None => None,
    };
    let Some(data) = cx.journal()? else {
        return Err(Fail::input(format!(
            "no setup has started in {}: there is nothing to hand over",
            cx.dir.display()
        )));
    };
    print!("{}", crate::handoff::write(&cx.catalog, &data, to));
    Ok(0)
}

/// `tipwiz doctor`: the live account, read-only, step by step, without a journal.
pub(super) async fn doctor(cx: &Ctx, answers: Option<&Path>, persona: Option<&str>, json: bool) -> Result<i32, Fail> {
    let a = cx.answers_from_account(answers).await?;
    let persona = match persona {
        Some(p) => Some(
            crate::catalog::Persona::parse(p)
                .ok_or_else(|| Fail::input(format!("--persona: '{p}' is not alice, bob or ethan")))?,
        ),
        None => None,
    };
    let data = crate::journal::JournalData {
        version: crate::journal::VERSION,
        backend: "doctor".into(),
        answers: a.clone(),
        steps: Default::default(),
    };
    let engine = Engine::new(cx.catalog.clone(), cx.cloud_to_read(&a)?, Journal::scratch(data), None);
    let findings = engine.doctor(persona).await;
    if json {
        println!("{}", report::doctor_json(&findings));
    } else {
        print!("{}", report::doctor(&findings));
    }
    let wrong = findings
        .iter()
        .any(|f| f.health == crate::engine::doctor::Health::Problem);
    Ok(if wrong { 1 } else { 0 })
}

/// `tipwiz permissions`: each persona's policy, from the calls its steps make.
pub(super) fn permissions(
    cx: &Ctx,
    persona: Option<&str>,
    answers: Option<&Path>,
    format: PolicyFormat,
) -> Result<i32, Fail> {
    use crate::catalog::AccountRole;
    let a = cx.answers(answers)?;
    let who: Vec<AccountRole> = match persona {
        None => vec![AccountRole::Management, AccountRole::Analytics],
        Some("alice") => vec![AccountRole::Management],
        Some("bob") => vec![AccountRole::Analytics],
        Some("ethan") => {
            return Err(Fail::input(
                "--persona ethan: Ethan's checks run with Bob's profile in the analytics account: use --persona bob",
            ));
        }
        Some(p) => return Err(Fail::input(format!("--persona: '{p}' is not alice or bob"))),
    };
    let journal = cx.journal()?;
    let mut docs = serde_json::Map::new();
    let mut text = String::new();
    for role in who {
        let (words, doc) = report::policy_for(&cx.catalog, &a, journal.as_ref(), role).map_err(Fail::input)?;
        let name = match role {
            AccountRole::Management => "alice",
            AccountRole::Analytics => "bob",
        };
        text.push_str(&words);
        docs.insert(name.into(), doc);
    }
    match format {
        PolicyFormat::Json if docs.len() == 1 => {
            println!(
                "{}",
                serde_json::to_string_pretty(docs.values().next().expect("one")).expect("json")
            )
        }
        PolicyFormat::Json => println!("{}", serde_json::to_string_pretty(&docs).expect("json")),
        PolicyFormat::Text => print!("{text}"),
    }
    Ok(0)
}

/// `tipwiz answers`: the answers file to start from. On AWS what the account can answer is read
/// from it; an input it cannot settle is left empty with a note of the choices.
pub(super) async fn answers(cx: &Ctx) -> Result<i32, Fail> {
    if cx.backend == Backend::Sim {
        print!("{}", crate::answers::template(&cx.catalog));
        return Ok(0);
    }
    let mut a = cx.answers(None)?;
    let notes = cx
        .fill_from_account(&mut a)
        .await?
        .into_iter()
        .map(|(key, found)| (key, crate::engine::discover::describe(&found, false)))
        .collect();
    print!("{}", crate::answers::template_for_account(&cx.catalog, &a, &notes));
    Ok(0)
}
