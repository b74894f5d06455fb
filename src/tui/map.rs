//! The parts of the setup, where each lives (its account and Region) and the steps that build
//! it: the map draws them, the summary lists them.

use crate::catalog::{AccountRole, RegionRole};

/// A part of the setup and the steps that build it.
pub struct Part {
    pub label: &'static str,
    /// The answer that names it, shown after the label where there is room.
    pub named_by: Option<&'static str>,
    pub steps: &'static [&'static str],
    pub account: AccountRole,
    pub region: RegionRole,
}

const fn part(
    label: &'static str,
    named_by: Option<&'static str>,
    steps: &'static [&'static str],
    account: AccountRole,
    region: RegionRole,
) -> Part {
    Part {
        label,
        named_by,
        steps,
        account,
        region,
    }
}

use AccountRole::{Analytics as B, Management as A};
use RegionRole::{Primary as P, Secondary as S};

/// Every part, in the order the walkthrough builds them. The Identity Center replica and the
/// replica key live in the management account, in the second Region (AddRegion and
/// ReplicateKey are both calls of account A).
pub const PARTS: &[Part] = &[
    part(
        "Identity Center",
        None,
        &["alice.preflight", "alice.idc-encryption"],
        A,
        P,
    ),
    part("KMS key (multi-Region)", Some("kms_alias"), &["alice.kms-key"], A, P),
    part(
        "Permission set for B",
        Some("permission_set_name"),
        &["alice.permission-set", "alice.assign-group"],
        A,
        P,
    ),
    part(
        "Identity Center replica",
        None,
        &["alice.idc-add-region", "alice.acs-urls"],
        A,
        S,
    ),
    part("KMS replica key", None, &["alice.kms-replica"], A, S),
    part(
        "Lake Formation + Identity Center",
        None,
        &[
            "bob.lf-defaults",
            "bob.lf-readonly-admin",
            "bob.lf-idc",
            "bob.lf-role",
            "bob.s3tables-register",
        ],
        B,
        S,
    ),
    part(
        "Table bucket + grants",
        Some("table_bucket"),
        &[
            "bob.table-bucket",
            "bob.admin-grant",
            "bob.sample-table",
            "bob.group-grants",
        ],
        B,
        S,
    ),
    part("S3 bucket", Some("s3_bucket"), &["bob.s3-bucket"], B, S),
    part("S3 Access Grants", Some("grant_prefix"), &["bob.access-grants"], B, S),
    part(
        "Redshift + Identity Center app",
        Some("cluster_id"),
        &["bob.preflight", "bob.redshift-idc-app", "bob.redshift-tables"],
        B,
        S,
    ),
    part("CloudTrail", None, &["verify.cloudtrail"], B, S),
];

/// The three places the setup lives, in the order they are drawn.
pub const PLACES: [(AccountRole, RegionRole); 3] = [(A, P), (A, S), (B, S)];

pub fn parts_at(account: AccountRole, region: RegionRole) -> impl Iterator<Item = &'static Part> {
    PARTS.iter().filter(move |p| p.account == account && p.region == region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_sits_in_one_of_the_places() {
        for p in PARTS {
            assert!(PLACES.contains(&(p.account, p.region)), "{}", p.label);
        }
    }
}
