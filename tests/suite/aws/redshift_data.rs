//! The Redshift Data API on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use tipwiz::cloud::*;

#[test]
fn statements_run_as_the_admin_user_and_report_failures() {
    let exec = mock!(aws_sdk_redshiftdata::Client::execute_statement)
        .match_requests(|r| {
            r.cluster_identifier() == Some("anycompany-west")
                && r.db_user() == Some("awsuser")
                && r.database() == Some("dev")
        })
        .then_output(|| {
            aws_sdk_redshiftdata::operation::execute_statement::ExecuteStatementOutput::builder()
                .id("s-1")
                .build()
        });
    let describe = mock!(aws_sdk_redshiftdata::Client::describe_statement).then_output(|| {
        aws_sdk_redshiftdata::operation::describe_statement::DescribeStatementOutput::builder()
            .id("s-1")
            .status(aws_sdk_redshiftdata::types::StatusString::Failed)
            .error("Failed to obtain AWS IdC Info")
            .build()
            .unwrap()
    });
    let mut c = idle_clients();
    c.redshift_data = mock_client!(aws_sdk_redshiftdata, RuleMode::MatchAny, [&exec, &describe]);
    let c = cloud(c);
    let id = call(
        &c,
        Op::ExecuteStatement {
            cluster: "anycompany-west".into(),
            database: "dev".into(),
            db_user: "awsuser".into(),
            sql: "SELECT 1".into(),
        },
    )
    .unwrap()
    .id()
    .unwrap();
    let s = call(&c, Op::DescribeStatement { id }).unwrap().query().unwrap();
    assert_eq!(
        (s.state.as_str(), s.reason.as_deref()),
        ("FAILED", Some("Failed to obtain AWS IdC Info"))
    );
}
