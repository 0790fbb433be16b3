//! Helpers shared by the integration tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use chrono::NaiveDate;
use weiquan_complaint::{Category, Channel, ConsumerGroup, MajorCategory, ProblemNature};
use weiquan_stats::{
    Aggregator, CaseOutcome, Error, GroupBy, GroupSet, Keyer, OutcomeState, RandomSource,
    RecordOptions, StatsRecord,
};
use weiquan_synth::generate::{Generator, Rng};

/// A seeded random source: for tests only.
pub struct Seeded(pub Rng);

impl RandomSource for Seeded {
    fn next_u64(&mut self) -> Result<u64, Error> {
        Ok(self.0.next_u64())
    }
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A record with the given channel and nature (by index), received on `received`.
pub fn record(channel: usize, nature: usize, received: NaiveDate) -> StatsRecord {
    StatsRecord {
        received,
        region: "130102".parse().unwrap(),
        category: Category::major_only(MajorCategory::Food),
        problem_nature: ProblemNature::ALL[nature],
        channel: Channel::ALL[channel],
        groups: GroupSet::NONE,
        age: None,
        business: None,
        consumer: None,
        record_hash: None,
        outcome: None,
    }
}

/// Generated complaints as records, with random outcomes for about half of them.
pub fn generated(seed: u64, n: usize, options: RecordOptions<'_>) -> Vec<StatsRecord> {
    let mut rng = Rng::new(seed ^ 77);
    Generator::new(seed)
        .take(n)
        .map(|c| {
            let outcome = match rng.below(4) {
                0 => None,
                1 => {
                    Some(CaseOutcome::new(OutcomeState::Pending, Default::default(), None).unwrap())
                }
                2 => Some(
                    CaseOutcome::new(
                        OutcomeState::Resolved,
                        weiquan_complaint::Yuan::from_fen(rng.below(500_000)),
                        Some(rng.below(40) as u16),
                    )
                    .unwrap(),
                ),
                _ => Some(
                    CaseOutcome::new(
                        OutcomeState::MediationFailed,
                        Default::default(),
                        Some(rng.below(60) as u16),
                    )
                    .unwrap(),
                ),
            };
            StatsRecord::from_complaint(&c, outcome, options)
        })
        .collect()
}

pub fn aggregate(by: &str, records: &[StatsRecord]) -> Aggregator {
    let mut a = Aggregator::new(by.parse::<GroupBy>().unwrap());
    for r in records {
        a.add(r).unwrap();
    }
    a
}

pub fn keyer() -> Keyer {
    Keyer::with_secret(b"integration tests")
}

pub fn elderly() -> GroupSet {
    GroupSet::of(&[ConsumerGroup::Elderly])
}
