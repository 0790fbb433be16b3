//! Differential privacy: exact discrete noise, contribution bounding per consumer and an exact
//! privacy budget.
//!
//! # What is guaranteed
//!
//! A [`DpRelease`] of one [`DpQuery`] is `ε`-differentially private (pure DP) with respect to
//! adding or removing **one consumer** (all of their complaints), where `ε` is the sum of the
//! epsilons of its measures, provided that
//! - each consumer has one pseudonym (their resident ID, else their mobile, else their name
//!   and address; a consumer who used two different mobiles without giving an ID counts as
//!   two people),
//! - the secret of the [`Keyer`](crate::Keyer) is not known to the attacker,
//! - the random source is the operating system's ([`OsRandom`]).
//!
//! Each consumer's records are cut to `max_contributions` (those with the smallest keyed hash
//! of the complaint id: deterministic and independent of the order of processing). Each cell
//! then changes by at most `max_contributions` in total over all cells when one consumer is
//! added or removed (L1 sensitivity `Δ = max_contributions`; for the recovered amount
//! `Δ = max_contributions × recovered_cap`, each record clamped to the cap), and each cell
//! gets independent discrete Laplace noise of scale `Δ/ε` (the geometric mechanism), which
//! is `ε`-DP for the whole histogram. The cells are the full cross product of a domain fixed
//! in advance (the months of the span, the declared regions plus `other`, every category,
//! nature, channel, group set and outcome), so which cells appear reveals nothing. Margins are
//! sums of noisy cells (post-processing, no extra budget).
//!
//! # What is not guaranteed
//!
//! - Nothing about the businesses (they are not the protected unit).
//! - Several releases compose: their epsilons add up. The [`Ledger`](crate::Ledger)'s
//!   `epsilon_limit` refuses a release beyond the series' budget (and a ledger without one
//!   refuses every release); releases not recorded in the ledger are not counted. One
//!   release's epsilon must lie in [`EPSILON_RANGE`].
//! - Noisy counts may be negative or inconsistent with exact tables published elsewhere; the
//!   suppression audit does not cover noisy releases.
//!
//! # Sampling without floating point
//!
//! Floating-point Laplace noise leaks through the pattern of representable doubles (Mironov
//! 2012). The samplers here follow Canonne, Kamath and Steinke, "The Discrete Gaussian for
//! Differential Privacy" (2020), Algorithms 1 and 2, as OpenDP does: Bernoulli(exp(−γ)) for
//! rational `γ` from uniform integers, and the discrete Laplace from it, using only integer
//! comparisons on uniform random bits.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use weiquan_complaint::{
    Category, Channel, DivisionCode, MajorCategory, MinorCategory, ProblemNature, TopCategory, Yuan,
};

use crate::dims::{CategoryLevel, CellKey, DimKind, Dimension, GroupBy, Period, REGION_OTHER};
use crate::record::{ConsumerKey, OutcomeState, StatsRecord};
use crate::table::MonthSpan;
use crate::{Error, Ratio, Text};

/// An inclusive range of epsilons, as exact fractions `numerator/denominator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpsilonRange {
    min: (i128, i128),
    max: (i128, i128),
}

impl EpsilonRange {
    /// The smallest epsilon accepted.
    pub fn min(self) -> Ratio {
        Ratio::new(self.min.0, self.min.1).unwrap_or(Ratio::ONE)
    }

    /// The largest epsilon accepted.
    pub fn max(self) -> Ratio {
        Ratio::new(self.max.0, self.max.1).unwrap_or(Ratio::ONE)
    }
}

impl std::fmt::Display for EpsilonRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..={}", self.min(), self.max())
    }
}

/// The epsilon one release may spend: from 1/1000 to 10. Below, the noise (scale Δ/ε ≥ 1000
/// per cell) leaves nothing to publish and the exact sampler's work grows with 1/ε; above,
/// the privacy loss e^ε (≈ 22,000 at 10) protects nobody. Values outside are refused, never
/// clamped.
pub const EPSILON_RANGE: EpsilonRange = EpsilonRange {
    min: (1, 1000),
    max: (10, 1),
};

/// The total epsilon a series (a ledger's `epsilon_limit`) may have: from 1/1000 to 20.
pub const BUDGET_RANGE: EpsilonRange = EpsilonRange {
    min: (1, 1000),
    max: (20, 1),
};

/// Refuses an epsilon outside `range` ([`Error::EpsilonOutOfRange`]).
pub fn check_epsilon(epsilon: Ratio, range: EpsilonRange) -> Result<(), Error> {
    if epsilon < range.min() || epsilon > range.max() {
        return Err(Error::EpsilonOutOfRange {
            // As given: a number pasted from elsewhere is echoed masked and cut.
            value: weiquan_support::mask::echo(&epsilon.to_string()),
            min: range.min().to_string(),
            max: range.max().to_string(),
        });
    }
    Ok(())
}

/// A source of uniformly random bits.
pub trait RandomSource {
    /// 64 uniformly random bits.
    fn next_u64(&mut self) -> Result<u64, Error>;
}

/// The operating system's cryptographically secure random source (`getrandom`), buffered.
/// The only [`RandomSource`] this crate provides: seeded generators belong in tests.
#[derive(Debug)]
pub struct OsRandom {
    buf: [u8; 256],
    pos: usize,
}

impl OsRandom {
    /// A new source.
    pub fn new() -> OsRandom {
        OsRandom {
            buf: [0; 256],
            pos: 256,
        }
    }
}

impl Default for OsRandom {
    fn default() -> Self {
        OsRandom::new()
    }
}

impl RandomSource for OsRandom {
    fn next_u64(&mut self) -> Result<u64, Error> {
        if self.pos + 8 > self.buf.len() {
            getrandom::fill(&mut self.buf).map_err(Error::randomness)?;
            self.pos = 0;
        }
        let mut b = [0u8; 8];
        for (d, s) in b.iter_mut().zip(self.buf.iter().skip(self.pos)) {
            *d = *s;
        }
        self.pos += 8;
        Ok(u64::from_le_bytes(b))
    }
}

/// Uniform on `0..n` by rejection (exact), `n ≥ 1`.
pub fn uniform_below(rng: &mut dyn RandomSource, n: u128) -> Result<u128, Error> {
    if n <= 1 {
        return Ok(0);
    }
    let bits = 128 - (n - 1).leading_zeros();
    loop {
        let hi = u128::from(rng.next_u64()?);
        let lo = u128::from(rng.next_u64()?);
        let x = ((hi << 64) | lo) >> (128 - bits);
        if x < n {
            return Ok(x);
        }
    }
}

/// Bernoulli(p) for a rational `0 ≤ p ≤ 1`.
pub fn bernoulli(rng: &mut dyn RandomSource, p: Ratio) -> Result<bool, Error> {
    if !p.is_positive() {
        return Ok(false);
    }
    if p >= Ratio::ONE {
        return Ok(true);
    }
    let d = u128::try_from(p.denom()).map_err(|_| Error::overflow("bernoulli"))?;
    let n = u128::try_from(p.numer()).map_err(|_| Error::overflow("bernoulli"))?;
    Ok(uniform_below(rng, d)? < n)
}

/// Bernoulli(exp(−γ)) for a rational `γ ≥ 0` (Canonne–Kamath–Steinke, Algorithm 1).
pub fn bernoulli_exp(rng: &mut dyn RandomSource, gamma: Ratio) -> Result<bool, Error> {
    if gamma.is_negative() {
        return Err(Error::parameter(
            "gamma",
            gamma,
            "must be non-negative",
            "不能为负数",
        ));
    }
    if gamma <= Ratio::ONE {
        let mut k: i128 = 1;
        loop {
            let p = gamma
                .checked_div(Ratio::from_int(k))
                .ok_or(Error::overflow("bernoulli_exp"))?;
            if !bernoulli(rng, p)? {
                return Ok(k % 2 == 1);
            }
            k += 1;
        }
    }
    let whole = gamma.floor();
    for _ in 0..whole {
        if !bernoulli_exp(rng, Ratio::ONE)? {
            return Ok(false);
        }
    }
    let frac = gamma
        .checked_sub(Ratio::from_int(whole))
        .ok_or(Error::overflow("bernoulli_exp"))?;
    bernoulli_exp(rng, frac)
}

/// The discrete Laplace distribution with rational scale `b > 0`:
/// `P[Y = y] ∝ exp(−|y| / b)` on the integers (Canonne–Kamath–Steinke, Algorithm 2).
pub fn discrete_laplace(rng: &mut dyn RandomSource, scale: Ratio) -> Result<i128, Error> {
    if !scale.is_positive() {
        return Err(Error::parameter(
            "scale",
            scale,
            "must be positive",
            "必须为正数",
        ));
    }
    // scale = t / s with integers s, t.
    let (t, s) = (scale.numer(), scale.denom());
    let tu = u128::try_from(t).map_err(|_| Error::overflow("laplace"))?;
    loop {
        let u = uniform_below(rng, tu)?;
        let ui = i128::try_from(u).map_err(|_| Error::overflow("laplace"))?;
        let g = Ratio::new(ui, t).ok_or(Error::overflow("laplace"))?;
        if !bernoulli_exp(rng, g)? {
            continue;
        }
        let mut v: i128 = 0;
        while bernoulli_exp(rng, Ratio::ONE)? {
            v += 1;
        }
        let x = v
            .checked_mul(t)
            .and_then(|x| x.checked_add(ui))
            .ok_or(Error::overflow("laplace"))?;
        let y = x.div_euclid(s);
        let negative = bernoulli(rng, Ratio::new(1, 2).ok_or(Error::overflow("laplace"))?)?;
        if negative && y == 0 {
            continue;
        }
        return Ok(if negative { -y } else { y });
    }
}

/// A privacy budget: a total epsilon and what has been spent, exact. A query that would
/// spend more than what remains is refused, and nothing is spent.
///
/// ```
/// use weiquan_stats::PrivacyBudget;
/// let mut b = PrivacyBudget::new("1".parse()?)?;
/// b.spend("1/3".parse()?)?;
/// b.spend("2/3".parse()?)?;
/// assert_eq!(b.spend("1/1000".parse()?).unwrap_err().code(), "dp.budget_exceeded");
/// assert_eq!(b.remaining().to_string(), "0");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyBudget {
    total: Ratio,
    spent: Ratio,
}

impl PrivacyBudget {
    /// A budget of `total` (must be positive).
    pub fn new(total: Ratio) -> Result<PrivacyBudget, Error> {
        if !total.is_positive() {
            return Err(Error::parameter(
                "epsilon",
                total,
                "must be positive",
                "必须为正数",
            ));
        }
        Ok(PrivacyBudget {
            total,
            spent: Ratio::ZERO,
        })
    }

    /// Spends `epsilon`, or refuses (spending nothing) when it exceeds what remains.
    pub fn spend(&mut self, epsilon: Ratio) -> Result<(), Error> {
        if !epsilon.is_positive() {
            return Err(Error::parameter(
                "epsilon",
                epsilon,
                "must be positive",
                "必须为正数",
            ));
        }
        let after = self
            .spent
            .checked_add(epsilon)
            .ok_or(Error::overflow("epsilon"))?;
        if after > self.total {
            return Err(Error::BudgetExceeded {
                requested: epsilon.to_string(),
                remaining: self.remaining().to_string(),
            });
        }
        self.spent = after;
        Ok(())
    }

    /// What is left.
    pub fn remaining(&self) -> Ratio {
        self.total.checked_sub(self.spent).unwrap_or(Ratio::ZERO)
    }

    /// What has been spent.
    pub fn spent(&self) -> Ratio {
        self.spent
    }

    /// The total.
    pub fn total(&self) -> Ratio {
        self.total
    }
}

/// A differentially private table query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DpQuery {
    /// The grouping.
    pub group_by: GroupBy,
    /// The months covered (part of the fixed domain; records outside are ignored).
    pub span: MonthSpan,
    /// The regions of the domain, at the grouping's region level; records elsewhere count
    /// as `other`.
    pub regions: Vec<DivisionCode>,
    /// The most records kept per consumer (default 1).
    pub max_contributions: u32,
    /// The largest recovered amount one record may add (default 10,000 yuan).
    pub recovered_cap: Yuan,
    /// Epsilon for the counts.
    pub epsilon_count: Ratio,
    /// Epsilon for the resolved counts (`None`: not released).
    pub epsilon_resolved: Option<Ratio>,
    /// Epsilon for the recovered amounts (`None`: not released).
    pub epsilon_recovered: Option<Ratio>,
}

impl DpQuery {
    /// A query spending `epsilon` equally on counts, resolved counts and amounts recovered,
    /// with one record per consumer and a cap of 10,000 yuan.
    pub fn new(
        group_by: GroupBy,
        span: MonthSpan,
        regions: Vec<DivisionCode>,
        epsilon: Ratio,
    ) -> Result<DpQuery, Error> {
        let third = epsilon
            .checked_div(Ratio::from_int(3))
            .ok_or(Error::overflow("epsilon"))?;
        Ok(DpQuery {
            group_by,
            span,
            regions,
            max_contributions: 1,
            recovered_cap: Yuan::from_yuan(10_000),
            epsilon_count: third,
            epsilon_resolved: Some(third),
            epsilon_recovered: Some(third),
        })
    }

    /// The total epsilon of the query.
    pub fn epsilon(&self) -> Result<Ratio, Error> {
        [
            Some(self.epsilon_count),
            self.epsilon_resolved,
            self.epsilon_recovered,
        ]
        .into_iter()
        .flatten()
        .try_fold(Ratio::ZERO, |a, e| {
            a.checked_add(e).ok_or(Error::overflow("epsilon"))
        })
    }

    /// The cells of the fixed domain (inner cells), in key order.
    pub fn domain(&self) -> Result<Vec<CellKey>, Error> {
        let mut keys = vec![CellKey::TOTAL];
        for d in self.group_by.dims() {
            let values: BTreeSet<u64> = self.values(*d)?;
            keys = keys
                .into_iter()
                .flat_map(|k| values.iter().map(move |v| k.with_slot(d.kind(), *v)))
                .collect();
            if keys.len() > 5_000_000 {
                return Err(Error::TableTooLarge {
                    cells: keys.len() as u128,
                    limit: 5_000_000,
                });
            }
        }
        keys.sort();
        Ok(keys)
    }

    fn values(&self, d: Dimension) -> Result<BTreeSet<u64>, Error> {
        let enc = |s: String| {
            d.parse_value(&s).ok_or_else(|| Error::Format {
                what: "domain",
                reason: Text::new(format!("{s:?} for {d}"), format!("维度 {d} 的“{s}”")),
            })
        };
        let mut out = BTreeSet::new();
        match d {
            Dimension::Period(g) => {
                for m in self.span.first..=self.span.last {
                    out.insert(enc(Period::month_from_index(m).at(g).to_string())?);
                }
            }
            Dimension::Region(level) => {
                for r in &self.regions {
                    out.insert(u64::from(r.at_level(level).as_u32()));
                }
                out.insert(REGION_OTHER);
            }
            Dimension::Category(level) => {
                let names: Vec<String> = match level {
                    CategoryLevel::Top => {
                        TopCategory::ALL.iter().map(|t| t.code().into()).collect()
                    }
                    CategoryLevel::Major => {
                        MajorCategory::ALL.iter().map(|m| m.code().into()).collect()
                    }
                    CategoryLevel::Minor => MajorCategory::ALL
                        .iter()
                        .map(|m| Category::major_only(*m).to_string())
                        .chain(
                            MinorCategory::ALL
                                .iter()
                                .map(|m| Category::item(*m).to_string()),
                        )
                        .collect(),
                };
                for n in names {
                    out.insert(enc(n)?);
                }
            }
            Dimension::ProblemNature => {
                for n in ProblemNature::ALL {
                    out.insert(enc(n.code().into())?);
                }
            }
            Dimension::Channel => {
                for c in Channel::ALL {
                    out.insert(enc(c.code().into())?);
                }
            }
            Dimension::ConsumerGroup => {
                for mask in 0u64..8 {
                    out.insert(mask + 1);
                }
            }
            Dimension::Outcome => {
                out.insert(enc("unknown".into())?);
                for o in OutcomeState::ALL {
                    out.insert(enc(o.code().into())?);
                }
            }
        }
        Ok(out)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Kept {
    hash: u64,
    key: CellKey,
    resolved: bool,
    fen: u64,
}

/// Collects records for a [`DpQuery`], keeping at most `max_contributions` records per
/// consumer. Memory grows with the number of distinct consumers (about 80 bytes each), which
/// contribution bounding cannot avoid. Merges exactly (the kept records are the ones with the
/// smallest keyed hash, whatever the order).
#[derive(Debug, Clone)]
pub struct DpAggregator {
    query: DpQuery,
    regions: BTreeSet<u32>,
    kept: HashMap<ConsumerKey, Vec<Kept>>,
}

impl DpAggregator {
    /// An empty collector for a query.
    pub fn new(query: DpQuery) -> Result<DpAggregator, Error> {
        if query.max_contributions == 0 {
            return Err(Error::parameter(
                "max_contributions",
                0,
                "must be at least 1",
                "至少为1",
            ));
        }
        let regions = match query.group_by.get(DimKind::Region) {
            Some(Dimension::Region(l)) => query
                .regions
                .iter()
                .map(|r| r.at_level(l).as_u32())
                .collect(),
            _ => BTreeSet::new(),
        };
        Ok(DpAggregator {
            query,
            regions,
            kept: HashMap::new(),
        })
    }

    /// Adds a record; it must carry a consumer pseudonym and a record hash
    /// ([`RecordOptions::keyer`](crate::RecordOptions)).
    pub fn add(&mut self, r: &StatsRecord) -> Result<(), Error> {
        let (Some(consumer), Some(hash)) = (r.consumer, r.record_hash) else {
            return Err(Error::Parameter {
                name: "record",
                value: Text::new("without pseudonym", "没有消费者假名"),
                reason: Text::new(
                    "differential privacy needs records made with a keyer",
                    "差分隐私须用带假名的记录（生成记录时须提供假名密钥）",
                ),
            });
        };
        let month = Period::of(r.received, crate::PeriodGrain::Month)
            .month_range()
            .0;
        if !self.query.span.contains(month) {
            return Ok(());
        }
        let mut key = self.query.group_by.key_of(r);
        if let Some(Dimension::Region(_)) = self.query.group_by.get(DimKind::Region) {
            let v = key.slot(DimKind::Region);
            if !u32::try_from(v).is_ok_and(|v| self.regions.contains(&v)) {
                key = key.with_slot(DimKind::Region, REGION_OTHER);
            }
        }
        let cap = self.query.recovered_cap.to_fen().unwrap_or(u64::MAX);
        let (resolved, fen) = match r.outcome {
            Some(o) => (
                o.state == OutcomeState::Resolved,
                o.recovered.to_fen().unwrap_or(u64::MAX).min(cap),
            ),
            None => (false, 0),
        };
        let k = Kept {
            hash: hash.low64(),
            key,
            resolved,
            fen,
        };
        self.keep(consumer, k);
        Ok(())
    }

    fn keep(&mut self, consumer: ConsumerKey, k: Kept) {
        let max = self.query.max_contributions as usize;
        let list = self.kept.entry(consumer).or_default();
        let pos = list.partition_point(|x| (x.hash, x.key) < (k.hash, k.key));
        // The same complaint seen twice (an exact duplicate) is kept once.
        if list.get(pos).is_some_and(|x| x.hash == k.hash) {
            return;
        }
        if pos < max {
            list.insert(pos, k);
            list.truncate(max);
        }
    }

    /// Adds another collector for the same query.
    pub fn merge(&mut self, other: DpAggregator) -> Result<(), Error> {
        if self.query != other.query {
            return Err(Error::MergeMismatch {
                left: self.query.group_by.to_string(),
                right: other.query.group_by.to_string(),
            });
        }
        for (c, list) in other.kept {
            for k in list {
                self.keep(c, k);
            }
        }
        Ok(())
    }

    /// Distinct consumers seen.
    pub fn consumers(&self) -> usize {
        self.kept.len()
    }

    /// Releases the noisy table, spending the query's epsilon from `budget` first (nothing is
    /// released when the budget refuses).
    pub fn release(
        &self,
        budget: &mut PrivacyBudget,
        rng: &mut dyn RandomSource,
    ) -> Result<DpRelease, Error> {
        let q = &self.query;
        let eps = q.epsilon()?;
        let mut trial = *budget;
        trial.spend(eps)?;
        let domain = q.domain()?;
        let mut exact: HashMap<CellKey, (u64, u64, u128)> = HashMap::new();
        for list in self.kept.values() {
            for k in list {
                let e = exact.entry(k.key).or_insert((0, 0, 0));
                e.0 += 1;
                e.1 += u64::from(k.resolved);
                e.2 += u128::from(k.fen);
            }
        }
        let delta = i128::from(q.max_contributions);
        let scale = |eps: Ratio, sens: i128| -> Result<Ratio, Error> {
            Ratio::from_int(sens)
                .checked_div(eps)
                .ok_or(Error::overflow("scale"))
        };
        let count_scale = scale(q.epsilon_count, delta)?;
        let resolved_scale = q.epsilon_resolved.map(|e| scale(e, delta)).transpose()?;
        let cap = i128::from(q.recovered_cap.to_fen().unwrap_or(u64::MAX));
        let recovered_scale = q
            .epsilon_recovered
            .map(|e| scale(e, delta.saturating_mul(cap).max(1)))
            .transpose()?;
        let mut cells = Vec::with_capacity(domain.len());
        for key in domain {
            let (n, res, fen) = exact.get(&key).copied().unwrap_or((0, 0, 0));
            let noisy = |v: i128, s: Ratio, rng: &mut dyn RandomSource| -> Result<i128, Error> {
                Ok(v.saturating_add(discrete_laplace(rng, s)?))
            };
            let count = noisy(i128::from(n), count_scale, rng)?;
            let resolved = match resolved_scale {
                Some(s) => Some(noisy(i128::from(res), s, rng)?),
                None => None,
            };
            let recovered = match recovered_scale {
                Some(s) => Some(noisy(i128::try_from(fen).unwrap_or(i128::MAX), s, rng)?),
                None => None,
            };
            cells.push(DpCell {
                key,
                count: i64::try_from(count).unwrap_or(i64::MAX),
                resolved: resolved.map(|r| i64::try_from(r).unwrap_or(i64::MAX)),
                recovered_fen: recovered,
            });
        }
        *budget = trial;
        Ok(DpRelease {
            group_by: q.group_by.clone(),
            span: q.span,
            epsilon_spent: eps,
            max_contributions: q.max_contributions,
            recovered_cap: q.recovered_cap,
            cells,
        })
    }
}

/// One noisy cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DpCell {
    /// The cell.
    pub key: CellKey,
    /// Noisy count (may be negative).
    pub count: i64,
    /// Noisy resolved count.
    pub resolved: Option<i64>,
    /// Noisy recovered amount in fen.
    pub recovered_fen: Option<i128>,
}

/// A differentially private table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DpRelease {
    /// The grouping.
    pub group_by: GroupBy,
    /// The months.
    pub span: MonthSpan,
    /// Epsilon spent (exact).
    pub epsilon_spent: Ratio,
    /// Records kept per consumer.
    pub max_contributions: u32,
    /// Per-record cap on the recovered amount.
    pub recovered_cap: Yuan,
    /// The inner cells of the fixed domain, in key order.
    pub cells: Vec<DpCell>,
}

/// A noisy cell as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DpCellOut {
    /// The value of each dimension (`all` in margins), in the grouping's order.
    #[serde(flatten)]
    pub key: crate::release::Labels,
    /// Always `noisy`.
    pub status: crate::CellStatus,
    /// Noisy count.
    pub count: i64,
    /// Noisy resolved count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<i64>,
    /// Noisy recovered amount, yuan (may be negative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovered: Option<String>,
}

/// A differentially private release as written by `weiquan stats --epsilon`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DpReleaseOut {
    /// Always 1.
    pub schema_version: u32,
    /// Always `weiquan_stats_dp_release`.
    pub kind: String,
    /// The grouping.
    pub group_by: GroupBy,
    /// The months.
    pub span: MonthSpan,
    /// Epsilon spent, exact (e.g. `1/2`).
    pub epsilon: Ratio,
    /// Records kept per consumer.
    pub max_contributions: u32,
    /// Cap on one record's recovered amount.
    pub recovered_cap: Yuan,
    /// The mechanism.
    pub mechanism: String,
    /// Inner cells then margins (sums of noisy cells).
    pub cells: Vec<DpCellOut>,
}

fn signed_fen(fen: i128) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

impl DpRelease {
    /// The release as a document, with margins summed from the noisy cells.
    pub fn to_out(&self) -> DpReleaseOut {
        let by = &self.group_by;
        let dims = by.dims();
        let mut all: std::collections::BTreeMap<CellKey, (i64, Option<i64>, Option<i128>)> =
            std::collections::BTreeMap::new();
        for c in &self.cells {
            for mask in 0u32..(1u32 << dims.len()) {
                let mut k = c.key;
                for (i, d) in dims.iter().enumerate() {
                    if mask & (1 << i) != 0 {
                        k = k.with_slot(d.kind(), 0);
                    }
                }
                let e =
                    all.entry(k)
                        .or_insert((0, c.resolved.map(|_| 0), c.recovered_fen.map(|_| 0)));
                e.0 = e.0.saturating_add(c.count);
                e.1 = e.1.zip(c.resolved).map(|(a, b)| a.saturating_add(b));
                e.2 = e.2.zip(c.recovered_fen).map(|(a, b)| a.saturating_add(b));
            }
        }
        let mut keys: Vec<CellKey> = all.keys().copied().collect();
        keys.sort_by_key(|k| (k.margin_depth(by), *k));
        let cells = keys
            .into_iter()
            .filter_map(|k| {
                let (n, r, f) = all.get(&k)?;
                Some(DpCellOut {
                    key: crate::release::Labels(
                        by.labels(k)
                            .into_iter()
                            .map(|(a, b)| (a.to_owned(), b))
                            .collect(),
                    ),
                    status: crate::CellStatus::Noisy,
                    count: *n,
                    resolved: *r,
                    recovered: f.map(signed_fen),
                })
            })
            .collect();
        DpReleaseOut {
            schema_version: crate::SCHEMA_VERSION,
            kind: "weiquan_stats_dp_release".to_owned(),
            group_by: by.clone(),
            span: self.span,
            epsilon: self.epsilon_spent,
            max_contributions: self.max_contributions,
            recovered_cap: self.recovered_cap,
            mechanism: "discrete Laplace (geometric), exact sampling (Canonne-Kamath-Steinke 2020)"
                .to_owned(),
            cells,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use weiquan_synth::generate::Rng;

    /// A seeded source for tests only.
    struct Seeded(Rng);
    impl RandomSource for Seeded {
        fn next_u64(&mut self) -> Result<u64, Error> {
            Ok(self.0.next_u64())
        }
    }

    fn r(n: i128, d: i128) -> Ratio {
        Ratio::new(n, d).unwrap()
    }

    #[test]
    fn bernoulli_exp_has_the_right_mean() {
        let mut rng = Seeded(Rng::new(1));
        let n = 40_000;
        for (g, expected) in [(r(1, 2), (-0.5f64).exp()), (r(5, 2), (-2.5f64).exp())] {
            let hits = (0..n)
                .filter(|_| bernoulli_exp(&mut rng, g).unwrap())
                .count();
            let p = hits as f64 / n as f64;
            // Four standard errors.
            let se = (expected * (1.0 - expected) / n as f64).sqrt();
            assert!((p - expected).abs() < 4.0 * se, "{g}: {p} vs {expected}");
        }
    }

    #[test]
    fn discrete_laplace_matches_its_distribution() {
        let mut rng = Seeded(Rng::new(2));
        let scale = r(3, 2);
        let n = 60_000;
        let mut counts: HashMap<i128, u32> = HashMap::new();
        for _ in 0..n {
            *counts
                .entry(discrete_laplace(&mut rng, scale).unwrap())
                .or_default() += 1;
        }
        // P[Y = y] = (1 − a)/(1 + a) · a^|y| with a = exp(−1/scale).
        let a = (-2.0f64 / 3.0).exp();
        for y in -3i128..=3 {
            let p = (1.0 - a) / (1.0 + a) * a.powi(y.unsigned_abs() as i32);
            let got = f64::from(counts.get(&y).copied().unwrap_or(0)) / f64::from(n);
            let se = (p * (1.0 - p) / f64::from(n)).sqrt();
            assert!((got - p).abs() < 4.5 * se, "y={y}: {got} vs {p}");
        }
        let mean: f64 = counts
            .iter()
            .map(|(y, c)| *y as f64 * f64::from(*c))
            .sum::<f64>()
            / f64::from(n);
        assert!(mean.abs() < 0.05, "{mean}");
    }

    #[test]
    fn pinned_values_for_a_seed() {
        // Pinned so that a change in the sampler is noticed (OpenDP style).
        let mut rng = Seeded(Rng::new(42));
        let v: Vec<i128> = (0..8)
            .map(|_| discrete_laplace(&mut rng, Ratio::from_int(2)).unwrap())
            .collect();
        let mut again = Seeded(Rng::new(42));
        let w: Vec<i128> = (0..8)
            .map(|_| discrete_laplace(&mut again, Ratio::from_int(2)).unwrap())
            .collect();
        assert_eq!(v, w);
        assert_eq!(v, PINNED.to_vec());
    }

    const PINNED: [i128; 8] = [-1, 0, 1, 0, -1, -3, 1, 1];

    #[test]
    fn uniform_is_in_range() {
        let mut rng = Seeded(Rng::new(3));
        for n in [1u128, 2, 3, 7, 1000, u128::from(u64::MAX) + 5] {
            for _ in 0..100 {
                assert!(uniform_below(&mut rng, n).unwrap() < n);
            }
        }
    }

    #[test]
    fn budget_refuses_without_spending() {
        let mut b = PrivacyBudget::new(r(1, 2)).unwrap();
        b.spend(r(1, 3)).unwrap();
        let err = b.spend(r(1, 5)).unwrap_err();
        assert_eq!(
            err,
            Error::BudgetExceeded {
                requested: "1/5".into(),
                remaining: "1/6".into()
            }
        );
        assert_eq!(b.spent(), r(1, 3));
        b.spend(r(1, 6)).unwrap();
        assert_eq!(b.remaining(), Ratio::ZERO);
        assert!(PrivacyBudget::new(Ratio::ZERO).is_err());
    }

    #[test]
    fn bounding_keeps_the_smallest_hashes_in_any_order() {
        let q = DpQuery::new(
            "channel".parse().unwrap(),
            "2025-07..2025-12".parse().unwrap(),
            vec![],
            Ratio::ONE,
        )
        .unwrap();
        let q = DpQuery {
            max_contributions: 2,
            ..q
        };
        let c = ConsumerKey::from_raw(7);
        let ks: Vec<Kept> = [9u64, 3, 5, 1]
            .iter()
            .map(|h| Kept {
                hash: *h,
                key: CellKey::TOTAL,
                resolved: false,
                fen: 0,
            })
            .collect();
        let mut a = DpAggregator::new(q.clone()).unwrap();
        for k in &ks {
            a.keep(c, *k);
        }
        let mut b1 = DpAggregator::new(q.clone()).unwrap();
        let mut b2 = DpAggregator::new(q).unwrap();
        b1.keep(c, ks[3]);
        b1.keep(c, ks[0]);
        b2.keep(c, ks[1]);
        b2.keep(c, ks[2]);
        b2.merge(b1).unwrap();
        let hashes = |x: &DpAggregator| -> Vec<u64> {
            x.kept.get(&c).unwrap().iter().map(|k| k.hash).collect()
        };
        assert_eq!(hashes(&a), vec![1, 3]);
        assert_eq!(hashes(&b2), vec![1, 3]);
    }
}
