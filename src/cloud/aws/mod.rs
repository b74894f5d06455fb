//! The Cloud port on the AWS SDK for Rust: one file per AWS service, clients built once per
//! (profile, Region) and reused, the SDK's standard retries, and errors mapped to what a person
//! can act on. `--endpoint-url` (or the standard AWS_ENDPOINT_URL variables) points it at an
//! emulator such as moto_server.

mod athena;
mod cloudtrail;
pub mod credentials;
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

use super::{Clock, Cloud, CloudError, Op, RealClock, Reply, Service, Target};
#[allow(unused_imports)]
use crate::cloud::*;
use errors::OrCloud;
use std::collections::HashMap;
use std::sync::Arc;

pub use errors::map_error;

/// The SDK clients of one profile and Region. Clients made from one configuration share its
/// HTTP connection pool.
#[derive(Clone, Debug)]
pub struct Clients {
    pub sts: aws_sdk_sts::Client,
    pub sso: aws_sdk_ssoadmin::Client,
    pub identity_store: aws_sdk_identitystore::Client,
    pub kms: aws_sdk_kms::Client,
    pub iam: aws_sdk_iam::Client,
    pub lakeformation: aws_sdk_lakeformation::Client,
    pub glue: aws_sdk_glue::Client,
    pub s3tables: aws_sdk_s3tables::Client,
    pub athena: aws_sdk_athena::Client,
    pub redshift: aws_sdk_redshift::Client,
    pub redshift_data: aws_sdk_redshiftdata::Client,
    pub s3: aws_sdk_s3::Client,
    pub s3control: aws_sdk_s3control::Client,
    pub cloudtrail: aws_sdk_cloudtrail::Client,
}

impl Clients {
    /// `emulator`: address S3 by path, as emulators need (real AWS prefers virtual hosts).
    pub fn from_conf(conf: &aws_config::SdkConfig, emulator: bool) -> Clients {
        Clients {
            sts: aws_sdk_sts::Client::new(conf),
            sso: aws_sdk_ssoadmin::Client::new(conf),
            identity_store: aws_sdk_identitystore::Client::new(conf),
            kms: aws_sdk_kms::Client::new(conf),
            iam: aws_sdk_iam::Client::new(conf),
            lakeformation: aws_sdk_lakeformation::Client::new(conf),
            glue: aws_sdk_glue::Client::new(conf),
            s3tables: aws_sdk_s3tables::Client::new(conf),
            athena: aws_sdk_athena::Client::new(conf),
            redshift: aws_sdk_redshift::Client::new(conf),
            redshift_data: aws_sdk_redshiftdata::Client::new(conf),
            s3: aws_sdk_s3::Client::from_conf(
                aws_sdk_s3::config::Builder::from(conf)
                    .force_path_style(emulator)
                    .build(),
            ),
            s3control: if emulator {
                aws_sdk_s3control::Client::from_conf(
                    aws_sdk_s3control::config::Builder::from(conf)
                        .interceptor(NoAccountHost)
                        .build(),
                )
            } else {
                aws_sdk_s3control::Client::new(conf)
            },
            cloudtrail: aws_sdk_cloudtrail::Client::new(conf),
        }
    }
}

/// S3 Control puts the account id in front of the host (123456789012.s3-control...); an
/// emulator at one address answers only its own host, so with --endpoint-url the prefix goes.
#[derive(Debug)]
struct NoAccountHost;

impl aws_smithy_runtime_api::client::interceptors::Intercept for NoAccountHost {
    fn name(&self) -> &'static str {
        "NoAccountHost"
    }

    fn modify_before_transmit(
        &self,
        context: &mut aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut<'_>,
        _: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        _: &mut aws_smithy_types::config_bag::ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        let uri = context.request().uri().to_string();
        if let Some((scheme, rest)) = uri.split_once("://")
            && let Some((first, host)) = rest.split_once('.')
            && first.len() == 12
            && first.chars().all(|c| c.is_ascii_digit())
        {
            context.request_mut().set_uri(format!("{scheme}://{host}"))?;
        }
        Ok(())
    }
}

type Key = (Option<String>, String);

pub struct AwsCloud {
    endpoint_url: Option<String>,
    max_attempts: u32,
    clients: tokio::sync::Mutex<HashMap<Key, Clients>>,
    clock: Arc<dyn Clock>,
}

impl AwsCloud {
    pub fn new(endpoint_url: Option<String>) -> AwsCloud {
        AwsCloud {
            // An emulator's errors (an operation it lacks answers 500) are not worth waiting on.
            max_attempts: if endpoint_url.is_some() { 2 } else { 5 },
            endpoint_url,
            clients: tokio::sync::Mutex::new(HashMap::new()),
            clock: Arc::new(RealClock),
        }
    }

    /// Waits between polls on this clock (tests give a virtual one).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> AwsCloud {
        self.clock = clock;
        self
    }

    /// Uses these clients for a profile and Region (tests give mocked ones).
    pub async fn insert_clients(&self, profile: Option<&str>, region: &str, clients: Clients) {
        self.clients
            .lock()
            .await
            .insert((profile.map(str::to_string), region.to_string()), clients);
    }

    /// Where a service's calls go: the endpoint given, or the service's public endpoint.
    fn endpoint(&self, t: &Target, service: Service) -> String {
        if let Some(url) = &self.endpoint_url {
            return url.clone();
        }
        if let Ok(url) = std::env::var("AWS_ENDPOINT_URL") {
            return url;
        }
        let host = match service {
            Service::SsoAdmin => "sso",
            Service::Iam => return "https://iam.amazonaws.com".into(),
            Service::S3Control => return format!("https://{}.s3-control.{}.amazonaws.com", t.account_id, t.region),
            other => other.cli_name(),
        };
        format!("https://{host}.{}.amazonaws.com", t.region)
    }

    /// The clients of a profile and Region, made once credentials have been had: a failure is
    /// reported in words and not kept (the SDK's profile provider gives its error only once).
    async fn clients(&self, t: &Target, op: &Op) -> Result<Clients, CloudError> {
        let key = (t.profile.clone(), t.region.clone());
        let mut map = self.clients.lock().await;
        if let Some(c) = map.get(&key) {
            return Ok(c.clone());
        }
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(t.region.clone()))
            .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(self.max_attempts));
        if let Some(p) = &t.profile {
            loader = loader.profile_name(p);
        }
        if let Some(url) = &self.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let conf = loader.load().await;
        credentials::check(&conf, t.profile.as_deref(), op.name()).await?;
        let emulator = self.endpoint_url.is_some() || std::env::var_os("AWS_ENDPOINT_URL").is_some();
        let c = Clients::from_conf(&conf, emulator);
        map.insert(key, c.clone());
        Ok(c)
    }
}

#[async_trait::async_trait]
impl Cloud for AwsCloud {
    async fn call(&self, target: &Target, op: &Op) -> Result<Reply, CloudError> {
        let c = self.clients(target, op).await?;
        let result = match op.service() {
            Service::Sts => sts::call(&c, target, op).await,
            Service::SsoAdmin => sso_admin::call(&c, target, op).await,
            Service::IdentityStore => identity_store::call(&c, target, op).await,
            Service::Kms => kms::call(&c, target, op).await,
            Service::Iam => iam::call(&c, target, op).await,
            Service::LakeFormation => lake_formation::call(&c, target, op).await,
            Service::Glue => glue::call(&c, target, op).await,
            Service::S3Tables => s3tables::call(&c, target, op).await,
            Service::Athena => athena::call(&c, target, op).await,
            Service::Redshift => redshift::call(&c, target, op).await,
            Service::RedshiftData => redshift_data::call(&c, target, op).await,
            Service::S3 => s3::call(&c, target, op).await,
            Service::S3Control => s3control::call(&c, target, op).await,
            Service::CloudTrail => cloudtrail::call(&c, self.clock.as_ref(), target, op).await,
            Service::Analyst => Err(CloudError::Unsupported {
                op: op.name().into(),
                why: "on real AWS the analyst runs his SQL himself; the wizard checks the outcome".into(),
            }),
        };
        result.map_err(|e| match e {
            CloudError::Unreachable { op: name, reason, .. } => CloudError::Unreachable {
                op: name,
                endpoint: self.endpoint(target, op.service()),
                reason,
            },
            other => other,
        })
    }

    fn name(&self) -> &'static str {
        "aws"
    }

    fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }
}

/// An operation handed to the wrong service's file: a routing bug, never an AWS answer.
fn misrouted(op: &Op) -> CloudError {
    CloudError::Other {
        op: op.name().into(),
        message: format!("the {} adapter does not handle {}", op.service(), op.name()),
    }
}

fn missing(op: &Op, what: &str) -> CloudError {
    CloudError::Other {
        op: op.name().into(),
        message: format!("the answer had no {what}"),
    }
}

fn none_if_missing<T>(r: Result<T, CloudError>) -> Result<Option<T>, CloudError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(CloudError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}
