//! The release ledger on disk: one JSON file shared by every analyst of a series, read, checked
//! and appended to under an exclusive lock, and replaced whole.
//!
//! # What is guaranteed
//!
//! - **Serialised.** [`LedgerFile::open`] takes an exclusive lock (`fs4`, an advisory
//!   `flock` on Unix, `LockFileEx` on Windows) on a companion file `LEDGER.lock` before it
//!   reads the ledger, and holds it until the [`LedgerFile`] is dropped. Two releases made at
//!   once are made one after the other: the second reads the ledger with the first's entry
//!   in it and is audited (or budgeted) against it. The lock is on a file that is never
//!   replaced, so a writer that renames a new ledger into place cannot leave a waiter holding
//!   a lock on a file that no longer exists.
//! - **Validated.** The ledger is read with [`Ledger::from_json`], which refuses a ledger that
//!   does not hold together (a non-positive epsilon, a repeated id, a total that does not
//!   add up); it is never repaired.
//! - **Whole or not at all.** [`LedgerFile::commit`] writes the new ledger to a temporary file
//!   in the same directory, flushes it to the disk (`fsync`), renames it over the old one and
//!   flushes the directory. A crash at any point leaves the old ledger or the new one, never
//!   a mix (at most a temporary file `.LEDGER.*.tmp` is left behind).
//! - **Committed first.** A caller that commits the ledger *before* it writes the release
//!   (as `weiquan stats` does) never leaves a published release the ledger does not know: a
//!   crash after the commit leaves a ledger entry for a release that was not published,
//!   which only makes later audits and budgets more conservative.
//!
//! # What is not guaranteed
//!
//! - The lock is advisory: a program that writes the ledger without taking it (an editor) is
//!   not stopped. The validation on the next load catches a ledger that no longer adds up,
//!   not one rewritten consistently.
//! - Network file systems whose `flock` is not shared between machines do not serialise
//!   writers on different machines.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::ledger::Ledger;
use crate::{Error, Text};

/// A ledger file opened under its exclusive lock (released on drop).
#[derive(Debug)]
pub struct LedgerFile {
    path: PathBuf,
    /// Held for the lifetime of the value: the lock.
    _lock: File,
    ledger: Ledger,
    existed: bool,
}

fn io_error(path: &Path, en: &str, zh: &str, e: &std::io::Error) -> Error {
    Error::LedgerIo {
        path: path.display().to_string(),
        action: Text::new(en, zh),
        reason: Text::new(
            e.to_string(),
            match e.raw_os_error() {
                Some(n) => format!("操作系统错误号{n}"),
                None => format!("输入输出错误（{:?}）", e.kind()),
            },
        ),
    }
}

/// The companion lock file of a ledger: `LEDGER.lock` beside it.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".lock");
    path.with_file_name(name)
}

impl LedgerFile {
    /// Opens a ledger for a release: takes the exclusive lock (waiting for it when `wait`,
    /// else refusing with [`Error::LedgerLocked`] when another release holds it), then reads
    /// and validates the ledger, or starts an empty one when the file does not exist yet (it
    /// is created by the first [`LedgerFile::commit`]).
    pub fn open(path: &Path, wait: bool) -> Result<LedgerFile, Error> {
        let lp = lock_path(path);
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lp)
            .map_err(|e| io_error(&lp, "open the lock file", "打开锁文件", &e))?;
        if wait {
            fs4::fs_std::FileExt::lock_exclusive(&lock)
                .map_err(|e| io_error(&lp, "lock", "加锁", &e))?;
        } else if !fs4::fs_std::FileExt::try_lock_exclusive(&lock)
            .map_err(|e| io_error(&lp, "lock", "加锁", &e))?
        {
            return Err(Error::LedgerLocked {
                path: path.display().to_string(),
            });
        }
        let (ledger, existed) = match std::fs::read_to_string(path) {
            Ok(text) => (Ledger::from_json(&text)?, true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Ledger::new(), false),
            Err(e) => return Err(io_error(path, "read", "读取", &e)),
        };
        Ok(LedgerFile {
            path: path.to_owned(),
            _lock: lock,
            ledger,
            existed,
        })
    }

    /// The ledger as read (and as changed since).
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The ledger, to record a release or set the budget before [`LedgerFile::commit`].
    pub fn ledger_mut(&mut self) -> &mut Ledger {
        &mut self.ledger
    }

    /// Whether the file existed when it was opened.
    pub fn existed(&self) -> bool {
        self.existed
    }

    /// The ledger's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the ledger whole, still under the lock: a temporary file in the ledger's
    /// directory, synced to the disk, renamed over the ledger, and the directory synced. On
    /// error the file on disk is the one that was read.
    pub fn commit(&mut self) -> Result<(), Error> {
        self.ledger.validate()?;
        let text = self.ledger.to_json()? + "\n";
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let w = |e: std::io::Error| io_error(&self.path, "write", "写入", &e);
        let mut tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(w)?;
        tmp.write_all(text.as_bytes()).map_err(w)?;
        tmp.as_file().sync_all().map_err(w)?;
        tmp.persist(&self.path).map_err(|e| w(e.error))?;
        // The rename is durable once the directory is (on Unix; elsewhere it cannot be
        // opened and the rename is as durable as the platform makes it).
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        self.existed = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ratio;

    #[test]
    fn a_second_opener_is_refused_or_waits_and_sees_the_first_commit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ledger.json");
        let mut first = LedgerFile::open(&p, false).unwrap();
        assert!(!first.existed());
        assert_eq!(
            LedgerFile::open(&p, false).unwrap_err(),
            Error::LedgerLocked {
                path: p.display().to_string()
            }
        );
        first.ledger_mut().set_budget(Ratio::ONE).unwrap();
        let waiter = {
            let p = p.clone();
            std::thread::spawn(move || LedgerFile::open(&p, true).map(|l| l.ledger().clone()))
        };
        std::thread::sleep(std::time::Duration::from_millis(100));
        first.commit().unwrap();
        drop(first);
        let seen = waiter.join().unwrap().unwrap();
        assert_eq!(seen.epsilon_limit, Some(Ratio::ONE));
        assert!(lock_path(&p).ends_with("ledger.json.lock"));
    }

    #[test]
    fn a_ledger_that_does_not_add_up_is_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.json");
        std::fs::write(
            &p,
            r#"{"schema_version":2,"kind":"weiquan_stats_ledger","epsilon_limit":"1","epsilon_spent":"0","releases":[{"id":"a","method":{"kind":"differential_privacy","max_contributions":1},"epsilon":"-1","tables":[]}]}"#,
        )
        .unwrap();
        let e = LedgerFile::open(&p, false).unwrap_err();
        assert_eq!(e.code(), "ledger.invalid");
        assert!(e.to_string().contains("release 1 (\"a\")"), "{e}");
    }
}
