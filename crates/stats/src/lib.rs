//! Work in progress: anonymised statistics and redaction.

pub mod redact;
