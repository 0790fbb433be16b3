//! The calendar's errors as a [`weiquan_support::Diagnostic`], which every edge maps once.

use weiquan_support::{Diagnostic, FieldError, Kind};

use crate::Error;

impl Diagnostic for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }

    fn kind(&self) -> Kind {
        match self {
            Error::OutOfCoverage { .. } => Kind::OutOfRange,
            _ => Kind::Invalid,
        }
    }

    fn message_zh(&self) -> String {
        Error::message_zh(self)
    }

    /// A rejected CSV file: each problem at `/<line>/<field>` (1-based line, column name).
    fn fields(&self) -> Vec<FieldError> {
        match self {
            Error::Csv { problems } => problems
                .iter()
                .map(|p| {
                    FieldError::new(
                        format!("/{}/{}", p.line, p.field.as_str()),
                        p.code(),
                        None,
                        p.to_string(),
                        p.message_zh(),
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}
