//! The AWS CLI script of `export --format shell`: the calls of a dry run on a fresh organisation,
//! as commands a person can read and run on a real account.
//!
//! What it holds to: every value is a single-quoted shell word, with the ids that only exist
//! when the script runs spliced in as `"${VAR}"` (no answer can run anything); every id comes
//! from a capture while it runs, none from the simulated cloud; every create is guarded by the
//! look-up the wizard makes, so it is safe to run twice and after a partial run; a failing call
//! stops it with its message; every wait has a deadline; it ends with CloudTrail's proof.

use crate::answers::Answers;
use crate::catalog::{Catalog, Persona};
use crate::cloud::cli::{Invocation, invocations, json_text, sh, targeted};
use crate::cloud::record::Call;
use crate::cloud::{LakeSettings, Op, Reply, Target};
use crate::engine::plan::StepPlan;
use std::fmt::Write as _;

/// The script's helpers: stop with a message, look up (a missing thing is not an error; any
/// other failure stops the script), wait with a deadline, wait on a Redshift statement.
const PRELUDE: &str = r#"set -euo pipefail

die() { printf 'tipwiz script: %s\n' "$*" >&2; exit 1; }

# lookup VAR aws ...: runs a look-up in this shell (never in $(...), where a stop would only end
# the subshell). When the thing exists it sets VAR to the answer and succeeds; when it does not,
# it empties VAR and returns 1; any other failure stops the script with the CLI's message.
lookup() {
  local var=$1 out rc=0
  shift
  out=$("$@" 2>"$TIPWIZ_ERR") || rc=$?
  printf -v "$var" '%s' ""
  if [ "$rc" -eq 0 ]; then
    case "$out" in '' | None | null) return 1 ;; esac
    printf -v "$var" '%s' "$out"
    return 0
  fi
  case "$(cat "$TIPWIZ_ERR")" in
    *NotFound* | *NoSuchEntity* | *NoSuchBucket* | *NotExist* | *'(404)'* | *'does not exist'*) return 1 ;;
  esac
  printf 'tipwiz script: a look-up failed: %s\n' "$*" >&2
  cat "$TIPWIZ_ERR" >&2
  exit 2
}
TIPWIZ_ERR=$(mktemp)
trap 'rm -f "$TIPWIZ_ERR"' EXIT

# Succeeds when a call that answers nothing (HeadBucket) succeeds; as found otherwise.
exists() {
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  [ "$rc" -eq 0 ] && return 0
  case "$out" in *NotFound* | *'(404)'* | *'Not Found'*) return 1 ;; esac
  printf 'tipwiz script: a look-up failed: %s\n%s\n' "$*" "$out" >&2
  exit 2
}

# A value a capture must have produced.
need() { [ -n "$2" ] && [ "$2" != None ] || die "$1 is empty: the call that should have given it answered nothing"; }

# Waits until a read answers WANT, reading every 10 s; gives up after SECS, saying what it waited
# for and what it saw last. A failed state stops it at once.
wait_for() {
  local what=$1 want=$2 secs=$3 got
  shift 3
  local deadline=$((SECONDS + secs))
  while :; do
    got=$("$@") || die "$what: the status could not be read"
    [ "$got" = "$want" ] && return 0
    case "$got" in FAILED | UPDATE_FAILED | ABORTED | CANCELLED) die "$what: $got" ;; esac
    [ "$SECONDS" -lt "$deadline" ] || die "gave up waiting for $what after $secs s (last seen: $got)"
    sleep 10
  done
}

# Waits for a Redshift statement; one that finds its object already made (a second run) is fine.
# Arguments: the statement id, then the describe-statement command without --id.
wait_statement() {
  local id=$1 status err
  shift
  local deadline=$((SECONDS + 600))
  while :; do
    status=$("$@" --id "$id" --query Status --output text) || die "the statement's status could not be read"
    case "$status" in
      FINISHED) return 0 ;;
      FAILED | ABORTED)
        err=$("$@" --id "$id" --query Error --output text)
        case "$err" in *'already exists'*) return 0 ;; esac
        die "Redshift refused a statement: $err" ;;
    esac
    [ "$SECONDS" -lt "$deadline" ] || die "gave up waiting for a Redshift statement after 600 s (last seen: $status)"
    sleep 5
  done
}
"#;

/// A shell variable the script sets while it runs, with the value the dry run saw.
#[derive(Debug, Clone)]
struct Var {
    name: String,
    value: String,
}

/// The script being written, and the variables it has set so far.
struct Script {
    out: String,
    vars: Vec<Var>,
    /// The captures of the current step, so a read the step repeats is written once.
    captured: Vec<String>,
}

/// A JMESPath raw string literal: quotes and backslashes escaped.
fn jp(v: &str) -> String {
    format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"))
}

impl Script {
    /// A value as one shell word: single-quoted literal runs, with the variables' values spliced
    /// in as "${VAR}" (a whole value always, inside a longer one when at least 8 characters,
    /// longest first), so the script carries the ids it captured, never the dry run's, and no
    /// value is ever expanded or run by the shell.
    fn word(&self, value: &str) -> String {
        if let Some(v) = self.vars.iter().rev().find(|v| v.value == value) {
            return format!("\"${{{}}}\"", v.name);
        }
        let mut vars: Vec<&Var> = self.vars.iter().filter(|v| v.value.len() >= 8).collect();
        vars.sort_by_key(|v| std::cmp::Reverse(v.value.len()));
        let mut out = String::new();
        let mut lit = String::new();
        let mut rest = value;
        while let Some(c) = rest.chars().next() {
            if let Some(v) = vars.iter().find(|v| rest.starts_with(v.value.as_str())) {
                if !lit.is_empty() {
                    out.push_str(&sh(&lit));
                    lit.clear();
                }
                let _ = write!(out, "\"${{{}}}\"", v.name);
                rest = &rest[v.value.len()..];
            } else {
                lit.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        if !lit.is_empty() || out.is_empty() {
            out.push_str(&sh(&lit));
        }
        out
    }

    fn render(&self, inv: &Invocation) -> String {
        inv.render(&|v| self.word(v))
    }

    fn line(&mut self, l: impl AsRef<str>) {
        self.out.push_str(l.as_ref());
        self.out.push('\n');
    }

    /// Declares a variable for a value the dry run saw (the same name again is re-read, never
    /// numbered, so a persona's part run alone reads it itself).
    fn define(&mut self, name: &str, value: &str) {
        self.vars.retain(|v| v.name != name);
        if !value.is_empty() {
            self.vars.push(Var {
                name: name.into(),
                value: value.into(),
            });
        }
    }

    /// Sets the variables from an answer of one or several words, and checks each has a value.
    fn assign(&mut self, names: &[(&str, &str)], from: &str) {
        if let [(n, _)] = names {
            if *n != from {
                self.line(format!("{n}=${from}"));
            }
        } else {
            let list: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            self.line(format!("read -r {} <<< \"${from}\"", list.join(" ")));
        }
        for (n, v) in names {
            self.line(format!("need {n} \"${n}\""));
            self.define(n, v);
        }
    }

    /// A read whose answer the rest of the script needs: `NAME=$(aws ...)` on its own line, so
    /// a failure stops the script, then a check that it answered.
    fn capture(&mut self, names: &[(&str, &str)], inv: Invocation, query: &str) {
        let cmd = self.render(&with_query(inv, query));
        if self.captured.contains(&cmd) {
            return;
        }
        self.captured.push(cmd.clone());
        let into = if names.len() == 1 { names[0].0 } else { "OUT" };
        self.line(format!("{into}=$({cmd})"));
        self.assign(names, into);
    }

    /// A create guarded by its look-up: what exists is kept, the create runs otherwise. With
    /// `names`, both set the same variables from the same query.
    fn guarded(
        &mut self,
        lookup: Invocation,
        lookup_query: &str,
        create: Invocation,
        names: &[(&str, &str)],
        query: Option<&str>,
    ) {
        let found = self.render(&with_query(lookup, lookup_query));
        let create_cmd = match query {
            Some(q) => self.render(&with_query(create, q)),
            None => self.render(&create),
        };
        if names.is_empty() {
            self.line(format!("if ! lookup _ {found}; then"));
            self.line(format!("  {create_cmd}"));
            self.line("fi");
            return;
        }
        let into = if names.len() == 1 { names[0].0 } else { "OUT" };
        self.line(format!("if ! lookup {into} {found}; then"));
        self.line(format!("  {into}=$({create_cmd})"));
        self.line("fi");
        self.assign(names, into);
    }

    fn wait(&mut self, what: &str, want: &str, secs: u32, inv: Invocation, query: &str) {
        let cmd = self.render(&with_query(inv, query));
        let what = sh(what);
        self.line(format!("wait_for {what} {want} {secs} {cmd}"));
    }
}

fn with_query(mut inv: Invocation, query: &str) -> Invocation {
    inv.args.push(("--query".into(), query.into()));
    inv.args.push(("--output".into(), "text".into()));
    inv
}

/// The single invocation of an operation (every operation the script sends has one).
fn one(t: &Target, op: &Op) -> Invocation {
    invocations(t, op).remove(0)
}

/// The AWS CLI script that performs the same calls as `apply`, ids passed on in shell variables.
pub fn shell(catalog: &Catalog, a: &Answers, plans: &[StepPlan]) -> String {
    let mut s = Script {
        out: String::new(),
        vars: vec![],
        captured: vec![],
    };
    s.line("#!/usr/bin/env bash");
    s.line("# The AWS CLI equivalent of `tipwiz apply`, written by `tipwiz export --format shell`.");
    s.line("# Run it whole, with each persona's profile set in it: later commands use ids that earlier");
    s.line("# ones capture. It is safe to run again after a partial run: every create is guarded by a");
    s.line("# look-up. It has no rollback; tipwiz does (tipwiz teardown).");
    s.out.push_str(PRELUDE);
    let mut last: Option<Persona> = None;
    for sp in plans {
        let step = catalog.get(&sp.step).expect("plans follow the catalog");
        if last != Some(step.persona) {
            s.line(format!(
                "\n# ===== {} ({}) =====",
                step.persona.name(),
                step.persona.role()
            ));
            last = Some(step.persona);
        }
        s.line(format!("\n# --- {}: {}", step.id, step.title));
        for item in &step.checklist {
            s.line(format!("#   manual: {}", one_line(&a.fill(item))));
        }
        if let Some(sql) = crate::actions::sql_for(&step.id, a) {
            s.line("#   Ethan runs in Query Editor v2:");
            for l in sql.lines() {
                s.line(format!("#     {}", one_line(l)));
            }
        }
        if step.needs_confirmation() && step.action != "verify.cloudtrail" {
            s.line(format!(
                "echo {}",
                sh(&format!(
                    "{}: {} (done by a person; see the comments above)",
                    step.id, step.title
                ))
            ));
            continue;
        }
        s.captured.clear();
        step_calls(&mut s, a, &sp.calls);
    }
    s.line("\necho 'tipwiz script: done'");
    s.out
}

/// Comments hold one line each: a value with a newline cannot escape them.
fn one_line(v: &str) -> String {
    v.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn step_calls(s: &mut Script, a: &Answers, calls: &[Call]) {
    let mut changed = false;
    let mut waited: Vec<&'static str> = vec![];
    let mut created_table = false;
    let mut settings_before: Option<LakeSettings> = None;
    for c in calls {
        let Ok(reply) = &c.reply else { continue };
        let t = &c.target;
        match (&c.op, reply) {
            (Op::ListInstances, Reply::Instances(v)) if !v.is_empty() => {
                let owner = &v[0].owner_account;
                s.capture(
                    &[
                        ("INSTANCE_ARN", &v[0].arn),
                        ("IDENTITY_STORE_ID", &v[0].identity_store_id),
                    ],
                    one(t, &c.op),
                    &format!(
                        "Instances[?OwnerAccountId=={}] | [0].[InstanceArn, IdentityStoreId]",
                        jp(owner)
                    ),
                );
            }
            (Op::GetGroupId { .. }, Reply::Id(id)) => s.capture(&[("GROUP_ID", id)], one(t, &c.op), "GroupId"),
            (Op::GetUserId { .. }, Reply::Id(id)) => s.capture(&[("USER_ID", id)], one(t, &c.op), "UserId"),
            (Op::GetDataLakeSettings, Reply::Settings(before)) => settings_before = Some(before.clone()),
            (Op::LookupEvents { .. }, _) if !waited.contains(&"LookupEvents") => {
                waited.push("LookupEvents");
                cloudtrail_proof(s, a, t);
            }
            (op, _) if op.is_mutating() => {
                changed = true;
                waited.clear();
                mutating(s, t, op, reply, &mut created_table, settings_before.take());
            }
            (op, _) if changed => {
                if let Some((what, want, query)) = wait_condition(op, t)
                    && !waited.contains(&op.name())
                {
                    waited.push(op.name());
                    // A status read with the id a capture gave; polled until it answers `want`.
                    s.wait(&what, want, 3600, one(t, op), query);
                }
            }
            _ => {}
        }
    }
}

/// For status reads a step polls after a change: what is waited for, the value, and the CLI
/// query for the status. Reads whose wait the create writes itself (an assignment's, a query's)
/// are not here.
fn wait_condition(op: &Op, t: &Target) -> Option<(String, &'static str, &'static str)> {
    Some(match op {
        Op::DescribeRegion { region, .. } => (format!("{region} in Identity Center"), "ACTIVE", "Status"),
        Op::DescribeInstance { .. } => (
            "Identity Center's encryption".into(),
            "ENABLED",
            "EncryptionConfigurationDetails.EncryptionStatus",
        ),
        Op::DescribeKey { .. } => (
            format!("the KMS key in {}", t.region),
            "Enabled",
            "KeyMetadata.KeyState",
        ),
        Op::DescribePermissionSetProvisioningStatus { .. } => (
            "the permission set's provisioning".into(),
            "SUCCEEDED",
            "PermissionSetProvisioningStatus.Status",
        ),
        _ => return None,
    })
}

/// A change, written with the look-up that makes it safe to run again.
fn mutating(
    s: &mut Script,
    t: &Target,
    op: &Op,
    reply: &Reply,
    created_table: &mut bool,
    settings_before: Option<LakeSettings>,
) {
    let create = one(t, op);
    let guard = |op: Op, query: &str| Some((one(t, &op), query.to_string()));
    // The look-up that finds what the change makes, and its query, for the plain guarded form.
    let lookup: Option<(Invocation, String)> = match op {
        Op::CreateAlias { alias, .. } => guard(Op::DescribeKey { key_id: alias.clone() }, "KeyMetadata.KeyId"),
        Op::ReplicateKey {
            key_id, replica_region, ..
        } => {
            let at = Target {
                region: replica_region.clone(),
                ..t.clone()
            };
            Some((
                one(&at, &Op::DescribeKey { key_id: key_id.clone() }),
                "KeyMetadata.KeyId".into(),
            ))
        }
        Op::AddRegion { instance_arn, region } => guard(
            Op::DescribeRegion {
                instance_arn: instance_arn.clone(),
                region: region.clone(),
            },
            // Not Status: the wait reads that, and a look-up should not look like a wait.
            "RegionName",
        ),
        Op::AttachManagedPolicyToPermissionSet {
            instance_arn,
            permission_set_arn,
            policy_arn,
        } => guard(
            Op::ListManagedPoliciesInPermissionSet {
                instance_arn: instance_arn.clone(),
                permission_set_arn: permission_set_arn.clone(),
            },
            &format!("AttachedManagedPolicies[?Arn=={}].Arn | [0]", jp(policy_arn)),
        ),
        Op::CreateServiceLinkedRole { .. } => guard(
            Op::GetRole {
                name: "AWSServiceRoleForRedshift".into(),
            },
            "Role.Arn",
        ),
        Op::CreateLakeFormationIdentityCenterConfiguration { .. } => {
            guard(Op::DescribeLakeFormationIdentityCenterConfiguration, "InstanceArn")
        }
        Op::CreateRole { name, .. } => guard(Op::GetRole { name: name.clone() }, "Role.Arn"),
        Op::ModifyClusterIamRoles { cluster, add, .. } if add.len() == 1 => guard(
            Op::DescribeCluster { id: cluster.clone() },
            &format!("Clusters[0].IamRoles[?IamRoleArn=={}].IamRoleArn | [0]", jp(&add[0])),
        ),
        Op::RegisterResource { resource_arn, .. } => guard(
            Op::DescribeResource {
                resource_arn: resource_arn.clone(),
            },
            "ResourceInfo.ResourceArn",
        ),
        Op::CreateCatalog { name, .. } => guard(Op::GetCatalog { name: name.clone() }, "Catalog.Name"),
        Op::CreateNamespace {
            table_bucket_arn,
            namespace,
        } => guard(
            Op::GetNamespace {
                table_bucket_arn: table_bucket_arn.clone(),
                namespace: namespace.clone(),
            },
            "namespace[0]",
        ),
        Op::CreateApplicationAssignment {
            application_arn,
            group_id,
        } => guard(
            Op::ListApplicationAssignments {
                application_arn: application_arn.clone(),
            },
            &format!(
                "ApplicationAssignments[?PrincipalId=={}].PrincipalId | [0]",
                jp(group_id)
            ),
        ),
        _ => None,
    };
    if let Some((lookup, query)) = lookup {
        s.guarded(lookup, &query, create, &[], None);
        return;
    }
    match (op, reply) {
        (Op::CreateKey { tags, .. }, Reply::Key(k)) => {
            let alias = tags
                .iter()
                .find(|(k, _)| k == "tipwiz:alias")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let lookup = one(t, &Op::DescribeKey { key_id: alias });
            s.guarded(
                lookup,
                "KeyMetadata.KeyId",
                create,
                &[("KEY_ID", &k.key_id)],
                Some("KeyMetadata.KeyId"),
            );
        }
        (
            Op::UpdateInstanceEncryption {
                instance_arn,
                kms_key_arn: Some(key),
            },
            _,
        ) => {
            let describe = Op::DescribeInstance {
                instance_arn: instance_arn.clone(),
            };
            let lookup = s.render(&with_query(
                one(t, &describe),
                "EncryptionConfigurationDetails.KmsKeyArn",
            ));
            let key = s.word(key);
            let cmd = s.render(&create);
            s.line(format!("if [ \"$({lookup})\" != {key} ]; then"));
            s.line(format!("  {cmd}"));
            s.line("fi");
        }
        (Op::CreatePermissionSet { instance_arn, name, .. }, Reply::Id(arn)) => {
            permission_set(s, t, instance_arn, name, arn, create);
        }
        (
            Op::CreateAccountAssignment {
                instance_arn,
                permission_set_arn,
                account_id,
                group_id,
            },
            Reply::Assignment(st),
        ) => {
            let list = Op::ListAccountAssignments {
                instance_arn: instance_arn.clone(),
                account_id: account_id.clone(),
                permission_set_arn: permission_set_arn.clone(),
            };
            let lookup = s.render(&with_query(
                one(t, &list),
                &format!("AccountAssignments[?PrincipalId=={}].PrincipalId | [0]", jp(group_id)),
            ));
            let cmd = s.render(&with_query(create, "AccountAssignmentCreationStatus.RequestId"));
            s.line(format!("if ! lookup _ {lookup}; then"));
            s.line(format!("  REQUEST_ID=$({cmd})"));
            s.define("REQUEST_ID", &st.request_id);
            let status = Op::DescribeAccountAssignmentCreationStatus {
                instance_arn: instance_arn.clone(),
                request_id: st.request_id.clone(),
            };
            let wait = s.render(&with_query(one(t, &status), "AccountAssignmentCreationStatus.Status"));
            s.line(format!("  wait_for 'the account assignment' SUCCEEDED 3600 {wait}"));
            s.line("fi");
        }
        (Op::PutDataLakeSettings { settings }, _) => lake_settings(s, t, settings_before.as_ref(), settings),
        (Op::CreateTableBucket { name }, Reply::Id(arn)) => {
            let lookup = one(t, &Op::FindTableBucket { name: name.clone() });
            let query = format!("tableBuckets[?name=={}].arn | [0]", jp(name));
            s.guarded(lookup, &query, create, &[("TABLE_BUCKET_ARN", arn)], Some("arn"));
        }
        (Op::StartQueryExecution { sql, database, .. }, Reply::Id(id)) => {
            athena_query(s, t, sql, database, id, create, created_table);
        }
        (Op::CreateBucket { name, .. }, _) => {
            let mut head = one(t, &Op::HeadBucket { name: name.clone() });
            head.args
                .insert(1, ("--expected-bucket-owner".into(), t.account_id.clone()));
            let head = s.render(&head);
            let cmd = s.render(&create);
            // Another account's bucket answers 403 here and stops the script: it is never taken.
            s.line(format!("if ! exists {head}; then"));
            s.line(format!("  {cmd}"));
            s.line("fi");
        }
        (
            Op::CreateAccessGrantsInstance {
                account_id,
                identity_center_arn,
            },
            _,
        ) => access_grants_instance(s, t, account_id, identity_center_arn, create),
        (Op::CreateAccessGrantsLocation { account_id, scope, .. }, Reply::Id(id)) => {
            let lookup = one(
                t,
                &Op::ListAccessGrantsLocations {
                    account_id: account_id.clone(),
                },
            );
            // The scope as given or without its slash: whether the service keeps it is not
            // documented (the S3 User Guide writes s3://bucket/, the model s3://bucket).
            let query = format!(
                "AccessGrantsLocationsList[?LocationScope=={} || LocationScope=={}].AccessGrantsLocationId | [0]",
                jp(scope),
                jp(scope.trim_end_matches('/'))
            );
            s.guarded(
                lookup,
                &query,
                create,
                &[("LOCATION_ID", id)],
                Some("AccessGrantsLocationId"),
            );
        }
        (
            Op::CreateAccessGrant {
                account_id,
                location_id,
                group_id,
                ..
            },
            Reply::Id(id),
        ) => {
            let lookup = one(
                t,
                &Op::ListAccessGrants {
                    account_id: account_id.clone(),
                },
            );
            let query = format!(
                "AccessGrantsList[?AccessGrantsLocationId=={} && Grantee.GranteeIdentifier=={}].AccessGrantId | [0]",
                jp(location_id),
                jp(group_id)
            );
            s.guarded(lookup, &query, create, &[("GRANT_ID", id)], Some("AccessGrantId"));
        }
        (Op::CreateRedshiftIdcApplication { name, .. }, Reply::IdcApp(app)) => {
            let lookup = one(t, &Op::FindRedshiftIdcApplication { name: name.clone() });
            let query = format!(
                "RedshiftIdcApplications[?RedshiftIdcApplicationName=={}] | [0].[RedshiftIdcApplicationArn, IdcManagedApplicationArn]",
                jp(name)
            );
            s.guarded(
                lookup,
                &query,
                create,
                &[
                    ("REDSHIFT_APP_ARN", &app.arn),
                    ("MANAGED_APP_ARN", &app.managed_application_arn),
                ],
                Some("RedshiftIdcApplication.[RedshiftIdcApplicationArn, IdcManagedApplicationArn]"),
            );
            // The role's statement for the application names the account in the application's
            // ARN, which only the reply tells.
            let app_account = app.managed_application_arn.split(':').nth(4).unwrap_or_default();
            let ssoins = app.managed_application_arn.split('/').nth(1).unwrap_or_default();
            s.line("APP_SCOPE=\"arn:aws:sso::$(printf %s \"$MANAGED_APP_ARN\" | cut -d: -f5):application/${INSTANCE_ARN##*/}/*\"");
            s.define(
                "APP_SCOPE",
                &format!("arn:aws:sso::{app_account}:application/{ssoins}/*"),
            );
        }
        (Op::CreateQev2IdcApplication { name, .. }, Reply::Qev2App(app)) => {
            let lookup = one(t, &Op::FindQev2IdcApplication { name: name.clone() });
            let query = format!(
                "Qev2IdcApplications[?Qev2IdcApplicationName=={}] | [0].[Qev2IdcApplicationArn, IdcManagedApplicationArn]",
                jp(name)
            );
            s.guarded(
                lookup,
                &query,
                create,
                &[
                    ("QEV2_APP_ARN", &app.arn),
                    ("QEV2_MANAGED_APP_ARN", &app.managed_application_arn),
                ],
                Some("Qev2IdcApplication.[Qev2IdcApplicationArn, IdcManagedApplicationArn]"),
            );
        }
        (Op::ExecuteStatement { .. }, Reply::Id(id)) => {
            let cmd = s.render(&with_query(create, "Id"));
            s.line(format!("STATEMENT_ID=$({cmd})"));
            s.define("STATEMENT_ID", id);
            let d = s.render(&targeted(t, "redshift-data", "describe-statement", vec![]));
            s.line(format!("wait_statement \"$STATEMENT_ID\" {d}"));
        }
        (Op::ProvisionPermissionSet { .. }, Reply::Assignment(st)) => {
            let cmd = s.render(&with_query(create, "PermissionSetProvisioningStatus.RequestId"));
            s.line(format!("REQUEST_ID=$({cmd})"));
            s.define("REQUEST_ID", &st.request_id);
        }
        // Putting a policy or granting again changes nothing: these run as they are.
        _ => {
            let cmd = s.render(&create);
            s.line(cmd);
        }
    }
}

/// Permission sets are found by name only through each one's description.
fn permission_set(s: &mut Script, t: &Target, instance_arn: &str, name: &str, arn: &str, create: Invocation) {
    let find = Op::FindPermissionSet {
        instance_arn: instance_arn.into(),
        name: name.into(),
    };
    let list = s.render(&with_query(one(t, &find), "PermissionSets[]"));
    let describe = targeted(
        t,
        "sso-admin",
        "describe-permission-set",
        vec![("--instance-arn".into(), instance_arn.into())],
    );
    let describe = s.render(&with_query(describe, "PermissionSet.Name"));
    let name_w = s.word(name);
    let cmd = s.render(&with_query(create, "PermissionSet.PermissionSetArn"));
    s.line("PERMISSION_SET_ARN=");
    s.line(format!("for ps in $({list}); do"));
    s.line(format!(
        "  if [ \"$({describe} --permission-set-arn \"$ps\")\" = {name_w} ]; then PERMISSION_SET_ARN=$ps; fi"
    ));
    s.line("done");
    s.line(format!("[ -n \"$PERMISSION_SET_ARN\" ] || PERMISSION_SET_ARN=$({cmd})"));
    s.line("need PERMISSION_SET_ARN \"$PERMISSION_SET_ARN\"");
    s.define("PERMISSION_SET_ARN", arn);
}

/// An Athena query and its wait. The table is made once: a second run finds it, and then
/// inserts nothing again.
fn athena_query(
    s: &mut Script,
    t: &Target,
    sql: &str,
    database: &str,
    id: &str,
    create: Invocation,
    created_table: &mut bool,
) {
    let query_cmd = s.render(&with_query(create, "QueryExecutionId"));
    let wait = one(t, &Op::GetQueryExecution { id: id.into() });
    let is_create = sql.trim_start().to_ascii_uppercase().starts_with("CREATE TABLE");
    if is_create {
        let table = sql
            .split_whitespace()
            .nth(2)
            .unwrap_or_default()
            .rsplit('.')
            .next()
            .unwrap_or_default();
        let table_bucket_arn = s
            .vars
            .iter()
            .find(|v| v.name == "TABLE_BUCKET_ARN")
            .map(|v| v.value.clone())
            .unwrap_or_default();
        let get = Op::GetTable {
            table_bucket_arn,
            namespace: database.into(),
            name: table.into(),
        };
        let lookup = s.render(&with_query(one(t, &get), "name"));
        s.line("CREATED_TABLE=");
        s.line(format!("if ! lookup _ {lookup}; then"));
        *created_table = true;
    } else {
        let cond = if *created_table {
            "[ -n \"$CREATED_TABLE\" ]"
        } else {
            "true"
        };
        s.line(format!("if {cond}; then"));
    }
    s.line(format!("  QUERY_ID=$({query_cmd})"));
    s.define("QUERY_ID", id);
    let w = s.render(&with_query(wait, "QueryExecution.Status.State"));
    s.line(format!("  wait_for 'the Athena query' SUCCEEDED 900 {w}"));
    if is_create {
        s.line("  CREATED_TABLE=1");
    }
    s.line("fi");
}

/// One Access Grants instance per account and Region: one that exists without Identity Center
/// is associated, not made again; one tied to another Identity Center stops the script.
fn access_grants_instance(s: &mut Script, t: &Target, account_id: &str, identity_center_arn: &str, create: Invocation) {
    let get = Op::GetAccessGrantsInstance {
        account_id: account_id.into(),
    };
    let lookup = s.render(&with_query(one(t, &get), "IdentityCenterInstanceArn || 'unassociated'"));
    let associate = s.render(&one(
        t,
        &Op::AssociateAccessGrantsIdentityCenter {
            account_id: account_id.into(),
            identity_center_arn: identity_center_arn.into(),
        },
    ));
    let ic = s.word(identity_center_arn);
    let cmd = s.render(&create);
    s.line(format!("if ! lookup AG_IDC {lookup}; then"));
    s.line(format!("  {cmd}"));
    s.line("elif [ \"$AG_IDC\" = unassociated ]; then");
    s.line(format!("  {associate}"));
    s.line(format!("elif [ \"$AG_IDC\" != {ic} ]; then"));
    s.line("  die \"the Access Grants instance is associated with another Identity Center instance: $AG_IDC\"");
    s.line("fi");
}

/// Lake Formation's settings are replaced whole: the script reads them, changes what the step
/// changes (the administrators it adds, the defaults it empties) in the CLI's own query, and
/// writes back everything else as it was, other administrators and Parameters included.
fn lake_settings(s: &mut Script, t: &Target, before: Option<&LakeSettings>, after: &LakeSettings) {
    let empty = LakeSettings::default();
    let before = before.unwrap_or(&empty);
    let added =
        |old: &[String], new: &[String]| -> Vec<String> { new.iter().filter(|x| !old.contains(x)).cloned().collect() };
    let list = |field: &str, add: &[String]| -> String {
        let mut expr = format!("(DataLakeSettings.{field} || `[]`)");
        for p in add {
            let obj = json_text(&serde_json::json!({"DataLakePrincipalIdentifier": p}));
            expr = format!("[{expr}[?DataLakePrincipalIdentifier != {}], [`{obj}`]][]", jp(p));
        }
        expr
    };
    let mut fields = vec![
        format!(
            "DataLakeAdmins: {}",
            list("DataLakeAdmins", &added(&before.admins, &after.admins))
        ),
        format!(
            "ReadOnlyAdmins: {}",
            list(
                "ReadOnlyAdmins",
                &added(&before.read_only_admins, &after.read_only_admins)
            )
        ),
    ];
    if after.create_database_defaults.is_empty() {
        fields.push("CreateDatabaseDefaultPermissions: `[]`".into());
    }
    if after.create_table_defaults.is_empty() {
        fields.push("CreateTableDefaultPermissions: `[]`".into());
    }
    let query = format!("merge(DataLakeSettings, {{{}}})", fields.join(", "));
    let mut get = one(t, &Op::GetDataLakeSettings);
    get.args.push(("--query".into(), query));
    get.args.push(("--output".into(), "json".into()));
    let get = s.render(&get);
    let put = s
        .render(&one(
            t,
            &Op::PutDataLakeSettings {
                settings: LakeSettings::default(),
            },
        ))
        .replacen(
            &sh(&json_text(&settings_json(&LakeSettings::default()))),
            "\"$SETTINGS\"",
            1,
        );
    s.line(format!("SETTINGS=$({get})"));
    s.line(put);
}

fn settings_json(settings: &LakeSettings) -> serde_json::Value {
    let ids = |v: &Vec<String>| {
        v.iter()
            .map(|a| serde_json::json!({"DataLakePrincipalIdentifier": a}))
            .collect::<Vec<_>>()
    };
    serde_json::json!({
        "DataLakeAdmins": ids(&settings.admins),
        "ReadOnlyAdmins": ids(&settings.read_only_admins),
        "CreateDatabaseDefaultPermissions": [],
        "CreateTableDefaultPermissions": [],
    })
}

/// The proof at the end: CloudTrail's GetDataAccess events for Ethan from both services, with a
/// deadline (events take minutes to appear).
fn cloudtrail_proof(s: &mut Script, a: &Answers, t: &Target) {
    let minutes = a.number("cloudtrail_wait_minutes").max(1);
    s.line("START=$(date -u -d '1 day ago' +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -v-1d +%Y-%m-%dT%H:%M:%SZ)");
    // The start time and the user id are the script's own variables: arguments carrying their
    // values are written with "${START}" and "${USER_ID}" by `Script::word`, like every id the
    // script captures (never by replacing text in a rendered line, which a profile name could
    // also contain).
    const START: &str = "tipwiz:cloudtrail-start-time";
    s.define("START", START);
    let user_id = match s.vars.iter().rev().find(|v| v.name == "USER_ID") {
        Some(v) => v.value.clone(),
        None => {
            s.define("USER_ID", "tipwiz:analyst-user-id");
            "tipwiz:analyst-user-id".to_string()
        }
    };
    let lookup = |source: &str| -> Invocation {
        let mut inv = one(
            t,
            &Op::LookupEvents {
                event_name: "GetDataAccess".into(),
                start_ms: 0,
            },
        );
        // The start time is the script's own: a day before it runs.
        if let Some(p) = inv.args.iter_mut().find(|(f, _)| f == "--start-time") {
            p.1 = START.into();
        }
        inv.args.push((
            "--query".into(),
            format!(
                "length(Events[?contains(CloudTrailEvent, {}) && contains(CloudTrailEvent, {})])",
                jp(source),
                jp(&user_id)
            ),
        ));
        inv.args.push(("--output".into(), "text".into()));
        inv
    };
    let render = |s: &Script, source: &str| s.render(&lookup(source));
    let lf = render(s, "lakeformation.amazonaws.com");
    let s3 = render(s, "s3.amazonaws.com");
    s.line(format!("deadline=$((SECONDS + {}))", minutes * 60));
    s.line("while :; do");
    s.line(format!("  lf=$({lf})"));
    s.line(format!("  s3=$({s3})"));
    s.line("  if [ \"$lf\" != 0 ] && [ \"$s3\" != 0 ]; then");
    s.line(
        "    echo \"CloudTrail: Lake Formation and S3 Access Grants both vended data access on behalf of ${USER_ID}\"",
    );
    s.line("    break");
    s.line("  fi");
    s.line("  [ \"$SECONDS\" -lt \"$deadline\" ] || die \"gave up waiting for GetDataAccess events for ${USER_ID} (Lake Formation: $lf, S3 Access Grants: $s3)\"");
    s.line("  sleep 30");
    s.line("done");
}
