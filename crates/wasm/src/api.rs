//! The JavaScript API: one table that declares every exported function once, with its
//! JavaScript name, its typed parameters and its result. From the table come the
//! `#[wasm_bindgen]` exports, [`call`] (the same functions by name, for native tests on the
//! shared vectors), and [`signatures`] (their TypeScript declarations).

use chrono::NaiveDate;
use schemars::{Schema, SchemaGenerator};
use serde_json::Value;

use crate::Error;
use crate::calendar::{self, CalendarOptions};
use crate::compensation::{self, ClaimInput};
use crate::complaint::{self, ComplaintDraft};
use crate::deadlines::{self, DeadlineQuery};
use crate::edge::decode;
use crate::identifiers;
use crate::redaction::{self, RedactOptions};
use crate::routing::{self, RouteOptionsInput};

/// A parameter type: how it is read from its JSON value and how TypeScript declares it.
pub trait FromArg: Sized {
    /// Whether JavaScript may leave the parameter out (`undefined`/`null`).
    const OPTIONAL: bool = false;
    /// Reads the argument named `name`.
    fn from_arg(name: &'static str, value: Value) -> Result<Self, Error>;
    /// The JSON Schema of the parameter, for TypeScript.
    fn schema(generator: &mut SchemaGenerator) -> Schema;
}

macro_rules! from_arg_by_serde {
    ($($ty:ty),* $(,)?) => {$(
        impl FromArg for $ty {
            fn from_arg(name: &'static str, value: Value) -> Result<Self, Error> {
                decode(name, value)
            }
            fn schema(generator: &mut SchemaGenerator) -> Schema {
                generator.subschema_for::<$ty>()
            }
        }
    )*};
}

from_arg_by_serde!(
    String,
    bool,
    u32,
    NaiveDate,
    CalendarOptions,
    DeadlineQuery,
    RouteOptionsInput,
    RedactOptions,
);

impl<T: FromArg> FromArg for Option<T> {
    const OPTIONAL: bool = true;
    fn from_arg(name: &'static str, value: Value) -> Result<Self, Error> {
        match value {
            Value::Null => Ok(None),
            v => T::from_arg(name, v).map(Some),
        }
    }
    fn schema(generator: &mut SchemaGenerator) -> Schema {
        T::schema(generator)
    }
}

impl FromArg for ClaimInput {
    fn from_arg(_: &'static str, value: Value) -> Result<Self, Error> {
        // Read by the compensation crate, which reports every problem with its pointer.
        Ok(ClaimInput(value))
    }
    fn schema(generator: &mut SchemaGenerator) -> Schema {
        generator.subschema_for::<ClaimInput>()
    }
}

impl FromArg for ComplaintDraft {
    fn from_arg(_: &'static str, value: Value) -> Result<Self, Error> {
        // The draft is checked field by field by the validator, key names included.
        Ok(ComplaintDraft(value))
    }
    fn schema(generator: &mut SchemaGenerator) -> Schema {
        generator.subschema_for::<ComplaintDraft>()
    }
}

/// One parameter of an exported function.
#[derive(Debug, Clone)]
pub struct Param {
    /// Its name.
    pub name: &'static str,
    /// Its JSON Schema.
    pub schema: Schema,
    /// Whether it may be left out.
    pub optional: bool,
}

/// One exported function, for its TypeScript declaration.
#[derive(Debug, Clone)]
pub struct Signature {
    /// The JavaScript name.
    pub name: &'static str,
    /// The module that exports it (see [`crate::package::PARTS`]).
    pub part: &'static str,
    /// The doc comment.
    pub doc: String,
    /// The parameters in order.
    pub params: Vec<Param>,
    /// The JSON Schema of the result.
    pub returns: Schema,
}

/// One exported function: its JavaScript name, the module (part) that exports it, and its
/// parameters' names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Export {
    /// The JavaScript name.
    pub name: &'static str,
    /// The module that exports it: `"form"` or `"tools"` (see [`crate::package::PARTS`]).
    pub part: &'static str,
    /// The parameters' names, in order.
    pub params: &'static [&'static str],
}

macro_rules! api {
    ($(
        $(#[doc = $doc:tt])*
        #[part = $part:literal]
        $js:ident => $path:path [$($param:ident : $ty:ty),*] -> $ret:ty;
    )*) => {
        /// The JavaScript names of every exported function, in declaration order.
        pub const FUNCTIONS: &[&str] = &[$(stringify!($js)),*];

        /// Every exported function with its module and parameter names, in declaration
        /// order: what the package's entry points are written from.
        pub const EXPORTS: &[Export] = &[$(Export {
            name: stringify!($js),
            part: $part,
            params: &[$(stringify!($param)),*],
        }),*];

        /// Calls the exported function `name` with JSON arguments, exactly as JavaScript
        /// does (camelCase in and out), and returns the JSON text that JavaScript parses;
        /// `None` for an unknown name. Missing arguments are `null`.
        pub fn call_json(name: &str, args: Vec<Value>) -> Option<Result<String, Error>> {
            #[allow(unused_mut, unused_variables, reason = "functions without parameters")]
            let mut args = args.into_iter();
            match name {
                $(stringify!($js) => {
                    #[allow(unused_mut, reason = "functions without parameters")]
                    let mut run = || -> Result<Vec<u8>, Error> {
                        $(let $param = <$ty as FromArg>::from_arg(
                            stringify!($param),
                            args.next().unwrap_or(Value::Null),
                        )?;)*
                        $path($($param),*).map(|r| crate::edge::encode(&r))
                    };
                    // serde_json writes UTF-8 (JavaScript's decoder checks it once too).
                    Some(run().map(|bytes| String::from_utf8(bytes).unwrap_or_default()))
                })*
                _ => None,
            }
        }

        /// The TypeScript signature of every exported function.
        pub fn signatures(generator: &mut SchemaGenerator) -> Vec<Signature> {
            vec![$(Signature {
                name: stringify!($js),
                part: $part,
                doc: [$($doc),*].join("\n"),
                params: vec![$(Param {
                    name: stringify!($param),
                    schema: <$ty as FromArg>::schema(generator),
                    optional: <$ty as FromArg>::OPTIONAL,
                }),*],
                returns: generator.subschema_for::<$ret>(),
            }),*]
        }

        /// The `#[wasm_bindgen]` exports; their TypeScript declarations come from
        /// [`signatures`]. Each is compiled only into its own module: the crate feature named
        /// after its part (`form`, `tools`; both by default) turns it on.
        #[allow(non_snake_case, reason = "the Rust names are the JavaScript names")]
        pub mod exports {
            use super::*;
            use wasm_bindgen::prelude::*;

            $(
                $(#[doc = $doc])*
                #[cfg(feature = $part)]
                #[wasm_bindgen(js_name = $js, skip_typescript)]
                pub fn $js($($param: JsValue),*) -> Result<JsValue, JsValue> {
                    invoke(|| {
                        $(let $param = <$ty as FromArg>::from_arg(
                            stringify!($param),
                            read(stringify!($param), &$param)?,
                        )?;)*
                        $path($($param),*).map(|r| crate::edge::encode(&r))
                    })
                }
            )*
        }
    };
}

/// [`call_json`] with the result parsed: the camelCase value JavaScript receives.
pub fn call(name: &str, args: Vec<Value>) -> Option<Result<Value, Error>> {
    call_json(name, args).map(|r| {
        // The text was written by serde_json from a result type: it is JSON.
        r.map(|text| serde_json::from_str(&text).unwrap_or(Value::Null))
    })
}

#[cfg(target_arch = "wasm32")]
fn read(name: &'static str, v: &wasm_bindgen::JsValue) -> Result<Value, Error> {
    crate::edge::arg(name, v)
}

#[cfg(target_arch = "wasm32")]
fn invoke(
    f: impl FnOnce() -> Result<Vec<u8>, Error>,
) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
    crate::edge::run(f())
}

// Natively the exports exist (so that they are type-checked and linted) but are never called
// from JavaScript: there is none.
#[cfg(not(target_arch = "wasm32"))]
fn read(_: &'static str, _: &wasm_bindgen::JsValue) -> Result<Value, Error> {
    Ok(Value::Null)
}

#[cfg(not(target_arch = "wasm32"))]
fn invoke(
    f: impl FnOnce() -> Result<Vec<u8>, Error>,
) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
    f().map(|_| wasm_bindgen::JsValue::NULL)
        .map_err(|_| wasm_bindgen::JsValue::NULL)
}

// `#[part]` is the module a function is compiled into (`crate::package::PARTS`): the form
// module holds what a consumer's complaint form calls, the tools module the rest. A page
// loads the second only when it is used (docs/wasm.md, "Two modules").
api! {
    /// Checks a complaint draft and lists every problem with its camelCase JSON pointer,
    /// code and messages in Chinese and English. When the draft is valid, also returns the
    /// normalised complaint and the JSON document to send. Never throws for a bad draft.
    #[part = "form"]
    validateComplaint => complaint::validate [draft: ComplaintDraft] -> complaint::ComplaintCheck;
    /// The normalised complaint; throws `complaint.invalid` with every problem in `errors`.
    #[part = "form"]
    parseComplaint => complaint::parse [draft: ComplaintDraft] -> weiquan_complaint::Complaint;
    /// Reads a complaint document (snake_case JSON text, schema_version 1) into the
    /// camelCase object; problems point into the document.
    #[part = "tools"]
    complaintFromDocument => complaint::from_document [document: String] -> weiquan_complaint::Complaint;
    /// Every closed vocabulary of the complaint with Chinese and English names, for forms.
    #[part = "form"]
    codeLists => complaint::code_lists [] -> complaint::CodeLists;
    /// Checks a resident identity number (GB 11643): normalised value, birth date, sex,
    /// region and age. `today` (YYYY-MM-DD) defaults to today in China Standard Time.
    #[part = "form"]
    checkResidentId => identifiers::resident_id [value: String, today: Option<NaiveDate>] -> identifiers::ResidentIdInfo;
    /// Checks a unified social credit code (GB 32100); `strict` also requires the embedded
    /// organisation code's check character (GB 11714).
    #[part = "form"]
    checkUscc => identifiers::uscc [value: String, strict: Option<bool>] -> identifiers::UsccInfo;
    /// Checks a mainland mobile number and returns its 11 digits.
    #[part = "form"]
    checkMobile => identifiers::mobile [value: String] -> identifiers::MobileInfo;
    /// Checks the shape of an administrative division code (GB/T 2260).
    #[part = "form"]
    checkDivisionCode => identifiers::division [value: String] -> identifiers::DivisionInfo;
    /// Checks an amount of yuan and returns it with two decimals and grouped.
    #[part = "form"]
    checkAmount => identifiers::amount [value: String] -> identifiers::AmountInfo;
    /// The `days`-th working day after `start` (YYYY-MM-DD; the start day is not counted,
    /// Civil Code Art. 201), by the official holiday notices.
    #[part = "tools"]
    addWorkingDays => calendar::add [start: NaiveDate, days: u32, options: Option<CalendarOptions>] -> calendar::WorkingDate;
    /// The working days in `(from, to]`.
    #[part = "tools"]
    workingDaysBetween => calendar::between [from: NaiveDate, to: NaiveDate, options: Option<CalendarOptions>] -> calendar::WorkingDayCount;
    /// What kind of day a date is: workday, weekend, holiday (with its name) or adjusted
    /// working day (调休上班).
    #[part = "tools"]
    calendarDay => calendar::day [date: NaiveDate, options: Option<CalendarOptions>] -> calendar::CalendarDay;
    /// The statutory deadlines of a complaint received at `receivedAt`, after the events
    /// given, as of a date: when the body must decide to accept it, finish mediating, and so
    /// on, each with its legal basis.
    #[part = "follow"]
    caseDeadlines => deadlines::deadlines [query: DeadlineQuery] -> deadlines::CaseDeadlines;
    /// The divisions in use under a province or prefecture code (the provinces without one),
    /// each with its kind and whether it is rural (a county, not a city district): a form's
    /// province → city → county lists, from the router's own registry.
    #[part = "form"]
    divisions => routing::divisions [parent: Option<String>] -> Vec<routing::DivisionItem>;
    /// The body that will handle a complaint under the embedded Shijiazhuang ruleset, with
    /// the rule, its legal basis, warnings and every candidate.
    #[part = "form"]
    routeComplaint => routing::route [complaint: ComplaintDraft, options: Option<RouteOptionsInput>] -> routing::RoutingPreview;
    /// What the consumer may claim: every amount with its computation, rule, citation and
    /// the statutory numbers used (CRPL fraud 3× with a 500 yuan minimum, food 10×, ...).
    #[part = "tools"]
    assessCompensation => compensation::assess_claim [claim: ClaimInput] -> compensation::AssessmentView;
    /// The text with personal data (phone and ID numbers, bank cards, e-mail, plates,
    /// addresses, names) replaced, and where each item was.
    #[part = "redact"]
    redactText => redaction::redact [text: String, options: Option<RedactOptions>] -> redaction::Redaction;
}
