//! Deadlines: the due date of each running time limit, computed from the limits table with
//! the calendar, and the `deadline_elapsed` events that a date implies.

use std::borrow::Cow;

use chrono::{DateTime, Days, FixedOffset, Months, NaiveDate, NaiveTime, TimeZone};
use schemars::JsonSchema;
use serde::Serialize;
use weiquan_complaint::CST;
use weiquan_law::{Citation, Reliability};

use crate::Error;
use crate::cal::Calendar;
use crate::case::{Case, Mark, Transition};
use crate::event::{Actor, Event, EventKind};
use crate::limits::{
    self, ART_203, DEADLINE_KINDS, DeadlineKind, LimitRule, PauseClass, Unit, Variant,
};

/// Whether a deadline was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// Not yet due, and not yet discharged.
    Pending,
    /// Discharged on or before the due date.
    Met,
    /// Discharged late, or not discharged and the due date has passed.
    Missed,
}

impl DeadlineStatus {
    /// Every status, in the order above.
    pub const ALL: [DeadlineStatus; 3] = [
        DeadlineStatus::Pending,
        DeadlineStatus::Met,
        DeadlineStatus::Missed,
    ];
    /// The snake_case code used in JSON.
    pub fn code(self) -> &'static str {
        match self {
            DeadlineStatus::Pending => "pending",
            DeadlineStatus::Met => "met",
            DeadlineStatus::Missed => "missed",
        }
    }
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            DeadlineStatus::Pending => "未到期",
            DeadlineStatus::Met => "按期",
            DeadlineStatus::Missed => "超期",
        }
    }
    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            DeadlineStatus::Pending => "pending",
            DeadlineStatus::Met => "met",
            DeadlineStatus::Missed => "missed",
        }
    }
}

/// The period a deadline counts, as in force for the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Period {
    /// Number of units.
    pub amount: u32,
    /// The unit: `working_days`, `calendar_days` or `months`.
    pub unit: Unit,
    /// Whether the case's policy set it differently from the table.
    pub overridden: bool,
}

/// One statutory time limit of a case, as of a date.
///
/// Its JSON (and JSON Schema) is the fields below with the limit's names and the basis's
/// text written out — `name_zh`, `name_en`, `basis_zh`, `basis_en` — so that whoever reads
/// the JSON can show it without this crate's tables. They are written when the deadline is
/// serialised, not kept in it: computing deadlines (the guards, the summaries, the simulator)
/// does not pay for texts nobody reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// Which limit.
    pub kind: DeadlineKind,
    /// The limits-table row (e.g. `samr20.mediation_period`).
    pub rule: &'static str,
    /// What the rule requires, in Chinese, with the period in force for the case written
    /// out (a period the policy sets shows its own length).
    pub description_zh: String,
    /// The period (`None` for a date set case by case, e.g. identity documents).
    pub period: Option<Period>,
    /// The legal day of the starting event (not counted).
    pub starts_on: NaiveDate,
    /// Sequence number of the starting event.
    pub started_by: u64,
    /// Units the clock was stopped for (testing, appraisal, recusal), in the rule's unit.
    pub paused: u32,
    /// Whether the clock is stopped now (the due date assumes it resumes on `as_of`).
    pub clock_paused: bool,
    /// The last day of the period.
    pub due: NaiveDate,
    /// The last day before Civil Code Art. 203 moved it off a rest day.
    pub rolled_forward_from: Option<NaiveDate>,
    /// Pending, met or missed.
    pub status: DeadlineStatus,
    /// When the act it requires was done.
    pub discharged: Option<Mark>,
    /// When a `deadline_elapsed` event recorded that it passed.
    pub elapsed: Option<Mark>,
    /// The legal basis of the period.
    pub basis: Citation<'static>,
    /// The bases of the rules that moved the date (pauses, Art. 203).
    pub adjusted_by: Vec<Citation<'static>>,
    /// Whether a legal reviewer should check it: the basis, an adjustment or an override is
    /// not verified.
    pub flagged: bool,
    /// Whether the calendar answered from provisional rules (a year without an official
    /// holiday notice).
    pub provisional: bool,
}

/// The JSON form of a [`Deadline`]: its fields in order, with the limit's names after its
/// kind and the basis written out after the basis.
#[derive(Serialize, JsonSchema)]
struct DeadlineJson<'a> {
    /// Which limit.
    kind: DeadlineKind,
    /// Its name in Chinese, e.g. `调解期限`.
    name_zh: &'static str,
    /// Its name in English, e.g. `mediation period`.
    name_en: &'static str,
    /// The limits-table row, e.g. `samr20.acceptance_decision`.
    rule: &'static str,
    /// What the rule requires, in Chinese, with the period in force for the case.
    description_zh: &'a str,
    /// The period, e.g. 7 `working_days` (`null` for a date set case by case, such as the
    /// identity documents').
    period: Option<Period>,
    /// The day of the starting event (not counted).
    starts_on: NaiveDate,
    /// Sequence number of the starting event in the case's log.
    started_by: u64,
    /// Units the clock was stopped for (testing, appraisal, recusal), in the period's unit.
    paused: u32,
    /// Whether the clock is stopped now (the due date assumes it resumes on the date
    /// evaluated on).
    clock_paused: bool,
    /// The last day of the period.
    due: NaiveDate,
    /// The last day before a rest day moved it (Civil Code Art. 203); absent when none did.
    #[serde(skip_serializing_if = "Option::is_none")]
    rolled_forward_from: Option<NaiveDate>,
    /// `pending`, `met` or `missed`.
    status: DeadlineStatus,
    /// When the act it requires was done (absent while it is not).
    #[serde(skip_serializing_if = "Option::is_none")]
    discharged: Option<Mark>,
    /// When a `deadline_elapsed` event recorded that it passed (absent while none did).
    #[serde(skip_serializing_if = "Option::is_none")]
    elapsed: Option<Mark>,
    /// The legal basis of the period.
    #[schemars(schema_with = "citation_schema")]
    basis: &'a Citation<'static>,
    /// The legal basis in Chinese with its note and reliability mark, e.g.
    /// `《市场监督管理投诉举报处理暂行办法》第二十一条第一款第（五）项 [V]`.
    basis_zh: String,
    /// The legal basis in English with its note and mark, e.g.
    /// `SAMR Order No. 20, Art. 21, para. 1, item (5) [V]`.
    basis_en: String,
    /// The bases of the rules that moved the date (pauses, Civil Code Art. 203); absent when
    /// none did.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    #[schemars(schema_with = "citations_schema")]
    adjusted_by: &'a [Citation<'static>],
    /// Whether a legal reviewer should check it (a basis, adjustment or override not
    /// verified).
    flagged: bool,
    /// Whether the calendar answered from provisional rules (no official notice yet).
    provisional: bool,
}

// The citations' schema is written out in the deadline's rather than referred to by name:
// the routing report declares a `Citation` schema of its own, and where both meet (the
// JavaScript API's declarations) two schemas of one name would get numbered names
// (`Citation2`). Same shape, no name to collide.
fn citation_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    Citation::json_schema(generator)
}

fn citations_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "array",
        "items": citation_schema(generator),
    })
}

impl Deadline {
    fn json(&self) -> DeadlineJson<'_> {
        DeadlineJson {
            kind: self.kind,
            name_zh: self.kind.name_zh(),
            name_en: self.kind.name_en(),
            rule: self.rule,
            description_zh: &self.description_zh,
            period: self.period,
            starts_on: self.starts_on,
            started_by: self.started_by,
            paused: self.paused,
            clock_paused: self.clock_paused,
            due: self.due,
            rolled_forward_from: self.rolled_forward_from,
            status: self.status,
            discharged: self.discharged,
            elapsed: self.elapsed,
            basis: &self.basis,
            basis_zh: self.basis.annotated_zh(),
            basis_en: self.basis.annotated_en(),
            adjusted_by: &self.adjusted_by,
            flagged: self.flagged,
            provisional: self.provisional,
        }
    }
}

impl Serialize for Deadline {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json().serialize(s)
    }
}

impl JsonSchema for Deadline {
    fn schema_name() -> Cow<'static, str> {
        "Deadline".into()
    }

    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::Deadline").into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = DeadlineJson::json_schema(generator);
        // The type's own description, not the private JSON form's.
        schema.insert(
            "description".to_owned(),
            "One statutory time limit of a case, as of a date.".into(),
        );
        schema
    }
}

/// A due date and how it was reached.
pub(crate) struct Due {
    pub(crate) rule: &'static LimitRule,
    pub(crate) period: Option<Period>,
    pub(crate) start: Mark,
    pub(crate) paused: u32,
    pub(crate) clock_paused: bool,
    pub(crate) due: NaiveDate,
    pub(crate) rolled_from: Option<NaiveDate>,
    pub(crate) adjusted_by: Vec<Citation<'static>>,
    pub(crate) provisional: bool,
}

fn add_days(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_days(Days::new(u64::from(n)))
        .unwrap_or(NaiveDate::MAX)
}

/// The first instant of a legal day, in CST.
pub fn start_of_day(d: NaiveDate) -> DateTime<FixedOffset> {
    CST.from_local_datetime(&d.and_time(NaiveTime::MIN))
        .single()
        .unwrap_or_default()
}

impl Case {
    /// Which pause classes stop the clock of `rule` under this case's policy, with their
    /// citations.
    fn pause_rules(
        &self,
        rule: &'static LimitRule,
    ) -> impl Iterator<Item = &'static limits::PauseRule> + '_ {
        rule.pauses.iter().filter(move |p| {
            p.citation.reliability() == Reliability::Verified
                || match p.class {
                    PauseClass::Technical => self.policy.testing_stops_clock,
                    PauseClass::Recusal => self.policy.recusal_stops_clock,
                }
        })
    }

    /// The due date of `kind`, with suspensions counted up to `eval` for one still running.
    pub(crate) fn due(
        &self,
        cal: &Calendar,
        kind: DeadlineKind,
        eval: NaiveDate,
    ) -> Result<Option<Due>, Error> {
        let Some(start) = self.tracks.get(kind.index()).and_then(|t| t.started) else {
            return Ok(None);
        };
        let variant = if kind == DeadlineKind::MediationPeriod && self.extended {
            Variant::Extended
        } else {
            Variant::Normal
        };
        let Some(rule) = limits::rule(self.procedure, kind, variant) else {
            return Ok(None);
        };
        let mut adjusted_by = Vec::new();
        let mut provisional = cal.is_provisional(start.day);
        if kind == DeadlineKind::IdentityDocuments {
            let Some(due) = self.identity_due else {
                return Ok(None);
            };
            provisional |= cal.is_provisional(due);
            return Ok(Some(Due {
                rule,
                period: None,
                start,
                paused: 0,
                clock_paused: false,
                due,
                rolled_from: None,
                adjusted_by,
                provisional,
            }));
        }
        let Some(amount) = self.policy.amount(rule) else {
            return Ok(None);
        };
        let period = Period {
            amount,
            unit: rule.unit,
            overridden: self.policy.limits.contains_key(rule.id),
        };
        let roll = rule.art_203 && self.policy.civil_code_art_203;
        // The last day after `paused` units of suspension, before and after Art. 203.
        let finish = |paused: u32| -> Result<(NaiveDate, NaiveDate), Error> {
            let nominal = match rule.unit {
                Unit::WorkingDays => {
                    cal.add_working_days(start.day, amount.saturating_add(paused))?
                }
                Unit::CalendarDays => add_days(start.day, amount.saturating_add(paused)),
                Unit::Months => add_days(
                    start
                        .day
                        .checked_add_months(Months::new(amount))
                        .unwrap_or(NaiveDate::MAX),
                    paused,
                ),
            };
            let last = if roll {
                cal.roll_to_working_day(nominal)?
            } else {
                nominal
            };
            Ok((nominal, last))
        };
        let mut paused = 0u32;
        let mut clock_paused = false;
        let (mut nominal, mut due) = finish(0)?;
        let applicable: Vec<&limits::PauseRule> = self.pause_rules(rule).collect();
        if !applicable.is_empty() {
            for p in &self.pauses {
                let class = if p.reason.is_technical() {
                    PauseClass::Technical
                } else {
                    PauseClass::Recusal
                };
                let Some(prule) = applicable.iter().find(|r| r.class == class) else {
                    continue;
                };
                // A suspension that begins after the period ended cannot revive it.
                if p.from > due {
                    break;
                }
                let from = p.from.max(start.day);
                let to = match p.to {
                    Some(t) => t,
                    None => {
                        clock_paused = true;
                        eval
                    }
                };
                let units = match rule.unit {
                    Unit::WorkingDays => cal.working_days_between(from, to)?,
                    Unit::CalendarDays | Unit::Months => {
                        u32::try_from((to - from).num_days().max(0)).unwrap_or(u32::MAX)
                    }
                };
                if units > 0 {
                    paused = paused.saturating_add(units);
                    (nominal, due) = finish(paused)?;
                    if !adjusted_by.contains(&prule.citation) {
                        adjusted_by.push(prule.citation);
                    }
                }
            }
        }
        let rolled_from = (nominal != due).then_some(nominal);
        if rolled_from.is_some() {
            adjusted_by.push(ART_203);
        }
        provisional |= cal.is_provisional(due);
        Ok(Some(Due {
            rule,
            period: Some(period),
            start,
            paused,
            clock_paused,
            due,
            rolled_from,
            adjusted_by,
            provisional,
        }))
    }

    /// Every deadline that has started, with its status on `as_of`, using the embedded
    /// official calendar (provisional for uncovered years).
    ///
    /// Events recorded after `as_of` still count; `as_of` only decides whether an
    /// undischarged deadline is pending or missed. An `as_of` before the day the complaint
    /// was received is refused ([`Error::AsOfBeforeReceipt`]).
    ///
    /// ```
    /// use weiquan_caseflow::{Case, DeadlineKind, DeadlineStatus, ProcedureSelection};
    /// let case = Case::open("C-1", "2024-09-27T16:00:00+08:00".parse()?,
    ///                       ProcedureSelection::MarketRegulation)?;
    /// let d = &case.deadlines("2024-10-08".parse()?)?[0];
    /// assert_eq!(d.kind, DeadlineKind::AcceptanceDecision);
    /// // Seven working days from Friday 27 September 2024: Sunday 29 September (a working
    /// // day), 30 September, then after the National Day holiday (1–7 October) 8–11 October
    /// // and Saturday 12 October, another working day.
    /// assert_eq!(d.due.to_string(), "2024-10-12");
    /// assert_eq!(d.status, DeadlineStatus::Pending);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deadlines(&self, as_of: NaiveDate) -> Result<Vec<Deadline>, Error> {
        self.deadlines_on(crate::default_calendar(), as_of)
    }

    /// A case has no deadlines before it exists: `as_of` before the receipt day is refused
    /// rather than answered with every deadline "pending".
    fn check_as_of(&self, as_of: NaiveDate) -> Result<(), Error> {
        let received = crate::event::legal_day(self.received_at());
        if as_of < received {
            return Err(Error::AsOfBeforeReceipt { as_of, received });
        }
        Ok(())
    }

    /// [`Case::deadlines`] with an explicit calendar.
    pub fn deadlines_on(&self, cal: &Calendar, as_of: NaiveDate) -> Result<Vec<Deadline>, Error> {
        self.check_as_of(as_of)?;
        let mut out = Vec::new();
        for kind in DEADLINE_KINDS {
            let Some(d) = self.due(cal, kind, as_of)? else {
                continue;
            };
            let track = self.tracks.get(kind.index()).copied().unwrap_or_default();
            let status = match (track.discharged, track.elapsed) {
                (Some(m), _) if m.day <= d.due => DeadlineStatus::Met,
                (Some(_), _) | (None, Some(_)) => DeadlineStatus::Missed,
                (None, None) if as_of > d.due => DeadlineStatus::Missed,
                (None, None) => DeadlineStatus::Pending,
            };
            let flagged = d.rule.flagged()
                || d.period.is_some_and(|p| p.overridden)
                || d.adjusted_by.iter().any(|c| c.reliability().needs_review());
            out.push(Deadline {
                kind,
                rule: d.rule.id,
                description_zh: d.rule.text_zh(d.period.map(|p| p.amount)),
                period: d.period,
                starts_on: d.start.day,
                started_by: d.start.seq,
                paused: d.paused,
                clock_paused: d.clock_paused,
                due: d.due,
                rolled_forward_from: d.rolled_from,
                status,
                discharged: track.discharged,
                elapsed: track.elapsed,
                basis: d.rule.citation,
                adjusted_by: d.adjusted_by,
                flagged,
                provisional: d.provisional,
            });
        }
        Ok(out)
    }

    /// The `deadline_elapsed` events that `as_of` implies: one for each running,
    /// undischarged deadline whose due date is before `as_of` and that has not been recorded
    /// yet, dated at the first instant after its due date (or at the last event, if that is
    /// later), ordered by due date. A pure function of the case and the date: nothing runs
    /// in the background, and applying the events is the caller's decision.
    pub fn elapsed_events(&self, as_of: NaiveDate) -> Result<Vec<Event>, Error> {
        self.elapsed_events_on(crate::default_calendar(), as_of)
    }

    /// [`Case::elapsed_events`] with an explicit calendar.
    pub fn elapsed_events_on(&self, cal: &Calendar, as_of: NaiveDate) -> Result<Vec<Event>, Error> {
        self.check_as_of(as_of)?;
        let mut due: Vec<(NaiveDate, DeadlineKind)> = Vec::new();
        for kind in DEADLINE_KINDS {
            let track = self.tracks.get(kind.index()).copied().unwrap_or_default();
            if track.started.is_none() || track.discharged.is_some() || track.elapsed.is_some() {
                continue;
            }
            if let Some(d) = self.due(cal, kind, as_of)?
                && d.due < as_of
            {
                due.push((d.due, kind));
            }
        }
        weiquan_support::sort::sort(&mut due);
        let last = self.last_at();
        Ok(due
            .into_iter()
            .map(|(d, kind)| {
                let at = start_of_day(add_days(d, 1)).max(last);
                Event::new(
                    at,
                    Actor::System,
                    EventKind::DeadlineElapsed {
                        deadline: kind,
                        due: d,
                    },
                )
            })
            .collect())
    }

    /// Applies every `deadline_elapsed` event up to `as_of`, including those that become due
    /// because an earlier one changed the state (mediation ended → notice period). Returns
    /// the transitions made.
    pub fn advance_to(&mut self, as_of: NaiveDate) -> Result<Vec<Transition>, Error> {
        self.advance_to_on(crate::default_calendar(), as_of)
    }

    /// [`Case::advance_to`] with an explicit calendar.
    pub fn advance_to_on(
        &mut self,
        cal: &Calendar,
        as_of: NaiveDate,
    ) -> Result<Vec<Transition>, Error> {
        let mut done = Vec::new();
        // Each deadline kind elapses at most once, so this terminates within the kinds.
        for _ in 0..=DEADLINE_KINDS.len() {
            let events = self.elapsed_events_on(cal, as_of)?;
            if events.is_empty() {
                break;
            }
            for e in events {
                done.push(self.apply_on(cal, e)?);
            }
        }
        Ok(done)
    }
}
