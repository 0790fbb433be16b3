//! What replaces a detected item in the output: a label, stars, or a partial mask.

use super::address::admin_prefix_len;
use super::chars::surname_at;
use super::{PiiKind, Replacement};

/// The label that replaces an item of `kind` under [`Replacement::Label`].
pub fn placeholder(kind: PiiKind) -> &'static str {
    match kind {
        PiiKind::Mobile => "[手机号]",
        PiiKind::Landline => "[固定电话]",
        PiiKind::ResidentId => "[身份证号]",
        PiiKind::BankCard => "[银行卡号]",
        PiiKind::Email => "[邮箱]",
        PiiKind::LicencePlate => "[车牌号]",
        PiiKind::Address => "[地址]",
        PiiKind::PersonName => "[姓名]",
        PiiKind::ImAccount => "[社交账号]",
    }
}

fn stars(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n('*', n));
}

/// Writes the replacement of one item: `folded` is its text with full-width forms folded.
pub(crate) fn write(out: &mut String, kind: PiiKind, folded: &[char], how: Replacement) {
    match how {
        Replacement::Label => out.push_str(placeholder(kind)),
        Replacement::Mask => stars(out, folded.len()),
        Replacement::Partial => partial(out, kind, folded),
    }
}

/// Keeps what is commonly shown on receipts and in call-centre systems (the first three and
/// last four digits of a mobile, the region and the last four of an identity number, the
/// surname …) and stars the rest.
fn partial(out: &mut String, kind: PiiKind, folded: &[char]) {
    let digits: Vec<char> = folded
        .iter()
        .copied()
        .filter(|c| c.is_ascii_digit() || matches!(c, 'X' | 'x'))
        .collect();
    let keep = |out: &mut String, head: usize, tail: usize, d: &[char]| {
        let n = d.len();
        if head + tail >= n {
            stars(out, n);
            return;
        }
        out.extend(d.iter().take(head));
        stars(out, n - head - tail);
        out.extend(d.iter().skip(n - tail));
    };
    match kind {
        PiiKind::Mobile => {
            // The last eleven digits: a +86 or 0086 in front is dropped.
            let d = digits.get(digits.len().saturating_sub(11)..).unwrap_or(&[]);
            keep(out, 3, 4, d);
        }
        PiiKind::Landline => {
            let area = match (digits.first(), digits.get(1)) {
                (Some('0'), Some('1' | '2')) => 3,
                (Some('0'), _) => 4,
                _ => 0,
            };
            out.extend(digits.iter().take(area));
            if area > 0 {
                out.push('-');
            }
            let rest = digits.get(area..).unwrap_or(&[]);
            keep(out, 0, 4.min(rest.len().saturating_sub(3)), rest);
        }
        PiiKind::ResidentId => keep(out, 6, 4, &digits),
        PiiKind::BankCard => keep(out, 6, 4, &digits),
        PiiKind::Email => {
            let at = folded.iter().rposition(|c| *c == '@').unwrap_or(0);
            out.extend(folded.first());
            out.push_str("***");
            out.extend(folded.get(at..).unwrap_or(&[]));
        }
        PiiKind::LicencePlate => {
            out.extend(folded.iter().take(2));
            stars(out, folded.len().saturating_sub(2));
        }
        PiiKind::Address => {
            let n = admin_prefix_len(folded);
            out.extend(folded.iter().take(n));
            out.push_str("***");
        }
        PiiKind::ImAccount => {
            // The first two characters (wx, the leading digits of a QQ number) say little.
            out.extend(folded.iter().take(2));
            stars(out, folded.len().saturating_sub(2));
        }
        PiiKind::PersonName => {
            // A surname alone (张 of 张先生) is starred: keeping it would keep everything.
            let n = surname_at(folded, 0)
                .filter(|n| *n < folded.len())
                .unwrap_or(0);
            out.extend(folded.iter().take(n));
            stars(out, folded.len() - n);
        }
    }
}
