//! `docs/routing.md` explains every rule of the default ruleset, every body kind and every
//! problem a loaded file can have.
#![allow(
    clippy::unwrap_used,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use weiquan_routing::{BodyKind, ProblemKind, Router};

const DOC: &str = include_str!("../../../docs/routing.md");

#[test]
fn every_default_rule_is_explained() {
    let router = Router::shijiazhuang().unwrap();
    for (i, rule) in router.rules().iter().enumerate() {
        let entry = format!("{}. **`{}`**", i + 1, rule.id());
        let paired = format!("and {}. **`{}`**", i + 1, rule.id());
        let slashed = format!("/ {}. **`{}`**", i + 1, rule.id());
        assert!(
            DOC.contains(&entry) || DOC.contains(&paired) || DOC.contains(&slashed),
            "docs/routing.md does not explain rule {} ({})",
            i + 1,
            rule.id()
        );
    }
}

#[test]
fn every_problem_code_and_body_kind_is_documented() {
    for k in ProblemKind::ALL {
        assert!(DOC.contains(&format!("`{}`", k.code())), "{}", k.code());
    }
    for k in BodyKind::ALL {
        assert!(DOC.contains(&format!("`{}`", k.code())), "{}", k.code());
    }
}
