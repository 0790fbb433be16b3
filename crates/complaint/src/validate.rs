//! Parse, normalise, validate: from JSON text to a [`Complaint`] or every problem at once.
//!
//! Two passes. The fast pass deserialises straight into the typed document, normalises it
//! and checks the rules (lengths and ranges with `validator`, then the cross-field rules).
//! When the text does not fit the types, the diagnostic pass walks the JSON value field by
//! field and reports every field that is missing, unknown, of the wrong type or an invalid
//! value; the cross-field rules are checked once every field is well-formed.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::de::DeserializeOwned;
use serde_json::Value;
use validator::{Validate, ValidationErrorsKind};

use crate::document::{Complaint, limits};
use crate::normalize::{clean_multiline_in_place, clean_text_in_place};
use crate::{
    Category, Channel, ClaimKind, ConsumerGroup, DivisionCode, EarlierHandler, Error, EvidenceKind,
    FieldError, Mobile, OnlineRole, ProblemNature, Purpose, Relation, ResidentId, SCHEMA_VERSION,
    Sha256, Uscc, ValidationErrors, Yuan,
};

/// China Standard Time (UTC+8), the offset every received instant is normalised to.
#[allow(
    clippy::panic,
    reason = "evaluated at compile time; 8 hours is a valid offset"
)]
pub const CST: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(o) => o,
    None => panic!("UTC+8 is a valid offset"),
};

/// China Standard Time (UTC+8).
pub fn cst() -> FixedOffset {
    CST
}

impl Complaint {
    /// Parses, normalises and validates a complaint document.
    ///
    /// Returns the normalised complaint, or [`Error::Json`] when the text is not JSON, or
    /// [`Error::Invalid`] listing every problem with its JSON pointer, code and messages.
    ///
    /// ```
    /// use weiquan_complaint::{Complaint, Error};
    /// let text = weiquan_synth::generate::sample_json();
    /// let c = Complaint::from_json(&text)?;
    /// assert_eq!(c.schema_version, 1);
    ///
    /// let broken = text.replace(&c.consumer.mobile.to_string(), "12345");
    /// match Complaint::from_json(&broken) {
    ///     Err(Error::Invalid(errors)) => {
    ///         assert_eq!(errors.0[0].pointer, "/consumer/mobile");
    ///         assert_eq!(errors.0[0].code, "mobile.format");
    ///     }
    ///     other => panic!("expected a validation error, got {other:?}"),
    /// }
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Complaint, Error> {
        Complaint::parse_text(text, None)
    }

    /// [`Complaint::from_json`] that also refuses a complaint received after `today` (China
    /// Standard Time; see [`Complaint::check_received_by`]), in the same list as every other
    /// problem: a document with a future `received_at` and a bad mobile number gets both
    /// errors at once, not the second only after the first is fixed. This is what
    /// `weiquan validate` uses.
    ///
    /// ```
    /// use weiquan_complaint::{Complaint, Error};
    /// let text = weiquan_synth::generate::sample_json();
    /// let c = Complaint::from_json(&text)?;
    /// let day = c.received_at.date_naive();
    /// assert_eq!(Complaint::from_json_on(&text, day)?, c);
    ///
    /// let broken = text.replace(&c.consumer.mobile.to_string(), "12345");
    /// let yesterday = day.pred_opt().unwrap_or(day);
    /// match Complaint::from_json_on(&broken, yesterday) {
    ///     Err(Error::Invalid(errors)) => {
    ///         let codes: Vec<&str> = errors.0.iter().map(|e| e.code.as_str()).collect();
    ///         assert_eq!(codes, ["received_at.future", "mobile.format"]);
    ///     }
    ///     other => panic!("expected a validation error, got {other:?}"),
    /// }
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_json_on(text: &str, today: NaiveDate) -> Result<Complaint, Error> {
        Complaint::parse_text(text, Some(today))
    }

    fn parse_text(text: &str, today: Option<NaiveDate>) -> Result<Complaint, Error> {
        match serde_json::from_str::<Complaint>(text) {
            Ok(mut c) => {
                c.normalize();
                c.check_on(today).map_err(Error::Invalid)?;
                Ok(c)
            }
            Err(e) => Err(diagnose(text, &e, today)),
        }
    }

    /// [`Complaint::from_json`] for a document already parsed as JSON (what the WebAssembly
    /// API receives from JavaScript): the same result, the same problems with the same
    /// pointers. Read with [`weiquan_support::json_pointer`], so a program that has no other use for
    /// `serde_json`'s typed reader from text does not carry one.
    ///
    /// ```
    /// use weiquan_complaint::{Complaint, Error};
    /// let text = weiquan_synth::generate::sample_json();
    /// let mut value: serde_json::Value = serde_json::from_str(&text)?;
    /// assert_eq!(Complaint::from_json_value(&value)?, Complaint::from_json(&text)?);
    ///
    /// value["consumer"]["mobile"] = "12345".into();
    /// match Complaint::from_json_value(&value) {
    ///     Err(Error::Invalid(errors)) => assert_eq!(errors.0[0].pointer, "/consumer/mobile"),
    ///     other => panic!("expected a validation error, got {other:?}"),
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json_value(value: &Value) -> Result<Complaint, Error> {
        Complaint::parse_value(value, None)
    }

    /// [`Complaint::from_json_value`] that also refuses a complaint received after `today`,
    /// together with every other problem, as [`Complaint::from_json_on`] does.
    pub fn from_json_value_on(value: &Value, today: NaiveDate) -> Result<Complaint, Error> {
        Complaint::parse_value(value, Some(today))
    }

    fn parse_value(value: &Value, today: Option<NaiveDate>) -> Result<Complaint, Error> {
        match weiquan_support::json_pointer::from_value::<Complaint>(value) {
            Ok(mut c) => {
                c.normalize();
                c.check_on(today).map_err(Error::Invalid)?;
                Ok(c)
            }
            Err(e) => Err(diagnose_value(value, &e.to_string(), today)),
        }
    }

    /// Checks that the complaint was not received after `today` (in China Standard Time): a
    /// received day in the future is a wrong clock or a typo (`2062` for `2026`), and every
    /// deadline counted from it would be wrong. Separate from [`Complaint::check`] because it
    /// needs a clock, which validation otherwise does without, so that the same document
    /// gives the same answer on any day; callers pass theirs (`weiquan validate --today`).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use weiquan_complaint::{Complaint, Error};
    /// let c = Complaint::from_json(&weiquan_synth::generate::sample_json())?;
    /// let day = c.received_at.date_naive();
    /// assert!(c.check_received_by(day).is_ok());
    /// match c.check_received_by(day.pred_opt().unwrap_or(day)) {
    ///     Err(Error::Invalid(errors)) => assert_eq!(errors.0[0].code, "received_at.future"),
    ///     other => panic!("expected an error, got {other:?}"),
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_received_by(&self, today: NaiveDate) -> Result<(), Error> {
        match future_error(self.received_at, today) {
            None => Ok(()),
            Some(e) => Err(Error::Invalid(ValidationErrors(vec![e]))),
        }
    }

    /// The document as compact JSON (the normalised form when the complaint came from
    /// [`Complaint::from_json`]).
    pub fn to_json(&self) -> String {
        // Serialising this type cannot fail: every map key is a string and no Serialize
        // impl returns an error.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Normalises free text (full-width forms, white space), sorts and de-duplicates the
    /// consumer groups and moves the received instant to +08:00. Idempotent.
    pub fn normalize(&mut self) {
        self.received_at = self.received_at.with_timezone(&cst());
        clean_text_in_place(&mut self.id);
        clean_text_in_place(&mut self.consumer.name);
        clean_text_in_place(&mut self.consumer.address);
        if let Some(o) = &mut self.consumer.on_behalf_of {
            clean_text_in_place(&mut o.name);
        }
        if !self.consumer.groups.is_sorted_by(|a, b| a < b) {
            weiquan_support::sort::sort(&mut self.consumer.groups);
            self.consumer.groups.dedup();
        }
        clean_text_in_place(&mut self.business.name);
        if let Some(a) = &mut self.business.address {
            clean_text_in_place(a);
        }
        if let Some(p) = self
            .business
            .online
            .as_mut()
            .and_then(|o| o.platform.as_mut())
        {
            clean_text_in_place(p);
        }
        clean_text_in_place(&mut self.purchase.item);
        clean_multiline_in_place(&mut self.description);
        for claim in &mut self.claims {
            if let Some(n) = &mut claim.note {
                clean_text_in_place(n);
            }
        }
        for e in &mut self.evidence {
            clean_text_in_place(&mut e.name);
        }
    }

    /// Checks every rule on an already-typed complaint and lists all the problems.
    pub fn check(&self) -> Result<(), ValidationErrors> {
        self.check_on(None)
    }

    /// [`Complaint::check`], with the received day checked against `today` when given.
    fn check_on(&self, today: Option<NaiveDate>) -> Result<(), ValidationErrors> {
        let mut errs = Vec::new();
        if let Some(e) = today.and_then(|t| future_error(self.received_at, t)) {
            errs.push(e);
        }
        if self.schema_version != SCHEMA_VERSION {
            errs.push(FieldError::new(
                "/schema_version",
                "schema_version.unsupported",
                Some(self.schema_version.to_string()),
                format!(
                    "schema_version {} is not supported (expected {SCHEMA_VERSION})",
                    self.schema_version
                ),
                format!(
                    "不支持的文档版本{}（应为{SCHEMA_VERSION}）",
                    self.schema_version
                ),
            ));
        }
        if let Err(e) = self.validate() {
            collect_validator("", &e, &mut errs);
        }
        self.check_cross_field(&mut errs);
        sort_in_document_order(&mut errs);
        if errs.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errs))
        }
    }

    fn check_cross_field(&self, errs: &mut Vec<FieldError>) {
        let received = self.received_at.with_timezone(&cst()).date_naive();
        let count_rule =
            |ptr: &str, n: usize, min: usize, max: usize, errs: &mut Vec<FieldError>| {
                if n < min || n > max {
                    errs.push(FieldError::new(
                        ptr,
                        "list.count",
                        Some(n.to_string()),
                        format!("must have between {min} and {max} items, has {n}"),
                        format!("条目数应在{min}到{max}之间，实际为{n}"),
                    ));
                }
            };
        count_rule("/claims", self.claims.len(), 1, limits::CLAIMS, errs);
        count_rule("/evidence", self.evidence.len(), 0, limits::EVIDENCE, errs);
        for (i, claim) in self.claims.iter().enumerate() {
            let ptr = format!("/claims/{i}");
            match (claim.kind, &claim.amount) {
                (ClaimKind::Compensation, None) => errs.push(FieldError::new(
                    format!("{ptr}/amount"),
                    "claim.amount_required",
                    None,
                    "a compensation claim needs an amount",
                    "赔偿诉求须填写金额",
                )),
                (ClaimKind::Compensation | ClaimKind::Refund, Some(a)) if a.is_zero() => {
                    errs.push(FieldError::new(
                        format!("{ptr}/amount"),
                        "claim.amount_zero",
                        Some(a.to_string()),
                        "a claimed amount must be more than zero",
                        "诉求金额应大于零",
                    ))
                }
                (
                    ClaimKind::Replace | ClaimKind::Repair | ClaimKind::Apology | ClaimKind::Other,
                    Some(a),
                ) => errs.push(FieldError::new(
                    format!("{ptr}/amount"),
                    "claim.amount_not_allowed",
                    Some(a.to_string()),
                    format!("a {} claim takes no amount", claim.kind.name_en()),
                    format!("{}诉求不应填写金额", claim.kind.name_zh()),
                )),
                _ => {}
            }
            if claim.kind == ClaimKind::Other && claim.note.is_none() {
                errs.push(FieldError::new(
                    format!("{ptr}/note"),
                    "claim.note_required",
                    None,
                    "an `other` claim must say what is asked for",
                    "“其他”诉求须说明具体内容",
                ));
            }
        }
        self.check_business(errs);
        let p = &self.purchase;
        if p.purchase_date > received {
            errs.push(date_error(
                "/purchase/purchase_date",
                "purchase.after_received",
                p.purchase_date,
                "the purchase date is after the complaint was received",
                "购买日期晚于投诉受理日期",
            ));
        }
        if let Some(r) = p.receipt_date {
            if r < p.purchase_date {
                errs.push(date_error(
                    "/purchase/receipt_date",
                    "receipt.before_purchase",
                    r,
                    "the receipt date is before the purchase date",
                    "收货日期早于购买日期",
                ));
            } else if r > received {
                errs.push(date_error(
                    "/purchase/receipt_date",
                    "receipt.after_received",
                    r,
                    "the receipt date is after the complaint was received",
                    "收货日期晚于投诉受理日期",
                ));
            }
        }
        if let Some(k) = self.dispute.as_ref().and_then(|d| d.known_on)
            && k > received
        {
            errs.push(date_error(
                "/dispute/known_on",
                "known_on.after_received",
                k,
                "the day the consumer knew of the infringement is after the complaint was received",
                "知道权益受侵害的日期晚于投诉受理日期",
            ));
        }
        if let Some(id) = self
            .consumer
            .on_behalf_of
            .as_ref()
            .and_then(|o| o.resident_id.as_ref())
            && id.birth_date() > received
        {
            errs.push(
                Error::ResidentIdFutureBirth {
                    value: weiquan_support::mask::resident_id(&id.to_string()),
                    birth: id.birth_date(),
                }
                .at("/consumer/on_behalf_of/resident_id"),
            );
        }
        if let Some(id) = &self.consumer.resident_id
            && id.birth_date() > received
        {
            errs.push(
                Error::ResidentIdFutureBirth {
                    value: weiquan_support::mask::resident_id(&id.to_string()),
                    birth: id.birth_date(),
                }
                .at("/consumer/resident_id"),
            );
        }
    }

    fn check_business(&self, errs: &mut Vec<FieldError>) {
        let b = &self.business;
        match &b.online {
            None if b.division.is_none() => errs.push(FieldError::new(
                "/business/division",
                "business.division_required",
                None,
                "the division of the business's place of business is required for an offline business",
                "线下经营者须填写经营地行政区划",
            )),
            Some(o) if o.role == OnlineRole::InPlatform => {
                if o.platform.is_none() {
                    errs.push(FieldError::new(
                        "/business/online/platform",
                        "online.platform_required",
                        None,
                        "an in-platform seller needs the platform's name",
                        "平台内经营者须填写平台名称",
                    ));
                }
                if b.division.is_none() && o.platform_operator_division.is_none() {
                    errs.push(FieldError::new(
                        "/business/division",
                        "business.division_required",
                        None,
                        "give the seller's division or the platform operator's division",
                        "须填写经营者所在地或平台经营者住所地的行政区划",
                    ));
                }
            }
            Some(_) if b.division.is_none() => errs.push(FieldError::new(
                "/business/division",
                "business.division_required",
                None,
                "the division of the operator's domicile is required",
                "须填写经营者住所地行政区划",
            )),
            _ => {}
        }
    }
}

/// `received_at.future` when the complaint was received (its day in China Standard Time)
/// after `today`.
fn future_error(received_at: DateTime<FixedOffset>, today: NaiveDate) -> Option<FieldError> {
    let received = received_at.with_timezone(&cst());
    if received.date_naive() <= today {
        return None;
    }
    let at = received.to_rfc3339();
    Some(FieldError::new(
        "/received_at",
        "received_at.future",
        Some(at.clone()),
        format!("the complaint is dated {at}, after today ({today})"),
        format!("投诉受理时间{at}晚于今天（{today}）"),
    ))
}

fn date_error(ptr: &str, code: &str, d: NaiveDate, en: &str, zh: &str) -> FieldError {
    FieldError::new(ptr, code, Some(d.to_string()), en, zh)
}

/// Field order of the document, for reporting problems in document order.
const ORDER: &[&str] = &[
    "schema_version",
    "id",
    "received_at",
    "channel",
    "consumer",
    "business",
    "purchase",
    "problem_nature",
    "description",
    "claims",
    "evidence",
    "consent_to_publication",
];

fn sort_in_document_order(errs: &mut [FieldError]) {
    weiquan_support::sort::by_key(errs, |e| {
        let first = e.pointer.split('/').nth(1).unwrap_or("");
        (
            ORDER
                .iter()
                .position(|f| *f == first)
                .unwrap_or(ORDER.len()),
            e.pointer.clone(),
        )
    });
}

/// Turns `validator`'s nested errors into field errors with JSON pointers.
fn collect_validator(prefix: &str, e: &validator::ValidationErrors, out: &mut Vec<FieldError>) {
    for (field, kind) in e.errors() {
        let ptr = format!("{prefix}/{field}");
        match kind {
            ValidationErrorsKind::Field(list) => {
                for ve in list {
                    out.push(from_validator(&ptr, ve));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect_validator(&ptr, inner, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect_validator(&format!("{ptr}/{i}"), inner, out);
                }
            }
        }
    }
}

fn param(ve: &validator::ValidationError, name: &str) -> Option<String> {
    ve.params.get(name).map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn from_validator(ptr: &str, ve: &validator::ValidationError) -> FieldError {
    let value = param(ve, "value");
    let max = param(ve, "max").unwrap_or_default();
    let min = param(ve, "min").unwrap_or_default();
    match ve.code.as_ref() {
        "length" => {
            let n = value.as_deref().map_or(0, |v| v.chars().count());
            if n == 0 {
                FieldError::new(ptr, "field.empty", value, "must not be empty", "不能为空")
            } else {
                FieldError::new(
                    ptr,
                    "text.too_long",
                    value,
                    format!("is {n} characters long, at most {max} allowed"),
                    format!("长度为{n}个字符，最多{max}个"),
                )
            }
        }
        "range" => FieldError::new(
            ptr,
            "number.out_of_range",
            value,
            format!("must be between {min} and {max}"),
            format!("应在{min}到{max}之间"),
        ),
        other => FieldError::new(
            ptr,
            other,
            value,
            format!("is invalid ({other})"),
            format!("无效（{other}）"),
        ),
    }
}

// ---- The diagnostic pass -------------------------------------------------------------------

type Check = fn(&Value, &str, &mut Vec<FieldError>);

struct Spec {
    name: &'static str,
    presence: Presence,
    check: Check,
}

/// Whether a field may be left out, or be `null`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Presence {
    /// Must be there, not `null`.
    Required,
    /// An `Option`: may be left out or `null`.
    Optional,
    /// Has a default (a list, a flag): may be left out, but `null` is not a value of it.
    Defaulted,
}

const fn req(name: &'static str, check: Check) -> Spec {
    Spec {
        name,
        presence: Presence::Required,
        check,
    }
}

const fn opt(name: &'static str, check: Check) -> Spec {
    Spec {
        name,
        presence: Presence::Optional,
        check,
    }
}

const fn defaulted(name: &'static str, check: Check) -> Spec {
    Spec {
        name,
        presence: Presence::Defaulted,
        check,
    }
}

fn diagnose(text: &str, first: &serde_json::Error, today: Option<NaiveDate>) -> Error {
    // Not `first.is_data()` alone: serde_json calls some type mismatches of valid JSON
    // syntax errors (a number where an enum's string is expected); whether the text parses
    // as a value decides.
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return Error::json_syntax(&e),
    };
    // Without the reader's position: the same message as from a parsed value.
    diagnose_value(&value, &Error::json_message(first), today)
}

/// Every problem of a JSON value that does not fit the document's types, field by field;
/// `first` is the reader's own message, for the rare case no field is at fault. With `today`,
/// a well-formed `received_at` after that day is one of the problems.
fn diagnose_value(value: &Value, first: &str, today: Option<NaiveDate>) -> Error {
    let mut errs = Vec::new();
    object(value, "", COMPLAINT, &mut errs);
    if errs.is_empty() {
        errs.push(FieldError::new(
            "",
            "json.shape",
            None,
            first,
            format!("文档结构错误：{first}"),
        ));
    }
    // The received instant is a field of its own: when it reads, its day is checked here
    // too, so that a future date is reported with the other problems, not after them.
    let received = value
        .get("received_at")
        .and_then(|v| weiquan_support::json_pointer::from_value::<DateTime<FixedOffset>>(v).ok());
    if let Some(e) = today.zip(received).and_then(|(t, at)| future_error(at, t)) {
        errs.push(e);
    }
    sort_in_document_order(&mut errs);
    Error::Invalid(ValidationErrors(errs))
}

/// What a field should have been, in English and in Chinese.
type Expected = (&'static str, &'static str);

const AN_OBJECT: Expected = ("an object", "对象");
const AN_ARRAY: Expected = ("an array", "数组");
const A_STRING: Expected = ("a string", "字符串");

fn type_error(ptr: &str, v: &Value, (expected, expected_zh): Expected) -> FieldError {
    // A scalar is echoed (masked at a personal field, cut to 200 characters by
    // `FieldError::new`); an array or object is not: it may hold anything, a whole record
    // with its identifiers included, and the message says what was expected instead.
    let value = match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(_) | Value::Object(_) => None,
        other => Some(other.to_string()),
    };
    FieldError::new(
        ptr,
        "field.type",
        value,
        format!("expected {expected}"),
        format!("类型错误，应为{expected_zh}"),
    )
}

fn object(v: &Value, ptr: &str, specs: &[Spec], errs: &mut Vec<FieldError>) {
    let Some(map) = v.as_object() else {
        errs.push(type_error(ptr, v, AN_OBJECT));
        return;
    };
    for spec in specs {
        let p = format!("{ptr}/{}", spec.name);
        match map.get(spec.name) {
            None | Some(Value::Null) if spec.presence == Presence::Required => errs.push(
                FieldError::new(p, "field.required", None, "is required", "必填"),
            ),
            None => {}
            Some(Value::Null) if spec.presence == Presence::Optional => {}
            Some(field) => (spec.check)(field, &p, errs),
        }
    }
    for key in map.keys() {
        if !specs.iter().any(|s| s.name == key) {
            // A misspelling is the usual cause: name the field of this object it is closest to.
            let meant = weiquan_support::suggest::did_you_mean(key, specs.iter().map(|s| s.name));
            errs.push(FieldError::new(
                format!("{ptr}/{}", weiquan_support::json_pointer::escape(key)),
                "field.unknown",
                Some(key.clone()),
                format!(
                    "unknown field {:?}{}",
                    weiquan_support::mask::echo(key),
                    weiquan_support::suggest::hint_en(meant)
                ),
                format!(
                    "未知字段“{}”{}",
                    weiquan_support::mask::echo(key),
                    weiquan_support::suggest::hint_zh(meant)
                ),
            ));
        }
    }
}

fn list(v: &Value, ptr: &str, specs: &[Spec], errs: &mut Vec<FieldError>) {
    let Some(items) = v.as_array() else {
        errs.push(type_error(ptr, v, AN_ARRAY));
        return;
    };
    for (i, item) in items.iter().enumerate() {
        object(item, &format!("{ptr}/{i}"), specs, errs);
    }
}

fn leaf<T: DeserializeOwned>(expected: Expected) -> impl Fn(&Value, &str, &mut Vec<FieldError>) {
    move |v, ptr, errs| {
        // Read as the typed reader reads it (`json_pointer`, the same acceptance as
        // serde_json's), so the module carries one reader per type, not two.
        if weiquan_support::json_pointer::from_value::<T>(v).is_err() {
            errs.push(type_error(ptr, v, expected));
        }
    }
}

fn parsed<T: FromStr<Err = Error>>(v: &Value, ptr: &str, errs: &mut Vec<FieldError>) {
    match v.as_str() {
        Some(s) => {
            if let Err(e) = s.parse::<T>() {
                errs.push(e.at(ptr));
            }
        }
        None => errs.push(type_error(ptr, v, A_STRING)),
    }
}

fn text(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    leaf::<String>(A_STRING)(v, p, e)
}
fn boolean(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    leaf::<bool>(("true or false", "true 或 false"))(v, p, e)
}
fn version(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    leaf::<u32>(("a whole number", "非负整数"))(v, p, e)
}
fn quantity(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    leaf::<u32>(("a whole number of units", "非负整数（件数）"))(v, p, e)
}
fn instant(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    leaf::<DateTime<FixedOffset>>((
        "an RFC 3339 date-time with offset, e.g. 2026-03-01T09:30:00+08:00",
        "带时区的 RFC 3339 时间，如 2026-03-01T09:30:00+08:00",
    ))(v, p, e)
}
fn date(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    leaf::<NaiveDate>(("a date YYYY-MM-DD", "日期 YYYY-MM-DD"))(v, p, e)
}
fn resident_id(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    match v.as_str() {
        Some(s) => {
            if let Err(err) = ResidentId::parse_structure(s) {
                e.push(err.at(p));
            }
        }
        None => e.push(type_error(p, v, A_STRING)),
    }
}
fn groups(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    match v.as_array() {
        Some(items) => {
            for (i, item) in items.iter().enumerate() {
                parsed::<ConsumerGroup>(item, &format!("{p}/{i}"), e);
            }
        }
        None => e.push(type_error(p, v, AN_ARRAY)),
    }
}
fn consumer(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    object(v, p, CONSUMER, e)
}
fn on_behalf_of(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    object(v, p, ON_BEHALF_OF, e)
}
fn business(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    object(v, p, BUSINESS, e)
}
fn online(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    object(v, p, ONLINE, e)
}
fn purchase(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    object(v, p, PURCHASE, e)
}
fn dispute(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    object(v, p, DISPUTE, e)
}
fn claims(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    list(v, p, CLAIM, e)
}
fn evidence(v: &Value, p: &str, e: &mut Vec<FieldError>) {
    list(v, p, EVIDENCE, e)
}

const COMPLAINT: &[Spec] = &[
    req("schema_version", version),
    req("id", text),
    req("received_at", instant),
    req("channel", parsed::<Channel>),
    req("consumer", consumer),
    req("business", business),
    req("purchase", purchase),
    req("problem_nature", parsed::<ProblemNature>),
    req("description", text),
    req("claims", claims),
    defaulted("evidence", evidence),
    defaulted("consent_to_publication", boolean),
    opt("dispute", dispute),
];
const DISPUTE: &[Spec] = &[
    opt("known_on", date),
    opt("earlier_handled_by", parsed::<EarlierHandler>),
];
const CONSUMER: &[Spec] = &[
    req("name", text),
    opt("resident_id", resident_id),
    req("mobile", parsed::<Mobile>),
    req("division", parsed::<DivisionCode>),
    req("address", text),
    defaulted("groups", groups),
    opt("on_behalf_of", on_behalf_of),
];
const ON_BEHALF_OF: &[Spec] = &[
    req("relation", parsed::<Relation>),
    req("name", text),
    opt("resident_id", resident_id),
];
const BUSINESS: &[Spec] = &[
    req("name", text),
    opt("uscc", parsed::<Uscc>),
    opt("division", parsed::<DivisionCode>),
    opt("address", text),
    opt("online", online),
    opt("is_operator", boolean),
];
const ONLINE: &[Spec] = &[
    req("role", parsed::<OnlineRole>),
    opt("platform", text),
    opt("platform_operator_uscc", parsed::<Uscc>),
    opt("platform_operator_division", parsed::<DivisionCode>),
    defaulted("address_published", boolean),
    defaulted("reachable_at_address", boolean),
];
const PURCHASE: &[Spec] = &[
    req("item", text),
    req("category", parsed::<Category>),
    req("amount_paid", parsed::<Yuan>),
    req("quantity", quantity),
    req("purchase_date", date),
    opt("receipt_date", date),
    defaulted("distance_sale", boolean),
    opt("purpose", parsed::<Purpose>),
];
const CLAIM: &[Spec] = &[
    req("kind", parsed::<ClaimKind>),
    opt("amount", parsed::<Yuan>),
    opt("note", text),
];
const EVIDENCE: &[Spec] = &[
    req("kind", parsed::<EvidenceKind>),
    req("name", text),
    req("sha256", parsed::<Sha256>),
];

// The typed structs must keep the same fields as the specs above; this test-only check
// compares them through the JSON Schema so that the two cannot drift apart silently.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Business, Claim, Consumer, Evidence, Online, Purchase};

    fn props(schema: &Value, def: Option<&str>) -> Vec<String> {
        let node = match def {
            None => schema,
            Some(d) => &schema["$defs"][d],
        };
        let mut v: Vec<String> = node["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        v.sort();
        v
    }

    fn names(specs: &[Spec]) -> Vec<String> {
        let mut v: Vec<String> = specs.iter().map(|s| s.name.to_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn diagnostic_specs_match_the_types() {
        let schema = serde_json::to_value(schemars::schema_for!(Complaint)).unwrap();
        assert_eq!(props(&schema, None), names(COMPLAINT));
        assert_eq!(props(&schema, Some("Consumer")), names(CONSUMER));
        assert_eq!(props(&schema, Some("Business")), names(BUSINESS));
        assert_eq!(props(&schema, Some("Online")), names(ONLINE));
        assert_eq!(props(&schema, Some("Purchase")), names(PURCHASE));
        assert_eq!(props(&schema, Some("Claim")), names(CLAIM));
        assert_eq!(props(&schema, Some("Evidence")), names(EVIDENCE));
        let _ = (
            std::any::type_name::<Consumer>(),
            std::any::type_name::<Business>(),
            std::any::type_name::<Online>(),
            std::any::type_name::<Purchase>(),
            std::any::type_name::<Claim>(),
            std::any::type_name::<Evidence>(),
        );
    }

    /// The first valid complaint of the generated sample data, which also holds records
    /// broken on purpose (a unit test cannot use weiquan-synth: its `Complaint` would be
    /// another build of this crate's type).
    fn sample() -> (String, Complaint) {
        include_str!("../../../examples/data/complaints.jsonl")
            .lines()
            .find_map(|line| Some((line.to_owned(), Complaint::from_json(line).ok()?)))
            .unwrap()
    }

    fn errors(r: Result<Complaint, Error>) -> Vec<FieldError> {
        match r {
            Err(Error::Invalid(e)) => e.0,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_misspelt_field_names_the_field_meant_at_its_level() {
        let (text, _) = sample();
        let mut v: Value = serde_json::from_str(&text).unwrap();
        let mobile = v["consumer"]["mobile"].take();
        v["consumer"].as_object_mut().unwrap().remove("mobile");
        v["consumer"]["mobil"] = mobile;
        let paid = v["purchase"].as_object_mut().unwrap().remove("amount_paid");
        v["purchase"]["amout_paid"] = paid.unwrap();
        v["colour"] = "red".into();
        let errs = errors(Complaint::from_json(&v.to_string()));
        let unknown: Vec<(&str, &str, &str)> = errs
            .iter()
            .filter(|e| e.code == "field.unknown")
            .map(|e| {
                (
                    e.pointer.as_str(),
                    e.message_en.as_str(),
                    e.message_zh.as_str(),
                )
            })
            .collect();
        assert_eq!(
            unknown,
            [
                (
                    "/consumer/mobil",
                    "unknown field \"mobil\"; did you mean \"mobile\"?",
                    "未知字段“mobil”，是否应为“mobile”？"
                ),
                (
                    "/purchase/amout_paid",
                    "unknown field \"amout_paid\"; did you mean \"amount_paid\"?",
                    "未知字段“amout_paid”，是否应为“amount_paid”？"
                ),
                // Nothing is close to it; fields not of the document come last.
                ("/colour", "unknown field \"colour\"", "未知字段“colour”"),
            ]
        );
        // The same from a parsed value (the JavaScript API's path).
        let from_value = errors(Complaint::from_json_value(&v));
        assert_eq!(from_value, errs);
    }

    #[test]
    fn a_future_received_at_is_reported_with_every_other_problem() {
        let (text, c) = sample();
        let day = c.received_at.with_timezone(&CST).date_naive();
        let yesterday = day.pred_opt().unwrap();
        assert_eq!(Complaint::from_json_on(&text, day).unwrap(), c);

        // A field of the wrong form (the diagnostic pass).
        let bad_mobile = text.replace(&c.consumer.mobile.to_string(), "12345");
        let codes = |errs: Vec<FieldError>| -> Vec<(String, String)> {
            errs.into_iter().map(|e| (e.pointer, e.code)).collect()
        };
        let expected = [
            ("/received_at".to_owned(), "received_at.future".to_owned()),
            ("/consumer/mobile".to_owned(), "mobile.format".to_owned()),
        ];
        assert_eq!(
            codes(errors(Complaint::from_json_on(&bad_mobile, yesterday))),
            expected
        );
        let value: Value = serde_json::from_str(&bad_mobile).unwrap();
        assert_eq!(
            codes(errors(Complaint::from_json_value_on(&value, yesterday))),
            expected
        );
        // Without a day, the clock-free check is unchanged.
        assert_eq!(
            codes(errors(Complaint::from_json(&bad_mobile))),
            expected[1..]
        );

        // A rule broken by a well-typed document (the fast pass).
        let mut long = c.clone();
        long.description = "长".repeat(limits::DESCRIPTION as usize + 1);
        let errs = codes(errors(Complaint::from_json_on(&long.to_json(), yesterday)));
        assert_eq!(
            errs,
            [
                ("/received_at".to_owned(), "received_at.future".to_owned()),
                ("/description".to_owned(), "text.too_long".to_owned()),
            ]
        );
        // The future check alone still works as before.
        assert_eq!(
            codes(errors(c.check_received_by(yesterday).map(|()| c.clone()))),
            expected[..1]
        );
    }
}
