//! The statutory lists a handler chooses from: grounds for not accepting a complaint, grounds
//! for ending mediation, and bases for transferring a complaint. One table, one row per item
//! of each procedure's list, with its citation (article, paragraph and item as numbers, through
//! `weiquan-law`) and reliability. The Chinese texts are short summaries of the items, not
//! quotations.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use weiquan_law::{Citation, Reliability, instruments};

use crate::limits::{self, DeadlineKind, Variant};
use crate::policy::Policy;
use crate::procedure::Procedure;

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

/// What a party did that ends mediation under the "absent or refused" item.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Conduct {
    /// Did not attend mediation without good reason.
    Absent,
    /// Expressly refused mediation.
    Refused,
}

/// Which party did it, and what (Order No. 20 Art. 21 para. 1 item (3): either party absent,
/// the respondent refusing; Order No. 121 Art. 23 para. 1 item (2): either party, either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyConduct {
    /// The party.
    pub party: crate::event::Party,
    /// What it did.
    pub act: Conduct,
}

/// What the parties could not agree on about testing or appraisal (Order No. 20 Art. 21
/// para. 1 item (2): the technical body or who pays; Order No. 121 Art. 23 para. 1 item (4):
/// who pays only).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TestingDispute {
    /// Which technical body to commission.
    TechnicalBody,
    /// Who pays for the testing, inspection or appraisal.
    Costs,
}

/// What each procedure's termination items cover: whose absence and whose refusal end
/// mediation, and which testing disputes. One row per procedure, cited; the guard
/// `ground_listed` refuses a `mediation_ended` whose stated facts the item does not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TerminationScope {
    /// The procedure.
    pub procedure: Procedure,
    /// Parties whose absence without good reason ends mediation.
    pub absence_by: &'static [crate::event::Party],
    /// Parties whose express refusal ends mediation.
    pub refusal_by: &'static [crate::event::Party],
    /// Where the absence and refusal are written.
    pub conduct_citation: Citation<'static>,
    /// Testing disputes that end mediation.
    pub testing: &'static [TestingDispute],
    /// Where they are written.
    pub testing_citation: Citation<'static>,
}

const BOTH: &[crate::event::Party] =
    &[crate::event::Party::Consumer, crate::event::Party::Business];

/// The scope of the termination items of each procedure.
pub const TERMINATION_SCOPES: &[TerminationScope] = &[
    // Order No. 20 Art. 21 para. 1: "一方无正当理由不参加调解，或者被投诉人明确拒绝调解" (3);
    // "对委托哪家技术机构或者对检定、检验、检测、鉴定费用的承担协商不成" (2). [V]
    TerminationScope {
        procedure: Procedure::SamrOrder20,
        absence_by: BOTH,
        refusal_by: &[crate::event::Party::Business],
        conduct_citation: O20.art(21).para(1).item(3),
        testing: &[TestingDispute::TechnicalBody, TestingDispute::Costs],
        testing_citation: O20.art(21).para(1).item(2),
    },
    // Order No. 121 Art. 23 para. 1: "任何一方无正当理由不参加调解，或者任何一方明确拒绝调解" (2);
    // "对鉴定、检测费用承担协商不成" (4). [S]
    TerminationScope {
        procedure: Procedure::SamrOrder121,
        absence_by: BOTH,
        refusal_by: BOTH,
        conduct_citation: O121.art(23).para(1).item(2),
        testing: &[TestingDispute::Costs],
        testing_citation: O121.art(23).para(1).item(4),
    },
    // The association: no current text; the usual reasons, either party. [U]
    TerminationScope {
        procedure: Procedure::ConsumerAssociation,
        absence_by: BOTH,
        refusal_by: BOTH,
        conduct_citation: CCA_NO_TEXT,
        testing: &[TestingDispute::TechnicalBody, TestingDispute::Costs],
        testing_citation: CCA_NO_TEXT,
    },
];

/// Why the facts stated with a termination ground do not fit the procedure's item, if they
/// do not: who refused or was absent (only with `absent_or_refused` or
/// `no_agreement_possible`), what the testing dispute was about (only with
/// `no_agreement_on_testing`), and whether the procedure's item covers it.
pub fn termination_facts_unfit(
    procedure: Procedure,
    ground: TerminationGround,
    by: Option<PartyConduct>,
    testing: Option<TestingDispute>,
) -> Option<String> {
    let scope = TERMINATION_SCOPES
        .iter()
        .find(|s| s.procedure == procedure)?;
    let party = |p: crate::event::Party| match p {
        crate::event::Party::Consumer => "the consumer",
        crate::event::Party::Business => "the business",
    };
    if let Some(b) = by {
        match ground {
            TerminationGround::AbsentOrRefused => {
                let (allowed, what) = match b.act {
                    Conduct::Absent => (scope.absence_by, "an absence"),
                    Conduct::Refused => (scope.refusal_by, "a refusal"),
                };
                if !allowed.contains(&b.party) {
                    return Some(format!(
                        "{} ({}) does not list {what} by {}",
                        scope.conduct_citation.text_en(),
                        procedure.id(),
                        party(b.party)
                    ));
                }
            }
            TerminationGround::NoAgreementPossible => {
                if b.act != Conduct::Refused {
                    return Some(
                        "no_agreement_possible is a party's statement: `by.act` is `refused`"
                            .to_owned(),
                    );
                }
            }
            _ => {
                return Some(format!(
                    "`by` states who refused or was absent; {} takes none",
                    ground.code()
                ));
            }
        }
    }
    if let Some(t) = testing {
        if ground != TerminationGround::NoAgreementOnTesting {
            return Some(format!(
                "`testing` states what the testing dispute was about; {} takes none",
                ground.code()
            ));
        }
        if !scope.testing.contains(&t) {
            return Some(format!(
                "{} ({}) lists no disagreement on the technical body, only on who pays",
                scope.testing_citation.text_en(),
                procedure.id()
            ));
        }
    }
    None
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
    pub citation: Citation<'static>,
    /// Chinese summary for handlers, with `{mediation_period}` where it states the
    /// procedure's mediation period (rendered by [`ListRow::text_zh`], so that a period a
    /// policy sets shows its real length).
    pub template_zh: &'static str,
}

/// What stands in a ground's template for the procedure's mediation period.
const MEDIATION_PERIOD: &str = "{mediation_period}";

impl ListRow {
    /// The Chinese summary with the period the case runs under `policy` written out, e.g.
    /// `自投诉受理之日起六十日内未能达成调解协议`.
    pub fn text_zh(&self, policy: &Policy) -> String {
        if !self.template_zh.contains(MEDIATION_PERIOD) {
            return self.template_zh.to_owned();
        }
        let period = limits::rule(
            self.procedure,
            DeadlineKind::MediationPeriod,
            Variant::Normal,
        )
        .map(|r| r.period_zh(policy.amount(r)))
        .unwrap_or_default();
        self.template_zh.replace(MEDIATION_PERIOD, &period)
    }
}

/// Order No. 20, every article of which the reference checked [V].
const O20: Citation<'static> = Citation::of(&instruments::SAMR_ORDER_20);
/// Order No. 121, seen only in reproductions [S].
const O121: Citation<'static> = Citation::of(&instruments::SAMR_ORDER_121);
/// An Order No. 121 rule whose article number was not seen.
const O121_UNSEEN: Citation<'static> = O121.noted("article number not seen", "条文序号未见");
/// The CCA rules, whose current text was not found [U].
const CCA: Citation<'static> = Citation::of(&instruments::CCA_RULES);
/// A CCA ground with no article: the current text was not found.
const CCA_NO_TEXT: Citation<'static> = CCA.noted(
    "the current text was not found; the usual reasons mediation fails",
    "现行文本未找到；调解不成的常见情形",
);
/// An item of the CCA refusal list as a secondary web source numbers it.
const fn cca_item(n: u16) -> Citation<'static> {
    CCA.item(n).noted(
        "article not seen; the item as a secondary source numbers the list",
        "条文未见；项次依二手来源所列",
    )
}

use ListItem::{NonAcceptance as N, Termination as T, Transfer as X};
use ListKind::{NonAcceptance as NA, Termination as TE, Transfer as TR};
use NonAcceptanceGround as NG;
use Procedure::{ConsumerAssociation as CA, SamrOrder20 as P20, SamrOrder121 as P121};
use Reliability::Unverified as U;
use TerminationGround as TG;
use TransferBasis as TB;

const fn row(
    procedure: Procedure,
    list: ListKind,
    item: ListItem,
    citation: Citation<'static>,
    template_zh: &'static str,
) -> ListRow {
    ListRow {
        procedure,
        list,
        item,
        citation,
        template_zh,
    }
}

/// The statutory lists of every procedure (Order No. 20 Arts. 15 and 21, Order No. 121 Arts. 16 and 23, the CCA's rules), one row per line.
#[rustfmt::skip]
pub const LISTS: &[ListRow] = &[
    // Order No. 20 Art. 15 items (一)-(六): not accepted (exhaustive apart from item 6). [V]
    row(P20, NA, N(NG::OutOfScope), O20.art(15).item(1), "不属于市场监督管理部门职责，或者本机关不具有处理权限"),
    row(P20, NA, N(NG::AlreadyHandled), O20.art(15).item(2), "法院、仲裁机构、市场监管部门或其他行政机关、消费者协会或依法成立的其他调解组织已受理或处理过同一争议"),
    row(P20, NA, N(NG::NotLivingConsumption), O20.art(15).item(3), "不是为生活消费需要，或者不能证明与被投诉人之间存在消费者权益争议"),
    row(P20, NA, N(NG::TimeBarred), O20.art(15).item(4), "除法律另有规定外，自知道或应当知道权益受侵害之日起超过三年"),
    row(P20, NA, N(NG::MissingOrFalseMaterials), O20.art(15).item(5), "未提供第九条第一款和第十条规定的材料"),
    row(P20, NA, N(NG::OtherLegal), O20.art(15).item(6), "法律、法规、规章规定不予受理的其他情形"),
    // Order No. 121 Art. 16 items (一)-(七) (template reproduction). [S]
    row(P121, NA, N(NG::OutOfScope), O121.art(16).item(1), "不属于市场监督管理部门职责，或者本机关不具有处理权限"),
    row(P121, NA, N(NG::AlreadyHandled), O121.art(16).item(2), "法院、仲裁机构、市场监管部门或其他行政机关、消费者协会已受理或处理过同一争议（是否仍含“其他调解组织”待核实）"),
    row(P121, NA, N(NG::NotLivingConsumption), O121.art(16).item(3), "不是为生活消费需要，或者不能证明与被投诉人之间存在消费者权益争议"),
    row(P121, NA, N(NG::TimeBarred), O121.art(16).item(4), "除法律另有规定外，自知道或应当知道权益受侵害之日起超过三年"),
    row(P121, NA, N(NG::MissingOrFalseMaterials), O121.art(16).item(5), "未提供第十条第一款和第十一条规定的材料，或者提供虚假材料"),
    row(P121, NA, N(NG::IdentityImpersonationOrRefusal), O121.art(16).item(6), "冒用他人名义，或者拒不配合核验真实身份信息"),
    row(P121, NA, N(NG::OtherLegal), O121.art(16).item(7), "法律、法规、规章规定不予受理的其他情形"),
    // Consumer association refusal grounds (secondary web source only). [U]
    row(CA, NA, N(NG::NoIdentifiedRespondent), cca_item(1), "没有明确的被投诉方"),
    row(CA, NA, N(NG::BetweenOperators), cca_item(2), "经营者之间的争议"),
    row(CA, NA, N(NG::DefectDisclosedBeforeSale), cca_item(3), "经营者在出售前已如实告知商品瑕疵"),
    row(CA, NA, N(NG::AlreadySettled), cca_item(4), "争议已经和解或调解协议已履行，且无新情况、新理由、新证据"),
    row(CA, NA, N(NG::NoEvidence), cca_item(5), "消费者无法提供必要证据"),
    row(CA, NA, N(NG::AlreadyHandled), cca_item(6), "法院、行政部门或仲裁机构已受理或处理"),
    row(CA, NA, N(NG::DesignatedBody), cca_item(7), "法律规定由指定部门处理"),
    row(CA, NA, N(NG::OtherLegal), cca_item(8), "不属于《消费者权益保护法》调整范围的其他事项"),
    // Order No. 20 Art. 21 para. 1 items (一)-(七): mediation ends. [V]
    row(P20, TE, T(TG::WithdrawalOrSelfSettlement), O20.art(21).para(1).item(1), "投诉人撤回投诉或者双方自行和解"),
    row(P20, TE, T(TG::NoAgreementOnTesting), O20.art(21).para(1).item(2), "双方对委托哪家技术机构或者对检定、检验、检测、鉴定费用的承担协商不成"),
    row(P20, TE, T(TG::AbsentOrRefused), O20.art(21).para(1).item(3), "一方无正当理由不参加调解，或者被投诉人明确拒绝调解"),
    row(P20, TE, T(TG::NoAgreementPossible), O20.art(21).para(1).item(4), "经组织调解，一方明确表示无法达成调解协议"),
    row(P20, TE, T(TG::PeriodExpired), O20.art(21).para(1).item(5), "自投诉受理之日起{mediation_period}内未能达成调解协议"),
    row(P20, TE, T(TG::NonAcceptanceGroundFound), O20.art(21).para(1).item(6), "受理后发现存在第十五条规定情形"),
    row(P20, TE, T(TG::OtherLegal), O20.art(21).para(1).item(7), "法律、法规、规章规定的应当终止调解的其他情形"),
    // Order No. 121 Art. 23 para. 1 items (一)-(八) (template reproduction). [S]
    row(P121, TE, T(TG::WithdrawalOrSelfSettlement), O121.art(23).para(1).item(1), "投诉人撤回投诉或者双方自行和解"),
    row(P121, TE, T(TG::AbsentOrRefused), O121.art(23).para(1).item(2), "任何一方无正当理由不参加调解，或者任何一方明确拒绝调解"),
    row(P121, TE, T(TG::NoAgreementPossible), O121.art(23).para(1).item(3), "经组织调解，任何一方明确表示无法达成调解协议"),
    row(P121, TE, T(TG::NoAgreementOnTesting), O121.art(23).para(1).item(4), "对鉴定、检测费用承担协商不成"),
    row(P121, TE, T(TG::PeriodExpired), O121.art(23).para(1).item(5), "自投诉受理之日起{mediation_period}内未能达成调解协议"),
    row(P121, TE, T(TG::NonAcceptanceGroundFound), O121.art(23).para(1).item(6).marked(U), "受理后发现存在第十六条或者第四十二条规定情形（第四十二条内容未见）"),
    row(P121, TE, T(TG::PartyCeased), O121.art(23).para(1).item(7), "一方当事人死亡或者主体资格灭失"),
    row(P121, TE, T(TG::OtherLegal), O121.art(23).para(1).item(8), "法律、法规、规章规定的应当终止调解的其他情形"),
    // Consumer association: no current text; the usual reasons mediation fails. [U]
    row(CA, TE, T(TG::WithdrawalOrSelfSettlement), CCA_NO_TEXT, "投诉人撤回投诉或者双方自行和解"),
    row(CA, TE, T(TG::AbsentOrRefused), CCA_NO_TEXT, "一方拒绝调解或者无正当理由不参加调解"),
    row(CA, TE, T(TG::NoAgreementPossible), CCA_NO_TEXT, "经调解双方无法达成一致"),
    row(CA, TE, T(TG::PeriodExpired), CCA_NO_TEXT, "调解期限（含经同意延长的期限）届满未达成协议"),
    row(CA, TE, T(TG::OtherLegal), CCA_NO_TEXT, "其他应当终止调解的情形"),
    // Transfers. Order No. 20 Art. 37 and Art. 12. [V]
    row(P20, TR, X(TB::SentBackNoAuthority), O20.art(37), "无处理权限的单位退回统一接收投诉的机构，不得自行移送"),
    row(P20, TR, X(TB::DispatchedToCompetent), O20.art(37).noted("read with Art. 12 on jurisdiction", "结合第十二条关于管辖的规定"), "统一接收投诉的机构及时分送有处理权限的下级部门或同级有关机构"),
    row(P20, TR, X(TB::HigherLevelTakeover), O20.art(12), "上级市场监管部门认为有必要的，可以处理下级部门收到的投诉"),
    // Order No. 121: same routing, platform-domicile rule added; article numbers not seen.
    row(P121, TR, X(TB::SentBackNoAuthority), O121_UNSEEN.marked(U), "无处理权限的单位退回统一接收投诉的机构"),
    row(P121, TR, X(TB::DispatchedToCompetent), O121_UNSEEN.marked(U), "统一接收投诉的机构分送有处理权限的部门"),
    row(P121, TR, X(TB::HigherLevelTakeover), O121_UNSEEN.marked(U), "上级市场监管部门认为有必要的，可以处理下级部门收到的投诉"),
    row(P121, TR, X(TB::PlatformDomicile), O121_UNSEEN, "平台内经营者未公示地址或按公示地址无法联系的，由平台经营者住所地部门处理"),
    // Consumer association referral (its item 7 above). [U]
    row(CA, TR, X(TB::ReferredToCompetentAuthority), cca_item(7), "依法应由指定部门处理的，告知或转交该部门"),
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
        assert_eq!(n(P121, TE), 8); // Order 121 Art. 23 para. 1: eight items
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
        let c = find(P121, item).map(|r| r.citation).unwrap();
        assert_eq!((c.article, c.paragraph, c.item), (Some(16), None, Some(6)));
        assert_eq!(
            c.text_zh(),
            "《市场监督管理投诉举报处理办法》第十六条第（六）项"
        );
        assert!(find(CA, item).is_none());
    }

    /// The numbered lists are items (项) of one article, or of its first paragraph (款),
    /// numbered from (一) without a gap, in statutory order: Order No. 20 Art. 15 and Order
    /// No. 121 Art. 16 have no paragraph before their items; the termination grounds are
    /// items of the first paragraph of Art. 21 (Order No. 20) and Art. 23 (Order No. 121).
    #[test]
    fn statutory_lists_are_items_of_their_article() {
        let cases = [
            (P20, NA, 15, None, 6),
            (P121, NA, 16, None, 7),
            (P20, TE, 21, Some(1), 7),
            (P121, TE, 23, Some(1), 8),
        ];
        for (p, kind, article, paragraph, n) in cases {
            let rows: Vec<&ListRow> = list(p, kind).collect();
            assert_eq!(rows.len(), n);
            for (i, r) in rows.iter().enumerate() {
                let c = r.citation;
                assert_eq!(c.article, Some(article), "{p:?} {:?}", r.item);
                assert_eq!(c.paragraph, paragraph, "{p:?} {:?}", r.item);
                assert_eq!(c.item, Some(i as u16 + 1), "{p:?} {:?}", r.item);
            }
        }
        let period = find(P20, T(TG::PeriodExpired)).unwrap().citation;
        assert_eq!(
            period.text_zh(),
            "《市场监督管理投诉举报处理暂行办法》第二十一条第一款第（五）项"
        );
        assert_eq!(
            period.text_en(),
            "SAMR Order No. 20, Art. 21, para. 1, item (5)"
        );
        let ground = find(P20, N(NG::MissingOrFalseMaterials)).unwrap().citation;
        assert_eq!(
            ground.text_zh(),
            "《市场监督管理投诉举报处理暂行办法》第十五条第（五）项"
        );
    }

    /// A ground that states the mediation period states the one the case runs: the table's
    /// by default, a policy's when it sets another.
    #[test]
    fn the_period_expired_ground_states_the_period_in_force() {
        let row = find(P121, T(TG::PeriodExpired)).unwrap();
        let default = Policy::default();
        assert_eq!(
            row.text_zh(&default),
            "自投诉受理之日起六十日内未能达成调解协议"
        );
        let mut policy = Policy::default();
        policy.limits.insert("samr121.mediation_period".into(), 90);
        policy.check(P121).unwrap();
        assert_eq!(
            row.text_zh(&policy),
            "自投诉受理之日起九十日内未能达成调解协议"
        );
        let o20 = find(P20, T(TG::PeriodExpired)).unwrap();
        assert_eq!(
            o20.text_zh(&default),
            "自投诉受理之日起四十五个工作日内未能达成调解协议"
        );
        // A row without the placeholder is its template.
        let other = find(P20, N(NG::OutOfScope)).unwrap();
        assert_eq!(other.text_zh(&policy), other.template_zh);
        for r in LISTS {
            assert!(!r.text_zh(&default).contains('{'), "{:?}", r.item);
        }
    }
}
