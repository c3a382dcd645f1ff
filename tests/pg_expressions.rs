//! Oracle expressions translated for a PostgreSQL kernel give Oracle's
//! results on a real server: each check is an Oracle expression and the text
//! Oracle returns for it (from Oracle's documented semantics).
//!
//! Runs when `SQLPORT_TEST_PG` holds a libpq connection string for `psql`
//! (e.g. `host=/tmp port=55502 user=pgtest dbname=postgres`), with
//! `SQLPORT_TEST_PG_KERNEL` the server's major version (12, 14, 15; default
//! 15); otherwise it says so and passes.

use std::process::Command;

use sqlport::{Options, Source, Target};

/// (Oracle expression, what Oracle returns, as PostgreSQL prints it).
const CHECKS: &[(&str, &str)] = &[
    ("NVL(NULL, 'x')", "x"),
    ("NVL2(NULL, 1, 2)", "2"),
    ("DECODE(NULL, NULL, 'y', 'n')", "y"),
    ("DECODE(2, 1, 'one', 2, 'two', 'other')", "two"),
    ("DECODE(5, 1, 'Y', 0)", "0"),
    ("NVL(CAST(NULL AS VARCHAR(10)), 0)", "0"),
    ("ADD_MONTHS(DATE '2024-01-31', 1)", "2024-02-29 00:00:00"),
    ("ADD_MONTHS(DATE '2024-02-29', 1)", "2024-03-31 00:00:00"),
    ("ADD_MONTHS(DATE '2023-02-28', 12)", "2024-02-29 00:00:00"),
    (
        "ADD_MONTHS(TO_DATE('2024-03-31 10:30:00', 'YYYY-MM-DD HH24:MI:SS'), -1)",
        "2024-02-29 10:30:00",
    ),
    (
        "ROUND(MONTHS_BETWEEN(DATE '1995-02-02', DATE '1995-01-01'), 10)",
        "1.0322580645",
    ),
    ("MONTHS_BETWEEN(DATE '2024-02-29', DATE '2024-01-31')", "1"),
    (
        "ROUND(MONTHS_BETWEEN(TO_DATE('2024-01-01', 'YYYY-MM-DD'), TO_DATE('2024-01-02 12:00:00', 'YYYY-MM-DD HH24:MI:SS')), 6)",
        "-0.048387",
    ),
    (
        "LAST_DAY(TO_DATE('2024-02-10 13:14:15', 'YYYY-MM-DD HH24:MI:SS'))",
        "2024-02-29 13:14:15",
    ),
    (
        "NEXT_DAY(DATE '2024-01-01', 'MONDAY')",
        "2024-01-08 00:00:00",
    ),
    (
        "NEXT_DAY(DATE '2024-01-01', '星期五')",
        "2024-01-05 00:00:00",
    ),
    (
        "TRUNC(TO_DATE('2024-05-17 13:00:00', 'YYYY-MM-DD HH24:MI:SS'), 'Q')",
        "2024-04-01 00:00:00",
    ),
    (
        "TRUNC(TO_DATE('2024-05-17 13:00:00', 'YYYY-MM-DD HH24:MI:SS'))",
        "2024-05-17 00:00:00",
    ),
    ("TRUNC(3.14159, 2)", "3.14"),
    (
        "TO_DATE('2024-01-31 14:30:00', 'YYYY-MM-DD HH24:MI:SS') + 1/24",
        "2024-01-31 15:30:00",
    ),
    (
        "TO_DATE('2024-01-31', 'YYYY-MM-DD') + 1",
        "2024-02-01 00:00:00",
    ),
    (
        "ROUND(TO_DATE('2024-01-03 20:00:00', 'YYYY-MM-DD HH24:MI:SS') - TO_DATE('2024-01-01 08:00:00', 'YYYY-MM-DD HH24:MI:SS'), 2)",
        "2.50",
    ),
    (
        "TO_CHAR(TO_DATE('2024-01-31', 'YYYY-MM-DD'), 'RRRR/MM/DD')",
        "2024/01/31",
    ),
    ("TO_NUMBER('12.50')", "12.50"),
    ("SUBSTR('abc', -2)", "bc"),
    ("SUBSTR('abcdef', 0, 2)", "ab"),
    ("SUBSTR(12345, 2, 3)", "234"),
    ("INSTR('CORPORATE FLOOR', 'OR', 3, 2)", "14"),
    ("INSTR('CORPORATE FLOOR', 'OR', -3, 2)", "2"),
    ("INSTR('CORPORATE FLOOR', 'OR')", "2"),
    ("LENGTHB('张三')", "6"),
    ("LPAD(5, 3, '0')", "005"),
    ("BITAND(5, 3)", "1"),
    ("REGEXP_SUBSTR('a1b22c333', '[0-9]+', 1, 2)", "22"),
    ("REGEXP_SUBSTR('a1b22c333', '[0-9]+')", "1"),
    ("REGEXP_COUNT('a1b22c333', '[0-9]+')", "3"),
    ("REGEXP_REPLACE('a1b22', '[0-9]')", "ab"),
    (
        "CASE WHEN REGEXP_LIKE('ab' || CHR(10) || 'cd', 'b.c') THEN 'y' ELSE 'n' END",
        "n",
    ),
    ("CASE WHEN 'A' || NULL = 'A' THEN 'y' ELSE 'n' END", "y"),
    ("CASE WHEN NULL || NULL IS NULL THEN 'y' ELSE 'n' END", "y"),
];

#[test]
fn translated_expressions_give_oracles_results() {
    let Ok(conninfo) = std::env::var("SQLPORT_TEST_PG") else {
        eprintln!(
            "SKIPPED: set SQLPORT_TEST_PG to a psql connection string to run the expression checks"
        );
        return;
    };
    let kernel: u32 = std::env::var("SQLPORT_TEST_PG_KERNEL")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(15);
    let input: String = CHECKS
        .iter()
        .map(|(expr, _)| format!("SELECT {expr};\n"))
        .collect();
    let options = Options::new(Source::Oracle, Target::Highgo).with_target_version(Some(kernel));
    let out = sqlport::translate(&input, &options);
    let script = format!(
        "SET client_min_messages = warning;\nSET TimeZone = 'Asia/Shanghai';\n{}\n\
         SELECT string_agg(x, ',' ORDER BY x) FROM (SELECT 'b' AS x UNION ALL SELECT 'a') t;\n",
        out.sql
    );
    let run = Command::new("psql")
        .args([
            conninfo.as_str(),
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
        ])
        .arg("-c")
        .arg("BEGIN")
        .args(["-f", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match run {
        Ok(child) => child,
        Err(e) => panic!("psql could not be started: {e}"),
    };
    {
        use std::io::Write;
        let stdin = child.stdin.as_mut().expect("psql stdin");
        stdin.write_all(script.as_bytes()).expect("script written");
    }
    let output = child.wait_with_output().expect("psql ran");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "psql failed on kernel {kernel}:\n{}\n--- script:\n{script}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.is_empty()).collect();
    for (i, (expr, expected)) in CHECKS.iter().enumerate() {
        assert_eq!(
            lines.get(i).copied(),
            Some(*expected),
            "{expr} on kernel {kernel}; translated script:\n{}",
            out.sql
        );
    }
}
