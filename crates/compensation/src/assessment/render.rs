//! The assessment as text: amounts in yuan (`1,299.00`), computations written out
//! (`3 × 1,299.00 = 3,897.00`), and the one-line summaries in English and Chinese.

use std::fmt::{self, Write as _};

use weiquan_complaint::Yuan;

use super::{Amount, Assessment, Calc, Step, Term, Vocabulary};

impl fmt::Display for Amount {
    /// `3,897.00`, or `0.00 – 200.00` for a range.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Amount::Exact(a) => Grouped(*a).fmt(f),
            Amount::Range { min, max } => write!(f, "{} – {}", Grouped(*min), Grouped(*max)),
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Amount(a) => Grouped(*a).fmt(f),
            Term::Days(d) => write!(f, "{d}"),
            Term::Units(u) => write!(f, "{u}"),
        }
    }
}

/// An amount as whole yuan and fen, read from the decimal's mantissa and scale (cheaper
/// than formatting the decimal); `None` for what an amount never is (negative, more than two
/// places, beyond `u64` yuan), which the callers format the slow way.
fn yuan_and_fen(y: Yuan) -> Option<(u64, u8)> {
    let d = y.as_decimal();
    let scale = d.scale();
    if d.is_sign_negative() || scale > 2 {
        return None;
    }
    let m = u128::try_from(d.mantissa()).ok()?;
    let fen = m.checked_mul(10u128.pow(2 - scale))?;
    Some((
        u64::try_from(fen / 100).ok()?,
        u8::try_from(fen % 100).ok()?,
    ))
}

/// An amount written as `Yuan`'s `Display` writes it (`1299.00`), faster.
pub(crate) struct Plain(pub(crate) Yuan);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match yuan_and_fen(self.0) {
            Some((yuan, fen)) => write!(f, "{yuan}.{fen:02}"),
            None => self.0.fmt(f),
        }
    }
}

/// An amount written as `Yuan::grouped` writes it (`1,299.00`), without allocating: traces
/// render several amounts per step, and the compact form renders every step.
struct Grouped(Yuan);

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((yuan, fen)) = yuan_and_fen(self.0) else {
            return f.write_str(&self.0.grouped());
        };
        write_grouped_int(f, yuan)?;
        write!(f, ".{fen:02}")
    }
}

/// `1234567` as `1,234,567`, without allocating.
fn write_grouped_int(f: &mut fmt::Formatter<'_>, n: u64) -> fmt::Result {
    // Groups of three from the most significant; u64 has at most 7 of them.
    let mut groups = [0u16; 7];
    let mut count = 0;
    let mut rest = n;
    for g in &mut groups {
        *g = u16::try_from(rest % 1000).unwrap_or_default();
        rest /= 1000;
        count += 1;
        if rest == 0 {
            break;
        }
    }
    let mut first = true;
    for g in groups.iter().take(count).rev() {
        if first {
            write!(f, "{g}")?;
            first = false;
        } else {
            write!(f, ",{g:03}")?;
        }
    }
    Ok(())
}

impl fmt::Display for Calc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Calc::Multiply {
                factor,
                base,
                result,
            } => write!(
                f,
                "{} × {} = {}",
                factor.normalize(),
                Grouped(*base),
                Grouped(*result)
            ),
            Calc::AtLeast {
                value,
                floor,
                result,
            } => write!(
                f,
                "max({}, {}) = {}",
                Grouped(*value),
                Grouped(*floor),
                Grouped(*result)
            ),
            Calc::AtMost { value, cap, result } => write!(
                f,
                "min({}, {}) = {}",
                Grouped(*value),
                Grouped(*cap),
                Grouped(*result)
            ),
            Calc::Ratio {
                base,
                numerator,
                denominator,
                result,
            } => write!(
                f,
                "{} × {numerator} ÷ {denominator} = {}",
                Grouped(*base),
                Grouped(*result)
            ),
            Calc::Subtract { a, b, result } => write!(
                f,
                "{} − {} = {}",
                Grouped(*a),
                Grouped(*b),
                Grouped(*result)
            ),
            Calc::Interest {
                principal,
                rate,
                days,
                basis,
                result,
            } => write!(
                f,
                "{} × {rate} × {days} ÷ {basis} = {}",
                Grouped(*principal),
                Grouped(*result)
            ),
            Calc::Depreciation {
                price,
                rate,
                days,
                result,
            } => write!(
                f,
                "{} × {rate} × {days} = {}",
                Grouped(*price),
                Grouped(*result)
            ),
            Calc::UseFee {
                price,
                km,
                coefficient,
                result,
            } => {
                write!(f, "{} × ", Grouped(*price))?;
                write_grouped_int(f, u64::from(*km))?;
                write!(f, " ÷ 1,000 × {coefficient} = {}", Grouped(*result))
            }
            Calc::RateAtMost { value, cap, result } => {
                write!(f, "min({value}, {cap}) = {result}")
            }
            Calc::DayCount { first, last, days } if first > last => {
                write!(f, "{first} > {last}: {days}")
            }
            Calc::DayCount { first, last, days } => write!(f, "{first} – {last} = {days}"),
            Calc::Age { born, on, years } => write!(f, "age({born}, {on}) = {years}"),
            Calc::Sum { parts, result } => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" + ")?;
                    }
                    write!(f, "{p}")?;
                }
                if parts.is_empty() {
                    f.write_str("0.00")?;
                }
                write!(f, " = {result}")
            }
        }
    }
}

impl fmt::Display for Step {
    /// The computation, then the citations of the statutory number it used with their marks:
    /// `3 × 1,299.00 = 3,897.00 [CRPL (2013 amendment), Art. 55, para. 1 [V]]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.calc.fmt(f)?;
        if let Some(p) = self.parameter {
            f.write_str(" [")?;
            for (i, c) in p.parameter().sources.iter().enumerate() {
                if i > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "{c}")?;
            }
            f.write_str("]")?;
        }
        Ok(())
    }
}

impl Assessment {
    /// A one-line summary in English.
    pub fn summary_en(&self) -> String {
        let mut s = format!("Proposed total: {} yuan", self.total);
        let mut first = true;
        for i in self.proposed() {
            s.push_str(if first { " (" } else { "; " });
            first = false;
            let _ = write!(s, "{} {}", i.kind.en(), i.amount);
        }
        if !first {
            s.push(')');
        }
        s.push('.');
        s
    }

    /// A one-line summary in Chinese.
    pub fn summary_zh(&self) -> String {
        let mut s = format!("建议合计：{}元", self.total);
        let mut first = true;
        for i in self.proposed() {
            s.push_str(if first { "（" } else { "；" });
            first = false;
            let _ = write!(s, "{}{}元", i.kind.zh(), i.amount);
        }
        if !first {
            s.push('）');
        }
        s.push('。');
        s
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;

    fn y(s: &str) -> Yuan {
        s.parse().unwrap()
    }

    #[test]
    fn calculations_render_as_in_the_issue() {
        let m = Calc::Multiply {
            factor: Decimal::from(3),
            base: y("1299"),
            result: y("3897"),
        };
        assert_eq!(m.to_string(), "3 × 1,299.00 = 3,897.00");
        let a = Calc::AtLeast {
            value: y("3897"),
            floor: y("500"),
            result: y("3897"),
        };
        assert_eq!(a.to_string(), "max(3,897.00, 500.00) = 3,897.00");
        let u = Calc::UseFee {
            price: y("150000"),
            km: 12000,
            coefficient: "0.5%".parse().unwrap(),
            result: y("9000"),
        };
        assert_eq!(
            u.to_string(),
            "150,000.00 × 12,000 ÷ 1,000 × 0.5% = 9,000.00"
        );
        let n = Calc::RateAtMost {
            value: "0.8%".parse().unwrap(),
            cap: "0.5%".parse().unwrap(),
            result: "0.5%".parse().unwrap(),
        };
        assert_eq!(n.to_string(), "min(0.8%, 0.5%) = 0.5%");
        let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let d = Calc::DayCount {
            first: day("2025-05-01"),
            last: day("2026-04-30"),
            days: 365,
        };
        assert_eq!(d.to_string(), "2025-05-01 – 2026-04-30 = 365");
        let none = Calc::DayCount {
            first: day("2026-05-01"),
            last: day("2026-04-30"),
            days: 0,
        };
        assert_eq!(none.to_string(), "2026-05-01 > 2026-04-30: 0");
        let s = Calc::Sum {
            parts: vec![
                Amount::Exact(y("1299")),
                Amount::Range {
                    min: y("0"),
                    max: y("10"),
                },
            ],
            result: Amount::Range {
                min: y("1299"),
                max: y("1309"),
            },
        };
        assert_eq!(
            s.to_string(),
            "1,299.00 + 0.00 – 10.00 = 1,299.00 – 1,309.00"
        );
    }

    #[test]
    fn a_step_shows_the_citations_of_its_number_with_their_marks() {
        let step = |parameter| Step {
            label: super::super::Label::PriceMultiple,
            calc: Calc::Multiply {
                factor: Decimal::from(3),
                base: y("1299"),
                result: y("3897"),
            },
            parameter: Some(parameter),
            overridden: false,
        };
        assert_eq!(
            step(crate::table::ParamId::CrplFraudMultiplier).to_string(),
            "3 × 1,299.00 = 3,897.00 [CRPL (2013 amendment), Art. 55, para. 1 [V]]"
        );
        assert_eq!(
            step(crate::table::ParamId::CarEarlyDays).to_string(),
            "3 × 1,299.00 = 3,897.00 [SAMR Order No. 43, Art. 20 [V]; SAMR Order No. 43, Art. 23 [V]]"
        );
        assert_eq!(
            step(crate::table::ParamId::InterestDayBasis).to_string(),
            "3 × 1,299.00 = 3,897.00 [SPC Fa Shi [2025] No. 4, Art. 16 [U]]"
        );
    }

    #[test]
    fn grouped_amounts_render_as_yuan_grouped() {
        for text in [
            "0",
            "0.5",
            "1",
            "12",
            "123",
            "999.99",
            "1000",
            "12345.6",
            "123456",
            "1234567.89",
            "999999999.99",
            "1000000000",
            "1000000.01",
        ] {
            let v = y(text);
            assert_eq!(Grouped(v).to_string(), v.grouped(), "{text}");
        }
        assert_eq!(Grouped(y("1234567.89")).to_string(), "1,234,567.89");
        assert_eq!(Grouped(y("123456")).to_string(), "123,456.00");
        assert_eq!(Grouped(y("12")).to_string(), "12.00");
    }

    proptest::proptest! {
        #[test]
        fn grouped_and_plain_are_yuan_grouped_and_display(fen in 0u64..u64::MAX) {
            let v = Yuan::from_fen(fen);
            proptest::prop_assert_eq!(Grouped(v).to_string(), v.grouped());
            proptest::prop_assert_eq!(Plain(v).to_string(), v.to_string());
        }

        #[test]
        fn grouped_int_is_the_digits_in_threes(n: u64) {
            struct G(u64);
            impl fmt::Display for G {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    write_grouped_int(f, self.0)
                }
            }
            let text = G(n).to_string();
            proptest::prop_assert_eq!(text.replace(',', ""), n.to_string());
            for (i, group) in text.split(',').enumerate() {
                proptest::prop_assert!(group.len() == 3 || (i == 0 && !group.is_empty() && group.len() < 3));
            }
        }
    }

    #[test]
    fn plain_falls_back_beyond_u64_yuan() {
        let big = Yuan::new(Decimal::from(u64::MAX) * Decimal::from(10)).unwrap();
        assert_eq!(Plain(big).to_string(), big.to_string());
        assert_eq!(Grouped(big).to_string(), big.grouped());
        assert_eq!(Plain(y("0")).to_string(), "0.00");
        assert_eq!(Plain(y("0.5")).to_string(), "0.50");
        assert_eq!(Plain(y("1299")).to_string(), "1299.00");
    }
}
