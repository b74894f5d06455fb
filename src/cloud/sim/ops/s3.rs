//! S3: buckets and objects.

use super::*;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, _now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let acct = t.account_id.clone();
    match op {
        HeadBucket { name } => Ok(Reply::Exists(st.buckets.get(name).is_some_and(|b| b.account == acct))),
        CreateBucket { name, region } => {
            if let Some(b) = st.buckets.get(name) {
                return Err(if b.account == acct {
                    CloudError::AlreadyExists {
                        what: format!("bucket {name} (owned by you)"),
                    }
                } else {
                    CloudError::invalid(op, format!("the bucket name {name} is taken by another account"))
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
            let b = st.buckets.get(bucket).ok_or_else(|| nf(format!("bucket {bucket}")))?;
            Ok(Reply::Ids(
                b.objects
                    .iter()
                    .filter(|o| o.starts_with(prefix.as_str()))
                    .cloned()
                    .collect(),
            ))
        }
        DeleteObjects { bucket, keys } => {
            let b = st
                .buckets
                .get_mut(bucket)
                .ok_or_else(|| nf(format!("bucket {bucket}")))?;
            for k in keys {
                b.objects.remove(k);
            }
            Ok(Reply::Done)
        }
        DeleteBucket { name } => match st.buckets.get(name) {
            None => Err(nf(format!("bucket {name}"))),
            Some(b) if !b.objects.is_empty() => Err(CloudError::invalid(op, "the bucket is not empty")),
            Some(_) => {
                st.buckets.remove(name);
                Ok(Reply::Done)
            }
        },
        _ => Err(misrouted(op)),
    }
}
