//! The verdict engine: each result against its standard's limit and against the value the
//! product declares, and each sample's overall conformity.
//!
//! Values are compared in the base unit of their dimension ([`Unit::to_base`]), which is an
//! exact multiplication, so no conversion can flip a verdict. Where the plan item names a
//! [`Rounding`], the measured value is first rounded in the item's unit by GB/T 8170 and the
//! rounded value is compared (修约值比较法); otherwise the whole value is (全数值比较法). The
//! trace keeps both.

use rust_decimal::Decimal;
use serde::Serialize;
use weiquan_support::FieldError;

use crate::Error;
use crate::programme::{
    Clause, DeclaredCheck, Direction, PlanItem, Programme, Requirement, Tolerance,
};
use crate::rounding::Rounding;
use crate::unit::{Quantity, Unit};

/// The outcome of one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The value meets the requirement.
    Conforms,
    /// It does not.
    DoesNotConform,
    /// Nothing to compare with (no requirement, no declared value).
    NotApplicable,
    /// The fact the comparison needs is missing (no measured value).
    NotMeasured,
}

impl Outcome {
    /// The Chinese name as printed in a table.
    pub fn name_zh(self) -> &'static str {
        match self {
            Outcome::Conforms => "符合",
            Outcome::DoesNotConform => "不符合",
            Outcome::NotApplicable => "不适用",
            Outcome::NotMeasured => "未检测",
        }
    }
    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Outcome::Conforms => "conforms",
            Outcome::DoesNotConform => "does not conform",
            Outcome::NotApplicable => "not applicable",
            Outcome::NotMeasured => "not measured",
        }
    }
}

/// A sample's overall conformity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conformity {
    /// Every requirement (standard and declared value) is met.
    Conforms,
    /// At least one is not.
    DoesNotConform,
    /// None fails, but a result some requirement needs is missing: not presumed either way.
    Undetermined,
}

impl Conformity {
    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Conformity::Conforms => "所检项目均符合",
            Conformity::DoesNotConform => "有项目不符合",
            Conformity::Undetermined => "无法判定（结果缺失）",
        }
    }
    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Conformity::Conforms => "conforms in every item tested",
            Conformity::DoesNotConform => "fails at least one item",
            Conformity::Undetermined => "undetermined (results missing)",
        }
    }
}

/// The verdict for one sample and one item, with its trace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemVerdict {
    /// The item's id.
    pub item: String,
    /// The measured value as reported.
    pub measured: Option<Quantity>,
    /// The measured value before rounding, in the item's unit where the conversion is an
    /// exact decimal, else as reported (it is compared in base units either way).
    pub raw: Option<Quantity>,
    /// The GB/T 8170 rounding applied, if the item requires one.
    pub rounding: Option<Rounding>,
    /// The value compared (rounded in the item's unit where the item rounds).
    pub compared: Option<Quantity>,
    /// The requirement, as printed (`≤ 71 dB(A)`).
    pub limit: Option<String>,
    /// The clause the requirement is from.
    pub clause: Option<Clause>,
    /// Against the standard.
    pub standard: Outcome,
    /// The declared value.
    pub declared: Option<Quantity>,
    /// The bound the declared value and its tolerance give, in the declared value's unit.
    pub declared_bound: Option<String>,
    /// Against the declared value.
    pub against_declared: Outcome,
}

/// The verdicts of one sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleVerdicts {
    /// The sample's id.
    pub sample: String,
    /// One verdict per plan item, in plan order.
    pub items: Vec<ItemVerdict>,
    /// The sample's overall conformity.
    pub conformity: Conformity,
}

/// Every sample's verdicts, in the order of the sample register.
pub fn verdicts(programme: &Programme) -> Result<Vec<SampleVerdicts>, Error> {
    let mut out = Vec::with_capacity(programme.samples.len());
    for (si, sample) in programme.samples.iter().enumerate() {
        let mut items = Vec::with_capacity(programme.items.len());
        for item in &programme.items {
            let found = programme.result(&sample.id, &item.id);
            let at = match found {
                Some((k, _)) => format!("/results/{k}/measured"),
                None => format!("/samples/{si}"),
            };
            let measured = found.and_then(|(_, r)| r.measured);
            let declared = sample.declared.get(&item.id).copied();
            let v = item_verdict(item, measured, declared, &at)?;
            items.push(v);
        }
        let conformity = conformity(&items);
        out.push(SampleVerdicts {
            sample: sample.id.clone(),
            items,
            conformity,
        });
    }
    // A missing result is not an error here: its verdict says "not measured" and the sample
    // is undetermined ([`missing_results`] lists them for a caller that needs every fact).
    Ok(out)
}

/// A sample's conformity from its item verdicts: a failure anywhere fails it; otherwise a
/// missing result leaves it undetermined; otherwise it conforms.
pub fn conformity(items: &[ItemVerdict]) -> Conformity {
    let outcomes = items.iter().flat_map(|v| [v.standard, v.against_declared]);
    let mut undetermined = false;
    for o in outcomes {
        match o {
            Outcome::DoesNotConform => return Conformity::DoesNotConform,
            Outcome::NotMeasured => undetermined = true,
            Outcome::Conforms | Outcome::NotApplicable => {}
        }
    }
    if undetermined {
        Conformity::Undetermined
    } else {
        Conformity::Conforms
    }
}

fn overflow(at: &str) -> Error {
    Error::Overflow {
        pointer: at.to_owned(),
    }
}

/// The value compared for an item: `(raw, compared)`. The measured value is written in the
/// item's unit when that conversion is an exact decimal; where the item rounds, it must be
/// (GB/T 8170 rounds at a digit of the item's unit), else it stays as reported, since the
/// comparison itself is made in base units.
pub(crate) fn compared_value(
    item: &PlanItem,
    measured: Quantity,
    at: &str,
) -> Result<(Quantity, Quantity), Error> {
    let in_item = measured
        .unit
        .convert(measured.value, item.unit)
        .map(|value| Quantity {
            value,
            unit: item.unit,
        });
    match (in_item, item.rounding) {
        (Some(raw), Some(r)) => Ok((
            raw,
            Quantity {
                value: r.apply(raw.value),
                unit: item.unit,
            },
        )),
        (Some(raw), None) => Ok((raw, raw)),
        (None, None) => Ok((measured, measured)),
        (None, Some(_)) => Err(Error::Invalid(vec![FieldError::new(
            format!("{at}/unit"),
            "testing.conversion_inexact",
            Some(measured.unit.symbol().into()),
            format!(
                "{} {} is not an exact decimal in {}, where the item rounds: report it in the item's unit",
                measured.value,
                measured.unit.symbol(),
                item.unit.symbol()
            ),
            format!(
                "{}{}换算为{}不是有限小数，而该项目须修约：请以项目单位报告",
                measured.value,
                measured.unit.symbol(),
                item.unit.symbol()
            ),
        )])),
    }
}

/// One item's verdict. `at` is the pointer of the measured value, for errors.
pub fn item_verdict(
    item: &PlanItem,
    measured: Option<Quantity>,
    declared: Option<Quantity>,
    at: &str,
) -> Result<ItemVerdict, Error> {
    let values = match measured {
        Some(m) => Some(compared_value(item, m, at)?),
        None => None,
    };
    let compared_base = match values {
        Some((_, c)) => Some(c.unit.to_base(c.value).ok_or_else(|| overflow(at))?),
        None => None,
    };
    let standard = match (&item.requirement, compared_base) {
        (None, _) => Outcome::NotApplicable,
        (Some(_), None) => Outcome::NotMeasured,
        (Some(req), Some(v)) => meets(req, v).ok_or_else(|| overflow(at))?,
    };
    let (against_declared, declared_bound) = match (&item.declared_check, declared) {
        (Some(check), Some(d)) => {
            let (lo, hi) = declared_bounds(check, d).ok_or_else(|| overflow(at))?;
            let text = bound_text(check.direction, lo, hi, d.unit);
            let outcome = match compared_base {
                None => Outcome::NotMeasured,
                Some(v) => {
                    let lo_b = d.unit.to_base(lo).ok_or_else(|| overflow(at))?;
                    let hi_b = d.unit.to_base(hi).ok_or_else(|| overflow(at))?;
                    let ok = match check.direction {
                        Direction::NotAbove => v <= hi_b,
                        Direction::NotBelow => v >= lo_b,
                        Direction::Either => v >= lo_b && v <= hi_b,
                    };
                    if ok {
                        Outcome::Conforms
                    } else {
                        Outcome::DoesNotConform
                    }
                }
            };
            (outcome, Some(text))
        }
        _ => (Outcome::NotApplicable, None),
    };
    Ok(ItemVerdict {
        item: item.id.clone(),
        measured,
        raw: values.map(|(r, _)| r),
        rounding: item.rounding,
        compared: values.map(|(_, c)| c),
        limit: item.requirement.as_ref().map(Requirement::text),
        clause: item.clause.clone(),
        standard,
        declared,
        declared_bound,
        against_declared,
    })
}

/// Whether a value in base units meets a requirement; `None` on overflow.
fn meets(req: &Requirement, v: Decimal) -> Option<Outcome> {
    let base = |q: &Quantity| q.unit.to_base(q.value);
    let ok = match req {
        Requirement::Le { limit } => v <= base(limit)?,
        Requirement::Lt { limit } => v < base(limit)?,
        Requirement::Ge { limit } => v >= base(limit)?,
        Requirement::Gt { limit } => v > base(limit)?,
        Requirement::Within { low, high } => v >= base(low)? && v <= base(high)?,
    };
    Some(if ok {
        Outcome::Conforms
    } else {
        Outcome::DoesNotConform
    })
}

/// The lowest and highest values the declared value and its tolerance allow, in the declared
/// value's unit (exact: a percentage is a multiplication by a decimal). `None` on overflow.
fn declared_bounds(check: &DeclaredCheck, d: Quantity) -> Option<(Decimal, Decimal)> {
    let allowance = match check.tolerance {
        Tolerance::Absolute(t) => t,
        Tolerance::Percent(p) => d
            .value
            .abs()
            .checked_mul(p)?
            .checked_div(Decimal::ONE_HUNDRED)?,
    };
    Some((
        d.value.checked_sub(allowance)?,
        d.value.checked_add(allowance)?,
    ))
}

fn bound_text(direction: Direction, lo: Decimal, hi: Decimal, unit: Unit) -> String {
    let u = unit.symbol();
    match direction {
        Direction::NotAbove => format!("≤ {} {u}", hi.normalize()),
        Direction::NotBelow => format!("≥ {} {u}", lo.normalize()),
        Direction::Either => format!("∈ [{}, {}] {u}", lo.normalize(), hi.normalize()),
    }
}

/// Every missing measured value that a requirement or a declared check needs, as field
/// errors (what a caller that must have every fact reports).
pub fn missing_results(programme: &Programme, verdicts: &[SampleVerdicts]) -> Vec<FieldError> {
    let mut out = Vec::new();
    for (si, sv) in verdicts.iter().enumerate() {
        for v in &sv.items {
            if v.standard == Outcome::NotMeasured || v.against_declared == Outcome::NotMeasured {
                let name = programme.item(&v.item).map_or("", |i| i.name_zh.as_str());
                out.push(FieldError::new(
                    format!("/samples/{si}"),
                    "testing.result_missing",
                    Some(v.item.clone()),
                    format!("sample {} has no measured value for {}", sv.sample, v.item),
                    format!("样品{}缺少项目“{name}”的测量值", sv.sample),
                ));
            }
        }
    }
    out
}
