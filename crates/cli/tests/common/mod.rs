//! What every CLI test shares: running `weiquan` as a user would, temporary directories that
//! clean up after themselves, the fixtures under `tests/fixtures/`, and readers of the
//! output.
//!
//! Each test file is its own crate and uses only some of these, hence the `dead_code` allow.
#![allow(
    dead_code,
    reason = "each test crate uses a different part of the shared helpers"
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test helpers: a failure is the test's failure"
)]

use std::path::{Path, PathBuf};
use std::process::Output;

pub use serde_json::Value;

/// `weiquan` with these arguments, ready for more (`.arg`, `.env`, `.write_stdin`).
pub fn cmd(args: &[&str]) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_weiquan"));
    c.args(args);
    c
}

/// Runs `weiquan` with `args` and `stdin` as its whole standard input. The input is written
/// from another thread, so a large one cannot fill the pipes both ways; a command that fails
/// on its arguments may exit before reading it, and the broken pipe is then ignored: the
/// exit status and standard error are what a test checks.
pub fn weiquan(args: &[&str], stdin: impl Into<Vec<u8>>) -> Output {
    cmd(args).write_stdin(stdin).output().unwrap()
}

/// Runs `weiquan` with `args` and an empty standard input.
pub fn run(args: &[&str]) -> Output {
    weiquan(args, Vec::new())
}

/// Runs `weiquan` with `args`, `stdin` and `--rejects` to a temporary file; returns the output
/// and the rejects file's records (standard error carries no record without `--rejects`).
pub fn with_rejects(args: &[&str], stdin: impl Into<Vec<u8>>) -> (Output, Vec<Value>) {
    let dir = temp_dir();
    let path = dir.path().join("rejects.jsonl");
    let mut all = args.to_vec();
    all.extend(["--rejects", arg(&path)]);
    let out = weiquan(&all, stdin);
    let records = std::fs::read(&path).map(|b| lines(&b)).unwrap_or_default();
    (out, records)
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the exit status, showing standard error when it differs.
#[track_caller]
pub fn assert_status(out: &Output, code: i32) {
    assert_eq!(out.status.code(), Some(code), "stderr: {}", stderr(out));
}

/// Every line of JSON Lines output, parsed.
pub fn lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// One JSON document.
pub fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

/// A fresh temporary directory, removed when the value is dropped (also when the test fails).
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("weiquan-cli-test-")
        .tempdir()
        .unwrap()
}

/// Writes `content` to `name` in `dir` and returns the path.
pub fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// A path as the `&str` an argument list takes.
pub fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The path of a fixture in `crates/cli/tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fixture's text, without the final newline (fixtures are single documents or lines that
/// tests join into JSON Lines themselves).
pub fn fixture_text(name: &str) -> String {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    text.strip_suffix('\n').unwrap_or(&text).to_owned()
}

/// The path of a file under the repository's `examples/data`.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data")
        .join(name)
}
