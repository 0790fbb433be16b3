//! The crate's one error type. Every variant passes the wrapped crate's stable code through
//! unchanged; JavaScript receives it as an `Error` with `code`, `pointer`, `message` and the
//! field errors behind it (see [`ErrorInfo`]).

use schemars::JsonSchema;
use serde::Serialize;
use weiquan_complaint::FieldError;

use crate::names::field_error_to_camel;

/// Everything a call from JavaScript can fail with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument does not fit its declared type (a missing field, a number where a date
    /// was expected...).
    #[error("argument `{name}`{} is invalid: {detail}", at(pointer))]
    Argument {
        /// Which argument, e.g. `options`.
        name: &'static str,
        /// JSON pointer (camelCase) to the offending field inside the argument.
        pointer: String,
        /// What serde found wrong.
        detail: String,
        /// The same in Chinese.
        detail_zh: String,
    },
    /// JavaScript passed something that has no JSON form (a cycle, a `BigInt`...).
    #[error("argument {name} cannot be read as JSON: {detail}")]
    Unreadable {
        /// Which argument.
        name: &'static str,
        /// What `JSON.stringify` said.
        detail: String,
    },
    /// Object keys that are not camelCase; each is listed with its pointer.
    #[error("{} field name(s) are not camelCase, first at {}", .0.len(), first_pointer(.0))]
    Names(Vec<FieldError>),
    /// A complaint value or document is wrong (`weiquan-complaint`'s codes). The pointers of
    /// an [`weiquan_complaint::Error::Invalid`] are already the ones to show: camelCase
    /// for an object from JavaScript, the document's own for a document.
    #[error("{source}")]
    Complaint {
        /// Where, as a JSON pointer into the argument (empty for the argument itself).
        pointer: String,
        /// The complaint crate's error.
        source: weiquan_complaint::Error,
    },
    /// A working-day question the calendar cannot answer (`weiquan-calendar`'s codes).
    #[error("{source}")]
    Calendar {
        /// Where, as a JSON pointer into the argument.
        pointer: String,
        /// The calendar's error.
        source: weiquan_calendar::Error,
    },
    /// A case that cannot be opened or an event the state machine refuses
    /// (`weiquan-caseflow`'s codes).
    #[error("{source}")]
    Caseflow {
        /// Where, as a JSON pointer into the argument (`/events/3` for the fourth event).
        pointer: String,
        /// The case-flow error.
        source: weiquan_caseflow::Error,
    },
    /// A complaint no routing rule covers, or a division the registry does not know
    /// (`weiquan-routing`'s codes).
    #[error("{source}")]
    Routing {
        /// The routing error.
        source: weiquan_routing::Error,
    },
    /// A claim that cannot be assessed (`weiquan-compensation`'s codes; field errors point
    /// into the camelCase claim).
    #[error("{source}")]
    Compensation {
        /// The compensation error.
        source: weiquan_compensation::Error,
    },
}

fn at(pointer: &str) -> String {
    if pointer.is_empty() {
        String::new()
    } else {
        format!(" at {pointer}")
    }
}

fn first_pointer(errors: &[FieldError]) -> &str {
    errors.first().map_or("", |e| e.pointer.as_str())
}

impl Error {
    /// The stable machine code: the wrapped crate's code, or `argument.invalid`,
    /// `argument.unreadable`, `key.not_camel_case` for problems at the JavaScript edge.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Argument { .. } => "argument.invalid",
            Error::Unreadable { .. } => "argument.unreadable",
            Error::Names(_) => "key.not_camel_case",
            Error::Complaint { source, .. } => source.code(),
            Error::Calendar { source, .. } => source.code(),
            Error::Caseflow { source, .. } => source.code(),
            Error::Routing { source } => source.code(),
            Error::Compensation { source } => source.code(),
        }
    }

    /// JSON pointer (camelCase) to what was wrong; for a document with several problems, the
    /// first of them.
    pub fn pointer(&self) -> String {
        match self {
            Error::Argument { pointer, .. } => pointer.clone(),
            Error::Unreadable { .. } => String::new(),
            Error::Names(errors) => first_pointer(errors).to_owned(),
            Error::Complaint { pointer, source } => match source {
                weiquan_complaint::Error::Invalid(errors) => errors
                    .iter()
                    .next()
                    .map(|e| e.pointer.clone())
                    .unwrap_or_default(),
                _ => pointer.clone(),
            },
            Error::Calendar { pointer, .. } | Error::Caseflow { pointer, .. } => pointer.clone(),
            Error::Routing { .. } | Error::Compensation { .. } => self
                .domain_field_errors()
                .and_then(|e| e.into_iter().next())
                .map(|e| e.pointer)
                .unwrap_or_default(),
        }
    }

    /// The field errors of a routing or compensation error, pointers in camelCase.
    fn domain_field_errors(&self) -> Option<Vec<FieldError>> {
        let errors = match self {
            Error::Routing { source } => source.field_errors(),
            Error::Compensation { source } => source.field_errors(),
            _ => return None,
        };
        Some(errors.iter().map(field_error_to_camel).collect())
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Error::Argument {
                name,
                pointer,
                detail_zh,
                ..
            } => {
                let at = if pointer.is_empty() {
                    String::new()
                } else {
                    format!("（{pointer}）")
                };
                format!("参数{name}{at}无效：{detail_zh}")
            }
            Error::Unreadable { name, detail } => format!("参数{name}无法读取为JSON：{detail}"),
            Error::Names(errors) => format!(
                "{}个字段名不是驼峰式，第一个在{}",
                errors.len(),
                first_pointer(errors)
            ),
            Error::Complaint { source, .. } => source.message_zh(),
            Error::Calendar { source, .. } => source.message_zh(),
            Error::Caseflow { source, .. } => source.message_zh(),
            Error::Routing { source } => source.message_zh(),
            Error::Compensation { source } => source.message_zh(),
        }
    }

    /// The offending value, where there is one.
    pub fn value(&self) -> Option<String> {
        match self {
            Error::Complaint { source, .. } => source.value().map(str::to_owned),
            Error::Names(errors) => errors.first().and_then(|e| e.value.clone()),
            Error::Argument { .. }
            | Error::Unreadable { .. }
            | Error::Calendar { .. }
            | Error::Caseflow { .. }
            | Error::Routing { .. }
            | Error::Compensation { .. } => None,
        }
    }

    /// Every problem behind this error as field errors with camelCase pointers: all of them
    /// for an invalid document, one otherwise.
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            Error::Names(errors) => errors.clone(),
            Error::Complaint {
                source: weiquan_complaint::Error::Invalid(errors),
                ..
            } => errors.0.clone(),
            Error::Routing { .. } | Error::Compensation { .. } => {
                match self.domain_field_errors() {
                    Some(errors) if !errors.is_empty() => errors,
                    _ => vec![self.as_field_error()],
                }
            }
            other => vec![other.as_field_error()],
        }
    }

    fn as_field_error(&self) -> FieldError {
        FieldError::new(
            self.pointer(),
            self.code(),
            self.value(),
            self.to_string(),
            self.message_zh(),
        )
    }

    /// The properties of the thrown `Error` object, exactly as JavaScript sees them
    /// (camelCase keys).
    pub fn to_js_json(&self) -> serde_json::Value {
        // The text was written by serde_json from `ErrorInfo`: it is JSON.
        serde_json::from_slice(&crate::edge::encode(&self.info())).unwrap_or_default()
    }

    /// The error as JavaScript receives it.
    pub fn info(&self) -> ErrorInfo {
        ErrorInfo {
            code: self.code().to_owned(),
            pointer: self.pointer(),
            message: self.to_string(),
            message_zh: self.message_zh(),
            value: self.value(),
            errors: self.field_errors(),
        }
    }
}

/// The properties of the `Error` object a failing call throws (its `name` is
/// `WeiquanError`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ErrorInfo {
    /// Stable machine code, e.g. `resident_id.checksum`, `complaint.invalid`,
    /// `calendar.out_of_coverage`, `argument.invalid`.
    pub code: String,
    /// JSON pointer (camelCase) into the argument to what was wrong; empty for the argument
    /// itself.
    pub pointer: String,
    /// What was wrong, in English (also the `Error`'s `message`).
    pub message: String,
    /// What was wrong, in Chinese.
    pub message_zh: String,
    /// The offending value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Every problem, each with its pointer and both messages: all of them for an invalid
    /// complaint, one otherwise.
    #[schemars(with = "Vec<FieldErrorSchema>")]
    pub errors: Vec<FieldError>,
}

// The JSON Schema of `weiquan_complaint::FieldError` (which has none), for the TypeScript
// declarations; a test checks that the two serialise the same fields.
/// One problem with one field.
#[derive(JsonSchema)]
#[schemars(rename = "FieldError")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
pub(crate) struct FieldErrorSchema {
    /// JSON pointer (RFC 6901, camelCase names) to the field, e.g. `/consumer/mobile`; empty
    /// for the whole value.
    pointer: String,
    /// Stable machine code, e.g. `mobile.format` or `field.required`.
    code: String,
    /// The offending value as given, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    /// What is wrong, in English.
    message_en: String,
    /// What is wrong, in Chinese.
    message_zh: String,
}
