//! Every file the command writes is written whole or not at all, never clobbers an input, and
//! has one writer at a time.
//!
//! A nightly job that is killed, runs out of disk or races another job must leave each output
//! as it was before the run (or absent), never truncated, torn or mixed. So for every output
//! file:
//!
//! 1. **Distinct from the inputs and the other outputs** ([`claim`]), checked before anything
//!    is read: an existing file is compared by device and inode (so `./x`, `x` and a hard
//!    link are the same file), a file not yet there by its canonical directory and name (so
//!    `--out F --rejects F` is refused too). Character devices (`/dev/null`) are exempt: two
//!    outputs may both be discarded.
//! 2. **Locked** with an exclusive advisory lock (`flock` through the `fs4` crate) on a
//!    sidecar file `.NAME.lock` in the same directory, taken before reading and held until the
//!    process ends. The lock is on the sidecar, not on the output itself, because the output
//!    is replaced by a rename: a lock on the old file would be on an inode that no longer
//!    bears the name, and a second writer opening the new file would lock another inode and
//!    pass; an output that does not exist yet has no inode to lock without creating it empty
//!    (which a failed run must not leave behind). The sidecar is never removed — removing it
//!    while another process holds it open would let a third lock a new one — and is empty.
//!    A second writer fails at once with [`CliError::Locked`], naming the output.
//! 3. **Written beside itself** into a temporary file `.NAME.XXXXXX.weiquan-tmp` in the same
//!    directory (so the rename cannot cross file systems), flushed, `fsync`ed, renamed over
//!    the output only when the run succeeds ([`AtomicFile::commit`]), and the directory
//!    `fsync`ed so the rename survives a power cut. A run that fails drops the temporary file;
//!    a run that is killed leaves it, and the next run that takes the lock removes it (no
//!    other process can be writing it then).
//!
//! A path that exists and is not a regular file (`/dev/null`, `/dev/fd/3`, a named pipe) is
//! written directly: there is nothing to replace and nothing to lock. A symbolic link is
//! followed, so the file it points to is replaced and the link stays. Standard output is not
//! a file the command owns: it streams, as a pipe expects.
//!
//! New files get the usual permissions (`0666` less the umask), except rejects files, which
//! hold whole rejected records with their personal data and are created `0600`
//! ([`Mode::Private`]).

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use fs4::fs_std::FileExt;

use crate::batch::CliError;

/// The suffix of the temporary files written beside an output.
pub const TEMP_SUFFIX: &str = ".weiquan-tmp";
/// How many random characters a temporary file's name carries.
const TEMP_RANDOM: usize = 6;

/// Who may read a new output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `0666` less the umask, like any file the user creates.
    Shared,
    /// `0600`: personal data (rejects files keep whole records).
    Private,
}

/// What a path is for the checks of [`claim`]: an existing file's device and inode, or the
/// canonical path where a new file would go.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    Inode(u64, u64),
    NewFile(PathBuf),
}

/// How one path resolves.
struct Resolved {
    /// The identity, or `None` for a character device (exempt from the checks).
    identity: Option<Identity>,
}

fn resolve(path: &Path) -> io::Result<Resolved> {
    match std::fs::metadata(path) {
        Ok(m) => {
            use std::os::unix::fs::{FileTypeExt, MetadataExt};
            if m.file_type().is_char_device() {
                return Ok(Resolved { identity: None });
            }
            Ok(Resolved {
                identity: Some(Identity::Inode(m.dev(), m.ino())),
            })
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Resolved {
            identity: Some(Identity::NewFile(new_file_path(path)?)),
        }),
        Err(e) => Err(e),
    }
}

/// Where a file that does not exist yet would be: its directory made canonical, and its name.
fn new_file_path(path: &Path) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let dir = std::fs::canonicalize(dir).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("its directory {} cannot be used: {e}", dir.display()),
        )
    })?;
    Ok(dir.join(name))
}

/// Checks, before anything is read, that no output is an input or another output, and takes
/// the lock of every output file. `inputs` may include `-` (standard input), which is skipped,
/// as are outputs given as `-`.
pub fn claim(inputs: &[&Path], outputs: &[&Path]) -> Result<(), CliError> {
    let outputs: Vec<&Path> = outputs
        .iter()
        .copied()
        .filter(|p| *p != Path::new("-"))
        .collect();
    let mut seen: Vec<(Identity, &Path, bool)> = Vec::new();
    for p in inputs.iter().copied().filter(|p| *p != Path::new("-")) {
        // An input that cannot be examined is reported when it is read.
        if let Ok(Resolved { identity: Some(id) }) = resolve(p) {
            seen.push((id, p, true));
        }
    }
    for out in &outputs {
        let r = resolve(out).map_err(|source| CliError::Write {
            path: out.display().to_string(),
            source,
        })?;
        let Some(id) = r.identity else { continue };
        if let Some((_, other, is_input)) = seen.iter().find(|(i, _, _)| *i == id) {
            return Err(CliError::SameFile {
                output: out.display().to_string(),
                other: other.display().to_string(),
                other_is_input: *is_input,
            });
        }
        seen.push((id, out, false));
    }
    for out in outputs {
        lock(out)?;
    }
    Ok(())
}

/// The locks this process holds, by the sidecar's path: held until the process ends (a lock
/// taken twice from one process on two descriptors would conflict with itself).
static LOCKS: Mutex<Option<HashMap<PathBuf, File>>> = Mutex::new(None);

/// The sidecar lock file of a regular output, or `None` for a path that is not a regular
/// file (nothing to lock).
fn lock_path(target: &Path) -> Option<PathBuf> {
    let name = target.file_name()?;
    let mut lock = std::ffi::OsString::from(".");
    lock.push(name);
    lock.push(".lock");
    Some(target.with_file_name(lock))
}

/// Where the output really goes: a symbolic link is followed (the link stays, its target is
/// replaced); `None` for an existing path that is not a regular file, written directly.
fn target_of(path: &Path) -> io::Result<Option<PathBuf>> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => std::fs::canonicalize(path).map(Some),
        Ok(_) => Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => new_file_path(path).map(Some),
        Err(e) => Err(e),
    }
}

/// Takes the exclusive lock of `path` (once per process), then removes the temporary files a
/// killed run left beside it.
fn lock(path: &Path) -> Result<(), CliError> {
    let shown = || path.display().to_string();
    let write_err = |source| CliError::Write {
        path: shown(),
        source,
    };
    let Some(target) = target_of(path).map_err(write_err)? else {
        return Ok(());
    };
    let Some(lock_file) = lock_path(&target) else {
        return Ok(());
    };
    let mut locks = LOCKS.lock().unwrap_or_else(PoisonError::into_inner);
    let held = locks.get_or_insert_with(HashMap::new);
    if held.contains_key(&lock_file) {
        return Ok(());
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_file)
        .map_err(|source| CliError::Write {
            path: lock_file.display().to_string(),
            source,
        })?;
    match file.try_lock_exclusive() {
        Ok(true) => {}
        Ok(false) => return Err(CliError::Locked { path: shown() }),
        Err(source) => {
            return Err(CliError::Write {
                path: lock_file.display().to_string(),
                source,
            });
        }
    }
    held.insert(lock_file, file);
    drop(locks);
    remove_stale_temps(&target);
    Ok(())
}

/// Removes `.NAME.XXXXXX.weiquan-tmp` beside `target`: temporary files of a run that was
/// killed. Called with the lock held, so none of them is being written. Failing to remove one
/// is not an error: it is only litter, removed next time.
fn remove_stale_temps(target: &Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let Some(name) = name.to_str() else { return };
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        let random = n
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(TEMP_SUFFIX));
        if random.is_some_and(|r| r.len() == TEMP_RANDOM && !r.contains('.')) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// An output file being written: a temporary file beside the target until [`commit`]
/// renames it into place, or the target itself when that is not a regular file.
///
/// [`commit`]: AtomicFile::commit
pub struct AtomicFile {
    /// The path as the user gave it (for messages).
    shown: String,
    inner: Inner,
}

enum Inner {
    Temp {
        file: tempfile::NamedTempFile,
        target: PathBuf,
    },
    Direct(File),
}

impl AtomicFile {
    /// Locks `path` (if [`claim`] has not) and starts writing it.
    pub fn create(path: &Path, mode: Mode) -> Result<AtomicFile, CliError> {
        let shown = path.display().to_string();
        let write_err = |source| CliError::Write {
            path: shown.clone(),
            source,
        };
        lock(path)?;
        let Some(target) = target_of(path).map_err(write_err)? else {
            let file = OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(path)
                .map_err(write_err)?;
            return Ok(AtomicFile {
                shown,
                inner: Inner::Direct(file),
            });
        };
        let dir = target.parent().unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let permissions = {
            use std::os::unix::fs::PermissionsExt;
            std::fs::Permissions::from_mode(match mode {
                Mode::Shared => 0o666,
                Mode::Private => 0o600,
            })
        };
        let file = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(TEMP_SUFFIX)
            .rand_bytes(TEMP_RANDOM)
            .permissions(permissions)
            .tempfile_in(dir)
            .map_err(write_err)?;
        Ok(AtomicFile {
            shown,
            inner: Inner::Temp { file, target },
        })
    }

    /// The path as the user gave it.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Flushes, syncs and renames the file into place (a direct file is flushed only).
    pub fn commit(self) -> Result<(), CliError> {
        let shown = self.shown;
        let write_err = |source| CliError::Write {
            path: shown.clone(),
            source,
        };
        match self.inner {
            Inner::Direct(mut f) => f.flush().map_err(write_err),
            Inner::Temp { mut file, target } => {
                file.flush().map_err(write_err)?;
                file.as_file().sync_all().map_err(write_err)?;
                file.persist(&target).map_err(|e| write_err(e.error))?;
                // The rename is durable once the directory is: a failure here only weakens
                // that guarantee, the file is already whole in place.
                if let Some(dir) = target.parent()
                    && let Ok(d) = File::open(dir)
                {
                    let _ = d.sync_all();
                }
                Ok(())
            }
        }
    }

    fn file(&mut self) -> &mut File {
        match &mut self.inner {
            Inner::Temp { file, .. } => file.as_file_mut(),
            Inner::Direct(f) => f,
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

/// An output that is either standard output (streaming) or a file written whole.
pub enum Sink {
    /// Standard output.
    Stdout(io::Stdout),
    /// A file, renamed into place by [`Sink::commit`].
    File(AtomicFile),
    /// Nowhere: what a command that writes its output later does not write here.
    Discard,
}

impl Sink {
    /// Standard output for `None` or `-`, else the file.
    pub fn open(path: Option<&Path>, mode: Mode) -> Result<Sink, CliError> {
        match path {
            None => Ok(Sink::Stdout(io::stdout())),
            Some(p) if p == Path::new("-") => Ok(Sink::Stdout(io::stdout())),
            Some(p) => AtomicFile::create(p, mode).map(Sink::File),
        }
    }

    /// The name for messages: the path, or `standard output`.
    pub fn shown(&self) -> &str {
        match self {
            Sink::Stdout(_) => "standard output",
            Sink::File(f) => f.shown(),
            Sink::Discard => "nowhere",
        }
    }

    /// Flushes standard output, or commits the file.
    pub fn commit(self) -> Result<(), CliError> {
        match self {
            Sink::Stdout(mut s) => s.flush().map_err(|source| CliError::Write {
                path: "standard output".into(),
                source,
            }),
            Sink::File(f) => f.commit(),
            Sink::Discard => Ok(()),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
            Sink::Discard => Ok(buf.len()),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.write_all(buf),
            Sink::File(f) => f.write_all(buf),
            Sink::Discard => Ok(()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File(f) => f.flush(),
            Sink::Discard => Ok(()),
        }
    }
}

/// Writes `bytes` to `path` whole (see the module documentation).
pub fn write_whole(path: &Path, bytes: &[u8], mode: Mode) -> Result<(), CliError> {
    let mut f = AtomicFile::create(path, mode)?;
    f.write_all(bytes).map_err(|source| CliError::Write {
        path: path.display().to_string(),
        source,
    })?;
    f.commit()
}

/// What to add to an I/O error's text so that a person knows what to do: the disk is full,
/// or a file-size limit was reached.
pub fn hint(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::StorageFull => " (the disk is full)",
        io::ErrorKind::FileTooLarge => " (the file-size limit was reached)",
        io::ErrorKind::QuotaExceeded => " (the disk quota is exhausted)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_and_an_existing_one_resolve_to_their_directory_and_inode() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let expected = std::fs::canonicalize(dir.path()).unwrap().join("a");
        assert_eq!(
            resolve(&a).unwrap().identity,
            Some(Identity::NewFile(expected))
        );
        std::fs::write(&a, "x").unwrap();
        let b = dir.path().join("b");
        std::fs::hard_link(&a, &b).unwrap();
        assert_eq!(resolve(&a).unwrap().identity, resolve(&b).unwrap().identity);
        assert_eq!(resolve(Path::new("/dev/null")).unwrap().identity, None);
    }

    #[test]
    fn only_this_outputs_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        for name in [
            ".out.jsonl.abc123.weiquan-tmp",
            ".out.jsonl.abc12.weiquan-tmp",
            ".other.abc123.weiquan-tmp",
            "out.jsonl",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        remove_stale_temps(&target);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".other.abc123.weiquan-tmp",
                ".out.jsonl.abc12.weiquan-tmp",
                "out.jsonl"
            ]
        );
    }
}
