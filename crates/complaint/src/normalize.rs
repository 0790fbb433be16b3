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

/// Whether [`clean_text`] would return `s` unchanged.
fn is_clean(s: &str) -> bool {
    let mut prev_space = true; // a leading space is not clean
    for c in s.chars() {
        let space = c.is_whitespace() || c.is_control();
        if (space && (prev_space || c != ' ')) || fold_alnum_width(c) != c {
            return false;
        }
        prev_space = space;
    }
    !prev_space || s.is_empty()
}

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
        }
    }
}
