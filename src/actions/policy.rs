//! The policy documents the steps create, built from the answers and scoped to them, each laid
//! out as the AWS page it follows (named above it). Each is a JSON string exactly as sent to
//! AWS, so plan and the confirm dialog show the real thing.

use serde_json::json;

fn text(v: serde_json::Value) -> String {
    crate::cloud::cli::json_text(&v)
}

const IDENTITY_CONTEXT: [&str; 2] = ["aws:sso:instance-arn", "aws:identitystore:identitystore-arn"];
const VIA_IDENTITY: [&str; 2] = ["sso.*.amazonaws.com", "identitystore.*.amazonaws.com"];

/// The key policy of Identity Center's key and its replicas: the baseline of the IAM Identity
/// Center User Guide ("Baseline KMS key policy"). The `${aws:...}` variables are IAM's own,
/// filled in by AWS when the policy is evaluated, and stay as they are.
pub fn identity_center_key(management_account: &str) -> String {
    text(json!({
        "Version": "2012-10-17",
        "Id": "tipwiz-identity-center-key",
        "Statement": [
            {
                // Key administration stays with the management account: its IAM policies decide
                // who may change the key policy or schedule the key's deletion.
                "Sid": "AllowIdentityCenterAdminAccounts",
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{management_account}:root")},
                "Action": "kms:*",
                "Resource": "*"
            },
            {
                // Identity Center and the identity store read the key's metadata to validate it.
                "Sid": "AllowIdentityCenterAndIdentityStoreToDescribeKey",
                "Effect": "Allow",
                "Principal": {"Service": ["identitystore.amazonaws.com", "sso.amazonaws.com"]},
                "Action": "kms:DescribeKey",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": "${aws:ResourceAccount}"}}
            },
            {
                // ... and encrypt and decrypt with it, for this account's instance only.
                "Sid": "AllowIdentityCenterAndIdentityStoreToUseKey",
                "Effect": "Allow",
                "Principal": {"Service": ["identitystore.amazonaws.com", "sso.amazonaws.com"]},
                "Action": ["kms:Decrypt", "kms:ReEncryptTo", "kms:ReEncryptFrom", "kms:GenerateDataKeyWithoutPlaintext"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": "${aws:ResourceAccount}"},
                    "ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": IDENTITY_CONTEXT}
                }
            },
            {
                // Bob's role in account B reads users and groups through Identity Center and the
                // identity store with its own rights: principals of the organization may
                // decrypt, but only through those two services.
                "Sid": "AllowOrgPrincipalsViaIdentityCenterAndIdentityStore",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "kms:Decrypt",
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"aws:PrincipalOrgID": "${aws:ResourceOrgID}"},
                    "StringLike": {"kms:ViaService": VIA_IDENTITY},
                    "ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": IDENTITY_CONTEXT}
                }
            },
            {
                // Redshift, Lake Formation and S3 Access Grants are AWS managed applications:
                // they decrypt identity data when they act for the analyst.
                "Sid": "AllowManagedApps",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "kms:Decrypt",
                "Resource": "*",
                "Condition": {
                    "Bool": {"aws:PrincipalIsAWSService": "true"},
                    "StringEquals": {"aws:SourceOrgID": "${aws:ResourceOrgID}"},
                    "StringLike": {"kms:ViaService": VIA_IDENTITY},
                    "ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": IDENTITY_CONTEXT}
                }
            }
        ]
    }))
}

/// Trust of Lake Formation's data access role (Amazon S3 User Guide, "Integrating Amazon S3
/// Tables with AWS analytics services"): sts:SetContext carries the user's identity.
pub fn lake_formation_trust(account: &str) -> String {
    text(json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "LakeFormationDataAccessPolicy",
            "Effect": "Allow",
            "Principal": {"Service": "lakeformation.amazonaws.com"},
            "Action": ["sts:AssumeRole", "sts:SetContext", "sts:SetSourceIdentity"],
            "Condition": {"StringEquals": {"aws:SourceAccount": account}}
        }]
    }))
}

/// What Lake Formation's data access role may do (same page): list the account's table buckets
/// (an action with no resource-level permission), and read and write the tables of this account
/// and Region.
pub fn lake_formation_access(region: &str, account: &str) -> String {
    text(json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "LakeFormationPermissionsForS3ListTableBucket",
                "Effect": "Allow",
                "Action": ["s3tables:ListTableBuckets"],
                "Resource": ["*"]
            },
            {
                "Sid": "LakeFormationDataAccessPermissionsForS3TableBucket",
                "Effect": "Allow",
                "Action": [
                    "s3tables:CreateTableBucket", "s3tables:GetTableBucket", "s3tables:CreateNamespace",
                    "s3tables:GetNamespace", "s3tables:ListNamespaces", "s3tables:DeleteNamespace",
                    "s3tables:DeleteTableBucket", "s3tables:CreateTable", "s3tables:DeleteTable",
                    "s3tables:GetTable", "s3tables:ListTables", "s3tables:RenameTable",
                    "s3tables:UpdateTableMetadataLocation", "s3tables:GetTableMetadataLocation",
                    "s3tables:GetTableData", "s3tables:PutTableData"
                ],
                "Resource": [format!("arn:aws:s3tables:{region}:{account}:bucket/*")]
            }
        ]
    }))
}

/// Trust of the S3 Access Grants location role (Amazon S3 User Guide, "Register a location"):
/// sts:SetContext for Identity Center users and groups.
pub fn access_grants_trust(account: &str) -> String {
    text(json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccessGrantsAssumesTheRole",
                "Effect": "Allow",
                "Principal": {"Service": "access-grants.s3.amazonaws.com"},
                "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"],
                "Condition": {"StringEquals": {"aws:SourceAccount": account}}
            },
            {
                "Sid": "AccessGrantsSetsIdentityCenterContext",
                "Effect": "Allow",
                "Principal": {"Service": "access-grants.s3.amazonaws.com"},
                "Action": "sts:SetContext",
                "Condition": {"StringEquals": {"aws:SourceAccount": account}}
            }
        ]
    }))
}

/// What the S3 Access Grants location role may do (same page), for the one bucket and only when
/// this account's Access Grants instance asks.
pub fn access_grants_location(bucket: &str, account: &str, region: &str) -> String {
    let conditions = json!({
        "StringEquals": {"aws:ResourceAccount": account},
        "ArnEquals": {"s3:AccessGrantsInstanceArn": [format!("arn:aws:s3:{region}:{account}:access-grants/default")]}
    });
    text(json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ObjectLevelReadPermissions",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAcl", "s3:GetObjectVersionAcl", "s3:ListMultipartUploadParts"],
                "Resource": format!("arn:aws:s3:::{bucket}/*"),
                "Condition": conditions
            },
            {
                "Sid": "ObjectLevelWritePermissions",
                "Effect": "Allow",
                "Action": ["s3:PutObject", "s3:PutObjectAcl", "s3:PutObjectVersionAcl", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload"],
                "Resource": format!("arn:aws:s3:::{bucket}/*"),
                "Condition": conditions
            },
            {
                "Sid": "BucketLevelReadPermissions",
                "Effect": "Allow",
                "Action": ["s3:ListBucket"],
                "Resource": format!("arn:aws:s3:::{bucket}"),
                "Condition": conditions
            }
        ]
    }))
}

/// Trust of the Redshift Identity Center application's role (IAM Identity Center User Guide,
/// "Setting up trusted identity propagation with Amazon Redshift Query Editor V2"), as written
/// there: both Redshift principals, sts:SetContext, and no condition.
pub fn redshift_idc_trust() -> String {
    text(json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": ["redshift-serverless.amazonaws.com", "redshift.amazonaws.com"]},
            "Action": ["sts:AssumeRole", "sts:SetContext"]
        }]
    }))
}

/// What the Redshift Identity Center application's role may do. `application_arn` is the
/// Identity Center managed application CreateRedshiftIdcApplication returned: its account is
/// read from it, never assumed. Before the application exists the statement names only the
/// instance.
pub fn redshift_idc_application(
    region: &str,
    account: &str,
    instance_arn: &str,
    application_arn: Option<&str>,
) -> String {
    let ssoins = instance_arn.rsplit('/').next().unwrap_or_default();
    let mut identity_center = vec![json!(instance_arn)];
    if let Some(app) = application_arn {
        let app_account = app.split(':').nth(4).unwrap_or(account);
        identity_center.push(json!(format!("arn:aws:sso::{app_account}:application/{ssoins}/*")));
    }
    text(json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                // sso:DescribeApplication is "required to create an identity provider (IdP) entry
                // in the catalog" (Redshift Management Guide, Identity Center integration).
                "Sid": "ReadTheIdentityCenterApplication",
                "Effect": "Allow",
                "Action": ["sso:DescribeApplication", "sso:DescribeInstance"],
                "Resource": identity_center
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
                "Action": ["glue:GetCatalog", "glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"],
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

/// The inline policy of the analysts' permission set: what Query Editor v2 needs to find its
/// Identity Center application (IAM Identity Center User Guide, the Query Editor V2 tutorial).
/// These actions have no resource-level permissions.
pub fn query_editor_inline() -> String {
    text(json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "QueryEditorFindsItsIdentityCenterApplication",
            "Effect": "Allow",
            "Action": [
                "redshift:DescribeQev2IdcApplications",
                "redshift-serverless:ListNamespaces",
                "redshift-serverless:ListWorkgroups",
                "redshift-serverless:GetWorkgroup"
            ],
            "Resource": "*"
        }]
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
/// `instance_arn` is Identity Center's and `application_arn` the Redshift application's managed
/// application, once earlier steps have found them.
pub fn documents_for(
    step: &str,
    a: &crate::answers::Answers,
    instance_arn: Option<&str>,
    application_arn: Option<&str>,
) -> Vec<(&'static str, String)> {
    let pretty = |doc: String| crate::cloud::cli::pretty_json(&doc);
    let b = a.get("analytics_account_id");
    let region = a.get("secondary_region");
    match step {
        "alice.kms-key" | "alice.kms-replica" => {
            vec![("key policy", pretty(identity_center_key(&a.get("management_account_id"))))]
        }
        "alice.permission-set" => vec![("permission set inline policy", pretty(query_editor_inline()))],
        "bob.lf-role" => vec![
            ("trust policy", pretty(lake_formation_trust(&b))),
            ("role policy", pretty(lake_formation_access(&region, &b))),
        ],
        "bob.access-grants" => vec![
            ("trust policy", pretty(access_grants_trust(&b))),
            ("role policy", pretty(access_grants_location(&a.get("s3_bucket"), &b, &region))),
        ],
        "bob.redshift-idc-app" => vec![
            ("trust policy", pretty(redshift_idc_trust())),
            (
                "role policy",
                pretty(redshift_idc_application(
                    &region,
                    &b,
                    instance_arn.unwrap_or("arn:aws:sso:::instance/ssoins-(found at bob.preflight)"),
                    Some(application_arn.unwrap_or(
                        "arn:aws:sso::(the application's account):application/ssoins-(instance)/apl-(made by this step)",
                    )),
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
        assert!(wildcard_resources(&access_grants_location("bucket", "444455556666", "us-west-2")).is_empty());
        // ListTableBuckets and GetDataAccess have no resource-level permissions: the wildcards
        // these documents need, and no others.
        assert_eq!(
            wildcard_resources(&lake_formation_access("us-west-2", "444455556666")),
            vec!["LakeFormationPermissionsForS3ListTableBucket".to_string()]
        );
        let rs = redshift_idc_application(
            "us-west-2",
            "444455556666",
            "arn:aws:sso:::instance/ssoins-1234567890abcdef",
            Some("arn:aws:sso::444455556666:application/ssoins-1234567890abcdef/apl-1"),
        );
        assert_eq!(wildcard_resources(&rs), vec!["AskLakeFormationForData".to_string()]);
    }

    #[test]
    fn the_application_statement_takes_the_account_of_the_application_it_is_given() {
        let doc = redshift_idc_application(
            "us-west-2",
            "444455556666",
            "arn:aws:sso:::instance/ssoins-1234567890abcdef",
            Some("arn:aws:sso::999988887777:application/ssoins-1234567890abcdef/apl-1"),
        );
        assert!(
            doc.contains("arn:aws:sso::999988887777:application/ssoins-1234567890abcdef/*"),
            "{doc}"
        );
        let before = redshift_idc_application("us-west-2", "444455556666", "arn:aws:sso:::instance/ssoins-1", None);
        assert!(!before.contains(":application/"), "{before}");
    }

    #[test]
    fn the_key_policy_follows_the_baseline_and_keeps_iams_variables() {
        let doc = identity_center_key("111122223333");
        for sid in [
            "AllowIdentityCenterAdminAccounts",
            "AllowIdentityCenterAndIdentityStoreToDescribeKey",
            "AllowIdentityCenterAndIdentityStoreToUseKey",
            "AllowOrgPrincipalsViaIdentityCenterAndIdentityStore",
            "AllowManagedApps",
        ] {
            assert!(doc.contains(sid), "{sid} missing");
        }
        assert!(doc.contains("${aws:ResourceOrgID}") && doc.contains("${aws:ResourceAccount}"));
    }
}
