//! E-mail addresses: the local part and domain around each `@` (or `＠`).

use super::chars::{at, before};
use super::{Cand, PiiKind};

fn local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// The e-mail address around the `@` at `a`, if any: appended to `out`, its end returned.
/// Its local part does not reach back before `floor` (the end of the previous address, so
/// that `a@qq.comb@qq.com` does not read `qq.comb` as a local part).
pub(crate) fn at_sign(s: &[char], a: usize, floor: usize, out: &mut Vec<Cand>) -> Option<usize> {
    let mut start = a;
    while start > floor && local_char(before(s, start)) {
        start -= 1;
    }
    // A local part does not start with a dot (…。abc@ keeps the dot out).
    while start < a && matches!(at(s, start), '.' | '-') {
        start += 1;
    }
    if start == a {
        return None;
    }
    let mut end = a + 1;
    while domain_char(at(s, end)) {
        end += 1;
    }
    while end > a + 1 && matches!(before(s, end), '.' | '-') {
        end -= 1;
    }
    let domain = s.get(a + 1..end)?;
    if !valid_domain(domain) {
        return None;
    }
    out.push(Cand {
        start,
        end,
        kind: PiiKind::Email,
    });
    Some(end)
}

/// At least two labels of letters, digits and inner dashes, the last of two or more letters.
fn valid_domain(d: &[char]) -> bool {
    let mut labels = 0;
    let mut last_alpha = false;
    for label in d.split(|c| *c == '.') {
        let (Some(first), Some(last)) = (label.first(), label.last()) else {
            return false;
        };
        if *first == '-' || *last == '-' {
            return false;
        }
        labels += 1;
        last_alpha = label.len() >= 2 && label.iter().all(char::is_ascii_alphabetic);
    }
    labels >= 2 && last_alpha
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let s: Vec<char> = text.chars().map(super::super::chars::fold).collect();
        let mut out = Vec::new();
        let mut resume = 0;
        for (i, c) in s.iter().enumerate() {
            if *c == '@' && i >= resume {
                resume = at_sign(&s, i, resume, &mut out).unwrap_or(resume);
            }
        }
        out.iter()
            .map(|c| text.chars().skip(c.start).take(c.end - c.start).collect())
            .collect()
    }

    #[test]
    fn addresses_in_text() {
        assert_eq!(found("邮箱abc123@qq.com，"), ["abc123@qq.com"]);
        assert_eq!(
            found("邮箱：zhang.san+shop@mail.163.com。"),
            ["zhang.san+shop@mail.163.com"]
        );
        assert_eq!(found("13800138000@163.com"), ["13800138000@163.com"]);
        assert_eq!(found("ｗａｎｇ＠ｑｑ．ｃｏｍ"), ["ｗａｎｇ＠ｑｑ．ｃｏｍ"]);
        assert_eq!(found("发到a@b.cn."), ["a@b.cn"]);
        assert_eq!(found(".x@y.org"), ["x@y.org"]);
        assert_eq!(found("a@qq.comb@qq.com"), ["a@qq.comb"]);
    }

    #[test]
    fn not_addresses() {
        assert!(found("@所有人").is_empty());
        assert!(found("abc@localhost").is_empty());
        assert!(found("abc@qq.c").is_empty());
        assert!(found("abc@-qq.com").is_empty());
        assert!(found("abc@qq..com").is_empty());
        assert!(found("微博@某商家").is_empty());
        assert!(found("a@1.23").is_empty());
    }
}
