//! The JSON of the outputs other crates and the bindings pass on: a deadline as written
//! agrees with its JSON Schema, carries its names and its basis written out, and every
//! vocabulary a binding shows has its own names in Chinese and English.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect and panic are its assertions"
)]

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use serde_json::Value;
use weiquan_caseflow::limits::DEADLINE_KINDS;
use weiquan_caseflow::{
    DeadlineStatus, Outcome, ProcedureSelection, STATES, Satisfaction, Settlement,
    TerminationGround, TransferBasis, legal_day,
};
use weiquan_complaint::{CST, Yuan};
use weiquan_synth::simulate::Lifecycle;

fn received(i: u32) -> DateTime<FixedOffset> {
    CST.with_ymd_and_hms(2025, 9, 1, 9, 0, 0).unwrap() + Duration::hours(i64::from(i) * 37)
}

#[test]
fn a_deadline_is_written_as_its_schema_says_with_its_names_and_basis() {
    let schema = serde_json::to_value(schemars::schema_for!(weiquan_caseflow::Deadline)).unwrap();
    let properties: BTreeSet<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let required: BTreeSet<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(required.is_subset(&properties));

    // Lifecycles to their end and half-way, received from September 2025 (Order No. 20) to
    // 2027 (Order No. 121, whose calendar-day periods can end on a rest day): deadlines met,
    // missed, pending, paused, moved off rest days, elapsed.
    let mut life = Lifecycle::new(7);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for i in 0..400 {
        let selection = if i % 4 == 0 {
            ProcedureSelection::ConsumerAssociation
        } else {
            ProcedureSelection::MarketRegulation
        };
        let case = life
            .play(
                &format!("J-{i}"),
                received(i),
                selection,
                Yuan::from_yuan(800),
            )
            .unwrap();
        let last = legal_day(case.last_at());
        let middle = legal_day(received(i)) + (last - legal_day(received(i))) / 2;
        for as_of in [middle, last] {
            for d in case.deadlines(as_of).unwrap() {
                let json = serde_json::to_value(&d).unwrap();
                let keys: BTreeSet<&str> = json
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(String::as_str)
                    .collect();
                assert!(keys.is_subset(&properties), "{keys:?}");
                assert!(required.is_subset(&keys), "{keys:?}");
                seen.extend(keys.iter().map(|k| (*k).to_owned()));
                assert_eq!(json["kind"], d.kind.code());
                assert_eq!(json["name_zh"], d.kind.name_zh());
                assert_eq!(json["name_en"], d.kind.name_en());
                assert_eq!(json["status"], d.status.code());
                assert_eq!(json["basis_zh"], d.basis.annotated_zh());
                assert_eq!(json["basis_en"], d.basis.annotated_en());
                assert_eq!(json["basis"], serde_json::to_value(d.basis).unwrap());
                assert_eq!(
                    json["period"],
                    d.period
                        .map_or(Value::Null, |p| serde_json::to_value(p).unwrap())
                );
            }
        }
    }
    // Every property the schema declares is written for some deadline.
    let seen: BTreeSet<&str> = seen.iter().map(String::as_str).collect();
    assert_eq!(seen, properties);
}

fn assert_names<T: std::fmt::Debug>(
    values: &[T],
    zh: impl Fn(&T) -> &str,
    en: impl Fn(&T) -> &str,
) {
    let zhs: BTreeSet<&str> = values.iter().map(&zh).collect();
    let ens: BTreeSet<&str> = values.iter().map(&en).collect();
    assert_eq!(
        (zhs.len(), ens.len()),
        (values.len(), values.len()),
        "{values:?}"
    );
    for v in values {
        assert!(!zh(v).is_ascii(), "{v:?}");
        assert!(en(v).is_ascii() && !en(v).is_empty(), "{v:?}");
    }
}

#[test]
fn the_vocabularies_bindings_show_have_names_in_both_languages() {
    assert_names(&DEADLINE_KINDS, |k| k.name_zh(), |k| k.name_en());
    assert_names(&STATES, |s| s.name_zh(), |s| s.name_en());
    assert_names(&DeadlineStatus::ALL, |s| s.name_zh(), |s| s.name_en());
    let ratings = [
        Satisfaction::Satisfied,
        Satisfaction::BasicallySatisfied,
        Satisfaction::Dissatisfied,
    ];
    assert_names(&ratings, |s| s.name_zh(), |s| s.name_en());
    for s in ratings {
        assert_eq!(serde_json::to_value(s).unwrap(), s.code());
    }
    for s in DeadlineStatus::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.code());
    }
    let ground = TerminationGround::AbsentOrRefused;
    let outcomes = [
        Outcome::NotAccepted {
            ground: weiquan_caseflow::NonAcceptanceGround::OutOfScope,
        },
        Outcome::Transferred {
            to: "石家庄市长安区市场监督管理局".to_owned(),
            basis: TransferBasis::DispatchedToCompetent,
        },
        Outcome::Resolved {
            amount_recovered: Yuan::from_yuan(10),
            settlement: Settlement::Mediation,
        },
        Outcome::MediationFailed { ground },
        Outcome::Withdrawn,
        Outcome::LitigationSupported { ground },
    ];
    assert_names(&outcomes, |o| o.name_zh(), |o| o.name_en());
}
