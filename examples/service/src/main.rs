//! # weiquan-example-service
//!
//! A small HTTP complaint-intake service embedding weiquan: `POST /complaints` validates a
//! complaint ([`weiquan_complaint::Complaint::from_json`]), routes it with the embedded
//! Shijiazhuang ruleset ([`weiquan_routing::Router`]), opens a case
//! ([`weiquan_caseflow::Case`]) and answers with the routing decision and the statutory
//! deadlines; `GET /complaints/{id}` shows a case again; `GET /health` says it is up.
//!
//! The HTTP layer is a few hundred lines of `std` (one request per connection, bounded
//! sizes and times, a fixed worker pool) so that the example shows every step; a production
//! service would put the same [`intake::Intake::handle`] wiring behind its own framework.
//! See `README.md` for how to run it and call it with curl.

mod http;
mod intake;
mod server;

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;

/// Command-line options.
#[derive(Debug, Parser)]
#[command(name = "weiquan-example-service", version, about)]
struct Args {
    /// Address to listen on; port 0 picks a free port (the address is printed on stdout).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Worker threads.
    #[arg(long, default_value_t = 4)]
    workers: usize,
    /// Connections that may wait for a worker before new ones get 503.
    #[arg(long, default_value_t = 64)]
    queue: usize,
    /// Largest request body accepted, in bytes (a complaint is a few KB).
    #[arg(long, default_value_t = 256 * 1024)]
    max_body_bytes: usize,
    /// Seconds a client has to send its whole request.
    #[arg(long, default_value_t = 10)]
    request_timeout_secs: u64,
    /// Cases kept in memory before new complaints get 507.
    #[arg(long, default_value_t = 100_000)]
    max_cases: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let intake = match intake::Intake::new(args.max_cases) {
        Ok(i) => Arc::new(i),
        Err(e) => {
            eprintln!("cannot load the routing ruleset: {e} [{}]", e.code());
            return ExitCode::from(1);
        }
    };
    let listener = match TcpListener::bind(args.listen) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", args.listen);
            return ExitCode::from(2);
        }
    };
    let bound = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("cannot read the bound address: {e}");
            return ExitCode::from(2);
        }
    };
    // The first line on stdout is the address, for scripts and tests that asked for port 0.
    let mut out = std::io::stdout().lock();
    if writeln!(out, "listening on http://{bound}")
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    drop(out);
    eprintln!(
        "weiquan intake service: ruleset {} ({}), {} workers",
        intake.router().id(),
        intake.router().name(),
        args.workers
    );
    let limits = http::Limits {
        max_head_bytes: 16 * 1024,
        max_body_bytes: args.max_body_bytes,
        max_headers: 100,
        request_timeout: Duration::from_secs(args.request_timeout_secs),
        write_timeout: Duration::from_secs(10),
    };
    let pool = server::Pool {
        workers: args.workers,
        queue: args.queue,
    };
    server::serve(listener, intake, limits, pool);
    ExitCode::from(1)
}
