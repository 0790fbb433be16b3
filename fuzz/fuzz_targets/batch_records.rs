//! The batch readers' record parsers must never panic on any line: the statistics reader
//! (`weiquan stats`), the claim reader (`weiquan assess`) and the complaint reader
//! (`weiquan validate`, also fuzzed alone in `complaint_from_json`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use weiquan_compensation::ClaimDocument;
use weiquan_complaint::Complaint;
use weiquan_stats::{RecordOptions, parse_line};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = parse_line(
        text,
        RecordOptions {
            business: true,
            age: true,
            ..RecordOptions::default()
        },
    );
    let _ = ClaimDocument::from_json(text);
    let _ = Complaint::from_json(text);
});
