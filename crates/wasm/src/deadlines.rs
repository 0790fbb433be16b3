//! Case deadlines (`weiquan-caseflow`): the statutory time limits a consumer can expect,
//! for a complaint received at a given instant and the events since.

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use weiquan_caseflow::{Actor, Case, DeadlineKind, Event, EventKind, ProcedureSelection};

use crate::Error;

/// Which body's procedure applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureChoice {
    /// A market-regulation department (12315): SAMR Order No. 20 or No. 121, by the date
    /// received.
    #[default]
    MarketRegulation,
    /// A consumer association handling the complaint itself.
    ConsumerAssociation,
}

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
    /// Whose procedure: `market_regulation` (default) or `consumer_association`.
    #[serde(default)]
    pub procedure: ProcedureChoice,
    /// The date the deadlines are evaluated on (default: today in China Standard Time).
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
    /// The events since receipt, in order (e.g. `{"at": ..., "actor": "handler", "event":
    /// "accepted"}`).
    #[serde(default)]
    pub events: Vec<CaseEvent>,
}

/// The deadlines of a case as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CaseDeadlines {
    /// The procedure in force for the case, e.g. `samr_order_20`.
    pub procedure: String,
    /// The procedure's name in Chinese.
    pub procedure_zh: String,
    /// The procedure's name in English.
    pub procedure_en: String,
    /// The case's state after the events, e.g. `received`, `accepted`.
    pub state: String,
    /// The state's name in Chinese.
    pub state_zh: String,
    /// The date evaluated on.
    pub as_of: NaiveDate,
    /// Every time limit running or kept, in the table's order.
    pub deadlines: Vec<DeadlineView>,
}

/// One statutory time limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DeadlineView {
    /// Which limit.
    pub kind: DeadlineKind,
    /// Its name in Chinese.
    pub name_zh: String,
    /// The limits-table row, e.g. `samr20.acceptance_decision`.
    pub rule: String,
    /// What the rule requires, in Chinese.
    pub description_zh: String,
    /// The period, e.g. 7 `working_days` (absent for a date set case by case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodView>,
    /// The day of the starting event (not counted).
    pub starts_on: NaiveDate,
    /// The last day of the period.
    pub due: NaiveDate,
    /// The last day before a rest day moved it (Civil Code Art. 203).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolled_forward_from: Option<NaiveDate>,
    /// `pending`, `met` or `missed`.
    #[schemars(with = "DeadlineStatusSchema")]
    pub status: String,
    /// Units the clock was stopped for (testing, appraisal, recusal).
    pub paused: u32,
    /// Whether the clock is stopped now.
    pub clock_paused: bool,
    /// The legal basis in Chinese with its note and reliability mark, e.g.
    /// `《市场监督管理投诉举报处理暂行办法》第二十一条第一款第（五）项 [V]`.
    pub basis_zh: String,
    /// The legal basis in English with its note and mark, e.g.
    /// `SAMR Order No. 20, Art. 21, para. 1, item (5) [V]`.
    pub basis_en: String,
    /// Whether a legal reviewer should check it (a basis or adjustment not verified).
    pub flagged: bool,
    /// Whether the calendar answered from provisional rules (no official notice yet).
    pub provisional: bool,
}

/// A period of a time limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PeriodView {
    /// How many units.
    pub amount: u32,
    /// `working_days`, `calendar_days` or `months`.
    pub unit: String,
}

/// Whether a deadline was kept.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "DeadlineStatus")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
enum DeadlineStatusSchema {
    /// Not yet due, not yet discharged.
    Pending,
    /// Discharged in time.
    Met,
    /// Discharged late, or due and not discharged.
    Missed,
}

fn code<T: Serialize>(v: &T) -> String {
    crate::writer::code(v)
}

/// `caseDeadlines`: opens the case, applies the events, and lists its deadlines.
pub fn deadlines(query: DeadlineQuery) -> Result<CaseDeadlines, Error> {
    let selection = match query.procedure {
        ProcedureChoice::MarketRegulation => ProcedureSelection::MarketRegulation,
        ProcedureChoice::ConsumerAssociation => ProcedureSelection::ConsumerAssociation,
    };
    let at = |pointer: &str| {
        let pointer = pointer.to_owned();
        move |source| Error::Caseflow { pointer, source }
    };
    let mut case =
        Case::open("preview", query.received_at, selection).map_err(at("/receivedAt"))?;
    for (i, e) in query.events.into_iter().enumerate() {
        case.apply(Event::new(e.at, e.actor, e.event))
            .map_err(at(&format!("/events/{i}")))?;
    }
    let as_of = query.as_of.unwrap_or_else(crate::edge::today);
    let list = case.deadlines(as_of).map_err(at(""))?;
    let procedure = case.procedure();
    Ok(CaseDeadlines {
        procedure: code(&procedure),
        procedure_zh: procedure.name_zh().to_owned(),
        procedure_en: procedure.name_en().to_owned(),
        state: code(&case.state()),
        state_zh: case.state().name_zh().to_owned(),
        as_of,
        deadlines: list
            .into_iter()
            .map(|d| DeadlineView {
                kind: d.kind,
                name_zh: d.kind.name_zh().to_owned(),
                rule: d.rule.to_owned(),
                description_zh: d.description_zh,
                period: d.period.map(|p| PeriodView {
                    amount: p.amount,
                    unit: code(&p.unit),
                }),
                starts_on: d.starts_on,
                due: d.due,
                rolled_forward_from: d.rolled_forward_from,
                status: code(&d.status),
                paused: d.paused,
                clock_paused: d.clock_paused,
                basis_zh: d.basis.annotated_zh(),
                basis_en: d.basis.annotated_en(),
                flagged: d.flagged,
                provisional: d.provisional,
            })
            .collect(),
    })
}
