//! IAM on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

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
    call(
        &c,
        Op::DeleteRole {
            name: "LF".into(),
            policies: vec![],
        },
    )
    .unwrap();
    assert_eq!((delete_inline.num_calls(), delete.num_calls()), (1, 1));
}
