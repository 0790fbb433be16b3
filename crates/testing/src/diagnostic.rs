//! Errors as a [`weiquan_support::Diagnostic`], which every edge maps once.

use weiquan_support::{Diagnostic, FieldError, Kind};

use crate::Error;

impl Diagnostic for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }

    fn kind(&self) -> Kind {
        match self {
            Error::Syntax { .. } => Kind::Malformed,
            Error::Invalid(_) => Kind::Invalid,
            Error::Incomplete(_) => Kind::Rejected,
            Error::Overflow { .. } => Kind::OutOfRange,
        }
    }

    fn message_zh(&self) -> String {
        Error::message_zh(self)
    }

    fn fields(&self) -> Vec<FieldError> {
        match self {
            Error::Invalid(e) | Error::Incomplete(e) => e.clone(),
            _ => Vec::new(),
        }
    }
}
