//! The registry: every instrument the workspace's rules cite, with its number, issuer, dates
//! in force, versions and what replaced what. This is the one place those facts live; the
//! statutory tables of the domain crates cite these statics, and a routing ruleset names them
//! by [`Instrument::id`].
//!
//! Dates are those of the instrument's own promulgation line or of the decision that amended
//! it; where the project's legal reference did not establish a day, the field is `None` and
//! the note says so. Nothing here is presumed.

use std::borrow::Cow::Borrowed as B;

use chrono::NaiveDate;

use crate::Reliability;
use crate::instrument::{Instrument, InstrumentKind, Version, VersionKind};

/// A date known at compile time; an impossible date becomes `NaiveDate::MIN`, which the
/// registry's tests rule out.
const fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    match NaiveDate::from_ymd_opt(y, m, day) {
        Some(v) => Some(v),
        None => Some(NaiveDate::MIN),
    }
}

const fn v(
    year: u16,
    kind: VersionKind,
    adopted: Option<NaiveDate>,
    from: Option<NaiveDate>,
) -> Version {
    Version {
        year,
        kind,
        adopted,
        in_force_from: from,
    }
}

const NPCSC_ZH: &str = "全国人民代表大会常务委员会";
const NPCSC_EN: &str = "Standing Committee of the National People's Congress";
const SAMR_ZH: &str = "国家市场监督管理总局";
const SAMR_EN: &str = "State Administration for Market Regulation (SAMR)";
const SPC_ZH: &str = "最高人民法院";
const SPC_EN: &str = "Supreme People's Court";
const STATE_COUNCIL_ZH: &str = "国务院";
const STATE_COUNCIL_EN: &str = "State Council";

/// 中华人民共和国消费者权益保护法 (CRPL).
pub static CRPL: Instrument = Instrument {
    id: B("crpl"),
    name_zh: B("中华人民共和国消费者权益保护法"),
    name_en: B("Consumer Rights Protection Law"),
    short_en: B("CRPL"),
    number: None,
    issuer_zh: B(NPCSC_ZH),
    issuer_en: B(NPCSC_EN),
    kind: InstrumentKind::Law,
    adopted: d(1993, 10, 31),
    in_force_from: d(1994, 1, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[
        v(1993, VersionKind::Original, d(1993, 10, 31), d(1994, 1, 1)),
        v(
            2013,
            VersionKind::Amendment,
            d(2013, 10, 25),
            d(2014, 3, 15),
        ),
    ]),
    reliability: Reliability::Verified,
    note_en: Some(B(
        "The 2009 amendment (NPCSC decision of 2009-08-27 revising some laws) changed \
         references to other laws only and is not modelled as a version: `1993` stands for \
         the text in force 1994-01-01 to 2014-03-14.",
    )),
};

/// 中华人民共和国消费者权益保护法实施条例 (State Council Decree No. 778).
pub static CRPL_REGULATIONS: Instrument = Instrument {
    id: B("crpl_regulations"),
    name_zh: B("中华人民共和国消费者权益保护法实施条例"),
    name_en: B("Regulations for the Implementation of the Consumer Rights Protection Law"),
    short_en: B("CRPL Implementing Regulations"),
    number: Some(B("国务院令第778号")),
    issuer_zh: B(STATE_COUNCIL_ZH),
    issuer_en: B(STATE_COUNCIL_EN),
    kind: InstrumentKind::AdministrativeRegulation,
    adopted: d(2024, 3, 15),
    in_force_from: d(2024, 7, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Secondary,
    note_en: Some(B("Headline facts secondary; most article text unverified.")),
};

/// 市场监督管理投诉举报处理暂行办法 (SAMR Order No. 20), repealed 2026-04-15.
pub static SAMR_ORDER_20: Instrument = Instrument {
    id: B("samr_order_20"),
    name_zh: B("市场监督管理投诉举报处理暂行办法"),
    name_en: B("Interim Measures for Handling Complaints and Reports in Market Regulation"),
    short_en: B("SAMR Order No. 20"),
    number: Some(B("国家市场监督管理总局令第20号")),
    issuer_zh: B(SAMR_ZH),
    issuer_en: B(SAMR_EN),
    kind: InstrumentKind::DepartmentalRule,
    adopted: d(2019, 11, 30),
    in_force_from: d(2020, 1, 1),
    in_force_to: d(2026, 4, 14),
    replaces: None,
    replaced_by: Some(B("samr_order_121")),
    versions: B(&[
        v(2019, VersionKind::Original, d(2019, 11, 30), d(2020, 1, 1)),
        v(2022, VersionKind::Amendment, d(2022, 3, 24), None),
    ]),
    reliability: Reliability::Verified,
    note_en: Some(B(
        "Verified against the text as amended by SAMR Order No. 55 (2022-03-24; its in-force \
         day is not in the reference). A second amendment by Order No. 61 (2022-09-29, in \
         force 2022-11-01) is reported by one secondary source only. It replaced the 2014 AIC \
         complaint measures, the 1998 product-quality appeal measures and the 2016 food and \
         drug complaint measures.",
    )),
};

/// 市场监督管理投诉举报处理办法 (SAMR Order No. 121), in force from 2026-04-15.
pub static SAMR_ORDER_121: Instrument = Instrument {
    id: B("samr_order_121"),
    name_zh: B("市场监督管理投诉举报处理办法"),
    name_en: B("Measures for Handling Complaints and Reports in Market Regulation"),
    short_en: B("SAMR Order No. 121"),
    number: Some(B("国家市场监督管理总局令第121号")),
    issuer_zh: B(SAMR_ZH),
    issuer_en: B(SAMR_EN),
    kind: InstrumentKind::DepartmentalRule,
    adopted: d(2025, 12, 30),
    in_force_from: d(2026, 4, 15),
    in_force_to: None,
    replaces: Some(B("samr_order_20")),
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Secondary,
    note_en: Some(B(
        "Only Arts. 1-7, 10(3), 16 and 23 were seen, in reproductions; other article numbers \
         are not confirmed.",
    )),
};

/// 中国消费者协会受理消费者投诉规定 (the CCA's complaint-acceptance rules).
pub static CCA_RULES: Instrument = Instrument {
    id: B("cca_rules"),
    name_zh: B("中国消费者协会受理消费者投诉规定"),
    name_en: B("China Consumers Association Rules on Accepting Consumer Complaints"),
    short_en: B("CCA complaint-acceptance rules"),
    number: None,
    issuer_zh: B("中国消费者协会"),
    issuer_en: B("China Consumers Association"),
    kind: InstrumentKind::AssociationRule,
    adopted: None,
    in_force_from: None,
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Unverified,
    note_en: Some(B("The current revision and its dates were not found.")),
};

/// 中华人民共和国民法典 (Civil Code).
pub static CIVIL_CODE: Instrument = Instrument {
    id: B("civil_code"),
    name_zh: B("中华人民共和国民法典"),
    name_en: B("Civil Code"),
    short_en: B("Civil Code"),
    number: None,
    issuer_zh: B("全国人民代表大会"),
    issuer_en: B("National People's Congress"),
    kind: InstrumentKind::Law,
    adopted: d(2020, 5, 28),
    in_force_from: d(2021, 1, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Verified,
    note_en: None,
};

/// 中华人民共和国食品安全法 (Food Safety Law).
pub static FOOD_SAFETY_LAW: Instrument = Instrument {
    id: B("food_safety_law"),
    name_zh: B("中华人民共和国食品安全法"),
    name_en: B("Food Safety Law"),
    short_en: B("Food Safety Law"),
    number: None,
    issuer_zh: B(NPCSC_ZH),
    issuer_en: B(NPCSC_EN),
    kind: InstrumentKind::Law,
    adopted: d(2009, 2, 28),
    in_force_from: d(2009, 6, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[
        v(2009, VersionKind::Original, d(2009, 2, 28), d(2009, 6, 1)),
        v(2015, VersionKind::Revision, d(2015, 4, 24), d(2015, 10, 1)),
        v(
            2018,
            VersionKind::Amendment,
            d(2018, 12, 29),
            d(2018, 12, 29),
        ),
        v(2021, VersionKind::Amendment, d(2021, 4, 29), d(2021, 4, 29)),
    ]),
    reliability: Reliability::Verified,
    note_en: Some(B(
        "Current text (2021 amendment) verified; the 2009 wording of Art. 96 is unverified. \
         The 2018 and 2021 amendments did not change Art. 148.",
    )),
};

/// 中华人民共和国药品管理法 (Drug Administration Law).
pub static DRUG_ADMINISTRATION_LAW: Instrument = Instrument {
    id: B("drug_administration_law"),
    name_zh: B("中华人民共和国药品管理法"),
    name_en: B("Drug Administration Law"),
    short_en: B("Drug Administration Law"),
    number: None,
    issuer_zh: B(NPCSC_ZH),
    issuer_en: B(NPCSC_EN),
    kind: InstrumentKind::Law,
    adopted: d(1984, 9, 20),
    in_force_from: d(1985, 7, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[v(
        2019,
        VersionKind::Revision,
        d(2019, 8, 26),
        d(2019, 12, 1),
    )]),
    reliability: Reliability::Verified,
    note_en: Some(B(
        "Only the 2019 revision is modelled; earlier texts had no ten-times rule.",
    )),
};

/// 中华人民共和国旅游法 (Tourism Law).
pub static TOURISM_LAW: Instrument = Instrument {
    id: B("tourism_law"),
    name_zh: B("中华人民共和国旅游法"),
    name_en: B("Tourism Law"),
    short_en: B("Tourism Law"),
    number: None,
    issuer_zh: B(NPCSC_ZH),
    issuer_en: B(NPCSC_EN),
    kind: InstrumentKind::Law,
    adopted: d(2013, 4, 25),
    in_force_from: d(2013, 10, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[
        v(2013, VersionKind::Original, d(2013, 4, 25), d(2013, 10, 1)),
        v(2016, VersionKind::Amendment, d(2016, 11, 7), d(2016, 11, 7)),
        v(
            2018,
            VersionKind::Amendment,
            d(2018, 10, 26),
            d(2018, 10, 26),
        ),
    ]),
    reliability: Reliability::Verified,
    note_en: Some(B("The amendments did not change Art. 70.")),
};

/// 部分商品修理更换退货责任规定 (the general 三包 rules, 1995).
pub static SANBAO_1995: Instrument = Instrument {
    id: B("sanbao_1995"),
    name_zh: B("部分商品修理更换退货责任规定"),
    name_en: B("Provisions on Liability for Repair, Replacement and Return of Certain Goods"),
    short_en: B("General 三包 rules 1995"),
    number: Some(B("国经贸质〔1995〕458号")),
    issuer_zh: B("国家经济贸易委员会、国家技术监督局、国家工商行政管理局、财政部"),
    issuer_en: B(
        "State Economic and Trade Commission, State Bureau of Technical Supervision, State \
         Administration for Industry and Commerce, Ministry of Finance",
    ),
    kind: InstrumentKind::DepartmentalRule,
    adopted: d(1995, 8, 25),
    in_force_from: d(1995, 8, 25),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Secondary,
    note_en: Some(B(
        "No later revision was found; the in-force day is taken as the issue day, which the \
         reference does not confirm.",
    )),
};

/// 家用汽车产品修理更换退货责任规定 (SAMR Order No. 43, household cars).
pub static SAMR_ORDER_43: Instrument = Instrument {
    id: B("samr_order_43"),
    name_zh: B("家用汽车产品修理更换退货责任规定"),
    name_en: B("Provisions on Liability for Repair, Replacement and Return of Household Cars"),
    short_en: B("SAMR Order No. 43"),
    number: Some(B("国家市场监督管理总局令第43号")),
    issuer_zh: B(SAMR_ZH),
    issuer_en: B(SAMR_EN),
    kind: InstrumentKind::DepartmentalRule,
    adopted: d(2021, 7, 22),
    in_force_from: d(2022, 1, 1),
    in_force_to: None,
    replaces: Some(B("aqsiq_order_150")),
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Verified,
    note_en: None,
};

/// 家用汽车产品修理、更换、退货责任规定 (AQSIQ Order No. 150), replaced on 2022-01-01.
pub static AQSIQ_ORDER_150: Instrument = Instrument {
    id: B("aqsiq_order_150"),
    name_zh: B("家用汽车产品修理、更换、退货责任规定"),
    name_en: B(
        "Provisions on Liability for Repair, Replacement and Return of Household Cars (2012)",
    ),
    short_en: B("AQSIQ Order No. 150"),
    number: Some(B("国家质量监督检验检疫总局令第150号")),
    issuer_zh: B("国家质量监督检验检疫总局"),
    issuer_en: B("General Administration of Quality Supervision, Inspection and Quarantine"),
    kind: InstrumentKind::DepartmentalRule,
    adopted: None,
    in_force_from: None,
    in_force_to: d(2021, 12, 31),
    replaces: None,
    replaced_by: Some(B("samr_order_43")),
    versions: B(&[]),
    reliability: Reliability::Unverified,
    note_en: Some(B(
        "Known only as the instrument Order No. 43 replaced (use coefficient 0.5%-0.8%); its \
         own dates are not in the reference.",
    )),
};

/// 最高人民法院关于审理预付式消费民事纠纷案件适用法律若干问题的解释 (Fa Shi \[2025\] No. 4).
pub static SPC_PREPAID_2025: Instrument = Instrument {
    id: B("spc_prepaid_2025"),
    name_zh: B("最高人民法院关于审理预付式消费民事纠纷案件适用法律若干问题的解释"),
    name_en: B("SPC Interpretation on Civil Disputes over Prepaid Consumption"),
    short_en: B("SPC Fa Shi [2025] No. 4"),
    number: Some(B("法释〔2025〕4号")),
    issuer_zh: B(SPC_ZH),
    issuer_en: B(SPC_EN),
    kind: InstrumentKind::JudicialInterpretation,
    adopted: d(2025, 3, 13),
    in_force_from: d(2025, 5, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Verified,
    note_en: None,
};

/// 最高人民法院关于审理食品药品惩罚性赔偿纠纷案件适用法律若干问题的解释 (Fa Shi \[2024\] No. 9).
pub static SPC_FOOD_DRUG_PUNITIVE_2024: Instrument = Instrument {
    id: B("spc_food_drug_punitive_2024"),
    name_zh: B("最高人民法院关于审理食品药品惩罚性赔偿纠纷案件适用法律若干问题的解释"),
    name_en: B("SPC Interpretation on Punitive Damages in Food and Drug Disputes"),
    short_en: B("SPC Fa Shi [2024] No. 9"),
    number: Some(B("法释〔2024〕9号")),
    issuer_zh: B(SPC_ZH),
    issuer_en: B(SPC_EN),
    kind: InstrumentKind::JudicialInterpretation,
    adopted: d(2024, 8, 21),
    in_force_from: d(2024, 8, 22),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Verified,
    note_en: Some(B("Applies to cases not finally adjudicated on 2024-08-22.")),
};

/// 最高人民法院关于审理网络消费纠纷案件适用法律若干问题的规定（一） (Fa Shi \[2022\] No. 8).
pub static SPC_ONLINE_CONSUMPTION_2022: Instrument = Instrument {
    id: B("spc_online_consumption_2022"),
    name_zh: B("最高人民法院关于审理网络消费纠纷案件适用法律若干问题的规定（一）"),
    name_en: B("SPC Provisions on Online Consumption Disputes (I)"),
    short_en: B("SPC Fa Shi [2022] No. 8"),
    number: Some(B("法释〔2022〕8号")),
    issuer_zh: B(SPC_ZH),
    issuer_en: B(SPC_EN),
    kind: InstrumentKind::JudicialInterpretation,
    adopted: None,
    in_force_from: None,
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Verified,
    note_en: Some(B(
        "Text verified (published 2022-03-01); the days of adoption and entry into force are \
         not in the reference. Art. 2 (a promise of no-reason return binds), Art. 3 \
         (unsealing to inspect) and Art. 7 (a seller on a second-hand platform who is in fact \
         an operator answers as one) are cited.",
    )),
};

/// 最高人民法院关于依法妥善审理涉新冠肺炎疫情民事案件若干问题的指导意见（二） (Fa Fa \[2020\]
/// No. 17): its part on online service contracts covers minors' game top-ups and live-stream
/// tips.
pub static SPC_COVID_CIVIL_OPINIONS_II: Instrument = Instrument {
    id: B("spc_covid_civil_opinions_ii"),
    name_zh: B("最高人民法院关于依法妥善审理涉新冠肺炎疫情民事案件若干问题的指导意见（二）"),
    name_en: B("SPC Guiding Opinions (II) on Civil Cases Related to COVID-19"),
    short_en: B("SPC Guiding Opinions (II), Fa Fa [2020] No. 17"),
    number: Some(B("法发〔2020〕17号")),
    issuer_zh: B(SPC_ZH),
    issuer_en: B(SPC_EN),
    kind: InstrumentKind::JudicialInterpretation,
    adopted: None,
    in_force_from: None,
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Unverified,
    note_en: Some(B(
        "Not in the project's reference. Cited for its opinion on online service contracts: \
         a minor with limited capacity who, without the guardian's consent, pays for online \
         games or live-stream tips sums not appropriate to their age and intelligence — the \
         guardian may ask the service provider to return them. A guiding opinion, not a \
         judicial interpretation in the strict sense; the article number is from memory.",
    )),
};

/// 网络购买商品七日无理由退货暂行办法 (former SAIC Order No. 90).
pub static ONLINE_SEVEN_DAY_RETURNS: Instrument = Instrument {
    id: B("online_seven_day_returns"),
    name_zh: B("网络购买商品七日无理由退货暂行办法"),
    name_en: B("Interim Measures for Seven-Day No-Reason Returns of Goods Bought Online"),
    short_en: B("SAIC Order No. 90"),
    number: Some(B("国家工商行政管理总局令第90号")),
    issuer_zh: B("国家工商行政管理总局"),
    issuer_en: B("State Administration for Industry and Commerce"),
    kind: InstrumentKind::DepartmentalRule,
    adopted: d(2017, 1, 6),
    in_force_from: d(2017, 3, 15),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[
        v(2017, VersionKind::Original, d(2017, 1, 6), d(2017, 3, 15)),
        v(2020, VersionKind::Amendment, d(2020, 10, 23), None),
    ]),
    reliability: Reliability::Secondary,
    note_en: Some(B(
        "Amended by SAMR Order No. 31 (2020-10-23); that text was not seen.",
    )),
};

/// 全国年节及纪念日放假办法 (the national holiday measures).
pub static HOLIDAY_MEASURES: Instrument = Instrument {
    id: B("holiday_measures"),
    name_zh: B("全国年节及纪念日放假办法"),
    name_en: B("Measures on National Annual Holidays and Memorial Days"),
    short_en: B("National holiday measures"),
    number: None,
    issuer_zh: B(STATE_COUNCIL_ZH),
    issuer_en: B(STATE_COUNCIL_EN),
    kind: InstrumentKind::AdministrativeRegulation,
    adopted: d(1949, 12, 23),
    in_force_from: d(1949, 12, 23),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[
        v(2013, VersionKind::Amendment, d(2013, 12, 11), d(2014, 1, 1)),
        v(2024, VersionKind::Amendment, d(2024, 11, 10), d(2025, 1, 1)),
    ]),
    reliability: Reliability::Verified,
    note_en: Some(B(
        "Only the 2013 (11 days off) and 2024 (13 days off) texts are modelled; the 2024 \
         text's holidays apply from 2025, whose exact first day is unverified.",
    )),
};

/// 国务院关于职工工作时间的规定 (the State Council's working-hours provisions).
pub static WORKING_HOURS: Instrument = Instrument {
    id: B("working_hours"),
    name_zh: B("国务院关于职工工作时间的规定"),
    name_en: B("State Council Provisions on Employees' Working Hours"),
    short_en: B("Working-hours provisions"),
    number: None,
    issuer_zh: B(STATE_COUNCIL_ZH),
    issuer_en: B(STATE_COUNCIL_EN),
    kind: InstrumentKind::AdministrativeRegulation,
    adopted: d(1994, 2, 3),
    in_force_from: d(1994, 3, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[v(
        1995,
        VersionKind::Amendment,
        d(1995, 3, 25),
        d(1995, 5, 1),
    )]),
    reliability: Reliability::Verified,
    note_en: None,
};

/// 中华人民共和国行政许可法 (Administrative Licensing Law).
pub static ADMINISTRATIVE_LICENSING_LAW: Instrument = Instrument {
    id: B("administrative_licensing_law"),
    name_zh: B("中华人民共和国行政许可法"),
    name_en: B("Administrative Licensing Law"),
    short_en: B("Administrative Licensing Law"),
    number: None,
    issuer_zh: B(NPCSC_ZH),
    issuer_en: B(NPCSC_EN),
    kind: InstrumentKind::Law,
    adopted: d(2003, 8, 27),
    in_force_from: d(2004, 7, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[v(
        2019,
        VersionKind::Amendment,
        d(2019, 4, 23),
        d(2019, 4, 23),
    )]),
    reliability: Reliability::Verified,
    note_en: None,
};

/// 国务院办公厅关于部分节假日安排的通知 (the General Office's annual holiday notices).
pub static HOLIDAY_NOTICES: Instrument = Instrument {
    id: B("holiday_notices"),
    name_zh: B("国务院办公厅关于部分节假日安排的通知"),
    name_en: B("State Council General Office annual notices on holiday arrangements"),
    short_en: B("Annual holiday notice"),
    number: None,
    issuer_zh: B("国务院办公厅"),
    issuer_en: B("General Office of the State Council"),
    kind: InstrumentKind::NormativeDocument,
    adopted: None,
    in_force_from: None,
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Verified,
    note_en: Some(B(
        "One notice a year, issued in the autumn or winter before the year.",
    )),
};

/// 银行保险机构消费投诉处理管理办法 (CBIRC Order 2020 No. 3).
pub static BANKING_INSURANCE_COMPLAINTS: Instrument = Instrument {
    id: B("banking_insurance_complaints"),
    name_zh: B("银行保险机构消费投诉处理管理办法"),
    name_en: B(
        "Measures on Handling Consumer Complaints against Banking and Insurance Institutions",
    ),
    short_en: B("CBIRC Order 2020 No. 3"),
    number: Some(B("中国银保监会令2020年第3号")),
    issuer_zh: B("中国银行保险监督管理委员会"),
    issuer_en: B("China Banking and Insurance Regulatory Commission"),
    kind: InstrumentKind::DepartmentalRule,
    adopted: None,
    in_force_from: d(2020, 3, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Unverified,
    note_en: None,
};

/// 中国人民银行金融消费者权益保护实施办法 (PBOC Order 2020 No. 5).
pub static PBC_FINANCIAL_CONSUMERS: Instrument = Instrument {
    id: B("pbc_financial_consumers"),
    name_zh: B("中国人民银行金融消费者权益保护实施办法"),
    name_en: B("PBOC Measures for Protecting Financial Consumers"),
    short_en: B("PBOC Order 2020 No. 5"),
    number: Some(B("中国人民银行令〔2020〕第5号")),
    issuer_zh: B("中国人民银行"),
    issuer_en: B("People's Bank of China"),
    kind: InstrumentKind::DepartmentalRule,
    adopted: None,
    in_force_from: d(2020, 11, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Unverified,
    note_en: None,
};

/// 电信用户申诉处理办法 (MIIT Order No. 35).
pub static TELECOM_APPEALS: Instrument = Instrument {
    id: B("telecom_appeals"),
    name_zh: B("电信用户申诉处理办法"),
    name_en: B("Measures for Handling Telecom User Appeals"),
    short_en: B("MIIT Order No. 35"),
    number: Some(B("工业和信息化部令第35号")),
    issuer_zh: B("工业和信息化部"),
    issuer_en: B("Ministry of Industry and Information Technology"),
    kind: InstrumentKind::DepartmentalRule,
    adopted: None,
    in_force_from: d(2016, 7, 30),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Unverified,
    note_en: None,
};

/// 医疗纠纷预防和处理条例 (State Council Decree No. 701).
pub static MEDICAL_DISPUTES: Instrument = Instrument {
    id: B("medical_disputes"),
    name_zh: B("医疗纠纷预防和处理条例"),
    name_en: B("Regulations on the Prevention and Handling of Medical Disputes"),
    short_en: B("State Council Decree No. 701"),
    number: Some(B("国务院令第701号")),
    issuer_zh: B(STATE_COUNCIL_ZH),
    issuer_en: B(STATE_COUNCIL_EN),
    kind: InstrumentKind::AdministrativeRegulation,
    adopted: None,
    in_force_from: d(2018, 10, 1),
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Unverified,
    note_en: None,
};

/// 中华人民共和国邮政法 (Postal Law).
pub static POSTAL_LAW: Instrument = Instrument {
    id: B("postal_law"),
    name_zh: B("中华人民共和国邮政法"),
    name_en: B("Postal Law"),
    short_en: B("Postal Law"),
    number: None,
    issuer_zh: B(NPCSC_ZH),
    issuer_en: B(NPCSC_EN),
    kind: InstrumentKind::Law,
    adopted: None,
    in_force_from: None,
    in_force_to: None,
    replaces: None,
    replaced_by: None,
    versions: B(&[]),
    reliability: Reliability::Unverified,
    note_en: None,
};

/// Every built-in instrument, in the order the documentation lists them.
pub static ALL: &[&Instrument] = &[
    &CRPL,
    &CRPL_REGULATIONS,
    &SAMR_ORDER_20,
    &SAMR_ORDER_121,
    &CCA_RULES,
    &CIVIL_CODE,
    &FOOD_SAFETY_LAW,
    &DRUG_ADMINISTRATION_LAW,
    &TOURISM_LAW,
    &SANBAO_1995,
    &SAMR_ORDER_43,
    &AQSIQ_ORDER_150,
    &SPC_PREPAID_2025,
    &SPC_FOOD_DRUG_PUNITIVE_2024,
    &SPC_ONLINE_CONSUMPTION_2022,
    &SPC_COVID_CIVIL_OPINIONS_II,
    &ONLINE_SEVEN_DAY_RETURNS,
    &HOLIDAY_MEASURES,
    &WORKING_HOURS,
    &ADMINISTRATIVE_LICENSING_LAW,
    &HOLIDAY_NOTICES,
    &BANKING_INSURANCE_COMPLAINTS,
    &PBC_FINANCIAL_CONSUMERS,
    &TELECOM_APPEALS,
    &MEDICAL_DISPUTES,
    &POSTAL_LAW,
];

/// The built-in instrument with this id.
pub fn find(id: &str) -> Option<&'static Instrument> {
    ALL.iter().copied().find(|i| i.id == id)
}
