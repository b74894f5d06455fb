//! The AWS CLI arguments of the athena operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        StartQueryExecution {
            sql,
            catalog,
            database,
            workgroup,
            output_location,
        } => vec![
            ("--query-string", s(sql)),
            (
                "--query-execution-context",
                json_text(&serde_json::json!({"Catalog": catalog, "Database": database})),
            ),
            ("--work-group", s(workgroup)),
            (
                "--result-configuration",
                json_text(&serde_json::json!({"OutputLocation": output_location})),
            ),
        ],
        GetQueryExecution { id } => vec![("--query-execution-id", s(id))],
        _ => vec![],
    }
}
