//! Serde and JSON Schema helpers shared by the string-like value types.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::Deserializer;

use crate::Error;

/// Deserialises a string through `FromStr`, turning the typed error into a serde error.
pub(crate) fn from_str_visitor<'de, D, T>(d: D, expecting: &'static str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err = Error>,
{
    struct V<T>(&'static str, PhantomData<T>);
    impl<T: FromStr<Err = Error>> serde::de::Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            v.parse().map_err(custom)
        }
    }
    d.deserialize_str(V(expecting, PhantomData))
}

/// A value type's error as a serde error that keeps both languages: serde passes it on only
/// as display text, so the Chinese is what `{:#}` shows, the English what `{}` shows
/// (`json_pointer` reads both; other deserializers see the English, as before).
pub(crate) fn custom<E: serde::de::Error>(e: Error) -> E {
    E::custom(Bilingual(e))
}

struct Bilingual(Error);

impl fmt::Display for Bilingual {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.write_str(&self.0.message_zh())
        } else {
            fmt::Display::fmt(&self.0, f)
        }
    }
}

/// Implements `schemars::JsonSchema` for a type that serialises as a patterned string.
macro_rules! string_schema {
    ($ty:ty, $desc:expr, $pattern:expr) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "description": $desc,
                    "pattern": $pattern
                })
            }
        }
    };
}
pub(crate) use string_schema;
