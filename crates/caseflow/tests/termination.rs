//! Who refused mediation and what the testing dispute was about: Order No. 20 Art. 21
//! para. 1 item (3) lists either party's absence but only the respondent's refusal, and item
//! (2) a disagreement on the technical body or on who pays; Order No. 121 Art. 23 para. 1
//! item (2) lists either party's absence or refusal, and item (4) a disagreement on who pays
//! only.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use weiquan_caseflow::{
    Actor, Case, Conduct, Error, Event, EventKind, Guard, Party, PartyConduct, ProcedureSelection,
    StateKind, TerminationGround as TG, TestingDispute,
};

/// A case received on `day` (Order No. 20 before 2026-04-15, Order No. 121 from then),
/// accepted the next day, then ended with this ground and these facts.
fn end(
    day: &str,
    ground: TG,
    by: Option<PartyConduct>,
    testing: Option<TestingDispute>,
) -> Result<Case, Error> {
    let at = |d: &str, h: u32| format!("{d}T{h:02}:00:00+08:00").parse().unwrap();
    let mut case = Case::open("T-1", at(day, 9), ProcedureSelection::MarketRegulation).unwrap();
    case.apply(Event::new(at(day, 15), Actor::Handler, EventKind::Accepted))
        .unwrap();
    case.apply(Event::new(
        at(day, 16),
        Actor::Handler,
        EventKind::MediationEnded {
            ground,
            by,
            testing,
            note: None,
        },
    ))?;
    Ok(case)
}

fn by(party: Party, act: Conduct) -> Option<PartyConduct> {
    Some(PartyConduct { party, act })
}

fn refused(e: Error) -> (Guard, String) {
    match e {
        Error::GuardFailed { guard, detail, .. } => (guard, detail),
        other => panic!("{other:?}"),
    }
}

const O20: &str = "2025-06-03";
const O121: &str = "2026-06-02";

#[test]
fn order_20_lists_only_the_respondents_refusal() {
    let c = end(
        O20,
        TG::AbsentOrRefused,
        by(Party::Business, Conduct::Refused),
        None,
    )
    .unwrap();
    assert_eq!(c.state(), StateKind::MediationEnded);
    // Either party's absence without good reason.
    for p in [Party::Consumer, Party::Business] {
        end(O20, TG::AbsentOrRefused, by(p, Conduct::Absent), None).unwrap();
    }
    // The consumer's refusal is not item (3) of Order No. 20.
    let e = end(
        O20,
        TG::AbsentOrRefused,
        by(Party::Consumer, Conduct::Refused),
        None,
    )
    .unwrap_err();
    assert_eq!(e.code(), "caseflow.guard_failed");
    let (guard, detail) = refused(e);
    assert_eq!(guard, Guard::GroundListed);
    assert_eq!(
        detail,
        "SAMR Order No. 20, Art. 21, para. 1, item (3) (samr_order_20) does not list a refusal by the consumer"
    );
}

#[test]
fn order_121_lists_either_partys_refusal() {
    for p in [Party::Consumer, Party::Business] {
        for act in [Conduct::Absent, Conduct::Refused] {
            let c = end(O121, TG::AbsentOrRefused, by(p, act), None).unwrap();
            assert_eq!(c.state(), StateKind::MediationEnded);
        }
    }
}

#[test]
fn the_testing_grounds_differ() {
    // Order No. 20 item (2): the technical body or who pays.
    for t in [TestingDispute::TechnicalBody, TestingDispute::Costs] {
        end(O20, TG::NoAgreementOnTesting, None, Some(t)).unwrap();
    }
    // Order No. 121 item (4): who pays only.
    end(
        O121,
        TG::NoAgreementOnTesting,
        None,
        Some(TestingDispute::Costs),
    )
    .unwrap();
    let (guard, detail) = refused(
        end(
            O121,
            TG::NoAgreementOnTesting,
            None,
            Some(TestingDispute::TechnicalBody),
        )
        .unwrap_err(),
    );
    assert_eq!(guard, Guard::GroundListed);
    assert!(
        detail.starts_with("SAMR Order No. 121, Art. 23, para. 1, item (4)"),
        "{detail}"
    );
}

#[test]
fn the_facts_must_belong_to_the_ground() {
    let (_, detail) = refused(
        end(
            O20,
            TG::PartyCeased,
            by(Party::Business, Conduct::Refused),
            None,
        )
        .unwrap_err(),
    );
    // Order No. 20 has no "party ceased" item at all: that is said first.
    assert_eq!(detail, "party_ceased is not in the list of samr_order_20");
    let (_, detail) = refused(
        end(
            O121,
            TG::NoAgreementPossible,
            None,
            Some(TestingDispute::Costs),
        )
        .unwrap_err(),
    );
    assert_eq!(
        detail,
        "`testing` states what the testing dispute was about; no_agreement_possible takes none"
    );
    let (_, detail) = refused(
        end(
            O121,
            TG::NoAgreementPossible,
            by(Party::Consumer, Conduct::Absent),
            None,
        )
        .unwrap_err(),
    );
    assert!(detail.starts_with("no_agreement_possible is a party's statement"));
    end(
        O121,
        TG::NoAgreementPossible,
        by(Party::Consumer, Conduct::Refused),
        None,
    )
    .unwrap();
    // Without the facts, the ground is recorded as before (logs written before they existed).
    end(O20, TG::AbsentOrRefused, None, None).unwrap();
}

#[test]
fn the_facts_are_kept_in_the_log() {
    let c = end(
        O121,
        TG::AbsentOrRefused,
        by(Party::Consumer, Conduct::Refused),
        None,
    )
    .unwrap();
    let log = c.to_jsonl().unwrap();
    assert!(
        log.contains(r#""by":{"party":"consumer","act":"refused"}"#),
        "{log}"
    );
    assert_eq!(Case::replay(&log).unwrap(), c);
    let c = end(
        O20,
        TG::NoAgreementOnTesting,
        None,
        Some(TestingDispute::TechnicalBody),
    )
    .unwrap();
    let log = c.to_jsonl().unwrap();
    assert!(log.contains(r#""testing":"technical_body""#));
    assert_eq!(Case::replay(&log).unwrap(), c);
}
