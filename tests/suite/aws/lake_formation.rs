//! Lake Formation on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_sdk_lakeformation::types as lf;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

fn principal(id: &str) -> lf::DataLakePrincipal {
    lf::DataLakePrincipal::builder()
        .data_lake_principal_identifier(id)
        .build()
}

fn everything_to_iam() -> lf::PrincipalPermissions {
    lf::PrincipalPermissions::builder()
        .principal(principal("IAM_ALLOWED_PRINCIPALS"))
        .permissions(lf::Permission::All)
        .build()
}

#[test]
fn the_settings_write_keeps_existing_admins_and_every_other_setting() {
    let get = mock!(aws_sdk_lakeformation::Client::get_data_lake_settings).then_output(|| {
        aws_sdk_lakeformation::operation::get_data_lake_settings::GetDataLakeSettingsOutput::builder()
            .data_lake_settings(
                lf::DataLakeSettings::builder()
                    .data_lake_admins(principal("arn:aws:iam::444455556666:role/Existing"))
                    .create_database_default_permissions(everything_to_iam())
                    .create_table_default_permissions(everything_to_iam())
                    .parameters("CROSS_ACCOUNT_VERSION", "4")
                    .trusted_resource_owners("999988887777")
                    .build(),
            )
            .build()
    });
    let put = mock!(aws_sdk_lakeformation::Client::put_data_lake_settings)
        .match_requests(|r| {
            let s = r.data_lake_settings().expect("settings sent");
            let admins: Vec<_> = s
                .data_lake_admins()
                .iter()
                .filter_map(|p| p.data_lake_principal_identifier())
                .collect();
            admins
                == [
                    "arn:aws:iam::444455556666:role/Existing",
                    "arn:aws:iam::444455556666:role/Admin",
                ]
                && s.create_database_default_permissions().is_empty()
                && s.create_table_default_permissions().is_empty()
                && s.parameters()
                    .and_then(|p| p.get("CROSS_ACCOUNT_VERSION"))
                    .map(String::as_str)
                    == Some("4")
                && s.trusted_resource_owners() == ["999988887777"]
        })
        .then_output(|| {
            aws_sdk_lakeformation::operation::put_data_lake_settings::PutDataLakeSettingsOutput::builder().build()
        });
    let mut c = idle_clients();
    c.lakeformation = mock_client!(aws_sdk_lakeformation, RuleMode::MatchAny, [&get, &put]);
    let c = cloud(c);
    let before = call(&c, Op::GetDataLakeSettings).unwrap().settings().unwrap();
    assert_eq!(
        before.admins,
        vec!["arn:aws:iam::444455556666:role/Existing".to_string()]
    );
    assert_eq!(
        before.create_table_defaults,
        vec![DefaultPermission {
            principal: "IAM_ALLOWED_PRINCIPALS".into(),
            permissions: vec!["ALL".into()]
        }]
    );
    let mut after = before.clone();
    after.admins.push("arn:aws:iam::444455556666:role/Admin".into());
    after.create_database_defaults.clear();
    after.create_table_defaults.clear();
    call(&c, Op::PutDataLakeSettings { settings: after }).unwrap();
    assert_eq!(put.num_calls(), 1, "the write carried the merged settings");
    let _: LakeSettings = before;
}

#[test]
fn registration_is_federated_with_the_exact_role_and_a_mismatch_shows_both_arns() {
    let role = "arn:aws:iam::444455556666:role/service-role/LFAccessRole-S3Tables";
    let register = mock!(aws_sdk_lakeformation::Client::register_resource)
        .match_requests(move |r| {
            r.with_federation() == Some(true)
                && r.role_arn() == Some(role)
                && r.resource_arn() == Some("arn:aws:s3tables:us-west-2:444455556666:bucket/*")
        })
        .then_output(|| aws_sdk_lakeformation::operation::register_resource::RegisterResourceOutput::builder().build());
    let describe = mock!(aws_sdk_lakeformation::Client::describe_resource).then_output(|| {
        aws_sdk_lakeformation::operation::describe_resource::DescribeResourceOutput::builder()
            .resource_info(
                lf::ResourceInfo::builder()
                    .resource_arn("arn:aws:s3tables:us-west-2:444455556666:bucket/*")
                    .role_arn("arn:aws:iam::444455556666:role/LFAccessRole-S3Tables")
                    .with_federation(true)
                    .build(),
            )
            .build()
    });
    let mut c = idle_clients();
    c.lakeformation = mock_client!(aws_sdk_lakeformation, RuleMode::MatchAny, [&register, &describe]);
    let c = cloud(c);
    call(
        &c,
        Op::RegisterResource {
            resource_arn: "arn:aws:s3tables:us-west-2:444455556666:bucket/*".into(),
            role_arn: role.into(),
            with_federation: true,
            with_privileged_access: true,
        },
    )
    .unwrap();
    assert_eq!(register.num_calls(), 1);
    let info: ResourceInfo = call(
        &c,
        Op::DescribeResource {
            resource_arn: "arn:aws:s3tables:us-west-2:444455556666:bucket/*".into(),
        },
    )
    .unwrap()
    .resource()
    .unwrap()
    .unwrap();
    assert!(info.with_federation);
    let err = tipwiz::actions::check_registration(&info, role)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("arn:aws:iam::444455556666:role/LFAccessRole-S3Tables") && err.contains(role),
        "{err}"
    );
    let unfederated = ResourceInfo {
        with_federation: false,
        role_arn: role.into(),
        ..info
    };
    assert!(
        tipwiz::actions::check_registration(&unfederated, role)
            .unwrap_err()
            .to_string()
            .contains("WithFederation is false")
    );
}

#[test]
fn group_grants_name_the_identity_store_group_and_every_table() {
    let grant = mock!(aws_sdk_lakeformation::Client::grant_permissions)
        .match_requests(|r| {
            let table = r.resource().and_then(|x| x.table());
            r.principal().and_then(|p| p.data_lake_principal_identifier())
                == Some("arn:aws:identitystore:::group/g-123")
                && table.is_some_and(|t| {
                    t.catalog_id() == Some("444455556666:s3tablescatalog/tables")
                        && t.database_name() == "customers"
                        && t.table_wildcard().is_some()
                        && t.name().is_none()
                })
                && r.permissions() == [lf::Permission::Select, lf::Permission::Describe]
        })
        .then_output(|| aws_sdk_lakeformation::operation::grant_permissions::GrantPermissionsOutput::builder().build());
    let list = mock!(aws_sdk_lakeformation::Client::list_permissions).then_output(|| {
        aws_sdk_lakeformation::operation::list_permissions::ListPermissionsOutput::builder()
            .principal_resource_permissions(
                lf::PrincipalResourcePermissions::builder()
                    .principal(principal("arn:aws:identitystore:::group/g-123"))
                    .resource(
                        lf::Resource::builder()
                            .database(
                                lf::DatabaseResource::builder()
                                    .catalog_id("444455556666:s3tablescatalog/tables")
                                    .name("customers")
                                    .build()
                                    .unwrap(),
                            )
                            .build(),
                    )
                    .permissions(lf::Permission::Describe)
                    .build(),
            )
            .build()
    });
    let revoke = mock!(aws_sdk_lakeformation::Client::revoke_permissions).then_error(|| {
        aws_sdk_lakeformation::operation::revoke_permissions::RevokePermissionsError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("AccessDeniedException")
                .message("no")
                .build(),
        )
    });
    let mut c = idle_clients();
    c.lakeformation = mock_client!(aws_sdk_lakeformation, RuleMode::MatchAny, [&grant, &list, &revoke]);
    let c = cloud(c);
    let tables = LfResource::Table {
        catalog_id: "444455556666:s3tablescatalog/tables".into(),
        database: "customers".into(),
        table: None,
    };
    call(
        &c,
        Op::GrantPermissions {
            principal: "arn:aws:identitystore:::group/g-123".into(),
            resource: tables.clone(),
            permissions: vec!["SELECT".into(), "DESCRIBE".into()],
        },
    )
    .unwrap();
    assert_eq!(grant.num_calls(), 1);
    let grants = call(
        &c,
        Op::ListPermissions {
            principal: Some("arn:aws:identitystore:::group/g-123".into()),
            resource: None,
        },
    )
    .unwrap()
    .grants()
    .unwrap();
    assert_eq!(
        grants[0].resource,
        LfResource::Database {
            catalog_id: "444455556666:s3tablescatalog/tables".into(),
            name: "customers".into()
        }
    );
    assert_eq!(grants[0].permissions, vec!["DESCRIBE".to_string()]);
    let err = call(
        &c,
        Op::RevokePermissions {
            principal: "p".into(),
            resource: tables,
            permissions: vec!["SELECT".into()],
        },
    )
    .unwrap_err();
    assert!(
        matches!(&err, CloudError::AccessDenied { message, .. } if message.contains("lakeformation:RevokePermissions")),
        "{err:?}"
    );
}
