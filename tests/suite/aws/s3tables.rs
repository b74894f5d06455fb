//! S3 Tables on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

#[test]
fn table_buckets_are_adopted_by_exact_name_and_namespaces_created() {
    let list = mock!(aws_sdk_s3tables::Client::list_table_buckets).then_output(|| {
        aws_sdk_s3tables::operation::list_table_buckets::ListTableBucketsOutput::builder()
            .table_buckets(
                aws_sdk_s3tables::types::TableBucketSummary::builder()
                    .arn("arn:aws:s3tables:us-west-2:444455556666:bucket/tables-old")
                    .name("tables-old")
                    .owner_account_id("444455556666")
                    .created_at(aws_smithy_types::DateTime::from_secs(0))
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    });
    let ns = mock!(aws_sdk_s3tables::Client::create_namespace)
        .match_requests(|r| r.namespace() == ["customers"])
        .then_output(|| {
            aws_sdk_s3tables::operation::create_namespace::CreateNamespaceOutput::builder()
                .table_bucket_arn("b")
                .namespace("customers")
                .build()
                .unwrap()
        });
    let mut c = idle_clients();
    c.s3tables = mock_client!(aws_sdk_s3tables, RuleMode::MatchAny, [&list, &ns]);
    let c = cloud(c);
    // A prefix match is not the bucket: only the exact name is adopted.
    assert_eq!(
        call(&c, Op::FindTableBucket { name: "tables".into() }).unwrap(),
        Reply::MaybeId(None)
    );
    call(
        &c,
        Op::CreateNamespace {
            table_bucket_arn: "b".into(),
            namespace: "customers".into(),
        },
    )
    .unwrap();
}
