//! Prepaid consumption, SPC Fa Shi \[2025\] No. 4 (payments from 2025-05-01).

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
    balance_refund(ctx, rule, refund, steps);
    Ok(())
}

fn balance_refund(
    ctx: &mut Ctx<'_>,
    rule: RuleId,
    refund: Yuan,
    steps: Vec<crate::assessment::Step>,
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
    ctx.offer_refund(
        rule,
        ItemKind::PrepaidRefund,
        Amount::Exact(refund),
        RemedyStatus::Available,
        steps,
    );
    ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
}

/// Art. 22: an unlimited-use contract refunds pro rata to the remaining term, counted from
/// the rescission or from when the operator stopped supplying, whichever came first.
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
    let whole = (term.term_end - term.term_start).num_days().max(1);
    let from = ended.max(term.term_start);
    let remaining = (term.term_end - from).num_days().clamp(0, whole);
    let paid = claim.purchase.price_paid;
    let refund = paid.checked_mul_ratio(Decimal::from(remaining), Decimal::from(whole))?;
    let steps = vec![ctx.step(
        Label::RemainingTerm,
        Calc::Ratio {
            base: paid,
            numerator: Term::Days(remaining),
            denominator: Term::Days(whole),
            result: refund,
        },
        None,
    )];
    balance_refund(ctx, rule, refund, steps);
    Ok(())
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
