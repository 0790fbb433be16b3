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
//! exactly as one run over all the input would (partials that overlap are refused). `--ledger
//! FILE --release-id ID` audits the release together with the earlier ones in the ledger and
//! appends it; the ledger is locked for the whole run and committed before the release is
//! written. `--epsilon` releases always go through a ledger (default
//! `weiquan-stats-ledger.json` in the output's directory) with a budget (`--epsilon-budget`).
//! Rejected lines and exit codes are those of `weiquan validate`; a release the audit cannot
//! make safe is refused (exit 2, nothing written).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use weiquan_complaint::DivisionCode;
use weiquan_stats::cca::{cca_group_by, report_of};
use weiquan_stats::{
    Aggregator, DpAggregator, DpQuery, EPSILON_RANGE, GroupBy, Keyer, LedgerFile, MonthSpan,
    OsRandom, PriorTable, PrivacyBudget, ProtectionRule, Ratio, RecordOptions, SuppressionRules,
    TableSpec, check_epsilon, parse_line, protect_with,
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
    /// The p% rule for money recovered: withhold a cell when all but its two largest
    /// consumers' amounts add up to less than P% of the largest (0: off).
    #[arg(long, value_name = "P", default_value_t = 10)]
    money_p: u32,
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
    /// Release with differential privacy, spending this epsilon (e.g. 1 or 0.5 or 1/3; from
    /// 1/1000 to 10). Needs a ledger with a budget (see --epsilon-budget).
    #[arg(long, value_name = "E")]
    epsilon: Option<String>,
    /// The total epsilon of the series, recorded in the ledger on first use (from 1/1000 to
    /// 20); a budget once set is not changed.
    #[arg(long, value_name = "B")]
    epsilon_budget: Option<String>,
    /// Records kept per consumer with --epsilon.
    #[arg(long, default_value_t = 1)]
    max_contributions: u32,
    /// Region codes of the domain with --epsilon (default: Shijiazhuang's 22 county units).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    regions: Vec<String>,
    /// A release ledger: audit with its earlier releases, then append this one (locked for
    /// the run; created on first use). With --epsilon the default is
    /// weiquan-stats-ledger.json in the output's directory.
    #[arg(long, value_name = "FILE")]
    ledger: Option<PathBuf>,
    /// This release's identifier in the ledger (e.g. 2025-Q3); with --epsilon the default is
    /// `dp-N`, N the next release number.
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
    /// The consumer key: a file of 64 hexadecimal digits (a 256-bit HMAC key), created with
    /// mode 0600 when it does not exist. Needed with --partial, so that partials made by
    /// separate runs recognise the same consumer; without it a run uses a fresh key that is
    /// never written.
    #[arg(long, value_name = "FILE")]
    consumer_key: Option<PathBuf>,
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

/// A statistics error in both languages, with its code.
fn stats_error(e: &weiquan_stats::Error) -> CliError {
    CliError::Usage(format!("{e} [{}]\n{}", e.code(), e.message_zh()))
}

/// The name of the default ledger of differentially private releases.
const DEFAULT_LEDGER: &str = "weiquan-stats-ledger.json";

/// Reads the consumer key file, or creates it (mode 0600, refusing to replace a file that
/// appeared meanwhile) with a fresh random key.
fn consumer_key(path: &Path) -> Result<Keyer, CliError> {
    let read_err = |source| CliError::Read {
        path: path.display().to_string(),
        source,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let t = text.trim();
            let bytes: Option<Vec<u8>> = (t.len() == 64)
                .then(|| {
                    (0..32)
                        .map(|i| {
                            t.get(2 * i..2 * i + 2)
                                .and_then(|h| u8::from_str_radix(h, 16).ok())
                        })
                        .collect()
                })
                .flatten();
            let Some(bytes) = bytes else {
                return Err(usage(format!(
                    "{}: a consumer key is 64 hexadecimal digits (256 bits) [stats.key_format]\n\
                     {}：消费者密钥应为64位十六进制数（256位）",
                    path.display(),
                    path.display()
                )));
            };
            Ok(Keyer::with_secret(&bytes))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret).map_err(|e| usage(format!("random source: {e}")))?;
            let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let write_err = |source| CliError::Write {
                path: path.display().to_string(),
                source,
            };
            let mut f = options.open(path).map_err(write_err)?;
            f.write_all(format!("{hex}\n").as_bytes())
                .and_then(|()| f.sync_all())
                .map_err(write_err)?;
            eprintln!(
                "weiquan: created the consumer key {} (mode 0600): keep it apart from the data \
                 and the partials / 已创建消费者密钥文件（权限0600），请与数据和部分汇总分开保管",
                path.display()
            );
            Ok(Keyer::with_secret(&secret))
        }
        Err(e) => Err(read_err(e)),
    }
}

/// Opens a ledger under its lock, waiting (and saying so) while another release holds it.
fn open_ledger(path: &Path) -> Result<LedgerFile, CliError> {
    match LedgerFile::open(path, false) {
        Err(weiquan_stats::Error::LedgerLocked { .. }) => {
            eprintln!(
                "weiquan: waiting for the ledger {} (another release holds it) / 等待账本解锁",
                path.display()
            );
            LedgerFile::open(path, true).map_err(|e| stats_error(&e))
        }
        other => other.map_err(|e| stats_error(&e)),
    }
}

/// Everything decided from the arguments before reading any data.
struct Plan {
    by: GroupBy,
    atoms: GroupBy,
    span: Option<MonthSpan>,
    rules: SuppressionRules,
    epsilon: Option<Ratio>,
    /// The ledger, locked from here until the release is written.
    ledger: Option<LedgerFile>,
}

fn plan(a: &ReleaseArgs, out: Option<&PathBuf>) -> Result<Plan, CliError> {
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
        money_p: a.money_p,
    };
    let epsilon = a
        .epsilon
        .as_deref()
        .map(str::parse::<Ratio>)
        .transpose()
        .map_err(usage)?;
    if let Some(e) = epsilon {
        check_epsilon(e, EPSILON_RANGE).map_err(|e| stats_error(&e))?;
    }
    if epsilon.is_some() && a.cca_report {
        return Err(usage("--epsilon and --cca-report cannot be combined"));
    }
    let budget = a
        .epsilon_budget
        .as_deref()
        .map(str::parse::<Ratio>)
        .transpose()
        .map_err(usage)?;
    if budget.is_some() && epsilon.is_none() {
        return Err(usage("--epsilon-budget goes with --epsilon"));
    }
    if epsilon.is_some() && span.is_none() {
        return Err(usage(
            "--epsilon needs --span: the months are part of the domain fixed in advance",
        ));
    }
    if epsilon.is_none() && a.ledger.is_some() && a.release_id.is_none() {
        return Err(usage(
            "--ledger needs --release-id (this release's identifier)",
        ));
    }
    // A differentially private release always spends from a ledger: the one given, else the
    // default one in the output's directory.
    let ledger_path = match (&a.ledger, epsilon) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(_)) => {
            let dir = out
                .and_then(|o| o.parent())
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            Some(dir.join(DEFAULT_LEDGER))
        }
        (None, None) => None,
    };
    // Refused before anything is created: a first release with no budget to start from.
    if let (Some(p), Some(_), None) = (&ledger_path, epsilon, budget)
        && !p.exists()
    {
        return Err(stats_error(&weiquan_stats::Error::BudgetMissing {
            ledger: p.display().to_string(),
        }));
    }
    let mut ledger = match &ledger_path {
        Some(p) => Some(open_ledger(p)?),
        None => None,
    };
    if let (Some(l), Some(_)) = (&mut ledger, epsilon) {
        if let Some(b) = budget {
            l.ledger_mut().set_budget(b).map_err(|e| stats_error(&e))?;
        }
        if l.ledger().epsilon_limit.is_none() {
            return Err(stats_error(&weiquan_stats::Error::BudgetMissing {
                ledger: l.path().display().to_string(),
            }));
        }
    }
    let base = if a.cca_report {
        cca_group_by()
    } else {
        by.clone()
    };
    let mut atoms = base.with_month();
    for g in ledger.iter().flat_map(|l| l.ledger().groupings()) {
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

/// Writes the release (or partial) whole: to standard output, or to a file renamed into
/// place (`crate::output`), so a refused or failed release leaves an existing file as it was.
fn write_out(path: Option<&PathBuf>, text: &str) -> Result<(), CliError> {
    let mut w = batch::open_output(path)?;
    let name = w.shown().to_owned();
    w.write_all(text.as_bytes())
        .and_then(|()| w.write_all(b"\n"))
        .map_err(|source| CliError::Write { path: name, source })?;
    w.commit()
}

/// A release the rules refuse, in both languages with its code.
fn refused(e: weiquan_stats::Error) -> CliError {
    CliError::Usage(format!(
        "release refused: {e} [{}]\n发布被拒绝：{}",
        e.code(),
        e.message_zh()
    ))
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
    let prior = match &plan.ledger {
        Some(l) => PriorTable::from_ledger(l.ledger(), agg.group_by()).map_err(refused)?,
        None => Vec::new(),
    };
    // `try_`: NaN, a negative limit or one too large for a `Duration` (1e30) is refused,
    // never a panic.
    let time_limit = match a.audit_time_limit {
        None => None,
        Some(t) => Some(
            std::time::Duration::try_from_secs_f64(t)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| usage("--audit-time-limit must be a positive number of seconds"))?,
        ),
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
        // Not for publication: written whole, never over --out (checked above).
        write_out(Some(path), &rel.audit_report_json().map_err(usage)?)?;
    }
    // The ledger entry is committed (written whole, synced) before the release is written:
    // a crash in between leaves an entry for a release not published, never the reverse.
    if let (Some(ledger), Some(rel)) = (plan.ledger.as_mut(), record) {
        let id = a.release_id.as_deref().unwrap_or_default();
        ledger.ledger_mut().record(id, &rel).map_err(refused)?;
        ledger.commit().map_err(|e| stats_error(&e))?;
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
    let Some(ledger) = plan.ledger.as_mut() else {
        return Err(usage("a differentially private release needs a ledger"));
    };
    ledger.ledger().check_budget(epsilon).map_err(refused)?;
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
    let id = a
        .release_id
        .clone()
        .unwrap_or_else(|| format!("dp-{}", ledger.ledger().releases.len() + 1));
    ledger.ledger_mut().record_dp(&id, &rel).map_err(refused)?;
    // Committed before the release is written (see `release`).
    ledger.commit().map_err(|e| stats_error(&e))?;
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
    // The audit report is an output like --out: never an input, locked, compared by file.
    let inputs: Vec<&std::path::Path> = args
        .release
        .ledger
        .as_deref()
        .into_iter()
        .chain(args.consumer_key.as_deref())
        .collect();
    let outputs: Vec<&std::path::Path> = args.release.audit_out.as_deref().into_iter().collect();
    batch::claim_with(&args.io, &inputs, &outputs)?;
    if args.partial && args.release.epsilon.is_some() {
        return Err(usage(
            "--partial cannot be combined with --epsilon: partials keep no record to bound \
             contributions",
        ));
    }
    if args.partial && args.consumer_key.is_none() {
        return Err(usage(
            "--partial needs --consumer-key FILE: partials made by separate runs must key \
             consumers alike to count them once (the file is created on first use, mode 0600; \
             keep it apart from the data and the partials) [stats.key_missing]\n\
             --partial 须配合 --consumer-key 文件：分别生成的部分汇总须用同一密钥识别消费者",
        ));
    }
    let mut plan = plan(&args.release, args.io.out.as_ref())?;
    // k counts distinct consumers, so every run keys them: with the key file, or a fresh
    // secret per run that is never stored (pseudonyms of two runs cannot be linked).
    let keyer = match &args.consumer_key {
        Some(p) => consumer_key(p)?,
        None => Keyer::random().map_err(|e| stats_error(&e))?,
    };
    let query = match plan.epsilon {
        Some(e) => Some(dp_query(&plan, &args.release, e)?),
        None => None,
    };
    let options = RecordOptions {
        keyer: Some(&keyer),
        ..RecordOptions::default()
    };
    let cap = plan.rules.k;
    let mut make_error = None;
    let (workers, summary) = batch::run_counting(&args.io, "stats", "counted", || Worker {
        agg: Aggregator::new(plan.atoms.clone())
            .with_consumer_cap(cap)
            .with_key(&keyer),
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
    let mut agg = Aggregator::new(plan.atoms.clone())
        .with_consumer_cap(cap)
        .with_key(&keyer);
    let mut dp: Option<DpAggregator> = None;
    for w in workers {
        agg.merge(w.agg).map_err(|e| stats_error(&e))?;
        if let Some(d) = w.dp {
            match &mut dp {
                Some(all) => all.merge(d).map_err(usage)?,
                None => dp = Some(d),
            }
        }
    }
    if agg.conflicts() > 0 {
        return Err(stats_error(&weiquan_stats::Error::DuplicateConflict {
            ids: agg.conflicts(),
        }));
    }
    let out = args.io.out.as_ref();
    if args.partial {
        // The digest of the input file names it in the partial, so that merging the same
        // input twice is refused; standard input has no such name (its complaint keys still
        // refuse any overlap).
        if args.io.input != "-" {
            let digest = std::fs::File::open(&args.io.input)
                .and_then(Aggregator::digest_reader)
                .map_err(|source| CliError::Read {
                    path: args.io.input.clone(),
                    source,
                })?;
            agg.add_input(digest);
        }
        write_out(out, &agg.to_partial_json())?;
    } else if let (Some(e), Some(d)) = (plan.epsilon, &dp) {
        dp_release(d, &mut plan, &args.release, e, out)?;
    } else {
        release(&agg, &mut plan, &args.release, out, args.io.quiet)?;
    }
    Ok(())
}

fn run_merge(args: &MergeArgs) -> Result<ExitCode, CliError> {
    let inputs: Vec<&std::path::Path> = args
        .partials
        .iter()
        .map(PathBuf::as_path)
        .chain(args.release.ledger.as_deref())
        .collect();
    let outputs: Vec<&std::path::Path> = args
        .out
        .as_deref()
        .into_iter()
        .chain(args.release.audit_out.as_deref())
        .collect();
    crate::output::claim(&inputs, &outputs)?;
    let mut plan = plan(&args.release, args.out.as_ref())?;
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
            Some(m) => m.merge(a).map_err(|e| {
                usage(format!(
                    "{}: {e} [{}]\n{}：{}",
                    p.display(),
                    e.code(),
                    p.display(),
                    e.message_zh()
                ))
            })?,
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
