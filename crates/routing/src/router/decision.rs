//! The decision: the candidate bodies, ranked, with the warnings, the legal basis in force
//! and the trail of rules tried, rebuilt and rendered on request.

use chrono::NaiveDate;
use smallvec::SmallVec;
use weiquan_complaint::DivisionCode;
use weiquan_law::Citation;

use super::warnings::Warning;
use super::{Router, Rule, Target};
use crate::body::{BodyKind, BodyRef, BodyView};
use crate::matcher::{Cond, Facts, Mismatch, Party};

/// How the candidates were ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ranking {
    /// In the order of the rules that found them.
    RuleOrder,
    /// The receiving body first (it received the complaint first), then rule order.
    ReceivedFirst,
}

/// Inline room for the usual number of warnings and candidates: more spill to the heap.
pub(super) type Warnings<'r> = SmallVec<[Warning<'r>; 3]>;
pub(super) type Cands = SmallVec<[Cand; 3]>;

/// One candidate body, as found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cand {
    pub(super) body: BodyRef,
    /// The rule whose result named it (the fallback's when one was used).
    pub(super) rule: u32,
}

/// Why a matching rule's result named no body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// The result is a body at a party's division, and that division is not known.
    DivisionUnknown {
        /// Whose division.
        party: Party,
    },
    /// No body of the kind serves the division (and none is generated for the kind).
    NoBody {
        /// The kind of body.
        kind: BodyKind,
        /// Whose division.
        party: Party,
        /// The division.
        code: DivisionCode,
    },
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::DivisionUnknown { party } => {
                write!(
                    f,
                    "the rule's body is at the {}'s division, which is not known",
                    party.en()
                )
            }
            Unresolved::NoBody { kind, party, code } => {
                write!(
                    f,
                    "no {kind} body serves the {}'s division {code}",
                    party.en()
                )
            }
        }
    }
}

/// A candidate body of a decision, with its rank and the rule that named it.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'r> {
    /// 1 for the body that handles the complaint.
    pub rank: usize,
    /// The body.
    pub body: BodyView<'r>,
    /// The rule whose result named it.
    pub rule: &'r Rule,
}

/// What happened at one rule, for the trail.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'r> {
    /// The rule matched and named a body (its rank among the candidates).
    Matched {
        /// The body.
        body: BodyView<'r>,
        /// Its rank.
        rank: usize,
    },
    /// The rule matched, its own body could not be found, and its fallback's was used.
    ViaFallback {
        /// The fallback rule.
        to: &'r Rule,
        /// The body.
        body: BodyView<'r>,
        /// Its rank.
        rank: usize,
    },
    /// The rule matched but named no body.
    Unresolved(Unresolved),
    /// The rule did not match.
    NotMatched(Mismatch),
}

impl Outcome<'_> {
    /// `matched`, `via_fallback`, `unresolved` or `not_matched`.
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::Matched { .. } => "matched",
            Outcome::ViaFallback { .. } => "via_fallback",
            Outcome::Unresolved(_) => "unresolved",
            Outcome::NotMatched(_) => "not_matched",
        }
    }

    /// Why, in a machine code: the failed condition's code, or `None` for a match.
    pub fn reason_code(&self) -> Option<&'static str> {
        match self {
            Outcome::NotMatched(m) => Some(m.code()),
            Outcome::Unresolved(Unresolved::DivisionUnknown { .. }) => Some("division_unknown"),
            Outcome::Unresolved(Unresolved::NoBody { .. }) => Some("no_body"),
            _ => None,
        }
    }

    /// What happened, in English.
    pub fn message(&self) -> String {
        match self {
            Outcome::Matched { body, rank } => format!("matched: {} (candidate {rank})", body.id()),
            Outcome::ViaFallback { to, body, rank } => {
                format!(
                    "matched; fallback {} named {} (candidate {rank})",
                    to.id,
                    body.id()
                )
            }
            Outcome::Unresolved(u) => format!("matched, but {u}"),
            Outcome::NotMatched(m) => m.to_string(),
        }
    }
}

/// One step of the trail: a rule tried and what came of it.
#[derive(Debug, Clone, Copy)]
pub struct TrailStep<'r> {
    /// The rule.
    pub rule: &'r Rule,
    /// What happened.
    pub outcome: Outcome<'r>,
}

/// The decision for one complaint. It borrows the router; nothing is allocated to make it
/// (the trail is rebuilt on request by [`RoutingDecision::trail`]).
#[derive(Debug, Clone)]
pub struct RoutingDecision<'r> {
    pub(super) router: &'r Router,
    pub(super) facts: Facts,
    pub(super) candidates: Cands,
    pub(super) warnings: Warnings<'r>,
    pub(super) ranking: Ranking,
    pub(super) stopped_at: usize,
}

impl<'r> RoutingDecision<'r> {
    fn top(&self) -> Cand {
        // A decision always has a candidate: route() returns an error otherwise.
        self.candidates.first().copied().unwrap_or(Cand {
            body: BodyRef::Listed(u32::MAX),
            rule: u32::MAX,
        })
    }

    /// The body that handles the complaint (the first candidate).
    pub fn body(&self) -> BodyView<'r> {
        BodyView::new(self.router, self.top().body)
    }

    /// The rule that named it.
    pub fn rule(&self) -> &'r Rule {
        let rules = self.router.rules();
        rules
            .get(self.top().rule as usize)
            .or_else(|| rules.first())
            .unwrap_or_else(|| unreachable_rule())
    }

    /// The legal basis: the rule's citations whose cited text was in force on the received
    /// date, each borrowing its instrument from weiquan-law's registry (or from the ruleset's
    /// own instruments).
    pub fn basis(&self) -> impl Iterator<Item = Citation<'r>> + 'r {
        self.router.in_force(&self.rule().basis, self.facts.ts)
    }

    /// Every candidate, ranked (rank 1 is [`RoutingDecision::body`]).
    pub fn candidates(&self) -> impl Iterator<Item = Candidate<'r>> + '_ {
        let rules = self.router.rules();
        self.candidates
            .iter()
            .enumerate()
            .filter_map(move |(i, c)| {
                Some(Candidate {
                    rank: i + 1,
                    body: BodyView::new(self.router, c.body),
                    rule: rules.get(c.rule as usize)?,
                })
            })
    }

    /// How many candidates.
    pub fn candidate_count(&self) -> usize {
        self.candidates.len()
    }

    /// The warnings.
    pub fn warnings(&self) -> &[Warning<'r>] {
        &self.warnings
    }

    /// How the candidates were ranked.
    pub fn ranking(&self) -> Ranking {
        self.ranking
    }

    /// The tie rule's basis in force on the received date (Art. 13: first received).
    pub fn ranking_basis(&self) -> impl Iterator<Item = Citation<'r>> + 'r {
        self.router
            .in_force(&self.router.ranking_basis, self.facts.ts)
    }

    /// The received date in China Standard Time.
    pub fn received_date(&self) -> NaiveDate {
        self.facts.received_date()
    }

    /// The router that decided.
    pub fn router(&self) -> &'r Router {
        self.router
    }

    /// Every rule tried, in order, up to the one that ended the search, and what came of
    /// each: the condition that failed, or the body it named.
    pub fn trail(&self) -> Vec<TrailStep<'r>> {
        let r = self.router;
        let rank_of = |b: BodyRef| {
            self.candidates
                .iter()
                .position(|c| c.body == b)
                .map_or(0, |p| p + 1)
        };
        r.rules
            .iter()
            .enumerate()
            .take(self.stopped_at + 1)
            .map(|(i, rule)| {
                let outcome = match rule.cond.check(&self.facts) {
                    Err(m) => Outcome::NotMatched(m),
                    Ok(()) => match r.resolve_target(i, &self.facts) {
                        Err(u) => Outcome::Unresolved(u),
                        Ok((body, via)) if via == i => Outcome::Matched {
                            body: BodyView::new(r, body),
                            rank: rank_of(body),
                        },
                        Ok((body, via)) => Outcome::ViaFallback {
                            to: r.rules.get(via).unwrap_or(rule),
                            body: BodyView::new(r, body),
                            rank: rank_of(body),
                        },
                    },
                };
                TrailStep { rule, outcome }
            })
            .collect()
    }

    /// The decision as a serialisable report (what `weiquan route` writes).
    pub fn report(&self, complaint_id: &str) -> crate::report::DecisionReport {
        crate::report::DecisionReport::new(self, complaint_id)
    }
}

/// Never called: a router always has the rule its decisions name. Kept panic-free.
fn unreachable_rule() -> &'static Rule {
    static EMPTY: std::sync::OnceLock<Rule> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Rule {
        id: String::new(),
        title: String::new(),
        continues: false,
        note: None,
        cond: Cond::default(),
        target: Target::Body(u32::MAX),
        fallback: None,
        basis: Vec::new(),
        eras: Vec::new(),
    })
}
