//! One way for every crate's error to say what went wrong.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What every weiquan error tells a caller, whatever crate it comes from.
///
/// Codes are stable and unique across the workspace (`<area>.<what>`, e.g.
/// `complaint.invalid`, `caseflow.illegal_transition`): the C ABI, WebAssembly and the service
/// pass them through unchanged, so a caller can switch on them. Messages name the offending
/// value where it is not personal data, and never carry personal data.
pub trait Diagnostic: std::error::Error {
    /// The stable machine code.
    fn code(&self) -> &'static str;

    /// What kind of failure it is, from which each edge chooses its status (the C ABI's
    /// `weiquan_status`, the service's HTTP status) in one place. By default the input broke
    /// a rule.
    fn kind(&self) -> Kind {
        Kind::Invalid
    }

    /// What went wrong, in English (by default the `Display` text).
    fn message_en(&self) -> String {
        self.to_string()
    }

    /// What went wrong, in Chinese.
    fn message_zh(&self) -> String;

    /// The field errors: each problem with one field of an input document, in document
    /// order, with its JSON pointer; empty when the error is not about a field (see
    /// [`problems`](Diagnostic::problems) for the list that always has one).
    fn fields(&self) -> Vec<FieldError> {
        Vec::new()
    }

    /// The offending value as given (masked where it is personal data), when the error is
    /// about one value and that value is worth echoing.
    fn value(&self) -> Option<String> {
        None
    }

    /// Every problem as field errors, the form batch rejects and binding error lists take:
    /// [`fields`](Diagnostic::fields), or, when the error is not about a field, the error
    /// itself as one problem at the document root (with its [`value`](Diagnostic::value)).
    fn problems(&self) -> Vec<FieldError> {
        let fields = self.fields();
        if !fields.is_empty() {
            return fields;
        }
        vec![FieldError::new(
            "",
            self.code(),
            self.value(),
            self.message_en(),
            self.message_zh(),
        )]
    }
}

/// What kind of failure a diagnostic reports: the one fact an edge needs to choose its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// The input is not well-formed text of its format (JSON, CSV, TOML syntax).
    Malformed,
    /// The input is well-formed but breaks a rule of its document (a field, a value).
    Invalid,
    /// A call's argument or option is not one the function takes.
    Argument,
    /// The request is valid but the rules refuse it in the current state (an event the
    /// procedure does not allow, a release that would disclose).
    Rejected,
    /// The answer needs data the library does not have (a year the calendar does not cover).
    OutOfRange,
    /// Reading or writing a file failed.
    Io,
    /// A bug or an impossible state: please report it.
    Internal,
}

/// One problem with one field of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// JSON pointer (RFC 6901) to the field, e.g. `/consumer/mobile`; empty for the document.
    pub pointer: String,
    /// Stable machine code, e.g. `mobile.format` or `field.required`.
    pub code: String,
    /// The offending value as given (masked where it is personal data), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What is wrong, in English.
    pub message_en: String,
    /// What is wrong, in Chinese.
    pub message_zh: String,
}

/// Codes whose value is a key's name (an unknown field, a key that is not camelCase), never
/// masked as the field's content would be.
const KEY_NAME_CODES: &[&str] = &["field.unknown", "key.not_camel_case"];

impl FieldError {
    /// A field error with a code and both messages. The value is masked when the field is
    /// personal and cut to [`crate::mask::MAX_ECHO_CHARS`] characters in any case
    /// ([`crate::mask::at_pointer`]): a field error is shown and logged.
    pub fn new(
        pointer: impl Into<String>,
        code: &str,
        value: Option<String>,
        message_en: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Self {
        let pointer = pointer.into();
        // The value of a key-name problem is the key as written, not a field's content: a
        // misspelt `resident_id` is shown as written, only cut.
        let value = value.map(|v| {
            if KEY_NAME_CODES.contains(&code) {
                crate::mask::echo(&v)
            } else {
                crate::mask::at_pointer(&pointer, &v)
            }
        });
        // The messages may quote the value too, or a parser's words about it: any
        // identifier in them is masked and each quoted value cut, whatever the field.
        FieldError {
            pointer,
            code: code.to_owned(),
            value,
            message_en: crate::mask::parser_message(&message_en.into()),
            message_zh: crate::mask::parser_message(&message_zh.into()),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} [{}]", self.message_en, self.code)
    }
}

/// A diagnostic as data: what every edge serialises (`{"code", "message_en", "message_zh",
/// "errors": [...]}`), the same from the CLI's rejects, the C ABI's last error, the wasm
/// `WeiquanError` and the service's problem responses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The stable machine code.
    pub code: String,
    /// What kind of failure it is.
    pub kind: Kind,
    /// What went wrong, in English.
    pub message_en: String,
    /// What went wrong, in Chinese.
    pub message_zh: String,
    /// Each field problem, in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Report {
    /// The report of any diagnostic.
    pub fn from_diagnostic(d: &(impl Diagnostic + ?Sized)) -> Report {
        Report {
            code: d.code().to_owned(),
            kind: d.kind(),
            message_en: d.message_en(),
            message_zh: d.message_zh(),
            errors: d.fields(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Invalid(Vec<FieldError>);

    impl fmt::Display for Invalid {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{} problems", self.0.len())
        }
    }
    impl std::error::Error for Invalid {}
    impl Diagnostic for Invalid {
        fn code(&self) -> &'static str {
            "test.invalid"
        }
        fn message_zh(&self) -> String {
            format!("{}处错误", self.0.len())
        }
        fn fields(&self) -> Vec<FieldError> {
            self.0.clone()
        }
    }

    #[test]
    fn report_carries_every_field_error_in_order_and_serialises_flat() {
        let e = Invalid(vec![
            FieldError::new("/a", "x.y", Some("v".into()), "bad a", "a错"),
            FieldError::new("", "x.z", None, "bad doc", "文档错"),
        ]);
        let r = Report::from_diagnostic(&e);
        assert_eq!(r.errors.len(), 2);
        assert_eq!(r.errors[1].to_string(), "/: bad doc [x.z]");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "test.invalid", "kind": "invalid", "message_en": "2 problems", "message_zh": "2处错误",
                "errors": [
                    {"pointer": "/a", "code": "x.y", "value": "v", "message_en": "bad a", "message_zh": "a错"},
                    {"pointer": "", "code": "x.z", "message_en": "bad doc", "message_zh": "文档错"}
                ]
            })
        );
        let dynamic: &dyn Diagnostic = &e;
        assert_eq!(Report::from_diagnostic(dynamic), r);
    }

    #[test]
    fn a_key_name_is_shown_as_written_and_a_personal_value_masked() {
        let key = FieldError::new(
            "/consumer/resident_id",
            "key.not_camel_case",
            Some("resident_id".into()),
            "",
            "",
        );
        assert_eq!(key.value.as_deref(), Some("resident_id"));
        let value = FieldError::new(
            "/consumer/resident_id",
            "resident_id.checksum",
            Some("13010219900101123X".into()),
            "",
            "",
        );
        assert_eq!(value.value.as_deref(), Some("1301**********123X"));
    }

    #[test]
    fn problems_are_the_fields_or_the_error_itself_at_the_root() {
        let with_fields = Invalid(vec![FieldError::new("/a", "x.y", None, "bad a", "a错")]);
        assert_eq!(with_fields.problems(), with_fields.fields());
        let without = Invalid(Vec::new());
        let problems = without.problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0],
            FieldError::new("", "test.invalid", None, "0 problems", "0处错误")
        );
    }
}
