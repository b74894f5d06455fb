//! S3: buckets and objects.

use super::*;

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::HeadBucket { name } => match c
            .s3
            .head_bucket()
            .bucket(name)
            .expected_bucket_owner(&t.account_id)
            .send()
            .await
        {
            Ok(_) => Ok(Reply::Exists(true)),
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 404) => Ok(Reply::Exists(false)),
            // With ExpectedBucketOwner, a bucket another account owns answers 403, as does one
            // this caller may not read (S3 API reference, HeadBucket; a HEAD answer has no body,
            // so the status is all there is). Either way it is not a bucket to adopt.
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 403) => Err(CloudError::NameTaken {
                what: format!(
                    "the bucket name {name} (HeadBucket answered 403: another account owns it, or this one may not read it)"
                ),
            }),
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
            req.send().await.or_cloud(t, op)?;
            Ok(Reply::Done)
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
                    page.or_cloud(t, op)?
                        .contents()
                        .iter()
                        .filter_map(|o| o.key().map(str::to_string)),
                );
            }
            Ok(Reply::Ids(out))
        }
        Op::DeleteObjects { bucket, keys } => {
            delete_keys(c, t, op, bucket, keys).await?;
            Ok(Reply::Done)
        }
        Op::DeleteObjectsUnder { bucket, prefix, filter } => {
            let mut keys = Vec::new();
            let mut pages =
                c.s3.list_objects_v2()
                    .bucket(bucket)
                    .prefix(prefix)
                    .expected_bucket_owner(&t.account_id)
                    .into_paginator()
                    .send();
            while let Some(page) = pages.next().await {
                keys.extend(
                    page.or_cloud(t, op)?
                        .contents()
                        .iter()
                        .filter_map(|o| o.key())
                        .filter(|k| filter.takes(prefix, k))
                        .map(str::to_string),
                );
            }
            delete_keys(c, t, op, bucket, &keys).await?;
            Ok(Reply::Done)
        }
        Op::DeleteBucket { name } => {
            c.s3.delete_bucket().bucket(name).send().await.or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        other => Err(misrouted(other)),
    }
}

/// DeleteObjects takes at most 1,000 keys a call (S3 API reference, DeleteObjects).
async fn delete_keys(c: &Clients, t: &Target, op: &Op, bucket: &str, keys: &[String]) -> Result<(), CloudError> {
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
        let r =
            c.s3.delete_objects()
                .bucket(bucket)
                .delete(delete)
                .expected_bucket_owner(&t.account_id)
                .send()
                .await
                .or_cloud(t, op)?;
        // A 200 answer can still list keys it could not delete.
        if let Some(e) = r.errors().first() {
            return Err(CloudError::Other {
                op: op.name().into(),
                message: format!(
                    "{}: could not delete {} ({})",
                    e.code().unwrap_or("Error"),
                    e.key().unwrap_or("?"),
                    e.message().unwrap_or_default()
                ),
            });
        }
    }
    Ok(())
}
