//! Writes a ruleset document in the packed form `packed.rs` decodes (see there for the
//! format). build.rs includes this file to pack the embedded ruleset; the crate's tests
//! include it to check that decoding gives back any document packed.

use std::collections::HashMap;

use crate::doc::{
    BodyDoc, ChannelDoc, CitationDoc, ConditionsDoc, InstrumentDoc, RankingDoc, RuleDoc,
    RulesetFile, TargetDoc,
};

/// The document's shape (varints) and its distinct strings.
pub(crate) fn encode(doc: &RulesetFile) -> (Vec<u8>, String) {
    let mut packer = Packer::default();
    doc.pack(&mut packer);
    (packer.shape, packer.text)
}

/// The packed document being written.
#[derive(Default)]
struct Packer {
    shape: Vec<u8>,
    text: String,
    /// Strings already in `text`, with their number.
    seen: HashMap<String, u64>,
}

impl Packer {
    /// An unsigned LEB128 varint.
    fn num(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.shape.push(byte);
                return;
            }
            self.shape.push(byte | 0x80);
        }
    }

    /// A string's varint: `2 × length` for a new one (its text follows the previous new
    /// one's), `2 × number + 1` for one already written.
    fn string(&mut self, s: &str) -> u64 {
        if let Some(n) = self.seen.get(s) {
            return 2 * n + 1;
        }
        self.seen.insert(s.to_owned(), self.seen.len() as u64);
        self.text.push_str(s);
        2 * s.len() as u64
    }
}

/// A value in the packed form.
trait Pack {
    fn pack(&self, p: &mut Packer);
}

impl Pack for String {
    fn pack(&self, p: &mut Packer) {
        let v = p.string(self);
        p.num(v);
    }
}

impl Pack for u32 {
    fn pack(&self, p: &mut Packer) {
        p.num(u64::from(*self));
    }
}

impl Pack for bool {
    fn pack(&self, p: &mut Packer) {
        p.num(u64::from(*self));
    }
}

impl<T: Pack> Pack for Vec<T> {
    fn pack(&self, p: &mut Packer) {
        p.num(self.len() as u64);
        for v in self {
            v.pack(p);
        }
    }
}

// An option is 0 for `None`, else 1 + the value's (leading) varint.

impl Pack for Option<String> {
    fn pack(&self, p: &mut Packer) {
        let v = self.as_ref().map_or(0, |s| p.string(s) + 1);
        p.num(v);
    }
}

impl Pack for Option<u16> {
    fn pack(&self, p: &mut Packer) {
        p.num(self.map_or(0, |v| u64::from(v) + 1));
    }
}

impl Pack for Option<u32> {
    fn pack(&self, p: &mut Packer) {
        p.num(self.map_or(0, |v| u64::from(v) + 1));
    }
}

impl Pack for Option<bool> {
    fn pack(&self, p: &mut Packer) {
        p.num(self.map_or(0, |v| u64::from(v) + 1));
    }
}

impl Pack for Option<Vec<String>> {
    fn pack(&self, p: &mut Packer) {
        match self {
            None => p.num(0),
            Some(list) => {
                p.num(list.len() as u64 + 1);
                for s in list {
                    s.pack(p);
                }
            }
        }
    }
}

/// A struct's fields in the order listed, which must be the order in which `packed.rs`
/// reads them. Every field is named, so a field added to `doc.rs` and not here is a compile
/// error; one read in another order makes the test comparing the packed document with the
/// TOML text fail.
macro_rules! pack_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Pack for $ty {
            fn pack(&self, p: &mut Packer) {
                let $ty { $($field),* } = self;
                $( $field.pack(p); )*
            }
        }
    };
}

pack_struct!(RulesetFile {
    schema_version,
    id,
    name,
    city,
    description,
    ranking,
    instruments,
    bodies,
    rules,
});
pack_struct!(RankingDoc { basis, note });
pack_struct!(InstrumentDoc {
    id,
    name_zh,
    name_en,
    short_en,
    number,
    issuer_zh,
    issuer_en,
    kind,
    adopted,
    in_force_from,
    in_force_to,
    reliability,
    note,
});
pack_struct!(CitationDoc {
    instrument,
    version,
    article,
    paragraph,
    item,
    reliability,
    note,
    note_zh,
});
pack_struct!(BodyDoc {
    id,
    name_zh,
    name_en,
    kind,
    division,
    superior,
    channels,
    note,
});
pack_struct!(ChannelDoc { kind, value });
pack_struct!(RuleDoc {
    id,
    title,
    continues,
    note,
    when,
    then,
    basis,
});
pack_struct!(ConditionsDoc {
    channels,
    business_within,
    business_outside,
    business_division_known,
    online,
    online_roles,
    address_published,
    reachable_at_address,
    seller_contactable,
    platform_operator_within,
    platform_operator_outside,
    platform_operator_known,
    categories,
    top_categories,
    consumer_within,
    consumer_outside,
    amount_at_least,
    amount_below,
    received_from,
    received_before,
    received_while_in_force,
});
pack_struct!(TargetDoc {
    body,
    kind,
    at,
    fallback,
});
