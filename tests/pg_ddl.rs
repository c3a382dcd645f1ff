//! Oracle DDL translated for HighGo loads on real PostgreSQL 12, 14 and 15.
//!
//! `tests/fixtures/pg_ddl/his_ddl.sql` exercises every DDL and type rule of
//! the Oracle → PostgreSQL-style direction (types, storage clauses,
//! constraint states, identity, ALTER TABLE, global temporary tables,
//! sequences, indexes, views, synonyms, comments, CTAS). Its translation
//! must load with no error, statement by statement (`ON_ERROR_STOP`), for
//! each run of [`pg::all_runs`]: `--target-version` N on server N, and the
//! default (kernel 12) on 14 and 15, each in a fresh database.
//!
//! Servers come from `tests/support/pg.rs`: without their binaries the test
//! is skipped with a loud message, unless `CI` is set (then it fails).

#[path = "support/pg.rs"]
mod pg;

use std::path::Path;

#[test]
fn translated_oracle_ddl_loads_on_postgresql_12_14_15() {
    if !pg::available("translated_oracle_ddl_loads_on_postgresql_12_14_15") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let input = std::fs::read_to_string(root.join("tests/fixtures/pg_ddl/his_ddl.sql"))
        .expect("read fixture");
    let mut failures = Vec::new();
    for run in pg::all_runs() {
        let out = sqlport::translate(&input, &run.options());
        let server = pg::shared(run.server);
        let db = server.fresh_database("ddl");
        if let Err(e) = server.query(&db, &out.sql) {
            failures.push(format!(
                "{}: the translation did not load:\n{e}\n--- translation:\n{}",
                run.name(),
                out.sql
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
