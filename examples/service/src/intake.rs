//! The service's endpoints: HTTP on one side, weiquan on the other. Every decision about a
//! complaint — what is valid, which body handles it, which procedure and deadlines apply —
//! is the libraries'; this module only translates requests, results and errors.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use weiquan_caseflow::{Case, CaseSummary, Deadline, Procedure, StateKind};
use weiquan_complaint::{Complaint, FieldError, today_cst};
use weiquan_law::Citation;
use weiquan_routing::{DecisionReport, Router};
use weiquan_support::Diagnostic;

use crate::http::{Request, Response, percent_encode};

/// The version of the documents `POST /complaints` and `GET /complaints/{id}` return.
pub const INTAKE_SCHEMA_VERSION: u32 = 1;

/// A case on file with the routing decision it was opened on.
struct Stored {
    case: Case,
    routing: DecisionReport,
}

/// The intake service: the router (the embedded Shijiazhuang ruleset, parsed once) and the
/// cases opened so far, in memory.
pub struct Intake {
    router: Router,
    cases: Mutex<HashMap<String, Stored>>,
    max_cases: usize,
}

/// The case as the intake desk sees it right after opening, or on a later look-up.
#[derive(Debug, Serialize)]
struct CaseView {
    state: StateKind,
    state_zh: &'static str,
    procedure: Procedure,
    procedure_zh: &'static str,
    procedure_basis: Citation<'static>,
    procedure_basis_en: String,
    procedure_basis_zh: String,
    received_at: DateTime<FixedOffset>,
    events: u64,
}

/// The document both endpoints return (`complaint` only on creation).
#[derive(Debug, Serialize)]
struct IntakeDoc<'a> {
    schema_version: u32,
    complaint_id: &'a str,
    as_of: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    complaint: Option<&'a Complaint>,
    routing: &'a DecisionReport,
    case: CaseView,
    deadlines: Vec<Deadline>,
    summary: CaseSummary,
}

#[derive(Debug, Serialize)]
struct Health<'a> {
    status: &'static str,
    ruleset: &'a str,
    cases: usize,
}

fn internal(code: &str, en: String, zh: String) -> Response {
    Response::error(500, FieldError::new("", code, None, en, zh))
}

/// A caseflow error, as the field it is about (or a 500 when it is not about the input).
fn case_error(e: &weiquan_caseflow::Error) -> Response {
    let pointer = match e {
        // The `as_of` the client asked for is before the complaint was received: the
        // request's error, not the complaint's.
        weiquan_caseflow::Error::AsOfBeforeReceipt { as_of, .. } => {
            return Response::error(
                400,
                FieldError::new(
                    "",
                    e.code(),
                    Some(as_of.to_string()),
                    e.to_string(),
                    e.message_zh(),
                ),
            );
        }
        weiquan_caseflow::Error::InvalidComplaintId { .. } => "/id",
        weiquan_caseflow::Error::NoProcedure { .. }
        | weiquan_caseflow::Error::ProcedureNotInForce { .. } => "/received_at",
        weiquan_caseflow::Error::Calendar { .. } => "",
        _ => return internal(e.code(), e.to_string(), e.message_zh()),
    };
    Response::error(
        422,
        FieldError::new(pointer, e.code(), None, e.to_string(), e.message_zh()),
    )
}

impl Intake {
    /// The service with the embedded Shijiazhuang ruleset, holding at most `max_cases`.
    pub fn new(max_cases: usize) -> Result<Intake, weiquan_routing::Error> {
        Ok(Intake {
            router: Router::shijiazhuang()?,
            cases: Mutex::new(HashMap::new()),
            max_cases,
        })
    }

    /// The router, for the start-up message.
    pub fn router(&self) -> &Router {
        &self.router
    }

    fn cases(&self) -> MutexGuard<'_, HashMap<String, Stored>> {
        // A panic while holding the lock cannot leave the map half-updated (insert is the
        // only write), so a poisoned lock is still safe to use.
        self.cases.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Answers one request.
    pub fn handle(&self, req: &Request) -> Response {
        let segments: Vec<&str> = req.path.iter().map(String::as_str).collect();
        match (segments.as_slice(), req.method.as_str()) {
            (["health"], "GET") => Response::json(
                200,
                &Health {
                    status: "ok",
                    ruleset: self.router.id(),
                    cases: self.cases().len(),
                },
            ),
            (["complaints"], "POST") => self.create(req),
            (["complaints", id], "GET") if !id.is_empty() => self.show(req, id),
            (["health"], _) => method_not_allowed(req, "GET"),
            (["complaints", id], _) if !id.is_empty() => method_not_allowed(req, "GET"),
            (["complaints"], _) => method_not_allowed(req, "POST"),
            _ => Response::error(
                404,
                FieldError::new(
                    "",
                    "http.not_found",
                    Some(req.raw_path.clone()),
                    format!("no resource at {}", req.raw_path),
                    format!("地址{}不存在", req.raw_path),
                ),
            ),
        }
    }

    /// The date deadlines are reported for: `?as_of=YYYY-MM-DD`, or today in China.
    fn as_of(req: &Request) -> Result<NaiveDate, Response> {
        match req.query_param("as_of") {
            None => Ok(today_cst()),
            Some(s) => s.parse().map_err(|_| {
                Response::error(
                    400,
                    FieldError::new(
                        "",
                        "query.as_of",
                        Some(s.to_owned()),
                        format!("as_of {s:?} is not a date such as 2024-05-20"),
                        format!("as_of“{s}”不是形如2024-05-20的日期"),
                    ),
                )
            }),
        }
    }

    fn create(&self, req: &Request) -> Response {
        if let Some(ct) = &req.content_type {
            let media = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if media != "application/json" && !media.ends_with("+json") {
                return Response::error(
                    415,
                    FieldError::new(
                        "",
                        "http.content_type",
                        Some(ct.clone()),
                        format!("Content-Type {ct:?} is not JSON; send application/json"),
                        format!("Content-Type“{ct}”不是JSON，请使用application/json"),
                    ),
                );
            }
        }
        let as_of = match Intake::as_of(req) {
            Ok(d) => d,
            Err(r) => return r,
        };
        let Ok(text) = std::str::from_utf8(&req.body) else {
            return Response::error(
                400,
                FieldError::new(
                    "",
                    "http.body_encoding",
                    None,
                    "the body is not UTF-8 text".to_owned(),
                    "请求体不是UTF-8文本".to_owned(),
                ),
            );
        };
        // A complaint received after today (China Standard Time) is refused with every other
        // problem of the document (`received_at.future`, 422): a wrong clock or a typo, and
        // every deadline counted from it would be wrong.
        let complaint = match Complaint::from_json_on(text, today_cst()) {
            Ok(c) => c,
            Err(e @ weiquan_complaint::Error::Json { .. }) => {
                return Response::errors(400, &e.problems());
            }
            Err(e) => return Response::errors(422, &e.problems()),
        };
        let decision = match self.router.route(&complaint) {
            Ok(d) => d,
            Err(e) => return Response::errors(422, &e.problems()),
        };
        let routing = decision.report(&complaint.id);
        // The procedure of the kind of body it was routed to (the routing crate's answer).
        let selection = decision.body().kind().procedure_selection();
        let case = match Case::open_complaint(&complaint, selection) {
            Ok(c) => c,
            Err(e) => return case_error(&e),
        };
        let response = match document(&case, &routing, Some(&complaint), as_of) {
            Ok(doc) => Response::json(201, &doc),
            Err(r) => return r,
        };
        let mut cases = self.cases();
        if cases.contains_key(&complaint.id) {
            return Response::error(
                409,
                FieldError::new(
                    "/id",
                    "complaint.duplicate_id",
                    Some(complaint.id.clone()),
                    format!("a case for complaint {:?} is already open", complaint.id),
                    format!("投诉“{}”已立案", complaint.id),
                ),
            );
        }
        if cases.len() >= self.max_cases {
            return Response::error(
                507,
                FieldError::new(
                    "",
                    "service.store_full",
                    None,
                    format!("the store holds its maximum of {} cases", self.max_cases),
                    format!("案件存储已满（上限{}件）", self.max_cases),
                ),
            );
        }
        cases.insert(complaint.id.clone(), Stored { case, routing });
        response.with_header(
            "Location",
            format!("/complaints/{}", percent_encode(&complaint.id)),
        )
    }

    fn show(&self, req: &Request, id: &str) -> Response {
        let as_of = match Intake::as_of(req) {
            Ok(d) => d,
            Err(r) => return r,
        };
        let cases = self.cases();
        let Some(stored) = cases.get(id) else {
            return Response::error(
                404,
                FieldError::new(
                    "",
                    "complaint.not_found",
                    Some(id.to_owned()),
                    format!("no case for complaint {id:?}"),
                    format!("未找到投诉“{id}”的案件"),
                ),
            );
        };
        match document(&stored.case, &stored.routing, None, as_of) {
            Ok(doc) => Response::json(200, &doc),
            Err(r) => r,
        }
    }
}

fn method_not_allowed(req: &Request, allow: &'static str) -> Response {
    Response::error(
        405,
        FieldError::new(
            "",
            "http.method_not_allowed",
            Some(req.method.clone()),
            format!(
                "{} is not allowed on {}; use {allow}",
                req.method, req.raw_path
            ),
            format!("{}不支持{}方法，请使用{allow}", req.raw_path, req.method),
        ),
    )
    .with_header("Allow", allow.to_owned())
}

/// The case, its deadlines and its summary as of `as_of`.
fn document<'a>(
    case: &'a Case,
    routing: &'a DecisionReport,
    complaint: Option<&'a Complaint>,
    as_of: NaiveDate,
) -> Result<IntakeDoc<'a>, Response> {
    let report = case.report(as_of).map_err(|e| case_error(&e))?;
    let basis = report.procedure_basis;
    Ok(IntakeDoc {
        schema_version: INTAKE_SCHEMA_VERSION,
        complaint_id: case.complaint_id(),
        as_of,
        complaint,
        routing,
        case: CaseView {
            state: report.state,
            state_zh: report.state_zh,
            procedure: report.procedure,
            procedure_zh: report.procedure_zh,
            procedure_basis: basis,
            procedure_basis_en: basis.annotated_en(),
            procedure_basis_zh: basis.annotated_zh(),
            received_at: case.received_at(),
            events: case.len(),
        },
        deadlines: report.deadlines,
        summary: report.summary,
    })
}
