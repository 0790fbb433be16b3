//! Tables: the cells of a grouping over a span of months, with every margin, computed from an
//! aggregate.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::aggregate::Aggregator;
use crate::dims::{CellKey, DimKind, GroupBy, Period};
use crate::measures::Measures;
use crate::{Error, Text};

/// An inclusive range of months, as month indices `year × 12 + month − 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MonthSpan {
    /// First month index.
    pub first: u32,
    /// Last month index.
    pub last: u32,
}

impl MonthSpan {
    /// The span from the first month of `from` to the last month of `to`; `None` when `to`
    /// ends before `from` starts.
    pub fn new(from: Period, to: Period) -> Option<MonthSpan> {
        let (first, _) = from.month_range();
        let (_, last) = to.month_range();
        (first <= last).then_some(MonthSpan { first, last })
    }

    /// Whether a month index lies in the span.
    pub fn contains(self, month: u32) -> bool {
        (self.first..=self.last).contains(&month)
    }

    /// The intersection, if not empty.
    pub fn intersect(self, o: MonthSpan) -> Option<MonthSpan> {
        let first = self.first.max(o.first);
        let last = self.last.min(o.last);
        (first <= last).then_some(MonthSpan { first, last })
    }
}

impl std::fmt::Display for MonthSpan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}..{}",
            Period::month_from_index(self.first),
            Period::month_from_index(self.last)
        )
    }
}

impl Serialize for MonthSpan {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MonthSpan {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for MonthSpan {
    type Err = Error;
    /// Reads `2025-07..2026-06`, `2025-Q3..2025-Q4`, `2025` (one period is its own span).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (a, b) = s.split_once("..").unwrap_or((s, s));
        let from: Period = a.trim().parse()?;
        let to: Period = b.trim().parse()?;
        MonthSpan::new(from, to).ok_or_else(|| {
            Error::parameter(
                "span",
                s,
                "the span ends before it starts",
                "区间的结束早于开始",
            )
        })
    }
}

/// What table to make: a grouping (a coarsening of the aggregate's) and optionally a span of
/// months to restrict to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSpec {
    /// The grouping of the table.
    pub by: GroupBy,
    /// The months it covers; `None` for all the data.
    pub span: Option<MonthSpan>,
    /// The largest number of cells (inner and margins) allowed.
    pub max_cells: u64,
}

impl TableSpec {
    /// A table over all the data, at most a million cells.
    pub fn new(by: GroupBy) -> TableSpec {
        TableSpec {
            by,
            span: None,
            max_cells: 1_000_000,
        }
    }
}

/// A table: the cross product of the values each dimension takes in the data (so empty
/// combinations appear as zeros), plus every margin (each subset of dimensions summed out)
/// and the grand total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    by: GroupBy,
    span: Option<MonthSpan>,
    cells: BTreeMap<CellKey, Measures>,
}

/// The month index of a period slot value holding a month.
pub(crate) fn month_of(key: CellKey) -> Option<u32> {
    match Period::decode_slot(key.slot(DimKind::Period)) {
        Some(p @ Period::Month(..)) => Some(p.month_range().0),
        _ => None,
    }
}

/// The months from the first to the last period present in the data.
pub(crate) fn data_span(agg: &Aggregator) -> Option<MonthSpan> {
    let ranges = agg
        .cells()
        .into_iter()
        .filter_map(|(k, _)| Period::decode_slot(k.slot(DimKind::Period)))
        .map(Period::month_range);
    let (first, last) = ranges.fold(None, |acc: Option<(u32, u32)>, (a, b)| {
        Some(acc.map_or((a, b), |(x, y)| (x.min(a), y.max(b))))
    })?;
    Some(MonthSpan { first, last })
}

impl Table {
    /// Builds a table from an aggregate.
    ///
    /// With a span, the aggregate must group the period by month (or at a grain whose periods
    /// fall wholly inside or outside the span).
    pub fn build(agg: &Aggregator, spec: &TableSpec) -> Result<Table, Error> {
        let data_by = agg.group_by();
        if !spec.by.is_coarsening_of(data_by) {
            return Err(Error::NotACoarsening {
                table: Text::grouping(&spec.by),
                data: Text::grouping(data_by),
            });
        }
        if spec.span.is_some() && data_by.get(DimKind::Period).is_none() {
            return Err(Error::NotACoarsening {
                table: Text::new(
                    format!("{} over a span of months", spec.by),
                    format!("按“{}”分组，限定月份区间", spec.by),
                ),
                data: Text::grouping(data_by),
            });
        }
        // With months in the data, a table always knows the months it covers, so that a
        // later release can be audited against it.
        let span = match (spec.span, data_by.get(DimKind::Period)) {
            (Some(s), _) => Some(s),
            (None, Some(_)) => data_span(agg),
            (None, None) => None,
        };
        let mut inner: BTreeMap<CellKey, Measures> = BTreeMap::new();
        for (k, m) in agg.cells() {
            if let Some(span) = spec.span {
                let p = Period::decode_slot(k.slot(DimKind::Period));
                let (a, b) = p.map_or((0, u32::MAX), |p| p.month_range());
                let inside = span.first <= a && b <= span.last;
                let outside = b < span.first || a > span.last;
                if !inside && !outside {
                    return Err(Error::NotACoarsening {
                        table: Text::new(
                            format!("{} over {span}", spec.by),
                            format!("按“{}”分组，期间 {span}", spec.by),
                        ),
                        data: Text::grouping(data_by),
                    });
                }
                if outside {
                    continue;
                }
            }
            inner.entry(spec.by.coarsen(k)).or_default().merge(m)?;
        }
        let dims = spec.by.dims();
        let values: Vec<BTreeSet<u64>> = dims
            .iter()
            .map(|d| inner.keys().map(|k| k.slot(d.kind())).collect())
            .collect();
        let inner_cells = values
            .iter()
            .fold(1u128, |n, v| n.saturating_mul(v.len() as u128));
        let all_cells = values
            .iter()
            .fold(1u128, |n, v| n.saturating_mul(v.len() as u128 + 1));
        if all_cells > u128::from(spec.max_cells) {
            return Err(Error::TableTooLarge {
                cells: all_cells,
                limit: spec.max_cells,
            });
        }
        // Empty combinations of observed values are cells too (zeros).
        let mut keys = vec![CellKey::TOTAL];
        for (d, vals) in dims.iter().zip(&values) {
            keys = keys
                .into_iter()
                .flat_map(|k| vals.iter().map(move |v| k.with_slot(d.kind(), *v)))
                .collect();
        }
        debug_assert_eq!(keys.len() as u128, inner_cells);
        let mut cells = BTreeMap::new();
        for k in keys {
            let m = inner.remove(&k).unwrap_or_default();
            cells.insert(k, m);
        }
        // Margins: every subset of dimensions summed out.
        let n = dims.len();
        let inner_list: Vec<(CellKey, Measures)> =
            cells.iter().map(|(k, m)| (*k, m.clone())).collect();
        for mask in 1u32..(1u32 << n) {
            for (k, m) in &inner_list {
                let mut mk = *k;
                for (i, d) in dims.iter().enumerate() {
                    if mask & (1 << i) != 0 {
                        mk = mk.with_slot(d.kind(), 0);
                    }
                }
                cells.entry(mk).or_default().merge(m)?;
            }
        }
        if n == 0 {
            // A table without dimensions is its grand total alone.
            cells.entry(CellKey::TOTAL).or_default();
        }
        Ok(Table {
            by: spec.by.clone(),
            span,
            cells,
        })
    }

    /// The grouping.
    pub fn group_by(&self) -> &GroupBy {
        &self.by
    }

    /// The months the table covers (the requested span, or the data's months); `None` when
    /// the data has no period.
    pub fn span(&self) -> Option<MonthSpan> {
        self.span
    }

    /// Every cell (inner cells and margins) in key order.
    pub fn cells(&self) -> impl Iterator<Item = (CellKey, &Measures)> {
        self.cells.iter().map(|(k, m)| (*k, m))
    }

    /// One cell.
    pub fn get(&self, key: CellKey) -> Option<&Measures> {
        self.cells.get(&key)
    }

    /// How many cells, margins included.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the table has no cell (never: the grand total is always there).
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

impl Period {
    /// The period in a slot value (`None` for "all").
    pub(crate) fn decode_slot(raw: u64) -> Option<Period> {
        match crate::dims::Dimension::Period(crate::dims::PeriodGrain::Month).decode(raw)? {
            crate::dims::DimValue::Period(p) => Some(p),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{RecordOptions, StatsRecord};
    use weiquan_synth::generate::Generator;

    #[test]
    fn margins_add_up_and_zeros_are_cells() {
        let by: GroupBy = "period=month,region=county,channel".parse().unwrap();
        let mut a = Aggregator::new(by);
        for c in Generator::new(5).take(500) {
            a.add(&StatsRecord::from_complaint(
                &c,
                None,
                RecordOptions::default(),
            ))
            .unwrap();
        }
        let spec = TableSpec {
            span: Some("2025-Q3..2025-Q4".parse().unwrap()),
            ..TableSpec::new("period=quarter,channel".parse().unwrap())
        };
        let t = Table::build(&a, &spec).unwrap();
        let total = t.get(CellKey::TOTAL).unwrap().count;
        let inner: u64 = t
            .cells()
            .filter(|(k, _)| k.is_inner(t.group_by()))
            .map(|(_, m)| m.count)
            .sum();
        assert_eq!(total, inner);
        // Two quarters × six channels seen + margins.
        let quarters = t
            .cells()
            .filter(|(k, _)| k.slot(DimKind::Channel) == 0 && k.slot(DimKind::Period) != 0)
            .count();
        assert_eq!(quarters, 2);
        assert!(total < 500 && total > 200);
        // A span that cuts through a quarter cannot be taken from quarterly data.
        let q = a
            .coarsened(&"period=quarter,channel".parse().unwrap())
            .unwrap();
        let bad = TableSpec {
            span: Some("2025-08..2025-12".parse().unwrap()),
            ..TableSpec::new("channel".parse().unwrap())
        };
        assert_eq!(
            Table::build(&q, &bad).unwrap_err().code(),
            "stats.not_a_coarsening"
        );
    }
}
