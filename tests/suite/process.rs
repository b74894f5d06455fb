//! The binary as separate processes: the persona-by-persona workflow, two runs racing for the
//! lock, signals, private files, and the commands that must not write.

use crate::common::*;
use std::path::Path;
use std::process::{Child, Command, Output};

fn sim(state: &Path, args: &[&str]) -> Command {
    let mut c = tipwiz();
    c.args(args).args(["--backend", "sim", "--state"]).arg(state);
    c
}

fn output(mut c: Command) -> Output {
    c.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn apply(state: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["apply", "--yes", "--confirm-manual", "all"];
    args.extend_from_slice(extra);
    output(sim(state, &args))
}

fn done_steps(state: &Path) -> usize {
    let out = output(sim(state, &["status", "--json"]));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["state"] == "Done")
        .count()
}

/// Waits for the journal to show `n` steps done, reading the file (no lock needed).
fn wait_for_done(state: &Path, n: usize, child: &mut Child) {
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before {n} step(s) were done");
        }
        let journal = std::fs::read_to_string(state.join("journal.json")).unwrap_or_default();
        if journal.matches("\"state\": \"Done\"").count() >= n {
            return;
        }
        std::thread::yield_now();
    }
}

#[test]
fn alice_then_bob_then_ethan_each_in_their_own_process_reach_every_step() {
    let dir = tempfile::tempdir().unwrap();
    for persona in ["alice", "bob", "ethan"] {
        let out = apply(dir.path(), &["--persona", persona]);
        assert_eq!(out.status.code(), Some(0), "{persona}: {}", text(&out.stderr));
    }
    assert_eq!(done_steps(dir.path()), 28);
    let out = output(sim(dir.path(), &["status", "--live"]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "no drift after the three parts: {}",
        text(&out.stdout)
    );
}

#[test]
fn of_two_runs_started_together_one_runs_and_the_other_names_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let start = || {
        sim(dir.path(), &["apply", "--yes", "--confirm-manual", "all"])
            .env("TIPWIZ_SIM_LATENCY_MS", "20")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (start(), start());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let mut codes = [a.status.code(), b.status.code()];
    codes.sort();
    assert_eq!(codes, [Some(0), Some(2)], "{}\n{}", text(&a.stderr), text(&b.stderr));
    let loser = if a.status.code() == Some(2) { &a } else { &b };
    let msg = text(&loser.stderr);
    assert!(msg.contains("holds") && msg.contains("process"), "{msg}");
    assert_eq!(done_steps(dir.path()), 28);
    // The lock file stays (a waiting process may hold it open) but says nobody holds it.
    let lock = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().contains("lock") && !e.file_name().to_string_lossy().contains("sim"))
        .expect("a lock file");
    assert_eq!(std::fs::read_to_string(lock.path()).unwrap(), "");
}

#[test]
fn sigterm_and_sighup_stop_a_run_like_ctrl_c_and_it_resumes() {
    for signal in ["TERM", "HUP"] {
        let dir = tempfile::tempdir().unwrap();
        let mut child = sim(
            dir.path(),
            &["apply", "--yes", "--confirm-manual", "all", "--jobs", "1"],
        )
        .env("TIPWIZ_SIM_LATENCY_MS", "30")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
        wait_for_done(dir.path(), 2, &mut child);
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(130), "SIG{signal}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("stopping after the calls in flight"));
        // The lock was let go and the journal is whole: the next run finishes the rest.
        let out = apply(dir.path(), &[]);
        assert_eq!(out.status.code(), Some(0), "after SIG{signal}: {}", text(&out.stderr));
        assert_eq!(done_steps(dir.path()), 28);
    }
}

#[test]
fn the_state_directory_and_its_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("new/state");
    let out = apply(&state, &["--only", "alice.preflight"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&state), 0o700);
    for e in std::fs::read_dir(&state).unwrap() {
        let p = e.unwrap().path();
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
}

#[test]
fn a_selection_of_no_step_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = apply(dir.path(), &["--only", "alice.kms-key", "--persona", "bob"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("select no step"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing is written");
}

#[test]
fn plan_and_status_never_write_the_simulated_cloud() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(apply(dir.path(), &[]).status.code(), Some(0));
    let file = dir.path().join("sim-cloud.json");
    let before = (
        std::fs::read(&file).unwrap(),
        std::fs::metadata(&file).unwrap().modified().unwrap(),
    );
    for args in [&["plan"][..], &["status", "--live"], &["export", "--format", "shell"]] {
        let out = output(sim(dir.path(), args));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
    }
    let after = (
        std::fs::read(&file).unwrap(),
        std::fs::metadata(&file).unwrap().modified().unwrap(),
    );
    assert!(before == after, "plan, status or export changed sim-cloud.json");
}

#[test]
fn a_missing_simulated_cloud_beside_a_journal_with_progress_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(apply(dir.path(), &["--persona", "alice"]).status.code(), Some(0));
    std::fs::remove_file(dir.path().join("sim-cloud.json")).unwrap();
    for args in [&["apply", "--yes"][..], &["teardown", "--yes"]] {
        let out = output(sim(dir.path(), args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("is missing"), "{}", text(&out.stderr));
    }
    assert!(!dir.path().join("sim-cloud.json").exists(), "no empty cloud was seeded");
}

#[test]
fn the_simulated_latency_slows_apply_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let out = sim(dir.path(), &["apply", "--yes", "--only", "alice.preflight"])
        .env("TIPWIZ_SIM_LATENCY_MS", "300")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A lower bound only: the step makes at least three calls, each held 300 ms.
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

/// Alice and Bob on two machines: each their own state directory and journal, one simulated
/// cloud between them (as a workshop room shares one), Bob's part found Alice's work in place
/// with his own credentials; then again with Alice's handoff file instead.
#[test]
fn alice_and_bob_each_with_their_own_journal_share_one_cloud() {
    for through_handoff in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let cloud = dir.path().join("room.json");
        let (alice, bob) = (dir.path().join("alice"), dir.path().join("bob"));
        let part = |state: &Path, persona: &str, extra: &[&str]| {
            let mut c = tipwiz();
            c.args([
                "apply",
                "--backend",
                "sim",
                "--yes",
                "--confirm-manual",
                "all",
                "--persona",
                persona,
            ])
            .arg("--state")
            .arg(state)
            .arg("--sim-cloud")
            .arg(&cloud)
            .args(extra);
            c.output().unwrap()
        };
        let out = part(&alice, "alice", &[]);
        assert_eq!(out.status.code(), Some(0), "alice: {}", text(&out.stderr));
        let mut extra = vec![];
        let handoff = dir.path().join("alice-to-bob.toml");
        if through_handoff {
            let out = output(sim(&alice, &["handoff", "--to", "bob"]));
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            std::fs::write(&handoff, &out.stdout).unwrap();
            assert!(!text(&out.stdout).contains("secret"), "no credentials in a handoff");
            extra = vec!["--handoff".to_string(), handoff.display().to_string()];
        }
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        for persona in ["bob", "ethan"] {
            let out = part(&bob, persona, &extra);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{persona} (handoff {through_handoff}): {}",
                text(&out.stderr)
            );
            if through_handoff && persona == "bob" {
                let said = text(&out.stderr);
                assert!(
                    said.contains("done elsewhere: ") && said.contains("alice.preflight"),
                    "{said}"
                );
            }
        }
        // Bob's journal: his and Ethan's steps done here, Alice's seen done elsewhere.
        let out = output(sim(&bob, &["status", "--json", "--sim-cloud", cloud.to_str().unwrap()]));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for s in v["steps"].as_array().unwrap() {
            let want = match s["persona"].as_str().unwrap() {
                "alice" if through_handoff => "DoneElsewhere",
                "alice" => s["state"].as_str().unwrap(),
                _ => "Done",
            };
            assert_eq!(s["state"], want, "{} (handoff {through_handoff})", s["id"]);
        }
        assert!(
            v["steps"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["id"] == "alice.idc-add-region" && s["state"] == "DoneElsewhere"),
            "Bob's run found Alice's second Region in place"
        );
    }
}
