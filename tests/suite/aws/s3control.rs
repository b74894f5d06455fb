//! S3 Access Grants on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_sdk_s3control::types as ag;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

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
fn the_instance_locations_and_grants_are_found_and_removed_by_their_ids() {
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
    let mut c = idle_clients();
    c.s3control = mock_client!(
        aws_sdk_s3control,
        RuleMode::MatchAny,
        [&associate, &location, &locations, &del_grant, &del_loc, &del_inst]
    );
    let c = cloud(c);
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
    for r in [&associate, &location, &del_grant, &del_loc, &del_inst] {
        assert_eq!(r.num_calls(), 1);
    }
}
