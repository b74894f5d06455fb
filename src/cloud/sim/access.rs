//! How the simulated services decide access: Athena and Redshift statements, and the analyst's
//! queries, UNLOADs and COPYs, each allowed or denied by the grants and settings that exist.

use super::state::*;
use crate::cloud::*;
use std::collections::{BTreeMap, BTreeSet};

fn word_after<'a>(sql: &'a str, keyword: &str) -> Option<&'a str> {
    let upper = sql.to_ascii_uppercase();
    let at = upper.find(keyword)? + keyword.len();
    let rest = sql[at..].trim_start();
    let rest = if rest.to_ascii_uppercase().starts_with("IF NOT EXISTS") {
        rest[13..].trim_start()
    } else {
        rest
    };
    let rest = if rest.to_ascii_uppercase().starts_with("IF EXISTS") {
        rest[9..].trim_start()
    } else {
        rest
    };
    rest.split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .next()
        .map(|w| w.trim_matches('"'))
}

fn starts(sql: &str, prefix: &str) -> bool {
    sql.trim_start().to_ascii_uppercase().starts_with(prefix)
}

/// Runs an Athena statement as Bob's admin role.
pub fn athena(
    st: &mut SimState,
    t: &Target,
    sql: &str,
    catalog: &str,
    database: &str,
    output: &str,
) -> Result<(), String> {
    let out_bucket = output
        .strip_prefix("s3://")
        .and_then(|r| r.split('/').next())
        .unwrap_or_default();
    if !st.buckets.contains_key(out_bucket) {
        return Err(format!("Unable to verify/create output bucket {out_bucket}"));
    }
    let Some(bucket) = catalog.strip_prefix("s3tablescatalog/") else {
        return Err(format!("catalog {catalog} is not a table bucket of s3tablescatalog"));
    };
    let lake = st.lake(t).clone();
    let Some(cat) = lake.catalogs.get("s3tablescatalog") else {
        return Err("Catalog s3tablescatalog does not exist: S3 Tables is not integrated with Lake Formation".into());
    };
    let arn = format!("arn:aws:s3tables:{}:{}:bucket/{bucket}", t.region, t.account_id);
    let catalog_id = format!("{}:s3tablescatalog/{bucket}", t.account_id);
    let admin = st.admin_role_arn.clone();
    let Some(tb) = st.table_buckets.get_mut(&arn) else {
        return Err(format!("Catalog {catalog} does not exist"));
    };
    let Some(tables) = tb.namespaces.get_mut(database) else {
        return Err(format!("Database {database} does not exist"));
    };
    if starts(sql, "CREATE TABLE") {
        let name = word_after(sql, "TABLE").unwrap_or_default();
        let name = name.rsplit('.').next().unwrap_or(name).to_string();
        let granted = cat.iam_allowed_principals
            || lake.grants.iter().any(|g| {
                g.principal == admin
                    && g.resource
                        == LfResource::Database {
                            catalog_id: catalog_id.clone(),
                            name: database.into(),
                        }
                    && g.permissions.iter().any(|p| p == "CREATE_TABLE" || p == "ALL")
            });
        if !granted {
            return Err(format!(
                "Insufficient Lake Formation permission(s): Required Create Table on {database}"
            ));
        }
        if !tables.insert(name.clone()) && !sql.to_ascii_uppercase().contains("IF NOT EXISTS") {
            return Err(format!("Table {name} already exists"));
        }
    } else if starts(sql, "INSERT INTO") {
        let name = word_after(sql, "INTO").unwrap_or_default();
        let name = name.rsplit('.').next().unwrap_or(name);
        if !tables.contains(name) {
            return Err(format!("Table {name} does not exist"));
        }
    } else if starts(sql, "DROP TABLE") {
        let name = word_after(sql, "TABLE").unwrap_or_default();
        let name = name.rsplit('.').next().unwrap_or(name);
        tables.remove(name);
    }
    Ok(())
}

/// A statement's words: identifiers (quoted ones unquoted, `""` undoubled), string literals
/// (`''` undoubled) and keywords, with punctuation apart. Enough for the statements the
/// wizard sends, and for refusing what it does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Quoted(String),
    Literal(String),
    Punct(char),
}

fn tokens(sql: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut it = sql.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            c if c.is_whitespace() => {}
            '"' | '\'' => {
                let mut v = String::new();
                loop {
                    match it.next() {
                        None => return Err(format!("syntax error: unterminated {c}")),
                        Some(x) if x == c && it.peek() == Some(&c) => {
                            it.next();
                            v.push(c);
                        }
                        Some(x) if x == c => break,
                        Some(x) => v.push(x),
                    }
                }
                out.push(if c == '"' { Tok::Quoted(v) } else { Tok::Literal(v) });
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' => {
                let mut v = String::from(c);
                while let Some(&x) = it.peek() {
                    if x.is_alphanumeric() || x == '_' || x == '$' {
                        v.push(x);
                        it.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Word(v));
            }
            c => out.push(Tok::Punct(c)),
        }
    }
    Ok(out)
}

/// A statement being read: keywords matched case-insensitively, names as Redshift folds them.
struct Reader {
    toks: Vec<Tok>,
    at: usize,
}

impl Reader {
    fn keyword(&mut self, k: &str) -> bool {
        match self.toks.get(self.at) {
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case(k) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }
    fn keywords(&mut self, ks: &[&str]) -> bool {
        let start = self.at;
        if ks.iter().all(|k| self.keyword(k)) {
            return true;
        }
        self.at = start;
        false
    }
    /// One identifier: unquoted ones fold to lower case, quoted ones keep their case.
    fn ident(&mut self) -> Result<String, String> {
        match self.toks.get(self.at).cloned() {
            Some(Tok::Word(w)) => {
                self.at += 1;
                Ok(w.to_ascii_lowercase())
            }
            Some(Tok::Quoted(q)) => {
                self.at += 1;
                Ok(q)
            }
            other => Err(format!("syntax error at or near {other:?}")),
        }
    }
    /// A possibly qualified name, as schema.name.
    fn name(&mut self) -> Result<String, String> {
        let mut n = self.ident()?;
        while self.toks.get(self.at) == Some(&Tok::Punct('.')) {
            self.at += 1;
            n = format!("{n}.{}", self.ident()?);
        }
        Ok(n)
    }
    fn literal_after(&self, k: &str) -> Option<String> {
        self.toks.windows(2).find_map(|w| match w {
            [Tok::Word(a), Tok::Literal(v)] if a.eq_ignore_ascii_case(k) => Some(v.clone()),
            _ => None,
        })
    }
    fn has(&self, k: &str) -> bool {
        self.toks
            .iter()
            .any(|t| matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case(k)))
    }
    fn name_after(&self, k: &[&str]) -> Option<String> {
        let mut r = Reader {
            toks: self.toks.clone(),
            at: 0,
        };
        while r.at < r.toks.len() {
            if r.keywords(k) {
                return r.name().ok();
            }
            r.at += 1;
        }
        None
    }
}

/// Runs a Redshift statement as the cluster's admin user.
pub fn redshift_sql(st: &mut SimState, account: &str, cluster_key: &str, sql: &str) -> Result<(), String> {
    let managed: Vec<String> = st
        .idc_apps
        .values()
        .map(|a| a.managed_application_arn.clone())
        .collect();
    let roles = st.roles.get(account).cloned().unwrap_or_default();
    let c = st.clusters.get_mut(cluster_key).ok_or("cluster not found")?;
    let mut r = Reader {
        toks: tokens(sql)?,
        at: 0,
    };
    if r.keywords(&["CREATE", "IDENTITY", "PROVIDER"]) {
        let name = r.ident()?;
        let app = r.literal_after("APPLICATION_ARN").unwrap_or_default();
        let namespace = r.literal_after("NAMESPACE").unwrap_or_default();
        let role_arn = r.literal_after("IAM_ROLE").unwrap_or_default();
        if !managed.contains(&app) {
            return Err(format!(
                "Failed to obtain AWS IdC Info: {app} is not an Identity Center managed application ARN"
            ));
        }
        // The role reads the application: "sso:DescribeApplication - Required to create an
        // identity provider (IdP) entry in the catalog" (Redshift Management Guide, Identity
        // Center integration).
        let role = roles.values().find(|x| x.info.arn == role_arn);
        if !role.is_some_and(|x| {
            x.inline
                .values()
                .any(|doc| crate::cloud::policy_allows(doc, "sso:DescribeApplication", &app))
        }) {
            return Err(format!(
                "Failed to obtain AWS IdC Info: {role_arn} may not call sso:DescribeApplication on {app}"
            ));
        }
        if c.providers.contains_key(&name) {
            return Err(format!("Identity provider \"{name}\" already exists"));
        }
        c.providers.insert(name.clone(), app);
        c.provider_namespaces.insert(name, namespace);
    } else if r.keywords(&["DROP", "IDENTITY", "PROVIDER"]) {
        let name = r.ident()?;
        if c.providers.remove(&name).is_none() {
            return Err(format!("Identity provider \"{name}\" does not exist"));
        }
        let ns = c.provider_namespaces.remove(&name);
        // "CASCADE - Deletes users and roles attached to the identity provider" (Redshift SQL
        // reference, DROP IDENTITY PROVIDER).
        if r.keyword("CASCADE")
            && let Some(ns) = ns
        {
            let mine = |n: &String| n.starts_with(&format!("{ns}:"));
            c.users.retain(|u, _| !mine(u));
            c.roles.retain(|x| !mine(x));
            c.grants.retain(|(_, x)| !mine(x));
        }
    } else if r.keywords(&["CREATE", "TABLE"]) {
        let exists_ok = r.keywords(&["IF", "NOT", "EXISTS"]);
        let name = r.name()?;
        if !c.tables.insert(name.clone()) && !exists_ok {
            return Err(format!("relation \"{name}\" already exists"));
        }
    } else if r.keywords(&["INSERT", "INTO"]) || r.keywords(&["DELETE", "FROM"]) {
        let name = r.name()?;
        if !c.tables.contains(&name) {
            return Err(format!("relation \"{name}\" does not exist"));
        }
    } else if r.keywords(&["DROP", "TABLE"]) {
        // Without IF EXISTS, a table that is not there is an error (Redshift SQL reference,
        // DROP TABLE; the same for DROP USER below).
        let exists_ok = r.keywords(&["IF", "EXISTS"]);
        let name = r.name()?;
        if !c.tables.remove(&name) && !exists_ok {
            return Err(format!("table \"{name}\" does not exist"));
        }
        c.grants.retain(|(t, _)| t != &name);
    } else if r.keywords(&["CREATE", "ROLE"]) {
        // A role name is unique in the cluster (Redshift SQL reference, CREATE ROLE).
        let name = r.ident()?;
        if !c.roles.insert(name.clone()) {
            return Err(format!("role \"{name}\" already exists"));
        }
    } else if r.keywords(&["DROP", "ROLE"]) {
        let name = r.ident()?;
        // "You can't drop a role that is granted to a user ... Use FORCE to remove all role
        // assignments" (Redshift SQL reference, DROP ROLE).
        let granted = c.users.values().any(|rs| rs.contains(&name));
        if granted && !r.has("FORCE") {
            return Err("ERROR: cannot drop this role since it has been granted on a user".into());
        }
        if !c.roles.remove(&name) {
            return Err(format!("role \"{name}\" does not exist"));
        }
        for rs in c.users.values_mut() {
            rs.remove(&name);
        }
        c.grants.retain(|(_, x)| x != &name);
    } else if r.keywords(&["DROP", "USER"]) {
        let exists_ok = r.keywords(&["IF", "EXISTS"]);
        let name = r.ident()?;
        if c.users.remove(&name).is_none() && !exists_ok {
            return Err(format!("user \"{name}\" does not exist"));
        }
    } else if r.keywords(&["GRANT"]) {
        let role = r
            .name_after(&["TO", "ROLE"])
            .ok_or("syntax error: GRANT ... TO ROLE name")?;
        if !c.roles.contains(&role) {
            return Err(format!("role \"{role}\" does not exist"));
        }
        if !r.has("SCHEMA") {
            let table = r.name_after(&["ON"]).ok_or("syntax error: GRANT ... ON table")?;
            c.grants.insert((table, role));
        }
    } else {
        return Err(format!("the simulated cluster does not know the statement: {sql}"));
    }
    Ok(())
}

/// The rows `SELECT 1 FROM <system view> WHERE col = 'value' [AND ...]` returns, for the system
/// views the wizard's checks read (Redshift Database Developer Guide: SVV_IDENTITY_PROVIDERS
/// name; SVV_ROLES role_name; SVV_USER_INFO user_name; SVV_TABLES table_schema, table_name;
/// SVV_RELATION_PRIVILEGES namespace_name, relation_name, identity_name, privilege_type).
pub fn count_rows(st: &SimState, cluster_key: &str, sql: &str) -> Result<u64, String> {
    let c = st.clusters.get(cluster_key).ok_or("no such cluster")?;
    let mut r = Reader {
        toks: tokens(sql)?,
        at: 0,
    };
    if !(r.keywords(&["SELECT"]) && matches!(r.toks.get(r.at), Some(Tok::Word(w)) if w == "1")) {
        return Err(format!(
            "the simulated cluster answers only SELECT 1 FROM a system view: {sql}"
        ));
    }
    r.at += 1;
    if !r.keyword("FROM") {
        return Err(format!("syntax error: {sql}"));
    }
    let view = r.ident()?;
    let mut filter: BTreeMap<String, String> = BTreeMap::new();
    if r.keyword("WHERE") {
        loop {
            let col = r.ident()?;
            if r.toks.get(r.at) != Some(&Tok::Punct('=')) {
                return Err(format!("syntax error near {col}: write col = 'value'"));
            }
            r.at += 1;
            let Some(Tok::Literal(v)) = r.toks.get(r.at).cloned() else {
                return Err(format!("syntax error near {col} =: a string literal"));
            };
            r.at += 1;
            filter.insert(col, v);
            if !r.keyword("AND") {
                break;
            }
        }
    }
    let col = |k: &str| filter.get(k).map(String::as_str);
    let split_table = |t: &str| t.split_once('.').map(|(s, n)| (s.to_string(), n.to_string()));
    let rows = match view.as_str() {
        "svv_identity_providers" => c
            .providers
            .keys()
            .filter(|n| col("name").is_none_or(|v| v == *n))
            .count(),
        "svv_roles" => c
            .roles
            .iter()
            .filter(|n| col("role_name").is_none_or(|v| v == *n))
            .count(),
        "svv_user_info" => c
            .users
            .keys()
            .filter(|n| col("user_name").is_none_or(|v| v == *n))
            .count(),
        "svv_tables" => c
            .tables
            .iter()
            .filter_map(|t| split_table(t))
            .filter(|(s, n)| col("table_schema").is_none_or(|v| v == s) && col("table_name").is_none_or(|v| v == n))
            .count(),
        // Grants are kept per table and role; the privileges granted are not told apart.
        "svv_relation_privileges" => c
            .grants
            .iter()
            .filter_map(|(t, role)| split_table(t).map(|(s, n)| (s, n, role)))
            .filter(|(s, n, role)| {
                col("namespace_name").is_none_or(|v| v == s)
                    && col("relation_name").is_none_or(|v| v == n)
                    && col("identity_name").is_none_or(|v| v == *role)
            })
            .count(),
        other => return Err(format!("relation \"{other}\" does not exist")),
    };
    Ok(rows as u64)
}

/// What the analyst can do, and the CloudTrail event source when credentials were vended.
pub fn run(st: &mut SimState, t: &Target, user: &str, action: &AnalystAction) -> (bool, String, Option<&'static str>) {
    match check(st, t, user, action) {
        Ok((detail, source)) => (true, detail, source),
        Err(why) => (false, why, None),
    }
}

fn check(
    st: &mut SimState,
    t: &Target,
    user: &str,
    action: &AnalystAction,
) -> Result<(String, Option<&'static str>), String> {
    let id = st.identity.clone();
    let user_id = id
        .users
        .get(user)
        .ok_or(format!("{user} is not a user of the identity store"))?
        .clone();
    if !id.active_in(&t.region) {
        return Err(format!(
            "Identity Center does not answer in {}: {user} cannot sign in there",
            t.region
        ));
    }
    let groups: Vec<String> = id
        .members
        .iter()
        .filter(|(_, u)| *u == user_id)
        .map(|(g, _)| g.clone())
        .collect();
    let prefix = format!("arn:aws:redshift:{}:{}:", t.region, t.account_id);
    let app = st
        .idc_apps
        .iter()
        .find(|(k, _)| k.starts_with(&prefix))
        .map(|(_, a)| a.clone())
        .ok_or("Redshift has no Identity Center application in this Region")?;
    let cluster = st
        .clusters
        .values()
        .find(|c| c.account == t.account_id && c.region == t.region)
        .ok_or("no cluster")?
        .clone();
    if !cluster.providers.values().any(|a| a == &app.managed_application_arn) {
        return Err("the cluster has no identity provider for the Identity Center application".into());
    }
    if !groups.iter().any(|g| {
        id.app_assignments
            .contains(&(app.managed_application_arn.clone(), g.clone()))
    }) {
        return Err(format!("{user}'s groups are not assigned to the Redshift application"));
    }
    query_editor_lets_in(st, t, user, &groups)?;
    // Redshift, Lake Formation and S3 Access Grants read identity data encrypted with the
    // Identity Center key as AWS managed applications (IAM Identity Center User Guide,
    // "Baseline KMS key policy", AllowManagedApps).
    if !super::ops::identity_key_allows(st, t, |a| a.managed_apps) {
        return Err(
            "Redshift could not read the user's identity: the Identity Center key's policy does not let AWS managed \
             applications decrypt through Identity Center (AllowManagedApps)"
                .into(),
        );
    }
    // Signing in through the identity provider makes the user in the cluster and gives it the
    // roles of the groups it belongs to (namespace:group) that exist there (Redshift Management
    // Guide, "Auto-creating Amazon Redshift roles for AWS IAM Identity Center": Redshift reads
    // the group memberships and grants the mapped roles; CREATE IDENTITY PROVIDER leaves
    // AUTO_CREATE_ROLES off for AWSIDC unless asked, so only roles already made are granted).
    let key = cluster_key(st, t);
    if let Some(c) = key.and_then(|k| st.clusters.get_mut(&k)) {
        for (provider, ns) in c.provider_namespaces.clone() {
            if c.providers.get(&provider) != Some(&app.managed_application_arn) {
                continue;
            }
            let roles: BTreeSet<String> = groups
                .iter()
                .filter_map(|g| {
                    id.groups
                        .iter()
                        .find(|(_, gid)| *gid == g)
                        .map(|(n, _)| format!("{ns}:{n}"))
                })
                .filter(|r| c.roles.contains(r))
                .collect();
            c.users.entry(format!("{ns}:{user}")).or_default().extend(roles);
        }
    }
    match action {
        AnalystAction::SignIn => Ok((
            format!("{user} is connected to the cluster with IAM Identity Center"),
            None,
        )),
        AnalystAction::Select {
            table_bucket,
            namespace,
            table,
        } => select_through_lake_formation(st, t, user, &groups, &app, (table_bucket, namespace, table)),
        AnalystAction::Unload { bucket, prefix } | AnalystAction::Copy { bucket, prefix } => {
            let write = matches!(action, AnalystAction::Unload { .. });
            files_through_access_grants(st, t, user, &groups, &app, &id, (bucket, prefix, write))
        }
    }
}

/// Ethan's SELECT on the S3 table: Redshift asks Lake Formation, which answers from the grants
/// to his groups and vends credentials through the registered role.
fn select_through_lake_formation(
    st: &mut SimState,
    t: &Target,
    user: &str,
    groups: &[String],
    app: &IdcApp,
    (table_bucket, namespace, table): (&str, &str, &str),
) -> Result<(String, Option<&'static str>), String> {
    if !app.lake_formation {
        return Err("the Redshift application has no Lake Formation integration".into());
    }
    let lake = st.lake(t).clone();
    lake.idc
        .as_ref()
        .ok_or("Lake Formation is not connected to Identity Center")?;
    let cat = lake
        .catalogs
        .get("s3tablescatalog")
        .ok_or("s3tablescatalog does not exist")?;
    let res_arn = format!("arn:aws:s3tables:{}:{}:bucket/*", t.region, t.account_id);
    let reg = lake
        .resources
        .get(&res_arn)
        .ok_or("S3 Tables is not registered with Lake Formation")?;
    if !reg.with_federation {
        return Err("S3 Tables is registered without federation".into());
    }
    let role = st
        .roles
        .get(&t.account_id)
        .and_then(|rs| rs.values().find(|r| r.info.arn == reg.role_arn));
    let Some(role) = role else {
        return Err(format!(
            "Lake Formation could not vend credentials: the registered role {} does not exist (check its path)",
            reg.role_arn
        ));
    };
    if !role.info.trust_policy.contains("sts:SetContext") {
        return Err(format!(
            "Lake Formation could not pass {user}'s identity: {} does not allow sts:SetContext",
            role.info.arn
        ));
    }
    let arn = format!("arn:aws:s3tables:{}:{}:bucket/{table_bucket}", t.region, t.account_id);
    let exists = st
        .table_buckets
        .get(&arn)
        .and_then(|b| b.namespaces.get(namespace))
        .is_some_and(|ts| ts.contains(table));
    if !exists {
        return Err(format!("table {namespace}.{table} does not exist"));
    }
    let catalog_id = format!("{}:s3tablescatalog/{table_bucket}", t.account_id);
    let granted = cat.iam_allowed_principals
        || lake.grants.iter().any(|g| {
            groups
                .iter()
                .any(|gid| g.principal == format!("arn:aws:identitystore:::group/{gid}"))
                && matches!(&g.resource, LfResource::Table { catalog_id: c, database, table: tn }
                    if c == &catalog_id && database == namespace && tn.as_ref().is_none_or(|n| n == table))
                && g.permissions.iter().any(|p| p == "SELECT" || p == "ALL")
        });
    if !granted {
        return Err(format!("Lake Formation denied SELECT on {namespace}.{table} to {user}"));
    }
    Ok((
        format!("{user} read {namespace}.{table} through Lake Formation"),
        Some("lakeformation.amazonaws.com"),
    ))
}

/// Ethan's UNLOAD (write) or COPY (read): Redshift asks S3 Access Grants, which answers from the
/// grants to his groups and vends credentials through the location's role.
fn files_through_access_grants(
    st: &mut SimState,
    t: &Target,
    user: &str,
    groups: &[String],
    app: &IdcApp,
    id: &Identity,
    (bucket, prefix, write): (&str, &str, bool),
) -> Result<(String, Option<&'static str>), String> {
    if !app.access_grants {
        return Err("the Redshift application has no S3 Access Grants integration".into());
    }
    let ag = st.access_grants.get(&regional(t)).cloned().unwrap_or_default();
    let inst = ag.instance.as_ref().ok_or("there is no S3 Access Grants instance")?;
    if inst.identity_center_arn.as_deref() != Some(id.instance_arn.as_str()) {
        return Err("the S3 Access Grants instance is not associated with Identity Center".into());
    }
    let path = format!("s3://{bucket}/{prefix}");
    let roles = st.roles.get(&t.account_id).cloned().unwrap_or_default();
    let grant = ag.grants.values().find(|g| {
        let Some(loc) = ag.locations.get(&g.location_id) else {
            return false;
        };
        let full = format!("{}{}", loc.scope, g.sub_prefix.trim_end_matches('*'));
        let perm_ok = match g.permission.as_str() {
            "READWRITE" => true,
            "WRITE" => write,
            "READ" => !write,
            _ => false,
        };
        g.grantee_type == "DIRECTORY_GROUP" && groups.contains(&g.grantee_id) && path.starts_with(&full) && perm_ok
    });
    let Some(grant) = grant else {
        return Err(format!(
            "S3 Access Grants denied {} on {path} to {user}: no grant covers it",
            if write { "write" } else { "read" }
        ));
    };
    let loc = &ag.locations[&grant.location_id];
    let role_ok = roles.values().any(|r| {
        r.info.arn == loc.role_arn
            && r.info.trust_policy.contains("access-grants.s3.amazonaws.com")
            && r.info.trust_policy.contains("sts:SetContext")
    });
    if !role_ok {
        return Err(format!(
            "S3 Access Grants could not assume the location role {}",
            loc.role_arn
        ));
    }
    let b = st
        .buckets
        .get_mut(bucket)
        .ok_or(format!("bucket {bucket} does not exist"))?;
    if write {
        for part in ["0000_part_00.parquet", "0001_part_00.parquet"] {
            b.objects.insert(format!("{prefix}{part}"));
        }
        Ok((format!("{user} unloaded 2 files to {path}"), Some("s3.amazonaws.com")))
    } else {
        let n = b.objects.iter().filter(|o| o.starts_with(prefix)).count();
        if n == 0 {
            return Err(format!("no files under {path} to copy"));
        }
        Ok((format!("{user} copied {n} files from {path}"), Some("s3.amazonaws.com")))
    }
}

fn cluster_key(st: &SimState, t: &Target) -> Option<String> {
    st.clusters
        .iter()
        .find(|(_, c)| c.account == t.account_id && c.region == t.region)
        .map(|(k, _)| k.clone())
}

/// Ethan reaches the cluster through Query Editor v2 with Identity Center, which needs its own
/// Identity Center application in the Region and, in his permission set, the right to find it
/// (IAM Identity Center User Guide, "Setting up trusted identity propagation with Amazon Redshift
/// Query Editor V2": redshift:DescribeQev2IdcApplications in the permission set's inline policy).
fn query_editor_lets_in(st: &SimState, t: &Target, user: &str, groups: &[String]) -> Result<(), String> {
    let prefix = format!("arn:aws:redshift:{}:{}:", t.region, t.account_id);
    if !st.qev2_apps.keys().any(|k| k.starts_with(&prefix)) {
        return Err(format!(
            "Query Editor v2 cannot connect with IAM Identity Center in {}: it has no Identity Center application there",
            t.region
        ));
    }
    let id = &st.identity;
    let sets: Vec<&PermissionSet> = id
        .assignments
        .iter()
        .filter(|(_, account, g)| account == &t.account_id && groups.contains(g))
        .filter_map(|(ps, _, _)| id.permission_sets.get(ps))
        .collect();
    if sets.is_empty() {
        return Err(format!("{user} has no permission set in account {}", t.account_id));
    }
    let allowed = sets.iter().any(|ps| {
        !ps.stale
            && ps
                .inline_policy
                .as_deref()
                .is_some_and(|doc| crate::cloud::policy_allows(doc, "redshift:DescribeQev2IdcApplications", "*"))
    });
    if !allowed {
        return Err(format!(
            "Query Editor v2 cannot find its Identity Center application: {user}'s permission set lacks \
             redshift:DescribeQev2IdcApplications (or was changed and not provisioned again)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::word_after;

    #[test]
    fn the_word_after_a_keyword_skips_if_exists_and_quotes() {
        assert_eq!(
            word_after("CREATE TABLE IF NOT EXISTS public.t (a int)", "TABLE"),
            Some("public.t")
        );
        assert_eq!(
            word_after("DROP ROLE IF EXISTS \"AWSIDC:g\";", "ROLE"),
            Some("AWSIDC:g")
        );
        assert_eq!(word_after("create role r", "ROLE"), Some("r"));
        assert_eq!(word_after("SELECT 1", "TABLE"), None);
    }
}
