//! What is measured in each cell: counts, resolutions, money recovered, handling times.
//! Every measure merges exactly, so partial results can be combined in any order.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use weiquan_complaint::Yuan;

use crate::record::{OutcomeState, StatsRecord};
use crate::{Error, Ratio, Text};

/// Days below this are counted in a dense array, longer handling times in a sorted map.
const DENSE_DAYS: usize = 256;

/// An exact histogram of handling times in whole working days. Merging adds counts, so the
/// median and the 90th percentile of merged partials are exactly those of the union.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayHistogram {
    dense: Vec<u64>,
    sparse: BTreeMap<u16, u64>,
}

impl DayHistogram {
    /// Counts one case that took `days`.
    pub fn add(&mut self, days: u16) {
        self.add_n(days, 1);
    }

    fn add_n(&mut self, days: u16, n: u64) {
        let d = usize::from(days);
        if d < DENSE_DAYS {
            if self.dense.len() <= d {
                self.dense.resize(d + 1, 0);
            }
            if let Some(c) = self.dense.get_mut(d) {
                *c = c.saturating_add(n);
            }
        } else {
            let c = self.sparse.entry(days).or_insert(0);
            *c = c.saturating_add(n);
        }
    }

    /// Adds another histogram.
    pub fn merge(&mut self, other: &DayHistogram) {
        for (d, n) in other.iter() {
            self.add_n(d, n);
        }
    }

    /// `(days, cases)` pairs in increasing order of days, zeros left out.
    pub fn iter(&self) -> impl Iterator<Item = (u16, u64)> + '_ {
        self.dense
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(d, n)| (u16::try_from(d).unwrap_or(u16::MAX), *n))
            .chain(self.sparse.iter().map(|(d, n)| (*d, *n)))
    }

    /// How many cases.
    pub fn total(&self) -> u64 {
        self.iter().map(|(_, n)| n).fold(0, u64::saturating_add)
    }

    /// The nearest-rank quantile: the smallest number of days `d` such that at least
    /// `ceil(q × n)` cases (and at least one) took `d` days or fewer. `None` without cases.
    /// The median is `q = 1/2` (the lower median), the 90th percentile `q = 9/10`.
    pub fn quantile(&self, q: Ratio) -> Option<u16> {
        let n = self.total();
        if n == 0 {
            return None;
        }
        let rank = Ratio::from_int(i128::from(n))
            .checked_mul(q)?
            .ceil()
            .clamp(1, i128::from(n));
        let mut seen: i128 = 0;
        for (d, c) in self.iter() {
            seen += i128::from(c);
            if seen >= rank {
                return Some(d);
            }
        }
        None
    }
}

/// The measures of one cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Measures {
    /// Complaints received.
    pub count: u64,
    /// Complaints with an outcome recorded.
    pub with_outcome: u64,
    /// Complaints resolved.
    pub resolved: u64,
    /// Money recovered, in fen (exact).
    pub recovered_fen: u128,
    /// Handling times of closed cases.
    pub handling_days: DayHistogram,
}

impl Measures {
    /// Counts one record.
    pub fn add(&mut self, r: &StatsRecord) -> Result<(), Error> {
        self.count = self
            .count
            .checked_add(1)
            .ok_or_else(|| Error::overflow("count"))?;
        if let Some(o) = r.outcome {
            self.with_outcome += 1;
            if o.state == OutcomeState::Resolved {
                self.resolved += 1;
            }
            let fen = o
                .recovered
                .to_fen()
                .ok_or_else(|| Error::overflow("recovered amount"))?;
            self.recovered_fen = self
                .recovered_fen
                .checked_add(u128::from(fen))
                .ok_or_else(|| Error::overflow("recovered amount"))?;
            if let Some(d) = o.handling_days {
                self.handling_days.add(d);
            }
        }
        Ok(())
    }

    /// Adds another cell's measures.
    pub fn merge(&mut self, o: &Measures) -> Result<(), Error> {
        let of = || Error::overflow("merge");
        self.count = self.count.checked_add(o.count).ok_or_else(of)?;
        self.with_outcome = self
            .with_outcome
            .checked_add(o.with_outcome)
            .ok_or_else(of)?;
        self.resolved = self.resolved.checked_add(o.resolved).ok_or_else(of)?;
        self.recovered_fen = self
            .recovered_fen
            .checked_add(o.recovered_fen)
            .ok_or_else(of)?;
        self.handling_days.merge(&o.handling_days);
        Ok(())
    }

    /// The money recovered as yuan.
    pub fn recovered(&self) -> Result<Yuan, Error> {
        fen_to_yuan(self.recovered_fen)
    }

    /// Resolved ÷ received (the CCA's resolution rate), `None` for an empty cell.
    pub fn resolution_rate(&self) -> Option<Ratio> {
        Ratio::new(i128::from(self.resolved), i128::from(self.count))
    }

    /// Median handling time in working days (lower median, nearest rank).
    pub fn median_days(&self) -> Option<u16> {
        self.handling_days.quantile(Ratio::new(1, 2)?)
    }

    /// 90th percentile of handling time in working days (nearest rank).
    pub fn p90_days(&self) -> Option<u16> {
        self.handling_days.quantile(Ratio::new(9, 10)?)
    }
}

/// Fen as yuan, exactly.
pub(crate) fn fen_to_yuan(fen: u128) -> Result<Yuan, Error> {
    let fen = i128::try_from(fen).map_err(|_| Error::overflow("recovered amount"))?;
    let d = Decimal::try_from_i128_with_scale(fen, 2)
        .map_err(|_| Error::overflow("recovered amount"))?;
    Yuan::new(d).map_err(|_| Error::overflow("recovered amount"))
}

/// Yuan written as `123.45`, read back to fen exactly (no other form is accepted).
pub(crate) fn parse_fen(s: &str) -> Option<u128> {
    let (int, frac) = s.split_once('.')?;
    if int.is_empty()
        || frac.len() != 2
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    int.parse::<u128>()
        .ok()?
        .checked_mul(100)?
        .checked_add(frac.parse::<u128>().ok()?)
}

/// Fen written as yuan with two decimals.
pub(crate) fn format_fen(fen: u128) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// The serialised form of [`Measures`] in partial aggregates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MeasuresJson {
    pub count: u64,
    pub with_outcome: u64,
    pub resolved: u64,
    pub recovered: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handling_days: Vec<(u16, u64)>,
}

impl From<&Measures> for MeasuresJson {
    fn from(m: &Measures) -> Self {
        MeasuresJson {
            count: m.count,
            with_outcome: m.with_outcome,
            resolved: m.resolved,
            recovered: format_fen(m.recovered_fen),
            handling_days: m.handling_days.iter().collect(),
        }
    }
}

impl MeasuresJson {
    pub(crate) fn into_measures(self) -> Result<Measures, Error> {
        let bad = |en: String, zh: String| Error::Format {
            what: "partial",
            reason: Text::new(en, zh),
        };
        if self.resolved > self.with_outcome || self.with_outcome > self.count {
            return Err(bad(
                format!(
                    "resolved {} <= with_outcome {} <= count {} does not hold",
                    self.resolved, self.with_outcome, self.count
                ),
                format!(
                    "不满足 resolved {} <= with_outcome {} <= count {}",
                    self.resolved, self.with_outcome, self.count
                ),
            ));
        }
        let recovered_fen = parse_fen(&self.recovered).ok_or_else(|| {
            bad(
                format!("recovered {:?} is not yuan", self.recovered),
                format!("recovered 的值“{}”不是元金额", self.recovered),
            )
        })?;
        let mut handling_days = DayHistogram::default();
        let mut last = None;
        let mut total = 0u64;
        for (d, n) in self.handling_days {
            if last.is_some_and(|l| l >= d) || n == 0 {
                return Err(bad(
                    "handling_days must be increasing with counts > 0".into(),
                    "handling_days 的天数须递增，且各计数大于0".into(),
                ));
            }
            last = Some(d);
            total = total.saturating_add(n);
            handling_days.add_n(d, n);
        }
        if total > self.with_outcome {
            return Err(bad(
                format!("{total} handling times for {} outcomes", self.with_outcome),
                format!("有{total}个处理时长，但只有{}个办理结果", self.with_outcome),
            ));
        }
        Ok(Measures {
            count: self.count,
            with_outcome: self.with_outcome,
            resolved: self.resolved,
            recovered_fen,
            handling_days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let mut h = DayHistogram::default();
        for d in [1u16, 2, 3, 4, 5, 6, 7, 8, 9, 300] {
            h.add(d);
        }
        let q = |n, d| Ratio::new(n, d).unwrap();
        assert_eq!(h.quantile(q(1, 2)), Some(5));
        assert_eq!(h.quantile(q(9, 10)), Some(9));
        assert_eq!(h.quantile(Ratio::ONE), Some(300));
        assert_eq!(h.quantile(Ratio::ZERO), Some(1));
        assert_eq!(DayHistogram::default().quantile(q(1, 2)), None);
        let mut h2 = DayHistogram::default();
        h2.add(300);
        h2.add(0);
        h.merge(&h2);
        assert_eq!(
            h.iter().collect::<Vec<_>>(),
            vec![
                (0, 1),
                (1, 1),
                (2, 1),
                (3, 1),
                (4, 1),
                (5, 1),
                (6, 1),
                (7, 1),
                (8, 1),
                (9, 1),
                (300, 2)
            ]
        );
    }

    #[test]
    fn fen_round_trip() {
        assert_eq!(parse_fen("12.05"), Some(1205));
        assert_eq!(format_fen(1205), "12.05");
        assert_eq!(format_fen(5), "0.05");
        for bad in ["12", "12.5", "-1.00", "a.00", ".00", "1.000"] {
            assert_eq!(parse_fen(bad), None, "{bad}");
        }
        assert_eq!(fen_to_yuan(129_900).unwrap().to_string(), "1299.00");
    }
}
