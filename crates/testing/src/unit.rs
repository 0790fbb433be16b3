//! Units of measurement with exact conversion factors, and the decimal numbers of the
//! programme file.
//!
//! Every unit has a dimension and a factor to its dimension's base unit. The factors are
//! exact decimals (`1 m³/min = 60 m³/h`, `1 W = 0.001 kW`), so converting a value to the base
//! unit is one decimal multiplication, which is exact: two values are compared in the base
//! unit of their dimension and no conversion can flip a verdict. Dividing back into another
//! unit is exact only sometimes (`1 m³/h` is `1/60 m³/min`); where a value must be shown in
//! another unit, [`Unit::convert`] refuses a result that is not exact.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

/// A unit a plan item, limit, result or declared value is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unit {
    /// A percentage (efficiencies, separation degrees): dimensionless, `1 % = 0.01`.
    Percent,
    /// A plain number (a ratio, a count).
    One,
    /// A rating or grade on the programme's own scale.
    Points,
    /// A-weighted sound power or pressure level, dB(A). Levels are not converted to anything.
    DbA,
    /// Watt.
    W,
    /// Kilowatt.
    Kw,
    /// Kilowatt hour.
    KwH,
    /// Cubic metre per minute (range hoods' air flow in GB standards).
    M3PerMin,
    /// Cubic metre per hour.
    M3PerH,
    /// Pascal.
    Pa,
    /// Kilopascal.
    KPa,
    /// Millimetre.
    Mm,
    /// Centimetre.
    Cm,
    /// Metre.
    M,
    /// Gram.
    G,
    /// Kilogram.
    Kg,
    /// Second.
    S,
    /// Minute.
    Min,
    /// Hour.
    H,
    /// Degree Celsius (a temperature, not converted).
    DegC,
    /// Milligram per kilogram (contaminants).
    MgPerKg,
    /// Microgram per kilogram.
    UgPerKg,
}

/// What a unit measures; only units of one dimension compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Dimension {
    /// A ratio (percent, plain numbers).
    Ratio,
    /// A grade or rating on the programme's scale.
    Points,
    /// A sound level.
    SoundLevel,
    /// Power.
    Power,
    /// Energy.
    Energy,
    /// Volume flow.
    Flow,
    /// Pressure.
    Pressure,
    /// Length.
    Length,
    /// Mass.
    Mass,
    /// Time.
    Time,
    /// Temperature.
    Temperature,
    /// Mass fraction.
    MassFraction,
}

impl Unit {
    /// Every unit, in declaration order.
    pub const ALL: [Unit; 22] = [
        Unit::Percent,
        Unit::One,
        Unit::Points,
        Unit::DbA,
        Unit::W,
        Unit::Kw,
        Unit::KwH,
        Unit::M3PerMin,
        Unit::M3PerH,
        Unit::Pa,
        Unit::KPa,
        Unit::Mm,
        Unit::Cm,
        Unit::M,
        Unit::G,
        Unit::Kg,
        Unit::S,
        Unit::Min,
        Unit::H,
        Unit::DegC,
        Unit::MgPerKg,
        Unit::UgPerKg,
    ];

    /// The unit's dimension.
    pub fn dimension(self) -> Dimension {
        match self {
            Unit::Percent | Unit::One => Dimension::Ratio,
            Unit::Points => Dimension::Points,
            Unit::DbA => Dimension::SoundLevel,
            Unit::W | Unit::Kw => Dimension::Power,
            Unit::KwH => Dimension::Energy,
            Unit::M3PerMin | Unit::M3PerH => Dimension::Flow,
            Unit::Pa | Unit::KPa => Dimension::Pressure,
            Unit::Mm | Unit::Cm | Unit::M => Dimension::Length,
            Unit::G | Unit::Kg => Dimension::Mass,
            Unit::S | Unit::Min | Unit::H => Dimension::Time,
            Unit::DegC => Dimension::Temperature,
            Unit::MgPerKg | Unit::UgPerKg => Dimension::MassFraction,
        }
    }

    /// The exact factor to the dimension's base unit (the base units are %, points, dB(A),
    /// W, kWh, m³/h, Pa, mm, g, s, °C and µg/kg).
    pub fn factor(self) -> Decimal {
        match self {
            Unit::One => Decimal::ONE_HUNDRED,
            Unit::Kw | Unit::KPa | Unit::M | Unit::Kg | Unit::MgPerKg => Decimal::ONE_THOUSAND,
            Unit::M3PerMin | Unit::Min => Decimal::from(60),
            Unit::H => Decimal::from(3600),
            Unit::Cm => Decimal::TEN,
            Unit::Percent
            | Unit::Points
            | Unit::DbA
            | Unit::W
            | Unit::KwH
            | Unit::M3PerH
            | Unit::Pa
            | Unit::Mm
            | Unit::G
            | Unit::S
            | Unit::DegC
            | Unit::UgPerKg => Decimal::ONE,
        }
    }

    /// The base unit of the unit's dimension (the unit whose factor is 1).
    pub fn base(self) -> Unit {
        match self.dimension() {
            Dimension::Ratio => Unit::Percent,
            Dimension::Points => Unit::Points,
            Dimension::SoundLevel => Unit::DbA,
            Dimension::Power => Unit::W,
            Dimension::Energy => Unit::KwH,
            Dimension::Flow => Unit::M3PerH,
            Dimension::Pressure => Unit::Pa,
            Dimension::Length => Unit::Mm,
            Dimension::Mass => Unit::G,
            Dimension::Time => Unit::S,
            Dimension::Temperature => Unit::DegC,
            Dimension::MassFraction => Unit::UgPerKg,
        }
    }

    /// The symbol as printed in a table.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::One => "",
            Unit::Points => "points",
            Unit::DbA => "dB(A)",
            Unit::W => "W",
            Unit::Kw => "kW",
            Unit::KwH => "kWh",
            Unit::M3PerMin => "m³/min",
            Unit::M3PerH => "m³/h",
            Unit::Pa => "Pa",
            Unit::KPa => "kPa",
            Unit::Mm => "mm",
            Unit::Cm => "cm",
            Unit::M => "m",
            Unit::G => "g",
            Unit::Kg => "kg",
            Unit::S => "s",
            Unit::Min => "min",
            Unit::H => "h",
            Unit::DegC => "°C",
            Unit::MgPerKg => "mg/kg",
            Unit::UgPerKg => "µg/kg",
        }
    }

    /// `value` in the dimension's base unit: one exact multiplication (`None` on overflow).
    pub fn to_base(self, value: Decimal) -> Option<Decimal> {
        value.checked_mul(self.factor())
    }

    /// `value` written in this unit, converted to `to`: `None` when the dimensions differ,
    /// on overflow, or when the result is not an exact decimal (`1 m³/h` in m³/min).
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use weiquan_testing::Unit;
    /// let flow = Unit::M3PerMin.convert(Decimal::new(175, 1), Unit::M3PerH);
    /// assert_eq!(flow, Some(Decimal::from(1050)));
    /// assert_eq!(Unit::M3PerH.convert(Decimal::ONE, Unit::M3PerMin), None);
    /// assert_eq!(Unit::DbA.convert(Decimal::ONE, Unit::W), None);
    /// ```
    pub fn convert(self, value: Decimal, to: Unit) -> Option<Decimal> {
        if self.dimension() != to.dimension() {
            return None;
        }
        if self == to {
            return Some(value);
        }
        let base = self.to_base(value)?;
        let out = base.checked_div(to.factor())?;
        // Exact only when multiplying back gives the base value again.
        (out.checked_mul(to.factor())? == base).then(|| out.normalize())
    }
}

/// A value with its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// The value, written as a decimal string (`"48.5"`).
    #[serde(deserialize_with = "decimal")]
    pub value: Decimal,
    /// Its unit.
    pub unit: Unit,
}

/// Reads a decimal from a JSON string only: a JSON number would pass through a binary float
/// on the way and could arrive as another value.
pub(crate) fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let text = String::deserialize(d)?;
    parse_decimal(&text).ok_or_else(|| {
        serde::de::Error::invalid_value(
            serde::de::Unexpected::Str(&text),
            &"a decimal number written as a string, e.g. \"48.5\"",
        )
    })
}

/// [`decimal`] for an optional field.
pub(crate) fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    decimal(d).map(Some)
}

fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() || t != text || t.contains(['e', 'E', '_']) {
        return None;
    }
    Decimal::from_str_exact(t).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_are_positive_and_units_of_one_dimension_convert_both_ways_when_exact() {
        for a in Unit::ALL {
            assert!(a.factor() > Decimal::ZERO);
            for b in Unit::ALL {
                let v = Decimal::from(7200);
                match a.convert(v, b) {
                    Some(c) => {
                        assert_eq!(a.dimension(), b.dimension());
                        assert_eq!(a.base().factor(), Decimal::ONE);
                        assert_eq!(a.base().dimension(), a.dimension());
                        assert_eq!(b.to_base(c), a.to_base(v), "{a:?}->{b:?}");
                    }
                    None => assert_ne!(a.dimension(), b.dimension(), "{a:?}->{b:?}"),
                }
            }
        }
    }

    #[test]
    fn a_conversion_that_is_not_an_exact_decimal_is_refused() {
        assert_eq!(Unit::M3PerH.convert(Decimal::ONE, Unit::M3PerMin), None);
        assert_eq!(Unit::S.convert(Decimal::ONE, Unit::H), None);
        assert_eq!(
            Unit::M3PerH.convert(Decimal::from(90), Unit::M3PerMin),
            Some(Decimal::new(15, 1))
        );
        assert_eq!(
            Unit::W.convert(Decimal::ONE, Unit::Kw),
            Some(Decimal::new(1, 3))
        );
        assert_eq!(
            Unit::One.convert(Decimal::new(5, 1), Unit::Percent),
            Some(Decimal::from(50))
        );
    }

    #[test]
    fn decimals_are_read_from_strings_only() {
        assert_eq!(parse_decimal("48.50"), Some(Decimal::new(4850, 2)));
        assert_eq!(parse_decimal("-0.5"), Some(Decimal::new(-5, 1)));
        assert_eq!(parse_decimal(" 1"), None);
        assert_eq!(parse_decimal("1e3"), None);
        assert_eq!(parse_decimal(""), None);
        let q: Result<Quantity, _> = serde_json::from_str(r#"{"value": 48.5, "unit": "db_a"}"#);
        assert!(q.is_err());
        let q: Quantity = serde_json::from_str(r#"{"value": "48.5", "unit": "db_a"}"#).unwrap();
        assert_eq!(q.value, Decimal::new(485, 1));
    }
}
