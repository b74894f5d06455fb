//! The simulated analyst has no AWS CLI form: on real AWS the analyst runs his own SQL.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        RunAsAnalyst { .. } => vec![],
        _ => vec![],
    }
}
