//! The coverage check of the C ABI: every public operation of a domain crate must have a C
//! function or be listed, with a reason, in `crates/ffi/missing_apis.txt`.
//!
//! How the public operations are found: each domain crate's source is parsed with `syn`,
//! starting at `src/lib.rs` and following `mod` declarations. An operation is
//! - a `pub fn` in an inherent `impl Type` block, where `Type` is reachable from outside the
//!   crate (declared `pub` in a `pub mod` chain, or named by a `pub use`), written
//!   `crate::path::Type::method` with the path users see; or
//! - a free `pub fn` in a `pub mod` chain or named by a `pub use`, written `crate::path::fn`.
//!
//! Items under `#[cfg(test)]` or `#[doc(hidden)]` are skipped. Limits, on purpose: trait
//! methods (`impl Display`, `FromStr`, a public trait's methods) are not operations here — the
//! C functions reach them through the inherent API; types are matched by their last name
//! within a crate, so two public types of the same name in one crate are one type; functions
//! made by macros are not seen.
//!
//! How coverage is declared: in `crates/ffi/src`, a comment line
//! `// Covers: weiquan_x::Type::method, weiquan_x::function` directly above the doc comment
//! of the C function that wraps them. `missing_apis.txt` holds one entry a line,
//! `path  reason`, where `path` may end in `::*` for every operation under it. Stale entries
//! (naming nothing, or naming something also covered) fail the check too, so the list stays
//! true.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::{Attribute, Item, Visibility};

/// The domain crates and their folders.
pub const DOMAIN_CRATES: &[(&str, &str)] = &[
    ("weiquan_complaint", "crates/complaint"),
    ("weiquan_calendar", "crates/calendar"),
    ("weiquan_caseflow", "crates/caseflow"),
    ("weiquan_routing", "crates/routing"),
    ("weiquan_compensation", "crates/compensation"),
    ("weiquan_stats", "crates/stats"),
    ("weiquan_redact", "crates/redact"),
    ("weiquan_testing", "crates/testing"),
    ("weiquan_synth", "crates/synth"),
];

/// One crate's public items as found in its source.
#[derive(Default)]
struct Scan {
    /// Public path (without the crate name) of every reachable type, by its name.
    types: BTreeMap<String, String>,
    /// Inherent methods by type name: (method).
    methods: Vec<(String, String)>,
    /// Free functions: (module path, name, whether the module is public).
    functions: Vec<(String, String, bool)>,
    /// Names re-exported by a `pub use` in a public module: name -> module path of the use.
    reexports: BTreeMap<String, String>,
    /// Types declared `pub` in a private module: name (reachable only when re-exported).
    private_types: BTreeSet<String>,
}

fn is_skipped(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        let path = a.path();
        if path.is_ident("cfg") {
            let text = a
                .meta
                .require_list()
                .map(|l| l.tokens.to_string())
                .unwrap_or_default();
            return text.contains("test");
        }
        if path.is_ident("doc") {
            let text = a
                .meta
                .require_list()
                .map(|l| l.tokens.to_string())
                .unwrap_or_default();
            return text.trim() == "hidden";
        }
        false
    })
}

fn is_pub(v: &Visibility) -> bool {
    matches!(v, Visibility::Public(_))
}

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

/// The file of module `name` declared in the file `parent` (which is `dir/mod.rs`,
/// `dir/lib.rs` or `dir/parent.rs`).
pub(super) fn module_file(parent: &Path, name: &str) -> Option<PathBuf> {
    let stem = parent.file_stem()?.to_str()?;
    let dir = parent.parent()?;
    let base = if matches!(stem, "lib" | "mod" | "main") {
        dir.to_path_buf()
    } else {
        dir.join(stem)
    };
    [
        base.join(format!("{name}.rs")),
        base.join(name).join("mod.rs"),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

fn use_names(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree, out),
        syn::UseTree::Name(n) => out.push(n.ident.to_string()),
        syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
        syn::UseTree::Glob(_) => out.push("*".to_owned()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
    }
}

fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn scan_items(
    items: &[Item],
    file: &Path,
    module: &str,
    public: bool,
    scan: &mut Scan,
) -> Result<(), String> {
    for item in items {
        match item {
            Item::Mod(m) if !is_skipped(&m.attrs) => {
                let name = m.ident.to_string();
                let path = join(module, &name);
                let child_public = public && is_pub(&m.vis);
                if let Some((_, inner)) = &m.content {
                    scan_items(inner, file, &path, child_public, scan)?;
                } else if let Some(child) = module_file(file, &name) {
                    let text = std::fs::read_to_string(&child)
                        .map_err(|e| format!("{}: {e}", child.display()))?;
                    let parsed =
                        syn::parse_file(&text).map_err(|e| format!("{}: {e}", child.display()))?;
                    scan_items(&parsed.items, &child, &path, child_public, scan)?;
                }
            }
            Item::Struct(s) if is_pub(&s.vis) && !is_skipped(&s.attrs) => {
                add_type(scan, module, public, s.ident.to_string());
            }
            Item::Enum(e) if is_pub(&e.vis) && !is_skipped(&e.attrs) => {
                add_type(scan, module, public, e.ident.to_string());
            }
            Item::Fn(f) if is_pub(&f.vis) && !is_skipped(&f.attrs) => {
                scan.functions
                    .push((module.to_owned(), f.sig.ident.to_string(), public));
            }
            Item::Impl(i) if i.trait_.is_none() && !is_skipped(&i.attrs) => {
                if let Some(ty) = type_name(&i.self_ty) {
                    for it in &i.items {
                        if let syn::ImplItem::Fn(f) = it
                            && is_pub(&f.vis)
                            && !is_skipped(&f.attrs)
                        {
                            scan.methods.push((ty.clone(), f.sig.ident.to_string()));
                        }
                    }
                }
            }
            Item::Use(u) if is_pub(&u.vis) && public && !is_skipped(&u.attrs) => {
                let mut names = Vec::new();
                use_names(&u.tree, &mut names);
                for n in names {
                    scan.reexports.entry(n).or_insert_with(|| module.to_owned());
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn add_type(scan: &mut Scan, module: &str, public: bool, name: String) {
    if public {
        scan.types
            .entry(name.clone())
            .or_insert_with(|| join(module, &name));
    } else {
        scan.private_types.insert(name);
    }
}

/// Every public operation of the crate in `dir`, as `crate::path::name`.
fn operations(crate_name: &str, dir: &Path) -> Result<BTreeSet<String>, String> {
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    let parsed = syn::parse_file(&text).map_err(|e| format!("{}: {e}", lib.display()))?;
    let mut scan = Scan::default();
    scan_items(&parsed.items, &lib, "", true, &mut scan)?;
    // Types declared in private modules are reachable under the path of their re-export.
    let mut types = scan.types.clone();
    for name in &scan.private_types {
        if let Some(module) = scan.reexports.get(name) {
            types
                .entry(name.clone())
                .or_insert_with(|| join(module, name));
        }
    }
    let mut ops = BTreeSet::new();
    for (ty, method) in &scan.methods {
        if let Some(path) = types.get(ty) {
            ops.insert(format!("{crate_name}::{path}::{method}"));
        }
    }
    for (module, name, public) in &scan.functions {
        if *public {
            ops.insert(format!("{crate_name}::{}", join(module, name)));
        } else if let Some(at) = scan.reexports.get(name) {
            ops.insert(format!("{crate_name}::{}", join(at, name)));
        }
    }
    Ok(ops)
}

/// `// Covers:` declarations in the FFI source: covered path -> C function.
fn covered(ffi_src: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(ffi_src)
        .map_err(|e| format!("{}: {e}", ffi_src.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let mut pending: Vec<String> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            if let Some(list) = t.strip_prefix("// Covers:") {
                pending.extend(
                    list.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                );
            } else if let Some(pos) = t.find("extern \"C\" fn ") {
                let rest = t.get(pos + "extern \"C\" fn ".len()..).unwrap_or_default();
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                for p in pending.drain(..) {
                    map.insert(p, name.clone());
                }
            } else if !(pending.is_empty()
                || t.is_empty()
                || t.starts_with("//")
                || t.starts_with("#[")
                || t.starts_with("pub unsafe"))
            {
                return Err(format!(
                    "{}:{}: a `// Covers:` comment must stand above the doc comment of an \
                     exported function",
                    file.display(),
                    n + 1
                ));
            }
        }
        if !pending.is_empty() {
            return Err(format!(
                "{}: `// Covers:` at the end of the file names no function",
                file.display()
            ));
        }
    }
    Ok(map)
}

/// `missing_apis.txt`: (pattern, reason, line).
fn missing(path: &Path) -> Result<Vec<(String, String, usize)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let (pattern, reason) = t
            .split_once(char::is_whitespace)
            .map(|(p, r)| (p.trim(), r.trim()))
            .unwrap_or((t, ""));
        if reason.is_empty() {
            return Err(format!(
                "{}:{}: `{pattern}` has no reason",
                path.display(),
                n + 1
            ));
        }
        out.push((pattern.to_owned(), reason.to_owned(), n + 1));
    }
    Ok(out)
}

fn matches(pattern: &str, op: &str) -> bool {
    match pattern.strip_suffix("::*") {
        Some(prefix) => op
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with("::")),
        None => pattern == op,
    }
}

/// Runs the check; returns a one-line summary, or every problem.
pub fn check(root: &Path) -> Result<String, String> {
    let mut ops = BTreeSet::new();
    for (name, dir) in DOMAIN_CRATES {
        ops.extend(operations(name, &root.join(dir))?);
    }
    let covered = covered(&root.join("crates/ffi/src"))?;
    let missing_path = root.join("crates/ffi/missing_apis.txt");
    let missing = missing(&missing_path)?;
    let mut problems = Vec::new();
    for (path, func) in &covered {
        if !ops.contains(path) {
            problems.push(format!(
                "{func} declares `// Covers: {path}`, which is not a public operation"
            ));
        }
    }
    for (pattern, _, line) in &missing {
        let hits: Vec<&String> = ops.iter().filter(|op| matches(pattern, op)).collect();
        if hits.is_empty() {
            problems.push(format!(
                "missing_apis.txt:{line}: `{pattern}` names no public operation (remove it)"
            ));
        } else if !pattern.ends_with("::*") && covered.contains_key(pattern) {
            problems.push(format!(
                "missing_apis.txt:{line}: `{pattern}` is covered by {} (remove it)",
                covered.get(pattern).map_or("", String::as_str)
            ));
        }
    }
    let mut listed = 0;
    for op in &ops {
        if covered.contains_key(op) {
            continue;
        }
        if missing.iter().any(|(p, _, _)| matches(p, op)) {
            listed += 1;
            continue;
        }
        problems.push(format!(
            "{op} has no C function and is not listed in crates/ffi/missing_apis.txt"
        ));
    }
    if problems.is_empty() {
        let functions: BTreeSet<&String> = covered.values().collect();
        Ok(format!(
            "{} public operations of the domain crates: {} covered by {} C functions, {listed} listed with a reason in missing_apis.txt",
            ops.len(),
            ops.iter().filter(|o| covered.contains_key(*o)).count(),
            functions.len()
        ))
    } else {
        Err(format!(
            "FFI coverage check failed ({} problems):\n  {}",
            problems.len(),
            problems.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("weiquan-coverage-{}", std::process::id()));
        for (path, text) in files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn finds_the_operations_users_can_reach() {
        let dir = scratch(&[
            (
                "src/lib.rs",
                "mod a;\npub mod b;\nmod hidden;\npub use a::{T, f};\n",
            ),
            (
                "src/a.rs",
                "pub struct T;\nimpl T { pub fn m(&self) {} fn private(&self) {} pub(crate) fn krate() {} }\n\
                 pub fn f() {}\npub fn g() {}\n#[cfg(test)]\nmod tests { pub fn t() {} }\n",
            ),
            (
                "src/b/mod.rs",
                "pub mod c;\npub fn h() {}\npub struct U;\nimpl U { pub fn n(&self) {} #[doc(hidden)] pub fn secret() {} }\n\
                 impl std::fmt::Display for U { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) } }\n",
            ),
            ("src/b/c.rs", "pub fn deep() {}\n"),
            (
                "src/hidden.rs",
                "pub struct Secret;\nimpl Secret { pub fn s() {} }\npub fn nope() {}\n",
            ),
        ]);
        let ops = operations("demo", &dir).unwrap();
        let ops: Vec<&str> = ops.iter().map(String::as_str).collect();
        assert_eq!(
            ops,
            [
                "demo::T::m",
                "demo::b::U::n",
                "demo::b::c::deep",
                "demo::b::h",
                "demo::f"
            ]
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn wildcards_match_whole_path_segments() {
        assert!(matches("a::Yuan::*", "a::Yuan::checked_add"));
        assert!(!matches("a::Yuan::*", "a::YuanX::checked_add"));
        assert!(!matches("a::Yuan::*", "a::Yuan"));
        assert!(matches("a::f", "a::f"));
        assert!(!matches("a::f", "a::fg"));
    }
}
