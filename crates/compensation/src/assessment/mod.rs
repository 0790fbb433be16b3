//! The engine's output: what the consumer may claim, the remedies open to them with their
//! deadlines, every rule considered and why it did or did not apply, and the computation of
//! every amount written out.
//!
//! The computations are kept as structured steps and rendered as text (e.g.
//! `3 × 1,299.00 = 3,897.00`) only when displayed or serialised, so assessing allocates
//! little; the JSON form carries the rendered text together with the statutory parameter
//! each step used.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use weiquan_complaint::Yuan;

use crate::claim::Rate;
use crate::policy::Override;
use crate::rules::{FactSet, RuleId};
use crate::table::ParamId;

mod json_schema;
mod render;
mod serialise;
mod vocabulary;

pub use vocabulary::{
    Condition, ConditionSet, Extension, Flag, FlagSet, ItemKind, Label, Note, NoteSet, Outcome,
    Reason, RemedyKind, RemedyStatus, Set, Vocabulary, WindowKind,
};

/// The assessment document version.
pub const ASSESSMENT_SCHEMA_VERSION: u32 = 1;

/// An amount of money: exact, or a range the court sets within.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Amount {
    /// An exact amount.
    Exact(Yuan),
    /// A range (inclusive).
    Range {
        /// Lower end.
        min: Yuan,
        /// Upper end.
        max: Yuan,
    },
}

impl Amount {
    /// The lower end (the amount itself when exact).
    pub fn min(self) -> Yuan {
        match self {
            Amount::Exact(a) | Amount::Range { min: a, .. } => a,
        }
    }

    /// The upper end (the amount itself when exact).
    pub fn max(self) -> Yuan {
        match self {
            Amount::Exact(a) | Amount::Range { max: a, .. } => a,
        }
    }

    /// An amount from its ends: exact when they are equal.
    pub fn between(min: Yuan, max: Yuan) -> Amount {
        if min == max {
            Amount::Exact(min)
        } else {
            Amount::Range { min, max }
        }
    }
}

/// One term of a ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Term {
    /// An amount.
    Amount(Yuan),
    /// A number of days.
    Days(i64),
    /// A number of units.
    Units(u32),
}

/// One computation, kept structured and rendered on display.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Calc {
    /// `factor × base = result`.
    Multiply {
        /// The multiplier.
        factor: Decimal,
        /// The base.
        base: Yuan,
        /// The product, rounded to the fen.
        result: Yuan,
    },
    /// `max(value, floor) = result`.
    AtLeast {
        /// The computed value.
        value: Yuan,
        /// The floor.
        floor: Yuan,
        /// The larger.
        result: Yuan,
    },
    /// `min(value, cap) = result`.
    AtMost {
        /// The computed value.
        value: Yuan,
        /// The cap.
        cap: Yuan,
        /// The smaller.
        result: Yuan,
    },
    /// `base × numerator ÷ denominator = result`.
    Ratio {
        /// The base.
        base: Yuan,
        /// The numerator.
        numerator: Term,
        /// The denominator.
        denominator: Term,
        /// The result, rounded to the fen.
        result: Yuan,
    },
    /// `a − b = result` (floored at zero when marked so).
    Subtract {
        /// Minuend.
        a: Yuan,
        /// Subtrahend.
        b: Yuan,
        /// Result.
        result: Yuan,
    },
    /// `principal × rate × days ÷ basis = result`.
    Interest {
        /// The principal.
        principal: Yuan,
        /// The annual rate.
        rate: Rate,
        /// Days of interest.
        days: i64,
        /// Days in the year.
        basis: u64,
        /// The interest.
        result: Yuan,
    },
    /// `price × rate × days = result`.
    Depreciation {
        /// The price.
        price: Yuan,
        /// The daily rate.
        rate: Rate,
        /// Days depreciated.
        days: i64,
        /// The depreciation.
        result: Yuan,
    },
    /// `price × km ÷ 1,000 × n = result`.
    UseFee {
        /// The car price.
        price: Yuan,
        /// Kilometres driven.
        km: u32,
        /// The coefficient.
        coefficient: Rate,
        /// The fee.
        result: Yuan,
    },
    /// `min(value, cap) = result` for rates: a coefficient held to its statutory maximum.
    RateAtMost {
        /// The rate given (e.g. the certificate's coefficient).
        value: Rate,
        /// The statutory maximum.
        cap: Rate,
        /// The rate applied.
        result: Rate,
    },
    /// `first – last = days`: the calendar days from `first` to `last`, both included (Civil
    /// Code Arts. 200–203 count whole days); `days` is 0 when `first` is after `last`.
    DayCount {
        /// The first day counted.
        first: NaiveDate,
        /// The last day counted.
        last: NaiveDate,
        /// How many days.
        days: i64,
    },
    /// `age(born, on) = years`: completed years of age on a day (Civil Code Arts. 201–202: N
    /// years old from the day after the N-th birthday).
    Age {
        /// The birth date.
        born: NaiveDate,
        /// The day of the act.
        on: NaiveDate,
        /// Completed years.
        years: u32,
    },
    /// `a + b + … = result`.
    Sum {
        /// The parts.
        parts: Vec<Amount>,
        /// The total.
        result: Amount,
    },
}

/// One step of a computation: what it computes, the computation, and the statutory number it
/// used.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Step {
    /// What it computes.
    pub label: Label,
    /// The computation.
    pub calc: Calc,
    /// The statutory number it used, with its source.
    pub parameter: Option<ParamId>,
    /// Whether the parameter's value came from a policy override.
    pub overridden: bool,
}

/// One item of money the consumer may claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: ItemKind,
    /// The rule that gives it.
    pub rule: RuleId,
    /// How much.
    pub amount: Amount,
    /// Whether it counts in the proposed total (an alternative punitive regime does not).
    pub proposed: bool,
    /// Remarks.
    pub notes: NoteSet,
    /// The computation, step by step.
    pub steps: Vec<Step>,
}

/// A period and its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    /// What it limits.
    pub kind: WindowKind,
    /// The statutory length.
    pub parameter: ParamId,
    /// The mileage limit reached first, when there is one.
    pub km_parameter: Option<ParamId>,
    /// The event it counts from (receipt, sale, payment, delivery).
    pub from: NaiveDate,
    /// The last day in (calendar count; the start day not counted).
    pub last_day: NaiveDate,
    /// The holiday extension.
    pub extension: Extension,
    /// The last day after the extension, when it moved.
    pub extended_to: Option<NaiveDate>,
}

impl Window {
    /// The last day that counts, extension included.
    pub fn effective_last_day(&self) -> NaiveDate {
        self.extended_to.unwrap_or(self.last_day)
    }
}

/// A time limit the operator must meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OperatorDeadline {
    /// The statutory length.
    pub parameter: ParamId,
    /// The last day, when the starting event's date is known (and, for working days, a
    /// calendar was given).
    pub due: Option<NaiveDate>,
}

/// A remedy the consumer may ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remedy {
    /// What it gives.
    pub kind: RemedyKind,
    /// The rule that gives it.
    pub rule: RuleId,
    /// Whether it is open.
    pub status: RemedyStatus,
    /// The period it must be used in, when there is one.
    pub window: Option<Window>,
    /// Conditions it carries.
    pub conditions: ConditionSet,
    /// Time limits the operator must meet.
    pub operator_deadlines: [Option<OperatorDeadline>; 2],
    /// The refund it gives, when it gives one.
    pub refund: Option<Amount>,
}

/// What happened to one rule of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Consideration {
    /// The rule.
    pub rule: RuleId,
    /// The outcome.
    pub outcome: Outcome,
    /// Why.
    pub reason: Reason,
    /// The facts it needs that are missing.
    pub missing: FactSet,
}

/// The assessment of one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// The claim's `id`.
    pub claim_id: Option<String>,
    /// The date of the facts that selected the version of each rule (the purchase date).
    pub facts_date: NaiveDate,
    /// The items of money, proposed and offered.
    pub items: Vec<Item>,
    /// The remedies, open and expired.
    pub remedies: Vec<Remedy>,
    /// Every rule of the catalogue, in order, with its outcome.
    pub considered: Vec<Consideration>,
    /// The proposed total (after the claimed cap).
    pub total: Amount,
    /// How the total was computed.
    pub total_steps: Vec<Step>,
    /// Remarks on the whole assessment.
    pub flags: FlagSet,
    /// The statutory numbers the policy replaced: the texts of the assessment (rule titles,
    /// meanings, remarks) state these values, and each parameter in the trace shows the value
    /// applied with the table's as `statutory_value`.
    pub overrides: Vec<Override>,
}

impl Assessment {
    /// The outcome for a rule.
    pub fn consideration(&self, rule: RuleId) -> Option<&Consideration> {
        self.considered.iter().find(|c| c.rule == rule)
    }

    /// The proposed items.
    pub fn proposed(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.proposed)
    }

    /// The item a rule gave, if any: its own amount before the refund of the price that may
    /// accompany it (see [`Assessment::refund`]).
    pub fn item(&self, rule: RuleId) -> Option<&Item> {
        let mut of_rule = self.items.iter().filter(|i| i.rule == rule);
        let first = of_rule.next();
        match first {
            Some(i) if i.kind.is_refund() => of_rule.next().or(first),
            other => other,
        }
    }

    /// The refund item (of the price or of a prepayment), if any.
    pub fn refund(&self) -> Option<&Item> {
        self.items.iter().find(|i| i.kind.is_refund())
    }

    /// Every missing fact as (rule, JSON pointer).
    pub fn missing_facts(&self) -> impl Iterator<Item = (RuleId, &'static str)> + '_ {
        self.considered
            .iter()
            .filter(|c| !c.missing.is_empty())
            .flat_map(|c| c.missing.iter().map(move |f| (c.rule, f.pointer())))
    }
}
