//! Lifecycles under each procedure, with exact due dates and statuses, every refusal the
//! guards make, and a check that the scenarios together use every row of the transition
//! table.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use std::collections::BTreeSet;

use common::{Run, at, day, ev};
use weiquan_caseflow::{
    Actor, Calendar, Case, Conduct, ConsentSubject, DeadlineKind, DeadlineStatus, Effect, Error,
    EventKind, EventTag, Guard, Mediator, NonAcceptanceGround, Outcome, Party, PartyConduct,
    PauseReason, Policy, Procedure, ProcedureSelection, Satisfaction, Settlement, StateKind,
    TRANSITIONS, TerminationGround, TransferBasis, Unit,
};
use weiquan_complaint::Yuan;
use weiquan_law::{Reliability, instruments};

const SAMR: ProcedureSelection = ProcedureSelection::MarketRegulation;
const CCA: ProcedureSelection = ProcedureSelection::ConsumerAssociation;

fn deadline(case: &Case, as_of: &str, kind: DeadlineKind) -> weiquan_caseflow::Deadline {
    case.deadlines(day(as_of))
        .unwrap()
        .into_iter()
        .find(|d| d.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} deadline"))
}

fn guard_of(e: &Error) -> Guard {
    match e {
        Error::GuardFailed { guard, .. } => *guard,
        other => panic!("expected a guard failure, got {other:?}"),
    }
}

/// Order No. 20: acceptance, mediation with an appraisal pause, agreement, closure, rating.
fn order20_resolved(used: &mut BTreeSet<&'static str>) {
    let mut r = Run::open("2024-05-10 09:30", SAMR);
    assert_eq!(r.case.procedure(), Procedure::SamrOrder20);
    // The consumer agrees to mediation when complaining.
    r.ok(
        "2024-05-10 09:35",
        Actor::Consumer,
        EventKind::ConsentGiven {
            party: Party::Consumer,
            subject: ConsentSubject::Mediation,
        },
    );
    let acc = deadline(&r.case, "2024-05-10", DeadlineKind::AcceptanceDecision);
    // 7 working days from Friday 10 May 2024; Saturday 11 May was a working day.
    assert_eq!(acc.due, day("2024-05-20"));
    assert_eq!(acc.status, DeadlineStatus::Pending);
    assert_eq!(
        acc.basis.text_zh(),
        "《市场监督管理投诉举报处理暂行办法》第十四条"
    );
    assert_eq!(acc.basis.note_en, Some("as CRPL Art. 46 also provides"));
    assert_eq!(
        acc.description_zh,
        "自收到投诉之日起七个工作日内作出受理或者不予受理的决定，并告知投诉人"
    );
    assert!(!acc.flagged);

    let t = r.handler("2024-05-14 10:00", EventKind::Accepted);
    assert_eq!(t.effects, &[Effect::NotifyDecision]);
    assert_eq!(t.seq, 3);
    r.ok(
        "2024-05-15 10:00",
        Actor::Business,
        EventKind::ConsentGiven {
            party: Party::Business,
            subject: ConsentSubject::Mediation,
        },
    );
    let t = r.handler(
        "2024-05-16 14:00",
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    );
    assert_eq!(t.effects, &[Effect::NotifyMediationArrangements]);
    // 45 working days from acceptance on 14 May (Dragon Boat, 10 June, is not one).
    assert_eq!(
        deadline(&r.case, "2024-05-16", DeadlineKind::MediationPeriod).due,
        day("2024-07-17")
    );

    r.handler(
        "2024-06-03 10:00",
        EventKind::ClockPaused {
            reason: PauseReason::Appraisal,
        },
    );
    let paused = deadline(&r.case, "2024-06-05", DeadlineKind::MediationPeriod);
    assert!(paused.clock_paused);
    assert_eq!(paused.paused, 2); // 4 and 5 June so far
    assert_eq!(paused.due, day("2024-07-19"));
    r.handler("2024-06-12 10:00", EventKind::ClockResumed);

    // An agreement needs both parties' consent to its terms.
    let agreement = EventKind::AgreementReached {
        amount_recovered: Yuan::from_yuan(1299),
        settlement: Settlement::Mediation,
    };
    let e = r.refused("2024-06-20 09:00", Actor::Handler, agreement.clone());
    assert_eq!(guard_of(&e), Guard::BothConsentedToAgreement);
    assert_eq!(
        e.to_string(),
        "event agreement_reached in state in_mediation fails guard both_consented_to_agreement: no recorded consent to Agreement from consumer and business"
    );
    r.ok(
        "2024-06-20 10:00",
        Actor::Consumer,
        EventKind::ConsentGiven {
            party: Party::Consumer,
            subject: ConsentSubject::Agreement,
        },
    );
    let e = r.refused("2024-06-20 11:00", Actor::Handler, agreement.clone());
    assert!(e.to_string().ends_with("from business"), "{e}");
    r.handler(
        "2024-06-20 11:00",
        EventKind::ConsentGiven {
            party: Party::Business,
            subject: ConsentSubject::Agreement,
        },
    );
    let t = r.handler("2024-06-21 15:00", agreement);
    assert_eq!(
        (t.from, t.to),
        (StateKind::InMediation, StateKind::Resolved)
    );
    assert_eq!(t.effects, &[Effect::IssueMediationDocument]);
    r.handler("2024-06-24 09:00", EventKind::Closed);
    r.ok(
        "2024-06-25 09:00",
        Actor::Consumer,
        EventKind::SatisfactionRecorded {
            rating: Satisfaction::Satisfied,
        },
    );
    let e = r.refused(
        "2024-06-26 09:00",
        Actor::Consumer,
        EventKind::SatisfactionRecorded {
            rating: Satisfaction::Dissatisfied,
        },
    );
    assert_eq!(guard_of(&e), Guard::NotYetRated);

    let ds = r.case.deadlines(day("2024-07-01")).unwrap();
    assert_eq!(ds.len(), 2);
    let m = &ds[1];
    assert_eq!(m.kind, DeadlineKind::MediationPeriod);
    assert_eq!(m.rule, "samr20.mediation_period");
    // The pause covered 4–7, 11 and 12 June (10 June was Dragon Boat): 6 working days.
    assert_eq!(m.paused, 6);
    assert!(!m.clock_paused);
    assert_eq!(m.due, day("2024-07-25"));
    assert_eq!(m.status, DeadlineStatus::Met);
    assert_eq!(m.discharged.map(|d| d.day), Some(day("2024-06-21")));
    assert_eq!(m.adjusted_by.len(), 1);
    assert_eq!(
        (m.adjusted_by[0].article, m.adjusted_by[0].reliability()),
        (Some(20), Reliability::Verified)
    );
    assert!(!m.flagged);
    assert!(!m.provisional);

    let s = r.case.summary(day("2024-07-01")).unwrap();
    assert_eq!(s.state, StateKind::Closed);
    assert!(s.resolved);
    assert_eq!(s.amount_recovered, Some(Yuan::from_yuan(1299)));
    assert_eq!(s.received_on, day("2024-05-10"));
    assert_eq!(s.outcome_on, Some(day("2024-06-21")));
    assert_eq!(s.closed_on, Some(day("2024-06-24")));
    assert_eq!(s.handling_working_days, 31);
    assert_eq!(s.paused_working_days, 6);
    assert_eq!(
        (s.deadlines_met, s.deadlines_missed, s.deadlines_pending),
        (2, 0, 0)
    );
    assert_eq!(s.satisfaction, Some(Satisfaction::Satisfied));
    assert_eq!(s.delegated_to, None);
    assert_eq!(s.events, 12);
    used.extend(r.used);
}

/// Order No. 20: a late acceptance, a mediation period that runs out before mediation starts,
/// and a late termination notice, all recorded by `deadline_elapsed`.
fn order20_overdue(used: &mut BTreeSet<&'static str>) {
    let mut r = Run::open("2024-05-10 09:30", SAMR);
    assert!(r.case.elapsed_events(day("2024-05-20")).unwrap().is_empty());
    let events = r.case.elapsed_events(day("2024-05-22")).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].at, at("2024-05-21 00:00"));
    assert_eq!(events[0].actor, Actor::System);
    assert_eq!(
        events[0].event,
        EventKind::DeadlineElapsed {
            deadline: DeadlineKind::AcceptanceDecision,
            due: day("2024-05-20")
        }
    );
    // A forged elapse (wrong due date, or not yet due) is refused.
    let e = r.refused(
        "2024-05-21 00:00",
        Actor::System,
        EventKind::DeadlineElapsed {
            deadline: DeadlineKind::AcceptanceDecision,
            due: day("2024-05-19"),
        },
    );
    assert_eq!(guard_of(&e), Guard::DeadlineHasElapsed);
    let e = r.refused(
        "2024-05-20 18:00",
        Actor::System,
        EventKind::DeadlineElapsed {
            deadline: DeadlineKind::AcceptanceDecision,
            due: day("2024-05-20"),
        },
    );
    assert_eq!(guard_of(&e), Guard::DeadlineHasElapsed);
    let e = r.refused(
        "2024-05-21 00:00",
        Actor::Handler,
        EventKind::DeadlineElapsed {
            deadline: DeadlineKind::AcceptanceDecision,
            due: day("2024-05-20"),
        },
    );
    assert!(matches!(
        e,
        Error::ActorNotAllowed {
            actor: Actor::Handler,
            ..
        }
    ));

    let ts = r.advance("2024-05-22");
    assert_eq!(ts.len(), 1);
    assert_eq!(ts[0].rule.id, "received.deadline_elapsed");
    assert_eq!(
        deadline(&r.case, "2024-05-22", DeadlineKind::AcceptanceDecision).status,
        DeadlineStatus::Missed
    );
    r.handler("2024-05-22 10:00", EventKind::Accepted);
    let acc = deadline(&r.case, "2024-05-22", DeadlineKind::AcceptanceDecision);
    assert_eq!(acc.status, DeadlineStatus::Missed);
    assert_eq!(acc.discharged.map(|m| m.seq), Some(3));
    assert_eq!(acc.elapsed.map(|m| m.seq), Some(2));

    // The business never agrees to mediate; 45 working days from 22 May end on 25 July.
    assert_eq!(
        deadline(&r.case, "2024-05-22", DeadlineKind::MediationPeriod).due,
        day("2024-07-25")
    );
    let ts = r.advance("2024-07-29");
    assert_eq!(ts.len(), 1);
    assert_eq!(ts[0].rule.id, "accepted.deadline_elapsed.ends_mediation");
    assert_eq!(ts[0].effects, &[Effect::NotifyTermination]);
    assert_eq!(r.case.state(), StateKind::MediationEnded);
    assert_eq!(
        r.case.outcome(),
        Some(&Outcome::MediationFailed {
            ground: TerminationGround::PeriodExpired
        })
    );
    let notice = deadline(&r.case, "2024-07-29", DeadlineKind::TerminationNotice);
    assert_eq!(notice.starts_on, day("2024-07-26"));
    assert_eq!(notice.due, day("2024-08-06"));
    assert_eq!(notice.status, DeadlineStatus::Pending);

    let ts = r.advance("2024-08-08");
    assert_eq!(ts.len(), 1);
    assert_eq!(ts[0].rule.id, "mediation_ended.deadline_elapsed");
    assert!(
        r.advance("2024-08-08").is_empty(),
        "an elapse is recorded once"
    );
    r.handler("2024-08-08 10:00", EventKind::TerminationNotified);
    r.handler("2024-08-09 10:00", EventKind::Closed);
    let s = r.case.summary(day("2024-08-09")).unwrap();
    assert_eq!(
        (s.deadlines_met, s.deadlines_missed, s.deadlines_pending),
        (0, 3, 0)
    );
    assert_eq!(s.outcome_on, Some(day("2024-07-26")));
    used.extend(r.used);
}

/// Order No. 20: every refusal at intake, then not accepted on a listed ground.
fn order20_not_accepted(used: &mut BTreeSet<&'static str>) {
    let mut r = Run::open("2025-03-03 09:00", SAMR);
    // Identity is a ground only under Order No. 121.
    let e = r.refused(
        "2025-03-04 09:00",
        Actor::Handler,
        EventKind::NotAccepted {
            ground: NonAcceptanceGround::IdentityImpersonationOrRefusal,
            note: None,
        },
    );
    assert_eq!(guard_of(&e), Guard::GroundListed);
    assert_eq!(
        e.to_string(),
        "event not_accepted in state received fails guard ground_listed: identity_impersonation_or_refusal is not in the list of samr_order_20"
    );
    assert_eq!(
        e.message_zh(),
        "案件处于“已登记待受理”状态时不能“决定不予受理并告知投诉人”：不满足条件“理由属于本程序规定的法定情形之一”"
    );
    let e = r.refused("2025-03-04 09:00", Actor::Consumer, EventKind::Accepted);
    assert_eq!(
        e,
        Error::ActorNotAllowed {
            state: StateKind::Received,
            event: EventTag::Accepted,
            actor: Actor::Consumer
        }
    );
    let e = r.refused(
        "2025-03-04 09:00",
        Actor::Handler,
        EventKind::MediationExtended,
    );
    assert_eq!(
        e,
        Error::IllegalTransition {
            state: StateKind::Received,
            event: EventTag::MediationExtended,
            procedure: Procedure::SamrOrder20
        }
    );
    assert_eq!(e.code(), "caseflow.illegal_transition");
    let e = r.refused(
        "2025-03-04 09:00",
        Actor::Handler,
        EventKind::IdentityDocumentsRequested {
            due: day("2025-03-10"),
        },
    );
    assert_eq!(e.code(), "caseflow.illegal_transition");
    let t = r.handler(
        "2025-03-05 11:00",
        EventKind::NotAccepted {
            ground: NonAcceptanceGround::TimeBarred,
            note: Some("2021年购买".into()),
        },
    );
    assert_eq!(t.to, StateKind::NotAccepted);
    // Events may not go back in time.
    let e = r.refused("2025-03-05 10:59", Actor::Handler, EventKind::Closed);
    assert!(matches!(
        e,
        Error::TimeWentBackwards {
            state: StateKind::NotAccepted,
            event: EventTag::Closed,
            ..
        }
    ));
    r.handler("2025-03-05 11:00", EventKind::Closed);
    let e = r.refused("2025-03-06 09:00", Actor::Handler, EventKind::Accepted);
    assert_eq!(e.code(), "caseflow.illegal_transition");
    assert_eq!(
        r.case.outcome(),
        Some(&Outcome::NotAccepted {
            ground: NonAcceptanceGround::TimeBarred
        })
    );
    let acc = deadline(&r.case, "2025-03-31", DeadlineKind::AcceptanceDecision);
    assert_eq!(
        (acc.due, acc.status),
        (day("2025-03-12"), DeadlineStatus::Met)
    );
    used.extend(r.used);
}

/// Order No. 20: a transfer, on a basis of its own list.
fn order20_transferred(used: &mut BTreeSet<&'static str>) {
    let mut r = Run::open("2025-04-01 09:00", SAMR);
    let to = "石家庄市长安区市场监督管理局".to_owned();
    let e = r.refused(
        "2025-04-02 09:00",
        Actor::Handler,
        EventKind::Transferred {
            to: to.clone(),
            basis: TransferBasis::PlatformDomicile,
        },
    );
    assert_eq!(guard_of(&e), Guard::BasisListed);
    let t = r.handler(
        "2025-04-02 09:00",
        EventKind::Transferred {
            to: to.clone(),
            basis: TransferBasis::DispatchedToCompetent,
        },
    );
    assert_eq!(t.effects, &[Effect::ForwardComplaint]);
    r.handler("2025-04-02 09:05", EventKind::Closed);
    assert_eq!(
        r.case.outcome(),
        Some(&Outcome::Transferred {
            to,
            basis: TransferBasis::DispatchedToCompetent
        })
    );
    used.extend(r.used);
}

/// Withdrawal in each state that allows it.
fn withdrawals(used: &mut BTreeSet<&'static str>) {
    let mut r = Run::open("2025-04-07 09:00", SAMR);
    r.ok("2025-04-07 10:00", Actor::Consumer, EventKind::Withdrawn);
    r.handler("2025-04-08 10:00", EventKind::Closed);
    assert_eq!(r.case.outcome(), Some(&Outcome::Withdrawn));
    used.extend(r.used);

    let mut r = Run::open("2025-04-07 09:00", SAMR);
    r.handler("2025-04-08 10:00", EventKind::Accepted);
    let e = r.refused("2025-04-09 10:00", Actor::Business, EventKind::Withdrawn);
    assert!(matches!(e, Error::ActorNotAllowed { .. }));
    // After acceptance a withdrawal ends mediation (Order No. 20 Art. 21(1)): the parties are
    // told within 7 working days (its last paragraph), as for any other ground.
    let t = r.ok("2025-04-09 10:00", Actor::Consumer, EventKind::Withdrawn);
    assert_eq!(
        (t.to, t.effects),
        (StateKind::MediationEnded, &[Effect::NotifyTermination][..])
    );
    assert_eq!(r.case.outcome(), Some(&Outcome::Withdrawn));
    let e = r.refused("2025-04-10 10:00", Actor::Handler, EventKind::Closed);
    assert_eq!(guard_of(&e), Guard::TerminationNotified);
    used.extend(r.used);

    let mut r = Run::open("2025-04-07 09:00", SAMR);
    r.handler("2025-04-08 10:00", EventKind::Accepted);
    r.consent("2025-04-08 11:00", ConsentSubject::Mediation);
    r.handler(
        "2025-04-09 10:00",
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    );
    r.ok("2025-04-10 10:00", Actor::Consumer, EventKind::Withdrawn);
    used.extend(r.used);

    let mut r = Run::open("2025-04-07 09:00", SAMR);
    r.handler("2025-04-08 10:00", EventKind::Accepted);
    r.consent("2025-04-08 11:00", ConsentSubject::Mediation);
    r.handler(
        "2025-04-09 10:00",
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    );
    r.handler(
        "2025-04-10 10:00",
        EventKind::ClockPaused {
            reason: PauseReason::Testing,
        },
    );
    r.handler("2025-04-15 10:00", EventKind::Withdrawn);
    // Withdrawing ends the suspension on that day.
    assert_eq!(r.case.pauses()[0].to, Some(day("2025-04-15")));
    assert_eq!(
        r.case
            .summary(day("2025-05-30"))
            .unwrap()
            .paused_working_days,
        3
    );
    used.extend(r.used);
}

/// The three ways to record that the complainant withdrew, or the parties settled by
/// themselves, during mediation.
fn art21_1_records(amount: u64) -> [(Actor, EventKind); 3] {
    [
        (Actor::Consumer, EventKind::Withdrawn),
        (
            Actor::Handler,
            EventKind::AgreementReached {
                amount_recovered: Yuan::from_yuan(amount),
                settlement: Settlement::SelfSettlement,
            },
        ),
        (
            Actor::Handler,
            EventKind::MediationEnded {
                ground: TerminationGround::WithdrawalOrSelfSettlement,
                by: None,
                testing: None,
                note: None,
            },
        ),
    ]
}

/// A case of `selection` received on `received`, accepted the next morning, in mediation
/// from the morning after, and (with `pause`) suspended for testing on `paused`.
fn mediating(received: &str, accepted: &str, started: &str, pause: Option<&str>) -> Run {
    let mut r = Run::open(&format!("{received} 09:00"), SAMR);
    r.handler(&format!("{accepted} 10:00"), EventKind::Accepted);
    r.consent(&format!("{accepted} 11:00"), ConsentSubject::Mediation);
    r.handler(
        &format!("{started} 10:00"),
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    );
    if let Some(p) = pause {
        r.handler(
            &format!("{p} 10:00"),
            EventKind::ClockPaused {
                reason: PauseReason::Testing,
            },
        );
    }
    r
}

/// Order No. 20 Art. 21(1) and last paragraph, Order No. 121 Art. 23(1)(1): withdrawal and
/// self-settlement end mediation and start the 7-working-day notice, whichever event records
/// them, in every state of the mediation stage; only a mediated agreement gets the mediation
/// document (Order No. 20 Art. 22). Due dates across the National Day and Labour Day breaks.
fn art21_withdrawal_and_self_settlement(used: &mut BTreeSet<&'static str>) {
    // Order No. 20, ended Friday 26 September 2025: the 7 working days are 28 September (a
    // Sunday worked), 29 and 30 September, 9, 10 and 11 October (a Saturday worked) and
    // Monday 13 October, past the 1–8 October break.
    // Order No. 121, ended Wednesday 29 April 2026: 30 April, 6, 7, 8 and 9 May (a Saturday
    // worked), 11 and Tuesday 12 May, past the 1–5 May break.
    let procedures = [
        (
            Procedure::SamrOrder20,
            [
                "2025-09-15",
                "2025-09-16",
                "2025-09-17",
                "2025-09-24",
                "2025-09-26",
            ],
            "2025-10-13",
        ),
        (
            Procedure::SamrOrder121,
            [
                "2026-04-20",
                "2026-04-21",
                "2026-04-22",
                "2026-04-27",
                "2026-04-29",
            ],
            "2026-05-12",
        ),
    ];
    for (procedure, [received, accepted, started, paused, ended], due) in procedures {
        for (actor, record) in art21_1_records(300) {
            // In mediation, suspended, and accepted before mediation started.
            for stage in [
                StateKind::InMediation,
                StateKind::MediationPaused,
                StateKind::Accepted,
            ] {
                let mut r = match stage {
                    StateKind::InMediation => mediating(received, accepted, started, None),
                    StateKind::MediationPaused => {
                        mediating(received, accepted, started, Some(paused))
                    }
                    _ => {
                        let mut r = Run::open(&format!("{received} 09:00"), SAMR);
                        r.handler(&format!("{accepted} 10:00"), EventKind::Accepted);
                        r
                    }
                };
                assert_eq!(r.case.procedure(), procedure);
                assert_eq!(r.case.state(), stage);
                let what = format!("{procedure:?} {stage:?} {record:?}");
                let t = r.ok(&format!("{ended} 15:00"), actor, record.clone());
                assert_eq!(t.to, StateKind::MediationEnded, "{what}");
                assert_eq!(t.effects, &[Effect::NotifyTermination], "{what}");
                let notice = deadline(&r.case, ended, DeadlineKind::TerminationNotice);
                assert_eq!(
                    (notice.starts_on, notice.due, notice.status),
                    (day(ended), day(due), DeadlineStatus::Pending),
                    "{what}"
                );
                // The mediation period is over, by the same event.
                let period = deadline(&r.case, ended, DeadlineKind::MediationPeriod);
                assert_eq!(period.status, DeadlineStatus::Met, "{what}");
                // The outcome still says which fact it was.
                let outcome = match &record {
                    EventKind::Withdrawn => Outcome::Withdrawn,
                    EventKind::AgreementReached { .. } => Outcome::Resolved {
                        amount_recovered: Yuan::from_yuan(300),
                        settlement: Settlement::SelfSettlement,
                    },
                    _ => Outcome::MediationFailed {
                        ground: TerminationGround::WithdrawalOrSelfSettlement,
                    },
                };
                assert_eq!(r.case.outcome(), Some(&outcome), "{what}");
                // Not closed before the parties are told; told on the last day is in time, a
                // day later is late.
                let e = r.refused(&format!("{due} 09:00"), Actor::Handler, EventKind::Closed);
                assert_eq!(guard_of(&e), Guard::TerminationNotified, "{what}");
                let late = deadline(
                    &r.case,
                    &(day(due) + chrono::Days::new(1)).to_string(),
                    DeadlineKind::TerminationNotice,
                );
                assert_eq!(late.status, DeadlineStatus::Missed, "{what}");
                r.handler(&format!("{due} 17:00"), EventKind::TerminationNotified);
                let met = deadline(&r.case, due, DeadlineKind::TerminationNotice);
                assert_eq!(met.status, DeadlineStatus::Met, "{what}");
                r.handler(&format!("{due} 17:30"), EventKind::Closed);
                used.extend(r.used);
            }
        }
        // An agreement reached in mediation: the mediation document, no termination notice.
        let mut r = mediating(received, accepted, started, None);
        r.consent(&format!("{ended} 11:00"), ConsentSubject::Agreement);
        let t = r.handler(
            &format!("{ended} 15:00"),
            EventKind::AgreementReached {
                amount_recovered: Yuan::from_yuan(300),
                settlement: Settlement::Mediation,
            },
        );
        assert_eq!(
            (t.to, t.effects),
            (StateKind::Resolved, &[Effect::IssueMediationDocument][..])
        );
        assert!(
            r.case
                .deadlines(day(due))
                .unwrap()
                .iter()
                .all(|d| d.kind != DeadlineKind::TerminationNotice)
        );
        // A self-settlement needs no consent to terms the department mediated; a mediated
        // agreement still does.
        let mut r = mediating(received, accepted, started, None);
        let e = r.refused(
            &format!("{ended} 15:00"),
            Actor::Handler,
            EventKind::AgreementReached {
                amount_recovered: Yuan::from_yuan(300),
                settlement: Settlement::Mediation,
            },
        );
        assert_eq!(guard_of(&e), Guard::BothConsentedToAgreement);
        used.extend(r.used);
    }
    // Before acceptance there is no mediation to end: a withdrawal is only a withdrawal.
    let mut r = Run::open("2025-09-15 09:00", SAMR);
    let t = r.ok("2025-09-15 10:00", Actor::Consumer, EventKind::Withdrawn);
    assert_eq!((t.to, t.effects), (StateKind::Withdrawn, &[][..]));
    used.extend(r.used);
    // A consumer association has no termination notice: withdrawn is withdrawn, a
    // self-settlement resolved, neither with a mediation document.
    for stage in [
        StateKind::Accepted,
        StateKind::InMediation,
        StateKind::MediationPaused,
    ] {
        for (actor, record) in art21_1_records(300).into_iter().take(2) {
            let mut r = Run::open("2025-09-15 09:00", CCA);
            r.handler("2025-09-16 10:00", EventKind::Accepted);
            if stage != StateKind::Accepted {
                r.consent("2025-09-16 11:00", ConsentSubject::Mediation);
                r.handler(
                    "2025-09-17 10:00",
                    EventKind::MediationStarted {
                        mediator: Mediator::Own,
                    },
                );
            }
            if stage == StateKind::MediationPaused {
                r.handler(
                    "2025-09-18 10:00",
                    EventKind::ClockPaused {
                        reason: PauseReason::Testing,
                    },
                );
            }
            let t = r.ok("2025-09-19 10:00", actor, record.clone());
            let to = match record {
                EventKind::Withdrawn => StateKind::Withdrawn,
                _ => StateKind::Resolved,
            };
            assert_eq!((t.to, t.effects), (to, &[][..]), "{stage:?}");
            r.handler("2025-09-19 11:00", EventKind::Closed);
            used.extend(r.used);
        }
    }
}

/// Order No. 20: delegated mediation on the bureau's clock, a recusal, termination, notice.
fn order20_delegated(used: &mut BTreeSet<&'static str>) {
    let mut r = Run::open("2025-06-02 09:00", SAMR);
    r.handler("2025-06-03 10:00", EventKind::Accepted);
    let e = r.refused(
        "2025-06-04 10:00",
        Actor::Consumer,
        EventKind::ConsentGiven {
            party: Party::Business,
            subject: ConsentSubject::Mediation,
        },
    );
    assert_eq!(guard_of(&e), Guard::ConsentByThatParty);
    let e = r.refused(
        "2025-06-04 10:00",
        Actor::Consumer,
        EventKind::ConsentGiven {
            party: Party::Consumer,
            subject: ConsentSubject::Agreement,
        },
    );
    assert_eq!(guard_of(&e), Guard::ConsentToMediation);
    let e = r.refused(
        "2025-06-04 10:00",
        Actor::Handler,
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    );
    assert_eq!(guard_of(&e), Guard::BothConsentedToMediation);
    // The handler records both parties' consent.
    r.handler(
        "2025-06-04 10:00",
        EventKind::ConsentGiven {
            party: Party::Consumer,
            subject: ConsentSubject::Mediation,
        },
    );
    r.handler(
        "2025-06-04 10:00",
        EventKind::ConsentGiven {
            party: Party::Business,
            subject: ConsentSubject::Mediation,
        },
    );
    let body = "石家庄市消费者协会".to_owned();
    r.handler(
        "2025-06-05 10:00",
        EventKind::MediationStarted {
            mediator: Mediator::Delegated { body: body.clone() },
        },
    );
    // The association mediates in the bureau's name: 45 working days, not its own 15.
    let m = deadline(&r.case, "2025-06-05", DeadlineKind::MediationPeriod);
    assert_eq!(
        (m.rule, m.due),
        ("samr20.mediation_period", day("2025-08-05"))
    );
    let e = r.refused(
        "2025-06-10 09:00",
        Actor::Handler,
        EventKind::MediationEnded {
            ground: TerminationGround::PeriodExpired,
            by: None,
            testing: None,
            note: None,
        },
    );
    assert_eq!(guard_of(&e), Guard::PeriodExpiredOnlyAfterDue);
    let e = r.refused(
        "2025-06-10 09:00",
        Actor::Handler,
        EventKind::MediationEnded {
            ground: TerminationGround::PartyCeased,
            by: None,
            testing: None,
            note: None,
        },
    );
    assert_eq!(guard_of(&e), Guard::GroundListed);
    r.handler(
        "2025-06-10 10:00",
        EventKind::ClockPaused {
            reason: PauseReason::Recusal,
        },
    );
    assert_eq!(r.case.state(), StateKind::MediationPaused);
    r.handler(
        "2025-06-12 10:00",
        EventKind::MediationEnded {
            ground: TerminationGround::NoAgreementOnTesting,
            by: None,
            testing: None,
            note: None,
        },
    );
    assert_eq!(r.case.pauses()[0].to, Some(day("2025-06-12")));
    let notice = deadline(&r.case, "2025-06-12", DeadlineKind::TerminationNotice);
    assert_eq!(notice.due, day("2025-06-23"));
    let e = r.refused("2025-06-13 10:00", Actor::Handler, EventKind::Closed);
    assert_eq!(guard_of(&e), Guard::TerminationNotified);
    r.handler("2025-06-16 10:00", EventKind::TerminationNotified);
    let e = r.refused(
        "2025-06-16 11:00",
        Actor::Handler,
        EventKind::TerminationNotified,
    );
    assert_eq!(guard_of(&e), Guard::NotYetNotified);
    let e = r.refused(
        "2025-06-16 11:00",
        Actor::Handler,
        EventKind::LitigationSupported,
    );
    assert_eq!(e.code(), "caseflow.illegal_transition");
    r.handler("2025-06-17 10:00", EventKind::Closed);
    let s = r.case.summary(day("2025-06-30")).unwrap();
    assert_eq!(s.delegated_to.as_deref(), Some("石家庄市消费者协会"));
    assert_eq!((s.deadlines_met, s.deadlines_missed), (3, 0));
    // The recusal pause (2 working days, 11 and 12 June) stopped the clock, an inference
    // flagged for review.
    let m = deadline(&r.case, "2025-06-30", DeadlineKind::MediationPeriod);
    assert_eq!(m.paused, 2);
    assert_eq!(m.due, day("2025-08-07"));
    assert!(m.flagged);
    assert_eq!(m.adjusted_by[0].reliability(), Reliability::Unverified);
    used.extend(r.used);

    // The business refuses mediation outright: ended from "accepted".
    let mut r = Run::open("2025-06-02 09:00", SAMR);
    r.handler("2025-06-03 10:00", EventKind::Accepted);
    r.handler(
        "2025-06-05 10:00",
        EventKind::MediationEnded {
            ground: TerminationGround::AbsentOrRefused,
            by: Some(PartyConduct {
                party: Party::Business,
                act: Conduct::Refused,
            }),
            testing: None,
            note: Some("被投诉人明确拒绝调解".into()),
        },
    );
    assert_eq!(
        r.case.outcome(),
        Some(&Outcome::MediationFailed {
            ground: TerminationGround::AbsentOrRefused
        })
    );
    used.extend(r.used);
}

/// Order No. 20: the 45 working days run out during mediation.
fn order20_mediation_expires(used: &mut BTreeSet<&'static str>) {
    let mut r = Run::open("2025-06-02 09:00", SAMR);
    r.handler("2025-06-03 10:00", EventKind::Accepted);
    r.consent("2025-06-03 11:00", ConsentSubject::Mediation);
    r.handler(
        "2025-06-04 10:00",
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    );
    r.consent("2025-08-06 09:00", ConsentSubject::Agreement);
    // Too late: mediation ended with the period on 5 August.
    let e = r.refused(
        "2025-08-06 10:00",
        Actor::Handler,
        EventKind::AgreementReached {
            amount_recovered: Yuan::ZERO,
            settlement: Settlement::Mediation,
        },
    );
    assert_eq!(guard_of(&e), Guard::WithinMediationPeriod);
    let ts = r.advance("2025-08-06");
    assert_eq!(
        ts[0].rule.id,
        "in_mediation.deadline_elapsed.ends_mediation"
    );
    assert_eq!(r.case.state(), StateKind::MediationEnded);
    assert_eq!(
        deadline(&r.case, "2025-08-06", DeadlineKind::MediationPeriod).status,
        DeadlineStatus::Missed
    );
    used.extend(r.used);
}

/// Order No. 121: identity verification, 60 calendar days with Art. 203, return visit.
fn order121(used: &mut BTreeSet<&'static str>) {
    let mut policy = Policy::default();
    policy.limits.insert("samr121.return_visit".into(), 10);
    let mut r = Run::open_with("2026-04-16 09:00", SAMR, policy.clone());
    assert_eq!(r.case.procedure(), Procedure::SamrOrder121);
    let e = r.refused(
        "2026-04-17 09:00",
        Actor::Handler,
        EventKind::IdentityDocumentsRequested {
            due: day("2026-04-16"),
        },
    );
    assert_eq!(guard_of(&e), Guard::IdentityDueNotPast);
    let e = r.refused(
        "2026-04-17 09:00",
        Actor::Consumer,
        EventKind::IdentityDocumentsReceived,
    );
    assert_eq!(guard_of(&e), Guard::IdentityRequestOpen);
    r.handler(
        "2026-04-17 09:00",
        EventKind::IdentityDocumentsRequested {
            due: day("2026-04-27"),
        },
    );
    let e = r.refused(
        "2026-04-17 10:00",
        Actor::Handler,
        EventKind::IdentityDocumentsRequested {
            due: day("2026-04-28"),
        },
    );
    assert_eq!(guard_of(&e), Guard::NoIdentityRequest);
    let e = r.refused("2026-04-17 10:00", Actor::Handler, EventKind::Accepted);
    assert_eq!(guard_of(&e), Guard::IdentityNotOutstanding);
    let id = deadline(&r.case, "2026-04-17", DeadlineKind::IdentityDocuments);
    assert_eq!(
        (id.due, id.period, id.rule),
        (day("2026-04-27"), None, "samr121.identity_documents")
    );
    assert_eq!(id.basis.reliability(), Reliability::Secondary);
    r.ok(
        "2026-04-20 09:00",
        Actor::Consumer,
        EventKind::IdentityDocumentsReceived,
    );
    r.handler("2026-04-20 10:00", EventKind::Accepted);
    let acc = deadline(&r.case, "2026-04-20", DeadlineKind::AcceptanceDecision);
    assert_eq!(
        (acc.due, acc.status),
        (day("2026-04-27"), DeadlineStatus::Met)
    );
    assert!(std::ptr::eq(acc.basis.instrument, &instruments::CRPL));
    assert_eq!(acc.basis.version, Some(2013));

    // 60 days from 20 April end on 19 June, Dragon Boat: moved to Monday 22 June.
    let m = deadline(&r.case, "2026-04-20", DeadlineKind::MediationPeriod);
    assert_eq!(
        m.period.map(|p| (p.amount, p.unit)),
        Some((60, Unit::CalendarDays))
    );
    assert_eq!(m.due, day("2026-06-22"));
    assert_eq!(m.rolled_forward_from, Some(day("2026-06-19")));
    assert_eq!(
        m.adjusted_by
            .iter()
            .map(|c| (c.instrument.id.as_ref(), c.article, c.paragraph))
            .collect::<Vec<_>>(),
        [("civil_code", Some(203), Some(1))]
    );
    assert!(m.flagged);
    // Without the Art. 203 policy the period ends on the holiday.
    let strict = Policy {
        civil_code_art_203: false,
        ..Policy::default()
    };
    let mut s = Run::open_with("2026-04-16 09:00", SAMR, strict);
    s.handler("2026-04-20 10:00", EventKind::Accepted);
    assert_eq!(
        deadline(&s.case, "2026-04-20", DeadlineKind::MediationPeriod).due,
        day("2026-06-19")
    );

    r.consent("2026-04-21 10:00", ConsentSubject::Mediation);
    r.handler(
        "2026-04-22 10:00",
        EventKind::MediationStarted {
            mediator: Mediator::Delegated {
                body: "石家庄市消费者协会".into(),
            },
        },
    );
    r.handler(
        "2026-05-11 10:00",
        EventKind::ClockPaused {
            reason: PauseReason::Testing,
        },
    );
    r.handler("2026-05-21 10:00", EventKind::ClockResumed);
    // Ten calendar days of testing: 70 days from 20 April is Monday 29 June.
    let m = deadline(&r.case, "2026-05-21", DeadlineKind::MediationPeriod);
    assert_eq!(
        (m.paused, m.due, m.rolled_forward_from),
        (10, day("2026-06-29"), None)
    );
    assert_eq!(m.adjusted_by[0].reliability(), Reliability::Unverified);
    r.consent("2026-06-01 10:00", ConsentSubject::Agreement);
    // The parties settled by themselves: mediation ends (Order No. 121 Art. 23(1)(1)), the
    // parties are told, no mediation document is made.
    let t = r.handler(
        "2026-06-02 10:00",
        EventKind::AgreementReached {
            amount_recovered: Yuan::from_fen(45_050),
            settlement: Settlement::SelfSettlement,
        },
    );
    assert_eq!(
        (t.to, t.effects),
        (StateKind::MediationEnded, &[Effect::NotifyTermination][..])
    );
    r.handler("2026-06-03 09:00", EventKind::TerminationNotified);
    r.handler("2026-06-03 10:00", EventKind::Closed);
    let rv = deadline(&r.case, "2026-06-03", DeadlineKind::ReturnVisit);
    assert_eq!(rv.due, day("2026-06-17"));
    assert!(rv.flagged);
    let e = r.refused(
        "2026-06-04 10:00",
        Actor::Consumer,
        EventKind::ReturnVisitMade { rating: None },
    );
    assert!(matches!(e, Error::ActorNotAllowed { .. }));
    r.handler(
        "2026-06-04 10:00",
        EventKind::ReturnVisitMade {
            rating: Some(Satisfaction::BasicallySatisfied),
        },
    );
    assert_eq!(
        r.case.satisfaction(),
        Some(Satisfaction::BasicallySatisfied)
    );
    let e = r.refused(
        "2026-06-05 10:00",
        Actor::Handler,
        EventKind::ReturnVisitMade { rating: None },
    );
    assert_eq!(guard_of(&e), Guard::NotYetVisited);
    assert_eq!(
        deadline(&r.case, "2026-07-01", DeadlineKind::ReturnVisit).status,
        DeadlineStatus::Met
    );
    assert_eq!(
        r.case.summary(day("2026-07-01")).unwrap().amount_recovered,
        Some("450.50".parse().unwrap())
    );
    used.extend(r.used);

    // No visit within the period: the elapse is recorded in the closed case.
    let mut r = Run::open_with("2026-04-16 09:00", SAMR, policy);
    r.handler(
        "2026-04-17 09:00",
        EventKind::NotAccepted {
            ground: NonAcceptanceGround::IdentityImpersonationOrRefusal,
            note: None,
        },
    );
    r.handler("2026-04-17 10:00", EventKind::Closed);
    let ts = r.advance("2026-05-20");
    assert_eq!(
        ts.iter().map(|t| t.rule.id).collect::<Vec<_>>(),
        ["closed.deadline_elapsed"]
    );
    used.extend(r.used);

    // Where testing does not stop the clock, the 60 days can run out during testing.
    let policy = Policy {
        testing_stops_clock: false,
        ..Policy::default()
    };
    let mut r = Run::open_with("2026-04-16 09:00", SAMR, policy);
    r.handler("2026-04-20 10:00", EventKind::Accepted);
    r.consent("2026-04-20 11:00", ConsentSubject::Mediation);
    r.handler(
        "2026-04-21 10:00",
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    );
    r.handler(
        "2026-05-11 10:00",
        EventKind::ClockPaused {
            reason: PauseReason::Appraisal,
        },
    );
    let ts = r.advance("2026-06-23");
    assert_eq!(
        ts[0].rule.id,
        "mediation_paused.deadline_elapsed.ends_mediation"
    );
    assert_eq!(ts[0].seq, 7);
    assert_eq!(r.case.history()[6].event.at, at("2026-06-23 00:00"));
    assert_eq!(r.case.pauses()[0].to, Some(day("2026-06-23")));
    used.extend(r.used);
}

/// Consumer association: its own 15 working days, extension to 3 months, litigation support.
fn association(used: &mut BTreeSet<&'static str>) {
    let mut r = Run::open("2025-09-01 09:00", CCA);
    assert_eq!(r.case.procedure(), Procedure::ConsumerAssociation);
    r.handler("2025-09-02 10:00", EventKind::Accepted);
    r.consent("2025-09-02 11:00", ConsentSubject::Mediation);
    let e = r.refused(
        "2025-09-03 10:00",
        Actor::Handler,
        EventKind::MediationStarted {
            mediator: Mediator::Delegated {
                body: "某人民调解委员会".into(),
            },
        },
    );
    assert_eq!(guard_of(&e), Guard::DelegationAllowed);
    r.handler(
        "2025-09-03 10:00",
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    );
    let m = deadline(&r.case, "2025-09-03", DeadlineKind::MediationPeriod);
    assert_eq!((m.rule, m.due), ("cca.mediation_period", day("2025-09-23")));
    assert!(m.flagged);
    let e = r.refused(
        "2025-09-15 10:00",
        Actor::Handler,
        EventKind::MediationExtended,
    );
    assert_eq!(guard_of(&e), Guard::BothConsentedToExtension);
    r.consent("2025-09-15 10:00", ConsentSubject::Extension);
    r.handler("2025-09-16 10:00", EventKind::MediationExtended);
    let e = r.refused(
        "2025-09-17 10:00",
        Actor::Handler,
        EventKind::MediationExtended,
    );
    assert_eq!(guard_of(&e), Guard::NotExtended);
    let m = deadline(&r.case, "2025-09-16", DeadlineKind::MediationPeriod);
    assert_eq!(
        (m.rule, m.due),
        ("cca.mediation_period_extended", day("2025-12-02"))
    );
    // Passing the association's period records the overdue but does not end mediation.
    let ts = r.advance("2025-12-05");
    assert_eq!(ts[0].rule.id, "in_mediation.deadline_elapsed");
    assert_eq!(r.case.state(), StateKind::InMediation);
    r.handler(
        "2025-12-05 10:00",
        EventKind::MediationEnded {
            ground: TerminationGround::PeriodExpired,
            by: None,
            testing: None,
            note: None,
        },
    );
    r.handler("2025-12-05 11:00", EventKind::TerminationNotified);
    let t = r.handler("2025-12-08 10:00", EventKind::LitigationSupported);
    assert_eq!(t.effects, &[Effect::IssueReferralLetter]);
    r.handler("2025-12-08 11:00", EventKind::Closed);
    assert_eq!(
        r.case.outcome(),
        Some(&Outcome::LitigationSupported {
            ground: TerminationGround::PeriodExpired
        })
    );
    let s = r.case.summary(day("2025-12-31")).unwrap();
    assert_eq!((s.deadlines_met, s.deadlines_missed), (1, 1));
    used.extend(r.used);

    // Accepted, but mediation never starts within 15 working days.
    let mut r = Run::open("2025-09-01 09:00", CCA);
    r.handler("2025-09-02 10:00", EventKind::Accepted);
    let ts = r.advance("2025-09-25");
    assert_eq!(ts[0].rule.id, "accepted.deadline_elapsed");
    assert_eq!(r.case.state(), StateKind::Accepted);
    used.extend(r.used);

    // Testing that does not stop the clock (policy), and the period passes during it.
    let policy = Policy {
        testing_stops_clock: false,
        ..Policy::default()
    };
    let mut r = Run::open_with("2025-09-01 09:00", CCA, policy);
    r.handler("2025-09-02 10:00", EventKind::Accepted);
    r.consent("2025-09-02 11:00", ConsentSubject::Mediation);
    r.handler(
        "2025-09-03 10:00",
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    );
    r.handler(
        "2025-09-10 10:00",
        EventKind::ClockPaused {
            reason: PauseReason::Inspection,
        },
    );
    let ts = r.advance("2025-09-30");
    assert_eq!(ts[0].rule.id, "mediation_paused.deadline_elapsed");
    r.handler("2025-09-30 10:00", EventKind::ClockResumed);
    used.extend(r.used);
}

#[test]
fn order20_resolved_after_an_appraisal() {
    order20_resolved(&mut BTreeSet::new());
}

#[test]
fn order20_overdue_deadlines_are_events() {
    order20_overdue(&mut BTreeSet::new());
}

#[test]
fn order20_refusals_and_non_acceptance() {
    order20_not_accepted(&mut BTreeSet::new());
}

#[test]
fn order20_transfer() {
    order20_transferred(&mut BTreeSet::new());
}

#[test]
fn withdrawal_from_each_open_state() {
    withdrawals(&mut BTreeSet::new());
}

#[test]
fn withdrawal_and_self_settlement_end_mediation_whichever_event_records_them() {
    art21_withdrawal_and_self_settlement(&mut BTreeSet::new());
}

#[test]
fn delegated_mediation_runs_on_the_bureaus_clock() {
    order20_delegated(&mut BTreeSet::new());
}

#[test]
fn order20_mediation_ends_with_its_period() {
    order20_mediation_expires(&mut BTreeSet::new());
}

#[test]
fn order121_identity_calendar_days_and_return_visit() {
    order121(&mut BTreeSet::new());
}

#[test]
fn consumer_association_procedure() {
    association(&mut BTreeSet::new());
}

#[test]
fn every_transition_is_exercised() {
    let mut used = BTreeSet::new();
    order20_resolved(&mut used);
    order20_overdue(&mut used);
    order20_not_accepted(&mut used);
    order20_transferred(&mut used);
    withdrawals(&mut used);
    order20_delegated(&mut used);
    order20_mediation_expires(&mut used);
    order121(&mut used);
    association(&mut used);
    art21_withdrawal_and_self_settlement(&mut used);
    let missing: Vec<&str> = TRANSITIONS
        .iter()
        .map(|r| r.id)
        .filter(|id| !used.contains(id))
        .collect();
    assert!(missing.is_empty(), "rows never exercised: {missing:?}");
    assert_eq!(used.len(), TRANSITIONS.len());
}

#[test]
fn procedures_are_chosen_by_the_receipt_date_in_cst() {
    // 2026-04-14 23:30 in CST is the last minute of Order No. 20, even written in UTC.
    let utc = chrono::DateTime::parse_from_rfc3339("2026-04-14T15:30:00Z").unwrap();
    assert_eq!(
        Case::open("X", utc, SAMR).unwrap().procedure(),
        Procedure::SamrOrder20
    );
    let utc = chrono::DateTime::parse_from_rfc3339("2026-04-14T16:30:00Z").unwrap();
    assert_eq!(
        Case::open("X", utc, SAMR).unwrap().procedure(),
        Procedure::SamrOrder121
    );
    assert_eq!(
        Case::open("X", at("2019-12-31 10:00"), SAMR).unwrap_err(),
        Error::NoProcedure {
            received: day("2019-12-31")
        }
    );
    assert_eq!(
        Case::open(
            "X",
            at("2026-05-01 10:00"),
            ProcedureSelection::Exact(Procedure::SamrOrder20)
        )
        .unwrap_err(),
        Error::ProcedureNotInForce {
            procedure: Procedure::SamrOrder20,
            received: day("2026-05-01")
        }
    );
    assert_eq!(
        Case::open("", at("2025-05-01 10:00"), SAMR)
            .unwrap_err()
            .code(),
        "caseflow.complaint_id"
    );
    // The consumer association's procedure has no dates.
    assert!(Case::open("X", at("2019-06-03 10:00"), CCA).is_ok());
}

#[test]
fn deadlines_beyond_the_official_calendar_are_provisional() {
    let mut r = Run::open("2026-11-20 09:00", SAMR);
    r.handler("2026-11-20 15:00", EventKind::Accepted);
    let m = deadline(&r.case, "2026-11-20", DeadlineKind::MediationPeriod);
    // 60 days from 20 November 2026 is 19 January 2027, a year no notice covers yet.
    assert_eq!(m.due, day("2027-01-19"));
    assert!(m.provisional);
    assert!(!deadline(&r.case, "2026-11-20", DeadlineKind::AcceptanceDecision).provisional);
    // Order No. 20 counted in working days: the strict official calendar refuses to guess.
    let mut r = Run::open("2026-04-10 09:00", SAMR);
    r.handler("2026-11-20 15:00", EventKind::Accepted);
    let e = r
        .case
        .deadlines_on(Calendar::official(), day("2026-11-21"))
        .unwrap_err();
    assert_eq!(e.code(), "caseflow.calendar");
    assert!(matches!(
        e,
        Error::Calendar {
            code: "calendar.out_of_coverage",
            ..
        }
    ));
    assert!(
        e.message_zh()
            .starts_with("工作日历错误（calendar.out_of_coverage）：日期"),
        "{}",
        e.message_zh()
    );
    // No deadline exists before the complaint does.
    let early = r
        .case
        .deadlines_on(Calendar::official(), day("2026-04-09"))
        .unwrap_err();
    assert_eq!(
        early,
        Error::AsOfBeforeReceipt {
            as_of: day("2026-04-09"),
            received: day("2026-04-10")
        }
    );
    assert_eq!(early.code(), "caseflow.as_of_before_receipt");
    assert_eq!(
        early.message_zh(),
        "查询日2026-04-09早于投诉收到日2026-04-10"
    );
    assert!(r.case.elapsed_events(day("2026-04-09")).is_err());
    let m = deadline(&r.case, "2026-11-21", DeadlineKind::MediationPeriod);
    assert!(m.provisional);
    // A guard that needs that due date cannot be decided on the strict calendar.
    r.consent("2026-11-23 10:00", ConsentSubject::Mediation);
    r.handler(
        "2026-11-24 10:00",
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    );
    r.consent("2026-12-01 10:00", ConsentSubject::Agreement);
    let before = r.case.clone();
    let e = r
        .case
        .apply_on(
            Calendar::official(),
            ev(
                "2026-12-02 10:00",
                Actor::Handler,
                EventKind::AgreementReached {
                    amount_recovered: Yuan::ZERO,
                    settlement: Settlement::Mediation,
                },
            ),
        )
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::GuardUndecidable {
                state: StateKind::InMediation,
                event: EventTag::AgreementReached,
                guard: Guard::WithinMediationPeriod,
                calendar_code: "calendar.out_of_coverage",
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.code(), "caseflow.guard_undecidable");
    assert_eq!(r.case, before);
}

#[test]
fn policy_overrides_are_checked_and_flagged() {
    let mut p = Policy::default();
    p.limits.insert("cca.mediation_period".into(), 20);
    let mut r = Run::open_with("2025-09-01 09:00", CCA, p.clone());
    r.handler("2025-09-02 10:00", EventKind::Accepted);
    let m = deadline(&r.case, "2025-09-02", DeadlineKind::MediationPeriod);
    assert_eq!(m.period.map(|p| (p.amount, p.overridden)), Some((20, true)));
    assert_eq!(m.due, day("2025-09-29")); // 20 working days, with the working Sunday 28 September
    // The description states the period the case runs, not the table's fifteen days.
    assert_eq!(m.description_zh, "受理之日起二十个工作日内调解完毕");
    let mut unchanged = Run::open("2025-09-01 09:00", CCA);
    unchanged.handler("2025-09-02 10:00", EventKind::Accepted);
    let m = deadline(&unchanged.case, "2025-09-02", DeadlineKind::MediationPeriod);
    assert_eq!(m.description_zh, "受理之日起十五个工作日内调解完毕");
    let e = Case::open_with("X", at("2025-09-01 09:00"), SAMR, p).unwrap_err();
    assert_eq!(
        e.to_string(),
        "policy field limits.cca.mediation_period = 20: the time limit belongs to another procedure"
    );
    let mut p = Policy::default();
    p.limits.insert("samr121.identity_documents".into(), 5);
    assert_eq!(
        Case::open_with("X", at("2026-05-06 09:00"), SAMR, p)
            .unwrap_err()
            .code(),
        "caseflow.policy"
    );
    let mut p = Policy::default();
    p.limits.insert("samr121.transfer".into(), 5);
    assert_eq!(
        Case::open_with("X", at("2026-05-06 09:00"), SAMR, p)
            .unwrap_err()
            .code(),
        "caseflow.policy"
    );
    let mut p = Policy::default();
    p.limits.insert("cca.mediation_period".into(), 0);
    assert_eq!(
        Case::open_with("X", at("2025-09-01 09:00"), CCA, p)
            .unwrap_err()
            .code(),
        "caseflow.policy"
    );
}

#[test]
fn a_split_submission_opens_a_case_only_for_the_complaint() {
    use weiquan_caseflow::Submission;
    let s = Submission {
        id: "12315-2025-77".into(),
        received_at: at("2025-05-06 09:00"),
        complains: true,
        reports: true,
    };
    let split = s.split().unwrap();
    assert_eq!(
        (split.basis.instrument.id.as_ref(), split.basis.article),
        ("samr_order_20", Some(7))
    );
    assert_eq!(split.report.as_ref().unwrap().id, "12315-2025-77-R");
    let case = split.open_case(SAMR).unwrap().unwrap();
    assert_eq!(case.complaint_id(), "12315-2025-77-C");
    let EventKind::Received(opening) = &case.history()[0].event.event else {
        panic!()
    };
    assert_eq!(opening.submission_id.as_deref(), Some("12315-2025-77"));
    assert_eq!(Case::replay(&case.to_jsonl().unwrap()).unwrap(), case);
    let only_report = Submission {
        complains: false,
        ..s.clone()
    };
    let split = only_report.split().unwrap();
    assert_eq!(split.report.as_ref().unwrap().id, "12315-2025-77");
    assert!(split.open_case(SAMR).unwrap().is_none());
    let after = Submission {
        received_at: at("2026-05-06 09:00"),
        ..s
    };
    assert_eq!(
        after.split().unwrap().basis.reliability(),
        Reliability::Unverified
    );
}

#[test]
fn the_transition_table_is_inspectable() {
    let rows: Vec<_> = weiquan_caseflow::table::rows_of(Procedure::SamrOrder20).collect();
    assert_eq!(rows.len(), 32);
    assert_eq!(
        weiquan_caseflow::table::rows_of(Procedure::SamrOrder121).count(),
        36
    );
    assert_eq!(
        weiquan_caseflow::table::rows_of(Procedure::ConsumerAssociation).count(),
        35
    );
    let json = serde_json::to_value(TRANSITIONS[3]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "id": "received.accepted", "from": "received", "event": "accepted",
            "guards": ["identity_not_outstanding"], "to": "accepted", "actors": ["handler"],
            "procedures": ["samr_order_20", "samr_order_121", "consumer_association"],
            "effects": ["notify_decision"]
        })
    );
    let _ = ev;
}
