//! `weiquan case replay EVENTS.jsonl [--as-of DATE] [--key FILE] [--expect-head [ID=]HEX]...
//! [--recover]`: rebuild each case of a file of hash-chained event logs and print it — state,
//! outcome, history, deadlines with their status, summary — as one JSON document per log on
//! standard output.
//!
//! Every line is checked (well-formed, numbered without gaps, chained to the line before,
//! its stored bytes matching its seal, a transition the machine allows). A file may hold
//! several logs back to back (a new one starts at each entry with sequence number 1); each
//! is replayed and reported on its own. A refused log is reported on standard error with
//! its code and line; the exit status is 2 when nothing could be printed, 3 when some logs
//! were printed and others refused.

use std::collections::BTreeMap;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;
use weiquan_caseflow::{
    Calendar, CaseReport, ChainHash, ChainKey, ChainKind, Event, LogFile, LogResult, ReplayOptions,
    Replayed, Torn,
};

use crate::batch::{CliError, EXIT_REJECTS, open_input};

/// Arguments of `weiquan case`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: CaseCommand,
}

#[derive(Debug, clap::Subcommand)]
enum CaseCommand {
    /// Rebuild each case of a file of event logs (JSON Lines) and print it as JSON, one
    /// document per log.
    Replay(ReplayArgs),
}

#[derive(Debug, clap::Args)]
struct ReplayArgs {
    /// The log file, or `-` for standard input. It may hold several logs back to back.
    #[arg(value_name = "EVENTS.jsonl|-")]
    events: String,
    /// The state on DATE: events after it are checked but not applied, and counted in
    /// `log.later_events`; deadlines are assessed on it (default: today in China Standard
    /// Time).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// The key of a keyed log (HMAC-SHA-256): a file holding at least 64 hexadecimal
    /// digits. With a key, a line with a plain hash is refused.
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    /// The head the log must end with (`log.head` of an earlier run, kept elsewhere):
    /// `HEX` for a file of one log, `COMPLAINT_ID=HEX` per case; may be repeated.
    #[arg(long = "expect-head", value_name = "[ID=]HEX")]
    expect_heads: Vec<String>,
    /// Replay the valid prefix of a log whose last line was torn by a crash, and say how
    /// many bytes were dropped (the file is not changed).
    #[arg(long)]
    recover: bool,
    /// Load further calendar years from FILE (CSV `date,kind,name`); may be repeated.
    #[arg(long = "calendar", value_name = "FILE")]
    calendars: Vec<PathBuf>,
    /// Refuse dates outside the official calendar instead of answering them
    /// provisionally from the statutory holiday list.
    #[arg(long)]
    strict: bool,
    /// Indent the JSON.
    #[arg(long)]
    pretty: bool,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("{text:?} is not a date written YYYY-MM-DD ({e})"))
}

/// What `replay` prints for each log.
#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    case: CaseReport<'a>,
    /// Deadlines that passed by `as_of` but have no `deadline_elapsed` event in the log yet
    /// (what a service would append next; not applied here).
    unrecorded_elapsed: Vec<Event>,
    /// The log: where it starts, its entries and the seal of the last one.
    log: LogInfo,
}

#[derive(Serialize)]
struct LogInfo {
    /// The 1-based line of the file the log starts on.
    first_line: u64,
    /// The entries read and checked.
    entries: u64,
    /// Of these, the entries dated after `as_of`, not applied.
    later_events: u64,
    /// `sha256` or `hmac-sha256`.
    chain: ChainKind,
    /// The seal of the last entry.
    head: ChainHash,
    /// Whether the head was checked against `--expect-head`.
    head_checked: bool,
    /// The torn tail dropped by `--recover`, if any.
    torn: Option<Torn>,
}

/// The heads given with `--expect-head`.
#[derive(Default)]
struct ExpectedHeads {
    /// A bare `HEX`: the file must hold one log.
    single: Option<ChainHash>,
    by_case: BTreeMap<String, ChainHash>,
}

impl ExpectedHeads {
    fn parse(values: &[String]) -> Result<ExpectedHeads, CliError> {
        let mut heads = ExpectedHeads::default();
        for value in values {
            let (id, hex) = match value.rsplit_once('=') {
                Some((id, hex)) => (Some(id), hex),
                None => (None, value.as_str()),
            };
            let hash = ChainHash::from_hex(&hex.trim().to_ascii_lowercase()).ok_or_else(|| {
                CliError::Usage(format!(
                    "--expect-head {value:?}: not 64 hexadecimal digits (optionally after COMPLAINT_ID=)"
                ))
            })?;
            match id {
                Some(id) => {
                    heads.by_case.insert(id.to_owned(), hash);
                }
                None if heads.single.is_some() => {
                    return Err(CliError::Usage(
                        "--expect-head HEX may be given once; use COMPLAINT_ID=HEX for several cases"
                            .to_owned(),
                    ));
                }
                None => heads.single = Some(hash),
            }
        }
        Ok(heads)
    }
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    match args.command {
        CaseCommand::Replay(args) => match replay(&args) {
            Ok(code) => code,
            Err(e) => e.report(),
        },
    }
}

fn calendar(paths: &[PathBuf], strict: bool) -> Result<Calendar, CliError> {
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

/// Reads a key file. The key is never echoed; a file others can read is warned about,
/// since anyone who holds the key can rewrite a keyed log undetected.
fn read_key(path: &Path) -> Result<ChainKey, CliError> {
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Read {
        path: path.display().to_string(),
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            eprintln!(
                "weiquan: warning: key file {} can be read by others than its owner (chmod 600 it)",
                path.display()
            );
        }
    }
    ChainKey::from_hex(&text)
        .map_err(|e| CliError::Usage(format!("error[{}]: {}: {e}", e.code(), path.display())))
}

fn caseflow(e: &weiquan_caseflow::Error) -> CliError {
    CliError::Usage(format!("error[{}]: {e}", e.code()))
}

fn replay(args: &ReplayArgs) -> Result<ExitCode, CliError> {
    let cal = calendar(&args.calendars, args.strict)?;
    let key = args.key.as_deref().map(read_key).transpose()?;
    let mut heads = ExpectedHeads::parse(&args.expect_heads)?;
    let as_of = args.as_of.unwrap_or_else(weiquan_complaint::today_cst);
    let mut options = ReplayOptions::new().as_of(as_of);
    if let Some(key) = &key {
        options = options.key(key);
    }
    if args.recover {
        options = options.recover();
    }
    let input = BufReader::new(open_input(&args.events)?);
    let mut logs = LogFile::new(&cal, input, &options).peekable();
    let (mut printed, mut refused) = (0u64, 0u64);
    let mut out = std::io::stdout().lock();
    while let Some(log) = logs.next() {
        if heads.single.is_some() && printed + refused == 0 && logs.peek().is_some() {
            return Err(CliError::Usage(format!(
                "{}: the file holds several logs: give --expect-head COMPLAINT_ID=HEX for each case",
                args.events
            )));
        }
        let LogResult { first_line, result } = log;
        let checked = result.and_then(|read| {
            let expected = heads
                .single
                .take()
                .or_else(|| heads.by_case.remove(read.case.complaint_id()));
            match expected {
                Some(h) => read.check_head(h).map(|()| (read, true)),
                None => Ok((read, false)),
            }
        });
        match checked {
            Ok((read, head_checked)) => {
                let text = match document(&cal, &read, as_of, first_line, head_checked, args.pretty)
                {
                    Ok(text) => text,
                    // The log is valid but its deadlines cannot be assessed (a date
                    // outside the calendar with --strict): this case is not printed.
                    Err(e) => {
                        refused += 1;
                        eprintln!("weiquan: {}: {e}", args.events);
                        continue;
                    }
                };
                out.write_all(&text)
                    .and_then(|()| out.flush())
                    .map_err(|source| CliError::Write {
                        path: "standard output".to_owned(),
                        source,
                    })?;
                printed += 1;
            }
            Err(e) => {
                refused += 1;
                let from = if first_line > 1 {
                    format!(" (the log starting at line {first_line})")
                } else {
                    String::new()
                };
                eprintln!("weiquan: error[{}]: {}: {e}{from}", e.code(), args.events);
            }
        }
    }
    // A head expected for a case the file does not hold: the log was removed.
    for id in heads.by_case.keys() {
        refused += 1;
        eprintln!(
            "weiquan: error[caseflow.log.head_mismatch]: {}: no log for complaint {id:?}, whose head was expected",
            args.events
        );
    }
    if printed + refused == 0 {
        let e = weiquan_caseflow::Error::LogEmpty;
        return Err(CliError::Usage(format!(
            "error[{}]: {}: {e}",
            e.code(),
            args.events
        )));
    }
    Ok(match (printed, refused) {
        (_, 0) => ExitCode::SUCCESS,
        (0, _) => ExitCode::from(crate::batch::EXIT_USAGE),
        _ => ExitCode::from(EXIT_REJECTS),
    })
}

/// One log's document, with its newline.
fn document(
    cal: &Calendar,
    read: &Replayed,
    as_of: NaiveDate,
    first_line: u64,
    head_checked: bool,
    pretty: bool,
) -> Result<Vec<u8>, CliError> {
    let case = &read.case;
    let output = Output {
        case: case.report_on(cal, as_of).map_err(|e| caseflow(&e))?,
        unrecorded_elapsed: case
            .elapsed_events_on(cal, as_of)
            .map_err(|e| caseflow(&e))?,
        log: LogInfo {
            first_line,
            entries: read.entries,
            later_events: read.later,
            chain: read.journal.kind(),
            head: read.journal.head(),
            head_checked,
            torn: read.torn,
        },
    };
    let mut text = if pretty {
        serde_json::to_vec_pretty(&output)
    } else {
        serde_json::to_vec(&output)
    }
    .map_err(|e| CliError::Usage(format!("cannot serialise the case: {e}")))?;
    text.push(b'\n');
    Ok(text)
}
