//! # weiquan-redact
//!
//! Redaction of personal data in Chinese free text: complaint narratives made safe to show in
//! case disclosures, typical-case write-ups and exports. It has no other job, so the consumer
//! page (WebAssembly), the C ABI and the command line take it without the statistics.
//!
//! [`redact`] finds mainland mobile and landline numbers, resident identity numbers (18
//! characters with their MOD 11-2 check, and the legacy 15 digits after an identity label),
//! bank card numbers (Luhn), e-mail addresses, licence plates, street addresses and personal
//! names in the forms complaints use, and returns the text with each item replaced, together
//! with the [`PiiSpan`]s (character offsets into the *original* text, and the kind).
//!
//! ```
//! use weiquan_redact::{redact, PiiKind};
//!
//! let r = redact("我叫张伟，电话138 0013 8000，家住石家庄市长安区中山东路12号3单元502室。");
//! assert_eq!(r.text, "我叫[姓名]，电话[手机号]，家住[地址]。");
//! let kinds: Vec<PiiKind> = r.spans.iter().map(|s| s.kind).collect();
//! assert_eq!(kinds, [PiiKind::PersonName, PiiKind::Mobile, PiiKind::Address]);
//! assert_eq!((r.spans[1].start, r.spans[1].end), (7, 20)); // characters, not bytes
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The default replacement removes everything identifying; [`Replacement::Mask`] keeps the
//! length and [`Replacement::Partial`] keeps what receipts show (`138****8000`, `张*`):
//!
//! ```
//! use weiquan_redact::{KindSet, PiiKind, RedactConfig, Redactor, Replacement};
//!
//! let mut r = Redactor::new(RedactConfig {
//!     replacement: Replacement::Partial,
//!     kinds: KindSet::ALL.without(PiiKind::PersonName),
//! });
//! assert_eq!(r.redact("我叫张伟，手机13800138000").text, "我叫张伟，手机138****8000");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! How it works: the text is folded once (full-width digits and letters to ASCII, one
//! character for one, so offsets do not move), then one pass looks up each character's flags
//! in a table built at compile time and hands the few that can start or end an item to five
//! hand-written scanners (numbers, e-mail, plates, addresses, names); none backtracks, so the
//! time is linear in the text. Overlapping finds are resolved (the same kind merges; otherwise the
//! longer wins, then the more specific kind). No detector crosses a line break, so redacting
//! line by line gives the same result as redacting the whole text. What is detected, the known
//! gaps and the measured precision and recall are in `docs/redaction.md`; [`measure`]
//! computes the figures against texts whose items are known (the narratives of the
//! `weiquan-synth` generator, or a hand-marked corpus).

mod address;
mod chars;
mod diagnostic;
mod email;
mod error;
mod im;
mod lexicon;
mod mask;
pub mod measure;
mod name;
mod numbers;
mod plate;
mod segment;
mod stream;

pub use error::Error;
pub use mask::placeholder;
pub use stream::StreamRedactor;
/// The kinds of personal data the redactor finds in free text (and the generator of
/// `weiquan-synth` plants in its narratives, so that found and planted items compare
/// directly).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    /// A mainland mobile number.
    Mobile,
    /// A landline number with area code.
    Landline,
    /// A resident identity number.
    ResidentId,
    /// A bank card number (Luhn-valid).
    BankCard,
    /// An e-mail address.
    Email,
    /// A vehicle licence plate.
    LicencePlate,
    /// A street address.
    Address,
    /// A personal name.
    PersonName,
    /// An instant-messaging account after its label: a WeChat ID or a QQ number.
    ImAccount,
}

/// Where one item of personal data is in a text, in characters: found by the redactor, or
/// planted by the generator of `weiquan-synth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PiiSpan {
    /// First character (0-based, in `char`s).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// What it is.
    pub kind: PiiKind,
}

/// A candidate found by one detector (before overlaps are resolved).
pub(crate) type Cand = PiiSpan;

/// Every kind, in the order of [`PiiKind`].
pub const ALL_KINDS: [PiiKind; 9] = [
    PiiKind::Mobile,
    PiiKind::Landline,
    PiiKind::ResidentId,
    PiiKind::BankCard,
    PiiKind::Email,
    PiiKind::LicencePlate,
    PiiKind::Address,
    PiiKind::PersonName,
    PiiKind::ImAccount,
];

/// Whether a kind is structured: recognised by its form and check digits rather than by the
/// words around it (numbers, e-mail addresses, plates; not addresses, names and messaging
/// accounts, which are found by their labels).
pub fn is_structured(kind: PiiKind) -> bool {
    !matches!(
        kind,
        PiiKind::Address | PiiKind::PersonName | PiiKind::ImAccount
    )
}

/// What replaces each detected item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Replacement {
    /// A label naming the kind: `[手机号]`, `[姓名]` (see [`placeholder`]). Removes everything,
    /// the length included.
    #[default]
    Label,
    /// One `*` per character: keeps the length and position only.
    Mask,
    /// Keeps what is commonly shown on receipts and screens and stars the rest: the first three
    /// and last four digits of a mobile (`138****8000`), the area code and last four of a
    /// landline, the region and last four of an identity number, the first six and last four of
    /// a card, the first character and the domain of an e-mail, the province and office of a
    /// plate, the divisions down to the county of an address, the surname of a name. Not for
    /// publication: the kept parts narrow down who it is.
    Partial,
}

/// A set of kinds to detect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KindSet(u16);

fn bit(kind: PiiKind) -> u16 {
    1 << match kind {
        PiiKind::Mobile => 0,
        PiiKind::Landline => 1,
        PiiKind::ResidentId => 2,
        PiiKind::BankCard => 3,
        PiiKind::Email => 4,
        PiiKind::LicencePlate => 5,
        PiiKind::Address => 6,
        PiiKind::PersonName => 7,
        PiiKind::ImAccount => 8,
    }
}

impl KindSet {
    /// Every kind.
    pub const ALL: KindSet = KindSet(0x1FF);
    /// No kind.
    pub const NONE: KindSet = KindSet(0);
    /// The structured kinds: numbers, e-mail addresses and plates (not addresses, names and
    /// messaging accounts).
    pub const STRUCTURED: KindSet = KindSet(0x3F);

    /// This set with `kind` added.
    #[must_use]
    pub fn with(self, kind: PiiKind) -> KindSet {
        KindSet(self.0 | bit(kind))
    }
    /// This set without `kind`.
    #[must_use]
    pub fn without(self, kind: PiiKind) -> KindSet {
        KindSet(self.0 & !bit(kind))
    }
    /// Whether `kind` is in the set.
    pub fn contains(self, kind: PiiKind) -> bool {
        self.0 & bit(kind) != 0
    }
    fn any(self, kinds: &[PiiKind]) -> bool {
        kinds.iter().any(|k| self.contains(*k))
    }
}

impl Default for KindSet {
    fn default() -> KindSet {
        KindSet::ALL
    }
}

/// Settings of a [`Redactor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RedactConfig {
    /// What replaces each item (default: a label).
    pub replacement: Replacement,
    /// What to look for (default: everything).
    pub kinds: KindSet,
}

/// Redacted text and where the items were.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Redacted {
    /// The text with every item replaced.
    pub text: String,
    /// The items found, sorted and non-overlapping, in characters of the original text.
    pub spans: Vec<PiiSpan>,
}

/// A redactor: the settings and the buffers it reuses from one text to the next (so that a
/// stream of lines allocates nothing once warm).
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    config: RedactConfig,
    chars: Vec<char>,
    groups: Vec<numbers::Group>,
    named: Vec<address::Named>,
    cands: Vec<Cand>,
    /// The candidates of the segment being scanned.
    seg: Vec<Cand>,
    /// Where the segments of the text end.
    ends: Vec<usize>,
}

impl Redactor {
    /// A redactor with these settings.
    pub fn new(config: RedactConfig) -> Redactor {
        Redactor {
            config,
            ..Redactor::default()
        }
    }

    /// The settings.
    pub fn config(&self) -> RedactConfig {
        self.config
    }

    /// The items in `text`, sorted and non-overlapping, in characters.
    pub fn find(&mut self, text: &str) -> Vec<PiiSpan> {
        self.scan(text);
        self.cands.clone()
    }

    /// `text` redacted, with the spans of what was replaced.
    pub fn redact(&mut self, text: &str) -> Redacted {
        let mut out = String::with_capacity(text.len());
        let mut spans = Vec::new();
        self.redact_into(text, 0, &mut out, &mut spans);
        Redacted { text: out, spans }
    }

    /// Appends `text` redacted to `out` and its spans to `spans`, shifted by `offset`
    /// characters: for streams redacted piece by piece (line by line) whose spans should
    /// count from the start of the stream.
    pub fn redact_into(
        &mut self,
        text: &str,
        offset: usize,
        out: &mut String,
        spans: &mut Vec<PiiSpan>,
    ) {
        self.scan(text);
        let mut cursor = Cursor {
            bytes: text.as_bytes(),
            chars: 0,
            byte: 0,
        };
        let mut copied = 0;
        for sp in &self.cands {
            let bs = cursor.seek(sp.start);
            let be = cursor.seek(sp.end);
            out.push_str(text.get(copied..bs).unwrap_or(""));
            let folded = self.chars.get(sp.start..sp.end).unwrap_or(&[]);
            mask::write(out, sp.kind, folded, self.config.replacement);
            copied = be;
            spans.push(PiiSpan {
                start: sp.start + offset,
                end: sp.end + offset,
                kind: sp.kind,
            });
        }
        out.push_str(text.get(copied..).unwrap_or(""));
    }

    /// Runs the detectors and leaves the resolved spans in `self.cands`.
    ///
    /// The text is folded once, then cut into segments (see `segment.rs`: the cuts depend on
    /// the text alone, so a stream redacted piece by piece by [`StreamRedactor`] gives the
    /// same result), and each segment scanned on its own.
    fn scan(&mut self, text: &str) {
        fold_into(text, &mut self.chars);
        self.cands.clear();
        let mut ends = std::mem::take(&mut self.ends);
        ends.clear();
        segment::ends(&self.chars, |e| ends.push(e));
        let mut start = 0;
        for &end in &ends {
            self.scan_segment(start, end);
            start = end;
        }
        self.ends = ends;
    }

    /// Scans `self.chars[from..to]` as a text of its own and appends its resolved spans
    /// (shifted by `from`) to `self.cands`.
    ///
    /// One pass over the folded text; each character costs one flag lookup unless it can
    /// start or end something (a digit, `@`, a province, a unit, a label, a title, `某`).
    fn scan_segment(&mut self, from: usize, to: usize) {
        use PiiKind as K;
        let kinds = self.config.kinds;
        let want_numbers = kinds.any(&[K::Mobile, K::Landline, K::ResidentId, K::BankCard]);
        let want_email = kinds.contains(K::Email);
        let want_plate = kinds.contains(K::LicencePlate);
        let want_address = kinds.contains(K::Address);
        let want_name = kinds.contains(K::PersonName);
        let want_im = kinds.contains(K::ImAccount);
        let s = self.chars.get(from..to).unwrap_or(&[]);
        let seg = &mut self.seg;
        seg.clear();
        let mut addresses = address::Scanner::default();
        // Where the number scan and the e-mail scan may resume.
        let mut resume = 0;
        let mut email_end = 0;
        for (i, c) in s.iter().copied().enumerate() {
            if c.is_ascii() {
                if i < resume {
                    continue;
                }
                if want_numbers && c.is_ascii_digit() && !chars::is_digit(chars::before(s, i)) {
                    resume = numbers::token(s, i, &mut self.groups, seg);
                } else if want_email
                    && c == '@'
                    && let Some(end) = email::at_sign(s, i, email_end, seg)
                {
                    email_end = end;
                    resume = end;
                } else if want_name && c == ':' {
                    name::json_name(s, i, seg);
                } else if want_im && matches!(c, 'Q' | 'q' | 'W' | 'w') {
                    im::at_ascii(s, i, seg);
                }
                continue;
            }
            let f = chars::flags(c);
            if f == 0 {
                continue;
            }
            if want_plate && f & chars::PROVINCE != 0 {
                plate::at_province(s, i, seg);
            }
            // A suffix matters only before dash-joined numbers (阳光小区3-2-501, 育才街12-3-501).
            let dashed = f & chars::SUFFIX_END != 0 && chars::is_digit(chars::at(s, i + 1));
            if want_address && (dashed || f & (chars::TRIGGER_END | chars::UNIT_START) != 0) {
                addresses.at(s, i, f, &mut self.named, seg);
            }
            if want_name && f & (chars::LABEL_END | chars::TITLE_START | chars::MOU) != 0 {
                name::at_char(s, i, f, seg);
            }
            if want_im && f & chars::IM_LABEL_END != 0 {
                im::at_xin(s, i, seg);
            }
        }
        seg.retain(|c| kinds.contains(c.kind) && c.end > c.start);
        resolve(seg);
        self.cands.extend(seg.iter().map(|c| PiiSpan {
            start: c.start + from,
            end: c.end + from,
            kind: c.kind,
        }));
    }
}

/// Folds `text` into `out`, one character for one.
fn fold_into(text: &str, out: &mut Vec<char>) {
    out.clear();
    out.resize(text.chars().count(), '\0');
    for (slot, c) in out.iter_mut().zip(text.chars()) {
        *slot = chars::fold(c);
    }
}

/// Turns character offsets into byte offsets, forwards only, by counting UTF-8 lead bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    chars: usize,
    byte: usize,
}

impl Cursor<'_> {
    /// The byte offset of character `target` (the end of the text when past it).
    fn seek(&mut self, target: usize) -> usize {
        while self.chars < target {
            let Some(lead) = self.bytes.get(self.byte) else {
                break;
            };
            self.byte += match lead {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            self.chars += 1;
        }
        self.byte.min(self.bytes.len())
    }
}

/// Lower is more specific: it wins an overlap between equally long items.
fn specificity(kind: PiiKind) -> u8 {
    match kind {
        PiiKind::Email => 0,
        PiiKind::ResidentId => 1,
        PiiKind::BankCard => 2,
        PiiKind::Mobile => 3,
        PiiKind::Landline => 4,
        PiiKind::LicencePlate => 5,
        PiiKind::Address => 6,
        PiiKind::PersonName => 7,
        PiiKind::ImAccount => 8,
    }
}

/// Sorts the candidates and makes them disjoint: overlapping items of one kind merge into
/// their union; of different kinds, the longer wins (it covers more), then the more specific.
fn resolve(c: &mut Vec<Cand>) {
    weiquan_support::sort::by(c, |a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(specificity(a.kind).cmp(&specificity(b.kind)))
    });
    let mut kept: usize = 0;
    for i in 0..c.len() {
        let Some(x) = c.get(i).copied() else {
            break;
        };
        let last = kept.checked_sub(1).and_then(|k| c.get(k).copied());
        match last {
            Some(l) if l.end > x.start => {
                let slot = kept - 1;
                let replace = if l.kind == x.kind {
                    Some(PiiSpan {
                        end: l.end.max(x.end),
                        ..l
                    })
                } else {
                    let lx = (x.end - x.start, std::cmp::Reverse(specificity(x.kind)));
                    let ll = (l.end - l.start, std::cmp::Reverse(specificity(l.kind)));
                    (lx > ll).then_some(x)
                };
                if let (Some(r), Some(s)) = (replace, c.get_mut(slot)) {
                    *s = r;
                }
            }
            _ => {
                if let Some(s) = c.get_mut(kept) {
                    *s = x;
                }
                kept += 1;
            }
        }
    }
    c.truncate(kept);
}

/// Finds the personal data in `text` with the default settings.
pub fn find(text: &str) -> Vec<PiiSpan> {
    Redactor::default().find(text)
}

/// Redacts `text` with the default settings: every kind, replaced by a label.
pub fn redact(text: &str) -> Redacted {
    Redactor::default().redact(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, kind: PiiKind) -> PiiSpan {
        PiiSpan { start, end, kind }
    }

    #[test]
    fn overlaps_resolve() {
        let mut c = vec![
            span(5, 9, PiiKind::Address),
            span(0, 4, PiiKind::PersonName),
            span(2, 3, PiiKind::PersonName),
            span(6, 20, PiiKind::Address),
            span(10, 12, PiiKind::Mobile),
            span(30, 41, PiiKind::Mobile),
            span(30, 41, PiiKind::BankCard),
            span(50, 52, PiiKind::PersonName),
            span(50, 60, PiiKind::Email),
        ];
        resolve(&mut c);
        assert_eq!(
            c,
            vec![
                span(0, 4, PiiKind::PersonName),
                span(5, 20, PiiKind::Address),
                span(30, 41, PiiKind::BankCard),
                span(50, 60, PiiKind::Email),
            ]
        );
    }

    #[test]
    fn offsets_count_characters_of_the_original() {
        let text = "电话：１３８００１３８０００。";
        let r = redact(text);
        assert_eq!(r.text, "电话：[手机号]。");
        assert_eq!(r.spans, vec![span(3, 14, PiiKind::Mobile)]);
    }

    #[test]
    fn replacements() {
        let text = "我叫欧阳娜娜，手机+86 13800138000，身份证11010519491231002X，邮箱ab12@qq.com";
        let with = |replacement| {
            Redactor::new(RedactConfig {
                replacement,
                kinds: KindSet::ALL,
            })
            .redact(text)
            .text
        };
        assert_eq!(
            with(Replacement::Label),
            "我叫[姓名]，手机[手机号]，身份证[身份证号]，邮箱[邮箱]"
        );
        assert_eq!(
            with(Replacement::Mask),
            "我叫****，手机***************，身份证******************，邮箱***********"
        );
        assert_eq!(
            with(Replacement::Partial),
            "我叫欧阳**，手机138****8000，身份证110105********002X，邮箱a***@qq.com"
        );
    }

    #[test]
    fn partial_forms() {
        let mut r = Redactor::new(RedactConfig {
            replacement: Replacement::Partial,
            kinds: KindSet::ALL,
        });
        assert_eq!(
            r.redact("座机0311-86001234，卡号6228480402564890018，车牌冀A12345")
                .text,
            "座机0311-****1234，卡号622848*********0018，车牌冀A*****"
        );
        assert_eq!(
            r.redact("家住石家庄市长安区中山东路12号，联系张先生").text,
            "家住石家庄市长安区***，联系*先生"
        );
    }

    #[test]
    fn kind_sets() {
        assert!(KindSet::ALL.contains(PiiKind::PersonName));
        assert!(!KindSet::STRUCTURED.contains(PiiKind::Address));
        assert!(KindSet::STRUCTURED.contains(PiiKind::LicencePlate));
        assert!(!KindSet::NONE.with(PiiKind::Email).contains(PiiKind::Mobile));
        assert_eq!(
            KindSet::ALL
                .without(PiiKind::Address)
                .without(PiiKind::PersonName)
                .without(PiiKind::ImAccount),
            KindSet::STRUCTURED
        );
        for k in ALL_KINDS {
            assert_eq!(KindSet::STRUCTURED.contains(k), is_structured(k));
        }
        let mut r = Redactor::new(RedactConfig {
            replacement: Replacement::Label,
            kinds: KindSet::NONE.with(PiiKind::Email),
        });
        assert_eq!(r.redact("我叫张伟，a@b.cn").text, "我叫张伟，[邮箱]");
    }

    #[test]
    fn streaming_offsets() {
        let mut r = Redactor::default();
        let mut out = String::new();
        let mut spans = Vec::new();
        r.redact_into("张先生\n", 0, &mut out, &mut spans);
        r.redact_into("电话13800138000", 4, &mut out, &mut spans);
        assert_eq!(out, "[姓名]先生\n电话[手机号]");
        assert_eq!(
            spans,
            vec![
                span(0, 1, PiiKind::PersonName),
                span(6, 17, PiiKind::Mobile)
            ]
        );
    }

    /// Fragments of complaint text, items and the characters the detectors react to, with
    /// every segment mark and line breaks next to digits and not.
    const FRAGMENTS: &[&str] = &[
        "，",
        "。",
        "！",
        "？",
        "；",
        "、",
        "\n",
        "\r\n",
        " ",
        "1",
        "3",
        "8",
        "-",
        "电话",
        "手机号：",
        "身份证号",
        "卡号",
        "13800138000",
        "138 0013",
        "8000",
        "130102199001011237",
        "我叫张伟",
        "姓名：",
        "王",
        "先生",
        "家住",
        "石家庄市长安区",
        "中山东路12号",
        "3单元502室",
        "育才街12-3-501",
        "a@b.cn",
        "冀A12345",
        "微信号",
        "wx13800138000",
        "QQ号",
        "12345678",
        "某",
        "元",
        "订单号",
        "{\"name\":\"王伟\"}",
        "\u{200B}",
        "·",
        "/",
        "6228480402564890018",
        "价格",
        "的店里",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// The cuts after segment marks change nothing: scanning a text cut into segments
        /// finds what scanning it as one piece finds (texts below the length where the cut
        /// rule falls back to other punctuation).
        #[test]
        fn segment_marks_are_invisible(
            parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 200..1500)
        ) {
            let text: String = parts.concat();
            let mut r = Redactor::default();
            fold_into(&text, &mut r.chars);
            proptest::prop_assume!(r.chars.len() < segment::MAX_SEGMENT);
            r.cands.clear();
            let n = r.chars.len();
            r.scan_segment(0, n);
            let whole = r.cands.clone();
            let cut = Redactor::default().find(&text);
            proptest::prop_assert_eq!(cut, whole);
        }
    }
}
