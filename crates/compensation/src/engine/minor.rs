//! A minor's payment claimed back by the guardian (Civil Code Arts. 17–20, 144–145, 157;
//! the SPC guiding opinions (II) on minors' online game top-ups and live-stream tips).

use chrono::{Datelike, NaiveDate};

use super::{Check, Ctx};
use crate::Error;
use crate::assessment::{Amount, Calc, ItemKind, Label, Outcome, Reason, RemedyStatus};
use crate::rules::{Fact, FactSet, RuleId};
use crate::table::ParamId;

/// Completed years of age on `on` for a person born on `born`: N years old from the day after
/// the N-th birthday. Civil Code Art. 201 starts a period the day after its event and Art. 202
/// ends a period in years on the corresponding day (the last day of the month when there is
/// none: born on 29 February, the year runs to 28 February), so N years have passed only when
/// that day is over. Zero when `on` is not after `born`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = u32::try_from(on.year() - born.year()).unwrap_or(0);
    // The years have passed once `on` is after the corresponding day of that year.
    while years > 0 {
        let end = born
            .checked_add_months(chrono::Months::new(years.saturating_mul(12)))
            .unwrap_or(NaiveDate::MAX);
        if on > end {
            break;
        }
        years -= 1;
    }
    years
}

pub(super) fn payment(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rule = RuleId::MinorPayment;
    let claim = ctx.claim();
    let Some(m) = &claim.minor else {
        ctx.not_applicable(rule, Reason::NotMinor);
        return Ok(());
    };
    if !ctx.gate(rule, ctx.facts_date()) {
        return Ok(());
    }
    let mut check = Check::default();
    let Some(born) = check.need(m.birth_date, Fact::MinorBirthDate) else {
        ctx.settle(rule, &check);
        return Ok(());
    };
    let on = claim.purchase.purchase_date;
    let years = age_on(born, on);
    let policy = ctx.policy();
    let adult = policy.whole(ParamId::AdultAge);
    let self_supporting = policy.whole(ParamId::SelfSupportingAge);
    let limited = policy.whole(ParamId::LimitedCapacityAge);
    let age = u64::from(years);
    // The threshold that decides, shown with the age in the trace.
    let decided_by = if age >= adult {
        ParamId::AdultAge
    } else if age >= self_supporting {
        ParamId::SelfSupportingAge
    } else {
        ParamId::LimitedCapacityAge
    };
    let steps = vec![ctx.step(Label::Age, Calc::Age { born, on, years }, Some(decided_by))];
    if age >= adult {
        ctx.not_applicable(rule, Reason::Adult);
        return Ok(());
    }
    if age >= self_supporting {
        match m.self_supporting {
            Some(true) => {
                ctx.not_applicable(rule, Reason::SelfSupporting);
                return Ok(());
            }
            Some(false) => {}
            None => {
                check.missing.insert(Fact::MinorSelfSupporting);
            }
        }
    }
    // Under the limited-capacity age every act is void (Art. 144), whatever it was; from it,
    // only what is not appropriate to the minor's age and intelligence needs the guardian
    // (Art. 19, Art. 145).
    if age >= limited {
        check.must(
            m.appropriate_to_age.map(|a| !a),
            Fact::MinorAppropriate,
            Reason::AppropriateToAge,
        );
    }
    if m.guardian_consented {
        check.fail(Reason::GuardianConsented);
    }
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    let price = claim.purchase.price_paid;
    ctx.offer_refund(
        rule,
        ItemKind::PriceRefund,
        Amount::Exact(price),
        RemedyStatus::Available,
        steps,
    );
    ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::age_on;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn a_year_of_age_is_complete_the_day_after_the_birthday() {
        assert_eq!(age_on(d("2017-03-10"), d("2025-03-10")), 7);
        assert_eq!(age_on(d("2017-03-10"), d("2025-03-11")), 8);
        assert_eq!(age_on(d("2007-06-01"), d("2025-06-01")), 17);
        assert_eq!(age_on(d("2007-06-01"), d("2025-06-02")), 18);
        // Born on 29 February: the corresponding day of 2025 is the 28th.
        assert_eq!(age_on(d("2016-02-29"), d("2025-02-28")), 8);
        assert_eq!(age_on(d("2016-02-29"), d("2025-03-01")), 9);
        assert_eq!(age_on(d("2016-02-29"), d("2024-02-29")), 7);
        assert_eq!(age_on(d("2016-02-29"), d("2024-03-01")), 8);
        assert_eq!(age_on(d("2025-01-01"), d("2024-01-01")), 0);
    }
}
