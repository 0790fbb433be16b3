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

/// A line that is not UTF-8 is left out and the rest goes on: exit status 3, every other line
/// redacted, every document terminated, the line's content never echoed.
#[test]
fn a_line_that_is_not_utf8_is_left_out() {
    let input: &[u8] = b"\xe6\x88\x91\xe5\x8f\xab\xe5\xbc\xa0\xe4\xbc\x9f\n\xff\xfe 13900139000\nphone 13800138000\n";
    let out = weiquan(&["redact", "--quiet"], input);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "我叫[姓名]\nphone [手机号]\n"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("redact.not_utf8"), "{err}");
    assert!(
        err.contains("line 2 is not valid UTF-8 (byte 0 of the line)"),
        "{err}"
    );
    assert!(err.contains("第2行不是有效的UTF-8"), "{err}");
    assert!(!err.contains("13900139000"), "{err}");

    let out = weiquan(&["redact", "--spans", "--quiet"], input);
    assert_eq!(out.status.code(), Some(3));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["text"], "我叫[姓名]\nphone [手机号]\n");
    assert_eq!(doc["spans"].as_array().unwrap().len(), 2);
    assert_eq!(doc["spans"][1]["start"], 11);

    let out = weiquan(&["redact", "--spans", "--per-line", "--quiet"], input);
    assert_eq!(out.status.code(), Some(3));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0]["line"].as_u64(), lines[1]["line"].as_u64()),
        (Some(1), Some(3))
    );

    // At the end, without a line break, and a character cut short.
    let out = weiquan(&["redact", "--spans", "--quiet"], &b"ok\n\xe6\x88"[..]);
    assert_eq!(out.status.code(), Some(3));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["text"], "ok\n");
}

/// The command gives what the library gives for the whole input at once, however long its
/// lines: a text far longer than one block, with items wrapped over line breaks and long
/// lines without any.
#[test]
fn the_stream_equals_the_whole_text() {
    let mut g = weiquan_synth::generate::Generator::new(17);
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&g.next_generated().complaint.description);
        text.push_str(match i % 5 {
            0 => "电话13800\n138000，",
            1 => "\n",
            2 => "身份证号130102\u{200B}19900101\u{200B}1237",
            3 => "\r\n",
            _ => "",
        });
    }
    assert!(text.len() > 4 * 64 * 1024);
    for args in [
        &["redact", "--quiet"][..],
        &["redact", "--quiet", "--replacement", "partial"][..],
    ] {
        let out = weiquan(args, text.as_bytes());
        assert_eq!(out.status.code(), Some(0));
        let config = weiquan_redact::RedactConfig {
            replacement: if args.len() > 2 {
                weiquan_redact::Replacement::Partial
            } else {
                weiquan_redact::Replacement::Label
            },
            kinds: weiquan_redact::KindSet::ALL,
        };
        let want = weiquan_redact::Redactor::new(config).redact(&text);
        assert!(
            String::from_utf8(out.stdout).unwrap() == want.text,
            "{args:?}"
        );
    }
    let out = weiquan(&["redact", "--spans", "--quiet"], text.as_bytes());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want = weiquan_redact::redact(&text);
    assert_eq!(doc["text"], want.text);
    let spans: Vec<weiquan_redact::PiiSpan> = serde_json::from_value(doc["spans"].clone()).unwrap();
    assert_eq!(spans, want.spans);
}

/// Memory stays bounded on one enormous line, generated on the fly through a pipe: the peak
/// resident set of `weiquan redact` (measured by `/usr/bin/time`) stays under 40 MB for an
/// input of 24 MB without a line break, which the former line-by-line reading held three times
/// over (`WEIQUAN_REDACT_RSS_MB` sets another size; 200 MB was measured for
/// docs/redaction.md), in every output shape.
#[test]
fn one_enormous_line_in_bounded_memory() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let time = std::path::Path::new("/usr/bin/time");
    assert!(time.exists(), "/usr/bin/time measures the peak memory");
    let mb: usize = std::env::var("WEIQUAN_REDACT_RSS_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let unit = "我叫张伟，电话138 0013 8000，家住石家庄市长安区中山东路12号3单元502室，";
    for shape in [&[][..], &["--spans"][..], &["--spans", "--per-line"][..]] {
        let mut child = Command::new(time)
            .args([
                "-f",
                "max-rss-kb %M",
                env!("CARGO_BIN_EXE_weiquan"),
                "redact",
                "--quiet",
            ])
            .args(shape)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let total = mb << 20;
        let writer = std::thread::spawn(move || {
            let block = unit.repeat((1 << 20) / unit.len());
            let mut written = 0;
            while written < total {
                stdin.write_all(block.as_bytes()).unwrap();
                written += block.len();
            }
            written
        });
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            let (mut n, mut tail) = (0usize, Vec::new());
            loop {
                let k = stdout.read(&mut buf).unwrap();
                if k == 0 {
                    break;
                }
                n += k;
                tail.clear();
                tail.extend_from_slice(&buf[..k]);
            }
            (n, tail)
        });
        let written = writer.join().unwrap();
        let (read, tail) = reader.join().unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(child.wait().unwrap().success(), "{err}");
        let kb: usize = err
            .lines()
            .find_map(|l| l.strip_prefix("max-rss-kb "))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(
            written >= total && read > written / 4,
            "{read} of {written}"
        );
        let tail = String::from_utf8_lossy(&tail);
        // The input's mobile is written `138 0013 8000`; span offsets have no spaces.
        assert!(
            !tail.contains("0013 8000"),
            "an item survived in the last block"
        );
        assert!(kb < 40 * 1024, "{shape:?}: {kb} KB at peak for {mb} MB");
        println!("{shape:?}: {mb} MB in one line, peak {kb} KB");
    }
}
