//! Street addresses, in the forms complaints write them: administrative divisions, a street
//! and a house number, then building, unit and room (`石家庄市长安区中山东路12号3单元502室`,
//! `阳光小区5号楼2单元301`, `家住裕华区槐安路`).
//!
//! Chinese has no spaces, so where a place name starts is the hard part. The detector anchors
//! on what is unambiguous, a number with a unit (`12号`, `3单元`, `502室`), extends right over
//! further numbered parts, and extends left over named parts, each a run of place-name
//! characters closed by a suffix (路, 区, 小区 …). The leftmost start from which the named
//! parts parse exactly up to the number wins; the run stops at particles and verbs that
//! introduce a place (住, 在, 址, 到 …). After a residence word (家住, 住址 …) named parts alone
//! are enough. A lone number with a unit (`3号线`, `5月3号`, `10楼`) is not an address.

use super::chars::{
    ADDRESS_STOP_F, SUFFIX_END, SUFFIXES, TRIGGER_END, TRIGGERS, UNIT_START, UNITS, at, before,
    has, is_alnum, is_digit, is_han, is_numeral, word_at,
};
use super::lexicon::{HAO_NOT_ADDRESS, HAO_NOT_ADDRESS_BEFORE, JIA_PLACE_FOLLOWERS, Level};
use super::{Cand, PiiKind};

/// The longest place name before a suffix (石家庄高新技术产业开发区 has 11 characters).
const MAX_NAME: usize = 14;
/// How far left of a house number the named parts may reach.
const WINDOW: usize = 40;
/// How far right of a residence word the named parts may reach.
const TRIGGER_REACH: usize = 60;

/// A named part of an address.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Named {
    end: usize,
    level: Level,
}

/// Numbered parts found to the right of an anchor.
#[derive(Debug, Default, Clone, Copy)]
struct Numbers {
    count: usize,
    strong: usize,
}

/// A character that can be part of a place name.
fn place_char(s: &[char], i: usize) -> bool {
    let c = at(s, i);
    if c == '家' {
        return JIA_PLACE_FOLLOWERS.contains(at(s, i + 1));
    }
    if is_han(c) {
        return !has(c, ADDRESS_STOP_F);
    }
    c.is_ascii_digit() || c.is_ascii_uppercase()
}

/// The longest suffix whose last character is at `j`.
fn suffix_ending_at(s: &[char], j: usize) -> Option<(usize, Level)> {
    if !has(at(s, j), SUFFIX_END) {
        return None;
    }
    SUFFIXES.ends_at(s, j + 1)
}

/// Parses named parts from `from` for as long as they come, not past `limit`, appending them
/// to `out`; returns where the last one ends (`from` when none).
fn named_chain(s: &[char], from: usize, limit: usize, out: &mut Vec<Named>) -> usize {
    let mut pos = from;
    'parts: loop {
        let mut q = pos;
        while q < limit && q - pos <= MAX_NAME + 3 && place_char(s, q) {
            if let Some((len, level)) = suffix_ending_at(s, q) {
                let end = q + 1;
                if end > pos + len {
                    out.push(Named { end, level });
                    pos = end;
                    continue 'parts;
                }
                // A suffix right after a part extends it: 南三环 + 路, 藁城 + 区.
                if let Some(prev) = out.last_mut()
                    && prev.end == pos
                    && end - len <= pos
                {
                    prev.end = end;
                    prev.level = level;
                    pos = end;
                    continue 'parts;
                }
            }
            q += 1;
        }
        return pos;
    }
}

/// The unit at `u` (`号楼`, `单元`, `室` …): its length and whether it is strong.
fn unit_at(s: &[char], u: usize) -> Option<(usize, bool)> {
    if !has(at(s, u), UNIT_START) {
        return None;
    }
    UNITS.at(s, u)
}

/// Units a single letter may number (A座, B栋).
fn letter_unit(s: &[char], u: usize) -> bool {
    ["座", "栋", "幢", "单元", "号楼"]
        .iter()
        .any(|w| word_at(s, u, w))
}

/// Where the number that ends at unit `u` starts: up to five digits, up to four Chinese
/// numerals, or one capital letter.
fn number_before(s: &[char], u: usize) -> Option<usize> {
    let c = before(s, u);
    if is_digit(c) {
        let mut p = u;
        while is_digit(before(s, p)) {
            p -= 1;
            if u - p > 5 {
                return None;
            }
        }
        return Some(p);
    }
    if is_numeral(c) {
        let mut p = u;
        while is_numeral(before(s, p)) && u - p < 4 {
            p -= 1;
        }
        return (!is_numeral(before(s, p))).then_some(p);
    }
    (c.is_ascii_uppercase() && !is_alnum(before(s, u - 1)) && letter_unit(s, u)).then(|| u - 1)
}

/// A numbered part (`12号`, `三单元`, `B座`) from its number start `ns` to the unit at `u`,
/// unless it reads as something else (`5月3号`, `第2层`, `3号线`, `1号店`).
fn numbered(s: &[char], ns: usize, u: usize) -> Option<(usize, bool)> {
    let (len, strong) = unit_at(s, u)?;
    let b = before(s, ns);
    if b == '第' {
        return None;
    }
    if len == 1
        && at(s, u) == '号'
        && (HAO_NOT_ADDRESS_BEFORE.contains(b) || HAO_NOT_ADDRESS.contains(at(s, u + 1)))
    {
        return None;
    }
    Some((u + len, strong))
}

/// The numbered part that starts at `p`, if one does: its end and strength.
fn numbered_at(s: &[char], p: usize) -> Option<(usize, bool)> {
    let c = at(s, p);
    let mut q = p;
    if is_digit(c) {
        while is_digit(at(s, q)) {
            q += 1;
            if q - p > 5 {
                return None;
            }
        }
    } else if is_numeral(c) {
        while is_numeral(at(s, q)) && q - p < 4 {
            q += 1;
        }
    } else if c.is_ascii_uppercase() && letter_unit(s, p + 1) {
        q = p + 1;
    } else {
        return None;
    }
    numbered(s, p, q)
}

/// Extends an address right from `pos` over numbered parts, `-501` rooms, a bare room number
/// after a unit (`2单元501`) and a named estate followed by a number (`万达广场5号楼`).
fn extend_right(
    s: &[char],
    mut pos: usize,
    mut after_unit: bool,
    nums: &mut Numbers,
    named: &mut Vec<Named>,
) -> usize {
    loop {
        if let Some((end, strong)) = numbered_at(s, pos) {
            nums.count += 1;
            nums.strong += usize::from(strong);
            pos = end;
            after_unit = true;
            continue;
        }
        let c = at(s, pos);
        if after_unit && (c == '-' || is_digit(c)) {
            let from = pos + usize::from(c == '-');
            let mut q = from;
            while is_digit(at(s, q)) && q - from <= 5 {
                q += 1;
            }
            let n = q - from;
            let bare_ok = c == '-' || (3..=4).contains(&n);
            if (1..=5).contains(&n) && bare_ok && !is_alnum(at(s, q)) && at(s, q) != '.' {
                nums.count += 1;
                pos = q;
                after_unit = c == '-';
                if c != '-' {
                    return pos;
                }
                continue;
            }
        }
        // A named estate or building after the house number, if a number follows it.
        let mark = named.len();
        let end = named_chain(s, pos, pos + MAX_NAME + 3, named);
        let estate = named
            .get(mark..)
            .is_some_and(|n| n.len() == 1 && n.iter().all(|x| x.level == Level::Estate));
        if end > pos && estate && numbered_at(s, end).is_some() {
            pos = end;
            continue;
        }
        named.truncate(mark);
        return pos;
    }
}

/// Whether a residence word (家住, 住址 …) ends right before `p`, fillers skipped.
fn trigger_before(s: &[char], p: usize) -> bool {
    let mut e = p;
    for _ in 0..2 {
        if matches!(before(s, e), ':' | '：' | ' ' | '是' | '为' | '在' | '于') {
            e -= 1;
        }
    }
    TRIGGERS.ends_at(s, e).is_some()
}

/// The address scanner's state across one text: where the last address ended.
#[derive(Debug, Default)]
pub(crate) struct Scanner {
    covered: usize,
}

impl Scanner {
    /// Looks at position `i`, whose flags are `f`: a residence word may end there, or a unit
    /// start there.
    pub(crate) fn at(
        &mut self,
        s: &[char],
        i: usize,
        f: u16,
        named: &mut Vec<Named>,
        out: &mut Vec<Cand>,
    ) {
        if f & TRIGGER_END != 0
            && i + 1 >= self.covered
            && let Some(end) = after_trigger(s, i + 1, named, out)
        {
            self.covered = self.covered.max(end);
        }
        if f & SUFFIX_END != 0
            && i + 1 >= self.covered
            && let Some(end) = estate_dashed(s, i, named, out)
        {
            self.covered = end;
            return;
        }
        if f & UNIT_START == 0 || i < self.covered {
            return;
        }
        let Some(ns) = number_before(s, i) else {
            return;
        };
        if ns < self.covered {
            return;
        }
        let Some((core_end, strong)) = numbered(s, ns, i) else {
            return;
        };
        let mut nums = Numbers {
            count: 1,
            strong: usize::from(strong),
        };
        let left = extend_left(s, ns, named);
        let end = extend_right(s, core_end, true, &mut nums, named);
        let low = named.iter().any(|n| n.level >= Level::Township);
        let county = named.iter().any(|n| n.level == Level::County);
        let valid = low
            || (county && nums.strong >= 1)
            || (nums.count >= 2 && nums.strong >= 1)
            || trigger_before(s, left);
        if valid {
            out.push(Cand {
                start: left,
                end,
                kind: PiiKind::Address,
            });
            self.covered = end;
        }
    }
}

/// `阳光小区3-2-501`, `育才街12-3-501`: a named estate or street whose last character is at
/// `j`, then house or building, unit and room joined by dashes. Appends the address and
/// returns its end.
fn estate_dashed(
    s: &[char],
    j: usize,
    named: &mut Vec<Named>,
    out: &mut Vec<Cand>,
) -> Option<usize> {
    if !is_digit(at(s, j + 1)) || !dashed_level(suffix_ending_at(s, j)?.1) {
        return None;
    }
    // Building-unit-room (3-2-501) or building-room (5-502): dash-joined numbers of at most
    // five digits, then neither digit nor letter; not a date (2025-01-01).
    let mut p = j + 1;
    let mut lens = [0usize; 3];
    let mut parts = 0;
    loop {
        let from = p;
        while is_digit(at(s, p)) && p - from <= 5 {
            p += 1;
        }
        if p == from || p - from > 5 {
            return None;
        }
        if let Some(l) = lens.get_mut(parts) {
            *l = p - from;
        }
        parts += 1;
        if at(s, p) == '-' && is_digit(at(s, p + 1)) && parts < 3 {
            p += 1;
        } else {
            break;
        }
    }
    let shaped = match parts {
        3 => lens != [4, 2, 2] && lens != [4, 1, 1] && lens != [4, 1, 2] && lens != [4, 2, 1],
        2 => lens.get(1).is_some_and(|l| *l >= 3),
        _ => false,
    };
    if !shaped || is_alnum(at(s, p)) || at(s, p) == '.' {
        return None;
    }
    let left = extend_left(s, j + 1, named);
    if left > j || named.last().is_none_or(|n| !dashed_level(n.level)) {
        return None;
    }
    out.push(Cand {
        start: left,
        end: p,
        kind: PiiKind::Address,
    });
    Some(p)
}

/// Whether dash-joined numbers after a part of this level are a house number: after an estate
/// (building-unit-room) or a street (house-unit-room).
fn dashed_level(level: Level) -> bool {
    matches!(level, Level::Estate | Level::Street)
}

/// The leftmost start from which named parts parse exactly up to `ns`.
fn extend_left(s: &[char], ns: usize, named: &mut Vec<Named>) -> usize {
    if !has(before(s, ns), SUFFIX_END) {
        return ns;
    }
    let mut w = ns;
    while w > 0 && ns - w < WINDOW && place_char(s, w - 1) {
        w -= 1;
    }
    for st in w..ns {
        named.clear();
        if named_chain(s, st, ns, named) == ns && !named.is_empty() {
            return st;
        }
    }
    named.clear();
    ns
}

/// The address right after the residence word ending at `t`, if any; returns its end.
fn after_trigger(
    s: &[char],
    t: usize,
    named: &mut Vec<Named>,
    out: &mut Vec<Cand>,
) -> Option<usize> {
    TRIGGERS.ends_at(s, t)?;
    let mut p = t;
    for _ in 0..2 {
        if matches!(at(s, p), ':' | '：' | ' ' | '是' | '为' | '在' | '于') {
            p += 1;
        }
    }
    named.clear();
    let chain_end = named_chain(s, p, p + TRIGGER_REACH, named);
    let mut nums = Numbers::default();
    let end = if chain_end > p {
        extend_right(s, chain_end, false, &mut nums, named)
    } else {
        // 住址：5号楼2单元301 — numbers straight after the word.
        let e = extend_right(s, p, false, &mut nums, named);
        if nums.count == 0 { p } else { e }
    };
    // A floor alone (住在3楼) is not an address; a house, building, unit or room number is.
    let low = named.iter().any(|n| n.level >= Level::County);
    if end > p && (low || nums.strong >= 1) {
        out.push(Cand {
            start: p,
            end,
            kind: PiiKind::Address,
        });
        return Some(end);
    }
    None
}

/// How many leading characters of an address are administrative divisions down to the
/// county (`石家庄市长安区` of `石家庄市长安区中山东路12号`), for partial masking.
pub(crate) fn admin_prefix_len(span: &[char]) -> usize {
    let mut named = Vec::new();
    named_chain(span, 0, span.len(), &mut named);
    named
        .iter()
        .take_while(|n| n.level <= Level::County)
        .last()
        .map_or(0, |n| n.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let s: Vec<char> = text.chars().map(super::super::chars::fold).collect();
        let mut out = Vec::new();
        let mut scanner = Scanner::default();
        let mut named = Vec::new();
        for (i, c) in s.iter().enumerate() {
            let f = super::super::chars::flags(*c);
            scanner.at(&s, i, f, &mut named, &mut out);
        }
        out.iter()
            .map(|c| text.chars().skip(c.start).take(c.end - c.start).collect())
            .collect()
    }

    #[test]
    fn addresses_in_their_forms() {
        assert_eq!(
            found("家住石家庄市长安区中山东路12号3单元502室，"),
            ["石家庄市长安区中山东路12号3单元502室"]
        );
        assert_eq!(found("住址：桥西区北二环188号"), ["桥西区北二环188号"]);
        assert_eq!(found("我在裕华路88号的店里买的"), ["裕华路88号"]);
        assert_eq!(found("阳光小区5号楼2单元301，"), ["阳光小区5号楼2单元301"]);
        assert_eq!(
            found("送到藁城区廉州镇东街村5组12号"),
            ["藁城区廉州镇东街村5组12号"]
        );
        assert_eq!(
            found("河北省石家庄市新华区和平路3号院2栋1单元"),
            ["河北省石家庄市新华区和平路3号院2栋1单元"]
        );
        assert_eq!(found("家住长安区。"), ["长安区"]);
        assert_eq!(found("住在正定县新城铺镇。"), ["正定县新城铺镇"]);
        assert_eq!(found("万达广场B座1201室"), ["万达广场B座1201室"]);
        assert_eq!(found("中山西路南三环路108号"), ["中山西路南三环路108号"]);
        assert_eq!(
            found("地址是石家庄市裕华区槐安东路88号万达广场5号楼"),
            ["石家庄市裕华区槐安东路88号万达广场5号楼"]
        );
        assert_eq!(found("3号楼2单元501室"), ["3号楼2单元501室"]);
        assert_eq!(found("送到育才街12-3-501，"), ["育才街12-3-501"]);
        assert_eq!(
            found("石家庄市长安区育才街12-501。"),
            ["石家庄市长安区育才街12-501"]
        );
        assert_eq!(found("住址：5号楼2单元301"), ["5号楼2单元301"]);
        assert_eq!(
            found("张家口市桥东区胜利北路一号"),
            ["张家口市桥东区胜利北路一号"]
        );
    }

    #[test]
    fn not_addresses() {
        for t in [
            "坐地铁3号线到店",
            "2025年5月3号购买",
            "第2号",
            "在1号店买的",
            "二楼客服",
            "到10楼找经理",
            "三室两厅的房子",
            "3号楼",
            "在石家庄市长安区鑫源12商行购买了",
            "唐山市路北区瑞丰3商行",
            "石家庄市市场监督管理局",
            "家住石家庄。",
            "5号电池",
            "床上四件套",
            "他住在3楼",
            "万达广场2025-01-01开业",
            "阳光小区3-2",
            "中山路2025-01-01",
            "育才街3-2",
        ] {
            assert_eq!(found(t), Vec::<String>::new(), "{t}");
        }
    }

    #[test]
    fn admin_prefix() {
        let s: Vec<char> = "石家庄市长安区中山东路12号".chars().collect();
        assert_eq!(admin_prefix_len(&s), 7);
        let s: Vec<char> = "中山东路12号".chars().collect();
        assert_eq!(admin_prefix_len(&s), 0);
    }
}
