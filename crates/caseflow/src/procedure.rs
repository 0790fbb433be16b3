//! The procedures a complaint can be handled under, the instruments they come from, and how
//! one is chosen by the date the complaint was received.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// How sure the reference (`legal.md`) is of a rule: `[V]` verified against the full text,
/// `[S]` secondary sources only, `[U]` unverified. Anything but `[V]` is configurable and flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reliability {
    /// `[V]` checked against a full-text copy of the instrument.
    Verified,
    /// `[S]` checked only against third-party reproductions or news summaries.
    Secondary,
    /// `[U]` from one weak source, or an interpretation: needs legal review.
    Unverified,
}

impl Reliability {
    /// The mark used in `legal.md`: `V`, `S` or `U`.
    pub fn mark(self) -> &'static str {
        match self {
            Reliability::Verified => "V",
            Reliability::Secondary => "S",
            Reliability::Unverified => "U",
        }
    }
    /// Whether results relying on it must be flagged for legal review.
    pub fn flagged(self) -> bool {
        self != Reliability::Verified
    }
}

/// A legal instrument the rules cite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Instrument {
    /// 《市场监督管理投诉举报处理暂行办法》, SAMR Order No. 20 (2019-11-30), as amended by
    /// Order No. 55 (2022-03-24).
    #[serde(rename = "samr_order_20")]
    SamrOrder20,
    /// 《市场监督管理投诉举报处理办法》, SAMR Order No. 121 (2025-12-30), in force 2026-04-15.
    #[serde(rename = "samr_order_121")]
    SamrOrder121,
    /// 《消费者权益保护法》 (2013 amendment, in force 2014-03-15).
    Crpl,
    /// 《中国消费者协会受理消费者投诉规定》 (current revision not found).
    CcaRules,
    /// 《民法典》 (Civil Code), Book One, Chapter 10 on periods.
    CivilCode,
}

impl Instrument {
    /// Short English name used in citations.
    pub fn name_en(self) -> &'static str {
        match self {
            Instrument::SamrOrder20 => "SAMR Order No. 20",
            Instrument::SamrOrder121 => "SAMR Order No. 121",
            Instrument::Crpl => "Consumer Rights Protection Law",
            Instrument::CcaRules => "CCA complaint-acceptance rules",
            Instrument::CivilCode => "Civil Code",
        }
    }
    /// Chinese title.
    pub fn name_zh(self) -> &'static str {
        match self {
            Instrument::SamrOrder20 => "《市场监督管理投诉举报处理暂行办法》",
            Instrument::SamrOrder121 => "《市场监督管理投诉举报处理办法》",
            Instrument::Crpl => "《消费者权益保护法》",
            Instrument::CcaRules => "《中国消费者协会受理消费者投诉规定》",
            Instrument::CivilCode => "《民法典》",
        }
    }
}

/// A citation: the instrument, the article (as written in the reference, e.g. `Art. 21(5)`)
/// and how reliable the reference is about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// The instrument.
    pub instrument: Instrument,
    /// Article, paragraph and item, e.g. `Art. 21(5)`; `—` where none was seen.
    pub article: &'static str,
    /// The reference's reliability mark.
    pub reliability: Reliability,
}

impl Citation {
    /// E.g. `SAMR Order No. 20 Art. 14 [V]`.
    pub fn display_en(&self) -> String {
        format!(
            "{} {} [{}]",
            self.instrument.name_en(),
            self.article,
            self.reliability.mark()
        )
    }
    /// E.g. `《市场监督管理投诉举报处理暂行办法》第14条 [V]`, `…第23条第1款第3项 [V]`.
    pub fn display_zh(&self) -> String {
        format!(
            "{}{} [{}]",
            self.instrument.name_zh(),
            article_zh(self.article),
            self.reliability.mark()
        )
    }
}

/// Notes written in English beside some article numbers, and their Chinese.
const NOTES_ZH: &[(&str, &str)] = &[
    (" (final paragraph)", "最后一款"),
    (
        " (definitions); splitting article not seen",
        "（定义）；分立情形的条文未见",
    ),
    (
        "— (Order No. 20 Art. 21 carried over)",
        "—（沿用第20号令第21条）",
    ),
    (" (CRPL Art. 46)", "（《消费者权益保护法》第46条）"),
    (" seen", "（已见）"),
    ("–", "至"),
    (", ", "、"),
];

/// An article reference as Chinese legal texts write it: `Art. 23(1)(3)` → `第23条第1款第3项`,
/// `item 7` → `第7项`.
/// Parts it does not know are kept as written.
fn article_zh(article: &str) -> String {
    let mut out = String::new();
    let mut rest = article;
    'text: while !rest.is_empty() {
        for (en, zh) in NOTES_ZH {
            if let Some(after) = rest.strip_prefix(en) {
                out.push_str(zh);
                rest = after;
                continue 'text;
            }
        }
        if let Some(after) = rest.strip_prefix("Art. ") {
            let (number, mut after) = split_digits(after);
            if !number.is_empty() {
                out.push_str(&format!("第{number}条"));
                for unit in ["款", "项"] {
                    let Some(inner) = after.strip_prefix('(') else {
                        break;
                    };
                    let (n, tail) = split_digits(inner);
                    let Some(tail) = tail.strip_prefix(')').filter(|_| !n.is_empty()) else {
                        break;
                    };
                    out.push_str(&format!("第{n}{unit}"));
                    after = tail;
                }
                rest = after;
                continue;
            }
        }
        if let Some(after) = rest.strip_prefix("item ") {
            let (number, after) = split_digits(after);
            if !number.is_empty() {
                out.push_str(&format!("第{number}项"));
                rest = after;
                continue;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

/// A procedure a case runs under. Each is a versioned ruleset: its grounds, time limits and
/// transitions are rows of the tables in this crate tagged with the procedure.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// Market-regulation complaint handling under SAMR Order No. 20 as amended: complaints
    /// received 2020-01-01 to 2026-04-14.
    #[serde(rename = "samr_order_20")]
    SamrOrder20,
    /// Market-regulation complaint handling under SAMR Order No. 121: complaints received
    /// from 2026-04-15.
    #[serde(rename = "samr_order_121")]
    SamrOrder121,
    /// A consumer association's own complaint handling (CRPL Art. 37(5)), with the CCA rules'
    /// periods, which are unverified and configurable.
    ConsumerAssociation,
}

/// Every procedure, in the order the documentation lists them.
pub const PROCEDURES: [Procedure; 3] = [
    Procedure::SamrOrder20,
    Procedure::SamrOrder121,
    Procedure::ConsumerAssociation,
];

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => NaiveDate::MIN,
    }
}

/// First receipt date handled under Order No. 20 (its entry into force).
pub const ORDER_20_FROM: NaiveDate = date(2020, 1, 1);
/// Last receipt date handled under Order No. 20 (repealed by Order No. 121).
pub const ORDER_20_TO: NaiveDate = date(2026, 4, 14);
/// First receipt date handled under Order No. 121 (its entry into force).
pub const ORDER_121_FROM: NaiveDate = date(2026, 4, 15);

impl Procedure {
    /// Stable identifier, as in JSON: `samr_order_20`.
    pub fn id(self) -> &'static str {
        match self {
            Procedure::SamrOrder20 => "samr_order_20",
            Procedure::SamrOrder121 => "samr_order_121",
            Procedure::ConsumerAssociation => "consumer_association",
        }
    }
    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Procedure::SamrOrder20 => "Market regulation, SAMR Order No. 20 (as amended)",
            Procedure::SamrOrder121 => "Market regulation, SAMR Order No. 121",
            Procedure::ConsumerAssociation => "Consumer association",
        }
    }
    /// Chinese name for handlers.
    pub fn name_zh(self) -> &'static str {
        match self {
            Procedure::SamrOrder20 => "市场监管部门投诉处理（总局第20号令，经修订）",
            Procedure::SamrOrder121 => "市场监管部门投诉处理（总局第121号令）",
            Procedure::ConsumerAssociation => "消费者协会投诉处理",
        }
    }
    /// The instrument the procedure's own rules come from.
    pub fn instrument(self) -> Instrument {
        match self {
            Procedure::SamrOrder20 => Instrument::SamrOrder20,
            Procedure::SamrOrder121 => Instrument::SamrOrder121,
            Procedure::ConsumerAssociation => Instrument::CcaRules,
        }
    }
    /// The receipt dates the procedure applies to (`None`: open-ended).
    pub fn valid_from(self) -> Option<NaiveDate> {
        match self {
            Procedure::SamrOrder20 => Some(ORDER_20_FROM),
            Procedure::SamrOrder121 => Some(ORDER_121_FROM),
            Procedure::ConsumerAssociation => None,
        }
    }
    /// Last receipt date the procedure applies to (`None`: still in force).
    pub fn valid_to(self) -> Option<NaiveDate> {
        match self {
            Procedure::SamrOrder20 => Some(ORDER_20_TO),
            Procedure::SamrOrder121 | Procedure::ConsumerAssociation => None,
        }
    }
    /// Whether a complaint received on `received` is handled under this procedure.
    pub fn in_force_on(self, received: NaiveDate) -> bool {
        self.valid_from().is_none_or(|f| received >= f)
            && self.valid_to().is_none_or(|t| received <= t)
    }
    /// Whether this is a market-regulation (12315) procedure.
    pub fn is_market_regulation(self) -> bool {
        matches!(self, Procedure::SamrOrder20 | Procedure::SamrOrder121)
    }
    /// The citation of the procedure as a whole (its reliability in the reference).
    pub fn citation(self) -> Citation {
        match self {
            Procedure::SamrOrder20 => Citation {
                instrument: Instrument::SamrOrder20,
                article: "Art. 1–Art. 40",
                reliability: Reliability::Verified,
            },
            Procedure::SamrOrder121 => Citation {
                instrument: Instrument::SamrOrder121,
                article: "Art. 1–Art. 7, Art. 16, Art. 23 seen",
                reliability: Reliability::Secondary,
            },
            Procedure::ConsumerAssociation => Citation {
                instrument: Instrument::CcaRules,
                article: "—",
                reliability: Reliability::Unverified,
            },
        }
    }
}

/// How to choose the procedure when a case is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureSelection {
    /// A market-regulation department (12315): Order No. 20 or Order No. 121, chosen by the
    /// date the complaint was received.
    MarketRegulation,
    /// A consumer association handling the complaint itself (not as a bureau's delegate: a
    /// delegated mediation stays in the bureau's case, on the bureau's clock).
    ConsumerAssociation,
    /// A named procedure; it must be in force on the receipt date.
    Exact(Procedure),
}

impl ProcedureSelection {
    /// The procedure for a complaint received on `received` (its legal day in CST).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use weiquan_caseflow::{Procedure, ProcedureSelection};
    /// let sel = ProcedureSelection::MarketRegulation;
    /// let d = |s: &str| s.parse::<NaiveDate>();
    /// assert_eq!(sel.resolve(d("2026-04-14")?)?, Procedure::SamrOrder20);
    /// assert_eq!(sel.resolve(d("2026-04-15")?)?, Procedure::SamrOrder121);
    /// assert!(sel.resolve(d("2019-12-31")?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resolve(self, received: NaiveDate) -> Result<Procedure, Error> {
        let candidates: &[Procedure] = match self {
            ProcedureSelection::MarketRegulation => {
                &[Procedure::SamrOrder20, Procedure::SamrOrder121]
            }
            ProcedureSelection::ConsumerAssociation => &[Procedure::ConsumerAssociation],
            ProcedureSelection::Exact(p) => {
                return if p.in_force_on(received) {
                    Ok(p)
                } else {
                    Err(Error::ProcedureNotInForce {
                        procedure: p,
                        received,
                    })
                };
            }
        };
        candidates
            .iter()
            .copied()
            .find(|p| p.in_force_on(received))
            .ok_or(Error::NoProcedure { received })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grounds::LISTS;
    use crate::{PROCEDURES, TIME_LIMITS};

    #[test]
    fn articles_are_written_the_chinese_way() {
        assert_eq!(article_zh("Art. 14"), "第14条");
        assert_eq!(article_zh("Art. 21(5)"), "第21条第5款");
        assert_eq!(article_zh("Art. 23(1)(3)"), "第23条第1款第3项");
        assert_eq!(article_zh("Art. 21(5), Art. 20"), "第21条第5款、第20条");
        assert_eq!(article_zh("Art. 21 (final paragraph)"), "第21条最后一款");
        assert_eq!(article_zh("Art. 1–Art. 40"), "第1条至第40条");
        assert_eq!(article_zh("—"), "—");
        assert_eq!(article_zh("item 7"), "第7项");
        // Unknown text is kept, not lost.
        assert_eq!(article_zh("Art. x"), "Art. x");
    }

    #[test]
    fn every_citation_in_the_tables_reads_in_chinese() {
        let citations = TIME_LIMITS
            .iter()
            .flat_map(|r| std::iter::once(r.citation).chain(r.pauses.iter().map(|p| p.citation)))
            .chain(LISTS.iter().map(|r| r.citation))
            .chain(PROCEDURES.iter().map(|p| p.citation()))
            .chain(std::iter::once(crate::limits::ART_203));
        for c in citations {
            let article = article_zh(c.article);
            assert!(
                !article.chars().any(|ch| ch.is_ascii_alphabetic()),
                "{} -> {article}",
                c.article
            );
        }
    }
}
