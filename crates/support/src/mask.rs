//! Values echoed in error messages: personal ones masked, every one cut to a bounded length.
//!
//! An error names the value that was wrong so a person can find it, but error messages reach
//! logs, terminals and other teams' systems, where personal data must not go, and a 10 MB
//! field must not make a 10 MB message. So every crate echoes a value through this module:
//! [`echo`] for a value that is not personal (an amount, a code), cut to
//! [`MAX_ECHO_CHARS`] characters with an ellipsis; [`resident_id`], [`mobile`] and
//! [`personal`] for personal values, masked as receipts and call-centre systems show them
//! (`1301**********123X`, `138****5678`, `张*`); and [`at_pointer`] to choose by the field a
//! value came from.
//!
//! ```
//! use weiquan_support::mask;
//! assert_eq!(mask::resident_id("13010219900101123X"), "1301**********123X");
//! assert_eq!(mask::mobile("13812345678"), "138****5678");
//! assert_eq!(mask::personal("张三丰"), "张**");
//! assert_eq!(mask::echo(&"9".repeat(300)).chars().count(), 201);
//! ```

/// The longest echoed value, in characters (an ellipsis marks a cut).
pub const MAX_ECHO_CHARS: usize = 200;

/// `s` cut to [`MAX_ECHO_CHARS`] characters, followed by `…` when it was longer.
pub fn echo(s: &str) -> String {
    match s.char_indices().nth(MAX_ECHO_CHARS) {
        None => s.to_owned(),
        Some((cut, _)) => {
            let mut out = s.get(..cut).unwrap_or(s).to_owned();
            out.push('…');
            out
        }
    }
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
