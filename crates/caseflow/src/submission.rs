//! A submission that both complains (投诉) and reports (举报) is split: each part follows its
//! own procedure, and only the complaint enters the case machine (Order No. 20 Art. 7).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::case::Case;
use crate::event::{Actor, Event, EventKind, Opening, legal_day};
use crate::policy::Policy;
use crate::procedure::{Citation, Instrument, ORDER_121_FROM, ProcedureSelection, Reliability};

/// What one submission to a market-regulation department contains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The submission's reference.
    pub id: String,
    /// When it was received.
    pub received_at: DateTime<FixedOffset>,
    /// It asks for a consumer dispute with a business to be resolved (a complaint).
    pub complains: bool,
    /// It supplies leads that a business broke market-regulation law (a report).
    pub reports: bool,
}

/// One part of a split submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// The part's reference: the submission's, suffixed `-C` (complaint) or `-R` (report)
    /// when the submission had both.
    pub id: String,
    /// The submission it came from.
    pub submission_id: String,
    /// When it was received (the submission's instant).
    pub received_at: DateTime<FixedOffset>,
}

/// A submission split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Split {
    /// The complaint part, which a case is opened for.
    pub complaint: Option<Part>,
    /// The report part, handled under the report procedure (not by this crate).
    pub report: Option<Part>,
    /// The rule that splits it.
    pub basis: Citation,
}

impl Submission {
    /// Splits the submission into its complaint and report parts.
    ///
    /// ```
    /// use weiquan_caseflow::{ProcedureSelection, Submission};
    /// let s = Submission { id: "S-9".into(), received_at: "2024-05-10T09:30:00+08:00".parse()?,
    ///                      complains: true, reports: true };
    /// let split = s.split()?;
    /// assert_eq!(split.report.as_ref().map(|r| r.id.as_str()), Some("S-9-R"));
    /// let case = split.open_case(ProcedureSelection::MarketRegulation)?.expect("a complaint part");
    /// assert_eq!(case.complaint_id(), "S-9-C");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn split(&self) -> Result<Split, Error> {
        let both = self.complains && self.reports;
        let part = |present: bool, suffix: &str| -> Result<Option<Part>, Error> {
            if !present {
                return Ok(None);
            }
            let id = if both {
                format!("{}-{suffix}", self.id)
            } else {
                self.id.clone()
            };
            crate::case::check_complaint_id(&id)?;
            Ok(Some(Part {
                id,
                submission_id: self.id.clone(),
                received_at: self.received_at,
            }))
        };
        let basis = if legal_day(self.received_at) < ORDER_121_FROM {
            Citation {
                instrument: Instrument::SamrOrder20,
                article: "Art. 7",
                reliability: Reliability::Verified,
            }
        } else {
            // Order 121 keeps the definitions (Art. 3); the splitting article was not seen.
            Citation {
                instrument: Instrument::SamrOrder121,
                article: "Art. 3 (definitions); splitting article not seen",
                reliability: Reliability::Unverified,
            }
        };
        Ok(Split {
            complaint: part(self.complains, "C")?,
            report: part(self.reports, "R")?,
            basis,
        })
    }
}

impl Split {
    /// Opens the case for the complaint part (none if the submission only reports), with
    /// the submission recorded in the opening event.
    pub fn open_case(&self, selection: ProcedureSelection) -> Result<Option<Case>, Error> {
        self.open_case_with(selection, Policy::default())
    }

    /// [`Split::open_case`] with an explicit policy.
    pub fn open_case_with(
        &self,
        selection: ProcedureSelection,
        policy: Policy,
    ) -> Result<Option<Case>, Error> {
        let Some(part) = &self.complaint else {
            return Ok(None);
        };
        let procedure = selection.resolve(legal_day(part.received_at))?;
        Case::from_opening(Event::new(
            part.received_at,
            Actor::System,
            EventKind::Received(Box::new(Opening {
                complaint_id: part.id.clone(),
                submission_id: Some(part.submission_id.clone()),
                procedure,
                policy,
            })),
        ))
        .map(Some)
    }
}
