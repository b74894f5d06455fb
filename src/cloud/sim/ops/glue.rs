//! Glue: the federated catalog s3tablescatalog.

use super::*;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, _now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    match op {
        GetCatalog { name } => Ok(Reply::Catalog(st.lake(t).catalogs.get(name).cloned())),
        CreateCatalog {
            name,
            federated_identifier,
            connection_name,
        } => {
            let lake = st.lake(t);
            if lake.catalogs.contains_key(name) {
                return Err(CloudError::AlreadyExists {
                    what: format!("catalog {name}"),
                });
            }
            if !lake
                .resources
                .get(federated_identifier)
                .is_some_and(|r| r.with_federation)
            {
                return Err(CloudError::invalid(
                    op,
                    format!("{federated_identifier} is not registered with Lake Formation with federation"),
                ));
            }
            // The catalog takes the defaults in force when it is created, and keeps them.
            let iam_allowed =
                !lake.settings.create_database_defaults.is_empty() || !lake.settings.create_table_defaults.is_empty();
            lake.catalogs.insert(
                name.clone(),
                CatalogInfo {
                    name: name.clone(),
                    federated_identifier: federated_identifier.clone(),
                    connection_name: connection_name.clone(),
                    iam_allowed_principals: iam_allowed,
                },
            );
            Ok(Reply::Done)
        }
        DeleteCatalog { name } => st
            .lake(t)
            .catalogs
            .remove(name)
            .map(|_| Reply::Done)
            .ok_or_else(|| nf(format!("catalog {name}"))),
        _ => Err(misrouted(op)),
    }
}
