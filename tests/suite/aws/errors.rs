//! How SDK errors read: denials name the permission, throttling is retried, waiters give up.

use super::*;
use aws_sdk_kms::operation::create_key::CreateKeyError;
use aws_sdk_kms::operation::describe_key::{DescribeKeyError, DescribeKeyOutput};
use aws_sdk_ssoadmin::operation::add_region::AddRegionOutput;
use aws_sdk_ssoadmin::operation::describe_region::{DescribeRegionError, DescribeRegionOutput};
use aws_sdk_ssoadmin::types::RegionStatus;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

#[test]
fn access_denied_names_the_operation_and_the_permission() {
    let rule = mock!(aws_sdk_kms::Client::create_key).then_error(|| {
        CreateKeyError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("AccessDeniedException")
                .message("not allowed")
                .build(),
        )
    });
    let c = cloud(clients(None, None, None, Some(mock_client!(aws_sdk_kms, [&rule]))));
    let err = call(
        &c,
        Op::CreateKey {
            description: "d".into(),
            policy: "{}".into(),
            multi_region: true,
            tags: vec![],
        },
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, CloudError::AccessDenied { .. }), "{err:?}");
    assert!(
        text.contains("CreateKey") && text.contains("kms:CreateKey") && text.contains("111122223333"),
        "{text}"
    );
    assert!(text.contains("tipwiz permissions"), "{text}");
}

#[test]
fn a_denied_access_grants_call_names_its_s3_action_not_s3control() {
    let rule = mock!(aws_sdk_s3control::Client::get_access_grants_instance).then_error(|| {
        aws_sdk_s3control::operation::get_access_grants_instance::GetAccessGrantsInstanceError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("AccessDenied")
                .message("Access Denied")
                .build(),
        )
    });
    let mut cl = clients(None, None, None, None);
    cl.s3control = mock_client!(aws_sdk_s3control, [&rule]);
    let err = call(
        &cloud(cl),
        Op::GetAccessGrantsInstance {
            account_id: "444455556666".into(),
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("s3:GetAccessGrantsInstance") && !err.contains("s3control:"),
        "{err}"
    );
}

#[test]
fn throttling_is_retried_by_the_sdk() {
    let (_time, sleep) = aws_smithy_async::test_util::instant_time_and_sleep(std::time::SystemTime::UNIX_EPOCH);
    let rule = mock!(aws_sdk_kms::Client::describe_key)
        .sequence()
        .error(|| {
            DescribeKeyError::generic(
                aws_smithy_types::error::ErrorMetadata::builder()
                    .code("ThrottlingException")
                    .message("slow down")
                    .build(),
            )
        })
        .times(2)
        .output(|| {
            DescribeKeyOutput::builder()
                .key_metadata(meta("mrk-1", "us-east-1"))
                .build()
        })
        .build();
    let kms = mock_client!(aws_sdk_kms, RuleMode::Sequential, [&rule], |c| c
        .retry_config(aws_sdk_kms::config::retry::RetryConfig::standard().with_max_attempts(5))
        .sleep_impl(aws_smithy_async::rt::sleep::SharedAsyncSleep::new(sleep.clone())));
    let c = cloud(clients(None, None, None, Some(kms)));
    let r = call(&c, Op::DescribeKey { key_id: "mrk-1".into() }).unwrap();
    assert!(matches!(r, Reply::MaybeKey(Some(_))));
    assert_eq!(rule.num_calls(), 3);
}

#[test]
fn a_waiter_gives_up_at_its_deadline_with_the_last_status() {
    // Identity Center never finishes adding the Region: the step fails with a timeout, on a
    // virtual clock, and its rollback removes the Region again.
    // Not added yet at the first look, then ADDING for ever.
    let seen = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let describe = mock!(aws_sdk_ssoadmin::Client::describe_region).then_compute_response(move |_| {
        if seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            aws_smithy_mocks::MockResponse::Error(DescribeRegionError::ResourceNotFoundException(
                aws_sdk_ssoadmin::types::error::ResourceNotFoundException::builder()
                    .message("not added")
                    .build(),
            ))
        } else {
            aws_smithy_mocks::MockResponse::Output(
                DescribeRegionOutput::builder()
                    .region_name("us-west-2")
                    .status(RegionStatus::Adding)
                    .build(),
            )
        }
    });
    let add = mock!(aws_sdk_ssoadmin::Client::add_region)
        .then_output(|| AddRegionOutput::builder().status(RegionStatus::Adding).build());
    let c = Arc::new(cloud(clients(
        None,
        Some(mock_client!(aws_sdk_ssoadmin, RuleMode::MatchAny, [&describe, &add])),
        None,
        None,
    )));
    let dir = tempfile::tempdir().unwrap();
    let answers = crate::common::defaults();
    let mut answers_no_profile = answers.clone();
    answers_no_profile
        .set(
            &crate::common::catalog(),
            "management_profile",
            tipwiz::catalog::Value::Str(String::new()),
        )
        .unwrap();
    let journal = tipwiz::journal::Journal::open(dir.path(), "aws", &answers_no_profile).unwrap();
    journal
        .step("alice.preflight", |r| {
            r.state = Some(tipwiz::journal::StepState::Done);
            r.outputs.insert("instance_arn".into(), INSTANCE.into());
        })
        .unwrap();
    let engine = tipwiz::engine::Engine::new(crate::common::catalog(), c, journal.clone(), None);
    let opts = tipwiz::engine::RunOptions {
        only: Some(vec!["alice.idc-add-region".into()]),
        rollback_on_failure: false,
        ..Default::default()
    };
    // Its dependency is not done in this journal: mark it so.
    for s in ["alice.kms-key", "alice.kms-replica", "alice.idc-encryption"] {
        journal
            .step(s, |r| r.state = Some(tipwiz::journal::StepState::Done))
            .unwrap();
    }
    let outcome = crate::common::run(engine.apply(&opts));
    let tipwiz::engine::Outcome::Failed { error, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert!(
        error.contains("gave up waiting for Region us-west-2") && error.contains("last seen: ADDING"),
        "{error}"
    );
    assert_eq!(add.num_calls(), 1);
    assert!(
        describe.num_calls() > 10,
        "the waiter polled {} times",
        describe.num_calls()
    );
}

#[test]
fn a_service_error_keeps_the_request_id_aws_gave_it() {
    // A real HTTP answer, parsed by the SDK as it would parse AWS's: the id comes from the
    // x-amzn-RequestId header.
    let rule = mock!(aws_sdk_kms::Client::create_key).then_http_response(|| {
        let mut r = aws_smithy_runtime_api::http::Response::new(
            aws_smithy_runtime_api::http::StatusCode::try_from(400).unwrap(),
            aws_smithy_types::body::SdkBody::from(r#"{"__type":"AccessDeniedException","message":"nope"}"#),
        );
        r.headers_mut()
            .insert("x-amzn-RequestId", "8d4f2c1e-0000-4000-8000-0123456789ab");
        r
    });
    let c = cloud(clients(None, None, None, Some(mock_client!(aws_sdk_kms, [&rule]))));
    let err = call(
        &c,
        Op::CreateKey {
            description: "d".into(),
            policy: "{}".into(),
            multi_region: true,
            tags: vec![],
        },
    )
    .unwrap_err();
    assert!(matches!(err, CloudError::AccessDenied { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("request id 8d4f2c1e-0000-4000-8000-0123456789ab"),
        "{err}"
    );
}
