//! The one table of statutory numbers: every multiplier, minimum, time limit and threshold the
//! engine uses, each with the citations it rests on (structured, from the registry of
//! `weiquan-law`), the dates it was in force and how reliable the reference is. Traces name
//! the parameter they used, so a reader can check each number against this table (rendered
//! in `docs/compensation.md`).
//!
//! A parameter's dates are those of the instrument it cites, read from the registry
//! ([`dates`]), and a test checks every row against its citations
//! ([`Citation::check_dates`]): a number cannot apply before the text that states it was in
//! force, nor outlive it. Its reliability is that of its weakest citation.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use weiquan_law::{Citation, Reliability};

use crate::text::{Values, render};

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
    /// Years of age, completed (Civil Code Arts. 201–202: N years old from the day after the
    /// N-th birthday).
    Years,
}

/// One statutory number with the citations it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parameter {
    /// Stable identifier, used in traces and policy overrides.
    pub id: ParamId,
    /// The value.
    pub value: Decimal,
    /// What the value counts.
    pub unit: Unit,
    /// The articles that state it (some rows rest on two, e.g. SAMR Order No. 43 Art. 20 and
    /// Art. 23), each with its own reliability mark and note.
    pub sources: &'static [Citation<'static>],
    /// First day in force (facts dated on or after it): the cited text's first day.
    pub valid_from: NaiveDate,
    /// Last day in force, when it was replaced.
    pub valid_to: Option<NaiveDate>,
    /// What the number means, in English, as a template: the numbers it states are written
    /// `{parameter_code}` and filled in with the values in force ([`Parameter::meaning_en`]).
    pub meaning_en_template: &'static str,
    /// The same in Chinese.
    pub meaning_zh_template: &'static str,
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

    /// How reliable the reference is for this number: its weakest citation's mark (a number
    /// is only as sure as the least sure text it rests on).
    pub fn reliability(&self) -> Reliability {
        self.sources
            .iter()
            .map(Citation::reliability)
            .fold(Reliability::Verified, Reliability::weakest)
    }

    /// What the number means, in English, with the table's values.
    pub fn meaning_en(&self) -> Cow<'static, str> {
        render(self.meaning_en_template, Values::TABLE)
    }

    /// What the number means, in Chinese, with the table's values.
    pub fn meaning_zh(&self) -> Cow<'static, str> {
        render(self.meaning_zh_template, Values::TABLE)
    }

    /// The citations in English, each with its mark: `CRPL (2013 amendment), Art. 55, para. 1
    /// [V]`; several are joined by `; `.
    pub fn sources_en(&self) -> String {
        join(self.sources, |c| c.to_string())
    }

    /// The JSON form under the values in force: the value applied (with the table's value as
    /// `statutory_value` when a policy replaced it), and the meaning stating those values.
    pub(crate) fn serialize_with<S: Serializer>(
        &self,
        values: Values<'_>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let applied = values.value(self.id);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("value", &applied)?;
        if applied != self.value {
            m.serialize_entry("statutory_value", &self.value)?;
        }
        m.serialize_entry("unit", &self.unit)?;
        m.serialize_entry("sources", &crate::cited::Cites::Param(self.id))?;
        m.serialize_entry("valid_from", &self.valid_from)?;
        m.serialize_entry("valid_to", &self.valid_to)?;
        m.serialize_entry("reliability", &self.reliability())?;
        let (en, zh) = crate::cited::meaning(self.id, values);
        m.serialize_entry("meaning_en", &en)?;
        m.serialize_entry("meaning_zh", &zh)?;
        m.end()
    }
}

impl Serialize for Parameter {
    /// `{id, value, unit, sources: [citation], valid_from, valid_to, reliability,
    /// meaning_en, meaning_zh}` with the table's values.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_with(Values::TABLE, s)
    }
}

/// Citations joined by `; `.
pub(crate) fn join(cites: &[Citation<'_>], f: impl Fn(&Citation<'_>) -> String) -> String {
    cites.iter().map(f).collect::<Vec<_>>().join("; ")
}

const fn int(n: u32) -> Decimal {
    Decimal::from_parts(n, 0, 0, false, 0)
}

const fn frac(n: u32, scale: u32) -> Decimal {
    Decimal::from_parts(n, 0, 0, false, scale)
}

/// The days instruments took effect, read from the registry of `weiquan-law` (not a second
/// copy): the registry's `in_force_from` of the version or the instrument. A day the registry
/// does not know reads as `NaiveDate::MIN`, which the table's tests rule out.
pub mod dates {
    use std::borrow::Cow;

    use chrono::NaiveDate;
    use weiquan_law::{Instrument, Version, instruments as law};

    /// The first day in force of `instrument`'s version `year` (or of the instrument when
    /// `year` is `None`).
    const fn first_day(instrument: &Instrument, year: Option<u16>) -> NaiveDate {
        let Some(year) = year else {
            return or_min(instrument.in_force_from);
        };
        let mut rest: &[Version] = match &instrument.versions {
            Cow::Borrowed(v) => v,
            // Only loaded instruments own their versions; the registry's statics borrow them.
            Cow::Owned(_) => &[],
        };
        while let [v, tail @ ..] = rest {
            if v.year == year {
                return or_min(v.in_force_from);
            }
            rest = tail;
        }
        NaiveDate::MIN
    }

    const fn or_min(d: Option<NaiveDate>) -> NaiveDate {
        match d {
            Some(d) => d,
            None => NaiveDate::MIN,
        }
    }

    /// The 1993 CRPL took effect.
    pub const CRPL_1993: NaiveDate = first_day(&law::CRPL, Some(1993));
    /// The 2013 amendment of the CRPL took effect.
    pub const CRPL_2013: NaiveDate = first_day(&law::CRPL, Some(2013));
    /// The 2009 Food Safety Law took effect.
    pub const FSL_2009: NaiveDate = first_day(&law::FOOD_SAFETY_LAW, Some(2009));
    /// The 2015 revision of the Food Safety Law took effect.
    pub const FSL_2015: NaiveDate = first_day(&law::FOOD_SAFETY_LAW, Some(2015));
    /// The 2019 revision of the Drug Administration Law took effect.
    pub const DAL_2019: NaiveDate = first_day(&law::DRUG_ADMINISTRATION_LAW, Some(2019));
    /// The Tourism Law took effect.
    pub const TOURISM_2013: NaiveDate = first_day(&law::TOURISM_LAW, None);
    /// The 1995 general 三包 rules (国经贸质〔1995〕458号); the registry takes the issue day,
    /// which the reference does not confirm.
    pub const SANBAO_1995: NaiveDate = first_day(&law::SANBAO_1995, None);
    /// SAMR Order No. 43 (family cars) took effect.
    pub const CAR_2021: NaiveDate = first_day(&law::SAMR_ORDER_43, None);
    /// SPC Fa Shi \[2025\] No. 4 (prepaid consumption) took effect.
    pub const PREPAID_2025: NaiveDate = first_day(&law::SPC_PREPAID_2025, None);
    /// SPC Fa Shi \[2024\] No. 9 (food and drug punitive damages) took effect.
    pub const SPC_FOOD_2024: NaiveDate = first_day(&law::SPC_FOOD_DRUG_PUNITIVE_2024, None);
    /// The Civil Code took effect (its capacity rules restate the 2017 General Provisions).
    pub const CIVIL_CODE: NaiveDate = first_day(&law::CIVIL_CODE, None);

    /// The day before `d` (for `valid_to`).
    pub(crate) const fn day_before(d: NaiveDate) -> NaiveDate {
        match d.pred_opt() {
            Some(p) => p,
            None => NaiveDate::MIN,
        }
    }
}

/// The citations the table and the rule catalogue rest on, built from the registry of
/// `weiquan-law`: one constant per article (or paragraph, or item) cited, so that a rule and
/// the numbers it states cite the same thing.
pub mod cite {
    use weiquan_law::instruments::{
        CIVIL_CODE, CRPL, DRUG_ADMINISTRATION_LAW, FOOD_SAFETY_LAW, SAMR_ORDER_43, SANBAO_1995,
        SPC_FOOD_DRUG_PUNITIVE_2024, SPC_PREPAID_2025, TOURISM_LAW,
    };
    use weiquan_law::{Citation, Reliability};

    type C = Citation<'static>;

    /// CRPL (1993 text) Art. 49: fraud, 1 × the price.
    pub const CRPL_1993_49: C = Citation::of(&CRPL).in_version(1993).art(49);
    /// CRPL (2013 amendment) Art. 24: return, replacement, repair.
    pub const CRPL_2013_24: C = Citation::of(&CRPL).in_version(2013).art(24);
    /// CRPL (2013 amendment) Art. 25: the no-reason return of distance sales.
    pub const CRPL_2013_25: C = Citation::of(&CRPL).in_version(2013).art(25);
    /// CRPL (2013 amendment) Art. 25 para. 1: the 7 days, counted from the day after
    /// sign-off.
    pub const CRPL_2013_25_1: C = CRPL_2013_25.para(1).noted(
        "the 7 days run from the day after sign-off, as Civil Code Art. 201 counts and the \
         2017 online measures (SAIC Order No. 90, secondary sources only) say",
        "七日自签收商品次日起算，与民法典第二百零一条的计算方法一致，见《网络购买商品七日无理由退货\
         暂行办法》（仅核对转载）",
    );
    /// CRPL (2013 amendment) Art. 25 para. 3: the refund deadline.
    pub const CRPL_2013_25_3: C = CRPL_2013_25.para(3);
    /// CRPL (2013 amendment) Art. 55 para. 1: fraud.
    pub const CRPL_2013_55_1: C = Citation::of(&CRPL).in_version(2013).art(55).para(1);
    /// CRPL (2013 amendment) Art. 55 para. 2: knowingly defective, death or serious harm.
    pub const CRPL_2013_55_2: C = Citation::of(&CRPL).in_version(2013).art(55).para(2);
    /// The CRPL as a whole, for compensation of losses, which every version grants (the
    /// article numbers changed in 2013).
    pub const CRPL_LOSSES: C = Citation::of(&CRPL).noted(
        "compensation of losses: 2013 text Art. 49 (personal injury) and Art. 52 (property); \
         for food also Food Safety Law Art. 148 para. 1",
        "赔偿损失：2013年修正文本第四十九条（人身伤害）、第五十二条（财产损害）；食品另见食品安全法\
         第一百四十八条第一款",
    );
    /// Food Safety Law (2009 text) Art. 96 para. 2: 10 × the price; its wording is unverified.
    pub const FSL_2009_96_2: C = Citation::of(&FOOD_SAFETY_LAW)
        .in_version(2009)
        .art(96)
        .para(2)
        .marked(Reliability::Unverified);
    /// Food Safety Law (2015 revision) Art. 148 para. 2.
    pub const FSL_2015_148_2: C = Citation::of(&FOOD_SAFETY_LAW)
        .in_version(2015)
        .art(148)
        .para(2);
    /// SPC Fa Shi \[2024\] No. 9 (food and drug punitive damages), applied to cases not
    /// finally decided on 2024-08-22 whatever the date of the facts.
    pub const SPC_FOOD_2024: C = Citation::of(&SPC_FOOD_DRUG_PUNITIVE_2024).noted(
        "applies to cases not finally decided on 2024-08-22",
        "适用于2024年8月22日尚未终审的案件",
    );
    /// Drug Administration Law (2019 revision) Art. 144 para. 3.
    pub const DAL_2019_144_3: C = Citation::of(&DRUG_ADMINISTRATION_LAW)
        .in_version(2019)
        .art(144)
        .para(3);
    /// Tourism Law Art. 70 para. 1 (its amendments did not change it).
    pub const TOURISM_70_1: C = Citation::of(&TOURISM_LAW).art(70).para(1);
    /// General 三包 rules Art. 9.
    pub const SANBAO_9: C = Citation::of(&SANBAO_1995).art(9);
    /// General 三包 rules Art. 10.
    pub const SANBAO_10: C = Citation::of(&SANBAO_1995).art(10);
    /// General 三包 rules Art. 11.
    pub const SANBAO_11: C = Citation::of(&SANBAO_1995).art(11);
    /// General 三包 rules Art. 13 (depreciation on return).
    pub const SANBAO_13: C = Citation::of(&SANBAO_1995).art(13);
    /// SAMR Order No. 43 Art. 18: warranty and repair-warranty periods.
    pub const CAR_18: C = Citation::of(&SAMR_ORDER_43).art(18);
    /// SAMR Order No. 43 Art. 19: free repair.
    pub const CAR_19: C = Citation::of(&SAMR_ORDER_43).art(19);
    /// SAMR Order No. 43 Art. 20: the main parts of a major assembly.
    pub const CAR_20: C = Citation::of(&SAMR_ORDER_43).art(20);
    /// SAMR Order No. 43 Art. 21: courtesy car.
    pub const CAR_21: C = Citation::of(&SAMR_ORDER_43).art(21);
    /// SAMR Order No. 43 Art. 22: the first 7 days.
    pub const CAR_22: C = Citation::of(&SAMR_ORDER_43).art(22);
    /// SAMR Order No. 43 Art. 23: the first 60 days or 3,000 km.
    pub const CAR_23: C = Citation::of(&SAMR_ORDER_43).art(23);
    /// SAMR Order No. 43 Art. 24: replacement or return in the warranty period.
    pub const CAR_24: C = Citation::of(&SAMR_ORDER_43).art(24);
    /// SAMR Order No. 43 Art. 24 item (1): a serious safety fault repaired twice.
    pub const CAR_24_1: C = CAR_24.item(1);
    /// SAMR Order No. 43 Art. 24 item (2): a major assembly replaced twice.
    pub const CAR_24_2: C = CAR_24.item(2);
    /// SAMR Order No. 43 Art. 24 item (3): the same main part replaced twice.
    pub const CAR_24_3: C = CAR_24.item(3);
    /// SAMR Order No. 43 Art. 24 item (4): repair time and repeated repairs.
    pub const CAR_24_4: C = CAR_24.item(4);
    /// SAMR Order No. 43 Art. 27: the use-compensation fee.
    pub const CAR_27: C = Citation::of(&SAMR_ORDER_43).art(27);
    /// SAMR Order No. 43 Art. 28: the seller's working-day deadlines.
    pub const CAR_28: C = Citation::of(&SAMR_ORDER_43).art(28);
    /// SPC Fa Shi \[2025\] No. 4 Art. 14: the cooling-off.
    pub const PREPAID_14: C = Citation::of(&SPC_PREPAID_2025).art(14);
    /// SPC Fa Shi \[2025\] No. 4 Art. 15.
    pub const PREPAID_15: C = Citation::of(&SPC_PREPAID_2025).art(15);
    /// SPC Fa Shi \[2025\] No. 4 Art. 16: interest.
    pub const PREPAID_16: C = Citation::of(&SPC_PREPAID_2025).art(16);
    /// SPC Fa Shi \[2025\] No. 4 Art. 16 for the day count of interest, which the text does
    /// not fix: practice, unverified.
    pub const PREPAID_16_DAY_COUNT: C = PREPAID_16
        .marked(Reliability::Unverified)
        .noted("day count: practice", "计息天数：惯例");
    /// SPC Fa Shi \[2025\] No. 4 Art. 17.
    pub const PREPAID_17: C = Citation::of(&SPC_PREPAID_2025).art(17);
    /// SPC Fa Shi \[2025\] No. 4 Art. 18.
    pub const PREPAID_18: C = Citation::of(&SPC_PREPAID_2025).art(18);
    /// SPC Fa Shi \[2025\] No. 4 Art. 19.
    pub const PREPAID_19: C = Citation::of(&SPC_PREPAID_2025).art(19);
    /// SPC Fa Shi \[2025\] No. 4 Art. 20.
    pub const PREPAID_20: C = Citation::of(&SPC_PREPAID_2025).art(20);
    /// SPC Fa Shi \[2025\] No. 4 Art. 22: unlimited-use contracts.
    pub const PREPAID_22: C = Citation::of(&SPC_PREPAID_2025).art(22);
    /// Civil Code Art. 17: adults are 18 or over.
    pub const CIVIL_17: C = Citation::of(&CIVIL_CODE).art(17);
    /// Civil Code Art. 18 para. 2: a minor of 16 or over living mainly on their own labour
    /// income is deemed to have full capacity.
    pub const CIVIL_18_2: C = Citation::of(&CIVIL_CODE).art(18).para(2);
    /// Civil Code Art. 19: a minor of 8 or over has limited capacity: acts not appropriate
    /// to their age and intelligence need the guardian's consent or ratification.
    pub const CIVIL_19: C = Citation::of(&CIVIL_CODE).art(19);
    /// Civil Code Art. 20: a minor under 8 has no capacity; the guardian acts for them.
    pub const CIVIL_20: C = Citation::of(&CIVIL_CODE).art(20);
    /// Civil Code Art. 144: acts of a person without capacity are void.
    pub const CIVIL_144: C = Citation::of(&CIVIL_CODE).art(144);
    /// Civil Code Art. 145 para. 1: such acts of a person with limited capacity are valid
    /// once the guardian ratifies them.
    pub const CIVIL_145: C = Citation::of(&CIVIL_CODE).art(145).para(1);
    /// Civil Code Art. 157: what was received under a void or unratified act is returned.
    pub const CIVIL_157: C = Citation::of(&CIVIL_CODE).art(157);
}

macro_rules! statute_table {
    ($(
        $(#[$doc:meta])*
        $id:ident = $code:literal {
            value: $value:expr, unit: $unit:ident,
            sources: [$($src:ident),+ $(,)?],
            from: $from:expr, to: $to:expr,
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
                    sources: &[$(cite::$src),+],
                    valid_from: $from,
                    valid_to: $to,
                    meaning_en_template: $men,
                    meaning_zh_template: $mzh,
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

impl ParamId {
    /// The parameter with this code, e.g. `sanbao_1995_9_days`.
    pub fn from_code(code: &str) -> Option<ParamId> {
        ParamId::ALL.iter().copied().find(|p| p.code() == code)
    }
}

use dates::*;

statute_table! {
    /// 1993 CRPL Art. 49: fraud, additional compensation of 1 × the price.
    Crpl1993FraudMultiplier = "crpl_1993_49_multiplier" {
        value: int(1), unit: Times,
        sources: [CRPL_1993_49],
        from: CRPL_1993, to: Some(day_before(CRPL_2013)),
        meaning: ("fraud: additional compensation = {crpl_1993_49_multiplier} × the price or fee, no minimum",
                  "欺诈：增加赔偿额为价款或费用的{crpl_1993_49_multiplier:zh}倍，无最低额"),
    },
    /// CRPL 2013 Art. 55(1): fraud, 3 × the price or fee.
    CrplFraudMultiplier = "crpl_2013_55_1_multiplier" {
        value: int(3), unit: Times,
        sources: [CRPL_2013_55_1],
        from: CRPL_2013, to: None,
        meaning: ("fraud: additional compensation = {crpl_2013_55_1_multiplier} × the price of the goods or the service fee",
                  "欺诈：增加赔偿额为商品价款或服务费用的{crpl_2013_55_1_multiplier:zh}倍"),
    },
    /// CRPL 2013 Art. 55(1): fraud, minimum 500 yuan.
    CrplFraudMinimum = "crpl_2013_55_1_minimum" {
        value: int(500), unit: Yuan,
        sources: [CRPL_2013_55_1],
        from: CRPL_2013, to: None,
        meaning: ("fraud: an increase below {crpl_2013_55_1_minimum:,} yuan is raised to {crpl_2013_55_1_minimum:,} yuan",
                  "增加赔偿的金额不足{crpl_2013_55_1_minimum:zh}元的，为{crpl_2013_55_1_minimum:zh}元"),
    },
    /// CRPL 2013 Art. 55(2): punitive damages up to 2 × the losses.
    CrplDefectHarmMaxMultiplier = "crpl_2013_55_2_max_multiplier" {
        value: int(2), unit: Times,
        sources: [CRPL_2013_55_2],
        from: CRPL_2013, to: None,
        meaning: ("knowingly defective goods or services causing death or serious harm: punitive damages up to {crpl_2013_55_2_max_multiplier} × the losses",
                  "明知缺陷造成死亡或健康严重损害：所受损失{crpl_2013_55_2_max_multiplier:zh}倍以下的惩罚性赔偿"),
    },
    /// Food Safety Law 2009 Art. 96(2): 10 × the price.
    Fsl2009PriceMultiplier = "fsl_2009_96_multiplier" {
        value: int(10), unit: Times,
        sources: [FSL_2009_96_2],
        from: FSL_2009, to: Some(day_before(FSL_2015)),
        meaning: ("non-compliant food: {fsl_2009_96_multiplier} × the price, no losses option, no minimum",
                  "不符合食品安全标准的食品：价款{fsl_2009_96_multiplier:zh}倍，无损失倍数选项，无最低额"),
    },
    /// Food Safety Law 2015 Art. 148(2): 10 × the price.
    FslPriceMultiplier = "fsl_2015_148_2_price_multiplier" {
        value: int(10), unit: Times,
        sources: [FSL_2015_148_2],
        from: FSL_2015, to: None,
        meaning: ("non-compliant food: {fsl_2015_148_2_price_multiplier} × the price paid",
                  "不符合食品安全标准的食品：价款{fsl_2015_148_2_price_multiplier:zh}倍"),
    },
    /// Food Safety Law 2015 Art. 148(2): 3 × the losses.
    FslLossMultiplier = "fsl_2015_148_2_loss_multiplier" {
        value: int(3), unit: Times,
        sources: [FSL_2015_148_2],
        from: FSL_2015, to: None,
        meaning: ("non-compliant food: or {fsl_2015_148_2_loss_multiplier} × the losses, as the consumer elects",
                  "或者损失{fsl_2015_148_2_loss_multiplier:zh}倍，由消费者选择"),
    },
    /// Food Safety Law 2015 Art. 148(2): minimum 1,000 yuan.
    FslMinimum = "fsl_2015_148_2_minimum" {
        value: int(1000), unit: Yuan,
        sources: [FSL_2015_148_2],
        from: FSL_2015, to: None,
        meaning: ("an increase below {fsl_2015_148_2_minimum:,} yuan is raised to {fsl_2015_148_2_minimum:,} yuan",
                  "增加赔偿的金额不足{fsl_2015_148_2_minimum:zh}元的，为{fsl_2015_148_2_minimum:zh}元"),
    },
    /// Drug Administration Law 2019 Art. 144(3): 10 × the price.
    DalPriceMultiplier = "dal_2019_144_3_price_multiplier" {
        value: int(10), unit: Times,
        sources: [DAL_2019_144_3],
        from: DAL_2019, to: None,
        meaning: ("counterfeit or substandard drug: {dal_2019_144_3_price_multiplier} × the price paid",
                  "假药、劣药：价款{dal_2019_144_3_price_multiplier:zh}倍"),
    },
    /// Drug Administration Law 2019 Art. 144(3): 3 × the losses.
    DalLossMultiplier = "dal_2019_144_3_loss_multiplier" {
        value: int(3), unit: Times,
        sources: [DAL_2019_144_3],
        from: DAL_2019, to: None,
        meaning: ("counterfeit or substandard drug: or {dal_2019_144_3_loss_multiplier} × the losses",
                  "或者损失{dal_2019_144_3_loss_multiplier:zh}倍"),
    },
    /// Drug Administration Law 2019 Art. 144(3): minimum 1,000 yuan.
    DalMinimum = "dal_2019_144_3_minimum" {
        value: int(1000), unit: Yuan,
        sources: [DAL_2019_144_3],
        from: DAL_2019, to: None,
        meaning: ("an increase below {dal_2019_144_3_minimum:,} yuan is raised to {dal_2019_144_3_minimum:,} yuan",
                  "增加赔偿的金额不足{dal_2019_144_3_minimum:zh}元的，为{dal_2019_144_3_minimum:zh}元"),
    },
    /// Tourism Law Art. 70(1): at least 1 × the tour fee.
    TourismMinMultiplier = "tourism_70_min_multiplier" {
        value: int(1), unit: Times,
        sources: [TOURISM_70_1],
        from: TOURISM_2013, to: None,
        meaning: ("refusal to perform causing serious consequences: from {tourism_70_min_multiplier} × the tour fee",
                  "拒绝履行造成严重后果：旅游费用{tourism_70_min_multiplier:zh}倍以上"),
    },
    /// Tourism Law Art. 70(1): at most 3 × the tour fee.
    TourismMaxMultiplier = "tourism_70_max_multiplier" {
        value: int(3), unit: Times,
        sources: [TOURISM_70_1],
        from: TOURISM_2013, to: None,
        meaning: ("up to {tourism_70_max_multiplier} × the tour fee", "旅游费用{tourism_70_max_multiplier:zh}倍以下"),
    },
    /// CRPL 2013 Art. 24: return within 7 days of receipt.
    CrplQualityReturnDays = "crpl_2013_24_return_days" {
        value: int(7), unit: Days,
        sources: [CRPL_2013_24],
        from: CRPL_2013, to: None,
        meaning: ("goods short of quality, no state rule or agreement: return within {crpl_2013_24_return_days} days of receipt",
                  "没有国家规定和当事人约定的，可以自收到商品之日起{crpl_2013_24_return_days:zh}日内退货"),
    },
    /// CRPL 2013 Art. 25(1): no-reason return within 7 days of receipt.
    CrplNoReasonDays = "crpl_2013_25_return_days" {
        value: int(7), unit: Days,
        sources: [CRPL_2013_25_1],
        from: CRPL_2013, to: None,
        meaning: ("distance sale: return without reason within {crpl_2013_25_return_days} days of receipt, counted from the day after",
                  "远程购物：自收到商品之日起{crpl_2013_25_return_days:zh}日内无理由退货（次日起算）"),
    },
    /// CRPL 2013 Art. 25(3): refund within 7 days of receiving the returned goods.
    CrplNoReasonRefundDays = "crpl_2013_25_refund_days" {
        value: int(7), unit: Days,
        sources: [CRPL_2013_25_3],
        from: CRPL_2013, to: None,
        meaning: ("the operator refunds within {crpl_2013_25_refund_days} days of receiving the returned goods",
                  "经营者应当自收到退回商品之日起{crpl_2013_25_refund_days:zh}日内返还价款"),
    },
    /// General 三包 rules Art. 9: return, replace or repair within 7 days of sale.
    SanbaoReturnDays = "sanbao_1995_9_days" {
        value: int(7), unit: Days,
        sources: [SANBAO_9],
        from: SANBAO_1995, to: None,
        meaning: ("performance fault within {sanbao_1995_9_days} days of sale: return, replacement or repair",
                  "售出之日起{sanbao_1995_9_days}日内出现性能故障：退货、换货或修理"),
    },
    /// General 三包 rules Art. 10: replace or repair within 15 days of sale.
    SanbaoReplaceDays = "sanbao_1995_10_days" {
        value: int(15), unit: Days,
        sources: [SANBAO_10],
        from: SANBAO_1995, to: None,
        meaning: ("performance fault within {sanbao_1995_10_days} days of sale: replacement or repair",
                  "售出之日起{sanbao_1995_10_days}日内出现性能故障：换货或修理"),
    },
    /// General 三包 rules Art. 11: two repairs in the warranty period.
    SanbaoRepairsBeforeReplacement = "sanbao_1995_11_repairs" {
        value: int(2), unit: Count,
        sources: [SANBAO_11],
        from: SANBAO_1995, to: None,
        meaning: ("repaired {sanbao_1995_11_repairs} times in the warranty period and still faulty: free replacement or return",
                  "三包有效期内修理{sanbao_1995_11_repairs}次仍不能正常使用：免费换货或退货"),
    },
    /// Family cars Art. 22: first 7 days.
    CarReturnDays = "car_2021_22_days" {
        value: int(7), unit: Days,
        sources: [CAR_22],
        from: CAR_2021, to: None,
        meaning: ("first {car_2021_22_days} days: engine, transmission, traction battery or drive motor (or a main part) to be replaced: free replacement or return",
                  "{car_2021_22_days}日内发动机、变速器、动力蓄电池、行驶驱动电机或其主要零部件需更换：免费换车或退车"),
    },
    /// Family cars Art. 20 and Art. 23: first 60 days.
    CarEarlyDays = "car_2021_23_days" {
        value: int(60), unit: Days,
        sources: [CAR_20, CAR_23],
        from: CAR_2021, to: None,
        meaning: ("first {car_2021_23_days} days (or {car_2021_23_km:,} km, whichever first)",
                  "{car_2021_23_days}日或者行驶里程{car_2021_23_km}公里之内（以先到者为准）"),
    },
    /// Family cars Art. 20 and Art. 23: first 3,000 km.
    CarEarlyKm = "car_2021_23_km" {
        value: int(3000), unit: Km,
        sources: [CAR_20, CAR_23],
        from: CAR_2021, to: None,
        meaning: ("first {car_2021_23_km:,} km (or {car_2021_23_days} days, whichever first)",
                  "行驶里程{car_2021_23_km}公里或者{car_2021_23_days}日之内（以先到者为准）"),
    },
    /// Family cars Art. 18: warranty period of 2 years.
    CarWarrantyMonths = "car_2021_18_warranty_months" {
        value: int(24), unit: Months,
        sources: [CAR_18],
        from: CAR_2021, to: None,
        meaning: ("三包 warranty period: at least {car_2021_18_warranty_months:years} years (or {car_2021_18_warranty_km:,} km)",
                  "三包有效期不低于{car_2021_18_warranty_months:years}年或者行驶里程{car_2021_18_warranty_km}公里"),
    },
    /// Family cars Art. 18: warranty period of 50,000 km.
    CarWarrantyKm = "car_2021_18_warranty_km" {
        value: int(50000), unit: Km,
        sources: [CAR_18],
        from: CAR_2021, to: None,
        meaning: ("三包 warranty period: at least {car_2021_18_warranty_km:,} km (or {car_2021_18_warranty_months:years} years)",
                  "三包有效期不低于行驶里程{car_2021_18_warranty_km}公里或者{car_2021_18_warranty_months:years}年"),
    },
    /// Family cars Art. 18: repair-warranty period of 3 years.
    CarRepairWarrantyMonths = "car_2021_18_repair_months" {
        value: int(36), unit: Months,
        sources: [CAR_18],
        from: CAR_2021, to: None,
        meaning: ("repair-warranty period: at least {car_2021_18_repair_months:years} years (or {car_2021_18_repair_km:,} km)",
                  "包修期不低于{car_2021_18_repair_months:years}年或者行驶里程{car_2021_18_repair_km}公里"),
    },
    /// Family cars Art. 18: repair-warranty period of 60,000 km.
    CarRepairWarrantyKm = "car_2021_18_repair_km" {
        value: int(60000), unit: Km,
        sources: [CAR_18],
        from: CAR_2021, to: None,
        meaning: ("repair-warranty period: at least {car_2021_18_repair_km:,} km (or {car_2021_18_repair_months:years} years)",
                  "包修期不低于行驶里程{car_2021_18_repair_km}公里或者{car_2021_18_repair_months:years}年"),
    },
    /// Family cars Art. 21: courtesy car from the 6th day of one repair.
    CarCourtesyAfterDays = "car_2021_21_days" {
        value: int(5), unit: Days,
        sources: [CAR_21],
        from: CAR_2021, to: None,
        meaning: ("one repair over {car_2021_21_days} days: courtesy car or transport compensation from day {car_2021_21_days:next}",
                  "一次修理超过{car_2021_21_days}日的，自第{car_2021_21_days:next}日起提供备用车或者交通费用补偿"),
    },
    /// Family cars Art. 24(1): a serious safety fault repaired twice.
    CarSafetyRepairs = "car_2021_24_1_repairs" {
        value: int(2), unit: Count,
        sources: [CAR_24_1],
        from: CAR_2021, to: None,
        meaning: ("a serious safety fault repaired {car_2021_24_1_repairs} times and not cured, or a new one",
                  "严重安全性能故障累计进行{car_2021_24_1_repairs}次修理仍未排除或者又出现新的严重安全性能故障"),
    },
    /// Family cars Art. 24(2): a major assembly replaced twice.
    CarAssemblyReplacements = "car_2021_24_2_replacements" {
        value: int(2), unit: Count,
        sources: [CAR_24_2],
        from: CAR_2021, to: None,
        meaning: ("engine, transmission, traction battery or drive motor replaced {car_2021_24_2_replacements} times, still abnormal",
                  "发动机、变速器、动力蓄电池、行驶驱动电机累计更换{car_2021_24_2_replacements}次后仍不能正常使用"),
    },
    /// Family cars Art. 24(3): the same main part replaced twice.
    CarMainPartReplacements = "car_2021_24_3_replacements" {
        value: int(2), unit: Count,
        sources: [CAR_24_3],
        from: CAR_2021, to: None,
        meaning: ("the same main part replaced {car_2021_24_3_replacements} times, still abnormal",
                  "同一主要零部件累计更换{car_2021_24_3_replacements}次后仍不能正常使用"),
    },
    /// Family cars Art. 24(4): total repair time over 30 days.
    CarTotalRepairDays = "car_2021_24_4_days" {
        value: int(30), unit: Days,
        sources: [CAR_24_4],
        from: CAR_2021, to: None,
        meaning: ("total repair time over {car_2021_24_4_days} days", "因质量问题累计修理时间超过{car_2021_24_4_days}日"),
    },
    /// Family cars Art. 24(4): the same problem repaired more than 4 times.
    CarSameProblemRepairs = "car_2021_24_4_repairs" {
        value: int(4), unit: Count,
        sources: [CAR_24_4],
        from: CAR_2021, to: None,
        meaning: ("the same quality problem repaired more than {car_2021_24_4_repairs} times",
                  "因同一质量问题累计修理超过{car_2021_24_4_repairs}次"),
    },
    /// Family cars Art. 27: use-compensation coefficient at most 0.5 %.
    CarUseCoefficientMax = "car_2021_27_coefficient_max" {
        value: frac(5, 3), unit: Rate,
        sources: [CAR_27],
        from: CAR_2021, to: None,
        meaning: ("use-compensation fee = price × km ÷ 1,000 × n, n from the certificate and at most {car_2021_27_coefficient_max:pct} %",
                  "使用补偿费 = 车价款 × 行驶里程 ÷ 1000 × n，n由三包凭证载明，不得高于{car_2021_27_coefficient_max:pct}%"),
    },
    /// Family cars Art. 28: the seller answers within 10 working days.
    CarAnswerWorkingDays = "car_2021_28_answer_days" {
        value: int(10), unit: WorkingDays,
        sources: [CAR_28],
        from: CAR_2021, to: None,
        meaning: ("the seller answers a replacement or return request within {car_2021_28_answer_days} working days",
                  "销售者应当自消费者要求换车、退车之日起{car_2021_28_answer_days}个工作日内作出答复"),
    },
    /// Family cars Art. 28: replacement or return completed within 20 working days.
    CarCompleteWorkingDays = "car_2021_28_complete_days" {
        value: int(20), unit: WorkingDays,
        sources: [CAR_28],
        from: CAR_2021, to: None,
        meaning: ("the replacement or return is completed within {car_2021_28_complete_days} working days of the request",
                  "自消费者要求之日起{car_2021_28_complete_days}个工作日内完成换车、退车"),
    },
    /// Prepaid consumption Art. 14: 7-day cooling-off.
    PrepaidCoolingOffDays = "prepaid_2025_14_days" {
        value: int(7), unit: Days,
        sources: [PREPAID_14],
        from: PREPAID_2025, to: None,
        meaning: ("the consumer may ask for the prepaid principal back within {prepaid_2025_14_days} days of payment",
                  "消费者自付款之日起{prepaid_2025_14_days:zh}日内请求返还预付款本金"),
    },
    /// Civil Code Art. 17: the age of majority.
    AdultAge = "civil_2020_17_adult_age" {
        value: int(18), unit: Years,
        sources: [CIVIL_17],
        from: CIVIL_CODE, to: None,
        meaning: ("a person of {civil_2020_17_adult_age} or over is an adult with full capacity",
                  "{civil_2020_17_adult_age}周岁以上的自然人为成年人，具有完全民事行为能力"),
    },
    /// Civil Code Art. 18 para. 2: a self-supporting minor from 16.
    SelfSupportingAge = "civil_2020_18_age" {
        value: int(16), unit: Years,
        sources: [CIVIL_18_2],
        from: CIVIL_CODE, to: None,
        meaning: ("a minor of {civil_2020_18_age} or over living mainly on their own labour income is deemed to have full capacity",
                  "{civil_2020_18_age}周岁以上的未成年人，以自己的劳动收入为主要生活来源的，视为完全民事行为能力人"),
    },
    /// Civil Code Arts. 19–20: limited capacity from 8, none below.
    LimitedCapacityAge = "civil_2020_19_age" {
        value: int(8), unit: Years,
        sources: [CIVIL_19, CIVIL_20],
        from: CIVIL_CODE, to: None,
        meaning: ("a minor of {civil_2020_19_age} or over has limited capacity; under {civil_2020_19_age}, none",
                  "{civil_2020_19_age}周岁以上的未成年人为限制民事行为能力人；不满{civil_2020_19_age}周岁的为无民事行为能力人"),
    },
    /// Prepaid consumption Art. 16: days in the year for interest (not fixed by the text).
    InterestDayBasis = "prepaid_2025_16_day_basis" {
        value: int(365), unit: Days,
        sources: [PREPAID_16_DAY_COUNT],
        from: PREPAID_2025, to: None,
        meaning: ("annual interest is pro-rated by days ÷ {prepaid_2025_16_day_basis} (the text does not say; courts commonly use 365)",
                  "年利率按日折算：天数÷{prepaid_2025_16_day_basis}（条文未规定，实务常用365）"),
    },
}

/// The table rendered as a Markdown table, as committed in `docs/compensation.md` between
/// the `statutory-table` markers.
pub fn table_markdown() -> String {
    let mut out = String::from(
        "| parameter | value | unit | cited | in force | reliability | meaning |\n|---|---|---|---|---|---|---|\n",
    );
    for p in TABLE {
        let to = p.valid_to.map_or_else(String::new, |d| d.to_string());
        out.push_str(&format!(
            "| `{}` | {} | {:?} | {} | {} – {} | {} | {} |\n",
            p.id.code(),
            p.value,
            p.unit,
            join(p.sources, |c| c.to_string()),
            p.valid_from,
            to,
            p.reliability().bracketed(),
            p.meaning_en()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A date known at compile time, for the tests.
    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn table_rows_are_in_enum_order_with_real_dates() {
        assert_eq!(TABLE.len(), ParamId::ALL.len());
        for (row, id) in TABLE.iter().zip(ParamId::ALL) {
            assert_eq!(row.id, *id);
            assert_eq!(id.parameter().id, *id);
            assert_eq!(ParamId::from_code(id.code()), Some(*id));
            assert_ne!(row.valid_from, NaiveDate::MIN, "{}", id.code());
            assert!(!row.sources.is_empty(), "{} cites nothing", id.code());
            if let Some(to) = row.valid_to {
                assert!(to > row.valid_from, "{}", id.code());
            }
        }
        assert_eq!(ParamId::from_code("no_such_parameter"), None);
    }

    /// A number cannot apply before the text that states it was in force, nor outlive it.
    #[test]
    fn every_parameter_lies_within_the_dates_of_what_it_cites() {
        let mut mismatches = Vec::new();
        for p in TABLE {
            for c in p.sources {
                if let Err(e) = c.check_dates(p.valid_from, p.valid_to) {
                    mismatches.push(format!("{}: {e}", p.id.code()));
                }
            }
        }
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    }

    /// The dates are the registry's, not a copy: the known days of the instruments.
    #[test]
    fn dates_are_read_from_the_registry() {
        use weiquan_law::instruments as law;
        assert_eq!(CRPL_1993, date(1994, 1, 1));
        assert_eq!(CRPL_2013, date(2014, 3, 15));
        assert_eq!(FSL_2009, date(2009, 6, 1));
        assert_eq!(FSL_2015, date(2015, 10, 1));
        assert_eq!(DAL_2019, date(2019, 12, 1));
        assert_eq!(Some(TOURISM_2013), law::TOURISM_LAW.in_force_from);
        assert_eq!(Some(SANBAO_1995), law::SANBAO_1995.in_force_from);
        assert_eq!(Some(CAR_2021), law::SAMR_ORDER_43.in_force_from);
        assert_eq!(Some(PREPAID_2025), law::SPC_PREPAID_2025.in_force_from);
        assert_eq!(
            Some(SPC_FOOD_2024),
            law::SPC_FOOD_DRUG_PUNITIVE_2024.in_force_from
        );
        for d in [CRPL_1993, CRPL_2013, FSL_2009, FSL_2015, DAL_2019] {
            assert_ne!(d, NaiveDate::MIN);
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
    fn reliability_is_the_weakest_citation() {
        use Reliability::*;
        let r = |id: ParamId| id.parameter().reliability();
        assert_eq!(r(ParamId::CrplFraudMultiplier), Verified);
        assert_eq!(r(ParamId::Fsl2009PriceMultiplier), Unverified);
        assert_eq!(r(ParamId::SanbaoReturnDays), Secondary);
        assert_eq!(r(ParamId::InterestDayBasis), Unverified);
        assert_eq!(r(ParamId::CarEarlyDays), Verified);
    }

    #[test]
    fn parameters_cite_structurally_and_render_their_meaning() {
        let p = ParamId::CarEarlyDays.parameter();
        assert_eq!(
            p.sources_en(),
            "SAMR Order No. 43, Art. 20 [V]; SAMR Order No. 43, Art. 23 [V]"
        );
        assert_eq!(
            p.meaning_en(),
            "first 60 days (or 3,000 km, whichever first)"
        );
        assert_eq!(
            p.meaning_zh(),
            "60日或者行驶里程3000公里之内（以先到者为准）"
        );
        let basis = ParamId::InterestDayBasis.parameter();
        assert_eq!(basis.sources[0].note_en, Some("day count: practice"));
        let fraud = ParamId::CrplFraudMinimum.parameter();
        assert_eq!(fraud.meaning_zh(), "增加赔偿的金额不足五百元的，为五百元");
        let json = serde_json::to_value(fraud).unwrap();
        assert_eq!(
            json["sources"][0]["text_en"],
            "CRPL (2013 amendment), Art. 55, para. 1"
        );
        assert_eq!(json["reliability"], "verified");
        assert!(json.get("statutory_value").is_none());
    }

    /// A meaning states its numbers through placeholders of known parameters, so that it
    /// says the value in force. The one number written out is a fact about practice, not the
    /// parameter: "courts commonly use 365".
    #[test]
    fn meanings_state_their_numbers_through_the_table() {
        for p in TABLE {
            for t in [p.meaning_en_template, p.meaning_zh_template] {
                for (code, _) in crate::text::placeholders(t) {
                    assert!(
                        ParamId::from_code(code).is_some(),
                        "{}: unknown {code}",
                        p.id.code()
                    );
                }
                let t = t
                    .replace("courts commonly use 365", "")
                    .replace("实务常用365", "");
                assert!(
                    !crate::text::tests_support::states_raw(&t, p.value),
                    "{} writes its value instead of its placeholder: {t}",
                    p.id.code()
                );
            }
        }
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
