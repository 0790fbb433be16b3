//! Routing preview (`weiquan-routing` with the embedded Shijiazhuang ruleset): which body
//! will handle a complaint, by which rule and legal basis.

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use weiquan_routing::{CitationReport, DecisionReport, RouteOptions, Router};

use crate::Error;
use crate::complaint::{self, ComplaintDraft};

/// Routing options.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteOptionsInput {
    /// The id of the body that received the complaint (e.g. `samr.130102`): among several
    /// bodies with authority, the one that received it first handles it.
    #[serde(default)]
    pub received_by: Option<String>,
}

fn router() -> Result<&'static Router, Error> {
    static ROUTER: OnceLock<Result<Router, weiquan_routing::Error>> = OnceLock::new();
    ROUTER
        .get_or_init(Router::shijiazhuang)
        .as_ref()
        .map_err(|e| Error::camel(e.clone()))
}

/// The decision: the body, the rule and its legal basis, warnings, every candidate and the
/// trail of rules tried (`weiquan route`'s report, with camelCase keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutingPreview(DecisionReport);

/// `routeComplaint`: the body that handles the complaint under the embedded ruleset.
pub fn route(
    draft: ComplaintDraft,
    options: Option<RouteOptionsInput>,
) -> Result<RoutingPreview, Error> {
    let complaint = complaint::parse(draft)?;
    let options = options.unwrap_or_default();
    let decision = router()?
        .route_with(
            &complaint,
            &RouteOptions {
                received_by: options.received_by.as_deref(),
            },
        )
        .map_err(Error::camel)?;
    Ok(RoutingPreview(decision.report(&complaint.id)))
}

/// One administrative division of a list for a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DivisionItem {
    /// The six-digit code (GB/T 2260).
    pub code: String,
    /// The name, e.g. `正定县`.
    pub name: String,
    /// `province`, `prefecture`, `district`, `county`, `county_city`, `county_level` or
    /// `dev_zone`.
    pub kind: String,
    /// Whether the division is a county, a county-level city or another non-district
    /// county-level unit: where rural consumers live, one of the plan's focus groups.
    pub rural: bool,
}

/// `divisions`: the divisions in use today under `parent` (a province or a prefecture, six
/// digits), by code; the provinces when `parent` is absent. From the registry the router
/// uses, so a form offers every county the router knows, rural ones included.
pub fn divisions(parent: Option<String>) -> Result<Vec<DivisionItem>, Error> {
    use weiquan_complaint::DivisionCode;
    use weiquan_routing::DivisionKind;
    let registry = router()?.registry();
    let item = |d: &weiquan_routing::Division| DivisionItem {
        code: d.code.to_string(),
        name: d.name.clone(),
        kind: d.kind.code().to_owned(),
        rural: matches!(
            d.kind,
            DivisionKind::County | DivisionKind::CountyCity | DivisionKind::CountyLevel
        ),
    };
    let list = match parent {
        None => registry
            .iter()
            .filter(|d| d.kind == DivisionKind::Province && !d.is_abolished())
            .map(item)
            .collect(),
        Some(p) => {
            let code: DivisionCode = p.parse().map_err(|e| Error::at("/parent", e))?;
            registry
                .children(code)
                .filter(|d| !d.is_abolished())
                .map(item)
                .collect()
        }
    };
    Ok(list)
}

impl JsonSchema for RoutingPreview {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RoutingDecision".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        DecisionSchema::json_schema(generator)
    }
}

// The JSON Schemas of weiquan-routing's report types (which have none, but for the citation:
// weiquan-law's form, whose schema routing derives), for the TypeScript declarations; the
// vector tests check every result against them.

/// Which body handles a complaint, and why.
#[derive(JsonSchema)]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct DecisionSchema {
    /// The report's version (2: citations in weiquan-law's form).
    schema_version: u32,
    /// The complaint's id.
    complaint_id: String,
    /// The body that handles it.
    body: BodySchema,
    /// The id of the rule that named the body.
    rule: String,
    /// That rule's legal basis in force on the received date.
    basis: Vec<CitationReport>,
    /// What the handler should know.
    warnings: Vec<WarningSchema>,
    /// Every rule tried and what came of it.
    trail: Vec<TrailSchema>,
    /// Every body with authority, ranked (the first is `body`).
    candidates: Vec<CandidateSchema>,
    /// How the candidates were ranked, and why.
    ranking: RankingSchema,
    /// The received date (China Standard Time) the rules were applied for.
    received_date: chrono::NaiveDate,
    /// The ruleset's id.
    ruleset: String,
}

/// A body that handles complaints.
#[derive(JsonSchema)]
#[schemars(rename = "Body")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct BodySchema {
    /// Its id, e.g. `samr.130102`.
    id: String,
    /// Its name in Chinese.
    name: String,
    /// Its name in English.
    name_en: String,
    /// What it is, e.g. `market_regulation`, `consumer_association`.
    kind: String,
    /// The division it serves (`null` for a national body).
    division: Option<String>,
    /// The division's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    division_name: Option<String>,
    /// Generated from the division, not listed in the ruleset.
    generated: bool,
    /// Outside the ruleset's city: an external referral.
    external: bool,
    /// How to reach it (absent when none is listed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    channels: Vec<Value>,
}

/// Something the handler should know.
#[derive(JsonSchema)]
#[schemars(rename = "RoutingWarning")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct WarningSchema {
    /// Its code, e.g. `abolished_code`.
    code: String,
    /// In English.
    message_en: String,
    /// In Chinese.
    message_zh: String,
}

/// One rule tried.
#[derive(JsonSchema)]
#[schemars(rename = "TrailStep")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct TrailSchema {
    /// The rule's id.
    rule: String,
    /// `matched`, `via_fallback`, `unresolved` or `not_matched`.
    outcome: String,
    /// The failed condition's code, when it did not match.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason_code: Option<String>,
    /// What happened, in English.
    reason: String,
}

/// A body with authority.
#[derive(JsonSchema)]
#[schemars(rename = "Candidate")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct CandidateSchema {
    /// 1 for the body that handles the complaint.
    rank: u32,
    /// The body.
    body: BodySchema,
    /// The rule that named it.
    rule: String,
    /// That rule's basis in force.
    basis: Vec<CitationReport>,
}

/// How candidates were ranked.
#[derive(JsonSchema)]
#[schemars(rename = "Ranking")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct RankingSchema {
    /// `rule_order` or `received_first`.
    method: String,
    /// The tie rule's basis in force.
    basis: Vec<CitationReport>,
}
