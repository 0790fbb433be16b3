//! The fast path from one line of complaint JSON to a [`StatsRecord`].
//!
//! A line is either a complaint document (as `weiquan validate` and `weiquan generate` write
//! it) or a case summary `{"schema_version":1,"complaint":{...},"outcome":{...}}` where
//! `outcome` is a [`CaseOutcome`] (`state`, `recovered`, `handling_days`). Only the fields
//! statistics read are deserialised (borrowed, no copy of the narrative) and checked: the
//! received instant, channel, consumer division and groups, category, problem nature and the
//! outcome always; the complaint id and the consumer's resident ID or mobile when a keyer is
//! given; the business's name and credit code when business keys are asked for. Unknown and
//! unread fields are skipped, so run `weiquan validate` for the full check of a document.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate};
use serde::Deserialize;
use weiquan_complaint::{
    Category, Channel, ConsumerGroup, DivisionCode, FieldError, Mobile, ProblemNature, ResidentId,
    SCHEMA_VERSION as COMPLAINT_VERSION, Uscc, ValidationErrors, cst,
};

use crate::Error;
use crate::record::{BusinessKey, CaseOutcome, GroupSet, RecordOptions, StatsRecord, age_on};

mod scan;

#[derive(Debug, Default, PartialEq, Deserialize)]
struct Line<'a> {
    schema_version: Option<u32>,
    #[serde(borrow)]
    complaint: Option<Box<Line<'a>>>,
    outcome: Option<CaseOutcome>,
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    received_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    channel: Option<Cow<'a, str>>,
    #[serde(borrow)]
    consumer: Option<LiteConsumer<'a>>,
    #[serde(borrow)]
    business: Option<LiteBusiness<'a>>,
    #[serde(borrow)]
    purchase: Option<LitePurchase<'a>>,
    #[serde(borrow)]
    problem_nature: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
struct LiteConsumer<'a> {
    #[serde(borrow)]
    resident_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    mobile: Option<Cow<'a, str>>,
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    division: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    groups: Vec<Cow<'a, str>>,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
struct LiteBusiness<'a> {
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    uscc: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
struct LitePurchase<'a> {
    #[serde(borrow)]
    category: Option<Cow<'a, str>>,
}

struct Errs {
    prefix: &'static str,
    list: Vec<FieldError>,
}

impl Errs {
    fn required(&mut self, ptr: &str) {
        self.list.push(FieldError::new(
            format!("{}{ptr}", self.prefix),
            "field.required",
            None,
            "is required",
            "必填",
        ));
    }
    fn value(&mut self, ptr: &str, e: &weiquan_complaint::Error) {
        self.list.push(e.at(&format!("{}{ptr}", self.prefix)));
    }
    fn req<'s, 'a>(&mut self, v: Option<&'s Cow<'a, str>>, ptr: &str) -> Option<&'s str> {
        match v {
            Some(s) => Some(s.as_ref()),
            None => {
                self.required(ptr);
                None
            }
        }
    }
}

/// The legal day (China Standard Time) of an RFC 3339 instant. Instants already at +08:00 —
/// what the complaint model writes — are read without a general parser.
fn received_day(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() == 25 && s.ends_with("+08:00") {
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = b.get(r)?;
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            Some(part.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
        };
        let seps = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
        if seps.iter().all(|(i, c)| b.get(*i) == Some(c))
            && num(11..13)? < 24
            && num(14..16)? < 60
            && num(17..19)? < 60
        {
            let y = i32::try_from(num(0..4)?).ok()?;
            return NaiveDate::from_ymd_opt(y, num(5..7)?, num(8..10)?);
        }
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&cst()).date_naive())
}

/// Reads one line of complaint JSON into a record.
///
/// ```
/// use weiquan_stats::{parse_line, RecordOptions, OutcomeState};
/// let complaint = weiquan_synth::generate::sample_json();
/// let r = parse_line(&complaint, RecordOptions::default())?;
/// assert!(r.outcome.is_none());
/// let summary = format!(
///     r#"{{"schema_version":1,"complaint":{complaint},"outcome":{{"state":"resolved","recovered":"80.00","handling_days":4}}}}"#);
/// let r = parse_line(&summary, RecordOptions::default())?;
/// assert_eq!(r.outcome.map(|o| o.state), Some(OutcomeState::Resolved));
/// let err = parse_line(&complaint.replace("\"channel\":\"", "\"channel\":\"x"), RecordOptions::default())
///     .unwrap_err();
/// assert_eq!(err.code(), "record.invalid");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_line(line: &str, options: RecordOptions<'_>) -> Result<StatsRecord, Error> {
    // The fast scanner reads plain complaint lines; serde reads the rest and words the errors.
    let doc = match scan::scan(line) {
        Some(doc) => doc,
        None => parse_with_serde(line)?,
    };
    check(doc, options)
}

fn parse_with_serde(line: &str) -> Result<Line<'_>, Error> {
    serde_json::from_str(line).map_err(|e| {
        let msg = e.to_string();
        Error::Invalid(ValidationErrors(vec![FieldError::new(
            "",
            // serde_json calls some type mismatches of valid JSON syntax errors (a number
            // where an enum's string is expected): whether the line parses as a value decides.
            if e.is_data() || serde_json::from_str::<serde::de::IgnoredAny>(line).is_ok() {
                "json.shape"
            } else {
                "json.syntax"
            },
            None,
            msg.clone(),
            format!("JSON错误：{msg}"),
        )]))
    })
}

/// A division code: six ASCII digits are read without the general (allocating) parser.
fn division(s: &str) -> Result<DivisionCode, weiquan_complaint::Error> {
    if s.len() == 6
        && s.bytes().all(|b| b.is_ascii_digit())
        && let Some(d) = s.parse::<u32>().ok().and_then(DivisionCode::new)
    {
        return Ok(d);
    }
    s.parse()
}

fn check(doc: Line<'_>, options: RecordOptions<'_>) -> Result<StatsRecord, Error> {
    let mut errs = Errs {
        prefix: "",
        list: Vec::new(),
    };
    let (c, outcome) = match doc.complaint {
        Some(inner) => {
            if doc.schema_version != Some(COMPLAINT_VERSION) {
                errs.list.push(FieldError::new(
                    "/schema_version",
                    "schema_version.unsupported",
                    doc.schema_version.map(|v| v.to_string()),
                    format!("a case summary needs schema_version {COMPLAINT_VERSION}"),
                    format!("案件摘要的文档版本应为{COMPLAINT_VERSION}"),
                ));
            }
            errs.prefix = "/complaint";
            (*inner, doc.outcome)
        }
        None => {
            let outcome = doc.outcome;
            (doc, outcome)
        }
    };
    let outcome = match outcome {
        Some(o) => match o.check() {
            Ok(()) => Some(o),
            Err(e) => {
                errs.list.push(FieldError::new(
                    "/outcome",
                    "outcome.invalid",
                    None,
                    e.to_string(),
                    "案件结果不一致",
                ));
                None
            }
        },
        None => None,
    };
    if c.schema_version != Some(COMPLAINT_VERSION) {
        errs.list.push(FieldError::new(
            format!("{}/schema_version", errs.prefix),
            "schema_version.unsupported",
            c.schema_version.map(|v| v.to_string()),
            format!("schema_version must be {COMPLAINT_VERSION}"),
            format!("文档版本应为{COMPLAINT_VERSION}"),
        ));
    }
    let received = errs
        .req(c.received_at.as_ref(), "/received_at")
        .and_then(|s| {
            let d = received_day(s);
            if d.is_none() {
                let p = format!("{}/received_at", errs.prefix);
                errs.list.push(FieldError::new(
                    p,
                    "datetime.format",
                    Some(s.to_owned()),
                    "is not an RFC 3339 date and time with offset",
                    "不是带时区的RFC 3339时间",
                ));
            }
            d
        });
    let channel = errs.req(c.channel.as_ref(), "/channel").and_then(|s| {
        s.parse::<Channel>()
            .map_err(|e| errs.value("/channel", &e))
            .ok()
    });
    let nature = errs
        .req(c.problem_nature.as_ref(), "/problem_nature")
        .and_then(|s| {
            s.parse::<ProblemNature>()
                .map_err(|e| errs.value("/problem_nature", &e))
                .ok()
        });
    let category = match &c.purchase {
        None => {
            errs.required("/purchase");
            None
        }
        Some(p) => errs
            .req(p.category.as_ref(), "/purchase/category")
            .and_then(|s| {
                s.parse::<Category>()
                    .map_err(|e| errs.value("/purchase/category", &e))
                    .ok()
            }),
    };
    let mut region = None;
    let mut groups = GroupSet::NONE;
    let mut age = None;
    let mut consumer = None;
    match &c.consumer {
        None => errs.required("/consumer"),
        Some(k) => {
            region = errs
                .req(k.division.as_ref(), "/consumer/division")
                .and_then(|s| {
                    division(s)
                        .map_err(|e| errs.value("/consumer/division", &e))
                        .ok()
                });
            for (i, g) in k.groups.iter().enumerate() {
                match g.parse::<ConsumerGroup>() {
                    Ok(g) => groups.insert(g),
                    Err(e) => errs.value(&format!("/consumer/groups/{i}"), &e),
                }
            }
            if options.keyer.is_some() || options.age {
                let id = match (&k.resident_id, received) {
                    (Some(s), Some(day)) => ResidentId::parse_on(s, day)
                        .map_err(|e| errs.value("/consumer/resident_id", &e))
                        .ok(),
                    _ => None,
                };
                age = match (id, received) {
                    (Some(id), Some(day)) if options.age => Some(age_on(id.birth_date(), day)),
                    _ => None,
                };
                if let Some(keyer) = options.keyer {
                    // The resident ID, else the mobile, else the name and address: a value
                    // that is given but not valid is the record's error, not a fall-back.
                    consumer = match (&k.resident_id, id) {
                        (_, Some(id)) => keyer.consumer_of(Some(&id.to_string()), None, None),
                        (Some(_), None) => None, // already reported
                        (None, None) => match &k.mobile {
                            Some(m) => m
                                .parse::<Mobile>()
                                .map_err(|e| errs.value("/consumer/mobile", &e))
                                .ok()
                                .and_then(|m| keyer.consumer_of(None, Some(&m.to_string()), None)),
                            None => {
                                let named = match (&k.name, &k.address) {
                                    (Some(n), Some(a)) => {
                                        keyer.consumer_of(None, None, Some((n, a)))
                                    }
                                    _ => None,
                                };
                                if named.is_none() {
                                    errs.required("/consumer/mobile");
                                }
                                named
                            }
                        },
                    };
                }
            }
        }
    }
    // With a keyer the complaint id is required and not empty: it is what makes a
    // duplicate recognisable.
    let record_hash = match options.keyer {
        Some(keyer) => match errs.req(c.id.as_ref(), "/id") {
            Some("") => {
                errs.required("/id");
                None
            }
            Some(s) => Some(keyer.record(s)),
            None => None,
        },
        None => None,
    };
    let business = if options.business {
        match &c.business {
            None => {
                errs.required("/business");
                None
            }
            Some(b) => {
                let uscc = b.uscc.as_ref().and_then(|s| {
                    s.parse::<Uscc>()
                        .map_err(|e| errs.value("/business/uscc", &e))
                        .ok()
                });
                errs.req(b.name.as_ref(), "/business/name")
                    .map(|n| BusinessKey::new(uscc, n))
            }
        }
    } else {
        None
    };
    match (received, region, category, nature, channel) {
        (Some(received), Some(region), Some(category), Some(problem_nature), Some(channel))
            if errs.list.is_empty() =>
        {
            Ok(StatsRecord {
                received,
                region,
                category,
                problem_nature,
                channel,
                groups,
                age,
                business,
                consumer,
                record_hash,
                outcome,
            })
        }
        _ => Err(Error::Invalid(ValidationErrors(errs.list))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Keyer;
    use weiquan_complaint::Complaint;
    use weiquan_synth::generate::Generator;

    #[test]
    fn agrees_with_the_full_parser() {
        let keyer = Keyer::with_secret(b"test");
        let opts = RecordOptions {
            business: true,
            keyer: Some(&keyer),
            age: true,
        };
        for c in Generator::new(9).take(300) {
            let json = c.to_json();
            let full = Complaint::from_json(&json).unwrap();
            let a = StatsRecord::from_complaint(&full, None, opts);
            let b = parse_line(&json, opts).unwrap();
            assert_eq!(a, b);
        }
    }

    #[test]
    fn rejects_with_pointers() {
        let json = weiquan_synth::generate::sample_json();
        let bad = json
            .replace("\"problem_nature\":\"", "\"problem_nature\":\"zz")
            .replace("+08:00", "+8");
        let Err(Error::Invalid(e)) = parse_line(&bad, RecordOptions::default()) else {
            panic!("expected errors");
        };
        let ptrs: Vec<_> = e
            .iter()
            .map(|f| (f.pointer.as_str(), f.code.as_str()))
            .collect();
        assert_eq!(
            ptrs,
            vec![
                ("/received_at", "datetime.format"),
                ("/problem_nature", "code.unknown")
            ]
        );
        let Err(Error::Invalid(e)) = parse_line("{\"a\":", RecordOptions::default()) else {
            panic!("expected errors");
        };
        assert_eq!(e.0[0].code, "json.syntax");
        let wrapped = format!(
            "{{\"schema_version\":1,\"complaint\":{},\"outcome\":{{\"state\":\"pending\",\"handling_days\":3}}}}",
            json.replace("\"channel\"", "\"chanel\"")
        );
        let Err(Error::Invalid(e)) = parse_line(&wrapped, RecordOptions::default()) else {
            panic!("expected errors");
        };
        let ptrs: Vec<_> = e
            .iter()
            .map(|f| (f.pointer.as_str(), f.code.as_str()))
            .collect();
        assert_eq!(
            ptrs,
            vec![
                ("/outcome", "outcome.invalid"),
                ("/complaint/channel", "field.required")
            ]
        );
    }

    #[test]
    fn instants_at_other_offsets_take_their_china_date() {
        assert_eq!(
            received_day("2025-07-31T20:00:00Z"),
            NaiveDate::from_ymd_opt(2025, 8, 1)
        );
        assert_eq!(
            received_day("2025-07-31T20:00:00+08:00"),
            NaiveDate::from_ymd_opt(2025, 7, 31)
        );
        assert_eq!(received_day("2025-02-30T20:00:00+08:00"), None);
        assert_eq!(received_day("2025-07-31T24:00:00+08:00"), None);
    }
}
