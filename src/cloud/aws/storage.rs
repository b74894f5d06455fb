//! S3, S3 Access Grants, the Redshift Identity Center application and Data API, the Identity
//! Center application assignments, and CloudTrail.

use super::{Clients, map_error};
use crate::cloud::*;
use aws_sdk_redshift::types as rs;
use aws_sdk_s3control::types as ag;

fn idc_app(a: &rs::RedshiftIdcApplication) -> IdcApp {
    let integrations = a.service_integrations();
    IdcApp {
        name: a.redshift_idc_application_name().unwrap_or_default().to_string(),
        arn: a.redshift_idc_application_arn().unwrap_or_default().to_string(),
        managed_application_arn: a.idc_managed_application_arn().unwrap_or_default().to_string(),
        iam_role_arn: a.iam_role_arn().unwrap_or_default().to_string(),
        lake_formation: integrations
            .iter()
            .any(|i| matches!(i, rs::ServiceIntegrationsUnion::LakeFormation(_))),
        access_grants: integrations
            .iter()
            .any(|i| matches!(i, rs::ServiceIntegrationsUnion::S3AccessGrants(_))),
    }
}

/// One CloudTrail record, read from its JSON: who the access was for, and from which service.
fn trail_event(name: &str, time_ms: u64, json: &str) -> TrailEvent {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let behalf = &v["userIdentity"]["onBehalfOf"];
    TrailEvent {
        event_name: v["eventName"].as_str().unwrap_or(name).to_string(),
        event_source: v["eventSource"].as_str().unwrap_or_default().to_string(),
        time_ms,
        on_behalf_of_user_id: behalf["userId"].as_str().map(str::to_string),
        identity_store_arn: behalf["identityStoreArn"].as_str().map(str::to_string),
    }
}

pub async fn call(c: &Clients, clock: &dyn Clock, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        // ------------------------------------------------------------ S3
        Op::HeadBucket { name } => match c
            .s3
            .head_bucket()
            .bucket(name)
            .expected_bucket_owner(&t.account_id)
            .send()
            .await
        {
            Ok(_) => Ok(Reply::Exists(true)),
            // Missing, or someone else's (403): either way not a bucket of this account.
            Err(e)
                if e.raw_response()
                    .is_some_and(|r| matches!(r.status().as_u16(), 403 | 404)) =>
            {
                Ok(Reply::Exists(false))
            }
            Err(e) => match map_error(t, op, e) {
                CloudError::NotFound { .. } => Ok(Reply::Exists(false)),
                other => Err(other),
            },
        },
        Op::CreateBucket { name, region } => {
            let mut req = c.s3.create_bucket().bucket(name);
            if region != "us-east-1" {
                req = req.create_bucket_configuration(
                    aws_sdk_s3::types::CreateBucketConfiguration::builder()
                        .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(region.as_str()))
                        .build(),
                );
            }
            match req.send().await {
                Ok(_) => Ok(Reply::Done),
                Err(e) => Err(match map_error(t, op, e) {
                    CloudError::Other { message, .. } if message.starts_with("BucketAlreadyExists") => {
                        CloudError::invalid(op, format!("the bucket name {name} is taken by another account"))
                    }
                    other => other,
                }),
            }
        }
        Op::ListObjects { bucket, prefix } => {
            let mut out = Vec::new();
            let mut pages =
                c.s3.list_objects_v2()
                    .bucket(bucket)
                    .prefix(prefix)
                    .into_paginator()
                    .send();
            while let Some(page) = pages.next().await {
                out.extend(
                    page.map_err(|x| map_error(t, op, x))?
                        .contents()
                        .iter()
                        .filter_map(|o| o.key().map(str::to_string)),
                );
            }
            Ok(Reply::Ids(out))
        }
        Op::DeleteObjects { bucket, keys } => {
            // DeleteObjects takes at most 1,000 keys a call.
            for chunk in keys.chunks(1000) {
                let objects = chunk
                    .iter()
                    .map(|k| {
                        aws_sdk_s3::types::ObjectIdentifier::builder()
                            .key(k)
                            .build()
                            .map_err(|e| CloudError::invalid(op, e.to_string()))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let delete = aws_sdk_s3::types::Delete::builder()
                    .set_objects(Some(objects))
                    .quiet(true)
                    .build()
                    .map_err(|e| CloudError::invalid(op, e.to_string()))?;
                c.s3.delete_objects()
                    .bucket(bucket)
                    .delete(delete)
                    .send()
                    .await
                    .map_err(|x| map_error(t, op, x))?;
            }
            Ok(Reply::Done)
        }
        Op::DeleteBucket { name } => {
            c.s3.delete_bucket()
                .bucket(name)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }

        // ------------------------------------------------------------ S3 Access Grants
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
                .map_err(|x| map_error(t, op, x))?;
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
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::DeleteAccessGrantsInstance { account_id } => {
            c.s3control
                .delete_access_grants_instance()
                .account_id(account_id)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
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
                for l in page.map_err(|x| map_error(t, op, x))?.access_grants_locations_list() {
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
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Id(r.access_grants_location_id().unwrap_or_default().to_string()))
        }
        Op::DeleteAccessGrantsLocation { account_id, id } => {
            c.s3control
                .delete_access_grants_location()
                .account_id(account_id)
                .access_grants_location_id(id)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
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
                for g in page.map_err(|x| map_error(t, op, x))?.access_grants_list() {
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
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Id(r.access_grant_id().unwrap_or_default().to_string()))
        }
        Op::DeleteAccessGrant { account_id, id } => {
            c.s3control
                .delete_access_grant()
                .account_id(account_id)
                .access_grant_id(id)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }

        // ------------------------------------------------------------ Redshift and Identity Center applications
        Op::FindRedshiftIdcApplication { name } => {
            let mut pages = c.redshift.describe_redshift_idc_applications().into_paginator().send();
            while let Some(page) = pages.next().await {
                let page = match page {
                    Ok(p) => p,
                    Err(e) => match map_error(t, op, e) {
                        CloudError::NotFound { .. } => return Ok(Reply::MaybeIdcApp(None)),
                        other => return Err(other),
                    },
                };
                if let Some(a) = page
                    .redshift_idc_applications()
                    .iter()
                    .find(|a| a.redshift_idc_application_name() == Some(name.as_str()))
                {
                    return Ok(Reply::MaybeIdcApp(Some(idc_app(a))));
                }
            }
            Ok(Reply::MaybeIdcApp(None))
        }
        Op::CreateRedshiftIdcApplication {
            name,
            display_name,
            idc_instance_arn,
            identity_namespace,
            iam_role_arn,
            lake_formation,
            access_grants,
        } => {
            let mut integrations = Vec::new();
            if *lake_formation {
                integrations.push(rs::ServiceIntegrationsUnion::LakeFormation(vec![
                    rs::LakeFormationScopeUnion::LakeFormationQuery(
                        rs::LakeFormationQuery::builder()
                            .authorization(rs::ServiceAuthorization::Enabled)
                            .build(),
                    ),
                ]));
            }
            if *access_grants {
                integrations.push(rs::ServiceIntegrationsUnion::S3AccessGrants(vec![
                    rs::S3AccessGrantsScopeUnion::ReadWriteAccess(
                        rs::ReadWriteAccess::builder()
                            .authorization(rs::ServiceAuthorization::Enabled)
                            .build(),
                    ),
                ]));
            }
            let r = c
                .redshift
                .create_redshift_idc_application()
                .idc_instance_arn(idc_instance_arn)
                .redshift_idc_application_name(name)
                .idc_display_name(display_name)
                .identity_namespace(identity_namespace)
                .iam_role_arn(iam_role_arn)
                .set_service_integrations(Some(integrations))
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            let app = r
                .redshift_idc_application()
                .ok_or_else(|| CloudError::invalid(op, "no application in the answer"))?;
            Ok(Reply::IdcApp(idc_app(app)))
        }
        Op::DeleteRedshiftIdcApplication { arn } => {
            c.redshift
                .delete_redshift_idc_application()
                .redshift_idc_application_arn(arn)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Done)
        }
        Op::ExecuteStatement {
            cluster,
            database,
            db_user,
            sql,
        } => {
            let r = c
                .redshift_data
                .execute_statement()
                .cluster_identifier(cluster)
                .database(database)
                .db_user(db_user)
                .sql(sql)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Id(r.id().unwrap_or_default().to_string()))
        }
        Op::DescribeStatement { id } => {
            let r = c
                .redshift_data
                .describe_statement()
                .id(id)
                .send()
                .await
                .map_err(|x| map_error(t, op, x))?;
            Ok(Reply::Query(QueryState {
                id: id.clone(),
                state: r
                    .status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "SUBMITTED".into()),
                reason: r.error().map(str::to_string),
            }))
        }

        // ------------------------------------------------------------ CloudTrail
        Op::LookupEvents { event_name, start_ms } => {
            let mut out = Vec::new();
            // One lookup attribute per call is all the API takes; the rest is filtered here.
            let mut pages = c
                .cloudtrail
                .lookup_events()
                .lookup_attributes(
                    aws_sdk_cloudtrail::types::LookupAttribute::builder()
                        .attribute_key(aws_sdk_cloudtrail::types::LookupAttributeKey::EventName)
                        .attribute_value(event_name)
                        .build()
                        .map_err(|e| CloudError::invalid(op, e.to_string()))?,
                )
                .start_time(aws_smithy_types::DateTime::from_millis(*start_ms as i64))
                .into_paginator()
                .send();
            let mut first = true;
            while let Some(page) = pages.next().await {
                // The service allows about two calls a second: pace the pages.
                if !first {
                    clock.sleep_ms(500).await;
                }
                first = false;
                for e in page.map_err(|x| map_error(t, op, x))?.events() {
                    let time = e.event_time().map(|d| d.to_millis().unwrap_or(0) as u64).unwrap_or(0);
                    out.push(trail_event(event_name, time, e.cloud_trail_event().unwrap_or("{}")));
                }
            }
            Ok(Reply::Events(out))
        }
        other => Err(CloudError::Unsupported {
            op: other.name().into(),
            why: "not a storage operation".into(),
        }),
    }
}
