//! The lake operations (IAM, Lake Formation, Glue, S3 Tables, Athena, Redshift clusters) on
//! mocked SDK clients.

use super::aws_mocks::{call, cloud, idle_clients};
use aws_sdk_lakeformation::types as lf;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::{CloudError, DefaultPermission, LakeSettings, LfResource, Op, Reply, ResourceInfo};

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

fn role(path: &str, name: &str) -> aws_sdk_iam::types::Role {
    aws_sdk_iam::types::Role::builder()
        .path(path)
        .role_name(name)
        .role_id("AROA")
        .arn(format!("arn:aws:iam::444455556666:role{path}{name}"))
        .create_date(aws_smithy_types::DateTime::from_secs(0))
        .assume_role_policy_document("%7B%22Action%22%3A%5B%22sts%3AAssumeRole%22%2C%22sts%3ASetContext%22%5D%7D")
        .build()
        .unwrap()
}

#[test]
fn roles_are_created_with_their_path_and_trust_read_back_and_deleted_with_their_policies() {
    let create = mock!(aws_sdk_iam::Client::create_role)
        .match_requests(|r| {
            r.path() == Some("/service-role/")
                && r.assume_role_policy_document()
                    .is_some_and(|d| d.contains("sts:SetContext"))
        })
        .then_output(|| {
            aws_sdk_iam::operation::create_role::CreateRoleOutput::builder()
                .role(role("/service-role/", "LF"))
                .build()
        });
    let get = mock!(aws_sdk_iam::Client::get_role)
        .match_requests(|r| r.role_name() == Some("LF"))
        .then_output(|| {
            aws_sdk_iam::operation::get_role::GetRoleOutput::builder()
                .role(role("/service-role/", "LF"))
                .build()
        });
    let missing = mock!(aws_sdk_iam::Client::get_role)
        .match_requests(|r| r.role_name() == Some("Nope"))
        .then_error(|| {
            aws_sdk_iam::operation::get_role::GetRoleError::NoSuchEntityException(
                aws_sdk_iam::types::error::NoSuchEntityException::builder()
                    .message("no")
                    .build(),
            )
        });
    let list_inline = mock!(aws_sdk_iam::Client::list_role_policies).then_output(|| {
        aws_sdk_iam::operation::list_role_policies::ListRolePoliciesOutput::builder()
            .policy_names("inline-1")
            .build()
            .unwrap()
    });
    let delete_inline = mock!(aws_sdk_iam::Client::delete_role_policy)
        .match_requests(|r| r.policy_name() == Some("inline-1"))
        .then_output(|| aws_sdk_iam::operation::delete_role_policy::DeleteRolePolicyOutput::builder().build());
    let list_attached = mock!(aws_sdk_iam::Client::list_attached_role_policies).then_output(|| {
        aws_sdk_iam::operation::list_attached_role_policies::ListAttachedRolePoliciesOutput::builder().build()
    });
    let delete = mock!(aws_sdk_iam::Client::delete_role)
        .match_requests(|r| r.role_name() == Some("LF"))
        .then_output(|| aws_sdk_iam::operation::delete_role::DeleteRoleOutput::builder().build());
    let mut c = idle_clients();
    c.iam = mock_client!(
        aws_sdk_iam,
        RuleMode::MatchAny,
        [
            &create,
            &get,
            &missing,
            &list_inline,
            &delete_inline,
            &list_attached,
            &delete
        ]
    );
    let c = cloud(c);
    let r = call(
        &c,
        Op::CreateRole {
            name: "LF".into(),
            path: "/service-role/".into(),
            trust_policy: "{\"Action\":[\"sts:AssumeRole\",\"sts:SetContext\"]}".into(),
            description: "d".into(),
        },
    )
    .unwrap()
    .role()
    .unwrap();
    assert_eq!(r.arn, "arn:aws:iam::444455556666:role/service-role/LF");
    assert!(
        r.trust_policy.contains("sts:SetContext"),
        "the URL-encoded trust is decoded: {}",
        r.trust_policy
    );
    assert_eq!(
        call(&c, Op::GetRole { name: "Nope".into() }).unwrap(),
        Reply::MaybeRole(None)
    );
    call(&c, Op::DeleteRole { name: "LF".into() }).unwrap();
    assert_eq!((delete_inline.num_calls(), delete.num_calls()), (1, 1));
}

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

#[test]
fn table_buckets_athena_queries_and_clusters() {
    let list = mock!(aws_sdk_s3tables::Client::list_table_buckets).then_output(|| {
        aws_sdk_s3tables::operation::list_table_buckets::ListTableBucketsOutput::builder()
            .table_buckets(
                aws_sdk_s3tables::types::TableBucketSummary::builder()
                    .arn("arn:aws:s3tables:us-west-2:444455556666:bucket/tables-old")
                    .name("tables-old")
                    .owner_account_id("444455556666")
                    .created_at(aws_smithy_types::DateTime::from_secs(0))
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    });
    let ns = mock!(aws_sdk_s3tables::Client::create_namespace)
        .match_requests(|r| r.namespace() == ["customers"])
        .then_output(|| {
            aws_sdk_s3tables::operation::create_namespace::CreateNamespaceOutput::builder()
                .table_bucket_arn("b")
                .namespace("customers")
                .build()
                .unwrap()
        });
    let start = mock!(aws_sdk_athena::Client::start_query_execution)
        .match_requests(|r| {
            r.query_execution_context().and_then(|q| q.catalog()) == Some("s3tablescatalog/tables")
                && r.query_execution_context().and_then(|q| q.database()) == Some("customers")
                && r.result_configuration().and_then(|c| c.output_location()) == Some("s3://bucket/athena-results/")
        })
        .then_output(|| {
            aws_sdk_athena::operation::start_query_execution::StartQueryExecutionOutput::builder()
                .query_execution_id("q-1")
                .build()
        });
    let status = mock!(aws_sdk_athena::Client::get_query_execution).then_output(|| {
        aws_sdk_athena::operation::get_query_execution::GetQueryExecutionOutput::builder()
            .query_execution(
                aws_sdk_athena::types::QueryExecution::builder()
                    .status(
                        aws_sdk_athena::types::QueryExecutionStatus::builder()
                            .state(aws_sdk_athena::types::QueryExecutionState::Failed)
                            .state_change_reason("Insufficient Lake Formation permission(s)")
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    let cluster = mock!(aws_sdk_redshift::Client::describe_clusters).then_error(|| {
        aws_sdk_redshift::operation::describe_clusters::DescribeClustersError::ClusterNotFoundFault(
            aws_sdk_redshift::types::error::ClusterNotFoundFault::builder()
                .message("no cluster")
                .build(),
        )
    });
    let mut c = idle_clients();
    c.s3tables = mock_client!(aws_sdk_s3tables, RuleMode::MatchAny, [&list, &ns]);
    c.athena = mock_client!(aws_sdk_athena, RuleMode::MatchAny, [&start, &status]);
    c.redshift = mock_client!(aws_sdk_redshift, [&cluster]);
    let c = cloud(c);
    // A prefix match is not the bucket: only the exact name is adopted.
    assert_eq!(
        call(&c, Op::FindTableBucket { name: "tables".into() }).unwrap(),
        Reply::MaybeId(None)
    );
    call(
        &c,
        Op::CreateNamespace {
            table_bucket_arn: "b".into(),
            namespace: "customers".into(),
        },
    )
    .unwrap();
    let id = call(
        &c,
        Op::StartQueryExecution {
            sql: "CREATE TABLE customers.t (id int)".into(),
            catalog: "s3tablescatalog/tables".into(),
            database: "customers".into(),
            workgroup: "primary".into(),
            output_location: "s3://bucket/athena-results/".into(),
        },
    )
    .unwrap()
    .id()
    .unwrap();
    let q = call(&c, Op::GetQueryExecution { id }).unwrap().query().unwrap();
    assert_eq!(
        (q.state.as_str(), q.reason.as_deref()),
        ("FAILED", Some("Insufficient Lake Formation permission(s)"))
    );
    assert_eq!(
        call(&c, Op::DescribeCluster { id: "gone".into() }).unwrap(),
        Reply::Cluster(None)
    );
}
