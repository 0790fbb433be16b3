//! A decision as a self-contained, serialisable document: what `weiquan route` writes, one
//! JSON object per complaint.

use chrono::NaiveDate;
use serde::Serialize;
use weiquan_complaint::DivisionCode;

use weiquan_law::{Citation, Reliability};

use crate::body::{BodyKind, BodyView, ContactChannel};
use crate::router::{Ranking, RoutingDecision};

/// The version of the decision document. 2: citations in weiquan-law's JSON form
/// (`instrument` as a registry id, `text_zh`, `text_en`, `reliability` as a word).
pub const DECISION_SCHEMA_VERSION: u32 = 2;

/// One routing decision, with everything resolved to text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionReport {
    /// Always [`DECISION_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The complaint's id.
    pub complaint_id: String,
    /// The body that handles it.
    pub body: BodyReport,
    /// The id of the rule that named the body.
    pub rule: String,
    /// That rule's legal basis in force on the received date.
    pub basis: Vec<CitationReport>,
    /// What the handler should know.
    pub warnings: Vec<WarningReport>,
    /// Every rule tried and what came of it.
    pub trail: Vec<TrailReport>,
    /// Every body with authority, ranked (the first is `body`).
    pub candidates: Vec<CandidateReport>,
    /// How the candidates were ranked, and why.
    pub ranking: RankingReport,
    /// The received date (China Standard Time) the rules were applied for.
    pub received_date: NaiveDate,
    /// The ruleset's id.
    pub ruleset: String,
}

/// A body, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyReport {
    /// Its id.
    pub id: String,
    /// Its name in Chinese.
    pub name: String,
    /// Its name in English.
    pub name_en: String,
    /// What it is.
    pub kind: BodyKind,
    /// The division it serves (`null` for a national body).
    pub division: Option<DivisionCode>,
    /// The division's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division_name: Option<String>,
    /// Generated from the division, not listed in the ruleset.
    pub generated: bool,
    /// Generated for a division outside the ruleset's city: an external referral.
    pub external: bool,
    /// How to reach it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<ContactChannel>,
}

impl BodyReport {
    /// The report of a body.
    pub fn new(b: &BodyView<'_>) -> BodyReport {
        BodyReport {
            id: b.id().into_owned(),
            name: b.name_zh().into_owned(),
            name_en: b.name_en().into_owned(),
            kind: b.kind(),
            division: b.division(),
            division_name: b.division_name().map(str::to_owned),
            generated: b.is_generated(),
            external: b.is_external(),
            channels: b.channels().to_vec(),
        }
    }
}

/// A citation, resolved: weiquan-law's JSON form of a [`Citation`] (the same keys caseflow
/// and compensation write), owned so that a report outlives the router. A test checks that
/// it serialises exactly as the [`Citation`] it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(
    rename = "Citation",
    description = "A legal citation in weiquan-law's form: the instrument's id, the version, article, paragraph and item cited, how reliable it is, and the citation written out in Chinese and English."
)]
pub struct CitationReport {
    /// The instrument's id: weiquan-law's registry id (`samr_order_20`), or the ruleset's
    /// own for a local instrument.
    pub instrument: String,
    /// The version (year) cited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u16>,
    /// Article (条).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<u16>,
    /// Paragraph (款).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u16>,
    /// Item (项).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<u16>,
    /// How reliable the citation is: `verified`, `secondary` or `unverified`.
    pub reliability: Reliability,
    /// The citation in Chinese: `《市场监督管理投诉举报处理暂行办法》第十二条第一款`.
    pub text_zh: String,
    /// The citation in English: `SAMR Order No. 20, Art. 12, para. 1`.
    pub text_en: String,
    /// A note, in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_en: Option<String>,
    /// A note, in Chinese.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_zh: Option<String>,
}

impl CitationReport {
    /// The report of a citation.
    pub fn new(c: &Citation<'_>) -> CitationReport {
        CitationReport {
            instrument: c.instrument.id.to_string(),
            version: c.version,
            article: c.article,
            paragraph: c.paragraph,
            item: c.item,
            reliability: c.reliability(),
            text_zh: c.text_zh(),
            text_en: c.text_en(),
            note_en: c.note_en.map(str::to_owned),
            note_zh: c.note_zh.map(str::to_owned),
        }
    }
}

/// A warning, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WarningReport {
    /// Its code.
    pub code: String,
    /// In English.
    pub message_en: String,
    /// In Chinese.
    pub message_zh: String,
}

/// One step of the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrailReport {
    /// The rule's id.
    pub rule: String,
    /// `matched`, `via_fallback`, `unresolved` or `not_matched`.
    pub outcome: String,
    /// The failed condition's code, when it did not match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// What happened, in English.
    pub reason: String,
}

/// A candidate, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CandidateReport {
    /// 1 for the body that handles the complaint.
    pub rank: usize,
    /// The body.
    pub body: BodyReport,
    /// The rule that named it.
    pub rule: String,
    /// That rule's basis in force.
    pub basis: Vec<CitationReport>,
}

/// How candidates were ranked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankingReport {
    /// `rule_order` or `received_first`.
    pub method: Ranking,
    /// The tie rule's basis in force (first received handles it).
    pub basis: Vec<CitationReport>,
}

impl DecisionReport {
    /// The report of a decision.
    pub fn new(d: &RoutingDecision<'_>, complaint_id: &str) -> DecisionReport {
        let basis = |it: &mut dyn Iterator<Item = Citation<'_>>| {
            it.map(|c| CitationReport::new(&c)).collect::<Vec<_>>()
        };
        let router = d.router();
        DecisionReport {
            schema_version: DECISION_SCHEMA_VERSION,
            complaint_id: complaint_id.to_owned(),
            body: BodyReport::new(&d.body()),
            rule: d.rule().id().to_owned(),
            basis: basis(&mut d.basis()),
            warnings: d
                .warnings()
                .iter()
                .map(|w| WarningReport {
                    code: w.code().to_owned(),
                    message_en: w.message_en(),
                    message_zh: w.message_zh(),
                })
                .collect(),
            trail: d
                .trail()
                .iter()
                .map(|s| TrailReport {
                    rule: s.rule.id().to_owned(),
                    outcome: s.outcome.code().to_owned(),
                    reason_code: s.outcome.reason_code().map(str::to_owned),
                    reason: s.outcome.message(),
                })
                .collect(),
            candidates: d
                .candidates()
                .map(|c| CandidateReport {
                    rank: c.rank,
                    body: BodyReport::new(&c.body),
                    rule: c.rule.id().to_owned(),
                    basis: basis(&mut router.basis_in_force(c.rule, d.received_date())),
                })
                .collect(),
            ranking: RankingReport {
                method: d.ranking(),
                basis: basis(&mut d.ranking_basis()),
            },
            received_date: d.received_date(),
            ruleset: router.id().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Router;

    /// The report's citation is weiquan-law's JSON form, key for key, for every citation of
    /// the default ruleset (notes, marks, versions and items included).
    #[test]
    fn a_citation_report_serialises_as_the_citation() {
        let router = Router::shijiazhuang().unwrap();
        let mut seen = 0;
        let all = router
            .rules()
            .iter()
            .flat_map(|r| router.basis(r))
            .chain(router.ranking_basis());
        for c in all {
            let report = serde_json::to_value(CitationReport::new(&c)).unwrap();
            assert_eq!(report, serde_json::to_value(c).unwrap(), "{c}");
            seen += 1;
        }
        assert!(seen > 40, "{seen}");
    }
}
