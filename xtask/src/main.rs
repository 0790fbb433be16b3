//! `cargo xtask`: the project's own automation, in Rust so it runs wherever cargo does.
//!
//! - `cargo xtask ci`: every check and test, in order, stopping at the first failure:
//!   formatting, clippy (warnings are errors), the workspace tests, the doc tests, the API
//!   documentation (rustdoc warnings are errors), the drift check of every committed
//!   generated file, then the C ABI and WebAssembly steps.
//! - `cargo xtask gen`: rewrites the generated files from the code.
//! - `cargo xtask wasm`: only the WebAssembly step of `ci` (build, Node and browser tests).
//! - `cargo xtask ffi`: only the C ABI step of `ci` (coverage check, C tests under valgrind
//!   and AddressSanitizer, the C, Python and Java clients).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

mod ffi;
mod generated;
mod wasm;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(&root),
        Some("gen") => generate(&root),
        Some("drift") => drift(&root),
        Some("wasm") => wasm::ci(&root),
        Some("ffi") => ffi::ci(&root),
        _ => {
            eprintln!("usage: cargo xtask ci | gen | drift | wasm | ffi");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Runs a command in the workspace root with inherited output; fails on a non-zero status.
pub(crate) fn run(root: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    let started = Instant::now();
    eprintln!("\n==> {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    eprintln!(
        "<== {program} {} ({:.1} s)",
        args.first().unwrap_or(&""),
        started.elapsed().as_secs_f64()
    );
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{program} {}` failed with {status}",
            args.join(" ")
        ))
    }
}

fn ci(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    run(root, "cargo", &["fmt", "--all", "--check"])?;
    run(
        root,
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run(
        root,
        "cargo",
        &[
            "test",
            "--workspace",
            "--lib",
            "--bins",
            "--tests",
            "--examples",
        ],
    )?;
    run(root, "cargo", &["test", "--workspace", "--doc"])?;
    // The API documentation builds without a warning (a broken link is an error).
    run(
        root,
        "cargo",
        &[
            "doc",
            "--no-deps",
            "--workspace",
            "--exclude",
            "xtask",
            "--config",
            "build.rustdocflags=[\"-D\",\"warnings\"]",
        ],
    )?;
    drift(root)?;
    ffi::ci(root)?;
    wasm::ci(root)?;
    eprintln!(
        "\nxtask ci: all checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn generate(root: &Path) -> Result<(), String> {
    for (path, content) in generated::files() {
        let full = root.join(&path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&full, content).map_err(|e| format!("{path}: {e}"))?;
        eprintln!("wrote {path}");
    }
    Ok(())
}

fn drift(root: &Path) -> Result<(), String> {
    eprintln!("\n==> drift check of generated files");
    let mut stale = Vec::new();
    let files = generated::files();
    for (path, content) in &files {
        match std::fs::read_to_string(root.join(path)) {
            Ok(on_disk) if on_disk == *content => {}
            Ok(_) => stale.push(format!("{path} differs from what the code generates")),
            Err(e) => stale.push(format!("{path}: {e}")),
        }
    }
    if stale.is_empty() {
        eprintln!("<== {} generated files up to date", files.len());
        Ok(())
    } else {
        Err(format!(
            "generated files are stale (run `cargo xtask gen`):\n  {}",
            stale.join("\n  ")
        ))
    }
}
