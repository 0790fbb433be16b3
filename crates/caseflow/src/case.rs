//! `Case`: the state machine. `apply` checks an event against the transition table and its
//! guards and either records it or refuses it, leaving the case untouched.

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::Serialize;
use weiquan_complaint::Complaint;

use crate::Error;
use crate::cal::Calendar;
use crate::event::{
    Actor, ConsentSubject, Event, EventKind, EventTag, Mediator, Opening, Party, PauseReason,
    Satisfaction, Settlement, legal_day,
};
use crate::grounds::{self, ListItem, TerminationGround};
use crate::limits::{self, DEADLINE_KINDS, DeadlineKind, Start, Variant};
use crate::policy::Policy;
use crate::procedure::{Procedure, ProcedureSelection};
use crate::state::{Outcome, StateKind};
use crate::table::{self, Effect, Guard, TransitionRule};

/// A suspension of mediation, from the legal day it began to the day it ended (`None`
/// while it lasts). The clock stops for the days in `(from, to]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pause {
    /// Why.
    pub reason: PauseReason,
    /// The legal day it began.
    pub from: NaiveDate,
    /// The legal day mediation resumed or ended.
    pub to: Option<NaiveDate>,
}

/// A point in the log: the event's sequence number and legal day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Mark {
    /// 1-based sequence number of the event.
    pub seq: u64,
    /// Its legal day.
    pub day: NaiveDate,
}

/// Where one deadline kind stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Track {
    pub(crate) started: Option<Mark>,
    pub(crate) discharged: Option<Mark>,
    pub(crate) elapsed: Option<Mark>,
}

/// One recorded event with the transition it made. Kept small (64 bytes): a case may hold
/// a million of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The event as applied.
    pub event: Event,
    /// The state before (`received` for the opening event).
    pub from: StateKind,
    /// The state after.
    pub to: StateKind,
    /// Index of the transition-table row; `NO_RULE` for the opening event.
    rule: u16,
}

const NO_RULE: u16 = u16::MAX;

impl Record {
    /// The transition-table row that allowed the event (`None` for the opening event).
    pub fn rule(&self) -> Option<&'static TransitionRule> {
        table::TRANSITIONS.get(usize::from(self.rule))
    }
}

/// What `apply` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// The event's sequence number in the log (the opening event is 1).
    pub seq: u64,
    /// The state before.
    pub from: StateKind,
    /// The state after.
    pub to: StateKind,
    /// The row of the transition table that allowed it.
    #[serde(serialize_with = "rule_id")]
    pub rule: &'static TransitionRule,
    /// What the handling body must now do (never returned on replay).
    pub effects: &'static [Effect],
}

fn rule_id<S: serde::Serializer>(r: &&'static TransitionRule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.id)
}

const CONSENT_MEDIATION: u8 = 0;
const CONSENT_AGREEMENT: u8 = 2;
const CONSENT_EXTENSION: u8 = 4;

fn consent_bit(party: Party, subject: ConsentSubject) -> u8 {
    let base = match subject {
        ConsentSubject::Mediation => CONSENT_MEDIATION,
        ConsentSubject::Agreement => CONSENT_AGREEMENT,
        ConsentSubject::Extension => CONSENT_EXTENSION,
    };
    let p = match party {
        Party::Consumer => 0,
        Party::Business => 1,
    };
    1 << (base + p)
}

fn both(subject: ConsentSubject) -> u8 {
    consent_bit(Party::Consumer, subject) | consent_bit(Party::Business, subject)
}

/// A complaint case under one procedure: its state, everything that happened to it, and the
/// facts its deadlines are computed from.
///
/// A `Case` changes only through [`Case::apply`]; it never reads the clock. Two cases built
/// from the same events are equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub(crate) complaint_id: String,
    pub(crate) procedure: Procedure,
    pub(crate) policy: Policy,
    pub(crate) state: StateKind,
    pub(crate) outcome: Option<Outcome>,
    pub(crate) outcome_day: Option<NaiveDate>,
    pub(crate) closed_on: Option<NaiveDate>,
    pub(crate) mediator: Option<Mediator>,
    pub(crate) satisfaction: Option<Satisfaction>,
    pub(crate) consents: u8,
    pub(crate) extended: bool,
    pub(crate) identity_due: Option<NaiveDate>,
    pub(crate) identity_open: bool,
    pub(crate) notified: bool,
    pub(crate) visited: bool,
    pub(crate) pauses: Vec<Pause>,
    pub(crate) tracks: [Track; DEADLINE_KINDS.len()],
    pub(crate) history: Vec<Record>,
}

/// Why a candidate row was refused: a guard failed, or could not be evaluated.
enum Refusal {
    Guard(Guard, String),
    Fatal(Guard, Error),
}

impl From<Error> for Refusal {
    fn from(e: Error) -> Refusal {
        // The guard is filled in by `check_guards`, which knows which one was running.
        Refusal::Fatal(Guard::GroundListed, e)
    }
}

pub(crate) fn check_complaint_id(id: &str) -> Result<(), Error> {
    let bad = |reason| Error::InvalidComplaintId {
        // Echoed cut to 200 characters, an identifier pasted into it masked.
        value: weiquan_support::mask::echo(id),
        reason,
    };
    if id.trim().is_empty() {
        return Err(bad("it is empty"));
    }
    if id.chars().count() as u64 > weiquan_complaint::limits::ID {
        return Err(bad("it has more than 64 characters"));
    }
    Ok(())
}

impl Case {
    /// Opens a case for a complaint received at `received_at`, under the procedure the
    /// selection gives for that date, with the default [`Policy`].
    ///
    /// ```
    /// use weiquan_caseflow::{Case, ProcedureSelection, Procedure, StateKind};
    /// let at = "2024-05-10T09:30:00+08:00".parse()?;
    /// let case = Case::open("SJZ-2024-000123", at, ProcedureSelection::MarketRegulation)?;
    /// assert_eq!(case.procedure(), Procedure::SamrOrder20);
    /// assert_eq!(case.state(), StateKind::Received);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(
        complaint_id: impl Into<String>,
        received_at: DateTime<FixedOffset>,
        selection: ProcedureSelection,
    ) -> Result<Case, Error> {
        Case::open_with(complaint_id, received_at, selection, Policy::default())
    }

    /// Opens a case with an explicit policy.
    pub fn open_with(
        complaint_id: impl Into<String>,
        received_at: DateTime<FixedOffset>,
        selection: ProcedureSelection,
        policy: Policy,
    ) -> Result<Case, Error> {
        let procedure = selection.resolve(legal_day(received_at))?;
        Case::from_opening(Event::new(
            received_at,
            Actor::System,
            EventKind::Received(Box::new(Opening {
                complaint_id: complaint_id.into(),
                submission_id: None,
                procedure,
                policy,
            })),
        ))
    }

    /// Opens a case for a validated complaint (its id and receipt instant).
    pub fn open_complaint(
        complaint: &Complaint,
        selection: ProcedureSelection,
    ) -> Result<Case, Error> {
        Case::open(complaint.id.clone(), complaint.received_at, selection)
    }

    /// Builds a case from its opening event, checking it as `Case::replay` does.
    pub fn from_opening(event: Event) -> Result<Case, Error> {
        let EventKind::Received(opening) = &event.event else {
            return Err(Error::NotAnOpening { event: event.tag() });
        };
        check_complaint_id(&opening.complaint_id)?;
        if let Some(s) = &opening.submission_id {
            check_complaint_id(s)?;
        }
        let procedure = ProcedureSelection::Exact(opening.procedure).resolve(event.legal_day())?;
        opening.policy.check(procedure)?;
        let mut case = Case {
            complaint_id: opening.complaint_id.clone(),
            procedure,
            policy: opening.policy.clone(),
            state: StateKind::Received,
            outcome: None,
            outcome_day: None,
            closed_on: None,
            mediator: None,
            satisfaction: None,
            consents: 0,
            extended: false,
            identity_due: None,
            identity_open: false,
            notified: false,
            visited: false,
            pauses: Vec::new(),
            tracks: [Track::default(); DEADLINE_KINDS.len()],
            // Room for a typical lifecycle, so that applying rarely reallocates.
            history: Vec::with_capacity(16),
        };
        let mark = Mark {
            seq: 1,
            day: event.legal_day(),
        };
        case.update_tracks(EventTag::Received, Some(StateKind::Received), mark);
        case.history.push(Record {
            event,
            from: StateKind::Received,
            to: StateKind::Received,
            rule: NO_RULE,
        });
        Ok(case)
    }

    /// The complaint's reference.
    pub fn complaint_id(&self) -> &str {
        &self.complaint_id
    }
    /// The procedure the case runs under.
    pub fn procedure(&self) -> Procedure {
        self.procedure
    }
    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }
    /// The current state.
    pub fn state(&self) -> StateKind {
        self.state
    }
    /// How the case ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }
    /// Who mediates, once mediation has started.
    pub fn mediator(&self) -> Option<&Mediator> {
        self.mediator.as_ref()
    }
    /// The consumer's rating, once recorded.
    pub fn satisfaction(&self) -> Option<Satisfaction> {
        self.satisfaction
    }
    /// The suspensions of mediation, in order.
    pub fn pauses(&self) -> &[Pause] {
        &self.pauses
    }
    /// Whether the consumer association's mediation period was extended.
    pub fn extended(&self) -> bool {
        self.extended
    }
    /// Every event with the transition it made, oldest first (the opening is sequence 1).
    pub fn history(&self) -> &[Record] {
        &self.history
    }
    /// The instant the complaint was received.
    pub fn received_at(&self) -> DateTime<FixedOffset> {
        self.history
            .first()
            .map_or_else(DateTime::default, |r| r.event.at)
    }
    /// The instant of the last event.
    pub fn last_at(&self) -> DateTime<FixedOffset> {
        self.history
            .last()
            .map_or_else(DateTime::default, |r| r.event.at)
    }
    /// Number of events recorded, the opening included.
    pub fn len(&self) -> u64 {
        self.history.len() as u64
    }
    /// Makes room for `additional` more events (replay knows how many are coming).
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.history.reserve(additional);
    }
    /// Always false: a case holds at least its opening event.
    pub fn is_empty(&self) -> bool {
        self.history.is_empty()
    }

    /// Applies an event, using the embedded official calendar (with provisional answers for
    /// years it does not cover, which deadlines flag).
    ///
    /// On success the event is recorded and the transition returned with the effects the
    /// handling body must carry out. On failure the case is unchanged and the error names
    /// the state and the event.
    ///
    /// ```
    /// use weiquan_caseflow::{Actor, Case, Event, EventKind, ProcedureSelection, StateKind};
    /// let mut case = Case::open("C-1", "2024-05-10T09:30:00+08:00".parse()?,
    ///                           ProcedureSelection::MarketRegulation)?;
    /// let t = case.apply(Event::new("2024-05-13T10:00:00+08:00".parse()?, Actor::Handler,
    ///                               EventKind::Accepted))?;
    /// assert_eq!((t.from, t.to), (StateKind::Received, StateKind::Accepted));
    /// // Closing an accepted case directly is not a transition of the table.
    /// let err = case.apply(Event::new("2024-05-14T10:00:00+08:00".parse()?, Actor::Handler,
    ///                                 EventKind::Closed)).unwrap_err();
    /// assert_eq!(err.code(), "caseflow.illegal_transition");
    /// assert_eq!(case.state(), StateKind::Accepted);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(&mut self, event: Event) -> Result<Transition, Error> {
        self.apply_on(crate::default_calendar(), event)
    }

    /// Applies an event using `calendar` for the guards that need a due date.
    pub fn apply_on(&mut self, calendar: &Calendar, event: Event) -> Result<Transition, Error> {
        let tag = event.tag();
        let state = self.state;
        let last = self.last_at();
        if event.at < last {
            return Err(Error::TimeWentBackwards {
                state,
                event: tag,
                at: event.at,
                last,
            });
        }
        let mut any_row = false;
        let mut actor_ok = false;
        let mut failure: Option<(Guard, String)> = None;
        let mut chosen = None;
        for (index, row) in table::rows_for(state, tag) {
            if !row.procedures.contains(&self.procedure) {
                continue;
            }
            any_row = true;
            if !row.actors.contains(&event.actor) {
                continue;
            }
            actor_ok = true;
            match self.check_guards(calendar, row, &event) {
                Ok(()) => {
                    chosen = Some((index, row));
                    break;
                }
                Err(Refusal::Fatal(g, e)) => {
                    return Err(match e {
                        Error::Calendar { code, message, .. } => Error::GuardUndecidable {
                            state,
                            event: tag,
                            guard: g,
                            calendar_code: code,
                            message,
                        },
                        other => other,
                    });
                }
                Err(Refusal::Guard(g, detail)) => {
                    failure.get_or_insert((g, detail));
                }
            }
        }
        let Some((index, row)) = chosen else {
            return Err(if !any_row {
                Error::IllegalTransition {
                    state,
                    event: tag,
                    procedure: self.procedure,
                }
            } else if !actor_ok {
                Error::ActorNotAllowed {
                    state,
                    event: tag,
                    actor: event.actor,
                }
            } else {
                let (guard, detail) = failure.unwrap_or((Guard::GroundListed, String::new()));
                Error::GuardFailed {
                    state,
                    event: tag,
                    guard,
                    detail,
                }
            });
        };
        Ok(self.commit(index, row, event))
    }

    /// Records an event that passed the table: nothing here can fail.
    fn commit(&mut self, index: usize, row: &'static TransitionRule, event: Event) -> Transition {
        let seq = self.len() + 1;
        let day = event.legal_day();
        let mark = Mark { seq, day };
        let from = self.state;
        match &event.event {
            EventKind::ConsentGiven { party, subject } => {
                self.consents |= consent_bit(*party, *subject);
            }
            EventKind::IdentityDocumentsRequested { due } => {
                self.identity_due = Some(*due);
                self.identity_open = true;
            }
            EventKind::IdentityDocumentsReceived => self.identity_open = false,
            EventKind::NotAccepted { ground, .. } => {
                self.identity_open = false;
                self.set_outcome(day, Outcome::NotAccepted { ground: *ground });
            }
            EventKind::Transferred { to, basis } => {
                self.identity_open = false;
                self.set_outcome(
                    day,
                    Outcome::Transferred {
                        to: to.clone(),
                        basis: *basis,
                    },
                );
            }
            EventKind::MediationStarted { mediator } => self.mediator = Some(mediator.clone()),
            EventKind::ClockPaused { reason } => self.pauses.push(Pause {
                reason: *reason,
                from: day,
                to: None,
            }),
            EventKind::ClockResumed => self.close_pause(day),
            EventKind::MediationExtended => self.extended = true,
            EventKind::AgreementReached {
                amount_recovered,
                settlement,
            } => {
                // A settlement while suspended ends the suspension that day, as a withdrawal does.
                self.close_pause(day);
                self.set_outcome(
                    day,
                    Outcome::Resolved {
                        amount_recovered: *amount_recovered,
                        settlement: *settlement,
                    },
                );
            }
            EventKind::MediationEnded { ground, .. } => {
                self.close_pause(day);
                self.set_outcome(day, Outcome::MediationFailed { ground: *ground });
            }
            EventKind::TerminationNotified => self.notified = true,
            EventKind::Withdrawn => {
                self.identity_open = false;
                self.close_pause(day);
                self.set_outcome(day, Outcome::Withdrawn);
            }
            EventKind::LitigationSupported => {
                let ground = match self.outcome {
                    Some(Outcome::MediationFailed { ground }) => ground,
                    _ => TerminationGround::OtherLegal,
                };
                self.set_outcome(day, Outcome::LitigationSupported { ground });
            }
            EventKind::SatisfactionRecorded { rating } => self.satisfaction = Some(*rating),
            EventKind::ReturnVisitMade { rating } => {
                self.visited = true;
                if self.satisfaction.is_none() {
                    self.satisfaction = *rating;
                }
            }
            EventKind::DeadlineElapsed { deadline, .. } => {
                if let Some(t) = self.tracks.get_mut(deadline.index()) {
                    t.elapsed = Some(mark);
                }
                if row.to == StateKind::MediationEnded && from != StateKind::MediationEnded {
                    self.close_pause(day);
                    self.set_outcome(
                        day,
                        Outcome::MediationFailed {
                            ground: TerminationGround::PeriodExpired,
                        },
                    );
                }
            }
            EventKind::Received(_) | EventKind::Accepted | EventKind::Closed => {}
        }
        let entered = (row.to != from).then_some(row.to);
        if entered == Some(StateKind::Closed) {
            self.closed_on = Some(day);
        }
        self.update_tracks(event.tag(), entered, mark);
        self.state = row.to;
        self.history.push(Record {
            event,
            from,
            to: row.to,
            rule: u16::try_from(index).unwrap_or(NO_RULE),
        });
        Transition {
            seq,
            from,
            to: row.to,
            rule: row,
            effects: row.effects,
        }
    }

    fn set_outcome(&mut self, day: NaiveDate, outcome: Outcome) {
        self.outcome = Some(outcome);
        self.outcome_day = Some(day);
    }

    fn close_pause(&mut self, day: NaiveDate) {
        if let Some(p) = self.pauses.last_mut()
            && p.to.is_none()
        {
            p.to = Some(day);
        }
    }

    /// Starts and discharges deadlines as the table says.
    fn update_tracks(&mut self, tag: EventTag, entered: Option<StateKind>, mark: Mark) {
        // Most events (consents, suspensions) neither start nor discharge a deadline.
        let (tags, states) = limits::relevance(self.procedure);
        if tags & (1 << tag as u32) == 0 && entered.is_none_or(|s| states & (1 << s as u32) == 0) {
            return;
        }
        for rule in limits::rules_of(self.procedure) {
            let Some(track) = self.tracks.get_mut(rule.kind.index()) else {
                continue;
            };
            let starts = match rule.start {
                Start::Enters(s) => entered == Some(s),
                Start::Event(t) => t == tag,
            };
            let counted =
                self.policy.amount(rule).is_some() || rule.kind == DeadlineKind::IdentityDocuments;
            if starts && counted && track.started.is_none() {
                track.started = Some(mark);
            }
            if track.started.is_some()
                && track.discharged.is_none()
                && rule.discharged_by.contains(&tag)
            {
                track.discharged = Some(mark);
            }
        }
    }

    fn check_guards(
        &self,
        calendar: &Calendar,
        row: &TransitionRule,
        event: &Event,
    ) -> Result<(), Refusal> {
        for &g in row.guards {
            self.check_guard(calendar, g, event).map_err(|r| match r {
                Refusal::Guard(_, d) => Refusal::Guard(g, d),
                Refusal::Fatal(_, e) => Refusal::Fatal(g, e),
            })?;
        }
        Ok(())
    }

    fn check_guard(&self, calendar: &Calendar, guard: Guard, event: &Event) -> Result<(), Refusal> {
        let fail = |detail: String| Err(Refusal::Guard(guard, detail));
        let day = event.legal_day();
        let subject = match &event.event {
            EventKind::ConsentGiven { subject, .. } => Some(*subject),
            _ => None,
        };
        match guard {
            Guard::ConsentToMediation | Guard::ConsentToAgreement | Guard::ConsentToExtension => {
                let want = match guard {
                    Guard::ConsentToMediation => ConsentSubject::Mediation,
                    Guard::ConsentToAgreement => ConsentSubject::Agreement,
                    _ => ConsentSubject::Extension,
                };
                if subject != Some(want) {
                    return fail(format!("subject is {subject:?}, expected {want:?}"));
                }
            }
            Guard::ConsentByThatParty => {
                if let EventKind::ConsentGiven { party, .. } = &event.event {
                    let ok = matches!(
                        (event.actor, party),
                        (Actor::Handler, _)
                            | (Actor::Consumer, Party::Consumer)
                            | (Actor::Business, Party::Business)
                    );
                    if !ok {
                        return fail(format!(
                            "actor {:?} cannot consent for party {party:?}",
                            event.actor
                        ));
                    }
                }
            }
            Guard::NoIdentityRequest => {
                if let Some(due) = self.identity_due {
                    return fail(format!("identity documents already requested (due {due})"));
                }
            }
            Guard::IdentityDueNotPast => {
                if let EventKind::IdentityDocumentsRequested { due } = &event.event
                    && *due < day
                {
                    return fail(format!("due date {due} is before the request on {day}"));
                }
            }
            Guard::IdentityRequestOpen => {
                if !self.identity_open {
                    return fail("no identity documents are outstanding".to_owned());
                }
            }
            Guard::IdentityNotOutstanding => {
                if self.identity_open {
                    return fail(format!(
                        "identity documents requested for {} are outstanding",
                        self.identity_due
                            .map_or_else(String::new, |d| d.to_string())
                    ));
                }
            }
            Guard::GroundListed | Guard::BasisListed => {
                let item = match &event.event {
                    EventKind::NotAccepted { ground, .. } => Some(ListItem::NonAcceptance(*ground)),
                    EventKind::MediationEnded { ground, .. } => {
                        Some(ListItem::Termination(*ground))
                    }
                    EventKind::Transferred { basis, .. } => Some(ListItem::Transfer(*basis)),
                    _ => None,
                };
                if let Some(item) = item
                    && grounds::find(self.procedure, item).is_none()
                {
                    return fail(format!(
                        "{} is not in the list of {}",
                        item.code(),
                        self.procedure.id()
                    ));
                }
                // The facts stated with the ground must be ones the item covers (who
                // refused, what the testing dispute was about).
                if let EventKind::MediationEnded {
                    ground,
                    by,
                    testing,
                    ..
                } = &event.event
                    && let Some(why) =
                        grounds::termination_facts_unfit(self.procedure, *ground, *by, *testing)
                {
                    return fail(why);
                }
            }
            Guard::MediatedAgreement | Guard::SelfSettled => {
                if let EventKind::AgreementReached { settlement, .. } = &event.event {
                    let want = if guard == Guard::SelfSettled {
                        Settlement::SelfSettlement
                    } else {
                        Settlement::Mediation
                    };
                    if *settlement != want {
                        return fail(format!("settlement is {settlement:?}, expected {want:?}"));
                    }
                }
            }
            Guard::BothConsentedToMediation
            | Guard::BothConsentedToAgreement
            | Guard::BothConsentedToExtension => {
                let subject = match guard {
                    Guard::BothConsentedToMediation => ConsentSubject::Mediation,
                    Guard::BothConsentedToAgreement => ConsentSubject::Agreement,
                    _ => ConsentSubject::Extension,
                };
                let need = both(subject);
                if self.consents & need != need {
                    let missing: Vec<&str> = [Party::Consumer, Party::Business]
                        .into_iter()
                        .filter(|p| self.consents & consent_bit(*p, subject) == 0)
                        .map(|p| match p {
                            Party::Consumer => "consumer",
                            Party::Business => "business",
                        })
                        .collect();
                    return fail(format!(
                        "no recorded consent to {subject:?} from {}",
                        missing.join(" and ")
                    ));
                }
            }
            Guard::DelegationAllowed => {
                if let EventKind::MediationStarted {
                    mediator: Mediator::Delegated { body },
                } = &event.event
                    && !self.procedure.is_market_regulation()
                {
                    return fail(format!(
                        "{} cannot delegate mediation (to {body})",
                        self.procedure.id()
                    ));
                }
            }
            Guard::WithinMediationPeriod => {
                let variant = if self.extended {
                    Variant::Extended
                } else {
                    Variant::Normal
                };
                // Only a period whose end ends mediation bounds the agreement.
                let bounded = limits::rule(self.procedure, DeadlineKind::MediationPeriod, variant)
                    .is_some_and(|r| r.ends_mediation);
                if bounded
                    && let Some(d) = self.due(calendar, DeadlineKind::MediationPeriod, day)?
                    && day > d.due
                {
                    return fail(format!(
                        "the mediation period ended on {}; agreement dated {day}",
                        d.due
                    ));
                }
            }
            Guard::NotExtended => {
                if self.extended {
                    return fail("the mediation period was already extended".to_owned());
                }
            }
            Guard::PeriodExpiredOnlyAfterDue => {
                if let EventKind::MediationEnded {
                    ground: TerminationGround::PeriodExpired,
                    ..
                } = &event.event
                {
                    match self.due(calendar, DeadlineKind::MediationPeriod, day)? {
                        Some(d) if day > d.due => {}
                        Some(d) => {
                            return fail(format!(
                                "the mediation period runs until {}; ended on {day}",
                                d.due
                            ));
                        }
                        None => return fail("no mediation period is running".to_owned()),
                    }
                }
            }
            Guard::TerminationNotified => {
                let due = self
                    .tracks
                    .get(DeadlineKind::TerminationNotice.index())
                    .is_some_and(|t| t.started.is_some());
                if due && !self.notified {
                    return fail(
                        "the parties have not been notified that mediation ended".to_owned(),
                    );
                }
            }
            Guard::NotYetNotified => {
                if self.notified {
                    return fail("the parties were already notified".to_owned());
                }
            }
            Guard::NotYetRated => {
                if let Some(r) = self.satisfaction {
                    return fail(format!("already rated {r:?}"));
                }
            }
            Guard::NotYetVisited => {
                if self.visited {
                    return fail("the return visit was already made".to_owned());
                }
            }
            Guard::DeadlineHasElapsed | Guard::ElapsedEndsMediation => {
                let EventKind::DeadlineElapsed { deadline, due } = &event.event else {
                    return Ok(());
                };
                if guard == Guard::ElapsedEndsMediation {
                    let ends = *deadline == DeadlineKind::MediationPeriod
                        && self
                            .due(calendar, *deadline, day)?
                            .is_some_and(|d| d.rule.ends_mediation);
                    if !ends {
                        return fail(format!("{} does not end mediation", deadline.code()));
                    }
                    return Ok(());
                }
                let track = self
                    .tracks
                    .get(deadline.index())
                    .copied()
                    .unwrap_or_default();
                if track.started.is_none() {
                    return fail(format!("{} is not running", deadline.code()));
                }
                if track.discharged.is_some() {
                    return fail(format!("{} was already met", deadline.code()));
                }
                if track.elapsed.is_some() {
                    return fail(format!(
                        "{} was already recorded as elapsed",
                        deadline.code()
                    ));
                }
                let Some(d) = self.due(calendar, *deadline, day)? else {
                    return fail(format!("{} has no due date", deadline.code()));
                };
                if d.due != *due {
                    return fail(format!(
                        "{} is due {}, the event says {due}",
                        deadline.code(),
                        d.due
                    ));
                }
                if day <= d.due {
                    return fail(format!(
                        "{} is due {}, which has not passed on {day}",
                        deadline.code(),
                        d.due
                    ));
                }
            }
        }
        Ok(())
    }
}
