//! The China Consumers' Association's report tables (全国消协组织受理投诉情况): complaints by
//! problem nature, by goods category and by service category, each with counts, shares, the
//! resolution rate and the amount recovered — made safe to publish together.
//!
//! Shares follow the CCA's reports: a problem nature's share is of all complaints, a goods
//! (service) category's share is of all goods (service) complaints (`cca_stats_2020.json`:
//! `goods_major_partial_shares_of_goods_pct`). Shares and rates are exact rationals written in
//! percent with two decimals, halves rounded away from zero.

use serde::{Deserialize, Serialize};
use weiquan_complaint::{MajorCategory, ProblemNature, TopCategory};

use crate::aggregate::Aggregator;
use crate::audit::SuppressionRules;
use crate::dims::{CategoryValue, CellKey, DimKind, DimValue, Dimension};
use crate::ledger::Ledger;
use crate::release::{AuditSummary, CellStatus, Release, ReleasedTable, protect};
use crate::table::{MonthSpan, TableSpec};
use crate::{Error, GroupBy, Ratio, Rounding, SCHEMA_VERSION};

/// One row of a CCA table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CcaRow {
    /// The code (`quality`, `household_appliances`, `goods` ...).
    pub code: String,
    /// The Chinese name as the CCA prints it.
    pub name_zh: String,
    /// Published or withheld.
    pub status: CellStatus,
    /// Complaints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Share of the table's total, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_pct: Option<String>,
    /// Resolved complaints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<u64>,
    /// Resolved ÷ received, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_rate_pct: Option<String>,
    /// Money recovered, yuan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovered: Option<String>,
}

/// A CCA table: rows and their total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CcaTable {
    /// The total row (all complaints, or all goods / services complaints).
    pub total: CcaRow,
    /// The rows in the CCA's order.
    pub rows: Vec<CcaRow>,
}

/// The CCA-shaped report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CcaReport {
    /// Always 1.
    pub schema_version: u32,
    /// Always `weiquan_cca_report`.
    pub kind: String,
    /// The months covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<MonthSpan>,
    /// 按投诉性质.
    pub by_problem_nature: CcaTable,
    /// 商品类 by major category.
    pub goods: CcaTable,
    /// 服务类 by major category.
    pub services: CcaTable,
    /// 其他类.
    pub other: CcaRow,
    /// The audit of the three tables together.
    pub audit: AuditSummary,
}

fn row(
    t: &ReleasedTable,
    key: CellKey,
    code: String,
    name: String,
    whole: Option<u64>,
) -> Result<CcaRow, Error> {
    let status = t.status(key).unwrap_or(CellStatus::Published);
    let m = t.table().get(key).filter(|_| !status.is_withheld());
    Ok(CcaRow {
        code,
        name_zh: name,
        status,
        count: m.map(|m| m.count),
        share_pct: match (m, whole) {
            (Some(m), Some(w)) => Ratio::new(i128::from(m.count), i128::from(w))
                .map(|r| r.to_percent(2, Rounding::HalfAwayFromZero)),
            _ => None,
        },
        resolved: m.map(|m| m.resolved),
        resolution_rate_pct: m
            .and_then(|m| m.resolution_rate())
            .map(|r| r.to_percent(2, Rounding::HalfAwayFromZero)),
        recovered: match m {
            Some(m) => Some(m.recovered()?.to_string()),
            None => None,
        },
    })
}

/// Makes the CCA report from an aggregate grouped (at least) by problem nature and category
/// at the major level — with the period by month when a span or a ledger is given — and
/// protects its three tables together.
///
/// ```
/// use weiquan_stats::{Aggregator, RecordOptions, StatsRecord, SuppressionRules, cca::cca_report};
/// use weiquan_synth::generate::Generator;
/// let mut data = Aggregator::new("period=month,problem_nature,category=major".parse()?);
/// for c in Generator::new(8).take(5000) {
///     data.add(&StatsRecord::from_complaint(&c, None, RecordOptions::default()))?;
/// }
/// let report = cca_report(&data, None, &SuppressionRules::new(10), None)?;
/// assert_eq!(report.by_problem_nature.total.count, Some(5000));
/// assert_eq!(report.by_problem_nature.total.share_pct.as_deref(), Some("100.00"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cca_report(
    data: &Aggregator,
    span: Option<MonthSpan>,
    rules: &SuppressionRules,
    ledger: Option<&Ledger>,
) -> Result<CcaReport, Error> {
    let spec = |by: &str| -> Result<TableSpec, Error> {
        Ok(TableSpec {
            span,
            ..TableSpec::new(by.parse()?)
        })
    };
    let release = protect(
        data,
        &[
            spec("problem_nature")?,
            spec("category=top")?,
            spec("category=major")?,
        ],
        rules,
        ledger,
    )?;
    report_of(&release, span)
}

/// The report view of a release made of the tables `problem_nature`, `category=top` and
/// `category=major`, in that order.
pub fn report_of(release: &Release, span: Option<MonthSpan>) -> Result<CcaReport, Error> {
    let [natures, tops, majors] = release.tables.as_slice() else {
        return Err(Error::parameter(
            "release",
            release.tables.len(),
            "a CCA report has three tables",
            "消协报告应有三张统计表",
        ));
    };
    let nature_dim = Dimension::ProblemNature;
    let grand = natures.table().get(CellKey::TOTAL).map_or(0, |m| m.count);
    let total_row = row(
        natures,
        CellKey::TOTAL,
        "total".into(),
        "合计".into(),
        Some(grand),
    )?;
    let mut nature_rows = Vec::new();
    for n in ProblemNature::ALL {
        let raw = nature_dim.parse_value(n.code()).unwrap_or(0);
        let key = CellKey::TOTAL.with_slot(DimKind::ProblemNature, raw);
        if natures.status(key).is_some() {
            nature_rows.push(row(
                natures,
                key,
                n.code().into(),
                n.name_zh().into(),
                natures.published_count(CellKey::TOTAL),
            )?);
        }
    }
    let top_dim = Dimension::Category(crate::CategoryLevel::Top);
    let major_dim = Dimension::Category(crate::CategoryLevel::Major);
    let top_key = |t: TopCategory| {
        CellKey::TOTAL.with_slot(
            DimKind::Category,
            top_dim.parse_value(t.code()).unwrap_or(0),
        )
    };
    let section = |top: TopCategory| -> Result<CcaTable, Error> {
        let tk = top_key(top);
        let whole = tops.published_count(tk);
        let total = row(tops, tk, top.code().into(), top.name_zh().into(), whole)?;
        let mut rows = Vec::new();
        for m in MajorCategory::ALL.iter().filter(|m| m.top() == top) {
            let key = CellKey::TOTAL.with_slot(
                DimKind::Category,
                major_dim.parse_value(m.code()).unwrap_or(0),
            );
            if majors.status(key).is_some() {
                rows.push(row(
                    majors,
                    key,
                    m.code().into(),
                    m.name_zh().into(),
                    whole,
                )?);
            }
        }
        Ok(CcaTable { total, rows })
    };
    let other_key = top_key(TopCategory::Other);
    // Keep the decoded value in sync with the dimension's codes.
    debug_assert!(matches!(
        top_dim.decode(other_key.slot(DimKind::Category)),
        Some(DimValue::Category(CategoryValue::Top(TopCategory::Other)))
    ));
    Ok(CcaReport {
        schema_version: SCHEMA_VERSION,
        kind: "weiquan_cca_report".into(),
        span,
        by_problem_nature: CcaTable {
            total: total_row,
            rows: nature_rows,
        },
        goods: section(TopCategory::Goods)?,
        services: section(TopCategory::Services)?,
        other: row(
            tops,
            other_key,
            "other".into(),
            TopCategory::Other.name_zh().into(),
            tops.published_count(CellKey::TOTAL),
        )?,
        audit: release.audit.clone(),
    })
}

/// The grouping an aggregate needs for [`cca_report`].
pub fn cca_group_by() -> GroupBy {
    GroupBy::new(vec![
        Dimension::Period(crate::PeriodGrain::Month),
        Dimension::ProblemNature,
        Dimension::Category(crate::CategoryLevel::Major),
    ])
    .unwrap_or_default()
}

impl CcaReport {
    /// The report as CSV: `section,code,name_zh,status,count,share_pct,resolved,
    /// resolution_rate_pct,recovered`.
    pub fn to_csv(&self) -> String {
        let mut s = String::from(
            "section,code,name_zh,status,count,share_pct,resolved,resolution_rate_pct,recovered\n",
        );
        let mut put = |section: &str, r: &CcaRow| {
            let status = r.status.code();
            let o = |v: &Option<String>| v.clone().unwrap_or_default();
            s.push_str(&format!(
                "{section},{},{},{status},{},{},{},{},{}\n",
                r.code,
                r.name_zh.replace(',', "，"),
                r.count.map(|c| c.to_string()).unwrap_or_default(),
                o(&r.share_pct),
                r.resolved.map(|c| c.to_string()).unwrap_or_default(),
                o(&r.resolution_rate_pct),
                o(&r.recovered),
            ));
        };
        for (name, t) in [
            ("problem_nature", &self.by_problem_nature),
            ("goods", &self.goods),
            ("services", &self.services),
        ] {
            for r in &t.rows {
                put(name, r);
            }
            put(name, &t.total);
        }
        put("other", &self.other);
        s
    }
}
