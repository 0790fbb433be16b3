//! `weiquan validate`: parse, normalise and validate complaints.

use std::process::ExitCode;

use chrono::NaiveDate;
use weiquan_complaint::{Complaint, today_cst};

use crate::batch::{self, IoArgs};

/// Arguments of `weiquan validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    io: IoArgs,
    /// Reject complaints received after this day (YYYY-MM-DD, China Standard Time); default
    /// today.
    #[arg(long, value_name = "DATE")]
    today: Option<NaiveDate>,
}

/// Writes each valid complaint, normalised, as one JSON line; rejects the rest, and those
/// received after today (`received_at.future`, reported with the line's other problems).
pub fn run(args: Args) -> ExitCode {
    let today = args.today.unwrap_or_else(today_cst);
    let result = batch::map_lines(&args.io, "validate", "valid", |line, out| {
        let c = Complaint::from_json_on(line, today)?;
        batch::push_json_line(out, &c)
    });
    batch::finish_run(&args.io, "validate", result)
}
