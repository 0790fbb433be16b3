//! One page per rule: the rule in plain words, its numbers, dates and source, and examples
//! that run as doc tests. The same pages are `docs/rules/*.md` in the repository.

#[doc = include_str!("../../../docs/rules/README.md")]
pub mod index {}
#[doc = include_str!("../../../docs/rules/crpl-55-1-fraud.md")]
pub mod crpl_55_1_fraud {}
#[doc = include_str!("../../../docs/rules/crpl-55-2-defect-harm.md")]
pub mod crpl_55_2_defect_harm {}
#[doc = include_str!("../../../docs/rules/food-148-2.md")]
pub mod food_148_2 {}
#[doc = include_str!("../../../docs/rules/drug-144-3.md")]
pub mod drug_144_3 {}
#[doc = include_str!("../../../docs/rules/tourism-70.md")]
pub mod tourism_70 {}
#[doc = include_str!("../../../docs/rules/losses.md")]
pub mod losses {}
#[doc = include_str!("../../../docs/rules/crpl-24-quality.md")]
pub mod crpl_24_quality {}
#[doc = include_str!("../../../docs/rules/crpl-25-no-reason.md")]
pub mod crpl_25_no_reason {}
#[doc = include_str!("../../../docs/rules/sanbao-general.md")]
pub mod sanbao_general {}
#[doc = include_str!("../../../docs/rules/family-car.md")]
pub mod family_car {}
#[doc = include_str!("../../../docs/rules/prepaid-cooling-off.md")]
pub mod prepaid_cooling_off {}
#[doc = include_str!("../../../docs/rules/prepaid-balance.md")]
pub mod prepaid_balance {}
#[doc = include_str!("../../../docs/rules/prepaid-interest.md")]
pub mod prepaid_interest {}
#[doc = include_str!("../../../docs/rules/minor-payments.md")]
pub mod minor_payments {}
#[doc = include_str!("../../../docs/rules/consumer-scope.md")]
pub mod consumer_scope {}
#[doc = include_str!("../../../docs/compensation.md")]
pub mod engine {}
