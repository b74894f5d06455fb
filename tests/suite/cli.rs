use crate::common::tipwiz;

fn run(args: &[&str]) -> (i32, String, String) {
    let state = tempfile::tempdir().unwrap();
    let out = tipwiz().args(args).arg("--state").arg(state.path()).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn plan_lists_every_step_in_order_for_the_example_organisation() {
    let (code, out, err) = run(&["plan", "--backend", "sim"]);
    assert_eq!(code, 0, "{err}");
    let alice = out.find("\nAlice (identity admin)").unwrap();
    let bob = out.find("\nBob (data lake admin)").unwrap();
    let ethan = out.find("\nEthan (analyst)").unwrap();
    assert!(alice < bob && bob < ethan);
    let catalog = tipwiz::actions::catalog().unwrap();
    let mut last = 0;
    for s in catalog.steps() {
        let at = out
            .find(&format!("  {} ", s.id))
            .unwrap_or_else(|| panic!("{} missing", s.id));
        assert!(at > last, "{} out of order", s.id);
        last = at;
    }
    assert!(out.contains("kms CreateKey") && out.contains("--multi-region"));
    assert!(out.contains("lakeformation RegisterResource --resource-arn arn:aws:s3tables:us-west-2:444455556666:bucket/* --role-arn arn:aws:iam::444455556666:role/service-role/LFAccessRole-S3Tables --with-federation"));
    // CloudTrail's look-up starts a while before now: the one value that moves with the clock.
    insta::with_settings!({filters => vec![(r"--start-time \S+", "--start-time [time]")]}, {
        insta::assert_snapshot!("plan_example_organisation", out);
    });
}

#[test]
fn plan_shows_the_policies_when_asked() {
    let (_, out, _) = run(&["plan", "--backend", "sim", "--policies"]);
    assert!(out.contains("trust policy:") && out.contains("\"sts:SetContext\""));
    assert!(out.contains("key policy:") && out.contains("identitystore.amazonaws.com"));
}

#[test]
fn a_bad_answers_file_exits_2_naming_the_key_and_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[alice]\nmanagement_account_id = \"12345\"\n").unwrap();
    let (code, out, err) = run(&["apply", "--backend", "sim", "--yes", "--answers", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("alice.management_account_id = \"12345\": an AWS account id is exactly 12 digits"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn the_answers_command_prints_a_template_that_loads() {
    let (code, out, _) = run(&["answers", "--backend", "sim"]);
    assert_eq!(code, 0);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.toml");
    std::fs::write(&f, &out).unwrap();
    let (code, _, err) = run(&["plan", "--backend", "sim", "--answers", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn without_a_terminal_apply_names_the_flag_that_confirms() {
    let (code, _, err) = run(&["apply", "--backend", "sim"]);
    assert_eq!(code, 2);
    assert!(err.contains("pass --yes"), "{err}");
    let (code, _, err) = run(&["teardown", "--backend", "sim"]);
    assert_eq!(code, 2);
    assert!(err.contains("pass --yes"), "{err}");
}

#[test]
fn unknown_step_ids_and_personas_are_bad_input() {
    let (code, _, err) = run(&["apply", "--backend", "sim", "--yes", "--only", "alice.nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("--only: there is no step 'alice.nope'"), "{err}");
    let (code, _, err) = run(&["apply", "--backend", "sim", "--yes", "--persona", "mallory"]);
    assert_eq!(code, 2);
    assert!(err.contains("--persona: 'mallory' is not alice, bob or ethan"), "{err}");
    let (code, _, err) = run(&["apply", "--backend", "sim", "--fault", "explode@3"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn every_command_has_help() {
    for cmd in [
        "demo", "plan", "apply", "status", "rollback", "teardown", "export", "answers",
    ] {
        let (code, out, _) = run(&[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}");
        assert!(out.contains("Usage: tipwiz"), "{cmd}");
    }
    let (_, out, _) = run(&["--help"]);
    assert!(out.contains("TIPWIZ_FAULT") && out.contains("Exit codes"));
}

#[test]
fn export_markdown_is_a_runbook_per_persona() {
    let (code, out, _) = run(&["export", "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(out.contains("## Alice (identity admin)") && out.contains("## Ethan (analyst)"));
    assert!(out.contains("### `alice.acs-urls`") && out.contains("1. In the Identity Center console"));
    assert!(out.contains("```sql\nSELECT * FROM \"anycompany-customer-tables@s3tablescatalog\""));
}

#[test]
fn status_marks_a_done_step_whose_inputs_changed_and_apply_again_runs_it() {
    let state = tempfile::tempdir().unwrap();
    let go = |args: &[&str]| {
        let out = tipwiz()
            .args(args)
            .args(["--backend", "sim", "--state"])
            .arg(state.path())
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    };
    let (code, text) = go(&["apply", "--yes", "--only", "alice.preflight,alice.kms-key"]);
    assert_eq!(code, 0, "{text}");
    let (_, text) = go(&["status"]);
    assert!(!text.contains('≠'), "{text}");
    let renamed = state.path().join("renamed.toml");
    std::fs::write(&renamed, "[alice]\nkms_alias = \"alias/renamed-key\"\n").unwrap();
    let (code, text) = go(&[
        "apply",
        "--yes",
        "--only",
        "alice.preflight",
        "--answers",
        renamed.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{text}");
    let (_, text) = go(&["status"]);
    assert!(
        text.contains(
            "≠ inputs changed since it was done (kms_alias: alias/anycompany-identity-center → alias/renamed-key)"
        ),
        "{text}"
    );
    assert!(text.contains("tipwiz apply --again alice.kms-key"), "{text}");
    let (code, text) = go(&["apply", "--yes", "--only", "alice.kms-key", "--again", "alice.kms-key"]);
    assert_eq!(code, 0, "{text}");
    let (_, text) = go(&["status"]);
    assert!(!text.contains('≠'), "{text}");
    let (code, text) = go(&["apply", "--yes", "--again", "alice.nope"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("--again: there is no step 'alice.nope'"), "{text}");
}

/// A profile of the wrong account: AWS answers GetCallerIdentity with that account (it needs no
/// permission), so the preflight names the account the credentials belong to and the fix.
#[test]
fn a_profile_of_the_wrong_account_is_named_with_its_account() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.toml");
    std::fs::write(&f, "[alice]\nmanagement_profile = \"bob-analytics\"\n").unwrap();
    let (code, out, err) = run(&[
        "apply",
        "--backend",
        "sim",
        "--yes",
        "--only",
        "alice.preflight",
        "--answers",
        f.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        format!("{out}{err}").contains("belong to account 444455556666, but Alice's steps run in account A"),
        "{out}{err}"
    );
}
