//! Helpers shared by the integration tests: terse events and a runner that records which
//! transition-table rows were used.

#![allow(dead_code, reason = "each test file uses a different subset")]

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use weiquan_caseflow::{
    Actor, Case, ConsentSubject, Event, EventKind, Party, Policy, ProcedureSelection, Transition,
};

/// `"2024-05-13 10:00"` in CST.
pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_str(&format!("{s} +08:00"), "%Y-%m-%d %H:%M %z").unwrap()
}

/// `"2024-05-13"`.
pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn ev(when: &str, actor: Actor, kind: EventKind) -> Event {
    Event::new(at(when), actor, kind)
}

/// A case and the rows its transitions used.
pub struct Run {
    pub case: Case,
    pub used: BTreeSet<&'static str>,
}

impl Run {
    pub fn open(received: &str, selection: ProcedureSelection) -> Run {
        Run::open_with(received, selection, Policy::default())
    }

    pub fn open_with(received: &str, selection: ProcedureSelection, policy: Policy) -> Run {
        Run {
            case: Case::open_with("T-1", at(received), selection, policy).unwrap(),
            used: BTreeSet::new(),
        }
    }

    /// Applies an event that must succeed.
    pub fn ok(&mut self, when: &str, actor: Actor, kind: EventKind) -> Transition {
        let t = self
            .case
            .apply(ev(when, actor, kind.clone()))
            .unwrap_or_else(|e| panic!("{when} {kind:?}: {e}"));
        self.used.insert(t.rule.id);
        t
    }

    pub fn handler(&mut self, when: &str, kind: EventKind) -> Transition {
        self.ok(when, Actor::Handler, kind)
    }

    /// Both parties consent (each for itself).
    pub fn consent(&mut self, when: &str, subject: ConsentSubject) {
        self.ok(
            when,
            Actor::Consumer,
            EventKind::ConsentGiven {
                party: Party::Consumer,
                subject,
            },
        );
        self.ok(
            when,
            Actor::Business,
            EventKind::ConsentGiven {
                party: Party::Business,
                subject,
            },
        );
    }

    /// Records every deadline that passed by `as_of`.
    pub fn advance(&mut self, as_of: &str) -> Vec<Transition> {
        let ts = self.case.advance_to(day(as_of)).unwrap();
        for t in &ts {
            self.used.insert(t.rule.id);
        }
        ts
    }

    /// Applies an event that must be refused, checking that nothing changed.
    pub fn refused(
        &mut self,
        when: &str,
        actor: Actor,
        kind: EventKind,
    ) -> weiquan_caseflow::Error {
        let before = self.case.clone();
        let e = self.case.apply(ev(when, actor, kind)).unwrap_err();
        assert_eq!(self.case, before, "a refused event changed the case");
        e
    }
}
