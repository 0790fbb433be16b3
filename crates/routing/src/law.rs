//! Legal instruments and citations: what a rule's result rests on, with the dates each
//! instrument was in force and how reliable the reference for it is (`legal.md`'s marks).

use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

/// How reliable the reference for a legal fact is (`shared/reference/legal.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reliability {
    /// \[V\]: checked against a full-text copy of the instrument.
    Verified,
    /// \[S\]: checked only against third-party reproductions or news summaries.
    Secondary,
    /// \[U\]: from one weak source or not confirmed; needs legal review.
    Unverified,
}

impl Reliability {
    /// The mark used in `legal.md` and in the data files: `V`, `S` or `U`.
    pub fn mark(self) -> &'static str {
        match self {
            Reliability::Verified => "V",
            Reliability::Secondary => "S",
            Reliability::Unverified => "U",
        }
    }

    /// Whether a reviewer should look at it before it is relied on (`S` or `U`).
    pub fn needs_review(self) -> bool {
        self != Reliability::Verified
    }

    /// From `V`, `S`, `U` (or `verified`, `secondary`, `unverified`).
    pub fn parse(s: &str) -> Option<Reliability> {
        match s.trim() {
            "V" | "verified" => Some(Reliability::Verified),
            "S" | "secondary" => Some(Reliability::Secondary),
            "U" | "unverified" => Some(Reliability::Unverified),
            _ => None,
        }
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.mark())
    }
}

impl Serialize for Reliability {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.mark())
    }
}

/// A law, regulation or rule that rules cite, with the dates it was in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instrument {
    /// The id rules cite it by, e.g. `order20`.
    pub id: String,
    /// Its title in Chinese, e.g. `市场监督管理投诉举报处理暂行办法`.
    pub name_zh: String,
    /// Its name in English, e.g. `SAMR Order No. 20 (Interim Measures on Complaints and Reports)`.
    pub name_en: String,
    /// First day in force, if bounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    /// Last day in force, if repealed or replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
    /// How reliable the reference for its text is.
    pub reliability: Reliability,
    /// Anything a reader should know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Instrument {
    /// Whether it was in force on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= date) && self.valid_to.is_none_or(|t| date <= t)
    }
}

/// A citation of an article (and paragraph, item) of an instrument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    /// Index of the instrument in the router's table.
    pub instrument: usize,
    pub article: Option<u32>,
    pub paragraph: Option<u32>,
    pub item: Option<u32>,
    /// The citation's own reliability, when it differs from the instrument's (an article
    /// number taken from a weaker source, say).
    pub reliability: Option<Reliability>,
    pub note: Option<String>,
}

/// A citation together with its instrument, as a decision reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cited<'r> {
    /// The instrument.
    pub instrument: &'r Instrument,
    /// The article (条), if cited.
    pub article: Option<u32>,
    /// The paragraph (款), if cited.
    pub paragraph: Option<u32>,
    /// The item (项), if cited.
    pub item: Option<u32>,
    /// How reliable this citation is (its own mark, or the instrument's).
    pub reliability: Reliability,
    /// A note on the citation.
    pub note: Option<&'r str>,
}

impl<'r> Cited<'r> {
    pub(crate) fn new(c: &'r Citation, instruments: &'r [Instrument]) -> Option<Cited<'r>> {
        let instrument = instruments.get(c.instrument)?;
        Some(Cited {
            instrument,
            article: c.article,
            paragraph: c.paragraph,
            item: c.item,
            reliability: c.reliability.unwrap_or(instrument.reliability),
            note: c.note.as_deref(),
        })
    }

    /// The citation in Chinese, e.g. `《市场监督管理投诉举报处理暂行办法》第十二条第二款`.
    pub fn text_zh(&self) -> String {
        let mut s = format!("《{}》", self.instrument.name_zh);
        if let Some(a) = self.article {
            s.push_str(&format!("第{}条", chinese_number(a)));
        }
        if let Some(p) = self.paragraph {
            s.push_str(&format!("第{}款", chinese_number(p)));
        }
        if let Some(i) = self.item {
            s.push_str(&format!("第（{}）项", chinese_number(i)));
        }
        s
    }

    /// The citation in English, e.g. `SAMR Order No. 20, Art. 12, para. 2`.
    pub fn text_en(&self) -> String {
        let mut s = self.instrument.name_en.clone();
        if let Some(a) = self.article {
            s.push_str(&format!(", Art. {a}"));
        }
        if let Some(p) = self.paragraph {
            s.push_str(&format!(", para. {p}"));
        }
        if let Some(i) = self.item {
            s.push_str(&format!(", item ({i})"));
        }
        s
    }
}

/// A number below 10,000 in Chinese numerals as statutes write article numbers:
/// 12 → 十二, 20 → 二十, 101 → 一百零一, 110 → 一百一十.
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or("");
    if n == 0 {
        return "零".to_owned();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [
        (n / 1000, "千"),
        (n / 100 % 10, "百"),
        (n / 10 % 10, "十"),
        (n % 10, ""),
    ];
    let mut s = String::new();
    let mut pending_zero = false;
    for (d, unit) in parts {
        if d == 0 {
            pending_zero = !s.is_empty();
            continue;
        }
        if pending_zero {
            s.push('零');
            pending_zero = false;
        }
        // 10–19 are written 十, 十一 … at the start, not 一十.
        if !(unit == "十" && d == 1 && s.is_empty()) {
            s.push_str(digit(d));
        }
        s.push_str(unit);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (39, "三十九"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (148, "一百四十八"),
            (1005, "一千零五"),
            (0, "零"),
        ];
        for (n, zh) in cases {
            assert_eq!(chinese_number(n), zh, "{n}");
        }
    }

    #[test]
    fn citations_in_both_languages_and_force() {
        let ins = vec![Instrument {
            id: "order20".into(),
            name_zh: "市场监督管理投诉举报处理暂行办法".into(),
            name_en: "SAMR Order No. 20".into(),
            valid_from: NaiveDate::from_ymd_opt(2020, 1, 1),
            valid_to: NaiveDate::from_ymd_opt(2026, 4, 14),
            reliability: Reliability::Verified,
            note: None,
        }];
        let c = Citation {
            instrument: 0,
            article: Some(15),
            paragraph: None,
            item: Some(1),
            reliability: Some(Reliability::Secondary),
            note: None,
        };
        let cited = Cited::new(&c, &ins).unwrap();
        assert_eq!(
            cited.text_zh(),
            "《市场监督管理投诉举报处理暂行办法》第十五条第（一）项"
        );
        assert_eq!(cited.text_en(), "SAMR Order No. 20, Art. 15, item (1)");
        assert_eq!(cited.reliability, Reliability::Secondary);
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert!(!ins[0].in_force_on(d(2019, 12, 31)));
        assert!(ins[0].in_force_on(d(2020, 1, 1)));
        assert!(ins[0].in_force_on(d(2026, 4, 14)));
        assert!(!ins[0].in_force_on(d(2026, 4, 15)));
        assert_eq!(Reliability::parse("U"), Some(Reliability::Unverified));
        assert_eq!(Reliability::parse("x"), None);
    }
}
