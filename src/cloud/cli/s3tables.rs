//! The AWS CLI arguments of the s3tables operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        FindTableBucket { name } => vec![("--prefix", s(name))],
        CreateTableBucket { name } => vec![("--name", s(name))],
        DeleteTableBucket { arn } => vec![("--table-bucket-arn", s(arn))],
        GetNamespace {
            table_bucket_arn,
            namespace,
        }
        | DeleteNamespace {
            table_bucket_arn,
            namespace,
        }
        | CreateNamespace {
            table_bucket_arn,
            namespace,
        } => {
            vec![
                ("--table-bucket-arn", s(table_bucket_arn)),
                ("--namespace", s(namespace)),
            ]
        }
        GetTable {
            table_bucket_arn,
            namespace,
            name,
        }
        | DeleteTable {
            table_bucket_arn,
            namespace,
            name,
        } => vec![
            ("--table-bucket-arn", s(table_bucket_arn)),
            ("--namespace", s(namespace)),
            ("--name", s(name)),
        ],
        _ => vec![],
    }
}
