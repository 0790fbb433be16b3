//! Character classes: width folding, and one flag table over the CJK Unified Ideographs block
//! built at compile time from the lexicon, so that "is this character interesting?" is one
//! load per character in the scanners' hot loops.

use std::sync::LazyLock;

use super::lexicon::{
    ADDRESS_STOP, ADDRESS_SUFFIXES, ADDRESS_TRIGGERS, COMPOUND_SURNAMES, Level, NAME_END_WORDS,
    NAME_LABELS, NAME_STOP, NOT_NAMES, NUMBER_LABELS, NUMBER_UNITS, NUMERALS, NumberLabel,
    PLATE_PROVINCES, ROLE_WORDS, SURNAMES, TITLES,
};

/// A single-character surname.
pub(crate) const SURNAME: u16 = 1;
/// A licence-plate province abbreviation.
pub(crate) const PROVINCE: u16 = 1 << 1;
/// Never part of a given name.
pub(crate) const NAME_STOP_F: u16 = 1 << 2;
/// Ends a place name scanning left.
pub(crate) const ADDRESS_STOP_F: u16 = 1 << 3;
/// A Chinese numeral.
pub(crate) const NUMERAL: u16 = 1 << 4;
/// The last character of an address suffix (路, 区, 小区 …).
pub(crate) const SUFFIX_END: u16 = 1 << 5;
/// The first character of a number unit (号, 单元, 室 …).
pub(crate) const UNIT_START: u16 = 1 << 6;
/// The first character of a title (先生, 女士 …).
pub(crate) const TITLE_START: u16 = 1 << 7;
/// The last character of a name label (姓名, 投诉人 …).
pub(crate) const LABEL_END: u16 = 1 << 8;
/// The last character of an address trigger (家住, 地址 …).
pub(crate) const TRIGGER_END: u16 = 1 << 9;
/// The first character of a word that ends a name (购买, 今年 …).
pub(crate) const END_WORD_START: u16 = 1 << 10;
/// The first character of a compound surname (欧阳, 司马 …).
pub(crate) const COMPOUND_START: u16 = 1 << 11;
/// `某`, which anonymises names (王某, 张某某).
pub(crate) const MOU: u16 = 1 << 12;
/// The last character of a messaging label (微信).
pub(crate) const IM_LABEL_END: u16 = 1 << 13;

const BASE: u32 = 0x4E00;
const LEN: usize = 0x5200; // U+4E00..=U+9FFF

static TABLE: [u16; LEN] = build();

#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of bounds fails the build, it cannot panic"
)]
const fn decode(b: &[u8], i: usize) -> (u32, usize) {
    let b0 = b[i] as u32;
    if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        (
            ((b0 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F),
            3,
        )
    } else {
        (
            ((b0 & 0x07) << 18)
                | ((b[i + 1] as u32 & 0x3F) << 12)
                | ((b[i + 2] as u32 & 0x3F) << 6)
                | (b[i + 3] as u32 & 0x3F),
            4,
        )
    }
}

#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of bounds fails the build, it cannot panic"
)]
const fn mark(t: &mut [u16; LEN], cp: u32, flag: u16) {
    if cp >= BASE && cp < BASE + LEN as u32 {
        t[(cp - BASE) as usize] |= flag;
    }
}

/// Marks every character of `s`.
const fn mark_all(t: &mut [u16; LEN], s: &str, flag: u16) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let (cp, n) = decode(b, i);
        mark(t, cp, flag);
        i += n;
    }
}

/// Marks the first character of `s`.
const fn mark_first(t: &mut [u16; LEN], s: &str, flag: u16) {
    let b = s.as_bytes();
    if !b.is_empty() {
        mark(t, decode(b, 0).0, flag);
    }
}

/// Marks the last character of `s`.
const fn mark_last(t: &mut [u16; LEN], s: &str, flag: u16) {
    let b = s.as_bytes();
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        let (cp, n) = decode(b, i);
        last = cp;
        i += n;
    }
    mark(t, last, flag);
}

#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of bounds fails the build, it cannot panic"
)]
const fn build() -> [u16; LEN] {
    let mut t = [0u16; LEN];
    mark_all(&mut t, SURNAMES, SURNAME);
    mark_all(&mut t, PLATE_PROVINCES, PROVINCE);
    mark_all(&mut t, NAME_STOP, NAME_STOP_F);
    mark_all(&mut t, ADDRESS_STOP, ADDRESS_STOP_F);
    mark_all(&mut t, NUMERALS, NUMERAL);
    mark_all(&mut t, "某", MOU);
    mark_all(&mut t, "信", IM_LABEL_END);
    let mut k = 0;
    while k < ADDRESS_SUFFIXES.len() {
        mark_last(&mut t, ADDRESS_SUFFIXES[k].0, SUFFIX_END);
        k += 1;
    }
    k = 0;
    while k < NUMBER_UNITS.len() {
        mark_first(&mut t, NUMBER_UNITS[k].0, UNIT_START);
        k += 1;
    }
    k = 0;
    while k < TITLES.len() {
        mark_first(&mut t, TITLES[k], TITLE_START);
        k += 1;
    }
    k = 0;
    while k < NAME_LABELS.len() {
        mark_last(&mut t, NAME_LABELS[k].0, LABEL_END);
        k += 1;
    }
    k = 0;
    while k < ADDRESS_TRIGGERS.len() {
        mark_last(&mut t, ADDRESS_TRIGGERS[k], TRIGGER_END);
        k += 1;
    }
    k = 0;
    while k < COMPOUND_SURNAMES.len() {
        mark_first(&mut t, COMPOUND_SURNAMES[k], COMPOUND_START);
        k += 1;
    }
    k = 0;
    while k < NAME_END_WORDS.len() {
        mark_first(&mut t, NAME_END_WORDS[k], END_WORD_START);
        k += 1;
    }
    t
}

/// A word list decoded once into characters, each word with a value, for matching at a
/// position without decoding UTF-8 in the hot loops.
pub(crate) struct Words<T> {
    list: Vec<(Vec<char>, T)>,
}

impl<T: Copy> Words<T> {
    fn new(src: &[(&str, T)]) -> Words<T> {
        Words {
            list: src.iter().map(|(w, v)| (w.chars().collect(), *v)).collect(),
        }
    }

    /// The longest word that starts at `i`: its length and value.
    pub(crate) fn at(&self, s: &[char], i: usize) -> Option<(usize, T)> {
        let first = at(s, i);
        let mut best: Option<(usize, T)> = None;
        for (w, v) in &self.list {
            let n = w.len();
            if w.first() == Some(&first)
                && best.is_none_or(|b| n > b.0)
                && w.iter().enumerate().all(|(k, c)| at(s, i + k) == *c)
            {
                best = Some((n, *v));
            }
        }
        best
    }

    /// The longest word that ends right before `end`: its length and value.
    pub(crate) fn ends_at(&self, s: &[char], end: usize) -> Option<(usize, T)> {
        let last = before(s, end);
        let mut best: Option<(usize, T)> = None;
        for (w, v) in &self.list {
            let n = w.len();
            if w.last() == Some(&last)
                && best.is_none_or(|b| n > b.0)
                && let Some(st) = end.checked_sub(n)
                && w.iter().enumerate().all(|(k, c)| at(s, st + k) == *c)
            {
                best = Some((n, *v));
            }
        }
        best
    }
}

fn plain(src: &[&str]) -> Words<()> {
    Words {
        list: src.iter().map(|w| (w.chars().collect(), ())).collect(),
    }
}

/// Titles (先生, 女士 …).
pub(crate) static TITLE_WORDS: LazyLock<Words<()>> = LazyLock::new(|| plain(TITLES));
/// Words that end a name.
pub(crate) static END_WORDS: LazyLock<Words<()>> = LazyLock::new(|| plain(NAME_END_WORDS));
/// Role words before titles.
pub(crate) static ROLES: LazyLock<Words<()>> = LazyLock::new(|| plain(ROLE_WORDS));
/// Common words that start with a surname character.
pub(crate) static NOT_NAME_WORDS: LazyLock<Words<()>> = LazyLock::new(|| plain(NOT_NAMES));
/// Compound surnames.
pub(crate) static COMPOUNDS: LazyLock<Words<()>> = LazyLock::new(|| plain(COMPOUND_SURNAMES));
/// Address triggers.
pub(crate) static TRIGGERS: LazyLock<Words<()>> = LazyLock::new(|| plain(ADDRESS_TRIGGERS));
/// Name labels with their strength.
pub(crate) static LABELS: LazyLock<Words<bool>> = LazyLock::new(|| Words::new(NAME_LABELS));
/// Address suffixes with their level.
pub(crate) static SUFFIXES: LazyLock<Words<Level>> = LazyLock::new(|| Words::new(ADDRESS_SUFFIXES));
/// Number units with their strength.
pub(crate) static UNITS: LazyLock<Words<bool>> = LazyLock::new(|| Words::new(NUMBER_UNITS));
/// Number labels.
pub(crate) static NUMBER_LABEL_WORDS: LazyLock<Words<NumberLabel>> =
    LazyLock::new(|| Words::new(NUMBER_LABELS));

/// The flags of a character (0 outside the CJK Unified Ideographs block).
#[inline]
pub(crate) fn flags(c: char) -> u16 {
    let cp = c as u32;
    if cp >= BASE {
        TABLE.get((cp - BASE) as usize).copied().unwrap_or(0)
    } else {
        0
    }
}

/// Whether `c` has `flag`.
#[inline]
pub(crate) fn has(c: char, flag: u16) -> bool {
    flags(c) & flag != 0
}

/// A Han character (the main block, extension A, the compatibility block, and the
/// supplementary planes' extensions).
#[inline]
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// A Chinese numeral, including `〇`.
#[inline]
pub(crate) fn is_numeral(c: char) -> bool {
    c == '〇' || has(c, NUMERAL)
}

/// Folds the characters the detectors compare: full-width digits, Latin letters, `＠`, `－`,
/// `＋`, `．`, `（`, `）`, `＿`, `＃`, `／` and the ideographic and no-break spaces become ASCII. Chinese
/// punctuation that means something different from its ASCII look-alike (`，` is never a
/// thousands separator) stays. One character in, one out, so offsets do not move.
#[inline]
pub(crate) fn fold(c: char) -> char {
    // Most characters of Chinese text are ideographs or ASCII, which never change.
    if c < '\u{A0}' || ('\u{3001}'..'\u{FF01}').contains(&c) {
        return c;
    }
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '＠' => '@',
        '－' => '-',
        '＋' => '+',
        '．' => '.',
        '（' => '(',
        '）' => ')',
        '＿' => '_',
        '＃' => '#',
        '／' => '/',
        '\u{3000}' | '\u{A0}' => ' ',
        _ => c,
    }
}

/// The character at `i`, or NUL outside the text (NUL is in no class).
#[inline]
pub(crate) fn at(s: &[char], i: usize) -> char {
    s.get(i).copied().unwrap_or('\0')
}

/// The character before `i`, or NUL at the start.
#[inline]
pub(crate) fn before(s: &[char], i: usize) -> char {
    match i.checked_sub(1) {
        Some(j) => at(s, j),
        None => '\0',
    }
}

/// Whether `w` occurs at `i`.
pub(crate) fn word_at(s: &[char], i: usize, w: &str) -> bool {
    w.chars().enumerate().all(|(k, c)| at(s, i + k) == c)
}

/// Whether `w` ends right before `end` (occupies `end - len(w)..end`).
pub(crate) fn word_ends_at(s: &[char], end: usize, w: &str) -> bool {
    let mut k = end;
    for c in w.chars().rev() {
        let Some(j) = k.checked_sub(1) else {
            return false;
        };
        if at(s, j) != c {
            return false;
        }
        k = j;
    }
    true
}

/// An ASCII digit (text is folded, so full-width digits are ASCII by now).
#[inline]
pub(crate) fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// An ASCII letter or digit.
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The surname that starts at `i`, as its length in characters (2 for 欧阳, 1 for 王), if any.
pub(crate) fn surname_at(s: &[char], i: usize) -> Option<usize> {
    let f = flags(at(s, i));
    if f & COMPOUND_START != 0 && COMPOUNDS.at(s, i).is_some() {
        Some(2)
    } else if f & SURNAME != 0 {
        Some(1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_marks_the_lexicon() {
        assert!(has('王', SURNAME));
        assert!(has('冀', SURNAME) && has('冀', PROVINCE));
        assert!(!has('的', SURNAME) && has('的', NAME_STOP_F));
        assert!(has('路', SUFFIX_END) && has('区', SUFFIX_END) && has('厦', SUFFIX_END));
        assert!(has('号', UNIT_START) && has('单', UNIT_START) && !has('元', UNIT_START));
        assert!(has('先', TITLE_START) && has('女', TITLE_START));
        assert!(has('名', LABEL_END) && has('叫', LABEL_END) && has('人', LABEL_END));
        assert!(has('住', TRIGGER_END) && has('址', TRIGGER_END));
        assert!(is_numeral('三') && is_numeral('〇') && !is_numeral('3'));
        assert_eq!(flags('a'), 0);
        assert_eq!(flags('\u{10FFFF}'), 0);
    }

    #[test]
    fn folding_keeps_one_char_per_char() {
        let s = "１３８－（Ａｂ）＠．，　";
        let f: String = s.chars().map(fold).collect();
        assert_eq!(f, "138-(Ab)@.， ");
        assert_eq!(s.chars().count(), f.chars().count());
    }

    #[test]
    fn words_and_surnames() {
        let s: Vec<char> = "我叫欧阳娜娜".chars().collect();
        assert!(word_at(&s, 0, "我叫"));
        assert!(word_ends_at(&s, 2, "我叫"));
        assert!(!word_ends_at(&s, 1, "我叫"));
        assert_eq!(surname_at(&s, 2), Some(2));
        assert_eq!(surname_at(&s, 3), Some(1)); // 阳 alone is a surname too
        assert_eq!(surname_at(&s, 0), None);
        assert_eq!(at(&s, 99), '\0');
        assert_eq!(before(&s, 0), '\0');
        assert_eq!(TITLE_WORDS.at(&s, 2), None);
        let t: Vec<char> = "联系人：张先生".chars().collect();
        assert_eq!(TITLE_WORDS.at(&t, 5), Some((2, ())));
        assert_eq!(LABELS.ends_at(&t, 3), Some((3, true)));
        assert_eq!(LABELS.ends_at(&t, 1), None);
        assert_eq!(LABELS.ends_at(&t, 2), Some((2, false)));
    }
}
