//! The streaming, mergeable aggregator and its serialised partial state.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use crate::dims::{CellKey, GroupBy};
use crate::measures::{Measures, MeasuresJson};
use crate::record::StatsRecord;
use crate::{Error, SCHEMA_VERSION, Text};

/// A multiplicative hasher for packed cell keys: keys are already well spread integers, and
/// SipHash would cost more than the rest of `Aggregator::add`.
#[derive(Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        self.0 ^= self.0 >> 29;
    }
}

pub(crate) type KeyMap<V> = HashMap<CellKey, V, BuildHasherDefault<KeyHasher>>;

/// Counts records into cells, one record at a time.
///
/// Memory grows with the number of distinct cells, never with the number of records. Two
/// aggregators with the same grouping merge exactly, in any order and any grouping of
/// merges, and the partial state serialises to JSON and back without loss: aggregating
/// parts separately (per district, per month, per worker, per machine) and merging gives
/// exactly the aggregate of the whole.
///
/// ```
/// use weiquan_stats::{Aggregator, GroupBy, StatsRecord, RecordOptions};
/// use weiquan_synth::generate::Generator;
/// let by: GroupBy = "period=quarter,region=county".parse()?;
/// let (mut a, mut b, mut whole) = (Aggregator::new(by.clone()), Aggregator::new(by.clone()),
///                                  Aggregator::new(by));
/// for (i, c) in Generator::new(3).take(200).enumerate() {
///     let r = StatsRecord::from_complaint(&c, None, RecordOptions::default());
///     whole.add(&r)?;
///     if i % 2 == 0 { a.add(&r)? } else { b.add(&r)? }
/// }
/// // b travels as JSON, as from another process.
/// let b = Aggregator::from_partial_json(&b.to_partial_json())?;
/// a.merge(b)?;
/// assert_eq!(a, whole);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Aggregator {
    by: GroupBy,
    cells: KeyMap<Measures>,
    records: u64,
}

impl PartialEq for Aggregator {
    fn eq(&self, other: &Self) -> bool {
        self.by == other.by && self.records == other.records && self.cells == other.cells
    }
}

impl Eq for Aggregator {}

impl Aggregator {
    /// An empty aggregator.
    pub fn new(by: GroupBy) -> Aggregator {
        Aggregator {
            by,
            cells: KeyMap::default(),
            records: 0,
        }
    }

    /// The grouping.
    pub fn group_by(&self) -> &GroupBy {
        &self.by
    }

    /// Records added.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Non-empty cells.
    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    /// Adds one record.
    pub fn add(&mut self, r: &StatsRecord) -> Result<(), Error> {
        let key = self.by.key_of(r);
        self.cells.entry(key).or_default().add(r)?;
        self.records += 1;
        Ok(())
    }

    /// Adds everything another aggregator with the same grouping has counted.
    pub fn merge(&mut self, other: Aggregator) -> Result<(), Error> {
        if self.by != other.by {
            return Err(Error::MergeMismatch {
                left: self.by.to_string(),
                right: other.by.to_string(),
            });
        }
        self.records = self
            .records
            .checked_add(other.records)
            .ok_or(Error::overflow("merge"))?;
        for (k, m) in other.cells {
            match self.cells.get_mut(&k) {
                Some(mine) => mine.merge(&m)?,
                None => {
                    self.cells.insert(k, m);
                }
            }
        }
        Ok(())
    }

    /// The cells in key order.
    pub fn cells(&self) -> Vec<(CellKey, &Measures)> {
        let mut v: Vec<_> = self.cells.iter().map(|(k, m)| (*k, m)).collect();
        v.sort_by_key(|(k, _)| *k);
        v
    }

    /// The measures of one cell, if it has any record.
    pub fn get(&self, key: CellKey) -> Option<&Measures> {
        self.cells.get(&key)
    }

    /// The partial state as a serialisable document.
    pub fn to_partial(&self) -> Partial {
        Partial {
            schema_version: SCHEMA_VERSION,
            kind: PartialKind::WeiquanStatsPartial,
            group_by: self.by.clone(),
            records: self.records,
            cells: self
                .cells()
                .into_iter()
                .map(|(k, m)| PartialCell {
                    key: self
                        .by
                        .labels(k)
                        .into_iter()
                        .map(|(n, v)| (n.to_owned(), v))
                        .collect(),
                    measures: m.into(),
                })
                .collect(),
        }
    }

    /// The partial state as compact JSON (cells in key order, so equal aggregates give equal
    /// text).
    pub fn to_partial_json(&self) -> String {
        serde_json::to_string(&self.to_partial()).unwrap_or_default()
    }

    /// An aggregator from its partial state, checked.
    pub fn from_partial(p: Partial) -> Result<Aggregator, Error> {
        let bad = |en: String, zh: String| Error::Format {
            what: "partial",
            reason: Text::new(en, zh),
        };
        if p.schema_version != SCHEMA_VERSION {
            return Err(bad(
                format!(
                    "schema_version {} is not supported (expected {SCHEMA_VERSION})",
                    p.schema_version
                ),
                format!(
                    "不支持 schema_version {}（应为 {SCHEMA_VERSION}）",
                    p.schema_version
                ),
            ));
        }
        let mut a = Aggregator::new(p.group_by.clone());
        let mut total = 0u64;
        for cell in p.cells {
            let key = p
                .group_by
                .parse_labels(cell.key.iter().map(|(n, v)| (n.as_str(), v.as_str())))?;
            if !key.is_inner(&p.group_by) {
                return Err(bad(
                    format!("cell {:?} does not give every grouped dimension", cell.key),
                    format!("单元格 {:?} 未给出每个分组维度的取值", cell.key),
                ));
            }
            let m = cell.measures.into_measures()?;
            if m.count == 0 {
                return Err(bad(
                    format!("cell {:?} is empty", cell.key),
                    format!("单元格 {:?} 为空", cell.key),
                ));
            }
            total = total
                .checked_add(m.count)
                .ok_or(Error::overflow("partial"))?;
            if a.cells.insert(key, m).is_some() {
                return Err(bad(
                    format!("cell {:?} appears twice", cell.key),
                    format!("单元格 {:?} 重复出现", cell.key),
                ));
            }
        }
        if total != p.records {
            return Err(bad(
                format!(
                    "cells count {total} records, the partial says {}",
                    p.records
                ),
                format!("各单元格合计{total}条记录，部分汇总记为{}条", p.records),
            ));
        }
        a.records = p.records;
        Ok(a)
    }

    /// An aggregator from partial JSON.
    pub fn from_partial_json(text: &str) -> Result<Aggregator, Error> {
        let p: Partial = serde_json::from_str(text).map_err(|e| Error::Format {
            what: "partial",
            reason: Text::json(&e),
        })?;
        Aggregator::from_partial(p)
    }

    /// The data re-aggregated at a coarser grouping (exact).
    pub fn coarsened(&self, by: &GroupBy) -> Result<Aggregator, Error> {
        if !by.is_coarsening_of(&self.by) {
            return Err(Error::NotACoarsening {
                table: Text::grouping(by),
                data: Text::grouping(&self.by),
            });
        }
        let mut out = Aggregator::new(by.clone());
        out.records = self.records;
        for (k, m) in &self.cells {
            let c = by.coarsen(*k);
            match out.cells.get_mut(&c) {
                Some(mine) => mine.merge(m)?,
                None => {
                    out.cells.insert(c, m.clone());
                }
            }
        }
        Ok(out)
    }
}

/// The `kind` tag of a partial document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartialKind {
    /// A partial aggregate of weiquan statistics.
    WeiquanStatsPartial,
}

/// The serialised state of an [`Aggregator`] (what `weiquan stats --partial` writes).
///
/// It holds cell counts only — no record, no pseudonym — so it may travel between machines
/// of the handling body; it is not itself safe to publish (cells are not yet suppressed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partial {
    /// Always 1 for this version.
    pub schema_version: u32,
    /// Always `weiquan_stats_partial`.
    pub kind: PartialKind,
    /// The grouping.
    pub group_by: GroupBy,
    /// Records counted.
    pub records: u64,
    /// The non-empty cells, in key order.
    pub cells: Vec<PartialCell>,
}

/// One cell of a partial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialCell {
    /// The value of each grouped dimension.
    key: BTreeMap<String, String>,
    /// The measures.
    #[serde(flatten)]
    measures: MeasuresJson,
}
