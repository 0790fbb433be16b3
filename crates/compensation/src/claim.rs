//! The claim document (`schema_version: 1`): what was bought, the losses proven and the
//! findings established, as the engine's input.
//!
//! Findings the consumer must establish are tri-state (`true`, `false`, or absent = not
//! established either way): a rule that needs an absent finding reports it as missing rather
//! than assuming it false. Facts that only defeat a claim and that the operator must prove
//! (the buyer knew, the claim was fabricated, a drug defence, a car exemption) default to
//! `false`: absent proof, they are not established.

// Field docs become JSON Schema descriptions: citations like `Fa Shi [2025] No. 4` stay plain
// text there, so they are not escaped for rustdoc.
#![allow(
    rustdoc::broken_intra_doc_links,
    reason = "field docs become JSON Schema descriptions: citations like `Fa Shi [2025] No. 4` are text there, not intra-doc links"
)]

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use weiquan_complaint::{
    Category, ClaimKind, Complaint, FieldError, MajorCategory, MinorCategory, Purpose,
    ValidationErrors, Yuan,
};

use weiquan_support::json_pointer as pointer;

use crate::Error;

/// The claim document version this crate reads and writes.
pub const CLAIM_SCHEMA_VERSION: u32 = 1;

/// The largest amount a claim may state: the one limit of the complaint model
/// (`weiquan_complaint::MAX_AMOUNT_YUAN`, one trillion yuan), which keeps every
/// multiplication far from overflow. Amounts read from text are refused above it with
/// `amount.too_large` already; the check below also holds for claims built in code.
pub use weiquan_complaint::MAX_AMOUNT_YUAN;

/// The largest quantity (as for complaints).
pub const MAX_QUANTITY: u32 = 1_000_000;

/// A claim for assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "weiquan claim",
    description = "A consumer's claim for assessment by weiquan-compensation, schema_version 1."
)]
pub struct ClaimDocument {
    /// Always 1 for this version of the document.
    pub schema_version: u32,
    /// The caller's reference (e.g. the complaint id), copied to the assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What was bought.
    pub purchase: Purchase,
    /// The date the consumer asked the operator for a remedy (return, refund...); decides
    /// whether the time limits were met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_date: Option<NaiveDate>,
    /// The losses proven (medical costs, property damage...), in yuan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proven_losses: Option<Yuan>,
    /// The total the consumer claims: the proposal never exceeds it (courts award no more than
    /// is claimed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_claimed: Option<Yuan>,
    /// The findings established.
    #[serde(default)]
    pub findings: Findings,
    /// Facts for the 7-day no-reason return of distance sales (CRPL Art. 25).
    #[serde(default)]
    pub returns: ReturnFacts,
    /// Facts for the general 三包 rules.
    #[serde(default)]
    pub warranty: WarrantyFacts,
    /// Facts for the family-car 三包 rules.
    #[serde(default)]
    pub car: CarFacts,
    /// Present for prepaid consumption (a prepaid card or membership): the facts of SPC
    /// Fa Shi [2025] No. 4. The prepayment is `purchase.price_paid`, paid on
    /// `purchase.purchase_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepaid: Option<PrepaidFacts>,
    /// Facts of a service contract short of quality (CRPL Art. 24; Civil Code Art. 566).
    #[serde(default)]
    pub service: ServiceFacts,
    /// Present when the payment was made by a minor and the guardian claims it back (Civil
    /// Code Arts. 19–20, 144–145, 157). The payment is `purchase.price_paid`, made on
    /// `purchase.purchase_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minor: Option<MinorFacts>,
}

/// Facts of a service contract: how much of it was left unperformed when the consumer ended
/// it for poor quality.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceFacts {
    /// The share of the service not yet performed (`"60%"`: 6 of 10 lessons left): what is
    /// refunded when the contract is rescinded (Civil Code Art. 566 para. 1: what is not yet
    /// performed ends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unperformed_share: Option<Rate>,
}

/// Facts of a payment made by a minor.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MinorFacts {
    /// The payer's birth date (a resident ID gives it): their age on the payment date decides
    /// their capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// For a payer of 16 or 17: they live mainly on their own labour income and so are
    /// deemed to have full capacity (Civil Code Art. 18 para. 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_supporting: Option<bool>,
    /// The payment is appropriate to the payer's age and intelligence (Civil Code Art. 19):
    /// judged from the amount, the frequency and the family's circumstances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appropriate_to_age: Option<bool>,
    /// The operator proved that the guardian consented beforehand or ratified the payment
    /// (Civil Code Art. 19, Art. 145): for the operator to prove, so absent means not proven.
    #[serde(default)]
    pub guardian_consented: bool,
}

/// What was bought, for how much and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Purchase {
    /// The kind of goods or service: decides which regimes can apply.
    pub kind: Kind,
    /// The CCA category, for reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// The price actually paid for all units (after discounts and coupons), in yuan: the base
    /// of every multiplier.
    pub price_paid: Yuan,
    /// How many units the price paid for.
    #[serde(default = "one")]
    pub quantity: u32,
    /// The date of purchase, of the contract or of payment: selects the version of each rule.
    pub purchase_date: NaiveDate,
    /// The date the goods were received; for goods taken away at the counter, leave it out
    /// and the purchase date is used unless `distance_sale` is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_date: Option<NaiveDate>,
    /// Bought at a distance (internet, TV, telephone, mail order).
    #[serde(default)]
    pub distance_sale: bool,
    /// Why it was bought: `living_consumption` or `not_living_consumption` (CRPL Art. 2; SPC
    /// Fa Shi [2024] No. 9 Art. 1). Not for living consumption, no consumer rule applies and
    /// only the contract remedies remain. Absent: not known; the consumer rules are assessed
    /// on the stated default (living consumption), flagged, and list it as missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Purpose>,
    /// Whether the seller is a business operator (经营者), not a person selling their own
    /// second-hand goods on a platform (SPC Fa Shi [2022] No. 8 Art. 7). `false`: no consumer
    /// rule applies. Absent: not known; assessed on the stated default (an operator), flagged,
    /// and listed as missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_is_operator: Option<bool>,
}

fn one() -> u32 {
    1
}

/// The kind of goods or service, as the regimes distinguish them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Goods with no special regime.
    Goods,
    /// Food (Food Safety Law).
    Food,
    /// A drug (Drug Administration Law).
    Drug,
    /// Goods listed in the general 三包 rules (household appliances...).
    WarrantyGoods,
    /// A passenger car or pickup for living consumption (SAMR Order No. 43).
    FamilyCar,
    /// A service.
    Service,
    /// A package tour (Tourism Law).
    PackageTour,
}

impl Kind {
    /// The kind of goods a CCA category most likely stands for. A heuristic for assessing
    /// complaints: set [`Purchase::kind`] yourself when you know better (tobacco is not food;
    /// not every medical product is a drug; a car complaint may be about parts).
    ///
    /// ```
    /// use weiquan_compensation::Kind;
    /// use weiquan_complaint::Category;
    /// assert_eq!(Kind::from_category("food".parse::<Category>()?), Kind::Food);
    /// assert_eq!(Kind::from_category("tourism".parse::<Category>()?), Kind::PackageTour);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_category(c: Category) -> Kind {
        use MajorCategory as M;
        match (c.major(), c.minor()) {
            (_, Some(MinorCategory::MedicalDevices)) => Kind::Goods,
            (_, Some(MinorCategory::CarsAndParts)) => Kind::FamilyCar,
            (M::Food | M::TobaccoAlcoholBeverages, _) => Kind::Food,
            (M::MedicineMedical, _) => Kind::Drug,
            (M::HouseholdAppliances, _) => Kind::WarrantyGoods,
            (M::Tourism, _) => Kind::PackageTour,
            (
                M::DailyGoods
                | M::ClothingFootwear
                | M::Vehicles
                | M::HousingMaterials
                | M::JewelleryStationerySports
                | M::AgriculturalInputs
                | M::Other,
                _,
            ) => Kind::Goods,
            _ => Kind::Service,
        }
    }

    /// Whether the kind is goods (as opposed to a service).
    pub fn is_goods(self) -> bool {
        !matches!(self, Kind::Service | Kind::PackageTour)
    }
}

/// The findings established by the handler, a court or the parties' agreement.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Findings {
    /// The operator committed fraud (CRPL Art. 55(1); SAMR 2015 measures Art. 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fraud: Option<bool>,
    /// The operator knew of a defect and it caused death or serious damage to health
    /// (CRPL Art. 55(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub knowingly_defective_causing_harm: Option<bool>,
    /// The food does not meet food safety standards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub food_standard_violated: Option<bool>,
    /// The respondent produced the food or drug, or sold (or used) it knowing it was
    /// non-compliant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondent_produced_or_knew: Option<bool>,
    /// Whether the food's non-compliance is substantive or in the label only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub food_defect: Option<FoodDefect>,
    /// For a label-only defect: which flaw (SPC Fa Shi [2024] No. 9 Art. 6 – Art. 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_flaw: Option<LabelFlaw>,
    /// The drug is counterfeit or substandard (假药/劣药).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drug_counterfeit_or_substandard: Option<bool>,
    /// A drug defence of SPC Fa Shi [2024] No. 9 Art. 10 – Art. 11 was proven (non-profit
    /// small-scale supply, folk remedies, non-profit import, no harm caused).
    #[serde(default)]
    pub drug_defence: bool,
    /// The operator proved the buyer knew of the non-compliance when buying (知假买假).
    #[serde(default)]
    pub buyer_knew: bool,
    /// For a knowing buyer: the reasonable quantity for living consumption (a person judges
    /// it: shelf life, habits, frequency; repeated purchases aggregated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasonable_quantity: Option<u32>,
    /// The claimant fabricated the violation or the evidence.
    #[serde(default)]
    pub claimant_fabricated: bool,
    /// The goods or service fall short of quality requirements (a performance fault).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_defect: Option<bool>,
    /// The statutory conditions for rescinding the contract are met (e.g. its purpose cannot
    /// be achieved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescission_conditions_met: Option<bool>,
    /// The consumer's own share of fault in the losses (`"20%"` or `0.2`): the losses
    /// compensated are reduced by it (Civil Code Art. 1173; in contract Art. 592 para. 2).
    /// Absent where losses are claimed: not known; the losses are proposed whole on that
    /// stated default and the share is listed as missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_fault_share: Option<Rate>,
    /// Tourism Law Art. 70 findings.
    #[serde(default)]
    pub tour: TourFindings,
}

/// The three conditions of Tourism Law Art. 70(1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TourFindings {
    /// The agency was able to perform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub able_to_perform: Option<bool>,
    /// It refused to perform although the traveller asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused_after_request: Option<bool>,
    /// Serious consequences followed (personal injury, stranding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serious_consequence: Option<bool>,
}

/// Where the food's non-compliance lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FoodDefect {
    /// In the food itself (contamination, additives, spoilage...).
    Substantive,
    /// In the label or instructions only.
    LabelOnly,
}

/// A label flaw, classified by SPC Fa Shi [2024] No. 9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LabelFlaw {
    /// Art. 8(1): irregular font, character size or height; foreign text larger than Chinese.
    FontOrSize,
    /// Art. 8(2): typos, extra or missing characters, traditional characters, imprecise
    /// translation, not misleading about safety.
    TypoOrTranslation,
    /// Art. 8(3): irregular format of net content or specification, informal ingredient
    /// names, irregular nutrition table, not misleading about safety.
    FormatOrNutritionTable,
    /// Art. 8(4): no storage conditions for food that needs none.
    StorageNotNeeded,
    /// Art. 8(5), Art. 7: another flaw that neither affects safety nor misleads.
    OtherHarmless,
    /// Art. 6(1): a mandatory label item is missing.
    MandatoryItemMissing,
    /// Art. 6(2): deliberate mislabelling.
    DeliberateMislabel,
    /// Art. 6(3): mislabelling that misleads about safety.
    MisleadingAboutSafety,
}

impl LabelFlaw {
    /// Whether the flaw is a safe harbour (no punitive damages): Art. 7 and Art. 8.
    pub fn is_safe_harbour(self) -> bool {
        matches!(
            self,
            LabelFlaw::FontOrSize
                | LabelFlaw::TypoOrTranslation
                | LabelFlaw::FormatOrNutritionTable
                | LabelFlaw::StorageNotNeeded
                | LabelFlaw::OtherHarmless
        )
    }
}

/// Facts for CRPL Art. 25.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnFacts {
    /// Which exclusion the goods fall under (`none` when they fall under none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusion: Option<ReturnExclusion>,
    /// The goods are intact (inspection or trial to check them does not defeat this).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intact: Option<bool>,
    /// The seller promised no-reason returns even for excluded goods (SPC Fa Shi [2022]
    /// No. 8 Art. 2): the promise binds.
    #[serde(default)]
    pub seller_promised_return: bool,
    /// The date the seller received the returned goods: starts its 7-day refund limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned_goods_received_on: Option<NaiveDate>,
}

/// The exclusions from the 7-day no-reason return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReturnExclusion {
    /// None applies.
    None,
    /// Art. 25(1)(1): made to the consumer's order.
    CustomMade,
    /// Art. 25(1)(2): fresh, live or perishable.
    Perishable,
    /// Art. 25(1)(3): downloaded digital goods, or audio-visual products or software unsealed
    /// by the consumer.
    DigitalOrUnsealedMedia,
    /// Art. 25(1)(4): newspapers and periodicals delivered.
    Periodicals,
    /// Art. 25(2): unsuitable for return by nature, and confirmed by the consumer at purchase.
    ByNatureConfirmed,
    /// Unsuitable by nature, but the consumer did not confirm: not an exclusion.
    ByNatureNotConfirmed,
}

impl ReturnExclusion {
    /// One of the four statutory exclusions of Art. 25(1).
    pub fn is_statutory(self) -> bool {
        matches!(
            self,
            ReturnExclusion::CustomMade
                | ReturnExclusion::Perishable
                | ReturnExclusion::DigitalOrUnsealedMedia
                | ReturnExclusion::Periodicals
        )
    }
}

/// Facts for the general 三包 rules.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WarrantyFacts {
    /// The date the performance fault appeared (the request date stands in when it alone
    /// settles the question).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault_date: Option<NaiveDate>,
    /// Repairs made in the whole-unit warranty period of the product's schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repairs: Option<u32>,
    /// Still faulty after those repairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub still_faulty: Option<bool>,
    /// The daily depreciation rate of the product's schedule, e.g. `"0.1%"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_depreciation_rate: Option<Rate>,
    /// Days occupied by repair or waiting for repair (not depreciated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair_days: Option<u32>,
}

/// Facts for the family-car rules (SAMR Order No. 43).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CarFacts {
    /// The date the quality problem appeared (the request date stands in when it alone
    /// settles the question).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault_date: Option<NaiveDate>,
    /// The odometer reading then, in km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub odometer_km: Option<u32>,
    /// Art. 22: the engine, transmission, traction battery or drive motor, or a main part of
    /// one, must be replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub major_assembly_replacement_needed: Option<bool>,
    /// Art. 23: steering failure, brake failure, body cracking, fuel leakage or traction
    /// battery fire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serious_failure: Option<bool>,
    /// Art. 20: a quality problem in a main part of the engine, transmission, traction battery
    /// or drive motor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_part_fault: Option<bool>,
    /// Art. 24(1): repairs of a serious safety fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_fault_repairs: Option<u32>,
    /// Art. 24(1): the safety fault is not cured, or a new serious one appeared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_fault_persists: Option<bool>,
    /// Art. 24(2): replacements of the engine, transmission, battery or motor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assembly_replacements: Option<u32>,
    /// Art. 24(3): replacements of the same main part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_main_part_replacements: Option<u32>,
    /// Art. 24(2)/(3): still not working normally after them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub still_abnormal: Option<bool>,
    /// Art. 24(4): total days in repair (each started 24 hours a day; transport of special
    /// parts and rescue travel excluded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_repair_days: Option<u32>,
    /// Art. 24(4): repairs of the same quality problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_problem_repairs: Option<u32>,
    /// Art. 21: the longest single repair, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longest_repair_days: Option<u32>,
    /// Art. 27: the use coefficient n on the 三包 certificate, e.g. `"0.5%"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_coefficient: Option<Rate>,
    /// The seller proved an Art. 32 exemption (disclosed defect, misuse, prohibited
    /// modification, improper self-repair, force majeure).
    #[serde(default)]
    pub exempt: bool,
}

/// Facts of a prepaid consumption contract (SPC Fa Shi [2025] No. 4).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrepaidFacts {
    /// Bonus credit given on top of the payment (赠送金额); `"0"` when none.
    #[serde(default)]
    pub bonus: Yuan,
    /// Who caused the refund.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<RefundCause>,
    /// Art. 14 exception: when signing, the consumer had already obtained the same goods or
    /// services from this or another operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub already_obtained_same: Option<bool>,
    /// The goods or services redeemed so far, at the pre-discount price (for a stored-value
    /// card: the face value used, bonus included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeemed_list_value: Option<Yuan>,
    /// The goods or services redeemed so far, at the discounted price actually agreed
    /// (discount contracts without bonus credit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeemed_discounted_value: Option<Yuan>,
    /// Present for an unlimited-use contract (Art. 22).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlimited: Option<UnlimitedTerm>,
    /// The date the contract ended (rescinded, void, annulled): interest runs from it. For an
    /// unlimited-use contract the consumer no longer has the service from this day: it is
    /// the first day of the remaining term (Art. 22), unless supply stopped earlier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescinded_on: Option<NaiveDate>,
    /// Reasonable costs the operator proved (Art. 15(2)), deducted when the consumer caused
    /// the refund; staff commissions are never such costs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_costs: Option<Yuan>,
    /// The interest facts (Art. 16, Art. 17).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest: Option<InterestFacts>,
}

/// Who caused a prepaid refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefundCause {
    /// The operator (closed, moved, changed the service, failed to supply...).
    Operator,
    /// The consumer.
    Consumer,
    /// Neither party (force majeure, change of circumstances).
    Neither,
}

/// The term of an unlimited-use contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnlimitedTerm {
    /// First day of the term (a day of the term: counted).
    pub term_start: NaiveDate,
    /// Last day of the term (a day of the term: counted; 2025-05-01 to 2026-04-30 is 365
    /// days). The same day as `term_start` for a one-day term.
    pub term_end: NaiveDate,
    /// The first day the operator did not supply, when that came before the rescission. The
    /// remaining term (Art. 22) runs from this day, or from `rescinded_on` if earlier, to
    /// `term_end`, both included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply_stopped_on: Option<NaiveDate>,
}

/// Interest on a prepaid refund: the engine needs the rate because it changes over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterestFacts {
    /// The annual rate, e.g. `"3.1%"`: the agreed rate, the one-year LPR at contract formation
    /// (refund caused by the operator) or the PBOC one-year time-deposit benchmark rate
    /// (caused by the consumer).
    pub annual_rate: Rate,
    /// Which rate it is.
    pub basis: RateBasis,
    /// Interest runs until this day (payment or the assessment date).
    pub until: NaiveDate,
}

/// Which rate an interest rate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateBasis {
    /// The rate the parties agreed.
    Agreed,
    /// The one-year loan prime rate (LPR) when the contract was made.
    LprOneYear,
    /// The PBOC one-year time-deposit benchmark rate when the contract was made.
    DepositOneYear,
}

/// A non-negative rate, written as a fraction (`"0.005"`) or a percentage (`"0.5%"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rate(Decimal);

impl Rate {
    /// A rate from a fraction (0.005 = 0.5 %); `None` when negative.
    pub fn new(fraction: Decimal) -> Option<Rate> {
        (!fraction.is_sign_negative() || fraction.is_zero()).then(|| Rate(fraction.normalize()))
    }

    /// The fraction.
    pub fn fraction(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Rate {
    /// As a percentage, e.g. `0.5%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = (self.0 * Decimal::ONE_HUNDRED).normalize();
        write!(f, "{pct}%")
    }
}

impl FromStr for Rate {
    type Err = String;
    fn from_str(s: &str) -> Result<Rate, String> {
        let t = s.trim();
        let (num, pct) = match t.strip_suffix('%') {
            Some(n) => (n.trim(), true),
            None => (t, false),
        };
        let ok = !num.is_empty()
            && num.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && num.bytes().filter(|b| *b == b'.').count() <= 1
            && !num.starts_with('.')
            && !num.ends_with('.');
        let bad =
            || format!("rate {s:?} is not a non-negative number such as \"0.5%\" or \"0.005\"");
        if !ok {
            return Err(bad());
        }
        let d = Decimal::from_str_exact(num).map_err(|_| bad())?;
        let d = if pct { d / Decimal::ONE_HUNDRED } else { d };
        Rate::new(d).ok_or_else(bad)
    }
}

impl Serialize for Rate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Rate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A non-negative rate as a fraction (\"0.005\") or a percentage (\"0.5%\").",
            "pattern": "^[0-9]+(\\.[0-9]+)?%?$"
        })
    }
}

impl ClaimDocument {
    /// A claim with no findings: the purchase only.
    pub fn new(purchase: Purchase) -> ClaimDocument {
        ClaimDocument {
            schema_version: CLAIM_SCHEMA_VERSION,
            id: None,
            purchase,
            request_date: None,
            proven_losses: None,
            amount_claimed: None,
            findings: Findings::default(),
            returns: ReturnFacts::default(),
            warranty: WarrantyFacts::default(),
            car: CarFacts::default(),
            prepaid: None,
            service: ServiceFacts::default(),
            minor: None,
        }
    }

    /// Parses and checks a claim document.
    ///
    /// Returns [`Error::Json`] when the text is not JSON, and [`Error::Invalid`] with a JSON
    /// pointer per problem otherwise: the first problem of shape (a missing, unknown or
    /// mistyped field), or every broken rule of a well-formed document.
    ///
    /// ```
    /// use weiquan_compensation::{ClaimDocument, Error};
    /// let err = ClaimDocument::from_json(r#"{"schema_version": 1, "purchase": {
    ///     "kind": "goods", "price_paid": "-5", "purchase_date": "2025-06-01"}}"#)
    ///     .unwrap_err();
    /// match err {
    ///     Error::Invalid(e) => assert_eq!(e.0[0].pointer, "/purchase/price_paid"),
    ///     other => panic!("{other}"),
    /// }
    /// ```
    pub fn from_json(text: &str) -> Result<ClaimDocument, Error> {
        // The text is read straight into the type, so JSON's own rules (a duplicate key is an
        // error) hold as written; only a document of the wrong shape is read a second time,
        // as a value, to find the pointer of the field at fault.
        let mut de = serde_json::Deserializer::from_str(text);
        let doc = match ClaimDocument::deserialize(&mut de).and_then(|d| de.end().map(|()| d)) {
            Ok(d) => d,
            // Not `e.is_data()` alone: serde_json reports a number where an enum's string is
            // expected as a syntax error ("expected value"), though the text is valid JSON;
            // whether it parses as a value decides.
            Err(e) => {
                return Err(match serde_json::from_str::<serde_json::Value>(text) {
                    Err(syntax) => json_error(&syntax),
                    Ok(value) => match pointer::from_value::<ClaimDocument>(&value) {
                        Err(shape) => shape_error(&shape),
                        // Only JSON's rules failed (a duplicate key): no field to point at.
                        Ok(_) => json_rule_error(&e),
                    },
                });
            }
        };
        doc.check().map_err(Error::Invalid)?;
        Ok(doc)
    }

    /// [`ClaimDocument::from_json`] for a document already parsed as JSON (what the
    /// WebAssembly API receives from JavaScript): the same shape errors with the same
    /// pointers, then the same checks.
    ///
    /// ```
    /// use weiquan_compensation::{ClaimDocument, Error};
    /// let value = serde_json::json!({"schema_version": 1, "purchase": {
    ///     "kind": "goods", "price_paid": "1299", "purchase_date": "2025-06-01", "colour": 2}});
    /// match ClaimDocument::from_value(&value).unwrap_err() {
    ///     Error::Invalid(e) => assert_eq!(e.0[0].pointer, "/purchase/colour"),
    ///     other => panic!("{other}"),
    /// }
    /// ```
    pub fn from_value(value: &serde_json::Value) -> Result<ClaimDocument, Error> {
        let doc: ClaimDocument = pointer::from_value(value).map_err(|e| shape_error(&e))?;
        doc.check().map_err(Error::Invalid)?;
        Ok(doc)
    }

    /// The document as compact JSON.
    pub fn to_json(&self) -> String {
        // Serialising cannot fail: all keys are strings and no Serialize impl errors.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks the rules a well-formed document must also meet, listing every problem.
    pub fn check(&self) -> Result<(), ValidationErrors> {
        let mut errs = Vec::new();
        if self.schema_version != CLAIM_SCHEMA_VERSION {
            errs.push(FieldError::new(
                "/schema_version",
                "schema_version.unsupported",
                Some(self.schema_version.to_string()),
                format!(
                    "schema_version {} is not supported (expected {CLAIM_SCHEMA_VERSION})",
                    self.schema_version
                ),
                format!(
                    "不支持的文档版本{}（应为{CLAIM_SCHEMA_VERSION}）",
                    self.schema_version
                ),
            ));
        }
        if let Some(id) = &self.id {
            let n = id.chars().count();
            if n == 0 || n > 64 {
                errs.push(FieldError::new(
                    "/id",
                    "text.length",
                    Some(id.clone()),
                    format!("must have 1 to 64 characters, has {n}"),
                    format!("长度应为1到64个字符，实际为{n}"),
                ));
            }
        }
        let p = &self.purchase;
        if p.quantity == 0 || p.quantity > MAX_QUANTITY {
            errs.push(range_error(
                "/purchase/quantity",
                p.quantity,
                1,
                u64::from(MAX_QUANTITY),
            ));
        }
        let limit = Yuan::from_yuan(MAX_AMOUNT_YUAN);
        let mut amount = |ptr: &str, v: Option<Yuan>| {
            if let Some(v) = v.filter(|v| *v > limit) {
                errs.push(FieldError::new(
                    ptr,
                    "amount.too_large",
                    Some(v.to_string()),
                    format!("{v} exceeds the largest amount accepted ({limit})"),
                    format!("金额{v}超过可接受的最大金额{limit}"),
                ));
            }
        };
        amount("/purchase/price_paid", Some(p.price_paid));
        amount("/proven_losses", self.proven_losses);
        amount("/amount_claimed", self.amount_claimed);
        if let Some(pp) = &self.prepaid {
            amount("/prepaid/bonus", Some(pp.bonus));
            amount("/prepaid/redeemed_list_value", pp.redeemed_list_value);
            amount(
                "/prepaid/redeemed_discounted_value",
                pp.redeemed_discounted_value,
            );
            amount("/prepaid/operator_costs", pp.operator_costs);
        }
        let bought = p.purchase_date;
        let purchase = ("the purchase date", "购买日期");
        not_before(
            &mut errs,
            "/purchase/receipt_date",
            p.receipt_date,
            bought,
            purchase,
        );
        not_before(
            &mut errs,
            "/request_date",
            self.request_date,
            bought,
            purchase,
        );
        not_before(
            &mut errs,
            "/warranty/fault_date",
            self.warranty.fault_date,
            bought,
            purchase,
        );
        not_before(
            &mut errs,
            "/car/fault_date",
            self.car.fault_date,
            bought,
            purchase,
        );
        if let Some(r) = p.receipt_date {
            let receipt = ("the receipt date", "收货日期");
            not_before(
                &mut errs,
                "/returns/returned_goods_received_on",
                self.returns.returned_goods_received_on,
                r,
                receipt,
            );
        }
        if let Some(pp) = &self.prepaid {
            not_before(
                &mut errs,
                "/prepaid/rescinded_on",
                pp.rescinded_on,
                bought,
                purchase,
            );
            if let (Some(i), Some(r)) = (&pp.interest, pp.rescinded_on) {
                not_before(
                    &mut errs,
                    "/prepaid/interest/until",
                    Some(i.until),
                    r,
                    ("the rescission date", "合同解除日期"),
                );
            }
            if let Some(u) = &pp.unlimited {
                // Both are days of the term: a one-day term starts and ends on one day.
                if u.term_end < u.term_start {
                    errs.push(FieldError::new(
                        "/prepaid/unlimited/term_end",
                        "date.order",
                        Some(u.term_end.to_string()),
                        format!(
                            "the last day of the term cannot be before its first day ({})",
                            u.term_start
                        ),
                        format!("履行期限的末日不得早于首日（{}）", u.term_start),
                    ));
                }
                not_before(
                    &mut errs,
                    "/prepaid/unlimited/supply_stopped_on",
                    u.supply_stopped_on,
                    u.term_start,
                    ("the start of the term", "履行期限起始日"),
                );
            }
            if let Some(i) = &pp.interest {
                rate_at_most_one(&mut errs, "/prepaid/interest/annual_rate", i.annual_rate);
            }
        }
        if let Some(b) = self.minor.as_ref().and_then(|m| m.birth_date)
            && b > p.purchase_date
        {
            errs.push(FieldError::new(
                "/minor/birth_date",
                "minor.born_after_payment",
                Some(b.to_string()),
                format!(
                    "the payer's birth date {b} is after the payment on {}",
                    p.purchase_date
                ),
                format!("付款人出生日期{b}晚于付款日期{}", p.purchase_date),
            ));
        }
        if let Some(q) = self.findings.reasonable_quantity
            && q > p.quantity
        {
            errs.push(FieldError::new(
                "/findings/reasonable_quantity",
                "quantity.above_bought",
                Some(q.to_string()),
                format!(
                    "the reasonable quantity {q} exceeds the quantity bought ({})",
                    p.quantity
                ),
                format!("合理数量{q}超过购买数量{}", p.quantity),
            ));
        }
        if self.findings.label_flaw.is_some()
            && self.findings.food_defect == Some(FoodDefect::Substantive)
        {
            errs.push(FieldError::new(
                "/findings/label_flaw",
                "finding.inconsistent",
                None,
                "a label flaw is given but the food defect is substantive",
                "食品缺陷为实质性缺陷，却填写了标签瑕疵",
            ));
        }
        if let Some(r) = self.warranty.daily_depreciation_rate {
            rate_at_most_one(&mut errs, "/warranty/daily_depreciation_rate", r);
        }
        if let Some(r) = self.car.use_coefficient {
            rate_at_most_one(&mut errs, "/car/use_coefficient", r);
        }
        if let Some(r) = self.service.unperformed_share {
            rate_at_most_one(&mut errs, "/service/unperformed_share", r);
        }
        if let Some(r) = self.findings.consumer_fault_share {
            rate_at_most_one(&mut errs, "/findings/consumer_fault_share", r);
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errs))
        }
    }

    /// A claim built from a complaint: the price, quantity, dates, distance sale, purpose,
    /// the respondent's operator status and category (→ [`Kind::from_category`]); the request date is the day the complaint was received
    /// (China Standard Time) and the amount claimed is the sum of the claims' amounts.
    /// Findings are for the caller to supply (see [`ClaimDocument::with_findings`]).
    ///
    /// ```
    /// use weiquan_compensation::{ClaimDocument, Findings, assess, Policy};
    /// let complaint = weiquan_synth::generate::Generator::new(3).next().unwrap();
    /// let claim = ClaimDocument::from_complaint(&complaint)
    ///     .with_findings(Findings { fraud: Some(true), ..Findings::default() });
    /// let a = assess(&claim, &Policy::default())?;
    /// assert!(a.items.iter().any(|i| i.rule.code() == "crpl_2013_55_1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_complaint(c: &Complaint) -> ClaimDocument {
        let p = &c.purchase;
        let claimed: Option<Yuan> = c
            .claims
            .iter()
            .filter(|k| matches!(k.kind, ClaimKind::Refund | ClaimKind::Compensation))
            .filter_map(|k| k.amount)
            .try_fold(Yuan::ZERO, |acc, a| acc.checked_add(a).ok())
            .filter(|t| !t.is_zero());
        let mut doc = ClaimDocument::new(Purchase {
            kind: Kind::from_category(p.category),
            category: Some(p.category),
            price_paid: p.amount_paid,
            quantity: p.quantity,
            purchase_date: p.purchase_date,
            receipt_date: p.receipt_date,
            distance_sale: p.distance_sale,
            purpose: p.purpose,
            seller_is_operator: c.business.is_operator,
        });
        doc.id = Some(c.id.clone());
        // A complaint filed by a guardian for a minor: the minor's birth date (from their
        // resident ID) decides their capacity on the payment date; unknown, it is missing.
        doc.minor = c
            .consumer
            .on_behalf_of
            .as_ref()
            .filter(|o| o.relation == weiquan_complaint::Relation::Guardian)
            .map(|o| MinorFacts {
                birth_date: o.resident_id.as_ref().map(|id| id.birth_date()),
                ..MinorFacts::default()
            });
        doc.request_date = Some(
            c.received_at
                .with_timezone(&weiquan_complaint::CST)
                .date_naive(),
        )
        .filter(|d| *d >= p.purchase_date);
        doc.amount_claimed = claimed;
        doc
    }

    /// Several purchases of the same goods from the same seller, assessed together as one
    /// claim (SPC Fa Shi \[2024\] No. 9 Art. 13: purchases in a short time are counted
    /// together): the prices and quantities add up; the purchase date, which selects the
    /// rules' versions, is the earliest; everything else (findings, facts, request date) is
    /// the first claim's. The caller vouches that the goods and the seller are the same — the
    /// claim document names neither. Refused (`claims.combine`, with the pointer of the
    /// offending claim) when the list is empty, the kinds differ, or the purchases fall under
    /// different versions of a rule.
    ///
    /// ```
    /// use weiquan_compensation::ClaimDocument;
    /// let one = |date: &str| ClaimDocument::from_json(&format!(r#"{{"schema_version": 1,
    ///   "purchase": {{"kind": "food", "price_paid": "59.90", "quantity": 2,
    ///                "purchase_date": "{date}"}}}}"#));
    /// let c = ClaimDocument::combine(&[one("2025-03-03")?, one("2025-03-01")?])?;
    /// assert_eq!(c.purchase.price_paid.to_string(), "119.80");
    /// assert_eq!(c.purchase.quantity, 4);
    /// assert_eq!(c.purchase.purchase_date.to_string(), "2025-03-01");
    /// # Ok::<(), weiquan_compensation::Error>(())
    /// ```
    pub fn combine(claims: &[ClaimDocument]) -> Result<ClaimDocument, Error> {
        let refuse = |i: usize, ptr: &str, en: String, zh: String| {
            Error::Invalid(ValidationErrors(vec![FieldError::new(
                format!("/{i}{ptr}"),
                "claims.combine",
                None,
                en,
                zh,
            )]))
        };
        let Some((first, rest)) = claims.split_first() else {
            return Err(refuse(
                0,
                "",
                "no claims to combine".to_owned(),
                "没有可合并的索赔".to_owned(),
            ));
        };
        let mut out = first.clone();
        out.purchase.receipt_date = None;
        for (i, c) in rest.iter().enumerate() {
            let i = i + 1;
            let p = &c.purchase;
            if p.kind != out.purchase.kind {
                return Err(refuse(
                    i,
                    "/purchase/kind",
                    "only purchases of the same goods are assessed together".to_owned(),
                    "只有同一商品的多次购买可以合并评估".to_owned(),
                ));
            }
            let (a, b) = (out.purchase.purchase_date, p.purchase_date);
            if crate::rules::RuleId::ALL
                .iter()
                .any(|r| r.rule().in_force_on(a) != r.rule().in_force_on(b))
            {
                return Err(refuse(
                    i,
                    "/purchase/purchase_date",
                    format!("the purchases of {a} and {b} fall under different versions of a rule"),
                    format!("{a}与{b}的购买适用不同版本的规则"),
                ));
            }
            out.purchase.price_paid = out.purchase.price_paid.checked_add(p.price_paid)?;
            out.purchase.quantity = out.purchase.quantity.saturating_add(p.quantity);
            out.purchase.purchase_date = a.min(b);
        }
        out.check().map_err(Error::Invalid)?;
        Ok(out)
    }

    /// The claim with these findings.
    #[must_use]
    pub fn with_findings(mut self, findings: Findings) -> ClaimDocument {
        self.findings = findings;
        self
    }
}

fn not_before(
    errs: &mut Vec<FieldError>,
    ptr: &str,
    d: Option<NaiveDate>,
    after: NaiveDate,
    what: (&str, &str),
) {
    if let Some(d) = d.filter(|d| *d < after) {
        errs.push(FieldError::new(
            ptr,
            "date.order",
            Some(d.to_string()),
            format!("{d} is before {} ({after})", what.0),
            format!("{d}早于{}（{after}）", what.1),
        ));
    }
}

fn range_error(ptr: &str, v: u32, min: u64, max: u64) -> FieldError {
    FieldError::new(
        ptr,
        "number.out_of_range",
        Some(v.to_string()),
        format!("must be between {min} and {max}"),
        format!("应在{min}到{max}之间"),
    )
}

fn rate_at_most_one(errs: &mut Vec<FieldError>, ptr: &str, r: Rate) {
    if r.fraction() > Decimal::ONE {
        errs.push(FieldError::new(
            ptr,
            "rate.too_large",
            Some(r.to_string()),
            format!("the rate {r} exceeds 100%"),
            format!("比率{r}超过100%"),
        ));
    }
}

fn json_error(e: &serde_json::Error) -> Error {
    Error::Json {
        line: e.line(),
        column: e.column(),
        message: weiquan_complaint::Error::json_message(e),
    }
}

/// Turns a shape error into one field error at its JSON pointer, with the error's code and
/// both its messages (a missing or unknown field in the document's own words).
fn shape_error(e: &pointer::ShapeError) -> Error {
    use pointer::{Segment, ShapeKind};
    use weiquan_support::suggest::{did_you_mean, hint_en, hint_zh};
    let mut at = String::new();
    for seg in e.path() {
        match seg {
            Segment::Index(index) => {
                at.push('/');
                at.push_str(&index.to_string());
            }
            Segment::Key(key) | Segment::Variant(key) => push_key(&mut at, key),
        }
    }
    let fe = match e.kind() {
        // The path is the object's: the field is one step further.
        ShapeKind::MissingField { field } => {
            push_key(&mut at, field);
            FieldError::new(at, e.code(), None, "is required", "必填")
        }
        // The path is the key's own; a misspelling names the field of that object meant.
        ShapeKind::UnknownField { field, expected } => {
            let meant = did_you_mean(field, expected.iter().copied());
            FieldError::new(
                at,
                e.code(),
                Some(field.clone()),
                format!("unknown field {field:?}{}", hint_en(meant)),
                format!("未知字段“{field}”{}", hint_zh(meant)),
            )
        }
        ShapeKind::UnknownVariant { variant, .. } => FieldError::new(
            at,
            e.code(),
            Some(variant.clone()),
            e.message(),
            e.message_zh(),
        ),
        _ => FieldError::new(at, e.code(), None, e.message(), e.message_zh()),
    };
    Error::Invalid(ValidationErrors(vec![fe]))
}

fn push_key(pointer: &mut String, key: &str) {
    pointer.push('/');
    pointer.push_str(&pointer::escape(key));
}

/// A document whose every value fits but that breaks a rule of JSON text serde_json keeps
/// (a key given twice, which a parsed value no longer shows): serde's message, no pointer.
fn json_rule_error(e: &serde_json::Error) -> Error {
    let message = weiquan_complaint::Error::json_message(e);
    // serde words a repeated key `duplicate field `name`` (serde_json passes it on as its own
    // error, so the name is only in the text); the object it is in is not known.
    let duplicate = message
        .strip_prefix("duplicate field `")
        .and_then(|rest| rest.strip_suffix('`'));
    let error = match duplicate {
        Some(field) => FieldError::new(
            "",
            "field.duplicate",
            Some(field.to_owned()),
            message.as_str(),
            format!("字段“{field}”重复"),
        ),
        None => FieldError::new(
            "",
            "field.invalid",
            None,
            message.as_str(),
            format!("JSON文本不符合规则：{message}"),
        ),
    };
    Error::Invalid(ValidationErrors(vec![error]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"schema_version":1,"purchase":{"kind":"goods","price_paid":"1299","purchase_date":"2025-06-01"}}"#;

    fn invalid(text: &str) -> FieldError {
        match ClaimDocument::from_json(text) {
            Err(Error::Invalid(e)) => e.0.into_iter().next().unwrap(),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn minimal_document_parses_with_defaults() {
        let c = ClaimDocument::from_json(MINIMAL).unwrap();
        assert_eq!(c.purchase.quantity, 1);
        assert_eq!(c.purchase.price_paid.to_string(), "1299.00");
        assert_eq!(c.findings, Findings::default());
        assert!(!c.purchase.distance_sale);
        let back = ClaimDocument::from_json(&c.to_json()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn shape_errors_carry_pointers() {
        let e = invalid(&MINIMAL.replace("\"1299\"", "\"-1\""));
        assert_eq!(e.pointer, "/purchase/price_paid");
        assert_eq!(e.code, "field.invalid");
        assert!(e.message_en.contains("negative"), "{}", e.message_en);

        let e = invalid(&MINIMAL.replace(",\"price_paid\":\"1299\"", ""));
        assert_eq!(e.pointer, "/purchase/price_paid");
        assert_eq!(e.code, "field.required");

        let e = invalid(&MINIMAL.replace("\"kind\":\"goods\"", "\"kind\":\"gadget\""));
        assert_eq!(e.pointer, "/purchase/kind");
        assert_eq!(e.code, "code.unknown");
        assert_eq!(e.value.as_deref(), Some("gadget"));

        let e = invalid(&MINIMAL.replace(
            "{\"schema_version\":1,",
            "{\"schema_version\":1,\"colour\":2,",
        ));
        assert_eq!(e.pointer, "/colour");
        assert_eq!(e.code, "field.unknown");

        let e = invalid(&MINIMAL.replace(
            "\"purchase_date\":\"2025-06-01\"}",
            "\"purchase_date\":\"2025-06-01\"},\"findings\":{\"fraud\":\"yes\"}",
        ));
        assert_eq!(e.pointer, "/findings/fraud");
        assert_eq!(e.code, "field.type");
        assert_eq!(
            (e.message_en.as_str(), e.message_zh.as_str()),
            (
                "invalid type: string \"yes\", expected a boolean",
                "类型错误：字符串“yes”，应为布尔值（true或false）"
            )
        );
    }

    #[test]
    fn shape_errors_word_both_messages() {
        let e = invalid(&MINIMAL.replace("\"kind\":\"goods\"", "\"kind\":\"gadget\""));
        assert_eq!(
            (e.message_en.as_str(), e.message_zh.as_str()),
            (
                "unknown variant `gadget`, expected one of `goods`, `food`, `drug`, `warranty_goods`, `family_car`, `service`, `package_tour`",
                "未知取值“gadget”，应为以下之一：goods、food、drug、warranty_goods、family_car、service、package_tour"
            )
        );

        let e = invalid(&MINIMAL.replace(",\"price_paid\":\"1299\"", ""));
        assert_eq!(
            (e.value, e.message_en.as_str(), e.message_zh.as_str()),
            (None, "is required", "必填")
        );

        let e = invalid(&MINIMAL.replace(
            "{\"schema_version\":1,",
            "{\"schema_version\":1,\"colour\":2,",
        ));
        assert_eq!(e.value.as_deref(), Some("colour"));
        assert_eq!(
            (e.message_en.as_str(), e.message_zh.as_str()),
            ("unknown field \"colour\"", "未知字段“colour”")
        );
        let e = invalid(&MINIMAL.replace("\"price_paid\"", "\"price_payed\""));
        assert_eq!(e.pointer, "/purchase/price_payed");
        assert_eq!(
            (e.message_en.as_str(), e.message_zh.as_str()),
            (
                "unknown field \"price_payed\"; did you mean \"price_paid\"?",
                "未知字段“price_payed”，是否应为“price_paid”？"
            )
        );

        let e = invalid(&MINIMAL.replace(
            "\"purchase_date\":\"2025-06-01\"",
            "\"purchase_date\":\"2025-02-30\"",
        ));
        assert_eq!(e.pointer, "/purchase/purchase_date");
        assert_eq!(e.code, "field.invalid");
        assert_eq!(
            (e.message_en.as_str(), e.message_zh.as_str()),
            ("input is out of range", "取值无效：日期或时间超出有效范围")
        );

        let e = invalid("3");
        assert_eq!((e.pointer.as_str(), e.code.as_str()), ("", "field.type"));
        assert_eq!(e.message_zh, "类型错误：整数3，应为对象");
        let e = invalid("[1]");
        assert_eq!((e.pointer.as_str(), e.code.as_str()), ("", "field.length"));
        assert_eq!(e.message_zh, "长度错误：长度为2，应为13个元素的数组");

        // A key given twice: the text shows it, a parsed value does not, so no pointer.
        let e = invalid(&MINIMAL.replace(
            "{\"schema_version\":1,",
            "{\"schema_version\":1,\"schema_version\":1,",
        ));
        assert_eq!(
            (e.pointer.as_str(), e.code.as_str()),
            ("", "field.duplicate")
        );
        assert_eq!(e.value.as_deref(), Some("schema_version"));
        assert_eq!(
            (e.message_en.as_str(), e.message_zh.as_str()),
            (
                "duplicate field `schema_version`",
                "字段“schema_version”重复"
            )
        );
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        match ClaimDocument::from_json("{\"schema_version\": 1,\n  oops}") {
            Err(Error::Json { line, column, .. }) => assert_eq!((line, column), (2, 3)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            ClaimDocument::from_json(&format!("{MINIMAL} x")),
            Err(Error::Json { .. })
        ));
    }

    #[test]
    fn rule_errors_are_all_listed() {
        let text = MINIMAL
            .replace("\"schema_version\":1", "\"schema_version\":2")
            .replace(
                "\"purchase_date\":\"2025-06-01\"}",
                "\"purchase_date\":\"2025-06-01\",\"receipt_date\":\"2025-05-30\",\"quantity\":0},\"request_date\":\"2025-01-01\"",
            );
        match ClaimDocument::from_json(&text) {
            Err(Error::Invalid(e)) => {
                let got: Vec<(&str, &str)> = e
                    .iter()
                    .map(|f| (f.pointer.as_str(), f.code.as_str()))
                    .collect();
                assert_eq!(
                    got,
                    vec![
                        ("/schema_version", "schema_version.unsupported"),
                        ("/purchase/quantity", "number.out_of_range"),
                        ("/purchase/receipt_date", "date.order"),
                        ("/request_date", "date.order"),
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rates_parse_as_fraction_or_percent() {
        assert_eq!(
            "0.5%".parse::<Rate>().unwrap().fraction().to_string(),
            "0.005"
        );
        assert_eq!("0.005".parse::<Rate>().unwrap().to_string(), "0.5%");
        assert_eq!("3.45%".parse::<Rate>().unwrap().to_string(), "3.45%");
        for bad in ["", "-1%", "abc", "1e3", ".5", "5.", "1..2", "%"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn kinds_from_categories() {
        let k = |s: &str| Kind::from_category(s.parse().unwrap());
        assert_eq!(
            k("household_appliances/communication_products"),
            Kind::WarrantyGoods
        );
        assert_eq!(k("medicine_medical"), Kind::Drug);
        assert_eq!(k("medicine_medical/medical_devices"), Kind::Goods);
        assert_eq!(k("vehicles/cars_and_parts"), Kind::FamilyCar);
        assert_eq!(k("education_training"), Kind::Service);
        assert_eq!(k("clothing_footwear"), Kind::Goods);
    }
}
