//! Prepaid consumption, SPC Fa Shi \[2025\] No. 4 (payments from 2025-05-01).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use weiquan_complaint::Yuan;

use super::{Check, Ctx};
use crate::Error;
use crate::assessment::{
    Amount, Calc, Flag, Item, ItemKind, Label, Note, NoteSet, Outcome, Reason, Remedy, RemedyKind,
    RemedyStatus, Term, WindowKind,
};
use crate::claim::{RateBasis, RefundCause};
use crate::rules::{Fact, FactSet, RuleId};
use crate::table::ParamId;

/// Applies the shared gate of the prepaid rules; `false` when the rule stops here.
fn prepaid_gate(ctx: &mut Ctx<'_>, rule: RuleId) -> bool {
    if ctx.claim().prepaid.is_none() {
        ctx.not_applicable(rule, Reason::NotPrepaid);
        return false;
    }
    if !ctx.gate(rule, ctx.facts_date()) {
        return false;
    }
    ctx.flag(Flag::PrepaidByPaymentDate);
    true
}

/// Art. 14: the principal back on request within 7 days of payment.
pub(super) fn cooling_off(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rule = RuleId::PrepaidCoolingOff;
    if !prepaid_gate(ctx, rule) {
        return Ok(());
    }
    let claim = ctx.claim();
    let Some(pp) = &claim.prepaid else {
        return Ok(());
    };
    let mut check = Check::default();
    if check.need(pp.already_obtained_same, Fact::PrepaidAlreadyObtained) == Some(true) {
        check.fail(Reason::AlreadyObtained);
    }
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    let paid_on = claim.purchase.purchase_date;
    let w = ctx.day_window(
        WindowKind::RequestBy,
        ParamId::PrepaidCoolingOffDays,
        paid_on,
    );
    let status = ctx.status(&w);
    let principal = Amount::Exact(claim.purchase.price_paid);
    ctx.push_remedy(Remedy {
        kind: RemedyKind::CoolingOffRefund,
        rule,
        status,
        window: Some(w),
        conditions: crate::assessment::ConditionSet::new(),
        operator_deadlines: [None, None],
        refund: Some(principal),
    });
    ctx.offer_refund(rule, ItemKind::PrepaidRefund, principal, status, Vec::new());
    if status == RemedyStatus::Expired {
        ctx.not_applicable(rule, Reason::WindowPassed);
    } else {
        ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
    }
    Ok(())
}

fn cooling_off_taken(ctx: &Ctx<'_>) -> bool {
    ctx.refund()
        .is_some_and(|(r, _, _)| r == RuleId::PrepaidCoolingOff)
}

/// Art. 15, Art. 18 – Art. 20: the unused balance, the redeemed value depending on who caused
/// the refund, never below zero, less the operator's reasonable costs when the consumer
/// caused it.
pub(super) fn balance(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rule = RuleId::PrepaidBalance;
    if !prepaid_gate(ctx, rule) {
        return Ok(());
    }
    let claim = ctx.claim();
    let Some(pp) = &claim.prepaid else {
        return Ok(());
    };
    if cooling_off_taken(ctx) {
        ctx.not_applicable(rule, Reason::CoolingOffInstead);
        return Ok(());
    }
    if pp.unlimited.is_some() {
        ctx.not_applicable(rule, Reason::UnlimitedInstead);
        return Ok(());
    }
    let paid = claim.purchase.price_paid;
    let mut check = Check::default();
    let cause = check.need(pp.cause, Fact::PrepaidCause);
    let mut steps = Vec::new();
    // The redeemed value.
    let redeemed = match cause {
        Some(RefundCause::Consumer) => {
            check.need(pp.redeemed_list_value, Fact::PrepaidRedeemedList)
        }
        Some(RefundCause::Operator | RefundCause::Neither) if !pp.bonus.is_zero() => {
            match check.need(pp.redeemed_list_value, Fact::PrepaidRedeemedList) {
                Some(face) => {
                    let whole = paid.checked_add(pp.bonus)?;
                    let v = face.checked_mul_ratio(paid.as_decimal(), whole.as_decimal())?;
                    steps.push(ctx.step(
                        Label::Redeemed,
                        Calc::Ratio {
                            base: face,
                            numerator: Term::Amount(paid),
                            denominator: Term::Amount(whole),
                            result: v,
                        },
                        None,
                    ));
                    Some(v)
                }
                None => None,
            }
        }
        Some(_) => check.need(
            pp.redeemed_discounted_value,
            Fact::PrepaidRedeemedDiscounted,
        ),
        None => None,
    };
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    let (Some(cause), Some(redeemed)) = (cause, redeemed) else {
        return Ok(());
    };
    let mut notes = NoteSet::new();
    let mut refund = paid.saturating_sub(redeemed);
    if redeemed > paid {
        notes.insert(Note::NeverNegative);
    }
    steps.push(ctx.step(
        Label::Refund,
        Calc::Subtract {
            a: paid,
            b: redeemed,
            result: refund,
        },
        None,
    ));
    if cause == RefundCause::Consumer
        && let Some(costs) = pp.operator_costs.filter(|c| !c.is_zero())
    {
        let after = refund.saturating_sub(costs);
        steps.push(ctx.step(
            Label::Costs,
            Calc::Subtract {
                a: refund,
                b: costs,
                result: after,
            },
            None,
        ));
        refund = after;
    }
    balance_refund(ctx, rule, refund, steps, notes);
    Ok(())
}

fn balance_refund(
    ctx: &mut Ctx<'_>,
    rule: RuleId,
    refund: Yuan,
    steps: Vec<crate::assessment::Step>,
    notes: NoteSet,
) {
    ctx.push_remedy(Remedy {
        kind: RemedyKind::BalanceRefund,
        rule,
        status: RemedyStatus::Available,
        window: None,
        conditions: crate::assessment::ConditionSet::new(),
        operator_deadlines: [None, None],
        refund: Some(Amount::Exact(refund)),
    });
    ctx.offer_refund_noted(
        rule,
        ItemKind::PrepaidRefund,
        Amount::Exact(refund),
        RemedyStatus::Available,
        steps,
        notes,
    );
    ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
}

/// Art. 22: an unlimited-use contract refunds pro rata to the remaining term, counted from
/// the rescission or from when the operator stopped supplying, whichever came first.
///
/// Days are whole calendar days (Civil Code Arts. 200–203) and both ends of a span count:
/// the whole term runs from `term_start` to `term_end`, "the last day of the term", both
/// included (2025-05-01 – 2026-04-30 is 365 days); the remaining term runs from the day
/// performance ended (the earlier of `rescinded_on` and `supply_stopped_on`, a day on which
/// the consumer no longer had the service) to `term_end`, both included. Ended on the last
/// day of the term, one day is left; after it, none; before the term began, all of it.
pub(super) fn unlimited(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rule = RuleId::PrepaidUnlimited;
    if !prepaid_gate(ctx, rule) {
        return Ok(());
    }
    let claim = ctx.claim();
    let Some(pp) = &claim.prepaid else {
        return Ok(());
    };
    let Some(term) = &pp.unlimited else {
        ctx.not_applicable(rule, Reason::NotUnlimited);
        return Ok(());
    };
    if cooling_off_taken(ctx) {
        ctx.not_applicable(rule, Reason::CoolingOffInstead);
        return Ok(());
    }
    let ended = match (pp.rescinded_on, term.supply_stopped_on) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => {
            ctx.set(
                rule,
                Outcome::MissingFacts,
                Reason::Missing,
                FactSet::EMPTY.with(Fact::PrepaidRescindedOn),
            );
            return Ok(());
        }
    };
    let (whole, remaining) = term_days(term.term_start, term.term_end, ended);
    let first_left = ended.max(term.term_start);
    let paid = claim.purchase.price_paid;
    let refund = paid.checked_mul_ratio(Decimal::from(remaining), Decimal::from(whole))?;
    let steps = vec![
        ctx.step(
            Label::WholeTerm,
            Calc::DayCount {
                first: term.term_start,
                last: term.term_end,
                days: whole,
            },
            None,
        ),
        ctx.step(
            Label::RemainingDays,
            Calc::DayCount {
                first: first_left,
                last: term.term_end,
                days: remaining,
            },
            None,
        ),
        ctx.step(
            Label::RemainingTerm,
            Calc::Ratio {
                base: paid,
                numerator: Term::Days(remaining),
                denominator: Term::Days(whole),
                result: refund,
            },
            None,
        ),
    ];
    balance_refund(ctx, rule, refund, steps, NoteSet::new());
    Ok(())
}

/// The whole term and the days of it left from `ended` on, both counted with their first and
/// last day (see [`unlimited`]); the whole is at least one day (a term ending before it
/// starts is refused when the claim is read), the remainder between none and the whole.
fn term_days(start: NaiveDate, end: NaiveDate, ended: NaiveDate) -> (i64, i64) {
    let whole = ((end - start).num_days() + 1).max(1);
    let from = ended.max(start);
    let remaining = ((end - from).num_days() + 1).clamp(0, whole);
    (whole, remaining)
}

/// Art. 16 – Art. 17: interest on the prepaid refund from the end of the contract, at the
/// agreed rate, else the one-year LPR (operator's cause) or the one-year deposit rate
/// (consumer's cause) at contract formation.
pub(super) fn interest(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rule = RuleId::PrepaidInterest;
    if !prepaid_gate(ctx, rule) {
        return Ok(());
    }
    let claim = ctx.claim();
    let Some(pp) = &claim.prepaid else {
        return Ok(());
    };
    let Some(i) = &pp.interest else {
        ctx.not_applicable(rule, Reason::NoInterestFacts);
        return Ok(());
    };
    let mut check = Check::default();
    let from = check.need(pp.rescinded_on, Fact::PrepaidRescindedOn);
    if i.basis != RateBasis::Agreed {
        match check.need(pp.cause, Fact::PrepaidCause) {
            Some(RefundCause::Operator) if i.basis != RateBasis::LprOneYear => {
                check.fail(Reason::RateBasisMismatch);
            }
            Some(RefundCause::Consumer) if i.basis != RateBasis::DepositOneYear => {
                check.fail(Reason::RateBasisMismatch);
            }
            Some(RefundCause::Neither) => check.fail(Reason::NoDefaultRate),
            _ => {}
        }
    }
    let principal = match ctx.refund() {
        Some((_, ItemKind::PrepaidRefund, Amount::Exact(a))) if !a.is_zero() => Some(a),
        _ => {
            check.fail(Reason::NoRefund);
            None
        }
    };
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    let (Some(from), Some(principal)) = (from, principal) else {
        return Ok(());
    };
    let days = (i.until - from).num_days().max(0);
    let basis = ctx.policy().whole(ParamId::InterestDayBasis).max(1);
    if ctx
        .policy()
        .override_of(ParamId::InterestDayBasis)
        .is_some()
    {
        ctx.flag(Flag::PolicyOverride);
    }
    let result = principal.checked_mul_ratio(
        i.annual_rate.fraction() * Decimal::from(days),
        Decimal::from(basis),
    )?;
    let step = ctx.step(
        Label::Interest,
        Calc::Interest {
            principal,
            rate: i.annual_rate,
            days,
            basis,
            result,
        },
        Some(ParamId::InterestDayBasis),
    );
    ctx.push_item(Item {
        kind: ItemKind::PrepaidInterest,
        rule,
        amount: Amount::Exact(result),
        proposed: true,
        notes: NoteSet::new(),
        steps: vec![step],
    });
    ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
    ctx.flag(Flag::UnverifiedRule);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::term_days;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// SPC Fa Shi [2025] No. 4 Art. 22 with the term's first and last day both counted.
    #[test]
    fn the_term_and_the_remainder_count_both_ends() {
        let (s, e) = (d("2025-05-01"), d("2026-04-30"));
        // A year from 1 May 2025: 365 days; ended 24 September: 219 of them left.
        assert_eq!(term_days(s, e, d("2025-09-24")), (365, 219));
        // Ended on the last day of the term: that day was not performed.
        assert_eq!(term_days(s, e, e), (365, 1));
        // Ended the day after the term: nothing left.
        assert_eq!(term_days(s, e, d("2026-05-01")), (365, 0));
        // Ended on the first day (or before the term began): all of it.
        assert_eq!(term_days(s, e, s), (365, 365));
        assert_eq!(term_days(s, e, d("2025-04-01")), (365, 365));
        // A year holding 29 February 2028.
        assert_eq!(
            term_days(d("2027-03-01"), d("2028-02-29"), d("2028-02-29")),
            (366, 1)
        );
        // A one-day term.
        let one = d("2025-06-01");
        assert_eq!(term_days(one, one, one), (1, 1));
        assert_eq!(term_days(one, one, d("2025-06-02")), (1, 0));
    }
}
