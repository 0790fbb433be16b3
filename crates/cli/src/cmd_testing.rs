//! `weiquan testing`: comparative testing (比较试验) over a programme file
//! (`docs/testing.md`).
//!
//! - `weiquan testing verdicts PROGRAMME.json` — each sample's results against the standard
//!   and the declared values, and its overall conformity (JSON);
//! - `weiquan testing score PROGRAMME.json` — item grades, the weighted mean, the
//!   devaluations and the published grade of each sample, with the trace (JSON);
//! - `weiquan testing report PROGRAMME.json [--format markdown|json]` — the published tables;
//! - `weiquan testing select COUNTS.json` — what to test next: categories and issues ranked
//!   by complaints and by growth (JSON).
//!
//! Output goes to standard output or to `--out FILE`, written whole or not at all. A
//! programme that does not read, or lacks a fact the computation needs, is reported with
//! every problem's JSON pointer and code on standard error (exit 2); nothing is written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use weiquan_support::Diagnostic;
use weiquan_testing::{ComplaintCounts, Programme, report, score, verdict};

use crate::batch::{CliError, EXIT_USAGE, say};
use crate::output::{Mode, Sink};

/// Arguments of `weiquan testing`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: TestingCommand,
}

#[derive(Debug, clap::Subcommand)]
enum TestingCommand {
    /// Each sample's verdicts against the standard and the declared values (JSON).
    Verdicts(Common),
    /// Each sample's item grades and overall grade, with the trace (JSON).
    Score(Common),
    /// The published tables (Markdown, or JSON with --format json).
    Report(ReportArgs),
    /// Categories and issues ranked by complaints and by growth, from a counts file (JSON).
    Select(Common),
}

#[derive(Debug, clap::Args)]
struct Common {
    /// The programme file (or, for `select`, the complaint-counts file), JSON.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Write here instead of standard output (written whole, or not at all).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Indent the JSON.
    #[arg(long)]
    pretty: bool,
}

#[derive(Debug, clap::Args)]
struct ReportArgs {
    #[command(flatten)]
    common: Common,
    /// `markdown` (the tables as published) or `json` (the whole report).
    #[arg(long, value_name = "FORMAT", default_value = "markdown", value_parser = ["markdown", "json"])]
    format: String,
}

/// What went wrong: the CLI's own errors, or the programme's problems.
enum Failure {
    Cli(CliError),
    Testing(PathBuf, weiquan_testing::Error),
}

impl From<CliError> for Failure {
    fn from(e: CliError) -> Self {
        Failure::Cli(e)
    }
}

/// Runs `weiquan testing`.
pub fn run(args: Args) -> ExitCode {
    let result = match &args.command {
        TestingCommand::Verdicts(c) => json(c, verdict::verdicts),
        TestingCommand::Score(c) => json(c, score::scores),
        TestingCommand::Report(r) => report_cmd(r),
        TestingCommand::Select(c) => select(c),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Cli(e)) => e.report(),
        Err(Failure::Testing(path, e)) => {
            say(format_args!(
                "weiquan: {}: {} [{}]",
                path.display(),
                e,
                Diagnostic::code(&e)
            ));
            for p in e.field_errors() {
                say(format_args!(
                    "  {}: {} / {} [{}]",
                    if p.pointer.is_empty() {
                        "/"
                    } else {
                        &p.pointer
                    },
                    p.message_en,
                    p.message_zh,
                    p.code
                ));
            }
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|source| CliError::Read {
        path: path.display().to_string(),
        source,
    })
}

fn load(c: &Common) -> Result<Programme, Failure> {
    crate::output::claim(
        &[&c.file],
        &c.out.as_deref().into_iter().collect::<Vec<_>>(),
    )?;
    let text = read(&c.file)?;
    Programme::from_json(&text).map_err(|e| Failure::Testing(c.file.clone(), e))
}

fn write(out: Option<&Path>, bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let mut sink = Sink::open(out, Mode::Shared)?;
    sink.write_all(bytes).map_err(|source| CliError::Write {
        path: sink.shown().to_owned(),
        source,
    })?;
    sink.commit()?;
    Ok(())
}

fn to_json(value: &impl Serialize, pretty: bool) -> Result<Vec<u8>, Failure> {
    let mut bytes = if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    }
    .map_err(|e| CliError::Usage(format!("cannot write JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn json<T: Serialize>(
    c: &Common,
    f: impl Fn(&Programme) -> Result<T, weiquan_testing::Error>,
) -> Result<(), Failure> {
    let programme = load(c)?;
    let value = f(&programme).map_err(|e| Failure::Testing(c.file.clone(), e))?;
    write(c.out.as_deref(), &to_json(&value, c.pretty)?)
}

fn report_cmd(r: &ReportArgs) -> Result<(), Failure> {
    let c = &r.common;
    let programme = load(c)?;
    let report = report::report(&programme).map_err(|e| Failure::Testing(c.file.clone(), e))?;
    let bytes = if r.format == "json" {
        to_json(&report, c.pretty)?
    } else {
        report.markdown(&programme).into_bytes()
    };
    write(c.out.as_deref(), &bytes)
}

fn select(c: &Common) -> Result<(), Failure> {
    crate::output::claim(
        &[&c.file],
        &c.out.as_deref().into_iter().collect::<Vec<_>>(),
    )?;
    let text = read(&c.file)?;
    let counts =
        ComplaintCounts::from_json(&text).map_err(|e| Failure::Testing(c.file.clone(), e))?;
    write(c.out.as_deref(), &to_json(&counts.select(), c.pretty)?)
}
