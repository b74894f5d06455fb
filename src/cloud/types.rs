//! Operations, replies and the domain data they carry.

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

/// Every operation the steps use. Names follow the AWS operation they stand for; a few are
/// compound look-ups (Find*) that an adapter may implement with several AWS calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    GetCallerIdentity,
    // sso-admin
    ListInstances,
    DescribeInstance {
        instance_arn: String,
    },
    UpdateInstanceEncryption {
        instance_arn: String,
        kms_key_arn: Option<String>,
    },
    AddRegion {
        instance_arn: String,
        region: String,
    },
    DescribeRegion {
        instance_arn: String,
        region: String,
    },
    RemoveRegion {
        instance_arn: String,
        region: String,
    },
    /// Every Region of the instance with its status, the primary included.
    ListRegions {
        instance_arn: String,
    },
    FindPermissionSet {
        instance_arn: String,
        name: String,
    },
    CreatePermissionSet {
        instance_arn: String,
        name: String,
        description: String,
        session_duration: String,
        relay_state: String,
    },
    AttachManagedPolicyToPermissionSet {
        instance_arn: String,
        permission_set_arn: String,
        policy_arn: String,
    },
    DeletePermissionSet {
        instance_arn: String,
        permission_set_arn: String,
    },
    ListAccountAssignments {
        instance_arn: String,
        account_id: String,
        permission_set_arn: String,
    },
    CreateAccountAssignment {
        instance_arn: String,
        permission_set_arn: String,
        account_id: String,
        group_id: String,
    },
    DescribeAccountAssignmentCreationStatus {
        instance_arn: String,
        request_id: String,
    },
    DeleteAccountAssignment {
        instance_arn: String,
        permission_set_arn: String,
        account_id: String,
        group_id: String,
    },
    ListApplicationAssignments {
        application_arn: String,
    },
    CreateApplicationAssignment {
        application_arn: String,
        group_id: String,
    },
    DeleteApplicationAssignment {
        application_arn: String,
        group_id: String,
    },
    // identitystore
    GetGroupId {
        identity_store_id: String,
        display_name: String,
    },
    GetUserId {
        identity_store_id: String,
        user_name: String,
    },
    // kms
    FindKeyByTag {
        tag_key: String,
        tag_value: String,
    },
    CreateKey {
        description: String,
        policy: String,
        multi_region: bool,
        tags: Vec<(String, String)>,
    },
    CreateAlias {
        alias: String,
        key_id: String,
    },
    DescribeKey {
        key_id: String,
    },
    GetKeyPolicy {
        key_id: String,
    },
    ReplicateKey {
        key_id: String,
        replica_region: String,
        policy: String,
    },
    DeleteAlias {
        alias: String,
    },
    ScheduleKeyDeletion {
        key_id: String,
        pending_days: u32,
    },
    // iam
    GetRole {
        name: String,
    },
    CreateRole {
        name: String,
        path: String,
        trust_policy: String,
        description: String,
    },
    PutRolePolicy {
        role_name: String,
        policy_name: String,
        document: String,
    },
    DeleteRole {
        name: String,
    },
    CreateServiceLinkedRole {
        service: String,
    },
    // lakeformation
    GetDataLakeSettings,
    PutDataLakeSettings {
        settings: LakeSettings,
    },
    DescribeLakeFormationIdentityCenterConfiguration,
    CreateLakeFormationIdentityCenterConfiguration {
        instance_arn: String,
    },
    DeleteLakeFormationIdentityCenterConfiguration,
    RegisterResource {
        resource_arn: String,
        role_arn: String,
        with_federation: bool,
    },
    DescribeResource {
        resource_arn: String,
    },
    DeregisterResource {
        resource_arn: String,
    },
    GrantPermissions {
        principal: String,
        resource: LfResource,
        permissions: Vec<String>,
    },
    RevokePermissions {
        principal: String,
        resource: LfResource,
        permissions: Vec<String>,
    },
    ListPermissions {
        principal: Option<String>,
        resource: Option<LfResource>,
    },
    // glue
    GetCatalog {
        name: String,
    },
    CreateCatalog {
        name: String,
        federated_identifier: String,
        connection_name: String,
    },
    DeleteCatalog {
        name: String,
    },
    // s3tables
    FindTableBucket {
        name: String,
    },
    CreateTableBucket {
        name: String,
    },
    DeleteTableBucket {
        arn: String,
    },
    GetNamespace {
        table_bucket_arn: String,
        namespace: String,
    },
    CreateNamespace {
        table_bucket_arn: String,
        namespace: String,
    },
    DeleteNamespace {
        table_bucket_arn: String,
        namespace: String,
    },
    GetTable {
        table_bucket_arn: String,
        namespace: String,
        name: String,
    },
    DeleteTable {
        table_bucket_arn: String,
        namespace: String,
        name: String,
    },
    // athena
    StartQueryExecution {
        sql: String,
        catalog: String,
        database: String,
        workgroup: String,
        output_location: String,
    },
    GetQueryExecution {
        id: String,
    },
    // redshift
    DescribeCluster {
        id: String,
    },
    FindRedshiftIdcApplication {
        name: String,
    },
    CreateRedshiftIdcApplication {
        name: String,
        display_name: String,
        idc_instance_arn: String,
        identity_namespace: String,
        iam_role_arn: String,
        lake_formation: bool,
        access_grants: bool,
    },
    DeleteRedshiftIdcApplication {
        arn: String,
    },
    // redshift-data
    ExecuteStatement {
        cluster: String,
        database: String,
        db_user: String,
        sql: String,
    },
    DescribeStatement {
        id: String,
    },
    // s3
    HeadBucket {
        name: String,
    },
    CreateBucket {
        name: String,
        region: String,
    },
    ListObjects {
        bucket: String,
        prefix: String,
    },
    DeleteObjects {
        bucket: String,
        keys: Vec<String>,
    },
    DeleteBucket {
        name: String,
    },
    // s3control (S3 Access Grants)
    GetAccessGrantsInstance {
        account_id: String,
    },
    CreateAccessGrantsInstance {
        account_id: String,
        identity_center_arn: String,
    },
    AssociateAccessGrantsIdentityCenter {
        account_id: String,
        identity_center_arn: String,
    },
    DeleteAccessGrantsInstance {
        account_id: String,
    },
    ListAccessGrantsLocations {
        account_id: String,
    },
    CreateAccessGrantsLocation {
        account_id: String,
        scope: String,
        role_arn: String,
    },
    DeleteAccessGrantsLocation {
        account_id: String,
        id: String,
    },
    ListAccessGrants {
        account_id: String,
    },
    CreateAccessGrant {
        account_id: String,
        location_id: String,
        sub_prefix: String,
        group_id: String,
        permission: String,
    },
    DeleteAccessGrant {
        account_id: String,
        id: String,
    },
    // cloudtrail
    LookupEvents {
        event_name: String,
        start_ms: u64,
    },
    /// Only the simulated cloud can act as the analyst; real AWS needs the person.
    RunAsAnalyst {
        user_name: String,
        action: AnalystAction,
    },
}

impl Op {
    /// The AWS service, as the CLI names it.
    pub fn service(&self) -> &'static str {
        use Op::*;
        match self {
            GetCallerIdentity => "sts",
            ListInstances
            | DescribeInstance { .. }
            | UpdateInstanceEncryption { .. }
            | AddRegion { .. }
            | DescribeRegion { .. }
            | RemoveRegion { .. }
            | ListRegions { .. }
            | FindPermissionSet { .. }
            | CreatePermissionSet { .. }
            | AttachManagedPolicyToPermissionSet { .. }
            | DeletePermissionSet { .. }
            | ListAccountAssignments { .. }
            | CreateAccountAssignment { .. }
            | DescribeAccountAssignmentCreationStatus { .. }
            | DeleteAccountAssignment { .. }
            | ListApplicationAssignments { .. }
            | CreateApplicationAssignment { .. }
            | DeleteApplicationAssignment { .. } => "sso-admin",
            GetGroupId { .. } | GetUserId { .. } => "identitystore",
            FindKeyByTag { .. }
            | CreateKey { .. }
            | CreateAlias { .. }
            | DescribeKey { .. }
            | GetKeyPolicy { .. }
            | ReplicateKey { .. }
            | DeleteAlias { .. }
            | ScheduleKeyDeletion { .. } => "kms",
            GetRole { .. }
            | CreateRole { .. }
            | PutRolePolicy { .. }
            | DeleteRole { .. }
            | CreateServiceLinkedRole { .. } => "iam",
            GetDataLakeSettings
            | PutDataLakeSettings { .. }
            | DescribeLakeFormationIdentityCenterConfiguration
            | CreateLakeFormationIdentityCenterConfiguration { .. }
            | DeleteLakeFormationIdentityCenterConfiguration
            | RegisterResource { .. }
            | DescribeResource { .. }
            | DeregisterResource { .. }
            | GrantPermissions { .. }
            | RevokePermissions { .. }
            | ListPermissions { .. } => "lakeformation",
            GetCatalog { .. } | CreateCatalog { .. } | DeleteCatalog { .. } => "glue",
            FindTableBucket { .. }
            | CreateTableBucket { .. }
            | DeleteTableBucket { .. }
            | GetNamespace { .. }
            | CreateNamespace { .. }
            | DeleteNamespace { .. }
            | GetTable { .. }
            | DeleteTable { .. } => "s3tables",
            StartQueryExecution { .. } | GetQueryExecution { .. } => "athena",
            DescribeCluster { .. }
            | FindRedshiftIdcApplication { .. }
            | CreateRedshiftIdcApplication { .. }
            | DeleteRedshiftIdcApplication { .. } => "redshift",
            ExecuteStatement { .. } | DescribeStatement { .. } => "redshift-data",
            HeadBucket { .. }
            | CreateBucket { .. }
            | ListObjects { .. }
            | DeleteObjects { .. }
            | DeleteBucket { .. } => "s3",
            GetAccessGrantsInstance { .. }
            | CreateAccessGrantsInstance { .. }
            | AssociateAccessGrantsIdentityCenter { .. }
            | DeleteAccessGrantsInstance { .. }
            | ListAccessGrantsLocations { .. }
            | CreateAccessGrantsLocation { .. }
            | DeleteAccessGrantsLocation { .. }
            | ListAccessGrants { .. }
            | CreateAccessGrant { .. }
            | DeleteAccessGrant { .. } => "s3control",
            LookupEvents { .. } => "cloudtrail",
            RunAsAnalyst { .. } => "analyst",
        }
    }

    /// The operation's name, as AWS spells it.
    pub fn name(&self) -> &'static str {
        use Op::*;
        match self {
            GetCallerIdentity => "GetCallerIdentity",
            ListInstances => "ListInstances",
            DescribeInstance { .. } => "DescribeInstance",
            UpdateInstanceEncryption { .. } => "UpdateInstance",
            AddRegion { .. } => "AddRegion",
            DescribeRegion { .. } => "DescribeRegion",
            RemoveRegion { .. } => "RemoveRegion",
            ListRegions { .. } => "ListRegions",
            FindPermissionSet { .. } => "ListPermissionSets",
            CreatePermissionSet { .. } => "CreatePermissionSet",
            AttachManagedPolicyToPermissionSet { .. } => "AttachManagedPolicyToPermissionSet",
            DeletePermissionSet { .. } => "DeletePermissionSet",
            ListAccountAssignments { .. } => "ListAccountAssignments",
            CreateAccountAssignment { .. } => "CreateAccountAssignment",
            DescribeAccountAssignmentCreationStatus { .. } => "DescribeAccountAssignmentCreationStatus",
            DeleteAccountAssignment { .. } => "DeleteAccountAssignment",
            ListApplicationAssignments { .. } => "ListApplicationAssignments",
            CreateApplicationAssignment { .. } => "CreateApplicationAssignment",
            DeleteApplicationAssignment { .. } => "DeleteApplicationAssignment",
            GetGroupId { .. } => "GetGroupId",
            GetUserId { .. } => "GetUserId",
            FindKeyByTag { .. } => "ListResourceTags",
            CreateKey { .. } => "CreateKey",
            CreateAlias { .. } => "CreateAlias",
            DescribeKey { .. } => "DescribeKey",
            GetKeyPolicy { .. } => "GetKeyPolicy",
            ReplicateKey { .. } => "ReplicateKey",
            DeleteAlias { .. } => "DeleteAlias",
            ScheduleKeyDeletion { .. } => "ScheduleKeyDeletion",
            GetRole { .. } => "GetRole",
            CreateRole { .. } => "CreateRole",
            PutRolePolicy { .. } => "PutRolePolicy",
            DeleteRole { .. } => "DeleteRole",
            CreateServiceLinkedRole { .. } => "CreateServiceLinkedRole",
            GetDataLakeSettings => "GetDataLakeSettings",
            PutDataLakeSettings { .. } => "PutDataLakeSettings",
            DescribeLakeFormationIdentityCenterConfiguration => "DescribeLakeFormationIdentityCenterConfiguration",
            CreateLakeFormationIdentityCenterConfiguration { .. } => "CreateLakeFormationIdentityCenterConfiguration",
            DeleteLakeFormationIdentityCenterConfiguration => "DeleteLakeFormationIdentityCenterConfiguration",
            RegisterResource { .. } => "RegisterResource",
            DescribeResource { .. } => "DescribeResource",
            DeregisterResource { .. } => "DeregisterResource",
            GrantPermissions { .. } => "GrantPermissions",
            RevokePermissions { .. } => "RevokePermissions",
            ListPermissions { .. } => "ListPermissions",
            GetCatalog { .. } => "GetCatalog",
            CreateCatalog { .. } => "CreateCatalog",
            DeleteCatalog { .. } => "DeleteCatalog",
            FindTableBucket { .. } => "ListTableBuckets",
            CreateTableBucket { .. } => "CreateTableBucket",
            DeleteTableBucket { .. } => "DeleteTableBucket",
            GetNamespace { .. } => "GetNamespace",
            CreateNamespace { .. } => "CreateNamespace",
            DeleteNamespace { .. } => "DeleteNamespace",
            GetTable { .. } => "GetTable",
            DeleteTable { .. } => "DeleteTable",
            StartQueryExecution { .. } => "StartQueryExecution",
            GetQueryExecution { .. } => "GetQueryExecution",
            DescribeCluster { .. } => "DescribeClusters",
            FindRedshiftIdcApplication { .. } => "DescribeRedshiftIdcApplications",
            CreateRedshiftIdcApplication { .. } => "CreateRedshiftIdcApplication",
            DeleteRedshiftIdcApplication { .. } => "DeleteRedshiftIdcApplication",
            ExecuteStatement { .. } => "ExecuteStatement",
            DescribeStatement { .. } => "DescribeStatement",
            HeadBucket { .. } => "HeadBucket",
            CreateBucket { .. } => "CreateBucket",
            ListObjects { .. } => "ListObjectsV2",
            DeleteObjects { .. } => "DeleteObjects",
            DeleteBucket { .. } => "DeleteBucket",
            GetAccessGrantsInstance { .. } => "GetAccessGrantsInstance",
            CreateAccessGrantsInstance { .. } => "CreateAccessGrantsInstance",
            AssociateAccessGrantsIdentityCenter { .. } => "AssociateAccessGrantsIdentityCenter",
            DeleteAccessGrantsInstance { .. } => "DeleteAccessGrantsInstance",
            ListAccessGrantsLocations { .. } => "ListAccessGrantsLocations",
            CreateAccessGrantsLocation { .. } => "CreateAccessGrantsLocation",
            DeleteAccessGrantsLocation { .. } => "DeleteAccessGrantsLocation",
            ListAccessGrants { .. } => "ListAccessGrants",
            CreateAccessGrant { .. } => "CreateAccessGrant",
            DeleteAccessGrant { .. } => "DeleteAccessGrant",
            LookupEvents { .. } => "LookupEvents",
            RunAsAnalyst { .. } => "RunAsAnalyst",
        }
    }

    /// Whether the call changes anything. Mutating calls are journaled before they are made.
    pub fn is_mutating(&self) -> bool {
        let n = self.name();
        !(n.starts_with("Get")
            || n.starts_with("Describe")
            || n.starts_with("List")
            || n.starts_with("Head")
            || n.starts_with("Lookup")
            || matches!(self, Op::RunAsAnalyst { .. }))
    }
}

/// An adapter's answer; each operation has one expected kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    Done,
    Caller {
        account: String,
        arn: String,
    },
    Instances(Vec<Instance>),
    Instance(InstanceDetail),
    /// A Region's status in Identity Center, or none when it is not added.
    RegionStatus(Option<String>),
    Id(String),
    MaybeId(Option<String>),
    Ids(Vec<String>),
    Assignment(AssignmentStatus),
    /// (Region, status) pairs.
    Regions(Vec<(String, String)>),
    Key(KeyInfo),
    MaybeKey(Option<KeyInfo>),
    Text(String),
    Role(RoleInfo),
    MaybeRole(Option<RoleInfo>),
    Settings(LakeSettings),
    IdcConfig(Option<IdcConfig>),
    Resource(Option<ResourceInfo>),
    Grants(Vec<LfGrant>),
    Catalog(Option<CatalogInfo>),
    Exists(bool),
    Query(QueryState),
    Cluster(Option<ClusterInfo>),
    IdcApp(IdcApp),
    MaybeIdcApp(Option<IdcApp>),
    AgInstance(Option<AgInstance>),
    AgLocations(Vec<AgLocation>),
    AgGrants(Vec<AgGrant>),
    Events(Vec<TrailEvent>),
    Access {
        allowed: bool,
        detail: String,
    },
}

macro_rules! reply_accessor {
    ($($fn:ident => $variant:ident($ty:ty)),* $(,)?) => {
        impl Reply {
            $(
            pub fn $fn(self) -> Result<$ty, super::CloudError> {
                match self {
                    Reply::$variant(v) => Ok(v),
                    other => Err(super::CloudError::Other {
                        op: stringify!($variant).into(),
                        message: format!("unexpected reply {other:?}"),
                    }),
                }
            }
            )*
        }
    };
}

reply_accessor! {
    instances => Instances(Vec<Instance>),
    instance => Instance(InstanceDetail),
    region_status => RegionStatus(Option<String>),
    id => Id(String),
    maybe_id => MaybeId(Option<String>),
    ids => Ids(Vec<String>),
    assignment => Assignment(AssignmentStatus),
    regions => Regions(Vec<(String, String)>),
    key => Key(KeyInfo),
    maybe_key => MaybeKey(Option<KeyInfo>),
    text => Text(String),
    role => Role(RoleInfo),
    maybe_role => MaybeRole(Option<RoleInfo>),
    settings => Settings(LakeSettings),
    idc_config => IdcConfig(Option<IdcConfig>),
    resource => Resource(Option<ResourceInfo>),
    grants => Grants(Vec<LfGrant>),
    catalog => Catalog(Option<CatalogInfo>),
    exists => Exists(bool),
    query => Query(QueryState),
    cluster => Cluster(Option<ClusterInfo>),
    idc_app => IdcApp(IdcApp),
    maybe_idc_app => MaybeIdcApp(Option<IdcApp>),
    ag_instance => AgInstance(Option<AgInstance>),
    ag_locations => AgLocations(Vec<AgLocation>),
    ag_grants => AgGrants(Vec<AgGrant>),
    events => Events(Vec<TrailEvent>),
}

impl Reply {
    pub fn caller(self) -> Result<(String, String), super::CloudError> {
        match self {
            Reply::Caller { account, arn } => Ok((account, arn)),
            other => Err(super::CloudError::Other {
                op: "Caller".into(),
                message: format!("unexpected reply {other:?}"),
            }),
        }
    }
    pub fn access(self) -> Result<(bool, String), super::CloudError> {
        match self {
            Reply::Access { allowed, detail } => Ok((allowed, detail)),
            other => Err(super::CloudError::Other {
                op: "Access".into(),
                message: format!("unexpected reply {other:?}"),
            }),
        }
    }
}
