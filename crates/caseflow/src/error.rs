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
    /// A log line's stored bytes do not match its seal.
    #[error("line {line}: the entry does not match its {} (altered{})", if *keyed { "HMAC" } else { "hash" }, if *keyed { ", or sealed with another key" } else { "" })]
    LogAltered {
        /// 1-based line number.
        line: u64,
        /// Whether the line is sealed with an HMAC (keyed chain).
        keyed: bool,
    },
    /// A log line matches its seal but its bytes are not the ones this crate writes for the
    /// entry (another writer, or a line re-sealed after an edit).
    #[error("line {line}: the entry is not written in the canonical form its seal must cover")]
    LogNotCanonical {
        /// 1-based line number.
        line: u64,
    },
    /// The log's last line was torn by an interrupted write (a crash): an unfinished line,
    /// or NUL bytes.
    #[error(
        "line {line}: the log ends in a torn line (a write interrupted by a crash): {dropped_bytes} bytes after the first {valid_bytes}; replay with --recover to read the entries before it"
    )]
    LogTorn {
        /// 1-based line number of the torn line.
        line: u64,
        /// The length of the valid prefix, in bytes.
        valid_bytes: u64,
        /// The bytes after it.
        dropped_bytes: u64,
    },
    /// A log line is sealed with an HMAC but no key was given.
    #[error("line {line}: the log is keyed (hmac): give its key to read it")]
    LogKeyRequired {
        /// 1-based line number.
        line: u64,
    },
    /// A key was given but a log line has a plain hash: the log is not keyed, or a keyed
    /// log was rewritten without the key.
    #[error(
        "line {line}: a key was given but the entry has a plain hash, not an hmac (an unkeyed log, or a keyed log rewritten without the key)"
    )]
    LogUnkeyed {
        /// 1-based line number.
        line: u64,
    },
    /// A chain key that cannot be used.
    #[error("the chain key {}", match reason { crate::KeyProblem::TooShort => "is shorter than 32 bytes (64 hexadecimal digits)", crate::KeyProblem::NotHex => "is not an even number of hexadecimal digits" })]
    LogKey {
        /// What is wrong with it.
        reason: crate::KeyProblem,
    },
    /// A line starts another log (`seq` 1 after the first entry): the file holds several.
    #[error(
        "line {line}: another log starts here (sequence number 1): the file holds several logs; read each with LogFile (`weiquan case replay` does)"
    )]
    LogSeveral {
        /// 1-based line number.
        line: u64,
    },
    /// The log's head is not the one kept elsewhere: the log was cut short, extended or
    /// rewritten.
    #[error(
        "the log's head is {found}, not the expected {expected} (the log was cut short, extended or rewritten)"
    )]
    LogHeadMismatch {
        /// The head kept elsewhere.
        expected: crate::ChainHash,
        /// The head of the log.
        found: crate::ChainHash,
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
            Error::LogNotCanonical { .. } => "caseflow.log.not_canonical",
            Error::LogTorn { .. } => "caseflow.log.torn",
            Error::LogKeyRequired { .. } => "caseflow.log.key_required",
            Error::LogUnkeyed { .. } => "caseflow.log.unkeyed",
            Error::LogKey { .. } => "caseflow.log.key",
            Error::LogSeveral { .. } => "caseflow.log.several",
            Error::LogHeadMismatch { .. } => "caseflow.log.head_mismatch",
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
            | Error::LogAltered { line, .. }
            | Error::LogNotCanonical { line }
            | Error::LogTorn { line, .. }
            | Error::LogKeyRequired { line }
            | Error::LogUnkeyed { line }
            | Error::LogSeveral { line }
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
            Error::LogAltered { line, keyed: false } => {
                format!("第{line}行的内容与其哈希不符（被篡改）")
            }
            Error::LogAltered { line, keyed: true } => {
                format!("第{line}行的内容与其HMAC不符（被篡改，或使用了另一密钥）")
            }
            Error::LogNotCanonical { line } => {
                format!("第{line}行不是其封印所须覆盖的规范写法")
            }
            Error::LogTorn {
                line,
                valid_bytes,
                dropped_bytes,
            } => format!(
                "第{line}行是写入中断（如崩溃）留下的残缺行：有效部分为前{valid_bytes}字节，其后{dropped_bytes}字节；可用 --recover 读取其前的记录"
            ),
            Error::LogKeyRequired { line } => {
                format!("第{line}行带有HMAC（带密钥的日志）：须提供密钥才能读取")
            }
            Error::LogUnkeyed { line } => format!(
                "已提供密钥，但第{line}行只有普通哈希而没有HMAC（日志未加密钥，或带密钥的日志被无密钥者改写）"
            ),
            Error::LogKey { reason } => match reason {
                crate::KeyProblem::TooShort => "链密钥短于32字节（64个十六进制数字）".to_owned(),
                crate::KeyProblem::NotHex => "链密钥不是偶数个十六进制数字".to_owned(),
            },
            Error::LogSeveral { line } => {
                format!("第{line}行开始了另一份日志（序号为1）：该文件包含多份日志，须逐份读取")
            }
            Error::LogHeadMismatch { expected, found } => {
                format!("日志的末条封印为{found}，而不是预期的{expected}（日志被截短、追加或改写）")
            }
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
