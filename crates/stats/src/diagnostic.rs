//! Statistics errors as a [`weiquan_support::Diagnostic`], which every edge maps once.

use weiquan_support::{Diagnostic, FieldError, Kind};

use crate::Error;

impl Diagnostic for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }

    fn kind(&self) -> Kind {
        match self {
            Error::Invalid(errors) if errors.0.iter().any(|f| f.code == "json.syntax") => {
                Kind::Malformed
            }
            Error::Invalid(_) => Kind::Invalid,
            Error::GroupBy { .. } | Error::Parameter { .. } => Kind::Argument,
            Error::Format { .. } => Kind::Malformed,
            Error::LedgerInvalid { .. } => Kind::Invalid,
            Error::LedgerIo { .. } => Kind::Io,
            Error::EpsilonOutOfRange { .. } => Kind::Argument,
            Error::Overflow { .. } | Error::TableTooLarge { .. } => Kind::OutOfRange,
            _ => Kind::Rejected,
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
