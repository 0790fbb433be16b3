//! `Yuan`: an amount of renminbi, exact to the fen.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;
use crate::normalize::fold_width;

/// A non-negative amount of renminbi (CNY) with at most two decimal places.
///
/// It wraps [`rust_decimal::Decimal`], never a float. Parsing rejects negative and
/// over-precise values; computations that must round (a multiplier, a rate, a ratio) round to
/// the fen half away from zero, the rounding Chinese courts and the reference use. All
/// arithmetic is checked: it returns [`Error::AmountOverflow`] rather than wrapping.
/// It serialises as a string with exactly two decimals, e.g. `"1299.00"`.
///
/// ```
/// use weiquan_complaint::Yuan;
/// let price: Yuan = "1,299".parse()?;
/// assert_eq!(price.to_string(), "1299.00");
/// assert_eq!(price.checked_mul_int(3)?.to_string(), "3897.00");
/// assert_eq!(price.grouped(), "1,299.00");
/// # Ok::<(), weiquan_complaint::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Yuan(Decimal);

/// The largest amount weiquan reads (one trillion yuan), the one limit every crate shares:
/// the validator, the claim reader and assessment. No consumer transaction comes near it,
/// and it keeps every statutory multiplication (at most a few times the price, plus fixed
/// minimums) far from `Decimal`'s range, so an amount that passes validation can always be
/// assessed. It lives here, in the value type, because every reader of an amount parses one.
pub const MAX_AMOUNT_YUAN: u64 = 1_000_000_000_000;

impl Yuan {
    /// Zero yuan.
    pub const ZERO: Yuan = Yuan(Decimal::ZERO);

    /// An amount from a whole number of fen (1/100 yuan).
    pub fn from_fen(fen: u64) -> Yuan {
        Yuan(Decimal::from(fen) / Decimal::ONE_HUNDRED)
    }

    /// An amount from a whole number of yuan.
    pub fn from_yuan(yuan: u64) -> Yuan {
        Yuan(Decimal::from(yuan))
    }

    /// An exact amount: rejects negatives and more than two decimal places.
    pub fn new(d: Decimal) -> Result<Yuan, Error> {
        if d.is_sign_negative() && !d.is_zero() {
            return Err(Error::AmountNegative {
                value: d.to_string(),
            });
        }
        let n = d.normalize();
        if n.scale() > 2 {
            return Err(Error::AmountTooPrecise {
                value: d.to_string(),
            });
        }
        Ok(Yuan(n.abs()))
    }

    /// An amount rounded to the fen, half away from zero; rejects negatives.
    pub fn rounded(d: Decimal) -> Result<Yuan, Error> {
        if d.is_sign_negative() && !d.is_zero() {
            return Err(Error::AmountNegative {
                value: d.to_string(),
            });
        }
        Ok(Yuan(
            d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
                .abs(),
        ))
    }

    /// The exact decimal value.
    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// The amount in fen, or `None` when it does not fit in a `u64`.
    pub fn to_fen(self) -> Option<u64> {
        let fen = self.0.checked_mul(Decimal::ONE_HUNDRED)?;
        u64::try_from(fen).ok()
    }

    /// Whether the amount is zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// `self + other`.
    pub fn checked_add(self, other: Yuan) -> Result<Yuan, Error> {
        self.0
            .checked_add(other.0)
            .map(Yuan)
            .ok_or(Error::AmountOverflow { operation: "add" })
    }

    /// `self - other`, or `None` when the result would be negative.
    pub fn checked_sub(self, other: Yuan) -> Option<Yuan> {
        if other.0 > self.0 {
            None
        } else {
            self.0.checked_sub(other.0).map(Yuan)
        }
    }

    /// `self - other`, floored at zero.
    pub fn saturating_sub(self, other: Yuan) -> Yuan {
        self.checked_sub(other).unwrap_or(Yuan::ZERO)
    }

    /// `self × n` for a whole multiplier (exact).
    pub fn checked_mul_int(self, n: u64) -> Result<Yuan, Error> {
        self.0
            .checked_mul(Decimal::from(n))
            .map(Yuan)
            .ok_or(Error::AmountOverflow {
                operation: "multiply",
            })
    }

    /// `self × factor`, rounded to the fen half away from zero. A negative factor is an error.
    pub fn checked_mul_decimal(self, factor: Decimal) -> Result<Yuan, Error> {
        let product = self.0.checked_mul(factor).ok_or(Error::AmountOverflow {
            operation: "multiply",
        })?;
        Yuan::rounded(product)
    }

    /// `self × numerator ÷ denominator`, rounded to the fen half away from zero. Used for
    /// pro-rata refunds; a zero denominator is an overflow error.
    pub fn checked_mul_ratio(
        self,
        numerator: Decimal,
        denominator: Decimal,
    ) -> Result<Yuan, Error> {
        let op = Error::AmountOverflow { operation: "ratio" };
        let product = self.0.checked_mul(numerator).ok_or(op.clone())?;
        let q = product.checked_div(denominator).ok_or(op)?;
        Yuan::rounded(q)
    }

    /// The sum of amounts.
    pub fn checked_sum<I: IntoIterator<Item = Yuan>>(items: I) -> Result<Yuan, Error> {
        items.into_iter().try_fold(Yuan::ZERO, Yuan::checked_add)
    }

    /// The amount with thousands separators, e.g. `1,299.00`, as shown in computation traces.
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (int, frac) = plain.split_once('.').unwrap_or((&plain, "00"));
        let mut out = String::with_capacity(plain.len() + int.len() / 3);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out.push('.');
        out.push_str(frac);
        out
    }
}

impl fmt::Display for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.0;
        d.rescale(2);
        write!(f, "{d}")
    }
}

impl FromStr for Yuan {
    type Err = Error;

    /// Accepts `12`, `12.5`, `12.50`, `1,299.00`, full-width digits, a leading `¥`/`￥`, and
    /// surrounding spaces. Rejects negatives, exponents and more than two decimals.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(y) = canonical(s) {
            return Ok(y);
        }
        let syntax = || Error::AmountSyntax {
            value: weiquan_support::mask::echo(s),
        };
        let mut text: String = s
            .chars()
            .map(fold_width)
            .filter(|c| !c.is_whitespace())
            .collect();
        if let Some(rest) = text.strip_prefix('¥').or_else(|| text.strip_prefix('￥')) {
            text = rest.to_owned();
        }
        let (sign_negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(&text)),
        };
        if !valid_grouping(body) {
            return Err(syntax());
        }
        let digits: String = body.chars().filter(|c| *c != ',').collect();
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits.as_str(), ""),
        };
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return Err(syntax());
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) || (digits.contains('.') && frac.is_empty()) {
            return Err(syntax());
        }
        let d = Decimal::from_str_exact(&digits).map_err(|_| syntax())?;
        if sign_negative && !d.is_zero() {
            return Err(Error::AmountNegative {
                value: weiquan_support::mask::echo(s),
            });
        }
        if frac.trim_end_matches('0').len() > 2 {
            return Err(Error::AmountTooPrecise {
                value: weiquan_support::mask::echo(s),
            });
        }
        let y = Yuan::new(d).map_err(|_| Error::AmountTooPrecise {
            value: weiquan_support::mask::echo(s),
        })?;
        if y.0 > Decimal::from(MAX_AMOUNT_YUAN) {
            return Err(Error::AmountTooLarge {
                value: weiquan_support::mask::echo(s),
            });
        }
        Ok(y)
    }
}

/// The fast path for the canonical form `123` / `123.4` / `123.45` (what weiquan writes).
fn canonical(s: &str) -> Option<Yuan> {
    let b = s.as_bytes();
    let (int, frac) = match b.iter().position(|c| *c == b'.') {
        Some(p) => (b.get(..p)?, b.get(p + 1..)?),
        None => (b, &[][..]),
    };
    let ok = !int.is_empty()
        && int.len() <= 20
        && int.iter().all(u8::is_ascii_digit)
        && frac.len() <= 2
        && (frac.is_empty() != b.contains(&b'.'))
        && frac.iter().all(u8::is_ascii_digit);
    if !ok {
        return None;
    }
    Decimal::from_str_exact(s)
        .ok()
        .and_then(|d| Yuan::new(d).ok())
        .filter(|y| y.0 <= Decimal::from(MAX_AMOUNT_YUAN))
}

/// Thousands separators, when present, must group the integer part in threes.
fn valid_grouping(body: &str) -> bool {
    if !body.contains(',') {
        return true;
    }
    let int = body.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int.split(',').collect();
    match groups.split_first() {
        Some((first, rest)) => {
            !first.is_empty() && first.len() <= 3 && rest.iter().all(|g| g.len() == 3)
        }
        None => false,
    }
}

impl Serialize for Yuan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Yuan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Yuan;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount of yuan as a string, e.g. \"12.50\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Yuan, E> {
                v.parse().map_err(crate::serde_util::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl schemars::JsonSchema for Yuan {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Yuan".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An amount of renminbi in yuan, non-negative, at most two decimals, e.g. \"1299.00\".",
            "pattern": "^[0-9]+(\\.[0-9]{1,2})?$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn y(s: &str) -> Yuan {
        s.parse().unwrap()
    }

    #[test]
    fn parses_the_forms_people_write() {
        assert_eq!(y("12").to_string(), "12.00");
        assert_eq!(y("12.5").to_string(), "12.50");
        assert_eq!(y(" ￥1,299.00 ").to_string(), "1299.00");
        assert_eq!(y("１２.３０").to_string(), "12.30");
        assert_eq!(y("0.10").to_string(), "0.10");
        assert_eq!(y("12.500").to_string(), "12.50");
        assert_eq!(y("-0").to_string(), "0.00");
    }

    #[test]
    fn rejects_bad_amounts_with_the_value() {
        assert_eq!(
            "-1".parse::<Yuan>(),
            Err(Error::AmountNegative { value: "-1".into() })
        );
        assert_eq!(
            "1.234".parse::<Yuan>(),
            Err(Error::AmountTooPrecise {
                value: "1.234".into()
            })
        );
        for bad in [
            "",
            "abc",
            "1e3",
            "1.",
            ".5",
            "1,23",
            "12,345,67",
            "1..2",
            "NaN",
            "1 2x",
        ] {
            assert_eq!(
                bad.parse::<Yuan>(),
                Err(Error::AmountSyntax { value: bad.into() }),
                "{bad}"
            );
        }
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(
            Yuan::rounded(Decimal::new(1005, 3)).unwrap().to_string(),
            "1.01"
        );
        assert_eq!(
            Yuan::rounded(Decimal::new(1004, 3)).unwrap().to_string(),
            "1.00"
        );
        assert_eq!(
            y("10.00")
                .checked_mul_ratio(Decimal::ONE, Decimal::from(3))
                .unwrap()
                .to_string(),
            "3.33"
        );
        assert_eq!(
            y("0.05")
                .checked_mul_decimal(Decimal::new(5, 1))
                .unwrap()
                .to_string(),
            "0.03"
        );
    }

    #[test]
    fn arithmetic_is_checked() {
        let max = Yuan(Decimal::MAX);
        assert_eq!(
            max.checked_add(y("1")),
            Err(Error::AmountOverflow { operation: "add" })
        );
        assert_eq!(
            max.checked_mul_int(2),
            Err(Error::AmountOverflow {
                operation: "multiply"
            })
        );
        assert_eq!(y("1").checked_sub(y("2")), None);
        assert_eq!(y("1").saturating_sub(y("2")), Yuan::ZERO);
        assert!(
            y("1")
                .checked_mul_ratio(Decimal::ONE, Decimal::ZERO)
                .is_err()
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(y("0").grouped(), "0.00");
        assert_eq!(y("999").grouped(), "999.00");
        assert_eq!(y("1000").grouped(), "1,000.00");
        assert_eq!(y("1234567.8").grouped(), "1,234,567.80");
    }

    proptest! {
        #[test]
        fn serde_round_trip(fen in 0u64..10_000_000_000_000) {
            let a = Yuan::from_fen(fen);
            let json = serde_json::to_string(&a).unwrap();
            let back: Yuan = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(a, back);
            prop_assert_eq!(back.to_fen(), Some(fen));
        }

        #[test]
        fn parse_never_panics(s in "\\PC*") {
            let _ = s.parse::<Yuan>();
        }
    }
}
