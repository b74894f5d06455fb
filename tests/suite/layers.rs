//! The modules form layers: each imports only from layers below it, and no two modules import
//! each other, however indirectly. Read from the sources, so a new back-edge fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Lowest first. A module belongs to the longest prefix listed here.
const LAYERS: &[&str] = &[
    "fs",
    "time",
    "cloud",
    "catalog",
    "cloud::cli",
    "cloud::record",
    "cloud::fault",
    "cloud::sim",
    "cloud::aws",
    "answers",
    "journal",
    "handoff",
    "events",
    "actions",
    "engine",
    "report",
    "tui",
    "commands",
];

/// Every source file as (module path, text): src/cloud/sim/ops/kms.rs is cloud::sim::ops::kms.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}::{name}")
            };
            if p.is_dir() {
                walk(&p, &path, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let module = if name == "mod" { prefix.to_string() } else { path };
                out.insert(module, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "", &mut out);
    out.remove("lib");
    out.remove("main");
    out
}

fn layer(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .enumerate()
        .filter(|(_, l)| module == **l || module.starts_with(&format!("{l}::")))
        .max_by_key(|(_, l)| l.len())
        .map(|(i, _)| i)
}

/// The modules a file names through `crate::` and `super::` paths (comments left out).
fn references(module: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let parent = module.rsplit_once("::").map(|(p, _)| p.to_string()).unwrap_or_default();
    for (anchor, base) in [("crate::", String::new()), ("super::", parent)] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(anchor) {
            let after = &rest[at + anchor.len()..];
            let path: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
            // The longest prefix that is a module.
            while !parts.is_empty() {
                let candidate = if base.is_empty() {
                    parts.join("::")
                } else {
                    format!("{base}::{}", parts.join("::"))
                };
                if known.contains(&candidate) {
                    out.insert(candidate);
                    break;
                }
                parts.pop();
            }
            if parts.is_empty() && !base.is_empty() {
                out.insert(base.clone());
            }
            rest = &after[path.len().min(after.len())..];
        }
    }
    out.remove(module);
    out
}

fn is_ancestor(a: &str, b: &str) -> bool {
    b.starts_with(&format!("{a}::"))
}

#[test]
fn modules_import_only_from_the_layers_below_them() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let mut wrong = Vec::new();
    for (m, text) in &modules {
        let own = layer(m).unwrap_or_else(|| panic!("{m} is in no layer: add it to LAYERS"));
        for r in references(m, text, &known) {
            let theirs = layer(&r).expect("known modules have layers");
            if theirs > own {
                wrong.push(format!("{m} ({}) imports {r} ({})", LAYERS[own], LAYERS[theirs]));
            }
        }
    }
    assert!(wrong.is_empty(), "imports that run upwards:\n{}", wrong.join("\n"));
}

#[test]
fn no_two_modules_import_each_other() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    // A parent routes to its children and they use its helpers: that is one unit, not a circle.
    let edges: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|(m, text)| {
            let refs = references(m, text, &known)
                .into_iter()
                .filter(|r| !is_ancestor(r, m) && !is_ancestor(m, r))
                .collect();
            (m.clone(), refs)
        })
        .collect();
    fn visit<'a>(
        n: &'a str,
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(2) => return None,
            Some(1) => {
                let from = path.iter().position(|p| *p == n).unwrap_or(0);
                let mut c: Vec<String> = path[from..].iter().map(|s| s.to_string()).collect();
                c.push(n.to_string());
                return Some(c);
            }
            _ => {}
        }
        state.insert(n, 1);
        path.push(n);
        for next in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(next, edges, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(n, 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in edges.keys() {
        if let Some(cycle) = visit(m, &edges, &mut state, &mut Vec::new()) {
            panic!("modules import each other: {}", cycle.join(" -> "));
        }
    }
}

/// Drawing is a function of the model: the view reads what the model worked out, and never asks
/// the steps, the engine or the cloud anything itself.
#[test]
fn the_view_calls_no_step_engine_or_cloud() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let mut wrong = Vec::new();
    for (m, text) in modules
        .iter()
        .filter(|(m, _)| m.as_str() == "tui::view" || m.starts_with("tui::view::"))
    {
        for r in references(m, text, &known) {
            if ["actions", "engine", "cloud"]
                .iter()
                .any(|l| r == *l || r.starts_with(&format!("{l}::")))
            {
                wrong.push(format!("{m} imports {r}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
