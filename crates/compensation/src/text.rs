//! Texts that state statutory numbers. A rule title, a parameter's meaning or a vocabulary
//! text that says "within 7 days" is written as a template, `within {sanbao_1995_9_days}
//! days`, and rendered with the value in force: the table's, or a policy's override. So the
//! text an assessment prints always says the number the engine used.
//!
//! A placeholder is `{code}` or `{code:format}`, `code` a [`ParamId`] code:
//!
//! | format | renders 7, 3000, 0.005, 24 as |
//! |---|---|
//! | (none) | `7`, `3000`, `0.005`, `24` |
//! | `,` | `7`, `3,000` (thousands grouped) |
//! | `zh` | `七`, `三千` (Chinese numerals, as statutes write them) |
//! | `pct` | `0.5` for 0.005 (the per cent number, without the sign) |
//! | `next` | `8` (the day after: "from day 6" of "over 5 days") |
//! | `years` | `2` for 24 (months as years) |
//!
//! A value a format cannot write (a fraction in Chinese numerals, months that are not whole
//! years) falls back to its digits, so rendering never fails.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::policy::Override;
use crate::table::ParamId;

/// The values of the statutory numbers in force: the table's, with a policy's overrides.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Values<'a>(pub(crate) &'a [Override]);

impl Values<'_> {
    /// The table's values, unchanged.
    pub(crate) const TABLE: Values<'static> = Values(&[]);

    /// The value in force of a parameter.
    pub(crate) fn value(self, id: ParamId) -> Decimal {
        self.0
            .iter()
            .find(|o| o.parameter == id)
            .map_or_else(|| id.parameter().value, |o| o.value)
    }
}

/// `template` with every placeholder replaced by the value in force (borrowed when it has
/// none). An unknown code is left as written, which the tests rule out for the built-in texts.
pub(crate) fn render(template: &'static str, values: Values<'_>) -> Cow<'static, str> {
    if !template.contains('{') {
        return Cow::Borrowed(template);
    }
    fill(template, values)
}

/// `template` with its placeholders filled, rendered on the spot.
fn fill(template: &'static str, values: Values<'_>) -> Cow<'static, str> {
    let mut out = String::with_capacity(template.len() + 8);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let Some((spec, tail)) = after.split_once('}') else {
            out.push('{');
            rest = after;
            continue;
        };
        let (code, format) = spec.split_once(':').unwrap_or((spec, ""));
        match ParamId::from_code(code) {
            Some(id) => write_value(&mut out, values.value(id), format),
            None => {
                out.push('{');
                out.push_str(spec);
                out.push('}');
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The placeholders of a template: (parameter code, format).
#[cfg(test)]
pub(crate) fn placeholders(template: &str) -> impl Iterator<Item = (&str, &str)> {
    template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}'))
        .map(|(spec, _)| spec.split_once(':').unwrap_or((spec, "")))
}

fn write_value(out: &mut String, v: Decimal, format: &str) {
    let whole = |d: Decimal| {
        (d.fract().is_zero())
            .then(|| u64::try_from(d).ok())
            .flatten()
    };
    match format {
        "," => match whole(v) {
            Some(n) => out.push_str(&grouped(n)),
            None => out.push_str(&v.normalize().to_string()),
        },
        "zh" => match whole(v).and_then(|n| u32::try_from(n).ok()) {
            Some(n) => out.push_str(&weiquan_law::chinese_number(n)),
            None => out.push_str(&v.normalize().to_string()),
        },
        "pct" => out.push_str(
            &v.checked_mul(Decimal::ONE_HUNDRED)
                .unwrap_or(v)
                .normalize()
                .to_string(),
        ),
        "next" => out.push_str(
            &v.checked_add(Decimal::ONE)
                .unwrap_or(v)
                .normalize()
                .to_string(),
        ),
        "years" => {
            let twelve = Decimal::from(12);
            if (v % twelve).is_zero() {
                out.push_str(&(v / twelve).normalize().to_string());
            } else {
                out.push_str(&v.normalize().to_string());
            }
        }
        _ => out.push_str(&v.normalize().to_string()),
    }
}

/// `50000` as `50,000`.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// For the tests of every templated text: whether a template writes a value as a number
/// rather than through its placeholder.
#[cfg(test)]
pub(crate) mod tests_support {
    use rust_decimal::Decimal;

    /// Whether `template`, its placeholders removed, writes `value` as digits (`7`,
    /// `3,000`) or as a Chinese numeral before a unit (`七日`, `三倍`).
    pub(crate) fn states_raw(template: &str, value: Decimal) -> bool {
        let mut text = String::new();
        let mut rest = template;
        while let Some((before, after)) = rest.split_once('{') {
            text.push_str(before);
            text.push(' ');
            rest = after.split_once('}').map_or("", |(_, t)| t);
        }
        text.push_str(rest);
        let plain = value.normalize().to_string();
        let mut forms = vec![plain.clone()];
        if let Ok(n) = u64::try_from(value) {
            forms.push(super::grouped(n));
            if let Ok(n) = u32::try_from(n) {
                let zh = weiquan_law::chinese_number(n);
                for unit in ["倍", "日", "元", "次", "年", "个"] {
                    if text.contains(&format!("{zh}{unit}")) {
                        return true;
                    }
                }
            }
        }
        forms.iter().any(|f| standalone(&text, f))
    }

    /// Whether `needle` occurs in `text` not as part of a longer number.
    fn standalone(text: &str, needle: &str) -> bool {
        let part_of_number =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
        text.match_indices(needle).any(|(i, _)| {
            let before = text.get(..i).and_then(|b| b.chars().next_back());
            let after = text.get(i + needle.len()..).and_then(|a| a.chars().next());
            !part_of_number(before) && !part_of_number(after)
        })
    }

    #[test]
    fn raw_numbers_are_found() {
        let d = Decimal::from;
        assert!(states_raw("within 7 days", d(7)));
        assert!(states_raw("收货七日内", d(7)));
        assert!(states_raw("3,000 km", d(3000)));
        assert!(!states_raw("within {x} days (1993 law)", d(7)));
        assert!(!states_raw("Art. 17 and 3,000", d(7)));
        assert!(!states_raw("三包有效期", d(3)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_render_in_every_format() {
        let t = Values::TABLE;
        assert_eq!(
            render("within {sanbao_1995_9_days} days", t),
            "within 7 days"
        );
        assert_eq!(render("{car_2021_18_warranty_km:,} km", t), "50,000 km");
        assert_eq!(render("{car_2021_23_km:,}", t), "3,000");
        assert_eq!(render("不足{crpl_2013_55_1_minimum:zh}元", t), "不足五百元");
        assert_eq!(render("{fsl_2015_148_2_minimum:zh}", t), "一千");
        assert_eq!(render("{car_2021_27_coefficient_max:pct} %", t), "0.5 %");
        assert_eq!(render("day {car_2021_21_days:next}", t), "day 6");
        assert_eq!(
            render("{car_2021_18_repair_months:years} years", t),
            "3 years"
        );
        assert!(matches!(render("no number", t), Cow::Borrowed(_)));
    }

    #[test]
    fn overrides_are_rendered_and_odd_templates_survive() {
        let o = [Override {
            parameter: ParamId::SanbaoReturnDays,
            value: Decimal::from(10),
        }];
        assert_eq!(
            render("{sanbao_1995_9_days} and {sanbao_1995_10_days}", Values(&o)),
            "10 and 15"
        );
        assert_eq!(render("{nothing} {", Values::TABLE), "{nothing} {");
        assert_eq!(
            render("{sanbao_1995_9_days", Values::TABLE),
            "{sanbao_1995_9_days"
        );
        assert_eq!(
            placeholders("a {x:zh} b {y}").collect::<Vec<_>>(),
            [("x", "zh"), ("y", "")]
        );
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
