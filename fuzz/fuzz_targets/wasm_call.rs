//! Arbitrary input into every function of the JavaScript API, through the path the
//! WebAssembly module runs between `JSON.stringify` and `JSON.parse` (`weiquan_wasm::call_json`,
//! natively): no panic, a result is JSON text, a failure has a stable code, and the same input
//! gives the same output.
//!
//! The first byte picks the function; the rest is its argument list as a JSON array (a JSON
//! value that is not an array is the only argument, and text that is not JSON is one string
//! argument). Seeds: `seeds/wasm_call`, one per case of the shared vectors
//! (`crates/wasm/tests/vectors`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use weiquan_wasm::{FUNCTIONS, call_json};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Some(&name) = FUNCTIONS.get(usize::from(pick) % FUNCTIONS.len()) else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let args = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(args)) => args,
        Ok(value) => vec![value],
        Err(_) => vec![Value::String(text.into_owned())],
    };
    let outcome = |args: Vec<Value>| match call_json(name, args) {
        Some(Ok(json)) => {
            assert!(
                serde_json::from_str::<Value>(&json).is_ok(),
                "{name} wrote text that is not JSON: {json}"
            );
            Ok(json)
        }
        Some(Err(e)) => {
            assert!(!e.code().is_empty(), "{name}: an error without a code");
            Err((e.code(), e.to_string()))
        }
        None => panic!("{name} is listed in FUNCTIONS but call_json does not know it"),
    };
    let first = outcome(args.clone());
    assert_eq!(first, outcome(args), "{name} answered the same input twice differently");
});
