//! The states of a case and the outcome it records.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use weiquan_complaint::Yuan;

use crate::event::Settlement;
use crate::grounds::{NonAcceptanceGround, TerminationGround, TransferBasis};

/// Where a case stands: the transition table's state column.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum StateKind {
    /// Received, awaiting the acceptance decision.
    Received,
    /// Accepted, mediation not yet begun.
    Accepted,
    /// Not accepted, on a statutory ground (see the case's outcome).
    NotAccepted,
    /// Sent to another body (see the case's outcome).
    Transferred,
    /// Mediation under way.
    InMediation,
    /// Mediation suspended for testing, appraisal or a recusal application.
    MediationPaused,
    /// Mediation ended without agreement, with the ground.
    MediationEnded,
    /// Resolved by agreement, with the amount recovered.
    Resolved,
    /// Withdrawn by the complainant.
    Withdrawn,
    /// The consumer association supports the consumer's lawsuit.
    LitigationSupported,
    /// Closed (办结); a satisfaction rating may be recorded.
    Closed,
}

/// Every state, in documentation order.
pub const STATES: [StateKind; 11] = [
    StateKind::Received,
    StateKind::Accepted,
    StateKind::NotAccepted,
    StateKind::Transferred,
    StateKind::InMediation,
    StateKind::MediationPaused,
    StateKind::MediationEnded,
    StateKind::Resolved,
    StateKind::Withdrawn,
    StateKind::LitigationSupported,
    StateKind::Closed,
];

impl StateKind {
    /// The snake_case name used in JSON and in the diagrams.
    pub fn as_str(self) -> &'static str {
        match self {
            StateKind::Received => "received",
            StateKind::Accepted => "accepted",
            StateKind::NotAccepted => "not_accepted",
            StateKind::Transferred => "transferred",
            StateKind::InMediation => "in_mediation",
            StateKind::MediationPaused => "mediation_paused",
            StateKind::MediationEnded => "mediation_ended",
            StateKind::Resolved => "resolved",
            StateKind::Withdrawn => "withdrawn",
            StateKind::LitigationSupported => "litigation_supported",
            StateKind::Closed => "closed",
        }
    }
    /// Chinese name for handlers.
    pub fn name_zh(self) -> &'static str {
        match self {
            StateKind::Received => "已登记待受理",
            StateKind::Accepted => "已受理",
            StateKind::NotAccepted => "不予受理",
            StateKind::Transferred => "已移送",
            StateKind::InMediation => "调解中",
            StateKind::MediationPaused => "调解中止",
            StateKind::MediationEnded => "终止调解",
            StateKind::Resolved => "调解成功",
            StateKind::Withdrawn => "已撤回",
            StateKind::LitigationSupported => "支持起诉",
            StateKind::Closed => "已办结",
        }
    }
    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            StateKind::Received => "received, awaiting the acceptance decision",
            StateKind::Accepted => "accepted",
            StateKind::NotAccepted => "not accepted",
            StateKind::Transferred => "transferred",
            StateKind::InMediation => "in mediation",
            StateKind::MediationPaused => "mediation suspended",
            StateKind::MediationEnded => "mediation ended",
            StateKind::Resolved => "resolved by agreement",
            StateKind::Withdrawn => "withdrawn",
            StateKind::LitigationSupported => "lawsuit supported",
            StateKind::Closed => "closed",
        }
    }
    /// Whether the case is still being handled (no outcome yet).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            StateKind::Received
                | StateKind::Accepted
                | StateKind::InMediation
                | StateKind::MediationPaused
        )
    }
}

/// How a case ended, with the details the statistics need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Not accepted.
    NotAccepted {
        /// The statutory ground.
        ground: NonAcceptanceGround,
    },
    /// Sent to another body.
    Transferred {
        /// The receiving body.
        to: String,
        /// The basis.
        basis: TransferBasis,
    },
    /// Resolved by agreement.
    Resolved {
        /// What the consumer recovered.
        amount_recovered: Yuan,
        /// Mediated or self-settled.
        settlement: Settlement,
    },
    /// Mediation ended without agreement.
    MediationFailed {
        /// The statutory ground.
        ground: TerminationGround,
    },
    /// Withdrawn by the complainant.
    Withdrawn,
    /// Mediation failed and the association supports the consumer's lawsuit.
    LitigationSupported {
        /// The ground mediation ended on.
        ground: TerminationGround,
    },
}

impl Outcome {
    /// The snake_case name of the kind of outcome.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::NotAccepted { .. } => "not_accepted",
            Outcome::Transferred { .. } => "transferred",
            Outcome::Resolved { .. } => "resolved",
            Outcome::MediationFailed { .. } => "mediation_failed",
            Outcome::Withdrawn => "withdrawn",
            Outcome::LitigationSupported { .. } => "litigation_supported",
        }
    }
    /// The Chinese name of the kind of outcome, as complaint statistics write it.
    pub fn name_zh(&self) -> &'static str {
        match self {
            Outcome::NotAccepted { .. } => "不予受理",
            Outcome::Transferred { .. } => "移送",
            Outcome::Resolved { .. } => "调解成功",
            Outcome::MediationFailed { .. } => "调解不成/终止调解",
            Outcome::Withdrawn => "撤回",
            Outcome::LitigationSupported { .. } => "支持起诉",
        }
    }
    /// The English name of the kind of outcome.
    pub fn name_en(&self) -> &'static str {
        match self {
            Outcome::NotAccepted { .. } => "not accepted",
            Outcome::Transferred { .. } => "transferred",
            Outcome::Resolved { .. } => "resolved",
            Outcome::MediationFailed { .. } => "mediation failed",
            Outcome::Withdrawn => "withdrawn",
            Outcome::LitigationSupported { .. } => "litigation supported",
        }
    }
    /// The amount recovered (only for a resolution).
    pub fn amount_recovered(&self) -> Option<Yuan> {
        match self {
            Outcome::Resolved {
                amount_recovered, ..
            } => Some(*amount_recovered),
            _ => None,
        }
    }
}
