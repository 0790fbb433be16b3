//! `weiquan`: consumer-complaint handling from the command line.
//!
//! Batch commands (`ids check`, `validate`, `assess`, `route`, `stats`, `alerts`) read JSON
//! Lines from a file or standard input, write JSON Lines, put every rejected line with its
//! number and reasons in `--rejects`, print a summary on standard error (and as one JSON
//! document to `--summary FILE`) and exit with 0 (all accepted), 3 (some rejected;
//! everything still written) or 2 (usage or I/O error). `weiquan --help` and each batch
//! command's `--help` end with these exit statuses; `docs/cli.md` is the reference.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod batch;
mod cmd_alerts;
mod cmd_assess;
mod cmd_case;
mod cmd_demo;
mod cmd_generate;
mod cmd_ids;
mod cmd_redact;
mod cmd_route;
mod cmd_stats;
mod cmd_testing;
mod cmd_validate;
mod cmd_workdays;
mod output;

/// Consumer-complaint handling for mainland China: validation, working days, case deadlines,
/// routing, compensation and anonymised statistics (Shijiazhuang defaults).
#[derive(Debug, Parser)]
#[command(name = "weiquan", version, about, long_about = None, after_help = TOP_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What `weiquan --help` ends with: the exit statuses of every command.
const TOP_HELP: &str = "\
Exit status:
  0  success; for a batch command (ids check, validate, assess, route, stats, alerts):
     every record was accepted
  3  a batch command rejected some records; everything else was still written, and each
     rejected record went to --rejects with its line number and reasons
  2  usage or I/O error

Batch commands also write their counts and exit status as JSON with --summary FILE.
Start with `weiquan demo`; the reference is docs/cli.md.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Check identifiers (resident ID, USCC, mobile), one per line.
    Ids(cmd_ids::Args),
    /// Generate synthetic complaints as JSON Lines.
    Generate(cmd_generate::Args),
    /// Validate and normalise complaints (JSON Lines).
    #[command(after_help = batch::EXIT_HELP)]
    Validate(cmd_validate::Args),
    /// Working-day arithmetic: add, between, check (mainland China holidays and 调休).
    Workdays(cmd_workdays::Args),
    /// Case-state machine: replay a case's event log and show its state and deadlines.
    Case(cmd_case::Args),
    /// Assess what a consumer may claim: punitive damages, refunds, remedies and deadlines.
    #[command(after_help = batch::EXIT_HELP)]
    Assess(cmd_assess::Args),
    /// Redact personal data (phones, ID and card numbers, e-mail, plates, addresses, names) in text.
    Redact(cmd_redact::Args),
    /// Route complaints to the body that handles them, with the rule and legal basis (JSON Lines).
    #[command(after_help = batch::EXIT_HELP)]
    Route(cmd_route::Args),
    /// Anonymised statistics safe to publish: tables with suppression and audit, CCA report, DP.
    #[command(after_help = batch::EXIT_HELP)]
    Stats(cmd_stats::Args),
    /// Weekly surge alerts per business and category (JSON Lines).
    #[command(after_help = batch::EXIT_HELP)]
    Alerts(cmd_alerts::Args),
    /// The whole pipeline on synthetic complaints, with a report (the first command to try).
    Demo(cmd_demo::Args),
    /// Comparative testing: verdicts, scores and the report of a test programme (JSON).
    Testing(cmd_testing::Args),
    // New subcommands go above this line, one variant each.
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(batch::EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Ids(a) => cmd_ids::run(a),
        Command::Generate(a) => cmd_generate::run(a),
        Command::Validate(a) => cmd_validate::run(a),
        Command::Workdays(a) => cmd_workdays::run(a),
        Command::Case(a) => cmd_case::run(a),
        Command::Assess(a) => cmd_assess::run(a),
        Command::Redact(a) => cmd_redact::run(a),
        Command::Route(a) => cmd_route::run(a),
        Command::Stats(a) => cmd_stats::run(a),
        Command::Alerts(a) => cmd_alerts::run(a),
        Command::Demo(a) => cmd_demo::run(a),
        Command::Testing(a) => cmd_testing::run(a),
        // New subcommands' match arms go above this line.
    }
}
