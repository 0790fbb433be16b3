//! Starts the service binary on a free loopback port and talks HTTP/1.1 to it over plain
//! sockets: the intake of valid, invalid and malformed complaints, the look-up, and the
//! protocol's refusals. Every socket operation has a timeout, and the server is killed when
//! a test ends, passed or failed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use weiquan_caseflow::{Case, ProcedureSelection};
use weiquan_complaint::Complaint;
use weiquan_routing::Router;
use weiquan_support::Diagnostic;
use weiquan_synth::generate::Generator;

const TIMEOUT: Duration = Duration::from_secs(20);

/// The running binary; killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_weiquan-example-service"))
            .args(["--listen", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the service");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(TIMEOUT) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                panic!("the service did not print its address in time");
            }
        };
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .parse::<SocketAddr>()
            .unwrap();
        assert!(addr.ip().is_loopback());
        assert_ne!(addr.port(), 0);
        Server { child, addr }
    }

    /// Sends raw bytes, reads the whole response (the server closes the connection).
    fn raw(&self, request: &[u8]) -> Reply {
        let mut s = TcpStream::connect_timeout(&self.addr, TIMEOUT).unwrap();
        s.set_read_timeout(Some(TIMEOUT)).unwrap();
        s.set_write_timeout(Some(TIMEOUT)).unwrap();
        s.write_all(request).unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).unwrap();
        Reply::parse(&buf)
    }

    fn post(&self, path: &str, body: &[u8]) -> Reply {
        let mut req = format!(
            "POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        self.raw(&req)
    }

    fn get(&self, path: &str) -> Reply {
        self.raw(format!("GET {path} HTTP/1.1\r\nHost: test\r\n\r\n").as_bytes())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    json: Value,
}

impl Reply {
    fn parse(buf: &[u8]) -> Reply {
        let text = String::from_utf8(buf.to_vec()).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .map(|l| {
                let (k, v) = l.split_once(": ").unwrap();
                (k.to_ascii_lowercase(), v.to_owned())
            })
            .collect();
        let reply = Reply {
            status,
            json: serde_json::from_str(body).unwrap(),
            headers,
        };
        assert_eq!(
            reply.header("content-length"),
            Some(body.len().to_string().as_str())
        );
        assert_eq!(
            reply.header("content-type"),
            Some("application/json; charset=utf-8")
        );
        assert_eq!(reply.header("connection"), Some("close"));
        reply
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The codes of an error body, after checking its shape.
    fn error_codes(&self) -> Vec<String> {
        assert_eq!(self.json["status"], self.status);
        let errors = self.json["errors"].as_array().unwrap();
        assert!(!errors.is_empty());
        errors
            .iter()
            .map(|e| {
                assert!(!e["message_en"].as_str().unwrap().is_empty());
                assert!(!e["message_zh"].as_str().unwrap().is_empty());
                e["code"].as_str().unwrap().to_owned()
            })
            .collect()
    }
}

/// A generated complaint made into an offline household-appliance shop in 长安区 that the
/// 12315 hotline received on Friday 27 September 2024 (before the National Day holiday).
fn changan_complaint() -> Complaint {
    let mut c = Generator::new(2026).next().unwrap();
    c.id = "SJZ-SERVICE-0001".to_owned();
    c.received_at = "2024-09-27T10:00:00+08:00".parse().unwrap();
    c.channel = "hotline_12315".parse().unwrap();
    c.business.online = None;
    c.business.division = Some("130102".parse().unwrap());
    c.purchase.category = "household_appliances".parse().unwrap();
    c.purchase.purchase_date = "2024-09-01".parse().unwrap();
    c.purchase.receipt_date = None;
    c.check().unwrap();
    c
}

#[test]
fn intake_validates_routes_opens_and_reports_deadlines() {
    let server = Server::start(&[]);

    let health = server.get("/health");
    assert_eq!(health.status, 200);
    assert_eq!(
        health.json,
        json!({"status": "ok", "ruleset": "shijiazhuang", "cases": 0})
    );

    // A valid complaint: 201, routed to the district bureau, a case under Order No. 20 with
    // its acceptance deadline: 7 working days from 27 September 2024, skipping the National
    // Day holiday, is Saturday 12 October (an adjusted working day).
    let complaint = changan_complaint();
    let created = server.post(
        "/complaints?as_of=2024-09-30",
        complaint.to_json().as_bytes(),
    );
    assert_eq!(created.status, 201, "{}", created.json);
    assert_eq!(
        created.header("location"),
        Some("/complaints/SJZ-SERVICE-0001")
    );
    let doc = &created.json;
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["complaint_id"], "SJZ-SERVICE-0001");
    assert_eq!(doc["as_of"], "2024-09-30");
    assert_eq!(
        doc["complaint"],
        serde_json::from_str::<Value>(&complaint.to_json()).unwrap()
    );
    let routing = &doc["routing"];
    assert_eq!(routing["body"]["id"], "samr.130102");
    assert_eq!(routing["body"]["name"], "石家庄市长安区市场监督管理局");
    assert_eq!(routing["body"]["division"], "130102");
    assert!(
        routing["body"]["division"]
            .as_str()
            .unwrap()
            .starts_with("1301")
    );
    assert_eq!(routing["rule"], "business_local");
    assert!(!routing["basis"].as_array().unwrap().is_empty());
    assert_eq!(routing["warnings"], json!([]));
    assert_eq!(doc["case"]["state"], "received");
    assert_eq!(doc["case"]["procedure"], "samr_order_20");
    assert_eq!(doc["case"]["events"], 1);
    let deadlines = doc["deadlines"].as_array().unwrap();
    assert_eq!(deadlines.len(), 1);
    let acceptance = &deadlines[0];
    assert_eq!(acceptance["kind"], "acceptance_decision");
    assert_eq!(acceptance["starts_on"], "2024-09-27");
    assert_eq!(acceptance["due"], "2024-10-12");
    assert_eq!(acceptance["status"], "pending");
    assert_eq!(acceptance["basis"]["instrument"], "samr_order_20");
    assert_eq!(acceptance["basis"]["article"], 14);
    assert_eq!(acceptance["basis"]["reliability"], "verified");
    assert!(
        acceptance["basis_en"]
            .as_str()
            .unwrap()
            .starts_with("SAMR Order No. 20, Art. 14")
    );
    assert!(
        acceptance["basis_zh"]
            .as_str()
            .unwrap()
            .starts_with("《市场监督管理投诉举报处理暂行办法》第十四条")
    );
    assert_eq!(doc["summary"]["deadlines_pending"], 1);

    // The service adds nothing of its own: its routing and deadlines are the libraries'.
    let router = Router::shijiazhuang().unwrap();
    let expected_routing = router.route(&complaint).unwrap().report(&complaint.id);
    assert_eq!(
        doc["routing"],
        serde_json::to_value(&expected_routing).unwrap()
    );
    let case = Case::open_complaint(&complaint, ProcedureSelection::MarketRegulation).unwrap();
    let expected = case.deadlines("2024-09-30".parse().unwrap()).unwrap();
    assert_eq!(deadlines.len(), expected.len());
    for (got, want) in deadlines.iter().zip(&expected) {
        assert_eq!(got, &serde_json::to_value(want).unwrap());
    }

    // The stored case, looked up after the due date: the deadline is now missed.
    let shown = server.get("/complaints/SJZ-SERVICE-0001?as_of=2024-10-14");
    assert_eq!(shown.status, 200);
    assert_eq!(shown.json["complaint_id"], "SJZ-SERVICE-0001");
    assert_eq!(shown.json["routing"], doc["routing"]);
    assert_eq!(shown.json["case"], doc["case"]);
    assert_eq!(shown.json["deadlines"][0]["due"], "2024-10-12");
    assert_eq!(shown.json["deadlines"][0]["status"], "missed");
    assert_eq!(shown.json["summary"]["deadlines_missed"], 1);
    assert!(shown.json.get("complaint").is_none());

    // The same complaint again is a conflict, not a second case.
    let again = server.post("/complaints", complaint.to_json().as_bytes());
    assert_eq!(again.status, 409);
    assert_eq!(again.error_codes(), ["complaint.duplicate_id"]);
    assert_eq!(again.json["errors"][0]["pointer"], "/id");

    // Lodged through the consumer association's app: the association's own procedure.
    let mut via_cca = changan_complaint();
    via_cca.id = "SJZ-SERVICE-0002".to_owned();
    via_cca.channel = "association_app".parse().unwrap();
    let cca = server.post("/complaints?as_of=2024-09-30", via_cca.to_json().as_bytes());
    assert_eq!(cca.status, 201, "{}", cca.json);
    assert_eq!(cca.json["routing"]["body"]["kind"], "consumer_association");
    assert_eq!(cca.json["case"]["procedure"], "consumer_association");
    assert!(!cca.json["deadlines"].as_array().unwrap().is_empty());

    // Unmodified generated complaints: each is created and matches the libraries' routing.
    for c in Generator::new(7).take(5) {
        let r = server.post("/complaints", c.to_json().as_bytes());
        assert_eq!(r.status, 201, "{}", r.json);
        let want = router.route(&c).unwrap().report(&c.id);
        assert_eq!(r.json["routing"], serde_json::to_value(&want).unwrap());
        assert!(!r.json["deadlines"].as_array().unwrap().is_empty());
    }
    assert_eq!(server.get("/health").json["cases"], 7);

    // An invalid complaint: 422 with every problem, as weiquan-complaint reports them.
    let text = complaint
        .to_json()
        .replace(
            &format!("\"{}\"", complaint.consumer.mobile),
            "\"1380013800\"",
        )
        .replace("\"130102\"", "\"13A102\"");
    let invalid = server.post("/complaints", text.as_bytes());
    assert_eq!(invalid.status, 422);
    let want = Complaint::from_json(&text).unwrap_err().problems();
    assert_eq!(invalid.json["errors"], serde_json::to_value(&want).unwrap());
    let pointers: Vec<&str> = invalid.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/consumer/mobile", "/business/division"]);
    assert_eq!(invalid.error_codes(), ["mobile.format", "division.format"]);
    // The value is echoed masked, as every error message masks a mobile.
    assert_eq!(
        invalid.json["errors"][0]["value"],
        weiquan_support::mask::mobile("1380013800")
    );
    assert!(!invalid.json.to_string().contains("1380013800"));

    // A missing field is a 422 at its pointer too.
    let missing = server.post("/complaints", br#"{"schema_version":1}"#);
    assert_eq!(missing.status, 422);
    assert!(missing.error_codes().iter().all(|c| c == "field.required"));

    // Not JSON: 400.
    let garbage = server.post("/complaints", b"{not json");
    assert_eq!(garbage.status, 400);
    assert_eq!(garbage.error_codes(), ["json.syntax"]);

    // Nothing was stored for the refused ones; an unknown id is a 404.
    assert_eq!(server.get("/health").json["cases"], 7);
    let unknown = server.get("/complaints/SJZ-NOPE");
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.error_codes(), ["complaint.not_found"]);
    assert_eq!(unknown.json["errors"][0]["value"], "SJZ-NOPE");
}

#[test]
fn protocol_errors_are_json_with_the_right_status() {
    let server = Server::start(&["--max-body-bytes", "65536", "--request-timeout-secs", "1"]);
    let check = |r: Reply, status: u16, code: &str| {
        assert_eq!(r.status, status, "{}", r.json);
        assert_eq!(r.error_codes(), [code]);
        r
    };
    check(server.get("/nowhere"), 404, "http.not_found");
    check(server.get("/complaints/"), 404, "http.not_found");
    let r = check(
        server.raw(b"PUT /complaints/SJZ-1 HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
        405,
        "http.method_not_allowed",
    );
    assert_eq!(r.header("allow"), Some("GET"));
    let r = check(
        server.raw(b"DELETE /complaints HTTP/1.1\r\n\r\n"),
        405,
        "http.method_not_allowed",
    );
    assert_eq!(r.header("allow"), Some("POST"));
    let r = check(
        server.raw(b"POST /health HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
        405,
        "http.method_not_allowed",
    );
    assert_eq!(r.header("allow"), Some("GET"));
    check(
        server.raw(b"POST /complaints HTTP/1.1\r\n\r\n"),
        411,
        "http.length_required",
    );
    // Refused from the header alone, while the client is still sending.
    check(
        server.raw(b"POST /complaints HTTP/1.1\r\nContent-Length: 70000\r\n\r\n{\"a\":"),
        413,
        "http.body_too_large",
    );
    check(
        server.raw(b"POST /complaints HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        501,
        "http.transfer_encoding",
    );
    check(
        server.raw(
            b"POST /complaints HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}",
        ),
        415,
        "http.content_type",
    );
    check(
        server.post("/complaints", b"\xff\xfe"),
        400,
        "http.body_encoding",
    );
    check(
        server.post("/complaints?as_of=someday", b"{}"),
        400,
        "query.as_of",
    );
    check(
        server.raw(b"GET /health HTTP/3\r\n\r\n"),
        505,
        "http.version",
    );
    check(server.raw(b"GARBAGE\r\n\r\n"), 400, "http.request_line");
    // A body shorter than announced: the client gets 408 when the request time is up.
    check(
        server.raw(b"POST /complaints HTTP/1.1\r\nContent-Length: 10\r\n\r\n{}"),
        408,
        "http.timeout",
    );
    // curl's Expect: 100-continue is answered before the body is sent.
    let mut s = TcpStream::connect_timeout(&server.addr, TIMEOUT).unwrap();
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    s.write_all(b"POST /complaints HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n")
        .unwrap();
    let mut interim = [0u8; 25];
    s.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    s.write_all(b"{not json").unwrap();
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap();
    check(Reply::parse(&rest), 400, "json.syntax");
    // The server still answers after all of that.
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn a_full_store_refuses_new_cases() {
    let server = Server::start(&["--max-cases", "1"]);
    let mut g = Generator::new(11);
    let first = g.next().unwrap();
    assert_eq!(
        server
            .post("/complaints", first.to_json().as_bytes())
            .status,
        201
    );
    let second = g.next().unwrap();
    let r = server.post("/complaints", second.to_json().as_bytes());
    assert_eq!(r.status, 507);
    assert_eq!(r.error_codes(), ["service.store_full"]);
    assert_eq!(server.get("/health").json["cases"], 1);
}

/// The client's mistakes are 4xx, not 500 (#17): a complaint dated in the future is 422 on
/// `/received_at`, an `as_of` before the complaint was received is 400.
#[test]
fn a_future_complaint_and_an_as_of_before_receipt_are_the_clients_errors() {
    let server = Server::start(&[]);
    let mut future = changan_complaint();
    future.id = "SJZ-SERVICE-FUTURE".to_owned();
    future.received_at = "2099-03-02T10:00:00+08:00".parse().unwrap();
    let r = server.post("/complaints", future.to_json().as_bytes());
    assert_eq!(r.status, 422, "{}", r.json);
    assert_eq!(r.error_codes(), ["received_at.future"]);
    assert_eq!(r.json["errors"][0]["pointer"], "/received_at");

    let complaint = changan_complaint();
    let r = server.post(
        "/complaints?as_of=2024-09-01",
        complaint.to_json().as_bytes(),
    );
    assert_eq!(r.status, 400, "{}", r.json);
    assert_eq!(r.error_codes(), ["caseflow.as_of_before_receipt"]);
    assert_eq!(r.json["errors"][0]["value"], "2024-09-01");
    // Nothing was stored: the same complaint is then accepted.
    let created = server.post(
        "/complaints?as_of=2024-09-30",
        complaint.to_json().as_bytes(),
    );
    assert_eq!(created.status, 201, "{}", created.json);
    let r = server.get("/complaints/SJZ-SERVICE-0001?as_of=2024-09-26");
    assert_eq!(r.status, 400, "{}", r.json);
    assert_eq!(r.error_codes(), ["caseflow.as_of_before_receipt"]);
    assert_eq!(
        server
            .get("/complaints/SJZ-SERVICE-0001?as_of=2024-09-27")
            .status,
        200
    );
}
