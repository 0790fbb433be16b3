//! One structured citation: instrument, version, article, paragraph, item, with its Chinese
//! and English rendering and reliability mark.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::numerals::chinese_number;
use crate::{Instrument, Reliability};

/// A citation of an instrument, or of an article (条), paragraph (款) and item (项) of it.
///
/// Built at compile time for the statutory tables, or from data (a routing ruleset). It
/// borrows its instrument, so the rendering always uses the registry's names and dates.
///
/// Chinese is rendered as statutes and judgments write it, in Chinese numerals with the item
/// in parentheses (`第二十三条第一款第（三）项`); English as `Art. 23, para. 1, item (3)`.
///
/// ```
/// use weiquan_law::{Citation, Reliability, instruments};
///
/// const FRAUD: Citation<'static> =
///     Citation::of(&instruments::CRPL).in_version(2013).art(55).para(1);
/// assert_eq!(FRAUD.text_zh(), "《中华人民共和国消费者权益保护法》（2013年修正）第五十五条第一款");
/// assert_eq!(FRAUD.text_en(), "CRPL (2013 amendment), Art. 55, para. 1");
/// assert_eq!(FRAUD.reliability(), Reliability::Verified);
///
/// let ground = Citation::of(&instruments::SAMR_ORDER_20).art(15).item(1);
/// assert_eq!(ground.article_zh(), "第十五条第（一）项");
/// assert_eq!(ground.article_en(), "Art. 15, item (1)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation<'r> {
    /// The instrument.
    pub instrument: &'r Instrument,
    /// The version of its text (the year that names it), when the citation depends on it.
    pub version: Option<u16>,
    /// The article (条).
    pub article: Option<u16>,
    /// The paragraph (款) of the article.
    pub paragraph: Option<u16>,
    /// The item (项) of the article or paragraph.
    pub item: Option<u16>,
    /// The citation's own mark, when it differs from the instrument's (an article number
    /// taken from a weaker source than the instrument's text, say).
    pub mark: Option<Reliability>,
    /// A note on the citation, in English.
    pub note_en: Option<&'r str>,
    /// The same note in Chinese.
    pub note_zh: Option<&'r str>,
}

impl<'r> Citation<'r> {
    /// A citation of the whole instrument.
    pub const fn of(instrument: &'r Instrument) -> Self {
        Citation {
            instrument,
            version: None,
            article: None,
            paragraph: None,
            item: None,
            mark: None,
            note_en: None,
            note_zh: None,
        }
    }

    /// The same citation of the version named by `year`.
    pub const fn in_version(mut self, year: u16) -> Self {
        self.version = Some(year);
        self
    }

    /// The same citation narrowed to article `n`.
    pub const fn art(mut self, n: u16) -> Self {
        self.article = Some(n);
        self
    }

    /// The same citation narrowed to paragraph `n`.
    pub const fn para(mut self, n: u16) -> Self {
        self.paragraph = Some(n);
        self
    }

    /// The same citation narrowed to item `n`.
    pub const fn item(mut self, n: u16) -> Self {
        self.item = Some(n);
        self
    }

    /// The same citation with its own reliability mark.
    pub const fn marked(mut self, mark: Reliability) -> Self {
        self.mark = Some(mark);
        self
    }

    /// The same citation with a note in English and Chinese.
    pub const fn noted(mut self, en: &'r str, zh: &'r str) -> Self {
        self.note_en = Some(en);
        self.note_zh = Some(zh);
        self
    }

    /// How reliable the citation is: its own mark, else the instrument's.
    pub fn reliability(&self) -> Reliability {
        self.mark.unwrap_or(self.instrument.reliability)
    }

    /// The article, paragraph and item in Chinese: `第五十五条第一款`, `第十五条第（一）项`;
    /// empty for a citation of the whole instrument.
    pub fn article_zh(&self) -> String {
        let mut s = String::new();
        if let Some(a) = self.article {
            s.push_str(&format!("第{}条", chinese_number(u32::from(a))));
        }
        if let Some(p) = self.paragraph {
            s.push_str(&format!("第{}款", chinese_number(u32::from(p))));
        }
        if let Some(i) = self.item {
            s.push_str(&format!("第（{}）项", chinese_number(u32::from(i))));
        }
        s
    }

    /// The article, paragraph and item in English: `Art. 55, para. 1`, `Art. 15, item (1)`;
    /// empty for a citation of the whole instrument.
    pub fn article_en(&self) -> String {
        let mut parts = Vec::new();
        if let Some(a) = self.article {
            parts.push(format!("Art. {a}"));
        }
        if let Some(p) = self.paragraph {
            parts.push(format!("para. {p}"));
        }
        if let Some(i) = self.item {
            parts.push(format!("item ({i})"));
        }
        parts.join(", ")
    }

    /// The whole citation in Chinese:
    /// `《中华人民共和国消费者权益保护法》（2013年修正）第五十五条第一款`.
    pub fn text_zh(&self) -> String {
        let mut s = self.instrument.title_zh();
        if let Some(v) = self.version_entry() {
            s.push_str(&format!("（{}）", v.label_zh()));
        } else if let Some(y) = self.version {
            s.push_str(&format!("（{y}年）"));
        }
        s.push_str(&self.article_zh());
        s
    }

    /// The whole citation in English: `CRPL (2013 amendment), Art. 55, para. 1`.
    pub fn text_en(&self) -> String {
        let mut s = self.instrument.short_en.to_string();
        if let Some(v) = self.version_entry() {
            s.push_str(&format!(" ({})", v.label_en()));
        } else if let Some(y) = self.version {
            s.push_str(&format!(" ({y})"));
        }
        let article = self.article_en();
        if !article.is_empty() {
            s.push_str(", ");
            s.push_str(&article);
        }
        s
    }

    /// The Chinese text with its note in parentheses and its mark, as guides and traces print
    /// a basis for people: `《…》第二十一条（最后一款） [V]`. The note is part of what the
    /// citation says (a final paragraph, an article not seen), so a reader must not lose it.
    ///
    /// ```
    /// use weiquan_law::{Citation, instruments};
    ///
    /// let c = Citation::of(&instruments::SAMR_ORDER_20).art(21).noted("final paragraph", "最后一款");
    /// assert_eq!(c.annotated_zh(), "《市场监督管理投诉举报处理暂行办法》第二十一条（最后一款） [V]");
    /// assert_eq!(c.annotated_en(), "SAMR Order No. 20, Art. 21 (final paragraph) [V]");
    /// ```
    pub fn annotated_zh(&self) -> String {
        let mut s = self.text_zh();
        if let Some(note) = self.note_zh {
            s.push_str(&format!("（{note}）"));
        }
        s.push(' ');
        s.push_str(self.reliability().bracketed());
        s
    }

    /// The English text with its note in parentheses and its mark:
    /// `SAMR Order No. 20, Art. 21 (final paragraph) [V]`.
    pub fn annotated_en(&self) -> String {
        let mut s = self.text_en();
        if let Some(note) = self.note_en {
            s.push_str(&format!(" ({note})"));
        }
        s.push(' ');
        s.push_str(self.reliability().bracketed());
        s
    }

    fn version_entry(&self) -> Option<&'r crate::Version> {
        self.version.and_then(|y| self.instrument.version(y))
    }

    /// The first day the cited text was in force: the version's, else the instrument's.
    pub fn in_force_from(&self) -> Option<NaiveDate> {
        self.version_entry()
            .and_then(|v| v.in_force_from)
            .or(self.instrument.in_force_from)
    }

    /// The last day the cited text was in force: the instrument's last day (a later version
    /// need not change the cited article), `None` while it is in force.
    pub fn in_force_to(&self) -> Option<NaiveDate> {
        self.instrument.in_force_to
    }

    /// Checks that a rule resting on this citation and in force from `from` to `to`
    /// (`None`: still in force) lies within the dates of the cited text: it cannot start
    /// before the text did, nor outlive the instrument. Every crate's table test calls this.
    pub fn check_dates(&self, from: NaiveDate, to: Option<NaiveDate>) -> Result<(), DateMismatch> {
        let mismatch = |why: &'static str| DateMismatch {
            citation: self.text_en(),
            from,
            to,
            why,
        };
        if let Some(year) = self.version
            && self.instrument.version(year).is_none()
        {
            return Err(mismatch("the instrument models no version of that year"));
        }
        if let Some(start) = self.in_force_from()
            && from < start
        {
            return Err(mismatch(
                "the rule starts before the cited text was in force",
            ));
        }
        if let Some(end) = self.in_force_to() {
            match to {
                None => return Err(mismatch("the rule has no end but the instrument ended")),
                Some(to) if to > end => {
                    return Err(mismatch("the rule ends after the instrument ended"));
                }
                Some(_) => {}
            }
            if from > end {
                return Err(mismatch("the rule starts after the instrument ended"));
            }
        }
        if let Some(to) = to
            && to < from
        {
            return Err(mismatch("the rule ends before it starts"));
        }
        Ok(())
    }
}

impl fmt::Display for Citation<'_> {
    /// The English text with the mark: `CRPL (2013 amendment), Art. 55, para. 1 [V]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.text_en(), self.reliability().bracketed())
    }
}

/// A rule whose dates do not fit the dates of the text it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMismatch {
    /// The citation, in English.
    pub citation: String,
    /// The rule's first day.
    pub from: NaiveDate,
    /// The rule's last day.
    pub to: Option<NaiveDate>,
    /// What does not fit.
    pub why: &'static str,
}

impl fmt::Display for DateMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let to = self.to.map_or_else(|| "open".to_owned(), |d| d.to_string());
        write!(
            f,
            "{} (rule {}..{}): {}",
            self.citation, self.from, to, self.why
        )
    }
}

impl std::error::Error for DateMismatch {}

/// The JSON form of a citation: the structure, the effective mark and both renderings, so a
/// consumer of the JSON needs no registry to show it.
#[derive(Serialize, schemars::JsonSchema)]
struct CitationJson<'a> {
    /// The instrument's id in the registry.
    instrument: &'a str,
    /// The version (year) cited.
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u16>,
    /// Article (条).
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<u16>,
    /// Paragraph (款).
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<u16>,
    /// Item (项).
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<u16>,
    /// How reliable the citation is.
    reliability: Reliability,
    /// The citation in Chinese.
    text_zh: String,
    /// The citation in English.
    text_en: String,
    /// A note, in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    note_en: Option<&'a str>,
    /// A note, in Chinese.
    #[serde(skip_serializing_if = "Option::is_none")]
    note_zh: Option<&'a str>,
}

impl Serialize for Citation<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        CitationJson {
            instrument: &self.instrument.id,
            version: self.version,
            article: self.article,
            paragraph: self.paragraph,
            item: self.item,
            reliability: self.reliability(),
            text_zh: self.text_zh(),
            text_en: self.text_en(),
            note_en: self.note_en,
            note_zh: self.note_zh,
        }
        .serialize(s)
    }
}

impl schemars::JsonSchema for Citation<'_> {
    fn schema_name() -> Cow<'static, str> {
        "Citation".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        CitationJson::json_schema(generator)
    }
}
