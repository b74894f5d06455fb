//! The identity store on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_sdk_identitystore::operation::get_group_id::GetGroupIdOutput;
use aws_smithy_mocks::{mock, mock_client};
use tipwiz::cloud::*;

#[test]
fn the_group_is_looked_up_by_display_name() {
    let rule = mock!(aws_sdk_identitystore::Client::get_group_id)
        .match_requests(|r| {
            matches!(r.alternate_identifier(), Some(aws_sdk_identitystore::types::AlternateIdentifier::UniqueAttribute(u))
                if u.attribute_path() == "displayName" && u.attribute_value() == &aws_smithy_types::Document::String("awssso-sales".into()))
        })
        .then_output(|| GetGroupIdOutput::builder()
                .group_id("g-123")
                .identity_store_id("d-1234567890")
                .group_arn("arn:aws:identitystore::111122223333:group/g-123")
                .build()
                .unwrap());
    let c = cloud(clients(
        None,
        None,
        Some(mock_client!(aws_sdk_identitystore, [&rule])),
        None,
    ));
    let r = call(
        &c,
        Op::GetGroupId {
            identity_store_id: "d-1234567890".into(),
            display_name: "awssso-sales".into(),
        },
    );
    assert_eq!(r.unwrap(), Reply::Id("g-123".into()));
}

#[test]
fn the_user_is_looked_up_by_user_name() {
    let rule = mock!(aws_sdk_identitystore::Client::get_user_id)
        .match_requests(|r| {
            matches!(r.alternate_identifier(), Some(aws_sdk_identitystore::types::AlternateIdentifier::UniqueAttribute(u))
                if u.attribute_path() == "userName" && u.attribute_value() == &aws_smithy_types::Document::String("ethan".into()))
        })
        .then_output(|| {
            aws_sdk_identitystore::operation::get_user_id::GetUserIdOutput::builder()
                .user_id("u-1")
                .identity_store_id("d-1234567890")
                .user_arn("arn:aws:identitystore::111122223333:user/u-1")
                .build()
                .unwrap()
        });
    let c = cloud(clients(
        None,
        None,
        Some(mock_client!(aws_sdk_identitystore, [&rule])),
        None,
    ));
    assert_eq!(
        call(
            &c,
            Op::GetUserId {
                identity_store_id: "d-1234567890".into(),
                user_name: "ethan".into()
            }
        )
        .unwrap(),
        Reply::Id("u-1".into())
    );
}
