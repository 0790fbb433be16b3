//! The disclosure audit: for every withheld cell, and for every small group of consumers in
//! the data, the interval of values an attacker cannot rule out from everything published
//! (this release, the earlier ones, and the documented rules).
//!
//! # Model
//!
//! The data is split into *atoms*: the finest cells of the union of every grouping involved,
//! with the period at month grain. A published cell — inner cell or margin, of any table of
//! any release — is the equation "the sum of its atoms equals the published count"; a
//! withheld cell of a release that published zeros is the inequality "its sum is at least 1";
//! the attacker knows all of them and that counts are non-negative integers. A withheld cell
//! is an objective: its smallest and largest value. So is every atom whose true count is
//! between 1 and k − 1: differencing two releases (a cumulative table minus the previous one)
//! must not isolate a small group even if no table ever shows it.
//!
//! # Certification
//!
//! Atoms that appear in exactly the same rows are merged (their sum is what the rows see; one
//! of two interchangeable atoms can always be 0). Atoms pinned by an equation with a single
//! unknown are fixed by substitution. What remains splits into independent components, each a
//! HiGHS model (`lp.rs`). Every end of an interval is the value of an integer table that was
//! checked exactly against every row, so the interval reported lies inside the attacker's; a
//! pool of the tables certified so far is tried first, then extended by local moves from a
//! checked table (`lp.rs`, the walk), and a target the pool then shows protected is not
//! searched. The interval of a target is therefore a certified inner bound of
//! the attacker's interval, exact whenever a search ran to optimality.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::dims::{CellKey, GroupBy};
use crate::lp;
use crate::table::{MonthSpan, month_of};
use crate::{Error, Text};

/// What a withheld cell's interval must satisfy.
///
/// Whatever the kind, a cell whose true count is small (below k) must also have an interval
/// that reaches down to what the suppression pattern alone says of it (its *pattern floor*):
/// 0 when zeros are protected; when zeros are published, 1 for an inner cell (a withheld cell
/// is known to be non-empty) and, for a margin, the published inner cells it contains plus 1
/// for each withheld one. The margins and the other tables must not raise the lower end any
/// further: an attacker cannot tell a small cell from an empty one (or from one consumer per
/// withheld inner cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ProtectionRule {
    /// The integer interval `[lower, upper]` must be at least `max(min_width, ⌈percent% ×
    /// value⌉)` wide: an attacker cannot pin the cell to fewer than that many values.
    Width {
        /// The smallest width (default: the threshold k).
        min_width: u64,
        /// A width relative to the cell's value, in percent (0 = off).
        percent: u32,
    },
    /// The interval must contain every value from the floor (0, or 1 when zeros are
    /// published) to k − 1: an attacker cannot tell the cell from any small one.
    CoversSmall,
}

impl ProtectionRule {
    /// The width required of a cell with this true value (for `CoversSmall`, `k − 1`).
    pub fn required_width(self, k: u64, value: u64) -> u64 {
        match self {
            ProtectionRule::Width { min_width, percent } => {
                let rel = (u128::from(value) * u128::from(percent)).div_ceil(100);
                min_width.max(u64::try_from(rel).unwrap_or(u64::MAX))
            }
            ProtectionRule::CoversSmall => k.saturating_sub(1),
        }
    }

    /// Whether the interval `[lo, hi]` (`hi = None`: unbounded) protects a cell of this value
    /// whose pattern floor is `floor`.
    pub fn holds(self, k: u64, value: u64, lo: u64, hi: Option<u64>, floor: u64) -> bool {
        let reaches_floor = value >= k || lo <= floor;
        reaches_floor
            && match self {
                ProtectionRule::Width { .. } => match hi {
                    None => true,
                    Some(h) => h.saturating_sub(lo) >= self.required_width(k, value),
                },
                ProtectionRule::CoversSmall => hi.is_none_or(|h| h >= k.saturating_sub(1)),
            }
    }
}

/// The settings of small-cell and secondary suppression and of the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressionRules {
    /// Threshold: a count below `k` is withheld (default 10).
    pub k: u64,
    /// What the audit requires of every withheld cell and small group.
    pub protection: ProtectionRule,
    /// Whether zero counts are withheld too (default no: a zero discloses no consumer, but
    /// then every withheld cell is known to hold at least one, and the audit assumes the
    /// attacker knows it).
    pub protect_zeros: bool,
    /// The largest component of the audit's program, in unknowns (default 5000): a table so
    /// sparse that more withheld cells are tied together is refused with `audit.too_large`
    /// rather than audited for minutes; group it more coarsely.
    #[serde(default = "default_audit_variables")]
    pub max_audit_variables: u32,
    /// The p% rule for money recovered (percent, default 10; 0 turns it off): a cell is
    /// withheld (primary) when the amounts of all but its two largest consumers add up to
    /// less than p% of the largest, so that the second largest cannot estimate the largest
    /// within p% (`measures.rs`, `Measures::money_sensitive`).
    #[serde(default = "default_money_p")]
    pub money_p: u32,
}

fn default_audit_variables() -> u32 {
    5000
}

fn default_money_p() -> u32 {
    10
}

impl SuppressionRules {
    /// Threshold `k`, intervals at least `k` wide, zeros published.
    pub fn new(k: u64) -> SuppressionRules {
        SuppressionRules {
            k,
            protection: ProtectionRule::Width {
                min_width: k,
                percent: 0,
            },
            protect_zeros: false,
            max_audit_variables: default_audit_variables(),
            money_p: default_money_p(),
        }
    }

    /// Whether a count is withheld by the threshold rule alone.
    pub fn is_primary(&self, count: u64) -> bool {
        count < self.k && (count > 0 || self.protect_zeros)
    }

    /// What everyone knows of a withheld cell: at least 1 when zeros are published (a zero
    /// would have been published), else at least 0.
    pub fn withheld_floor(&self) -> u64 {
        u64::from(!self.protect_zeros)
    }
}

impl Default for SuppressionRules {
    fn default() -> Self {
        SuppressionRules::new(10)
    }
}

/// How long the audit may take and whom it tells how far it is.
#[derive(Default)]
pub struct AuditControl<'a> {
    /// When to give up: the release is then refused (`audit.timeout`), never published
    /// unaudited.
    pub time_limit: Option<std::time::Duration>,
    /// Called after every round of secondary suppression and every 256 searches.
    pub progress: Option<&'a (dyn Fn(&AuditProgress) + Sync)>,
}

impl std::fmt::Debug for AuditControl<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditControl")
            .field("time_limit", &self.time_limit)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// How far the audit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditProgress {
    /// The round of secondary suppression (1 = the first audit).
    pub round: u32,
    /// Targets (withheld cells and small groups) checked in this round so far.
    pub checked: usize,
    /// Targets in this round.
    pub targets: usize,
    /// Cells withheld so far.
    pub withheld: usize,
    /// Solver runs so far (all rounds).
    pub solves: u64,
    /// Time since the audit started.
    pub elapsed: std::time::Duration,
}

/// The running state of one audit: deadline, progress, counters.
pub(crate) struct Clock<'a> {
    pub started: std::time::Instant,
    pub deadline: Option<std::time::Instant>,
    pub limit: Option<std::time::Duration>,
    pub progress: Option<&'a (dyn Fn(&AuditProgress) + Sync)>,
    pub round: u32,
    pub withheld: usize,
    pub solves: u64,
    pub mips: u64,
}

impl<'a> Clock<'a> {
    pub(crate) fn new(c: &AuditControl<'a>) -> Clock<'a> {
        let started = std::time::Instant::now();
        Clock {
            started,
            deadline: c.time_limit.and_then(|d| started.checked_add(d)),
            limit: c.time_limit,
            progress: c.progress,
            round: 0,
            withheld: 0,
            solves: 0,
            mips: 0,
        }
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        match (self.deadline, self.limit) {
            (Some(d), Some(l)) if std::time::Instant::now() >= d => Err(Error::AuditTimeout {
                seconds: l.as_secs(),
                round: self.round,
            }),
            _ => Ok(()),
        }
    }

    pub(crate) fn report(&self, checked: usize, targets: usize) {
        if let Some(p) = self.progress {
            p(&AuditProgress {
                round: self.round,
                checked,
                targets,
                withheld: self.withheld,
                solves: self.solves,
                elapsed: self.started.elapsed(),
            });
        }
    }
}

/// A cell as the audit sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellState {
    Published(u64),
    Withheld,
}

/// A table as the audit sees it.
#[derive(Debug, Clone)]
pub(crate) struct AuditTable {
    pub by: GroupBy,
    pub span: Option<MonthSpan>,
    pub cells: Vec<(CellKey, CellState)>,
    /// What the attacker knows of every withheld cell of this table: at least this (1 when
    /// its release published zeros, else 0).
    pub floor: u64,
}

impl crate::ledger::Method {
    /// The floor of withheld cells of a release protected this way (see
    /// [`SuppressionRules::withheld_floor`]).
    pub(crate) fn withheld_floor(&self) -> u64 {
        match self {
            crate::ledger::Method::Suppression { rules } => rules.withheld_floor(),
            _ => 0,
        }
    }
}

/// The atoms: finest cells with their true counts.
#[derive(Debug, Clone)]
pub(crate) struct Atoms {
    pub keys: Vec<CellKey>,
    pub truth: Vec<u64>,
}

/// Which atoms make up each cell of each table (fixed while statuses change).
#[derive(Debug, Clone)]
pub(crate) struct Structure {
    pub cell_atoms: Vec<Vec<Vec<u32>>>,
    pub atom_cells: Vec<Vec<(u32, u32)>>,
}

impl Structure {
    pub(crate) fn build(atoms: &Atoms, tables: &[AuditTable]) -> Result<Structure, Error> {
        let mut cell_atoms = Vec::with_capacity(tables.len());
        let mut atom_cells: Vec<Vec<(u32, u32)>> = vec![Vec::new(); atoms.keys.len()];
        for (ti, t) in tables.iter().enumerate() {
            let index: HashMap<CellKey, u32> = t
                .cells
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (*k, i as u32))
                .collect();
            let mut members: Vec<Vec<u32>> = vec![Vec::new(); t.cells.len()];
            let dims = t.by.dims();
            for (ai, key) in atoms.keys.iter().enumerate() {
                if let Some(span) = t.span {
                    match month_of(*key) {
                        Some(m) if span.contains(m) => {}
                        Some(_) => continue,
                        None => {
                            return Err(Error::NotACoarsening {
                                table: Text::new(
                                    format!("{} over {span}", t.by),
                                    format!("按“{}”分组，期间 {span}", t.by),
                                ),
                                data: Text::new("data without months", "不含月份"),
                            });
                        }
                    }
                }
                let base = t.by.coarsen(*key);
                for mask in 0u32..(1u32 << dims.len()) {
                    let mut k = base;
                    for (i, d) in dims.iter().enumerate() {
                        if mask & (1 << i) != 0 {
                            k = k.with_slot(d.kind(), 0);
                        }
                    }
                    if let Some(ci) = index.get(&k) {
                        if let Some(m) = members.get_mut(*ci as usize) {
                            m.push(ai as u32);
                        }
                        if let Some(ac) = atom_cells.get_mut(ai) {
                            ac.push((ti as u32, *ci));
                        }
                    }
                }
            }
            cell_atoms.push(members);
        }
        Ok(Structure {
            cell_atoms,
            atom_cells,
        })
    }

    pub(crate) fn atoms_of(&self, table: usize, cell: usize) -> &[u32] {
        self.cell_atoms
            .get(table)
            .and_then(|t| t.get(cell))
            .map_or(&[], Vec::as_slice)
    }
}

/// What is being protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Target {
    /// A withheld cell: (table, cell).
    Cell(usize, usize),
    /// An atom with a small count.
    Atom(usize),
}

/// The audit's finding for one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Finding {
    pub target: Target,
    pub truth: u64,
    pub lower: u64,
    pub upper: Option<u64>,
    pub ok: bool,
    /// The first independent component of the linear program the target lies in.
    pub component: Option<usize>,
}

/// A component of the audit's program in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CompKey {
    /// Its variables, each a sorted list of atoms.
    classes: Vec<Vec<u32>>,
    /// Its equations: (table, cell, right-hand side), sorted.
    rows: Vec<(u32, u32, i128)>,
    /// Its lower bounds (withheld cells): (table, cell, right-hand side), sorted.
    floors: Vec<(u32, u32, i128)>,
}

/// One end of an interval as the audit found it.
type Ends = (lp::Bound, Option<lp::Bound>);

#[derive(Debug)]
struct CompEntry {
    problem: lp::Problem,
    ranges: HashMap<Vec<usize>, Ends>,
}

/// Programs already solved, reused across the rounds of secondary suppression.
#[derive(Debug, Default)]
pub(crate) struct LpCache {
    solved: HashMap<CompKey, CompEntry>,
}

fn inconsistent(en: &str, zh: &str) -> Error {
    Error::Format {
        what: "audit",
        reason: Text::new(
            format!("the published counts contradict each other ({en})"),
            format!("公布的数字相互矛盾（{zh}）"),
        ),
    }
}

fn find(p: &mut [u32], mut x: u32) -> u32 {
    while let Some(&px) = p.get(x as usize) {
        if px == x {
            break;
        }
        let gp = p.get(px as usize).copied().unwrap_or(px);
        if let Some(s) = p.get_mut(x as usize) {
            *s = gp;
        }
        x = gp;
    }
    x
}

fn union(p: &mut [u32], a: u32, b: u32) {
    let (a, b) = (find(p, a), find(p, b));
    if a != b
        && let Some(x) = p.get_mut(a.max(b) as usize)
    {
        *x = a.min(b);
    }
}

/// The pattern floor of every cell of a table: the published inner cells it contains plus the
/// table's floor for each withheld one (see [`ProtectionRule`]).
fn pattern_floors(t: &AuditTable) -> HashMap<CellKey, u64> {
    let dims = t.by.dims();
    let mut out: HashMap<CellKey, u64> = HashMap::new();
    for (key, state) in &t.cells {
        if !key.is_inner(&t.by) {
            continue;
        }
        let v = match state {
            CellState::Published(v) => *v,
            CellState::Withheld => t.floor,
        };
        for mask in 0u32..(1u32 << dims.len()) {
            let mut k = *key;
            for (i, d) in dims.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    k = k.with_slot(d.kind(), 0);
                }
            }
            *out.entry(k).or_default() += v;
        }
    }
    out
}

/// Runs the audit: the interval of every withheld cell and every small atom, each end
/// certified by an integer table checked exactly (`lp.rs`).
///
/// `passed` holds targets that passed in an earlier round of the same release. Secondary
/// suppression only ever turns a published cell `c = v` (with `v ≥ 1`) into a withheld one
/// (`c ≥ floor`, `floor ≤ 1`), so the set of tables consistent with what is published only
/// grows from round to round: the integer tables that certified an earlier interval are still
/// consistent, so that interval is still certified. It is not searched again unless the
/// target's pattern floor fell below it.
pub(crate) fn run(
    atoms: &Atoms,
    tables: &[AuditTable],
    structure: &Structure,
    rules: &SuppressionRules,
    cache: &mut LpCache,
    clock: &mut Clock<'_>,
    passed: &HashMap<Target, Finding>,
) -> Result<Vec<Finding>, Error> {
    let n_atoms = atoms.keys.len();
    // Equations (published cells) and cell objectives (withheld cells) with their pattern
    // floors.
    let mut eqs: Vec<(usize, usize, u64)> = Vec::new();
    let mut cell_objs: Vec<(usize, usize, u64)> = Vec::new();
    let mut pattern_floor: Vec<u64> = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        let pf = pattern_floors(t);
        for (ci, (key, state)) in t.cells.iter().enumerate() {
            match state {
                CellState::Published(v) => eqs.push((ti, ci, *v)),
                CellState::Withheld => {
                    cell_objs.push((ti, ci, t.floor));
                    pattern_floor.push(pf.get(key).copied().unwrap_or(t.floor));
                }
            }
        }
    }
    // Signatures: the equations and cell objectives each atom belongs to.
    let mut sig: Vec<Vec<u32>> = vec![Vec::new(); n_atoms];
    for (e, (ti, ci, _)) in eqs.iter().enumerate() {
        for a in structure.atoms_of(*ti, *ci) {
            if let Some(s) = sig.get_mut(*a as usize) {
                s.push(e as u32);
            }
        }
    }
    let neq = eqs.len() as u32;
    for (o, (ti, ci, _)) in cell_objs.iter().enumerate() {
        for a in structure.atoms_of(*ti, *ci) {
            if let Some(s) = sig.get_mut(*a as usize) {
                s.push(neq + o as u32);
            }
        }
    }
    let mut class_index: HashMap<&[u32], u32> = HashMap::new();
    let mut class_of: Vec<u32> = Vec::with_capacity(n_atoms);
    let mut class_size: Vec<u32> = Vec::new();
    let mut class_eqs: Vec<Vec<u32>> = Vec::new();
    let mut class_atoms: Vec<Vec<u32>> = Vec::new();
    for (atom, s) in sig.iter().enumerate() {
        let next = class_size.len() as u32;
        let c = *class_index.entry(s.as_slice()).or_insert(next);
        if c == next {
            class_size.push(0);
            class_eqs.push(s.iter().copied().filter(|e| *e < neq).collect());
            class_atoms.push(Vec::new());
        }
        if let Some(v) = class_atoms.get_mut(c as usize) {
            v.push(atom as u32);
        }
        if let Some(n) = class_size.get_mut(c as usize) {
            *n += 1;
        }
        class_of.push(c);
    }
    let n_classes = class_size.len();
    let classes_of = |atom_list: &[u32]| -> Vec<u32> {
        let mut v: Vec<u32> = atom_list
            .iter()
            .filter_map(|a| class_of.get(*a as usize).copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let class_truth: Vec<i128> = {
        let mut t = vec![0i128; n_classes];
        for (a, c) in class_of.iter().enumerate() {
            if let (Some(x), Some(v)) = (t.get_mut(*c as usize), atoms.truth.get(a)) {
                *x += i128::from(*v);
            }
        }
        t
    };
    let eq_classes: Vec<Vec<u32>> = eqs
        .iter()
        .map(|(ti, ci, _)| classes_of(structure.atoms_of(*ti, *ci)))
        .collect();
    let eq_rhs: Vec<i128> = eqs.iter().map(|(_, _, v)| i128::from(*v)).collect();
    let obj_classes: Vec<Vec<u32>> = cell_objs
        .iter()
        .map(|(ti, ci, _)| classes_of(structure.atoms_of(*ti, *ci)))
        .collect();

    // Substitution: an equation with one unknown class fixes it.
    let mut fixed: Vec<Option<i128>> = vec![None; n_classes];
    let mut unknown: Vec<usize> = eq_classes.iter().map(Vec::len).collect();
    let mut known: Vec<i128> = vec![0; eqs.len()];
    let mut queue: Vec<usize> = Vec::new();
    for (e, n) in unknown.iter().enumerate() {
        match n {
            0 if eq_rhs.get(e).copied().unwrap_or(0) != 0 => {
                return Err(inconsistent(
                    "a non-zero count over no data",
                    "没有数据处的计数不为零",
                ));
            }
            1 => queue.push(e),
            _ => {}
        }
    }
    while let Some(e) = queue.pop() {
        if unknown.get(e).copied() != Some(1) {
            continue;
        }
        let Some(c) = eq_classes.get(e).and_then(|cs| {
            cs.iter()
                .copied()
                .find(|c| fixed.get(*c as usize) == Some(&None))
        }) else {
            continue;
        };
        let val = eq_rhs.get(e).copied().unwrap_or(0) - known.get(e).copied().unwrap_or(0);
        if val < 0 {
            return Err(inconsistent("a negative remainder", "余数为负"));
        }
        if let Some(f) = fixed.get_mut(c as usize) {
            *f = Some(val);
        }
        for e2 in class_eqs.get(c as usize).map_or(&[][..], Vec::as_slice) {
            let e2 = *e2 as usize;
            if let (Some(u), Some(k)) = (unknown.get_mut(e2), known.get_mut(e2)) {
                *u -= 1;
                *k += val;
                if *u == 1 {
                    queue.push(e2);
                } else if *u == 0 && *k != eq_rhs.get(e2).copied().unwrap_or(0) {
                    return Err(inconsistent("a sum that does not add up", "合计对不上"));
                }
            }
        }
    }
    let is_open = |c: u32| fixed.get(c as usize) == Some(&None);
    let open_of = |cs: &[u32]| -> Vec<u32> { cs.iter().copied().filter(|c| is_open(*c)).collect() };
    let fixed_sum = |cs: &[u32]| -> i128 {
        cs.iter()
            .filter_map(|c| fixed.get(*c as usize).copied().flatten())
            .sum()
    };

    // The rows that remain: equations with two or more unknowns, and the floors of withheld
    // cells not already met by their fixed part.
    let live_eqs: Vec<usize> = (0..eqs.len())
        .filter(|e| unknown.get(*e).copied().unwrap_or(0) >= 2)
        .collect();
    let live_floors: Vec<(usize, i128)> = cell_objs
        .iter()
        .enumerate()
        .filter_map(|(o, (_, _, floor))| {
            let cs = obj_classes.get(o)?;
            let rest = i128::from(*floor) - fixed_sum(cs);
            (rest > 0).then_some((o, rest))
        })
        .collect();
    for (o, _) in &live_floors {
        if open_of(obj_classes.get(*o).map_or(&[][..], Vec::as_slice)).is_empty() {
            return Err(inconsistent(
                "a withheld cell below what its release promised",
                "隐匿单元格低于其发布所声明的下限",
            ));
        }
    }
    // Components of the open classes, linked by the rows.
    let mut parent: Vec<u32> = (0..n_classes as u32).collect();
    let mut in_row = vec![false; n_classes];
    let mut in_equation = vec![false; n_classes];
    let row_sets = live_eqs.iter().map(|e| (true, eq_classes.get(*e))).chain(
        live_floors
            .iter()
            .map(|(o, _)| (false, obj_classes.get(*o))),
    );
    for (is_eq, cs) in row_sets {
        let open = open_of(cs.map_or(&[][..], Vec::as_slice));
        for c in &open {
            if let Some(f) = in_row.get_mut(*c as usize) {
                *f = true;
            }
            if is_eq && let Some(f) = in_equation.get_mut(*c as usize) {
                *f = true;
            }
        }
        if let Some((first, rest)) = open.split_first() {
            for c in rest {
                union(&mut parent, *first, *c);
            }
        }
    }
    // Each component in a canonical form (its classes ordered by their atoms, its rows by
    // their cells), so that a component left unchanged by the last suppression is looked up
    // in the cache instead of solved again.
    let mut comp_of_root: BTreeMap<u32, usize> = BTreeMap::new();
    let mut comp_classes: Vec<Vec<u32>> = Vec::new();
    for c in 0..n_classes {
        if !is_open(c as u32) || !in_row.get(c).copied().unwrap_or(false) {
            continue;
        }
        let r = find(&mut parent, c as u32);
        let next = comp_classes.len();
        let comp = *comp_of_root.entry(r).or_insert(next);
        if comp == next {
            comp_classes.push(Vec::new());
        }
        if let Some(v) = comp_classes.get_mut(comp) {
            v.push(c as u32);
        }
    }
    let mut local: Vec<(usize, usize)> = vec![(usize::MAX, usize::MAX); n_classes];
    let mut keys: Vec<CompKey> = Vec::with_capacity(comp_classes.len());
    for (k, cls) in comp_classes.iter_mut().enumerate() {
        cls.sort_by(|a, b| {
            class_atoms
                .get(*a as usize)
                .cmp(&class_atoms.get(*b as usize))
        });
        for (i, c) in cls.iter().enumerate() {
            if let Some(l) = local.get_mut(*c as usize) {
                *l = (k, i);
            }
        }
        keys.push(CompKey {
            classes: cls
                .iter()
                .map(|c| class_atoms.get(*c as usize).cloned().unwrap_or_default())
                .collect(),
            rows: Vec::new(),
            floors: Vec::new(),
        });
    }
    let mut comp_eqs: Vec<Vec<lp::Row>> = (0..keys.len()).map(|_| Vec::new()).collect();
    let mut comp_geqs: Vec<Vec<lp::Row>> = (0..keys.len()).map(|_| Vec::new()).collect();
    let to_local = |cs: &[u32]| -> (usize, Vec<usize>) {
        let mut comp = usize::MAX;
        let mut vars = Vec::new();
        for c in cs {
            if is_open(*c)
                && let Some((k, l)) = local.get(*c as usize)
            {
                comp = *k;
                vars.push(*l);
            }
        }
        vars.sort_unstable();
        (comp, vars)
    };
    for e in &live_eqs {
        let (comp, vars) = to_local(eq_classes.get(*e).map_or(&[][..], Vec::as_slice));
        let rhs = eq_rhs.get(*e).copied().unwrap_or(0) - known.get(*e).copied().unwrap_or(0);
        if let (Some(rows), Some(key), Some((ti, ci, _))) =
            (comp_eqs.get_mut(comp), keys.get_mut(comp), eqs.get(*e))
        {
            key.rows.push((*ti as u32, *ci as u32, rhs));
            rows.push(lp::Row { vars, rhs });
        }
    }
    for (o, rhs) in &live_floors {
        let (comp, vars) = to_local(obj_classes.get(*o).map_or(&[][..], Vec::as_slice));
        if let (Some(rows), Some(key), Some((ti, ci, _))) = (
            comp_geqs.get_mut(comp),
            keys.get_mut(comp),
            cell_objs.get(*o),
        ) {
            key.floors.push((*ti as u32, *ci as u32, *rhs));
            rows.push(lp::Row { vars, rhs: *rhs });
        }
    }
    for (k, rows) in keys.iter().zip(&comp_eqs) {
        if k.classes.len() > rules.max_audit_variables as usize {
            return Err(Error::AuditTooLarge {
                variables: k.classes.len(),
                equations: rows.len(),
                limit: rules.max_audit_variables,
            });
        }
    }
    // The true table restricted to each component is a solution: check it, so that
    // inconsistent published counts are reported rather than audited.
    let mut comp_truth: Vec<Vec<i128>> = comp_classes
        .iter()
        .map(|cls| vec![0i128; cls.len()])
        .collect();
    for (c, (k, l)) in local.iter().enumerate() {
        if let Some(x) = comp_truth.get_mut(*k).and_then(|v| v.get_mut(*l)) {
            *x = class_truth.get(c).copied().unwrap_or(0);
        }
    }
    for ((k, eqs_k), (geqs_k, truth)) in keys
        .iter_mut()
        .zip(comp_eqs)
        .zip(comp_geqs.into_iter().zip(&comp_truth))
    {
        k.rows.sort_unstable();
        k.floors.sort_unstable();
        if !cache.solved.contains_key(k) {
            let mut problem = lp::Problem::new(k.classes.len(), eqs_k, geqs_k);
            // The true table is the first world of the pool.
            if !problem.add_witness(truth.clone()) {
                return Err(inconsistent("no non-negative solution", "没有非负解"));
            }
            cache.solved.insert(
                k.clone(),
                CompEntry {
                    problem,
                    ranges: HashMap::new(),
                },
            );
        }
    }
    // Components of earlier rounds that this one no longer has are dropped: each holds a
    // HiGHS model and its certified tables.
    {
        let live: std::collections::HashSet<&CompKey> = keys.iter().collect();
        cache.solved.retain(|k, _| live.contains(k));
    }
    let targets = cell_objs.len()
        + atoms
            .truth
            .iter()
            .filter(|t| **t > 0 && **t < rules.k)
            .count();
    let mut checked = 0usize;
    let to_u64 = |r: i128| u64::try_from(r.max(0)).unwrap_or(u64::MAX);
    // The certified interval of a sum of classes. When the tables certified so far already
    // show the rule holds for this target (its true value and pattern floor given), no search
    // is run: the interval is then the one those tables span.
    let mut range_of =
        |cls: &[u32], truth: u64, pf: u64, clock: &mut Clock<'_>| -> Result<Ends, Error> {
            let mut lo = lp::Bound::Certified(0);
            let mut hi = Some(lp::Bound::Certified(0));
            let add = |a: lp::Bound, b: lp::Bound| match (a, b) {
                (lp::Bound::Certified(x), lp::Bound::Certified(y)) => lp::Bound::Certified(x + y),
                _ => lp::Bound::Unproven,
            };
            let mut parts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for c in cls {
                match fixed.get(*c as usize).copied().flatten() {
                    Some(v) => {
                        lo = add(lo, lp::Bound::Certified(v));
                        hi = hi.map(|h| add(h, lp::Bound::Certified(v)));
                    }
                    None => {
                        if !in_equation.get(*c as usize).copied().unwrap_or(false) {
                            // In no equation: it can grow without bound.
                            hi = None;
                        }
                        if let Some((k, l)) = local.get(*c as usize)
                            && *k != usize::MAX
                        {
                            parts.entry(*k).or_default().push(*l);
                        }
                    }
                }
            }
            let unbounded = hi.is_none();
            if let (1, Some((k, vars)), lp::Bound::Certified(base)) =
                (parts.len(), parts.iter().next(), lo)
            {
                let mut vars: Vec<usize> = vars.clone();
                vars.sort_unstable();
                if let Some(entry) = keys.get(*k).and_then(|key| cache.solved.get_mut(key)) {
                    let shows = |p: &lp::Problem| -> Option<Ends> {
                        let (plo, phi) = p.pool_range(&vars)?;
                        let (l, h) = (to_u64(base + plo), to_u64(base + phi));
                        let upper = (!unbounded).then_some(h);
                        rules
                            .protection
                            .holds(rules.k, truth, l, upper, pf)
                            .then(|| {
                                let hi = (!unbounded).then_some(lp::Bound::Certified(base + phi));
                                (lp::Bound::Certified(base + plo), hi)
                            })
                    };
                    if let Some(r) = shows(&entry.problem) {
                        return Ok(r);
                    }
                    // Certified tables without a solver first (lp.rs, `walk`): down to the
                    // pattern floor, then up to the width the rule asks for.
                    entry.problem.walk(&vars, false, i128::from(pf) - base);
                    if !unbounded {
                        let lo_now = entry.problem.pool_range(&vars).map_or(0, |r| r.0);
                        let goal = match rules.protection {
                            ProtectionRule::Width { .. } => {
                                lo_now + i128::from(rules.protection.required_width(rules.k, truth))
                            }
                            ProtectionRule::CoversSmall => {
                                i128::from(rules.k.saturating_sub(1)) - base
                            }
                        };
                        entry.problem.walk(&vars, true, goal);
                    }
                    if let Some(r) = shows(&entry.problem) {
                        return Ok(r);
                    }
                }
            }
            for (k, mut vars) in parts {
                vars.sort_unstable();
                let entry = keys
                    .get(k)
                    .and_then(|key| cache.solved.get_mut(key))
                    .ok_or(Error::overflow("audit"))?;
                let r = match entry.ranges.get(&vars) {
                    Some(r) => *r,
                    None => {
                        let before = entry.problem.solves;
                        let mips_before = entry.problem.mips;
                        let lo = entry
                            .problem
                            .bound(&vars, highs::Sense::Minimise, clock.deadline);
                        let hi = if unbounded {
                            None
                        } else {
                            Some(
                                entry
                                    .problem
                                    .bound(&vars, highs::Sense::Maximise, clock.deadline),
                            )
                        };
                        clock.solves += entry.problem.solves - before;
                        clock.mips += entry.problem.mips - mips_before;
                        clock.check()?;
                        entry.ranges.insert(vars, (lo, hi));
                        (lo, hi)
                    }
                };
                lo = add(lo, r.0);
                hi = match (hi, r.1) {
                    (Some(h), Some(x)) => Some(add(h, x)),
                    _ => None,
                };
            }
            Ok((lo, hi))
        };
    let component = |cls: &[u32]| -> Option<usize> {
        cls.iter()
            .filter_map(|c| local.get(*c as usize))
            .map(|(k, _)| *k)
            .find(|k| *k != usize::MAX)
    };
    // An unproven end is taken as the true value: the attacker is assumed to know it.
    let ends = |r: Ends, truth: u64| -> (u64, Option<u64>) {
        let lower = match r.0 {
            lp::Bound::Certified(v) => to_u64(v).min(truth),
            lp::Bound::Unproven => truth,
        };
        let upper = match r.1 {
            None => None,
            Some(lp::Bound::Certified(v)) => Some(to_u64(v).max(truth)),
            Some(lp::Bound::Unproven) => Some(truth),
        };
        (lower, upper)
    };
    let floor = rules.withheld_floor();
    let mut findings = Vec::new();
    for (((ti, ci, _), cls), pf) in cell_objs.iter().zip(&obj_classes).zip(&pattern_floor) {
        // A margin's pattern floor falls as its inner cells are withheld: reuse only what
        // still holds against the current one.
        if let Some(f) = passed.get(&Target::Cell(*ti, *ci))
            && rules
                .protection
                .holds(rules.k, f.truth, f.lower, f.upper, *pf)
        {
            findings.push(*f);
            checked += 1;
            continue;
        }
        let members = structure.atoms_of(*ti, *ci);
        let truth: u64 = members
            .iter()
            .filter_map(|a| atoms.truth.get(*a as usize))
            .sum();
        let (lower, upper) = ends(range_of(cls, truth, *pf, clock)?, truth);
        findings.push(Finding {
            target: Target::Cell(*ti, *ci),
            truth,
            lower,
            upper,
            ok: rules.protection.holds(rules.k, truth, lower, upper, *pf),
            component: component(cls),
        });
        checked += 1;
        if checked.is_multiple_of(256) {
            clock.report(checked, targets);
        }
    }
    for (a, truth) in atoms.truth.iter().enumerate() {
        if *truth == 0 || *truth >= rules.k {
            continue;
        }
        if let Some(f) = passed.get(&Target::Atom(a)) {
            findings.push(*f);
            checked += 1;
            continue;
        }
        let c = class_of.get(a).copied().unwrap_or(0);
        let r = range_of(&[c], *truth, floor, clock)?;
        // One of several interchangeable atoms can always be 0.
        let shared = class_size.get(c as usize).copied().unwrap_or(1) > 1;
        let (lower, upper) = ends(r, *truth);
        let lower = if shared { 0 } else { lower };
        findings.push(Finding {
            target: Target::Atom(a),
            truth: *truth,
            lower,
            upper,
            ok: rules.protection.holds(rules.k, *truth, lower, upper, floor),
            component: component(&[c]),
        });
        checked += 1;
        if checked.is_multiple_of(256) {
            clock.report(checked, targets);
        }
    }
    clock.report(checked, targets);
    Ok(findings)
}

#[cfg(test)]
#[allow(
    clippy::needless_range_loop,
    reason = "the test tables are indexed by (row, column), as the audit's equations are written"
)]
mod tests {
    use super::*;
    use crate::dims::DimKind;

    /// A 3×3 table of atoms keyed by (channel, nature) slots, published as `status` says.
    fn grid(values: [[u64; 3]; 3], withheld: &[(usize, usize)]) -> (Atoms, Vec<AuditTable>) {
        let by: GroupBy = "channel,problem_nature".parse().unwrap();
        let key = |i: usize, j: usize| {
            CellKey::TOTAL
                .with_slot(DimKind::Channel, i as u64 + 1)
                .with_slot(DimKind::ProblemNature, j as u64 + 1)
        };
        let mut atoms = Atoms {
            keys: vec![],
            truth: vec![],
        };
        let mut cells = vec![];
        for i in 0..3 {
            for j in 0..3 {
                atoms.keys.push(key(i, j));
                atoms.truth.push(values[i][j]);
                let s = if withheld.contains(&(i, j)) {
                    CellState::Withheld
                } else {
                    CellState::Published(values[i][j])
                };
                cells.push((key(i, j), s));
            }
        }
        for i in 0..3 {
            let row: u64 = values[i].iter().sum();
            cells.push((
                CellKey::TOTAL.with_slot(DimKind::Channel, i as u64 + 1),
                CellState::Published(row),
            ));
            let col: u64 = (0..3).map(|r| values[r][i]).sum();
            cells.push((
                CellKey::TOTAL.with_slot(DimKind::ProblemNature, i as u64 + 1),
                CellState::Published(col),
            ));
        }
        let total = values.iter().flatten().sum();
        cells.push((CellKey::TOTAL, CellState::Published(total)));
        cells.sort_by_key(|(k, _)| *k);
        (
            atoms,
            vec![AuditTable {
                by,
                span: None,
                cells,
                floor: 0,
            }],
        )
    }

    fn audit(values: [[u64; 3]; 3], withheld: &[(usize, usize)]) -> Vec<Finding> {
        let (atoms, tables) = grid(values, withheld);
        let s = Structure::build(&atoms, &tables).unwrap();
        run(
            &atoms,
            &tables,
            &s,
            &SuppressionRules {
                protect_zeros: true,
                ..SuppressionRules::new(10)
            },
            &mut LpCache::default(),
            &mut Clock::new(&AuditControl::default()),
            &HashMap::new(),
        )
        .unwrap()
    }

    #[test]
    fn a_lone_withheld_cell_is_disclosed_by_its_margins() {
        let f = audit([[3, 40, 50], [60, 70, 80], [90, 20, 30]], &[(0, 0)]);
        let cell = f
            .iter()
            .find(|f| matches!(f.target, Target::Cell(..)))
            .unwrap();
        assert_eq!(
            (cell.truth, cell.lower, cell.upper, cell.ok),
            (3, 3, Some(3), false)
        );
        // The atom behind it is disclosed too.
        assert!(
            f.iter()
                .any(|f| matches!(f.target, Target::Atom(0)) && !f.ok)
        );
    }

    #[test]
    fn a_rectangle_protects_with_the_interval_of_the_smaller_diagonal() {
        // Withheld (0,0)=3, (0,1)=40, (1,0)=60, (1,1)=70: x00 ranges from
        // 3 - min(3, 70) = 0 up to 3 + min(40, 60) = 43, and the others move with it.
        let f = audit(
            [[3, 40, 50], [60, 70, 80], [90, 20, 30]],
            &[(0, 0), (0, 1), (1, 0), (1, 1)],
        );
        let cells: Vec<_> = f
            .iter()
            .filter(|f| matches!(f.target, Target::Cell(..)))
            .map(|f| (f.truth, f.lower, f.upper, f.ok))
            .collect();
        assert_eq!(
            cells,
            vec![
                (3, 0, Some(43), true),
                (40, 0, Some(43), true),
                (60, 20, Some(63), true),
                (70, 67, Some(110), true)
            ]
        );
    }

    #[test]
    fn a_narrow_rectangle_fails_the_width_rule() {
        // Withheld 3 and its partners 5, 4, 70: x00 in [3 - min(3,70), 3 + min(5,4)] = [0, 7].
        let f = audit(
            [[3, 5, 50], [4, 70, 80], [90, 20, 30]],
            &[(0, 0), (0, 1), (1, 0), (1, 1)],
        );
        let first = f.first().unwrap();
        assert_eq!((first.lower, first.upper, first.ok), (0, Some(7), false));
    }

    #[test]
    fn rules() {
        let w = ProtectionRule::Width {
            min_width: 10,
            percent: 20,
        };
        assert_eq!(w.required_width(10, 3), 10);
        assert_eq!(w.required_width(10, 101), 21);
        assert!(w.holds(10, 3, 0, Some(10), 0));
        assert!(!w.holds(10, 3, 0, Some(9), 0));
        // A small cell's interval must reach the floor; a large one's need not.
        assert!(!w.holds(10, 3, 2, None, 0));
        assert!(w.holds(10, 3, 1, None, 1));
        assert!(!w.holds(10, 3, 2, Some(30), 1));
        assert!(w.holds(10, 30, 20, Some(30), 1));
        let c = ProtectionRule::CoversSmall;
        assert!(c.holds(10, 300, 0, Some(400), 0));
        assert!(c.holds(10, 300, 1, Some(400), 0));
        assert!(!c.holds(10, 3, 1, Some(400), 0));
        assert!(c.holds(10, 3, 1, Some(400), 1));
        assert!(!c.holds(10, 3, 0, Some(8), 0));
        let r = SuppressionRules::new(10);
        assert!(r.is_primary(9) && !r.is_primary(10) && !r.is_primary(0));
        assert_eq!(r.withheld_floor(), 1);
    }
}
