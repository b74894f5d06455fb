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
    if let Some(problem) = super::credentials::from_sdk(&err) {
        return CloudError::Credentials {
            op: name,
            message: super::credentials::sentence(&problem, target.profile.as_deref()),
        };
    }
    let (code, message) = match &err {
        SdkError::ServiceError(e) => {
            // The code comes from the response; a modeled error made without metadata still
            // names its kind first in its Debug form (NotFoundException(...)).
            let kind = format!("{:?}", e.err())
                .split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("Unknown")
                .to_string();
            let code = match e.err().code() {
                Some(c) => c.to_string(),
                // AWS always names its error; an unmodeled answer without a code (an HTML
                // error page) comes from something else at the endpoint, such as an emulator
                // that lacks the operation.
                None if kind == "Unhandled" => {
                    return CloudError::Unsupported {
                        op: name,
                        why: "the endpoint answered without an AWS error code (an emulator without this operation?)"
                            .into(),
                    };
                }
                None => kind,
            };
            // The message sits in the metadata when parsed from a response; a modeled error
            // made by hand carries it only in its own field, which Display shows.
            let message = match e.err().message() {
                Some(m) if !m.is_empty() => m.to_string(),
                _ => {
                    let shown = e.err().to_string();
                    shown.strip_prefix(&format!("{code}: ")).unwrap_or(&shown).to_string()
                }
            };
            // The request id AWS gave the failed call (the x-amzn-RequestId header, kept by the
            // SDK as "aws_request_id"): what AWS Support and CloudTrail ask for.
            let message = match e.err().meta().extra("aws_request_id") {
                Some(id) if !id.is_empty() => format!("{message} [request id {id}]"),
                _ => message,
            };
            (code, message)
        }
        SdkError::DispatchFailure(e) => {
            return CloudError::Unreachable {
                op: name,
                endpoint: String::new(),
                reason: dispatch_reason(e),
            };
        }
        SdkError::TimeoutError(_) => {
            return CloudError::Unreachable {
                op: name,
                endpoint: String::new(),
                reason: "no answer before the timeout".into(),
            };
        }
        other => ("Unknown".to_string(), format!("{other:?}")),
    };
    // The actions the Service Authorization Reference names for the call (its own first).
    let call = format!("{}:{}", op.service().cli_name(), op.name());
    let actions = crate::cloud::permissions::actions_of(&call);
    let permission = if actions.is_empty() {
        format!("{}:{}", op.service().iam_prefix(), op.name())
    } else {
        actions.join(" and ")
    };
    classify(&code, &message, &name, &permission, target)
}

/// The error codes the service models define, grouped by what a person or the wizard does next.
fn classify(code: &str, message: &str, name: &str, permission: &str, target: &Target) -> CloudError {
    let name = name.to_string();
    match code {
        // S3 Tables says ForbiddenException and Redshift DependentServiceAccessDenied(Fault)
        // where other services say AccessDenied (their service models' error shapes).
        "AccessDeniedException"
        | "AccessDenied"
        | "AccessDeniedFault"
        | "UnauthorizedOperation"
        | "ForbiddenException"
        | "DependentServiceAccessDenied"
        | "DependentServiceAccessDeniedFault" => CloudError::AccessDenied {
            op: name,
            message: format!(
                "the caller needs {permission} in account {} ({message}); tipwiz permissions prints the whole policy",
                target.account_id
            ),
        },
        "ThrottlingException"
        | "Throttling"
        | "TooManyRequestsException"
        | "RequestLimitExceeded"
        | "SlowDown"
        | "RequestThrottled" => CloudError::Throttled { op: name },
        // A bucket name is global: BucketAlreadyExists is someone else's bucket (S3 API
        // reference, CreateBucket), never one to adopt.
        "BucketAlreadyExists" => CloudError::NameTaken {
            what: format!("the bucket name ({message})"),
        },
        // Identity Center also answers a taken permission set name with ConflictException,
        // "PermissionSet with name X already exists.": that one is there to adopt, not to retry.
        "ConflictException" if message.contains("already exists") => CloudError::AlreadyExists {
            what: format!("{name}: {message}"),
        },
        // Identity Center's ConflictException asks for a retry after the previous write
        // propagates; S3 Tables' means "not empty" or a concurrent write; Lake Formation's and
        // Glue's ConcurrentModificationException is two writers at once (their service models).
        "ConflictException"
        | "ConcurrentModificationException"
        | "ConcurrentModification"
        | "BucketNotEmpty"
        | "AccessGrantsInstanceNotEmptyError"
        | "AccessGrantsLocationNotEmptyError"
        | "DeleteConflict" => CloudError::Conflict {
            op: name,
            message: format!("{code}: {message}"),
        },
        // S3 Access Grants cannot assume a location role IAM has not spread yet (S3 API
        // reference, Access Grants error codes). Redshift's DependentServiceUnavailableFault,
        // met when its Identity Center application names a role IAM has not spread, says "wait
        // 30 to 60 seconds and try again" (Redshift API reference): both are waited out.
        "InvalidIamRole" | "StsNotAuthorizedError" | "DependentServiceUnavailableFault" => CloudError::RoleNotReady {
            op: name,
            message: format!("{code}: {message}"),
        },
        // IAM answers a second CreateServiceLinkedRole with InvalidInput "... has been taken".
        "InvalidInput" if message.contains("has been taken") => CloudError::AlreadyExists {
            what: format!("{name}: {message}"),
        },
        // Services spell these many ways: ResourceNotFoundException, NoSuchEntity,
        // ClusterNotFound(Fault), EntityNotFoundException, NoSuchBucket,
        // AccessGrantsInstanceNotExistsError...
        c if c.contains("NotFound") || c.contains("NotExist") || c.starts_with("NoSuch") => CloudError::NotFound {
            what: format!("{name}: {message}"),
        },
        c if c.contains("AlreadyExists") || c.contains("AlreadyOwnedByYou") => CloudError::AlreadyExists {
            what: format!("{name}: {message}"),
        },
        "UnrecognizedClientException" | "InvalidClientTokenId" => CloudError::Invalid {
            op: name,
            message: format!(
                "AWS does not recognise the credentials in {}: the Region may not be enabled for account {}, or the profile's keys are wrong ({message})",
                target.region, target.account_id
            ),
        },
        // A wrong secret, an unknown key id (S3 and S3 Control say InvalidAccessKeyId).
        "SignatureDoesNotMatch" | "InvalidSignatureException" | "InvalidAccessKeyId" | "IncompleteSignature" => {
            CloudError::Credentials {
                op: name,
                message: format!(
                    "AWS refuses the keys of {} ({code}): the secret does not match the key id, or the key was \
                     deleted; create a new access key and update the profile",
                    target
                        .profile
                        .as_deref()
                        .map(|p| format!("profile {p}"))
                        .unwrap_or("the default credentials".into())
                ),
            }
        }
        "RegionDisabledException" => CloudError::Credentials {
            op: name,
            message: format!(
                "STS is turned off in {} for account {}: turn it on in the IAM console (Account settings, \
                 Security Token Service endpoints)",
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

/// Why a request never reached the service, in words: the innermost cause of the connector's
/// error (connection refused, a name that does not resolve, a timeout), never its debug dump.
fn dispatch_reason(e: &aws_smithy_runtime_api::client::result::DispatchFailure) -> String {
    let Some(connector) = e.as_connector_error() else {
        return "the request could not be sent".into();
    };
    let mut innermost: &dyn std::error::Error = connector;
    let mut io_kind = None;
    let mut cur: Option<&dyn std::error::Error> = Some(connector);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            io_kind = Some(io.kind());
        }
        innermost = err;
        cur = err.source();
    }
    if e.is_timeout() {
        return "timed out".into();
    }
    match io_kind {
        Some(std::io::ErrorKind::ConnectionRefused) => "connection refused".into(),
        Some(std::io::ErrorKind::ConnectionReset) => "the connection was reset".into(),
        Some(std::io::ErrorKind::TimedOut) => "timed out".into(),
        _ => {
            let text = innermost.to_string();
            if text.contains("dns error") || text.contains("failed to lookup address") {
                "the host name does not resolve (check the Region and the network)".into()
            } else {
                text
            }
        }
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
