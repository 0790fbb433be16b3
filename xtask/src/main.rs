//! `cargo xtask`: the project's own automation, in Rust so it runs wherever cargo does.
//!
//! - `cargo xtask ci`: every check and test, in order, stopping at the first failure:
//!   setup (the build tools the workspace needs beyond Rust: cmake, for HiGHS, and
//!   PostgreSQL, for the case store's tests), formatting,
//!   clippy (warnings are errors), the workspace tests, the doc tests, the API
//!   documentation (rustdoc warnings are errors), the drift check of every committed
//!   generated file, the structural invariants (crate layers, error codes unique across the
//!   workspace), then the C ABI and WebAssembly steps; at the end (also after a
//!   failure) a table of each step's seconds, so that a slow run shows where its time went.
//! - `cargo xtask gen`: rewrites the generated files from the code.
//! - `cargo xtask wasm`: only the WebAssembly step of `ci` (build, Node and browser tests).
//! - `cargo xtask ffi`: only the C ABI step of `ci` (coverage check, C tests under valgrind
//!   and AddressSanitizer, the C, Python and Java clients).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

mod codes;
mod ffi;
mod generated;
mod layers;
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

/// The seconds each step of `cargo xtask ci` took, in order.
#[derive(Default)]
struct Steps(Vec<(&'static str, f64, bool)>);

impl Steps {
    /// Runs one step and records its time and whether it passed.
    fn time<T>(
        &mut self,
        name: &'static str,
        step: impl FnOnce() -> Result<T, String>,
    ) -> Result<T, String> {
        let started = Instant::now();
        let result = step();
        self.0
            .push((name, started.elapsed().as_secs_f64(), result.is_ok()));
        result
    }

    /// The table printed at the end of the run.
    fn table(&self) -> String {
        let total: f64 = self.0.iter().map(|(_, s, _)| s).sum();
        let mut t = format!("{:<16} {:>8} {:>6}\n", "step", "seconds", "share");
        for (name, secs, ok) in &self.0 {
            t.push_str(&format!(
                "{name:<16} {secs:>8.1} {:>5.0}%{}\n",
                if total > 0.0 {
                    secs / total * 100.0
                } else {
                    0.0
                },
                if *ok { "" } else { "  FAILED" }
            ));
        }
        t.push_str(&format!("{:<16} {total:>8.1}\n", "total"));
        t
    }
}

fn ci(root: &Path) -> Result<(), String> {
    let mut steps = Steps::default();
    let result = ci_steps(root, &mut steps);
    eprintln!("\nxtask ci: time per step\n{}", steps.table());
    if result.is_ok() {
        eprintln!("xtask ci: all checks passed");
    }
    result
}

/// Installs the build tools the workspace needs beyond Rust when they are missing: `cmake` and
/// a C++ compiler, with which `highs-sys` builds HiGHS (the statistics audit's solver) from
/// source, and libclang, with which it generates its bindings; and PostgreSQL, whose cluster
/// the case store's tests start. Before clippy, the first step that compiles anything.
fn setup() -> Result<(), String> {
    let mut missing: Vec<&str> = Vec::new();
    for (program, package) in [("cmake", "cmake"), ("c++", "g++")] {
        if !ffi::have(program) {
            missing.push(package);
        }
    }
    // bindgen loads libclang at build time; `ldconfig -p` lists it when installed.
    let libclang = Command::new("sh")
        .args([
            "-c",
            "ldconfig -p | grep -q 'libclang\\(-[0-9.]*\\)\\?\\.so'",
        ])
        .status()
        .is_ok_and(|s| s.success());
    if !libclang {
        missing.push("libclang-dev");
    }
    if !missing.is_empty() {
        wasm::apt_install(
            &missing,
            "highs-sys builds the HiGHS solver of the statistics audit with cmake and a C++ \
             compiler, and its bindings with libclang",
        )?;
    }
    ensure_postgresql()
}

/// Debian's PostgreSQL server programs (`/usr/lib/postgresql/<version>/bin/initdb` and
/// `pg_ctl`), installed with apt when missing: the case store's tests start a throwaway
/// cluster with them, and fail under CI without them.
fn ensure_postgresql() -> Result<(), String> {
    if have_postgresql() {
        return Ok(());
    }
    wasm::apt_install(
        &["postgresql"],
        "the case store's PostgreSQL tests start a throwaway cluster with its initdb and pg_ctl",
    )?;
    if have_postgresql() {
        Ok(())
    } else {
        Err("apt installed postgresql but no /usr/lib/postgresql/*/bin/initdb is there".into())
    }
}

/// Whether some `/usr/lib/postgresql/<version>/bin` holds `initdb` and `pg_ctl`.
fn have_postgresql() -> bool {
    std::fs::read_dir("/usr/lib/postgresql").is_ok_and(|versions| {
        versions.filter_map(Result::ok).any(|v| {
            let bin = v.path().join("bin");
            bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()
        })
    })
}

fn ci_steps(root: &Path, steps: &mut Steps) -> Result<(), String> {
    steps.time("setup", setup)?;
    steps.time("fmt", || run(root, "cargo", &["fmt", "--all", "--check"]))?;
    steps.time("clippy", || {
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
        )
    })?;
    steps.time("tests", || {
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
        )
    })?;
    steps.time("doc tests", || {
        run(root, "cargo", &["test", "--workspace", "--doc"])
    })?;
    // The API documentation builds without a warning (a broken link is an error).
    steps.time("api docs", || {
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
        )
    })?;
    steps.time("drift", || drift(root))?;
    steps.time("invariants", || invariants(root))?;
    steps.time("ffi", || ffi::ci(root))?;
    let pkg = steps.time("wasm build", || wasm::build(root))?;
    steps.time("wasm tests", || wasm::test(root, &pkg))?;
    Ok(())
}

/// The workspace's structural rules: the crate layers and unique error codes.
fn invariants(root: &Path) -> Result<(), String> {
    eprintln!("\n==> crate layers and error codes");
    let floors = layers::check(root)?;
    let codes = codes::check(root)?;
    eprintln!("<== {floors} crates within their floors; {codes} error codes, each in one crate");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_table_shows_every_step_its_time_and_the_total() {
        let mut steps = Steps::default();
        assert_eq!(steps.time("fmt", || Ok::<u8, String>(7)), Ok(7));
        assert!(
            steps
                .time("clippy", || Err::<(), String>("failed".into()))
                .is_err()
        );
        let table = steps.table();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        assert!(lines[0].starts_with("step") && lines[0].contains("seconds"));
        assert!(lines[1].starts_with("fmt ") && !lines[1].contains("FAILED"));
        assert!(lines[2].starts_with("clippy ") && lines[2].ends_with("FAILED"));
        assert!(lines[3].starts_with("total "));
    }
}
