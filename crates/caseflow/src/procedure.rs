//! The procedures a complaint can be handled under, the instruments they come from, and how
//! one is chosen by the date the complaint was received.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use weiquan_law::{Citation, Instrument, instruments};

use crate::Error;

/// A procedure a case runs under. Each is a versioned ruleset: its grounds, time limits and
/// transitions are rows of the tables in this crate tagged with the procedure.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// Market-regulation complaint handling under SAMR Order No. 20 as amended: complaints
    /// received 2020-01-01 to 2026-04-14.
    #[serde(rename = "samr_order_20")]
    SamrOrder20,
    /// Market-regulation complaint handling under SAMR Order No. 121: complaints received
    /// from 2026-04-15.
    #[serde(rename = "samr_order_121")]
    SamrOrder121,
    /// A consumer association's own complaint handling (CRPL Art. 37 para. 1 item (5)), with the CCA rules'
    /// periods, which are unverified and configurable.
    ConsumerAssociation,
}

/// Every procedure, in the order the documentation lists them.
pub const PROCEDURES: [Procedure; 3] = [
    Procedure::SamrOrder20,
    Procedure::SamrOrder121,
    Procedure::ConsumerAssociation,
];

impl Procedure {
    /// Stable identifier, as in JSON: `samr_order_20`.
    pub fn id(self) -> &'static str {
        match self {
            Procedure::SamrOrder20 => "samr_order_20",
            Procedure::SamrOrder121 => "samr_order_121",
            Procedure::ConsumerAssociation => "consumer_association",
        }
    }
    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Procedure::SamrOrder20 => "Market regulation, SAMR Order No. 20 (as amended)",
            Procedure::SamrOrder121 => "Market regulation, SAMR Order No. 121",
            Procedure::ConsumerAssociation => "Consumer association",
        }
    }
    /// Chinese name for handlers.
    pub fn name_zh(self) -> &'static str {
        match self {
            Procedure::SamrOrder20 => "市场监管部门投诉处理（总局第20号令，经修订）",
            Procedure::SamrOrder121 => "市场监管部门投诉处理（总局第121号令）",
            Procedure::ConsumerAssociation => "消费者协会投诉处理",
        }
    }
    /// The instrument the procedure's own rules come from: its entry in the registry of
    /// `weiquan-law`, whose dates in force are the procedure's receipt dates.
    pub fn instrument(self) -> &'static Instrument {
        match self {
            Procedure::SamrOrder20 => &instruments::SAMR_ORDER_20,
            Procedure::SamrOrder121 => &instruments::SAMR_ORDER_121,
            Procedure::ConsumerAssociation => &instruments::CCA_RULES,
        }
    }
    /// First receipt date the procedure applies to (`None`: open-ended): the day its
    /// instrument came into force, read from the registry so that the date is written once.
    pub fn valid_from(self) -> Option<NaiveDate> {
        self.instrument().in_force_from
    }
    /// Last receipt date the procedure applies to (`None`: still in force): its instrument's
    /// last day in force (Order No. 20: the day before Order No. 121 took effect).
    pub fn valid_to(self) -> Option<NaiveDate> {
        self.instrument().in_force_to
    }
    /// Whether a complaint received on `received` is handled under this procedure.
    pub fn in_force_on(self, received: NaiveDate) -> bool {
        self.valid_from().is_none_or(|f| received >= f)
            && self.valid_to().is_none_or(|t| received <= t)
    }
    /// Whether this is a market-regulation (12315) procedure.
    pub fn is_market_regulation(self) -> bool {
        matches!(self, Procedure::SamrOrder20 | Procedure::SamrOrder121)
    }
    /// The citation of the procedure as a whole, with what the reference saw of its text.
    pub fn citation(self) -> Citation<'static> {
        match self {
            Procedure::SamrOrder20 => Citation::of(&instruments::SAMR_ORDER_20).noted(
                "checked against the text as amended by SAMR Order No. 55 (2022)",
                "已核对经总局第55号令于2022年修改后的文本",
            ),
            Procedure::SamrOrder121 => Citation::of(&instruments::SAMR_ORDER_121).noted(
                "only Arts. 1-7, 10, 16 and 23 were seen, in reproductions",
                "仅见第一条至第七条、第十条、第十六条、第二十三条的转载文本",
            ),
            Procedure::ConsumerAssociation => Citation::of(&instruments::CCA_RULES)
                .noted("the current text was not found", "现行文本未找到"),
        }
    }
}

/// How to choose the procedure when a case is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureSelection {
    /// A market-regulation department (12315): Order No. 20 or Order No. 121, chosen by the
    /// date the complaint was received.
    MarketRegulation,
    /// A consumer association handling the complaint itself (not as a bureau's delegate: a
    /// delegated mediation stays in the bureau's case, on the bureau's clock).
    ConsumerAssociation,
    /// A named procedure; it must be in force on the receipt date.
    Exact(Procedure),
}

impl ProcedureSelection {
    /// The procedure for a complaint received on `received` (its legal day in CST).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use weiquan_caseflow::{Procedure, ProcedureSelection};
    /// let sel = ProcedureSelection::MarketRegulation;
    /// let d = |s: &str| s.parse::<NaiveDate>();
    /// assert_eq!(sel.resolve(d("2026-04-14")?)?, Procedure::SamrOrder20);
    /// assert_eq!(sel.resolve(d("2026-04-15")?)?, Procedure::SamrOrder121);
    /// assert!(sel.resolve(d("2019-12-31")?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resolve(self, received: NaiveDate) -> Result<Procedure, Error> {
        let candidates: &[Procedure] = match self {
            ProcedureSelection::MarketRegulation => {
                &[Procedure::SamrOrder20, Procedure::SamrOrder121]
            }
            ProcedureSelection::ConsumerAssociation => &[Procedure::ConsumerAssociation],
            ProcedureSelection::Exact(p) => {
                return if p.in_force_on(received) {
                    Ok(p)
                } else {
                    Err(Error::ProcedureNotInForce {
                        procedure: p,
                        received,
                    })
                };
            }
        };
        candidates
            .iter()
            .copied()
            .find(|p| p.in_force_on(received))
            .ok_or(Error::NoProcedure { received })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Each procedure applies to the receipt dates its instrument was in force, exactly.
    #[test]
    fn each_procedure_runs_over_its_instruments_dates_in_force() {
        for p in PROCEDURES {
            let i = p.instrument();
            assert_eq!(p.valid_from(), i.in_force_from, "{}", p.id());
            assert_eq!(p.valid_to(), i.in_force_to, "{}", p.id());
            assert!(std::ptr::eq(p.citation().instrument, i), "{}", p.id());
        }
        assert_eq!(
            Procedure::SamrOrder20.valid_from(),
            instruments::SAMR_ORDER_20.in_force_from
        );
        assert_eq!(
            Procedure::SamrOrder20.valid_to(),
            instruments::SAMR_ORDER_20.in_force_to
        );
        assert_eq!(
            Procedure::SamrOrder121.valid_from(),
            instruments::SAMR_ORDER_121.in_force_from
        );
        assert_eq!(Procedure::SamrOrder121.valid_to(), None);
    }

    /// The market-regulation procedures tile time from Order No. 20's first day: the day
    /// after Order No. 20's last is Order No. 121's first, and the dates are those of the
    /// legal reference (2020-01-01, 2026-04-14, 2026-04-15).
    #[test]
    fn market_regulation_procedures_meet_without_gap_or_overlap() {
        let sel = ProcedureSelection::MarketRegulation;
        assert!(sel.resolve(day(2019, 12, 31)).is_err());
        assert_eq!(
            sel.resolve(day(2020, 1, 1)).unwrap(),
            Procedure::SamrOrder20
        );
        assert_eq!(
            sel.resolve(day(2026, 4, 14)).unwrap(),
            Procedure::SamrOrder20
        );
        assert_eq!(
            sel.resolve(day(2026, 4, 15)).unwrap(),
            Procedure::SamrOrder121
        );
        let end = Procedure::SamrOrder20.valid_to().unwrap();
        assert_eq!(end.succ_opt(), Procedure::SamrOrder121.valid_from());
        assert!(
            ProcedureSelection::Exact(Procedure::SamrOrder20)
                .resolve(day(2026, 4, 15))
                .is_err()
        );
    }

    /// Every citation of the tables fits the receipt dates of the procedure whose row it
    /// supports: a rule cannot rest on a text not yet or no longer in force for the cases it
    /// governs (an Order No. 20 article under Order No. 121, the 2013 CRPL before 2014). A
    /// procedure with no dates (the association's) needs texts still in force and versions
    /// the registry knows.
    #[test]
    fn every_citation_fits_the_dates_of_its_procedure() {
        use crate::grounds::LISTS;
        use crate::limits::{ART_203, TIME_LIMITS};
        let mut rows: Vec<(Procedure, String, Citation<'static>)> = Vec::new();
        for r in TIME_LIMITS {
            rows.push((r.procedure, r.id.to_owned(), r.citation));
            for p in r.pauses {
                rows.push((r.procedure, format!("{} pause", r.id), p.citation));
            }
            if r.art_203 {
                rows.push((r.procedure, format!("{} Art. 203", r.id), ART_203));
            }
        }
        for r in LISTS {
            rows.push((r.procedure, r.item.code().to_owned(), r.citation));
        }
        for p in PROCEDURES {
            rows.push((p, "procedure".to_owned(), p.citation()));
        }
        assert!(rows.len() > 70, "{}", rows.len());
        for (p, what, c) in rows {
            let checked = match p.valid_from() {
                Some(from) => c.check_dates(from, p.valid_to()),
                None => c.check_dates(c.in_force_from().unwrap_or(NaiveDate::MIN), None),
            };
            if let Err(e) = checked {
                panic!("{} {what}: {e}", p.id());
            }
        }
    }
}
