//! Screening a complaint against the grounds its facts decide: SAMR Order No. 20 Art. 15
//! items (2)–(4), Order No. 121 Art. 16 items (2)–(4), the three-year bar counted as Civil
//! Code Arts. 201–203 count, with its boundary days.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use chrono::NaiveDate;
use proptest::prelude::*;
use weiquan_caseflow::screening::{Because, Status, screen};
use weiquan_caseflow::{NonAcceptanceGround as G, Procedure, ProcedureSelection};
use weiquan_complaint::{Complaint, Dispute, EarlierHandler, Purpose};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A complaint received on `received` (09:00 in China), bought on 2020-01-02, for living
/// consumption from an operator, handled by nobody before, known on `known`.
fn complaint(received: &str, known: Option<&str>) -> Complaint {
    let mut c = weiquan_synth::generate::Generator::new(11).next().unwrap();
    c.received_at = format!("{received}T09:00:00+08:00").parse().unwrap();
    c.purchase.purchase_date = d("2020-01-02");
    c.purchase.receipt_date = None;
    c.purchase.purpose = Some(Purpose::LivingConsumption);
    c.business.is_operator = Some(true);
    c.dispute = Some(Dispute {
        known_on: known.map(d),
        earlier_handled_by: Some(EarlierHandler::None),
    });
    c
}

fn status(c: &Complaint, g: G) -> Status {
    screen(c, ProcedureSelection::MarketRegulation)
        .unwrap()
        .status(g)
        .unwrap()
}

/// The bar's (effective last day, status received that day, status the day after).
fn boundary(known: &str, last: &str) {
    let next = d(last).succ_opt().unwrap().to_string();
    let s = screen(
        &complaint(last, Some(known)),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    assert_eq!(
        s.time_bar.as_ref().unwrap().effective_last_day(),
        d(last),
        "{known}"
    );
    assert_eq!(
        s.status(G::TimeBarred),
        Some(Status::NotEstablished),
        "{known} on {last}"
    );
    assert_eq!(
        status(&complaint(&next, Some(known)), G::TimeBarred),
        Status::Established,
        "{known} on {next}"
    );
}

#[test]
fn three_years_end_on_the_corresponding_day() {
    // Civil Code Arts. 188, 201, 202: known 2021-05-10, in time on 2024-05-10 (a Friday),
    // barred on 2024-05-11.
    boundary("2021-05-10", "2024-05-10");
    let s = screen(
        &complaint("2024-05-11", Some("2021-05-10")),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    let bar = s.time_bar.unwrap();
    assert_eq!(bar.last_day, d("2024-05-10"));
    assert_eq!(bar.extended_to, None);
    assert_eq!(bar.years, 3);
    assert_eq!(
        bar.steps[0].en,
        "known on 2021-05-10: the period starts on 2021-05-11"
    );
    assert_eq!(
        bar.steps[1].en,
        "3 years end on the corresponding day, 2024-05-10"
    );
    assert_eq!(bar.steps[2].en, "2024-05-10 is a working day: no extension");
    assert_eq!(bar.steps[0].citations[0].text_en(), "Civil Code, Art. 201");
    let g = s
        .grounds
        .iter()
        .find(|g| g.ground == G::TimeBarred)
        .unwrap();
    assert_eq!(g.because, Because::AfterBar);
    assert_eq!(
        g.citations[0].text_en(),
        "SAMR Order No. 20, Art. 15, item (4)"
    );
    assert_eq!(g.citations[1].text_en(), "Civil Code, Art. 188, para. 1");
}

#[test]
fn without_a_corresponding_day_the_period_ends_at_the_month_end() {
    // Art. 202: 2020-02-29 + 3 years has no 29 February: 2023-02-28 (a Tuesday).
    boundary("2020-02-29", "2023-02-28");
    let s = screen(
        &complaint("2023-02-28", Some("2020-02-29")),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    assert_eq!(
        s.time_bar.unwrap().steps[1].en,
        "3 years: the month has no corresponding day, the period ends on its last day, 2023-02-28"
    );
}

#[test]
fn a_last_day_on_a_rest_day_moves_to_the_next_working_day() {
    // Art. 203: 2024-10-01 is in the National Day break (1–7 October): in time until 10-08.
    boundary("2021-10-01", "2024-10-08");
    // A Saturday: 2023-06-10 moves to Monday 2023-06-12.
    boundary("2020-06-10", "2023-06-12");
    // Under Order No. 121: 2026-05-01 is in the Labour Day break (1–5 May).
    boundary("2023-05-01", "2026-05-06");
    let s = screen(
        &complaint("2026-05-06", Some("2023-05-01")),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    assert_eq!(s.procedure, Procedure::SamrOrder121);
    let bar = s.time_bar.as_ref().unwrap();
    assert_eq!(bar.last_day, d("2026-05-01"));
    assert_eq!(bar.extended_to, Some(d("2026-05-06")));
    assert_eq!(
        bar.steps[2].en,
        "2026-05-01 is a rest day: the period ends on 2026-05-06"
    );
    let g = s
        .grounds
        .iter()
        .find(|g| g.ground == G::TimeBarred)
        .unwrap();
    assert_eq!(
        g.citations[0].text_en(),
        "SAMR Order No. 121, Art. 16, item (4)"
    );
}

#[test]
fn an_unknown_day_of_knowledge_is_a_missing_fact() {
    let s = screen(
        &complaint("2024-05-11", None),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    assert_eq!(s.status(G::TimeBarred), Some(Status::MissingFacts));
    assert!(s.time_bar.is_none());
    assert!(
        s.missing_facts()
            .any(|(g, p)| g == G::TimeBarred && p == "/dispute/known_on")
    );
    // A consumer association's list has no bar.
    let s = screen(
        &complaint("2024-05-11", Some("2001-01-01")),
        ProcedureSelection::ConsumerAssociation,
    )
    .unwrap();
    assert_eq!(s.status(G::TimeBarred), None);
}

#[test]
fn not_for_living_consumption_is_refused_on_item_three() {
    let mut c = complaint("2024-05-11", Some("2024-05-01"));
    assert_eq!(status(&c, G::NotLivingConsumption), Status::NotEstablished);
    c.purchase.purpose = Some(Purpose::NotLivingConsumption);
    let s = screen(&c, ProcedureSelection::MarketRegulation).unwrap();
    assert_eq!(
        s.established().collect::<Vec<_>>(),
        [G::NotLivingConsumption]
    );
    let g = &s.grounds[1];
    assert_eq!(g.because, Because::NotLivingConsumption);
    assert_eq!(
        g.citations[0].text_en(),
        "SAMR Order No. 20, Art. 15, item (3)"
    );
    assert_eq!(g.citations[1].text_en(), "CRPL (2013 amendment), Art. 2");
    // Under Order No. 121, item (3) of Art. 16.
    let mut c = complaint("2026-05-11", Some("2026-05-01"));
    c.purchase.purpose = Some(Purpose::NotLivingConsumption);
    let s = screen(&c, ProcedureSelection::MarketRegulation).unwrap();
    assert_eq!(
        s.grounds[1].citations[0].text_en(),
        "SAMR Order No. 121, Art. 16, item (3)"
    );
    // A consumer association: a matter outside the CRPL, its "other matters" item.
    let s = screen(&c, ProcedureSelection::ConsumerAssociation).unwrap();
    assert_eq!(s.status(G::OtherLegal), Some(Status::Established));
}

#[test]
fn a_respondent_who_is_not_an_operator_leaves_no_consumer_dispute() {
    let mut c = complaint("2024-05-11", Some("2024-05-01"));
    c.business.is_operator = Some(false);
    let s = screen(&c, ProcedureSelection::MarketRegulation).unwrap();
    let g = s
        .grounds
        .iter()
        .find(|g| g.ground == G::NotLivingConsumption)
        .unwrap();
    assert_eq!(
        (g.status, g.because),
        (Status::Established, Because::RespondentNotOperator)
    );
    assert!(
        g.citations
            .iter()
            .any(|c| c.text_en() == "SPC Fa Shi [2022] No. 8, Art. 7")
    );
}

#[test]
fn an_unknown_purpose_or_operator_status_is_never_presumed() {
    let mut c = complaint("2024-05-11", Some("2024-05-01"));
    c.purchase.purpose = None;
    c.business.is_operator = None;
    let s = screen(&c, ProcedureSelection::MarketRegulation).unwrap();
    assert_eq!(
        s.status(G::NotLivingConsumption),
        Some(Status::MissingFacts)
    );
    let missing: Vec<_> = s.missing_facts().map(|(_, p)| p).collect();
    assert_eq!(missing, ["/purchase/purpose", "/business/is_operator"]);
    // One of the two known is not enough.
    c.purchase.purpose = Some(Purpose::LivingConsumption);
    assert_eq!(status(&c, G::NotLivingConsumption), Status::MissingFacts);
}

#[test]
fn earlier_handling_counts_other_mediation_organisations_under_order_20_only() {
    let with = |received: &str, by: Option<EarlierHandler>| {
        let mut c = complaint(received, Some("2024-05-01"));
        c.dispute.as_mut().unwrap().earlier_handled_by = by;
        c
    };
    let people = Some(EarlierHandler::OtherMediationOrganisation);
    // Order No. 20 Art. 15 item (2) lists "other lawfully established mediation
    // organisations".
    let s = screen(
        &with("2024-05-11", people),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    assert_eq!(s.status(G::AlreadyHandled), Some(Status::Established));
    assert_eq!(
        s.grounds[0].citations[0].text_en(),
        "SAMR Order No. 20, Art. 15, item (2)"
    );
    // Order No. 121 Art. 16 item (2) does not.
    let s = screen(
        &with("2026-05-11", people),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    assert_eq!(
        (s.grounds[0].status, s.grounds[0].because),
        (Status::NotEstablished, Because::HandlerNotListed)
    );
    // Both list a consumer association and a court.
    for by in [EarlierHandler::ConsumerAssociation, EarlierHandler::Court] {
        assert_eq!(
            status(&with("2026-05-11", Some(by)), G::AlreadyHandled),
            Status::Established
        );
    }
    // The association's own list names courts, administrative departments and arbitration.
    let s = screen(
        &with("2026-05-11", Some(EarlierHandler::ConsumerAssociation)),
        ProcedureSelection::ConsumerAssociation,
    )
    .unwrap();
    assert_eq!(s.status(G::AlreadyHandled), Some(Status::NotEstablished));
    // Nobody, and unknown.
    assert_eq!(
        status(
            &with("2024-05-11", Some(EarlierHandler::None)),
            G::AlreadyHandled
        ),
        Status::NotEstablished
    );
    let s = screen(
        &with("2024-05-11", None),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    assert_eq!(s.status(G::AlreadyHandled), Some(Status::MissingFacts));
    assert_eq!(s.grounds[0].missing, ["/dispute/earlier_handled_by"]);
}

#[test]
fn the_screening_serialises_with_codes_and_citations() {
    let mut c = complaint("2024-10-09", Some("2021-10-01"));
    c.purchase.purpose = Some(Purpose::NotLivingConsumption);
    let v: serde_json::Value = serde_json::from_str(
        &screen(&c, ProcedureSelection::MarketRegulation)
            .unwrap()
            .to_json(),
    )
    .unwrap();
    assert_eq!(v["procedure"], "samr_order_20");
    assert_eq!(v["received_on"], "2024-10-09");
    assert_eq!(v["time_bar"]["extended_to"], "2024-10-08");
    assert_eq!(v["grounds"][1]["status"], "established");
    assert_eq!(v["grounds"][1]["because"], "not_living_consumption");
    assert_eq!(v["grounds"][1]["citations"][0]["article"], 15);
    assert_eq!(v["grounds"][2]["because"], "after_bar");
}

proptest! {
    // Each case screens three complaints: 64 cases cover every weekday and month end well.
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// The bar's boundary for any day of knowledge the calendar covers: in time on the
    /// effective last day, barred the day after; the last day is never before the
    /// corresponding day three years on, nor more than the longest break after it.
    #[test]
    fn in_time_on_the_last_day_barred_the_day_after(offset in 0u32..1800) {
        let known = d("2020-01-02") + chrono::Days::new(u64::from(offset));
        let last = {
            let s = screen(&complaint("2025-01-01", Some(&known.to_string())),
                           ProcedureSelection::MarketRegulation).unwrap();
            s.time_bar.unwrap().effective_last_day()
        };
        let corresponding = known.checked_add_months(chrono::Months::new(36)).unwrap();
        prop_assert!(last >= corresponding);
        prop_assert!(last <= corresponding + chrono::Days::new(10));
        let on = screen(&complaint(&last.to_string(), Some(&known.to_string())),
                        ProcedureSelection::MarketRegulation).unwrap();
        prop_assert_eq!(on.status(G::TimeBarred), Some(Status::NotEstablished));
        let after = last.succ_opt().unwrap();
        let late = screen(&complaint(&after.to_string(), Some(&known.to_string())),
                          ProcedureSelection::MarketRegulation).unwrap();
        prop_assert_eq!(late.status(G::TimeBarred), Some(Status::Established));
    }
}
