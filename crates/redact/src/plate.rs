//! Vehicle licence plates (GA 36): a province abbreviation, the issuing office's letter, then
//! five characters, six for new-energy vehicles, or four and a use mark (学, 警, 挂 …).

use super::chars::{at, is_alnum};
use super::lexicon::PLATE_USE_MARKS;
use super::{Cand, PiiKind};

/// Letters used on plates: I and O are never issued (they read as 1 and 0).
fn plate_letter(c: char) -> bool {
    let u = c.to_ascii_uppercase();
    u.is_ascii_uppercase() && u != 'I' && u != 'O'
}

fn plate_char(c: char) -> bool {
    c.is_ascii_digit() || plate_letter(c)
}

/// The plate whose province character is at `i`, if any, appended to `out`.
pub(crate) fn at_province(s: &[char], i: usize, out: &mut Vec<Cand>) {
    if let Some(end) = plate_at(s, i) {
        out.push(Cand {
            start: i,
            end,
            kind: PiiKind::LicencePlate,
        });
    }
}

/// The end of the plate whose province character is at `i`.
fn plate_at(s: &[char], i: usize) -> Option<usize> {
    let mut p = i + 1;
    if at(s, p) == ' ' {
        p += 1;
    }
    if !plate_letter(at(s, p)) {
        return None;
    }
    p += 1;
    if matches!(at(s, p), '·' | '•' | '・' | '.' | '-' | ' ') {
        p += 1;
    }
    let tail = p;
    while is_alnum(at(s, p)) && p - tail < 8 {
        p += 1;
    }
    if is_alnum(at(s, p)) {
        return None;
    }
    let chars: Vec<char> = s
        .get(tail..p)?
        .iter()
        .map(char::to_ascii_uppercase)
        .collect();
    if !chars.iter().all(|c| plate_char(*c)) {
        return None;
    }
    let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
    let ok = match chars.len() {
        // Ordinary plates carry at most three letters among the five; requiring two digits
        // keeps Latin words (新iPhone, 京ABCDE) out.
        5 => digits >= 2,
        // New-energy: D/F (or A-K) then five, or five digits then D/F.
        6 => {
            let first = chars.first().copied().unwrap_or('0');
            let last = chars.last().copied().unwrap_or('0');
            digits >= 4 && (matches!(first, 'A'..='H' | 'J' | 'K') || matches!(last, 'D' | 'F'))
        }
        4 => digits >= 2 && PLATE_USE_MARKS.contains(at(s, p)),
        _ => false,
    };
    if !ok {
        return None;
    }
    Some(if chars.len() == 4 { p + 1 } else { p })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let s: Vec<char> = text.chars().map(super::super::chars::fold).collect();
        let mut out = Vec::new();
        for (i, c) in s.iter().enumerate() {
            if super::super::chars::has(*c, super::super::chars::PROVINCE) {
                at_province(&s, i, &mut out);
            }
        }
        out.iter()
            .map(|c| text.chars().skip(c.start).take(c.end - c.start).collect())
            .collect()
    }

    #[test]
    fn plates_in_their_forms() {
        assert_eq!(found("车牌号冀AD1234，"), ["冀AD1234"]);
        assert_eq!(found("冀A·12345"), ["冀A·12345"]);
        assert_eq!(found("京A 12345的车"), ["京A 12345"]);
        assert_eq!(found("新能源车粤BD12345"), ["粤BD12345"]);
        assert_eq!(found("粤B12345F"), ["粤B12345F"]);
        assert_eq!(found("冀a12345"), ["冀a12345"]);
        assert_eq!(found("冀Ｒ１２３４５"), ["冀Ｒ１２３４５"]);
        assert_eq!(found("冀A1234学"), ["冀A1234学"]);
    }

    #[test]
    fn not_plates() {
        assert!(found("新iPhone15").is_empty());
        assert!(found("京ABCDE").is_empty());
        assert!(found("冀A123").is_empty());
        assert!(found("冀A1234567").is_empty());
        assert!(found("冀O12345").is_empty());
        assert!(found("冀A12345X9").is_empty());
        assert!(found("京东").is_empty());
    }
}
