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

use std::time::Instant;

use highs::{Col, HighsModelStatus, Model, RowProblem, Sense};

/// The longest one integer program may run, in seconds.
const MIP_SECONDS: f64 = 1.0;

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
    fn lp(&mut self, vars: &[usize], sense: Sense, deadline: Option<Instant>) -> Option<Vec<i128>> {
        let mut model = match self.model.take() {
            Some(m) => m,
            None => {
                let (p, cols) = build(self.n, &self.eqs, &self.geqs, false);
                self.cols = cols;
                self.costed.clear();
                let mut m = p.try_optimise(Sense::Minimise).ok()?;
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
            return None;
        }
        self.solves += 1;
        let solved = model.try_solve().ok()?;
        let x = (solved.status() == HighsModelStatus::Optimal)
            .then(|| Self::rounded(solved.get_solution().columns()))
            .flatten();
        self.model = Some(Model::from(solved));
        x
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
    pub(crate) fn bound(
        &mut self,
        vars: &[usize],
        sense: Sense,
        deadline: Option<Instant>,
    ) -> Bound {
        let value = |x: &[i128]| -> i128 { vars.iter().filter_map(|v| x.get(*v)).sum() };
        if let Some(x) = self.lp(vars, sense, deadline)
            && self.check(&x)
        {
            let v = value(&x);
            self.pool.push(x);
            return Bound::Certified(v);
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
}
