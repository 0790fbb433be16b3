//! The test programme as data: what is tested, against what, the samples bought and the
//! laboratory's results. One JSON document (`schema_version` 1), read by
//! [`Programme::from_json`], which reports every problem at once with its JSON pointer.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use weiquan_complaint::Yuan;
use weiquan_support::FieldError;
use weiquan_support::json_pointer::{self as pointer, Segment, ShapeKind};

use crate::Error;
use crate::rounding::Rounding;
use crate::unit::{Quantity, Unit, decimal, opt_decimal};

/// The version of the programme format this crate reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A comparative-testing programme (比较试验项目): product, samples, test plan, results,
/// scoring rules and the events before publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The programme's identifier.
    pub id: String,
    /// The title, as published.
    pub title: String,
    /// The product type tested (e.g. `吸油烟机 / range hoods`).
    pub product_type: String,
    /// Who runs the programme (the consumer association).
    pub organiser: String,
    /// A note on the data printed with every report (where numbers are invented, say so here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The samples bought.
    pub samples: Vec<Sample>,
    /// The test plan: one entry per item tested.
    pub items: Vec<PlanItem>,
    /// The laboratory's results, one per sample and item.
    pub results: Vec<LabResult>,
    /// How item grades combine into the overall grade; without it nothing is scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<Scoring>,
    /// The events before publication: notices to makers, their replies, publication.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// Advice to consumers, printed with the report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advice: Vec<String>,
}

/// One sample bought for the test, with the evidence of its purchase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    /// The sample's identifier within the programme (`S01`).
    pub id: String,
    /// The brand as marked.
    pub brand: String,
    /// The model as marked.
    pub model: String,
    /// The maker (or the party named as responsible) as marked.
    pub maker: String,
    /// Where it was bought (shop, platform store).
    pub channel: String,
    /// How it was bought.
    pub way: PurchaseWay,
    /// The price paid.
    pub price: Yuan,
    /// The day it was bought.
    pub purchased_on: NaiveDate,
    /// The evidence of the purchase (invoice, order number, receipt photo reference); at
    /// least one.
    pub evidence: Vec<String>,
    /// What the product declares for an item (its energy label, its manual), by item id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub declared: BTreeMap<String, Quantity>,
}

/// How a sample was bought. Comparative testing buys as a consumer would (GB/T 40551-2021).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PurchaseWay {
    /// In a shop, anonymously.
    Store,
    /// Online, as a consumer.
    Online,
    /// Another way, described in the evidence.
    Other,
}

impl PurchaseWay {
    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            PurchaseWay::Store => "实体店购买",
            PurchaseWay::Online => "网络购买",
            PurchaseWay::Other => "其他方式",
        }
    }
    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            PurchaseWay::Store => "bought in a shop",
            PurchaseWay::Online => "bought online",
            PurchaseWay::Other => "other",
        }
    }
}

/// A standard clause: the standard's number, its year and the clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// The standard's number without the year (`GB 19606`, `GB/T 8170`).
    pub standard: String,
    /// The year of the edition applied.
    pub year: u16,
    /// The clause (`4.2`, `表1`).
    pub clause: String,
}

impl std::fmt::Display for Clause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{} {}", self.standard, self.year, self.clause)
    }
}

/// Which way is better for an item's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Higher values are better (efficiency).
    Higher,
    /// Lower values are better (noise, power used).
    Lower,
}

/// One item of the test plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    /// The item's identifier (`noise`).
    pub id: String,
    /// The item's name in Chinese.
    pub name_zh: String,
    /// The item's name in English.
    pub name_en: String,
    /// A group the devaluation rules can name (`safety`, `claims`, `energy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The unit the item is reported in.
    pub unit: Unit,
    /// Which way is better.
    pub better: Better,
    /// The standard clause that sets the requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<Clause>,
    /// The requirement of that clause; none for an item only graded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<Requirement>,
    /// How the result is checked against the value the product declares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_check: Option<DeclaredCheck>,
    /// GB/T 8170 rounding applied before comparing with the limit (修约值比较法), only where
    /// the item's standard requires it; otherwise the whole value is compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    /// How the item is graded; none for an item judged but not scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grading: Option<Grading>,
    /// The item's weight in the overall grade (any positive number; weights are normalised).
    #[serde(
        default,
        deserialize_with = "opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub weight: Option<Decimal>,
    /// The grade an item that fails its requirement gets at best.
    #[serde(
        default,
        deserialize_with = "opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub fail_grade: Option<Decimal>,
}

/// A limit with its comparison operator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Requirement {
    /// Measured ≤ limit.
    Le {
        /// The limit.
        limit: Quantity,
    },
    /// Measured < limit.
    Lt {
        /// The limit.
        limit: Quantity,
    },
    /// Measured ≥ limit.
    Ge {
        /// The limit.
        limit: Quantity,
    },
    /// Measured > limit.
    Gt {
        /// The limit.
        limit: Quantity,
    },
    /// low ≤ measured ≤ high.
    Within {
        /// The lower limit, included.
        low: Quantity,
        /// The upper limit, included.
        high: Quantity,
    },
}

impl Requirement {
    /// The operator's symbol.
    pub fn symbol(&self) -> &'static str {
        match self {
            Requirement::Le { .. } => "≤",
            Requirement::Lt { .. } => "<",
            Requirement::Ge { .. } => "≥",
            Requirement::Gt { .. } => ">",
            Requirement::Within { .. } => "∈",
        }
    }

    /// The limits as written.
    pub fn limits(&self) -> Vec<Quantity> {
        match self {
            Requirement::Le { limit }
            | Requirement::Lt { limit }
            | Requirement::Ge { limit }
            | Requirement::Gt { limit } => vec![*limit],
            Requirement::Within { low, high } => vec![*low, *high],
        }
    }

    /// The limit as printed: `≤ 71 dB(A)`, `∈ [2, 3] kg`.
    pub fn text(&self) -> String {
        match self {
            Requirement::Within { low, high } => format!(
                "{} [{} {}, {} {}]",
                self.symbol(),
                low.value,
                low.unit.symbol(),
                high.value,
                high.unit.symbol()
            ),
            _ => self
                .limits()
                .first()
                .map(|l| format!("{} {} {}", self.symbol(), l.value, l.unit.symbol()))
                .unwrap_or_default(),
        }
    }
}

/// How a result is checked against the declared value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclaredCheck {
    /// Which deviation counts against the product.
    pub direction: Direction,
    /// How far it may deviate.
    pub tolerance: Tolerance,
    /// Where the tolerance is set (the standard's clause on declared values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<Clause>,
}

/// Which deviation from the declared value counts against the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The declared value is a maximum: measured ≤ declared + tolerance (noise, power).
    NotAbove,
    /// The declared value is a minimum: measured ≥ declared − tolerance (efficiency, flow).
    NotBelow,
    /// Either way: |measured − declared| ≤ tolerance.
    Either,
}

/// A tolerance: absolute, in the declared value's unit, or a percentage of the declared value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Tolerance {
    /// In the declared value's unit.
    Absolute(#[serde(deserialize_with = "decimal")] Decimal),
    /// A percentage of the declared value.
    Percent(#[serde(deserialize_with = "decimal")] Decimal),
}

/// How an item's result becomes a grade. Grades are numbers on the scoring scale, lower is
/// better (1.0 very good … 5.0 poor in the example).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Grading {
    /// Bands of the measured value (the rounded value where the item rounds), in the item's
    /// unit, from the best band down: the first band the value reaches gives the grade
    /// (`≥ bound` where higher is better, `≤ bound` where lower is better); `otherwise` below
    /// all of them.
    Bands {
        /// The bands, best first.
        bands: Vec<Band>,
        /// The grade of a value no band reaches.
        #[serde(deserialize_with = "decimal")]
        otherwise: Decimal,
    },
    /// A rating the committee's own method gives (a panel's assessment), entered with the
    /// result as `rating`.
    Rating {
        /// The method, as published.
        method: String,
    },
}

/// One band of [`Grading::Bands`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The bound, in the item's unit.
    #[serde(deserialize_with = "decimal")]
    pub bound: Decimal,
    /// The grade of a value that reaches it.
    #[serde(deserialize_with = "decimal")]
    pub grade: Decimal,
}

/// One laboratory result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabResult {
    /// The sample's id.
    pub sample: String,
    /// The item's id.
    pub item: String,
    /// The measured value, as the laboratory reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<Quantity>,
    /// The committee's rating, for an item graded by [`Grading::Rating`].
    #[serde(
        default,
        deserialize_with = "opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub rating: Option<Decimal>,
    /// The laboratory report it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
}

/// How item grades combine (the devaluation rules are data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// The best grade (e.g. `0.5` or `1.0`); lower numbers are better.
    #[serde(deserialize_with = "decimal")]
    pub best: Decimal,
    /// The worst grade (e.g. `5.5` or `5.0`).
    #[serde(deserialize_with = "decimal")]
    pub worst: Decimal,
    /// GB/T 8170 rounding of the published overall grade (the trace keeps the raw one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    /// The devaluation rules, applied in order after the weighted mean.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devaluations: Vec<Devaluation>,
    /// The names of the overall grade's bands, best first: a grade up to `up_to` has `name`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verdict_names: Vec<GradeName>,
}

/// The name of a band of overall grades (`优 / very good`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeName {
    /// The band's worst grade, included.
    #[serde(deserialize_with = "decimal")]
    pub up_to: Decimal,
    /// The name in Chinese.
    pub name_zh: String,
    /// The name in English.
    pub name_en: String,
}

/// A devaluation rule: when an item (or the worst item of a group) is graded worse than
/// `worse_than`, the overall grade is made worse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Devaluation {
    /// The rule's identifier, shown in the trace.
    pub id: String,
    /// What it watches.
    pub when: Selector,
    /// The trigger: a grade numerically above this.
    #[serde(deserialize_with = "decimal")]
    pub worse_than: Decimal,
    /// What it does.
    pub effect: Effect,
}

/// What a devaluation rule watches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Selector {
    /// One item, by id.
    Item(String),
    /// The worst graded item of a group.
    Group(String),
}

/// What a triggered devaluation does to the overall grade (lower is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Effect {
    /// The overall can be no better than this grade.
    Cap(#[serde(deserialize_with = "decimal")] Decimal),
    /// The overall can be no better than the triggering grade.
    CapAtTrigger,
    /// The overall is made worse by this much (at most to the worst grade).
    Lower(#[serde(deserialize_with = "decimal")] Decimal),
}

/// An event before publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The day.
    pub on: NaiveDate,
    /// What happened.
    pub kind: EventKind,
    /// The sample concerned (a notice or reply), none for publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    /// A note (how the notice was sent, what the maker replied).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The kinds of [`Event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventKind {
    /// The results were sent to the maker before publication.
    NoticeSent,
    /// The maker replied (or objected).
    ReplyReceived,
    /// The results were published.
    Published,
}

impl EventKind {
    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            EventKind::NoticeSent => "向生产者发送结果通知",
            EventKind::ReplyReceived => "收到生产者回复",
            EventKind::Published => "发布结果",
        }
    }
    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            EventKind::NoticeSent => "results sent to the maker",
            EventKind::ReplyReceived => "maker's reply received",
            EventKind::Published => "results published",
        }
    }
}

impl Programme {
    /// Reads and checks a programme; every problem is reported at once with its pointer.
    ///
    /// ```
    /// use weiquan_testing::{Error, Programme};
    /// let err = Programme::from_json(r#"{"schema_version": 1, "id": "x"}"#).err();
    /// let Some(Error::Invalid(problems)) = err else { return Err("expected problems".into()) };
    /// assert_eq!(problems[0].pointer, "/title");
    /// assert_eq!(problems[0].code, "field.required");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Programme, Error> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Syntax {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        Programme::from_value(&value)
    }

    /// [`Programme::from_json`] for a document already parsed.
    pub fn from_value(value: &serde_json::Value) -> Result<Programme, Error> {
        let programme: Programme =
            pointer::from_value(value).map_err(|e| Error::Invalid(vec![shape_error(&e)]))?;
        let problems = programme.check();
        if problems.is_empty() {
            Ok(programme)
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&PlanItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The sample with this id.
    pub fn sample(&self, id: &str) -> Option<&Sample> {
        self.samples.iter().find(|s| s.id == id)
    }

    /// The result of a sample for an item, with its index in `results`.
    pub fn result(&self, sample: &str, item: &str) -> Option<(usize, &LabResult)> {
        self.results
            .iter()
            .enumerate()
            .find(|(_, r)| r.sample == sample && r.item == item)
    }

    /// Every rule of the format that serde cannot check, as field errors.
    fn check(&self) -> Vec<FieldError> {
        let mut p = Vec::new();
        let mut bad = |at: String, code: &str, value: Option<String>, en: String, zh: String| {
            p.push(FieldError::new(at, code, value, en, zh));
        };
        if self.schema_version != SCHEMA_VERSION {
            bad(
                "/schema_version".into(),
                "testing.schema_version",
                Some(self.schema_version.to_string()),
                format!("schema_version must be {SCHEMA_VERSION}"),
                format!("schema_version应为{SCHEMA_VERSION}"),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, s) in self.samples.iter().enumerate() {
            if !seen.insert(s.id.as_str()) {
                bad(
                    format!("/samples/{i}/id"),
                    "testing.duplicate_id",
                    Some(s.id.clone()),
                    "a second sample with this id".into(),
                    "样品编号重复".into(),
                );
            }
            if s.evidence.iter().all(|e| e.trim().is_empty()) {
                bad(
                    format!("/samples/{i}/evidence"),
                    "testing.evidence_missing",
                    None,
                    "the purchase needs at least one piece of evidence".into(),
                    "须至少有一项购买凭证".into(),
                );
            }
            for (item, q) in &s.declared {
                let at = format!("/samples/{i}/declared/{}", pointer::escape(item));
                match self.item(item) {
                    None => bad(
                        at,
                        "testing.unknown_item",
                        Some(item.clone()),
                        format!("no plan item {item:?}"),
                        format!("测试计划中没有项目“{item}”"),
                    ),
                    Some(it) if it.unit.dimension() != q.unit.dimension() => bad(
                        format!("{at}/unit"),
                        "testing.unit_mismatch",
                        Some(q.unit.symbol().into()),
                        format!(
                            "{} cannot be compared with {}",
                            q.unit.symbol(),
                            it.unit.symbol()
                        ),
                        format!("单位{}与{}不可比较", q.unit.symbol(), it.unit.symbol()),
                    ),
                    Some(_) => {}
                }
            }
        }
        let mut seen = BTreeSet::new();
        let graded = self.items.iter().any(|i| i.grading.is_some());
        for (i, it) in self.items.iter().enumerate() {
            let at = format!("/items/{i}");
            if !seen.insert(it.id.as_str()) {
                bad(
                    format!("{at}/id"),
                    "testing.duplicate_id",
                    Some(it.id.clone()),
                    "a second item with this id".into(),
                    "项目编号重复".into(),
                );
            }
            if let Some(req) = &it.requirement {
                for (k, l) in req.limits().iter().enumerate() {
                    if l.unit.dimension() != it.unit.dimension() {
                        let field = match (req, k) {
                            (Requirement::Within { .. }, 0) => "low",
                            (Requirement::Within { .. }, _) => "high",
                            _ => "limit",
                        };
                        bad(
                            format!("{at}/requirement/{field}/unit"),
                            "testing.unit_mismatch",
                            Some(l.unit.symbol().into()),
                            format!(
                                "{} cannot be compared with {}",
                                l.unit.symbol(),
                                it.unit.symbol()
                            ),
                            format!("单位{}与{}不可比较", l.unit.symbol(), it.unit.symbol()),
                        );
                    }
                }
                if let Requirement::Within { low, high } = req
                    && low.unit.to_base(low.value) > high.unit.to_base(high.value)
                {
                    bad(
                        format!("{at}/requirement"),
                        "testing.limit_order",
                        None,
                        "the low limit is above the high one".into(),
                        "下限高于上限".into(),
                    );
                }
            }
            if let Some(r) = it.rounding
                && r.decimals > Rounding::MAX_DECIMALS
            {
                bad(
                    format!("{at}/rounding/decimals"),
                    "testing.rounding",
                    Some(r.decimals.to_string()),
                    format!("at most {} decimals", Rounding::MAX_DECIMALS),
                    format!("修约位数至多{}位", Rounding::MAX_DECIMALS),
                );
            }
            if let Some(DeclaredCheck {
                tolerance: Tolerance::Absolute(t) | Tolerance::Percent(t),
                ..
            }) = &it.declared_check
                && *t < Decimal::ZERO
            {
                bad(
                    format!("{at}/declared_check/tolerance"),
                    "testing.tolerance",
                    Some(t.to_string()),
                    "a tolerance cannot be negative".into(),
                    "允差不能为负".into(),
                );
            }
            match (&it.grading, it.weight) {
                (Some(_), None) => bad(
                    format!("{at}/weight"),
                    "testing.weight",
                    None,
                    "a graded item needs a weight".into(),
                    "评分项目须有权重".into(),
                ),
                (None, Some(_)) => bad(
                    format!("{at}/weight"),
                    "testing.weight",
                    None,
                    "an item without grading has no weight".into(),
                    "未评分的项目不应有权重".into(),
                ),
                (_, Some(w)) if w <= Decimal::ZERO => bad(
                    format!("{at}/weight"),
                    "testing.weight",
                    Some(w.to_string()),
                    "a weight must be positive".into(),
                    "权重须为正数".into(),
                ),
                _ => {}
            }
            let in_scale = |g: Decimal| {
                self.scoring
                    .as_ref()
                    .is_none_or(|s| g >= s.best && g <= s.worst)
            };
            let mut grade_at = |path: String, g: Decimal| {
                if !in_scale(g) {
                    p_push_grade(&mut bad, path, g);
                }
            };
            if let Some(g) = it.fail_grade {
                grade_at(format!("{at}/fail_grade"), g);
            }
            if let Some(Grading::Bands { bands, otherwise }) = &it.grading {
                for (k, b) in bands.iter().enumerate() {
                    grade_at(format!("{at}/grading/bands/{k}/grade"), b.grade);
                }
                grade_at(format!("{at}/grading/otherwise"), *otherwise);
                // Bands from the best down: bounds strictly moving the worse way, grades never
                // getting better, and `otherwise` the worst. This is what makes grading
                // monotone: a better value never gets a worse grade.
                let ordered = bands.windows(2).all(|w| match w {
                    [a, b] => {
                        let bounds = match it.better {
                            Better::Higher => a.bound > b.bound,
                            Better::Lower => a.bound < b.bound,
                        };
                        bounds && a.grade <= b.grade
                    }
                    _ => true,
                }) && bands.last().is_none_or(|b| b.grade <= *otherwise);
                if !ordered || bands.is_empty() {
                    bad(
                        format!("{at}/grading/bands"),
                        "testing.bands_order",
                        None,
                        "bands go from the best down: bounds strictly worse, grades never better, `otherwise` the worst".into(),
                        "分档应从最好到最差排列：界限逐档变差，等级不变好，otherwise最差".into(),
                    );
                }
            }
        }
        if graded && self.scoring.is_none() {
            bad(
                "/scoring".into(),
                "testing.scoring_missing",
                None,
                "items are graded but the programme has no scoring scale".into(),
                "项目有评分但未规定评分标尺".into(),
            );
        }
        if let Some(s) = &self.scoring {
            if s.best >= s.worst {
                bad(
                    "/scoring/worst".into(),
                    "testing.scale",
                    Some(s.worst.to_string()),
                    "the worst grade must be numerically above the best".into(),
                    "最差等级的数值须大于最好等级".into(),
                );
            }
            for (k, d) in s.devaluations.iter().enumerate() {
                let at = format!("/scoring/devaluations/{k}");
                let known = match &d.when {
                    Selector::Item(id) => self.item(id).is_some_and(|i| i.grading.is_some()),
                    Selector::Group(g) => self
                        .items
                        .iter()
                        .any(|i| i.group.as_deref() == Some(g) && i.grading.is_some()),
                };
                if !known {
                    bad(
                        format!("{at}/when"),
                        "testing.unknown_item",
                        None,
                        "the rule watches no graded item".into(),
                        "该规则未指向任何评分项目".into(),
                    );
                }
                let bad_effect = match d.effect {
                    Effect::Cap(g) => g < s.best || g > s.worst,
                    Effect::Lower(by) => by < Decimal::ZERO,
                    Effect::CapAtTrigger => false,
                };
                if bad_effect {
                    bad(
                        format!("{at}/effect"),
                        "testing.effect",
                        None,
                        "a cap must be on the scale and a lowering not negative".into(),
                        "封顶等级须在标尺内，降级幅度不能为负".into(),
                    );
                }
            }
            if let Some(r) = s.rounding
                && r.decimals > Rounding::MAX_DECIMALS
            {
                bad(
                    "/scoring/rounding/decimals".into(),
                    "testing.rounding",
                    Some(r.decimals.to_string()),
                    format!("at most {} decimals", Rounding::MAX_DECIMALS),
                    format!("修约位数至多{}位", Rounding::MAX_DECIMALS),
                );
            }
        }
        let mut pairs = BTreeSet::new();
        for (k, r) in self.results.iter().enumerate() {
            let at = format!("/results/{k}");
            if self.sample(&r.sample).is_none() {
                bad(
                    format!("{at}/sample"),
                    "testing.unknown_sample",
                    Some(r.sample.clone()),
                    format!("no sample {:?}", r.sample),
                    format!("没有样品“{}”", r.sample),
                );
            }
            let item = self.item(&r.item);
            if item.is_none() {
                bad(
                    format!("{at}/item"),
                    "testing.unknown_item",
                    Some(r.item.clone()),
                    format!("no plan item {:?}", r.item),
                    format!("测试计划中没有项目“{}”", r.item),
                );
            }
            if !pairs.insert((r.sample.as_str(), r.item.as_str())) {
                bad(
                    at.clone(),
                    "testing.duplicate_result",
                    None,
                    "a second result for this sample and item".into(),
                    "同一样品同一项目的结果重复".into(),
                );
            }
            if let (Some(it), Some(m)) = (item, r.measured)
                && it.unit.dimension() != m.unit.dimension()
            {
                bad(
                    format!("{at}/measured/unit"),
                    "testing.unit_mismatch",
                    Some(m.unit.symbol().into()),
                    format!(
                        "{} cannot be compared with {}",
                        m.unit.symbol(),
                        it.unit.symbol()
                    ),
                    format!("单位{}与{}不可比较", m.unit.symbol(), it.unit.symbol()),
                );
            }
            if let (Some(s), Some(g)) = (&self.scoring, r.rating)
                && (g < s.best || g > s.worst)
            {
                p_push_grade(&mut bad, format!("{at}/rating"), g);
            }
        }
        for (k, e) in self.events.iter().enumerate() {
            if let Some(s) = &e.sample
                && self.sample(s).is_none()
            {
                bad(
                    format!("/events/{k}/sample"),
                    "testing.unknown_sample",
                    Some(s.clone()),
                    format!("no sample {s:?}"),
                    format!("没有样品“{s}”"),
                );
            }
        }
        p
    }
}

fn p_push_grade(
    bad: &mut impl FnMut(String, &str, Option<String>, String, String),
    at: String,
    g: Decimal,
) {
    bad(
        at,
        "testing.grade_range",
        Some(g.to_string()),
        "the grade is outside the scoring scale".into(),
        "等级超出评分标尺".into(),
    );
}

/// Turns a shape error into one field error at its JSON pointer.
pub(crate) fn shape_error(e: &pointer::ShapeError) -> FieldError {
    let mut at = String::new();
    for seg in e.path() {
        at.push('/');
        match seg {
            Segment::Index(index) => at.push_str(&index.to_string()),
            Segment::Key(key) | Segment::Variant(key) => at.push_str(&pointer::escape(key)),
        }
    }
    match e.kind() {
        ShapeKind::MissingField { field } => {
            at.push('/');
            at.push_str(&pointer::escape(field));
            FieldError::new(at, e.code(), None, "is required", "必填")
        }
        ShapeKind::UnknownField { field, .. } => FieldError::new(
            at,
            e.code(),
            Some(field.clone()),
            format!("unknown field {field:?}"),
            format!("未知字段“{field}”"),
        ),
        _ => FieldError::new(at, e.code(), None, e.message(), e.message_zh()),
    }
}
