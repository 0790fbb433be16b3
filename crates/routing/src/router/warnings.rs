//! What a decision warns the person handling the complaint about, with the messages in
//! English and Chinese.

use weiquan_complaint::DivisionCode;
use weiquan_law::Reliability;

use crate::division::{DivisionNote, SuccessorChoice};
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
        /// What in the address decided it: the successor named, a subdistrict, a bare
        /// place name (perhaps a road's), or nothing (the first successor listed was taken).
        choice: SuccessorChoice<'r>,
    },
    /// The division code and the address name different places, neither within the other:
    /// the complaint was routed by the code, and, for the business, the body the address
    /// gives (when another) is a further candidate. A person must confirm which is right.
    AddressDisagrees {
        /// Whose division.
        party: Party,
        /// The code as given (or as taken from the USCC).
        code: DivisionCode,
        /// Its name.
        code_name: &'r str,
        /// The division the address names (the one within the ruleset's city first, when
        /// the name alone is ambiguous).
        read: DivisionCode,
        /// Its name.
        read_name: &'r str,
    },
    /// The code is a province's or prefecture's and the address names a county-level unit
    /// within it: that unit was used.
    CountyFromAddress {
        /// Whose division.
        party: Party,
        /// The code as given.
        code: DivisionCode,
        /// The county-level unit read from the address (its live code).
        county: DivisionCode,
        /// The name the address gives it.
        name: &'r str,
    },
    /// No division was given; the registration authority's division in the party's
    /// unified social credit code (characters 3–8) was used. A registration place is not
    /// necessarily the place of business or the domicile.
    UsccRegistrationPlace {
        /// Whose division.
        party: Party,
        /// The division code in the USCC.
        division: DivisionCode,
    },
    /// The consumer's division code is not in the registry. It is not what jurisdiction
    /// turns on (Order No. 20 Art. 12 looks at the business), so the complaint is routed
    /// without it.
    ConsumerDivisionUnknown {
        /// The code as given.
        code: DivisionCode,
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
            Warning::AddressDisagrees { .. } => "address_disagrees",
            Warning::CountyFromAddress { .. } => "county_from_address",
            Warning::UsccRegistrationPlace { .. } => "uscc_registration_place",
            Warning::ConsumerDivisionUnknown { .. } => "consumer_division_unknown",
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
            Warning::AddressDisagrees { .. } => "区划代码与地址不符",
            Warning::CountyFromAddress { .. } => "按地址确定区县",
            Warning::UsccRegistrationPlace { .. } => "按信用代码登记机关推定区划",
            Warning::ConsumerDivisionUnknown { .. } => "消费者区划代码未知",
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
            Warning::AddressDisagrees { .. } => "division code and address disagree",
            Warning::CountyFromAddress { .. } => "county read from the address",
            Warning::UsccRegistrationPlace { .. } => {
                "division from the USCC's registration authority"
            }
            Warning::ConsumerDivisionUnknown { .. } => "consumer's division code unknown",
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
            Warning::SplitCode { party, code, chosen, choice } => {
                let why = match choice {
                    SuccessorChoice::Division(n) => format!("the address names {n}, which is {chosen}"),
                    SuccessorChoice::Subdistrict(k, w) => format!("the address names the subdistrict {k}{w}, which went to {chosen}"),
                    SuccessorChoice::Keyword(k) => format!("the address names {k}, but not as a 街道, 镇 or 乡 (it may be part of a road's name); {k} went to {chosen}: check the address"),
                    SuccessorChoice::Only | SuccessorChoice::FirstListed => format!("no place name in the address decides, so the first successor listed, {chosen}, was used: check the address"),
                };
                format!("the {}'s division code {code} was abolished and split; {why}", party.en())
            }
            Warning::AddressDisagrees { party, code, code_name, read, read_name } => format!(
                "the {p}'s division code {code} ({code_name}) and its address, which names {read_name} ({read}), disagree: routed by the code; {also}confirm the {p}'s place before accepting",
                p = party.en(),
                also = if *party == Party::Business { "the body the address gives, when another, is a further candidate; " } else { "" }
            ),
            Warning::CountyFromAddress { party, code, county, name } => format!(
                "the {}'s division code {code} is not at county level; the address names {name}, so {county} was used: check the address",
                party.en()
            ),
            Warning::UsccRegistrationPlace { party, division } => format!(
                "the {}'s division is not given; the registration authority's division {division} in its unified social credit code was used, but a registration place is not necessarily the place of business or domicile: confirm it",
                party.en()
            ),
            Warning::ConsumerDivisionUnknown { code } => format!(
                "the consumer's division code {code} is not in the division registry; jurisdiction does not turn on it, so the complaint was routed without it: correct the code"
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
                choice,
            } => {
                let why = match choice {
                    SuccessorChoice::Division(n) => format!("地址写明“{n}”，即{chosen}"),
                    SuccessorChoice::Subdistrict(k, w) => {
                        format!("地址写明街道（乡镇）“{k}{w}”，划入{chosen}")
                    }
                    SuccessorChoice::Keyword(k) => format!(
                        "地址含“{k}”，但未写明为街道、镇或乡（可能是路名的一部分），暂划入{chosen}，请核实地址"
                    ),
                    SuccessorChoice::Only | SuccessorChoice::FirstListed => {
                        format!("地址无法判断归属，暂按第一个继承代码{chosen}处理，请核实地址")
                    }
                };
                format!("{}的行政区划代码{code}已撤销并拆分；{why}", party.zh())
            }
            Warning::AddressDisagrees {
                party,
                code,
                code_name,
                read,
                read_name,
            } => format!(
                "{p}的行政区划代码{code}（{code_name}）与其地址所写的{read_name}（{read}）不符：已按区划代码分派，{also}受理前请核实{p}所在地",
                p = party.zh(),
                also = if *party == Party::Business {
                    "地址对应的机构如有不同，列为其他候选；"
                } else {
                    ""
                }
            ),
            Warning::CountyFromAddress {
                party,
                code,
                county,
                name,
            } => format!(
                "{}的区划代码{code}不是县级区划；地址写明“{name}”，已按{county}处理，请核实地址",
                party.zh()
            ),
            Warning::UsccRegistrationPlace { party, division } => format!(
                "未填{}所在区划；已按其统一社会信用代码中登记管理机关的区划{division}推定，但登记地不一定是实际经营地或住所地，请核实",
                party.zh()
            ),
            Warning::ConsumerDivisionUnknown { code } => format!(
                "消费者的行政区划代码{code}不在区划代码表中；管辖不以消费者所在地确定，已不依此代码分派，请更正"
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
    fn every_kind_of_warning_has_its_own_names_in_both_languages_and_is_documented() {
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
                choice: SuccessorChoice::FirstListed,
            },
            Warning::AddressDisagrees {
                party,
                code,
                code_name: "长安区",
                read: code,
                read_name: "朝阳区",
            },
            Warning::CountyFromAddress {
                party,
                code,
                county: code,
                name: "正定县",
            },
            Warning::UsccRegistrationPlace {
                party,
                division: code,
            },
            Warning::ConsumerDivisionUnknown { code },
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
        // docs/routing.md lists every code (the two with a reliability mark included).
        let note = DivisionNote {
            reliability: Reliability::Secondary,
            en: String::new(),
            zh: String::new(),
        };
        let doc = include_str!("../../../../docs/routing.md");
        let marked = [
            Warning::DivisionNote {
                party,
                code,
                note: &note,
            },
            Warning::UnverifiedBasis {
                rule: "a",
                reliability: Reliability::Unverified,
            },
        ];
        for w in all.iter().chain(&marked) {
            assert!(
                doc.contains(&format!("`{}`", w.code())),
                "docs/routing.md does not document the warning {}",
                w.code()
            );
        }
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
