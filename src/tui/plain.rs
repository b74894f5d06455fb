//! Plain mode: the same walkthrough as line prompts and line progress, for screen readers,
//! logs and terminals that cannot draw full-screen. Enter keeps a default; q quits.

use crate::catalog::{Catalog, validate};
use crate::engine::{Engine, Outcome, RunOptions};
use crate::events;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;

enum Answer {
    Line(String),
    Eof,
}

fn ask(input: &mut impl BufRead, prompt: &str, tty: bool) -> Answer {
    print!("{prompt}");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    let read = input.read_line(&mut line);
    // Typed answers end the prompt's line with the person's Enter; piped ones do not.
    if !tty {
        println!();
    }
    match read {
        Ok(0) | Err(_) => Answer::Eof,
        Ok(_) => Answer::Line(line.trim().to_string()),
    }
}

/// The width to wrap at: the terminal's, else $COLUMNS, else 80.
fn width() -> usize {
    let cols = ratatui::crossterm::terminal::size()
        .ok()
        .map(|(w, _)| w as usize)
        .filter(|w| *w > 0)
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .unwrap_or(80);
    cols.clamp(40, 200) - 2
}

/// Piped input that ran out, or answered wrong twice running: a script cannot fix it by being
/// asked again, so the walk stops (exit 2) and says which input and what it needs.
fn refuse(what: &str) -> i32 {
    println!("\n{what}\nNothing more was asked; the journal keeps what was done. Fix the input and run again.");
    2
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for w in text.split_whitespace() {
        if col > 0 && col + 1 + w.len() > width {
            out.push_str("\n  ");
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += w.len();
    }
    out
}

/// Walks every unfinished step in order; returns the exit code.
pub async fn run(catalog: Arc<Catalog>, engine: Engine, mut input: impl BufRead) -> i32 {
    let tty = std::io::stdin().is_terminal();
    let journal = engine.journal.clone();
    let width = width();
    let total = catalog.steps().len();
    let done = catalog
        .steps()
        .iter()
        .filter(|s| journal.snapshot().state(&s.id).is_done())
        .count();
    println!(
        "tipwiz in plain mode, on {}. {done} of {total} steps are done.",
        if engine.cloud.name() == "sim" {
            "the simulated cloud"
        } else {
            "AWS"
        }
    );
    if done > 0 && done < total {
        println!("Resuming at the first unfinished step.");
    }
    for (n, step) in catalog.steps().iter().enumerate() {
        if journal.snapshot().state(&step.id).is_done() {
            continue;
        }
        let answers = journal.answers();
        let t = answers.target(step.account, step.region);
        println!("\n[{}/{total}] {} - {}", n + 1, step.id, step.title);
        println!(
            "  {} ({}), {} {}, {}",
            step.persona.name(),
            step.persona.role(),
            step.account.label(),
            t.account_id,
            t.region
        );
        println!("  {}", wrap(&step.why, width));
        for p in &step.pitfalls {
            println!("  Watch out: {p}");
        }
        for f in &step.fields {
            let mut wrong = 0;
            loop {
                let current = journal.answers().get(&f.key);
                let line = match ask(&mut input, &format!("  {} [{current}]: ", f.label), tty) {
                    Answer::Eof if !tty => {
                        return refuse(&format!("The input ended while {} ({}) was asked.", f.label, f.key));
                    }
                    Answer::Eof => return stop(),
                    Answer::Line(l) if l == "q" => return stop(),
                    Answer::Line(l) if l.is_empty() => break,
                    Answer::Line(l) => l,
                };
                match validate::check_text(&f.validator, &line) {
                    Ok(v) => {
                        let mut a = journal.answers();
                        match a.set(&catalog, &f.key, v) {
                            Ok(()) => {
                                let _ = journal.update(|d| d.answers = a);
                                break;
                            }
                            Err(rule) => {
                                println!("  {}: {rule}", f.key);
                                wrong += 1;
                            }
                        }
                    }
                    Err(rule) => {
                        println!("  {}: {rule}; try again (Enter keeps {current})", f.key);
                        wrong += 1;
                    }
                }
                if wrong >= 2 && !tty {
                    return refuse(&format!(
                        "{} ({}) was answered wrong twice; set it in the answers file (--answers) or answer it when asked.",
                        f.label, f.key
                    ));
                }
            }
        }
        for (i, c) in step.checklist.iter().enumerate() {
            println!("  {}. {}", i + 1, journal.answers().fill(c));
        }
        if let Some(sql) = crate::actions::sql_for(&step.id, &journal.answers()) {
            println!("  Ethan runs:");
            for l in sql.lines() {
                println!("    {l}");
            }
        }
        let question = if step.needs_confirmation() {
            "  Done? [y/N/q] "
        } else {
            "  Apply this step? [Y/n/q] "
        };
        let go = match ask(&mut input, question, tty) {
            Answer::Eof if !tty => {
                return refuse(&format!("The input ended while {} was waiting for an answer.", step.id));
            }
            Answer::Eof => return stop(),
            Answer::Line(l) if l == "q" => return stop(),
            Answer::Line(l) if step.needs_confirmation() => l == "y" || l == "yes",
            Answer::Line(l) => l.is_empty() || l == "y" || l == "yes",
        };
        if !go {
            println!("  Skipped for now; run again to come back to it.");
            continue;
        }
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let printer = tokio::spawn(async move {
            while let Some(e) = rx.recv().await {
                if let Some(l) = events::line(&e) {
                    println!("  {l}");
                }
            }
        });
        let e = Engine::new(
            engine.catalog.clone(),
            engine.cloud.clone(),
            engine.journal.clone(),
            Some(tx),
        );
        let opts = RunOptions {
            only: Some(vec![step.id.clone()]),
            confirmed: vec![step.id.clone()],
            ..RunOptions::default()
        };
        let outcome = e.apply(&opts).await;
        drop(e);
        let _ = printer.await;
        match outcome {
            Outcome::Done => {}
            Outcome::Failed { step, error } => {
                println!("  {step} failed and was rolled back: {error}\n  Fix the cause and run again to resume.");
                return 1;
            }
            Outcome::Stopped { waiting } => {
                for (_, why) in waiting {
                    println!("  {why}");
                }
            }
            other => return other.exit_code(),
        }
    }
    let left = catalog
        .steps()
        .iter()
        .filter(|s| !journal.snapshot().state(&s.id).is_done())
        .count();
    if left == 0 {
        println!("\nAll {total} steps are done.");
        0
    } else {
        println!("\n{left} step(s) are not done yet; run again to continue.");
        3
    }
}

fn stop() -> i32 {
    println!("\nStopped. The journal keeps what was done; run again to resume.");
    3
}
