//! `weiquan workdays`: working-day arithmetic on the mainland China calendar.
//!
//! `add DATE N` prints the N-th working day after DATE, `between A B` the number of working
//! days in (A, B], `check DATE` `working` or `rest`. Answers go to standard output, one line;
//! a provisional answer is also noted on standard error; errors go to standard error with exit
//! status 2.

use std::process::ExitCode;

use chrono::NaiveDate;
use weiquan_calendar::{AdjustedWorkdays, Calendar, Error, Marked};

use std::io::Write;

use crate::batch::{self, EXIT_USAGE};

/// Arguments of `weiquan workdays`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: WorkdaysCommand,
    /// Load further years from FILE (CSV `date,kind,name`, like the embedded data); may be
    /// repeated, files are loaded in order.
    #[arg(long = "calendar", value_name = "FILE", global = true)]
    calendars: Vec<std::path::PathBuf>,
    /// Answer years no notice covers from the statutory holiday list (marked provisional).
    #[arg(long, global = true)]
    provisional: bool,
    /// Whether a weekend day declared a working day (调休上班) counts as a working day.
    #[arg(
        long,
        value_enum,
        value_name = "POLICY",
        default_value = "count",
        global = true
    )]
    adjusted_workdays: Adjusted,
}

#[derive(Debug, clap::Subcommand)]
enum WorkdaysCommand {
    /// Print the N-th working day after DATE (DATE itself is not counted).
    Add {
        /// Start date, YYYY-MM-DD.
        #[arg(value_parser = parse_date)]
        date: NaiveDate,
        /// Number of working days.
        n: u32,
    },
    /// Print the number of working days in (A, B].
    Between {
        /// Start date (not counted), YYYY-MM-DD.
        #[arg(value_parser = parse_date)]
        a: NaiveDate,
        /// End date (counted), YYYY-MM-DD.
        #[arg(value_parser = parse_date)]
        b: NaiveDate,
    },
    /// Print `working` or `rest`.
    Check {
        /// The date, YYYY-MM-DD.
        #[arg(value_parser = parse_date)]
        date: NaiveDate,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Adjusted {
    /// Counts as a working day (default; an interpretation, marked U).
    Count,
    /// Treated as the weekend day it would otherwise be.
    Skip,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("{text:?} is not a date written YYYY-MM-DD ({e})"))
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    match answer(&args) {
        Ok((text, provisional)) => {
            if provisional {
                batch::say(format_args!(
                    "note: provisional answer: it depends on a year no State Council notice \
                     covers; computed from the statutory holiday list without adjusted working days"
                ));
            }
            // The answer is the command's whole job: if it cannot be written, say so.
            let mut out = std::io::stdout().lock();
            match writeln!(out, "{text}").and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(source) => batch::CliError::Write {
                    path: "standard output".into(),
                    source,
                }
                .report(),
            }
        }
        Err(message) => {
            batch::say(format_args!("{message}"));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn answer(args: &Args) -> Result<(String, bool), String> {
    let calendar = calendar(args)?;
    let fail = |e: Error| format!("error[{}]: {e}", e.code());
    match args.command {
        WorkdaysCommand::Add { date, n } => {
            let Marked { value, provisional } =
                calendar.add_working_days_marked(date, n).map_err(fail)?;
            Ok((value.format("%Y-%m-%d").to_string(), provisional))
        }
        WorkdaysCommand::Between { a, b } => {
            let Marked { value, provisional } =
                calendar.working_days_between_marked(a, b).map_err(fail)?;
            Ok((value.to_string(), provisional))
        }
        WorkdaysCommand::Check { date } => {
            let Marked { value, provisional } =
                calendar.is_working_day_marked(date).map_err(fail)?;
            Ok((
                if value { "working" } else { "rest" }.to_owned(),
                provisional,
            ))
        }
    }
}

fn calendar(args: &Args) -> Result<Calendar, String> {
    let mut calendar = Calendar::official().clone();
    for path in &args.calendars {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("error[io]: cannot read {}: {e}", path.display()))?;
        calendar = calendar.with_csv(&text).map_err(|e| match e {
            Error::Csv { problems } => {
                let mut message =
                    format!("error[calendar.invalid_csv]: {} rejected:", path.display());
                for p in problems {
                    message.push_str(&format!("\n  {}: {p} [{}]", path.display(), p.code()));
                }
                message
            }
            other => format!("error[{}]: {}: {other}", other.code(), path.display()),
        })?;
    }
    if args.provisional {
        calendar = calendar.with_provisional();
    }
    if let Adjusted::Skip = args.adjusted_workdays {
        calendar = calendar.with_adjusted_workdays(AdjustedWorkdays::Skip);
    }
    Ok(calendar)
}
