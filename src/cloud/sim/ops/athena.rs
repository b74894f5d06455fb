//! Athena: queries on s3tablescatalog, run as Bob's role.

use super::*;
use crate::cloud::sim::access;

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
            let id = format!("q-{}", st.next_seq());
            let outcome = access::athena(st, t, sql, catalog, database, output_location);
            let (final_state, reason) = match outcome {
                Ok(()) => ("SUCCEEDED", None),
                Err(r) => ("FAILED", Some(r)),
            };
            st.jobs.insert(
                id.clone(),
                Job {
                    state: Timed::later("RUNNING", final_state, now + slow / 10),
                    reason,
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
            }))
        }
        _ => Err(misrouted(op)),
    }
}
