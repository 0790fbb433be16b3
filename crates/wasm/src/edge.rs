//! The JavaScript edge: arguments in, results and errors out.
//!
//! Values cross as JSON text (`JSON.stringify` on the way in, `JSON.parse` on the way out),
//! never through conversions that can fail half-way: whatever JavaScript passes — a cycle,
//! a `BigInt`, a string of megabytes — every allocation is owned by a Rust value that is
//! dropped before the call returns, and no Rust code panics, so a bad call neither leaks
//! memory nor leaves the instance in a broken state. The parts that do not need JavaScript
//! ([`decode`], [`encode`]) are plain Rust, so the native tests run the same path.

use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::Error;
use crate::names::{escape, input_to_snake, output_to_camel, snake_to_camel};
use weiquan_complaint::json_pointer::{self, Segment};

/// Reads one argument (a camelCase JSON value) into its Rust type.
pub fn decode<T: DeserializeOwned>(name: &'static str, value: Value) -> Result<T, Error> {
    let mut problems = Vec::new();
    let snake = input_to_snake(value, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Names(problems));
    }
    json_pointer::from_value(&snake).map_err(|e| Error::Argument {
        name,
        pointer: path_to_pointer(e.path()),
        detail: e.message().to_owned(),
    })
}

/// A result as the camelCase JSON value JavaScript receives.
pub fn encode<T: Serialize>(result: &T) -> Value {
    // Serialising the API's result types cannot fail: their keys are strings and no
    // Serialize impl in them returns an error.
    output_to_camel(serde_json::to_value(result).unwrap_or(Value::Null))
}

fn path_to_pointer(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Index(index) => out.push_str(&format!("/{index}")),
            Segment::Key(key) => {
                out.push('/');
                out.push_str(&escape(&snake_to_camel(key)));
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
        serde_json::from_str(&text).map_err(|e| Error::Unreadable {
            name,
            detail: e.to_string(),
        })
    }

    fn describe(e: &JsValue) -> String {
        js_sys::Error::from(e.clone())
            .message()
            .as_string()
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "JSON.stringify failed".to_owned())
    }

    /// A result as a plain JavaScript object.
    pub fn ret(v: &Value) -> Result<JsValue, JsValue> {
        let text = v.to_string();
        js_sys::JSON::parse(&text)
    }

    /// The error as a thrown `Error` object with `code`, `pointer`, `messageZh`, `value` and
    /// `errors`.
    pub fn throw(e: &Error) -> JsValue {
        let info = crate::edge::encode(&e.info());
        let err = js_sys::Error::new(&e.to_string());
        err.set_name("WeiquanError");
        if let Value::Object(map) = info {
            for (key, value) in map {
                if key == "message" {
                    continue;
                }
                let js = match ret(&value) {
                    Ok(js) => js,
                    Err(_) => continue,
                };
                // Setting a property on a fresh Error object cannot fail.
                let _ = js_sys::Reflect::set(&err, &JsValue::from_str(&key), &js);
            }
        }
        err.into()
    }

    /// Runs an API function: converts its result or its error.
    pub fn run(result: Result<Value, Error>) -> Result<JsValue, JsValue> {
        match result {
            Ok(v) => ret(&v),
            Err(e) => Err(throw(&e)),
        }
    }
}
