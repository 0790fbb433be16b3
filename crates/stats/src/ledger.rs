//! The release ledger: what has been published, under which rules, with which budget, so that
//! each new release is audited together with the earlier ones.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::audit::{AuditTable, CellState, SuppressionRules};
use crate::dims::{DimKind, Dimension, GroupBy, PeriodGrain};
use crate::dp::DpRelease;
use crate::release::{CellStatus, Release};
use crate::table::MonthSpan;
use crate::{Error, Ratio, SCHEMA_VERSION, Text};

/// The `kind` tag of a ledger document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    /// A weiquan statistics release ledger.
    WeiquanStatsLedger,
}

/// How a release was protected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Method {
    /// Small-cell and secondary suppression with the audit.
    Suppression {
        /// The rules.
        rules: SuppressionRules,
    },
    /// Differential privacy (noisy counts; not part of the suppression audit, which needs
    /// exact equations, but counted against the privacy budget).
    DifferentialPrivacy {
        /// The most records each consumer contributed.
        max_contributions: u32,
    },
}

/// One published cell: its key, its status and what was published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerCell {
    /// The value of each dimension (`all` in margins).
    pub key: BTreeMap<String, String>,
    /// Published, withheld, or noisy.
    pub status: CellStatus,
    /// The count as published (noisy counts may be negative); absent when withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
}

/// One published table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerTable {
    /// Its grouping.
    pub group_by: GroupBy,
    /// The months it covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<MonthSpan>,
    /// Its suppression pattern and published counts.
    pub cells: Vec<LedgerCell>,
}

/// One publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerEntry {
    /// The publisher's identifier for it (e.g. `2025-Q3`).
    pub id: String,
    /// How it was protected, with the parameters.
    pub method: Method,
    /// Privacy budget (epsilon) it spent, exact; 0 for suppression.
    pub epsilon: Ratio,
    /// What it published.
    pub tables: Vec<LedgerTable>,
}

/// The record of every release of a series, in order.
///
/// ```
/// use weiquan_stats::Ledger;
/// let mut ledger = Ledger::new();
/// ledger.epsilon_limit = Some("2".parse()?);
/// let text = ledger.to_json()?;
/// assert_eq!(Ledger::from_json(&text)?, ledger);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// Always 1.
    pub schema_version: u32,
    /// Always `weiquan_stats_ledger`.
    pub kind: LedgerKind,
    /// The total privacy budget of the series; differentially private releases beyond it are
    /// refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epsilon_limit: Option<Ratio>,
    /// The releases, oldest first.
    pub releases: Vec<LedgerEntry>,
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger::new()
    }
}

impl Ledger {
    /// An empty ledger without a budget limit.
    pub fn new() -> Ledger {
        Ledger {
            schema_version: SCHEMA_VERSION,
            kind: LedgerKind::WeiquanStatsLedger,
            epsilon_limit: None,
            releases: Vec::new(),
        }
    }

    /// Reads a ledger.
    pub fn from_json(text: &str) -> Result<Ledger, Error> {
        let l: Ledger = serde_json::from_str(text).map_err(|e| Error::Format {
            what: "ledger",
            reason: Text::json(&e),
        })?;
        if l.schema_version != SCHEMA_VERSION {
            return Err(Error::Format {
                what: "ledger",
                reason: Text::new(
                    format!("schema_version {} is not supported", l.schema_version),
                    format!("不支持 schema_version {}", l.schema_version),
                ),
            });
        }
        Ok(l)
    }

    /// The ledger as pretty JSON.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| Error::Format {
            what: "ledger",
            reason: Text::json(&e),
        })
    }

    /// Epsilon spent by every release so far (exact).
    pub fn epsilon_spent(&self) -> Result<Ratio, Error> {
        self.releases.iter().try_fold(Ratio::ZERO, |a, r| {
            a.checked_add(r.epsilon).ok_or(Error::overflow("epsilon"))
        })
    }

    /// The groupings of every suppression release, so the caller can aggregate at a grain
    /// that refines them all (with [`GroupBy::union`]).
    pub fn groupings(&self) -> Vec<GroupBy> {
        self.releases
            .iter()
            .filter(|r| matches!(r.method, Method::Suppression { .. }))
            .flat_map(|r| r.tables.iter().map(|t| t.group_by.clone()))
            .collect()
    }

    fn check_new_id(&self, id: &str) -> Result<(), Error> {
        if id.is_empty() || self.releases.iter().any(|r| r.id == id) {
            return Err(Error::parameter(
                "release id",
                id,
                "must be non-empty and not already in the ledger",
                "不能为空，也不能与账本中已有的发布相同",
            ));
        }
        Ok(())
    }

    /// Records a release protected by suppression (it must have been protected with this
    /// ledger, so that it was audited together with the earlier releases).
    pub fn record(&mut self, id: &str, release: &Release) -> Result<(), Error> {
        self.check_new_id(id)?;
        let mut tables = Vec::new();
        for t in &release.tables {
            let by = t.table().group_by();
            let cells = t
                .statuses()
                .map(|(k, s)| LedgerCell {
                    key: by
                        .labels(k)
                        .into_iter()
                        .map(|(n, v)| (n.to_owned(), v))
                        .collect(),
                    status: s,
                    count: t
                        .published_count(k)
                        .map(|c| i64::try_from(c).unwrap_or(i64::MAX)),
                })
                .collect();
            tables.push(LedgerTable {
                group_by: by.clone(),
                span: t.table().span(),
                cells,
            });
        }
        self.releases.push(LedgerEntry {
            id: id.to_owned(),
            method: Method::Suppression {
                rules: release.audit.rules,
            },
            epsilon: Ratio::ZERO,
            tables,
        });
        Ok(())
    }

    /// Whether a differentially private release of `epsilon` fits in the remaining budget.
    pub fn check_budget(&self, epsilon: Ratio) -> Result<(), Error> {
        if let Some(limit) = self.epsilon_limit {
            let spent = self.epsilon_spent()?;
            let after = spent
                .checked_add(epsilon)
                .ok_or(Error::overflow("epsilon"))?;
            if after > limit {
                return Err(Error::BudgetExceeded {
                    requested: epsilon.to_string(),
                    remaining: limit
                        .checked_sub(spent)
                        .map_or_else(|| "0".to_owned(), |r| r.to_string()),
                });
            }
        }
        Ok(())
    }

    /// Records a differentially private release, refusing it when the series' budget would
    /// be exceeded.
    pub fn record_dp(&mut self, id: &str, release: &DpRelease) -> Result<(), Error> {
        self.check_new_id(id)?;
        self.check_budget(release.epsilon_spent)?;
        let by = &release.group_by;
        let cells = release
            .cells
            .iter()
            .map(|c| LedgerCell {
                key: by
                    .labels(c.key)
                    .into_iter()
                    .map(|(n, v)| (n.to_owned(), v))
                    .collect(),
                status: CellStatus::Noisy,
                count: Some(c.count),
            })
            .collect();
        self.releases.push(LedgerEntry {
            id: id.to_owned(),
            method: Method::DifferentialPrivacy {
                max_contributions: release.max_contributions,
            },
            epsilon: release.epsilon_spent,
            tables: vec![LedgerTable {
                group_by: by.clone(),
                span: Some(release.span),
                cells,
            }],
        });
        Ok(())
    }

    /// The earlier suppression releases' tables as the audit sees them, with the release id
    /// of each table.
    pub(crate) fn audit_tables(
        &self,
        data_by: &GroupBy,
    ) -> Result<(Vec<AuditTable>, Vec<String>), Error> {
        let mut tables = Vec::new();
        let mut ids = Vec::new();
        for r in &self.releases {
            if !matches!(r.method, Method::Suppression { .. }) {
                continue;
            }
            if data_by.get(DimKind::Period) != Some(Dimension::Period(PeriodGrain::Month)) {
                return Err(Error::NotACoarsening {
                    table: Text::new(
                        format!("release {} audited with a later one", r.id),
                        format!("发布 {} 须与此后的发布一并审计", r.id),
                    ),
                    data: Text::new(
                        format!("{data_by} (the period must be grouped by month)"),
                        format!("按“{data_by}”分组；统计期须按月分组"),
                    ),
                });
            }
            for t in &r.tables {
                if !t.group_by.is_coarsening_of(data_by) {
                    return Err(Error::NotACoarsening {
                        table: Text::new(
                            format!("{} (release {})", t.group_by, r.id),
                            format!("按“{}”分组，发布 {}", t.group_by, r.id),
                        ),
                        data: Text::grouping(data_by),
                    });
                }
                let mut cells = Vec::new();
                for c in &t.cells {
                    let key = t
                        .group_by
                        .parse_labels(c.key.iter().map(|(n, v)| (n.as_str(), v.as_str())))?;
                    let state = match (c.status, c.count) {
                        (CellStatus::Published, Some(n)) => {
                            CellState::Published(u64::try_from(n).map_err(|_| Error::Format {
                                what: "ledger",
                                reason: Text::new(
                                    format!("negative published count in {}", r.id),
                                    format!("发布 {} 中有为负数的公布数", r.id),
                                ),
                            })?)
                        }
                        (CellStatus::Withheld, None) => CellState::Withheld,
                        _ => {
                            return Err(Error::Format {
                                what: "ledger",
                                reason: Text::new(
                                    format!(
                                        "cell {:?} of {} has status {:?} and count {:?}",
                                        c.key, r.id, c.status, c.count
                                    ),
                                    format!(
                                        "发布 {} 的单元格 {:?} 状态为“{}”，计数为{}，两者不符",
                                        r.id,
                                        c.key,
                                        c.status.name_zh(),
                                        c.count.map_or_else(|| "空".to_owned(), |n| n.to_string())
                                    ),
                                ),
                            });
                        }
                    };
                    cells.push((key, state));
                }
                cells.sort_by_key(|(k, _)| *k);
                tables.push(AuditTable {
                    by: t.group_by.clone(),
                    span: t.span,
                    cells,
                    floor: r.method.withheld_floor(),
                });
                ids.push(r.id.clone());
            }
        }
        Ok((tables, ids))
    }
}
