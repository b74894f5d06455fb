//! S3, S3 Access Grants, the Redshift application and Data API, application assignments and
//! CloudTrail on mocked SDK clients.

use super::aws_mocks::{call, cloud, idle_clients};
use aws_sdk_s3control::types as ag;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::{Op, Reply};

#[test]
fn the_grant_is_for_the_directory_group_on_its_prefix_read_and_write() {
    let create = mock!(aws_sdk_s3control::Client::create_access_grant)
        .match_requests(|r| {
            r.account_id() == Some("444455556666")
                && r.access_grants_location_id() == Some("loc-1")
                && r.access_grants_location_configuration().and_then(|c| c.s3_sub_prefix()) == Some("awssso-sales/*")
                && r.grantee().and_then(|g| g.grantee_type()) == Some(&ag::GranteeType::DirectoryGroup)
                && r.grantee().and_then(|g| g.grantee_identifier()) == Some("g-123")
                && r.permission() == Some(&ag::Permission::Readwrite)
        })
        .then_output(|| {
            aws_sdk_s3control::operation::create_access_grant::CreateAccessGrantOutput::builder()
                .access_grant_id("grant-1")
                .build()
        });
    let instance = mock!(aws_sdk_s3control::Client::create_access_grants_instance)
        .match_requests(|r| r.identity_center_arn() == Some("arn:aws:sso:::instance/ssoins-1234567890abcdef"))
        .then_output(|| {
            aws_sdk_s3control::operation::create_access_grants_instance::CreateAccessGrantsInstanceOutput::builder()
                .build()
        });
    let get = mock!(aws_sdk_s3control::Client::get_access_grants_instance).then_error(|| {
        aws_sdk_s3control::operation::get_access_grants_instance::GetAccessGrantsInstanceError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("AccessGrantsInstanceNotExistsError")
                .message("none")
                .build(),
        )
    });
    let list = mock!(aws_sdk_s3control::Client::list_access_grants).then_output(|| {
        aws_sdk_s3control::operation::list_access_grants::ListAccessGrantsOutput::builder()
            .access_grants_list(
                ag::ListAccessGrantEntry::builder()
                    .access_grant_id("grant-1")
                    .access_grants_location_id("loc-1")
                    .access_grants_location_configuration(
                        ag::AccessGrantsLocationConfiguration::builder()
                            .s3_sub_prefix("awssso-sales/*")
                            .build(),
                    )
                    .grantee(
                        ag::Grantee::builder()
                            .grantee_type(ag::GranteeType::DirectoryGroup)
                            .grantee_identifier("g-123")
                            .build(),
                    )
                    .permission(ag::Permission::Readwrite)
                    .build(),
            )
            .build()
    });
    let mut c = idle_clients();
    c.s3control = mock_client!(aws_sdk_s3control, RuleMode::MatchAny, [&create, &instance, &get, &list]);
    let c = cloud(c);
    let id = call(
        &c,
        Op::CreateAccessGrant {
            account_id: "444455556666".into(),
            location_id: "loc-1".into(),
            sub_prefix: "awssso-sales/*".into(),
            group_id: "g-123".into(),
            permission: "READWRITE".into(),
        },
    );
    assert_eq!(id.unwrap(), Reply::Id("grant-1".into()));
    call(
        &c,
        Op::CreateAccessGrantsInstance {
            account_id: "444455556666".into(),
            identity_center_arn: "arn:aws:sso:::instance/ssoins-1234567890abcdef".into(),
        },
    )
    .unwrap();
    let g = call(
        &c,
        Op::ListAccessGrants {
            account_id: "444455556666".into(),
        },
    )
    .unwrap()
    .ag_grants()
    .unwrap();
    assert_eq!(
        (
            g[0].grantee_type.as_str(),
            g[0].sub_prefix.as_str(),
            g[0].permission.as_str()
        ),
        ("DIRECTORY_GROUP", "awssso-sales/*", "READWRITE")
    );
    // An account without an instance reads as none (the service's own error code).
    let got = call(
        &c,
        Op::GetAccessGrantsInstance {
            account_id: "444455556666".into(),
        },
    );
    assert_eq!(got.unwrap(), Reply::AgInstance(None));
}

#[test]
fn the_redshift_application_has_both_integrations_and_the_group_is_assigned() {
    use aws_sdk_redshift::types as rs;
    let create = mock!(aws_sdk_redshift::Client::create_redshift_idc_application)
        .match_requests(|r| {
            let i = r.service_integrations();
            r.identity_namespace() == Some("AWSIDC")
                && i.iter().any(|x| matches!(x, rs::ServiceIntegrationsUnion::LakeFormation(v)
                    if matches!(v.first(), Some(rs::LakeFormationScopeUnion::LakeFormationQuery(q)) if q.authorization() == Some(&rs::ServiceAuthorization::Enabled))))
                && i.iter().any(|x| matches!(x, rs::ServiceIntegrationsUnion::S3AccessGrants(v)
                    if matches!(v.first(), Some(rs::S3AccessGrantsScopeUnion::ReadWriteAccess(q)) if q.authorization() == Some(&rs::ServiceAuthorization::Enabled))))
        })
        .then_output(|| {
            aws_sdk_redshift::operation::create_redshift_idc_application::CreateRedshiftIdcApplicationOutput::builder()
                .redshift_idc_application(
                    rs::RedshiftIdcApplication::builder()
                        .redshift_idc_application_name("app")
                        .redshift_idc_application_arn("arn:aws:redshift:us-west-2:444455556666:redshiftidcapplication:x")
                        .idc_managed_application_arn("arn:aws:sso::111122223333:application/ssoins-1/apl-1")
                        .service_integrations(rs::ServiceIntegrationsUnion::LakeFormation(vec![]))
                        .service_integrations(rs::ServiceIntegrationsUnion::S3AccessGrants(vec![]))
                        .build(),
                )
                .build()
        });
    let assign = mock!(aws_sdk_ssoadmin::Client::create_application_assignment)
        .match_requests(|r| {
            r.application_arn() == Some("arn:aws:sso::111122223333:application/ssoins-1/apl-1")
                && r.principal_type() == Some(&aws_sdk_ssoadmin::types::PrincipalType::Group)
                && r.principal_id() == Some("g-123")
        })
        .then_output(|| {
            aws_sdk_ssoadmin::operation::create_application_assignment::CreateApplicationAssignmentOutput::builder()
                .build()
        });
    let mut c = idle_clients();
    c.redshift = mock_client!(aws_sdk_redshift, [&create]);
    c.sso = mock_client!(aws_sdk_ssoadmin, [&assign]);
    let c = cloud(c);
    let app = call(
        &c,
        Op::CreateRedshiftIdcApplication {
            name: "app".into(),
            display_name: "Redshift".into(),
            idc_instance_arn: "arn:aws:sso:::instance/ssoins-1".into(),
            identity_namespace: "AWSIDC".into(),
            iam_role_arn: "arn:aws:iam::444455556666:role/R".into(),
            lake_formation: true,
            access_grants: true,
        },
    )
    .unwrap()
    .idc_app()
    .unwrap();
    assert!(app.lake_formation && app.access_grants);
    assert!(app.managed_application_arn.starts_with("arn:aws:sso::"));
    call(
        &c,
        Op::CreateApplicationAssignment {
            application_arn: app.managed_application_arn,
            group_id: "g-123".into(),
        },
    )
    .unwrap();
    assert_eq!((create.num_calls(), assign.num_calls()), (1, 1));
}

#[test]
fn statements_run_as_the_admin_user_and_report_failures() {
    let exec = mock!(aws_sdk_redshiftdata::Client::execute_statement)
        .match_requests(|r| {
            r.cluster_identifier() == Some("anycompany-west")
                && r.db_user() == Some("awsuser")
                && r.database() == Some("dev")
        })
        .then_output(|| {
            aws_sdk_redshiftdata::operation::execute_statement::ExecuteStatementOutput::builder()
                .id("s-1")
                .build()
        });
    let describe = mock!(aws_sdk_redshiftdata::Client::describe_statement).then_output(|| {
        aws_sdk_redshiftdata::operation::describe_statement::DescribeStatementOutput::builder()
            .id("s-1")
            .status(aws_sdk_redshiftdata::types::StatusString::Failed)
            .error("Failed to obtain AWS IdC Info")
            .build()
            .unwrap()
    });
    let mut c = idle_clients();
    c.redshift_data = mock_client!(aws_sdk_redshiftdata, RuleMode::MatchAny, [&exec, &describe]);
    let c = cloud(c);
    let id = call(
        &c,
        Op::ExecuteStatement {
            cluster: "anycompany-west".into(),
            database: "dev".into(),
            db_user: "awsuser".into(),
            sql: "SELECT 1".into(),
        },
    )
    .unwrap()
    .id()
    .unwrap();
    let s = call(&c, Op::DescribeStatement { id }).unwrap().query().unwrap();
    assert_eq!(
        (s.state.as_str(), s.reason.as_deref()),
        ("FAILED", Some("Failed to obtain AWS IdC Info"))
    );
}

#[test]
fn cloudtrail_is_asked_for_one_event_name_across_pages_and_read_for_on_behalf_of() {
    let json = |source: &str| {
        format!(
            r#"{{"eventName":"GetDataAccess","eventSource":"{source}","userIdentity":{{"onBehalfOf":{{"userId":"u-1","identityStoreArn":"arn:aws:identitystore::111122223333:identitystore/d-1234567890"}}}}}}"#
        )
    };
    let page1 = json("lakeformation.amazonaws.com");
    let page2 = json("s3.amazonaws.com");
    let rule = mock!(aws_sdk_cloudtrail::Client::lookup_events)
        .match_requests(|r| {
            r.lookup_attributes().len() == 1
                && r.lookup_attributes()[0].attribute_key() == &aws_sdk_cloudtrail::types::LookupAttributeKey::EventName
                && r.lookup_attributes()[0].attribute_value() == "GetDataAccess"
                && r.start_time().is_some()
        })
        .sequence()
        .output(move || {
            aws_sdk_cloudtrail::operation::lookup_events::LookupEventsOutput::builder()
                .events(
                    aws_sdk_cloudtrail::types::Event::builder()
                        .event_name("GetDataAccess")
                        .cloud_trail_event(page1.clone())
                        .build(),
                )
                .next_token("more")
                .build()
        })
        .output(move || {
            aws_sdk_cloudtrail::operation::lookup_events::LookupEventsOutput::builder()
                .events(
                    aws_sdk_cloudtrail::types::Event::builder()
                        .event_name("GetDataAccess")
                        .cloud_trail_event(page2.clone())
                        .build(),
                )
                .build()
        })
        .build();
    let mut c = idle_clients();
    c.cloudtrail = mock_client!(aws_sdk_cloudtrail, [&rule]);
    let c = cloud(c);
    let events = call(
        &c,
        Op::LookupEvents {
            event_name: "GetDataAccess".into(),
            start_ms: 0,
        },
    )
    .unwrap()
    .events()
    .unwrap();
    assert_eq!(rule.num_calls(), 2);
    let sources: Vec<&str> = events.iter().map(|e| e.event_source.as_str()).collect();
    assert_eq!(sources, ["lakeformation.amazonaws.com", "s3.amazonaws.com"]);
    assert!(events.iter().all(|e| e.on_behalf_of_user_id.as_deref() == Some("u-1")));
}

#[test]
fn buckets_are_made_in_the_region_listed_across_pages_and_emptied() {
    let create = mock!(aws_sdk_s3::Client::create_bucket)
        .match_requests(|r| {
            r.bucket() == Some("anycompany-west-idc-sales")
                && r.create_bucket_configuration()
                    .and_then(|c| c.location_constraint())
                    .map(|l| l.as_str())
                    == Some("us-west-2")
        })
        .then_output(|| aws_sdk_s3::operation::create_bucket::CreateBucketOutput::builder().build());
    let list = mock!(aws_sdk_s3::Client::list_objects_v2)
        .sequence()
        .output(|| {
            aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder()
                .contents(
                    aws_sdk_s3::types::Object::builder()
                        .key("awssso-sales/0000_part_00.parquet")
                        .build(),
                )
                .is_truncated(true)
                .next_continuation_token("more")
                .build()
        })
        .output(|| {
            aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder()
                .contents(
                    aws_sdk_s3::types::Object::builder()
                        .key("awssso-sales/0001_part_00.parquet")
                        .build(),
                )
                .build()
        })
        .build();
    let delete = mock!(aws_sdk_s3::Client::delete_objects)
        .match_requests(|r| r.delete().is_some_and(|d| d.objects().len() == 2))
        .then_output(|| aws_sdk_s3::operation::delete_objects::DeleteObjectsOutput::builder().build());
    let mut c = idle_clients();
    c.s3 = mock_client!(aws_sdk_s3, RuleMode::MatchAny, [&create, &list, &delete]);
    let c = cloud(c);
    call(
        &c,
        Op::CreateBucket {
            name: "anycompany-west-idc-sales".into(),
            region: "us-west-2".into(),
        },
    )
    .unwrap();
    let keys = call(
        &c,
        Op::ListObjects {
            bucket: "anycompany-west-idc-sales".into(),
            prefix: "awssso-sales/".into(),
        },
    )
    .unwrap()
    .ids()
    .unwrap();
    assert_eq!(keys.len(), 2);
    call(
        &c,
        Op::DeleteObjects {
            bucket: "anycompany-west-idc-sales".into(),
            keys,
        },
    )
    .unwrap();
    assert_eq!((create.num_calls(), list.num_calls(), delete.num_calls()), (1, 2, 1));
}

#[test]
fn access_grants_are_undone_grant_then_location_then_instance_then_role() {
    use crate::common::*;
    let dir = tempfile::tempdir().unwrap();
    let (_sim, engine) = open(dir.path(), None);
    assert_eq!(run(engine.apply(&all_steps())), tipwiz::engine::Outcome::Done);
    let undo: Vec<&'static str> = engine.journal.snapshot().steps["bob.access-grants"]
        .undo
        .iter()
        .rev()
        .map(|u| u.op.name())
        .collect();
    assert_eq!(
        undo,
        [
            "DeleteAccessGrant",
            "DeleteAccessGrantsLocation",
            "DeleteAccessGrantsInstance",
            "DeleteRole"
        ]
    );
}

#[test]
fn the_remaining_storage_calls_carry_their_ids() {
    use aws_sdk_redshift::types as rs;
    let find = mock!(aws_sdk_redshift::Client::describe_redshift_idc_applications).then_output(|| {
        aws_sdk_redshift::operation::describe_redshift_idc_applications::DescribeRedshiftIdcApplicationsOutput::builder(
        )
        .redshift_idc_applications(
            rs::RedshiftIdcApplication::builder()
                .redshift_idc_application_name("other")
                .build(),
        )
        .redshift_idc_applications(
            rs::RedshiftIdcApplication::builder()
                .redshift_idc_application_name("app")
                .redshift_idc_application_arn("arn:app")
                .service_integrations(rs::ServiceIntegrationsUnion::LakeFormation(vec![]))
                .build(),
        )
        .build()
    });
    let delete_app = mock!(aws_sdk_redshift::Client::delete_redshift_idc_application)
        .match_requests(|r| r.redshift_idc_application_arn() == Some("arn:app"))
        .then_output(|| {
            aws_sdk_redshift::operation::delete_redshift_idc_application::DeleteRedshiftIdcApplicationOutput::builder()
                .build()
        });
    let associate = mock!(aws_sdk_s3control::Client::associate_access_grants_identity_center)
        .match_requests(|r| r.identity_center_arn() == Some("arn:aws:sso:::instance/ssoins-1"))
        .then_output(|| aws_sdk_s3control::operation::associate_access_grants_identity_center::AssociateAccessGrantsIdentityCenterOutput::builder().build());
    let location = mock!(aws_sdk_s3control::Client::create_access_grants_location)
        .match_requests(|r| r.location_scope() == Some("s3://bucket/") && r.iam_role_arn() == Some("arn:role"))
        .then_output(|| {
            aws_sdk_s3control::operation::create_access_grants_location::CreateAccessGrantsLocationOutput::builder()
                .access_grants_location_id("loc-1")
                .build()
        });
    let locations = mock!(aws_sdk_s3control::Client::list_access_grants_locations).then_output(|| {
        aws_sdk_s3control::operation::list_access_grants_locations::ListAccessGrantsLocationsOutput::builder()
            .access_grants_locations_list(
                ag::ListAccessGrantsLocationsEntry::builder()
                    .access_grants_location_id("loc-1")
                    .location_scope("s3://bucket/")
                    .iam_role_arn("arn:role")
                    .build(),
            )
            .build()
    });
    let del_grant = mock!(aws_sdk_s3control::Client::delete_access_grant)
        .match_requests(|r| r.access_grant_id() == Some("grant-1"))
        .then_output(|| aws_sdk_s3control::operation::delete_access_grant::DeleteAccessGrantOutput::builder().build());
    let del_loc = mock!(aws_sdk_s3control::Client::delete_access_grants_location)
        .match_requests(|r| r.access_grants_location_id() == Some("loc-1"))
        .then_output(|| {
            aws_sdk_s3control::operation::delete_access_grants_location::DeleteAccessGrantsLocationOutput::builder()
                .build()
        });
    let del_inst = mock!(aws_sdk_s3control::Client::delete_access_grants_instance)
        .match_requests(|r| r.account_id() == Some("444455556666"))
        .then_output(|| {
            aws_sdk_s3control::operation::delete_access_grants_instance::DeleteAccessGrantsInstanceOutput::builder()
                .build()
        });
    let head = mock!(aws_sdk_s3::Client::head_bucket)
        .match_requests(|r| r.expected_bucket_owner() == Some("111122223333"))
        .then_output(|| aws_sdk_s3::operation::head_bucket::HeadBucketOutput::builder().build());
    let del_bucket = mock!(aws_sdk_s3::Client::delete_bucket)
        .then_output(|| aws_sdk_s3::operation::delete_bucket::DeleteBucketOutput::builder().build());
    let list_assign = mock!(aws_sdk_ssoadmin::Client::list_application_assignments).then_output(|| {
        aws_sdk_ssoadmin::operation::list_application_assignments::ListApplicationAssignmentsOutput::builder()
            .application_assignments(
                aws_sdk_ssoadmin::types::ApplicationAssignment::builder()
                    .application_arn("arn:apl")
                    .principal_type(aws_sdk_ssoadmin::types::PrincipalType::Group)
                    .principal_id("g-123")
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let del_assign = mock!(aws_sdk_ssoadmin::Client::delete_application_assignment)
        .match_requests(|r| {
            r.principal_id() == Some("g-123")
                && r.principal_type() == Some(&aws_sdk_ssoadmin::types::PrincipalType::Group)
        })
        .then_output(|| {
            aws_sdk_ssoadmin::operation::delete_application_assignment::DeleteApplicationAssignmentOutput::builder()
                .build()
        });
    let mut c = idle_clients();
    c.redshift = mock_client!(aws_sdk_redshift, RuleMode::MatchAny, [&find, &delete_app]);
    c.s3control = mock_client!(
        aws_sdk_s3control,
        RuleMode::MatchAny,
        [&associate, &location, &locations, &del_grant, &del_loc, &del_inst]
    );
    c.s3 = mock_client!(aws_sdk_s3, RuleMode::MatchAny, [&head, &del_bucket]);
    c.sso = mock_client!(aws_sdk_ssoadmin, RuleMode::MatchAny, [&list_assign, &del_assign]);
    let c = cloud(c);
    let app = call(&c, Op::FindRedshiftIdcApplication { name: "app".into() })
        .unwrap()
        .maybe_idc_app()
        .unwrap()
        .unwrap();
    assert_eq!(app.arn, "arn:app");
    assert!(
        app.lake_formation && !app.access_grants,
        "integrations are read back as they are"
    );
    call(&c, Op::DeleteRedshiftIdcApplication { arn: "arn:app".into() }).unwrap();
    call(
        &c,
        Op::AssociateAccessGrantsIdentityCenter {
            account_id: "444455556666".into(),
            identity_center_arn: "arn:aws:sso:::instance/ssoins-1".into(),
        },
    )
    .unwrap();
    assert_eq!(
        call(
            &c,
            Op::CreateAccessGrantsLocation {
                account_id: "444455556666".into(),
                scope: "s3://bucket/".into(),
                role_arn: "arn:role".into()
            }
        )
        .unwrap(),
        Reply::Id("loc-1".into())
    );
    let locs = call(
        &c,
        Op::ListAccessGrantsLocations {
            account_id: "444455556666".into(),
        },
    )
    .unwrap()
    .ag_locations()
    .unwrap();
    assert_eq!(
        (locs[0].scope.as_str(), locs[0].role_arn.as_str()),
        ("s3://bucket/", "arn:role")
    );
    call(
        &c,
        Op::DeleteAccessGrant {
            account_id: "444455556666".into(),
            id: "grant-1".into(),
        },
    )
    .unwrap();
    call(
        &c,
        Op::DeleteAccessGrantsLocation {
            account_id: "444455556666".into(),
            id: "loc-1".into(),
        },
    )
    .unwrap();
    call(
        &c,
        Op::DeleteAccessGrantsInstance {
            account_id: "444455556666".into(),
        },
    )
    .unwrap();
    assert_eq!(
        call(&c, Op::HeadBucket { name: "b".into() }).unwrap(),
        Reply::Exists(true),
        "the bucket's owner is checked"
    );
    call(&c, Op::DeleteBucket { name: "b".into() }).unwrap();
    assert_eq!(
        call(
            &c,
            Op::ListApplicationAssignments {
                application_arn: "arn:apl".into()
            }
        )
        .unwrap(),
        Reply::Ids(vec!["g-123".into()])
    );
    call(
        &c,
        Op::DeleteApplicationAssignment {
            application_arn: "arn:apl".into(),
            group_id: "g-123".into(),
        },
    )
    .unwrap();
    for r in [
        &delete_app,
        &associate,
        &location,
        &del_grant,
        &del_loc,
        &del_inst,
        &del_bucket,
        &del_assign,
    ] {
        assert_eq!(r.num_calls(), 1);
    }
}
