//! The search: the rules tried in order for a complaint's facts, the body each matching
//! rule names, and what the search notes on the way.

use smallvec::SmallVec;
use weiquan_complaint::{Complaint, DivisionCode, OnlineRole};

use super::decision::{Cand, Cands, Ranking, RoutingDecision, Unresolved, Warnings};
use super::warnings::Warning;
use super::{Router, Rule, Target, category_index, online_state};
use crate::body::{BodyRef, BodyView};
use crate::division::SuccessorChoice;
use crate::error::Error;
use crate::matcher::{Div, Facts, Party};

/// Options for [`Router::route_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RouteOptions<'a> {
    /// The id of the body that received the complaint. When several bodies have authority
    /// and this is one of them, it handles the complaint (Order No. 20 Art. 13: the one
    /// that received it first).
    pub received_by: Option<&'a str>,
}

impl Router {
    /// Routes a complaint with default options. See [`Router::route_with`].
    #[inline]
    pub fn route(&self, complaint: &Complaint) -> Result<RoutingDecision<'_>, Error> {
        self.route_with(complaint, &RouteOptions::default())
    }

    /// Routes a complaint: tries the rules in order; a matching rule whose result can be
    /// found adds its body as a candidate, and the first such rule that does not `continue`
    /// ends the search. An unknown division code, or a complaint no rule covers, is an
    /// error.
    pub fn route_with<'r>(
        &'r self,
        c: &Complaint,
        opts: &RouteOptions<'_>,
    ) -> Result<RoutingDecision<'r>, Error> {
        let mut warnings: Warnings<'r> = SmallVec::new();
        let online = c.business.online.as_ref();
        let business = match c.business.division {
            Some(code) => Some(self.fact_div(
                code,
                Party::Business,
                c.business.address.as_deref(),
                true,
                &mut warnings,
            )?),
            None => None,
        };
        let platform = match online.and_then(|o| o.platform_operator_division) {
            Some(code) => {
                Some(self.fact_div(code, Party::PlatformOperator, None, true, &mut warnings)?)
            }
            None => None,
        };
        let consumer = Some(self.fact_div(
            c.consumer.division,
            Party::Consumer,
            Some(&c.consumer.address),
            self.uses_consumer,
            &mut warnings,
        )?);
        let role = online.map(|o| o.role);
        let facts = Facts {
            ts: c.received_at.timestamp(),
            channel: c.channel,
            business,
            platform,
            consumer,
            role,
            published: online.is_none_or(|o| o.address_published),
            reachable: online.is_none_or(|o| o.reachable_at_address),
            category: c.purchase.category,
            amount: c.purchase.amount_paid,
        };

        let mut candidates: Cands = SmallVec::new();
        let mut missing = (false, false);
        let mut stopped_at = self.rules.len().saturating_sub(1);
        let (ch, st, ci) = (
            facts.channel as usize,
            online_state(facts.role, facts.published, facts.reachable),
            category_index(facts.category),
        );
        'rules: for w in 0..self.prefilter.words {
            let mut mask = self.prefilter.word(w, ch, st, ci);
            while mask != 0 {
                let i = w * 64 + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let Some(rule) = self.rules.get(i) else {
                    break 'rules;
                };
                if rule.cond.check_dynamic(&facts).is_err() {
                    continue;
                }
                let resolved = self.resolve_target(i, &facts);
                if !matches!(resolved, Ok((_, via)) if via == i) {
                    // The rule's own body needs a division the complaint does not give.
                    self.missing_division_warning(rule, &facts, &mut missing, &mut warnings);
                }
                let Ok((body, via)) = resolved else {
                    continue;
                };
                if via != i
                    && let Some(to) = self.rules.get(via)
                {
                    warnings.push(Warning::Fallback {
                        rule: &rule.id,
                        to: &to.id,
                    });
                }
                if !candidates.iter().any(|c| c.body == body) {
                    candidates.push(Cand {
                        body,
                        rule: via as u32,
                    });
                }
                if !rule.continues {
                    stopped_at = i;
                    break 'rules;
                }
            }
        }
        if candidates.is_empty() {
            return Err(Error::NoRule {
                complaint_id: c.id.clone(),
                ruleset: self.doc.id.clone(),
                tried: self.rules.len(),
            });
        }

        let mut ranking = Ranking::RuleOrder;
        if let Some(id) = opts.received_by {
            let r = self.body_ref(id).ok_or_else(|| Error::UnknownBody {
                id: id.to_owned(),
                ruleset: self.doc.id.clone(),
            })?;
            match candidates.iter().position(|c| c.body == r) {
                Some(p) => {
                    let first = candidates.remove(p);
                    candidates.insert(0, first);
                    ranking = Ranking::ReceivedFirst;
                }
                None => warnings.push(Warning::ReceiverWithoutAuthority),
            }
        }

        if let Some(top) = candidates.first().copied() {
            self.body_warnings(top, &facts, &mut warnings);
        }
        Ok(RoutingDecision {
            router: self,
            facts,
            candidates,
            warnings,
            ranking,
            stopped_at,
        })
    }

    /// Warns, once each, that an in-platform seller's own division or its platform
    /// operator's is unknown, when a matching rule needed it: that body is not a candidate.
    fn missing_division_warning<'r>(
        &'r self,
        rule: &Rule,
        f: &Facts,
        warned: &mut (bool, bool),
        warnings: &mut Warnings<'r>,
    ) {
        if let Target::At { party, .. } = rule.target
            && f.div(party).is_none()
        {
            match party {
                Party::PlatformOperator if !warned.0 => {
                    warned.0 = true;
                    warnings.push(Warning::PlatformDomicileUnknown);
                }
                Party::Business if !warned.1 && f.role == Some(OnlineRole::InPlatform) => {
                    warned.1 = true;
                    warnings.push(Warning::SellerDivisionUnknown);
                }
                _ => {}
            }
        }
    }

    /// The fact for a party's division: looks the code up, maps an abolished code to its
    /// live successor (by address keywords for a split code) and notes what needs saying.
    fn fact_div<'r>(
        &'r self,
        code: DivisionCode,
        party: Party,
        address: Option<&str>,
        warn: bool,
        warnings: &mut Warnings<'r>,
    ) -> Result<Div, Error> {
        let unknown = || Error::UnknownDivision {
            field: party.pointer(),
            code,
        };
        let idx = self.registry.index_of(code).ok_or_else(unknown)?;
        let info = self.divs.get(idx as usize).copied().ok_or_else(unknown)?;
        if !info.abolished && !warn {
            return Ok(Div { idx, code });
        }
        let mut live = idx;
        let mut li = info;
        if info.abolished {
            let (l, choice) = if info.split {
                self.registry.choose_index(idx, address)
            } else {
                (info.live, SuccessorChoice::Only)
            };
            live = l;
            li = self.divs.get(l as usize).copied().unwrap_or(info);
            if warn {
                let successor = li.code;
                warnings.push(match choice {
                    SuccessorChoice::Only => Warning::AbolishedCode {
                        party,
                        code,
                        successor,
                    },
                    SuccessorChoice::Keyword(k) => Warning::SplitCode {
                        party,
                        code,
                        chosen: successor,
                        keyword: Some(k),
                    },
                    SuccessorChoice::FirstListed => Warning::SplitCode {
                        party,
                        code,
                        chosen: successor,
                        keyword: None,
                    },
                });
            }
        }
        let live_code = li.code;
        if warn {
            if li.dev_zone {
                warnings.push(Warning::DevelopmentZone {
                    party,
                    code: live_code,
                });
            }
            if li.above_county {
                warnings.push(Warning::NotCountyLevel {
                    party,
                    code: live_code,
                });
            }
            for (n, (i, has_note)) in [(idx, info.note), (live, li.note)].into_iter().enumerate() {
                if !has_note || (n == 1 && live == idx) {
                    continue;
                }
                if let Some(d) = self.registry.at(i)
                    && let Some(note) = d.note.as_ref()
                {
                    warnings.push(Warning::DivisionNote {
                        party,
                        code: d.code,
                        note,
                    });
                }
            }
        }
        Ok(Div {
            idx: live,
            code: live_code,
        })
    }

    /// The body rule `i`'s result names for these facts, following fallbacks: the body and
    /// the rule that named it, or why none was found.
    #[inline]
    pub(super) fn resolve_target(
        &self,
        i: usize,
        f: &Facts,
    ) -> Result<(BodyRef, usize), Unresolved> {
        let mut k = i;
        let mut first_failure = None;
        for _ in 0..=self.rules.len() {
            let Some(rule) = self.rules.get(k) else { break };
            let found = match rule.target {
                Target::Body(b) => Ok(BodyRef::Listed(b)),
                Target::At { kind, party, table } => match f.div(party) {
                    None => Err(Unresolved::DivisionUnknown { party }),
                    Some(d) => self
                        .tables
                        .get(table as usize)
                        .and_then(|t| t.refs.get(d.idx as usize).copied().flatten())
                        .ok_or(Unresolved::NoBody {
                            kind,
                            party,
                            code: d.code,
                        }),
                },
            };
            match found {
                Ok(b) => return Ok((b, k)),
                Err(e) => {
                    let first = *first_failure.get_or_insert(e);
                    match rule.fallback {
                        Some(fb) => k = fb as usize,
                        None => return Err(first),
                    }
                }
            }
        }
        Err(first_failure.unwrap_or(Unresolved::DivisionUnknown {
            party: Party::Business,
        }))
    }

    fn body_warnings<'r>(&'r self, top: Cand, f: &Facts, warnings: &mut Warnings<'r>) {
        let Some(rule) = self.rules.get(top.rule as usize) else {
            return;
        };
        let view = BodyView::new(self, top.body);
        match top.body {
            BodyRef::Generated(..) => {
                if let Some(d) = view.division() {
                    warnings.push(Warning::GeneratedBody {
                        division: d,
                        external: view.is_external(),
                    });
                }
            }
            BodyRef::Listed(_) => {
                if let Target::At { party, .. } = rule.target
                    && let Some(d) = f.div(party)
                    && view.division() != Some(d.code)
                {
                    warnings.push(Warning::HigherLevelBody {
                        party,
                        code: d.code,
                        body_division: view.division(),
                    });
                }
            }
        }
        let era = rule
            .eras
            .iter()
            .find(|(from, to, _)| *from <= f.ts && f.ts < *to);
        match era.and_then(|e| e.2) {
            None => warnings.push(Warning::NoBasisInForce { rule: &rule.id }),
            Some(worst) if worst.needs_review() => warnings.push(Warning::UnverifiedBasis {
                rule: &rule.id,
                reliability: worst,
            }),
            Some(_) => {}
        }
    }
}
