//! Reading log files as they are found on disk: a file may hold several logs back to back
//! (the demo's `case-logs.jsonl`), its last line may be torn by a crash, and a replay may
//! ask for the state on a past day.
//!
//! **Several logs.** A new log starts at every line, after the first line with content,
//! that reads as an entry with `seq` 1. (In a single log such a line is an error:
//! `caseflow.log.several` from [`Case::replay`](crate::Case::replay).) When a log is
//! refused, the lines after its first bad line, up to the next line that starts a log,
//! belong to it and are skipped.
//!
//! **A torn tail.** The writer writes each line and its newline in one write, so a crash
//! leaves at most the last line incomplete, or the file padded with NUL bytes (a file system
//! that grew the file before the data reached the disk). The tail of a file is *torn* when
//! its last line with content (blank lines after it do not count) cannot be read as an
//! entry and an interrupted write explains it:
//! - it is made of NUL bytes only; or
//! - with its trailing NUL bytes removed, it is the beginning of a JSON value that stops
//!   before its end (with or without a newline after it), or it stops inside a UTF-8
//!   character; or
//! - it is a complete entry followed by NUL bytes (only the NUL bytes are torn).
//!
//! Anything else is damage, not a crash: a bad line followed by a line with content, or a
//! last line that is complete JSON but not a valid entry, keeps its own error
//! (`caseflow.log.syntax` and the others). A torn tail is refused with `caseflow.log.torn`,
//! which names the byte where the valid prefix ends and how many bytes follow it; with
//! [`ReplayOptions::recover`] the valid prefix is replayed and [`Replayed::torn`] says what
//! was dropped. Recovering never rewrites the file: truncate it to
//! [`Torn::valid_bytes`] before appending to it again.

use std::collections::VecDeque;
use std::io::BufRead;

use chrono::NaiveDate;
use serde::Serialize;

use crate::Error;
use crate::cal::Calendar;
use crate::case::Case;
use crate::chain_key::ChainKey;
use crate::log::{Journal, Replayer, is_blank};

/// How to replay a log: the key of a keyed log, the day to replay up to, whether to
/// recover a torn tail. The default reads a plain log whole and refuses a torn tail.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplayOptions<'k> {
    key: Option<&'k ChainKey>,
    as_of: Option<NaiveDate>,
    recover: bool,
}

impl<'k> ReplayOptions<'k> {
    /// The defaults: a plain log, every event, a torn tail refused.
    pub fn new() -> ReplayOptions<'k> {
        ReplayOptions::default()
    }

    /// Read a keyed log (every line sealed with `hmac` under `key`). A plain line is then
    /// refused (`caseflow.log.unkeyed`): a key means the log must be keyed.
    pub fn key(self, key: &'k ChainKey) -> ReplayOptions<'k> {
        ReplayOptions {
            key: Some(key),
            ..self
        }
    }

    /// Give the state on `day`: events whose legal day is after it are checked but not
    /// applied to the case returned, and counted in [`Replayed::later`].
    pub fn as_of(self, day: NaiveDate) -> ReplayOptions<'k> {
        ReplayOptions {
            as_of: Some(day),
            ..self
        }
    }

    /// Replay the valid prefix of a log whose tail is torn instead of refusing it.
    pub fn recover(self) -> ReplayOptions<'k> {
        ReplayOptions {
            recover: true,
            ..self
        }
    }

    pub(crate) fn key_ref(&self) -> Option<&'k ChainKey> {
        self.key
    }

    pub(crate) fn as_of_day(&self) -> Option<NaiveDate> {
        self.as_of
    }
}

/// A replayed log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayed {
    /// The case: after every event, or as it stood on the day asked for.
    pub case: Case,
    /// The journal that continues the log (its head is the last entry's seal, also when
    /// the case is the state on an earlier day).
    pub journal: Journal,
    /// The entries read and checked.
    pub entries: u64,
    /// Of these, the entries dated after the day asked for, not applied to `case`.
    pub later: u64,
    /// The torn tail that was dropped, when the log was recovered.
    pub torn: Option<Torn>,
}

impl Replayed {
    /// Checks the log's head against one kept elsewhere (`caseflow.log.head_mismatch`).
    pub fn check_head(&self, expected: crate::ChainHash) -> Result<(), Error> {
        self.journal.check_head(expected)
    }
}

/// A torn tail: where the valid prefix ends and what follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Torn {
    /// The 1-based line the tail starts on.
    pub line: u64,
    /// The length of the valid prefix in bytes: truncate the file to this length.
    pub valid_bytes: u64,
    /// The bytes after it.
    pub dropped_bytes: u64,
}

/// One log of a file.
#[derive(Debug)]
pub struct LogResult {
    /// The 1-based line the log starts on.
    pub first_line: u64,
    /// The replayed log, or why it was refused.
    pub result: Result<Replayed, Error>,
}

/// The logs of a file, one by one, as it is read (in the memory of one log).
///
/// ```
/// use weiquan_caseflow::{Case, LogFile, ProcedureSelection, ReplayOptions, default_calendar};
/// let received = "2024-05-10T09:30:00+08:00".parse()?;
/// let open = |id: &str| Case::open(id, received, ProcedureSelection::MarketRegulation);
/// let file = format!("{}{}", open("C-1")?.to_jsonl()?, open("C-2")?.to_jsonl()?);
/// let ids: Vec<String> = LogFile::new(default_calendar(), file.as_bytes(), &ReplayOptions::new())
///     .map(|log| log.result.map(|r| r.case.complaint_id().to_owned()))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(ids, ["C-1", "C-2"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct LogFile<'c, 'k, R> {
    cal: &'c Calendar,
    options: ReplayOptions<'k>,
    lines: RawLines<R>,
    /// A line that starts the next log, already taken from `lines`.
    pending: Option<RawLine>,
    done: bool,
}

impl<'c, 'k, R: BufRead> LogFile<'c, 'k, R> {
    /// The logs of `reader`.
    pub fn new(cal: &'c Calendar, reader: R, options: &ReplayOptions<'k>) -> LogFile<'c, 'k, R> {
        LogFile {
            cal,
            options: *options,
            lines: RawLines {
                reader,
                ahead: VecDeque::new(),
                no: 0,
                offset: 0,
            },
            pending: None,
            done: false,
        }
    }

    fn next_line(&mut self) -> Result<Option<RawLine>, Error> {
        match self.pending.take() {
            Some(line) => Ok(Some(line)),
            None => self.lines.next(),
        }
    }

    /// The refused log: its error, the rest of it skipped up to the next log.
    fn fail(&mut self, first_line: u64, error: Error) -> LogResult {
        let mut reader = Replayer::with_options(self.cal, &self.options);
        loop {
            match self.lines.next() {
                Ok(Some(raw)) => {
                    if let Ok(Some(read)) = reader.read(&raw.bytes, raw.no)
                        && read.seq() == 1
                    {
                        self.pending = Some(raw);
                        break;
                    }
                }
                Ok(None) | Err(_) => {
                    self.done = true;
                    break;
                }
            }
        }
        LogResult {
            first_line,
            result: Err(error),
        }
    }

    /// The case, or the torn-tail error when the tail is torn and not to be recovered.
    fn conclude(&self, r: Replayer<'_>, torn: Option<Torn>) -> Result<Replayed, Error> {
        match torn {
            Some(t) if !self.options.recover => Err(Error::LogTorn {
                line: t.line,
                valid_bytes: t.valid_bytes,
                dropped_bytes: t.dropped_bytes,
            }),
            _ => r.finish().map(|mut read| {
                read.torn = torn;
                read
            }),
        }
    }
}

impl<R: BufRead> Iterator for LogFile<'_, '_, R> {
    type Item = LogResult;

    fn next(&mut self) -> Option<LogResult> {
        if self.done {
            return None;
        }
        let mut r = Replayer::with_options(self.cal, &self.options);
        let mut first_line = None;
        loop {
            let raw = match self.next_line() {
                Ok(Some(raw)) => raw,
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(e) => {
                    self.done = true;
                    let first = first_line.unwrap_or(self.lines.no);
                    return Some(LogResult {
                        first_line: first,
                        result: Err(e),
                    });
                }
            };
            if is_blank(&raw.bytes) {
                continue;
            }
            let first = *first_line.get_or_insert(raw.no);
            match r.read(&raw.bytes, raw.no) {
                Ok(Some(read)) => {
                    if read.seq() == 1 && r.entries() > 0 {
                        self.pending = Some(raw);
                        return Some(LogResult {
                            first_line: first,
                            result: r.finish(),
                        });
                    }
                    if let Err(e) = r.accept_at(read, raw.no) {
                        return Some(self.fail(first, e));
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    match self.lines.rest_is_blank() {
                        Ok(true) => {}
                        Ok(false) => return Some(self.fail(first, e)),
                        Err(io) => {
                            self.done = true;
                            return Some(LogResult {
                                first_line: first,
                                result: Err(io),
                            });
                        }
                    }
                    // The last line with content: torn, or damaged?
                    let mut kept = None;
                    let keep = torn_tail(&raw.bytes, |b| match r.read(b, raw.no) {
                        Ok(Some(read)) => {
                            kept = Some(read);
                            true
                        }
                        _ => false,
                    });
                    let Some(keep) = keep else {
                        return Some(self.fail(first, e));
                    };
                    if let Some(read) = kept {
                        if read.seq() == 1 && r.entries() > 0 {
                            // A complete first entry of another log, then NUL bytes.
                            self.pending = Some(raw);
                            self.done = false;
                            return Some(LogResult {
                                first_line: first,
                                result: r.finish(),
                            });
                        }
                        if let Err(e) = r.accept_at(read, raw.no) {
                            return Some(self.fail(first, e));
                        }
                    }
                    // Everything after the line was blank and has been read: the offset is
                    // the file's length.
                    let end = self.lines.drain_end();
                    let valid = raw.start + keep as u64;
                    self.done = true;
                    let torn = Torn {
                        line: raw.no,
                        valid_bytes: valid,
                        dropped_bytes: end.saturating_sub(valid),
                    };
                    return Some(LogResult {
                        first_line: first,
                        result: self.conclude(r, Some(torn)),
                    });
                }
            }
        }
        first_line.map(|first| LogResult {
            first_line: first,
            result: self.conclude(r, None),
        })
    }
}

/// How much of a file's last line with content to keep when an interrupted write explains
/// it (see the module's documentation): `Some(0)` to drop it whole, `Some(n)` to keep its
/// first `n` bytes (a complete entry, as `complete` says, followed by NUL bytes), `None`
/// when it is not a torn tail but damage.
pub(crate) fn torn_tail(line: &[u8], complete: impl FnOnce(&[u8]) -> bool) -> Option<usize> {
    let nuls = line.iter().rev().take_while(|&&b| b == 0).count();
    let rest = line.get(..line.len() - nuls).unwrap_or(&[]);
    if is_blank(rest) {
        return (nuls > 0).then_some(0);
    }
    if unfinished(rest) {
        return Some(0);
    }
    (nuls > 0 && complete(rest)).then_some(rest.len())
}

/// Whether `bytes` is the beginning of a JSON value that stops before its end.
fn unfinished(bytes: &[u8]) -> bool {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        // Cut inside a character: what comes before the cut must itself be unfinished.
        Err(e) if e.error_len().is_none() => {
            match bytes
                .get(..e.valid_up_to())
                .and_then(|b| std::str::from_utf8(b).ok())
            {
                Some(t) => t,
                None => return false,
            }
        }
        Err(_) => return false,
    };
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_err_and(|e| e.is_eof())
}

/// One line as stored, without its newline.
#[derive(Debug)]
struct RawLine {
    /// 1-based line number.
    no: u64,
    /// Its byte offset in the file.
    start: u64,
    /// Its bytes (empty for a blank line, whose bytes are not needed).
    bytes: Vec<u8>,
}

/// The lines of a reader, with a look-ahead over the blank lines that may follow a bad one.
#[derive(Debug)]
struct RawLines<R> {
    reader: R,
    ahead: VecDeque<RawLine>,
    /// Lines read so far (also those in `ahead`).
    no: u64,
    /// Bytes read so far.
    offset: u64,
}

impl<R: BufRead> RawLines<R> {
    fn read(&mut self) -> Result<Option<RawLine>, Error> {
        let mut bytes = Vec::new();
        let n = self
            .reader
            .read_until(b'\n', &mut bytes)
            .map_err(|e| Error::LogIo {
                line: self.no + 1,
                message: e.to_string(),
            })?;
        if n == 0 {
            return Ok(None);
        }
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
        }
        if is_blank(&bytes) {
            bytes = Vec::new();
        }
        self.no += 1;
        let start = self.offset;
        self.offset += n as u64;
        Ok(Some(RawLine {
            no: self.no,
            start,
            bytes,
        }))
    }

    fn next(&mut self) -> Result<Option<RawLine>, Error> {
        match self.ahead.pop_front() {
            Some(line) => Ok(Some(line)),
            None => self.read(),
        }
    }

    /// Whether nothing but blank lines follows (reading ahead, and keeping what it read).
    fn rest_is_blank(&mut self) -> Result<bool, Error> {
        if self.ahead.iter().any(|l| !is_blank(&l.bytes)) {
            return Ok(false);
        }
        loop {
            match self.read()? {
                None => return Ok(true),
                Some(line) => {
                    let blank = is_blank(&line.bytes);
                    self.ahead.push_back(line);
                    if !blank {
                        return Ok(false);
                    }
                }
            }
        }
    }

    /// The length of the file, once [`RawLines::rest_is_blank`] has read to its end.
    fn drain_end(&mut self) -> u64 {
        self.ahead.clear();
        self.offset
    }
}

impl Case {
    /// Every log of a file (see [`LogFile`]), collected.
    pub fn replay_all<R: BufRead>(
        cal: &Calendar,
        reader: R,
        options: &ReplayOptions<'_>,
    ) -> Vec<LogResult> {
        LogFile::new(cal, reader, options).collect()
    }
}
