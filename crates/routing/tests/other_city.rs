//! Another city is another file: a small Tangshan ruleset using the conditions the default
//! does not (amounts, the consumer's division, received-date ranges, top categories), and the
//! checks done when a file is loaded, each problem with its line.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
// Every test here reads a TOML file.
#![cfg(feature = "toml")]

mod common;

use common::*;
use weiquan_routing::{Error, ProblemKind, Router, RulesetFile};

const TANGSHAN: &str = r#"schema_version = 1
id = "tangshan-test"
name = "唐山市 (test)"
city = "130200"

[ranking]
basis = [{ instrument = "order20", article = 13 }]

[[instrument]]
id = "order20"
name_zh = "市场监督管理投诉举报处理暂行办法"
name_en = "SAMR Order No. 20"
valid_from = "2020-01-01"
valid_to = "2026-04-14"
reliability = "V"

[[instrument]]
id = "local"
name_zh = "唐山市投诉分办规定"
name_en = "Tangshan allocation rule (invented for this test)"
reliability = "U"

[[body]]
id = "samr.130200"
name_zh = "唐山市市场监督管理局"
name_en = "Tangshan Administration for Market Regulation"
kind = "market_regulation"
division = "130200"

[[body]]
id = "samr.130203"
name_zh = "唐山市路北区市场监督管理局"
name_en = "Tangshan Lubei District Administration for Market Regulation"
kind = "market_regulation"
division = "130203"
superior = "samr.130200"

[[rule]]
id = "big_cars"
title = "Cars of 200,000 yuan or more, received from 2025: the city bureau"
[rule.when]
categories = ["vehicles"]
amount_at_least = "200000.00"
received_from = "2025-01-01"
[rule.then]
body = "samr.130200"
[[rule.basis]]
instrument = "local"

[[rule]]
id = "small_goods_local_consumers"
title = "Goods under 100 yuan bought by Tangshan consumers, received before 2026: the consumer's county"
[rule.when]
top_categories = ["goods"]
amount_below = "100.00"
consumer_within = ["130200"]
received_before = "2026-01-01"
[rule.then]
kind = "market_regulation"
at = "consumer"
[[rule.basis]]
instrument = "local"

[[rule]]
id = "local"
title = "Business in Tangshan"
[rule.when]
business_within = ["130200"]
[rule.then]
kind = "market_regulation"
at = "business"
[[rule.basis]]
instrument = "order20"
article = 12
paragraph = 1

[[rule]]
id = "elsewhere"
title = "Business elsewhere"
[rule.when]
business_outside = ["130200"]
[rule.then]
kind = "market_regulation"
at = "business"
[[rule.basis]]
instrument = "order20"
article = 12
paragraph = 1
"#;

#[test]
fn another_city_routes_by_its_own_file() {
    let r = Router::from_toml(TANGSHAN).unwrap();
    assert_eq!(r.id(), "tangshan-test");
    assert_eq!(r.city(), code("130200"));
    let mut c = base();
    c.consumer.division = code("130204");
    business(&mut c, Some("130203"), None);
    assert_eq!(
        candidates(&r.route(&c).unwrap()),
        [(1, "samr.130203".into(), "local".into())]
    );
    // 古冶区 has no listed bureau: the city bureau above it, with a warning.
    business(&mut c, Some("130204"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130200");
    assert_eq!(warning_codes(&d), ["higher_level_body"]);
    // A Shijiazhuang shop is elsewhere for Tangshan: an external referral.
    business(&mut c, Some("130111"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.rule().id(), "elsewhere");
    assert_eq!(d.body().id(), "generated.market_regulation.130111");
    assert_eq!(d.body().name_zh(), "石家庄市栾城区市场监督管理局");
    assert!(d.body().is_external());
}

#[test]
fn amount_and_date_conditions() {
    let r = Router::from_toml(TANGSHAN).unwrap();
    let mut c = base();
    business(&mut c, Some("130203"), None);
    category(&mut c, "vehicles/cars_and_parts");
    c.purchase.amount_paid = "200000.00".parse().unwrap();
    assert_eq!(r.route(&c).unwrap().rule().id(), "big_cars");
    c.purchase.amount_paid = "199999.99".parse().unwrap();
    let d = r.route(&c).unwrap();
    assert_eq!(d.rule().id(), "local");
    assert_eq!(
        d.trail()[0].outcome.message(),
        "amount 199999.99 is below 200000.00"
    );
    c.purchase.amount_paid = "250000.00".parse().unwrap();
    received(&mut c, "2024-12-31T23:00:00+08:00");
    let d = r.route(&c).unwrap();
    assert_eq!(d.rule().id(), "local");
    assert_eq!(
        d.trail()[0].outcome.message(),
        "received before 2025-01-01, when the rule starts"
    );
}

#[test]
fn consumer_and_top_category_conditions() {
    let r = Router::from_toml(TANGSHAN).unwrap();
    let mut c = base();
    business(&mut c, Some("130203"), None);
    c.purchase.amount_paid = "99.99".parse().unwrap();
    c.consumer.division = code("130204");
    let d = r.route(&c).unwrap();
    assert_eq!(d.rule().id(), "small_goods_local_consumers");
    assert_eq!(d.body().id(), "samr.130200");
    // A consumer from Shijiazhuang is not within Tangshan.
    c.consumer.division = code("130102");
    let d = r.route(&c).unwrap();
    assert_eq!(d.rule().id(), "local");
    assert_eq!(
        d.trail()[1].outcome.message(),
        "the consumer's division 130102 lies in none of the rule's regions"
    );
    // Services are not goods; 100.00 is not below 100.00; 2026 is too late.
    c.consumer.division = code("130204");
    category(&mut c, "catering");
    assert_eq!(
        r.route(&c).unwrap().trail()[1].outcome.message(),
        "top category services is not one the rule lists"
    );
    category(&mut c, "food");
    c.purchase.amount_paid = "100.00".parse().unwrap();
    assert_eq!(
        r.route(&c).unwrap().trail()[1].outcome.message(),
        "amount 100.00 is not below 100.00"
    );
    c.purchase.amount_paid = "5.00".parse().unwrap();
    received(&mut c, "2026-01-01T00:00:00+08:00");
    assert_eq!(
        r.route(&c).unwrap().trail()[1].outcome.message(),
        "received on or after 2026-01-01, when the rule stops"
    );
}

/// Every kind of problem, each reported with its line.
const BAD: &str = r#"schema_version = 2
id = "bad"
name = "bad"
city = "13020"

[ranking]
basis = [{ instrument = "order20", article = 13 }]

[[instrument]]
id = "order20"
name_zh = "甲"
name_en = "A"
valid_from = "2020-13-01"
reliability = "X"

[[body]]
id = "a"
name_zh = "甲"
name_en = "A"
kind = "bureau"
division = "130299"
superior = "b"
channels = [{ kind = "fax", value = "1" }]

[[body]]
id = "b"
name_zh = "乙"
name_en = "B"
kind = "market_regulation"
division = "130200"
superior = "a"

[[body]]
id = "b"
name_zh = "乙"
name_en = "B"
kind = "market_regulation"

[[rule]]
id = "vocab"
title = "bad vocabulary"
[rule.when]
categories = ["cars"]
channels = ["phone"]
online_roles = ["seller"]
amount_at_least = "-5"
received_from = "2026/04/15"
[rule.then]
body = "nobody"
[[rule.basis]]
instrument = "nolaw"

[[rule]]
id = "target"
title = "both body and kind"
basis = []
[rule.then]
body = "b"
kind = "market_regulation"
at = "business"
fallback = "missing"

[[rule]]
id = "loop1"
title = "fallback loop"
[rule.when]
received_from = "2026-01-01"
received_before = "2025-01-01"
[rule.then]
kind = "market_regulation"
at = "platform_operator"
fallback = "loop2"
[[rule.basis]]
instrument = "order20"

[[rule]]
id = "loop2"
title = "fallback loop"
[rule.when]
online = true
[rule.then]
kind = "market_regulation"
at = "platform_operator"
fallback = "loop1"
[[rule.basis]]
instrument = "order20"

[[rule]]
id = "wide"
title = "all of the city"
[rule.when]
business_within = ["130200"]
[rule.then]
kind = "market_regulation"
at = "business"
[[rule.basis]]
instrument = "order20"

[[rule]]
id = "narrow"
title = "one district"
[rule.when]
business_within = ["130203"]
categories = ["food"]
[rule.then]
kind = "market_regulation"
at = "business"
[[rule.basis]]
instrument = "order20"

[[rule]]
id = "catch_all"
title = "everything"
[rule.then]
body = "b"
[[rule.basis]]
instrument = "order20"

[[rule]]
id = "after"
title = "never reached"
[rule.when]
channels = ["letter"]
[rule.then]
body = "b"
[[rule.basis]]
instrument = "order20"

[[rule]]
id = "after"
title = "duplicate id"
[rule.then]
body = "b"
[[rule.basis]]
instrument = "order20"
"#;

#[test]
fn loading_reports_every_problem_with_its_line() {
    let Err(Error::Ruleset(problems)) = Router::from_toml(BAD) else {
        panic!("the bad file loaded");
    };
    let got: Vec<(Option<usize>, &str, &str)> = problems
        .iter()
        .map(|p| (p.line, p.kind.code(), p.path.as_str()))
        .collect();
    let expected: Vec<(Option<usize>, &str, &str)> = vec![
        (Some(1), "ruleset.schema_version", "schema_version"),
        (Some(4), "ruleset.bad_division_code", "city"),
        (Some(13), "ruleset.bad_date", "instrument[0].valid_from"),
        (
            Some(14),
            "ruleset.unknown_value",
            "instrument[0].reliability",
        ),
        (Some(20), "ruleset.unknown_value", "body[0].kind"),
        (Some(21), "ruleset.unknown_division", "body[0].division"),
        (Some(22), "ruleset.cycle", "body[0].superior"),
        (
            Some(23),
            "ruleset.unknown_value",
            "body[0].channels[0].kind",
        ),
        (Some(34), "ruleset.duplicate_id", "body[2].id"),
        (
            Some(43),
            "ruleset.unknown_category",
            "rule[0].when.categories[0]",
        ),
        (
            Some(44),
            "ruleset.unknown_channel",
            "rule[0].when.channels[0]",
        ),
        (
            Some(45),
            "ruleset.unknown_online_role",
            "rule[0].when.online_roles[0]",
        ),
        (
            Some(46),
            "ruleset.bad_amount",
            "rule[0].when.amount_at_least",
        ),
        (Some(47), "ruleset.bad_date", "rule[0].when.received_from"),
        (Some(49), "ruleset.unknown_body", "rule[0].then.body"),
        (
            Some(51),
            "ruleset.unknown_instrument",
            "rule[0].basis[0].instrument",
        ),
        (Some(56), "ruleset.no_basis", "rule[1].basis"),
        (Some(57), "ruleset.bad_target", "rule[1].then"),
        (Some(61), "ruleset.unknown_rule", "rule[1].then.fallback"),
        (Some(66), "ruleset.contradiction", "rule[2].when"),
        (Some(72), "ruleset.cycle", "rule[2].then.fallback"),
        (Some(100), "ruleset.unreachable", "rule[5].id"),
        (Some(120), "ruleset.unreachable", "rule[7].id"),
        (Some(130), "ruleset.duplicate_id", "rule[8].id"),
        (Some(130), "ruleset.unreachable", "rule[8].id"),
    ];
    assert_eq!(got, expected, "{problems}");
    let find = |path: &str| {
        problems
            .iter()
            .find(|p| p.path == path)
            .unwrap()
            .message
            .clone()
    };
    assert_eq!(find("city"), "\"13020\" is not a six-digit division code");
    assert_eq!(
        find("body[0].superior"),
        "superiors go round in a circle: a → b → a"
    );
    assert_eq!(
        find("rule[2].then.fallback"),
        "fallbacks go round in a circle: loop1 → loop2 → loop1"
    );
    assert_eq!(
        find("rule[2].when"),
        "rule \"loop1\" can never match: `received_from = 2026-01-01` is not before `received_before = 2025-01-01`"
    );
    assert_eq!(
        find("rule[5].id"),
        "rule \"narrow\" can never be reached: the earlier rule \"wide\" (rule[4]) matches every complaint it matches"
    );
    assert_eq!(
        find("rule[7].id"),
        "rule \"after\" can never be reached: the earlier rule \"catch_all\" (rule[6]) matches every complaint it matches"
    );
    assert_eq!(
        find("rule[0].when.categories[0]"),
        "\"cars\" is not a CCA category code (major, or major/minor)"
    );
    assert_eq!(
        find("rule[0].when.amount_at_least"),
        "amount \"-5\" is negative"
    );
    let e = Router::from_toml(BAD).unwrap_err();
    assert_eq!(e.code(), "routing.ruleset_invalid");
    assert!(e.to_string().starts_with("ruleset file has 25 problem(s):\n  line 1: schema_version: schema_version 2 is not 1 [ruleset.schema_version]"));
}

#[test]
fn shape_errors_have_their_line_too() {
    let unknown_key = TANGSHAN.replace("amount_below = \"100.00\"", "amount_under = \"100.00\"");
    let Err(Error::Ruleset(p)) = Router::from_toml(&unknown_key) else {
        panic!()
    };
    assert_eq!(p.len(), 1);
    assert_eq!(p.0[0].kind, ProblemKind::Syntax);
    assert_eq!(p.0[0].line, Some(55));
    assert!(
        p.0[0].message.contains("unknown field `amount_under`"),
        "{}",
        p.0[0].message
    );

    let broken = TANGSHAN.replace("name = \"唐山市 (test)\"", "name = \"唐山市 (test)");
    let Err(Error::Ruleset(p)) = Router::from_toml(&broken) else {
        panic!()
    };
    assert_eq!((p.0[0].kind, p.0[0].line), (ProblemKind::Syntax, Some(3)));
}

#[test]
fn a_file_built_in_code_is_checked_too() {
    let mut doc = RulesetFile::from_toml(TANGSHAN).unwrap();
    doc.rules[2].when.business_within = Some(vec!["999999".into()]);
    let registry = weiquan_routing::Registry::embedded().unwrap();
    let Err(Error::Ruleset(p)) = Router::from_file(doc, registry) else {
        panic!()
    };
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p.0[0].line, p.0[0].kind),
        (None, ProblemKind::BadDivisionCode)
    );
    assert_eq!(p.0[0].path, "rule[2].when.business_within[0]");
}
