//! Early warning: weekly complaint counts per business and per category, and a test that
//! flags a week whose count is improbably high against the weeks before it.
//!
//! # The test
//!
//! For a series (one business, or one major category) and a week `w` with count `x`, take
//! the `W` full weeks before it (default 8) with counts `b₁…b_W` and `T = x + Σ bᵢ`. If the
//! `W + 1` weekly counts were independent Poisson variables with one common rate — whatever
//! that rate is — then given `T`, `x` is Binomial(`T`, `1/(W+1)`). The week is flagged when
//!
//! - `x ≥ min_count` (default 5), and
//! - the one-sided p-value `P[Binomial(T, 1/(W+1)) ≥ x] ≤ α` (default α = 0.001).
//!
//! Because the test conditions on `T`, its false-positive rate is at most `α` for every
//! series and week tested, exactly, without estimating the rate (the conditional test of two
//! Poisson means; Przyborowski and Wileński 1940). Over many series the expected number of
//! false alarms is at most `α ×` the number of tests, which [`AlertReport::tests`] reports.
//! The p-value is computed in double precision (relative error far below 10⁻⁹), and a week is
//! flagged only when `p × (1 + 10⁻⁹) ≤ α`, so the rounding cannot create an alarm.
//!
//! Only full weeks (Monday to Sunday, China Standard Time) inside the data are used; the
//! first `W` full weeks serve only as baseline. Alerts name businesses (their unified social
//! credit code, or their normalised name) and categories — never a consumer.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use weiquan_complaint::MajorCategory;

use crate::record::{BusinessKey, StatsRecord};
use crate::{Error, Ratio, SCHEMA_VERSION};

/// Settings of the surge test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertConfig {
    /// Weeks of baseline before the week tested (default 8).
    pub baseline_weeks: u32,
    /// The significance level: the false-positive rate per test is at most this (default
    /// 1/1000).
    pub alpha: Ratio,
    /// The smallest weekly count that can raise an alert (default 5).
    pub min_count: u64,
}

impl Default for AlertConfig {
    fn default() -> Self {
        AlertConfig {
            baseline_weeks: 8,
            alpha: Ratio::new(1, 1000).unwrap_or(Ratio::ZERO),
            min_count: 5,
        }
    }
}

/// What a series counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Series {
    /// Complaints about one business.
    Business(BusinessKey),
    /// Complaints in one major category.
    Category(MajorCategory),
}

impl Series {
    /// What kind of series it is: `business` or `category`, as in JSON.
    pub fn kind_code(&self) -> &'static str {
        match self {
            Series::Business(_) => "business",
            Series::Category(_) => "category",
        }
    }

    /// The kind's Chinese name.
    pub fn kind_name_zh(&self) -> &'static str {
        match self {
            Series::Business(_) => "经营者",
            Series::Category(_) => "类别",
        }
    }

    /// The kind's English name.
    pub fn kind_name_en(&self) -> &'static str {
        match self {
            Series::Business(_) => "business",
            Series::Category(_) => "category",
        }
    }
}

/// Weeks are numbered from Monday 1970-01-05.
fn week_of(d: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 5).unwrap_or_default();
    (d - epoch).num_days().div_euclid(7)
}

fn week_start(w: i64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 5).unwrap_or_default();
    epoch + Duration::days(w.saturating_mul(7))
}

/// Weekly counts per series; mergeable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeeklyCounts {
    series: HashMap<Series, BTreeMap<i64, u64>>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

impl WeeklyCounts {
    /// Empty counts.
    pub fn new() -> WeeklyCounts {
        WeeklyCounts::default()
    }

    /// Counts a record (in its business's series when it has a business key, and in its
    /// major category's series).
    pub fn add(&mut self, r: &StatsRecord) {
        let w = week_of(r.received);
        if let Some(b) = &r.business {
            *self
                .series
                .entry(Series::Business(b.clone()))
                .or_default()
                .entry(w)
                .or_default() += 1;
        }
        *self
            .series
            .entry(Series::Category(r.category.major()))
            .or_default()
            .entry(w)
            .or_default() += 1;
        self.first = Some(self.first.map_or(r.received, |f| f.min(r.received)));
        self.last = Some(self.last.map_or(r.received, |l| l.max(r.received)));
    }

    /// Adds other counts.
    pub fn merge(&mut self, other: WeeklyCounts) {
        for (s, weeks) in other.series {
            let mine = self.series.entry(s).or_default();
            for (w, n) in weeks {
                *mine.entry(w).or_default() += n;
            }
        }
        self.first = match (self.first, other.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last = match (self.last, other.last) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }

    /// Runs the test on every full week after the baseline, in every series.
    pub fn alerts(&self, config: &AlertConfig) -> Result<AlertReport, Error> {
        if config.baseline_weeks == 0 {
            return Err(Error::parameter(
                "baseline_weeks",
                0,
                "must be at least 1",
                "至少为1",
            ));
        }
        if !config.alpha.is_positive() || config.alpha >= Ratio::ONE {
            return Err(Error::parameter(
                "alpha",
                config.alpha,
                "must be in (0, 1)",
                "须大于0且小于1",
            ));
        }
        let (Some(first), Some(last)) = (self.first, self.last) else {
            return Ok(AlertReport {
                alerts: Vec::new(),
                tests: 0,
                series: 0,
                full_weeks: 0,
            });
        };
        let first_full = week_of(first) + i64::from(first.weekday() != Weekday::Mon);
        let last_full = week_of(last) - i64::from(last.weekday() != Weekday::Sun);
        let full_weeks = u64::try_from(last_full - first_full + 1).unwrap_or(0);
        let w = i64::from(config.baseline_weeks);
        // The first week that can be tested has its whole baseline inside the data. With
        // fewer than baseline + 1 full weeks there is none: no test, not an empty range
        // that `BTreeMap::range` would refuse (start after end).
        let first_tested = first_full + w;
        if first_tested > last_full {
            let mut keys: Vec<&Series> = self.series.keys().collect();
            keys.sort();
            return Ok(AlertReport {
                alerts: Vec::new(),
                tests: 0,
                series: keys.len(),
                full_weeks,
            });
        }
        let alpha = config.alpha.numer() as f64 / config.alpha.denom() as f64;
        let p0 = 1.0 / (f64::from(config.baseline_weeks) + 1.0);
        let mut alerts = Vec::new();
        let mut tests = 0u64;
        let mut keys: Vec<&Series> = self.series.keys().collect();
        keys.sort();
        for s in &keys {
            let Some(weeks) = self.series.get(*s) else {
                continue;
            };
            for (week, x) in weeks.range(first_tested..=last_full) {
                if *x < config.min_count {
                    continue;
                }
                let baseline: Vec<u64> = (week - w..*week)
                    .map(|b| weeks.get(&b).copied().unwrap_or(0))
                    .collect();
                let t = x + baseline.iter().sum::<u64>();
                tests += 1;
                let p = binomial_upper_tail(t, *x, p0);
                if p * (1.0 + 1e-9) <= alpha {
                    let start = week_start(*week);
                    let iso = start.iso_week();
                    alerts.push(Alert {
                        schema_version: SCHEMA_VERSION,
                        kind: "surge_alert".to_owned(),
                        series: (*s).clone(),
                        week: format!("{}-W{:02}", iso.year(), iso.week()),
                        week_start: start,
                        count: *x,
                        baseline_mean: Ratio::new(
                            i128::from(t - x),
                            i128::from(config.baseline_weeks),
                        )
                        .unwrap_or(Ratio::ZERO),
                        baseline,
                        p_value: p,
                        alpha: config.alpha,
                        test: format!(
                            "one-sided conditional binomial test: P[Binomial({t}, 1/{}) >= {x}]",
                            config.baseline_weeks + 1
                        ),
                    });
                }
            }
        }
        alerts.sort_by(|a, b| (a.week_start, &a.series).cmp(&(b.week_start, &b.series)));
        Ok(AlertReport {
            alerts,
            tests,
            series: keys.len(),
            full_weeks,
        })
    }
}

/// `P[Binomial(n, p) ≥ x]`.
pub fn binomial_upper_tail(n: u64, x: u64, p: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    if x > n {
        return 0.0;
    }
    let q = 1.0 - p;
    let mut ln_c = 0.0;
    for j in 1..=x {
        ln_c += ((n - x + j) as f64).ln() - (j as f64).ln();
    }
    let mut term = (ln_c + x as f64 * p.ln() + (n - x) as f64 * q.ln()).exp();
    let ratio = p / q;
    let mut sum = 0.0;
    let mut i = x;
    loop {
        sum += term;
        if i == n {
            break;
        }
        term *= (n - i) as f64 / (i + 1) as f64 * ratio;
        i += 1;
        if term < sum * 1e-18 {
            break;
        }
    }
    sum.min(1.0)
}

/// One week flagged as a surge, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Always 1.
    pub schema_version: u32,
    /// Always `surge_alert`.
    pub kind: String,
    /// The business or category.
    pub series: Series,
    /// The ISO week, e.g. `2025-W31`.
    pub week: String,
    /// Its Monday.
    pub week_start: NaiveDate,
    /// Complaints that week.
    pub count: u64,
    /// Complaints in each baseline week, oldest first.
    pub baseline: Vec<u64>,
    /// Their mean, exact.
    pub baseline_mean: Ratio,
    /// The one-sided p-value.
    pub p_value: f64,
    /// The level it was compared with.
    pub alpha: Ratio,
    /// The test, in words.
    pub test: String,
}

/// The alerts and how many tests were run.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertReport {
    /// The alerts, by week.
    pub alerts: Vec<Alert>,
    /// Tests run (weeks with at least `min_count` complaints after the baseline).
    pub tests: u64,
    /// Series counted.
    pub series: usize,
    /// Full weeks (Monday to Sunday) the data covers. A week can be tested only with
    /// `baseline_weeks` full weeks before it, so with `full_weeks <= baseline_weeks` there is
    /// no test (too little history), and `tests` is 0.
    pub full_weeks: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(received: NaiveDate) -> StatsRecord {
        StatsRecord {
            received,
            region: weiquan_complaint::DivisionCode::new(130_102).unwrap(),
            category: "food".parse().unwrap(),
            problem_nature: "quality".parse().unwrap(),
            channel: "hotline_12315".parse().unwrap(),
            groups: Default::default(),
            age: None,
            business: None,
            consumer: None,
            record_hash: None,
            outcome: None,
        }
    }

    proptest::proptest! {
        /// Any history, however short (down to one day), and any baseline: a report, never
        /// a panic; with no more full weeks than the baseline, no test at all.
        #[test]
        fn short_histories_give_no_test_and_no_panic(
            start in 0i64..3000,
            days in proptest::collection::vec(0i64..120, 1..40),
            baseline_weeks in 1u32..20,
        ) {
            let epoch = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
            let mut counts = WeeklyCounts::new();
            for d in &days {
                counts.add(&record(epoch + Duration::days(start + d)));
            }
            let config = AlertConfig { baseline_weeks, min_count: 1, ..AlertConfig::default() };
            let report = counts.alerts(&config).unwrap();
            if report.full_weeks <= u64::from(baseline_weeks) {
                proptest::prop_assert_eq!(report.tests, 0);
                proptest::prop_assert!(report.alerts.is_empty());
            }
            let span = days.iter().max().unwrap() - days.iter().min().unwrap();
            proptest::prop_assert!(report.full_weeks <= u64::try_from(span / 7 + 1).unwrap());
        }
    }

    #[test]
    fn tail_matches_exact_sums() {
        // P[Bin(4, 1/2) >= 3] = (4 + 1)/16.
        assert!((binomial_upper_tail(4, 3, 0.5) - 5.0 / 16.0).abs() < 1e-15);
        // P[Bin(10, 1/9) >= 10] = 9^-10.
        let p = binomial_upper_tail(10, 10, 1.0 / 9.0);
        assert!((p / 9f64.powi(-10) - 1.0).abs() < 1e-12);
        assert_eq!(binomial_upper_tail(5, 0, 0.3), 1.0);
        assert_eq!(binomial_upper_tail(5, 6, 0.3), 0.0);
        // P[Bin(20, 0.1) >= 5] = 0.0431745...
        assert!((binomial_upper_tail(20, 5, 0.1) - 0.043_174_5).abs() < 1e-6);
    }

    #[test]
    fn weeks() {
        let d = NaiveDate::from_ymd_opt(2025, 7, 28).unwrap(); // a Monday
        assert_eq!(week_start(week_of(d)), d);
        assert_eq!(week_of(d + Duration::days(6)), week_of(d));
        assert_eq!(week_of(d + Duration::days(7)), week_of(d) + 1);
    }
}
