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
                    page.or_cloud(t, op)?
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
                    .or_cloud(t, op)?;
            }
            Ok(Reply::Done)
        }
        Op::DeleteBucket { name } => {
            c.s3.delete_bucket().bucket(name).send().await.or_cloud(t, op)?;
            Ok(Reply::Done)
        }
        other => Err(misrouted(other)),
    }
}
