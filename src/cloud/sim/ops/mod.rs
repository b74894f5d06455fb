//! Each operation's effect on the simulated state: routed by service to one file per AWS
//! service, so the simulated KMS sits next to the SDK's KMS and the KMS API reference.

mod analyst;
mod athena;
mod cloudtrail;
mod glue;
mod iam;
mod identity_store;
mod kms;
mod lake_formation;
mod redshift;
mod redshift_data;
mod s3;
mod s3control;
mod s3tables;
mod sso_admin;
mod sts;

use super::state::*;
use crate::cloud::*;

/// Carries out one operation on the state; `now` is the virtual time and `slow` how long the
/// asynchronous changes (ADDING to ACTIVE and the like) take.
pub fn apply(st: &mut SimState, t: &Target, op: &Op, now: u64, slow: u64) -> Result<Reply, CloudError> {
    match op.service() {
        Service::Sts => sts::apply(st, t, op, now, slow),
        Service::SsoAdmin => sso_admin::apply(st, t, op, now, slow),
        Service::IdentityStore => identity_store::apply(st, t, op, now, slow),
        Service::Kms => kms::apply(st, t, op, now, slow),
        Service::Iam => iam::apply(st, t, op, now, slow),
        Service::LakeFormation => lake_formation::apply(st, t, op, now, slow),
        Service::Glue => glue::apply(st, t, op, now, slow),
        Service::S3Tables => s3tables::apply(st, t, op, now, slow),
        Service::Athena => athena::apply(st, t, op, now, slow),
        Service::Redshift => redshift::apply(st, t, op, now, slow),
        Service::RedshiftData => redshift_data::apply(st, t, op, now, slow),
        Service::S3 => s3::apply(st, t, op, now, slow),
        Service::S3Control => s3control::apply(st, t, op, now, slow),
        Service::CloudTrail => cloudtrail::apply(st, t, op, now, slow),
        Service::Analyst => analyst::apply(st, t, op, now, slow),
    }
}

fn nf(what: impl Into<String>) -> CloudError {
    CloudError::not_found(what)
}

/// An operation handed to the wrong service's file: a bug in the routing, never an AWS answer.
fn misrouted(op: &Op) -> CloudError {
    CloudError::Other {
        op: op.name().into(),
        message: format!("the simulated {} does not handle {}", op.service(), op.name()),
    }
}

fn instance<'a>(st: &'a SimState, arn: &str) -> Result<&'a Identity, CloudError> {
    if st.identity.instance_arn == arn {
        Ok(&st.identity)
    } else {
        Err(nf(format!("Identity Center instance {arn}")))
    }
}

fn store(st: &SimState, t: &Target, op: &Op, id: &str) -> Result<(), CloudError> {
    if st.identity.identity_store_id != id {
        return Err(nf(format!("identity store {id}")));
    }
    if !st.identity.active_in(&t.region) {
        return Err(CloudError::invalid(
            op,
            format!("the identity store does not answer in {}", t.region),
        ));
    }
    // On a customer managed key, identity data is decrypted with the caller's own rights (a
    // forward access session): principals of other accounts need the key policy's statement
    // for organization principals (IAM Identity Center User Guide, "Baseline KMS key policy",
    // AllowOrgPrincipalsViaIdentityCenterAndIdentityStore).
    if t.account_id != st.identity.owner_account && !identity_key_allows(st, t, |a| a.org_principals) {
        return Err(CloudError::AccessDenied {
            op: op.name().into(),
            message: format!(
                "KMS denied kms:Decrypt through the identity store to account {}: the Identity Center key's policy \
                 does not allow principals of the organization (AllowOrgPrincipalsViaIdentityCenterAndIdentityStore)",
                t.account_id
            ),
        });
    }
    Ok(())
}

/// Whether Identity Center's key in `t`'s Region lets `need` through; an AWS owned key always does.
pub(crate) fn identity_key_allows(st: &SimState, t: &Target, need: impl Fn(&KeyPolicyAllows) -> bool) -> bool {
    let Some(key_arn) = &st.identity.key_arn else {
        return true;
    };
    let Some(primary) = st.keys.get(key_arn) else {
        return false;
    };
    let here = format!(
        "arn:aws:kms:{}:{}:key/{}",
        t.region, primary.account, primary.info.key_id
    );
    st.keys
        .get(&here)
        .or(Some(primary))
        .is_some_and(|k| need(&key_policy_allows(&k.policy)))
}

fn primary_only(st: &SimState, t: &Target, op: &Op) -> Result<(), CloudError> {
    if t.region != st.identity.primary_region {
        return Err(CloudError::invalid(
            op,
            format!(
                "Identity Center configuration is managed from its primary Region {}, not {}",
                st.identity.primary_region, t.region
            ),
        ));
    }
    Ok(())
}
