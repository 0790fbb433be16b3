//! Reading a type from a parsed [`serde_json::Value`] while keeping track of where in it we
//! are, so that a value that does not fit its type is reported with the path of the field
//! (`/options/holidays/0`), which callers turn into a JSON pointer.
//!
//! It does what `serde_path_to_error` does without wrapping every visitor a second time: each
//! `Deserialize` impl is instantiated once, for this deserializer, which keeps the
//! WebAssembly module small. The path is a chain of borrowed segments on the stack, turned
//! into owned segments only when an error is reported; the error is one pointer wide, so
//! the `Result`s passed between the generated visitors stay small. Messages are worded as
//! `serde_json` words them. `weiquan-wasm` reads its arguments with it and
//! `weiquan-compensation` its claim document.
//!
//! ```
//! use weiquan_complaint::json_pointer::{self, Segment};
//!
//! #[derive(serde::Deserialize, Debug)]
//! struct Options { holidays: Vec<String> }
//!
//! let value = serde_json::json!({"holidays": ["2026-10-01", 7]});
//! let err = json_pointer::from_value::<Options>(&value).err().ok_or("7 is not a date")?;
//! assert_eq!(err.path(), [Segment::Key("holidays".into()), Segment::Index(1)]);
//! assert_eq!(err.message(), "invalid type: integer `7`, expected a string");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};

/// One step of a pointer: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// An object's key.
    Key(String),
    /// An array's index.
    Index(usize),
    /// The variant of an externally tagged enum (`{"variant": ...}`).
    Variant(String),
}

/// A value that does not fit its type: where, and what serde said.
///
/// Boxed: every generated visitor passes `Result<_, ShapeError>` around, and a one-pointer error
/// keeps those results (and the code moving them) small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError(Box<ErrorInner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct ErrorInner {
    /// The path to the value, set by the innermost value the error passed through.
    path: Option<Vec<Segment>>,
    message: String,
}

impl ShapeError {
    /// The path of the offending value (empty: the whole value).
    pub fn path(&self) -> &[Segment] {
        self.0.path.as_deref().unwrap_or(&[])
    }

    /// What was wrong, as serde words it (`missing field `x``, `invalid type: ...`).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    // One non-generic constructor: `custom` is instantiated per message type.
    fn new(message: String) -> ShapeError {
        ShapeError(Box::new(ErrorInner {
            path: None,
            message,
        }))
    }

    fn at(mut self, path: &Path<'_>) -> ShapeError {
        if self.0.path.is_none() {
            self.0.path = Some(path.segments());
        }
        self
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for ShapeError {}

impl de::Error for ShapeError {
    fn custom<T: fmt::Display>(msg: T) -> ShapeError {
        ShapeError::new(msg.to_string())
    }

    // Worded as serde_json words them (`null`, not `unit value`), so messages read the
    // same as when the text is parsed directly.
    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> ShapeError {
        de::Error::custom(format_args!(
            "invalid type: {}, expected {exp}",
            Json(unexp)
        ))
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> ShapeError {
        de::Error::custom(format_args!(
            "invalid value: {}, expected {exp}",
            Json(unexp)
        ))
    }
}

/// An unexpected value as serde_json shows it.
struct Json<'a>(de::Unexpected<'a>);

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            de::Unexpected::Unit => f.write_str("null"),
            other => other.fmt(f),
        }
    }
}

/// Reads `T` from `value`; an error carries the path of the value that did not fit.
pub fn from_value<T: de::DeserializeOwned>(value: &Value) -> Result<T, ShapeError> {
    T::deserialize(ValueDe {
        value,
        path: Path::Root,
    })
}

/// Where a value sits: a chain of borrowed steps back to the root.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
    Variant(&'a Path<'a>, &'a str),
}

impl Path<'_> {
    fn segments(&self) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut p = self;
        loop {
            match p {
                Path::Root => break,
                Path::Key(parent, k) => {
                    out.push(Segment::Key((*k).to_owned()));
                    p = parent;
                }
                Path::Index(parent, i) => {
                    out.push(Segment::Index(*i));
                    p = parent;
                }
                Path::Variant(parent, v) => {
                    out.push(Segment::Variant((*v).to_owned()));
                    p = parent;
                }
            }
        }
        out.reverse();
        out
    }
}

/// A value and where it is.
struct ValueDe<'a, 'de> {
    value: &'de Value,
    path: Path<'a>,
}

impl<'de> ValueDe<'_, 'de> {
    fn unexpected(&self) -> de::Unexpected<'de> {
        match self.value {
            Value::Null => de::Unexpected::Unit,
            Value::Bool(b) => de::Unexpected::Bool(*b),
            Value::Number(n) => number_unexpected(n),
            Value::String(s) => de::Unexpected::Str(s),
            Value::Array(_) => de::Unexpected::Seq,
            Value::Object(_) => de::Unexpected::Map,
        }
    }
}

fn number_unexpected(n: &Number) -> de::Unexpected<'static> {
    if let Some(u) = n.as_u64() {
        de::Unexpected::Unsigned(u)
    } else if let Some(i) = n.as_i64() {
        de::Unexpected::Signed(i)
    } else {
        de::Unexpected::Float(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// A visitor for a number, whichever kind it is.
fn visit_number<'de, V: Visitor<'de>>(n: &Number, visitor: V) -> Result<V::Value, ShapeError> {
    if let Some(u) = n.as_u64() {
        visitor.visit_u64(u)
    } else if let Some(i) = n.as_i64() {
        visitor.visit_i64(i)
    } else {
        visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// Numbers: whichever kind the value holds; the visitor says whether it fits.
macro_rules! numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
            match self.value {
                Value::Number(n) => visit_number(n, visitor),
                _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
            }
        }
    )*};
}

/// Each method accepts only the kinds of value its type can be read from, so each type's
/// visitor is instantiated with the code it needs and no more (a `u32` does not carry the
/// code for visiting an object). Errors get their path from the map or array holding the
/// value ([`MapDe`], [`SeqDe`]); at the root the path is empty.
impl<'de> Deserializer<'de> for ValueDe<'_, 'de> {
    type Error = ShapeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visit_number(n, visitor),
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(a) => visit_array(a, &self.path, visitor),
            Value::Object(m) => visit_object(m, &self.path, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.value {
            Value::Bool(b) => visitor.visit_bool(*b),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.value {
            Value::Array(a) => visit_array(a, &self.path, visitor),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.value {
            Value::Object(m) => visit_object(m, &self.path, visitor),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        // serde_json reads a struct from an array of its fields too.
        match self.value {
            Value::Object(m) => visit_object(m, &self.path, visitor),
            Value::Array(a) => visit_array(a, &self.path, visitor),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Object(m) => match (m.len(), m.iter().next()) {
                (1, Some((variant, value))) => visitor.visit_enum(EnumDe {
                    variant,
                    value,
                    path: &self.path,
                }),
                _ => Err(de::Error::invalid_value(
                    de::Unexpected::Map,
                    &"a map with a single key",
                )),
            },
            _ => Err(de::Error::invalid_type(self.unexpected(), &"string or map")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_unit()
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    serde::forward_to_deserialize_any! { bytes byte_buf }
}

fn visit_array<'de, V: Visitor<'de>>(
    items: &'de [Value],
    path: &Path<'_>,
    visitor: V,
) -> Result<V::Value, ShapeError> {
    let mut seq = SeqDe {
        items: items.iter(),
        index: 0,
        path,
    };
    let v = visitor.visit_seq(&mut seq)?;
    if seq.items.len() == 0 {
        Ok(v)
    } else {
        Err(de::Error::invalid_length(
            items.len(),
            &"fewer elements in array",
        ))
    }
}

fn visit_object<'de, V: Visitor<'de>>(
    map: &'de Map<String, Value>,
    path: &Path<'_>,
    visitor: V,
) -> Result<V::Value, ShapeError> {
    let mut access = MapDe {
        entries: map.iter(),
        value: None,
        path,
    };
    let v = visitor.visit_map(&mut access)?;
    if access.entries.len() == 0 {
        Ok(v)
    } else {
        Err(de::Error::invalid_length(
            map.len(),
            &"fewer elements in map",
        ))
    }
}

struct SeqDe<'a, 'de> {
    items: std::slice::Iter<'de, Value>,
    index: usize,
    path: &'a Path<'a>,
}

impl<'de> SeqAccess<'de> for SeqDe<'_, 'de> {
    type Error = ShapeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ShapeError> {
        let Some(value) = self.items.next() else {
            return Ok(None);
        };
        let path = Path::Index(self.path, self.index);
        self.index += 1;
        seed.deserialize(ValueDe { value, path })
            .map(Some)
            .map_err(|e| e.at(&path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDe<'a, 'de> {
    entries: serde_json::map::Iter<'de>,
    value: Option<(&'de str, &'de Value)>,
    path: &'a Path<'a>,
}

impl<'de> MapAccess<'de> for MapDe<'_, 'de> {
    type Error = ShapeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ShapeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        // An unknown or unwanted key is reported at its own pointer.
        let path = Path::Key(self.path, key);
        let key_de: de::value::BorrowedStrDeserializer<'de, ShapeError> =
            de::value::BorrowedStrDeserializer::new(key);
        seed.deserialize(key_de).map(Some).map_err(|e| e.at(&path))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ShapeError> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom(
                "a map value was asked for before its key",
            ));
        };
        let path = Path::Key(self.path, key);
        seed.deserialize(ValueDe { value, path })
            .map_err(|e| e.at(&path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An externally tagged enum: `{"variant": value}`.
struct EnumDe<'a, 'de> {
    variant: &'de str,
    value: &'de Value,
    path: &'a Path<'a>,
}

impl<'a, 'de: 'a> EnumAccess<'de> for EnumDe<'a, 'de> {
    type Error = ShapeError;
    type Variant = ValueDe<'a, 'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), ShapeError> {
        let key_de: de::value::BorrowedStrDeserializer<'de, ShapeError> =
            de::value::BorrowedStrDeserializer::new(self.variant);
        let v = seed.deserialize(key_de)?;
        Ok((
            v,
            ValueDe {
                value: self.value,
                path: Path::Variant(self.path, self.variant),
            },
        ))
    }
}

impl<'de> VariantAccess<'de> for ValueDe<'_, 'de> {
    type Error = ShapeError;

    fn unit_variant(self) -> Result<(), ShapeError> {
        match self.value {
            Value::Null => Ok(()),
            _ => Err(de::Error::invalid_type(self.unexpected(), &"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, ShapeError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        match self.value {
            Value::Array(a) => visit_array(a, &self.path, visitor),
            _ => Err(de::Error::invalid_type(self.unexpected(), &"tuple variant")),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        match self.value {
            Value::Object(m) => visit_object(m, &self.path, visitor),
            _ => Err(de::Error::invalid_type(
                self.unexpected(),
                &"struct variant",
            )),
        }
    }
}
