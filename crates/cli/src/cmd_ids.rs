//! `weiquan ids check`: check identifiers, one per line.

use std::fmt::Write as _;
use std::process::ExitCode;

use weiquan_complaint::{Mobile, ResidentId, Sex, Uscc, today_cst};

use crate::batch::{self, IoArgs, Reject};

/// Arguments of `weiquan ids`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: IdsCommand,
}

#[derive(Debug, clap::Subcommand)]
enum IdsCommand {
    /// Check one value per line (plain lines of text, not JSON); write one JSON object per
    /// line, with the line's number. A blank line is checked as an empty value.
    #[command(
        after_help = batch::EXIT_HELP,
        mut_arg("input", |a| a.help(
            "Input file of values, one per line (plain text lines, not JSON), or `-` for \
             standard input"
        )),
        mut_arg("out", |a| a.help(
            "Write the answers (one JSON object per input line) here instead of standard output"
        )),
    )]
    Check {
        /// Which kind of identifier.
        #[arg(long, value_enum)]
        kind: Kind,
        #[command(flatten)]
        io: IoArgs,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Kind {
    /// 18-character resident identity number (GB 11643-1999).
    ResidentId,
    /// Unified social credit code (GB 32100-2015).
    Uscc,
    /// Mainland mobile number.
    Mobile,
}

/// Writes `{"line", "input", "valid", "normalized", "error", ...}` per line (`line` being the
/// line's number in the input, blank lines included), `error` being `null` or
/// `{"code", "message_en", "message_zh"}` (the names of the rejects' errors); exits 3 if any
/// value is invalid.
pub fn run(args: Args) -> ExitCode {
    let IdsCommand::Check { kind, mut io } = args.command;
    io.plain_lines = true;
    let today = today_cst();
    let result = batch::run(&io, "ids", "valid", || Worker { kind, today }).map(|(_, s)| s);
    batch::finish_run(&io, "ids check", result)
}

/// Checks each line as one value of `kind`.
struct Worker {
    kind: Kind,
    today: chrono::NaiveDate,
}

impl batch::LineWorker for Worker {
    fn line(&mut self, line: &str, out: &mut Vec<u8>) -> Result<(), Reject> {
        check(self.kind, None, line, self.today, out)
    }

    fn numbered_line(&mut self, number: u64, line: &str, out: &mut Vec<u8>) -> Result<(), Reject> {
        check(self.kind, Some(number), line, self.today, out)
    }

    /// A blank line is an empty value: it gets its row (invalid), so the answers line up
    /// with the input's lines.
    fn keeps_blank_lines(&self) -> bool {
        true
    }
}

/// Writes a JSON string literal (the values are short; this avoids a serializer per field).
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn check(
    kind: Kind,
    number: Option<u64>,
    line: &str,
    today: chrono::NaiveDate,
    out: &mut Vec<u8>,
) -> Result<(), Reject> {
    let input = line.trim_end_matches(['\r', '\n']);
    let mut s = String::with_capacity(160);
    s.push('{');
    if let Some(n) = number {
        let _ = write!(s, "\"line\":{n},");
    }
    s.push_str("\"input\":");
    json_str(&mut s, input);
    let result: Result<(String, Option<ResidentId>), weiquan_complaint::Error> = match kind {
        Kind::ResidentId => ResidentId::parse_on(input, today).map(|id| (id.to_string(), Some(id))),
        Kind::Uscc => input.parse::<Uscc>().map(|u| (u.to_string(), None)),
        Kind::Mobile => input.parse::<Mobile>().map(|m| (m.to_string(), None)),
    };
    let invalid = match &result {
        Ok((normalized, id)) => {
            s.push_str(",\"valid\":true,\"normalized\":");
            json_str(&mut s, normalized);
            s.push_str(",\"error\":null");
            if let Some(id) = id {
                let sex = match id.sex() {
                    Sex::Male => "male",
                    Sex::Female => "female",
                };
                let _ = write!(
                    s,
                    ",\"birth_date\":\"{}\",\"sex\":\"{sex}\",\"region\":\"{}\"",
                    id.birth_date(),
                    id.region()
                );
            }
            false
        }
        Err(e) => {
            s.push_str(",\"valid\":false,\"normalized\":null,\"error\":{\"code\":");
            json_str(&mut s, e.code());
            s.push_str(",\"message_en\":");
            json_str(&mut s, &e.to_string());
            s.push_str(",\"message_zh\":");
            json_str(&mut s, &e.message_zh());
            s.push('}');
            true
        }
    };
    s.push_str("}\n");
    out.extend_from_slice(s.as_bytes());
    if invalid {
        // Every input gets its answer in the output; counting it as rejected makes the exit
        // status say that some values were invalid.
        return Err(Reject::answered());
    }
    Ok(())
}
