//! The command line: parsing (clap), the wiring of catalog, cloud and journal, and one
//! function per command, each returning the process exit code.

mod inspect;
mod run;
mod wizard;

use crate::answers::{Answers, AnswersError};
use crate::catalog::Catalog;
use crate::cloud::Cloud;
use crate::cloud::fault::{Fault, FaultKind, FaultyCloud};
use crate::cloud::sim::{Seed, SimCloud, Timing, WhenMissing};
use crate::events;
use crate::fs::CommitPoints;
use crate::journal::{self, Journal};
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyFormat {
    /// Each statement with the calls it serves and why.
    Text,
    /// The IAM policy document(s).
    Json,
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
    /// Colour theme: auto (for the terminal's background), dark, light, terminal, high-contrast,
    /// high-contrast-light, colour-blind, or a path to a theme file.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Line prompts and line progress instead of the full-screen wizard.
    #[arg(long, global = true)]
    pub plain: bool,
    /// Inject a fault for testing: fail@N, throttle@N or crash@N (N counts calls from 1), or
    /// commit@N (a crash before the Nth write of the journal or the simulated cloud).
    #[arg(long, global = true, value_name = "KIND@N", env = "TIPWIZ_FAULT")]
    pub fault: Option<Fault>,
    /// Steps another person finished, from their `tipwiz handoff` file: recorded here as done
    /// elsewhere, with what they made.
    #[arg(long, global = true, value_name = "FILE")]
    pub handoff: Option<PathBuf>,
    /// The simulated cloud's file, to share one cloud between several state directories (two
    /// people, a workshop room). Default: sim-cloud.json in the state directory.
    #[arg(long, global = true, value_name = "FILE")]
    pub sim_cloud: Option<PathBuf>,
}

/// How fast the demo's simulated cloud answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Pace {
    Room,
    Instant,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the wizard on the simulated cloud, prefilled with the example organisation.
    Demo {
        /// How fast the simulated cloud answers: "room" shows each wait for a few seconds (for
        /// an audience), "instant" answers at once (a rehearsal, a short slot).
        #[arg(long, value_enum, default_value = "room")]
        pace: Pace,
    },
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
        /// Done steps to run again (comma-separated ids): for a step whose inputs changed since
        /// (status marks it ≠). It adopts what is in place and changes what differs.
        #[arg(long, value_delimiter = ',', value_name = "ID,..")]
        again: Vec<String>,
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
    /// Print a commented answers file with every field: on the simulated cloud the example
    /// organisation's values, on AWS what your account answers (and what is left to choose).
    Answers,
    /// Read the live account, with no journal: what is in place, what is missing or wrong, and
    /// the fix. Exit 0 when nothing is wrong, 1 when something is.
    Doctor {
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// Only this persona's steps: alice, bob or ethan.
        #[arg(long, value_name = "NAME")]
        persona: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Print the least-privilege IAM policy each persona needs (apply, checks, doctor, rollback
    /// and teardown included), built from the calls the steps make.
    Permissions {
        /// alice (the management account) or bob (the analytics account; Ethan's checks too).
        #[arg(long, value_name = "NAME")]
        persona: Option<String>,
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = PolicyFormat::Text)]
        format: PolicyFormat,
    },
    /// Print what the steps done here made, for the next person (they pass it as --handoff).
    Handoff {
        /// The persona it is for: their own steps are left out.
        #[arg(long, value_name = "NAME")]
        to: Option<String>,
    },
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

async fn dispatch(cli: Cli) -> Result<i32, Fail> {
    let cx = Ctx::new(cli)?;
    match &cx.cli.command {
        Some(Command::Answers) => inspect::answers(&cx).await,
        Some(Command::Handoff { to }) => inspect::handoff(&cx, to.as_deref()),
        Some(Command::Permissions {
            persona,
            answers,
            format,
        }) => inspect::permissions(&cx, persona.as_deref(), answers.as_deref(), *format),
        Some(Command::Doctor { answers, persona, json }) => {
            inspect::doctor(&cx, answers.as_deref(), persona.as_deref(), *json).await
        }
        Some(Command::Plan { answers, policies }) => inspect::plan(&cx, answers.as_deref(), *policies).await,
        Some(Command::Export { format, answers }) => inspect::export(&cx, *format, answers.as_deref()).await,
        Some(Command::Status { json, live }) => inspect::status(&cx, *json, *live).await,
        Some(Command::Apply {
            answers,
            only,
            persona,
            yes,
            no_rollback,
            confirm_manual,
            again,
            jobs,
        }) => {
            let args = run::ApplyArgs {
                answers: answers.as_deref(),
                only: only.as_deref(),
                persona: persona.as_deref(),
                yes: *yes,
                no_rollback: *no_rollback,
                confirm_manual,
                again,
                jobs: *jobs,
            };
            run::apply(&cx, &args).await
        }
        Some(Command::Rollback { step, all, yes }) => run::rollback(&cx, step.as_deref(), *all, *yes).await,
        Some(Command::Teardown { yes }) => run::teardown(&cx, *yes).await,
        Some(Command::Demo { pace }) => wizard::demo(&cx, *pace).await,
        None => wizard::real(&cx).await,
    }
}

/// What the account offered for an input it could not settle.
type Found = Result<Vec<crate::engine::discover::Choice>, crate::cloud::CloudError>;

/// What every command works with: the parsed line, the catalog, the backend and its state
/// directory.
pub(crate) struct Ctx {
    pub cli: Cli,
    pub catalog: Arc<Catalog>,
    pub backend: Backend,
    pub dir: PathBuf,
    /// Every write to disk of this process, shared by the journal and the simulated cloud so
    /// that `--fault commit@N` can stop the process before any one of them.
    pub commits: Arc<CommitPoints>,
}

impl Ctx {
    fn new(cli: Cli) -> Result<Ctx, Fail> {
        let catalog = crate::actions::catalog()
            .map(Arc::new)
            .map_err(|e| Fail::input(e.to_string()))?;
        let backend = cli.backend.unwrap_or(match cli.command {
            Some(Command::Demo { .. }) => Backend::Sim,
            _ => Backend::Aws,
        });
        let dir = state_dir(&cli, backend);
        let commits = match cli.fault {
            Some(f) if f.kind == FaultKind::Commit => CommitPoints::crash_before(f.at, true),
            _ => CommitPoints::counting(),
        };
        if cli.sim_cloud.is_some() && backend != Backend::Sim {
            return Err(Fail::input(
                "--sim-cloud names a simulated cloud: use it with --backend sim or tipwiz demo",
            ));
        }
        Ok(Ctx {
            cli,
            catalog,
            backend,
            dir,
            commits,
        })
    }

    /// Answers: the file if given, else those saved in the journal, else the defaults.
    /// On a real account the organisation's facts start empty (see [`Answers::for_account`]);
    /// the simulated cloud is the example organisation.
    fn answers(&self, file: Option<&Path>) -> Result<Answers, Fail> {
        let base = match self.backend {
            Backend::Aws => Answers::for_account(&self.catalog),
            Backend::Sim => Answers::defaults(&self.catalog),
        };
        if let Some(f) = file {
            return Ok(Answers::load_over(base, &self.catalog, f)?);
        }
        match self.journal()? {
            Some(d) => Ok(d.answers),
            None => Ok(base),
        }
    }

    /// On AWS, fills the inputs still empty that the account can settle (one value each); returns
    /// the ones it could not, with what it found. Nothing to do elsewhere, or when all is set.
    pub(crate) async fn fill_from_account(&self, a: &mut Answers) -> Result<Vec<(String, Found)>, Fail> {
        if self.backend != Backend::Aws || a.unanswered(&self.catalog).is_empty() {
            return Ok(vec![]);
        }
        let cloud = aws_cloud(&self.cli)?;
        Ok(crate::engine::discover::fill(cloud.as_ref(), a, &self.catalog).await)
    }

    /// The answers, with what the account can answer read from it where it gives one value.
    /// What stays open is an input error that lists the choices there are.
    async fn answers_from_account(&self, file: Option<&Path>) -> Result<Answers, Fail> {
        let mut a = self.answers(file)?;
        let open = self.fill_from_account(&mut a).await?;
        if open.is_empty() {
            return Ok(a);
        }
        let mut lines = vec![];
        for (key, found) in open {
            let field = self.catalog.field(&key).expect("a catalog field");
            let at = format!("{}.{key}", field.persona.key());
            lines.push(format!("  {at}: {}", crate::engine::discover::describe(&found, true)));
        }
        Err(Fail::input(format!(
            "these answers come from your account and are not settled yet:\n{}\nPut them in an answers file \
             (tipwiz answers > answers.toml, then --answers answers.toml), or run the wizard (tipwiz), which offers them.",
            lines.join("\n")
        )))
    }

    /// The journal in the state directory, its answers checked like an answers file's.
    fn journal(&self) -> Result<Option<journal::JournalData>, Fail> {
        let Some(mut data) = journal::read(&self.dir)? else {
            return Ok(None);
        };
        let path = self.dir.join(journal::FILE_NAME).display().to_string();
        data.answers = data.answers.revalidated(&self.catalog, &path)?;
        Ok(Some(data))
    }

    /// The journal, locked for this process, and then the cloud it records: the simulated
    /// cloud is opened only under the journal's lock, and a journal with progress refuses a
    /// simulated cloud that has gone missing rather than seed an empty one.
    fn open_for_change(&self, answers: &Answers, timing: Timing) -> Result<(Arc<dyn Cloud>, Journal), Fail> {
        let backend = match self.backend {
            Backend::Sim => "sim",
            Backend::Aws => "aws",
        };
        let journal = Journal::open(&self.dir, backend, answers)?.with_commits(self.commits.clone());
        if let Some(file) = &self.cli.handoff {
            let path = file.display().to_string();
            let text = std::fs::read_to_string(file)
                .map_err(|e| Fail::input(format!("cannot read the handoff file {path}: {e}")))?;
            let outputs = crate::handoff::read(&self.catalog, &text, &path).map_err(|e| Fail::input(e.to_string()))?;
            let imported = journal
                .update(|d| crate::handoff::import(d, &outputs, &path))?
                .map_err(|e| Fail::input(e.to_string()))?;
            if !imported.is_empty() {
                eprintln!("from {path}, done elsewhere: {}", imported.join(", "));
            }
        }
        let cloud: Arc<dyn Cloud> = match self.backend {
            Backend::Sim => {
                let missing = if journal.snapshot().has_progress() {
                    WhenMissing::Refuse
                } else {
                    WhenMissing::Seed
                };
                Arc::new(self.sim(answers, timing, missing)?)
            }
            Backend::Aws => aws_cloud(&self.cli)?,
        };
        Ok((self.with_fault(cloud), journal))
    }

    /// The cloud for commands that only look (plan, status): the simulated one as saved, never
    /// written back.
    fn cloud_to_read(&self, answers: &Answers) -> Result<Arc<dyn Cloud>, Fail> {
        Ok(match self.backend {
            Backend::Sim => Arc::new(
                SimCloud::read_only(&self.sim_path(), &sim_seed(answers), Timing::instant())
                    .map_err(|e| Fail::input(e.to_string()))?,
            ),
            Backend::Aws => self.with_fault(aws_cloud(&self.cli)?),
        })
    }

    fn sim(&self, answers: &Answers, timing: Timing, missing: WhenMissing) -> Result<SimCloud, Fail> {
        Ok(
            SimCloud::open(&self.sim_path(), &sim_seed(answers), timing.with_env(), missing)
                .map_err(|e| Fail::input(e.to_string()))?
                .with_commits(self.commits.clone()),
        )
    }

    /// Where the simulated cloud is saved: --sim-cloud, or beside the journal.
    fn sim_path(&self) -> PathBuf {
        self.cli
            .sim_cloud
            .clone()
            .unwrap_or_else(|| self.dir.join(crate::cloud::sim::FILE_NAME))
    }

    fn with_fault(&self, cloud: Arc<dyn Cloud>) -> Arc<dyn Cloud> {
        match self.cli.fault {
            Some(f) if f.kind == FaultKind::Commit => cloud,
            Some(mut f) => {
                f.exit_process = true;
                Arc::new(FaultyCloud::new(cloud, f))
            }
            None => cloud,
        }
    }
}

/// The simulated organisation the answers describe: their accounts, Regions and names.
pub fn sim_seed(a: &Answers) -> Seed {
    Seed {
        management_account: a.get("management_account_id"),
        analytics_account: a.get("analytics_account_id"),
        primary_region: a.get("primary_region"),
        secondary_region: a.get("secondary_region"),
        group_name: a.get("group_name"),
        analyst_user: a.get("analyst_user"),
        cluster_id: a.get("cluster_id"),
        admin_role_arn: a.get("admin_role_arn"),
        profiles: [
            (a.get("management_profile"), a.get("management_account_id")),
            (a.get("analytics_profile"), a.get("analytics_account_id")),
        ]
        .into_iter()
        .filter(|(p, _)| !p.is_empty())
        .collect(),
    }
}

/// A fresh simulated organisation in memory, for dry runs with no state.
pub fn fresh_sim(answers: &Answers) -> SimCloud {
    SimCloud::new(&sim_seed(answers), Timing::instant())
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

/// Ctrl-C, SIGTERM and SIGHUP (a closed terminal, a CI runner cancelling) all ask the engine to
/// stop after the calls in flight, so the journal records where it stopped; a second signal
/// ends the process at once (the journal is still consistent: every write is atomic).
fn stop_on_signals(stop: Arc<std::sync::atomic::AtomicBool>) {
    tokio::spawn(async move {
        let mut signals = Signals::new();
        let mut seen = 0;
        loop {
            let name = signals.next().await;
            seen += 1;
            if seen > 1 {
                eprintln!("tipwiz: {name} again: quitting now");
                std::process::exit(130);
            }
            eprintln!("tipwiz: {name}: stopping after the calls in flight (again to quit now)");
            stop.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    });
}

/// The signals that mean "stop", listened to from the start so none is missed.
struct Signals {
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    hup: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    fn new() -> Signals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Signals {
                term: signal(SignalKind::terminate()).ok(),
                hup: signal(SignalKind::hangup()).ok(),
            }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    async fn next(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            async fn recv(s: &mut Option<tokio::signal::unix::Signal>) {
                match s {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending().await,
                }
            }
            tokio::select! {
                _ = tokio::signal::ctrl_c() => "interrupted",
                _ = recv(&mut self.term) => "terminated",
                _ = recv(&mut self.hup) => "hung up",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "interrupted"
        }
    }
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
