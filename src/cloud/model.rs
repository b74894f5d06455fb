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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterInfo {
    pub id: String,
    pub node_type: String,
    pub status: String,
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
    pub on_behalf_of_user_id: Option<String>,
    pub identity_store_arn: Option<String>,
}

/// What the simulated analyst does, for the sim's own check of the grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnalystAction {
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
