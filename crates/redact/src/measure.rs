//! Precision and recall of the redactor against texts whose items are known: the narratives
//! of the `weiquan-synth` generator, which record where they put every item
//! (`weiquan_synth::generate::Generated::pii`), or a hand-marked corpus.
//!
//! Two views, both reported:
//! - **items** (strict): a found item is right when a planted item of the same kind has exactly
//!   its start and end; precision = right / found, recall = planted items found exactly /
//!   planted.
//! - **characters** (what redaction is for): recall = planted characters covered by some found
//!   item, of any kind / planted characters; precision = found characters inside some planted
//!   item / found characters.
//!
//! [`score`] takes the texts with their items; [`parse_marked`] reads the hand-written corpus
//! format (`电话⟦m:13800138000⟧`). This crate does not depend on the generator (the generator
//! depends on it, for [`PiiKind`]), so generated narratives are passed in:
//!
//! ```
//! use weiquan_redact::measure::{parse_marked, score};
//! use weiquan_synth::generate::Generator;
//!
//! let mut generator = Generator::new(1);
//! let narratives = (0..200).map(|_| {
//!     let g = generator.next_generated();
//!     (g.complaint.description, g.pii)
//! });
//! let q = score("Generator seed 1", narratives);
//! assert_eq!(q.narratives, 200);
//! assert!(q.overall().recall() > 0.9);
//!
//! let marked = parse_marked("我叫⟦n:张伟⟧，电话⟦m:13800138000⟧")?;
//! assert_eq!(marked.0, "我叫张伟，电话13800138000");
//! let q = score("example", [marked]);
//! assert_eq!((q.overall().planted, q.overall().exact), (2, 2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Write as _;

use super::{ALL_KINDS, Error, PiiKind, PiiSpan, Redactor};

/// Counts for one kind, or for all kinds together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Items known to be in the texts (planted by the generator, or marked in a corpus).
    pub planted: u64,
    /// Items the redactor found.
    pub found: u64,
    /// Found items equal to a planted item (same start, end and kind).
    pub exact: u64,
    /// Characters of planted items.
    pub planted_chars: u64,
    /// Characters of planted items covered by some found item.
    pub covered_chars: u64,
    /// Characters of found items.
    pub found_chars: u64,
    /// Characters of found items that lie inside some planted item.
    pub true_chars: u64,
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

impl Counts {
    /// Item precision: exact / found (1 when nothing was found).
    pub fn precision(&self) -> f64 {
        ratio(self.exact, self.found)
    }
    /// Item recall: exact / planted (1 when nothing was planted).
    pub fn recall(&self) -> f64 {
        ratio(self.exact, self.planted)
    }
    /// Character precision: found characters that are personal data / found characters.
    pub fn char_precision(&self) -> f64 {
        ratio(self.true_chars, self.found_chars)
    }
    /// Character recall: personal-data characters removed / personal-data characters.
    pub fn char_recall(&self) -> f64 {
        ratio(self.covered_chars, self.planted_chars)
    }
    fn add(&mut self, o: &Counts) {
        self.planted += o.planted;
        self.found += o.found;
        self.exact += o.exact;
        self.planted_chars += o.planted_chars;
        self.covered_chars += o.covered_chars;
        self.found_chars += o.found_chars;
        self.true_chars += o.true_chars;
    }
}

/// The measurement over a set of narratives.
#[derive(Debug, Clone, PartialEq)]
pub struct Quality {
    /// Where the narratives came from (`generator seed 1`, a file name).
    pub source: String,
    /// How many narratives.
    pub narratives: usize,
    /// Their total length in characters.
    pub chars: u64,
    /// Counts per kind, in the order of [`ALL_KINDS`].
    pub per_kind: Vec<(PiiKind, Counts)>,
}

impl Quality {
    /// The counts of one kind.
    pub fn kind(&self, kind: PiiKind) -> Counts {
        self.per_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, c)| *c)
            .unwrap_or_default()
    }

    /// All kinds together.
    pub fn overall(&self) -> Counts {
        let mut t = Counts::default();
        for (_, c) in &self.per_kind {
            t.add(c);
        }
        t
    }

    /// The figures as a Markdown table, for `docs/redaction.md`.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{}: {} narratives, {} characters.\n",
            self.source, self.narratives, self.chars
        );
        s.push_str(
            "| kind | planted | found | exact | precision | recall | char precision | char recall |\n",
        );
        s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        let row = |s: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                s,
                "| {name} | {} | {} | {} | {:.4} | {:.4} | {:.4} | {:.4} |",
                c.planted,
                c.found,
                c.exact,
                c.precision(),
                c.recall(),
                c.char_precision(),
                c.char_recall()
            );
        };
        for (k, c) in &self.per_kind {
            row(&mut s, kind_name(*k), c);
        }
        row(&mut s, "**overall**", &self.overall());
        s
    }
}

/// The snake_case name of a kind, as in JSON.
pub fn kind_name(kind: PiiKind) -> &'static str {
    match kind {
        PiiKind::Mobile => "mobile",
        PiiKind::Landline => "landline",
        PiiKind::ResidentId => "resident_id",
        PiiKind::BankCard => "bank_card",
        PiiKind::Email => "email",
        PiiKind::LicencePlate => "licence_plate",
        PiiKind::Address => "address",
        PiiKind::PersonName => "person_name",
        PiiKind::ImAccount => "im_account",
    }
}

fn slot(kind: PiiKind) -> usize {
    ALL_KINDS.iter().position(|k| *k == kind).unwrap_or(0)
}

/// Characters of `span` covered by `cover` (sorted, disjoint).
fn overlap(span: &PiiSpan, cover: &[PiiSpan]) -> u64 {
    cover
        .iter()
        .map(|c| c.end.min(span.end).saturating_sub(c.start.max(span.start)) as u64)
        .sum()
}

/// Redacts each text with the default settings and compares what was found with its known
/// items.
pub fn score<I>(source: &str, items: I) -> Quality
where
    I: IntoIterator<Item = (String, Vec<PiiSpan>)>,
{
    let mut redactor = Redactor::default();
    let mut counts = [Counts::default(); ALL_KINDS.len()];
    let mut chars = 0u64;
    let mut narratives = 0;
    for (text, mut planted) in items {
        narratives += 1;
        chars += text.chars().count() as u64;
        let found = redactor.find(&text);
        planted.sort_by_key(|p| p.start);
        for p in &planted {
            if let Some(c) = counts.get_mut(slot(p.kind)) {
                c.planted += 1;
                c.planted_chars += (p.end - p.start) as u64;
                c.covered_chars += overlap(p, &found);
            }
        }
        for f in &found {
            if let Some(c) = counts.get_mut(slot(f.kind)) {
                c.found += 1;
                c.found_chars += (f.end - f.start) as u64;
                c.true_chars += overlap(f, &planted);
                if planted.contains(f) {
                    c.exact += 1;
                }
            }
        }
    }
    Quality {
        source: source.to_owned(),
        narratives,
        chars,
        per_kind: ALL_KINDS.iter().copied().zip(counts).collect(),
    }
}

/// The kind of a one-letter mark code.
fn kind_of_code(c: char) -> Option<PiiKind> {
    Some(match c {
        'm' => PiiKind::Mobile,
        'l' => PiiKind::Landline,
        'i' => PiiKind::ResidentId,
        'c' => PiiKind::BankCard,
        'e' => PiiKind::Email,
        'p' => PiiKind::LicencePlate,
        'a' => PiiKind::Address,
        'n' => PiiKind::PersonName,
        'w' => PiiKind::ImAccount,
        _ => return None,
    })
}

/// Reads text with its items marked `⟦k:value⟧` (`k`: `m` mobile, `l` landline, `i` resident
/// ID, `c` bank card, `e` e-mail, `p` plate, `a` address, `n` name, `w` WeChat or QQ account)
/// into the plain text and
/// the items' spans.
pub fn parse_marked(marked: &str) -> Result<(String, Vec<PiiSpan>), Error> {
    let mut text = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut chars = 0;
    let mut open: Option<(usize, PiiKind, usize)> = None;
    let mut it = marked.chars().enumerate();
    while let Some((at, c)) = it.next() {
        match c {
            '⟦' => {
                if open.is_some() {
                    return Err(Error::NestedMark { at });
                }
                let kind = it.next().and_then(|(_, k)| kind_of_code(k));
                let colon = it.next().map(|(_, c)| c);
                match (kind, colon) {
                    (Some(kind), Some(':')) => open = Some((chars, kind, at)),
                    _ => {
                        return Err(Error::BadMarkKind { at });
                    }
                }
            }
            '⟧' => match open.take() {
                Some((start, kind, _)) if chars > start => spans.push(PiiSpan {
                    start,
                    end: chars,
                    kind,
                }),
                _ => {
                    return Err(Error::BadMarkClose { at });
                }
            },
            _ => {
                text.push(c);
                chars += 1;
            }
        }
    }
    if let Some((_, _, at)) = open {
        return Err(Error::UnclosedMark { at });
    }
    Ok((text, spans))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_text() {
        let (t, s) = parse_marked("⟦n:王伟⟧的电话⟦m:13800138000⟧。").unwrap();
        assert_eq!(t, "王伟的电话13800138000。");
        assert_eq!(
            s,
            vec![
                PiiSpan {
                    start: 0,
                    end: 2,
                    kind: PiiKind::PersonName
                },
                PiiSpan {
                    start: 5,
                    end: 16,
                    kind: PiiKind::Mobile
                },
            ]
        );
        assert_eq!(
            parse_marked("a⟦x:1⟧").unwrap_err(),
            Error::BadMarkKind { at: 1 }
        );
        assert_eq!(
            parse_marked("a⟦m:1").unwrap_err(),
            Error::UnclosedMark { at: 1 }
        );
        assert_eq!(
            parse_marked("1⟧").unwrap_err(),
            Error::BadMarkClose { at: 1 }
        );
        assert_eq!(
            parse_marked("⟦m:⟧").unwrap_err(),
            Error::BadMarkClose { at: 3 }
        );
        assert_eq!(
            parse_marked("⟦m:⟦n:").unwrap_err(),
            Error::NestedMark { at: 3 }
        );
    }

    #[test]
    fn counts_and_ratios() {
        let q = score(
            "t",
            [(
                "我叫张伟，电话13800138000，6228480402564890018".to_owned(),
                vec![
                    PiiSpan {
                        start: 2,
                        end: 4,
                        kind: PiiKind::PersonName,
                    },
                    PiiSpan {
                        start: 7,
                        end: 18,
                        kind: PiiKind::Mobile,
                    },
                ],
            )],
        );
        let o = q.overall();
        assert_eq!((o.planted, o.found, o.exact), (2, 3, 2));
        assert_eq!(
            (
                o.planted_chars,
                o.covered_chars,
                o.found_chars,
                o.true_chars
            ),
            (13, 13, 32, 13)
        );
        assert_eq!(q.kind(PiiKind::BankCard).found, 1);
        assert!((o.precision() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(o.recall(), 1.0);
        assert_eq!(Counts::default().precision(), 1.0);
        assert!(
            q.to_markdown()
                .contains("| bank_card | 0 | 1 | 0 | 0.0000 | 1.0000 | 0.0000 | 1.0000 |")
        );
    }
}
