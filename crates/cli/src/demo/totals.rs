//! The demo's own tallies for the report: mergeable counters kept by every worker and added
//! together at the end (sums only, so the merge order cannot change the result).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use weiquan_caseflow::{CaseSummary, Satisfaction};
use weiquan_compensation::ItemKind;
use weiquan_complaint::{DivisionCode, MajorCategory, Yuan};
use weiquan_routing::BodyKind;
use weiquan_stats::OutcomeState;

/// Handling times above this many working days share the last bin.
pub const HANDLING_CAP: usize = 400;

/// The code of a case with no outcome yet, in [`Totals::by_outcome`].
pub const OPEN: &str = "open";

/// A count of something that is not one value of a closed list (an outcome with its
/// details, a warning with its place), with the names its vocabulary gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named {
    /// The Chinese name.
    pub name_zh: &'static str,
    /// The English name.
    pub name_en: &'static str,
    /// How many.
    pub count: u64,
}

/// Counts one more under `code`.
pub fn tally(
    into: &mut BTreeMap<&'static str, Named>,
    code: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
) {
    into.entry(code)
        .or_insert(Named {
            name_zh,
            name_en,
            count: 0,
        })
        .count += 1;
}

/// Counters of one worker, or of the whole run once merged.
#[derive(Debug, Clone)]
pub struct Totals {
    /// Records read (valid or not).
    pub read: u64,
    /// Records that passed validation and routing.
    pub valid: u64,
    /// Records rejected by validation.
    pub rejected_invalid: u64,
    /// Valid complaints no routing rule covers.
    pub rejected_unroutable: u64,
    /// The first and last legal days of receipt.
    pub days: Option<(NaiveDate, NaiveDate)>,
    /// Complaints by major category.
    pub by_category: BTreeMap<MajorCategory, u64>,
    /// Complaints by the consumer's district.
    pub by_district: BTreeMap<DivisionCode, u64>,
    /// Complaints by the kind of body they were routed to.
    pub by_body_kind: BTreeMap<BodyKind, u64>,
    /// Complaints routed with at least one warning (abolished code, a basis marked S or U...).
    pub routed_with_warnings: u64,
    /// Routing warnings by code.
    pub warnings: BTreeMap<&'static str, Named>,
    /// Cases by procedure id.
    pub by_procedure: BTreeMap<&'static str, u64>,
    /// Cases by outcome kind ([`OPEN`] when none).
    pub by_outcome: BTreeMap<&'static str, Named>,
    /// Money recovered in resolved cases.
    pub recovered: Yuan,
    /// Cases per handling time in working days (last bin: [`HANDLING_CAP`] and more).
    pub handling: Vec<u64>,
    /// Deadlines met.
    pub deadlines_met: u64,
    /// Deadlines missed.
    pub deadlines_missed: u64,
    /// Deadlines still pending at the case's last event.
    pub deadlines_pending: u64,
    /// Cases with at least one missed deadline.
    pub cases_overdue: u64,
    /// Cases whose mediation clock was paused (appraisal, testing, inspection, recusal).
    pub cases_paused: u64,
    /// Cases whose mediation was delegated to a consumer association.
    pub cases_delegated: u64,
    /// Ratings given.
    pub satisfaction: BTreeMap<Satisfaction, u64>,
    /// Events recorded over every case.
    pub events: u64,
    /// Cases the lifecycle could not be played for (a library error; listed in errors.jsonl).
    pub case_errors: u64,
    /// Claims assessed.
    pub assessed: u64,
    /// Claims that could not be assessed (listed in errors.jsonl).
    pub assess_errors: u64,
    /// The sum of the proposed totals (lower ends of ranges).
    pub proposed: Yuan,
    /// Proposed items by kind.
    pub items_by_kind: BTreeMap<ItemKind, u64>,
    /// Assessments whose proposed total includes punitive damages.
    pub with_punitive: u64,
}

impl Default for Totals {
    fn default() -> Self {
        Totals {
            read: 0,
            valid: 0,
            rejected_invalid: 0,
            rejected_unroutable: 0,
            days: None,
            by_category: BTreeMap::new(),
            by_district: BTreeMap::new(),
            by_body_kind: BTreeMap::new(),
            routed_with_warnings: 0,
            warnings: BTreeMap::new(),
            by_procedure: BTreeMap::new(),
            by_outcome: BTreeMap::new(),
            recovered: Yuan::ZERO,
            handling: vec![0; HANDLING_CAP + 1],
            deadlines_met: 0,
            deadlines_missed: 0,
            deadlines_pending: 0,
            cases_overdue: 0,
            cases_paused: 0,
            cases_delegated: 0,
            satisfaction: BTreeMap::new(),
            events: 0,
            case_errors: 0,
            assessed: 0,
            assess_errors: 0,
            proposed: Yuan::ZERO,
            items_by_kind: BTreeMap::new(),
            with_punitive: 0,
        }
    }
}

fn add_map<K: Ord>(into: &mut BTreeMap<K, u64>, from: BTreeMap<K, u64>) {
    for (k, n) in from {
        *into.entry(k).or_default() += n;
    }
}

fn add_named(into: &mut BTreeMap<&'static str, Named>, from: BTreeMap<&'static str, Named>) {
    for (k, n) in from {
        into.entry(k).or_insert(Named { count: 0, ..n }).count += n.count;
    }
}

impl Totals {
    /// Widens the span of receipt days to include `d`.
    pub fn add_day(&mut self, d: NaiveDate) {
        self.days = Some(match self.days {
            None => (d, d),
            Some((a, b)) => (a.min(d), b.max(d)),
        });
    }

    /// Counts one case.
    pub fn add_case(&mut self, s: &CaseSummary) {
        *self.by_procedure.entry(s.procedure.id()).or_default() += 1;
        match &s.outcome {
            Some(o) => tally(&mut self.by_outcome, o.kind(), o.name_zh(), o.name_en()),
            // Still being handled: what the statistics call a pending case.
            None => {
                let pending = OutcomeState::Pending;
                tally(
                    &mut self.by_outcome,
                    OPEN,
                    pending.name_zh(),
                    pending.name_en(),
                );
            }
        }
        if let Some(a) = s.amount_recovered {
            self.recovered = self.recovered.checked_add(a).unwrap_or(self.recovered);
        }
        let bin = (s.handling_working_days as usize).min(HANDLING_CAP);
        if let Some(n) = self.handling.get_mut(bin) {
            *n += 1;
        }
        self.deadlines_met += u64::from(s.deadlines_met);
        self.deadlines_missed += u64::from(s.deadlines_missed);
        self.deadlines_pending += u64::from(s.deadlines_pending);
        self.cases_overdue += u64::from(s.deadlines_missed > 0);
        self.cases_paused += u64::from(s.paused_working_days > 0);
        self.cases_delegated += u64::from(s.delegated_to.is_some());
        if let Some(r) = s.satisfaction {
            *self.satisfaction.entry(r).or_default() += 1;
        }
        self.events += s.events;
    }

    /// Adds another worker's counters.
    pub fn merge(&mut self, o: Totals) {
        self.read += o.read;
        self.valid += o.valid;
        self.rejected_invalid += o.rejected_invalid;
        self.rejected_unroutable += o.rejected_unroutable;
        if let Some((a, b)) = o.days {
            self.add_day(a);
            self.add_day(b);
        }
        add_map(&mut self.by_category, o.by_category);
        add_map(&mut self.by_district, o.by_district);
        add_map(&mut self.by_body_kind, o.by_body_kind);
        self.routed_with_warnings += o.routed_with_warnings;
        add_named(&mut self.warnings, o.warnings);
        add_map(&mut self.by_procedure, o.by_procedure);
        add_named(&mut self.by_outcome, o.by_outcome);
        self.recovered = self
            .recovered
            .checked_add(o.recovered)
            .unwrap_or(self.recovered);
        for (a, b) in self.handling.iter_mut().zip(o.handling) {
            *a += b;
        }
        self.deadlines_met += o.deadlines_met;
        self.deadlines_missed += o.deadlines_missed;
        self.deadlines_pending += o.deadlines_pending;
        self.cases_overdue += o.cases_overdue;
        self.cases_paused += o.cases_paused;
        self.cases_delegated += o.cases_delegated;
        add_map(&mut self.satisfaction, o.satisfaction);
        self.events += o.events;
        self.case_errors += o.case_errors;
        self.assessed += o.assessed;
        self.assess_errors += o.assess_errors;
        self.proposed = self
            .proposed
            .checked_add(o.proposed)
            .unwrap_or(self.proposed);
        add_map(&mut self.items_by_kind, o.items_by_kind);
        self.with_punitive += o.with_punitive;
    }

    /// Cases counted.
    pub fn cases(&self) -> u64 {
        self.by_outcome.values().map(|n| n.count).sum()
    }

    /// Cases with this outcome kind.
    pub fn outcome(&self, kind: &str) -> u64 {
        self.by_outcome.get(kind).map_or(0, |n| n.count)
    }

    /// Cases that were handled (accepted): every outcome except not accepted and transferred.
    pub fn handled(&self) -> u64 {
        self.cases() - self.outcome("not_accepted") - self.outcome("transferred")
    }

    /// The handling time at quantile `q` (0..=1) in working days, from the histogram.
    pub fn handling_quantile(&self, q: f64) -> u32 {
        let total: u64 = self.handling.iter().sum();
        if total == 0 {
            return 0;
        }
        let target = ((total as f64) * q).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (days, n) in self.handling.iter().enumerate() {
            seen += n;
            if seen >= target {
                return days as u32;
            }
        }
        HANDLING_CAP as u32
    }

    /// The mean handling time in working days (the last bin counted at its floor).
    pub fn handling_mean(&self) -> f64 {
        let total: u64 = self.handling.iter().sum();
        if total == 0 {
            return 0.0;
        }
        let sum: u64 = self
            .handling
            .iter()
            .enumerate()
            .map(|(d, n)| d as u64 * n)
            .sum();
        sum as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use weiquan_caseflow::{Outcome, Settlement};

    #[test]
    fn quantiles_and_mean_from_the_histogram() {
        let mut t = Totals::default();
        t.handling[2] = 3;
        t.handling[10] = 1;
        assert_eq!(t.handling_quantile(0.5), 2);
        assert_eq!(t.handling_quantile(0.9), 10);
        assert_eq!(t.handling_mean(), 4.0);
        let mut u = Totals::default();
        u.handling[10] = 4;
        u.by_outcome.insert(
            "resolved",
            Named {
                name_zh: "调解成功",
                name_en: "resolved",
                count: 4,
            },
        );
        t.merge(u);
        assert_eq!(t.handling_quantile(0.5), 10);
        assert_eq!(t.cases(), 4);
        assert_eq!(t.handled(), 4);
    }

    #[test]
    fn named_counts_keep_their_names_and_add_up_across_workers() {
        let resolved = Outcome::Resolved {
            amount_recovered: Yuan::from_yuan(10),
            settlement: Settlement::Mediation,
        };
        let mut a = Totals::default();
        let mut b = Totals::default();
        let count = |t: &mut Totals| {
            tally(
                &mut t.by_outcome,
                resolved.kind(),
                resolved.name_zh(),
                resolved.name_en(),
            );
        };
        count(&mut a);
        count(&mut b);
        count(&mut b);
        tally(&mut b.by_outcome, OPEN, "处理中", "pending");
        a.merge(b);
        assert_eq!(
            a.by_outcome.get("resolved"),
            Some(&Named {
                name_zh: "调解成功",
                name_en: "resolved",
                count: 3,
            })
        );
        assert_eq!((a.outcome(OPEN), a.cases(), a.handled()), (1, 4, 4));
    }
}
