//! The case-log reader must never panic on any bytes: a log is evidence handed in from
//! outside. Whatever it accepts replays again to the same case from its own journal's bytes,
//! and recovering a torn tail never accepts more than the plain read refuses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use weiquan_caseflow::{Case, LogFile, ReplayOptions, default_calendar};

fuzz_target!(|data: &[u8]| {
    let cal = default_calendar();
    let plain = Case::replay_with(cal, data, &ReplayOptions::new());
    let recovered = Case::replay_with(cal, data, &ReplayOptions::new().recover());
    if let Ok(read) = &plain {
        // A log read whole is read the same when recovery is allowed.
        let again = recovered.as_ref().expect("a valid log also reads with recovery");
        assert_eq!(again.case, read.case);
        assert!(again.torn.is_none());
        // Byte-exact: the case written out again is a log that reads to the same case.
        let text = read.case.to_jsonl().expect("a replayed case writes its log");
        let back = Case::replay_with(cal, text.as_bytes(), &ReplayOptions::new())
            .expect("a case's own log replays");
        assert_eq!(back.case, read.case);
    }
    if let Ok(read) = &recovered
        && let Some(torn) = &read.torn
    {
        // The valid prefix alone reads without recovery.
        let prefix = data.get(..torn.valid_bytes as usize).expect("the prefix is in the data");
        let p = Case::replay_with(cal, prefix, &ReplayOptions::new()).expect("the prefix reads");
        assert_eq!(p.case, read.case);
    }
    // A file of several logs: every log is reported, none panics.
    for log in LogFile::new(cal, data, &ReplayOptions::new()) {
        let _ = log.result;
    }
});
