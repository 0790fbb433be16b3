//! Redaction errors as a [`weiquan_support::Diagnostic`], which every edge maps once.

use weiquan_support::{Diagnostic, Kind};

use crate::Error;

impl Diagnostic for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }

    /// A marked text that does not parse, or bytes that are not text.
    fn kind(&self) -> Kind {
        Kind::Malformed
    }

    fn message_zh(&self) -> String {
        Error::message_zh(self)
    }
}
