//! `weiquan alerts`: weekly surges of complaints about a business or a category.
//!
//! `weiquan alerts FILE|-` reads complaints as JSON Lines (as `weiquan stats` does), counts
//! them per week for every business (unified social credit code, or normalised name) and
//! every major category, and writes one JSON line per week flagged as a surge: the business
//! or category, the week, its count, the baseline weeks' counts, the p-value and the test
//! (a one-sided conditional binomial test against the trailing weeks; see
//! `weiquan_stats::alerts`). Only businesses and categories are named, never a consumer.
//! Rejects and exit codes are those of `weiquan validate`.

use std::io::Write;
use std::process::ExitCode;

use weiquan_stats::alerts::{AlertConfig, WeeklyCounts};
use weiquan_stats::{Ratio, RecordOptions, parse_line};

use crate::batch::{self, CliError, IoArgs, LineWorker, Reject};

/// Arguments of `weiquan alerts`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    io: IoArgs,
    /// Weeks of baseline before the week tested.
    #[arg(long, default_value_t = 8)]
    baseline_weeks: u32,
    /// Significance level: the false-positive rate of each test is at most this.
    #[arg(long, default_value = "1/1000")]
    alpha: String,
    /// The smallest weekly count that can raise an alert.
    #[arg(long, default_value_t = 5)]
    min_count: u64,
}

struct Worker {
    counts: WeeklyCounts,
}

impl LineWorker for Worker {
    fn line(&mut self, line: &str, _out: &mut Vec<u8>) -> Result<(), Reject> {
        let options = RecordOptions {
            business: true,
            ..RecordOptions::default()
        };
        match parse_line(line, options) {
            Ok(r) => {
                self.counts.add(&r);
                Ok(())
            }
            Err(weiquan_stats::Error::Invalid(errs)) => Err(Reject::from(errs.0)),
            Err(e) => Err(Reject::one(e.code(), e.to_string(), e.to_string())),
        }
    }
}

fn alerts(args: &Args, counted: &mut Option<batch::Summary>) -> Result<(), CliError> {
    let alpha: Ratio = args
        .alpha
        .parse()
        .map_err(|e| CliError::Usage(format!("--alpha: {e}")))?;
    let config = AlertConfig {
        baseline_weeks: args.baseline_weeks,
        alpha,
        min_count: args.min_count,
    };
    // Check the settings before reading anything.
    WeeklyCounts::new()
        .alerts(&config)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let (workers, summary) = batch::run_counting(&args.io, "alerts", "counted", || Worker {
        counts: WeeklyCounts::new(),
    })?;
    *counted = Some(summary);
    let mut counts = WeeklyCounts::new();
    for w in workers {
        counts.merge(w.counts);
    }
    let report = counts
        .alerts(&config)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let mut buf = Vec::new();
    for a in &report.alerts {
        batch::push_json_line(&mut buf, a)
            .map_err(|r| CliError::Usage(format!("{:?}", r.errors)))?;
    }
    let mut out = batch::open_output(args.io.out.as_ref())?;
    out.write_all(&buf).map_err(|source| CliError::Write {
        path: out.shown().to_owned(),
        source,
    })?;
    out.commit()?;
    if report.full_weeks <= u64::from(args.baseline_weeks) {
        // A weekly job on a short extract: not an error, but say why nothing was tested.
        batch::say(format_args!(
            "weiquan alerts: too little history to test: the data covers {} full week(s), \
             and a week is tested only after {} full weeks of baseline (--baseline-weeks); \
             no alerts",
            report.full_weeks, args.baseline_weeks
        ));
    }
    if !args.io.quiet {
        batch::say(format_args!(
            "{} alerts from {} tests over {} series (expected false alarms at most {} × {} = {})",
            report.alerts.len(),
            report.tests,
            report.series,
            alpha,
            report.tests,
            Ratio::from_int(i128::from(report.tests))
                .checked_mul(alpha)
                .map_or_else(
                    || "?".to_owned(),
                    |r| r.to_fixed(2, weiquan_stats::Rounding::Ceiling)
                ),
        ));
    }
    Ok(())
}

/// Runs `weiquan alerts`.
pub fn run(args: Args) -> ExitCode {
    let mut counted = None;
    let result = alerts(&args, &mut counted);
    batch::finish(&args.io, "alerts", counted, result)
}
