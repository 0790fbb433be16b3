//! The store's errors: one enum, a stable code per variant, English and Chinese messages.
//!
//! No message carries personal data: case ids, sequence numbers, key fingerprints, schema
//! versions and the database's own message (which names constraints, never values) only.

use weiquan_support::{Diagnostic, Kind};

/// What went wrong in the store.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The key file could not be read or does not hold a key.
    #[error("key file {}: {reason}", weiquan_support::mask::echo(.path))]
    KeyFile {
        /// The file.
        path: String,
        /// Why it was refused (never the key).
        reason: String,
    },
    /// The key file is not the one this database was written with.
    #[error(
        "the key file (fingerprint {given}) is not the key of this database (fingerprint {expected}): \
         personal data and case logs cannot be read with it"
    )]
    KeyMismatch {
        /// The fingerprint of the key the database was created with.
        expected: String,
        /// The fingerprint of the key given.
        given: String,
    },
    /// The database was migrated by a newer version of the code.
    #[error(
        "the database's schema is version {found}, newer than the {supported} this code knows: \
         upgrade weiquan-store before opening it"
    )]
    SchemaTooNew {
        /// The version in the database.
        found: i64,
        /// The newest version this code applies.
        supported: i64,
    },
    /// The database refused or failed a statement.
    #[error("{backend} error: {message}")]
    Database {
        /// `sqlite` or `postgresql`.
        backend: &'static str,
        /// The database's message (constraint and table names, never the values).
        message: String,
    },
    /// No such case (or, for a consumer's lookup, the query code does not match).
    #[error("no case {} (or the query code does not match)", weiquan_support::mask::echo(.case_id))]
    CaseNotFound {
        /// The case id asked for.
        case_id: String,
    },
    /// Another writer appended to the case since the caller read it.
    #[error("case {} has {found} events, the append expected {expected}: someone else recorded \
         an event meanwhile; reload the case and try again", weiquan_support::mask::echo(.case_id)
    )]
    Conflict {
        /// The case.
        case_id: String,
        /// The number of events the caller saw.
        expected: u64,
        /// The number of events in the store.
        found: u64,
    },
    /// The case-state machine refused the event (its code is the machine's).
    #[error("case {}: {source}", weiquan_support::mask::echo(.case_id))]
    Refused {
        /// The case.
        case_id: String,
        /// Why the machine refused it.
        source: weiquan_caseflow::Error,
    },
    /// A stored case log does not verify: it was altered outside the store.
    #[error("case {}: the stored log does not verify ({code}: {message})", weiquan_support::mask::echo(.case_id))]
    LogCorrupt {
        /// The case.
        case_id: String,
        /// The replay's error code (`caseflow.log.*`).
        code: &'static str,
        /// The replay's message.
        message: String,
    },
    /// The parts of an intake do not belong together.
    #[error("intake of {}: {reason}", weiquan_support::mask::echo(.case_id))]
    IntakeMismatch {
        /// The case id of the intake.
        case_id: String,
        /// What does not match.
        reason: String,
    },
    /// The idempotency key was already used for a different submission.
    #[error("idempotency key {} was used for another submission (case {}): a retry must \
         send the same complaint", weiquan_support::mask::echo(.key), weiquan_support::mask::echo(.case_id)
    )]
    IdempotencyConflict {
        /// The key.
        key: String,
        /// The case made by its first use.
        case_id: String,
    },
    /// A case with this id exists already (under another idempotency key).
    #[error("case {} exists already", weiquan_support::mask::echo(.case_id))]
    DuplicateCase {
        /// The case id.
        case_id: String,
    },
    /// Stored personal data does not decrypt under the key (altered or another key's).
    #[error("case {}: the personal data does not decrypt under this key (altered or another key's)", weiquan_support::mask::echo(.case_id)
    )]
    Decrypt {
        /// The case.
        case_id: String,
    },
    /// The case's personal data was erased by the retention job.
    #[error("case {}: the personal data was erased on {erased_at} (retention)", weiquan_support::mask::echo(.case_id))]
    PersonalErased {
        /// The case.
        case_id: String,
        /// When.
        erased_at: String,
    },
    /// A rating before the case is closed.
    #[error("case {} is {state}, not closed: it can be rated only once closed", weiquan_support::mask::echo(.case_id))]
    NotClosed {
        /// The case.
        case_id: String,
        /// Its state.
        state: String,
    },
    /// A rating outside 1–5.
    #[error("a rating is 1 to 5, not {value}")]
    RatingRange {
        /// The value given.
        value: i64,
    },
    /// The case was rated already.
    #[error("case {} was rated already", weiquan_support::mask::echo(.case_id))]
    AlreadyRated {
        /// The case.
        case_id: String,
    },
    /// An argument the store does not take (an empty staff id, a zero limit).
    #[error("{name}: {reason}")]
    Argument {
        /// The argument.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A stored row could not be read back (a bug or an edit outside the store).
    #[error("{what} could not be read back: {reason}")]
    Corrupt {
        /// Which row or column.
        what: String,
        /// Why.
        reason: String,
    },
    /// A document could not be written as JSON.
    #[error("could not serialise {what}: {reason}")]
    Serialize {
        /// What.
        what: &'static str,
        /// Why.
        reason: String,
    },
}

/// `Debug` shows the code and the message, whose echoed values are masked and cut
/// (`weiquan_support::mask`): a case id, an idempotency key or a path a client typed may be an
/// identifier, and a derived `Debug` would print it whole into logs.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code())
            .field("message", &self.to_string())
            .finish()
    }
}

impl Error {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::KeyFile { .. } => "store.key.file",
            Error::KeyMismatch { .. } => "store.key.mismatch",
            Error::SchemaTooNew { .. } => "store.schema.too_new",
            Error::Database { .. } => "store.database",
            Error::CaseNotFound { .. } => "store.case.not_found",
            Error::Conflict { .. } => "store.append.conflict",
            // The machine's own code (`caseflow.guard_failed`, …): callers already switch on it.
            Error::Refused { source, .. } => source.code(),
            Error::LogCorrupt { .. } => "store.log.corrupt",
            Error::IntakeMismatch { .. } => "store.intake.mismatch",
            Error::IdempotencyConflict { .. } => "store.intake.idempotency_conflict",
            Error::DuplicateCase { .. } => "store.intake.duplicate_case",
            Error::Decrypt { .. } => "store.personal.decrypt",
            Error::PersonalErased { .. } => "store.personal.erased",
            Error::NotClosed { .. } => "store.rating.not_closed",
            Error::RatingRange { .. } => "store.rating.range",
            Error::AlreadyRated { .. } => "store.rating.duplicate",
            Error::Argument { .. } => "store.argument",
            Error::Corrupt { .. } => "store.row.corrupt",
            Error::Serialize { .. } => "store.serialize",
        }
    }

    /// What went wrong, in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Error::KeyFile { path, reason } => format!(
                "密钥文件 {} 无法使用：{reason}",
                weiquan_support::mask::echo(path)
            ),
            Error::KeyMismatch { expected, given } => format!(
                "密钥文件（指纹 {given}）不是本数据库的密钥（指纹 {expected}），无法读取个人信息和案件日志"
            ),
            Error::SchemaTooNew { found, supported } => format!(
                "数据库结构版本为 {found}，高于本程序支持的 {supported}，请先升级 weiquan-store"
            ),
            Error::Database { backend, message } => format!("{backend} 数据库错误：{message}"),
            Error::CaseNotFound { case_id } => format!(
                "没有案件 {}（或查询码不符）",
                weiquan_support::mask::echo(case_id)
            ),
            Error::Conflict {
                case_id,
                expected,
                found,
            } => format!(
                "案件 {} 已有 {found} 条事件，而追加时预期为 {expected} 条：他人已先记录了事件，请重新载入后再试",
                weiquan_support::mask::echo(case_id)
            ),
            Error::Refused { case_id, source } => {
                format!(
                    "案件 {}：{}",
                    weiquan_support::mask::echo(case_id),
                    source.message_zh()
                )
            }
            Error::LogCorrupt {
                case_id,
                code,
                message,
            } => format!(
                "案件 {}：存储的日志校验失败（{code}：{message}）",
                weiquan_support::mask::echo(case_id)
            ),
            Error::IntakeMismatch { case_id, reason } => {
                format!(
                    "案件 {} 登记材料不一致：{reason}",
                    weiquan_support::mask::echo(case_id)
                )
            }
            Error::IdempotencyConflict { key, case_id } => {
                format!(
                    "幂等键 {} 已用于另一份投诉（案件 {}），重试必须提交同一份投诉",
                    weiquan_support::mask::echo(key),
                    weiquan_support::mask::echo(case_id)
                )
            }
            Error::DuplicateCase { case_id } => {
                format!("案件 {} 已存在", weiquan_support::mask::echo(case_id))
            }
            Error::Decrypt { case_id } => {
                format!(
                    "案件 {}：个人信息无法用此密钥解密（已被篡改或属于其他密钥）",
                    weiquan_support::mask::echo(case_id)
                )
            }
            Error::PersonalErased { case_id, erased_at } => {
                format!(
                    "案件 {}：个人信息已于 {erased_at} 按保存期限删除",
                    weiquan_support::mask::echo(case_id)
                )
            }
            Error::NotClosed { case_id, state } => {
                format!(
                    "案件 {} 处于 {state} 状态，尚未办结，办结后才能评价",
                    weiquan_support::mask::echo(case_id)
                )
            }
            Error::RatingRange { value } => format!("评价须为 1 至 5，而不是 {value}"),
            Error::AlreadyRated { case_id } => {
                format!("案件 {} 已评价过", weiquan_support::mask::echo(case_id))
            }
            Error::Argument { name, reason } => format!("参数 {name} 有误：{reason}"),
            Error::Corrupt { what, reason } => format!("{what} 无法读取：{reason}"),
            Error::Serialize { what, reason } => format!("无法序列化 {what}：{reason}"),
        }
    }
}

impl Diagnostic for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }

    fn kind(&self) -> Kind {
        match self {
            Error::KeyFile { .. } => Kind::Io,
            Error::KeyMismatch { .. } | Error::Argument { .. } => Kind::Argument,
            Error::SchemaTooNew { .. } => Kind::OutOfRange,
            Error::Database { .. } => Kind::Io,
            Error::Refused { source, .. } => Diagnostic::kind(source),
            Error::IntakeMismatch { .. } | Error::RatingRange { .. } => Kind::Invalid,
            Error::LogCorrupt { .. }
            | Error::Corrupt { .. }
            | Error::Decrypt { .. }
            | Error::Serialize { .. } => Kind::Internal,
            _ => Kind::Rejected,
        }
    }

    fn message_zh(&self) -> String {
        Error::message_zh(self)
    }
}

/// The store's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;
