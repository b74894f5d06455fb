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
    insta::assert_snapshot!("plan_example_organisation", out);
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
    let (code, out, _) = run(&["answers"]);
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
fn export_shell_has_every_call_and_no_placeholder() {
    let (code, out, _) = run(&["export", "--format", "shell"]);
    assert_eq!(code, 0);
    for needle in [
        "aws kms create-key",
        "aws kms replicate-key",
        "aws sso-admin update-instance",
        "aws sso-admin add-region",
        "aws sso-admin create-permission-set",
        "aws sso-admin create-account-assignment",
        "aws lakeformation put-data-lake-settings",
        "aws lakeformation register-resource",
        "--with-federation",
        "aws glue create-catalog",
        "aws s3tables create-table-bucket",
        "aws athena start-query-execution",
        "aws s3control create-access-grants-instance",
        "aws s3control create-access-grant",
        "aws redshift create-redshift-idc-application",
        "aws redshift-data execute-statement",
        "aws sso-admin create-application-assignment",
    ] {
        assert!(out.contains(needle), "{needle} missing");
    }
    assert!(out.contains("${KEY_ID}") && out.contains("${INSTANCE_ARN}") && out.contains("${GROUP_ID}"));
    assert!(out.contains("until [ \"$(aws sso-admin describe-region"));
    // The identity provider takes the Identity Center managed application, not the Redshift one.
    assert!(
        out.contains("APPLICATION_ARN '${MANAGED_APP_ARN}'"),
        "the identity provider names the managed application"
    );
    assert!(
        out.contains("S3AccessGrants") && out.contains("LakeFormationQuery"),
        "both integrations"
    );
    assert!(
        out.contains("GranteeType=DIRECTORY_GROUP,GranteeIdentifier=${GROUP_ID}")
            && out.contains("S3SubPrefix=awssso-sales/*")
    );
    // A placeholder would read <something>; `<<<` feeds captured ids and is no placeholder.
    let placeholder = |l: &str| {
        l.as_bytes()
            .windows(2)
            .any(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
    };
    assert!(
        !out.lines().any(|l| !l.starts_with('#') && placeholder(l)),
        "a placeholder is left"
    );
    // The script parses as shell.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.sh");
    std::fs::write(&f, &out).unwrap();
    let ok = std::process::Command::new("bash").arg("-n").arg(&f).status().unwrap();
    assert!(ok.success(), "bash -n rejects the script");
}

#[test]
fn the_exported_script_runs_and_passes_every_captured_id_on() {
    // A stand-in `aws` that logs its arguments and answers status polls with the awaited value.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls.log");
    let fake = dir.path().join("aws");
    std::fs::write(
        &fake,
        format!(
            r#"#!/usr/bin/env bash
printf '%s\n' "$*" >> {log}
case "$*" in
  *describe-region*) echo ACTIVE ;;
  *describe-instance*) echo ENABLED ;;
  *describe-key*) echo Enabled ;;
  *creation-status*|*get-query-execution*) echo SUCCEEDED ;;
  *describe-statement*) echo FINISHED ;;
  *--query*) echo id-1 id-2 ;;
esac
"#,
            log = log.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&fake)
        .status()
        .unwrap();
    let (_, script, _) = run(&["export", "--format", "shell"]);
    let file = dir.path().join("setup.sh");
    std::fs::write(&file, &script).unwrap();
    let path = format!("{}:{}", dir.path().display(), std::env::var("PATH").unwrap_or_default());
    let out = std::process::Command::new("bash")
        .arg(&file)
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(calls.lines().count() > 40, "{calls}");
    assert!(!calls.contains("${"), "a variable was passed on unexpanded");
    assert!(
        calls.contains("APPLICATION_ARN 'id-1'") || calls.contains("APPLICATION_ARN 'id-2'"),
        "the managed application ARN was passed on"
    );
    assert!(calls.contains("--target-key-id id-1"), "the key id was passed on");
}
