//! An exact linear-programming solver for the audit: the simplex method over rationals, for
//! problems
//!
//! ```text
//! minimise  c·x   subject to   A x = b,  x ≥ 0,
//! ```
//!
//! where every row of `A` is a 0/1 vector (a published cell is a sum of unknowns). The
//! tableau is kept sparse (audit matrices are mostly zeros). Phase 1 finds a feasible basis
//! once per problem; each objective then starts from it. Pivots follow Dantzig's rule
//! (most negative reduced cost) and switch to Bland's rule, which cannot cycle, after a run
//! of degenerate pivots, so the method always terminates. All arithmetic is exact (`Ratio`
//! over `i128`, checked): an overflow is an error, never a rounded answer, so the audit
//! cannot pass because of a rounding.

use crate::{Error, Ratio};

/// One equation: the sum of the listed variables equals `rhs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub vars: Vec<usize>,
    pub rhs: Ratio,
}

/// A sparse row: (column, non-zero value), sorted by column.
type SRow = Vec<(usize, Ratio)>;

/// Degenerate pivots in a row before the pivoting rule becomes Bland's.
const DEGENERATE_RUN: u32 = 50;

/// A feasible basis of `A x = b, x ≥ 0`, in tableau form.
#[derive(Debug, Clone)]
pub(crate) struct Feasible {
    n: usize,
    t: Tableau,
}

#[derive(Debug, Clone)]
struct Tableau {
    rows: Vec<SRow>,
    rhs: Vec<Ratio>,
    basis: Vec<usize>,
}

fn of() -> Error {
    Error::overflow("audit linear program")
}

fn get(row: &[(usize, Ratio)], col: usize) -> Ratio {
    match row.binary_search_by_key(&col, |(c, _)| *c) {
        Ok(i) => row.get(i).map_or(Ratio::ZERO, |(_, v)| *v),
        Err(_) => Ratio::ZERO,
    }
}

/// `a + f × b` for sparse rows.
fn axpy(a: &[(usize, Ratio)], f: Ratio, b: &[(usize, Ratio)]) -> Result<SRow, Error> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (Some(&(ca, va)), Some(&(cb, vb))) => {
                if ca < cb {
                    out.push((ca, va));
                    i += 1;
                } else if cb < ca {
                    out.push((cb, f.checked_mul(vb).ok_or_else(of)?));
                    j += 1;
                } else {
                    let v = va
                        .checked_add(f.checked_mul(vb).ok_or_else(of)?)
                        .ok_or_else(of)?;
                    if !v.is_zero() {
                        out.push((ca, v));
                    }
                    i += 1;
                    j += 1;
                }
            }
            (Some(&(ca, va)), None) => {
                out.push((ca, va));
                i += 1;
            }
            (None, Some(&(cb, vb))) => {
                out.push((cb, f.checked_mul(vb).ok_or_else(of)?));
                j += 1;
            }
            (None, None) => return Ok(out),
        }
    }
}

impl Tableau {
    /// Pivots on `(r, e)`, updating the dense objective row `obj` and the value `val`
    /// (which holds minus the objective).
    fn pivot(
        &mut self,
        obj: &mut [Ratio],
        val: &mut Ratio,
        r: usize,
        e: usize,
    ) -> Result<(), Error> {
        let pr = self.rows.get(r).ok_or_else(of)?;
        let p = get(pr, e);
        if p.is_zero() {
            return Err(of());
        }
        let new_pr: SRow = pr
            .iter()
            .map(|(c, v)| v.checked_div(p).map(|q| (*c, q)))
            .collect::<Option<_>>()
            .ok_or_else(of)?;
        let new_rhs = self
            .rhs
            .get(r)
            .copied()
            .unwrap_or(Ratio::ZERO)
            .checked_div(p)
            .ok_or_else(of)?;
        for (i, (row, rhs)) in self.rows.iter_mut().zip(self.rhs.iter_mut()).enumerate() {
            if i == r {
                row.clone_from(&new_pr);
                *rhs = new_rhs;
                continue;
            }
            let f = get(row, e);
            if f.is_zero() {
                continue;
            }
            let neg = f.checked_neg().ok_or_else(of)?;
            *row = axpy(row, neg, &new_pr)?;
            *rhs = rhs
                .checked_add(neg.checked_mul(new_rhs).ok_or_else(of)?)
                .ok_or_else(of)?;
        }
        let f = obj.get(e).copied().unwrap_or(Ratio::ZERO);
        if !f.is_zero() {
            for (c, v) in &new_pr {
                if let Some(o) = obj.get_mut(*c) {
                    *o = o
                        .checked_sub(f.checked_mul(*v).ok_or_else(of)?)
                        .ok_or_else(of)?;
                }
            }
            *val = val
                .checked_sub(f.checked_mul(new_rhs).ok_or_else(of)?)
                .ok_or_else(of)?;
        }
        if let Some(b) = self.basis.get_mut(r) {
            *b = e;
        }
        Ok(())
    }

    /// Minimises over the first `ncols` columns. Returns `false` when unbounded below.
    fn simplex(&mut self, obj: &mut [Ratio], val: &mut Ratio, ncols: usize) -> Result<bool, Error> {
        let mut degenerate = 0u32;
        loop {
            let bland = degenerate >= DEGENERATE_RUN;
            let entering = if bland {
                (0..ncols).find(|j| obj.get(*j).is_some_and(|v| v.is_negative()))
            } else {
                let mut best: Option<(Ratio, usize)> = None;
                for (j, v) in obj.iter().enumerate().take(ncols) {
                    if v.is_negative() && best.is_none_or(|(b, _)| *v < b) {
                        best = Some((*v, j));
                    }
                }
                best.map(|(_, j)| j)
            };
            let Some(e) = entering else {
                return Ok(true);
            };
            let mut best: Option<(Ratio, usize, usize)> = None;
            for (i, (row, rhs)) in self.rows.iter().zip(&self.rhs).enumerate() {
                let a = get(row, e);
                if a.is_positive() {
                    let ratio = rhs.checked_div(a).ok_or_else(of)?;
                    let b = self.basis.get(i).copied().unwrap_or(usize::MAX);
                    let better = match best {
                        None => true,
                        // Ties go to the lowest-numbered basic variable (Bland).
                        Some((q, _, bb)) => ratio < q || (ratio == q && b < bb),
                    };
                    if better {
                        best = Some((ratio, i, b));
                    }
                }
            }
            let Some((ratio, r, _)) = best else {
                return Ok(false);
            };
            if ratio.is_zero() {
                degenerate += 1;
            } else {
                degenerate = 0;
            }
            self.pivot(obj, val, r, e)?;
        }
    }
}

/// Phase 1: a feasible basis for `rows` over `n` variables, or `None` when infeasible.
pub(crate) fn feasible(n: usize, eqs: &[Row]) -> Result<Option<Feasible>, Error> {
    let m = eqs.len();
    let mut t = Tableau {
        rows: Vec::with_capacity(m),
        rhs: Vec::with_capacity(m),
        basis: (n..n + m).collect(),
    };
    // Minimise the sum of the artificials: reduced costs are minus the column sums.
    let mut obj = vec![Ratio::ZERO; n + m];
    let mut val = Ratio::ZERO;
    for (i, eq) in eqs.iter().enumerate() {
        let sign = if eq.rhs.is_negative() {
            Ratio::from_int(-1)
        } else {
            Ratio::ONE
        };
        let mut vars = eq.vars.clone();
        vars.sort_unstable();
        let mut row: SRow = Vec::with_capacity(vars.len() + 1);
        for v in vars {
            match row.last_mut() {
                Some((c, x)) if *c == v => *x = x.checked_add(sign).ok_or_else(of)?,
                _ => row.push((v, sign)),
            }
        }
        row.retain(|(_, x)| !x.is_zero());
        for (c, x) in &row {
            if let Some(o) = obj.get_mut(*c) {
                *o = o.checked_sub(*x).ok_or_else(of)?;
            }
        }
        row.push((n + i, Ratio::ONE));
        let rhs = eq.rhs.checked_mul(sign).ok_or_else(of)?;
        val = val.checked_sub(rhs).ok_or_else(of)?;
        t.rows.push(row);
        t.rhs.push(rhs);
    }
    t.simplex(&mut obj, &mut val, n + m)?;
    if !val.is_zero() {
        return Ok(None);
    }
    // Drive artificials out of the basis; a row with no original column left is redundant.
    let mut i = 0;
    while i < t.rows.len() {
        let b = t.basis.get(i).copied().unwrap_or(0);
        if b >= n {
            let col = t
                .rows
                .get(i)
                .and_then(|row| row.iter().find(|(c, _)| *c < n).map(|(c, _)| *c));
            match col {
                Some(j) => {
                    let mut dummy = vec![Ratio::ZERO; 0];
                    let mut dv = Ratio::ZERO;
                    t.pivot(&mut dummy, &mut dv, i, j)?;
                }
                None => {
                    t.rows.remove(i);
                    t.rhs.remove(i);
                    t.basis.remove(i);
                    continue;
                }
            }
        }
        i += 1;
    }
    for row in &mut t.rows {
        row.retain(|(c, _)| *c < n);
    }
    Ok(Some(Feasible { n, t }))
}

impl Feasible {
    /// The minimum of `Σ c_j x_j` over the feasible set, or `None` when unbounded below.
    /// The basis left by one objective is feasible, so the next starts from it: objectives
    /// asked in order (neighbouring cells) need few pivots each.
    pub(crate) fn minimise(&mut self, c: &[(usize, Ratio)]) -> Result<Option<Ratio>, Error> {
        let n = self.n;
        let mut cost = vec![Ratio::ZERO; n];
        for (j, v) in c {
            if let Some(x) = cost.get_mut(*j) {
                *x = x.checked_add(*v).ok_or_else(of)?;
            }
        }
        // Reduced costs d_j = c_j − Σ_i c_B(i) T_ij; `val` = −(c_B · rhs).
        let mut obj = cost.clone();
        let mut val = Ratio::ZERO;
        for ((row, rhs), b) in self.t.rows.iter().zip(&self.t.rhs).zip(&self.t.basis) {
            let cb = cost.get(*b).copied().unwrap_or(Ratio::ZERO);
            if cb.is_zero() {
                continue;
            }
            for (col, x) in row {
                if let Some(o) = obj.get_mut(*col) {
                    *o = o
                        .checked_sub(cb.checked_mul(*x).ok_or_else(of)?)
                        .ok_or_else(of)?;
                }
            }
            val = val
                .checked_sub(cb.checked_mul(*rhs).ok_or_else(of)?)
                .ok_or_else(of)?;
        }
        let mut t = self.t.clone();
        let bounded = t.simplex(&mut obj, &mut val, n)?;
        // Unbounded or not, every basis the method visits is feasible.
        self.t = t;
        if !bounded {
            return Ok(None);
        }
        val.checked_neg().map(Some).ok_or_else(of)
    }

    /// The interval `[min, max]` of `Σ_{j ∈ vars} x_j`; `None` for an unbounded maximum.
    pub(crate) fn range(&mut self, vars: &[usize]) -> Result<(Ratio, Option<Ratio>), Error> {
        let plus: Vec<(usize, Ratio)> = vars.iter().map(|v| (*v, Ratio::ONE)).collect();
        let minus: Vec<(usize, Ratio)> = vars.iter().map(|v| (*v, Ratio::from_int(-1))).collect();
        // Variables are non-negative, so the minimum of a sum is bounded below by zero.
        let lo = self.minimise(&plus)?.unwrap_or(Ratio::ZERO);
        let hi = match self.minimise(&minus)? {
            Some(v) => Some(v.checked_neg().ok_or_else(of)?),
            None => None,
        };
        Ok((lo, hi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(vars: &[usize], rhs: i128) -> Row {
        Row {
            vars: vars.to_vec(),
            rhs: Ratio::from_int(rhs),
        }
    }

    #[test]
    fn two_by_two_rectangle() {
        // x0 x1 | 13      cells (3, 10; 20, 5): row sums 13, 25, column sums 23, 15.
        // x2 x3 | 25
        let eqs = [
            row(&[0, 1], 13),
            row(&[2, 3], 25),
            row(&[0, 2], 23),
            row(&[1, 3], 15),
        ];
        let mut f = feasible(4, &eqs).unwrap().unwrap();
        // x0 ranges from max(0, 13-15, 23-25) = 0 to min(13, 23) = 13.
        assert_eq!(
            f.range(&[0]).unwrap(),
            (Ratio::ZERO, Some(Ratio::from_int(13)))
        );
        assert_eq!(
            f.range(&[3]).unwrap(),
            (Ratio::from_int(2), Some(Ratio::from_int(15)))
        );
        assert_eq!(
            f.range(&[0, 1]).unwrap(),
            (Ratio::from_int(13), Some(Ratio::from_int(13)))
        );
    }

    #[test]
    fn unbounded_and_infeasible() {
        let mut f = feasible(3, &[row(&[0, 1], 5)]).unwrap().unwrap();
        assert_eq!(f.range(&[2]).unwrap(), (Ratio::ZERO, None));
        assert_eq!(
            f.range(&[1]).unwrap(),
            (Ratio::ZERO, Some(Ratio::from_int(5)))
        );
        assert!(
            feasible(2, &[row(&[0, 1], 5), row(&[0, 1], 6)])
                .unwrap()
                .is_none()
        );
        assert!(feasible(1, &[row(&[0], -1)]).unwrap().is_none());
        // Redundant rows are dropped.
        let mut f = feasible(2, &[row(&[0, 1], 5), row(&[0, 1], 5), row(&[0], 2)])
            .unwrap()
            .unwrap();
        assert_eq!(
            f.range(&[1]).unwrap(),
            (Ratio::from_int(3), Some(Ratio::from_int(3)))
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
        let mut f = feasible(8, &eqs).unwrap().unwrap();
        let (lo, hi) = f.range(&[0]).unwrap();
        assert_eq!(lo, Ratio::ZERO);
        assert_eq!(hi, Some(Ratio::ONE));
    }

    #[test]
    fn sparse_rows_merge() {
        let a = vec![(0, Ratio::ONE), (3, Ratio::from_int(2))];
        let b = vec![(1, Ratio::ONE), (3, Ratio::ONE)];
        let r = axpy(&a, Ratio::from_int(-2), &b).unwrap();
        assert_eq!(r, vec![(0, Ratio::ONE), (1, Ratio::from_int(-2))]);
    }
}
