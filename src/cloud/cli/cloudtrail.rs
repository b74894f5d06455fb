//! The AWS CLI arguments of the cloudtrail operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        // One lookup attribute per call (CloudTrail API reference, LookupEvents).
        LookupEvents { event_name, start_ms } => vec![
            (
                "--lookup-attributes",
                json_text(&serde_json::json!([{"AttributeKey": "EventName", "AttributeValue": event_name}])),
            ),
            ("--start-time", crate::time::iso8601(*start_ms)),
        ],
        _ => vec![],
    }
}
