//! Events: what happened to a case, when, and who did it.

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use weiquan_complaint::{CST, Yuan};

use crate::grounds::{
    NonAcceptanceGround, PartyConduct, TerminationGround, TestingDispute, TransferBasis,
};
use crate::limits::DeadlineKind;
use crate::policy::Policy;
use crate::procedure::Procedure;

/// The legal day of an instant: its date in China Standard Time (UTC+8).
pub fn legal_day(at: DateTime<FixedOffset>) -> NaiveDate {
    at.with_timezone(&CST).date_naive()
}

/// Who caused an event.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The complainant (or their agent).
    Consumer,
    /// The business complained about.
    Business,
    /// Staff of the handling body.
    Handler,
    /// The machine itself (deadlines that pass).
    System,
}

impl Actor {
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Actor::Consumer => "投诉人",
            Actor::Business => "被投诉人",
            Actor::Handler => "承办人员",
            Actor::System => "系统",
        }
    }
}

/// A party to the dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The complainant.
    Consumer,
    /// The business complained about.
    Business,
}

/// What a party consents to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentSubject {
    /// Mediation itself (Order No. 20 Art. 16: mediation needs both parties' consent).
    Mediation,
    /// The terms of the agreement.
    Agreement,
    /// Extending a consumer association's mediation period (CCA rules, `[U]`).
    Extension,
}

/// Why mediation is suspended. The first four are Order No. 20 Art. 20's 检定、检验、检测、鉴定.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    /// 检定: metrological verification.
    Verification,
    /// 检验: inspection.
    Inspection,
    /// 检测: testing.
    Testing,
    /// 鉴定: appraisal.
    Appraisal,
    /// 回避: a party applied for a mediator's recusal (Order No. 20 Art. 19).
    Recusal,
}

impl PauseReason {
    /// Whether it is one of the technical examinations of Order No. 20 Art. 20.
    pub fn is_technical(self) -> bool {
        !matches!(self, PauseReason::Recusal)
    }
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            PauseReason::Verification => "检定",
            PauseReason::Inspection => "检验",
            PauseReason::Testing => "检测",
            PauseReason::Appraisal => "鉴定",
            PauseReason::Recusal => "申请回避",
        }
    }
}

/// The consumer's rating of how the complaint was handled.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    /// 满意.
    Satisfied,
    /// 基本满意.
    BasicallySatisfied,
    /// 不满意.
    Dissatisfied,
}

impl Satisfaction {
    /// The snake_case code used in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::BasicallySatisfied => "basically_satisfied",
            Satisfaction::Dissatisfied => "dissatisfied",
        }
    }
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "满意",
            Satisfaction::BasicallySatisfied => "基本满意",
            Satisfaction::Dissatisfied => "不满意",
        }
    }
    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::BasicallySatisfied => "basically satisfied",
            Satisfaction::Dissatisfied => "dissatisfied",
        }
    }
}

/// How an agreement came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Settlement {
    /// Agreement reached in mediation (调解达成协议).
    Mediation,
    /// The parties settled by themselves (自行和解) while the case was open.
    SelfSettlement,
}

/// Who mediates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mediator {
    /// The handling body itself.
    Own,
    /// A consumer association or other lawful mediation body to which a market-regulation
    /// department delegated the mediation (委托调解, Order No. 20 Art. 17). It mediates in the
    /// department's name and on the department's clock.
    Delegated {
        /// The delegate's name, e.g. `石家庄市消费者协会`.
        body: String,
    },
}

/// The opening of a case: what the `received` event carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    /// The complaint's reference (`Complaint::id`).
    pub complaint_id: String,
    /// The submission it was split from, when it also contained a report (举报).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission_id: Option<String>,
    /// The procedure chosen by the receipt date.
    pub procedure: Procedure,
    /// The configurable (`[S]`/`[U]`) choices in force for this case.
    pub policy: Policy,
}

/// What happened, with its payload. The JSON form is externally tagged: `"accepted"`, or
/// `{"not_accepted":{"ground":"time_barred"}}`.
// Read by a hand-written `Deserialize` (`src/event_reader.rs`) that accepts and rejects
// exactly what the derive would; a plain comment, so the JSON Schema's text is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum EventKind {
    /// The complaint was received: opens the case. Only ever the first event.
    Received(Box<Opening>),
    /// A party consented to mediation, to the agreement's terms, or to an extension.
    ConsentGiven {
        /// Who consents.
        party: Party,
        /// To what.
        subject: ConsentSubject,
    },
    /// The department set a date by which the complainant must produce identity documents
    /// (Order No. 121 Art. 10 para. 3).
    IdentityDocumentsRequested {
        /// The date set.
        due: NaiveDate,
    },
    /// The identity documents were produced.
    IdentityDocumentsReceived,
    /// The complaint was accepted (受理) and the complainant notified.
    Accepted,
    /// The complaint was not accepted (不予受理), on a statutory ground.
    NotAccepted {
        /// The ground, from the procedure's list.
        ground: NonAcceptanceGround,
        /// Free-text explanation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// The complaint was sent to another body.
    Transferred {
        /// The receiving body, e.g. `石家庄市长安区市场监督管理局`.
        to: String,
        /// Why, from the procedure's list.
        basis: TransferBasis,
    },
    /// Mediation began (both parties having consented).
    MediationStarted {
        /// Who mediates.
        mediator: Mediator,
    },
    /// Mediation was suspended; the clock stops where the rule says so.
    ClockPaused {
        /// Why.
        reason: PauseReason,
    },
    /// Mediation resumed.
    ClockResumed,
    /// A consumer association's mediation period was extended with both parties' consent.
    MediationExtended,
    /// The dispute was resolved by agreement.
    AgreementReached {
        /// What the consumer recovered (refund, compensation...), 0 for a non-monetary remedy.
        amount_recovered: Yuan,
        /// Mediated or self-settled.
        settlement: Settlement,
    },
    /// Mediation ended without agreement (终止调解), on a statutory ground.
    MediationEnded {
        /// The ground, from the procedure's list.
        ground: TerminationGround,
        /// With `absent_or_refused` (or `no_agreement_possible`): which party did not attend
        /// or refused, and which it was. Order No. 20 lists only the respondent's refusal,
        /// Order No. 121 either party's. Absent in logs written before it existed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<PartyConduct>,
        /// With `no_agreement_on_testing`: whether the parties disagreed on the technical body
        /// or on who pays (Order No. 121 lists only the costs).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        testing: Option<TestingDispute>,
        /// Free-text explanation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// The parties were notified that mediation ended.
    TerminationNotified,
    /// The complainant withdrew the complaint.
    Withdrawn,
    /// The consumer association supports the consumer's lawsuit (支持起诉, CRPL Art. 37
    /// para. 1 item (7)).
    LitigationSupported,
    /// The case was closed (办结).
    Closed,
    /// The consumer's satisfaction rating.
    SatisfactionRecorded {
        /// The rating.
        rating: Satisfaction,
    },
    /// The return visit (回访, Order No. 121) took place.
    ReturnVisitMade {
        /// The rating given during the visit, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rating: Option<Satisfaction>,
    },
    /// A statutory time limit passed without the act it requires. Produced by
    /// [`Case::elapsed_events`](crate::Case::elapsed_events), never by a hidden timer.
    DeadlineElapsed {
        /// Which time limit.
        deadline: DeadlineKind,
        /// Its due date (the last day of the period).
        due: NaiveDate,
    },
}

/// The kind of an event without its payload: the transition table's event column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(
    missing_docs,
    reason = "each variant mirrors the EventKind variant of the same name"
)]
pub enum EventTag {
    Received,
    ConsentGiven,
    IdentityDocumentsRequested,
    IdentityDocumentsReceived,
    Accepted,
    NotAccepted,
    Transferred,
    MediationStarted,
    ClockPaused,
    ClockResumed,
    MediationExtended,
    AgreementReached,
    MediationEnded,
    TerminationNotified,
    Withdrawn,
    LitigationSupported,
    Closed,
    SatisfactionRecorded,
    ReturnVisitMade,
    DeadlineElapsed,
}

/// Every event tag, in documentation order.
pub const EVENT_TAGS: [EventTag; 20] = [
    EventTag::Received,
    EventTag::ConsentGiven,
    EventTag::IdentityDocumentsRequested,
    EventTag::IdentityDocumentsReceived,
    EventTag::Accepted,
    EventTag::NotAccepted,
    EventTag::Transferred,
    EventTag::MediationStarted,
    EventTag::ClockPaused,
    EventTag::ClockResumed,
    EventTag::MediationExtended,
    EventTag::AgreementReached,
    EventTag::MediationEnded,
    EventTag::TerminationNotified,
    EventTag::Withdrawn,
    EventTag::LitigationSupported,
    EventTag::Closed,
    EventTag::SatisfactionRecorded,
    EventTag::ReturnVisitMade,
    EventTag::DeadlineElapsed,
];

impl EventTag {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EventTag::Received => "received",
            EventTag::ConsentGiven => "consent_given",
            EventTag::IdentityDocumentsRequested => "identity_documents_requested",
            EventTag::IdentityDocumentsReceived => "identity_documents_received",
            EventTag::Accepted => "accepted",
            EventTag::NotAccepted => "not_accepted",
            EventTag::Transferred => "transferred",
            EventTag::MediationStarted => "mediation_started",
            EventTag::ClockPaused => "clock_paused",
            EventTag::ClockResumed => "clock_resumed",
            EventTag::MediationExtended => "mediation_extended",
            EventTag::AgreementReached => "agreement_reached",
            EventTag::MediationEnded => "mediation_ended",
            EventTag::TerminationNotified => "termination_notified",
            EventTag::Withdrawn => "withdrawn",
            EventTag::LitigationSupported => "litigation_supported",
            EventTag::Closed => "closed",
            EventTag::SatisfactionRecorded => "satisfaction_recorded",
            EventTag::ReturnVisitMade => "return_visit_made",
            EventTag::DeadlineElapsed => "deadline_elapsed",
        }
    }
    /// Chinese description for handlers.
    pub fn name_zh(self) -> &'static str {
        match self {
            EventTag::Received => "登记收到投诉",
            EventTag::ConsentGiven => "记录一方当事人同意",
            EventTag::IdentityDocumentsRequested => "要求投诉人限期提供身份证明材料",
            EventTag::IdentityDocumentsReceived => "收到身份证明材料",
            EventTag::Accepted => "决定受理并告知投诉人",
            EventTag::NotAccepted => "决定不予受理并告知投诉人",
            EventTag::Transferred => "移送或退回其他单位",
            EventTag::MediationStarted => "组织调解",
            EventTag::ClockPaused => "调解中止（检定、检验、检测、鉴定或申请回避）",
            EventTag::ClockResumed => "恢复调解",
            EventTag::MediationExtended => "经双方同意延长调解期限",
            EventTag::AgreementReached => "达成调解协议或和解",
            EventTag::MediationEnded => "终止调解",
            EventTag::TerminationNotified => "告知当事人终止调解",
            EventTag::Withdrawn => "投诉人撤回投诉",
            EventTag::LitigationSupported => "支持消费者起诉",
            EventTag::Closed => "办结",
            EventTag::SatisfactionRecorded => "记录投诉人满意度",
            EventTag::ReturnVisitMade => "回访",
            EventTag::DeadlineElapsed => "法定期限届满",
        }
    }
}

impl EventKind {
    /// The kind without its payload.
    pub fn tag(&self) -> EventTag {
        match self {
            EventKind::Received(_) => EventTag::Received,
            EventKind::ConsentGiven { .. } => EventTag::ConsentGiven,
            EventKind::IdentityDocumentsRequested { .. } => EventTag::IdentityDocumentsRequested,
            EventKind::IdentityDocumentsReceived => EventTag::IdentityDocumentsReceived,
            EventKind::Accepted => EventTag::Accepted,
            EventKind::NotAccepted { .. } => EventTag::NotAccepted,
            EventKind::Transferred { .. } => EventTag::Transferred,
            EventKind::MediationStarted { .. } => EventTag::MediationStarted,
            EventKind::ClockPaused { .. } => EventTag::ClockPaused,
            EventKind::ClockResumed => EventTag::ClockResumed,
            EventKind::MediationExtended => EventTag::MediationExtended,
            EventKind::AgreementReached { .. } => EventTag::AgreementReached,
            EventKind::MediationEnded { .. } => EventTag::MediationEnded,
            EventKind::TerminationNotified => EventTag::TerminationNotified,
            EventKind::Withdrawn => EventTag::Withdrawn,
            EventKind::LitigationSupported => EventTag::LitigationSupported,
            EventKind::Closed => EventTag::Closed,
            EventKind::SatisfactionRecorded { .. } => EventTag::SatisfactionRecorded,
            EventKind::ReturnVisitMade { .. } => EventTag::ReturnVisitMade,
            EventKind::DeadlineElapsed { .. } => EventTag::DeadlineElapsed,
        }
    }
}

/// One event: the instant it happened, who caused it, and what it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When (any offset; the legal day is the date in CST).
    pub at: DateTime<FixedOffset>,
    /// Who.
    pub actor: Actor,
    /// What, with its payload.
    pub event: EventKind,
}

impl Event {
    /// An event.
    pub fn new(at: DateTime<FixedOffset>, actor: Actor, event: EventKind) -> Event {
        Event { at, actor, event }
    }
    /// The legal day: the date of `at` in China Standard Time.
    pub fn legal_day(&self) -> NaiveDate {
        legal_day(self.at)
    }
    /// The event's tag.
    pub fn tag(&self) -> EventTag {
        self.event.tag()
    }
}
