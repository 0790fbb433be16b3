//! `weiquan case replay EVENTS.jsonl [--as-of DATE]`: rebuild a case from its hash-chained
//! event log and print it — state, outcome, history, deadlines with their status, summary —
//! as one JSON document on standard output.
//!
//! Every line is checked (well-formed, numbered without gaps, chained to the line before,
//! matching its hash, a transition the machine allows). The first bad line stops the replay:
//! the error, naming the line, goes to standard error and the exit status is 2. There are no
//! partial results (exit status 3 is not used by this command).

use std::io::{BufReader, Write};
use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;
use weiquan_caseflow::{Calendar, Case, CaseReport, ChainHash, Event};

use crate::batch::{CliError, open_input};

/// Arguments of `weiquan case`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: CaseCommand,
}

#[derive(Debug, clap::Subcommand)]
enum CaseCommand {
    /// Rebuild a case from its event log (JSON Lines) and print it as JSON.
    Replay {
        /// The log, or `-` for standard input.
        #[arg(value_name = "EVENTS.jsonl|-")]
        events: String,
        /// The date deadlines are assessed on (default: today in China Standard Time).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Load further calendar years from FILE (CSV `date,kind,name`); may be repeated.
        #[arg(long = "calendar", value_name = "FILE")]
        calendars: Vec<std::path::PathBuf>,
        /// Refuse dates outside the official calendar instead of answering them
        /// provisionally from the statutory holiday list.
        #[arg(long)]
        strict: bool,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("{text:?} is not a date written YYYY-MM-DD ({e})"))
}

/// What `replay` prints.
#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    case: CaseReport<'a>,
    /// Deadlines that passed by `as_of` but have no `deadline_elapsed` event in the log yet
    /// (what a service would append next; not applied here).
    unrecorded_elapsed: Vec<Event>,
    /// The log: its number of entries and the hash of the last one (to anchor it elsewhere).
    log: LogInfo,
}

#[derive(Serialize)]
struct LogInfo {
    entries: u64,
    head: ChainHash,
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    match args.command {
        CaseCommand::Replay {
            events,
            as_of,
            calendars,
            strict,
            pretty,
        } => match replay(&events, as_of, &calendars, strict, pretty) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => e.report(),
        },
    }
}

fn calendar(paths: &[std::path::PathBuf], strict: bool) -> Result<Calendar, CliError> {
    let mut calendar = Calendar::official().clone();
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|source| CliError::Read {
            path: path.display().to_string(),
            source,
        })?;
        calendar = calendar.with_csv(&text).map_err(|e| {
            CliError::Usage(format!("error[{}]: {}: {e}", e.code(), path.display()))
        })?;
    }
    Ok(if strict {
        calendar
    } else {
        calendar.with_provisional()
    })
}

fn caseflow(e: &weiquan_caseflow::Error) -> CliError {
    CliError::Usage(format!("error[{}]: {e}", e.code()))
}

fn replay(
    events: &str,
    as_of: Option<NaiveDate>,
    calendars: &[std::path::PathBuf],
    strict: bool,
    pretty: bool,
) -> Result<(), CliError> {
    let cal = calendar(calendars, strict)?;
    let input = BufReader::new(open_input(events)?);
    let (case, journal): (Case, _) = Case::replay_reader(&cal, input).map_err(|e| match e {
        weiquan_caseflow::Error::LogIo { line, message } => CliError::Usage(format!(
            "error[caseflow.log.io]: {events}: line {line}: {message}"
        )),
        other => CliError::Usage(format!("error[{}]: {events}: {other}", other.code())),
    })?;
    let as_of = as_of.unwrap_or_else(weiquan_complaint::today_cst);
    let output = Output {
        case: case.report_on(&cal, as_of).map_err(|e| caseflow(&e))?,
        unrecorded_elapsed: case
            .elapsed_events_on(&cal, as_of)
            .map_err(|e| caseflow(&e))?,
        log: LogInfo {
            entries: case.len(),
            head: journal.head(),
        },
    };
    let mut text = if pretty {
        serde_json::to_vec_pretty(&output)
    } else {
        serde_json::to_vec(&output)
    }
    .map_err(|e| CliError::Usage(format!("cannot serialise the case: {e}")))?;
    text.push(b'\n');
    let mut out = std::io::stdout().lock();
    out.write_all(&text)
        .and_then(|()| out.flush())
        .map_err(|source| CliError::Write {
            path: "standard output".to_owned(),
            source,
        })
}
