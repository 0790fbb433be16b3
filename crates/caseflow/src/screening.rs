//! Screening a complaint against the non-acceptance grounds its own facts decide: not for
//! living consumption or not against an operator (SAMR Order No. 20 Art. 15 item (3), Order
//! No. 121 Art. 16 item (3)), the three-year bar (item (4)), and earlier handling of the same
//! dispute (item (2)). Each ground is computed from the complaint, not only recorded: it is
//! `established`, `not_established`, `missing_facts` (with the JSON pointers the complaint
//! leaves unknown — never presumed) or `undetermined` (the calendar cannot say where the bar
//! ends), with the citations it rests on and, for the bar, the computation written out.
//!
//! The handler still records the decision (`not_accepted` with its ground): the screening
//! says which grounds the facts establish, so that the decision can be checked against it.
//!
//! ```
//! use weiquan_caseflow::screening::{screen, Status};
//! use weiquan_caseflow::{NonAcceptanceGround, ProcedureSelection};
//! use weiquan_complaint::{Complaint, Dispute, Purpose};
//!
//! let mut c: Complaint = weiquan_synth::generate::Generator::new(1).next().unwrap();
//! c.received_at = "2024-05-11T10:00:00+08:00".parse()?;
//! c.purchase.purchase_date = "2021-05-01".parse()?;
//! c.purchase.receipt_date = None;
//! c.purchase.purpose = Some(Purpose::LivingConsumption);
//! c.dispute = Some(Dispute { known_on: Some("2021-05-10".parse()?), ..Dispute::default() });
//! let s = screen(&c, ProcedureSelection::MarketRegulation)?;
//! // Known on 2021-05-10: three years end on 2024-05-10, a Friday; received the next day.
//! let bar = s.time_bar.as_ref().ok_or("no bar")?;
//! assert_eq!(bar.last_day.to_string(), "2024-05-10");
//! assert_eq!(s.status(NonAcceptanceGround::TimeBarred), Some(Status::Established));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{Months, NaiveDate};
use serde::Serialize;
use weiquan_complaint::{Complaint, EarlierHandler, Purpose};
use weiquan_law::{Citation, Reliability, instruments};

use crate::cal::Calendar;
use crate::error::Error;
use crate::event::legal_day;
use crate::grounds::{self, ListItem, NonAcceptanceGround};
use crate::procedure::{Procedure, ProcedureSelection};

/// What the facts say about one ground.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The facts establish the ground: the complaint is not to be accepted on it.
    Established,
    /// The facts rule the ground out.
    NotEstablished,
    /// A fact the ground turns on is not in the complaint (listed in `missing`).
    MissingFacts,
    /// The facts are known but the calendar cannot say where the period ends (a last day in
    /// a year no holiday notice covers, and the complaint came after it).
    Undetermined,
}

/// Why a ground came out as it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Because {
    /// Bought for living consumption from an operator.
    ConsumerPurchase,
    /// Not bought for living consumption.
    NotLivingConsumption,
    /// The respondent is not an operator (a person selling their own second-hand goods).
    RespondentNotOperator,
    /// Whether the purchase was for living consumption, or the respondent an operator, is
    /// not known.
    ScopeUnknown,
    /// Received within the three years.
    WithinBar,
    /// Received after the last day of the three years.
    AfterBar,
    /// The day the consumer knew is not known.
    KnownOnUnknown,
    /// No calendar data for the last day.
    NoCalendar,
    /// Nobody handled the dispute before.
    NotHandledBefore,
    /// A body the procedure lists handled it before.
    HandledByListedBody,
    /// A body handled it that the procedure's list does not name.
    HandlerNotListed,
    /// Whether and by whom the dispute was handled before is not known.
    EarlierHandlingUnknown,
}

impl Because {
    /// The snake_case code.
    pub fn code(self) -> &'static str {
        self.texts().0
    }
    /// In English.
    pub fn en(self) -> &'static str {
        self.texts().1
    }
    /// In Chinese.
    pub fn zh(self) -> &'static str {
        self.texts().2
    }
    fn texts(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Because::ConsumerPurchase => (
                "consumer_purchase",
                "bought for living consumption from an operator",
                "为生活消费需要向经营者购买",
            ),
            Because::NotLivingConsumption => (
                "not_living_consumption",
                "not bought for living consumption",
                "非为生活消费需要购买",
            ),
            Because::RespondentNotOperator => (
                "respondent_not_operator",
                "the respondent is not an operator: no consumer-rights dispute with an operator",
                "被投诉人不是经营者，不存在与经营者之间的消费者权益争议",
            ),
            Because::ScopeUnknown => (
                "scope_unknown",
                "the complaint does not say whether the purchase was for living consumption, or whether the respondent is an operator",
                "投诉未载明是否为生活消费需要或被投诉人是否为经营者",
            ),
            Because::WithinBar => (
                "within_bar",
                "received within three years of the day the consumer knew or should have known",
                "自知道或者应当知道权益受侵害之日起三年内投诉",
            ),
            Because::AfterBar => (
                "after_bar",
                "received after the last day of the three years",
                "投诉时已超过三年期间的末日",
            ),
            Because::KnownOnUnknown => (
                "known_on_unknown",
                "the day the consumer knew or should have known of the infringement is not given",
                "未载明知道或者应当知道权益受侵害的日期",
            ),
            Because::NoCalendar => (
                "no_calendar",
                "the calendar has no data for the last day: whether it moves past a rest day is unknown",
                "日历缺少末日所在年份的数据，无法确定是否顺延",
            ),
            Because::NotHandledBefore => (
                "not_handled_before",
                "no other body accepted or handled the same dispute",
                "同一争议未经其他机构受理或处理",
            ),
            Because::HandledByListedBody => (
                "handled_by_listed_body",
                "a body the procedure lists accepted or handled the same dispute",
                "本程序所列机构已受理或处理过同一争议",
            ),
            Because::HandlerNotListed => (
                "handler_not_listed",
                "the body that handled it is not in the procedure's list",
                "处理过该争议的机构不在本程序所列范围内",
            ),
            Because::EarlierHandlingUnknown => (
                "earlier_handling_unknown",
                "the complaint does not say whether the same dispute was handled before",
                "投诉未载明同一争议是否经其他机构处理",
            ),
        }
    }
}

/// One ground of the procedure's list, as the complaint's facts decide it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroundCheck {
    /// The ground, as the procedure's list names it.
    pub ground: NonAcceptanceGround,
    /// What the facts say.
    pub status: Status,
    /// Why.
    pub because: Because,
    /// JSON pointers of the complaint's facts that are missing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<&'static str>,
    /// The item of the procedure's list first, then what the decision rests on.
    pub citations: Vec<Citation<'static>>,
}

/// One step of the three-year computation, in both languages, with its articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// In English.
    pub en: String,
    /// In Chinese.
    pub zh: String,
    /// What the step applies.
    pub citations: Vec<Citation<'static>>,
}

/// The three-year bar, computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeBar {
    /// The day the consumer knew or should have known of the infringement.
    pub known_on: NaiveDate,
    /// The length of the period in years (from [`TIME_BARS`]).
    pub years: u32,
    /// The corresponding day (Civil Code Art. 202), or the month's last day when there is
    /// none.
    pub last_day: NaiveDate,
    /// Where a last day on a rest day moved (Civil Code Art. 203), when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_to: Option<NaiveDate>,
    /// The calendar answered from the statutory holiday list only, for a year no notice
    /// covers yet.
    pub provisional: bool,
    /// The computation, step by step.
    pub steps: Vec<Step>,
}

impl TimeBar {
    /// The last day on which a complaint is in time, when the calendar could tell.
    pub fn effective_last_day(&self) -> NaiveDate {
        self.extended_to.unwrap_or(self.last_day)
    }
}

/// The result of screening a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Screening {
    /// The procedure the complaint falls under.
    pub procedure: Procedure,
    /// The legal day of receipt.
    pub received_on: NaiveDate,
    /// Each ground the complaint's facts decide, in the order of the procedure's list.
    pub grounds: Vec<GroundCheck>,
    /// The three-year bar, when the procedure has one and the day of knowledge is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_bar: Option<TimeBar>,
}

impl Screening {
    /// What the facts say about `ground`, when the screening decides it.
    pub fn status(&self, ground: NonAcceptanceGround) -> Option<Status> {
        self.grounds
            .iter()
            .find(|g| g.ground == ground)
            .map(|g| g.status)
    }

    /// The grounds the facts establish.
    pub fn established(&self) -> impl Iterator<Item = NonAcceptanceGround> + '_ {
        self.grounds
            .iter()
            .filter(|g| g.status == Status::Established)
            .map(|g| g.ground)
    }

    /// Every (ground, JSON pointer) the complaint leaves unknown.
    pub fn missing_facts(&self) -> impl Iterator<Item = (NonAcceptanceGround, &'static str)> + '_ {
        self.grounds
            .iter()
            .flat_map(|g| g.missing.iter().map(move |p| (g.ground, *p)))
    }

    /// The screening as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// One row of the three-year bar: the procedure, its length, and what it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BarRule {
    /// The procedure whose non-acceptance list has the bar.
    pub procedure: Procedure,
    /// Years from the day the consumer knew or should have known.
    pub years: u32,
    /// The item of the list, then the Civil Code limitation period it mirrors.
    pub citations: &'static [Citation<'static>],
}

const CIVIL: Citation<'static> = Citation::of(&instruments::CIVIL_CODE);
/// Civil Code Art. 201: a period starts the day after.
const ART_201: Citation<'static> = CIVIL.art(201);
/// Civil Code Art. 202: a period in years ends on the corresponding day, or the month's end.
const ART_202: Citation<'static> = CIVIL.art(202);
/// Civil Code Art. 203: a last day on a statutory rest day moves to the day after it ends.
const ART_203: Citation<'static> = CIVIL.art(203).para(1);
/// Civil Code Art. 188 para. 1: three years from knowing or should have known.
const ART_188: Citation<'static> = CIVIL.art(188).para(1);

/// The three-year bar of each market-regulation procedure: one place for the number. The
/// consumer association's list (as a secondary source gives it) has no bar.
pub const TIME_BARS: &[BarRule] = &[
    BarRule {
        procedure: Procedure::SamrOrder20,
        years: 3,
        citations: &[
            Citation::of(&instruments::SAMR_ORDER_20).art(15).item(4),
            ART_188,
        ],
    },
    BarRule {
        procedure: Procedure::SamrOrder121,
        years: 3,
        citations: &[
            Citation::of(&instruments::SAMR_ORDER_121).art(16).item(4),
            ART_188,
        ],
    },
];

/// CRPL Art. 2: the law covers purchases for living consumption.
const CRPL_2: Citation<'static> = Citation::of(&instruments::CRPL).in_version(2013).art(2);
/// CRPL Art. 3: operators' duties when they supply goods or services.
const CRPL_3: Citation<'static> = Citation::of(&instruments::CRPL).in_version(2013).art(3);
/// SPC Fa Shi [2022] No. 8 Art. 7: a seller on a second-hand platform is an operator when
/// the nature, source, quantity, price and frequency of its sales show it.
const ONLINE_7: Citation<'static> = Citation::of(&instruments::SPC_ONLINE_CONSUMPTION_2022)
    .art(7)
    .marked(Reliability::Secondary)
    .noted(
        "the article's content is not in the project's reference",
        "本条内容未见于项目参考资料",
    );

/// Screens a complaint with the crate's default calendar ([`crate::default_calendar`]).
pub fn screen(complaint: &Complaint, selection: ProcedureSelection) -> Result<Screening, Error> {
    screen_on(crate::default_calendar(), complaint, selection)
}

/// Screens a complaint, counting the bar's last day with `calendar`.
pub fn screen_on(
    calendar: &Calendar,
    complaint: &Complaint,
    selection: ProcedureSelection,
) -> Result<Screening, Error> {
    let received_on = legal_day(complaint.received_at);
    let procedure = selection.resolve(received_on)?;
    let mut out = Screening {
        procedure,
        received_on,
        grounds: Vec::with_capacity(3),
        time_bar: None,
    };
    if let Some(g) = earlier_handling(procedure, complaint) {
        out.grounds.push(g);
    }
    if let Some(g) = scope(procedure, complaint) {
        out.grounds.push(g);
    }
    if let Some((g, bar)) = time_bar(calendar, procedure, received_on, complaint) {
        out.grounds.push(g);
        out.time_bar = bar;
    }
    Ok(out)
}

/// The row of `procedure`'s non-acceptance list for `ground`, as the first citation.
fn listed(procedure: Procedure, ground: NonAcceptanceGround) -> Option<Citation<'static>> {
    grounds::find(procedure, ListItem::NonAcceptance(ground)).map(|r| r.citation)
}

fn check(
    ground: NonAcceptanceGround,
    status: Status,
    because: Because,
    missing: Vec<&'static str>,
    citations: Vec<Citation<'static>>,
) -> GroundCheck {
    GroundCheck {
        ground,
        status,
        because,
        missing,
        citations,
    }
}

/// Item (3): not for living consumption, or no consumer-rights dispute with the respondent
/// (a respondent who is not an operator). A consumer association lists no such item: a
/// dispute outside the CRPL is its "other matters" item.
fn scope(procedure: Procedure, c: &Complaint) -> Option<GroundCheck> {
    let ground = if procedure.is_market_regulation() {
        NonAcceptanceGround::NotLivingConsumption
    } else {
        NonAcceptanceGround::OtherLegal
    };
    let item = listed(procedure, ground)?;
    let purpose = c.purchase.purpose;
    let operator = c.business.is_operator;
    Some(if purpose == Some(Purpose::NotLivingConsumption) {
        check(
            ground,
            Status::Established,
            Because::NotLivingConsumption,
            Vec::new(),
            vec![item, CRPL_2],
        )
    } else if operator == Some(false) {
        check(
            ground,
            Status::Established,
            Because::RespondentNotOperator,
            Vec::new(),
            vec![item, CRPL_3, ONLINE_7],
        )
    } else if purpose.is_some() && operator.is_some() {
        check(
            ground,
            Status::NotEstablished,
            Because::ConsumerPurchase,
            Vec::new(),
            vec![item, CRPL_2, CRPL_3],
        )
    } else {
        let mut missing = Vec::with_capacity(2);
        if purpose.is_none() {
            missing.push("/purchase/purpose");
        }
        if operator.is_none() {
            missing.push("/business/is_operator");
        }
        check(
            ground,
            Status::MissingFacts,
            Because::ScopeUnknown,
            missing,
            vec![item, CRPL_2, CRPL_3, ONLINE_7],
        )
    })
}

/// Item (2): the same dispute accepted or handled before. Order No. 20 lists "other lawfully
/// established mediation organisations"; Order No. 121 does not; the association's list
/// names courts, administrative departments and arbitration bodies only.
fn earlier_handling(procedure: Procedure, c: &Complaint) -> Option<GroundCheck> {
    let ground = NonAcceptanceGround::AlreadyHandled;
    let item = listed(procedure, ground)?;
    let by = c.dispute.as_ref().and_then(|d| d.earlier_handled_by);
    let Some(by) = by else {
        return Some(check(
            ground,
            Status::MissingFacts,
            Because::EarlierHandlingUnknown,
            vec!["/dispute/earlier_handled_by"],
            vec![item],
        ));
    };
    let listed_body = match (procedure, by) {
        (_, EarlierHandler::None) => None,
        (
            _,
            EarlierHandler::Court
            | EarlierHandler::Arbitration
            | EarlierHandler::MarketRegulation
            | EarlierHandler::OtherAdministrative,
        ) => Some(true),
        (Procedure::SamrOrder20 | Procedure::SamrOrder121, EarlierHandler::ConsumerAssociation) => {
            Some(true)
        }
        (Procedure::SamrOrder20, EarlierHandler::OtherMediationOrganisation) => Some(true),
        _ => Some(false),
    };
    Some(match listed_body {
        None => check(
            ground,
            Status::NotEstablished,
            Because::NotHandledBefore,
            Vec::new(),
            vec![item],
        ),
        Some(true) => check(
            ground,
            Status::Established,
            Because::HandledByListedBody,
            Vec::new(),
            vec![item],
        ),
        Some(false) => check(
            ground,
            Status::NotEstablished,
            Because::HandlerNotListed,
            Vec::new(),
            vec![item],
        ),
    })
}

/// Item (4): more than three years since the consumer knew or should have known, counted
/// as the Civil Code counts periods (Arts. 201–203).
fn time_bar(
    calendar: &Calendar,
    procedure: Procedure,
    received_on: NaiveDate,
    c: &Complaint,
) -> Option<(GroundCheck, Option<TimeBar>)> {
    let ground = NonAcceptanceGround::TimeBarred;
    let rule = TIME_BARS.iter().find(|r| r.procedure == procedure)?;
    let mut citations: Vec<Citation<'static>> = rule.citations.to_vec();
    let Some(known_on) = c.dispute.as_ref().and_then(|d| d.known_on) else {
        return Some((
            check(
                ground,
                Status::MissingFacts,
                Because::KnownOnUnknown,
                vec!["/dispute/known_on"],
                citations,
            ),
            None,
        ));
    };
    citations.extend([ART_201, ART_202, ART_203]);
    let bar = compute_bar(calendar, rule, known_on);
    let (status, because) = match (received_on <= bar.last_day, bar.extended_to) {
        (true, _) => (Status::NotEstablished, Because::WithinBar),
        (false, Some(to)) if received_on <= to => (Status::NotEstablished, Because::WithinBar),
        (false, Some(_)) => (Status::Established, Because::AfterBar),
        (false, None) if bar_roll_known(calendar, bar.last_day) => {
            (Status::Established, Because::AfterBar)
        }
        (false, None) => (Status::Undetermined, Because::NoCalendar),
    };
    Some((
        check(ground, status, because, Vec::new(), citations),
        Some(bar),
    ))
}

/// Whether the calendar can say whether `d` is a working day.
fn bar_roll_known(calendar: &Calendar, d: NaiveDate) -> bool {
    calendar.is_working_day(d).is_ok()
}

/// The bar's last day and its computation: the period starts the day after `known_on`
/// (Art. 201); `years` later it ends on the corresponding day, or the last day of that month
/// when there is none (Art. 202: 2020-02-29 → 2023-02-28); a last day on a rest day moves to
/// the next working day (Art. 203).
pub fn compute_bar(calendar: &Calendar, rule: &BarRule, known_on: NaiveDate) -> TimeBar {
    let mut steps = Vec::with_capacity(3);
    let start = known_on.succ_opt().unwrap_or(known_on);
    steps.push(Step {
        en: format!("known on {known_on}: the period starts on {start}"),
        zh: format!("{known_on}知道或者应当知道，期间自{start}起算"),
        citations: vec![ART_201],
    });
    // chrono clamps to the month's last day when the corresponding day does not exist,
    // which is what Art. 202 prescribes.
    let last_day = known_on
        .checked_add_months(Months::new(rule.years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX);
    let corresponding = chrono::Datelike::day(&last_day) == chrono::Datelike::day(&known_on);
    let (en, zh) = if corresponding {
        (
            format!(
                "{} years end on the corresponding day, {last_day}",
                rule.years
            ),
            format!("{}年期间届满日为对应日{last_day}", rule.years),
        )
    } else {
        (
            format!(
                "{} years: the month has no corresponding day, the period ends on its last day, {last_day}",
                rule.years
            ),
            format!(
                "{}年期间：到期月份无对应日，以该月末日{last_day}为期间末日",
                rule.years
            ),
        )
    };
    let mut first = rule.citations.to_vec();
    first.push(ART_202);
    steps.push(Step {
        en,
        zh,
        citations: first,
    });
    let (extended_to, provisional) = match calendar.roll_to_working_day_marked(last_day) {
        Ok(m) => {
            let to = m.value;
            if to == last_day {
                steps.push(Step {
                    en: format!("{last_day} is a working day: no extension"),
                    zh: format!("{last_day}为工作日，不顺延"),
                    citations: vec![ART_203],
                });
                (None, m.provisional)
            } else {
                steps.push(Step {
                    en: format!("{last_day} is a rest day: the period ends on {to}"),
                    zh: format!("{last_day}为法定休假日，期间顺延至{to}"),
                    citations: vec![ART_203],
                });
                (Some(to), m.provisional)
            }
        }
        Err(_) => {
            steps.push(Step {
                en: format!("no calendar data for {last_day}: the extension was not checked"),
                zh: format!("缺少{last_day}的日历数据，未核对是否顺延"),
                citations: vec![ART_203],
            });
            (None, false)
        }
    };
    TimeBar {
        known_on,
        years: rule.years,
        last_day,
        extended_to,
        provisional,
        steps,
    }
}
