//! The search: the rules tried in order for a complaint's facts, the body each matching
//! rule names, and what the search notes on the way.

use smallvec::SmallVec;
use weiquan_complaint::{Complaint, DivisionCode, OnlineRole, Uscc};

use super::decision::{Cand, Cands, Ranking, RoutingDecision, Unresolved, Warnings};
use super::warnings::Warning;
use super::{DivInfo, Router, Rule, Target, category_index, online_state};
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
    /// ends the search. An unknown business or platform division code, or a complaint no
    /// rule covers, is an error; an unknown consumer division is a warning (jurisdiction
    /// does not turn on it). When the business's division code and its address name
    /// different places, the complaint is routed by the code, the body the address gives
    /// is added as a further candidate and an `address_disagrees` warning names both.
    pub fn route_with<'r>(
        &'r self,
        c: &Complaint,
        opts: &RouteOptions<'_>,
    ) -> Result<RoutingDecision<'r>, Error> {
        let mut warnings: Warnings<'r> = SmallVec::new();
        let online = c.business.online.as_ref();
        let mut alternative = None;
        let business = self.party_div(
            c.business.division,
            c.business.uscc.as_ref(),
            Party::Business,
            c.business.address.as_deref(),
            &mut alternative,
            &mut warnings,
        )?;
        let platform = self.party_div(
            online.and_then(|o| o.platform_operator_division),
            online.and_then(|o| o.platform_operator_uscc.as_ref()),
            Party::PlatformOperator,
            None,
            &mut None,
            &mut warnings,
        )?;
        let code = c.consumer.division;
        let consumer = self.fact_div(
            code,
            Party::Consumer,
            Some(&c.consumer.address),
            self.uses_consumer,
            &mut None,
            &mut warnings,
        );
        if consumer.is_none() {
            warnings.push(Warning::ConsumerDivisionUnknown { code });
        }
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

        let (mut candidates, stopped_at) = self.search(&facts, Some(&mut warnings));
        if candidates.is_empty() {
            return Err(Error::NoRule {
                // A reference, not a personal field: echoed with any identifier masked.
                complaint_id: weiquan_support::mask::echo(&c.id),
                ruleset: self.doc.id.clone(),
                tried: self.rules.len(),
            });
        }
        // The address's reading: the body it gives is a further candidate, never a silent
        // replacement (its own search's warnings are not the decision's).
        let alt_facts = alternative.map(|d| Facts {
            business: Some(d),
            ..facts
        });
        let mut alt_body = None;
        if let Some(af) = &alt_facts
            && let Some(first) = self.search(af, None).0.first().copied()
            && !candidates.iter().any(|c| c.body == first.body)
        {
            alt_body = Some(first.body);
            candidates.push(first);
        }

        let mut ranking = Ranking::RuleOrder;
        if let Some(id) = opts.received_by {
            let r = self.body_ref(id).ok_or_else(|| Error::UnknownBody {
                id: weiquan_support::mask::echo(id),
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
            let f = match &alt_facts {
                Some(af) if alt_body == Some(top.body) => af,
                _ => &facts,
            };
            self.body_warnings(top, f, &mut warnings);
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

    /// The rules tried in order for `facts`: the candidates found and the index of the rule
    /// that ended the search. Warnings on the way go to `warnings` when given.
    fn search<'r>(
        &'r self,
        facts: &Facts,
        mut warnings: Option<&mut Warnings<'r>>,
    ) -> (Cands, usize) {
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
                if rule.cond.check_dynamic(facts).is_err() {
                    continue;
                }
                let resolved = self.resolve_target(i, facts);
                if !matches!(resolved, Ok((_, via)) if via == i)
                    && let Some(w) = warnings.as_deref_mut()
                {
                    // The rule's own body needs a division the complaint does not give.
                    self.missing_division_warning(rule, facts, &mut missing, w);
                }
                let Ok((body, via)) = resolved else {
                    continue;
                };
                if via != i
                    && let Some(to) = self.rules.get(via)
                    && let Some(w) = warnings.as_deref_mut()
                {
                    w.push(Warning::Fallback {
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
        (candidates, stopped_at)
    }

    /// A party's division as a fact: the code given (an unknown one is an error), else
    /// the registration authority's division in its USCC when the registry knows it (with
    /// a warning), else unknown.
    fn party_div<'r>(
        &'r self,
        given: Option<DivisionCode>,
        uscc: Option<&Uscc>,
        party: Party,
        address: Option<&str>,
        alternative: &mut Option<Div>,
        warnings: &mut Warnings<'r>,
    ) -> Result<Option<Div>, Error> {
        if let Some(code) = given {
            return self
                .fact_div(code, party, address, true, alternative, warnings)
                .map(Some)
                .ok_or(Error::UnknownDivision {
                    field: party.pointer(),
                    code,
                });
        }
        let Some(hint) = uscc
            .and_then(Uscc::division)
            .filter(|d| self.registry.index_of(*d).is_some())
        else {
            return Ok(None);
        };
        warnings.push(Warning::UsccRegistrationPlace {
            party,
            division: hint,
        });
        Ok(self.fact_div(hint, party, address, true, alternative, warnings))
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

    /// The fact for a party's division: looks the code up (`None`: not in the registry),
    /// maps an abolished code to its live successor (by the address for a split code),
    /// reads the address against it, and notes what needs saying. Abolished and split
    /// codes are always noted; the rest only when `warn` (the consumer's division, when no
    /// rule looks at it, is not read further).
    fn fact_div<'r>(
        &'r self,
        code: DivisionCode,
        party: Party,
        address: Option<&str>,
        warn: bool,
        alternative: &mut Option<Div>,
        warnings: &mut Warnings<'r>,
    ) -> Option<Div> {
        let idx = self.registry.index_of(code)?;
        let info = self.divs.get(idx as usize).copied()?;
        if !info.abolished && !warn {
            return Some(Div { idx, code });
        }
        let check = match address {
            Some(a) if warn => self.check_address(idx, info, a),
            _ => AddressCheck::Agrees,
        };
        let mut live = idx;
        let mut li = info;
        if info.abolished {
            let (l, choice) = match check {
                AddressCheck::Successor(s, name) => (s, SuccessorChoice::Division(name)),
                _ if info.split => self.registry.choose_index(idx, address),
                _ => (info.live, SuccessorChoice::Only),
            };
            live = l;
            li = self.divs.get(l as usize).copied().unwrap_or(info);
            let successor = li.code;
            warnings.push(match choice {
                SuccessorChoice::Only => Warning::AbolishedCode {
                    party,
                    code,
                    successor,
                },
                choice => Warning::SplitCode {
                    party,
                    code,
                    chosen: successor,
                    choice,
                },
            });
        }
        match check {
            AddressCheck::County(county, name) => {
                if let Some(ci) = self.divs.get(county as usize).copied() {
                    warnings.push(Warning::CountyFromAddress {
                        party,
                        code: li.code,
                        county: ci.code,
                        name,
                    });
                    (live, li) = (county, ci);
                }
            }
            AddressCheck::Disagrees(r, read_name) => {
                if let (Some(ri), Some(given)) = (self.divs.get(r as usize), self.registry.at(idx))
                {
                    warnings.push(Warning::AddressDisagrees {
                        party,
                        code,
                        code_name: &given.name,
                        read: ri.code,
                        read_name,
                    });
                    *alternative = self.divs.get(ri.live as usize).map(|l| Div {
                        idx: ri.live,
                        code: l.code,
                    });
                }
            }
            AddressCheck::Agrees | AddressCheck::Successor(..) => {}
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
        Some(Div {
            idx: live,
            code: live_code,
        })
    }

    /// Reads `address` against the division `idx` (as given, `info` its facts): whether the
    /// places it names agree with the code, name the successor of a split code, name the
    /// county-level unit within a province's or prefecture's code, or disagree.
    fn check_address<'r>(&'r self, idx: u32, info: DivInfo, address: &str) -> AddressCheck<'r> {
        if self.registry.starts_with_own_name(idx, address) {
            return AddressCheck::Agrees;
        }
        let reading = self.registry.read_address(address);
        let div = |i: u32| self.divs.get(i as usize).copied();
        let name = |i: u32| self.registry.at(i).map_or("", |d| d.name.as_str());
        let Some(live) = div(info.live) else {
            return AddressCheck::Agrees;
        };
        let terminal = self.registry.terminal(idx);
        let mut county = None;
        for &r in &reading {
            let Some(ri) = div(r) else { continue };
            let Some(rl) = div(ri.live) else { continue };
            if info.split && terminal.contains(&ri.live) && r != idx {
                // The address names one of the split code's successors (桥西区).
                return AddressCheck::Successor(ri.live, name(r));
            }
            let same_place = r == idx
                || ri.live == info.live
                || self.registry.terminal(r).contains(&info.live)
                // The address is coarser than the code: the city, the province.
                || self.registry.within(info.code, ri.code)
                || self.registry.within(live.code, ri.code)
                // A development zone lies within districts and counties of its prefecture.
                || ((live.dev_zone || rl.dev_zone)
                    && live.code.prefecture().is_some()
                    && live.code.prefecture() == rl.code.prefecture());
            if same_place {
                return AddressCheck::Agrees;
            }
            if live.above_county && !rl.above_county && self.registry.within(rl.code, live.code) {
                county.get_or_insert((ri.live, name(r)));
            }
        }
        if let Some((c, n)) = county {
            return AddressCheck::County(c, n);
        }
        // Disagreement: name the reading within the ruleset's city first.
        let read = reading
            .iter()
            .copied()
            .find(|r| div(*r).is_some_and(|d| d.code.is_within(self.city)))
            .or_else(|| reading.first().copied());
        match read {
            Some(r) => AddressCheck::Disagrees(r, name(r)),
            None => AddressCheck::Agrees,
        }
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

/// What an address says about a division code.
#[derive(Debug, Clone, Copy)]
enum AddressCheck<'r> {
    /// It names nothing, the same place, or a place containing it.
    Agrees,
    /// It names this live successor of the split code (by this name).
    Successor(u32, &'r str),
    /// The code is above county level; it names this county-level unit within it.
    County(u32, &'r str),
    /// It names another place (this division, by this name).
    Disagrees(u32, &'r str),
}
