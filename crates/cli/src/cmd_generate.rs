//! `weiquan generate`: synthetic complaints as JSON Lines.

use std::io::BufWriter;
use std::process::ExitCode;

use weiquan_synth::generate::write_jsonl;

use crate::batch::{self, CliError};

/// Arguments of `weiquan generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many complaints.
    #[arg(long, default_value_t = 1000)]
    count: u64,
    /// The seed: the same seed gives the same complaints.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write this many deliberately broken records per thousand (for exercising rejects).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=1000))]
    broken_per_mille: u32,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<std::path::PathBuf>,
}

/// Writes `count` complaints, one JSON document per line.
pub fn run(args: Args) -> ExitCode {
    match generate(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

fn generate(args: &Args) -> Result<(), CliError> {
    crate::output::claim(
        &[],
        &[args.out.as_deref().unwrap_or(std::path::Path::new("-"))],
    )?;
    let sink = batch::open_output(args.out.as_ref())?;
    let shown = sink.shown().to_owned();
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    let bar = batch::progress_items(Some(args.count), "generate", false);
    let write_err = |source| CliError::Write {
        path: shown.clone(),
        source,
    };
    write_jsonl(&mut w, args.count, args.seed, args.broken_per_mille, |i| {
        bar.set_position(i)
    })
    .map_err(write_err)?;
    bar.finish_and_clear();
    w.into_inner()
        .map_err(|e| write_err(e.into_error()))?
        .commit()
}
