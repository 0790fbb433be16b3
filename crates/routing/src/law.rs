//! What a rule's result rests on: citations of weiquan-law's instruments — the built-in
//! registry's, named by id, or the ruleset's own `[[instrument]]`s (a city's local
//! regulation) — held with the instants their text was in force, so that a decision reports
//! the citations in force on the received date without looking a date up.
//!
//! The registry is the one place an instrument's dates live: a ruleset cannot redefine a
//! registry instrument (loading refuses it), so the dates routing applies are the dates
//! caseflow and compensation apply.

use weiquan_law::{Citation, Instrument, Reliability};

/// Where a cited instrument lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// weiquan-law's registry ([`weiquan_law::instruments`]).
    Registry(&'static Instrument),
    /// The ruleset's own `[[instrument]]`, by its index among them.
    Local(u32),
}

/// A citation as the router holds it: the parts of a [`Citation`], owning its notes, with
/// its effective mark and the instants its text was in force precomputed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cite {
    pub source: Source,
    pub version: Option<u16>,
    pub article: Option<u16>,
    pub paragraph: Option<u16>,
    pub item: Option<u16>,
    /// The citation's own mark, when the file gives one.
    pub mark: Option<Reliability>,
    pub note_en: Option<String>,
    pub note_zh: Option<String>,
    /// Its own mark, else its instrument's.
    pub reliability: Reliability,
    /// The first instant its text was in force (`i64::MIN`: not known to start).
    pub from: i64,
    /// The first instant it was no longer in force (`i64::MAX`: still in force).
    pub to: i64,
}

impl Cite {
    /// Whether its text was in force at instant `ts`.
    pub fn in_force_at(&self, ts: i64) -> bool {
        self.from <= ts && ts < self.to
    }

    /// The citation, borrowing its instrument from the registry or from `local` (the
    /// ruleset's own instruments). `None` only if `local` is not the list it was compiled
    /// against.
    pub fn view<'r>(&'r self, local: &'r [Instrument]) -> Option<Citation<'r>> {
        let instrument = match self.source {
            Source::Registry(i) => i,
            Source::Local(k) => local.get(k as usize)?,
        };
        Some(Citation {
            instrument,
            version: self.version,
            article: self.article,
            paragraph: self.paragraph,
            item: self.item,
            mark: self.mark,
            note_en: self.note_en.as_deref(),
            note_zh: self.note_zh.as_deref(),
        })
    }
}

/// The known ids closest to an unknown `id`: those that contain it or that it contains once
/// underscores, hyphens and ASCII case are set aside (`order20` → `samr_order_20`, the id of
/// the old format), else those within two edits of it (a typo). Empty when nothing is close.
///
/// Ids are compared as bytes: they are ASCII, and byte slices keep this small in the
/// WebAssembly module (no string searcher, no Unicode case tables).
pub(crate) fn closest<'a>(id: &str, known: &[&'a str]) -> Vec<&'a str> {
    let squash = |s: &str| -> Vec<u8> {
        s.bytes()
            .filter(|b| *b != b'_' && *b != b'-')
            .map(|b| b.to_ascii_lowercase())
            .collect()
    };
    let wanted = squash(id);
    if wanted.is_empty() {
        return Vec::new();
    }
    let within: Vec<&str> = known
        .iter()
        .copied()
        .filter(|k| {
            let k = squash(k);
            contains(&k, &wanted) || (k.len() >= 4 && contains(&wanted, &k))
        })
        .collect();
    if !within.is_empty() {
        return within;
    }
    known
        .iter()
        .copied()
        .filter(|k| weiquan_support::suggest::levenshtein(id, k) <= 2)
        .collect()
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use weiquan_law::instruments;

    #[test]
    fn old_ids_and_typos_find_the_registry_id() {
        let known: Vec<&str> = instruments::ALL.iter().map(|i| i.id.as_ref()).collect();
        assert_eq!(closest("order20", &known), ["samr_order_20"]);
        assert_eq!(closest("order121", &known), ["samr_order_121"]);
        assert_eq!(closest("ORDER_121", &known), ["samr_order_121"]);
        assert_eq!(closest("crlp", &known), ["crpl"]);
        assert_eq!(closest("tourism", &known), ["tourism_law"]);
        assert!(closest("hebei_consumer_regulations", &known).is_empty());
        assert!(closest("", &known).is_empty());
        assert!(closest("_", &known).is_empty());
    }

    #[test]
    fn edit_distances_and_containment() {
        let d = weiquan_support::suggest::levenshtein;
        assert_eq!(d("", ""), 0);
        assert_eq!(d("crpl", "crpl"), 0);
        assert_eq!(d("crpl", "crlp"), 2);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("abc", ""), 3);
        assert!(contains(b"samrorder20", b"order20"));
        assert!(contains(b"abc", b""));
        assert!(!contains(b"order2", b"order20"));
    }

    #[test]
    fn a_cite_borrows_its_instrument_from_where_it_lives() {
        let local = vec![Instrument {
            id: "hebei_rules".into(),
            ..instruments::CIVIL_CODE.clone()
        }];
        let cite = |source| Cite {
            source,
            version: None,
            article: Some(3),
            paragraph: None,
            item: None,
            mark: None,
            note_en: Some("n".into()),
            note_zh: None,
            reliability: Reliability::Verified,
            from: 0,
            to: 10,
        };
        let registry = cite(Source::Registry(&instruments::SAMR_ORDER_20));
        let view = registry.view(&local).unwrap();
        assert!(std::ptr::eq(view.instrument, &instruments::SAMR_ORDER_20));
        assert_eq!(view.text_en(), "SAMR Order No. 20, Art. 3");
        assert_eq!(view.note_en, Some("n"));
        let own = cite(Source::Local(0));
        assert_eq!(own.view(&local).unwrap().instrument.id, "hebei_rules");
        assert!(cite(Source::Local(1)).view(&local).is_none());
        assert!(!own.in_force_at(-1) && own.in_force_at(0) && own.in_force_at(9));
        assert!(!own.in_force_at(10));
    }
}
