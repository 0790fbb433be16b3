//! No error message leaks personal data: over a corpus of synthetic complaints with
//! real-looking identifiers, each broken in every way the complaint validator reports, no
//! message (English or Chinese) nor the serialised error holds the unmasked resident ID,
//! mobile number or name of its input, and no echoed value is longer than 200 characters.
//! (The C ABI and WebAssembly pass the same errors through; their own checks extend this.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use std::collections::BTreeSet;

use serde_json::{Value, json};
use weiquan_complaint::Complaint;
use weiquan_support::Diagnostic;
use weiquan_synth::generate::Generator;

/// A way to break a record: a name, and the change.
type Breaker = (&'static str, fn(&mut Value, &Secrets));

/// The personal values of one record, as generated.
struct Secrets {
    mobile: String,
    resident_id: Option<String>,
    name: String,
}

fn set(v: &mut Value, path: &[&str], to: Value) {
    let mut at = v;
    for (i, k) in path.iter().enumerate() {
        if i + 1 == path.len() {
            at[*k] = to;
            return;
        }
        at = &mut at[*k];
    }
}

fn id_or_default(s: &Secrets) -> String {
    s.resident_id
        .clone()
        .unwrap_or_else(|| "13010219900101123X".to_owned())
}

const BREAKERS: &[Breaker] = &[
    ("mobile extra digit", |v, s| {
        set(v, &["consumer", "mobile"], format!("{}9", s.mobile).into())
    }),
    ("mobile letter", |v, s| {
        set(
            v,
            &["consumer", "mobile"],
            format!("{}x", &s.mobile[..10]).into(),
        )
    }),
    ("mobile as a number", |v, s| {
        let n: u64 = s.mobile.parse().unwrap();
        set(v, &["consumer", "mobile"], json!(n))
    }),
    ("id checksum", |v, s| {
        let id = id_or_default(s);
        let last = if id.ends_with('0') { "1" } else { "0" };
        set(
            v,
            &["consumer", "resident_id"],
            format!("{}{last}", &id[..17]).into(),
        )
    }),
    ("id too short", |v, s| {
        set(
            v,
            &["consumer", "resident_id"],
            id_or_default(s)[..17].into(),
        )
    }),
    ("id letter", |v, s| {
        let id = id_or_default(s);
        set(
            v,
            &["consumer", "resident_id"],
            format!("{}A{}", &id[..8], &id[9..]).into(),
        )
    }),
    ("id region", |v, s| {
        let id = id_or_default(s);
        set(
            v,
            &["consumer", "resident_id"],
            format!("00{}", &id[2..]).into(),
        )
    }),
    ("id birth date", |v, s| {
        let id = id_or_default(s);
        set(
            v,
            &["consumer", "resident_id"],
            format!("{}13{}", &id[..10], &id[12..]).into(),
        )
    }),
    ("id future birth", |v, s| {
        // A valid ID born in 2099: the check character is computed.
        let head = format!("{}2099{}", &id_or_default(s)[..6], "0101123");
        let id = format!(
            "{head}{}",
            weiquan_complaint::ResidentId::check_char_for(&head).unwrap()
        );
        set(v, &["consumer", "resident_id"], id.into())
    }),
    ("id as a number", |v, s| {
        let id = id_or_default(s);
        let n: u64 = id[..17].parse().unwrap();
        set(v, &["consumer", "resident_id"], json!(n))
    }),
    ("name as a number", |v, _| {
        set(v, &["consumer", "name"], json!(42))
    }),
    ("name as an object", |v, s| {
        set(v, &["consumer", "name"], json!({ "full": s.name }))
    }),
    ("huge address", |v, _| {
        set(v, &["consumer", "address"], json!(["石".repeat(100_000)]))
    }),
    ("huge description", |v, s| {
        set(
            v,
            &["description"],
            json!({ "text": format!("{}{}", s.mobile, "诉".repeat(100_000)) }),
        )
    }),
    ("division", |v, _| {
        set(v, &["consumer", "division"], "99".into())
    }),
    ("amount syntax", |v, _| {
        set(v, &["purchase", "amount_paid"], "12,34.5".into())
    }),
    ("amount negative", |v, _| {
        set(v, &["purchase", "amount_paid"], "-1".into())
    }),
    ("amount precision", |v, _| {
        set(v, &["purchase", "amount_paid"], "1.234".into())
    }),
    ("amount huge", |v, _| {
        set(
            v,
            &["purchase", "amount_paid"],
            "79228162514264337593543950335".into(),
        )
    }),
    ("amount long", |v, _| {
        set(v, &["purchase", "amount_paid"], "9".repeat(50_000).into())
    }),
    ("category", |v, _| {
        set(v, &["purchase", "category"], "x".repeat(10_000).into())
    }),
    ("channel", |v, _| set(v, &["channel"], "pigeon".into())),
    ("problem nature", |v, _| {
        set(v, &["problem_nature"], "bad".into())
    }),
    ("uscc", |v, _| {
        set(v, &["business", "uscc"], "91110000600037341M".into())
    }),
    ("uscc length", |v, _| {
        set(v, &["business", "uscc"], "9111".into())
    }),
    ("sha256", |v, _| {
        set(
            v,
            &["evidence"],
            json!([{"kind": "photo", "name": "a.jpg", "sha256": "zz"}]),
        )
    }),
    ("received in the future", |v, _| {
        set(v, &["received_at"], "2099-01-01T00:00:00+08:00".into())
    }),
    ("received_at bad", |v, _| {
        set(v, &["received_at"], "昨天".into())
    }),
    ("date bad", |v, _| {
        set(v, &["purchase", "purchase_date"], "x".repeat(5_000).into())
    }),
    ("quantity", |v, _| {
        set(v, &["purchase", "quantity"], "many".into())
    }),
    ("unknown field", |v, _| {
        set(v, &["consumer", "nmae"], "x".into())
    }),
    ("missing field", |v, _| {
        v["consumer"].as_object_mut().unwrap().remove("mobile");
    }),
    ("claims", |v, _| {
        set(v, &["claims"], json!([{"kind": "bogus"}]))
    }),
    ("not an object", |v, s| {
        *v = json!([s.mobile, s.name, s.resident_id])
    }),
];

#[test]
fn no_error_message_holds_an_unmasked_identifier_or_a_long_value() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let mut g = Generator::new(17);
    let mut codes = BTreeSet::new();
    let mut checked = 0;
    for _ in 0..40 {
        let complaint = g.next_generated().complaint;
        let text = complaint.to_json();
        let base: Value = serde_json::from_str(&text).unwrap();
        let secrets = Secrets {
            mobile: base["consumer"]["mobile"].as_str().unwrap().to_owned(),
            resident_id: base["consumer"]["resident_id"].as_str().map(str::to_owned),
            name: base["consumer"]["name"].as_str().unwrap().to_owned(),
        };
        // The texts broken by each breaker, and raw text that is not JSON.
        let mut inputs: Vec<(String, String)> = BREAKERS
            .iter()
            .map(|(what, f)| {
                let mut v = base.clone();
                f(&mut v, &secrets);
                ((*what).to_owned(), v.to_string())
            })
            .collect();
        inputs.push(("not JSON".into(), format!("{{{} {}", secrets.mobile, text)));
        for (what, input) in inputs {
            let Err(e) = Complaint::from_json_on(&input, today) else {
                panic!("{what}: accepted");
            };
            let mut texts = vec![e.to_string(), e.message_zh()];
            let fields = e.problems();
            texts.push(serde_json::to_string(&fields).unwrap());
            texts.push(format!("{e:?}"));
            codes.insert(e.code().to_owned());
            for f in &fields {
                codes.insert(f.code.clone());
                texts.push(f.message_en.clone());
                texts.push(f.message_zh.clone());
                if let Some(v) = &f.value {
                    assert!(
                        v.chars().count() <= 201,
                        "{what}: a value of {} characters at {}",
                        v.chars().count(),
                        f.pointer
                    );
                }
                assert!(
                    f.message_en.chars().count() <= 600 && f.message_zh.chars().count() <= 600,
                    "{what}: a message of {} characters",
                    f.message_en.chars().count()
                );
            }
            let mut personal = vec![secrets.mobile.clone(), secrets.name.clone()];
            personal.extend(secrets.resident_id.clone());
            for t in &texts {
                for p in &personal {
                    assert!(
                        !t.contains(p.as_str()),
                        "{what}: {p} appears unmasked in {}",
                        t.chars().take(300).collect::<String>()
                    );
                }
            }
            checked += 1;
        }
    }
    // Every code the validator reports for these breakages was seen (the list grows with
    // the breakers; a code no breaker reaches would show here as missing).
    let expected = [
        "amount.negative",
        "amount.syntax",
        "amount.too_large",
        "amount.too_precise",
        "code.unknown",
        "complaint.invalid",
        "division.format",
        "field.required",
        "field.type",
        "field.unknown",
        "json.syntax",
        "mobile.format",
        "received_at.future",
        "resident_id.birth_date",
        "resident_id.charset",
        "resident_id.checksum",
        "resident_id.future_birth",
        "resident_id.length",
        "resident_id.region",
        "sha256.format",
        "uscc.checksum",
        "uscc.length",
    ];
    let missing: Vec<&&str> = expected.iter().filter(|c| !codes.contains(**c)).collect();
    assert!(
        missing.is_empty(),
        "codes not reached: {missing:?}; seen {codes:?}"
    );
    assert_eq!(checked, 40 * (BREAKERS.len() + 1));
}
