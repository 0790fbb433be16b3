//! What the shared holiday vectors (`holidays.json`) compare of a full assessment: total,
//! flags, and each remedy's kind, rule, status, window and operator deadlines. One file,
//! included by every Rust test that checks the vectors (the library's, `weiquan assess`'s and
//! the WebAssembly edge's), so the edges are held to exactly the same projection;
//! `crates/wasm/js/test/holidays.test.mjs` makes it in JavaScript.

use serde_json::{Map, Value, json};

/// The projection of a full assessment, whose keys are snake_case (the library, the CLI, the
/// C ABI) or camelCase (the WebAssembly edge).
pub fn project(a: &Value, camel_case: bool) -> Value {
    let key = |k: &str| if camel_case { camel(k) } else { k.to_owned() };
    let code = |v: &Value| v["code"].clone();
    let remedies: Vec<Value> = a["remedies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut o = Map::new();
            o.insert("kind".into(), code(&r["kind"]));
            o.insert("rule".into(), r["rule"].clone());
            o.insert("status".into(), code(&r["status"]));
            if let Some(w) = r.get("window") {
                let mut win = Map::new();
                win.insert("from".into(), w["from"].clone());
                win.insert("last_day".into(), w[key("last_day")].clone());
                win.insert("extension".into(), code(&w["extension"]));
                if let Some(d) = w.get(key("extended_to")) {
                    win.insert("extended_to".into(), d.clone());
                }
                o.insert("window".into(), Value::Object(win));
            }
            if let Some(ds) = r.get(key("operator_deadlines")) {
                let ds: Vec<Value> = ds
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| {
                        let mut x = Map::new();
                        x.insert("param".into(), d["parameter"]["id"].clone());
                        if let Some(due) = d.get("due") {
                            x.insert("due".into(), due.clone());
                        }
                        Value::Object(x)
                    })
                    .collect();
                o.insert("operator_deadlines".into(), Value::Array(ds));
            }
            Value::Object(o)
        })
        .collect();
    let flags: Vec<Value> = a["flags"].as_array().unwrap().iter().map(code).collect();
    json!({"total": a["total"], "flags": flags, "remedies": remedies})
}

/// A snake_case key in camelCase, as the WebAssembly edge writes it.
fn camel(k: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in k.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}
