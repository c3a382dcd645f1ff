//! `storage`: Oracle's physical attributes of tables and indexes are dropped.
//!
//! **What it does.** Removes `TABLESPACE`, `PCTFREE`, `PCTUSED`, `INITRANS`,
//! `MAXTRANS`, `STORAGE (…)`, `LOGGING`/`NOLOGGING`, `[NO]COMPRESS`,
//! `[NO]CACHE`, `[NO]PARALLEL`, `[NO]MONITORING`, `[NO]ROWDEPENDENCIES` and
//! `COMPUTE STATISTICS` from
//! `CREATE`/`ALTER TABLE`, `CREATE`/`ALTER INDEX` and materialized views
//! (the clauses the reader set aside, see `parse::set_aside`). The rest of
//! the statement keeps its layout. A lone `TABLESPACE name` after a
//! `CREATE TABLE`'s column list is read by sqlparser itself (it is
//! PostgreSQL syntax too), so it is taken off the parsed statement instead.
//!
//! **Why.** A PostgreSQL kernel manages space itself and has none of these
//! clauses. It has tablespaces, but they are directories made by
//! `CREATE TABLESPACE … LOCATION`, not Oracle's: an Oracle tablespace name
//! would not exist there, so it is dropped too. `NOLOGGING` is not turned
//! into `UNLOGGED` (as ora2pg does): an unlogged table is emptied after a
//! crash and not replicated, which Oracle's `NOLOGGING` never meant.
//!
//! **Example:**
//!
//! ```sql
//! CREATE TABLE his_doctor (doctor_id NUMBER(10)) TABLESPACE his_data PCTFREE 10 STORAGE (INITIAL 64K);  -- Oracle
//! CREATE TABLE his_doctor (doctor_id NUMERIC(10));                                                 -- HighGo
//! ```
//!
//! **Findings.** `SP0411` (info), one per statement, naming what was dropped.

use crate::ast::Content;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The set-aside clauses this pass drops.
const PHYSICAL: &[&str] = &[
    "TABLESPACE",
    "PCTFREE",
    "PCTUSED",
    "INITRANS",
    "MAXTRANS",
    "STORAGE",
    "LOGGING",
    "NOLOGGING",
    "NOCOMPRESS",
    "NOCACHE",
    "NOPARALLEL",
    "MONITORING",
    "NOMONITORING",
    "ROWDEPENDENCIES",
    "NOROWDEPENDENCIES",
    "PARALLEL",
    "COMPRESS",
    "CACHE",
    "COMPUTE",
];

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Storage;

impl Pass for Storage {
    fn name(&self) -> &'static str {
        "storage"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            parsed_tablespace(unit, text, cx);
            let Content::Sql(statements) = &unit.content else {
                continue;
            };
            // Sequence options have their own pass (`NOCACHE` there is a
            // sequence's).
            // … and so do DROP and TRUNCATE (`DROP STORAGE` there).
            if statements.iter().any(|s| {
                matches!(
                    s,
                    sqlparser::ast::Statement::CreateSequence { .. }
                        | sqlparser::ast::Statement::Drop { .. }
                        | sqlparser::ast::Statement::Truncate { .. }
                )
            }) {
                continue;
            }
            let mut dropped: Vec<(Span, String)> = Vec::new();
            while let Some(i) = unit
                .set_aside
                .iter()
                .position(|c| PHYSICAL.contains(&c.keyword.as_str()))
            {
                let c = &unit.set_aside[i];
                dropped.push((
                    c.span,
                    c.text.split_whitespace().collect::<Vec<_>>().join(" "),
                ));
                super::replace_set_aside(unit, text, i, "");
            }
            let Some((first, _)) = dropped.first() else {
                continue;
            };
            let list: Vec<&str> = dropped.iter().map(|(_, t)| t.as_str()).collect();
            let tablespace = dropped.iter().any(|(_, t)| {
                t.get(..10)
                    .is_some_and(|k| k.eq_ignore_ascii_case("TABLESPACE"))
            });
            let mut help = "PostgreSQL manages space itself: it has no PCTFREE, INITRANS or STORAGE (the nearest to PCTFREE is WITH (fillfactor = n))".to_string();
            if tablespace {
                help.push_str("; its tablespaces are directories made with CREATE TABLESPACE … LOCATION, not Oracle's: add TABLESPACE back where you made them");
            }
            if list.iter().any(|t| t.eq_ignore_ascii_case("NOLOGGING")) {
                help.push_str(
                    "; NOLOGGING was not made UNLOGGED: an unlogged table is emptied after a crash",
                );
            }
            cx.findings.push(
                Finding::new(
                    Code::SP0411,
                    *first,
                    format!("physical attributes dropped: {}", list.join(", ")),
                )
                .with_help(help),
            );
        }
    }
}

/// Drops the `TABLESPACE name` sqlparser read into a `CREATE TABLE`'s
/// options (when no other physical clause made the reader set it aside,
/// `) TABLESPACE his_data;` parses as PostgreSQL's own clause), and reports
/// it at the keyword.
fn parsed_tablespace(unit: &mut crate::ast::Unit, text: &str, cx: &mut Context<'_>) {
    let Content::Sql(statements) = &mut unit.content else {
        return;
    };
    let mut names = Vec::new();
    for statement in statements.iter_mut() {
        let sqlparser::ast::Statement::CreateTable(create) = statement else {
            continue;
        };
        let sqlparser::ast::CreateTableOptions::Plain(options) = &mut create.table_options else {
            continue;
        };
        options.retain(|o| match o {
            sqlparser::ast::SqlOption::TableSpace(t) => {
                names.push(t.name.clone());
                false
            }
            _ => true,
        });
        if options.is_empty() {
            create.table_options = sqlparser::ast::CreateTableOptions::None;
        }
    }
    if names.is_empty() {
        return;
    }
    unit.rewritten = true;
    // The keyword's place: the last `TABLESPACE` word of the statement (the
    // clause ends a CREATE TABLE; a column named so would come earlier).
    let body = text.get(unit.body.start..unit.body.end).unwrap_or("");
    let upper = body.to_ascii_uppercase();
    let span = upper
        .rfind("TABLESPACE")
        .map(|at| {
            let end = body[at..]
                .find(';')
                .map_or(body.len(), |e| at + e)
                .min(body.len());
            let clause = body[at..end].trim_end();
            Span::new(unit.body.start + at, unit.body.start + at + clause.len())
        })
        .unwrap_or(unit.body);
    let list: Vec<String> = names.iter().map(|n| format!("TABLESPACE {n}")).collect();
    cx.findings.push(
        Finding::new(
            Code::SP0411,
            span,
            format!("physical attributes dropped: {}", list.join(", ")),
        )
        .with_help("PostgreSQL's tablespaces are directories made with CREATE TABLESPACE … LOCATION, not Oracle's: add TABLESPACE back where you made them"),
    );
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    fn translated(input: &str) -> String {
        crate::rewrite::test_support::translated_keeping(
            input,
            &Options::new(Source::Oracle, Target::Highgo),
            |f| f.code == crate::Code::SP0411,
        )
    }

    #[test]
    fn a_comment_before_a_dropped_clause_does_not_swallow_the_rest() {
        let input = "CREATE INDEX idx_op_reg_day ON op_registration (reg_id)  -- 按挂号\nTABLESPACE his_idx;\nSELECT 1 FROM dual;\n";
        let out = crate::translate(input, &Options::new(Source::Oracle, Target::Highgo));
        assert_eq!(
            out.sql,
            "CREATE INDEX idx_op_reg_day ON op_registration (reg_id)  -- 按挂号\n;\nSELECT 1;\n"
        );
    }

    #[test]
    fn a_lone_tablespace_read_by_sqlparser_is_dropped_too() {
        // 只有 TABLESPACE 时 sqlparser 自己读了它（PostgreSQL 也有这个子句），表空间在目标库不存在
        insta::assert_snapshot!(translated(
            "CREATE TABLE nur_care_level (
  level_code   VARCHAR2(10)   NOT NULL,
  \"LEVEL\"      NUMBER(1)      NOT NULL,
  created_time DATE           DEFAULT SYSDATE NOT NULL,
  CONSTRAINT pk_nur_care_level PRIMARY KEY (level_code)
) TABLESPACE his_data;
CREATE TABLE nur_bed (bed_no VARCHAR2(10)) tablespace HIS_DATA;
"
        ));
    }

    #[test]
    fn tables_and_indexes_lose_their_physical_attributes() {
        insta::assert_snapshot!(translated(
            "-- 患者主索引
CREATE TABLE his_patient
(
  patient_id  NUMBER(12)  NOT NULL,   -- 患者ID
  CONSTRAINT pk_his_patient PRIMARY KEY (patient_id)
)
TABLESPACE his_data
PCTFREE 10
STORAGE (INITIAL 64K NEXT 1M)
NOLOGGING;
CREATE INDEX idx_his_patient_name_up ON his_patient (UPPER(patient_name)) TABLESPACE his_idx;
CREATE INDEX idx_op_reg_patient ON op_registration (patient_id, visit_date) NOLOGGING COMPUTE STATISTICS PARALLEL 4;
CREATE TABLE his_op_log (log_id NUMBER(12), log_text VARCHAR2(400)) COMPRESS PARALLEL CACHE;
-- 月结前备份：CREATE TABLE … AS SELECT
CREATE TABLE op_charge_bak_202401 TABLESPACE his_bak NOLOGGING AS
SELECT * FROM op_charge WHERE charge_time < DATE '2024-02-01';
"
        ));
    }
}
