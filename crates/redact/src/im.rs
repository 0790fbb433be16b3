//! Instant-messaging accounts after their labels: WeChat IDs (`微信号：wx13800138000`,
//! `微信 zhang_wei88`, `WeChat: li-na2024`) and QQ numbers (`QQ号12345678`, `qq：10001`).
//!
//! Unlike a phone number, an account has no shape of its own (a WeChat ID is any six to twenty
//! letters, digits, `_` and `-` starting with a letter; a QQ number five to eleven digits), so
//! it is taken only right after its label. A WeChat "ID" that is a mobile number is left to
//! the number scanner, which reads 微信 as a phone label.

use super::chars::{at, before, is_alnum, is_digit, word_at};
use super::{Cand, PiiKind};

/// Characters skipped between a label and the account.
fn filler(c: char) -> bool {
    matches!(c, ' ' | ':' | '：' | '是' | '为' | '#')
}

/// Where the account starts after a label ending before `e`: a trailing 号, 号码, 账号, ID
/// and up to three fillers skipped.
fn value_start(s: &[char], e: usize) -> usize {
    let mut p = e;
    for w in ["号码", "账号", "帐号", "号", "ID", "id", "Id"] {
        if word_at(s, p, w) {
            p += w.chars().count();
            break;
        }
    }
    for _ in 0..3 {
        if filler(at(s, p)) {
            p += 1;
        }
    }
    p
}

fn account_char(c: char) -> bool {
    is_alnum(c) || matches!(c, '_' | '-')
}

/// A QQ number at `p`: five to eleven digits, not starting with 0, alone.
fn qq_number(s: &[char], p: usize) -> Option<usize> {
    if !matches!(at(s, p), '1'..='9') {
        return None;
    }
    let mut q = p;
    while is_digit(at(s, q)) {
        q += 1;
    }
    ((5..=11).contains(&(q - p)) && !account_char(at(s, q))).then_some(q)
}

/// A WeChat ID at `p`: a letter, then five to nineteen letters, digits, `_` or `-`; or a QQ
/// number (an old WeChat account is one).
fn wechat_id(s: &[char], p: usize) -> Option<usize> {
    if !at(s, p).is_ascii_alphabetic() {
        return qq_number(s, p);
    }
    let mut q = p;
    while account_char(at(s, q)) && q - p <= 20 {
        q += 1;
    }
    ((6..=20).contains(&(q - p)) && !account_char(at(s, q))).then_some(q)
}

fn push(out: &mut Vec<Cand>, start: usize, end: usize) {
    out.push(Cand {
        start,
        end,
        kind: PiiKind::ImAccount,
    });
}

/// At the `信` of `微信` (position `i`).
pub(crate) fn at_xin(s: &[char], i: usize, out: &mut Vec<Cand>) {
    if before(s, i) != '微' {
        return;
    }
    let p = value_start(s, i + 1);
    if let Some(end) = wechat_id(s, p) {
        push(out, p, end);
    }
}

/// At an ASCII `Q`/`q` or `W`/`w` (position `i`): the labels `QQ` and `WeChat`.
pub(crate) fn at_ascii(s: &[char], i: usize, out: &mut Vec<Cand>) {
    if is_alnum(before(s, i)) {
        return;
    }
    let c = at(s, i);
    if matches!(c, 'Q' | 'q') && matches!(at(s, i + 1), 'Q' | 'q') && !is_alnum(at(s, i + 2)) {
        let p = value_start(s, i + 2);
        if let Some(end) = qq_number(s, p) {
            push(out, p, end);
        }
    } else if matches!(c, 'W' | 'w')
        && "wechat"
            .chars()
            .enumerate()
            .all(|(k, w)| at(s, i + k).eq_ignore_ascii_case(&w))
        && !is_alnum(at(s, i + 6))
    {
        let p = value_start(s, i + 6);
        if let Some(end) = wechat_id(s, p) {
            push(out, p, end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let s: Vec<char> = text.chars().map(super::super::chars::fold).collect();
        let mut out = Vec::new();
        for (i, c) in s.iter().enumerate() {
            if *c == '信' {
                at_xin(&s, i, &mut out);
            } else if c.is_ascii() {
                at_ascii(&s, i, &mut out);
            }
        }
        out.iter()
            .map(|c| text.chars().skip(c.start).take(c.end - c.start).collect())
            .collect()
    }

    #[test]
    fn accounts_after_their_labels() {
        assert_eq!(found("微信号：wx13800138000，"), ["wx13800138000"]);
        assert_eq!(found("微信zhang_wei88联系"), ["zhang_wei88"]);
        assert_eq!(found("加微信 li-na2024"), ["li-na2024"]);
        assert_eq!(found("微信ID: wxid_abc123"), ["wxid_abc123"]);
        assert_eq!(found("QQ号12345678，"), ["12345678"]);
        assert_eq!(found("qq：10001"), ["10001"]);
        assert_eq!(
            found("ＱＱ号码：９８７６５４３２１"),
            ["９８７６５４３２１"]
        );
        assert_eq!(found("WeChat: zhangwei_88"), ["zhangwei_88"]);
    }

    #[test]
    fn not_accounts() {
        for t in [
            "微信支付了300元",
            "通过微信联系",
            "微信号被封",
            "QQ音乐会员",
            "QQ群",
            "QQ号0123",
            "微信abc",
            "SQQ12345678",
        ] {
            assert_eq!(found(t), Vec::<String>::new(), "{t}");
        }
    }
}
