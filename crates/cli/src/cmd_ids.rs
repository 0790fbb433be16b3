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
    /// Check one value per line (plain text); write one JSON object per line.
    #[command(
        after_help = batch::EXIT_HELP,
        mut_arg("input", |a| a.help(
            "Input file of values, one per line (plain text, not JSON), or `-` for standard input"
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

/// Writes `{"input", "valid", "normalized", "error", ...}` per line, `error` being `null` or
/// `{"code", "message_en", "message_zh"}` (the names of the rejects' errors); exits 3 if any
/// value is invalid.
pub fn run(args: Args) -> ExitCode {
    let IdsCommand::Check { kind, io } = args.command;
    let today = today_cst();
    let result = batch::map_lines(&io, "ids", "valid", |line, out| {
        check(kind, line, today, out)
    });
    batch::finish_run(&io, "ids check", result)
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
    line: &str,
    today: chrono::NaiveDate,
    out: &mut Vec<u8>,
) -> Result<(), Reject> {
    let input = line.trim_end_matches(['\r', '\n']);
    let mut s = String::with_capacity(160);
    s.push_str("{\"input\":");
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
