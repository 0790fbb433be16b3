//! The committed TypeScript declarations are what the Rust types generate.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use std::path::PathBuf;

#[test]
fn committed_declarations_are_up_to_date() {
    let generated = weiquan_wasm::typescript::declarations().unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ts/weiquan.d.ts");
    if std::env::var_os("WEIQUAN_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == generated,
        "{} is stale: run `cargo xtask gen` or `WEIQUAN_BLESS=1 cargo test -p weiquan-wasm`",
        path.display()
    );
}
