//! `weiquan validate`: parse, normalise and validate complaints.

use std::process::ExitCode;

use weiquan_complaint::Complaint;

use crate::batch::{self, IoArgs};

/// Arguments of `weiquan validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    io: IoArgs,
}

/// Writes each valid complaint, normalised, as one JSON line; rejects the rest.
pub fn run(args: Args) -> ExitCode {
    let result = batch::map_lines(&args.io, "validate", "valid", |line, out| {
        let c = Complaint::from_json(line)?;
        batch::push_json_line(out, &c)
    });
    match result {
        Ok(summary) => summary.exit_code(),
        Err(e) => e.report(),
    }
}
