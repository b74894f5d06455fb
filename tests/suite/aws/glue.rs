//! Glue on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

#[test]
fn the_federated_catalog_is_created_without_default_grants_and_read_back() {
    let create = mock!(aws_sdk_glue::Client::create_catalog)
        .match_requests(|r| {
            let i = r.catalog_input().expect("input");
            r.name() == Some("s3tablescatalog")
                && i.federated_catalog().and_then(|f| f.identifier())
                    == Some("arn:aws:s3tables:us-west-2:444455556666:bucket/*")
                && i.federated_catalog().and_then(|f| f.connection_name()) == Some("aws:s3tables")
                && i.create_database_default_permissions().is_empty()
                && i.create_table_default_permissions().is_empty()
                && i.allow_full_table_external_data_access()
                    == Some(&aws_sdk_glue::types::AllowFullTableExternalDataAccessEnum::True)
        })
        .then_output(|| aws_sdk_glue::operation::create_catalog::CreateCatalogOutput::builder().build());
    let get = mock!(aws_sdk_glue::Client::get_catalog).then_output(|| {
        aws_sdk_glue::operation::get_catalog::GetCatalogOutput::builder()
            .catalog(
                aws_sdk_glue::types::Catalog::builder()
                    .name("s3tablescatalog")
                    .create_table_default_permissions(
                        aws_sdk_glue::types::PrincipalPermissions::builder()
                            .principal(
                                aws_sdk_glue::types::DataLakePrincipal::builder()
                                    .data_lake_principal_identifier("IAM_ALLOWED_PRINCIPALS")
                                    .build(),
                            )
                            .build(),
                    )
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let mut c = idle_clients();
    c.glue = mock_client!(aws_sdk_glue, RuleMode::MatchAny, [&create, &get]);
    let c = cloud(c);
    call(
        &c,
        Op::CreateCatalog {
            name: "s3tablescatalog".into(),
            federated_identifier: "arn:aws:s3tables:us-west-2:444455556666:bucket/*".into(),
            connection_name: "aws:s3tables".into(),
        },
    )
    .unwrap();
    assert_eq!(create.num_calls(), 1);
    let cat = call(
        &c,
        Op::GetCatalog {
            name: "s3tablescatalog".into(),
        },
    )
    .unwrap()
    .catalog()
    .unwrap()
    .unwrap();
    assert!(
        cat.iam_allowed_principals,
        "a catalog left with IAMAllowedPrincipals grants is flagged"
    );
}
