//! # weiquan-compensation
//!
//! What a consumer may claim under Chinese consumer law: the statutory punitive damages with
//! their minimums (CRPL fraud, knowingly defective goods, food, drugs, package tours), the
//! refunds of prepaid consumption, and the remedies of return, replacement and repair (CRPL
//! Art. 24 and Art. 25, the general 三包 rules, family cars) with their deadlines. Complaint
//! handlers use it to propose settlements, the consumer app to tell a consumer what to ask
//! for, and lawyers as a property-tested reference.
//!
//! Each rule is dated and cited, selected by the date of the facts (the purchase), and every
//! statutory number lives in one [`table`] whose row appears in the trace of each amount.
//! Where the reference is unsure the choice is a [`Policy`], and the output is flagged.
//!
//! ```
//! use weiquan_compensation::{assess, ClaimDocument, Policy, RuleId};
//!
//! // Non-compliant milk powder bought online for 180 yuan, for the family, from a shop; the
//! // seller knew.
//! let claim = ClaimDocument::from_json(r#"{
//!   "schema_version": 1,
//!   "purchase": {"kind": "food", "price_paid": "180.00", "purchase_date": "2025-04-10",
//!                "receipt_date": "2025-04-12", "distance_sale": true,
//!                "purpose": "living_consumption", "seller_is_operator": true},
//!   "request_date": "2025-04-15",
//!   "findings": {"food_standard_violated": true, "respondent_produced_or_knew": true,
//!                "food_defect": "substantive", "fraud": true},
//!   "returns": {"exclusion": "perishable"}
//! }"#)?;
//! let a = assess(&claim, &Policy::default())?;
//!
//! // 10 × 180.00 = 1,800.00 beats fraud's max(3 × 180.00, 500.00) = 540.00: the food
//! // regime is proposed, fraud is offered as the alternative, never both.
//! let food = a.item(RuleId::FslFood).unwrap();
//! assert!(food.proposed);
//! assert_eq!(food.steps[0].calc.to_string(), "10 × 180.00 = 1,800.00");
//! assert!(!a.item(RuleId::CrplFraud).unwrap().proposed);
//! assert_eq!(a.total.to_string(), "1,980.00"); // refund 180.00 + 1,800.00
//!
//! // Losses were not stated: the losses rule says which fact it needs.
//! assert!(a.missing_facts().any(|(r, f)| r == RuleId::Losses && f == "/proven_losses"));
//! println!("{}", serde_json::to_string_pretty(&a)?);
//!
//! // The decision without the working (about a tenth of the size): amounts, the id of each
//! // statutory number used, remedies, deadlines, flags; rules that did not apply as codes.
//! let compact = a.compact().to_json();
//! assert!(compact.contains(r#""calc":"10 × 180.00 = 1,800.00","param":"fsl_2015_148_2_price_multiplier""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The engine, the claim document, the full and the compact assessment
//! ([`Assessment::compact`]) and the uncertainty register are described in
//! `docs/compensation.md`; each rule has a page under `docs/rules/` (also in [`rules_docs`]);
//! the claim's JSON Schema is `docs/schema/claim.schema.json` ([`claim_schema_json`]).

mod assessment;
mod cited;
mod claim;
mod compact;
mod diagnostic;
mod engine;
mod error;
mod policy;
mod rules;
// The pages are Markdown for the repository too: their `[V]`/`[U]` marks and `[2024]` in
// citations are text, not intra-doc links.
#[allow(
    rustdoc::broken_intra_doc_links,
    reason = "the rule pages are Markdown for the repository too: `[V]` marks and `[2024]` in citations are text, not intra-doc links"
)]
pub mod rules_docs;
mod schema;
pub mod table;
mod text;

pub use assessment::{
    ASSESSMENT_SCHEMA_VERSION, Amount, Assessment, Calc, Condition, ConditionSet, Consideration,
    Extension, Flag, FlagSet, Item, ItemKind, Label, Note, NoteSet, OperatorDeadline, Outcome,
    Reason, Remedy, RemedyKind, RemedyStatus, Set, Step, Term, Vocabulary, Window, WindowKind,
};
pub use claim::{
    CLAIM_SCHEMA_VERSION, CarFacts, ClaimDocument, Findings, FoodDefect, InterestFacts, Kind,
    LabelFlaw, MAX_AMOUNT_YUAN, MAX_QUANTITY, MinorFacts, PrepaidFacts, Purchase, Rate, RateBasis,
    RefundCause, ReturnExclusion, ReturnFacts, TourFindings, UnlimitedTerm, WarrantyFacts,
};
pub use compact::{COMPACT_ASSESSMENT_SCHEMA_VERSION, CompactAssessment};
pub use engine::{assess, assess_with};
pub use error::Error;
pub use policy::{NoCalendar, Override, Policy, RestDayList, RestDays, WarrantyStart};
pub use rules::{
    CATALOGUE, Fact, FactSet, Rule, RuleId, RuleSet, catalogue_markdown, rule_page_markdown,
};
pub use schema::claim_schema_json;
pub use table::{ParamId, Parameter, TABLE, Unit, table_markdown};
pub use weiquan_law::{Citation, Reliability};
