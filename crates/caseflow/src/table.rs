//! THE transition table: state × event → guards → target, with who may cause the event,
//! under which procedures, and what the handling body must then do. The machine, the
//! diagrams and the handlers' descriptions all read this one table.

use std::sync::OnceLock;

use serde::Serialize;

use crate::event::{Actor, EVENT_TAGS, EventTag};
use crate::procedure::Procedure;
use crate::state::{STATES, StateKind};

/// A condition a transition needs, beyond the state and the event. Evaluated by
/// [`Case::apply`](crate::Case::apply); the descriptions are in [`Guard::describe_zh`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Guard {
    /// The consent is to mediation.
    ConsentToMediation,
    /// The consent is to the agreement's terms.
    ConsentToAgreement,
    /// The consent is to extending the mediation period.
    ConsentToExtension,
    /// A party's consent is given by that party, or recorded by the handler.
    ConsentByThatParty,
    /// Identity documents have not been requested before.
    NoIdentityRequest,
    /// The date set for identity documents is not before the request.
    IdentityDueNotPast,
    /// Identity documents were requested and are still outstanding.
    IdentityRequestOpen,
    /// No identity documents are outstanding.
    IdentityNotOutstanding,
    /// The ground is in the procedure's statutory list.
    GroundListed,
    /// The transfer basis is in the procedure's list.
    BasisListed,
    /// Both parties consented to mediation.
    BothConsentedToMediation,
    /// A delegated mediator only where the procedure allows delegation.
    DelegationAllowed,
    /// The agreement was reached in mediation (not settled by the parties themselves).
    MediatedAgreement,
    /// The parties settled by themselves (自行和解).
    SelfSettled,
    /// Both parties consented to the agreement.
    BothConsentedToAgreement,
    /// Where the period's end ends mediation, the agreement is within the period.
    WithinMediationPeriod,
    /// Both parties consented to the extension.
    BothConsentedToExtension,
    /// The period has not been extended before.
    NotExtended,
    /// "Period expired" is a ground only once the mediation period has passed.
    PeriodExpiredOnlyAfterDue,
    /// Where a termination notice is due, it has been given.
    TerminationNotified,
    /// The termination notice has not been given yet.
    NotYetNotified,
    /// No satisfaction rating yet.
    NotYetRated,
    /// No return visit yet.
    NotYetVisited,
    /// The named deadline is running, undischarged, not yet recorded, and its due date (as
    /// the event states it) is before the event's legal day.
    DeadlineHasElapsed,
    /// The elapsed deadline is a mediation period whose end ends mediation.
    ElapsedEndsMediation,
}

impl Guard {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Guard::ConsentToMediation => "consent_to_mediation",
            Guard::ConsentToAgreement => "consent_to_agreement",
            Guard::ConsentToExtension => "consent_to_extension",
            Guard::ConsentByThatParty => "consent_by_that_party",
            Guard::NoIdentityRequest => "no_identity_request",
            Guard::IdentityDueNotPast => "identity_due_not_past",
            Guard::IdentityRequestOpen => "identity_request_open",
            Guard::IdentityNotOutstanding => "identity_not_outstanding",
            Guard::GroundListed => "ground_listed",
            Guard::BasisListed => "basis_listed",
            Guard::BothConsentedToMediation => "both_consented_to_mediation",
            Guard::DelegationAllowed => "delegation_allowed",
            Guard::MediatedAgreement => "mediated_agreement",
            Guard::SelfSettled => "self_settled",
            Guard::BothConsentedToAgreement => "both_consented_to_agreement",
            Guard::WithinMediationPeriod => "within_mediation_period",
            Guard::BothConsentedToExtension => "both_consented_to_extension",
            Guard::NotExtended => "not_extended",
            Guard::PeriodExpiredOnlyAfterDue => "period_expired_only_after_due",
            Guard::TerminationNotified => "termination_notified",
            Guard::NotYetNotified => "not_yet_notified",
            Guard::NotYetRated => "not_yet_rated",
            Guard::NotYetVisited => "not_yet_visited",
            Guard::DeadlineHasElapsed => "deadline_has_elapsed",
            Guard::ElapsedEndsMediation => "elapsed_ends_mediation",
        }
    }
    /// Plain-Chinese statement of the condition, for handlers.
    pub fn describe_zh(self) -> &'static str {
        match self {
            Guard::ConsentToMediation => "所同意的事项是调解",
            Guard::ConsentToAgreement => "所同意的事项是调解协议内容",
            Guard::ConsentToExtension => "所同意的事项是延长调解期限",
            Guard::ConsentByThatParty => "由该当事人本人表示，或由承办人员记录",
            Guard::NoIdentityRequest => "此前未要求提供身份证明材料",
            Guard::IdentityDueNotPast => "指定的提交日期不早于提出要求之日",
            Guard::IdentityRequestOpen => "已要求提供身份证明材料且尚未收到",
            Guard::IdentityNotOutstanding => "没有尚未提交的身份证明材料",
            Guard::GroundListed => "理由属于本程序规定的法定情形之一",
            Guard::BasisListed => "移送依据属于本程序规定的情形之一",
            Guard::BothConsentedToMediation => "投诉人和被投诉人均已同意调解",
            Guard::DelegationAllowed => {
                "委托调解仅限市场监管部门委托消费者协会或其他依法成立的调解组织"
            }
            Guard::MediatedAgreement => "协议系经调解达成（而非双方自行和解）",
            Guard::SelfSettled => "双方自行和解",
            Guard::BothConsentedToAgreement => "投诉人和被投诉人均已同意调解协议内容",
            Guard::WithinMediationPeriod => "期限届满即终止调解的程序中，协议须在调解期限内达成",
            Guard::BothConsentedToExtension => "投诉人和被投诉人均已同意延长",
            Guard::NotExtended => "此前未延长过调解期限",
            Guard::PeriodExpiredOnlyAfterDue => "以“期限届满”为由终止的，调解期限须已届满",
            Guard::TerminationNotified => "本程序规定告知期限的，已告知双方终止调解",
            Guard::NotYetNotified => "尚未告知终止调解",
            Guard::NotYetRated => "尚未记录满意度",
            Guard::NotYetVisited => "尚未回访",
            Guard::DeadlineHasElapsed => {
                "该期限已开始、尚未履行、尚未记录届满，且届满日早于事件当日"
            }
            Guard::ElapsedEndsMediation => "届满的是调解期限，且期限届满即终止调解",
        }
    }
}

/// What the handling body must do after a transition (returned by `apply`, never performed
/// by this crate, and never returned when a case is restored from its log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Notify the complainant of the decision (Order No. 121: with the other routes of CRPL
    /// Art. 39 when not accepted).
    NotifyDecision,
    /// Send the complaint to the receiving body.
    ForwardComplaint,
    /// Notify the parties of the mediation's time, place and mediators (Order No. 20 Art. 18).
    NotifyMediationArrangements,
    /// Make the mediation document or record (Order No. 20 Art. 22): for an agreement reached
    /// in mediation only.
    IssueMediationDocument,
    /// Notify both parties that mediation ended, within the notice period (Order No. 20
    /// Art. 21, last paragraph): whatever ended it, the complainant's withdrawal and the
    /// parties' own settlement included (Art. 21(1)).
    NotifyTermination,
    /// Issue the letter supporting the consumer's lawsuit.
    IssueReferralLetter,
    /// File the case.
    Archive,
}

impl Effect {
    /// Plain-Chinese instruction for handlers.
    pub fn describe_zh(self) -> &'static str {
        match self {
            Effect::NotifyDecision => {
                "告知投诉人受理或不予受理的决定（第121号令：不予受理的，同时告知和解、消协调解、仲裁、诉讼等途径）"
            }
            Effect::ForwardComplaint => "将投诉材料送交接收单位",
            Effect::NotifyMediationArrangements => "现场调解的，提前告知调解的时间、地点和调解人员",
            Effect::IssueMediationDocument => {
                "制作调解书（当即履行或双方同意不制作的，制作调解记录）"
            }
            Effect::NotifyTermination => "在告知期限内告知双方当事人终止调解",
            Effect::IssueReferralLetter => "出具支持起诉函",
            Effect::Archive => "办结归档",
        }
    }
}

/// One row of the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TransitionRule {
    /// Stable identifier: `state.event` with a suffix where one pair has several rows.
    pub id: &'static str,
    /// The state the case must be in.
    pub from: StateKind,
    /// The event.
    pub event: EventTag,
    /// Conditions, checked in order; the first that fails is reported.
    pub guards: &'static [Guard],
    /// The state after the event.
    pub to: StateKind,
    /// Who may cause the event.
    pub actors: &'static [Actor],
    /// The procedures the row belongs to.
    pub procedures: &'static [Procedure],
    /// What the handling body must then do.
    pub effects: &'static [Effect],
}

use Actor::{Business as B, Consumer as C, Handler as H, System as SYS};
use EventTag as E;
use Guard as G;
use Procedure::{ConsumerAssociation as CA, SamrOrder20 as P20, SamrOrder121 as P121};
use StateKind as S;

const ALL: &[Procedure] = &[P20, P121, CA];
const SAMR: &[Procedure] = &[P20, P121];
const ONLY_121: &[Procedure] = &[P121];
const ONLY_CA: &[Procedure] = &[CA];
const HANDLER: &[Actor] = &[H];
const PARTIES: &[Actor] = &[C, B, H];
const CONSUMER: &[Actor] = &[C, H];
const SYSTEM: &[Actor] = &[SYS];

#[allow(clippy::too_many_arguments, reason = "a table row")]
const fn t(
    id: &'static str,
    from: StateKind,
    event: EventTag,
    guards: &'static [Guard],
    to: StateKind,
    actors: &'static [Actor],
    procedures: &'static [Procedure],
    effects: &'static [Effect],
) -> TransitionRule {
    TransitionRule {
        id,
        from,
        event,
        guards,
        to,
        actors,
        procedures,
        effects,
    }
}

const ELAPSED: &[Guard] = &[G::DeadlineHasElapsed];
const ELAPSED_ENDS: &[Guard] = &[G::DeadlineHasElapsed, G::ElapsedEndsMediation];
const END_GUARDS: &[Guard] = &[G::GroundListed, G::PeriodExpiredOnlyAfterDue];
const MEDIATION_CONSENT: &[Guard] = &[G::ConsentToMediation, G::ConsentByThatParty];

/// The transition table. Rows for the same state and event are tried in order. (Kept one
/// row per line, out of rustfmt's reach, so that it reads as a table.)
///
/// Order No. 20 Art. 21(1) (Order No. 121 Art. 23(1)(1)) lists the complainant's withdrawal
/// and the parties' own settlement (自行和解) among the events that end mediation, and the
/// article's last paragraph has the parties told within 7 working days. Under the
/// market-regulation procedures those facts therefore end in "mediation ended" with the
/// termination notice due, whether they are recorded as `withdrawn`, as
/// `agreement_reached` with `self_settlement`, or as `mediation_ended` with
/// `withdrawal_or_self_settlement`: one consequence, whichever event records it (the outcome
/// still says which fact it was). Once acceptance has started the mediation period, the case
/// is in mediation for this purpose. The mediation document (Art. 22) is for an agreement
/// reached in mediation only. A consumer association has no such notice: there a
/// withdrawal is withdrawn and a settlement resolved, as before.
#[rustfmt::skip]
pub const TRANSITIONS: &[TransitionRule] = &[
    // Received: the acceptance decision (and, under Order 121, identity verification).
    t("received.consent_given", S::Received, E::ConsentGiven, MEDIATION_CONSENT, S::Received, PARTIES, ALL, &[]),
    t("received.identity_documents_requested", S::Received, E::IdentityDocumentsRequested, &[G::NoIdentityRequest, G::IdentityDueNotPast], S::Received, HANDLER, ONLY_121, &[]),
    t("received.identity_documents_received", S::Received, E::IdentityDocumentsReceived, &[G::IdentityRequestOpen], S::Received, CONSUMER, ONLY_121, &[]),
    t("received.accepted", S::Received, E::Accepted, &[G::IdentityNotOutstanding], S::Accepted, HANDLER, ALL, &[Effect::NotifyDecision]),
    t("received.not_accepted", S::Received, E::NotAccepted, &[G::GroundListed], S::NotAccepted, HANDLER, ALL, &[Effect::NotifyDecision]),
    t("received.transferred", S::Received, E::Transferred, &[G::BasisListed], S::Transferred, HANDLER, ALL, &[Effect::ForwardComplaint]),
    t("received.withdrawn", S::Received, E::Withdrawn, &[], S::Withdrawn, CONSUMER, ALL, &[]),
    t("received.deadline_elapsed", S::Received, E::DeadlineElapsed, ELAPSED, S::Received, SYSTEM, ALL, &[]),
    // Accepted: waiting for both parties to agree to mediation.
    t("accepted.consent_given", S::Accepted, E::ConsentGiven, MEDIATION_CONSENT, S::Accepted, PARTIES, ALL, &[]),
    t("accepted.mediation_started", S::Accepted, E::MediationStarted, &[G::BothConsentedToMediation, G::DelegationAllowed], S::InMediation, HANDLER, ALL, &[Effect::NotifyMediationArrangements]),
    t("accepted.mediation_ended", S::Accepted, E::MediationEnded, END_GUARDS, S::MediationEnded, HANDLER, ALL, &[Effect::NotifyTermination]),
    t("accepted.agreement_reached.self_settlement", S::Accepted, E::AgreementReached, &[G::SelfSettled], S::MediationEnded, HANDLER, SAMR, &[Effect::NotifyTermination]),
    t("accepted.agreement_reached.self_settlement.cca", S::Accepted, E::AgreementReached, &[G::SelfSettled], S::Resolved, HANDLER, ONLY_CA, &[]),
    t("accepted.withdrawn.ends_mediation", S::Accepted, E::Withdrawn, &[], S::MediationEnded, CONSUMER, SAMR, &[Effect::NotifyTermination]),
    t("accepted.withdrawn", S::Accepted, E::Withdrawn, &[], S::Withdrawn, CONSUMER, ONLY_CA, &[]),
    t("accepted.deadline_elapsed.ends_mediation", S::Accepted, E::DeadlineElapsed, ELAPSED_ENDS, S::MediationEnded, SYSTEM, SAMR, &[Effect::NotifyTermination]),
    t("accepted.deadline_elapsed", S::Accepted, E::DeadlineElapsed, ELAPSED, S::Accepted, SYSTEM, ONLY_CA, &[]),
    // In mediation.
    t("in_mediation.consent_given", S::InMediation, E::ConsentGiven, &[G::ConsentToAgreement, G::ConsentByThatParty], S::InMediation, PARTIES, ALL, &[]),
    t("in_mediation.consent_given.extension", S::InMediation, E::ConsentGiven, &[G::ConsentToExtension, G::ConsentByThatParty], S::InMediation, PARTIES, ONLY_CA, &[]),
    t("in_mediation.clock_paused", S::InMediation, E::ClockPaused, &[], S::MediationPaused, HANDLER, ALL, &[]),
    t("in_mediation.mediation_extended", S::InMediation, E::MediationExtended, &[G::BothConsentedToExtension, G::NotExtended], S::InMediation, HANDLER, ONLY_CA, &[]),
    t("in_mediation.agreement_reached", S::InMediation, E::AgreementReached, &[G::MediatedAgreement, G::BothConsentedToAgreement, G::WithinMediationPeriod], S::Resolved, HANDLER, ALL, &[Effect::IssueMediationDocument]),
    t("in_mediation.agreement_reached.self_settlement", S::InMediation, E::AgreementReached, &[G::SelfSettled], S::MediationEnded, HANDLER, SAMR, &[Effect::NotifyTermination]),
    t("in_mediation.agreement_reached.self_settlement.cca", S::InMediation, E::AgreementReached, &[G::SelfSettled], S::Resolved, HANDLER, ONLY_CA, &[]),
    t("in_mediation.mediation_ended", S::InMediation, E::MediationEnded, END_GUARDS, S::MediationEnded, HANDLER, ALL, &[Effect::NotifyTermination]),
    t("in_mediation.withdrawn.ends_mediation", S::InMediation, E::Withdrawn, &[], S::MediationEnded, CONSUMER, SAMR, &[Effect::NotifyTermination]),
    t("in_mediation.withdrawn", S::InMediation, E::Withdrawn, &[], S::Withdrawn, CONSUMER, ONLY_CA, &[]),
    t("in_mediation.deadline_elapsed.ends_mediation", S::InMediation, E::DeadlineElapsed, ELAPSED_ENDS, S::MediationEnded, SYSTEM, SAMR, &[Effect::NotifyTermination]),
    t("in_mediation.deadline_elapsed", S::InMediation, E::DeadlineElapsed, ELAPSED, S::InMediation, SYSTEM, ONLY_CA, &[]),
    // Mediation suspended.
    t("mediation_paused.clock_resumed", S::MediationPaused, E::ClockResumed, &[], S::InMediation, HANDLER, ALL, &[]),
    t("mediation_paused.mediation_ended", S::MediationPaused, E::MediationEnded, END_GUARDS, S::MediationEnded, HANDLER, ALL, &[Effect::NotifyTermination]),
    t("mediation_paused.agreement_reached.self_settlement", S::MediationPaused, E::AgreementReached, &[G::SelfSettled], S::MediationEnded, HANDLER, SAMR, &[Effect::NotifyTermination]),
    t("mediation_paused.agreement_reached.self_settlement.cca", S::MediationPaused, E::AgreementReached, &[G::SelfSettled], S::Resolved, HANDLER, ONLY_CA, &[]),
    t("mediation_paused.withdrawn.ends_mediation", S::MediationPaused, E::Withdrawn, &[], S::MediationEnded, CONSUMER, SAMR, &[Effect::NotifyTermination]),
    t("mediation_paused.withdrawn", S::MediationPaused, E::Withdrawn, &[], S::Withdrawn, CONSUMER, ONLY_CA, &[]),
    t("mediation_paused.deadline_elapsed.ends_mediation", S::MediationPaused, E::DeadlineElapsed, ELAPSED_ENDS, S::MediationEnded, SYSTEM, SAMR, &[Effect::NotifyTermination]),
    t("mediation_paused.deadline_elapsed", S::MediationPaused, E::DeadlineElapsed, ELAPSED, S::MediationPaused, SYSTEM, ONLY_CA, &[]),
    // Mediation ended without agreement.
    t("mediation_ended.termination_notified", S::MediationEnded, E::TerminationNotified, &[G::NotYetNotified], S::MediationEnded, HANDLER, ALL, &[]),
    t("mediation_ended.litigation_supported", S::MediationEnded, E::LitigationSupported, &[G::TerminationNotified], S::LitigationSupported, HANDLER, ONLY_CA, &[Effect::IssueReferralLetter]),
    t("mediation_ended.closed", S::MediationEnded, E::Closed, &[G::TerminationNotified], S::Closed, HANDLER, ALL, &[Effect::Archive]),
    t("mediation_ended.deadline_elapsed", S::MediationEnded, E::DeadlineElapsed, ELAPSED, S::MediationEnded, SYSTEM, SAMR, &[]),
    // Outcomes are closed.
    t("resolved.closed", S::Resolved, E::Closed, &[], S::Closed, HANDLER, ALL, &[Effect::Archive]),
    t("not_accepted.closed", S::NotAccepted, E::Closed, &[], S::Closed, HANDLER, ALL, &[Effect::Archive]),
    t("transferred.closed", S::Transferred, E::Closed, &[], S::Closed, HANDLER, ALL, &[Effect::Archive]),
    t("withdrawn.closed", S::Withdrawn, E::Closed, &[], S::Closed, HANDLER, ALL, &[Effect::Archive]),
    t("litigation_supported.closed", S::LitigationSupported, E::Closed, &[], S::Closed, HANDLER, ONLY_CA, &[Effect::Archive]),
    // Closed: the consumer's rating and, under Order 121, the return visit.
    t("closed.satisfaction_recorded", S::Closed, E::SatisfactionRecorded, &[G::NotYetRated], S::Closed, CONSUMER, ALL, &[]),
    t("closed.return_visit_made", S::Closed, E::ReturnVisitMade, &[G::NotYetVisited], S::Closed, HANDLER, ONLY_121, &[]),
    t("closed.deadline_elapsed", S::Closed, E::DeadlineElapsed, ELAPSED, S::Closed, SYSTEM, ONLY_121, &[]),
];

/// Number of event tags (the index's row width).
const N_EVENTS: usize = EVENT_TAGS.len();

/// Row indices by (state, event), built once so that `apply` looks at two or three rows.
fn index() -> &'static [Vec<u16>] {
    static INDEX: OnceLock<Vec<Vec<u16>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut idx = vec![Vec::new(); STATES.len() * N_EVENTS];
        for (i, row) in TRANSITIONS.iter().enumerate() {
            let slot = row.from as usize * N_EVENTS + row.event as usize;
            if let (Some(v), Ok(i)) = (idx.get_mut(slot), u16::try_from(i)) {
                v.push(i);
            }
        }
        idx
    })
}

/// The rows for a state and an event (all procedures), in table order, with their indices.
pub fn rows_for(
    from: StateKind,
    event: EventTag,
) -> impl Iterator<Item = (usize, &'static TransitionRule)> {
    index()
        .get(from as usize * N_EVENTS + event as usize)
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .filter_map(|&i| TRANSITIONS.get(usize::from(i)).map(|r| (usize::from(i), r)))
}

/// The rows of one procedure, in table order.
pub fn rows_of(procedure: Procedure) -> impl Iterator<Item = &'static TransitionRule> {
    TRANSITIONS
        .iter()
        .filter(move |r| r.procedures.contains(&procedure))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_name_the_state_and_event() {
        for (i, a) in TRANSITIONS.iter().enumerate() {
            let prefix = format!("{}.{}", a.from.as_str(), a.event.as_str());
            assert!(
                a.id.starts_with(&prefix),
                "{} should start with {prefix}",
                a.id
            );
            for b in TRANSITIONS.iter().skip(i + 1) {
                assert_ne!(a.id, b.id);
            }
        }
    }

    #[test]
    fn the_index_finds_every_row() {
        for (i, row) in TRANSITIONS.iter().enumerate() {
            assert!(
                rows_for(row.from, row.event).any(|(j, _)| j == i),
                "{}",
                row.id
            );
        }
        assert_eq!(rows_for(StateKind::Closed, EventTag::Accepted).count(), 0);
    }

    #[test]
    fn received_opens_and_is_never_a_transition() {
        assert!(TRANSITIONS.iter().all(|r| r.event != EventTag::Received));
    }

    #[test]
    fn every_state_is_reachable_under_some_procedure() {
        for s in STATES {
            assert!(
                s == StateKind::Received || TRANSITIONS.iter().any(|r| r.to == s && r.from != s),
                "{s:?} unreachable"
            );
        }
    }
}
