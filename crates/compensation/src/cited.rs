//! The citations of an assessment as JSON, fast. A full assessment names every rule of the
//! catalogue with its citations, and each citation's Chinese and English texts are built from
//! the registry (titles, version labels, Chinese numerals) — several allocations each, done
//! for every assessment. The built-in citations never change, so their texts are rendered once
//! per process and the JSON is written from them, in exactly the form `weiquan-law` writes
//! (a test compares the two for every citation of the table and the catalogue).

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use weiquan_law::Citation;

use crate::rules::CATALOGUE;
use crate::table::TABLE;

/// The texts (Chinese, English) of every built-in citation, sorted by its address.
///
/// A sorted `Vec`, not a `HashMap`: a hash table keeps its allocation through a pointer into
/// its middle, which valgrind reports as "possibly lost" at exit in every C program that
/// links the library (the FFI step runs the C tests under valgrind with that counted as an
/// error); a `Vec` points at the start of its buffer, so the cache is "still reachable".
fn rendered() -> &'static [(usize, String, String)] {
    static TEXTS: OnceLock<Vec<(usize, String, String)>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut texts: Vec<(usize, String, String)> = TABLE
            .iter()
            .flat_map(|p| p.sources.iter())
            .chain(CATALOGUE.iter().flat_map(|r| r.citations.iter()))
            .map(|c| (address(c), c.text_zh(), c.text_en()))
            .collect();
        weiquan_support::sort::by_key(&mut texts, |t| t.0);
        texts.dedup_by_key(|t| t.0);
        texts
    })
}

/// The rendered texts of a built-in citation.
fn texts_of(c: &Citation<'_>) -> Option<(&'static str, &'static str)> {
    let texts = rendered();
    let at = texts.binary_search_by_key(&address(c), |t| t.0).ok()?;
    texts.get(at).map(|(_, zh, en)| (zh.as_str(), en.as_str()))
}

fn address(c: &Citation<'_>) -> usize {
    std::ptr::from_ref(c).addr()
}

/// The citations as a JSON array, each as `weiquan-law` writes a citation.
pub(crate) struct Cites(pub(crate) &'static [Citation<'static>]);

impl Serialize for Cites {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Cite))
    }
}

struct Cite<'a>(&'a Citation<'static>);

impl Serialize for Cite<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let (zh, en): (Cow<'_, str>, Cow<'_, str>) = match texts_of(c) {
            Some((zh, en)) => (Cow::Borrowed(zh), Cow::Borrowed(en)),
            // Not a built-in citation (none is, today): rendered on the spot.
            None => (Cow::Owned(c.text_zh()), Cow::Owned(c.text_en())),
        };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("instrument", &c.instrument.id)?;
        if let Some(v) = c.version {
            m.serialize_entry("version", &v)?;
        }
        if let Some(a) = c.article {
            m.serialize_entry("article", &a)?;
        }
        if let Some(p) = c.paragraph {
            m.serialize_entry("paragraph", &p)?;
        }
        if let Some(i) = c.item {
            m.serialize_entry("item", &i)?;
        }
        m.serialize_entry("reliability", &c.reliability())?;
        m.serialize_entry("text_zh", &zh)?;
        m.serialize_entry("text_en", &en)?;
        if let Some(n) = c.note_en {
            m.serialize_entry("note_en", n)?;
        }
        if let Some(n) = c.note_zh {
            m.serialize_entry("note_zh", n)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast form is exactly weiquan-law's, text for text, for every built-in citation.
    #[test]
    fn written_as_weiquan_law_writes_them() {
        let all = TABLE
            .iter()
            .map(|p| p.sources)
            .chain(CATALOGUE.iter().map(|r| r.citations));
        for cites in all {
            assert_eq!(
                serde_json::to_string(&Cites(cites)).unwrap(),
                serde_json::to_string(cites).unwrap()
            );
        }
        let loose = [Citation::of(&weiquan_law::instruments::CIVIL_CODE).art(203)];
        let leaked: &'static [Citation<'static>] = Box::leak(Box::new(loose));
        assert_eq!(
            serde_json::to_string(&Cites(leaked)).unwrap(),
            serde_json::to_string(leaked).unwrap()
        );
    }
}
