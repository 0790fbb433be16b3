//! The router: a compiled ruleset over the division registry, and the decisions it makes.

use std::collections::HashMap;

use chrono::NaiveDate;
use smallvec::SmallVec;
use weiquan_complaint::{
    Category, Channel, Complaint, DivisionCode, MajorCategory, MinorCategory, OnlineRole,
};

use crate::body::{Body, BodyKind, BodyRef, BodyView};
use crate::division::{DivisionNote, Registry, SuccessorChoice};
use crate::doc::RulesetFile;
use crate::error::Error;
use crate::law::{Citation, Cited, Instrument, Reliability};
use crate::matcher::{Cond, Div, Facts, Mismatch, Party, cst_midnight};

/// What a rule's result names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A listed body.
    Body(u32),
    /// The body of a kind serving a party's division, looked up in `tables[table]`.
    At {
        kind: BodyKind,
        party: Party,
        table: u32,
    },
}

/// The body of one kind for every division (by registry index).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub kind: BodyKind,
    pub refs: Vec<Option<BodyRef>>,
    /// Every division has a body.
    pub total: bool,
}

/// Precomputed facts about one division.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DivInfo {
    pub code: DivisionCode,
    /// The live code for it (itself, or the first live successor).
    pub live: u32,
    pub abolished: bool,
    /// The division data has a note on it.
    pub note: bool,
    pub split: bool,
    pub dev_zone: bool,
    /// A province or prefecture that has county-level units: not where complaints are
    /// handled.
    pub above_county: bool,
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) continues: bool,
    pub(crate) note: Option<String>,
    pub(crate) cond: Cond,
    pub(crate) target: Target,
    pub(crate) fallback: Option<u32>,
    pub(crate) basis: Vec<Citation>,
    /// The weakest reliability among the citations in force, by period `[from, to)`;
    /// `None`: no citation in force then.
    pub(crate) eras: Vec<(i64, i64, Option<Reliability>)>,
}

impl Rule {
    /// Its id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// What it says, in a line.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// Whether it adds a candidate and lets the search go on.
    pub fn continues(&self) -> bool {
        self.continues
    }
    /// The note, if any.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

pub(crate) struct Parts {
    pub doc: RulesetFile,
    pub registry: Registry,
    pub city: DivisionCode,
    pub instruments: Vec<Instrument>,
    pub bodies: Vec<Body>,
    pub body_ids: HashMap<String, u32>,
    pub rules: Vec<Rule>,
    pub ranking_basis: Vec<Citation>,
    pub tables: Vec<Table>,
    pub divs: Vec<DivInfo>,
}

/// Decides which body handles a complaint, and says why.
///
/// Build it once — [`Router::shijiazhuang`] for the embedded default, or
/// [`Router::from_toml`] for another city's file — and share it between threads: routing
/// takes `&self` and does not allocate on the way to a decision (up to three candidates and
/// three warnings are held inline).
#[derive(Debug, Clone)]
pub struct Router {
    doc: RulesetFile,
    registry: Registry,
    city: DivisionCode,
    instruments: Vec<Instrument>,
    /// `[from, to)` instants of each instrument's force.
    instrument_ts: Vec<(i64, i64)>,
    bodies: Vec<Body>,
    body_ids: HashMap<String, u32>,
    rules: Vec<Rule>,
    ranking_basis: Vec<Citation>,
    tables: Vec<Table>,
    divs: Vec<DivInfo>,
    prefilter: Prefilter,
    /// Whether any rule looks at the consumer's division (else its warnings are noise).
    uses_consumer: bool,
}

/// For each value of the facts with few values (channel, online state, category), the
/// rules whose conditions on it hold, as bit sets: a complaint's candidate rules are the
/// AND of three rows, and only their remaining conditions are checked.
#[derive(Debug, Clone)]
struct Prefilter {
    words: usize,
    channel: Vec<u64>,
    online: Vec<u64>,
    category: Vec<u64>,
}

const ONLINE_STATES: usize = 4 * 4;

fn online_state(role: Option<OnlineRole>, published: bool, reachable: bool) -> usize {
    role.map_or(0, |r| r as usize + 1) * 4 + usize::from(published) * 2 + usize::from(reachable)
}

fn category_index(c: Category) -> usize {
    match c.minor() {
        Some(m) => MajorCategory::ALL.len() + m as usize,
        None => c.major() as usize,
    }
}

impl Prefilter {
    fn new(rules: &[Rule]) -> Prefilter {
        let words = rules.len().div_ceil(64).max(1);
        let table = |n: usize, holds: &dyn Fn(usize, &Rule) -> bool| {
            let mut t = vec![0u64; n * words];
            for row in 0..n {
                for (ri, r) in rules.iter().enumerate() {
                    if holds(row, r)
                        && let Some(w) = t.get_mut(row * words + ri / 64)
                    {
                        *w |= 1u64 << (ri % 64);
                    }
                }
            }
            t
        };
        let channel = table(Channel::ALL.len(), &|row, r| {
            Channel::ALL
                .get(row)
                .is_some_and(|c| r.cond.check_channel(*c).is_ok())
        });
        let online = table(ONLINE_STATES, &|row, r| {
            let role = match row / 4 {
                0 => None,
                k => match OnlineRole::ALL.get(k - 1) {
                    Some(role) => Some(*role),
                    None => return false,
                },
            };
            r.cond
                .check_online(role, row & 2 != 0, row & 1 != 0)
                .is_ok()
        });
        let majors = MajorCategory::ALL.len();
        let category = table(majors + MinorCategory::ALL.len(), &|row, r| {
            let c = if row < majors {
                MajorCategory::ALL
                    .get(row)
                    .map(|m| Category::major_only(*m))
            } else {
                MinorCategory::ALL
                    .get(row - majors)
                    .map(|m| Category::item(*m))
            };
            c.is_some_and(|c| r.cond.check_category(c).is_ok())
        });
        Prefilter {
            words,
            channel,
            online,
            category,
        }
    }

    #[inline]
    fn word(&self, w: usize, channel: usize, online: usize, category: usize) -> u64 {
        let get = |t: &[u64], row: usize| t.get(row * self.words + w).copied().unwrap_or(0);
        get(&self.channel, channel) & get(&self.online, online) & get(&self.category, category)
    }
}

/// The periods in which a rule's citations in force (and their weakest mark) stay the same.
fn basis_eras(
    basis: &[Citation],
    instruments: &[Instrument],
    ts: &[(i64, i64)],
) -> Vec<(i64, i64, Option<Reliability>)> {
    let mut bounds: Vec<i64> = vec![i64::MIN, i64::MAX];
    for c in basis {
        if let Some((from, to)) = ts.get(c.instrument) {
            insert_sorted(&mut bounds, *from);
            insert_sorted(&mut bounds, *to);
        }
    }
    bounds
        .windows(2)
        .filter_map(|w| match w {
            [from, to] => {
                let worst = basis
                    .iter()
                    .filter(|c| {
                        ts.get(c.instrument)
                            .is_some_and(|(f, t)| f <= from && from < t)
                    })
                    .filter_map(|c| Cited::new(c, instruments))
                    .map(|c| c.reliability)
                    .max();
                Some((*from, *to, worst))
            }
            _ => None,
        })
        .collect()
}

/// Inserts `x` into the sorted, distinct `bounds` unless it is there. A rule has a handful
/// of bounds; a sort routine for them would add 4 KB to the WebAssembly module.
fn insert_sorted(bounds: &mut Vec<i64>, x: i64) {
    if let Err(i) = bounds.binary_search(&x) {
        bounds.insert(i, x);
    }
}

/// Options for [`Router::route_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RouteOptions<'a> {
    /// The id of the body that received the complaint. When several bodies have authority
    /// and this is one of them, it handles the complaint (Order No. 20 Art. 13: the one
    /// that received it first).
    pub received_by: Option<&'a str>,
}

/// How the candidates were ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ranking {
    /// In the order of the rules that found them.
    RuleOrder,
    /// The receiving body first (it received the complaint first), then rule order.
    ReceivedFirst,
}

/// Inline room for the usual number of warnings and candidates: more spill to the heap.
type Warnings<'r> = SmallVec<[Warning<'r>; 3]>;
type Cands = SmallVec<[Cand; 3]>;

/// One candidate body, as found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cand {
    body: BodyRef,
    /// The rule whose result named it (the fallback's when one was used).
    rule: u32,
}

impl Router {
    /// The embedded Shijiazhuang ruleset over the embedded division registry.
    ///
    /// ```
    /// let router = weiquan_routing::Router::shijiazhuang()?;
    /// assert_eq!(router.id(), "shijiazhuang");
    /// assert_eq!(router.city().to_string(), "130100");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shijiazhuang() -> Result<Router, Error> {
        // The document was read from `SHIJIAZHUANG_TOML` at build time; every check of
        // loading still runs here.
        Router::from_file(crate::packed::shijiazhuang()?, Registry::embedded()?)
    }

    /// A ruleset file's TOML text over the embedded division registry. Every problem is
    /// reported, with its line, in [`Error::Ruleset`].
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Router, Error> {
        Router::from_toml_with(text, Registry::embedded()?)
    }

    /// A ruleset file's TOML text over a given registry.
    #[cfg(feature = "toml")]
    pub fn from_toml_with(text: &str, registry: Registry) -> Result<Router, Error> {
        let doc = RulesetFile::from_toml(text).map_err(Error::Ruleset)?;
        crate::compile::compile(doc, registry, Some(text))
    }

    /// A ruleset document built or changed in code (problems are reported without lines).
    pub fn from_file(doc: RulesetFile, registry: Registry) -> Result<Router, Error> {
        crate::compile::compile(doc, registry, None)
    }

    pub(crate) fn assemble(p: Parts) -> Router {
        let instrument_ts: Vec<(i64, i64)> = p
            .instruments
            .iter()
            .map(|i| {
                let from = i.valid_from.map_or(i64::MIN, cst_midnight);
                let to = i
                    .valid_to
                    .and_then(|d| d.succ_opt())
                    .map_or(i64::MAX, cst_midnight);
                (from, to)
            })
            .collect();
        let mut rules = p.rules;
        for r in &mut rules {
            r.eras = basis_eras(&r.basis, &p.instruments, &instrument_ts);
        }
        let prefilter = Prefilter::new(&rules);
        let uses_consumer = rules.iter().any(|r| {
            r.cond.consumer != crate::matcher::DivCond::default()
                || matches!(
                    r.target,
                    Target::At {
                        party: Party::Consumer,
                        ..
                    }
                )
        });
        Router {
            doc: p.doc,
            registry: p.registry,
            city: p.city,
            instruments: p.instruments,
            instrument_ts,
            bodies: p.bodies,
            body_ids: p.body_ids,
            rules,
            ranking_basis: p.ranking_basis,
            tables: p.tables,
            divs: p.divs,
            prefilter,
            uses_consumer,
        }
    }

    /// The ruleset's id.
    pub fn id(&self) -> &str {
        &self.doc.id
    }

    /// The ruleset's name.
    pub fn name(&self) -> &str {
        &self.doc.name
    }

    /// The division whose bodies the ruleset lists.
    pub fn city(&self) -> DivisionCode {
        self.city
    }

    /// The ruleset document it was built from.
    pub fn ruleset(&self) -> &RulesetFile {
        &self.doc
    }

    /// The division registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The listed bodies.
    pub fn bodies(&self) -> &[Body] {
        &self.bodies
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The instruments rules cite.
    pub fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    /// A body by id: a listed id, or a generated one (`generated.market_regulation.330110`).
    pub fn body_by_id(&self, id: &str) -> Option<BodyView<'_>> {
        self.body_ref(id).map(|r| BodyView::new(self, r))
    }

    /// A view of a body reference.
    pub fn body_view(&self, r: BodyRef) -> BodyView<'_> {
        BodyView::new(self, r)
    }

    fn body_ref(&self, id: &str) -> Option<BodyRef> {
        if let Some(i) = self.body_ids.get(id) {
            return Some(BodyRef::Listed(*i));
        }
        let rest = id.strip_prefix("generated.")?;
        let (kind, code) = rest.rsplit_once('.')?;
        let kind = BodyKind::parse(kind).filter(|k| k.generatable())?;
        let idx = self.registry.index_of(code.parse().ok()?)?;
        Some(BodyRef::Generated(kind, idx))
    }

    /// The citations of `list` whose instrument was in force at `ts`.
    fn in_force<'r>(
        &'r self,
        list: &'r [Citation],
        ts: i64,
    ) -> impl Iterator<Item = Cited<'r>> + 'r {
        list.iter()
            .filter(move |c| {
                self.instrument_ts
                    .get(c.instrument)
                    .is_some_and(|(from, to)| *from <= ts && ts < *to)
            })
            .filter_map(|c| Cited::new(c, &self.instruments))
    }

    /// The citations of a rule whose instrument was in force on `date`.
    pub fn basis_in_force<'r>(
        &'r self,
        rule: &'r Rule,
        date: NaiveDate,
    ) -> impl Iterator<Item = Cited<'r>> + 'r {
        self.in_force(&rule.basis, cst_midnight(date))
    }

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
    fn resolve_target(&self, i: usize, f: &Facts) -> Result<(BodyRef, usize), Unresolved> {
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

/// Why a matching rule's result named no body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// The result is a body at a party's division, and that division is not known.
    DivisionUnknown {
        /// Whose division.
        party: Party,
    },
    /// No body of the kind serves the division (and none is generated for the kind).
    NoBody {
        /// The kind of body.
        kind: BodyKind,
        /// Whose division.
        party: Party,
        /// The division.
        code: DivisionCode,
    },
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::DivisionUnknown { party } => {
                write!(
                    f,
                    "the rule's body is at the {}'s division, which is not known",
                    party.en()
                )
            }
            Unresolved::NoBody { kind, party, code } => {
                write!(
                    f,
                    "no {kind} body serves the {}'s division {code}",
                    party.en()
                )
            }
        }
    }
}

/// Something the person handling the complaint should know about a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning<'r> {
    /// An abolished code was mapped to its live successor.
    AbolishedCode {
        /// Whose division.
        party: Party,
        /// The code as given.
        code: DivisionCode,
        /// The live code used.
        successor: DivisionCode,
    },
    /// A split code was mapped to one of its successors.
    SplitCode {
        /// Whose division.
        party: Party,
        /// The code as given.
        code: DivisionCode,
        /// The successor used.
        chosen: DivisionCode,
        /// The place name in the address that decided it; `None`: no place name matched
        /// and the first successor listed was taken.
        keyword: Option<&'r str>,
    },
    /// The division is a development zone: a statistical code, not GB/T 2260.
    DevelopmentZone {
        /// Whose division.
        party: Party,
        /// The code.
        code: DivisionCode,
    },
    /// The division is a province or prefecture with county-level units: the county is
    /// not known.
    NotCountyLevel {
        /// Whose division.
        party: Party,
        /// The code.
        code: DivisionCode,
    },
    /// The division data has a note on the code (e.g. 辛集市, a province-administered pilot).
    DivisionNote {
        /// Whose division.
        party: Party,
        /// The code the note is on.
        code: DivisionCode,
        /// The note.
        note: &'r DivisionNote,
    },
    /// An in-platform seller's platform operator has no known domicile.
    PlatformDomicileUnknown,
    /// An in-platform seller's own division is not known.
    SellerDivisionUnknown,
    /// A rule's body could not be found and its fallback's was used.
    Fallback {
        /// The rule that matched.
        rule: &'r str,
        /// The rule whose result was used.
        to: &'r str,
    },
    /// The body was generated from the division (the file does not list it): check its
    /// name and contacts.
    GeneratedBody {
        /// Its division.
        division: DivisionCode,
        /// Outside the ruleset's city: an external referral.
        external: bool,
    },
    /// No body of the kind is listed for the division; the one above it was taken.
    HigherLevelBody {
        /// Whose division.
        party: Party,
        /// The division.
        code: DivisionCode,
        /// The body's division.
        body_division: Option<DivisionCode>,
    },
    /// The receiving body given is not among the bodies with authority.
    ReceiverWithoutAuthority,
    /// The chosen rule's basis rests on a source marked \[S\] or \[U\]: legal review needed.
    UnverifiedBasis {
        /// The rule.
        rule: &'r str,
        /// The weakest mark among its citations in force.
        reliability: Reliability,
    },
    /// None of the chosen rule's citations was in force on the received date.
    NoBasisInForce {
        /// The rule.
        rule: &'r str,
    },
}

impl Warning<'_> {
    /// A stable code, e.g. `abolished_code`.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::AbolishedCode { .. } => "abolished_code",
            Warning::SplitCode { .. } => "split_code",
            Warning::DevelopmentZone { .. } => "development_zone",
            Warning::NotCountyLevel { .. } => "not_county_level",
            Warning::DivisionNote { .. } => "division_note",
            Warning::PlatformDomicileUnknown => "platform_domicile_unknown",
            Warning::SellerDivisionUnknown => "seller_division_unknown",
            Warning::Fallback { .. } => "fallback",
            Warning::GeneratedBody { .. } => "generated_body",
            Warning::HigherLevelBody { .. } => "higher_level_body",
            Warning::ReceiverWithoutAuthority => "receiver_without_authority",
            Warning::UnverifiedBasis { .. } => "unverified_basis",
            Warning::NoBasisInForce { .. } => "no_basis_in_force",
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            Warning::AbolishedCode { party, code, successor } => {
                format!("the {}'s division code {code} is abolished; its successor {successor} was used", party.en())
            }
            Warning::SplitCode { party, code, chosen, keyword: Some(k) } => format!(
                "the {}'s division code {code} was abolished and split; the address names {k}, which went to {chosen}",
                party.en()
            ),
            Warning::SplitCode { party, code, chosen, keyword: None } => format!(
                "the {}'s division code {code} was abolished and split; no place name in the address decides, so the first successor listed, {chosen}, was used: check the address",
                party.en()
            ),
            Warning::DevelopmentZone { party, code } => format!(
                "the {}'s division {code} is a development zone with a statistical code only (not GB/T 2260)",
                party.en()
            ),
            Warning::NotCountyLevel { party, code } => format!(
                "the {}'s division {code} is not at county level; the county is not known",
                party.en()
            ),
            Warning::DivisionNote { party, code, note } => {
                format!("the {}'s division {code}: {} [{}]", party.en(), note.en, note.reliability)
            }
            Warning::PlatformDomicileUnknown => {
                "the platform operator's domicile is not known, so it is not a candidate".to_owned()
            }
            Warning::SellerDivisionUnknown => {
                "the in-platform seller's place of business is not known, so it is not a candidate".to_owned()
            }
            Warning::Fallback { rule, to } => {
                format!("rule {rule} found no body; its fallback {to} was used")
            }
            Warning::GeneratedBody { division, external: true } => format!(
                "external referral: the body for {division} is generated from the division registry; confirm its name and contacts"
            ),
            Warning::GeneratedBody { division, external: false } => format!(
                "the body for {division} is not listed in the ruleset and was generated; confirm its name and contacts"
            ),
            Warning::HigherLevelBody { party, code, body_division } => format!(
                "no body of this kind is listed for the {}'s division {code}; the body at {} was taken",
                party.en(),
                body_division.map_or_else(|| "national level".to_owned(), |d| d.to_string())
            ),
            Warning::ReceiverWithoutAuthority => {
                "the receiving body given has no authority under the matching rules; candidates stay in rule order".to_owned()
            }
            Warning::UnverifiedBasis { rule, reliability } => format!(
                "the basis of rule {rule} rests on a source marked [{reliability}]: legal review needed"
            ),
            Warning::NoBasisInForce { rule } => {
                format!("none of the instruments rule {rule} cites was in force on the received date")
            }
        }
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Warning::AbolishedCode {
                party,
                code,
                successor,
            } => {
                format!(
                    "{}的行政区划代码{code}已撤销，已改用继承代码{successor}",
                    party.zh()
                )
            }
            Warning::SplitCode {
                party,
                code,
                chosen,
                keyword: Some(k),
            } => {
                format!(
                    "{}的行政区划代码{code}已撤销并拆分；地址中含“{k}”，划入{chosen}",
                    party.zh()
                )
            }
            Warning::SplitCode {
                party,
                code,
                chosen,
                keyword: None,
            } => format!(
                "{}的行政区划代码{code}已撤销并拆分；地址无法判断归属，暂按第一个继承代码{chosen}处理，请核实地址",
                party.zh()
            ),
            Warning::DevelopmentZone { party, code } => {
                format!(
                    "{}所在的{code}为开发区统计用代码，非GB/T 2260行政区划代码",
                    party.zh()
                )
            }
            Warning::NotCountyLevel { party, code } => {
                format!("{}的区划{code}不是县级区划，具体区县不明", party.zh())
            }
            Warning::DivisionNote { party, code, note } => {
                format!(
                    "{}的区划{code}：{}［{}］",
                    party.zh(),
                    note.zh,
                    note.reliability
                )
            }
            Warning::PlatformDomicileUnknown => "平台经营者住所地不明，未列为候选".to_owned(),
            Warning::SellerDivisionUnknown => "平台内经营者实际经营地不明，未列为候选".to_owned(),
            Warning::Fallback { rule, to } => {
                format!("规则{rule}未找到处理机构，已改用备用规则{to}")
            }
            Warning::GeneratedBody {
                division,
                external: true,
            } => {
                format!("外地转办：{division}的处理机构系根据区划代码生成，请核实名称和联系方式")
            }
            Warning::GeneratedBody {
                division,
                external: false,
            } => {
                format!("{division}的处理机构未列入规则集，系自动生成，请核实名称和联系方式")
            }
            Warning::HigherLevelBody {
                party,
                code,
                body_division,
            } => format!(
                "{}的区划{code}未列出该类机构，已由{}的机构处理",
                party.zh(),
                body_division.map_or_else(|| "全国".to_owned(), |d| d.to_string())
            ),
            Warning::ReceiverWithoutAuthority => {
                "所填收件机构不在有管辖权的机构之列，候选仍按规则顺序排列".to_owned()
            }
            Warning::UnverifiedBasis { rule, reliability } => {
                format!("规则{rule}的依据来源标记为［{reliability}］，需法律审核")
            }
            Warning::NoBasisInForce { rule } => {
                format!("规则{rule}所引用的规范在收到投诉之日均未生效")
            }
        }
    }
}

/// A candidate body of a decision, with its rank and the rule that named it.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'r> {
    /// 1 for the body that handles the complaint.
    pub rank: usize,
    /// The body.
    pub body: BodyView<'r>,
    /// The rule whose result named it.
    pub rule: &'r Rule,
}

/// What happened at one rule, for the trail.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'r> {
    /// The rule matched and named a body (its rank among the candidates).
    Matched {
        /// The body.
        body: BodyView<'r>,
        /// Its rank.
        rank: usize,
    },
    /// The rule matched, its own body could not be found, and its fallback's was used.
    ViaFallback {
        /// The fallback rule.
        to: &'r Rule,
        /// The body.
        body: BodyView<'r>,
        /// Its rank.
        rank: usize,
    },
    /// The rule matched but named no body.
    Unresolved(Unresolved),
    /// The rule did not match.
    NotMatched(Mismatch),
}

impl Outcome<'_> {
    /// `matched`, `via_fallback`, `unresolved` or `not_matched`.
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::Matched { .. } => "matched",
            Outcome::ViaFallback { .. } => "via_fallback",
            Outcome::Unresolved(_) => "unresolved",
            Outcome::NotMatched(_) => "not_matched",
        }
    }

    /// Why, in a machine code: the failed condition's code, or `None` for a match.
    pub fn reason_code(&self) -> Option<&'static str> {
        match self {
            Outcome::NotMatched(m) => Some(m.code()),
            Outcome::Unresolved(Unresolved::DivisionUnknown { .. }) => Some("division_unknown"),
            Outcome::Unresolved(Unresolved::NoBody { .. }) => Some("no_body"),
            _ => None,
        }
    }

    /// What happened, in English.
    pub fn message(&self) -> String {
        match self {
            Outcome::Matched { body, rank } => format!("matched: {} (candidate {rank})", body.id()),
            Outcome::ViaFallback { to, body, rank } => {
                format!(
                    "matched; fallback {} named {} (candidate {rank})",
                    to.id,
                    body.id()
                )
            }
            Outcome::Unresolved(u) => format!("matched, but {u}"),
            Outcome::NotMatched(m) => m.to_string(),
        }
    }
}

/// One step of the trail: a rule tried and what came of it.
#[derive(Debug, Clone, Copy)]
pub struct TrailStep<'r> {
    /// The rule.
    pub rule: &'r Rule,
    /// What happened.
    pub outcome: Outcome<'r>,
}

/// The decision for one complaint. It borrows the router; nothing is allocated to make it
/// (the trail is rebuilt on request by [`RoutingDecision::trail`]).
#[derive(Debug, Clone)]
pub struct RoutingDecision<'r> {
    router: &'r Router,
    facts: Facts,
    candidates: Cands,
    warnings: Warnings<'r>,
    ranking: Ranking,
    stopped_at: usize,
}

impl<'r> RoutingDecision<'r> {
    fn top(&self) -> Cand {
        // A decision always has a candidate: route() returns an error otherwise.
        self.candidates.first().copied().unwrap_or(Cand {
            body: BodyRef::Listed(u32::MAX),
            rule: u32::MAX,
        })
    }

    /// The body that handles the complaint (the first candidate).
    pub fn body(&self) -> BodyView<'r> {
        BodyView::new(self.router, self.top().body)
    }

    /// The rule that named it.
    pub fn rule(&self) -> &'r Rule {
        let rules = self.router.rules();
        rules
            .get(self.top().rule as usize)
            .or_else(|| rules.first())
            .unwrap_or_else(|| unreachable_rule())
    }

    /// The legal basis: the rule's citations whose instrument was in force on the received
    /// date.
    pub fn basis(&self) -> impl Iterator<Item = Cited<'r>> + 'r {
        self.router.in_force(&self.rule().basis, self.facts.ts)
    }

    /// Every candidate, ranked (rank 1 is [`RoutingDecision::body`]).
    pub fn candidates(&self) -> impl Iterator<Item = Candidate<'r>> + '_ {
        let rules = self.router.rules();
        self.candidates
            .iter()
            .enumerate()
            .filter_map(move |(i, c)| {
                Some(Candidate {
                    rank: i + 1,
                    body: BodyView::new(self.router, c.body),
                    rule: rules.get(c.rule as usize)?,
                })
            })
    }

    /// How many candidates.
    pub fn candidate_count(&self) -> usize {
        self.candidates.len()
    }

    /// The warnings.
    pub fn warnings(&self) -> &[Warning<'r>] {
        &self.warnings
    }

    /// How the candidates were ranked.
    pub fn ranking(&self) -> Ranking {
        self.ranking
    }

    /// The tie rule's basis in force on the received date (Art. 13: first received).
    pub fn ranking_basis(&self) -> impl Iterator<Item = Cited<'r>> + 'r {
        self.router
            .in_force(&self.router.ranking_basis, self.facts.ts)
    }

    /// The received date in China Standard Time.
    pub fn received_date(&self) -> NaiveDate {
        self.facts.received_date()
    }

    /// The router that decided.
    pub fn router(&self) -> &'r Router {
        self.router
    }

    /// Every rule tried, in order, up to the one that ended the search, and what came of
    /// each: the condition that failed, or the body it named.
    pub fn trail(&self) -> Vec<TrailStep<'r>> {
        let r = self.router;
        let rank_of = |b: BodyRef| {
            self.candidates
                .iter()
                .position(|c| c.body == b)
                .map_or(0, |p| p + 1)
        };
        r.rules
            .iter()
            .enumerate()
            .take(self.stopped_at + 1)
            .map(|(i, rule)| {
                let outcome = match rule.cond.check(&self.facts) {
                    Err(m) => Outcome::NotMatched(m),
                    Ok(()) => match r.resolve_target(i, &self.facts) {
                        Err(u) => Outcome::Unresolved(u),
                        Ok((body, via)) if via == i => Outcome::Matched {
                            body: BodyView::new(r, body),
                            rank: rank_of(body),
                        },
                        Ok((body, via)) => Outcome::ViaFallback {
                            to: r.rules.get(via).unwrap_or(rule),
                            body: BodyView::new(r, body),
                            rank: rank_of(body),
                        },
                    },
                };
                TrailStep { rule, outcome }
            })
            .collect()
    }

    /// The decision as a serialisable report (what `weiquan route` writes).
    pub fn report(&self, complaint_id: &str) -> crate::report::DecisionReport {
        crate::report::DecisionReport::new(self, complaint_id)
    }
}

/// Never called: a router always has the rule its decisions name. Kept panic-free.
fn unreachable_rule() -> &'static Rule {
    static EMPTY: std::sync::OnceLock<Rule> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Rule {
        id: String::new(),
        title: String::new(),
        continues: false,
        note: None,
        cond: Cond::default(),
        target: Target::Body(u32::MAX),
        fallback: None,
        basis: Vec::new(),
        eras: Vec::new(),
    })
}
