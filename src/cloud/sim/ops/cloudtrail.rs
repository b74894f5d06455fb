//! CloudTrail event history: the events the simulated services wrote.

use super::*;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, _now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let here = regional(t);
    match op {
        LookupEvents { event_name, start_ms } => Ok(Reply::Events(
            st.events
                .get(&here)
                .map(|v| {
                    v.iter()
                        .filter(|e| &e.event_name == event_name && e.time_ms >= *start_ms)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
        )),
        _ => Err(misrouted(op)),
    }
}
