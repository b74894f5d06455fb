//! The AWS CLI command equivalent to each operation, for plan, the runbook and
//! `export --format shell`; the arguments of each service's operations live in its own file.

mod analyst;
mod athena;
mod cloudtrail;
mod glue;
mod iam;
mod identity_store;
mod kms;
mod lake_formation;
mod redshift;
mod redshift_data;
mod s3;
mod s3control;
mod s3tables;
mod sso_admin;
mod sts;

use super::{LfResource, Op, Service, Target};

/// JSON text with object keys sorted, so documents read the same whatever serde_json's
/// features (another crate may turn on its key-order preservation).
pub fn json_text(v: &serde_json::Value) -> String {
    fn sorted(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                let mut out = serde_json::Map::new();
                for k in keys {
                    out.insert(k.clone(), sorted(&m[k]));
                }
                serde_json::Value::Object(out)
            }
            serde_json::Value::Array(a) => serde_json::Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    // Written by hand so the order survives even when the map type keeps insertion order.
    fn write(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::Object(m) => {
                out.push('{');
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push(':');
                    write(&m[k], out);
                }
                out.push('}');
            }
            serde_json::Value::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(x, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(&sorted(v), &mut out);
    out
}

/// A JSON document indented for people (policies in plan and in the confirm dialog).
pub fn pretty_json(doc: &str) -> String {
    serde_json::from_str::<serde_json::Value>(doc)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| doc.to_string())
}

/// Quotes a value for a POSIX shell. A value holding `${VAR}` references (put there by the
/// exporter for ids that only exist at run time) is double-quoted so that they expand.
pub fn sh(v: &str) -> String {
    if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c)) {
        return v.to_string();
    }
    if v.contains("${") {
        let mut out = String::from("\"");
        let chars: Vec<char> = v.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            match c {
                '\\' | '"' | '`' => {
                    out.push('\\');
                    out.push(*c);
                }
                '$' if chars.get(i + 1) != Some(&'{') => out.push_str("\\$"),
                _ => out.push(*c),
            }
        }
        out.push('"');
        return out;
    }
    format!("'{}'", v.replace('\'', "'\\''"))
}

fn lf_resource_json(r: &LfResource) -> String {
    match r {
        LfResource::Database { catalog_id, name } => {
            json_text(&serde_json::json!({"Database": {"CatalogId": catalog_id, "Name": name}}))
        }
        LfResource::Table {
            catalog_id,
            database,
            table,
        } => match table {
            Some(t) => {
                json_text(&serde_json::json!({"Table": {"CatalogId": catalog_id, "DatabaseName": database, "Name": t}}))
            }
            None => json_text(
                &serde_json::json!({"Table": {"CatalogId": catalog_id, "DatabaseName": database, "TableWildcard": {}}}),
            ),
        },
    }
}

/// The command's arguments after `aws SERVICE OPERATION`, as (flag, value) pairs;
/// a flag with an empty value is a switch.
fn args(op: &Op) -> Vec<(&'static str, String)> {
    match op.service() {
        Service::Sts => sts::args(op),
        Service::SsoAdmin => sso_admin::args(op),
        Service::IdentityStore => identity_store::args(op),
        Service::Kms => kms::args(op),
        Service::Iam => iam::args(op),
        Service::LakeFormation => lake_formation::args(op),
        Service::Glue => glue::args(op),
        Service::S3Tables => s3tables::args(op),
        Service::Athena => athena::args(op),
        Service::Redshift => redshift::args(op),
        Service::RedshiftData => redshift_data::args(op),
        Service::S3 => s3::args(op),
        Service::S3Control => s3control::args(op),
        Service::CloudTrail => cloudtrail::args(op),
        Service::Analyst => analyst::args(op),
    }
}

/// A value as a CLI argument.
fn s(v: &str) -> String {
    v.to_string()
}

/// The CLI's name for an operation (CreateKey -> create-key).
pub fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The arguments of an operation, for one-line summaries.
pub fn summary_args(op: &Op) -> Vec<(&'static str, String)> {
    args(op)
}

/// The whole command line, or None for an operation with no CLI form (the simulated analyst).
pub fn command(target: &Target, op: &Op) -> Option<String> {
    command_with(target, op, &|v| v.to_string())
}

/// The command line with each value passed through `subst` before it is quoted (the exporter
/// swaps run-time ids for shell variables there, so that the quoting lets them expand).
pub fn command_with(target: &Target, op: &Op, subst: &dyn Fn(&str) -> String) -> Option<String> {
    if matches!(op, Op::RunAsAnalyst { .. }) {
        return None;
    }
    let service = match op.service().cli_name() {
        "s3" if matches!(
            op,
            Op::ListObjects { .. }
                | Op::HeadBucket { .. }
                | Op::CreateBucket { .. }
                | Op::DeleteObjects { .. }
                | Op::DeleteBucket { .. }
        ) =>
        {
            "s3api"
        }
        other => other,
    };
    let mut line = format!("aws {service} {}", kebab(op.name()));
    for (flag, value) in args(op) {
        line.push(' ');
        line.push_str(flag);
        if !value.is_empty() {
            line.push(' ');
            line.push_str(&sh(&subst(&value)));
        }
    }
    if let Some(p) = &target.profile {
        line.push_str(&format!(" --profile {}", sh(p)));
    }
    line.push_str(&format!(" --region {}", target.region));
    Some(line)
}
