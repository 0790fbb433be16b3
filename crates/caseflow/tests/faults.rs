//! Case logs are evidence (#17): faults injected into real logs — a write torn at every byte
//! of the last line, a NUL-padded tail, an amount changed and every line re-sealed, bytes
//! changed so that they read as the same value, several logs in one file, a replay as of a
//! past day — and the property each must keep.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::{Run, at, day};
use proptest::prelude::*;
use sha2::{Digest, Sha256};
use weiquan_caseflow::{
    Case, ChainHash, ChainKey, ConsentSubject, Error, EventKind, Journal, LogFile, Mediator,
    ProcedureSelection, ReplayOptions, Replayed, Settlement, StateKind, TransferBasis,
    default_calendar,
};
use weiquan_complaint::Yuan;
use weiquan_synth::simulate::Lifecycle;

/// A case mediated to an agreement of 161.85 yuan (line 8) and closed on 2025-10-27
/// (line 9).
fn closed_case() -> Case {
    let mut r = Run::open("2025-09-22 09:30", ProcedureSelection::MarketRegulation);
    r.handler("2025-09-24 10:00", EventKind::Accepted);
    r.consent("2025-09-25 10:00", ConsentSubject::Mediation);
    r.handler(
        "2025-09-26 14:00",
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    );
    r.consent("2025-10-20 10:00", ConsentSubject::Agreement);
    r.handler(
        "2025-10-21 15:00",
        EventKind::AgreementReached {
            amount_recovered: Yuan::from_fen(16_185),
            settlement: Settlement::Mediation,
        },
    );
    r.handler("2025-10-27 09:00", EventKind::Closed);
    r.case
}

/// A case whose last line holds Chinese text, so that a cut can fall inside a character.
fn transferred_case() -> Case {
    let mut r = Run::open("2025-09-22 09:30", ProcedureSelection::MarketRegulation);
    r.handler(
        "2025-09-23 10:00",
        EventKind::Transferred {
            to: "石家庄市长安区市场监督管理局".to_owned(),
            basis: TransferBasis::DispatchedToCompetent,
        },
    );
    r.case
}

fn read(log: &[u8], options: &ReplayOptions<'_>) -> Result<Replayed, Error> {
    Case::replay_with(default_calendar(), log, options)
}

fn key(byte: u8) -> ChainKey {
    ChainKey::from_bytes(&[byte; 32]).unwrap()
}

/// Every line re-sealed as a forger without the key would: SHA-256 of the stored bytes,
/// `prev` re-chained. `edit` changes each line's body first.
fn rehash(log: &str, edit: impl Fn(&str) -> String) -> String {
    let mut prev = ChainHash::ZERO;
    let mut out = String::new();
    for line in log.lines() {
        let mut body = edit(&line[..line.len() - 75]);
        let at = body.find("\"prev\":\"").unwrap() + 8;
        body.replace_range(at..at + 64, &prev.to_string());
        let hash = ChainHash(Sha256::digest(format!("{body}}}")).into());
        out.push_str(&format!("{body},\"hash\":\"{hash}\"}}\n"));
        prev = hash;
    }
    out
}

// ---------------------------------------------------------------- torn tails

/// The property of a torn tail: cut the last line at any byte (and, separately, follow the
/// cut with a newline or with NUL bytes): the log is refused as torn, naming the line, the
/// valid prefix and the bytes after it; recovering replays exactly the prefix.
fn assert_torn_everywhere(case: &Case) {
    let log = case.to_jsonl().unwrap();
    let last_start = log[..log.len() - 1].rfind('\n').unwrap() + 1;
    let prefix = &log.as_bytes()[..last_start];
    let before = Case::replay(std::str::from_utf8(prefix).unwrap()).unwrap();
    let lines = log.lines().count() as u64;
    let last_len = log.len() - 1 - last_start;
    for cut in 1..last_len {
        for tail in [&b""[..], b"\n", b"\0\0\0\0", b"\0\n"] {
            let mut file = log.as_bytes()[..last_start + cut].to_vec();
            file.extend_from_slice(tail);
            let dropped = (cut + tail.len()) as u64;
            let torn = Error::LogTorn {
                line: lines,
                valid_bytes: last_start as u64,
                dropped_bytes: dropped,
            };
            if tail == b"\0\n" {
                // A NUL then a newline is not what a crash leaves, but the line is still an
                // unfinished value that nothing follows.
                assert_eq!(read(&file, &ReplayOptions::new()).unwrap_err(), torn);
                continue;
            }
            assert_eq!(
                read(&file, &ReplayOptions::new()).unwrap_err(),
                torn,
                "cut at {cut} with {tail:?}"
            );
            let recovered = read(&file, &ReplayOptions::new().recover()).unwrap();
            assert_eq!(recovered.case, before, "cut at {cut}");
            let t = recovered.torn.unwrap();
            assert_eq!(
                (t.line, t.valid_bytes, t.dropped_bytes),
                (lines, last_start as u64, dropped)
            );
            assert_eq!(recovered.entries, lines - 1);
            // The text reader agrees on the code.
            if let Ok(text) = std::str::from_utf8(&file) {
                assert_eq!(Case::replay(text).unwrap_err(), torn, "cut at {cut}");
            }
        }
    }
    // No cut, or a cut right before the newline: a complete log.
    assert_eq!(
        read(&log.as_bytes()[..last_start], &ReplayOptions::new())
            .unwrap()
            .case,
        before
    );
    assert_eq!(
        read(&log.as_bytes()[..log.len() - 1], &ReplayOptions::new())
            .unwrap()
            .case,
        *case
    );
}

#[test]
fn a_last_line_torn_at_any_byte_is_torn_and_recovers_to_the_prefix() {
    assert_torn_everywhere(&closed_case());
    assert_torn_everywhere(&transferred_case());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The same for simulated lifecycles, at a random byte of the last line.
    #[test]
    fn simulated_logs_torn_anywhere_recover_their_prefix(seed in 0u64..1000, at_fraction in 0.0f64..1.0) {
        let case = Lifecycle::new(seed)
            .play("SIM-1", at("2025-07-01 09:00"), ProcedureSelection::MarketRegulation, Yuan::from_fen(9_990))
            .unwrap();
        prop_assume!(case.len() > 1);
        let log = case.to_jsonl().unwrap();
        let last_start = log[..log.len() - 1].rfind('\n').unwrap() + 1;
        let last_len = log.len() - 1 - last_start;
        let cut = 1 + ((last_len - 1) as f64 * at_fraction) as usize;
        prop_assume!(cut < last_len);
        let file = &log.as_bytes()[..last_start + cut];
        let err = read(file, &ReplayOptions::new()).unwrap_err();
        prop_assert_eq!(err.code(), "caseflow.log.torn");
        let recovered = read(file, &ReplayOptions::new().recover()).unwrap();
        prop_assert_eq!(recovered.entries, case.len() - 1);
        prop_assert_eq!(recovered.torn.unwrap().valid_bytes, last_start as u64);
        prop_assert_eq!(recovered.case.to_jsonl().unwrap(), std::str::from_utf8(&log.as_bytes()[..last_start]).unwrap());
    }
}

#[test]
fn a_nul_filled_tail_is_torn() {
    let case = closed_case();
    let log = case.to_jsonl().unwrap();
    // The whole log, then a block of NUL bytes (a grown file whose data never arrived).
    let mut file = log.clone().into_bytes();
    file.extend_from_slice(&[0; 4096]);
    let err = read(&file, &ReplayOptions::new()).unwrap_err();
    assert_eq!(
        err,
        Error::LogTorn {
            line: 10,
            valid_bytes: log.len() as u64,
            dropped_bytes: 4096
        }
    );
    let r = read(&file, &ReplayOptions::new().recover()).unwrap();
    assert_eq!(r.case, case);
    assert_eq!(r.torn.unwrap().dropped_bytes, 4096);
    // A complete entry without its newline, then NUL bytes: the entry is kept.
    let mut file = log.as_bytes()[..log.len() - 1].to_vec();
    file.extend_from_slice(&[0; 10]);
    let r = read(&file, &ReplayOptions::new().recover()).unwrap();
    assert_eq!(r.case, case);
    assert_eq!(r.torn.unwrap().valid_bytes, log.len() as u64 - 1);
    assert_eq!(
        Case::replay(std::str::from_utf8(&file).unwrap())
            .unwrap_err()
            .code(),
        "caseflow.log.torn"
    );
}

/// Only the final line can be torn: a bad line with a line after it is damage.
#[test]
fn a_bad_line_before_others_is_damage_not_a_torn_tail() {
    let case = closed_case();
    let log = case.to_jsonl().unwrap();
    let mut lines: Vec<String> = log.lines().map(str::to_owned).collect();
    lines[4].truncate(40);
    let text = lines.join("\n") + "\n";
    for options in [ReplayOptions::new(), ReplayOptions::new().recover()] {
        let err = read(text.as_bytes(), &options).unwrap_err();
        assert_eq!(err.code(), "caseflow.log.syntax");
        assert_eq!(err.line(), Some(5));
    }
    assert_eq!(
        Case::replay(&text).unwrap_err().code(),
        "caseflow.log.syntax"
    );
    // NUL bytes in the middle of a file, then more lines.
    let mut file = log.as_bytes()[..200].to_vec();
    file.extend_from_slice(&[0; 64]);
    file.extend_from_slice(b"\n");
    file.extend_from_slice(log.lines().last().unwrap().as_bytes());
    let err = read(&file, &ReplayOptions::new().recover()).unwrap_err();
    assert_eq!(err.code(), "caseflow.log.syntax");
    // A complete JSON line that is not an entry, at the end: damage too.
    let text = format!("{log}{{\"seq\":9}}\n");
    assert_eq!(
        read(text.as_bytes(), &ReplayOptions::new().recover())
            .unwrap_err()
            .code(),
        "caseflow.log.syntax"
    );
}

/// After recovering, truncating the file to the valid prefix lets the journal continue it.
#[test]
fn a_recovered_log_continues_after_truncation() {
    let case = closed_case();
    let log = case.to_jsonl().unwrap();
    let torn = &log.as_bytes()[..log.len() - 30];
    let r = read(torn, &ReplayOptions::new().recover()).unwrap();
    let mut file = torn[..usize::try_from(r.torn.unwrap().valid_bytes).unwrap()].to_vec();
    let mut journal = r.journal.clone();
    journal
        .append_to(&case.history().last().unwrap().event, &mut file)
        .unwrap();
    assert_eq!(file, log.as_bytes());
}

// ---------------------------------------------------------------- the keyed chain

#[test]
fn a_rewrite_with_rehashing_passes_the_plain_chain_but_not_the_key_or_the_head() {
    let case = closed_case();
    let plain = case.to_jsonl().unwrap();
    let head = read(plain.as_bytes(), &ReplayOptions::new())
        .unwrap()
        .journal
        .head();
    // The forger changes the amount and re-hashes every line.
    let forged = rehash(&plain, |body| body.replace("\"161.85\"", "\"1.85\""));
    assert_ne!(forged, plain);
    // The plain chain cannot see it (the documented limitation)...
    let r = read(forged.as_bytes(), &ReplayOptions::new()).unwrap();
    assert_eq!(
        r.case.summary(day("2025-11-01")).unwrap().amount_recovered,
        Some(Yuan::from_fen(185))
    );
    // ...but the head kept elsewhere does.
    assert_eq!(
        r.check_head(head).unwrap_err(),
        Error::LogHeadMismatch {
            expected: head,
            found: r.journal.head()
        }
    );
    assert_eq!(
        r.check_head(head).unwrap_err().code(),
        "caseflow.log.head_mismatch"
    );

    // The keyed chain: the same forgery, re-sealed with SHA-256 or with another key, fails.
    let k = key(7);
    let keyed = case.to_jsonl_keyed(&k).unwrap();
    assert_eq!(
        read(keyed.as_bytes(), &ReplayOptions::new().key(&k))
            .unwrap()
            .case,
        case
    );
    let rehashed = rehash(&keyed.replace(",\"hmac\":\"", ",\"hash\":\""), |b| {
        b.replace("\"161.85\"", "\"1.85\"")
    });
    assert_eq!(
        read(rehashed.as_bytes(), &ReplayOptions::new().key(&k)).unwrap_err(),
        Error::LogUnkeyed { line: 1 }
    );
    let forged_with_other_key = Case::replay(&forged)
        .unwrap()
        .to_jsonl_keyed(&key(8))
        .unwrap();
    assert_eq!(
        read(
            forged_with_other_key.as_bytes(),
            &ReplayOptions::new().key(&k)
        )
        .unwrap_err(),
        Error::LogAltered {
            line: 1,
            keyed: true
        }
    );
    // An edited keyed line, not re-sealed: altered at its line.
    let edited = keyed.replace("\"161.85\"", "\"1.85\"");
    assert_eq!(
        read(edited.as_bytes(), &ReplayOptions::new().key(&k)).unwrap_err(),
        Error::LogAltered {
            line: 8,
            keyed: true
        }
    );
    // A keyed log without its key is refused, not read unverified.
    assert_eq!(
        read(keyed.as_bytes(), &ReplayOptions::new()).unwrap_err(),
        Error::LogKeyRequired { line: 1 }
    );
}

#[test]
fn a_keyed_journal_resumes_and_says_its_kind() {
    let case = closed_case();
    let k = key(3);
    let keyed = case.to_jsonl_keyed(&k).unwrap();
    let lines: Vec<&str> = keyed.lines().collect();
    let r = read(keyed.as_bytes(), &ReplayOptions::new().key(&k)).unwrap();
    assert_eq!(r.journal.kind().as_str(), "hmac-sha256");
    // Resuming after line 7 writes line 8 exactly.
    let prefix = lines[..7].join("\n") + "\n";
    let r7 = read(prefix.as_bytes(), &ReplayOptions::new().key(&k)).unwrap();
    let mut j = Journal::resume_keyed(k.clone(), 7, r7.journal.head());
    assert_eq!(j, r7.journal);
    assert_eq!(j.append(&case.history()[7].event).unwrap(), lines[7]);
    // Mixing the chains inside one log is refused.
    let plain = case.to_jsonl().unwrap();
    let mixed = format!("{}\n{}\n", lines[0], plain.lines().nth(1).unwrap());
    assert_eq!(
        read(mixed.as_bytes(), &ReplayOptions::new().key(&k)).unwrap_err(),
        Error::LogUnkeyed { line: 2 }
    );
}

// ---------------------------------------------------------------- byte-exact

/// Each edit below changes the stored bytes but reads back as the same value (shown first,
/// so that the test cannot pass by the edit being unreadable): the seal covers the bytes,
/// so each is refused.
#[test]
fn edits_that_normalise_to_the_same_value_are_refused() {
    let log = closed_case().to_jsonl().unwrap();
    let same = |a: &str, b: &str| {
        let x: Yuan = serde_json::from_str(a).unwrap();
        let y: Yuan = serde_json::from_str(b).unwrap();
        assert_eq!(x, y, "{a} and {b} must read the same");
    };
    same("\"161.85\"", "\"¥161.85\"");
    same("\"161.85\"", "\"+161.85\"");
    same("\"161.85\"", "\"１６１.８５\"");
    let edits = [
        ("\"161.85\"", "\"¥161.85\""),
        ("\"161.85\"", "\"+161.85\""),
        ("\"161.85\"", "\"１６１.８５\""),
        ("2025-10-27T09:00:00+08:00", "2025-10-27T09:00:00 +08:00"),
        ("2025-10-27T09:00:00+08:00", "2025-10-27 09:00:00+08:00"),
        (
            "\"actor\":\"handler\",\"event\":\"closed\"",
            "\"actor\": \"handler\",\"event\":\"closed\"",
        ),
    ];
    for (from, to) in edits {
        assert!(log.contains(from), "{from}");
        let edited = log.replace(from, to);
        let err = Case::replay(&edited).unwrap_err();
        assert_eq!(err.code(), "caseflow.log.altered", "{to}: {err}");
        assert!(matches!(err.line(), Some(8 | 9)), "{to}: {err}");
        // Re-sealed over the edited bytes, the line matches its hash but is not the form
        // the writer writes: refused too.
        let resealed = rehash(&edited, str::to_owned);
        let err = Case::replay(&resealed).unwrap_err();
        assert_eq!(err.code(), "caseflow.log.not_canonical", "{to}: {err}");
    }
    // The same instant written in UTC is another entry (the offset is part of it): refused
    // as altered, and canonical once re-sealed (only a key stops that).
    let edited = log.replace("2025-10-27T09:00:00+08:00", "2025-10-27T01:00:00Z");
    assert_eq!(
        Case::replay(&edited).unwrap_err().code(),
        "caseflow.log.altered"
    );
    assert!(Case::replay(&rehash(&edited, str::to_owned)).is_ok());
    // Unedited, it replays.
    assert!(Case::replay(&log).is_ok());
    // Every accepted log is byte for byte what the writer writes.
    assert_eq!(Case::replay(&log).unwrap().to_jsonl().unwrap(), log);
}

// ---------------------------------------------------------------- several logs

#[test]
fn a_file_of_several_logs_replays_every_case() {
    let mut life = Lifecycle::new(11);
    let cases: Vec<Case> = (0..40u32)
        .map(|i| {
            let received = at("2025-07-01 09:00") + chrono::Duration::hours(i64::from(i) * 31);
            life.play(
                &format!("SIM-{i}"),
                received,
                ProcedureSelection::MarketRegulation,
                Yuan::from_fen(5_000 + u64::from(i)),
            )
            .unwrap()
        })
        .collect();
    let file: String = cases.iter().map(|c| c.to_jsonl().unwrap()).collect();
    let logs: Vec<_> =
        LogFile::new(default_calendar(), file.as_bytes(), &ReplayOptions::new()).collect();
    assert_eq!(logs.len(), cases.len());
    let mut line = 1;
    for (log, case) in logs.iter().zip(&cases) {
        assert_eq!(log.first_line, line);
        assert_eq!(log.result.as_ref().unwrap().case, *case);
        line += case.len();
    }
    // One log replayed alone says the file holds several.
    let err = Case::replay(&file).unwrap_err();
    assert_eq!(
        err,
        Error::LogSeveral {
            line: cases[0].len() + 1
        }
    );
    assert_eq!(
        read(file.as_bytes(), &ReplayOptions::new()).unwrap_err(),
        Error::LogSeveral {
            line: cases[0].len() + 1
        }
    );
    // A damaged log is refused on its own; the others still replay.
    let mut lines: Vec<String> = file.lines().map(str::to_owned).collect();
    let bad = usize::try_from(cases[0].len() + 1).unwrap();
    lines[bad] = lines[bad].replace("\"seq\":2", "\"seq\":3");
    let damaged = lines.join("\n") + "\n";
    let logs: Vec<_> = LogFile::new(
        default_calendar(),
        damaged.as_bytes(),
        &ReplayOptions::new(),
    )
    .collect();
    assert_eq!(logs.len(), cases.len());
    assert_eq!(
        logs[1].result.as_ref().unwrap_err().code(),
        "caseflow.log.sequence"
    );
    assert_eq!(
        logs.iter().filter(|l| l.result.is_ok()).count(),
        cases.len() - 1
    );
    // A torn tail belongs to the last log only.
    let torn = &file.as_bytes()[..file.len() - 20];
    let logs: Vec<_> =
        LogFile::new(default_calendar(), torn, &ReplayOptions::new().recover()).collect();
    assert_eq!(logs.len(), cases.len());
    assert!(
        logs[..cases.len() - 1]
            .iter()
            .all(|l| l.result.as_ref().unwrap().torn.is_none())
    );
    assert!(logs.last().unwrap().result.as_ref().unwrap().torn.is_some());
}

// ---------------------------------------------------------------- as of a day

#[test]
fn replay_as_of_a_day_gives_the_state_on_that_day() {
    let case = closed_case();
    let log = case.to_jsonl().unwrap();
    let on = |d: &str| read(log.as_bytes(), &ReplayOptions::new().as_of(day(d)));
    let r = on("2025-10-01").unwrap();
    assert_eq!(r.case.state(), StateKind::InMediation);
    assert_eq!((r.entries, r.later), (9, 4));
    // The head is the whole log's, so that it can be checked against one kept elsewhere.
    assert_eq!(r.journal.head(), on("2026-01-01").unwrap().journal.head());
    // The day of closing includes it; the day before does not.
    assert_eq!(on("2025-10-27").unwrap().case.state(), StateKind::Closed);
    assert_eq!(on("2025-10-26").unwrap().case.state(), StateKind::Resolved);
    // Before the complaint was received there is no case.
    assert_eq!(
        on("2025-09-21").unwrap_err(),
        Error::AsOfBeforeReceipt {
            as_of: day("2025-09-21"),
            received: day("2025-09-22")
        }
    );
    // Later lines are still checked: an altered one is found.
    let edited = log.replace("\"161.85\"", "\"1.85\"");
    assert_eq!(
        read(
            edited.as_bytes(),
            &ReplayOptions::new().as_of(day("2025-10-01"))
        )
        .unwrap_err(),
        Error::LogAltered {
            line: 8,
            keyed: false
        }
    );
}
