//! The wizard's model (keys and engine events in, state and commands out), its screens as
//! snapshots, and the real binary driven in a terminal.

use crate::common::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use tipwiz::events::Event;
use tipwiz::journal::{JournalData, StepRecord, StepState};
use tipwiz::tui::app::{App, Cmd, Focus, Msg, Screen};
use tipwiz::tui::dialogs::{Dialog, Pending};
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

fn sized(mut a: App) -> App {
    a.update(Msg::Resize { width: 80, height: 24 });
    a
}

fn app(states: &[(&str, StepState)]) -> App {
    sized(App::new(catalog(), journal(states), "sim"))
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        a.update(ch(c));
    }
}

fn clear(a: &mut App) {
    for _ in 0..80 {
        a.update(key(KeyCode::Backspace));
    }
}

fn goto(app: &mut App, id: &str) {
    if matches!(app.dialog, Some(Dialog::Resume(_))) {
        app.update(ch('r'));
    }
    assert!(app.dialog.is_none(), "a dialog is open: {:?}", app.dialog);
    let i = app.catalog.position(id).unwrap();
    while app.selected < i {
        app.update(key(KeyCode::Down));
    }
    while app.selected > i {
        app.update(key(KeyCode::Up));
    }
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut a_sized = Terminal::new(TestBackend::new(w, h)).unwrap();
    a_sized
        .draw(|f| {
            view::draw(f, app, &Theme::plain());
        })
        .unwrap();
    a_sized.backend().to_string()
}

fn snap(name: &str, app: &mut App) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"arn:aws:[A-Za-z0-9:/_.*@+=,-]+", "[ARN]");
    settings.add_filter(r"\b\d+ ms\b", "[ms]");
    settings.add_filter(r"\b\d+\.\d s\b", "[s]");
    settings.bind(|| {
        insta::assert_snapshot!(format!("{name}_80x24"), render(app, 80, 24));
        app.update(Msg::Resize { width: 120, height: 40 });
        insta::assert_snapshot!(format!("{name}_120x40"), render(app, 120, 40));
        app.update(Msg::Resize { width: 80, height: 24 });
    });
}

fn done(ids: &[&'static str]) -> Vec<(&'static str, StepState)> {
    ids.iter().map(|s| (*s, StepState::Done)).collect()
}

fn alice_done() -> Vec<(&'static str, StepState)> {
    done(&[
        "alice.preflight",
        "alice.kms-key",
        "alice.kms-replica",
        "alice.idc-encryption",
        "alice.idc-add-region",
    ])
}

fn all_done(a: &App) -> JournalData {
    let ids: Vec<String> = a.catalog.steps().iter().map(|s| s.id.clone()).collect();
    let mut j = journal(&[]);
    for id in ids {
        j.steps.insert(
            id,
            StepRecord {
                state: Some(StepState::Done),
                ..StepRecord::default()
            },
        );
    }
    j
}

/// A change the journal knows how to undo (which one does not matter to the wizard's guards).
fn undo() -> tipwiz::journal::Undo {
    use tipwiz::catalog::{AccountRole, RegionRole};
    let target = defaults().target(AccountRole::Management, RegionRole::Primary);
    tipwiz::journal::Undo::at(&target, tipwiz::cloud::Op::GetCallerIdentity)
}

/// The inputs alice.kms-key was done with, before its alias was renamed.
fn old_alias() -> BTreeMap<String, String> {
    BTreeMap::from([("kms_alias".to_string(), "alias/old-name".to_string())])
}

// ---------------------------------------------------------------- moving and inputs

#[test]
fn arrows_move_between_steps_and_enter_opens_the_inputs() {
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
fn typing_validates_as_you_go_and_an_invalid_value_is_kept_as_a_draft() {
    let mut a = app(&[]);
    a.update(key(KeyCode::Enter));
    clear(&mut a);
    typed(&mut a, "12345");
    let err = a.fields[0].error.clone().expect("an error while the value is bad");
    assert!(err.contains("12 digits"), "{err}");
    // Moving on is allowed; the bad value is not saved, but it is not lost either.
    let cmds = a.update(key(KeyCode::Tab));
    assert!(cmds.is_empty());
    assert_eq!(a.field, 1);
    assert_eq!(a.answers.get("management_account_id"), "111122223333");
    assert_eq!(a.fields[0].input.value(), "12345");
    assert!(render(&a, 80, 24).contains("12345"));
    // Going to another step and back keeps the draft, marked.
    a.update(key(KeyCode::Esc));
    a.update(key(KeyCode::Down));
    a.update(key(KeyCode::Up));
    assert_eq!(a.fields[0].input.value(), "12345");
    assert!(a.fields[0].error.is_some());
    // Applying is refused while an input is wrong, with the reason.
    a.update(ch('a'));
    assert!(a.dialog.is_none());
    assert!(
        a.message.as_ref().unwrap().1.contains("fix the inputs"),
        "{:?}",
        a.message
    );
}

#[test]
fn esc_puts_back_the_value_the_input_had() {
    let mut a = app(&[]);
    goto(&mut a, "alice.permission-set");
    a.update(key(KeyCode::Enter));
    clear(&mut a);
    typed(&mut a, "Half");
    a.update(key(KeyCode::Esc));
    assert_eq!(a.focus, Focus::Steps);
    assert_eq!(
        a.answers.get("permission_set_name"),
        defaults().get("permission_set_name")
    );
    assert_eq!(a.fields[0].input.value(), defaults().get("permission_set_name"));
}

#[test]
fn a_valid_value_is_saved_when_kept() {
    let mut a = app(&[]);
    goto(&mut a, "alice.permission-set");
    a.update(key(KeyCode::Enter));
    clear(&mut a);
    typed(&mut a, "WorkshopEditor");
    let cmds = a.update(key(KeyCode::Enter));
    let Some(Cmd::SaveAnswers(saved)) = cmds.first() else {
        panic!("{cmds:?}")
    };
    assert_eq!(saved.get("permission_set_name"), "WorkshopEditor");
    assert_eq!(a.field, 1, "the next input has the focus");
}

#[test]
fn cross_field_rules_show_on_the_step_that_owns_the_field() {
    let mut a = app(&[]);
    a.update(key(KeyCode::Enter));
    let i = a.fields.iter().position(|f| f.key == "secondary_region").unwrap();
    for _ in 0..i {
        a.update(key(KeyCode::Tab));
    }
    clear(&mut a);
    typed(&mut a, "us-east-1");
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
fn a_region_aws_does_not_have_is_refused_with_the_near_ones() {
    let mut a = app(&[]);
    a.update(key(KeyCode::Enter));
    let i = a.fields.iter().position(|f| f.key == "secondary_region").unwrap();
    for _ in 0..i {
        a.update(key(KeyCode::Tab));
    }
    clear(&mut a);
    typed(&mut a, "us-west-99");
    let err = a.fields[i].error.clone().expect("refused");
    assert!(err.contains("us-west-2"), "{err}");
    a.update(key(KeyCode::Enter));
    assert_eq!(a.answers.get("secondary_region"), "us-west-2");
}

#[test]
fn ctrl_o_offers_the_regions_and_the_profiles_to_choose_from() {
    let mut a = app(&[]);
    a.profiles = vec![
        ("alice-management".into(), "SSO".into()),
        ("bob-analytics".into(), "static keys".into()),
    ];
    a.update(key(KeyCode::Enter));
    let p = a.fields.iter().position(|f| f.key == "management_profile").unwrap();
    for _ in 0..p {
        a.update(key(KeyCode::Tab));
    }
    a.update(ctrl('o'));
    let Some(Dialog::Choice(c)) = &a.dialog else {
        panic!("{:?}", a.dialog)
    };
    assert_eq!(c.items.len(), 2);
    assert!(render(&a, 80, 24).contains("static keys"));
    a.update(key(KeyCode::Down));
    a.update(key(KeyCode::Enter));
    assert!(a.dialog.is_none());
    assert_eq!(a.answers.get("management_profile"), "bob-analytics");
    // A Region input lists the Regions; typing filters them.
    let r = a.fields.iter().position(|f| f.key == "secondary_region").unwrap();
    while a.field != r {
        a.update(key(KeyCode::Tab));
    }
    a.update(ctrl('o'));
    typed(&mut a, "eu-west-3");
    let Some(Dialog::Choice(c)) = &a.dialog else { panic!() };
    assert_eq!(c.shown().len(), 1);
    a.update(key(KeyCode::Enter));
    assert_eq!(a.answers.get("secondary_region"), "eu-west-3");
    // Esc keeps the value as it was.
    a.update(ctrl('o'));
    a.update(key(KeyCode::Esc));
    assert_eq!(a.answers.get("secondary_region"), "eu-west-3");
}

#[test]
fn an_input_the_account_can_answer_asks_the_runner_to_read_it() {
    let mut a = app(&[]);
    a.update(key(KeyCode::Enter));
    assert_eq!(a.fields[0].key, "management_account_id");
    let cmds = a.update(ctrl('o'));
    assert_eq!(
        cmds,
        vec![Cmd::Discover {
            key: "management_account_id".into()
        }]
    );
    a.update(Msg::Choices {
        key: "management_account_id".into(),
        result: Ok(vec![(
            "444455556666".into(),
            "the account of arn:aws:sts::444455556666:assumed-role/Admin/alice".into(),
        )]),
    });
    a.update(key(KeyCode::Enter));
    assert_eq!(a.answers.get("management_account_id"), "444455556666");
}

#[test]
fn a_yes_no_input_takes_only_y_n_and_space() {
    let mut a = app(&[]);
    let step = a
        .catalog
        .steps()
        .iter()
        .find(|s| s.fields.iter().any(|f| f.kind == tipwiz::catalog::FieldKind::Bool))
        .map(|s| s.id.clone())
        .expect("a step with a yes/no input");
    goto(&mut a, &step);
    a.update(key(KeyCode::Enter));
    let i = a
        .catalog
        .get(&step)
        .unwrap()
        .fields
        .iter()
        .position(|f| f.kind == tipwiz::catalog::FieldKind::Bool)
        .unwrap();
    while a.field != i {
        a.update(key(KeyCode::Tab));
    }
    let before = a.fields[i].input.value().to_string();
    typed(&mut a, "zzz");
    assert_eq!(a.fields[i].input.value(), before, "text does not reach a yes/no input");
    assert!(
        a.message.as_ref().unwrap().1.contains("a yes/no input"),
        "{:?}",
        a.message
    );
    a.update(ch(' '));
    assert_ne!(a.fields[i].input.value(), before);
    a.update(ch('n'));
    assert_eq!(a.fields[i].input.value(), "false");
    a.update(ch('y'));
    assert_eq!(a.fields[i].input.value(), "true");
}

// ---------------------------------------------------------------- guarded actions

#[test]
fn apply_asks_first_includes_the_steps_it_needs_and_enter_never_confirms() {
    let mut a = app(&[("alice.preflight", StepState::Done)]);
    goto(&mut a, "alice.idc-encryption");
    a.update(ch('a'));
    let Some(Dialog::Confirm(c)) = a.dialog.clone() else {
        panic!("{:?}", a.dialog)
    };
    let Pending::Apply { steps, confirmed, .. } = c.pending.clone();
    assert_eq!(
        steps,
        vec!["alice.kms-key", "alice.kms-replica", "alice.idc-encryption"]
    );
    assert!(confirmed.is_empty());
    assert!(a.update(key(KeyCode::Enter)).is_empty(), "Enter does not confirm");
    assert!(a.dialog.is_some());
    assert_eq!(a.update(ch('n')), vec![]);
    assert!(a.dialog.is_none());
    a.update(ch('a'));
    let cmds = a.update(ch('y'));
    assert_eq!(
        cmds,
        vec![Cmd::Apply {
            steps,
            confirmed: vec![],
            reapply: vec![],
        }]
    );
    assert!(a.running);
}

#[test]
fn enter_twice_on_a_step_without_inputs_runs_nothing() {
    let mut a = app(&alice_done());
    let id = a
        .catalog
        .steps()
        .iter()
        .find(|s| s.fields.is_empty() && !a.state(&s.id).is_done())
        .map(|s| s.id.clone())
        .expect("a step without inputs");
    goto(&mut a, &id);
    let mut all = vec![];
    for _ in 0..3 {
        all.extend(a.update(key(KeyCode::Enter)));
        if a.focus == Focus::Form {
            a.update(key(KeyCode::Esc));
        }
    }
    assert!(!all.iter().any(|c| matches!(c, Cmd::Apply { .. })), "{all:?}");
    assert!(a.dialog.is_none());
}

#[test]
fn the_policies_view_goes_back_to_the_dialog_and_never_starts_the_run() {
    let mut a = app(&[]);
    goto(&mut a, "bob.lf-role");
    a.update(ch('a'));
    a.update(ch('p'));
    assert!(matches!(a.dialog, Some(Dialog::Policies(_))));
    assert!(render(&a, 120, 40).contains("alice.kms-key: key policy"));
    let mut found = false;
    for _ in 0..60 {
        a.update(key(KeyCode::PageDown));
        if render(&a, 120, 40).contains("bob.lf-role: trust policy") {
            found = true;
            break;
        }
    }
    assert!(found, "the trust policy of the role is shown");
    assert!(a.update(key(KeyCode::Enter)).is_empty(), "Enter does not start the run");
    a.update(key(KeyCode::Esc));
    assert!(
        matches!(a.dialog, Some(Dialog::Confirm(_))),
        "Esc goes back to the dialog"
    );
    assert_eq!(a.update(ch('y')).len(), 1, "confirming still works");
}

#[test]
fn applying_a_manual_step_confirms_it() {
    let mut a = app(&alice_done());
    goto(&mut a, "alice.acs-urls");
    a.update(ch('a'));
    let Some(Dialog::Confirm(c)) = a.dialog.clone() else {
        panic!("{:?}", a.dialog)
    };
    let Pending::Apply { steps, confirmed, .. } = c.pending;
    assert_eq!(steps, vec!["alice.acs-urls"]);
    assert_eq!(confirmed, vec!["alice.acs-urls"]);
    let text = a.copy_text().unwrap();
    assert!(text.contains("https://us-west-2.signin.aws/platform/saml/acs/"));
}

#[test]
fn rolling_back_a_step_others_stand_on_lists_them_and_needs_the_word() {
    let mut j = journal(&alice_done());
    for id in ["alice.kms-key", "alice.kms-replica", "alice.idc-encryption"] {
        j.steps.get_mut(id).unwrap().undo.push(undo());
    }
    let mut a = sized(App::new(catalog(), j, "sim"));
    a.update(ch('r'));
    goto(&mut a, "alice.kms-key");
    a.update(ch('r'));
    let Some(Dialog::Typed(t)) = &a.dialog else {
        panic!("{:?}", a.dialog)
    };
    assert_eq!(t.word, "rollback");
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("alice.kms-replica") && screen.contains("alice.idc-encryption"),
        "{screen}"
    );
    assert!(a.update(key(KeyCode::Enter)).is_empty());
    typed(&mut a, "rollback");
    assert_eq!(
        a.update(key(KeyCode::Enter)),
        vec![Cmd::Rollback {
            step: "alice.kms-key".into()
        }]
    );
    // A step nothing stands on asks once.
    let mut b = app(&alice_done());
    b.update(ch('r'));
    goto(&mut b, "alice.idc-add-region");
    b.update(ch('r'));
    assert!(matches!(b.dialog, Some(Dialog::Ask(_))), "{:?}", b.dialog);
    assert_eq!(
        b.update(ch('y')),
        vec![Cmd::Rollback {
            step: "alice.idc-add-region".into()
        }]
    );
}

#[test]
fn the_resume_prompt_guards_what_cannot_be_taken_back() {
    let mut a = app(&[("alice.preflight", StepState::Done), ("alice.kms-key", StepState::Done)]);
    assert!(matches!(a.dialog, Some(Dialog::Resume(_))));
    a.update(ch('r'));
    assert!(a.dialog.is_none());
    assert_eq!(a.step().id, "alice.kms-replica");
    // b rolls everything back only once teardown is typed.
    let mut b = app(&[("alice.preflight", StepState::Done)]);
    assert!(b.update(ch('b')).is_empty());
    assert!(matches!(&b.dialog, Some(Dialog::Typed(t)) if t.word == "teardown"));
    b.update(key(KeyCode::Esc));
    assert!(
        matches!(b.dialog, Some(Dialog::Resume(_))),
        "Esc goes back to the prompt"
    );
    b.update(ch('b'));
    typed(&mut b, "teardown");
    assert_eq!(b.update(key(KeyCode::Enter)), vec![Cmd::Teardown]);
    // s says what is forgotten and asks, on the simulated cloud.
    let mut c = app(&[("alice.preflight", StepState::Done)]);
    assert!(c.update(ch('s')).is_empty());
    assert!(matches!(c.dialog, Some(Dialog::Ask(_))));
    assert!(render(&c, 80, 24).contains("forgotten"));
    assert_eq!(c.update(ch('y')), vec![Cmd::StartFresh]);
    // On a real account, with changes the journal could undo, forgetting takes the word.
    let mut j = journal(&[("alice.kms-key", StepState::Done)]);
    j.backend = "aws".into();
    j.steps.get_mut("alice.kms-key").unwrap().undo.push(undo());
    let mut d = sized(App::new(catalog(), j, "aws"));
    d.update(ch('s'));
    let Some(Dialog::Typed(t)) = &d.dialog else {
        panic!("{:?}", d.dialog)
    };
    assert_eq!(t.word, "forget");
    assert!(d.update(ch('y')).is_empty());
}

#[test]
fn teardown_needs_the_word_typed() {
    let mut a = app(&[]);
    a.update(ch('T'));
    typed(&mut a, "teardow");
    assert!(a.update(key(KeyCode::Enter)).is_empty());
    a.update(ch('n'));
    assert_eq!(a.update(key(KeyCode::Enter)), vec![Cmd::Teardown]);
}

#[test]
fn quitting_while_a_step_runs_asks_then_stops_after_the_call() {
    let mut a = app(&[]);
    a.update(ch('a'));
    a.update(ch('y'));
    assert!(a.running);
    assert!(a.update(ch('q')).is_empty());
    assert!(matches!(a.dialog, Some(Dialog::Quit(_))));
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
    b.update(ctrl('c'));
    assert_eq!(b.update(ctrl('c')), vec![Cmd::Quit]);
}

// ---------------------------------------------------------------- runs, results, drift

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
fn a_failure_is_on_the_page_and_its_whole_error_one_key_away() {
    let mut a = app(&[]);
    goto(&mut a, "alice.kms-key");
    a.update(ch('a'));
    a.update(ch('y'));
    let step = "alice.kms-key".to_string();
    let error = "kms CreateKey: access denied: the caller lacks kms:CreateKey [request id 4f1c-77]";
    a.update(Msg::Engine(Event::StepStarted { step: step.clone() }));
    a.update(Msg::Engine(Event::StepFinished {
        step: step.clone(),
        state: StepState::Failed,
        error: Some(error.into()),
    }));
    a.update(Msg::Engine(Event::RollbackStarted { step: step.clone() }));
    assert!(a.live[&step].rolling_back);
    a.update(Msg::Engine(Event::RollbackFinished {
        step: step.clone(),
        ok: true,
        error: None,
    }));
    let mut j = journal(&[("alice.kms-key", StepState::RolledBack)]);
    j.steps.get_mut("alice.kms-key").unwrap().error = Some(error.into());
    a.update(Msg::Journal(Box::new(j)));
    a.update(Msg::RunDone {
        summary: format!("alice.kms-key failed and was rolled back: {error}"),
        code: 1,
    });
    assert_eq!(a.state("alice.kms-key"), StepState::RolledBack);
    let screen = render(&a, 120, 40);
    assert!(screen.contains("access denied"), "{screen}");
    a.update(ch('E'));
    assert!(matches!(a.dialog, Some(Dialog::Detail(_))));
    assert!(render(&a, 80, 24).contains("4f1c-77"));
}

#[test]
fn a_step_whose_inputs_changed_since_it_was_done_is_marked_with_its_dependents() {
    let mut j = journal(&alice_done());
    j.steps.get_mut("alice.kms-key").unwrap().inputs = old_alias();
    let mut a = sized(App::new(catalog(), j, "sim"));
    a.update(ch('r'));
    assert!(a.drifted("alice.kms-key"));
    assert!(a.drifted("alice.kms-replica"), "a step that stands on it is marked too");
    assert!(!a.drifted("alice.preflight"));
    goto(&mut a, "alice.kms-key");
    let screen = render(&a, 80, 24);
    assert!(screen.contains("≠"), "{screen}");
    assert!(screen.contains("alias/old-name"), "{screen}");
    // Applying it again is offered, and the run is told to redo the done step.
    a.update(ch('a'));
    let Some(Dialog::Confirm(c)) = a.dialog.clone() else {
        panic!("{:?}", a.dialog)
    };
    let Pending::Apply { reapply, .. } = c.pending;
    assert!(reapply.contains(&"alice.kms-key".to_string()), "{reapply:?}");
}

#[test]
fn the_summary_opens_by_itself_when_the_setup_is_complete() {
    let mut a = app(&[]);
    let mut j = all_done(&a);
    j.steps
        .get_mut("ethan.select")
        .unwrap()
        .outputs
        .insert("result".into(), "read 3 rows".into());
    a.update(ch('A'));
    a.update(ch('y'));
    a.update(Msg::Journal(Box::new(j)));
    a.update(Msg::RunDone {
        summary: "done".into(),
        code: 0,
    });
    assert_eq!(a.screen, Screen::Summary);
    let screen = render(&a, 80, 24);
    assert!(screen.contains("read 3 rows"), "{screen}");
    assert!(screen.contains("complete"), "{screen}");
    a.update(key(KeyCode::Esc));
    assert_eq!(a.screen, Screen::Main);
    a.update(ch('S'));
    assert_eq!(a.screen, Screen::Summary);
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
    a.update(key(KeyCode::Down));
    a.update(key(KeyCode::Down));
    assert_eq!(a.step().id, "alice.kms-replica");
    assert!(render(&a, 120, 40).contains(" alice.kms-replica "));
}

// ---------------------------------------------------------------- the log

#[test]
fn the_log_keeps_a_bounded_number_of_lines_and_follows_or_stays() {
    let mut a = app(&[]);
    for i in 0..10_050 {
        a.update(Msg::Engine(Event::Note {
            step: "alice.preflight".into(),
            message: format!("line {i}"),
        }));
    }
    assert_eq!(a.log.len(), tipwiz::tui::app::LOG_LIMIT);
    a.update(Msg::Resize { width: 120, height: 40 });
    assert!(render(&a, 120, 40).contains("line 10049"), "the pane shows the newest");
    a.update(ch('L'));
    assert_eq!(a.screen, Screen::Log);
    assert!(render(&a, 120, 40).contains("line 10049"));
    // A page up moves by the lines visible, and new lines do not move the view.
    a.update(key(KeyCode::PageUp));
    let top = a.log_view.top.expect("held in place");
    assert!(
        top + 2 * a.main_rows() >= a.log.len() && top + a.main_rows() < a.log.len(),
        "{top}"
    );
    a.update(Msg::Engine(Event::Note {
        step: "alice.preflight".into(),
        message: "newer".into(),
    }));
    assert!(!render(&a, 120, 40).contains("newer"));
    a.update(key(KeyCode::End));
    assert!(render(&a, 120, 40).contains("newer"));
}

#[test]
fn long_log_lines_wrap_or_are_marked_cut() {
    let mut a = app(&[]);
    let long = format!("the start {} THE-END", "x".repeat(150));
    a.update(Msg::Engine(Event::Note {
        step: "alice.preflight".into(),
        message: long,
    }));
    a.update(ch('L'));
    let cut = render(&a, 80, 24);
    assert!(cut.contains('→') && !cut.contains("THE-END"), "{cut}");
    a.update(ch('w'));
    assert!(render(&a, 80, 24).contains("THE-END"));
}

// ---------------------------------------------------------------- every page whole at 80x24

#[test]
fn every_page_at_80x24_can_be_read_to_its_end() {
    let mut a = app(&[]);
    let n = a.catalog.steps().len();
    for i in 0..n {
        let id = a.catalog.steps()[i].id.clone();
        goto(&mut a, &id);
        // The page's last row as it is wrapped for the pane (a word wider than the pane is cut
        // across rows, so the row, not the word, is what must show).
        let rows = &a.page.rows;
        let tail: String = rows
            .iter()
            .rev()
            .map(|(_, l)| l.spans.iter().map(|(s, _)| s.as_str()).collect::<String>())
            .find(|t| !t.trim().is_empty())
            .unwrap()
            .trim()
            .to_string();
        let mut seen = false;
        for _ in 0..60 {
            if render(&a, 80, 24).contains(tail.trim()) {
                seen = true;
                break;
            }
            a.update(key(KeyCode::PageDown));
        }
        assert!(
            seen,
            "{}: the end of its page ({tail:?}) is never on screen",
            a.step().id
        );
        if a.step().needs_confirmation() {
            assert!(render(&a, 80, 24).contains("press a"), "{}", a.step().id);
        }
    }
}

#[test]
fn the_key_bar_always_shows_help_and_quit_and_the_list_says_what_is_beyond() {
    for (w, h) in [(80, 24), (100, 30), (200, 60)] {
        let mut a = app(&[]);
        a.update(Msg::Resize { width: w, height: h });
        let s = render(&a, w, h);
        assert!(s.contains("? help") && s.contains("q quit"), "{w}x{h}:\n{s}");
    }
    let a = app(&[]);
    let s = render(&a, 80, 24);
    assert!(s.contains("▼"), "{s}");
    assert!(
        s.contains("lf-readonly-admin") && s.contains("s3tables-register"),
        "names are whole: {s}"
    );
}

#[test]
fn nothing_on_the_map_is_cut_from_80_to_200_columns() {
    let mut a = app(&alice_done());
    a.update(ch('r'));
    a.update(ch('m'));
    for w in (80..=200).step_by(7) {
        for h in [24, 40] {
            a.update(Msg::Resize { width: w, height: h });
            let s = render(&a, w, h);
            for p in tipwiz::tui::map::PARTS {
                assert!(s.contains(p.label), "{w}x{h}: {} is cut\n{s}", p.label);
            }
        }
    }
}

#[test]
fn the_map_puts_the_replica_and_its_key_in_account_a() {
    use tipwiz::catalog::{AccountRole, RegionRole};
    for label in ["Identity Center replica", "KMS replica key"] {
        let p = tipwiz::tui::map::PARTS.iter().find(|p| p.label == label).unwrap();
        assert_eq!((p.account, p.region), (AccountRole::Management, RegionRole::Secondary));
    }
}

#[test]
fn a_small_terminal_gets_a_message_not_a_broken_screen() {
    let a = app(&[]);
    let s = render(&a, 60, 20);
    assert!(s.contains("at least 80x24") && s.contains("60x20"), "{s}");
}

// ---------------------------------------------------------------- themes

#[test]
fn themes_load_and_no_color_wins() {
    for (name, _) in tipwiz::tui::theme::BUILTIN {
        Theme::load(Some(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(Theme::load(Some("no-such-theme")).unwrap_err().contains("--theme"));
    assert!(Theme::parse("name = \"x\"\ntext = \"mauve-ish\"\nmuted = \"gray\"\naccent = \"red\"\nok = \"red\"\nwarn = \"red\"\nerror = \"red\"\nselection = \"red\"\nborder = \"red\"\n").unwrap_err().contains("text"));
}

#[test]
fn auto_picks_a_theme_for_the_background_and_24_bit_colour_only_when_told() {
    use ratatui::style::Color;
    use tipwiz::tui::theme::{Background, Env};
    let plain = Env {
        no_color: false,
        colorterm: None,
        colorfgbg: None,
    };
    assert_eq!(
        Theme::resolve(None, &plain, Some(Background::Light)).unwrap().name,
        "light"
    );
    assert_eq!(
        Theme::resolve(None, &plain, Some(Background::Dark)).unwrap().name,
        "dark"
    );
    // Nothing known about the background: a theme that reads on both.
    assert_eq!(Theme::resolve(None, &plain, None).unwrap().name, "terminal");
    let fgbg = Env {
        colorfgbg: Some("0;15".into()),
        ..plain.clone()
    };
    assert_eq!(Theme::resolve(None, &fgbg, None).unwrap().name, "light");
    let colours = |t: &Theme| [t.text, t.muted, t.accent, t.ok, t.warn, t.error].map(|s| s.fg);
    let dark = Theme::resolve(Some("dark"), &plain, None).unwrap();
    assert!(
        !colours(&dark).iter().any(|c| matches!(c, Some(Color::Rgb(..)))),
        "no 24-bit colour unless COLORTERM says so"
    );
    let truecolor = Env {
        colorterm: Some("truecolor".into()),
        ..plain.clone()
    };
    let dark = Theme::resolve(Some("dark"), &truecolor, None).unwrap();
    assert!(colours(&dark).iter().any(|c| matches!(c, Some(Color::Rgb(..)))));
    let no_color = Env {
        no_color: true,
        ..plain
    };
    let t = Theme::resolve(Some("dark"), &no_color, None).unwrap();
    assert!(colours(&t).iter().all(|c| c.is_none() || *c == Some(Color::Reset)));
}

// ---------------------------------------------------------------- screens

#[test]
fn screen_step_page_with_a_valid_form() {
    let mut a = app(&[]);
    goto(&mut a, "alice.kms-key");
    a.update(key(KeyCode::Enter));
    snap("form_valid", &mut a);
}

#[test]
fn screen_step_page_with_errors() {
    let mut a = app(&[]);
    goto(&mut a, "bob.s3-bucket");
    a.update(key(KeyCode::Enter));
    clear(&mut a);
    typed(&mut a, "amzn-s3-demo-bucket");
    snap("form_errors", &mut a);
}

#[test]
fn screen_map() {
    let mut a = app(&alice_done());
    goto(&mut a, "bob.lf-defaults");
    a.update(ch('m'));
    snap("map", &mut a);
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
    snap("running", &mut a);
}

#[test]
fn screen_failed_with_rollback() {
    let mut j = journal(&[
        ("alice.preflight", StepState::Done),
        ("alice.kms-key", StepState::RolledBack),
    ]);
    j.steps.get_mut("alice.kms-key").unwrap().error =
        Some("kms CreateKey: access denied to CreateKey: the caller lacks kms:CreateKey on the account".into());
    let mut a = sized(App::new(catalog(), j, "sim"));
    a.update(ch('r'));
    goto(&mut a, "alice.kms-key");
    a.update(Msg::RunDone {
        summary: "alice.kms-key failed and was rolled back".into(),
        code: 1,
    });
    snap("failed_rolled_back", &mut a);
}

#[test]
fn screen_manual_checklist() {
    let mut a = app(&alice_done());
    goto(&mut a, "alice.acs-urls");
    snap("manual_checklist", &mut a);
}

#[test]
fn screen_confirm_dialog() {
    let mut a = app(&[]);
    goto(&mut a, "alice.kms-replica");
    a.update(ch('a'));
    snap("confirm", &mut a);
}

#[test]
fn screen_policies() {
    let mut a = app(&[]);
    goto(&mut a, "alice.kms-key");
    a.update(ch('a'));
    a.update(ch('p'));
    snap("policies", &mut a);
}

#[test]
fn screen_help() {
    let mut a = app(&[]);
    a.update(ch('?'));
    snap("help", &mut a);
}

#[test]
fn screen_resume_prompt() {
    let mut a = app(&alice_done());
    snap("resume", &mut a);
}

#[test]
fn screen_resume_start_fresh() {
    let mut a = app(&alice_done());
    a.update(ch('s'));
    snap("resume_fresh", &mut a);
}

#[test]
fn screen_typed_rollback() {
    let mut j = journal(&alice_done());
    for id in ["alice.kms-key", "alice.kms-replica", "alice.idc-encryption"] {
        j.steps.get_mut(id).unwrap().undo.push(undo());
    }
    let mut a = sized(App::new(catalog(), j, "sim"));
    a.update(ch('r'));
    goto(&mut a, "alice.kms-key");
    a.update(ch('r'));
    snap("typed_rollback", &mut a);
}

#[test]
fn screen_region_choice() {
    let mut a = app(&[]);
    a.update(key(KeyCode::Enter));
    let r = a.fields.iter().position(|f| f.key == "secondary_region").unwrap();
    while a.field != r {
        a.update(key(KeyCode::Tab));
    }
    a.update(ctrl('o'));
    snap("region_choice", &mut a);
}

#[test]
fn screen_drift() {
    let mut j = journal(&alice_done());
    j.steps.get_mut("alice.kms-key").unwrap().inputs = old_alias();
    let mut a = sized(App::new(catalog(), j, "sim"));
    a.update(ch('r'));
    goto(&mut a, "alice.kms-key");
    snap("drift", &mut a);
}

#[test]
fn screen_log_full() {
    let mut a = app(&[]);
    for i in 0..40 {
        a.update(Msg::Engine(Event::Note {
            step: "alice.preflight".into(),
            message: format!("line {i}: {}", "a long line that goes on ".repeat(i % 5)),
        }));
    }
    a.update(ch('L'));
    snap("log_full", &mut a);
}

#[test]
fn screen_error_detail() {
    let mut a = app(&[]);
    goto(&mut a, "alice.kms-key");
    a.update(ch('a'));
    a.update(ch('y'));
    a.update(Msg::Engine(Event::StepFinished {
        step: "alice.kms-key".into(),
        state: StepState::Failed,
        error: Some("kms CreateKey: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/Admin/alice is not authorized to perform: kms:CreateKey; see tipwiz permissions --persona alice [request id 0e2f4a]".into()),
    }));
    a.update(Msg::RunDone {
        summary: "failed".into(),
        code: 1,
    });
    a.update(ch('E'));
    snap("error_detail", &mut a);
}

#[test]
fn screen_summary() {
    let mut a = app(&[]);
    let mut j = all_done(&a);
    j.steps
        .get_mut("ethan.select")
        .unwrap()
        .outputs
        .insert("result".into(), "read 3 rows from the table".into());
    j.steps
        .get_mut("ethan.denied")
        .unwrap()
        .outputs
        .insert("result".into(), "denied as expected".into());
    a.update(Msg::Journal(Box::new(j)));
    a.update(ch('S'));
    snap("summary", &mut a);
}

#[test]
fn screen_ethan_sql() {
    let mut a = app(&[]);
    goto(&mut a, "ethan.copy-join");
    snap("ethan_sql", &mut a);
}

// ---------------------------------------------------------------- the real binary in a terminal

/// Drives the real binary in tmux: a real terminal, real keys, the screen as a person sees it.
/// Skipped (with a line saying so) where tmux is not installed; .ci/run installs it.
struct Tmux {
    name: String,
}

fn have_tmux() -> bool {
    let ok = std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        // CI installs tmux (.ci/run): there, a missing one is a failure, not a skip.
        assert!(std::env::var_os("CI").is_none(), "tmux is not installed");
        eprintln!("tmux is not installed: the terminal tests are skipped");
    }
    ok
}

impl Tmux {
    fn start(args: &str, size: (u16, u16), home: &std::path::Path) -> Tmux {
        Tmux::start_with("", args, size, home)
    }
    /// With `env` (NAME=value ...) set for the binary.
    fn start_with(env: &str, args: &str, size: (u16, u16), home: &std::path::Path) -> Tmux {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let name = format!(
            "tipwiz-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        );
        let cmd = format!(
            "env -u AWS_CONFIG_FILE -u AWS_SHARED_CREDENTIALS_FILE -u AWS_PROFILE HOME={} {env} {} {args}; sleep 5",
            home.display(),
            env!("CARGO_BIN_EXE_tipwiz")
        );
        // A tmux server whose last session just ended is on its way out and can refuse a new
        // one ("server exited unexpectedly"); the next try starts a fresh server.
        let mut last = String::new();
        for _ in 0..5 {
            let out = std::process::Command::new("tmux")
                .args(["-L", "tipwiz-tests", "new-session", "-d", "-s", &name])
                .args(["-x", &size.0.to_string(), "-y", &size.1.to_string(), &cmd])
                .output()
                .expect("tmux runs");
            if out.status.success() {
                return Tmux { name };
            }
            last = String::from_utf8_lossy(&out.stderr).into();
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        panic!("tmux could not start a session: {last}");
    }
    fn tmux(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new("tmux")
            .args(["-L", "tipwiz-tests"])
            .args(args)
            .output()
            .unwrap()
    }
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", &self.name, k]);
        }
    }
    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", &self.name]).stdout).into()
    }
    /// Polls the real terminal until the screen shows `text`; fails after 30 s.
    fn wait_for(&self, text: &str) -> String {
        for _ in 0..300 {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("the screen never showed {text:?}:\n{}", self.screen());
    }
    fn gone(&self, text: &str) -> bool {
        for _ in 0..100 {
            if !self.screen().contains(text) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-session", "-t", &self.name]);
    }
}

#[test]
fn the_demo_applies_steps_quits_and_offers_to_resume_at_80x24_and_120x40() {
    if !have_tmux() {
        return;
    }
    for size in [(80, 24), (120, 40)] {
        let home = tempfile::tempdir().unwrap();
        let state = home.path().join("state");
        let args = format!("demo --pace instant --state {}", state.display());
        {
            let t = Tmux::start(&args, size, home.path());
            t.wait_for("alice.preflight");
            t.keys(&["Down", "a"]);
            let s = t.wait_for("y go ahead");
            assert!(
                s.contains("alice.kms-key") && s.contains("Apply?"),
                "the dialog names what runs: {s}"
            );
            // Enter must leave the dialog open: p (the policies) only works while it is.
            t.keys(&["Enter", "p"]);
            t.wait_for("Policies the steps send");
            t.keys(&["Escape"]);
            t.wait_for("y go ahead");
            t.keys(&["y"]);
            let s = t.wait_for("2/28 steps");
            assert!(s.contains("✓ kms-key"), "{s}");
            assert!(s.contains("? help") && s.contains("q quit"), "{size:?}: {s}");
            t.keys(&["q"]);
            assert!(t.gone("tipwiz ·"), "q did not quit");
        }
        let t = Tmux::start(&args, size, home.path());
        let s = t.wait_for("Resume?");
        assert!(s.contains("2 of 28 steps are done"), "{s}");
        t.keys(&["b"]);
        t.wait_for("Type teardown");
        t.keys(&["Escape"]);
        assert!(t.gone("Type teardown"), "Esc leaves the typed confirmation");
        t.wait_for("resume at alice.kms-replica");
        t.keys(&["r"]);
        t.wait_for("resumed at alice.kms-replica");
    }
}

#[test]
fn on_aws_the_profile_input_lists_the_profiles_of_the_config_file() {
    if !have_tmux() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aws")).unwrap();
    std::fs::write(
        home.path().join(".aws/config"),
        "[profile corp-admin]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n[profile lake-admin]\nrole_arn = arn:aws:iam::444455556666:role/LakeAdmin\nsource_profile = corp-admin\n",
    )
    .unwrap();
    std::fs::write(
        home.path().join(".aws/credentials"),
        "[keys-only]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n",
    )
    .unwrap();
    let state = home.path().join("state");
    let t = Tmux::start(&format!("--state {}", state.display()), (100, 30), home.path());
    t.wait_for("alice.preflight");
    t.keys(&["Enter"]);
    t.wait_for("Tab next");
    let at = catalog()
        .get("alice.preflight")
        .unwrap()
        .fields
        .iter()
        .position(|f| f.key == "management_profile")
        .unwrap();
    for _ in 0..at {
        t.keys(&["Tab"]);
    }
    t.keys(&["C-o"]);
    let s = t.wait_for("lake-admin");
    assert!(s.contains("corp-admin") && s.contains("SSO"), "{s}");
    assert!(s.contains("keys-only") && s.contains("static keys"), "{s}");
    assert!(s.contains("role"), "{s}");
}

/// `tipwiz demo` (with `args`) fed `input` on a pipe: its exit code and what it printed.
fn piped_demo(state: &std::path::Path, args: &[&str], input: &[u8]) -> (Option<i32>, String) {
    use std::io::Write;
    let mut child = tipwiz()
        .arg("demo")
        .args(args)
        .arg("--state")
        .arg(state)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into())
}

#[test]
fn piped_answers_that_are_wrong_twice_stop_with_exit_2() {
    let state = tempfile::tempdir().unwrap();
    // What `yes | tipwiz demo --plain` sends: y to every question.
    let (code, text) = piped_demo(state.path(), &["--plain"], "y\n".repeat(50).as_bytes());
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("management_account_id") && text.contains("wrong twice"),
        "{text}"
    );
    // Input that ends part-way stops with 2 too, naming what was asked.
    let (code, text) = piped_demo(state.path(), &["--plain"], b"\n\n");
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("The input ended"), "{text}");
}

#[test]
fn without_a_terminal_the_demo_runs_as_line_prompts() {
    let state = tempfile::tempdir().unwrap();
    // Enter everywhere: defaults kept, steps applied, manual steps left for later.
    let (code, text) = piped_demo(state.path(), &[], "\n".repeat(200).as_bytes());
    assert_eq!(code, Some(3), "{text}");
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
fn the_list_says_the_same_state_words_as_the_page_and_status() {
    let mut a = app(&[
        ("alice.preflight", StepState::DoneElsewhere),
        ("alice.kms-key", StepState::RolledBack),
    ]);
    a.update(ch('r'));
    let s = render(&a, 80, 24);
    for w in ["done elsewhere", "rolled back", "to do"] {
        assert!(s.contains(w), "{w}: {s}");
    }
    let status = tipwiz::report::status(&catalog(), Some(&a.journal), &[]);
    assert!(
        status.contains("done elsewhere") && status.contains("rolled back"),
        "{status}"
    );
}

/// Against moto, the wizard opens with the account ids and the cluster read from the account,
/// not typed and not the example organisation's.
#[cfg(feature = "aws")]
#[test]
fn against_moto_the_wizard_opens_with_the_account_read_from_it() {
    let Some(url) = crate::contract::moto() else { return };
    if !have_tmux() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let t = Tmux::start_with(
        "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1",
        &format!("--endpoint-url {url} --state {}", state.display()),
        (120, 40),
        home.path(),
    );
    let s = t.wait_for("alice.preflight");
    assert!(s.contains("123456789012"), "moto's account id on the first page: {s}");
    assert!(!s.contains("111122223333"), "nothing of the example organisation: {s}");
}

/// The presenter's path: the whole demo at 80x24, by keys alone, ends on the summary with the
/// proof on it.
#[test]
fn the_whole_demo_runs_at_80x24_and_ends_on_the_summary() {
    if !have_tmux() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let t = Tmux::start(
        &format!("demo --pace instant --state {}", state.display()),
        (80, 24),
        home.path(),
    );
    t.wait_for("alice.preflight");
    let confirm = |t: &Tmux, keys: &[&str], then: &str| {
        t.keys(keys);
        t.wait_for("y go ahead");
        t.keys(&["y"]);
        t.wait_for(then)
    };
    // Alice's part stops at the step a person does.
    confirm(&t, &["A"], "7/28 steps");
    confirm(&t, &["Up", "Up", "a"], "8/28 steps");
    confirm(&t, &["Down", "Down", "Down", "A"], "22/28 steps");
    for n in 23..28 {
        confirm(&t, &["Down", "a"], &format!("{n}/28 steps"));
    }
    confirm(&t, &["Down", "a"], "28/28 steps");
    let s = t.wait_for("The setup is complete");
    assert!(s.contains("denied as expected"), "{s}");
}

#[test]
fn on_an_account_with_no_journal_the_wizard_reads_it_first_and_each_page_says_what_it_found() {
    use tipwiz::catalog::Persona;
    use tipwiz::engine::doctor::{Finding, Health};
    let mut aws = sized(App::new(catalog(), journal(&[]), "aws"));
    assert_eq!(aws.on_start(), Some(Cmd::Doctor));
    assert!(app(&[]).on_start().is_none(), "the demo starts from nothing");
    let mut busy = sized(App::new(
        catalog(),
        journal(&[("alice.preflight", StepState::Done)]),
        "aws",
    ));
    assert!(busy.on_start().is_none(), "a journal here is resumed, not re-read");
    // D reads it at any time.
    let mut a = app(&[]);
    assert_eq!(a.update(ch('D')), vec![Cmd::Doctor]);
    a.update(Msg::Findings(vec![
        Finding {
            step: "alice.preflight".into(),
            persona: Persona::Alice,
            health: Health::InPlace,
            detail: String::new(),
            fix: vec![],
        },
        Finding {
            step: "alice.kms-key".into(),
            persona: Persona::Alice,
            health: Health::Problem,
            detail: "no key has the alias alias/anycompany-identity-center".into(),
            fix: vec!["tipwiz apply --only alice.kms-key".into()],
        },
    ]));
    assert!(
        a.message
            .as_ref()
            .unwrap()
            .1
            .contains("1 step(s) already in place, 1 with something"),
        "{:?}",
        a.message
    );
    assert!(render(&a, 80, 24).contains("In the account already"));
    goto(&mut a, "alice.kms-key");
    let s = render(&a, 80, 24);
    assert!(s.contains("no key has the alias") && s.contains("fix:"), "{s}");
}

#[test]
fn d_in_the_demo_reads_the_simulated_account() {
    if !have_tmux() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let t = Tmux::start(
        &format!("demo --pace instant --state {}", state.display()),
        (100, 30),
        home.path(),
    );
    t.wait_for("alice.preflight");
    t.keys(&["D"]);
    let s = t.wait_for("the account read:");
    assert!(s.contains("In the account"), "{s}");
}

#[test]
fn a_personas_first_page_shows_its_policy_and_y_copies_it() {
    let a = app(&[]);
    let s: String = a
        .page
        .lines
        .iter()
        .map(|l| l.spans.iter().map(|(t, _)| t.as_str()).collect::<String>() + "\n")
        .collect();
    assert!(s.contains("The IAM policy Alice needs"), "{s}");
    assert!(s.contains("kms:CreateKey"), "{s}");
    let mut a = a;
    let cmds = a.update(ch('y'));
    let Some(Cmd::Copy(json)) = cmds.first() else {
        panic!("{cmds:?}")
    };
    let doc: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(doc["Version"], "2012-10-17");
    goto(&mut a, "bob.preflight");
    assert!(
        a.page
            .lines
            .iter()
            .any(|l| l.spans.iter().any(|(t, _)| t.contains("The IAM policy Bob needs")))
    );
    goto(&mut a, "ethan.sign-in");
    assert!(
        !a.page
            .lines
            .iter()
            .any(|l| l.spans.iter().any(|(t, _)| t.contains("The IAM policy")))
    );
}
