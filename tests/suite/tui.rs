//! The wizard's model (keys and engine events in, state and commands out), its screens as
//! snapshots, and the real binary driven in a terminal.

use crate::common::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use tipwiz::events::Event;
use tipwiz::journal::{JournalData, StepRecord, StepState};
use tipwiz::tui::app::{App, Cmd, Focus, Msg, Overlay, Pending};
use tipwiz::tui::theme::Theme;
use tipwiz::tui::view;

fn journal(states: &[(&str, StepState)]) -> JournalData {
    let mut steps = BTreeMap::new();
    for (id, s) in states {
        steps.insert(
            id.to_string(),
            StepRecord {
                state: Some(*s),
                ..StepRecord::default()
            },
        );
    }
    JournalData {
        version: 1,
        backend: "sim".into(),
        answers: defaults(),
        steps,
    }
}

fn app(states: &[(&str, StepState)]) -> App {
    App::new(catalog(), journal(states), "sim")
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

fn ctrl_c() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
}

fn goto(app: &mut App, id: &str) {
    if app.overlay == Overlay::Resume {
        app.update(ch('r'));
    }
    assert_eq!(app.overlay, Overlay::None, "a dialog is open");
    let i = app.catalog.position(id).unwrap();
    while app.selected < i {
        app.update(key(KeyCode::Down));
    }
    while app.selected > i {
        app.update(key(KeyCode::Up));
    }
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, app, &Theme::plain())).unwrap();
    t.backend().to_string()
}

fn snap(name: &str, app: &App) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"arn:aws:[A-Za-z0-9:/_.*@+=,-]+", "[ARN]");
    settings.add_filter(r"\b\d+ ms\b", "[ms]");
    settings.add_filter(r"\b\d+\.\d s\b", "[s]");
    settings.bind(|| {
        insta::assert_snapshot!(format!("{name}_80x24"), render(app, 80, 24));
        insta::assert_snapshot!(format!("{name}_120x40"), render(app, 120, 40));
    });
}

#[test]
fn arrows_move_between_steps_and_enter_opens_the_form() {
    let mut a = app(&[]);
    assert_eq!(a.step().id, "alice.preflight");
    a.update(key(KeyCode::Down));
    assert_eq!(a.step().id, "alice.kms-key");
    a.update(ch('k'));
    assert_eq!(a.step().id, "alice.preflight");
    a.update(key(KeyCode::End));
    assert_eq!(a.step().id, "verify.cloudtrail");
    a.update(key(KeyCode::Home));
    a.update(key(KeyCode::Enter));
    assert_eq!(a.focus, Focus::Form);
    assert_eq!(a.field, 0);
    a.update(key(KeyCode::Esc));
    assert_eq!(a.focus, Focus::Steps);
}

#[test]
fn typing_validates_as_you_go_and_tab_is_never_blocked() {
    let mut a = app(&[]);
    a.update(key(KeyCode::Enter));
    // Clear the account id and type a short one.
    for _ in 0..12 {
        a.update(key(KeyCode::Backspace));
    }
    for c in "12345".chars() {
        a.update(ch(c));
    }
    let err = a.fields[0].error.clone().expect("an error while the value is bad");
    assert!(err.contains("12 digits"), "{err}");
    // Moving on is allowed; the bad value is not saved.
    let cmds = a.update(key(KeyCode::Tab));
    assert!(cmds.is_empty());
    assert_eq!(a.field, 1);
    assert_eq!(a.answers.get("management_account_id"), "111122223333");
    a.update(key(KeyCode::BackTab));
    assert_eq!(a.field, 0);
    // Applying is refused while an input is wrong, with the reason.
    a.update(key(KeyCode::Esc));
    a.update(ch('a'));
    assert_eq!(a.overlay, Overlay::None);
    assert!(a.message.as_ref().unwrap().1.contains("fix the inputs"));
}

#[test]
fn a_valid_value_is_saved_when_accepted() {
    let mut a = app(&[]);
    goto(&mut a, "alice.permission-set");
    a.update(key(KeyCode::Enter));
    for _ in 0..40 {
        a.update(key(KeyCode::Backspace));
    }
    for c in "WorkshopEditor".chars() {
        a.update(ch(c));
    }
    let cmds = a.update(key(KeyCode::Enter));
    let Some(Cmd::SaveAnswers(saved)) = cmds.first() else {
        panic!("{cmds:?}")
    };
    assert_eq!(saved.get("permission_set_name"), "WorkshopEditor");
    assert_eq!(a.field, 1, "the next field has the focus");
}

#[test]
fn cross_field_rules_show_on_the_step_that_owns_the_field() {
    let mut a = app(&[]);
    a.update(key(KeyCode::Enter));
    a.update(key(KeyCode::Tab));
    a.update(key(KeyCode::Tab));
    a.update(key(KeyCode::Tab)); // the second Region
    for _ in 0..9 {
        a.update(key(KeyCode::Backspace));
    }
    for c in "us-east-1".chars() {
        a.update(ch(c));
    }
    a.update(key(KeyCode::Enter));
    let problems = a.field_problems();
    assert!(
        problems
            .iter()
            .any(|(k, r)| k == "secondary_region" && r.contains("must differ")),
        "{problems:?}"
    );
}

#[test]
fn apply_asks_first_and_includes_the_steps_it_needs() {
    let mut a = app(&[("alice.preflight", StepState::Done)]);
    goto(&mut a, "alice.idc-encryption");
    a.update(ch('a'));
    let Overlay::Confirm(Pending::Apply { steps, confirmed }) = a.overlay.clone() else {
        panic!("{:?}", a.overlay)
    };
    assert_eq!(
        steps,
        vec!["alice.kms-key", "alice.kms-replica", "alice.idc-encryption"]
    );
    assert!(confirmed.is_empty());
    assert_eq!(a.update(ch('n')), vec![]);
    assert_eq!(a.overlay, Overlay::None);
    a.update(ch('a'));
    let cmds = a.update(ch('y'));
    assert_eq!(
        cmds,
        vec![Cmd::Apply {
            steps,
            confirmed: vec![]
        }]
    );
    assert!(a.running);
}

#[test]
fn applying_a_manual_step_confirms_it() {
    let done: Vec<(&str, StepState)> = [
        "alice.preflight",
        "alice.kms-key",
        "alice.kms-replica",
        "alice.idc-encryption",
        "alice.idc-add-region",
    ]
    .iter()
    .map(|s| (*s, StepState::Done))
    .collect();
    let mut a = app(&done);
    goto(&mut a, "alice.acs-urls");
    a.update(ch('c'));
    let Overlay::Confirm(Pending::Apply { steps, confirmed }) = a.overlay.clone() else {
        panic!()
    };
    assert_eq!(steps, vec!["alice.acs-urls"]);
    assert_eq!(confirmed, vec!["alice.acs-urls"]);
    let text = a.copy_text().unwrap();
    assert!(text.contains("https://us-west-2.signin.aws/platform/saml/acs/"));
}

#[test]
fn engine_events_show_live_status_then_the_result() {
    let mut a = app(&[]);
    goto(&mut a, "alice.kms-key");
    a.update(ch('a'));
    a.update(ch('y'));
    let step = "alice.kms-key".to_string();
    a.update(Msg::Tick { now_ms: 1_000 });
    a.update(Msg::Engine(Event::StepStarted { step: step.clone() }));
    a.update(Msg::Engine(Event::CallStarted {
        step: step.clone(),
        call: 1,
        service: "kms",
        operation: "CreateKey",
        region: "us-east-1".into(),
        mutating: true,
    }));
    a.update(Msg::Tick { now_ms: 2_500 });
    assert!(a.live[&step].calls[0].done.is_none());
    a.update(Msg::Engine(Event::CallFinished {
        step: step.clone(),
        call: 1,
        service: "kms",
        operation: "CreateKey",
        outcome: "ok".into(),
        ok: true,
        ms: 1500,
    }));
    assert_eq!(a.live[&step].calls[0].done, Some((true, "ok".into(), 1500)));
    assert!(a.log.iter().any(|l| l.contains("CreateKey")));
    a.update(Msg::Engine(Event::StepFinished {
        step: step.clone(),
        state: StepState::Done,
        error: None,
    }));
    assert!(!a.live.contains_key(&step));
    a.update(Msg::RunDone {
        summary: "done".into(),
        code: 0,
    });
    assert!(!a.running);
}

#[test]
fn a_failure_with_rollback_is_shown_with_its_reason() {
    let mut a = app(&[]);
    goto(&mut a, "alice.kms-key");
    a.update(ch('a'));
    a.update(ch('y'));
    let step = "alice.kms-key".to_string();
    a.update(Msg::Engine(Event::StepStarted { step: step.clone() }));
    a.update(Msg::Engine(Event::StepFinished {
        step: step.clone(),
        state: StepState::Failed,
        error: Some("kms CreateKey: access denied".into()),
    }));
    a.update(Msg::Engine(Event::RollbackStarted { step: step.clone() }));
    assert!(a.live[&step].rolling_back);
    a.update(Msg::Engine(Event::RollbackFinished {
        step: step.clone(),
        ok: true,
        error: None,
    }));
    let mut j = journal(&[("alice.kms-key", StepState::RolledBack)]);
    j.steps.get_mut("alice.kms-key").unwrap().error = Some("kms CreateKey: access denied".into());
    a.update(Msg::Journal(Box::new(j)));
    a.update(Msg::RunDone {
        summary: "alice.kms-key failed and was rolled back: kms CreateKey: access denied".into(),
        code: 1,
    });
    assert_eq!(a.state("alice.kms-key"), StepState::RolledBack);
    let screen = render(&a, 120, 40);
    assert!(
        screen.contains("access denied") && screen.contains("What it created was removed"),
        "{screen}"
    );
}

#[test]
fn resume_lands_on_the_first_unfinished_step() {
    let mut a = app(&[("alice.preflight", StepState::Done), ("alice.kms-key", StepState::Done)]);
    assert_eq!(a.overlay, Overlay::Resume);
    a.update(ch('r'));
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.step().id, "alice.kms-replica");
    let mut b = app(&[("alice.preflight", StepState::Done)]);
    assert_eq!(b.update(ch('s')), vec![Cmd::StartFresh]);
    let mut c = app(&[("alice.preflight", StepState::Done)]);
    assert_eq!(c.update(ch('b')), vec![Cmd::Teardown]);
}

#[test]
fn quitting_while_a_step_runs_asks_then_stops_after_the_call() {
    let mut a = app(&[]);
    a.update(ch('a'));
    a.update(ch('y'));
    assert!(a.update(ch('q')).is_empty());
    assert_eq!(a.overlay, Overlay::QuitWhileRunning);
    assert_eq!(a.update(ch('y')), vec![Cmd::StopAfterCall]);
    assert_eq!(
        a.update(Msg::RunDone {
            summary: "stopped".into(),
            code: 130
        }),
        vec![Cmd::Quit]
    );
    // Ctrl-C twice leaves at once.
    let mut b = app(&[]);
    b.update(ch('a'));
    b.update(ch('y'));
    b.update(ctrl_c());
    assert_eq!(b.update(ctrl_c()), vec![Cmd::Quit]);
}

#[test]
fn teardown_needs_the_word_typed() {
    let mut a = app(&[]);
    a.update(ch('T'));
    for c in "teardow".chars() {
        a.update(ch(c));
    }
    assert!(a.update(key(KeyCode::Enter)).is_empty());
    a.update(ch('n'));
    assert_eq!(a.update(key(KeyCode::Enter)), vec![Cmd::Teardown]);
}

#[test]
fn input_stays_live_with_many_calls_in_flight() {
    let mut a = app(&[]);
    a.update(ch('A'));
    a.update(ch('y'));
    for n in 0..10 {
        let step = a.catalog.steps()[n % 3].id.clone();
        a.update(Msg::Engine(Event::CallStarted {
            step,
            call: n as u64,
            service: "kms",
            operation: "DescribeKey",
            region: "us-east-1".into(),
            mutating: false,
        }));
    }
    // A key press is reflected in the very next frame.
    a.update(key(KeyCode::Down));
    a.update(key(KeyCode::Down));
    assert_eq!(a.step().id, "alice.kms-replica");
    let screen = render(&a, 120, 40);
    assert!(
        screen.contains("╭ alice.kms-replica") || screen.contains("alice.kms-replica ─"),
        "{screen}"
    );
}

#[test]
fn the_log_keeps_a_bounded_number_of_lines() {
    let mut a = app(&[]);
    for i in 0..10_050 {
        a.update(Msg::Engine(Event::Note {
            step: "alice.preflight".into(),
            message: format!("line {i}"),
        }));
    }
    assert_eq!(a.log.len(), tipwiz::tui::app::LOG_LIMIT);
    assert!(render(&a, 120, 40).contains("line 10049"));
}

#[test]
fn a_small_terminal_gets_a_message_not_a_broken_screen() {
    let a = app(&[]);
    let s = render(&a, 60, 20);
    assert!(s.contains("at least 80x24") && s.contains("60x20"), "{s}");
}

#[test]
fn themes_load_and_no_color_wins() {
    for name in ["dark", "light", "high-contrast", "colour-blind"] {
        Theme::load(Some(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(Theme::load(Some("no-such-theme")).unwrap_err().contains("--theme"));
    assert!(Theme::parse("name = \"x\"\ntext = \"mauve-ish\"\nmuted = \"gray\"\naccent = \"red\"\nok = \"red\"\nwarn = \"red\"\nerror = \"red\"\nselection = \"red\"\nborder = \"red\"\n").unwrap_err().contains("text"));
}

// ---------------------------------------------------------------- screens

fn alice_done() -> Vec<(&'static str, StepState)> {
    [
        "alice.preflight",
        "alice.kms-key",
        "alice.kms-replica",
        "alice.idc-encryption",
        "alice.idc-add-region",
    ]
    .iter()
    .map(|s| (*s, StepState::Done))
    .collect()
}

#[test]
fn screen_step_page_with_a_valid_form() {
    let mut a = app(&[]);
    goto(&mut a, "alice.kms-key");
    a.update(key(KeyCode::Enter));
    snap("form_valid", &a);
}

#[test]
fn screen_step_page_with_errors() {
    let mut a = app(&[]);
    goto(&mut a, "bob.s3-bucket");
    a.update(key(KeyCode::Enter));
    for _ in 0..40 {
        a.update(key(KeyCode::Backspace));
    }
    for c in "amzn-s3-demo-bucket".chars() {
        a.update(ch(c));
    }
    snap("form_errors", &a);
}

#[test]
fn screen_map() {
    let mut a = app(&alice_done());
    goto(&mut a, "bob.lf-defaults");
    a.update(ch('m'));
    snap("map", &a);
}

#[test]
fn screen_running_with_live_status() {
    let mut a = app(&[
        ("alice.preflight", StepState::Done),
        ("alice.kms-key", StepState::Done),
        ("alice.kms-replica", StepState::Done),
        ("alice.idc-encryption", StepState::Done),
        ("alice.idc-add-region", StepState::Running),
    ]);
    goto(&mut a, "alice.idc-add-region");
    a.update(ch('a'));
    a.update(ch('y'));
    let s = "alice.idc-add-region".to_string();
    a.update(Msg::Tick { now_ms: 10_000 });
    a.update(Msg::Engine(Event::StepStarted { step: s.clone() }));
    a.update(Msg::Engine(Event::CallStarted {
        step: s.clone(),
        call: 7,
        service: "sso-admin",
        operation: "AddRegion",
        region: "us-east-1".into(),
        mutating: true,
    }));
    a.update(Msg::Engine(Event::CallFinished {
        step: s.clone(),
        call: 7,
        service: "sso-admin",
        operation: "AddRegion",
        outcome: "ok".into(),
        ok: true,
        ms: 182,
    }));
    a.update(Msg::Engine(Event::CallStarted {
        step: s.clone(),
        call: 8,
        service: "sso-admin",
        operation: "DescribeRegion",
        region: "us-east-1".into(),
        mutating: false,
    }));
    a.update(Msg::Engine(Event::Waiting {
        step: s.clone(),
        what: "Region us-west-2".into(),
        status: "ADDING".into(),
        elapsed_ms: 40_000,
    }));
    a.update(Msg::Tick { now_ms: 10_400 });
    snap("running", &a);
}

#[test]
fn screen_failed_with_rollback() {
    let mut j = journal(&[
        ("alice.preflight", StepState::Done),
        ("alice.kms-key", StepState::RolledBack),
    ]);
    j.steps.get_mut("alice.kms-key").unwrap().error =
        Some("kms CreateKey: access denied to CreateKey: the caller lacks kms:CreateKey on the account".into());
    let mut a = App::new(catalog(), j, "sim");
    a.update(ch('r'));
    goto(&mut a, "alice.kms-key");
    a.update(Msg::RunDone {
        summary: "alice.kms-key failed and was rolled back".into(),
        code: 1,
    });
    snap("failed_rolled_back", &a);
}

#[test]
fn screen_manual_checklist() {
    let mut a = app(&alice_done());
    a.update(ch('r'));
    goto(&mut a, "alice.acs-urls");
    snap("manual_checklist", &a);
}

#[test]
fn screen_confirm_dialog() {
    let mut a = app(&[]);
    goto(&mut a, "alice.kms-replica");
    a.update(ch('a'));
    snap("confirm", &a);
}

#[test]
fn screen_help() {
    let mut a = app(&[]);
    a.update(ch('?'));
    snap("help", &a);
}

#[test]
fn screen_resume_prompt() {
    let a = app(&alice_done());
    snap("resume", &a);
}

#[test]
fn screen_ethan_sql() {
    let mut a = app(&[]);
    goto(&mut a, "ethan.copy-join");
    snap("ethan_sql", &a);
}

// ---------------------------------------------------------------- the real binary in a terminal

/// Drives `tipwiz demo` in tmux: a real terminal, real keys, the screen as a person sees it.
struct Tmux {
    name: String,
}

impl Tmux {
    fn start(state: &std::path::Path) -> Tmux {
        let name = format!("tipwiz-test-{}", std::process::id());
        let cmd = format!("{} demo --state {}", env!("CARGO_BIN_EXE_tipwiz"), state.display());
        let ok = std::process::Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x", "100", "-y", "30", &cmd])
            .env("TIPWIZ_SIM_LATENCY_MS", "0")
            .status()
            .expect("tmux is installed (.ci/run installs it)");
        assert!(ok.success());
        Tmux { name }
    }
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            std::process::Command::new("tmux")
                .args(["send-keys", "-t", &self.name, k])
                .status()
                .unwrap();
        }
    }
    fn screen(&self) -> String {
        let out = std::process::Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into()
    }
    /// Waits until the screen shows `text` (polling the real terminal; it fails after 20 s).
    fn wait_for(&self, text: &str) -> String {
        for _ in 0..200 {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("the screen never showed {text:?}:\n{}", self.screen());
    }
    fn alive(&self) -> bool {
        std::process::Command::new("tmux")
            .args(["has-session", "-t", &self.name])
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}

#[test]
fn the_demo_applies_steps_quits_and_offers_to_resume() {
    let state = tempfile::tempdir().unwrap();
    {
        let t = Tmux::start(state.path());
        t.wait_for("alice.preflight");
        t.keys(&["Down", "a"]);
        t.wait_for("Apply?");
        t.keys(&["y"]);
        let s = t.wait_for("2/28 steps");
        assert!(s.contains("✓ kms-key"), "{s}");
        t.keys(&["q"]);
        for _ in 0..50 {
            if !t.alive() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert!(!t.alive(), "q did not quit");
    }
    let t = Tmux::start(state.path());
    let s = t.wait_for("Resume?");
    assert!(s.contains("2 of 28 steps are done"), "{s}");
    t.keys(&["r"]);
    t.wait_for("alice.kms-replica ─");
}

#[test]
fn without_a_terminal_the_demo_runs_as_line_prompts() {
    use std::io::Write;
    let state = tempfile::tempdir().unwrap();
    let mut child = tipwiz()
        .args(["demo", "--state"])
        .arg(state.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Enter everywhere: defaults kept, steps applied, manual steps left for later.
    child
        .stdin
        .take()
        .unwrap()
        .write_all("\n".repeat(200).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(text.contains("tipwiz in plain mode"), "{text}");
    assert!(
        text.contains("[2/28] alice.kms-key - Create a multi-Region KMS key"),
        "{text}"
    );
    assert!(text.contains("Management account id [111122223333]: "), "{text}");
    assert!(text.contains("alice.kms-key            done"), "{text}");
    assert!(text.contains("Skipped for now"), "{text}");
    assert!(text.contains("step(s) are not done yet"), "{text}");
}

#[test]
fn region_and_profile_inputs_offer_choices() {
    let names = tipwiz::tui::app::profile_names(
        "[default]\n[profile alice-management]\n[sso-session corp]\n",
        "[bob-analytics]\n[default]\n",
    );
    assert_eq!(names, vec!["default", "alice-management", "bob-analytics"]);
    let mut a = app(&[]);
    a.profiles = names;
    a.update(key(KeyCode::Enter));
    a.update(key(KeyCode::Tab)); // the profile
    let alt_right = Msg::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::ALT));
    // From the default, alice-management, to the next profile, then round to the first.
    a.update(alt_right.clone());
    assert_eq!(a.fields[1].input.value(), "bob-analytics");
    a.update(alt_right.clone());
    assert_eq!(a.fields[1].input.value(), "default");
    a.update(key(KeyCode::Tab)); // the primary Region
    a.update(alt_right);
    assert_eq!(a.fields[2].input.value(), "us-east-2");
    assert!(a.fields[2].error.is_none());
}

#[test]
fn the_confirm_dialog_shows_the_policies_it_will_send() {
    let mut a = app(&[]);
    goto(&mut a, "bob.lf-role");
    a.update(ch('a'));
    assert!(render(&a, 120, 40).contains("p  show policies"));
    a.update(ch('p'));
    assert!(a.show_policies);
    // The steps it needs come first (Alice's key policy); the role's trust is further down.
    assert!(render(&a, 120, 40).contains("alice.kms-key: key policy"));
    let mut found = false;
    for _ in 0..40 {
        a.update(key(KeyCode::PageDown));
        if render(&a, 120, 40).contains("bob.lf-role: trust policy") {
            found = true;
            break;
        }
    }
    assert!(found, "the trust policy of the role is shown");
    assert!(a.policy_scroll >= 10);
    a.update(ch('p'));
    assert!(!a.show_policies);
    assert_eq!(a.update(ch('y')).len(), 1, "confirming still works");
}
