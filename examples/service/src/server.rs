//! The accept loop and a fixed pool of worker threads. A connection waits in a bounded
//! queue; when the queue is full the acceptor answers 503 at once instead of letting
//! connections pile up.

use std::io::BufReader;
use std::net::{TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use weiquan_complaint::FieldError;

use crate::http::{DeadlineReader, Limits, ReadError, Response, read_request, respond_and_close};
use crate::intake::Intake;

/// How many workers and how many waiting connections.
#[derive(Debug, Clone, Copy)]
pub struct Pool {
    /// Worker threads.
    pub workers: usize,
    /// Connections accepted but not yet picked up by a worker.
    pub queue: usize,
}

/// Serves connections from `listener` until the process ends.
pub fn serve(listener: TcpListener, intake: Arc<Intake>, limits: Limits, pool: Pool) {
    let (tx, rx) = sync_channel::<TcpStream>(pool.queue);
    let rx = Arc::new(Mutex::new(rx));
    for i in 0..pool.workers.max(1) {
        let rx = Arc::clone(&rx);
        let intake = Arc::clone(&intake);
        let spawned = thread::Builder::new()
            .name(format!("worker-{i}"))
            .spawn(move || worker(&rx, &intake, &limits));
        if let Err(e) = spawned {
            eprintln!("cannot start worker {i}: {e}");
        }
    }
    for conn in listener.incoming() {
        match conn {
            Ok(stream) => match tx.try_send(stream) {
                Ok(()) => {}
                Err(TrySendError::Full(mut stream)) => {
                    let busy = Response::error(
                        503,
                        FieldError::new(
                            "",
                            "service.busy",
                            None,
                            "the service is busy; retry shortly",
                            "服务繁忙，请稍后重试",
                        ),
                    )
                    .with_header("Retry-After", "1".to_owned());
                    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                    let _ = busy.write_to(&mut stream);
                }
                Err(TrySendError::Disconnected(_)) => {
                    eprintln!("every worker has stopped; shutting down");
                    return;
                }
            },
            // A connection that failed between SYN and accept, or a full file table: the
            // listener itself is fine, so keep serving after a short pause.
            Err(e) => {
                eprintln!("accept failed: {e}");
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

fn worker(rx: &Mutex<Receiver<TcpStream>>, intake: &Intake, limits: &Limits) {
    loop {
        // The lock is held only while waiting for the next connection.
        let next = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
        let Ok(stream) = next else { return };
        connection(stream, intake, limits);
    }
}

/// One connection: one request, one response.
fn connection(mut stream: TcpStream, intake: &Intake, limits: &Limits) {
    let started = Instant::now();
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let _ = stream.set_write_timeout(Some(limits.write_timeout));
    let mut reader = BufReader::new(DeadlineReader::new(
        read_half,
        started + limits.request_timeout,
    ));
    let (line, response) = match read_request(&mut reader, &mut stream, limits) {
        Err(ReadError::Closed) => return,
        Err(ReadError::Reply(r)) => ("-".to_owned(), r),
        Ok(req) => {
            // The libraries do not panic on any input; should that ever fail, the client
            // gets a 500 and the worker lives on.
            let r = catch_unwind(AssertUnwindSafe(|| intake.handle(&req))).unwrap_or_else(|_| {
                Response::error(
                    500,
                    FieldError::new(
                        "",
                        "service.internal",
                        None,
                        "internal error while handling the request",
                        "处理请求时发生内部错误",
                    ),
                )
            });
            (format!("{} {}", req.method, req.raw_path), r)
        }
    };
    let millis = started.elapsed().as_millis();
    respond_and_close(&mut stream, &response, limits);
    eprintln!(
        "{line} -> {} ({} bytes, {millis} ms)",
        response.status,
        response.body.len()
    );
}
