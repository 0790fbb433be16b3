//! No error of the workspace leaks personal data: every error code of every crate's
//! `src/error.rs` (as `cargo xtask` lists them, `xtask/src/codes.rs`) is either triggered
//! here from an input that carries planted personal data — a resident ID with a valid check
//! character, a mobile number, a bank card number, a name and an address, wherever that
//! input can carry them — or listed in [`EXEMPT`] with the reason its input can carry none.
//! A code that is neither fails the test, so a code added later must be covered.
//!
//! For each error: no message (English, Chinese), no `Debug` form, no value, no field error
//! nor serialised report holds a planted identifier unmasked, nor more than 200 characters
//! of a planted long value; through the command line, standard error neither.
//!
//! Identifiers (ID, mobile, card) are planted anywhere, including fields that are not
//! personal (a date column, a complaint reference, a ruleset value): a value pasted into the
//! wrong column is the common leak, and every echoed value is scrubbed of them
//! (`weiquan_support::mask::scrub`). Names and addresses have no shape to recognise: they are
//! planted in the fields that hold them (the consumer's name, address, free-text notes),
//! which are masked by field.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

#[allow(
    dead_code,
    reason = "the code list is read with xtask's own parser; its uniqueness check is xtask's"
)]
#[path = "../../../xtask/src/codes.rs"]
mod codes;
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{Value, json};
use weiquan_support::{Diagnostic, Report};

/// The workspace's root, for xtask's code list (and its own tests, compiled in here).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

// ------------------------------------------------------------------ the planted data

const MOBILE: &str = "13912345678";
/// A 19-digit card number that passes the Luhn check.
const CARD: &str = "6222021234567890128";
const NAME: &str = "欧阳娜娜";
const ADDRESS: &str = "石家庄市长安区建设北大街88号3单元502室";
/// The character of the planted long value: 5,000 of them, no message may hold 201.
const LONG_CHAR: &str = "曦";

/// A resident ID born 12 March 1985 in 长安区, with its valid check character.
fn resident_id() -> String {
    let head = "13010219850312421";
    format!(
        "{head}{}",
        weiquan_complaint::ResidentId::check_char_for(head).unwrap()
    )
}

fn long() -> String {
    LONG_CHAR.repeat(5000)
}

/// The identifiers, as planted in fields that are not personal.
fn identifiers() -> String {
    format!("{MOBILE} {} {CARD}", resident_id())
}

/// A free text holding all of them, as a consumer writes it.
fn narrative() -> String {
    format!(
        "我叫{NAME}，电话{MOBILE}，身份证{}，银行卡{CARD}，住{ADDRESS}。",
        resident_id()
    )
}

// ------------------------------------------------------------------ the checks

/// The exemptions: codes whose input can carry no personal data, with why.
const EXEMPT: &[(&str, &str)] = &[
    (
        "caseflow.serialize",
        "serialising the crate's own event types cannot fail: no input reaches it",
    ),
    (
        "dp.randomness",
        "the operating system's random source failed: no input is involved",
    ),
    (
        "compensation.overflow",
        "names an arithmetic operation only; amounts are capped at one trillion yuan on reading",
    ),
    (
        "stats.overflow",
        "names an arithmetic operation only; counts of records read cannot reach 128 bits",
    ),
    (
        "calendar.csv.already_declared",
        "names a date, a day kind and a notice year, typed values: no text of the file",
    ),
    (
        "suppress.unprotectable",
        "names a cell by its dimension values, codes of closed vocabularies the records were \
         validated against, and a fixed reason",
    ),
    // The case store's: each echoes the case id, masked and cut in its messages and its Debug
    // (crates/store/src/error.rs); the store's own suite (crates/store/tests/suite.rs)
    // triggers each from the state it needs.
    (
        "store.intake.duplicate_case",
        "raised only when two intakes of one complaint race; echoes the case id only",
    ),
    (
        "store.log.corrupt",
        "raised only when stored rows were altered beneath the API; echoes the case id and a \
         case-log error (those are swept above)",
    ),
    (
        "store.personal.decrypt",
        "raised only when stored ciphertext was altered; echoes the case id only",
    ),
    (
        "store.personal.erased",
        "needs a closed case past its retention period; echoes the case id and a date",
    ),
    (
        "store.rating.duplicate",
        "needs a closed case already rated; echoes the case id only",
    ),
    (
        "store.row.corrupt",
        "a stored row the code cannot read: names a column and the store's own reason, no \
         client input",
    ),
    (
        "testing.overflow",
        "names a JSON pointer only: a number too large for exact arithmetic is not echoed",
    ),
    (
        "store.serialize",
        "serialising the store's own documents cannot fail: no input reaches it",
    ),
];

/// What the sweep saw: each code, with the first input that triggered it.
#[derive(Default)]
struct Sweep {
    seen: BTreeMap<String, String>,
    checked: usize,
    /// Every leak and every input that was not refused, reported together at the end.
    failures: Vec<String>,
}

impl Sweep {
    fn secrets() -> Vec<String> {
        vec![
            MOBILE.to_owned(),
            CARD.to_owned(),
            resident_id(),
            NAME.to_owned(),
            ADDRESS.to_owned(),
        ]
    }

    fn note(&mut self, what: &str, code: &str) {
        self.seen
            .entry(code.to_owned())
            .or_insert_with(|| what.to_owned());
    }

    /// A text shown to someone: no planted identifier, no long run of the long value.
    fn clean(&mut self, what: &str, text: &str) {
        for s in Self::secrets() {
            if text.contains(&s) {
                self.failures.push(format!(
                    "{what}: {s} appears unmasked in: {}",
                    text.chars().take(400).collect::<String>()
                ));
            }
        }
        if text.contains(&LONG_CHAR.repeat(201)) {
            self.failures.push(format!(
                "{what}: more than 200 characters of a long value echoed in: {}",
                text.chars().take(300).collect::<String>()
            ));
        }
        self.checked += 1;
    }

    /// Every form of an error: messages, Debug, value, problems, the report.
    fn diag(&mut self, what: &str, d: &dyn Diagnostic) {
        let problems = d.problems();
        let mut texts = vec![
            d.to_string(),
            d.message_en(),
            d.message_zh(),
            format!("{d:?}"),
            serde_json::to_string(&problems).unwrap(),
            serde_json::to_string(&Report::from_diagnostic(d)).unwrap(),
        ];
        texts.extend(d.value());
        self.note(what, d.code());
        for p in &problems {
            self.note(what, &p.code);
            if let Some(v) = p.value.as_ref().filter(|v| v.chars().count() > 201) {
                self.failures.push(format!(
                    "{what}: a value of {} characters at {}",
                    v.chars().count(),
                    p.pointer
                ));
            }
            texts.push(p.to_string());
        }
        for t in &texts {
            self.clean(what, t);
        }
    }

    /// The error of a result that must fail.
    fn err<T, E: Diagnostic + 'static>(&mut self, what: &str, r: Result<T, E>) {
        match r {
            Ok(_) => self.failures.push(format!("{what}: accepted")),
            Err(e) => self.diag(what, &e),
        }
    }

    /// A command's standard error (and output): clean, and naming each code expected.
    fn command(&mut self, what: &str, out: &Output, codes: &[&str]) {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        for code in codes {
            assert!(
                stderr.contains(code) || stdout.contains(code),
                "{what}: {code} not reported; stderr: {stderr}"
            );
            self.note(what, code);
        }
        self.clean(what, &stderr);
    }
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// `"2024-05-13 10:00"` in China Standard Time.
fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_str(&format!("{s} +08:00"), "%Y-%m-%d %H:%M %z").unwrap()
}

// ------------------------------------------------------------------ complaint

/// A valid complaint carrying every planted value in its personal fields.
fn planted_complaint() -> Value {
    let mut g = weiquan_synth::generate::Generator::new(17);
    let c = g.next_generated().complaint;
    let mut v: Value = serde_json::from_str(&c.to_json()).unwrap();
    v["consumer"]["name"] = NAME.into();
    v["consumer"]["mobile"] = MOBILE.into();
    v["consumer"]["resident_id"] = resident_id().into();
    v["consumer"]["address"] = ADDRESS.into();
    v["description"] = narrative().into();
    v
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

fn complaint(s: &mut Sweep) {
    use weiquan_complaint::{Complaint, Mobile, ResidentId, Uscc, Yuan};
    let today = day("2026-07-01");
    let base = planted_complaint();
    Complaint::from_json_on(&base.to_string(), today).unwrap();
    let id = resident_id();
    let future = {
        let head = format!("{}20990101123", &id[..6]);
        format!("{head}{}", ResidentId::check_char_for(&head).unwrap())
    };
    let wrong_check = format!("{}{}", &id[..17], if id.ends_with('0') { "1" } else { "0" });
    let breaks: Vec<(&str, &str, Value)> = vec![
        (
            "mobile.format",
            "consumer.mobile",
            format!("{MOBILE}9").into(),
        ),
        (
            "mobile as number",
            "consumer.mobile",
            json!(13_912_345_678_u64),
        ),
        (
            "resident_id.checksum",
            "consumer.resident_id",
            wrong_check.clone().into(),
        ),
        (
            "resident_id.length",
            "consumer.resident_id",
            id[..17].into(),
        ),
        (
            "resident_id.charset",
            "consumer.resident_id",
            format!("{}A{}", &id[..8], &id[9..]).into(),
        ),
        (
            "resident_id.region",
            "consumer.resident_id",
            format!("00{}", &id[2..]).into(),
        ),
        (
            "resident_id.birth_date",
            "consumer.resident_id",
            format!("{}13{}", &id[..10], &id[12..]).into(),
        ),
        (
            "resident_id.future_birth",
            "consumer.resident_id",
            future.clone().into(),
        ),
        (
            "name long",
            "consumer.name",
            format!("{NAME}{}", long()).into(),
        ),
        ("address as array", "consumer.address", json!([ADDRESS])),
        ("division.format", "consumer.division", MOBILE.into()),
        (
            "amount.syntax",
            "purchase.amount_paid",
            format!("{MOBILE}x").into(),
        ),
        (
            "amount.negative",
            "purchase.amount_paid",
            format!("-{MOBILE}").into(),
        ),
        (
            "amount.too_precise",
            "purchase.amount_paid",
            format!("{MOBILE}.123").into(),
        ),
        ("amount.too_large", "purchase.amount_paid", CARD.into()),
        ("amount long", "purchase.amount_paid", long().into()),
        ("code.unknown", "channel", MOBILE.into()),
        (
            "category",
            "purchase.category",
            format!("{}{}", identifiers(), long()).into(),
        ),
        (
            "sha256.format",
            "evidence",
            json!([{"kind": "photo", "name": "a.jpg", "sha256": id}]),
        ),
        (
            "uscc.checksum",
            "business.uscc",
            "91110000600037341M".into(),
        ),
        ("uscc.length", "business.uscc", MOBILE.into()),
        ("uscc.charset", "business.uscc", "91110000O00037341L".into()),
        (
            "uscc.division",
            "business.uscc",
            "911A0000600037341L".into(),
        ),
        ("date", "purchase.purchase_date", identifiers().into()),
        (
            "description as object",
            "description",
            json!({ "text": narrative() }),
        ),
    ];
    for (what, path, value) in breaks {
        let mut v = base.clone();
        let path: Vec<&str> = path.split('.').collect();
        set(&mut v, &path, value);
        s.err(what, Complaint::from_json_on(&v.to_string(), today));
    }
    // A misspelt key: its value is not echoed. (A JSON pointer names keys, which are the
    // document's structure, not its data, and is not masked.)
    let mut v = base.clone();
    set(&mut v, &["consumer", "nmae"], NAME.into());
    s.err(
        "unknown field",
        Complaint::from_json_on(&v.to_string(), today),
    );
    s.err(
        "not JSON",
        Complaint::from_json_on(&format!("{{{MOBILE} {base}"), today),
    );
    s.err(
        "not an object",
        Complaint::from_json_on(&json!([MOBILE, NAME, id, CARD]).to_string(), today),
    );
    // The value types on their own, as the identifier checks of every edge call them.
    s.err("ResidentId", ResidentId::parse_on(&wrong_check, today));
    s.err("ResidentId future", ResidentId::parse_on(&future, today));
    s.err("Mobile", format!("{MOBILE}9").parse::<Mobile>());
    s.err("Uscc", Uscc::parse_strict(CARD));
    // The lenient reading of a complaint skips the embedded organisation code's check.
    s.err(
        "uscc.org_checksum",
        Uscc::parse_strict("91110000600037342P"),
    );
    s.err("Yuan", format!("{CARD}.001").parse::<Yuan>());
    s.err(
        "amount.overflow",
        Yuan::from_yuan(u64::MAX).checked_mul_int(u64::MAX),
    );
}

// ------------------------------------------------------------------ calendar

fn calendar(s: &mut Sweep) {
    use weiquan_calendar::Calendar;
    let official = Calendar::official();
    let id = resident_id();
    let csv = |rows: &[String]| format!("date,kind,name\n{}\n", rows.join("\n"));
    s.err(
        "calendar.out_of_coverage",
        official.is_working_day(day("1990-01-01")),
    );
    s.err("calendar.csv.empty", official.with_csv("date,kind,name\n"));
    s.err(
        "calendar.csv.bad_header",
        official.with_csv(&format!(
            "date,kind,{MOBILE},{id}\n2027-01-01,holiday,元旦\n"
        )),
    );
    // Line-level problems, all in one file.
    s.err(
        "calendar line problems",
        official.with_csv(&csv(&[
            format!("2027-01-01,holiday,元旦,{CARD}"),
            format!("{MOBILE},holiday,元旦"),
            format!("{id}{},holiday,元旦", long()),
            format!("2027-01-02,{CARD},元旦"),
            "2027-01-03,holiday,".to_owned(),
        ])),
    );
    // A year with contradictions: a date twice, a date both kinds, a workday on a Monday,
    // a statutory holiday named after someone else, 元旦 missing.
    s.err(
        "calendar year problems",
        official.with_csv(&csv(&[
            "2027-02-05,holiday,春节".to_owned(),
            "2027-02-05,holiday,春节".to_owned(),
            "2027-02-06,holiday,春节".to_owned(),
            "2027-02-06,workday,春节".to_owned(),
            "2027-02-08,workday,春节".to_owned(),
            format!("2027-04-05,holiday,{MOBILE}/{id}/{CARD}"),
        ])),
    );
    s.err(
        "calendar.csv.year_already_covered",
        official.with_csv(&csv(&["2024-01-01,holiday,元旦".to_owned()])),
    );
    s.err(
        "calendar.csv.coverage_gap",
        official.with_csv(&csv(&["2030-01-01,holiday,元旦".to_owned()])),
    );
    let many: Vec<String> = (0..150)
        .map(|i| format!("{MOBILE}/{i},holiday,x"))
        .collect();
    s.err(
        "calendar.csv.too_many_problems",
        official.with_csv(&csv(&many)),
    );
    // A file declaring a date the calendar already has, from a partial earlier load.
    s.err(
        "calendar.csv.already_declared",
        Calendar::from_csv(&csv(&["2026-01-01,holiday,元旦".to_owned()]))
            .and_then(|c| c.with_csv(&csv(&["2026-01-01,holiday,元旦".to_owned()]))),
    );
}

// ------------------------------------------------------------------ redact

fn redact(s: &mut Sweep) {
    use weiquan_redact::measure::parse_marked;
    let id = resident_id();
    s.err(
        "redact.mark_nested",
        parse_marked(&format!("⟦n:{NAME}⟦m:{MOBILE}⟧⟧")),
    );
    s.err(
        "redact.mark_kind",
        parse_marked(&format!("住⟦z:{ADDRESS}⟧，身份证{id}")),
    );
    s.err(
        "redact.mark_close",
        parse_marked(&format!("卡号{CARD}⟧，{NAME}")),
    );
    s.err(
        "redact.mark_unclosed",
        parse_marked(&format!("⟦i:{id}，电话{MOBILE}")),
    );
}

// ------------------------------------------------------------------ caseflow

/// A complaint reference holding identifiers: not a personal field, so masked by shape.
fn planted_ref() -> String {
    format!("WQ-{MOBILE}-{CARD}")
}

fn caseflow(s: &mut Sweep) {
    use weiquan_caseflow::{
        Actor, Calendar, Case, ChainHash, ChainKey, ConsentSubject, Event, EventKind, Journal,
        Mediator, NonAcceptanceGround, Party, Policy, Procedure, ProcedureSelection, ReplayOptions,
        Settlement, TerminationGround, default_calendar,
    };
    use weiquan_complaint::Yuan;
    const SAMR: ProcedureSelection = ProcedureSelection::MarketRegulation;
    let ev = |when: &str, actor: Actor, kind: EventKind| Event::new(at(when), actor, kind);
    let note = || Some(narrative());
    let open = |when: &str| Case::open(planted_ref(), at(when), SAMR).unwrap();

    s.err(
        "caseflow.complaint_id",
        Case::open(
            format!("{} {}{}", identifiers(), resident_id(), long()),
            at("2025-05-01 10:00"),
            SAMR,
        ),
    );
    s.err(
        "caseflow.no_procedure",
        Case::open(planted_ref(), at("2010-05-01 10:00"), SAMR),
    );
    s.err(
        "caseflow.procedure_not_in_force",
        Case::open(
            planted_ref(),
            at("2026-05-01 10:00"),
            ProcedureSelection::Exact(Procedure::SamrOrder20),
        ),
    );
    let mut p = Policy::default();
    p.limits
        .insert(format!("{MOBILE}.{}{}", resident_id(), long()), 5);
    s.err(
        "caseflow.policy",
        Case::open_with(planted_ref(), at("2025-05-01 10:00"), SAMR, p),
    );
    s.err(
        "caseflow.not_an_opening",
        Case::from_opening(ev("2025-05-01 10:00", Actor::Handler, EventKind::Accepted)),
    );
    let mut c = open("2025-03-04 09:00");
    s.err(
        "caseflow.illegal_transition",
        c.apply(ev(
            "2025-03-04 10:00",
            Actor::Handler,
            EventKind::MediationEnded {
                ground: TerminationGround::AbsentOrRefused,
                by: None,
                testing: None,
                note: note(),
            },
        )),
    );
    s.err(
        "caseflow.actor_not_allowed",
        c.apply(ev("2025-03-04 10:00", Actor::Consumer, EventKind::Accepted)),
    );
    s.err(
        "caseflow.guard_failed",
        c.apply(ev(
            "2025-03-04 10:00",
            Actor::Handler,
            EventKind::NotAccepted {
                ground: NonAcceptanceGround::IdentityImpersonationOrRefusal,
                note: note(),
            },
        )),
    );
    c.apply(ev(
        "2025-03-05 11:00",
        Actor::Handler,
        EventKind::NotAccepted {
            ground: NonAcceptanceGround::TimeBarred,
            note: note(),
        },
    ))
    .unwrap();
    s.err(
        "caseflow.time_went_backwards",
        c.apply(ev("2025-03-05 10:59", Actor::Handler, EventKind::Closed)),
    );
    s.err(
        "caseflow.as_of_before_receipt",
        c.deadlines(day("2025-03-01")),
    );

    // The strict official calendar cannot count past its last year.
    let mut c = open("2026-04-10 09:00");
    let apply = |c: &mut Case, when: &str, actor: Actor, kind: EventKind| {
        c.apply(ev(when, actor, kind)).unwrap();
    };
    apply(
        &mut c,
        "2026-11-20 15:00",
        Actor::Handler,
        EventKind::Accepted,
    );
    s.err(
        "caseflow.calendar",
        c.deadlines_on(Calendar::official(), day("2026-11-21")),
    );
    for party in [Party::Consumer, Party::Business] {
        let consent = EventKind::ConsentGiven {
            party,
            subject: ConsentSubject::Mediation,
        };
        let actor = if party == Party::Consumer {
            Actor::Consumer
        } else {
            Actor::Business
        };
        apply(&mut c, "2026-11-23 10:00", actor, consent);
    }
    apply(
        &mut c,
        "2026-11-24 10:00",
        Actor::Handler,
        EventKind::MediationStarted {
            mediator: Mediator::Delegated {
                body: format!("{NAME}调解室 {MOBILE}"),
            },
        },
    );
    for party in [Party::Consumer, Party::Business] {
        let consent = EventKind::ConsentGiven {
            party,
            subject: ConsentSubject::Agreement,
        };
        let actor = if party == Party::Consumer {
            Actor::Consumer
        } else {
            Actor::Business
        };
        apply(&mut c, "2026-12-01 10:00", actor, consent);
    }
    s.err(
        "caseflow.guard_undecidable",
        c.apply_on(
            Calendar::official(),
            ev(
                "2026-12-02 10:00",
                Actor::Handler,
                EventKind::AgreementReached {
                    amount_recovered: Yuan::ZERO,
                    settlement: Settlement::Mediation,
                },
            ),
        ),
    );

    // Logs: a case whose entries carry the narrative in their notes.
    let mut c = open("2025-03-04 09:00");
    c.apply(ev(
        "2025-03-05 11:00",
        Actor::Handler,
        EventKind::NotAccepted {
            ground: NonAcceptanceGround::TimeBarred,
            note: note(),
        },
    ))
    .unwrap();
    c.apply(ev("2025-03-06 11:00", Actor::Handler, EventKind::Closed))
        .unwrap();
    let log = c.to_jsonl().unwrap();
    let lines: Vec<&str> = log.lines().collect();
    let replay = |text: &str| Case::replay(text);
    let cal = default_calendar();
    s.err(
        "caseflow.log.syntax",
        replay(&log.replace("\"time_barred\"", &format!("\"{}\"", identifiers()))),
    );
    s.err(
        "caseflow.log.syntax (type)",
        replay(&log.replace(
            &format!("\"note\":\"{}\"", narrative()),
            &format!("\"note\":{MOBILE}"),
        )),
    );
    s.err(
        "caseflow.log.sequence",
        replay(&format!("{}\n{}\n", lines[0], lines[2])),
    );
    s.err(
        "caseflow.log.altered",
        replay(&log.replace(NAME, "欧阳丽丽")),
    );
    // The note re-encoded (`\u6211` for 我, the same value) and re-sealed as a forger would:
    // SHA-256 of the stored bytes without the seal.
    let resealed = {
        use sha2::Digest;
        let line = lines[1];
        let body = line[..line.len() - 75].replacen('我', "\\u6211", 1);
        let hash: String = sha2::Sha256::digest(format!("{body}}}"))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{}\n{body},\"hash\":\"{hash}\"}}\n", lines[0])
    };
    s.err("caseflow.log.not_canonical", replay(&resealed));
    let mut other = open("2025-03-04 09:00");
    other
        .apply(ev("2025-03-05 10:00", Actor::Handler, EventKind::Accepted))
        .unwrap();
    let other_log = other.to_jsonl().unwrap();
    let other_lines: Vec<&str> = other_log.lines().collect();
    s.err(
        "caseflow.log.chain",
        replay(&format!("{}\n{}\n{}\n", lines[0], other_lines[1], lines[2])),
    );
    s.err("caseflow.log.torn", replay(&log[..log.len() - 40]));
    let key = ChainKey::from_bytes(&[7; 32]).unwrap();
    let keyed = c.to_jsonl_keyed(&key).unwrap();
    s.err("caseflow.log.key_required", replay(&keyed));
    s.err(
        "caseflow.log.unkeyed",
        Case::replay_with(cal, log.as_bytes(), &ReplayOptions::new().key(&key)),
    );
    s.err(
        "caseflow.log.key",
        ChainKey::from_hex(&format!("{MOBILE}z")),
    );
    s.err("caseflow.log.key (short)", ChainKey::from_hex(CARD));
    s.err("caseflow.log.several", replay(&format!("{log}{other_log}")));
    s.err(
        "caseflow.log.head_mismatch",
        Case::replay_with(cal, log.as_bytes(), &ReplayOptions::new())
            .unwrap()
            .check_head(ChainHash::ZERO),
    );
    let mut j = Journal::new();
    let not_opening = j
        .append(&ev(
            "2025-03-05 11:00",
            Actor::Handler,
            EventKind::NotAccepted {
                ground: NonAcceptanceGround::TimeBarred,
                note: note(),
            },
        ))
        .unwrap();
    s.err("caseflow.log.not_opening", replay(&not_opening));
    let mut j = Journal::new();
    let mut refused = String::new();
    for e in &c.history()[..1] {
        refused.push_str(&j.append(&e.event).unwrap());
        refused.push('\n');
    }
    refused.push_str(
        &j.append(&ev(
            "2025-03-05 11:00",
            Actor::Handler,
            EventKind::MediationEnded {
                ground: TerminationGround::AbsentOrRefused,
                by: None,
                testing: None,
                note: note(),
            },
        ))
        .unwrap(),
    );
    s.err("caseflow.log.transition", replay(&refused));
    s.err("caseflow.log.empty", replay(""));
    /// A reader that fails after the first line, as a disk does.
    struct Failing(bool, Vec<u8>);
    impl std::io::Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 {
                return Err(std::io::Error::other("device error"));
            }
            self.0 = true;
            let n = self.1.len().min(buf.len());
            buf[..n].copy_from_slice(&self.1[..n]);
            Ok(n)
        }
    }
    s.err(
        "caseflow.log.io",
        Case::replay_reader(
            cal,
            std::io::BufReader::new(Failing(false, format!("{}\n", lines[0]).into_bytes())),
        ),
    );
}

// ------------------------------------------------------------------ compensation

fn compensation(s: &mut Sweep) {
    use rust_decimal::Decimal;
    use weiquan_compensation::{ClaimDocument, ParamId, Policy};
    let id = resident_id();
    let claim = |f: &dyn Fn(&mut Value)| {
        let mut v = json!({
            "schema_version": 1,
            "id": planted_ref(),
            "purchase": {"kind": "goods", "price_paid": "1299", "purchase_date": "2025-06-01"}
        });
        f(&mut v);
        ClaimDocument::from_json(&v.to_string())
    };
    s.err(
        "claim.syntax",
        ClaimDocument::from_json(&format!("{{\"schema_version\":1,\"id\":\"{MOBILE}\" {id}")),
    );
    s.err(
        "claim price",
        claim(&|v| v["purchase"]["price_paid"] = format!("{CARD}x").into()),
    );
    s.err(
        "claim date",
        claim(&|v| v["purchase"]["purchase_date"] = identifiers().into()),
    );
    s.err(
        "claim kind",
        claim(&|v| v["purchase"]["kind"] = format!("{MOBILE}{}", long()).into()),
    );
    s.err(
        "claim unknown field",
        claim(&|v| v["purchase"]["buyer"] = narrative().into()),
    );
    s.err(
        "claim rate",
        claim(&|v| v["warranty"] = json!({"daily_depreciation_rate": format!("{MOBILE}%x")})),
    );
    s.err(
        "claim quantity",
        claim(&|v| v["purchase"]["quantity"] = id.clone().into()),
    );
    s.err(
        "claim schema_version",
        claim(&|v| v["schema_version"] = MOBILE.into()),
    );
    s.err(
        "claim id too long",
        claim(&|v| v["id"] = format!("{}{}", identifiers(), long()).into()),
    );
    s.err(
        "policy.verified_parameter",
        Policy::default().with_override(ParamId::CrplFraudMinimum, Decimal::from(500)),
    );
    s.err(
        "policy.override_out_of_range",
        Policy::default().with_override(
            ParamId::SanbaoReplaceDays,
            MOBILE.parse::<Decimal>().unwrap(),
        ),
    );
}

// ------------------------------------------------------------------ routing

/// A ruleset with a problem of every kind (crates/routing/tests/other_city.rs), identifiers
/// planted in the values its problems quote.
fn bad_ruleset() -> String {
    let id = resident_id();
    r#"schema_version = 1
id = "bad"
name = "bad"
city = "@MOBILE@"

[ranking]
basis = [{ instrument = "@CARD@", article = 13 }]

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
kind = "@ID@"
in_force_from = "@MOBILE@"
reliability = "@CARD@"

[[body]]
id = "a"
name_zh = "甲"
name_en = "A"
kind = "@MOBILE@"
division = "130299"
superior = "b"
channels = [{ kind = "@ID@", value = "@MOBILE@" }]

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
categories = ["@MOBILE@"]
channels = ["@ID@"]
online_roles = ["@CARD@"]
amount_at_least = "-@MOBILE@"
received_from = "@ID@"
received_while_in_force = "@MOBILE@"
[rule.then]
body = "@CARD@"
[[rule.basis]]
instrument = "@ID@"
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
fallback = "@MOBILE@"

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
"#
    .replace("@MOBILE@", MOBILE)
    .replace("@CARD@", CARD)
    .replace("@ID@", &id)
}

fn routing(s: &mut Sweep) {
    use weiquan_complaint::Complaint;
    use weiquan_routing::{Registry, RouteOptions, Router};
    let bad = bad_ruleset();
    s.err("routing.ruleset_invalid", Router::from_toml(&bad));
    s.err(
        "ruleset.syntax (type)",
        Router::from_toml(&bad.replacen(
            "schema_version = 1",
            &format!("schema_version = \"{MOBILE}\""),
            1,
        )),
    );
    s.err(
        "ruleset.syntax (unknown key)",
        Router::from_toml(&bad.replacen(
            "title = \"fallback loop\"",
            &format!("{MOBILE} = \"{}\"", resident_id()),
            1,
        )),
    );
    s.err(
        "ruleset.syntax (broken)",
        Router::from_toml(&format!("name = \"{MOBILE} {CARD}")),
    );
    let many: String = (0..150)
        .map(|i| {
            format!(
                "[[rule]]\nid = \"r{i}\"\ntitle = \"{MOBILE}\"\nbasis = []\n[rule.then]\nbody = \"{CARD}-r{i}\"\n\n"
            )
        })
        .collect();
    s.err(
        "ruleset.too_many_problems",
        Router::from_toml(&format!("{bad}\n{many}")),
    );
    let router = Router::shijiazhuang().unwrap();
    let today = day("2026-07-01");
    let mut v = planted_complaint();
    v["id"] = planted_ref().into();
    v["business"]["division"] = "130199".into();
    let c = Complaint::from_json_on(&v.to_string(), today).unwrap();
    s.err("routing.unknown_division", router.route(&c));
    let v = planted_complaint();
    let c = Complaint::from_json_on(&v.to_string(), today).unwrap();
    let received_by = identifiers();
    s.err(
        "routing.unknown_body",
        router.route_with(
            &c,
            &RouteOptions {
                received_by: Some(&received_by),
            },
        ),
    );
    // A ruleset whose only rule covers one district: a complaint elsewhere has no rule.
    let narrow = r#"schema_version = 2
id = "narrow"
name = "narrow"
city = "130100"

[ranking]
basis = [{ instrument = "samr_order_20", article = 13 }]

[[body]]
id = "b"
name_zh = "乙"
name_en = "B"
kind = "market_regulation"
division = "130100"

[[rule]]
id = "only"
title = "letters only"
[rule.when]
channels = ["letter"]
[rule.then]
body = "b"
[[rule.basis]]
instrument = "samr_order_20"
"#;
    let narrow = Router::from_toml(narrow).unwrap();
    let mut v = planted_complaint();
    v["id"] = planted_ref().into();
    v["channel"] = "wechat".into();
    let c = Complaint::from_json_on(&v.to_string(), today).unwrap();
    s.err("routing.no_rule", narrow.route(&c));
    let data = format!(
        "code,name,level,parent,valid_from,valid_to,successor\n{MOBILE},{NAME},district,130600,1983,2015,130606\n"
    );
    s.err(
        "routing.division_data",
        Registry::embedded_with(&[("baoding.csv", &data)]),
    );
    let data = format!(
        "code,name,level,parent,valid_from,valid_to,successor\n130603,北市区,{CARD},130600,1983,2015,{}\n",
        resident_id()
    );
    s.err(
        "routing.division_data (level)",
        Registry::embedded_with(&[("baoding.csv", &data)]),
    );
}

// ------------------------------------------------------------------ stats (library)

fn stats(s: &mut Sweep) {
    use weiquan_stats::{LedgerFile, RecordOptions, parse_line};
    let mut v = planted_complaint();
    v["received_at"] = json!([MOBILE, resident_id(), narrative()]);
    v["channel"] = identifiers().into();
    s.err(
        "record.invalid (types)",
        parse_line(&v.to_string(), RecordOptions::default()),
    );
    s.err(
        "record.invalid (not JSON)",
        parse_line(
            &format!("{{\"id\":\"{MOBILE}\",{}", narrative()),
            RecordOptions::default(),
        ),
    );
    s.err(
        "stats.group_by",
        format!("{MOBILE},{}", resident_id()).parse::<weiquan_stats::GroupBy>(),
    );
    let dir = common::temp_dir();
    let p = dir.path().join("ledger.json");
    let _first = LedgerFile::open(&p, false).unwrap();
    s.err("ledger.locked", LedgerFile::open(&p, false));
}

// ------------------------------------------------------------------ the command line

/// Every workspace code named on a command's standard error or output.
fn codes_in(text: &str, known: &BTreeSet<String>) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'))
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| known.contains(*t))
        .map(str::to_owned)
        .collect()
}

/// Runs `weiquan`; its standard error must be clean; the codes it names are noted.
fn cli(s: &mut Sweep, known: &BTreeSet<String>, what: &str, args: &[&str], stdin: &[u8]) -> Output {
    let out = common::weiquan(args, stdin.to_vec());
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let found = codes_in(&stderr, known);
    if out.status.success() && found.is_empty() {
        s.failures
            .push(format!("{what}: succeeded without a refusal: {stderr}"));
    }
    s.command(what, &out, &[]);
    for code in found {
        s.note(what, &code);
    }
    out
}

/// Complaints as JSON Lines, the first ones carrying the planted data.
fn records(d: &Path, count: &str, seed: &str) -> (PathBuf, String) {
    let f = d.join(format!("c{count}-{seed}.jsonl"));
    let out = common::run(&[
        "generate",
        "--count",
        count,
        "--seed",
        seed,
        "--out",
        f.to_str().unwrap(),
    ]);
    common::assert_status(&out, 0);
    let text = std::fs::read_to_string(&f).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for line in lines.iter_mut().take(5) {
        let mut v: Value = serde_json::from_str(line).unwrap();
        v["consumer"]["name"] = NAME.into();
        v["consumer"]["mobile"] = MOBILE.into();
        v["consumer"]["address"] = ADDRESS.into();
        v["description"] = narrative().into();
        *line = v.to_string();
    }
    let text = lines.join("\n") + "\n";
    std::fs::write(&f, &text).unwrap();
    (f, text)
}

fn command_line(s: &mut Sweep, known: &BTreeSet<String>) {
    let tmp = common::temp_dir();
    let d = tmp.path();
    let (f, text) = records(d, "1500", "41");
    let fs = f.to_str().unwrap();
    let id = resident_id();
    let by_bad = format!("{MOBILE},{id}");
    cli(
        s,
        known,
        "stats --by",
        &["stats", fs, "--by", &by_bad, "--quiet"],
        b"",
    );
    let span = format!("{MOBILE}..{CARD}");
    cli(
        s,
        known,
        "stats --span",
        &["stats", fs, "--by", "channel", "--span", &span, "--quiet"],
        b"",
    );
    let eps = format!("--epsilon={CARD}");
    cli(
        s,
        known,
        "stats --epsilon",
        &[
            "stats",
            fs,
            "--by",
            "region=county",
            &eps,
            "--epsilon-budget",
            "2",
            "--quiet",
        ],
        b"",
    );
    let out_dir = d.join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let o = out_dir.join("dp.json");
    let os = o.to_str().unwrap();
    cli(
        s,
        known,
        "dp.budget_missing",
        &[
            "stats",
            fs,
            "--by",
            "period=quarter,region=county",
            "--span",
            "2025-07..2026-06",
            "--epsilon",
            "1/2",
            "--quiet",
            "--out",
            os,
        ],
        b"",
    );
    let ledger = d.join("l.json");
    let ls = ledger.to_str().unwrap();
    let dp = |eps: &str, budget: Option<&str>| {
        let mut a = vec![
            "stats",
            fs,
            "--by",
            "period=quarter,region=county",
            "--span",
            "2025-07..2026-06",
            "--epsilon",
            eps,
            "--ledger",
            ls,
            "--quiet",
            "--out",
            os,
        ];
        if let Some(b) = budget {
            a.extend(["--epsilon-budget", b]);
        }
        a.iter().map(|x| (*x).to_owned()).collect::<Vec<String>>()
    };
    let a = dp("1", Some("1"));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    common::assert_status(&common::run(&a), 0);
    let a = dp("1/2", None);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    cli(s, known, "dp.budget_exceeded", &a, b"");
    let a = dp("1/1000", Some("5"));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    cli(s, known, "stats.parameter (budget changed)", &a, b"");
    // A ledger whose release id holds identifiers, tampered.
    let tampered = format!(
        r#"{{"schema_version":2,"kind":"weiquan_stats_ledger","epsilon_limit":"1","epsilon_spent":"-1","releases":[{{"id":"{MOBILE} {id} {CARD}","method":{{"kind":"differential_privacy","max_contributions":1}},"epsilon":"-1","tables":[]}}]}}"#
    );
    let bad_ledger = d.join("tampered.json");
    std::fs::write(&bad_ledger, &tampered).unwrap();
    cli(
        s,
        known,
        "ledger.invalid",
        &[
            "stats",
            fs,
            "--by",
            "period=quarter,region=county",
            "--span",
            "2025-07..2026-06",
            "--epsilon",
            "1",
            "--ledger",
            bad_ledger.to_str().unwrap(),
            "--quiet",
            "--out",
            os,
        ],
        b"",
    );
    let not_json = d.join("notjson.json");
    std::fs::write(
        &not_json,
        format!("{{\"id\": \"{MOBILE}\", {}", narrative()),
    )
    .unwrap();
    cli(
        s,
        known,
        "stats.format (ledger)",
        &[
            "stats",
            fs,
            "--by",
            "channel",
            "--ledger",
            not_json.to_str().unwrap(),
            "--release-id",
            "r",
            "--quiet",
            "--out",
            os,
        ],
        b"",
    );
    cli(
        s,
        known,
        "ledger.io",
        &[
            "stats",
            fs,
            "--by",
            "channel",
            "--ledger",
            d.to_str().unwrap(),
            "--release-id",
            "r",
            "--quiet",
            "--out",
            os,
        ],
        b"",
    );
    // A suppression release recorded under an id with identifiers, then the data revised.
    let rid = format!("{MOBILE}-{CARD}");
    let rl = d.join("revised.json");
    let rls = rl.to_str().unwrap();
    let release = |input: &str, out: &str| {
        common::run(&[
            "stats",
            input,
            "--by",
            "channel,consumer_group",
            "--span",
            "2025-07..2025-12",
            "--ledger",
            rls,
            "--release-id",
            &rid,
            "--quiet",
            "--out",
            out,
        ])
    };
    common::assert_status(&release(fs, d.join("r1.json").to_str().unwrap()), 0);
    let fewer = d.join("fewer.jsonl");
    std::fs::write(
        &fewer,
        text.lines().skip(300).collect::<Vec<_>>().join("\n") + "\n",
    )
    .unwrap();
    let out = release(fewer.to_str().unwrap(), d.join("r2.json").to_str().unwrap());
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    s.command("ledger.revised", &out, &[]);
    for c in codes_in(&stderr, known) {
        s.note("ledger.revised", &c);
    }
    // Audits that cannot finish.
    cli(
        s,
        known,
        "audit.too_large",
        &[
            "stats",
            fs,
            "--by",
            "region=county,category=top,channel",
            "--max-audit-variables",
            "1",
            "--quiet",
        ],
        b"",
    );
    cli(
        s,
        known,
        "audit.timeout",
        &[
            "stats",
            fs,
            "--by",
            "region=county,category=top,channel,consumer_group",
            "--audit-time-limit",
            "0.000001",
            "--quiet",
        ],
        b"",
    );
    cli(
        s,
        known,
        "stats.table_too_large",
        &[
            "stats",
            fs,
            "--by",
            "period=month,region=county,category,channel,problem_nature,consumer_group,outcome",
            "--quiet",
        ],
        b"",
    );
    // Partials: merged twice, with another key, another grouping, a finer table, malformed.
    let key = d.join("consumer.key");
    let partial = |input: &Path, key: &Path, by: &str, out: &Path, extra: &[&str]| {
        let mut a = vec![
            "stats",
            input.to_str().unwrap(),
            "--by",
            by,
            "--partial",
            "--quiet",
            "--consumer-key",
            key.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        common::assert_status(&common::run(&a), 0);
    };
    let p1 = d.join("p1.json");
    let p2 = d.join("p2.json");
    let p3 = d.join("p3.json");
    partial(&f, &key, "period=quarter,region=county", &p1, &[]);
    partial(
        &f,
        &d.join("other.key"),
        "period=quarter,region=county",
        &p2,
        &[],
    );
    partial(&f, &key, "channel", &p3, &[]);
    let merge = |ps: &[&Path], by: &str, extra: &[&str]| {
        let mut a = vec!["stats".to_owned(), "merge".to_owned()];
        a.extend(ps.iter().map(|p| p.to_str().unwrap().to_owned()));
        a.extend(["--by".to_owned(), by.to_owned()]);
        a.extend(extra.iter().map(|x| (*x).to_owned()));
        a
    };
    for (what, args) in [
        (
            "partial.overlap",
            merge(&[&p1, &p1], "period=quarter,region=county", &[]),
        ),
        (
            "partial.key_mismatch",
            merge(&[&p1, &p2], "period=quarter,region=county", &[]),
        ),
        (
            "stats.merge_mismatch",
            merge(&[&p1, &p3], "period=quarter,region=county", &[]),
        ),
        ("stats.not_a_coarsening", merge(&[&p1], "channel", &[])),
        (
            "stats.consumer_cap",
            merge(&[&p1], "period=quarter,region=county", &["--k", "1000000"]),
        ),
    ] {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        cli(s, known, what, &a, b"");
    }
    let bad_partial = d.join("bad-partial.json");
    let partial_text = std::fs::read_to_string(&p1).unwrap();
    std::fs::write(
        &bad_partial,
        partial_text.replacen(
            "\"schema_version\"",
            &format!("\"{MOBILE}\":\"{id}\",\"schema_version\""),
            1,
        ),
    )
    .unwrap();
    let a = merge(&[&bad_partial], "period=quarter,region=county", &[]);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    cli(s, known, "stats.format", &a, b"");
    std::fs::write(
        &bad_partial,
        format!("{{\"schema_version\": \"{MOBILE}\", \"n\": \"{id}\""),
    )
    .unwrap();
    cli(s, known, "stats.format (syntax)", &a, b"");
    // Conflicting duplicates: the same complaint id with another division.
    let first = text.lines().next().unwrap();
    let mut v: Value = serde_json::from_str(first).unwrap();
    let region = v["consumer"]["division"].as_str().unwrap().to_owned();
    v["consumer"]["division"] = if region == "130102" {
        "130104"
    } else {
        "130102"
    }
    .into();
    let conflict = d.join("conflict.jsonl");
    std::fs::write(&conflict, format!("{text}{v}\n")).unwrap();
    cli(
        s,
        known,
        "record.duplicate_conflict",
        &[
            "stats",
            conflict.to_str().unwrap(),
            "--by",
            "region=county",
            "--quiet",
        ],
        b"",
    );
    // Records that are not records, through the batch commands.
    let mut bad = planted_complaint();
    bad["consumer"]["mobile"] = format!("{MOBILE}9").into();
    bad["consumer"]["resident_id"] = format!("{}0", &id[..17]).into();
    let input = format!("{bad}\n{{{MOBILE} {}\n", narrative());
    cli(s, known, "validate", &["validate"], input.as_bytes());
    cli(s, known, "route", &["route"], input.as_bytes());
    cli(
        s,
        known,
        "stats (bad records)",
        &["stats", "-", "--by", "channel", "--quiet"],
        input.as_bytes(),
    );
    let claim = format!(
        "{{\"schema_version\":1,\"id\":\"{MOBILE}\",\"purchase\":{{\"kind\":\"{id}\",\"price_paid\":\"{CARD}x\",\"purchase_date\":\"2025-06-01\"}}}}"
    );
    cli(s, known, "assess", &["assess", "-"], claim.as_bytes());
    // Case logs: a log line with an unknown ground holding identifiers.
    let log = {
        use weiquan_caseflow::{
            Actor, Case, Event, EventKind, NonAcceptanceGround, ProcedureSelection,
        };
        let mut c = Case::open(
            planted_ref(),
            at("2025-03-04 09:00"),
            ProcedureSelection::MarketRegulation,
        )
        .unwrap();
        c.apply(Event::new(
            at("2025-03-05 11:00"),
            Actor::Handler,
            EventKind::NotAccepted {
                ground: NonAcceptanceGround::TimeBarred,
                note: Some(narrative()),
            },
        ))
        .unwrap();
        c.to_jsonl().unwrap()
    };
    let broken = log.replace("\"time_barred\"", &format!("\"{}\"", identifiers()));
    cli(
        s,
        known,
        "case replay (syntax)",
        &["case", "replay", "-"],
        broken.as_bytes(),
    );
    let altered = log.replace(NAME, "欧阳丽丽");
    cli(
        s,
        known,
        "case replay (altered)",
        &["case", "replay", "-"],
        altered.as_bytes(),
    );
    let cal = d.join("cal.csv");
    std::fs::write(&cal, format!("date,kind,name\n{MOBILE},holiday,{id}\n")).unwrap();
    cli(
        s,
        known,
        "case replay --calendar",
        &["case", "replay", "-", "--calendar", cal.to_str().unwrap()],
        log.as_bytes(),
    );
    let ruleset = d.join("bad.toml");
    std::fs::write(&ruleset, bad_ruleset()).unwrap();
    cli(
        s,
        known,
        "route --ruleset",
        &["route", "--ruleset", ruleset.to_str().unwrap()],
        b"",
    );
    // Redaction: a line that is not UTF-8 beside identifiers.
    let mut redact_in = format!("电话{MOBILE}\n").into_bytes();
    redact_in.extend_from_slice(b"\xff\xfe ");
    redact_in.extend_from_slice(format!("{id} {CARD}\n").as_bytes());
    cli(s, known, "redact.not_utf8", &["redact"], &redact_in);
}

// ------------------------------------------------------------------ store

/// The case store's errors, from a SQLite store whose callers pass planted values where a
/// client could (case ids, query codes, idempotency keys, key files, responders).
fn store(s: &mut Sweep) {
    use weiquan_caseflow::{Actor, Case, Event, EventKind, ProcedureSelection};
    use weiquan_complaint::Complaint;
    use weiquan_routing::Router;
    use weiquan_store::{Attribution, Intake, Reader, Store, StoreKey};

    let dir = tempfile::tempdir().unwrap();
    let key_hex = "8f".repeat(32);
    let key_file = dir.path().join("store.key");
    std::fs::write(&key_file, &key_hex).unwrap();
    let key = || StoreKey::from_hex(&key_hex).unwrap();
    // A key file holding identifiers instead of a key, under a name that is one.
    let bad_key = dir.path().join(format!("{MOBILE}.key"));
    std::fs::write(&bad_key, identifiers()).unwrap();
    s.err("store key file", StoreKey::from_file(&bad_key));
    let db = dir.path().join("cases.db");
    let store = Store::open_sqlite(&db, key()).unwrap();
    let other = StoreKey::from_hex(&"a1".repeat(32)).unwrap();
    s.err("store other key", Store::open_sqlite(&db, other));

    let complaint = Complaint::from_json(&planted_complaint().to_string()).unwrap();
    let decision = Router::shijiazhuang()
        .unwrap()
        .route(&complaint)
        .unwrap()
        .report(&complaint.id);
    let case = Case::open_complaint(&complaint, ProcedureSelection::MarketRegulation).unwrap();
    let intake = Intake {
        complaint: complaint.clone(),
        case,
        decision,
        idempotency_key: resident_id(),
        attribution: Attribution {
            volunteer: Some(NAME.to_owned()),
            station: None,
        },
        recorded_by: MOBILE.to_owned(),
    };
    let receipt = store.intake(&intake).unwrap();
    // A decision made for another complaint, whose id is an identifier.
    let mut stranger = planted_complaint();
    stranger["id"] = MOBILE.into();
    let stranger = Complaint::from_json(&stranger.to_string()).unwrap();
    let mut mismatched = intake.clone();
    mismatched.complaint.id = format!("{}-2", complaint.id);
    mismatched.idempotency_key = CARD.to_owned();
    mismatched.decision = Router::shijiazhuang()
        .unwrap()
        .route(&stranger)
        .unwrap()
        .report(&stranger.id);
    s.err("store intake mismatch", store.intake(&mismatched));
    // The same idempotency key (an identifier) for another submission.
    let mut again = intake.clone();
    again.complaint.description = format!("{} 另一次投诉", narrative());
    s.err("store idempotency", store.intake(&again));
    // Case ids a client typed: identifiers, and a very long one.
    s.err("store case by id", store.case(&resident_id()));
    s.err(
        "store consumer lookup",
        store.case_for_consumer(MOBILE, CARD),
    );
    s.err("store long case id", store.case(&long()));
    s.err(
        "store personal",
        store.personal(
            &resident_id(),
            Reader {
                staff: NAME,
                purpose: "mediation",
            },
        ),
    );
    let accepted = Event::new(
        complaint.received_at + chrono::Duration::days(1),
        Actor::Handler,
        EventKind::Accepted,
    );
    s.err(
        "store stale append",
        store.append(
            &receipt.case_id,
            receipt.last_seq + 7,
            accepted.clone(),
            NAME,
        ),
    );
    // The state machine's refusal: closing a case just received.
    let closed = Event::new(
        complaint.received_at + chrono::Duration::hours(1),
        Actor::Handler,
        EventKind::Closed,
    );
    s.err(
        "store refused event",
        store.append(&receipt.case_id, receipt.last_seq, closed, MOBILE),
    );
    let now = chrono::Utc::now();
    s.err("store rating range", store.rate(&receipt.case_id, 9, now));
    s.err(
        "store rating open case",
        store.rate(&receipt.case_id, 4, now),
    );
    s.err(
        "store empty response",
        store.record_response(&receipt.case_id, MOBILE, " ", now),
    );
    // The database's own message for a statement that names identifiers: tables, not values.
    s.err(
        "store database",
        weiquan_store::testing::raw_execute(
            &store,
            &format!(
                "INSERT INTO nowhere VALUES ('{MOBILE}', '{}')",
                resident_id()
            ),
        ),
    );
    // A database written by newer code.
    weiquan_store::testing::raw_execute(
        &store,
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'later', 'x')",
    )
    .unwrap();
    drop(store);
    s.err("store newer schema", Store::open_sqlite(&db, key()));
}

// ------------------------------------------------------------------ comparative testing

/// A comparative-testing programme (examples/data) whose free text and values carry planted
/// identifiers: the buyer's evidence, a brand, a measured value.
fn testing_programme(s: &mut Sweep) {
    use weiquan_testing::{Programme, score};
    let root = workspace_root();
    let text =
        std::fs::read_to_string(root.join("examples/data/testing-range-hoods.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    s.err(
        "testing syntax",
        Programme::from_json(&format!(
            "{{\"schema_version\": 1, \"id\": \"{}\" ",
            resident_id()
        )),
    );
    let mut bad = v.clone();
    bad["samples"][0]["brand"] = MOBILE.into();
    bad["samples"][0]["evidence"] = json!([format!("{NAME} {} {CARD}", resident_id())]);
    bad["samples"][0]["price"] = resident_id().into();
    bad["results"][0]["measured"]["value"] = format!("{MOBILE}x").into();
    bad["samples"][1]["channel"] = long().into();
    s.err("testing invalid", Programme::from_value(&bad));
    // Every result of a sample removed: its score needs them (nothing is presumed).
    let first = v["samples"][0]["id"].clone();
    v["samples"][0]["brand"] = MOBILE.into();
    let results = v["results"].as_array_mut().unwrap();
    results.retain(|r| r["sample"] != first);
    let programme = Programme::from_value(&v).unwrap();
    s.err("testing incomplete", score::scores(&programme));
}

// ------------------------------------------------------------------ the sweep

#[test]
fn every_error_code_is_triggered_without_leaking_or_exempted() {
    let root = workspace_root();
    let mut all = BTreeSet::new();
    for dir in codes::CRATES {
        let text = std::fs::read_to_string(root.join(dir).join("src/error.rs")).unwrap();
        all.extend(codes::arm_codes(&text));
    }
    assert!(all.len() > 100, "only {} codes read", all.len());
    let mut s = Sweep::default();
    complaint(&mut s);
    calendar(&mut s);
    redact(&mut s);
    caseflow(&mut s);
    compensation(&mut s);
    routing(&mut s);
    stats(&mut s);
    store(&mut s);
    testing_programme(&mut s);
    command_line(&mut s, &all);

    let exempt: BTreeMap<&str, &str> = EXEMPT.iter().copied().collect();
    let triggered: BTreeSet<&String> = all.iter().filter(|c| s.seen.contains_key(*c)).collect();
    let missing: Vec<&String> = all
        .iter()
        .filter(|c| !s.seen.contains_key(*c) && !exempt.contains_key(c.as_str()))
        .collect();
    let needless: Vec<&&str> = exempt
        .keys()
        .filter(|c| s.seen.contains_key(**c) || !all.contains(**c))
        .collect();
    for (code, what) in &s.seen {
        eprintln!("{code} <- {what}");
    }
    eprintln!("missing: {missing:?}");
    eprintln!(
        "{} codes: {} triggered, {} exempted; {} texts checked",
        all.len(),
        triggered.len(),
        exempt.len(),
        s.checked
    );
    assert!(
        s.failures.is_empty(),
        "{} failures:\n{}",
        s.failures.len(),
        s.failures.join("\n")
    );
    assert!(
        missing.is_empty(),
        "codes neither triggered nor exempted ({}): {missing:?}",
        missing.len()
    );
    assert!(
        needless.is_empty(),
        "exempted codes that are triggered or no longer exist: {needless:?}"
    );
    assert_eq!(triggered.len() + exempt.len(), all.len());
}
