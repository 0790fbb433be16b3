//! Redaction of personal data in free text (`weiquan_redact`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use weiquan_redact::{KindSet, RedactConfig, Redactor, Replacement};

use crate::Error;

/// How to redact.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedactOptions {
    /// What replaces each item: `label` (default, e.g. `[手机号]`), `mask` (one `*` per
    /// character) or `partial` (what receipts show, e.g. `138****8000`; not for
    /// publication).
    #[serde(default)]
    #[schemars(with = "Option<ReplacementSchema>")]
    pub replacement: Option<Replacement>,
}

/// What replaces each detected item.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Replacement")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
enum ReplacementSchema {
    /// A label naming the kind.
    Label,
    /// One `*` per character.
    Mask,
    /// The parts receipts show.
    Partial,
}

/// Redacted text and where the items were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Redaction {
    /// The text with every item replaced.
    pub text: String,
    /// The items found, in order, as offsets into the original text.
    pub spans: Vec<RedactedSpan>,
}

/// One item of personal data found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RedactedSpan {
    /// Offset of its first character, in UTF-16 code units (JavaScript string indices:
    /// `text.slice(start, end)` is the item).
    pub start: usize,
    /// Offset one past its last character, in UTF-16 code units.
    pub end: usize,
    /// `mobile`, `landline`, `resident_id`, `bank_card`, `email`, `licence_plate`,
    /// `address`, `person_name` or `im_account`.
    pub kind: String,
}

/// `redactText`: the text with personal data replaced, and where it was.
pub fn redact(text: String, options: Option<RedactOptions>) -> Result<Redaction, Error> {
    let options = options.unwrap_or_default();
    let mut redactor = Redactor::new(RedactConfig {
        replacement: options.replacement.unwrap_or_default(),
        kinds: KindSet::ALL,
    });
    let r = redactor.redact(&text);
    // The crate counts in characters; JavaScript indexes strings in UTF-16 code units.
    let mut utf16 = Vec::with_capacity(text.len() + 1);
    let mut at = 0;
    for c in text.chars() {
        utf16.push(at);
        at += c.len_utf16();
    }
    utf16.push(at);
    let unit = |chars: usize| utf16.get(chars).copied().unwrap_or(at);
    Ok(Redaction {
        spans: r
            .spans
            .iter()
            .map(|s| RedactedSpan {
                start: unit(s.start),
                end: unit(s.end),
                kind: crate::writer::code(&s.kind),
            })
            .collect(),
        text: r.text,
    })
}
