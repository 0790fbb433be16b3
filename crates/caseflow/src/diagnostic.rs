//! Case errors as a [`weiquan_support::Diagnostic`], which every edge maps once.

use weiquan_support::{Diagnostic, FieldError, Kind};

use crate::Error;

impl Diagnostic for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }

    fn kind(&self) -> Kind {
        match self {
            Error::InvalidComplaintId { .. } | Error::InvalidPolicy { .. } => Kind::Invalid,
            Error::Calendar { .. } => Kind::OutOfRange,
            Error::LogSyntax { .. } | Error::LogTorn { .. } => Kind::Malformed,
            Error::LogKey { .. } => Kind::Invalid,
            Error::LogIo { .. } => Kind::Io,
            Error::Serialize { .. } => Kind::Internal,
            _ => Kind::Rejected,
        }
    }

    fn message_zh(&self) -> String {
        Error::message_zh(self)
    }

    /// Opening a case from a complaint: the complaint field the refusal is about.
    fn fields(&self) -> Vec<FieldError> {
        let pointer = match self {
            Error::InvalidComplaintId { .. } => "/id",
            Error::NoProcedure { .. } | Error::ProcedureNotInForce { .. } => "/received_at",
            _ => return Vec::new(),
        };
        vec![FieldError::new(
            pointer,
            self.code(),
            None,
            self.to_string(),
            Error::message_zh(self),
        )]
    }
}
