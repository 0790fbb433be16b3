//! Complaint validation for forms: every problem at once, with camelCase pointers and
//! messages in Chinese and English; the normalised complaint and the document to send.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use weiquan_complaint::{
    Category, Channel, ClaimKind, Complaint, ConsumerGroup, EvidenceKind, FieldError,
    MajorCategory, MinorCategory, OnlineRole, ProblemNature,
};
use weiquan_support::Diagnostic;

use crate::Error;
use crate::error::FieldErrorSchema;
use crate::names::{field_error_to_camel, input_to_snake};
use crate::writer::{Keys, to_json};

/// A complaint as a form builds it: any part may be missing or wrong; the validator says
/// what.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintDraft(pub Value);

impl JsonSchema for ComplaintDraft {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ComplaintDraft".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // The declaration itself is `DeepPartial<Complaint>`, written by the TypeScript
        // generator; make sure `Complaint` is declared.
        let _ = generator.subschema_for::<Complaint>();
        schemars::json_schema!({ "tsType": "DeepPartial<Complaint>" })
    }
}

/// The outcome of validating a complaint draft.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ComplaintCheck {
    /// Whether the draft is a valid complaint.
    pub valid: bool,
    /// Every problem, in document order, each with its camelCase JSON pointer, code and
    /// messages; empty when valid.
    #[schemars(with = "Vec<FieldErrorSchema>")]
    pub errors: Vec<FieldError>,
    /// The normalised complaint (full-width characters folded, spaces trimmed, the received
    /// time in +08:00), when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaint: Option<Complaint>,
    /// The normalised complaint as the JSON document (`schema_version` 1, snake_case keys,
    /// `docs/schema/complaint.schema.json`) that the back office takes, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

fn check(draft: ComplaintDraft) -> (Vec<FieldError>, Option<Complaint>) {
    let mut errors = Vec::new();
    let snake = input_to_snake(draft.0, &mut errors);
    // A complaint received after today (by the caller's clock) is refused too.
    let read = Complaint::from_json_value(&snake)
        .and_then(|c| c.check_received_by(crate::edge::today()).map(|()| c));
    match read {
        Ok(c) if errors.is_empty() => (errors, Some(c)),
        Ok(_) => (errors, None),
        Err(e) => {
            errors.extend(e.problems().iter().map(field_error_to_camel));
            (errors, None)
        }
    }
}

/// `validateComplaint`: checks a draft and lists every problem; never throws for a bad
/// draft.
pub fn validate(draft: ComplaintDraft) -> Result<ComplaintCheck, Error> {
    let (errors, complaint) = check(draft);
    // What `Complaint::to_json` writes, byte for byte (a test checks), through the writer
    // the results go through anyway.
    let document = complaint.as_ref().map(|c| to_json(c, Keys::AsIs));
    Ok(ComplaintCheck {
        valid: complaint.is_some(),
        errors,
        complaint,
        document,
    })
}

/// `parseComplaint`: the normalised complaint, or an error `complaint.invalid` listing every
/// problem.
pub fn parse(draft: ComplaintDraft) -> Result<Complaint, Error> {
    match check(draft) {
        (_, Some(c)) => Ok(c),
        (errors, None) if errors.iter().all(|e| e.code == "key.not_camel_case") => {
            Err(Error::Names(errors))
        }
        (errors, None) => Err(Error::at(
            "",
            weiquan_complaint::Error::Invalid(weiquan_complaint::ValidationErrors(errors)),
        )),
    }
}

/// `complaintFromDocument`: reads a complaint document (the snake_case JSON text the back
/// office exchanges) into the camelCase object. Problems point into the document, with its
/// own (snake_case) names.
pub fn from_document(text: String) -> Result<Complaint, Error> {
    // Parsed as a JSON value first, then read as `parseComplaint` reads a draft: the
    // module carries one reader of complaints, not two.
    let complaint = serde_json::from_str::<Value>(&text)
        .map_err(|e| weiquan_complaint::Error::json_syntax(&e))
        .and_then(|value| Complaint::from_json_value(&value));
    complaint.map_err(|source| Error::at("", source))
}

/// One entry of a closed vocabulary, for a form's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CodeName {
    /// The code the complaint uses.
    pub code: String,
    /// The Chinese name.
    pub name_zh: String,
    /// The English name.
    pub name_en: String,
}

/// One CCA category, for a form's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CategoryName {
    /// The category code: the major code, or `major/minor`.
    pub code: String,
    /// The Chinese name, e.g. `家用电子电器类/通讯类产品`.
    pub name_zh: String,
    /// The English name.
    pub name_en: String,
    /// `goods`, `services` or `other`.
    pub top: String,
    /// Whether this is a specific item (小类) rather than a major category.
    pub item: bool,
}

/// The closed vocabularies of the complaint document with their names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CodeLists {
    /// Intake channels.
    pub channels: Vec<CodeName>,
    /// Problem natures (投诉性质).
    pub problem_natures: Vec<CodeName>,
    /// Kinds of claim.
    pub claim_kinds: Vec<CodeName>,
    /// Consumer groups.
    pub consumer_groups: Vec<CodeName>,
    /// Kinds of evidence.
    pub evidence_kinds: Vec<CodeName>,
    /// How a business sells online.
    pub online_roles: Vec<CodeName>,
    /// CCA categories: each major category followed by its items.
    pub categories: Vec<CategoryName>,
}

macro_rules! names_of {
    ($ty:ty) => {
        <$ty>::ALL
            .iter()
            .map(|v| CodeName {
                code: v.code().to_owned(),
                name_zh: v.name_zh().to_owned(),
                name_en: v.name_en().to_owned(),
            })
            .collect()
    };
}

/// `codeLists`: every closed vocabulary, in its conventional order.
pub fn code_lists() -> Result<CodeLists, Error> {
    let mut categories = Vec::new();
    for major in MajorCategory::ALL {
        let c = Category::major_only(*major);
        categories.push(CategoryName {
            code: c.to_string(),
            name_zh: c.name_zh(),
            name_en: major.name_en().to_owned(),
            top: major.top().code().to_owned(),
            item: false,
        });
        for minor in MinorCategory::ALL.iter().filter(|m| m.major() == *major) {
            let c = Category::item(*minor);
            categories.push(CategoryName {
                code: c.to_string(),
                name_zh: c.name_zh(),
                name_en: format!("{}/{}", major.name_en(), minor.name_en()),
                top: major.top().code().to_owned(),
                item: true,
            });
        }
    }
    Ok(CodeLists {
        channels: names_of!(Channel),
        problem_natures: names_of!(ProblemNature),
        claim_kinds: names_of!(ClaimKind),
        consumer_groups: names_of!(ConsumerGroup),
        evidence_kinds: names_of!(EvidenceKind),
        online_roles: names_of!(OnlineRole),
        categories,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use weiquan_synth::generate::Generator;

    #[test]
    fn a_complaint_received_after_today_is_refused() {
        let c = Generator::new(3).next_generated().complaint;
        let mut draft: Value = serde_json::from_str(&to_json(&c, Keys::Camel)).unwrap_or_default();
        draft["receivedAt"] = "2099-01-01T10:00:00+08:00".into();
        let check = validate(ComplaintDraft(draft)).unwrap_or_else(|e| panic!("{e}"));
        assert!(!check.valid);
        let found: Vec<(&str, &str)> = check
            .errors
            .iter()
            .map(|e| (e.pointer.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(found, [("/receivedAt", "received_at.future")]);
    }

    #[test]
    fn the_document_is_what_the_complaint_crate_writes() {
        let mut generator = Generator::new(7);
        for _ in 0..200 {
            let c = generator.next_generated().complaint;
            assert_eq!(to_json(&c, Keys::AsIs), c.to_json());
        }
    }
}
