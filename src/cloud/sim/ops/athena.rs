//! Athena: queries on s3tablescatalog, run as Bob's role.

use super::*;
use crate::cloud::sim::access;
use crate::cloud::sim::uuid;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, now: u64, slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    match op {
        StartQueryExecution {
            sql,
            catalog,
            database,
            output_location,
            ..
        } => {
            // Named by its text, so that the same query run again after a crash writes the same
            // objects (real ids are fresh each time; teardown empties the whole prefix anyway).
            let id = uuid(&["query", sql, catalog, database]);
            let outcome = access::athena(st, t, sql, catalog, database, output_location);
            let (final_state, reason) = match outcome {
                Ok(()) => {
                    write_results(st, output_location, &id, sql);
                    ("SUCCEEDED", None)
                }
                Err(r) => ("FAILED", Some(r)),
            };
            st.jobs.insert(
                id.clone(),
                Job {
                    state: Timed::later("RUNNING", final_state, now + slow / 10),
                    reason,
                    rows: None,
                },
            );
            Ok(Reply::Id(id))
        }
        GetQueryExecution { id } => {
            let job = st.jobs.get(id).ok_or_else(|| nf(format!("query {id}")))?;
            Ok(Reply::Query(QueryState {
                id: id.clone(),
                state: job.state.status.clone(),
                reason: job.reason.clone(),
                rows: None,
            }))
        }
        _ => Err(misrouted(op)),
    }
}

/// Athena writes a query's results to the output location: `<id>.txt` for DDL, `<id>.csv` for
/// DML with a `-manifest.csv` for INSERT, each with a `.metadata` file (Athena User Guide,
/// "Work with query results and recent queries": query output files).
fn write_results(st: &mut SimState, output: &str, id: &str, sql: &str) {
    let Some((bucket, prefix)) = output.strip_prefix("s3://").and_then(|r| r.split_once('/')) else {
        return;
    };
    let Some(b) = st.buckets.get_mut(bucket) else { return };
    let ddl = sql.trim_start().to_ascii_uppercase().starts_with("CREATE");
    let files: Vec<String> = if ddl {
        vec![format!("{id}.txt"), format!("{id}.txt.metadata")]
    } else {
        vec![
            format!("{id}.csv"),
            format!("{id}.csv.metadata"),
            format!("{id}-manifest.csv"),
        ]
    };
    for f in files {
        b.objects.insert(format!("{prefix}{f}"));
    }
}
