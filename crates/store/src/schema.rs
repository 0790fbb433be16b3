//! Versioned migrations, embedded in the crate and applied on open.
//!
//! Each migration has a version, a name, and its text for each database. Open applies the
//! missing ones in order, each in its own transaction with its row in `schema_migrations`,
//! and refuses a database whose newest version is one this code does not know
//! (`store.schema.too_new`): an older binary must not write into a newer schema.

use crate::db::{Backend, Conn, Value, transaction};
use crate::error::{Error, Result};

/// One migration.
pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

/// Every migration, oldest first. Never edit one that was released: add the next.
pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "cases, complaints, decisions, append-only events, personal data, audit, outbox",
    sqlite: include_str!("../migrations/0001_initial.sqlite.sql"),
    postgres: include_str!("../migrations/0001_initial.postgres.sql"),
}];

/// The newest schema version this code knows.
pub const SCHEMA_VERSION: i64 = 1;

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

/// The database's newest applied version (0 for an empty database).
pub(crate) fn version(conn: &mut dyn Conn) -> Result<i64> {
    let rows = conn.query(
        "schema_migrations",
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        &[],
    )?;
    rows.first().map_or(Ok(0), |r| r.int(0))
}

/// Applies the missing migrations; refuses a database newer than the code.
pub(crate) fn migrate(conn: &mut dyn Conn, now: &str) -> Result<i64> {
    conn.batch(CREATE_TABLE)?;
    for m in MIGRATIONS {
        transaction(conn, |tx| {
            if tx.backend() == Backend::Postgres {
                // Two services opening one database at once: one migrates, the other waits
                // and then finds the version applied.
                tx.batch("SELECT pg_advisory_xact_lock(7302519)")?;
            }
            let current = version(tx)?;
            if current > SCHEMA_VERSION {
                return Err(Error::SchemaTooNew {
                    found: current,
                    supported: SCHEMA_VERSION,
                });
            }
            if current >= m.version {
                return Ok(());
            }
            tx.batch(match tx.backend() {
                Backend::Sqlite => m.sqlite,
                Backend::Postgres => m.postgres,
            })?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                &[Value::Int(m.version), Value::text(m.name), Value::text(now)],
            )?;
            Ok(())
        })?;
    }
    let found = version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_from_one_and_the_last_is_the_schema_version() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1);
        }
        assert_eq!(MIGRATIONS.last().map(|m| m.version), Some(SCHEMA_VERSION));
    }
}
