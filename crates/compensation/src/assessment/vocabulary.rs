//! The assessment's closed vocabularies: what an item, a remedy, a window, a condition, an
//! outcome, a reason, a flag and a computation step can be, each value with a stable code and
//! its text in English and Chinese, and the bit sets that hold them.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::policy::Policy;
use crate::text::{Values, render};

/// A closed vocabulary whose values carry a code and texts in English and Chinese.
///
/// A text that states a statutory number (`from day 6 of the repair`) is written as a
/// template naming the parameter (`from day {car_2021_21_days:next} of the repair`) and
/// rendered with the value in force: [`Vocabulary::en`] with the table's values,
/// [`Vocabulary::en_under`] with a policy's.
pub trait Vocabulary: Copy + 'static {
    /// Every value.
    const ALL: &'static [Self];
    /// The stable code.
    fn code(self) -> &'static str;
    /// The text in English as written, statutory numbers as placeholders.
    fn en_template(self) -> &'static str;
    /// The text in Chinese as written, statutory numbers as placeholders.
    fn zh_template(self) -> &'static str;
    /// The position in `ALL`.
    fn index(self) -> u8;

    /// The text in English, with the table's numbers.
    fn en(self) -> Cow<'static, str> {
        render(self.en_template(), Values::TABLE)
    }

    /// The text in Chinese, with the table's numbers.
    fn zh(self) -> Cow<'static, str> {
        render(self.zh_template(), Values::TABLE)
    }

    /// The text in English, with the numbers in force under `policy`.
    fn en_under(self, policy: &Policy) -> Cow<'static, str> {
        render(self.en_template(), policy.values())
    }

    /// The text in Chinese, with the numbers in force under `policy`.
    fn zh_under(self, policy: &Policy) -> Cow<'static, str> {
        render(self.zh_template(), policy.values())
    }
}

/// A vocabulary value serialised as `{code, en, zh}` with the numbers in force.
pub(crate) struct Texts<'a, T>(pub(crate) T, pub(crate) Values<'a>);

impl<T: Vocabulary> Serialize for Texts<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Vocabulary", 3)?;
        m.serialize_field("code", self.0.code())?;
        m.serialize_field("en", &render(self.0.en_template(), self.1))?;
        m.serialize_field("zh", &render(self.0.zh_template(), self.1))?;
        m.end()
    }
}

/// A set of vocabulary values serialised as an array of `{code, en, zh}` with the numbers in
/// force.
pub(crate) struct SetTexts<'a, T>(pub(crate) Set<T>, pub(crate) Values<'a>);

impl<T: Vocabulary> Serialize for SetTexts<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|v| Texts(v, self.1)))
    }
}

macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $( $(#[$vm:meta])* $v:ident = ($code:literal, $en:literal, $zh:literal), )+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        #[repr(u8)]
        pub enum $name { $( $(#[$vm])* $v, )+ }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[$($name::$v),+];
            fn code(self) -> &'static str { match self { $($name::$v => $code),+ } }
            fn en_template(self) -> &'static str { match self { $($name::$v => $en),+ } }
            fn zh_template(self) -> &'static str { match self { $($name::$v => $zh),+ } }
            fn index(self) -> u8 { self as u8 }
        }

        impl Serialize for $name {
            /// `{code, en, zh}` with the table's numbers.
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                Texts(*self, Values::TABLE).serialize(s)
            }
        }
    };
}

/// A set of vocabulary values (a bit set: no allocation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Set<T>(u64, PhantomData<T>);

impl<T: Vocabulary> Default for Set<T> {
    fn default() -> Self {
        Set(0, PhantomData)
    }
}

impl<T: Vocabulary> Set<T> {
    /// The empty set.
    pub fn new() -> Self {
        Set(0, PhantomData)
    }
    /// Adds a value.
    pub fn insert(&mut self, v: T) {
        self.0 |= 1u64 << v.index();
    }
    /// The set with a value added.
    #[must_use]
    pub fn with(mut self, v: T) -> Self {
        self.insert(v);
        self
    }
    /// Whether the value is in the set.
    pub fn contains(&self, v: T) -> bool {
        self.0 & (1u64 << v.index()) != 0
    }
    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
    /// The values, in vocabulary order.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        // Walk the set bits rather than the whole vocabulary: sets are small and sparse.
        let mut bits = self.0;
        std::iter::from_fn(move || {
            while bits != 0 {
                let i = bits.trailing_zeros();
                bits &= bits - 1;
                if let Some(v) = T::ALL.get(i as usize) {
                    return Some(*v);
                }
            }
            None
        })
    }
}

vocabulary! {
    /// What an item of money is.
    ItemKind {
        /// Refund of the price paid (against return of the goods).
        PriceRefund = ("price_refund", "refund of the price paid", "退还价款"),
        /// Compensation of proven losses.
        Losses = ("losses", "compensation of proven losses", "赔偿损失"),
        /// CRPL fraud compensation.
        FraudCompensation = ("fraud_compensation", "additional compensation for fraud", "欺诈增加赔偿"),
        /// CRPL Art. 55(2) punitive damages.
        DefectPunitive = ("defect_punitive", "punitive damages for knowingly defective goods or services", "明知缺陷惩罚性赔偿"),
        /// Food punitive damages.
        FoodPunitive = ("food_punitive", "punitive damages for non-compliant food", "食品惩罚性赔偿"),
        /// Drug punitive damages.
        DrugPunitive = ("drug_punitive", "punitive damages for a counterfeit or substandard drug", "药品惩罚性赔偿"),
        /// Tourism Law Art. 70 compensation.
        TourismCompensation = ("tourism_compensation", "compensation for refusal to perform a package tour", "旅游拒绝履行赔偿"),
        /// Prepaid refund.
        PrepaidRefund = ("prepaid_refund", "refund of the prepayment", "返还预付款"),
        /// Interest on a prepaid refund.
        PrepaidInterest = ("prepaid_interest", "interest on the prepaid refund", "预付款利息"),
    }
}

impl ItemKind {
    /// Whether it is a refund (of the price or of a prepayment).
    pub fn is_refund(self) -> bool {
        matches!(self, ItemKind::PriceRefund | ItemKind::PrepaidRefund)
    }

    /// Whether it is punitive (the regimes are alternatives: one is proposed).
    pub fn is_punitive(self) -> bool {
        matches!(
            self,
            ItemKind::FraudCompensation
                | ItemKind::DefectPunitive
                | ItemKind::FoodPunitive
                | ItemKind::DrugPunitive
                | ItemKind::TourismCompensation
        )
    }
}

vocabulary! {
    /// Remarks on an item.
    Note {
        /// Not proposed: the consumer may elect it instead of the proposed punitive regime.
        Alternative = ("alternative", "offered as an alternative: punitive regimes are not cumulative, the larger one is proposed", "可替代选择：惩罚性赔偿不可叠加，建议金额较高者"),
        /// The amount within the range is for the court or the parties.
        RangeForCourt = ("range_for_court", "the amount within the range is set by the court or agreed", "范围内的具体金额由法院酌定或双方协商"),
        /// The consumer elects between the price and the loss options.
        ConsumerElects = ("consumer_elects", "the consumer elects the price multiple or the losses multiple; the larger is proposed", "消费者可选择价款倍数或损失倍数，建议较高者"),
        /// Losses not given: only the price option was computed.
        LossOptionNotComputed = ("loss_option_not_computed", "losses not given: the losses multiple was not computed", "未提供损失金额，未计算损失倍数"),
        /// Limited to the reasonable quantity of a knowing buyer.
        ReasonableQuantity = ("reasonable_quantity", "limited to the price of the reasonable quantity (knowing buyer)", "知假买假：以合理生活消费数量的价款为限"),
        /// The use coefficient exceeded 0.5 % and was capped.
        CoefficientCapped = ("coefficient_capped", "the certificate's coefficient exceeds the {car_2021_27_coefficient_max:pct} % maximum; the maximum is used", "三包凭证载明的系数高于{car_2021_27_coefficient_max:pct}%上限，按上限计算"),
        /// Use coefficient unknown: the fee is a range up to the statutory maximum.
        CoefficientUnknown = ("coefficient_unknown", "the certificate's coefficient is not given: the fee ranges up to the {car_2021_27_coefficient_max:pct} % maximum", "未提供三包凭证载明的系数：补偿费在0至{car_2021_27_coefficient_max:pct}%上限之间"),
        /// A court's deduction for use on rescission, estimated for a car.
        UseDeduction = ("use_deduction", "a court rescinding the sale may deduct the benefit of the use the consumer had (Civil Code Art. 566 para. 1): estimated by SAMR Order No. 43 Art. 27's formula at its {car_2021_27_coefficient_max:pct} % maximum, the refund ranges from the price less that fee to the whole price", "法院解除合同时可扣减消费者已获得的使用利益（民法典第五百六十六条第一款）：参照《家用汽车产品修理更换退货责任规定》第二十七条按{car_2021_27_coefficient_max:pct}%上限估算，退款在扣除该费用后的价款至全部价款之间"),
        /// The deduction could not be estimated: no odometer reading.
        UseDeductionUnknown = ("use_deduction_unknown", "a court rescinding the sale may deduct the benefit of use (Civil Code Art. 566 para. 1); the odometer reading is not given, so the deduction was not estimated and the whole price is shown", "法院解除合同时可扣减使用利益（民法典第五百六十六条第一款）；未提供行驶里程，未估算扣减额，按全部价款列示"),
        /// The consumer never pays back more than the prepayment.
        NeverNegative = ("never_negative", "the consumer never pays beyond the prepayment (Art. 20)", "消费者无须支付超出预付款的部分（第二十条）"),
    }
}

/// Remarks on an item.
pub type NoteSet = Set<Note>;

vocabulary! {
    /// What a remedy gives.
    RemedyKind {
        /// Return the goods for a refund.
        Return = ("return", "return the goods for a refund", "退货"),
        /// Replacement.
        Replace = ("replace", "replacement", "更换"),
        /// Repair.
        Repair = ("repair", "repair", "修理"),
        /// Return without giving a reason.
        NoReasonReturn = ("no_reason_return", "return without giving a reason", "{crpl_2013_25_return_days:zh}日无理由退货"),
        /// Replacement of the car or return of the car.
        ReplaceOrReturnCar = ("replace_or_return_car", "replacement or return of the car", "换车或退车"),
        /// Replacement of the assembly.
        AssemblyReplacement = ("assembly_replacement", "free replacement of the assembly", "免费更换总成"),
        /// Redo the service.
        Redo = ("redo", "redo the service", "重作"),
        /// End the service contract and refund the unperformed part.
        EndService = ("end_service", "end the service contract and refund the part not yet performed", "解除服务合同，退还未履行部分的费用"),
        /// Free repair.
        FreeRepair = ("free_repair", "free repair (labour and materials)", "免费修理（工时费和材料费）"),
        /// Courtesy car or transport compensation.
        CourtesyCar = ("courtesy_car", "courtesy car or reasonable transport compensation from day {car_2021_21_days:next} of the repair", "自修理第{car_2021_21_days:next}日起提供备用车或合理交通费用补偿"),
        /// Prepaid cooling-off refund.
        CoolingOffRefund = ("cooling_off_refund", "refund of the prepaid principal ({prepaid_2025_14_days}-day cooling-off)", "{prepaid_2025_14_days:zh}日内返还预付款本金"),
        /// Refund of the unused prepaid balance.
        BalanceRefund = ("balance_refund", "refund of the unused prepaid balance", "返还剩余预付款"),
    }
}

vocabulary! {
    /// Whether a remedy is open.
    RemedyStatus {
        /// The request date falls within the window.
        Available = ("available", "available: requested in time", "可主张：在期限内提出"),
        /// No request date given: open until the window ends.
        Open = ("open", "open until the last day shown", "在所示期限届满前可主张"),
        /// The request came after the window.
        Expired = ("expired", "expired: requested after the last day", "已逾期"),
    }
}

vocabulary! {
    /// What a window limits.
    WindowKind {
        /// The consumer must ask by the last day.
        RequestBy = ("request_by", "the consumer must ask by the last day", "消费者须在末日前提出"),
        /// The fault must appear by the last day (or the mileage limit).
        FaultWithin = ("fault_within", "the fault must appear by the last day (or within the mileage)", "故障须在末日前（或里程内）出现"),
    }
}

vocabulary! {
    /// Whether the last day of a window moved past a rest day (Civil Code Art. 203).
    Extension {
        /// Not a period for an act: no extension.
        NotApplicable = ("not_applicable", "not a deadline for an act: no holiday extension", "非行为期限，不顺延"),
        /// The policy does not apply Art. 203 to this period.
        Disabled = ("disabled", "holiday extension not applied (policy)", "按政策不适用节假日顺延"),
        /// The last day is a working day.
        NotNeeded = ("not_needed", "the last day is a working day", "末日为工作日，无须顺延"),
        /// The last day was a rest day and moved.
        Extended = ("extended", "the last day fell on a rest day and moves to the next working day (Civil Code Art. 203)", "末日为法定休假日，顺延至休假日结束的次日（民法典第二百零三条）"),
        /// No calendar data: the calendar-day last day is shown.
        NoCalendar = ("no_calendar", "no calendar data: the extension could not be checked", "缺少日历数据，未核对是否顺延"),
    }
}

vocabulary! {
    /// Conditions a remedy carries.
    Condition {
        /// The goods must be intact.
        GoodsIntact = ("goods_intact", "the goods are returned intact (inspection does not defeat this)", "商品完好（为检查而拆封不影响）"),
        /// The consumer pays return shipping.
        ConsumerPaysShipping = ("consumer_pays_shipping", "the consumer pays the return shipping unless agreed otherwise", "退回运费由消费者承担，另有约定的除外"),
        /// The operator pays transport and necessary costs.
        OperatorPaysCosts = ("operator_pays_costs", "the operator pays transport and other necessary costs", "经营者承担运输等必要费用"),
        /// No state rule or agreement displaces Art. 24's default.
        NoRuleOrAgreement = ("no_rule_or_agreement", "no state rule or agreement provides otherwise", "无国家规定和当事人约定"),
        /// Rescission conditions.
        RescissionConditions = ("rescission_conditions", "after {crpl_2013_24_return_days} days, return only where the statutory conditions for rescission are met", "{crpl_2013_24_return_days:zh}日后须符合法定解除合同条件方可退货"),
        /// No 三包 exemption.
        NoSanbaoExemption = ("no_sanbao_exemption", "no 三包 exemption (misuse, unauthorised disassembly, no certificate or invoice, force majeure)", "不属于三包免责情形"),
        /// No car exemption.
        NoCarExemption = ("no_car_exemption", "no Art. 32 exemption (disclosed defect, misuse, modification, improper self-repair, force majeure)", "不属于第三十二条免责情形"),
        /// Gifts returned.
        ReturnGifts = ("return_gifts", "gifts received with the goods are returned too", "赠品一并退回"),
        /// Refund in one lump sum at the invoice price.
        InvoicePrice = ("invoice_price", "the refund is the invoice price, in one sum", "按发票价格一次退清货款"),
    }
}

/// Conditions a remedy carries.
pub type ConditionSet = Set<Condition>;

vocabulary! {
    /// What happened to a rule.
    Outcome {
        /// It gives an item or a remedy.
        Applied = ("applied", "applied", "适用"),
        /// It gives an item offered as an alternative, not proposed.
        Offered = ("offered", "offered as an alternative", "作为可选方案列出"),
        /// Its conditions are not met.
        NotApplicable = ("not_applicable", "not applicable", "不适用"),
        /// Facts it needs are missing.
        MissingFacts = ("missing_facts", "facts missing", "缺少事实"),
        /// Not in force on the date of the facts.
        NotInForce = ("not_in_force", "not in force on the date of the facts", "事实发生时未施行或已失效"),
        /// Disabled by the policy.
        Disabled = ("disabled", "disabled by the policy", "已按政策停用"),
    }
}

vocabulary! {
    /// Why a rule did or did not apply.
    Reason {
        /// It applies.
        Applies = ("applies", "its conditions are met", "条件成立"),
        /// A smaller punitive regime.
        SmallerAlternative = ("smaller_alternative", "another punitive regime gives more; the consumer may still elect this one", "另一惩罚性赔偿制度金额更高，消费者仍可选择本项"),
        /// Date.
        NotInForce = ("not_in_force", "the facts are dated outside the period the rule was in force", "事实发生日期不在本规则施行期间"),
        /// Policy.
        Disabled = ("disabled", "the policy disables this rule", "政策停用本规则"),
        /// Facts missing.
        Missing = ("missing", "the facts listed are needed and were not established", "所列事实尚未认定"),
        /// Fraud not established.
        NoFraud = ("no_fraud", "fraud was not established", "未认定欺诈"),
        /// No defect-harm.
        NoDefectHarm = ("no_defect_harm", "knowing sale of a defect causing death or serious harm was not established", "未认定明知缺陷造成死亡或严重损害"),
        /// Fabricated claim.
        Fabricated = ("fabricated", "the claim was fabricated: no punitive damages", "索赔系捏造，不支持惩罚性赔偿"),
        /// Not food.
        NotFood = ("not_food", "the purchase is not food", "所购不是食品"),
        /// Food compliant.
        FoodCompliant = ("food_compliant", "the food was not found to breach a food safety standard", "未认定食品不符合食品安全标准"),
        /// Not producer or knowing seller.
        NotLiableParty = ("not_liable_party", "the respondent is neither the producer nor a seller who knew", "被诉人不是生产者，也不是明知的经营者"),
        /// Label safe harbour.
        LabelSafeHarbour = ("label_safe_harbour", "a label flaw that neither affects safety nor misleads: no punitive damages (SPC Fa Shi [2024] No. 9 Art. 7, Art. 8)", "不影响食品安全且不会误导消费者的标签瑕疵，不支持惩罚性赔偿（法释〔2024〕9号第七条、第八条）"),
        /// Not a drug.
        NotDrug = ("not_drug", "the purchase is not a drug", "所购不是药品"),
        /// Drug compliant.
        DrugCompliant = ("drug_compliant", "the drug was not found counterfeit or substandard", "未认定假药、劣药"),
        /// Drug defence.
        DrugDefence = ("drug_defence", "a defence of SPC Fa Shi [2024] No. 9 Art. 10 – Art. 11 was proven", "已证明法释〔2024〕9号第十条、第十一条的抗辩事由"),
        /// Not a package tour.
        NotTour = ("not_tour", "the purchase is not a package tour", "所购不是包价旅游"),
        /// Tour conditions not met.
        TourConditions = ("tour_conditions", "not all three conditions (able to perform, refused on request, serious consequences) were met", "未同时满足能够履行、经要求仍拒绝履行、造成严重后果三个条件"),
        /// No losses.
        NoLosses = ("no_losses", "no losses were proven", "未证明损失"),
        /// Not goods.
        NotGoods = ("not_goods", "the purchase is a service, not goods", "所购为服务而非商品"),
        /// No quality defect.
        NoQualityDefect = ("no_quality_defect", "the goods were not found short of quality requirements", "未认定商品不符合质量要求"),
        /// Special regime governs.
        SpecialRegime = ("special_regime", "state 三包 rules govern these goods and take precedence", "此类商品适用国家三包规定，优先适用"),
        /// Not a distance sale.
        NotDistanceSale = ("not_distance_sale", "not bought at a distance (internet, TV, phone, mail order)", "非网络、电视、电话、邮购等方式购买"),
        /// Excluded.
        Excluded = ("excluded", "the goods fall under an exclusion from no-reason return", "商品属于不适用无理由退货的范围"),
        /// Not intact.
        NotIntact = ("not_intact", "the goods are not intact", "商品不完好"),
        /// Window passed.
        WindowPassed = ("window_passed", "the request or the fault came after the period", "请求或故障发生在期限之后"),
        /// Not warranty goods.
        NotWarrantyGoods = ("not_warranty_goods", "the goods are not listed under the general 三包 rules", "不属于部分商品三包目录商品"),
        /// Repairs below two / still working.
        RepairsNotMet = ("repairs_not_met", "not repaired {sanbao_1995_11_repairs} times in the warranty period and still faulty", "三包有效期内未修理{sanbao_1995_11_repairs}次或修理后已能正常使用"),
        /// Not a car.
        NotCar = ("not_car", "the purchase is not a family car", "所购不是家用汽车"),
        /// Car exemption.
        CarExempt = ("car_exempt", "the seller proved an Art. 32 exemption", "销售者已证明第三十二条免责情形"),
        /// Condition not met.
        ConditionNotMet = ("condition_not_met", "the condition the article names is not met", "不符合本条规定的情形"),
        /// Beyond the warranty period.
        BeyondPeriod = ("beyond_period", "the fault appeared after the period or the mileage", "故障发生在期限或里程之外"),
        /// Not prepaid.
        NotPrepaid = ("not_prepaid", "not a prepaid consumption contract", "不是预付式消费合同"),
        /// Cooling-off exception.
        AlreadyObtained = ("already_obtained", "the consumer already had the same goods or services when signing (Art. 14 exception)", "消费者订立合同时已获得过相同商品或服务（第十四条但书）"),
        /// Cooling-off applies instead.
        CoolingOffInstead = ("cooling_off_instead", "the whole principal is refunded under the {prepaid_2025_14_days}-day cooling-off", "已按{prepaid_2025_14_days:zh}日内规则返还全部本金"),
        /// Unlimited-use rule instead.
        UnlimitedInstead = ("unlimited_instead", "an unlimited-use contract: Art. 22 computes the refund", "不限次数合同，按第二十二条计算"),
        /// Not unlimited.
        NotUnlimited = ("not_unlimited", "not an unlimited-use contract", "不是不限次数服务合同"),
        /// No interest facts.
        NoInterestFacts = ("no_interest_facts", "no interest was asked for (no rate given)", "未请求利息（未提供利率）"),
        /// Basis mismatch.
        RateBasisMismatch = ("rate_basis_mismatch", "Art. 16 calls for the LPR when the operator caused the refund and the deposit rate when the consumer did", "第十六条：经营者原因适用LPR，消费者原因适用定期存款基准利率"),
        /// No default rate.
        NoDefaultRate = ("no_default_rate", "Art. 16 names no default rate when neither party caused the refund: an agreed rate is needed", "非因双方原因退款时第十六条未规定默认利率，需约定利率"),
        /// No refund to bear interest.
        NoRefund = ("no_refund", "no refund is due", "无应返还的款项"),
        /// Not for living consumption.
        NotLivingConsumption = ("not_living_consumption", "not bought for living consumption: the consumer-protection regime does not apply (CRPL Art. 2)", "非为生活消费需要购买，不适用消费者权益保护规定（消费者权益保护法第二条）"),
        /// No minor's payment is claimed.
        NotMinor = ("not_minor", "no payment by a minor is claimed", "未主张未成年人支付"),
        /// The payer was an adult on the payment date.
        Adult = ("adult", "the payer was {civil_2020_17_adult_age} or over on the payment date (Civil Code Art. 17)", "付款时付款人已满{civil_2020_17_adult_age}周岁（民法典第十七条）"),
        /// A self-supporting minor of 16 or 17.
        SelfSupporting = ("self_supporting", "the payer was {civil_2020_18_age} or over and lived mainly on their own labour income: full capacity (Civil Code Art. 18 para. 2)", "付款人已满{civil_2020_18_age}周岁且以自己的劳动收入为主要生活来源，视为完全民事行为能力人（民法典第十八条第二款）"),
        /// The payment suits the minor's age.
        AppropriateToAge = ("appropriate_to_age", "the payment is appropriate to the minor's age and intelligence: valid (Civil Code Art. 19)", "支付与未成年人的年龄、智力相适应，有效（民法典第十九条）"),
        /// The guardian consented or ratified.
        GuardianConsented = ("guardian_consented", "the guardian consented to or ratified the payment (Civil Code Art. 19, Art. 145)", "监护人已同意或追认（民法典第十九条、第一百四十五条）"),
        /// The seller is not an operator.
        NotOperator = ("not_operator", "the seller is not a business operator (a person selling their own second-hand goods): the consumer-protection regime does not apply (SPC Fa Shi [2022] No. 8 Art. 7)", "出卖人不是经营者（个人出售自有闲置物品），不适用消费者权益保护规定（法释〔2022〕8号第七条）"),
    }
}

vocabulary! {
    /// Remarks on the whole assessment.
    Flag {
        /// A rule marked \[U\] was applied.
        UnverifiedRule = ("unverified_rule", "a rule marked unverified [U] in the reference was applied: legal review needed", "适用了参考资料中标记为未核实[U]的规则，需法律审核"),
        /// A rule marked \[S\] was applied.
        SecondaryRule = ("secondary_rule", "a rule checked only against secondary sources [S] was applied", "适用了仅经二手资料核对[S]的规则"),
        /// A policy override changed a statutory number.
        PolicyOverride = ("policy_override", "a statutory number was replaced by the policy", "法定数值已按政策调整"),
        /// No calendar data for the holiday extension.
        NoCalendar = ("no_calendar", "no calendar data: holiday extension and working-day deadlines were not computed", "缺少日历数据：未计算节假日顺延和工作日期限"),
        /// Food/drug election: the larger option is proposed.
        ConsumerElects = ("consumer_elects", "the consumer elects between the price multiple and the losses multiple; presenting the larger is a default (reference §9.8)", "价款倍数或损失倍数由消费者选择，默认列出较高者（参考资料§9.8）"),
        /// Range for the court.
        RangeForCourt = ("range_for_court", "an amount is a range the court sets within", "部分金额为法院酌定的范围"),
        /// The claimed cap applied.
        ClaimCap = ("claim_cap", "the proposal was reduced to the amount claimed", "建议金额以消费者请求金额为限"),
        /// The 2024 SPC interpretation was applied.
        SpcFoodInterpretation = ("spc_food_2024", "SPC Fa Shi [2024] No. 9 applies to cases not finally decided by 2024-08-22", "法释〔2024〕9号适用于2024年8月22日尚未终审的案件"),
        /// Prepaid: selected by payment date.
        PrepaidByPaymentDate = ("prepaid_by_payment_date", "SPC Fa Shi [2025] No. 4 is selected by the payment date; whether it reaches earlier contracts in later cases is unsettled", "法释〔2025〕4号按付款日期选择适用；是否适用于此前订立的合同尚无定论"),
        /// Missing facts.
        MissingFacts = ("missing_facts", "some rules need facts that were not established", "部分规则所需事实尚未认定"),
        /// The claim does not say whether the purchase was for living consumption from an
        /// operator: the consumer rules were assessed on that default.
        ConsumerScopePresumed = ("consumer_scope_presumed", "the claim does not say whether the purchase was for living consumption (CRPL Art. 2) or whether the seller is an operator (SPC Fa Shi [2022] No. 8 Art. 7): the consumer rules were assessed as if both held, and list the fact as missing", "未载明是否为生活消费需要（消费者权益保护法第二条）或出卖人是否为经营者（法释〔2022〕8号第七条）：按二者均成立评估消费者权益规则，并列为缺少的事实"),
        /// A bulk quantity of food or drugs, no reasonable quantity found.
        BulkQuantity = ("bulk_quantity", "a large quantity for living consumption: if the operator proves the buyer knew, ten-fold damages are limited to a reasonable quantity, and purchases of the same goods in a short time are counted together (SPC Fa Shi [2024] No. 9 Arts. 12–14); no reasonable quantity was found", "数量较大：经营者证明购买者明知的，惩罚性赔偿以合理生活消费数量为限，短时间内多次购买同一商品合并计算（法释〔2024〕9号第十二条至第十四条）；尚未认定合理数量"),
        /// Outside the consumer-protection regime: contract remedies only.
        ContractRemediesOnly = ("contract_remedies_only", "not a consumer purchase (not for living consumption, or not from an operator): only contract remedies remain — repair, replacement, return, price reduction and damages (Civil Code Art. 577, Art. 582, Art. 583) — with no consumer-law punitive damages", "非消费者权益保护法调整的消费（非生活消费或出卖人非经营者）：仅可主张合同责任——修理、更换、退货、减少价款及赔偿损失（民法典第五百七十七条、第五百八十二条、第五百八十三条），不适用消费者权益保护法上的惩罚性赔偿"),
    }
}

/// Remarks on the whole assessment.
pub type FlagSet = Set<Flag>;

vocabulary! {
    /// What a computation step computes.
    Label {
        /// The price base for a reasonable quantity.
        ReasonableQuantity = ("reasonable_quantity", "price of the reasonable quantity", "合理数量的价款"),
        /// Price option / multiplier of the price.
        PriceMultiple = ("price_multiple", "multiple of the price paid", "价款倍数"),
        /// Loss option.
        LossMultiple = ("loss_multiple", "multiple of the losses", "损失倍数"),
        /// The consumer's election.
        Election = ("election", "the larger option (consumer elects)", "较高者（消费者选择）"),
        /// Statutory minimum.
        Minimum = ("minimum", "statutory minimum", "法定最低额"),
        /// Range lower bound.
        RangeLow = ("range_low", "lower end of the range", "范围下限"),
        /// Range upper bound.
        RangeHigh = ("range_high", "upper end of the range", "范围上限"),
        /// Refund amount.
        Refund = ("refund", "refund", "退款"),
        /// Redeemed value.
        Redeemed = ("redeemed", "value of goods or services redeemed", "已兑付商品或服务的价款"),
        /// Costs deducted.
        Costs = ("costs", "reasonable costs of the operator", "经营者的合理费用"),
        /// Whole term, in days.
        WholeTerm = ("whole_term", "days of the whole term (first and last day included)", "履行期限天数（首日和末日均计入）"),
        /// Remaining term, in days.
        RemainingDays = ("remaining_days", "days of the term left unperformed (from the day performance ended to the last day of the term, both included)", "未履行的剩余期限天数（自履行终止之日起至期限末日，首尾均计入）"),
        /// Remaining term.
        RemainingTerm = ("remaining_term", "share of the remaining term", "剩余履行期限比例"),
        /// Depreciation.
        Depreciation = ("depreciation", "depreciation", "折旧费"),
        /// The use coefficient applied.
        UseCoefficient = ("use_coefficient", "use coefficient n: the certificate's, at most the statutory maximum", "使用补偿系数n：三包凭证载明的系数，不高于法定上限"),
        /// Use-compensation fee.
        UseFee = ("use_fee", "use-compensation fee", "使用补偿费"),
        /// Interest.
        Interest = ("interest", "interest", "利息"),
        /// The unperformed part of a service.
        Unperformed = ("unperformed", "fee of the part of the service not yet performed", "未履行部分的服务费用"),
        /// Losses less the consumer's share of fault.
        FaultShare = ("fault_share", "losses less the consumer's own share of fault (Civil Code Art. 1173)", "扣除消费者自身过错部分后的损失（民法典第一千一百七十三条）"),
        /// Age on the day of the act.
        Age = ("age", "completed years of age on the payment date (the day after a birthday, one more)", "付款日的周岁年龄（自生日次日起增加一岁）"),
        /// Total.
        Total = ("total", "total of the proposed items", "建议项目合计"),
        /// Claimed cap.
        ClaimCap = ("claim_cap", "limited to the amount claimed", "以请求金额为限"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_iterate_their_members_in_vocabulary_order() {
        let set = FlagSet::new()
            .with(Flag::MissingFacts)
            .with(Flag::UnverifiedRule)
            .with(Flag::ClaimCap);
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [Flag::UnverifiedRule, Flag::ClaimCap, Flag::MissingFacts]
        );
        assert_eq!(FlagSet::new().iter().count(), 0);
        let all = Reason::ALL
            .iter()
            .fold(Set::<Reason>::new(), |s, r| s.with(*r));
        assert_eq!(all.iter().collect::<Vec<_>>(), Reason::ALL);
    }

    #[test]
    fn vocabulary_serialises_with_both_languages() {
        assert_eq!(
            serde_json::to_string(&RemedyStatus::Expired).unwrap(),
            r#"{"code":"expired","en":"expired: requested after the last day","zh":"已逾期"}"#
        );
        let set = FlagSet::new().with(Flag::ClaimCap);
        assert!(set.contains(Flag::ClaimCap));
        assert_eq!(set.iter().count(), 1);
    }

    /// Every placeholder names a parameter; the texts with the table's numbers read as before.
    #[test]
    fn vocabulary_texts_state_numbers_through_the_table() {
        fn check<T: Vocabulary>() {
            for v in T::ALL {
                for t in [v.en_template(), v.zh_template()] {
                    for (code, _) in crate::text::placeholders(t) {
                        assert!(
                            crate::table::ParamId::from_code(code).is_some(),
                            "{}: unknown {code}",
                            v.code()
                        );
                    }
                }
            }
        }
        check::<ItemKind>();
        check::<Note>();
        check::<RemedyKind>();
        check::<RemedyStatus>();
        check::<WindowKind>();
        check::<Extension>();
        check::<Condition>();
        check::<Outcome>();
        check::<Reason>();
        check::<Flag>();
        check::<Label>();
        assert_eq!(
            RemedyKind::CourtesyCar.en(),
            "courtesy car or reasonable transport compensation from day 6 of the repair"
        );
        assert_eq!(RemedyKind::NoReasonReturn.zh(), "七日无理由退货");
        assert_eq!(
            Note::CoefficientCapped.zh(),
            "三包凭证载明的系数高于0.5%上限，按上限计算"
        );
        let policy = Policy::default()
            .with_override(
                crate::table::ParamId::SanbaoRepairsBeforeReplacement,
                3.into(),
            )
            .unwrap();
        assert_eq!(
            Reason::RepairsNotMet.en_under(&policy),
            "not repaired 3 times in the warranty period and still faulty"
        );
    }

    #[test]
    fn vocabularies_fit_their_sets() {
        assert!(Reason::ALL.len() <= 64);
        for (i, r) in Reason::ALL.iter().enumerate() {
            assert_eq!(r.index() as usize, i);
        }
    }
}
