//! `weiquan assess`: what a consumer may claim, from a claim document.
//!
//! `weiquan assess FILE|-` reads one claim document (JSON, `schema_version: 1`; the schema is
//! `docs/schema/claim.schema.json`) and prints its assessment as pretty JSON. With `--lines`
//! the input is JSON Lines of claims and the output one assessment per line, with rejects,
//! summary and exit codes as for `weiquan validate`. Deadlines use the official mainland
//! China calendar for the holiday extension of Civil Code Art. 203 and working-day limits
//! (`--no-calendar` leaves them uncomputed, as outside the calendar's years).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use weiquan_compensation::{
    Assessment, ClaimDocument, Error, NoCalendar, Policy, assess, assess_with,
};

use crate::batch::{self, CliError, EXIT_OK, EXIT_REJECTS, IoArgs, Reject};

/// Arguments of `weiquan assess`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    io: IoArgs,
    /// The input is JSON Lines of claims; write one assessment per line.
    #[arg(long)]
    lines: bool,
    /// A policy file (JSON): disabled rules, holiday extension, overrides of numbers marked S or U in legal.md.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Do not use the official calendar (no holiday extension, no working-day deadlines).
    #[arg(long)]
    no_calendar: bool,
}

fn load_policy(path: Option<&PathBuf>) -> Result<Policy, CliError> {
    let Some(path) = path else {
        return Ok(Policy::default());
    };
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let policy: Policy = serde_json::from_str(&text)
        .map_err(|e| CliError::Usage(format!("policy {}: {e}", path.display())))?;
    policy
        .check()
        .map_err(|e| CliError::Usage(format!("policy {}: {e}", path.display())))?;
    Ok(policy)
}

fn reject(e: &weiquan_compensation::Error) -> Reject {
    Reject::from(e.field_errors())
}

/// Runs `weiquan assess`.
pub fn run(args: Args) -> ExitCode {
    match run_inner(&args) {
        Ok(code) => code,
        Err(e) => e.report(),
    }
}

fn run_inner(args: &Args) -> Result<ExitCode, CliError> {
    let policy = load_policy(args.policy.as_ref())?;
    // The library's default is the official calendar (years it does not cover are unknown):
    // the command, the C ABI and WebAssembly give the same last days.
    let assess_one = |claim: &ClaimDocument| -> Result<Assessment, Error> {
        if args.no_calendar {
            assess_with(claim, &policy, &NoCalendar)
        } else {
            assess(claim, &policy)
        }
    };
    if args.lines {
        let summary = batch::map_lines(&args.io, "assess", "assessed", |line, out| {
            let claim = ClaimDocument::from_json(line).map_err(|e| reject(&e))?;
            let a = assess_one(&claim).map_err(|e| reject(&e))?;
            batch::push_json_line(out, &a)
        })?;
        return Ok(summary.exit_code());
    }
    let mut text = String::new();
    batch::open_input(&args.io.input)?
        .read_to_string(&mut text)
        .map_err(|source| CliError::Read {
            path: args.io.input.clone(),
            source,
        })?;
    let result = ClaimDocument::from_json(&text).and_then(|claim| assess_one(&claim));
    let write_err = |source| CliError::Write {
        path: args
            .io
            .out
            .as_ref()
            .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string()),
        source,
    };
    match result {
        Ok(a) => {
            let mut out = batch::open_output(args.io.out.as_ref())?;
            let json = serde_json::to_string_pretty(&a)
                .map_err(|e| CliError::Usage(format!("cannot serialise the assessment: {e}")))?;
            writeln!(out, "{json}").map_err(write_err)?;
            out.flush().map_err(write_err)?;
            Ok(ExitCode::from(EXIT_OK))
        }
        Err(e) => {
            let errors = serde_json::json!({ "errors": e.field_errors() });
            match &args.io.rejects {
                Some(p) => {
                    let mut f = batch::open_output(Some(p))?;
                    writeln!(f, "{errors}").map_err(|source| CliError::Write {
                        path: p.display().to_string(),
                        source,
                    })?;
                }
                None => eprintln!("{errors}"),
            }
            if !args.io.quiet {
                eprintln!("weiquan assess: the claim was rejected: {e}");
            }
            Ok(ExitCode::from(EXIT_REJECTS))
        }
    }
}
