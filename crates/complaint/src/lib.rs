//! # weiquan-complaint
//!
//! The consumer-complaint model that every weiquan crate shares: the value types (money,
//! identity numbers, credit codes, phone numbers, division codes, the CCA classification),
//! the complaint document with its JSON form and JSON Schema, parsing that reports *every*
//! problem at once with a JSON pointer, a stable code and messages in Chinese and English.
//! The seeded generator of synthetic complaints is the crate `weiquan-synth`.
//!
//! ```
//! use weiquan_complaint::{Complaint, FieldClass, field_class};
//!
//! // A generated complaint (weiquan-synth) stands in for one received over the 12315 hotline.
//! let text = weiquan_synth::generate::sample_json();
//! let complaint = Complaint::from_json(&text)?;
//! println!("{} paid {} for {}", complaint.consumer.division, complaint.purchase.amount_paid,
//!          complaint.purchase.item);
//!
//! // The statistics crate asks which fields may never be published.
//! assert_eq!(field_class("/consumer/resident_id"), Some(FieldClass::DirectIdentifier));
//! # Ok::<(), weiquan_complaint::Error>(())
//! ```
//!
//! Every field of the document, its rules and its error codes are listed in
//! `docs/data-model.md`; the JSON Schema is `docs/schema/complaint.schema.json`.

mod category;
mod codes;
mod digest;
mod division;
mod document;
mod error;
mod mobile;
mod money;
pub mod normalize;
mod resident_id;
pub mod schema;
mod serde_util;
mod uscc;
mod validate;

pub use category::{Category, MajorCategory, MinorCategory, TopCategory};
pub use codes::{
    Channel, ClaimKind, ConsumerGroup, EarlierHandler, EvidenceKind, OnlineRole, ProblemNature,
    Purpose, Relation,
};
pub use digest::Sha256;
pub use division::{DivisionCode, DivisionLevel};
pub use document::{
    Business, Claim, Complaint, Consumer, Dispute, Evidence, FIELD_CLASSES, FieldClass, OnBehalfOf,
    Online, Purchase, SCHEMA_VERSION, field_class, limits,
};
pub use error::{CodeKind, Error, FieldError, ValidationErrors};
pub use mobile::Mobile;
pub use money::{MAX_AMOUNT_YUAN, Yuan};
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub use resident_id::today_cst;
pub use resident_id::{ResidentId, Sex};
pub use uscc::Uscc;
pub use validate::{CST, cst};
