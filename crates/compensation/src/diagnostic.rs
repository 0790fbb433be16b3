//! Compensation errors as a [`weiquan_support::Diagnostic`], which every edge maps once.

use weiquan_support::{Diagnostic, FieldError, Kind};

use crate::Error;

impl Diagnostic for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }

    fn kind(&self) -> Kind {
        match self {
            Error::Json { .. } => Kind::Malformed,
            Error::Overflow { .. } => Kind::OutOfRange,
            // A claim or a policy that breaks a rule (a policy is an input document too).
            _ => Kind::Invalid,
        }
    }

    fn message_zh(&self) -> String {
        Error::message_zh(self)
    }

    fn fields(&self) -> Vec<FieldError> {
        match self {
            Error::Invalid(errors) => errors.0.clone(),
            _ => Vec::new(),
        }
    }
}
