//! The AWS CLI arguments of the glue operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        GetCatalog { name } | DeleteCatalog { name } => vec![("--catalog-id", s(name))],
        CreateCatalog {
            name,
            federated_identifier,
            connection_name,
        } => vec![
            ("--name", s(name)),
            (
                "--catalog-input",
                json_text(&serde_json::json!({
                    "FederatedCatalog": {"Identifier": federated_identifier, "ConnectionName": connection_name},
                    "CreateDatabaseDefaultPermissions": [],
                    "CreateTableDefaultPermissions": [],
                    "AllowFullTableExternalDataAccess": "True"
                })),
            ),
        ],
        _ => vec![],
    }
}
