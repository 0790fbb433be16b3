//! Making tables safe to publish: small-cell suppression, secondary suppression driven by the
//! audit, and the released document (JSON and CSV).
//!
//! What is published says of a withheld cell only that it is withheld: one status for every
//! withheld cell, no reason, no interval, no count of small cells. Why each cell was withheld
//! and the interval the audit certified are in the audit report ([`Release::audit_report`]),
//! which holds true counts and is for the publisher's files, never for publication.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::aggregate::Aggregator;
use crate::audit::{
    self, Atoms, AuditControl, AuditTable, CellState, Clock, Finding, LpCache, Structure,
    SuppressionRules, Target,
};
use crate::dims::{CellKey, DimKind, GroupBy};
use crate::ledger::Ledger;
use crate::measures::Measures;
use crate::table::MonthSpan;
use crate::table::{Table, TableSpec};
use crate::{Error, Ratio, Rounding, SCHEMA_VERSION, Text};

/// Whether a cell is published: the status as published.
///
/// One status for every withheld cell, whatever the reason: a reason (small or protecting a
/// small one) would bound the cell's value for everyone (issue 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// Published as counted.
    Published,
    /// Withheld (written `x` in tables for readers). Documents written before the single
    /// status said `primary` or `secondary`; both are read as `withheld`.
    #[serde(alias = "primary", alias = "secondary")]
    Withheld,
    /// Published with differential-privacy noise.
    Noisy,
}

impl CellStatus {
    /// The status in Chinese, for error messages.
    pub(crate) fn name_zh(self) -> &'static str {
        match self {
            CellStatus::Published => "公布",
            CellStatus::Withheld => "不予公布",
            CellStatus::Noisy => "加噪公布",
        }
    }

    /// Whether the count is withheld.
    pub fn is_withheld(self) -> bool {
        matches!(self, CellStatus::Withheld)
    }

    /// The status as written in CSV and JSON (`published`, `withheld`, `noisy`).
    pub fn code(self) -> &'static str {
        match self {
            CellStatus::Published => "published",
            CellStatus::Withheld => "withheld",
            CellStatus::Noisy => "noisy",
        }
    }
}

/// Why a cell was withheld: in the audit report only, never published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithheldReason {
    /// Its count is below the threshold (or zero, when zeros are protected): primary
    /// suppression.
    Primary,
    /// Withheld so that no small cell can be worked out from the published ones: secondary
    /// suppression.
    Secondary,
}

/// A cell's state while the suppression pattern is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Published,
    Primary,
    Secondary,
}

impl Mark {
    fn is_withheld(self) -> bool {
        self != Mark::Published
    }
}

/// The values the audit certified an attacker cannot rule out for a withheld cell:
/// `lower..=upper` (`upper = None`: no upper bound). Each end is the value of an integer table
/// consistent with everything published, checked exactly; the attacker's true interval
/// contains it. In the audit report only: it is computed from the true counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    /// The smallest consistent value.
    pub lower: u64,
    /// The largest consistent value, if bounded.
    pub upper: Option<u64>,
}

/// A table with its suppression pattern and the audited interval of every withheld cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleasedTable {
    table: Table,
    status: BTreeMap<CellKey, CellStatus>,
    reasons: BTreeMap<CellKey, WithheldReason>,
    intervals: BTreeMap<CellKey, Interval>,
    floor: u64,
}

impl ReleasedTable {
    /// The table (with the true counts: do not publish it directly).
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The status of a cell.
    pub fn status(&self, key: CellKey) -> Option<CellStatus> {
        self.status.get(&key).copied()
    }

    /// The audited interval of a withheld cell (not for publication).
    pub fn interval(&self, key: CellKey) -> Option<Interval> {
        self.intervals.get(&key).copied()
    }

    /// Why a cell was withheld (not for publication).
    pub fn reason(&self, key: CellKey) -> Option<WithheldReason> {
        self.reasons.get(&key).copied()
    }

    /// What the published pattern alone says of a cell's smallest value: the published
    /// inner cells it contains, plus 1 for each withheld one when zeros are published (the
    /// lower end a small withheld cell's interval must reach; see
    /// [`ProtectionRule`](crate::ProtectionRule)).
    pub fn pattern_floor(&self, key: CellKey) -> u64 {
        let by = self.table.group_by();
        self.status
            .iter()
            .filter(|(k, _)| k.is_inner(by))
            .filter(|(k, _)| {
                by.dims()
                    .iter()
                    .all(|d| key.slot(d.kind()) == 0 || key.slot(d.kind()) == k.slot(d.kind()))
            })
            .map(|(k, s)| {
                if s.is_withheld() {
                    self.floor
                } else {
                    self.table.get(*k).map_or(0, |m| m.count)
                }
            })
            .sum()
    }

    /// Every cell with its status, in key order.
    pub fn statuses(&self) -> impl Iterator<Item = (CellKey, CellStatus)> + '_ {
        self.status.iter().map(|(k, s)| (*k, *s))
    }

    /// The published count of a cell (`None` when withheld).
    pub fn published_count(&self, key: CellKey) -> Option<u64> {
        match self.status(key)? {
            CellStatus::Published => self.table.get(key).map(|m| m.count),
            _ => None,
        }
    }
}

/// The audit's verdict on a release, as published: the rule (part of what an attacker is
/// assumed to know), the number of withheld cells, and the earlier releases it was audited
/// with. How many cells are small, and how many small groups the data holds, are not
/// published: both bound withheld cells (see [`AuditReport`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditSummary {
    /// `pass`: every withheld cell and every small group has an interval as wide as the rule
    /// requires.
    pub verdict: Verdict,
    /// The rule applied.
    pub rules: SuppressionRules,
    /// Cells withheld, whatever the reason.
    pub withheld: usize,
    /// Earlier releases audited together with this one.
    pub audited_with: Vec<String>,
}

/// What the audit found, for the publisher's files: NOT FOR PUBLICATION. It holds why each
/// cell was withheld, its true count and its certified interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReport {
    /// Always 1.
    pub schema_version: u32,
    /// Always `weiquan_stats_audit`.
    pub kind: String,
    /// A warning, in both languages, that the document is confidential.
    pub notice: String,
    /// Cells withheld because they are small.
    pub primary: usize,
    /// Cells withheld to protect others.
    pub secondary: usize,
    /// Groups of fewer than k consumers in the data checked not to be deducible.
    pub small_groups_checked: usize,
    /// Rounds of secondary suppression.
    pub rounds: u32,
    /// Solver runs (LP and integer programs).
    pub solver_runs: u64,
    /// Integer programs among them (when a rounded LP vertex did not check out).
    pub integer_programs: u64,
    /// Wall time of the suppression and audit, milliseconds.
    pub audit_ms: u64,
    /// Every withheld cell of every table.
    pub tables: Vec<AuditReportTable>,
}

/// The withheld cells of one table, for the audit report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReportTable {
    /// The grouping.
    pub group_by: GroupBy,
    /// The months covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<MonthSpan>,
    /// The withheld cells, in the order of the published table.
    pub withheld: Vec<AuditReportCell>,
}

/// One withheld cell, for the audit report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReportCell {
    /// The value of each dimension.
    #[serde(flatten)]
    pub key: Labels,
    /// Why it was withheld.
    pub reason: WithheldReason,
    /// The true count.
    pub count: u64,
    /// The interval the audit certified.
    pub interval: Option<Interval>,
}

/// A table published earlier, as everyone saw it: the audit of a new release takes it into
/// account (differencing, combining two suppression patterns of the same table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorTable {
    /// The release it belonged to.
    pub release: String,
    /// Its grouping (a coarsening of the data's).
    pub group_by: GroupBy,
    /// The months it covered.
    pub span: Option<MonthSpan>,
    /// Every cell: the published count, or `None` when withheld.
    pub cells: Vec<(CellKey, Option<u64>)>,
    /// Whether its release withheld zeros too (if not, every withheld cell is known to be at
    /// least 1).
    pub protect_zeros: bool,
}

impl PriorTable {
    /// The tables of every suppression release in a ledger.
    pub fn from_ledger(ledger: &Ledger, data_by: &GroupBy) -> Result<Vec<PriorTable>, Error> {
        let (tables, ids) = ledger.audit_tables(data_by)?;
        Ok(tables
            .into_iter()
            .zip(ids)
            .map(|(t, release)| PriorTable {
                release,
                group_by: t.by,
                span: t.span,
                cells: t
                    .cells
                    .into_iter()
                    .map(|(k, s)| match s {
                        CellState::Published(v) => (k, Some(v)),
                        CellState::Withheld => (k, None),
                    })
                    .collect(),
                protect_zeros: t.floor == 0,
            })
            .collect())
    }

    fn to_audit(&self) -> AuditTable {
        let mut cells: Vec<(CellKey, CellState)> = self
            .cells
            .iter()
            .map(|(k, v)| (*k, v.map_or(CellState::Withheld, CellState::Published)))
            .collect();
        cells.sort_by_key(|(k, _)| *k);
        AuditTable {
            by: self.group_by.clone(),
            span: self.span,
            cells,
            floor: u64::from(!self.protect_zeros),
        }
    }
}

/// Pass or fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every interval is wide enough.
    Pass,
    /// Some interval is too narrow.
    Fail,
}

/// A set of tables made safe to publish together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The tables.
    pub tables: Vec<ReleasedTable>,
    /// The audit, as published.
    pub audit: AuditSummary,
    /// Small groups checked, rounds, solver runs, time: for [`Release::audit_report`].
    pub(crate) work: (usize, u32, u64, u64, u64),
}

/// One line of a table through a cell: the cells that sum to `parent` along one dimension.
type Lines = BTreeMap<(CellKey, DimKind), Vec<CellKey>>;

fn lines_of(table: &Table) -> Lines {
    let mut lines: Lines = BTreeMap::new();
    for (k, _) in table.cells() {
        for d in table.group_by().dims() {
            if k.slot(d.kind()) != 0 {
                lines
                    .entry((k.with_slot(d.kind(), 0), d.kind()))
                    .or_default()
                    .push(k);
            }
        }
    }
    lines
}

/// The atoms of an aggregate: its non-empty cells, or every combination of observed values
/// when zeros are protected (an empty group must then have a variable of its own).
fn atoms_of(data: &Aggregator, rules: &SuppressionRules, limit: u64) -> Result<Atoms, Error> {
    let cells = data.cells();
    if !rules.protect_zeros {
        return Ok(Atoms {
            keys: cells.iter().map(|(k, _)| *k).collect(),
            truth: cells.iter().map(|(_, m)| m.count).collect(),
        });
    }
    let dims = data.group_by().dims();
    let values: Vec<BTreeSet<u64>> = dims
        .iter()
        .map(|d| cells.iter().map(|(k, _)| k.slot(d.kind())).collect())
        .collect();
    let n = values
        .iter()
        .fold(1u128, |n, v| n.saturating_mul(v.len() as u128));
    if n > u128::from(limit) {
        return Err(Error::TableTooLarge { cells: n, limit });
    }
    let mut keys = vec![CellKey::TOTAL];
    for (d, vals) in dims.iter().zip(&values) {
        keys = keys
            .into_iter()
            .flat_map(|k| vals.iter().map(move |v| k.with_slot(d.kind(), *v)))
            .collect();
    }
    keys.sort();
    let truth = keys
        .iter()
        .map(|k| data.get(*k).map_or(0, |m| m.count))
        .collect();
    Ok(Atoms { keys, truth })
}

/// Protects tables of `data` for publication together, audited with the earlier releases in
/// `ledger`.
///
/// `data` is the atom-level aggregate: its grouping must refine every table's (and every
/// earlier release's), with the period by month when a ledger or a span is involved. Cells
/// below `rules.k` are withheld (primary); then cells are withheld (secondary) until the
/// audit finds every withheld cell, and every group of fewer than `k` consumers in the
/// data, protected by an interval as wide as `rules.protection` requires. The choice is
/// deterministic: the same data and settings always give the same pattern.
///
/// ```
/// use weiquan_stats::{Aggregator, GroupBy, StatsRecord, RecordOptions, SuppressionRules,
///                     TableSpec, protect};
/// use weiquan_synth::generate::Generator;
/// let atoms: GroupBy = "period=month,region=county,category=top".parse()?;
/// let mut data = Aggregator::new(atoms);
/// for c in Generator::new(11).take(2000) {
///     data.add(&StatsRecord::from_complaint(&c, None, RecordOptions::default()))?;
/// }
/// let spec = TableSpec::new("region=county,category=top".parse()?);
/// let release = protect(&data, &[spec], &SuppressionRules::new(10), None)?;
/// for t in &release.tables {
///     for (key, status) in t.statuses() {
///         if let Some(n) = t.published_count(key) {
///             assert!(n == 0 || n >= 10, "published {n}");
///         }
///         let _ = status;
///     }
/// }
/// assert_eq!(release.audit.verdict, weiquan_stats::Verdict::Pass);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn protect(
    data: &Aggregator,
    specs: &[TableSpec],
    rules: &SuppressionRules,
    ledger: Option<&Ledger>,
) -> Result<Release, Error> {
    let prior = match ledger {
        Some(l) => PriorTable::from_ledger(l, data.group_by())?,
        None => Vec::new(),
    };
    protect_with(data, specs, rules, &prior, &AuditControl::default())
}

/// [`protect`], audited with the given earlier tables (e.g. from
/// [`PriorTable::from_ledger`]), within a time limit and reporting progress.
pub fn protect_with(
    data: &Aggregator,
    specs: &[TableSpec],
    rules: &SuppressionRules,
    prior: &[PriorTable],
    control: &AuditControl<'_>,
) -> Result<Release, Error> {
    let mut clock = Clock::new(control);
    if rules.k == 0 {
        return Err(Error::parameter(
            "k",
            0,
            "the threshold must be at least 1",
            "阈值至少为1",
        ));
    }
    data.check_release(rules.k)?;
    let limit = specs.iter().map(|s| s.max_cells).max().unwrap_or(1_000_000);
    let atoms = atoms_of(data, rules, limit)?;
    let tables: Vec<Table> = specs
        .iter()
        .map(|s| Table::build(data, s))
        .collect::<Result<_, _>>()?;
    let old: Vec<AuditTable> = prior.iter().map(PriorTable::to_audit).collect();
    let old_ids: Vec<String> = prior.iter().map(|p| p.release.clone()).collect();
    let n_old = old.len();
    let mut audit_tables = old;
    let mut statuses: Vec<BTreeMap<CellKey, Mark>> = Vec::new();
    for t in &tables {
        let st: BTreeMap<CellKey, Mark> = t
            .cells()
            .map(|(k, m)| {
                // Fewer than k distinct consumers, or money dominated by one consumer
                // (measures.rs decides; #18).
                let s = if m.is_primary(rules) {
                    Mark::Primary
                } else {
                    Mark::Published
                };
                (k, s)
            })
            .collect();
        statuses.push(st);
        audit_tables.push(AuditTable {
            by: t.group_by().clone(),
            span: t.span(),
            cells: Vec::new(),
            floor: rules.withheld_floor(),
        });
    }
    let sync = |audit_tables: &mut [AuditTable], statuses: &[BTreeMap<CellKey, Mark>]| {
        for ((at, t), st) in audit_tables
            .iter_mut()
            .skip(n_old)
            .zip(&tables)
            .zip(statuses)
        {
            at.cells = t
                .cells()
                .map(|(k, m)| {
                    let s = if st.get(&k).is_some_and(|s| s.is_withheld()) {
                        CellState::Withheld
                    } else {
                        CellState::Published(m.count)
                    };
                    (k, s)
                })
                .collect();
        }
    };
    sync(&mut audit_tables, &statuses);
    let structure = Structure::build(&atoms, &audit_tables)?;
    check_ledger_against_data(&atoms, &audit_tables, &structure, n_old, &old_ids)?;
    let lines: Vec<Lines> = tables.iter().map(lines_of).collect();

    let mut cache = LpCache::default();
    let mut passed: std::collections::HashMap<Target, Finding> = std::collections::HashMap::new();
    let findings = loop {
        for ((t, st), ls) in tables.iter().zip(statuses.iter_mut()).zip(&lines) {
            complete_lines(t, st, ls, rules);
        }
        sync(&mut audit_tables, &statuses);
        clock.round += 1;
        clock.withheld = statuses
            .iter()
            .map(|st| st.values().filter(|m| m.is_withheld()).count())
            .sum();
        clock.check()?;
        let findings = audit::run(
            &atoms,
            &audit_tables,
            &structure,
            rules,
            &mut cache,
            &mut clock,
            &passed,
        )?;
        passed.extend(findings.iter().filter(|f| f.ok).map(|f| (f.target, *f)));
        let mut bad = findings.iter().filter(|f| !f.ok).peekable();
        let Some(first) = bad.peek().copied() else {
            break findings;
        };
        // One new suppression per exposed withheld cell (a partner on its line), and per
        // independent part of the problem for exposed groups, per round: a round costs a
        // search of every target that does not pass yet, so fixing many at once keeps the
        // rounds few (at the price of a few more withheld cells than one at a time).
        let mut touched: BTreeSet<(u8, usize, usize)> = BTreeSet::new();
        let mut changed = false;
        for f in bad {
            let bucket = match (f.component, f.target) {
                (_, Target::Cell(x, c)) => (0, x, c),
                (Some(c), Target::Atom(_)) => (1, c, 0),
                (None, Target::Atom(_)) => (2, 0, 0),
            };
            if !touched.insert(bucket) {
                continue;
            }
            let choice = choose_for(
                f,
                &tables,
                &statuses,
                &lines,
                &audit_tables,
                &structure,
                n_old,
            );
            if let Some((ti, key)) = choice
                && let Some(s) = statuses.get_mut(ti).and_then(|st| st.get_mut(&key))
                && *s == Mark::Published
            {
                *s = Mark::Secondary;
                changed = true;
            }
        }
        if !changed {
            return Err(Error::Unprotectable {
                cell: describe_target(first, &audit_tables, &atoms, data.group_by()),
                reason: Text::new(
                    "every cell of this release that could hide it is withheld already: it is \
                     disclosed by earlier releases",
                    "本次发布中能掩护它的单元格都已隐匿：此前的发布已将它泄露",
                ),
            });
        }
    };

    let mut out = Vec::new();
    for (ti, (t, st)) in tables.into_iter().zip(statuses).enumerate() {
        let at = audit_tables.get(n_old + ti);
        let intervals = findings
            .iter()
            .filter_map(|f| match f.target {
                Target::Cell(x, c) if x == n_old + ti => {
                    at.and_then(|a| a.cells.get(c)).map(|(k, _)| {
                        (
                            *k,
                            Interval {
                                lower: f.lower,
                                upper: f.upper,
                            },
                        )
                    })
                }
                _ => None,
            })
            .collect();
        let reasons = st
            .iter()
            .filter_map(|(k, m)| match m {
                Mark::Published => None,
                Mark::Primary => Some((*k, WithheldReason::Primary)),
                Mark::Secondary => Some((*k, WithheldReason::Secondary)),
            })
            .collect();
        let status = st
            .iter()
            .map(|(k, m)| {
                let s = if m.is_withheld() {
                    CellStatus::Withheld
                } else {
                    CellStatus::Published
                };
                (*k, s)
            })
            .collect();
        out.push(ReleasedTable {
            table: t,
            status,
            reasons,
            intervals,
            floor: rules.withheld_floor(),
        });
    }
    let audit = AuditSummary {
        verdict: Verdict::Pass,
        rules: *rules,
        withheld: out
            .iter()
            .map(|t| t.status.values().filter(|x| x.is_withheld()).count())
            .sum(),
        audited_with: old_ids,
    };
    let small = findings
        .iter()
        .filter(|f| matches!(f.target, Target::Atom(_)))
        .count();
    let ms = u64::try_from(clock.started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(Release {
        tables: out,
        audit,
        work: (small, clock.round, clock.solves, clock.mips, ms),
    })
}

/// An earlier release's published count must still be what the data gives.
fn check_ledger_against_data(
    atoms: &Atoms,
    tables: &[AuditTable],
    structure: &Structure,
    n_old: usize,
    ids: &[String],
) -> Result<(), Error> {
    for (ti, t) in tables.iter().take(n_old).enumerate() {
        for (ci, (key, state)) in t.cells.iter().enumerate() {
            if let CellState::Published(v) = state {
                let sum: u64 = structure
                    .atoms_of(ti, ci)
                    .iter()
                    .filter_map(|a| atoms.truth.get(*a as usize))
                    .sum();
                if sum != *v {
                    return Err(Error::LedgerRevised {
                        // The id as the ledger holds it, echoed (identifiers masked, cut).
                        release: weiquan_support::mask::echo(
                            ids.get(ti).map_or("", String::as_str),
                        ),
                        cell: t.by.describe_text(*key),
                        published: *v,
                        data: sum,
                    });
                }
            }
        }
    }
    Ok(())
}

fn value(t: &Table, k: CellKey) -> u64 {
    t.get(k).map_or(0, |m| m.count)
}

/// How many lines through `k` (other than `skip`) already contain a withheld cell and have a
/// published total: withholding `k` there closes a cycle instead of opening a new line.
fn closes(
    t: &Table,
    st: &BTreeMap<CellKey, Mark>,
    lines: &Lines,
    k: CellKey,
    skip: Option<(CellKey, DimKind)>,
) -> usize {
    t.group_by()
        .dims()
        .iter()
        .filter(|d| k.slot(d.kind()) != 0)
        .map(|d| (k.with_slot(d.kind(), 0), d.kind()))
        .filter(|line| Some(*line) != skip)
        .filter(|line| st.get(&line.0) == Some(&Mark::Published))
        .filter(|line| {
            lines.get(line).is_some_and(|cs| {
                cs.iter()
                    .any(|c| *c != k && st.get(c).is_some_and(|s| s.is_withheld()))
            })
        })
        .count()
}

/// Withholds cells until no line with a published total has exactly one withheld cell, and
/// each withheld cell's line holds at least the required width in withheld counts (a
/// necessary condition for the audit; the audit decides).
fn complete_lines(
    t: &Table,
    st: &mut BTreeMap<CellKey, Mark>,
    lines: &Lines,
    rules: &SuppressionRules,
) {
    loop {
        let mut changed = false;
        for (line, cells) in lines {
            if st.get(&line.0) != Some(&Mark::Published) {
                continue;
            }
            let withheld: Vec<CellKey> = cells
                .iter()
                .copied()
                .filter(|c| st.get(c).is_some_and(|s| s.is_withheld()))
                .collect();
            if withheld.is_empty() {
                continue;
            }
            let total: u64 = withheld.iter().map(|c| value(t, *c)).sum();
            let deficit = withheld
                .iter()
                .map(|w| {
                    let need = rules
                        .protection
                        .required_width(rules.k, value(t, *w))
                        .max(1);
                    if withheld.len() == 1 {
                        need.saturating_sub(total).max(1)
                    } else {
                        need.saturating_sub(total)
                    }
                })
                .max()
                .unwrap_or(0);
            if deficit == 0 {
                continue;
            }
            let best = cells
                .iter()
                .copied()
                .filter(|c| st.get(c) == Some(&Mark::Published) && value(t, *c) > 0)
                .min_by_key(|c| {
                    let v = value(t, *c);
                    (
                        std::cmp::Reverse(closes(t, st, lines, *c, Some(*line))),
                        v < deficit,
                        if v < deficit { u64::MAX - v } else { v },
                        *c,
                    )
                });
            if let Some(c) = best {
                st.insert(c, Mark::Secondary);
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// How good a cell on a line is as a partner: closes more lines, then smaller.
type LineScore = (std::cmp::Reverse<usize>, u64, CellKey);
/// How specific a containing cell is: fewer atoms, fewer margins.
type SpecificScore = (usize, usize, CellKey);

/// The cell of this release to withhold next, for a target the audit found exposed.
fn choose_for(
    bad: &Finding,
    tables: &[Table],
    statuses: &[BTreeMap<CellKey, Mark>],
    lines: &[Lines],
    audit_tables: &[AuditTable],
    structure: &Structure,
    n_old: usize,
) -> Option<(usize, CellKey)> {
    // A withheld cell of this release: another cell on one of its lines.
    if let Target::Cell(x, c) = bad.target
        && let Some(ti) = x.checked_sub(n_old)
    {
        {
            let t = tables.get(ti)?;
            let st = statuses.get(ti)?;
            let ls = lines.get(ti)?;
            let key = audit_tables.get(x)?.cells.get(c)?.0;
            let mut best: Option<(LineScore, CellKey)> = None;
            for d in t.group_by().dims() {
                if key.slot(d.kind()) == 0 {
                    continue;
                }
                let line = (key.with_slot(d.kind(), 0), d.kind());
                if st.get(&line.0) != Some(&Mark::Published) {
                    continue;
                }
                for k in ls.get(&line).map_or(&[][..], Vec::as_slice) {
                    if st.get(k) == Some(&Mark::Published) && value(t, *k) > 0 {
                        let score = (
                            std::cmp::Reverse(closes(t, st, ls, *k, Some(line))),
                            value(t, *k),
                            *k,
                        );
                        if best.as_ref().is_none_or(|(b, _)| score < *b) {
                            best = Some((score, *k));
                        }
                    }
                }
            }
            if let Some((_, k)) = best {
                return Some((ti, k));
            }
        }
    }
    // Otherwise the most specific published cell of this release that contains it.
    let target_atoms: Vec<u32> = match bad.target {
        Target::Cell(x, c) => structure.atoms_of(x, c).to_vec(),
        Target::Atom(a) => vec![a as u32],
    };
    let mut best: Option<(SpecificScore, (usize, CellKey))> = None;
    for a in &target_atoms {
        for (x, c) in structure
            .atom_cells
            .get(*a as usize)
            .map_or(&[][..], Vec::as_slice)
        {
            let (x, c) = (*x as usize, *c as usize);
            let Some(ti) = x.checked_sub(n_old) else {
                continue;
            };
            let Some((key, CellState::Published(_))) = audit_tables.get(x)?.cells.get(c) else {
                continue;
            };
            let t = tables.get(ti)?;
            let score = (
                structure.atoms_of(x, c).len(),
                key.margin_depth(t.group_by()),
                *key,
            );
            if best.as_ref().is_none_or(|(b, _)| score < *b) {
                best = Some((score, (ti, *key)));
            }
        }
    }
    best.map(|(_, choice)| choice)
}

fn describe_target(f: &Finding, tables: &[AuditTable], atoms: &Atoms, by: &GroupBy) -> Text {
    match f.target {
        Target::Cell(x, c) => tables
            .get(x)
            .and_then(|t| t.cells.get(c).map(|(k, _)| t.by.describe_text(*k)))
            .unwrap_or_else(|| Text::same("")),
        Target::Atom(a) => atoms.keys.get(a).map_or_else(
            || Text::same(""),
            |k| {
                let d = by.describe(*k);
                Text::new(format!("group {d}"), format!("明细组“{d}”"))
            },
        ),
    }
}

// ---- Output ---------------------------------------------------------------------------

/// One cell of a released table, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellOut {
    /// The value of each dimension (`all` in a margin), in the table's order.
    #[serde(flatten)]
    pub key: Labels,
    /// Published or withheld (one status for every withheld cell).
    pub status: CellStatus,
    /// Complaints received (published cells only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Resolved complaints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<u64>,
    /// Resolved ÷ received, in percent with two decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_rate_pct: Option<String>,
    /// Money recovered, yuan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovered: Option<String>,
    /// Median handling time, working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_days_median: Option<u16>,
    /// 90th percentile of handling time, working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_days_p90: Option<u16>,
}

/// The values of a cell's dimensions in the table's order, written as JSON object members.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Labels(pub Vec<(String, String)>);

impl Labels {
    /// The value of a dimension.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

impl Serialize for Labels {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Labels;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("dimension values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Labels, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = a.next_entry::<String, String>()? {
                    v.push((k, x));
                }
                Ok(Labels(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// One released table, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableOut {
    /// The grouping.
    pub group_by: GroupBy,
    /// The months covered, e.g. `2025-07..2026-06`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<crate::MonthSpan>,
    /// The cells: inner cells, then margins, in key order.
    pub cells: Vec<CellOut>,
}

/// A release as written by `weiquan stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseOut {
    /// Always 1.
    pub schema_version: u32,
    /// Always `weiquan_stats_release`.
    pub kind: String,
    /// The tables.
    pub tables: Vec<TableOut>,
    /// The audit's verdict.
    pub audit: AuditSummary,
}

pub(crate) fn cell_out(
    by: &GroupBy,
    key: CellKey,
    m: Option<&Measures>,
    status: CellStatus,
) -> Result<CellOut, Error> {
    let key_map = Labels(
        by.labels(key)
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v))
            .collect(),
    );
    let shown = if status.is_withheld() { None } else { m };
    // Outcome measures only where outcomes were recorded: no outcome is not "unresolved".
    let outcomes = shown.filter(|m| m.with_outcome > 0);
    Ok(CellOut {
        key: key_map,
        status,
        count: shown.map(|m| m.count),
        resolved: outcomes.map(|m| m.resolved),
        resolution_rate_pct: outcomes
            .and_then(Measures::resolution_rate)
            .map(|r| r.to_percent(2, Rounding::HalfAwayFromZero)),
        recovered: match outcomes {
            Some(m) => Some(m.recovered()?.to_string()),
            None => None,
        },
        handling_days_median: shown.and_then(Measures::median_days),
        handling_days_p90: shown.and_then(Measures::p90_days),
    })
}

impl ReleasedTable {
    /// The table as written: withheld cells carry their status only, never a count.
    pub fn to_out(&self) -> Result<TableOut, Error> {
        let by = self.table.group_by();
        let mut cells = Vec::new();
        // Inner cells first, then margins by depth, each in key order.
        let mut keys: Vec<CellKey> = self.status.keys().copied().collect();
        keys.sort_by_key(|k| (k.margin_depth(by), *k));
        for k in keys {
            let s = self.status(k).unwrap_or(CellStatus::Withheld);
            cells.push(cell_out(by, k, self.table.get(k), s)?);
        }
        Ok(TableOut {
            group_by: by.clone(),
            span: self.table.span(),
            cells,
        })
    }
}

impl Release {
    /// The release as a document.
    pub fn to_out(&self) -> Result<ReleaseOut, Error> {
        Ok(ReleaseOut {
            schema_version: SCHEMA_VERSION,
            kind: "weiquan_stats_release".to_owned(),
            tables: self
                .tables
                .iter()
                .map(ReleasedTable::to_out)
                .collect::<Result<_, _>>()?,
            audit: self.audit.clone(),
        })
    }

    /// The audit report: why each cell was withheld, its true count and certified interval.
    /// NOT FOR PUBLICATION.
    pub fn audit_report(&self) -> AuditReport {
        let mut tables = Vec::new();
        for t in &self.tables {
            let by = t.table.group_by();
            let mut keys: Vec<CellKey> = t.reasons.keys().copied().collect();
            keys.sort_by_key(|k| (k.margin_depth(by), *k));
            let withheld = keys
                .into_iter()
                .filter_map(|k| {
                    Some(AuditReportCell {
                        key: Labels(
                            by.labels(k)
                                .into_iter()
                                .map(|(n, v)| (n.to_owned(), v))
                                .collect(),
                        ),
                        reason: t.reason(k)?,
                        count: t.table.get(k).map_or(0, |m| m.count),
                        interval: t.interval(k),
                    })
                })
                .collect();
            tables.push(AuditReportTable {
                group_by: by.clone(),
                span: t.table.span(),
                withheld,
            });
        }
        let count = |r: WithheldReason| {
            self.tables
                .iter()
                .map(|t| t.reasons.values().filter(|x| **x == r).count())
                .sum()
        };
        let (small, rounds, solves, mips, ms) = self.work;
        AuditReport {
            schema_version: SCHEMA_VERSION,
            kind: "weiquan_stats_audit".to_owned(),
            notice: "NOT FOR PUBLICATION: true counts and reasons for withholding. \
                     不得公开：含真实计数与隐匿原因。"
                .to_owned(),
            primary: count(WithheldReason::Primary),
            secondary: count(WithheldReason::Secondary),
            small_groups_checked: small,
            rounds,
            solver_runs: solves,
            integer_programs: mips,
            audit_ms: ms,
            tables,
        }
    }

    /// The audit report as pretty JSON. NOT FOR PUBLICATION.
    pub fn audit_report_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(&self.audit_report()).map_err(|e| Error::Format {
            what: "audit report",
            reason: Text::json(&e),
        })
    }

    /// The release as pretty JSON.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(&self.to_out()?).map_err(|e| Error::Format {
            what: "release",
            reason: Text::json(&e),
        })
    }

    /// The release as CSV: one header and one row per cell, a `table` column numbering the
    /// tables; withheld cells have the status `withheld` and empty measures.
    pub fn to_csv(&self) -> Result<String, Error> {
        let out = self.to_out()?;
        let mut dims: Vec<&'static str> = Vec::new();
        for t in &self.tables {
            for d in t.table.group_by().dims() {
                if !dims.contains(&d.kind().name()) {
                    dims.push(d.kind().name());
                }
            }
        }
        let mut s = String::from("table,");
        for d in &dims {
            s.push_str(d);
            s.push(',');
        }
        s.push_str(
            "status,count,resolved,resolution_rate_pct,recovered,handling_days_median,\
             handling_days_p90\n",
        );
        let opt = |v: Option<String>| v.unwrap_or_default();
        for (i, t) in out.tables.iter().enumerate() {
            for c in &t.cells {
                s.push_str(&format!("{},", i + 1));
                for d in &dims {
                    s.push_str(c.key.get(d).map_or("", String::as_str));
                    s.push(',');
                }
                let row = [
                    c.status.code().to_owned(),
                    opt(c.count.map(|v| v.to_string())),
                    opt(c.resolved.map(|v| v.to_string())),
                    opt(c.resolution_rate_pct.clone()),
                    opt(c.recovered.clone()),
                    opt(c.handling_days_median.map(|v| v.to_string())),
                    opt(c.handling_days_p90.map(|v| v.to_string())),
                ];
                s.push_str(&row.join(","));
                s.push('\n');
            }
        }
        Ok(s)
    }
}

/// The share `part / whole` as a percentage with `decimals` decimals (half away from zero),
/// `None` when the whole is zero.
pub fn share_pct(part: u64, whole: u64, decimals: u32) -> Option<String> {
    Ratio::new(i128::from(part), i128::from(whole))
        .map(|r| r.to_percent(decimals, Rounding::HalfAwayFromZero))
}
