use tipwiz::catalog::Value;
use tipwiz::catalog::validate::{check, check_text, is_known};

fn s(v: &str) -> Value {
    Value::Str(v.into())
}

/// (validator, good values, bad values)
const CASES: &[(&str, &[&str], &[&str])] = &[
    (
        "account_id",
        &["111122223333", "000000000000"],
        &["12345", "1111222233334", "11112222333a", ""],
    ),
    (
        "region",
        &[
            "us-east-1",
            "us-west-2",
            "eu-central-2",
            "ap-southeast-4",
            "us-gov-west-1",
        ],
        &["us-east", "US-EAST-1", "useast1", "us-east-1a", ""],
    ),
    (
        "profile",
        &[
            "",
            "alice",
            "bob-analytics",
            "org.admin",
            "sso:Admin/111122223333+x=y,z@w",
        ],
        &["has space", "[x]", "it's", "a\"b", "$(id)", "`id`", "a;b"],
    ),
    (
        "text",
        &["Okta", "primary", "Entra ID (it's ours)"],
        &["", "   ", "a\u{7}b"],
    ),
    (
        "athena_workgroup",
        &["primary", "team_a.west-2"],
        &["", "two words", "x;y", "$(id)"],
    ),
    (
        "kms_alias",
        &["alias/identity-center", "alias/a/b_c-d"],
        &["identity-center", "alias/", "alias/aws/mine", "alias/with space"],
    ),
    (
        "permission_set_name",
        &["RedshiftQueryEditorWest", "a+b=c,d.e@f_g-h"],
        &["", "this-name-is-far-too-long-for-a-permission-set", "has space"],
    ),
    (
        "session_duration",
        &["PT1H", "PT12H", "PT1H30M", "PT90M"],
        // The huge ones overflow a minute count: refused, never a panic.
        &[
            "PT0H",
            "PT13H",
            "1H",
            "PT30M",
            "PTH",
            "PT4294967295H",
            "PT71582789H",
            "PT1H4294967295M",
        ],
    ),
    (
        "managed_policy_arn",
        &[
            "arn:aws:iam::aws:policy/AmazonRedshiftQueryEditorV2ReadSharing",
            "arn:aws:iam::aws:policy/service-role/X",
        ],
        &[
            "arn:aws:iam::111122223333:policy/Mine",
            "AmazonRedshiftQueryEditorV2ReadSharing",
        ],
    ),
    (
        "group_name",
        &["awssso-sales", "Sales Team"],
        &["", " padded ", "tab\there"],
    ),
    ("user_name", &["ethan", "ethan@example.com"], &["", "two words"]),
    (
        "iam_role_arn",
        &[
            "arn:aws:iam::444455556666:role/Admin",
            "arn:aws:iam::444455556666:role/service-role/LFAccessRole-S3Tables",
        ],
        &[
            "arn:aws:iam::4444:role/Admin",
            "arn:aws:iam::444455556666:user/Admin",
            "arn:aws:iam::444455556666:role/",
            "arn:aws:s3:::bucket",
        ],
    ),
    (
        "iam_role_name",
        &["LFAccessRole-S3Tables", "a+b=c,d.e@f_g-h"],
        &[
            "",
            "has/slash",
            "a-role-name-that-is-longer-than-the-sixty-four-characters-iam-allows",
        ],
    ),
    (
        "iam_path",
        &["/", "/service-role/", "/a/b/"],
        &["service-role/", "/service-role", "//", "/a//b/"],
    ),
    (
        "kms_key_arn",
        &[
            "arn:aws:kms:us-east-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef",
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ],
        &[
            "arn:aws:kms:us-east-1:111122223333:key/mrk-123",
            "arn:aws:kms:us-east-1:111122223333:alias/x",
            "arn:aws:kms:useast1:111122223333:key/mrk-1234567890abcdef1234567890abcdef",
        ],
    ),
    (
        "idc_instance_arn",
        &["arn:aws:sso:::instance/ssoins-1234567890abcdef"],
        &[
            "arn:aws:sso:::instance/ssoins-123",
            "arn:aws:sso::111122223333:instance/ssoins-1234567890abcdef",
            "ssoins-1234567890abcdef",
        ],
    ),
    (
        "identity_store_arn",
        &["arn:aws:identitystore::111122223333:identitystore/d-1234567890"],
        &[
            "arn:aws:identitystore::111122223333:identitystore/d-123",
            "arn:aws:identitystore:::identitystore/d-1234567890",
        ],
    ),
    (
        "table_bucket_arn",
        &["arn:aws:s3tables:us-west-2:444455556666:bucket/anycompany-customer-tables"],
        &[
            "arn:aws:s3tables:us-west-2:444455556666:bucket/Bad_Name",
            "arn:aws:s3:::anycompany",
        ],
    ),
    (
        "s3_bucket",
        &["anycompany-west-idc-sales", "my.bucket.name", "abc"],
        &[
            "ab",
            "Upper",
            "amzn-s3-demo-bucket",
            "xn--bucket",
            "bucket-s3alias",
            "192.168.1.1",
            "a..b",
            "-start",
            "end-",
            "a.-b",
        ],
    ),
    (
        "table_bucket_name",
        &["anycompany-customer-tables", "abc"],
        &["ab", "has.dot", "aws-tables", "Upper", "tables--table-s3"],
    ),
    (
        "namespace",
        &["customers", "sales_2026"],
        &["", "Customers", "_lead", "trail_", "aws_reserved", "has-dash"],
    ),
    (
        "table_name",
        &["customer_profile"],
        &["", "Customer", "has space", "awsx"],
    ),
    (
        "s3_prefix",
        &["awssso-sales/", "a/b/"],
        &["", "/awssso-sales/", "awssso-sales", "a//b/", "sales/*", "o\\'brien/"],
    ),
    (
        "cluster_id",
        &["anycompany-west", "a1"],
        &["", "1abc", "ends-", "two--hyphens", "Upper"],
    ),
    (
        "app_name",
        &["anycompany-west-redshift", "a", "qev2"],
        &["", "1app", "Has-Upper", "a--b", "trailing-", "-lead"],
    ),
    ("idc_namespace", &["AWSIDC", "my_ns-1"], &["", "has space", "a:b"]),
    ("db_name", &["dev", "awsuser", "_x$"], &["", "1dev", "Dev", "has-dash"]),
];

#[test]
fn every_validator_accepts_good_values_and_rejects_bad_ones_with_a_rule() {
    for (name, good, bad) in CASES {
        assert!(is_known(name), "{name} is not a known validator");
        for g in *good {
            assert_eq!(check(name, &s(g)), Ok(()), "{name} should accept {g:?}");
        }
        for b in *bad {
            let err = check(name, &s(b)).expect_err(&format!("{name} should reject {b:?}"));
            assert!(err.len() > 15, "{name}: the rule for {b:?} explains too little: {err}");
        }
    }
}

#[test]
fn every_string_validator_used_by_the_catalog_is_covered_here() {
    let c = tipwiz::actions::catalog().unwrap();
    for f in c.fields() {
        let covered =
            CASES.iter().any(|(n, _, _)| *n == f.validator) || ["bool", "minutes"].contains(&f.validator.as_str());
        assert!(covered, "validator {} (field {}) has no test cases", f.validator, f.key);
    }
}

#[test]
fn typed_validators_check_their_types() {
    assert!(check("bool", &Value::Bool(true)).is_ok());
    assert!(check("bool", &s("true")).is_err());
    assert!(check("minutes", &Value::Int(15)).is_ok());
    assert!(check("minutes", &Value::Int(0)).is_err());
    assert!(check("minutes", &Value::Int(61)).is_err());
    assert!(
        check("account_id", &Value::Int(111122223333))
            .unwrap_err()
            .contains("must be a string")
    );
}

#[test]
fn form_text_is_converted_then_checked() {
    assert_eq!(check_text("bool", "yes"), Ok(Value::Bool(true)));
    assert_eq!(check_text("minutes", "20"), Ok(Value::Int(20)));
    assert!(check_text("minutes", "twenty").is_err());
    assert_eq!(check_text("region", "eu-west-1"), Ok(s("eu-west-1")));
    assert!(check_text("region", "eu west").is_err());
}

#[test]
fn no_input_makes_a_validator_panic() {
    use proptest::prelude::*;
    proptest!(|(input in "\\PC{0,80}")| {
        for (name, _, _) in CASES {
            let _ = check(name, &Value::Str(input.clone()));
        }
        let _ = check_text("minutes", &input);
    });
}

#[test]
fn free_text_has_a_length_limit() {
    assert_eq!(check("text", &s(&"x".repeat(256))), Ok(()));
    assert!(check("text", &s(&"x".repeat(257))).is_err());
}

#[test]
fn a_region_must_be_one_aws_has_and_a_near_miss_names_the_real_ones() {
    assert_eq!(check_text("region", "us-west-2"), Ok(s("us-west-2")));
    assert_eq!(check_text("region", "us-gov-west-1"), Ok(s("us-gov-west-1")));
    let e = check_text("region", "us-west-99").unwrap_err();
    assert!(
        e.contains("not an AWS Region") && e.contains("us-west-1, us-west-2"),
        "{e}"
    );
    let e = check_text("region", "eu-moon-1").unwrap_err();
    assert!(e.contains("eu-central-1"), "{e}");
    assert!(check_text("region", "").is_err());
    assert!(check_text("region", "US-EAST-1").is_err());
}

/// The Region list is botocore's (the pinned AWS CLI's endpoints.json), partition by partition.
#[test]
fn the_known_regions_are_botocores() {
    let Some(python) = crate::script::awscli_python() else {
        return;
    };
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import json,os\n\
             from awscli import botocore\n\
             d=json.load(open(os.path.join(os.path.dirname(botocore.__file__),'data','endpoints.json')))\n\
             print('\\n'.join(sorted(r for p in d['partitions'] if p['partition'] in ('aws','aws-cn','aws-us-gov','aws-eusc') for r in p['regions'])))",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let theirs: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let mut ours: Vec<String> = tipwiz::catalog::validate::KNOWN_REGIONS
        .iter()
        .map(|r| r.to_string())
        .collect();
    ours.sort();
    assert_eq!(ours, theirs);
}

/// Paths and prefixes end up in the ARNs of the policies tipwiz writes: nothing in them may read
/// as a wildcard or a policy variable there.
#[test]
fn nothing_that_reaches_a_policy_arn_reads_as_a_wildcard_or_a_variable() {
    use tipwiz::catalog::validate::{iam_path, s3_prefix};
    for bad in ["/*/", "/a?/", "/${aws:username}/", "/a b/"] {
        assert!(iam_path(bad).is_err(), "{bad}");
    }
    for good in ["/", "/service-role/", "/a/b.c/"] {
        assert!(iam_path(good).is_ok(), "{good}");
    }
    for bad in ["sales?/", "sales/${aws:username}/", "sales*/"] {
        assert!(s3_prefix(bad).is_err(), "{bad}");
    }
}
