//! The audit's searches: the smallest and largest value of a sum of unknowns over
//!
//! ```text
//! { x ∈ ℤⁿ : x ≥ 0,  Σ_{j∈E_i} x_j = b_i (published cells),  Σ_{j∈G_i} x_j ≥ f_i (withheld cells) }
//! ```
//!
//! found with HiGHS (a maintained LP/MIP solver, in floating point) and then **certified in
//! exact integer arithmetic**: every bound this module returns is the value of an integer
//! table it has checked, cell by cell, against every published equation and every known
//! lower bound. Such a table is a world the attacker cannot rule out, so the interval between
//! the two certified tables is contained in the attacker's true integer interval. A rounding
//! in HiGHS can therefore only make an interval look narrower than it is (more suppression),
//! never wider (a disclosive release passing).
//!
//! The LP optimum's vertex is rounded to integers and checked; when that fails (a fractional
//! vertex, which totally unimodular 1-D and 2-D tables with margins do not have, or a
//! tolerance), the same objective is solved as an integer program and its solution checked;
//! when that fails too, the caller is told the bound is unproven and treats the cell as
//! disclosed. One HiGHS model per component is kept and re-solved with a new objective, so
//! each search starts from the previous optimal basis.
//!
//! Two shortcuts keep the solver out of most searches, neither adding anything uncertified:
//! a *walk* (`Problem::walk`) builds integer tables directly by moving a checked table along
//! balanced ±1 patterns (rectangles, 2×2×2 cubes: τ-ARGUS's hypercube idea), and the integer
//! program is skipped when the pool's best checked table already reaches the LP value rounded
//! inward (then it is the integer optimum).

use std::time::Instant;

use highs::{Col, HighsModelStatus, Model, RowProblem, Sense};

/// The longest one integer program may run, in seconds.
const MIP_SECONDS: f64 = 1.0;

/// The most unknowns one move of the walk changes: a 2×2×2 cube of a three-way table with
/// every two-way margin published changes 8; a few more allow patterns through withheld
/// margins and earlier releases.
const MOVE_SUPPORT: usize = 12;

/// The most partial patterns one move's search tries before giving up (the LP then decides).
const MOVE_BUDGET: u32 = 1500;

/// The most moves of one walk.
const MOVES: usize = 8;

/// `Σ vars = rhs` (an equation) or `Σ vars ≥ rhs` (a lower bound).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Row {
    pub vars: Vec<usize>,
    pub rhs: i128,
}

/// What a search proved about one end of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// An integer table consistent with everything published, checked exactly, gives the sum
    /// this value.
    Certified(i128),
    /// The solver found no table that checks out (or ran out of time): the caller must assume
    /// the attacker knows the value.
    Unproven,
}

/// A component of the audit's program, with its solver state.
pub(crate) struct Problem {
    n: usize,
    eqs: Vec<Row>,
    geqs: Vec<Row>,
    model: Option<Model>,
    cols: Vec<Col>,
    /// The columns whose cost is not zero in the model.
    costed: Vec<usize>,
    sense: Sense,
    /// HiGHS solves so far (LP and MIP).
    pub solves: u64,
    /// Integer programs among them.
    pub mips: u64,
    /// Every integer table certified so far (each checked exactly): a world the attacker
    /// cannot rule out, for every target of the component at once.
    pool: Vec<Vec<i128>>,
    /// For each unknown, the equations (`var_eqs`) and lower bounds (`var_geqs`) it is in:
    /// the walk's index, built on first use.
    var_eqs: Vec<Vec<usize>>,
    var_geqs: Vec<Vec<usize>>,
}

impl std::fmt::Debug for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Problem")
            .field("n", &self.n)
            .field("eqs", &self.eqs.len())
            .field("geqs", &self.geqs.len())
            .field("solves", &self.solves)
            .finish()
    }
}

fn build(n: usize, eqs: &[Row], geqs: &[Row], integer: bool) -> (RowProblem, Vec<Col>) {
    let mut p = RowProblem::default();
    let cols: Vec<Col> = (0..n)
        .map(|_| {
            if integer {
                p.add_integer_column(0.0, 0.0..)
            } else {
                p.add_column(0.0, 0.0..)
            }
        })
        .collect();
    let factors = |vars: &[usize]| -> Vec<(Col, f64)> {
        vars.iter()
            .filter_map(|v| cols.get(*v).map(|c| (*c, 1.0)))
            .collect()
    };
    for r in eqs {
        let b = r.rhs as f64;
        p.add_row(b..=b, factors(&r.vars));
    }
    for r in geqs {
        p.add_row((r.rhs as f64).., factors(&r.vars));
    }
    (p, cols)
}

fn quiet(m: &mut Model) {
    m.make_quiet();
    // One thread: the audit's components are small and many; HiGHS's own pool would only
    // add start-up cost, and the caller decides the parallelism.
    let _ = m.try_set_option("threads", 1);
}

fn set_time_limit(m: &mut Model, deadline: Option<Instant>) -> bool {
    if let Some(d) = deadline {
        let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
        if left <= 0.0 {
            return false;
        }
        let _ = m.try_set_option("time_limit", left);
    }
    true
}

impl Problem {
    pub(crate) fn new(n: usize, eqs: Vec<Row>, geqs: Vec<Row>) -> Problem {
        Problem {
            n,
            eqs,
            geqs,
            model: None,
            cols: Vec::new(),
            costed: Vec::new(),
            sense: Sense::Minimise,
            solves: 0,
            mips: 0,
            pool: Vec::new(),
            var_eqs: Vec::new(),
            var_geqs: Vec::new(),
        }
    }

    /// The exact check: `x` satisfies every equation and lower bound.
    pub(crate) fn check(&self, x: &[i128]) -> bool {
        let sum = |vars: &[usize]| -> Option<i128> {
            vars.iter()
                .try_fold(0i128, |s, v| s.checked_add(*x.get(*v)?))
        };
        x.len() == self.n
            && x.iter().all(|v| *v >= 0)
            && self.eqs.iter().all(|r| sum(&r.vars) == Some(r.rhs))
            && self
                .geqs
                .iter()
                .all(|r| sum(&r.vars).is_some_and(|s| s >= r.rhs))
    }

    fn rounded(values: &[f64]) -> Option<Vec<i128>> {
        values
            .iter()
            .map(|v| {
                let r = v.round();
                (r.is_finite() && r.abs() < 1e30).then_some(r as i128)
            })
            .collect()
    }

    /// Solves the LP with objective `±Σ vars` and returns its vertex rounded to integers.
    /// The LP optimum of `Σ vars`: the rounded vertex (when HiGHS reports optimality) and the
    /// optimal value (a bound on the integer optimum, up to HiGHS's tolerances).
    fn lp(
        &mut self,
        vars: &[usize],
        sense: Sense,
        deadline: Option<Instant>,
    ) -> (Option<Vec<i128>>, Option<f64>) {
        let mut model = match self.model.take() {
            Some(m) => m,
            None => {
                let (p, cols) = build(self.n, &self.eqs, &self.geqs, false);
                self.cols = cols;
                self.costed.clear();
                let Ok(mut m) = p.try_optimise(Sense::Minimise) else {
                    return (None, None);
                };
                quiet(&mut m);
                self.sense = Sense::Minimise;
                m
            }
        };
        for c in self.costed.drain(..) {
            if let Some(col) = self.cols.get(c) {
                model.change_column_cost(*col, 0.0);
            }
        }
        for v in vars {
            if let Some(col) = self.cols.get(*v) {
                model.change_column_cost(*col, 1.0);
                self.costed.push(*v);
            }
        }
        if self.sense != sense {
            model.set_sense(sense);
            self.sense = sense;
        }
        if !set_time_limit(&mut model, deadline) {
            self.model = Some(model);
            return (None, None);
        }
        self.solves += 1;
        let Ok(solved) = model.try_solve() else {
            return (None, None);
        };
        let optimal = solved.status() == HighsModelStatus::Optimal;
        let x = optimal
            .then(|| Self::rounded(solved.get_solution().columns()))
            .flatten();
        let value = optimal.then(|| solved.objective_value());
        self.model = Some(Model::from(solved));
        (x, value)
    }

    /// Solves the integer program with objective `±Σ vars` (a fresh model: branch and bound
    /// does not warm-start from an LP basis).
    pub(crate) fn mip(
        &mut self,
        vars: &[usize],
        sense: Sense,
        deadline: Option<Instant>,
    ) -> Option<Vec<i128>> {
        let (p, cols) = build(self.n, &self.eqs, &self.geqs, true);
        let mut m = p.try_optimise(sense).ok()?;
        quiet(&mut m);
        for v in vars {
            if let Some(col) = cols.get(*v) {
                m.change_column_cost(*col, 1.0);
            }
        }
        if !set_time_limit(&mut m, deadline) {
            return None;
        }
        // Any integer table found is checked and certifies a bound; an optimal one certifies
        // the attacker's exact bound. A second at most: past it the best table found serves
        // (a narrower interval, so more suppression, never less).
        let _ = m.try_set_option("time_limit", MIP_SECONDS);
        if let Some(d) = deadline {
            let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
            let _ = m.try_set_option("time_limit", left.min(MIP_SECONDS));
        }
        let _ = m.try_set_option("mip_rel_gap", 0.0);
        let _ = m.try_set_option("mip_abs_gap", 0.0);
        // The audit's programs are sums of unknowns equal to published counts: presolve
        // spends longer scaling them than branch and bound spends solving them.
        let _ = m.try_set_option("presolve", "off");
        // The feasibility-jump heuristic took a third of the audit's time at 100k complaints
        // (perf) on these small programs, whose first feasible table HiGHS finds anyway.
        let _ = m.try_set_option("mip_heuristic_run_feasibility_jump", false);
        self.solves += 1;
        self.mips += 1;
        let solved = m.try_solve().ok()?;
        let found = matches!(
            solved.status(),
            HighsModelStatus::Optimal | HighsModelStatus::ReachedTimeLimit
        ) && solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
        found
            .then(|| Self::rounded(solved.get_solution().columns()))
            .flatten()
    }

    /// Adds an integer table to the pool if it checks out.
    pub(crate) fn add_witness(&mut self, x: Vec<i128>) -> bool {
        let ok = self.check(&x);
        if ok {
            self.pool.push(x);
        }
        ok
    }

    /// The smallest and largest value of `Σ vars` over the certified tables of the pool.
    pub(crate) fn pool_range(&self, vars: &[usize]) -> Option<(i128, i128)> {
        self.pool
            .iter()
            .map(|x| vars.iter().filter_map(|v| x.get(*v)).sum::<i128>())
            .fold(None, |acc, v| match acc {
                None => Some((v, v)),
                Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
            })
    }

    /// The certified smallest (`Sense::Minimise`) or largest (`Sense::Maximise`) value of
    /// `Σ vars` over the integer tables consistent with the constraints.
    /// Extends the pool toward a target without a solver (τ-ARGUS's hypercube idea, on any
    /// table): from the pool's table with the most extreme value of `Σ vars`, repeatedly
    /// finds a pattern `d` of ±1 over a few unknowns that leaves every published equation's
    /// sum unchanged (a rectangle in a two-way table, a 2×2×2 cube in a three-way one), moves
    /// the target the wanted way, and goes as far along it as non-negativity and the known
    /// lower bounds allow. Every table reached is checked exactly before it joins the pool,
    /// so the walk can only add certified worlds: it makes the LP unnecessary when the
    /// pool then shows the target protected, and never makes an interval wider than the
    /// attacker's. Stops at `goal` (a value of `Σ vars`), after [`MOVES`] moves, or when no
    /// pattern is found within [`MOVE_BUDGET`].
    pub(crate) fn walk(&mut self, vars: &[usize], up: bool, goal: i128) {
        if self.var_eqs.len() != self.n {
            self.var_eqs = vec![Vec::new(); self.n];
            self.var_geqs = vec![Vec::new(); self.n];
            for (i, r) in self.eqs.iter().enumerate() {
                for v in &r.vars {
                    if let Some(l) = self.var_eqs.get_mut(*v) {
                        l.push(i);
                    }
                }
            }
            for (i, r) in self.geqs.iter().enumerate() {
                for v in &r.vars {
                    if let Some(l) = self.var_geqs.get_mut(*v) {
                        l.push(i);
                    }
                }
            }
        }
        let value = |x: &[i128]| -> i128 { vars.iter().filter_map(|v| x.get(*v)).sum() };
        let start = if up {
            self.pool.iter().max_by_key(|x| value(x))
        } else {
            self.pool.iter().min_by_key(|x| value(x))
        };
        let Some(mut x) = start.cloned() else {
            return;
        };
        let sign: i128 = if up { 1 } else { -1 };
        let mut is_target = vec![false; self.n];
        for v in vars {
            if let Some(t) = is_target.get_mut(*v) {
                *t = true;
            }
        }
        for _ in 0..MOVES {
            let now = value(&x);
            if (up && now >= goal) || (!up && now <= goal) {
                return;
            }
            let Some((d, step)) = self.direction(&x, vars, &is_target, sign) else {
                return;
            };
            for (v, s) in &d {
                if let Some(xv) = x.get_mut(*v) {
                    *xv += step * s;
                }
            }
            if !self.check(&x) {
                return;
            }
            self.pool.push(x.clone());
        }
    }

    /// A move for [`Problem::walk`]: the pattern and how far along it the table stays
    /// feasible (at least 1).
    fn direction(
        &self,
        x: &[i128],
        vars: &[usize],
        is_target: &[bool],
        sign: i128,
    ) -> Option<(Vec<(usize, i128)>, i128)> {
        let mut search = Search {
            imbalance: vec![0; self.eqs.len()],
            touched: Vec::new(),
            chosen: vec![false; self.n],
            d: Vec::new(),
            budget: MOVE_BUDGET,
        };
        for t in vars {
            if sign < 0 && x.get(*t).copied().unwrap_or(0) < 1 {
                continue;
            }
            search.push(self, *t, sign);
            if let Some(step) = self.extend(x, is_target, sign, &mut search) {
                return Some((search.d, step));
            }
            search.pop(self);
            if search.budget == 0 {
                break;
            }
        }
        None
    }

    /// Depth-first completion of a partial pattern: balance the first unbalanced equation
    /// with an unknown of the opposite sign, preferring unknowns that balance other
    /// equations too (closing a rectangle or a cube).
    fn extend(&self, x: &[i128], is_target: &[bool], sign: i128, s: &mut Search) -> Option<i128> {
        if s.budget == 0 {
            return None;
        }
        s.budget -= 1;
        // The unbalanced equation with the fewest unknowns: the most constrained choice
        // first (a two-way margin line before a one-way margin or the total).
        let Some(row) = s
            .touched
            .iter()
            .copied()
            .filter(|r| s.imbalance.get(*r).is_some_and(|b| *b != 0))
            .min_by_key(|r| (self.eqs.get(*r).map_or(usize::MAX, |e| e.vars.len()), *r))
        else {
            let step = self.step(x, &s.d);
            return (step >= 1).then_some(step);
        };
        if s.d.len() >= MOVE_SUPPORT {
            return None;
        }
        let need = -s.imbalance.get(row).copied().unwrap_or(0).signum();
        let mut candidates: Vec<(i128, usize)> = self
            .eqs
            .get(row)
            .map_or(&[][..], |r| r.vars.as_slice())
            .iter()
            .copied()
            .filter(|u| !s.chosen.get(*u).copied().unwrap_or(true))
            .filter(|u| need > 0 || x.get(*u).copied().unwrap_or(0) >= 1)
            .filter(|u| !is_target.get(*u).copied().unwrap_or(false) || need == sign)
            .map(|u| {
                let score: i128 = self
                    .var_eqs
                    .get(u)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .map(|r| {
                        let b = s.imbalance.get(*r).copied().unwrap_or(0);
                        if b * need < 0 { 1 } else { -1 }
                    })
                    .sum();
                (-score, u)
            })
            .collect();
        candidates.sort_unstable();
        for (_, u) in candidates {
            s.push(self, u, need);
            if let Some(step) = self.extend(x, is_target, sign, s) {
                return Some(step);
            }
            s.pop(self);
            if s.budget == 0 {
                return None;
            }
        }
        None
    }

    /// How far the table `x` can go along the balanced pattern `d`: every unknown stays
    /// non-negative and every known lower bound holds.
    fn step(&self, x: &[i128], d: &[(usize, i128)]) -> i128 {
        let mut step: i128 = 1 << 40;
        let mut delta: std::collections::HashMap<usize, i128> = std::collections::HashMap::new();
        for (v, s) in d {
            if *s < 0 {
                step = step.min(x.get(*v).copied().unwrap_or(0));
            }
            for g in self.var_geqs.get(*v).map_or(&[][..], Vec::as_slice) {
                *delta.entry(*g).or_default() += s;
            }
        }
        for (g, dl) in delta {
            if dl < 0
                && let Some(r) = self.geqs.get(g)
            {
                let sum: i128 = r.vars.iter().filter_map(|v| x.get(*v)).sum();
                step = step.min((sum - r.rhs).max(0) / -dl);
            }
        }
        step
    }

    pub(crate) fn bound(
        &mut self,
        vars: &[usize],
        sense: Sense,
        deadline: Option<Instant>,
    ) -> Bound {
        let value = |x: &[i128]| -> i128 { vars.iter().filter_map(|v| x.get(*v)).sum() };
        let (x, relaxed) = self.lp(vars, sense, deadline);
        if let Some(x) = x
            && self.check(&x)
        {
            let v = value(&x);
            self.pool.push(x);
            return Bound::Certified(v);
        }
        // A fractional vertex: the integer optimum lies between the pool's best certified
        // table and the LP value rounded inward. When the pool (extended by a walk toward the
        // objective) already reaches that rounding, its table is the integer optimum and no
        // integer program is needed. The bound returned is a checked table's value either
        // way: HiGHS's tolerance can only make this skip rarer, never the bound uncertified.
        if let Some(lpv) = relaxed.filter(|v| v.is_finite() && v.abs() < 1e15) {
            let up = matches!(sense, Sense::Maximise);
            let reach = if up {
                (lpv + 1e-6).floor() as i128
            } else {
                (lpv - 1e-6).ceil() as i128
            };
            self.walk(vars, up, reach);
            if let Some((lo, hi)) = self.pool_range(vars)
                && ((up && hi >= reach) || (!up && lo <= reach))
            {
                return Bound::Certified(if up { hi } else { lo });
            }
        }
        match self.mip(vars, sense, deadline) {
            Some(x) if self.check(&x) => {
                let v = value(&x);
                self.pool.push(x);
                Bound::Certified(v)
            }
            _ => Bound::Unproven,
        }
    }
}

/// The walk's partial pattern: the unknowns chosen with their signs, and each equation's
/// resulting change.
struct Search {
    imbalance: Vec<i128>,
    touched: Vec<usize>,
    chosen: Vec<bool>,
    d: Vec<(usize, i128)>,
    budget: u32,
}

impl Search {
    fn push(&mut self, p: &Problem, v: usize, sign: i128) {
        let s = if sign > 0 { 1 } else { -1 };
        for r in p.var_eqs.get(v).map_or(&[][..], Vec::as_slice) {
            if let Some(b) = self.imbalance.get_mut(*r) {
                *b += s;
            }
            self.touched.push(*r);
        }
        if let Some(c) = self.chosen.get_mut(v) {
            *c = true;
        }
        self.d.push((v, sign));
    }

    fn pop(&mut self, p: &Problem) {
        let Some((v, sign)) = self.d.pop() else {
            return;
        };
        let s = if sign > 0 { 1 } else { -1 };
        let rows = p.var_eqs.get(v).map_or(&[][..], Vec::as_slice);
        for r in rows {
            if let Some(b) = self.imbalance.get_mut(*r) {
                *b -= s;
            }
        }
        self.touched
            .truncate(self.touched.len().saturating_sub(rows.len()));
        if let Some(c) = self.chosen.get_mut(v) {
            *c = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(vars: &[usize], rhs: i128) -> Row {
        Row {
            vars: vars.to_vec(),
            rhs,
        }
    }

    fn range(p: &mut Problem, vars: &[usize]) -> (Bound, Bound) {
        (
            p.bound(vars, Sense::Minimise, None),
            p.bound(vars, Sense::Maximise, None),
        )
    }

    #[test]
    fn two_by_two_rectangle() {
        // x0 x1 | 13      cells (3, 10; 20, 5): row sums 13, 25, column sums 23, 15.
        // x2 x3 | 25
        let eqs = vec![
            row(&[0, 1], 13),
            row(&[2, 3], 25),
            row(&[0, 2], 23),
            row(&[1, 3], 15),
        ];
        let mut p = Problem::new(4, eqs, vec![]);
        use Bound::Certified as C;
        assert_eq!(range(&mut p, &[0]), (C(0), C(13)));
        assert_eq!(range(&mut p, &[3]), (C(2), C(15)));
        assert_eq!(range(&mut p, &[0, 1]), (C(13), C(13)));
        // Every withheld cell known to be at least 1 (zeros are published).
        let geqs = (0..4).map(|j| row(&[j], 1)).collect();
        let mut p = Problem::new(
            4,
            vec![
                row(&[0, 1], 13),
                row(&[2, 3], 25),
                row(&[0, 2], 23),
                row(&[1, 3], 15),
            ],
            geqs,
        );
        assert_eq!(range(&mut p, &[0]), (C(1), C(12)));
    }

    #[test]
    fn the_check_is_exact() {
        let p = Problem::new(2, vec![row(&[0, 1], 5)], vec![row(&[0], 1)]);
        assert!(p.check(&[1, 4]));
        assert!(!p.check(&[0, 5]));
        assert!(!p.check(&[2, 4]));
        assert!(!p.check(&[-1, 6]));
        assert!(!p.check(&[5]));
    }

    #[test]
    fn a_fractional_vertex_falls_back_to_the_integer_program() {
        // x0 + x1 = 1, x1 + x2 = 1, x0 + x2 = 1: the only LP point is (1/2, 1/2, 1/2) and no
        // integer table fits, so nothing can be certified.
        let mut p = Problem::new(
            3,
            vec![row(&[0, 1], 1), row(&[1, 2], 1), row(&[0, 2], 1)],
            vec![],
        );
        assert_eq!(p.bound(&[0], Sense::Minimise, None), Bound::Unproven);
        // 2x0-style odd cycle with an integer solution: x0 + x1 = 2, x1 + x2 = 2, x0 + x2 = 2
        // has the single point (1, 1, 1).
        let mut p = Problem::new(
            3,
            vec![row(&[0, 1], 2), row(&[1, 2], 2), row(&[0, 2], 2)],
            vec![],
        );
        assert_eq!(
            range(&mut p, &[0]),
            (Bound::Certified(1), Bound::Certified(1))
        );
    }

    #[test]
    fn three_way_table_with_two_way_margins() {
        // A 2×2×2 parity table with every two-way margin published and every cell unknown:
        // its complement has the same margins, so cell 0 may be 0 or 1.
        let idx = |i: usize, j: usize, k: usize| i * 4 + j * 2 + k;
        let truth = [1i128, 0, 0, 1, 0, 1, 1, 0];
        let mut eqs = Vec::new();
        for a in 0..2 {
            for b in 0..2 {
                let ij: Vec<usize> = (0..2).map(|k| idx(a, b, k)).collect();
                let ik: Vec<usize> = (0..2).map(|j| idx(a, j, b)).collect();
                let jk: Vec<usize> = (0..2).map(|i| idx(i, a, b)).collect();
                for vars in [ij, ik, jk] {
                    let rhs = vars.iter().map(|v| truth[*v]).sum();
                    eqs.push(row(&vars, rhs));
                }
            }
        }
        let mut p = Problem::new(8, eqs, vec![]);
        assert_eq!(
            range(&mut p, &[0]),
            (Bound::Certified(0), Bound::Certified(1))
        );
    }

    #[test]
    fn the_walk_finds_the_extremes_of_a_rectangle_without_a_solver() {
        let eqs = vec![
            row(&[0, 1], 13),
            row(&[2, 3], 25),
            row(&[0, 2], 23),
            row(&[1, 3], 15),
        ];
        let geqs = (0..4).map(|j| row(&[j], 1)).collect();
        let mut p = Problem::new(4, eqs, geqs);
        assert!(p.add_witness(vec![5, 8, 18, 7]));
        p.walk(&[0], false, 0);
        p.walk(&[0], true, 100);
        assert_eq!(p.pool_range(&[0]), Some((1, 12)));
        assert_eq!(p.solves, 0);
        for x in &p.pool {
            assert!(p.check(x));
        }
    }

    #[test]
    fn the_walk_moves_a_cube_of_a_three_way_table() {
        let idx = |i: usize, j: usize, k: usize| i * 4 + j * 2 + k;
        let truth = [3i128, 5, 4, 2, 6, 1, 2, 7];
        let mut eqs = Vec::new();
        for a in 0..2 {
            for b in 0..2 {
                let ij: Vec<usize> = (0..2).map(|k| idx(a, b, k)).collect();
                let ik: Vec<usize> = (0..2).map(|j| idx(a, j, b)).collect();
                let jk: Vec<usize> = (0..2).map(|i| idx(i, a, b)).collect();
                for vars in [ij, ik, jk] {
                    let rhs = vars.iter().map(|v| truth[*v]).sum();
                    eqs.push(row(&vars, rhs));
                }
            }
        }
        let mut p = Problem::new(8, eqs, vec![]);
        assert!(p.add_witness(truth.to_vec()));
        p.walk(&[0], false, 0);
        p.walk(&[0], true, 100);
        // The cube's minus cells are 5, 4, 6, 7 at +1 from cell 0 and 3, 2, 1, 2 at −1:
        // cell 0 ranges over 3 − 1 ..= 3 + 4.
        assert_eq!(p.pool_range(&[0]), Some((2, 7)));
        let (lo, hi) = range(&mut p, &[0]);
        assert_eq!((lo, hi), (Bound::Certified(2), Bound::Certified(7)));
        for x in &p.pool {
            assert!(p.check(x));
        }
    }
}
