//! Values echoed in error messages: personal ones masked, every one cut to a bounded length.
//!
//! An error names the value that was wrong so a person can find it, but error messages reach
//! logs, terminals and other teams' systems, where personal data must not go, and a 10 MB
//! field must not make a 10 MB message. So every crate echoes a value through this module:
//! [`echo`] for a value that is not personal (an amount, a code), cut to
//! [`MAX_ECHO_CHARS`] characters with an ellipsis and with any identifier-shaped number in it
//! masked ([`scrub`]: a mobile pasted into a date column is still a mobile); [`resident_id`],
//! [`mobile`] and [`personal`] for personal values, masked as receipts and call-centre
//! systems show them (`1301**********123X`, `138****5678`, `张*`); [`at_pointer`] to choose by
//! the field a value came from; and [`parser_message`] for a parser's words (serde_json,
//! TOML), which quote a value without knowing its field.
//!
//! ```
//! use weiquan_support::mask;
//! assert_eq!(mask::resident_id("13010219900101123X"), "1301**********123X");
//! assert_eq!(mask::mobile("13812345678"), "138****5678");
//! assert_eq!(mask::personal("张三丰"), "张**");
//! assert_eq!(mask::echo(&"9".repeat(300)).chars().count(), 201);
//! assert_eq!(mask::echo("date 13812345678"), "date 138****5678");
//! ```

/// The longest echoed value, in characters (an ellipsis marks a cut).
pub const MAX_ECHO_CHARS: usize = 200;

/// `s` cut to [`MAX_ECHO_CHARS`] characters, followed by `…` when it was longer, with any
/// resident ID, mobile or bank card number in it masked ([`scrub`]): a value echoed from a
/// field that is not personal can still be one pasted into the wrong column.
pub fn echo(s: &str) -> String {
    // Scrubbed a little beyond the cut, so that an identifier straddling it is recognised
    // whole (cut alone, 17 digits of an 18-digit ID would no longer read as one).
    let wider = cut(s, MAX_ECHO_CHARS + SCRUB_MARGIN);
    let scrubbed = scrub(wider.0);
    let (kept, was_cut) = cut(&scrubbed, MAX_ECHO_CHARS);
    let mut out = kept.to_owned();
    if was_cut || wider.1 {
        out.push('…');
    }
    out
}

/// How far past the cut [`echo`] looks for an identifier: longer than any form [`scrub`]
/// recognises (19 digits and their separators).
const SCRUB_MARGIN: usize = 32;

/// The first `n` characters of `s`, and whether anything was left out.
fn cut(s: &str, n: usize) -> (&str, bool) {
    match s.char_indices().nth(n) {
        None => (s, false),
        Some((at, _)) => (s.get(..at).unwrap_or(s), true),
    }
}

/// `text` with every number shaped like a personal identifier masked, whatever field it came
/// from: an 18-character resident ID (17 digits and a digit or `X`) or a 15-digit one of the
/// first generation, as [`resident_id`]; an 11-digit mainland mobile (`1[3-9]…`, also after
/// `86`), as [`mobile`]; a 16- or 19-digit number that passes the Luhn check (a bank card),
/// keeping its first and last four digits. A number is a maximal run of digits, or groups of
/// digits joined by single spaces or hyphens in the forms people write them
/// (`138 1234 5678`, `6222-0212-3456-7890`). Names and addresses have no shape to find:
/// they are masked by the field they are in ([`at_pointer`]).
pub fn scrub(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        // A number starts at a digit not glued to a digit before it (the run is maximal).
        if !c.is_ascii_digit() {
            out.push(c);
            i += 1;
            continue;
        }
        let groups = groups_at(&chars, i);
        let end = groups.last().map_or(i + 1, |g| g.1);
        let run = chars.get(i..end).unwrap_or_default();
        let joined = groups_joined(&chars, &groups);
        let whole = shaped(&groups, &joined);
        if let Some((head, tail)) = whole {
            out.push_str(&star_digits(run, head, tail));
            i = end;
        } else {
            // Not a grouped identifier: the first group alone may still be one.
            let (gs, ge) = groups.first().copied().unwrap_or((i, i + 1));
            let first = chars.get(gs..ge).unwrap_or_default();
            let digits: String = first.iter().collect();
            match shaped(&[(gs, ge)], &digits) {
                Some((head, tail)) => out.push_str(&star_digits(first, head, tail)),
                None => out.extend(first),
            }
            i = ge;
        }
    }
    out
}

/// The groups of digits from `start`: each maximal run of digits (a final `X` after 17
/// digits included), joined to the next by one space or hyphen.
fn groups_at(chars: &[char], start: usize) -> Vec<(usize, usize)> {
    let mut groups = Vec::new();
    let mut at = start;
    let mut digits = 0;
    loop {
        let mut end = at;
        while chars.get(end).is_some_and(char::is_ascii_digit) {
            end += 1;
        }
        digits += end - at;
        // A resident ID's check character X, after its 17 digits (grouped or not).
        if digits == 17 && matches!(chars.get(end), Some('X' | 'x')) {
            end += 1;
        }
        groups.push((at, end));
        let joined = matches!(chars.get(end), Some(' ' | '-'))
            && chars.get(end + 1).is_some_and(char::is_ascii_digit);
        if !joined || groups.len() >= 5 {
            return groups;
        }
        at = end + 1;
    }
}

fn groups_joined(chars: &[char], groups: &[(usize, usize)]) -> String {
    groups
        .iter()
        .flat_map(|(s, e)| chars.get(*s..*e).unwrap_or_default())
        .collect()
}

/// How many leading and trailing characters of an identifier-shaped number stay visible, or
/// `None` when the groups are no identifier's.
fn shaped(groups: &[(usize, usize)], joined: &str) -> Option<(usize, usize)> {
    let lens: Vec<usize> = groups.iter().map(|(s, e)| e - s).collect();
    let n = joined.chars().count();
    let digits_only = joined.bytes().all(|b| b.is_ascii_digit());
    // The grouped forms people write; a lone group is any maximal run.
    let grouped_ok = matches!(
        lens.as_slice(),
        [_] | [3, 4, 4]
            | [2, 3, 4, 4]
            | [6, 8, 4]
            | [6, 4, 4, 4]
            | [4, 4, 4, 4]
            | [4, 4, 4, 4, 1..=3]
            | [4, 4, 4, 7]
            | [6, 13]
    );
    if !grouped_ok {
        return None;
    }
    let mobile_at = |s: &str| {
        let b = s.as_bytes();
        b.len() == 11 && b.first() == Some(&b'1') && matches!(b.get(1), Some(b'3'..=b'9'))
    };
    match n {
        18 if joined
            .get(..17)
            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_digit())) =>
        {
            Some((4, 4))
        }
        15 if digits_only => Some((4, 4)),
        11 if digits_only && mobile_at(joined) => Some((3, 4)),
        13 if digits_only && joined.starts_with("86") && joined.get(2..).is_some_and(mobile_at) => {
            Some((5, 4))
        }
        // Cards of 17 digits are rare, and a 17-digit run is more often the head of a
        // business's unified social credit code: not taken for a card.
        16 | 19 if digits_only && luhn(joined) => Some((4, 4)),
        _ => None,
    }
}

/// Whether a string of digits passes the Luhn check (ISO/IEC 7812), as card numbers do.
fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        let d = u32::from(b.wrapping_sub(b'0'));
        sum += if i % 2 == 1 {
            let twice = d * 2;
            if twice > 9 { twice - 9 } else { twice }
        } else {
            d
        };
    }
    sum % 10 == 0
}

/// `run` with its digits (and `X`) starred but the first `head` and last `tail`, separators
/// kept.
fn star_digits(run: &[char], head: usize, tail: usize) -> String {
    let total = run.iter().filter(|c| c.is_ascii_alphanumeric()).count();
    let mut seen = 0;
    run.iter()
        .map(|c| {
            if !c.is_ascii_alphanumeric() {
                return *c;
            }
            seen += 1;
            if seen <= head || seen + tail > total {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// A parser's message (serde_json, TOML, CSV) as it may be shown: such messages quote the
/// offending value (`invalid type: string "…"`, ``unknown variant `…` ``) without knowing
/// its field, so every identifier in the message is masked ([`scrub`]) and each quoted
/// value (between `"`, `` ` `` or `“…”`) is cut to [`MAX_ECHO_CHARS`] characters.
pub fn parser_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4 * MAX_ECHO_CHARS));
    let mut quoted = 0usize;
    let mut inside = false;
    for c in scrub_bounded(message).chars() {
        // ASCII quotes and backticks open and close alike; Chinese messages quote “so”.
        let toggle = match c {
            '"' | '`' => Some(!inside),
            '“' => Some(true),
            '”' => Some(false),
            _ => None,
        };
        if let Some(now) = toggle {
            if inside && !now && quoted > MAX_ECHO_CHARS {
                out.push('…');
            }
            inside = now;
            quoted = 0;
            out.push(c);
        } else if inside {
            quoted += 1;
            if quoted <= MAX_ECHO_CHARS {
                out.push(c);
            }
        } else {
            out.push(c);
        }
    }
    if inside && quoted > MAX_ECHO_CHARS {
        out.push('…');
    }
    out
}

/// [`scrub`] of a text that may be huge (a parser quoting a 10 MB value): at most 64 KiB of
/// it is scrubbed and kept, more than any message needs.
fn scrub_bounded(text: &str) -> String {
    let (head, was_cut) = cut(text, 64 * 1024);
    let mut s = scrub(head);
    if was_cut {
        s.push('…');
    }
    s
}

/// Keeps `head` characters and `tail` characters of `s` (fewer for a short value) and stars
/// the rest; cut like [`echo`].
fn keep(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    // A value too short for the usual form (a mistyped number) keeps less, so that at
    // least four characters are always starred.
    let (head, tail) = if n >= head + tail + 4 {
        (head, tail)
    } else {
        (head.min(n / 4), tail.min(n / 4))
    };
    let out: String = chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i + tail >= n { *c } else { '*' })
        .collect();
    echo(&out)
}

/// A resident ID as shown on receipts: the first four characters (province and city) and the
/// last four, e.g. `1301**********123X`.
pub fn resident_id(s: &str) -> String {
    keep(s, 4, 4)
}

/// A mobile number as shown on receipts: the first three and last four digits,
/// e.g. `138****5678`.
pub fn mobile(s: &str) -> String {
    keep(s, 3, 4)
}

/// Any other personal value (a name, an address, a narrative): its first character, the rest
/// starred, e.g. `张*`.
pub fn personal(s: &str) -> String {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = String::from(first);
    out.extend(chars.take(MAX_ECHO_CHARS - 1).map(|_| '*'));
    echo(
        &(out
            + if s.chars().count() > MAX_ECHO_CHARS {
                "…"
            } else {
                ""
            }),
    )
}

/// How a field's value is personal, by the last segment of its JSON pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Personal {
    /// A resident identity number.
    ResidentId,
    /// A mobile or other telephone number.
    Mobile,
    /// A consumer's name, address, or free text that may hold them.
    Text,
}

/// Whether the field at `pointer` holds personal data: `resident_id`, `mobile`, a consumer's
/// `name` and `address`, and free text (`description`, `note`, `narrative`).
pub fn personal_field(pointer: &str) -> Option<Personal> {
    let last = pointer.rsplit('/').next().unwrap_or("");
    match last {
        "resident_id" | "id_number" => Some(Personal::ResidentId),
        "mobile" | "phone" | "telephone" => Some(Personal::Mobile),
        "description" | "note" | "narrative" => Some(Personal::Text),
        "name" | "address" if pointer.starts_with("/consumer/") => Some(Personal::Text),
        _ => None,
    }
}

/// A value of the field at `pointer` as it may be echoed: masked when the field is personal
/// ([`personal_field`]), cut to [`MAX_ECHO_CHARS`] in any case.
pub fn at_pointer(pointer: &str, value: &str) -> String {
    match personal_field(pointer) {
        Some(Personal::ResidentId) => resident_id(value),
        Some(Personal::Mobile) => mobile(value),
        Some(Personal::Text) => personal(value),
        None => echo(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_what_receipts_show() {
        assert_eq!(resident_id("13010219900101123X"), "1301**********123X");
        assert_eq!(resident_id("1301021990"), "13******90");
        assert_eq!(resident_id("123"), "***");
        assert_eq!(mobile("13812345678"), "138****5678");
        assert_eq!(mobile("12345"), "1***5");
        assert_eq!(personal("王伟"), "王*");
        assert_eq!(personal(""), "");
        assert_eq!(at_pointer("/consumer/mobile", "13812345678"), "138****5678");
        assert_eq!(at_pointer("/business/name", "某某超市"), "某某超市");
        assert_eq!(at_pointer("/consumer/name", "某某"), "某*");
    }

    #[test]
    fn identifiers_are_masked_wherever_they_are_echoed() {
        assert_eq!(
            echo("tel 13812345678, id 13010219900101123X."),
            "tel 138****5678, id 1301**********123X."
        );
        assert_eq!(scrub("138 1234 5678"), "138 **** 5678");
        assert_eq!(scrub("+86 138-1234-5678"), "+86 138-****-5678");
        assert_eq!(scrub("130102 19900101 123x"), "1301** ******** 123x");
        assert_eq!(scrub("130102900101123"), "1301*******1123");
        // A card number passes the Luhn check; the same digits changed do not.
        assert_eq!(scrub("6222021234567890128"), "6222***********0128");
        assert_eq!(scrub("6222 0212 3456 7890 128"), "6222 **** **** ***0 128");
        assert_eq!(scrub("6222021234567890124"), "6222021234567890124");
        // Not identifiers: dates, amounts, longer or shorter runs, other prefixes.
        for kept in [
            "2026-07-01",
            "12.50",
            "123456789012",
            "12812345678",
            "1381234567",
            "SJZ-2026-000123",
            "1301**********123X",
        ] {
            assert_eq!(scrub(kept), kept);
        }
        // An ID straddling the cut is masked whole before the cut.
        let long = format!("{}13010219900101123X", "a".repeat(190));
        assert!(echo(&long).contains("1301******…"), "{}", echo(&long));
    }

    #[test]
    fn parser_messages_are_scrubbed_and_their_quotes_cut() {
        assert_eq!(
            parser_message("invalid type: string \"13812345678\", expected u32"),
            "invalid type: string \"138****5678\", expected u32"
        );
        let long = format!("unknown variant `{}`, expected `a`", "诉".repeat(5000));
        let m = parser_message(&long);
        assert_eq!(
            m,
            format!("unknown variant `{}…`, expected `a`", "诉".repeat(200))
        );
        let zh = format!("未知取值“{}”", "诉".repeat(300));
        assert_eq!(
            parser_message(&zh),
            format!("未知取值“{}…”", "诉".repeat(200))
        );
    }

    proptest::proptest! {
        /// Whatever surrounds it, a mobile number or resident ID is never echoed whole, and
        /// no echo is longer than the cut.
        #[test]
        fn identifiers_never_survive_an_echo(
            before in "[^0-9]{0,30}|\\PC{0,300}[^0-9]",
            after in "[^0-9Xx]{0,30}",
            mobile in "1[3-9][0-9]{9}",
            id in "[1-6][0-9]{16}[0-9X]",
        ) {
            for planted in [&mobile, &id] {
                let text = format!("{before}{planted}{after}");
                let shown = echo(&text);
                proptest::prop_assert!(!shown.contains(planted.as_str()), "{shown}");
                proptest::prop_assert!(shown.chars().count() <= MAX_ECHO_CHARS + 1);
                let said = parser_message(&format!("invalid value: \"{text}\""));
                proptest::prop_assert!(!said.contains(planted.as_str()), "{said}");
            }
        }
    }

    #[test]
    fn long_values_are_cut_with_an_ellipsis() {
        let long = "汉".repeat(10_000);
        for masked in [
            echo(&long),
            resident_id(&long),
            mobile(&long),
            personal(&long),
        ] {
            assert_eq!(masked.chars().count(), MAX_ECHO_CHARS + 1, "{masked}");
            assert!(masked.ends_with('…'));
        }
        assert_eq!(echo("short"), "short");
    }
}
