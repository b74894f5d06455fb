//! A process killed at any instant: before each write to disk of a full run (the journal's and
//! the simulated cloud's), the run stops as a `kill -9` would stop it; a new process resumes to
//! 28/28, and a teardown leaves the cloud exactly as it started.
//!
//! Every commit point is tried with TIPWIZ_CRASH_SWEEP=all; otherwise every 8th (and the last),
//! which keeps the suite quick. Rerun the full sweep after touching the journal or an action.

use crate::common::*;
use tipwiz::engine::Outcome;
use tipwiz::fs::CommitPoints;
use tipwiz::journal::StepState;

#[test]
fn a_crash_before_any_commit_resumes_to_the_end_and_tears_down_to_the_start() {
    // The clean run: how many commits it makes, and the cloud before it.
    let (total, fresh) = {
        let dir = tempfile::tempdir().unwrap();
        let commits = CommitPoints::counting();
        let (sim, engine) = open_counted(dir.path(), commits.clone());
        let fresh = sim.dump();
        assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
        (commits.count(), fresh)
    };
    assert!(total > 100, "a full run commits {total} times");
    let every = if std::env::var("TIPWIZ_CRASH_SWEEP").is_ok_and(|v| v == "all") {
        1
    } else {
        8
    };
    let points: Vec<u64> = (1..=total).filter(|n| n % every == 1 % every || *n == total).collect();
    let mut failures = vec![];
    for &n in &points {
        let dir = tempfile::tempdir().unwrap();
        {
            let (_sim, engine) = open_counted(dir.path(), CommitPoints::crash_before(n, false));
            let outcome = run(engine.apply(&all_steps()));
            assert_eq!(outcome, Outcome::Crashed, "commit {n} of {total} was never reached");
        }
        // A new process: the run resumes and finishes.
        let (sim, engine) = open(dir.path(), None);
        let outcome = run(engine.apply(&all_steps()));
        let data = engine.journal.snapshot();
        let done = catalog()
            .steps()
            .iter()
            .filter(|s| data.state(&s.id) == StepState::Done)
            .count();
        if outcome != Outcome::Done || done != 28 {
            failures.push(format!("commit {n}: resumed to {done}/28 ({outcome:?})"));
            continue;
        }
        match rt().block_on(engine.teardown()) {
            Ok(_) if sim.dump() == fresh => {}
            Ok(_) => failures.push(format!("commit {n}: teardown left {}", left_over(&fresh, &sim.dump()))),
            Err(e) => failures.push(format!("commit {n}: teardown failed: {e:?}")),
        }
    }
    eprintln!(
        "crash sweep: {} of {total} commit points tried, {} resumed to 28/28 and tore down to the start",
        points.len(),
        points.len() - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} points:\n{}",
        failures.len(),
        points.len(),
        failures.join("\n")
    );
}

/// The top-level parts of the cloud that differ, for the message.
fn left_over(want: &serde_json::Value, got: &serde_json::Value) -> String {
    let (Some(w), Some(g)) = (want.as_object(), got.as_object()) else {
        return got.to_string();
    };
    g.iter()
        .filter(|(k, v)| w.get(*k) != Some(v))
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join("; ")
}
