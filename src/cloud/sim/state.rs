//! What the simulated cloud holds.

use super::{Seed, hash_hex};
use crate::cloud::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A status that changes by itself at `ready_at` (ADDING -> ACTIVE and the like).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timed {
    pub status: String,
    /// The status it becomes, and when.
    pub next: Option<(String, u64)>,
}

impl Timed {
    pub fn now(status: &str) -> Timed {
        Timed {
            status: status.into(),
            next: None,
        }
    }
    pub fn later(status: &str, then: &str, at: u64) -> Timed {
        Timed {
            status: status.into(),
            next: Some((then.into(), at)),
        }
    }
    fn settle(&mut self, now: u64) {
        if let Some((s, at)) = &self.next
            && *at <= now
        {
            self.status = s.clone();
            self.next = None;
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimKey {
    pub info: KeyInfo,
    pub account: String,
    pub policy: String,
    pub tags: Vec<(String, String)>,
    pub timed: Timed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimRole {
    pub info: RoleInfo,
    pub inline: BTreeMap<String, String>,
    /// When it was created: services cannot assume it until IAM has spread it.
    #[serde(default)]
    pub created_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PermissionSet {
    pub arn: String,
    pub name: String,
    pub session_duration: String,
    pub relay_state: String,
    pub policies: BTreeSet<String>,
    #[serde(default)]
    pub inline_policy: Option<String>,
    /// Changed since it was last provisioned to the accounts it is assigned in.
    #[serde(default)]
    pub stale: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Identity {
    pub instance_arn: String,
    pub identity_store_id: String,
    pub owner_account: String,
    pub primary_region: String,
    pub key_arn: Option<String>,
    pub encryption: Timed,
    pub encryption_reason: Option<String>,
    /// Added Regions and their status (ADDING, ACTIVE, REMOVING).
    pub regions: BTreeMap<String, Timed>,
    pub groups: BTreeMap<String, String>,
    pub users: BTreeMap<String, String>,
    /// (group id, user id)
    pub members: BTreeSet<(String, String)>,
    pub permission_sets: BTreeMap<String, PermissionSet>,
    /// (permission set arn, account, group id)
    pub assignments: BTreeSet<(String, String, String)>,
    /// (application arn, group id)
    pub app_assignments: BTreeSet<(String, String)>,
    /// Assignment deletions still under way: request id -> permission set ARN.
    #[serde(default)]
    pub deletions: BTreeMap<String, String>,
}

impl Identity {
    /// Whether the instance answers in a Region (the primary, or an added Region that is ACTIVE).
    pub fn active_in(&self, region: &str) -> bool {
        region == self.primary_region || self.regions.get(region).is_some_and(|t| t.status == "ACTIVE")
    }
    pub fn store_arn(&self) -> String {
        format!(
            "arn:aws:identitystore::{}:identitystore/{}",
            self.owner_account, self.identity_store_id
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lake {
    pub settings: LakeSettings,
    pub idc: Option<IdcConfig>,
    pub resources: BTreeMap<String, ResourceInfo>,
    pub grants: BTreeSet<LfGrant>,
    pub catalogs: BTreeMap<String, CatalogInfo>,
}

impl Lake {
    fn new() -> Lake {
        let everything = vec![DefaultPermission {
            principal: IAM_ALLOWED_PRINCIPALS.into(),
            permissions: vec!["ALL".into()],
        }];
        Lake {
            settings: LakeSettings {
                admins: vec![],
                read_only_admins: vec![],
                create_database_defaults: everything.clone(),
                create_table_defaults: everything,
            },
            idc: None,
            resources: BTreeMap::new(),
            grants: BTreeSet::new(),
            catalogs: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableBucket {
    pub arn: String,
    pub name: String,
    /// namespace -> tables
    pub namespaces: BTreeMap<String, BTreeSet<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cluster {
    pub info: ClusterInfo,
    pub account: String,
    pub region: String,
    /// identity provider name -> application ARN
    pub providers: BTreeMap<String, String>,
    pub tables: BTreeSet<String>,
    pub roles: BTreeSet<String>,
    /// (table, role)
    pub grants: BTreeSet<(String, String)>,
    /// Users the identity provider created at sign-in, with the roles granted to them.
    #[serde(default)]
    pub users: BTreeMap<String, BTreeSet<String>>,
    /// identity provider name -> its namespace (AWSIDC)
    #[serde(default)]
    pub provider_namespaces: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bucket {
    pub account: String,
    pub region: String,
    pub objects: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AccessGrants {
    pub instance: Option<AgInstance>,
    pub locations: BTreeMap<String, AgLocation>,
    pub grants: BTreeMap<String, AgGrant>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    pub state: Timed,
    pub reason: Option<String>,
    /// The rows a finished SELECT returned.
    #[serde(default)]
    pub rows: Option<u64>,
}

/// Everything, keyed so that regional things carry `account/region` and global ones `account`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimState {
    pub version: u32,
    pub clock_ms: u64,
    pub seq: u64,
    pub analytics_account: String,
    pub admin_role_arn: String,
    /// Which account each named profile's credentials belong to.
    #[serde(default)]
    pub profiles: BTreeMap<String, String>,
    pub secondary_region: String,
    pub identity: Identity,
    pub keys: BTreeMap<String, SimKey>,
    /// account/region/alias -> key id
    pub aliases: BTreeMap<String, String>,
    /// account -> role name -> role
    pub roles: BTreeMap<String, BTreeMap<String, SimRole>>,
    pub lakes: BTreeMap<String, Lake>,
    pub table_buckets: BTreeMap<String, TableBucket>,
    pub clusters: BTreeMap<String, Cluster>,
    pub idc_apps: BTreeMap<String, IdcApp>,
    #[serde(default)]
    pub qev2_apps: BTreeMap<String, Qev2App>,
    pub buckets: BTreeMap<String, Bucket>,
    pub access_grants: BTreeMap<String, AccessGrants>,
    // What follows is history, not resources: left out of dumps.
    pub events: BTreeMap<String, Vec<TrailEvent>>,
    pub jobs: BTreeMap<String, Job>,
}

/// How long IAM takes, in the simulated cloud, before a new role can be assumed by a service:
/// IAM is eventually consistent ("Changes that I make are not always immediately visible",
/// IAM User Guide, troubleshooting).
pub const IAM_PROPAGATION_MS: u64 = 8_000;

pub fn regional(t: &Target) -> String {
    format!("{}/{}", t.account_id, t.region)
}

impl SimState {
    pub fn seeded(seed: &Seed) -> SimState {
        let ssoins = format!("ssoins-{}", hash_hex(&["instance", &seed.management_account], 16));
        let store = format!("d-{}", hash_hex(&["store", &seed.management_account], 10));
        let uuid = |kind: &str, name: &str| {
            let h = hash_hex(&[kind, name], 32);
            format!(
                "{}-{}-{}-{}-{}",
                &h[0..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            )
        };
        let group_id = uuid("group", &seed.group_name);
        let user_id = uuid("user", &seed.analyst_user);
        let mut roles = BTreeMap::new();
        if let Some(name) = seed.admin_role_arn.rsplit('/').next() {
            let path = seed
                .admin_role_arn
                .split_once(":role")
                .map(|(_, r)| r.trim_end_matches(name).to_string())
                .unwrap_or_else(|| "/".into());
            let mut acct = BTreeMap::new();
            acct.insert(
                name.to_string(),
                SimRole {
                    info: RoleInfo {
                        name: name.into(),
                        path,
                        arn: seed.admin_role_arn.clone(),
                        trust_policy: "{}".into(),
                    },
                    inline: BTreeMap::new(),
                    created_ms: 0,
                },
            );
            // Redshift creates its service-linked role with the account's first cluster
            // (Redshift Management Guide, "Using service-linked roles for Amazon Redshift").
            let slr_path = "/aws-service-role/redshift.amazonaws.com/".to_string();
            acct.insert(
                "AWSServiceRoleForRedshift".into(),
                SimRole {
                    info: RoleInfo {
                        name: "AWSServiceRoleForRedshift".into(),
                        arn: format!(
                            "arn:aws:iam::{}:role{slr_path}AWSServiceRoleForRedshift",
                            seed.analytics_account
                        ),
                        path: slr_path,
                        trust_policy: "{}".into(),
                    },
                    inline: BTreeMap::new(),
                    created_ms: 0,
                },
            );
            roles.insert(seed.analytics_account.clone(), acct);
        }
        let mut clusters = BTreeMap::new();
        clusters.insert(
            format!(
                "{}/{}/{}",
                seed.analytics_account, seed.secondary_region, seed.cluster_id
            ),
            Cluster {
                info: ClusterInfo {
                    id: seed.cluster_id.clone(),
                    node_type: "ra3.xlplus".into(),
                    status: "available".into(),
                    iam_roles: vec![],
                },
                account: seed.analytics_account.clone(),
                region: seed.secondary_region.clone(),
                providers: BTreeMap::new(),
                tables: BTreeSet::new(),
                roles: BTreeSet::new(),
                grants: BTreeSet::new(),
                users: BTreeMap::new(),
                provider_namespaces: BTreeMap::new(),
            },
        );
        SimState {
            version: 1,
            clock_ms: 1_767_225_600_000,
            seq: 0,
            analytics_account: seed.analytics_account.clone(),
            admin_role_arn: seed.admin_role_arn.clone(),
            profiles: seed.profiles.iter().cloned().collect(),
            secondary_region: seed.secondary_region.clone(),
            identity: Identity {
                instance_arn: format!("arn:aws:sso:::instance/{ssoins}"),
                identity_store_id: store,
                owner_account: seed.management_account.clone(),
                primary_region: seed.primary_region.clone(),
                key_arn: None,
                encryption: Timed::now("ENABLED"),
                encryption_reason: None,
                regions: BTreeMap::new(),
                groups: [(seed.group_name.clone(), group_id.clone())].into(),
                users: [(seed.analyst_user.clone(), user_id.clone())].into(),
                members: [(group_id, user_id)].into(),
                permission_sets: BTreeMap::new(),
                assignments: BTreeSet::new(),
                app_assignments: BTreeSet::new(),
                deletions: BTreeMap::new(),
            },
            keys: BTreeMap::new(),
            aliases: BTreeMap::new(),
            roles,
            lakes: BTreeMap::new(),
            table_buckets: BTreeMap::new(),
            clusters,
            idc_apps: BTreeMap::new(),
            qev2_apps: BTreeMap::new(),
            buckets: BTreeMap::new(),
            access_grants: BTreeMap::new(),
            events: BTreeMap::new(),
            jobs: BTreeMap::new(),
        }
    }

    /// Lets every timed change that is due happen.
    pub fn settle(&mut self, now: u64) {
        self.identity.encryption.settle(now);
        for t in self.identity.regions.values_mut() {
            t.settle(now);
        }
        self.identity.regions.retain(|_, t| t.status != "REMOVED");
        for k in self.keys.values_mut() {
            k.timed.settle(now);
            k.info.state = k.timed.status.clone();
        }
        for j in self.jobs.values_mut() {
            j.state.settle(now);
        }
        // A finished deletion holds nothing back any more; its job record still answers
        // DescribeAccountAssignmentDeletionStatus.
        let jobs = &self.jobs;
        self.identity
            .deletions
            .retain(|req, _| jobs.get(req).is_some_and(|j| j.state.status == "IN_PROGRESS"));
    }

    pub fn lake(&mut self, t: &Target) -> &mut Lake {
        self.lakes.entry(regional(t)).or_insert_with(Lake::new)
    }

    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    pub fn dump(&self, now: u64) -> serde_json::Value {
        let mut s = self.clone();
        s.settle(now);
        s.keys.retain(|_, k| k.info.state != "PendingDeletion");
        s.aliases.retain(|_, id| s.keys.values().any(|k| &k.info.key_id == id));
        s.roles.retain(|_, r| !r.is_empty());
        // When a role was made is timing, not a resource: two runs that made the same roles
        // at different moments hold the same cloud.
        for r in s.roles.values_mut().flat_map(|r| r.values_mut()) {
            r.created_ms = 0;
        }
        let lakes: BTreeMap<_, _> = s
            .lakes
            .iter()
            .filter(|(_, l)| {
                l.settings != Lake::new().settings
                    || l.idc.is_some()
                    || !l.resources.is_empty()
                    || !l.grants.is_empty()
                    || !l.catalogs.is_empty()
            })
            .collect();
        let ag: BTreeMap<_, _> = s
            .access_grants
            .iter()
            .filter(|(_, a)| a.instance.is_some() || !a.locations.is_empty() || !a.grants.is_empty())
            .collect();
        serde_json::json!({
            "identity": s.identity,
            "keys": s.keys,
            "aliases": s.aliases,
            "roles": s.roles,
            "lakes": lakes,
            "table_buckets": s.table_buckets,
            "clusters": s.clusters,
            "idc_apps": s.idc_apps,
            "qev2_apps": s.qev2_apps,
            "buckets": s.buckets,
            "access_grants": ag,
        })
    }

    pub fn counts(&self, now: u64) -> BTreeMap<String, usize> {
        let mut s = self.clone();
        s.settle(now);
        let mut c = BTreeMap::new();
        c.insert(
            "kms keys".into(),
            s.keys.values().filter(|k| k.info.state != "PendingDeletion").count(),
        );
        c.insert("kms aliases".into(), s.aliases.len());
        c.insert("iam roles".into(), s.roles.values().map(|r| r.len()).sum());
        c.insert("permission sets".into(), s.identity.permission_sets.len());
        c.insert("account assignments".into(), s.identity.assignments.len());
        c.insert("application assignments".into(), s.identity.app_assignments.len());
        c.insert(
            "lf registrations".into(),
            s.lakes.values().map(|l| l.resources.len()).sum(),
        );
        c.insert("lf grants".into(), s.lakes.values().map(|l| l.grants.len()).sum());
        c.insert("glue catalogs".into(), s.lakes.values().map(|l| l.catalogs.len()).sum());
        c.insert("table buckets".into(), s.table_buckets.len());
        c.insert("redshift idc apps".into(), s.idc_apps.len());
        c.insert("query editor v2 apps".into(), s.qev2_apps.len());
        c.insert("s3 buckets".into(), s.buckets.len());
        c.insert(
            "access grants instances".into(),
            s.access_grants.values().filter(|a| a.instance.is_some()).count(),
        );
        c.insert(
            "access grants locations".into(),
            s.access_grants.values().map(|a| a.locations.len()).sum(),
        );
        c.insert(
            "access grants".into(),
            s.access_grants.values().map(|a| a.grants.len()).sum(),
        );
        c
    }
}
