//! `tipwiz doctor` on a simulated cloud: clean after a full apply, and for each walkthrough
//! pitfall, seeded through the same operations a person would use, the right step with its fix.

use crate::common::*;
use tipwiz::catalog::{AccountRole, RegionRole};
use tipwiz::cloud::{Cloud, DefaultPermission, LakeSettings, LfResource, Op, Target};
use tipwiz::engine::doctor::{Finding, Health};
use tipwiz::engine::{Engine, Outcome, RunOptions};
use tipwiz::journal::{Journal, JournalData};

fn doctor(sim: std::sync::Arc<tipwiz::cloud::sim::SimCloud>) -> Vec<Finding> {
    let data = JournalData {
        version: tipwiz::journal::VERSION,
        backend: "doctor".into(),
        answers: defaults(),
        steps: Default::default(),
    };
    let engine = Engine::new(catalog(), sim, Journal::scratch(data), None);
    rt().block_on(engine.doctor(None))
}

fn at(account: AccountRole, region: RegionRole) -> Target {
    defaults().target(account, region)
}

fn bob() -> Target {
    at(AccountRole::Analytics, RegionRole::Secondary)
}

/// A cloud with the whole walkthrough applied, or only its first `steps`.
fn applied(steps: Option<&[&str]>) -> (tempfile::TempDir, std::sync::Arc<tipwiz::cloud::sim::SimCloud>) {
    let dir = tempfile::tempdir().unwrap();
    let (sim, engine) = open(dir.path(), None);
    let opts = RunOptions {
        only: steps.map(|s| s.iter().map(|x| x.to_string()).collect()),
        ..all_steps()
    };
    assert_eq!(run(engine.apply(&opts)), Outcome::Done);
    (dir, sim)
}

fn call(sim: &tipwiz::cloud::sim::SimCloud, t: &Target, op: Op) -> tipwiz::cloud::Reply {
    let name = op.name();
    rt().block_on(sim.call(t, &op))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The findings with a problem, as (step, detail, fix joined).
fn problems(f: &[Finding]) -> Vec<(String, String, String)> {
    f.iter()
        .filter(|f| f.health == Health::Problem)
        .map(|f| (f.step.clone(), f.detail.clone(), f.fix.join("\n")))
        .collect()
}

fn assert_found(f: &[Finding], step: &str, detail: &str, fix: &str) {
    let p = problems(f);
    let hit = p
        .iter()
        .find(|(s, _, _)| s == step)
        .unwrap_or_else(|| panic!("no problem reported for {step}: {p:?}"));
    assert!(hit.1.contains(detail), "{step}: {}", hit.1);
    assert!(
        hit.2.contains(fix) && hit.2.contains(&format!("tipwiz apply --only {step}")),
        "{step}: {}",
        hit.2
    );
}

fn settings(sim: &tipwiz::cloud::sim::SimCloud, edit: impl Fn(&mut LakeSettings)) {
    let mut s = call(sim, &bob(), Op::GetDataLakeSettings).settings().unwrap();
    edit(&mut s);
    call(sim, &bob(), Op::PutDataLakeSettings { settings: s });
}

fn iap() -> Vec<DefaultPermission> {
    vec![DefaultPermission {
        principal: tipwiz::cloud::IAM_ALLOWED_PRINCIPALS.into(),
        permissions: vec!["ALL".into()],
    }]
}

#[test]
fn a_whole_setup_has_nothing_wrong() {
    let (_dir, sim) = applied(None);
    let f = doctor(sim);
    assert!(problems(&f).is_empty(), "{:?}", problems(&f));
    assert_eq!(f.iter().filter(|f| f.health == Health::InPlace).count(), 27);
}

#[test]
fn lake_formation_defaults_still_granting_iam_allowed_principals() {
    let (_dir, sim) = applied(None);
    settings(&sim, |s| s.create_table_defaults = iap());
    assert_found(&doctor(sim), "bob.lf-defaults", "IAMAllowedPrincipals", "");
}

#[test]
fn s3tablescatalog_made_before_the_defaults_were_removed() {
    let (_dir, sim) = applied(None);
    let catalog = |name: &str| Op::GetCatalog { name: name.into() };
    let info = call(&sim, &bob(), catalog("s3tablescatalog"))
        .catalog()
        .unwrap()
        .unwrap();
    call(
        &sim,
        &bob(),
        Op::DeleteCatalog {
            name: info.name.clone(),
        },
    );
    settings(&sim, |s| s.create_database_defaults = iap());
    call(
        &sim,
        &bob(),
        Op::CreateCatalog {
            name: info.name,
            federated_identifier: info.federated_identifier,
            connection_name: info.connection_name,
        },
    );
    settings(&sim, |s| s.create_database_defaults.clear());
    assert_found(
        &doctor(sim),
        "bob.s3tables-register",
        "created while Lake Formation's defaults still granted IAMAllowedPrincipals",
        "aws glue delete-catalog --catalog-id s3tablescatalog",
    );
}

#[test]
fn a_registration_naming_the_role_without_its_path() {
    let (_dir, sim) = applied(None);
    let resource_arn = "arn:aws:s3tables:us-west-2:444455556666:bucket/*".to_string();
    call(
        &sim,
        &bob(),
        Op::DeregisterResource {
            resource_arn: resource_arn.clone(),
        },
    );
    call(
        &sim,
        &bob(),
        Op::RegisterResource {
            resource_arn,
            role_arn: "arn:aws:iam::444455556666:role/LFAccessRole-S3Tables".into(),
            with_federation: true,
            with_privileged_access: true,
        },
    );
    assert_found(
        &doctor(sim),
        "bob.s3tables-register",
        "registered with the role arn:aws:iam::444455556666:role/LFAccessRole-S3Tables",
        "aws lakeformation update-resource",
    );
}

#[test]
fn a_replica_key_whose_policy_differs_from_the_primary() {
    let (_dir, sim) = applied(None);
    let primary = at(AccountRole::Management, RegionRole::Primary);
    let key = call(
        &sim,
        &primary,
        Op::DescribeKey {
            key_id: "alias/anycompany-identity-center".into(),
        },
    )
    .maybe_key()
    .unwrap()
    .unwrap();
    let replica = at(AccountRole::Management, RegionRole::Secondary);
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}"#;
    call(
        &sim,
        &replica,
        Op::PutKeyPolicy {
            key_id: key.key_id,
            policy: policy.into(),
        },
    );
    assert_found(
        &doctor(sim),
        "alice.kms-replica",
        "another key policy than the primary",
        "aws kms put-key-policy",
    );
}

#[test]
fn identity_center_not_on_the_key_and_the_second_region_not_added() {
    let (_dir, sim) = applied(Some(&["alice.preflight", "alice.kms-key", "alice.kms-replica"]));
    let f = doctor(sim);
    assert_found(
        &f,
        "alice.idc-encryption",
        "AWS owned key",
        "aws sso-admin update-instance",
    );
    assert_found(&f, "alice.idc-add-region", "not added", "aws sso-admin add-region");
}

#[test]
fn redshift_service_linked_role_not_a_read_only_admin() {
    let (_dir, sim) = applied(None);
    settings(&sim, |s| s.read_only_admins.clear());
    assert_found(&doctor(sim), "bob.lf-readonly-admin", "AWSServiceRoleForRedshift", "");
}

#[test]
fn bobs_role_without_its_database_grant() {
    let (_dir, sim) = applied(None);
    call(
        &sim,
        &bob(),
        Op::RevokePermissions {
            principal: "arn:aws:iam::444455556666:role/Admin".into(),
            resource: LfResource::Database {
                catalog_id: "444455556666:s3tablescatalog/anycompany-customer-tables".into(),
                name: "customers".into(),
            },
            permissions: vec!["CREATE_TABLE".into(), "DESCRIBE".into()],
        },
    );
    assert_found(
        &doctor(sim),
        "bob.admin-grant",
        "",
        "aws lakeformation grant-permissions",
    );
}

#[test]
fn the_group_without_select_on_the_tables() {
    let (_dir, sim) = applied(None);
    let group = call(
        &sim,
        &bob(),
        Op::GetGroupId {
            identity_store_id: sim.dump()["identity"]["identity_store_id"].as_str().unwrap().into(),
            display_name: "awssso-sales".into(),
        },
    )
    .id()
    .unwrap();
    call(
        &sim,
        &bob(),
        Op::RevokePermissions {
            principal: format!("arn:aws:identitystore:::group/{group}"),
            resource: LfResource::Table {
                catalog_id: "444455556666:s3tablescatalog/anycompany-customer-tables".into(),
                database: "customers".into(),
                table: None,
            },
            permissions: vec!["SELECT".into()],
        },
    );
    assert_found(
        &doctor(sim),
        "bob.group-grants",
        "SELECT",
        "aws lakeformation grant-permissions",
    );
}

#[test]
fn access_grants_not_associated_with_identity_center() {
    let (_dir, sim) = applied(None);
    call(
        &sim,
        &bob(),
        Op::DissociateAccessGrantsIdentityCenter {
            account_id: "444455556666".into(),
        },
    );
    assert_found(
        &doctor(sim),
        "bob.access-grants",
        "not associated",
        "aws s3control associate-access-grants-identity-center",
    );
}

#[test]
fn a_location_role_whose_trust_lacks_set_context() {
    let (_dir, sim) = applied(None);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"access-grants.s3.amazonaws.com"},"Action":["sts:AssumeRole","sts:SetSourceIdentity"]}]}"#;
    call(
        &sim,
        &bob(),
        Op::UpdateAssumeRolePolicy {
            name: "S3AccessGrantsLocationRole".into(),
            trust_policy: trust.into(),
        },
    );
    assert_found(
        &doctor(sim),
        "bob.access-grants",
        "sts:SetContext",
        "aws iam update-assume-role-policy",
    );
}

#[test]
fn a_redshift_application_without_its_lake_formation_integration() {
    let c = catalog();
    let ids: Vec<&str> = c
        .steps()
        .iter()
        .map(|s| s.id.as_str())
        .take_while(|s| *s != "bob.redshift-idc-app")
        .collect();
    let (_dir, sim) = applied(Some(&ids));
    let instance = sim.dump()["identity"]["instance_arn"].as_str().unwrap().to_string();
    call(
        &sim,
        &bob(),
        Op::CreateRedshiftIdcApplication {
            name: "anycompany-west-redshift".into(),
            display_name: "Redshift-us-west-2".into(),
            idc_instance_arn: instance,
            identity_namespace: "AWSIDC".into(),
            iam_role_arn: "arn:aws:iam::444455556666:role/service-role/LFAccessRole-S3Tables".into(),
            lake_formation: false,
            access_grants: true,
        },
    );
    assert_found(
        &doctor(sim),
        "bob.redshift-idc-app",
        "no Lake Formation integration",
        "aws redshift modify-redshift-idc-application",
    );
}

#[test]
fn the_group_not_assigned_to_the_redshift_application() {
    let (dir, sim) = applied(None);
    let journal = tipwiz::journal::read(dir.path()).unwrap().unwrap();
    let managed = journal
        .output("bob.redshift-idc-app", "managed_application_arn")
        .unwrap();
    let group_id = journal.output("bob.group-grants", "group_id").unwrap();
    call(
        &sim,
        &bob(),
        Op::DeleteApplicationAssignment {
            application_arn: managed,
            group_id,
        },
    );
    assert_found(
        &doctor(sim),
        "bob.redshift-idc-app",
        "not assigned to the Redshift application",
        "aws sso-admin create-application-assignment",
    );
}

/// Reading the account from the wizard (D) uses the setup's own journal: what was done here
/// stays "done", only what was done elsewhere is recorded so.
#[test]
fn reading_the_account_leaves_steps_done_here_as_they_are() {
    use tipwiz::journal::StepState;
    let dir = tempfile::tempdir().unwrap();
    let (_sim, engine) = open(dir.path(), None);
    let opts = RunOptions {
        only: Some(vec!["alice.preflight".into(), "alice.kms-key".into()]),
        ..all_steps()
    };
    assert_eq!(run(engine.apply(&opts)), Outcome::Done);
    let found = rt().block_on(engine.doctor(None));
    assert!(
        found
            .iter()
            .any(|f| f.step == "alice.kms-key" && f.health == Health::InPlace)
    );
    let j = engine.journal.snapshot();
    assert_eq!(j.state("alice.kms-key"), StepState::Done);
    assert_eq!(j.state("alice.preflight"), StepState::Done);
}
