//! Oracle DDL translated for HighGo loads on a real PostgreSQL server.
//!
//! `tests/fixtures/pg_ddl/his_ddl.sql` exercises every DDL and type rule of
//! the Oracle → PostgreSQL-style direction (types, storage clauses,
//! constraint states, identity, ALTER TABLE, global temporary tables,
//! sequences, indexes, views, synonyms, comments, CTAS). Its translation
//! must load with no error, statement by statement (`ON_ERROR_STOP`).
//!
//! Needs PostgreSQL's server binaries: `SQLPORT_PG_BIN`, else Debian's
//! `/usr/lib/postgresql/15/bin` (and `psql`, from there or the `PATH`). The server is private (its own data folder,
//! a Unix socket in its own folder, no TCP) and runs as the user `pgtest`
//! when the tests run as root. Without binaries the test fails under CI
//! (`CI` set) and is skipped, with a note, elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

fn pg_bin() -> Option<PathBuf> {
    let bin = std::env::var_os("SQLPORT_PG_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/postgresql/15/bin"));
    bin.join("initdb").exists().then_some(bin)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs `program args` (as `pgtest` when root), returning whether it succeeded and its output.
fn run(program: &Path, args: &[&str]) -> (bool, String) {
    let output = if is_root() {
        let mut line = shell_quote(&program.to_string_lossy());
        for a in args {
            line.push(' ');
            line.push_str(&shell_quote(a));
        }
        Command::new("su").args(["pgtest", "-c", &line]).output()
    } else {
        Command::new(program).args(args).output()
    };
    match output {
        Ok(o) => (
            o.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        ),
        Err(e) => (false, e.to_string()),
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[test]
fn translated_oracle_ddl_loads_on_postgresql() {
    let Some(bin) = pg_bin() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: PostgreSQL server binaries are missing (set SQLPORT_PG_BIN)"
        );
        eprintln!(
            "SKIPPED: no PostgreSQL server binaries (set SQLPORT_PG_BIN) — translated DDL not loaded"
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let input = std::fs::read_to_string(root.join("tests/fixtures/pg_ddl/his_ddl.sql"))
        .expect("read fixture");
    let options = sqlport::Options::new(sqlport::Source::Oracle, sqlport::Target::Highgo);
    let out = sqlport::translate(&input, &options);

    let dir = std::env::temp_dir().join(format!("sqlport-pg-ddl-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sock")).expect("scratch folder");
    // The server's user owns the folder; the socket folder is open to all.
    let _ = Command::new("chmod").args(["-R", "777"]).arg(&dir).status();
    let data = dir.join("data");
    let sock = dir.join("sock");
    let sql = dir.join("his_ddl.highgo.sql");
    std::fs::write(&sql, &out.sql).expect("write translation");
    let _ = Command::new("chmod").arg("644").arg(&sql).status();

    let data_s = data.to_string_lossy().to_string();
    let sock_s = sock.to_string_lossy().to_string();
    let (ok, log) = run(
        &bin.join("initdb"),
        &["-D", &data_s, "-A", "trust", "-E", "UTF8", "--locale=C"],
    );
    assert!(ok, "initdb failed: {log}");
    let opts = format!("-c listen_addresses='' -k {sock_s} -p 5432");
    let (ok, log) = run(
        &bin.join("pg_ctl"),
        &[
            "-D",
            &data_s,
            "-o",
            &opts,
            "-w",
            "-l",
            &format!("{data_s}/server.log"),
            "start",
        ],
    );
    assert!(ok, "pg_ctl start failed: {log}");
    // The embedded-postgres packages (PostgreSQL 12 and 14) ship no psql:
    // any client of a recent version will do.
    let psql = if bin.join("psql").exists() {
        bin.join("psql")
    } else {
        PathBuf::from("psql")
    };
    let (loaded, log) = run(
        &psql,
        &[
            "-h",
            &sock_s,
            "-p",
            "5432",
            "-d",
            "postgres",
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-f",
            &sql.to_string_lossy(),
        ],
    );
    let _ = run(&bin.join("pg_ctl"), &["-D", &data_s, "-m", "fast", "stop"]);
    assert!(
        loaded,
        "the translation did not load:\n{log}\n--- translation:\n{}",
        out.sql
    );
    let _ = std::fs::remove_dir_all(&dir);
}
