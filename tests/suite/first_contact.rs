//! A first run on a machine whose AWS configuration is missing or wrong: each problem is one
//! sentence and its fix, in `plan` and `apply`, never the SDK's debug structure. Every run has a
//! scratch HOME, no AWS variables and a dead endpoint, so nothing reaches AWS.

use crate::common::*;
use std::path::Path;

/// Runs tipwiz against a dead endpoint with HOME in `home` and answers naming `profile`.
fn run_with(home: &Path, profile: &str, args: &[&str]) -> (Option<i32>, String) {
    let answers = home.join("answers.toml");
    std::fs::write(
        &answers,
        format!("[alice]\nmanagement_profile = \"{profile}\"\n[bob]\nanalytics_profile = \"{profile}\"\n"),
    )
    .unwrap();
    let mut cmd = tipwiz();
    cmd.args(args)
        .args(["--backend", "aws", "--endpoint-url", "http://127.0.0.1:9", "--answers"])
        .arg(&answers)
        .arg("--state")
        .arg(home.join("state"))
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_EC2_METADATA_DISABLED", "true");
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn config(home: &Path, text: &str) {
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    std::fs::write(home.join(".aws/config"), text).unwrap();
}

/// The SDK's structures never reach a person.
fn assert_plain(text: &str) {
    for debug in [
        "DispatchFailure",
        "ConnectorError",
        "CredentialsNotLoaded",
        "ProviderError",
        "{ source",
    ] {
        assert!(!text.contains(debug), "{debug} in:\n{text}");
    }
}

fn plan_says(home: &Path, profile: &str, says: &str) {
    let (code, text) = run_with(home, profile, &["plan"]);
    assert!(
        code.is_some_and(|c| c != 0),
        "a plan that cannot go through exits non-zero:\n{text}"
    );
    assert!(text.contains(says), "{says:?} not in:\n{text}");
    assert_plain(&text);
    let (code, text) = run_with(home, profile, &["apply", "--yes", "--only", "alice.preflight"]);
    assert!(code.is_some_and(|c| c != 0), "{text}");
    assert!(text.contains(says), "apply: {says:?} not in:\n{text}");
    assert_plain(&text);
}

#[test]
fn no_configuration_at_all() {
    let home = tempfile::tempdir().unwrap();
    plan_says(home.path(), "", "no AWS credentials were found");
}

#[test]
fn a_profile_that_is_not_in_the_files() {
    let home = tempfile::tempdir().unwrap();
    config(
        home.path(),
        "[profile other]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n",
    );
    plan_says(
        home.path(),
        "ghost",
        "profile ghost is not in ~/.aws/config or ~/.aws/credentials",
    );
    // With no file at all it reads the same.
    let empty = tempfile::tempdir().unwrap();
    plan_says(empty.path(), "ghost", "profile ghost is not in");
}

#[test]
fn an_sso_profile_whose_sign_in_has_expired() {
    let home = tempfile::tempdir().unwrap();
    config(
        home.path(),
        "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n\n\
         [sso-session corp]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n",
    );
    // The cached token of session "corp": sha1("corp"), expired, with nothing to refresh it.
    let cache = home.path().join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::write(
        cache.join("ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
        r#"{"accessToken":"tok","expiresAt":"2020-01-01T00:00:00Z"}"#,
    )
    .unwrap();
    plan_says(home.path(), "dev", "run `aws sso login --profile dev`");
}

#[test]
fn a_credential_process_that_fails() {
    let home = tempfile::tempdir().unwrap();
    config(
        home.path(),
        "[profile vault]\ncredential_process = sh -c 'echo the vault is sealed >&2; exit 3'\n",
    );
    plan_says(home.path(), "vault", "the credential_process of profile vault failed");
}
