//! Reading a type from a parsed [`serde_json::Value`] while keeping track of where in it we
//! are, so that a value that does not fit its type is reported with the path of the field
//! (`/options/holidays/0`), which callers turn into a JSON pointer.
//!
//! It does what `serde_path_to_error` does without wrapping every visitor a second time: each
//! `Deserialize` impl is instantiated once, for this deserializer, which keeps the
//! WebAssembly module small. The path is a chain of borrowed segments on the stack, turned
//! into owned segments only when an error is reported; the error is one pointer wide, so
//! the `Result`s passed between the generated visitors stay small. Messages are worded as
//! `serde_json` words them; the error also records what kind of mismatch it is
//! ([`ShapeKind`]), from which it gives a stable code and a Chinese message, so no caller
//! parses the English text. `weiquan-wasm` reads its arguments with it and
//! `weiquan-compensation` its claim document.
//!
//! ```
//! use weiquan_support::json_pointer::{self, Segment};
//!
//! #[derive(serde::Deserialize, Debug)]
//! struct Options { holidays: Vec<String> }
//!
//! let value = serde_json::json!({"holidays": ["2026-10-01", 7]});
//! let err = json_pointer::from_value::<Options>(&value).err().ok_or("7 is not a date")?;
//! assert_eq!(err.path(), [Segment::Key("holidays".into()), Segment::Index(1)]);
//! assert_eq!(err.message(), "invalid type: integer `7`, expected a string");
//! assert_eq!(err.code(), "field.type");
//! assert_eq!(err.message_zh(), "类型错误：整数7，应为字符串");
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

/// A value that does not fit its type: where, what kind of mismatch, and what serde said.
///
/// Boxed: every generated visitor passes `Result<_, ShapeError>` around, and a one-pointer error
/// keeps those results (and the code moving them) small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError(Box<ErrorInner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct ErrorInner {
    /// The path to the value, set by the innermost value the error passed through.
    path: Option<Vec<Segment>>,
    kind: ShapeKind,
    message: String,
    /// For [`ShapeKind::Other`], the type's own message in Chinese when it gives one (what
    /// its error shows with `{:#}`, as this crate's value types do).
    message_zh: Option<String>,
}

/// What kind of mismatch a [`ShapeError`] reports, with its parts, so that callers pick a
/// code and word a message without reading serde's English text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShapeKind {
    /// A value of the wrong JSON type: a number where a string was expected.
    InvalidType {
        /// The value found.
        found: Found,
        /// What the type accepts, as serde describes it (`a string`, `u32`).
        expected: String,
    },
    /// A value of the right type that the type does not accept: `-1` for a `u32`.
    InvalidValue {
        /// The value found.
        found: Found,
        /// What the type accepts, as serde describes it.
        expected: String,
    },
    /// An array or object with the wrong number of elements.
    InvalidLength {
        /// How many elements it has.
        len: usize,
        /// What the type accepts, as serde describes it (`fewer elements in array`).
        expected: String,
    },
    /// A string naming none of an enum's variants; the path is the value's.
    UnknownVariant {
        /// The string given.
        variant: String,
        /// The variants the enum has (empty: none).
        expected: &'static [&'static str],
    },
    /// An object key the type does not have; the path is the key's own.
    UnknownField {
        /// The key given.
        field: String,
        /// The fields the type has (empty: none).
        expected: &'static [&'static str],
    },
    /// A required key that is absent; the path is the object's, not the field's.
    MissingField {
        /// The absent key.
        field: &'static str,
    },
    /// A key given twice.
    DuplicateField {
        /// The repeated key.
        field: &'static str,
    },
    /// A type's own check failed (a date that does not exist, a malformed amount): the
    /// message is the type's.
    Other,
}

/// The offending value of an [`ShapeKind::InvalidType`] or [`ShapeKind::InvalidValue`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Found {
    /// JSON `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, integer or not.
    Number(Number),
    /// A single character.
    Char(char),
    /// A string.
    Str(String),
    /// An array.
    Array,
    /// An object.
    Object,
    /// Anything else, as serde describes it (`unit variant`, `byte array`).
    Other(String),
}

impl Found {
    fn new(unexp: de::Unexpected<'_>) -> Found {
        use de::Unexpected as U;
        match unexp {
            U::Unit => Found::Null,
            U::Bool(b) => Found::Bool(b),
            U::Unsigned(u) => Found::Number(u.into()),
            U::Signed(i) => Found::Number(i.into()),
            U::Float(f) => Number::from_f64(f)
                .map_or_else(|| Found::Other(Float(f).to_string()), Found::Number),
            U::Char(c) => Found::Char(c),
            U::Str(s) => Found::Str(s.to_owned()),
            U::Seq => Found::Array,
            U::Map => Found::Object,
            other => Found::Other(Json(other).to_string()),
        }
    }

    /// The value in Chinese: `整数-1`, `字符串“abc”`.
    pub fn to_zh(&self) -> String {
        match self {
            Found::Null => "null".to_owned(),
            Found::Bool(b) => format!("布尔值{b}"),
            Found::Number(n) if n.is_f64() => format!("小数{n}"),
            Found::Number(n) => format!("整数{n}"),
            Found::Char(c) => format!("字符“{c}”"),
            Found::Str(s) => format!("字符串“{s}”"),
            Found::Array => "数组".to_owned(),
            Found::Object => "对象".to_owned(),
            Found::Other(other) => other.clone(),
        }
    }
}

impl ShapeKind {
    /// The stable machine code, the one `weiquan-complaint`'s own field checks use for the
    /// same problem: `field.type`, `field.invalid` (a value or a type's own check),
    /// `field.length`, `code.unknown` (an enum's variant), `field.unknown`, `field.required`,
    /// `field.duplicate`.
    pub fn code(&self) -> &'static str {
        match self {
            ShapeKind::InvalidType { .. } => "field.type",
            ShapeKind::InvalidValue { .. } | ShapeKind::Other => "field.invalid",
            ShapeKind::InvalidLength { .. } => "field.length",
            ShapeKind::UnknownVariant { .. } => "code.unknown",
            ShapeKind::UnknownField { .. } => "field.unknown",
            ShapeKind::MissingField { .. } => "field.required",
            ShapeKind::DuplicateField { .. } => "field.duplicate",
        }
    }
}

impl ShapeError {
    /// The path of the offending value (empty: the whole value). For a missing field it is
    /// the object's path; for an unknown field, the key's.
    pub fn path(&self) -> &[Segment] {
        self.0.path.as_deref().unwrap_or(&[])
    }

    /// What kind of mismatch, with its parts.
    pub fn kind(&self) -> &ShapeKind {
        &self.0.kind
    }

    /// The stable machine code of the kind (see [`ShapeKind::code`]).
    pub fn code(&self) -> &'static str {
        self.0.kind.code()
    }

    /// What was wrong, as serde words it (`missing field `x``, `invalid type: ...`).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// What was wrong, in Chinese: `类型错误：整数42，应为字符串`, `缺少字段“x”`,
    /// `未知取值“foo”，应为以下之一：a、b`. Serde's descriptions of what a type accepts are
    /// translated where they are known; an unknown one, and a type's own message that is not
    /// known, are kept as written.
    pub fn message_zh(&self) -> String {
        match &self.0.kind {
            ShapeKind::InvalidType { found, expected } => {
                format!("类型错误：{}，应为{}", found.to_zh(), expected_zh(expected))
            }
            ShapeKind::InvalidValue { found, expected } => {
                format!("取值无效：{}，应为{}", found.to_zh(), expected_zh(expected))
            }
            ShapeKind::InvalidLength { len, expected } => {
                format!("长度错误：长度为{len}，应为{}", expected_zh(expected))
            }
            ShapeKind::UnknownVariant { variant, expected } => {
                format!(
                    "未知取值“{variant}”，{}",
                    one_of_zh(expected, "没有可用的取值")
                )
            }
            ShapeKind::UnknownField { field, expected } => {
                format!(
                    "未知字段“{field}”，{}",
                    one_of_zh(expected, "此处不接受任何字段")
                )
            }
            ShapeKind::MissingField { field } => format!("缺少字段“{field}”"),
            ShapeKind::DuplicateField { field } => format!("字段“{field}”重复"),
            ShapeKind::Other => format!(
                "取值无效：{}",
                self.0
                    .message_zh
                    .as_deref()
                    .unwrap_or_else(|| other_zh(&self.0.message))
            ),
        }
    }

    // Non-generic constructors: a generic one is instantiated per message type.
    /// Both messages with the field names they mention (a missing, unknown or repeated field
    /// and the fields expected) passed through `rename`, for a caller whose users write the
    /// names differently: the JavaScript API shows `adjustedWorkdays` for
    /// `adjusted_workdays`. Variant names are values and are kept.
    pub fn messages_with_field_names(&self, rename: &dyn Fn(&str) -> String) -> (String, String) {
        let named = |names: &[&str]| -> Vec<String> { names.iter().map(|n| rename(n)).collect() };
        match &self.0.kind {
            ShapeKind::UnknownField { field, expected } => {
                let field = rename(field);
                let expected = named(expected);
                let en = if expected.is_empty() {
                    format!("unknown field `{field}`, there are no fields")
                } else {
                    format!("unknown field `{field}`, expected {}", OneOf(&expected))
                };
                let zh = format!(
                    "未知字段“{field}”，{}",
                    one_of_zh(&expected, "此处不接受任何字段")
                );
                (en, zh)
            }
            ShapeKind::MissingField { field } => {
                let field = rename(field);
                (
                    format!("missing field `{field}`"),
                    format!("缺少字段“{field}”"),
                )
            }
            ShapeKind::DuplicateField { field } => {
                let field = rename(field);
                (
                    format!("duplicate field `{field}`"),
                    format!("字段“{field}”重复"),
                )
            }
            _ => (self.message().to_owned(), self.message_zh()),
        }
    }

    fn new(kind: ShapeKind, message: String) -> ShapeError {
        ShapeError(Box::new(ErrorInner {
            path: None,
            kind,
            message,
            message_zh: None,
        }))
    }

    fn mismatch(value: bool, unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> ShapeError {
        let expected = exp.to_string();
        let found = Found::new(unexp);
        if value {
            let message = format!("invalid value: {}, expected {expected}", Json(unexp));
            ShapeError::new(ShapeKind::InvalidValue { found, expected }, message)
        } else {
            let message = format!("invalid type: {}, expected {expected}", Json(unexp));
            ShapeError::new(ShapeKind::InvalidType { found, expected }, message)
        }
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
        let mut e = ShapeError::new(ShapeKind::Other, msg.to_string());
        let zh = format!("{msg:#}");
        if zh != e.0.message {
            e.0.message_zh = Some(zh);
        }
        e
    }

    // Worded as serde_json words them (`null`, not `unit value`), so messages read the
    // same as when the text is parsed directly.
    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> ShapeError {
        ShapeError::mismatch(false, unexp, exp)
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> ShapeError {
        ShapeError::mismatch(true, unexp, exp)
    }

    // The rest are worded exactly as serde's default methods word them.
    fn invalid_length(len: usize, exp: &dyn de::Expected) -> ShapeError {
        let expected = exp.to_string();
        let message = format!("invalid length {len}, expected {expected}");
        ShapeError::new(ShapeKind::InvalidLength { len, expected }, message)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> ShapeError {
        let message = if expected.is_empty() {
            format!("unknown variant `{variant}`, there are no variants")
        } else {
            format!("unknown variant `{variant}`, expected {}", OneOf(expected))
        };
        let variant = variant.to_owned();
        ShapeError::new(ShapeKind::UnknownVariant { variant, expected }, message)
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> ShapeError {
        let message = if expected.is_empty() {
            format!("unknown field `{field}`, there are no fields")
        } else {
            format!("unknown field `{field}`, expected {}", OneOf(expected))
        };
        let field = field.to_owned();
        ShapeError::new(ShapeKind::UnknownField { field, expected }, message)
    }

    fn missing_field(field: &'static str) -> ShapeError {
        let message = format!("missing field `{field}`");
        ShapeError::new(ShapeKind::MissingField { field }, message)
    }

    fn duplicate_field(field: &'static str) -> ShapeError {
        let message = format!("duplicate field `{field}`");
        ShapeError::new(ShapeKind::DuplicateField { field }, message)
    }
}

/// An unexpected value as serde_json shows it. Every case is written here rather than left to
/// serde's `Display` of `Unexpected`, which prints floats with the standard library's float
/// printing: serde_json prints them its own way (`1e+21`, not `1000000000000000000000.0`), and
/// not linking a second float printer keeps 14 KB out of the WebAssembly module.
struct Json<'a>(de::Unexpected<'a>);

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use de::Unexpected as U;
        match self.0 {
            U::Unit => f.write_str("null"),
            U::Bool(b) => write!(f, "boolean `{b}`"),
            U::Unsigned(u) => write!(f, "integer `{u}`"),
            U::Signed(i) => write!(f, "integer `{i}`"),
            U::Float(x) => write!(f, "floating point `{}`", Float(x)),
            U::Char(c) => write!(f, "character `{c}`"),
            U::Str(s) => write!(f, "string {s:?}"),
            U::Bytes(_) => f.write_str("byte array"),
            U::Option => f.write_str("Option value"),
            U::NewtypeStruct => f.write_str("newtype struct"),
            U::Seq => f.write_str("sequence"),
            U::Map => f.write_str("map"),
            U::Enum => f.write_str("enum"),
            U::UnitVariant => f.write_str("unit variant"),
            U::NewtypeVariant => f.write_str("newtype variant"),
            U::TupleVariant => f.write_str("tuple variant"),
            U::StructVariant => f.write_str("struct variant"),
            U::Other(other) => f.write_str(other),
        }
    }
}

/// A float as serde_json writes it; the values JSON cannot hold by their names.
struct Float(f64);

impl fmt::Display for Float {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match Number::from_f64(self.0) {
            Some(n) => n.fmt(f),
            None if self.0.is_nan() => f.write_str("NaN"),
            None if self.0 > 0.0 => f.write_str("inf"),
            None => f.write_str("-inf"),
        }
    }
}

/// A list of names as serde words it: `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``.
struct OneOf<'a, S>(&'a [S]);

impl<S: fmt::Display> fmt::Display for OneOf<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => write!(f, "`{one}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            names => {
                f.write_str("one of ")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                Ok(())
            }
        }
    }
}

/// `应为a`, `应为以下之一：a、b`, or what to say when there is nothing to choose from.
fn one_of_zh<S: AsRef<str>>(names: &[S], none: &str) -> String {
    match names {
        [] => none.to_owned(),
        [one] => format!("应为{}", one.as_ref()),
        names => {
            let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
            format!("应为以下之一：{}", names.join("、"))
        }
    }
}

/// What a type accepts, in Chinese, for the descriptions serde, chrono and this workspace's
/// types give; any other is kept as written rather than guessed at.
fn expected_zh(expected: &str) -> String {
    let known = match expected {
        "a string" | "a borrowed string" | "string" => "字符串",
        "a boolean" => "布尔值（true或false）",
        "a character" => "单个字符",
        "a sequence" | "tuple variant" => "数组",
        "a map" | "struct variant" => "对象",
        "unit" | "unit variant" => "null",
        "string or map" => "字符串或对象",
        "a map with a single key" => "只有一个键的对象",
        "fewer elements in array" => "更少的元素",
        "fewer elements in map" => "更少的键",
        "variant identifier" => "取值名称",
        "field identifier" => "字段名",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => {
            return format!("非负整数（{expected}）");
        }
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => return format!("整数（{expected}）"),
        "f32" | "f64" => return format!("数字（{expected}）"),
        // chrono
        "a formatted date string" => "日期字符串，如\"2025-06-01\"",
        "a formatted date and time string" => "日期时间字符串，如\"2025-06-01T09:30:00\"",
        "an RFC 3339 formatted date and time string" => {
            "RFC 3339日期时间字符串，如\"2025-06-01T09:30:00+08:00\""
        }
        "a formatted time string" => "时间字符串，如\"09:30:00\"",
        // rust_decimal
        "a Decimal type representing a fixed-point number" => "十进制数",
        // This workspace's value types.
        "an amount of yuan as a string, e.g. \"12.50\"" => "以字符串表示的金额（元），如\"12.50\"",
        "a 6-digit division code such as \"130102\"" => "6位行政区划代码，如\"130102\"",
        "an 11-digit mainland mobile number" => "11位大陆手机号码",
        "an 18-character unified social credit code" => "18位统一社会信用代码",
        "an 18-character resident ID" => "18位居民身份证号码",
        "a SHA-256 digest of 64 hex digits" => "64位十六进制SHA-256摘要",
        "a SHA-256 digest of 64 lowercase hex digits" => "64位小写十六进制SHA-256摘要",
        "a CCA category code such as \"food\" or \"food/food_products\"" => {
            "消费者协会投诉分类代码，如\"food\"或\"food/food_products\""
        }
        "a ProblemNature code" => "投诉性质代码",
        "a Channel code" => "投诉渠道代码",
        "a ConsumerGroup code" => "消费者群体代码",
        "a ClaimKind code" => "诉求类型代码",
        "a EvidenceKind code" => "证据类型代码",
        "a OnlineRole code" => "网络经营角色代码",
        other => {
            // `struct X with 2 elements`: a struct, tuple or variant read from an array.
            if let Some((_, n)) = other.rsplit_once(" with ")
                && let Some(n) = n
                    .strip_suffix(" elements")
                    .or_else(|| n.strip_suffix(" element"))
            {
                return format!("{n}个元素的数组");
            }
            // The Rust type's name means nothing to the reader: what it is written as.
            if other.starts_with("tuple struct ") {
                return "数组".to_owned();
            }
            if other.starts_with("struct ") {
                return "对象".to_owned();
            }
            if let Some(n) = other
                .strip_prefix("a tuple of size ")
                .or_else(|| other.strip_prefix("an array of length "))
            {
                return format!("{n}个元素的数组");
            }
            return other.to_owned();
        }
    };
    known.to_owned()
}

/// A type's own message in Chinese where it is one of chrono's parse errors (how a
/// malformed date or time is reported); any other is kept as written.
fn other_zh(message: &str) -> &str {
    match message {
        "input is out of range" => "日期或时间超出有效范围",
        "no possible date and time matching input" => "不存在这样的日期或时间",
        "input is not enough for unique date and time" => "日期或时间不完整，无法确定",
        "input contains invalid characters" => "日期或时间的格式不对，含有无效字符",
        "premature end of input" => "日期或时间的格式不对，内容不完整",
        "trailing input" => "日期或时间的格式不对，末尾有多余内容",
        "bad or unsupported format string" => "日期或时间的格式串有误",
        other => other,
    }
}

/// One reference token of a JSON pointer (an object key) with RFC 6901's escapes: `~` as
/// `~0`, `/` as `~1`. Borrowed when there is nothing to escape, as for nearly every key.
pub fn escape(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains(['~', '/']) {
        std::borrow::Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(key)
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use serde::Deserialize;
    use serde::de::Error as _;
    use serde_json::json;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "only read")]
    struct Options {
        days: u32,
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        kind: Option<Kind>,
        #[serde(default)]
        holidays: Vec<NaiveDate>,
        #[serde(default)]
        pair: Option<(u8, i16)>,
        #[serde(default)]
        flag: Option<bool>,
        #[serde(default)]
        mode: Option<Mode>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code, reason = "only read")]
    enum Kind {
        Goods,
        Service,
    }

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code, reason = "only read")]
    enum Mode {
        Label,
        Mask,
        Partial(u8),
    }

    /// The error reading `value` as `Options`: (path, code, English, Chinese); the English is
    /// also checked against serde_json's own.
    fn err(value: serde_json::Value) -> (Vec<Segment>, &'static str, String, String) {
        let e = from_value::<Options>(&value).unwrap_err();
        let theirs = serde_json::from_value::<Options>(value).unwrap_err();
        assert_eq!(e.message(), theirs.to_string());
        assert_eq!(e.to_string(), e.message());
        assert_eq!(e.code(), e.kind().code());
        (
            e.path().to_vec(),
            e.code(),
            e.message().to_owned(),
            e.message_zh(),
        )
    }

    fn key(k: &str) -> Segment {
        Segment::Key(k.to_owned())
    }

    #[test]
    fn keys_are_escaped_as_rfc_6901_says() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(escape("~1"), "~01");
        assert!(matches!(
            escape("plain_key"),
            std::borrow::Cow::Borrowed("plain_key")
        ));
    }

    #[test]
    fn floats_are_shown_as_serde_json_shows_them() {
        let (_, code, en, zh) = err(json!({"days": 1e21}));
        assert_eq!(code, "field.type");
        assert_eq!(en, "invalid type: floating point `1e+21`, expected u32");
        assert_eq!(zh, "类型错误：小数1e+21，应为非负整数（u32）");
        let (_, _, en, _) = err(json!({"days": -0.5}));
        assert_eq!(en, "invalid type: floating point `-0.5`, expected u32");
        // Values JSON cannot hold, reported by their names.
        let e = ShapeError::invalid_type(de::Unexpected::Float(f64::NAN), &"a date");
        assert_eq!(
            e.message(),
            "invalid type: floating point `NaN`, expected a date"
        );
        let e = ShapeError::invalid_value(de::Unexpected::Float(f64::NEG_INFINITY), &"a date");
        assert_eq!(
            e.message(),
            "invalid value: floating point `-inf`, expected a date"
        );
    }

    #[test]
    fn invalid_type() {
        let (path, code, en, zh) = err(json!({"days": "x"}));
        assert_eq!(path, [key("days")]);
        assert_eq!(code, "field.type");
        assert_eq!(en, "invalid type: string \"x\", expected u32");
        assert_eq!(zh, "类型错误：字符串“x”，应为非负整数（u32）");

        let e = from_value::<Options>(&json!({"days": null})).unwrap_err();
        assert_eq!(
            e.kind(),
            &ShapeKind::InvalidType {
                found: Found::Null,
                expected: "u32".to_owned()
            }
        );
        assert_eq!(e.message(), "invalid type: null, expected u32");
        assert_eq!(e.message_zh(), "类型错误：null，应为非负整数（u32）");

        let cases = [
            (
                json!({"days": 1, "name": 12.5}),
                "invalid type: floating point `12.5`, expected a string",
                "类型错误：小数12.5，应为字符串",
            ),
            (
                json!({"days": 1, "flag": "yes"}),
                "invalid type: string \"yes\", expected a boolean",
                "类型错误：字符串“yes”，应为布尔值（true或false）",
            ),
            (
                json!({"days": 1, "holidays": {}}),
                "invalid type: map, expected a sequence",
                "类型错误：对象，应为数组",
            ),
            (
                json!({"days": 1, "holidays": [7]}),
                "invalid type: integer `7`, expected a formatted date string",
                "类型错误：整数7，应为日期字符串，如\"2025-06-01\"",
            ),
            (
                json!({"days": 1, "name": true}),
                "invalid type: boolean `true`, expected a string",
                "类型错误：布尔值true，应为字符串",
            ),
            (
                json!({"days": 1, "name": [1]}),
                "invalid type: sequence, expected a string",
                "类型错误：数组，应为字符串",
            ),
            (
                json!(3),
                "invalid type: integer `3`, expected struct Options",
                "类型错误：整数3，应为对象",
            ),
            (
                json!({"days": 1, "pair": 3}),
                "invalid type: integer `3`, expected a tuple of size 2",
                "类型错误：整数3，应为2个元素的数组",
            ),
        ];
        for (value, en, zh) in cases {
            let (_, code, got_en, got_zh) = err(value);
            assert_eq!(
                (code, got_en.as_str(), got_zh.as_str()),
                ("field.type", en, zh)
            );
        }
    }

    #[test]
    fn invalid_value() {
        let (path, code, en, zh) = err(json!({"days": -1}));
        assert_eq!(path, [key("days")]);
        assert_eq!(code, "field.invalid");
        assert_eq!(en, "invalid value: integer `-1`, expected u32");
        assert_eq!(zh, "取值无效：整数-1，应为非负整数（u32）");

        let (path, _, en, zh) = err(json!({"days": 1, "pair": [1, 40000]}));
        assert_eq!(path, [key("pair"), Segment::Index(1)]);
        assert_eq!(en, "invalid value: integer `40000`, expected i16");
        assert_eq!(zh, "取值无效：整数40000，应为整数（i16）");
    }

    #[test]
    fn invalid_length() {
        let (path, code, en, zh) = err(json!({"days": 1, "pair": [1]}));
        assert_eq!(path, [key("pair")]);
        assert_eq!(code, "field.length");
        assert_eq!(en, "invalid length 1, expected a tuple of size 2");
        assert_eq!(zh, "长度错误：长度为1，应为2个元素的数组");

        let e = from_value::<Options>(&json!({"days": 1, "pair": [1, 2, 3]})).unwrap_err();
        assert_eq!(
            e.kind(),
            &ShapeKind::InvalidLength {
                len: 3,
                expected: "fewer elements in array".to_owned()
            }
        );
        assert_eq!(
            e.message(),
            "invalid length 3, expected fewer elements in array"
        );
        assert_eq!(e.message_zh(), "长度错误：长度为3，应为更少的元素");
    }

    #[test]
    fn unknown_variant() {
        let (path, code, en, zh) = err(json!({"days": 1, "kind": "gadget"}));
        assert_eq!(path, [key("kind")]);
        assert_eq!(code, "code.unknown");
        assert_eq!(
            en,
            "unknown variant `gadget`, expected `goods` or `service`"
        );
        assert_eq!(zh, "未知取值“gadget”，应为以下之一：goods、service");

        let (_, _, en, zh) = err(json!({"days": 1, "mode": "blur"}));
        assert_eq!(
            en,
            "unknown variant `blur`, expected one of `label`, `mask`, `partial`"
        );
        assert_eq!(zh, "未知取值“blur”，应为以下之一：label、mask、partial");

        let e = ShapeError::unknown_variant("x", &["only"]);
        assert_eq!(e.message(), "unknown variant `x`, expected `only`");
        assert_eq!(e.message_zh(), "未知取值“x”，应为only");
        let e = ShapeError::unknown_variant("x", &[]);
        assert_eq!(e.message(), "unknown variant `x`, there are no variants");
        assert_eq!(e.message_zh(), "未知取值“x”，没有可用的取值");
    }

    #[test]
    fn unknown_field() {
        let (path, code, en, zh) = err(json!({"days": 1, "colour": 2}));
        assert_eq!(path, [key("colour")]);
        assert_eq!(code, "field.unknown");
        assert_eq!(
            en,
            "unknown field `colour`, expected one of `days`, `name`, `kind`, `holidays`, `pair`, `flag`, `mode`"
        );
        assert_eq!(
            zh,
            "未知字段“colour”，应为以下之一：days、name、kind、holidays、pair、flag、mode"
        );
        let e = ShapeError::unknown_field("x", &[]);
        assert_eq!(e.message(), "unknown field `x`, there are no fields");
        assert_eq!(e.message_zh(), "未知字段“x”，此处不接受任何字段");
        assert_eq!(
            e.kind(),
            &ShapeKind::UnknownField {
                field: "x".to_owned(),
                expected: &[]
            }
        );
    }

    #[test]
    fn missing_field() {
        let (path, code, en, zh) = err(json!({"name": "n"}));
        assert_eq!(path, []);
        assert_eq!(code, "field.required");
        assert_eq!(en, "missing field `days`");
        assert_eq!(zh, "缺少字段“days”");
    }

    #[test]
    fn duplicate_field() {
        // A parsed value cannot hold a key twice; the structs serde derives report it so.
        let e = ShapeError::duplicate_field("days");
        assert_eq!(e.kind(), &ShapeKind::DuplicateField { field: "days" });
        assert_eq!(e.code(), "field.duplicate");
        assert_eq!(e.message(), "duplicate field `days`");
        assert_eq!(e.message_zh(), "字段“days”重复");
    }

    #[test]
    fn other() {
        let (path, code, en, zh) = err(json!({"days": 1, "holidays": ["2025-02-30"]}));
        assert_eq!(path, [key("holidays"), Segment::Index(0)]);
        assert_eq!(code, "field.invalid");
        assert_eq!(en, "input is out of range");
        assert_eq!(zh, "取值无效：日期或时间超出有效范围");

        let (_, _, en, zh) = err(json!({"days": 1, "holidays": ["2025-02"]}));
        assert_eq!(en, "premature end of input");
        assert_eq!(zh, "取值无效：日期或时间的格式不对，内容不完整");

        // A message nobody translated is kept as written.
        let e = ShapeError::custom("the amount is negative");
        assert_eq!(e.kind(), &ShapeKind::Other);
        assert_eq!(e.message(), "the amount is negative");
        assert_eq!(e.message_zh(), "取值无效：the amount is negative");
    }

    #[test]
    fn field_names_can_be_shown_as_the_caller_writes_them() {
        let upper = |s: &str| s.to_uppercase();
        let (_, _, en, zh) = err(json!({"days": 1, "colour": 2}));
        let e = from_value::<Options>(&json!({"days": 1, "colour": 2}))
            .err()
            .unwrap();
        assert_eq!((e.message(), e.message_zh()), (en.as_str(), zh));
        assert_eq!(
            e.messages_with_field_names(&upper),
            (
                "unknown field `COLOUR`, expected one of `DAYS`, `NAME`, `KIND`, `HOLIDAYS`, `PAIR`, `FLAG`, `MODE`".to_owned(),
                "未知字段“COLOUR”，应为以下之一：DAYS、NAME、KIND、HOLIDAYS、PAIR、FLAG、MODE".to_owned()
            )
        );
        let e = from_value::<Options>(&json!({})).err().unwrap();
        assert_eq!(
            e.messages_with_field_names(&upper),
            (
                "missing field `DAYS`".to_owned(),
                "缺少字段“DAYS”".to_owned()
            )
        );
        // Values are not field names.
        let e = from_value::<Options>(&json!({"days": 1, "kind": "gadget"}))
            .err()
            .unwrap();
        assert_eq!(
            e.messages_with_field_names(&upper),
            (e.message().to_owned(), e.message_zh())
        );
    }

    #[test]
    fn unknown_descriptions_are_kept() {
        let e = ShapeError::invalid_type(de::Unexpected::Bytes(b"x"), &"something new");
        assert_eq!(
            e.kind(),
            &ShapeKind::InvalidType {
                found: Found::Other("byte array".to_owned()),
                expected: "something new".to_owned()
            }
        );
        assert_eq!(e.message_zh(), "类型错误：byte array，应为something new");
        let e = ShapeError::invalid_value(de::Unexpected::Char('x'), &"a digit");
        assert_eq!(
            e.message(),
            "invalid value: character `x`, expected a digit"
        );
        assert_eq!(e.message_zh(), "取值无效：字符“x”，应为a digit");
    }

    #[test]
    fn error_is_one_pointer_wide() {
        assert_eq!(size_of::<ShapeError>(), size_of::<usize>());
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(json!(null)),
            any::<bool>().prop_map(|b| json!(b)),
            any::<i64>().prop_map(|i| json!(i)),
            (-1e6f64..1e6).prop_map(|f| json!(f)),
            prop_oneof![
                Just("2025-06-01"),
                Just("2025-02-30"),
                Just("goods"),
                Just("mask"),
                Just("x"),
            ]
            .prop_map(|s| json!(s)),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            let key = prop_oneof![
                Just("days"),
                Just("name"),
                Just("kind"),
                Just("holidays"),
                Just("pair"),
                Just("flag"),
                Just("mode"),
                Just("partial"),
                Just("other"),
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
                prop::collection::btree_map(key.prop_map(str::to_owned), inner, 0..5)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn check_zh(e: &ShapeError) -> Result<(), TestCaseError> {
        let zh = e.message_zh();
        prop_assert!(!zh.is_empty());
        for english in [
            "invalid",
            "expected",
            "unknown",
            "missing",
            "duplicate",
            "length",
        ] {
            prop_assert!(!zh.contains(english), "{zh}");
        }
        Ok(())
    }

    proptest! {
        /// Any value read as any type: no panic, serde_json's verdict and English message,
        /// and a Chinese message with no English sentence in it.
        #[test]
        fn every_error_has_a_chinese_message(value in json_value()) {
            let mine = from_value::<Options>(&value).map(drop);
            let theirs = serde_json::from_value::<Options>(value.clone()).map(drop);
            prop_assert_eq!(mine.is_ok(), theirs.is_ok());
            if let (Err(e), Err(t)) = (&mine, &theirs) {
                // One known wording of ours differs (kept: messages must not change).
                let t = t.to_string().replace("expected map with", "expected a map with");
                prop_assert_eq!(e.message(), t);
                check_zh(e)?;
            }
            if let Err(e) = from_value::<Vec<Mode>>(&value) {
                check_zh(&e)?;
            }
            if let Err(e) = from_value::<(Kind, u8)>(&value) {
                check_zh(&e)?;
            }
            if let Err(e) = from_value::<std::collections::BTreeMap<String, Option<NaiveDate>>>(&value) {
                check_zh(&e)?;
            }
        }
    }
}
