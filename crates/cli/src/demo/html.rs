//! `report.html`: one self-contained page (inline CSS, inline SVG charts, no scripts, no
//! external assets), Chinese labels first with English.

use std::fmt::Write as _;

use weiquan_caseflow::DeadlineStatus;
use weiquan_stats::cca::{CcaRow, CcaTable};

use super::report::{Report, Row, pct};

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// A deadline status as the charts label it: `按期 met`.
fn status_label(s: DeadlineStatus) -> String {
    format!("{} {}", s.name_zh(), s.name_en())
}

/// 1234567 → "1,234,567".
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut o = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            o.push(',');
        }
        o.push(c);
    }
    o
}

const PALETTE: [&str; 7] = [
    "#c0392b", "#2e86de", "#27ae60", "#f39c12", "#8e44ad", "#6d4c41", "#7f8c8d",
];

/// A horizontal bar chart: one bar per (label, value), with the value and a share.
fn hbars(items: &[(String, u64, String)], color: &str) -> String {
    let max = items.iter().map(|x| x.1).max().unwrap_or(0).max(1);
    let row = 24;
    let (label_w, bar_w, width) = (390, 320, 840);
    let height = items.len() * row + 8;
    let mut s =
        format!(r#"<svg viewBox="0 0 {width} {height}" width="100%" role="img" class="chart">"#);
    for (i, (label, value, note)) in items.iter().enumerate() {
        let y = i * row + 4;
        let w = (*value as f64 / max as f64 * bar_w as f64).round().max(1.0);
        let _ = write!(
            s,
            r#"<text x="{lx}" y="{ty}" text-anchor="end" class="lbl">{label}</text><rect x="{bx}" y="{y}" width="{w}" height="{h}" fill="{color}" rx="2"><title>{label}: {v}</title></rect><text x="{vx}" y="{ty}" class="val">{v} {note}</text>"#,
            lx = label_w - 8,
            ty = y + 15,
            label = esc(label),
            bx = label_w,
            h = row - 6,
            v = thousands(*value),
            vx = label_w as f64 + w + 6.0,
            note = esc(note),
        );
    }
    s.push_str("</svg>");
    s
}

/// A column chart (the handling-time histogram).
fn columns(items: &[(String, u64)], color: &str) -> String {
    let max = items.iter().map(|x| x.1).max().unwrap_or(0).max(1);
    let (width, height, top, bottom) = (820usize, 260usize, 24usize, 40usize);
    let slot = (width - 40) / items.len().max(1);
    let plot = (height - top - bottom) as f64;
    let mut s =
        format!(r#"<svg viewBox="0 0 {width} {height}" width="100%" role="img" class="chart">"#);
    let _ = write!(
        s,
        r##"<line x1="20" y1="{y}" x2="{x2}" y2="{y}" stroke="#999"/>"##,
        y = height - bottom,
        x2 = width - 20
    );
    for (i, (label, value)) in items.iter().enumerate() {
        let h = (*value as f64 / max as f64 * plot).round();
        let x = 20 + i * slot + slot / 8;
        let w = slot * 3 / 4;
        let y = (height - bottom) as f64 - h;
        let _ = write!(
            s,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{color}" rx="2"><title>{l}: {v}</title></rect><text x="{cx}" y="{vy}" text-anchor="middle" class="val">{v}</text><text x="{cx}" y="{ly}" text-anchor="middle" class="lbl">{l}</text>"#,
            l = esc(label),
            v = thousands(*value),
            cx = x + w / 2,
            vy = y - 5.0,
            ly = height - bottom + 18,
        );
    }
    s.push_str("</svg>");
    s
}

/// A single stacked bar with a legend: parts of a whole (outcomes, deadlines).
fn stacked(parts: &[(String, u64)]) -> String {
    let total: u64 = parts.iter().map(|p| p.1).sum();
    let (width, bar_h) = (820.0f64, 34.0);
    let legend_rows = parts.len().div_ceil(2);
    let height = bar_h + 16.0 + legend_rows as f64 * 22.0;
    let mut s =
        format!(r#"<svg viewBox="0 0 {width} {height}" width="100%" role="img" class="chart">"#);
    let mut x = 0.0;
    for (i, (label, value)) in parts.iter().enumerate() {
        let color = PALETTE.get(i % PALETTE.len()).copied().unwrap_or("#888");
        let w = if total == 0 {
            0.0
        } else {
            *value as f64 / total as f64 * width
        };
        let _ = write!(
            s,
            r#"<rect x="{x:.1}" y="0" width="{w:.1}" height="{bar_h}" fill="{color}"><title>{l}: {v} ({p}%)</title></rect>"#,
            l = esc(label),
            v = thousands(*value),
            p = pct(*value, total),
        );
        x += w;
        let lx = (i % 2) as f64 * 410.0;
        let ly = bar_h + 16.0 + (i / 2) as f64 * 22.0;
        let _ = write!(
            s,
            r#"<rect x="{lx}" y="{ry}" width="12" height="12" fill="{color}"/><text x="{tx}" y="{ly}" class="lbl">{l} {v} ({p}%)</text>"#,
            ry = ly - 10.0,
            tx = lx + 17.0,
            l = esc(label),
            v = thousands(*value),
            p = pct(*value, total),
        );
    }
    s.push_str("</svg>");
    s
}

fn bilingual(r: &Row) -> String {
    if r.name_en.is_empty() || r.name_en == r.name_zh {
        r.name_zh.clone()
    } else {
        format!("{} {}", r.name_zh, r.name_en)
    }
}

fn row_bars(rows: &[Row], limit: usize, color: &str) -> String {
    let mut items: Vec<(String, u64, String)> = rows
        .iter()
        .take(limit)
        .map(|r| (bilingual(r), r.count, format!("({}%)", r.share_pct)))
        .collect();
    if rows.len() > limit {
        let rest: u64 = rows.iter().skip(limit).map(|r| r.count).sum();
        let total: u64 = rows.iter().map(|r| r.count).sum();
        items.push((
            format!("其他 {} 类 other", rows.len() - limit),
            rest,
            format!("({}%)", pct(rest, total)),
        ));
    }
    hbars(&items, color)
}

fn card(s: &mut String, zh: &str, en: &str, value: &str) {
    let _ = write!(
        s,
        r#"<div class="card"><div class="v">{}</div><div class="k">{}<br><span>{}</span></div></div>"#,
        esc(value),
        esc(zh),
        esc(en)
    );
}

fn cca_rows(s: &mut String, title: &str, t: &CcaTable) {
    let _ = write!(
        s,
        "<h3>{}</h3><table><tr><th>类别 category</th><th>件数 count</th><th>占比 share %</th><th>解决 resolved</th><th>解决率 rate %</th><th>挽回 recovered (元)</th></tr>",
        esc(title)
    );
    let mut line = |r: &CcaRow, bold: bool| {
        let cell = |v: Option<String>| v.map_or_else(|| "—".to_owned(), |x| esc(&x));
        let withheld = r.count.is_none();
        let _ = write!(
            s,
            "<tr{}><td>{}{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
            if bold { " class=total" } else { "" },
            esc(&r.name_zh),
            if withheld {
                " <small>（不予公布 withheld）</small>"
            } else {
                ""
            },
            cell(r.count.map(thousands)),
            cell(r.share_pct.clone()),
            cell(r.resolved.map(thousands)),
            cell(r.resolution_rate_pct.clone()),
            cell(r.recovered.clone()),
        );
    };
    line(&t.total, true);
    for r in &t.rows {
        line(r, false);
    }
    s.push_str("</table>");
}

const CSS: &str = r#"
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei","Source Han Sans SC",system-ui,sans-serif;margin:0;background:#f5f6f8;color:#222}
header{background:#b71c1c;color:#fff;padding:20px 32px}
header h1{margin:0;font-size:26px}header p{margin:6px 0 0;opacity:.9}
main{max-width:1100px;margin:0 auto;padding:16px 24px 40px}
section{background:#fff;border-radius:8px;padding:16px 22px;margin:16px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{font-size:19px;margin:0 0 10px;border-left:4px solid #b71c1c;padding-left:10px}
h2 span,h3 span{color:#777;font-weight:normal;font-size:15px}
h3{font-size:16px;margin:14px 0 6px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{flex:1 1 150px;background:#fafafa;border:1px solid #eee;border-radius:6px;padding:10px 12px}
.card .v{font-size:24px;font-weight:bold;color:#b71c1c}.card .k{font-size:13px}.card .k span{color:#777}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}
th,td{border-bottom:1px solid #eee;padding:4px 8px;text-align:left}th{background:#fafafa}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.total td{font-weight:bold}
.chart text.lbl{font-size:13px;fill:#333}.chart text.val{font-size:12px;fill:#555}
.note{color:#666;font-size:13px}.two{display:grid;grid-template-columns:1fr 1fr;gap:16px}
small{color:#888}code{background:#f0f0f0;padding:1px 4px;border-radius:3px}
"#;

/// The whole page.
pub fn render(r: &Report) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let c = &r.cases;
    let d = &c.deadlines;
    let _ = write!(
        s,
        r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>维权 weiquan 演示报告 demo report</title><style>{CSS}</style></head><body><header><h1>石家庄市消费者投诉处理演示报告 <span style="font-weight:normal">weiquan demo report, Shijiazhuang</span></h1><p>合成数据 synthetic data · 种子 seed {seed} · {n} 件投诉 complaints · 受理日期 received {from} – {to}</p></header><main>"#,
        seed = r.seed,
        n = thousands(r.records.read),
        from = r.received_from.map(|d| d.to_string()).unwrap_or_default(),
        to = r.received_to.map(|d| d.to_string()).unwrap_or_default(),
    );

    s.push_str(r#"<section><h2>概况 <span>Overview</span></h2><div class="cards">"#);
    card(
        &mut s,
        "投诉总数",
        "complaints read",
        &thousands(r.records.read),
    );
    card(&mut s, "有效", "valid", &thousands(r.records.valid));
    card(&mut s, "拒收", "rejected", &thousands(r.records.rejected));
    card(
        &mut s,
        "解决率",
        "resolution rate",
        &format!("{}%", c.resolution_rate_pct),
    );
    card(
        &mut s,
        "办理工作日中位数",
        "median handling, working days",
        &c.handling_working_days.median.to_string(),
    );
    card(
        &mut s,
        "按期率",
        "deadlines met",
        &format!("{}%", d.met_pct),
    );
    card(
        &mut s,
        "挽回经济损失",
        "recovered for consumers (yuan)",
        &c.recovered.grouped(),
    );
    card(
        &mut s,
        "预警",
        "surge alerts",
        &thousands(r.alerts.count as u64),
    );
    s.push_str("</div>");
    let _ = write!(
        s,
        r#"<p class="note">拒收记录（含行号与原因）见 <code>rejects.jsonl</code>：校验未通过 {} 件，无法分派 {} 件。Every rejected record, with its line and reasons, is in <code>rejects.jsonl</code>: {} invalid, {} unroutable (about {}‰ of the records are broken on purpose).</p></section>"#,
        thousands(r.records.rejected_invalid),
        thousands(r.records.rejected_unroutable),
        thousands(r.records.rejected_invalid),
        thousands(r.records.rejected_unroutable),
        r.broken_per_mille,
    );

    s.push_str(r#"<section><h2>按商品和服务类别 <span>Complaints by category (CCA major categories)</span></h2>"#);
    s.push_str(&row_bars(&r.by_category, 15, "#c0392b"));
    s.push_str("</section>");

    s.push_str(r#"<section><h2>按区县 <span>Complaints by the consumer's district</span></h2>"#);
    s.push_str(&row_bars(&r.by_district, 30, "#2e86de"));
    s.push_str("</section>");

    s.push_str(r#"<section><h2>分派 <span>Routing: who handles the complaints</span></h2>"#);
    s.push_str(&row_bars(&r.by_body_kind, 12, "#16a085"));
    let _ = write!(
        s,
        r#"<h3>分派提示 <span>Warnings on the decisions: {} of {} decisions carry at least one</span></h3>"#,
        thousands(r.routed_with_warnings),
        thousands(r.records.valid)
    );
    s.push_str(&row_bars(&r.routing_warnings, 10, "#7f8c8d"));
    s.push_str("</section>");

    s.push_str(r#"<section><h2>处理结果与解决率 <span>Outcomes and resolution rate</span></h2>"#);
    let parts: Vec<(String, u64)> = c
        .by_outcome
        .iter()
        .map(|x| (bilingual(x), x.count))
        .collect();
    s.push_str(&stacked(&parts));
    let _ = write!(
        s,
        r#"<p class="note">解决率 = 调解成功 ÷ 受理处理的案件（不含不予受理和移送）：{} ÷ {} = <b>{}%</b>。Resolution rate = resolved ÷ cases accepted and handled (not refused, not transferred). 中止（鉴定、检测等）{} 件 paused for appraisal or testing; 委托消协调解 {} 件 delegated to the consumer association; 案件事件共 {} events recorded; 每 {} 件保存完整日志 one full hash-chained log in <code>case-logs.jsonl</code> every {} cases.</p>"#,
        thousands(c.resolved),
        thousands(c.handled),
        c.resolution_rate_pct,
        thousands(c.paused),
        thousands(c.delegated),
        thousands(c.events),
        c.full_log_every,
        c.full_log_every,
    );
    s.push_str(r#"<div class="two"><div><h3>程序 <span>Procedure</span></h3><table>"#);
    for x in &c.by_procedure {
        let _ = write!(
            s,
            "<tr><td>{}<br><small>{}</small></td><td class=n>{}</td><td class=n>{}%</td></tr>",
            esc(&x.name_zh),
            esc(&x.name_en),
            thousands(x.count),
            x.share_pct
        );
    }
    s.push_str(r#"</table></div><div><h3>满意度 <span>Satisfaction</span></h3><table>"#);
    for x in &c.satisfaction {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=n>{}</td><td class=n>{}%</td></tr>",
            esc(&bilingual(x)),
            thousands(x.count),
            x.share_pct
        );
    }
    s.push_str("</table></div></div></section>");

    s.push_str(r#"<section><h2>办理时长 <span>Handling time, working days from receipt to closure</span></h2>"#);
    let h = &c.handling_working_days;
    let bins: Vec<(String, u64)> = h
        .bins
        .iter()
        .map(|b| {
            (
                match b.to {
                    Some(to) => format!("{}–{}", b.from, to),
                    None => format!("{}+", b.from),
                },
                b.count,
            )
        })
        .collect();
    s.push_str(&columns(&bins, "#8e44ad"));
    let _ = write!(
        s,
        r#"<p class="note">平均 mean {} · 中位数 median {} · 90分位 90th percentile {} 个工作日 working days（法定节假日与调休按官方日历 official holiday calendar）。</p></section>"#,
        esc(&h.mean),
        h.median,
        h.p90
    );

    s.push_str(r#"<section><h2>法定期限 <span>Statutory deadlines met and missed</span></h2>"#);
    s.push_str(&stacked(&[
        (status_label(DeadlineStatus::Met), d.met),
        (status_label(DeadlineStatus::Missed), d.missed),
        (status_label(DeadlineStatus::Pending), d.pending),
    ]));
    let _ = write!(
        s,
        r#"<p class="note">受理决定、调解期限、终止告知等期限共 {} 项，按期率 {}%；{} 件案件至少有一项超期。Acceptance decisions, mediation periods and termination notices: {}% of the deadlines that fell due were met; {} cases missed at least one.</p></section>"#,
        thousands(d.met + d.missed + d.pending),
        d.met_pct,
        thousands(d.cases_overdue),
        d.met_pct,
        thousands(d.cases_overdue),
    );

    let a = &r.assessments;
    s.push_str(
        r#"<section><h2>赔偿评估 <span>Compensation assessed for the money claims</span></h2>"#,
    );
    let _ = write!(
        s,
        r#"<p class="note">评估 {} 件退款或赔偿诉求，建议总额 {} 元；{} 件含惩罚性赔偿或欺诈赔偿。{} claims assessed; proposed total {} yuan; {} include punitive damages or fraud compensation. 各项目条数 proposed items by kind:</p>"#,
        thousands(a.assessed),
        a.proposed_total.grouped(),
        thousands(a.with_punitive),
        thousands(a.assessed),
        a.proposed_total.grouped(),
        thousands(a.with_punitive),
    );
    s.push_str(&row_bars(&a.items_by_kind, 10, "#f39c12"));
    s.push_str("</section>");

    let st = &r.statistics;
    let audit = &st.cca.audit;
    let _ = write!(
        s,
        r#"<section><h2>{q} 季度公开统计 <span>Published statistics, {q} (CCA tables, anonymised)</span></h2><p class="note">少于 {k} 件的单元格不予公布，并为防止反推而补充隐匿；审计结论 audit verdict: <b>{v:?}</b>；不予公布的单元格 {w} 个，统一标为 x（不区分原因）。Cells below {k} are withheld, and more are withheld until no withheld count can be worked out from the published ones ({w} withheld, all marked x whatever the reason). Full tables: <code>statistics.json</code>, <code>statistics.csv</code>.</p>"#,
        q = esc(&st.quarter),
        k = st.k,
        v = audit.verdict,
        w = audit.withheld,
    );
    cca_rows(
        &mut s,
        "按投诉性质 By problem nature",
        &st.cca.by_problem_nature,
    );
    s.push_str(r#"<div class="two"><div>"#);
    cca_rows(&mut s, "商品类 Goods", &st.cca.goods);
    s.push_str("</div><div>");
    cca_rows(&mut s, "服务类 Services", &st.cca.services);
    s.push_str("</div></div></section>");

    let al = &r.alerts;
    let _ = write!(
        s,
        r#"<section><h2>投诉激增预警 <span>Surge alerts</span></h2><p class="note">每周对每个经营者和每个大类检验：本周件数相对前 8 周是否异常偏高（条件二项检验，显著性水平 {alpha}）。共 {tests} 次检验，{series} 个序列，预警 {n} 条；误报期望不超过 {fa} 条。Each week, every business and every major category is tested against its previous 8 weeks (conditional binomial test at level {alpha}): {tests} tests over {series} series, {n} alerts; at most {fa} false alarms expected. 全部见 all in <code>alerts.jsonl</code>.</p>"#,
        alpha = esc(&al.alpha),
        tests = thousands(al.tests),
        series = thousands(al.series as u64),
        n = thousands(al.count as u64),
        fa = esc(&al.expected_false_alarms_at_most),
    );
    if al.shown.is_empty() {
        s.push_str(r#"<p>无预警 No alerts.</p>"#);
    } else {
        s.push_str("<table><tr><th>周 week</th><th>对象 series</th><th>件数 count</th><th>基线均值 baseline mean</th><th>p 值 p-value</th></tr>");
        for x in &al.shown {
            let kind = format!("{} {}", x.series_kind_zh, x.series_kind_en);
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}: {}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{:.2e}</td></tr>",
                esc(&x.week),
                esc(&kind),
                esc(&x.label),
                thousands(x.count),
                esc(&x.baseline_mean),
                x.p_value
            );
        }
        s.push_str("</table>");
        if al.count > al.shown.len() {
            let _ = write!(
                s,
                r#"<p class="note">仅列前 {} 条 first {} shown.</p>"#,
                al.shown.len(),
                al.shown.len()
            );
        }
    }
    s.push_str("</section>");

    s.push_str(r#"<section><h2>各阶段耗时 <span>Time per stage</span></h2><table><tr><th>阶段 stage</th><th>件数 items</th><th>秒 seconds</th><th>件/秒 items/s</th></tr>"#);
    for t in &r.timings {
        let _ = write!(
            s,
            "<tr><td>{}{}</td><td class=n>{}</td><td class=n>{:.3}</td><td class=n>{}</td></tr>",
            esc(t.stage),
            if t.summed_over_workers {
                " <small>(CPU, all threads)</small>"
            } else {
                ""
            },
            thousands(t.items),
            t.seconds,
            thousands(t.per_second.round() as u64)
        );
    }
    let _ = write!(
        s,
        r#"</table><p class="note">{} 核 cores, {} 个工作线程 worker threads; 开始时系统负载 load average at start: {}. 各阶段时间为线程实际占用 CPU 的时间（负载高时墙钟时间更长）。Per-stage times are the threads' time on a CPU, so they stay meaningful on a loaded machine; the wall time depends on the load.</p></section>"#,
        r.machine.cores,
        r.machine.threads,
        esc(r.machine.load_average.as_deref().unwrap_or("?")),
    );

    s.push_str(r#"<section><h2>输出文件 <span>Files written</span></h2><table><tr><th>文件 file</th><th>字节 bytes</th></tr>"#);
    for f in &r.files {
        let _ = write!(
            s,
            "<tr><td><code>{}</code></td><td class=n>{}</td></tr>",
            esc(f.name),
            thousands(f.bytes)
        );
    }
    s.push_str(r#"</table><p class="note">另有 also <code>statistics.json</code>, <code>statistics.csv</code>, <code>alerts.jsonl</code>, <code>report.json</code>, <code>report.csv</code>. 所有数据均为合成数据，不涉及真实个人。All data are synthetic.</p></section></main></body></html>"#);
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_numbers_grouped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn charts_are_inline_svg_with_one_bar_per_item() {
        let svg = hbars(
            &[
                ("食品类 food".to_owned(), 10, "(50%)".to_owned()),
                ("其他 other".to_owned(), 5, String::new()),
            ],
            "#000",
        );
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("食品类 food: 10"));
        let parts = stacked(&[("按期 met".to_owned(), 3), ("超期 missed".to_owned(), 1)]);
        assert!(parts.contains("按期 met 3 (75.00%)"));
    }
}
