//! Normalisation of raw text as people type it: full-width forms, stray spaces.
//!
//! Every function here is idempotent: applying it twice gives the same result as once.

use std::borrow::Cow;

/// Maps full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space (U+3000) to
/// their ASCII equivalents; other characters pass through unchanged. For identifiers and
/// numbers, where `－` and `＋` are separators and signs.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Maps full-width digits and Latin letters and the ideographic space to ASCII, and leaves
/// full-width punctuation alone: in Chinese text `，` and `：` are the right characters.
pub fn fold_alnum_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Folds full-width characters and removes every kind of white space and the separators
/// people put in numbers (`-`, `.` is kept). Used for identifiers and phone numbers.
/// Borrows when there is nothing to change (the common case, and the fast one).
pub fn compact_identifier(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii_graphic() && b != b'-') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(fold_width)
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{200B}')
            .collect(),
    )
}

/// Whether [`clean_text`] would return `s` unchanged. A byte scan: it recognises exactly the
/// characters that [`clean_text`] changes (ASCII white space and controls, C1 controls and
/// no-break spaces, Unicode spaces, the ideographic space, full-width digits and letters) and
/// otherwise never decodes a character — Chinese text passes at memory speed.
fn is_clean(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for (i, &c) in b.iter().enumerate() {
        match BYTE_CLASS.get(usize::from(c)).copied().unwrap_or(LEAD) {
            PLAIN => prev_space = false,
            SPACE => {
                if prev_space {
                    return false;
                }
                prev_space = true;
            }
            CONTROL => return false,
            _ => {
                prev_space = false;
                let c1 = b.get(i + 1).copied().unwrap_or(0);
                let c2 = b.get(i + 2).copied().unwrap_or(0);
                let changes = match c {
                    // U+0080..U+00A0: C1 controls, U+0085 and the no-break space.
                    0xC2 => c1 <= 0xA0,
                    // U+1680 OGHAM SPACE MARK.
                    0xE1 => c1 == 0x9A && c2 == 0x80,
                    // U+2000..U+200A, U+2028, U+2029, U+202F spaces; U+205F.
                    0xE2 => {
                        (c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF))
                            || (c1 == 0x81 && c2 == 0x9F)
                    }
                    // U+3000 IDEOGRAPHIC SPACE.
                    0xE3 => c1 == 0x80 && c2 == 0x80,
                    // U+FF10..U+FF19, U+FF21..U+FF3A, U+FF41..U+FF5A full-width digits, letters.
                    _ => {
                        (c1 == 0xBC && ((0x90..=0x99).contains(&c2) || (0xA1..=0xBA).contains(&c2)))
                            || (c1 == 0xBD && (0x81..=0x9A).contains(&c2))
                    }
                };
                if changes {
                    return false;
                }
            }
        }
    }
    true
}

const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const CONTROL: u8 = 2;
const LEAD: u8 = 3;

/// How [`is_clean`] treats each byte: most bytes (printable ASCII, continuation bytes, the
/// lead bytes of CJK characters) are plain; only a few lead bytes need a closer look.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: a bad index fails the build"
)]
static BYTE_CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = CONTROL;
        i += 1;
    }
    t[0x7F] = CONTROL;
    t[b' ' as usize] = SPACE;
    t[0xC2] = LEAD;
    t[0xE1] = LEAD;
    t[0xE2] = LEAD;
    t[0xE3] = LEAD;
    t[0xEF] = LEAD;
    t
};

/// [`clean_text`] in place, allocating only when something changes.
pub fn clean_text_in_place(s: &mut String) {
    if !is_clean(s) {
        *s = clean_text(s);
    }
}

/// [`clean_multiline`] in place, allocating only when something changes.
pub fn clean_multiline_in_place(s: &mut String) {
    let clean = !s.starts_with('\n')
        && !s.ends_with('\n')
        && !s.contains("\n\n")
        && s.split('\n').all(|line| !line.is_empty() && is_clean(line));
    if !clean {
        *s = clean_multiline(s);
    }
}

/// Folds full-width digits and letters, trims, and collapses runs of white space to one space. Used for
/// names, addresses and other free text, so that two spellings of the same text compare equal.
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().map(fold_alnum_width) {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Like [`clean_text`] but keeps line breaks (as `\n`), for narratives where paragraphs matter.
pub fn clean_multiline(s: &str) -> String {
    let lines: Vec<String> = s
        .split(['\n', '\r'])
        .map(clean_text)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_digits_letters_and_space() {
        assert_eq!(compact_identifier("１３０１ ０２－x"), "130102x");
        assert_eq!(clean_text("  张\u{3000}\u{3000}三 \t "), "张 三");
        assert_eq!(clean_text("电话：１３８，好！"), "电话：138，好！");
        assert_eq!(clean_multiline("a \r\n\r\n b\nc  "), "a\nb\nc");
    }

    proptest::proptest! {
        #[test]
        fn idempotent(s in "\\PC*") {
            let once = clean_text(&s);
            proptest::prop_assert_eq!(clean_text(&once), once.clone());
            let c = compact_identifier(&s);
            proptest::prop_assert_eq!(compact_identifier(&c), c.clone());
            let m = clean_multiline(&s);
            proptest::prop_assert_eq!(clean_multiline(&m), m.clone());
            let mut a = s.clone();
            clean_text_in_place(&mut a);
            proptest::prop_assert_eq!(a, once);
            let mut b = s.clone();
            clean_multiline_in_place(&mut b);
            proptest::prop_assert_eq!(b, m);
            proptest::prop_assert_eq!(is_clean(&s), clean_text(&s) == s);
        }

        #[test]
        fn byte_scan_agrees_on_spaces_and_controls(
            s in "[\\x00-\\x20\\x7f\\u{80}-\\u{a1}\\u{1680}\\u{2000}-\\u{2030}\\u{205f}\\u{3000}a-z０-９Ａ-Ｚａ-ｚ，“”张]{0,12}"
        ) {
            proptest::prop_assert_eq!(is_clean(&s), clean_text(&s) == s, "{:?}", s);
        }
    }
}
