//! Complaints for tests: a fixed base complaint and setters for what routing looks at.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use chrono::{DateTime, FixedOffset};
use weiquan_complaint::{Complaint, DivisionCode, Online, OnlineRole};
use weiquan_routing::{Citation, RoutingDecision, Warning};

/// An offline shop in 栾城区 selling household appliances, received over the 12315 hotline
/// on 2025-12-24.
pub const BASE: &str = r#"{"schema_version":1,"id":"T1","received_at":"2025-12-24T13:22:54+08:00","channel":"hotline_12315","consumer":{"name":"马刚","mobile":"17727376250","division":"130181","address":"石家庄市辛集市中山西路54号"},"business":{"name":"石家庄市栾城区盛世电器城","division":"130111","address":"石家庄市栾城区北二环211号"},"purchase":{"item":"电视机","category":"household_appliances","amount_paid":"1299.00","quantity":1,"purchase_date":"2025-11-12","distance_sale":false},"problem_nature":"quality","description":"电视机屏幕故障，要求退货。","claims":[{"kind":"refund","amount":"1299.00"}]}"#;

pub fn base() -> Complaint {
    Complaint::from_json(BASE).unwrap()
}

pub fn code(s: &str) -> DivisionCode {
    s.parse().unwrap()
}

pub fn received(c: &mut Complaint, rfc3339: &str) {
    c.received_at = DateTime::<FixedOffset>::parse_from_rfc3339(rfc3339).unwrap();
}

pub fn business(c: &mut Complaint, division: Option<&str>, address: Option<&str>) {
    c.business.division = division.map(code);
    c.business.address = address.map(str::to_owned);
}

pub fn category(c: &mut Complaint, cat: &str) {
    c.purchase.category = cat.parse().unwrap();
}

pub fn channel(c: &mut Complaint, ch: &str) {
    c.channel = ch.parse().unwrap();
}

pub fn online(
    c: &mut Complaint,
    role: OnlineRole,
    platform: Option<&str>,
    published: bool,
    reachable: bool,
) {
    c.business.online = Some(Online {
        role,
        platform: Some("淘宝".to_owned()),
        platform_operator_uscc: None,
        platform_operator_division: platform.map(code),
        address_published: published,
        reachable_at_address: reachable,
    });
}

/// (rank, body id, rule id) of every candidate.
pub fn candidates(d: &RoutingDecision<'_>) -> Vec<(usize, String, String)> {
    d.candidates()
        .map(|c| (c.rank, c.body.id().into_owned(), c.rule.id().to_owned()))
        .collect()
}

/// The warnings' codes.
pub fn warning_codes(d: &RoutingDecision<'_>) -> Vec<&'static str> {
    d.warnings().iter().map(Warning::code).collect()
}

/// A citation in short: `samr_order_20 12(2)` is Art. 12 para. 2, `crpl 39[3]` Art. 39
/// item 3.
pub fn cite(c: &Citation<'_>) -> String {
    let mut s = c.instrument.id.to_string();
    if let Some(a) = c.article {
        s.push_str(&format!(" {a}"));
    }
    if let Some(p) = c.paragraph {
        s.push_str(&format!("({p})"));
    }
    if let Some(i) = c.item {
        s.push_str(&format!("[{i}]"));
    }
    s
}

/// The basis in force, in short.
pub fn basis(d: &RoutingDecision<'_>) -> Vec<String> {
    d.basis().map(|c| cite(&c)).collect()
}
