//! Athena on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

#[test]
fn queries_run_in_the_table_buckets_catalog_and_report_failures() {
    let start = mock!(aws_sdk_athena::Client::start_query_execution)
        .match_requests(|r| {
            r.query_execution_context().and_then(|q| q.catalog()) == Some("s3tablescatalog/tables")
                && r.query_execution_context().and_then(|q| q.database()) == Some("customers")
                && r.result_configuration().and_then(|c| c.output_location()) == Some("s3://bucket/athena-results/")
        })
        .then_output(|| {
            aws_sdk_athena::operation::start_query_execution::StartQueryExecutionOutput::builder()
                .query_execution_id("q-1")
                .build()
        });
    let status = mock!(aws_sdk_athena::Client::get_query_execution).then_output(|| {
        aws_sdk_athena::operation::get_query_execution::GetQueryExecutionOutput::builder()
            .query_execution(
                aws_sdk_athena::types::QueryExecution::builder()
                    .status(
                        aws_sdk_athena::types::QueryExecutionStatus::builder()
                            .state(aws_sdk_athena::types::QueryExecutionState::Failed)
                            .state_change_reason("Insufficient Lake Formation permission(s)")
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    let mut c = idle_clients();
    c.athena = mock_client!(aws_sdk_athena, RuleMode::MatchAny, [&start, &status]);
    let c = cloud(c);
    let id = call(
        &c,
        Op::StartQueryExecution {
            sql: "CREATE TABLE customers.t (id int)".into(),
            catalog: "s3tablescatalog/tables".into(),
            database: "customers".into(),
            workgroup: "primary".into(),
            output_location: "s3://bucket/athena-results/".into(),
        },
    )
    .unwrap()
    .id()
    .unwrap();
    let q = call(&c, Op::GetQueryExecution { id }).unwrap().query().unwrap();
    assert_eq!(
        (q.state.as_str(), q.reason.as_deref()),
        ("FAILED", Some("Insufficient Lake Formation permission(s)"))
    );
}
