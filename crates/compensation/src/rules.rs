//! The catalogue of rules: what each one is, where it comes from, when it was in force and
//! which facts of the claim document it needs.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use weiquan_law::{Citation, Reliability};

use crate::policy::Policy;
use crate::table::dates::*;
use crate::table::{ParamId, Unit, cite, join};
use crate::text::{Values, render};

/// A fact of the claim document a rule may need, named by its JSON pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[repr(u8)]
pub enum Fact {
    /// The date the goods were received.
    ReceiptDate,
    /// The date the consumer asked for the remedy.
    RequestDate,
    /// The losses proven.
    ProvenLosses,
    /// Whether fraud was established.
    Fraud,
    /// Whether knowingly defective goods or services caused death or serious harm.
    DefectHarm,
    /// Whether a food safety standard was violated.
    FoodStandardViolated,
    /// Whether the respondent produced the food or drug, or sold it knowingly.
    RespondentProducedOrKnew,
    /// Whether the food defect is substantive or in the label only.
    FoodDefect,
    /// Which label flaw it is.
    LabelFlaw,
    /// Whether the drug is counterfeit or substandard.
    DrugCounterfeit,
    /// The reasonable quantity for a knowing buyer.
    ReasonableQuantity,
    /// Whether the goods or service fall short of quality requirements.
    QualityDefect,
    /// Whether the statutory conditions for rescinding the contract are met.
    RescissionConditions,
    /// Tourism: whether the agency was able to perform.
    TourAbleToPerform,
    /// Tourism: whether it refused to perform after the traveller asked.
    TourRefused,
    /// Tourism: whether serious consequences followed.
    TourSeriousConsequence,
    /// Distance sale: which statutory exclusion, if any, the goods fall under.
    ReturnExclusion,
    /// 三包: the date the fault appeared.
    WarrantyFaultDate,
    /// 三包: repairs made in the warranty period.
    WarrantyRepairs,
    /// 三包: whether the product is still faulty after the repairs.
    WarrantyStillFaulty,
    /// 三包: the daily depreciation rate of the product's schedule.
    DepreciationRate,
    /// 三包: days occupied by repair or waiting for repair.
    RepairDays,
    /// Car: the date the quality problem appeared.
    CarFaultDate,
    /// Car: the odometer reading.
    CarOdometer,
    /// Car Art. 22: a major assembly or its main part must be replaced.
    CarMajorAssembly,
    /// Car Art. 23: steering or brake failure, body crack, fuel leak, battery fire.
    CarSeriousFailure,
    /// Car Art. 20: a main part of a major assembly is faulty.
    CarMainPartFault,
    /// Car Art. 24(1): repairs of a serious safety fault.
    CarSafetyRepairs,
    /// Car Art. 24(1): the safety fault persists or a new one appeared.
    CarSafetyPersists,
    /// Car Art. 24(2): replacements of a major assembly.
    CarAssemblyReplacements,
    /// Car Art. 24(3): replacements of the same main part.
    CarMainPartReplacements,
    /// Car Art. 24(2)/(3): still not working normally.
    CarStillAbnormal,
    /// Car Art. 24(4): total repair days.
    CarTotalRepairDays,
    /// Car Art. 24(4): repairs of the same problem.
    CarSameProblemRepairs,
    /// Car Art. 21: the longest single repair in days.
    CarLongestRepairDays,
    /// Car Art. 27: the use coefficient on the certificate.
    CarUseCoefficient,
    /// Prepaid: who caused the refund.
    PrepaidCause,
    /// Prepaid Art. 14: whether the consumer already had the same goods or services.
    PrepaidAlreadyObtained,
    /// Prepaid: the redeemed value at the pre-discount price (face value).
    PrepaidRedeemedList,
    /// Prepaid: the redeemed value at the discounted price.
    PrepaidRedeemedDiscounted,
    /// Prepaid: the date the contract ended (rescission).
    PrepaidRescindedOn,
    /// Prepaid: the interest facts (rate, basis, end date).
    PrepaidInterest,
    /// Whether the purchase was for living consumption (CRPL Art. 2).
    Purpose,
    /// Whether the seller is a business operator (SPC `Fa Shi [2022] No. 8` Art. 7).
    SellerIsOperator,
    /// Minor: the payer's birth date.
    MinorBirthDate,
    /// Minor of 16 or 17: whether they live mainly on their own labour income.
    MinorSelfSupporting,
    /// Minor: whether the payment is appropriate to their age and intelligence.
    MinorAppropriate,
    /// The consumer's own share of fault in the losses.
    ConsumerFaultShare,
    /// Service: the share left unperformed.
    ServiceUnperformed,
}

impl Fact {
    /// Every fact, in order.
    pub const ALL: &'static [Fact] = &[
        Fact::ReceiptDate,
        Fact::RequestDate,
        Fact::ProvenLosses,
        Fact::Fraud,
        Fact::DefectHarm,
        Fact::FoodStandardViolated,
        Fact::RespondentProducedOrKnew,
        Fact::FoodDefect,
        Fact::LabelFlaw,
        Fact::DrugCounterfeit,
        Fact::ReasonableQuantity,
        Fact::QualityDefect,
        Fact::RescissionConditions,
        Fact::TourAbleToPerform,
        Fact::TourRefused,
        Fact::TourSeriousConsequence,
        Fact::ReturnExclusion,
        Fact::WarrantyFaultDate,
        Fact::WarrantyRepairs,
        Fact::WarrantyStillFaulty,
        Fact::DepreciationRate,
        Fact::RepairDays,
        Fact::CarFaultDate,
        Fact::CarOdometer,
        Fact::CarMajorAssembly,
        Fact::CarSeriousFailure,
        Fact::CarMainPartFault,
        Fact::CarSafetyRepairs,
        Fact::CarSafetyPersists,
        Fact::CarAssemblyReplacements,
        Fact::CarMainPartReplacements,
        Fact::CarStillAbnormal,
        Fact::CarTotalRepairDays,
        Fact::CarSameProblemRepairs,
        Fact::CarLongestRepairDays,
        Fact::CarUseCoefficient,
        Fact::PrepaidCause,
        Fact::PrepaidAlreadyObtained,
        Fact::PrepaidRedeemedList,
        Fact::PrepaidRedeemedDiscounted,
        Fact::PrepaidRescindedOn,
        Fact::PrepaidInterest,
        Fact::Purpose,
        Fact::SellerIsOperator,
        Fact::MinorBirthDate,
        Fact::MinorSelfSupporting,
        Fact::MinorAppropriate,
        Fact::ConsumerFaultShare,
        Fact::ServiceUnperformed,
    ];

    /// The JSON pointer of the fact in the claim document.
    pub fn pointer(self) -> &'static str {
        match self {
            Fact::ReceiptDate => "/purchase/receipt_date",
            Fact::RequestDate => "/request_date",
            Fact::ProvenLosses => "/proven_losses",
            Fact::Fraud => "/findings/fraud",
            Fact::DefectHarm => "/findings/knowingly_defective_causing_harm",
            Fact::FoodStandardViolated => "/findings/food_standard_violated",
            Fact::RespondentProducedOrKnew => "/findings/respondent_produced_or_knew",
            Fact::FoodDefect => "/findings/food_defect",
            Fact::LabelFlaw => "/findings/label_flaw",
            Fact::DrugCounterfeit => "/findings/drug_counterfeit_or_substandard",
            Fact::ReasonableQuantity => "/findings/reasonable_quantity",
            Fact::QualityDefect => "/findings/quality_defect",
            Fact::RescissionConditions => "/findings/rescission_conditions_met",
            Fact::TourAbleToPerform => "/findings/tour/able_to_perform",
            Fact::TourRefused => "/findings/tour/refused_after_request",
            Fact::TourSeriousConsequence => "/findings/tour/serious_consequence",
            Fact::ReturnExclusion => "/returns/exclusion",
            Fact::WarrantyFaultDate => "/warranty/fault_date",
            Fact::WarrantyRepairs => "/warranty/repairs",
            Fact::WarrantyStillFaulty => "/warranty/still_faulty",
            Fact::DepreciationRate => "/warranty/daily_depreciation_rate",
            Fact::RepairDays => "/warranty/repair_days",
            Fact::CarFaultDate => "/car/fault_date",
            Fact::CarOdometer => "/car/odometer_km",
            Fact::CarMajorAssembly => "/car/major_assembly_replacement_needed",
            Fact::CarSeriousFailure => "/car/serious_failure",
            Fact::CarMainPartFault => "/car/main_part_fault",
            Fact::CarSafetyRepairs => "/car/safety_fault_repairs",
            Fact::CarSafetyPersists => "/car/safety_fault_persists",
            Fact::CarAssemblyReplacements => "/car/assembly_replacements",
            Fact::CarMainPartReplacements => "/car/same_main_part_replacements",
            Fact::CarStillAbnormal => "/car/still_abnormal",
            Fact::CarTotalRepairDays => "/car/total_repair_days",
            Fact::CarSameProblemRepairs => "/car/same_problem_repairs",
            Fact::CarLongestRepairDays => "/car/longest_repair_days",
            Fact::CarUseCoefficient => "/car/use_coefficient",
            Fact::PrepaidCause => "/prepaid/cause",
            Fact::PrepaidAlreadyObtained => "/prepaid/already_obtained_same",
            Fact::PrepaidRedeemedList => "/prepaid/redeemed_list_value",
            Fact::PrepaidRedeemedDiscounted => "/prepaid/redeemed_discounted_value",
            Fact::PrepaidRescindedOn => "/prepaid/rescinded_on",
            Fact::PrepaidInterest => "/prepaid/interest",
            Fact::Purpose => "/purchase/purpose",
            Fact::SellerIsOperator => "/purchase/seller_is_operator",
            Fact::MinorBirthDate => "/minor/birth_date",
            Fact::MinorSelfSupporting => "/minor/self_supporting",
            Fact::MinorAppropriate => "/minor/appropriate_to_age",
            Fact::ConsumerFaultShare => "/findings/consumer_fault_share",
            Fact::ServiceUnperformed => "/service/unperformed_share",
        }
    }
}

impl Serialize for Fact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.pointer())
    }
}

/// A set of facts (a bit set: no allocation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FactSet(u64);

impl FactSet {
    /// No facts.
    pub const EMPTY: FactSet = FactSet(0);

    /// Adds a fact.
    pub fn insert(&mut self, f: Fact) {
        self.0 |= 1u64 << (f as u8);
    }

    /// The set with a fact added.
    #[must_use]
    pub fn with(mut self, f: Fact) -> FactSet {
        self.insert(f);
        self
    }

    /// Whether the fact is in the set.
    pub fn contains(self, f: Fact) -> bool {
        self.0 & (1u64 << (f as u8)) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Both sets together.
    #[must_use]
    pub fn union(self, other: FactSet) -> FactSet {
        FactSet(self.0 | other.0)
    }

    /// The facts, in order.
    pub fn iter(self) -> impl Iterator<Item = Fact> {
        Fact::ALL.iter().copied().filter(move |f| self.contains(*f))
    }

    /// How many facts.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
}

impl Serialize for FactSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable identifier.
    pub id: RuleId,
    /// What it gives, in English, as a template: the numbers it states are written
    /// `{parameter_code}` and filled in with the values in force ([`Rule::title_en`]).
    pub title_en_template: &'static str,
    /// The same in Chinese.
    pub title_zh_template: &'static str,
    /// What it rests on: the first citation is the rule's basis, whose dates the rule's lie
    /// within; others are cited with it (other articles, an interpretation applied to pending
    /// cases whatever the date of the facts).
    pub citations: &'static [Citation<'static>],
    /// First day of the facts it governs.
    pub valid_from: NaiveDate,
    /// Last day of the facts it governs, when it was replaced.
    pub valid_to: Option<NaiveDate>,
    /// The facts it needs.
    pub needs: &'static [Fact],
    /// The statutory numbers it uses.
    pub parameters: &'static [ParamId],
    /// Its page under `docs/rules/`.
    pub page: &'static str,
}

impl Rule {
    /// Whether the rule governs facts dated `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        date >= self.valid_from && self.valid_to.is_none_or(|to| date <= to)
    }

    /// How reliable the reference is for the rule: its weakest citation's mark.
    pub fn reliability(&self) -> Reliability {
        self.citations
            .iter()
            .map(Citation::reliability)
            .fold(Reliability::Verified, Reliability::weakest)
    }

    /// What it gives, in English, stating the numbers of `policy` (the table's, with its
    /// overrides).
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use weiquan_compensation::{ParamId, Policy, RuleId};
    /// let rule = RuleId::Sanbao7.rule();
    /// assert!(rule.title_en(&Policy::default()).contains("within 7 days of sale"));
    /// let policy = Policy::default().with_override(ParamId::SanbaoReturnDays, Decimal::from(10))?;
    /// assert!(rule.title_en(&policy).contains("within 10 days of sale"));
    /// # Ok::<(), weiquan_compensation::Error>(())
    /// ```
    pub fn title_en(&self, policy: &Policy) -> Cow<'static, str> {
        render(self.title_en_template, Values(&policy.overrides))
    }

    /// What it gives, in Chinese, stating the numbers of `policy`.
    pub fn title_zh(&self, policy: &Policy) -> Cow<'static, str> {
        render(self.title_zh_template, Values(&policy.overrides))
    }

    /// The citations in English, each with its mark, joined by `; `.
    pub fn citations_en(&self) -> String {
        join(self.citations, |c| c.to_string())
    }
}

macro_rules! catalogue {
    ($(
        $(#[$doc:meta])*
        $id:ident = $code:literal {
            title: ($ten:literal, $tzh:literal),
            cites: [$($cite:ident),+ $(,)?],
            from: $from:expr, to: $to:expr,
            needs: [$($fact:ident),* $(,)?],
            parameters: [$($param:ident),* $(,)?],
            page: $page:literal $(,)?
        }
    ),+ $(,)?) => {
        /// Identifies one rule of the catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        #[repr(u8)]
        pub enum RuleId {
            $( $(#[$doc])* #[serde(rename = $code)] $id, )+
        }

        #[allow(non_upper_case_globals, reason = "one static per RuleId variant, named alike")]
        mod entries {
            use super::*;
            $(
                pub(super) static $id: Rule = Rule {
                    id: RuleId::$id,
                    title_en_template: $ten,
                    title_zh_template: $tzh,
                    citations: &[$(cite::$cite),+],
                    valid_from: $from,
                    valid_to: $to,
                    needs: &[$(Fact::$fact),*],
                    parameters: &[$(ParamId::$param),*],
                    page: $page,
                };
            )+
        }

        /// Every rule, in the order the engine considers them.
        pub static CATALOGUE: &[&Rule] = &[$(&entries::$id),+];

        impl RuleId {
            /// Every rule id, in catalogue order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$id),+];

            /// The stable code, e.g. `crpl_2013_55_1`.
            pub fn code(self) -> &'static str {
                match self { $(RuleId::$id => $code),+ }
            }

            /// The catalogue entry.
            pub fn rule(self) -> &'static Rule {
                match self { $(RuleId::$id => &entries::$id),+ }
            }
        }
    };
}

catalogue! {
    /// 1993 CRPL Art. 49: fraud, 1 × the price (purchases before 2014-03-15).
    Crpl1993Fraud = "crpl_1993_49" {
        title: ("Fraud: additional compensation of {crpl_1993_49_multiplier} × the price (1993 law)", "欺诈：增加赔偿价款的{crpl_1993_49_multiplier:zh}倍（1993年法）"),
        cites: [CRPL_1993_49],
        from: CRPL_1993, to: Some(day_before(CRPL_2013)),
        needs: [Fraud], parameters: [Crpl1993FraudMultiplier], page: "crpl-55-1-fraud.md",
    },
    /// CRPL 2013 Art. 55(1): fraud, 3 × the price or fee, at least 500 yuan.
    CrplFraud = "crpl_2013_55_1" {
        title: ("Fraud: additional compensation of {crpl_2013_55_1_multiplier} × the price or fee, at least {crpl_2013_55_1_minimum:,} yuan", "欺诈：增加赔偿价款或费用的{crpl_2013_55_1_multiplier:zh}倍，不足{crpl_2013_55_1_minimum:zh}元的为{crpl_2013_55_1_minimum:zh}元"),
        cites: [CRPL_2013_55_1],
        from: CRPL_2013, to: None,
        needs: [Fraud], parameters: [CrplFraudMultiplier, CrplFraudMinimum], page: "crpl-55-1-fraud.md",
    },
    /// CRPL 2013 Art. 55(2): knowingly defective, death or serious harm.
    CrplDefectHarm = "crpl_2013_55_2" {
        title: ("Knowingly defective goods or services causing death or serious harm: punitive damages up to {crpl_2013_55_2_max_multiplier} × the losses", "明知缺陷造成死亡或健康严重损害：所受损失{crpl_2013_55_2_max_multiplier:zh}倍以下的惩罚性赔偿"),
        cites: [CRPL_2013_55_2],
        from: CRPL_2013, to: None,
        needs: [DefectHarm, ProvenLosses], parameters: [CrplDefectHarmMaxMultiplier], page: "crpl-55-2-defect-harm.md",
    },
    /// Food Safety Law 2009 Art. 96(2): 10 × the price (facts before 2015-10-01).
    Fsl2009Food = "fsl_2009_96" {
        title: ("Non-compliant food: {fsl_2009_96_multiplier} × the price (2009 law)", "不符合食品安全标准的食品：价款{fsl_2009_96_multiplier:zh}倍（2009年法）"),
        cites: [FSL_2009_96_2],
        from: FSL_2009, to: Some(day_before(FSL_2015)),
        needs: [FoodStandardViolated, RespondentProducedOrKnew], parameters: [Fsl2009PriceMultiplier], page: "food-148-2.md",
    },
    /// Food Safety Law 2015 Art. 148(2).
    FslFood = "fsl_2015_148_2" {
        title: ("Non-compliant food: {fsl_2015_148_2_price_multiplier} × the price or {fsl_2015_148_2_loss_multiplier} × the losses, at least {fsl_2015_148_2_minimum:,} yuan", "不符合食品安全标准的食品：价款{fsl_2015_148_2_price_multiplier:zh}倍或损失{fsl_2015_148_2_loss_multiplier:zh}倍，不足{fsl_2015_148_2_minimum:zh}元的为{fsl_2015_148_2_minimum:zh}元"),
        cites: [FSL_2015_148_2, SPC_FOOD_2024],
        from: FSL_2015, to: None,
        needs: [FoodStandardViolated, RespondentProducedOrKnew, FoodDefect], parameters: [FslPriceMultiplier, FslLossMultiplier, FslMinimum], page: "food-148-2.md",
    },
    /// Drug Administration Law 2019 Art. 144(3).
    DalDrug = "dal_2019_144_3" {
        title: ("Counterfeit or substandard drug: {dal_2019_144_3_price_multiplier} × the price or {dal_2019_144_3_loss_multiplier} × the losses, at least {dal_2019_144_3_minimum:,} yuan", "假药、劣药：价款{dal_2019_144_3_price_multiplier:zh}倍或损失{dal_2019_144_3_loss_multiplier:zh}倍，不足{dal_2019_144_3_minimum:zh}元的为{dal_2019_144_3_minimum:zh}元"),
        cites: [DAL_2019_144_3],
        from: DAL_2019, to: None,
        needs: [DrugCounterfeit, RespondentProducedOrKnew], parameters: [DalPriceMultiplier, DalLossMultiplier, DalMinimum], page: "drug-144-3.md",
    },
    /// Tourism Law Art. 70(1).
    Tourism = "tourism_70" {
        title: ("Travel agency refused to perform with serious consequences: {tourism_70_min_multiplier} × to {tourism_70_max_multiplier} × the tour fee", "旅行社拒绝履行造成严重后果：旅游费用{tourism_70_min_multiplier:zh}倍以上{tourism_70_max_multiplier:zh}倍以下"),
        cites: [TOURISM_70_1],
        from: TOURISM_2013, to: None,
        needs: [TourAbleToPerform, TourRefused, TourSeriousConsequence], parameters: [TourismMinMultiplier, TourismMaxMultiplier], page: "tourism-70.md",
    },
    /// Proven losses (compensatory damages).
    Losses = "compensatory_losses" {
        title: ("Compensation of the losses proven", "赔偿已证明的损失"),
        cites: [CRPL_LOSSES],
        from: CRPL_1993, to: None,
        needs: [ProvenLosses], parameters: [], page: "losses.md",
    },
    /// CRPL 2013 Art. 24: return, replacement, repair.
    CrplQuality = "crpl_2013_24" {
        title: ("Goods short of quality: return within {crpl_2013_24_return_days} days of receipt, then replacement or repair; a service: redo, or rescission and refund of the unperformed part", "商品不符合质量要求：收货{crpl_2013_24_return_days:zh}日内退货，之后更换或修理；服务：重作，或解除合同并退还未履行部分的费用"),
        cites: [CRPL_2013_24],
        from: CRPL_2013, to: None,
        needs: [QualityDefect, ReceiptDate], parameters: [CrplQualityReturnDays], page: "crpl-24-quality.md",
    },
    /// CRPL 2013 Art. 25: 7-day no-reason return for distance sales.
    CrplNoReason = "crpl_2013_25" {
        title: ("Distance sale: return without reason within {crpl_2013_25_return_days} days of receipt", "远程购物：收货{crpl_2013_25_return_days:zh}日内无理由退货"),
        cites: [CRPL_2013_25],
        from: CRPL_2013, to: None,
        needs: [ReceiptDate, ReturnExclusion], parameters: [CrplNoReasonDays, CrplNoReasonRefundDays], page: "crpl-25-no-reason.md",
    },
    /// General 三包 rules Art. 9.
    Sanbao7 = "sanbao_1995_9" {
        title: ("三包: performance fault within {sanbao_1995_9_days} days of sale: return, replacement or repair", "三包：售出{sanbao_1995_9_days}日内性能故障，退货、换货或修理"),
        cites: [SANBAO_9],
        from: SANBAO_1995, to: None,
        needs: [QualityDefect, WarrantyFaultDate], parameters: [SanbaoReturnDays], page: "sanbao-general.md",
    },
    /// General 三包 rules Art. 10.
    Sanbao15 = "sanbao_1995_10" {
        title: ("三包: performance fault within {sanbao_1995_10_days} days of sale: replacement or repair", "三包：售出{sanbao_1995_10_days}日内性能故障，换货或修理"),
        cites: [SANBAO_10],
        from: SANBAO_1995, to: None,
        needs: [QualityDefect, WarrantyFaultDate], parameters: [SanbaoReplaceDays], page: "sanbao-general.md",
    },
    /// General 三包 rules Art. 11 and Art. 13.
    SanbaoTwoRepairs = "sanbao_1995_11" {
        title: ("三包: repaired {sanbao_1995_11_repairs} times in the warranty period and still faulty: replacement, or return less depreciation", "三包：有效期内修理{sanbao_1995_11_repairs}次仍不能正常使用，换货或退货（扣折旧费）"),
        cites: [SANBAO_11, SANBAO_13],
        from: SANBAO_1995, to: None,
        needs: [QualityDefect, WarrantyRepairs, WarrantyStillFaulty], parameters: [SanbaoRepairsBeforeReplacement], page: "sanbao-general.md",
    },
    /// Family cars Art. 22.
    Car7Days = "car_2021_22" {
        title: ("Family car, first {car_2021_22_days} days: major assembly to replace: free replacement or return", "家用汽车{car_2021_22_days}日内主要总成需更换：免费换车或退车"),
        cites: [CAR_22],
        from: CAR_2021, to: None,
        needs: [CarFaultDate, CarMajorAssembly], parameters: [CarReturnDays], page: "family-car.md",
    },
    /// Family cars Art. 23.
    Car60Days = "car_2021_23" {
        title: ("Family car, first {car_2021_23_days} days / {car_2021_23_km:,} km: serious failure: free replacement or return", "家用汽车{car_2021_23_days}日或{car_2021_23_km}公里内严重故障：免费换车或退车"),
        cites: [CAR_23],
        from: CAR_2021, to: None,
        needs: [CarFaultDate, CarOdometer, CarSeriousFailure], parameters: [CarEarlyDays, CarEarlyKm], page: "family-car.md",
    },
    /// Family cars Art. 20.
    CarAssembly = "car_2021_20" {
        title: ("Family car, first {car_2021_23_days} days / {car_2021_23_km:,} km: main part of a major assembly faulty: free replacement of the assembly", "家用汽车{car_2021_23_days}日或{car_2021_23_km}公里内主要总成的主要零部件质量问题：免费更换总成"),
        cites: [CAR_20],
        from: CAR_2021, to: None,
        needs: [CarFaultDate, CarOdometer, CarMainPartFault], parameters: [CarEarlyDays, CarEarlyKm], page: "family-car.md",
    },
    /// Family cars Art. 24 and Art. 27 (the periods of Art. 18, the deadlines of Art. 28).
    CarWarranty = "car_2021_24" {
        title: ("Family car, warranty period: replacement or return less the use-compensation fee", "家用汽车三包有效期内：换车或退车（扣使用补偿费）"),
        cites: [CAR_24, CAR_27, CAR_18, CAR_28],
        from: CAR_2021, to: None,
        needs: [CarFaultDate, CarOdometer, CarUseCoefficient], parameters: [CarWarrantyMonths, CarWarrantyKm, CarSafetyRepairs, CarAssemblyReplacements, CarMainPartReplacements, CarTotalRepairDays, CarSameProblemRepairs, CarUseCoefficientMax, CarAnswerWorkingDays, CarCompleteWorkingDays], page: "family-car.md",
    },
    /// Family cars Art. 19.
    CarFreeRepair = "car_2021_19" {
        title: ("Family car, repair-warranty period: free repair", "家用汽车包修期内免费修理"),
        cites: [CAR_19, CAR_18],
        from: CAR_2021, to: None,
        needs: [CarFaultDate, CarOdometer], parameters: [CarRepairWarrantyMonths, CarRepairWarrantyKm], page: "family-car.md",
    },
    /// Family cars Art. 21.
    CarCourtesy = "car_2021_21" {
        title: ("Family car, one repair over {car_2021_21_days} days: courtesy car or transport compensation from day {car_2021_21_days:next}", "家用汽车一次修理超过{car_2021_21_days}日：自第{car_2021_21_days:next}日起提供备用车或交通费用补偿"),
        cites: [CAR_21],
        from: CAR_2021, to: None,
        needs: [CarLongestRepairDays], parameters: [CarCourtesyAfterDays], page: "family-car.md",
    },
    /// Prepaid consumption Art. 14.
    PrepaidCoolingOff = "prepaid_2025_14" {
        title: ("Prepaid: the principal back on request within {prepaid_2025_14_days} days of payment", "预付式消费：付款之日起{prepaid_2025_14_days:zh}日内请求返还预付款本金"),
        cites: [PREPAID_14],
        from: PREPAID_2025, to: None,
        needs: [RequestDate, PrepaidAlreadyObtained], parameters: [PrepaidCoolingOffDays], page: "prepaid-cooling-off.md",
    },
    /// Prepaid consumption Art. 15, Art. 18 – Art. 20.
    PrepaidBalance = "prepaid_2025_15" {
        title: ("Prepaid: refund of the unused balance, redeemed value by who caused the refund", "预付式消费：返还剩余预付款，已兑付价款按退款原因计算"),
        cites: [PREPAID_15, PREPAID_18, PREPAID_19, PREPAID_20],
        from: PREPAID_2025, to: None,
        needs: [PrepaidCause, PrepaidRedeemedList, PrepaidRedeemedDiscounted], parameters: [], page: "prepaid-balance.md",
    },
    /// Prepaid consumption Art. 22.
    PrepaidUnlimited = "prepaid_2025_22" {
        title: ("Prepaid unlimited-use contract: refund pro rata to the remaining term", "预付式消费不限次数合同：按剩余履行期限比例返还"),
        cites: [PREPAID_22],
        from: PREPAID_2025, to: None,
        needs: [PrepaidRescindedOn], parameters: [], page: "prepaid-balance.md",
    },
    /// Prepaid consumption Art. 16 and Art. 17.
    PrepaidInterest = "prepaid_2025_16" {
        title: ("Prepaid: interest on the refund from the end of the contract", "预付式消费：自合同解除时起计算返还预付款的利息"),
        cites: [PREPAID_16, PREPAID_17],
        from: PREPAID_2025, to: None,
        needs: [PrepaidInterest, PrepaidRescindedOn, PrepaidCause], parameters: [InterestDayBasis], page: "prepaid-interest.md",
    },
    /// Civil Code Arts. 19–20, 144–145, 157: a minor's payment not appropriate to their age,
    /// not ratified: refund.
    MinorPayment = "civil_2020_145" {
        title: ("A minor's payment beyond what suits their age and intelligence, not consented to or ratified by the guardian: refund", "未成年人超出与其年龄、智力相适应范围且未经监护人同意或追认的支付：返还"),
        cites: [CIVIL_145, CIVIL_19, CIVIL_20, CIVIL_17, CIVIL_18_2, CIVIL_144, CIVIL_157],
        from: CIVIL_CODE, to: None,
        needs: [MinorBirthDate, MinorAppropriate], parameters: [AdultAge, SelfSupportingAge, LimitedCapacityAge], page: "minor-payments.md",
    },
}

impl RuleId {
    /// Whether the rule belongs to the consumer-protection regime, which covers purchases for
    /// living consumption from a business operator only (CRPL Art. 2, Art. 3; SPC Fa Shi
    /// \[2022\] No. 8 Art. 7). Every rule but the proven losses (a contract or tort remedy
    /// whoever bought), the package tour (Tourism Law Art. 70 protects any traveller) and a
    /// minor's payment (the Civil Code's rules on capacity bind any counterparty).
    pub fn consumer_scoped(self) -> bool {
        !matches!(
            self,
            RuleId::Losses | RuleId::Tourism | RuleId::MinorPayment
        )
    }
}

/// A set of rules (a bit set), e.g. the rules a policy disables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RuleSet(u64);

impl RuleSet {
    /// No rules.
    pub const EMPTY: RuleSet = RuleSet(0);

    /// Adds a rule.
    pub fn insert(&mut self, r: RuleId) {
        self.0 |= 1u64 << (r as u8);
    }

    /// Whether the rule is in the set.
    pub fn contains(self, r: RuleId) -> bool {
        self.0 & (1u64 << (r as u8)) != 0
    }

    /// The rules, in catalogue order.
    pub fn iter(self) -> impl Iterator<Item = RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .filter(move |r| self.contains(*r))
    }
}

impl Serialize for RuleSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for RuleSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let ids = Vec::<RuleId>::deserialize(d)?;
        let mut set = RuleSet::EMPTY;
        for id in ids {
            set.insert(id);
        }
        Ok(set)
    }
}

/// The catalogue as a Markdown table (for `docs/rules/README.md`).
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "| rule | citation | facts dated | reliability | needs | page |\n|---|---|---|---|---|---|\n",
    );
    for r in CATALOGUE {
        let to = r.valid_to.map_or_else(String::new, |d| d.to_string());
        let needs: Vec<String> = r
            .needs
            .iter()
            .map(|f| format!("`{}`", f.pointer()))
            .collect();
        out.push_str(&format!(
            "| `{}` | {} | {} – {} | {} | {} | [{}]({}) |\n",
            r.id.code(),
            join(r.citations, |c| c.text_en()),
            r.valid_from,
            to,
            r.reliability().bracketed(),
            needs.join(", "),
            r.page,
            r.page
        ));
    }
    out
}

/// The citations and numbers of the rules on one page of `docs/rules/` (e.g.
/// `family-car.md`) as Markdown, as committed between the page's `citations` markers: each
/// rule with its dates, its citations in Chinese and English with their marks and notes, and
/// each statutory number it uses with its value, citations, dates and meaning. Empty for a
/// page no rule names.
pub fn rule_page_markdown(page: &str) -> String {
    let rules: Vec<&Rule> = CATALOGUE
        .iter()
        .copied()
        .filter(|r| r.page == page)
        .collect();
    if rules.is_empty() {
        return String::new();
    }
    let cites = |cs: &[Citation<'_>], zh: bool| -> String {
        cs.iter()
            .map(|c| {
                let mut s = String::new();
                if zh {
                    s.push_str(&c.text_zh());
                    s.push_str("<br>");
                }
                s.push_str(&c.to_string());
                if let Some(note) = c.note_en {
                    s.push_str(" — ");
                    s.push_str(note);
                }
                s
            })
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let dates = |from: NaiveDate, to: Option<NaiveDate>| {
        format!(
            "{from} – {}",
            to.map_or_else(String::new, |d| d.to_string())
        )
    };
    let mut out = String::from("| rule | facts dated | cites | reliability |\n|---|---|---|---|\n");
    for r in &rules {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.id.code(),
            dates(r.valid_from, r.valid_to),
            cites(r.citations, true),
            r.reliability().bracketed()
        ));
    }
    let params: Vec<ParamId> = ParamId::ALL
        .iter()
        .copied()
        .filter(|p| rules.iter().any(|r| r.parameters.contains(p)))
        .collect();
    if params.is_empty() {
        return out;
    }
    out.push_str("\n| parameter | value | cites | in force | meaning |\n|---|---|---|---|---|\n");
    for id in params {
        let p = id.parameter();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            id.code(),
            with_unit(p),
            cites(p.sources, false),
            dates(p.valid_from, p.valid_to),
            p.meaning_en()
        ));
    }
    out
}

/// A parameter's value with its unit: `3 ×`, `500 yuan`, `10 working days`, `0.5 %`.
fn with_unit(p: &crate::table::Parameter) -> String {
    let v = p.value.normalize();
    let n = u64::try_from(v)
        .ok()
        .filter(|_| v.fract().is_zero())
        .map_or_else(|| v.to_string(), crate::text::grouped);
    match p.unit {
        Unit::Times => format!("{v} ×"),
        Unit::Yuan => format!("{n} yuan"),
        Unit::Days => format!("{v} days"),
        Unit::WorkingDays => format!("{v} working days"),
        Unit::Months => format!("{v} months"),
        Unit::Km => format!("{n} km"),
        Unit::Count => format!("{v}"),
        Unit::Years => format!("{v} years"),
        Unit::Rate => format!(
            "{} %",
            v.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
                .unwrap_or(v)
                .normalize()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_in_enum_order() {
        assert_eq!(CATALOGUE.len(), RuleId::ALL.len());
        for (r, id) in CATALOGUE.iter().zip(RuleId::ALL) {
            assert_eq!(r.id, *id);
            assert!(r.page.ends_with(".md"));
        }
        assert!(RuleId::ALL.len() < 64);
        assert!(Fact::ALL.len() < 64);
    }

    #[test]
    fn fact_all_lists_every_fact_in_order() {
        for (i, f) in Fact::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i);
        }
    }

    #[test]
    fn fact_sets() {
        let s = FactSet::EMPTY.with(Fact::Fraud).with(Fact::ReceiptDate);
        assert_eq!(s.len(), 2);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"["/purchase/receipt_date","/findings/fraud"]"#
        );
    }

    #[test]
    fn rule_sets_round_trip() {
        let mut s = RuleSet::EMPTY;
        s.insert(RuleId::Fsl2009Food);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"["fsl_2009_96"]"#);
        let back: RuleSet = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    /// A rule cannot govern facts before the text it rests on was in force, nor after it
    /// ended; its numbers are in force whenever it is.
    #[test]
    fn rules_lie_within_their_basis_and_their_numbers() {
        for r in CATALOGUE {
            let basis = r.citations.first().unwrap();
            if let Err(e) = basis.check_dates(r.valid_from, r.valid_to) {
                panic!("{}: {e}", r.id.code());
            }
            for p in r.parameters.iter().map(|p| p.parameter()) {
                assert!(
                    p.valid_from <= r.valid_from,
                    "{}: {} starts later",
                    r.id.code(),
                    p.id.code()
                );
                match (p.valid_to, r.valid_to) {
                    (None, _) => {}
                    (Some(pt), Some(rt)) if pt >= rt => {}
                    _ => panic!("{}: {} ends earlier", r.id.code(), p.id.code()),
                }
            }
        }
    }

    /// Each number a rule uses is stated by an article the rule cites: the rule and the table
    /// cite the same texts.
    #[test]
    fn rules_cite_the_articles_of_their_numbers() {
        for r in CATALOGUE {
            for p in r.parameters.iter().map(|p| p.parameter()) {
                let shared = p.sources.iter().any(|s| {
                    r.citations
                        .iter()
                        .any(|c| std::ptr::eq(c.instrument, s.instrument) && c.article == s.article)
                });
                assert!(
                    shared,
                    "{} does not cite what {} rests on",
                    r.id.code(),
                    p.id.code()
                );
            }
        }
    }

    /// The numbers a title states are its rule's parameters, each written as a placeholder.
    #[test]
    fn titles_state_their_numbers_through_the_table() {
        for r in CATALOGUE {
            for t in [r.title_en_template, r.title_zh_template] {
                for (code, _) in crate::text::placeholders(t) {
                    let id = ParamId::from_code(code)
                        .unwrap_or_else(|| panic!("{}: unknown {code}", r.id.code()));
                    assert!(
                        r.parameters.contains(&id),
                        "{}: {code} is not its parameter",
                        r.id.code()
                    );
                }
                for p in r.parameters {
                    assert!(
                        !crate::text::tests_support::states_raw(t, p.parameter().value),
                        "{}: the title writes the value of {} instead of its placeholder: {t}",
                        r.id.code(),
                        p.code()
                    );
                }
            }
        }
    }

    #[test]
    fn versions_meet_at_the_boundaries() {
        assert_eq!(
            RuleId::Crpl1993Fraud.rule().valid_to.unwrap().succ_opt(),
            Some(RuleId::CrplFraud.rule().valid_from)
        );
        assert_eq!(
            RuleId::Fsl2009Food.rule().valid_to.unwrap().succ_opt(),
            Some(RuleId::FslFood.rule().valid_from)
        );
    }
}
