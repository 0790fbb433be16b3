//! Case deadlines (`weiquan-caseflow`): the statutory time limits a consumer can expect,
//! for a complaint received at a given instant and the events since.

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use weiquan_caseflow::{
    Actor, Case, Deadline, Event, EventKind, Procedure, ProcedureSelection, StateKind,
};

use crate::Error;

/// One event of the case after its receipt, in the case log's format.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseEvent {
    /// When it happened (RFC 3339 with offset).
    pub at: DateTime<FixedOffset>,
    /// Who caused it.
    pub actor: Actor,
    /// What happened, with its details.
    pub event: EventKind,
}

/// A question about a case's deadlines.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineQuery {
    /// When the complaint was received (RFC 3339 with offset).
    pub received_at: DateTime<FixedOffset>,
    /// Whose procedure: `market_regulation` (default: SAMR Order No. 20 or No. 121 by the
    /// date received), `consumer_association`, or a named procedure in force on that date,
    /// `{"exact": "samr_order_121"}`.
    #[serde(default = "market_regulation")]
    pub procedure: ProcedureSelection,
    /// The date the deadlines are evaluated on (default: today in China Standard Time).
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
    /// The events since receipt, in order (e.g. `{"at": ..., "actor": "handler", "event":
    /// "accepted"}`).
    #[serde(default)]
    pub events: Vec<CaseEvent>,
}

/// The procedure of a query that names none: the 12315 intake's, the one a complaint form
/// files with.
fn market_regulation() -> ProcedureSelection {
    ProcedureSelection::MarketRegulation
}

/// The deadlines of a case as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CaseDeadlines {
    /// The procedure in force for the case, e.g. `samr_order_20`.
    pub procedure: Procedure,
    /// The procedure's name in Chinese.
    pub procedure_zh: &'static str,
    /// The procedure's name in English.
    pub procedure_en: &'static str,
    /// The case's state after the events, e.g. `received`, `accepted`.
    pub state: StateKind,
    /// The state's name in Chinese.
    pub state_zh: &'static str,
    /// The state's name in English.
    pub state_en: &'static str,
    /// The date evaluated on.
    pub as_of: NaiveDate,
    /// Every time limit running or kept, in the table's order.
    pub deadlines: Vec<Deadline>,
}

/// `caseDeadlines`: opens the case, applies the events, and lists its deadlines.
pub fn deadlines(query: DeadlineQuery) -> Result<CaseDeadlines, Error> {
    let at = |pointer: &str| {
        let pointer = pointer.to_owned();
        move |source| Error::at(pointer, source)
    };
    let mut case =
        Case::open("preview", query.received_at, query.procedure).map_err(at("/receivedAt"))?;
    for (i, e) in query.events.into_iter().enumerate() {
        case.apply(Event::new(e.at, e.actor, e.event))
            .map_err(at(&format!("/events/{i}")))?;
    }
    let as_of = query.as_of.unwrap_or_else(crate::edge::today);
    let deadlines = case.deadlines(as_of).map_err(at(""))?;
    let (procedure, state) = (case.procedure(), case.state());
    Ok(CaseDeadlines {
        procedure,
        procedure_zh: procedure.name_zh(),
        procedure_en: procedure.name_en(),
        state,
        state_zh: state.name_zh(),
        state_en: state.name_en(),
        as_of,
        deadlines,
    })
}
