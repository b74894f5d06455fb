//! Athena: starting queries and reading their state.

use super::*;

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::StartQueryExecution {
            sql,
            catalog,
            database,
            workgroup,
            output_location,
        } => {
            let r = c
                .athena
                .start_query_execution()
                .query_string(sql)
                .query_execution_context(
                    aws_sdk_athena::types::QueryExecutionContext::builder()
                        .catalog(catalog)
                        .database(database)
                        .build(),
                )
                .work_group(workgroup)
                .result_configuration(
                    aws_sdk_athena::types::ResultConfiguration::builder()
                        .output_location(output_location)
                        .build(),
                )
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Id(r.query_execution_id().unwrap_or_default().to_string()))
        }
        Op::GetQueryExecution { id } => {
            let r = c
                .athena
                .get_query_execution()
                .query_execution_id(id)
                .send()
                .await
                .or_cloud(t, op)?;
            let status = r.query_execution().and_then(|q| q.status());
            Ok(Reply::Query(QueryState {
                id: id.clone(),
                state: status
                    .and_then(|s| s.state())
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "QUEUED".into()),
                reason: status.and_then(|s| s.state_change_reason()).map(str::to_string),
                rows: None,
            }))
        }
        other => Err(misrouted(other)),
    }
}
