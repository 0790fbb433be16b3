//! The disclosure audit: for every withheld cell, and for every small group of consumers in
//! the data, the interval of values an attacker can deduce from everything published (this
//! release and the earlier ones in the ledger), by exact linear programming.
//!
//! # Model
//!
//! The data is split into *atoms*: the finest cells of the union of every grouping involved,
//! with the period at month grain. A published cell — inner cell or margin, of any table of
//! any release — is the equation "the sum of its atoms equals the published count"; the
//! attacker knows every equation and that counts are non-negative. A withheld cell is an
//! objective: its smallest and largest value over `{x ≥ 0 : A x = b}`. So is every atom whose
//! true count is between 1 and k − 1: differencing two releases (a cumulative table minus the
//! previous one) must not isolate a small group even if no table ever shows it.
//!
//! # Exactness
//!
//! Atoms that appear in exactly the same equations and objectives are merged (their sum is
//! what the equations see; one of two interchangeable atoms can always be 0). Atoms pinned by
//! an equation with a single unknown are fixed by substitution. What remains splits into
//! independent components, each solved by the exact simplex method of `lp.rs`. The bounds are
//! those of the LP relaxation; the audit rounds them inward (the lower bound up, the upper
//! bound down), so it never reports an interval wider than the integer one for 1-D and 2-D
//! tables with margins, whose constraint matrices are totally unimodular (every vertex is
//! integral, so the LP bounds are the integer bounds). For three or more dimensions the
//! integer interval may be narrower than the LP interval; `docs/stats.md` states this limit.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::dims::{CellKey, GroupBy};
use crate::lp::{self, Feasible, Row};
use crate::table::{MonthSpan, month_of};
use crate::{Error, Ratio, Text};

/// What a withheld cell's interval must satisfy.
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
    /// The interval must contain every value from 0 to k − 1: an attacker cannot tell the cell
    /// from an empty one or from any small one.
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

    /// Whether the interval `[lo, hi]` (`hi = None`: unbounded) protects a cell of this value.
    pub fn holds(self, k: u64, value: u64, lo: u64, hi: Option<u64>) -> bool {
        match self {
            ProtectionRule::Width { .. } => match hi {
                None => true,
                Some(h) => h.saturating_sub(lo) >= self.required_width(k, value),
            },
            ProtectionRule::CoversSmall => lo == 0 && hi.is_none_or(|h| h >= k.saturating_sub(1)),
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
    /// Whether zero counts are withheld too (default no: a zero discloses no consumer).
    pub protect_zeros: bool,
    /// The largest linear program the audit solves exactly, in unknowns (default 600): a
    /// table so sparse that more withheld cells are tied together is refused with
    /// `audit.too_large` rather than audited for minutes; group it more coarsely.
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
    600
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
}

impl Default for SuppressionRules {
    fn default() -> Self {
        SuppressionRules::new(10)
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

/// A component of the audit's linear program in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CompKey {
    /// Its variables, each a sorted list of atoms.
    classes: Vec<Vec<u32>>,
    /// Its equations: (table, cell, right-hand side), sorted.
    rows: Vec<(u32, u32, i128)>,
}

#[derive(Debug, Clone)]
struct CompEntry {
    feasible: Feasible,
    ranges: HashMap<Vec<usize>, (Ratio, Option<Ratio>)>,
}

/// Linear programs already solved, reused across the rounds of secondary suppression.
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

/// Runs the audit: the interval of every withheld cell and every small atom.
pub(crate) fn run(
    atoms: &Atoms,
    tables: &[AuditTable],
    structure: &Structure,
    rules: &SuppressionRules,
    cache: &mut LpCache,
) -> Result<Vec<Finding>, Error> {
    let n_atoms = atoms.keys.len();
    // Equations (published cells) and cell objectives (withheld cells).
    let mut eqs: Vec<(usize, usize, u64)> = Vec::new();
    let mut cell_objs: Vec<(usize, usize)> = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        for (ci, (_, state)) in t.cells.iter().enumerate() {
            match state {
                CellState::Published(v) => eqs.push((ti, ci, *v)),
                CellState::Withheld => cell_objs.push((ti, ci)),
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
    for (o, (ti, ci)) in cell_objs.iter().enumerate() {
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
    let eq_classes: Vec<Vec<u32>> = eqs
        .iter()
        .map(|(ti, ci, _)| classes_of(structure.atoms_of(*ti, *ci)))
        .collect();
    let eq_rhs: Vec<i128> = eqs.iter().map(|(_, _, v)| i128::from(*v)).collect();

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

    // Components of the unfixed classes, linked by the equations that remain.
    let mut parent: Vec<u32> = (0..n_classes as u32).collect();
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
    let live_eqs: Vec<usize> = (0..eqs.len())
        .filter(|e| unknown.get(*e).copied().unwrap_or(0) >= 2)
        .collect();
    for e in &live_eqs {
        let open: Vec<u32> = eq_classes
            .get(*e)
            .map(|cs| {
                cs.iter()
                    .copied()
                    .filter(|c| fixed.get(*c as usize) == Some(&None))
                    .collect()
            })
            .unwrap_or_default();
        if let Some((first, rest)) = open.split_first() {
            for c in rest {
                let (a, b) = (find(&mut parent, *first), find(&mut parent, *c));
                if a != b
                    && let Some(p) = parent.get_mut(a.max(b) as usize)
                {
                    *p = a.min(b);
                }
            }
        }
    }
    // Each component in a canonical form (its classes ordered by their atoms, its rows by
    // their cells), so that a component left unchanged by the last suppression is looked up
    // in the cache instead of solved again.
    let mut in_equation = vec![false; n_classes];
    for e in &live_eqs {
        for c in eq_classes.get(*e).map_or(&[][..], Vec::as_slice) {
            if let Some(f) = in_equation.get_mut(*c as usize) {
                *f = true;
            }
        }
    }
    let mut comp_of_root: BTreeMap<u32, usize> = BTreeMap::new();
    let mut comp_classes: Vec<Vec<u32>> = Vec::new();
    for c in 0..n_classes {
        if fixed.get(c) != Some(&None) || !in_equation.get(c).copied().unwrap_or(false) {
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
        });
    }
    let mut comp_rows: Vec<Vec<Row>> = vec![Vec::new(); comp_classes.len()];
    for e in &live_eqs {
        let cs = eq_classes.get(*e).map_or(&[][..], Vec::as_slice);
        let mut vars = Vec::new();
        let mut comp = usize::MAX;
        for c in cs {
            if fixed.get(*c as usize) == Some(&None)
                && let Some((k, l)) = local.get(*c as usize)
            {
                comp = *k;
                vars.push(*l);
            }
        }
        vars.sort_unstable();
        let rhs = eq_rhs.get(*e).copied().unwrap_or(0) - known.get(*e).copied().unwrap_or(0);
        if let (Some(rows), Some(key), Some((ti, ci, _))) =
            (comp_rows.get_mut(comp), keys.get_mut(comp), eqs.get(*e))
        {
            key.rows.push((*ti as u32, *ci as u32, rhs));
            rows.push(Row {
                vars,
                rhs: Ratio::from_int(rhs),
            });
        }
    }
    for (k, rows) in keys.iter().zip(&comp_rows) {
        if k.classes.len() > rules.max_audit_variables as usize {
            return Err(Error::AuditTooLarge {
                variables: k.classes.len(),
                equations: rows.len(),
                limit: rules.max_audit_variables,
            });
        }
    }
    for (k, rows) in keys.iter_mut().zip(&comp_rows) {
        k.rows.sort_unstable();
        if !cache.solved.contains_key(k) {
            let f = lp::feasible(k.classes.len(), rows)?
                .ok_or_else(|| inconsistent("no non-negative solution", "没有非负解"))?;
            cache.solved.insert(
                k.clone(),
                CompEntry {
                    feasible: f,
                    ranges: HashMap::new(),
                },
            );
        }
    }
    // The interval of a sum of classes.
    let mut range_of = |cls: &[u32]| -> Result<(Ratio, Option<Ratio>), Error> {
        let mut lo = Ratio::ZERO;
        let mut hi = Some(Ratio::ZERO);
        let mut parts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for c in cls {
            match fixed.get(*c as usize).copied().flatten() {
                Some(v) => {
                    let v = Ratio::from_int(v);
                    lo = lo.checked_add(v).ok_or(Error::overflow("audit"))?;
                    hi = hi.and_then(|h| h.checked_add(v));
                }
                None => match local.get(*c as usize) {
                    Some((k, l)) if *k != usize::MAX => {
                        parts.entry(*k).or_default().push(*l);
                    }
                    // In no equation at all: anything from 0 up.
                    _ => hi = None,
                },
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
                    let r = entry.feasible.range(&vars)?;
                    entry.ranges.insert(vars, r);
                    r
                }
            };
            lo = lo.checked_add(r.0).ok_or(Error::overflow("audit"))?;
            hi = match (hi, r.1) {
                (Some(h), Some(x)) => Some(h.checked_add(x).ok_or(Error::overflow("audit"))?),
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
    let to_u64 = |r: i128| u64::try_from(r.max(0)).unwrap_or(u64::MAX);
    let mut findings = Vec::new();
    for (ti, ci) in &cell_objs {
        let members = structure.atoms_of(*ti, *ci);
        let truth: u64 = members
            .iter()
            .filter_map(|a| atoms.truth.get(*a as usize))
            .sum();
        let cls = classes_of(members);
        let (lo, hi) = range_of(&cls)?;
        let (lower, upper) = (to_u64(lo.ceil()), hi.map(|h| to_u64(h.floor())));
        findings.push(Finding {
            target: Target::Cell(*ti, *ci),
            truth,
            lower,
            upper,
            ok: rules.protection.holds(rules.k, truth, lower, upper),
            component: component(&cls),
        });
    }
    for (a, truth) in atoms.truth.iter().enumerate() {
        if *truth == 0 || *truth >= rules.k {
            continue;
        }
        let c = class_of.get(a).copied().unwrap_or(0);
        let (lo, hi) = range_of(&[c])?;
        let shared = class_size.get(c as usize).copied().unwrap_or(1) > 1;
        let lower = if shared { 0 } else { to_u64(lo.ceil()) };
        let upper = hi.map(|h| to_u64(h.floor()));
        findings.push(Finding {
            target: Target::Atom(a),
            truth: *truth,
            lower,
            upper,
            ok: rules.protection.holds(rules.k, *truth, lower, upper),
            component: component(&[c]),
        });
    }
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
            &SuppressionRules::new(10),
            &mut LpCache::default(),
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
        assert!(w.holds(10, 3, 0, Some(10)));
        assert!(!w.holds(10, 3, 0, Some(9)));
        assert!(w.holds(10, 3, 2, None));
        let c = ProtectionRule::CoversSmall;
        assert!(c.holds(10, 300, 0, Some(400)));
        assert!(!c.holds(10, 300, 1, Some(400)));
        assert!(!c.holds(10, 3, 0, Some(8)));
        let r = SuppressionRules::new(10);
        assert!(r.is_primary(9) && !r.is_primary(10) && !r.is_primary(0));
    }
}
