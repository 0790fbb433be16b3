//! `Ratio`: an exact rational number over `i128`, for shares, rates, privacy budgets and the
//! audit's linear programs. Every operation is checked; nothing is ever a float.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// An exact rational number `num / den` in lowest terms with `den > 0`.
///
/// ```
/// use weiquan_stats::{Ratio, Rounding};
/// let share = Ratio::new(749_317, 982_249).ok_or("zero denominator")?;
/// assert_eq!(share.to_percent(2, Rounding::HalfAwayFromZero), "76.29");
/// let eps: Ratio = "0.1".parse()?;
/// assert_eq!(eps.to_string(), "1/10");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: i128,
    den: i128,
}

/// How a rational is rounded to a fixed number of decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Towards negative infinity.
    Floor,
    /// Towards positive infinity.
    Ceiling,
    /// To the nearest, halves away from zero (the convention of published statistics).
    HalfAwayFromZero,
    /// To the nearest, halves to the even neighbour (banker's rounding, unbiased in sums).
    HalfEven,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (a, b) = (a.unsigned_abs(), b.unsigned_abs());
    // Most values are small: a 64-bit binary gcd avoids 128-bit division.
    if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
        return i128::from(gcd64(x, y));
    }
    let (mut a, mut b) = (a, b);
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    // `a` divides the original values, so it fits in i128 unless both were i128::MIN.
    i128::try_from(a).unwrap_or(1)
}

fn gcd64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// `a / b` for a divisor known to divide `a`, in 64 bits when both fit.
fn div_exact(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(x), Ok(y)) if y != 0 && !(x == i64::MIN && y == -1) => i128::from(x / y),
        _ => a / b,
    }
}

impl Ratio {
    /// Zero.
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };
    /// One.
    pub const ONE: Ratio = Ratio { num: 1, den: 1 };

    /// `num / den` in lowest terms, or `None` for a zero denominator (or `i128::MIN`).
    pub fn new(num: i128, den: i128) -> Option<Ratio> {
        if den == 1 && num != i128::MIN {
            return Some(Ratio { num, den });
        }
        if den == 0 || num == i128::MIN || den == i128::MIN {
            return None;
        }
        let g = gcd(num, den).max(1);
        let (mut n, mut d) = (div_exact(num, g), div_exact(den, g));
        if d < 0 {
            n = -n;
            d = -d;
        }
        Some(Ratio { num: n, den: d })
    }

    /// An integer.
    pub fn from_int(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    /// The numerator (sign carrier).
    pub fn numer(self) -> i128 {
        self.num
    }

    /// The denominator (always positive).
    pub fn denom(self) -> i128 {
        self.den
    }

    /// Whether it is zero.
    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    /// Whether it is below zero.
    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    /// Whether it is above zero.
    pub fn is_positive(self) -> bool {
        self.num > 0
    }

    /// `self + o`.
    pub fn checked_add(self, o: Ratio) -> Option<Ratio> {
        if self.den == 1 && o.den == 1 {
            let n = self.num.checked_add(o.num)?;
            return (n != i128::MIN).then_some(Ratio { num: n, den: 1 });
        }
        if self.den == o.den {
            return Ratio::new(self.num.checked_add(o.num)?, self.den);
        }
        let g = gcd(self.den, o.den);
        let l = div_exact(self.den, g);
        let r = div_exact(o.den, g);
        let n = self
            .num
            .checked_mul(r)?
            .checked_add(o.num.checked_mul(l)?)?;
        Ratio::new(n, self.den.checked_mul(r)?)
    }

    /// `-self`.
    pub fn checked_neg(self) -> Option<Ratio> {
        Some(Ratio {
            num: self.num.checked_neg()?,
            den: self.den,
        })
    }

    /// `self - o`.
    pub fn checked_sub(self, o: Ratio) -> Option<Ratio> {
        self.checked_add(o.checked_neg()?)
    }

    /// `self × o`.
    pub fn checked_mul(self, o: Ratio) -> Option<Ratio> {
        if self.num == 0 || o.num == 0 {
            return Some(Ratio::ZERO);
        }
        if self.den == 1 && o.den == 1 {
            let n = self.num.checked_mul(o.num)?;
            return (n != i128::MIN).then_some(Ratio { num: n, den: 1 });
        }
        let g1 = gcd(self.num, o.den);
        let g2 = gcd(o.num, self.den);
        let n = div_exact(self.num, g1).checked_mul(div_exact(o.num, g2))?;
        let d = div_exact(self.den, g2).checked_mul(div_exact(o.den, g1))?;
        Ratio::new(n, d)
    }

    /// `self ÷ o`, `None` when `o` is zero.
    pub fn checked_div(self, o: Ratio) -> Option<Ratio> {
        if o.num == 0 {
            return None;
        }
        if o.den == 1 && o.num == 1 {
            return Some(self);
        }
        if o.den == 1 && o.num == -1 {
            return self.checked_neg();
        }
        self.checked_mul(Ratio::new(o.den, o.num)?)
    }

    /// The largest integer not above the value.
    pub fn floor(self) -> i128 {
        self.num.div_euclid(self.den)
    }

    /// The smallest integer not below the value.
    pub fn ceil(self) -> i128 {
        let f = self.floor();
        if self.num.rem_euclid(self.den) == 0 {
            f
        } else {
            f.saturating_add(1)
        }
    }

    /// The value rounded to an integer as `mode` says.
    pub fn round(self, mode: Rounding) -> i128 {
        match mode {
            Rounding::Floor => self.floor(),
            Rounding::Ceiling => self.ceil(),
            Rounding::HalfAwayFromZero | Rounding::HalfEven => {
                let a = Ratio {
                    num: self.num.saturating_abs(),
                    den: self.den,
                };
                let f = a.floor();
                let rem = a.num.rem_euclid(a.den);
                // rem / den against 1/2: compare 2 rem with den.
                let up = match rem.saturating_mul(2).cmp(&a.den) {
                    Ordering::Greater => true,
                    Ordering::Less => false,
                    Ordering::Equal => mode == Rounding::HalfAwayFromZero || f % 2 == 1,
                };
                let m = if up { f.saturating_add(1) } else { f };
                if self.num < 0 { -m } else { m }
            }
        }
    }

    /// The value written with exactly `decimals` decimals, rounded as `mode` says, e.g.
    /// `0.7629` for `749317/982249` with 4 decimals. Saturates for values beyond 10^30.
    pub fn to_fixed(self, decimals: u32, mode: Rounding) -> String {
        let scale = 10i128.saturating_pow(decimals);
        let scaled = Ratio::new(self.num.saturating_mul(scale), self.den)
            .unwrap_or(Ratio::ZERO)
            .round(mode);
        let neg = scaled < 0;
        let digits = scaled.unsigned_abs().to_string();
        let d = decimals as usize;
        let padded = if digits.len() <= d {
            format!("{}{digits}", "0".repeat(d + 1 - digits.len()))
        } else {
            digits
        };
        let split = padded.len() - d;
        let (int, frac) = (padded.get(..split).unwrap_or("0"), padded.get(split..));
        let sign = if neg { "-" } else { "" };
        match frac {
            Some(f) if !f.is_empty() => format!("{sign}{int}.{f}"),
            _ => format!("{sign}{int}"),
        }
    }

    /// The value × 100 with `decimals` decimals: a share or rate as a percentage.
    pub fn to_percent(self, decimals: u32, mode: Rounding) -> String {
        self.checked_mul(Ratio::from_int(100))
            .unwrap_or(self)
            .to_fixed(decimals, mode)
    }
}

impl Default for Ratio {
    fn default() -> Self {
        Ratio::ZERO
    }
}

impl Ord for Ratio {
    /// Exact comparison by continued fractions, which never overflows.
    fn cmp(&self, other: &Self) -> Ordering {
        if self.den == other.den {
            return self.num.cmp(&other.num);
        }
        // Within 64 bits the cross products cannot overflow 128.
        if let (Ok(a), Ok(b), Ok(c), Ok(d)) = (
            i64::try_from(self.num),
            i64::try_from(self.den),
            i64::try_from(other.num),
            i64::try_from(other.den),
        ) {
            return (i128::from(a) * i128::from(d)).cmp(&(i128::from(c) * i128::from(b)));
        }
        let (mut a, mut b, mut c, mut d) = (self.num, self.den, other.num, other.den);
        let mut flipped = false;
        loop {
            let (qa, qc) = (a.div_euclid(b), c.div_euclid(d));
            if qa != qc {
                let o = qa.cmp(&qc);
                return if flipped { o.reverse() } else { o };
            }
            let (ra, rc) = (a.rem_euclid(b), c.rem_euclid(d));
            match (ra == 0, rc == 0) {
                (true, true) => return Ordering::Equal,
                (true, false) => {
                    return if flipped {
                        Ordering::Greater
                    } else {
                        Ordering::Less
                    };
                }
                (false, true) => {
                    return if flipped {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    };
                }
                (false, false) => {
                    // a/b = q + ra/b; compare ra/b with rc/d, i.e. b/ra with d/rc reversed.
                    (a, b, c, d) = (b, ra, d, rc);
                    flipped = !flipped;
                }
            }
        }
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

impl FromStr for Ratio {
    type Err = Error;

    /// Reads `3`, `0.25`, `1/3` (exactly: `0.1` is one tenth).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |en: &str, zh: &str| Error::parameter("ratio", s, en, zh);
        let t = s.trim();
        let int = |x: &str| -> Result<i128, Error> {
            if x.is_empty()
                || !x
                    .trim_start_matches('-')
                    .bytes()
                    .all(|b| b.is_ascii_digit())
            {
                return Err(bad("expected digits", "应为数字"));
            }
            x.parse::<i128>()
                .map_err(|_| bad("out of range", "超出范围"))
        };
        if let Some((n, d)) = t.split_once('/') {
            return Ratio::new(int(n.trim())?, int(d.trim())?)
                .ok_or_else(|| bad("zero denominator", "分母为零"));
        }
        if let Some((i, f)) = t.split_once('.') {
            if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) || f.len() > 30 {
                return Err(bad("expected digits after the point", "小数点后应为数字"));
            }
            let neg = i.starts_with('-');
            let whole = if i.is_empty() || i == "-" { 0 } else { int(i)? };
            let scale = 10i128.pow(f.len() as u32);
            let frac = int(f)?;
            let mag = whole
                .unsigned_abs()
                .checked_mul(scale.unsigned_abs())
                .and_then(|m| m.checked_add(frac.unsigned_abs()))
                .and_then(|m| i128::try_from(m).ok())
                .ok_or_else(|| bad("out of range", "超出范围"))?;
            let n = if neg { -mag } else { mag };
            return Ratio::new(n, scale).ok_or_else(|| bad("out of range", "超出范围"));
        }
        Ok(Ratio::from_int(int(t)?))
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn r(n: i128, d: i128) -> Ratio {
        Ratio::new(n, d).unwrap()
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(r(1, 3).checked_add(r(1, 6)).unwrap(), r(1, 2));
        assert_eq!(r(2, 4), r(1, 2));
        assert_eq!(r(1, -2).numer(), -1);
        assert_eq!(r(3, 4).checked_mul(r(2, 3)).unwrap(), r(1, 2));
        assert_eq!(r(3, 4).checked_div(r(3, 8)).unwrap(), Ratio::from_int(2));
        assert_eq!(r(7, 2).floor(), 3);
        assert_eq!(r(-7, 2).floor(), -4);
        assert_eq!(r(7, 2).ceil(), 4);
        assert_eq!(r(-7, 2).ceil(), -3);
        assert_eq!(r(5, 2).round(Rounding::HalfAwayFromZero), 3);
        assert_eq!(r(-5, 2).round(Rounding::HalfAwayFromZero), -3);
        assert_eq!(r(5, 2).round(Rounding::HalfEven), 2);
        assert_eq!(r(7, 2).round(Rounding::HalfEven), 4);
        assert_eq!(r(-5, 2).round(Rounding::HalfEven), -2);
        assert_eq!(r(11, 4).round(Rounding::HalfEven), 3);
        assert_eq!(Ratio::new(1, 0), None);
    }

    #[test]
    fn fixed_decimals() {
        assert_eq!(
            r(749_317, 982_249).to_percent(2, Rounding::HalfAwayFromZero),
            "76.29"
        );
        assert_eq!(r(1, 3).to_fixed(4, Rounding::Ceiling), "0.3334");
        assert_eq!(r(1, 3).to_fixed(4, Rounding::Floor), "0.3333");
        assert_eq!(r(-1, 8).to_fixed(2, Rounding::HalfAwayFromZero), "-0.13");
        assert_eq!(Ratio::from_int(12).to_fixed(0, Rounding::Floor), "12");
        assert_eq!(r(1, 200).to_fixed(2, Rounding::HalfAwayFromZero), "0.01");
    }

    #[test]
    fn parses() {
        assert_eq!("0.1".parse::<Ratio>().unwrap(), r(1, 10));
        assert_eq!("-1.5".parse::<Ratio>().unwrap(), r(-3, 2));
        assert_eq!(" 2/6 ".parse::<Ratio>().unwrap(), r(1, 3));
        assert_eq!("4".parse::<Ratio>().unwrap(), Ratio::from_int(4));
        assert!("1/0".parse::<Ratio>().is_err());
        assert!("e".parse::<Ratio>().is_err());
        assert!("1.".parse::<Ratio>().is_err());
        let json = serde_json::to_string(&r(1, 3)).unwrap();
        assert_eq!(json, "\"1/3\"");
        assert_eq!(serde_json::from_str::<Ratio>(&json).unwrap(), r(1, 3));
    }

    proptest! {
        #[test]
        fn gcd_agrees_with_euclid(a in any::<u64>(), b in any::<u64>()) {
            let (mut x, mut y) = (u128::from(a), u128::from(b));
            while y != 0 { let t = x % y; x = y; y = t; }
            prop_assert_eq!(u128::from(gcd64(a, b)), x);
        }

        #[test]
        fn order_agrees_with_cross_multiplication(a in -1000i128..1000, b in 1i128..1000,
                                                  c in -1000i128..1000, d in 1i128..1000) {
            prop_assert_eq!(r(a, b).cmp(&r(c, d)), (a * d).cmp(&(c * b)));
        }

        #[test]
        fn order_never_overflows(a in any::<i64>(), b in 1i64.., c in any::<i64>(), d in 1i64..) {
            let (x, y) = (r(a.into(), b.into()), r(c.into(), d.into()));
            let expected = (i128::from(a) * i128::from(d)).cmp(&(i128::from(c) * i128::from(b)));
            prop_assert_eq!(x.cmp(&y), expected);
        }
    }
}
