//! Glue: the federated catalog s3tablescatalog.

use super::*;

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::GetCatalog { name } => {
            let r = none_if_missing(c.glue.get_catalog().catalog_id(name).send().await.or_cloud(t, op))?;
            Ok(Reply::Catalog(r.and_then(|r| {
                r.catalog().map(|cat| CatalogInfo {
                    name: cat.name().to_string(),
                    federated_identifier: cat
                        .federated_catalog()
                        .and_then(|f| f.identifier())
                        .unwrap_or_default()
                        .to_string(),
                    connection_name: cat
                        .federated_catalog()
                        .and_then(|f| f.connection_name())
                        .unwrap_or_default()
                        .to_string(),
                    iam_allowed_principals: cat
                        .create_database_default_permissions()
                        .iter()
                        .chain(cat.create_table_default_permissions())
                        .any(|p| {
                            p.principal().and_then(|x| x.data_lake_principal_identifier())
                                == Some(IAM_ALLOWED_PRINCIPALS)
                        }),
                })
            })))
        }
        Op::CreateCatalog {
            name,
            federated_identifier,
            connection_name,
        } => {
            let input = aws_sdk_glue::types::CatalogInput::builder()
                .federated_catalog(
                    aws_sdk_glue::types::FederatedCatalog::builder()
                        .identifier(federated_identifier)
                        .connection_name(connection_name)
                        .build(),
                )
                .set_create_database_default_permissions(Some(vec![]))
                .set_create_table_default_permissions(Some(vec![]))
                .allow_full_table_external_data_access(aws_sdk_glue::types::AllowFullTableExternalDataAccessEnum::True)
                .build();
            c.glue
                .create_catalog()
                .name(name)
                .catalog_input(input)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::DeleteCatalog { name } => {
            c.glue.delete_catalog().catalog_id(name).send().await.or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        other => Err(misrouted(other)),
    }
}
