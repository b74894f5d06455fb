//! SDK errors as [`CloudError`]s a person can act on.

use crate::cloud::{CloudError, Op, Target};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// Maps an SDK error by its error code; the message names the operation and, for a denial,
/// the permission the caller lacks.
pub fn map_error<E, R>(
    target: &Target,
    op: &Op,
    err: aws_smithy_runtime_api::client::result::SdkError<E, R>,
) -> CloudError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    use aws_smithy_runtime_api::client::result::SdkError;
    let name = op.name().to_string();
    let (code, message) = match &err {
        SdkError::ServiceError(e) => {
            // The code comes from the response; a modeled error made without metadata still
            // names its kind first in its Debug form (NotFoundException(...)).
            let code = e.err().code().map(str::to_string).unwrap_or_else(|| {
                format!("{:?}", e.err())
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .next()
                    .unwrap_or("Unknown")
                    .to_string()
            });
            (code, e.err().message().unwrap_or_default().to_string())
        }
        SdkError::DispatchFailure(e) => {
            return CloudError::Other {
                op: name,
                message: format!(
                    "could not reach AWS in {} ({e:?}); check the network, the endpoint and that the Region is enabled",
                    target.region
                ),
            };
        }
        SdkError::TimeoutError(_) => {
            return CloudError::Other {
                op: name,
                message: "the call timed out".into(),
            };
        }
        other => ("Unknown".to_string(), format!("{other:?}")),
    };
    let permission = format!("{}:{}", op.service().iam_prefix(), op.name());
    match code.as_str() {
        "AccessDeniedException" | "AccessDenied" | "AccessDeniedFault" | "UnauthorizedOperation" => {
            CloudError::AccessDenied {
                op: name,
                message: format!(
                    "the caller needs {permission} in account {} ({message})",
                    target.account_id
                ),
            }
        }
        "ThrottlingException" | "Throttling" | "TooManyRequestsException" | "RequestLimitExceeded" => {
            CloudError::Throttled { op: name }
        }
        // Services spell these many ways: ResourceNotFoundException, NoSuchEntity,
        // ClusterNotFound(Fault), EntityNotFoundException, NoSuchBucket,
        // AccessGrantsInstanceNotExistsError...
        c if c.contains("NotFound") || c.contains("NotExist") || c.starts_with("NoSuch") => CloudError::NotFound {
            what: format!("{name}: {message}"),
        },
        c if c.contains("AlreadyExists") || c.contains("AlreadyOwnedByYou") || c.starts_with("Conflict") => {
            CloudError::AlreadyExists {
                what: format!("{name}: {message}"),
            }
        }
        "UnrecognizedClientException" | "InvalidClientTokenId" => CloudError::Invalid {
            op: name,
            message: format!(
                "AWS does not recognise the credentials in {}: the Region may not be enabled for account {}, or the profile's keys are wrong ({message})",
                target.region, target.account_id
            ),
        },
        "ExpiredToken" | "ExpiredTokenException" => CloudError::Invalid {
            op: name,
            message: "the credentials have expired: sign in again (for SSO profiles, aws sso login)".into(),
        },
        c if c.starts_with("Validation") || c.starts_with("Invalid") || c.ends_with("ValidationException") => {
            CloudError::Invalid {
                op: name,
                message: format!("{c}: {message}"),
            }
        }
        c => CloudError::Other {
            op: name,
            message: format!("{c}: {message}"),
        },
    }
}

/// `.or_cloud(t, op)` on an SDK result: its error as a [`CloudError`].
pub(super) trait OrCloud<T> {
    fn or_cloud(self, target: &Target, op: &Op) -> Result<T, CloudError>;
}

impl<T, E, R> OrCloud<T> for Result<T, aws_smithy_runtime_api::client::result::SdkError<E, R>>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    fn or_cloud(self, target: &Target, op: &Op) -> Result<T, CloudError> {
        self.map_err(|e| map_error(target, op, e))
    }
}
