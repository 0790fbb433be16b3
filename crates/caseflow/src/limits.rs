//! THE table of statutory time limits. Every period a case is held to is one row here, with
//! its number, unit, starting point, the acts that discharge it, whether the clock stops for
//! testing or recusal, and its citation and reliability (legal.md §1, §2, §7). Nothing else
//! in the crate holds a number of days.

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::event::EventTag;
use crate::procedure::{Citation, Instrument, Procedure, Reliability};
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
}

/// The unit a period is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    pub citation: Citation,
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
    pub citation: Citation,
    /// Suspensions that stop this period's clock.
    pub pauses: &'static [PauseRule],
    /// Whether mediation ends when the period passes (a `deadline_elapsed` event moves the
    /// case to "mediation ended"); otherwise passing it only records the overdue.
    pub ends_mediation: bool,
    /// Whether a last day that is not a working day moves to the next working day (Civil
    /// Code Art. 203), subject to [`Policy::civil_code_art_203`](crate::Policy).
    pub art_203: bool,
    /// Chinese description for handlers.
    pub zh: &'static str,
}

impl LimitRule {
    /// Whether the rule must be flagged for legal review.
    pub fn flagged(&self) -> bool {
        self.citation.reliability.flagged()
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

const fn cite(instrument: Instrument, article: &'static str, reliability: Reliability) -> Citation {
    Citation {
        instrument,
        article,
        reliability,
    }
}

use EventTag as E;
use Instrument::{CcaRules, Crpl, SamrOrder20, SamrOrder121};
use Reliability::{Secondary as S, Unverified as U, Verified as V};

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
        citation: cite(SamrOrder20, "Art. 20", V),
    },
    // Art. 19 suspends mediation on a recusal application; that the clock stops is an
    // inference (legal.md §1.1 model notes).
    PauseRule {
        class: PauseClass::Recusal,
        citation: cite(SamrOrder20, "Art. 19", U),
    },
];
const O121_PAUSES: &[PauseRule] = &[
    // Whether Art. 20's exclusion survives in Order 121 is not confirmed (legal.md §1.2).
    PauseRule {
        class: PauseClass::Technical,
        citation: cite(SamrOrder121, "—", U),
    },
    PauseRule {
        class: PauseClass::Recusal,
        citation: cite(SamrOrder121, "—", U),
    },
];
const CCA_PAUSES: &[PauseRule] = &[
    PauseRule {
        class: PauseClass::Technical,
        citation: cite(Crpl, "Art. 37(6)", U),
    },
    PauseRule {
        class: PauseClass::Recusal,
        citation: cite(CcaRules, "—", U),
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
        citation: cite(SamrOrder20, "Art. 14 (CRPL Art. 46)", V),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        zh: "自收到投诉之日起七个工作日内作出受理或者不予受理的决定，并告知投诉人",
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
        citation: cite(SamrOrder20, "Art. 37", V),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        zh: "统一接收投诉的机构应当及时分送（无具体天数）",
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
        citation: cite(SamrOrder20, "Art. 21(5), Art. 20", V),
        pauses: O20_PAUSES,
        ends_mediation: true,
        art_203: false,
        zh: "自投诉受理之日起四十五个工作日内未能达成调解协议的，终止调解；检定、检验、检测、鉴定期间不计入",
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
        citation: cite(SamrOrder20, "Art. 21 (final paragraph)", V),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        zh: "自作出终止调解决定之日起七个工作日内告知双方当事人",
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
        citation: cite(Crpl, "Art. 46", V),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        zh: "自收到投诉之日起七个工作日内予以处理并告知消费者（消费者权益保护法第四十六条；第121号令相应条文未见）",
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
        citation: cite(SamrOrder121, "—", U),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        zh: "分送、移送期限未见具体天数",
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
        citation: cite(SamrOrder121, "Art. 10(3)", S),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        zh: "市场监管部门可以要求投诉人在指定期限内提供身份证明材料，逾期不提供或者提供虚假材料的，不予受理（期限由部门指定）",
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
        citation: cite(SamrOrder121, "Art. 23(1)(5)", S),
        pauses: O121_PAUSES,
        ends_mediation: true,
        art_203: true,
        zh: "自投诉受理之日起六十日内未能达成调解协议的，终止调解（按自然日计算，待官方文本确认）",
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
        citation: cite(SamrOrder121, "— (Order No. 20 Art. 21 carried over)", U),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        zh: "终止调解的，告知双方当事人并告知其他解决途径（期限沿用第20号令七个工作日，待核实）",
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
        citation: cite(SamrOrder121, "—", U),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        zh: "办结后回访（期限未见，可配置）",
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
        citation: cite(CcaRules, "—", U),
        pauses: &[],
        ends_mediation: false,
        art_203: false,
        zh: "七个工作日内决定是否受理",
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
        citation: cite(CcaRules, "—", U),
        pauses: CCA_PAUSES,
        ends_mediation: false,
        art_203: false,
        zh: "受理之日起十五个工作日内调解完毕",
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
        citation: cite(CcaRules, "—", U),
        pauses: CCA_PAUSES,
        ends_mediation: false,
        art_203: true,
        zh: "情况复杂、经双方同意的，调解期限可延长至受理之日起三个月",
    },
];

/// The citation of the Civil Code rule that moves a last day off a rest day. The article
/// is verified; its application to complaint-handling periods is not (legal.md §7.3).
pub const ART_203: Citation = Citation {
    instrument: Instrument::CivilCode,
    article: "Art. 203",
    reliability: Reliability::Unverified,
};

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
}
