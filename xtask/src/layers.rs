//! The import picture stays layered: each crate's normal dependencies (not its
//! dev-dependencies) on other weiquan crates are only those its floor allows.
//!
//! - ground: `weiquan-support` and `weiquan-law` depend on no weiquan crate but each other's
//!   floor-mates below them (support on none, law on none);
//! - `weiquan-complaint` and `weiquan-calendar` depend on the ground floor only;
//! - the domain crates depend on the ground floor, the complaint model, the calendar and
//!   other domain crates, never on a service or an edge;
//! - services (`weiquan-synth`, `weiquan-store`) on anything below them, never on an edge;
//!   no crate below them depends on a service; edges on anything.

use std::collections::BTreeSet;
use std::path::Path;

/// (crate folder, the weiquan crates it may depend on).
const ALLOWED: &[(&str, &[&str])] = &[
    ("crates/support", &[]),
    ("crates/law", &[]),
    ("crates/complaint", &["weiquan-support", "weiquan-law"]),
    ("crates/calendar", &["weiquan-support", "weiquan-law"]),
    ("crates/caseflow", DOMAIN),
    ("crates/routing", DOMAIN),
    ("crates/compensation", DOMAIN),
    ("crates/stats", DOMAIN),
    ("crates/redact", DOMAIN),
    ("crates/store", DOMAIN),
    ("crates/testing", DOMAIN),
];

/// What a domain crate may use: the floors below it and other domain crates. A service
/// (`weiquan-store`) may use the same: every domain crate and what they stand on, and no
/// domain crate may use a service (the store is not in this list).
const DOMAIN: &[&str] = &[
    "weiquan-support",
    "weiquan-law",
    "weiquan-complaint",
    "weiquan-calendar",
    "weiquan-caseflow",
    "weiquan-routing",
    "weiquan-compensation",
    "weiquan-stats",
    "weiquan-redact",
    "weiquan-testing",
];

/// The weiquan crates in a manifest's `[dependencies]` table (optional ones included).
pub fn internal_dependencies(manifest: &str) -> Result<BTreeSet<String>, String> {
    let value: toml::Table = manifest.parse().map_err(|e| format!("{e}"))?;
    let mut found = BTreeSet::new();
    if let Some(deps) = value.get("dependencies").and_then(|d| d.as_table()) {
        found.extend(deps.keys().filter(|k| k.starts_with("weiquan-")).cloned());
    }
    Ok(found)
}

/// Every floor rule, checked against the manifests; an error names each dependency that
/// breaks one.
pub fn check(root: &Path) -> Result<usize, String> {
    let mut broken = Vec::new();
    for (dir, allowed) in ALLOWED {
        let path = root.join(dir).join("Cargo.toml");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let deps = internal_dependencies(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for dep in deps {
            if !allowed.contains(&dep.as_str()) {
                broken.push(format!(
                    "{dir} depends on {dep}, which its floor does not allow"
                ));
            }
        }
    }
    if broken.is_empty() {
        Ok(ALLOWED.len())
    } else {
        Err(format!(
            "the crate layers are broken:\n  {}",
            broken.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_dependencies_do_not_count_and_others_do() {
        let manifest = "[dependencies]\nweiquan-law.workspace = true\nserde = \"1\"\n\
                        [dev-dependencies]\nweiquan-synth = { path = \"../synth\" }\n";
        let deps = internal_dependencies(manifest).unwrap();
        assert_eq!(deps.into_iter().collect::<Vec<_>>(), ["weiquan-law"]);
    }

    #[test]
    fn the_workspace_is_layered() {
        if let Err(e) = check(&crate::workspace_root()) {
            panic!("{e}");
        }
    }
}
