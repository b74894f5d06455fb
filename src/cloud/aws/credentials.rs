//! Credentials problems in plain words: no credentials, a profile that is not in the files, an
//! SSO sign-in to renew, a credential_process that fails, keys AWS refuses. Each is one sentence
//! and the fix, never the SDK's debug structure.
//!
//! The SDK reports a failure to get credentials as a dispatch failure whose connector error
//! holds a CredentialsError; what happened is in the chain of errors below it (some only as
//! text: the SSO token provider and credential_process give strings).

use crate::cloud::CloudError;
use aws_credential_types::provider::error::{CredentialsError, TokenError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::error::Error as StdError;

/// What went wrong while getting credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The default chain found nothing.
    NoCredentials,
    /// A named profile that is in neither file.
    MissingProfile,
    /// The SSO sign-in is missing or has expired.
    SsoLoginNeeded,
    CredentialProcessFailed(String),
    /// AWS refused a call made while getting them (assuming the profile's role).
    Rejected {
        code: String,
        message: String,
    },
    BadConfig(String),
    Other(String),
}

/// Wrapper texts that tell nothing; the useful text is below them.
const GENERIC: &[&str] = &[
    "the credential provider was not enabled",
    "the credentials provider was not properly configured",
    "an error occurred while loading credentials",
    "unexpected credentials error",
    "the access token provider was not enabled",
    "an error occurred while loading an access token",
    "service error",
    "dispatch failure",
    "other",
];

fn chain<'a>(e: &'a (dyn StdError + 'static)) -> impl Iterator<Item = &'a (dyn StdError + 'static)> + 'a {
    std::iter::successors(Some(e), |&e: &&'a (dyn StdError + 'static)| e.source())
}

/// The service error of a call the credential providers make (SSO portal, STS).
fn inner_refusal(e: &(dyn StdError + 'static)) -> Option<(String, String)> {
    macro_rules! refused {
        ($($t:ty),*) => {$(
            if let Some(SdkError::ServiceError(se)) = e.downcast_ref::<SdkError<$t, HttpResponse>>() {
                let err = se.err();
                return Some((err.code().unwrap_or("Unknown").to_string(), err.message().unwrap_or_default().to_string()));
            }
        )*};
    }
    refused!(
        aws_sdk_sso::operation::get_role_credentials::GetRoleCredentialsError,
        aws_sdk_sts::operation::assume_role::AssumeRoleError,
        aws_sdk_sts::operation::assume_role_with_web_identity::AssumeRoleWithWebIdentityError
    );
    None
}

/// The problem behind a CredentialsError (from a call, or from asking the provider directly).
pub fn classify(top: &CredentialsError) -> Problem {
    let below: Vec<&(dyn StdError + 'static)> = chain(top).skip(1).collect();
    let texts: Vec<String> = below.iter().map(|e| e.to_string()).collect();
    let detail = texts
        .iter()
        .filter(|t| !GENERIC.contains(&t.as_str()))
        .cloned()
        .collect::<Vec<_>>()
        .join(": ");
    let any = |needle: &str| texts.iter().any(|t| t.contains(needle));
    for e in &below {
        if let Some((code, message)) = inner_refusal(*e) {
            // The portal's 401 is an SSO session that has run out.
            if code == "UnauthorizedException" {
                return Problem::SsoLoginNeeded;
            }
            return Problem::Rejected { code, message };
        }
    }
    if below.iter().any(|e| e.is::<TokenError>()) || any("SSO token") || any("/.aws/sso/cache/") {
        return Problem::SsoLoginNeeded;
    }
    if any("external process") {
        return Problem::CredentialProcessFailed(detail);
    }
    match top {
        CredentialsError::CredentialsNotLoaded(_) if any("was not defined") => Problem::MissingProfile,
        CredentialsError::CredentialsNotLoaded(_) => Problem::NoCredentials,
        CredentialsError::InvalidConfiguration(_) => Problem::BadConfig(detail),
        _ if any("already taken") => Problem::BadConfig("the profile could not be loaded".into()),
        _ => Problem::Other(if detail.is_empty() { top.to_string() } else { detail }),
    }
}

/// The problem, if the error is a failure to get credentials.
pub fn from_sdk<E: StdError + 'static, R: std::fmt::Debug>(err: &SdkError<E, R>) -> Option<Problem> {
    let SdkError::DispatchFailure(df) = err else {
        return None;
    };
    let connector = df.as_connector_error()?;
    if !connector.is_other() {
        return None;
    }
    let source = connector.source()?;
    if source.to_string().starts_with("identity resolver timed out") {
        return Some(Problem::Other("getting credentials took too long".into()));
    }
    Some(classify(source.downcast_ref::<CredentialsError>()?))
}

/// The problem as one sentence and its fix, for the profile (None: the default chain).
pub fn sentence(problem: &Problem, profile: Option<&str>) -> String {
    let named = |p: &str| format!("profile {p}");
    let who = profile.map(named).unwrap_or_else(|| "the default credentials".into());
    match (problem, profile) {
        (Problem::NoCredentials, None) => "no AWS credentials were found (no profile chosen, no AWS_ACCESS_KEY_ID, \
             no SSO sign-in, no instance role): set the persona's profile to one in ~/.aws/config, or run \
             `aws configure`"
            .into(),
        (Problem::NoCredentials, Some(p)) | (Problem::MissingProfile, Some(p)) => format!(
            "profile {p} is not in {}: create it (aws configure --profile {p}, or aws configure sso) or choose \
             one that is there",
            files()
        ),
        (Problem::MissingProfile, None) => format!("the profile named by AWS_PROFILE is not in {}", files()),
        (Problem::SsoLoginNeeded, Some(p)) => {
            format!("the SSO sign-in of profile {p} has expired or never happened: run `aws sso login --profile {p}`")
        }
        (Problem::SsoLoginNeeded, None) => "the SSO sign-in has expired or never happened: run `aws sso login`".into(),
        (Problem::CredentialProcessFailed(d), _) => {
            format!("the credential_process of {who} failed ({d}): fix the command in ~/.aws/config")
        }
        (Problem::Rejected { code, message }, _) => format!(
            "AWS refused the credentials {who} starts from while assuming its role ({code}: {message}): check \
             the source profile's keys, and that the Region is enabled for the account"
        ),
        (Problem::BadConfig(d), _) => {
            format!("{who} is set up in a way the SDK cannot use ({d}): fix it in ~/.aws/config")
        }
        (Problem::Other(d), _) => format!("the credentials of {who} could not be had ({d})"),
    }
}

/// The files a profile is looked for in.
fn files() -> String {
    let config = std::env::var("AWS_CONFIG_FILE").unwrap_or_else(|_| "~/.aws/config".into());
    let credentials = std::env::var("AWS_SHARED_CREDENTIALS_FILE").unwrap_or_else(|_| "~/.aws/credentials".into());
    format!("{config} or {credentials}")
}

/// A profile of the shared files, and how it gets its credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileInfo {
    pub name: String,
    /// static keys, SSO, role, credential process, web identity, or none
    pub kind: &'static str,
}

/// The profiles of the shared config and credentials files (honouring AWS_CONFIG_FILE and
/// AWS_SHARED_CREDENTIALS_FILE), each with how it gets credentials.
pub async fn profiles() -> Vec<ProfileInfo> {
    let fs = aws_types::os_shim_internal::Fs::real();
    let env = aws_types::os_shim_internal::Env::real();
    let files = aws_runtime::env_config::file::EnvConfigFiles::default();
    let Ok(set) = aws_config::profile::load(&fs, &env, &files, None).await else {
        return vec![];
    };
    let mut out: Vec<ProfileInfo> = set
        .profiles()
        .filter_map(|name| {
            let p = set.get_profile(name)?;
            let kind = if p.get("role_arn").is_some() && p.get("web_identity_token_file").is_some() {
                "web identity"
            } else if p.get("role_arn").is_some() {
                "role"
            } else if p.get("sso_session").is_some() || p.get("sso_start_url").is_some() {
                "SSO"
            } else if p.get("credential_process").is_some() {
                "credential process"
            } else if p.get("aws_access_key_id").is_some() {
                "static keys"
            } else {
                "no credentials"
            };
            Some(ProfileInfo {
                name: name.to_string(),
                kind,
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Checks, before any call, that a named profile exists and that credentials can be had.
pub async fn check(conf: &aws_config::SdkConfig, profile: Option<&str>, op: &str) -> Result<(), CloudError> {
    let fail = |problem: Problem| CloudError::Credentials {
        op: op.to_string(),
        message: sentence(&problem, profile),
    };
    if let Some(p) = profile
        && !profiles().await.iter().any(|i| i.name == p)
    {
        return Err(fail(Problem::MissingProfile));
    }
    let Some(provider) = conf.credentials_provider() else {
        return Err(fail(Problem::NoCredentials));
    };
    use aws_credential_types::provider::ProvideCredentials;
    provider
        .provide_credentials()
        .await
        .map(|_| ())
        .map_err(|e| fail(classify(&e)))
}
