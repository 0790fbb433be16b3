//! The reader of [`EventKind`], written out rather than derived.
//!
//! serde's derive gives each of the eleven struct variants its own map visitor, sequence
//! visitor and field identifier, each with its own copy of the field types' readers. Here one
//! visitor serves every struct variant: the variant's field list is data, and each field is
//! read by one match on (variant, field), the same for a map's values and a sequence's
//! elements. The WebAssembly module is 8 KB smaller for it. What it accepts and every error it gives — the
//! message, and the position it is reported at — are the derive's: the test at the end runs
//! both on the same inputs (`tests::agrees_with_the_derived_reader`), and the derived reader
//! it compares with is kept there.

use std::fmt;

use chrono::NaiveDate;
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};
use weiquan_complaint::Yuan;

use crate::event::{
    ConsentSubject, EVENT_TAGS, EventKind, EventTag, Mediator, Opening, Party, PauseReason,
    Satisfaction, Settlement,
};
use crate::grounds::{
    NonAcceptanceGround, PartyConduct, TerminationGround, TestingDispute, TransferBasis,
};
use crate::limits::DeadlineKind;

/// The variants' JSON names, in declaration order (the order of [`EVENT_TAGS`]; a test
/// checks each name against its tag).
const VARIANTS: [&str; EVENT_TAGS.len()] = [
    "received",
    "consent_given",
    "identity_documents_requested",
    "identity_documents_received",
    "accepted",
    "not_accepted",
    "transferred",
    "mediation_started",
    "clock_paused",
    "clock_resumed",
    "mediation_extended",
    "agreement_reached",
    "mediation_ended",
    "termination_notified",
    "withdrawn",
    "litigation_supported",
    "closed",
    "satisfaction_recorded",
    "return_visit_made",
    "deadline_elapsed",
];

/// A struct variant: its Rust name (for messages), its fields in declaration order, and
/// those of them with `#[serde(default)]`.
struct Shape {
    name: &'static str,
    fields: &'static [&'static str],
    defaulted: &'static [&'static str],
}

/// What a variant carries. Every tag is listed, so a new variant does not compile until it
/// is read here.
enum Payload {
    /// `received`: the opening, as a newtype variant.
    Opening,
    Unit(EventKind),
    Struct(Shape),
}

fn payload(tag: EventTag) -> Payload {
    let (name, fields, defaulted): (_, &'static [&'static str], &'static [&'static str]) = match tag
    {
        EventTag::Received => return Payload::Opening,
        EventTag::IdentityDocumentsReceived => {
            return Payload::Unit(EventKind::IdentityDocumentsReceived);
        }
        EventTag::Accepted => return Payload::Unit(EventKind::Accepted),
        EventTag::ClockResumed => return Payload::Unit(EventKind::ClockResumed),
        EventTag::MediationExtended => return Payload::Unit(EventKind::MediationExtended),
        EventTag::TerminationNotified => return Payload::Unit(EventKind::TerminationNotified),
        EventTag::Withdrawn => return Payload::Unit(EventKind::Withdrawn),
        EventTag::LitigationSupported => return Payload::Unit(EventKind::LitigationSupported),
        EventTag::Closed => return Payload::Unit(EventKind::Closed),
        EventTag::ConsentGiven => ("ConsentGiven", &["party", "subject"], &[]),
        EventTag::IdentityDocumentsRequested => ("IdentityDocumentsRequested", &["due"], &[]),
        EventTag::NotAccepted => ("NotAccepted", &["ground", "note"], &["note"]),
        EventTag::Transferred => ("Transferred", &["to", "basis"], &[]),
        EventTag::MediationStarted => ("MediationStarted", &["mediator"], &[]),
        EventTag::ClockPaused => ("ClockPaused", &["reason"], &[]),
        EventTag::AgreementReached => {
            ("AgreementReached", &["amount_recovered", "settlement"], &[])
        }
        EventTag::MediationEnded => (
            "MediationEnded",
            &["ground", "by", "testing", "note"],
            &["by", "testing", "note"],
        ),
        EventTag::SatisfactionRecorded => ("SatisfactionRecorded", &["rating"], &[]),
        EventTag::ReturnVisitMade => ("ReturnVisitMade", &["rating"], &["rating"]),
        EventTag::DeadlineElapsed => ("DeadlineElapsed", &["deadline", "due"], &[]),
    };
    Payload::Struct(Shape {
        name,
        fields,
        defaulted,
    })
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EventKind, D::Error> {
        deserializer.deserialize_enum("EventKind", &VARIANTS, KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = EventKind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("enum EventKind")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<EventKind, A::Error> {
        let (VariantId(tag), variant) = data.variant()?;
        match payload(tag) {
            Payload::Opening => variant
                .newtype_variant::<Box<Opening>>()
                .map(EventKind::Received),
            Payload::Unit(kind) => variant.unit_variant().map(|()| kind),
            Payload::Struct(shape) => {
                let fields = shape.fields;
                variant.struct_variant(fields, StructVisitor { tag, shape })
            }
        }
    }
}

/// The variant's name as the enum's identifier.
struct VariantId(EventTag);

impl<'de> Deserialize<'de> for VariantId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<VariantId, D::Error> {
        deserializer
            .deserialize_identifier(IdVisitor {
                names: &VARIANTS,
                unknown: Unknown::Variant,
            })
            .and_then(|i| {
                // `i` is a position in VARIANTS, which has EVENT_TAGS' length.
                let tag = EVENT_TAGS.get(i).copied();
                tag.map(VariantId)
                    .ok_or_else(|| de::Error::custom("no such variant"))
            })
    }
}

/// What an unknown identifier is reported as.
#[derive(Clone, Copy)]
enum Unknown {
    Variant,
    Field,
}

/// Reads an identifier (a name, or its index) as its position in `names`.
struct IdVisitor {
    names: &'static [&'static str],
    unknown: Unknown,
}

impl IdVisitor {
    fn unknown_name<E: de::Error>(&self, name: &str) -> E {
        match self.unknown {
            Unknown::Variant => E::unknown_variant(name, self.names),
            Unknown::Field => E::unknown_field(name, self.names),
        }
    }
}

impl<'de> Visitor<'de> for IdVisitor {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.unknown {
            Unknown::Variant => "variant identifier",
            Unknown::Field => "field identifier",
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        match usize::try_from(v) {
            Ok(i) if i < self.names.len() => Ok(i),
            _ => Err(E::invalid_value(
                Unexpected::Unsigned(v),
                &IndexRange(&self),
            )),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.names
            .iter()
            .position(|n| *n == v)
            .ok_or_else(|| self.unknown_name(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        self.names
            .iter()
            .position(|n| n.as_bytes() == v)
            .ok_or_else(|| self.unknown_name(&String::from_utf8_lossy(v)))
    }
}

/// "variant index 0 <= i < 20", as the derive says it.
struct IndexRange<'a>(&'a IdVisitor);

impl de::Expected for IndexRange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.0.unknown {
            Unknown::Variant => "variant",
            Unknown::Field => "field",
        };
        write!(f, "{what} index 0 <= i < {}", self.0.names.len())
    }
}

/// A field name of one struct variant.
struct FieldId(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldId {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<&'static str, D::Error> {
        let names = self.0;
        deserializer
            .deserialize_identifier(IdVisitor {
                names,
                unknown: Unknown::Field,
            })
            .and_then(|i| {
                let name = names.get(i).copied();
                name.ok_or_else(|| de::Error::custom("no such field"))
            })
    }
}

/// The payload of every struct variant, as read so far.
#[derive(Default)]
struct Fields {
    party: Option<Party>,
    subject: Option<ConsentSubject>,
    due: Option<NaiveDate>,
    non_acceptance: Option<NonAcceptanceGround>,
    termination: Option<TerminationGround>,
    by: Option<Option<PartyConduct>>,
    testing: Option<Option<TestingDispute>>,
    note: Option<Option<String>>,
    to: Option<String>,
    basis: Option<TransferBasis>,
    mediator: Option<Mediator>,
    reason: Option<PauseReason>,
    amount_recovered: Option<Yuan>,
    settlement: Option<Settlement>,
    rating: Option<Satisfaction>,
    optional_rating: Option<Option<Satisfaction>>,
    deadline: Option<DeadlineKind>,
}

/// Reads field `name` of variant `tag` into `fields`. One seed for a map's values and a
/// sequence's elements alike, so each field type's reader is in the module once.
struct FieldSeed<'a> {
    tag: EventTag,
    name: &'static str,
    fields: &'a mut Fields,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let f = self.fields;
        match (self.tag, self.name) {
            (_, "party") => f.party = Some(Deserialize::deserialize(d)?),
            (_, "subject") => f.subject = Some(Deserialize::deserialize(d)?),
            (_, "due") => f.due = Some(Deserialize::deserialize(d)?),
            (EventTag::NotAccepted, "ground") => {
                f.non_acceptance = Some(Deserialize::deserialize(d)?);
            }
            (_, "ground") => f.termination = Some(Deserialize::deserialize(d)?),
            (_, "note") => f.note = Some(Deserialize::deserialize(d)?),
            (_, "by") => f.by = Some(Deserialize::deserialize(d)?),
            (_, "testing") => f.testing = Some(Deserialize::deserialize(d)?),
            (_, "to") => f.to = Some(Deserialize::deserialize(d)?),
            (_, "basis") => f.basis = Some(Deserialize::deserialize(d)?),
            (_, "mediator") => f.mediator = Some(Deserialize::deserialize(d)?),
            (_, "reason") => f.reason = Some(Deserialize::deserialize(d)?),
            (_, "amount_recovered") => f.amount_recovered = Some(Deserialize::deserialize(d)?),
            (_, "settlement") => f.settlement = Some(Deserialize::deserialize(d)?),
            (EventTag::ReturnVisitMade, "rating") => {
                f.optional_rating = Some(Deserialize::deserialize(d)?);
            }
            (_, "rating") => f.rating = Some(Deserialize::deserialize(d)?),
            (_, "deadline") => f.deadline = Some(Deserialize::deserialize(d)?),
            // Names come from the variant's shape, all listed above.
            _ => return Err(de::Error::custom("no such field")),
        }
        Ok(())
    }
}

impl Fields {
    /// The variant, once every field is read (a missing field with a default takes it).
    fn finish<E: de::Error>(self, tag: EventTag) -> Result<EventKind, E> {
        fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
            value.ok_or_else(|| E::missing_field(name))
        }
        Ok(match tag {
            EventTag::ConsentGiven => EventKind::ConsentGiven {
                party: required(self.party, "party")?,
                subject: required(self.subject, "subject")?,
            },
            EventTag::IdentityDocumentsRequested => EventKind::IdentityDocumentsRequested {
                due: required(self.due, "due")?,
            },
            EventTag::NotAccepted => EventKind::NotAccepted {
                ground: required(self.non_acceptance, "ground")?,
                note: self.note.flatten(),
            },
            EventTag::Transferred => EventKind::Transferred {
                to: required(self.to, "to")?,
                basis: required(self.basis, "basis")?,
            },
            EventTag::MediationStarted => EventKind::MediationStarted {
                mediator: required(self.mediator, "mediator")?,
            },
            EventTag::ClockPaused => EventKind::ClockPaused {
                reason: required(self.reason, "reason")?,
            },
            EventTag::AgreementReached => EventKind::AgreementReached {
                amount_recovered: required(self.amount_recovered, "amount_recovered")?,
                settlement: required(self.settlement, "settlement")?,
            },
            EventTag::MediationEnded => EventKind::MediationEnded {
                ground: required(self.termination, "ground")?,
                by: self.by.flatten(),
                testing: self.testing.flatten(),
                note: self.note.flatten(),
            },
            EventTag::SatisfactionRecorded => EventKind::SatisfactionRecorded {
                rating: required(self.rating, "rating")?,
            },
            EventTag::ReturnVisitMade => EventKind::ReturnVisitMade {
                rating: self.optional_rating.flatten(),
            },
            EventTag::DeadlineElapsed => EventKind::DeadlineElapsed {
                deadline: required(self.deadline, "deadline")?,
                due: required(self.due, "due")?,
            },
            // Only struct variants are read through `Fields`.
            _ => return Err(E::custom("not a struct variant")),
        })
    }
}

/// Reads the payload of one struct variant, from a map or (as the derive also accepts) a
/// sequence of the fields in order.
struct StructVisitor {
    tag: EventTag,
    shape: Shape,
}

impl<'de> Visitor<'de> for StructVisitor {
    type Value = EventKind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct variant EventKind::{}", self.shape.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EventKind, A::Error> {
        let mut fields = Fields::default();
        // Which of the (at most two) fields have been read, by position.
        let mut seen = 0u8;
        while let Some(name) = map.next_key_seed(FieldId(self.shape.fields))? {
            let bit = 1
                << self
                    .shape
                    .fields
                    .iter()
                    .position(|f| *f == name)
                    .unwrap_or(0);
            if seen & bit != 0 {
                return Err(de::Error::duplicate_field(name));
            }
            seen |= bit;
            map.next_value_seed(FieldSeed {
                tag: self.tag,
                name,
                fields: &mut fields,
            })?;
        }
        fields.finish(self.tag)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<EventKind, A::Error> {
        let mut fields = Fields::default();
        for (index, &name) in self.shape.fields.iter().enumerate() {
            let seed = FieldSeed {
                tag: self.tag,
                name,
                fields: &mut fields,
            };
            if seq.next_element_seed(seed)?.is_none() && !self.shape.defaulted.contains(&name) {
                return Err(de::Error::invalid_length(index, &SeqLength(&self)));
            }
        }
        fields.finish(self.tag)
    }
}

/// "struct variant EventKind::X with 2 elements", as the derive says it.
struct SeqLength<'a>(&'a StructVisitor);

impl de::Expected for SeqLength<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.shape.fields.len();
        let plural = if n == 1 { "" } else { "s" };
        write!(
            f,
            "struct variant EventKind::{} with {n} element{plural}",
            self.0.shape.name
        )
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde::{Deserialize, Serialize};
    use serde_json::{Value, json};
    use weiquan_support::json_pointer;

    use super::*;

    /// `EventKind` as the derive reads it: the reference the hand-written reader must match
    /// (named as it is, since the derive's messages name the type).
    mod derived {
        use super::*;

        #[derive(Debug, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case", deny_unknown_fields)]
        pub enum EventKind {
            Received(Box<Opening>),
            ConsentGiven {
                party: Party,
                subject: ConsentSubject,
            },
            IdentityDocumentsRequested {
                due: NaiveDate,
            },
            IdentityDocumentsReceived,
            Accepted,
            NotAccepted {
                ground: NonAcceptanceGround,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                note: Option<String>,
            },
            Transferred {
                to: String,
                basis: TransferBasis,
            },
            MediationStarted {
                mediator: Mediator,
            },
            ClockPaused {
                reason: PauseReason,
            },
            ClockResumed,
            MediationExtended,
            AgreementReached {
                amount_recovered: Yuan,
                settlement: Settlement,
            },
            MediationEnded {
                ground: TerminationGround,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                by: Option<PartyConduct>,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                testing: Option<TestingDispute>,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                note: Option<String>,
            },
            TerminationNotified,
            Withdrawn,
            LitigationSupported,
            Closed,
            SatisfactionRecorded {
                rating: Satisfaction,
            },
            ReturnVisitMade {
                #[serde(default, skip_serializing_if = "Option::is_none")]
                rating: Option<Satisfaction>,
            },
            DeadlineElapsed {
                deadline: DeadlineKind,
                due: NaiveDate,
            },
        }
    }
    use derived::EventKind as Derived;

    /// One valid event of every variant, in declaration order.
    fn valid() -> Vec<Value> {
        vec![
            json!({"received": {"complaint_id": "C-2", "procedure": "samr_order_20",
                "policy": {"civil_code_art_203": true, "testing_stops_clock": true,
                           "recusal_stops_clock": true, "limits": {}}}}),
            json!({"consent_given": {"party": "business", "subject": "mediation"}}),
            json!({"identity_documents_requested": {"due": "2024-05-20"}}),
            json!("identity_documents_received"),
            json!("accepted"),
            json!({"not_accepted": {"ground": "out_of_scope", "note": "n"}}),
            json!({"transferred": {"to": "石家庄市长安区市场监督管理局",
                                   "basis": "dispatched_to_competent"}}),
            json!({"mediation_started": {"mediator": {"delegated": {"body": "消协"}}}}),
            json!({"clock_paused": {"reason": "testing"}}),
            json!("clock_resumed"),
            json!("mediation_extended"),
            json!({"agreement_reached": {"amount_recovered": "120.50",
                                         "settlement": "mediation"}}),
            json!({"mediation_ended": {"ground": "absent_or_refused"}}),
            json!("termination_notified"),
            json!("withdrawn"),
            json!("litigation_supported"),
            json!("closed"),
            json!({"satisfaction_recorded": {"rating": "satisfied"}}),
            json!({"return_visit_made": {}}),
            json!({"deadline_elapsed": {"deadline": "transfer", "due": "2024-05-20"}}),
        ]
    }

    /// Both readers' results, comparable: the value written back, or the error's text (and,
    /// through `json_pointer`, its position).
    fn both(value: &Value) -> [(String, String); 3] {
        fn show<T: Serialize, E: fmt::Debug>(r: Result<T, E>) -> String {
            match r {
                Ok(v) => serde_json::to_string(&v).unwrap_or_default(),
                Err(e) => format!("error: {e:?}"),
            }
        }
        let text = value.to_string();
        [
            (
                show(serde_json::from_value::<EventKind>(value.clone())),
                show(serde_json::from_value::<Derived>(value.clone())),
            ),
            (
                show(serde_json::from_str::<EventKind>(&text)),
                show(serde_json::from_str::<Derived>(&text)),
            ),
            (
                show(json_pointer::from_value::<EventKind>(value)),
                show(json_pointer::from_value::<Derived>(value)),
            ),
        ]
    }

    #[test]
    fn reads_every_variant_as_the_derive_does() {
        let events = valid();
        assert_eq!(events.len(), VARIANTS.len());
        for (value, tag) in events.iter().zip(EVENT_TAGS) {
            let kind: EventKind = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(kind.tag(), tag);
            assert_eq!(&serde_json::to_value(&kind).unwrap(), value);
            for (ours, derived) in both(value) {
                assert_eq!(ours, derived);
            }
        }
        // Every name in the table is the variant's own.
        for (name, tag) in VARIANTS.iter().zip(EVENT_TAGS) {
            assert_eq!(*name, tag.as_str());
        }
    }

    /// A repeated field (only text can repeat a key; a JSON value keeps the last).
    #[test]
    fn a_repeated_field_is_an_error_as_with_the_derive() {
        let text =
            r#"{"consent_given":{"party":"business","party":"consumer","subject":"mediation"}}"#;
        let ours = serde_json::from_str::<EventKind>(text)
            .unwrap_err()
            .to_string();
        let derived = serde_json::from_str::<Derived>(text)
            .unwrap_err()
            .to_string();
        assert_eq!(ours, derived);
        assert!(ours.starts_with("duplicate field `party`"), "{ours}");
    }

    #[test]
    fn errors_read_as_the_derives() {
        let cases = [
            json!("bogus"),
            json!({"bogus": {}}),
            json!("consent_given"),
            json!({"accepted": {"x": 1}}),
            json!({"consent_given": {"party": "business"}}),
            json!({"consent_given": {"party": "business", "subject": "x"}}),
            json!({"consent_given": {"party": "business", "subject": "mediation", "x": 1}}),
            json!({"consent_given": ["business"]}),
            json!({"consent_given": ["business", "mediation", "extra"]}),
            json!({"identity_documents_requested": []}),
            json!({"not_accepted": {"note": "n"}}),
            json!({"deadline_elapsed": {"due": "2024-02-30", "deadline": "transfer"}}),
            json!({"deadline_elapsed": {"due": "2024-05-20"}}),
            json!({"agreement_reached": {"amount_recovered": -1, "settlement": "mediation"}}),
            json!({"clock_paused": "testing"}),
            json!({"a": 1, "b": 2}),
            json!(7),
            json!([]),
        ];
        for value in &cases {
            for (ours, derived) in both(value) {
                assert_eq!(ours, derived, "{value}");
                assert!(ours.starts_with("error: "), "{value} was read: {ours}");
            }
        }
        // Read, as by the derive, by at least one of the three paths (serde_json's value
        // reader takes no sequence for a struct variant): a unit variant with a null payload,
        // the fields as a sequence, a defaulted field left out or null.
        let read = [
            json!({"accepted": null}),
            json!({"consent_given": ["business", "mediation"]}),
            json!({"not_accepted": ["out_of_scope"]}),
            json!({"return_visit_made": []}),
            json!({"return_visit_made": {"rating": null}}),
        ];
        for value in &read {
            let results = both(value);
            for (ours, derived) in &results {
                assert_eq!(ours, derived, "{value}");
            }
            assert!(results.iter().any(|(ours, _)| !ours.starts_with("error")));
        }
    }

    /// Any JSON value, small.
    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            prop::sample::select(vec![
                "",
                "x",
                "2024-05-20",
                "business",
                "mediation",
                "testing",
                "transfer",
                "satisfied",
                "12.00",
                "out_of_scope",
                "own",
                "note",
                "due",
                "rating",
            ])
            .prop_map(Value::from),
        ];
        leaf.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop::sample::select(vec!["party", "due", "note", "rating", "x", "own"])
                        .prop_map(str::to_owned),
                    inner,
                    0..3
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// A change to a valid event.
    #[derive(Debug, Clone)]
    enum Change {
        None,
        Rename(&'static str),
        /// The payload as the array of its values, the first `n` of them.
        ToArray(usize),
        Remove(usize),
        Insert(&'static str, Value),
        Replace(usize, Value),
        Whole(Value),
        WrapUnit(Value),
    }

    fn arb_change() -> impl Strategy<Value = Change> {
        let names = prop::sample::select(
            VARIANTS
                .iter()
                .copied()
                .chain(["bogus", "", "Accepted"])
                .collect::<Vec<_>>(),
        );
        let fields = prop::sample::select(vec![
            "party",
            "subject",
            "due",
            "ground",
            "note",
            "to",
            "basis",
            "mediator",
            "reason",
            "amount_recovered",
            "settlement",
            "rating",
            "deadline",
            "x",
        ]);
        prop_oneof![
            Just(Change::None),
            names.clone().prop_map(Change::Rename),
            (0usize..4).prop_map(Change::ToArray),
            (0usize..3).prop_map(Change::Remove),
            (fields, arb_json()).prop_map(|(f, v)| Change::Insert(f, v)),
            (0usize..3, arb_json()).prop_map(|(i, v)| Change::Replace(i, v)),
            arb_json().prop_map(Change::Whole),
            arb_json().prop_map(Change::WrapUnit),
        ]
    }

    fn apply(mut value: Value, change: &Change) -> Value {
        let payload = |value: &mut Value| -> Option<(String, Value)> {
            let map = value.as_object_mut()?;
            let (k, v) = map.iter().next()?;
            Some((k.clone(), v.clone()))
        };
        match change {
            Change::None => value,
            Change::Rename(name) => match payload(&mut value) {
                Some((_, v)) => json!({ *name: v }),
                None => Value::from(*name),
            },
            Change::ToArray(n) => match payload(&mut value) {
                Some((k, Value::Object(m))) => {
                    json!({ k: m.values().take(*n).cloned().collect::<Vec<_>>() })
                }
                _ => value,
            },
            Change::Remove(i) => match payload(&mut value) {
                Some((k, Value::Object(mut m))) => {
                    if let Some(key) = m.keys().nth(*i).cloned() {
                        m.remove(&key);
                    }
                    json!({ k: m })
                }
                _ => value,
            },
            Change::Insert(f, v) => match payload(&mut value) {
                Some((k, Value::Object(mut m))) => {
                    m.insert((*f).to_owned(), v.clone());
                    json!({ k: m })
                }
                _ => value,
            },
            Change::Replace(i, v) => match payload(&mut value) {
                Some((k, Value::Object(mut m))) => {
                    if let Some(slot) = m.values_mut().nth(*i) {
                        *slot = v.clone();
                    }
                    json!({ k: m })
                }
                Some((k, _)) => json!({ k: v }),
                None => value,
            },
            Change::Whole(v) => v.clone(),
            Change::WrapUnit(v) => match value.as_str() {
                Some(name) => json!({ name: v }),
                None => value,
            },
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever the change to a valid event, both readers give the same value or the same
        /// error at the same position, from a JSON value, from text and through `json_pointer`.
        #[test]
        fn agrees_with_the_derived_reader(
            index in 0usize..20,
            first in arb_change(),
            second in arb_change(),
        ) {
            let value = apply(apply(valid()[index].clone(), &first), &second);
            for (ours, derived) in both(&value) {
                prop_assert_eq!(ours, derived, "{}", value);
            }
        }
    }
}
