//! The one table of statutory numbers: every multiplier, minimum, time limit and threshold the
//! engine uses, each with its source, the dates it was in force and how reliable the reference
//! is. Traces name the parameter they used, so a reader can check each number against this
//! table (rendered in `docs/compensation.md`).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How well the reference (`shared/reference/legal.md`) established a rule or a number.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Reliability {
    /// \[V\] checked against a full text of the instrument.
    Verified,
    /// \[S\] checked only against secondary reproductions: probable.
    Secondary,
    /// \[U\] from one weak source or recollection: configurable and flagged for legal review.
    Unverified,
}

impl Reliability {
    /// The mark used in `legal.md`: `\[V\]`, `\[S\]` or `\[U\]`.
    pub fn mark(self) -> &'static str {
        match self {
            Reliability::Verified => "[V]",
            Reliability::Secondary => "[S]",
            Reliability::Unverified => "[U]",
        }
    }

    /// Whether output built on it must be flagged for legal review.
    pub fn needs_review(self) -> bool {
        self != Reliability::Verified
    }
}

/// What a parameter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A multiplier of an amount (× price, × losses).
    Times,
    /// An amount in yuan.
    Yuan,
    /// Calendar days (the start day not counted, Civil Code Art. 201).
    Days,
    /// Working days.
    WorkingDays,
    /// Calendar months (ending on the corresponding day, Civil Code Art. 202).
    Months,
    /// Kilometres on the odometer.
    Km,
    /// A number of events (repairs, replacements).
    Count,
    /// A fraction (0.005 = 0.5 %).
    Rate,
}

/// One statutory number with its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Parameter {
    /// Stable identifier, used in traces and policy overrides.
    pub id: ParamId,
    /// The value.
    pub value: Decimal,
    /// What the value counts.
    pub unit: Unit,
    /// Where it comes from, in English, e.g. `CRPL 2013 Art. 55(1)`.
    pub source_en: &'static str,
    /// Where it comes from, in Chinese, e.g. `消费者权益保护法（2013）第五十五条第一款`.
    pub source_zh: &'static str,
    /// First day in force (facts dated on or after it).
    pub valid_from: NaiveDate,
    /// Last day in force, when it was replaced.
    pub valid_to: Option<NaiveDate>,
    /// How reliable the reference is for this number.
    pub reliability: Reliability,
    /// What the number means, in English.
    pub meaning_en: &'static str,
    /// What the number means, in Chinese.
    pub meaning_zh: &'static str,
}

impl Parameter {
    /// Whether the parameter was in force on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        date >= self.valid_from && self.valid_to.is_none_or(|to| date <= to)
    }

    /// The value as a whole number (days, km, counts); 0 for a fractional value.
    pub fn whole(&self) -> u64 {
        u64::try_from(self.value).unwrap_or(0)
    }
}

/// A date known at compile time; an impossible date falls back to `NaiveDate::MIN`, which a
/// test rules out.
pub(crate) const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(v) => v,
        None => NaiveDate::MIN,
    }
}

const fn int(n: u32) -> Decimal {
    Decimal::from_parts(n, 0, 0, false, 0)
}

const fn frac(n: u32, scale: u32) -> Decimal {
    Decimal::from_parts(n, 0, 0, false, scale)
}

/// Dates on which instruments took effect or were replaced.
pub mod dates {
    use super::date;
    use chrono::NaiveDate;

    /// The 1993 CRPL took effect.
    pub const CRPL_1993: NaiveDate = date(1994, 1, 1);
    /// The 2013 amendment of the CRPL took effect.
    pub const CRPL_2013: NaiveDate = date(2014, 3, 15);
    /// The 2009 Food Safety Law took effect.
    pub const FSL_2009: NaiveDate = date(2009, 6, 1);
    /// The 2015 revision of the Food Safety Law took effect.
    pub const FSL_2015: NaiveDate = date(2015, 10, 1);
    /// The 2019 Drug Administration Law took effect.
    pub const DAL_2019: NaiveDate = date(2019, 12, 1);
    /// The Tourism Law took effect.
    pub const TOURISM_2013: NaiveDate = date(2013, 10, 1);
    /// The 1995 general 三包 rules (国经贸质〔1995〕458号); the exact day is not in the reference.
    pub const SANBAO_1995: NaiveDate = date(1995, 8, 25);
    /// SAMR Order No. 43 (family cars) took effect.
    pub const CAR_2021: NaiveDate = date(2022, 1, 1);
    /// SPC Fa Shi \[2025\] No. 4 (prepaid consumption) took effect.
    pub const PREPAID_2025: NaiveDate = date(2025, 5, 1);
    /// SPC Fa Shi \[2024\] No. 9 (food and drug punitive damages) took effect.
    pub const SPC_FOOD_2024: NaiveDate = date(2024, 8, 22);

    /// The day before `d` (for `valid_to`).
    pub(crate) const fn day_before(d: NaiveDate) -> NaiveDate {
        match d.pred_opt() {
            Some(p) => p,
            None => NaiveDate::MIN,
        }
    }
}

macro_rules! statute_table {
    ($(
        $(#[$doc:meta])*
        $id:ident = $code:literal {
            value: $value:expr, unit: $unit:ident,
            source: ($en:literal, $zh:literal),
            from: $from:expr, to: $to:expr, reliability: $rel:ident,
            meaning: ($men:literal, $mzh:literal) $(,)?
        }
    ),+ $(,)?) => {
        /// Identifies one row of the statutory table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ParamId {
            $( $(#[$doc])* #[serde(rename = $code)] $id, )+
        }

        #[allow(non_upper_case_globals, reason = "one static per ParamId variant, named alike")]
        mod rows {
            use super::*;
            $(
                pub(super) static $id: Parameter = Parameter {
                    id: ParamId::$id,
                    value: $value,
                    unit: Unit::$unit,
                    source_en: $en,
                    source_zh: $zh,
                    valid_from: $from,
                    valid_to: $to,
                    reliability: Reliability::$rel,
                    meaning_en: $men,
                    meaning_zh: $mzh,
                };
            )+
        }

        /// Every statutory number, in table order.
        pub static TABLE: &[&Parameter] = &[$(&rows::$id),+];

        impl ParamId {
            /// Every parameter, in table order.
            pub const ALL: &'static [ParamId] = &[$(ParamId::$id),+];

            /// The stable code, e.g. `crpl_2013_55_1_multiplier`.
            pub fn code(self) -> &'static str {
                match self { $(ParamId::$id => $code),+ }
            }

            /// The table row.
            pub fn parameter(self) -> &'static Parameter {
                match self { $(ParamId::$id => &rows::$id),+ }
            }
        }
    };
}

use dates::*;

statute_table! {
    /// 1993 CRPL Art. 49: fraud, additional compensation of 1 × the price.
    Crpl1993FraudMultiplier = "crpl_1993_49_multiplier" {
        value: int(1), unit: Times,
        source: ("CRPL 1993 Art. 49", "消费者权益保护法（1993）第四十九条"),
        from: CRPL_1993, to: Some(day_before(CRPL_2013)), reliability: Verified,
        meaning: ("fraud: additional compensation = 1 × the price or fee, no minimum",
                  "欺诈：增加赔偿额为价款或费用的一倍，无最低额"),
    },
    /// CRPL 2013 Art. 55(1): fraud, 3 × the price or fee.
    CrplFraudMultiplier = "crpl_2013_55_1_multiplier" {
        value: int(3), unit: Times,
        source: ("CRPL 2013 Art. 55(1)", "消费者权益保护法（2013）第五十五条第一款"),
        from: CRPL_2013, to: None, reliability: Verified,
        meaning: ("fraud: additional compensation = 3 × the price of the goods or the service fee",
                  "欺诈：增加赔偿额为商品价款或服务费用的三倍"),
    },
    /// CRPL 2013 Art. 55(1): fraud, minimum 500 yuan.
    CrplFraudMinimum = "crpl_2013_55_1_minimum" {
        value: int(500), unit: Yuan,
        source: ("CRPL 2013 Art. 55(1)", "消费者权益保护法（2013）第五十五条第一款"),
        from: CRPL_2013, to: None, reliability: Verified,
        meaning: ("fraud: an increase below 500 yuan is raised to 500 yuan",
                  "增加赔偿的金额不足五百元的，为五百元"),
    },
    /// CRPL 2013 Art. 55(2): punitive damages up to 2 × the losses.
    CrplDefectHarmMaxMultiplier = "crpl_2013_55_2_max_multiplier" {
        value: int(2), unit: Times,
        source: ("CRPL 2013 Art. 55(2)", "消费者权益保护法（2013）第五十五条第二款"),
        from: CRPL_2013, to: None, reliability: Verified,
        meaning: ("knowingly defective goods or services causing death or serious harm: punitive damages up to 2 × the losses",
                  "明知缺陷造成死亡或健康严重损害：所受损失二倍以下的惩罚性赔偿"),
    },
    /// Food Safety Law 2009 Art. 96(2): 10 × the price.
    Fsl2009PriceMultiplier = "fsl_2009_96_multiplier" {
        value: int(10), unit: Times,
        source: ("Food Safety Law 2009 Art. 96(2)", "食品安全法（2009）第九十六条第二款"),
        from: FSL_2009, to: Some(day_before(FSL_2015)), reliability: Unverified,
        meaning: ("non-compliant food: 10 × the price, no losses option, no minimum",
                  "不符合食品安全标准的食品：价款十倍，无损失三倍选项，无最低额"),
    },
    /// Food Safety Law 2015 Art. 148(2): 10 × the price.
    FslPriceMultiplier = "fsl_2015_148_2_price_multiplier" {
        value: int(10), unit: Times,
        source: ("Food Safety Law 2015 Art. 148(2)", "食品安全法（2015）第一百四十八条第二款"),
        from: FSL_2015, to: None, reliability: Verified,
        meaning: ("non-compliant food: 10 × the price paid", "不符合食品安全标准的食品：价款十倍"),
    },
    /// Food Safety Law 2015 Art. 148(2): 3 × the losses.
    FslLossMultiplier = "fsl_2015_148_2_loss_multiplier" {
        value: int(3), unit: Times,
        source: ("Food Safety Law 2015 Art. 148(2)", "食品安全法（2015）第一百四十八条第二款"),
        from: FSL_2015, to: None, reliability: Verified,
        meaning: ("non-compliant food: or 3 × the losses, as the consumer elects", "或者损失三倍，由消费者选择"),
    },
    /// Food Safety Law 2015 Art. 148(2): minimum 1,000 yuan.
    FslMinimum = "fsl_2015_148_2_minimum" {
        value: int(1000), unit: Yuan,
        source: ("Food Safety Law 2015 Art. 148(2)", "食品安全法（2015）第一百四十八条第二款"),
        from: FSL_2015, to: None, reliability: Verified,
        meaning: ("an increase below 1,000 yuan is raised to 1,000 yuan", "增加赔偿的金额不足一千元的，为一千元"),
    },
    /// Drug Administration Law 2019 Art. 144(3): 10 × the price.
    DalPriceMultiplier = "dal_2019_144_3_price_multiplier" {
        value: int(10), unit: Times,
        source: ("Drug Administration Law 2019 Art. 144(3)", "药品管理法（2019）第一百四十四条第三款"),
        from: DAL_2019, to: None, reliability: Verified,
        meaning: ("counterfeit or substandard drug: 10 × the price paid", "假药、劣药：价款十倍"),
    },
    /// Drug Administration Law 2019 Art. 144(3): 3 × the losses.
    DalLossMultiplier = "dal_2019_144_3_loss_multiplier" {
        value: int(3), unit: Times,
        source: ("Drug Administration Law 2019 Art. 144(3)", "药品管理法（2019）第一百四十四条第三款"),
        from: DAL_2019, to: None, reliability: Verified,
        meaning: ("counterfeit or substandard drug: or 3 × the losses", "或者损失三倍"),
    },
    /// Drug Administration Law 2019 Art. 144(3): minimum 1,000 yuan.
    DalMinimum = "dal_2019_144_3_minimum" {
        value: int(1000), unit: Yuan,
        source: ("Drug Administration Law 2019 Art. 144(3)", "药品管理法（2019）第一百四十四条第三款"),
        from: DAL_2019, to: None, reliability: Verified,
        meaning: ("an increase below 1,000 yuan is raised to 1,000 yuan", "增加赔偿的金额不足一千元的，为一千元"),
    },
    /// Tourism Law Art. 70(1): at least 1 × the tour fee.
    TourismMinMultiplier = "tourism_70_min_multiplier" {
        value: int(1), unit: Times,
        source: ("Tourism Law Art. 70(1)", "旅游法第七十条第一款"),
        from: TOURISM_2013, to: None, reliability: Verified,
        meaning: ("refusal to perform causing serious consequences: from 1 × the tour fee",
                  "拒绝履行造成严重后果：旅游费用一倍以上"),
    },
    /// Tourism Law Art. 70(1): at most 3 × the tour fee.
    TourismMaxMultiplier = "tourism_70_max_multiplier" {
        value: int(3), unit: Times,
        source: ("Tourism Law Art. 70(1)", "旅游法第七十条第一款"),
        from: TOURISM_2013, to: None, reliability: Verified,
        meaning: ("up to 3 × the tour fee", "旅游费用三倍以下"),
    },
    /// CRPL 2013 Art. 24: return within 7 days of receipt.
    CrplQualityReturnDays = "crpl_2013_24_return_days" {
        value: int(7), unit: Days,
        source: ("CRPL 2013 Art. 24", "消费者权益保护法（2013）第二十四条"),
        from: CRPL_2013, to: None, reliability: Verified,
        meaning: ("goods short of quality, no state rule or agreement: return within 7 days of receipt",
                  "没有国家规定和当事人约定的，可以自收到商品之日起七日内退货"),
    },
    /// CRPL 2013 Art. 25(1): no-reason return within 7 days of receipt.
    CrplNoReasonDays = "crpl_2013_25_return_days" {
        value: int(7), unit: Days,
        source: ("CRPL 2013 Art. 25(1)", "消费者权益保护法（2013）第二十五条第一款"),
        from: CRPL_2013, to: None, reliability: Verified,
        meaning: ("distance sale: return without reason within 7 days of receipt, counted from the day after",
                  "远程购物：自收到商品之日起七日内无理由退货（次日起算）"),
    },
    /// CRPL 2013 Art. 25(3): refund within 7 days of receiving the returned goods.
    CrplNoReasonRefundDays = "crpl_2013_25_refund_days" {
        value: int(7), unit: Days,
        source: ("CRPL 2013 Art. 25(3)", "消费者权益保护法（2013）第二十五条第三款"),
        from: CRPL_2013, to: None, reliability: Verified,
        meaning: ("the operator refunds within 7 days of receiving the returned goods",
                  "经营者应当自收到退回商品之日起七日内返还价款"),
    },
    /// General 三包 rules Art. 9: return, replace or repair within 7 days of sale.
    SanbaoReturnDays = "sanbao_1995_9_days" {
        value: int(7), unit: Days,
        source: ("General 三包 rules 1995 Art. 9", "部分商品修理更换退货责任规定（1995）第九条"),
        from: SANBAO_1995, to: None, reliability: Secondary,
        meaning: ("performance fault within 7 days of sale: return, replacement or repair",
                  "售出之日起7日内出现性能故障：退货、换货或修理"),
    },
    /// General 三包 rules Art. 10: replace or repair within 15 days of sale.
    SanbaoReplaceDays = "sanbao_1995_10_days" {
        value: int(15), unit: Days,
        source: ("General 三包 rules 1995 Art. 10", "部分商品修理更换退货责任规定（1995）第十条"),
        from: SANBAO_1995, to: None, reliability: Secondary,
        meaning: ("performance fault within 15 days of sale: replacement or repair",
                  "售出之日起15日内出现性能故障：换货或修理"),
    },
    /// General 三包 rules Art. 11: two repairs in the warranty period.
    SanbaoRepairsBeforeReplacement = "sanbao_1995_11_repairs" {
        value: int(2), unit: Count,
        source: ("General 三包 rules 1995 Art. 11", "部分商品修理更换退货责任规定（1995）第十一条"),
        from: SANBAO_1995, to: None, reliability: Secondary,
        meaning: ("repaired twice in the warranty period and still faulty: free replacement or return",
                  "三包有效期内修理两次仍不能正常使用：免费换货或退货"),
    },
    /// Family cars Art. 22: first 7 days.
    CarReturnDays = "car_2021_22_days" {
        value: int(7), unit: Days,
        source: ("SAMR Order No. 43 Art. 22", "家用汽车产品修理更换退货责任规定第二十二条"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("first 7 days: engine, transmission, traction battery or drive motor (or a main part) to be replaced: free replacement or return",
                  "7日内发动机、变速器、动力蓄电池、行驶驱动电机或其主要零部件需更换：免费换车或退车"),
    },
    /// Family cars Art. 20 and Art. 23: first 60 days.
    CarEarlyDays = "car_2021_23_days" {
        value: int(60), unit: Days,
        source: ("SAMR Order No. 43 Art. 20, Art. 23", "家用汽车产品修理更换退货责任规定第二十条、第二十三条"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("first 60 days (or 3,000 km, whichever first)", "60日或者行驶里程3000公里之内（以先到者为准）"),
    },
    /// Family cars Art. 20 and Art. 23: first 3,000 km.
    CarEarlyKm = "car_2021_23_km" {
        value: int(3000), unit: Km,
        source: ("SAMR Order No. 43 Art. 20, Art. 23", "家用汽车产品修理更换退货责任规定第二十条、第二十三条"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("first 3,000 km (or 60 days, whichever first)", "行驶里程3000公里或者60日之内（以先到者为准）"),
    },
    /// Family cars Art. 18: warranty period of 2 years.
    CarWarrantyMonths = "car_2021_18_warranty_months" {
        value: int(24), unit: Months,
        source: ("SAMR Order No. 43 Art. 18", "家用汽车产品修理更换退货责任规定第十八条"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("三包 warranty period: at least 2 years (or 50,000 km)", "三包有效期不低于2年或者行驶里程50000公里"),
    },
    /// Family cars Art. 18: warranty period of 50,000 km.
    CarWarrantyKm = "car_2021_18_warranty_km" {
        value: int(50000), unit: Km,
        source: ("SAMR Order No. 43 Art. 18", "家用汽车产品修理更换退货责任规定第十八条"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("三包 warranty period: at least 50,000 km (or 2 years)", "三包有效期不低于行驶里程50000公里或者2年"),
    },
    /// Family cars Art. 18: repair-warranty period of 3 years.
    CarRepairWarrantyMonths = "car_2021_18_repair_months" {
        value: int(36), unit: Months,
        source: ("SAMR Order No. 43 Art. 18", "家用汽车产品修理更换退货责任规定第十八条"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("repair-warranty period: at least 3 years (or 60,000 km)", "包修期不低于3年或者行驶里程60000公里"),
    },
    /// Family cars Art. 18: repair-warranty period of 60,000 km.
    CarRepairWarrantyKm = "car_2021_18_repair_km" {
        value: int(60000), unit: Km,
        source: ("SAMR Order No. 43 Art. 18", "家用汽车产品修理更换退货责任规定第十八条"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("repair-warranty period: at least 60,000 km (or 3 years)", "包修期不低于行驶里程60000公里或者3年"),
    },
    /// Family cars Art. 21: courtesy car from the 6th day of one repair.
    CarCourtesyAfterDays = "car_2021_21_days" {
        value: int(5), unit: Days,
        source: ("SAMR Order No. 43 Art. 21", "家用汽车产品修理更换退货责任规定第二十一条"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("one repair over 5 days: courtesy car or transport compensation from day 6",
                  "一次修理超过5日的，自第6日起提供备用车或者交通费用补偿"),
    },
    /// Family cars Art. 24(1): a serious safety fault repaired twice.
    CarSafetyRepairs = "car_2021_24_1_repairs" {
        value: int(2), unit: Count,
        source: ("SAMR Order No. 43 Art. 24(1)", "家用汽车产品修理更换退货责任规定第二十四条第（一）项"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("a serious safety fault repaired twice and not cured, or a new one", "严重安全性能故障累计进行2次修理仍未排除或者又出现新的严重安全性能故障"),
    },
    /// Family cars Art. 24(2): a major assembly replaced twice.
    CarAssemblyReplacements = "car_2021_24_2_replacements" {
        value: int(2), unit: Count,
        source: ("SAMR Order No. 43 Art. 24(2)", "家用汽车产品修理更换退货责任规定第二十四条第（二）项"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("engine, transmission, traction battery or drive motor replaced twice, still abnormal",
                  "发动机、变速器、动力蓄电池、行驶驱动电机累计更换2次后仍不能正常使用"),
    },
    /// Family cars Art. 24(3): the same main part replaced twice.
    CarMainPartReplacements = "car_2021_24_3_replacements" {
        value: int(2), unit: Count,
        source: ("SAMR Order No. 43 Art. 24(3)", "家用汽车产品修理更换退货责任规定第二十四条第（三）项"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("the same main part replaced twice, still abnormal", "同一主要零部件累计更换2次后仍不能正常使用"),
    },
    /// Family cars Art. 24(4): total repair time over 30 days.
    CarTotalRepairDays = "car_2021_24_4_days" {
        value: int(30), unit: Days,
        source: ("SAMR Order No. 43 Art. 24(4)", "家用汽车产品修理更换退货责任规定第二十四条第（四）项"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("total repair time over 30 days", "因质量问题累计修理时间超过30日"),
    },
    /// Family cars Art. 24(4): the same problem repaired more than 4 times.
    CarSameProblemRepairs = "car_2021_24_4_repairs" {
        value: int(4), unit: Count,
        source: ("SAMR Order No. 43 Art. 24(4)", "家用汽车产品修理更换退货责任规定第二十四条第（四）项"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("the same quality problem repaired more than 4 times", "因同一质量问题累计修理超过4次"),
    },
    /// Family cars Art. 27: use-compensation coefficient at most 0.5 %.
    CarUseCoefficientMax = "car_2021_27_coefficient_max" {
        value: frac(5, 3), unit: Rate,
        source: ("SAMR Order No. 43 Art. 27", "家用汽车产品修理更换退货责任规定第二十七条"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("use-compensation fee = price × km ÷ 1,000 × n, n from the certificate and at most 0.5 %",
                  "使用补偿费 = 车价款 × 行驶里程 ÷ 1000 × n，n由三包凭证载明，不得高于0.5%"),
    },
    /// Family cars Art. 28: the seller answers within 10 working days.
    CarAnswerWorkingDays = "car_2021_28_answer_days" {
        value: int(10), unit: WorkingDays,
        source: ("SAMR Order No. 43 Art. 28", "家用汽车产品修理更换退货责任规定第二十八条"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("the seller answers a replacement or return request within 10 working days",
                  "销售者应当自消费者要求换车、退车之日起10个工作日内作出答复"),
    },
    /// Family cars Art. 28: replacement or return completed within 20 working days.
    CarCompleteWorkingDays = "car_2021_28_complete_days" {
        value: int(20), unit: WorkingDays,
        source: ("SAMR Order No. 43 Art. 28", "家用汽车产品修理更换退货责任规定第二十八条"),
        from: CAR_2021, to: None, reliability: Verified,
        meaning: ("the replacement or return is completed within 20 working days of the request",
                  "自消费者要求之日起20个工作日内完成换车、退车"),
    },
    /// Prepaid consumption Art. 14: 7-day cooling-off.
    PrepaidCoolingOffDays = "prepaid_2025_14_days" {
        value: int(7), unit: Days,
        source: ("SPC Fa Shi [2025] No. 4 Art. 14", "最高人民法院法释〔2025〕4号第十四条"),
        from: PREPAID_2025, to: None, reliability: Verified,
        meaning: ("the consumer may ask for the prepaid principal back within 7 days of payment",
                  "消费者自付款之日起七日内请求返还预付款本金"),
    },
    /// Prepaid consumption Art. 16: days in the year for interest (not fixed by the text).
    InterestDayBasis = "prepaid_2025_16_day_basis" {
        value: int(365), unit: Days,
        source: ("SPC Fa Shi [2025] No. 4 Art. 16 (day count: practice)", "最高人民法院法释〔2025〕4号第十六条（计息天数：惯例）"),
        from: PREPAID_2025, to: None, reliability: Unverified,
        meaning: ("annual interest is pro-rated by days ÷ 365 (the text does not say; courts commonly use 365)",
                  "年利率按日折算：天数÷365（条文未规定，实务常用365）"),
    },
}

/// The table rendered as a Markdown table, as committed in `docs/compensation.md` between
/// the `statutory-table` markers.
pub fn table_markdown() -> String {
    let mut out = String::from(
        "| parameter | value | unit | source | in force | reliability | meaning |\n|---|---|---|---|---|---|---|\n",
    );
    for p in TABLE {
        let to = p.valid_to.map_or_else(String::new, |d| d.to_string());
        out.push_str(&format!(
            "| `{}` | {} | {:?} | {} | {} – {} | {} | {} |\n",
            p.id.code(),
            p.value,
            p.unit,
            p.source_en,
            p.valid_from,
            to,
            p.reliability.mark(),
            p.meaning_en
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_are_in_enum_order_with_real_dates() {
        assert_eq!(TABLE.len(), ParamId::ALL.len());
        for (row, id) in TABLE.iter().zip(ParamId::ALL) {
            assert_eq!(row.id, *id);
            assert_eq!(id.parameter().id, *id);
            assert_ne!(row.valid_from, NaiveDate::MIN, "{}", id.code());
            if let Some(to) = row.valid_to {
                assert!(to > row.valid_from, "{}", id.code());
            }
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<&str> = ParamId::ALL.iter().map(|p| p.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ParamId::ALL.len());
    }

    #[test]
    fn statutory_values_are_the_reference_values() {
        assert_eq!(
            ParamId::CrplFraudMultiplier.parameter().value,
            Decimal::from(3)
        );
        assert_eq!(
            ParamId::CrplFraudMinimum.parameter().value,
            Decimal::from(500)
        );
        assert_eq!(ParamId::FslMinimum.parameter().value, Decimal::from(1000));
        assert_eq!(
            ParamId::CarUseCoefficientMax.parameter().value.to_string(),
            "0.005"
        );
        assert_eq!(
            ParamId::Crpl1993FraudMultiplier.parameter().valid_to,
            Some(date(2014, 3, 14))
        );
        assert_eq!(
            ParamId::Fsl2009PriceMultiplier.parameter().valid_to,
            Some(date(2015, 9, 30))
        );
    }

    #[test]
    fn in_force_boundaries() {
        let p = ParamId::Crpl1993FraudMultiplier.parameter();
        assert!(p.in_force_on(date(2014, 3, 14)));
        assert!(!p.in_force_on(date(2014, 3, 15)));
        let q = ParamId::CrplFraudMultiplier.parameter();
        assert!(!q.in_force_on(date(2014, 3, 14)));
        assert!(q.in_force_on(date(2014, 3, 15)));
    }
}
