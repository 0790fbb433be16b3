//! `weiquan route`, run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::{arg, lines, stderr, temp_dir, weiquan, with_rejects};
use weiquan_synth::generate::Generator;

/// An offline shop in 栾城区, received 2025-12-24, with this id and business division.
fn shop(id: &str, division: &str) -> String {
    common::fixture_text("complaint-shop.json")
        .replace("\"id\":\"T1\"", &format!("\"id\":\"{id}\""))
        .replace(
            "\"division\":\"130111\"",
            &format!("\"division\":\"{division}\""),
        )
}

/// An in-platform seller in 长安区 on a Hangzhou platform that did not publish its address.
fn in_platform(id: &str, received_at: &str) -> String {
    shop(id, "130102")
        .replace("2025-12-24T13:22:54+08:00", received_at)
        .replace(
            "\"address\":\"石家庄市栾城区北二环211号\"",
            "\"address\":\"石家庄市长安区北二环211号\",\"online\":{\"role\":\"in_platform\",\"platform\":\"淘宝\",\"platform_operator_division\":\"330110\",\"address_published\":false}",
        )
}

#[test]
fn routes_each_complaint_with_rule_basis_warnings_and_trail() {
    let input = format!(
        "{}\n{}\n",
        shop("A", "130111"),
        shop("B", "130182").replace("栾城区北二环211号", "藁城市廉州东路1号")
    );
    let out = weiquan(&["route", "-"], input.as_str());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 2);
    let keys: Vec<&str> = got[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        &keys[..8],
        [
            "schema_version",
            "complaint_id",
            "body",
            "rule",
            "basis",
            "warnings",
            "trail",
            "candidates"
        ]
    );
    assert_eq!(got[0]["complaint_id"], "A");
    assert_eq!(got[0]["body"]["id"], "samr.130111");
    assert_eq!(got[0]["body"]["name"], "石家庄市栾城区市场监督管理局");
    assert_eq!(got[0]["body"]["division"], "130111");
    assert_eq!(got[0]["rule"], "business_local");
    assert_eq!(got[0]["schema_version"], 2);
    assert_eq!(got[0]["basis"][0]["instrument"], "samr_order_20");
    assert_eq!(
        got[0]["basis"][0]["text_zh"],
        "《市场监督管理投诉举报处理暂行办法》第十二条第一款"
    );
    assert_eq!(got[0]["basis"][0]["reliability"], "verified");
    assert_eq!(got[0]["warnings"], serde_json::json!([]));
    assert_eq!(got[0]["trail"].as_array().unwrap().len(), 21);
    assert_eq!(got[0]["trail"][20]["outcome"], "matched");
    assert_eq!(got[0]["candidates"][0]["rank"], 1);
    // 藁城市 (abolished 2014) goes to 藁城区, with a warning.
    assert_eq!(got[1]["body"]["id"], "samr.130109");
    assert_eq!(got[1]["warnings"][0]["code"], "abolished_code");
    assert_eq!(got[1]["warnings"].as_array().unwrap().len(), 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 read, 2 routed, 0 rejected"), "{err}");
}

#[test]
fn order_121_changes_the_candidates_on_2026_04_15() {
    let input = format!(
        "{}\n{}\n",
        in_platform("before", "2026-04-14T18:00:00+08:00"),
        in_platform("after", "2026-04-15T09:00:00+08:00")
    );
    let out = weiquan(&["route", "--quiet", "-"], input.as_str());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out.stdout);
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["body"]["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ids(&got[0]),
        ["samr.130102", "generated.market_regulation.330110"]
    );
    assert_eq!(got[0]["rule"], "in_platform_place_of_business");
    assert_eq!(ids(&got[1]), ["generated.market_regulation.330110"]);
    assert_eq!(got[1]["rule"], "in_platform_order121_platform_only");
    assert_eq!(got[1]["body"]["name"], "杭州市余杭区市场监督管理局");
    assert_eq!(got[1]["body"]["external"], true);

    // The receiving body, when it has authority, handles it (first received).
    let out = weiquan(
        &[
            "route",
            "--quiet",
            "--received-by",
            "generated.market_regulation.330110",
            "--no-trail",
            "-",
        ],
        input.as_str(),
    );
    let got = lines(&out.stdout);
    assert_eq!(got[0]["body"]["id"], "generated.market_regulation.330110");
    assert_eq!(got[0]["ranking"]["method"], "received_first");
    assert_eq!(got[0]["trail"], serde_json::json!([]));
}

#[test]
fn invalid_and_unroutable_lines_are_rejected_with_their_line() {
    let dir = temp_dir();
    let rejects = dir.path().join("rejects.jsonl");
    let input = format!(
        "{}\n{{\"schema_version\":1}}\n{}\n\n{}\n",
        shop("ok", "130105"),
        shop("nowhere", "130199"),
        shop("ok2", "130171")
    );
    let out = weiquan(&["route", "--rejects", arg(&rejects), "-"], input);
    assert_eq!(out.status.code(), Some(3));
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["complaint_id"], "ok");
    assert_eq!(got[1]["complaint_id"], "ok2");
    assert_eq!(got[1]["body"]["id"], "samr.130171");
    assert_eq!(got[1]["warnings"][0]["code"], "development_zone");
    let rej = lines(&std::fs::read(&rejects).unwrap());
    assert_eq!(rej.len(), 2);
    assert_eq!(rej[0]["line"], 2);
    assert_eq!(rej[1]["line"], 3);
    assert_eq!(rej[1]["errors"][0]["code"], "routing.unknown_division");
    assert_eq!(rej[1]["errors"][0]["pointer"], "/business/division");
    assert_eq!(rej[1]["errors"][0]["value"], "130199");
    assert_eq!(
        rej[1]["errors"][0]["message_zh"],
        "/business/division：行政区划代码130199不在区划代码库（GB/T 2260）中"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("4 read, 2 routed, 2 rejected"), "{err}");
}

#[test]
fn another_city_file_and_its_problems() {
    let dir = temp_dir();
    let good = common::fixture("tangshan.toml");
    let input = format!("{}\n{}\n", shop("ts", "130203"), shop("sjz", "130111"));
    let out = weiquan(
        &["route", "--quiet", "--ruleset", good.to_str().unwrap(), "-"],
        input.as_str(),
    );
    // The Shijiazhuang shop is covered by no rule of this file: rejected, not defaulted.
    assert_eq!(out.status.code(), Some(3));
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["body"]["id"], "samr.130203");
    assert_eq!(got[0]["ruleset"], "tangshan");
    assert!(
        stderr(&out).contains("weiquan: line 2 rejected: routing.no_rule at /"),
        "{}",
        stderr(&out)
    );

    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(&good)
        .unwrap()
        .replace("\"130203\"\n", "\"130299\"\n")
        .replace("at = \"business\"", "at = \"shop\"");
    std::fs::write(&bad, text).unwrap();
    let out = weiquan(
        &["route", "--ruleset", bad.to_str().unwrap(), "-"],
        input.as_str(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ruleset file has 2 problem(s)"), "{err}");
    assert!(err.contains("line 14: body[0].division: division code 130299 is not in the division registry [ruleset.unknown_division]"), "{err}");
    assert!(err.contains("line 23: rule[0].then.at: \"shop\" is not business, platform_operator or consumer [ruleset.unknown_value]"), "{err}");

    let out = weiquan(
        &[
            "route",
            "--ruleset",
            dir.path().join("missing.toml").to_str().unwrap(),
            "-",
        ],
        input.as_str(),
    );
    assert_eq!(out.status.code(), Some(2));
    let out = weiquan(&["route", "--received-by", "nobody", "-"], input.as_str());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--received-by \"nobody\" is not a body of ruleset \"shijiazhuang\"")
    );
}

#[test]
fn another_citys_division_history_is_loaded_with_divisions() {
    let dir = temp_dir();
    // 保定's 2015 changes: 北市区 and 南市区 merged into 莲池区, 满城县 became 满城区.
    let file = dir.path().join("baoding.csv");
    std::fs::write(
        &file,
        "code,name,level,parent,valid_from,valid_to,successor\n\
         130603,北市区,district,130600,1983,2015,130606\n\
         130604,南市区,district,130600,1983,2015,130606\n\
         130621,满城县,county,130600,1983,2015,130607\n",
    )
    .unwrap();
    let input = format!(
        "{}\n",
        shop("bd", "130603").replace("石家庄市栾城区北二环211号", "保定市北市区朝阳北大街1号")
    );
    // Without the file the old code is refused.
    let (out, rejects) = with_rejects(&["route", "--quiet", "-"], input.as_str());
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(rejects[0]["errors"][0]["code"], "routing.unknown_division");
    let out = weiquan(
        &["route", "--quiet", "--divisions", arg(&file), "-"],
        input.as_str(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out.stdout);
    assert_eq!(got[0]["body"]["id"], "generated.market_regulation.130606");
    assert_eq!(got[0]["body"]["name"], "保定市莲池区市场监督管理局");
    assert_eq!(got[0]["warnings"][0]["code"], "abolished_code");
    assert_eq!(got[0]["warnings"].as_array().unwrap().len(), 2);

    // A bad row: exit 2, the file and line named, nothing routed.
    std::fs::write(
        &file,
        "code,name,level,parent,valid_from,valid_to,successor\n130603,北市区,district,130600,1983,2015,130699\n",
    )
    .unwrap();
    let out = weiquan(&["route", "--divisions", arg(&file), "-"], input.as_str());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("baoding.csv") && err.contains("line 2"),
        "{err}"
    );
    assert!(
        err.contains("successor 130699 is not a known code"),
        "{err}"
    );
}

#[test]
fn a_code_and_an_address_that_disagree_give_both_bodies_and_a_warning() {
    // A local shop coded as Beijing's 朝阳区: not silently referred to Beijing.
    let input = format!(
        "{}\n",
        shop("bj", "110105").replace("石家庄市栾城区北二环211号", "石家庄市长安区建设北大街15号")
    );
    let out = weiquan(&["route", "--quiet", "-"], input.as_str());
    assert_eq!(out.status.code(), Some(0));
    let got = lines(&out.stdout);
    assert_eq!(got[0]["body"]["id"], "generated.market_regulation.110105");
    assert_eq!(got[0]["candidates"][1]["body"]["id"], "samr.130102");
    assert_eq!(got[0]["warnings"][0]["code"], "address_disagrees");
    assert!(
        got[0]["warnings"][0]["message_zh"]
            .as_str()
            .unwrap()
            .contains("长安区（130102）不符")
    );
}

#[test]
fn routes_generated_complaints_in_input_order() {
    let input: String = Generator::new(3)
        .take(300)
        .map(|c| c.to_json() + "\n")
        .collect();
    let out = weiquan(&["route", "--quiet", "--threads", "2", "-"], input.as_str());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out.stdout);
    let ids: Vec<String> = Generator::new(3).take(300).map(|c| c.id).collect();
    let routed: Vec<String> = got
        .iter()
        .map(|v| v["complaint_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(routed, ids);
    assert!(
        got.iter()
            .all(|v| v["body"]["id"].is_string() && !v["rule"].as_str().unwrap().is_empty())
    );
}
