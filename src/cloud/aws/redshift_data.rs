//! The Redshift Data API: statements and their state.

use super::*;

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::ExecuteStatement {
            cluster,
            database,
            db_user,
            sql,
        } => {
            let r = c
                .redshift_data
                .execute_statement()
                .cluster_identifier(cluster)
                .database(database)
                .db_user(db_user)
                .sql(sql)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Id(r.id().unwrap_or_default().to_string()))
        }
        Op::DescribeStatement { id } => {
            let r = c
                .redshift_data
                .describe_statement()
                .id(id)
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Query(QueryState {
                id: id.clone(),
                state: r
                    .status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "SUBMITTED".into()),
                reason: r.error().map(str::to_string),
                rows: (r.has_result_set() == Some(true)).then(|| r.result_rows().max(0) as u64),
            }))
        }
        other => Err(misrouted(other)),
    }
}
