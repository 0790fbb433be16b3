//! The punitive regimes: CRPL fraud (1993 and 2013), CRPL Art. 55(2), food (2009 and 2015),
//! drugs and tourism. Each yields an item; the engine then proposes the largest.

use weiquan_complaint::Yuan;

use super::{Check, Ctx};
use crate::Error;
use crate::assessment::{
    Amount, Calc, Flag, Item, ItemKind, Label, Note, NoteSet, Outcome, Reason,
};
use crate::claim::{FoodDefect, Kind};
use crate::rules::{Fact, FactSet, RuleId};
use crate::table::ParamId;

/// CRPL 2013 Art. 55(1) for facts from 2014-03-15, 1993 Art. 49 before.
pub(super) fn fraud(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    for (rule, multiplier, minimum) in [
        (
            RuleId::Crpl1993Fraud,
            ParamId::Crpl1993FraudMultiplier,
            None,
        ),
        (
            RuleId::CrplFraud,
            ParamId::CrplFraudMultiplier,
            Some(ParamId::CrplFraudMinimum),
        ),
    ] {
        if !ctx.gate(rule, ctx.facts_date()) {
            continue;
        }
        let claim = ctx.claim();
        let f = &claim.findings;
        let mut check = Check::default();
        check.must(f.fraud, Fact::Fraud, Reason::NoFraud);
        if f.claimant_fabricated && ctx.policy().fabricated_claim_bars_fraud {
            check.fail(Reason::Fabricated);
            ctx.flag(Flag::UnverifiedRule);
        }
        let mut steps = Vec::new();
        let mut notes = NoteSet::new();
        let base = if ctx.policy().knowing_buyer_cap_for_fraud && f.buyer_knew {
            ctx.flag(Flag::UnverifiedRule);
            notes.insert(Note::ReasonableQuantity);
            ctx.eligible_price(&mut check, &mut steps)?
        } else {
            claim.purchase.price_paid
        };
        if !ctx.settle(rule, &check) {
            continue;
        }
        let (mut amount, step) = ctx.times(Label::PriceMultiple, multiplier, base)?;
        steps.push(step);
        if let Some(min) = minimum {
            let (a, step) = ctx.at_least(amount, min)?;
            amount = a;
            steps.push(step);
        }
        ctx.push_item(Item {
            kind: ItemKind::FraudCompensation,
            rule,
            amount: Amount::Exact(amount),
            proposed: true,
            notes,
            steps,
        });
        ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
    }
    Ok(())
}

/// CRPL 2013 Art. 55(2): a range from zero to 2 × the losses.
pub(super) fn defect_harm(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rule = RuleId::CrplDefectHarm;
    if !ctx.gate(rule, ctx.facts_date()) {
        return Ok(());
    }
    let claim = ctx.claim();
    let mut check = Check::default();
    check.must(
        claim.findings.knowingly_defective_causing_harm,
        Fact::DefectHarm,
        Reason::NoDefectHarm,
    );
    let losses = check.need(claim.proven_losses, Fact::ProvenLosses);
    if losses.is_some_and(Yuan::is_zero) {
        check.fail(Reason::NoLosses);
    }
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    let losses = losses.unwrap_or(Yuan::ZERO);
    let (max, step) = ctx.times(
        Label::RangeHigh,
        ParamId::CrplDefectHarmMaxMultiplier,
        losses,
    )?;
    ctx.push_item(Item {
        kind: ItemKind::DefectPunitive,
        rule,
        amount: Amount::between(Yuan::ZERO, max),
        proposed: true,
        notes: NoteSet::new().with(Note::RangeForCourt),
        steps: vec![step],
    });
    ctx.flag(Flag::RangeForCourt);
    ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
    Ok(())
}

/// Food Safety Law 2015 Art. 148(2) (with SPC Fa Shi \[2024\] No. 9), and the 2009 Art. 96 for
/// earlier facts.
pub(super) fn food(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    for rule in [RuleId::Fsl2009Food, RuleId::FslFood] {
        if ctx.claim().purchase.kind != Kind::Food {
            ctx.not_applicable(rule, Reason::NotFood);
            continue;
        }
        if !ctx.gate(rule, ctx.facts_date()) {
            continue;
        }
        let claim = ctx.claim();
        let f = &claim.findings;
        let mut check = Check::default();
        check.must(
            f.food_standard_violated,
            Fact::FoodStandardViolated,
            Reason::FoodCompliant,
        );
        check.must(
            f.respondent_produced_or_knew,
            Fact::RespondentProducedOrKnew,
            Reason::NotLiableParty,
        );
        if f.claimant_fabricated {
            check.fail(Reason::Fabricated);
        }
        if rule == RuleId::FslFood {
            match check.need(f.food_defect, Fact::FoodDefect) {
                Some(FoodDefect::LabelOnly) => {
                    ctx.flag(Flag::SpcFoodInterpretation);
                    if let Some(flaw) = check.need(f.label_flaw, Fact::LabelFlaw)
                        && flaw.is_safe_harbour()
                    {
                        check.fail(Reason::LabelSafeHarbour);
                    }
                }
                Some(FoodDefect::Substantive) | None => {}
            }
        }
        let mut steps = Vec::new();
        let mut notes = NoteSet::new();
        if f.buyer_knew {
            ctx.flag(Flag::SpcFoodInterpretation);
            notes.insert(Note::ReasonableQuantity);
        }
        let base = ctx.eligible_price(&mut check, &mut steps)?;
        if !ctx.settle(rule, &check) {
            continue;
        }
        let amount = if rule == RuleId::FslFood {
            ten_or_three(
                ctx,
                base,
                (
                    ParamId::FslPriceMultiplier,
                    ParamId::FslLossMultiplier,
                    ParamId::FslMinimum,
                ),
                &mut steps,
                &mut notes,
            )?
        } else {
            let (a, step) =
                ctx.times(Label::PriceMultiple, ParamId::Fsl2009PriceMultiplier, base)?;
            steps.push(step);
            a
        };
        ctx.push_item(Item {
            kind: ItemKind::FoodPunitive,
            rule,
            amount: Amount::Exact(amount),
            proposed: true,
            notes,
            steps,
        });
        ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
    }
    Ok(())
}

/// Drug Administration Law 2019 Art. 144(3).
pub(super) fn drug(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rule = RuleId::DalDrug;
    if ctx.claim().purchase.kind != Kind::Drug {
        ctx.not_applicable(rule, Reason::NotDrug);
        return Ok(());
    }
    if !ctx.gate(rule, ctx.facts_date()) {
        return Ok(());
    }
    let claim = ctx.claim();
    let f = &claim.findings;
    let mut check = Check::default();
    check.must(
        f.drug_counterfeit_or_substandard,
        Fact::DrugCounterfeit,
        Reason::DrugCompliant,
    );
    check.must(
        f.respondent_produced_or_knew,
        Fact::RespondentProducedOrKnew,
        Reason::NotLiableParty,
    );
    if f.drug_defence {
        check.fail(Reason::DrugDefence);
    }
    if f.claimant_fabricated {
        check.fail(Reason::Fabricated);
    }
    let mut steps = Vec::new();
    let mut notes = NoteSet::new();
    if f.buyer_knew {
        ctx.flag(Flag::SpcFoodInterpretation);
        notes.insert(Note::ReasonableQuantity);
    }
    let base = ctx.eligible_price(&mut check, &mut steps)?;
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    let amount = ten_or_three(
        ctx,
        base,
        (
            ParamId::DalPriceMultiplier,
            ParamId::DalLossMultiplier,
            ParamId::DalMinimum,
        ),
        &mut steps,
        &mut notes,
    )?;
    ctx.push_item(Item {
        kind: ItemKind::DrugPunitive,
        rule,
        amount: Amount::Exact(amount),
        proposed: true,
        notes,
        steps,
    });
    ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
    Ok(())
}

/// `max(10 × price, 3 × losses)`, at least the minimum: the consumer elects between the two
/// options, the larger is proposed.
fn ten_or_three(
    ctx: &mut Ctx<'_>,
    price: Yuan,
    (price_x, loss_x, minimum): (ParamId, ParamId, ParamId),
    steps: &mut Vec<crate::assessment::Step>,
    notes: &mut NoteSet,
) -> Result<Yuan, Error> {
    let (by_price, step) = ctx.times(Label::PriceMultiple, price_x, price)?;
    steps.push(step);
    let elected = match ctx.claim().proven_losses {
        Some(losses) => {
            let (by_loss, step) = ctx.times(Label::LossMultiple, loss_x, losses)?;
            steps.push(step);
            let larger = by_price.max(by_loss);
            steps.push(ctx.step(
                Label::Election,
                Calc::AtLeast {
                    value: by_price,
                    floor: by_loss,
                    result: larger,
                },
                None,
            ));
            notes.insert(Note::ConsumerElects);
            ctx.flag(Flag::ConsumerElects);
            larger
        }
        None => {
            notes.insert(Note::LossOptionNotComputed);
            by_price
        }
    };
    let (amount, step) = ctx.at_least(elected, minimum)?;
    steps.push(step);
    Ok(amount)
}

/// Tourism Law Art. 70(1): 1 × to 3 × the tour fee.
pub(super) fn tourism(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rule = RuleId::Tourism;
    if ctx.claim().purchase.kind != Kind::PackageTour {
        ctx.not_applicable(rule, Reason::NotTour);
        return Ok(());
    }
    if !ctx.gate(rule, ctx.facts_date()) {
        return Ok(());
    }
    let claim = ctx.claim();
    let t = &claim.findings.tour;
    let mut check = Check::default();
    check.must(
        t.able_to_perform,
        Fact::TourAbleToPerform,
        Reason::TourConditions,
    );
    check.must(
        t.refused_after_request,
        Fact::TourRefused,
        Reason::TourConditions,
    );
    check.must(
        t.serious_consequence,
        Fact::TourSeriousConsequence,
        Reason::TourConditions,
    );
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    let fee = claim.purchase.price_paid;
    let (lo, s1) = ctx.times(Label::RangeLow, ParamId::TourismMinMultiplier, fee)?;
    let (hi, s2) = ctx.times(Label::RangeHigh, ParamId::TourismMaxMultiplier, fee)?;
    ctx.push_item(Item {
        kind: ItemKind::TourismCompensation,
        rule,
        amount: Amount::between(lo, hi),
        proposed: true,
        notes: NoteSet::new().with(Note::RangeForCourt),
        steps: vec![s1, s2],
    });
    ctx.flag(Flag::RangeForCourt);
    ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
    Ok(())
}
