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
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, bounded};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use weiquan_complaint::FieldError;

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
    /// Worker threads (default: every core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no summary line.
    #[arg(long)]
    pub quiet: bool,
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
            errors: e.field_errors(),
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
}

/// Counts and timing of a batch run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
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
    /// 0 when nothing was rejected, 3 otherwise.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(if self.rejected == 0 {
            EXIT_OK
        } else {
            EXIT_REJECTS
        })
    }

    /// Lines per second.
    pub fn rate(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 { self.read as f64 / s } else { 0.0 }
    }

    /// The closing line, e.g. `1000 read, 990 valid, 10 rejected (0.01 s, 100000 lines/s)`.
    pub fn line(&self, accepted_word: &str) -> String {
        format!(
            "{} read, {} {accepted_word}, {} rejected ({:.2} s, {:.0} lines/s, {:.1} MB/s)",
            self.read,
            self.accepted,
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
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// An output could not be created or written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The path.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// Anything else the user must fix.
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    /// Prints the error on stderr and returns exit status 2.
    pub fn report(&self) -> ExitCode {
        eprintln!("weiquan: {self}");
        ExitCode::from(EXIT_USAGE)
    }
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

/// Creates an output file, or standard output for `None`.
pub fn open_output(path: Option<&PathBuf>) -> Result<Box<dyn Write + Send>, CliError> {
    match path {
        None => Ok(Box::new(io::stdout())),
        Some(p) => File::create(p)
            .map(|f| Box::new(f) as Box<dyn Write + Send>)
            .map_err(|source| CliError::Write {
                path: p.display().to_string(),
                source,
            }),
    }
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

/// Reads `input` into chunks of whole lines; long lines are cut off and reported.
fn read_chunks(
    mut reader: impl BufRead,
    tx: &Sender<Chunk>,
    tokens: &Sender<()>,
    bar: &ProgressBar,
) -> io::Result<u64> {
    let mut seq = 0;
    let mut line_no: u64 = 1;
    let mut bytes = 0u64;
    let mut chunk = Chunk {
        seq,
        first_line: 1,
        data: Vec::with_capacity(CHUNK_BYTES + 4096),
        too_long: Vec::new(),
        lines: 0,
    };
    let mut line_start = 0usize;
    let mut skipping: Option<(u64, Vec<u8>)> = None;
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        bytes += n as u64;
        bar.inc(n as u64);
        let mut pos = 0;
        while pos < n {
            let rest = buf.get(pos..).unwrap_or(&[]);
            let nl = memchr::memchr(b'\n', rest);
            let segment = match nl {
                Some(i) => rest.get(..i).unwrap_or(&[]),
                None => rest,
            };
            if let Some((_, kept)) = &mut skipping {
                let room = 200usize.saturating_sub(kept.len());
                kept.extend_from_slice(segment.get(..room.min(segment.len())).unwrap_or(&[]));
            } else {
                chunk.data.extend_from_slice(segment);
                if chunk.data.len() - line_start > MAX_LINE_BYTES {
                    let kept = chunk
                        .data
                        .get(line_start..line_start + 200)
                        .unwrap_or(&[])
                        .to_vec();
                    chunk.data.truncate(line_start);
                    skipping = Some((line_no, kept));
                }
            }
            match nl {
                Some(i) => {
                    pos += i + 1;
                    if let Some(long) = skipping.take() {
                        chunk.too_long.push(long);
                    } else {
                        chunk.data.push(b'\n');
                        chunk.lines += 1;
                    }
                    line_no += 1;
                    line_start = chunk.data.len();
                    if chunk.data.len() >= CHUNK_BYTES || chunk.too_long.len() >= 64 {
                        let next = Chunk {
                            seq: seq + 1,
                            first_line: line_no,
                            data: Vec::with_capacity(CHUNK_BYTES + 4096),
                            too_long: Vec::new(),
                            lines: 0,
                        };
                        let full = std::mem::replace(&mut chunk, next);
                        seq += 1;
                        line_start = 0;
                        if tokens.send(()).is_err() || tx.send(full).is_err() {
                            return Ok(bytes);
                        }
                    }
                }
                None => pos = n,
            }
        }
        reader.consume(n);
    }
    if let Some(long) = skipping.take() {
        chunk.too_long.push(long);
    } else if chunk.data.len() > line_start {
        chunk.data.push(b'\n');
        chunk.lines += 1;
    }
    if (chunk.lines > 0 || !chunk.too_long.is_empty()) && tokens.send(()).is_ok() {
        let _ = tx.send(chunk);
    }
    Ok(bytes)
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

fn process_chunk<W: LineWorker>(worker: &mut W, chunk: Chunk) -> Done {
    let mut out = Vec::with_capacity(chunk.data.len() + chunk.data.len() / 4);
    let mut rejects = Vec::new();
    let (mut read, mut accepted, mut rejected) = (0, 0, 0);
    let mut line_no = chunk.first_line;
    let mut long = chunk.too_long.iter().peekable();
    let mut start = 0usize;
    let ends = memchr::memchr_iter(b'\n', &chunk.data).chain(std::iter::once(chunk.data.len()));
    for end in ends {
        let raw = chunk.data.get(start..end).unwrap_or(&[]);
        start = end + 1;
        // Lines cut off for length were removed from `data`; count their numbers back in.
        while let Some((n, kept)) = long.next_if(|(n, _)| *n == line_no) {
            read += 1;
            rejected += 1;
            let r = Reject::one(
                "line.too_long",
                format!("line is longer than {MAX_LINE_BYTES} bytes"),
                format!("单行超过{MAX_LINE_BYTES}字节"),
            );
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
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let this = line_no;
        line_no += 1;
        if raw.iter().all(u8::is_ascii_whitespace) {
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
        match worker.line(text, &mut out) {
            Ok(()) => accepted += 1,
            Err(r) if r.answered => rejected += 1,
            Err(r) => {
                out.truncate(mark);
                rejected += 1;
                write_reject(&mut rejects, this, &r.errors, text, false);
            }
        }
    }
    for (n, kept) in long {
        read += 1;
        rejected += 1;
        let r = Reject::one(
            "line.too_long",
            format!("line is longer than {MAX_LINE_BYTES} bytes"),
            format!("单行超过{MAX_LINE_BYTES}字节"),
        );
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
    accepted_word: &str,
    mut make: impl FnMut() -> W,
) -> Result<(Vec<W>, Summary), CliError> {
    let started = Instant::now();
    let input = open_input(&io.input)?;
    let mut out = BufWriter::with_capacity(1 << 20, open_output(io.out.as_ref())?);
    let mut rejects: Box<dyn Write + Send> = match &io.rejects {
        Some(p) => Box::new(BufWriter::new(open_output(Some(p))?)),
        None => Box::new(io::stderr()),
    };
    let bar = progress(input_len(&io.input), what, io.quiet);
    let threads = io.thread_count();
    let workers: Vec<W> = (0..threads).map(|_| make()).collect();
    let (chunk_tx, chunk_rx) = bounded::<Chunk>(IN_FLIGHT);
    let (done_tx, done_rx) = bounded::<Done>(IN_FLIGHT);
    let (token_tx, token_rx) = bounded::<()>(IN_FLIGHT);
    let mut summary = Summary::default();

    let (workers, read_result, write_result) = std::thread::scope(|s| {
        let reader_bar = bar.clone();
        let reader = s.spawn(move || {
            let r = read_chunks(
                BufReader::with_capacity(1 << 20, input),
                &chunk_tx,
                &token_tx,
                &reader_bar,
            );
            drop(chunk_tx);
            r
        });
        let handles: Vec<_> = workers
            .into_iter()
            .map(|mut w| {
                let rx: Receiver<Chunk> = chunk_rx.clone();
                let tx = done_tx.clone();
                s.spawn(move || {
                    for chunk in rx {
                        if tx.send(process_chunk(&mut w, chunk)).is_err() {
                            break;
                        }
                    }
                    w
                })
            })
            .collect();
        drop(chunk_rx);
        drop(done_tx);
        let write_result =
            write_in_order(&done_rx, &token_rx, &mut out, &mut rejects, &mut summary);
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
    let flush = out.flush().map_err(|source| CliError::Write {
        path: out_name(io),
        source,
    });
    flush?;
    rejects.flush().map_err(|source| CliError::Write {
        path: "rejects".into(),
        source,
    })?;
    summary.elapsed = started.elapsed();
    if !io.quiet {
        eprintln!("{}", summary.line(accepted_word));
    }
    Ok((workers, summary))
}

fn out_name(io: &IoArgs) -> String {
    io.out
        .as_ref()
        .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string())
}

fn write_in_order(
    done: &Receiver<Done>,
    tokens: &Receiver<()>,
    out: &mut impl Write,
    rejects: &mut impl Write,
    summary: &mut Summary,
) -> Result<(), CliError> {
    let mut next = 0u64;
    let mut pending = std::collections::BTreeMap::new();
    for d in done.iter() {
        pending.insert(d.seq, d);
        while let Some(d) = pending.remove(&next) {
            out.write_all(&d.out).map_err(|source| CliError::Write {
                path: "output".into(),
                source,
            })?;
            rejects
                .write_all(&d.rejects)
                .map_err(|source| CliError::Write {
                    path: "rejects".into(),
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
pub fn map_lines<F>(io: &IoArgs, what: &str, accepted_word: &str, f: F) -> Result<Summary, CliError>
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
