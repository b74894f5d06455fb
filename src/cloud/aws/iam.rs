//! IAM: roles, their policies, and service-linked roles.

use super::*;

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::GetRole { name } => {
            let r = none_if_missing(c.iam.get_role().role_name(name).send().await.or_cloud(t, op))?;
            Ok(Reply::MaybeRole(r.and_then(|r| r.role().map(role_info))))
        }
        Op::CreateRole {
            name,
            path,
            trust_policy,
            description,
        } => {
            let r = c
                .iam
                .create_role()
                .role_name(name)
                .path(path)
                .assume_role_policy_document(trust_policy)
                .description(description)
                .tags(
                    aws_sdk_iam::types::Tag::builder()
                        .key("tipwiz")
                        .value("created")
                        .build()
                        .map_err(|e| CloudError::invalid(op, e.to_string()))?,
                )
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Role(role_info(
                r.role()
                    .ok_or_else(|| CloudError::invalid(op, "no role in the answer"))?,
            )))
        }
        Op::PutRolePolicy {
            role_name,
            policy_name,
            document,
        } => {
            c.iam
                .put_role_policy()
                .role_name(role_name)
                .policy_name(policy_name)
                .policy_document(document)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::UpdateAssumeRolePolicy { name, trust_policy } => {
            c.iam
                .update_assume_role_policy()
                .role_name(name)
                .policy_document(trust_policy)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::DeleteRole { name, .. } => {
            let role = c.iam.get_role().role_name(name).send().await.or_cloud(t, op)?;
            if role.role().is_some_and(|r| r.path().starts_with("/aws-service-role/")) {
                c.iam
                    .delete_service_linked_role()
                    .role_name(name)
                    .send()
                    .await
                    .or_cloud(t, op)?;
                return Ok(Reply::Done);
            }
            // A role goes only once its policies are gone.
            let inline = c
                .iam
                .list_role_policies()
                .role_name(name)
                .send()
                .await
                .or_cloud(t, op)?;
            for p in inline.policy_names() {
                c.iam
                    .delete_role_policy()
                    .role_name(name)
                    .policy_name(p)
                    .send()
                    .await
                    .or_cloud(t, op)?;
            }
            let attached = c
                .iam
                .list_attached_role_policies()
                .role_name(name)
                .send()
                .await
                .or_cloud(t, op)?;
            for p in attached.attached_policies() {
                if let Some(arn) = p.policy_arn() {
                    c.iam
                        .detach_role_policy()
                        .role_name(name)
                        .policy_arn(arn)
                        .send()
                        .await
                        .or_cloud(t, op)?;
                }
            }
            c.iam.delete_role().role_name(name).send().await.or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::CreateServiceLinkedRole { service } => {
            let r = c
                .iam
                .create_service_linked_role()
                .aws_service_name(service)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Role(role_info(
                r.role()
                    .ok_or_else(|| CloudError::invalid(op, "no role in the answer"))?,
            )))
        }
        other => Err(misrouted(other)),
    }
}

fn role_info(r: &aws_sdk_iam::types::Role) -> RoleInfo {
    let trust = r.assume_role_policy_document().unwrap_or_default();
    // IAM returns the trust policy URL-encoded.
    let trust = percent_decode(trust);
    RoleInfo {
        name: r.role_name().to_string(),
        path: r.path().to_string(),
        arn: r.arn().to_string(),
        trust_policy: trust,
    }
}

/// Decodes %XX escapes (IAM's policy documents come URL-encoded).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn percent_escapes_are_decoded_and_a_stray_percent_is_kept() {
        assert_eq!(percent_decode("%7B%22a%22%3A1%7D"), "{\"a\":1}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
    }
}
