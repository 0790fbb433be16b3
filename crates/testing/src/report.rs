//! Rankings and the published tables: the sample table, the per-item results with their
//! verdicts, the per-item ranks and weakest samples, the overall grades, and the notices to
//! makers before publication.

use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::Error;
use crate::programme::{Better, EventKind, Programme};
use crate::score::{self, SampleScore};
use crate::verdict::{self, Conformity, SampleVerdicts};

/// A rank (competition ranking: equal values share a rank, the next rank skips — 1, 2, 2, 4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    /// The rank, from 1.
    pub rank: usize,
    /// The sample's id.
    pub sample: String,
    /// The value ranked: a grade, or for an ungraded item the compared value in the base unit
    /// of its dimension (`unit`).
    pub value: Decimal,
}

/// One item's ranking and its weakest samples.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRanking {
    /// The item's id.
    pub item: String,
    /// By the item grade where the item is graded (lower is better), else by the compared
    /// value in the item's better direction. Samples without a value are left out.
    pub by: String,
    /// Best first; ties in sample-id order.
    pub ranking: Vec<Ranked>,
    /// The samples with the worst value (all of them on a tie).
    pub weakest: Vec<String>,
}

/// A maker's notice before publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeStatus {
    /// The sample's id.
    pub sample: String,
    /// The day the results were sent, if recorded.
    pub notice_sent: Option<NaiveDate>,
    /// The day a reply came, if recorded.
    pub reply: Option<NaiveDate>,
    /// Whether the notice was sent before the publication day (`None` when the programme
    /// records no publication yet).
    pub before_publication: Option<bool>,
}

/// The whole report: what `weiquan testing report` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The programme's id.
    pub programme: String,
    /// The verdicts per sample.
    pub verdicts: Vec<SampleVerdicts>,
    /// The scores, when the programme is scored.
    pub scores: Option<Vec<SampleScore>>,
    /// The overall ranking, best first, when scored.
    pub overall_ranking: Vec<Ranked>,
    /// Per item.
    pub items: Vec<ItemRanking>,
    /// The notices to makers.
    pub notices: Vec<NoticeStatus>,
    /// The day published, if recorded.
    pub published_on: Option<NaiveDate>,
    /// What a reader must know: a sample not noticed before publication, results missing.
    pub warnings: Vec<String>,
}

/// Ranks `(sample, value)` pairs with `better_low` deciding the direction.
pub fn rank(mut values: Vec<(String, Decimal)>, better_low: bool) -> Vec<Ranked> {
    values.sort_by(|a, b| {
        let by_value = if better_low {
            a.1.cmp(&b.1)
        } else {
            b.1.cmp(&a.1)
        };
        by_value.then_with(|| a.0.cmp(&b.0))
    });
    let mut out: Vec<Ranked> = Vec::with_capacity(values.len());
    for (i, (sample, value)) in values.into_iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.value == value => prev.rank,
            _ => i + 1,
        };
        out.push(Ranked {
            rank,
            sample,
            value,
        });
    }
    out
}

/// Builds the report. Scores are computed when the programme has a scoring; a scoring that
/// cannot be computed (a missing result) is an error, so no published grade rests on a
/// presumed value.
pub fn report(programme: &Programme) -> Result<Report, Error> {
    let verdicts = verdict::verdicts(programme)?;
    let scores = match programme.scoring {
        Some(_) => Some(score::scores(programme)?),
        None => None,
    };
    let overall_ranking = scores.as_ref().map_or_else(Vec::new, |s| {
        rank(
            s.iter().map(|x| (x.sample.clone(), x.grade)).collect(),
            true,
        )
    });
    let mut items = Vec::new();
    for item in &programme.items {
        let graded: Option<Vec<(String, Decimal)>> = scores.as_ref().map(|s| {
            s.iter()
                .filter_map(|x| {
                    x.items
                        .iter()
                        .find(|g| g.item == item.id)
                        .map(|g| (x.sample.clone(), g.grade))
                })
                .collect()
        });
        let (by, ranking) = match graded {
            Some(g) if !g.is_empty() => ("grade".to_owned(), rank(g, true)),
            _ => {
                let values = verdicts
                    .iter()
                    .filter_map(|sv| {
                        sv.items
                            .iter()
                            .find(|v| v.item == item.id)
                            .and_then(|v| v.compared)
                            .and_then(|c| c.unit.to_base(c.value))
                            .map(|c| (sv.sample.clone(), c))
                    })
                    .collect();
                (
                    format!(
                        "value in {} ({} is better)",
                        item.unit.base().symbol(),
                        match item.better {
                            Better::Higher => "higher",
                            Better::Lower => "lower",
                        }
                    ),
                    rank(values, item.better == Better::Lower),
                )
            }
        };
        let worst_rank = ranking.iter().map(|r| r.rank).max();
        let weakest = ranking
            .iter()
            .filter(|r| Some(r.rank) == worst_rank && ranking.len() > 1)
            .map(|r| r.sample.clone())
            .collect();
        items.push(ItemRanking {
            item: item.id.clone(),
            by,
            ranking,
            weakest,
        });
    }
    let published_on = programme
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Published)
        .map(|e| e.on)
        .min();
    let mut warnings = Vec::new();
    let mut notices = Vec::new();
    for s in &programme.samples {
        let first = |kind: EventKind| {
            programme
                .events
                .iter()
                .filter(|e| e.kind == kind && e.sample.as_deref() == Some(s.id.as_str()))
                .map(|e| e.on)
                .min()
        };
        let notice_sent = first(EventKind::NoticeSent);
        let before_publication = published_on.map(|p| notice_sent.is_some_and(|n| n < p));
        if before_publication == Some(false) {
            warnings.push(format!(
                "sample {}: no notice to the maker recorded before publication / 发布前未记录向生产者通知结果",
                s.id
            ));
        }
        notices.push(NoticeStatus {
            sample: s.id.clone(),
            notice_sent,
            reply: first(EventKind::ReplyReceived),
            before_publication,
        });
    }
    for sv in &verdicts {
        if sv.conformity == Conformity::Undetermined {
            warnings.push(format!(
                "sample {}: results missing, conformity undetermined / 结果缺失，无法判定",
                sv.sample
            ));
        }
    }
    Ok(Report {
        programme: programme.id.clone(),
        verdicts,
        scores,
        overall_ranking,
        items,
        notices,
        published_on,
        warnings,
    })
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

impl Report {
    /// The report as Markdown: the tables a consumer association publishes.
    pub fn markdown(&self, programme: &Programme) -> String {
        let mut m = String::new();
        let _ = writeln!(m, "# {}\n", cell(&programme.title));
        let _ = writeln!(
            m,
            "{} — {}\n",
            cell(&programme.product_type),
            cell(&programme.organiser)
        );
        if let Some(note) = &programme.note {
            let _ = writeln!(m, "> {}\n", cell(note));
        }
        let _ = writeln!(m, "## 样品信息 / Samples\n");
        let _ = writeln!(
            m,
            "| 编号 ID | 品牌 Brand | 型号 Model | 生产者 Maker | 购买渠道 Channel | 价格 Price (元) | 购买日期 Date | 购买方式 Way |"
        );
        let _ = writeln!(m, "|---|---|---|---|---|---:|---|---|");
        for s in &programme.samples {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} | {} | {} | {} / {} |",
                cell(&s.id),
                cell(&s.brand),
                cell(&s.model),
                cell(&s.maker),
                cell(&s.channel),
                s.price,
                s.purchased_on,
                s.way.name_zh(),
                s.way.name_en()
            );
        }
        let _ = writeln!(m, "\n## 检测结果 / Results\n");
        for item in &programme.items {
            let _ = writeln!(m, "### {} / {}\n", cell(&item.name_zh), cell(&item.name_en));
            if let Some(c) = &item.clause {
                let _ = writeln!(m, "依据 Standard: {}\n", cell(&c.to_string()));
            }
            if let Some(r) = item.rounding {
                let _ = writeln!(
                    m,
                    "按GB/T 8170修约至{}位小数后判定 / rounded by GB/T 8170 to {} decimal(s) before judging\n",
                    r.decimals, r.decimals
                );
            }
            let _ = writeln!(
                m,
                "| 编号 ID | 实测值 Measured | 判定值 Compared | 标准要求 Limit | 标准判定 vs standard | 标称值 Declared | 标称判定 vs declared | 等级 Grade | 排名 Rank |"
            );
            let _ = writeln!(m, "|---|---:|---:|---|---|---|---|---:|---:|");
            let ranking = self.items.iter().find(|r| r.item == item.id);
            for sv in &self.verdicts {
                let Some(v) = sv.items.iter().find(|v| v.item == item.id) else {
                    continue;
                };
                let grade = self
                    .scores
                    .as_ref()
                    .and_then(|s| s.iter().find(|x| x.sample == sv.sample))
                    .and_then(|x| x.items.iter().find(|g| g.item == item.id))
                    .map_or_else(String::new, |g| g.grade.to_string());
                let rank = ranking
                    .and_then(|r| r.ranking.iter().find(|x| x.sample == sv.sample))
                    .map_or_else(String::new, |x| x.rank.to_string());
                let _ = writeln!(
                    m,
                    "| {} | {} | {} | {} | {} {} | {} | {} {} | {} | {} |",
                    cell(&sv.sample),
                    v.measured.map_or_else(
                        || "—".into(),
                        |q| format!("{} {}", q.value, q.unit.symbol())
                    ),
                    v.compared.map_or_else(
                        || "—".into(),
                        |c| format!("{} {}", c.value, c.unit.symbol())
                    ),
                    v.limit.as_deref().map_or_else(|| "—".into(), cell),
                    v.standard.name_zh(),
                    v.standard.name_en(),
                    match (&v.declared, &v.declared_bound) {
                        (Some(d), Some(b)) => format!("{} {} ({b})", d.value, d.unit.symbol()),
                        (Some(d), None) => format!("{} {}", d.value, d.unit.symbol()),
                        _ => "—".into(),
                    },
                    v.against_declared.name_zh(),
                    v.against_declared.name_en(),
                    grade,
                    rank
                );
            }
            if let Some(r) = ranking
                && !r.weakest.is_empty()
            {
                let _ = writeln!(
                    m,
                    "\n本项最弱 / weakest in this item: {}",
                    r.weakest.join(", ")
                );
            }
            let _ = writeln!(m);
        }
        if let Some(scores) = &self.scores {
            let _ = writeln!(m, "## 综合评价 / Overall\n");
            let _ = writeln!(
                m,
                "| 排名 Rank | 编号 ID | 等级 Grade | 未修约 Raw | 评价 Rating | 符合性 Conformity |"
            );
            let _ = writeln!(m, "|---:|---|---:|---:|---|---|");
            for r in &self.overall_ranking {
                let Some(s) = scores.iter().find(|s| s.sample == r.sample) else {
                    continue;
                };
                let conformity = self
                    .verdicts
                    .iter()
                    .find(|v| v.sample == r.sample)
                    .map_or("", |v| v.conformity.name_zh());
                let _ = writeln!(
                    m,
                    "| {} | {} | {} | {} | {} {} | {} |",
                    r.rank,
                    cell(&r.sample),
                    s.grade,
                    s.raw,
                    s.name_zh.as_deref().unwrap_or(""),
                    s.name_en.as_deref().unwrap_or(""),
                    conformity
                );
            }
            let _ = writeln!(m);
        }
        let _ = writeln!(m, "## 结果通知 / Notices to makers\n");
        let _ = writeln!(
            m,
            "| 编号 ID | 通知日期 Sent | 回复日期 Reply | 发布前 Before publication |"
        );
        let _ = writeln!(m, "|---|---|---|---|");
        for n in &self.notices {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} |",
                cell(&n.sample),
                n.notice_sent.map_or_else(|| "—".into(), |d| d.to_string()),
                n.reply.map_or_else(|| "—".into(), |d| d.to_string()),
                match n.before_publication {
                    Some(true) => "是 yes",
                    Some(false) => "否 no",
                    None => "未发布 not published",
                }
            );
        }
        if !programme.advice.is_empty() {
            let _ = writeln!(m, "\n## 消费提示 / Advice\n");
            for a in &programme.advice {
                let _ = writeln!(m, "- {}", cell(a));
            }
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(m, "\n## 注意 / Warnings\n");
            for w in &self.warnings {
                let _ = writeln!(m, "- {}", cell(w));
            }
        }
        m
    }
}
