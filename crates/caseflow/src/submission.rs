//! A submission that both complains (投诉) and reports (举报) is split: each part follows its
//! own procedure, and only the complaint enters the case machine (Order No. 20 Art. 7).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use weiquan_law::{Citation, Reliability, instruments};

use crate::Error;
use crate::case::Case;
use crate::event::{Actor, Event, EventKind, Opening, legal_day};
use crate::policy::Policy;
use crate::procedure::ProcedureSelection;

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
    pub basis: Citation<'static>,
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
        let basis = split_basis(legal_day(self.received_at));
        Ok(Split {
            complaint: part(self.complains, "C")?,
            report: part(self.reports, "R")?,
            basis,
        })
    }
}

/// The rule that splits a submission received on `day`: Order No. 20 Art. 7 while it was in
/// force (and before, where no procedure applies and the case cannot be opened anyway),
/// Order No. 121 from its first day in the registry.
fn split_basis(day: chrono::NaiveDate) -> Citation<'static> {
    if instruments::SAMR_ORDER_121.in_force_on(day) {
        // Order 121 keeps the definitions (Art. 3); the splitting article was not seen.
        ORDER_121_SPLIT
    } else {
        ORDER_20_SPLIT
    }
}

/// Order No. 20 Art. 7: complaints and reports follow their own procedures [V].
const ORDER_20_SPLIT: Citation<'static> = Citation::of(&instruments::SAMR_ORDER_20).art(7);

/// Order No. 121 keeps the definitions of Art. 3; the article that splits was not seen [U].
const ORDER_121_SPLIT: Citation<'static> = Citation::of(&instruments::SAMR_ORDER_121)
    .art(3)
    .marked(Reliability::Unverified)
    .noted(
        "definitions; the splitting article was not seen",
        "定义；分立情形的条文未见",
    );

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each basis is in force over the receipt dates it is chosen for.
    #[test]
    fn each_split_basis_fits_the_dates_it_is_chosen_for() {
        let o20 = &instruments::SAMR_ORDER_20;
        let o121 = &instruments::SAMR_ORDER_121;
        let (from, to) = (o20.in_force_from.unwrap(), o20.in_force_to.unwrap());
        assert_eq!(split_basis(from), ORDER_20_SPLIT);
        assert_eq!(split_basis(to), ORDER_20_SPLIT);
        ORDER_20_SPLIT.check_dates(from, Some(to)).unwrap();
        let start = o121.in_force_from.unwrap();
        assert_eq!(split_basis(start), ORDER_121_SPLIT);
        ORDER_121_SPLIT.check_dates(start, None).unwrap();
        assert_eq!(
            ORDER_20_SPLIT.text_zh(),
            "《市场监督管理投诉举报处理暂行办法》第七条"
        );
    }
}
