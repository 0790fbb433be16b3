//! The laws of routing, as property tests: every county-level code of Shijiazhuang routes to a
//! body in that county (or its successor); routing is deterministic; every abolished code
//! resolves to a live one; a ruleset survives a serialise/parse round trip; the receiving
//! body, when it has authority, ranks first; Order No. 121 narrows, never widens, the
//! candidates of an in-platform seller without a reachable address.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]
// The round trips through TOML need the `toml` feature; without it their helpers are unused.
#![cfg_attr(not(feature = "toml"), allow(dead_code, unused_imports))]

mod common;

use std::sync::OnceLock;

use chrono::{Duration, NaiveDate, TimeZone};
use common::*;
use proptest::prelude::*;
use weiquan_complaint::{CST, Channel, MajorCategory, OnlineRole};
use weiquan_routing::{
    BodyDoc, ChannelDoc, CitationDoc, ConditionsDoc, Error, InstrumentDoc, RankingDoc, Registry,
    RouteOptions, Router, RuleDoc, RulesetFile, TargetDoc,
};
use weiquan_synth::generate::Generator;

fn router() -> &'static Router {
    static R: OnceLock<Router> = OnceLock::new();
    R.get_or_init(|| Router::shijiazhuang().unwrap())
}

/// A second router, loaded separately, for the determinism law.
fn router_again() -> &'static Router {
    static R: OnceLock<Router> = OnceLock::new();
    R.get_or_init(|| Router::shijiazhuang().unwrap())
}

/// Majors that no sector rule takes: they stay with market regulation.
const MARKET_MAJORS: &[MajorCategory] = &[
    MajorCategory::DailyGoods,
    MajorCategory::HouseholdAppliances,
    MajorCategory::ClothingFootwear,
    MajorCategory::Food,
    MajorCategory::Vehicles,
    MajorCategory::HousingMaterials,
    MajorCategory::JewelleryStationerySports,
    MajorCategory::TobaccoAlcoholBeverages,
    MajorCategory::MedicineMedical,
    MajorCategory::AgriculturalInputs,
    MajorCategory::LifeSocialServices,
    MajorCategory::DecorationProperty,
    MajorCategory::CultureEntertainmentSports,
    MajorCategory::SalesServices,
    MajorCategory::AgriculturalTechnical,
    MajorCategory::Other,
];

fn instant(days: i64, secs: i64) -> chrono::DateTime<chrono::FixedOffset> {
    let start = NaiveDate::from_ymd_opt(2020, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    CST.from_local_datetime(&(start + Duration::days(days) + Duration::seconds(secs)))
        .unwrap()
}

/// Every code under 130100 in the registry, live or abolished, development zones included.
fn shijiazhuang_codes() -> Vec<String> {
    router()
        .registry()
        .children(code("130100"))
        .map(|d| d.code.to_string())
        .collect()
}

#[test]
fn there_are_thirty_shijiazhuang_codes_to_check() {
    // 22 live units, 2 development zones, 6 abolished codes.
    assert_eq!(shijiazhuang_codes().len(), 30);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_county_level_code_routes_to_a_body_in_that_county(
        idx in 0usize..30,
        major in prop::sample::select(MARKET_MAJORS),
        ch in prop::sample::select(vec![Channel::Hotline12315, Channel::Web12315, Channel::Wechat, Channel::Letter, Channel::InPerson]),
        days in 0i64..(365 * 8),
        secs in 0i64..86_400,
        address in prop::sample::select(vec!["石家庄市某路1号", "石家庄市桥东区休门街道", "石家庄市桥东区建安街道"]),
    ) {
        let r = router();
        let codes = shijiazhuang_codes();
        let given = code(&codes[idx]);
        let mut c = base();
        business(&mut c, Some(&codes[idx]), Some(address));
        c.purchase.category = weiquan_complaint::Category::major_only(major);
        c.channel = ch;
        c.received_at = instant(days, secs);
        let d = r.route(&c).unwrap();
        let live = r.registry().resolve(given, None).unwrap().live;
        let body_division = d.body().division().unwrap();
        prop_assert!(live.contains(&body_division), "{given} went to {body_division}");
        prop_assert_eq!(d.body().kind(), weiquan_routing::BodyKind::MarketRegulation);
        prop_assert!(!d.body().is_generated());
        prop_assert_eq!(d.rule().id(), "business_local");
    }

}

/// Every one of the city's live county-level units (not only a sample: there are 30 codes,
/// some abolished or development zones, which a random sample would have to skip).
#[test]
fn every_live_unit_routes_association_complaints_to_its_own_association() {
    let r = router();
    let mut checked = 0;
    for unit in shijiazhuang_codes() {
        let d0 = r.registry().get(code(&unit)).unwrap();
        if d0.is_abolished() || d0.kind == weiquan_routing::DivisionKind::DevZone {
            continue;
        }
        let mut c = base();
        business(&mut c, Some(&unit), None);
        channel(&mut c, "association_app");
        let d = r.route(&c).unwrap();
        assert_eq!(d.body().id(), format!("ca.{unit}"));
        checked += 1;
    }
    // 22 of the 30: the others are abolished or development zones.
    assert_eq!(checked, 22, "live units");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A decision depends on where and what the complaint is about, never on who the
    /// consumer is: replacing every piece of personal data (name, resident ID, mobile,
    /// address, the narrative) leaves the whole report unchanged — and routing twice, or
    /// with a router built anew, gives the same report. A rule that matched on personal data
    /// would fail this.
    #[test]
    fn routing_ignores_personal_data_and_is_repeatable(seed in any::<u64>(), other in any::<u64>()) {
        let r = router();
        let again = router_again();
        let strangers: Vec<_> = Generator::new(other).take(20).collect();
        for (c, stranger) in Generator::new(seed).take(20).zip(strangers) {
            let report = |c: &weiquan_complaint::Complaint, r: &Router| {
                r.route(c).map(|d| serde_json::to_string(&d.report(&c.id)).unwrap())
            };
            let a = report(&c, r);
            prop_assert_eq!(&a, &report(&c, r));
            prop_assert_eq!(&a, &report(&c, again));
            let mut masked = c.clone();
            masked.consumer.name = stranger.consumer.name.clone();
            masked.consumer.resident_id = stranger.consumer.resident_id;
            masked.consumer.mobile = stranger.consumer.mobile;
            masked.consumer.address = stranger.consumer.address.clone();
            masked.description = stranger.description.clone();
            prop_assert_eq!(&a, &report(&masked, r), "personal data changed the decision for {}", c.id);
        }
    }

    /// Every citation a decision gives rests on an instrument in force on the day the
    /// complaint was received: Order No. 20 never grounds a decision received from
    /// 2026-04-15, Order No. 121 none received before.
    #[test]
    fn a_decision_cites_only_law_in_force_on_the_received_day(seed in any::<u64>(), day in 0i64..2900) {
        let r = router();
        let start = CST.with_ymd_and_hms(2020, 1, 1, 10, 0, 0).unwrap();
        for mut c in Generator::new(seed).take(10) {
            c.received_at = start + Duration::days(day);
            let received = c.received_at.with_timezone(&CST).date_naive();
            if let Ok(d) = r.route(&c) {
                for cited in d.basis() {
                    prop_assert!(
                        cited.instrument.in_force_on(received),
                        "{} cites {} for a complaint received {}",
                        d.rule().id(),
                        cited.text_en(),
                        received
                    );
                }
            }
        }
    }

    #[test]
    fn routing_any_generated_complaint_gives_a_body_or_a_named_error(seed in any::<u64>(), div in 110_000u32..660_000) {
        let r = router();
        for mut c in Generator::new(seed).take(10) {
            if let Some(d) = weiquan_complaint::DivisionCode::new(div) {
                c.business.division = Some(d);
            }
            match r.route(&c) {
                Ok(d) => {
                    prop_assert!(d.candidate_count() >= 1);
                    prop_assert_eq!(d.candidates().next().unwrap().body, d.body());
                    let trail = d.trail();
                    let first = trail.iter().any(|s| {
                        matches!(
                            s.outcome,
                            weiquan_routing::Outcome::Matched { rank: 1, .. }
                                | weiquan_routing::Outcome::ViaFallback { rank: 1, .. }
                        )
                    });
                    prop_assert!(first);
                }
                Err(Error::UnknownDivision { field, .. }) => prop_assert_eq!(field, "/business/division"),
                Err(e) => prop_assert!(false, "unexpected error {e}"),
            }
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn abolished_codes_resolve_to_codes_live_on_the_date(days in -20_000i64..5_000) {
        let reg = router().registry();
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(days);
        for d in reg.iter().filter(|d| d.is_abolished()) {
            let res = reg.resolve(d.code, Some(date)).unwrap();
            prop_assert!(!res.live.is_empty());
            for live in &res.live {
                prop_assert!(reg.get(*live).unwrap().is_unabolished_on(date), "{} → {live} on {date}", d.code);
            }
            prop_assert_eq!(res.path.first(), Some(&d.code));
            prop_assert!(res.live.contains(res.path.last().unwrap()));
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_receiving_body_ranks_first_when_it_is_a_candidate(seed in any::<u64>(), pick in 0usize..4) {
        let r = router();
        for c in Generator::new(seed).take(20) {
            let Ok(d) = r.route(&c) else { continue };
            let ids: Vec<String> = d.candidates().map(|c| c.body.id().into_owned()).collect();
            let receiver = &ids[pick % ids.len()];
            let ranked = r.route_with(&c, &RouteOptions { received_by: Some(receiver) }).unwrap();
            let mut after: Vec<String> = ranked.candidates().map(|c| c.body.id().into_owned()).collect();
            prop_assert_eq!(&after[0], receiver);
            let mut before = ids.clone();
            before.sort();
            after.sort();
            prop_assert_eq!(before, after);
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn order_121_narrows_the_candidates_of_an_unreachable_seller(
        seller in prop::sample::select(vec!["130102", "130104", "130133", "130203", "110105"]),
        platform in prop::sample::select(vec!["330110", "110115", "310105", "130102"]),
        published in any::<bool>(),
        secs in -3 * 86_400i64..3 * 86_400,
    ) {
        let r = router();
        let mut c = base();
        business(&mut c, Some(seller), None);
        online(&mut c, OnlineRole::InPlatform, Some(platform), published, !published);
        let boundary = CST.with_ymd_and_hms(2026, 4, 15, 0, 0, 0).unwrap();
        c.received_at = boundary + Duration::seconds(secs);
        let d = r.route(&c).unwrap();
        let ids: Vec<String> = d.candidates().map(|c| c.body.id().into_owned()).collect();
        let platform_body = r.route(&{
            let mut p = c.clone();
            business(&mut p, Some(platform), None);
            p.business.online = None;
            p
        }).unwrap().body().id().into_owned();
        if secs >= 0 {
            prop_assert_eq!(ids, vec![platform_body]);
            prop_assert_eq!(d.rule().id(), "in_platform_order121_platform_only");
        } else {
            prop_assert!(ids.contains(&platform_body));
            prop_assert_eq!(d.rule().id(), "in_platform_place_of_business");
        }
    }
}

#[cfg(feature = "toml")]
#[test]
fn the_default_ruleset_survives_a_round_trip() {
    let r = router();
    let text = r.ruleset().to_toml().unwrap();
    let back = RulesetFile::from_toml(&text).unwrap();
    assert_eq!(&back, r.ruleset());
    // And the router built from the written file decides the same.
    let again = Router::from_toml(&text).unwrap();
    for c in Generator::new(5).take(500) {
        let a = r
            .route(&c)
            .map(|d| serde_json::to_value(d.report(&c.id)).unwrap());
        let b = again
            .route(&c)
            .map(|d| serde_json::to_value(d.report(&c.id)).unwrap());
        assert_eq!(a, b);
    }
}

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,12}"
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn opt_list() -> impl Strategy<Value = Option<Vec<String>>> {
    proptest::option::of(proptest::collection::vec(text(), 0..3))
}

fn citation() -> impl Strategy<Value = CitationDoc> {
    (
        text(),
        proptest::option::of(1990u16..2030),
        proptest::option::of(1u16..200),
        proptest::option::of(1u16..9),
        proptest::option::of(1u16..9),
        opt_text(),
        opt_text(),
        opt_text(),
    )
        .prop_map(
            |(instrument, version, article, paragraph, item, reliability, note, note_zh)| {
                CitationDoc {
                    instrument,
                    version,
                    article,
                    paragraph,
                    item,
                    reliability,
                    note,
                    note_zh,
                }
            },
        )
}

fn conditions() -> impl Strategy<Value = ConditionsDoc> {
    (
        (
            opt_list(),
            opt_list(),
            opt_list(),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            opt_list(),
            proptest::option::of(any::<bool>()),
        ),
        (
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            opt_list(),
            opt_list(),
            proptest::option::of(any::<bool>()),
            opt_list(),
            opt_list(),
        ),
        (
            opt_list(),
            opt_list(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text(),
        ),
    )
        .prop_map(|(a, b, c)| ConditionsDoc {
            channels: a.0,
            business_within: a.1,
            business_outside: a.2,
            business_division_known: a.3,
            online: a.4,
            online_roles: a.5,
            address_published: a.6,
            reachable_at_address: b.0,
            seller_contactable: b.1,
            platform_operator_within: b.2,
            platform_operator_outside: b.3,
            platform_operator_known: b.4,
            categories: b.5,
            top_categories: b.6,
            consumer_within: c.0,
            consumer_outside: c.1,
            amount_at_least: c.2,
            amount_below: c.3,
            received_from: c.4,
            received_before: c.5,
            received_while_in_force: c.6,
        })
}

fn rule() -> impl Strategy<Value = RuleDoc> {
    (
        text(),
        text(),
        any::<bool>(),
        opt_text(),
        conditions(),
        (opt_text(), opt_text(), opt_text(), opt_text()),
        proptest::collection::vec(citation(), 0..3),
    )
        .prop_map(|(id, title, continues, note, when, t, basis)| RuleDoc {
            id,
            title,
            continues,
            note,
            when,
            then: TargetDoc {
                body: t.0,
                kind: t.1,
                at: t.2,
                fallback: t.3,
            },
            basis,
        })
}

fn body() -> impl Strategy<Value = BodyDoc> {
    (
        text(),
        text(),
        text(),
        text(),
        opt_text(),
        opt_text(),
        proptest::collection::vec((text(), text()), 0..3),
        opt_text(),
    )
        .prop_map(
            |(id, name_zh, name_en, kind, division, superior, channels, note)| BodyDoc {
                id,
                name_zh,
                name_en,
                kind,
                division,
                superior,
                channels: channels
                    .into_iter()
                    .map(|(kind, value)| ChannelDoc { kind, value })
                    .collect(),
                note,
            },
        )
}

fn instrument() -> impl Strategy<Value = InstrumentDoc> {
    (
        (text(), text(), text(), opt_text(), opt_text()),
        (text(), text(), text()),
        (opt_text(), opt_text(), opt_text(), text(), opt_text()),
    )
        .prop_map(|(names, issuer, rest)| InstrumentDoc {
            id: names.0,
            name_zh: names.1,
            name_en: names.2,
            short_en: names.3,
            number: names.4,
            issuer_zh: issuer.0,
            issuer_en: issuer.1,
            kind: issuer.2,
            adopted: rest.0,
            in_force_from: rest.1,
            in_force_to: rest.2,
            reliability: rest.3,
            note: rest.4,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[cfg(feature = "toml")]
    #[test]
    fn any_ruleset_document_survives_a_round_trip(
        id in text(),
        name in text(),
        city in text(),
        description in opt_text(),
        ranking in (proptest::collection::vec(citation(), 0..3), opt_text()),
        instruments in proptest::collection::vec(instrument(), 0..3),
        bodies in proptest::collection::vec(body(), 0..4),
        rules in proptest::collection::vec(rule(), 0..4),
        version in any::<u32>(),
    ) {
        let doc = RulesetFile {
            schema_version: version,
            id,
            name,
            city,
            description,
            ranking: RankingDoc { basis: ranking.0, note: ranking.1 },
            instruments,
            bodies,
            rules,
        };
        let text = doc.to_toml().unwrap();
        let back = RulesetFile::from_toml(&text);
        prop_assert_eq!(back.as_ref(), Ok(&doc), "{}", text);
    }
}

#[test]
fn registry_loads_on_its_own() {
    let reg = Registry::embedded().unwrap();
    assert!(
        reg.iter().filter(|d| d.is_abolished()).all(|d| !reg
            .resolve(d.code, None)
            .unwrap()
            .live
            .is_empty())
    );
}
