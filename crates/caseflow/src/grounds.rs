//! The statutory lists a handler chooses from: grounds for not accepting a complaint, grounds
//! for ending mediation, and bases for transferring a complaint. One table, one row per item
//! of each procedure's list, with its article and reliability. The Chinese texts are short
//! summaries of the items, not quotations.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::procedure::{Citation, Instrument, Procedure, Reliability};

/// A ground for not accepting a complaint (不予受理).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NonAcceptanceGround {
    /// Outside the department's duties, or it has no handling authority.
    OutOfScope,
    /// The same dispute was already accepted or handled elsewhere.
    AlreadyHandled,
    /// Not for living consumption, or no dispute with the respondent shown.
    NotLivingConsumption,
    /// More than three years since the complainant knew or should have known.
    TimeBarred,
    /// Required materials missing (Order No. 121: or false).
    MissingOrFalseMaterials,
    /// Someone else's name used, or identity verification refused (Order No. 121).
    IdentityImpersonationOrRefusal,
    /// Other grounds under laws, regulations or rules.
    OtherLegal,
    /// No clearly identified respondent (consumer association, `[U]`).
    NoIdentifiedRespondent,
    /// A dispute between operators (consumer association, `[U]`).
    BetweenOperators,
    /// The defect was truthfully disclosed before sale (consumer association, `[U]`).
    DefectDisclosedBeforeSale,
    /// Already settled, with no new reason or evidence (consumer association, `[U]`).
    AlreadySettled,
    /// The consumer can offer no necessary evidence (consumer association, `[U]`).
    NoEvidence,
    /// Law assigns the matter to a designated body (consumer association, `[U]`).
    DesignatedBody,
}

/// A ground for ending mediation without agreement (终止调解).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TerminationGround {
    /// The complainant withdrew, or the parties settled by themselves.
    WithdrawalOrSelfSettlement,
    /// No agreement on the technical body or who pays for testing or appraisal.
    NoAgreementOnTesting,
    /// A party absent without good reason, or mediation expressly refused.
    AbsentOrRefused,
    /// After mediation was organised a party said no agreement is possible.
    NoAgreementPossible,
    /// No agreement within the mediation period.
    PeriodExpired,
    /// A non-acceptance ground discovered after acceptance.
    NonAcceptanceGroundFound,
    /// A party died or its legal personality ended (Order No. 121).
    PartyCeased,
    /// Other grounds under laws, regulations or rules.
    OtherLegal,
}

/// Why a complaint was sent to another body.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TransferBasis {
    /// A unit without authority sends it back to the body that receives complaints centrally
    /// (it may not transfer it onward itself).
    SentBackNoAuthority,
    /// The central receiving body dispatches it to the department with authority.
    DispatchedToCompetent,
    /// A higher-level department takes it over.
    HigherLevelTakeover,
    /// The in-platform seller published no address or cannot be reached there: the platform
    /// operator's domicile department handles it (Order No. 121).
    PlatformDomicile,
    /// A consumer association refers it to the authority the law designates.
    ReferredToCompetentAuthority,
}

/// Which list a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// Grounds for not accepting.
    NonAcceptance,
    /// Grounds for ending mediation.
    Termination,
    /// Bases for a transfer.
    Transfer,
}

/// The value a row lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum ListItem {
    /// A non-acceptance ground.
    NonAcceptance(NonAcceptanceGround),
    /// A termination ground.
    Termination(TerminationGround),
    /// A transfer basis.
    Transfer(TransferBasis),
}

/// One item of a procedure's statutory list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ListRow {
    /// The procedure.
    pub procedure: Procedure,
    /// Which list.
    pub list: ListKind,
    /// The item.
    pub item: ListItem,
    /// Where it is written.
    pub citation: Citation,
    /// Chinese summary for handlers.
    pub zh: &'static str,
}

const fn o20(article: &'static str) -> Citation {
    Citation {
        instrument: Instrument::SamrOrder20,
        article,
        reliability: Reliability::Verified,
    }
}
const fn o121(article: &'static str, reliability: Reliability) -> Citation {
    Citation {
        instrument: Instrument::SamrOrder121,
        article,
        reliability,
    }
}
const fn cca(article: &'static str) -> Citation {
    Citation {
        instrument: Instrument::CcaRules,
        article,
        reliability: Reliability::Unverified,
    }
}

use ListItem::{NonAcceptance as N, Termination as T, Transfer as X};
use ListKind::{NonAcceptance as NA, Termination as TE, Transfer as TR};
use NonAcceptanceGround as NG;
use Procedure::{ConsumerAssociation as CA, SamrOrder20 as P20, SamrOrder121 as P121};
use Reliability::{Secondary as S, Unverified as U};
use TerminationGround as TG;
use TransferBasis as TB;

const fn row(
    procedure: Procedure,
    list: ListKind,
    item: ListItem,
    citation: Citation,
    zh: &'static str,
) -> ListRow {
    ListRow {
        procedure,
        list,
        item,
        citation,
        zh,
    }
}

/// The statutory lists of every procedure (legal.md §1.1, §1.2, §2), one row per line.
#[rustfmt::skip]
pub const LISTS: &[ListRow] = &[
    // Order No. 20 Art. 15: not accepted (exhaustive apart from item 6). [V]
    row(P20, NA, N(NG::OutOfScope), o20("Art. 15(1)"), "不属于市场监督管理部门职责，或者本机关不具有处理权限"),
    row(P20, NA, N(NG::AlreadyHandled), o20("Art. 15(2)"), "法院、仲裁机构、市场监管部门或其他行政机关、消费者协会或依法成立的其他调解组织已受理或处理过同一争议"),
    row(P20, NA, N(NG::NotLivingConsumption), o20("Art. 15(3)"), "不是为生活消费需要，或者不能证明与被投诉人之间存在消费者权益争议"),
    row(P20, NA, N(NG::TimeBarred), o20("Art. 15(4)"), "除法律另有规定外，自知道或应当知道权益受侵害之日起超过三年"),
    row(P20, NA, N(NG::MissingOrFalseMaterials), o20("Art. 15(5)"), "未提供第九条第一款和第十条规定的材料"),
    row(P20, NA, N(NG::OtherLegal), o20("Art. 15(6)"), "法律、法规、规章规定不予受理的其他情形"),
    // Order No. 121 Art. 16: seven items (template reproduction). [S]
    row(P121, NA, N(NG::OutOfScope), o121("Art. 16(1)", S), "不属于市场监督管理部门职责，或者本机关不具有处理权限"),
    row(P121, NA, N(NG::AlreadyHandled), o121("Art. 16(2)", S), "法院、仲裁机构、市场监管部门或其他行政机关、消费者协会已受理或处理过同一争议（是否仍含“其他调解组织”待核实）"),
    row(P121, NA, N(NG::NotLivingConsumption), o121("Art. 16(3)", S), "不是为生活消费需要，或者不能证明与被投诉人之间存在消费者权益争议"),
    row(P121, NA, N(NG::TimeBarred), o121("Art. 16(4)", S), "除法律另有规定外，自知道或应当知道权益受侵害之日起超过三年"),
    row(P121, NA, N(NG::MissingOrFalseMaterials), o121("Art. 16(5)", S), "未提供第十条第一款和第十一条规定的材料，或者提供虚假材料"),
    row(P121, NA, N(NG::IdentityImpersonationOrRefusal), o121("Art. 16(6)", S), "冒用他人名义，或者拒不配合核验真实身份信息"),
    row(P121, NA, N(NG::OtherLegal), o121("Art. 16(7)", S), "法律、法规、规章规定不予受理的其他情形"),
    // Consumer association refusal grounds (secondary web source only). [U]
    row(CA, NA, N(NG::NoIdentifiedRespondent), cca("item 1"), "没有明确的被投诉方"),
    row(CA, NA, N(NG::BetweenOperators), cca("item 2"), "经营者之间的争议"),
    row(CA, NA, N(NG::DefectDisclosedBeforeSale), cca("item 3"), "经营者在出售前已如实告知商品瑕疵"),
    row(CA, NA, N(NG::AlreadySettled), cca("item 4"), "争议已经和解或调解协议已履行，且无新情况、新理由、新证据"),
    row(CA, NA, N(NG::NoEvidence), cca("item 5"), "消费者无法提供必要证据"),
    row(CA, NA, N(NG::AlreadyHandled), cca("item 6"), "法院、行政部门或仲裁机构已受理或处理"),
    row(CA, NA, N(NG::DesignatedBody), cca("item 7"), "法律规定由指定部门处理"),
    row(CA, NA, N(NG::OtherLegal), cca("item 8"), "不属于《消费者权益保护法》调整范围的其他事项"),
    // Order No. 20 Art. 21: mediation ends. [V]
    row(P20, TE, T(TG::WithdrawalOrSelfSettlement), o20("Art. 21(1)"), "投诉人撤回投诉或者双方自行和解"),
    row(P20, TE, T(TG::NoAgreementOnTesting), o20("Art. 21(2)"), "双方对委托哪家技术机构或者对检定、检验、检测、鉴定费用的承担协商不成"),
    row(P20, TE, T(TG::AbsentOrRefused), o20("Art. 21(3)"), "一方无正当理由不参加调解，或者被投诉人明确拒绝调解"),
    row(P20, TE, T(TG::NoAgreementPossible), o20("Art. 21(4)"), "经组织调解，一方明确表示无法达成调解协议"),
    row(P20, TE, T(TG::PeriodExpired), o20("Art. 21(5)"), "自投诉受理之日起四十五个工作日内未能达成调解协议"),
    row(P20, TE, T(TG::NonAcceptanceGroundFound), o20("Art. 21(6)"), "受理后发现存在第十五条规定情形"),
    row(P20, TE, T(TG::OtherLegal), o20("Art. 21(7)"), "法律、法规、规章规定的应当终止调解的其他情形"),
    // Order No. 121 Art. 23(1): eight items (template reproduction). [S]
    row(P121, TE, T(TG::WithdrawalOrSelfSettlement), o121("Art. 23(1)(1)", S), "投诉人撤回投诉或者双方自行和解"),
    row(P121, TE, T(TG::AbsentOrRefused), o121("Art. 23(1)(2)", S), "任何一方无正当理由不参加调解，或者任何一方明确拒绝调解"),
    row(P121, TE, T(TG::NoAgreementPossible), o121("Art. 23(1)(3)", S), "经组织调解，任何一方明确表示无法达成调解协议"),
    row(P121, TE, T(TG::NoAgreementOnTesting), o121("Art. 23(1)(4)", S), "对鉴定、检测费用承担协商不成"),
    row(P121, TE, T(TG::PeriodExpired), o121("Art. 23(1)(5)", S), "自投诉受理之日起六十日内未能达成调解协议"),
    row(P121, TE, T(TG::NonAcceptanceGroundFound), o121("Art. 23(1)(6)", U), "受理后发现存在第十六条或者第四十二条规定情形（第四十二条内容未见）"),
    row(P121, TE, T(TG::PartyCeased), o121("Art. 23(1)(7)", S), "一方当事人死亡或者主体资格灭失"),
    row(P121, TE, T(TG::OtherLegal), o121("Art. 23(1)(8)", S), "法律、法规、规章规定的应当终止调解的其他情形"),
    // Consumer association: no current text; the usual reasons mediation fails. [U]
    row(CA, TE, T(TG::WithdrawalOrSelfSettlement), cca("—"), "投诉人撤回投诉或者双方自行和解"),
    row(CA, TE, T(TG::AbsentOrRefused), cca("—"), "一方拒绝调解或者无正当理由不参加调解"),
    row(CA, TE, T(TG::NoAgreementPossible), cca("—"), "经调解双方无法达成一致"),
    row(CA, TE, T(TG::PeriodExpired), cca("—"), "调解期限（含经同意延长的期限）届满未达成协议"),
    row(CA, TE, T(TG::OtherLegal), cca("—"), "其他应当终止调解的情形"),
    // Transfers. Order No. 20 Art. 37 and Art. 12. [V]
    row(P20, TR, X(TB::SentBackNoAuthority), o20("Art. 37"), "无处理权限的单位退回统一接收投诉的机构，不得自行移送"),
    row(P20, TR, X(TB::DispatchedToCompetent), o20("Art. 37, Art. 12"), "统一接收投诉的机构及时分送有处理权限的下级部门或同级有关机构"),
    row(P20, TR, X(TB::HigherLevelTakeover), o20("Art. 12"), "上级市场监管部门认为有必要的，可以处理下级部门收到的投诉"),
    // Order No. 121: same routing, platform-domicile rule added; article numbers not seen.
    row(P121, TR, X(TB::SentBackNoAuthority), o121("—", U), "无处理权限的单位退回统一接收投诉的机构"),
    row(P121, TR, X(TB::DispatchedToCompetent), o121("—", U), "统一接收投诉的机构分送有处理权限的部门"),
    row(P121, TR, X(TB::HigherLevelTakeover), o121("—", U), "上级市场监管部门认为有必要的，可以处理下级部门收到的投诉"),
    row(P121, TR, X(TB::PlatformDomicile), o121("—", S), "平台内经营者未公示地址或按公示地址无法联系的，由平台经营者住所地部门处理"),
    // Consumer association referral (its item 7 above). [U]
    row(CA, TR, X(TB::ReferredToCompetentAuthority), cca("item 7"), "依法应由指定部门处理的，告知或转交该部门"),
];

/// The rows of one procedure's list, in statutory order.
pub fn list(procedure: Procedure, kind: ListKind) -> impl Iterator<Item = &'static ListRow> {
    LISTS
        .iter()
        .filter(move |r| r.procedure == procedure && r.list == kind)
}

/// The row for `item` in `procedure`'s list, if the procedure lists it.
pub fn find(procedure: Procedure, item: ListItem) -> Option<&'static ListRow> {
    LISTS
        .iter()
        .find(|r| r.procedure == procedure && r.item == item)
}

impl ListItem {
    /// The snake_case code, as in JSON.
    pub fn code(self) -> &'static str {
        match self {
            ListItem::NonAcceptance(g) => g.code(),
            ListItem::Termination(g) => g.code(),
            ListItem::Transfer(b) => b.code(),
        }
    }
}

impl NonAcceptanceGround {
    /// The snake_case code, as in JSON.
    pub fn code(self) -> &'static str {
        match self {
            NG::OutOfScope => "out_of_scope",
            NG::AlreadyHandled => "already_handled",
            NG::NotLivingConsumption => "not_living_consumption",
            NG::TimeBarred => "time_barred",
            NG::MissingOrFalseMaterials => "missing_or_false_materials",
            NG::IdentityImpersonationOrRefusal => "identity_impersonation_or_refusal",
            NG::OtherLegal => "other_legal",
            NG::NoIdentifiedRespondent => "no_identified_respondent",
            NG::BetweenOperators => "between_operators",
            NG::DefectDisclosedBeforeSale => "defect_disclosed_before_sale",
            NG::AlreadySettled => "already_settled",
            NG::NoEvidence => "no_evidence",
            NG::DesignatedBody => "designated_body",
        }
    }
}

impl TerminationGround {
    /// The snake_case code, as in JSON.
    pub fn code(self) -> &'static str {
        match self {
            TG::WithdrawalOrSelfSettlement => "withdrawal_or_self_settlement",
            TG::NoAgreementOnTesting => "no_agreement_on_testing",
            TG::AbsentOrRefused => "absent_or_refused",
            TG::NoAgreementPossible => "no_agreement_possible",
            TG::PeriodExpired => "period_expired",
            TG::NonAcceptanceGroundFound => "non_acceptance_ground_found",
            TG::PartyCeased => "party_ceased",
            TG::OtherLegal => "other_legal",
        }
    }
}

impl TransferBasis {
    /// The snake_case code, as in JSON.
    pub fn code(self) -> &'static str {
        match self {
            TB::SentBackNoAuthority => "sent_back_no_authority",
            TB::DispatchedToCompetent => "dispatched_to_competent",
            TB::HigherLevelTakeover => "higher_level_takeover",
            TB::PlatformDomicile => "platform_domicile",
            TB::ReferredToCompetentAuthority => "referred_to_competent_authority",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_sizes_match_the_reference() {
        let n = |p, k| list(p, k).count();
        assert_eq!(n(P20, NA), 6); // Order 20 Art. 15: six items
        assert_eq!(n(P121, NA), 7); // Order 121 Art. 16: seven items
        assert_eq!(n(CA, NA), 8); // CCA secondary source: eight items
        assert_eq!(n(P20, TE), 7); // Order 20 Art. 21: seven items
        assert_eq!(n(P121, TE), 8); // Order 121 Art. 23(1): eight items
        assert_eq!(n(P20, TR), 3);
        assert_eq!(n(P121, TR), 4);
        assert_eq!(n(CA, TR), 1);
    }

    #[test]
    fn each_item_appears_once_per_procedure_and_list() {
        for (i, a) in LISTS.iter().enumerate() {
            for b in LISTS.iter().skip(i + 1) {
                assert!(
                    !(a.procedure == b.procedure && a.item == b.item),
                    "{:?} {:?} listed twice",
                    a.procedure,
                    a.item
                );
            }
        }
    }

    #[test]
    fn identity_ground_exists_only_under_order_121() {
        let item = ListItem::NonAcceptance(NG::IdentityImpersonationOrRefusal);
        assert!(find(P20, item).is_none());
        assert_eq!(
            find(P121, item).map(|r| r.citation.article),
            Some("Art. 16(6)")
        );
        assert!(find(CA, item).is_none());
    }
}
