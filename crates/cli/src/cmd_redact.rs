//! `weiquan redact`: personal data in free text replaced, streamed line by line.
//!
//! Unlike the JSON Lines batch commands this is a text filter: every byte that is not part of
//! a detected item comes out unchanged (blank lines, `\r\n`, trailing spaces), so it reads
//! line by line itself instead of through [`crate::batch::run`], which skips blank lines. No
//! detector crosses a line break, so line by line gives the same result as the whole text.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use weiquan_redact::{KindSet, PiiKind, PiiSpan, RedactConfig, Redactor, Replacement};

use crate::batch::{self, CliError};

/// Arguments of `weiquan redact`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input text (UTF-8), or `-` for standard input.
    #[arg(value_name = "FILE|-", default_value = "-")]
    input: String,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write JSON instead of text: `{"schema_version":1,"text":…,"spans":[{"start","end",
    /// "kind"}]}`, offsets in characters of the whole input.
    #[arg(long)]
    spans: bool,
    /// With `--spans`: one JSON object per input line (`line`, `text`, `spans` counted within
    /// the line, the line break left out), so that memory stays constant on any input.
    #[arg(long, requires = "spans")]
    per_line: bool,
    /// What replaces an item: a label such as `[手机号]` (removes everything), one `*` per
    /// character, or a partial mask such as `138****8000` (not for publication).
    #[arg(long, value_enum, default_value_t = How::Label)]
    replacement: How,
    /// Only these kinds, comma-separated (default: all).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KIND,...")]
    kinds: Vec<Kind>,
    /// No summary on standard error.
    #[arg(long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum How {
    /// `[手机号]`, `[姓名]` …
    Label,
    /// `***********`
    Mask,
    /// `138****8000`, `张*`, `石家庄市长安区***`
    Partial,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Kind {
    #[value(name = "mobile")]
    Mobile,
    #[value(name = "landline")]
    Landline,
    #[value(name = "resident_id")]
    ResidentId,
    #[value(name = "bank_card")]
    BankCard,
    #[value(name = "email")]
    Email,
    #[value(name = "licence_plate")]
    LicencePlate,
    #[value(name = "address")]
    Address,
    #[value(name = "person_name")]
    PersonName,
}

impl From<Kind> for PiiKind {
    fn from(k: Kind) -> PiiKind {
        match k {
            Kind::Mobile => PiiKind::Mobile,
            Kind::Landline => PiiKind::Landline,
            Kind::ResidentId => PiiKind::ResidentId,
            Kind::BankCard => PiiKind::BankCard,
            Kind::Email => PiiKind::Email,
            Kind::LicencePlate => PiiKind::LicencePlate,
            Kind::Address => PiiKind::Address,
            Kind::PersonName => PiiKind::PersonName,
        }
    }
}

/// Redacts the input; exits 0, or 2 on a usage or I/O error (including input that is not
/// UTF-8).
pub fn run(args: Args) -> ExitCode {
    match redact(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

/// The version of the `--spans` documents.
const SCHEMA_VERSION: u32 = 1;

/// Writes a string's JSON escape without the quotes.
fn write_json_inner(out: &mut impl Write, s: &str) -> std::io::Result<()> {
    let quoted = serde_json::to_string(s).map_err(std::io::Error::other)?;
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or("");
    out.write_all(inner.as_bytes())
}

#[derive(serde::Serialize)]
struct LineDoc<'a> {
    line: u64,
    text: &'a str,
    spans: &'a [PiiSpan],
}

fn redact(args: &Args) -> Result<(), CliError> {
    let started = Instant::now();
    let config = RedactConfig {
        replacement: match args.replacement {
            How::Label => Replacement::Label,
            How::Mask => Replacement::Mask,
            How::Partial => Replacement::Partial,
        },
        kinds: if args.kinds.is_empty() {
            KindSet::ALL
        } else {
            args.kinds
                .iter()
                .fold(KindSet::NONE, |set, k| set.with((*k).into()))
        },
    };
    let mut redactor = Redactor::new(config);
    let out_path = args.out.as_deref().unwrap_or(std::path::Path::new("-"));
    crate::output::claim(&[std::path::Path::new(&args.input)], &[out_path])?;
    let mut reader = BufReader::with_capacity(1 << 20, batch::open_input(&args.input)?);
    let mut out = BufWriter::with_capacity(1 << 20, batch::open_output(args.out.as_ref())?);
    let out_path = args
        .out
        .as_ref()
        .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
    let write_err = |source| CliError::Write {
        path: out_path.clone(),
        source,
    };
    let whole_json = args.spans && !args.per_line;
    if whole_json {
        write!(out, "{{\"schema_version\":{SCHEMA_VERSION},\"text\":\"").map_err(write_err)?;
    }
    let mut raw = Vec::with_capacity(4096);
    let mut text = String::with_capacity(4096);
    let mut spans: Vec<PiiSpan> = Vec::new();
    let mut all_spans: Vec<PiiSpan> = Vec::new();
    let (mut line_no, mut chars, mut bytes, mut items) = (0u64, 0usize, 0u64, 0u64);
    loop {
        raw.clear();
        let n = reader
            .read_until(b'\n', &mut raw)
            .map_err(|source| CliError::Read {
                path: args.input.clone(),
                source,
            })?;
        if n == 0 {
            break;
        }
        line_no += 1;
        bytes += n as u64;
        let line = std::str::from_utf8(&raw).map_err(|e| {
            CliError::Usage(format!(
                "line {line_no} is not valid UTF-8 (byte {})",
                e.valid_up_to()
            ))
        })?;
        text.clear();
        spans.clear();
        if args.per_line {
            let content = line.strip_suffix('\n').unwrap_or(line);
            let content = content.strip_suffix('\r').unwrap_or(content);
            redactor.redact_into(content, 0, &mut text, &mut spans);
            let doc = LineDoc {
                line: line_no,
                text: &text,
                spans: &spans,
            };
            serde_json::to_writer(&mut out, &doc).map_err(|e| write_err(e.into()))?;
            out.write_all(b"\n").map_err(write_err)?;
        } else {
            redactor.redact_into(line, chars, &mut text, &mut spans);
            if whole_json {
                write_json_inner(&mut out, &text).map_err(write_err)?;
                all_spans.extend_from_slice(&spans);
                chars += line.chars().count();
            } else {
                out.write_all(text.as_bytes()).map_err(write_err)?;
            }
        }
        items += spans.len() as u64;
    }
    if whole_json {
        out.write_all(b"\",\"spans\":").map_err(write_err)?;
        serde_json::to_writer(&mut out, &all_spans).map_err(|e| write_err(e.into()))?;
        out.write_all(b"}\n").map_err(write_err)?;
    }
    out.into_inner()
        .map_err(|e| write_err(e.into_error()))?
        .commit()?;
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        batch::say(format_args!(
            "{line_no} lines, {items} items redacted ({secs:.2} s, {:.1} MB/s)",
            bytes as f64 / 1e6 / secs.max(1e-9)
        ));
    }
    Ok(())
}
