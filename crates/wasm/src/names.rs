//! Names at the edge: JavaScript sees camelCase keys, the Rust types and the JSON documents
//! use snake_case. The conversion is mechanical and applies to every object key in both
//! directions, so the TypeScript declarations (generated with the same function) and the
//! values always agree. Values — codes such as `in_platform` — are never renamed.

use serde_json::{Map, Value};
use weiquan_complaint::FieldError;
use weiquan_support::json_pointer::escape;

/// `amount_paid` → `amountPaid`: an underscore followed by a lowercase letter becomes the
/// uppercase letter; everything else is kept.
pub fn snake_to_camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut chars = key.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('_', Some(next)) if next.is_ascii_lowercase() => {
                out.push(next.to_ascii_uppercase());
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// `amountPaid` → `amount_paid`.
pub fn camel_to_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `key` is a camelCase name whose snake_case form converts back to it: a lowercase
/// first letter, then letters and digits, no two capitals in a row; an underscore only
/// before digits (`civil_code_art_203` is `civilCodeArt_203`, since `sha256` has none).
/// Only such keys can name a field; any other key is reported, so that `amount_paid` is not
/// silently taken for `amountPaid`.
pub fn is_camel(key: &str) -> bool {
    let bytes = key.as_bytes();
    let Some(first) = bytes.first() else {
        return false;
    };
    if !first.is_ascii_lowercase() {
        return false;
    }
    let mut previous = *first;
    for (i, &c) in bytes.iter().enumerate().skip(1) {
        let next = bytes.get(i + 1).copied();
        let ok = match c {
            b'_' => previous.is_ascii_alphanumeric() && next.is_some_and(|n| n.is_ascii_digit()),
            b'A'..=b'Z' => !previous.is_ascii_uppercase(),
            _ => c.is_ascii_alphanumeric(),
        };
        if !ok {
            return false;
        }
        previous = c;
    }
    true
}

/// Converts every object key of a value that came from JavaScript to snake_case. Keys that
/// are not camelCase are left out and reported as `key.not_camel_case` at their (camelCase)
/// JSON pointer.
pub fn input_to_snake(value: Value, problems: &mut Vec<FieldError>) -> Value {
    let mut pointer = String::new();
    input_at(value, &mut pointer, problems)
}

/// `pointer` is where `value` sits; it is extended for each member and restored after, so
/// that a pointer string is built only for a key that is reported.
fn input_at(value: Value, pointer: &mut String, problems: &mut Vec<FieldError>) -> Value {
    let len = pointer.len();
    match value {
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, v) in map {
                pointer.push('/');
                pointer.push_str(&escape(&key));
                if is_camel(&key) {
                    let v = input_at(v, pointer, problems);
                    out.insert(camel_to_snake(&key), v);
                } else {
                    problems.push(not_camel(pointer.clone(), &key));
                }
                pointer.truncate(len);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    let v = input_at(v, pointer, problems);
                    pointer.truncate(len);
                    v
                })
                .collect(),
        ),
        other => other,
    }
}

fn not_camel(pointer: String, key: &str) -> FieldError {
    let suggestion = snake_to_camel(&key.to_ascii_lowercase().replace('-', "_"));
    FieldError::new(
        pointer,
        "key.not_camel_case",
        Some(key.to_owned()),
        format!(
            "field names are camelCase in JavaScript: {key:?} is not (did you mean {suggestion:?}?)"
        ),
        format!("JavaScript 中字段名应为驼峰式：“{key}”不是（是否应为“{suggestion}”？）"),
    )
}

/// A JSON pointer into a snake_case document, as a pointer into the camelCase value that
/// JavaScript passed: `/purchase/amount_paid` → `/purchase/amountPaid`.
pub fn pointer_to_camel(pointer: &str) -> String {
    if pointer.is_empty() {
        return String::new();
    }
    pointer
        .split('/')
        .map(|segment| escape(&snake_to_camel(&unescape(segment))).into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A field error of the document, as JavaScript sees it: the pointer in camelCase, and for an
/// unknown field the name as the caller wrote it.
pub fn field_error_to_camel(e: &FieldError) -> FieldError {
    let mut out = e.clone();
    out.pointer = pointer_to_camel(&e.pointer);
    if e.code == "field.unknown"
        && let Some(snake) = &e.value
    {
        let camel = snake_to_camel(snake);
        out.message_en = e
            .message_en
            .replace(&format!("{snake:?}"), &format!("{camel:?}"));
        out.message_zh = e
            .message_zh
            .replace(&format!("“{snake}”"), &format!("“{camel}”"));
        // The hint names a field too (`did you mean "received_at"?`): as JavaScript writes it.
        if let Some(meant) = e
            .message_en
            .split_once("did you mean \"")
            .and_then(|(_, rest)| rest.split_once("\"?"))
            .map(|(meant, _)| meant)
        {
            let meant_camel = snake_to_camel(meant);
            out.message_en = out.message_en.replace(
                &format!("did you mean {meant:?}?"),
                &format!("did you mean {meant_camel:?}?"),
            );
            out.message_zh = out.message_zh.replace(
                &format!("是否应为“{meant}”"),
                &format!("是否应为“{meant_camel}”"),
            );
        }
        out.value = Some(camel);
    }
    out
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_names_both_ways() {
        assert_eq!(snake_to_camel("amount_paid"), "amountPaid");
        assert_eq!(
            snake_to_camel("platform_operator_uscc"),
            "platformOperatorUscc"
        );
        assert_eq!(snake_to_camel("sha256"), "sha256");
        assert_eq!(snake_to_camel("hotline_12315"), "hotline_12315");
        assert_eq!(camel_to_snake("amountPaid"), "amount_paid");
        assert_eq!(camel_to_snake("schemaVersion"), "schema_version");
    }

    #[test]
    fn recognises_camel_case() {
        assert!(is_camel("amountPaid"));
        assert!(is_camel("sha256"));
        assert!(is_camel("id"));
        assert!(!is_camel("amount_paid"));
        assert!(!is_camel("AmountPaid"));
        assert!(!is_camel("residentID"));
        assert!(!is_camel(""));
        assert!(!is_camel("a-b"));
        assert!(is_camel("civilCodeArt_203"));
        assert!(!is_camel("art_"));
        assert!(!is_camel("a__1"));
        assert_eq!(snake_to_camel("civil_code_art_203"), "civilCodeArt_203");
        assert_eq!(camel_to_snake("civilCodeArt_203"), "civil_code_art_203");
    }

    #[test]
    fn reports_keys_that_are_not_camel_case() {
        let mut problems = Vec::new();
        let v = input_to_snake(
            json!({"purchase": {"amount_paid": "1", "purchaseDate": "2026-01-01"}, "items": [{"Kind": 1}]}),
            &mut problems,
        );
        assert_eq!(
            v,
            json!({"purchase": {"purchase_date": "2026-01-01"}, "items": [{}]})
        );
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["/purchase/amount_paid", "/items/0/Kind"]);
        assert_eq!(problems[0].code, "key.not_camel_case");
        assert_eq!(
            problems[0].message_en,
            "field names are camelCase in JavaScript: \"amount_paid\" is not (did you mean \"amountPaid\"?)"
        );
    }

    #[test]
    fn converts_pointers() {
        assert_eq!(
            pointer_to_camel("/purchase/amount_paid"),
            "/purchase/amountPaid"
        );
        assert_eq!(pointer_to_camel("/claims/0/amount"), "/claims/0/amount");
        assert_eq!(pointer_to_camel(""), "");
        assert_eq!(pointer_to_camel("/a~1b_c"), "/a~1bC");
    }

    #[test]
    fn renames_unknown_fields_in_messages() {
        let e = FieldError::new(
            "/consumer/foo_bar",
            "field.unknown",
            Some("foo_bar".into()),
            "unknown field \"foo_bar\"",
            "未知字段“foo_bar”",
        );
        let c = field_error_to_camel(&e);
        assert_eq!(c.pointer, "/consumer/fooBar");
        assert_eq!(c.value.as_deref(), Some("fooBar"));
        assert_eq!(c.message_en, "unknown field \"fooBar\"");
        assert_eq!(c.message_zh, "未知字段“fooBar”");
        // The field meant, when the message names one, is in camelCase too.
        let e = FieldError::new(
            "/received_att",
            "field.unknown",
            Some("received_att".into()),
            "unknown field \"received_att\"; did you mean \"received_at\"?",
            "未知字段“received_att”，是否应为“received_at”？",
        );
        let c = field_error_to_camel(&e);
        assert_eq!(
            c.message_en,
            "unknown field \"receivedAtt\"; did you mean \"receivedAt\"?"
        );
        assert_eq!(
            c.message_zh,
            "未知字段“receivedAtt”，是否应为“receivedAt”？"
        );
    }
}
