//! `weiquan demo`: the whole of weiquan on synthetic Shijiazhuang complaints, in seconds.
//!
//! `weiquan demo [--count N] [--seed S] [--out DIR]` generates N complaints (about 1% broken
//! on purpose), then for each one: validates it, routes it to the body that handles it, opens
//! a case and plays a realistic lifecycle (acceptance, transfers, mediation, agreements, some
//! overdue, some paused for appraisal), assesses the money claimed, and counts it for the
//! anonymised statistics and the surge alerts. It then publishes the latest quarter's
//! CCA-style statistics (small cells withheld, audited), tests every business and category
//! for weekly surges, and writes a report. DIR receives:
//!
//! | file | content |
//! |---|---|
//! | `complaints.jsonl` | the valid complaints, as generated |
//! | `rejects.jsonl` | every rejected record: line, stage, errors (JSON pointers), raw text |
//! | `routes.jsonl` | one routing decision per complaint (body, rule, warnings) |
//! | `cases.jsonl` | one case summary per complaint (outcome, dates, deadlines met/missed) |
//! | `case-logs.jsonl` | the full hash-chained event logs of every 1000th case |
//! | `assessments.jsonl` | the proposed items and total of each money claim |
//! | `errors.jsonl` | library errors for single complaints (empty when all is well) |
//! | `statistics.json`, `statistics.csv` | the quarter's published CCA tables with their audit |
//! | `alerts.jsonl` | the surge alerts |
//! | `report.json`, `report.csv`, `report.html` | the report (one self-contained page) |
//!
//! Same seed, same outputs (apart from timings): the complaints are those of `weiquan
//! generate --count N --seed S --broken-per-mille 10`, generated in order by one thread;
//! each chunk of [`CHUNK`] complaints then goes through the whole pipeline on any worker,
//! with its randomness seeded from (seed, chunk number), each worker feeding its own
//! aggregates (merged at the end, sums only), and a writer keeping chunk order.
//!
//! The broken records are deliberate, so the exit status is 0 when everything was written
//! (2 for a usage or I/O error). Progress bars (one per stage) appear on a terminal only; the
//! summary table with each stage's time and throughput goes to standard error unless `--quiet`.
//! Figures and how to reproduce them: `docs/performance.md`.

#[path = "demo/html.rs"]
mod html;
#[path = "demo/pipeline.rs"]
mod pipeline;
#[path = "demo/report.rs"]
mod report;
#[path = "demo/totals.rs"]
mod totals;

use std::collections::BTreeMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget};
use weiquan_compensation::Policy;
use weiquan_routing::Router;
use weiquan_stats::alerts::{AlertConfig, WeeklyCounts};
use weiquan_stats::cca::{cca_group_by, report_of};
use weiquan_stats::{Aggregator, MonthSpan, SuppressionRules, TableSpec, protect};
use weiquan_synth::generate::{Generator, Rng};

use crate::batch::{self, CliError};
use crate::output::{AtomicFile, Mode};
use pipeline::{Chunk, Done, FILES, STAGES, Worker};
use totals::Totals;

/// Complaints per chunk of work.
pub const CHUNK: u64 = 2048;
/// Chunks generated but not yet written (bounds memory).
const IN_FLIGHT: usize = 8;
/// Deliberately broken records per thousand.
pub const BROKEN_PER_MILLE: u64 = 10;
/// The threshold below which published counts are withheld.
pub const K: u64 = 10;

/// Arguments of `weiquan demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many complaints (at least 1).
    #[arg(long, default_value_t = 100_000, value_parser = at_least_one)]
    count: u64,
    /// The seed: the same seed gives the same outputs (apart from timings).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The output directory (created if missing; its files are overwritten).
    #[arg(long, value_name = "DIR", default_value = "demo-out")]
    out: PathBuf,
    /// Worker threads (default: every core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// No progress bars and no summary table.
    #[arg(long)]
    quiet: bool,
}

/// `--count`: a whole number, at least 1, said in words a person reads (clap's range check
/// would print `0 is not in 1..18446744073709551615`).
fn at_least_one(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(0) => Err("--count must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "--count must be a whole number of complaints, at least 1 (got {s:?})"
        )),
    }
}

/// Creates the output directory, or says plainly why it cannot be one: the path is a file,
/// or a part of it is.
fn create_out_dir(dir: &Path) -> Result<(), CliError> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        return Err(usage(format!(
            "--out {shown} is a file, not a directory: give a directory for the demo's \
             files (it is created if missing)"
        )));
    }
    if let Some(file) = dir.ancestors().skip(1).find(|a| a.is_file()) {
        return Err(usage(format!(
            "--out {shown}: {} is a file, so the directory cannot be created there",
            file.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|source| {
        usage(format!(
            "--out {shown}: cannot create the output directory ({source})"
        ))
    })
}

/// One row of the timing table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StageTime {
    /// The stage.
    pub stage: &'static str,
    /// Items it handled.
    pub items: u64,
    /// Seconds spent (CPU time summed over workers for the per-complaint stages).
    pub seconds: f64,
    /// Items per second of that time.
    pub per_second: f64,
    /// Whether `seconds` is summed over the workers running in parallel.
    pub summed_over_workers: bool,
}

fn stage(stage: &'static str, items: u64, d: Duration, summed: bool) -> StageTime {
    let seconds = d.as_secs_f64();
    StageTime {
        stage,
        items,
        seconds,
        per_second: if seconds > 0.0 {
            items as f64 / seconds
        } else {
            0.0
        },
        summed_over_workers: summed,
    }
}

/// Runs `weiquan demo`.
pub fn run(args: Args) -> ExitCode {
    match demo(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

fn usage(e: impl std::fmt::Display) -> CliError {
    CliError::Usage(e.to_string())
}

/// Every file the demo writes into its directory, each locked before any work (see
/// `crate::output`).
const ALL_FILES: [&str; 6] = [
    "statistics.json",
    "statistics.csv",
    "alerts.jsonl",
    "report.json",
    "report.csv",
    "report.html",
];

fn create(dir: &Path, name: &str) -> Result<BufWriter<AtomicFile>, CliError> {
    AtomicFile::create(&dir.join(name), Mode::Shared).map(|f| BufWriter::with_capacity(1 << 20, f))
}

/// Writes one of the small files beside its target; the caller commits it with the others
/// once the whole run has succeeded, so a failed run leaves the previous run's files.
fn write_file(dir: &Path, name: &str, text: &str) -> Result<AtomicFile, CliError> {
    let path = dir.join(name);
    let mut f = AtomicFile::create(&path, Mode::Shared)?;
    f.write_all(text.as_bytes())
        .map_err(|source| CliError::Write {
            path: path.display().to_string(),
            source,
        })?;
    Ok(f)
}

/// The progress bars, one per stage, on a terminal only.
struct Bars {
    multi: MultiProgress,
    generate: ProgressBar,
    stages: Vec<ProgressBar>,
    write: ProgressBar,
}

impl Bars {
    fn new(total: u64, quiet: bool) -> Bars {
        let visible = !quiet && io::stderr().is_terminal();
        let multi = MultiProgress::with_draw_target(if visible {
            ProgressDrawTarget::stderr_with_hz(8)
        } else {
            ProgressDrawTarget::hidden()
        });
        let bar = |what: &str| {
            let b = batch::progress_items(Some(total), what, !visible);
            if visible { multi.add(b) } else { b }
        };
        let generate = bar("generate");
        let stages = STAGES.iter().map(|s| bar(s)).collect();
        let write = bar("write");
        Bars {
            multi,
            generate,
            stages,
            write,
        }
    }

    fn finish(&self) {
        for b in std::iter::once(&self.generate)
            .chain(&self.stages)
            .chain(std::iter::once(&self.write))
        {
            b.finish_and_clear();
        }
        let _ = self.multi.clear();
    }
}

/// Time on a CPU since `t` (when the thread's CPU time is readable), else the wall time.
fn on_cpu(t: Instant, cpu0: Option<Duration>) -> Duration {
    match (cpu0, pipeline::thread_cpu()) {
        (Some(a), Some(b)) => b.saturating_sub(a).min(t.elapsed()),
        _ => t.elapsed(),
    }
}

/// Generates the complaints in order, in chunks, exactly as `weiquan generate` writes them.
fn generate(
    count: u64,
    seed: u64,
    tx: &crossbeam_channel::Sender<Chunk>,
    tokens: &crossbeam_channel::Sender<()>,
    bar: &ProgressBar,
) -> Duration {
    let mut g = Generator::new(seed);
    let mut picker = Rng::new(seed ^ 0x0B0B);
    let mut busy = Duration::ZERO;
    let (mut seq, mut first) = (0u64, 0u64);
    while first < count {
        let n = CHUNK.min(count - first);
        let (t, cpu0) = (Instant::now(), pipeline::thread_cpu());
        let lines = (0..n)
            .map(|_| {
                if picker.below(1000) < BROKEN_PER_MILLE {
                    g.broken_json()
                } else {
                    g.next_generated().complaint.to_json()
                }
            })
            .collect();
        busy += on_cpu(t, cpu0);
        bar.inc(n);
        if tokens.send(()).is_err() || tx.send(Chunk { seq, first, lines }).is_err() {
            break;
        }
        seq += 1;
        first += n;
    }
    busy
}

/// Everything the run produced, merged.
struct Merged {
    totals: Totals,
    agg: Aggregator,
    weekly: WeeklyCounts,
    times: [Duration; 5],
    generate: Duration,
    write: Duration,
    bytes: [u64; 7],
    /// The pipeline's files, written but not yet in place.
    files: Vec<AtomicFile>,
}

fn pipeline(args: &Args, router: &Router, policy: &Policy) -> Result<Merged, CliError> {
    let threads = threads(args);
    let atoms = cca_group_by().with_month();
    let bars = Bars::new(args.count, args.quiet);
    let mut files = FILES
        .iter()
        .map(|f| create(&args.out, f))
        .collect::<Result<Vec<_>, _>>()?;
    let (chunk_tx, chunk_rx) = bounded::<Chunk>(IN_FLIGHT);
    let (done_tx, done_rx) = bounded::<Done>(IN_FLIGHT);
    let (token_tx, token_rx) = bounded::<()>(IN_FLIGHT);
    let mut bytes = [0u64; 7];
    let mut write_time = Duration::ZERO;

    let (gen_time, workers, written) = std::thread::scope(|s| {
        let gen_bar = bars.generate.clone();
        let (count, seed) = (args.count, args.seed);
        let generator = s.spawn(move || {
            let t = generate(count, seed, &chunk_tx, &token_tx, &gen_bar);
            drop(chunk_tx);
            t
        });
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let rx = chunk_rx.clone();
                let tx = done_tx.clone();
                let stage_bars = bars.stages.clone();
                let atoms = atoms.clone();
                s.spawn(move || {
                    let mut w = Worker::new(router, policy, args.seed, atoms);
                    for chunk in rx {
                        let before = w.totals.clone();
                        let done = w.chunk(chunk);
                        let passed = [
                            w.totals.read - before.read,
                            w.totals.valid - before.valid,
                            w.totals.cases() + w.totals.case_errors
                                - before.cases()
                                - before.case_errors,
                            w.totals.valid - before.valid,
                            w.totals.valid - before.valid,
                        ];
                        for (b, n) in stage_bars.iter().zip(passed) {
                            b.inc(n);
                        }
                        if tx.send(done).is_err() {
                            break;
                        }
                    }
                    w
                })
            })
            .collect();
        drop(chunk_rx);
        drop(done_tx);
        // Write in chunk order.
        let mut next = 0u64;
        let mut pending = BTreeMap::new();
        let mut result: Result<(), CliError> = Ok(());
        for d in done_rx.iter() {
            pending.insert(d.seq, d);
            while let Some(d) = pending.remove(&next) {
                let (t, cpu0) = (Instant::now(), pipeline::thread_cpu());
                let mut lines = 0;
                for ((f, buf), (n, name)) in files
                    .iter_mut()
                    .zip(&d.out.files)
                    .zip(bytes.iter_mut().zip(FILES))
                {
                    if result.is_ok()
                        && let Err(source) = f.write_all(buf)
                    {
                        result = Err(CliError::Write {
                            path: args.out.join(name).display().to_string(),
                            source,
                        });
                    }
                    *n += buf.len() as u64;
                }
                if let Some(b) = d.out.files.first() {
                    lines += memchr::memchr_iter(b'\n', b).count() as u64;
                }
                if let Some(b) = d.out.files.get(1) {
                    lines += memchr::memchr_iter(b'\n', b).count() as u64;
                }
                bars.write.inc(lines);
                write_time += on_cpu(t, cpu0);
                next += 1;
                let _ = token_rx.try_recv();
            }
            if result.is_err() {
                break;
            }
        }
        // After an error, drain so that the generator and the workers can finish.
        for _ in done_rx.iter() {
            let _ = token_rx.try_recv();
        }
        let workers: Vec<Worker<'_>> = handles.into_iter().filter_map(|h| h.join().ok()).collect();
        (generator.join().ok(), workers, result)
    });
    written?;
    let t = Instant::now();
    let mut written_files = Vec::with_capacity(files.len());
    for (f, name) in files.into_iter().zip(FILES) {
        written_files.push(f.into_inner().map_err(|e| CliError::Write {
            path: args.out.join(name).display().to_string(),
            source: e.into_error(),
        })?);
    }
    write_time += t.elapsed();
    bars.finish();
    let generate = gen_time.ok_or_else(|| usage("the generator stopped unexpectedly"))?;
    if workers.len() != threads {
        return Err(usage("a worker thread stopped unexpectedly"));
    }
    let mut m = Merged {
        totals: Totals::default(),
        agg: Aggregator::new(cca_group_by().with_month()),
        weekly: WeeklyCounts::new(),
        times: [Duration::ZERO; 5],
        generate,
        write: write_time,
        bytes,
        files: written_files,
    };
    for w in workers {
        m.totals.merge(w.totals);
        m.agg.merge(w.agg).map_err(usage)?;
        m.weekly.merge(w.weekly);
        for (a, b) in m.times.iter_mut().zip(w.times) {
            *a += b;
        }
    }
    Ok(m)
}

/// The latest quarter with data, as `2026-Q2`.
fn quarter_of(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
}

fn threads(args: &Args) -> usize {
    args.threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, 64)
}

fn demo(args: &Args) -> Result<(), CliError> {
    let started = Instant::now();
    let load_average = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    create_out_dir(&args.out)?;
    let outputs: Vec<PathBuf> = FILES
        .iter()
        .chain(&ALL_FILES)
        .map(|f| args.out.join(f))
        .collect();
    crate::output::claim(
        &[],
        &outputs.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    )?;
    let t = Instant::now();
    let router = Router::shijiazhuang().map_err(usage)?;
    let policy = Policy::default();
    let setup = t.elapsed();

    let mut m = pipeline(args, &router, &policy)?;
    let mut done = std::mem::take(&mut m.files);
    let mut timings = vec![stage("setup", 1, setup, false)];
    timings.push(stage("generate", m.totals.read, m.generate, false));
    let items = [
        m.totals.read,
        m.totals.valid + m.totals.rejected_unroutable,
        m.totals.cases() + m.totals.case_errors,
        m.totals.assessed + m.totals.assess_errors,
        m.totals.valid,
    ];
    for ((name, n), d) in STAGES.iter().zip(items).zip(m.times) {
        timings.push(stage(name, n, d, true));
    }
    timings.push(stage("write", m.totals.read, m.write, false));

    // Publish the latest quarter's CCA tables, audited.
    let t = Instant::now();
    let quarter = m
        .totals
        .days
        .map_or_else(|| "2026-Q2".to_owned(), |(_, last)| quarter_of(last));
    let span: MonthSpan = quarter.parse().map_err(usage)?;
    let spec = |s: &str| -> Result<TableSpec, CliError> {
        Ok(TableSpec {
            span: Some(span),
            ..TableSpec::new(s.parse().map_err(usage)?)
        })
    };
    let specs = [
        spec("problem_nature")?,
        spec("category=top")?,
        spec("category=major")?,
    ];
    let release = protect(&m.agg, &specs, &SuppressionRules::new(K), None)
        .map_err(|e| usage(format!("publishing the statistics was refused: {e}")))?;
    let cca = report_of(&release, Some(span)).map_err(usage)?;
    done.push(write_file(
        &args.out,
        "statistics.json",
        &(serde_json::to_string_pretty(&cca).map_err(usage)? + "\n"),
    )?);
    done.push(write_file(&args.out, "statistics.csv", &cca.to_csv())?);
    timings.push(stage("publish", m.agg.records(), t.elapsed(), false));

    // Surge alerts.
    let t = Instant::now();
    let config = AlertConfig::default();
    let mut alerts = m.weekly.alerts(&config).map_err(usage)?;
    alerts.alerts.sort_by(|a, b| {
        (
            a.week_start,
            serde_json::to_string(&a.series).unwrap_or_default(),
        )
            .cmp(&(
                b.week_start,
                serde_json::to_string(&b.series).unwrap_or_default(),
            ))
    });
    let mut buf = Vec::new();
    for a in &alerts.alerts {
        batch::push_json_line(&mut buf, a).map_err(|r| usage(format!("{:?}", r.errors)))?;
    }
    done.push(write_file(
        &args.out,
        "alerts.jsonl",
        &String::from_utf8_lossy(&buf),
    )?);
    timings.push(stage("alerts", alerts.tests, t.elapsed(), false));

    // The report.
    let t = Instant::now();
    let mut doc = report::build(report::Inputs {
        count: args.count,
        seed: args.seed,
        totals: &m.totals,
        quarter: &quarter,
        cca: &cca,
        alerts: &alerts,
        alpha: config.alpha,
        bytes: &m.bytes,
    });
    timings.push(stage("report", 1, t.elapsed(), false));
    let wall = started.elapsed();
    timings.push(stage("total (wall)", m.totals.read, wall, false));
    if let Some(cpu) = pipeline::process_cpu() {
        timings.push(stage("total (CPU)", m.totals.read, cpu, true));
    }
    doc.timings = timings.clone();
    doc.machine = report::Machine {
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        threads: threads(args),
        load_average,
    };
    let json = serde_json::to_string_pretty(&doc).map_err(usage)?;
    done.push(write_file(&args.out, "report.json", &(json + "\n"))?);
    done.push(write_file(&args.out, "report.csv", &report::to_csv(&doc))?);
    done.push(write_file(&args.out, "report.html", &html::render(&doc))?);
    // Everything was written: now each file takes its place.
    for f in done {
        f.commit()?;
    }

    if !args.quiet {
        print_summary(args, &m.totals, &timings, alerts.alerts.len());
        batch::say(format_args!(
            "({} worker threads on {} cores; load average at start {})",
            doc.machine.threads,
            doc.machine.cores,
            doc.machine.load_average.as_deref().unwrap_or("unknown")
        ));
    }
    Ok(())
}

fn print_summary(args: &Args, t: &Totals, timings: &[StageTime], alerts: usize) {
    let mut e = String::new();
    e.push_str(&format!(
        "{} complaints: {} valid, {} rejected ({} invalid, {} unroutable); {} cases, {} claims assessed, {} alerts\n",
        t.read,
        t.valid,
        t.rejected_invalid + t.rejected_unroutable,
        t.rejected_invalid,
        t.rejected_unroutable,
        t.cases(),
        t.assessed,
        alerts
    ));
    e.push_str(&format!(
        "{:<14} {:>10} {:>9} {:>12}\n",
        "stage", "items", "seconds", "items/s"
    ));
    for s in timings {
        e.push_str(&format!(
            "{:<14} {:>10} {:>9.3} {:>12.0}{}\n",
            s.stage,
            s.items,
            s.seconds,
            s.per_second,
            if s.summed_over_workers {
                "  (CPU, all threads)"
            } else {
                ""
            }
        ));
    }
    e.push_str(&format!(
        "report: {}\n",
        args.out.join("report.html").display()
    ));
    let _ = io::stderr().lock().write_all(e.as_bytes());
}
