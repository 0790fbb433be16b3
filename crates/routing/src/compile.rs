//! Loading a ruleset file: every check (unknown body, rule, instrument, category, channel,
//! role; bad or unknown division code; bad date or amount; a registry instrument redefined;
//! a citation that does not fit its instrument or is in force on no day its rule applies; a
//! rule with no basis; conditions that contradict each other; a rule shadowed by an earlier
//! one; fallbacks or superiors in a circle), each problem reported with its line, then
//! compilation into the [`Router`]'s tables.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;
use weiquan_complaint::{Category, Channel, DivisionCode, OnlineRole, TopCategory, Yuan};
use weiquan_law::{Citation, Instrument, InstrumentKind, Reliability, instruments};

use crate::Router;
use crate::body::{Body, BodyKind, BodyRef, ContactChannel, ContactKind};
use crate::division::Registry;
use crate::doc::{CitationDoc, ConditionsDoc, InstrumentDoc, RULESET_SCHEMA_VERSION, RulesetFile};
use crate::error::{Error, Problem, ProblemKind, Problems};
use crate::law::{Cite, Source, closest};
use crate::matcher::{CatSet, Cond, DivCond, Party, channel_bit, cst_midnight, role_bit, top_bit};
use crate::router::{DivInfo, Rule, Table, Target};
use crate::ruleset::Path;

struct Ctx<'a> {
    registry: &'a Registry,
    /// The first [`MAX_PROBLEMS`] problems found.
    problems: Vec<(Path, ProblemKind, String)>,
    /// How many more were found (counted, not kept: a file of bad values must not make a
    /// report larger than itself).
    more: usize,
}

/// The most problems a rejected ruleset lists (then one [`ProblemKind::TooMany`]).
pub const MAX_PROBLEMS: usize = 100;

/// The most characters of a problem's message: a value quoted in it is cut.
const MAX_MESSAGE_CHARS: usize = 300;

/// The file's own instruments (those the registry lacks), and their ids.
struct Own<'a> {
    list: &'a [Instrument],
    ids: &'a HashMap<String, u32>,
    /// Ids declared by an `[[instrument]]` with a problem of its own (already reported):
    /// citing them is not a second problem.
    broken: &'a [&'a str],
}

impl Own<'_> {
    /// The instrument `id` names: the file's own, else the registry's.
    fn find(&self, id: &str) -> Option<&Instrument> {
        match self.ids.get(id) {
            Some(k) => self.list.get(*k as usize),
            None => instruments::find(id),
        }
    }
}

impl Ctx<'_> {
    /// Records a problem. The message is formatted here, not at each of the many call
    /// sites (which made `compile` larger in the WebAssembly module).
    fn problem(&mut self, path: Path, kind: ProblemKind, message: std::fmt::Arguments<'_>) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.more += 1;
            return;
        }
        // A quoted value is the file's: identifiers masked, each quote cut to 200.
        let mut text = weiquan_support::mask::parser_message(&std::fmt::format(message));
        if let Some((at, _)) = text.char_indices().nth(MAX_MESSAGE_CHARS) {
            text.truncate(at);
            text.push('…');
        }
        self.problems.push((path, kind, text));
    }

    /// How many problems were found so far (kept or counted).
    fn found(&self) -> usize {
        self.problems.len() + self.more
    }

    fn division(&mut self, s: &str, path: Path) -> Option<DivisionCode> {
        let Ok(code) = s.parse::<DivisionCode>() else {
            self.problem(
                path,
                ProblemKind::BadDivisionCode,
                format_args!("{s:?} is not a six-digit division code"),
            );
            return None;
        };
        if self.registry.get(code).is_none() {
            self.problem(
                path,
                ProblemKind::UnknownDivision,
                format_args!("division code {code} is not in the division registry"),
            );
            return None;
        }
        Some(code)
    }

    fn divisions(&mut self, list: &Option<Vec<String>>, path: Path) -> Option<Vec<DivisionCode>> {
        let list = list.as_ref()?;
        Some(
            list.iter()
                .enumerate()
                .filter_map(|(i, s)| self.division(s, path.index(i)))
                .collect(),
        )
    }

    fn date(&mut self, s: &Option<String>, path: Path) -> Option<NaiveDate> {
        let s = s.as_ref()?;
        let d = crate::division::parse_date(s);
        if d.is_none() {
            self.problem(
                path,
                ProblemKind::BadDate,
                format_args!("{s:?} is not a date YYYY-MM-DD"),
            );
        }
        d
    }

    fn amount(&mut self, s: &Option<String>, path: Path) -> Option<Yuan> {
        let s = s.as_ref()?;
        match s.parse::<Yuan>() {
            Ok(y) => Some(y),
            Err(e) => {
                self.problem(path, ProblemKind::BadAmount, format_args!("{e}"));
                None
            }
        }
    }

    fn reliability(&mut self, s: &str, path: Path) -> Option<Reliability> {
        let r = s.parse::<Reliability>().ok();
        if r.is_none() {
            self.problem(
                path,
                ProblemKind::UnknownValue,
                format_args!(
                    "reliability {s:?} is not V, S or U (or verified, secondary, unverified)"
                ),
            );
        }
        r
    }

    /// Parses each entry of a vocabulary list into a bit set (`bit`: an entry's bit, if it
    /// is one of the vocabulary; a plain function, so that one copy serves every list).
    fn set(
        &mut self,
        list: &Option<Vec<String>>,
        path: Path,
        kind: ProblemKind,
        what: &str,
        bit: fn(&str) -> Option<u64>,
    ) -> Option<u64> {
        let list = list.as_ref()?;
        let mut mask = 0;
        for (i, s) in list.iter().enumerate() {
            match bit(s) {
                Some(b) => mask |= b,
                None => self.problem(path.index(i), kind, format_args!("{s:?} is not {what}")),
            }
        }
        Some(mask)
    }

    /// One of the file's own instruments, checked; `None` when a field is wrong.
    fn instrument(&mut self, d: &InstrumentDoc, p: &Path) -> Option<Instrument> {
        let before = self.found();
        let adopted = self.date(&d.adopted, p.key("adopted"));
        let from = self.date(&d.in_force_from, p.key("in_force_from"));
        let to = self.date(&d.in_force_to, p.key("in_force_to"));
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            self.problem(
                p.key("in_force_to"),
                ProblemKind::BadDate,
                format_args!("in_force_to {t} is before in_force_from {f}"),
            );
        }
        if let (Some(a), Some(f)) = (adopted, from)
            && a > f
        {
            self.problem(
                p.key("adopted"),
                ProblemKind::BadDate,
                format_args!("adopted {a} is after in_force_from {f}"),
            );
        }
        let kind = InstrumentKind::from_code(&d.kind);
        if kind.is_none() {
            self.problem(
                p.key("kind"),
                ProblemKind::UnknownValue,
                format_args!(
                    "instrument kind {:?} is not one of {}",
                    d.kind,
                    codes(InstrumentKind::ALL.iter().map(|k| k.code()))
                ),
            );
        }
        let reliability = self.reliability(&d.reliability, p.key("reliability"));
        if self.found() != before {
            return None;
        }
        let owned = |s: &String| Cow::Owned(s.clone());
        Some(Instrument {
            id: owned(&d.id),
            name_zh: owned(&d.name_zh),
            name_en: owned(&d.name_en),
            short_en: owned(d.short_en.as_ref().unwrap_or(&d.name_en)),
            number: d.number.as_ref().map(owned),
            issuer_zh: owned(&d.issuer_zh),
            issuer_en: owned(&d.issuer_en),
            kind: kind?,
            adopted,
            in_force_from: from,
            in_force_to: to,
            replaces: None,
            replaced_by: None,
            versions: Cow::Borrowed(&[]),
            reliability: reliability?,
            note_en: d.note.as_ref().map(owned),
        })
    }

    /// The citations of a rule (whose received dates are `window`, `None` for the ranking)
    /// or of the ranking, resolved against the file's own instruments and the registry.
    fn citations(
        &mut self,
        list: &[CitationDoc],
        path: Path,
        own: &Own<'_>,
        window: Option<(&str, &Cond)>,
    ) -> Vec<Cite> {
        let mut out = Vec::new();
        for (i, c) in list.iter().enumerate() {
            let p = path.index(i);
            let before = self.found();
            let mark = match &c.reliability {
                Some(r) => self.reliability(r, p.key("reliability")),
                None => None,
            };
            let source = match own.ids.get(c.instrument.as_str()) {
                Some(k) => Some(Source::Local(*k)),
                None => instruments::find(&c.instrument).map(Source::Registry),
            };
            let Some(source) = source else {
                if !own.broken.contains(&c.instrument.as_str()) {
                    self.unknown_instrument(&c.instrument, own, p.key("instrument"));
                }
                continue;
            };
            let cite = Cite {
                source,
                version: c.version,
                article: c.article,
                paragraph: c.paragraph,
                item: c.item,
                mark,
                note_en: c.note.clone(),
                note_zh: c.note_zh.clone(),
                reliability: Reliability::Unverified,
                from: i64::MIN,
                to: i64::MAX,
            };
            let Some(view) = cite.view(own.list) else {
                continue;
            };
            self.check_citation(c, &view, &p);
            if let Some((rule, cond)) = window {
                self.check_force(rule, cond, &view, &p);
            }
            if self.found() != before {
                continue;
            }
            let from = view.in_force_from().map_or(i64::MIN, cst_midnight);
            let to = view
                .in_force_to()
                .and_then(|d| d.succ_opt())
                .map_or(i64::MAX, cst_midnight);
            let reliability = view.reliability();
            out.push(Cite {
                reliability,
                from,
                to,
                ..cite
            });
        }
        out
    }

    /// An instrument id neither the file nor the registry defines: the closest known ids,
    /// else all of them.
    fn unknown_instrument(&mut self, id: &str, own: &Own<'_>, path: Path) {
        let known: Vec<&str> = own
            .list
            .iter()
            .chain(instruments::ALL.iter().copied())
            .map(|i| i.id.as_ref())
            .collect();
        let near = closest(id, &known);
        let hint = if near.is_empty() {
            format!("the known ids are {}", known.join(", "))
        } else {
            let near: Vec<String> = near.iter().map(|n| format!("{n:?}")).collect();
            format!("did you mean {}?", near.join(" or "))
        };
        self.problem(
            path,
            ProblemKind::UnknownInstrument,
            format_args!(
                "instrument {id:?} is neither in the built-in registry nor declared by an [[instrument]] of this file; {hint}"
            ),
        );
    }

    /// The citation's own parts: numbers from 1, no paragraph or item without an article, a
    /// version the instrument models.
    fn check_citation(&mut self, c: &CitationDoc, view: &Citation<'_>, p: &Path) {
        for (key, n) in [
            ("article", c.article),
            ("paragraph", c.paragraph),
            ("item", c.item),
        ] {
            if n == Some(0) {
                self.problem(
                    p.key(key),
                    ProblemKind::BadCitation,
                    format_args!("{key} 0: articles, paragraphs and items are numbered from 1"),
                );
            }
        }
        if c.article.is_none() && (c.paragraph.is_some() || c.item.is_some()) {
            self.problem(
                p.clone(),
                ProblemKind::BadCitation,
                format_args!("a paragraph or item is cited without its article"),
            );
        }
        if let Some(year) = c.version
            && view.instrument.version(year).is_none()
        {
            let years: Vec<String> = view
                .instrument
                .versions
                .iter()
                .map(|v| v.year.to_string())
                .collect();
            self.problem(
                p.key("version"),
                ProblemKind::BadCitation,
                format_args!(
                    "{} models no version of {year} (its versions: {})",
                    view.instrument.short_en,
                    if years.is_empty() {
                        "none".to_owned()
                    } else {
                        years.join(", ")
                    }
                ),
            );
        }
    }

    /// A rule's citation must be in force on at least one day the rule applies, else no
    /// decision could ever report it (Order No. 20 cited by a rule for complaints received
    /// from 2026-04-15, say).
    fn check_force(&mut self, rule: &str, cond: &Cond, view: &Citation<'_>, p: &Path) {
        let (start, end) = (view.in_force_from(), view.in_force_to());
        let rule_from = cond.from.map(|(d, _)| d);
        let rule_before = cond.before.map(|(d, _)| d);
        let ends_first = matches!((end, rule_from), (Some(e), Some(f)) if e < f);
        let starts_after = matches!((start, rule_before), (Some(s), Some(b)) if s >= b);
        if ends_first || starts_after {
            let day = |d: Option<NaiveDate>| d.map_or_else(|| "…".to_owned(), |d| d.to_string());
            self.problem(
                p.clone(),
                ProblemKind::CitationOutOfForce,
                format_args!(
                    "{} is in force {} to {}, on no day rule {rule:?} applies (received from {} and before {})",
                    view.text_en(),
                    day(start),
                    day(end),
                    day(rule_from),
                    day(rule_before)
                ),
            );
        }
    }

    fn conditions(&mut self, w: &ConditionsDoc, path: &Path, own: &Own<'_>) -> Cond {
        let dc = |ctx: &mut Self,
                  within: &Option<Vec<String>>,
                  outside: &Option<Vec<String>>,
                  known,
                  wk,
                  ok| DivCond {
            known,
            within: ctx.divisions(within, path.key(wk)),
            outside: ctx.divisions(outside, path.key(ok)).unwrap_or_default(),
        };
        let mut cats = None;
        if let Some(list) = &w.categories {
            let mut set = CatSet::default();
            for (i, s) in list.iter().enumerate() {
                match s.parse::<Category>() {
                    Ok(c) => set.add(c),
                    Err(_) => self.problem(
                        path.key("categories").index(i),
                        ProblemKind::UnknownCategory,
                        format_args!("{s:?} is not a CCA category code (major, or major/minor)"),
                    ),
                }
            }
            cats = Some(set);
        }
        let mut from = self.date(&w.received_from, path.key("received_from"));
        let mut before = self.date(&w.received_before, path.key("received_before"));
        if let Some(id) = &w.received_while_in_force {
            let p = path.key("received_while_in_force");
            // The instrument's own dates bound the rule, so that they are written once (in
            // the registry) and a rule for "complaints under Order No. 121" cannot drift.
            match own.find(id) {
                None if own.broken.contains(&id.as_str()) => {}
                None => self.unknown_instrument(id, own, p),
                Some(i) if i.in_force_from.is_none() && i.in_force_to.is_none() => self.problem(
                    p,
                    ProblemKind::BadDate,
                    format_args!(
                        "{} has no known dates in force, so it cannot bound the received date",
                        i.short_en
                    ),
                ),
                Some(i) => {
                    if let Some(f) = i.in_force_from {
                        from = Some(from.map_or(f, |d| d.max(f)));
                    }
                    if let Some(end) = i.in_force_to.and_then(|t| t.succ_opt()) {
                        before = Some(before.map_or(end, |d| d.min(end)));
                    }
                }
            }
        }
        Cond {
            channels: self.set(
                &w.channels,
                path.key("channels"),
                ProblemKind::UnknownChannel,
                "an intake channel code",
                |s| s.parse::<Channel>().ok().map(channel_bit),
            ),
            business: dc(
                self,
                &w.business_within,
                &w.business_outside,
                w.business_division_known,
                "business_within",
                "business_outside",
            ),
            platform: dc(
                self,
                &w.platform_operator_within,
                &w.platform_operator_outside,
                w.platform_operator_known,
                "platform_operator_within",
                "platform_operator_outside",
            ),
            consumer: dc(
                self,
                &w.consumer_within,
                &w.consumer_outside,
                None,
                "consumer_within",
                "consumer_outside",
            ),
            online: w.online,
            roles: self.set(
                &w.online_roles,
                path.key("online_roles"),
                ProblemKind::UnknownOnlineRole,
                "an online role (in_platform, platform_operator, own_site)",
                |s| s.parse::<OnlineRole>().ok().map(role_bit),
            ),
            published: w.address_published,
            reachable: w.reachable_at_address,
            contactable: w.seller_contactable,
            cats,
            tops: self.set(
                &w.top_categories,
                path.key("top_categories"),
                ProblemKind::UnknownCategory,
                "a top category (goods, services, other)",
                |s| s.parse::<TopCategory>().ok().map(top_bit),
            ),
            amount_min: self.amount(&w.amount_at_least, path.key("amount_at_least")),
            amount_below: self.amount(&w.amount_below, path.key("amount_below")),
            from: from.map(|d| (d, cst_midnight(d))),
            before: before.map(|d| (d, cst_midnight(d))),
        }
    }
}

/// Checks `doc` against `registry` and compiles it. `text` is the file's TOML text, for line
/// numbers.
pub(crate) fn compile(
    doc: RulesetFile,
    registry: Registry,
    text: Option<&str>,
) -> Result<Router, Error> {
    let mut cx = Ctx {
        registry: &registry,
        problems: Vec::new(),
        more: 0,
    };
    let root = Path::default();
    if doc.schema_version != RULESET_SCHEMA_VERSION {
        // Version 1 files declared every instrument with dates of their own; say what to do.
        let hint = if doc.schema_version == 1 {
            ": version 2 cites the built-in registry's instruments by id (order20 is \
             samr_order_20, order121 samr_order_121) and declares only instruments the \
             registry lacks, with in_force_from/in_force_to, issuer and kind (docs/routing.md)"
        } else {
            ""
        };
        cx.problem(
            root.key("schema_version"),
            ProblemKind::SchemaVersion,
            format_args!(
                "schema_version {} is not {RULESET_SCHEMA_VERSION}{hint}",
                doc.schema_version
            ),
        );
    }
    let city = cx.division(&doc.city, root.key("city"));

    // Instruments: the registry's are cited by id and may not be declared again (their
    // dates live in one place); the file declares only its own, such as a local regulation.
    // The id maps have the type of the router's `body_ids`, so that the WebAssembly module
    // carries one hash map for all three.
    let mut own_ids: HashMap<String, u32> = HashMap::new();
    let mut own = Vec::new();
    let mut broken: Vec<&str> = Vec::new();
    for (i, d) in doc.instruments.iter().enumerate() {
        let p = root.key("instrument").index(i);
        if instruments::find(&d.id).is_some() {
            cx.problem(
                p.key("id"),
                ProblemKind::BuiltInInstrument,
                format_args!(
                    "instrument {:?}: this instrument is in the built-in registry; cite it by id without redefining it",
                    d.id
                ),
            );
            continue;
        }
        let duplicate = own_ids.contains_key(&d.id);
        if duplicate {
            cx.problem(
                p.key("id"),
                ProblemKind::DuplicateId,
                format_args!("instrument id {:?} is defined twice", d.id),
            );
        }
        match cx.instrument(d, &p) {
            Some(instrument) if !duplicate => {
                own_ids.insert(d.id.clone(), own.len() as u32);
                own.push(instrument);
            }
            Some(_) => {}
            None => broken.push(&d.id),
        }
    }
    let own_refs = Own {
        list: &own,
        ids: &own_ids,
        broken: &broken,
    };
    let ranking_basis = cx.citations(
        &doc.ranking.basis,
        root.key("ranking").key("basis"),
        &own_refs,
        None,
    );
    if doc.ranking.basis.is_empty() {
        cx.problem(
            root.key("ranking").key("basis"),
            ProblemKind::NoBasis,
            format_args!("the ranking cites no legal basis"),
        );
    }

    // Bodies.
    let mut body_ids: HashMap<String, u32> = HashMap::new();
    for (i, b) in doc.bodies.iter().enumerate() {
        if body_ids.contains_key(&b.id) {
            cx.problem(
                root.key("body").index(i).key("id"),
                ProblemKind::DuplicateId,
                format_args!("body id {:?} is defined twice", b.id),
            );
        } else {
            body_ids.insert(b.id.clone(), i as u32);
        }
    }
    let mut bodies = Vec::with_capacity(doc.bodies.len());
    for (i, b) in doc.bodies.iter().enumerate() {
        let p = root.key("body").index(i);
        let kind = BodyKind::parse(&b.kind);
        if kind.is_none() {
            cx.problem(
                p.key("kind"),
                ProblemKind::UnknownValue,
                format_args!(
                    "body kind {:?} is not one of {}",
                    b.kind,
                    codes(BodyKind::ALL.iter().map(|k| k.code()))
                ),
            );
        }
        let division = b
            .division
            .as_ref()
            .and_then(|d| cx.division(d, p.key("division")));
        if let Some(s) = &b.superior
            && !body_ids.contains_key(s)
        {
            cx.problem(
                p.key("superior"),
                ProblemKind::UnknownBody,
                format_args!("superior {s:?} is not a body id"),
            );
        }
        let mut channels = Vec::new();
        for (j, c) in b.channels.iter().enumerate() {
            match ContactKind::parse(&c.kind) {
                Some(kind) => channels.push(ContactChannel {
                    kind,
                    value: c.value.clone(),
                }),
                None => cx.problem(
                    p.key("channels").index(j).key("kind"),
                    ProblemKind::UnknownValue,
                    format_args!(
                        "channel kind {:?} is not one of {}",
                        c.kind,
                        codes(ContactKind::ALL.iter().map(|k| k.code()))
                    ),
                ),
            }
        }
        bodies.push(Body {
            id: b.id.clone(),
            name_zh: b.name_zh.clone(),
            name_en: b.name_en.clone(),
            kind: kind.unwrap_or(BodyKind::Other),
            division,
            superior: b.superior.clone(),
            channels,
            note: b.note.clone(),
        });
    }
    // Superiors must not go round in a circle.
    for start in 0..bodies.len() {
        let mut seen = vec![start];
        let mut cur = start;
        while let Some(next) = bodies
            .get(cur)
            .and_then(|b| b.superior.as_ref())
            .and_then(|s| body_ids.get(s))
        {
            let next = *next as usize;
            if next == start {
                // Report each circle once, at its first body.
                if seen.iter().all(|s| *s >= start) {
                    let names: Vec<&str> = seen
                        .iter()
                        .filter_map(|s| bodies.get(*s))
                        .map(|b| b.id.as_str())
                        .collect();
                    cx.problem(
                        root.key("body").index(start).key("superior"),
                        ProblemKind::Cycle,
                        format_args!(
                            "superiors go round in a circle: {} → {}",
                            names.join(" → "),
                            bodies.get(start).map_or("", |b| b.id.as_str())
                        ),
                    );
                }
                break;
            }
            if seen.contains(&next) {
                break;
            }
            seen.push(next);
            cur = next;
        }
    }

    // Tables: the body of each kind serving each division.
    let mut tables: Vec<Table> = Vec::new();
    let mut table_of = |kind: BodyKind| -> u32 {
        if let Some(i) = tables.iter().position(|t| t.kind == kind) {
            return i as u32;
        }
        tables.push(build_table(kind, &registry, &bodies, city));
        (tables.len() - 1) as u32
    };

    // Rules.
    let mut rule_ids: HashMap<String, u32> = HashMap::new();
    for (i, r) in doc.rules.iter().enumerate() {
        if rule_ids.contains_key(&r.id) {
            cx.problem(
                root.key("rule").index(i).key("id"),
                ProblemKind::DuplicateId,
                format_args!("rule id {:?} is defined twice", r.id),
            );
        } else {
            rule_ids.insert(r.id.clone(), i as u32);
        }
    }
    let mut rules = Vec::with_capacity(doc.rules.len());
    let mut good = Vec::with_capacity(doc.rules.len());
    for (i, r) in doc.rules.iter().enumerate() {
        let p = root.key("rule").index(i);
        let before = cx.found();
        let cond = cx.conditions(&r.when, &p.key("when"), &own_refs);
        let t = &r.then;
        let tp = p.key("then");
        let target = match (&t.body, &t.kind, &t.at) {
            (Some(id), None, None) => match body_ids.get(id) {
                Some(b) => Some(Target::Body(*b)),
                None => {
                    cx.problem(
                        tp.key("body"),
                        ProblemKind::UnknownBody,
                        format_args!("body {id:?} is not defined by any [[body]]"),
                    );
                    None
                }
            },
            (None, Some(kind), Some(at)) => {
                let k = BodyKind::parse(kind);
                if k.is_none() {
                    cx.problem(
                        tp.key("kind"),
                        ProblemKind::UnknownValue,
                        format_args!(
                            "body kind {kind:?} is not one of {}",
                            codes(BodyKind::ALL.iter().map(|k| k.code()))
                        ),
                    );
                }
                let party = Party::parse(at);
                if party.is_none() {
                    cx.problem(
                        tp.key("at"),
                        ProblemKind::UnknownValue,
                        format_args!("{at:?} is not business, platform_operator or consumer"),
                    );
                }
                match (k, party) {
                    (Some(kind), Some(party)) => Some(Target::At {
                        kind,
                        party,
                        table: table_of(kind),
                    }),
                    _ => None,
                }
            }
            _ => {
                cx.problem(
                    tp,
                    ProblemKind::BadTarget,
                    format_args!("give either `body`, or `kind` and `at`"),
                );
                None
            }
        };
        let fallback = match &t.fallback {
            None => None,
            Some(f) => match rule_ids.get(f) {
                Some(j) => Some(*j),
                None => {
                    cx.problem(
                        p.key("then").key("fallback"),
                        ProblemKind::UnknownRule,
                        format_args!("fallback {f:?} is not a rule id"),
                    );
                    None
                }
            },
        };
        let basis = cx.citations(&r.basis, p.key("basis"), &own_refs, Some((&r.id, &cond)));
        if r.basis.is_empty() {
            cx.problem(
                p.key("basis"),
                ProblemKind::NoBasis,
                format_args!("rule {:?} cites no legal basis", r.id),
            );
        }
        if cx.found() == before
            && let Some(why) = cond.contradiction()
        {
            cx.problem(
                p.key("when"),
                ProblemKind::Contradiction,
                format_args!("rule {:?} can never match: {why}", r.id),
            );
        }
        good.push(cx.found() == before && target.is_some());
        rules.push(Rule {
            id: r.id.clone(),
            title: r.title.clone(),
            continues: r.continues,
            note: r.note.clone(),
            cond,
            target: target.unwrap_or(Target::Body(u32::MAX)),
            fallback,
            basis,
            eras: Vec::new(),
        });
    }
    // Fallbacks must not go round in a circle.
    for start in 0..rules.len() {
        let mut seen = vec![start];
        let mut cur = start;
        while let Some(next) = rules.get(cur).and_then(|r| r.fallback) {
            let next = next as usize;
            if next == start {
                if seen.iter().all(|s| *s >= start) {
                    let names: Vec<&str> = seen
                        .iter()
                        .filter_map(|s| rules.get(*s))
                        .map(|r| r.id.as_str())
                        .collect();
                    cx.problem(
                        root.key("rule").index(start).key("then").key("fallback"),
                        ProblemKind::Cycle,
                        format_args!(
                            "fallbacks go round in a circle: {} → {}",
                            names.join(" → "),
                            rules.get(start).map_or("", |r| r.id.as_str())
                        ),
                    );
                }
                if let Some(g) = good.get_mut(start) {
                    *g = false;
                }
                break;
            }
            if seen.contains(&next) {
                break;
            }
            seen.push(next);
            cur = next;
        }
    }
    // A rule is unreachable when an earlier final rule matches whatever it matches and
    // always finds a body for those complaints. Rules used as fallbacks stay reachable.
    let fallback_targets: Vec<u32> = rules.iter().filter_map(|r| r.fallback).collect();
    for (j, rj) in rules.iter().enumerate() {
        if !good.get(j).copied().unwrap_or(false) || fallback_targets.contains(&(j as u32)) {
            continue;
        }
        let shadow = rules.iter().enumerate().take(j).find(|(i, ri)| {
            good.get(*i).copied().unwrap_or(false)
                && !ri.continues
                && rj.cond.implies(&ri.cond)
                && always_resolves(&rules, &tables, *i, &rj.cond)
        });
        if let Some((i, ri)) = shadow {
            cx.problem(
                root.key("rule").index(j).key("id"),
                ProblemKind::Unreachable,
                format_args!(
                    "rule {:?} can never be reached: the earlier rule {:?} (rule[{i}]) matches every complaint it matches",
                    rj.id, ri.id
                ),
            );
        }
    }

    if !cx.problems.is_empty() {
        let line = line_finder(text);
        let mut problems: Vec<Problem> = cx
            .problems
            .into_iter()
            .map(|(path, kind, message)| Problem {
                line: line(&path),
                path: path.to_string(),
                kind,
                message,
            })
            .collect();
        // In the order of the lines (those without one last), stable: the workspace's small
        // sort, as for the division rows (the standard library's adds 4 KB to the
        // WebAssembly module per call site).
        weiquan_support::sort::by_key(&mut problems, |p| p.line.unwrap_or(usize::MAX));
        if cx.more > 0 {
            problems.push(Problem {
                line: None,
                path: String::new(),
                kind: ProblemKind::TooMany,
                message: format!(
                    "{} more problems not listed (only the first {MAX_PROBLEMS} are)",
                    cx.more
                ),
            });
        }
        return Err(Error::Ruleset(Problems(problems)));
    }

    let Some(city) = city else {
        return Err(Error::Ruleset(Problems::default()));
    };
    let divs = div_infos(&registry);
    Ok(Router::assemble(crate::router::Parts {
        doc,
        registry,
        city,
        local_instruments: own,
        bodies,
        body_ids,
        rules,
        ranking_basis,
        tables,
        divs,
    }))
}

/// The line of a path in the TOML text, when there is one (and the `toml` feature to read it).
#[cfg(feature = "toml")]
fn line_finder(text: Option<&str>) -> impl Fn(&Path) -> Option<usize> + '_ {
    let lines = text.map(crate::ruleset::Lines::new);
    move |path| lines.as_ref().and_then(|l| l.line(path))
}

/// Without the `toml` feature a document has no text to point into.
#[cfg(not(feature = "toml"))]
fn line_finder(_: Option<&str>) -> impl Fn(&Path) -> Option<usize> {
    |_| None
}

/// Whether rule `i` (or its fallbacks) finds a body for every complaint that meets `cond`.
fn always_resolves(rules: &[Rule], tables: &[Table], i: usize, cond: &Cond) -> bool {
    let mut k = i;
    for _ in 0..=rules.len() {
        let Some(r) = rules.get(k) else { return false };
        let ok = match r.target {
            Target::Body(_) => true,
            Target::At { party, table, .. } => {
                cond.requires_known(party) && tables.get(table as usize).is_some_and(|t| t.total)
            }
        };
        if ok {
            return true;
        }
        match r.fallback {
            Some(f) => k = f as usize,
            None => return false,
        }
    }
    false
}

/// The body of `kind` for every division: the one listed for it; inside the city, else the
/// nearest listed one above it within the city; else one generated for it (for kinds every
/// county has).
fn build_table(
    kind: BodyKind,
    registry: &Registry,
    bodies: &[Body],
    city: Option<DivisionCode>,
) -> Table {
    // The first body of the kind listed for each division, by registry index.
    let mut listed: Vec<Option<u32>> = vec![None; registry.len()];
    for (i, b) in bodies.iter().enumerate() {
        if b.kind == kind
            && let Some(slot) = b
                .division
                .and_then(|d| registry.index_of(d))
                .and_then(|di| listed.get_mut(di as usize))
            && slot.is_none()
        {
            *slot = Some(i as u32);
        }
    }
    let listed_at = |code: DivisionCode| {
        registry
            .index_of(code)
            .and_then(|i| listed.get(i as usize).copied().flatten())
    };
    let refs: Vec<Option<BodyRef>> = registry
        .iter()
        .enumerate()
        .map(|(idx, d)| {
            if let Some(b) = listed.get(idx).copied().flatten() {
                return Some(BodyRef::Listed(b));
            }
            if let Some(city) = city
                && d.code.is_within(city)
            {
                let mut parent = d.parent;
                while let Some(p) = parent {
                    if !p.is_within(city) {
                        break;
                    }
                    if let Some(b) = listed_at(p) {
                        return Some(BodyRef::Listed(b));
                    }
                    parent = registry.get(p).and_then(|pd| pd.parent);
                }
            }
            kind.generatable()
                .then_some(BodyRef::Generated(kind, idx as u32))
        })
        .collect();
    let total = refs.iter().all(Option::is_some);
    Table { kind, refs, total }
}

/// What routing needs to know about each division, precomputed.
fn div_infos(registry: &Registry) -> Vec<DivInfo> {
    use crate::division::DivisionKind;
    // A province with live children, or a prefecture with live county-level units, is above
    // the level where complaints are handled (东莞市, with no counties, is not).
    let mut has_county_children = vec![false; registry.len()];
    for d in registry.iter() {
        if (d.is_county_level() || d.kind == DivisionKind::Prefecture)
            && !d.is_abolished()
            && let Some(pi) = d.parent.and_then(|p| registry.index_of(p))
            && let Some(slot) = has_county_children.get_mut(pi as usize)
        {
            *slot = true;
        }
    }
    registry
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let terminal = registry.terminal(i as u32);
            DivInfo {
                code: d.code,
                live: terminal.first().copied().unwrap_or(i as u32),
                abolished: d.is_abolished(),
                note: d.note.is_some(),
                split: terminal.len() > 1,
                dev_zone: d.kind == DivisionKind::DevZone,
                above_county: has_county_children.get(i).copied().unwrap_or(false),
            }
        })
        .collect()
}

fn codes<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}
