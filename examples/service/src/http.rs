//! A small, strict HTTP/1.1 layer: one request per connection, framed by `Content-Length`,
//! with limits on the head and the body, and JSON responses.
//!
//! What it refuses, and how: a head over [`Limits::max_head_bytes`] → 431, a body over
//! [`Limits::max_body_bytes`] → 413 (before reading it), `Transfer-Encoding` → 501 (bodies
//! must carry a length), a body-carrying method without `Content-Length` → 411, a malformed
//! request line, header or length → 400, another HTTP version → 505, a client too slow for
//! the connection's deadline → 408. Every response says `Connection: close`.

use std::io::{self, BufRead, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use serde::Serialize;
use weiquan_complaint::FieldError;

/// Size and time limits of one connection.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Request line plus headers, in bytes.
    pub max_head_bytes: usize,
    /// Request body, in bytes.
    pub max_body_bytes: usize,
    /// Number of header fields.
    pub max_headers: usize,
    /// Time allowed to receive the whole request, from the connection's start.
    pub request_timeout: Duration,
    /// Time allowed to write the response.
    pub write_timeout: Duration,
}

/// A query string's `name=value` pairs, in order.
pub type Query = Vec<(String, String)>;

/// One request, read in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path, percent-decoded segment by segment (`/complaints/SJZ-1`).
    pub path: Vec<String>,
    /// The raw path as received, for the log.
    pub raw_path: String,
    /// The query string's `name=value` pairs, percent-decoded.
    pub query: Query,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// The first value of a query parameter.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A response with a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Extra headers (`Location`, `Allow`).
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body.
    pub body: Vec<u8>,
}

/// The body of every error response: the status again and the problems, each in the shape
/// of weiquan's field errors (pointer, code, value, message in English and Chinese).
#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    status: u16,
    errors: &'a [FieldError],
}

impl Response {
    /// A response whose body is `value` as JSON.
    pub fn json(status: u16, value: &impl Serialize) -> Response {
        match serde_json::to_vec(value) {
            Ok(body) => Response {
                status,
                headers: Vec::new(),
                body,
            },
            Err(e) => Response::error(
                500,
                FieldError::new(
                    "",
                    "service.serialize",
                    None,
                    format!("the response could not be serialised: {e}"),
                    format!("响应无法序列化：{e}"),
                ),
            ),
        }
    }

    /// An error response with several problems.
    pub fn errors(status: u16, errors: &[FieldError]) -> Response {
        let body = serde_json::to_vec(&ErrorBody { status, errors }).unwrap_or_else(|_| {
            // Field errors are strings only; this branch is never taken.
            format!("{{\"status\":{status},\"errors\":[]}}").into_bytes()
        });
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// An error response with one problem about the request as a whole.
    pub fn error(status: u16, error: FieldError) -> Response {
        Response::errors(status, std::slice::from_ref(&error))
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }

    /// Writes the response: status line, headers, body.
    pub fn write_to(&self, w: &mut impl Write) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: application/json; charset=utf-8\r\n\
             Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(name);
            head.push_str(": ");
            head.push_str(value);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        w.write_all(head.as_bytes())?;
        w.write_all(&self.body)?;
        w.flush()
    }
}

/// The reason phrase of the statuses this service sends.
fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        _ => "Unknown",
    }
}

/// Why no request could be read.
#[derive(Debug)]
pub enum ReadError {
    /// The client closed the connection before sending anything: nothing to answer.
    Closed,
    /// Answer with this response, then close.
    Reply(Response),
}

fn problem(status: u16, code: &str, en: impl Into<String>, zh: impl Into<String>) -> ReadError {
    ReadError::Reply(Response::error(
        status,
        FieldError::new("", code, None, en, zh),
    ))
}

fn io_problem(e: &io::Error) -> ReadError {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => problem(
            408,
            "http.timeout",
            "the request was not received in time",
            "请求未在规定时间内收到",
        ),
        _ => ReadError::Closed,
    }
}

/// Reads a line ending in LF, charging it to `budget`; the line is returned without CRLF.
fn read_line(r: &mut impl BufRead, budget: &mut usize) -> Result<Option<Vec<u8>>, ReadError> {
    let mut line = Vec::new();
    let limit = u64::try_from(*budget).unwrap_or(u64::MAX).saturating_add(1);
    let n = r
        .by_ref()
        .take(limit)
        .read_until(b'\n', &mut line)
        .map_err(|e| io_problem(&e))?;
    if n == 0 {
        return Ok(None);
    }
    if n > *budget {
        return Err(problem(
            431,
            "http.head_too_large",
            format!("the request line and headers exceed {} bytes", *budget),
            format!("请求行和请求头超过{}字节", *budget),
        ));
    }
    *budget -= n;
    if line.last() != Some(&b'\n') {
        // The peer closed the connection in the middle of a line.
        return Err(ReadError::Closed);
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(line))
}

fn bad_request(code: &str, en: impl Into<String>, zh: impl Into<String>) -> ReadError {
    problem(400, code, en, zh)
}

/// Decodes `%XX` escapes (and `+` as a space in a query) into UTF-8 text.
pub fn percent_decode(s: &str, plus_is_space: bool) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                // Two hex digits exactly: `from_str_radix` alone would take a sign.
                let hex = s
                    .get(i + 1..i + 3)
                    .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Encodes a path segment (everything but unreserved characters is escaped).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The parts of a request head that decide how to read the body.
struct Head {
    method: String,
    target: String,
    content_length: Option<usize>,
    content_type: Option<String>,
    expect_continue: bool,
}

fn read_head(r: &mut impl BufRead, limits: &Limits) -> Result<Head, ReadError> {
    let mut budget = limits.max_head_bytes;
    // RFC 9112 §2.2: ignore empty lines before the request line.
    let request_line = loop {
        match read_line(r, &mut budget)? {
            None => return Err(ReadError::Closed),
            Some(l) if l.is_empty() => continue,
            Some(l) => break l,
        }
    };
    let request_line = String::from_utf8(request_line).map_err(|_| {
        bad_request(
            "http.request_line",
            "the request line is not ASCII",
            "请求行含有非ASCII字符",
        )
    })?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad_request(
            "http.request_line",
            format!("malformed request line {request_line:?}"),
            format!("请求行格式错误：{request_line:?}"),
        ));
    };
    if !is_token(method) || !target.starts_with('/') {
        return Err(bad_request(
            "http.request_line",
            format!("malformed request line {request_line:?}"),
            format!("请求行格式错误：{request_line:?}"),
        ));
    }
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(problem(
            505,
            "http.version",
            format!("HTTP version {version:?} is not supported; use HTTP/1.1"),
            format!("不支持HTTP版本{version:?}，请使用HTTP/1.1"),
        ));
    }
    let mut head = Head {
        method: method.to_owned(),
        target: target.to_owned(),
        content_length: None,
        content_type: None,
        expect_continue: false,
    };
    let mut count = 0usize;
    loop {
        let Some(line) = read_line(r, &mut budget)? else {
            return Err(ReadError::Closed);
        };
        if line.is_empty() {
            break;
        }
        count += 1;
        if count > limits.max_headers {
            return Err(problem(
                431,
                "http.too_many_headers",
                format!("more than {} header fields", limits.max_headers),
                format!("请求头字段超过{}个", limits.max_headers),
            ));
        }
        let text = String::from_utf8_lossy(&line);
        // No whitespace before the colon, no obsolete line folding (RFC 9112 §5).
        let Some((name, value)) = text.split_once(':').filter(|(n, _)| is_token(n)) else {
            return Err(bad_request(
                "http.header",
                format!("malformed header line {text:?}"),
                format!("请求头格式错误：{text:?}"),
            ));
        };
        let value = value.trim_matches([' ', '\t']);
        match name.to_ascii_lowercase().as_str() {
            "content-length" => {
                let n = value
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| value.parse::<u64>().ok())
                    .flatten()
                    .ok_or_else(|| {
                        bad_request(
                            "http.content_length",
                            format!("Content-Length {value:?} is not a number of bytes"),
                            format!("Content-Length“{value}”不是字节数"),
                        )
                    })?;
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                if head.content_length.is_some_and(|m| m != n) {
                    return Err(bad_request(
                        "http.content_length",
                        "conflicting Content-Length headers",
                        "Content-Length请求头相互矛盾",
                    ));
                }
                head.content_length = Some(n);
            }
            "transfer-encoding" => {
                return Err(problem(
                    501,
                    "http.transfer_encoding",
                    format!("Transfer-Encoding {value:?} is not supported; send Content-Length"),
                    format!("不支持Transfer-Encoding“{value}”，请使用Content-Length"),
                ));
            }
            "content-type" => head.content_type = Some(value.to_owned()),
            "expect" => head.expect_continue = value.eq_ignore_ascii_case("100-continue"),
            _ => {}
        }
    }
    Ok(head)
}

fn split_target(target: &str) -> Result<(Vec<String>, Query), ReadError> {
    let bad = || {
        bad_request(
            "http.target",
            format!("the request target {target:?} is not valid percent-encoded UTF-8"),
            format!("请求地址“{target}”不是有效的百分号编码UTF-8"),
        )
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut segments = Vec::new();
    for seg in path.split('/').skip(1) {
        segments.push(percent_decode(seg, false).ok_or_else(bad)?);
    }
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        pairs.push((
            percent_decode(k, true).ok_or_else(bad)?,
            percent_decode(v, true).ok_or_else(bad)?,
        ));
    }
    Ok((segments, pairs))
}

/// Methods whose requests must say how long their body is.
fn needs_length(method: &str) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH")
}

/// Reads one request. `interim` receives the `100 Continue` a client asked for before it
/// sends its body (curl does so for bodies over 1 KB).
pub fn read_request(
    r: &mut impl BufRead,
    interim: &mut impl Write,
    limits: &Limits,
) -> Result<Request, ReadError> {
    let head = read_head(r, limits)?;
    let (path, query) = split_target(&head.target)?;
    let length = match head.content_length {
        Some(n) => n,
        None if needs_length(&head.method) => {
            return Err(problem(
                411,
                "http.length_required",
                format!("a {} request needs a Content-Length header", head.method),
                format!("{}请求必须带有Content-Length请求头", head.method),
            ));
        }
        None => 0,
    };
    if length > limits.max_body_bytes {
        return Err(problem(
            413,
            "http.body_too_large",
            format!(
                "the body has {length} bytes; at most {} are accepted",
                limits.max_body_bytes
            ),
            format!(
                "请求体有{length}字节，最多接受{}字节",
                limits.max_body_bytes
            ),
        ));
    }
    if head.expect_continue && length > 0 {
        interim
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .and_then(|()| interim.flush())
            .map_err(|_| ReadError::Closed)?;
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => bad_request(
            "http.body_incomplete",
            format!("the connection closed before the {length} bytes of the body arrived"),
            format!("请求体未收全（应为{length}字节）连接即已关闭"),
        ),
        _ => io_problem(&e),
    })?;
    Ok(Request {
        method: head.method,
        path,
        raw_path: head.target,
        query,
        content_type: head.content_type,
        body,
    })
}

/// A reader over a connection that gives up at a fixed instant, so that a client sending
/// one byte at a time cannot hold a worker for longer than the request timeout.
pub struct DeadlineReader {
    stream: TcpStream,
    deadline: Instant,
}

impl DeadlineReader {
    /// Reads from `stream` until `deadline`.
    pub fn new(stream: TcpStream, deadline: Instant) -> DeadlineReader {
        DeadlineReader { stream, deadline }
    }
}

impl Read for DeadlineReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// Writes the response, then closes the connection gracefully: the write side first, then
/// a bounded read of whatever the client is still sending, so that an early answer (a 413
/// before the body was read) reaches the client instead of being lost to a reset.
pub fn respond_and_close(stream: &mut TcpStream, response: &Response, limits: &Limits) {
    let _ = stream.set_write_timeout(Some(limits.write_timeout));
    if response.write_to(stream).is_err() {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut sink = [0u8; 8192];
    let mut drained = 0usize;
    while drained < limits.max_body_bytes.saturating_add(limits.max_head_bytes) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn limits() -> Limits {
        Limits {
            max_head_bytes: 256,
            max_body_bytes: 16,
            max_headers: 4,
            request_timeout: Duration::from_secs(1),
            write_timeout: Duration::from_secs(1),
        }
    }

    fn read(raw: &str) -> (Result<Request, ReadError>, Vec<u8>) {
        let mut interim = Vec::new();
        let r = read_request(&mut Cursor::new(raw.as_bytes()), &mut interim, &limits());
        (r, interim)
    }

    fn status(raw: &str) -> u16 {
        match read(raw).0 {
            Ok(_) => 0,
            Err(ReadError::Closed) => 1,
            Err(ReadError::Reply(r)) => r.status,
        }
    }

    #[test]
    fn reads_a_post_with_its_body_query_and_decoded_path() {
        let raw = "\r\nPOST /complaints/SJZ%2D1%E7%9F%B3?as_of=2024-05-20&x=a+b HTTP/1.1\r\n\
                   Host: x\r\nContent-Type: application/json\r\ncontent-length: 5\r\n\r\nhello";
        let (r, interim) = read(raw);
        let r = r.unwrap();
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, vec!["complaints".to_owned(), "SJZ-1石".to_owned()]);
        assert_eq!(r.query_param("as_of"), Some("2024-05-20"));
        assert_eq!(r.query_param("x"), Some("a b"));
        assert_eq!(r.content_type.as_deref(), Some("application/json"));
        assert_eq!(r.body, b"hello");
        assert!(interim.is_empty());
    }

    #[test]
    fn answers_expect_continue_before_the_body() {
        let raw = "POST /c HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}";
        let (r, interim) = read(raw);
        assert_eq!(r.unwrap().body, b"{}");
        assert_eq!(interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    }

    #[test]
    fn refuses_what_it_cannot_frame_or_hold() {
        assert_eq!(status("POST /c HTTP/1.1\r\n\r\n"), 411);
        assert_eq!(
            status("POST /c HTTP/1.1\r\nContent-Length: 17\r\n\r\n"),
            413
        );
        assert_eq!(
            status("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            501
        );
        assert_eq!(
            status("POST /c HTTP/1.1\r\nContent-Length: 1x\r\n\r\n"),
            400
        );
        assert_eq!(
            status("POST /c HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
            400
        );
        assert_eq!(
            status("POST /c HTTP/1.1\r\nContent-Length: 9\r\n\r\nshort"),
            400
        );
        assert_eq!(status("GET /c HTTP/2.0\r\n\r\n"), 505);
        assert_eq!(status("GET c HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET /c  HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET /c HTTP/1.1\r\nBad Name: x\r\n\r\n"), 400);
        assert_eq!(status("GET /c HTTP/1.1\r\n folded\r\n\r\n"), 400);
        assert_eq!(status("GET /%FF HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET /%4 HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET /%+1 HTTP/1.1\r\n\r\n"), 400);
        let many = "GET /c HTTP/1.1\r\n".to_owned() + &"A: b\r\n".repeat(5) + "\r\n";
        assert_eq!(status(&many), 431);
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(300));
        assert_eq!(status(&long), 431);
        assert_eq!(status(""), 1);
        assert_eq!(status("GET /c HTTP/1.1\r\nHost"), 1);
        assert_eq!(status("GET /c HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
    }

    #[test]
    fn writes_length_close_and_extra_headers() {
        let r = Response::json(201, &serde_json::json!({"a": "石"}))
            .with_header("Location", "/complaints/x".to_owned());
        let mut out = Vec::new();
        r.write_to(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 201 Created\r\nContent-Type: application/json; charset=utf-8\r\n\
             Content-Length: 11\r\nCache-Control: no-store\r\nConnection: close\r\n\
             Location: /complaints/x\r\n\r\n{\"a\":\"石\"}"
        );
    }

    #[test]
    fn error_bodies_carry_the_status_and_field_errors() {
        let r = Response::error(
            404,
            FieldError::new("", "x.y", Some("v".into()), "en", "中"),
        );
        assert_eq!(
            String::from_utf8(r.body).unwrap(),
            r#"{"status":404,"errors":[{"pointer":"","code":"x.y","value":"v","message_en":"en","message_zh":"中"}]}"#
        );
    }

    #[test]
    fn percent_coding_round_trips() {
        let s = "SJZ 2024/石-1";
        assert_eq!(percent_encode(s), "SJZ%202024%2F%E7%9F%B3-1");
        assert_eq!(
            percent_decode(&percent_encode(s), false).as_deref(),
            Some(s)
        );
        assert_eq!(percent_decode("a+b", false).as_deref(), Some("a+b"));
    }
}
