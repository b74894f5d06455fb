//! The commands that change things: apply, rollback and teardown.

use super::{Ctx, Fail, confirm, interactive, stop_on_signals, with_line_printer};
use crate::actions::cx::StepError;
use crate::catalog::Persona;
use crate::cloud::sim::Timing;
use crate::engine::{Engine, Outcome, RunOptions};
use std::path::Path;

pub(super) struct ApplyArgs<'a> {
    pub answers: Option<&'a Path>,
    pub only: Option<&'a [String]>,
    pub persona: Option<&'a str>,
    pub yes: bool,
    pub no_rollback: bool,
    pub confirm_manual: &'a [String],
    pub again: &'a [String],
    pub jobs: usize,
}

/// `tipwiz apply`: runs the steps that are not done yet, resuming where a run stopped.
pub(super) async fn apply(cx: &Ctx, args: &ApplyArgs<'_>) -> Result<i32, Fail> {
    let a = cx.answers_from_account(args.answers).await?;
    for id in args.only.into_iter().flatten() {
        if cx.catalog.get(id).is_none() {
            return Err(Fail::input(format!(
                "--only: there is no step '{id}' (tipwiz plan lists them)"
            )));
        }
    }
    for id in args.again {
        if cx.catalog.get(id).is_none() {
            return Err(Fail::input(format!(
                "--again: there is no step '{id}' (tipwiz status lists them)"
            )));
        }
    }
    for id in args.confirm_manual {
        if id != "all" && cx.catalog.get(id).is_none() {
            return Err(Fail::input(format!("--confirm-manual: there is no step '{id}'")));
        }
    }
    let persona = match args.persona {
        Some(p) => {
            Some(Persona::parse(p).ok_or_else(|| Fail::input(format!("--persona: '{p}' is not alice, bob or ethan")))?)
        }
        None => None,
    };
    let selected = cx
        .catalog
        .steps()
        .iter()
        .filter(|s| args.only.is_none_or(|o| o.contains(&s.id)) && persona.is_none_or(|p| s.persona == p))
        .count();
    if selected == 0 {
        return Err(Fail::input(
            "--only and --persona together select no step: each --only step must belong to the --persona given",
        ));
    }
    if let Some(old) = cx.journal()?.filter(|d| d.has_progress()) {
        let changed = old.answers.differences(&a, &cx.catalog);
        if !changed.is_empty() {
            eprintln!(
                "These answers differ from the ones the setup in {} was made with:\n  {}",
                cx.dir.display(),
                changed.join("\n  ")
            );
            if !args.yes && !confirm("Use the new answers for the steps still to run?", "--yes")? {
                return Ok(0);
            }
        }
    }
    if !args.yes && !confirm("Apply the steps that are not done yet?", "--yes")? {
        return Ok(0);
    }
    let (cloud, journal) = cx.open_for_change(&a, Timing::instant())?;
    journal.update(|d| d.answers = a.clone())?;
    let opts = RunOptions {
        only: args.only.map(<[String]>::to_vec),
        persona,
        rollback_on_failure: !args.no_rollback,
        jobs: args.jobs,
        confirmed: args.confirm_manual.to_vec(),
        reapply: args.again.to_vec(),
        ..RunOptions::default()
    };
    let outcome = with_line_printer(async |tx| {
        let engine = Engine::new(cx.catalog.clone(), cloud, journal, Some(tx));
        stop_on_signals(engine.stop_handle());
        engine.apply(&opts).await
    })
    .await;
    if let Outcome::Stopped { waiting } = &outcome {
        println!("\nWaiting for you:");
        for (_, why) in waiting {
            println!("{why}\n");
        }
    }
    if let Outcome::Failed { step, .. } = &outcome {
        println!(
            "\n{step} failed. Fix the cause and run `tipwiz apply` again to resume{}.",
            if args.no_rollback {
                format!("; what it created is kept: `tipwiz rollback --step {step}` removes it")
            } else {
                String::new()
            }
        );
    }
    Ok(outcome.exit_code())
}

/// `tipwiz rollback`: undoes a step and the steps that depend on it, or every step.
pub(super) async fn rollback(cx: &Ctx, step: Option<&str>, all: bool, yes: bool) -> Result<i32, Fail> {
    if let Some(id) = step
        && cx.catalog.get(id).is_none()
    {
        return Err(Fail::input(format!("--step: there is no step '{id}'")));
    }
    let what = if all {
        "every step".to_string()
    } else {
        format!("{} and the steps that depend on it", step.unwrap_or_default())
    };
    if !yes && !confirm(&format!("Roll back {what}?"), "--yes")? {
        return Ok(0);
    }
    undo(cx, if all { None } else { step }).await
}

/// `tipwiz teardown`: undoes everything, later steps first; asks for the word typed out.
pub(super) async fn teardown(cx: &Ctx, yes: bool) -> Result<i32, Fail> {
    if !yes {
        if !interactive() {
            return Err(Fail::input(
                "teardown removes everything the wizard created: no terminal to confirm on; pass --yes",
            ));
        }
        eprint!(
            "This removes everything the wizard created (keys are scheduled for deletion). Type 'teardown' to go on: "
        );
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| Fail::input(e.to_string()))?;
        if line.trim() != "teardown" {
            eprintln!("Nothing was changed.");
            return Ok(0);
        }
    }
    undo(cx, None).await
}

async fn undo(cx: &Ctx, step: Option<&str>) -> Result<i32, Fail> {
    let Some(data) = cx.journal()? else {
        println!("Nothing to undo: no journal in {}.", cx.dir.display());
        return Ok(0);
    };
    let (cloud, journal) = cx.open_for_change(&data.answers, Timing::instant())?;
    let result = with_line_printer(async |tx| {
        let engine = Engine::new(cx.catalog.clone(), cloud, journal, Some(tx));
        match step {
            Some(id) => engine.rollback(id).await,
            None => engine.teardown().await,
        }
    })
    .await;
    match result {
        Ok(done) if done.is_empty() => {
            println!("Nothing to undo.");
            Ok(0)
        }
        Ok(done) => {
            println!("Undone: {}", done.join(", "));
            Ok(0)
        }
        Err(StepError::Crashed) => Ok(137),
        Err(e) => {
            eprintln!("tipwiz: {e}\nRun the same command again to continue undoing.");
            Ok(1)
        }
    }
}
