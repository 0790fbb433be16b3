//! One connection interface over both databases, so that every query, transaction and
//! check of the store is written once.
//!
//! Statements use PostgreSQL's `$1` placeholders; the SQLite connection rewrites them to
//! `?1` (SQLite's numbered form), so the text of a statement is the same for both. Values
//! are a small enum both databases bind and return: integers (`BIGINT` / `INTEGER`), text,
//! bytes (`BYTEA` / `BLOB`) and NULL. Timestamps are RFC 3339 text, sortable as stored.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::error::{Error, Result};

/// Which database a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file (embedded, one machine).
    Sqlite,
    /// A PostgreSQL server (a bureau's shared deployment).
    Postgres,
}

impl Backend {
    /// `sqlite` or `postgresql`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        }
    }
}

/// A value bound to or read from a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    pub(crate) fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    pub(crate) fn opt_text(s: Option<impl Into<String>>) -> Value {
        s.map_or(Value::Null, |s| Value::Text(s.into()))
    }
}

/// One row: its values in the order of the SELECT list.
pub(crate) struct Row {
    values: Vec<Value>,
    what: &'static str,
}

impl Row {
    /// Every value as text (bytes as lossy UTF-8), for tests that look at raw rows.
    pub(crate) fn as_strings(&self) -> Vec<String> {
        self.values
            .iter()
            .map(|v| match v {
                Value::Null => String::new(),
                Value::Int(n) => n.to_string(),
                Value::Text(s) => s.clone(),
                Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
            })
            .collect()
    }

    fn corrupt(&self, i: usize, expected: &str) -> Error {
        Error::Corrupt {
            what: format!("{} (column {i})", self.what),
            reason: format!("expected {expected}"),
        }
    }

    pub(crate) fn text(&self, i: usize) -> Result<String> {
        match self.values.get(i) {
            Some(Value::Text(s)) => Ok(s.clone()),
            _ => Err(self.corrupt(i, "text")),
        }
    }

    pub(crate) fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.values.get(i) {
            Some(Value::Text(s)) => Ok(Some(s.clone())),
            Some(Value::Null) => Ok(None),
            _ => Err(self.corrupt(i, "text or null")),
        }
    }

    pub(crate) fn int(&self, i: usize) -> Result<i64> {
        match self.values.get(i) {
            Some(Value::Int(n)) => Ok(*n),
            _ => Err(self.corrupt(i, "an integer")),
        }
    }

    pub(crate) fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        match self.values.get(i) {
            Some(Value::Int(n)) => Ok(Some(*n)),
            Some(Value::Null) => Ok(None),
            _ => Err(self.corrupt(i, "an integer or null")),
        }
    }

    pub(crate) fn opt_blob(&self, i: usize) -> Result<Option<Vec<u8>>> {
        match self.values.get(i) {
            Some(Value::Blob(b)) => Ok(Some(b.clone())),
            Some(Value::Null) => Ok(None),
            _ => Err(self.corrupt(i, "bytes or null")),
        }
    }
}

/// A connection to either database.
pub(crate) trait Conn: Send {
    /// Which database.
    fn backend(&self) -> Backend;
    /// Runs statements without parameters or results (DDL, BEGIN, COMMIT).
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// Runs one statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs one query; its rows (`what` names them in errors).
    fn query(&mut self, what: &'static str, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Starts a write transaction: SQLite takes the write lock at once (`BEGIN IMMEDIATE`),
    /// so two writers queue instead of one failing at commit.
    fn begin(&mut self) -> Result<()>;
    /// Starts a read-only transaction that sees one snapshot: reads that must agree (a case
    /// row and its events) see the same committed state.
    fn begin_read(&mut self) -> Result<()>;
    /// Whether the connection can be reused.
    fn healthy(&self) -> bool;
    /// Marks the connection unusable (a rollback failed: it may be inside a transaction).
    fn mark_broken(&mut self);
}

/// Rolls back; a connection whose rollback fails is not reused.
fn rollback(conn: &mut dyn Conn) {
    if conn.batch("ROLLBACK").is_err() {
        conn.mark_broken();
    }
}

/// Runs `f` in a read transaction (one snapshot), ended afterwards.
pub(crate) fn snapshot<T>(
    conn: &mut dyn Conn,
    f: impl FnOnce(&mut dyn Conn) -> Result<T>,
) -> Result<T> {
    conn.begin_read()?;
    let result = f(conn);
    match (result, conn.batch("COMMIT")) {
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(e)) | (Err(e), _) => {
            rollback(conn);
            Err(e)
        }
    }
}

/// Runs `f` in a transaction: committed when it returns `Ok`, rolled back otherwise.
pub(crate) fn transaction<T>(
    conn: &mut dyn Conn,
    f: impl FnOnce(&mut dyn Conn) -> Result<T>,
) -> Result<T> {
    conn.begin()?;
    match f(conn) {
        Ok(value) => match conn.batch("COMMIT") {
            Ok(()) => Ok(value),
            Err(e) => {
                rollback(conn);
                Err(e)
            }
        },
        Err(e) => {
            // The error that matters is `e`; a failed rollback only retires the connection.
            rollback(conn);
            Err(e)
        }
    }
}

// ---------------------------------------------------------------------------------------
// SQLite

/// How long an SQLite writer waits for another's lock before giving up.
const SQLITE_BUSY: Duration = Duration::from_secs(30);

pub(crate) struct Sqlite {
    conn: rusqlite::Connection,
    broken: bool,
}

fn sqlite_error(e: rusqlite::Error) -> Error {
    // SQLite's messages name the constraint or the trigger's text, never bound values.
    Error::Database {
        backend: "sqlite",
        message: e.to_string(),
    }
}

impl Sqlite {
    /// Opens (creating) the file in WAL mode with full synchronisation: a committed
    /// transaction is on disk, and a process killed mid-write leaves the last committed state.
    pub(crate) fn open(path: &Path) -> Result<Sqlite> {
        let conn = rusqlite::Connection::open(path).map_err(sqlite_error)?;
        conn.busy_timeout(SQLITE_BUSY).map_err(sqlite_error)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )
        .map_err(sqlite_error)?;
        Ok(Sqlite {
            conn,
            broken: false,
        })
    }
}

/// `$1` → `?1`: the statements are written with PostgreSQL's placeholders.
fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
}

fn sqlite_params(params: &[Value]) -> Vec<rusqlite::types::Value> {
    params
        .iter()
        .map(|v| match v {
            Value::Null => rusqlite::types::Value::Null,
            Value::Int(n) => rusqlite::types::Value::Integer(*n),
            Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
            Value::Blob(b) => rusqlite::types::Value::Blob(b.clone()),
        })
        .collect()
}

impl Conn for Sqlite {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(sqlite_error)
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let n = self
            .conn
            .execute(
                &sqlite_sql(sql),
                rusqlite::params_from_iter(sqlite_params(params)),
            )
            .map_err(sqlite_error)?;
        Ok(n as u64)
    }

    fn query(&mut self, what: &'static str, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let mut stmt = self
            .conn
            .prepare_cached(&sqlite_sql(sql))
            .map_err(sqlite_error)?;
        let columns = stmt.column_count();
        let mut rows = stmt
            .query(rusqlite::params_from_iter(sqlite_params(params)))
            .map_err(sqlite_error)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(sqlite_error)? {
            let mut values = Vec::with_capacity(columns);
            for i in 0..columns {
                use rusqlite::types::ValueRef;
                values.push(match row.get_ref(i).map_err(sqlite_error)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::Int(n),
                    ValueRef::Real(_) => {
                        return Err(Error::Corrupt {
                            what: format!("{what} (column {i})"),
                            reason: "a floating-point value".to_owned(),
                        });
                    }
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                });
            }
            out.push(Row { values, what });
        }
        Ok(out)
    }

    fn begin(&mut self) -> Result<()> {
        let r = self.batch("BEGIN IMMEDIATE");
        if r.is_err() {
            self.broken = !self.conn.is_autocommit();
        }
        r
    }

    fn begin_read(&mut self) -> Result<()> {
        // A deferred transaction in WAL mode reads one snapshot from its first read on.
        self.batch("BEGIN DEFERRED")
    }

    fn healthy(&self) -> bool {
        !self.broken && self.conn.is_autocommit()
    }

    fn mark_broken(&mut self) {
        self.broken = true;
    }
}

// ---------------------------------------------------------------------------------------
// PostgreSQL

pub(crate) struct Postgres {
    client: postgres::Client,
    broken: bool,
}

fn pg_error(e: postgres::Error) -> Error {
    // A database error's message names the constraint; its `detail` may quote the values
    // (`Key (x)=(…) already exists`), so only the message and the SQLSTATE are kept.
    let message = match e.as_db_error() {
        Some(db) => format!("{} (SQLSTATE {})", db.message(), db.code().code()),
        None => e.to_string(),
    };
    Error::Database {
        backend: "postgresql",
        message,
    }
}

impl Postgres {
    pub(crate) fn open(url: &str) -> Result<Postgres> {
        let client = postgres::Client::connect(url, postgres::NoTls).map_err(pg_error)?;
        Ok(Postgres {
            client,
            broken: false,
        })
    }
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        match self {
            Value::Null => Ok(postgres::types::IsNull::Yes),
            Value::Int(n) => n.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(ty: &postgres::types::Type) -> bool {
        use postgres::types::Type;
        [Type::INT8, Type::TEXT, Type::VARCHAR, Type::BYTEA].contains(ty)
    }

    postgres::types::to_sql_checked!();
}

fn pg_params(params: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

impl Conn for Postgres {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        self.client.batch_execute(sql).map_err(pg_error)
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        self.client
            .execute(sql, &pg_params(params))
            .map_err(pg_error)
    }

    fn query(&mut self, what: &'static str, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        use postgres::types::Type;
        let rows = self
            .client
            .query(sql, &pg_params(params))
            .map_err(pg_error)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut values = Vec::with_capacity(row.len());
            for (i, column) in row.columns().iter().enumerate() {
                let ty = column.type_();
                let value = if *ty == Type::INT8 {
                    row.try_get::<_, Option<i64>>(i)
                        .map(|v| v.map_or(Value::Null, Value::Int))
                } else if *ty == Type::INT4 {
                    row.try_get::<_, Option<i32>>(i)
                        .map(|v| v.map_or(Value::Null, |n| Value::Int(i64::from(n))))
                } else if *ty == Type::BYTEA {
                    row.try_get::<_, Option<Vec<u8>>>(i)
                        .map(|v| v.map_or(Value::Null, Value::Blob))
                } else {
                    row.try_get::<_, Option<String>>(i)
                        .map(|v| v.map_or(Value::Null, Value::Text))
                };
                values.push(value.map_err(|e| Error::Corrupt {
                    what: format!("{what} (column {i})"),
                    reason: e.to_string(),
                })?);
            }
            out.push(Row { values, what });
        }
        Ok(out)
    }

    fn begin(&mut self) -> Result<()> {
        self.batch("BEGIN ISOLATION LEVEL READ COMMITTED")
    }

    fn begin_read(&mut self) -> Result<()> {
        self.batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    }

    fn healthy(&self) -> bool {
        !self.broken && !self.client.is_closed()
    }

    fn mark_broken(&mut self) {
        self.broken = true;
    }
}

// ---------------------------------------------------------------------------------------
// The pool

/// Connections a store opens at most: callers beyond it wait for one to be returned (a
/// PostgreSQL server's `max_connections` is shared by every service; SQLite has one writer).
pub(crate) const MAX_OPEN: usize = 16;

type Opener = dyn Fn() -> Result<Box<dyn Conn>> + Send + Sync;

struct Slots {
    idle: Vec<Box<dyn Conn>>,
    open: usize,
}

/// A small pool: connections are opened on demand, at most [`MAX_OPEN`], and kept for reuse.
#[derive(Clone)]
pub(crate) struct Pool {
    opener: Arc<Opener>,
    slots: Arc<(Mutex<Slots>, Condvar)>,
    pub(crate) backend: Backend,
}

impl Pool {
    pub(crate) fn new(backend: Backend, opener: Arc<Opener>) -> Pool {
        Pool {
            opener,
            slots: Arc::new((
                Mutex::new(Slots {
                    idle: Vec::new(),
                    open: 0,
                }),
                Condvar::new(),
            )),
            backend,
        }
    }

    fn poisoned() -> Error {
        Error::Corrupt {
            what: "the connection pool".to_owned(),
            reason: "a thread panicked while holding it".to_owned(),
        }
    }

    /// Takes an idle connection, or the right to open one.
    fn take(&self) -> Result<Option<Box<dyn Conn>>> {
        let (lock, ready) = &*self.slots;
        let mut slots = lock.lock().map_err(|_| Pool::poisoned())?;
        loop {
            if let Some(conn) = slots.idle.pop() {
                return Ok(Some(conn));
            }
            if slots.open < MAX_OPEN {
                slots.open += 1;
                return Ok(None);
            }
            slots = ready.wait(slots).map_err(|_| Pool::poisoned())?;
        }
    }

    /// Gives a connection back (or its slot, when it is broken or was never opened).
    fn give(&self, conn: Option<Box<dyn Conn>>) {
        let (lock, ready) = &*self.slots;
        if let Ok(mut slots) = lock.lock() {
            match conn {
                Some(conn) if conn.healthy() => slots.idle.push(conn),
                _ => slots.open = slots.open.saturating_sub(1),
            }
        }
        ready.notify_one();
    }

    /// Runs `f` with a connection, returned to the pool afterwards when healthy.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut dyn Conn) -> Result<T>) -> Result<T> {
        let mut conn = match self.take()? {
            Some(conn) => conn,
            None => match (self.opener)() {
                Ok(conn) => conn,
                Err(e) => {
                    self.give(None);
                    return Err(e);
                }
            },
        };
        let result = f(conn.as_mut());
        self.give(Some(conn));
        result
    }
}
