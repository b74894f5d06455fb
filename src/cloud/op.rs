//! Every operation the steps use, as data, and the AWS service each belongs to.

use super::model::*;
use serde::{Deserialize, Serialize};

/// An AWS service, as the layers split their work: one file per service in the simulated
/// cloud, the SDK adapter and the CLI forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Service {
    Sts,
    SsoAdmin,
    IdentityStore,
    Kms,
    Iam,
    LakeFormation,
    Glue,
    S3Tables,
    Athena,
    Redshift,
    RedshiftData,
    S3,
    S3Control,
    CloudTrail,
    /// The simulated analyst: only the simulated cloud can play him.
    Analyst,
}

impl Service {
    /// The service's name as the AWS CLI spells it (`aws sso-admin ...`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Service::Sts => "sts",
            Service::SsoAdmin => "sso-admin",
            Service::IdentityStore => "identitystore",
            Service::Kms => "kms",
            Service::Iam => "iam",
            Service::LakeFormation => "lakeformation",
            Service::Glue => "glue",
            Service::S3Tables => "s3tables",
            Service::Athena => "athena",
            Service::Redshift => "redshift",
            Service::RedshiftData => "redshift-data",
            Service::S3 => "s3",
            Service::S3Control => "s3control",
            Service::CloudTrail => "cloudtrail",
            Service::Analyst => "analyst",
        }
    }

    /// The prefix of the service's IAM actions, which is not always its CLI name.
    pub fn iam_prefix(self) -> &'static str {
        match self {
            Service::SsoAdmin => "sso",
            // S3 Access Grants calls go through S3 Control but are authorised as s3: actions.
            Service::S3Control => "s3",
            other => other.cli_name(),
        }
    }
}

impl std::fmt::Display for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.cli_name())
    }
}

/// Whether an AWS operation name reads only (Get, Describe, List, Head, Lookup). The one place
/// that decides it: journaling, plan verdicts and the screens all ask here.
pub fn is_read_operation(name: &str) -> bool {
    ["Get", "Describe", "List", "Head", "Lookup"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// The AWS API operations one port operation sends, by its service and name: most send the one
/// they are named for; a few are a sequence (a look-up by name, a delete that empties first).
pub fn api_calls(service: &str, name: &'static str) -> Vec<&'static str> {
    match (service, name) {
        ("analyst", _) => vec![],
        // FindPermissionSet: each permission set's name is only in its description.
        ("sso-admin", "ListPermissionSets") => vec!["ListPermissionSets", "DescribePermissionSet"],
        // FindKeyByTag: the keys, their tags, then the one found.
        ("kms", "ListResourceTags") => vec!["ListKeys", "ListResourceTags", "DescribeKey"],
        // A role goes after its policies (IAM API reference, DeleteRole).
        ("iam", "DeleteRole") => vec![
            "ListRolePolicies",
            "DeleteRolePolicy",
            "ListAttachedRolePolicies",
            "DetachRolePolicy",
            "DeleteRole",
        ],
        // The settings are replaced whole: read, changed, written.
        ("lakeformation", "PutDataLakeSettings") => vec!["GetDataLakeSettings", "PutDataLakeSettings"],
        // DeleteObjectsUnder lists what it removes.
        ("s3", "DeleteObjects") => vec!["ListObjectsV2", "DeleteObjects"],
        (_, n) => vec![n],
    }
}

/// Whether a `service:Operation` call only takes something away: the calls a step lists for its
/// rollback, which applying it never makes.
pub fn is_cleanup_call(call: &str) -> bool {
    let name = call.split_once(':').map(|(_, n)| n).unwrap_or(call);
    [
        "Delete",
        "Remove",
        "Dissociate",
        "Revoke",
        "Deregister",
        "Detach",
        "Schedule",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

/// Whether applying a `service:Operation` call changes something: not a read, not a cleanup.
pub fn is_change_call(call: &str) -> bool {
    !is_read_call(call) && !is_cleanup_call(call)
}

/// The same for a `service:Operation` name, as the step files write them.
pub fn is_read_call(call: &str) -> bool {
    is_read_operation(call.split_once(':').map(|(_, n)| n).unwrap_or(call))
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
    DescribeAccountAssignmentDeletionStatus {
        instance_arn: String,
        request_id: String,
    },
    /// The managed policies attached to a permission set.
    ListManagedPoliciesInPermissionSet {
        instance_arn: String,
        permission_set_arn: String,
    },
    PutInlinePolicyToPermissionSet {
        instance_arn: String,
        permission_set_arn: String,
        document: String,
    },
    /// Pushes a changed permission set to every account it is assigned in.
    ProvisionPermissionSet {
        instance_arn: String,
        permission_set_arn: String,
    },
    DescribePermissionSetProvisioningStatus {
        instance_arn: String,
        request_id: String,
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
    /// The groups' display names (to choose the analysts' group from).
    ListGroups {
        identity_store_id: String,
    },
    /// The users' names.
    ListUsers {
        identity_store_id: String,
    },
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
    PutKeyPolicy {
        key_id: String,
        policy: String,
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
    UpdateAssumeRolePolicy {
        name: String,
        trust_policy: String,
    },
    DeleteRole {
        name: String,
        /// The inline policies the wizard put on it, for the CLI form (the SDK lists them).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        policies: Vec<String>,
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
        #[serde(default)]
        with_privileged_access: bool,
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
    /// Every provisioned cluster of the account in the Region (DescribeClusters without an id).
    ListClusters,
    /// Associates (add) or disassociates (remove) IAM roles with a provisioned cluster.
    ModifyClusterIamRoles {
        cluster: String,
        #[serde(default)]
        add: Vec<String>,
        #[serde(default)]
        remove: Vec<String>,
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
    /// The Query Editor v2 application of Identity Center, by name.
    FindQev2IdcApplication {
        name: String,
    },
    CreateQev2IdcApplication {
        name: String,
        display_name: String,
        idc_instance_arn: String,
    },
    DeleteQev2IdcApplication {
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
    /// Deletes the objects under a prefix that `filter` takes (a listing, then deletes): how
    /// teardown removes what the wizard's queries and Ethan's UNLOAD wrote, and nothing else.
    DeleteObjectsUnder {
        bucket: String,
        prefix: String,
        filter: ObjectFilter,
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
    DissociateAccessGrantsIdentityCenter {
        account_id: String,
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
    /// The AWS service the operation belongs to.
    pub fn service(&self) -> Service {
        use Op::*;
        match self {
            GetCallerIdentity => Service::Sts,
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
            | DescribeAccountAssignmentDeletionStatus { .. }
            | ListManagedPoliciesInPermissionSet { .. }
            | PutInlinePolicyToPermissionSet { .. }
            | ProvisionPermissionSet { .. }
            | DescribePermissionSetProvisioningStatus { .. }
            | ListApplicationAssignments { .. }
            | CreateApplicationAssignment { .. }
            | DeleteApplicationAssignment { .. } => Service::SsoAdmin,
            GetGroupId { .. } | GetUserId { .. } | ListGroups { .. } | ListUsers { .. } => Service::IdentityStore,
            FindKeyByTag { .. }
            | CreateKey { .. }
            | CreateAlias { .. }
            | DescribeKey { .. }
            | GetKeyPolicy { .. }
            | PutKeyPolicy { .. }
            | ReplicateKey { .. }
            | DeleteAlias { .. }
            | ScheduleKeyDeletion { .. } => Service::Kms,
            GetRole { .. }
            | CreateRole { .. }
            | PutRolePolicy { .. }
            | UpdateAssumeRolePolicy { .. }
            | DeleteRole { .. }
            | CreateServiceLinkedRole { .. } => Service::Iam,
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
            | ListPermissions { .. } => Service::LakeFormation,
            GetCatalog { .. } | CreateCatalog { .. } | DeleteCatalog { .. } => Service::Glue,
            FindTableBucket { .. }
            | CreateTableBucket { .. }
            | DeleteTableBucket { .. }
            | GetNamespace { .. }
            | CreateNamespace { .. }
            | DeleteNamespace { .. }
            | GetTable { .. }
            | DeleteTable { .. } => Service::S3Tables,
            StartQueryExecution { .. } | GetQueryExecution { .. } => Service::Athena,
            DescribeCluster { .. }
            | ListClusters
            | ModifyClusterIamRoles { .. }
            | FindRedshiftIdcApplication { .. }
            | CreateRedshiftIdcApplication { .. }
            | DeleteRedshiftIdcApplication { .. }
            | FindQev2IdcApplication { .. }
            | CreateQev2IdcApplication { .. }
            | DeleteQev2IdcApplication { .. } => Service::Redshift,
            ExecuteStatement { .. } | DescribeStatement { .. } => Service::RedshiftData,
            HeadBucket { .. }
            | CreateBucket { .. }
            | ListObjects { .. }
            | DeleteObjects { .. }
            | DeleteObjectsUnder { .. }
            | DeleteBucket { .. } => Service::S3,
            GetAccessGrantsInstance { .. }
            | CreateAccessGrantsInstance { .. }
            | AssociateAccessGrantsIdentityCenter { .. }
            | DissociateAccessGrantsIdentityCenter { .. }
            | DeleteAccessGrantsInstance { .. }
            | ListAccessGrantsLocations { .. }
            | CreateAccessGrantsLocation { .. }
            | DeleteAccessGrantsLocation { .. }
            | ListAccessGrants { .. }
            | CreateAccessGrant { .. }
            | DeleteAccessGrant { .. } => Service::S3Control,
            LookupEvents { .. } => Service::CloudTrail,
            RunAsAnalyst { .. } => Service::Analyst,
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
            DescribeAccountAssignmentDeletionStatus { .. } => "DescribeAccountAssignmentDeletionStatus",
            ListManagedPoliciesInPermissionSet { .. } => "ListManagedPoliciesInPermissionSet",
            PutInlinePolicyToPermissionSet { .. } => "PutInlinePolicyToPermissionSet",
            ProvisionPermissionSet { .. } => "ProvisionPermissionSet",
            DescribePermissionSetProvisioningStatus { .. } => "DescribePermissionSetProvisioningStatus",
            ListApplicationAssignments { .. } => "ListApplicationAssignments",
            CreateApplicationAssignment { .. } => "CreateApplicationAssignment",
            DeleteApplicationAssignment { .. } => "DeleteApplicationAssignment",
            GetGroupId { .. } => "GetGroupId",
            ListGroups { .. } => "ListGroups",
            ListUsers { .. } => "ListUsers",
            GetUserId { .. } => "GetUserId",
            FindKeyByTag { .. } => "ListResourceTags",
            CreateKey { .. } => "CreateKey",
            CreateAlias { .. } => "CreateAlias",
            DescribeKey { .. } => "DescribeKey",
            GetKeyPolicy { .. } => "GetKeyPolicy",
            PutKeyPolicy { .. } => "PutKeyPolicy",
            ReplicateKey { .. } => "ReplicateKey",
            DeleteAlias { .. } => "DeleteAlias",
            ScheduleKeyDeletion { .. } => "ScheduleKeyDeletion",
            GetRole { .. } => "GetRole",
            CreateRole { .. } => "CreateRole",
            PutRolePolicy { .. } => "PutRolePolicy",
            UpdateAssumeRolePolicy { .. } => "UpdateAssumeRolePolicy",
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
            DescribeCluster { .. } | ListClusters => "DescribeClusters",
            ModifyClusterIamRoles { .. } => "ModifyClusterIamRoles",
            FindRedshiftIdcApplication { .. } => "DescribeRedshiftIdcApplications",
            CreateRedshiftIdcApplication { .. } => "CreateRedshiftIdcApplication",
            DeleteRedshiftIdcApplication { .. } => "DeleteRedshiftIdcApplication",
            FindQev2IdcApplication { .. } => "DescribeQev2IdcApplications",
            CreateQev2IdcApplication { .. } => "CreateQev2IdcApplication",
            DeleteQev2IdcApplication { .. } => "DeleteQev2IdcApplication",
            ExecuteStatement { .. } => "ExecuteStatement",
            DescribeStatement { .. } => "DescribeStatement",
            HeadBucket { .. } => "HeadBucket",
            CreateBucket { .. } => "CreateBucket",
            ListObjects { .. } => "ListObjectsV2",
            DeleteObjects { .. } | DeleteObjectsUnder { .. } => "DeleteObjects",
            DeleteBucket { .. } => "DeleteBucket",
            GetAccessGrantsInstance { .. } => "GetAccessGrantsInstance",
            CreateAccessGrantsInstance { .. } => "CreateAccessGrantsInstance",
            AssociateAccessGrantsIdentityCenter { .. } => "AssociateAccessGrantsIdentityCenter",
            DissociateAccessGrantsIdentityCenter { .. } => "DissociateAccessGrantsIdentityCenter",
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
        !(is_read_operation(self.name()) || matches!(self, Op::RunAsAnalyst { .. }) || self.is_select())
    }

    /// A statement that only reads (the checks of `status --live` on the cluster's system views).
    pub fn is_select(&self) -> bool {
        matches!(self, Op::ExecuteStatement { sql, .. } if sql.trim_start().get(..7).is_some_and(|w| w.eq_ignore_ascii_case("SELECT ")))
    }
}
