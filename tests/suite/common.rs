//! Shared set-up: a state directory, the simulated cloud in it, a journal and an engine.

use std::path::Path;
use std::sync::Arc;
use tipwiz::answers::Answers;
use tipwiz::catalog::Catalog;
use tipwiz::cloud::Cloud;
use tipwiz::cloud::fault::{Fault, FaultyCloud};
use tipwiz::cloud::sim::{SimCloud, Timing};
use tipwiz::engine::{Engine, Outcome, RunOptions};
use tipwiz::journal::Journal;

pub fn catalog() -> Arc<Catalog> {
    Arc::new(tipwiz::actions::catalog().expect("the shipped catalog loads"))
}

pub fn defaults() -> Answers {
    Answers::defaults(&catalog())
}

/// Opens the cloud and journal saved in `dir` (as a new process would), with an optional fault.
pub fn open(dir: &Path, fault: Option<Fault>) -> (Arc<SimCloud>, Engine) {
    open_as(dir, &defaults(), fault)
}

/// As [`open`], for an organisation with other answers.
pub fn open_as(dir: &Path, answers: &Answers, fault: Option<Fault>) -> (Arc<SimCloud>, Engine) {
    let answers = answers.clone();
    let sim = Arc::new(sim_at(dir, &answers));
    let cloud: Arc<dyn Cloud> = match fault {
        Some(f) => Arc::new(FaultyCloud::new(sim.clone(), f)),
        None => sim.clone(),
    };
    let journal = Journal::open(dir, "sim", &answers).expect("journal opens");
    (sim, Engine::new(catalog(), cloud, journal, None))
}

/// As [`open`], with every write of the journal and the simulated cloud counted by `commits`
/// (which may crash before one of them).
pub fn open_counted(dir: &Path, commits: Arc<tipwiz::fs::CommitPoints>) -> (Arc<SimCloud>, Engine) {
    let answers = defaults();
    let journal = Journal::open(dir, "sim", &answers)
        .expect("journal opens")
        .with_commits(commits.clone());
    let sim = Arc::new(sim_at(dir, &answers).with_commits(commits));
    (sim.clone(), Engine::new(catalog(), sim, journal, None))
}

/// The simulated cloud saved in `dir`, seeded for `answers` when new.
pub fn sim_at(dir: &Path, answers: &tipwiz::answers::Answers) -> SimCloud {
    SimCloud::open(
        &dir.join(tipwiz::cloud::sim::FILE_NAME),
        &tipwiz::commands::sim_seed(answers),
        Timing::instant(),
        tipwiz::cloud::sim::WhenMissing::Seed,
    )
    .expect("sim opens")
}

/// Every step, manual ones confirmed, one at a time so call numbers are repeatable.
pub fn all_steps() -> RunOptions {
    RunOptions {
        confirmed: vec!["all".into()],
        jobs: 1,
        ..RunOptions::default()
    }
}

/// Alice's steps up to Identity Center's switch to her key.
pub const ALICE_TO_ENCRYPTION: [&str; 4] = [
    "alice.preflight",
    "alice.kms-key",
    "alice.kms-replica",
    "alice.idc-encryption",
];

/// A call's destination, without a profile.
pub fn target(account: &str, region: &str) -> tipwiz::cloud::Target {
    tipwiz::cloud::Target {
        account_id: account.into(),
        region: region.into(),
        profile: None,
    }
}

pub fn run(fut: impl std::future::Future<Output = Outcome>) -> Outcome {
    rt().block_on(fut)
}

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

pub fn tipwiz() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_tipwiz"))
}

/// Every AWS call each step makes, as "cli-service:Operation", on every path the tests can
/// drive: a fresh apply, its live checks, doctor, a rollback and a second apply (adoption),
/// teardown; the same with Redshift's service-linked role deleted by someone, and with an Access
/// Grants instance found unassociated.
pub fn calls_on_every_path() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    use tipwiz::events::Event;
    let mut made: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
    let scenarios: [&dyn Fn(&SimCloud); 3] = [
        &|_| {},
        // Redshift's service-linked role deleted by someone: the step makes it again.
        &|sim| {
            sim.with_state(|st| {
                st.roles
                    .get_mut("444455556666")
                    .map(|r| r.remove("AWSServiceRoleForRedshift"))
            });
        },
        &|sim| {
            sim.with_state(|st| {
                st.access_grants
                    .entry("444455556666/us-west-2".into())
                    .or_default()
                    .instance = Some(tipwiz::cloud::AgInstance {
                    arn: "arn:aws:s3:us-west-2:444455556666:access-grants/default".into(),
                    identity_center_arn: None,
                });
            })
        },
    ];
    for setup in scenarios {
        let dir = tempfile::tempdir().unwrap();
        let (sim, engine) = open(dir.path(), None);
        setup(&sim);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let engine = Engine::new(
            engine.catalog.clone(),
            engine.cloud.clone(),
            engine.journal.clone(),
            Some(tx),
        );
        rt().block_on(async {
            assert_eq!(engine.apply(&all_steps()).await, Outcome::Done);
            assert!(engine.drift().await.is_empty());
            let problems = engine.doctor(None).await;
            assert!(
                problems
                    .iter()
                    .all(|f| f.health != tipwiz::engine::doctor::Health::Problem)
            );
            engine.rollback("bob.preflight").await.unwrap();
            assert_eq!(engine.apply(&all_steps()).await, Outcome::Done);
            engine.teardown().await.unwrap();
        });
        drop(engine);
        while let Ok(e) = rx.try_recv() {
            if let Event::CallStarted {
                step,
                service,
                operation,
                ..
            } = e
            {
                for call in tipwiz::cloud::api_calls(service, operation) {
                    made.entry(step.clone())
                        .or_default()
                        .insert(format!("{service}:{call}"));
                }
            }
        }
    }
    made
}
