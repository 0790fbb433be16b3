//! The crate's one error type. Every variant passes the wrapped crate's stable code through
//! unchanged; JavaScript receives it as an `Error` with `code`, `pointer`, `message` and the
//! field errors behind it (see [`ErrorInfo`]).

use schemars::JsonSchema;
use serde::Serialize;
use weiquan_support::{Diagnostic, FieldError};

use crate::names::field_error_to_camel;

/// Everything a call from JavaScript can fail with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument does not fit its declared type (a missing field, a number where a date
    /// was expected...).
    #[error("argument `{name}`{} is invalid: {detail}", located(pointer))]
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
    /// A domain crate's error (complaint, calendar, case flow, routing, compensation), with
    /// its stable code passed through: every crate's error is a [`Diagnostic`], read once
    /// into this form when it reaches the edge (no trait objects: their tables would carry
    /// every error type's `Debug` into the module).
    #[error("{}", .0.message_en)]
    Domain(Box<DomainError>),
}

/// A domain crate's error as the edge shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainError {
    code: &'static str,
    message_en: String,
    message_zh: String,
    value: Option<String>,
    /// Every problem, pointers as JavaScript sees them (never empty).
    problems: Vec<FieldError>,
}

fn located(pointer: &str) -> String {
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
    /// A domain crate's error about the argument at `at` (a JSON pointer, camelCase), or,
    /// with `at` empty, at the error's own field pointers, which are already the ones to show
    /// (camelCase for an object from JavaScript, the document's own for a document).
    pub(crate) fn at(at: impl Into<String>, inner: impl Diagnostic) -> Error {
        Error::domain(at.into(), false, &inner)
    }

    /// A domain crate's error whose field pointers name the snake_case document built from a
    /// camelCase argument (a claim, a complaint to route): shown camelCase.
    pub(crate) fn camel(inner: impl Diagnostic) -> Error {
        Error::domain(String::new(), true, &inner)
    }

    fn domain(at: String, camel: bool, d: &impl Diagnostic) -> Error {
        let problems = if at.is_empty() {
            let problems = d.problems();
            if camel {
                problems.iter().map(field_error_to_camel).collect()
            } else {
                problems
            }
        } else {
            vec![FieldError::new(
                at,
                d.code(),
                d.value(),
                d.message_en(),
                d.message_zh(),
            )]
        };
        Error::Domain(Box::new(DomainError {
            code: d.code(),
            message_en: d.message_en(),
            message_zh: d.message_zh(),
            value: d.value(),
            problems,
        }))
    }

    /// The stable machine code: the wrapped crate's code, or `argument.invalid`,
    /// `argument.unreadable`, `key.not_camel_case` for problems at the JavaScript edge.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Argument { .. } => "argument.invalid",
            Error::Unreadable { .. } => "argument.unreadable",
            Error::Names(_) => "key.not_camel_case",
            Error::Domain(d) => d.code,
        }
    }

    /// JSON pointer (camelCase) to what was wrong; for a document with several problems, the
    /// first of them.
    pub fn pointer(&self) -> String {
        match self {
            Error::Argument { pointer, .. } => pointer.clone(),
            Error::Unreadable { .. } => String::new(),
            Error::Names(errors) => first_pointer(errors).to_owned(),
            Error::Domain(d) => d
                .problems
                .first()
                .map(|e| e.pointer.clone())
                .unwrap_or_default(),
        }
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
            Error::Domain(d) => d.message_zh.clone(),
        }
    }

    /// The offending value, where there is one.
    pub fn value(&self) -> Option<String> {
        match self {
            Error::Domain(d) => d.value.clone(),
            Error::Names(errors) => errors.first().and_then(|e| e.value.clone()),
            Error::Argument { .. } | Error::Unreadable { .. } => None,
        }
    }

    /// Every problem behind this error as field errors with camelCase pointers: all of them
    /// for an invalid document, one otherwise.
    pub fn problems(&self) -> Vec<FieldError> {
        match self {
            Error::Names(errors) => errors.clone(),
            Error::Domain(d) => d.problems.clone(),
            other => vec![FieldError::new(
                match other {
                    Error::Argument { pointer, .. } => pointer.clone(),
                    _ => String::new(),
                },
                other.code(),
                other.value(),
                other.to_string(),
                other.message_zh(),
            )],
        }
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
            errors: self.problems(),
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
