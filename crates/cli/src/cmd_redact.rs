//! `weiquan redact`: personal data in free text replaced, streamed in bounded memory.
//!
//! Unlike the JSON Lines batch commands this is a text filter: every byte that is not part of
//! a detected item comes out unchanged (blank lines, `\r\n`, trailing spaces), so it reads the
//! input itself instead of through [`crate::batch::run`], which skips blank lines. The input
//! goes through a [`StreamRedactor`] in blocks of at most 64 KiB, whatever the length of its
//! lines (a 400 MB file without a line break included), which holds at most one segment of
//! text (32,768 characters) and gives exactly what redacting the whole input at once gives.
//!
//! A line that is not UTF-8 is left out (reported on standard error with its number, exit
//! status 3) and the rest goes on: a line shorter than 64 KiB is checked whole before any of it
//! is written, so it is left out whole; of a longer line, the part from the block with the bad
//! byte to the line break is left out (what came before is already written).
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use weiquan_redact::{Error, KindSet, PiiKind, PiiSpan, RedactConfig, Replacement, StreamRedactor};

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
    /// the line, the line break left out).
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
    #[value(name = "im_account")]
    ImAccount,
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
            Kind::ImAccount => PiiKind::ImAccount,
        }
    }
}

/// Redacts the input; exits 0, 3 when lines that are not UTF-8 were left out, or 2 on a
/// usage or I/O error.
pub fn run(args: Args) -> ExitCode {
    match redact(&args) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(batch::EXIT_REJECTS),
        Err(e) => e.report(),
    }
}

/// The version of the `--spans` documents.
const SCHEMA_VERSION: u32 = 1;

/// The most bytes read before they are redacted (a line longer than this is redacted in
/// blocks).
const BLOCK: usize = 64 * 1024;

/// How many left-out lines are reported one by one on standard error (then only counted).
const MAX_REPORTED: u64 = 100;

/// Span documents kept in memory before they go to a temporary file.
const SPOOL_IN_MEMORY: usize = 1 << 20;

/// Writes a string's JSON escape without the quotes.
fn write_json_inner(out: &mut impl Write, s: &str) -> std::io::Result<()> {
    let quoted = serde_json::to_string(s).map_err(std::io::Error::other)?;
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or("");
    out.write_all(inner.as_bytes())
}

/// The spans of a document (the whole input's, or a line's with `--per-line`), written after
/// its text: kept in memory while small, then in an anonymous temporary file, so that their
/// number does not bound the input.
#[derive(Default)]
struct Spool {
    memory: Vec<u8>,
    file: Option<BufWriter<std::fs::File>>,
    count: u64,
}

impl Spool {
    fn add(&mut self, spans: &[PiiSpan]) -> std::io::Result<()> {
        for s in spans {
            if self.count > 0 {
                self.memory.push(b',');
            }
            serde_json::to_writer(&mut self.memory, s).map_err(std::io::Error::other)?;
            self.count += 1;
        }
        if self.memory.len() > SPOOL_IN_MEMORY {
            if self.file.is_none() {
                self.file = Some(BufWriter::new(tempfile::tempfile()?));
            }
            if let Some(f) = self.file.as_mut() {
                f.write_all(&self.memory)?;
            }
            self.memory.clear();
        }
        Ok(())
    }

    /// Copies every span, in order, to `out`, and empties the spool.
    fn copy_to(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        if let Some(f) = self.file.take() {
            let mut f = f.into_inner().map_err(|e| e.into_error())?;
            f.rewind()?;
            std::io::copy(&mut f, out)?;
        }
        out.write_all(&self.memory)?;
        self.memory.clear();
        self.count = 0;
        Ok(())
    }
}

/// What the output looks like.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// The redacted text.
    Text,
    /// One document: `{"schema_version":1,"text":…,"spans":[…]}`.
    Whole,
    /// One document per line.
    PerLine,
}

fn redact(args: &Args) -> Result<u64, CliError> {
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
    let out_path = args.out.as_deref().unwrap_or(std::path::Path::new("-"));
    crate::output::claim(&[std::path::Path::new(&args.input)], &[out_path])?;
    let shape = match (args.spans, args.per_line) {
        (false, _) => Shape::Text,
        (true, false) => Shape::Whole,
        (true, true) => Shape::PerLine,
    };
    let mut reader = BufReader::with_capacity(BLOCK, batch::open_input(&args.input)?);
    let out = BufWriter::with_capacity(BLOCK, batch::open_output(args.out.as_ref())?);
    let out_path = args
        .out
        .as_ref()
        .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
    let write_err = |source| CliError::Write {
        path: out_path.clone(),
        source,
    };
    let mut w = Writer {
        out,
        shape,
        stream: StreamRedactor::new(config),
        text: String::with_capacity(BLOCK * 2),
        spans: Vec::new(),
        spool: Spool::default(),
        line_open: false,
        items: 0,
    };
    if shape == Shape::Whole {
        write!(w.out, "{{\"schema_version\":{SCHEMA_VERSION},\"text\":\"").map_err(write_err)?;
    }
    // Bytes of the current line read but not yet redacted: at most one block, and an
    // incomplete UTF-8 sequence carried to the next.
    let mut carry: Vec<u8> = Vec::with_capacity(BLOCK + 4);
    // The line being read (from 1), its bytes already redacted or left out, and whether the
    // rest of it is being left out.
    let (mut line_no, mut line_done, mut skipping) = (0u64, 0u64, false);
    let (mut at_line_start, mut bytes, mut left_out) = (true, 0u64, 0u64);
    loop {
        let buf = reader.fill_buf().map_err(|source| CliError::Read {
            path: args.input.clone(),
            source,
        })?;
        if buf.is_empty() {
            break;
        }
        let room = (BLOCK + 4).saturating_sub(carry.len()).max(1);
        let (n, ends_line) = match buf.iter().take(room).position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len().min(room), false),
        };
        if at_line_start {
            line_no += 1;
            line_done = 0;
            at_line_start = false;
        }
        if !skipping {
            carry.extend_from_slice(buf.get(..n).unwrap_or(&[]));
        }
        reader.consume(n);
        bytes += n as u64;
        if !skipping && (ends_line || carry.len() >= BLOCK) {
            match std::str::from_utf8(&carry) {
                Ok(text) => {
                    let keep = usize::from(!ends_line && text.ends_with('\r'));
                    let upto = text.len() - keep;
                    w.feed(line_no, text.get(..upto).unwrap_or(""), ends_line)
                        .map_err(write_err)?;
                    line_done += upto as u64;
                    carry.drain(..upto);
                }
                Err(e) if e.error_len().is_none() && !ends_line => {
                    // A character cut by the block's end: the rest comes with the next block.
                    let valid = e.valid_up_to();
                    let text = std::str::from_utf8(carry.get(..valid).unwrap_or(&[])).unwrap_or("");
                    w.feed(line_no, text, false).map_err(write_err)?;
                    line_done += valid as u64;
                    carry.drain(..valid);
                }
                Err(e) => {
                    left_out += 1;
                    report(left_out, line_no, line_done + e.valid_up_to() as u64);
                    carry.clear();
                    w.end_line_early(line_done).map_err(write_err)?;
                    skipping = !ends_line;
                }
            }
        }
        if ends_line {
            skipping = false;
            at_line_start = true;
        }
    }
    if !carry.is_empty() {
        // The last line, without a line break.
        match std::str::from_utf8(&carry) {
            Ok(text) => w.feed(line_no, text, true).map_err(write_err)?,
            Err(e) => {
                left_out += 1;
                report(left_out, line_no, line_done + e.valid_up_to() as u64);
                w.end_line_early(line_done).map_err(write_err)?;
            }
        }
    }
    let (items, out) = w.finish().map_err(write_err)?;
    if left_out > MAX_REPORTED {
        batch::say(format_args!(
            "weiquan: 另有{}行不是有效的UTF-8，已略去 / {} more lines not valid UTF-8 left out",
            left_out - MAX_REPORTED,
            left_out - MAX_REPORTED
        ));
    }
    out.into_inner()
        .map_err(|e| write_err(e.into_error()))?
        .commit()?;
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        batch::say(format_args!(
            "{line_no} lines, {items} items redacted, {left_out} lines left out ({secs:.2} s, {:.1} MB/s)",
            bytes as f64 / 1e6 / secs.max(1e-9)
        ));
    }
    Ok(left_out)
}

/// Reports the `n`-th left-out line (the first [`MAX_REPORTED`] only), in both languages with
/// its code; never with its content.
fn report(n: u64, line: u64, byte: u64) {
    if n <= MAX_REPORTED {
        let e = Error::NotUtf8 { line, byte };
        batch::say(format_args!(
            "weiquan: {}: {} / {e}",
            e.code(),
            e.message_zh()
        ));
    }
}

/// The output side: the stream redactor and the document being written.
struct Writer<W: Write> {
    out: W,
    shape: Shape,
    stream: StreamRedactor,
    text: String,
    spans: Vec<PiiSpan>,
    spool: Spool,
    /// With `--per-line`: the current line's document is open (its head is written).
    line_open: bool,
    items: u64,
}

impl<W: Write> Writer<W> {
    /// Redacts more of line `line`; `ends_line` when `text` reaches its line break (or the
    /// end of the input).
    fn feed(&mut self, line: u64, text: &str, ends_line: bool) -> std::io::Result<()> {
        if self.shape != Shape::PerLine {
            self.stream.push(text, &mut self.text, &mut self.spans);
            return self.drain();
        }
        let content = if ends_line {
            let t = text.strip_suffix('\n').unwrap_or(text);
            t.strip_suffix('\r').unwrap_or(t)
        } else {
            text
        };
        if !self.line_open {
            write!(self.out, "{{\"line\":{line},\"text\":\"")?;
            self.line_open = true;
        }
        self.stream.push(content, &mut self.text, &mut self.spans);
        if ends_line {
            self.stream.finish(&mut self.text, &mut self.spans);
        }
        self.drain()?;
        if ends_line {
            self.close_line(None)?;
        }
        Ok(())
    }

    /// The current line turned out not to be UTF-8 at `byte`: with `--per-line`, closes its
    /// document if part of it was written, saying where the rest was left out.
    fn end_line_early(&mut self, byte: u64) -> std::io::Result<()> {
        if self.shape == Shape::PerLine && self.line_open {
            self.stream.finish(&mut self.text, &mut self.spans);
            self.drain()?;
            self.close_line(Some(byte))?;
        }
        Ok(())
    }

    /// Writes the redacted text produced so far, and spools the spans (they follow the text
    /// of their document).
    fn drain(&mut self) -> std::io::Result<()> {
        match self.shape {
            Shape::Text => {
                self.out.write_all(self.text.as_bytes())?;
                self.items += self.spans.len() as u64;
                self.spans.clear();
            }
            Shape::Whole | Shape::PerLine => {
                write_json_inner(&mut self.out, &self.text)?;
                self.items += self.spans.len() as u64;
                self.spool.add(&self.spans)?;
                self.spans.clear();
            }
        }
        self.text.clear();
        Ok(())
    }

    /// Closes the current line's document (`--per-line`).
    fn close_line(&mut self, left_out_from: Option<u64>) -> std::io::Result<()> {
        self.out.write_all(b"\",\"spans\":[")?;
        self.spool.copy_to(&mut self.out)?;
        self.out.write_all(b"]")?;
        if let Some(b) = left_out_from {
            write!(self.out, ",\"left_out_from_byte\":{b}")?;
        }
        self.out.write_all(b"}\n")?;
        self.line_open = false;
        Ok(())
    }

    /// Ends the output; returns how many items were redacted.
    /// Writes what is left and gives back the output (to be committed) with the item count.
    fn finish(mut self) -> std::io::Result<(u64, W)> {
        match self.shape {
            Shape::Whole => {
                self.stream.finish(&mut self.text, &mut self.spans);
                self.drain()?;
                self.out.write_all(b"\",\"spans\":[")?;
                self.spool.copy_to(&mut self.out)?;
                self.out.write_all(b"]}\n")?;
            }
            Shape::Text => {
                self.stream.finish(&mut self.text, &mut self.spans);
                self.drain()?;
            }
            Shape::PerLine => {}
        }
        self.out.flush()?;
        Ok((self.items, self.out))
    }
}
