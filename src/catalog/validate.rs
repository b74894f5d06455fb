//! Field validators, by the names step files use. Each error is the rule that was broken,
//! written so that it tells the user how to fix the value.

use super::Value;

type Rule = fn(&str) -> Result<(), String>;

const STRING_RULES: &[(&str, Rule)] = &[
    ("account_id", account_id),
    ("region", region),
    ("profile", profile),
    ("text", text),
    ("athena_workgroup", athena_workgroup),
    ("kms_alias", kms_alias),
    ("permission_set_name", permission_set_name),
    ("session_duration", session_duration),
    ("managed_policy_arn", managed_policy_arn),
    ("group_name", group_name),
    ("user_name", user_name),
    ("iam_role_arn", iam_role_arn),
    ("iam_role_name", iam_role_name),
    ("iam_path", iam_path),
    ("kms_key_arn", kms_key_arn),
    ("idc_instance_arn", idc_instance_arn),
    ("identity_store_arn", identity_store_arn),
    ("table_bucket_arn", table_bucket_arn),
    ("s3_bucket", s3_bucket),
    ("table_bucket_name", table_bucket_name),
    ("namespace", namespace),
    ("table_name", table_name),
    ("s3_prefix", s3_prefix),
    ("cluster_id", cluster_id),
    ("app_name", app_name),
    ("idc_namespace", idc_namespace),
    ("db_name", db_name),
];

/// Whether a validator of this name exists.
pub fn is_known(name: &str) -> bool {
    name == "bool" || name == "minutes" || STRING_RULES.iter().any(|(n, _)| *n == name)
}

/// Checks a value against the named validator.
pub fn check(name: &str, v: &Value) -> Result<(), String> {
    match (name, v) {
        ("bool", Value::Bool(_)) => Ok(()),
        ("bool", other) => Err(format!("must be true or false, not a {}", other.type_name())),
        ("minutes", Value::Int(n)) if (1..=60).contains(n) => Ok(()),
        ("minutes", Value::Int(_)) => Err("must be a whole number of minutes from 1 to 60".into()),
        ("minutes", other) => Err(format!(
            "must be a whole number from 1 to 60, not a {}",
            other.type_name()
        )),
        (name, Value::Str(s)) => match STRING_RULES.iter().find(|(n, _)| *n == name) {
            Some((_, rule)) => rule(s),
            None => Err(format!("unknown validator '{name}'")),
        },
        (_, other) => Err(format!("must be a string, not a {}", other.type_name())),
    }
}

/// Checks text typed into a form field, converting it to the field's type first.
pub fn check_text(name: &str, input: &str) -> Result<Value, String> {
    let v = match name {
        "bool" => match input.trim() {
            "true" | "yes" | "y" => Value::Bool(true),
            "false" | "no" | "n" => Value::Bool(false),
            _ => return Err("must be true or false".into()),
        },
        "minutes" => match input.trim().parse::<i64>() {
            Ok(n) => Value::Int(n),
            Err(_) => return Err("must be a whole number of minutes from 1 to 60".into()),
        },
        _ => Value::Str(input.to_string()),
    };
    check(name, &v).map(|_| v)
}

fn all(s: &str, ok: impl Fn(char) -> bool) -> bool {
    s.chars().all(ok)
}

fn iam_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
}

pub fn account_id(s: &str) -> Result<(), String> {
    if s.len() == 12 && all(s, |c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err("an AWS account id is exactly 12 digits, for example 111122223333".into())
    }
}

/// Every Region code of the aws, aws-cn, aws-us-gov and aws-eusc partitions, as botocore's
/// endpoints.json (data/endpoints.json, "partitions" -> "regions") lists them; a test holds
/// this list to the pinned AWS CLI's copy. A code that only looks right (us-west-9) is refused:
/// a typo there sends every call of a step to an endpoint that does not exist.
pub const KNOWN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eusc-de-east-1",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

pub fn region(s: &str) -> Result<(), String> {
    if KNOWN_REGIONS.contains(&s) {
        return Ok(());
    }
    // partition-area-number, as in us-east-1, eu-central-2, us-gov-west-1, ap-southeast-4
    let parts: Vec<&str> = s.split('-').collect();
    let shaped = (3..=4).contains(&parts.len())
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && all(n, |c| c.is_ascii_digit()));
    // The Regions of the same area (us-west-9: us-west-1, us-west-2), else of the same country.
    let area = s.rsplit_once('-').map_or(s, |(a, _)| a);
    let country = s.split('-').next().unwrap_or("");
    let mut near: Vec<&str> = KNOWN_REGIONS
        .iter()
        .filter(|r| r.rsplit_once('-').is_some_and(|(a, _)| a == area))
        .copied()
        .collect();
    if near.is_empty() && country.len() >= 2 {
        near = KNOWN_REGIONS
            .iter()
            .filter(|r| r.split('-').next() == Some(country))
            .copied()
            .collect();
    }
    near.truncate(6);
    let hint = if near.is_empty() {
        "for example us-east-1 or eu-central-2 (Ctrl-O lists them all)".to_string()
    } else {
        format!("did you mean one of {}?", near.join(", "))
    };
    if shaped {
        Err(format!("{s} is not an AWS Region: {hint}"))
    } else {
        Err(format!("a Region code looks like us-east-1: {hint}"))
    }
}

/// A named profile as the AWS CLI and SDKs can read it back: the section header of
/// ~/.aws/config is split like a shell line (botocore, build_profile_map), so a name with
/// quotes, spaces or brackets never matches its own section.
pub fn profile(s: &str) -> Result<(), String> {
    if s.len() <= 128 && all(s, |c| c.is_ascii_alphanumeric() || "._-+=,@:/".contains(c)) {
        Ok(())
    } else {
        Err("a profile name is up to 128 letters, digits or . _ - + = , @ : / characters, as in ~/.aws/config (leave it empty for the default chain)".into())
    }
}

/// Free text (a name shown in a checklist): one line, at most 256 characters.
pub fn text(s: &str) -> Result<(), String> {
    if s.trim().is_empty() {
        Err("may not be empty".into())
    } else if s.chars().count() > 256 {
        Err("is at most 256 characters".into())
    } else if s.chars().any(char::is_control) {
        Err("may not contain control characters".into())
    } else {
        Ok(())
    }
}

pub fn kms_alias(s: &str) -> Result<(), String> {
    let Some(name) = s.strip_prefix("alias/") else {
        return Err("a KMS alias starts with alias/, as in alias/identity-center".into());
    };
    if name.starts_with("aws/") {
        return Err("aliases under alias/aws/ are reserved for AWS managed keys".into());
    }
    if name.is_empty() || name.len() > 250 || !all(name, |c| c.is_ascii_alphanumeric() || "/_-".contains(c)) {
        return Err("after alias/ use 1 to 250 letters, digits, slashes, underscores or hyphens".into());
    }
    Ok(())
}

pub fn permission_set_name(s: &str) -> Result<(), String> {
    if !s.is_empty() && s.len() <= 32 && all(s, iam_name_char) {
        Ok(())
    } else {
        Err("a permission set name is 1 to 32 letters, digits or +=,.@_- characters".into())
    }
}

pub fn session_duration(s: &str) -> Result<(), String> {
    let rule = || "a session duration is written PT1H to PT12H (or with minutes, as PT1H30M)".to_string();
    let rest = s.strip_prefix("PT").ok_or_else(rule)?;
    let (hours, rest) = match rest.split_once('H') {
        Some((h, r)) => (h.parse::<u32>().map_err(|_| rule())?, r),
        None => (0, rest),
    };
    let minutes = match rest {
        "" => 0,
        r => r
            .strip_suffix('M')
            .and_then(|m| m.parse::<u32>().ok())
            .ok_or_else(rule)?,
    };
    // Checked: PT4294967295H is a rule broken, not an overflow.
    let total = hours.checked_mul(60).and_then(|h| h.checked_add(minutes));
    if total.is_some_and(|t| (60..=720).contains(&t)) {
        Ok(())
    } else {
        Err(rule())
    }
}

/// Athena's WorkGroupName: [a-zA-Z0-9._-]{1,128} (Athena API reference, WorkGroup).
pub fn athena_workgroup(s: &str) -> Result<(), String> {
    if (1..=128).contains(&s.len()) && all(s, |c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
        Ok(())
    } else {
        Err("a workgroup name is 1 to 128 letters, digits, dots, underscores or hyphens".into())
    }
}

pub fn managed_policy_arn(s: &str) -> Result<(), String> {
    match s.strip_prefix("arn:aws:iam::aws:policy/") {
        Some(rest) if !rest.is_empty() && rest.split('/').all(|p| !p.is_empty() && all(p, iam_name_char)) => Ok(()),
        _ => Err("an AWS managed policy ARN looks like arn:aws:iam::aws:policy/NAME".into()),
    }
}

pub fn group_name(s: &str) -> Result<(), String> {
    if s.trim().is_empty() || s.len() > 1024 || s.chars().any(char::is_control) || s.trim() != s {
        Err("a group name is 1 to 1024 characters, with no leading or trailing spaces".into())
    } else {
        Ok(())
    }
}

pub fn user_name(s: &str) -> Result<(), String> {
    if !s.is_empty() && s.len() <= 128 && all(s, |c| c.is_ascii_graphic() || (!c.is_ascii() && !c.is_whitespace())) {
        Ok(())
    } else {
        Err("a user name is 1 to 128 characters without spaces".into())
    }
}

pub fn iam_role_name(s: &str) -> Result<(), String> {
    if !s.is_empty() && s.len() <= 64 && all(s, iam_name_char) {
        Ok(())
    } else {
        Err("an IAM role name is 1 to 64 letters, digits or +=,.@_- characters".into())
    }
}

pub fn iam_path(s: &str) -> Result<(), String> {
    // The path becomes part of role ARNs in the policies tipwiz writes, where * ? and ${...}
    // would mean wildcards and policy variables: each part takes the characters of IAM names.
    let inner = s.strip_prefix('/').and_then(|r| r.strip_suffix('/')).unwrap_or("");
    let parts_ok = s == "/" || inner.split('/').all(|p| !p.is_empty() && all(p, iam_name_char));
    if s.starts_with('/') && s.ends_with('/') && s.len() <= 512 && parts_ok {
        Ok(())
    } else {
        Err("an IAM path starts and ends with a slash, its parts made of letters, digits and +=,.@_-, as in / or /service-role/".into())
    }
}

/// Splits `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
fn arn_parts(s: &str) -> Option<(&str, &str, &str, &str)> {
    let mut it = s.splitn(6, ':');
    if it.next()? != "arn" {
        return None;
    }
    let partition = it.next()?;
    if !matches!(partition, "aws" | "aws-cn" | "aws-us-gov") {
        return None;
    }
    Some((it.next()?, it.next()?, it.next()?, it.next()?))
}

pub fn iam_role_arn(s: &str) -> Result<(), String> {
    let rule = || "an IAM role ARN looks like arn:aws:iam::444455556666:role/NAME or .../role/PATH/NAME".to_string();
    let Some(("iam", "", account, res)) = arn_parts(s) else {
        return Err(rule());
    };
    account_id(account).map_err(|_| rule())?;
    let path = res.strip_prefix("role/").ok_or_else(rule)?;
    let segs: Vec<&str> = path.split('/').collect();
    if segs.iter().all(|p| !p.is_empty() && all(p, iam_name_char)) && segs.last().is_some_and(|n| n.len() <= 64) {
        Ok(())
    } else {
        Err(rule())
    }
}

pub fn kms_key_arn(s: &str) -> Result<(), String> {
    let rule = || "a KMS key ARN looks like arn:aws:kms:us-east-1:111122223333:key/mrk-<32 hex digits>".to_string();
    let Some(("kms", reg, account, res)) = arn_parts(s) else {
        return Err(rule());
    };
    region(reg).map_err(|_| rule())?;
    account_id(account).map_err(|_| rule())?;
    let id = res.strip_prefix("key/").ok_or_else(rule)?;
    let hex = |t: &str| all(t, |c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
    let uuid = id.len() == 36 && id.split('-').map(str::len).eq([8, 4, 4, 4, 12]) && hex(&id.replace('-', ""));
    let mrk = id.strip_prefix("mrk-").is_some_and(|h| h.len() == 32 && hex(h));
    if uuid || mrk { Ok(()) } else { Err(rule()) }
}

pub fn idc_instance_arn(s: &str) -> Result<(), String> {
    let rule =
        || "an Identity Center instance ARN looks like arn:aws:sso:::instance/ssoins-<16 hex digits>".to_string();
    match arn_parts(s) {
        Some(("sso", "", "", res)) => {
            let id = res.strip_prefix("instance/ssoins-").ok_or_else(rule)?;
            if id.len() == 16 && all(id, |c| c.is_ascii_hexdigit()) {
                Ok(())
            } else {
                Err(rule())
            }
        }
        _ => Err(rule()),
    }
}

pub fn identity_store_arn(s: &str) -> Result<(), String> {
    let rule = || {
        "an identity store ARN looks like arn:aws:identitystore::111122223333:identitystore/d-<10 hex digits>"
            .to_string()
    };
    match arn_parts(s) {
        Some(("identitystore", "", account, res)) => {
            account_id(account).map_err(|_| rule())?;
            let id = res.strip_prefix("identitystore/d-").ok_or_else(rule)?;
            if id.len() == 10 && all(id, |c| c.is_ascii_hexdigit()) {
                Ok(())
            } else {
                Err(rule())
            }
        }
        _ => Err(rule()),
    }
}

pub fn table_bucket_arn(s: &str) -> Result<(), String> {
    let rule = || "a table bucket ARN looks like arn:aws:s3tables:us-west-2:444455556666:bucket/NAME".to_string();
    match arn_parts(s) {
        Some(("s3tables", reg, account, res)) => {
            region(reg).map_err(|_| rule())?;
            account_id(account).map_err(|_| rule())?;
            let name = res.strip_prefix("bucket/").ok_or_else(rule)?;
            table_bucket_name(name).map_err(|_| rule())
        }
        _ => Err(rule()),
    }
}

fn lower_dash_name(s: &str, dots: bool) -> bool {
    let len_ok = (3..=63).contains(&s.len());
    let chars_ok = all(s, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (dots && c == '.')
    });
    let ends_ok = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
    len_ok && chars_ok && ends_ok
}

const RESERVED_PREFIXES: &[&str] = &["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES: &[&str] = &["-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"];

pub fn s3_bucket(s: &str) -> Result<(), String> {
    if !lower_dash_name(s, true) {
        return Err("a bucket name is 3 to 63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit".into());
    }
    if s.contains("..") || s.contains(".-") || s.contains("-.") {
        return Err("a bucket name may not have two dots in a row or a dot next to a hyphen".into());
    }
    if s.split('.').count() == 4 && s.split('.').all(|p| p.parse::<u8>().is_ok()) {
        return Err("a bucket name may not look like an IP address".into());
    }
    if let Some(p) = RESERVED_PREFIXES.iter().find(|p| s.starts_with(*p)) {
        return Err(format!(
            "bucket names starting with {p} are reserved; choose a name of your own"
        ));
    }
    if let Some(x) = RESERVED_SUFFIXES.iter().find(|x| s.ends_with(*x)) {
        return Err(format!("bucket names ending with {x} are reserved"));
    }
    Ok(())
}

pub fn table_bucket_name(s: &str) -> Result<(), String> {
    if !lower_dash_name(s, false) {
        return Err("a table bucket name is 3 to 63 lowercase letters, digits or hyphens, starting and ending with a letter or digit".into());
    }
    if let Some(p) = RESERVED_PREFIXES.iter().chain(&["aws"]).find(|p| s.starts_with(*p)) {
        return Err(format!("table bucket names starting with {p} are reserved"));
    }
    if let Some(x) = RESERVED_SUFFIXES.iter().find(|x| s.ends_with(*x)) {
        return Err(format!("table bucket names ending with {x} are reserved"));
    }
    Ok(())
}

fn snake_name(s: &str, what: &str) -> Result<(), String> {
    let ok = (1..=255).contains(&s.len())
        && all(s, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
    if !ok {
        return Err(format!(
            "a {what} is 1 to 255 lowercase letters, digits or underscores, starting and ending with a letter or digit"
        ));
    }
    if s.starts_with("aws") {
        return Err(format!("a {what} may not start with aws, which is reserved"));
    }
    Ok(())
}

pub fn namespace(s: &str) -> Result<(), String> {
    snake_name(s, "namespace")
}

pub fn table_name(s: &str) -> Result<(), String> {
    snake_name(s, "table name")
}

pub fn s3_prefix(s: &str) -> Result<(), String> {
    if s.is_empty() || s.len() > 1024 {
        return Err("a prefix is 1 to 1024 characters and ends with a slash, as in awssso-sales/".into());
    }
    if s.starts_with('/') || !s.ends_with('/') || s.contains("//") {
        return Err(
            "a prefix does not start with a slash, ends with one, and has no empty parts: awssso-sales/".into(),
        );
    }
    // The prefix reaches S3 resource ARNs in the policies, where * and ? are wildcards and
    // ${...} a policy variable.
    if s.contains(['*', '?', '$']) || s.chars().any(char::is_control) {
        return Err(
            "a prefix has no wildcards (* ?), no $ and no control characters; the wizard adds the * itself".into(),
        );
    }
    // The prefix reaches Ethan's UNLOAD and COPY as a string literal, where Redshift reads a
    // backslash as an escape.
    if s.contains('\\') {
        return Err("a prefix has no backslash (Redshift would read it as an escape in the UNLOAD path)".into());
    }
    Ok(())
}

pub fn cluster_id(s: &str) -> Result<(), String> {
    let ok = (1..=63).contains(&s.len())
        && all(s, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && !s.ends_with('-')
        && !s.contains("--");
    if ok {
        Ok(())
    } else {
        Err(
            "a cluster identifier is 1 to 63 lowercase letters, digits or single hyphens, starting with a letter"
                .into(),
        )
    }
}

/// Redshift's application names: [a-z][a-z0-9]*(-[a-z0-9]+)* (Redshift API reference,
/// CreateRedshiftIdcApplication and CreateQev2IdcApplication), up to 63 characters.
/// Redshift's application names: [a-z][a-z0-9]*(-[a-z0-9]+)* (Redshift API reference,
/// CreateRedshiftIdcApplication and CreateQev2IdcApplication), up to 63 characters.
pub fn app_name(s: &str) -> Result<(), String> {
    let ok = (1..=63).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.split('-')
            .all(|part| !part.is_empty() && all(part, |c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err("an application name is 1 to 63 lowercase letters and digits in words joined by single hyphens, starting with a letter".into())
    }
}

pub fn idc_namespace(s: &str) -> Result<(), String> {
    if (1..=127).contains(&s.len()) && all(s, |c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        Ok(())
    } else {
        Err("an identity namespace is 1 to 127 letters, digits, underscores or hyphens, as in AWSIDC".into())
    }
}

pub fn db_name(s: &str) -> Result<(), String> {
    let ok = (1..=127).contains(&s.len())
        && all(s, |c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$'
        })
        && s.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
    if ok {
        Ok(())
    } else {
        Err("a database name is 1 to 127 lowercase letters, digits, _ or $, starting with a letter or _".into())
    }
}
