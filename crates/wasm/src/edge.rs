//! The JavaScript edge: arguments in, results and errors out.
//!
//! Values cross as JSON text (`JSON.stringify` on the way in, `JSON.parse` on the way out),
//! never through conversions that can fail half-way: whatever JavaScript passes — a cycle,
//! a `BigInt`, a string of megabytes — every allocation is owned by a Rust value that is
//! dropped before the call returns, and no Rust code panics, so a bad call neither leaks
//! memory nor leaves the instance in a broken state. The parts that do not need JavaScript
//! ([`decode`], [`encode`]) are plain Rust, so the native tests run the same path. A result
//! is written as camelCase JSON text in one pass (`crate::writer`), never built as a JSON
//! value first.

use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::Error;
use crate::names::{input_to_snake, snake_to_camel};
use crate::writer::{Keys, to_json_bytes};
use weiquan_support::json_pointer::{self, Segment};

/// Reads one argument (a camelCase JSON value) into its Rust type.
pub fn decode<T: DeserializeOwned>(name: &'static str, value: Value) -> Result<T, Error> {
    let snake = snake_keys(value)?;
    json_pointer::from_value(&snake).map_err(|e| argument_error(name, &e))
}

/// An argument with its keys in snake_case, as the domain crates read it; every key that is
/// not camelCase is an error (`key.not_camel_case`), all of them listed.
pub fn snake_keys(value: Value) -> Result<Value, Error> {
    let mut problems = Vec::new();
    let snake = input_to_snake(value, &mut problems);
    if problems.is_empty() {
        Ok(snake)
    } else {
        Err(Error::Names(problems))
    }
}

/// The error for an argument that does not fit its type, with the field names as
/// JavaScript writes them (`adjustedWorkdays`, not `adjusted_workdays`). Not generic: one
/// copy serves every argument type.
fn argument_error(name: &'static str, e: &json_pointer::ShapeError) -> Error {
    let (detail, detail_zh) = e.messages_with_field_names(&snake_to_camel);
    Error::Argument {
        name,
        pointer: path_to_pointer(e.path()),
        detail,
        detail_zh,
    }
}

/// A result as the camelCase JSON text (UTF-8) JavaScript parses.
pub fn encode<T: Serialize>(result: &T) -> Vec<u8> {
    to_json_bytes(result, Keys::Camel)
}

fn path_to_pointer(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Index(index) => out.push_str(&format!("/{index}")),
            Segment::Key(key) => {
                out.push('/');
                out.push_str(&json_pointer::escape(&snake_to_camel(key)));
            }
            // An enum's variant is its value, not a field (`"kind": "goods"`).
            Segment::Variant(_) => {}
        }
    }
    out
}

/// Today in China Standard Time: from JavaScript's clock in WebAssembly (the standard
/// library has no clock on `wasm32-unknown-unknown`), from the system clock natively.
pub fn today() -> NaiveDate {
    #[cfg(target_arch = "wasm32")]
    {
        let millis = js_sys::Date::now();
        // Milliseconds since the epoch fit an i64 for every date a JS Date can hold.
        #[allow(
            clippy::cast_possible_truncation,
            reason = "JS dates are within ±8.64e15 ms, far inside i64"
        )]
        let millis = millis as i64;
        chrono::DateTime::from_timestamp_millis(millis)
            .map(|t| (t + chrono::TimeDelta::hours(8)).date_naive())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        weiquan_complaint::today_cst()
    }
}

#[cfg(target_arch = "wasm32")]
pub use self::js::*;

/// The JavaScript side of the edge (only in WebAssembly).
#[cfg(target_arch = "wasm32")]
mod js {
    use serde_json::Value;
    use wasm_bindgen::JsValue;

    use crate::Error;
    use crate::writer::{Keys, to_json};

    /// One argument as a JSON value; `undefined` reads as `null`.
    pub fn arg(name: &'static str, v: &JsValue) -> Result<Value, Error> {
        if v.is_undefined() || v.is_null() {
            return Ok(Value::Null);
        }
        if let Some(s) = v.as_string() {
            return Ok(Value::String(s));
        }
        let text = js_sys::JSON::stringify(v)
            .map_err(|e| Error::Unreadable {
                name,
                detail: describe(&e),
            })
            .and_then(|t| {
                JsValue::from(t)
                    .as_string()
                    .ok_or_else(|| Error::Unreadable {
                        name,
                        detail: "the value has no JSON form".to_owned(),
                    })
            })?;
        // serde_json quotes the offending value without knowing its field: identifiers in
        // it masked, cut to 200 characters, as every crate's messages are.
        serde_json::from_str(&text).map_err(|e| Error::Unreadable {
            name,
            detail: weiquan_support::mask::parser_message(&e.to_string()),
        })
    }

    fn describe(e: &JsValue) -> String {
        js_sys::Error::from(e.clone())
            .message()
            .as_string()
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "JSON.stringify failed".to_owned())
    }

    /// The error as a thrown `Error` object with `code`, `pointer`, `messageZh`, `value` and
    /// `errors`.
    pub fn throw(e: &Error) -> JsValue {
        let err = js_sys::Error::new(&e.to_string());
        err.set_name("WeiquanError");
        // The properties are the error's info; its `message` is the Error's own already.
        if let Ok(info) = js_sys::JSON::parse(&to_json(&e.info(), Keys::Camel)) {
            let info = js_sys::Object::from(info);
            // `message` is the Error's own (the same English text), set by its constructor.
            let _ = js_sys::Reflect::delete_property(&info, &JsValue::from_str("message"));
            js_sys::Object::assign(&err, &info);
        }
        err.into()
    }

    // The result's JSON text is handed over as bytes, a view of the module's memory that
    // JavaScript decodes once: passing a `&str` would also decode it once, but checking it
    // is UTF-8 on the Rust side first would be a second pass over every result.
    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        type TextDecoder;
        #[wasm_bindgen(constructor, catch)]
        fn new(label: &str) -> Result<TextDecoder, JsValue>;
        #[wasm_bindgen(method, catch)]
        fn decode(this: &TextDecoder, bytes: &[u8]) -> Result<js_sys::JsString, JsValue>;
        #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
        fn parse_json(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
    }

    thread_local! {
        static DECODER: Result<TextDecoder, JsValue> = TextDecoder::new("utf-8");
    }

    fn parse_json_utf8(bytes: &[u8]) -> Result<JsValue, JsValue> {
        DECODER.with(|d| match d {
            Ok(d) => parse_json(&d.decode(bytes)?),
            Err(e) => Err(e.clone()),
        })
    }

    /// Runs an API function: converts its result (camelCase JSON text) or its error.
    pub fn run(result: Result<Vec<u8>, Error>) -> Result<JsValue, JsValue> {
        match result {
            Ok(bytes) => parse_json_utf8(&bytes),
            Err(e) => Err(throw(&e)),
        }
    }
}
