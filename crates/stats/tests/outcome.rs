//! Case outcomes read from caseflow's case summaries, on simulated lifecycles: every case a
//! service can produce gives an outcome the aggregator accepts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect and panic are its assertions"
)]

use std::collections::BTreeSet;

use weiquan_caseflow::{ProcedureSelection, legal_day};
use weiquan_complaint::Yuan;
use weiquan_stats::{CaseOutcome, OutcomeState};
use weiquan_synth::generate::Generator;
use weiquan_synth::simulate::Lifecycle;

#[test]
fn every_simulated_case_gives_a_valid_outcome() {
    let mut life = Lifecycle::new(16);
    let mut seen = BTreeSet::new();
    for (i, c) in Generator::new(16).take(1500).enumerate() {
        let selection = if i % 3 == 0 {
            ProcedureSelection::ConsumerAssociation
        } else {
            ProcedureSelection::MarketRegulation
        };
        let case = life
            .play(&c.id, c.received_at, selection, c.purchase.amount_paid)
            .unwrap();
        let s = case.summary(legal_day(case.last_at())).unwrap();
        let o = CaseOutcome::from(&s);
        o.check().unwrap();
        assert_eq!(
            o.state == OutcomeState::Resolved,
            s.resolved,
            "{}",
            s.complaint_id
        );
        assert_eq!(o.state == OutcomeState::Pending, s.outcome.is_none());
        if s.resolved {
            assert_eq!(o.recovered, s.amount_recovered.unwrap_or(Yuan::ZERO));
        }
        assert_eq!(o.handling_days.is_some(), s.outcome.is_some());
        if let Some(days) = o.handling_days {
            assert_eq!(u32::from(days), s.handling_working_days);
        }
        seen.insert(o.state);
    }
    // The simulator reaches every outcome but a pending one (it plays each case to its end).
    let expected: BTreeSet<OutcomeState> = OutcomeState::ALL
        .into_iter()
        .filter(|s| *s != OutcomeState::Pending)
        .collect();
    assert_eq!(seen, expected);
}
