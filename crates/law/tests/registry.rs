//! The registry's own consistency: every fact about an instrument agrees with the others.

use std::collections::HashSet;

use chrono::NaiveDate;
use weiquan_law::instruments::{self, ALL};
use weiquan_law::{Citation, InstrumentKind, Reliability, VersionKind};

#[test]
fn ids_are_unique_snake_case_and_findable() {
    let mut seen = HashSet::new();
    for i in ALL {
        assert!(seen.insert(i.id.as_ref()), "duplicate id {}", i.id);
        assert!(
            i.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{} is not snake_case",
            i.id
        );
        assert_eq!(instruments::find(&i.id).map(|f| &f.id), Some(&i.id));
    }
    assert!(instruments::find("no_such_law").is_none());
}

#[test]
fn no_impossible_date_slipped_in() {
    for i in ALL {
        let dates = [i.adopted, i.in_force_from, i.in_force_to]
            .into_iter()
            .chain(i.versions.iter().flat_map(|v| [v.adopted, v.in_force_from]));
        for date in dates.flatten() {
            assert!(
                date > NaiveDate::MIN,
                "{}: an impossible date in the table",
                i.id
            );
        }
    }
}

#[test]
fn dates_are_in_order() {
    for i in ALL {
        if let (Some(a), Some(f)) = (i.adopted, i.in_force_from) {
            assert!(a <= f, "{}: adopted after it took effect", i.id);
        }
        if let (Some(f), Some(t)) = (i.in_force_from, i.in_force_to) {
            assert!(f <= t, "{}: ends before it starts", i.id);
        }
        let mut last_year = 0;
        for v in i.versions.iter() {
            assert!(v.year > last_year, "{}: versions out of order", i.id);
            last_year = v.year;
            if let Some(f) = v.in_force_from {
                assert!(
                    i.in_force_on(f),
                    "{} {}: version starts outside the instrument",
                    i.id,
                    v.year
                );
            }
            if let (Some(a), Some(f)) = (v.adopted, v.in_force_from) {
                assert!(a <= f, "{} {}: adopted after it took effect", i.id, v.year);
            }
            if let Some(a) = v.adopted {
                assert_eq!(
                    i32::from(v.year),
                    chrono::Datelike::year(&a),
                    "{}: version named by another year",
                    i.id
                );
            }
        }
        if let Some(first) = i.versions.first()
            && first.kind == VersionKind::Original
        {
            assert_eq!(
                first.in_force_from, i.in_force_from,
                "{}: original text and instrument start differ",
                i.id
            );
        }
    }
}

/// What replaced what is stated on both sides, and the successor starts the day after the
/// predecessor's last day: no gap, no overlap.
#[test]
fn replacements_are_symmetric_and_seamless() {
    for i in ALL {
        if let Some(next) = &i.replaced_by {
            let next =
                instruments::find(next).unwrap_or_else(|| panic!("{}: unknown successor", i.id));
            assert_eq!(
                next.replaces.as_deref(),
                Some(i.id.as_ref()),
                "{} → {}",
                i.id,
                next.id
            );
            let end = i
                .in_force_to
                .unwrap_or_else(|| panic!("{}: replaced but no last day", i.id));
            if let Some(start) = next.in_force_from {
                assert_eq!(end.succ_opt(), Some(start), "{} → {}", i.id, next.id);
            }
        }
        if let Some(prev) = &i.replaces {
            let prev =
                instruments::find(prev).unwrap_or_else(|| panic!("{}: unknown predecessor", i.id));
            assert_eq!(prev.replaced_by.as_deref(), Some(i.id.as_ref()));
        }
        if i.in_force_to.is_some() {
            assert!(
                i.replaced_by.is_some() || i.note_en.is_some(),
                "{}: ended without a word why",
                i.id
            );
        }
    }
}

#[test]
fn version_in_force_on_a_day() {
    let crpl = &instruments::CRPL;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        crpl.version_on(day(2014, 3, 14)).map(|v| v.year),
        Some(1993)
    );
    assert_eq!(
        crpl.version_on(day(2014, 3, 15)).map(|v| v.year),
        Some(2013)
    );
    assert_eq!(crpl.version_on(day(1993, 12, 31)), None);
    let order20 = &instruments::SAMR_ORDER_20;
    assert_eq!(order20.version_on(day(2026, 4, 15)), None, "repealed");
}

#[test]
fn citations_render_as_statutes_and_english_write_them() {
    let c = Citation::of(&instruments::SAMR_ORDER_20)
        .art(21)
        .para(1)
        .item(5);
    assert_eq!(
        c.text_zh(),
        "《市场监督管理投诉举报处理暂行办法》第二十一条第一款第（五）项"
    );
    assert_eq!(c.text_en(), "SAMR Order No. 20, Art. 21, para. 1, item (5)");
    let whole = Citation::of(&instruments::CIVIL_CODE);
    assert_eq!(whole.text_zh(), "《中华人民共和国民法典》");
    assert_eq!(whole.text_en(), "Civil Code");
    let fsl = Citation::of(&instruments::FOOD_SAFETY_LAW)
        .in_version(2015)
        .art(148)
        .para(2);
    assert_eq!(
        fsl.text_zh(),
        "《中华人民共和国食品安全法》（2015年修订）第一百四十八条第二款"
    );
    assert_eq!(
        fsl.text_en(),
        "Food Safety Law (2015 revision), Art. 148, para. 2"
    );
}

#[test]
fn annotated_texts_carry_the_note_and_the_effective_mark() {
    let plain = Citation::of(&instruments::CIVIL_CODE).art(203);
    assert_eq!(
        plain.annotated_zh(),
        "《中华人民共和国民法典》第二百零三条 [V]"
    );
    assert_eq!(plain.annotated_en(), "Civil Code, Art. 203 [V]");
    let noted = plain
        .marked(Reliability::Unverified)
        .noted("application unsettled", "是否适用尚无定论");
    assert_eq!(
        noted.annotated_zh(),
        "《中华人民共和国民法典》第二百零三条（是否适用尚无定论） [U]"
    );
    assert_eq!(
        noted.annotated_en(),
        "Civil Code, Art. 203 (application unsettled) [U]"
    );
    // The instrument's own mark when the citation has none.
    let whole = Citation::of(&instruments::CCA_RULES);
    assert_eq!(whole.annotated_en(), "CCA complaint-acceptance rules [U]");
}

#[test]
fn a_citation_is_as_reliable_as_its_own_mark_or_its_instrument() {
    let c = Citation::of(&instruments::SAMR_ORDER_20).art(13);
    assert_eq!(c.reliability(), Reliability::Verified);
    assert_eq!(
        c.marked(Reliability::Unverified).reliability(),
        Reliability::Unverified
    );
    assert_eq!(
        Reliability::Verified.weakest(Reliability::Secondary),
        Reliability::Secondary
    );
    assert_eq!(
        Citation::of(&instruments::SAMR_ORDER_121).reliability(),
        Reliability::Secondary
    );
}

#[test]
fn citation_json_carries_structure_mark_and_both_texts() {
    let c = Citation::of(&instruments::CRPL)
        .in_version(2013)
        .art(55)
        .para(1)
        .noted("fraud", "欺诈");
    let json = serde_json::to_value(c).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "instrument": "crpl", "version": 2013, "article": 55, "paragraph": 1,
            "reliability": "verified",
            "text_zh": "《中华人民共和国消费者权益保护法》（2013年修正）第五十五条第一款",
            "text_en": "CRPL (2013 amendment), Art. 55, para. 1",
            "note_en": "fraud", "note_zh": "欺诈"
        })
    );
}

#[test]
fn date_check_catches_each_kind_of_mismatch() {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let fraud = Citation::of(&instruments::CRPL)
        .in_version(2013)
        .art(55)
        .para(1);
    assert!(fraud.check_dates(day(2014, 3, 15), None).is_ok());
    assert!(
        fraud.check_dates(day(2014, 3, 14), None).is_err(),
        "before the amendment"
    );
    let order20 = Citation::of(&instruments::SAMR_ORDER_20).art(13);
    assert!(
        order20
            .check_dates(day(2020, 1, 1), Some(day(2026, 4, 14)))
            .is_ok()
    );
    assert!(
        order20.check_dates(day(2020, 1, 1), None).is_err(),
        "outlives its repeal"
    );
    assert!(
        order20
            .check_dates(day(2020, 1, 1), Some(day(2026, 4, 15)))
            .is_err()
    );
    assert!(
        order20
            .check_dates(day(2019, 12, 31), Some(day(2026, 4, 14)))
            .is_err()
    );
    let no_version = Citation::of(&instruments::CRPL).in_version(2001);
    assert!(no_version.check_dates(day(2014, 3, 15), None).is_err());
    let err = fraud.check_dates(day(2000, 1, 1), None).unwrap_err();
    assert!(
        err.to_string()
            .contains("CRPL (2013 amendment), Art. 55, para. 1"),
        "{err}"
    );
}

#[test]
fn reliability_parses_marks_and_words_and_rejects_the_rest() {
    for r in Reliability::ALL {
        assert_eq!(r.mark().parse::<Reliability>(), Ok(r));
        assert_eq!(r.code().parse::<Reliability>(), Ok(r));
        assert_eq!(r.bracketed().parse::<Reliability>(), Ok(r));
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, format!("\"{}\"", r.code()));
        assert_eq!(serde_json::from_str::<Reliability>(&json).unwrap(), r);
    }
    assert!("v".parse::<Reliability>().is_err());
    assert!("".parse::<Reliability>().is_err());
}

#[test]
fn instrument_kinds_read_back_from_their_wire_word() {
    for k in InstrumentKind::ALL {
        assert_eq!(InstrumentKind::from_code(k.code()), Some(k));
        // The word is serde's: one wire form for the registry's JSON and a file's text.
        assert_eq!(serde_json::to_value(k).unwrap(), k.code());
    }
    for i in ALL {
        assert!(InstrumentKind::ALL.contains(&i.kind), "{}", i.id);
    }
    assert_eq!(InstrumentKind::from_code("Law"), None);
    assert_eq!(InstrumentKind::from_code(""), None);
}

mod properties {
    use proptest::prelude::*;
    use weiquan_law::{Citation, instruments};

    proptest! {
        /// Every part of a citation shows in both renderings, and a narrower citation's text
        /// extends the wider one's.
        #[test]
        fn renderings_contain_each_part(i in 0usize..instruments::ALL.len(), a in 1u16..400, p in 1u16..12, it in 1u16..20) {
            let instrument = instruments::ALL[i];
            let article = Citation::of(instrument).art(a);
            let paragraph = article.para(p);
            let item = paragraph.item(it);
            prop_assert!(paragraph.text_zh().starts_with(&article.text_zh()));
            prop_assert!(item.text_zh().starts_with(&paragraph.text_zh()));
            prop_assert!(item.text_en().starts_with(&paragraph.text_en()));
            let en = item.text_en();
            let art_part = format!("Art. {a}, para. {p}, item ({it})");
            prop_assert!(en.ends_with(&art_part));
            prop_assert!(item.text_zh().ends_with("项"));
        }
    }
}
