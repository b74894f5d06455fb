use crate::common::*;
use tipwiz::cloud::fault::{Fault, FaultKind};
use tipwiz::cloud::sim::{SimCloud, Timing};
use tipwiz::cloud::{Cloud, CloudError, Op};
use tipwiz::engine::{Engine, Outcome, RunOptions};
use tipwiz::events::Event;
use tipwiz::journal::{self, Journal, StepState};

fn fault(kind: FaultKind, at: u64) -> Option<Fault> {
    Some(Fault {
        kind,
        at,
        exit_process: false,
    })
}

/// A clean run, step by step: the cloud's dump before each step, and each call's (step, mutating).
struct Clean {
    before: Vec<(String, serde_json::Value)>,
    calls: Vec<(String, bool)>,
    end: serde_json::Value,
    counts: std::collections::BTreeMap<String, usize>,
}

fn clean_run() -> Clean {
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open(dir.path(), None);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let engine = Engine::new(
        engine.catalog.clone(),
        engine.cloud.clone(),
        engine.journal.clone(),
        Some(tx),
    );
    let mut before = Vec::new();
    rt().block_on(async {
        for step in catalog().steps() {
            before.push((step.id.clone(), sim.dump()));
            let opts = RunOptions {
                only: Some(vec![step.id.clone()]),
                ..all_steps()
            };
            assert_eq!(
                engine.apply(&opts).await,
                Outcome::Done,
                "{} failed in a clean run",
                step.id
            );
        }
    });
    drop(engine);
    let mut calls = Vec::new();
    // Every attempt is a call the fault injector counts: a retry repeats the call before it.
    while let Ok(e) = rx.try_recv() {
        match e {
            Event::CallStarted { step, mutating, .. } => calls.push((step, mutating)),
            Event::Retrying { .. } => {
                let last = calls.last().cloned().expect("a retry follows a call");
                calls.push(last);
            }
            _ => {}
        }
    }
    Clean {
        before,
        calls,
        end: sim.dump(),
        counts: sim.counts(),
    }
}

#[test]
fn a_fresh_apply_completes_every_step_and_ethan_sees_both_paths() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open(dir.path(), None);
    assert_eq!(
        run(engine.apply(&RunOptions {
            confirmed: vec!["all".into()],
            ..RunOptions::default()
        })),
        Outcome::Done
    );
    let data = engine.journal.snapshot();
    for s in catalog().steps() {
        assert_eq!(data.state(&s.id), StepState::Done, "{}", s.id);
    }
    let user = data
        .output("verify.cloudtrail", "analyst_user_id")
        .expect("the user id is recorded");
    let events = sim.all_events();
    // Lake Formation names the user in additionalEventData.lakeFormationPrincipal, S3 Access
    // Grants in onBehalfOf: each source is checked in its own field.
    let principal = format!("arn:aws:identitystore:::user/{user}");
    assert!(
        events.iter().any(|e| e.event_source == "lakeformation.amazonaws.com"
            && e.lake_formation_principal.as_deref() == Some(principal.as_str())),
        "no Lake Formation event for {principal}"
    );
    assert!(
        events
            .iter()
            .any(|e| e.event_source == "s3.amazonaws.com" && e.on_behalf_of_user_id.as_deref() == Some(user.as_str())),
        "no S3 event on behalf of {user}"
    );
}

#[test]
fn manual_steps_stop_a_headless_run_with_their_instructions() {
    let dir = tempfile::tempdir().unwrap();
    let (_sim, engine) = open(dir.path(), None);
    let outcome = run(engine.apply(&RunOptions::default()));
    let Outcome::Stopped { waiting } = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(outcome.exit_code(), 3);
    let acs = waiting
        .iter()
        .find(|(id, _)| id == "alice.acs-urls")
        .expect("the ACS step waits");
    assert!(
        acs.1.contains("https://us-west-2.signin.aws/platform/saml/acs/"),
        "{}",
        acs.1
    );
    assert!(acs.1.contains("tipwiz apply --confirm-manual alice.acs-urls"));
    assert_eq!(
        engine.journal.snapshot().state("alice.acs-urls"),
        StepState::ManualPending
    );
    // What does not depend on the manual step still ran.
    assert_eq!(engine.journal.snapshot().state("bob.redshift-tables"), StepState::Done);
}

/// Every call of a full run (every 4th, and each step's first and last change, unless
/// TIPWIZ_FAULT_SWEEP=all) fails once: the run stops at that call's step, and the step's
/// rollback leaves the cloud exactly as it was before the step, or the journal says what is left.
#[test]
fn a_failure_at_any_call_rolls_its_step_back_to_the_cloud_before_it() {
    let clean = clean_run();
    let before: std::collections::BTreeMap<&str, &serde_json::Value> =
        clean.before.iter().map(|(s, d)| (s.as_str(), d)).collect();
    let every = if std::env::var("TIPWIZ_FAULT_SWEEP").is_ok_and(|v| v == "all") {
        1
    } else {
        4
    };
    let edges: Vec<usize> = clean
        .before
        .iter()
        .flat_map(|(step, _)| {
            let first = clean.calls.iter().position(|(s, m)| s == step && *m);
            let last = clean.calls.iter().rposition(|(s, m)| s == step && *m);
            [first, last]
        })
        .flatten()
        .collect();
    let points: Vec<usize> = (0..clean.calls.len())
        .filter(|i| i % every == 0 || edges.contains(i))
        .collect();
    let mut failures = vec![];
    for &i in &points {
        let step = &clean.calls[i].0;
        let dir = tempfile::tempdir().unwrap();
        let (sim, engine) = open(dir.path(), fault(FaultKind::Fail, i as u64 + 1));
        let outcome = run(engine.apply(&all_steps()));
        if !matches!(&outcome, Outcome::Failed { step: s, .. } if s == step) {
            failures.push(format!("call {}: {step} expected to fail, got {outcome:?}", i + 1));
            continue;
        }
        let rec = engine.journal.snapshot().steps.get(step).cloned().unwrap_or_default();
        let error = rec.error.clone().unwrap_or_default();
        if rec.state != Some(StepState::RolledBack) {
            failures.push(format!("call {} ({step}): not rolled back: {error}", i + 1));
        } else if &sim.dump() != before[step.as_str()] {
            failures.push(format!("call {} ({step}): rolled back, but the cloud differs", i + 1));
        } else if !error.contains("fault injected") || !rec.undo.is_empty() {
            failures.push(format!("call {} ({step}): the journal does not say what failed", i + 1));
        }
    }
    eprintln!(
        "fail sweep: {} of {} calls failed once, {} rolled back exactly",
        points.len(),
        clean.calls.len(),
        points.len() - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {}:\n{}",
        failures.len(),
        points.len(),
        failures.join("\n")
    );
}

#[test]
fn a_crash_after_any_call_resumes_to_the_same_cloud_without_duplicates() {
    let clean = clean_run();
    let mutating: Vec<usize> = clean
        .calls
        .iter()
        .enumerate()
        .filter(|(_, (_, m))| *m)
        .map(|(i, _)| i + 1)
        .collect();
    assert!(mutating.len() > 40, "{} mutating calls", mutating.len());
    for n in mutating {
        let dir = tempfile::tempdir().unwrap();
        {
            let (_sim, engine) = open(dir.path(), fault(FaultKind::Crash, n as u64));
            assert_eq!(run(engine.apply(&all_steps())), Outcome::Crashed, "call {n}");
        }
        let (sim, engine) = open(dir.path(), None);
        assert_eq!(
            run(engine.apply(&all_steps())),
            Outcome::Done,
            "resume after a crash at call {n}"
        );
        assert_eq!(
            sim.counts(),
            clean.counts,
            "crash at call {n} ({}): resource counts differ",
            clean.calls[n - 1].0
        );
        assert_eq!(
            sim.dump(),
            clean.end,
            "crash at call {n} ({}): the cloud differs",
            clean.calls[n - 1].0
        );
    }
}

#[test]
fn a_crash_during_teardown_resumes_and_finishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let before = {
        let (sim, engine) = open(dir.path(), None);
        let d = sim.dump();
        assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
        d
    };
    {
        let (_sim, engine) = open(dir.path(), fault(FaultKind::Crash, 5));
        let r = rt().block_on(engine.teardown());
        assert_eq!(r, Err(tipwiz::actions::cx::StepError::Crashed));
    }
    let (sim, engine) = open(dir.path(), None);
    rt().block_on(engine.teardown()).unwrap();
    assert_eq!(sim.dump(), before);
}

#[test]
fn teardown_removes_everything_and_twice_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open(dir.path(), None);
    let (fresh, fresh_counts) = (sim.dump(), sim.counts());
    assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
    let undone = rt().block_on(engine.teardown()).unwrap();
    assert_eq!(undone.len(), 28);
    assert_eq!(sim.dump(), fresh, "teardown left something the wizard created");
    assert_eq!(
        sim.counts(),
        fresh_counts,
        "only what existed before remains: the admin role and Redshift's service-linked role"
    );
    let again = rt().block_on(engine.teardown()).unwrap();
    assert!(again.is_empty());
    assert_eq!(sim.dump(), fresh);
}

#[test]
fn rolling_back_one_step_undoes_its_dependents_first() {
    let dir = tempfile::tempdir().unwrap();
    let (_sim, engine) = open(dir.path(), None);
    assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
    let undone = rt().block_on(engine.rollback("bob.access-grants")).unwrap();
    assert_eq!(undone.last().map(String::as_str), Some("bob.access-grants"));
    assert!(undone.contains(&"ethan.unload".to_string()));
    assert!(!undone.contains(&"bob.lf-role".to_string()));
    let data = engine.journal.snapshot();
    assert_eq!(data.state("bob.access-grants"), StepState::RolledBack);
    assert_eq!(data.state("bob.lf-role"), StepState::Done);
    // and apply brings it all back
    assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
}

#[test]
fn throttling_is_retried() {
    let dir = tempfile::tempdir().unwrap();
    let (_sim, engine) = open(dir.path(), fault(FaultKind::Throttle, 3));
    assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
}

#[test]
fn a_second_process_is_refused_with_the_holder_named_and_a_stale_lock_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let (_sim, engine) = open(dir.path(), None);
    let out = tipwiz()
        .args(["apply", "--backend", "sim", "--yes", "--state"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("process {}", std::process::id())), "{err}");
    assert!(err.contains("another tipwiz is working on"), "{err}");
    drop(engine);

    // A lock left by a process that has exited.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    std::fs::write(
        dir.path().join("journal.lock"),
        format!("{{\"pid\":{dead},\"host\":\"\",\"since_ms\":0}}"),
    )
    .unwrap();
    Journal::open(dir.path(), "sim", &defaults()).expect("a stale lock is taken over");
}

#[test]
fn a_corrupt_or_newer_journal_is_refused_and_left_untouched() {
    for (bytes, want) in [
        (&b""[..], "is not a tipwiz journal"),
        (&b"{\"version\": 1, \"backend\": \"sim\""[..], "is not a tipwiz journal"),
        (&b"\x00\x01garbage"[..], "is not a tipwiz journal"),
        (&b"{\"backend\": \"sim\"}"[..], "no version number"),
        (
            &b"{\"version\": 99, \"backend\": \"sim\"}"[..],
            "written by a newer tipwiz",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(journal::FILE_NAME);
        std::fs::write(&path, bytes).unwrap();
        let err = Journal::open(dir.path(), "sim", &defaults()).unwrap_err().to_string();
        assert!(err.contains(want), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "the journal was changed");
        let out = tipwiz()
            .args(["status", "--backend", "sim", "--state"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
    }
}

#[test]
fn no_journal_bytes_make_the_parser_panic() {
    use proptest::prelude::*;
    let good = {
        let dir = tempfile::tempdir().unwrap();
        let (_sim, engine) = open(dir.path(), None);
        run(engine.apply(&RunOptions {
            only: Some(vec!["alice.preflight".into(), "alice.kms-key".into()]),
            ..all_steps()
        }));
        std::fs::read(dir.path().join(journal::FILE_NAME)).unwrap()
    };
    let path = std::path::Path::new("fuzz.json");
    proptest!(|(cut in 0..good.len(), flip in 0..good.len(), byte in any::<u8>())| {
        let _ = journal::parse(&good[..cut], path);
        let mut bent = good.clone();
        bent[flip] = byte;
        let _ = journal::parse(&bent, path);
    });
    proptest!(|(bytes in proptest::collection::vec(any::<u8>(), 0..300))| {
        let _ = journal::parse(&bytes, path);
    });
}

#[test]
fn a_registration_with_another_role_arn_is_caught_by_verify_and_denies_ethan() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open(dir.path(), None);
    assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
    // Someone registers the role without its path, as a hand-built ARN would.
    sim.with_state(|s| {
        for lake in s.lakes.values_mut() {
            for r in lake.resources.values_mut() {
                r.role_arn = "arn:aws:iam::444455556666:role/LFAccessRole-S3Tables".into();
            }
        }
    });
    let drift = rt().block_on(engine.drift());
    let (step, why) = drift
        .iter()
        .find(|(s, _)| s == "bob.s3tables-register")
        .expect("drift found");
    assert_eq!(step, "bob.s3tables-register");
    assert!(
        why.contains("arn:aws:iam::444455556666:role/LFAccessRole-S3Tables"),
        "{why}"
    );
    assert!(
        why.contains("arn:aws:iam::444455556666:role/service-role/LFAccessRole-S3Tables"),
        "{why}"
    );
    let t = target("444455556666", "us-west-2");
    let r = rt()
        .block_on(sim.call(
            &t,
            &Op::RunAsAnalyst {
                user_name: "ethan".into(),
                action: tipwiz::cloud::AnalystAction::Select {
                    table_bucket: "anycompany-customer-tables".into(),
                    namespace: "customers".into(),
                    table: "customer_profile".into(),
                },
            },
        ))
        .unwrap()
        .access()
        .unwrap();
    assert!(!r.0 && r.1.contains("could not vend credentials"), "{r:?}");
}

#[test]
fn registering_while_the_defaults_are_set_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open(dir.path(), None);
    let upto: Vec<String> = catalog()
        .steps()
        .iter()
        .take_while(|s| s.id != "bob.s3tables-register")
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(
        run(engine.apply(&RunOptions {
            only: Some(upto),
            ..all_steps()
        })),
        Outcome::Done
    );
    sim.with_state(|s| {
        for lake in s.lakes.values_mut() {
            lake.settings.create_table_defaults = vec![tipwiz::cloud::DefaultPermission {
                principal: "IAM_ALLOWED_PRINCIPALS".into(),
                permissions: vec!["ALL".into()],
            }];
        }
    });
    let outcome = run(engine.apply(&RunOptions {
        only: Some(vec!["bob.s3tables-register".into()]),
        ..all_steps()
    }));
    let Outcome::Failed { error, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert!(error.contains("run bob.lf-defaults before registering"), "{error}");
}

#[test]
fn bob_cannot_start_before_identity_center_answers_in_his_region() {
    let dir = tempfile::tempdir().unwrap();
    let (_sim, engine) = open(dir.path(), None);
    let outcome = run(engine.apply(&RunOptions {
        persona: Some(tipwiz::catalog::Persona::Bob),
        ..all_steps()
    }));
    let Outcome::Stopped { waiting } = outcome else {
        panic!("{outcome:?}")
    };
    let (_, why) = waiting.iter().find(|(id, _)| id == "bob.preflight").unwrap();
    // Looked for in the cloud with Bob's credentials: not there, and who does it.
    assert!(
        why.contains("alice.idc-add-region is not in place: Identity Center does not answer in us-west-2 yet")
            && why.contains("Alice does it: tipwiz apply --only alice.idc-add-region"),
        "{why}"
    );
}

#[test]
fn the_sim_gives_a_replica_the_default_policy_unless_told_and_identity_center_then_refuses_it() {
    let a = defaults();
    let sim = SimCloud::new(&tipwiz::commands::sim_seed(&a), Timing::instant());
    let east = target("111122223333", "us-east-1");
    rt().block_on(async {
        let policy = tipwiz::actions::policy::identity_center_key("111122223333");
        let key = sim
            .call(
                &east,
                &Op::CreateKey {
                    description: "k".into(),
                    policy,
                    multi_region: true,
                    tags: vec![],
                },
            )
            .await
            .unwrap()
            .key()
            .unwrap();
        sim.call(
            &east,
            &Op::ReplicateKey {
                key_id: key.key_id.clone(),
                replica_region: "us-west-2".into(),
                policy: String::new(),
            },
        )
        .await
        .unwrap();
        let instance = sim.call(&east, &Op::ListInstances).await.unwrap().instances().unwrap()[0]
            .arn
            .clone();
        sim.call(
            &east,
            &Op::UpdateInstanceEncryption {
                instance_arn: instance.clone(),
                kms_key_arn: Some(key.arn.clone()),
            },
        )
        .await
        .unwrap();
        sim.clock().sleep_ms(60_000).await;
        let err = sim
            .call(
                &east,
                &Op::AddRegion {
                    instance_arn: instance,
                    region: "us-west-2".into(),
                },
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&err, CloudError::Invalid { message, .. } if message.contains("does not allow Identity Center")),
            "{err:?}"
        );
    });
}

#[test]
fn the_sim_refuses_to_delete_a_key_identity_center_still_uses() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open(dir.path(), None);
    let only = RunOptions {
        only: Some(ALICE_TO_ENCRYPTION.iter().map(|s| s.to_string()).collect()),
        ..all_steps()
    };
    assert_eq!(run(engine.apply(&only)), Outcome::Done);
    let key = engine.journal.snapshot().output("alice.kms-key", "key_id").unwrap();
    let east = target("111122223333", "us-east-1");
    let west = target(&east.account_id, "us-west-2");
    rt().block_on(async {
        sim.call(
            &west,
            &Op::ScheduleKeyDeletion {
                key_id: key.clone(),
                pending_days: 7,
            },
        )
        .await
        .unwrap();
        let err = sim
            .call(
                &east,
                &Op::ScheduleKeyDeletion {
                    key_id: key,
                    pending_days: 7,
                },
            )
            .await
            .unwrap_err();
        assert!(err.to_string().contains("lock every user out"), "{err}");
    });
}

#[test]
fn status_json_shows_every_step_done_after_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let st = |args: &[&str]| tipwiz().args(args).arg("--state").arg(dir.path()).output().unwrap();
    let out = st(&["apply", "--backend", "sim", "--yes", "--confirm-manual", "all"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = st(&["status", "--backend", "sim", "--json", "--live"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 28);
    assert!(
        steps.iter().all(|s| s["state"] == "Done" && s["drift"].is_null()),
        "{v}"
    );
    let out = st(&["teardown", "--backend", "sim", "--yes"]);
    assert_eq!(out.status.code(), Some(0));
    let out = st(&["teardown", "--backend", "sim", "--yes"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nothing to undo"));
}

#[test]
fn the_binary_killed_after_a_call_resumes_on_the_next_apply() {
    let dir = tempfile::tempdir().unwrap();
    let st = |args: &[&str], fault: Option<&str>| {
        let mut c = tipwiz();
        c.args(args).arg("--state").arg(dir.path());
        if let Some(f) = fault {
            c.env("TIPWIZ_FAULT", f);
        }
        c.output().unwrap()
    };
    let out = st(
        &["apply", "--backend", "sim", "--yes", "--confirm-manual", "all"],
        Some("crash@40"),
    );
    assert_eq!(out.status.code(), Some(137), "{}", String::from_utf8_lossy(&out.stderr));
    // exit() skips destructors: the dead process's lock is left behind, and must be taken over.
    assert!(dir.path().join("journal.lock").exists());
    let out = st(&["apply", "--backend", "sim", "--yes", "--confirm-manual", "all"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_change_started_in_real_time_is_seen_as_due_by_a_later_virtual_run() {
    use tipwiz::cloud::Clock;
    // The demo runs on the wall clock; `apply --backend sim` on a virtual one. A Region the
    // demo started adding must not look months away to the next run.
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open(dir.path(), None);
    let upto = RunOptions {
        only: Some(ALICE_TO_ENCRYPTION.iter().map(|s| s.to_string()).collect()),
        ..all_steps()
    };
    assert_eq!(run(engine.apply(&upto)), Outcome::Done);
    drop(engine);
    let soon = tipwiz::cloud::RealClock.now_ms() + 4_000;
    sim.with_state(|s| {
        s.identity.regions.insert(
            "us-west-2".into(),
            tipwiz::cloud::sim::Timed::later("ADDING", "ACTIVE", soon),
        );
    });
    drop(sim);
    let (_sim, engine) = open(dir.path(), None);
    let add = RunOptions {
        only: Some(vec!["alice.idc-add-region".into()]),
        ..all_steps()
    };
    assert_eq!(run(engine.apply(&add)), Outcome::Done);
}

#[test]
fn access_grants_are_undone_grant_location_identity_center_instance_role() {
    let dir = tempfile::tempdir().unwrap();
    let (_sim, engine) = open(dir.path(), None);
    assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
    let undo: Vec<&'static str> = engine.journal.snapshot().steps["bob.access-grants"]
        .undo
        .iter()
        .rev()
        .map(|u| u.op.name())
        .collect();
    assert_eq!(
        undo,
        [
            "DeleteAccessGrant",
            "DeleteAccessGrantsLocation",
            "DissociateAccessGrantsIdentityCenter",
            "DeleteAccessGrantsInstance",
            "DeleteRole"
        ]
    );
}

/// A quote in every answer that reaches SQL stays inside the name or the path it belongs to:
/// the group's role is made with exactly the group's name, and nothing else happens.
#[test]
fn quotes_in_names_reach_redshift_as_names() {
    let c = catalog();
    let group = "sales\"; DROP TABLE public.sales; --'x";
    let text = format!(
        "[alice]\ngroup_name = {}\n[bob]\ngrant_prefix = {}\n[ethan]\ndenied_prefix = \"it's/\"\n",
        toml::Value::String(group.into()),
        toml::Value::String(format!("{group}/o'brien/"))
    );
    let answers = tipwiz::answers::Answers::parse(&c, &text, "hostile").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open_as(dir.path(), &answers, None);
    assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
    let cluster = sim.dump()["clusters"]["444455556666/us-west-2/anycompany-west"].clone();
    let role = format!("AWSIDC:{group}");
    assert_eq!(cluster["roles"], serde_json::json!([role]));
    assert_eq!(
        cluster["tables"],
        serde_json::json!(["public.sales", "public.sales_loaded"])
    );
    assert_eq!(
        cluster["users"]["AWSIDC:ethan"],
        serde_json::json!([role]),
        "Ethan holds the group's role"
    );
}

/// For every step that made something, what it made is removed behind the wizard's back (its
/// own undo calls, sent straight to the cloud): `status --live` names that step.
#[test]
fn a_live_status_finds_what_was_removed_behind_its_back_for_every_step() {
    let c = catalog();
    let mut checked = 0;
    let mut missed = vec![];
    for step in c.steps() {
        let dir = tempfile::tempdir().unwrap();
        let (sim, engine) = open(dir.path(), None);
        assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
        let undo = engine.journal.snapshot().steps[&step.id].undo.clone();
        if undo.is_empty() {
            continue;
        }
        let before = sim.dump();
        // What AWS refuses to remove while later steps use it (a key Identity Center is
        // encrypted with, a bucket with files in it) cannot drift that way: skipped.
        let refused = rt().block_on(async {
            for u in undo.iter().rev() {
                match sim.call(&u.target, &u.op).await {
                    Ok(_) | Err(tipwiz::cloud::CloudError::NotFound { .. }) => {}
                    Err(e) => return Some(e),
                }
                // Let whatever the undo started (a Region's removal, a key's deletion) settle.
                sim.clock().sleep_ms(3_600_000).await;
            }
            None
        });
        if let Some(e) = refused {
            eprintln!("{}: not removable behind its back: {e}", step.id);
            continue;
        }
        // Undo calls that found nothing to remove (the files a denied UNLOAD never wrote).
        if sim.dump() == before {
            continue;
        }
        checked += 1;
        let drift = rt().block_on(engine.drift());
        if !drift.iter().any(|(s, _)| s == &step.id) {
            missed.push(format!(
                "{}: drift seen only in {:?}",
                step.id,
                drift.iter().map(|d| &d.0).collect::<Vec<_>>()
            ));
        }
    }
    eprintln!(
        "live status: {checked} steps' resources removed, {} noticed",
        checked - missed.len()
    );
    assert!(checked >= 14, "{checked} steps made something removable");
    assert!(
        missed.is_empty(),
        "{} of {checked}:\n{}",
        missed.len(),
        missed.join("\n")
    );
}

/// An Access Grants instance that was there before, without Identity Center, is associated by
/// the step and given back as it was: dissociated, not deleted.
#[test]
fn an_access_grants_instance_found_unassociated_is_given_back_unassociated() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open(dir.path(), None);
    sim.with_state(|st| {
        st.access_grants
            .entry("444455556666/us-west-2".into())
            .or_default()
            .instance = Some(tipwiz::cloud::AgInstance {
            arn: "arn:aws:s3:us-west-2:444455556666:access-grants/default".into(),
            identity_center_arn: None,
        });
    });
    let fresh = sim.dump();
    assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
    let undo: Vec<&str> = engine.journal.snapshot().steps["bob.access-grants"]
        .undo
        .iter()
        .map(|u| u.op.name())
        .collect();
    assert!(undo.contains(&"DissociateAccessGrantsIdentityCenter"), "{undo:?}");
    assert!(
        !undo.contains(&"DeleteAccessGrantsInstance"),
        "the instance was not ours: {undo:?}"
    );
    rt().block_on(engine.teardown()).unwrap();
    assert_eq!(sim.dump(), fresh, "the instance is back, unassociated");
}

/// Teardown removes what the wizard wrote to the bucket (Athena's results, the unloaded files)
/// and never anything else: a file someone else put there stops it, named.
#[test]
fn teardown_keeps_files_it_did_not_write_and_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open(dir.path(), None);
    assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
    sim.with_state(|st| {
        st.buckets
            .get_mut("anycompany-west-idc-sales")
            .expect("the bucket")
            .objects
            .insert("reports/q3.csv".into());
    });
    let err = rt().block_on(engine.teardown()).unwrap_err().to_string();
    assert!(err.contains("reports/q3.csv"), "{err}");
    let objects = sim.dump()["buckets"]["anycompany-west-idc-sales"]["objects"].clone();
    assert_eq!(
        objects,
        serde_json::json!(["reports/q3.csv"]),
        "only the other file is left"
    );
}

#[test]
fn a_done_step_records_its_inputs_and_runs_again_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (_sim, engine) = open(dir.path(), None);
    assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
    let data = engine.journal.snapshot();
    let step = catalog().get("bob.lf-role").unwrap().clone();
    let rec = &data.steps["bob.lf-role"];
    assert_eq!(
        rec.inputs.len(),
        step.fields.len(),
        "every field of the step is recorded"
    );
    assert_eq!(rec.attempts, 1);
    // An apply with nothing asked runs nothing again.
    assert_eq!(run(engine.apply(&all_steps())), Outcome::Done);
    assert_eq!(engine.journal.snapshot().steps["bob.lf-role"].attempts, 1);
    let opts = RunOptions {
        reapply: vec!["bob.lf-role".into()],
        ..all_steps()
    };
    assert_eq!(run(engine.apply(&opts)), Outcome::Done);
    let data = engine.journal.snapshot();
    assert_eq!(data.steps["bob.lf-role"].attempts, 2, "asked once, ran once");
    assert_eq!(data.state("bob.lf-role"), StepState::Done);
    assert_eq!(
        data.steps["bob.s3tables-register"].attempts, 1,
        "its dependents are left alone"
    );
}
