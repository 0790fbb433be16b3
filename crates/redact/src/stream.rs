//! Redaction of a stream of any length in bounded memory.

use super::chars::fold;
use super::segment::{Cut, cut_after};
use super::{PiiSpan, RedactConfig, Redactor};

/// Redacts a text that arrives in pieces (a file read in blocks, a socket) holding at most one
/// segment of it (32,768 characters) besides the piece being pushed, and gives exactly what
/// [`Redactor::redact`] gives for the whole text: the output and the spans (counted in
/// characters from the start of the stream) are the same however the text is cut into pieces.
///
/// ```
/// use weiquan_redact::{RedactConfig, StreamRedactor, redact};
///
/// let text = "我叫张伟，电话138 0013\n8000，家住石家庄市长安区中山东路12号。";
/// let mut stream = StreamRedactor::new(RedactConfig::default());
/// let (mut out, mut spans) = (String::new(), Vec::new());
/// for piece in ["我叫张", "伟，电话138 0", "013\n8000，家住石家庄市长安区中山东", "路12号。"] {
///     stream.push(piece, &mut out, &mut spans);
/// }
/// stream.finish(&mut out, &mut spans);
/// let whole = redact(text);
/// assert_eq!((out, spans), (whole.text, whole.spans));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// How: the text is cut where no detector reads across (after `。`, `，` and the like, once a
/// segment has 1,024 characters; see `docs/redaction.md`), the cuts depending on the text
/// alone, and [`Redactor::redact`] cuts a whole text at the same places. Each complete segment
/// is redacted as soon as it is known to be complete.
#[derive(Debug, Clone, Default)]
pub struct StreamRedactor {
    redactor: Redactor,
    /// Text not yet redacted; it starts at a segment boundary.
    pending: String,
    /// Characters of the stream before `pending`.
    offset: usize,
    /// Bytes of `pending` the cut rule has looked at, and their characters.
    scanned: usize,
    scanned_chars: usize,
    /// Characters of the current segment so far.
    seg_len: usize,
    /// The last characters looked at (for the line-break rule).
    prev: char,
    before_cr: char,
    /// The last cut in `pending`: its byte offset and character count.
    cut: usize,
    cut_chars: usize,
}

impl StreamRedactor {
    /// A stream redactor with these settings.
    pub fn new(config: RedactConfig) -> StreamRedactor {
        StreamRedactor {
            redactor: Redactor::new(config),
            ..StreamRedactor::default()
        }
    }

    /// How many bytes of text are held, waiting for the end of their segment.
    pub fn buffered(&self) -> usize {
        self.pending.len()
    }

    /// Characters of the stream pushed so far.
    pub fn chars_pushed(&self) -> usize {
        self.offset + self.pending.chars().count()
    }

    /// Adds `text` to the stream, appending to `out` the redacted text of every segment now
    /// complete and to `spans` their items.
    pub fn push(&mut self, text: &str, out: &mut String, spans: &mut Vec<PiiSpan>) {
        self.pending.push_str(text);
        let base = self.scanned;
        let rest = self.pending.get(base..).unwrap_or("");
        let mut it = rest.char_indices().peekable();
        while let Some((b, raw)) = it.next() {
            let c = fold(raw);
            let next = it.peek().map(|(_, n)| fold(*n));
            let p = if c == '\n' && self.prev == '\r' {
                self.before_cr
            } else {
                self.prev
            };
            let cut = cut_after(c, p, next, self.seg_len + 1);
            if cut == Cut::Undecided {
                break;
            }
            self.seg_len += 1;
            self.scanned = base + b + raw.len_utf8();
            self.scanned_chars += 1;
            self.before_cr = self.prev;
            self.prev = c;
            if cut == Cut::Yes {
                self.seg_len = 0;
                self.cut = self.scanned;
                self.cut_chars = self.scanned_chars;
            }
        }
        self.flush_to_cut(out, spans);
    }

    /// Ends the stream: appends the rest, redacted, and makes the redactor ready for another
    /// stream.
    pub fn finish(&mut self, out: &mut String, spans: &mut Vec<PiiSpan>) {
        let rest = std::mem::take(&mut self.pending);
        self.redactor.redact_into(&rest, self.offset, out, spans);
        let redactor = std::mem::take(&mut self.redactor);
        *self = StreamRedactor {
            redactor,
            ..StreamRedactor::default()
        };
    }

    /// Redacts `pending` up to the last cut and drops it.
    fn flush_to_cut(&mut self, out: &mut String, spans: &mut Vec<PiiSpan>) {
        if self.cut == 0 {
            return;
        }
        let done = self.pending.get(..self.cut).unwrap_or("");
        self.redactor.redact_into(done, self.offset, out, spans);
        self.offset += self.cut_chars;
        self.pending.drain(..self.cut);
        self.scanned -= self.cut;
        self.scanned_chars -= self.cut_chars;
        self.cut = 0;
        self.cut_chars = 0;
    }
}
