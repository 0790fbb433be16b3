//! Routing errors as a [`weiquan_support::Diagnostic`], which every edge maps once.

use weiquan_support::{Diagnostic, FieldError, Kind};

use crate::Error;

impl Diagnostic for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }

    fn kind(&self) -> Kind {
        match self {
            Error::NoRule { .. } => Kind::Rejected,
            Error::UnknownBody { .. } => Kind::Argument,
            _ => Kind::Invalid,
        }
    }

    fn message_zh(&self) -> String {
        Error::message_zh(self)
    }

    /// A ruleset file's problems at their paths in the document (the line, when known, in
    /// the message); a complaint's unknown division at its field.
    fn fields(&self) -> Vec<FieldError> {
        match self {
            Error::Ruleset(problems) => problems
                .iter()
                .map(|p| {
                    let at = p.line.map_or_else(String::new, |l| format!("line {l}: "));
                    FieldError::new(
                        p.path.clone(),
                        p.kind.code(),
                        None,
                        format!("{at}{}", p.message),
                        p.message_zh(),
                    )
                })
                .collect(),
            Error::UnknownDivision { field, code } => vec![FieldError::new(
                *field,
                self.code(),
                Some(code.to_string()),
                self.to_string(),
                Error::message_zh(self),
            )],
            _ => Vec::new(),
        }
    }

    fn value(&self) -> Option<String> {
        match self {
            Error::UnknownBody { id, .. } => Some(id.clone()),
            _ => None,
        }
    }
}
