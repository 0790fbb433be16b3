//! The router: a compiled ruleset over the division registry, and the decisions it makes.

use std::collections::HashMap;

use chrono::NaiveDate;
use weiquan_complaint::{
    Category, Channel, DivisionCode, MajorCategory, MinorCategory, OnlineRole,
};
use weiquan_law::{Citation, Instrument, Reliability};

use crate::body::{Body, BodyKind, BodyRef, BodyView};
use crate::division::Registry;
use crate::doc::RulesetFile;
use crate::error::Error;
use crate::law::Cite;
use crate::matcher::{Cond, Party, cst_midnight};

mod decision;
mod route;
mod warnings;

pub use decision::{Candidate, Outcome, Ranking, RoutingDecision, TrailStep, Unresolved};
pub use route::RouteOptions;
pub use warnings::Warning;

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
    pub(crate) basis: Vec<Cite>,
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
    /// The first received date (China Standard Time) it applies to, if bounded.
    pub fn received_from(&self) -> Option<NaiveDate> {
        self.cond.from.map(|(d, _)| d)
    }
    /// The received date from which it no longer applies, if bounded.
    pub fn received_before(&self) -> Option<NaiveDate> {
        self.cond.before.map(|(d, _)| d)
    }
}

pub(crate) struct Parts {
    pub doc: RulesetFile,
    pub registry: Registry,
    pub city: DivisionCode,
    pub local_instruments: Vec<Instrument>,
    pub bodies: Vec<Body>,
    pub body_ids: HashMap<String, u32>,
    pub rules: Vec<Rule>,
    pub ranking_basis: Vec<Cite>,
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
    /// The file's own instruments (those the registry lacks), which citations may borrow.
    local_instruments: Vec<Instrument>,
    bodies: Vec<Body>,
    body_ids: HashMap<String, u32>,
    rules: Vec<Rule>,
    ranking_basis: Vec<Cite>,
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
fn basis_eras(basis: &[Cite]) -> Vec<(i64, i64, Option<Reliability>)> {
    let mut bounds: Vec<i64> = vec![i64::MIN, i64::MAX];
    for c in basis {
        insert_sorted(&mut bounds, c.from);
        insert_sorted(&mut bounds, c.to);
    }
    bounds
        .windows(2)
        .filter_map(|w| match w {
            [from, to] => {
                let worst = basis
                    .iter()
                    .filter(|c| c.in_force_at(*from))
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
        Router::shijiazhuang_with(Registry::embedded()?)
    }

    /// The embedded Shijiazhuang ruleset over a given registry: the embedded one with
    /// another city's division history added ([`Registry::embedded_with`]), say.
    pub fn shijiazhuang_with(registry: Registry) -> Result<Router, Error> {
        // The document was read from `SHIJIAZHUANG_TOML` at build time; every check of
        // loading still runs here.
        Router::from_file(crate::packed::shijiazhuang()?, registry)
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
        let mut rules = p.rules;
        for r in &mut rules {
            r.eras = basis_eras(&r.basis);
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
            local_instruments: p.local_instruments,
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

    /// The file's own instruments: those its citations name beside the built-in registry's
    /// (a city's local regulation, say). Empty for the default ruleset.
    pub fn local_instruments(&self) -> &[Instrument] {
        &self.local_instruments
    }

    /// An instrument a citation of this ruleset may name: one of the file's own, else the
    /// built-in registry's ([`weiquan_law::instruments::find`]).
    pub fn instrument(&self, id: &str) -> Option<&Instrument> {
        self.local_instruments
            .iter()
            .find(|i| i.id == id)
            .or_else(|| weiquan_law::instruments::find(id))
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

    /// The citations of `list`, each borrowing its instrument from the registry or from
    /// the file's own.
    fn citations<'r>(&'r self, list: &'r [Cite]) -> impl Iterator<Item = Citation<'r>> + 'r {
        list.iter().filter_map(|c| c.view(&self.local_instruments))
    }

    /// The citations of `list` whose text was in force at `ts`.
    fn in_force<'r>(
        &'r self,
        list: &'r [Cite],
        ts: i64,
    ) -> impl Iterator<Item = Citation<'r>> + 'r {
        list.iter()
            .filter(move |c| c.in_force_at(ts))
            .filter_map(|c| c.view(&self.local_instruments))
    }

    /// Every citation of a rule's basis, in force on a given day or not.
    pub fn basis<'r>(&'r self, rule: &'r Rule) -> impl Iterator<Item = Citation<'r>> + 'r {
        self.citations(&rule.basis)
    }

    /// Every citation of the ranking's basis (the first-received rule).
    pub fn ranking_basis(&self) -> impl Iterator<Item = Citation<'_>> + '_ {
        self.citations(&self.ranking_basis)
    }

    /// The citations of a rule whose cited text was in force on `date` (China Standard
    /// Time): what a decision on a complaint received that day reports.
    pub fn basis_in_force<'r>(
        &'r self,
        rule: &'r Rule,
        date: NaiveDate,
    ) -> impl Iterator<Item = Citation<'r>> + 'r {
        self.in_force(&rule.basis, cst_midnight(date))
    }
}
