//! S3 on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

#[test]
fn buckets_are_made_in_the_region_listed_across_pages_and_emptied() {
    let create = mock!(aws_sdk_s3::Client::create_bucket)
        .match_requests(|r| {
            r.bucket() == Some("anycompany-west-idc-sales")
                && r.create_bucket_configuration()
                    .and_then(|c| c.location_constraint())
                    .map(|l| l.as_str())
                    == Some("us-west-2")
        })
        .then_output(|| aws_sdk_s3::operation::create_bucket::CreateBucketOutput::builder().build());
    let list = mock!(aws_sdk_s3::Client::list_objects_v2)
        .sequence()
        .output(|| {
            aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder()
                .contents(
                    aws_sdk_s3::types::Object::builder()
                        .key("awssso-sales/0000_part_00.parquet")
                        .build(),
                )
                .is_truncated(true)
                .next_continuation_token("more")
                .build()
        })
        .output(|| {
            aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder()
                .contents(
                    aws_sdk_s3::types::Object::builder()
                        .key("awssso-sales/0001_part_00.parquet")
                        .build(),
                )
                .build()
        })
        .build();
    let delete = mock!(aws_sdk_s3::Client::delete_objects)
        .match_requests(|r| r.delete().is_some_and(|d| d.objects().len() == 2))
        .then_output(|| aws_sdk_s3::operation::delete_objects::DeleteObjectsOutput::builder().build());
    let mut c = idle_clients();
    c.s3 = mock_client!(aws_sdk_s3, RuleMode::MatchAny, [&create, &list, &delete]);
    let c = cloud(c);
    call(
        &c,
        Op::CreateBucket {
            name: "anycompany-west-idc-sales".into(),
            region: "us-west-2".into(),
        },
    )
    .unwrap();
    let keys = call(
        &c,
        Op::ListObjects {
            bucket: "anycompany-west-idc-sales".into(),
            prefix: "awssso-sales/".into(),
        },
    )
    .unwrap()
    .ids()
    .unwrap();
    assert_eq!(keys.len(), 2);
    call(
        &c,
        Op::DeleteObjects {
            bucket: "anycompany-west-idc-sales".into(),
            keys,
        },
    )
    .unwrap();
    assert_eq!((create.num_calls(), list.num_calls(), delete.num_calls()), (1, 2, 1));
}

#[test]
fn the_bucket_owner_is_checked_and_the_bucket_deleted() {
    let head = mock!(aws_sdk_s3::Client::head_bucket)
        .match_requests(|r| r.expected_bucket_owner() == Some("111122223333"))
        .then_output(|| aws_sdk_s3::operation::head_bucket::HeadBucketOutput::builder().build());
    let del_bucket = mock!(aws_sdk_s3::Client::delete_bucket)
        .then_output(|| aws_sdk_s3::operation::delete_bucket::DeleteBucketOutput::builder().build());
    let mut c = idle_clients();
    c.s3 = mock_client!(aws_sdk_s3, RuleMode::MatchAny, [&head, &del_bucket]);
    let c = cloud(c);
    assert_eq!(
        call(&c, Op::HeadBucket { name: "b".into() }).unwrap(),
        Reply::Exists(true),
        "the bucket's owner is checked"
    );
    call(&c, Op::DeleteBucket { name: "b".into() }).unwrap();
    assert_eq!(del_bucket.num_calls(), 1);
}
