//! The same contract, run against the simulated cloud and against moto_server through the real
//! SDK: every identity operation moto emulates, created, found again (what adoption relies on),
//! and removed.

use crate::common::*;
use tipwiz::cloud::sim::{SimCloud, Timing};
use tipwiz::cloud::{Cloud, CloudError, LfResource, Op, Reply, Target};

/// The emulator's address, from scripts/test.sh. Without it the moto tests are skipped locally
/// and fail in CI, so CI can never pass them silently.
#[cfg(feature = "aws")]
pub fn moto() -> Option<String> {
    match std::env::var("TIPWIZ_MOTO_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ if std::env::var_os("CI").is_some() => {
            panic!("TIPWIZ_MOTO_URL is not set: run the suite through scripts/test.sh")
        }
        _ => {
            eprintln!("skipped: TIPWIZ_MOTO_URL is not set (scripts/test.sh starts moto_server and sets it)");
            None
        }
    }
}

fn unique(prefix: &str) -> String {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    format!(
        "{prefix}{}x{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    )
}

async fn ok(cloud: &dyn Cloud, t: &Target, op: Op) -> Reply {
    let name = op.name();
    cloud.call(t, &op).await.unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every identity operation the steps use, with the answers adoption and rollback rely on.
async fn identity_contract(cloud: &dyn Cloud, east: &Target, west: &Target, group: &str, member_account: &str) {
    let (account, _) = ok(cloud, east, Op::GetCallerIdentity).await.caller().unwrap();
    assert_eq!(account, east.account_id);
    let inst = ok(cloud, east, Op::ListInstances).await.instances().unwrap().remove(0);
    let group_id = ok(
        cloud,
        east,
        Op::GetGroupId {
            identity_store_id: inst.identity_store_id.clone(),
            display_name: group.into(),
        },
    )
    .await
    .id()
    .unwrap();
    let missing = cloud
        .call(
            east,
            &Op::GetGroupId {
                identity_store_id: inst.identity_store_id.clone(),
                display_name: "no-such-group".into(),
            },
        )
        .await;
    assert!(matches!(missing, Err(CloudError::NotFound { .. })), "{missing:?}");

    // KMS: create, find by alias and by tag, replicate with the policy, remove.
    let alias = format!("alias/{}", unique("contract-"));
    assert_eq!(
        ok(cloud, east, Op::DescribeKey { key_id: alias.clone() }).await,
        Reply::MaybeKey(None)
    );
    let tag = Op::FindKeyByTag {
        tag_key: "tipwiz:alias".into(),
        tag_value: alias.clone(),
    };
    assert_eq!(ok(cloud, east, tag.clone()).await, Reply::MaybeKey(None));
    let policy = tipwiz::actions::policy::identity_center_key(&east.account_id);
    let key = ok(
        cloud,
        east,
        Op::CreateKey {
            description: "contract".into(),
            policy,
            multi_region: true,
            tags: vec![("tipwiz:alias".into(), alias.clone())],
        },
    )
    .await
    .key()
    .unwrap();
    assert!(key.multi_region && key.key_id.starts_with("mrk-"), "{key:?}");
    assert_eq!(
        ok(cloud, east, tag.clone())
            .await
            .maybe_key()
            .unwrap()
            .map(|k| k.key_id),
        Some(key.key_id.clone())
    );
    ok(
        cloud,
        east,
        Op::CreateAlias {
            alias: alias.clone(),
            key_id: key.key_id.clone(),
        },
    )
    .await;
    let again = cloud
        .call(
            east,
            &Op::CreateAlias {
                alias: alias.clone(),
                key_id: key.key_id.clone(),
            },
        )
        .await;
    assert!(matches!(again, Err(CloudError::AlreadyExists { .. })), "{again:?}");
    assert_eq!(
        ok(cloud, east, Op::DescribeKey { key_id: alias.clone() })
            .await
            .maybe_key()
            .unwrap()
            .map(|k| k.key_id),
        Some(key.key_id.clone())
    );
    let policy = ok(
        cloud,
        east,
        Op::GetKeyPolicy {
            key_id: key.key_id.clone(),
        },
    )
    .await
    .text()
    .unwrap();
    assert!(policy.contains("Statement"));
    let replica = ok(
        cloud,
        east,
        Op::ReplicateKey {
            key_id: key.key_id.clone(),
            replica_region: west.region.clone(),
            policy,
        },
    )
    .await
    .key()
    .unwrap();
    assert!(replica.arn.contains(&west.region), "{replica:?}");
    assert!(
        ok(
            cloud,
            west,
            Op::DescribeKey {
                key_id: key.key_id.clone()
            }
        )
        .await
        .maybe_key()
        .unwrap()
        .is_some()
    );

    // Permission set and assignment: create, find again, remove.
    let name = unique("Contract");
    let find = Op::FindPermissionSet {
        instance_arn: inst.arn.clone(),
        name: name.clone(),
    };
    assert_eq!(ok(cloud, east, find.clone()).await, Reply::MaybeId(None));
    let ps = ok(
        cloud,
        east,
        Op::CreatePermissionSet {
            instance_arn: inst.arn.clone(),
            name: name.clone(),
            description: "contract".into(),
            session_duration: "PT4H".into(),
            relay_state: "https://us-west-2.console.aws.amazon.com/sqlworkbench/home".into(),
        },
    )
    .await
    .id()
    .unwrap();
    assert_eq!(ok(cloud, east, find.clone()).await, Reply::MaybeId(Some(ps.clone())));
    ok(
        cloud,
        east,
        Op::AttachManagedPolicyToPermissionSet {
            instance_arn: inst.arn.clone(),
            permission_set_arn: ps.clone(),
            policy_arn: "arn:aws:iam::aws:policy/AmazonRedshiftQueryEditorV2ReadSharing".into(),
        },
    )
    .await;
    let status = ok(
        cloud,
        east,
        Op::CreateAccountAssignment {
            instance_arn: inst.arn.clone(),
            permission_set_arn: ps.clone(),
            account_id: member_account.into(),
            group_id: group_id.clone(),
        },
    )
    .await
    .assignment()
    .unwrap();
    assert!(!status.request_id.is_empty());
    let list = Op::ListAccountAssignments {
        instance_arn: inst.arn.clone(),
        account_id: member_account.into(),
        permission_set_arn: ps.clone(),
    };
    assert!(ok(cloud, east, list.clone()).await.ids().unwrap().contains(&group_id));
    ok(
        cloud,
        east,
        Op::DescribeAccountAssignmentCreationStatus {
            instance_arn: inst.arn.clone(),
            request_id: status.request_id.clone(),
        },
    )
    .await;
    let deletion = ok(
        cloud,
        east,
        Op::DeleteAccountAssignment {
            instance_arn: inst.arn.clone(),
            permission_set_arn: ps.clone(),
            account_id: member_account.into(),
            group_id: group_id.clone(),
        },
    )
    .await
    .assignment()
    .unwrap();
    assert!(!ok(cloud, east, list).await.ids().unwrap().contains(&group_id));
    // The deletion runs on after the call returns; the permission set can go once it is over.
    let mut status = deletion.status;
    for _ in 0..60 {
        if status != "IN_PROGRESS" {
            break;
        }
        cloud.clock().sleep_ms(1_000).await;
        status = ok(
            cloud,
            east,
            Op::DescribeAccountAssignmentDeletionStatus {
                instance_arn: inst.arn.clone(),
                request_id: deletion.request_id.clone(),
            },
        )
        .await
        .assignment()
        .unwrap()
        .status;
    }
    assert_eq!(status, "SUCCEEDED");
    ok(
        cloud,
        east,
        Op::DeletePermissionSet {
            instance_arn: inst.arn.clone(),
            permission_set_arn: ps,
        },
    )
    .await;
    assert_eq!(ok(cloud, east, find).await, Reply::MaybeId(None));

    // Undo the key: alias, then the replica before the primary.
    ok(cloud, east, Op::DeleteAlias { alias: alias.clone() }).await;
    assert_eq!(
        ok(cloud, east, Op::DescribeKey { key_id: alias }).await,
        Reply::MaybeKey(None)
    );
    ok(
        cloud,
        west,
        Op::ScheduleKeyDeletion {
            key_id: key.key_id.clone(),
            pending_days: 7,
        },
    )
    .await;
    ok(
        cloud,
        east,
        Op::ScheduleKeyDeletion {
            key_id: key.key_id.clone(),
            pending_days: 7,
        },
    )
    .await;
    assert_eq!(
        ok(cloud, east, tag).await,
        Reply::MaybeKey(None),
        "a key pending deletion is not adopted"
    );
}

#[test]
fn identity_operations_on_the_simulated_cloud() {
    let a = defaults();
    let sim = SimCloud::new(&tipwiz::commands::sim_seed(&a), Timing::instant());
    let east = target("111122223333", "us-east-1");
    let west = target(&east.account_id, "us-west-2");
    rt().block_on(identity_contract(&sim, &east, &west, "awssso-sales", "444455556666"));
}

#[cfg(feature = "aws")]
pub fn moto_cloud(url: &str) -> std::sync::Arc<dyn Cloud> {
    std::sync::Arc::new(tipwiz::cloud::aws::AwsCloud::new(Some(url.to_string())))
}

/// moto keeps one identity store per Region and starts with no groups: seed the group.
#[cfg(feature = "aws")]
pub async fn seed_moto_group(url: &str, store: &str, group: &str) {
    let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(url)
        .load()
        .await;
    let ids = aws_sdk_identitystore::Client::new(&conf);
    let exists = ids
        .get_group_id()
        .identity_store_id(store)
        .alternate_identifier(aws_sdk_identitystore::types::AlternateIdentifier::UniqueAttribute(
            aws_sdk_identitystore::types::UniqueAttribute::builder()
                .attribute_path("displayName")
                .attribute_value(aws_smithy_types::Document::String(group.into()))
                .build()
                .unwrap(),
        ))
        .send()
        .await
        .is_ok();
    if !exists {
        ids.create_group()
            .identity_store_id(store)
            .display_name(group)
            .send()
            .await
            .expect("moto creates the group");
    }
}

#[cfg(feature = "aws")]
#[test]
fn identity_operations_on_moto_through_the_sdk() {
    let Some(url) = moto() else { return };
    let cloud = moto_cloud(&url);
    let east = target("123456789012", "us-east-1");
    let west = target(&east.account_id, "us-west-2");
    rt().block_on(async {
        let store = cloud
            .call(&east, &Op::ListInstances)
            .await
            .unwrap()
            .instances()
            .unwrap()
            .remove(0)
            .identity_store_id;
        seed_moto_group(&url, &store, "awssso-sales").await;
        identity_contract(cloud.as_ref(), &east, &west, "awssso-sales", "444455556666").await;
    });
}

#[cfg(feature = "aws")]
#[test]
fn plan_against_moto_shows_create_then_no_op_after_apply() {
    let Some(url) = moto() else { return };
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.toml");
    // moto's single account plays both; its default credentials need no profile.
    let alias = format!("alias/{}", unique("plan-"));
    std::fs::write(
        &answers,
        format!(
            "[alice]\nmanagement_account_id = \"123456789012\"\nmanagement_profile = \"\"\nkms_alias = \"{alias}\"\n\
             group_name = \"awssso-sales\"\n[bob]\nanalytics_account_id = \"123456789012\"\nanalytics_profile = \"\"\n\
             same_account = true\nadmin_role_arn = \"arn:aws:iam::123456789012:role/Admin\"\ncluster_id = \"anycompany-west\"\n\
             [ethan]\nanalyst_user = \"ethan\"\n"
        ),
    )
    .unwrap();
    let tw = |args: &[&str]| {
        let out = tipwiz()
            .args(args)
            .args(["--backend", "aws", "--endpoint-url", &url, "--answers"])
            .arg(&answers)
            .arg("--state")
            .arg(dir.path())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, plan, err) = tw(&["plan"]);
    assert_eq!(code, Some(0), "{err}");
    let line = |text: &str, id: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(id))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line(&plan, "alice.preflight").contains("[check]"), "{plan}");
    assert!(
        line(&plan, "alice.kms-key").contains("[create (first change: kms CreateKey)]"),
        "{plan}"
    );
    let (code, out, err) = tw(&["apply", "--yes", "--only", "alice.preflight,alice.kms-key"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let (code, plan, err) = tw(&["plan"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(line(&plan, "alice.kms-key").contains("[no-op (done)]"), "{plan}");
    // Apply again: the key is adopted, not created twice.
    let (code, out, _) = tw(&["apply", "--yes", "--only", "alice.kms-key"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains("CreateKey"), "{out}");
    // Roll back through the SDK: the alias goes and the key is scheduled for deletion.
    let out = tipwiz()
        .args([
            "rollback",
            "--step",
            "alice.kms-key",
            "--yes",
            "--backend",
            "aws",
            "--endpoint-url",
            &url,
            "--state",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("DeleteAlias") && text.contains("ScheduleKeyDeletion"),
        "{text}"
    );
    let (_, plan, _) = tw(&["plan"]);
    assert!(
        line(&plan, "alice.kms-key").contains("[create"),
        "after the rollback the key is to be created again: {plan}"
    );
}

/// The lake operations: settings read-merge-write, roles, the registration, table buckets,
/// grants, Athena and the cluster look-up. `federation` says whether the backend keeps the
/// WithFederation flag (moto drops it).
async fn lake_contract(cloud: &dyn Cloud, west: &Target, cluster: &str, federation: bool) {
    let acct = west.account_id.clone();
    let admin = format!("arn:aws:iam::{acct}:role/Admin");
    // Settings: the defaults start with IAMAllowedPrincipals; a write replaces them whole.
    let before = ok(cloud, west, Op::GetDataLakeSettings).await.settings().unwrap();
    let mut after = before.clone();
    if !after.admins.contains(&admin) {
        after.admins.push(admin.clone());
    }
    after.create_database_defaults.clear();
    after.create_table_defaults.clear();
    ok(
        cloud,
        west,
        Op::PutDataLakeSettings {
            settings: after.clone(),
        },
    )
    .await;
    let now = ok(cloud, west, Op::GetDataLakeSettings).await.settings().unwrap();
    assert!(
        now.admins.contains(&admin) && now.create_database_defaults.is_empty() && now.create_table_defaults.is_empty(),
        "{now:?}"
    );

    // A role with a path: created, found by name with its path in the ARN, removed.
    let name = unique("LFAccess");
    assert_eq!(
        ok(cloud, west, Op::GetRole { name: name.clone() }).await,
        Reply::MaybeRole(None)
    );
    let trust = tipwiz::actions::policy::lake_formation_trust(&acct);
    let role = ok(
        cloud,
        west,
        Op::CreateRole {
            name: name.clone(),
            path: "/service-role/".into(),
            trust_policy: trust.clone(),
            description: "contract".into(),
        },
    )
    .await
    .role()
    .unwrap();
    assert_eq!(role.arn, format!("arn:aws:iam::{acct}:role/service-role/{name}"));
    let found = ok(cloud, west, Op::GetRole { name: name.clone() })
        .await
        .maybe_role()
        .unwrap()
        .expect("found by name");
    assert_eq!(
        (found.path.as_str(), found.arn.as_str()),
        ("/service-role/", role.arn.as_str())
    );
    assert!(found.trust_policy.contains("sts:SetContext"), "{}", found.trust_policy);
    ok(
        cloud,
        west,
        Op::PutRolePolicy {
            role_name: name.clone(),
            policy_name: "p".into(),
            document: tipwiz::actions::policy::lake_formation_access(&west.region, &acct),
        },
    )
    .await;
    let again = cloud
        .call(
            west,
            &Op::CreateRole {
                name: name.clone(),
                path: "/service-role/".into(),
                trust_policy: trust,
                description: "x".into(),
            },
        )
        .await;
    assert!(matches!(again, Err(CloudError::AlreadyExists { .. })), "{again:?}");

    // The registration, with the role's ARN as IAM reports it.
    let resource = format!("arn:aws:s3tables:{}:{acct}:bucket/*", west.region);
    let describe = Op::DescribeResource {
        resource_arn: resource.clone(),
    };
    assert_eq!(ok(cloud, west, describe.clone()).await, Reply::Resource(None));
    ok(
        cloud,
        west,
        Op::RegisterResource {
            resource_arn: resource.clone(),
            role_arn: role.arn.clone(),
            with_federation: true,
            with_privileged_access: true,
        },
    )
    .await;
    let info = ok(cloud, west, describe.clone())
        .await
        .resource()
        .unwrap()
        .expect("registered");
    assert_eq!(info.role_arn, role.arn);
    if federation {
        assert!(info.with_federation);
    }
    ok(cloud, west, Op::DeregisterResource { resource_arn: resource }).await;
    assert_eq!(ok(cloud, west, describe).await, Reply::Resource(None));

    // A table bucket and namespace, a grant on it, and their removal in order.
    let bucket = unique("contract-tables-");
    let find = Op::FindTableBucket { name: bucket.clone() };
    assert_eq!(ok(cloud, west, find.clone()).await, Reply::MaybeId(None));
    let arn = ok(cloud, west, Op::CreateTableBucket { name: bucket.clone() })
        .await
        .id()
        .unwrap();
    assert_eq!(ok(cloud, west, find.clone()).await, Reply::MaybeId(Some(arn.clone())));
    let ns = Op::GetNamespace {
        table_bucket_arn: arn.clone(),
        namespace: "customers".into(),
    };
    assert_eq!(ok(cloud, west, ns.clone()).await, Reply::Exists(false));
    ok(
        cloud,
        west,
        Op::CreateNamespace {
            table_bucket_arn: arn.clone(),
            namespace: "customers".into(),
        },
    )
    .await;
    assert_eq!(ok(cloud, west, ns.clone()).await, Reply::Exists(true));
    assert_eq!(
        ok(
            cloud,
            west,
            Op::GetTable {
                table_bucket_arn: arn.clone(),
                namespace: "customers".into(),
                name: "nope".into()
            }
        )
        .await,
        Reply::Exists(false)
    );
    let db = LfResource::Database {
        catalog_id: format!("{acct}:s3tablescatalog/{bucket}"),
        name: "customers".into(),
    };
    let list = Op::ListPermissions {
        principal: Some(admin.clone()),
        resource: Some(db.clone()),
    };
    ok(
        cloud,
        west,
        Op::GrantPermissions {
            principal: admin.clone(),
            resource: db.clone(),
            permissions: vec!["CREATE_TABLE".into(), "DESCRIBE".into()],
        },
    )
    .await;
    let grants = ok(cloud, west, list.clone()).await.grants().unwrap();
    assert!(
        grants
            .iter()
            .any(|g| g.permissions.contains(&"CREATE_TABLE".to_string())),
        "{grants:?}"
    );
    ok(
        cloud,
        west,
        Op::RevokePermissions {
            principal: admin.clone(),
            resource: db,
            permissions: vec!["CREATE_TABLE".into(), "DESCRIBE".into()],
        },
    )
    .await;
    let grants = ok(cloud, west, list).await.grants().unwrap();
    assert!(grants.iter().all(|g| g.permissions.is_empty()), "{grants:?}");
    ok(
        cloud,
        west,
        Op::DeleteNamespace {
            table_bucket_arn: arn.clone(),
            namespace: "customers".into(),
        },
    )
    .await;
    ok(cloud, west, Op::DeleteTableBucket { arn }).await;
    assert_eq!(ok(cloud, west, find).await, Reply::MaybeId(None));

    // Athena answers with a query id and a state; the cluster is found, or not.
    let id = ok(
        cloud,
        west,
        Op::StartQueryExecution {
            sql: "SELECT 1".into(),
            catalog: format!("s3tablescatalog/{bucket}"),
            database: "customers".into(),
            workgroup: "primary".into(),
            output_location: "s3://contract-results/".into(),
        },
    )
    .await
    .id()
    .unwrap();
    ok(cloud, west, Op::GetQueryExecution { id }).await.query().unwrap();
    let c = ok(cloud, west, Op::DescribeCluster { id: cluster.into() })
        .await
        .cluster()
        .unwrap()
        .expect("the cluster exists");
    assert!(c.node_type.starts_with("ra3"), "{c:?}");
    assert_eq!(
        ok(
            cloud,
            west,
            Op::DescribeCluster {
                id: "no-such-cluster".into()
            }
        )
        .await,
        Reply::Cluster(None)
    );

    // Undo: the role, then the settings as they were.
    ok(
        cloud,
        west,
        Op::DeleteRole {
            name: name.clone(),
            policies: vec![],
        },
    )
    .await;
    assert_eq!(ok(cloud, west, Op::GetRole { name }).await, Reply::MaybeRole(None));
    ok(
        cloud,
        west,
        Op::PutDataLakeSettings {
            settings: before.clone(),
        },
    )
    .await;
    assert_eq!(
        ok(cloud, west, Op::GetDataLakeSettings).await.settings().unwrap(),
        before
    );
}

#[test]
fn lake_operations_on_the_simulated_cloud() {
    let a = defaults();
    let sim = SimCloud::new(&tipwiz::commands::sim_seed(&a), Timing::instant());
    let west = target("444455556666", "us-west-2");
    rt().block_on(lake_contract(&sim, &west, "anycompany-west", true));
}

#[cfg(feature = "aws")]
#[test]
fn lake_operations_on_moto_through_the_sdk() {
    let Some(url) = moto() else { return };
    let cloud = moto_cloud(&url);
    let west = target("123456789012", "us-west-2");
    rt().block_on(async {
        // moto starts with no cluster: make the RA3 one the steps expect.
        let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-west-2"))
            .endpoint_url(&url)
            .load()
            .await;
        let rs = aws_sdk_redshift::Client::new(&conf);
        if rs
            .describe_clusters()
            .cluster_identifier("contract-west")
            .send()
            .await
            .is_err()
        {
            rs.create_cluster()
                .cluster_identifier("contract-west")
                .node_type("ra3.xlplus")
                .master_username("awsuser")
                .master_user_password("Passw0rd-contract")
                .send()
                .await
                .expect("moto creates the cluster");
        }
        lake_contract(cloud.as_ref(), &west, "contract-west", false).await;
    });
}

/// S3 and the Redshift Data API: a bucket made, found, filled by nobody, emptied and removed;
/// a statement run and described.
async fn storage_contract(cloud: &dyn Cloud, west: &Target, cluster: Option<&str>) {
    let bucket = unique("contract-bucket-");
    let head = Op::HeadBucket { name: bucket.clone() };
    assert_eq!(ok(cloud, west, head.clone()).await, Reply::Exists(false));
    ok(
        cloud,
        west,
        Op::CreateBucket {
            name: bucket.clone(),
            region: west.region.clone(),
        },
    )
    .await;
    assert_eq!(ok(cloud, west, head.clone()).await, Reply::Exists(true));
    let again = cloud
        .call(
            west,
            &Op::CreateBucket {
                name: bucket.clone(),
                region: west.region.clone(),
            },
        )
        .await;
    assert!(matches!(again, Err(CloudError::AlreadyExists { .. })), "{again:?}");
    assert_eq!(
        ok(
            cloud,
            west,
            Op::ListObjects {
                bucket: bucket.clone(),
                prefix: "awssso-sales/".into()
            }
        )
        .await,
        Reply::Ids(vec![])
    );
    ok(
        cloud,
        west,
        Op::DeleteObjects {
            bucket: bucket.clone(),
            keys: vec!["awssso-sales/none".into()],
        },
    )
    .await;
    ok(cloud, west, Op::DeleteBucket { name: bucket }).await;
    assert_eq!(ok(cloud, west, head).await, Reply::Exists(false));
    let Some(cluster) = cluster else { return };
    let id = ok(
        cloud,
        west,
        Op::ExecuteStatement {
            cluster: cluster.into(),
            database: "dev".into(),
            db_user: "awsuser".into(),
            sql: "CREATE TABLE IF NOT EXISTS public.contract (id int)".into(),
        },
    )
    .await
    .id()
    .unwrap();
    let s = ok(cloud, west, Op::DescribeStatement { id }).await.query().unwrap();
    assert!(!s.state.is_empty());
}

#[test]
fn storage_operations_on_the_simulated_cloud() {
    let a = defaults();
    let sim = SimCloud::new(&tipwiz::commands::sim_seed(&a), Timing::instant());
    let west = target("444455556666", "us-west-2");
    rt().block_on(storage_contract(&sim, &west, Some("anycompany-west")));
}

#[cfg(feature = "aws")]
#[test]
fn storage_operations_on_moto_through_the_sdk() {
    let Some(url) = moto() else { return };
    let cloud = moto_cloud(&url);
    let west = target("123456789012", "us-west-2");
    // moto's Redshift Data answers give timestamps as ISO strings where the JSON protocol has
    // numbers, which the SDK rejects: statements are covered by the mock tests instead.
    rt().block_on(storage_contract(cloud.as_ref(), &west, None));
}

/// Bob on his own machine against moto: a state directory with nothing of Alice's but her
/// handoff file, his lake steps that moto can serve, and then doctor finding the one
/// walkthrough pitfall put back by hand (Lake Formation defaults granting IAMAllowedPrincipals).
#[cfg(feature = "aws")]
#[test]
fn bobs_steps_on_moto_from_a_handoff_and_doctor_sees_the_defaults_come_back() {
    let Some(url) = moto() else { return };
    let dir = tempfile::tempdir().unwrap();
    let west = target("123456789012", "us-west-2");
    rt().block_on(async {
        let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-west-2"))
            .endpoint_url(&url)
            .load()
            .await;
        let made = aws_sdk_redshift::Client::new(&conf)
            .create_cluster()
            .cluster_identifier("anycompany-west")
            .node_type("ra3.xlplus")
            .number_of_nodes(2)
            .master_username("awsuser")
            .master_user_password("Passw0rd1")
            .send()
            .await;
        if let Err(e) = made {
            let text = format!("{e:?}");
            assert!(text.contains("AlreadyExists"), "{text}");
        }
        let store = moto_cloud(&url)
            .call(&west, &Op::ListInstances)
            .await
            .unwrap()
            .instances()
            .unwrap()[0]
            .identity_store_id
            .clone();
        seed_moto_group(&url, &store, "awssso-sales").await;
    });
    let answers = dir.path().join("answers.toml");
    std::fs::write(
        &answers,
        format!(
            "[alice]\nmanagement_account_id = \"123456789012\"\nmanagement_profile = \"\"\ngroup_name = \"awssso-sales\"\n\
             [bob]\nanalytics_account_id = \"123456789012\"\nanalytics_profile = \"\"\nsame_account = true\n\
             admin_role_arn = \"arn:aws:iam::123456789012:role/Admin\"\ncluster_id = \"anycompany-west\"\ns3_bucket = \"{}\"\n\
             [ethan]\nanalyst_user = \"ethan\"\n",
            unique("bob-moto-").to_lowercase()
        ),
    )
    .unwrap();
    // What Alice hands over: her second Region and the group's assignment, done.
    let handoff = dir.path().join("alice-to-bob.toml");
    std::fs::write(
        &handoff,
        "version = 1\n[steps.\"alice.idc-add-region\"]\nstate = \"done\"\n[steps.\"alice.assign-group\"]\nstate = \"done\"\n",
    )
    .unwrap();
    let state = dir.path().join("bob");
    let tw = |args: &[&str]| {
        tipwiz()
            .args(args)
            .args(["--backend", "aws", "--endpoint-url", &url, "--answers"])
            .arg(&answers)
            .arg("--state")
            .arg(&state)
            .output()
            .unwrap()
    };
    let out = tw(&[
        "apply",
        "--yes",
        "--jobs",
        "1",
        "--handoff",
        handoff.to_str().unwrap(),
        "--only",
        // What moto serves of Bob's part (it has no Glue catalogs, Access Grants instances or
        // Lake Formation Identity Center configurations).
        "bob.preflight,bob.lf-defaults,bob.lf-role,bob.s3-bucket",
    ]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{said}");
    let journal = tipwiz::journal::read(&state).unwrap().unwrap();
    for id in ["bob.preflight", "bob.lf-defaults", "bob.lf-role", "bob.s3-bucket"] {
        assert_eq!(journal.state(id), tipwiz::journal::StepState::Done, "{id}: {said}");
    }
    assert_eq!(
        journal.state("alice.idc-add-region"),
        tipwiz::journal::StepState::DoneElsewhere
    );
    assert!(
        journal.steps.keys().filter(|k| k.starts_with("alice.")).count() == 2,
        "nothing of Alice's but the handoff"
    );
    // The defaults come back by hand; doctor names the step and its fix.
    rt().block_on(async {
        let cloud = moto_cloud(&url);
        let mut s = cloud
            .call(&west, &Op::GetDataLakeSettings)
            .await
            .unwrap()
            .settings()
            .unwrap();
        s.create_table_defaults = vec![tipwiz::cloud::DefaultPermission {
            principal: tipwiz::cloud::IAM_ALLOWED_PRINCIPALS.into(),
            permissions: vec!["ALL".into()],
        }];
        cloud
            .call(&west, &Op::PutDataLakeSettings { settings: s })
            .await
            .unwrap();
    });
    let out = tw(&["doctor", "--persona", "bob", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["step"] == "bob.lf-defaults")
        .cloned()
        .unwrap();
    assert_eq!(f["health"], "problem", "{f}");
    assert!(f["detail"].as_str().unwrap().contains("IAMAllowedPrincipals"), "{f}");
    assert_eq!(out.status.code(), Some(1));
}

/// On a real account nothing of the example organisation is prefilled: the account ids and the
/// cluster are read from it (here moto's), and what it cannot settle is listed with its choices.
#[cfg(feature = "aws")]
#[test]
fn the_account_ids_and_the_cluster_come_from_the_account() {
    let Some(url) = moto() else { return };
    rt().block_on(async {
        let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-west-2"))
            .endpoint_url(&url)
            .load()
            .await;
        let made = aws_sdk_redshift::Client::new(&conf)
            .create_cluster()
            .cluster_identifier("anycompany-west")
            .node_type("ra3.xlplus")
            .number_of_nodes(2)
            .master_username("awsuser")
            .master_user_password("Passw0rd1")
            .send()
            .await;
        if let Err(e) = made {
            assert!(format!("{e:?}").contains("AlreadyExists"), "{e:?}");
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let plan = |answers: &str| {
        let file = dir.path().join("answers.toml");
        std::fs::write(&file, answers).unwrap();
        let out = tipwiz()
            .args(["plan", "--backend", "aws", "--endpoint-url", &url, "--answers"])
            .arg(&file)
            .arg("--state")
            .arg(dir.path().join("state"))
            .output()
            .unwrap();
        (
            out.status.code(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    // Only what moto cannot tell: the group and the user (its identity store may hold several,
    // or none), and the admin role (moto signs in as a user, not a role).
    let (code, text) = plan(
        "[alice]\ngroup_name = \"awssso-sales\"\n[bob]\nsame_account = true\nadmin_role_arn = \"arn:aws:iam::123456789012:role/Admin\"\ncluster_id = \"anycompany-west\"\n[ethan]\nanalyst_user = \"ethan\"\n",
    );
    assert!(
        !text.contains("111122223333"),
        "nothing of the example organisation:\n{text}"
    );
    assert!(text.contains("account A (management) 123456789012"), "{code:?}\n{text}");
    // The answers file to start from has them filled in.
    let out = tipwiz()
        .args(["answers", "--backend", "aws", "--endpoint-url", &url, "--state"])
        .arg(dir.path().join("fresh"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // The cluster: the one RA3 cluster there, or a choice among several (other tests made some).
    assert!(text.contains("management_account_id = \"123456789012\""), "{text}");
    assert!(
        text.contains("cluster_id = \"anycompany-west\"")
            || text.contains("# TO SET: one of anycompany-west, contract-west\ncluster_id = \"\""),
        "{text}"
    );
    assert!(
        text.contains("# TO SET: the account has none to offer\nadmin_role_arn = \"\""),
        "{text}"
    );
    // Without the admin role it says what it could not settle, and why.
    let (code, text) =
        plan("[alice]\ngroup_name = \"awssso-sales\"\n[bob]\nsame_account = true\n[ethan]\nanalyst_user = \"ethan\"\n");
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("bob.admin_role_arn: the account has none to offer"),
        "{text}"
    );
}
