//! S3 Tables: table buckets, namespaces and tables.

use super::*;

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::FindTableBucket { name } => {
            let mut pages = c.s3tables.list_table_buckets().prefix(name).into_paginator().send();
            while let Some(page) = pages.next().await {
                if let Some(b) = page.or_cloud(t, op)?.table_buckets().iter().find(|b| b.name() == name) {
                    return Ok(Reply::MaybeId(Some(b.arn().to_string())));
                }
            }
            Ok(Reply::MaybeId(None))
        }
        Op::CreateTableBucket { name } => {
            let r = c
                .s3tables
                .create_table_bucket()
                .name(name)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Id(r.arn().to_string()))
        }
        Op::DeleteTableBucket { arn } => {
            c.s3tables
                .delete_table_bucket()
                .table_bucket_arn(arn)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::GetNamespace {
            table_bucket_arn,
            namespace,
        } => {
            let r = none_if_missing(
                c.s3tables
                    .get_namespace()
                    .table_bucket_arn(table_bucket_arn)
                    .namespace(namespace)
                    .send()
                    .await
                    .or_cloud(t, op),
            )?;
            Ok(Reply::Exists(r.is_some()))
        }
        Op::CreateNamespace {
            table_bucket_arn,
            namespace,
        } => {
            c.s3tables
                .create_namespace()
                .table_bucket_arn(table_bucket_arn)
                .namespace(namespace)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::DeleteNamespace {
            table_bucket_arn,
            namespace,
        } => {
            c.s3tables
                .delete_namespace()
                .table_bucket_arn(table_bucket_arn)
                .namespace(namespace)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        Op::GetTable {
            table_bucket_arn,
            namespace,
            name,
        } => {
            let r = none_if_missing(
                c.s3tables
                    .get_table()
                    .table_bucket_arn(table_bucket_arn)
                    .namespace(namespace)
                    .name(name)
                    .send()
                    .await
                    .or_cloud(t, op),
            )?;
            Ok(Reply::Exists(r.is_some()))
        }
        Op::DeleteTable {
            table_bucket_arn,
            namespace,
            name,
        } => {
            c.s3tables
                .delete_table()
                .table_bucket_arn(table_bucket_arn)
                .namespace(namespace)
                .name(name)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        other => Err(misrouted(other)),
    }
}
