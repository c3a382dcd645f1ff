//! The query-structure rewrites of Oracle → HighGo (`(+)` joins, `ROWNUM`,
//! `CONNECT BY`, `MINUS`, `SELECT UNIQUE`, `DUAL`, `MERGE`) run on a real
//! PostgreSQL 12, 14 and 15 and return the rows Oracle's semantics give.
//!
//! Each check of `tests/fixtures/query_structure/checks.sql` is translated
//! for each run of [`pg::all_runs`] (`--target-version` N on PostgreSQL N
//! for 12, 14 and 15; the default, kernel 12, on 14 and 15), run on fresh
//! fixture tables (`tables.sql`) in that run's own database, and its rows
//! compared with the expected ones. Servers come from `tests/support/pg.rs`:
//! without binaries the test is skipped with a loud message, unless `CI` is
//! set (then it fails).

#[path = "support/pg.rs"]
mod pg;

use std::fs;
use std::path::{Path, PathBuf};

use sqlport::translate;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/query_structure")
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
fn query_rewrites_return_oracles_rows_on_postgresql_12_14_15() {
    if !pg::available("query_rewrites_return_oracles_rows_on_postgresql_12_14_15") {
        return;
    }
    let tables = fs::read_to_string(fixtures().join("tables.sql")).expect("tables.sql");
    let checks = checks();
    assert!(checks.len() >= 20);
    let mut failures = Vec::new();
    for run in pg::all_runs() {
        let server = pg::shared(run.server);
        let db = server.fresh_database("query_structure");
        let options = run.options().with_annotate(false);
        for (name, expected, script) in &checks {
            let translated = translate(script, &options).sql;
            // The tables are dropped and made anew before each check.
            let rows = server
                .query(&db, &format!("{tables}\n{translated}"))
                .map(|out| out.lines().collect::<Vec<_>>().join(" / "));
            if rows.as_deref() != Ok(expected.as_str()) {
                failures.push(format!(
                    "{name} ({}):\n  expected: {expected}\n  got:      {rows:?}\n  sql:      {translated}",
                    run.name()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
