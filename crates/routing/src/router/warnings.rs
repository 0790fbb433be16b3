//! What a decision warns the person handling the complaint about, with the messages in
//! English and Chinese.

use weiquan_complaint::DivisionCode;
use weiquan_law::Reliability;

use crate::division::DivisionNote;
use crate::matcher::Party;

/// Something the person handling the complaint should know about a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning<'r> {
    /// An abolished code was mapped to its live successor.
    AbolishedCode {
        /// Whose division.
        party: Party,
        /// The code as given.
        code: DivisionCode,
        /// The live code used.
        successor: DivisionCode,
    },
    /// A split code was mapped to one of its successors.
    SplitCode {
        /// Whose division.
        party: Party,
        /// The code as given.
        code: DivisionCode,
        /// The successor used.
        chosen: DivisionCode,
        /// The place name in the address that decided it; `None`: no place name matched
        /// and the first successor listed was taken.
        keyword: Option<&'r str>,
    },
    /// The division is a development zone: a statistical code, not GB/T 2260.
    DevelopmentZone {
        /// Whose division.
        party: Party,
        /// The code.
        code: DivisionCode,
    },
    /// The division is a province or prefecture with county-level units: the county is
    /// not known.
    NotCountyLevel {
        /// Whose division.
        party: Party,
        /// The code.
        code: DivisionCode,
    },
    /// The division data has a note on the code (e.g. 辛集市, a province-administered pilot).
    DivisionNote {
        /// Whose division.
        party: Party,
        /// The code the note is on.
        code: DivisionCode,
        /// The note.
        note: &'r DivisionNote,
    },
    /// An in-platform seller's platform operator has no known domicile.
    PlatformDomicileUnknown,
    /// An in-platform seller's own division is not known.
    SellerDivisionUnknown,
    /// A rule's body could not be found and its fallback's was used.
    Fallback {
        /// The rule that matched.
        rule: &'r str,
        /// The rule whose result was used.
        to: &'r str,
    },
    /// The body was generated from the division (the file does not list it): check its
    /// name and contacts.
    GeneratedBody {
        /// Its division.
        division: DivisionCode,
        /// Outside the ruleset's city: an external referral.
        external: bool,
    },
    /// No body of the kind is listed for the division; the one above it was taken.
    HigherLevelBody {
        /// Whose division.
        party: Party,
        /// The division.
        code: DivisionCode,
        /// The body's division.
        body_division: Option<DivisionCode>,
    },
    /// The receiving body given is not among the bodies with authority.
    ReceiverWithoutAuthority,
    /// The chosen rule's basis rests on a source marked \[S\] or \[U\]: legal review needed.
    UnverifiedBasis {
        /// The rule.
        rule: &'r str,
        /// The weakest mark among its citations in force.
        reliability: Reliability,
    },
    /// None of the chosen rule's citations was in force on the received date.
    NoBasisInForce {
        /// The rule.
        rule: &'r str,
    },
}

impl Warning<'_> {
    /// A stable code, e.g. `abolished_code`.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::AbolishedCode { .. } => "abolished_code",
            Warning::SplitCode { .. } => "split_code",
            Warning::DevelopmentZone { .. } => "development_zone",
            Warning::NotCountyLevel { .. } => "not_county_level",
            Warning::DivisionNote { .. } => "division_note",
            Warning::PlatformDomicileUnknown => "platform_domicile_unknown",
            Warning::SellerDivisionUnknown => "seller_division_unknown",
            Warning::Fallback { .. } => "fallback",
            Warning::GeneratedBody { .. } => "generated_body",
            Warning::HigherLevelBody { .. } => "higher_level_body",
            Warning::ReceiverWithoutAuthority => "receiver_without_authority",
            Warning::UnverifiedBasis { .. } => "unverified_basis",
            Warning::NoBasisInForce { .. } => "no_basis_in_force",
        }
    }

    /// The Chinese name of the kind of warning, e.g. `已撤销的区划代码` (the message says
    /// what it is about).
    pub fn name_zh(&self) -> &'static str {
        match self {
            Warning::AbolishedCode { .. } => "已撤销的区划代码",
            Warning::SplitCode { .. } => "已拆分的区划代码",
            Warning::DevelopmentZone { .. } => "开发区",
            Warning::NotCountyLevel { .. } => "非县级区划",
            Warning::DivisionNote { .. } => "区划备注",
            Warning::PlatformDomicileUnknown => "平台经营者住所地不明",
            Warning::SellerDivisionUnknown => "平台内经营者所在地不明",
            Warning::Fallback { .. } => "采用备用规则",
            Warning::GeneratedBody { .. } => "按区划生成的机构",
            Warning::HigherLevelBody { .. } => "由上级机构处理",
            Warning::ReceiverWithoutAuthority => "收件机构无管辖权",
            Warning::UnverifiedBasis { .. } => "依据待核实",
            Warning::NoBasisInForce { .. } => "无有效依据",
        }
    }

    /// The English name of the kind of warning, e.g. `abolished division code`.
    pub fn name_en(&self) -> &'static str {
        match self {
            Warning::AbolishedCode { .. } => "abolished division code",
            Warning::SplitCode { .. } => "split division code",
            Warning::DevelopmentZone { .. } => "development zone",
            Warning::NotCountyLevel { .. } => "division not at county level",
            Warning::DivisionNote { .. } => "division note",
            Warning::PlatformDomicileUnknown => "platform operator's domicile unknown",
            Warning::SellerDivisionUnknown => "seller's place of business unknown",
            Warning::Fallback { .. } => "fallback rule used",
            Warning::GeneratedBody { .. } => "body generated for a division",
            Warning::HigherLevelBody { .. } => "handled by a higher-level body",
            Warning::ReceiverWithoutAuthority => "receiver without authority",
            Warning::UnverifiedBasis { .. } => "basis marked [S] or [U]",
            Warning::NoBasisInForce { .. } => "no basis in force",
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            Warning::AbolishedCode { party, code, successor } => {
                format!("the {}'s division code {code} is abolished; its successor {successor} was used", party.en())
            }
            Warning::SplitCode { party, code, chosen, keyword: Some(k) } => format!(
                "the {}'s division code {code} was abolished and split; the address names {k}, which went to {chosen}",
                party.en()
            ),
            Warning::SplitCode { party, code, chosen, keyword: None } => format!(
                "the {}'s division code {code} was abolished and split; no place name in the address decides, so the first successor listed, {chosen}, was used: check the address",
                party.en()
            ),
            Warning::DevelopmentZone { party, code } => format!(
                "the {}'s division {code} is a development zone with a statistical code only (not GB/T 2260)",
                party.en()
            ),
            Warning::NotCountyLevel { party, code } => format!(
                "the {}'s division {code} is not at county level; the county is not known",
                party.en()
            ),
            Warning::DivisionNote { party, code, note } => {
                format!("the {}'s division {code}: {} {}", party.en(), note.en, note.reliability.bracketed())
            }
            Warning::PlatformDomicileUnknown => {
                "the platform operator's domicile is not known, so it is not a candidate".to_owned()
            }
            Warning::SellerDivisionUnknown => {
                "the in-platform seller's place of business is not known, so it is not a candidate".to_owned()
            }
            Warning::Fallback { rule, to } => {
                format!("rule {rule} found no body; its fallback {to} was used")
            }
            Warning::GeneratedBody { division, external: true } => format!(
                "external referral: the body for {division} is generated from the division registry; confirm its name and contacts"
            ),
            Warning::GeneratedBody { division, external: false } => format!(
                "the body for {division} is not listed in the ruleset and was generated; confirm its name and contacts"
            ),
            Warning::HigherLevelBody { party, code, body_division } => format!(
                "no body of this kind is listed for the {}'s division {code}; the body at {} was taken",
                party.en(),
                body_division.map_or_else(|| "national level".to_owned(), |d| d.to_string())
            ),
            Warning::ReceiverWithoutAuthority => {
                "the receiving body given has no authority under the matching rules; candidates stay in rule order".to_owned()
            }
            Warning::UnverifiedBasis { rule, reliability } => format!(
                "the basis of rule {rule} rests on a source marked {}: legal review needed",
                reliability.bracketed()
            ),
            Warning::NoBasisInForce { rule } => {
                format!("none of the instruments rule {rule} cites was in force on the received date")
            }
        }
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Warning::AbolishedCode {
                party,
                code,
                successor,
            } => {
                format!(
                    "{}的行政区划代码{code}已撤销，已改用继承代码{successor}",
                    party.zh()
                )
            }
            Warning::SplitCode {
                party,
                code,
                chosen,
                keyword: Some(k),
            } => {
                format!(
                    "{}的行政区划代码{code}已撤销并拆分；地址中含“{k}”，划入{chosen}",
                    party.zh()
                )
            }
            Warning::SplitCode {
                party,
                code,
                chosen,
                keyword: None,
            } => format!(
                "{}的行政区划代码{code}已撤销并拆分；地址无法判断归属，暂按第一个继承代码{chosen}处理，请核实地址",
                party.zh()
            ),
            Warning::DevelopmentZone { party, code } => {
                format!(
                    "{}所在的{code}为开发区统计用代码，非GB/T 2260行政区划代码",
                    party.zh()
                )
            }
            Warning::NotCountyLevel { party, code } => {
                format!("{}的区划{code}不是县级区划，具体区县不明", party.zh())
            }
            Warning::DivisionNote { party, code, note } => {
                format!(
                    "{}的区划{code}：{}［{}］",
                    party.zh(),
                    note.zh,
                    note.reliability.mark()
                )
            }
            Warning::PlatformDomicileUnknown => "平台经营者住所地不明，未列为候选".to_owned(),
            Warning::SellerDivisionUnknown => "平台内经营者实际经营地不明，未列为候选".to_owned(),
            Warning::Fallback { rule, to } => {
                format!("规则{rule}未找到处理机构，已改用备用规则{to}")
            }
            Warning::GeneratedBody {
                division,
                external: true,
            } => {
                format!("外地转办：{division}的处理机构系根据区划代码生成，请核实名称和联系方式")
            }
            Warning::GeneratedBody {
                division,
                external: false,
            } => {
                format!("{division}的处理机构未列入规则集，系自动生成，请核实名称和联系方式")
            }
            Warning::HigherLevelBody {
                party,
                code,
                body_division,
            } => format!(
                "{}的区划{code}未列出该类机构，已由{}的机构处理",
                party.zh(),
                body_division.map_or_else(|| "全国".to_owned(), |d| d.to_string())
            ),
            Warning::ReceiverWithoutAuthority => {
                "所填收件机构不在有管辖权的机构之列，候选仍按规则顺序排列".to_owned()
            }
            Warning::UnverifiedBasis { rule, reliability } => {
                format!(
                    "规则{rule}的依据来源标记为［{}］，需法律审核",
                    reliability.mark()
                )
            }
            Warning::NoBasisInForce { rule } => {
                format!("规则{rule}所引用的规范在收到投诉之日均未生效")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_kind_of_warning_has_its_own_names_in_both_languages() {
        let code = DivisionCode::new(130102).unwrap();
        let party = Party::Consumer;
        // Every variant but the two that carry a reliability mark, whose names are checked
        // through the same match.
        let all = [
            Warning::AbolishedCode {
                party,
                code,
                successor: code,
            },
            Warning::SplitCode {
                party,
                code,
                chosen: code,
                keyword: None,
            },
            Warning::DevelopmentZone { party, code },
            Warning::NotCountyLevel { party, code },
            Warning::PlatformDomicileUnknown,
            Warning::SellerDivisionUnknown,
            Warning::Fallback { rule: "a", to: "b" },
            Warning::GeneratedBody {
                division: code,
                external: false,
            },
            Warning::HigherLevelBody {
                party,
                code,
                body_division: None,
            },
            Warning::ReceiverWithoutAuthority,
            Warning::NoBasisInForce { rule: "a" },
        ];
        let zh: BTreeSet<&str> = all.iter().map(Warning::name_zh).collect();
        let en: BTreeSet<&str> = all.iter().map(Warning::name_en).collect();
        assert_eq!((zh.len(), en.len()), (all.len(), all.len()));
        for w in &all {
            assert!(!w.name_zh().is_ascii(), "{}", w.code());
            assert!(
                w.name_en().is_ascii() && !w.name_en().is_empty(),
                "{}",
                w.code()
            );
        }
    }
}
