//! Translated program units on a real PostgreSQL: triggers fire and set
//! values, a package's routines, constants and session state work as a
//! schema, a pipelined function returns rows, collections behave as arrays.
//! Expected values are what Oracle returns for the same calls.
//!
//! Each rule's test runs on PostgreSQL 12, 14 and 15 (the servers of
//! `tests/support/pg.rs`, shared by the three tests), translated with
//! `--target-version` N on server N and with the default (kernel 12) on 14
//! and 15, each run in a fresh database. Without server binaries the tests
//! are skipped with a loud message, unless `CI` is set (then they fail).
//!
//! The inputs use only constructs whose translation belongs to these rules
//! (`triggers`, `packages`, `pipelined`, `collections`), so that the test
//! checks them and not the rest of the pipeline.

#[path = "support/pg.rs"]
mod pg;

use std::path::Path;

use pg::Server;
use sqlport::{Options, Source, Target};

fn translated(input: &str, version: Option<u32>, context: &[&str]) -> String {
    let options = Options::new(Source::Oracle, Target::Highgo)
        .with_target_version(version)
        .with_context(context.iter().map(|s| s.to_string()).collect());
    sqlport::translate(input, &options).sql
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pg_units")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load(server: &Server, db: &str, sql: &str) {
    if let Err(e) = server.query(db, sql) {
        panic!("the translation does not load:\n{e}\n--- translation:\n{sql}");
    }
}

fn query(server: &Server, db: &str, sql: &str) -> String {
    server
        .query(db, sql)
        .unwrap_or_else(|e| panic!("{sql}\n{e}"))
}

/// Runs `check` for every run of [`pg::all_runs`], each in a fresh
/// database holding the fixture tables.
fn on_every_kernel(test: &str, check: fn(&Server, &str, Option<u32>)) {
    if !pg::available(test) {
        return;
    }
    for run in pg::all_runs() {
        let server = pg::shared(run.server);
        let db = server.fresh_database(test);
        load(server, &db, &fixture("tables.sql"));
        check(server, &db, run.target_version);
    }
}

#[test]
fn translated_triggers_fire_like_oracles() {
    on_every_kernel("units_triggers", triggers);
}

#[test]
fn translated_packages_keep_oracles_state_and_rows() {
    on_every_kernel("units_packages", packages);
}

#[test]
fn translated_collections_behave_like_oracles() {
    on_every_kernel("units_collections", collections);
}

fn triggers(server: &Server, db: &str, version: Option<u32>) {
    let sql = translated(&fixture("triggers.sql"), version, &[]);
    load(server, db, &sql);
    // Loading twice works too (Oracle's CREATE OR REPLACE TRIGGER).
    load(server, db, &sql);
    // BEFORE INSERT sets the key, the card number and cleans the name.
    query(
        server,
        db,
        "INSERT INTO his_patient (patient_name, id_card_no) VALUES ('  张三 ', '11010519491231002x');",
    );
    assert_eq!(
        query(
            server,
            db,
            "SELECT patient_id, card_no, '[' || patient_name || ']', id_card_no FROM his_patient;"
        ),
        "1000|V00000001000|[张三]|11010519491231002X"
    );
    // A trigger created DISABLE does not fire.
    query(server, db, "UPDATE his_patient SET card_no = card_no;");
    assert_eq!(
        query(server, db, "SELECT patient_name FROM his_patient;"),
        "张三"
    );
    // Predicates: INSERTING sets the status, UPDATING('admission_id') follows the admission.
    query(
        server,
        db,
        "INSERT INTO ip_bed (bed_id, bed_status, admission_id) VALUES (1, NULL, NULL);",
    );
    query(
        server,
        db,
        "UPDATE ip_bed SET admission_id = 77 WHERE bed_id = 1;",
    );
    assert_eq!(
        query(
            server,
            db,
            "SELECT bed_status FROM ip_bed WHERE bed_id = 1;"
        ),
        "1"
    );
    // AFTER UPDATE OF bed_status with WHEN: fires on a change only.
    query(
        server,
        db,
        "UPDATE ip_bed SET bed_status = '2' WHERE bed_id = 1;",
    );
    query(
        server,
        db,
        "UPDATE ip_bed SET bed_status = '2' WHERE bed_id = 1;",
    );
    assert_eq!(
        query(
            server,
            db,
            "SELECT bed_id, old_status, new_status, admission_id FROM ip_bed_log;"
        ),
        "1|1|2|77"
    );
    // BEFORE DELETE returns OLD (the row goes); the bare RETURN keeps it going.
    query(server, db, "DELETE FROM ip_bed WHERE bed_id = 1;");
    assert_eq!(query(server, db, "SELECT count(*) FROM ip_bed;"), "0");
    assert_eq!(
        query(
            server,
            db,
            "SELECT count(*) FROM ip_bed_log WHERE new_status = 'D';"
        ),
        "1"
    );
    // INSTEAD OF on a view; REFERENCING aliases with a WHEN clause.
    query(server, db, "INSERT INTO v_bed VALUES (5, '0');");
    assert_eq!(
        query(server, db, "SELECT bed_id, bed_status FROM ip_bed;"),
        "105|0"
    );
    query(
        server,
        db,
        "INSERT INTO op_schedule VALUES (9, 3); INSERT INTO op_registration VALUES (1, 'N', 9);",
    );
    query(
        server,
        db,
        "UPDATE op_registration SET status = 'C' WHERE reg_id = 1;",
    );
    assert_eq!(
        query(server, db, "SELECT used_quota FROM op_schedule;"),
        "2"
    );
}

fn packages(server: &Server, db: &str, version: Option<u32>) {
    let spec = fixture("pkg_pharmacy.pks");
    let body = fixture("pkg_pharmacy.pkb");
    // Specification and body translated apart, each with the other as context.
    load(server, db, &translated(&spec, version, &[&body]));
    load(server, db, &translated(&body, version, &[&spec]));
    let user = translated(&fixture("pkg_user.sql"), version, &[&spec]);
    load(server, db, &user);
    query(
        server,
        db,
        "INSERT INTO ph_drug VALUES (1, 'AMOX', '阿莫西林', '1'), (2, 'IBU', '布洛芬', '1');
         INSERT INTO ph_stock_batch VALUES (10, 1, 71, 'B10', 100, '1'), (11, 1, 71, 'B11', 50, '1'),
                                           (12, 2, 71, 'B12', 30, '1'), (13, 2, 72, 'B13', 99, '1');",
    );
    // Package state lives in the session: each psql run below is one session.
    assert_eq!(
        query(
            server,
            db,
            "SELECT pkg_pharmacy.g_call_count(), pkg_pharmacy.g_last_drug() IS NULL;
             -- the default parameter is the package constant; the cursor is the package's
             SELECT pkg_pharmacy.get_available_qty(1), pkg_pharmacy.get_available_qty(2, 72), fn_opd_qty(2);
             SELECT pkg_pharmacy.g_call_count();
             -- a variable set to NULL stays NULL (no fall back to its default)
             SELECT pkg_pharmacy.set_g_call_count(NULL);
             SELECT pkg_pharmacy.g_call_count() IS NULL;"
        ),
        "0|t\n150.00|99.00|30.00\n3\n\nt"
    );
    // The pipelined function returns rows and sets a package variable.
    assert_eq!(
        query(
            server,
            db,
            "SELECT drug_code, total_qty FROM pkg_pharmacy.stock_summary() ORDER BY drug_code;
             SELECT pkg_pharmacy.g_last_drug();
             SELECT count(*) FROM opd_stock;"
        ),
        "AMOX|150.00\nIBU|30.00\nIBU\n2"
    );
    // A private routine and a constant of the body, through the public procedure.
    assert_eq!(
        query(
            server,
            db,
            "CALL pkg_pharmacy.deduct(10, 5);
             SELECT batch_id, biz_type, change_qty, memo FROM ph_stock_log;
             SELECT pkg_pharmacy.g_last_batch(), pg_typeof(pkg_pharmacy.g_last_batch());"
        ),
        "10|OUT|-5.00|PKG_PHARMACY\n10|numeric"
    );
    // The specification's collection of rows is an array domain.
    assert_eq!(
        query(
            server,
            db,
            "SELECT cardinality(pkg_pharmacy.batches_of(1)), (pkg_pharmacy.batches_of(1))[2].stock_qty;"
        ),
        "2|50.00"
    );
}

fn collections(server: &Server, db: &str, version: Option<u32>) {
    let sql = translated(&fixture("collections.sql"), version, &[]);
    load(server, db, &sql);
    query(
        server,
        db,
        "INSERT INTO ward_bed VALUES (1, 3, '301-2', '0'), (2, 3, '301-1', '0'), (3, 3, '301-3', '1'), (4, 4, '401-1', '0');",
    );
    assert_eq!(
        query(server, db, "SELECT exec_times FROM nur_freq_dict;"),
        "{08:00,16:00}"
    );
    assert_eq!(
        query(server, db, "SELECT ward_id, bed_no FROM fn_free_beds(3);"),
        "3|301-1\n3|301-2"
    );
    // Oracle: ids {1,2,3}, EXTEND → {1,2,3,100}: 4*1000 + 100; TRIM → 3 left:
    // + 300000; DELETE → 0; the constructor gave 2: + 2000000.
    assert_eq!(query(server, db, "SELECT fn_count_beds(3);"), "2304100");
    // A field of an element assigned (copied out and back before kernel 14).
    assert_eq!(
        query(server, db, "SELECT fn_renamed_beds(3);"),
        ">N301-2;N301-1;N301-3;"
    );
    // FETCH … BULK COLLECT … LIMIT 2, batch by batch.
    assert_eq!(
        query(
            server,
            db,
            "SELECT fn_bed_batches(3), fn_bed_batches(4), fn_bed_batches(9);"
        ),
        ">[2]301-2;301-1;[1]301-3;|>[1]401-1;|>[0]"
    );
    query(
        server,
        db,
        "INSERT INTO batch_stock VALUES (7, 'B1', 10, '1'), (8, 'B1', 20, '1'), (9, 'B2', 5, '1');",
    );
    query(server, db, "CALL sp_lock_batches('B1');");
    assert_eq!(
        query(
            server,
            db,
            "SELECT batch_id, balance_qty FROM batch_log ORDER BY balance_qty DESC, batch_id;"
        ),
        "8|20.00\n7|10.00\n7|-1.00\n8|-1.00"
    );
    assert_eq!(
        query(
            server,
            db,
            "SELECT string_agg(status, '' ORDER BY batch_id) FROM batch_stock;"
        ),
        "LL1"
    );
}
