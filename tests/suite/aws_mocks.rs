//! The AWS adapter against mocked SDK clients: what each request carries, how errors are
//! mapped, retries after throttling, and waiters that give up.

use aws_sdk_identitystore::operation::get_group_id::GetGroupIdOutput;
use aws_sdk_kms::operation::create_key::{CreateKeyError, CreateKeyOutput};
use aws_sdk_kms::operation::describe_key::{DescribeKeyError, DescribeKeyOutput};
use aws_sdk_kms::operation::replicate_key::ReplicateKeyOutput;
use aws_sdk_kms::types::KeyMetadata;
use aws_sdk_ssoadmin::operation::add_region::AddRegionOutput;
use aws_sdk_ssoadmin::operation::create_account_assignment::CreateAccountAssignmentOutput;
use aws_sdk_ssoadmin::operation::describe_permission_set::DescribePermissionSetOutput;
use aws_sdk_ssoadmin::operation::describe_region::{DescribeRegionError, DescribeRegionOutput};
use aws_sdk_ssoadmin::operation::list_permission_sets::ListPermissionSetsOutput;
use aws_sdk_ssoadmin::operation::update_instance::UpdateInstanceOutput;
use aws_sdk_ssoadmin::types::{
    AccountAssignmentOperationStatus, KmsKeyType, PermissionSet, PrincipalType, RegionStatus, StatusValues, TargetType,
};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use std::sync::Arc;
use tipwiz::cloud::aws::{AwsCloud, Clients};
use tipwiz::cloud::{Cloud, CloudError, Op, Reply, Target, VirtualClock};

fn target() -> Target {
    crate::common::target("111122223333", "us-east-1")
}

const INSTANCE: &str = "arn:aws:sso:::instance/ssoins-1234567890abcdef";

macro_rules! unused {
    ($krate:ident) => {
        $krate::Client::from_conf($krate::Config::builder().with_test_defaults_v2().build())
    };
}

/// Clients with no mocks: any call to them fails the test (no HTTP client answers).
pub fn idle_clients() -> Clients {
    Clients {
        sts: unused!(aws_sdk_sts),
        sso: unused!(aws_sdk_ssoadmin),
        identity_store: unused!(aws_sdk_identitystore),
        kms: unused!(aws_sdk_kms),
        iam: unused!(aws_sdk_iam),
        lakeformation: unused!(aws_sdk_lakeformation),
        glue: unused!(aws_sdk_glue),
        s3tables: unused!(aws_sdk_s3tables),
        athena: unused!(aws_sdk_athena),
        redshift: unused!(aws_sdk_redshift),
        redshift_data: unused!(aws_sdk_redshiftdata),
        s3: unused!(aws_sdk_s3),
        s3control: unused!(aws_sdk_s3control),
        cloudtrail: unused!(aws_sdk_cloudtrail),
    }
}

/// Idle clients but for the identity services given.
fn clients(
    sts: Option<aws_sdk_sts::Client>,
    sso: Option<aws_sdk_ssoadmin::Client>,
    ids: Option<aws_sdk_identitystore::Client>,
    kms: Option<aws_sdk_kms::Client>,
) -> Clients {
    let mut c = idle_clients();
    if let Some(x) = sts {
        c.sts = x;
    }
    if let Some(x) = sso {
        c.sso = x;
    }
    if let Some(x) = ids {
        c.identity_store = x;
    }
    if let Some(x) = kms {
        c.kms = x;
    }
    c
}

pub fn cloud(c: Clients) -> AwsCloud {
    let cloud = AwsCloud::new(None).with_clock(Arc::new(VirtualClock::new(0)));
    crate::common::rt().block_on(cloud.insert_clients(None, "us-east-1", c));
    cloud
}

pub fn call(cloud: &AwsCloud, op: Op) -> Result<Reply, CloudError> {
    crate::common::rt().block_on(cloud.call(&target(), &op))
}

fn meta(id: &str, region: &str) -> KeyMetadata {
    KeyMetadata::builder()
        .key_id(id)
        .arn(format!("arn:aws:kms:{region}:111122223333:key/{id}"))
        .key_state(aws_sdk_kms::types::KeyState::Enabled)
        .multi_region(true)
        .build()
        .unwrap()
}

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
    let policy = tipwiz::actions::policy::identity_center_key("111122223333", "AdministratorAccess");
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
fn the_encryption_update_carries_the_key_and_nothing_else() {
    let rule = mock!(aws_sdk_ssoadmin::Client::update_instance)
        .match_requests(|r| {
            let e = r.encryption_configuration();
            r.instance_arn() == Some(INSTANCE)
                && r.name().is_none()
                && e.is_some_and(|e| {
                    e.key_type() == &KmsKeyType::CustomerManagedKey
                        && e.kms_key_arn() == Some("arn:aws:kms:us-east-1:111122223333:key/mrk-1")
                })
        })
        .then_output(|| UpdateInstanceOutput::builder().build());
    let back = mock!(aws_sdk_ssoadmin::Client::update_instance)
        .match_requests(|r| {
            r.encryption_configuration()
                .is_some_and(|e| e.key_type() == &KmsKeyType::AwsOwnedKmsKey && e.kms_key_arn().is_none())
        })
        .then_output(|| UpdateInstanceOutput::builder().build());
    let c = cloud(clients(
        None,
        Some(mock_client!(aws_sdk_ssoadmin, RuleMode::MatchAny, [&rule, &back])),
        None,
        None,
    ));
    call(
        &c,
        Op::UpdateInstanceEncryption {
            instance_arn: INSTANCE.into(),
            kms_key_arn: Some("arn:aws:kms:us-east-1:111122223333:key/mrk-1".into()),
        },
    )
    .unwrap();
    call(
        &c,
        Op::UpdateInstanceEncryption {
            instance_arn: INSTANCE.into(),
            kms_key_arn: None,
        },
    )
    .unwrap();
    assert_eq!((rule.num_calls(), back.num_calls()), (1, 1));
}

#[test]
fn regions_are_added_and_a_missing_region_reads_as_none() {
    let add = mock!(aws_sdk_ssoadmin::Client::add_region)
        .match_requests(|r| r.instance_arn() == Some(INSTANCE) && r.region_name() == Some("us-west-2"))
        .then_output(|| AddRegionOutput::builder().status(RegionStatus::Adding).build());
    let describe = mock!(aws_sdk_ssoadmin::Client::describe_region).then_error(|| {
        DescribeRegionError::ResourceNotFoundException(
            aws_sdk_ssoadmin::types::error::ResourceNotFoundException::builder()
                .message("no such Region")
                .build(),
        )
    });
    let c = cloud(clients(
        None,
        Some(mock_client!(aws_sdk_ssoadmin, RuleMode::MatchAny, [&add, &describe])),
        None,
        None,
    ));
    assert_eq!(
        call(
            &c,
            Op::AddRegion {
                instance_arn: INSTANCE.into(),
                region: "us-west-2".into()
            }
        )
        .unwrap(),
        Reply::RegionStatus(Some("ADDING".into()))
    );
    assert_eq!(
        call(
            &c,
            Op::DescribeRegion {
                instance_arn: INSTANCE.into(),
                region: "eu-west-1".into()
            }
        )
        .unwrap(),
        Reply::RegionStatus(None)
    );
}

#[test]
fn the_assignment_names_the_group_id_as_principal() {
    let rule = mock!(aws_sdk_ssoadmin::Client::create_account_assignment)
        .match_requests(|r| {
            r.principal_type() == Some(&PrincipalType::Group)
                && r.principal_id() == Some("g-123")
                && r.target_type() == Some(&TargetType::AwsAccount)
                && r.target_id() == Some("444455556666")
        })
        .then_output(|| {
            CreateAccountAssignmentOutput::builder()
                .account_assignment_creation_status(
                    AccountAssignmentOperationStatus::builder()
                        .request_id("req-1")
                        .status(StatusValues::InProgress)
                        .build(),
                )
                .build()
        });
    let c = cloud(clients(None, Some(mock_client!(aws_sdk_ssoadmin, [&rule])), None, None));
    let r = call(
        &c,
        Op::CreateAccountAssignment {
            instance_arn: INSTANCE.into(),
            permission_set_arn: "ps".into(),
            account_id: "444455556666".into(),
            group_id: "g-123".into(),
        },
    );
    let s = r.unwrap().assignment().unwrap();
    assert_eq!((s.request_id.as_str(), s.status.as_str()), ("req-1", "IN_PROGRESS"));
}

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
fn a_permission_set_is_found_by_name_across_pages() {
    let list = mock!(aws_sdk_ssoadmin::Client::list_permission_sets)
        .sequence()
        .output(|| {
            ListPermissionSetsOutput::builder()
                .permission_sets("ps-1")
                .next_token("more")
                .build()
        })
        .output(|| ListPermissionSetsOutput::builder().permission_sets("ps-2").build())
        .build();
    let describe = mock!(aws_sdk_ssoadmin::Client::describe_permission_set).then_compute_output(|r| {
        let name = if r.permission_set_arn() == Some("ps-2") {
            "RedshiftQueryEditorWest"
        } else {
            "Other"
        };
        DescribePermissionSetOutput::builder()
            .permission_set(PermissionSet::builder().name(name).build())
            .build()
    });
    let c = cloud(clients(
        None,
        Some(mock_client!(aws_sdk_ssoadmin, RuleMode::MatchAny, [&list, &describe])),
        None,
        None,
    ));
    let r = call(
        &c,
        Op::FindPermissionSet {
            instance_arn: INSTANCE.into(),
            name: "RedshiftQueryEditorWest".into(),
        },
    );
    assert_eq!(r.unwrap(), Reply::MaybeId(Some("ps-2".into())));
    assert_eq!(list.num_calls(), 2);
}

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
                .message("exists")
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
fn the_caller_and_the_instance_are_read() {
    let who = mock!(aws_sdk_sts::Client::get_caller_identity).then_output(|| {
        aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput::builder()
            .account("111122223333")
            .arn("arn:aws:sts::111122223333:assumed-role/Admin/alice")
            .build()
    });
    let list = mock!(aws_sdk_ssoadmin::Client::list_instances).then_output(|| {
        aws_sdk_ssoadmin::operation::list_instances::ListInstancesOutput::builder()
            .instances(
                aws_sdk_ssoadmin::types::InstanceMetadata::builder()
                    .instance_arn(INSTANCE)
                    .identity_store_id("d-1234567890")
                    .owner_account_id("111122223333")
                    .status(aws_sdk_ssoadmin::types::InstanceStatus::Active)
                    .build(),
            )
            .build()
    });
    let describe = mock!(aws_sdk_ssoadmin::Client::describe_instance)
        .match_requests(|r| r.instance_arn() == Some(INSTANCE))
        .then_output(|| {
            aws_sdk_ssoadmin::operation::describe_instance::DescribeInstanceOutput::builder()
                .instance_arn(INSTANCE)
                .identity_store_id("d-1234567890")
                .primary_region("us-east-1")
                .encryption_configuration_details(
                    aws_sdk_ssoadmin::types::EncryptionConfigurationDetails::builder()
                        .key_type(KmsKeyType::CustomerManagedKey)
                        .kms_key_arn("arn:aws:kms:us-east-1:111122223333:key/mrk-1")
                        .encryption_status(aws_sdk_ssoadmin::types::KmsKeyStatus::UpdateFailed)
                        .encryption_status_reason("the key policy denies sso")
                        .build(),
                )
                .build()
        });
    let c = cloud(clients(
        Some(mock_client!(aws_sdk_sts, [&who])),
        Some(mock_client!(aws_sdk_ssoadmin, RuleMode::MatchAny, [&list, &describe])),
        None,
        None,
    ));
    assert_eq!(
        call(&c, Op::GetCallerIdentity).unwrap().caller().unwrap().0,
        "111122223333"
    );
    let inst = call(&c, Op::ListInstances).unwrap().instances().unwrap().remove(0);
    assert_eq!(
        (
            inst.arn.as_str(),
            inst.identity_store_id.as_str(),
            inst.owner_account.as_str()
        ),
        (INSTANCE, "d-1234567890", "111122223333")
    );
    let d = call(
        &c,
        Op::DescribeInstance {
            instance_arn: INSTANCE.into(),
        },
    )
    .unwrap()
    .instance()
    .unwrap();
    assert_eq!(d.encryption_status, "UPDATE_FAILED");
    assert_eq!(d.encryption_reason.as_deref(), Some("the key policy denies sso"));
    assert_eq!(d.key_type, "CUSTOMER_MANAGED_KEY");
}

#[test]
fn removing_a_region_and_the_assignment_calls_carry_their_ids() {
    let remove = mock!(aws_sdk_ssoadmin::Client::remove_region)
        .match_requests(|r| r.instance_arn() == Some(INSTANCE) && r.region_name() == Some("us-west-2"))
        .then_output(|| aws_sdk_ssoadmin::operation::remove_region::RemoveRegionOutput::builder().build());
    let status = mock!(aws_sdk_ssoadmin::Client::describe_account_assignment_creation_status)
        .match_requests(|r| r.account_assignment_creation_request_id() == Some("req-1"))
        .then_output(|| {
            aws_sdk_ssoadmin::operation::describe_account_assignment_creation_status::DescribeAccountAssignmentCreationStatusOutput::builder()
                .account_assignment_creation_status(
                    AccountAssignmentOperationStatus::builder().request_id("req-1").status(StatusValues::Failed).failure_reason("no such group").build(),
                )
                .build()
        });
    let list = mock!(aws_sdk_ssoadmin::Client::list_account_assignments)
        .match_requests(|r| r.account_id() == Some("444455556666") && r.permission_set_arn() == Some("ps"))
        .then_output(|| {
            aws_sdk_ssoadmin::operation::list_account_assignments::ListAccountAssignmentsOutput::builder()
                .account_assignments(
                    aws_sdk_ssoadmin::types::AccountAssignment::builder()
                        .principal_type(PrincipalType::Group)
                        .principal_id("g-123")
                        .build(),
                )
                .account_assignments(
                    aws_sdk_ssoadmin::types::AccountAssignment::builder()
                        .principal_type(PrincipalType::User)
                        .principal_id("u-1")
                        .build(),
                )
                .build()
        });
    let delete = mock!(aws_sdk_ssoadmin::Client::delete_account_assignment)
        .match_requests(|r| {
            r.principal_id() == Some("g-123")
                && r.principal_type() == Some(&PrincipalType::Group)
                && r.target_id() == Some("444455556666")
        })
        .then_output(|| {
            aws_sdk_ssoadmin::operation::delete_account_assignment::DeleteAccountAssignmentOutput::builder().build()
        });
    let create_ps = mock!(aws_sdk_ssoadmin::Client::create_permission_set)
        .match_requests(|r| {
            r.name() == Some("RedshiftQueryEditorWest")
                && r.session_duration() == Some("PT4H")
                && r.relay_state().is_some_and(|s| s.contains("us-west-2"))
        })
        .then_output(|| {
            aws_sdk_ssoadmin::operation::create_permission_set::CreatePermissionSetOutput::builder()
                .permission_set(
                    PermissionSet::builder()
                        .permission_set_arn("ps-arn")
                        .name("RedshiftQueryEditorWest")
                        .build(),
                )
                .build()
        });
    let attach = mock!(aws_sdk_ssoadmin::Client::attach_managed_policy_to_permission_set)
        .match_requests(|r| r.permission_set_arn() == Some("ps-arn") && r.managed_policy_arn() == Some("arn:aws:iam::aws:policy/P"))
        .then_output(|| aws_sdk_ssoadmin::operation::attach_managed_policy_to_permission_set::AttachManagedPolicyToPermissionSetOutput::builder().build());
    let delete_ps = mock!(aws_sdk_ssoadmin::Client::delete_permission_set)
        .match_requests(|r| r.permission_set_arn() == Some("ps-arn"))
        .then_output(|| {
            aws_sdk_ssoadmin::operation::delete_permission_set::DeletePermissionSetOutput::builder().build()
        });
    let c = cloud(clients(
        None,
        Some(mock_client!(
            aws_sdk_ssoadmin,
            RuleMode::MatchAny,
            [&remove, &status, &list, &delete, &create_ps, &attach, &delete_ps]
        )),
        None,
        None,
    ));
    call(
        &c,
        Op::RemoveRegion {
            instance_arn: INSTANCE.into(),
            region: "us-west-2".into(),
        },
    )
    .unwrap();
    let s = call(
        &c,
        Op::DescribeAccountAssignmentCreationStatus {
            instance_arn: INSTANCE.into(),
            request_id: "req-1".into(),
        },
    )
    .unwrap()
    .assignment()
    .unwrap();
    assert_eq!(
        (s.status.as_str(), s.reason.as_deref()),
        ("FAILED", Some("no such group"))
    );
    let ids = call(
        &c,
        Op::ListAccountAssignments {
            instance_arn: INSTANCE.into(),
            account_id: "444455556666".into(),
            permission_set_arn: "ps".into(),
        },
    );
    assert_eq!(ids.unwrap(), Reply::Ids(vec!["g-123".into()]), "only groups are listed");
    call(
        &c,
        Op::DeleteAccountAssignment {
            instance_arn: INSTANCE.into(),
            permission_set_arn: "ps".into(),
            account_id: "444455556666".into(),
            group_id: "g-123".into(),
        },
    )
    .unwrap();
    let ps = call(
        &c,
        Op::CreatePermissionSet {
            instance_arn: INSTANCE.into(),
            name: "RedshiftQueryEditorWest".into(),
            description: "d".into(),
            session_duration: "PT4H".into(),
            relay_state: "https://us-west-2.console.aws.amazon.com/sqlworkbench/home".into(),
        },
    );
    assert_eq!(ps.unwrap(), Reply::Id("ps-arn".into()));
    call(
        &c,
        Op::AttachManagedPolicyToPermissionSet {
            instance_arn: INSTANCE.into(),
            permission_set_arn: "ps-arn".into(),
            policy_arn: "arn:aws:iam::aws:policy/P".into(),
        },
    )
    .unwrap();
    call(
        &c,
        Op::DeletePermissionSet {
            instance_arn: INSTANCE.into(),
            permission_set_arn: "ps-arn".into(),
        },
    )
    .unwrap();
    for rule in [&remove, &status, &list, &delete, &create_ps, &attach, &delete_ps] {
        assert_eq!(rule.num_calls(), 1);
    }
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

#[test]
fn the_regions_of_the_instance_are_listed_across_pages() {
    let rule = mock!(aws_sdk_ssoadmin::Client::list_regions)
        .match_requests(|r| r.instance_arn() == Some(INSTANCE))
        .sequence()
        .output(|| {
            aws_sdk_ssoadmin::operation::list_regions::ListRegionsOutput::builder()
                .regions(
                    aws_sdk_ssoadmin::types::RegionMetadata::builder()
                        .region_name("us-east-1")
                        .status(RegionStatus::Active)
                        .build(),
                )
                .next_token("more")
                .build()
        })
        .output(|| {
            aws_sdk_ssoadmin::operation::list_regions::ListRegionsOutput::builder()
                .regions(
                    aws_sdk_ssoadmin::types::RegionMetadata::builder()
                        .region_name("us-west-2")
                        .status(RegionStatus::Removing)
                        .build(),
                )
                .build()
        })
        .build();
    let c = cloud(clients(None, Some(mock_client!(aws_sdk_ssoadmin, [&rule])), None, None));
    let r = call(
        &c,
        Op::ListRegions {
            instance_arn: INSTANCE.into(),
        },
    )
    .unwrap();
    assert_eq!(
        r,
        Reply::Regions(vec![
            ("us-east-1".into(), "ACTIVE".into()),
            ("us-west-2".into(), "REMOVING".into())
        ])
    );
}
