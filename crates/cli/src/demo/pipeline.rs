//! One complaint through the whole pipeline: validate → route → open a case and play its
//! lifecycle → assess the claim → count it for the statistics and the surge alerts.
//!
//! A worker processes whole chunks; everything random in a chunk (the lifecycles, the
//! findings of the assessments) comes from seeds derived from (seed, chunk number), so the
//! outputs do not depend on which worker took which chunk.

use std::time::{Duration, Instant};

use chrono::Duration as Span;
use serde::Serialize;
use weiquan_caseflow::grounds::{self, ListItem, ListKind};
use weiquan_caseflow::{
    Actor, Case, CaseSummary, Event, EventKind, ProcedureSelection, TransferBasis,
    default_calendar, legal_day, start_of_day,
};
use weiquan_compensation::{
    Amount, Assessment, ClaimDocument, Findings, FoodDefect, ItemKind, Kind, Policy, assess,
};
use weiquan_complaint::{ClaimKind, Complaint, FieldError, ProblemNature, Yuan};
use weiquan_routing::{BodyKind, Router};
use weiquan_stats::alerts::WeeklyCounts;
use weiquan_stats::{Aggregator, CaseOutcome, GroupBy, RecordOptions, StatsRecord};
use weiquan_support::Diagnostic;
use weiquan_synth::generate::Rng;
use weiquan_synth::simulate::Lifecycle;

use super::totals::{Totals, tally};

/// Every this many complaints, the case's full hash-chained log goes to `case-logs.jsonl`.
pub const LOG_SAMPLE_EVERY: u64 = 1000;

/// The output files a chunk contributes to, in the order of [`Outputs::files`].
pub const FILES: [&str; 7] = [
    "complaints.jsonl",
    "rejects.jsonl",
    "routes.jsonl",
    "cases.jsonl",
    "case-logs.jsonl",
    "assessments.jsonl",
    "errors.jsonl",
];

/// The per-complaint stages, in order.
pub const STAGES: [&str; 5] = ["validate", "route", "cases", "assess", "statistics"];

/// A chunk of generated JSON Lines.
pub struct Chunk {
    /// Its number (0-based), which also seeds its randomness.
    pub seq: u64,
    /// The 0-based number of its first record in the whole run.
    pub first: u64,
    /// The lines.
    pub lines: Vec<String>,
}

/// What a chunk wrote to each output file.
#[derive(Default)]
pub struct Outputs {
    /// One buffer per entry of [`FILES`].
    pub files: [Vec<u8>; 7],
}

/// A processed chunk.
pub struct Done {
    /// The chunk's number.
    pub seq: u64,
    /// Its outputs.
    pub out: Outputs,
}

/// The CPU time of the calling thread so far (Linux: `/proc/thread-self/schedstat`).
pub fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// The CPU time (user + system) of the whole process so far (Linux: `/proc/self/stat`, in
/// the kernel's USER_HZ of 100 ticks per second).
pub fn process_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = text.rsplit_once(')')?.1;
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// A seed for stream `stream` of chunk `seq`: SplitMix64 of the run's seed and both numbers.
pub fn chunk_seed(seed: u64, seq: u64, stream: u64) -> u64 {
    let mixed = seed
        ^ seq.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
    Rng::new(mixed).next_u64()
}

/// A rejected record as written to `rejects.jsonl`.
#[derive(Serialize)]
struct RejectRecord<'a> {
    /// 1-based line of the record in the generated stream (as in `weiquan generate`).
    line: u64,
    stage: &'static str,
    errors: &'a [FieldError],
    raw: &'a str,
}

/// A routing decision, compact: the full trail and candidates are what `weiquan route` writes.
#[derive(Serialize)]
struct RouteRecord<'a> {
    complaint_id: &'a str,
    body_id: &'a str,
    body_zh: &'a str,
    body_kind: &'static str,
    rule: &'a str,
    candidates: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<&'static str>,
}

/// A proposed item of an assessment.
#[derive(Serialize)]
struct ItemRecord {
    kind: ItemKind,
    rule: &'static str,
    amount: Amount,
}

/// An assessment, compact: the proposed items and the total (the full assessment with every
/// rule considered, its steps and citations is what `weiquan assess` writes, ~18 kB each).
#[derive(Serialize)]
struct AssessmentRecord<'a> {
    complaint_id: &'a str,
    facts_date: chrono::NaiveDate,
    claimed: Option<Yuan>,
    total: Amount,
    proposed: Vec<ItemRecord>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    missing_facts: Vec<&'static str>,
}

/// A library error for one complaint (should not happen; kept rather than hidden).
#[derive(Serialize)]
struct ErrorRecord<'a> {
    line: u64,
    complaint_id: &'a str,
    stage: &'static str,
    code: &'static str,
    message: String,
}

/// The state of one worker: what it counted, and the time spent in each stage.
pub struct Worker<'r> {
    router: &'r Router,
    policy: &'r Policy,
    seed: u64,
    /// The report's counters.
    pub totals: Totals,
    /// The statistics' atom-level aggregate.
    pub agg: Aggregator,
    /// Weekly counts for the surge alerts.
    pub weekly: WeeklyCounts,
    /// Time in each of [`STAGES`].
    pub times: [Duration; 5],
}

fn push_line<T: Serialize>(buf: &mut Vec<u8>, value: &T) {
    if serde_json::to_writer(&mut *buf, value).is_ok() {
        buf.push(b'\n');
    }
}

/// Findings a handler might record for the complaint, drawn from its nature: the facts the
/// compensation engine needs that no complaint form states (fraud, defects, food safety).
fn findings(rng: &mut Rng, c: &Complaint, kind: Kind) -> Findings {
    let mut f = Findings::default();
    match c.problem_nature {
        ProblemNature::Counterfeit => f.fraud = Some(rng.chance(0.7)),
        ProblemNature::FalseAdvertising => f.fraud = Some(rng.chance(0.5)),
        ProblemNature::Price | ProblemNature::Metrology => f.fraud = Some(rng.chance(0.3)),
        ProblemNature::Quality | ProblemNature::AfterSales => {
            f.quality_defect = Some(rng.chance(0.8));
        }
        ProblemNature::Safety => {
            f.quality_defect = Some(true);
            f.knowingly_defective_causing_harm = Some(rng.chance(0.03));
        }
        ProblemNature::Contract => f.rescission_conditions_met = Some(rng.chance(0.5)),
        _ => {}
    }
    if kind == Kind::Food
        && matches!(
            c.problem_nature,
            ProblemNature::Quality | ProblemNature::Safety
        )
    {
        f.food_standard_violated = Some(rng.chance(0.6));
        f.respondent_produced_or_knew = Some(rng.chance(0.5));
        f.food_defect = Some(FoodDefect::Substantive);
    }
    f
}

/// A complaint routed to a sector regulator (finance, telecoms, health...): the 12315 bureau
/// that received it opens the case under `selection` (the body kind's, from the routing
/// crate), dispatches it to that body within 1–3 working days, then closes it. A simulation:
/// the real bureau's handling is whatever its staff record.
fn dispatch(
    rng: &mut Rng,
    c: &Complaint,
    selection: ProcedureSelection,
    to: String,
) -> Result<Case, weiquan_caseflow::Error> {
    let cal = default_calendar();
    let mut case = Case::open(&c.id, c.received_at, selection)?;
    let basis = grounds::list(case.procedure(), ListKind::Transfer)
        .find_map(|r| match r.item {
            ListItem::Transfer(b @ TransferBasis::DispatchedToCompetent) => Some(b),
            _ => None,
        })
        .unwrap_or(TransferBasis::DispatchedToCompetent);
    let day = cal.add_working_days(legal_day(c.received_at), 1 + rng.below(3) as u32)?;
    let at = (start_of_day(day) + Span::minutes(9 * 60 + rng.below(480) as i64))
        .max(c.received_at + Span::minutes(1));
    case.apply(Event::new(
        at,
        Actor::Handler,
        EventKind::Transferred { to, basis },
    ))?;
    let close = start_of_day(cal.add_working_days(legal_day(at), 1)?) + Span::hours(10);
    case.apply(Event::new(close.max(at), Actor::Handler, EventKind::Closed))?;
    Ok(case)
}

impl<'r> Worker<'r> {
    /// A worker aggregating statistics by `atoms`.
    pub fn new(router: &'r Router, policy: &'r Policy, seed: u64, atoms: GroupBy) -> Worker<'r> {
        Worker {
            router,
            policy,
            seed,
            totals: Totals::default(),
            agg: Aggregator::new(atoms),
            weekly: WeeklyCounts::new(),
            times: [Duration::ZERO; 5],
        }
    }

    fn time(&mut self, stage: usize, since: Instant) -> Instant {
        let now = Instant::now();
        if let Some(t) = self.times.get_mut(stage) {
            *t += now - since;
        }
        now
    }

    /// Processes a chunk. Stage times are wall times scaled by the share of the chunk's wall
    /// time the thread was on a CPU, so that they stay meaningful on a loaded machine.
    pub fn chunk(&mut self, chunk: Chunk) -> Done {
        let before = self.times;
        let (wall0, cpu0) = (Instant::now(), thread_cpu());
        let done = self.chunk_inner(chunk);
        if let (Some(c0), Some(c1)) = (cpu0, thread_cpu()) {
            let wall = wall0.elapsed().as_secs_f64();
            let ratio = if wall > 0.0 {
                ((c1.saturating_sub(c0)).as_secs_f64() / wall).min(1.0)
            } else {
                1.0
            };
            for (t, b) in self.times.iter_mut().zip(before) {
                *t = b + t.saturating_sub(b).mul_f64(ratio);
            }
        }
        done
    }

    fn chunk_inner(&mut self, chunk: Chunk) -> Done {
        let mut out = Outputs::default();
        let mut life = Lifecycle::new(chunk_seed(self.seed, chunk.seq, 1));
        let mut rng = Rng::new(chunk_seed(self.seed, chunk.seq, 2));
        for (i, line) in chunk.lines.iter().enumerate() {
            let index = chunk.first + i as u64;
            self.one(index, line, &mut life, &mut rng, &mut out);
        }
        Done {
            seq: chunk.seq,
            out,
        }
    }

    fn one(
        &mut self,
        index: u64,
        line: &str,
        life: &mut Lifecycle,
        rng: &mut Rng,
        out: &mut Outputs,
    ) {
        let [
            complaints,
            rejects,
            routes,
            cases,
            logs,
            assessments,
            errors,
        ] = &mut out.files;
        let line_no = index + 1;
        self.totals.read += 1;

        // Validate.
        let t = Instant::now();
        let complaint = Complaint::from_json(line);
        let t = self.time(0, t);
        let c = match complaint {
            Ok(c) => c,
            Err(e) => {
                self.totals.rejected_invalid += 1;
                let errs = e.problems();
                push_line(
                    rejects,
                    &RejectRecord {
                        line: line_no,
                        stage: "validate",
                        errors: &errs,
                        raw: line,
                    },
                );
                return;
            }
        };

        // Route.
        let decision = match self.router.route(&c) {
            Ok(d) => d,
            Err(e) => {
                self.totals.rejected_unroutable += 1;
                let errs = e.problems();
                push_line(
                    rejects,
                    &RejectRecord {
                        line: line_no,
                        stage: "route",
                        errors: &errs,
                        raw: line,
                    },
                );
                self.time(1, t);
                return;
            }
        };
        let body = decision.body();
        let body_kind = body.kind();
        let body_name = body.name_zh().into_owned();
        let warnings: Vec<&'static str> = decision.warnings().iter().map(|w| w.code()).collect();
        self.totals.routed_with_warnings += u64::from(!warnings.is_empty());
        for w in decision.warnings() {
            tally(
                &mut self.totals.warnings,
                w.code(),
                w.name_zh(),
                w.name_en(),
            );
        }
        push_line(
            routes,
            &RouteRecord {
                complaint_id: &c.id,
                body_id: &body.id(),
                body_zh: &body_name,
                body_kind: body_kind.code(),
                rule: decision.rule().id(),
                candidates: decision.candidate_count(),
                warnings,
            },
        );
        drop(decision);
        self.totals.valid += 1;
        self.totals.add_day(legal_day(c.received_at));
        complaints.extend_from_slice(line.as_bytes());
        complaints.push(b'\n');
        *self
            .totals
            .by_category
            .entry(c.purchase.category.major())
            .or_default() += 1;
        *self
            .totals
            .by_district
            .entry(c.consumer.division)
            .or_default() += 1;
        *self.totals.by_body_kind.entry(body_kind).or_default() += 1;
        let t = self.time(1, t);

        // Open the case under the procedure of the body it was routed to, and play its
        // lifecycle: handled by a bureau or an association, or dispatched by the bureau to a
        // sector regulator.
        let selection = body_kind.procedure_selection();
        let played = match body_kind {
            BodyKind::MarketRegulation | BodyKind::ConsumerAssociation => {
                life.play(&c.id, c.received_at, selection, c.purchase.amount_paid)
            }
            _ => dispatch(rng, &c, selection, body_name),
        };
        let summary: Result<CaseSummary, weiquan_caseflow::Error> = played.and_then(|case| {
            let s = case.summary(legal_day(case.last_at()))?;
            if index.is_multiple_of(LOG_SAMPLE_EVERY) {
                logs.extend_from_slice(case.to_jsonl()?.as_bytes());
            }
            Ok(s)
        });
        let summary = match summary {
            Ok(s) => {
                push_line(cases, &s);
                self.totals.add_case(&s);
                Some(s)
            }
            Err(e) => {
                self.totals.case_errors += 1;
                push_line(
                    errors,
                    &ErrorRecord {
                        line: line_no,
                        complaint_id: &c.id,
                        stage: "cases",
                        code: e.code(),
                        message: e.to_string(),
                    },
                );
                None
            }
        };
        let t = self.time(2, t);

        // Assess the money claimed.
        let money_claim = c
            .claims
            .iter()
            .any(|k| matches!(k.kind, ClaimKind::Refund | ClaimKind::Compensation));
        if money_claim {
            let claim = ClaimDocument::from_complaint(&c);
            let f = findings(rng, &c, claim.purchase.kind);
            let claim = claim.with_findings(f);
            // The official calendar, as `weiquan assess` counts deadlines.
            match assess(&claim, self.policy) {
                Ok(a) => self.count_assessment(&c, &claim, &a, assessments),
                Err(e) => {
                    self.totals.assess_errors += 1;
                    push_line(
                        errors,
                        &ErrorRecord {
                            line: line_no,
                            complaint_id: &c.id,
                            stage: "assess",
                            code: e.code(),
                            message: e.to_string(),
                        },
                    );
                }
            }
        }
        let t = self.time(3, t);

        // Statistics: anonymised record with the case's outcome; weekly counts for alerts.
        let outcome = summary.as_ref().map(CaseOutcome::from);
        let options = RecordOptions {
            business: true,
            ..RecordOptions::default()
        };
        let record = StatsRecord::from_complaint(&c, outcome, options);
        if let Err(e) = self.agg.add(&record) {
            push_line(
                errors,
                &ErrorRecord {
                    line: line_no,
                    complaint_id: &c.id,
                    stage: "statistics",
                    code: e.code(),
                    message: e.to_string(),
                },
            );
        }
        self.weekly.add(&record);
        self.time(4, t);
    }

    fn count_assessment(
        &mut self,
        c: &Complaint,
        claim: &ClaimDocument,
        a: &Assessment,
        out: &mut Vec<u8>,
    ) {
        self.totals.assessed += 1;
        self.totals.proposed = self
            .totals
            .proposed
            .checked_add(a.total.min())
            .unwrap_or(self.totals.proposed);
        let mut punitive = false;
        let proposed: Vec<ItemRecord> = a
            .proposed()
            .map(|i| {
                *self.totals.items_by_kind.entry(i.kind).or_default() += 1;
                punitive |= !i.kind.is_refund() && i.kind != ItemKind::Losses;
                ItemRecord {
                    kind: i.kind,
                    rule: i.rule.code(),
                    amount: i.amount,
                }
            })
            .collect();
        self.totals.with_punitive += u64::from(punitive);
        let mut missing: Vec<&'static str> = a.missing_facts().map(|(_, f)| f).collect();
        missing.sort_unstable();
        missing.dedup();
        push_line(
            out,
            &AssessmentRecord {
                complaint_id: &c.id,
                facts_date: a.facts_date,
                claimed: claim.amount_claimed,
                total: a.total,
                proposed,
                missing_facts: missing,
            },
        );
    }
}
