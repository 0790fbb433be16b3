//! THE table of statutory time limits. Every period a case is held to is one row here, with
//! its number, unit, starting point, the acts that discharge it, whether the clock stops for
//! testing or recusal, and its citation (a `weiquan_law::Citation` with its reliability mark).
//! Nothing else in the crate holds a number of days: the handlers' texts that state a period
//! write it from the row (`{period}` in [`LimitRule::template_zh`]).

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::event::EventTag;
use weiquan_law::{Citation, Reliability, chinese_number, instruments};

use crate::procedure::Procedure;
use crate::state::StateKind;

/// Which statutory time limit.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// Decide whether to accept, and notify the complainant.
    AcceptanceDecision,
    /// Send the complaint to the body with authority.
    Transfer,
    /// The complainant's identity documents (date set by the department).
    IdentityDocuments,
    /// The mediation period.
    MediationPeriod,
    /// Notify the parties that mediation ended.
    TerminationNotice,
    /// The return visit after closure.
    ReturnVisit,
}

/// Every deadline kind, in the order deadlines are listed.
pub const DEADLINE_KINDS: [DeadlineKind; 6] = [
    DeadlineKind::AcceptanceDecision,
    DeadlineKind::Transfer,
    DeadlineKind::IdentityDocuments,
    DeadlineKind::MediationPeriod,
    DeadlineKind::TerminationNotice,
    DeadlineKind::ReturnVisit,
];

impl DeadlineKind {
    /// Position in [`DEADLINE_KINDS`].
    pub fn index(self) -> usize {
        self as usize
    }
    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            DeadlineKind::AcceptanceDecision => "acceptance_decision",
            DeadlineKind::Transfer => "transfer",
            DeadlineKind::IdentityDocuments => "identity_documents",
            DeadlineKind::MediationPeriod => "mediation_period",
            DeadlineKind::TerminationNotice => "termination_notice",
            DeadlineKind::ReturnVisit => "return_visit",
        }
    }
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            DeadlineKind::AcceptanceDecision => "作出受理决定并告知",
            DeadlineKind::Transfer => "移送",
            DeadlineKind::IdentityDocuments => "提供身份证明材料",
            DeadlineKind::MediationPeriod => "调解期限",
            DeadlineKind::TerminationNotice => "告知终止调解",
            DeadlineKind::ReturnVisit => "回访",
        }
    }
    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            DeadlineKind::AcceptanceDecision => "decide on acceptance and notify",
            DeadlineKind::Transfer => "transfer",
            DeadlineKind::IdentityDocuments => "provide identity documents",
            DeadlineKind::MediationPeriod => "mediation period",
            DeadlineKind::TerminationNotice => "notify the end of mediation",
            DeadlineKind::ReturnVisit => "return visit",
        }
    }
}

/// The unit a period is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Working days (工作日), counted with the official calendar; the starting day is not
    /// counted.
    WorkingDays,
    /// Calendar days (日); the starting day is not counted (Civil Code Art. 201).
    CalendarDays,
    /// Calendar months ending on the corresponding day (Civil Code Art. 202).
    Months,
}

impl Unit {
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Unit::WorkingDays => "个工作日",
            Unit::CalendarDays => "日",
            Unit::Months => "个月",
        }
    }
    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Unit::WorkingDays => "working days",
            Unit::CalendarDays => "calendar days",
            Unit::Months => "months",
        }
    }
}

/// When a period starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Start {
    /// On the legal day the case enters this state.
    Enters(StateKind),
    /// On the legal day of this event.
    Event(EventTag),
}

/// Which of a kind's rows applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// The ordinary period.
    Normal,
    /// The period after an extension agreed by both parties.
    Extended,
}

/// A class of suspension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseClass {
    /// 检定、检验、检测、鉴定.
    Technical,
    /// A recusal application.
    Recusal,
}

/// A rule that stops a period's clock, and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PauseRule {
    /// Which suspensions.
    pub class: PauseClass,
    /// Where it is written (or inferred from).
    pub citation: Citation<'static>,
}

/// One statutory time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LimitRule {
    /// Stable identifier, used in traces and in [`Policy::limits`](crate::Policy) overrides.
    pub id: &'static str,
    /// The procedure.
    pub procedure: Procedure,
    /// Which limit.
    pub kind: DeadlineKind,
    /// Ordinary or extended.
    pub variant: Variant,
    /// The number of units; `None` where the instrument sets no number (e.g. "promptly")
    /// or the number is set case by case.
    pub amount: Option<u32>,
    /// The unit.
    pub unit: Unit,
    /// What starts the period.
    pub start: Start,
    /// The acts that discharge it.
    pub discharged_by: &'static [EventTag],
    /// The legal basis.
    pub citation: Citation<'static>,
    /// Suspensions that stop this period's clock.
    pub pauses: &'static [PauseRule],
    /// Whether mediation ends when the period passes (a `deadline_elapsed` event moves the
    /// case to "mediation ended"); otherwise passing it only records the overdue.
    pub ends_mediation: bool,
    /// Whether a last day that is not a working day moves to the next working day (Civil
    /// Code Art. 203), subject to [`Policy::civil_code_art_203`](crate::Policy).
    pub art_203: bool,
    /// Chinese description for handlers, with `{period}` where it states the period (e.g.
    /// `自收到投诉之日起{period}内…`): [`LimitRule::text_zh`] writes in the period the case
    /// runs, so a period a policy sets is never described with the table's number.
    pub template_zh: &'static str,
}

/// What stands in a rule's template for its period.
const PERIOD: &str = "{period}";

impl LimitRule {
    /// Whether the rule must be flagged for legal review.
    pub fn flagged(&self) -> bool {
        self.citation.reliability().needs_review()
    }
    /// A period of this rule's unit in Chinese words, as statutes write it: `七个工作日`,
    /// `六十日`, `三个月`; empty for `None` (a rule without a number states none).
    pub fn period_zh(&self, amount: Option<u32>) -> String {
        let Some(n) = amount else {
            return String::new();
        };
        // Before the measure word 个, two is 两 (两个月), as Chinese writes it; 二日 stays.
        let number = if n == 2 && self.unit != Unit::CalendarDays {
            "两".to_owned()
        } else {
            chinese_number(n)
        };
        format!("{number}{}", self.unit.name_zh())
    }
    /// The Chinese description with the period `amount` (the one in force for the case:
    /// [`Policy::amount`](crate::Policy::amount)) written out.
    ///
    /// ```
    /// use weiquan_caseflow::limits::by_id;
    /// let rule = by_id("cca.mediation_period").ok_or("no rule")?;
    /// assert_eq!(rule.text_zh(rule.amount), "受理之日起十五个工作日内调解完毕");
    /// assert_eq!(rule.text_zh(Some(20)), "受理之日起二十个工作日内调解完毕");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn text_zh(&self, amount: Option<u32>) -> String {
        self.template_zh.replace(PERIOD, &self.period_zh(amount))
    }
    /// Whether a [`Policy`](crate::Policy) may set its period: an `[S]`/`[U]` rule whose period
    /// is a number of units the case runs (not a date set in the request, and not a
    /// transfer, which is due only once the body finds it lacks authority).
    pub fn configurable(&self) -> bool {
        self.flagged()
            && !matches!(
                self.kind,
                DeadlineKind::IdentityDocuments | DeadlineKind::Transfer
            )
    }
}

/// Order No. 20 [V].
const O20: Citation<'static> = Citation::of(&instruments::SAMR_ORDER_20);
/// Order No. 121 [S].
const O121: Citation<'static> = Citation::of(&instruments::SAMR_ORDER_121);
/// An Order No. 121 rule whose article was not seen [U].
const O121_UNSEEN: Citation<'static> = O121
    .marked(Reliability::Unverified)
    .noted("article not seen", "条文未见");
/// The CRPL as amended in 2013, whose article numbers these rows cite.
const CRPL_2013: Citation<'static> = Citation::of(&instruments::CRPL).in_version(2013);
/// The CCA rules' periods, known from a secondary source only [U].
const CCA_PERIOD: Citation<'static> = Citation::of(&instruments::CCA_RULES).noted(
    "the current text was not found; the period as a secondary source gives it",
    "现行文本未找到；期限依二手来源",
);

use EventTag as E;
use Reliability::Unverified as U;

const DECIDED: &[EventTag] = &[E::Accepted, E::NotAccepted, E::Transferred, E::Withdrawn];
const MEDIATION_OVER: &[EventTag] = &[E::AgreementReached, E::MediationEnded, E::Withdrawn];
const IDENTITY_DONE: &[EventTag] = &[
    E::IdentityDocumentsReceived,
    E::NotAccepted,
    E::Transferred,
    E::Withdrawn,
];

const O20_PAUSES: &[PauseRule] = &[
    PauseRule {
        class: PauseClass::Technical,
        citation: O20.art(20),
    },
    // Art. 19 suspends mediation on a recusal application; that the clock stops is an
    // inference from Order No. 20's text, not a stated rule.
    PauseRule {
        class: PauseClass::Recusal,
        citation: O20.art(19).marked(U).noted(
            "mediation is suspended; that the clock stops is an inference",
            "调解中止；期限中止计算系推断",
        ),
    },
];
const O121_PAUSES: &[PauseRule] = &[
    // Whether Art. 20's exclusion survives in Order 121 is not confirmed (only Arts. 1–7, 10, 16 and 23 of Order No. 121 were seen).
    PauseRule {
        class: PauseClass::Technical,
        citation: O121_UNSEEN.noted(
            "article not seen; whether Order No. 20 Art. 20's exclusion survives is not confirmed",
            "条文未见；第20号令第二十条的规定是否保留未经确认",
        ),
    },
    PauseRule {
        class: PauseClass::Recusal,
        citation: O121_UNSEEN.noted(
            "article not seen; by analogy with Order No. 20 Art. 19",
            "条文未见；参照第20号令第十九条",
        ),
    },
];
const CCA_PAUSES: &[PauseRule] = &[
    PauseRule {
        class: PauseClass::Technical,
        citation: CRPL_2013.art(37).para(1).item(6).marked(U).noted(
            "the association may commission appraisal; that the clock stops is an inference",
            "消费者协会可委托鉴定；期限中止计算系推断",
        ),
    },
    PauseRule {
        class: PauseClass::Recusal,
        citation: Citation::of(&instruments::CCA_RULES).noted(
            "no text seen; by analogy with Order No. 20 Art. 19",
            "条文未见；参照第20号令第十九条",
        ),
    },
];

/// Every statutory time limit of every procedure.
pub const TIME_LIMITS: &[LimitRule] = &[
    LimitRule {
        id: "samr20.acceptance_decision",
        procedure: Procedure::SamrOrder20,
        kind: DeadlineKind::AcceptanceDecision,
        variant: Variant::Normal,
        amount: Some(7),
        unit: Unit::WorkingDays,
        start: Start::Enters(StateKind::Received),
        discharged_by: DECIDED,
        citation: O20.art(14).noted(
            "as CRPL Art. 46 also provides",
            "与《消费者权益保护法》第四十六条规定一致",
        ),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        template_zh: "自收到投诉之日起{period}内作出受理或者不予受理的决定，并告知投诉人",
    },
    LimitRule {
        id: "samr20.transfer",
        procedure: Procedure::SamrOrder20,
        kind: DeadlineKind::Transfer,
        variant: Variant::Normal,
        amount: None,
        unit: Unit::WorkingDays,
        start: Start::Enters(StateKind::Received),
        discharged_by: &[E::Transferred],
        citation: O20.art(37),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        template_zh: "统一接收投诉的机构应当及时分送（无具体天数）",
    },
    LimitRule {
        id: "samr20.mediation_period",
        procedure: Procedure::SamrOrder20,
        kind: DeadlineKind::MediationPeriod,
        variant: Variant::Normal,
        amount: Some(45),
        unit: Unit::WorkingDays,
        start: Start::Enters(StateKind::Accepted),
        discharged_by: MEDIATION_OVER,
        citation: O20.art(21).para(1).item(5).noted(
            "testing and appraisal time excluded under Art. 20",
            "检定、检验、检测、鉴定期间依第二十条不计入",
        ),
        pauses: O20_PAUSES,
        ends_mediation: true,
        art_203: false,
        template_zh: "自投诉受理之日起{period}内未能达成调解协议的，终止调解；检定、检验、检测、鉴定期间不计入",
    },
    LimitRule {
        id: "samr20.termination_notice",
        procedure: Procedure::SamrOrder20,
        kind: DeadlineKind::TerminationNotice,
        variant: Variant::Normal,
        amount: Some(7),
        unit: Unit::WorkingDays,
        start: Start::Enters(StateKind::MediationEnded),
        discharged_by: &[E::TerminationNotified],
        citation: O20.art(21).noted("final paragraph", "最后一款"),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        template_zh: "自作出终止调解决定之日起{period}内告知双方当事人",
    },
    LimitRule {
        id: "samr121.acceptance_decision",
        procedure: Procedure::SamrOrder121,
        kind: DeadlineKind::AcceptanceDecision,
        variant: Variant::Normal,
        amount: Some(7),
        unit: Unit::WorkingDays,
        start: Start::Enters(StateKind::Received),
        discharged_by: DECIDED,
        citation: CRPL_2013.art(46).noted(
            "the Order No. 121 article was not seen; the statute fixes the period",
            "第121号令相应条文未见，以法律规定为准",
        ),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        template_zh: "自收到投诉之日起{period}内予以处理并告知消费者（第121号令相应条文未见，以消费者权益保护法规定为准）",
    },
    LimitRule {
        id: "samr121.transfer",
        procedure: Procedure::SamrOrder121,
        kind: DeadlineKind::Transfer,
        variant: Variant::Normal,
        amount: None,
        unit: Unit::WorkingDays,
        start: Start::Enters(StateKind::Received),
        discharged_by: &[E::Transferred],
        citation: O121_UNSEEN,
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        template_zh: "分送、移送期限未见具体天数",
    },
    LimitRule {
        id: "samr121.identity_documents",
        procedure: Procedure::SamrOrder121,
        kind: DeadlineKind::IdentityDocuments,
        variant: Variant::Normal,
        amount: None,
        unit: Unit::CalendarDays,
        start: Start::Event(E::IdentityDocumentsRequested),
        discharged_by: IDENTITY_DONE,
        citation: O121.art(10).para(3),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        template_zh: "市场监管部门可以要求投诉人在指定期限内提供身份证明材料，逾期不提供或者提供虚假材料的，不予受理（期限由部门指定）",
    },
    LimitRule {
        id: "samr121.mediation_period",
        procedure: Procedure::SamrOrder121,
        kind: DeadlineKind::MediationPeriod,
        variant: Variant::Normal,
        amount: Some(60),
        unit: Unit::CalendarDays,
        start: Start::Enters(StateKind::Accepted),
        discharged_by: MEDIATION_OVER,
        citation: O121.art(23).para(1).item(5),
        pauses: O121_PAUSES,
        ends_mediation: true,
        art_203: true,
        template_zh: "自投诉受理之日起{period}内未能达成调解协议的，终止调解（按自然日计算，待官方文本确认）",
    },
    LimitRule {
        id: "samr121.termination_notice",
        procedure: Procedure::SamrOrder121,
        kind: DeadlineKind::TerminationNotice,
        variant: Variant::Normal,
        amount: Some(7),
        unit: Unit::WorkingDays,
        start: Start::Enters(StateKind::MediationEnded),
        discharged_by: &[E::TerminationNotified],
        citation: O121_UNSEEN.noted(
            "article not seen; Order No. 20 Art. 21 carried over",
            "条文未见；沿用第20号令第二十一条",
        ),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        template_zh: "终止调解的，自作出终止调解决定之日起{period}内告知双方当事人并告知其他解决途径（期限沿用第20号令的规定，待核实）",
    },
    LimitRule {
        id: "samr121.return_visit",
        procedure: Procedure::SamrOrder121,
        kind: DeadlineKind::ReturnVisit,
        variant: Variant::Normal,
        amount: None,
        unit: Unit::WorkingDays,
        start: Start::Enters(StateKind::Closed),
        discharged_by: &[E::ReturnVisitMade],
        citation: O121_UNSEEN,
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        template_zh: "办结后回访（期限未见，可配置）",
    },
    LimitRule {
        id: "cca.acceptance_decision",
        procedure: Procedure::ConsumerAssociation,
        kind: DeadlineKind::AcceptanceDecision,
        variant: Variant::Normal,
        amount: Some(7),
        unit: Unit::WorkingDays,
        start: Start::Enters(StateKind::Received),
        discharged_by: DECIDED,
        citation: CCA_PERIOD,
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        template_zh: "{period}内决定是否受理",
    },
    LimitRule {
        id: "cca.mediation_period",
        procedure: Procedure::ConsumerAssociation,
        kind: DeadlineKind::MediationPeriod,
        variant: Variant::Normal,
        amount: Some(15),
        unit: Unit::WorkingDays,
        start: Start::Enters(StateKind::Accepted),
        discharged_by: MEDIATION_OVER,
        citation: CCA_PERIOD,
        pauses: CCA_PAUSES,
        ends_mediation: false,
        art_203: false,
        template_zh: "受理之日起{period}内调解完毕",
    },
    LimitRule {
        id: "cca.mediation_period_extended",
        procedure: Procedure::ConsumerAssociation,
        kind: DeadlineKind::MediationPeriod,
        variant: Variant::Extended,
        amount: Some(3),
        unit: Unit::Months,
        start: Start::Enters(StateKind::Accepted),
        discharged_by: MEDIATION_OVER,
        citation: CCA_PERIOD,
        pauses: CCA_PAUSES,
        ends_mediation: false,
        art_203: true,
        template_zh: "情况复杂、经双方同意的，调解期限可延长至受理之日起{period}",
    },
];

/// The citation of the Civil Code rule that moves a last day off a rest day (Art. 203
/// para. 1). The article is verified; its application to complaint-handling periods is not,
/// hence the mark `[U]`.
pub const ART_203: Citation<'static> = Citation::of(&instruments::CIVIL_CODE)
    .art(203)
    .para(1)
    .marked(Reliability::Unverified)
    .noted(
        "the article is verified; whether it applies to complaint-handling periods is not",
        "条文已核对；是否适用于投诉处理期限未经核实",
    );

/// The rule of `procedure` for `kind` and `variant`.
pub fn rule(
    procedure: Procedure,
    kind: DeadlineKind,
    variant: Variant,
) -> Option<&'static LimitRule> {
    TIME_LIMITS
        .iter()
        .find(|r| r.procedure == procedure && r.kind == kind && r.variant == variant)
}

/// The events (bit `EventTag as u32`) and entered states (bit `StateKind as u32`) that can
/// start or discharge one of `procedure`'s time limits.
pub(crate) fn relevance(procedure: Procedure) -> (u32, u32) {
    static MASKS: OnceLock<Vec<(Procedure, u32, u32)>> = OnceLock::new();
    let masks = MASKS.get_or_init(|| {
        crate::procedure::PROCEDURES
            .iter()
            .map(|&p| {
                let (mut tags, mut states) = (0u32, 0u32);
                for r in rules_of(p) {
                    match r.start {
                        Start::Enters(s) => states |= 1 << s as u32,
                        Start::Event(t) => tags |= 1 << t as u32,
                    }
                    for t in r.discharged_by {
                        tags |= 1 << *t as u32;
                    }
                }
                (p, tags, states)
            })
            .collect()
    });
    masks
        .iter()
        .find(|m| m.0 == procedure)
        .map_or((u32::MAX, u32::MAX), |m| (m.1, m.2))
}

/// The rows of one procedure.
pub fn rules_of(procedure: Procedure) -> impl Iterator<Item = &'static LimitRule> {
    TIME_LIMITS.iter().filter(move |r| r.procedure == procedure)
}

/// The row with this identifier.
pub fn by_id(id: &str) -> Option<&'static LimitRule> {
    TIME_LIMITS.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_prefixed_by_procedure() {
        for (i, a) in TIME_LIMITS.iter().enumerate() {
            let prefix = match a.procedure {
                Procedure::SamrOrder20 => "samr20.",
                Procedure::SamrOrder121 => "samr121.",
                Procedure::ConsumerAssociation => "cca.",
            };
            assert!(a.id.starts_with(prefix), "{}", a.id);
            for b in TIME_LIMITS.iter().skip(i + 1) {
                assert_ne!(a.id, b.id);
                assert!(
                    !(a.procedure == b.procedure && a.kind == b.kind && a.variant == b.variant),
                    "{} and {} overlap",
                    a.id,
                    b.id
                );
            }
        }
    }

    #[test]
    fn the_statutory_numbers() {
        let amount = |id: &str| by_id(id).and_then(|r| r.amount.map(|a| (a, r.unit)));
        assert_eq!(
            amount("samr20.acceptance_decision"),
            Some((7, Unit::WorkingDays))
        );
        assert_eq!(
            amount("samr20.mediation_period"),
            Some((45, Unit::WorkingDays))
        );
        assert_eq!(
            amount("samr20.termination_notice"),
            Some((7, Unit::WorkingDays))
        );
        assert_eq!(
            amount("samr121.mediation_period"),
            Some((60, Unit::CalendarDays))
        );
        assert_eq!(
            amount("cca.mediation_period"),
            Some((15, Unit::WorkingDays))
        );
        assert_eq!(
            amount("cca.mediation_period_extended"),
            Some((3, Unit::Months))
        );
        assert_eq!(amount("samr121.return_visit"), None);
    }

    #[test]
    fn only_verified_rules_go_unflagged() {
        let unflagged: Vec<&str> = TIME_LIMITS
            .iter()
            .filter(|r| !r.flagged())
            .map(|r| r.id)
            .collect();
        assert_eq!(
            unflagged,
            [
                "samr20.acceptance_decision",
                "samr20.transfer",
                "samr20.mediation_period",
                "samr20.termination_notice",
                "samr121.acceptance_decision"
            ]
        );
    }

    /// A rule with a number states it only through `{period}`, so that the text follows the
    /// period in force; a rule without one has nothing to write in.
    #[test]
    fn texts_state_the_period_only_through_the_placeholder() {
        for r in TIME_LIMITS {
            match r.amount {
                Some(n) => {
                    assert!(r.template_zh.contains(PERIOD), "{}", r.id);
                    let words = r.period_zh(Some(n));
                    assert!(!r.template_zh.contains(&words), "{} writes {words}", r.id);
                    assert!(r.text_zh(Some(n)).contains(&words), "{}", r.id);
                }
                None => assert!(!r.template_zh.contains(PERIOD), "{}", r.id),
            }
            assert!(!r.text_zh(r.amount).contains('{'), "{}", r.id);
        }
        let rule = |id| by_id(id).unwrap();
        assert_eq!(
            rule("samr20.mediation_period").period_zh(Some(45)),
            "四十五个工作日"
        );
        assert_eq!(
            rule("samr121.mediation_period").period_zh(Some(60)),
            "六十日"
        );
        assert_eq!(
            rule("cca.mediation_period_extended").period_zh(Some(3)),
            "三个月"
        );
        assert_eq!(
            rule("cca.mediation_period_extended").period_zh(Some(2)),
            "两个月"
        );
        assert_eq!(rule("samr121.mediation_period").period_zh(Some(2)), "二日");
        assert_eq!(rule("samr121.return_visit").period_zh(None), "");
    }

    /// The structured citations of the rows, as Chinese statutes and judgments write them.
    #[test]
    fn citations_are_exact_about_articles_paragraphs_and_items() {
        let zh = |id| by_id(id).unwrap().citation.text_zh();
        assert_eq!(
            zh("samr20.mediation_period"),
            "《市场监督管理投诉举报处理暂行办法》第二十一条第一款第（五）项"
        );
        assert_eq!(
            zh("samr121.mediation_period"),
            "《市场监督管理投诉举报处理办法》第二十三条第一款第（五）项"
        );
        assert_eq!(
            zh("samr121.acceptance_decision"),
            "《中华人民共和国消费者权益保护法》（2013年修正）第四十六条"
        );
        let notice = by_id("samr20.termination_notice").unwrap().citation;
        assert_eq!(
            notice.annotated_en(),
            "SAMR Order No. 20, Art. 21 (final paragraph) [V]"
        );
        let cca = by_id("cca.mediation_period").unwrap();
        assert_eq!(
            cca.pauses[0].citation.text_zh(),
            "《中华人民共和国消费者权益保护法》（2013年修正）第三十七条第一款第（六）项"
        );
        assert_eq!(ART_203.text_en(), "Civil Code, Art. 203, para. 1");
        assert!(ART_203.reliability().needs_review());
    }
}
