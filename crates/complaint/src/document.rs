//! The complaint document (`schema_version: 1`) and the classes of its fields.

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::{
    Category, Channel, ClaimKind, ConsumerGroup, DivisionCode, EarlierHandler, EvidenceKind,
    Mobile, OnlineRole, ProblemNature, Purpose, Relation, ResidentId, Sha256, Uscc, Yuan,
};

/// The document version this crate reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Limits on free text (in characters) and on repeated items. One place, documented in
/// `docs/data-model.md`.
pub mod limits {
    /// `id`.
    pub const ID: u64 = 64;
    /// Person and business names.
    pub const NAME: u64 = 100;
    /// Addresses.
    pub const ADDRESS: u64 = 200;
    /// Item purchased, platform name, evidence name.
    pub const SHORT_TEXT: u64 = 200;
    /// The narrative.
    pub const DESCRIPTION: u64 = 5000;
    /// A claim's note.
    pub const NOTE: u64 = 500;
    /// Number of claims.
    pub const CLAIMS: usize = 10;
    /// Number of evidence items.
    pub const EVIDENCE: usize = 50;
    /// Quantity purchased.
    pub const QUANTITY: u32 = 1_000_000;
}

/// One consumer complaint as received, normalised and validated.
///
/// Build one with [`Complaint::from_json`]; the fields are public so that services can read
/// them directly, and [`Complaint::check`] re-validates a value built or changed in code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "weiquan complaint",
    description = "A consumer complaint, schema_version 1."
)]
pub struct Complaint {
    /// Always 1 for this version of the document.
    #[schemars(range(min = 1, max = 1))]
    pub schema_version: u32,
    /// The receiving body's reference for the complaint.
    #[validate(length(min = 1, max = "limits::ID"))]
    pub id: String,
    /// When the complaint was received, normalised to China Standard Time (+08:00).
    pub received_at: DateTime<FixedOffset>,
    /// How it was received.
    pub channel: Channel,
    /// Who complains.
    #[validate(nested)]
    pub consumer: Consumer,
    /// Who is complained about.
    #[validate(nested)]
    pub business: Business,
    /// What was bought.
    #[validate(nested)]
    pub purchase: Purchase,
    /// The nature of the problem.
    pub problem_nature: ProblemNature,
    /// The consumer's account of the dispute, in free text.
    #[validate(length(min = 1, max = "limits::DESCRIPTION"))]
    pub description: String,
    /// What the consumer asks for (at least one).
    #[validate(nested)]
    #[schemars(length(min = 1, max = 10))]
    pub claims: Vec<Claim>,
    /// Evidence offered.
    #[serde(default)]
    #[validate(nested)]
    #[schemars(length(max = 50))]
    pub evidence: Vec<Evidence>,
    /// Whether the consumer consents to the complaint being disclosed as a typical case.
    #[serde(default)]
    pub consent_to_publication: bool,
    /// Facts of the dispute that decide whether it may be accepted: when the consumer knew of
    /// the infringement, who handled it before. Each is optional: an absent fact is reported
    /// as missing by whoever decides on it, never presumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(nested)]
    pub dispute: Option<Dispute>,
}

/// Facts of the dispute that the acceptance decision turns on (SAMR Order No. 20 Art. 15,
/// Order No. 121 Art. 16).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Dispute {
    /// The day the consumer knew or should have known that the respondent infringed their
    /// rights: the three-year bar runs from it (Order No. 20 Art. 15 item (4), Order No. 121
    /// Art. 16 item (4); Civil Code Art. 188).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_on: Option<NaiveDate>,
    /// Who accepted or handled the same dispute before, or `none` (Order No. 20 Art. 15
    /// item (2), Order No. 121 Art. 16 item (2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier_handled_by: Option<EarlierHandler>,
}

/// The consumer who complains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Consumer {
    /// Name.
    #[validate(length(min = 1, max = "limits::NAME"))]
    pub name: String,
    /// Resident identity number, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_id: Option<ResidentId>,
    /// Mobile number.
    pub mobile: Mobile,
    /// County-level division where the consumer lives.
    pub division: DivisionCode,
    /// Mailing address.
    #[validate(length(min = 1, max = "limits::ADDRESS"))]
    pub address: String,
    /// Groups the consumer belongs to, for the work plan's statistics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ConsumerGroup>,
    /// When the complainant files for someone else (a parent for a child who paid): who,
    /// and as what. The complainant above is then the guardian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(nested)]
    pub on_behalf_of: Option<OnBehalfOf>,
}

/// The person a complainant files for (the complaint model says who files for whom).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct OnBehalfOf {
    /// What the complainant is to them.
    pub relation: Relation,
    /// Their name.
    #[validate(length(min = 1, max = "limits::NAME"))]
    pub name: String,
    /// Their resident identity number: it gives their birth date, and so their age on the
    /// payment date (Civil Code Arts. 17–20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_id: Option<ResidentId>,
}

/// The business complained about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Business {
    /// Name as the consumer knows it.
    #[validate(length(min = 1, max = "limits::NAME"))]
    pub name: String,
    /// Unified social credit code, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uscc: Option<Uscc>,
    /// Division of its actual place of business (or domicile); required unless it sells
    /// inside a platform whose operator's division is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<DivisionCode>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = "limits::ADDRESS"))]
    pub address: Option<String>,
    /// For online sales: how it sells and through which platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(nested)]
    pub online: Option<Online>,
    /// Whether the respondent is a business operator (经营者) and not, say, a person selling
    /// their own second-hand goods on a platform (SPC online-consumption provisions (I),
    /// `Fa Shi [2022] No. 8`, Art. 7): the consumer-protection regime binds operators only.
    /// Absent when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_operator: Option<bool>,
}

/// How a business sells online, which decides jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Online {
    /// In-platform seller, platform operator, or own website.
    pub role: OnlineRole,
    /// The platform's name (required for an in-platform seller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = "limits::SHORT_TEXT"))]
    pub platform: Option<String>,
    /// The platform operator's unified social credit code, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_operator_uscc: Option<Uscc>,
    /// The division of the platform operator's domicile, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_operator_division: Option<DivisionCode>,
    /// Whether the seller published its address on the platform as required (Order No. 121).
    #[serde(default = "yes")]
    pub address_published: bool,
    /// Whether the seller can be reached at its published address (Order No. 121).
    #[serde(default = "yes")]
    pub reachable_at_address: bool,
}

fn yes() -> bool {
    true
}

/// What was bought, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Purchase {
    /// The goods or service, as the consumer names it.
    #[validate(length(min = 1, max = "limits::SHORT_TEXT"))]
    pub item: String,
    /// The CCA category.
    pub category: Category,
    /// The price actually paid, in yuan.
    pub amount_paid: Yuan,
    /// How many units.
    #[validate(range(min = 1, max = "limits::QUANTITY"))]
    pub quantity: u32,
    /// The date of purchase (or of the contract for a service).
    pub purchase_date: NaiveDate,
    /// The date the goods were received, for delivered goods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_date: Option<NaiveDate>,
    /// Bought at a distance (internet, TV, telephone, mail order): CRPL Art. 25 applies.
    #[serde(default)]
    pub distance_sale: bool,
    /// Why it was bought: for living consumption or not (CRPL Art. 2). Absent when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Purpose>,
}

/// One thing the consumer asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// What kind of claim.
    pub kind: ClaimKind,
    /// The amount asked for: required for compensation, optional for a refund.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Yuan>,
    /// Details; required for `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = "limits::NOTE"))]
    pub note: Option<String>,
}

/// One item of evidence, identified by its digest so the file itself can stay elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What it is.
    pub kind: EvidenceKind,
    /// Its file name or title.
    #[validate(length(min = 1, max = "limits::SHORT_TEXT"))]
    pub name: String,
    /// SHA-256 of the file.
    pub sha256: Sha256,
}

/// How a field may be used when data leaves the handling body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldClass {
    /// Identifies a person by itself (name, ID number, phone, address): never published.
    DirectIdentifier,
    /// Identifies a person in combination (where they live, when, who they are): published
    /// only generalised.
    QuasiIdentifier,
    /// Confidential but not identifying by itself (the narrative, amounts, claims).
    Sensitive,
    /// About the business or the classification: may be published.
    Public,
}

/// The class of every field of the document, by JSON pointer; `*` stands for any array index.
/// A pointer not listed takes the class of its nearest listed ancestor.
pub const FIELD_CLASSES: &[(&str, FieldClass)] = &[
    ("/schema_version", FieldClass::Public),
    ("/id", FieldClass::DirectIdentifier),
    ("/received_at", FieldClass::QuasiIdentifier),
    ("/channel", FieldClass::Public),
    ("/consumer", FieldClass::DirectIdentifier),
    ("/consumer/name", FieldClass::DirectIdentifier),
    ("/consumer/resident_id", FieldClass::DirectIdentifier),
    ("/consumer/mobile", FieldClass::DirectIdentifier),
    ("/consumer/address", FieldClass::DirectIdentifier),
    ("/consumer/division", FieldClass::QuasiIdentifier),
    ("/consumer/groups", FieldClass::QuasiIdentifier),
    ("/consumer/on_behalf_of", FieldClass::DirectIdentifier),
    (
        "/consumer/on_behalf_of/relation",
        FieldClass::QuasiIdentifier,
    ),
    ("/business", FieldClass::Public),
    ("/purchase", FieldClass::Public),
    ("/purchase/amount_paid", FieldClass::Sensitive),
    ("/purchase/purchase_date", FieldClass::QuasiIdentifier),
    ("/purchase/receipt_date", FieldClass::QuasiIdentifier),
    ("/problem_nature", FieldClass::Public),
    ("/description", FieldClass::Sensitive),
    ("/claims", FieldClass::Sensitive),
    ("/evidence", FieldClass::Sensitive),
    ("/evidence/*/name", FieldClass::DirectIdentifier),
    ("/consent_to_publication", FieldClass::Public),
    ("/dispute", FieldClass::Sensitive),
    ("/dispute/known_on", FieldClass::QuasiIdentifier),
];

/// The class of the field at `pointer` (e.g. `/consumer/mobile`, `/evidence/3/name`), or
/// `None` for a pointer outside the document.
///
/// ```
/// use weiquan_complaint::{field_class, FieldClass};
/// assert_eq!(field_class("/consumer/mobile"), Some(FieldClass::DirectIdentifier));
/// assert_eq!(field_class("/evidence/2/name"), Some(FieldClass::DirectIdentifier));
/// assert_eq!(field_class("/business/online/platform"), Some(FieldClass::Public));
/// assert_eq!(field_class("/nope"), None);
/// ```
pub fn field_class(pointer: &str) -> Option<FieldClass> {
    let generic: Vec<&str> = pointer
        .split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                "*"
            } else {
                seg
            }
        })
        .collect();
    let mut n = generic.len();
    while n > 1 {
        let candidate = generic.get(..n).map(|s| s.join("/")).unwrap_or_default();
        if let Some((_, class)) = FIELD_CLASSES.iter().find(|(p, _)| *p == candidate) {
            return Some(*class);
        }
        n -= 1;
    }
    None
}
