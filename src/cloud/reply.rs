//! An adapter's answers: one kind per operation.

use super::model::*;
use serde::{Deserialize, Serialize};

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
    Clusters(Vec<ClusterInfo>),
    IdcApp(IdcApp),
    MaybeIdcApp(Option<IdcApp>),
    Qev2App(Qev2App),
    MaybeQev2App(Option<Qev2App>),
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
    clusters => Clusters(Vec<ClusterInfo>),
    idc_app => IdcApp(IdcApp),
    maybe_idc_app => MaybeIdcApp(Option<IdcApp>),
    qev2_app => Qev2App(Qev2App),
    maybe_qev2_app => MaybeQev2App(Option<Qev2App>),
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
