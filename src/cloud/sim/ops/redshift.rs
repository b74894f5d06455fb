//! Redshift: the cluster, its Identity Center application, and Query Editor v2's.

use super::*;
use crate::cloud::sim::hash_hex;

pub(super) fn apply(st: &mut SimState, t: &Target, op: &Op, now: u64, _slow: u64) -> Result<Reply, CloudError> {
    use Op::*;
    let acct = t.account_id.clone();
    let here = regional(t);
    match op {
        DescribeCluster { id } => Ok(Reply::Cluster(
            st.clusters.get(&format!("{here}/{id}")).map(|c| c.info.clone()),
        )),
        ListClusters => Ok(Reply::Clusters(
            st.clusters
                .values()
                .filter(|c| c.account == acct && c.region == t.region)
                .map(|c| c.info.clone())
                .collect(),
        )),
        // AWS applies the change in the background (each role "adding" or "removing" until
        // "in-sync", Redshift API reference, ClusterIamRole); the sim applies it at once, since
        // nothing the wizard does reads the role's status before using it.
        ModifyClusterIamRoles { cluster, add, remove } => {
            let c = st
                .clusters
                .get_mut(&format!("{here}/{cluster}"))
                .ok_or_else(|| nf(format!("cluster {cluster}")))?;
            for r in add {
                if !c.info.iam_roles.contains(r) {
                    c.info.iam_roles.push(r.clone());
                }
            }
            c.info.iam_roles.retain(|r| !remove.contains(r));
            Ok(Reply::Done)
        }
        FindRedshiftIdcApplication { name } => Ok(Reply::MaybeIdcApp(
            st.idc_apps
                .iter()
                .find(|(k, a)| k.starts_with(&format!("arn:aws:redshift:{}:{acct}:", t.region)) && &a.name == name)
                .map(|(_, a)| a.clone()),
        )),
        CreateRedshiftIdcApplication {
            name,
            display_name,
            idc_instance_arn,
            iam_role_arn,
            lake_formation,
            access_grants,
            ..
        } => {
            available_here(st, t, op, idc_instance_arn)?;
            display_name_matches(op, display_name)?;
            application_name_matches(op, name)?;
            application_name_matches(op, name)?;
            let role = st
                .roles
                .get(&acct)
                .and_then(|rs| rs.values().find(|r| &r.info.arn == iam_role_arn))
                .map(|r| r.created_ms);
            match role {
                // What Redshift answers for a role that does not exist is not documented (the
                // operation's errors name none for it); the sim refuses the request as invalid.
                None => {
                    return Err(CloudError::invalid(
                        op,
                        format!("the role {iam_role_arn} does not exist"),
                    ));
                }
                // Redshift checks the role when the application is made; IAM may not have
                // spread a new role yet (IAM User Guide, eventual consistency), and Redshift
                // answers DependentServiceUnavailableFault, "wait 30 to 60 seconds and try
                // again" (Redshift API reference, CreateRedshiftIdcApplication, Errors).
                Some(created) if now < created + IAM_PROPAGATION_MS => {
                    return Err(CloudError::RoleNotReady {
                        op: op.name().into(),
                        message: format!("DependentServiceUnavailableFault: Redshift cannot assume {iam_role_arn} yet"),
                    });
                }
                Some(_) => {}
            }
            if st.idc_apps.values().any(|a| &a.name == name) {
                return Err(CloudError::AlreadyExists {
                    what: format!("Redshift Identity Center application {name}"),
                });
            }
            let arn = format!(
                "arn:aws:redshift:{}:{acct}:redshiftidcapplication:{}",
                t.region,
                uuid(&["app", name, &here])
            );
            let app = IdcApp {
                name: name.clone(),
                arn: arn.clone(),
                managed_application_arn: managed_application(t, idc_instance_arn, "apl", name),
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
        FindQev2IdcApplication { name } => Ok(Reply::MaybeQev2App(
            st.qev2_apps
                .iter()
                .find(|(k, a)| k.starts_with(&format!("arn:aws:redshift:{}:{acct}:", t.region)) && &a.name == name)
                .map(|(_, a)| a.clone()),
        )),
        CreateQev2IdcApplication {
            name,
            display_name,
            idc_instance_arn,
        } => {
            available_here(st, t, op, idc_instance_arn)?;
            display_name_matches(op, display_name)?;
            let prefix = format!("arn:aws:redshift:{}:{acct}:", t.region);
            // Qev2IdcApplicationAlreadyExistsFault: "Use a different application name"
            // (Redshift API reference, CreateQev2IdcApplication).
            if st
                .qev2_apps
                .iter()
                .any(|(k, a)| k.starts_with(&prefix) && &a.name == name)
            {
                return Err(CloudError::AlreadyExists {
                    what: format!("Query Editor v2 application {name}"),
                });
            }
            let arn = format!("{prefix}qev2idcapplication:{}", uuid(&["qev2", name, &here]));
            let app = Qev2App {
                name: name.clone(),
                arn: arn.clone(),
                managed_application_arn: managed_application(t, idc_instance_arn, "qev2", name),
            };
            st.qev2_apps.insert(arn, app.clone());
            Ok(Reply::Qev2App(app))
        }
        DeleteQev2IdcApplication { arn } => st
            .qev2_apps
            .remove(arn)
            .map(|_| Reply::Done)
            .ok_or_else(|| nf(format!("Query Editor v2 application {arn}"))),
        _ => Err(misrouted(op)),
    }
}

/// The instance must exist and answer in this Region (multi-Region Identity Center).
fn available_here(st: &SimState, t: &Target, op: &Op, instance_arn: &str) -> Result<(), CloudError> {
    instance(st, instance_arn)?;
    if !st.identity.active_in(&t.region) {
        return Err(CloudError::invalid(
            op,
            format!("Identity Center is not available in {}", t.region),
        ));
    }
    Ok(())
}

/// IdcDisplayName must match `[\w+=,.@-]+` whole (the Redshift API model; CloudFormation writes
/// the same pattern anchored, `^[\w+=,.@-]+$`), 1 to 127 characters.
fn display_name_matches(op: &Op, name: &str) -> Result<(), CloudError> {
    let ok = (1..=127).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || "+=,.@-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(CloudError::invalid(
            op,
            format!("InvalidParameterValue: IdcDisplayName {name:?} must match [\\w+=,.@-]+"),
        ))
    }
}

/// RedshiftIdcApplicationName and Qev2IdcApplicationName: `[a-z][a-z0-9]*(-[a-z0-9]+)*`, 1 to
/// 63 characters (the Redshift API model).
fn application_name_matches(op: &Op, name: &str) -> Result<(), CloudError> {
    let mut parts = name.split('-');
    let first = parts.next().unwrap_or_default();
    let ok = (1..=63).contains(&name.len())
        && first.starts_with(|c: char| c.is_ascii_lowercase())
        && all_lower_alnum(first)
        && parts.all(|p| !p.is_empty() && all_lower_alnum(p));
    if ok {
        Ok(())
    } else {
        Err(CloudError::invalid(
            op,
            format!("InvalidParameterValue: application name {name:?} must match [a-z][a-z0-9]*(-[a-z0-9]+)*"),
        ))
    }
}

fn all_lower_alnum(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// The Identity Center managed application behind a Redshift or Query Editor v2 application. It
/// carries the account that created it, here account B, not the instance's owner.
fn managed_application(t: &Target, instance_arn: &str, kind: &str, name: &str) -> String {
    let ssoins = instance_arn.rsplit('/').next().unwrap_or_default();
    format!(
        "arn:aws:sso::{}:application/{ssoins}/apl-{}",
        t.account_id,
        hash_hex(&[kind, name], 16)
    )
}

fn uuid(parts: &[&str]) -> String {
    let h = hash_hex(parts, 32);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}
