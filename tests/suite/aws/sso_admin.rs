//! IAM Identity Center (sso-admin) on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_sdk_ssoadmin::operation::add_region::AddRegionOutput;
use aws_sdk_ssoadmin::operation::create_account_assignment::CreateAccountAssignmentOutput;
use aws_sdk_ssoadmin::operation::describe_permission_set::DescribePermissionSetOutput;
use aws_sdk_ssoadmin::operation::describe_region::DescribeRegionError;
use aws_sdk_ssoadmin::operation::list_permission_sets::ListPermissionSetsOutput;
use aws_sdk_ssoadmin::operation::update_instance::UpdateInstanceOutput;
use aws_sdk_ssoadmin::types::{
    AccountAssignmentOperationStatus, KmsKeyType, PermissionSet, PrincipalType, RegionStatus, StatusValues, TargetType,
};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

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
            aws_sdk_ssoadmin::operation::delete_account_assignment::DeleteAccountAssignmentOutput::builder()
                .account_assignment_deletion_status(
                    AccountAssignmentOperationStatus::builder()
                        .request_id("del-1")
                        .status(StatusValues::InProgress)
                        .build(),
                )
                .build()
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
    let deleted = call(
        &c,
        Op::DeleteAccountAssignment {
            instance_arn: INSTANCE.into(),
            permission_set_arn: "ps".into(),
            account_id: "444455556666".into(),
            group_id: "g-123".into(),
        },
    )
    .unwrap()
    .assignment()
    .unwrap();
    // The deletion is asynchronous: its request id comes back to poll on.
    assert_eq!(
        (deleted.request_id.as_str(), deleted.status.as_str()),
        ("del-1", "IN_PROGRESS")
    );
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

#[test]
fn the_instance_is_read() {
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
        None,
        Some(mock_client!(aws_sdk_ssoadmin, RuleMode::MatchAny, [&list, &describe])),
        None,
        None,
    ));
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
fn application_assignments_are_listed_and_removed_by_group() {
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
    c.sso = mock_client!(aws_sdk_ssoadmin, RuleMode::MatchAny, [&list_assign, &del_assign]);
    let c = cloud(c);
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
    assert_eq!(del_assign.num_calls(), 1);
}
