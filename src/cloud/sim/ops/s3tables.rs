//! S3 Tables: table buckets, namespaces and tables.

use super::*;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, _now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let acct = t.account_id.clone();
    match op {
        FindTableBucket { name } => {
            let arn = format!("arn:aws:s3tables:{}:{acct}:bucket/{name}", t.region);
            Ok(Reply::MaybeId(st.table_buckets.contains_key(&arn).then_some(arn)))
        }
        CreateTableBucket { name } => {
            let arn = format!("arn:aws:s3tables:{}:{acct}:bucket/{name}", t.region);
            if st.table_buckets.contains_key(&arn) {
                return Err(CloudError::AlreadyExists {
                    what: format!("table bucket {name}"),
                });
            }
            st.table_buckets.insert(
                arn.clone(),
                TableBucket {
                    arn: arn.clone(),
                    name: name.clone(),
                    namespaces: Default::default(),
                },
            );
            Ok(Reply::Id(arn))
        }
        DeleteTableBucket { arn } => {
            let b = st
                .table_buckets
                .get(arn)
                .ok_or_else(|| nf(format!("table bucket {arn}")))?;
            // "Before you delete a table bucket, you must delete all namespaces and tables"
            // (S3 User Guide, deleting a table bucket); the service answers ConflictException.
            if !b.namespaces.is_empty() {
                return Err(CloudError::Conflict {
                    op: op.name().into(),
                    message: "the table bucket still has namespaces".into(),
                });
            }
            st.table_buckets.remove(arn);
            Ok(Reply::Done)
        }
        GetNamespace {
            table_bucket_arn,
            namespace,
        } => {
            let b = st
                .table_buckets
                .get(table_bucket_arn)
                .ok_or_else(|| nf(format!("table bucket {table_bucket_arn}")))?;
            Ok(Reply::Exists(b.namespaces.contains_key(namespace)))
        }
        CreateNamespace {
            table_bucket_arn,
            namespace,
        } => {
            let b = st
                .table_buckets
                .get_mut(table_bucket_arn)
                .ok_or_else(|| nf(format!("table bucket {table_bucket_arn}")))?;
            if b.namespaces.contains_key(namespace) {
                return Err(CloudError::AlreadyExists {
                    what: format!("namespace {namespace}"),
                });
            }
            b.namespaces.insert(namespace.clone(), Default::default());
            Ok(Reply::Done)
        }
        DeleteNamespace {
            table_bucket_arn,
            namespace,
        } => {
            let b = st
                .table_buckets
                .get_mut(table_bucket_arn)
                .ok_or_else(|| nf(format!("table bucket {table_bucket_arn}")))?;
            match b.namespaces.get(namespace) {
                None => Err(nf(format!("namespace {namespace}"))),
                // A namespace goes only once its tables have (S3 User Guide, "Deleting a table
                // namespace"; S3 Tables API reference, DeleteNamespace: ConflictException).
                Some(tables) if !tables.is_empty() => Err(CloudError::Conflict {
                    op: op.name().into(),
                    message: "the namespace still has tables".into(),
                }),
                Some(_) => {
                    b.namespaces.remove(namespace);
                    Ok(Reply::Done)
                }
            }
        }
        GetTable {
            table_bucket_arn,
            namespace,
            name,
        } => Ok(Reply::Exists(
            st.table_buckets
                .get(table_bucket_arn)
                .and_then(|b| b.namespaces.get(namespace))
                .is_some_and(|ts| ts.contains(name)),
        )),
        DeleteTable {
            table_bucket_arn,
            namespace,
            name,
        } => {
            let removed = st
                .table_buckets
                .get_mut(table_bucket_arn)
                .and_then(|b| b.namespaces.get_mut(namespace))
                .is_some_and(|ts| ts.remove(name));
            if removed {
                Ok(Reply::Done)
            } else {
                Err(nf(format!("table {namespace}.{name}")))
            }
        }
        _ => Err(misrouted(op)),
    }
}
