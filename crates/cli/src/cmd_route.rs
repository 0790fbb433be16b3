//! `weiquan route`: which body handles each complaint, and why.
//!
//! `weiquan route FILE|- [--ruleset FILE]` reads complaints as JSON Lines and writes one
//! decision per complaint (`complaint_id`, `body` with `id`, `name`, `division`, then `rule`,
//! `basis`, `warnings`, `trail` and `candidates`). Lines that are not valid complaints, or
//! that no rule covers (an unknown division code, say), go to `--rejects` with their line
//! number and reasons; the summary and the exit codes are those of `weiquan validate`. The
//! default ruleset is Shijiazhuang's; `--ruleset` loads another city's file, and every
//! problem in it is printed with its line before anything is read (exit 2). `--divisions`
//! adds a division detail file (another city's abolished and renamed codes) to the
//! embedded registry.

use std::path::PathBuf;
use std::process::ExitCode;

use weiquan_complaint::Complaint;
use weiquan_routing::{Registry, RouteOptions, Router};

use crate::batch::{self, CliError, IoArgs, Reject};
use weiquan_support::Diagnostic;

/// Arguments of `weiquan route`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    io: IoArgs,
    /// A ruleset file (TOML, see docs/routing.md) instead of the embedded Shijiazhuang one.
    #[arg(long, value_name = "FILE")]
    ruleset: Option<PathBuf>,
    /// A division detail file (CSV: code,name,level,parent,valid_from,valid_to,successor,
    /// see docs/routing.md) added to the embedded registry: another city's abolished and
    /// renamed codes with their successors.
    #[arg(long, value_name = "FILE")]
    divisions: Option<PathBuf>,
    /// The id of the body that received the complaints: where it is one of several bodies
    /// with authority, it handles them (first received, Order No. 20 Art. 13).
    #[arg(long, value_name = "BODY_ID")]
    received_by: Option<String>,
    /// Leave the trail of rules tried out of each decision.
    #[arg(long)]
    no_trail: bool,
}

fn read(path: &PathBuf) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|source| CliError::Read {
        path: path.display().to_string(),
        source,
    })
}

fn load(ruleset: Option<&PathBuf>, divisions: Option<&PathBuf>) -> Result<Router, CliError> {
    let registry = match divisions {
        None => Registry::embedded(),
        Some(path) => Registry::embedded_with(&[("detail file", &read(path)?)]),
    }
    .map_err(|e| {
        let file = divisions.map_or_else(String::new, |p| format!("{}: ", p.display()));
        CliError::Usage(format!("{file}{e}"))
    })?;
    let Some(path) = ruleset else {
        return Router::shijiazhuang_with(registry).map_err(|e| CliError::Usage(e.to_string()));
    };
    Router::from_toml_with(&read(path)?, registry)
        .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
}

/// Writes one decision per complaint; rejects invalid and unroutable lines.
pub fn run(args: Args) -> ExitCode {
    let inputs: Vec<&std::path::Path> = args
        .ruleset
        .as_deref()
        .into_iter()
        .chain(args.divisions.as_deref())
        .collect();
    if let Err(e) = batch::claim(&args.io, &inputs) {
        return batch::finish(&args.io, "route", None, Err(e));
    }
    let router = match load(args.ruleset.as_ref(), args.divisions.as_ref()) {
        Ok(r) => r,
        Err(e) => return batch::finish(&args.io, "route", None, Err(e)),
    };
    if let Some(id) = &args.received_by
        && router.body_by_id(id).is_none()
    {
        let e = CliError::Usage(format!(
            "--received-by {id:?} is not a body of ruleset {:?}",
            router.id()
        ));
        return batch::finish(&args.io, "route", None, Err(e));
    }
    let opts = RouteOptions {
        received_by: args.received_by.as_deref(),
    };
    let result = batch::map_lines(&args.io, "route", "routed", |line, out| {
        let complaint = Complaint::from_json(line)?;
        let decision = router
            .route_with(&complaint, &opts)
            .map_err(|e| Reject::from(e.problems()))?;
        let mut report = decision.report(&complaint.id);
        if args.no_trail {
            report.trail.clear();
        }
        batch::push_json_line(out, &report)
    });
    batch::finish_run(&args.io, "route", result)
}
