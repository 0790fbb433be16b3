//! `weiquan redact`, run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::{arg, temp_dir, weiquan};

const TEXT: &str = "投诉人：王秀英女士，电话138 0013 8000。\r\n\n  家住石家庄市长安区中山东路12号3单元502室，邮箱wang@163.com\n订单号2025010113800138000";

#[test]
fn redacts_text_keeping_every_other_byte() {
    let out = weiquan(&["redact"], TEXT.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "投诉人：[姓名]女士，电话[手机号]。\r\n\n  家住[地址]，邮箱[邮箱]\n订单号2025010113800138000"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("4 lines, 4 items redacted"), "{err}");
}

#[test]
fn spans_as_one_json_document() {
    let out = weiquan(&["redact", "--spans", "--quiet"], TEXT.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(
        doc["text"],
        "投诉人：[姓名]女士，电话[手机号]。\r\n\n  家住[地址]，邮箱[邮箱]\n订单号2025010113800138000"
    );
    let spans: Vec<(u64, u64, String)> = doc["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["start"].as_u64().unwrap(),
                s["end"].as_u64().unwrap(),
                s["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // Offsets count characters of the whole input, line breaks included.
    assert_eq!(
        spans,
        vec![
            (4, 7, "person_name".to_owned()),
            (12, 25, "mobile".to_owned()),
            (33, 54, "address".to_owned()),
            (57, 69, "email".to_owned()),
        ]
    );
    let chars: Vec<char> = TEXT.chars().collect();
    let value = |i: usize| {
        chars[spans[i].0 as usize..spans[i].1 as usize]
            .iter()
            .collect::<String>()
    };
    assert_eq!(value(0), "王秀英");
    assert_eq!(value(1), "138 0013 8000");
    assert_eq!(value(2), "石家庄市长安区中山东路12号3单元502室");
    assert_eq!(value(3), "wang@163.com");
}

#[test]
fn spans_per_line() {
    let out = weiquan(
        &["redact", "--spans", "--per-line", "--quiet"],
        TEXT.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    let docs: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 4);
    assert_eq!(docs[0]["line"], 1);
    assert_eq!(docs[0]["text"], "投诉人：[姓名]女士，电话[手机号]。");
    assert_eq!(docs[0]["spans"][1]["start"], 12);
    assert_eq!(docs[1]["text"], "");
    assert_eq!(docs[1]["spans"].as_array().unwrap().len(), 0);
    assert_eq!(docs[2]["spans"][0]["start"], 4);
    assert_eq!(docs[2]["spans"][0]["kind"], "address");
    assert_eq!(docs[3]["text"], "订单号2025010113800138000");
}

#[test]
fn replacement_and_kinds() {
    let text = "我叫张伟，手机13800138000，身份证11010519491231002X\n";
    let out = weiquan(
        &["redact", "--replacement", "partial", "--quiet"],
        text.as_bytes(),
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "我叫张*，手机138****8000，身份证110105********002X\n"
    );
    let out = weiquan(
        &["redact", "--replacement", "mask", "--quiet"],
        text.as_bytes(),
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "我叫**，手机***********，身份证******************\n"
    );
    let out = weiquan(
        &["redact", "--kinds", "mobile,resident_id", "--quiet"],
        text.as_bytes(),
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "我叫张伟，手机[手机号]，身份证[身份证号]\n"
    );
}

#[test]
fn usage_and_encoding_errors_exit_2() {
    let out = weiquan(&["redact", "--kinds", "passport"], b"x");
    assert_eq!(out.status.code(), Some(2));
    let out = weiquan(&["redact", "--per-line"], b"x");
    assert_eq!(out.status.code(), Some(2), "--per-line requires --spans");
    let out = weiquan(&["redact", "--quiet"], b"ok\n\xff\xfe bad\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2 is not valid UTF-8 (byte 0)"));
    let out = weiquan(&["redact", "/no/such/file"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn streams_a_large_input_from_a_file() {
    let mut g = weiquan_synth::generate::Generator::new(11);
    let mut input = String::new();
    let mut planted = 0;
    let mut structured = Vec::new();
    for _ in 0..5000 {
        let x = g.next_generated();
        planted += x.pii.len();
        let chars: Vec<char> = x.complaint.description.chars().collect();
        let values: Vec<String> = x
            .pii
            .iter()
            .filter(|p| weiquan_redact::is_structured(p.kind))
            .map(|p| chars[p.start..p.end].iter().collect())
            .collect();
        structured.push(values);
        input.push_str(&x.complaint.description);
        input.push('\n');
    }
    let dir = temp_dir();
    let path = common::write(dir.path(), "in.txt", &input);
    let out_path = dir.path().join("out.txt");
    let out = weiquan(&["redact", arg(&path), "--out", arg(&out_path)], b"");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("5000 lines, {planted} items redacted")),
        "{err}"
    );
    let redacted = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(redacted.lines().count(), 5000);
    for (line, values) in redacted.lines().zip(&structured) {
        assert!(line.ends_with("请求有关部门依法处理。"), "{line}");
        for value in values {
            assert!(!line.contains(value.as_str()), "{value} survived in {line}");
        }
    }
}
