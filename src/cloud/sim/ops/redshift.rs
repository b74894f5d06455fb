//! Redshift: the cluster and its Identity Center application.

use super::*;
use crate::cloud::sim::hash_hex;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, _now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let acct = t.account_id.clone();
    let here = regional(t);
    match op {
        DescribeCluster { id } => Ok(Reply::Cluster(
            st.clusters.get(&format!("{here}/{id}")).map(|c| c.info.clone()),
        )),
        FindRedshiftIdcApplication { name } => Ok(Reply::MaybeIdcApp(
            st.idc_apps
                .iter()
                .find(|(k, a)| k.starts_with(&format!("arn:aws:redshift:{}:{acct}:", t.region)) && &a.name == name)
                .map(|(_, a)| a.clone()),
        )),
        CreateRedshiftIdcApplication {
            name,
            idc_instance_arn,
            iam_role_arn,
            lake_formation,
            access_grants,
            ..
        } => {
            instance(st, idc_instance_arn)?;
            if !st.identity.active_in(&t.region) {
                return Err(CloudError::invalid(
                    op,
                    format!("Identity Center is not available in {}", t.region),
                ));
            }
            let role_ok = st
                .roles
                .get(&acct)
                .is_some_and(|rs| rs.values().any(|r| &r.info.arn == iam_role_arn));
            if !role_ok {
                return Err(CloudError::invalid(
                    op,
                    format!("the role {iam_role_arn} does not exist"),
                ));
            }
            if st.idc_apps.values().any(|a| &a.name == name) {
                return Err(CloudError::AlreadyExists {
                    what: format!("Redshift Identity Center application {name}"),
                });
            }
            let h = hash_hex(&["app", name, &here], 32);
            let arn = format!(
                "arn:aws:redshift:{}:{acct}:redshiftidcapplication:{}-{}-{}-{}-{}",
                t.region,
                &h[0..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            );
            let ssoins = idc_instance_arn.rsplit('/').next().unwrap_or_default();
            let app = IdcApp {
                name: name.clone(),
                arn: arn.clone(),
                managed_application_arn: format!(
                    "arn:aws:sso::{}:application/{ssoins}/apl-{}",
                    st.identity.owner_account,
                    hash_hex(&["apl", name], 16)
                ),
                iam_role_arn: iam_role_arn.clone(),
                lake_formation: *lake_formation,
                access_grants: *access_grants,
            };
            st.idc_apps.insert(arn, app.clone());
            Ok(Reply::IdcApp(app))
        }
        DeleteRedshiftIdcApplication { arn } => {
            let app = st
                .idc_apps
                .get(arn)
                .ok_or_else(|| nf(format!("Redshift Identity Center application {arn}")))?;
            if st
                .clusters
                .values()
                .any(|c| c.providers.values().any(|a| a == &app.managed_application_arn))
            {
                return Err(CloudError::invalid(
                    op,
                    "a cluster still has an identity provider for this application",
                ));
            }
            st.idc_apps.remove(arn);
            Ok(Reply::Done)
        }
        _ => Err(misrouted(op)),
    }
}
