//! k-anonymous microdata: one row per complaint, quasi-identifiers generalised along their
//! hierarchies until every combination is shared by at least k distinct consumers, records
//! that still stand out suppressed, and the information lost reported.
//!
//! # What is guaranteed
//!
//! In the rows released, every combination of the quasi-identifiers (age band, region,
//! period, category, consumer groups) is shared by rows of at least `k` **distinct
//! consumers** (counted by pseudonym, so one person's several complaints do not make a group
//! look larger). No direct identifier is in a row.
//!
//! # What is not guaranteed
//!
//! - The other columns (problem nature, channel, outcome) are released as they are: a
//!   class whose rows all share one outcome discloses that outcome for everyone in it
//!   (k-anonymity does not give l-diversity).
//! - An attacker who knows other attributes than the quasi-identifiers listed here, or who
//!   links several releases of microdata, is not covered.
//!
//! # Method
//!
//! Full-domain generalisation (Samarati 2001; Sweeney 2002): one level per quasi-identifier
//! for the whole table. Every combination of levels is a node of the lattice; a node is
//! feasible when the records in classes of fewer than `k` consumers are at most
//! `max_suppressed` of all records (those records are suppressed). Among feasible nodes the
//! one with the least precision loss (Sweeney's Prec: the mean over quasi-identifiers of
//! level ÷ highest level) wins, then the fewest suppressed records, then the lowest levels
//! in the order age, region, period, category, groups: the choice is deterministic.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use weiquan_complaint::DivisionLevel;

use crate::dims::{CategoryLevel, CategoryValue, Period, PeriodGrain};
use crate::record::{ConsumerKey, StatsRecord};
use crate::{Error, Ratio, Text};

/// Settings of the generalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KAnonymityConfig {
    /// Every class must hold at least `k` distinct consumers (default 10).
    pub k: u64,
    /// The largest share of records that may be suppressed (default 1/20).
    pub max_suppressed: Ratio,
}

impl Default for KAnonymityConfig {
    fn default() -> Self {
        KAnonymityConfig {
            k: 10,
            max_suppressed: Ratio::new(1, 20).unwrap_or(Ratio::ZERO),
        }
    }
}

/// The generalisation levels of the quasi-identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Levels {
    /// Age: 0 five-year bands, 1 ten-year bands, 2 twenty-year bands, 3 suppressed.
    pub age: u8,
    /// Region: 0 county, 1 prefecture, 2 province, 3 suppressed.
    pub region: u8,
    /// Period of receipt: 0 month, 1 quarter, 2 year, 3 suppressed.
    pub period: u8,
    /// Category: 0 item, 1 major category, 2 goods/services/other, 3 suppressed.
    pub category: u8,
    /// Consumer groups: 0 as given, 1 suppressed.
    pub groups: u8,
}

const MAX: Levels = Levels {
    age: 3,
    region: 3,
    period: 3,
    category: 3,
    groups: 1,
};

impl Levels {
    fn precision_loss(self) -> Option<Ratio> {
        let parts = [
            (self.age, MAX.age),
            (self.region, MAX.region),
            (self.period, MAX.period),
            (self.category, MAX.category),
            (self.groups, MAX.groups),
        ];
        let mut sum = Ratio::ZERO;
        for (l, m) in parts {
            sum = sum.checked_add(Ratio::new(i128::from(l), i128::from(m))?)?;
        }
        sum.checked_div(Ratio::from_int(parts.len() as i128))
    }

    fn all() -> Vec<Levels> {
        let mut v = Vec::new();
        for age in 0..=MAX.age {
            for region in 0..=MAX.region {
                for period in 0..=MAX.period {
                    for category in 0..=MAX.category {
                        for groups in 0..=MAX.groups {
                            v.push(Levels {
                                age,
                                region,
                                period,
                                category,
                                groups,
                            });
                        }
                    }
                }
            }
        }
        v
    }

    /// Whether every level of `self` is at or above `o`'s.
    fn dominates(self, o: Levels) -> bool {
        self.age >= o.age
            && self.region >= o.region
            && self.period >= o.period
            && self.category >= o.category
            && self.groups >= o.groups
    }
}

/// One released row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MicrodataRow {
    /// Age band, e.g. `30-39`, `unknown` (no resident ID) or `*`.
    pub age: String,
    /// Region code at the chosen level, or `*`.
    pub region: String,
    /// Period of receipt, or `*`.
    pub period: String,
    /// Category at the chosen level, or `*`.
    pub category: String,
    /// Consumer groups, or `*`.
    pub consumer_groups: String,
    /// Problem nature (not generalised).
    pub problem_nature: String,
    /// Channel (not generalised).
    pub channel: String,
    /// Outcome state, or `unknown`.
    pub outcome: String,
}

fn band(age: Option<u8>, level: u8) -> String {
    let Some(a) = age else {
        return if level >= 3 { "*" } else { "unknown" }.to_owned();
    };
    let width = match level {
        0 => 5,
        1 => 10,
        2 => 20,
        _ => return "*".to_owned(),
    };
    let lo = u16::from(a) / width * width;
    format!("{lo}-{}", lo + width - 1)
}

fn quasi(r: &StatsRecord, l: Levels) -> [String; 5] {
    let region = match l.region {
        0 => r.region.at_level(DivisionLevel::County).to_string(),
        1 => r.region.at_level(DivisionLevel::Prefecture).to_string(),
        2 => r.region.at_level(DivisionLevel::Province).to_string(),
        _ => "*".to_owned(),
    };
    let period = match l.period {
        0 => Period::of(r.received, PeriodGrain::Month).to_string(),
        1 => Period::of(r.received, PeriodGrain::Quarter).to_string(),
        2 => Period::of(r.received, PeriodGrain::Year).to_string(),
        _ => "*".to_owned(),
    };
    let category = match l.category {
        0 => CategoryValue::of(r.category, CategoryLevel::Minor).to_string(),
        1 => CategoryValue::of(r.category, CategoryLevel::Major).to_string(),
        2 => CategoryValue::of(r.category, CategoryLevel::Top).to_string(),
        _ => "*".to_owned(),
    };
    let groups = if l.groups == 0 {
        r.groups.code()
    } else {
        "*".to_owned()
    };
    [band(r.age, l.age), region, period, category, groups]
}

/// What the generalisation cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InformationLoss {
    /// The levels chosen.
    pub levels: Levels,
    /// Sweeney's precision loss: mean of level ÷ highest level (0 = nothing generalised,
    /// 1 = everything suppressed), exact.
    pub precision_loss: Ratio,
    /// Records suppressed because their class stayed below k consumers.
    pub suppressed_records: u64,
    /// Records in the input.
    pub input_records: u64,
    /// Equivalence classes released.
    pub classes: u64,
    /// The smallest number of distinct consumers in a released class.
    pub smallest_class_consumers: u64,
    /// The discernibility metric: Σ (class size)² over released classes, plus
    /// suppressed × input records.
    pub discernibility: u128,
}

/// k-anonymous microdata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Microdata {
    /// The settings.
    pub config: KAnonymityConfig,
    /// What was lost.
    pub loss: InformationLoss,
    /// The rows, sorted (so their order says nothing about the input's).
    pub rows: Vec<MicrodataRow>,
}

/// The quasi-identifiers of a record at some levels, packed: age band (8 bits), region
/// (20), period (20), category (8), groups (4). Strings are made only for released rows.
fn quasi_key(r: &StatsRecord, l: Levels) -> u64 {
    let age: u64 = match (r.age, l.age) {
        (_, 3) => 0,
        (None, _) => 1,
        (Some(a), lvl) => {
            2 + u64::from(a) / [5u64, 10, 20].get(usize::from(lvl)).copied().unwrap_or(20)
        }
    };
    let region = match l.region {
        0 => r.region.at_level(DivisionLevel::County).as_u32(),
        1 => r.region.at_level(DivisionLevel::Prefecture).as_u32(),
        2 => r.region.at_level(DivisionLevel::Province).as_u32(),
        _ => 0,
    };
    let grain = [PeriodGrain::Month, PeriodGrain::Quarter, PeriodGrain::Year];
    let period = match grain.get(usize::from(l.period)) {
        Some(g) => {
            let p = Period::of(r.received, *g);
            let (a, b) = p.month_range();
            u64::from(a) * 16 + u64::from(b - a)
        }
        None => 0,
    };
    let levels = [
        CategoryLevel::Minor,
        CategoryLevel::Major,
        CategoryLevel::Top,
    ];
    let category = match levels.get(usize::from(l.category)) {
        Some(cl) => {
            // The position of the value among all values of its level.
            let v = CategoryValue::of(r.category, *cl);
            crate::dims::Dimension::Category(*cl)
                .parse_value(&v.to_string())
                .unwrap_or(0)
        }
        None => 0,
    };
    let groups = if l.groups == 0 {
        1 + u64::from(r.groups.mask())
    } else {
        0
    };
    age | (u64::from(region) << 8) | (period << 28) | (category << 48) | (groups << 56)
}

struct Evaluation {
    suppressed: u64,
    /// class → (records, distinct consumers)
    classes: HashMap<u64, (u64, u64)>,
}

fn evaluate(records: &[(&StatsRecord, ConsumerKey)], l: Levels, k: u64) -> Evaluation {
    let mut classes: HashMap<u64, (u64, u64)> = HashMap::new();
    let mut seen: HashSet<(u64, ConsumerKey)> = HashSet::with_capacity(records.len());
    for (r, c) in records {
        let q = quasi_key(r, l);
        let e = classes.entry(q).or_default();
        e.0 += 1;
        if seen.insert((q, *c)) {
            e.1 += 1;
        }
    }
    let suppressed = classes
        .values()
        .filter(|(_, cs)| *cs < k)
        .map(|(n, _)| *n)
        .sum();
    Evaluation {
        suppressed,
        classes,
    }
}

/// Generalises `records` into k-anonymous microdata.
///
/// Every record must carry a consumer pseudonym (made with a [`Keyer`](crate::Keyer)) and,
/// for age bands, its age ([`RecordOptions::age`](crate::RecordOptions)).
///
/// ```
/// use weiquan_stats::{Keyer, RecordOptions, StatsRecord, kanon::{anonymise, KAnonymityConfig}};
/// use weiquan_synth::generate::Generator;
/// let keyer = Keyer::random()?;
/// let opts = RecordOptions { keyer: Some(&keyer), age: true, ..Default::default() };
/// let records: Vec<StatsRecord> = Generator::new(4).take(3000)
///     .map(|c| StatsRecord::from_complaint(&c, None, opts)).collect();
/// let m = anonymise(&records, &KAnonymityConfig::default())?;
/// assert!(m.loss.smallest_class_consumers >= 10);
/// assert!(m.loss.suppressed_records * 20 <= 3000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn anonymise(records: &[StatsRecord], config: &KAnonymityConfig) -> Result<Microdata, Error> {
    if config.k == 0 {
        return Err(Error::parameter("k", 0, "must be at least 1", "至少为1"));
    }
    if config.max_suppressed.is_negative() || config.max_suppressed > Ratio::ONE {
        return Err(Error::parameter(
            "max_suppressed",
            config.max_suppressed,
            "must be between 0 and 1",
            "须在0与1之间",
        ));
    }
    let keyed: Vec<(&StatsRecord, ConsumerKey)> = records
        .iter()
        .map(|r| {
            r.consumer.map(|c| (r, c)).ok_or_else(|| Error::Parameter {
                name: "record",
                value: Text::new("without pseudonym", "没有消费者假名"),
                reason: Text::new(
                    "k-anonymity counts consumers: make records with a keyer",
                    "k-匿名按消费者计数：生成记录时须提供假名密钥",
                ),
            })
        })
        .collect::<Result<_, _>>()?;
    let n = keyed.len() as u64;
    let allowed = Ratio::from_int(i128::from(n))
        .checked_mul(config.max_suppressed)
        .ok_or(Error::overflow("k-anonymity"))?
        .floor();
    let mut nodes: Vec<(Ratio, Levels)> = Levels::all()
        .into_iter()
        .filter_map(|l| l.precision_loss().map(|p| (p, l)))
        .collect();
    nodes.sort();
    // Nodes in order of precision loss; a node above a feasible one cannot do better.
    let mut best: Option<(Ratio, u64, Levels, Evaluation)> = None;
    let mut feasible: Vec<Levels> = Vec::new();
    for (loss, l) in nodes {
        if let Some((b, ..)) = &best
            && loss > *b
        {
            break;
        }
        if feasible.iter().any(|f| l.dominates(*f) && l != *f) {
            continue;
        }
        let e = evaluate(&keyed, l, config.k);
        if i128::from(e.suppressed) <= allowed {
            feasible.push(l);
            let better = match &best {
                None => true,
                Some((bl, bs, bl2, _)) => (loss, e.suppressed, l) < (*bl, *bs, *bl2),
            };
            if better {
                best = Some((loss, e.suppressed, l, e));
            }
        }
    }
    // The top node (everything suppressed) is always feasible when n ≥ k consumers; when
    // it is not, every record is suppressed.
    let (loss, suppressed, levels, eval) = match best {
        Some(b) => b,
        None => (
            Ratio::ONE,
            n,
            MAX,
            Evaluation {
                suppressed: n,
                classes: HashMap::new(),
            },
        ),
    };
    let mut rows = Vec::new();
    let mut sizes: BTreeMap<u64, u64> = BTreeMap::new();
    let released: HashSet<u64> = eval
        .classes
        .iter()
        .filter(|(_, (_, cs))| *cs >= config.k)
        .map(|(q, (_, cs))| {
            *sizes.entry(*cs).or_default() += 1;
            *q
        })
        .collect();
    for (r, _) in &keyed {
        if released.contains(&quasi_key(r, levels)) {
            let [age, region, period, category, consumer_groups] = quasi(r, levels);
            rows.push(MicrodataRow {
                age,
                region,
                period,
                category,
                consumer_groups,
                problem_nature: r.problem_nature.code().to_owned(),
                channel: r.channel.code().to_owned(),
                outcome: r.outcome.map_or("unknown", |o| o.state.code()).to_owned(),
            });
        }
    }
    rows.sort();
    let discernibility = eval
        .classes
        .values()
        .filter(|(_, cs)| *cs >= config.k)
        .map(|(m, _)| u128::from(*m) * u128::from(*m))
        .sum::<u128>()
        + u128::from(suppressed) * u128::from(n);
    Ok(Microdata {
        config: *config,
        loss: InformationLoss {
            levels,
            precision_loss: loss,
            suppressed_records: suppressed,
            input_records: n,
            classes: released.len() as u64,
            smallest_class_consumers: sizes.keys().next().copied().unwrap_or(0),
            discernibility,
        },
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands() {
        assert_eq!(band(Some(37), 0), "35-39");
        assert_eq!(band(Some(37), 1), "30-39");
        assert_eq!(band(Some(37), 2), "20-39");
        assert_eq!(band(Some(37), 3), "*");
        assert_eq!(band(None, 1), "unknown");
        assert_eq!(band(None, 3), "*");
    }

    #[test]
    fn lattice() {
        assert_eq!(Levels::all().len(), 4 * 4 * 4 * 4 * 2);
        assert_eq!(MAX.precision_loss(), Some(Ratio::ONE));
        let l = Levels {
            age: 1,
            region: 0,
            period: 3,
            category: 0,
            groups: 1,
        };
        assert_eq!(l.precision_loss(), Ratio::new(7, 15));
    }
}
