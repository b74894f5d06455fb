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

/// Quotes a value for a POSIX shell: single quotes, with any single quote closed, escaped and
/// reopened, so that nothing in it is expanded or run. Words of letters, digits and `-_./:=@+,`
/// need no quotes and get none.
pub fn sh(v: &str) -> String {
    if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@+,".contains(c)) {
        return v.to_string();
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

/// One AWS CLI invocation: the service and operation words, then flags with their values (an
/// empty value is a switch, an empty flag a positional value). Values stay unquoted until
/// rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub service: &'static str,
    pub operation: String,
    pub args: Vec<(String, String)>,
}

impl Invocation {
    /// The words after `aws`, as a shell would pass them.
    pub fn argv(&self) -> Vec<String> {
        let mut v = vec![self.service.to_string(), self.operation.clone()];
        for (flag, value) in &self.args {
            if !flag.is_empty() {
                v.push(flag.clone());
            }
            if !value.is_empty() {
                v.push(value.clone());
            }
        }
        v
    }

    /// The command line, each value quoted by `quote` (the exporter splices its shell variables
    /// in there).
    pub fn render(&self, quote: &dyn Fn(&str) -> String) -> String {
        let mut line = format!("aws {} {}", self.service, self.operation);
        for (flag, value) in &self.args {
            if !flag.is_empty() {
                line.push(' ');
                line.push_str(flag);
            }
            if !value.is_empty() {
                line.push(' ');
                line.push_str(&quote(value));
            }
        }
        line
    }
}

/// The AWS CLI invocations that do what an operation does: one, but for the compound ones (a
/// role loses its inline policies before it goes; objects under a prefix go with `s3 rm`). None
/// for the simulated analyst, who has no CLI form.
pub fn invocations(target: &Target, op: &Op) -> Vec<Invocation> {
    let s3api = |operation: &str, args: Vec<(&'static str, String)>| Invocation {
        service: "s3api",
        operation: operation.into(),
        args: args.into_iter().map(|(f, v)| (f.to_string(), v)).collect(),
    };
    let mut out = match op {
        Op::RunAsAnalyst { .. } => return vec![],
        Op::DeleteRole { name, policies } => {
            if name.starts_with("AWSServiceRoleFor") {
                vec![Invocation {
                    service: "iam",
                    operation: "delete-service-linked-role".into(),
                    args: vec![("--role-name".into(), name.clone())],
                }]
            } else {
                let mut v: Vec<Invocation> = policies
                    .iter()
                    .map(|p| Invocation {
                        service: "iam",
                        operation: "delete-role-policy".into(),
                        args: vec![
                            ("--role-name".into(), name.clone()),
                            ("--policy-name".into(), p.clone()),
                        ],
                    })
                    .collect();
                v.push(Invocation {
                    service: "iam",
                    operation: "delete-role".into(),
                    args: vec![("--role-name".into(), name.clone())],
                });
                v
            }
        }
        Op::DeleteObjectsUnder { bucket, prefix, filter } => {
            let mut args = vec![
                (String::new(), format!("s3://{bucket}/{prefix}")),
                ("--recursive".into(), String::new()),
            ];
            if *filter == super::ObjectFilter::UnloadParts {
                args.push(("--exclude".into(), "*".into()));
                args.push(("--include".into(), "*_part_*".into()));
            }
            vec![Invocation {
                service: "s3",
                operation: "rm".into(),
                args,
            }]
        }
        Op::FindKeyByTag { .. } => vec![Invocation {
            service: "kms",
            operation: "list-keys".into(),
            args: vec![],
        }],
        Op::ListObjects { .. }
        | Op::HeadBucket { .. }
        | Op::CreateBucket { .. }
        | Op::DeleteObjects { .. }
        | Op::DeleteBucket { .. } => {
            vec![s3api(&kebab(op.name()), args(op))]
        }
        _ => vec![Invocation {
            service: op.service().cli_name(),
            operation: kebab(op.name()),
            args: args(op).into_iter().map(|(f, v)| (f.to_string(), v)).collect(),
        }],
    };
    for inv in &mut out {
        if let Some(p) = &target.profile {
            inv.args.push(("--profile".into(), p.clone()));
        }
        inv.args.push(("--region".into(), target.region.clone()));
    }
    out
}

/// A command the port has no operation for (the exporter's per-item reads), with the target's
/// profile and Region like every other.
pub fn targeted(target: &Target, service: &'static str, operation: &str, args: Vec<(String, String)>) -> Invocation {
    let mut inv = Invocation {
        service,
        operation: operation.into(),
        args,
    };
    if let Some(p) = &target.profile {
        inv.args.push(("--profile".into(), p.clone()));
    }
    inv.args.push(("--region".into(), target.region.clone()));
    inv
}

/// One command the port has no operation for (a repair), quoted for the shell: an empty value is
/// a flag alone.
pub fn line(target: &Target, service: &'static str, operation: &str, args: &[(&str, &str)]) -> String {
    let args = args.iter().map(|(f, v)| (f.to_string(), v.to_string())).collect();
    targeted(target, service, operation, args).render(&sh)
}

/// The whole command, or None for an operation with no CLI form (the simulated analyst). A
/// compound operation's commands are joined with `&&`.
pub fn command(target: &Target, op: &Op) -> Option<String> {
    let lines: Vec<String> = invocations(target, op).iter().map(|i| i.render(&sh)).collect();
    (!lines.is_empty()).then(|| lines.join(" && "))
}
