//! What is measured in each cell: counts, resolutions, money recovered, handling times.
//! Every measure merges exactly, so partial results can be combined in any order.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use weiquan_complaint::Yuan;

use crate::record::{CaseOutcome, ConsumerKey, OutcomeState, StatsRecord};
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

    /// Takes back one case that took `days` (an exact duplicate found when merging).
    fn remove_one(&mut self, days: u16) {
        let d = usize::from(days);
        if d < DENSE_DAYS {
            if let Some(c) = self.dense.get_mut(d) {
                *c = c.saturating_sub(1);
            }
        } else if let Some(c) = self.sparse.get_mut(&days) {
            *c = c.saturating_sub(1);
            if *c == 0 {
                self.sparse.remove(&days);
            }
        }
        while self.dense.last() == Some(&0) {
            self.dense.pop();
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
    /// The distinct consumers, exact below the aggregate's cap.
    pub consumers: Consumers,
    /// Money recovered per consumer, for the p% rule.
    pub contributors: Contributors,
}

/// The money recovered in a cell per consumer (keyed pseudonym → fen, non-zero amounts
/// only), and the two largest amounts of records without a pseudonym (each its own
/// contributor). Merging adds per consumer, so the largest consumer totals of any margin
/// are exact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contributors {
    keyed: BTreeMap<ConsumerKey, u128>,
    /// The two largest unkeyed amounts, largest first.
    unkeyed_top: Vec<u128>,
}

impl Contributors {
    fn add(&mut self, key: Option<ConsumerKey>, fen: u128) {
        if fen == 0 {
            return;
        }
        match key {
            Some(k) => {
                let e = self.keyed.entry(k).or_insert(0);
                *e = e.saturating_add(fen);
            }
            None => self.push_unkeyed(fen),
        }
    }

    fn push_unkeyed(&mut self, fen: u128) {
        self.unkeyed_top.push(fen);
        self.unkeyed_top.sort_unstable_by(|a, b| b.cmp(a));
        self.unkeyed_top.truncate(2);
    }

    fn remove(&mut self, key: Option<ConsumerKey>, fen: u128) {
        if let Some(k) = key
            && let Some(e) = self.keyed.get_mut(&k)
        {
            *e = e.saturating_sub(fen);
            if *e == 0 {
                self.keyed.remove(&k);
            }
        }
    }

    fn merge(&mut self, o: &Contributors) {
        for (k, v) in &o.keyed {
            let e = self.keyed.entry(*k).or_insert(0);
            *e = e.saturating_add(*v);
        }
        for v in &o.unkeyed_top {
            self.push_unkeyed(*v);
        }
    }

    /// The two largest consumer totals, largest first (0 when absent).
    pub fn top_two(&self) -> (u128, u128) {
        let mut top = [0u128; 2];
        for v in self.keyed.values().chain(self.unkeyed_top.iter()) {
            if *v > top[0] {
                top = [*v, top[0]];
            } else if *v > top[1] {
                top[1] = *v;
            }
        }
        (top[0], top[1])
    }
}

/// How many distinct consumers a cell has, as far as it was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Distinct {
    /// Exactly this many.
    Exactly(u64),
    /// At least this many (the cap was reached; the keys were let go).
    AtLeast(u64),
}

/// The distinct consumers of a cell: the exact set of their keyed pseudonyms while there are
/// fewer than `cap`, and only the fact "at least `cap`" once there are `cap` (the set is then
/// dropped). The union of two sets is exact below the cap, and a union with a saturated side
/// is saturated, so "fewer than k distinct consumers" is decided exactly for every `k ≤ cap`
/// in every cell and margin, whatever the order and grouping of merges. A record without a
/// pseudonym (made without a [`Keyer`](crate::Keyer)) counts as a consumer of its own: it
/// cannot be recognised, so one person's several complaints are then several consumers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consumers {
    /// The cap (0 while unset: an empty cell being built).
    cap: u64,
    /// Sorted, distinct; empty once saturated.
    keys: Vec<ConsumerKey>,
    /// Records without a pseudonym, each a consumer.
    unkeyed: u64,
    /// At least `cap` consumers.
    saturated: bool,
}

impl Consumers {
    /// An empty set that counts exactly up to `cap`.
    pub fn with_cap(cap: u64) -> Consumers {
        Consumers {
            cap,
            ..Consumers::default()
        }
    }

    /// The cap.
    pub fn cap(&self) -> u64 {
        self.cap
    }

    fn settle(&mut self) {
        if self.cap > 0 && (self.keys.len() as u64).saturating_add(self.unkeyed) >= self.cap {
            self.saturated = true;
            self.keys = Vec::new();
            self.unkeyed = 0;
        }
    }

    /// Counts one consumer (`None`: a record without a pseudonym).
    pub fn add(&mut self, key: Option<ConsumerKey>) {
        if self.saturated {
            return;
        }
        match key {
            Some(k) => {
                if let Err(pos) = self.keys.binary_search(&k) {
                    self.keys.insert(pos, k);
                }
            }
            None => self.unkeyed = self.unkeyed.saturating_add(1),
        }
        self.settle();
    }

    /// The union with another cell's consumers.
    pub fn merge(&mut self, o: &Consumers) {
        self.cap = match (self.cap, o.cap) {
            (0, c) | (c, 0) => c,
            (a, b) => a.min(b),
        };
        if o.saturated || self.saturated {
            self.saturated = true;
            self.keys = Vec::new();
            self.unkeyed = 0;
        } else {
            let mut keys = Vec::with_capacity(self.keys.len() + o.keys.len());
            let (mut a, mut b) = (self.keys.iter().peekable(), o.keys.iter().peekable());
            loop {
                let next = match (a.peek(), b.peek()) {
                    (Some(x), Some(y)) if x < y => a.next(),
                    (Some(x), Some(y)) if x > y => b.next(),
                    (Some(_), Some(_)) => {
                        b.next();
                        a.next()
                    }
                    (Some(_), None) => a.next(),
                    (None, Some(_)) => b.next(),
                    (None, None) => break,
                };
                if let Some(k) = next {
                    keys.push(*k);
                }
            }
            self.keys = keys;
            self.unkeyed = self.unkeyed.saturating_add(o.unkeyed);
        }
        self.settle();
    }

    /// How many distinct consumers.
    pub fn count(&self) -> Distinct {
        if self.saturated {
            Distinct::AtLeast(self.cap)
        } else {
            Distinct::Exactly((self.keys.len() as u64).saturating_add(self.unkeyed))
        }
    }

    /// Whether there are fewer than `k` distinct consumers (exact for `k ≤ cap`; refused
    /// with [`Error::ConsumerCap`] above it).
    pub fn fewer_than(&self, k: u64) -> Result<bool, Error> {
        if self.cap > 0 && k > self.cap {
            return Err(Error::ConsumerCap { k, cap: self.cap });
        }
        Ok(match self.count() {
            Distinct::Exactly(n) => n < k,
            // Saturated at the cap, and k ≤ cap.
            Distinct::AtLeast(_) => false,
        })
    }
}

impl Measures {
    /// Empty measures whose consumers are counted exactly up to `cap`.
    pub fn with_consumer_cap(cap: u64) -> Measures {
        Measures {
            consumers: Consumers::with_cap(cap),
            ..Measures::default()
        }
    }

    /// Takes back one record with this outcome (an exact duplicate found when merging; its
    /// consumer stays, as the copy that is kept has the same one).
    pub(crate) fn remove_duplicate(
        &mut self,
        outcome: Option<&CaseOutcome>,
        consumer: Option<ConsumerKey>,
    ) {
        self.count = self.count.saturating_sub(1);
        if let Some(o) = outcome {
            self.with_outcome = self.with_outcome.saturating_sub(1);
            if o.state == OutcomeState::Resolved {
                self.resolved = self.resolved.saturating_sub(1);
            }
            let fen = o.recovered.to_fen().unwrap_or(0);
            self.recovered_fen = self.recovered_fen.saturating_sub(u128::from(fen));
            self.contributors.remove(consumer, u128::from(fen));
            if let Some(d) = o.handling_days {
                self.handling_days.remove_one(d);
            }
        }
    }

    /// Whether this cell is withheld by the threshold rule — fewer than `k` distinct
    /// consumers (and not empty, unless zeros are protected) — or by the p% rule on the money
    /// recovered ([`Measures::money_sensitive`]).
    pub fn is_primary(&self, rules: &crate::SuppressionRules) -> bool {
        if self.count == 0 {
            return rules.protect_zeros;
        }
        self.consumers.fewer_than(rules.k).unwrap_or(true) || self.money_sensitive(rules.money_p)
    }

    /// The p% rule (τ-ARGUS; Hundepool et al., *Statistical Disclosure Control*, 2012,
    /// §4.2.2): with `x1 ≥ x2` the two largest consumers' amounts and `T` the cell's total,
    /// the cell is sensitive when `T − x1 − x2 < p/100 × x1`: the second largest consumer,
    /// subtracting their own amount from the total, would learn the largest within p%.
    /// `p = 0` turns it off. Exact integer arithmetic on fen.
    pub fn money_sensitive(&self, p: u32) -> bool {
        if p == 0 {
            return false;
        }
        let (x1, x2) = self.contributors.top_two();
        if x1 == 0 {
            return false;
        }
        let rest = self.recovered_fen.saturating_sub(x1).saturating_sub(x2);
        rest.saturating_mul(100) < x1.saturating_mul(u128::from(p))
    }

    /// Counts one record.
    pub fn add(&mut self, r: &StatsRecord) -> Result<(), Error> {
        self.count = self
            .count
            .checked_add(1)
            .ok_or_else(|| Error::overflow("count"))?;
        self.consumers.add(r.consumer);
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
            self.contributors.add(r.consumer, u128::from(fen));
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
        self.consumers.merge(&o.consumers);
        self.contributors.merge(&o.contributors);
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
    /// The distinct consumers' keyed pseudonyms (hex), sorted, while fewer than the cap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consumers: Vec<String>,
    /// Records without a pseudonym (each a consumer), while below the cap.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unkeyed: u64,
    /// At least the cap of distinct consumers (the pseudonyms were let go).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub consumers_saturated: bool,
    /// Money recovered per consumer (pseudonym in hex, yuan), sorted: the p% rule needs the
    /// largest consumer totals of every margin.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recovered_by_consumer: Vec<(String, String)>,
    /// The two largest amounts of records without a pseudonym (yuan), largest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recovered_unkeyed_top: Vec<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl From<&Measures> for MeasuresJson {
    fn from(m: &Measures) -> Self {
        MeasuresJson {
            count: m.count,
            with_outcome: m.with_outcome,
            resolved: m.resolved,
            recovered: format_fen(m.recovered_fen),
            handling_days: m.handling_days.iter().collect(),
            consumers: m.consumers.keys.iter().map(|k| k.to_hex()).collect(),
            unkeyed: m.consumers.unkeyed,
            consumers_saturated: m.consumers.saturated,
            recovered_by_consumer: m
                .contributors
                .keyed
                .iter()
                .map(|(k, v)| (k.to_hex(), format_fen(*v)))
                .collect(),
            recovered_unkeyed_top: m
                .contributors
                .unkeyed_top
                .iter()
                .map(|v| format_fen(*v))
                .collect(),
        }
    }
}

impl MeasuresJson {
    pub(crate) fn into_measures(self, cap: u64) -> Result<Measures, Error> {
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
        let mut keys = Vec::with_capacity(self.consumers.len());
        for h in &self.consumers {
            let k = ConsumerKey::from_hex(h).ok_or_else(|| {
                bad(
                    format!("consumer pseudonym {h:?} is not 32 hexadecimal digits"),
                    format!("消费者假名“{h}”不是32位十六进制数"),
                )
            })?;
            if keys.last().is_some_and(|l| *l >= k) {
                return Err(bad(
                    "consumers must be sorted and distinct".into(),
                    "consumers 须按序排列且互不相同".into(),
                ));
            }
            keys.push(k);
        }
        let mut contributors = Contributors::default();
        let mut sum = 0u128;
        for (h, y) in &self.recovered_by_consumer {
            let (Some(k), Some(v)) = (ConsumerKey::from_hex(h), parse_fen(y)) else {
                return Err(bad(
                    format!(
                        "recovered_by_consumer entry {h:?} = {y:?} is not a pseudonym and yuan"
                    ),
                    format!("recovered_by_consumer 的条目“{h}”=“{y}”不是假名与元金额"),
                ));
            };
            if v == 0 || contributors.keyed.insert(k, v).is_some() {
                return Err(bad(
                    "recovered_by_consumer has a zero or repeated entry".into(),
                    "recovered_by_consumer 有零值或重复的条目".into(),
                ));
            }
            sum = sum.saturating_add(v);
        }
        for y in self.recovered_unkeyed_top.iter().take(2) {
            let v = parse_fen(y).ok_or_else(|| {
                bad(
                    format!("recovered_unkeyed_top {y:?} is not yuan"),
                    format!("recovered_unkeyed_top 的值“{y}”不是元金额"),
                )
            })?;
            contributors.push_unkeyed(v);
            sum = sum.saturating_add(v);
        }
        if sum > recovered_fen {
            return Err(bad(
                "the consumers' amounts exceed the cell's".into(),
                "各消费者的金额之和超过单元格合计".into(),
            ));
        }
        let distinct = (keys.len() as u64).saturating_add(self.unkeyed);
        let consistent = if self.consumers_saturated {
            distinct == 0 && self.count >= cap
        } else {
            distinct < cap && distinct >= 1 && distinct <= self.count
        };
        if !consistent {
            return Err(bad(
                format!(
                    "{distinct} consumers (saturated: {}) do not fit a cell of {} records counted \
                     up to {cap}",
                    self.consumers_saturated, self.count
                ),
                format!(
                    "{distinct}个消费者（已达上限：{}）与{}条记录、上限{cap}的单元格不符",
                    self.consumers_saturated, self.count
                ),
            ));
        }
        Ok(Measures {
            count: self.count,
            with_outcome: self.with_outcome,
            resolved: self.resolved,
            recovered_fen,
            handling_days,
            consumers: Consumers {
                cap,
                keys,
                unkeyed: self.unkeyed,
                saturated: self.consumers_saturated,
            },
            contributors,
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
