//! Scoring: item grades, their weighted mean, the devaluation rules and the published grade,
//! every step in a trace.
//!
//! Grades are numbers on the programme's scale, lower is better (Stiftung Warentest's
//! 0.5–5.5, or 1.0–5.0). The overall grade is computed the same way for every sample:
//!
//! 1. each graded item's grade: its band of the compared value, or the committee's rating;
//!    an item that fails its requirement gets at best its `fail_grade`;
//! 2. the weighted mean `Σ wᵢ·gᵢ / Σ wᵢ` (weights normalised, so `30, 70` and `0.3, 0.7` give
//!    the same grade), one exact decimal division;
//! 3. the devaluation rules in order: a rule whose item (or the worst item of its group) is
//!    graded worse than its threshold caps the overall (no better than a grade, or than the
//!    triggering grade) or lowers it by a step, never past the worst grade;
//! 4. GB/T 8170 rounding of the result, where the scoring names one.
//!
//! Every step only ever takes a maximum, adds a non-negative amount or rounds half-even, so a
//! worse item grade never gives a better overall grade, and adding an item graded no better
//! than the overall never improves it — the laws the property tests check.

use rust_decimal::Decimal;
use serde::Serialize;
use weiquan_support::FieldError;

use crate::Error;
use crate::programme::{Better, Effect, Grading, PlanItem, Programme, Scoring, Selector};
use crate::rounding::Rounding;
use crate::verdict::{self, Outcome, SampleVerdicts};

/// One item's grade with how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemGrade {
    /// The item's id.
    pub item: String,
    /// Its group, if any.
    pub group: Option<String>,
    /// Its weight as written.
    pub weight: Decimal,
    /// How the grade was found (`band ≥ 20 %`, `rating`, `otherwise`).
    pub basis: String,
    /// The grade before the fail cap.
    pub graded: Decimal,
    /// The final item grade (no better than `fail_grade` where the item fails its limit).
    pub grade: Decimal,
}

/// One step of the overall grade's computation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// What was done.
    pub what: String,
    /// The overall grade after it.
    pub grade: Decimal,
}

/// A sample's score with its trace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleScore {
    /// The sample's id.
    pub sample: String,
    /// The item grades, in plan order.
    pub items: Vec<ItemGrade>,
    /// The weighted mean, the devaluations and the rounding, in order.
    pub trace: Vec<Step>,
    /// The overall grade before rounding.
    pub raw: Decimal,
    /// The published overall grade.
    pub grade: Decimal,
    /// The name of its band, if the scoring names them (`优`).
    pub name_zh: Option<String>,
    /// The English name of its band.
    pub name_en: Option<String>,
}

/// Scores every sample. Every graded item needs a result (a measured value, or a rating for
/// an item rated by the committee); what is missing is reported, never presumed.
pub fn scores(programme: &Programme) -> Result<Vec<SampleScore>, Error> {
    let Some(scoring) = &programme.scoring else {
        return Err(Error::Incomplete(vec![FieldError::new(
            "/scoring",
            "testing.scoring_missing",
            None,
            "the programme has no scoring",
            "未规定评分方法",
        )]));
    };
    let verdicts = verdict::verdicts(programme)?;
    let mut missing = Vec::new();
    let mut out = Vec::new();
    for (si, sv) in verdicts.iter().enumerate() {
        let mut items = Vec::new();
        for item in &programme.items {
            match item_grade(programme, item, sv, si) {
                Ok(Some(g)) => items.push(g),
                Ok(None) => {}
                Err(GradeError::Missing(fe)) => missing.push(fe),
                Err(GradeError::Fatal(e)) => return Err(e),
            }
        }
        if missing.is_empty() {
            out.push(overall(scoring, &sv.sample, items)?);
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(Error::Incomplete(missing))
    }
}

enum GradeError {
    Missing(FieldError),
    Fatal(Error),
}

fn item_grade(
    programme: &Programme,
    item: &PlanItem,
    sv: &SampleVerdicts,
    si: usize,
) -> Result<Option<ItemGrade>, GradeError> {
    let (Some(grading), Some(weight)) = (&item.grading, item.weight) else {
        return Ok(None);
    };
    let found = programme.result(&sv.sample, &item.id);
    let at = found.map_or_else(
        || format!("/samples/{si}"),
        |(k, _)| format!("/results/{k}"),
    );
    let missing = |what_en: &str, what_zh: &str| {
        GradeError::Missing(FieldError::new(
            at.clone(),
            "testing.result_missing",
            Some(item.id.clone()),
            format!("sample {} has no {what_en} for {}", sv.sample, item.id),
            format!("样品{}缺少项目“{}”的{what_zh}", sv.sample, item.name_zh),
        ))
    };
    let (graded, basis) = match grading {
        Grading::Rating { .. } => match found.and_then(|(_, r)| r.rating) {
            Some(g) => (g, "rating".to_owned()),
            None => return Err(missing("rating", "评价结果")),
        },
        Grading::Bands { bands, otherwise } => {
            let Some(m) = found.and_then(|(_, r)| r.measured) else {
                return Err(missing("measured value", "测量值"));
            };
            let (_, c) = verdict::compared_value(item, m, &format!("{at}/measured"))
                .map_err(GradeError::Fatal)?;
            let too_big = || {
                GradeError::Fatal(Error::Overflow {
                    pointer: format!("{at}/measured"),
                })
            };
            // Compared in base units, exactly, like the verdicts.
            let v = c.unit.to_base(c.value).ok_or_else(too_big)?;
            let mut band = None;
            for b in bands {
                let bound = item.unit.to_base(b.bound).ok_or_else(too_big)?;
                let reached = match item.better {
                    Better::Higher => v >= bound,
                    Better::Lower => v <= bound,
                };
                if reached {
                    band = Some(b);
                    break;
                }
            }
            let sym = if item.better == Better::Higher {
                "≥"
            } else {
                "≤"
            };
            let shown = format!("{} {}", c.value, c.unit.symbol());
            match band {
                Some(b) => (
                    b.grade,
                    format!("{shown} {sym} {} {}", b.bound, item.unit.symbol()),
                ),
                None => (*otherwise, format!("{shown}: no band reached, otherwise")),
            }
        }
    };
    let fails = sv
        .items
        .iter()
        .any(|v| v.item == item.id && v.standard == Outcome::DoesNotConform);
    let grade = match (fails, item.fail_grade) {
        (true, Some(f)) => graded.max(f),
        _ => graded,
    };
    Ok(Some(ItemGrade {
        item: item.id.clone(),
        group: item.group.clone(),
        weight,
        basis,
        graded,
        grade,
    }))
}

/// The places the weighted mean is carried to before the devaluations.
pub const MEAN_PLACES: u32 = 12;

/// `total / weight` rounded half to even at [`MEAN_PLACES`], exactly: the decimal division
/// keeps 28 significant digits and so rounds once already; its result is corrected by exact
/// multiplication, so the mean is the rounding of the true fraction and never depends on how
/// the weights are scaled. Because it is on a fixed grid, adding an item graded no better
/// than the mean cannot make the mean better. `None` on overflow.
fn exact_mean(total: Decimal, weight: Decimal) -> Option<Decimal> {
    let ulp = Decimal::new(1, MEAN_PLACES);
    let half = weight.checked_mul(ulp)?.checked_div(Decimal::TWO)?;
    let mut c = total.checked_div(weight)?.round_dp_with_strategy(
        MEAN_PLACES,
        rust_decimal::RoundingStrategy::MidpointNearestEven,
    );
    // At most a step or two off; each step is checked exactly.
    for _ in 0..4 {
        let diff = total.checked_sub(c.checked_mul(weight)?)?;
        if diff > half {
            c = c.checked_add(ulp)?;
        } else if diff < -half {
            c = c.checked_sub(ulp)?;
        } else if diff == half || diff == -half {
            // A tie: the even neighbour.
            let other = if diff == half {
                c.checked_add(ulp)?
            } else {
                c.checked_sub(ulp)?
            };
            let digit = |x: Decimal| x.checked_mul(Decimal::new(1, 0).checked_div(ulp)?);
            let even = |x: Decimal| digit(x).map(|d| (d % Decimal::TWO).is_zero());
            return if even(c)? { Some(c) } else { Some(other) };
        } else {
            return Some(c);
        }
    }
    Some(c)
}

/// The overall grade of a set of item grades under a scoring: the weighted mean, the
/// devaluations, the rounding. Public so that a published grade can be recomputed from the
/// published item grades alone.
pub fn overall(
    scoring: &Scoring,
    sample: &str,
    items: Vec<ItemGrade>,
) -> Result<SampleScore, Error> {
    let too_big = || Error::Overflow {
        pointer: "/scoring".into(),
    };
    let mut total_w = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    for g in &items {
        total_w = total_w.checked_add(g.weight).ok_or_else(too_big)?;
        let product = g.weight.checked_mul(g.grade).ok_or_else(too_big)?;
        total = total.checked_add(product).ok_or_else(too_big)?;
    }
    if total_w <= Decimal::ZERO {
        return Err(Error::Incomplete(vec![FieldError::new(
            "/items",
            "testing.nothing_graded",
            None,
            "no item is graded",
            "没有评分项目",
        )]));
    }
    let mut grade = exact_mean(total, total_w).ok_or_else(too_big)?;
    let mut trace = vec![Step {
        what: format!(
            "weighted mean Σwg/Σw = {total}/{total_w}, to {MEAN_PLACES} places (half to even)"
        ),
        grade,
    }];
    for rule in &scoring.devaluations {
        let watched = items.iter().filter(|g| match &rule.when {
            Selector::Item(id) => &g.item == id,
            Selector::Group(name) => g.group.as_ref() == Some(name),
        });
        let Some(trigger) = watched.map(|g| g.grade).max() else {
            continue;
        };
        if trigger <= rule.worse_than {
            continue;
        }
        let before = grade;
        grade = match rule.effect {
            Effect::Cap(cap) => grade.max(cap),
            Effect::CapAtTrigger => grade.max(trigger),
            Effect::Lower(by) => grade
                .checked_add(by)
                .ok_or_else(too_big)?
                .min(scoring.worst)
                .max(grade),
        };
        trace.push(Step {
            what: format!(
                "devaluation {}: {trigger} worse than {} ({})",
                rule.id,
                rule.worse_than,
                if grade == before {
                    "no change"
                } else {
                    "applied"
                }
            ),
            grade,
        });
    }
    let raw = grade;
    if let Some(r) = scoring.rounding {
        grade = r.apply(grade);
        trace.push(Step {
            what: format!("GB/T 8170 rounding to {} decimal(s)", r.decimals),
            grade,
        });
    }
    let name = scoring.verdict_names.iter().find(|n| grade <= n.up_to);
    Ok(SampleScore {
        sample: sample.to_owned(),
        items,
        trace,
        raw,
        grade,
        name_zh: name.map(|n| n.name_zh.clone()),
        name_en: name.map(|n| n.name_en.clone()),
    })
}

/// The rounding of the overall grade, if any (for the report's footnote).
pub fn overall_rounding(programme: &Programme) -> Option<Rounding> {
    programme.scoring.as_ref().and_then(|s| s.rounding)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn the_mean_is_the_exact_fraction_rounded_half_to_even() {
        assert_eq!(exact_mean(d("1"), d("3")), Some(d("0.333333333333")));
        assert_eq!(exact_mean(d("2"), d("3")), Some(d("0.666666666667")));
        // Exactly half a unit of the 12th place: to the even neighbour, both ways.
        assert_eq!(exact_mean(d("0.000000000001"), d("2")), Some(d("0")));
        assert_eq!(
            exact_mean(d("0.000000000003"), d("2")),
            Some(d("0.000000000002"))
        );
        assert_eq!(exact_mean(d("7.5"), d("2.5")), Some(d("3")));
    }
}
