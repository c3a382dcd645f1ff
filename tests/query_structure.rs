//! The query-structure rewrites of Oracle → HighGo (`(+)` joins, `ROWNUM`,
//! `CONNECT BY`, `MINUS`, `SELECT UNIQUE`, `DUAL`, `MERGE`) run on a real
//! PostgreSQL 15 and return the rows Oracle's semantics give.
//!
//! Each check of `tests/fixtures/query_structure/checks.sql` is translated
//! for kernel 12 and for kernel 15, run on fresh fixture tables
//! (`tables.sql`) in a private server (a temporary directory, a unix socket
//! only, stopped at the end), and its rows compared with the expected ones.
//! Binaries: `SQLPORT_PG15_BIN`, else Debian's `/usr/lib/postgresql/15/bin`;
//! as root the server runs as `SQLPORT_PG_USER` (default `pgtest`). Without
//! binaries the test is skipped with a message, unless `CI` is set.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sqlport::{Options, Source, Target, translate};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/query_structure")
}

/// A private PostgreSQL server, stopped and removed when dropped.
struct Server {
    bin: PathBuf,
    dir: PathBuf,
    user: Option<String>,
}

impl Server {
    fn start(bin: PathBuf) -> Server {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        let user =
            root.then(|| std::env::var("SQLPORT_PG_USER").unwrap_or_else(|_| "pgtest".into()));
        let dir =
            std::env::temp_dir().join(format!("sqlport-query-structure-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("server directory");
        let server = Server { bin, dir, user };
        if let Some(u) = &server.user {
            server.run(
                "chown",
                &[u.as_str(), &server.dir.display().to_string()],
                false,
            );
        }
        let data = server.dir.join("data").display().to_string();
        let initdb = server.bin.join("initdb").display().to_string();
        server.run(
            &initdb,
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "sqlport",
                "-E",
                "UTF8",
                "--no-locale",
            ],
            true,
        );
        let pg_ctl = server.bin.join("pg_ctl").display().to_string();
        let options = format!("-p 5432 -k {} -c listen_addresses=", server.dir.display());
        let log = server.dir.join("log").display().to_string();
        server.run(
            &pg_ctl,
            &["-D", &data, "-o", &options, "-l", &log, "-w", "start"],
            true,
        );
        server
    }

    /// Runs a command, as the server user when there is one.
    fn run(&self, program: &str, args: &[&str], as_user: bool) {
        let status = match (&self.user, as_user) {
            (Some(u), true) => {
                let line = std::iter::once(program)
                    .chain(args.iter().copied())
                    .map(|a| format!("'{a}'"))
                    .collect::<Vec<_>>()
                    .join(" ");
                Command::new("su").args([u.as_str(), "-c", &line]).output()
            }
            _ => Command::new(program).args(args).output(),
        };
        let ok = status.as_ref().is_ok_and(|o| o.status.success());
        let why = status
            .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
            .unwrap_or_else(|e| e.to_string());
        assert!(ok, "{program} {args:?} failed: {why}");
    }

    /// Runs `sql` in a fresh session; returns its rows (`a|b` per line) or the error.
    fn query(&self, sql: &str) -> Result<String, String> {
        let mut child = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1"])
            .args([
                "-h",
                &self.dir.display().to_string(),
                "-p",
                "5432",
                "-U",
                "sqlport",
                "-d",
                "postgres",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(sql.as_bytes()).map_err(|e| e.to_string())?;
        }
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let pg_ctl = self.bin.join("pg_ctl").display().to_string();
        let data = self.dir.join("data").display().to_string();
        let line = format!("'{pg_ctl}' -D '{data}' -m immediate stop");
        let _ = match &self.user {
            Some(u) => Command::new("su").args([u.as_str(), "-c", &line]).output(),
            None => Command::new(&pg_ctl)
                .args(["-D", &data, "-m", "immediate", "stop"])
                .output(),
        };
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// `(name, expected rows, Oracle script)` for each check.
fn checks() -> Vec<(String, String, String)> {
    let text = fs::read_to_string(fixtures().join("checks.sql")).expect("checks.sql");
    let mut out: Vec<(String, String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("-- check ") {
            let (name, rows) = head.split_once(": ").unwrap_or((head, ""));
            out.push((name.to_string(), rows.to_string(), String::new()));
        } else if let Some((_, _, script)) = out.last_mut() {
            script.push_str(line);
            script.push('\n');
        }
    }
    out
}

#[test]
fn query_rewrites_return_oracles_rows_on_postgresql() {
    let bin = std::env::var_os("SQLPORT_PG15_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/postgresql/15/bin"));
    if !bin.join("initdb").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "no PostgreSQL 15 binaries at {}",
            bin.display()
        );
        eprintln!(
            "\n*** SKIPPED: no PostgreSQL 15 binaries at {} (set SQLPORT_PG15_BIN) ***\n",
            bin.display()
        );
        return;
    }
    let server = Server::start(bin);
    let tables = fs::read_to_string(fixtures().join("tables.sql")).expect("tables.sql");
    let checks = checks();
    assert!(checks.len() >= 20);
    let mut failures = Vec::new();
    for kernel in [12, 15] {
        let options = Options::new(Source::Oracle, Target::Highgo)
            .with_target_version(Some(kernel))
            .with_annotate(false);
        for (name, expected, script) in &checks {
            let translated = translate(script, &options).sql;
            let rows = server
                .query(&format!("{tables}\n{translated}"))
                .map(|out| out.lines().collect::<Vec<_>>().join(" / "));
            if rows.as_deref() != Ok(expected.as_str()) {
                failures.push(format!(
                    "{name} (kernel {kernel}):\n  expected: {expected}\n  got:      {rows:?}\n  sql:      {translated}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
