//! S3: buckets and objects. Bucket names are global: a name can belong to another account.

use super::*;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, _now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let acct = t.account_id.clone();
    match op {
        // The wizard asks with ExpectedBucketOwner: another account's bucket answers 403
        // (S3 API reference, HeadBucket and "Verifying bucket ownership").
        HeadBucket { name } => match st.buckets.get(name) {
            None => Ok(Reply::Exists(false)),
            Some(b) if b.account == acct => Ok(Reply::Exists(true)),
            Some(_) => Err(CloudError::NameTaken {
                what: format!("the bucket name {name} (HeadBucket answered 403: another account owns it)"),
            }),
        },
        CreateBucket { name, region } => {
            if let Some(b) = st.buckets.get(name) {
                // BucketAlreadyOwnedByYou outside us-east-1, BucketAlreadyExists for another
                // account's bucket (S3 API reference, CreateBucket).
                return Err(if b.account == acct {
                    CloudError::AlreadyExists {
                        what: format!("bucket {name} (owned by you)"),
                    }
                } else {
                    CloudError::NameTaken {
                        what: format!("the bucket name {name}"),
                    }
                });
            }
            st.buckets.insert(
                name.clone(),
                Bucket {
                    account: acct,
                    region: region.clone(),
                    objects: Default::default(),
                },
            );
            Ok(Reply::Done)
        }
        ListObjects { bucket, prefix } => {
            let b = own_bucket(st, &acct, bucket)?;
            Ok(Reply::Ids(
                b.objects
                    .iter()
                    .filter(|o| o.starts_with(prefix.as_str()))
                    .cloned()
                    .collect(),
            ))
        }
        DeleteObjects { bucket, keys } => {
            own_bucket(st, &acct, bucket)?;
            let b = st.buckets.get_mut(bucket).expect("checked above");
            for k in keys {
                b.objects.remove(k);
            }
            Ok(Reply::Done)
        }
        DeleteObjectsUnder { bucket, prefix, filter } => {
            own_bucket(st, &acct, bucket)?;
            let b = st.buckets.get_mut(bucket).expect("checked above");
            b.objects.retain(|k| !filter.takes(prefix, k));
            Ok(Reply::Done)
        }
        // "All objects ... in the bucket must be deleted before the bucket itself can be
        // deleted": BucketNotEmpty, 409 (S3 API reference, DeleteBucket).
        DeleteBucket { name } => {
            let b = own_bucket(st, &acct, name)?;
            if !b.objects.is_empty() {
                let first: Vec<&str> = b.objects.iter().take(3).map(String::as_str).collect();
                return Err(CloudError::Conflict {
                    op: op.name().into(),
                    message: format!(
                        "BucketNotEmpty: {name} still holds {} object(s), such as {}",
                        b.objects.len(),
                        first.join(", ")
                    ),
                });
            }
            st.buckets.remove(name);
            Ok(Reply::Done)
        }
        _ => Err(misrouted(op)),
    }
}

/// A bucket of the calling account; another account's answers 403, a missing one NoSuchBucket.
fn own_bucket<'a>(st: &'a SimState, acct: &str, name: &str) -> Result<&'a Bucket, CloudError> {
    match st.buckets.get(name) {
        None => Err(nf(format!("bucket {name}"))),
        Some(b) if b.account != acct => Err(CloudError::AccessDenied {
            op: "S3".into(),
            message: format!("the bucket {name} belongs to another account"),
        }),
        Some(b) => Ok(b),
    }
}
