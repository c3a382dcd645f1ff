//! Oracle expressions translated for a PostgreSQL kernel give Oracle's
//! results on a real server: each check is an Oracle expression and the text
//! Oracle returns for it (from Oracle's documented semantics).
//!
//! Runs on PostgreSQL 12, 14 and 15 (the servers of `tests/support/pg.rs`):
//! translated with `--target-version` N on server N, and with the default
//! (kernel 12) on 14 and 15, each in a fresh database. Without server
//! binaries it is skipped with a loud message, unless `CI` is set (then it
//! fails).

#[path = "support/pg.rs"]
mod pg;

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
    // Oracle: a negative position before the first character gives NULL.
    ("NVL(SUBSTR('abc', -5), 'null')", "null"),
    ("NVL(SUBSTR('abc', -4, 2), 'null')", "null"),
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
    ("REGEXP_INSTR('a1b22c333', '[0-9]+', 1, 2)", "4"),
    ("REGEXP_INSTR('a1b22c333', '[0-9]+', 1, 2, 1)", "6"),
    ("REGEXP_INSTR('a1b22c333', '[0-9]+', 5)", "5"),
    ("REGEXP_INSTR('abc', 'z')", "0"),
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
fn translated_expressions_give_oracles_results_on_postgresql_12_14_15() {
    if !pg::available("translated_expressions_give_oracles_results_on_postgresql_12_14_15") {
        return;
    }
    let input: String = CHECKS
        .iter()
        .map(|(expr, _)| format!("SELECT {expr};\n"))
        .collect();
    let mut failures = Vec::new();
    for run in pg::all_runs() {
        let out = sqlport::translate(&input, &run.options());
        // The session time zone of a Chinese hospital's Oracle.
        let script = format!(
            "SET client_min_messages = warning;\nSET TimeZone = 'Asia/Shanghai';\n{}\n",
            out.sql
        );
        let server = pg::shared(run.server);
        let db = server.fresh_database("expressions");
        let stdout = match server.query(&db, &script) {
            Ok(stdout) => stdout,
            Err(e) => {
                failures.push(format!("{}: {e}\n--- script:\n{script}", run.name()));
                continue;
            }
        };
        let lines: Vec<&str> = stdout.lines().filter(|l| !l.is_empty()).collect();
        for (i, (expr, expected)) in CHECKS.iter().enumerate() {
            let got = lines.get(i).copied();
            if got != Some(*expected) {
                failures.push(format!(
                    "{}: {expr}\n  expected: {expected}\n  got:      {got:?}",
                    run.name()
                ));
            }
        }
        if lines.len() != CHECKS.len() {
            failures.push(format!(
                "{}: {} result lines for {} checks:\n{}",
                run.name(),
                lines.len(),
                CHECKS.len(),
                out.sql
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
