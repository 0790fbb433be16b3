//! The assessment engine: applies every rule of the catalogue to a claim.
//!
//! Order of work: the refund-giving remedies in order of priority (prepaid, car, 三包,
//! no-reason return, quality return), so the first open one supplies the refund item; then
//! the punitive regimes, of which the larger is proposed and the others offered; then the
//! losses, interest, the total and the claimed cap.

mod minor;
mod prepaid;
mod punitive;
mod remedies;

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use weiquan_complaint::Yuan;

use crate::Error;
use crate::assessment::{
    Amount, Assessment, Calc, Consideration, Extension, Flag, FlagSet, Item, ItemKind, Label,
    NoteSet, Outcome, Reason, Remedy, RemedyStatus, Step, Window, WindowKind,
};
use crate::claim::ClaimDocument;
use crate::policy::{Policy, RestDays};
use crate::rules::{Fact, FactSet, RuleId};
use crate::table::ParamId;
use weiquan_law::Reliability;

/// Assesses a claim under a policy, counting deadlines with the official State Council
/// calendar (`weiquan_calendar::Calendar::official()`, feature `calendar`, on by default): a
/// last day on a rest day moves to the next working day (Civil Code Art. 203) and working-day
/// deadlines are computed. A year the calendar does not cover is unknown: the calendar-day
/// last day is kept and the assessment is flagged `no_calendar`, as without the feature.
///
/// ```
/// use weiquan_compensation::{assess, ClaimDocument, Policy, RuleId};
/// let claim = ClaimDocument::from_json(r#"{
///   "schema_version": 1,
///   "purchase": {"kind": "goods", "price_paid": "1299.00", "purchase_date": "2025-03-02"},
///   "findings": {"fraud": true}
/// }"#)?;
/// let a = assess(&claim, &Policy::default())?;
/// let fraud = a.item(RuleId::CrplFraud).unwrap();
/// assert_eq!(fraud.steps[0].calc.to_string(), "3 × 1,299.00 = 3,897.00");
/// assert_eq!(fraud.steps[1].calc.to_string(), "max(3,897.00, 500.00) = 3,897.00");
/// assert_eq!(a.total.to_string(), "5,196.00"); // refund 1,299.00 + 3,897.00
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn assess(claim: &ClaimDocument, policy: &Policy) -> Result<Assessment, Error> {
    #[cfg(feature = "calendar")]
    let calendar: &dyn RestDays = weiquan_calendar::Calendar::official();
    #[cfg(not(feature = "calendar"))]
    let calendar: &dyn RestDays = &crate::policy::NoCalendar;
    assess_with(claim, policy, calendar)
}

/// Assesses a claim with a calendar of rest days (for Civil Code Art. 203 and working-day
/// deadlines): another `weiquan_calendar::Calendar` (with later notices loaded, say), a
/// [`crate::RestDayList`], or [`crate::NoCalendar`] to compute neither.
pub fn assess_with(
    claim: &ClaimDocument,
    policy: &Policy,
    calendar: &dyn RestDays,
) -> Result<Assessment, Error> {
    let mut ctx = Ctx::new(claim, policy, calendar);
    if ctx.out_of_scope().is_some() {
        ctx.flag(Flag::ContractRemediesOnly);
    }
    minor::payment(&mut ctx)?;
    prepaid::cooling_off(&mut ctx)?;
    prepaid::balance(&mut ctx)?;
    prepaid::unlimited(&mut ctx)?;
    remedies::car(&mut ctx)?;
    remedies::sanbao(&mut ctx)?;
    remedies::no_reason(&mut ctx)?;
    remedies::quality(&mut ctx)?;
    ctx.add_refund_item();
    prepaid::interest(&mut ctx)?;
    punitive::fraud(&mut ctx)?;
    punitive::defect_harm(&mut ctx)?;
    punitive::food(&mut ctx)?;
    punitive::drug(&mut ctx)?;
    punitive::tourism(&mut ctx)?;
    ctx.elect();
    ctx.losses();
    ctx.presumed_scope();
    ctx.bulk_quantity();
    ctx.finish()
}

/// The refund chosen among the remedies that give one.
struct RefundPick {
    rule: RuleId,
    kind: ItemKind,
    amount: Amount,
    steps: Vec<Step>,
    notes: NoteSet,
}

pub(crate) struct Ctx<'a> {
    claim: &'a ClaimDocument,
    policy: &'a Policy,
    calendar: &'a dyn RestDays,
    items: Vec<Item>,
    remedies: Vec<Remedy>,
    considered: Vec<Consideration>,
    flags: FlagSet,
    refund: Option<RefundPick>,
}

/// Collects the conditions of a rule: the first definite "no" settles it; otherwise every
/// unknown fact is listed.
#[derive(Default)]
pub(crate) struct Check {
    no: Option<Reason>,
    pub(crate) missing: FactSet,
}

impl Check {
    /// Requires a finding to be true.
    pub(crate) fn must(&mut self, v: Option<bool>, fact: Fact, otherwise: Reason) {
        match v {
            Some(true) => {}
            Some(false) => self.fail(otherwise),
            None => self.missing.insert(fact),
        }
    }

    /// Requires a value to be known.
    pub(crate) fn need<T: Copy>(&mut self, v: Option<T>, fact: Fact) -> Option<T> {
        if v.is_none() {
            self.missing.insert(fact);
        }
        v
    }

    /// Records a definite "no" (the first one is kept).
    pub(crate) fn fail(&mut self, r: Reason) {
        if self.no.is_none() {
            self.no = Some(r);
        }
    }

    /// Requires a three-valued condition.
    pub(crate) fn holds(&mut self, v: Option<bool>, facts: FactSet, otherwise: Reason) {
        match v {
            Some(true) => {}
            Some(false) => self.fail(otherwise),
            None => self.missing = self.missing.union(facts),
        }
    }
}

impl<'a> Ctx<'a> {
    fn new(claim: &'a ClaimDocument, policy: &'a Policy, calendar: &'a dyn RestDays) -> Ctx<'a> {
        let considered = RuleId::ALL
            .iter()
            .map(|&rule| Consideration {
                rule,
                outcome: Outcome::NotApplicable,
                reason: Reason::Missing,
                missing: FactSet::EMPTY,
            })
            .collect();
        Ctx {
            claim,
            policy,
            calendar,
            items: Vec::with_capacity(4),
            remedies: Vec::new(),
            considered,
            flags: FlagSet::new(),
            refund: None,
        }
    }

    pub(crate) fn claim(&self) -> &'a ClaimDocument {
        self.claim
    }

    pub(crate) fn policy(&self) -> &'a Policy {
        self.policy
    }

    /// The date that selects the version of every rule.
    pub(crate) fn facts_date(&self) -> NaiveDate {
        self.claim.purchase.purchase_date
    }

    pub(crate) fn flag(&mut self, f: Flag) {
        self.flags.insert(f);
    }

    /// Records what happened to a rule.
    pub(crate) fn set(&mut self, rule: RuleId, outcome: Outcome, reason: Reason, missing: FactSet) {
        if let Some(c) = self.considered.get_mut(rule as usize) {
            c.outcome = outcome;
            c.reason = reason;
            c.missing = missing;
        }
        if matches!(outcome, Outcome::Applied | Outcome::Offered) {
            match rule.rule().reliability() {
                Reliability::Unverified => self.flags.insert(Flag::UnverifiedRule),
                Reliability::Secondary => self.flags.insert(Flag::SecondaryRule),
                Reliability::Verified => {}
            }
        }
    }

    pub(crate) fn not_applicable(&mut self, rule: RuleId, reason: Reason) {
        self.set(rule, Outcome::NotApplicable, reason, FactSet::EMPTY);
    }

    /// Records a failed check; returns true when the rule can go on.
    pub(crate) fn settle(&mut self, rule: RuleId, check: &Check) -> bool {
        if let Some(r) = check.no {
            self.set(rule, Outcome::NotApplicable, r, FactSet::EMPTY);
            false
        } else if !check.missing.is_empty() {
            self.set(rule, Outcome::MissingFacts, Reason::Missing, check.missing);
            false
        } else {
            true
        }
    }

    /// Why the purchase is outside the consumer-protection regime, when the claim says it is:
    /// not for living consumption (CRPL Art. 2), or not from an operator (SPC Fa Shi [2022]
    /// No. 8 Art. 7).
    pub(crate) fn out_of_scope(&self) -> Option<Reason> {
        let p = &self.claim.purchase;
        if p.purpose == Some(weiquan_complaint::Purpose::NotLivingConsumption) {
            Some(Reason::NotLivingConsumption)
        } else if p.seller_is_operator == Some(false) {
            Some(Reason::NotOperator)
        } else {
            None
        }
    }

    /// The facts of the consumer regime's scope the claim leaves unknown: the rules applied on
    /// the default (living consumption, from an operator) list them as missing and the
    /// assessment is flagged, so the default is never silent.
    fn presumed_scope(&mut self) {
        let p = &self.claim.purchase;
        let mut unknown = FactSet::EMPTY;
        if p.purpose.is_none() {
            unknown.insert(Fact::Purpose);
        }
        if p.seller_is_operator.is_none() {
            unknown.insert(Fact::SellerIsOperator);
        }
        if unknown.is_empty() {
            return;
        }
        let mut presumed = false;
        for c in &mut self.considered {
            if c.rule.consumer_scoped() && matches!(c.outcome, Outcome::Applied | Outcome::Offered)
            {
                c.missing = c.missing.union(unknown);
                presumed = true;
            }
        }
        if presumed {
            self.flags.insert(Flag::ConsumerScopePresumed);
        }
    }

    /// SPC Fa Shi [2024] No. 9 Arts. 12–14: a bulk quantity of food or drugs behind punitive
    /// damages, with no reasonable quantity found, is flagged for the handler (the policy's
    /// threshold; the text states none).
    fn bulk_quantity(&mut self) {
        let p = &self.claim.purchase;
        let threshold = self.policy.bulk_quantity;
        if threshold == 0
            || p.quantity < threshold
            || self.claim.findings.reasonable_quantity.is_some()
        {
            return;
        }
        let punitive = self
            .items
            .iter()
            .any(|i| matches!(i.kind, ItemKind::FoodPunitive | ItemKind::DrugPunitive));
        if punitive {
            self.flags.insert(Flag::BulkQuantity);
        }
    }

    /// Whether a rule may be applied to facts dated `date` under the policy and the scope of
    /// the consumer regime; records why not.
    pub(crate) fn gate(&mut self, rule: RuleId, date: NaiveDate) -> bool {
        if let Some(reason) = self.out_of_scope().filter(|_| rule.consumer_scoped()) {
            self.not_applicable(rule, reason);
            false
        } else if self.policy.disabled_rules.contains(rule) {
            self.set(rule, Outcome::Disabled, Reason::Disabled, FactSet::EMPTY);
            false
        } else if !rule.rule().in_force_on(date) {
            self.set(
                rule,
                Outcome::NotInForce,
                Reason::NotInForce,
                FactSet::EMPTY,
            );
            false
        } else {
            true
        }
    }

    pub(crate) fn push_item(&mut self, item: Item) {
        self.items.push(item);
    }

    pub(crate) fn push_remedy(&mut self, r: Remedy) {
        self.remedies.push(r);
    }

    /// Offers a refund: the first open one (in order of priority) becomes the refund item.
    pub(crate) fn offer_refund(
        &mut self,
        rule: RuleId,
        kind: ItemKind,
        amount: Amount,
        status: RemedyStatus,
        steps: Vec<Step>,
    ) {
        self.offer_refund_noted(rule, kind, amount, status, steps, NoteSet::new());
    }

    /// [`Ctx::offer_refund`] with remarks the refund item carries (e.g. that a coefficient
    /// was capped): a remark about the amount travels with it.
    pub(crate) fn offer_refund_noted(
        &mut self,
        rule: RuleId,
        kind: ItemKind,
        amount: Amount,
        status: RemedyStatus,
        steps: Vec<Step>,
        notes: NoteSet,
    ) {
        if self.refund.is_none() && status != RemedyStatus::Expired {
            self.refund = Some(RefundPick {
                rule,
                kind,
                amount,
                steps,
                notes,
            });
        }
    }

    /// The refund chosen so far (rule, kind, amount).
    pub(crate) fn refund(&self) -> Option<(RuleId, ItemKind, Amount)> {
        self.refund.as_ref().map(|r| (r.rule, r.kind, r.amount))
    }

    fn add_refund_item(&mut self) {
        if let Some(r) = &mut self.refund {
            self.items.push(Item {
                kind: r.kind,
                rule: r.rule,
                amount: r.amount,
                proposed: true,
                notes: r.notes,
                steps: std::mem::take(&mut r.steps),
            });
        }
    }

    // ---- numbers -------------------------------------------------------------------------

    /// A step using a statutory parameter.
    pub(crate) fn step(&self, label: Label, calc: Calc, parameter: Option<ParamId>) -> Step {
        let overridden = parameter.is_some_and(|p| self.policy.override_of(p).is_some());
        Step {
            label,
            calc,
            parameter,
            overridden,
        }
    }

    /// `value(param) × base`, rounded to the fen.
    pub(crate) fn times(
        &mut self,
        label: Label,
        param: ParamId,
        base: Yuan,
    ) -> Result<(Yuan, Step), Error> {
        let factor = self.policy.value(param);
        if self.policy.override_of(param).is_some() {
            self.flags.insert(Flag::PolicyOverride);
        }
        let result = base.checked_mul_decimal(factor)?;
        let calc = Calc::Multiply {
            factor,
            base,
            result,
        };
        Ok((result, self.step(label, calc, Some(param))))
    }

    /// `max(value, minimum(param))`.
    pub(crate) fn at_least(&self, value: Yuan, param: ParamId) -> Result<(Yuan, Step), Error> {
        let floor = Yuan::rounded(self.policy.value(param))?;
        let result = value.max(floor);
        let calc = Calc::AtLeast {
            value,
            floor,
            result,
        };
        Ok((result, self.step(Label::Minimum, calc, Some(param))))
    }

    /// The price of the reasonable quantity for a knowing buyer, or the whole price.
    pub(crate) fn eligible_price(
        &self,
        check: &mut Check,
        steps: &mut Vec<Step>,
    ) -> Result<Yuan, Error> {
        let p = &self.claim.purchase;
        let f = &self.claim.findings;
        if !f.buyer_knew {
            return Ok(p.price_paid);
        }
        let Some(q) = check.need(f.reasonable_quantity, Fact::ReasonableQuantity) else {
            return Ok(p.price_paid);
        };
        let q = q.min(p.quantity);
        let result = p
            .price_paid
            .checked_mul_ratio(Decimal::from(q), Decimal::from(p.quantity.max(1)))?;
        steps.push(self.step(
            Label::ReasonableQuantity,
            Calc::Ratio {
                base: p.price_paid,
                numerator: crate::assessment::Term::Units(q),
                denominator: crate::assessment::Term::Units(p.quantity),
                result,
            },
            None,
        ));
        Ok(result)
    }

    // ---- dates ---------------------------------------------------------------------------

    /// The day goods were received: the receipt date, or the purchase date for goods taken
    /// away at the counter.
    pub(crate) fn receipt(&self) -> Option<NaiveDate> {
        let p = &self.claim.purchase;
        p.receipt_date
            .or_else(|| (!p.distance_sale).then_some(p.purchase_date))
    }

    /// A window of `days` (param) counted from the day after `from`.
    pub(crate) fn day_window(
        &mut self,
        kind: WindowKind,
        param: ParamId,
        from: NaiveDate,
    ) -> Window {
        let days = self.policy.whole(param);
        if self.policy.override_of(param).is_some() {
            self.flags.insert(Flag::PolicyOverride);
        }
        let last_day = from
            .checked_add_days(Days::new(days))
            .unwrap_or(NaiveDate::MAX);
        self.finish_window(kind, param, None, from, last_day)
    }

    /// A window of `months` (param) ending on the corresponding day (Civil Code Art. 202).
    pub(crate) fn month_window(&mut self, param: ParamId, km: ParamId, from: NaiveDate) -> Window {
        let months = u32::try_from(self.policy.whole(param)).unwrap_or(u32::MAX);
        let last_day = from
            .checked_add_months(Months::new(months))
            .unwrap_or(NaiveDate::MAX);
        self.finish_window(WindowKind::FaultWithin, param, Some(km), from, last_day)
    }

    fn finish_window(
        &mut self,
        kind: WindowKind,
        parameter: ParamId,
        km_parameter: Option<ParamId>,
        from: NaiveDate,
        last_day: NaiveDate,
    ) -> Window {
        let (extension, extended_to) = if kind == WindowKind::RequestBy {
            self.extension(last_day)
        } else {
            (Extension::NotApplicable, None)
        };
        Window {
            kind,
            parameter,
            km_parameter,
            from,
            last_day,
            extension,
            extended_to,
        }
    }

    /// Civil Code Art. 203: a last day on a rest day moves to the day after the rest ends.
    fn extension(&mut self, last: NaiveDate) -> (Extension, Option<NaiveDate>) {
        if !self.policy.holiday_extension {
            return (Extension::Disabled, None);
        }
        match self.calendar.is_rest_day(last) {
            None => {
                self.flags.insert(Flag::NoCalendar);
                (Extension::NoCalendar, None)
            }
            Some(false) => (Extension::NotNeeded, None),
            Some(true) => {
                let mut d = last;
                // Rest runs are short (the longest break is 9 days); 60 is a safe bound.
                for _ in 0..60 {
                    d = match d.succ_opt() {
                        Some(n) => n,
                        None => break,
                    };
                    match self.calendar.is_rest_day(d) {
                        Some(true) => continue,
                        Some(false) => return (Extension::Extended, Some(d)),
                        None => break,
                    }
                }
                self.flags.insert(Flag::NoCalendar);
                (Extension::NoCalendar, None)
            }
        }
    }

    /// Whether the consumer asked in time.
    pub(crate) fn status(&self, w: &Window) -> RemedyStatus {
        match self.claim.request_date {
            None => RemedyStatus::Open,
            Some(r) if r <= w.effective_last_day() => RemedyStatus::Available,
            Some(_) => RemedyStatus::Expired,
        }
    }

    /// Whether a fault appeared by `last`: from the fault date, or from the request date when
    /// that alone settles it (a fault is never reported after the request).
    pub(crate) fn fault_by(&self, fault_date: Option<NaiveDate>, last: NaiveDate) -> Option<bool> {
        match (fault_date, self.claim.request_date) {
            (Some(f), _) => Some(f <= last),
            (None, Some(r)) if r <= last => Some(true),
            _ => None,
        }
    }

    /// `n` working days after `from` (the start day not counted), when the calendar knows
    /// every day on the way.
    pub(crate) fn add_working_days(&mut self, from: NaiveDate, n: u64) -> Option<NaiveDate> {
        let mut d = from;
        let mut left = n;
        let mut guard = 0u32;
        while left > 0 {
            d = d.succ_opt()?;
            guard += 1;
            if guard > 400 {
                return None;
            }
            match self.calendar.is_rest_day(d) {
                Some(true) => {}
                Some(false) => left -= 1,
                None => {
                    self.flags.insert(Flag::NoCalendar);
                    return None;
                }
            }
        }
        Some(d)
    }

    // ---- the end -------------------------------------------------------------------------

    /// Punitive regimes are alternatives: propose the one with the largest upper end
    /// (an exact amount wins a tie against a range), offer the others.
    fn elect(&mut self) {
        let best = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.kind.is_punitive())
            .max_by(|(ia, a), (ib, b)| {
                a.amount
                    .max()
                    .cmp(&b.amount.max())
                    .then(a.amount.min().cmp(&b.amount.min()))
                    .then(ib.cmp(ia))
            })
            .map(|(i, _)| i);
        let Some(best) = best else { return };
        let mut offered = Vec::new();
        for (i, item) in self.items.iter_mut().enumerate() {
            if item.kind.is_punitive() && i != best {
                item.proposed = false;
                item.notes.insert(crate::assessment::Note::Alternative);
                offered.push(item.rule);
            }
        }
        for rule in offered {
            self.set(
                rule,
                Outcome::Offered,
                Reason::SmallerAlternative,
                FactSet::EMPTY,
            );
        }
        // "退一赔三": a refund of the price comes with fraud, food or drug punitive damages
        // when no remedy gave one already.
        let refund_with = self.items.get(best).and_then(|i| {
            matches!(
                i.kind,
                ItemKind::FraudCompensation | ItemKind::FoodPunitive | ItemKind::DrugPunitive
            )
            .then_some(i.rule)
        });
        if let (None, Some(rule)) = (&self.refund, refund_with) {
            let price = self.claim.purchase.price_paid;
            let (amount, steps, notes) = self.use_deduction(rule, price);
            self.refund = Some(RefundPick {
                rule,
                kind: ItemKind::PriceRefund,
                amount,
                steps: steps.clone(),
                notes,
            });
            self.items.insert(
                0,
                Item {
                    kind: ItemKind::PriceRefund,
                    rule,
                    amount,
                    proposed: true,
                    notes,
                    steps,
                },
            );
        }
    }

    /// The price refunded on rescission, less what a court may deduct for the use the
    /// consumer had (Civil Code Art. 566 para. 1). For a family car the deduction is
    /// estimated by SAMR Order No. 43 Art. 27's formula at its maximum coefficient (price ×
    /// km ÷ 1,000 × n): the refund is then the range from that to the whole price, and without
    /// the odometer reading the whole price is shown with a note and the reading asked for.
    /// Other goods have no statutory formula: the price is refunded as before.
    fn use_deduction(&mut self, rule: RuleId, price: Yuan) -> (Amount, Vec<Step>, NoteSet) {
        let mut notes = NoteSet::new();
        if self.claim.purchase.kind != crate::claim::Kind::FamilyCar {
            return (Amount::Exact(price), Vec::new(), notes);
        }
        let Some(km) = self.claim.car.odometer_km else {
            notes.insert(crate::assessment::Note::UseDeductionUnknown);
            if let Some(c) = self.considered.get_mut(rule as usize) {
                c.missing.insert(Fact::CarOdometer);
            }
            return (Amount::Exact(price), Vec::new(), notes);
        };
        let n = self.policy.value(ParamId::CarUseCoefficientMax);
        let Ok(fee) = price.checked_mul_ratio(Decimal::from(km) * n, Decimal::from(1000)) else {
            return (Amount::Exact(price), Vec::new(), notes);
        };
        let lowest = price.saturating_sub(fee);
        notes.insert(crate::assessment::Note::UseDeduction);
        let steps = vec![
            self.step(
                Label::UseFee,
                Calc::UseFee {
                    price,
                    km,
                    coefficient: crate::claim::Rate::new(n).unwrap_or_default(),
                    result: fee,
                },
                Some(ParamId::CarUseCoefficientMax),
            ),
            self.step(
                Label::Refund,
                Calc::Subtract {
                    a: price,
                    b: fee,
                    result: lowest,
                },
                None,
            ),
        ];
        (Amount::between(lowest, price), steps, notes)
    }

    fn losses(&mut self) {
        let rule = RuleId::Losses;
        if !self.gate(rule, self.facts_date()) {
            return;
        }
        match self.claim.proven_losses {
            None => self.set(
                rule,
                Outcome::MissingFacts,
                Reason::Missing,
                FactSet::EMPTY.with(Fact::ProvenLosses),
            ),
            Some(l) if l.is_zero() => self.not_applicable(rule, Reason::NoLosses),
            Some(l) => {
                // Civil Code Art. 1173: the consumer's own fault reduces what is owed. Not
                // known, the losses are proposed whole and the share is asked for.
                let mut steps = Vec::new();
                let mut missing = FactSet::EMPTY;
                let amount = match self.claim.findings.consumer_fault_share {
                    None => {
                        missing.insert(Fact::ConsumerFaultShare);
                        l
                    }
                    Some(share) if share.fraction().is_zero() => l,
                    Some(share) => {
                        let factor = Decimal::ONE - share.fraction();
                        let Ok(result) = l.checked_mul_decimal(factor) else {
                            return;
                        };
                        steps.push(self.step(
                            Label::FaultShare,
                            Calc::Multiply {
                                factor,
                                base: l,
                                result,
                            },
                            None,
                        ));
                        result
                    }
                };
                self.items.push(Item {
                    kind: ItemKind::Losses,
                    rule,
                    amount: Amount::Exact(amount),
                    proposed: true,
                    notes: NoteSet::new(),
                    steps,
                });
                self.set(rule, Outcome::Applied, Reason::Applies, missing);
            }
        }
    }

    fn finish(mut self) -> Result<Assessment, Error> {
        let mut parts = Vec::with_capacity(self.items.len());
        let (mut lo, mut hi) = (Yuan::ZERO, Yuan::ZERO);
        for i in self.items.iter().filter(|i| i.proposed) {
            parts.push(i.amount);
            lo = lo.checked_add(i.amount.min())?;
            hi = hi.checked_add(i.amount.max())?;
        }
        let sum = Amount::between(lo, hi);
        let mut total_steps = Vec::with_capacity(2);
        total_steps.push(self.step(Label::Total, Calc::Sum { parts, result: sum }, None));
        let mut total = sum;
        if let Some(cap) = self.claim.amount_claimed
            && hi > cap
        {
            total = Amount::between(lo.min(cap), cap);
            total_steps.push(self.step(
                Label::ClaimCap,
                Calc::AtMost {
                    value: hi,
                    cap,
                    result: cap,
                },
                None,
            ));
            self.flags.insert(Flag::ClaimCap);
        }
        if self.considered.iter().any(|c| !c.missing.is_empty()) {
            self.flags.insert(Flag::MissingFacts);
        }
        Ok(Assessment {
            claim_id: self.claim.id.clone(),
            facts_date: self.facts_date(),
            items: self.items,
            remedies: self.remedies,
            considered: self.considered,
            total,
            total_steps,
            flags: self.flags,
            overrides: self.policy.overrides.clone(),
        })
    }
}
