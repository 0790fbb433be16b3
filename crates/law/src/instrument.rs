//! A legal instrument: a law, regulation, rule, judicial interpretation or association rule,
//! with its number, issuer, dates in force and versions.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Reliability;

/// What kind of instrument it is, which decides how much weight a court or a bureau gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentKind {
    /// A law (法律) of the National People's Congress or its Standing Committee.
    Law,
    /// An administrative regulation (行政法规) of the State Council.
    AdministrativeRegulation,
    /// A departmental rule (部门规章), e.g. an order of SAMR.
    DepartmentalRule,
    /// A judicial interpretation (司法解释) of the Supreme People's Court.
    JudicialInterpretation,
    /// A local regulation or rule (地方性法规、地方政府规章).
    LocalRegulation,
    /// A normative document (规范性文件), e.g. a State Council notice.
    NormativeDocument,
    /// A rule of a consumer association (协会规定), binding on the association only.
    AssociationRule,
}

impl InstrumentKind {
    /// Every kind, in the order of the hierarchy of Chinese legal sources.
    pub const ALL: [InstrumentKind; 7] = [
        InstrumentKind::Law,
        InstrumentKind::AdministrativeRegulation,
        InstrumentKind::DepartmentalRule,
        InstrumentKind::JudicialInterpretation,
        InstrumentKind::LocalRegulation,
        InstrumentKind::NormativeDocument,
        InstrumentKind::AssociationRule,
    ];

    /// The wire word (JSON, TOML), e.g. `local_regulation`: what data files that declare an
    /// instrument of their own (a routing ruleset) write.
    pub fn code(self) -> &'static str {
        match self {
            InstrumentKind::Law => "law",
            InstrumentKind::AdministrativeRegulation => "administrative_regulation",
            InstrumentKind::DepartmentalRule => "departmental_rule",
            InstrumentKind::JudicialInterpretation => "judicial_interpretation",
            InstrumentKind::LocalRegulation => "local_regulation",
            InstrumentKind::NormativeDocument => "normative_document",
            InstrumentKind::AssociationRule => "association_rule",
        }
    }

    /// The kind whose wire word is `code`.
    pub fn from_code(code: &str) -> Option<InstrumentKind> {
        InstrumentKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Chinese name of the kind.
    pub fn label_zh(self) -> &'static str {
        match self {
            InstrumentKind::Law => "法律",
            InstrumentKind::AdministrativeRegulation => "行政法规",
            InstrumentKind::DepartmentalRule => "部门规章",
            InstrumentKind::JudicialInterpretation => "司法解释",
            InstrumentKind::LocalRegulation => "地方性法规",
            InstrumentKind::NormativeDocument => "规范性文件",
            InstrumentKind::AssociationRule => "协会规定",
        }
    }

    /// The English name of the kind.
    pub fn label_en(self) -> &'static str {
        match self {
            InstrumentKind::Law => "law",
            InstrumentKind::AdministrativeRegulation => "administrative regulation",
            InstrumentKind::DepartmentalRule => "departmental rule",
            InstrumentKind::JudicialInterpretation => "judicial interpretation",
            InstrumentKind::LocalRegulation => "local regulation",
            InstrumentKind::NormativeDocument => "normative document",
            InstrumentKind::AssociationRule => "association rule",
        }
    }
}

/// How a version changed the instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VersionKind {
    /// The text as first adopted.
    Original,
    /// An amendment (修正): some articles changed, the rest kept.
    Amendment,
    /// A revision (修订): the whole text re-adopted.
    Revision,
}

/// One version of an instrument's text, named by the year it was adopted (as Chinese
/// citations name them: `（2013年修正）`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Version {
    /// The year of adoption that names the version, e.g. 2013.
    pub year: u16,
    /// Original text, amendment or revision.
    pub kind: VersionKind,
    /// The day it was adopted or promulgated, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted: Option<NaiveDate>,
    /// The first day the version was in force, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<NaiveDate>,
}

impl Version {
    /// The version as Chinese citations name it: `2013年修正`, `2015年修订`, `1993年`.
    pub fn label_zh(&self) -> String {
        match self.kind {
            VersionKind::Original => format!("{}年", self.year),
            VersionKind::Amendment => format!("{}年修正", self.year),
            VersionKind::Revision => format!("{}年修订", self.year),
        }
    }

    /// The version in English: `2013 amendment`, `2015 revision`, `1993 text`.
    pub fn label_en(&self) -> String {
        match self.kind {
            VersionKind::Original => format!("{} text", self.year),
            VersionKind::Amendment => format!("{} amendment", self.year),
            VersionKind::Revision => format!("{} revision", self.year),
        }
    }
}

/// A legal instrument that rules cite.
///
/// The built-in instruments are statics in [`crate::instruments`]; a ruleset loaded from a
/// file may add its own (a local regulation, say), which is why the text fields are
/// `Cow<'static, str>`: borrowed for the built-ins, owned for loaded ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Instrument {
    /// The stable id citations and data files use, e.g. `crpl`, `samr_order_20`.
    pub id: Cow<'static, str>,
    /// The full Chinese title without book-title marks, e.g. `中华人民共和国消费者权益保护法`.
    pub name_zh: Cow<'static, str>,
    /// The English name, e.g. `Consumer Rights Protection Law`.
    pub name_en: Cow<'static, str>,
    /// The short English name used in traces, e.g. `CRPL`, `SAMR Order No. 20`.
    pub short_en: Cow<'static, str>,
    /// The document number, e.g. `国家市场监督管理总局令第20号`, `法释〔2024〕9号`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<Cow<'static, str>>,
    /// The issuing body, in Chinese.
    pub issuer_zh: Cow<'static, str>,
    /// The issuing body, in English.
    pub issuer_en: Cow<'static, str>,
    /// What kind of instrument it is.
    pub kind: InstrumentKind,
    /// The day the first version was adopted or promulgated, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted: Option<NaiveDate>,
    /// The first day it was in force, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<NaiveDate>,
    /// The last day it was in force, when repealed or replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_to: Option<NaiveDate>,
    /// The id of the instrument it replaced, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Cow<'static, str>>,
    /// The id of the instrument that replaced it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<Cow<'static, str>>,
    /// Its versions, oldest first (empty where only one text is modelled).
    #[serde(default)]
    pub versions: Cow<'static, [Version]>,
    /// How well the project's legal reference established its text and dates.
    pub reliability: Reliability,
    /// What a reader should know, in English (e.g. which articles were not seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_en: Option<Cow<'static, str>>,
}

impl Instrument {
    /// Whether it was in force on `date`. Unknown bounds do not exclude a date.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.in_force_from.is_none_or(|f| f <= date) && self.in_force_to.is_none_or(|t| date <= t)
    }

    /// The version named by `year`, if the instrument models it.
    pub fn version(&self, year: u16) -> Option<&Version> {
        self.versions.iter().find(|v| v.year == year)
    }

    /// The version in force on `date`: the latest version whose first day in force is known
    /// and not after `date`. `None` when the instrument models no version, or none had
    /// started by then.
    pub fn version_on(&self, date: NaiveDate) -> Option<&Version> {
        if !self.in_force_on(date) {
            return None;
        }
        self.versions
            .iter()
            .rfind(|v| v.in_force_from.is_some_and(|f| f <= date))
    }

    /// The title with book-title marks, as Chinese texts cite it: `《中华人民共和国民法典》`.
    pub fn title_zh(&self) -> String {
        format!("《{}》", self.name_zh)
    }
}
