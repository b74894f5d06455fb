//! The exported AWS CLI script, run for real with a stand-in `aws` (tests/tools/stub_aws.py):
//! in an empty account and in one where everything exists, with the example answers and with
//! hostile ones. Every command it sends is then checked by the AWS CLI's own parser and the
//! services' models (tests/tools/awscli_check), when that is installed.

use crate::common::*;
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use tipwiz::cloud::cli::invocations;
use tipwiz::cloud::sim::{SimCloud, Timing};

/// Answers that would run a command if the script ever let the shell read them: quotes,
/// command substitutions, backquotes, variables, semicolons. Each passes its field's validator.
macro_rules! group {
    () => {
        "sales\"; DROP TABLE x; --' `touch PWNED-4` `id` ;id"
    };
}
const HOSTILE: &[(&str, &str, &str)] = &[
    // A profile takes no quotes or $ (the AWS CLI could not read its section back), but all
    // that it may hold.
    ("alice", "management_profile", "sso:Admin/111122223333+x=y,z@w.-_"),
    ("bob", "analytics_profile", "bob@analytics=1,2:3/4+5"),
    ("alice", "idp_name", "Okta'; touch PWNED-3; echo '$(id) `id` ${HOME}"),
    ("alice", "group_name", group!()),
    ("ethan", "analyst_user", "ethan'$(touch${IFS}PWNED-5)`id`"),
    // The prefix starts with the group's name (its validator's rule). A group or a prefix
    // takes no $ (it would read as a policy variable in the ARNs of the policies), so they
    // carry backquotes instead; the $(...) forms are in the other fields.
    ("bob", "grant_prefix", concat!(group!(), "/it's/`touch PWNED-6`/`id`/")),
    ("ethan", "denied_prefix", "fin\"'`id`;id/"),
];

fn hostile_answers(dir: &Path) -> PathBuf {
    let mut by_table: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for (table, key, value) in HOSTILE {
        by_table
            .entry(table)
            .or_default()
            .push(format!("{key} = {}", toml::Value::String((*value).into())));
    }
    let text: String = by_table
        .iter()
        .map(|(t, lines)| format!("[{t}]\n{}\n", lines.join("\n")))
        .collect();
    let f = dir.join("hostile.toml");
    std::fs::write(&f, text).unwrap();
    f
}

fn export(answers: Option<&Path>) -> String {
    let state = tempfile::tempdir().unwrap();
    let mut cmd = tipwiz();
    cmd.args(["export", "--format", "shell", "--backend", "sim", "--state"])
        .arg(state.path());
    if let Some(a) = answers {
        cmd.arg("--answers").arg(a);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A directory whose bin/ is the script's whole PATH: the stand-in `aws`, the few tools the
/// script uses, and canaries that record any other command an answer might have slipped in.
struct Sandbox {
    dir: tempfile::TempDir,
}

struct ScriptRun {
    code: Option<i32>,
    stderr: String,
    calls: Vec<Vec<String>>,
}

impl ScriptRun {
    fn operations(&self) -> BTreeSet<String> {
        self.calls.iter().map(|c| c[..2].join(" ")).collect()
    }
}

const TOOLS: &[&str] = &["bash", "cat", "cut", "date", "mktemp", "rm", "sleep"];
const CANARIES: &[&str] = &["touch", "id", "curl", "wget", "sh", "ls", "whoami"];

fn which(tool: &str) -> PathBuf {
    let out = std::process::Command::new("bash")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .unwrap();
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// The interpreter itself, not a version manager's shim that needs its own PATH.
fn python() -> PathBuf {
    let out = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .unwrap();
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let bash = which("bash");
        for tool in TOOLS {
            std::os::unix::fs::symlink(which(tool), bin.join(tool)).unwrap();
        }
        let stub = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/stub_aws.py");
        let write_exe = |name: &str, body: String| {
            let p = bin.join(name);
            std::fs::write(&p, body).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        };
        write_exe(
            "aws",
            format!(
                "#!{}\nexec {} {} \"$@\"\n",
                bash.display(),
                python().display(),
                stub.display()
            ),
        );
        let injected = dir.path().join("injected.log");
        for c in CANARIES {
            write_exe(
                c,
                format!(
                    "#!{}\nprintf '%s %s\\n' {c} \"$*\" >> {}\n",
                    bash.display(),
                    injected.display()
                ),
            );
        }
        Sandbox { dir }
    }

    fn run(&self, script: &str, mode: &str, permission_set: &str) -> ScriptRun {
        self.run_with(script, mode, permission_set, &[])
    }

    fn run_with(&self, script: &str, mode: &str, permission_set: &str, env: &[(&str, &str)]) -> ScriptRun {
        let work = tempfile::tempdir_in(self.dir.path()).unwrap();
        let file = work.path().join("setup.sh");
        std::fs::write(&file, script).unwrap();
        let log = work.path().join("calls.jsonl");
        let out = std::process::Command::new(which("bash"))
            .arg(&file)
            .current_dir(work.path())
            .env_clear()
            .env("PATH", self.dir.path().join("bin"))
            .env("HOME", work.path())
            .env("TMPDIR", work.path())
            .env("STUB_LOG", &log)
            .env("STUB_MODE", mode)
            .env("STUB_PERMISSION_SET_NAME", permission_set)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let calls = std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        // Nothing but the script's own temporary file may appear beside it.
        let left: Vec<String> = std::fs::read_dir(work.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "setup.sh" && n != "calls.jsonl")
            .collect();
        assert!(left.is_empty(), "the script left files behind: {left:?}");
        let injected = std::fs::read_to_string(self.dir.path().join("injected.log")).unwrap_or_default();
        assert!(injected.is_empty(), "an answer ran a command: {injected}");
        ScriptRun {
            code: out.status.code(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
            calls,
        }
    }
}

/// The CLI operations (`service operation`) of every change a dry run on a fresh organisation
/// makes, and every id the simulated cloud handed out in it.
fn dry_run(answers: &tipwiz::answers::Answers) -> (BTreeSet<String>, BTreeSet<String>) {
    let sim = SimCloud::new(&tipwiz::commands::sim_seed(answers), Timing::instant());
    let plans = rt().block_on(tipwiz::engine::plan::dry_run(
        catalog(),
        std::sync::Arc::new(sim),
        answers,
        None,
    ));
    let mut changes = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for call in plans.iter().flat_map(|p| &p.calls) {
        if call.op.is_mutating() {
            for inv in invocations(&call.target, &call.op) {
                changes.insert(format!("{} {}", inv.service, inv.operation));
            }
        }
        if let Ok(reply) = &call.reply {
            collect_ids(&serde_json::to_value(reply).unwrap(), &mut ids);
        }
    }
    (changes, ids)
}

/// The parts of replies that look generated: runs of letters and digits of 8 or more, with a
/// letter and at least 3 digits (ssoins-9d601e59d0ae76c2, mrk-..., UUIDs), unlike the names and
/// account ids the answers give.
fn collect_ids(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::String(s) => {
            for token in s.split(|c: char| !c.is_ascii_alphanumeric()) {
                let digits = token.chars().filter(char::is_ascii_digit).count();
                if token.len() >= 8 && digits >= 3 && token.chars().any(|c| c.is_ascii_alphabetic()) {
                    out.insert(token.to_string());
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_ids(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| collect_ids(x, out)),
        _ => {}
    }
}

fn defaults_run(mode: &str) -> ScriptRun {
    let run = Sandbox::new().run(&export(None), mode, "RedshiftQueryEditorWest");
    assert_eq!(run.code, Some(0), "{mode}: {}", run.stderr);
    run
}

#[test]
fn the_script_parses_and_names_no_placeholder() {
    let out = export(None);
    let placeholder = |l: &str| {
        l.as_bytes()
            .windows(2)
            .any(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
    };
    assert!(
        !out.lines().any(|l| !l.starts_with('#') && placeholder(l)),
        "a placeholder is left"
    );
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.sh");
    std::fs::write(&f, &out).unwrap();
    let ok = std::process::Command::new("bash").arg("-n").arg(&f).status().unwrap();
    assert!(ok.success(), "bash -n rejects the script");
}

#[test]
fn in_an_empty_account_the_script_makes_every_change_with_the_ids_it_captured() {
    let run = defaults_run("fresh");
    let (changes, sim_ids) = dry_run(&defaults());
    let sent = run.operations();
    let missing: Vec<&String> = changes.difference(&sent).collect();
    assert!(missing.is_empty(), "changes the script never makes: {missing:?}");
    let args: Vec<&String> = run.calls.iter().flatten().collect();
    for id in &sim_ids {
        assert!(
            !args.iter().any(|a| a.contains(id.as_str())),
            "the simulated cloud's id {id} was written into the script"
        );
    }
    // What a create answered reaches the calls after it.
    let has = |op: &str, needle: &str| {
        run.calls
            .iter()
            .any(|c| c[1] == op && c.iter().any(|a| a.contains(needle)))
    };
    // (the stand-in's answers: tests/tools/stub_aws.py)
    assert!(
        has("create-alias", "mrk-0123456789abcdef0123456789abcdef"),
        "the key id was passed on"
    );
    assert!(
        has(
            "execute-statement",
            "APPLICATION_ARN 'arn:aws:sso::444455556666:application/ssoins-0123456789abcdef/apl-0123456789abcdef'"
        ),
        "the identity provider names the managed application the create answered"
    );
    assert!(
        has("create-access-grant", "a1b2c3d4-5678-90ab-cdef-0123456789ab"),
        "the location id"
    );
    assert!(
        has(
            "describe-account-assignment-creation-status",
            "b2b1ad1c-0000-4000-8000-000000000001"
        ),
        "the assignment's request id"
    );
    assert!(
        run.stderr.is_empty() || !run.stderr.contains("tipwiz script:"),
        "{}",
        run.stderr
    );
}

#[test]
fn where_everything_exists_the_script_creates_nothing_again() {
    let run = defaults_run("existing");
    let creates: Vec<String> = run
        .operations()
        .into_iter()
        .filter(|o| {
            let op = o.split(' ').nth(1).unwrap_or_default();
            [
                "create-",
                "add-",
                "replicate-",
                "register-",
                "associate-",
                "update-",
                "start-",
            ]
            .iter()
            .any(|p| op.starts_with(p))
        })
        .collect();
    assert!(creates.is_empty(), "made again: {creates:?}");
}

#[test]
fn hostile_answers_reach_aws_as_plain_values_and_run_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let answers = hostile_answers(dir.path());
    let script = export(Some(&answers));
    let sandbox = Sandbox::new();
    for mode in ["fresh", "existing"] {
        let run = sandbox.run(&script, mode, "RedshiftQueryEditorWest");
        assert_eq!(run.code, Some(0), "{mode}: {}", run.stderr);
        let value = |key: &str| HOSTILE.iter().find(|(_, k, _)| *k == key).unwrap().2;
        // Each value arrives whole, as one argument or inside the JSON it belongs to.
        let args: Vec<&String> = run.calls.iter().flatten().collect();
        for key in ["management_profile", "analytics_profile"] {
            assert!(
                args.iter().any(|a| *a == value(key)),
                "{mode}: {key} did not arrive whole"
            );
        }
        let json_value = |op: &str, pointer: &str| -> Vec<String> {
            run.calls
                .iter()
                .filter(|c| c[1] == op)
                .filter_map(|c| {
                    c.iter()
                        .filter_map(|a| serde_json::from_str::<serde_json::Value>(a).ok())
                        .find_map(|v| v.pointer(pointer).and_then(|x| x.as_str()).map(str::to_string))
                })
                .collect()
        };
        assert!(
            json_value("get-group-id", "/UniqueAttribute/AttributeValue").contains(&value("group_name").to_string()),
            "{mode}: the group name"
        );
        assert!(
            json_value("get-user-id", "/UniqueAttribute/AttributeValue").contains(&value("analyst_user").to_string()),
            "{mode}: the user name"
        );
        if mode == "fresh" {
            assert!(
                json_value("create-access-grant", "/S3SubPrefix").contains(&format!("{}*", value("grant_prefix"))),
                "the grant's prefix"
            );
        }
        // In SQL the group's role is one quoted identifier, its quotes doubled.
        let role = format!("\"AWSIDC:{}\"", value("group_name").replace('"', "\"\""));
        assert!(
            run.calls
                .iter()
                .any(|c| c[1] == "execute-statement" && c.iter().any(|a| a.contains(&format!("TO ROLE {role}")))),
            "{mode}: the role in SQL"
        );
    }
}

#[test]
fn the_script_stops_at_the_first_failure_with_the_aws_message() {
    let script = export(None);
    let sandbox = Sandbox::new();
    // A create refused, a look-up refused (not "not found"), and a wait that sees FAILED.
    for (env, last_op, says) in [
        (
            ("STUB_FAIL", "create-permission-set"),
            "create-permission-set",
            "AccessDeniedException",
        ),
        (("STUB_FAIL", "get-role"), "get-role", "a look-up failed"),
        (
            ("STUB_STATUS", "FAILED"),
            "describe-key",
            "the KMS key in us-east-1: FAILED",
        ),
    ] {
        let run = sandbox.run_with(&script, "fresh", "RedshiftQueryEditorWest", &[env]);
        assert_ne!(run.code, Some(0), "{env:?}: the script went on");
        assert_eq!(
            run.calls.last().map(|c| c[1].as_str()),
            Some(last_op),
            "{env:?}: calls after the failure"
        );
        assert!(run.stderr.contains(says), "{env:?}: {}", run.stderr);
    }
}

/// The AWS CLI's own parser and the service models, over every command the script sent.
#[test]
fn every_command_the_script_sends_passes_the_aws_cli_parser_and_models() {
    let Some(python) = awscli_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let hostile = export(Some(&hostile_answers(dir.path())));
    let sandbox = Sandbox::new();
    let mut lines = String::new();
    for (script, mode) in [
        (export(None), "fresh"),
        (export(None), "existing"),
        (hostile.clone(), "fresh"),
        (hostile, "existing"),
    ] {
        let run = sandbox.run(&script, mode, "RedshiftQueryEditorWest");
        assert_eq!(run.code, Some(0), "{mode}: {}", run.stderr);
        for c in &run.calls {
            lines.push_str(&serde_json::to_string(c).unwrap());
            lines.push('\n');
        }
    }
    let input = dir.path().join("calls.jsonl");
    std::fs::write(&input, &lines).unwrap();
    let check = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/awscli_check/check.py");
    let out = std::process::Command::new(python)
        .arg(&check)
        .arg(&input)
        .output()
        .unwrap();
    let results: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &serde_json::Value| v.get("summary").is_none())
        .collect();
    assert_eq!(
        results.len(),
        lines.lines().count(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad: Vec<String> = results
        .iter()
        .filter(|r| r["status"] != "ok")
        .map(|r| format!("{} {}: {}", r["argv"][0], r["argv"][1], r["problems"]))
        .collect();
    assert!(
        bad.is_empty(),
        "the AWS CLI refuses commands of the script:\n{}",
        bad.join("\n")
    );
    // Notes flag a --query that selects nothing from the operation's output shape, or compares
    // with a value the shape cannot hold: each a look-up that never finds, or a wait that never ends.
    let warned: Vec<String> = results
        .iter()
        .flat_map(|r| r["notes"].as_array().cloned().unwrap_or_default())
        .filter_map(|n| n.as_str().map(str::to_string))
        .filter(|n| n.contains("WARNING"))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(warned.is_empty(), "queries that select nothing:\n{}", warned.join("\n"));
}

/// The pinned AWS CLI's python (tests/tools/awscli_check/setup.sh makes it). Without it the
/// check is skipped here, and fails where TIPWIZ_REQUIRE_AWSCLI is set (scripts/test.sh, CI).
pub(crate) fn awscli_python() -> Option<PathBuf> {
    let venv = std::env::var_os("TIPWIZ_AWSCLI_VENV")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/tipwiz-awscli-1.46.2")))?;
    let python = venv.join("bin/python");
    if python.exists() && venv.join(".tipwiz-awscli-ok").exists() {
        return Some(python);
    }
    assert!(
        std::env::var_os("TIPWIZ_REQUIRE_AWSCLI").is_none(),
        "the pinned AWS CLI is not installed at {}: run tests/tools/awscli_check/setup.sh",
        venv.display()
    );
    eprintln!("skipped: the pinned AWS CLI is not installed (tests/tools/awscli_check/setup.sh)");
    None
}

/// Every call of a full run on the simulated cloud, and every undo it journals, written as the
/// CLI command the reports show: each must parse and fit the service models, ids included (the
/// simulated cloud's ids have AWS's shapes).
#[test]
fn every_call_and_undo_of_a_full_run_has_a_cli_form_the_aws_cli_accepts() {
    let Some(python) = awscli_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open(dir.path(), None);
    let recorder = std::sync::Arc::new(tipwiz::cloud::record::Recorder::new(sim));
    let engine = tipwiz::engine::Engine::new(engine.catalog.clone(), recorder.clone(), engine.journal.clone(), None);
    assert_eq!(run(engine.apply(&all_steps())), tipwiz::engine::Outcome::Done);
    let mut ops: Vec<(tipwiz::cloud::Target, tipwiz::cloud::Op)> =
        recorder.take().into_iter().map(|c| (c.target, c.op)).collect();
    for record in engine.journal.snapshot().steps.values() {
        ops.extend(record.undo.iter().map(|u| (u.target.clone(), u.op.clone())));
    }
    let mut lines = String::new();
    let mut seen = BTreeSet::new();
    for (t, op) in &ops {
        for inv in invocations(t, op) {
            let argv = inv.argv();
            if seen.insert(argv.clone()) {
                lines.push_str(&serde_json::to_string(&argv).unwrap());
                lines.push('\n');
            }
        }
    }
    let input = dir.path().join("ops.jsonl");
    std::fs::write(&input, &lines).unwrap();
    let check = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/awscli_check/check.py");
    let out = std::process::Command::new(python)
        .arg(&check)
        .arg(&input)
        .output()
        .unwrap();
    let bad: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|r| r.get("summary").is_none() && r["status"] != "ok")
        .map(|r| format!("{} {}: {}", r["argv"][0], r["argv"][1], r["problems"]))
        .collect();
    assert!(
        bad.is_empty(),
        "{} of {} commands refused:\n{}",
        bad.len(),
        seen.len(),
        bad.join("\n")
    );
}
