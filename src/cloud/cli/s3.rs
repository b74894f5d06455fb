//! The AWS CLI arguments of the s3 operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        HeadBucket { name } | DeleteBucket { name } => vec![("--bucket", s(name))],
        DeleteObjectsUnder { bucket, prefix, .. } => vec![("--bucket", s(bucket)), ("--prefix", s(prefix))],
        CreateBucket { name, region } => {
            let mut v = vec![("--bucket", s(name))];
            if region != "us-east-1" {
                v.push((
                    "--create-bucket-configuration",
                    json_text(&serde_json::json!({"LocationConstraint": region})),
                ));
            }
            v
        }
        ListObjects { bucket, prefix } => vec![("--bucket", s(bucket)), ("--prefix", s(prefix))],
        DeleteObjects { bucket, keys } => {
            let objs: Vec<_> = keys.iter().map(|k| serde_json::json!({"Key": k})).collect();
            vec![
                ("--bucket", s(bucket)),
                ("--delete", json_text(&serde_json::json!({"Objects": objs}))),
            ]
        }
        _ => vec![],
    }
}
