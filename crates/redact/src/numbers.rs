//! Numbers: mobile and landline phone numbers, resident identity numbers (18 characters and the
//! legacy 15 digits) and bank card numbers.
//!
//! One pass groups each maximal run of digits, and the runs joined to it by a single separator
//! (space, dash, or the `)` after a bracketed area code), into a token. A token is then read
//! group by group against the shapes people write (`138 0013 8000`, `0311-86001234-801`,
//! `130102 19900101 1237`, `6228 4800 1234 5678 901`), checksummed kinds first. A group is
//! never split, so digits inside a longer run (an order number) are never half-matched, and a
//! token glued to Latin letters (`SF1234…`, `KFR-35GW`) or to a decimal point is left alone.

use weiquan_complaint::ResidentId;

use super::chars::{NUMBER_LABEL_WORDS, at, before, is_alnum, is_digit, word_at};
use super::lexicon::{LABEL_FILLERS, NumberLabel};
use super::{Cand, PiiKind};

/// One run of digits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Group {
    start: usize,
    /// One past the last digit.
    end: usize,
    /// Followed by a check character `X`.
    x: bool,
    /// The character joining it to the previous group (`'\0'` for the first).
    sep: char,
}

impl Group {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// The shapes of an 18-character identity number, by group length.
const ID_SHAPES: &[&[usize]] = &[
    &[18],
    &[6, 8, 4],
    &[6, 4, 4, 4],
    &[4, 4, 4, 4, 2],
    &[6, 6, 6],
    &[6, 12],
];
/// The shapes of a bank card number, longest first.
const CARD_SHAPES: &[&[usize]] = &[
    &[19],
    &[4, 4, 4, 4, 3],
    &[6, 13],
    &[18],
    &[4, 4, 4, 4, 2],
    &[6, 12],
    &[17],
    &[4, 4, 4, 4, 1],
    &[6, 11],
    &[16],
    &[4, 4, 4, 4],
    &[6, 10],
];
/// The shapes of an 11-digit mobile number.
const MOBILE_SHAPES: &[&[usize]] = &[&[11], &[3, 4, 4], &[3, 8], &[7, 4]];
/// The shapes of a 7- or 8-digit local landline number.
const LOCAL_SHAPES: &[&[usize]] = &[&[8], &[7], &[4, 4], &[3, 4]];
/// The shapes of a legacy 15-digit identity number.
const LEGACY_SHAPES: &[&[usize]] = &[&[15], &[6, 6, 3]];

/// A separator allowed between two digit groups.
fn is_sep(c: char) -> bool {
    matches!(c, ' ' | '-' | '\u{2010}'..='\u{2014}')
}

/// Finds every number in `s` (folded text) and appends it to `out` (the scan of
/// [`super::Redactor`] calls [`token`] directly).
#[cfg(test)]
pub(crate) fn find(s: &[char], groups: &mut Vec<Group>, out: &mut Vec<Cand>) {
    let mut i = 0;
    while i < s.len() {
        if is_digit(at(s, i)) && !is_digit(before(s, i)) {
            i = token(s, i, groups, out).max(i + 1);
        } else {
            i += 1;
        }
    }
}

/// Reads the token that starts at `start`; returns where scanning resumes.
pub(crate) fn token(
    s: &[char],
    start: usize,
    groups: &mut Vec<Group>,
    out: &mut Vec<Cand>,
) -> usize {
    groups.clear();
    let mut p = start;
    let mut sep = '\0';
    loop {
        let gs = p;
        while is_digit(at(s, p)) {
            p += 1;
        }
        let ge = p;
        let x = matches!(at(s, ge), 'X' | 'x') && !is_alnum(at(s, ge + 1));
        groups.push(Group {
            start: gs,
            end: ge,
            x,
            sep,
        });
        if x {
            p = ge + 1;
            break;
        }
        let c = at(s, ge);
        if is_sep(c) && is_digit(at(s, ge + 1)) {
            sep = c;
            p = ge + 1;
            continue;
        }
        if c == ')' && opens_paren(s, gs) {
            let mut q = ge + 1;
            if is_sep(at(s, q)) {
                q += 1;
            }
            if is_digit(at(s, q)) {
                sep = ')';
                p = q;
                continue;
            }
        }
        break;
    }
    let mut resume = p;
    // Every kind has at least seven digits: dates, amounts and counts stop here.
    if groups.iter().map(Group::len).sum::<usize>() < 7 {
        return resume;
    }
    let label = number_label(s, prefix_start(s, groups, 0));
    let reader = Reader { s, groups, label };
    let mut gi = 0;
    while gi < groups.len() {
        match reader.read(gi) {
            Some(hit) => {
                out.push(Cand {
                    start: hit.start,
                    end: hit.end,
                    kind: hit.kind,
                });
                resume = resume.max(hit.end);
                gi = hit.last + 1;
            }
            None => gi += 1,
        }
    }
    resume
}

/// Whether the group starting at `gs` is inside brackets: `(0311)`, `(+86)`.
fn opens_paren(s: &[char], gs: usize) -> bool {
    let b = before(s, gs);
    if b == '+' {
        before(s, gs - 1) == '('
    } else {
        b == '('
    }
}

/// Where a match starting at group `gi` starts: a `+` and an opening bracket before the first
/// group belong to it.
fn prefix_start(s: &[char], groups: &[Group], gi: usize) -> usize {
    let Some(g) = groups.get(gi) else {
        return 0;
    };
    let mut p = g.start;
    if gi == 0 {
        if before(s, p) == '+' {
            p -= 1;
        }
        let closed = groups.get(1).is_some_and(|n| n.sep == ')');
        if before(s, p) == '(' && closed {
            p -= 1;
        }
    }
    p
}

/// Whether the character before a match keeps it whole: not glued to Latin letters
/// (`SN-…`, `A1…`), to a decimal point, or to a thousands separator (`1,380` when the
/// group after the comma has three digits).
fn left_ok(s: &[char], start: usize, first_len: usize) -> bool {
    let c = before(s, start);
    let cc = if start >= 2 { at(s, start - 2) } else { '\0' };
    !(c.is_ascii_alphabetic()
        || c == '_'
        || c == '@'
        || (c == '.' && is_digit(cc))
        || (c == ',' && is_digit(cc) && first_len == 3)
        || (is_sep(c) && c != ' ' && cc.is_ascii_alphabetic()))
}

/// Whether the character after a match (at `end`) keeps it whole.
fn right_ok(s: &[char], end: usize) -> bool {
    let c = at(s, end);
    let n = at(s, end + 1);
    if c.is_ascii_alphabetic() || c == '_' || c == '@' {
        return false;
    }
    if c == '.' && is_digit(n) {
        return false;
    }
    if c == ',' {
        // 1,380,013,800: a comma followed by exactly three digits continues the number.
        let three = (1..=3).all(|k| is_digit(at(s, end + k)));
        if three && !is_digit(at(s, end + 4)) {
            return false;
        }
    }
    !(is_sep(c) && c != ' ' && n.is_ascii_alphabetic())
}

/// What the words right before `start` say the number is.
pub(crate) fn number_label(s: &[char], start: usize) -> NumberLabel {
    let mut e = start;
    for _ in 0..4 {
        let c = before(s, e);
        if c != '\0' && LABEL_FILLERS.contains(c) {
            e -= 1;
        } else {
            break;
        }
    }
    let mut hao = false;
    if e >= 2 && word_at(s, e - 2, "号码") {
        e -= 2;
        hao = true;
    } else if matches!(before(s, e), '号' | '码') {
        e -= 1;
        hao = true;
    }
    // ASCII labels (IMEI, Tel) in any case; the table holds them in lower case.
    let lower: Vec<char>;
    let t = if before(s, e).is_ascii_alphabetic() {
        lower = s
            .get(e.saturating_sub(5)..e)
            .unwrap_or(&[])
            .iter()
            .map(char::to_ascii_lowercase)
            .collect();
        lower.as_slice()
    } else {
        s.get(e.saturating_sub(5)..e).unwrap_or(&[])
    };
    match NUMBER_LABEL_WORDS.ends_at(t, t.len()) {
        Some((n, label)) if n > 1 || hao => label,
        _ => NumberLabel::None,
    }
}

/// A number found in a token.
struct Hit {
    start: usize,
    end: usize,
    kind: PiiKind,
    /// The index of the last group it uses.
    last: usize,
}

struct Reader<'a> {
    s: &'a [char],
    groups: &'a [Group],
    label: NumberLabel,
}

/// Up to 24 characters of a candidate number.
struct Digits {
    buf: [u8; 24],
    len: usize,
}

impl Digits {
    fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
    fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }
    fn first(&self) -> u8 {
        self.buf.first().copied().unwrap_or(0)
    }
    fn get(&self, i: usize) -> u8 {
        self.as_bytes().get(i).copied().unwrap_or(0)
    }
}

impl Reader<'_> {
    fn group(&self, gi: usize) -> Option<&Group> {
        self.groups.get(gi)
    }

    /// The label applies to the first group only; a later group stands alone.
    fn label_at(&self, gi: usize) -> NumberLabel {
        if gi == 0 {
            self.label
        } else {
            NumberLabel::None
        }
    }

    /// If groups `gi..` have exactly the lengths in `shape`, the index of the last one. The
    /// last group's `X` counts as a character when `allow_x`.
    fn fits(&self, gi: usize, shape: &[usize], allow_x: bool) -> Option<usize> {
        let last = gi + shape.len().checked_sub(1)?;
        for (k, want) in shape.iter().enumerate() {
            let g = self.group(gi + k)?;
            if k > 0 && g.sep == '\0' {
                return None;
            }
            let is_last = gi + k == last;
            if g.x && !(allow_x && is_last) {
                return None;
            }
            if g.len() + usize::from(g.x) != *want {
                return None;
            }
        }
        Some(last)
    }

    /// The characters of groups `gi..=gj` (with a final `X`).
    fn digits(&self, gi: usize, gj: usize) -> Digits {
        let mut d = Digits {
            buf: [0; 24],
            len: 0,
        };
        for g in self.groups.get(gi..=gj).unwrap_or(&[]) {
            for p in g.start..g.end {
                if let Some(slot) = d.buf.get_mut(d.len) {
                    *slot = at(self.s, p) as u8;
                    d.len += 1;
                }
            }
            if g.x
                && let Some(slot) = d.buf.get_mut(d.len)
            {
                *slot = b'X';
                d.len += 1;
            }
        }
        d
    }

    /// One past the last character of group `gj` (after its `X`).
    fn end_of(&self, gj: usize) -> usize {
        self.group(gj).map_or(0, |g| g.end + usize::from(g.x))
    }

    fn hit(&self, gi: usize, last: usize, end: usize, kind: PiiKind) -> Hit {
        Hit {
            start: prefix_start(self.s, self.groups, gi),
            end,
            kind,
            last,
        }
    }

    /// The number that starts at group `gi`, if any.
    fn read(&self, gi: usize) -> Option<Hit> {
        let label = self.label_at(gi);
        if label == NumberLabel::Other {
            return None;
        }
        let first_len = self.group(gi).map_or(0, Group::len);
        if !left_ok(self.s, prefix_start(self.s, self.groups, gi), first_len) {
            return None;
        }
        if label == NumberLabel::Card
            && let Some(h) = self.card(gi, label)
        {
            return Some(h);
        }
        self.resident_id(gi)
            .or_else(|| self.card(gi, label))
            .or_else(|| self.mobile(gi, label))
            .or_else(|| self.landline(gi))
            .or_else(|| self.legacy_id(gi, label))
            .or_else(|| self.local_landline(gi, label))
    }

    fn resident_id(&self, gi: usize) -> Option<Hit> {
        for shape in ID_SHAPES {
            if let Some(last) = self.fits(gi, shape, true) {
                let end = self.end_of(last);
                let d = self.digits(gi, last);
                if right_ok(self.s, end) && ResidentId::parse_structure(d.as_str()).is_ok() {
                    return Some(self.hit(gi, last, end, PiiKind::ResidentId));
                }
            }
        }
        None
    }

    fn legacy_id(&self, gi: usize, label: NumberLabel) -> Option<Hit> {
        // Fifteen digits with a plausible region and date are too common (tracking numbers,
        // IMEIs) to take without a label saying it is an identity number.
        if label != NumberLabel::Id {
            return None;
        }
        for shape in LEGACY_SHAPES {
            if let Some(last) = self.fits(gi, shape, false) {
                let end = self.end_of(last);
                let d = self.digits(gi, last);
                if right_ok(self.s, end) && ResidentId::from_legacy_15(d.as_str()).is_ok() {
                    return Some(self.hit(gi, last, end, PiiKind::ResidentId));
                }
            }
        }
        None
    }

    fn card(&self, gi: usize, label: NumberLabel) -> Option<Hit> {
        for shape in CARD_SHAPES {
            if let Some(last) = self.fits(gi, shape, false) {
                let end = self.end_of(last);
                let d = self.digits(gi, last);
                // Without a label, only the issuer prefixes of cards used in China: UnionPay
                // 62, Visa 4, Mastercard 5, JCB 35, and the old 9-prefixed domestic cards.
                let issuer = matches!(d.first(), b'3' | b'4' | b'5' | b'6' | b'9');
                if (issuer || label == NumberLabel::Card)
                    && luhn(d.as_bytes())
                    && right_ok(self.s, end)
                {
                    return Some(self.hit(gi, last, end, PiiKind::BankCard));
                }
            }
        }
        None
    }

    fn mobile(&self, gi: usize, label: NumberLabel) -> Option<Hit> {
        let g = self.group(gi)?;
        let d = self.digits(gi, gi);
        let plus = gi == 0 && before(self.s, g.start) == '+';
        // Country code as its own group: +86 138 0013 8000, (+86)13800138000, 0086-1380…
        if matches!(d.as_str(), "86" | "0086")
            && let Some(h) = self.mobile_core(gi + 1)
        {
            return Some(Hit {
                start: prefix_start(self.s, self.groups, gi),
                ..h
            });
        }
        // Country code glued on: +8613800138000, 008613800138000.
        if !g.x {
            let rest = match (g.len(), d.get(0), d.get(1)) {
                (13, b'8', b'6') if plus || label == NumberLabel::Phone => Some(2),
                (15, b'0', b'0') if d.get(2) == b'8' && d.get(3) == b'6' => Some(4),
                _ => None,
            };
            if let Some(skip) = rest
                && is_mobile(d.as_bytes().get(skip..).unwrap_or(&[]))
                && right_ok(self.s, g.end)
            {
                return Some(self.hit(gi, gi, g.end, PiiKind::Mobile));
            }
        }
        self.mobile_core(gi)
    }

    /// An 11-digit mobile number in one of its shapes at group `gi`.
    fn mobile_core(&self, gi: usize) -> Option<Hit> {
        for shape in MOBILE_SHAPES {
            if let Some(last) = self.fits(gi, shape, false) {
                let end = self.end_of(last);
                if is_mobile(self.digits(gi, last).as_bytes()) && right_ok(self.s, end) {
                    return Some(self.hit(gi, last, end, PiiKind::Mobile));
                }
            }
        }
        None
    }

    fn landline(&self, gi: usize) -> Option<Hit> {
        let g = self.group(gi)?;
        let d = self.digits(gi, gi);
        // +86 311 8600 1234: the area code without its leading 0 after the country code.
        if matches!(d.as_str(), "86" | "0086")
            && let Some(area) = self.group(gi + 1)
            && area.sep != '\0'
        {
            let a = self.digits(gi + 1, gi + 1);
            let ok = match (a.len, a.get(0)) {
                (2, b'1') => a.get(1) == b'0',
                (2, b'2') => true,
                (3, b'3'..=b'9') => true,
                _ => false,
            };
            if ok && let Some(h) = self.local(gi + 2, true) {
                return Some(Hit {
                    start: prefix_start(self.s, self.groups, gi),
                    ..h
                });
            }
        }
        // Area code as its own group: 0311-86001234, (0311) 8600 1234.
        if area_code_len(d.as_bytes()) == Some(g.len())
            && let Some(h) = self.local(gi + 1, true)
        {
            return Some(Hit {
                start: prefix_start(self.s, self.groups, gi),
                ..h
            });
        }
        // Area code glued on: 031186001234, 01012345678.
        if !g.x && (10..=12).contains(&g.len()) {
            let area = area_code_len(d.as_bytes())?;
            let local = d.as_bytes().get(area..)?;
            if matches!(local.len(), 7 | 8) && matches!(local.first(), Some(b'2'..=b'9')) {
                return self.with_extension(gi, gi, g.end);
            }
        }
        None
    }

    /// A local number without area code, taken only after a phone label (电话：86001234).
    fn local_landline(&self, gi: usize, label: NumberLabel) -> Option<Hit> {
        if label != NumberLabel::Phone {
            return None;
        }
        self.local(gi, false)
    }

    /// A 7- or 8-digit local number at group `gi` (joined to what precedes when `joined`),
    /// with its extension.
    fn local(&self, gi: usize, joined: bool) -> Option<Hit> {
        let first = self.group(gi)?;
        if joined && first.sep == '\0' {
            return None;
        }
        for shape in LOCAL_SHAPES {
            if let Some(last) = self.fits(gi, shape, false) {
                let d = self.digits(gi, last);
                if !matches!(d.first(), b'2'..=b'9') {
                    continue;
                }
                if let Some(h) = self.with_extension(gi, last, self.end_of(last)) {
                    return Some(h);
                }
            }
        }
        None
    }

    /// A landline from group `gi` whose local number ends at `end` (group `last`), with its
    /// extension when one follows.
    fn with_extension(&self, gi: usize, last: usize, end: usize) -> Option<Hit> {
        if let Some((e, l)) = self.extension(last, end)
            && right_ok(self.s, e)
        {
            return Some(self.hit(gi, l, e, PiiKind::Landline));
        }
        right_ok(self.s, end).then(|| self.hit(gi, last, end, PiiKind::Landline))
    }

    /// The end of an extension after a local number ending at `end` (group `last`), and the
    /// last group it uses: `-801`, `转801`, `分机801`, `ext.801`.
    fn extension(&self, last: usize, end: usize) -> Option<(usize, usize)> {
        if let Some(n) = self.group(last + 1)
            && n.sep == '-'
            && (1..=5).contains(&n.len())
            && !n.x
        {
            return Some((n.end, last + 1));
        }
        let s = self.s;
        let skip = ["转分机", "分机", "转", "ext.", "ext", "EXT.", "EXT", "Ext."]
            .iter()
            .find(|w| word_at(s, end, w))
            .map(|w| w.chars().count())?;
        let from = end + skip + usize::from(at(s, end + skip) == ' ');
        let mut p = from;
        while is_digit(at(s, p)) && p - from < 6 {
            p += 1;
        }
        ((1..=5).contains(&(p - from)) && !is_digit(at(s, p))).then_some((p, last))
    }
}

/// Eleven digits `1[3-9]…`.
fn is_mobile(d: &[u8]) -> bool {
    d.len() == 11 && d.first() == Some(&b'1') && matches!(d.get(1), Some(b'3'..=b'9'))
}

/// The length of the area code that opens `d`: 3 for 010 and 02x, 4 for 03xx-09xx.
fn area_code_len(d: &[u8]) -> Option<usize> {
    match (d.first(), d.get(1), d.get(2)) {
        (Some(b'0'), Some(b'1'), Some(b'0')) => Some(3),
        (Some(b'0'), Some(b'2'), Some(_)) => Some(3),
        (Some(b'0'), Some(b'3'..=b'9'), Some(_)) if d.len() >= 4 => Some(4),
        _ => None,
    }
}

/// The Luhn (mod 10) check over ASCII digits.
pub(crate) fn luhn(d: &[u8]) -> bool {
    if d.is_empty() || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let v = u32::from(c - b'0');
            if !i.is_multiple_of(2) {
                let x = v * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, PiiKind)> {
        let s: Vec<char> = text.chars().map(super::super::chars::fold).collect();
        let mut out = Vec::new();
        find(&s, &mut Vec::new(), &mut out);
        out.iter()
            .map(|c| {
                (
                    text.chars().skip(c.start).take(c.end - c.start).collect(),
                    c.kind,
                )
            })
            .collect()
    }

    fn one(text: &str, value: &str, kind: PiiKind) {
        assert_eq!(found(text), vec![(value.to_owned(), kind)], "{text}");
    }

    fn none(text: &str) {
        assert_eq!(found(text), vec![], "{text}");
    }

    #[test]
    fn luhn_check() {
        assert!(luhn(b"4111111111111111"));
        assert!(!luhn(b"4111111111111112"));
        assert!(luhn(b"6228480402564890018"));
        assert!(!luhn(b""));
    }

    #[test]
    fn area_codes() {
        assert_eq!(area_code_len(b"010"), Some(3));
        assert_eq!(area_code_len(b"021"), Some(3));
        assert_eq!(area_code_len(b"0311"), Some(4));
        assert_eq!(area_code_len(b"012"), None);
        assert_eq!(area_code_len(b"031"), None);
        assert_eq!(area_code_len(b"311"), None);
    }

    #[test]
    fn mobiles_in_their_forms() {
        use PiiKind::Mobile;
        one("电话13800138000。", "13800138000", Mobile);
        one("电话138 0013 8000。", "138 0013 8000", Mobile);
        one("电话138-0013-8000", "138-0013-8000", Mobile);
        one("电话+86 138 0013 8000", "+86 138 0013 8000", Mobile);
        one("电话(+86)13800138000", "(+86)13800138000", Mobile);
        one("电话+8613800138000", "+8613800138000", Mobile);
        one("电话008613800138000", "008613800138000", Mobile);
        one("电话0086-13800138000", "0086-13800138000", Mobile);
        one(
            "手机号：１３８００１３８０００",
            "１３８００１３８０００",
            Mobile,
        );
        one("call 13800138000!", "13800138000", Mobile);
    }

    #[test]
    fn landlines_in_their_forms() {
        use PiiKind::Landline;
        one("座机0311-86001234，", "0311-86001234", Landline);
        one("座机031186001234，", "031186001234", Landline);
        one("座机(0311)86001234，", "(0311)86001234", Landline);
        one("座机（0311）8600-1234，", "（0311）8600-1234", Landline);
        one("座机0311 8600 1234，", "0311 8600 1234", Landline);
        one("座机010-62345678转801，", "010-62345678转801", Landline);
        one("座机0311-86001234-801，", "0311-86001234-801", Landline);
        one("座机+86 311 8600 1234", "+86 311 8600 1234", Landline);
        one("电话：86001234", "86001234", Landline);
        one("办公电话8600123，", "8600123", Landline);
    }

    #[test]
    fn identity_numbers() {
        use PiiKind::ResidentId;
        one(
            "身份证号11010519491231002X，",
            "11010519491231002X",
            ResidentId,
        );
        one(
            "身份证号11010519491231002x。",
            "11010519491231002x",
            ResidentId,
        );
        one("130102199001011237", "130102199001011237", ResidentId);
        one(
            "证件：130102 19900101 1237",
            "130102 19900101 1237",
            ResidentId,
        );
        one("身份证130102900101123", "130102900101123", ResidentId);
        // A wrong check character is not an identity number (and not a card either).
        none("130102199001011238");
        // Legacy 15 digits need the label.
        none("单据130102900101123");
    }

    #[test]
    fn bank_cards() {
        use PiiKind::BankCard;
        one("卡号6228480402564890018，", "6228480402564890018", BankCard);
        one(
            "卡号6228 4804 0256 4890 018",
            "6228 4804 0256 4890 018",
            BankCard,
        );
        one("4111111111111111", "4111111111111111", BankCard);
        // Luhn-valid but an order number by its label, or by its first digit.
        none("订单号6228480402564890018");
        none("2000000000000006");
        one("银行卡2000000000000006", "2000000000000006", BankCard);
    }

    #[test]
    fn digits_inside_longer_runs_are_not_half_matched() {
        none("订单2025010113800138000");
        none("1380013800012");
        none("913800138000");
        none("SF13800138000");
        none("KFR-13800138000");
        none("13800138000.50元");
        none("1.13800138000");
        none("13800138000abc");
        none("x13800138000");
        none("1,380,013,800");
    }

    #[test]
    fn numbers_that_are_not_personal() {
        none("拨打12315投诉");
        none("价格13800元");
        none("日期20250101");
        none("2025-01-01");
        none("快递单号773012345678901");
        none("IMEI:861234567890123");
        none("订单号：13800138000");
        none("400-800-1234");
        none("95588");
        none("型号ABC12345678901");
        none("共计3 000 000元");
    }

    #[test]
    fn two_numbers_in_one_token() {
        assert_eq!(
            found("电话13800138000 13900139000"),
            vec![
                ("13800138000".to_owned(), PiiKind::Mobile),
                ("13900139000".to_owned(), PiiKind::Mobile)
            ]
        );
        assert_eq!(
            found("13800138000,0311-86001234"),
            vec![
                ("13800138000".to_owned(), PiiKind::Mobile),
                ("0311-86001234".to_owned(), PiiKind::Landline)
            ]
        );
    }

    #[test]
    fn labels() {
        let l = |t: &str| {
            let s: Vec<char> = t.chars().collect();
            number_label(&s, s.len())
        };
        assert_eq!(l("手机号："), NumberLabel::Phone);
        assert_eq!(l("我的电话是"), NumberLabel::Phone);
        assert_eq!(l("快递员电话"), NumberLabel::Phone);
        assert_eq!(l("订单号"), NumberLabel::Other);
        assert_eq!(l("快递单号 "), NumberLabel::Other);
        assert_eq!(l("卡号"), NumberLabel::Card);
        assert_eq!(l("同学"), NumberLabel::None);
        assert_eq!(l("身份证号码："), NumberLabel::Id);
        assert_eq!(l("IMEI:"), NumberLabel::Other);
        assert_eq!(l(""), NumberLabel::None);
    }
}
