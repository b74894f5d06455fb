//! The policy documents the steps create, built from the answers and scoped to them.
//! Each is a JSON string exactly as sent to AWS, so plan and the confirm dialog show the real thing.

use serde_json::json;

/// The key policy Identity Center and the identity store need, for the primary key and its replica.
pub fn identity_center_key(management_account: &str, admin_permission_set: &str) -> String {
    let admin_roles = format!(
        "arn:aws:iam::{management_account}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_{admin_permission_set}_*"
    );
    let doc = json!({
        "Version": "2012-10-17",
        "Id": "tipwiz-identity-center-key",
        "Statement": [
            {
                "Sid": "EnableIamPoliciesOfTheAccount",
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{management_account}:root")},
                "Action": "kms:*",
                "Resource": "*"
            },
            {
                "Sid": "AdminsUseKeyThroughIdentityCenter",
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{management_account}:root")},
                "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKeyWithoutPlaintext"],
                "Resource": "*",
                "Condition": {
                    "ArnLike": {"aws:PrincipalArn": admin_roles},
                    "StringLike": {"kms:ViaService": "sso.*.amazonaws.com", "kms:EncryptionContext:aws:sso:instance-arn": "*"}
                }
            },
            {
                "Sid": "AdminsUseKeyThroughIdentityStore",
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{management_account}:root")},
                "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKeyWithoutPlaintext"],
                "Resource": "*",
                "Condition": {
                    "ArnLike": {"aws:PrincipalArn": admin_roles},
                    "StringLike": {"kms:ViaService": "identitystore.*.amazonaws.com", "kms:EncryptionContext:aws:identitystore:identitystore-arn": "*"}
                }
            },
            {
                "Sid": "AdminsDescribeKey",
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{management_account}:root")},
                "Action": "kms:DescribeKey",
                "Resource": "*",
                "Condition": {"ArnLike": {"aws:PrincipalArn": admin_roles}}
            },
            {
                "Sid": "IdentityCenterUsesKey",
                "Effect": "Allow",
                "Principal": {"Service": "sso.amazonaws.com"},
                "Action": ["kms:Decrypt", "kms:ReEncryptTo", "kms:ReEncryptFrom", "kms:GenerateDataKeyWithoutPlaintext"],
                "Resource": "*",
                "Condition": {
                    "StringLike": {"kms:EncryptionContext:aws:sso:instance-arn": "*"},
                    "StringEquals": {"aws:SourceAccount": management_account}
                }
            },
            {
                "Sid": "IdentityStoreUsesKey",
                "Effect": "Allow",
                "Principal": {"Service": "identitystore.amazonaws.com"},
                "Action": ["kms:Decrypt", "kms:ReEncryptTo", "kms:ReEncryptFrom", "kms:GenerateDataKeyWithoutPlaintext"],
                "Resource": "*",
                "Condition": {
                    "StringLike": {"kms:EncryptionContext:aws:identitystore:identitystore-arn": "*"},
                    "StringEquals": {"aws:SourceAccount": management_account}
                }
            },
            {
                "Sid": "ServicesDescribeKey",
                "Effect": "Allow",
                "Principal": {"Service": ["sso.amazonaws.com", "identitystore.amazonaws.com"]},
                "Action": "kms:DescribeKey",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": management_account}}
            }
        ]
    });
    crate::cloud::cli::json_text(&doc)
}

/// Trust for a service role that must carry the user's identity (sts:SetContext).
pub fn service_trust(service: &str, account: &str) -> String {
    crate::cloud::cli::json_text(&json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": ["sts:AssumeRole", "sts:SetContext", "sts:SetSourceIdentity"],
            "Condition": {"StringEquals": {"aws:SourceAccount": account}}
        }]
    }))
}

/// What Lake Formation's data access role may do: the table buckets of one account and Region.
pub fn lake_formation_access(region: &str, account: &str) -> String {
    crate::cloud::cli::json_text(&json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "TableBucketsOfThisAccountAndRegion",
            "Effect": "Allow",
            "Action": ["s3tables:*"],
            "Resource": [
                format!("arn:aws:s3tables:{region}:{account}:bucket/*")
            ]
        }]
    }))
}

/// What the S3 Access Grants location role may do: the one bucket and its objects.
pub fn access_grants_location(bucket: &str, account: &str) -> String {
    crate::cloud::cli::json_text(&json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ObjectsOfTheBucket",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
                "Resource": format!("arn:aws:s3:::{bucket}/*"),
                "Condition": {"StringEquals": {"aws:ResourceAccount": account}}
            },
            {
                "Sid": "ListTheBucket",
                "Effect": "Allow",
                "Action": ["s3:ListBucket", "s3:ListMultipartUploadParts"],
                "Resource": format!("arn:aws:s3:::{bucket}"),
                "Condition": {"StringEquals": {"aws:ResourceAccount": account}}
            }
        ]
    }))
}

/// What the Redshift Identity Center application role may do.
pub fn redshift_idc_application(region: &str, account: &str, management_account: &str, instance_arn: &str) -> String {
    let ssoins = instance_arn.rsplit('/').next().unwrap_or_default();
    crate::cloud::cli::json_text(&json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadTheIdentityCenterApplication",
                "Effect": "Allow",
                "Action": ["sso:DescribeApplication", "sso:DescribeInstance"],
                "Resource": [
                    instance_arn,
                    format!("arn:aws:sso::{management_account}:application/{ssoins}/*")
                ]
            },
            {
                "Sid": "AskLakeFormationForData",
                "Effect": "Allow",
                "Action": ["lakeformation:GetDataAccess"],
                // GetDataAccess has no resource-level permissions: Lake Formation's grants decide.
                "Resource": "*"
            },
            {
                "Sid": "ReadTheS3TablesCatalog",
                "Effect": "Allow",
                "Action": ["glue:GetCatalog", "glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables"],
                "Resource": [
                    format!("arn:aws:glue:{region}:{account}:catalog"),
                    format!("arn:aws:glue:{region}:{account}:catalog/s3tablescatalog"),
                    format!("arn:aws:glue:{region}:{account}:catalog/s3tablescatalog/*"),
                    format!("arn:aws:glue:{region}:{account}:database/s3tablescatalog/*"),
                    format!("arn:aws:glue:{region}:{account}:table/s3tablescatalog/*")
                ]
            },
            {
                "Sid": "AskAccessGrantsForData",
                "Effect": "Allow",
                "Action": ["s3:GetDataAccess", "s3:GetAccessGrantsInstanceForPrefix"],
                "Resource": format!("arn:aws:s3:{region}:{account}:access-grants/default")
            }
        ]
    }))
}

/// The statements of a policy document that grant on `*`: tests keep every generated policy
/// scoped with it.
#[cfg(test)]
fn wildcard_resources(doc: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(doc).unwrap_or_default();
    let mut out = Vec::new();
    for st in v["Statement"].as_array().into_iter().flatten() {
        let res = &st["Resource"];
        let star = res == "*" || res.as_array().is_some_and(|a| a.iter().any(|r| r == "*"));
        if star {
            out.push(st["Sid"].as_str().unwrap_or("?").to_string());
        }
    }
    out
}

/// The policy documents a step sends, as the confirm dialog shows them before anything runs.
/// `instance_arn` is Identity Center's, once a preflight has found it.
pub fn documents_for(
    step: &str,
    a: &crate::answers::Answers,
    instance_arn: Option<&str>,
) -> Vec<(&'static str, String)> {
    let pretty = |doc: String| crate::cloud::cli::pretty_json(&doc);
    let b = a.get("analytics_account_id");
    let region = a.get("secondary_region");
    match step {
        "alice.kms-key" | "alice.kms-replica" => {
            vec![(
                "key policy",
                pretty(identity_center_key(
                    &a.get("management_account_id"),
                    &a.get("admin_permission_set"),
                )),
            )]
        }
        "bob.lf-role" => vec![
            ("trust policy", pretty(service_trust("lakeformation.amazonaws.com", &b))),
            ("role policy", pretty(lake_formation_access(&region, &b))),
        ],
        "bob.access-grants" => vec![
            (
                "trust policy",
                pretty(service_trust("access-grants.s3.amazonaws.com", &b)),
            ),
            ("role policy", pretty(access_grants_location(&a.get("s3_bucket"), &b))),
        ],
        "bob.redshift-idc-app" => vec![
            ("trust policy", pretty(service_trust("redshift.amazonaws.com", &b))),
            (
                "role policy",
                pretty(redshift_idc_application(
                    &region,
                    &b,
                    &a.get("management_account_id"),
                    instance_arn.unwrap_or("arn:aws:sso:::instance/ssoins-(found at bob.preflight)"),
                )),
            ),
        ],
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_generated_role_policy_names_its_resources() {
        for doc in [
            lake_formation_access("us-west-2", "444455556666"),
            access_grants_location("bucket", "444455556666"),
        ] {
            assert!(wildcard_resources(&doc).is_empty(), "{doc}");
        }
        // GetDataAccess has no resource-level permissions: the one allowed wildcard.
        let rs = redshift_idc_application(
            "us-west-2",
            "444455556666",
            "111122223333",
            "arn:aws:sso:::instance/ssoins-1234567890abcdef",
        );
        assert_eq!(wildcard_resources(&rs), vec!["AskLakeFormationForData".to_string()]);
    }
}
