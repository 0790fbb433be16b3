//! "Did you mean …?": the known name closest to a misspelt one.
//!
//! An unknown field is nearly always a typo (`recieved_at`, `amout_paid`) or another
//! spelling (`receivedAt`, `Mobile`); naming the field that was meant saves the reader a trip
//! to the schema. Closeness is the Levenshtein distance in characters (one insertion,
//! deletion or substitution each), small enough here that a dependency is not worth it.

/// The Levenshtein distance between `a` and `b`, counted in characters (not bytes), so that
/// a Chinese character is one edit.
///
/// ```
/// use weiquan_support::suggest::levenshtein;
/// assert_eq!(levenshtein("kitten", "sitting"), 3);
/// assert_eq!(levenshtein("受理", "受理时间"), 2);
/// assert_eq!(levenshtein("", "abc"), 3);
/// ```
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // One row of the edit-distance table at a time: row[j] is the distance between the
    // prefix of `a` read so far and the first j characters of `b`.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        for (up, cb) in row.iter_mut().skip(1).zip(&b) {
            let cost = usize::from(ca != *cb);
            let here = (diagonal + cost).min(*up + 1).min(left + 1);
            diagonal = *up;
            *up = here;
            left = here;
        }
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
    }
    row.last().copied().unwrap_or(0)
}

/// The most edits a suggestion may be away from what was written: a third of its length
/// (at least 1, at most 3), so that `nam` suggests `name` but `x` suggests nothing.
fn allowed_edits(written: &str) -> usize {
    (written.chars().count() / 3).clamp(1, 3)
}

/// The known name closest to `written`, if one is close enough to be what was meant: within
/// a third of its length in edits, ignoring ASCII case. Ties go to the first in `known`, so the
/// answer does not depend on anything but the list's order.
///
/// ```
/// use weiquan_support::suggest::did_you_mean;
/// let fields = ["name", "mobile", "resident_id", "received_at"];
/// assert_eq!(did_you_mean("mobil", fields), Some("mobile"));
/// assert_eq!(did_you_mean("recieved_at", fields), Some("received_at"));
/// assert_eq!(did_you_mean("receivedAt", fields), Some("received_at"));
/// assert_eq!(did_you_mean("colour", fields), None);
/// ```
pub fn did_you_mean<'a>(
    written: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // ASCII case only: the names are ASCII, and Unicode case tables would cost the
    // WebAssembly modules about 12 KB each.
    let lower = written.to_ascii_lowercase();
    let limit = allowed_edits(written);
    let mut best: Option<(usize, &'a str)> = None;
    for name in known {
        if name == written {
            // The name is known: nothing to suggest.
            return None;
        }
        let d = levenshtein(&lower, &name.to_ascii_lowercase());
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, name));
        }
    }
    best.map(|(_, name)| name)
}

/// The English hint that follows an unknown-field message, `; did you mean "x"?`, or nothing.
///
/// ```
/// use weiquan_support::suggest::{did_you_mean, hint_en, hint_zh};
/// let meant = did_you_mean("mobil", ["name", "mobile"]);
/// assert_eq!(format!("unknown field \"mobil\"{}", hint_en(meant)),
///            "unknown field \"mobil\"; did you mean \"mobile\"?");
/// assert_eq!(format!("未知字段“mobil”{}", hint_zh(meant)), "未知字段“mobil”，是否应为“mobile”？");
/// ```
pub fn hint_en(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!("; did you mean {s:?}?"))
}

/// The Chinese hint that follows an unknown-field message, `，是否应为“x”？`, or nothing.
pub fn hint_zh(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!("，是否应为“{s}”？"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(levenshtein("", ""), 0);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("abc", "abc"), 0);
        assert_eq!(levenshtein("abc", "abd"), 1);
        assert_eq!(levenshtein("abc", "ab"), 1);
        assert_eq!(levenshtein("ab", "abc"), 1);
        assert_eq!(levenshtein("flaw", "lawn"), 2);
        assert_eq!(levenshtein("recieved", "received"), 2);
        assert_eq!(levenshtein("saturday", "sunday"), 3);
        // Characters, not bytes: each Chinese character is three bytes in UTF-8.
        assert_eq!(levenshtein("名称", "名字"), 1);
    }

    #[test]
    fn symmetric_and_bounded() {
        let words = [
            "",
            "a",
            "ab",
            "mobile",
            "mobil",
            "居民身份证",
            "amount_paid",
        ];
        for a in words {
            for b in words {
                let d = levenshtein(a, b);
                assert_eq!(d, levenshtein(b, a), "{a} {b}");
                assert!(d <= a.chars().count().max(b.chars().count()));
                assert!(d >= a.chars().count().abs_diff(b.chars().count()));
            }
        }
    }

    #[test]
    fn suggestions() {
        let known = ["id", "name", "mobile", "amount_paid", "purchase_date"];
        assert_eq!(did_you_mean("nam", known), Some("name"));
        assert_eq!(did_you_mean("Mobile", known), Some("mobile"));
        assert_eq!(did_you_mean("amout_paid", known), Some("amount_paid"));
        assert_eq!(did_you_mean("purchaseDate", known), Some("purchase_date"));
        assert_eq!(did_you_mean("x", known), None);
        assert_eq!(did_you_mean("colour", known), None);
        // A known name has nothing to suggest.
        assert_eq!(did_you_mean("name", known), None);
        // Equally close: the first listed wins.
        assert_eq!(did_you_mean("ab", ["aa", "bb"]), Some("aa"));
    }

    #[test]
    fn hints() {
        assert_eq!(hint_en(Some("mobile")), "; did you mean \"mobile\"?");
        assert_eq!(hint_zh(Some("mobile")), "，是否应为“mobile”？");
        assert_eq!(hint_en(None), "");
        assert_eq!(hint_zh(None), "");
    }
}
