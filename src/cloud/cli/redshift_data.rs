//! The AWS CLI arguments of the redshift-data operations.

use super::*;

pub(super) fn args(op: &Op) -> Vec<(&'static str, String)> {
    use Op::*;
    match op {
        ExecuteStatement {
            cluster,
            database,
            db_user,
            sql,
        } => vec![
            ("--cluster-identifier", s(cluster)),
            ("--database", s(database)),
            ("--db-user", s(db_user)),
            ("--sql", s(sql)),
        ],
        DescribeStatement { id } => vec![("--id", s(id))],
        _ => vec![],
    }
}
