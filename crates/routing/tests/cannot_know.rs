//! Routing that says when it cannot know: a division code and an address that disagree, a
//! city-level code with the county in the address, an unknown consumer division, the split
//! of 桥东区 by named subdistricts, the USCC's registration authority as a hint, and
//! division data loaded for another city.
//!
//! Jurisdiction is the county-level department where the business actually operates or is
//! domiciled (SAMR Order No. 20 Art. 12 para. 1; an in-platform seller's place of business
//! or the platform operator's domicile, para. 2): the business's place decides, the
//! consumer's does not.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::*;
use proptest::prelude::*;
use weiquan_complaint::{DivisionCode, OnlineRole, Uscc};
use weiquan_routing::{DivisionKind, Error, Registry, RouteOptions, Router, Warning};

fn router() -> Router {
    Router::shijiazhuang().unwrap()
}

/// A valid USCC of an enterprise registered by the market-regulation authority of
/// `division`.
fn uscc(division: &str) -> Uscc {
    let body = format!("91{division}MA07Q1234");
    let check = Uscc::check_char_for(&body).unwrap();
    format!("{body}{check}").parse().unwrap()
}

fn body_ids(d: &weiquan_routing::RoutingDecision<'_>) -> Vec<String> {
    d.candidates().map(|c| c.body.id().into_owned()).collect()
}

#[test]
fn a_code_in_one_district_and_an_address_in_another_county_is_flagged_with_both_readings() {
    let r = router();
    let mut c = base();
    business(
        &mut c,
        Some("130102"),
        Some("河北省石家庄市正定县恒山路18号"),
    );
    let d = r.route(&c).unwrap();
    // Routed by the code, the address's body a further candidate, never silently.
    assert_eq!(d.body().id(), "samr.130102");
    assert_eq!(body_ids(&d), ["samr.130102", "samr.130123"]);
    assert_eq!(warning_codes(&d), ["address_disagrees"]);
    let w = &d.warnings()[0];
    assert_eq!(
        w.message_en(),
        "the business's division code 130102 (长安区) and its address, which names 正定县 (130123), disagree: routed by the code; the body the address gives, when another, is a further candidate; confirm the business's place before accepting"
    );
    assert_eq!(
        w.message_zh(),
        "被投诉经营者的行政区划代码130102（长安区）与其地址所写的正定县（130123）不符：已按区划代码分派，地址对应的机构如有不同，列为其他候选；受理前请核实被投诉经营者所在地"
    );
    // The report carries both bodies and the warning.
    let report = d.report(&c.id);
    assert_eq!(report.candidates[1].body.id, "samr.130123");
    assert_eq!(report.candidates[1].rule, "business_local");
    assert_eq!(report.warnings[0].code, "address_disagrees");
}

#[test]
fn a_beijing_code_with_a_local_address_is_not_silently_sent_to_beijing() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("110105"), Some("石家庄市长安区建设北大街15号"));
    let d = r.route(&c).unwrap();
    assert_eq!(
        body_ids(&d),
        ["generated.market_regulation.110105", "samr.130102"]
    );
    assert_eq!(d.rule().id(), "business_elsewhere");
    assert_eq!(warning_codes(&d), ["address_disagrees", "generated_body"]);
    assert!(matches!(
        d.warnings()[0],
        Warning::AddressDisagrees { read, code, .. } if read == code_of("130102") && code == code_of("110105")
    ));
    // 长安区 alone is also 西安's (610116): the one in the ruleset's city is named.
    business(&mut c, Some("110105"), Some("长安区建设北大街15号"));
    let d = r.route(&c).unwrap();
    assert!(matches!(
        d.warnings()[0],
        Warning::AddressDisagrees { read, .. } if read == code_of("130102")
    ));
    // The body that received it (here the local bureau) handles it first (Order No. 20
    // Art. 13), with the warning kept.
    let d = r
        .route_with(
            &c,
            &RouteOptions {
                received_by: Some("samr.130102"),
            },
        )
        .unwrap();
    assert_eq!(d.body().id(), "samr.130102");
    assert_eq!(warning_codes(&d), ["address_disagrees"]);
}

#[test]
fn addresses_that_agree_with_the_code_add_no_warning() {
    let r = router();
    let mut c = base();
    for (code, address) in [
        ("130102", "石家庄市长安区建设北大街15号"),
        ("130102", "河北石家庄长安区谈固东街"),
        ("130102", "河北省石家庄市中山东路88号"), // only the city: coarser, not another place
        ("130102", "中山东路88号"),               // nothing administrative to read
        ("130109", "石家庄市藁城市廉州路1号"),    // the old name of the same place
        ("130104", "石家庄市桥东区东华街道"),     // 桥东区's territory went partly to 桥西区
        ("110105", "北京市朝阳区建国路87号"),
    ] {
        business(&mut c, Some(code), Some(address));
        let d = r.route(&c).unwrap();
        assert!(
            !warning_codes(&d).contains(&"address_disagrees"),
            "{code} {address}: {:?}",
            warning_codes(&d)
        );
        assert_eq!(d.candidate_count(), 1, "{code} {address}");
    }
    // A development zone lies within the districts of its city.
    business(&mut c, Some("130171"), Some("石家庄市裕华区黄河大道136号"));
    assert_eq!(warning_codes(&r.route(&c).unwrap()), ["development_zone"]);
}

#[test]
fn a_city_level_code_takes_the_county_from_the_address_with_a_warning() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("130100"), Some("石家庄市正定县恒山路18号"));
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130123");
    assert_eq!(warning_codes(&d), ["county_from_address"]);
    assert_eq!(
        d.warnings()[0].message_en(),
        "the business's division code 130100 is not at county level; the address names 正定县, so 130123 was used: check the address"
    );
    assert_eq!(
        d.warnings()[0].message_zh(),
        "被投诉经营者的区划代码130100不是县级区划；地址写明“正定县”，已按130123处理，请核实地址"
    );
    // An old county name is followed to its successor.
    business(&mut c, Some("130100"), Some("石家庄市栾城县城关镇"));
    assert_eq!(r.route(&c).unwrap().body().id(), "samr.130111");
    // Without a county in the address the city bureau stays, with its warning.
    business(&mut c, Some("130100"), Some("石家庄市中山东路88号"));
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130100");
    assert_eq!(warning_codes(&d), ["not_county_level"]);
    // A city-level code and an address in another city: no county is taken, both named.
    business(&mut c, Some("130100"), Some("保定市竞秀区朝阳北大街"));
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130100");
    assert_eq!(warning_codes(&d), ["address_disagrees", "not_county_level"]);
    assert_eq!(body_ids(&d)[1], "generated.market_regulation.130602");
}

#[test]
fn an_unknown_or_abolished_consumer_division_warns_and_the_complaint_is_routed() {
    let r = router();
    let mut c = base();
    // 139001 was 定州市's old statistical code; the registry does not have it.
    c.consumer.division = code_of("139001");
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130111");
    assert_eq!(warning_codes(&d), ["consumer_division_unknown"]);
    assert_eq!(
        d.warnings()[0].message_en(),
        "the consumer's division code 139001 is not in the division registry; jurisdiction does not turn on it, so the complaint was routed without it: correct the code"
    );
    c.consumer.division = code_of("130182");
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130111");
    assert_eq!(warning_codes(&d), ["abolished_code"]);
    assert_eq!(
        d.warnings()[0].message_en(),
        "the consumer's division code 130182 is abolished; its successor 130109 was used"
    );
    // The business's division stays a routing fact: unknown is an error.
    business(&mut c, Some("139001"), None);
    assert_eq!(
        r.route(&c).unwrap_err(),
        Error::UnknownDivision {
            field: "/business/division",
            code: code_of("139001")
        }
    );
}

#[test]
fn a_named_subdistrict_decides_the_split_of_qiaodong_before_a_road_name() {
    let r = router();
    let mut c = base();
    // 中山东路 is a road too: the named 东华街道 went to 桥西区.
    business(
        &mut c,
        Some("130103"),
        Some("石家庄市桥东区中山东路东华街道3号"),
    );
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130104");
    assert_eq!(
        d.warnings()[0].message_en(),
        "the business's division code 130103 was abolished and split; the address names the subdistrict 东华街道, which went to 130104"
    );
    // Only a bare place name: it decides, and the warning says it may be a road.
    business(&mut c, Some("130103"), Some("石家庄市桥东区中山东路88号"));
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130102");
    assert_eq!(
        d.warnings()[0].message_en(),
        "the business's division code 130103 was abolished and split; the address names 中山东路, but not as a 街道, 镇 or 乡 (it may be part of a road's name); 中山东路 went to 130102: check the address"
    );
    assert_eq!(
        d.warnings()[0].message_zh(),
        "被投诉经营者的行政区划代码130103已撤销并拆分；地址含“中山东路”，但未写明为街道、镇或乡（可能是路名的一部分），暂划入130102，请核实地址"
    );
    // 桃园镇 went to 长安区.
    business(&mut c, Some("130103"), Some("石家庄市桥东区东风路桃园镇"));
    assert_eq!(r.route(&c).unwrap().body().id(), "samr.130102");
    // The address names the successor district itself.
    business(&mut c, Some("130103"), Some("石家庄市桥西区中山东路"));
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130104");
    assert_eq!(warning_codes(&d), ["split_code"]);
    assert_eq!(
        d.warnings()[0].message_en(),
        "the business's division code 130103 was abolished and split; the address names 桥西区, which is 130104"
    );
}

#[test]
fn the_usccs_registration_authority_is_a_hint_when_the_division_is_missing() {
    let r = router();
    let mut c = base();
    // An in-platform seller without its own division, before Order No. 121: the platform
    // operator's domicile is a candidate, and the seller's is read from its USCC.
    business(&mut c, None, None);
    c.business.uscc = Some(uscc("130102"));
    online(&mut c, OnlineRole::InPlatform, Some("330110"), true, true);
    let d = r.route(&c).unwrap();
    assert_eq!(
        body_ids(&d),
        ["samr.130102", "generated.market_regulation.330110"]
    );
    assert_eq!(warning_codes(&d)[0], "uscc_registration_place");
    assert_eq!(
        d.warnings()[0].message_en(),
        "the business's division is not given; the registration authority's division 130102 in its unified social credit code was used, but a registration place is not necessarily the place of business or domicile: confirm it"
    );
    // Registered by the city's authority, with the district in the address: the district.
    c.business.uscc = Some(uscc("130100"));
    c.business.address = Some("石家庄市新华区中华北大街".to_owned());
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130105");
    assert_eq!(
        warning_codes(&d)[..2],
        ["uscc_registration_place", "county_from_address"]
    );
    // The platform operator's USCC when its division is missing.
    business(&mut c, Some("130102"), None);
    c.business.uscc = None;
    online(&mut c, OnlineRole::InPlatform, None, true, true);
    c.business.online.as_mut().unwrap().platform_operator_uscc = Some(uscc("330110"));
    let d = r.route(&c).unwrap();
    assert_eq!(
        body_ids(&d),
        ["samr.130102", "generated.market_regulation.330110"]
    );
    assert!(matches!(
        d.warnings()[0],
        Warning::UsccRegistrationPlace { party: weiquan_routing::Party::PlatformOperator, division } if division == code_of("330110")
    ));
    // A USCC whose division the registry does not know is no hint.
    c.business.online.as_mut().unwrap().platform_operator_uscc = Some(uscc("330199"));
    let d = r.route(&c).unwrap();
    assert_eq!(body_ids(&d), ["samr.130102"]);
    assert!(warning_codes(&d).contains(&"platform_domicile_unknown"));
}

#[test]
fn xinjis_old_statistical_code_is_mapped_with_warnings() {
    let r = router();
    let mut c = base();
    business(&mut c, Some("139002"), None);
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "samr.130181");
    assert_eq!(
        warning_codes(&d),
        ["abolished_code", "division_note", "division_note"]
    );
    assert!(
        d.warnings()[1]
            .message_en()
            .starts_with("the business's division 139002: 139002 is not a GB/T 2260 code")
    );
}

/// Baoding's 2015 changes, in the format of `divisions_shijiazhuang.csv`.
const BAODING_2015: &str = "code,name,level,parent,valid_from,valid_to,successor
130603,北市区,district,130600,1983,2015,130606
130604,南市区,district,130600,1983,2015,130606
130621,满城县,county,130600,1983,2015,130607
130622,清苑县,county,130600,1983,2015,130608
130625,徐水县,county,130600,1983,2015,130609
";

#[test]
fn another_citys_division_history_is_loaded_from_a_file() {
    let mut c = base();
    business(&mut c, Some("130603"), None);
    // The embedded data does not know 保定's old codes.
    assert_eq!(
        router().route(&c).unwrap_err(),
        Error::UnknownDivision {
            field: "/business/division",
            code: code_of("130603")
        }
    );
    let reg = Registry::embedded_with(&[("baoding.csv", BAODING_2015)]).unwrap();
    let r = Router::shijiazhuang_with(reg).unwrap();
    let d = r.route(&c).unwrap();
    assert_eq!(d.body().id(), "generated.market_regulation.130606");
    assert_eq!(warning_codes(&d), ["abolished_code", "generated_body"]);
    // A bad row is refused with its line.
    let bad = "code,name,level,parent,valid_from,valid_to,successor\n130603,北市区,district,130600,1983,,130606\n";
    let e = Registry::embedded_with(&[("baoding.csv", bad)]).unwrap_err();
    assert_eq!(e.code(), "routing.division_data");
    assert!(e.to_string().contains("line 2"), "{e}");
}

fn code_of(s: &str) -> DivisionCode {
    code(s)
}

/// Live county-level units (development zones left out) and prefectures of the registry.
fn places() -> Vec<(DivisionCode, String, bool)> {
    let r = router();
    let reg = r.registry();
    reg.iter()
        .filter(|d| !d.is_abolished() && d.kind != DivisionKind::DevZone)
        .filter(|d| d.kind != DivisionKind::Province)
        .filter_map(|d| Some((d.code, reg.full_name(d.code)?, d.is_county_level())))
        // Groupings (省直辖县级行政区划) are not written in addresses.
        .filter(|(_, full, _)| !full.contains("直辖") && !full.ends_with("市辖区"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whenever the code and the address name different places, the decision says so: it
    /// never picks between contradicting readings silently.
    #[test]
    fn routing_never_picks_silently_between_a_code_and_an_address(
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        street in "[路街道号0-9]{0,6}",
    ) {
        static PLACES: std::sync::OnceLock<Vec<(DivisionCode, String, bool)>> = std::sync::OnceLock::new();
        static ROUTER: std::sync::OnceLock<Router> = std::sync::OnceLock::new();
        let places = PLACES.get_or_init(places);
        let r = ROUTER.get_or_init(router);
        let (code, _, _) = a.get(places);
        let (named, full_name, county_level) = b.get(places);
        let mut c = base();
        business(&mut c, Some(&code.to_string()), Some(&format!("{full_name}{street}")));
        let d = r.route(&c).unwrap();
        let codes = warning_codes(&d);
        let flagged = codes.contains(&"address_disagrees") || codes.contains(&"county_from_address");
        let reg = r.registry();
        if code == named || reg.within(*code, *named) {
            // The same place, or an address coarser than the code: nothing to say.
            prop_assert!(!flagged, "{code} {full_name}: {codes:?}");
        } else if *county_level && reg.within(*named, *code) {
            // A prefecture's code, the county in the address: taken from it, with a warning.
            prop_assert!(codes.contains(&"county_from_address"), "{code} {full_name}: {codes:?}");
            prop_assert_eq!(d.body().division().map(|b| b.is_within(*named) || named.is_within(b)), Some(true));
        } else {
            prop_assert!(codes.contains(&"address_disagrees"), "{code} {full_name}: {codes:?}");
            // Routed by the code, and the address's reading named.
            let read = d.warnings().iter().find_map(|w| match w {
                Warning::AddressDisagrees { read, .. } => Some(*read),
                _ => None,
            });
            prop_assert_eq!(read, Some(*named));
        }
    }
}
