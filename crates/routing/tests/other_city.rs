//! Another city is another file: a small Tangshan ruleset using the conditions the default
//! does not (amounts, the consumer's division, received-date ranges, top categories), and the
//! checks done when a file is loaded, each problem with its line.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]
// Every test here reads a TOML file.
#![cfg(feature = "toml")]

mod common;

use common::*;
use weiquan_routing::{Error, ProblemKind, Router, RulesetFile};

const TANGSHAN: &str = r#"schema_version = 2
id = "tangshan-test"
name = "唐山市 (test)"
city = "130200"

[ranking]
basis = [{ instrument = "samr_order_20", article = 13 }]

# The registry lacks the city's own rule: the file declares it.
[[instrument]]
id = "tangshan_allocation"
name_zh = "唐山市消费者投诉分办规定"
name_en = "Tangshan Provisions on Allocating Consumer Complaints (invented for this test)"
short_en = "Tangshan allocation provisions"
number = "唐政办字〔2024〕1号"
issuer_zh = "唐山市人民政府办公室"
issuer_en = "General Office of the Tangshan Municipal People's Government"
kind = "normative_document"
adopted = "2024-11-20"
in_force_from = "2025-01-01"
reliability = "unverified"
note = "Invented for the tests."

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
instrument = "tangshan_allocation"

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
instrument = "tangshan_allocation"

[[rule]]
id = "local"
title = "Business in Tangshan"
[rule.when]
business_within = ["130200"]
[rule.then]
kind = "market_regulation"
at = "business"
[[rule.basis]]
instrument = "samr_order_20"
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
instrument = "samr_order_20"
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
    // This file looks at the consumer's division, so the consumer's address is read against
    // it: 辛集市 in the address is not 古冶区.
    let d = r.route(&c).unwrap();
    assert_eq!(warning_codes(&d)[0], "address_disagrees");
    assert_eq!(
        d.warnings()[0].message_en(),
        "the consumer's division code 130204 (古冶区) and its address, which names 辛集市 (130181), disagree: routed by the code; confirm the consumer's place before accepting"
    );
    c.consumer.address = "唐山市古冶区林西街道1号".to_owned();
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

/// A city's own instrument is cited like a registry one: a decision renders it from the
/// file's fields and reports it only on the days the file says it was in force.
#[test]
fn a_local_instrument_is_cited_with_its_own_dates() {
    let r = Router::from_toml(TANGSHAN).unwrap();
    let own = r.local_instruments();
    assert_eq!(own.len(), 1);
    assert_eq!(
        own[0].kind,
        weiquan_routing::InstrumentKind::NormativeDocument
    );
    assert_eq!(
        own[0].issuer_en,
        "General Office of the Tangshan Municipal People's Government"
    );
    assert_eq!(own[0].number.as_deref(), Some("唐政办字〔2024〕1号"));
    assert_eq!(own[0].note_en.as_deref(), Some("Invented for the tests."));
    // Citations find the file's own instrument and the registry's alike.
    assert_eq!(
        r.instrument("tangshan_allocation").map(|i| i.in_force_from),
        Some(Some(chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()))
    );
    assert!(std::ptr::eq(
        r.instrument("samr_order_20").unwrap(),
        &weiquan_law::instruments::SAMR_ORDER_20
    ));

    let mut c = base();
    business(&mut c, Some("130203"), None);
    category(&mut c, "vehicles/cars_and_parts");
    c.purchase.amount_paid = "200000.00".parse().unwrap();
    let d = r.route(&c).unwrap();
    assert_eq!(d.rule().id(), "big_cars");
    let cited: Vec<_> = d.basis().collect();
    assert_eq!(cited.len(), 1);
    assert_eq!(cited[0].text_zh(), "《唐山市消费者投诉分办规定》");
    assert_eq!(cited[0].text_en(), "Tangshan allocation provisions");
    assert_eq!(
        cited[0].reliability(),
        weiquan_routing::Reliability::Unverified
    );
    assert!(
        std::ptr::eq(cited[0].instrument, &own[0]),
        "borrowed from the router"
    );
    // (The consumer is in 辛集市, which carries a division note.)
    assert_eq!(warning_codes(&d), ["division_note", "unverified_basis"]);
    let json = serde_json::to_value(d.report(&c.id)).unwrap();
    assert_eq!(json["basis"][0]["instrument"], "tangshan_allocation");
    assert_eq!(json["basis"][0]["reliability"], "unverified");

    // The small-goods rule applies to complaints received before 2026, but the provisions
    // only from 2025: in 2024 the rule decides with no basis in force, and says so.
    let mut c = base();
    business(&mut c, Some("130203"), None);
    c.purchase.amount_paid = "99.99".parse().unwrap();
    c.consumer.division = code("130204");
    c.consumer.address = "唐山市古冶区林西街道1号".to_owned();
    received(&mut c, "2024-06-01T10:00:00+08:00");
    let d = r.route(&c).unwrap();
    assert_eq!(d.rule().id(), "small_goods_local_consumers");
    assert_eq!(d.basis().count(), 0);
    // (古冶区 has no bureau of its own: the city's, with a warning.)
    assert_eq!(
        warning_codes(&d),
        ["higher_level_body", "no_basis_in_force"]
    );
    received(&mut c, "2025-01-01T00:00:00+08:00");
    assert_eq!(basis(&r.route(&c).unwrap()), ["tangshan_allocation"]);
}

/// A file that declares what the registry holds, or cites an old id, is told what to do.
#[test]
fn registry_instruments_are_cited_not_redefined() {
    let redefined = TANGSHAN.replace(
        "[[body]]\nid = \"samr.130200\"",
        "[[instrument]]\nid = \"crpl\"\nname_zh = \"中华人民共和国消费者权益保护法\"\nname_en = \"CRPL\"\n\
         issuer_zh = \"全国人民代表大会常务委员会\"\nissuer_en = \"NPCSC\"\nkind = \"law\"\n\
         in_force_from = \"2014-03-15\"\nreliability = \"V\"\n\n[[body]]\nid = \"samr.130200\"",
    );
    let Err(Error::Ruleset(p)) = Router::from_toml(&redefined) else {
        panic!("a registry instrument was redefined")
    };
    assert_eq!(p.len(), 1, "{p}");
    assert_eq!(p.0[0].kind, ProblemKind::BuiltInInstrument);
    assert_eq!(p.0[0].path, "instrument[1].id");
    assert_eq!(p.0[0].line, Some(25));
    assert!(
        p.0[0].message.ends_with(
            "this instrument is in the built-in registry; cite it by id without redefining it"
        ),
        "{}",
        p.0[0].message
    );

    let old_id = TANGSHAN.replace(
        "instrument = \"samr_order_20\", article = 13",
        "instrument = \"order121\"",
    );
    let Err(Error::Ruleset(p)) = Router::from_toml(&old_id) else {
        panic!("an unknown id was accepted")
    };
    assert_eq!(p.0[0].kind, ProblemKind::UnknownInstrument);
    assert!(
        p.0[0].message.ends_with("did you mean \"samr_order_121\"?"),
        "{}",
        p.0[0].message
    );
}

/// Every kind of problem, each reported with its line.
const BAD: &str = r#"schema_version = 1
id = "bad"
name = "bad"
city = "13020"

[ranking]
basis = [{ instrument = "order20", article = 13 }]

[[instrument]]
id = "samr_order_20"
name_zh = "市场监督管理投诉举报处理暂行办法"
name_en = "SAMR Order No. 20"
issuer_zh = "国家市场监督管理总局"
issuer_en = "SAMR"
kind = "departmental_rule"
in_force_from = "2020-01-01"
reliability = "V"

[[instrument]]
id = "local"
name_zh = "甲"
name_en = "A"
issuer_zh = "甲"
issuer_en = "A"
kind = "bylaw"
in_force_from = "2020-13-01"
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
received_while_in_force = "postal_law"
[rule.then]
body = "nobody"
[[rule.basis]]
instrument = "nolaw"
[[rule.basis]]
instrument = "crpl"
version = 2001
paragraph = 2
[[rule.basis]]
instrument = "local"

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
instrument = "samr_order_20"

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
instrument = "samr_order_20"

[[rule]]
id = "wide"
title = "all of the city"
[rule.when]
business_within = ["130200"]
[rule.then]
kind = "market_regulation"
at = "business"
[[rule.basis]]
instrument = "samr_order_20"

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
instrument = "samr_order_20"

[[rule]]
id = "catch_all"
title = "everything"
[rule.then]
body = "b"
[[rule.basis]]
instrument = "samr_order_20"

[[rule]]
id = "after"
title = "never reached"
[rule.when]
channels = ["letter"]
[rule.then]
body = "b"
[[rule.basis]]
instrument = "samr_order_20"

[[rule]]
id = "after"
title = "duplicate id"
[rule.then]
body = "b"
[[rule.basis]]
instrument = "samr_order_20"

[[rule]]
id = "late"
title = "cites a repealed order for complaints under its successor"
continue = true
[rule.when]
received_while_in_force = "samr_order_121"
[rule.then]
body = "b"
[[rule.basis]]
instrument = "samr_order_20"
article = 12
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
        (
            Some(7),
            "ruleset.unknown_instrument",
            "ranking.basis[0].instrument",
        ),
        (Some(10), "ruleset.built_in_instrument", "instrument[0].id"),
        (Some(25), "ruleset.unknown_value", "instrument[1].kind"),
        (Some(26), "ruleset.bad_date", "instrument[1].in_force_from"),
        (
            Some(27),
            "ruleset.unknown_value",
            "instrument[1].reliability",
        ),
        (Some(33), "ruleset.unknown_value", "body[0].kind"),
        (Some(34), "ruleset.unknown_division", "body[0].division"),
        (Some(35), "ruleset.cycle", "body[0].superior"),
        (
            Some(36),
            "ruleset.unknown_value",
            "body[0].channels[0].kind",
        ),
        (Some(47), "ruleset.duplicate_id", "body[2].id"),
        (
            Some(56),
            "ruleset.unknown_category",
            "rule[0].when.categories[0]",
        ),
        (
            Some(57),
            "ruleset.unknown_channel",
            "rule[0].when.channels[0]",
        ),
        (
            Some(58),
            "ruleset.unknown_online_role",
            "rule[0].when.online_roles[0]",
        ),
        (
            Some(59),
            "ruleset.bad_amount",
            "rule[0].when.amount_at_least",
        ),
        (Some(60), "ruleset.bad_date", "rule[0].when.received_from"),
        (
            Some(61),
            "ruleset.bad_date",
            "rule[0].when.received_while_in_force",
        ),
        (Some(63), "ruleset.unknown_body", "rule[0].then.body"),
        (
            Some(65),
            "ruleset.unknown_instrument",
            "rule[0].basis[0].instrument",
        ),
        // Paragraph without article, and a version the CRPL does not have. The citation of
        // the broken `local` instrument (line 71) is not a problem of its own.
        (Some(66), "ruleset.bad_citation", "rule[0].basis[1]"),
        (Some(68), "ruleset.bad_citation", "rule[0].basis[1].version"),
        (Some(76), "ruleset.no_basis", "rule[1].basis"),
        (Some(77), "ruleset.bad_target", "rule[1].then"),
        (Some(81), "ruleset.unknown_rule", "rule[1].then.fallback"),
        (Some(86), "ruleset.contradiction", "rule[2].when"),
        (Some(92), "ruleset.cycle", "rule[2].then.fallback"),
        (Some(120), "ruleset.unreachable", "rule[5].id"),
        (Some(140), "ruleset.unreachable", "rule[7].id"),
        (Some(150), "ruleset.duplicate_id", "rule[8].id"),
        (Some(150), "ruleset.unreachable", "rule[8].id"),
        (
            Some(165),
            "ruleset.citation_out_of_force",
            "rule[9].basis[0]",
        ),
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
    // Every problem also says in Chinese what kind it is and where, quoting the detail.
    for p in problems.iter() {
        let zh = p.message_zh();
        assert!(
            zh.contains(p.kind.name_zh()) && zh.contains(&p.path),
            "{zh}"
        );
        assert!(zh.contains(&p.message), "{zh}");
    }
    let city = problems.iter().find(|p| p.path == "city").unwrap();
    assert_eq!(
        city.message_zh(),
        "第4行 city：不是六位行政区划代码（\"13020\" is not a six-digit division code）"
    );
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
    // The registry's instruments are cited, never redefined: their dates live in one place.
    assert_eq!(
        find("instrument[0].id"),
        "instrument \"samr_order_20\": this instrument is in the built-in registry; cite it by id without redefining it"
    );
    // An old id finds its registry id; an id like nothing lists the known ones.
    assert_eq!(
        find("ranking.basis[0].instrument"),
        "instrument \"order20\" is neither in the built-in registry nor declared by an [[instrument]] of this file; did you mean \"samr_order_20\"?"
    );
    let nolaw = find("rule[0].basis[0].instrument");
    assert!(
        nolaw.contains("the known ids are crpl, crpl_regulations, samr_order_20, samr_order_121,"),
        "{nolaw}"
    );
    assert_eq!(
        find("rule[0].basis[1].version"),
        "CRPL models no version of 2001 (its versions: 1993, 2013)"
    );
    assert_eq!(
        find("rule[9].basis[0]"),
        "SAMR Order No. 20, Art. 12 is in force 2020-01-01 to 2026-04-14, on no day rule \"late\" applies (received from 2026-04-15 and before …)"
    );
    assert!(find("schema_version").contains("order20 is samr_order_20"));
    let e = Router::from_toml(BAD).unwrap_err();
    assert_eq!(e.code(), "routing.ruleset_invalid");
    assert!(e.to_string().starts_with(
        "ruleset file has 32 problem(s):\n  line 1: schema_version: schema_version 1 is not 2: version 2 cites"
    ));
}

#[test]
fn shape_errors_have_their_line_too() {
    let unknown_key = TANGSHAN.replace("amount_below = \"100.00\"", "amount_under = \"100.00\"");
    let Err(Error::Ruleset(p)) = Router::from_toml(&unknown_key) else {
        panic!()
    };
    assert_eq!(p.len(), 1);
    assert_eq!(p.0[0].kind, ProblemKind::Syntax);
    assert_eq!(p.0[0].line, Some(56));
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

/// Ten megabytes of bad rules: the report lists the first 100 problems and one
/// `ruleset.too_many_problems` counting the rest, and no message quotes more than 300
/// characters of a value (a report once took 1 GB for a 10 MB file).
#[test]
fn ten_megabytes_of_bad_rules_give_a_capped_report() {
    let mut text = TANGSHAN.to_owned();
    let long = "x".repeat(2000);
    let mut k = 0;
    while text.len() < 10 << 20 {
        text.push_str(&format!(
            "\n[[rule]]\nid = \"bad{k}\"\ntitle = \"t\"\n[rule.when]\ncategories = [\"{long}\"]\nconsumer_within = [\"99999\"]\n[rule.then]\nbody = \"nobody\"\n[[rule.basis]]\ninstrument = \"tangshan_allocation\"\n"
        ));
        k += 1;
    }
    let Err(Error::Ruleset(p)) = Router::from_toml(&text) else {
        panic!("the file is rejected")
    };
    assert_eq!(p.len(), 101, "{}", p.0[0]);
    let last = &p.0[100];
    assert_eq!(last.kind, ProblemKind::TooMany);
    assert_eq!(last.kind.code(), "ruleset.too_many_problems");
    assert!(
        last.message.contains(" more problems not listed"),
        "{}",
        last.message
    );
    let more: usize = last.message.split(' ').next().unwrap().parse().unwrap();
    assert!(more + 100 >= 3 * k, "{more} for {k} rules");
    for q in &p.0[..100] {
        assert!(q.message.chars().count() <= 301, "{}", q.message.len());
    }
    assert!(Error::Ruleset(p).to_string().len() < 100 * 500);
}
