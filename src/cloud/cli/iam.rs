//! The AWS CLI arguments of the iam operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        GetRole { name } | DeleteRole { name, .. } => vec![("--role-name", s(name))],
        CreateRole {
            name,
            path,
            trust_policy,
            description,
        } => vec![
            ("--role-name", s(name)),
            ("--path", s(path)),
            ("--description", s(description)),
            ("--assume-role-policy-document", s(trust_policy)),
        ],
        PutRolePolicy {
            role_name,
            policy_name,
            document,
        } => vec![
            ("--role-name", s(role_name)),
            ("--policy-name", s(policy_name)),
            ("--policy-document", s(document)),
        ],
        CreateServiceLinkedRole { service } => vec![("--aws-service-name", s(service))],
        UpdateAssumeRolePolicy { name, trust_policy } => {
            vec![("--role-name", s(name)), ("--policy-document", s(trust_policy))]
        }
        _ => vec![],
    }
}
