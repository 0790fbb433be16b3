//! The crate's one error type.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::event::{Actor, EventTag};
use crate::procedure::Procedure;
use crate::state::StateKind;
use crate::table::Guard;

/// Everything that can go wrong opening, driving, or restoring a case.
///
/// [`Error::code`] is a stable machine code (what the C ABI and the wasm API pass on);
/// `Display` is the English message and [`Error::message_zh`] the Chinese one. A rejected
/// event always names the state and the event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The complaint reference is empty or too long.
    #[error("complaint_id {value:?} is invalid: {reason}")]
    InvalidComplaintId {
        /// The value given.
        value: String,
        /// Why.
        reason: &'static str,
    },
    /// No procedure of the selection was in force on the receipt date.
    #[error("no procedure of this kind applies to a complaint received on {received}")]
    NoProcedure {
        /// The receipt date (legal day).
        received: NaiveDate,
    },
    /// The named procedure was not in force on the receipt date.
    #[error("procedure {} does not apply to a complaint received on {received}", procedure.id())]
    ProcedureNotInForce {
        /// The procedure asked for.
        procedure: Procedure,
        /// The receipt date (legal day).
        received: NaiveDate,
    },
    /// A policy setting that cannot be used.
    #[error("policy field {field} = {value}: {reason}")]
    InvalidPolicy {
        /// The field, e.g. `limits.samr20.mediation_period`.
        field: String,
        /// The value given.
        value: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// A case must be opened by its `received` event.
    #[error("a case is opened by a received event, not {}", event.as_str())]
    NotAnOpening {
        /// The event given instead.
        event: EventTag,
    },
    /// No transition exists for this event in this state under this procedure.
    #[error("event {} is not allowed in state {} under {}", event.as_str(), state.as_str(), procedure.id())]
    IllegalTransition {
        /// The case's state.
        state: StateKind,
        /// The event.
        event: EventTag,
        /// The case's procedure.
        procedure: Procedure,
    },
    /// The transition exists but this actor may not cause it.
    #[error("event {} in state {} may not be caused by {actor:?}", event.as_str(), state.as_str())]
    ActorNotAllowed {
        /// The case's state.
        state: StateKind,
        /// The event.
        event: EventTag,
        /// Who tried.
        actor: Actor,
    },
    /// A guard of the transition failed.
    #[error("event {} in state {} fails guard {}: {detail}", event.as_str(), state.as_str(), guard.code())]
    GuardFailed {
        /// The case's state.
        state: StateKind,
        /// The event.
        event: EventTag,
        /// The first guard that failed.
        guard: Guard,
        /// What was wrong, with the values.
        detail: String,
    },
    /// A guard needs a due date the calendar cannot give (a year outside its coverage).
    #[error("event {} in state {}: guard {} cannot be decided: calendar error {calendar_code}: {message}", event.as_str(), state.as_str(), guard.code())]
    GuardUndecidable {
        /// The case's state.
        state: StateKind,
        /// The event.
        event: EventTag,
        /// The guard.
        guard: Guard,
        /// The calendar's code, e.g. `calendar.out_of_coverage`.
        calendar_code: &'static str,
        /// The calendar's message.
        message: String,
    },
    /// The event is dated before the case's last event.
    #[error("event {} at {at} in state {} is earlier than the last event at {last}", event.as_str(), state.as_str())]
    TimeWentBackwards {
        /// The case's state.
        state: StateKind,
        /// The event.
        event: EventTag,
        /// The event's instant.
        at: DateTime<FixedOffset>,
        /// The last recorded instant.
        last: DateTime<FixedOffset>,
    },
    /// The calendar could not answer (a date outside its coverage, or bad calendar data).
    #[error("calendar error {code}: {message}")]
    Calendar {
        /// The calendar's own code, e.g. `calendar.out_of_coverage`.
        code: &'static str,
        /// The calendar's message.
        message: String,
        /// The calendar's message in Chinese.
        message_zh: String,
    },
    /// Deadlines were asked for as of a day before the complaint was received.
    #[error("as_of {as_of} is before the complaint was received ({received})")]
    AsOfBeforeReceipt {
        /// The day asked about.
        as_of: NaiveDate,
        /// The receipt date (legal day).
        received: NaiveDate,
    },
    /// A log line is not a well-formed entry.
    #[error("line {line}: not a valid log entry: {message}")]
    LogSyntax {
        /// 1-based line number.
        line: u64,
        /// The parser's description.
        message: String,
    },
    /// A log line's sequence number is not the next one.
    #[error(
        "line {line}: sequence number {found}, expected {expected} (a gap or a reordered line)"
    )]
    LogSequence {
        /// 1-based line number.
        line: u64,
        /// The number expected.
        expected: u64,
        /// The number found.
        found: u64,
    },
    /// A log line's `prev` is not the hash of the entry before it.
    #[error(
        "line {line}: prev hash does not match the previous entry (a line was removed, inserted or reordered)"
    )]
    LogChain {
        /// 1-based line number.
        line: u64,
    },
    /// A log line's content does not match its hash.
    #[error("line {line}: the entry does not match its hash (altered)")]
    LogAltered {
        /// 1-based line number.
        line: u64,
    },
    /// The first entry of a log is not the `received` event that opens a case.
    #[error("line {line}: a log must start with the received event")]
    LogNotOpening {
        /// 1-based line number.
        line: u64,
    },
    /// A log entry is a transition the machine refuses.
    #[error("line {line}: {source}")]
    LogTransition {
        /// 1-based line number.
        line: u64,
        /// Why the machine refused it.
        source: Box<Error>,
    },
    /// The log has no entries.
    #[error("the log has no entries")]
    LogEmpty,
    /// The log could not be read.
    #[error("line {line}: cannot read the log: {message}")]
    LogIo {
        /// 1-based line number of the line being read.
        line: u64,
        /// The I/O error.
        message: String,
    },
    /// An event could not be serialised (not expected with this crate's types).
    #[error("cannot serialise an event: {message}")]
    Serialize {
        /// The serialiser's description.
        message: String,
    },
}

impl Error {
    /// The stable machine code of this error, e.g. `caseflow.guard_failed`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidComplaintId { .. } => "caseflow.complaint_id",
            Error::NoProcedure { .. } => "caseflow.no_procedure",
            Error::ProcedureNotInForce { .. } => "caseflow.procedure_not_in_force",
            Error::InvalidPolicy { .. } => "caseflow.policy",
            Error::NotAnOpening { .. } => "caseflow.not_an_opening",
            Error::IllegalTransition { .. } => "caseflow.illegal_transition",
            Error::ActorNotAllowed { .. } => "caseflow.actor_not_allowed",
            Error::GuardFailed { .. } => "caseflow.guard_failed",
            Error::GuardUndecidable { .. } => "caseflow.guard_undecidable",
            Error::TimeWentBackwards { .. } => "caseflow.time_went_backwards",
            Error::Calendar { .. } => "caseflow.calendar",
            Error::AsOfBeforeReceipt { .. } => "caseflow.as_of_before_receipt",
            Error::LogSyntax { .. } => "caseflow.log.syntax",
            Error::LogSequence { .. } => "caseflow.log.sequence",
            Error::LogChain { .. } => "caseflow.log.chain",
            Error::LogAltered { .. } => "caseflow.log.altered",
            Error::LogNotOpening { .. } => "caseflow.log.not_opening",
            Error::LogTransition { .. } => "caseflow.log.transition",
            Error::LogEmpty => "caseflow.log.empty",
            Error::LogIo { .. } => "caseflow.log.io",
            Error::Serialize { .. } => "caseflow.serialize",
        }
    }

    /// The 1-based log line the error is about, for log errors.
    pub fn line(&self) -> Option<u64> {
        match self {
            Error::LogSyntax { line, .. }
            | Error::LogSequence { line, .. }
            | Error::LogChain { line }
            | Error::LogAltered { line }
            | Error::LogNotOpening { line }
            | Error::LogTransition { line, .. }
            | Error::LogIo { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Error::InvalidComplaintId { value, .. } => format!("投诉编号“{value}”无效"),
            Error::NoProcedure { received } => format!("{received}收到的投诉没有适用的处理程序"),
            Error::ProcedureNotInForce {
                procedure,
                received,
            } => format!("{}不适用于{received}收到的投诉", procedure.name_zh()),
            Error::InvalidPolicy { field, value, .. } => {
                format!("配置项 {field} 的值 {value} 不能使用")
            }
            Error::NotAnOpening { event } => {
                format!("案件须以“登记收到投诉”开始，而不是“{}”", event.name_zh())
            }
            Error::IllegalTransition {
                state,
                event,
                procedure,
            } => format!(
                "{}中，案件处于“{}”状态时不能“{}”",
                procedure.name_zh(),
                state.name_zh(),
                event.name_zh()
            ),
            Error::ActorNotAllowed {
                state,
                event,
                actor,
            } => format!(
                "案件处于“{}”状态时，{}不能“{}”",
                state.name_zh(),
                actor.name_zh(),
                event.name_zh()
            ),
            Error::GuardFailed {
                state,
                event,
                guard,
                ..
            } => format!(
                "案件处于“{}”状态时不能“{}”：不满足条件“{}”",
                state.name_zh(),
                event.name_zh(),
                guard.describe_zh()
            ),
            Error::GuardUndecidable {
                state,
                event,
                calendar_code,
                ..
            } => format!(
                "案件处于“{}”状态时“{}”：工作日历无法计算所需期限（{calendar_code}）",
                state.name_zh(),
                event.name_zh()
            ),
            Error::TimeWentBackwards {
                state,
                event,
                at,
                last,
            } => format!(
                "案件处于“{}”状态时，“{}”的时间 {at} 早于上一事件的时间 {last}",
                state.name_zh(),
                event.name_zh()
            ),
            Error::Calendar {
                code, message_zh, ..
            } => format!("工作日历错误（{code}）：{message_zh}"),
            Error::AsOfBeforeReceipt { as_of, received } => {
                format!("查询日{as_of}早于投诉收到日{received}")
            }
            Error::LogSyntax { line, .. } => format!("第{line}行不是有效的日志记录"),
            Error::LogSequence {
                line,
                expected,
                found,
            } => format!("第{line}行的序号为{found}，应为{expected}（缺失或顺序被调换）"),
            Error::LogChain { line } => {
                format!("第{line}行的前一记录哈希不符（有记录被删除、插入或调换）")
            }
            Error::LogAltered { line } => format!("第{line}行的内容与其哈希不符（被篡改）"),
            Error::LogNotOpening { line } => format!("第{line}行：日志必须以登记收到投诉开始"),
            Error::LogTransition { line, source } => {
                format!("第{line}行：{}", source.message_zh())
            }
            Error::LogEmpty => "日志为空".to_owned(),
            Error::LogIo { line, message } => format!("读取第{line}行时出错：{message}"),
            Error::Serialize { message } => format!("事件无法序列化：{message}"),
        }
    }
}

impl From<crate::cal::CalendarError> for Error {
    fn from(e: crate::cal::CalendarError) -> Error {
        Error::Calendar {
            code: e.code(),
            message: e.to_string(),
            message_zh: e.message_zh(),
        }
    }
}
