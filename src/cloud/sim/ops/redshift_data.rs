//! The Redshift Data API: statements run by the cluster's admin user.

use super::*;
use crate::cloud::sim::access;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, now: u64, slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let here = regional(t);
    match op {
        ExecuteStatement {
            cluster,
            database: _,
            db_user: _,
            sql,
        } => {
            let key = format!("{here}/{cluster}");
            if !st.clusters.contains_key(&key) {
                return Err(nf(format!("cluster {cluster}")));
            }
            let id = crate::cloud::sim::uuid(&["statement", &st.next_seq().to_string()]);
            let outcome = if op.is_select() {
                access::count_rows(st, &key, sql).map(Some)
            } else {
                access::redshift_sql(st, &t.account_id, &key, sql).map(|()| None)
            };
            let (final_state, reason, rows) = match outcome {
                Ok(rows) => ("FINISHED", None, rows),
                Err(r) => ("FAILED", Some(r), None),
            };
            st.jobs.insert(
                id.clone(),
                Job {
                    state: Timed::later("STARTED", final_state, now + slow / 15),
                    reason,
                    rows,
                },
            );
            Ok(Reply::Id(id))
        }
        DescribeStatement { id } => {
            let job = st.jobs.get(id).ok_or_else(|| nf(format!("statement {id}")))?;
            Ok(Reply::Query(QueryState {
                id: id.clone(),
                state: job.state.status.clone(),
                reason: job.reason.clone(),
                // ResultRows is told once the statement has finished.
                rows: job.rows.filter(|_| job.state.status == "FINISHED"),
            }))
        }
        _ => Err(misrouted(op)),
    }
}
