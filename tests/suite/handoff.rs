//! The handoff file: written from a journal, read back checked like an answers file.

use crate::common::*;
use tipwiz::handoff::{self, HandoffError};
use tipwiz::journal::StepState;

fn finished_alice() -> tipwiz::journal::JournalData {
    let dir = tempfile::tempdir().unwrap();
    let (_sim, engine) = open(dir.path(), None);
    let opts = tipwiz::engine::RunOptions {
        persona: Some(tipwiz::catalog::Persona::Alice),
        ..all_steps()
    };
    assert_eq!(run(engine.apply(&opts)), tipwiz::engine::Outcome::Done);
    engine.journal.snapshot()
}

#[test]
fn a_handoff_carries_the_outputs_of_the_other_personas_and_reads_back() {
    let c = catalog();
    let data = finished_alice();
    let text = handoff::write(&c, &data, Some(tipwiz::catalog::Persona::Bob));
    assert!(text.starts_with("# tipwiz handoff for Bob"), "{text}");
    let read = handoff::read(&c, &text, "h.toml").unwrap();
    assert_eq!(read.len(), 8, "Alice's eight steps");
    assert_eq!(
        read["alice.preflight"]["instance_arn"],
        data.output("alice.preflight", "instance_arn").unwrap()
    );
    // Imported into an empty journal as done elsewhere; twice is the same.
    let mut mine = tipwiz::journal::JournalData {
        steps: Default::default(),
        ..data.clone()
    };
    let imported = handoff::import(&mut mine, &read, "h.toml").unwrap();
    assert_eq!(imported.len(), 8);
    assert_eq!(mine.state("alice.kms-key"), StepState::DoneElsewhere);
    assert!(handoff::import(&mut mine, &read, "h.toml").unwrap().is_empty());
}

#[test]
fn a_bad_handoff_is_refused_with_what_is_wrong() {
    let c = catalog();
    for (text, says) in [
        ("", "no version = 1"),
        ("version = 2\n", "version 2"),
        (
            "version = 1\n[steps.\"alice.nope\"]\nstate = \"done\"\n",
            "no step alice.nope",
        ),
        (
            "version = 1\n[steps.\"alice.preflight\"]\nstate = \"failed\"\n",
            "must be \"done\"",
        ),
        (
            "version = 1\n[steps.\"alice.preflight\".outputs]\ninstance_arn = \"ssoins-1\"\n",
            "must be \"done\"",
        ),
        (
            "version = 1\n[steps.\"alice.preflight\"]\nstate = \"done\"\noutputs = { instance_arn = \"ssoins-1\" }\n",
            "is not an ARN",
        ),
        (
            "version = 1\n[steps.\"alice.preflight\"]\nstate = \"done\"\noutputs = { x = \"a\\nb\" }\n",
            "one line",
        ),
        ("version = 1\nsecret = \"k\"\n", "unknown key secret"),
    ] {
        let e = handoff::read(&c, text, "h.toml").unwrap_err().to_string();
        assert!(e.contains(says), "{text:?}: {e}");
    }
}

#[test]
fn a_handoff_that_disagrees_with_this_journal_is_refused() {
    let c = catalog();
    let mut data = finished_alice();
    let mut read = handoff::read(&c, &handoff::write(&c, &data, None), "h.toml").unwrap();
    read.get_mut("alice.preflight").unwrap().insert(
        "instance_arn".into(),
        "arn:aws:sso:::instance/ssoins-ffffffffffffffff".into(),
    );
    let e = handoff::import(&mut data, &read, "h.toml").unwrap_err();
    assert!(matches!(e, HandoffError::Conflict { .. }), "{e}");
}
