//! The AWS adapter against mocked SDK clients, one file per AWS service like the adapter itself:
//! what each request carries, how answers and errors read, retries after throttling, and
//! waiters that give up.

mod athena;
mod cloudtrail;
mod errors;
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

use aws_sdk_kms::types::KeyMetadata;
use std::sync::Arc;
use tipwiz::cloud::aws::{AwsCloud, Clients};
use tipwiz::cloud::{Cloud, CloudError, Op, Reply, Target, VirtualClock};

pub fn target() -> Target {
    crate::common::target("111122223333", "us-east-1")
}

pub const INSTANCE: &str = "arn:aws:sso:::instance/ssoins-1234567890abcdef";

macro_rules! unused {
    ($krate:ident) => {
        $krate::Client::from_conf($krate::Config::builder().with_test_defaults_v2().build())
    };
}

/// Clients with no mocks: any call to them fails the test (no HTTP client answers).
pub fn idle_clients() -> Clients {
    Clients {
        sts: unused!(aws_sdk_sts),
        sso: unused!(aws_sdk_ssoadmin),
        identity_store: unused!(aws_sdk_identitystore),
        kms: unused!(aws_sdk_kms),
        iam: unused!(aws_sdk_iam),
        lakeformation: unused!(aws_sdk_lakeformation),
        glue: unused!(aws_sdk_glue),
        s3tables: unused!(aws_sdk_s3tables),
        athena: unused!(aws_sdk_athena),
        redshift: unused!(aws_sdk_redshift),
        redshift_data: unused!(aws_sdk_redshiftdata),
        s3: unused!(aws_sdk_s3),
        s3control: unused!(aws_sdk_s3control),
        cloudtrail: unused!(aws_sdk_cloudtrail),
    }
}

/// Idle clients but for the identity services given.
pub fn clients(
    sts: Option<aws_sdk_sts::Client>,
    sso: Option<aws_sdk_ssoadmin::Client>,
    ids: Option<aws_sdk_identitystore::Client>,
    kms: Option<aws_sdk_kms::Client>,
) -> Clients {
    let mut c = idle_clients();
    if let Some(x) = sts {
        c.sts = x;
    }
    if let Some(x) = sso {
        c.sso = x;
    }
    if let Some(x) = ids {
        c.identity_store = x;
    }
    if let Some(x) = kms {
        c.kms = x;
    }
    c
}

pub fn cloud(c: Clients) -> AwsCloud {
    let cloud = AwsCloud::new(None).with_clock(Arc::new(VirtualClock::new(0)));
    crate::common::rt().block_on(cloud.insert_clients(None, "us-east-1", c));
    cloud
}

pub fn call(cloud: &AwsCloud, op: Op) -> Result<Reply, CloudError> {
    crate::common::rt().block_on(cloud.call(&target(), &op))
}

pub fn meta(id: &str, region: &str) -> KeyMetadata {
    KeyMetadata::builder()
        .key_id(id)
        .arn(format!("arn:aws:kms:{region}:111122223333:key/{id}"))
        .key_state(aws_sdk_kms::types::KeyState::Enabled)
        .multi_region(true)
        .build()
        .unwrap()
}
