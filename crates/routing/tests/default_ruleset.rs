//! Exact tests of every rule of the default Shijiazhuang ruleset, including the change of the
//! in-platform rule under Order No. 121 on 2026-04-15.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::*;
use weiquan_complaint::OnlineRole;
use weiquan_routing::{Error, Ranking, RouteOptions, Router};

fn router() -> Router {
    Router::shijiazhuang().unwrap()
}

fn c3(rank: usize, body: &str, rule: &str) -> (usize, String, String) {
    (rank, body.to_owned(), rule.to_owned())
}

#[test]
fn the_default_ruleset_has_its_rules_in_order() {
    let r = router();
    let ids: Vec<&str> = r.rules().iter().map(|r| r.id()).collect();
    assert_eq!(
        ids,
        [
            "association_channel",
            "association_channel_platform",
            "finance_nfra_hebei",
            "finance_pbc_hebei",
            "finance_nfra_national",
            "finance_pbc_national",
            "insurance_hebei",
            "insurance_national",
            "telecom_hebei",
            "telecom_national",
            "health_care",
            "education",
            "transport",
            "postal",
            "tourism",
            "platform_operator_or_own_site",
            "in_platform_order121_platform_only",
            "in_platform_place_of_business",
            "in_platform_platform_domicile",
            "business_elsewhere",
            "business_local",
        ]
    );
    // 22 county-level units × (bureau + association) + the province and city bureaus, the
    // city committee, two development-zone bureaus and eleven sector bodies.
    assert_eq!(r.bodies().len(), 44 + 5 + 11);
}

#[test]
fn business_local_sends_a_shop_to_its_county_bureau() {
    let r = router();
    let c = base();
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130111");
    assert_eq!(d.body().name_zh(), "石家庄市栾城区市场监督管理局");
    assert_eq!(d.body().division(), Some(code("130111")));
    assert!(!d.body().is_external());
    assert_eq!(d.rule().id(), "business_local");
    assert_eq!(basis(&d), ["samr_order_20 12(1)"]);
    assert_eq!(
        d.basis().next().unwrap().text_zh(),
        "《市场监督管理投诉举报处理暂行办法》第十二条第一款"
    );
    assert_eq!(candidates(&d), [c3(1, "samr.130111", "business_local")]);
    assert!(d.warnings().is_empty());
    assert_eq!(d.ranking(), Ranking::RuleOrder);
    assert_eq!(d.received_date().to_string(), "2025-12-24");

    // The trail: every rule up to business_local, each with why it did not match.
    let trail = d.trail();
    assert_eq!(trail.len(), 21);
    assert_eq!(trail[0].rule.id(), "association_channel");
    assert_eq!(trail[0].outcome.reason_code(), Some("channel"));
    assert_eq!(
        trail[0].outcome.message(),
        "channel hotline_12315 is not one the rule lists"
    );
    assert_eq!(
        trail[2].outcome.message(),
        "category household_appliances is not one the rule lists"
    );
    assert_eq!(
        trail[15].outcome.message(),
        "the business does not sell online"
    );
    assert_eq!(trail[19].rule.id(), "business_elsewhere");
    assert_eq!(
        trail[19].outcome.message(),
        "the business's division 130111 lies within 130100, which the rule excludes"
    );
    assert_eq!(trail[20].outcome.code(), "matched");
    assert_eq!(
        trail[20].outcome.message(),
        "matched: samr.130111 (candidate 1)"
    );
}

#[test]
fn business_local_maps_abolished_codes_to_their_successors() {
    let r = router();
    let mut c = base();
    let route = |c: &weiquan_complaint::Complaint| {
        let d = r.route(c).unwrap();
        (
            d.body().id().into_owned(),
            d.warnings()
                .iter()
                .map(|w| w.message_en())
                .collect::<Vec<_>>(),
        )
    };
    for (old, new) in [
        ("130182", "130109"),
        ("130185", "130110"),
        ("130124", "130111"),
        ("130106", "130108"),
        ("130122", "130110"),
    ] {
        business(&mut c, Some(old), None);
        let (body, warnings) = route(&c);
        assert_eq!(body, format!("samr.{new}"), "{old}");
        assert_eq!(
            warnings[0],
            format!(
                "the business's division code {old} is abolished; its successor {new} was used"
            )
        );
    }
    // 郊区 and 获鹿县 carry notes: their successors come from a single source.
    business(&mut c, Some("130106"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(warning_codes(&d), ["abolished_code", "division_note"]);
    assert_eq!(
        d.warnings()[1].message_zh(),
        "被投诉经营者的区划130106：郊区(130106)的继承代码仅见于单一来源（python-stdnum loc.dat），系推定［U］"
    );

    // 桥东区 was split: the address decides, else the first successor, with a warning.
    business(
        &mut c,
        Some("130103"),
        Some("石家庄市桥东区休门街道育才街12号"),
    );
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130104");
    assert_eq!(
        d.warnings()[0].message_en(),
        "the business's division code 130103 was abolished and split; the address names the subdistrict 休门街道, which went to 130104"
    );
    business(&mut c, Some("130103"), Some("石家庄市桥东区胜北街道"));
    assert_eq!(r.route(&c).unwrap().body().id(), "samr.130102");
    business(&mut c, Some("130103"), Some("石家庄市桥东区某路1号"));
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130102");
    assert_eq!(warning_codes(&d), ["split_code"]);
    assert_eq!(
        d.warnings()[0].message_zh(),
        "被投诉经营者的行政区划代码130103已撤销并拆分；地址无法判断归属，暂按第一个继承代码130102处理，请核实地址"
    );
}

#[test]
fn business_local_flags_zones_pilots_and_city_level_codes() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130171"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130171");
    assert_eq!(d.body().name_zh(), "石家庄高新技术产业开发区市场监督管理局");
    assert_eq!(warning_codes(&d), ["development_zone"]);

    business(&mut c, Some("130172"), None);
    assert_eq!(r.route(&c).unwrap().body().id(), "samr.130172");

    business(&mut c, Some("130181"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130181");
    assert_eq!(d.body().name_zh(), "辛集市市场监督管理局");
    assert_eq!(warning_codes(&d), ["division_note"]);
    assert_eq!(
        d.warnings()[0].message_en(),
        "the business's division 130181: 辛集市 is a county-level city under Shijiazhuang in the MCA list but administered directly by Hebei province as a pilot (省直管试点县(市)); older NBS statistical codes put it under 139000 as 139002 [S]"
    );

    // Only the city is known: the city bureau, and a warning.
    business(&mut c, Some("130100"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130100");
    assert_eq!(warning_codes(&d), ["not_county_level"]);
}

#[test]
fn business_elsewhere_is_an_external_referral() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130203"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.rule().id(), "business_elsewhere");
    let b = d.body();
    assert_eq!(b.id(), "generated.market_regulation.130203");
    assert_eq!(b.name_zh(), "唐山市路北区市场监督管理局");
    assert_eq!(
        b.name_en(),
        "Administration for Market Regulation of 唐山市路北区 (130203)"
    );
    assert!(b.is_generated() && b.is_external());
    assert_eq!(basis(&d), ["samr_order_20 12(1)", "samr_order_20 15[1]"]);
    assert_eq!(warning_codes(&d), ["generated_body"]);
    assert_eq!(
        d.warnings()[0].message_en(),
        "external referral: the body for 130203 is generated from the division registry; confirm its name and contacts"
    );
    // A municipality's district and a province-administered city.
    business(&mut c, Some("110105"), None);
    assert_eq!(
        r.route(&c).unwrap().body().name_zh(),
        "北京市朝阳区市场监督管理局"
    );
    business(&mut c, Some("419001"), None);
    assert_eq!(
        r.route(&c).unwrap().body().name_zh(),
        "济源市市场监督管理局"
    );
    // The province itself is a listed body.
    business(&mut c, Some("130000"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130000");
    assert_eq!(warning_codes(&d), ["not_county_level"]);
}

#[test]
fn platform_operators_and_own_sites_go_to_their_domicile() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130108"), None);
    online(&mut c, OnlineRole::OwnSite, None, true, true);
    let d = r.route(&c).unwrap();
    assert_eq!(d.rule().id(), "platform_operator_or_own_site");
    assert_eq!(d.body().id(), "samr.130108");
    assert_eq!(basis(&d), ["samr_order_20 12(2)"]);
    assert!(d.warnings().is_empty());

    business(&mut c, Some("110108"), None);
    online(&mut c, OnlineRole::PlatformOperator, None, true, true);
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "generated.market_regulation.110108");
    assert_eq!(d.body().name_zh(), "北京市海淀区市场监督管理局");

    // From 2026-04-15 the basis is Order No. 121, a secondary source.
    received(&mut c, "2026-04-15T09:00:00+08:00");
    business(&mut c, Some("130108"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130108");
    assert_eq!(basis(&d), ["samr_order_121"]);
    assert_eq!(warning_codes(&d), ["unverified_basis"]);
    assert_eq!(
        d.warnings()[0].message_en(),
        "the basis of rule platform_operator_or_own_site rests on a source marked [S]: legal review needed"
    );
}

#[test]
fn in_platform_sellers_have_two_candidates_under_order_20() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130102"), None);
    online(&mut c, OnlineRole::InPlatform, Some("330110"), false, true);
    // The last second of Order No. 20: even an unpublished address leaves both candidates.
    received(&mut c, "2026-04-14T23:59:59+08:00");
    let d = r.route(&c).unwrap();
    assert_eq!(
        candidates(&d),
        [
            c3(1, "samr.130102", "in_platform_place_of_business"),
            c3(
                2,
                "generated.market_regulation.330110",
                "in_platform_platform_domicile"
            ),
        ]
    );
    assert_eq!(d.rule().id(), "in_platform_place_of_business");
    assert_eq!(basis(&d), ["samr_order_20 12(2)"]);
    assert_eq!(d.ranking(), Ranking::RuleOrder);
    assert_eq!(
        d.ranking_basis().map(|c| cite(&c)).collect::<Vec<_>>(),
        ["samr_order_20 13"]
    );
    assert!(d.warnings().is_empty());
    let trail = d.trail();
    assert_eq!(trail.len(), 19);
    assert_eq!(trail[16].rule.id(), "in_platform_order121_platform_only");
    assert_eq!(
        trail[16].outcome.message(),
        "received before 2026-04-15, when the rule starts"
    );
    assert_eq!(
        trail[18].outcome.message(),
        "matched: generated.market_regulation.330110 (candidate 2)"
    );
}

#[test]
fn order_121_sends_an_unreachable_seller_to_the_platform_only() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130102"), None);
    received(&mut c, "2026-04-15T00:00:00+08:00");
    for (published, reachable) in [(false, true), (true, false), (false, false)] {
        online(
            &mut c,
            OnlineRole::InPlatform,
            Some("330110"),
            published,
            reachable,
        );
        let d = r.route(&c).unwrap();
        assert_eq!(
            candidates(&d),
            [c3(
                1,
                "generated.market_regulation.330110",
                "in_platform_order121_platform_only"
            )]
        );
        assert_eq!(basis(&d), ["samr_order_121"]);
        assert_eq!(warning_codes(&d), ["generated_body", "unverified_basis"]);
    }
    // The same instant given in UTC is the same legal day.
    received(&mut c, "2026-04-14T16:00:00+00:00");
    assert_eq!(
        r.route(&c).unwrap().rule().id(),
        "in_platform_order121_platform_only"
    );
    received(&mut c, "2026-04-14T15:59:59+00:00");
    assert_eq!(
        r.route(&c).unwrap().rule().id(),
        "in_platform_place_of_business"
    );

    // A seller with a published, reachable address keeps both candidates under Order 121.
    received(&mut c, "2026-05-01T10:00:00+08:00");
    online(&mut c, OnlineRole::InPlatform, Some("330110"), true, true);
    let d = r.route(&c).unwrap();
    assert_eq!(d.candidate_count(), 2);
    assert_eq!(basis(&d), ["samr_order_121"]);
    assert_eq!(warning_codes(&d), ["unverified_basis"]);
}

#[test]
fn order_121_with_no_known_platform_domicile_falls_back_to_the_seller() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130102"), None);
    received(&mut c, "2026-06-01T10:00:00+08:00");
    online(&mut c, OnlineRole::InPlatform, None, false, true);
    let d = r.route(&c).unwrap();
    assert_eq!(
        candidates(&d),
        [c3(1, "samr.130102", "in_platform_place_of_business")]
    );
    assert_eq!(
        warning_codes(&d),
        ["platform_domicile_unknown", "fallback", "unverified_basis"]
    );
    assert_eq!(
        d.warnings()[1].message_en(),
        "rule in_platform_order121_platform_only found no body; its fallback in_platform_place_of_business was used"
    );
    let trail = d.trail();
    assert_eq!(trail.len(), 17);
    assert_eq!(trail[16].outcome.code(), "via_fallback");
}

#[test]
fn in_platform_seller_with_no_known_platform_domicile_has_only_its_place() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130102"), None);
    online(&mut c, OnlineRole::InPlatform, None, true, true);
    let d = r.route(&c).unwrap();
    // The platform candidate is left out; the local rule names the same bureau again.
    assert_eq!(
        candidates(&d),
        [c3(1, "samr.130102", "in_platform_place_of_business")]
    );
    assert_eq!(warning_codes(&d), ["platform_domicile_unknown"]);
    let trail = d.trail();
    assert_eq!(trail.len(), 21);
    assert_eq!(
        trail[18].outcome.message(),
        "matched, but the rule's body is at the platform operator's division, which is not known"
    );
    assert_eq!(
        trail[20].outcome.message(),
        "matched: samr.130102 (candidate 1)"
    );
    // A sector matter does not need the platform: no warning.
    category(&mut c, "finance");
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "nfra.130000");
    assert_eq!(warning_codes(&d), ["unverified_basis"]);
}

#[test]
fn in_platform_seller_of_unknown_place_has_only_the_platform() {
    let r = router();
    let mut c = base();
    business(&mut c, None, None);
    online(&mut c, OnlineRole::InPlatform, Some("310105"), true, true);
    let d = r.route(&c).unwrap();
    assert_eq!(
        candidates(&d),
        [c3(
            1,
            "generated.market_regulation.310105",
            "in_platform_platform_domicile"
        )]
    );
    assert_eq!(
        warning_codes(&d),
        ["seller_division_unknown", "generated_body"]
    );
    let trail = d.trail();
    assert_eq!(trail[17].outcome.code(), "unresolved");
    assert_eq!(
        trail[17].outcome.message(),
        "matched, but the rule's body is at the business's division, which is not known"
    );
    // And with neither division known, no rule covers it: an error, not a default.
    online(&mut c, OnlineRole::InPlatform, None, true, true);
    assert_eq!(
        r.route(&c).unwrap_err(),
        Error::NoRule {
            complaint_id: "T1".into(),
            ruleset: "shijiazhuang".into(),
            tried: 21
        }
    );
}

#[test]
fn the_receiving_body_ranks_first_when_it_has_authority() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130102"), None);
    online(&mut c, OnlineRole::InPlatform, Some("330110"), true, true);
    let opts = RouteOptions {
        received_by: Some("generated.market_regulation.330110"),
    };
    let d = r.route_with(&c, &opts).unwrap();
    assert_eq!(d.ranking(), Ranking::ReceivedFirst);
    assert_eq!(
        candidates(&d),
        [
            c3(
                1,
                "generated.market_regulation.330110",
                "in_platform_platform_domicile"
            ),
            c3(2, "samr.130102", "in_platform_place_of_business"),
        ]
    );
    assert_eq!(d.rule().id(), "in_platform_platform_domicile");

    let d = r
        .route_with(
            &c,
            &RouteOptions {
                received_by: Some("samr.130105"),
            },
        )
        .unwrap();
    assert_eq!(d.ranking(), Ranking::RuleOrder);
    assert_eq!(d.body().id(), "samr.130102");
    assert_eq!(warning_codes(&d), ["receiver_without_authority"]);

    assert_eq!(
        r.route_with(
            &c,
            &RouteOptions {
                received_by: Some("samr.999999")
            }
        )
        .unwrap_err(),
        Error::UnknownBody {
            id: "samr.999999".into(),
            ruleset: "shijiazhuang".into()
        }
    );
}

#[test]
fn association_channel_stays_with_the_associations() {
    let r = router();
    let mut c = base();
    channel(&mut c, "association_app");
    business(&mut c, Some("130104"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.rule().id(), "association_channel");
    assert_eq!(d.body().id(), "ca.130104");
    assert_eq!(d.body().name_zh(), "石家庄市桥西区消费者协会");
    assert_eq!(basis(&d), ["crpl 37(1)[5]", "crpl 39[2]"]);
    assert_eq!(
        d.basis().map(|c| c.text_zh()).collect::<Vec<_>>(),
        [
            "《中华人民共和国消费者权益保护法》（2013年修正）第三十七条第一款第（五）项",
            "《中华人民共和国消费者权益保护法》（2013年修正）第三十九条第（二）项"
        ]
    );
    assert!(d.warnings().is_empty());

    // A development zone has no association of its own: the city committee.
    business(&mut c, Some("130171"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "cprc.130100");
    assert_eq!(warning_codes(&d), ["development_zone", "higher_level_body"]);

    // Elsewhere: that division's association, generated.
    business(&mut c, Some("110105"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "generated.consumer_association.110105");
    assert_eq!(d.body().name_zh(), "北京市朝阳区消费者协会");

    // An in-platform seller of unknown place: the platform operator's association.
    business(&mut c, None, None);
    online(&mut c, OnlineRole::InPlatform, Some("330110"), true, true);
    let d = r.route(&c).unwrap();
    assert_eq!(
        candidates(&d),
        [c3(
            1,
            "generated.consumer_association.330110",
            "association_channel_platform"
        )]
    );
    assert_eq!(
        warning_codes(&d),
        ["seller_division_unknown", "fallback", "generated_body"]
    );
}

#[test]
fn finance_has_the_banking_regulator_and_the_central_bank() {
    let r = router();
    let mut c = base();
    category(&mut c, "finance");
    business(&mut c, Some("130102"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(
        candidates(&d),
        [
            c3(1, "nfra.130000", "finance_nfra_hebei"),
            c3(2, "pbc.130000", "finance_pbc_hebei")
        ]
    );
    assert_eq!(d.body().name_zh(), "国家金融监督管理总局河北监管局");
    assert_eq!(
        basis(&d),
        [
            "crpl 39[3]",
            "samr_order_20 15[1]",
            "banking_insurance_complaints"
        ]
    );
    assert_eq!(warning_codes(&d), ["unverified_basis"]);
    // A Hebei business outside Shijiazhuang: still the Hebei office.
    business(&mut c, Some("130203"), None);
    assert_eq!(r.route(&c).unwrap().body().id(), "nfra.130000");
    // Outside Hebei: the national bodies.
    business(&mut c, Some("440305"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(
        candidates(&d),
        [
            c3(1, "nfra", "finance_nfra_national"),
            c3(2, "pbc", "finance_pbc_national")
        ]
    );
    assert_eq!(d.body().division(), None);
    // After 2026-04-15 the market-regulation citation is Order No. 121 Art. 16(1).
    received(&mut c, "2026-04-20T10:00:00+08:00");
    business(&mut c, Some("130102"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(
        basis(&d),
        [
            "crpl 39[3]",
            "samr_order_121 16[1]",
            "banking_insurance_complaints"
        ]
    );
}

#[test]
fn insurance_goes_to_the_banking_and_insurance_regulator() {
    let r = router();
    let mut c = base();
    category(&mut c, "insurance");
    business(&mut c, Some("130184"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(candidates(&d), [c3(1, "nfra.130000", "insurance_hebei")]);
    business(&mut c, Some("310105"), None);
    assert_eq!(
        candidates(&r.route(&c).unwrap()),
        [c3(1, "nfra", "insurance_national")]
    );
}

#[test]
fn telecom_and_network_access_go_to_the_communications_administration() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130105"), None);
    for cat in [
        "telecom",
        "telecom/mobile_phone_service",
        "internet/network_access",
    ] {
        category(&mut c, cat);
        let d = r.route(&c).unwrap();
        assert_eq!(
            candidates(&d),
            [c3(1, "telecom.130000", "telecom_hebei")],
            "{cat}"
        );
    }
    // Commercial internet services are not telecommunications: the county bureau.
    category(&mut c, "internet/commercial_internet");
    assert_eq!(r.route(&c).unwrap().body().id(), "samr.130105");
    category(&mut c, "telecom");
    business(&mut c, Some("110108"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(candidates(&d), [c3(1, "miit.appeals", "telecom_national")]);
    assert_eq!(basis(&d), ["crpl 39[3]", "telecom_appeals"]);
}

#[test]
fn city_sector_departments_take_their_matters_in_shijiazhuang_only() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130123"), None);
    for (cat, body, rule) in [
        ("health_care", "health.130100", "health_care"),
        ("education_training/education", "edu.130100", "education"),
        (
            "public_utilities/transport",
            "transport.130100",
            "transport",
        ),
        ("postal", "postal.130100", "postal"),
        ("tourism", "tourism.130100", "tourism"),
        // Training courses and the education major without an item stay with the bureau.
        (
            "education_training/training",
            "samr.130123",
            "business_local",
        ),
        ("education_training", "samr.130123", "business_local"),
        ("public_utilities", "samr.130123", "business_local"),
    ] {
        category(&mut c, cat);
        let d = r.route(&c).unwrap();
        assert_eq!(candidates(&d), [c3(1, body, rule)], "{cat}");
    }
    category(&mut c, "tourism");
    let d = r.route(&c).unwrap();
    assert_eq!(basis(&d), ["tourism_law 91", "crpl 39[3]"]);
    assert_eq!(
        d.basis().next().unwrap().reliability(),
        weiquan_routing::Reliability::Unverified
    );
    assert_eq!(warning_codes(&d), ["unverified_basis"]);
    // A hospital elsewhere falls through to the external referral.
    category(&mut c, "health_care");
    business(&mut c, Some("120101"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(
        candidates(&d),
        [c3(
            1,
            "generated.market_regulation.120101",
            "business_elsewhere"
        )]
    );
    assert_eq!(d.body().name_zh(), "天津市和平区市场监督管理局");
}

#[test]
fn dates_before_order_20_have_no_basis_in_force() {
    let r = router();
    let mut c = base();
    received(&mut c, "2019-06-01T10:00:00+08:00");
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130111");
    assert!(basis(&d).is_empty());
    assert_eq!(warning_codes(&d), ["no_basis_in_force"]);
}

/// The default ruleset cites weiquan-law's registry only (it declares no instrument of its
/// own, so no date of it can drift from the registry's), every rule that carries dates lies
/// within the dates of every text it cites, and a decision reports a citation on exactly the
/// days weiquan-law says the cited text was in force.
#[test]
fn every_citation_is_a_registry_instrument_reported_only_while_in_force() {
    use chrono::NaiveDate;
    use weiquan_law::instruments;

    let r = router();
    assert!(r.ruleset().instruments.is_empty());
    assert!(r.local_instruments().is_empty());
    for c in r.ranking_basis() {
        let registry = instruments::find(&c.instrument.id).unwrap();
        assert!(std::ptr::eq(c.instrument, registry), "{c}");
    }
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let mut dated_rules = 0;
    let mut order_20_rules = 0;
    for rule in r.rules() {
        let basis: Vec<_> = r.basis(rule).collect();
        assert!(!basis.is_empty(), "{}", rule.id());
        for c in &basis {
            let registry = instruments::find(&c.instrument.id)
                .unwrap_or_else(|| panic!("{}: {} is not in the registry", rule.id(), c));
            assert!(std::ptr::eq(c.instrument, registry), "{}: {c}", rule.id());
            if let Some(from) = rule.received_from() {
                let last = rule.received_before().map(|b| b.pred_opt().unwrap());
                c.check_dates(from, last)
                    .unwrap_or_else(|e| panic!("rule {}: {e}", rule.id()));
            }
        }
        if rule.received_from().is_some() || rule.received_before().is_some() {
            dated_rules += 1;
        }
        // Probe the days around every bound of every cited text.
        let mut days = vec![day(2019, 12, 31), day(2025, 12, 24), day(2030, 1, 1)];
        for c in &basis {
            for d in [c.in_force_from(), c.in_force_to()].into_iter().flatten() {
                days.extend([d.pred_opt().unwrap(), d, d.succ_opt().unwrap()]);
            }
        }
        for d in days {
            let reported: Vec<String> = r.basis_in_force(rule, d).map(|c| c.to_string()).collect();
            let in_force: Vec<String> = basis
                .iter()
                .filter(|c| c.check_dates(d, Some(d)).is_ok())
                .map(|c| c.to_string())
                .collect();
            assert_eq!(reported, in_force, "rule {} on {d}", rule.id());
        }
        // Order No. 20 in particular: reported to its last day, never after its repeal.
        if basis.iter().any(|c| c.instrument.id == "samr_order_20") {
            order_20_rules += 1;
            let cites_20 = |d| {
                r.basis_in_force(rule, d)
                    .any(|c| c.instrument.id == "samr_order_20")
            };
            assert!(!cites_20(day(2019, 12, 31)), "{}", rule.id());
            assert!(cites_20(day(2020, 1, 1)), "{}", rule.id());
            assert!(cites_20(day(2026, 4, 14)), "{}", rule.id());
            assert!(!cites_20(day(2026, 4, 15)), "{}", rule.id());
        }
    }
    assert_eq!(dated_rules, 1);
    assert!(order_20_rules >= 10, "{order_20_rules}");
    // The one dated rule takes its dates from the registry, not from the file.
    let rule = r
        .rules()
        .iter()
        .find(|r| r.id() == "in_platform_order121_platform_only")
        .unwrap();
    assert_eq!(
        rule.received_from(),
        instruments::SAMR_ORDER_121.in_force_from
    );
    assert_eq!(rule.received_before(), None);
}

#[test]
fn unknown_division_codes_are_errors() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130199"), None);
    let e = r.route(&c).unwrap_err();
    assert_eq!(
        e,
        Error::UnknownDivision {
            field: "/business/division",
            code: code("130199")
        }
    );
    assert_eq!(e.code(), "routing.unknown_division");
    assert_eq!(
        e.to_string(),
        "/business/division: division code 130199 is not in the division registry (GB/T 2260)"
    );
    let mut c = base();
    online(&mut c, OnlineRole::InPlatform, Some("330199"), true, true);
    assert_eq!(
        r.route(&c).unwrap_err(),
        Error::UnknownDivision {
            field: "/business/online/platform_operator_division",
            code: code("330199")
        }
    );
}

#[test]
fn the_report_has_the_fields_the_cli_writes() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130102"), None);
    online(&mut c, OnlineRole::InPlatform, Some("330110"), true, true);
    let d = r.route(&c).unwrap();
    let json = serde_json::to_value(d.report(&c.id)).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "schema_version",
            "complaint_id",
            "body",
            "rule",
            "basis",
            "warnings",
            "trail",
            "candidates",
            "ranking",
            "received_date",
            "ruleset"
        ]
    );
    assert_eq!(json["complaint_id"], "T1");
    assert_eq!(json["body"]["id"], "samr.130102");
    assert_eq!(json["body"]["name"], "石家庄市长安区市场监督管理局");
    assert_eq!(json["body"]["division"], "130102");
    assert_eq!(json["rule"], "in_platform_place_of_business");
    assert_eq!(json["schema_version"], 2);
    // weiquan-law's citation form: the registry id, the structure, both texts, the mark.
    assert_eq!(
        json["basis"][0],
        serde_json::json!({
            "instrument": "samr_order_20", "article": 12, "paragraph": 2,
            "reliability": "verified",
            "text_zh": "《市场监督管理投诉举报处理暂行办法》第十二条第二款",
            "text_en": "SAMR Order No. 20, Art. 12, para. 2"
        })
    );
    assert_eq!(
        json["candidates"][1]["body"]["id"],
        "generated.market_regulation.330110"
    );
    assert_eq!(json["candidates"][1]["body"]["external"], true);
    assert_eq!(json["trail"].as_array().unwrap().len(), 19);
    assert_eq!(json["trail"][0]["reason_code"], "channel");
    assert_eq!(json["ranking"]["method"], "rule_order");
    assert_eq!(
        json["ranking"]["basis"][0]["text_en"],
        "SAMR Order No. 20, Art. 13"
    );
}
