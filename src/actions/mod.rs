//! Each step's action: look up what exists, adopt it or create it, verify, and record how to undo.
//!
//! Actions are written against the Cloud port through [`Cx`], never against an SDK. Every
//! create is preceded by a look-up (by name, alias or tag), so running an action twice, or
//! after a crash between a call and its record, never makes a duplicate. Rollback needs no
//! code here: each change records the call that undoes it, and the engine replays those.

mod analyst;
pub mod cx;
mod identity;
mod lake;
pub mod policy;
mod shared;
mod storage;

use crate::cloud::Target;
use cx::{Cx, StepError};

/// What someone who did not run a step sees of it in the cloud.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// In place: its outputs are read from the cloud (set on the step's record).
    InPlace,
    /// Not (or not wholly) there, and why.
    Missing(String),
    /// It cannot be seen with these credentials, and why.
    Unseeable(String),
}

#[async_trait::async_trait]
pub trait Action: Send + Sync {
    /// Brings the step's resources into being (or finds them) and records outputs and undo calls.
    async fn apply(&self, cx: &Cx) -> Result<(), StepError>;
    /// Re-checks, read-only, that what the step made is still in place (`status --live`).
    async fn verify(&self, _cx: &Cx) -> Result<(), StepError> {
        Ok(())
    }

    /// The AWS CLI commands that put right what `verify` found wrong, where a single call can:
    /// the evidence is in verify's message, the repair here.
    async fn repair(&self, _cx: &Cx) -> Vec<String> {
        vec![]
    }

    /// Looks, read-only, for what the step makes, as someone who did not run it: another
    /// person, with the credentials of `observer` (a target of the persona asking). Steps whose
    /// outputs others read set them here. By default a step is judged by its own checks, which
    /// can only be made from its own account and only when they need no output of its own.
    async fn observe(&self, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
        observe_by_checks(self, cx, observer).await
    }
}

/// A step judged by its own checks: only from its own account, and only when they need no
/// output of its own.
pub async fn observe_by_checks<A: Action + ?Sized>(action: &A, cx: &Cx, observer: &Target) -> Result<Seen, StepError> {
    {
        if !same_credentials(&cx.target(), observer) {
            return Ok(Seen::Unseeable(format!(
                "its resources are in account {}, and these credentials are for account {}",
                cx.target().account_id,
                observer.account_id
            )));
        }
        match action.verify(cx).await {
            Ok(()) => Ok(Seen::InPlace),
            Err(StepError::Check(why)) if why.contains("has not recorded") => Ok(Seen::Unseeable(why)),
            Err(StepError::Check(why)) => Ok(Seen::Missing(why)),
            Err(StepError::Cloud {
                error: crate::cloud::CloudError::AccessDenied { message, .. },
                ..
            }) => Ok(Seen::Unseeable(message)),
            Err(e) => Err(e),
        }
    }
}

/// Whether two targets are reached with the same credentials (account and profile).
pub fn same_credentials(a: &Target, b: &Target) -> bool {
    a.account_id == b.account_id && a.profile == b.profile
}

/// A step a person does; confirming it is all there is to apply.
struct Manual;

#[async_trait::async_trait]
impl Action for Manual {
    async fn apply(&self, cx: &Cx) -> Result<(), StepError> {
        cx.set_out("confirmed", "yes")
    }
}

type Make = fn() -> Box<dyn Action>;

const REGISTRY: &[(&str, Make)] = &[
    ("manual", || Box::new(Manual)),
    ("alice.preflight", || Box::new(identity::AlicePreflight)),
    ("kms.create-key", || Box::new(identity::CreateKey)),
    ("kms.replicate-key", || Box::new(identity::ReplicateKey)),
    ("idc.encryption", || Box::new(identity::Encryption)),
    ("idc.add-region", || Box::new(identity::AddRegion)),
    ("idc.permission-set", || Box::new(identity::PermissionSet)),
    ("idc.assign-group", || Box::new(identity::AssignGroup)),
    ("bob.preflight", || Box::new(lake::BobPreflight)),
    ("lf.defaults", || Box::new(lake::Defaults)),
    ("lf.readonly-admin", || Box::new(lake::ReadOnlyAdmin)),
    ("lf.idc", || Box::new(lake::IdentityCenter)),
    ("lf.role", || Box::new(lake::DataAccessRole)),
    ("lf.register-s3tables", || Box::new(lake::RegisterS3Tables)),
    ("s3tables.bucket", || Box::new(lake::TableBucket)),
    ("lf.admin-grant", || Box::new(lake::AdminGrant)),
    ("athena.sample-table", || Box::new(lake::SampleTable)),
    ("lf.group-grants", || Box::new(lake::GroupGrants)),
    ("s3.bucket", || Box::new(storage::Bucket)),
    ("s3control.access-grants", || Box::new(storage::AccessGrants)),
    ("redshift.idc-app", || Box::new(storage::RedshiftApp)),
    ("redshift.tables", || Box::new(storage::RedshiftTables)),
    ("analyst.sign-in", || Box::new(analyst::SignIn)),
    ("analyst.select", || Box::new(analyst::Select)),
    ("analyst.unload", || Box::new(analyst::Unload)),
    ("analyst.copy-join", || Box::new(analyst::CopyJoin)),
    ("analyst.denied", || Box::new(analyst::Denied)),
    ("verify.cloudtrail", || Box::new(analyst::CloudTrail)),
];

/// Every action id a step file may name.
pub fn ids() -> Vec<&'static str> {
    REGISTRY.iter().map(|(n, _)| *n).collect()
}

/// The built-in walkthrough, its action ids checked against this registry.
pub fn catalog() -> Result<crate::catalog::Catalog, crate::catalog::CatalogError> {
    crate::catalog::Catalog::builtin(&ids())
}

pub fn action(id: &str) -> Option<Box<dyn Action>> {
    REGISTRY.iter().find(|(n, _)| *n == id).map(|(_, make)| make())
}

/// What is left in the way when an undo fails, for the message: a bucket that is not empty
/// names what it still holds (objects the wizard did not write are never deleted; the person
/// decides). Empty when there is nothing to add.
pub async fn explain_undo_failure(cx: &Cx, undo: &crate::journal::Undo) -> String {
    if let crate::cloud::Op::DeleteBucket { name } = &undo.op
        && let Ok(r) = cx
            .call_at(
                &undo.target,
                crate::cloud::Op::ListObjects {
                    bucket: name.clone(),
                    prefix: String::new(),
                },
            )
            .await
        && let Ok(keys) = r.ids()
        && !keys.is_empty()
    {
        let shown: Vec<&str> = keys.iter().take(5).map(String::as_str).collect();
        return format!(
            ". The bucket still holds {} object(s) tipwiz did not write ({}{}): delete them, or keep the bucket, then run teardown again",
            keys.len(),
            shown.join(", "),
            if keys.len() > 5 { ", ..." } else { "" }
        );
    }
    String::new()
}

pub use analyst::sql_for;
pub use lake::check_registration;
pub use shared::{group_principal, table_bucket_catalog};
