//! The demo's report document (`report.json`) and its CSV form (`report.csv`).

use serde::Serialize;
use weiquan_caseflow::PROCEDURES;
use weiquan_compensation::Vocabulary;
use weiquan_complaint::{DivisionCode, MajorCategory, Yuan};
use weiquan_stats::alerts::{AlertReport, Series};
use weiquan_stats::cca::CcaReport;
use weiquan_stats::{Ratio, Rounding};
use weiquan_synth::generate::{CONSUMER_DIVISIONS, GENERATOR_VERSION};

use super::pipeline::{FILES, LOG_SAMPLE_EVERY};
use super::totals::{HANDLING_CAP, OPEN, Totals};
use super::{BROKEN_PER_MILLE, K, StageTime};

/// The version of the report document.
pub const REPORT_SCHEMA_VERSION: u32 = 1;
/// Alerts listed in the report (all are in `alerts.jsonl`).
pub const ALERTS_SHOWN: usize = 50;

/// One labelled count.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Stable code.
    pub code: String,
    /// Chinese label.
    pub name_zh: String,
    /// English label.
    pub name_en: String,
    /// The count.
    pub count: u64,
    /// Its share of the total, in percent with two decimals.
    pub share_pct: String,
}

/// Record counts.
#[derive(Debug, Clone, Serialize)]
pub struct Records {
    /// Generated and read.
    pub read: u64,
    /// Valid and routed.
    pub valid: u64,
    /// Rejected (`read = valid + rejected`).
    pub rejected: u64,
    /// Rejected by validation.
    pub rejected_invalid: u64,
    /// Valid but covered by no routing rule.
    pub rejected_unroutable: u64,
}

/// A bin of the handling-time histogram: `from..=to` working days.
#[derive(Debug, Clone, Serialize)]
pub struct Bin {
    /// First day.
    pub from: u32,
    /// Last day (`None`: and more).
    pub to: Option<u32>,
    /// Cases.
    pub count: u64,
}

/// Handling time in working days, from receipt to closure.
#[derive(Debug, Clone, Serialize)]
pub struct Handling {
    /// Mean.
    pub mean: String,
    /// Median.
    pub median: u32,
    /// 90th percentile.
    pub p90: u32,
    /// Histogram.
    pub bins: Vec<Bin>,
}

/// Deadlines over every case.
#[derive(Debug, Clone, Serialize)]
pub struct Deadlines {
    /// Met.
    pub met: u64,
    /// Missed.
    pub missed: u64,
    /// Still pending at the case's last event.
    pub pending: u64,
    /// Met among met and missed, in percent.
    pub met_pct: String,
    /// Cases with at least one missed deadline.
    pub cases_overdue: u64,
}

/// The cases.
#[derive(Debug, Clone, Serialize)]
pub struct Cases {
    /// Cases opened.
    pub total: u64,
    /// Cases accepted and handled (not refused, not transferred).
    pub handled: u64,
    /// Resolved by agreement.
    pub resolved: u64,
    /// `resolved / handled`, in percent (the CCA's 解决率 is resolved over accepted).
    pub resolution_rate_pct: String,
    /// Money recovered for consumers.
    pub recovered: Yuan,
    /// By procedure.
    pub by_procedure: Vec<Row>,
    /// By outcome.
    pub by_outcome: Vec<Row>,
    /// Handling time.
    pub handling_working_days: Handling,
    /// Deadlines.
    pub deadlines: Deadlines,
    /// Cases whose mediation was paused (appraisal, testing, inspection, recusal).
    pub paused: u64,
    /// Cases mediated by a consumer association on a bureau's behalf.
    pub delegated: u64,
    /// Ratings.
    pub satisfaction: Vec<Row>,
    /// Events recorded.
    pub events: u64,
    /// Cases that could not be played (see errors.jsonl).
    pub errors: u64,
    /// One case in this many has its full log in case-logs.jsonl.
    pub full_log_every: u64,
}

/// The assessments.
#[derive(Debug, Clone, Serialize)]
pub struct Assessments {
    /// Money claims assessed.
    pub assessed: u64,
    /// Claims that could not be assessed (see errors.jsonl).
    pub errors: u64,
    /// Sum of the proposed totals.
    pub proposed_total: Yuan,
    /// Assessments proposing punitive damages or fraud compensation.
    pub with_punitive: u64,
    /// Proposed items by kind.
    pub items_by_kind: Vec<Row>,
}

/// The published statistics.
#[derive(Debug, Clone, Serialize)]
pub struct Statistics {
    /// The quarter.
    pub quarter: String,
    /// The threshold.
    pub k: u64,
    /// The CCA-style tables with their audit.
    pub cca: CcaReport,
}

/// One alert as listed.
#[derive(Debug, Clone, Serialize)]
pub struct AlertRow {
    /// `business` or `category`.
    pub series_kind: &'static str,
    /// That kind's Chinese name.
    pub series_kind_zh: &'static str,
    /// That kind's English name.
    pub series_kind_en: &'static str,
    /// The USCC or normalised name, or the category's code.
    pub series: String,
    /// A label (the category's Chinese name; the business key otherwise).
    pub label: String,
    /// ISO week.
    pub week: String,
    /// Complaints that week.
    pub count: u64,
    /// Mean of the baseline weeks.
    pub baseline_mean: String,
    /// One-sided p-value.
    pub p_value: f64,
}

/// The alerts.
#[derive(Debug, Clone, Serialize)]
pub struct Alerts {
    /// Tests run.
    pub tests: u64,
    /// Series counted.
    pub series: usize,
    /// The level of each test.
    pub alpha: String,
    /// At most this many false alarms expected (alpha × tests).
    pub expected_false_alarms_at_most: String,
    /// Alerts raised.
    pub count: usize,
    /// The first [`ALERTS_SHOWN`] by week.
    pub shown: Vec<AlertRow>,
}

/// An output file.
#[derive(Debug, Clone, Serialize)]
pub struct FileRow {
    /// Its name in the output directory.
    pub name: &'static str,
    /// Its size.
    pub bytes: u64,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always [`REPORT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always `weiquan_demo_report`.
    pub kind: &'static str,
    /// Complaints asked for.
    pub count: u64,
    /// The seed.
    pub seed: u64,
    /// The generator's version.
    pub generator_version: u32,
    /// Deliberately broken records per thousand.
    pub broken_per_mille: u64,
    /// The span of receipt dates.
    pub received_from: Option<chrono::NaiveDate>,
    /// Last receipt date.
    pub received_to: Option<chrono::NaiveDate>,
    /// Records.
    pub records: Records,
    /// By major category, largest first.
    pub by_category: Vec<Row>,
    /// By the consumer's district, largest first.
    pub by_district: Vec<Row>,
    /// By the kind of body the complaints were routed to.
    pub by_body_kind: Vec<Row>,
    /// Complaints routed with a warning.
    pub routed_with_warnings: u64,
    /// Routing warnings by code (a decision may carry several).
    pub routing_warnings: Vec<Row>,
    /// Cases.
    pub cases: Cases,
    /// Assessments.
    pub assessments: Assessments,
    /// The quarter's published statistics.
    pub statistics: Statistics,
    /// The alerts.
    pub alerts: Alerts,
    /// The data files written (the report files are not listed).
    pub files: Vec<FileRow>,
    /// Each stage's time: with `machine`, the only part that changes between runs of the
    /// same seed.
    pub timings: Vec<StageTime>,
    /// The machine the timings were taken on.
    pub machine: Machine,
}

/// The machine the timings were taken on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Machine {
    /// Cores available to the process.
    pub cores: usize,
    /// Worker threads used.
    pub threads: usize,
    /// The 1-, 5- and 15-minute load averages when the run started (`/proc/loadavg`).
    pub load_average: Option<String>,
}

/// What the report is made from.
pub struct Inputs<'a> {
    /// Complaints asked for.
    pub count: u64,
    /// The seed.
    pub seed: u64,
    /// The merged counters.
    pub totals: &'a Totals,
    /// The quarter published.
    pub quarter: &'a str,
    /// The published tables.
    pub cca: &'a CcaReport,
    /// The alerts.
    pub alerts: &'a AlertReport,
    /// Their level.
    pub alpha: Ratio,
    /// Bytes written per data file.
    pub bytes: &'a [u64; 7],
}

/// `n / d` in percent with two decimals ("0.00" when `d` is 0).
pub fn pct(n: u64, d: u64) -> String {
    if d == 0 {
        return "0.00".to_owned();
    }
    Ratio::new(i128::from(n) * 100, i128::from(d)).map_or_else(
        || "0.00".to_owned(),
        |r| r.to_fixed(2, Rounding::HalfAwayFromZero),
    )
}

fn rows(
    items: impl Iterator<Item = (String, String, String, u64)>,
    total: u64,
    sort: bool,
) -> Vec<Row> {
    let mut v: Vec<Row> = items
        .map(|(code, name_zh, name_en, count)| Row {
            share_pct: pct(count, total),
            code,
            name_zh,
            name_en,
            count,
        })
        .collect();
    if sort {
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    }
    v
}

fn district_name(d: DivisionCode) -> String {
    CONSUMER_DIVISIONS
        .iter()
        .find(|x| x.0 == d.as_u32())
        .map_or_else(|| d.to_string(), |x| x.1.to_owned())
}

const BINS: [(u32, Option<u32>); 8] = [
    (0, Some(5)),
    (6, Some(10)),
    (11, Some(20)),
    (21, Some(30)),
    (31, Some(45)),
    (46, Some(60)),
    (61, Some(90)),
    (91, None),
];

fn handling(t: &Totals) -> Handling {
    let bins = BINS
        .iter()
        .map(|&(from, to)| {
            let hi = to.map_or(HANDLING_CAP, |x| x as usize);
            Bin {
                from,
                to,
                count: t
                    .handling
                    .iter()
                    .enumerate()
                    .filter(|(d, _)| *d >= from as usize && *d <= hi)
                    .map(|(_, n)| n)
                    .sum(),
            }
        })
        .collect();
    Handling {
        mean: format!("{:.1}", t.handling_mean()),
        median: t.handling_quantile(0.5),
        p90: t.handling_quantile(0.9),
        bins,
    }
}

fn alert_row(a: &weiquan_stats::alerts::Alert) -> AlertRow {
    let (series, label) = match &a.series {
        Series::Business(b) => {
            let key = match b {
                weiquan_stats::BusinessKey::Uscc(u) => u.to_string(),
                weiquan_stats::BusinessKey::Name(n) => n.clone(),
            };
            (key.clone(), key)
        }
        Series::Category(c) => (c.code().to_owned(), c.name_zh().to_owned()),
    };
    AlertRow {
        series_kind: a.series.kind_code(),
        series_kind_zh: a.series.kind_name_zh(),
        series_kind_en: a.series.kind_name_en(),
        series,
        label,
        week: a.week.clone(),
        count: a.count,
        baseline_mean: a.baseline_mean.to_fixed(1, Rounding::HalfAwayFromZero),
        p_value: a.p_value,
    }
}

/// Builds the report (with no timings: the caller adds them last).
pub fn build(i: Inputs<'_>) -> Report {
    let t = i.totals;
    let cases = t.cases();
    let resolved = t.outcome("resolved");
    let category = |c: &MajorCategory| {
        (
            c.code().to_owned(),
            c.name_zh().to_owned(),
            c.name_en().to_owned(),
        )
    };
    let expected = Ratio::from_int(i128::from(i.alerts.tests))
        .checked_mul(i.alpha)
        .map_or_else(|| "?".to_owned(), |r| r.to_fixed(2, Rounding::Ceiling));
    Report {
        schema_version: REPORT_SCHEMA_VERSION,
        kind: "weiquan_demo_report",
        count: i.count,
        seed: i.seed,
        generator_version: GENERATOR_VERSION,
        broken_per_mille: BROKEN_PER_MILLE,
        received_from: t.days.map(|d| d.0),
        received_to: t.days.map(|d| d.1),
        records: Records {
            read: t.read,
            valid: t.valid,
            rejected: t.rejected_invalid + t.rejected_unroutable,
            rejected_invalid: t.rejected_invalid,
            rejected_unroutable: t.rejected_unroutable,
        },
        by_category: rows(
            t.by_category.iter().map(|(c, n)| {
                let (a, b, d) = category(c);
                (a, b, d, *n)
            }),
            t.valid,
            true,
        ),
        by_district: rows(
            t.by_district
                .iter()
                .map(|(d, n)| (d.to_string(), district_name(*d), d.to_string(), *n)),
            t.valid,
            true,
        ),
        by_body_kind: rows(
            t.by_body_kind.iter().map(|(k, n)| {
                (
                    k.code().to_owned(),
                    k.name_zh().to_owned(),
                    k.name_en().to_owned(),
                    *n,
                )
            }),
            t.valid,
            true,
        ),
        routed_with_warnings: t.routed_with_warnings,
        routing_warnings: rows(
            t.warnings.iter().map(|(k, n)| {
                (
                    (*k).to_owned(),
                    n.name_zh.to_owned(),
                    n.name_en.to_owned(),
                    n.count,
                )
            }),
            t.valid,
            true,
        ),
        cases: Cases {
            total: cases,
            handled: t.handled(),
            resolved,
            resolution_rate_pct: pct(resolved, t.handled()),
            recovered: t.recovered,
            by_procedure: rows(
                PROCEDURES.iter().filter_map(|p| {
                    t.by_procedure.get(p.id()).map(|n| {
                        (
                            p.id().to_owned(),
                            p.name_zh().to_owned(),
                            p.name_en().to_owned(),
                            *n,
                        )
                    })
                }),
                cases,
                false,
            ),
            by_outcome: rows(
                [
                    "resolved",
                    "mediation_failed",
                    "litigation_supported",
                    "withdrawn",
                    "not_accepted",
                    "transferred",
                    OPEN,
                ]
                .into_iter()
                .filter_map(|k| {
                    t.by_outcome.get(k).map(|n| {
                        (
                            k.to_owned(),
                            n.name_zh.to_owned(),
                            n.name_en.to_owned(),
                            n.count,
                        )
                    })
                }),
                cases,
                false,
            ),
            handling_working_days: handling(t),
            deadlines: Deadlines {
                met: t.deadlines_met,
                missed: t.deadlines_missed,
                pending: t.deadlines_pending,
                met_pct: pct(t.deadlines_met, t.deadlines_met + t.deadlines_missed),
                cases_overdue: t.cases_overdue,
            },
            paused: t.cases_paused,
            delegated: t.cases_delegated,
            satisfaction: rows(
                t.satisfaction.iter().map(|(k, n)| {
                    (
                        k.code().to_owned(),
                        k.name_zh().to_owned(),
                        k.name_en().to_owned(),
                        *n,
                    )
                }),
                t.satisfaction.values().sum(),
                false,
            ),
            events: t.events,
            errors: t.case_errors,
            full_log_every: LOG_SAMPLE_EVERY,
        },
        assessments: Assessments {
            assessed: t.assessed,
            errors: t.assess_errors,
            proposed_total: t.proposed,
            with_punitive: t.with_punitive,
            items_by_kind: rows(
                t.items_by_kind.iter().map(|(k, n)| {
                    (
                        k.code().to_owned(),
                        k.zh().to_string(),
                        k.en().to_string(),
                        *n,
                    )
                }),
                t.assessed,
                true,
            ),
        },
        statistics: Statistics {
            quarter: i.quarter.to_owned(),
            k: K,
            cca: i.cca.clone(),
        },
        alerts: Alerts {
            tests: i.alerts.tests,
            series: i.alerts.series,
            alpha: i.alpha.to_string(),
            expected_false_alarms_at_most: expected,
            count: i.alerts.alerts.len(),
            shown: i
                .alerts
                .alerts
                .iter()
                .take(ALERTS_SHOWN)
                .map(alert_row)
                .collect(),
        },
        files: FILES
            .iter()
            .zip(i.bytes)
            .map(|(name, bytes)| FileRow {
                name,
                bytes: *bytes,
            })
            .collect(),
        timings: Vec::new(),
        machine: Machine::default(),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The report as CSV: `section,code,name_zh,name_en,value,share_pct`, one figure per line.
pub fn to_csv(r: &Report) -> String {
    let mut s = String::from("section,code,name_zh,name_en,value,share_pct\n");
    let mut line = |section: &str, code: &str, zh: &str, en: &str, value: &str, share: &str| {
        let fields = [section, code, zh, en, value, share].map(csv_field);
        s.push_str(&fields.join(","));
        s.push('\n');
    };
    let rec = &r.records;
    for (code, zh, en, v) in [
        ("read", "读取", "read", rec.read),
        ("valid", "有效", "valid", rec.valid),
        ("rejected", "拒收", "rejected", rec.rejected),
        (
            "rejected_invalid",
            "校验未通过",
            "invalid",
            rec.rejected_invalid,
        ),
        (
            "rejected_unroutable",
            "无法分派",
            "unroutable",
            rec.rejected_unroutable,
        ),
    ] {
        line("records", code, zh, en, &v.to_string(), "");
    }
    let groups: [(&str, &[Row]); 8] = [
        ("category", &r.by_category),
        ("district", &r.by_district),
        ("body_kind", &r.by_body_kind),
        ("routing_warning", &r.routing_warnings),
        ("procedure", &r.cases.by_procedure),
        ("outcome", &r.cases.by_outcome),
        ("satisfaction", &r.cases.satisfaction),
        ("assessment_item", &r.assessments.items_by_kind),
    ];
    for (section, rows) in groups {
        for x in rows {
            line(
                section,
                &x.code,
                &x.name_zh,
                &x.name_en,
                &x.count.to_string(),
                &x.share_pct,
            );
        }
    }
    let c = &r.cases;
    let d = &c.deadlines;
    for (code, zh, en, v) in [
        ("cases", "案件数", "cases", c.total.to_string()),
        ("handled", "受理处理", "handled", c.handled.to_string()),
        ("resolved", "调解成功", "resolved", c.resolved.to_string()),
        (
            "resolution_rate_pct",
            "解决率(%)",
            "resolution rate (%)",
            c.resolution_rate_pct.clone(),
        ),
        (
            "recovered",
            "挽回经济损失(元)",
            "recovered (yuan)",
            c.recovered.to_string(),
        ),
        (
            "handling_mean",
            "平均办理工作日",
            "mean handling (working days)",
            c.handling_working_days.mean.clone(),
        ),
        (
            "handling_median",
            "办理工作日中位数",
            "median handling (working days)",
            c.handling_working_days.median.to_string(),
        ),
        (
            "handling_p90",
            "办理工作日90分位",
            "90th percentile handling (working days)",
            c.handling_working_days.p90.to_string(),
        ),
        (
            "deadlines_met",
            "期限内完成",
            "deadlines met",
            d.met.to_string(),
        ),
        (
            "deadlines_missed",
            "超期",
            "deadlines missed",
            d.missed.to_string(),
        ),
        (
            "deadlines_pending",
            "未到期",
            "deadlines pending",
            d.pending.to_string(),
        ),
        (
            "deadlines_met_pct",
            "按期率(%)",
            "deadlines met (%)",
            d.met_pct.clone(),
        ),
        (
            "cases_overdue",
            "超期案件",
            "cases with a missed deadline",
            d.cases_overdue.to_string(),
        ),
        (
            "paused",
            "中止(鉴定等)",
            "paused (appraisal etc.)",
            c.paused.to_string(),
        ),
        (
            "delegated",
            "委托调解",
            "delegated mediation",
            c.delegated.to_string(),
        ),
    ] {
        line("cases", code, zh, en, &v, "");
    }
    for b in &c.handling_working_days.bins {
        let code = match b.to {
            Some(to) => format!("{}-{}", b.from, to),
            None => format!("{}+", b.from),
        };
        line(
            "handling_bin",
            &code,
            "工作日",
            "working days",
            &b.count.to_string(),
            "",
        );
    }
    let a = &r.assessments;
    line(
        "assessments",
        "assessed",
        "评估诉求",
        "claims assessed",
        &a.assessed.to_string(),
        "",
    );
    line(
        "assessments",
        "proposed_total",
        "建议总额(元)",
        "proposed total (yuan)",
        &a.proposed_total.to_string(),
        "",
    );
    line(
        "assessments",
        "with_punitive",
        "含惩罚性赔偿",
        "with punitive damages",
        &a.with_punitive.to_string(),
        "",
    );
    line(
        "alerts",
        "count",
        "预警",
        "alerts",
        &r.alerts.count.to_string(),
        "",
    );
    line(
        "alerts",
        "tests",
        "检验次数",
        "tests",
        &r.alerts.tests.to_string(),
        "",
    );
    for x in &r.alerts.shown {
        line(
            "alert",
            &x.series,
            &x.label,
            &x.week,
            &x.count.to_string(),
            "",
        );
    }
    for t in &r.timings {
        line(
            "timing_seconds",
            t.stage,
            "",
            "",
            &format!("{:.3}", t.seconds),
            "",
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_away_from_zero() {
        assert_eq!(pct(1, 3), "33.33");
        assert_eq!(pct(2, 3), "66.67");
        assert_eq!(pct(1, 8), "12.50");
        assert_eq!(pct(5, 0), "0.00");
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("调解成功"), "调解成功");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
    }

    #[test]
    fn districts_are_named_from_the_generator_table() {
        let d = DivisionCode::new(130104).unwrap();
        assert_eq!(district_name(d), "桥西区");
        assert_eq!(district_name(DivisionCode::new(110105).unwrap()), "110105");
    }
}
