//! Work in progress: redaction of personal data in free text.
