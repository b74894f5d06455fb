//! Redshift: the cluster look-up and the Identity Center application.

use super::*;
use aws_sdk_redshift::types as rs;

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::DescribeCluster { id } => {
            let r = none_if_missing(
                c.redshift
                    .describe_clusters()
                    .cluster_identifier(id)
                    .send()
                    .await
                    .or_cloud(t, op),
            )?;
            Ok(Reply::Cluster(r.and_then(|r| {
                r.clusters().first().map(|cl| ClusterInfo {
                    id: cl.cluster_identifier().unwrap_or(id).to_string(),
                    ..cluster_info(cl)
                })
            })))
        }
        Op::ListClusters => {
            let mut out = vec![];
            let mut pages = c.redshift.describe_clusters().into_paginator().send();
            while let Some(page) = pages.next().await {
                out.extend(page.or_cloud(t, op)?.clusters().iter().map(cluster_info));
            }
            Ok(Reply::Clusters(out))
        }
        Op::ModifyClusterIamRoles { cluster, add, remove } => {
            c.redshift
                .modify_cluster_iam_roles()
                .cluster_identifier(cluster)
                .set_add_iam_roles((!add.is_empty()).then(|| add.clone()))
                .set_remove_iam_roles((!remove.is_empty()).then(|| remove.clone()))
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
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
                .or_cloud(t, op)?;
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
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::FindQev2IdcApplication { name } => {
            let mut pages = c.redshift.describe_qev2_idc_applications().into_paginator().send();
            while let Some(page) = pages.next().await {
                let page = match page.or_cloud(t, op) {
                    Ok(p) => p,
                    Err(CloudError::NotFound { .. }) => return Ok(Reply::MaybeQev2App(None)),
                    Err(e) => return Err(e),
                };
                if let Some(a) = page
                    .qev2_idc_applications()
                    .iter()
                    .find(|a| a.qev2_idc_application_name() == Some(name.as_str()))
                {
                    return Ok(Reply::MaybeQev2App(Some(qev2_app(a))));
                }
            }
            Ok(Reply::MaybeQev2App(None))
        }
        Op::CreateQev2IdcApplication {
            name,
            display_name,
            idc_instance_arn,
        } => {
            let r = c
                .redshift
                .create_qev2_idc_application()
                .idc_instance_arn(idc_instance_arn)
                .qev2_idc_application_name(name)
                .idc_display_name(display_name)
                .send()
                .await
                .or_cloud(t, op)?;
            let app = r
                .qev2_idc_application()
                .ok_or_else(|| missing(op, "Query Editor v2 application"))?;
            Ok(Reply::Qev2App(qev2_app(app)))
        }
        Op::DeleteQev2IdcApplication { arn } => {
            c.redshift
                .delete_qev2_idc_application()
                .qev2_idc_application_arn(arn)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        other => Err(misrouted(other)),
    }
}

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

fn qev2_app(a: &rs::Qev2IdcApplication) -> Qev2App {
    Qev2App {
        name: a.qev2_idc_application_name().unwrap_or_default().to_string(),
        arn: a.qev2_idc_application_arn().unwrap_or_default().to_string(),
        managed_application_arn: a.idc_managed_application_arn().unwrap_or_default().to_string(),
    }
}

/// What tipwiz reads of a cluster.
fn cluster_info(cl: &aws_sdk_redshift::types::Cluster) -> ClusterInfo {
    ClusterInfo {
        id: cl.cluster_identifier().unwrap_or_default().to_string(),
        node_type: cl.node_type().unwrap_or_default().to_string(),
        status: cl.cluster_status().unwrap_or_default().to_string(),
        iam_roles: cl
            .iam_roles()
            .iter()
            .filter_map(|r| r.iam_role_arn().map(str::to_string))
            .collect(),
    }
}
