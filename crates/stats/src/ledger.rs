//! The release ledger: what has been published, under which rules, with which budget, so that
//! each new release is audited together with the earlier ones.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::audit::{AuditTable, CellState, SuppressionRules};
use crate::dims::{DimKind, Dimension, GroupBy, PeriodGrain};
use crate::dp::DpRelease;
use crate::release::{CellStatus, Release};
use crate::table::MonthSpan;
use crate::{Error, Ratio, Text};

/// The version of the ledger document this crate writes. Version 2 added `epsilon_spent`, the
/// running total that must equal the sum of the releases' epsilons; version 1 ledgers are
/// read (and validated the same way) and written back as version 2.
pub const LEDGER_SCHEMA_VERSION: u32 = 2;

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
    /// 2 (1 is read too).
    pub schema_version: u32,
    /// Always `weiquan_stats_ledger`.
    pub kind: LedgerKind,
    /// The total privacy budget of the series; differentially private releases beyond it are
    /// refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epsilon_limit: Option<Ratio>,
    /// The epsilon spent by every release so far: a check total, which must equal the sum of
    /// the releases' epsilons (required from version 2 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epsilon_spent: Option<Ratio>,
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
            schema_version: LEDGER_SCHEMA_VERSION,
            kind: LedgerKind::WeiquanStatsLedger,
            epsilon_limit: None,
            epsilon_spent: Some(Ratio::ZERO),
            releases: Vec::new(),
        }
    }

    /// Reads a ledger and validates it ([`Ledger::validate`]): a ledger that does not hold
    /// together is refused, never repaired.
    pub fn from_json(text: &str) -> Result<Ledger, Error> {
        let mut l: Ledger = serde_json::from_str(text).map_err(|e| Error::Format {
            what: "ledger",
            reason: Text::json(&e),
        })?;
        if !(1..=LEDGER_SCHEMA_VERSION).contains(&l.schema_version) {
            return Err(Error::Format {
                what: "ledger",
                reason: Text::new(
                    format!("schema_version {} is not supported", l.schema_version),
                    format!("不支持 schema_version {}", l.schema_version),
                ),
            });
        }
        l.validate()?;
        // Read as version 1, written as version 2 with its check total.
        l.schema_version = LEDGER_SCHEMA_VERSION;
        l.epsilon_spent = Some(l.epsilon_spent()?);
        Ok(l)
    }

    /// Checks that the ledger holds together: every release id non-empty and unique; a
    /// suppression release spent epsilon 0, a differentially private one an epsilon inside
    /// [`EPSILON_RANGE`](crate::dp::EPSILON_RANGE); the limit, when set, inside that range
    /// for a series ([`BUDGET_RANGE`](crate::dp::BUDGET_RANGE)); the check total (required
    /// from version 2) equal to the sum, and the sum within the limit. The error names the
    /// first entry at fault.
    pub fn validate(&self) -> Result<(), Error> {
        let mut ids = std::collections::BTreeSet::new();
        let mut sum = Ratio::ZERO;
        for (i, r) in self.releases.iter().enumerate() {
            let entry = Text::new(
                format!("release {} ({:?})", i + 1, r.id),
                format!("第{}次发布（“{}”）", i + 1, r.id),
            );
            let bad = |en: String, zh: String| Error::LedgerInvalid {
                entry: entry.clone(),
                reason: Text::new(en, zh),
            };
            if r.id.is_empty() {
                return Err(bad("the id is empty".into(), "发布标识为空".into()));
            }
            if !ids.insert(r.id.as_str()) {
                return Err(bad(
                    "the id appears more than once".into(),
                    "发布标识重复出现".into(),
                ));
            }
            match r.method {
                Method::Suppression { .. } if r.epsilon != Ratio::ZERO => {
                    return Err(bad(
                        format!("a suppression release spends no epsilon, not {}", r.epsilon),
                        format!("隐匿发布不花费ε，不应为{}", r.epsilon),
                    ));
                }
                Method::DifferentialPrivacy { .. } => {
                    crate::dp::check_epsilon(r.epsilon, crate::dp::EPSILON_RANGE).map_err(
                        |_| {
                            bad(
                                format!(
                                    "epsilon {} is not positive or outside {}..={}",
                                    r.epsilon,
                                    crate::dp::EPSILON_RANGE.min(),
                                    crate::dp::EPSILON_RANGE.max()
                                ),
                                format!(
                                    "ε = {} 不是正数或超出 {}..={}",
                                    r.epsilon,
                                    crate::dp::EPSILON_RANGE.min(),
                                    crate::dp::EPSILON_RANGE.max()
                                ),
                            )
                        },
                    )?;
                }
                Method::Suppression { .. } => {}
            }
            sum = sum
                .checked_add(r.epsilon)
                .ok_or(Error::overflow("epsilon"))?;
        }
        let whole = Text::new("the ledger's totals", "账本合计");
        let bad = |en: String, zh: String| Error::LedgerInvalid {
            entry: whole.clone(),
            reason: Text::new(en, zh),
        };
        if let Some(limit) = self.epsilon_limit {
            crate::dp::check_epsilon(limit, crate::dp::BUDGET_RANGE).map_err(|_| {
                bad(
                    format!(
                        "epsilon_limit {limit} is outside {}..={}",
                        crate::dp::BUDGET_RANGE.min(),
                        crate::dp::BUDGET_RANGE.max()
                    ),
                    format!(
                        "epsilon_limit {limit} 超出 {}..={}",
                        crate::dp::BUDGET_RANGE.min(),
                        crate::dp::BUDGET_RANGE.max()
                    ),
                )
            })?;
            if sum > limit {
                return Err(bad(
                    format!("the releases spent {sum}, more than the limit {limit}"),
                    format!("各次发布共花费ε = {sum}，超过上限{limit}"),
                ));
            }
        }
        match self.epsilon_spent {
            Some(total) if total != sum => Err(bad(
                format!("epsilon_spent says {total}, the releases add up to {sum}"),
                format!("epsilon_spent 记为{total}，各次发布合计为{sum}"),
            )),
            None if self.schema_version >= 2 => Err(bad(
                "epsilon_spent is missing".into(),
                "缺少 epsilon_spent".into(),
            )),
            _ => Ok(()),
        }
    }

    /// Sets the series' privacy budget: on a ledger without one, or to the value it already
    /// has. A budget once set is not changed (start a new ledger for a new series).
    pub fn set_budget(&mut self, limit: Ratio) -> Result<(), Error> {
        crate::dp::check_epsilon(limit, crate::dp::BUDGET_RANGE)?;
        match self.epsilon_limit {
            Some(l) if l != limit => Err(Error::Parameter {
                name: "epsilon budget",
                value: Text::same(limit),
                reason: Text::new(
                    format!(
                        "the ledger's budget is {l}; a budget once set is not changed (start a \
                         new ledger for a new series)"
                    ),
                    format!("账本的预算为{l}；预算一经设定不再更改（新的系列请新建账本）"),
                ),
            }),
            _ => {
                self.epsilon_limit = Some(limit);
                Ok(())
            }
        }
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
        self.epsilon_spent = Some(self.epsilon_spent()?);
        Ok(())
    }

    /// Whether a differentially private release of `epsilon` fits in the remaining budget. A
    /// ledger without a budget refuses every differentially private release
    /// ([`Error::BudgetMissing`]): an unlimited series is not private.
    pub fn check_budget(&self, epsilon: Ratio) -> Result<(), Error> {
        let Some(limit) = self.epsilon_limit else {
            return Err(Error::BudgetMissing {
                ledger: "(this ledger)".to_owned(),
            });
        };
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
        Ok(())
    }

    /// Records a differentially private release, refusing it when the series' budget would
    /// be exceeded.
    pub fn record_dp(&mut self, id: &str, release: &DpRelease) -> Result<(), Error> {
        self.check_new_id(id)?;
        crate::dp::check_epsilon(release.epsilon_spent, crate::dp::EPSILON_RANGE)?;
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
        self.epsilon_spent = Some(self.epsilon_spent()?);
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
