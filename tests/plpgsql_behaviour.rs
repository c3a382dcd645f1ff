//! PL/SQL routines translated to PL/pgSQL behave as in Oracle.
//!
//! `tests/fixtures/plpgsql/his_routines.sql` holds HIS procedures and
//! functions (written with types and functions both databases know, so that
//! only the PL/SQL → PL/pgSQL rules are tested); `his_routines_checks.sql`
//! calls them and asserts the results Oracle gives. The translation is
//! pinned as a snapshot for kernels 12 and 14, and, when a PostgreSQL server
//! is given (`SQLPORT_TEST_PGPORT`, with `SQLPORT_TEST_PGHOST` defaulting to
//! `/tmp` and `SQLPORT_TEST_PGUSER` to the current user), loaded into a fresh
//! database and checked: the output for each kernel up to the server's
//! version (checked on PostgreSQL 12.22, 14.23 and 15).

use std::path::Path;
use std::process::Command;

use sqlport::{Options, Source, Target};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plpgsql")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn translated(kernel: u32) -> String {
    let options = Options::new(Source::Oracle, Target::Highgo).with_target_version(Some(kernel));
    sqlport::translate(&fixture("his_routines.sql"), &options).sql
}

#[test]
fn his_routines_translate_for_kernel_12_and_14() {
    insta::assert_snapshot!("his_routines@pg12", translated(12));
    insta::assert_snapshot!("his_routines@pg14", translated(14));
}

fn psql(port: &str, db: &str, args: &[&str]) -> std::process::Output {
    let host = std::env::var("SQLPORT_TEST_PGHOST").unwrap_or_else(|_| "/tmp".to_string());
    let mut cmd = Command::new("psql");
    cmd.args([
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        &host,
        "-p",
        port,
        "-d",
        db,
    ]);
    if let Ok(user) = std::env::var("SQLPORT_TEST_PGUSER") {
        cmd.args(["-U", &user]);
    }
    cmd.args(args);
    match cmd.output() {
        Ok(out) => out,
        Err(e) => panic!("psql: {e}"),
    }
}

#[test]
fn his_routines_behave_as_in_oracle_on_postgresql() {
    let Ok(port) = std::env::var("SQLPORT_TEST_PGPORT") else {
        eprintln!(
            "SKIPPED his_routines_behave_as_in_oracle_on_postgresql: set SQLPORT_TEST_PGPORT (and SQLPORT_TEST_PGHOST, SQLPORT_TEST_PGUSER) to run it"
        );
        return;
    };
    let version = psql(&port, "postgres", &["-At", "-c", "SHOW server_version_num"]);
    let server: u32 = String::from_utf8_lossy(&version.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
        / 10000;
    assert!(server >= 12, "no PostgreSQL 12 or later on port {port}");
    let dir = std::env::temp_dir().join(format!("sqlport-plpgsql-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    // Output for a kernel runs on that kernel and later ones.
    for kernel in [12, 14].into_iter().filter(|&k| k <= server) {
        let db = format!("sqlport_plpgsql_{kernel}");
        let out = psql(
            &port,
            "postgres",
            &[
                "-c",
                &format!("DROP DATABASE IF EXISTS {db}"),
                "-c",
                &format!("CREATE DATABASE {db}"),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let script = dir.join(format!("his_routines_{kernel}.sql"));
        let checks = dir.join("checks.sql");
        let _ = std::fs::write(&script, translated(kernel));
        let _ = std::fs::write(&checks, fixture("his_routines_checks.sql"));
        let (script, checks) = (script.to_string_lossy(), checks.to_string_lossy());
        let out = psql(&port, &db, &["-f", &script, "-f", &checks]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("all checks passed"),
            "kernel {kernel}:\n{}\n{stdout}",
            String::from_utf8_lossy(&out.stderr)
        );
        let _ = psql(&port, "postgres", &["-c", &format!("DROP DATABASE {db}")]);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
