//! S3 Access Grants (through S3 Control): the instance, locations and grants.

use super::*;
use aws_sdk_s3control::types as ag;

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::GetAccessGrantsInstance { account_id } => {
            match c
                .s3control
                .get_access_grants_instance()
                .account_id(account_id)
                .send()
                .await
            {
                Ok(r) => Ok(Reply::AgInstance(Some(AgInstance {
                    arn: r.access_grants_instance_arn().unwrap_or_default().to_string(),
                    identity_center_arn: r.identity_center_instance_arn().map(str::to_string),
                }))),
                Err(e) => match map_error(t, op, e) {
                    CloudError::NotFound { .. } => Ok(Reply::AgInstance(None)),
                    other => Err(other),
                },
            }
        }
        Op::CreateAccessGrantsInstance {
            account_id,
            identity_center_arn,
        } => {
            c.s3control
                .create_access_grants_instance()
                .account_id(account_id)
                .identity_center_arn(identity_center_arn)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::AssociateAccessGrantsIdentityCenter {
            account_id,
            identity_center_arn,
        } => {
            c.s3control
                .associate_access_grants_identity_center()
                .account_id(account_id)
                .identity_center_arn(identity_center_arn)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::DissociateAccessGrantsIdentityCenter { account_id } => {
            c.s3control
                .dissociate_access_grants_identity_center()
                .account_id(account_id)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::DeleteAccessGrantsInstance { account_id } => {
            c.s3control
                .delete_access_grants_instance()
                .account_id(account_id)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::ListAccessGrantsLocations { account_id } => {
            let mut out = Vec::new();
            let mut pages = c
                .s3control
                .list_access_grants_locations()
                .account_id(account_id)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                for l in page.or_cloud(t, op)?.access_grants_locations_list() {
                    out.push(AgLocation {
                        id: l.access_grants_location_id().unwrap_or_default().to_string(),
                        scope: l.location_scope().unwrap_or_default().to_string(),
                        role_arn: l.iam_role_arn().unwrap_or_default().to_string(),
                    });
                }
            }
            Ok(Reply::AgLocations(out))
        }
        Op::CreateAccessGrantsLocation {
            account_id,
            scope,
            role_arn,
        } => {
            let r = c
                .s3control
                .create_access_grants_location()
                .account_id(account_id)
                .location_scope(scope)
                .iam_role_arn(role_arn)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Id(r.access_grants_location_id().unwrap_or_default().to_string()))
        }
        Op::DeleteAccessGrantsLocation { account_id, id } => {
            c.s3control
                .delete_access_grants_location()
                .account_id(account_id)
                .access_grants_location_id(id)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::ListAccessGrants { account_id } => {
            let mut out = Vec::new();
            let mut pages = c
                .s3control
                .list_access_grants()
                .account_id(account_id)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                for g in page.or_cloud(t, op)?.access_grants_list() {
                    out.push(AgGrant {
                        id: g.access_grant_id().unwrap_or_default().to_string(),
                        location_id: g.access_grants_location_id().unwrap_or_default().to_string(),
                        sub_prefix: g
                            .access_grants_location_configuration()
                            .and_then(|c| c.s3_sub_prefix())
                            .unwrap_or_default()
                            .to_string(),
                        grantee_type: g
                            .grantee()
                            .and_then(|x| x.grantee_type())
                            .map(|x| x.as_str().to_string())
                            .unwrap_or_default(),
                        grantee_id: g
                            .grantee()
                            .and_then(|x| x.grantee_identifier())
                            .unwrap_or_default()
                            .to_string(),
                        permission: g.permission().map(|p| p.as_str().to_string()).unwrap_or_default(),
                    });
                }
            }
            Ok(Reply::AgGrants(out))
        }
        Op::CreateAccessGrant {
            account_id,
            location_id,
            sub_prefix,
            group_id,
            permission,
        } => {
            let r = c
                .s3control
                .create_access_grant()
                .account_id(account_id)
                .access_grants_location_id(location_id)
                .access_grants_location_configuration(
                    ag::AccessGrantsLocationConfiguration::builder()
                        .s3_sub_prefix(sub_prefix)
                        .build(),
                )
                .grantee(
                    ag::Grantee::builder()
                        .grantee_type(ag::GranteeType::DirectoryGroup)
                        .grantee_identifier(group_id)
                        .build(),
                )
                .permission(ag::Permission::from(permission.as_str()))
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Id(r.access_grant_id().unwrap_or_default().to_string()))
        }
        Op::DeleteAccessGrant { account_id, id } => {
            c.s3control
                .delete_access_grant()
                .account_id(account_id)
                .access_grant_id(id)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        other => Err(misrouted(other)),
    }
}
