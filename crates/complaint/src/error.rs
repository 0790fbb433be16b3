//! The crate's one error type, with a stable machine code per variant and messages in
//! Chinese and English.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
pub use weiquan_support::FieldError;

/// What kind of coded value an [`Error::UnknownCode`] was about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    /// A CCA goods or service category.
    Category,
    /// A problem nature (投诉性质).
    ProblemNature,
    /// An intake channel.
    Channel,
    /// A consumer group.
    ConsumerGroup,
    /// A kind of claim.
    ClaimKind,
    /// A kind of evidence.
    EvidenceKind,
    /// How a business sells online.
    OnlineRole,
    /// The purpose of a purchase.
    Purpose,
    /// Who handled the dispute before.
    EarlierHandler,
    /// Whom a complainant files for.
    Relation,
}

impl CodeKind {
    fn en(self) -> &'static str {
        match self {
            CodeKind::Category => "category",
            CodeKind::ProblemNature => "problem nature",
            CodeKind::Channel => "channel",
            CodeKind::ConsumerGroup => "consumer group",
            CodeKind::ClaimKind => "claim kind",
            CodeKind::EvidenceKind => "evidence kind",
            CodeKind::OnlineRole => "online role",
            CodeKind::Purpose => "purpose of purchase",
            CodeKind::EarlierHandler => "earlier handler",
            CodeKind::Relation => "relation",
        }
    }
    fn zh(self) -> &'static str {
        match self {
            CodeKind::Category => "商品或服务类别",
            CodeKind::ProblemNature => "投诉性质",
            CodeKind::Channel => "投诉渠道",
            CodeKind::ConsumerGroup => "消费者群体",
            CodeKind::ClaimKind => "诉求类型",
            CodeKind::EvidenceKind => "证据类型",
            CodeKind::OnlineRole => "网络经营类型",
            CodeKind::Purpose => "购买目的",
            CodeKind::EarlierHandler => "此前处理机构",
            CodeKind::Relation => "代为投诉关系",
        }
    }
}

/// Every way a value or a complaint document can be wrong.
///
/// [`Error::code`] gives a stable machine code (what the C ABI and the wasm API pass through);
/// `Display` is the English message and [`Error::message_zh`] the Chinese one. Both name the
/// offending value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Not a decimal number of yuan.
    #[error("amount {value:?} is not a decimal number of yuan such as \"12.50\"")]
    AmountSyntax {
        /// The text as given.
        value: String,
    },
    /// A negative amount where only amounts paid or claimed are meaningful.
    #[error("amount {value:?} is negative")]
    AmountNegative {
        /// The text as given.
        value: String,
    },
    /// More than two decimal places (finer than one fen).
    #[error("amount {value:?} has more than two decimal places")]
    AmountTooPrecise {
        /// The text as given.
        value: String,
    },
    /// An amount above the largest weiquan reads ([`crate::MAX_AMOUNT_YUAN`], one trillion
    /// yuan).
    #[error("amount {value:?} exceeds the largest amount accepted (1000000000000.00 yuan)")]
    AmountTooLarge {
        /// The text as given (cut to 200 characters).
        value: String,
    },
    /// Arithmetic on amounts went out of range.
    #[error("amount arithmetic overflowed in {operation}")]
    AmountOverflow {
        /// Which operation.
        operation: &'static str,
    },
    /// A resident ID of the wrong length.
    #[error("resident ID {value:?} must have 18 characters, found {found}")]
    ResidentIdLength {
        /// The value as given.
        value: String,
        /// How many characters it had after normalisation.
        found: usize,
    },
    /// A resident ID with characters other than digits and a final X.
    #[error("resident ID {value:?} may contain only digits and a final check character X")]
    ResidentIdCharset {
        /// The value as given.
        value: String,
    },
    /// A resident ID whose region prefix cannot be a division code.
    #[error("resident ID {value:?} starts with an impossible region code")]
    ResidentIdRegion {
        /// The value as given.
        value: String,
    },
    /// A resident ID whose birth date is not a real calendar date.
    #[error("resident ID {value:?} has an impossible birth date")]
    ResidentIdBirthDate {
        /// The value as given.
        value: String,
    },
    /// A resident ID whose birth date lies after the reference date.
    #[error("resident ID {value:?} has a birth date {birth} in the future")]
    ResidentIdFutureBirth {
        /// The value as given.
        value: String,
        /// The birth date it encodes.
        birth: NaiveDate,
    },
    /// A resident ID whose check character does not match (ISO 7064 MOD 11-2).
    #[error("resident ID {value:?} has a wrong check character (expected {expected})")]
    ResidentIdChecksum {
        /// The value as given.
        value: String,
        /// The check character the first 17 digits call for.
        expected: char,
    },
    /// A USCC of the wrong length.
    #[error("unified social credit code {value:?} must have 18 characters, found {found}")]
    UsccLength {
        /// The value as given.
        value: String,
        /// How many characters it had after normalisation.
        found: usize,
    },
    /// A USCC with a character outside its alphabet (no I, O, Z, S, V).
    #[error("unified social credit code {value:?} has an invalid character at position {position}")]
    UsccCharset {
        /// The value as given.
        value: String,
        /// 1-based position of the first bad character.
        position: usize,
    },
    /// A USCC whose division segment is not a 6-digit code.
    #[error("unified social credit code {value:?} has an invalid division code segment")]
    UsccDivision {
        /// The value as given.
        value: String,
    },
    /// A USCC whose embedded organisation code (GB 11714) has a wrong check character.
    #[error(
        "unified social credit code {value:?} embeds an organisation code with a wrong check character (expected {expected})"
    )]
    UsccOrgChecksum {
        /// The value as given.
        value: String,
        /// The expected organisation-code check character.
        expected: char,
    },
    /// A USCC whose final check character does not match (GB 32100 MOD 31).
    #[error(
        "unified social credit code {value:?} has a wrong check character (expected {expected})"
    )]
    UsccChecksum {
        /// The value as given.
        value: String,
        /// The check character the first 17 characters call for.
        expected: char,
    },
    /// Not a mainland mobile number.
    #[error("{value:?} is not a mainland mobile number (11 digits starting 13-19)")]
    MobileFormat {
        /// The value as given.
        value: String,
    },
    /// Not a 6-digit GB/T 2260 division code.
    #[error("{value:?} is not a 6-digit administrative division code")]
    DivisionCodeFormat {
        /// The value as given.
        value: String,
    },
    /// A code that is not in the list for its kind.
    #[error("{value:?} is not a known {}", kind.en())]
    UnknownCode {
        /// Which list.
        kind: CodeKind,
        /// The value as given.
        value: String,
    },
    /// A SHA-256 digest that is not 64 hexadecimal digits.
    #[error("{value:?} is not a SHA-256 digest of 64 hexadecimal digits")]
    Sha256Format {
        /// The value as given.
        value: String,
    },
    /// The input is not JSON at all.
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// The parser's description.
        message: String,
    },
    /// The document parsed but broke one or more rules; all of them are listed.
    #[error("{0}")]
    Invalid(ValidationErrors),
}

impl Error {
    /// The stable machine code of this error, e.g. `resident_id.checksum`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::AmountSyntax { .. } => "amount.syntax",
            Error::AmountNegative { .. } => "amount.negative",
            Error::AmountTooPrecise { .. } => "amount.too_precise",
            Error::AmountTooLarge { .. } => "amount.too_large",
            Error::AmountOverflow { .. } => "amount.overflow",
            Error::ResidentIdLength { .. } => "resident_id.length",
            Error::ResidentIdCharset { .. } => "resident_id.charset",
            Error::ResidentIdRegion { .. } => "resident_id.region",
            Error::ResidentIdBirthDate { .. } => "resident_id.birth_date",
            Error::ResidentIdFutureBirth { .. } => "resident_id.future_birth",
            Error::ResidentIdChecksum { .. } => "resident_id.checksum",
            Error::UsccLength { .. } => "uscc.length",
            Error::UsccCharset { .. } => "uscc.charset",
            Error::UsccDivision { .. } => "uscc.division",
            Error::UsccOrgChecksum { .. } => "uscc.org_checksum",
            Error::UsccChecksum { .. } => "uscc.checksum",
            Error::MobileFormat { .. } => "mobile.format",
            Error::DivisionCodeFormat { .. } => "division.format",
            Error::UnknownCode { .. } => "code.unknown",
            Error::Sha256Format { .. } => "sha256.format",
            Error::Json { .. } => "json.syntax",
            Error::Invalid(_) => "complaint.invalid",
        }
    }

    /// [`Error::Json`] for a text `serde_json` could not parse: where, and what it said.
    pub fn json_syntax(e: &serde_json::Error) -> Error {
        Error::Json {
            line: e.line(),
            column: e.column(),
            message: Error::json_message(e),
        }
    }

    /// What `serde_json` said, without the ` at line L column C` it appends: the position is
    /// reported on its own, or means nothing for a value already parsed. Only that exact
    /// ending is cut, so a quoted value that contains "at line" stays whole. The parser quotes
    /// the offending value without knowing its field (`invalid type: string "…"`), so any
    /// identifier in the message is masked and a quoted value cut to 200 characters
    /// ([`weiquan_support::mask::parser_message`]).
    pub fn json_message(e: &serde_json::Error) -> String {
        let message = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        let message = match message.strip_suffix(&position) {
            Some(cut) => cut,
            None => &message,
        };
        weiquan_support::mask::parser_message(message)
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Error::AmountSyntax { value } => format!("金额“{value}”不是有效的元金额（如 12.50）"),
            Error::AmountNegative { value } => format!("金额“{value}”不能为负数"),
            Error::AmountTooPrecise { value } => format!("金额“{value}”最多保留两位小数（分）"),
            Error::AmountTooLarge { value } => {
                format!("金额“{value}”超过可接受的最大金额（1000000000000.00元）")
            }
            Error::AmountOverflow { operation } => format!("金额计算溢出（{operation}）"),
            Error::ResidentIdLength { value, found } => {
                format!("身份证号码“{value}”应为18位，实际为{found}位")
            }
            Error::ResidentIdCharset { value } => {
                format!("身份证号码“{value}”只能包含数字和末位校验码X")
            }
            Error::ResidentIdRegion { value } => format!("身份证号码“{value}”的地址码无效"),
            Error::ResidentIdBirthDate { value } => {
                format!("身份证号码“{value}”的出生日期不是有效日期")
            }
            Error::ResidentIdFutureBirth { value, birth } => {
                format!("身份证号码“{value}”的出生日期{birth}晚于当前日期")
            }
            Error::ResidentIdChecksum { value, expected } => {
                format!("身份证号码“{value}”校验码错误（应为{expected}）")
            }
            Error::UsccLength { value, found } => {
                format!("统一社会信用代码“{value}”应为18位，实际为{found}位")
            }
            Error::UsccCharset { value, position } => {
                format!("统一社会信用代码“{value}”第{position}位字符无效")
            }
            Error::UsccDivision { value } => {
                format!("统一社会信用代码“{value}”的行政区划码无效")
            }
            Error::UsccOrgChecksum { value, expected } => {
                format!("统一社会信用代码“{value}”中组织机构代码校验码错误（应为{expected}）")
            }
            Error::UsccChecksum { value, expected } => {
                format!("统一社会信用代码“{value}”校验码错误（应为{expected}）")
            }
            Error::MobileFormat { value } => {
                format!("“{value}”不是有效的手机号码（11位，以13-19开头）")
            }
            Error::DivisionCodeFormat { value } => format!("“{value}”不是6位行政区划代码"),
            Error::UnknownCode { kind, value } => format!("“{value}”不是有效的{}", kind.zh()),
            Error::Sha256Format { value } => format!("“{value}”不是64位十六进制SHA-256摘要"),
            Error::Json {
                line,
                column,
                message,
            } => {
                format!("JSON格式错误（第{line}行第{column}列）：{message}")
            }
            Error::Invalid(errors) => format!("投诉材料有{}处问题", errors.len()),
        }
    }

    /// The offending value, where there is one.
    pub fn value(&self) -> Option<&str> {
        match self {
            Error::AmountSyntax { value }
            | Error::AmountNegative { value }
            | Error::AmountTooPrecise { value }
            | Error::AmountTooLarge { value }
            | Error::ResidentIdLength { value, .. }
            | Error::ResidentIdCharset { value }
            | Error::ResidentIdRegion { value }
            | Error::ResidentIdBirthDate { value }
            | Error::ResidentIdFutureBirth { value, .. }
            | Error::ResidentIdChecksum { value, .. }
            | Error::UsccLength { value, .. }
            | Error::UsccCharset { value, .. }
            | Error::UsccDivision { value }
            | Error::UsccOrgChecksum { value, .. }
            | Error::UsccChecksum { value, .. }
            | Error::MobileFormat { value }
            | Error::DivisionCodeFormat { value }
            | Error::UnknownCode { value, .. }
            | Error::Sha256Format { value } => Some(value),
            Error::AmountOverflow { .. } | Error::Json { .. } | Error::Invalid(_) => None,
        }
    }

    /// This error as one field error at `pointer`.
    pub fn at(&self, pointer: &str) -> FieldError {
        FieldError {
            pointer: pointer.to_owned(),
            code: self.code().to_owned(),
            // Masked where the field is personal, cut to 200 characters in any case (the
            // variants already hold their values so; this covers a value echoed at a
            // personal field by an error about its type).
            value: self
                .value()
                .map(|v| weiquan_support::mask::at_pointer(pointer, v)),
            message_en: self.to_string(),
            message_zh: self.message_zh(),
        }
    }
}

/// All the problems found in one document, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// How many problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// No problems at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The problems.
    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.0.iter()
    }
    /// Adds a problem.
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s):", self.0.len())?;
        for e in &self.0 {
            write!(f, " {e};")?;
        }
        Ok(())
    }
}

impl weiquan_support::Diagnostic for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }

    fn kind(&self) -> weiquan_support::Kind {
        match self {
            Error::Json { .. } => weiquan_support::Kind::Malformed,
            Error::AmountOverflow { .. } => weiquan_support::Kind::OutOfRange,
            _ => weiquan_support::Kind::Invalid,
        }
    }

    fn message_zh(&self) -> String {
        Error::message_zh(self)
    }

    fn value(&self) -> Option<String> {
        Error::value(self).map(str::to_owned)
    }

    /// Every problem of an invalid document; for an error about one value (an identifier, an
    /// amount), that value as the one field at the root, with the value as given, as the
    /// identifier checks of every edge report it; nothing for text that is not JSON.
    fn fields(&self) -> Vec<FieldError> {
        match self {
            Error::Invalid(v) => v.0.clone(),
            Error::Json { .. } => Vec::new(),
            other => vec![other.at("")],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_messages_lose_only_their_position() {
        let e = serde_json::from_str::<serde_json::Value>("{\"a\": }").unwrap_err();
        assert_eq!(e.to_string(), "expected value at line 1 column 7");
        assert_eq!(Error::json_message(&e), "expected value");

        // A value that itself reads "at line" is kept whole.
        let e = serde_json::from_str::<u32>("\"x at line 2\"").unwrap_err();
        assert_eq!(
            Error::json_message(&e),
            "invalid type: string \"x at line 2\", expected u32"
        );
        // Errors from a parsed value have no position to cut.
        let e = serde_json::from_value::<u32>(serde_json::json!("x")).unwrap_err();
        assert_eq!(Error::json_message(&e), e.to_string());
    }
}
