//! `weiquan assess`: what a consumer may claim, from a claim document or a complaint.
//!
//! `weiquan assess FILE|-` reads one claim document (JSON, `schema_version: 1`; the schema is
//! `docs/schema/claim.schema.json`; examples in `examples/data/claim-*.json`) and prints its
//! assessment as pretty JSON. With `--from complaints` the input is a complaint document
//! instead (`docs/schema/complaint.schema.json`), and the claim is built from it by
//! `ClaimDocument::from_complaint` (price, quantity, dates, distance sale, category, the
//! amount claimed, the received day as the request date); a complaint states what the
//! consumer says, not what the handler found, so the findings (fraud, a food standard
//! violated, …) come from `--findings FILE` and are the same for every complaint. With
//! `--lines` the input is JSON Lines of claims (or complaints) and the output one assessment
//! per line, with rejects, summary and exit codes as for `weiquan validate`. Deadlines use
//! the official mainland China calendar for the holiday extension of Civil Code Art. 203 and
//! working-day limits (`--no-calendar` leaves them uncomputed, as outside the calendar's
//! years).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use weiquan_compensation::{
    Assessment, ClaimDocument, Error, Findings, NoCalendar, Policy, assess, assess_with,
};
use weiquan_complaint::Complaint;

use crate::batch::{self, CliError, IoArgs, Reject};
use weiquan_support::Diagnostic;

/// Arguments of `weiquan assess`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    io: IoArgs,
    /// The input is JSON Lines of claims (or complaints); write one assessment per line.
    #[arg(long)]
    lines: bool,
    /// What the input documents are: claim documents, or complaint documents to build the
    /// claim from (`weiquan validate`'s input and output).
    #[arg(long, value_enum, default_value_t = From::Claims, value_name = "KIND")]
    from: From,
    /// With --from complaints: the findings (JSON, the claim document's `findings` object,
    /// e.g. `{"fraud": true}`) given to every claim built from a complaint.
    #[arg(long, value_name = "FILE")]
    findings: Option<PathBuf>,
    /// A policy file (JSON): disabled rules, holiday extension, overrides of numbers whose reliability is S or U (docs/law.md).
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Do not use the official calendar (no holiday extension, no working-day deadlines).
    #[arg(long)]
    no_calendar: bool,
}

/// The kind of document `weiquan assess` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum From {
    /// Claim documents (docs/schema/claim.schema.json).
    Claims,
    /// Complaint documents (docs/schema/complaint.schema.json); the claim is built from each.
    Complaints,
}

fn load_policy(path: Option<&PathBuf>) -> Result<Policy, CliError> {
    let Some(path) = path else {
        return Ok(Policy::default());
    };
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let policy: Policy = serde_json::from_str(&text)
        .map_err(|e| CliError::Usage(format!("policy {}: {e}", path.display())))?;
    policy
        .check()
        .map_err(|e| CliError::Usage(format!("policy {}: {e}", path.display())))?;
    Ok(policy)
}

fn load_findings(args: &Args) -> Result<Findings, CliError> {
    let Some(path) = &args.findings else {
        return Ok(Findings::default());
    };
    if args.from != From::Complaints {
        return Err(CliError::Usage(
            "--findings is for --from complaints: a claim document carries its own findings".into(),
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Read {
        path: path.display().to_string(),
        source,
    })?;
    serde_json::from_str(&text)
        .map_err(|e| CliError::Usage(format!("findings {}: {e}", path.display())))
}

/// The claim of one input document: as it is, or built from a complaint.
fn claim_of(text: &str, from: From, findings: &Findings) -> Result<ClaimDocument, Reject> {
    match from {
        From::Claims => ClaimDocument::from_json(text).map_err(|e| reject(&e)),
        From::Complaints => {
            let c = Complaint::from_json(text)?;
            Ok(ClaimDocument::from_complaint(&c).with_findings(findings.clone()))
        }
    }
}

/// What to add when one document was expected and the input is JSON Lines: several lines,
/// each a JSON object by itself.
fn hint_lines(text: &str, r: &Reject) -> &'static str {
    let syntax = r.errors.iter().any(|e| e.code.ends_with(".syntax"));
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let objects = lines
        .by_ref()
        .take(3)
        .filter(|l| serde_json::from_str::<serde_json::Value>(l).is_ok_and(|v| v.is_object()))
        .count();
    if syntax && objects >= 2 {
        " (the input holds one JSON document per line: add --lines)"
    } else {
        ""
    }
}

fn reject(e: &weiquan_compensation::Error) -> Reject {
    Reject::from(e.problems())
}

/// Runs `weiquan assess`.
pub fn run(args: Args) -> ExitCode {
    let mut counted = None;
    let result = run_inner(&args, &mut counted);
    batch::finish(&args.io, "assess", counted, result)
}

fn run_inner(args: &Args, counted: &mut Option<batch::Summary>) -> Result<(), CliError> {
    let extra: Vec<&std::path::Path> = [&args.policy, &args.findings]
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
        .collect();
    batch::claim(&args.io, &extra)?;
    let policy = load_policy(args.policy.as_ref())?;
    let findings = load_findings(args)?;
    // The library's default is the official calendar (years it does not cover are unknown):
    // the command, the C ABI and WebAssembly give the same last days.
    let assess_one = |claim: &ClaimDocument| -> Result<Assessment, Error> {
        if args.no_calendar {
            assess_with(claim, &policy, &NoCalendar)
        } else {
            assess(claim, &policy)
        }
    };
    if args.lines {
        let summary = batch::map_lines(&args.io, "assess", "assessed", |line, out| {
            let claim = claim_of(line, args.from, &findings)?;
            let a = assess_one(&claim).map_err(|e| reject(&e))?;
            batch::push_json_line(out, &a)
        })?;
        *counted = Some(summary);
        return Ok(());
    }
    let started = std::time::Instant::now();
    let mut text = String::new();
    batch::sniff(batch::open_input(&args.io.input)?, &args.io.input, false)?
        .read_to_string(&mut text)
        .map_err(|source| CliError::Read {
            path: args.io.input.clone(),
            source,
        })?;
    let result = claim_of(&text, args.from, &findings)
        .and_then(|claim| assess_one(&claim).map_err(|e| reject(&e)));
    // One document: one record read, accepted or rejected.
    let one = |accepted: bool| batch::Summary {
        accepted_as: "assessed",
        read: 1,
        accepted: u64::from(accepted),
        rejected: u64::from(!accepted),
        bytes: text.len() as u64,
        elapsed: started.elapsed(),
    };
    match result {
        Ok(a) => {
            let mut out = batch::open_output(args.io.out.as_ref())?;
            let json = serde_json::to_string_pretty(&a)
                .map_err(|e| CliError::Usage(format!("cannot serialise the assessment: {e}")))?;
            writeln!(out, "{json}").map_err(|source| CliError::Write {
                path: out.shown().to_owned(),
                source,
            })?;
            out.commit()?;
            *counted = Some(one(true));
            Ok(())
        }
        Err(r) => {
            match &args.io.rejects {
                Some(p) => {
                    // As in the batch rejects: the file is private and keeps the values.
                    let errors = serde_json::json!({ "errors": r.errors });
                    let mut f = crate::output::Sink::open(Some(p), crate::output::Mode::Private)?;
                    writeln!(f, "{errors}").map_err(|source| CliError::Write {
                        path: p.display().to_string(),
                        source,
                    })?;
                    f.commit()?;
                }
                // Standard error gets no value: codes and fields only.
                None => {
                    for e in r.errors.iter().take(batch::REJECTS_SHOWN as usize) {
                        let at = if e.pointer.is_empty() {
                            "/"
                        } else {
                            &e.pointer
                        };
                        batch::say(format_args!("weiquan assess: {} at {at}", e.code));
                    }
                }
            }
            if !args.io.quiet {
                let what = match args.from {
                    From::Claims => "claim",
                    From::Complaints => "complaint",
                };
                let first = r
                    .errors
                    .first()
                    .map(|e| format!(": {} {}", e.pointer, e.code))
                    .unwrap_or_default();
                // A complaint given as a claim fails on the complaint's own fields: say so.
                let looks_like_complaint = args.from == From::Claims
                    && r.errors.iter().any(|e| {
                        e.code == "field.unknown"
                            && matches!(e.pointer.as_str(), "/consumer" | "/received_at")
                    });
                batch::say(format_args!(
                    "weiquan assess: the {what} was rejected ({} problem(s)){first}{}",
                    r.errors.len(),
                    if looks_like_complaint {
                        " (this looks like a complaint document: add --from complaints)"
                    } else {
                        hint_lines(&text, &r)
                    }
                ));
            }
            *counted = Some(one(false));
            Ok(())
        }
    }
}
