//! Error codes are unique across the workspace: a caller that switches on a code (through
//! the C ABI, WebAssembly or the service) must never have to ask which crate sent it.
//!
//! Each crate's codes are the string literals its `src/error.rs` returns from `match` arms
//! (`Variant { .. } => "area.what"`): the crate's `Error::code` and the codes of the problem
//! kinds it lists there. A code may appear in one crate only.

use std::collections::BTreeMap;
use std::path::Path;

/// The crates whose errors are diagnostics, by folder.
pub const CRATES: &[&str] = &[
    "crates/complaint",
    "crates/calendar",
    "crates/caseflow",
    "crates/routing",
    "crates/compensation",
    "crates/stats",
    "crates/redact",
    "crates/store",
    "crates/testing",
];

/// The codes of `match` arms in one error.rs: each `=> "a.b"` literal, and each arm whose
/// block is that literal alone (`=> {` `"a.b"` `}`, as rustfmt writes an arm too long for
/// one line).
pub fn arm_codes(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("=>") {
        rest = &rest[at + 2..];
        let after = rest.trim_start();
        let (body, block) = match after.strip_prefix('{') {
            Some(inner) => (inner.trim_start(), true),
            None => (after, false),
        };
        let Some(quoted) = body.strip_prefix('"') else {
            continue;
        };
        let Some(end) = quoted.find('"') else { break };
        let literal = &quoted[..end];
        // A block counts only when the literal is all it holds.
        let closed = !block || quoted[end + 1..].trim_start().starts_with('}');
        if closed
            && literal.contains('.')
            && literal
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        {
            codes.push(literal.to_owned());
        }
        rest = &quoted[end..];
    }
    codes
}

/// Every code with the crates that return it; an error lists each code found in two crates.
pub fn check(root: &Path) -> Result<usize, String> {
    let mut owners: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for dir in CRATES {
        let path = root.join(dir).join("src/error.rs");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut codes = arm_codes(&text);
        codes.sort();
        codes.dedup();
        for code in codes {
            owners.entry(code).or_default().push(dir);
        }
    }
    let clashes: Vec<String> = owners
        .iter()
        .filter(|(_, crates)| crates.len() > 1)
        .map(|(code, crates)| format!("`{code}` is returned by {}", crates.join(" and ")))
        .collect();
    if clashes.is_empty() {
        Ok(owners.len())
    } else {
        Err(format!(
            "error codes must be unique across the workspace:\n  {}",
            clashes.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arms_are_read_and_other_literals_ignored() {
        let text = r#"
            match self {
                Error::A { .. } => "amount.syntax",
                Error::B => "caseflow.log.io",
                Error::C => "Not a code",
                Error::D { .. } => {
                    "calendar.csv.statutory_holiday_missing"
                }
                Error::E => {
                    let x = "not.alone";
                    x
                }
            }
            let x = "json.syntax";
        "#;
        assert_eq!(
            arm_codes(text),
            [
                "amount.syntax",
                "caseflow.log.io",
                "calendar.csv.statutory_holiday_missing"
            ]
        );
    }

    #[test]
    fn the_workspace_codes_are_unique() {
        let root = crate::workspace_root();
        match check(&root) {
            Ok(n) => assert!(
                n > 100,
                "only {n} codes found: is the scan reading the crates?"
            ),
            Err(e) => panic!("{e}"),
        }
    }
}
