//! The configurable parts: where the reference is unsure (\[S\]/\[U\]) the choice is the
//! caller's, and the assessment flags every output that rests on it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use weiquan_law::Reliability;

use crate::Error;
use crate::rules::{RuleId, RuleSet};
use crate::table::{ParamId, Unit};
use crate::text::Values;

/// Choices the reference leaves open. `Policy::default()` is the reference's recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Rules not to apply (e.g. `fsl_2009_96`, which is \[U\]); they are reported as disabled.
    pub disabled_rules: RuleSet,
    /// Civil Code Art. 203: a period whose last day is a statutory rest day ends on the next
    /// working day. Whether it reaches the CRPL 7-day periods is unresolved \[U\];
    /// default: apply it, with the calendar the assessment is given (the official one unless
    /// the caller passes another, see [`RestDays`]).
    pub holiday_extension: bool,
    /// Where the general 三包 periods start: the rules say the sale date; courts and platforms
    /// often use receipt for delivered goods \[S\].
    pub warranty_start: WarrantyStart,
    /// Limit a knowing buyer's fraud claim to the reasonable quantity, as for food and drugs
    /// (CRPL Implementing Regulations 2024 Art. 49, wording unverified \[U\]). Default: yes.
    pub knowing_buyer_cap_for_fraud: bool,
    /// No fraud compensation for a fabricated claim (Implementing Regulations 2024 Art. 49
    /// \[U\]; for food and drugs SPC Fa Shi \[2024\] No. 9 Art. 15 \[V\] always applies). Default: yes.
    pub fabricated_claim_bars_fraud: bool,
    /// From how many units a food or drug purchase is flagged as a bulk quantity for living
    /// consumption (flag `bulk_quantity`), when no reasonable quantity was found: SPC Fa Shi
    /// \[2024\] No. 9 Arts. 12–14 limit a knowing buyer's ten-fold damages to a reasonable
    /// quantity, judged by shelf life, habits and frequency, but state no number — this is a
    /// prompt for the handler, not a rule of law, and changes no amount. Default: 10; 0 never
    /// flags.
    pub bulk_quantity: u32,
    /// Values replacing \[S\]/\[U\] numbers of the statutory table (verified numbers cannot be
    /// replaced). Each use is flagged in the assessment.
    pub overrides: Vec<Override>,
}

/// One replaced statutory number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Which parameter.
    pub parameter: ParamId,
    /// Its value in the table's unit.
    pub value: Decimal,
}

/// Where the general 三包 periods start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WarrantyStart {
    /// The date of sale (the rules' wording).
    #[default]
    SaleDate,
    /// The date the goods were received, when known.
    ReceiptDate,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            disabled_rules: RuleSet::EMPTY,
            holiday_extension: true,
            warranty_start: WarrantyStart::SaleDate,
            knowing_buyer_cap_for_fraud: true,
            fabricated_claim_bars_fraud: true,
            bulk_quantity: 10,
            overrides: Vec::new(),
        }
    }
}

impl Policy {
    /// The policy with a rule disabled.
    #[must_use]
    pub fn without_rule(mut self, rule: RuleId) -> Policy {
        self.disabled_rules.insert(rule);
        self
    }

    /// The policy with a \[S\]/\[U\] number replaced.
    ///
    /// ```
    /// use weiquan_compensation::{Error, ParamId, Policy};
    /// use rust_decimal::Decimal;
    /// let p = Policy::default().with_override(ParamId::SanbaoReplaceDays, Decimal::from(30))?;
    /// assert_eq!(p.value(ParamId::SanbaoReplaceDays), Decimal::from(30));
    /// assert_eq!(
    ///     Policy::default().with_override(ParamId::CrplFraudMinimum, Decimal::from(100)),
    ///     Err(Error::VerifiedParameter { parameter: "crpl_2013_55_1_minimum" })
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    pub fn with_override(mut self, parameter: ParamId, value: Decimal) -> Result<Policy, Error> {
        let o = Override { parameter, value };
        check_override(&o)?;
        self.overrides.retain(|x| x.parameter != parameter);
        self.overrides.push(o);
        Ok(self)
    }

    /// Checks a policy read from a file: overrides only of \[S\]/\[U\] numbers, within range.
    pub fn check(&self) -> Result<(), Error> {
        self.overrides.iter().try_for_each(check_override)
    }

    /// The value in force under this policy: the override, or the table's.
    pub fn value(&self, id: ParamId) -> Decimal {
        self.values().value(id)
    }

    /// The values in force, for rendering texts.
    pub(crate) fn values(&self) -> Values<'_> {
        Values(&self.overrides)
    }

    /// The override of a parameter, when there is one.
    pub fn override_of(&self, id: ParamId) -> Option<Decimal> {
        self.overrides
            .iter()
            .find(|o| o.parameter == id)
            .map(|o| o.value)
    }

    /// Whole-number value (days, counts).
    pub(crate) fn whole(&self, id: ParamId) -> u64 {
        u64::try_from(self.value(id)).unwrap_or(0)
    }
}

fn check_override(o: &Override) -> Result<(), Error> {
    let p = o.parameter.parameter();
    if p.reliability() == Reliability::Verified {
        return Err(Error::VerifiedParameter {
            parameter: o.parameter.code(),
        });
    }
    let whole_units = matches!(
        p.unit,
        Unit::Days | Unit::WorkingDays | Unit::Months | Unit::Km | Unit::Count
    );
    let bad = o.value.is_sign_negative()
        || (p.unit == Unit::Rate && o.value > Decimal::ONE)
        || (whole_units && (o.value.fract() != Decimal::ZERO || o.value > Decimal::from(100_000)))
        || (p.unit == Unit::Times && o.value > Decimal::from(1_000));
    if bad {
        return Err(Error::OverrideOutOfRange {
            parameter: o.parameter.code(),
            // A number as given, echoed: an identifier pasted as one is masked.
            value: weiquan_support::mask::echo(&o.value.to_string()),
        });
    }
    Ok(())
}

/// Statutory rest days (weekends not moved to working days, and holidays), for the holiday
/// extension of Civil Code Art. 203 and for periods in working days.
///
/// With the `calendar` feature (on by default) `weiquan_calendar::Calendar` implements it,
/// and [`crate::assess`] uses the official calendar; pass another calendar (one with a later
/// State Council notice loaded, say) to [`crate::assess_with`], a list of dates with
/// [`RestDayList`], or [`NoCalendar`] for none.
pub trait RestDays {
    /// `Some(true)` when `date` is a rest day, `Some(false)` when it is a working day, `None`
    /// when the calendar has no data for it.
    fn is_rest_day(&self, date: NaiveDate) -> Option<bool>;
}

/// No calendar: every question about rest days is unanswered, so no holiday extension and
/// no working-day deadline is computed (and the assessment says so).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCalendar;

impl RestDays for NoCalendar {
    fn is_rest_day(&self, _: NaiveDate) -> Option<bool> {
        None
    }
}

/// The State Council calendar (`weiquan-calendar`): a day is a rest day when it is not a
/// working day; a year the calendar does not cover is unknown, so no extension or working-day
/// deadline is computed from it and the assessment says so (`no_calendar`).
///
/// ```
/// use chrono::NaiveDate;
/// use weiquan_calendar::Calendar;
/// use weiquan_compensation::RestDays;
/// let official = Calendar::official();
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// assert_eq!(official.is_rest_day(d(2025, 10, 3)), Some(true)); // National Day
/// assert_eq!(official.is_rest_day(d(2025, 9, 28)), Some(false)); // a Sunday worked (调休)
/// assert_eq!(official.is_rest_day(d(2040, 1, 2)), None); // not covered
/// ```
#[cfg(feature = "calendar")]
impl RestDays for weiquan_calendar::Calendar {
    fn is_rest_day(&self, date: NaiveDate) -> Option<bool> {
        self.is_working_day(date).ok().map(|working| !working)
    }
}

/// A calendar given as the rest days of a covered range of dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestDayList {
    first: NaiveDate,
    last: NaiveDate,
    rest: Vec<NaiveDate>,
}

impl RestDayList {
    /// Rest days between `first` and `last` (inclusive); dates outside the range are unknown.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use weiquan_compensation::{RestDayList, RestDays};
    /// let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
    /// let cal = RestDayList::new(d(10, 1), d(10, 31), vec![d(10, 1), d(10, 2), d(10, 3)]);
    /// assert_eq!(cal.is_rest_day(d(10, 2)), Some(true));
    /// assert_eq!(cal.is_rest_day(d(10, 9)), Some(false));
    /// assert_eq!(cal.is_rest_day(d(11, 1)), None);
    /// ```
    pub fn new(first: NaiveDate, last: NaiveDate, mut rest: Vec<NaiveDate>) -> RestDayList {
        weiquan_support::sort::sort(&mut rest);
        rest.dedup();
        RestDayList { first, last, rest }
    }
}

impl RestDays for RestDayList {
    fn is_rest_day(&self, date: NaiveDate) -> Option<bool> {
        (date >= self.first && date <= self.last).then(|| self.rest.binary_search(&date).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_reference() {
        let p = Policy::default();
        assert!(p.holiday_extension);
        assert_eq!(p.warranty_start, WarrantyStart::SaleDate);
        assert_eq!(p.value(ParamId::SanbaoReturnDays), Decimal::from(7));
        assert!(p.check().is_ok());
    }

    #[test]
    fn overrides_are_checked() {
        assert_eq!(
            Policy::default().with_override(ParamId::SanbaoReturnDays, Decimal::new(15, 1)),
            Err(Error::OverrideOutOfRange {
                parameter: "sanbao_1995_9_days",
                value: "1.5".into()
            })
        );
        let p = Policy::default()
            .with_override(ParamId::SanbaoReturnDays, Decimal::from(10))
            .unwrap()
            .with_override(ParamId::SanbaoReturnDays, Decimal::from(8))
            .unwrap();
        assert_eq!(p.overrides.len(), 1);
        assert_eq!(p.whole(ParamId::SanbaoReturnDays), 8);
    }

    #[test]
    fn policy_json_round_trip() {
        let p = Policy::default()
            .without_rule(RuleId::Fsl2009Food)
            .with_override(ParamId::InterestDayBasis, Decimal::from(360))
            .unwrap();
        let json = serde_json::to_string(&p).unwrap();
        let back: Policy = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        let forged = json.replace("prepaid_2025_16_day_basis", "crpl_2013_55_1_minimum");
        let bad: Policy = serde_json::from_str(&forged).unwrap();
        assert_eq!(
            bad.check(),
            Err(Error::VerifiedParameter {
                parameter: "crpl_2013_55_1_minimum"
            })
        );
    }
}
