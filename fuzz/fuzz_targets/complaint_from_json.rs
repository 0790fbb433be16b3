//! `Complaint::from_json` must never panic, and whatever it accepts must be valid, normalised
//! and stable: serialising and parsing again gives the same complaint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use weiquan_complaint::Complaint;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(c) = Complaint::from_json(text) {
        assert!(c.check().is_ok());
        let again = Complaint::from_json(&c.to_json()).expect("a normalised complaint parses");
        assert_eq!(again, c);
    }
});
