//! The JSON text handed to JavaScript, written in one pass straight from the result types.
//!
//! The Rust types serialise with snake_case keys; JavaScript sees camelCase. Rather than
//! building a JSON value and renaming it (two trees of maps, most of a call's time for a
//! large result such as an assessment), the serializer writes through a [`Formatter`] that
//! renames each key as it goes, with [`snake_to_camel`](crate::names::snake_to_camel)'s rule
//! applied byte by byte.
//!
//! Some string *values* are JSON pointers into the caller's argument (the facts an
//! assessment still needs): those under the keys in [`POINTER_KEYS`] are rewritten to
//! camelCase too, so that they point into the object JavaScript passed.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter, Serializer};

/// Keys whose string values (or, for an array, its string elements) are JSON pointers into
/// the argument: `fact` in an assessment's `missing_facts`, and each consideration's
/// `missing_facts` list.
const POINTER_KEYS: &[&[u8]] = &[b"fact", b"missing_facts"];

/// How keys are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// camelCase, and pointers under [`POINTER_KEYS`] rewritten: what JavaScript receives.
    Camel,
    /// As the types serialise them (the snake_case documents exchanged with the back office).
    AsIs,
}

/// `value` as compact JSON text, in UTF-8.
pub fn to_json_bytes<T: Serialize + ?Sized>(value: &T, keys: Keys) -> Vec<u8> {
    let mut out = Out(Vec::with_capacity(4096));
    let mut ser = Serializer::with_formatter(&mut out, KeyWriter::new(keys));
    // The API's result types serialise without errors (string keys only, no failing impl),
    // and writing to a Vec cannot fail; `null` stands in should that ever change.
    if value.serialize(&mut ser).is_err() {
        return b"null".to_vec();
    }
    out.0
}

/// The output buffer. Most writes are a byte or two (quotes, colons, commas); in
/// WebAssembly a `memory.copy` for each costs more than copying the bytes one by one.
struct Out(Vec<u8>);

impl Write for Out {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if buf.len() <= 4 {
            for &b in buf {
                self.0.push(b);
            }
        } else {
            self.0.extend_from_slice(buf);
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `value` as compact JSON text.
pub fn to_json<T: Serialize + ?Sized>(value: &T, keys: Keys) -> String {
    // serde_json writes UTF-8, and the renaming changes only ASCII bytes.
    String::from_utf8(to_json_bytes(value, keys)).unwrap_or_else(|_| "null".to_owned())
}

/// The code a unit enum variant serialises as (`in_platform`); empty for anything that does
/// not serialise as a plain string.
pub fn code<T: Serialize + ?Sized>(value: &T) -> String {
    let text = to_json(value, Keys::AsIs);
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(code) if !code.contains(['"', '\\']) => code.to_owned(),
        _ => String::new(),
    }
}

/// Where the writer is: inside an object or an array, and whether string values written
/// there now are pointers into the argument.
struct Frame {
    array: bool,
    /// An object: its current member's key is one of [`POINTER_KEYS`]. An array: it is the
    /// value of such a key.
    pointers: bool,
}

struct KeyWriter {
    keys: Keys,
    stack: Vec<Frame>,
    /// Writing an object key.
    in_key: bool,
    /// Fragments of the current key written so far (a key needing escapes comes in several,
    /// and is no pointer key).
    key_fragments: u8,
    /// Renaming the string being written: a key, or a pointer value.
    renaming: bool,
    /// The previous byte was an underscore not yet written (it may start `_x` → `X`).
    pending_underscore: bool,
}

impl KeyWriter {
    fn new(keys: Keys) -> KeyWriter {
        KeyWriter {
            keys,
            stack: Vec::new(),
            in_key: false,
            key_fragments: 0,
            renaming: false,
            pending_underscore: false,
        }
    }

    /// Writes `bytes` with `snake_to_camel`'s rule: an underscore followed by a lowercase
    /// letter becomes that letter in uppercase. A JSON pointer is renamed by the same rule
    /// as a whole, segment by segment: RFC 6901 escapes (`~0`, `~1`) contain no underscore
    /// or letter, so they are left as they are.
    fn write_renamed<W: ?Sized + Write>(&mut self, w: &mut W, bytes: &[u8]) -> io::Result<()> {
        let mut rest = bytes;
        while !rest.is_empty() {
            if std::mem::take(&mut self.pending_underscore) {
                match rest.first() {
                    Some(c) if c.is_ascii_lowercase() => {
                        w.write_all(&[c.to_ascii_uppercase()])?;
                        rest = rest.get(1..).unwrap_or_default();
                        continue;
                    }
                    _ => w.write_all(b"_")?,
                }
            }
            match rest.iter().position(|&b| b == b'_') {
                Some(i) => {
                    w.write_all(rest.get(..i).unwrap_or_default())?;
                    self.pending_underscore = true;
                    rest = rest.get(i + 1..).unwrap_or_default();
                }
                None => {
                    w.write_all(rest)?;
                    rest = &[];
                }
            }
        }
        Ok(())
    }

    /// A held-back underscore that no lowercase letter followed.
    fn flush_underscore<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if std::mem::take(&mut self.pending_underscore) {
            w.write_all(b"_")?;
        }
        Ok(())
    }
}

// The methods that run for every string are kept out of line: serde_json inlines its string
// writer into every type's serialisation, and with these inlined too the module carried a
// copy of the renaming per type (7.7 KB; the time is the same either way).
impl Formatter for KeyWriter {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        // An array's elements are pointers when the array is the value of a pointer key.
        let pointers = self.stack.last().is_some_and(|f| !f.array && f.pointers);
        self.stack.push(Frame {
            array: true,
            pointers,
        });
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.stack.pop();
        w.write_all(b"]")
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.stack.push(Frame {
            array: false,
            pointers: false,
        });
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.stack.pop();
        w.write_all(b"}")
    }

    #[inline(never)]
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.in_key = true;
        self.key_fragments = 0;
        if let Some(f) = self.stack.last_mut() {
            f.pointers = false;
        }
        if first { Ok(()) } else { w.write_all(b",") }
    }

    #[inline(never)]
    fn end_object_key<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.in_key = false;
        Ok(())
    }

    #[inline(never)]
    fn begin_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.renaming = self.keys == Keys::Camel
            && (self.in_key || self.stack.last().is_some_and(|f| f.pointers));
        w.write_all(b"\"")
    }

    #[inline(never)]
    fn end_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.flush_underscore(w)?;
        self.renaming = false;
        w.write_all(b"\"")
    }

    #[inline(never)]
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if self.in_key {
            let whole = self.key_fragments == 0;
            self.key_fragments = self.key_fragments.saturating_add(1);
            let camel = self.keys == Keys::Camel;
            if let Some(f) = self.stack.last_mut() {
                f.pointers = camel && whole && POINTER_KEYS.contains(&fragment.as_bytes());
            }
        }
        if self.renaming {
            self.write_renamed(w, fragment.as_bytes())
        } else {
            w.write_all(fragment.as_bytes())
        }
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        if self.in_key {
            // A key with an escape is not one of the pointer keys.
            self.key_fragments = self.key_fragments.saturating_add(1);
            if let Some(f) = self.stack.last_mut() {
                f.pointers = false;
            }
        }
        self.flush_underscore(w)?;
        serde_json::ser::CompactFormatter.write_char_escape(w, escape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::snake_to_camel;
    use serde_json::{Value, json};

    /// The renaming the writer does, on a value: every key through `snake_to_camel`.
    fn output_to_camel(value: Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (snake_to_camel(&k), output_to_camel(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(output_to_camel).collect()),
            other => other,
        }
    }

    fn camel(v: &Value) -> Value {
        serde_json::from_str(&to_json(v, Keys::Camel)).unwrap_or(Value::Null)
    }

    #[test]
    fn renames_keys_as_the_value_renaming_does() {
        let v = json!({
            "amount_paid": "1.00",
            "civil_code_art_203": 1,
            "hotline_12315": [{"a_b_c": null, "x_": 2, "_y": 3, "a__b": 4}],
            "plain": {"nested_key": {"deeper_still": true}},
            "key\"with_escape": "v",
            "value_stays": "in_platform",
        });
        assert_eq!(camel(&v), output_to_camel(v.clone()));
        assert_eq!(
            to_json(&v, Keys::AsIs),
            serde_json::to_string(&v).unwrap_or_default()
        );
    }

    #[test]
    fn renames_pointers_as_pointer_to_camel_does() {
        for pointer in [
            "/purchase/price_paid",
            "/claims/0/amount_claimed",
            "/a~1b_c/d~0e_f",
            "/x_/_y/a__b/_",
            "/hotline_12315/k_9",
            "/a\nb_c",
            "",
        ] {
            let v = json!({ "fact": pointer });
            assert_eq!(
                camel(&v),
                json!({ "fact": crate::names::pointer_to_camel(pointer) }),
                "{pointer:?}"
            );
        }
    }

    #[test]
    fn rewrites_pointers_under_their_keys_only() {
        let v = json!({
            "missing_facts": [{"rule": "r", "fact": "/purchase/price_paid"}],
            "considered": [{"missing_facts": ["/findings/seller_knew", "/a\nb_c"]}],
            "note": "/purchase/price_paid",
        });
        assert_eq!(
            camel(&v),
            json!({
                "missingFacts": [{"rule": "r", "fact": "/purchase/pricePaid"}],
                "considered": [{"missingFacts": ["/findings/sellerKnew", "/a\nbC"]}],
                "note": "/purchase/price_paid",
            })
        );
    }
}
