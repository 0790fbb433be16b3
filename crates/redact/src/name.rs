//! Personal names, in the three forms complaints use:
//!
//! - after a label: `姓名：王伟`, `我叫李桂英`, `投诉人：张伟`, `联系人：王经理`, `本人王伟`;
//! - before a title: `张先生`, `客服刘伟女士`, `王老师`;
//! - anonymised with 某: `王某`, `张某某`.
//!
//! A name is a surname from the lexicon (single or compound) and up to four given-name
//! characters, ending at punctuation, a particle or verb (的, 在, 购 …), a title, or a word
//! that follows names (购买, 今年, 电话 …). A name in running text with none of these cues
//! (`王伟在店里…`) is not found: see the known gaps in `docs/redaction.md`.

use super::chars::{
    COMPOUNDS, END_WORD_START, END_WORDS, LABEL_END, LABELS, MOU, NAME_STOP_F, NOT_NAME_WORDS,
    ROLES, TITLE_START, TITLE_WORDS, at, before, flags, has, is_han, surname_at, word_ends_at,
};
use super::lexicon::MOU_DETERMINED;
use super::{Cand, PiiKind};

/// Given-name characters taken after a label that certainly introduces a name.
const MAX_GIVEN_STRONG: usize = 4;
/// Given-name characters taken after a label that may not (本人, 消费者).
const MAX_GIVEN_WEAK: usize = 2;

/// Looks at position `i`, whose flags are `f`: a label may end there, a title or a `某`
/// start there.
pub(crate) fn at_char(s: &[char], i: usize, f: u16, out: &mut Vec<Cand>) {
    if f & LABEL_END != 0 {
        after_label(s, i + 1, out);
    }
    if f & TITLE_START != 0 && TITLE_WORDS.at(s, i).is_some() {
        before_title(s, i, out);
    }
    if f & MOU != 0 && before(s, i) != '某' {
        mou(s, i, out);
    }
}

fn push(out: &mut Vec<Cand>, start: usize, end: usize) {
    out.push(Cand {
        start,
        end,
        kind: PiiKind::PersonName,
    });
}

/// Whether a title starts at `i`.
fn title_at(s: &[char], i: usize) -> bool {
    has(at(s, i), TITLE_START) && TITLE_WORDS.at(s, i).is_some()
}

/// Whether the character at `i` can be part of a given name.
fn given_char(s: &[char], i: usize) -> bool {
    let c = at(s, i);
    let f = flags(c);
    is_han(c) && f & NAME_STOP_F == 0 && (f & END_WORD_START == 0 || END_WORDS.at(s, i).is_none())
}

/// A name right after the label that ends before `e`.
fn after_label(s: &[char], e: usize, out: &mut Vec<Cand>) {
    let Some((label_len, strong)) = LABELS.ends_at(s, e) else {
        return;
    };
    // 被投诉人 is the business, not a person.
    if before(s, e - label_len) == '被' {
        return;
    }
    let mut p = e;
    for _ in 0..3 {
        let c = at(s, p);
        let filler = matches!(c, ':' | '：' | ' ')
            || (strong && matches!(c, '是' | '为'))
            || (c == '叫' && (word_ends_at(s, e, "本人") || word_ends_at(s, e, "名字")));
        if filler {
            p += 1;
        }
    }
    let Some(sl) = surname_at(s, p) else {
        return;
    };
    // After a weak label a surname that is also a particle (本人于…, 消费者向…) is not one,
    // nor a common word (我女儿高兴地…).
    if !strong && ((sl == 1 && has(at(s, p), NAME_STOP_F)) || NOT_NAME_WORDS.at(s, p).is_some()) {
        return;
    }
    let q = p + sl;
    let max = if strong {
        MAX_GIVEN_STRONG
    } else {
        MAX_GIVEN_WEAK
    };
    // 王 伟, 王 秀 英, 欧阳 娜娜: a space after the surname (forms and chat apps), then the
    // given name, or its characters each set apart; after a sure label only.
    if strong && at(s, q) == ' ' && given_char(s, q + 1) {
        let mut j = q + 1;
        while j - (q + 1) < max && given_char(s, j) {
            j += 1;
        }
        if j == q + 2 {
            while j - (q + 1) < 2 * max - 1 && at(s, j) == ' ' && given_char(s, j + 1) {
                j += 2;
            }
        }
        if !given_char(s, j) {
            push(out, p, j);
        }
        return;
    }
    let mut j = q;
    while j - q < max && given_char(s, j) {
        j += 1;
    }
    let mut given = j - q;
    if given == max && given_char(s, j) {
        // The run goes on: not a clean name. Take the common length after a sure label.
        if !strong {
            return;
        }
        given = 2;
    }
    if given == 0 && !title_at(s, q) {
        return;
    }
    push(out, p, q + given);
}

/// `"name": "王伟"` in JSON text (the `consumer.name` field of a complaint, or any key ending
/// in `name`), with the `:` at `colon`: the whole string value when it reads as a name.
pub(crate) fn json_name(s: &[char], colon: usize, out: &mut Vec<Cand>) {
    let mut k = colon;
    while before(s, k) == ' ' {
        k -= 1;
    }
    if before(s, k) != '"' {
        return;
    }
    let key_end = k - 1;
    let is_name = "name"
        .chars()
        .rev()
        .enumerate()
        .all(|(n, c)| key_end > n && at(s, key_end - 1 - n).eq_ignore_ascii_case(&c));
    if !is_name {
        return;
    }
    let mut p = colon + 1;
    while at(s, p) == ' ' {
        p += 1;
    }
    if at(s, p) != '"' {
        return;
    }
    let v = p + 1;
    let Some(sl) = surname_at(s, v) else {
        return;
    };
    let mut j = v + sl;
    while j - v < sl + MAX_GIVEN_STRONG && (given_char(s, j) || at(s, j) == '某' || at(s, j) == ' ')
    {
        j += 1;
    }
    if at(s, j) == '"' && j > v + sl {
        push(out, v, j);
    }
}

/// A name before the title at `t`: the surname alone (张先生) or a full name (刘伟女士).
fn before_title(s: &[char], t: usize, out: &mut Vec<Cand>) {
    // 主任医生, 客服经理: a role, not a name.
    if ROLES.ends_at(s, t).is_some() {
        return;
    }
    // 商家高老板, 店员吴女士: after a role word the name is the surname alone.
    if let Some(st) = t.checked_sub(1)
        && surname_at(s, st) == Some(1)
        && ROLES.ends_at(s, st).is_some()
    {
        push(out, st, t);
        return;
    }
    let mut best: Option<(bool, usize)> = None; // (left boundary, length)
    for k in 1..=4 {
        let Some(st) = t.checked_sub(k) else {
            break;
        };
        let Some(sl) = surname_at(s, st) else {
            continue;
        };
        if sl > k {
            continue;
        }
        // A particle that is also a surname (向, 于) starts a longer name only at a boundary.
        let bound = boundary(s, st);
        if k > sl && has(at(s, st), NAME_STOP_F) && !bound {
            continue;
        }
        if k - sl > 2 || !(st + sl..t).all(|i| given_char(s, i)) {
            continue;
        }
        // The second half of a compound surname is not a surname of its own (欧阳 → 阳).
        if sl == 1 && COMPOUNDS.ends_at(s, st + 1).is_some() {
            continue;
        }
        let better = match best {
            None => true,
            Some((b, _)) => bound && !b,
        };
        if better {
            best = Some((bound, k));
        }
    }
    if let Some((_, k)) = best {
        push(out, t - k, t);
    }
}

/// Whether a name may start at `st`: at the start, after punctuation, a particle or a label.
fn boundary(s: &[char], st: usize) -> bool {
    let c = before(s, st);
    c == '\0' || !is_han(c) || has(c, NAME_STOP_F) || has(c, LABEL_END)
}

/// `王某`, `张某某`, `欧阳某` with `某` at `m`.
fn mou(s: &[char], m: usize, out: &mut Vec<Cand>) {
    let st = if m >= 2 && COMPOUNDS.ends_at(s, m).is_some() {
        m - 2
    } else if m >= 1 && surname_at(s, m - 1) == Some(1) {
        m - 1
    } else {
        return;
    };
    // 石家庄某店: the "surname" ends a place name; a name starts at a boundary.
    if !boundary(s, st) {
        return;
    }
    let mut end = m + 1;
    let double = at(s, end) == '某';
    if double {
        end += 1;
    }
    let next = at(s, end);
    if MOU_DETERMINED.contains(next) {
        return;
    }
    // 张某某 is always a name form; a single 某 must be followed by what follows names.
    let ok = double
        || !is_han(next)
        || has(next, NAME_STOP_F)
        || title_at(s, end)
        || END_WORDS.at(s, end).is_some();
    if ok {
        push(out, st, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let s: Vec<char> = text.chars().map(super::super::chars::fold).collect();
        let mut out = Vec::new();
        for (i, c) in s.iter().enumerate() {
            at_char(&s, i, flags(*c), &mut out);
        }
        let mut v: Vec<String> = out
            .iter()
            .map(|c| text.chars().skip(c.start).take(c.end - c.start).collect())
            .collect();
        v.dedup();
        v
    }

    #[test]
    fn after_labels() {
        assert_eq!(found("我叫张伟，"), ["张伟"]);
        assert_eq!(found("我叫王秀英建华，"), ["王秀英建华"]);
        assert_eq!(found("姓名：欧阳娜娜 性别：女"), ["欧阳娜娜"]);
        assert_eq!(found("投诉人：李桂英女士，"), ["李桂英"]);
        assert_eq!(found("联系人：王经理"), ["王"]);
        assert_eq!(found("本人王伟购买了"), ["王伟"]);
        assert_eq!(found("本人叫刘洋，"), ["刘洋"]);
        assert_eq!(found("我叫张伟今年35岁"), ["张伟"]);
        assert_eq!(found("我叫于伟，"), ["于伟"]);
        assert_eq!(found("消费者王某某称"), ["王某某"]);
        assert_eq!(found("我母亲刘秀兰今年72岁"), ["刘秀兰"]);
        assert_eq!(found("请联系我的爱人赵志强，"), ["赵志强"]);
        assert_eq!(found("名字：王伟，"), ["王伟"]);
        assert_eq!(found("我的名字是李桂英。"), ["李桂英"]);
        assert_eq!(found("我的名字叫刘洋。"), ["刘洋"]);
        assert_eq!(found("姓 名：赵建国 性别：男"), ["赵建国"]);
        assert_eq!(found("姓名：王 伟，"), ["王 伟"]);
        assert_eq!(found("姓名：王 秀 英 电话"), ["王 秀 英"]);
        assert_eq!(found("姓名：王伟 性别：男"), ["王伟"]);
        assert_eq!(found("姓名：欧阳 娜娜。"), ["欧阳 娜娜"]);
    }

    #[test]
    fn json_name_fields() {
        let run = |t: &str| {
            let s: Vec<char> = t.chars().collect();
            let mut out = Vec::new();
            for (i, c) in s.iter().enumerate() {
                if *c == ':' {
                    json_name(&s, i, &mut out);
                }
            }
            out.iter()
                .map(|c| s[c.start..c.end].iter().collect::<String>())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            run(r#"{"consumer":{"name":"王伟","mobile":"1"}}"#),
            ["王伟"]
        );
        assert_eq!(run(r#"{"name": "欧阳娜娜"}"#), ["欧阳娜娜"]);
        assert_eq!(run(r#"{"contact_name":"张某某"}"#), ["张某某"]);
        assert_eq!(
            run(r#"{"name":"石家庄市某某科技有限公司"}"#),
            Vec::<String>::new()
        );
        assert_eq!(run(r#"{"item_name":"电视机"}"#), Vec::<String>::new());
        assert_eq!(run(r#"{"rename":"x"}"#), Vec::<String>::new());
    }

    #[test]
    fn before_titles() {
        assert_eq!(found("联系了张先生"), ["张"]);
        assert_eq!(found("客服刘伟女士说"), ["刘伟"]);
        assert_eq!(found("店长黄女士"), ["黄"]);
        assert_eq!(found("向李女士反映"), ["李"]);
        assert_eq!(found("王秀英女士"), ["王秀英"]);
        assert_eq!(found("欧阳先生"), ["欧阳"]);
        assert_eq!(found("找王老师。"), ["王"]);
        assert_eq!(found("商家高老板拒绝"), ["高"]);
        assert_eq!(found("店员吴女士"), ["吴"]);
    }

    #[test]
    fn mou_forms() {
        assert_eq!(found("王某称"), ["王某"]);
        assert_eq!(found("由张某某负责"), ["张某某"]);
        assert_eq!(found("于某日"), Vec::<String>::new());
        assert_eq!(found("由于某种原因"), Vec::<String>::new());
        assert_eq!(found("向某商家投诉"), Vec::<String>::new());
        assert_eq!(found("石家庄某4S店"), Vec::<String>::new());
        assert_eq!(found("经张某某介绍"), ["张某某"]);
        assert_eq!(found("原告李某称"), ["李某"]);
    }

    #[test]
    fn not_names() {
        for t in [
            "本人于2025年购买",
            "本人在店里",
            "消费者协会",
            "消费者权益",
            "消费者高度关注",
            "被投诉人：石家庄市某公司",
            "这位先生",
            "一位女士",
            "班主任老师",
            "主任医生",
            "客服经理",
            "我的同学",
            "联系人：客服",
            "我女儿高兴地说",
            "我儿子马上就到",
            "本人曾经购买",
        ] {
            assert_eq!(found(t), Vec::<String>::new(), "{t}");
        }
    }
}
