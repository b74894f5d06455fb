//! Redshift on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

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
fn a_missing_cluster_reads_as_none() {
    let cluster = mock!(aws_sdk_redshift::Client::describe_clusters).then_error(|| {
        aws_sdk_redshift::operation::describe_clusters::DescribeClustersError::ClusterNotFoundFault(
            aws_sdk_redshift::types::error::ClusterNotFoundFault::builder()
                .message("no cluster")
                .build(),
        )
    });
    let mut c = idle_clients();
    c.redshift = mock_client!(aws_sdk_redshift, [&cluster]);
    let c = cloud(c);
    assert_eq!(
        call(&c, Op::DescribeCluster { id: "gone".into() }).unwrap(),
        Reply::Cluster(None)
    );
}

#[test]
fn applications_are_found_by_name_read_back_as_they_are_and_deleted_by_arn() {
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
    let mut c = idle_clients();
    c.redshift = mock_client!(aws_sdk_redshift, RuleMode::MatchAny, [&find, &delete_app]);
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
    assert_eq!(delete_app.num_calls(), 1);
}
