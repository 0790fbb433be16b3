//! Rounding of numbers by GB/T 8170-2008 (数值修约规则与极限数值的表示和判定).
//!
//! GB/T 8170 rounds in one step to the stated place (连续修约 is not allowed, 3.4): a dropped
//! part below half rounds down, above half rounds up, exactly half rounds to the even digit —
//! "四舍六入五成双" — and a negative number is rounded as its absolute value with the sign put
//! back (3.2). That is round-half-to-even on the exact decimal, which
//! `rust_decimal`'s `MidpointNearestEven` does without a binary float in between.
//!
//! The standard's part 4 gives two ways to judge a value against a limit: the whole value
//! (全数值比较法), used when a plan item says nothing, and the rounded value (修约值比较法),
//! used only where the item names a [`Rounding`] because its standard requires it. The trace
//! shows the raw and the rounded value either way.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Round to `decimals` places after the decimal point (`0` for whole numbers), GB/T 8170.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// The places kept after the decimal point, at most [`Rounding::MAX_DECIMALS`].
    pub decimals: u32,
}

impl Rounding {
    /// The most places a rounding may keep (a `Decimal` holds 28).
    pub const MAX_DECIMALS: u32 = 12;

    /// `value` rounded by GB/T 8170: half to even, symmetric about zero.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use weiquan_testing::Rounding;
    /// let r = Rounding { decimals: 1 };
    /// let d = |s: &str| s.parse::<Decimal>().unwrap();
    /// assert_eq!(r.apply(d("12.1498")), d("12.1")); // 四舍
    /// assert_eq!(r.apply(d("10.2501")), d("10.3")); // above half
    /// assert_eq!(r.apply(d("1.050")), d("1.0"));    // 五成双: half, 0 is even
    /// assert_eq!(r.apply(d("0.350")), d("0.4"));    // half, 4 is even
    /// assert_eq!(r.apply(d("-0.0365")), d("-0.0"));
    /// ```
    pub fn apply(self, value: Decimal) -> Decimal {
        value.round_dp_with_strategy(
            self.decimals.min(Self::MAX_DECIMALS),
            RoundingStrategy::MidpointNearestEven,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn the_examples_of_gb_t_8170_round_as_the_standard_shows() {
        // GB/T 8170-2008, 3.3.1 to 3.3.5, to one place or to whole numbers.
        let one = Rounding { decimals: 1 };
        let whole = Rounding { decimals: 0 };
        assert_eq!(one.apply(d("12.1498")), d("12.1"));
        assert_eq!(whole.apply(d("1268")), d("1268"));
        assert_eq!(whole.apply(d("10.5002")), d("11"));
        assert_eq!(one.apply(d("1.050")), d("1.0"));
        assert_eq!(one.apply(d("0.35")), d("0.4"));
        assert_eq!(whole.apply(d("2.5")), d("2"));
        assert_eq!(whole.apply(d("3.5")), d("4"));
        assert_eq!(whole.apply(d("-2.5")), d("-2"));
        assert_eq!(whole.apply(d("-3.5")), d("-4"));
    }

    #[test]
    fn rounding_is_monotone_and_idempotent() {
        let r = Rounding { decimals: 1 };
        let values: Vec<Decimal> = (-300..300).map(|i| Decimal::new(i, 2)).collect();
        for w in values.windows(2) {
            assert!(r.apply(w[0]) <= r.apply(w[1]));
            assert_eq!(r.apply(r.apply(w[0])), r.apply(w[0]));
        }
    }
}
