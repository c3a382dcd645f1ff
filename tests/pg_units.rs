//! Translated program units on a real PostgreSQL: triggers fire and set
//! values, a package's routines, constants and session state work as a
//! schema, a pipelined function returns rows, collections behave as arrays.
//! Expected values are what Oracle returns for the same calls.
//!
//! The test starts a private server from `SQLPORT_PG_BIN` (default: Debian's
//! PostgreSQL 15, `/usr/lib/postgresql/15/bin`), as the user `SQLPORT_PG_USER`
//! (default `pgtest`, else `nobody`) when the tests run as root. Without server binaries it
//! is skipped with a message, unless `CI` is set.
//!
//! The inputs use only constructs whose translation belongs to these rules
//! (`triggers`, `packages`, `pipelined`, `collections`), so that the test
//! checks them and not the rest of the pipeline.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sqlport::{Options, Source, Target};

struct Server {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    user: Option<String>,
}

impl Server {
    fn start() -> Option<Server> {
        let bin = PathBuf::from(
            std::env::var("SQLPORT_PG_BIN")
                .unwrap_or_else(|_| "/usr/lib/postgresql/15/bin".to_string()),
        );
        if !bin.join("initdb").exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "no PostgreSQL server binaries in {}",
                bin.display()
            );
            eprintln!(
                "SKIPPED: no PostgreSQL server binaries in {} (set SQLPORT_PG_BIN)",
                bin.display()
            );
            return None;
        }
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        // PostgreSQL refuses to run as root: a user of the machine runs it.
        let user = root.then(|| {
            std::env::var("SQLPORT_PG_USER").unwrap_or_else(|_| {
                let exists = |u: &str| {
                    Command::new("id")
                        .arg(u)
                        .output()
                        .is_ok_and(|o| o.status.success())
                };
                if exists("pgtest") {
                    "pgtest".into()
                } else {
                    "nobody".into()
                }
            })
        });
        let dir = std::env::temp_dir().join(format!("sqlport-pg-units-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temporary directory");
        if let Some(user) = &user {
            let ok = Command::new("chown")
                .arg(user)
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "chown {} to {user}", dir.display());
        }
        let port = 56000 + (std::process::id() % 2000) as u16;
        let server = Server {
            dir,
            bin,
            port,
            user,
        };
        let data = server.dir.join("data");
        server.run_as_owner(&format!(
            "{} -D {} -A trust -U postgres >/dev/null",
            server.bin.join("initdb").display(),
            data.display()
        ));
        server.run_as_owner(&format!(
            "{} -D {} -o '-p {} -k {} -c listen_addresses=' -l {} -w start >/dev/null",
            server.bin.join("pg_ctl").display(),
            data.display(),
            server.port,
            server.dir.display(),
            server.dir.join("log").display()
        ));
        Some(server)
    }

    fn run_as_owner(&self, command: &str) {
        let status = match &self.user {
            Some(user) => Command::new("su")
                .args(["-s", "/bin/sh", user, "-c", command])
                .status(),
            None => Command::new("sh").args(["-c", command]).status(),
        };
        assert!(status.is_ok_and(|s| s.success()), "failed: {command}");
    }

    /// Runs `sql` in database `db`; returns the unaligned, tuples-only output.
    fn psql(&self, db: &str, sql: &str) -> Result<String, String> {
        // Server-only distributions (the embedded-postgres packages) have no
        // psql: any client works.
        let psql = self.bin.join("psql");
        let psql = if psql.exists() {
            psql
        } else {
            PathBuf::from("psql")
        };
        let mut child = Command::new(psql)
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-U",
                "postgres",
            ])
            .arg("-h")
            .arg(&self.dir)
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-d")
            .arg(db)
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
            Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).to_string())
        }
    }

    fn database(&self, db: &str) {
        self.psql("postgres", &format!("CREATE DATABASE {db};"))
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.run_as_owner(&format!(
            "{} -D {} -m immediate stop >/dev/null",
            self.bin.join("pg_ctl").display(),
            self.dir.join("data").display()
        ));
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

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
    if let Err(e) = server.psql(db, sql) {
        panic!("the translation does not load:\n{e}\n--- translation:\n{sql}");
    }
}

fn query(server: &Server, db: &str, sql: &str) -> String {
    server
        .psql(db, sql)
        .unwrap_or_else(|e| panic!("{sql}\n{e}"))
}

#[test]
fn translated_units_load_and_behave_like_oracle_on_postgresql() {
    let Some(server) = Server::start() else {
        return;
    };
    // Each kernel's output on servers of that kernel or newer.
    let server_version: u32 = query(&server, "postgres", "SHOW server_version_num;")
        .parse::<u32>()
        .map_or(0, |n| n / 10000);
    for (db, version) in [
        ("units_k12", None),
        ("units_k14", Some(14)),
        ("units_k15", Some(15)),
    ] {
        if version.unwrap_or(12) > server_version {
            continue;
        }
        server.database(db);
        load(&server, db, &fixture("tables.sql"));
        triggers(&server, db, version);
        packages(&server, db, version);
        collections(&server, db, version);
    }
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
