//! The embedded Shijiazhuang ruleset in the compact form build.rs writes, and its decoder.
//!
//! Why a format of its own: written out as Rust code that built the document string by
//! string, the ruleset cost 38,851 bytes of code in the WebAssembly module (after
//! `wasm-opt -Oz`); as data (1,806 bytes of shape and 11,345 of text, its repeated strings
//! — instrument ids, kinds, codes — stored once) read by this one small, non-generic
//! decoder (4,933 bytes of code), the module is 32 KB smaller (959,706 → 927,238 bytes;
//! gzipped 383,999 → 373,539) with the same document (measured when the format was
//! introduced, when the file still declared its instruments; it now cites weiquan-law's
//! registry by id, and the packed form only carries the ids).
//!
//! The format: `SHAPE` is a run of unsigned LEB128 varints, the document's values in the
//! order of the fields of `doc.rs`'s types (`encode.rs`'s `pack_struct!` lists them; the
//! decoder below reads them in the same order); `TEXT` is the distinct strings, concatenated
//! in the order of first use.
//! - a string: `2n` for a new one of `n` bytes (the next `n` bytes of `TEXT`), `2i + 1` for
//!   the `i`-th string already read;
//! - a number: its value; a `bool`: 0 or 1;
//! - a list: its length, then its items;
//! - an `Option`: 0 for `None`, else 1 + the value's leading varint (for a list, its length).

use crate::doc::{
    BodyDoc, ChannelDoc, CitationDoc, ConditionsDoc, InstrumentDoc, RankingDoc, RuleDoc,
    RulesetFile, TargetDoc,
};
use crate::error::{Error, Problem, ProblemKind, Problems};

mod data {
    include!(concat!(env!("OUT_DIR"), "/ruleset_shijiazhuang.rs"));
}

/// The encoder (build.rs includes it too).
#[cfg(test)]
mod encode;

/// The embedded Shijiazhuang document, or an error if the packed data does not decode
/// (it always does: build.rs wrote it, and a test reads it back).
pub(crate) fn shijiazhuang() -> Result<RulesetFile, Error> {
    decode(data::SHAPE, data::TEXT)
}

/// Decodes a packed document; every byte of `shape` and `text` must be used.
fn decode(shape: &[u8], text: &str) -> Result<RulesetFile, Error> {
    let mut r = Reader {
        shape,
        at: 0,
        text,
        seen: Vec::new(),
        failed: false,
    };
    let doc = r.ruleset();
    if r.failed || r.at != shape.len() || !r.text.is_empty() {
        return Err(Error::Ruleset(Problems(vec![Problem {
            line: None,
            path: String::new(),
            kind: ProblemKind::Syntax,
            message: format!(
                "the embedded ruleset's packed data does not decode (at byte {} of {})",
                r.at,
                shape.len()
            ),
        }])));
    }
    Ok(doc)
}

/// Reads the packed values in turn. A read past the end or a bad string marks the reader
/// failed and gives an empty value, so that the decoding functions need no error path of
/// their own; [`decode`] checks once at the end.
struct Reader<'a> {
    shape: &'a [u8],
    /// The next byte of `shape`.
    at: usize,
    /// The text not yet read.
    text: &'a str,
    /// The strings read so far, by number.
    seen: Vec<&'a str>,
    failed: bool,
}

impl<'a> Reader<'a> {
    fn num(&mut self) -> u64 {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let Some(byte) = self.shape.get(self.at) else {
                break;
            };
            self.at += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return v;
            }
        }
        self.failed = true;
        0
    }

    /// A list's length, at most the bytes left (each item takes at least one), so that bad
    /// data cannot ask for a huge allocation.
    fn len(&mut self, n: u64) -> usize {
        let left = self.shape.len().saturating_sub(self.at);
        match usize::try_from(n) {
            Ok(n) if n <= left => n,
            _ => {
                self.failed = true;
                0
            }
        }
    }

    /// The string of a string varint.
    fn string_of(&mut self, v: u64) -> String {
        let s = usize::try_from(v / 2).ok().and_then(|n| {
            if v % 2 == 1 {
                self.seen.get(n).copied()
            } else {
                let s = self.text.get(..n)?;
                self.text = self.text.get(n..)?;
                self.seen.push(s);
                Some(s)
            }
        });
        match s {
            Some(s) => s.to_owned(),
            None => {
                self.failed = true;
                String::new()
            }
        }
    }

    fn string(&mut self) -> String {
        let v = self.num();
        self.string_of(v)
    }

    fn opt_string(&mut self) -> Option<String> {
        match self.num() {
            0 => None,
            v => Some(self.string_of(v - 1)),
        }
    }

    fn u32_of(&mut self, v: u64) -> u32 {
        u32::try_from(v).unwrap_or_else(|_| {
            self.failed = true;
            0
        })
    }

    fn u32(&mut self) -> u32 {
        let v = self.num();
        self.u32_of(v)
    }

    fn opt_u16(&mut self) -> Option<u16> {
        match self.num() {
            0 => None,
            v => Some(u16::try_from(v - 1).unwrap_or_else(|_| {
                self.failed = true;
                0
            })),
        }
    }

    fn bool(&mut self) -> bool {
        match self.num() {
            0 => false,
            1 => true,
            _ => {
                self.failed = true;
                false
            }
        }
    }

    fn opt_bool(&mut self) -> Option<bool> {
        match self.num() {
            0 => None,
            1 => Some(false),
            2 => Some(true),
            _ => {
                self.failed = true;
                None
            }
        }
    }

    /// `n` items, each read by `item`.
    fn items<T>(&mut self, n: u64, item: fn(&mut Self) -> T) -> Vec<T> {
        let n = self.len(n);
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(item(self));
        }
        out
    }

    /// A list: its length, then its items.
    fn list<T>(&mut self, item: fn(&mut Self) -> T) -> Vec<T> {
        let n = self.num();
        self.items(n, item)
    }

    fn opt_strings(&mut self) -> Option<Vec<String>> {
        match self.num() {
            0 => None,
            n => Some(self.items(n - 1, Self::string)),
        }
    }

    fn ruleset(&mut self) -> RulesetFile {
        RulesetFile {
            schema_version: self.u32(),
            id: self.string(),
            name: self.string(),
            city: self.string(),
            description: self.opt_string(),
            ranking: RankingDoc {
                basis: self.citations(),
                note: self.opt_string(),
            },
            instruments: self.instruments(),
            bodies: self.bodies(),
            rules: self.rules(),
        }
    }

    fn instruments(&mut self) -> Vec<InstrumentDoc> {
        self.list(|r| InstrumentDoc {
            id: r.string(),
            name_zh: r.string(),
            name_en: r.string(),
            short_en: r.opt_string(),
            number: r.opt_string(),
            issuer_zh: r.string(),
            issuer_en: r.string(),
            kind: r.string(),
            adopted: r.opt_string(),
            in_force_from: r.opt_string(),
            in_force_to: r.opt_string(),
            reliability: r.string(),
            note: r.opt_string(),
        })
    }

    fn citations(&mut self) -> Vec<CitationDoc> {
        self.list(|r| CitationDoc {
            instrument: r.string(),
            version: r.opt_u16(),
            article: r.opt_u16(),
            paragraph: r.opt_u16(),
            item: r.opt_u16(),
            reliability: r.opt_string(),
            note: r.opt_string(),
            note_zh: r.opt_string(),
        })
    }

    fn bodies(&mut self) -> Vec<BodyDoc> {
        self.list(|r| BodyDoc {
            id: r.string(),
            name_zh: r.string(),
            name_en: r.string(),
            kind: r.string(),
            division: r.opt_string(),
            superior: r.opt_string(),
            channels: r.channels(),
            note: r.opt_string(),
        })
    }

    fn channels(&mut self) -> Vec<ChannelDoc> {
        self.list(|r| ChannelDoc {
            kind: r.string(),
            value: r.string(),
        })
    }

    fn rules(&mut self) -> Vec<RuleDoc> {
        self.list(|r| RuleDoc {
            id: r.string(),
            title: r.string(),
            continues: r.bool(),
            note: r.opt_string(),
            when: r.conditions(),
            then: TargetDoc {
                body: r.opt_string(),
                kind: r.opt_string(),
                at: r.opt_string(),
                fallback: r.opt_string(),
            },
            basis: r.citations(),
        })
    }

    fn conditions(&mut self) -> ConditionsDoc {
        ConditionsDoc {
            channels: self.opt_strings(),
            business_within: self.opt_strings(),
            business_outside: self.opt_strings(),
            business_division_known: self.opt_bool(),
            online: self.opt_bool(),
            online_roles: self.opt_strings(),
            address_published: self.opt_bool(),
            reachable_at_address: self.opt_bool(),
            seller_contactable: self.opt_bool(),
            platform_operator_within: self.opt_strings(),
            platform_operator_outside: self.opt_strings(),
            platform_operator_known: self.opt_bool(),
            categories: self.opt_strings(),
            top_categories: self.opt_strings(),
            consumer_within: self.opt_strings(),
            consumer_outside: self.opt_strings(),
            amount_at_least: self.opt_string(),
            amount_below: self.opt_string(),
            received_from: self.opt_string(),
            received_before: self.opt_string(),
            received_while_in_force: self.opt_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use weiquan_synth::generate::Rng;

    /// A document of random shape and content: strings from a small set (so that many
    /// repeat) or random text, any numbers, options and lists.
    fn document(seed: u64) -> RulesetFile {
        let mut rng = Rng::new(seed);
        let r = &mut rng;
        fn string(r: &mut Rng) -> String {
            if r.chance(0.5) {
                ["", "a", "ab", "中文", "samr_order_20"][r.below(5) as usize].to_owned()
            } else {
                (0..r.below(6))
                    .filter_map(|_| char::from_u32(r.below(0x11_0000) as u32))
                    .collect()
            }
        }
        fn opt_string(r: &mut Rng) -> Option<String> {
            r.chance(0.5).then(|| string(r))
        }
        fn number(r: &mut Rng) -> u32 {
            [0, 1, 127, 128, u32::MAX][r.below(5) as usize].wrapping_add(r.below(3) as u32)
        }
        fn opt_small(r: &mut Rng) -> Option<u16> {
            r.chance(0.5).then(|| {
                [0, 1, 127, 128, u16::MAX][r.below(5) as usize].wrapping_add(r.below(3) as u16)
            })
        }
        fn opt_bool(r: &mut Rng) -> Option<bool> {
            r.chance(0.5).then(|| r.chance(0.5))
        }
        fn strings(r: &mut Rng) -> Vec<String> {
            (0..r.below(4)).map(|_| string(r)).collect()
        }
        fn opt_strings(r: &mut Rng) -> Option<Vec<String>> {
            r.chance(0.5).then(|| strings(r))
        }
        fn citations(r: &mut Rng) -> Vec<CitationDoc> {
            (0..r.below(3))
                .map(|_| CitationDoc {
                    instrument: string(r),
                    version: opt_small(r),
                    article: opt_small(r),
                    paragraph: opt_small(r),
                    item: opt_small(r),
                    reliability: opt_string(r),
                    note: opt_string(r),
                    note_zh: opt_string(r),
                })
                .collect()
        }
        RulesetFile {
            schema_version: number(r),
            id: string(r),
            name: string(r),
            city: string(r),
            description: opt_string(r),
            ranking: RankingDoc {
                basis: citations(r),
                note: opt_string(r),
            },
            instruments: (0..r.below(3))
                .map(|_| InstrumentDoc {
                    id: string(r),
                    name_zh: string(r),
                    name_en: string(r),
                    short_en: opt_string(r),
                    number: opt_string(r),
                    issuer_zh: string(r),
                    issuer_en: string(r),
                    kind: string(r),
                    adopted: opt_string(r),
                    in_force_from: opt_string(r),
                    in_force_to: opt_string(r),
                    reliability: string(r),
                    note: opt_string(r),
                })
                .collect(),
            bodies: (0..r.below(3))
                .map(|_| BodyDoc {
                    id: string(r),
                    name_zh: string(r),
                    name_en: string(r),
                    kind: string(r),
                    division: opt_string(r),
                    superior: opt_string(r),
                    channels: (0..r.below(3))
                        .map(|_| ChannelDoc {
                            kind: string(r),
                            value: string(r),
                        })
                        .collect(),
                    note: opt_string(r),
                })
                .collect(),
            rules: (0..r.below(3))
                .map(|_| RuleDoc {
                    id: string(r),
                    title: string(r),
                    continues: r.chance(0.5),
                    note: opt_string(r),
                    when: ConditionsDoc {
                        channels: opt_strings(r),
                        business_within: opt_strings(r),
                        business_outside: opt_strings(r),
                        business_division_known: opt_bool(r),
                        online: opt_bool(r),
                        online_roles: opt_strings(r),
                        address_published: opt_bool(r),
                        reachable_at_address: opt_bool(r),
                        seller_contactable: opt_bool(r),
                        platform_operator_within: opt_strings(r),
                        platform_operator_outside: opt_strings(r),
                        platform_operator_known: opt_bool(r),
                        categories: opt_strings(r),
                        top_categories: opt_strings(r),
                        consumer_within: opt_strings(r),
                        consumer_outside: opt_strings(r),
                        amount_at_least: opt_string(r),
                        amount_below: opt_string(r),
                        received_from: opt_string(r),
                        received_before: opt_string(r),
                        received_while_in_force: opt_string(r),
                    },
                    then: TargetDoc {
                        body: opt_string(r),
                        kind: opt_string(r),
                        at: opt_string(r),
                        fallback: opt_string(r),
                    },
                    basis: citations(r),
                })
                .collect(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Decoding gives back every document packed, and the packed data is all used.
        #[test]
        fn decoding_inverts_packing(seed in any::<u64>()) {
            let doc = document(seed);
            let (shape, text) = encode::encode(&doc);
            prop_assert_eq!(decode(&shape, &text), Ok(doc));
        }
    }

    #[test]
    fn the_embedded_data_is_the_packed_text() {
        // What build.rs wrote is what the encoder writes for the document read at run time
        // (reading TOML needs the `toml` feature; `ruleset.rs` checks the document itself).
        let doc = shijiazhuang().unwrap();
        let (shape, text) = encode::encode(&doc);
        assert_eq!((shape.as_slice(), text.as_str()), (data::SHAPE, data::TEXT));
    }

    #[test]
    fn the_embedded_data_decodes_to_the_shijiazhuang_ruleset() {
        let doc = shijiazhuang().unwrap();
        assert_eq!(doc.id, "shijiazhuang");
        assert_eq!(doc.city, "130100");
        assert_eq!(doc.rules.len(), 21);
        assert_eq!(doc.bodies.len(), 60);
    }

    #[test]
    fn every_truncation_or_extension_is_an_error() {
        let (shape, text) = (data::SHAPE, data::TEXT);
        for cut in 0..shape.len() {
            let err = decode(shape.get(..cut).unwrap(), text).unwrap_err();
            assert_eq!(err.code(), "routing.ruleset_invalid");
        }
        let mut longer = shape.to_vec();
        longer.push(0);
        let err = decode(&longer, text).unwrap_err();
        assert_eq!(
            err,
            Error::Ruleset(Problems(vec![Problem {
                line: None,
                path: String::new(),
                kind: ProblemKind::Syntax,
                message: format!(
                    "the embedded ruleset's packed data does not decode (at byte {} of {})",
                    shape.len(),
                    shape.len() + 1
                ),
            }]))
        );
        // Text left over, or missing.
        assert!(decode(shape, &format!("{text}x")).is_err());
        let mut shorter = text.to_owned();
        shorter.pop();
        assert!(decode(shape, &shorter).is_err());
    }

    #[test]
    fn strings_are_new_or_repeated_and_checked() {
        // schema_version 1, id "ab" (new), name "ab" (repeat 0), city "c" (new), then
        // description None, ranking with no basis and no note, no instruments, bodies, rules.
        let shape = [1, 4, 1, 2, 0, 0, 0, 0, 0, 0];
        let doc = decode(&shape, "abc").unwrap();
        assert_eq!((doc.id.as_str(), doc.name.as_str()), ("ab", "ab"));
        assert_eq!(doc.city, "c");
        assert!(doc.rules.is_empty());
        // A repeat of a string not yet read; a string cut inside a character.
        assert!(decode(&[1, 4, 3, 2, 0, 0, 0, 0, 0, 0], "abc").is_err());
        assert!(decode(&[1, 2, 1, 1, 0, 0, 0, 0, 0, 0], "中").is_err());
        // A list longer than the data left; a varint that never ends.
        assert!(decode(&[1, 4, 1, 2, 0, 0, 0, 0, 0, 100], "abc").is_err());
        assert!(decode(&[0x80; 12], "").is_err());
    }
}
