//! The AWS CLI arguments of the sts operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        GetCallerIdentity => vec![],
        _ => vec![],
    }
}
