//! A throwaway PostgreSQL cluster for one test binary: Debian's `initdb` and `pg_ctl`
//! (`/usr/lib/postgresql/<version>/bin`), a data directory in a temporary directory, a free
//! port on 127.0.0.1, trust authentication. As root the programs run as the `postgres` user
//! through `runuser` (initdb refuses to run as root). One cluster serves every test of the
//! binary, each in its own database.
//!
//! The cluster is stopped and its directory deleted when the test process ends, whichever
//! way it ends: a small shell waits on a pipe whose writing end only this process holds, and
//! when the pipe closes (exit, panic, kill -9) it stops the server and removes the directory.
//! `Cluster::drop` does the same for a cluster that is not the shared one.
//!
//! Without PostgreSQL installed, the tests fail when `CI` is set and are skipped with a
//! message otherwise (`cargo xtask ci` installs the package).

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// The newest installed `initdb` and `pg_ctl`, under `/usr/lib/postgresql` (or
/// `WEIQUAN_PG_ROOT`, which checks what happens without PostgreSQL).
pub fn binaries() -> Option<PathBuf> {
    let root = std::env::var_os("WEIQUAN_PG_ROOT")
        .map_or_else(|| PathBuf::from("/usr/lib/postgresql"), PathBuf::from);
    let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            (bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()).then_some((version, bin))
        })
        .collect();
    dirs.sort();
    dirs.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A command that runs `program` as the cluster's owner.
fn as_owner(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(mut c: Command, what: &str) {
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub struct Cluster {
    pub port: u16,
    dir: PathBuf,
    bin: PathBuf,
    /// The watchdog's stdin: closing it stops the cluster.
    watchdog: Option<(Child, ChildStdin)>,
}

impl Cluster {
    pub fn start(bin: &Path) -> Cluster {
        // As root, in /tmp itself: the `postgres` user must be able to reach the directory,
        // which a private TMPDIR (mode 700) would forbid.
        let parent = if is_root() {
            PathBuf::from("/tmp")
        } else {
            std::env::temp_dir()
        };
        let dir = tempfile::Builder::new()
            .prefix("weiquan-pg-")
            .tempdir_in(parent)
            .unwrap()
            .keep();
        if is_root() {
            run(
                {
                    let mut c = Command::new("chown");
                    c.arg("postgres:postgres").arg(&dir);
                    c
                },
                "chown",
            );
        }
        let data = dir.join("data");
        let mut init = as_owner(&bin.join("initdb"));
        init.arg("-D").arg(&data).args([
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "-N",
        ]);
        run(init, "initdb");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut start = as_owner(&bin.join("pg_ctl"));
        start
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(dir.join("server.log"))
            .arg("-o")
            // No unix socket (the directory may not be writable), TCP on loopback only;
            // fsync off: the cluster is thrown away.
            .arg(format!(
                "-p {port} -k '' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
            ))
            .args(["-w", "-t", "60", "start"]);
        run(start, "pg_ctl start");
        // The watchdog: when our end of its stdin closes, it stops the server and deletes
        // the directory.
        let owner = if is_root() {
            "runuser -u postgres -- "
        } else {
            ""
        };
        let script = format!(
            "read _; {owner}'{pg_ctl}' -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{dir}'",
            pg_ctl = bin.join("pg_ctl").display(),
            data = data.display(),
            dir = dir.display(),
        );
        let mut child = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        Cluster {
            port,
            dir,
            bin: bin.to_path_buf(),
            watchdog: Some((child, stdin)),
        }
    }

    pub fn url(&self, db: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres dbname={db}",
            self.port
        )
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Some((mut child, stdin)) = self.watchdog.take() {
            drop(stdin);
            let _ = child.wait();
        }
        let _ = (&self.bin, &self.dir);
    }
}

static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
static DATABASES: AtomicU64 = AtomicU64::new(0);

/// The shared cluster, started on first use; `None` when PostgreSQL is not installed and
/// this is not CI.
pub fn cluster() -> Option<&'static Cluster> {
    CLUSTER
        .get_or_init(|| match binaries() {
            Some(bin) => Some(Cluster::start(&bin)),
            None => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): CI must \
                     run the PostgreSQL tests; `cargo xtask ci` installs the package"
                );
                eprintln!(
                    "skipping the PostgreSQL tests: PostgreSQL is not installed \
                     (apt-get install postgresql)"
                );
                None
            }
        })
        .as_ref()
}

/// A new, empty database in the shared cluster: its connection string.
pub fn fresh_database() -> Option<String> {
    let cluster = cluster()?;
    let name = format!("t{}", DATABASES.fetch_add(1, Ordering::Relaxed));
    let mut admin = postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    Some(cluster.url(&name))
}
