//! Choosing what to test from complaints: the categories and issues with the most
//! complaints, and those growing fastest, between two periods.
//!
//! The input is a small document of complaint counts per category, issue and period (what
//! `weiquan stats` publishes per cell, or any other count a committee keeps):
//!
//! ```json
//! {"schema_version": 1, "from": "2026-Q1", "to": "2026-Q2", "min_base": 30,
//!  "counts": [{"period": "2026-Q1", "category": "家用电器", "issue": "质量", "count": 120}]}
//! ```
//!
//! Growth is `(to − from) / from`. A small base makes a large growth of no meaning (2 → 6 is
//! +200 %), so a key whose `from` count is below `min_base` is not ranked by growth and is
//! listed as such. Ranks compare the exact fractions (integer cross-multiplication); the
//! percentage shown is rounded to two places by GB/T 8170.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use weiquan_support::FieldError;
use weiquan_support::json_pointer as pointer;

use crate::Error;
use crate::programme::shape_error;
use crate::rounding::Rounding;

/// Complaint counts per category, issue and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintCounts {
    /// Always 1.
    pub schema_version: u32,
    /// The earlier period compared.
    pub from: String,
    /// The later period compared.
    pub to: String,
    /// The least `from` count a growth is ranked on.
    pub min_base: u64,
    /// The counts; a key missing in a period counts 0 there.
    pub counts: Vec<Count>,
}

/// One count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// The period (any label; `from` and `to` name two of them).
    pub period: String,
    /// The product or service category.
    pub category: String,
    /// The issue (问题性质), or empty for the whole category.
    #[serde(default)]
    pub issue: String,
    /// The number of complaints.
    pub count: u64,
}

/// One candidate for testing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The rank in its list, from 1 (equal values share a rank).
    pub rank: usize,
    /// The category.
    pub category: String,
    /// The issue.
    pub issue: String,
    /// Complaints in `from`.
    pub from_count: u64,
    /// Complaints in `to`.
    pub to_count: u64,
    /// `to − from`.
    pub change: i128,
    /// The growth in percent, rounded to two places by GB/T 8170; `None` below the base.
    pub growth_percent: Option<Decimal>,
}

/// The two rankings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Selection {
    /// By the count in `to`, most first.
    pub by_count: Vec<Candidate>,
    /// By growth from `from` to `to`, fastest first, only keys with `from_count ≥ min_base`.
    pub by_growth: Vec<Candidate>,
    /// The keys left out of the growth ranking for a small base.
    pub below_base: Vec<(String, String)>,
}

impl ComplaintCounts {
    /// Reads and checks a counts document.
    pub fn from_json(text: &str) -> Result<ComplaintCounts, Error> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Syntax {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let doc: ComplaintCounts =
            pointer::from_value(&value).map_err(|e| Error::Invalid(vec![shape_error(&e)]))?;
        let mut problems = Vec::new();
        if doc.schema_version != 1 {
            problems.push(FieldError::new(
                "/schema_version",
                "testing.schema_version",
                Some(doc.schema_version.to_string()),
                "schema_version must be 1",
                "schema_version应为1",
            ));
        }
        if doc.from == doc.to {
            problems.push(FieldError::new(
                "/to",
                "testing.periods",
                Some(doc.to.clone()),
                "`from` and `to` must be two periods",
                "from与to须为两个不同的期间",
            ));
        }
        let mut seen = BTreeMap::new();
        for (i, c) in doc.counts.iter().enumerate() {
            if seen.insert((&c.period, &c.category, &c.issue), i).is_some() {
                problems.push(FieldError::new(
                    format!("/counts/{i}"),
                    "testing.duplicate_count",
                    None,
                    "a second count for this period, category and issue",
                    "同一期间、类别和问题的计数重复",
                ));
            }
        }
        if problems.is_empty() {
            Ok(doc)
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// Ranks the keys by count and by growth.
    ///
    /// ```
    /// use weiquan_testing::ComplaintCounts;
    /// let doc = ComplaintCounts::from_json(r#"{"schema_version": 1, "from": "Q1", "to": "Q2",
    ///   "min_base": 10, "counts": [
    ///   {"period": "Q1", "category": "油烟机", "count": 40}, {"period": "Q2", "category": "油烟机", "count": 50},
    ///   {"period": "Q1", "category": "电热水器", "count": 12}, {"period": "Q2", "category": "电热水器", "count": 30},
    ///   {"period": "Q1", "category": "净水器", "count": 2}, {"period": "Q2", "category": "净水器", "count": 9}]}"#)?;
    /// let s = doc.select();
    /// assert_eq!(s.by_count[0].category, "油烟机");
    /// assert_eq!(s.by_growth[0].category, "电热水器");
    /// assert_eq!(s.by_growth[0].growth_percent, Some("150.00".parse()?));
    /// assert_eq!(s.below_base, vec![("净水器".to_string(), String::new())]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn select(&self) -> Selection {
        let mut keys: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
        for c in &self.counts {
            let e = keys
                .entry((c.category.clone(), c.issue.clone()))
                .or_insert((0, 0));
            if c.period == self.from {
                e.0 = c.count;
            } else if c.period == self.to {
                e.1 = c.count;
            }
        }
        let candidate = |(category, issue): &(String, String), (f, t): (u64, u64), base_ok| {
            let change = i128::from(t) - i128::from(f);
            let growth_percent = (base_ok && f > 0)
                .then(|| {
                    Decimal::from_i128_with_scale(change, 0)
                        .checked_mul(Decimal::ONE_HUNDRED)?
                        .checked_div(Decimal::from(f))
                })
                .flatten()
                .map(|g| Rounding { decimals: 2 }.apply(g));
            Candidate {
                rank: 0,
                category: category.clone(),
                issue: issue.clone(),
                from_count: f,
                to_count: t,
                change,
                growth_percent,
            }
        };
        let mut by_count: Vec<Candidate> = keys
            .iter()
            .map(|(k, v)| candidate(k, *v, v.0 >= self.min_base.max(1)))
            .collect();
        by_count.sort_by_key(|c| std::cmp::Reverse(c.to_count));
        assign_ranks(&mut by_count, |a, b| a.to_count == b.to_count);
        let base = self.min_base.max(1);
        let mut by_growth: Vec<Candidate> = keys
            .iter()
            .filter(|(_, v)| v.0 >= base)
            .map(|(k, v)| candidate(k, *v, true))
            .collect();
        by_growth.sort_by(|a, b| growth_cmp(b, a));
        assign_ranks(&mut by_growth, |a, b| growth_cmp(a, b) == Ordering::Equal);
        let below_base = keys
            .iter()
            .filter(|(_, v)| v.0 < base)
            .map(|(k, _)| k.clone())
            .collect();
        Selection {
            by_count,
            by_growth,
            below_base,
        }
    }
}

/// Compares the exact growths `(t−f)/f` by cross-multiplication (both bases are positive).
fn growth_cmp(a: &Candidate, b: &Candidate) -> Ordering {
    (a.change * i128::from(b.from_count)).cmp(&(b.change * i128::from(a.from_count)))
}

fn assign_ranks(list: &mut [Candidate], equal: impl Fn(&Candidate, &Candidate) -> bool) {
    let mut prev: Option<(usize, Candidate)> = None;
    for (i, c) in list.iter_mut().enumerate() {
        let rank = match &prev {
            Some((r, p)) if equal(p, c) => *r,
            _ => i + 1,
        };
        c.rank = rank;
        prev = Some((rank, c.clone()));
    }
}
