use crate::common::catalog;
use tipwiz::answers::{Answers, AnswersError, template};
use tipwiz::catalog::Value;

fn problems(text: &str) -> Vec<String> {
    match Answers::parse(&catalog(), text, "answers.toml") {
        Ok(_) => vec![],
        Err(AnswersError::Invalid { problems, .. }) => problems.iter().map(|p| p.to_string()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

#[test]
fn the_template_lists_every_field_and_reads_back_as_the_defaults() {
    let c = catalog();
    let t = template(&c);
    for f in c.fields() {
        assert!(t.contains(&format!("\n{} = ", f.key)), "template lacks {}", f.key);
        assert!(t.contains(&f.help), "template lacks the help of {}", f.key);
    }
    let back = Answers::parse(&c, &t, "template").expect("the template is valid");
    assert_eq!(back, Answers::defaults(&c));
}

#[test]
fn values_from_the_file_override_defaults() {
    let a = Answers::parse(
        &catalog(),
        "[alice]\nkms_alias = \"alias/other\"\n[bob]\nsame_account = true\n",
        "f",
    )
    .unwrap();
    assert_eq!(a.get("kms_alias"), "alias/other");
    assert!(a.flag("same_account"));
    assert_eq!(a.get("group_name"), "awssso-sales");
}

#[test]
fn a_bad_account_id_names_the_key_the_value_and_the_rule() {
    let p = problems("[alice]\nmanagement_account_id = \"12345\"\n");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("alice.management_account_id = \"12345\": an AWS account id is exactly 12 digits"),
        "{p:?}"
    );
}

#[test]
fn unknown_keys_wrong_types_and_misplaced_keys_are_each_reported() {
    let p = problems(
        "colour = \"blue\"\n[alice]\nfavourite = 1\nsecondary_region = 7\ncluster_id = \"x\"\n[ethan]\ncloudtrail_wait_minutes = \"ten\"\n",
    );
    let all = p.join("\n");
    assert!(all.contains("colour: unknown key"), "{all}");
    assert!(all.contains("alice.favourite: unknown key"), "{all}");
    assert!(all.contains("alice.secondary_region = 7: must be a string"), "{all}");
    assert!(
        all.contains("alice.cluster_id: unknown key: cluster_id belongs in [bob]"),
        "{all}"
    );
    assert!(
        all.contains("ethan.cloudtrail_wait_minutes = \"ten\": must be a whole number"),
        "{all}"
    );
}

#[test]
fn cross_field_rules_are_checked() {
    let p = problems("[alice]\nsecondary_region = \"us-east-1\"\n").join("\n");
    assert!(
        p.contains("alice.secondary_region = \"us-east-1\": must differ from primary_region"),
        "{p}"
    );

    let p = problems(
        "[bob]\nanalytics_account_id = \"111122223333\"\nadmin_role_arn = \"arn:aws:iam::111122223333:role/Admin\"\n",
    )
    .join("\n");
    assert!(
        p.contains("bob.analytics_account_id = \"111122223333\": is the management account too"),
        "{p}"
    );
    assert!(
        problems("[bob]\nsame_account = true\nanalytics_account_id = \"111122223333\"\nadmin_role_arn = \"arn:aws:iam::111122223333:role/Admin\"\n").is_empty()
    );

    let p = problems("[bob]\ngrant_prefix = \"marketing/\"\n").join("\n");
    assert!(
        p.contains("bob.grant_prefix = \"marketing/\": must start with the group's name, as \"awssso-sales/\""),
        "{p}"
    );

    let p = problems("[ethan]\ndenied_prefix = \"awssso-sales/x/\"\n").join("\n");
    assert!(p.contains("must lie outside the granted prefix"), "{p}");

    let p = problems("[bob]\nadmin_role_arn = \"arn:aws:iam::999999999999:role/Admin\"\n").join("\n");
    assert!(
        p.contains("must be a role in the analytics account 444455556666"),
        "{p}"
    );
}

#[test]
fn confirm_manual_takes_manual_step_ids() {
    let a = Answers::parse(&catalog(), "confirm_manual = [\"alice.acs-urls\"]\n", "f").unwrap();
    assert!(a.manual_confirmed("alice.acs-urls"));
    assert!(!a.manual_confirmed("ethan.sign-in"));
    let p = problems("confirm_manual = [\"alice.kms-key\"]\n").join("\n");
    assert!(p.contains("names no manual step"), "{p}");
}

#[test]
fn syntax_errors_name_the_line_and_column() {
    let e = Answers::parse(
        &catalog(),
        "[alice]\nkms_alias = \"alias/x\"\nkms_alias = \"alias/y\"\n",
        "f",
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("f:3:1: not valid TOML"), "{e}");
    assert!(e.contains("kms_alias"), "the duplicate key is named: {e}");
    let e = Answers::parse(&catalog(), "[alice\n", "f").unwrap_err().to_string();
    assert!(e.starts_with("f:1:"), "{e}");
}

#[test]
fn an_empty_answers_file_says_so() {
    for text in ["", "\n\n", "# only a comment\n"] {
        let e = Answers::parse(&catalog(), text, "f").unwrap_err().to_string();
        assert!(e.contains("f sets no answer"), "{text:?}: {e}");
    }
}

#[test]
fn a_retired_key_says_why_and_a_huge_value_is_not_echoed_whole() {
    let p = problems("[alice]\nadmin_permission_set = \"AdministratorAccess\"\n").join("\n");
    assert!(p.contains("admin_permission_set: retired"), "{p}");
    let huge = "x".repeat(100_000);
    let p = problems(&format!("[alice]\nidp_name = \"{huge}\"\n")).join("\n");
    assert!(p.len() < 400, "the value is shortened: {} characters", p.len());
    assert!(p.contains("(100002 characters)") && p.contains("at most 256"), "{p}");
}

#[test]
fn answers_read_back_from_a_journal_are_checked_like_a_file() {
    let c = catalog();
    let mut v = serde_json::to_value(Answers::defaults(&c)).unwrap();
    v["values"]["s3_bucket"] = serde_json::json!("Bad Bucket");
    let a: Answers = serde_json::from_value(v).unwrap();
    let e = a.revalidated(&c, "journal.json").unwrap_err().to_string();
    assert!(e.contains("bob.s3_bucket = Bad Bucket: a bucket name is"), "{e}");
}

#[test]
fn set_checks_the_value() {
    let c = catalog();
    let mut a = Answers::defaults(&c);
    assert!(a.set(&c, "s3_bucket", Value::Str("Bad Bucket".into())).is_err());
    assert!(a.set(&c, "s3_bucket", Value::Str("good-bucket".into())).is_ok());
    assert_eq!(a.get("s3_bucket"), "good-bucket");
}

#[test]
fn no_answers_file_makes_the_parser_panic() {
    use proptest::prelude::*;
    let c = catalog();
    proptest!(|(text in "(\\[(alice|bob|ethan)\\]\n)?([a-z_]{1,20} = (\"[^\"\n]{0,20}\"|[0-9]{1,14}|true|\\[\\]|\\{\\})\n){0,5}")| {
        let _ = Answers::parse(&c, &text, "fuzz");
    });
    proptest!(|(bytes in proptest::collection::vec(any::<u8>(), 0..200))| {
        let _ = Answers::parse(&c, &String::from_utf8_lossy(&bytes), "fuzz");
    });
}

/// On AWS the wizard saves the inputs the account will answer as empty; read back from the
/// journal on the next start they are not errors.
#[test]
fn answers_left_for_the_account_read_back_from_a_journal() {
    let c = tipwiz::actions::catalog().unwrap();
    let a = tipwiz::answers::Answers::for_account(&c);
    let back = a.clone().revalidated(&c, "journal.json");
    assert!(back.is_ok(), "{:?}", back.err().map(|e| e.to_string()));
}

/// The granted prefix follows the group: a group whose name cannot make an S3 prefix (here one
/// that would break out of Ethan's UNLOAD path) is refused, naming the prefix and the fix.
#[test]
fn a_group_whose_name_makes_no_prefix_is_refused() {
    // On a real account the prefix starts empty and follows the group.
    let text = "[alice]\ngroup_name = \"sales\\\\'; DROP TABLE t; --\"\n";
    let c = catalog();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.toml");
    std::fs::write(&file, text).unwrap();
    let Err(AnswersError::Invalid { problems, .. }) = Answers::load_over(Answers::for_account(&c), &c, &file) else {
        panic!("accepted a group name that makes no prefix");
    };
    assert!(
        problems
            .iter()
            .any(|p| p.key == "bob.grant_prefix" && p.rule.contains("backslash")),
        "{problems:?}"
    );
}
