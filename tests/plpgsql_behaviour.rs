//! PL/SQL routines translated to PL/pgSQL behave as in Oracle.
//!
//! `tests/fixtures/plpgsql/his_routines.sql` holds HIS procedures and
//! functions (written with types and functions both databases know, so that
//! only the PL/SQL → PL/pgSQL rules are tested); `his_routines_checks.sql`
//! calls them and asserts the results Oracle gives. The translation is
//! pinned as a snapshot for kernels 12 and 14, and loaded into a fresh
//! database of PostgreSQL 12, 14 and 15 (the servers of
//! `tests/support/pg.rs`) and checked: `--target-version` N on server N,
//! and the default (kernel 12) on 14 and 15. Without server binaries the
//! behaviour test is skipped with a loud message, unless `CI` is set (then
//! it fails).

#[path = "support/pg.rs"]
mod pg;

use std::path::Path;

use sqlport::{Options, Source, Target};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plpgsql")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn translated(kernel: Option<u32>) -> String {
    let options = Options::new(Source::Oracle, Target::Highgo).with_target_version(kernel);
    sqlport::translate(&fixture("his_routines.sql"), &options).sql
}

#[test]
fn his_routines_translate_for_kernel_12_and_14() {
    insta::assert_snapshot!("his_routines@pg12", translated(Some(12)));
    insta::assert_snapshot!("his_routines@pg14", translated(Some(14)));
}

#[test]
fn his_routines_behave_as_in_oracle_on_postgresql_12_14_15() {
    if !pg::available("his_routines_behave_as_in_oracle_on_postgresql_12_14_15") {
        return;
    }
    let checks = fixture("his_routines_checks.sql");
    let mut failures = Vec::new();
    for run in pg::all_runs() {
        let server = pg::shared(run.server);
        let db = server.fresh_database("plpgsql");
        let script = format!("{}\n{checks}", translated(run.target_version));
        match server.query(&db, &script) {
            Ok(out) if out.contains("all checks passed") => {}
            Ok(out) => failures.push(format!("{}: no `all checks passed`:\n{out}", run.name())),
            Err(e) => failures.push(format!("{}: {e}", run.name())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
