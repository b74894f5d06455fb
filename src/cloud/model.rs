//! The domain data that operations carry and replies return.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub arn: String,
    pub identity_store_id: String,
    pub owner_account: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceDetail {
    pub arn: String,
    pub identity_store_id: String,
    pub primary_region: String,
    /// CUSTOMER_MANAGED_KEY or AWS_OWNED_KMS_KEY
    pub key_type: String,
    pub kms_key_arn: Option<String>,
    /// UPDATING, ENABLED or UPDATE_FAILED
    pub encryption_status: String,
    pub encryption_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInfo {
    pub key_id: String,
    pub arn: String,
    /// Enabled, Creating, PendingDeletion, ...
    pub state: String,
    pub multi_region: bool,
    pub region: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleInfo {
    pub name: String,
    pub path: String,
    pub arn: String,
    pub trust_policy: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentStatus {
    pub request_id: String,
    /// IN_PROGRESS, FAILED or SUCCEEDED
    pub status: String,
    pub reason: Option<String>,
}

/// A default permission in the Lake Formation settings (principal and rights).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DefaultPermission {
    pub principal: String,
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LakeSettings {
    pub admins: Vec<String>,
    pub read_only_admins: Vec<String>,
    pub create_database_defaults: Vec<DefaultPermission>,
    pub create_table_defaults: Vec<DefaultPermission>,
}

pub const IAM_ALLOWED_PRINCIPALS: &str = "IAM_ALLOWED_PRINCIPALS";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdcConfig {
    pub instance_arn: String,
    pub application_arn: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceInfo {
    pub resource_arn: String,
    pub role_arn: String,
    pub with_federation: bool,
    #[serde(default)]
    pub with_privileged_access: bool,
}

/// What a Lake Formation grant is on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LfResource {
    Database {
        catalog_id: String,
        name: String,
    },
    /// `table: None` is every table of the database.
    Table {
        catalog_id: String,
        database: String,
        table: Option<String>,
    },
}

/// As a person reads it: "the database customers in catalog X", "every table of customers in X".
impl std::fmt::Display for LfResource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LfResource::Database { catalog_id, name } => write!(f, "the database {name} in catalog {catalog_id}"),
            LfResource::Table {
                catalog_id,
                database,
                table: Some(t),
            } => write!(f, "the table {database}.{t} in catalog {catalog_id}"),
            LfResource::Table {
                catalog_id,
                database,
                table: None,
            } => write!(f, "every table of {database} in catalog {catalog_id}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LfGrant {
    pub principal: String,
    pub resource: LfResource,
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogInfo {
    pub name: String,
    pub federated_identifier: String,
    pub connection_name: String,
    /// Whether the catalog was created with IAMAllowedPrincipals default grants.
    pub iam_allowed_principals: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryState {
    pub id: String,
    /// QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED (Athena) or SUBMITTED, STARTED, FINISHED,
    /// FAILED (Redshift Data)
    pub state: String,
    pub reason: Option<String>,
    /// Redshift Data's ResultRows: the rows a finished SELECT returned.
    #[serde(default)]
    pub rows: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterInfo {
    pub id: String,
    pub node_type: String,
    pub status: String,
    /// The IAM roles associated with the cluster (DescribeClusters IamRoles).
    #[serde(default)]
    pub iam_roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdcApp {
    pub name: String,
    pub arn: String,
    /// The Identity Center managed application (arn:aws:sso::...), used by CREATE IDENTITY PROVIDER.
    pub managed_application_arn: String,
    pub iam_role_arn: String,
    pub lake_formation: bool,
    pub access_grants: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgInstance {
    pub arn: String,
    pub identity_center_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgLocation {
    pub id: String,
    pub scope: String,
    pub role_arn: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgGrant {
    pub id: String,
    pub location_id: String,
    pub sub_prefix: String,
    /// DIRECTORY_GROUP, DIRECTORY_USER or IAM
    pub grantee_type: String,
    pub grantee_id: String,
    /// READ, WRITE or READWRITE
    pub permission: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailEvent {
    pub event_name: String,
    pub event_source: String,
    pub time_ms: u64,
    /// `userIdentity.onBehalfOf.userId`: how S3 Access Grants names the Identity Center user.
    pub on_behalf_of_user_id: Option<String>,
    pub identity_store_arn: Option<String>,
    /// `additionalEventData.lakeFormationPrincipal` (arn:aws:identitystore:::user/ID): how Lake
    /// Formation names the Identity Center user it vended credentials for.
    #[serde(default)]
    pub lake_formation_principal: Option<String>,
}

impl TrailEvent {
    /// Whether the event records access on behalf of this Identity Center user, in either of
    /// the forms the services use.
    pub fn is_for_user(&self, user_id: &str) -> bool {
        self.on_behalf_of_user_id.as_deref() == Some(user_id)
            || self.lake_formation_principal.as_deref()
                == Some(format!("arn:aws:identitystore:::user/{user_id}").as_str())
    }
}

/// The Query Editor v2 application of Identity Center in one account and Region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qev2App {
    pub name: String,
    pub arn: String,
    pub managed_application_arn: String,
}

/// Which objects under a prefix an undo removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ObjectFilter {
    /// Everything under the prefix: the prefix belongs to the wizard.
    All,
    /// Only the files a Redshift UNLOAD writes there (`<slice>_part_<n>`, with any extension).
    UnloadParts,
}

impl ObjectFilter {
    /// Whether a key directly or deeper under `prefix` is one this filter takes.
    pub fn takes(self, prefix: &str, key: &str) -> bool {
        let Some(rest) = key.strip_prefix(prefix) else {
            return false;
        };
        match self {
            ObjectFilter::All => true,
            ObjectFilter::UnloadParts => {
                // <slice>_part_<n>[.ext], as UNLOAD names its files (Redshift SQL reference, UNLOAD).
                let stem = rest.split('.').next().unwrap_or(rest);
                let mut parts = stem.split("_part_");
                matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
                    if !a.is_empty() && !b.is_empty() && a.chars().all(|c| c.is_ascii_digit()) && b.chars().all(|c| c.is_ascii_digit()))
            }
        }
    }
}

/// What the simulated analyst does, for the sim's own check of the grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnalystAction {
    /// Signs in through the portal and connects Query Editor v2 to the cluster with Identity
    /// Center: Redshift makes the user at the first connection.
    SignIn,
    Select {
        table_bucket: String,
        namespace: String,
        table: String,
    },
    Unload {
        bucket: String,
        prefix: String,
    },
    Copy {
        bucket: String,
        prefix: String,
    },
}

/// Who a key policy lets use an Identity Center key, read from its statements the way the
/// IAM Identity Center User Guide's "Baseline KMS key policy" lays them out
/// (https://docs.aws.amazon.com/singlesignon/latest/userguide/baseline-KMS-key-policy.html).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyPolicyAllows {
    /// The sso and identitystore service principals may decrypt: without it Identity Center
    /// cannot switch to the key (UpdateInstance ends UPDATE_FAILED).
    pub identity_center: bool,
    /// Principals of the organization may decrypt through sso and identitystore (Forward
    /// Access Sessions): without it account B cannot read the identity store.
    pub org_principals: bool,
    /// AWS managed applications (Redshift, Lake Formation, S3 Access Grants) may decrypt
    /// identity data through sso and identitystore.
    pub managed_apps: bool,
}

pub fn key_policy_allows(policy: &str) -> KeyPolicyAllows {
    let doc: serde_json::Value = serde_json::from_str(policy).unwrap_or_default();
    let list = |v: &serde_json::Value| -> Vec<String> {
        match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
            _ => vec![],
        }
    };
    let mut out = KeyPolicyAllows::default();
    let (mut sso, mut store) = (false, false);
    for st in doc["Statement"].as_array().into_iter().flatten() {
        if st["Effect"] != "Allow" {
            continue;
        }
        let actions = list(&st["Action"]);
        if !actions.iter().any(|a| a == "kms:Decrypt" || a == "kms:*") {
            continue;
        }
        let services = list(&st["Principal"]["Service"]);
        sso |= services.iter().any(|s| s == "sso.amazonaws.com");
        store |= services.iter().any(|s| s == "identitystore.amazonaws.com");
        let anyone = st["Principal"] == "*" || st["Principal"]["AWS"] == "*";
        let cond = &st["Condition"];
        let via: Vec<String> = cond
            .as_object()
            .into_iter()
            .flat_map(|m| m.values())
            .flat_map(|v| list(&v["kms:ViaService"]))
            .collect();
        let via_identity =
            via.iter().any(|v| v.starts_with("identitystore.")) && via.iter().any(|v| v.starts_with("sso."));
        let has_key = |k: &str| {
            cond.as_object()
                .into_iter()
                .flat_map(|m| m.values())
                .any(|v| !v[k].is_null())
        };
        if anyone && via_identity && has_key("aws:PrincipalOrgID") {
            out.org_principals = true;
        }
        if anyone && via_identity && has_key("aws:PrincipalIsAWSService") {
            out.managed_apps = true;
        }
    }
    out.identity_center = sso && store;
    out
}

/// Whether a policy document allows `action` on `resource` (Allow statements; `*` wildcards).
pub fn policy_allows(doc: &str, action: &str, resource: &str) -> bool {
    let v: serde_json::Value = serde_json::from_str(doc).unwrap_or_default();
    let list = |v: &serde_json::Value| -> Vec<String> {
        match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
            _ => vec![],
        }
    };
    v["Statement"].as_array().into_iter().flatten().any(|st| {
        st["Effect"] == "Allow"
            && list(&st["Action"]).iter().any(|a| glob(a, action))
            && list(&st["Resource"]).iter().any(|r| glob(r, resource))
    })
}

/// IAM's wildcard match: `*` any run of characters, `?` one.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi].eq_ignore_ascii_case(&t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}
