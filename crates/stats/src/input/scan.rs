//! A validating JSON scanner that picks out the few fields statistics read, without
//! allocating and without decoding what it skips (the narrative, the claims, the evidence).
//!
//! It checks the whole line against the JSON grammar (RFC 8259: strings with their escapes
//! and no raw control characters, numbers, literals, nesting, nothing after the document),
//! and finds strings with `memchr`, several times faster than a general deserialiser on
//! complaint lines. Anything it does not handle itself — a syntax error (to be reported with
//! serde_json's message), an escaped or non-string value in a field it reads, a repeated
//! field, a case summary — makes it give up, and the caller parses the line with serde.

use std::borrow::Cow;

use super::{Line, LiteBusiness, LiteConsumer, LitePurchase};

/// Nesting deeper than this is left to serde (which has its own limit).
const MAX_DEPTH: u32 = 100;

struct Scan<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
}

/// Whether a string segment holds a raw control character (not allowed in JSON strings).
/// Fixed-size chunks with a branch-free minimum, which the compiler vectorises.
fn has_control(seg: &[u8]) -> bool {
    let mut chunks = seg.chunks_exact(32);
    let mut low = 0xFFu8;
    for c in &mut chunks {
        for &x in c {
            low = low.min(x);
        }
    }
    low < 0x20 || chunks.remainder().iter().any(|&x| x < 0x20)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The bytes of a little-endian word that end a string run — `"`, `\` or a control
/// character — as their high bits. Each term is the classic "has zero byte" test, whose
/// lowest set bit is exact (borrows only cause false hits above a true one), so the lowest
/// set bit of the union is the first such byte.
fn specials(w: u64) -> u64 {
    let quote = w ^ (ONES * u64::from(b'"'));
    let backslash = w ^ (ONES * u64::from(b'\\'));
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x;
    (zero_in(quote) | zero_in(backslash) | (w.wrapping_sub(ONES * 0x20) & !w)) & HIGHS
}

/// Bytes examined a word at a time before handing a long string to `memchr`: keys and codes
/// are short, and for them the set-up of a vector search costs more than the search.
const SHORT: usize = 32;

/// The position in `b` of the first `"`, `\` or control character at or after `from`, and
/// that byte (taken from the word in hand rather than loaded again).
fn next_special(b: &[u8], from: usize) -> Option<(usize, u8)> {
    let mut i = from;
    while i < from + SHORT {
        let Some(word) = b.get(i..i + 8) else {
            let tail = b.get(i..)?;
            let p = tail
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
            return tail.get(p).map(|&c| (i + p, c));
        };
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let w = u64::from_le_bytes(bytes);
        let m = specials(w);
        if m != 0 {
            let bit = m.trailing_zeros() & !7;
            return Some((i + (bit / 8) as usize, (w >> bit) as u8));
        }
        i += 8;
    }
    let rest = b.get(i..)?;
    let n = memchr::memchr2(b'"', b'\\', rest)?;
    let seg = rest.get(..n)?;
    let at = match seg.chunks(256).position(has_control) {
        // Rare (the line falls back to serde): find the exact byte simply.
        Some(_) => seg.iter().position(|&c| c < 0x20)?,
        None => n,
    };
    rest.get(at).map(|&c| (i + at, c))
}

/// Give up: let serde parse the line.
struct Fallback;

type R<T> = Result<T, Fallback>;

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> R<()> {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(Fallback)
        }
    }

    /// A string (the opening quote next): its raw contents and whether it has escapes.
    fn string(&mut self) -> R<(&'a str, bool)> {
        self.eat(b'"')?;
        let start = self.i;
        let mut escaped = false;
        loop {
            let (at, byte) = next_special(self.b, self.i).ok_or(Fallback)?;
            self.i = at;
            match byte {
                b'"' => {
                    // Quotes are ASCII, so the slice falls on character boundaries.
                    let raw = self.text.get(start..self.i).ok_or(Fallback)?;
                    self.i += 1;
                    return Ok((raw, escaped));
                }
                b'\\' => {}
                // A raw control character: not JSON; serde names it.
                _ => return Err(Fallback),
            }
            escaped = true;
            self.i += 1;
            match self.peek() {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                Some(b'u') => {
                    let hex = self.b.get(self.i + 1..self.i + 5).ok_or(Fallback)?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return Err(Fallback);
                    }
                    self.i += 5;
                }
                _ => return Err(Fallback),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> R<&'a str> {
        self.ws();
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(Fallback),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(Fallback);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(Fallback);
            }
        }
        self.text.get(start..self.i).ok_or(Fallback)
    }

    fn literal(&mut self, word: &[u8]) -> R<()> {
        if self.b.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(Fallback)
        }
    }

    /// An object key. Keys are short snake_case words: those are read byte by byte, which
    /// beats any search at their length; anything else goes through [`Scan::string`].
    fn key(&mut self) -> R<&'a str> {
        self.ws();
        let start = self.i + 1;
        if self.peek() == Some(b'"') {
            let mut j = start;
            while let Some(&c) = self.b.get(j) {
                match c {
                    b'a'..=b'z' | b'_' | b'0'..=b'9' => j += 1,
                    b'"' => {
                        let key = self.text.get(start..j).ok_or(Fallback)?;
                        self.i = j + 1;
                        return Ok(key);
                    }
                    _ => break,
                }
            }
        }
        match self.string()? {
            (key, false) => Ok(key),
            (_, true) => Err(Fallback),
        }
    }

    /// Skips any value, checking it.
    fn skip(&mut self, depth: u32) -> R<()> {
        if depth > MAX_DEPTH {
            return Err(Fallback);
        }
        self.ws();
        match self.peek() {
            Some(b'"') => self.string().map(|_| ()),
            Some(b'{') => self.object(depth, |s, _key, depth| s.skip(depth)),
            Some(b'[') => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    self.skip(depth + 1)?;
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(());
                        }
                        _ => return Err(Fallback),
                    }
                }
            }
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            _ => self.number().map(|_| ()),
        }
    }

    /// An object, calling `member` for each key with the scanner on its value.
    fn object(
        &mut self,
        depth: u32,
        mut member: impl FnMut(&mut Self, &'a str, u32) -> R<()>,
    ) -> R<()> {
        self.eat(b'{')?;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            let key = self.key()?;
            self.eat(b':')?;
            member(self, key, depth + 1)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(Fallback),
            }
        }
    }

    /// A string field read into `slot`: `null` is absent; escapes, other types and repeats
    /// go to serde.
    fn text(&mut self, slot: &mut Option<Cow<'a, str>>, seen: &mut bool) -> R<()> {
        if std::mem::replace(seen, true) {
            return Err(Fallback);
        }
        self.ws();
        if self.peek() == Some(b'n') {
            return self.literal(b"null");
        }
        let (s, escaped) = self.string()?;
        if escaped {
            return Err(Fallback);
        }
        *slot = Some(Cow::Borrowed(s));
        Ok(())
    }
}

/// The fields of a bare complaint line, or `None` when serde must parse it.
pub(super) fn scan(line: &str) -> Option<Line<'_>> {
    let mut s = Scan {
        text: line,
        b: line.as_bytes(),
        i: 0,
    };
    let mut doc = Line::default();
    let mut seen = [false; 17];
    let [
        sv,
        id,
        ra,
        ch,
        pn,
        co,
        bu,
        pu,
        cd,
        cg,
        cr,
        cm,
        bn,
        bc,
        pc,
        cn,
        ca,
    ] = &mut seen;
    let r = s.object(0, |s, key, depth| match key {
        "schema_version" => {
            if std::mem::replace(sv, true) {
                return Err(Fallback);
            }
            let n = s.number()?;
            doc.schema_version = Some(n.parse().map_err(|_| Fallback)?);
            Ok(())
        }
        "id" => s.text(&mut doc.id, id),
        "received_at" => s.text(&mut doc.received_at, ra),
        "channel" => s.text(&mut doc.channel, ch),
        "problem_nature" => s.text(&mut doc.problem_nature, pn),
        "consumer" => {
            if std::mem::replace(co, true) {
                return Err(Fallback);
            }
            let mut c = LiteConsumer::default();
            s.object(depth, |s, key, depth| match key {
                "division" => s.text(&mut c.division, cd),
                "resident_id" => s.text(&mut c.resident_id, cr),
                "mobile" => s.text(&mut c.mobile, cm),
                "name" => s.text(&mut c.name, cn),
                "address" => s.text(&mut c.address, ca),
                "groups" => {
                    if std::mem::replace(cg, true) {
                        return Err(Fallback);
                    }
                    s.eat(b'[')?;
                    s.ws();
                    if s.peek() == Some(b']') {
                        s.i += 1;
                        return Ok(());
                    }
                    loop {
                        let (g, escaped) = s.string()?;
                        if escaped {
                            return Err(Fallback);
                        }
                        c.groups.push(Cow::Borrowed(g));
                        s.ws();
                        match s.peek() {
                            Some(b',') => s.i += 1,
                            Some(b']') => {
                                s.i += 1;
                                return Ok(());
                            }
                            _ => return Err(Fallback),
                        }
                    }
                }
                _ => s.skip(depth),
            })?;
            doc.consumer = Some(c);
            Ok(())
        }
        "business" => {
            if std::mem::replace(bu, true) {
                return Err(Fallback);
            }
            let mut b = LiteBusiness::default();
            s.object(depth, |s, key, depth| match key {
                "name" => s.text(&mut b.name, bn),
                "uscc" => s.text(&mut b.uscc, bc),
                _ => s.skip(depth),
            })?;
            doc.business = Some(b);
            Ok(())
        }
        "purchase" => {
            if std::mem::replace(pu, true) {
                return Err(Fallback);
            }
            let mut p = LitePurchase::default();
            s.object(depth, |s, key, depth| match key {
                "category" => s.text(&mut p.category, pc),
                _ => s.skip(depth),
            })?;
            doc.purchase = Some(p);
            Ok(())
        }
        // Case summaries and anything unusual: serde.
        "complaint" | "outcome" => Err(Fallback),
        _ => s.skip(depth),
    });
    r.ok()?;
    s.ws();
    (s.i == s.b.len()).then_some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use weiquan_synth::generate::Generator;

    #[test]
    fn agrees_with_serde_on_generated_lines() {
        for c in Generator::new(4).take(300) {
            let json = c.to_json();
            let fast = scan(&json).unwrap();
            let slow: Line<'_> = serde_json::from_str(&json).unwrap();
            assert_eq!(fast, slow);
        }
    }

    #[test]
    fn gives_up_on_anything_unusual() {
        let json = weiquan_synth::generate::sample_json();
        for bad in [
            json.get(..json.len() / 2).unwrap().to_owned(),
            format!("{json} x"),
            json.replace("\"channel\":\"", "\"channel\":\"\\u0041"),
            json.replace("\"schema_version\":1", "\"schema_version\":1.5"),
            json.replace(
                "\"schema_version\":1",
                "\"schema_version\":1,\"schema_version\":1",
            ),
            json.replace("\"description\":\"", "\"description\":\"\u{1}"),
            json.replace("\"description\":\"", "\"description\":\"\\q"),
            json.replace("\"channel\":\"web_12315\"", "\"channel\":7"),
            json.replace("\"quantity\":1", "\"quantity\":01"),
            json.replace("[]", "[1,]"),
            format!("{{\"complaint\":{json}}}"),
        ] {
            assert!(scan(&bad).is_none(), "{bad}");
        }
        // Escapes in fields it skips are fine; null is absent.
        let ok = json.replace(
            "\"description\":\"",
            "\"description\":\"\\\"quoted\\\" \\u4e2d ",
        );
        assert!(scan(&ok).is_some());
        let nul = json.replace("\"channel\":\"web_12315\"", "\"channel\":null");
        assert_eq!(scan(&nul).map(|l| l.channel), Some(None));
        // A control character deep in a long string, past the word-at-a-time prefix.
        let long = json.replace(
            "\"description\":\"",
            &format!("\"description\":\"{}\t", "长".repeat(40)),
        );
        assert!(scan(&long).is_none());
    }

    mod props {
        use super::super::next_special;
        use proptest::prelude::*;

        proptest! {
            /// The word-at-a-time and vector search find exactly the first special byte.
            #[test]
            fn next_special_is_the_first_special_byte(
                b in proptest::collection::vec(
                    prop_oneof![
                        8 => any::<u8>().prop_map(|c| c | 0x20),
                        1 => Just(b'"'),
                        1 => Just(b'\\'),
                        1 => 0u8..0x20,
                    ],
                    0..300,
                ),
                from in 0usize..320,
            ) {
                let naive = b
                    .get(from..)
                    .and_then(|r| r.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20))
                    .map(|p| (from + p, b[from + p]));
                prop_assert_eq!(next_special(&b, from), naive);
            }
        }
    }
}
