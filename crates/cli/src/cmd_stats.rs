//! `weiquan stats`: anonymised statistics, safe to publish.
//!
//! `weiquan stats FILE|- [--by period=quarter,region=county,category=major] [--k 10]
//! [--epsilon E] [--format json|csv] [--cca-report] [--partial]` reads complaints as JSON
//! Lines — complaint documents, or case summaries `{"schema_version":1,"complaint":{...},
//! "outcome":{"state":"resolved","recovered":"120.00","handling_days":6}}` — on every core,
//! each worker aggregating its share, and writes one JSON document (or CSV): the table with
//! every margin, every withheld cell marked `withheld` (one status whatever the reason), and
//! the audit's verdict; `--audit-out FILE` writes the reasons, true counts and certified
//! intervals to a separate file that is not for publication. `--partial` writes the partial aggregate instead, and `weiquan stats
//! merge P1 P2 ...` merges partials (from other processes or machines) and releases them
//! exactly as one run over all the input would. `--ledger FILE --release-id ID` audits the
//! release together with the earlier ones in the ledger and appends it. Rejected lines and
//! exit codes are those of `weiquan validate`; a release the audit cannot make safe is
//! refused (exit 2, nothing written).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use weiquan_complaint::DivisionCode;
use weiquan_stats::cca::{cca_group_by, report_of};
use weiquan_stats::{
    Aggregator, DpAggregator, DpQuery, GroupBy, Keyer, Ledger, MonthSpan, OsRandom, PriorTable,
    PrivacyBudget, ProtectionRule, Ratio, RecordOptions, SuppressionRules, TableSpec, parse_line,
    protect_with,
};
use weiquan_synth::generate::CONSUMER_DIVISIONS;

use crate::batch::{self, CliError, IoArgs, LineWorker, Reject};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document.
    Json,
    /// Comma-separated values with a header.
    Csv,
}

/// The protection rule for withheld cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Rule {
    /// The interval must be at least `--min-width` (default k) and `--percent`% of the value wide.
    Width,
    /// The interval must contain every value from 0 to k-1.
    CoversSmall,
}

/// What to release and how to protect it (shared by `stats` and `stats merge`).
#[derive(Debug, Clone, clap::Args)]
pub struct ReleaseArgs {
    /// Dimensions: period=month|quarter|year, region=county|prefecture|province,
    /// category=top|major|minor, problem_nature, channel, consumer_group, outcome.
    #[arg(
        long,
        value_name = "SPEC",
        default_value = "period=quarter,region=county,category=major"
    )]
    by: String,
    /// Months to cover, e.g. 2025-07..2026-06 or 2025-Q3 (default: all the data).
    #[arg(long, value_name = "FROM..TO")]
    span: Option<String>,
    /// Threshold: counts below k are withheld.
    #[arg(long, default_value_t = 10)]
    k: u64,
    /// The audit's rule for withheld cells.
    #[arg(long, value_enum, default_value_t = Rule::Width)]
    protection: Rule,
    /// Smallest interval width for --protection width (default: k).
    #[arg(long, value_name = "N")]
    min_width: Option<u64>,
    /// Interval width relative to the value, in percent, for --protection width.
    #[arg(long, default_value_t = 0)]
    percent: u32,
    /// Withhold zero counts too (then a withheld cell may be empty; without it every
    /// withheld cell is known to hold at least one complaint, and the audit assumes so).
    #[arg(long)]
    protect_zeros: bool,
    /// The largest component of the audit's program (unknowns).
    #[arg(long, default_value_t = 5000)]
    max_audit_variables: u32,
    /// Refuse the release if suppression and audit take longer than this (never publish
    /// unaudited).
    #[arg(long, value_name = "SECONDS")]
    audit_time_limit: Option<f64>,
    /// Write the audit report here: why each cell was withheld, its true count and its
    /// certified interval. NOT FOR PUBLICATION.
    #[arg(long, value_name = "FILE")]
    audit_out: Option<PathBuf>,
    /// Write the CCA's report tables (by problem nature, goods and service categories).
    #[arg(long)]
    cca_report: bool,
    /// Release with differential privacy, spending this epsilon (e.g. 1 or 0.5 or 1/3).
    #[arg(long, value_name = "E")]
    epsilon: Option<String>,
    /// Records kept per consumer with --epsilon.
    #[arg(long, default_value_t = 1)]
    max_contributions: u32,
    /// Region codes of the domain with --epsilon (default: Shijiazhuang's 22 county units).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    regions: Vec<String>,
    /// A release ledger: audit with its earlier releases, then append this one.
    #[arg(long, value_name = "FILE", requires = "release_id")]
    ledger: Option<PathBuf>,
    /// This release's identifier in the ledger (e.g. 2025-Q3).
    #[arg(long, value_name = "ID")]
    release_id: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

/// `weiquan stats merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Partial aggregates written by `weiquan stats --partial`.
    #[arg(value_name = "PARTIAL", required = true)]
    partials: Vec<PathBuf>,
    #[command(flatten)]
    release: Box<ReleaseArgs>,
    /// Write the merged partial instead of releasing it.
    #[arg(long)]
    partial: bool,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Subcommands of `weiquan stats`.
#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Merge partial aggregates and release them.
    Merge(MergeArgs),
}

/// Arguments of `weiquan stats`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    sub: Option<Sub>,
    #[command(flatten)]
    io: IoArgs,
    #[command(flatten)]
    release: Box<ReleaseArgs>,
    /// Write the partial aggregate (to merge later) instead of releasing.
    #[arg(long)]
    partial: bool,
}

struct Worker<'k> {
    agg: Aggregator,
    dp: Option<DpAggregator>,
    options: RecordOptions<'k>,
}

impl LineWorker for Worker<'_> {
    fn line(&mut self, line: &str, _out: &mut Vec<u8>) -> Result<(), Reject> {
        let r = parse_line(line, self.options).map_err(stats_reject)?;
        self.agg.add(&r).map_err(stats_reject)?;
        if let Some(dp) = &mut self.dp {
            dp.add(&r).map_err(stats_reject)?;
        }
        Ok(())
    }
}

fn stats_reject(e: weiquan_stats::Error) -> Reject {
    match e {
        weiquan_stats::Error::Invalid(errs) => Reject::from(errs.0),
        other => Reject::one(other.code(), other.to_string(), other.message_zh()),
    }
}

fn usage(e: impl std::fmt::Display) -> CliError {
    CliError::Usage(e.to_string())
}

/// Everything decided from the arguments before reading any data.
struct Plan {
    by: GroupBy,
    atoms: GroupBy,
    span: Option<MonthSpan>,
    rules: SuppressionRules,
    epsilon: Option<Ratio>,
    ledger: Option<Ledger>,
}

fn plan(a: &ReleaseArgs) -> Result<Plan, CliError> {
    let by: GroupBy = a.by.parse().map_err(usage)?;
    let span = a
        .span
        .as_deref()
        .map(str::parse::<MonthSpan>)
        .transpose()
        .map_err(usage)?;
    if a.k == 0 {
        return Err(usage("--k must be at least 1"));
    }
    let rules = SuppressionRules {
        k: a.k,
        protection: match a.protection {
            Rule::Width => ProtectionRule::Width {
                min_width: a.min_width.unwrap_or(a.k),
                percent: a.percent,
            },
            Rule::CoversSmall => ProtectionRule::CoversSmall,
        },
        protect_zeros: a.protect_zeros,
        max_audit_variables: a.max_audit_variables,
    };
    let epsilon = a
        .epsilon
        .as_deref()
        .map(str::parse::<Ratio>)
        .transpose()
        .map_err(usage)?;
    if epsilon.is_some_and(|e| !e.is_positive()) {
        return Err(usage("--epsilon must be positive"));
    }
    if epsilon.is_some() && a.cca_report {
        return Err(usage("--epsilon and --cca-report cannot be combined"));
    }
    let ledger = match &a.ledger {
        None => None,
        Some(p) if p.exists() => {
            let text = std::fs::read_to_string(p).map_err(|source| CliError::Read {
                path: p.display().to_string(),
                source,
            })?;
            Some(Ledger::from_json(&text).map_err(|e| usage(format!("{}: {e}", p.display())))?)
        }
        Some(_) => Some(Ledger::new()),
    };
    let base = if a.cca_report {
        cca_group_by()
    } else {
        by.clone()
    };
    let mut atoms = base.with_month();
    for g in ledger.iter().flat_map(Ledger::groupings) {
        atoms = atoms.union(&g);
    }
    Ok(Plan {
        by,
        atoms,
        span,
        rules,
        epsilon,
        ledger,
    })
}

fn write_out(path: Option<&PathBuf>, text: &str) -> Result<(), CliError> {
    let mut w = batch::open_output(path)?;
    let name = path.map_or_else(|| "standard output".into(), |p| p.display().to_string());
    w.write_all(text.as_bytes())
        .and_then(|()| w.write_all(b"\n"))
        .and_then(|()| w.flush())
        .map_err(|source| CliError::Write { path: name, source })
}

fn save_ledger(path: &PathBuf, ledger: &Ledger) -> Result<(), CliError> {
    let text = ledger.to_json().map_err(usage)?;
    let tmp = path.with_extension("tmp");
    let err = |source| CliError::Write {
        path: path.display().to_string(),
        source,
    };
    std::fs::write(&tmp, text + "\n").map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

/// Writes a file whole (beside itself, then renamed over).
fn write_whole(path: &PathBuf, text: &str) -> Result<(), CliError> {
    let err = |source| CliError::Write {
        path: path.display().to_string(),
        source,
    };
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(name);
    std::fs::write(&tmp, format!("{text}\n")).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

/// Suppression and audit with the ledger's earlier tables, the time limit and a progress
/// line on standard error.
fn protect_release(
    agg: &Aggregator,
    specs: &[TableSpec],
    plan: &Plan,
    a: &ReleaseArgs,
    quiet: bool,
) -> Result<weiquan_stats::Release, CliError> {
    let refused = |e: weiquan_stats::Error| CliError::Usage(format!("release refused: {e}"));
    let prior = match &plan.ledger {
        Some(l) => PriorTable::from_ledger(l, agg.group_by()).map_err(refused)?,
        None => Vec::new(),
    };
    let time_limit = match a.audit_time_limit {
        Some(t) if t.is_finite() && t > 0.0 => Some(std::time::Duration::from_secs_f64(t)),
        Some(_) => {
            return Err(usage(
                "--audit-time-limit must be a positive number of seconds",
            ));
        }
        None => None,
    };
    let bar = batch::progress_items(None, "audit", quiet);
    let show = |p: &weiquan_stats::AuditProgress| {
        bar.set_position(p.solves);
        bar.set_message(format!(
            "round {}, {}/{} checked, {} withheld",
            p.round, p.checked, p.targets, p.withheld
        ));
    };
    let control = weiquan_stats::AuditControl {
        time_limit,
        progress: Some(&show),
    };
    let rel = protect_with(agg, specs, &plan.rules, &prior, &control).map_err(refused);
    bar.finish_and_clear();
    rel
}

/// Protects and writes a release (or a CCA report) from the atom-level aggregate.
fn release(
    agg: &Aggregator,
    plan: &mut Plan,
    a: &ReleaseArgs,
    out: Option<&PathBuf>,
    quiet: bool,
) -> Result<(), CliError> {
    if a.audit_out.is_some() && a.audit_out.as_ref() == out {
        return Err(usage(
            "--audit-out must differ from --out: the audit report is not for publication",
        ));
    }
    let (text, record): (String, Option<weiquan_stats::Release>) = if a.cca_report {
        let spec = |s: &str| -> Result<TableSpec, CliError> {
            Ok(TableSpec {
                span: plan.span,
                ..TableSpec::new(s.parse().map_err(usage)?)
            })
        };
        let specs = [
            spec("problem_nature")?,
            spec("category=top")?,
            spec("category=major")?,
        ];
        let rel = protect_release(agg, &specs, plan, a, quiet)?;
        let report = report_of(&rel, plan.span).map_err(usage)?;
        let text = match a.format {
            Format::Json => serde_json::to_string(&report).map_err(usage)?,
            Format::Csv => report.to_csv(),
        };
        (text, Some(rel))
    } else {
        let spec = TableSpec {
            span: plan.span,
            ..TableSpec::new(plan.by.clone())
        };
        let rel = protect_release(agg, &[spec], plan, a, quiet)?;
        let text = match a.format {
            Format::Json => serde_json::to_string(&rel.to_out().map_err(usage)?).map_err(usage)?,
            Format::Csv => rel.to_csv().map_err(usage)?,
        };
        (text, Some(rel))
    };
    if let (Some(path), Some(rel)) = (&a.audit_out, &record) {
        write_whole(path, &rel.audit_report_json().map_err(usage)?)?;
    }
    if let (Some(path), Some(ledger), Some(rel)) = (&a.ledger, plan.ledger.as_mut(), record) {
        let id = a.release_id.as_deref().unwrap_or_default();
        ledger.record(id, &rel).map_err(usage)?;
        write_out(out, text.trim_end())?;
        return save_ledger(path, ledger);
    }
    write_out(out, text.trim_end())
}

fn dp_release(
    dp: &DpAggregator,
    plan: &mut Plan,
    a: &ReleaseArgs,
    epsilon: Ratio,
    out: Option<&PathBuf>,
) -> Result<(), CliError> {
    let refused = |e: weiquan_stats::Error| CliError::Usage(format!("release refused: {e}"));
    if let Some(l) = &plan.ledger {
        l.check_budget(epsilon).map_err(refused)?;
    }
    let mut budget = PrivacyBudget::new(epsilon).map_err(usage)?;
    let rel = dp
        .release(&mut budget, &mut OsRandom::new())
        .map_err(refused)?;
    let doc = rel.to_out();
    let text = match a.format {
        Format::Json => serde_json::to_string(&doc).map_err(usage)?,
        Format::Csv => {
            let dims: Vec<&str> = doc
                .group_by
                .dims()
                .iter()
                .map(|d| d.kind().name())
                .collect();
            let mut s = format!("{},status,count,resolved,recovered\n", dims.join(","));
            for c in &doc.cells {
                for d in &dims {
                    s.push_str(c.key.get(d).map_or("", String::as_str));
                    s.push(',');
                }
                s.push_str(&format!(
                    "noisy,{},{},{}\n",
                    c.count,
                    c.resolved.map(|r| r.to_string()).unwrap_or_default(),
                    c.recovered.clone().unwrap_or_default()
                ));
            }
            s
        }
    };
    if let (Some(path), Some(ledger)) = (&a.ledger, plan.ledger.as_mut()) {
        let id = a.release_id.as_deref().unwrap_or_default();
        ledger.record_dp(id, &rel).map_err(refused)?;
        write_out(out, text.trim_end())?;
        return save_ledger(path, ledger);
    }
    write_out(out, text.trim_end())
}

fn dp_query(plan: &Plan, a: &ReleaseArgs, epsilon: Ratio) -> Result<DpQuery, CliError> {
    let span = plan.span.ok_or_else(|| {
        usage("--epsilon needs --span: the months are part of the domain fixed in advance")
    })?;
    let regions: Vec<DivisionCode> = if a.regions.is_empty() {
        CONSUMER_DIVISIONS
            .iter()
            .filter_map(|d| DivisionCode::new(d.0))
            .collect()
    } else {
        a.regions
            .iter()
            .map(|r| r.parse::<DivisionCode>().map_err(usage))
            .collect::<Result<_, _>>()?
    };
    let q = DpQuery::new(plan.by.clone(), span, regions, epsilon).map_err(usage)?;
    Ok(DpQuery {
        max_contributions: a.max_contributions,
        ..q
    })
}

fn run_stats(args: &Args, counted: &mut Option<batch::Summary>) -> Result<(), CliError> {
    let mut plan = plan(&args.release)?;
    if args.partial && plan.epsilon.is_some() {
        return Err(usage(
            "--partial cannot be combined with --epsilon: partials hold no pseudonyms",
        ));
    }
    // A fresh secret per run, never stored: pseudonyms of two runs cannot be linked.
    let keyer = match plan.epsilon {
        Some(_) => Some(Keyer::random().map_err(usage)?),
        None => None,
    };
    let query = match plan.epsilon {
        Some(e) => Some(dp_query(&plan, &args.release, e)?),
        None => None,
    };
    let options = RecordOptions {
        keyer: keyer.as_ref(),
        ..RecordOptions::default()
    };
    let mut make_error = None;
    let (workers, summary) = batch::run(&args.io, "stats", "counted", || Worker {
        agg: Aggregator::new(plan.atoms.clone()),
        dp: query.clone().and_then(|q| match DpAggregator::new(q) {
            Ok(d) => Some(d),
            Err(e) => {
                make_error = Some(e);
                None
            }
        }),
        options,
    })?;
    *counted = Some(summary);
    if let Some(e) = make_error {
        return Err(usage(e));
    }
    let mut agg = Aggregator::new(plan.atoms.clone());
    let mut dp: Option<DpAggregator> = None;
    for w in workers {
        agg.merge(w.agg).map_err(usage)?;
        if let Some(d) = w.dp {
            match &mut dp {
                Some(all) => all.merge(d).map_err(usage)?,
                None => dp = Some(d),
            }
        }
    }
    let out = args.io.out.as_ref();
    if args.partial {
        write_out(out, &agg.to_partial_json())?;
    } else if let (Some(e), Some(d)) = (plan.epsilon, &dp) {
        dp_release(d, &mut plan, &args.release, e, out)?;
    } else {
        release(&agg, &mut plan, &args.release, out, args.io.quiet)?;
    }
    Ok(())
}

fn run_merge(args: &MergeArgs) -> Result<ExitCode, CliError> {
    let mut plan = plan(&args.release)?;
    if plan.epsilon.is_some() {
        return Err(usage(
            "stats merge cannot add noise: partials hold no pseudonyms to bound contributions",
        ));
    }
    let mut merged: Option<Aggregator> = None;
    for p in &args.partials {
        let text = std::fs::read_to_string(p).map_err(|source| CliError::Read {
            path: p.display().to_string(),
            source,
        })?;
        let a = Aggregator::from_partial_json(text.trim())
            .map_err(|e| usage(format!("{}: {e}", p.display())))?;
        match &mut merged {
            None => merged = Some(a),
            Some(m) => m
                .merge(a)
                .map_err(|e| usage(format!("{}: {e}", p.display())))?,
        }
    }
    let Some(agg) = merged else {
        return Err(usage("no partial given"));
    };
    if args.partial {
        write_out(args.out.as_ref(), &agg.to_partial_json())?;
        return Ok(ExitCode::SUCCESS);
    }
    // Release from the partials' grouping, which must refine what is asked.
    plan.atoms = agg.group_by().clone();
    release(&agg, &mut plan, &args.release, args.out.as_ref(), false)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `weiquan stats` or `weiquan stats merge`.
pub fn run(args: Args) -> ExitCode {
    match &args.sub {
        Some(Sub::Merge(m)) => run_merge(m).unwrap_or_else(|e| e.report()),
        None => {
            // The counts are known once the input is read, even if the release is then
            // refused: --summary reports both.
            let mut counted = None;
            let result = run_stats(&args, &mut counted);
            batch::finish(&args.io, "stats", counted, result)
        }
    }
}
