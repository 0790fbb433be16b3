//! The machinery every batch command shares: stream JSON Lines (or any lines) from files or
//! stdin in constant memory, process them on every core, keep the output in input order,
//! write each rejected line with its number and reasons, show progress on a terminal, and
//! finish with a summary and the exit code.
//!
//! Memory stays constant whatever the input size: lines are read in chunks of at most
//! [`CHUNK_BYTES`], at most [`IN_FLIGHT`] chunks exist at once (a token channel bounds the
//! reader, the workers and the reorder buffer together), and a line longer than
//! [`MAX_LINE_BYTES`] is rejected without being held whole.
//!
//! Two ways to use it:
//! - [`map_lines`]: a pure function from a line to output bytes (validate, route, assess);
//! - [`run`] with one stateful [`LineWorker`] per thread, returned at the end so their state
//!   can be merged (statistics, alerts).

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, bounded};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use weiquan_complaint::FieldError;
use weiquan_support::Diagnostic;

use crate::output::{self, Mode};

/// Target size of one chunk of input handed to a worker.
pub const CHUNK_BYTES: usize = 256 * 1024;
/// How many chunks may be read but not yet written.
pub const IN_FLIGHT: usize = 16;
/// Lines longer than this are rejected (`line.too_long`) without being buffered whole.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Exit status: every record was accepted.
pub const EXIT_OK: u8 = 0;
/// Exit status: a usage or I/O error; nothing or only part was processed.
pub const EXIT_USAGE: u8 = 2;
/// Exit status: some records were rejected (everything was still written).
pub const EXIT_REJECTS: u8 = 3;

/// The exit statuses, as every batch command's `--help` ends.
pub const EXIT_HELP: &str = "\
Exit status:
  0  every record was accepted
  3  some records were rejected; everything else was still written, and each rejected
     record went to --rejects (default: standard error) with its line number and reasons
  2  usage or I/O error; nothing, or only part of the input, was processed

With --summary FILE the counts and the exit status are also written to FILE as one JSON
document (see docs/cli.md).";

/// The input/output options shared by batch commands.
#[derive(Debug, Clone, clap::Args)]
pub struct IoArgs {
    /// Input file of JSON Lines, or `-` for standard input.
    #[arg(value_name = "FILE|-", default_value = "-")]
    pub input: String,
    /// Write the output here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write every rejected line here as JSON (`line`, `errors`, `raw`); default: standard error.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// When the run ends, write its counts and exit status here as one JSON document
    /// (`read`, `accepted`, `rejected`, `exit_code`, …), replaced whole, also when records
    /// were rejected or an error stopped the run; `-` writes it to standard output, which
    /// needs --out.
    #[arg(long, value_name = "FILE|-")]
    pub summary: Option<PathBuf>,
    /// Worker threads (default: every core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no summary line on standard error (--summary is still written).
    #[arg(long)]
    pub quiet: bool,
    /// The input is plain lines, not JSON Lines (`ids check`): no CSV guess.
    #[arg(skip)]
    pub plain_lines: bool,
}

impl IoArgs {
    fn thread_count(&self) -> usize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
            .clamp(1, 64)
    }
}

/// Why a line was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Every problem found, with JSON pointers.
    pub errors: Vec<FieldError>,
    /// The worker already answered the line in the output (e.g. `ids check` writes
    /// `"valid": false`): keep that output, count the line as rejected, write no reject record.
    pub answered: bool,
}

impl Reject {
    /// A reject with one problem at the document root.
    pub fn one(code: &str, en: impl Into<String>, zh: impl Into<String>) -> Reject {
        Reject {
            errors: vec![FieldError::new("", code, None, en, zh)],
            answered: false,
        }
    }

    /// A line answered in the output but not accepted (see [`Reject::answered`]).
    pub fn answered() -> Reject {
        Reject {
            errors: Vec::new(),
            answered: true,
        }
    }
}

impl From<weiquan_complaint::Error> for Reject {
    fn from(e: weiquan_complaint::Error) -> Reject {
        Reject {
            errors: e.problems(),
            answered: false,
        }
    }
}

impl From<Vec<FieldError>> for Reject {
    fn from(errors: Vec<FieldError>) -> Reject {
        Reject {
            errors,
            answered: false,
        }
    }
}

/// A rejected line as written to the rejects output.
#[derive(Serialize)]
struct RejectRecord<'a> {
    line: u64,
    errors: &'a [FieldError],
    raw: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
}

/// Something that processes lines, one per thread; its state is returned by [`run`].
pub trait LineWorker: Send {
    /// Processes one non-blank line, appending any output (with its newline) to `out`.
    fn line(&mut self, line: &str, out: &mut Vec<u8>) -> Result<(), Reject>;

    /// [`LineWorker::line`] with the line's number in the file (1-based), for a worker whose
    /// output names it.
    fn numbered_line(&mut self, number: u64, line: &str, out: &mut Vec<u8>) -> Result<(), Reject> {
        let _ = number;
        self.line(line, out)
    }

    /// Whether blank lines are handed to the worker (as values, e.g. an empty identifier)
    /// instead of being skipped. A file's final newline does not make a blank line.
    fn keeps_blank_lines(&self) -> bool {
        false
    }
}

/// Counts and timing of a batch run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    /// What an accepted line is called on the summary line (`valid`, `routed`, …).
    pub accepted_as: &'static str,
    /// Non-blank lines read.
    pub read: u64,
    /// Lines accepted.
    pub accepted: u64,
    /// Lines rejected.
    pub rejected: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Wall time.
    pub elapsed: Duration,
}

impl Summary {
    /// Lines per second.
    pub fn rate(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 { self.read as f64 / s } else { 0.0 }
    }

    /// The closing line, e.g. `1000 read, 990 valid, 10 rejected (0.01 s, 100000 lines/s)`.
    pub fn line(&self) -> String {
        format!(
            "{} read, {} {}, {} rejected ({:.2} s, {:.0} lines/s, {:.1} MB/s)",
            self.read,
            self.accepted,
            self.accepted_as,
            self.rejected,
            self.elapsed.as_secs_f64(),
            self.rate(),
            self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9),
        )
    }
}

/// A batch command's fatal error: usage or I/O. Maps to exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An input could not be opened or read.
    #[error("cannot read {path}: {source}{}", crate::output::hint(source))]
    Read {
        /// The path.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// An output could not be created or written.
    #[error("cannot write {path}: {source}{}", crate::output::hint(source))]
    Write {
        /// The path.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// Another process is writing the same output.
    #[error(
        "{path} is being written by another weiquan process (its lock is held): \
         wait for it to finish, or write elsewhere"
    )]
    Locked {
        /// The output as given.
        path: String,
    },
    /// An output is an input, or two outputs are one file.
    #[error(
        "{output} is the same file as {} {other}: writing it would destroy {}; \
         give another path",
        if *other_is_input { "the input" } else { "the output" },
        if *other_is_input { "what is being read" } else { "the other output" }
    )]
    SameFile {
        /// The output as given.
        output: String,
        /// The input or other output it coincides with, as given.
        other: String,
        /// Whether `other` is an input.
        other_is_input: bool,
    },
    /// Anything else the user must fix.
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    /// Prints the error on stderr and returns exit status 2.
    pub fn report(&self) -> ExitCode {
        say(format_args!("weiquan: {self}"));
        ExitCode::from(EXIT_USAGE)
    }

    /// The stable machine code: `io.read`, `io.write`, `io.locked`, `usage.same_file` or
    /// `usage`.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Read { .. } => "io.read",
            CliError::Write { .. } => "io.write",
            CliError::Locked { .. } => "io.locked",
            CliError::SameFile { .. } => "usage.same_file",
            CliError::Usage(_) => "usage",
        }
    }
}

/// The document `--summary` writes. Counts are `null` when the run stopped before they
/// were known (an input that cannot be opened, say).
#[derive(Serialize)]
struct SummaryDoc<'a> {
    schema_version: u32,
    kind: &'static str,
    command: &'a str,
    exit_code: u8,
    read: Option<u64>,
    accepted: Option<u64>,
    rejected: Option<u64>,
    accepted_as: Option<&'a str>,
    bytes: Option<u64>,
    seconds: Option<f64>,
    error: Option<SummaryError>,
}

/// The error that stopped the run, with the field names of the rejects' errors.
#[derive(Serialize)]
struct SummaryError {
    code: &'static str,
    message_en: String,
}

/// Ends a batch command: reports an error on stderr, writes `--summary` when asked, and
/// returns the exit status (0, 3, or 2 for an error, including one writing the summary).
/// `summary` is what was counted, if the run got that far.
pub fn finish(
    io: &IoArgs,
    command: &str,
    summary: Option<Summary>,
    result: Result<(), CliError>,
) -> ExitCode {
    let code = match (&result, &summary) {
        (Err(_), _) => EXIT_USAGE,
        (Ok(()), Some(s)) if s.rejected > 0 => EXIT_REJECTS,
        (Ok(()), _) => EXIT_OK,
    };
    if let Err(e) = &result {
        say(format_args!("weiquan: {e}"));
    }
    // Refused because two paths are one file: the summary may be one of them, so it is not
    // written (the message on standard error says why).
    let same_file = matches!(result, Err(CliError::SameFile { .. }));
    if let Some(path) = io.summary.as_ref().filter(|_| !same_file) {
        let doc = SummaryDoc {
            schema_version: 1,
            kind: "weiquan_batch_summary",
            command,
            exit_code: code,
            read: summary.map(|s| s.read),
            accepted: summary.map(|s| s.accepted),
            rejected: summary.map(|s| s.rejected),
            accepted_as: summary.map(|s| s.accepted_as),
            bytes: summary.map(|s| s.bytes),
            seconds: summary.map(|s| s.elapsed.as_secs_f64()),
            error: result.as_ref().err().map(|e| SummaryError {
                code: e.code(),
                message_en: e.to_string(),
            }),
        };
        if let Err(e) = write_summary(path, &doc) {
            return e.report();
        }
    }
    ExitCode::from(code)
}

/// [`finish`] for a command whose only work is one batch run.
pub fn finish_run(io: &IoArgs, command: &str, result: Result<Summary, CliError>) -> ExitCode {
    match result {
        Ok(s) => finish(io, command, Some(s), Ok(())),
        Err(e) => finish(io, command, None, Err(e)),
    }
}

/// Refuses `--summary -` without `--out`: standard output carries the records then, and a
/// script reading them must not find the summary among them. Checked before any work.
pub fn check_summary_target(io: &IoArgs) -> Result<(), CliError> {
    if io.summary.as_deref() == Some(std::path::Path::new("-")) && io.out.is_none() {
        return Err(CliError::Usage(
            "--summary - writes the summary to standard output, which carries the records \
             unless --out is given: add --out FILE or give --summary a file"
                .into(),
        ));
    }
    Ok(())
}

/// Writes the summary whole: to standard output for `-`, else through
/// [`output::write_whole`] (renamed over the old one, so a reader never sees half a document
/// or the previous run's; `/dev/fd/3` or a pipe is written directly).
fn write_summary(path: &Path, doc: &SummaryDoc<'_>) -> Result<(), CliError> {
    let mut text = serde_json::to_string(doc)
        .map_err(|e| CliError::Usage(format!("cannot serialise the summary: {e}")))?;
    text.push('\n');
    if path == Path::new("-") {
        let mut out = io::stdout().lock();
        return out
            .write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|source| CliError::Write {
                path: "standard output".into(),
                source,
            });
    }
    output::write_whole(path, text.as_bytes(), Mode::Shared)
}

/// Writes one line on standard error. A standard error that cannot be written (closed, a full
/// disk, `2>/dev/full`) must not stop the command with a panic as `eprintln!` would: what
/// was to be said is lost, the exit status still says how the run went.
pub fn say(args: std::fmt::Arguments<'_>) {
    let mut e = io::stderr().lock();
    let _ = e.write_fmt(args).and_then(|()| e.write_all(b"\n"));
}

/// A progress bar counting items (records, cases) rather than bytes; hidden off a terminal.
pub fn progress_items(total: Option<u64>, what: &str, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let template = match total {
        Some(_) => {
            format!("{what:>10} [{{bar:30}}] {{human_pos}}/{{human_len}} {{per_sec}} eta {{eta}}")
        }
        None => format!("{what:>10} {{spinner}} {{human_pos}} {{per_sec}}"),
    };
    let bar = match total {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    bar.set_style(
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(8));
    bar
}

/// A syntax error's position as the parser gives it is within the one line it was handed
/// (always line 1): say the line of the file instead.
fn file_line(e: &mut FieldError, line: u64) {
    e.message_en = e
        .message_en
        .replace("at line 1, column ", &format!("at line {line}, column "));
    e.message_zh = e
        .message_zh
        .replace("（第1行第", &format!("（第{line}行第"));
}

/// The first bytes of a gzip file (RFC 1952).
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// The UTF-8 byte order mark some editors put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Looks at the start of the input before the workers see it: a UTF-8 byte order mark is
/// dropped (it is not part of the first record); a gzip file, or CSV given where JSON Lines
/// are read, stops the run with a message that says what the file is.
pub fn sniff(
    input: Box<dyn Read + Send>,
    path: &str,
    plain_lines: bool,
) -> Result<Box<dyn Read + Send>, CliError> {
    let mut input = io::BufReader::with_capacity(64 * 1024, input);
    let head = io::BufRead::fill_buf(&mut input)
        .map_err(|source| CliError::Read {
            path: path.to_owned(),
            source,
        })?
        .to_vec();
    let shown = if path == "-" { "standard input" } else { path };
    if head.starts_with(&GZIP_MAGIC) {
        return Err(CliError::Usage(format!(
            "{shown} is gzip-compressed: decompress it first, e.g. `gunzip -c FILE | weiquan … -`"
        )));
    }
    let bom = if head.starts_with(BOM) { BOM.len() } else { 0 };
    io::BufRead::consume(&mut input, bom);
    if !plain_lines && looks_like_csv(head.get(bom..).unwrap_or(&[])) {
        return Err(CliError::Usage(format!(
            "{shown} looks like CSV (its first line is comma-separated text, not a JSON \
             object): this command reads JSON Lines, one JSON object per line"
        )));
    }
    Ok(Box::new(input))
}

/// Whether the first line is comma-separated text rather than JSON: it does not start with
/// `{` or `[`, and has at least one comma outside quotes.
fn looks_like_csv(head: &[u8]) -> bool {
    let first = head
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace));
    let Some(line) = first else { return false };
    let line = line.trim_ascii();
    if line.starts_with(b"{") || line.starts_with(b"[") {
        return false;
    }
    let mut quoted = false;
    line.iter().any(|&b| {
        if b == b'"' {
            quoted = !quoted;
        }
        b == b',' && !quoted
    })
}

/// Opens `-` (stdin) or a file.
pub fn open_input(path: &str) -> Result<Box<dyn Read + Send>, CliError> {
    if path == "-" {
        Ok(Box::new(io::stdin()))
    } else {
        File::open(path)
            .map(|f| Box::new(f) as Box<dyn Read + Send>)
            .map_err(|source| CliError::Read {
                path: path.to_owned(),
                source,
            })
    }
}

/// Starts an output: standard output for `None`, else a file written whole when the caller
/// commits it ([`output::Sink::commit`]).
pub fn open_output(path: Option<&PathBuf>) -> Result<output::Sink, CliError> {
    output::Sink::open(path.map(PathBuf::as_path), Mode::Shared)
}

fn input_len(path: &str) -> Option<u64> {
    (path != "-")
        .then(|| std::fs::metadata(path).ok().map(|m| m.len()))
        .flatten()
}

/// A progress bar on stderr when it is a terminal, hidden otherwise.
pub fn progress(total: Option<u64>, what: &str, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template(&format!(
                "{what:>10} [{{bar:30}}] {{bytes}}/{{total_bytes}} {{bytes_per_sec}} eta {{eta}}"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template(&format!(
                "{what:>10} {{spinner}} {{bytes}} {{bytes_per_sec}}"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(8));
    bar
}

/// One chunk of complete lines.
struct Chunk {
    seq: u64,
    /// Line number of the chunk's first line (1-based).
    first_line: u64,
    data: Vec<u8>,
    /// Lines over the limit: (line number, first bytes kept).
    too_long: Vec<(u64, Vec<u8>)>,
    /// Lines in `data`.
    lines: u64,
}

/// A processed chunk.
struct Done {
    seq: u64,
    out: Vec<u8>,
    rejects: Vec<u8>,
    read: u64,
    accepted: u64,
    rejected: u64,
}

/// How many bytes of a line that is too long are kept for its reject record.
const KEPT_BYTES: usize = 200;

/// The sizes the reader works with: [`CHUNK_BYTES`] and [`MAX_LINE_BYTES`] in use, tiny
/// ones in tests so that every boundary case is reached with small inputs.
#[derive(Debug, Clone, Copy)]
struct Limits {
    chunk: usize,
    max_line: usize,
}

const LIMITS: Limits = Limits {
    chunk: CHUNK_BYTES,
    max_line: MAX_LINE_BYTES,
};

/// Reads `input` straight into chunk buffers (recycled through `pool`), cut after the last
/// whole line; the partial line is carried into the next chunk. A line still without its end
/// after [`MAX_LINE_BYTES`] is dropped as it streams past, keeping its first bytes for the
/// reject record, so memory stays bounded whatever the input.
fn read_chunks(
    mut input: impl Read,
    limits: Limits,
    tx: &Sender<Chunk>,
    tokens: &Sender<()>,
    pool: &Receiver<Vec<u8>>,
    bar: &ProgressBar,
) -> io::Result<u64> {
    let mut seq = 0;
    // Number of the next line to start, and the lines cut off for length not yet sent.
    let mut line_no: u64 = 1;
    let mut too_long: Vec<(u64, Vec<u8>)> = Vec::new();
    let mut carry: Vec<u8> = Vec::new();
    let mut bytes = 0u64;
    loop {
        let mut data = pool
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(2 * limits.chunk));
        data.clear();
        data.extend_from_slice(&carry);
        carry.clear();
        let want = (data.len() + limits.chunk) as u64;
        let got = fill(&mut input, &mut data, want)?;
        bytes += got;
        bar.inc(got);
        let mut eof = (data.len() as u64) < want;
        let cut = match memchr::memrchr(b'\n', &data) {
            Some(i) => i + 1,
            None if eof => data.len(),
            None if data.len() <= limits.max_line => {
                // One line so far, not yet too long: read on with it.
                std::mem::swap(&mut carry, &mut data);
                continue;
            }
            None => {
                let mut kept = data.get(..KEPT_BYTES).unwrap_or(&data).to_vec();
                let (skipped, rest) = skip_line(&mut input, &mut data, &mut kept, limits.chunk)?;
                too_long.push((line_no, kept));
                line_no += 1;
                bytes += skipped;
                bar.inc(skipped);
                data.clear();
                match rest {
                    // Records of cut-off lines are small; send them now and then.
                    Some(rest) if too_long.len() < 64 => {
                        carry = rest;
                        continue;
                    }
                    Some(rest) => carry = rest,
                    None => eof = true,
                }
                0
            }
        };
        carry.extend_from_slice(data.get(cut..).unwrap_or(&[]));
        data.truncate(cut);
        let mut lines = memchr::memchr_iter(b'\n', &data).count() as u64;
        if data.last().is_some_and(|&c| c != b'\n') {
            lines += 1;
        }
        let first_line = too_long.first().map_or(line_no, |(n, _)| *n);
        line_no += lines;
        let chunk = Chunk {
            seq,
            first_line,
            data,
            too_long: std::mem::take(&mut too_long),
            lines,
        };
        if chunk.lines > 0 || !chunk.too_long.is_empty() {
            seq += 1;
            if tokens.send(()).is_err() || tx.send(chunk).is_err() {
                return Ok(bytes);
            }
        }
        if eof && carry.is_empty() {
            return Ok(bytes);
        }
    }
}

/// Reads into `data` until it holds `want` bytes or the input ends; returns the bytes read.
fn fill(input: &mut impl Read, data: &mut Vec<u8>, want: u64) -> io::Result<u64> {
    let before = data.len();
    let room = want.saturating_sub(before as u64);
    data.reserve(room as usize);
    loop {
        match input.by_ref().take(room).read_to_end(data) {
            Ok(_) => return Ok((data.len() - before) as u64),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Reads past the end of an over-long line, using `buf` as scratch and topping `kept` up to
/// [`KEPT_BYTES`]. Returns the bytes read and what followed the line's end in the last read,
/// or `None` if the input ended first.
fn skip_line(
    input: &mut impl Read,
    buf: &mut Vec<u8>,
    kept: &mut Vec<u8>,
    step: usize,
) -> io::Result<(u64, Option<Vec<u8>>)> {
    let mut read = 0;
    loop {
        buf.clear();
        let got = fill(input, buf, step as u64)?;
        read += got;
        let end = memchr::memchr(b'\n', buf);
        let room = KEPT_BYTES.saturating_sub(kept.len());
        let line_part = buf.get(..end.unwrap_or(buf.len())).unwrap_or(&[]);
        kept.extend_from_slice(line_part.get(..room.min(line_part.len())).unwrap_or(&[]));
        if let Some(i) = end {
            return Ok((read, Some(buf.get(i + 1..).unwrap_or(&[]).to_vec())));
        }
        if got < step as u64 {
            return Ok((read, None));
        }
    }
}

fn write_reject(buf: &mut Vec<u8>, line: u64, errors: &[FieldError], raw: &str, truncated: bool) {
    let rec = RejectRecord {
        line,
        errors,
        raw,
        truncated,
    };
    if serde_json::to_writer(&mut *buf, &rec).is_ok() {
        buf.push(b'\n');
    }
}

fn too_long_reject() -> Reject {
    Reject::one(
        "line.too_long",
        format!("line is longer than {MAX_LINE_BYTES} bytes"),
        format!("单行超过{MAX_LINE_BYTES}字节"),
    )
}

fn process_chunk<W: LineWorker>(worker: &mut W, chunk: &Chunk, max_line: usize) -> Done {
    let mut out = Vec::with_capacity(chunk.data.len() + chunk.data.len() / 4);
    let mut rejects = Vec::new();
    let (mut read, mut accepted, mut rejected) = (0, 0, 0);
    let mut line_no = chunk.first_line;
    let mut long = chunk.too_long.iter().peekable();
    let mut start = 0usize;
    let keep_blank = worker.keeps_blank_lines();
    let ends = memchr::memchr_iter(b'\n', &chunk.data).chain(std::iter::once(chunk.data.len()));
    for end in ends {
        // The empty piece after the chunk's last newline is not a line.
        let after_last = start >= chunk.data.len();
        let raw = chunk.data.get(start..end).unwrap_or(&[]);
        start = end + 1;
        // Lines cut off for length were removed from `data`; count their numbers back in.
        while let Some((n, kept)) = long.next_if(|(n, _)| *n == line_no) {
            read += 1;
            rejected += 1;
            let r = too_long_reject();
            write_reject(
                &mut rejects,
                *n,
                &r.errors,
                &String::from_utf8_lossy(kept),
                true,
            );
            line_no += 1;
        }
        // `split` yields one empty piece after the final newline; being blank, it is skipped.
        let whole = raw;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let this = line_no;
        line_no += 1;
        // As the reader judges lines it cuts off: by their bytes before the newline, blank
        // or not (it cannot look at a whole line that long).
        if whole.len() > max_line {
            read += 1;
            rejected += 1;
            let kept = whole.get(..KEPT_BYTES).unwrap_or(whole);
            write_reject(
                &mut rejects,
                this,
                &too_long_reject().errors,
                &String::from_utf8_lossy(kept),
                true,
            );
            continue;
        }
        if raw.iter().all(u8::is_ascii_whitespace) && (!keep_blank || after_last) {
            continue;
        }
        read += 1;
        // simdutf8 validates Chinese text several times faster than std; std names the byte.
        let text = match simdutf8::basic::from_utf8(raw).map_err(|_| std::str::from_utf8(raw)) {
            Ok(t) => t,
            Err(Ok(t)) => t,
            Err(Err(e)) => {
                rejected += 1;
                let r = Reject::one(
                    "line.utf8",
                    format!("line is not valid UTF-8 (byte {})", e.valid_up_to()),
                    format!("该行不是有效的UTF-8文本（第{}字节）", e.valid_up_to()),
                );
                write_reject(
                    &mut rejects,
                    this,
                    &r.errors,
                    &String::from_utf8_lossy(raw),
                    false,
                );
                continue;
            }
        };
        let mark = out.len();
        match worker.numbered_line(this, text, &mut out) {
            Ok(()) => accepted += 1,
            Err(r) if r.answered => rejected += 1,
            Err(mut r) => {
                out.truncate(mark);
                rejected += 1;
                for e in &mut r.errors {
                    file_line(e, this);
                }
                write_reject(&mut rejects, this, &r.errors, text, false);
            }
        }
    }
    for (n, kept) in long {
        read += 1;
        rejected += 1;
        let r = too_long_reject();
        write_reject(
            &mut rejects,
            *n,
            &r.errors,
            &String::from_utf8_lossy(kept),
            true,
        );
    }
    Done {
        seq: chunk.seq,
        out,
        rejects,
        read,
        accepted,
        rejected,
    }
}

/// Runs one worker per thread over the lines of `io.input`, writing outputs in input order
/// to `io.out` (or stdout) and rejects to `io.rejects` (or stderr). Returns the workers (for
/// their state) and the summary; prints the summary unless `io.quiet`.
pub fn run<W: LineWorker>(
    io: &IoArgs,
    what: &str,
    accepted_word: &'static str,
    make: impl FnMut() -> W,
) -> Result<(Vec<W>, Summary), CliError> {
    run_with(io, what, accepted_word, make, true)
}

/// [`run`] for workers that only count (statistics, alerts): `--out` is left alone here (the
/// command writes it whole once it has its answer, or not at all when it refuses).
pub fn run_counting<W: LineWorker>(
    io: &IoArgs,
    what: &str,
    accepted_word: &'static str,
    make: impl FnMut() -> W,
) -> Result<(Vec<W>, Summary), CliError> {
    run_with(io, what, accepted_word, make, false)
}

/// Checks the batch options' files before anything is read: `--out`, `--rejects` and
/// `--summary` are neither the input, nor one of `extra_inputs` (a policy, a ledger …), nor
/// each other, and each is locked (see [`crate::output`]).
pub fn claim(io: &IoArgs, extra_inputs: &[&Path]) -> Result<(), CliError> {
    claim_with(io, extra_inputs, &[])
}

/// [`claim`] for a command that writes more files than the batch options (the statistics'
/// `--audit-out`): those are checked and locked with the others.
pub fn claim_with(
    io: &IoArgs,
    extra_inputs: &[&Path],
    extra_outputs: &[&Path],
) -> Result<(), CliError> {
    check_summary_target(io)?;
    let mut inputs = vec![Path::new(&io.input)];
    inputs.extend_from_slice(extra_inputs);
    let outputs: Vec<&Path> = [&io.out, &io.rejects, &io.summary]
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
        .chain(extra_outputs.iter().copied())
        .collect();
    output::claim(&inputs, &outputs)
}

/// How many rejected lines are described on standard error when there is no `--rejects`.
pub const REJECTS_SHOWN: u64 = 5;

/// Where rejected lines go: whole, to the `--rejects` file (`0600`, it keeps the raw records
/// with their personal data); or, without one, as line number, code and field only on
/// standard error, for the first [`REJECTS_SHOWN`] — never a value, which may be personal.
enum RejectSink {
    File(BufWriter<output::Sink>),
    Stderr { written: u64 },
}

/// What standard error shows of a reject record.
#[derive(serde::Deserialize)]
struct Brief {
    line: u64,
    errors: Vec<BriefError>,
}

#[derive(serde::Deserialize)]
struct BriefError {
    pointer: String,
    code: String,
}

impl RejectSink {
    fn shown(&self) -> String {
        match self {
            RejectSink::File(f) => f.get_ref().shown().to_owned(),
            RejectSink::Stderr { .. } => "standard error".to_owned(),
        }
    }

    fn write_records(&mut self, records: &[u8]) -> io::Result<()> {
        match self {
            RejectSink::File(f) => f.write_all(records),
            RejectSink::Stderr { written } => {
                for rec in records.split(|&b| b == b'\n').filter(|r| !r.is_empty()) {
                    *written += 1;
                    if *written > REJECTS_SHOWN {
                        continue;
                    }
                    if let Ok(b) = serde_json::from_slice::<Brief>(rec) {
                        let what: Vec<String> = b
                            .errors
                            .iter()
                            .map(|e| {
                                let at = if e.pointer.is_empty() {
                                    "/"
                                } else {
                                    &e.pointer
                                };
                                format!("{} at {at}", e.code)
                            })
                            .collect();
                        say(format_args!(
                            "weiquan: line {} rejected: {}",
                            b.line,
                            what.join("; ")
                        ));
                    }
                }
                Ok(())
            }
        }
    }

    /// Commits the file, or says on standard error how many rejects were not shown.
    fn finish(self) -> Result<(), CliError> {
        match self {
            RejectSink::File(f) => {
                let name = f.get_ref().shown().to_owned();
                f.into_inner()
                    .map_err(|e| CliError::Write {
                        path: name,
                        source: e.into_error(),
                    })?
                    .commit()
            }
            RejectSink::Stderr { written } => {
                if written > 0 {
                    let more = written.saturating_sub(REJECTS_SHOWN);
                    say(format_args!(
                        "weiquan: {written} line(s) rejected{}; give --rejects FILE to keep \
                         each with its reasons and the record",
                        if more > 0 {
                            format!(" ({more} not shown)")
                        } else {
                            String::new()
                        }
                    ));
                }
                Ok(())
            }
        }
    }
}

fn run_with<W: LineWorker>(
    io: &IoArgs,
    what: &str,
    accepted_word: &'static str,
    mut make: impl FnMut() -> W,
    keep_output: bool,
) -> Result<(Vec<W>, Summary), CliError> {
    let started = Instant::now();
    claim(io, &[])?;
    let input = sniff(open_input(&io.input)?, &io.input, io.plain_lines)?;
    let sink = if keep_output {
        open_output(io.out.as_ref())?
    } else {
        output::Sink::Discard
    };
    let out_shown = sink.shown().to_owned();
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    let mut rejects = match &io.rejects {
        Some(p) => RejectSink::File(BufWriter::new(output::Sink::open(Some(p), Mode::Private)?)),
        None => RejectSink::Stderr { written: 0 },
    };
    let bar = progress(input_len(&io.input), what, io.quiet);
    let threads = io.thread_count();
    let workers: Vec<W> = (0..threads).map(|_| make()).collect();
    let (chunk_tx, chunk_rx) = bounded::<Chunk>(IN_FLIGHT);
    let (done_tx, done_rx) = bounded::<Done>(IN_FLIGHT);
    let (token_tx, token_rx) = bounded::<()>(IN_FLIGHT);
    let (pool_tx, pool_rx) = bounded::<Vec<u8>>(IN_FLIGHT);
    let mut summary = Summary {
        accepted_as: accepted_word,
        ..Summary::default()
    };

    let (workers, read_result, write_result) = std::thread::scope(|s| {
        let reader_bar = bar.clone();
        let reader = s.spawn(move || {
            let r = read_chunks(input, LIMITS, &chunk_tx, &token_tx, &pool_rx, &reader_bar);
            drop(chunk_tx);
            r
        });
        let handles: Vec<_> = workers
            .into_iter()
            .map(|mut w| {
                let rx: Receiver<Chunk> = chunk_rx.clone();
                let tx = done_tx.clone();
                let pool = pool_tx.clone();
                s.spawn(move || {
                    for chunk in rx {
                        let done = process_chunk(&mut w, &chunk, LIMITS.max_line);
                        // Hand the buffer back to the reader; if the pool is full, drop it.
                        let _ = pool.try_send(chunk.data);
                        if tx.send(done).is_err() {
                            break;
                        }
                    }
                    w
                })
            })
            .collect();
        drop(chunk_rx);
        drop(done_tx);
        let write_result = write_in_order(
            &done_rx,
            &token_rx,
            (&mut out, &out_shown),
            &mut rejects,
            &mut summary,
        );
        // On a write error, drain so that the reader and workers can finish.
        for _ in done_rx.iter() {
            let _ = token_rx.try_recv();
        }
        let workers: Vec<W> = handles.into_iter().filter_map(|h| h.join().ok()).collect();
        let read_result = reader.join();
        (workers, read_result, write_result)
    });
    bar.finish_and_clear();
    match read_result {
        Ok(Ok(bytes)) => summary.bytes = bytes,
        Ok(Err(source)) => {
            return Err(CliError::Read {
                path: io.input.clone(),
                source,
            });
        }
        Err(_) => {
            return Err(CliError::Usage(
                "the input reader stopped unexpectedly".into(),
            ));
        }
    }
    write_result?;
    if workers.len() != threads {
        return Err(CliError::Usage(
            "a worker thread stopped unexpectedly".into(),
        ));
    }
    let write_err = |source| CliError::Write {
        path: out_shown.clone(),
        source,
    };
    // Everything was read and written: the files take their place, rejects first so that an
    // output never appears without the rejects of its run.
    let sink = out.into_inner().map_err(|e| write_err(e.into_error()))?;
    rejects.finish()?;
    sink.commit()?;
    summary.elapsed = started.elapsed();
    if !io.quiet {
        say(format_args!("{}", summary.line()));
    }
    Ok((workers, summary))
}

fn write_in_order(
    done: &Receiver<Done>,
    tokens: &Receiver<()>,
    (out, out_shown): (&mut impl Write, &str),
    rejects: &mut RejectSink,
    summary: &mut Summary,
) -> Result<(), CliError> {
    let mut next = 0u64;
    let mut pending = std::collections::BTreeMap::new();
    let rejects_shown = rejects.shown();
    for d in done.iter() {
        pending.insert(d.seq, d);
        while let Some(d) = pending.remove(&next) {
            out.write_all(&d.out).map_err(|source| CliError::Write {
                path: out_shown.to_owned(),
                source,
            })?;
            rejects
                .write_records(&d.rejects)
                .map_err(|source| CliError::Write {
                    path: rejects_shown.clone(),
                    source,
                })?;
            summary.read += d.read;
            summary.accepted += d.accepted;
            summary.rejected += d.rejected;
            next += 1;
            let _ = tokens.try_recv();
        }
    }
    Ok(())
}

/// A worker built from a shared function.
pub struct FnWorker<'f, F>(&'f F);

impl<F> LineWorker for FnWorker<'_, F>
where
    F: Fn(&str, &mut Vec<u8>) -> Result<(), Reject> + Sync,
{
    fn line(&mut self, line: &str, out: &mut Vec<u8>) -> Result<(), Reject> {
        (self.0)(line, out)
    }
}

/// Maps every line through `f` (on every core, output in input order) and returns the summary.
pub fn map_lines<F>(
    io: &IoArgs,
    what: &str,
    accepted_word: &'static str,
    f: F,
) -> Result<Summary, CliError>
where
    F: Fn(&str, &mut Vec<u8>) -> Result<(), Reject> + Sync,
{
    run(io, what, accepted_word, || FnWorker(&f)).map(|(_, s)| s)
}

/// Appends `value` as one JSON line.
pub fn push_json_line<T: Serialize>(out: &mut Vec<u8>, value: &T) -> Result<(), Reject> {
    serde_json::to_writer(&mut *out, value).map_err(|e| {
        Reject::one(
            "output.serialize",
            e.to_string(),
            format!("输出序列化失败：{e}"),
        )
    })?;
    out.push(b'\n');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossbeam_channel::unbounded;
    use proptest::prelude::*;

    /// Rejects every line, so that each shows up with its number in the rejects.
    struct RejectAll;

    impl LineWorker for RejectAll {
        fn line(&mut self, line: &str, _out: &mut Vec<u8>) -> Result<(), Reject> {
            Err(Reject::one("x", line, line))
        }
    }

    /// (line number, code, raw) of every reject, reading `input` with `limits`.
    fn rejects_of(input: &[u8], limits: Limits) -> Vec<(u64, String, String)> {
        let (tx, rx) = unbounded();
        let (tokens, _keep) = unbounded();
        let (_pool_tx, pool) = bounded(1);
        let bytes =
            read_chunks(input, limits, &tx, &tokens, &pool, &ProgressBar::hidden()).unwrap();
        assert_eq!(bytes, input.len() as u64);
        drop(tx);
        let mut got = Vec::new();
        for chunk in rx {
            let done = process_chunk(&mut RejectAll, &chunk, limits.max_line);
            assert_eq!(done.read, done.rejected);
            for rec in done
                .rejects
                .split(|&c| c == b'\n')
                .filter(|r| !r.is_empty())
            {
                let v: serde_json::Value = serde_json::from_slice(rec).unwrap();
                got.push((
                    v["line"].as_u64().unwrap(),
                    v["errors"][0]["code"].as_str().unwrap().to_owned(),
                    v["raw"].as_str().unwrap().to_owned(),
                ));
            }
        }
        got
    }

    proptest! {
        /// Whatever the line lengths, chunk and limit, every non-blank line is seen once, in
        /// order, with its number; lines over the limit are cut off with their first bytes.
        #[test]
        fn every_line_once_with_its_number(
            lines in proptest::collection::vec(
                prop_oneof!["[a-z\\r ]{0,30}", "[ \\t\\r]{0,30}"],
                0..40,
            ),
            newline_at_end in any::<bool>(),
            chunk in 1usize..24,
            max_line in 1usize..24,
        ) {
            let limits = Limits { chunk, max_line };
            let mut input = lines.join("\n");
            if newline_at_end {
                input.push('\n');
            }
            let mut expected = Vec::new();
            for (i, whole) in input.split('\n').enumerate() {
                let line = whole.strip_suffix('\r').unwrap_or(whole);
                let n = i as u64 + 1;
                if whole.len() > max_line {
                    let kept = whole.get(..KEPT_BYTES.min(whole.len())).unwrap().to_owned();
                    expected.push((n, "line.too_long".to_owned(), kept));
                } else if line.bytes().all(|c| c.is_ascii_whitespace()) {
                    continue;
                } else {
                    expected.push((n, "x".to_owned(), line.to_owned()));
                }
            }
            prop_assert_eq!(rejects_of(input.as_bytes(), limits), expected);
        }
    }

    #[test]
    fn a_line_longer_than_the_limit_is_not_held_whole() {
        let limits = Limits {
            chunk: 8,
            max_line: 16,
        };
        let long = "y".repeat(10_000);
        let input = format!("a\n{long}\nb\r\n\n{long}");
        let got = rejects_of(input.as_bytes(), limits);
        let kept = "y".repeat(KEPT_BYTES);
        let expected = vec![
            (1, "x".to_owned(), "a".to_owned()),
            (2, "line.too_long".to_owned(), kept.clone()),
            (3, "x".to_owned(), "b".to_owned()),
            (5, "line.too_long".to_owned(), kept),
        ];
        assert_eq!(got, expected);
    }
}
