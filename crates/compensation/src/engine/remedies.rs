//! Remedies: family cars (SAMR Order No. 43), the general 三包 rules, the 7-day no-reason
//! return (CRPL Art. 25) and the quality remedies (CRPL Art. 24).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use weiquan_complaint::Yuan;

use super::{Check, Ctx};
use crate::Error;
use crate::assessment::{
    Amount, Calc, Condition, ConditionSet, ItemKind, Label, Note, NoteSet, OperatorDeadline,
    Outcome, Reason, Remedy, RemedyKind, RemedyStatus, Step, Window, WindowKind,
};
use crate::claim::{Kind, Rate, ReturnExclusion};
use crate::policy::WarrantyStart;
use crate::rules::{Fact, FactSet, RuleId};
use crate::table::ParamId;

fn remedy(kind: RemedyKind, rule: RuleId, status: RemedyStatus, window: Option<Window>) -> Remedy {
    Remedy {
        kind,
        rule,
        status,
        window,
        conditions: ConditionSet::new(),
        operator_deadlines: [None, None],
        refund: None,
    }
}

const CAR_RULES: [RuleId; 6] = [
    RuleId::Car7Days,
    RuleId::Car60Days,
    RuleId::CarAssembly,
    RuleId::CarWarranty,
    RuleId::CarFreeRepair,
    RuleId::CarCourtesy,
];

/// Family cars, SAMR Order No. 43 (cars sold from 2022-01-01).
pub(super) fn car(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    if ctx.claim().purchase.kind != Kind::FamilyCar {
        for r in CAR_RULES {
            ctx.not_applicable(r, Reason::NotCar);
        }
        return Ok(());
    }
    let date = ctx.facts_date();
    let mut open = [false; 6];
    for (slot, r) in open.iter_mut().zip(CAR_RULES) {
        *slot = ctx.gate(r, date);
    }
    if ctx.claim().car.exempt {
        for (slot, r) in open.iter_mut().zip(CAR_RULES) {
            if *slot {
                ctx.not_applicable(r, Reason::CarExempt);
                *slot = false;
            }
        }
    }
    let [o22, o23, o20, o24, o19, o21] = open;
    let claim = ctx.claim();
    let car = &claim.car;
    let p = &claim.purchase;
    // Periods run from the invoice date, or from delivery when that differs (Art. 18).
    let start = p.receipt_date.unwrap_or(p.purchase_date);
    let deadlines = car_deadlines(ctx);

    if o22 {
        let rule = RuleId::Car7Days;
        let w = ctx.day_window(WindowKind::FaultWithin, ParamId::CarReturnDays, start);
        let mut check = Check::default();
        check.must(
            car.major_assembly_replacement_needed,
            Fact::CarMajorAssembly,
            Reason::ConditionNotMet,
        );
        check.holds(
            ctx.fault_by(car.fault_date, w.last_day),
            FactSet::EMPTY.with(Fact::CarFaultDate),
            Reason::WindowPassed,
        );
        if ctx.settle(rule, &check) {
            free_car_return(ctx, rule, w, deadlines);
        }
    }
    if o23 || o20 {
        let w = ctx.day_window(WindowKind::FaultWithin, ParamId::CarEarlyDays, start);
        let w = Window {
            km_parameter: Some(ParamId::CarEarlyKm),
            ..w
        };
        let km_limit = ctx.policy().whole(ParamId::CarEarlyKm);
        let in_period = ctx.fault_by(car.fault_date, w.last_day);
        let in_km = car.odometer_km.map(|k| u64::from(k) <= km_limit);
        let mut period_facts = FactSet::EMPTY;
        if in_period.is_none() {
            period_facts.insert(Fact::CarFaultDate);
        }
        if in_km.is_none() {
            period_facts.insert(Fact::CarOdometer);
        }
        let within = and(in_period, in_km);
        if o23 {
            let rule = RuleId::Car60Days;
            let mut check = Check::default();
            check.must(
                car.serious_failure,
                Fact::CarSeriousFailure,
                Reason::ConditionNotMet,
            );
            check.holds(within, period_facts, Reason::BeyondPeriod);
            if ctx.settle(rule, &check) {
                free_car_return(ctx, rule, w, deadlines);
            }
        }
        if o20 {
            let rule = RuleId::CarAssembly;
            let mut check = Check::default();
            check.must(
                car.main_part_fault,
                Fact::CarMainPartFault,
                Reason::ConditionNotMet,
            );
            check.holds(within, period_facts, Reason::BeyondPeriod);
            if ctx.settle(rule, &check) {
                let mut r = remedy(
                    RemedyKind::AssemblyReplacement,
                    rule,
                    RemedyStatus::Available,
                    Some(w),
                );
                r.conditions.insert(Condition::NoCarExemption);
                ctx.push_remedy(r);
                ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
            }
        }
    }
    if o24 {
        car_warranty(ctx, start, deadlines)?;
    }
    if o19 {
        let rule = RuleId::CarFreeRepair;
        let w = ctx.month_window(
            ParamId::CarRepairWarrantyMonths,
            ParamId::CarRepairWarrantyKm,
            start,
        );
        let km_limit = ctx.policy().whole(ParamId::CarRepairWarrantyKm);
        let mut check = Check::default();
        check.must(
            claim.findings.quality_defect,
            Fact::QualityDefect,
            Reason::NoQualityDefect,
        );
        check.holds(
            ctx.fault_by(car.fault_date, w.last_day),
            FactSet::EMPTY.with(Fact::CarFaultDate),
            Reason::BeyondPeriod,
        );
        check.holds(
            car.odometer_km.map(|k| u64::from(k) <= km_limit),
            FactSet::EMPTY.with(Fact::CarOdometer),
            Reason::BeyondPeriod,
        );
        if ctx.settle(rule, &check) {
            let mut r = remedy(
                RemedyKind::FreeRepair,
                rule,
                RemedyStatus::Available,
                Some(w),
            );
            r.conditions.insert(Condition::NoCarExemption);
            ctx.push_remedy(r);
            ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
        }
    }
    if o21 {
        let rule = RuleId::CarCourtesy;
        let after = ctx.policy().whole(ParamId::CarCourtesyAfterDays);
        let mut check = Check::default();
        if let Some(d) = check.need(car.longest_repair_days, Fact::CarLongestRepairDays)
            && u64::from(d) <= after
        {
            check.fail(Reason::ConditionNotMet);
        }
        if ctx.settle(rule, &check) {
            let mut r = remedy(RemedyKind::CourtesyCar, rule, RemedyStatus::Available, None);
            r.conditions.insert(Condition::NoCarExemption);
            ctx.push_remedy(r);
            ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
        }
    }
    Ok(())
}

/// Three-valued "and": false wins, then unknown.
fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// Three-valued "or": true wins, then unknown.
fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// At least `n` (param) of something, three-valued.
fn at_least(v: Option<u32>, n: u64) -> Option<bool> {
    v.map(|v| u64::from(v) >= n)
}

/// Art. 28: the seller answers in 10 and completes in 20 working days from the request.
fn car_deadlines(ctx: &mut Ctx<'_>) -> [Option<OperatorDeadline>; 2] {
    let request = ctx.claim().request_date;
    let mut out = [None, None];
    for (slot, param) in out.iter_mut().zip([
        ParamId::CarAnswerWorkingDays,
        ParamId::CarCompleteWorkingDays,
    ]) {
        let n = ctx.policy().whole(param);
        let due = request.and_then(|r| ctx.add_working_days(r, n));
        *slot = Some(OperatorDeadline {
            parameter: param,
            due,
        });
    }
    out
}

fn free_car_return(
    ctx: &mut Ctx<'_>,
    rule: RuleId,
    w: Window,
    deadlines: [Option<OperatorDeadline>; 2],
) {
    let price = ctx.claim().purchase.price_paid;
    let mut r = remedy(
        RemedyKind::ReplaceOrReturnCar,
        rule,
        RemedyStatus::Available,
        Some(w),
    );
    r.conditions.insert(Condition::NoCarExemption);
    r.operator_deadlines = deadlines;
    r.refund = Some(Amount::Exact(price));
    ctx.push_remedy(r);
    ctx.offer_refund(
        rule,
        ItemKind::PriceRefund,
        Amount::Exact(price),
        RemedyStatus::Available,
        Vec::new(),
    );
    ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
}

/// Art. 24 conditions, and the Art. 27 use-compensation fee on a return.
fn car_warranty(
    ctx: &mut Ctx<'_>,
    start: NaiveDate,
    deadlines: [Option<OperatorDeadline>; 2],
) -> Result<(), Error> {
    let rule = RuleId::CarWarranty;
    let claim = ctx.claim();
    let car = &claim.car;
    let pol = ctx.policy();
    let w = ctx.month_window(ParamId::CarWarrantyMonths, ParamId::CarWarrantyKm, start);
    let km_limit = pol.whole(ParamId::CarWarrantyKm);
    let mut check = Check::default();
    check.holds(
        ctx.fault_by(car.fault_date, w.last_day),
        FactSet::EMPTY.with(Fact::CarFaultDate),
        Reason::BeyondPeriod,
    );
    check.holds(
        car.odometer_km.map(|k| u64::from(k) <= km_limit),
        FactSet::EMPTY.with(Fact::CarOdometer),
        Reason::BeyondPeriod,
    );
    let c1 = and(
        at_least(
            car.safety_fault_repairs,
            pol.whole(ParamId::CarSafetyRepairs),
        ),
        car.safety_fault_persists,
    );
    let c2 = and(
        at_least(
            car.assembly_replacements,
            pol.whole(ParamId::CarAssemblyReplacements),
        ),
        car.still_abnormal,
    );
    let c3 = and(
        at_least(
            car.same_main_part_replacements,
            pol.whole(ParamId::CarMainPartReplacements),
        ),
        car.still_abnormal,
    );
    let c4 = or(
        car.total_repair_days
            .map(|d| u64::from(d) > pol.whole(ParamId::CarTotalRepairDays)),
        car.same_problem_repairs
            .map(|n| u64::from(n) > pol.whole(ParamId::CarSameProblemRepairs)),
    );
    let any = or(or(c1, c2), or(c3, c4));
    let mut unknown = FactSet::EMPTY;
    if any.is_none() {
        for (v, f) in [
            (car.safety_fault_repairs.map(|_| ()), Fact::CarSafetyRepairs),
            (
                car.safety_fault_persists.map(|_| ()),
                Fact::CarSafetyPersists,
            ),
            (
                car.assembly_replacements.map(|_| ()),
                Fact::CarAssemblyReplacements,
            ),
            (
                car.same_main_part_replacements.map(|_| ()),
                Fact::CarMainPartReplacements,
            ),
            (car.still_abnormal.map(|_| ()), Fact::CarStillAbnormal),
            (car.total_repair_days.map(|_| ()), Fact::CarTotalRepairDays),
            (
                car.same_problem_repairs.map(|_| ()),
                Fact::CarSameProblemRepairs,
            ),
        ] {
            if v.is_none() {
                unknown.insert(f);
            }
        }
    }
    check.holds(any, unknown, Reason::ConditionNotMet);
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    // The fee: price × km ÷ 1,000 × n, n from the certificate and at most 0.5 %.
    let price = claim.purchase.price_paid;
    let km = car.odometer_km.unwrap_or(0);
    let max_n = ctx.policy().value(ParamId::CarUseCoefficientMax);
    let mut missing = FactSet::EMPTY;
    let mut steps: Vec<Step> = Vec::new();
    let fee_for = |ctx: &Ctx<'_>, n: Decimal, steps: &mut Vec<Step>| -> Result<Yuan, Error> {
        let fee = price.checked_mul_ratio(Decimal::from(km) * n, Decimal::from(1000))?;
        steps.push(ctx.step(
            Label::UseFee,
            Calc::UseFee {
                price,
                km,
                coefficient: Rate::new(n).unwrap_or_default(),
                result: fee,
            },
            Some(ParamId::CarUseCoefficientMax),
        ));
        let refund = price.saturating_sub(fee);
        steps.push(ctx.step(
            Label::Refund,
            Calc::Subtract {
                a: price,
                b: fee,
                result: refund,
            },
            None,
        ));
        Ok(refund)
    };
    let mut notes = NoteSet::new();
    let refund = match car.use_coefficient {
        Some(given) => {
            let n = given.fraction().min(max_n);
            if given.fraction() > max_n {
                // Art. 27: the certificate may not set n above the maximum; the trace shows
                // the certificate's number beside the one applied.
                notes.insert(Note::CoefficientCapped);
                steps.push(ctx.step(
                    Label::UseCoefficient,
                    Calc::RateAtMost {
                        value: given,
                        cap: Rate::new(max_n).unwrap_or_default(),
                        result: Rate::new(n).unwrap_or_default(),
                    },
                    Some(ParamId::CarUseCoefficientMax),
                ));
            }
            Amount::Exact(fee_for(ctx, n, &mut steps)?)
        }
        None => {
            // Without the certificate's n the fee is anywhere from nothing to the maximum:
            // the refund is the range, the missing fact is asked for and the note says so.
            missing.insert(Fact::CarUseCoefficient);
            notes.insert(Note::CoefficientUnknown);
            let lowest = fee_for(ctx, max_n, &mut steps)?;
            Amount::between(lowest, price)
        }
    };
    let mut r = remedy(
        RemedyKind::ReplaceOrReturnCar,
        rule,
        RemedyStatus::Available,
        Some(w),
    );
    r.conditions.insert(Condition::NoCarExemption);
    r.operator_deadlines = deadlines;
    r.refund = Some(refund);
    ctx.push_remedy(r);
    ctx.offer_refund_noted(
        rule,
        ItemKind::PriceRefund,
        refund,
        RemedyStatus::Available,
        steps,
        notes,
    );
    ctx.set(rule, Outcome::Applied, Reason::Applies, missing);
    Ok(())
}

/// The general 三包 rules (Art. 9, 10, 11 and 13).
pub(super) fn sanbao(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rules = [RuleId::Sanbao7, RuleId::Sanbao15, RuleId::SanbaoTwoRepairs];
    if ctx.claim().purchase.kind != Kind::WarrantyGoods {
        for r in rules {
            ctx.not_applicable(r, Reason::NotWarrantyGoods);
        }
        return Ok(());
    }
    let claim = ctx.claim();
    let p = &claim.purchase;
    let wf = &claim.warranty;
    let start = match ctx.policy().warranty_start {
        WarrantyStart::SaleDate => p.purchase_date,
        WarrantyStart::ReceiptDate => p.receipt_date.unwrap_or(p.purchase_date),
    };
    let price = p.price_paid;
    for (rule, param, kinds) in [
        (
            RuleId::Sanbao7,
            ParamId::SanbaoReturnDays,
            &[RemedyKind::Return, RemedyKind::Replace, RemedyKind::Repair][..],
        ),
        (
            RuleId::Sanbao15,
            ParamId::SanbaoReplaceDays,
            &[RemedyKind::Replace, RemedyKind::Repair][..],
        ),
    ] {
        if !ctx.gate(rule, ctx.facts_date()) {
            continue;
        }
        let w = ctx.day_window(WindowKind::FaultWithin, param, start);
        let mut check = Check::default();
        check.must(
            claim.findings.quality_defect,
            Fact::QualityDefect,
            Reason::NoQualityDefect,
        );
        check.holds(
            ctx.fault_by(wf.fault_date, w.last_day),
            FactSet::EMPTY.with(Fact::WarrantyFaultDate),
            Reason::WindowPassed,
        );
        if !ctx.settle(rule, &check) {
            continue;
        }
        for &k in kinds {
            let mut r = remedy(k, rule, RemedyStatus::Available, Some(w));
            r.conditions.insert(Condition::NoSanbaoExemption);
            if k == RemedyKind::Return {
                r.conditions.insert(Condition::InvoicePrice);
                r.refund = Some(Amount::Exact(price));
                ctx.offer_refund(
                    rule,
                    ItemKind::PriceRefund,
                    Amount::Exact(price),
                    RemedyStatus::Available,
                    Vec::new(),
                );
            }
            ctx.push_remedy(r);
        }
        ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
    }

    let rule = RuleId::SanbaoTwoRepairs;
    if !ctx.gate(rule, ctx.facts_date()) {
        return Ok(());
    }
    let mut check = Check::default();
    check.must(
        claim.findings.quality_defect,
        Fact::QualityDefect,
        Reason::NoQualityDefect,
    );
    let needed = ctx.policy().whole(ParamId::SanbaoRepairsBeforeReplacement);
    check.holds(
        and(at_least(wf.repairs, needed), wf.still_faulty),
        {
            let mut s = FactSet::EMPTY;
            if wf.repairs.is_none() {
                s.insert(Fact::WarrantyRepairs);
            }
            if wf.still_faulty.is_none() {
                s.insert(Fact::WarrantyStillFaulty);
            }
            s
        },
        Reason::RepairsNotMet,
    );
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    let mut replace = remedy(RemedyKind::Replace, rule, RemedyStatus::Available, None);
    replace.conditions.insert(Condition::NoSanbaoExemption);
    ctx.push_remedy(replace);
    // Art. 13: refund less depreciation from the invoice date to the return, repair days
    // excluded.
    let mut missing = FactSet::EMPTY;
    let rate = wf.daily_depreciation_rate;
    let request = claim.request_date;
    let repair_days = wf.repair_days;
    for (known, f) in [
        (rate.is_some(), Fact::DepreciationRate),
        (request.is_some(), Fact::RequestDate),
        (repair_days.is_some(), Fact::RepairDays),
    ] {
        if !known {
            missing.insert(f);
        }
    }
    let mut ret = remedy(RemedyKind::Return, rule, RemedyStatus::Available, None);
    ret.conditions.insert(Condition::NoSanbaoExemption);
    if let (Some(rate), Some(request), Some(repair)) = (rate, request, repair_days) {
        let used = (request - p.purchase_date).num_days() - i64::from(repair);
        let days = used.max(0);
        let dep = price.checked_mul_ratio(rate.fraction() * Decimal::from(days), Decimal::ONE)?;
        let refund = price.saturating_sub(dep);
        let steps = vec![
            ctx.step(
                Label::Depreciation,
                Calc::Depreciation {
                    price,
                    rate,
                    days,
                    result: dep,
                },
                None,
            ),
            ctx.step(
                Label::Refund,
                Calc::Subtract {
                    a: price,
                    b: dep,
                    result: refund,
                },
                None,
            ),
        ];
        ret.refund = Some(Amount::Exact(refund));
        ctx.offer_refund(
            rule,
            ItemKind::PriceRefund,
            Amount::Exact(refund),
            RemedyStatus::Available,
            steps,
        );
    }
    ctx.push_remedy(ret);
    ctx.set(rule, Outcome::Applied, Reason::Applies, missing);
    Ok(())
}

/// CRPL Art. 25: the 7-day no-reason return of distance sales.
pub(super) fn no_reason(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rule = RuleId::CrplNoReason;
    let claim = ctx.claim();
    let p = &claim.purchase;
    if !p.distance_sale {
        ctx.not_applicable(rule, Reason::NotDistanceSale);
        return Ok(());
    }
    if !p.kind.is_goods() {
        ctx.not_applicable(rule, Reason::NotGoods);
        return Ok(());
    }
    if !ctx.gate(rule, ctx.facts_date()) {
        return Ok(());
    }
    let rf = &claim.returns;
    let mut check = Check::default();
    let receipt = check.need(p.receipt_date, Fact::ReceiptDate);
    if let Some(x) = check.need(rf.exclusion, Fact::ReturnExclusion) {
        let excluded = x.is_statutory() || x == ReturnExclusion::ByNatureConfirmed;
        if excluded && !rf.seller_promised_return {
            check.fail(Reason::Excluded);
        }
    }
    if rf.intact == Some(false) {
        check.fail(Reason::NotIntact);
    }
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    let Some(receipt) = receipt else {
        return Ok(());
    };
    let w = ctx.day_window(WindowKind::RequestBy, ParamId::CrplNoReasonDays, receipt);
    let status = ctx.status(&w);
    let price = p.price_paid;
    let mut r = remedy(RemedyKind::NoReasonReturn, rule, status, Some(w));
    if rf.intact.is_none() {
        r.conditions.insert(Condition::GoodsIntact);
    }
    r.conditions.insert(Condition::ConsumerPaysShipping);
    r.conditions.insert(Condition::ReturnGifts);
    let refund_days = ctx.policy().whole(ParamId::CrplNoReasonRefundDays);
    r.operator_deadlines[0] = Some(OperatorDeadline {
        parameter: ParamId::CrplNoReasonRefundDays,
        due: rf
            .returned_goods_received_on
            .and_then(|d| d.checked_add_days(chrono::Days::new(refund_days))),
    });
    r.refund = Some(Amount::Exact(price));
    ctx.push_remedy(r);
    ctx.offer_refund(
        rule,
        ItemKind::PriceRefund,
        Amount::Exact(price),
        status,
        Vec::new(),
    );
    if status == RemedyStatus::Expired {
        ctx.not_applicable(rule, Reason::WindowPassed);
    } else {
        ctx.set(rule, Outcome::Applied, Reason::Applies, FactSet::EMPTY);
    }
    Ok(())
}

/// CRPL Art. 24: return within 7 days of receipt, then (if rescission conditions are met)
/// return, otherwise replacement or repair.
pub(super) fn quality(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rule = RuleId::CrplQuality;
    let claim = ctx.claim();
    let p = &claim.purchase;
    if p.kind == Kind::Service {
        return quality_service(ctx);
    }
    if !p.kind.is_goods() {
        ctx.not_applicable(rule, Reason::NotGoods);
        return Ok(());
    }
    if matches!(p.kind, Kind::WarrantyGoods | Kind::FamilyCar) {
        ctx.not_applicable(rule, Reason::SpecialRegime);
        return Ok(());
    }
    if !ctx.gate(rule, ctx.facts_date()) {
        return Ok(());
    }
    let mut check = Check::default();
    check.must(
        claim.findings.quality_defect,
        Fact::QualityDefect,
        Reason::NoQualityDefect,
    );
    let receipt = check.need(ctx.receipt(), Fact::ReceiptDate);
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    let Some(receipt) = receipt else {
        return Ok(());
    };
    let price = p.price_paid;
    let w = ctx.day_window(
        WindowKind::RequestBy,
        ParamId::CrplQualityReturnDays,
        receipt,
    );
    let mut status = ctx.status(&w);
    let mut missing = FactSet::EMPTY;
    let mut ret = remedy(RemedyKind::Return, rule, status, Some(w));
    ret.conditions.insert(Condition::OperatorPaysCosts);
    ret.conditions.insert(Condition::NoRuleOrAgreement);
    if status == RemedyStatus::Expired {
        ret.conditions.insert(Condition::RescissionConditions);
        match claim.findings.rescission_conditions_met {
            Some(true) => {
                status = RemedyStatus::Available;
                ret.status = status;
            }
            Some(false) => {}
            None => missing.insert(Fact::RescissionConditions),
        }
    }
    ret.refund = Some(Amount::Exact(price));
    ctx.push_remedy(ret);
    ctx.offer_refund(
        rule,
        ItemKind::PriceRefund,
        Amount::Exact(price),
        status,
        Vec::new(),
    );
    for k in [RemedyKind::Replace, RemedyKind::Repair] {
        let mut r = remedy(k, rule, RemedyStatus::Available, None);
        r.conditions.insert(Condition::OperatorPaysCosts);
        r.conditions.insert(Condition::NoRuleOrAgreement);
        ctx.push_remedy(r);
    }
    ctx.set(rule, Outcome::Applied, Reason::Applies, missing);
    Ok(())
}

/// CRPL Art. 24 for a service short of quality: the operator redoes it, or, where the
/// statutory conditions for rescission are met (Civil Code Art. 563), the consumer ends the
/// contract and the part not yet performed is refunded (Civil Code Art. 566 para. 1). Prepaid
/// contracts have their own rules (SPC Fa Shi [2025] No. 4) and package tours the Tourism Law.
fn quality_service(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    let rule = RuleId::CrplQuality;
    let claim = ctx.claim();
    if claim.prepaid.is_some() {
        ctx.not_applicable(rule, Reason::SpecialRegime);
        return Ok(());
    }
    if !ctx.gate(rule, ctx.facts_date()) {
        return Ok(());
    }
    let mut check = Check::default();
    check.must(
        claim.findings.quality_defect,
        Fact::QualityDefect,
        Reason::NoQualityDefect,
    );
    if !ctx.settle(rule, &check) {
        return Ok(());
    }
    let mut redo = remedy(RemedyKind::Redo, rule, RemedyStatus::Available, None);
    redo.conditions.insert(Condition::OperatorPaysCosts);
    redo.conditions.insert(Condition::NoRuleOrAgreement);
    ctx.push_remedy(redo);
    let mut missing = FactSet::EMPTY;
    let mut end = remedy(RemedyKind::EndService, rule, RemedyStatus::Available, None);
    end.conditions.insert(Condition::NoRuleOrAgreement);
    // Without the rescission conditions only the redo is open.
    let can_end = claim.findings.rescission_conditions_met;
    if can_end == Some(false) {
        ctx.set(rule, Outcome::Applied, Reason::Applies, missing);
        return Ok(());
    }
    if can_end.is_none() {
        end.status = RemedyStatus::Open;
        missing.insert(Fact::RescissionConditions);
    }
    let price = claim.purchase.price_paid;
    match claim.service.unperformed_share {
        None => missing.insert(Fact::ServiceUnperformed),
        Some(share) => {
            let refund = price.checked_mul_decimal(share.fraction())?;
            let step = ctx.step(
                Label::Unperformed,
                Calc::Multiply {
                    factor: share.fraction(),
                    base: price,
                    result: refund,
                },
                None,
            );
            end.refund = Some(Amount::Exact(refund));
            if can_end == Some(true) {
                ctx.offer_refund(
                    rule,
                    ItemKind::PriceRefund,
                    Amount::Exact(refund),
                    RemedyStatus::Available,
                    vec![step],
                );
            }
        }
    }
    ctx.push_remedy(end);
    ctx.set(rule, Outcome::Applied, Reason::Applies, missing);
    Ok(())
}
