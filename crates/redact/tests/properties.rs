//! The laws of redaction, as property tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use proptest::prelude::*;
use weiquan_complaint::ResidentId;
use weiquan_redact::{
    KindSet, PiiSpan, RedactConfig, Redactor, Replacement, StreamRedactor, find, is_structured,
    placeholder, redact,
};

/// Characters the detectors react to, mixed into arbitrary text so that the interesting paths
/// run.
const INTERESTING: &[char] = &[
    '0', '1', '3', '8', '9', '６', '２', '-', ' ', '　', '@', '.', ',', 'X', 'x', 'A', 'D', '(',
    ')', '（', '）', '+', '，', '：', '\n', '省', '市', '区', '路', '街', '号', '单', '元', '室',
    '楼', '栋', '小', '某', '先', '生', '女', '士', '王', '张', '欧', '阳', '冀', '京', '我', '叫',
    '人', '家', '住', '址', '转', '卡', '电', '话', '身', '份', '证',
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => any::<char>(),
            5 => prop::sample::select(INTERESTING),
        ],
        0..160,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn luhn_complete(body: &str) -> String {
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|s| {
            let sum: u32 = s
                .bytes()
                .rev()
                .enumerate()
                .map(|(i, c)| {
                    let v = u32::from(c - b'0');
                    if i % 2 == 1 {
                        if v * 2 > 9 { v * 2 - 9 } else { v * 2 }
                    } else {
                        v
                    }
                })
                .sum();
            sum.is_multiple_of(10)
        })
        .unwrap()
}

/// One item of personal data in one of the forms people write.
fn item() -> impl Strategy<Value = String> {
    prop_oneof![
        (3u8..10, 0u64..100_000_000, 0..3usize).prop_map(|(p, n, form)| {
            let d = format!("1{p}{}{n:08}", n % 10);
            let d = &d[..11];
            match form {
                0 => d.to_owned(),
                1 => format!("{} {} {}", &d[..3], &d[3..7], &d[7..]),
                _ => format!("+86 {d}"),
            }
        }),
        (2u32..10, 0u32..10_000_000).prop_map(|(a, n)| format!("03{a}1-8{n:07}")),
        (1940i32..2005, 1u32..13, 1u32..28, 0u32..1000).prop_map(|(y, m, d, q)| {
            let body = format!("130102{y:04}{m:02}{d:02}{q:03}");
            let id = format!("{body}{}", ResidentId::check_char_for(&body).unwrap());
            assert!(ResidentId::parse_structure(&id).is_ok());
            id
        }),
        (0u64..1_000_000_000_000).prop_map(|n| luhn_complete(&format!("622848{n:012}"))),
        (
            "[a-z]{1,8}[0-9]{0,3}",
            prop::sample::select(&["qq.com", "163.com", "example.com.cn"][..])
        )
            .prop_map(|(u, d)| format!("{u}@{d}")),
        ("[A-HJ-NP-Z]", "[0-9]{5}").prop_map(|(l, d)| format!("冀{l}{d}")),
    ]
}

/// Narratives: labels, filler and items, so that the structured laws have items to act on.
fn narrative() -> impl Strategy<Value = String> {
    let filler = prop::sample::select(
        &[
            "，",
            "。",
            "我的电话是",
            "身份证号",
            "卡号",
            "邮箱",
            "车牌号",
            "请处理",
            "订单已付款",
            "2025年5月3日",
            "价格13800元",
            "\n",
            " ",
        ][..],
    );
    prop::collection::vec(prop_oneof![filler.prop_map(str::to_owned), item()], 0..14)
        .prop_map(|v| v.concat())
}

fn check_spans(text: &str, spans: &[PiiSpan]) {
    let n = text.chars().count();
    for w in spans.windows(2) {
        assert!(
            w[0].end <= w[1].start,
            "overlap or disorder: {spans:?} in {text:?}"
        );
    }
    for s in spans {
        assert!(
            s.start < s.end && s.end <= n,
            "span out of bounds: {s:?} in {text:?}"
        );
    }
}

/// A digit, or a character that may separate digits (over-approximated: any space, any
/// punctuation of the General Punctuation block, the ASCII ones the redactor uses).
fn digitish(c: char) -> bool {
    c.is_numeric()
        || c.is_whitespace()
        || "-._/·\u{AD}\u{2212}\u{30FB}\u{FEFF}\u{FF65}\u{FE58}\u{FE63}\u{2219}\u{22C5}－．／＿"
            .contains(c)
        || ('\u{2000}'..='\u{206F}').contains(&c)
}

/// The redacted text is the original with each span replaced by its label, and nothing else.
fn expected_label_output(text: &str, spans: &[PiiSpan]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for s in spans {
        out.extend(&chars[at..s.start]);
        out.push_str(placeholder(s.kind));
        at = s.end;
    }
    out.extend(&chars[at..]);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Never panics; spans are sorted, disjoint and within the text; the output is exactly the
    /// input with each span replaced.
    #[test]
    fn spans_are_well_formed(t in prop_oneof![text(), narrative(), any::<String>()]) {
        let r = redact(&t);
        check_spans(&t, &r.spans);
        prop_assert_eq!(r.text, expected_label_output(&t, &r.spans));
        for how in [Replacement::Mask, Replacement::Partial] {
            let r2 = Redactor::new(RedactConfig { replacement: how, kinds: KindSet::ALL }).redact(&t);
            prop_assert_eq!(&r2.spans, &r.spans);
        }
    }

    /// Redacting the redacted text finds nothing new of the structured kinds. (Not for
    /// `Replacement::Partial`, which keeps parts of each item on purpose: a kept domain can
    /// become the local part of the next address.)
    #[test]
    fn idempotent_on_structured_kinds(t in prop_oneof![text(), narrative()]) {
        for how in [Replacement::Label, Replacement::Mask] {
            let mut r = Redactor::new(RedactConfig { replacement: how, kinds: KindSet::ALL });
            let once = r.redact(&t);
            let again: Vec<PiiSpan> =
                r.find(&once.text).into_iter().filter(|s| is_structured(s.kind)).collect();
            prop_assert!(again.is_empty(), "{:?} → {:?} → {:?}", t, once.text, again);
        }
    }

    /// No detected value survives in the output (with the default and the mask policy),
    /// unless the input also holds it elsewhere in a form that is not an item (glued to other
    /// characters): values that occur once in the input never reach the output.
    #[test]
    fn detected_values_do_not_survive(t in narrative()) {
        let chars: Vec<char> = t.chars().collect();
        for how in [Replacement::Label, Replacement::Mask] {
            let r = Redactor::new(RedactConfig { replacement: how, kinds: KindSet::ALL }).redact(&t);
            for s in &r.spans {
                let v: String = chars[s.start..s.end].iter().collect();
                if is_structured(s.kind) && t.matches(v.as_str()).count() == 1 {
                    prop_assert!(!r.text.contains(&v), "{:?} still in {:?}", v, r.text);
                }
            }
        }
    }

    /// Every structured item planted in a narrative is found exactly.
    #[test]
    fn planted_items_are_found(before in "[，。 ]", x in item(), after in "[，。 ]") {
        let t = format!("我的信息{before}{x}{after}请处理");
        let start = 4 + before.chars().count();
        let spans = find(&t);
        prop_assert_eq!(spans.len(), 1, "{:?}: {:?}", t, spans);
        prop_assert_eq!((spans[0].start, spans[0].end), (start, start + x.chars().count()));
    }

    /// No detector crosses a line break but the mobile scanner, which reads a number wrapped
    /// over one: line by line gives the spans of the whole text when no line ends in a digit
    /// or starts with one.
    #[test]
    fn lines_are_independent(t in prop_oneof![text(), narrative()]) {
        let lines: Vec<&str> = t.split_inclusive('\n').collect();
        let digit_break = lines.windows(2).any(|w| {
            let end = w[0].trim_end_matches(['\n', '\r']).chars().last();
            let start = w[1].chars().next();
            end.is_some_and(digitish) || start.is_some_and(digitish)
        });
        prop_assume!(!digit_break);
        let whole = find(&t);
        let mut r = Redactor::default();
        let mut out = String::new();
        let mut spans = Vec::new();
        let mut offset = 0;
        for piece in t.split_inclusive('\n') {
            r.redact_into(piece, offset, &mut out, &mut spans);
            offset += piece.chars().count();
        }
        prop_assert_eq!(&spans, &whole);
        prop_assert_eq!(out, redact(&t).text);
    }

    /// Writing digits and Latin letters full-width changes nothing but the characters.
    #[test]
    fn full_width_is_the_same(t in narrative()) {
        let wide: String = t
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c })
            .collect();
        prop_assert_eq!(find(&wide), find(&t));
    }

}

/// A long text: narratives and arbitrary characters, sometimes runs without punctuation (so
/// that every cut rule is reached: segment marks, other punctuation, the hard limit).
fn long_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => narrative(),
            2 => text(),
            1 => (1usize..40_000, prop::sample::select(&["1", "字", "a", "1 ", "|字"][..]))
                .prop_map(|(n, s)| s.repeat(n)),
        ],
        1..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// A stream pushed in pieces of any size (down to one character, cut at arbitrary
    /// character boundaries) gives exactly the output and spans of the whole text, with every
    /// replacement.
    #[test]
    fn a_stream_in_tiny_pieces_equals_the_whole(
        t in long_text(),
        sizes in prop::collection::vec(1usize..9, 1..50),
        big in any::<bool>(),
        how in prop::sample::select(&[Replacement::Label, Replacement::Mask, Replacement::Partial][..]),
    ) {
        let config = RedactConfig { replacement: how, kinds: KindSet::ALL };
        let whole = Redactor::new(config).redact(&t);
        let chars: Vec<char> = t.chars().collect();
        let mut stream = StreamRedactor::new(config);
        let (mut out, mut spans) = (String::new(), Vec::new());
        let mut at = 0;
        let mut k = 0;
        let mut most = 0;
        while at < chars.len() {
            let n = sizes[k % sizes.len()] * if big { 997 } else { 1 };
            k += 1;
            let piece: String = chars[at..(at + n).min(chars.len())].iter().collect();
            stream.push(&piece, &mut out, &mut spans);
            most = most.max(stream.buffered());
            at += n;
        }
        stream.finish(&mut out, &mut spans);
        prop_assert_eq!(&spans, &whole.spans);
        prop_assert!(out == whole.text, "outputs differ");
        // What is held never exceeds one segment of four-byte characters and one piece.
        prop_assert!(most <= 4 * (32 * 1024 + 9 * 997));
        // The stream is ready for another.
        stream.push("电话13800138000", &mut out, &mut spans);
        let mut again = (String::new(), Vec::new());
        stream.finish(&mut again.0, &mut again.1);
        prop_assert_eq!(again.1.len(), 1);
        prop_assert_eq!(again.1[0].start, 2);
    }
}
