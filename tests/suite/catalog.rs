use tipwiz::catalog::{Catalog, Persona, load_sources};

const GOOD: &str = r#"
persona = "alice"
[[step]]
id = "a.one"
account = "management"
region = "primary"
title = "One"
why = "Because."
action = "manual"
depends = []
operations = []
checklist = ["Do it."]

[[step]]
id = "a.two"
account = "management"
region = "primary"
title = "Two"
why = "Because."
action = "alice.preflight"
depends = ["a.one"]
operations = ["sts:GetCallerIdentity"]
"#;

fn load(text: &str) -> Result<Catalog, String> {
    load_sources(vec![("broken.toml".into(), text.into())], &tipwiz::actions::ids()).map_err(|e| e.to_string())
}

#[test]
fn the_shipped_catalog_has_the_28_steps_in_dependency_order() {
    let c = tipwiz::actions::catalog().unwrap();
    assert_eq!(c.steps().len(), 28);
    for (i, s) in c.steps().iter().enumerate() {
        for d in &s.depends {
            assert!(c.position(d).unwrap() < i, "{} comes before its dependency {d}", s.id);
        }
    }
    let ids: Vec<&str> = c.steps().iter().map(|s| s.id.as_str()).collect();
    for id in [
        "alice.preflight",
        "alice.kms-key",
        "bob.s3tables-register",
        "ethan.denied",
        "verify.cloudtrail",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    assert_eq!(c.by_persona(Persona::Alice).count(), 8);
    assert_eq!(
        c.by_persona(Persona::Ethan).count(),
        6,
        "his five steps and the CloudTrail proof of them"
    );
}

#[test]
fn every_step_explains_itself_and_names_its_operations() {
    let c = tipwiz::actions::catalog().unwrap();
    for s in c.steps() {
        let sentences = s.why.matches(". ").count() + 1;
        assert!(
            (2..=6).contains(&sentences),
            "{}: 'why' has {sentences} sentences",
            s.id
        );
        assert!(
            s.is_manual() || !s.operations.is_empty() || s.persona == Persona::Ethan,
            "{} lists no operations",
            s.id
        );
    }
}

#[test]
fn a_good_small_catalog_loads() {
    let c = load(GOOD).unwrap();
    assert_eq!(c.steps()[1].id, "a.two");
}

#[test]
fn an_unknown_action_is_named_with_file_and_step() {
    let e = load(&GOOD.replace("alice.preflight", "no.such.action")).unwrap_err();
    assert!(
        e.contains("broken.toml: step 'a.two': unknown action 'no.such.action'"),
        "{e}"
    );
}

#[test]
fn an_unknown_validator_is_named() {
    let text = format!(
        "{GOOD}\n[[step.field]]\nkey = \"k\"\nlabel = \"K\"\nhelp = \"h\"\ndefault = \"x\"\nvalidator = \"nonsense\"\n"
    );
    let e = load(&text).unwrap_err();
    assert!(
        e.contains("step 'a.two': field 'k' names unknown validator 'nonsense'"),
        "{e}"
    );
}

#[test]
fn a_default_that_breaks_its_rule_is_named() {
    let text = format!(
        "{GOOD}\n[[step.field]]\nkey = \"k\"\nlabel = \"K\"\nhelp = \"h\"\ndefault = \"12\"\nvalidator = \"account_id\"\n"
    );
    let e = load(&text).unwrap_err();
    assert!(e.contains("the default of field 'k' breaks its own rule"), "{e}");
}

#[test]
fn a_duplicate_id_is_named() {
    let e = load(
        &GOOD
            .replace("id = \"a.two\"", "id = \"a.one\"")
            .replace("depends = [\"a.one\"]", "depends = []"),
    )
    .unwrap_err();
    assert!(e.contains("step 'a.one': duplicate step id"), "{e}");
}

#[test]
fn a_dangling_dependency_is_named() {
    let e = load(&GOOD.replace("depends = [\"a.one\"]", "depends = [\"a.zero\"]")).unwrap_err();
    assert!(e.contains("step 'a.two': depends on unknown step 'a.zero'"), "{e}");
}

#[test]
fn a_cycle_is_named_with_its_path() {
    let e = load(&GOOD.replacen("depends = []", "depends = [\"a.two\"]", 1)).unwrap_err();
    assert!(e.contains("dependency cycle"), "{e}");
    assert!(
        e.contains("a.one -> a.two -> a.one") || e.contains("a.two -> a.one -> a.two"),
        "{e}"
    );
}

#[test]
fn a_missing_required_key_is_named() {
    let e = load(&GOOD.replace("title = \"Two\"\n", "")).unwrap_err();
    assert!(
        e.contains("broken.toml: step 'a.two': missing required key 'title'"),
        "{e}"
    );
}

#[test]
fn a_manual_step_without_checklist_and_a_bad_operation_are_named() {
    let e = load(
        &GOOD
            .replace("checklist = [\"Do it.\"]", "")
            .replace("sts:GetCallerIdentity", "getcalleridentity"),
    )
    .unwrap_err();
    assert!(e.contains("step 'a.one': a manual step needs a checklist"), "{e}");
    assert!(
        e.contains("operation 'getcalleridentity' is not written as service:Operation"),
        "{e}"
    );
}

#[test]
fn a_checklist_naming_an_unknown_field_is_named() {
    let e = load(&GOOD.replace("Do it.", "Open {nowhere}.")).unwrap_err();
    assert!(e.contains("checklist names unknown field '{nowhere}'"), "{e}");
}

#[test]
fn toml_syntax_errors_name_the_file() {
    let e = load("persona = \"alice\"\n[[step]\n").unwrap_err();
    assert!(
        e.starts_with("the step catalog has 1 problem(s):\n  - broken.toml:"),
        "{e}"
    );
}

/// Every AWS call a step makes, in every path the tests can drive (a fresh apply, its checks,
/// teardown, adoption after a rollback, an Access Grants instance found unassociated), is in the
/// step's `operations` list: the list is what a person grants the persona, so none may be missing.
#[test]
fn each_step_names_every_call_it_makes_including_checks_and_undos() {
    let c = crate::common::catalog();
    let made = crate::common::calls_on_every_path();
    let mut missing = vec![];
    let mut never = vec![];
    for s in c.steps() {
        let listed: std::collections::BTreeSet<String> = s.operations.iter().cloned().collect();
        let calls = made.get(&s.id).cloned().unwrap_or_default();
        let absent: Vec<&String> = calls.difference(&listed).collect();
        if !absent.is_empty() {
            missing.push(format!("{}: {absent:?}", s.id));
        }
        let unused: Vec<&String> = listed.difference(&calls).collect();
        if !unused.is_empty() {
            never.push(format!("{}: {unused:?}", s.id));
        }
    }
    assert!(
        missing.is_empty(),
        "calls missing from the steps' operations:\n{}",
        missing.join("\n")
    );
    // The other way too: a listed call no path makes would ask for a permission nobody needs.
    assert!(never.is_empty(), "listed calls no path makes:\n{}", never.join("\n"));
}
