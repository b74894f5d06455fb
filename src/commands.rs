//! The command line: parsing (clap) and each command, returning the process exit code.

use crate::answers::{self, Answers, AnswersError};
use crate::catalog::{Catalog, Persona};
use crate::cloud::Cloud;
use crate::cloud::fault::{Fault, FaultyCloud};
use crate::cloud::sim::{Seed, SimCloud, Timing};
use crate::engine::{Engine, Outcome, RunOptions, events};
use crate::journal::{self, Journal};
use crate::report;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const EXIT_BAD_INPUT: i32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Backend {
    /// Real AWS through the AWS SDK (or an emulator with --endpoint-url).
    Aws,
    /// The simulated cloud: no AWS account needed.
    Sim,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A runbook: per persona, each step's why, inputs, operations and checklist.
    Markdown,
    /// The equivalent AWS CLI script.
    Shell,
}

#[derive(Debug, Parser)]
#[command(
    name = "tipwiz",
    version,
    about = "Sets up multi-Region, identity-based access to Amazon Redshift and S3 Tables, step by step.",
    long_about = "Sets up multi-Region, identity-based access to Amazon Redshift and S3 Tables: IAM Identity Center \
replicated to a second Region, S3 Tables governed by Lake Formation, S3 Access Grants and Redshift, all decided by \
who the analyst is. Without a command it opens the wizard on real AWS; `tipwiz demo` opens it on a simulated cloud.",
    after_help = "Exit codes: 0 done, 1 a step failed (rolled back), 2 bad input, 3 stopped part-way, 130 interrupted.\n\
Environment: TIPWIZ_FAULT=KIND@N injects a fault (fail, throttle or crash at call N); TIPWIZ_SIM_LATENCY_MS adds a \
delay to each simulated call; NO_COLOR turns colour off."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Where the calls go: real AWS or the simulated cloud.
    #[arg(long, global = true, value_enum)]
    pub backend: Option<Backend>,
    /// Send AWS calls to this endpoint (an emulator such as moto_server).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// The directory holding the journal (and the simulated cloud). Default: the platform's state directory.
    #[arg(long, global = true, value_name = "DIR")]
    pub state: Option<PathBuf>,
    /// Colour theme: dark, light, high-contrast, colour-blind, or a path to a theme file.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Line prompts and line progress instead of the full-screen wizard.
    #[arg(long, global = true)]
    pub plain: bool,
    /// Inject a fault for testing: fail@N, throttle@N or crash@N (N counts calls from 1).
    #[arg(long, global = true, value_name = "KIND@N", env = "TIPWIZ_FAULT")]
    pub fault: Option<Fault>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the wizard on the simulated cloud, prefilled with the example organisation.
    Demo,
    /// Show every step's calls, with create / no-op, without changing anything.
    Plan {
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// Also print every policy document the calls would send.
        #[arg(long)]
        policies: bool,
    },
    /// Run the steps that are not done yet (resuming a stopped setup).
    Apply {
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// Only these steps (comma-separated ids).
        #[arg(long, value_delimiter = ',', value_name = "ID,..")]
        only: Option<Vec<String>>,
        /// Only this persona's steps: alice, bob or ethan.
        #[arg(long, value_name = "NAME")]
        persona: Option<String>,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// Keep what a failed step created, for debugging.
        #[arg(long)]
        no_rollback: bool,
        /// Manual steps you have done (comma-separated ids, or all).
        #[arg(long, value_delimiter = ',', value_name = "ID,..|all")]
        confirm_manual: Vec<String>,
        /// How many independent steps may run at once.
        #[arg(long, default_value_t = 4)]
        jobs: usize,
    },
    /// Show each step's state; --live re-checks done steps against the cloud.
    Status {
        #[arg(long)]
        json: bool,
        /// Re-check each done step and report drift.
        #[arg(long)]
        live: bool,
    },
    /// Undo a step (and the steps that depend on it), or all steps.
    Rollback {
        #[arg(long, value_name = "ID", conflicts_with = "all", required_unless_present = "all")]
        step: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        yes: bool,
    },
    /// Remove everything the wizard created, in a safe order.
    Teardown {
        #[arg(long)]
        yes: bool,
    },
    /// Write the runbook (markdown) or the equivalent AWS CLI script (shell).
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
    },
    /// Print a commented answers file with every field and its default.
    Answers,
}

/// A failure to report and the exit code it gives.
#[derive(Debug)]
pub struct Fail {
    pub code: i32,
    pub message: String,
}

impl Fail {
    pub fn input(message: impl Into<String>) -> Fail {
        Fail {
            code: EXIT_BAD_INPUT,
            message: message.into(),
        }
    }
}

impl From<AnswersError> for Fail {
    fn from(e: AnswersError) -> Self {
        Fail::input(e.to_string())
    }
}

impl From<journal::JournalError> for Fail {
    fn from(e: journal::JournalError) -> Self {
        Fail::input(e.to_string())
    }
}

/// Runs the parsed command line; returns the exit code.
pub async fn run(cli: Cli) -> i32 {
    match dispatch(cli).await {
        Ok(code) => code,
        Err(f) => {
            eprintln!("tipwiz: {}", f.message);
            f.code
        }
    }
}

fn catalog() -> Result<Arc<Catalog>, Fail> {
    Catalog::builtin().map(Arc::new).map_err(|e| Fail::input(e.to_string()))
}

/// The state directory: --state, or the platform's state directory, one per backend.
pub fn state_dir(cli: &Cli, backend: Backend) -> PathBuf {
    if let Some(s) = &cli.state {
        return s.clone();
    }
    let base = dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .unwrap_or_else(std::env::temp_dir);
    base.join("tipwiz").join(match backend {
        Backend::Aws => "aws",
        Backend::Sim => "sim",
    })
}

/// Answers: the file if given, else those saved in the journal, else the defaults.
fn load_answers(catalog: &Catalog, file: Option<&Path>, dir: &Path) -> Result<Answers, Fail> {
    if let Some(f) = file {
        return Ok(Answers::load(catalog, f)?);
    }
    Ok(journal::read(dir)?
        .map(|d| d.answers)
        .unwrap_or_else(|| Answers::defaults(catalog)))
}

fn open_cloud(
    cli: &Cli,
    backend: Backend,
    dir: &Path,
    answers: &Answers,
    timing: Timing,
) -> Result<Arc<dyn Cloud>, Fail> {
    let cloud: Arc<dyn Cloud> = match backend {
        Backend::Sim => Arc::new(
            SimCloud::open(dir, &Seed::from_answers(answers), timing.with_env())
                .map_err(|e| Fail::input(e.to_string()))?,
        ),
        Backend::Aws => aws_cloud(cli)?,
    };
    Ok(match cli.fault {
        Some(mut f) => {
            f.exit_process = true;
            Arc::new(FaultyCloud::new(cloud, f))
        }
        None => cloud,
    })
}

#[cfg(feature = "aws")]
fn aws_cloud(cli: &Cli) -> Result<Arc<dyn Cloud>, Fail> {
    Ok(Arc::new(crate::cloud::aws::AwsCloud::new(cli.endpoint_url.clone())))
}

#[cfg(not(feature = "aws"))]
fn aws_cloud(_: &Cli) -> Result<Arc<dyn Cloud>, Fail> {
    Err(Fail::input(
        "this tipwiz was built without AWS support (--no-default-features): build it with `cargo build` for real AWS, \
         or use --backend sim",
    ))
}

/// Line prompts instead of the full screen: asked for, no terminal, or one that cannot draw.
fn plain_wanted(cli: &Cli) -> bool {
    cli.plain || !interactive() || std::env::var("TERM").is_ok_and(|t| t == "dumb")
}

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Asks a yes/no question on the terminal; without one, fails naming the flag that answers it.
fn confirm(question: &str, flag: &str) -> Result<bool, Fail> {
    if !interactive() {
        return Err(Fail::input(format!(
            "{question}: no terminal to ask on; pass {flag} to go ahead"
        )));
    }
    eprint!("{question} [y/N] ");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Fail::input(e.to_string()))?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes"))
}

/// Prints engine events as lines while `f` runs.
async fn with_line_printer<T>(f: impl AsyncFnOnce(events::Sink) -> T) -> T {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let printer = tokio::spawn(async move {
        while let Some(e) = rx.recv().await {
            if let Some(l) = events::line(&e) {
                println!("{l}");
            }
        }
    });
    let r = f(tx).await;
    let _ = printer.await;
    r
}

async fn dispatch(cli: Cli) -> Result<i32, Fail> {
    let catalog = catalog()?;
    let backend = cli.backend.unwrap_or(match cli.command {
        Some(Command::Demo) => Backend::Sim,
        _ => Backend::Aws,
    });
    let dir = state_dir(&cli, backend);
    match &cli.command {
        Some(Command::Answers) => {
            print!("{}", answers::template(&catalog));
            Ok(0)
        }
        Some(Command::Plan { answers, policies }) => {
            let a = load_answers(&catalog, answers.as_deref(), &dir)?;
            let (sim, existing) = match backend {
                Backend::Sim => {
                    let existing = journal::read(&dir)?;
                    let sim = if dir.join(crate::cloud::sim::FILE_NAME).exists() {
                        SimCloud::open(&dir, &Seed::from_answers(&a), Timing::instant())
                            .map_err(|e| Fail::input(e.to_string()))?
                            .scratch_copy()
                    } else {
                        crate::engine::plan::fresh_sim(&a)
                    };
                    (sim, existing)
                }
                Backend::Aws => {
                    let existing = journal::read(&dir)?;
                    let cloud = open_cloud(&cli, backend, &dir, &a, Timing::instant())?;
                    let plans = crate::engine::plan::read_only(catalog.clone(), cloud, &a, existing.as_ref())
                        .await
                        .map_err(Fail::input)?;
                    print!("{}", report::plan(&catalog, &a, &plans, *policies));
                    return Ok(0);
                }
            };
            let plans = crate::engine::plan::dry_run(catalog.clone(), Arc::new(sim), &a, existing.as_ref())
                .await
                .map_err(Fail::input)?;
            print!("{}", report::plan(&catalog, &a, &plans, *policies));
            Ok(0)
        }
        Some(Command::Export { format, answers }) => {
            let a = load_answers(&catalog, answers.as_deref(), &dir)?;
            match format {
                ExportFormat::Markdown => print!("{}", report::runbook(&catalog, &a)),
                ExportFormat::Shell => {
                    let plans = crate::engine::plan::dry_run(
                        catalog.clone(),
                        Arc::new(crate::engine::plan::fresh_sim(&a)),
                        &a,
                        None,
                    )
                    .await
                    .map_err(Fail::input)?;
                    print!("{}", report::shell(&catalog, &a, &plans));
                }
            }
            Ok(0)
        }
        Some(Command::Apply {
            answers,
            only,
            persona,
            yes,
            no_rollback,
            confirm_manual,
            jobs,
        }) => {
            let a = load_answers(&catalog, answers.as_deref(), &dir)?;
            if let Some(ids) = only {
                for id in ids {
                    if catalog.get(id).is_none() {
                        return Err(Fail::input(format!(
                            "--only: there is no step '{id}' (tipwiz plan lists them)"
                        )));
                    }
                }
            }
            for id in confirm_manual {
                if id != "all" && catalog.get(id).is_none() {
                    return Err(Fail::input(format!("--confirm-manual: there is no step '{id}'")));
                }
            }
            let persona = match persona {
                Some(p) => Some(
                    Persona::parse(p)
                        .ok_or_else(|| Fail::input(format!("--persona: '{p}' is not alice, bob or ethan")))?,
                ),
                None => None,
            };
            if !yes && !confirm("Apply the steps that are not done yet?", "--yes")? {
                return Ok(0);
            }
            let cloud = open_cloud(&cli, backend, &dir, &a, Timing::instant())?;
            let journal = Journal::open(&dir, cloud.name(), &a)?;
            journal.update(|d| d.answers = a.clone())?;
            let opts = RunOptions {
                only: only.clone(),
                persona,
                rollback_on_failure: !no_rollback,
                jobs: *jobs,
                confirmed: confirm_manual.clone(),
            };
            let outcome = with_line_printer(async |tx| {
                let engine = Engine::new(catalog.clone(), cloud, journal, Some(tx));
                let stop = engine.stop_handle();
                tokio::spawn(async move {
                    if tokio::signal::ctrl_c().await.is_ok() {
                        eprintln!("tipwiz: stopping after the calls in flight (Ctrl-C again to quit now)");
                        stop.store(true, std::sync::atomic::Ordering::SeqCst);
                        if tokio::signal::ctrl_c().await.is_ok() {
                            std::process::exit(130);
                        }
                    }
                });
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
                    if *no_rollback {
                        format!("; what it created is kept: `tipwiz rollback --step {step}` removes it")
                    } else {
                        String::new()
                    }
                );
            }
            Ok(outcome.exit_code())
        }
        Some(Command::Status { json, live }) => {
            let data = journal::read(&dir)?;
            let drift = if *live && data.is_some() {
                let a = data
                    .as_ref()
                    .map(|d| d.answers.clone())
                    .unwrap_or_else(|| Answers::defaults(&catalog));
                let cloud = open_cloud(&cli, backend, &dir, &a, Timing::instant())?;
                let journal = Journal::open(&dir, cloud.name(), &a)?;
                Engine::new(catalog.clone(), cloud, journal, None).drift().await
            } else {
                vec![]
            };
            if *json {
                let steps: Vec<serde_json::Value> = catalog
                    .steps()
                    .iter()
                    .map(|s| {
                        let rec = data.as_ref().and_then(|d| d.steps.get(&s.id));
                        serde_json::json!({
                            "id": s.id,
                            "persona": s.persona.key(),
                            "state": data.as_ref().map(|d| d.state(&s.id)).unwrap_or(journal::StepState::Pending),
                            "error": rec.and_then(|r| r.error.clone()),
                            "outputs": rec.map(|r| r.outputs.clone()).unwrap_or_default(),
                            "drift": drift.iter().find(|(id, _)| id == &s.id).map(|(_, w)| w.clone()),
                        })
                    })
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "steps": steps })).expect("json")
                );
            } else {
                if data.is_none() {
                    println!("No setup has started in {} yet.\n", dir.display());
                }
                print!("{}", report::status(&catalog, data.as_ref(), &drift));
            }
            Ok(if drift.is_empty() { 0 } else { 3 })
        }
        Some(Command::Rollback { step, all, yes }) => {
            if let Some(id) = step
                && catalog.get(id).is_none()
            {
                return Err(Fail::input(format!("--step: there is no step '{id}'")));
            }
            let what = if *all {
                "every step".to_string()
            } else {
                format!("{} and the steps that depend on it", step.clone().unwrap_or_default())
            };
            if !yes && !confirm(&format!("Roll back {what}?"), "--yes")? {
                return Ok(0);
            }
            undo(&cli, backend, &dir, &catalog, if *all { None } else { step.clone() }).await
        }
        Some(Command::Teardown { yes }) => {
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
            undo(&cli, backend, &dir, &catalog, None).await
        }
        Some(Command::Demo) => {
            let theme = crate::tui::theme::Theme::load(cli.theme.as_deref()).map_err(Fail::input)?;
            let answers = load_answers(&catalog, None, &dir)?;
            let plain = plain_wanted(&cli);
            // Tests and plain runs want speed; a room watching the screen wants to see the waits.
            let timing = if plain { Timing::instant() } else { Timing::live() };
            let sim = Arc::new(
                SimCloud::open(&dir, &Seed::from_answers(&answers), timing.with_env())
                    .map_err(|e| Fail::input(e.to_string()))?,
            );
            let cloud: Arc<dyn Cloud> = match cli.fault {
                Some(mut f) => {
                    f.exit_process = true;
                    Arc::new(FaultyCloud::new(sim.clone(), f))
                }
                None => sim.clone(),
            };
            let journal = Journal::open(&dir, "sim", &answers)?;
            let engine = Engine::new(catalog.clone(), cloud, journal, None);
            if plain {
                return Ok(crate::tui::plain::run(catalog, engine, std::io::stdin().lock()).await);
            }
            let session = crate::tui::Session {
                engine,
                sim: Some(sim),
                theme,
            };
            Ok(crate::tui::run(catalog, session).await)
        }
        None => {
            let theme = crate::tui::theme::Theme::load(cli.theme.as_deref()).map_err(Fail::input)?;
            let answers = load_answers(&catalog, None, &dir)?;
            let cloud = open_cloud(&cli, backend, &dir, &answers, Timing::instant())?;
            let journal = Journal::open(&dir, cloud.name(), &answers)?;
            let engine = Engine::new(catalog.clone(), cloud, journal, None);
            if plain_wanted(&cli) {
                return Ok(crate::tui::plain::run(catalog, engine, std::io::stdin().lock()).await);
            }
            Ok(crate::tui::run(
                catalog,
                crate::tui::Session {
                    engine,
                    sim: None,
                    theme,
                },
            )
            .await)
        }
    }
}

async fn undo(
    cli: &Cli,
    backend: Backend,
    dir: &Path,
    catalog: &Arc<Catalog>,
    step: Option<String>,
) -> Result<i32, Fail> {
    let Some(data) = journal::read(dir)? else {
        println!("Nothing to undo: no journal in {}.", dir.display());
        return Ok(0);
    };
    let cloud = open_cloud(cli, backend, dir, &data.answers, Timing::instant())?;
    let journal = Journal::open(dir, cloud.name(), &data.answers)?;
    let result = with_line_printer(async |tx| {
        let engine = Engine::new(catalog.clone(), cloud, journal, Some(tx));
        match step {
            Some(id) => engine.rollback(&id).await,
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
        Err(crate::engine::cx::StepError::Crashed) => Ok(137),
        Err(e) => {
            eprintln!("tipwiz: {e}\nRun the same command again to continue undoing.");
            Ok(1)
        }
    }
}
