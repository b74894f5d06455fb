//! The AWS CLI arguments of the cloudtrail operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        LookupEvents { event_name, .. } => {
            vec![(
                "--lookup-attributes",
                format!("AttributeKey=EventName,AttributeValue={event_name}"),
            )]
        }
        _ => vec![],
    }
}
