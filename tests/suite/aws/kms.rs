//! KMS on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_sdk_kms::operation::create_key::CreateKeyOutput;
use aws_sdk_kms::operation::describe_key::{DescribeKeyError, DescribeKeyOutput};
use aws_sdk_kms::operation::replicate_key::ReplicateKeyOutput;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

#[test]
fn create_key_is_multi_region_with_the_policy_and_the_tag() {
    let rule = mock!(aws_sdk_kms::Client::create_key)
        .match_requests(|r| {
            r.multi_region() == Some(true)
                && r.policy().is_some_and(|p| p.contains("sso.amazonaws.com"))
                && r.tags()
                    .iter()
                    .any(|t| t.tag_key() == "tipwiz:alias" && t.tag_value() == "alias/x")
        })
        .then_output(|| {
            CreateKeyOutput::builder()
                .key_metadata(meta("mrk-1", "us-east-1"))
                .build()
        });
    let c = cloud(clients(None, None, None, Some(mock_client!(aws_sdk_kms, [&rule]))));
    let policy = tipwiz::actions::policy::identity_center_key("111122223333");
    let r = call(
        &c,
        Op::CreateKey {
            description: "d".into(),
            policy,
            multi_region: true,
            tags: vec![("tipwiz:alias".into(), "alias/x".into())],
        },
    );
    let key = r.unwrap().key().unwrap();
    assert_eq!(key.key_id, "mrk-1");
    assert!(key.multi_region);
    assert_eq!(rule.num_calls(), 1);
}

#[test]
fn the_replica_is_given_the_same_policy() {
    let rule = mock!(aws_sdk_kms::Client::replicate_key)
        .match_requests(|r| {
            r.key_id() == Some("mrk-1")
                && r.replica_region() == Some("us-west-2")
                && r.policy() == Some("{\"the\":\"policy\"}")
        })
        .then_output(|| {
            ReplicateKeyOutput::builder()
                .replica_key_metadata(meta("mrk-1", "us-west-2"))
                .build()
        });
    let c = cloud(clients(None, None, None, Some(mock_client!(aws_sdk_kms, [&rule]))));
    let r = call(
        &c,
        Op::ReplicateKey {
            key_id: "mrk-1".into(),
            replica_region: "us-west-2".into(),
            policy: "{\"the\":\"policy\"}".into(),
        },
    );
    assert_eq!(r.unwrap().key().unwrap().region, "us-west-2");
    assert_eq!(rule.num_calls(), 1);
}

#[test]
fn a_key_that_does_not_exist_reads_as_none_and_conflicts_read_as_existing() {
    let describe = mock!(aws_sdk_kms::Client::describe_key).then_error(|| {
        DescribeKeyError::NotFoundException(
            aws_sdk_kms::types::error::NotFoundException::builder()
                .message("alias not found")
                .build(),
        )
    });
    let c = cloud(clients(None, None, None, Some(mock_client!(aws_sdk_kms, [&describe]))));
    assert_eq!(
        call(
            &c,
            Op::DescribeKey {
                key_id: "alias/nope".into()
            }
        )
        .unwrap(),
        Reply::MaybeKey(None)
    );
    let create = mock!(aws_sdk_ssoadmin::Client::create_permission_set).then_error(|| {
        aws_sdk_ssoadmin::operation::create_permission_set::CreatePermissionSetError::ConflictException(
            aws_sdk_ssoadmin::types::error::ConflictException::builder()
                .message("PermissionSet with name n already exists.")
                .build(),
        )
    });
    let c = cloud(clients(
        None,
        Some(mock_client!(aws_sdk_ssoadmin, [&create])),
        None,
        None,
    ));
    let err = call(
        &c,
        Op::CreatePermissionSet {
            instance_arn: INSTANCE.into(),
            name: "n".into(),
            description: "d".into(),
            session_duration: "PT1H".into(),
            relay_state: "r".into(),
        },
    )
    .unwrap_err();
    assert!(matches!(err, CloudError::AlreadyExists { .. }), "{err:?}");
}

#[test]
fn key_aliases_policies_tags_and_deletion_carry_their_parameters() {
    let alias = mock!(aws_sdk_kms::Client::create_alias)
        .match_requests(|r| r.alias_name() == Some("alias/x") && r.target_key_id() == Some("mrk-1"))
        .then_output(|| aws_sdk_kms::operation::create_alias::CreateAliasOutput::builder().build());
    let delete_alias = mock!(aws_sdk_kms::Client::delete_alias)
        .match_requests(|r| r.alias_name() == Some("alias/x"))
        .then_output(|| aws_sdk_kms::operation::delete_alias::DeleteAliasOutput::builder().build());
    let policy = mock!(aws_sdk_kms::Client::get_key_policy)
        .match_requests(|r| r.key_id() == Some("mrk-1") && r.policy_name() == Some("default"))
        .then_output(|| {
            aws_sdk_kms::operation::get_key_policy::GetKeyPolicyOutput::builder()
                .policy("{\"p\":1}")
                .build()
        });
    let schedule = mock!(aws_sdk_kms::Client::schedule_key_deletion)
        .match_requests(|r| r.key_id() == Some("mrk-1") && r.pending_window_in_days() == Some(7))
        .then_output(|| aws_sdk_kms::operation::schedule_key_deletion::ScheduleKeyDeletionOutput::builder().build());
    let list = mock!(aws_sdk_kms::Client::list_keys).then_output(|| {
        aws_sdk_kms::operation::list_keys::ListKeysOutput::builder()
            .keys(aws_sdk_kms::types::KeyListEntry::builder().key_id("other").build())
            .keys(aws_sdk_kms::types::KeyListEntry::builder().key_id("mrk-1").build())
            .build()
    });
    let tags = mock!(aws_sdk_kms::Client::list_resource_tags).then_compute_output(|r| {
        let b = aws_sdk_kms::operation::list_resource_tags::ListResourceTagsOutput::builder();
        if r.key_id() == Some("mrk-1") {
            b.tags(
                aws_sdk_kms::types::Tag::builder()
                    .tag_key("tipwiz:alias")
                    .tag_value("alias/x")
                    .build()
                    .unwrap(),
            )
            .build()
        } else {
            b.build()
        }
    });
    let describe = mock!(aws_sdk_kms::Client::describe_key)
        .match_requests(|r| r.key_id() == Some("mrk-1"))
        .then_output(|| {
            DescribeKeyOutput::builder()
                .key_metadata(meta("mrk-1", "us-east-1"))
                .build()
        });
    let c = cloud(clients(
        None,
        None,
        None,
        Some(mock_client!(
            aws_sdk_kms,
            RuleMode::MatchAny,
            [&alias, &delete_alias, &policy, &schedule, &list, &tags, &describe]
        )),
    ));
    call(
        &c,
        Op::CreateAlias {
            alias: "alias/x".into(),
            key_id: "mrk-1".into(),
        },
    )
    .unwrap();
    assert_eq!(
        call(&c, Op::GetKeyPolicy { key_id: "mrk-1".into() }).unwrap(),
        Reply::Text("{\"p\":1}".into())
    );
    let found = call(
        &c,
        Op::FindKeyByTag {
            tag_key: "tipwiz:alias".into(),
            tag_value: "alias/x".into(),
        },
    )
    .unwrap();
    assert_eq!(found.maybe_key().unwrap().map(|k| k.key_id), Some("mrk-1".into()));
    call(
        &c,
        Op::DeleteAlias {
            alias: "alias/x".into(),
        },
    )
    .unwrap();
    call(
        &c,
        Op::ScheduleKeyDeletion {
            key_id: "mrk-1".into(),
            pending_days: 7,
        },
    )
    .unwrap();
    assert_eq!(tags.num_calls(), 2, "both keys' tags were read");
    for rule in [&alias, &delete_alias, &policy, &schedule] {
        assert_eq!(rule.num_calls(), 1);
    }
}
