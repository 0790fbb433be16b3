//! Realistic synthetic lifecycles, for the end-to-end demo, the benchmarks and the property
//! tests: acceptance (sometimes late), transfers, refusals, mediation (sometimes delegated,
//! sometimes paused for appraisal or a recusal), agreements, failures, overdue periods
//! recorded by `deadline_elapsed`, notices, closure and ratings.
//!
//! The proportions are illustrative, not statistics: the CCA publishes a resolution rate
//! (76.29% in 2020) but not the rest of this mix.

use chrono::{DateTime, Days, Duration, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use weiquan_caseflow::grounds::{
    self, ListItem, ListKind, NonAcceptanceGround, TerminationGround, TransferBasis,
};
use weiquan_caseflow::{
    Actor, Calendar, Case, ConsentSubject, DeadlineKind, Error, Event, EventKind, Mediator, Party,
    PauseReason, Procedure, ProcedureSelection, Satisfaction, Settlement, StateKind, legal_day,
    start_of_day,
};
use weiquan_complaint::Yuan;

use crate::generate::Rng;

/// Plays lifecycles from a seed: the same seed and inputs give the same cases.
///
/// ```
/// use weiquan_synth::simulate::Lifecycle;
/// use weiquan_caseflow::ProcedureSelection;
/// use weiquan_complaint::Yuan;
/// let mut life = Lifecycle::new(42);
/// let case = life.play("C-1", "2025-09-01T10:00:00+08:00".parse()?,
///                      ProcedureSelection::MarketRegulation, Yuan::from_yuan(899))?;
/// assert!(!case.state().is_open());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Lifecycle {
    rng: Rng,
    /// The body a bureau delegates mediation to.
    pub delegate: String,
    /// The body complaints are transferred to.
    pub transfer_to: String,
}

/// A clock that only moves forward, placing events in office hours on working days.
struct Clock<'c> {
    cal: &'c Calendar,
    now: DateTime<FixedOffset>,
}

impl Clock<'_> {
    fn day(&self) -> NaiveDate {
        legal_day(self.now)
    }
    /// Moves to `wd` working days later, at a random office-hour minute.
    fn after(&mut self, rng: &mut Rng, wd: u32) -> Result<DateTime<FixedOffset>, Error> {
        let day = self.cal.add_working_days(self.day(), wd)?;
        let minute = 9 * 60 + rng.below(8 * 60) as i64;
        let at = start_of_day(day) + Duration::minutes(minute);
        self.now = if at > self.now {
            at
        } else {
            self.now + Duration::minutes(1 + rng.below(30) as i64)
        };
        Ok(self.now)
    }
}

impl Lifecycle {
    /// A player seeded with `seed`.
    pub fn new(seed: u64) -> Lifecycle {
        Lifecycle {
            rng: Rng::new(seed),
            delegate: "石家庄市消费者协会".to_owned(),
            transfer_to: "石家庄市长安区市场监督管理局".to_owned(),
        }
    }

    /// Opens a case and plays a whole lifecycle on the default calendar. `amount_paid` is
    /// what the consumer paid; what they recover is drawn relative to it.
    pub fn play(
        &mut self,
        complaint_id: &str,
        received_at: DateTime<FixedOffset>,
        selection: ProcedureSelection,
        amount_paid: Yuan,
    ) -> Result<Case, Error> {
        self.play_on(
            weiquan_caseflow::default_calendar(),
            complaint_id,
            received_at,
            selection,
            amount_paid,
        )
    }

    /// [`Lifecycle::play`] with an explicit calendar.
    pub fn play_on(
        &mut self,
        cal: &Calendar,
        complaint_id: &str,
        received_at: DateTime<FixedOffset>,
        selection: ProcedureSelection,
        amount_paid: Yuan,
    ) -> Result<Case, Error> {
        let mut case = Case::open(complaint_id, received_at, selection)?;
        let mut clock = Clock {
            cal,
            now: received_at,
        };
        self.intake(cal, &mut case, &mut clock)?;
        if case.state() == StateKind::Accepted {
            self.mediation(cal, &mut case, &mut clock, amount_paid)?;
        }
        self.finish(cal, &mut case, &mut clock)?;
        Ok(case)
    }

    fn apply(
        &mut self,
        cal: &Calendar,
        case: &mut Case,
        clock: &Clock<'_>,
        actor: Actor,
        event: EventKind,
    ) -> Result<(), Error> {
        // Deadlines that passed before this moment are recorded first, as a service would.
        case.advance_to_on(cal, clock.day())?;
        let at = clock.now.max(case.last_at());
        case.apply_on(cal, Event::new(at, actor, event)).map(|_| ())
    }

    fn pick_item(
        &mut self,
        procedure: Procedure,
        kind: ListKind,
        skip: &[ListItem],
    ) -> Option<ListItem> {
        let items: Vec<ListItem> = grounds::list(procedure, kind)
            .map(|r| r.item)
            .filter(|i| !skip.contains(i))
            .collect();
        self.rng.pick(&items).copied()
    }

    /// Identity check (Order No. 121), then the acceptance decision, sometimes late.
    fn intake(
        &mut self,
        cal: &Calendar,
        case: &mut Case,
        clock: &mut Clock<'_>,
    ) -> Result<(), Error> {
        let procedure = case.procedure();
        if procedure == Procedure::SamrOrder121 && self.rng.chance(0.03) {
            clock.after(&mut self.rng, 1)?;
            let due = clock
                .day()
                .checked_add_days(Days::new(10))
                .unwrap_or(NaiveDate::MAX);
            self.apply(
                cal,
                case,
                clock,
                Actor::Handler,
                EventKind::IdentityDocumentsRequested { due },
            )?;
            if self.rng.chance(0.8) {
                let wd = 1 + self.rng.below(5) as u32;
                clock.after(&mut self.rng, wd)?;
                self.apply(
                    cal,
                    case,
                    clock,
                    Actor::Consumer,
                    EventKind::IdentityDocumentsReceived,
                )?;
            } else {
                clock.after(&mut self.rng, 10)?;
                let ground = NonAcceptanceGround::IdentityImpersonationOrRefusal;
                return self.apply(
                    cal,
                    case,
                    clock,
                    Actor::Handler,
                    EventKind::NotAccepted { ground, note: None },
                );
            }
        }
        // Mostly within the 7 working days; about 6% late.
        let wd = if self.rng.chance(0.06) {
            8 + self.rng.below(5) as u32
        } else {
            1 + self.rng.below(6) as u32
        };
        clock.after(&mut self.rng, wd)?;
        let roll = self.rng.unit();
        if roll < 0.08 {
            let basis = match self.pick_item(procedure, ListKind::Transfer, &[]) {
                Some(ListItem::Transfer(b)) => b,
                _ => TransferBasis::DispatchedToCompetent,
            };
            let to = self.transfer_to.clone();
            self.apply(
                cal,
                case,
                clock,
                Actor::Handler,
                EventKind::Transferred { to, basis },
            )
        } else if roll < 0.18 {
            let skip = [ListItem::NonAcceptance(
                NonAcceptanceGround::IdentityImpersonationOrRefusal,
            )];
            let Some(ListItem::NonAcceptance(ground)) =
                self.pick_item(procedure, ListKind::NonAcceptance, &skip)
            else {
                return Ok(());
            };
            self.apply(
                cal,
                case,
                clock,
                Actor::Handler,
                EventKind::NotAccepted { ground, note: None },
            )
        } else if roll < 0.21 {
            self.apply(cal, case, clock, Actor::Consumer, EventKind::Withdrawn)
        } else {
            self.apply(cal, case, clock, Actor::Handler, EventKind::Accepted)
        }
    }

    fn consent(
        &mut self,
        cal: &Calendar,
        case: &mut Case,
        clock: &Clock<'_>,
        subject: ConsentSubject,
    ) -> Result<(), Error> {
        self.apply(
            cal,
            case,
            clock,
            Actor::Consumer,
            EventKind::ConsentGiven {
                party: Party::Consumer,
                subject,
            },
        )?;
        self.apply(
            cal,
            case,
            clock,
            Actor::Business,
            EventKind::ConsentGiven {
                party: Party::Business,
                subject,
            },
        )
    }

    fn end(
        &mut self,
        cal: &Calendar,
        case: &mut Case,
        clock: &Clock<'_>,
        ground: TerminationGround,
    ) -> Result<(), Error> {
        self.apply(
            cal,
            case,
            clock,
            Actor::Handler,
            EventKind::MediationEnded {
                ground,
                by: None,
                testing: None,
                note: None,
            },
        )
    }

    fn mediation(
        &mut self,
        cal: &Calendar,
        case: &mut Case,
        clock: &mut Clock<'_>,
        amount_paid: Yuan,
    ) -> Result<(), Error> {
        let procedure = case.procedure();
        if self.rng.chance(0.05) {
            clock.after(&mut self.rng, 2)?;
            return self.end(cal, case, clock, TerminationGround::AbsentOrRefused);
        }
        self.consent(cal, case, clock, ConsentSubject::Mediation)?;
        let wd = 1 + self.rng.below(3) as u32;
        clock.after(&mut self.rng, wd)?;
        let mediator = if procedure.is_market_regulation() && self.rng.chance(0.1) {
            Mediator::Delegated {
                body: self.delegate.clone(),
            }
        } else {
            Mediator::Own
        };
        self.apply(
            cal,
            case,
            clock,
            Actor::Handler,
            EventKind::MediationStarted { mediator },
        )?;
        if self.rng.chance(0.08) {
            let reason = *self
                .rng
                .pick(&[
                    PauseReason::Appraisal,
                    PauseReason::Testing,
                    PauseReason::Inspection,
                ])
                .unwrap_or(&PauseReason::Appraisal);
            clock.after(&mut self.rng, 2)?;
            self.apply(
                cal,
                case,
                clock,
                Actor::Handler,
                EventKind::ClockPaused { reason },
            )?;
            let wd = 5 + self.rng.below(15) as u32;
            clock.after(&mut self.rng, wd)?;
            self.apply(cal, case, clock, Actor::Handler, EventKind::ClockResumed)?;
        } else if self.rng.chance(0.02) {
            clock.after(&mut self.rng, 1)?;
            self.apply(
                cal,
                case,
                clock,
                Actor::Handler,
                EventKind::ClockPaused {
                    reason: PauseReason::Recusal,
                },
            )?;
            let wd = 2 + self.rng.below(3) as u32;
            clock.after(&mut self.rng, wd)?;
            self.apply(cal, case, clock, Actor::Handler, EventKind::ClockResumed)?;
        }
        let roll = self.rng.unit();
        if roll < 0.70 {
            let wd = 2 + self.rng.below(15) as u32;
            clock.after(&mut self.rng, wd)?;
            // Past the period under Order 121 (60 days) the machine refuses the agreement;
            // the case then ends by the period instead.
            case.advance_to_on(cal, clock.day())?;
            if case.state() != StateKind::InMediation {
                return Ok(());
            }
            self.consent(cal, case, clock, ConsentSubject::Agreement)?;
            let amount_recovered = self.recovered(amount_paid);
            let settlement = if self.rng.chance(0.1) {
                Settlement::SelfSettlement
            } else {
                Settlement::Mediation
            };
            self.apply(
                cal,
                case,
                clock,
                Actor::Handler,
                EventKind::AgreementReached {
                    amount_recovered,
                    settlement,
                },
            )
        } else if roll < 0.80 {
            // Overdue: the period runs out (under a consumer association, after an extension
            // half of the time).
            if procedure == Procedure::ConsumerAssociation && self.rng.chance(0.5) {
                clock.after(&mut self.rng, 5)?;
                self.consent(cal, case, clock, ConsentSubject::Extension)?;
                self.apply(
                    cal,
                    case,
                    clock,
                    Actor::Handler,
                    EventKind::MediationExtended,
                )?;
            }
            let due = case
                .deadlines_on(cal, clock.day())?
                .into_iter()
                .find(|d| d.kind == DeadlineKind::MediationPeriod)
                .map_or(clock.day(), |d| d.due);
            let wd = cal
                .working_days_between(clock.day(), due)?
                .saturating_add(1 + self.rng.below(3) as u32);
            clock.after(&mut self.rng, wd)?;
            case.advance_to_on(cal, clock.day())?;
            if case.state() == StateKind::InMediation {
                self.end(cal, case, clock, TerminationGround::PeriodExpired)?;
            }
            Ok(())
        } else if roll < 0.95 {
            let wd = 3 + self.rng.below(10) as u32;
            clock.after(&mut self.rng, wd)?;
            self.end(cal, case, clock, TerminationGround::NoAgreementPossible)
        } else {
            clock.after(&mut self.rng, 2)?;
            self.apply(cal, case, clock, Actor::Consumer, EventKind::Withdrawn)
        }
    }

    fn recovered(&mut self, paid: Yuan) -> Yuan {
        let r = self.rng.unit();
        let pct: u32 = if r < 0.5 {
            100
        } else if r < 0.8 {
            30 + self.rng.below(61) as u32
        } else {
            0 // repair or replacement: nothing paid back
        };
        paid.checked_mul_ratio(Decimal::from(pct), Decimal::ONE_HUNDRED)
            .unwrap_or(paid)
    }

    /// Notice (sometimes late), litigation support, closure, rating, return visit.
    fn finish(
        &mut self,
        cal: &Calendar,
        case: &mut Case,
        clock: &mut Clock<'_>,
    ) -> Result<(), Error> {
        if case.state() == StateKind::MediationEnded {
            let wd = if self.rng.chance(0.05) {
                8 + self.rng.below(3) as u32
            } else {
                1 + self.rng.below(5) as u32
            };
            clock.after(&mut self.rng, wd)?;
            self.apply(
                cal,
                case,
                clock,
                Actor::Handler,
                EventKind::TerminationNotified,
            )?;
            if case.procedure() == Procedure::ConsumerAssociation && self.rng.chance(0.2) {
                clock.after(&mut self.rng, 2)?;
                self.apply(
                    cal,
                    case,
                    clock,
                    Actor::Handler,
                    EventKind::LitigationSupported,
                )?;
            }
        }
        if case.state().is_open() {
            return Ok(());
        }
        let wd = self.rng.below(3) as u32;
        clock.after(&mut self.rng, wd)?;
        self.apply(cal, case, clock, Actor::Handler, EventKind::Closed)?;
        if self.rng.chance(0.7) {
            let rating = *self
                .rng
                .pick(&[
                    Satisfaction::Satisfied,
                    Satisfaction::Satisfied,
                    Satisfaction::BasicallySatisfied,
                    Satisfaction::Dissatisfied,
                ])
                .unwrap_or(&Satisfaction::Satisfied);
            clock.after(&mut self.rng, 1)?;
            self.apply(
                cal,
                case,
                clock,
                Actor::Consumer,
                EventKind::SatisfactionRecorded { rating },
            )?;
        }
        if case.procedure() == Procedure::SamrOrder121 && self.rng.chance(0.5) {
            clock.after(&mut self.rng, 3)?;
            self.apply(
                cal,
                case,
                clock,
                Actor::Handler,
                EventKind::ReturnVisitMade { rating: None },
            )?;
        }
        Ok(())
    }
}
