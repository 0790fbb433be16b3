//! The laws of the machine, stated as properties over random event sequences and random
//! lifecycles.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use proptest::prelude::*;
use weiquan_caseflow::grounds::{self, ListItem, ListKind};
use weiquan_caseflow::{
    Actor, Case, ConsentSubject, DeadlineKind, Event, EventKind, EventTag, Mediator,
    NonAcceptanceGround, Party, PauseReason, Policy, Procedure, ProcedureSelection, Satisfaction,
    Settlement, TRANSITIONS, TerminationGround, TransferBasis, Unit, default_calendar, legal_day,
};
use weiquan_complaint::{CST, Yuan};
use weiquan_synth::simulate::Lifecycle;

fn base() -> DateTime<FixedOffset> {
    CST.with_ymd_and_hms(2020, 1, 1, 9, 0, 0).unwrap()
}

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        Just(Actor::Consumer),
        Just(Actor::Business),
        Just(Actor::Handler),
        Just(Actor::System)
    ]
}

fn date_near() -> impl Strategy<Value = i64> {
    -5i64..120
}

fn kind() -> impl Strategy<Value = (EventKind, i64)> {
    let party = prop_oneof![Just(Party::Consumer), Just(Party::Business)];
    let subject = prop_oneof![
        Just(ConsentSubject::Mediation),
        Just(ConsentSubject::Agreement),
        Just(ConsentSubject::Extension)
    ];
    let ground = prop_oneof![
        Just(NonAcceptanceGround::OutOfScope),
        Just(NonAcceptanceGround::TimeBarred),
        Just(NonAcceptanceGround::IdentityImpersonationOrRefusal),
        Just(NonAcceptanceGround::NoEvidence),
        Just(NonAcceptanceGround::OtherLegal),
    ];
    let end = prop_oneof![
        Just(TerminationGround::WithdrawalOrSelfSettlement),
        Just(TerminationGround::PeriodExpired),
        Just(TerminationGround::PartyCeased),
        Just(TerminationGround::NoAgreementPossible),
    ];
    let basis = prop_oneof![
        Just(TransferBasis::DispatchedToCompetent),
        Just(TransferBasis::PlatformDomicile),
        Just(TransferBasis::ReferredToCompetentAuthority),
    ];
    let reason = prop_oneof![
        Just(PauseReason::Appraisal),
        Just(PauseReason::Recusal),
        Just(PauseReason::Testing)
    ];
    let deadline = prop_oneof![
        Just(DeadlineKind::AcceptanceDecision),
        Just(DeadlineKind::IdentityDocuments),
        Just(DeadlineKind::MediationPeriod),
        Just(DeadlineKind::TerminationNotice),
        Just(DeadlineKind::ReturnVisit),
        Just(DeadlineKind::Transfer),
    ];
    let rating = prop_oneof![
        Just(Satisfaction::Satisfied),
        Just(Satisfaction::Dissatisfied)
    ];
    // The i64 is a day offset used by the payloads that carry a date.
    prop_oneof![
        6 => (party, subject).prop_map(|(party, subject)| (EventKind::ConsentGiven { party, subject }, 0)),
        1 => date_near().prop_map(|d| (EventKind::IdentityDocumentsRequested { due: NaiveDate::MIN }, d)),
        1 => Just((EventKind::IdentityDocumentsReceived, 0)),
        4 => Just((EventKind::Accepted, 0)),
        1 => ground.prop_map(|ground| (EventKind::NotAccepted { ground, note: None }, 0)),
        1 => basis.prop_map(|basis| (EventKind::Transferred { to: "某局".into(), basis }, 0)),
        3 => any::<bool>().prop_map(|d| (EventKind::MediationStarted {
            mediator: if d { Mediator::Delegated { body: "消协".into() } } else { Mediator::Own } }, 0)),
        2 => reason.prop_map(|reason| (EventKind::ClockPaused { reason }, 0)),
        2 => Just((EventKind::ClockResumed, 0)),
        1 => Just((EventKind::MediationExtended, 0)),
        3 => (0u64..1_000_000, any::<bool>()).prop_map(|(fen, s)| (EventKind::AgreementReached {
            amount_recovered: Yuan::from_fen(fen),
            settlement: if s { Settlement::Mediation } else { Settlement::SelfSettlement } }, 0)),
        2 => end.prop_map(|ground| (EventKind::MediationEnded {
                ground,
                by: None,
                testing: None,
                note: None,
            }, 0)),
        2 => Just((EventKind::TerminationNotified, 0)),
        1 => Just((EventKind::Withdrawn, 0)),
        1 => Just((EventKind::LitigationSupported, 0)),
        2 => Just((EventKind::Closed, 0)),
        1 => rating.prop_map(|rating| (EventKind::SatisfactionRecorded { rating }, 0)),
        1 => Just((EventKind::ReturnVisitMade { rating: None }, 0)),
        2 => (deadline, date_near()).prop_map(|(deadline, d)| (EventKind::DeadlineElapsed { deadline, due: NaiveDate::MIN }, d)),
    ]
}

#[derive(Debug, Clone)]
enum Action {
    /// An event `minutes` after the last one (negative: before it).
    Apply {
        minutes: i64,
        actor: Actor,
        kind: EventKind,
        day_offset: i64,
    },
    /// Record the deadlines that passed `days` after the last event.
    Advance { days: u32 },
    /// An event for one of the rows the table has for the current state, with a payload
    /// drawn from `seed` (so that deep states are reached, not only refusals).
    Guided {
        minutes: i64,
        choice: usize,
        seed: u64,
    },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        12 => (prop_oneof![9 => 0i64..4_320, 1 => -600i64..0, 1 => 0i64..90_000], actor(), kind())
            .prop_map(|(minutes, actor, (kind, day_offset))| Action::Apply { minutes, actor, kind, day_offset }),
        1 => (1u32..90).prop_map(|days| Action::Advance { days }),
        12 => (0i64..5_000, any::<usize>(), any::<u64>())
            .prop_map(|(minutes, choice, seed)| Action::Guided { minutes, choice, seed }),
    ]
}

fn opening() -> impl Strategy<Value = (DateTime<FixedOffset>, ProcedureSelection, Policy)> {
    (0i64..(7 * 365 * 24), 0u8..3, any::<(bool, bool, bool)>()).prop_map(
        |(hours, sel, (a, b, c))| {
            let selection = match sel {
                0 | 1 => ProcedureSelection::MarketRegulation,
                _ => ProcedureSelection::ConsumerAssociation,
            };
            let mut policy = Policy {
                civil_code_art_203: a,
                testing_stops_clock: b,
                recusal_stops_clock: c,
                ..Policy::default()
            };
            if sel == 1 && hours > 6 * 365 * 24 + 2600 {
                policy.limits.insert("samr121.return_visit".into(), 5);
            }
            (base() + Duration::hours(hours), selection, policy)
        },
    )
}

/// Fills in the payload dates relative to the event's legal day.
fn concrete(kind: EventKind, at: DateTime<FixedOffset>, day_offset: i64, case: &Case) -> EventKind {
    let d = legal_day(at) + Duration::days(day_offset);
    match kind {
        EventKind::IdentityDocumentsRequested { .. } => {
            EventKind::IdentityDocumentsRequested { due: d }
        }
        EventKind::DeadlineElapsed { deadline, .. } => {
            // Half the time, the true due date (so that valid elapses happen too).
            let due = if day_offset % 2 == 0 {
                case.deadlines(legal_day(at))
                    .ok()
                    .and_then(|ds| ds.into_iter().find(|x| x.kind == deadline).map(|x| x.due))
                    .unwrap_or(d)
            } else {
                d
            };
            EventKind::DeadlineElapsed { deadline, due }
        }
        k => k,
    }
}

/// An event matching one of the current state's rows.
fn guided(case: &Case, at: DateTime<FixedOffset>, choice: usize, seed: u64) -> Option<Event> {
    let rows: Vec<_> = TRANSITIONS
        .iter()
        .filter(|r| r.from == case.state() && r.procedures.contains(&case.procedure()))
        .filter(|r| r.event != EventTag::DeadlineElapsed)
        .collect();
    let row = rows.get(choice % rows.len().max(1))?;
    let actor = row.actors[(seed as usize) % row.actors.len()];
    let pick = |kind| {
        grounds::list(case.procedure(), kind)
            .map(|r| r.item)
            .nth((seed >> 8) as usize % 3)
    };
    let kind = match row.event {
        EventTag::ConsentGiven => EventKind::ConsentGiven {
            party: if seed & 1 == 0 {
                Party::Consumer
            } else {
                Party::Business
            },
            subject: [
                ConsentSubject::Mediation,
                ConsentSubject::Agreement,
                ConsentSubject::Extension,
            ][(seed >> 1) as usize % 3],
        },
        EventTag::IdentityDocumentsRequested => EventKind::IdentityDocumentsRequested {
            due: legal_day(at) + Duration::days((seed % 15) as i64),
        },
        EventTag::IdentityDocumentsReceived => EventKind::IdentityDocumentsReceived,
        EventTag::Accepted => EventKind::Accepted,
        EventTag::NotAccepted => match pick(ListKind::NonAcceptance)? {
            ListItem::NonAcceptance(ground) => EventKind::NotAccepted { ground, note: None },
            _ => return None,
        },
        EventTag::Transferred => match pick(ListKind::Transfer)? {
            ListItem::Transfer(basis) => EventKind::Transferred {
                to: "某局".into(),
                basis,
            },
            _ => return None,
        },
        EventTag::MediationStarted => EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
        EventTag::ClockPaused => EventKind::ClockPaused {
            reason: if seed.is_multiple_of(3) {
                PauseReason::Recusal
            } else {
                PauseReason::Appraisal
            },
        },
        EventTag::ClockResumed => EventKind::ClockResumed,
        EventTag::MediationExtended => EventKind::MediationExtended,
        EventTag::AgreementReached => EventKind::AgreementReached {
            amount_recovered: Yuan::from_fen(seed % 500_000),
            settlement: Settlement::Mediation,
        },
        EventTag::MediationEnded => match pick(ListKind::Termination)? {
            ListItem::Termination(ground) => EventKind::MediationEnded {
                ground,
                by: None,
                testing: None,
                note: None,
            },
            _ => return None,
        },
        EventTag::TerminationNotified => EventKind::TerminationNotified,
        EventTag::Withdrawn => EventKind::Withdrawn,
        EventTag::LitigationSupported => EventKind::LitigationSupported,
        EventTag::Closed => EventKind::Closed,
        EventTag::SatisfactionRecorded => EventKind::SatisfactionRecorded {
            rating: Satisfaction::BasicallySatisfied,
        },
        EventTag::ReturnVisitMade => EventKind::ReturnVisitMade { rating: None },
        EventTag::Received | EventTag::DeadlineElapsed => return None,
    };
    Some(Event::new(at, actor, kind))
}

/// Runs the actions, checking after each that a refused event changed nothing.
fn run(case: &mut Case, actions: &[Action]) -> usize {
    let mut applied = 0;
    for a in actions {
        match a {
            Action::Apply {
                minutes,
                actor,
                kind,
                day_offset,
            } => {
                let at = case.last_at() + Duration::minutes(*minutes);
                let kind = concrete(kind.clone(), at, *day_offset, case);
                let before = case.clone();
                match case.apply(Event::new(at, *actor, kind)) {
                    Ok(t) => {
                        applied += 1;
                        assert_eq!(case.len(), before.len() + 1);
                        assert_eq!(t.seq, case.len());
                    }
                    Err(_) => assert_eq!(*case, before, "a refused event changed the case"),
                }
            }
            Action::Guided {
                minutes,
                choice,
                seed,
            } => {
                let at = case.last_at() + Duration::minutes(*minutes);
                if let Some(e) = guided(case, at, *choice, *seed) {
                    let before = case.clone();
                    match case.apply(e) {
                        Ok(_) => applied += 1,
                        Err(_) => assert_eq!(*case, before, "a refused event changed the case"),
                    }
                }
            }
            Action::Advance { days } => {
                let as_of = legal_day(case.last_at()) + Duration::days(i64::from(*days));
                // Every elapse the pure function produces is one the machine accepts.
                case.advance_to(as_of).unwrap();
            }
        }
    }
    applied
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Random event sequences never panic; a refused event changes nothing; every deadline
    /// can be listed; the log of the case replays to the same case.
    #[test]
    fn random_sequences(open in opening(), actions in proptest::collection::vec(action(), 0..60)) {
        let (at, selection, policy) = open;
        let mut case = Case::open_with("P-1", at, selection, policy).unwrap();
        run(&mut case, &actions);
        let as_of = legal_day(case.last_at());
        let deadlines = case.deadlines(as_of).unwrap();
        for d in &deadlines {
            prop_assert!(d.due >= d.starts_on);
            if d.period.is_some_and(|p| p.unit == Unit::WorkingDays) || d.rolled_forward_from.is_some() {
                prop_assert!(default_calendar().is_working_day(d.due).unwrap(), "{d:?}");
            }
        }
        case.summary(as_of).unwrap();
        let text = case.to_jsonl().unwrap();
        prop_assert_eq!(Case::replay(&text).unwrap(), case);
    }

    /// Realistic lifecycles replay to the same case, and any one-byte change to their log is
    /// either detected or leaves the replayed case unchanged.
    #[test]
    fn lifecycles_replay_and_tampering_is_detected(
        seed in any::<u64>(), hours in 0i64..(13 * 30 * 24), cca in any::<bool>(),
        pos in any::<prop::sample::Index>(), byte in 0x20u8..0x7f,
    ) {
        let received = CST.with_ymd_and_hms(2025, 7, 1, 9, 0, 0).unwrap() + Duration::hours(hours);
        let sel = if cca { ProcedureSelection::ConsumerAssociation } else { ProcedureSelection::MarketRegulation };
        let case = Lifecycle::new(seed).play("L-1", received, sel, Yuan::from_yuan(699)).unwrap();
        let text = case.to_jsonl().unwrap();
        prop_assert_eq!(&Case::replay(&text).unwrap(), &case);
        let mut bytes = text.into_bytes();
        let i = pos.index(bytes.len());
        prop_assume!(bytes[i] != byte && bytes[i] != b'\n');
        bytes[i] = byte;
        if let Ok(tampered) = String::from_utf8(bytes)
            && let Ok(replayed) = Case::replay(&tampered)
        {
            prop_assert_eq!(replayed, case);
        }
    }

    /// Pausing the clock never makes a due date earlier; under Order No. 20 a testing pause
    /// moves the mediation due date by exactly the paused working days.
    #[test]
    fn pausing_never_makes_a_due_date_earlier(
        days in 0i64..2000, start_after in 0i64..80, length in 0i64..40, resume in any::<bool>(),
        sel in 0u8..2, reason in prop_oneof![Just(PauseReason::Appraisal), Just(PauseReason::Recusal)],
    ) {
        let received = CST.with_ymd_and_hms(2020, 3, 2, 9, 0, 0).unwrap() + Duration::days(days);
        let selection = if sel == 0 { ProcedureSelection::MarketRegulation } else { ProcedureSelection::ConsumerAssociation };
        let mut case = Case::open("P-2", received, selection).unwrap();
        let t = |d: i64| received + Duration::days(d) + Duration::hours(1);
        let h = |at, kind| Event::new(at, Actor::Handler, kind);
        case.apply(h(t(1), EventKind::Accepted)).unwrap();
        for party in [Party::Consumer, Party::Business] {
            case.apply(h(t(1), EventKind::ConsentGiven { party, subject: ConsentSubject::Mediation })).unwrap();
        }
        case.apply(h(t(2), EventKind::MediationStarted { mediator: Mediator::Own })).unwrap();
        let mediation = |c: &Case, as_of: NaiveDate| {
            c.deadlines(as_of).unwrap().into_iter().find(|d| d.kind == DeadlineKind::MediationPeriod).unwrap()
        };
        let as_of = legal_day(t(2 + start_after + length));
        let before = mediation(&case, as_of);
        let mut paused = case.clone();
        if paused.apply(h(t(2 + start_after), EventKind::ClockPaused { reason })).is_ok() {
            if resume {
                paused.apply(h(t(2 + start_after + length), EventKind::ClockResumed)).unwrap();
            }
            let after = mediation(&paused, as_of);
            prop_assert!(after.due >= before.due, "{} < {}", after.due, before.due);
            let from = legal_day(t(2 + start_after));
            if case.procedure() == Procedure::SamrOrder20 && reason == PauseReason::Appraisal && resume {
                let cal = default_calendar();
                let expected = if from <= before.due {
                    let n = cal.working_days_between(from, legal_day(t(2 + start_after + length))).unwrap();
                    cal.add_working_days(before.due, n).unwrap()
                } else {
                    before.due
                };
                prop_assert_eq!(after.due, expected);
            }
        }
    }
}

#[test]
fn a_long_log_replays() {
    // 20,001 events: a case suspended and resumed ten thousand times.
    let received = CST.with_ymd_and_hms(2024, 5, 10, 9, 0, 0).unwrap();
    let mut case = Case::open("LONG", received, ProcedureSelection::MarketRegulation).unwrap();
    let h = |m: i64, kind| Event::new(received + Duration::minutes(m), Actor::Handler, kind);
    case.apply(h(60, EventKind::Accepted)).unwrap();
    for party in [Party::Consumer, Party::Business] {
        case.apply(h(
            61,
            EventKind::ConsentGiven {
                party,
                subject: ConsentSubject::Mediation,
            },
        ))
        .unwrap();
    }
    case.apply(h(
        62,
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    ))
    .unwrap();
    for i in 0..10_000 {
        case.apply(h(
            100 + 2 * i,
            EventKind::ClockPaused {
                reason: PauseReason::Testing,
            },
        ))
        .unwrap();
        case.apply(h(101 + 2 * i, EventKind::ClockResumed)).unwrap();
    }
    assert_eq!(case.len(), 20_005);
    let text = case.to_jsonl().unwrap();
    assert_eq!(Case::replay(&text).unwrap(), case);
    // Each one-minute pause begins and ends on the same legal day (none spans midnight):
    // the clock loses no day, and the due date stays 45 working days from acceptance.
    let d = case
        .deadlines(NaiveDate::from_ymd_opt(2024, 6, 1).unwrap())
        .unwrap();
    assert_eq!(d[1].paused, 0);
    assert_eq!(d[1].due, NaiveDate::from_ymd_opt(2024, 7, 12).unwrap());
    assert_eq!(case.pauses().len(), 10_000);
}
