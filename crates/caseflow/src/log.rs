//! The append-only event log: one JSON object per line, each with its sequence number, the
//! seal of the entry before it and its own seal, so that a gap, a reordering or an altered
//! entry is found at the line where it happened.
//!
//! A line is `{"seq":N,"prev":H,"at":…,"actor":…,"event":…,"hash":H}` (plain chain) or the
//! same ending in `"hmac":H` (keyed chain). The seal is the SHA-256 (or the HMAC-SHA-256
//! under the key) of the line's stored bytes with the last member removed, i.e. the compact
//! JSON `{"seq":N,"prev":H,"at":…,"actor":…,"event":…}` exactly as this crate writes it;
//! `prev` of the first entry is 64 zeros. The check is byte-exact: the reader seals the
//! bytes as stored and also requires them to be the bytes this crate writes for the entry,
//! so an edit that changes bytes but not the parsed value (`"¥161.85"` for `"161.85"`) is
//! refused, as the documented check (hash the stored bytes) would refuse it.

use std::fmt;
use std::io::BufRead;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;
use crate::cal::Calendar;
use crate::case::Case;
use crate::chain_key::{ChainKey, ChainKind, seal, verify};
use crate::event::{Actor, Event, EventKind, legal_day};
use crate::log_file::{ReplayOptions, Replayed, torn_tail};

/// A SHA-256 digest in the log, written as 64 lowercase hexadecimal digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ChainHash(pub [u8; 32]);

impl ChainHash {
    /// The `prev` of the first entry.
    pub const ZERO: ChainHash = ChainHash([0; 32]);

    /// Parses 64 lowercase hexadecimal digits.
    pub fn from_hex(s: &str) -> Option<ChainHash> {
        let b: &[u8; 64] = s.as_bytes().try_into().ok()?;
        let mut out = [0u8; 32];
        let mut bad = 0u8;
        for (o, pair) in out.iter_mut().zip(b.as_chunks::<2>().0) {
            let [hi, lo] = *pair;
            let (h, l) = (hex_val(hi), hex_val(lo));
            bad |= (h | l) & 0xf0;
            *o = (h << 4) | (l & 0x0f);
        }
        (bad == 0).then_some(ChainHash(out))
    }

    /// Appends the 64 hex digits to `out`.
    fn push_hex(&self, out: &mut Vec<u8>) {
        let mut hex = [0u8; 64];
        self.write_hex(&mut hex);
        out.extend_from_slice(&hex);
    }

    fn write_hex(&self, out: &mut [u8; 64]) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        for (pair, byte) in out.chunks_exact_mut(2).zip(self.0) {
            if let [hi, lo] = pair {
                *hi = DIGITS.get(usize::from(byte >> 4)).copied().unwrap_or(b'0');
                *lo = DIGITS.get(usize::from(byte & 15)).copied().unwrap_or(b'0');
            }
        }
    }
}

/// The value of a lowercase hex digit, or 0xff.
fn hex_val(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => 0xff,
    }
}

impl fmt::Display for ChainHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 64];
        self.write_hex(&mut buf);
        f.write_str(std::str::from_utf8(&buf).unwrap_or(""))
    }
}

impl fmt::Debug for ChainHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChainHash({self})")
    }
}

impl Serialize for ChainHash {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 64];
        self.write_hex(&mut buf);
        s.serialize_str(std::str::from_utf8(&buf).unwrap_or(""))
    }
}

impl<'de> Deserialize<'de> for ChainHash {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ChainHash;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a SHA-256 digest of 64 lowercase hex digits")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ChainHash, E> {
                ChainHash::from_hex(v).ok_or_else(|| E::custom("not 64 lowercase hex digits"))
            }
        }
        d.deserialize_str(V)
    }
}

/// Writes the canonical form of an entry without its hash:
/// `{"seq":N,"prev":"…","at":"…","actor":"…","event":…}` — compact JSON, members in this
/// order, `at` in RFC 3339 as chrono writes it (seconds, then only the fraction digits
/// needed, `Z` for UTC), `event` as serde_json writes it.
fn write_body(
    out: &mut Vec<u8>,
    seq: u64,
    prev: &ChainHash,
    at: &DateTime<FixedOffset>,
    actor: Actor,
    event: &EventKind,
) -> Result<(), Error> {
    out.extend_from_slice(b"{\"seq\":");
    push_u64(out, seq);
    out.extend_from_slice(b",\"prev\":\"");
    prev.push_hex(out);
    out.extend_from_slice(b"\",\"at\":\"");
    push_instant(out, at);
    out.extend_from_slice(b"\",\"actor\":\"");
    out.extend_from_slice(actor_name(actor).as_bytes());
    out.extend_from_slice(b"\",\"event\":");
    serde_json::to_writer(&mut *out, event).map_err(|e| Error::Serialize {
        message: e.to_string(),
    })?;
    out.push(b'}');
    Ok(())
}

fn actor_name(actor: Actor) -> &'static str {
    match actor {
        Actor::Consumer => "consumer",
        Actor::Business => "business",
        Actor::Handler => "handler",
        Actor::System => "system",
    }
}

fn actor_from(name: &[u8]) -> Option<Actor> {
    match name {
        b"consumer" => Some(Actor::Consumer),
        b"business" => Some(Actor::Business),
        b"handler" => Some(Actor::Handler),
        b"system" => Some(Actor::System),
        _ => None,
    }
}

fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(b) = buf.get_mut(i) {
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    out.extend_from_slice(buf.get(i..).unwrap_or(&[]));
}

/// Appends `n` as exactly `width` decimal digits.
fn push_digits(out: &mut Vec<u8>, n: u32, width: u32) {
    for k in (0..width).rev() {
        out.push(b'0' + (n / 10u32.pow(k) % 10) as u8);
    }
}

/// RFC 3339 exactly as chrono's `to_rfc3339_opts(SecondsFormat::AutoSi, true)` (which is
/// also its serde form), written without the formatting machinery for the usual case.
fn push_instant(out: &mut Vec<u8>, at: &DateTime<FixedOffset>) {
    let local = at.naive_local();
    let offset = at.offset().local_minus_utc();
    let year = local.year();
    let nanos = local.nanosecond();
    if offset % 60 != 0 {
        // RFC 3339 has no offset seconds and chrono would drop them, moving the instant:
        // write the same instant in UTC instead.
        push_instant(out, &at.with_timezone(&Utc).fixed_offset());
        return;
    }
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        out.extend_from_slice(at.to_rfc3339_opts(SecondsFormat::AutoSi, true).as_bytes());
        return;
    }
    push_digits(out, year.unsigned_abs(), 4);
    out.push(b'-');
    push_digits(out, local.month(), 2);
    out.push(b'-');
    push_digits(out, local.day(), 2);
    out.push(b'T');
    push_digits(out, local.hour(), 2);
    out.push(b':');
    push_digits(out, local.minute(), 2);
    out.push(b':');
    push_digits(out, local.second(), 2);
    if nanos != 0 {
        out.push(b'.');
        if nanos.is_multiple_of(1_000_000) {
            push_digits(out, nanos / 1_000_000, 3);
        } else if nanos.is_multiple_of(1_000) {
            push_digits(out, nanos / 1_000, 6);
        } else {
            push_digits(out, nanos, 9);
        }
    }
    if offset == 0 {
        out.push(b'Z');
    } else {
        out.push(if offset < 0 { b'-' } else { b'+' });
        let m = offset.unsigned_abs() / 60;
        push_digits(out, m / 60, 2);
        out.push(b':');
        push_digits(out, m % 60, 2);
    }
}

/// Reads the canonical `at` shape back (`YYYY-MM-DDTHH:MM:SS[.f{3,6,9}](Z|±HH:MM)`); anything
/// else is left to chrono's parser, which is what serde uses.
fn parse_instant(s: &[u8]) -> Option<DateTime<FixedOffset>> {
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let d = s.get(r)?;
        d.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let lit = |i: usize, c: u8| s.get(i) == Some(&c);
    if !(lit(4, b'-') && lit(7, b'-') && lit(10, b'T') && lit(13, b':') && lit(16, b':')) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?;
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut i = 19;
    let mut nanos = 0;
    if lit(i, b'.') {
        let digits = s
            .get(i + 1..)?
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let scale = match digits {
            3 => 1_000_000,
            6 => 1_000,
            9 => 1,
            _ => return None,
        };
        nanos = num(i + 1..i + 1 + digits)? * scale;
        // The canonical form never ends a fraction with a group of zeros.
        if nanos == 0 || (digits > 3 && nanos % (scale * 1000) == 0) {
            return None;
        }
        i += 1 + digits;
    }
    let offset = match s.get(i..)? {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), ..] if s.len() == i + 6 && lit(i + 3, b':') => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            // `+00:60` is the offset `+01:00` written another way: not canonical.
            if om >= 60 {
                return None;
            }
            let secs = i32::try_from(oh * 3600 + om * 60).ok()?;
            // "-00:00" is not canonical ("Z" is).
            if secs == 0 {
                return None;
            }
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(h, mi, sec, nanos)?;
    let offset = FixedOffset::east_opt(offset)?;
    date.and_time(time).and_local_timezone(offset).single()
}

/// An entry as read.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "weiquan case log entry",
    description = "One line of a case's event log (JSON Lines). The line ends with exactly one seal: `hash`, the SHA-256 of the line's stored bytes without the seal member (plain chain), or `hmac`, their HMAC-SHA-256 under the log's key (keyed chain). `prev` is the previous line's seal (64 zeros for the first).",
    extend("oneOf" = [{"required": ["hash"]}, {"required": ["hmac"]}])
)]
struct Line {
    /// Sequence number, from 1, without gaps.
    seq: u64,
    /// The previous entry's hash.
    prev: ChainHash,
    /// When the event happened; its legal day is its date in China Standard Time.
    at: DateTime<FixedOffset>,
    /// Who caused it.
    actor: Actor,
    /// What happened, with its payload.
    event: EventKind,
    /// This entry's seal in the plain chain: SHA-256.
    #[schemars(with = "Option<ChainHash>", transform = not_null)]
    hash: Option<ChainHash>,
    /// This entry's seal in the keyed chain: HMAC-SHA-256.
    #[schemars(with = "Option<ChainHash>", transform = not_null)]
    hmac: Option<ChainHash>,
}

/// A seal member's schema: present, or absent, never null (the reader refuses null).
fn not_null(schema: &mut schemars::Schema) {
    // `Option<ChainHash>` is `anyOf: [ChainHash, null]`: keep the first.
    let first = schema
        .remove("anyOf")
        .and_then(|v| v.as_array().and_then(|a| a.first().cloned()));
    if let Some(serde_json::Value::Object(obj)) = first {
        for (k, v) in obj {
            schema.insert(k, v);
        }
    }
}

/// An entry as read, with its one seal.
struct Entry {
    seq: u64,
    prev: ChainHash,
    at: DateTime<FixedOffset>,
    actor: Actor,
    event: EventKind,
    kind: ChainKind,
    seal: ChainHash,
}

impl schemars::JsonSchema for ChainHash {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ChainHash".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A SHA-256 digest, 64 lowercase hex digits.",
            "pattern": "^[0-9a-f]{64}$"
        })
    }
}

/// The JSON Schema (draft 2020-12) of one line of the event log, pretty-printed with a final
/// newline, exactly as committed under `docs/schema/case-log-entry.schema.json`.
pub fn log_entry_schema_json() -> String {
    let schema = schemars::schema_for!(Line);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// `,"hash":"` (or `,"hmac":"`) + 64 digits + `"}`.
const HASH_SUFFIX_LEN: usize = 9 + 64 + 2;

/// A line in the exact canonical shape, split without serde.
struct Canonical<'a> {
    seq: u64,
    prev: ChainHash,
    at: DateTime<FixedOffset>,
    actor: Actor,
    /// The `event` member's JSON.
    event: &'a str,
    kind: ChainKind,
    hash: ChainHash,
    /// The line up to (without) the `hash` member: the hashed bytes but the final `}`.
    body: &'a [u8],
}

/// Splits a line of the canonical shape; `None` for any other shape (which serde then reads).
fn canonical(line: &str) -> Option<Canonical<'_>> {
    // Every cut is next to an ASCII delimiter, so the `str` slices need no re-validation.
    let (body, suffix) = line.split_at_checked(line.len().checked_sub(HASH_SUFFIX_LEN)?)?;
    let (kind, hash) = if let Some(h) = suffix.strip_prefix(",\"hash\":\"") {
        (ChainKind::Sha256, h)
    } else {
        (ChainKind::HmacSha256, suffix.strip_prefix(",\"hmac\":\"")?)
    };
    let hash = hash.strip_suffix("\"}")?;
    let hash = ChainHash::from_hex(hash)?;
    let rest = body.strip_prefix("{\"seq\":")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (num, rest) = rest.split_at_checked(digits)?;
    if num.is_empty() || (num.len() > 1 && num.starts_with('0')) {
        return None;
    }
    let seq = num.parse::<u64>().ok()?;
    let rest = rest.strip_prefix(",\"prev\":\"")?;
    let (prev, rest) = rest.split_at_checked(64)?;
    let prev = ChainHash::from_hex(prev)?;
    let rest = rest.strip_prefix("\",\"at\":\"")?;
    let (at, rest) = rest.split_once('"')?;
    let at = parse_instant(at.as_bytes())?;
    let rest = rest.strip_prefix(",\"actor\":\"")?;
    let (actor, rest) = rest.split_once('"')?;
    let actor = actor_from(actor.as_bytes())?;
    let event = rest.strip_prefix(",\"event\":")?;
    Some(Canonical {
        seq,
        prev,
        at,
        actor,
        event,
        kind,
        hash,
        body: body.as_bytes(),
    })
}

/// The writing end of a log: it numbers entries and chains their seals (SHA-256, or
/// HMAC-SHA-256 for a journal made with [`Journal::keyed`]).
///
/// ```
/// use weiquan_caseflow::{Case, Journal, ProcedureSelection};
/// let case = Case::open("C-1", "2024-05-10T09:30:00+08:00".parse()?,
///                       ProcedureSelection::MarketRegulation)?;
/// let mut journal = Journal::new();
/// let line = journal.append(&case.history()[0].event)?;
/// assert!(line.starts_with(r#"{"seq":1,"prev":"0000"#));
/// assert_eq!(Case::replay(&line)?, case);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    next_seq: u64,
    head: ChainHash,
    key: Option<ChainKey>,
}

impl Default for Journal {
    fn default() -> Journal {
        Journal::new()
    }
}

impl Journal {
    /// A journal for a new log in the plain chain (`hash`).
    pub fn new() -> Journal {
        Journal {
            next_seq: 1,
            head: ChainHash::ZERO,
            key: None,
        }
    }

    /// A journal for a new log in the keyed chain (`hmac`, HMAC-SHA-256 under `key`).
    pub fn keyed(key: ChainKey) -> Journal {
        Journal {
            key: Some(key),
            ..Journal::new()
        }
    }

    /// A journal that continues a plain log whose last entry had `seq` and `hash`.
    pub fn resume(last_seq: u64, last_hash: ChainHash) -> Journal {
        Journal {
            next_seq: last_seq.saturating_add(1),
            head: last_hash,
            key: None,
        }
    }

    /// A journal that continues a keyed log whose last entry had `seq` and seal `last_hmac`.
    pub fn resume_keyed(key: ChainKey, last_seq: u64, last_hmac: ChainHash) -> Journal {
        Journal {
            key: Some(key),
            ..Journal::resume(last_seq, last_hmac)
        }
    }

    /// The sequence number the next entry will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// The seal of the last entry (zeros before the first): keep it apart from the log to
    /// detect a log cut short or rewritten (`weiquan case replay --expect-head`).
    pub fn head(&self) -> ChainHash {
        self.head
    }

    /// The chain this journal writes.
    pub fn kind(&self) -> ChainKind {
        match self.key {
            Some(_) => ChainKind::HmacSha256,
            None => ChainKind::Sha256,
        }
    }

    /// Writes the entry for `event` (without a newline) and advances the chain.
    pub fn append(&mut self, event: &Event) -> Result<String, Error> {
        let mut out = Vec::new();
        self.append_to(event, &mut out)?;
        out.pop();
        String::from_utf8(out).map_err(|e| Error::Serialize {
            message: e.to_string(),
        })
    }

    /// Appends the entry for `event` and a newline to `out`: the canonical bytes, the only
    /// bytes a reader accepts for this entry. Write the line and its newline in one write,
    /// so that a crash leaves at most one torn line at the end.
    pub fn append_to(&mut self, event: &Event, out: &mut Vec<u8>) -> Result<(), Error> {
        let start = out.len();
        write_body(
            out,
            self.next_seq,
            &self.head,
            &event.at,
            event.actor,
            &event.event,
        )?;
        let hash = seal(self.key.as_ref(), &[out.get(start..).unwrap_or(&[])]);
        // The canonical body ends with '}'; the seal goes in as the last member.
        out.pop();
        out.extend_from_slice(b",\"");
        out.extend_from_slice(self.kind().member().as_bytes());
        out.extend_from_slice(b"\":\"");
        hash.push_hex(out);
        out.extend_from_slice(b"\"}\n");
        self.next_seq += 1;
        self.head = hash;
        Ok(())
    }

    /// Checks the head against one kept elsewhere.
    pub fn check_head(&self, expected: ChainHash) -> Result<(), Error> {
        if self.head == expected {
            Ok(())
        } else {
            Err(Error::LogHeadMismatch {
                expected,
                found: self.head,
            })
        }
    }
}

/// A line read and checked on its own: parsed, whether its seal matches its stored bytes,
/// and whether those bytes are the ones the writer writes for the entry.
pub(crate) struct ReadLine {
    entry: Entry,
    intact: bool,
    canonical: bool,
}

impl ReadLine {
    /// The entry's sequence number.
    pub(crate) fn seq(&self) -> u64 {
        self.entry.seq
    }
}

/// Whether a line holds nothing but whitespace (skipped, as a blank line).
pub(crate) fn is_blank(text: &[u8]) -> bool {
    text.iter().all(u8::is_ascii_whitespace)
}

/// Reads one line (`None` for a blank one) and checks its seal — everything that does not
/// depend on the lines before it, so that it can run on several lines at once. `key` is the
/// key of a keyed log (a line sealed the other way is refused when it is applied).
pub(crate) fn read_line(
    text: &[u8],
    line_no: u64,
    key: Option<&ChainKey>,
    scratch: &mut Vec<u8>,
) -> Result<Option<ReadLine>, Error> {
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    if is_blank(text) {
        return Ok(None);
    }
    // The parser quotes the offending value (a note, an unknown ground): identifiers in it
    // masked, cut to 200 characters.
    let syntax = |e: serde_json::Error| Error::LogSyntax {
        line: line_no,
        message: weiquan_support::mask::parser_message(&e.to_string()),
    };
    let text = std::str::from_utf8(text).map_err(|e| Error::LogSyntax {
        line: line_no,
        message: format!("not UTF-8 text (byte {} of the line)", e.valid_up_to() + 1),
    })?;
    let (entry, intact, canonical) = match canonical(text) {
        // The canonical envelope: its stored bytes are sealed as they are (once, no
        // re-serialisation); the event member must be what serde_json writes for it.
        Some(c) => {
            let event = serde_json::from_str::<EventKind>(c.event).map_err(syntax)?;
            let intact = verify(key, &[c.body, b"}"], &c.hash);
            scratch.clear();
            serde_json::to_writer(&mut *scratch, &event).map_err(|e| Error::Serialize {
                message: e.to_string(),
            })?;
            let canonical = scratch.as_slice() == c.event.as_bytes();
            let entry = Entry {
                seq: c.seq,
                prev: c.prev,
                at: c.at,
                actor: c.actor,
                event,
                kind: c.kind,
                seal: c.hash,
            };
            (entry, intact, canonical)
        }
        // Any other shape is read for its content (and its syntax errors), then sealed the
        // documented way: the stored bytes without the last 75 (`,"hash":"…"}`) plus `}`.
        None => {
            let line = serde_json::from_str::<Line>(text).map_err(syntax)?;
            let (kind, hash) = match (line.hash, line.hmac) {
                (Some(h), None) => (ChainKind::Sha256, h),
                (None, Some(h)) => (ChainKind::HmacSha256, h),
                _ => {
                    return Err(Error::LogSyntax {
                        line: line_no,
                        message: "an entry has exactly one of `hash` and `hmac`".to_owned(),
                    });
                }
            };
            let body = text
                .len()
                .checked_sub(HASH_SUFFIX_LEN)
                .and_then(|n| text.as_bytes().get(..n));
            let intact = body.is_some_and(|b| verify(key, &[b, b"}"], &hash));
            let entry = Entry {
                seq: line.seq,
                prev: line.prev,
                at: line.at,
                actor: line.actor,
                event: line.event,
                kind,
                seal: hash,
            };
            (entry, intact, false)
        }
    };
    Ok(Some(ReadLine {
        entry,
        intact,
        canonical,
    }))
}

/// A keyed line needs the key; with a key, a plain line is a downgrade and refused.
fn check_kind(kind: ChainKind, key: Option<&ChainKey>, line: u64) -> Result<(), Error> {
    match (kind, key) {
        (ChainKind::HmacSha256, None) => Err(Error::LogKeyRequired { line }),
        (ChainKind::Sha256, Some(_)) => Err(Error::LogUnkeyed { line }),
        _ => Ok(()),
    }
}

/// The cores to read a long log on (at most 8). Asked once: the answer reads the cgroup
/// limits, which costs more than replaying a short log.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
}

/// Logs at least this long are read on every core.
const PARALLEL_LINES: usize = 16_384;
/// Lines read in one parallel round (bounds the memory of read but unapplied lines).
const ROUND_LINES: usize = 65_536;

impl Case {
    /// The case's log as JSON Lines (each line ending with a newline), plain chain.
    pub fn to_jsonl(&self) -> Result<String, Error> {
        self.write_jsonl(Journal::new())
    }

    /// The case's log as JSON Lines in the keyed chain (HMAC-SHA-256 under `key`).
    pub fn to_jsonl_keyed(&self, key: &ChainKey) -> Result<String, Error> {
        self.write_jsonl(Journal::keyed(key.clone()))
    }

    fn write_jsonl(&self, mut journal: Journal) -> Result<String, Error> {
        let mut out = Vec::with_capacity(self.history.len() * 256);
        for r in &self.history {
            journal.append_to(&r.event, &mut out)?;
        }
        String::from_utf8(out).map_err(|e| Error::Serialize {
            message: e.to_string(),
        })
    }

    /// Rebuilds a case from its log (plain chain), checking every line: well-formed,
    /// numbered without gaps, chained to the line before, its stored bytes matching its
    /// hash and being the canonical bytes, and a transition the machine allows. The error
    /// names the first bad line; a torn last line (an interrupted write) has its own code,
    /// `caseflow.log.torn`. Restoring fires no side effects: no effects are returned and no
    /// deadlines are advanced. For a keyed log, a state on a past day, recovering a torn
    /// log or a file of several logs, see [`Case::replay_with`] and
    /// [`LogFile`](crate::LogFile).
    pub fn replay(jsonl: &str) -> Result<Case, Error> {
        Case::replay_on(crate::default_calendar(), jsonl)
    }

    /// [`Case::replay`] with an explicit calendar.
    ///
    /// A long log is read and its seals checked on every core, in rounds of 65,536 lines;
    /// the transitions are then applied in order on the calling thread, so the result and
    /// the error (the first bad line) are the same as reading it line by line.
    pub fn replay_on(cal: &Calendar, jsonl: &str) -> Result<Case, Error> {
        let lines: Vec<&str> = jsonl.split('\n').collect();
        replay_lines(cal, &lines).map_err(|e| match e {
            Error::LogSyntax { line, .. } => torn_in_text(jsonl, &lines, line).unwrap_or(e),
            other => other,
        })
    }

    /// [`Case::replay`] from a reader (a file), returning the case and the journal that
    /// continues the log. A file of several logs is refused (`caseflow.log.several`).
    pub fn replay_reader<R: BufRead>(cal: &Calendar, reader: R) -> Result<(Case, Journal), Error> {
        let read = Case::replay_with(cal, reader, &ReplayOptions::new())?;
        Ok((read.case, read.journal))
    }

    /// Replays one log from a reader with options: the key of a keyed log, the day to
    /// replay up to, and whether to recover a torn last line. Every line is checked, also
    /// those after the day (they are verified and checked against the machine, but the case
    /// returned is the state on that day). A file that holds several logs is refused with
    /// `caseflow.log.several`; read it with [`LogFile`](crate::LogFile).
    ///
    /// ```
    /// use weiquan_caseflow::{Actor, Case, Event, EventKind, ProcedureSelection,
    ///                        ReplayOptions, StateKind, default_calendar};
    /// let at = |s: &str| s.parse::<chrono::DateTime<chrono::FixedOffset>>();
    /// let mut case = Case::open("C-1", at("2025-09-01T09:00:00+08:00")?,
    ///                           ProcedureSelection::MarketRegulation)?;
    /// case.apply(Event::new(at("2025-09-03T09:00:00+08:00")?, Actor::Handler,
    ///                       EventKind::Accepted))?;
    /// let log = case.to_jsonl()?;
    /// let on = ReplayOptions::new().as_of("2025-09-02".parse()?);
    /// let read = Case::replay_with(default_calendar(), log.as_bytes(), &on)?;
    /// assert_eq!(read.case.state(), StateKind::Received);
    /// assert_eq!((read.entries, read.later), (2, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replay_with<R: BufRead>(
        cal: &Calendar,
        reader: R,
        options: &ReplayOptions<'_>,
    ) -> Result<Replayed, Error> {
        let mut logs = crate::LogFile::new(cal, reader, options);
        let first = logs.next().ok_or(Error::LogEmpty)?;
        if let Some(second) = logs.next() {
            return Err(Error::LogSeveral {
                line: second.first_line,
            });
        }
        first.result
    }
}

/// The strict single-log replay of `lines` (the text split at `\n`).
fn replay_lines(cal: &Calendar, lines: &[&str]) -> Result<Case, Error> {
    let mut r = Replayer::new(cal);
    let threads = if lines.len() < PARALLEL_LINES {
        1
    } else {
        cores()
    };
    if threads < 2 {
        for line in lines {
            r.feed(line)?;
        }
        return Ok(r.finish()?.case);
    }
    for round in lines.chunks(ROUND_LINES) {
        let first = r.line + 1;
        let per_thread = round.len().div_ceil(threads);
        let read: Vec<Vec<Result<Option<ReadLine>, Error>>> = std::thread::scope(|s| {
            let handles: Vec<_> = round
                .chunks(per_thread)
                .enumerate()
                .map(|(k, part)| {
                    s.spawn(move || {
                        let mut scratch = Vec::new();
                        let base = first + (k * per_thread) as u64;
                        part.iter()
                            .enumerate()
                            .map(|(i, text)| {
                                read_line(text.as_bytes(), base + i as u64, None, &mut scratch)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        vec![Err(Error::Serialize {
                            message: "a reading thread panicked".to_owned(),
                        })]
                    })
                })
                .collect()
        });
        if let Some(case) = &mut r.case {
            case.reserve(round.len());
        }
        for result in read.into_iter().flatten() {
            r.line += 1;
            if let Some(line) = result? {
                r.accept(line, r.line)?;
            }
        }
    }
    Ok(r.finish()?.case)
}

/// The torn-tail error for a syntax error at `line` of a text, when that line is the
/// last one with content and an interrupted write explains it.
fn torn_in_text(text: &str, lines: &[&str], line: u64) -> Option<Error> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    let bytes = lines.get(index)?.as_bytes();
    if !lines
        .get(index + 1..)?
        .iter()
        .all(|l| is_blank(l.as_bytes()))
    {
        return None;
    }
    let start: usize = lines.get(..index)?.iter().map(|l| l.len() + 1).sum();
    let keep = torn_tail(bytes, |b| {
        read_line(b, line, None, &mut Vec::new()).is_ok_and(|r| r.is_some())
    })?;
    let valid = (start + keep) as u64;
    Some(Error::LogTorn {
        line,
        valid_bytes: valid,
        dropped_bytes: text.len() as u64 - valid,
    })
}

/// Replays a log line by line (for streaming a file in constant extra memory).
#[derive(Debug)]
pub struct Replayer<'c> {
    cal: &'c Calendar,
    key: Option<ChainKey>,
    as_of: Option<NaiveDate>,
    case: Option<Case>,
    /// The case as it stood on `as_of`, taken when the first later event arrives.
    on_as_of: Option<Case>,
    /// Entries dated after `as_of` (verified and applied to `case`, not to `on_as_of`).
    later: u64,
    journal: Journal,
    line: u64,
    scratch: Vec<u8>,
}

impl<'c> Replayer<'c> {
    /// A replayer of a plain log, using `cal` for the guards that need due dates.
    pub fn new(cal: &'c Calendar) -> Replayer<'c> {
        Replayer::with_options(cal, &ReplayOptions::new())
    }

    /// A replayer with the key and the day of `options` (`recover` is for whole files:
    /// see [`LogFile`](crate::LogFile)).
    pub fn with_options(cal: &'c Calendar, options: &ReplayOptions<'_>) -> Replayer<'c> {
        let key = options.key_ref().cloned();
        Replayer {
            cal,
            journal: match &key {
                Some(k) => Journal::keyed(k.clone()),
                None => Journal::new(),
            },
            key,
            as_of: options.as_of_day(),
            case: None,
            on_as_of: None,
            later: 0,
            line: 0,
            scratch: Vec::new(),
        }
    }

    /// The number of lines fed so far (blank lines included).
    pub fn lines(&self) -> u64 {
        self.line
    }

    /// The number of entries accepted so far.
    pub fn entries(&self) -> u64 {
        self.journal.next_seq - 1
    }

    /// Checks and applies the next line (without its newline). Blank lines are skipped but
    /// counted, so errors name the line as an editor shows it.
    pub fn feed(&mut self, text: &str) -> Result<(), Error> {
        self.feed_bytes(text.as_bytes())
    }

    /// [`Replayer::feed`] for a line as stored (it may not be UTF-8: that is an error).
    pub fn feed_bytes(&mut self, text: &[u8]) -> Result<(), Error> {
        self.line += 1;
        let line_no = self.line;
        match read_line(text, line_no, self.key.as_ref(), &mut self.scratch)? {
            Some(read) => self.accept(read, line_no),
            None => Ok(()),
        }
    }

    /// Reads a line with this replayer's key, without applying it.
    pub(crate) fn read(&mut self, text: &[u8], line_no: u64) -> Result<Option<ReadLine>, Error> {
        read_line(text, line_no, self.key.as_ref(), &mut self.scratch)
    }

    /// Applies a line read by [`Replayer::read`] as line `line_no`.
    pub(crate) fn accept_at(&mut self, read: ReadLine, line_no: u64) -> Result<(), Error> {
        self.line = line_no;
        self.accept(read, line_no)
    }

    /// The checks that need the lines before: numbering, chaining, the seal, the canonical
    /// bytes, the transition.
    fn accept(&mut self, read: ReadLine, line_no: u64) -> Result<(), Error> {
        let ReadLine {
            entry,
            intact,
            canonical,
        } = read;
        check_kind(entry.kind, self.key.as_ref(), line_no)?;
        if entry.seq != self.journal.next_seq {
            if entry.seq == 1 && self.case.is_some() {
                return Err(Error::LogSeveral { line: line_no });
            }
            return Err(Error::LogSequence {
                line: line_no,
                expected: self.journal.next_seq,
                found: entry.seq,
            });
        }
        if entry.prev != self.journal.head {
            return Err(Error::LogChain { line: line_no });
        }
        if !intact {
            return Err(Error::LogAltered {
                line: line_no,
                keyed: entry.kind == ChainKind::HmacSha256,
            });
        }
        if !canonical {
            return Err(Error::LogNotCanonical { line: line_no });
        }
        let later = self.as_of.is_some_and(|d| legal_day(entry.at) > d);
        let event = Event::new(entry.at, entry.actor, entry.event);
        match &mut self.case {
            None => {
                if !matches!(event.event, EventKind::Received(_)) {
                    return Err(Error::LogNotOpening { line: line_no });
                }
                let case = Case::from_opening(event).map_err(|e| Error::LogTransition {
                    line: line_no,
                    source: Box::new(e),
                })?;
                self.case = Some(case);
            }
            Some(case) => {
                if later && self.on_as_of.is_none() && self.later == 0 {
                    self.on_as_of = Some(case.clone());
                }
                case.apply_on(self.cal, event)
                    .map_err(|e| Error::LogTransition {
                        line: line_no,
                        source: Box::new(e),
                    })?;
            }
        }
        if later {
            self.later += 1;
        }
        self.journal.next_seq += 1;
        self.journal.head = entry.seal;
        Ok(())
    }

    /// The case (as it stood on the day asked for, if any) and the journal that continues
    /// its log. A day before the complaint was received is `caseflow.as_of_before_receipt`
    /// (after the whole log was checked).
    pub fn finish(self) -> Result<Replayed, Error> {
        let case = self.case.ok_or(Error::LogEmpty)?;
        let entries = self.journal.next_seq - 1;
        let case = match (self.on_as_of, self.as_of) {
            (Some(on), _) => on,
            // Every entry, the opening included, is after the day.
            (None, Some(as_of)) if self.later > 0 => {
                return Err(Error::AsOfBeforeReceipt {
                    as_of,
                    received: legal_day(case.received_at()),
                });
            }
            (None, _) => case,
        };
        Ok(Replayed {
            case,
            journal: self.journal,
            entries,
            later: self.later,
            torn: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn instant() -> impl Strategy<Value = DateTime<FixedOffset>> {
        (
            -62_000_000_000i64..253_000_000_000,
            prop_oneof![
                Just(0u32),
                (0u32..1000).prop_map(|m| m * 1_000_000),
                (0u32..1_000_000).prop_map(|u| u * 1000),
                0u32..1_000_000_000
            ],
            prop_oneof![
                Just(0i32),
                Just(8 * 3600),
                (-1439i32..1440).prop_map(|m| m * 60),
                -86_399i32..86_400
            ],
        )
            .prop_filter_map("representable", |(secs, nanos, off)| {
                let offset = FixedOffset::east_opt(off)?;
                offset.timestamp_opt(secs, nanos).single()
            })
    }

    proptest! {
        /// The hand-written writer gives exactly chrono's (and serde's) RFC 3339 text, and the
        /// hand-written reader gives back the instant with its offset.
        #[test]
        fn instants_are_written_as_chrono_writes_them(at in instant()) {
            let mut out = Vec::new();
            push_instant(&mut out, &at);
            let text = String::from_utf8(out).unwrap();
            let whole_minutes = at.offset().local_minus_utc() % 60 == 0;
            if whole_minutes {
                prop_assert_eq!(&text, &at.to_rfc3339_opts(SecondsFormat::AutoSi, true));
                prop_assert_eq!(serde_json::to_string(&at).unwrap(), format!("\"{text}\""));
            }
            if let Some(back) = parse_instant(text.as_bytes()) {
                prop_assert_eq!(back, at);
                if whole_minutes {
                    prop_assert_eq!(back.offset(), at.offset());
                }
            }
            // The same instant, whatever the offset.
            prop_assert_eq!(text.parse::<DateTime<FixedOffset>>().unwrap(), at);
        }

        /// The reader accepts only canonical text: anything it reads, the writer writes back.
        #[test]
        fn the_instant_reader_is_strict(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})") {
            if let Some(at) = parse_instant(s.as_bytes()) {
                let mut out = Vec::new();
                push_instant(&mut out, &at);
                prop_assert_eq!(String::from_utf8(out).unwrap(), s);
            }
        }

        #[test]
        fn hex_round_trips(bytes in any::<[u8; 32]>()) {
            let h = ChainHash(bytes);
            prop_assert_eq!(ChainHash::from_hex(&h.to_string()), Some(h));
            prop_assert_eq!(ChainHash::from_hex(&h.to_string().to_uppercase()).is_some(), h.to_string().bytes().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn offsets_with_60_minutes_or_more_are_not_canonical() {
        assert_eq!(parse_instant(b"0000-01-01T00:00:00+00:60"), None);
        assert_eq!(parse_instant(b"2026-01-01T00:00:00+05:75"), None);
        assert!(parse_instant(b"2026-01-01T00:00:00+05:45").is_some());
    }

    #[test]
    fn sequence_numbers_are_written_in_decimal() {
        for n in [0u64, 7, 10, 1_000_001, u64::MAX] {
            let mut out = Vec::new();
            push_u64(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
        let leap = CST_TEST.with_ymd_and_hms(2016, 12, 31, 23, 59, 59).unwrap();
        let mut out = Vec::new();
        push_instant(&mut out, &leap);
        assert_eq!(String::from_utf8(out).unwrap(), "2016-12-31T23:59:59+08:00");
    }

    const CST_TEST: FixedOffset = weiquan_complaint::CST;
}
