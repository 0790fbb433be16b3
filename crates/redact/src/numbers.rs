//! Numbers: mobile and landline phone numbers, resident identity numbers (18 characters and the
//! legacy 15 digits) and bank card numbers.
//!
//! One pass groups each maximal run of digits, and the runs joined to it by a short run of
//! separators (see [`is_sep`]: spaces of every width, tabs, zero-width characters, soft hyphens,
//! dashes, minus signs, `.`, `_`, `·`, `/`; at most three of them and one line break), or by
//! the `)` after a bracketed area code, into a token. Single digits each set apart by a space
//! or an invisible separator (`1 3 8 0 0 …`) count as one group. A token is then read group by
//! group against the shapes people write (`138 0013 8000`, `0311-86001234-801`,
//! `130102 19900101 1237`, `6228 4800 1234 5678 901`), checksummed kinds first. A group is
//! never split, so digits inside a longer run (an order number) are never half-matched, and a
//! token glued to Latin letters (`SF1234…`, `KFR-35GW`) or to a decimal point is left alone.

use weiquan_complaint::ResidentId;

use super::chars::{NUMBER_LABEL_WORDS, at, before, is_alnum, is_digit, word_at};
use super::lexicon::{AMOUNT_UNITS, CURRENCY_BEFORE, LABEL_FILLERS, NumberLabel};
use super::{Cand, PiiKind};

/// One run of digits (or of single digits each set apart by a separator).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Group {
    start: usize,
    /// One past the last digit.
    end: usize,
    /// How many digits (fewer than `end - start` when they are set apart).
    n: usize,
    /// Where its `X` check character is, when it is followed by one (right after the last
    /// digit, or after one separator).
    x_at: Option<usize>,
    /// The separator joining it to the previous group (`'\0'` for the first, `'\n'` when the
    /// join crosses a line break, the first separator character otherwise).
    sep: char,
    /// Made of single digits each set apart.
    spaced: bool,
}

impl Group {
    fn len(&self) -> usize {
        self.n
    }
    fn x(&self) -> bool {
        self.x_at.is_some()
    }
}

/// The shapes of an 18-character identity number, by group length.
const ID_SHAPES: &[&[usize]] = &[
    &[18],
    &[6, 8, 4],
    &[14, 4],
    &[10, 4, 4],
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

/// The longest run of separators (line break aside) that joins two digit groups (`--`, ` - `).
const MAX_SEP_RUN: usize = 3;

/// A separator allowed between two digit groups: every space (tab, thin, figure, no-break and
/// ideographic spaces, the latter two folded to ` ` already), the zero-width characters (space,
/// non-joiner, joiner, word joiner, byte-order mark), the soft hyphen, dashes and hyphens, the
/// minus sign, `.`, `_`, `/`, and the middle dots. The same class is used by every
/// digit-shaped kind, so a form that hides a mobile hides an identity or card number too.
pub(crate) fn is_sep(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '-'
            | '.'
            | '_'
            | '/'
            | '\u{B7}'
            | '\u{AD}'
            | '\u{2000}'..='\u{200D}'
            | '\u{2010}'..='\u{2015}'
            | '\u{2027}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{2060}'
            | '\u{2212}'
            | '\u{2219}'
            | '\u{22C5}'
            | '\u{30FB}'
            | '\u{FE58}'
            | '\u{FE63}'
            | '\u{FEFF}'
            | '\u{FF65}'
    )
}

/// A separator that glues a number to letters before or after it (`KFR-35…`, `SN.1380…`):
/// visible punctuation, not spaces.
fn is_glue(c: char) -> bool {
    is_sep(c) && !is_space_like(c)
}

/// Spaces and invisible separators.
fn is_space_like(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{AD}' | '\u{2000}'
            ..='\u{200D}' | '\u{202F}' | '\u{205F}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// The separators after `p` that join it to a following digit: where the digit is, the
/// joining character (`'\n'` across a line break) and how many separators there were.
fn sep_run(s: &[char], p: usize) -> Option<(usize, char, usize)> {
    let mut q = p;
    let mut run = 0;
    let mut line_break = false;
    let first = at(s, p);
    loop {
        let c = at(s, q);
        if is_digit(c) {
            break;
        }
        if c == '\n' && !line_break {
            line_break = true;
        } else if c == '\r' && at(s, q + 1) == '\n' && !line_break {
        } else if is_sep(c) && run < MAX_SEP_RUN {
            run += 1;
        } else {
            return None;
        }
        q += 1;
    }
    if q == p {
        return None;
    }
    Some((q, if line_break { '\n' } else { first }, run))
}

/// An `X` check character at `p`, or after one space-like separator when it would be the 18th
/// character of an identity number, not glued to more letters.
fn x_after(s: &[char], p: usize, seventeen: bool) -> Option<usize> {
    let q = if seventeen && is_space_like(at(s, p)) && at(s, p) != '\t' {
        p + 1
    } else {
        p
    };
    (matches!(at(s, q), 'X' | 'x') && !is_alnum(at(s, q + 1))).then_some(q)
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
    // How many separators joined the group being read to the previous one.
    let mut run = 0;
    loop {
        let gs = p;
        while is_digit(at(s, p)) {
            p += 1;
        }
        let ge = p;
        let so_far: usize = groups.iter().map(Group::len).sum::<usize>() + (ge - gs);
        let x_at = x_after(s, ge, so_far == 17);
        // Single digits each set apart by one space or invisible separator (1 3 8 0 …) make
        // one group; not by dots (a version number 1.3.8.0 …).
        let single = ge - gs == 1 && run == 1 && is_space_like(sep);
        match groups.last_mut() {
            Some(prev) if single && prev.x_at.is_none() && (prev.spaced || prev.n == 1) => {
                prev.end = ge;
                prev.n += 1;
                prev.spaced = true;
                prev.x_at = x_at;
            }
            _ => groups.push(Group {
                start: gs,
                end: ge,
                n: ge - gs,
                x_at,
                sep,
                spaced: false,
            }),
        }
        if let Some(x) = x_at {
            p = x + 1;
            break;
        }
        if let Some((next, joined, n)) = sep_run(s, ge) {
            sep = joined;
            run = n;
            p = next;
            continue;
        }
        if at(s, ge) == ')' && opens_paren(s, gs) {
            let mut q = ge + 1;
            if is_sep(at(s, q)) {
                q += 1;
            }
            if is_digit(at(s, q)) {
                sep = ')';
                run = 0;
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
        || CURRENCY_BEFORE.contains(c)
        || (c == '.' && is_digit(cc))
        || (c == ',' && is_digit(cc) && first_len == 3)
        || (is_glue(c) && cc.is_ascii_alphabetic()))
}

/// Whether the character after a match (at `end`) keeps it whole.
fn right_ok(s: &[char], end: usize) -> bool {
    let c = at(s, end);
    let n = at(s, end + 1);
    if c.is_ascii_alphabetic() || c == '_' || c == '@' {
        return false;
    }
    // An amount: 13800138000元, 13800138000 元.
    let unit = if c == ' ' { n } else { c };
    if AMOUNT_UNITS.contains(unit) {
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
    !(is_glue(c) && n.is_ascii_alphabetic())
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

/// Whether groups may be joined across a line break for a kind: only a mobile is (a number
/// wrapped by a narrow column or a chat window); a card or identity number over two lines is
/// too easily two numbers of a list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Breaks {
    Refused,
    Allowed,
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
        self.fits_across(gi, shape, allow_x, Breaks::Refused)
    }

    /// [`Reader::fits`], with joins across a line break allowed or not.
    fn fits_across(
        &self,
        gi: usize,
        shape: &[usize],
        allow_x: bool,
        breaks: Breaks,
    ) -> Option<usize> {
        let last = gi + shape.len().checked_sub(1)?;
        for (k, want) in shape.iter().enumerate() {
            let g = self.group(gi + k)?;
            if k > 0 && g.sep == '\0' {
                return None;
            }
            let is_last = gi + k == last;
            if g.x() && !(allow_x && is_last) {
                return None;
            }
            // Only a mobile is read across a line break (a number wrapped by a narrow column).
            if k > 0 && g.sep == '\n' && breaks == Breaks::Refused {
                return None;
            }
            if g.len() + usize::from(g.x()) != *want {
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
                let c = at(self.s, p);
                if is_digit(c)
                    && let Some(slot) = d.buf.get_mut(d.len)
                {
                    *slot = c as u8;
                    d.len += 1;
                }
            }
            if g.x()
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
        self.group(gj)
            .map_or(0, |g| g.x_at.map_or(g.end, |x| x + 1))
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
        // After an identity label a typo does not make the number less personal: the shape
        // is enough.
        let labelled = self.label_at(gi) == NumberLabel::Id;
        for shape in ID_SHAPES {
            if let Some(last) = self.fits(gi, shape, true) {
                let end = self.end_of(last);
                let d = self.digits(gi, last);
                let valid = labelled || ResidentId::parse_structure(d.as_str()).is_ok();
                if right_ok(self.s, end) && valid {
                    return Some(self.hit(gi, last, end, PiiKind::ResidentId));
                }
            }
        }
        None
    }

    fn legacy_id(&self, gi: usize, label: NumberLabel) -> Option<Hit> {
        // Fifteen digits with a plausible region and date are too common (tracking numbers,
        // IMEIs) to take without a label saying it is an identity number; after the label the
        // shape is enough (a typo does not make it less personal).
        if label != NumberLabel::Id {
            return None;
        }
        for shape in LEGACY_SHAPES {
            if let Some(last) = self.fits(gi, shape, false) {
                let end = self.end_of(last);
                let d = self.digits(gi, last);
                if right_ok(self.s, end) && d.len == 15 {
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
                // After a card label the shape is enough: a mistyped digit fails Luhn but is
                // still someone's card.
                let valid = label == NumberLabel::Card || (issuer && luhn(d.as_bytes()));
                if valid && right_ok(self.s, end) {
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
        if !g.x() {
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

    /// An 11-digit mobile number in one of its shapes at group `gi`, or split anywhere by a
    /// line break.
    fn mobile_core(&self, gi: usize) -> Option<Hit> {
        if let (Some(a), Some(b)) = (self.group(gi), self.group(gi + 1))
            && b.sep == '\n'
            && a.len() + b.len() == 11
            && !a.x()
            && !b.x()
        {
            let end = self.end_of(gi + 1);
            if is_mobile(self.digits(gi, gi + 1).as_bytes()) && right_ok(self.s, end) {
                return Some(self.hit(gi, gi + 1, end, PiiKind::Mobile));
            }
        }
        for shape in MOBILE_SHAPES {
            if let Some(last) = self.fits_across(gi, shape, false, Breaks::Allowed) {
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
        if !g.x() && !g.spaced && (10..=12).contains(&g.len()) {
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
            && !n.x()
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
    fn every_separator_of_the_class_joins_digits() {
        use PiiKind::{BankCard, Mobile, ResidentId};
        for sep in [
            "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\t", "\u{2009}",
            "\u{202F}", "\u{A0}", "\u{3000}", "\u{AD}", "\u{2212}", ".", "_", "·", "/", "--",
            " - ", "\u{2013}", "．", "／",
        ] {
            let m = format!("138{sep}0013{sep}8000");
            one(&format!("电话{m}。"), &m, Mobile);
            let id = format!("130102{sep}19900101{sep}1237");
            one(&format!("证件：{id}。"), &id, ResidentId);
            let card = format!("6228{sep}4804{sep}0256{sep}4890{sep}018");
            one(&format!("卡号{card}，"), &card, BankCard);
        }
        one(
            "电话1 3 8 0 0 1 3 8 0 0 0。",
            "1 3 8 0 0 1 3 8 0 0 0",
            Mobile,
        );
        one("电话138 0 0 1 3 8 0 0 0。", "138 0 0 1 3 8 0 0 0", Mobile);
        one(
            "身份证1 3 0 1 0 2 1 9 9 0 0 1 0 1 1 2 3 7，",
            "1 3 0 1 0 2 1 9 9 0 0 1 0 1 1 2 3 7",
            ResidentId,
        );
        one(
            "身份证号11010519491231002 X，",
            "11010519491231002 X",
            ResidentId,
        );
        // A separator does not glue a number to letters.
        none("KFR·13800138000");
        none("A/13800138000");
        none("SN.13800138000");
    }

    #[test]
    fn identity_groupings() {
        use PiiKind::ResidentId;
        one("130102 19900101 1237", "130102 19900101 1237", ResidentId);
        one("13010219900101 1237", "13010219900101 1237", ResidentId);
        one("1301021990 0101 1237", "1301021990 0101 1237", ResidentId);
    }

    #[test]
    fn labelled_numbers_with_a_wrong_check() {
        use PiiKind::{BankCard, ResidentId};
        one(
            "身份证号130102199001011238。",
            "130102199001011238",
            ResidentId,
        );
        one(
            "身份证号：130102 19900101 1238",
            "130102 19900101 1238",
            ResidentId,
        );
        one("身份证130102900101124", "130102900101124", ResidentId);
        one("卡号6228480402564890019，", "6228480402564890019", BankCard);
        one(
            "银行卡：6228 4804 0256 4890 019",
            "6228 4804 0256 4890 019",
            BankCard,
        );
        // Without the label a wrong check is not an identity or card number.
        none("130102199001011238");
        none("6228480402564890019");
    }

    #[test]
    fn a_mobile_split_over_a_line_break() {
        use PiiKind::Mobile;
        one("电话13800\n138000", "13800\n138000", Mobile);
        one("电话1380013\r\n8000", "1380013\r\n8000", Mobile);
        one("电话138 0013\n8000", "138 0013\n8000", Mobile);
        assert_eq!(
            found("13800138000\n13900139000"),
            vec![
                ("13800138000".to_owned(), Mobile),
                ("13900139000".to_owned(), Mobile)
            ]
        );
        // Two short numbers on two lines stay apart.
        none("共1380\n13800元");
    }

    #[test]
    fn amounts_dates_and_statutes_are_not_numbers() {
        none("共计13800138000元");
        none("金额13800138000 元");
        none("￥13800138000");
        none("¥6228480402564890018");
        none("2025.01.01");
        none("2025/01/01 10:30");
        none("2025-01-01");
        none("1.5.3.7.9.1.1");
        none("第五十五条");
        none("订单号：1380·0138·000");
        none("价格：1 3 8 0 0 元");
        none("192.168.100.200");
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
