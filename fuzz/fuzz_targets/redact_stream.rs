//! The redactor must never panic, its spans must lie inside the text, and the stream
//! redactor fed the text in arbitrary pieces must give exactly what one whole call gives
//! (`weiquan redact` streams in bounded memory on that promise).
#![no_main]

use libfuzzer_sys::fuzz_target;
use weiquan_redact::{StreamRedactor, redact};

fuzz_target!(|data: &[u8]| {
    let Some((&cut_seed, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let whole = redact(text);
    let chars = text.chars().count();
    for s in &whole.spans {
        assert!(s.start <= s.end && s.end <= chars, "span outside the text");
    }
    // Feed it in pieces whose lengths come from the first byte.
    let step = usize::from(cut_seed % 17) + 1;
    let mut stream = StreamRedactor::new(Default::default());
    let (mut out, mut spans) = (String::new(), Vec::new());
    let mut piece = String::new();
    for (i, c) in text.chars().enumerate() {
        piece.push(c);
        if (i + 1) % step == 0 {
            stream.push(&piece, &mut out, &mut spans);
            piece.clear();
        }
    }
    stream.push(&piece, &mut out, &mut spans);
    stream.finish(&mut out, &mut spans);
    assert_eq!(out, whole.text);
    assert_eq!(spans, whole.spans);
});
