//! Where a text is cut into segments that are redacted independently, so that a stream of any
//! length is redacted in bounded memory and gives exactly what redacting it whole gives.
//!
//! The cuts depend on the text only, never on how it arrives: [`super::Redactor`] cuts a
//! whole text at the same places as [`super::StreamRedactor`] cuts a stream fed in pieces of
//! any size, so the two agree by construction (a property test feeds the stream one to a few
//! characters at a time and compares). The rule, for a segment that has `len` characters so
//! far, after the character `c`:
//!
//! 1. below [`MIN_SEGMENT`] characters, no cut (fewer, longer segments are faster);
//! 2. after a sentence or clause mark `。！？；，、`, or after a line break whose neighbours
//!    are neither digits nor digit separators (a mobile wrapped over a line break stays
//!    whole): cut. No detector reads across these characters — none is part of an item, a
//!    label's fillers or an address's place-name run, and a character before the first of a
//!    segment reads like these marks do (see `segment_marks_are_invisible` in the tests), so
//!    these cuts change nothing;
//! 3. from [`MAX_SEGMENT`] characters on, also after any punctuation or symbol that no
//!    detector uses;
//! 4. at [`HARD_SEGMENT`] characters, whatever comes: text with no punctuation for this long
//!    (a digit or letter flood) is cut blindly, and an item straddling that cut may be missed
//!    or a piece of a longer run taken for one.

use super::chars::is_digit;
use super::numbers::is_sep;

/// Characters a segment has before it may end at a sentence mark.
pub(crate) const MIN_SEGMENT: usize = 1024;
/// Characters after which any unused punctuation ends a segment.
pub(crate) const MAX_SEGMENT: usize = 16 * 1024;
/// The most characters in a segment.
pub(crate) const HARD_SEGMENT: usize = 32 * 1024;

/// What the cut rule says after one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    /// The segment ends after this character.
    Yes,
    /// It does not.
    No,
    /// It depends on the next character, which has not arrived yet.
    Undecided,
}

/// Characters no detector reads across.
fn mark(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '，' | '、')
}

/// Punctuation and symbols no detector uses (not letters, digits, Han, separators, and not
/// `@ : ： " ( ) （ ） + # - .`).
fn unused(c: char) -> bool {
    !(c.is_alphanumeric()
        || is_sep(c)
        || matches!(
            c,
            '@' | ':'
                | '：'
                | '"'
                | '('
                | ')'
                | '（'
                | '）'
                | '+'
                | '#'
                | '\r'
                | '['
                | '【'
                | '「'
                | '“'
        ))
}

fn digitish(c: char) -> bool {
    is_digit(c) || is_sep(c)
}

/// The rule after `c`, the `len`-th character of its segment; `prev` is the character before
/// `c` (a `\r` before a line break skipped), `next` the one after (`None` when it has not
/// arrived; `Some('\0')` at the end of the text).
pub(crate) fn cut_after(c: char, prev: char, next: Option<char>, len: usize) -> Cut {
    if len >= HARD_SEGMENT {
        return Cut::Yes;
    }
    if len < MIN_SEGMENT {
        return Cut::No;
    }
    if mark(c) {
        return Cut::Yes;
    }
    if c == '\n' {
        if digitish(prev) {
            return Cut::No;
        }
        return match next {
            None => Cut::Undecided,
            Some(n) if digitish(n) => Cut::No,
            Some(_) => Cut::Yes,
        };
    }
    if len >= MAX_SEGMENT && unused(c) {
        return Cut::Yes;
    }
    Cut::No
}

/// The ends of the segments of `s` (folded characters of a whole text), the last being
/// `s.len()` (none for an empty text).
pub(crate) fn ends(s: &[char], mut each: impl FnMut(usize)) {
    // Most texts (a narrative, a line) are shorter than a segment can be before it is cut.
    if s.len() <= MIN_SEGMENT {
        if !s.is_empty() {
            each(s.len());
        }
        return;
    }
    let mut len = 0;
    let mut prev = '\0';
    let mut before_cr = '\0';
    for (i, &c) in s.iter().enumerate() {
        len += 1;
        let next = Some(s.get(i + 1).copied().unwrap_or('\0'));
        let p = if c == '\n' && prev == '\r' {
            before_cr
        } else {
            prev
        };
        if cut_after(c, p, next, len) == Cut::Yes {
            each(i + 1);
            len = 0;
        }
        before_cr = prev;
        prev = c;
    }
    if len > 0 {
        each(s.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts(t: &str) -> Vec<usize> {
        let s: Vec<char> = t.chars().collect();
        let mut v = Vec::new();
        ends(&s, |e| v.push(e));
        v
    }

    #[test]
    fn short_texts_are_one_segment() {
        assert_eq!(cuts(""), Vec::<usize>::new());
        assert_eq!(cuts("电话13800138000。"), vec![14]);
    }

    #[test]
    fn cuts_after_marks_once_long_enough() {
        let a = "字".repeat(MIN_SEGMENT);
        assert_eq!(
            cuts(&format!("{a}，后面")),
            vec![MIN_SEGMENT + 1, MIN_SEGMENT + 3]
        );
        // A line break between digits is no cut: the mobile may go on.
        let t = format!("{a}13800\n138000");
        assert_eq!(cuts(&t), vec![t.chars().count()]);
        let t = format!("{a}\n后面");
        assert_eq!(cuts(&t), vec![MIN_SEGMENT + 1, MIN_SEGMENT + 3]);
        let t = format!("{a}\r\n后面");
        assert_eq!(cuts(&t), vec![MIN_SEGMENT + 2, MIN_SEGMENT + 4]);
    }

    #[test]
    fn long_runs_are_cut_at_last() {
        let t = "1".repeat(HARD_SEGMENT * 2 + 5);
        assert_eq!(
            cuts(&t),
            vec![HARD_SEGMENT, 2 * HARD_SEGMENT, 2 * HARD_SEGMENT + 5]
        );
        let t = format!("{}|{}", "a".repeat(MAX_SEGMENT), "b".repeat(10));
        assert_eq!(cuts(&t), vec![MAX_SEGMENT + 1, MAX_SEGMENT + 11]);
    }

    #[test]
    fn undecided_until_the_next_character() {
        assert_eq!(cut_after('\n', '字', None, MIN_SEGMENT), Cut::Undecided);
        assert_eq!(cut_after('\n', '字', Some('1'), MIN_SEGMENT), Cut::No);
        assert_eq!(cut_after('\n', '字', Some('\0'), MIN_SEGMENT), Cut::Yes);
        assert_eq!(cut_after('\n', '1', None, MIN_SEGMENT), Cut::No);
    }
}
