//! `temp-tables`: an Oracle global temporary table becomes a PostgreSQL
//! temporary table, created where it is used.
//!
//! **What it does.** `CREATE GLOBAL TEMPORARY TABLE t (…) ON COMMIT DELETE
//! ROWS | PRESERVE ROWS` becomes `CREATE TEMPORARY TABLE IF NOT EXISTS t (…)
//! ON COMMIT DELETE ROWS | PRESERVE ROWS`: the `ON COMMIT` behaviour is kept
//! (ora2pg drops it), `GLOBAL` goes (PostgreSQL ignores it with a warning),
//! and `IF NOT EXISTS` lets every session run the statement before its first
//! use without failing when it already did.
//!
//! **Why.** An Oracle global temporary table is a permanent definition whose
//! *rows* are private to each session. A PostgreSQL temporary table is
//! private as a whole: created by one session, visible only to it, gone
//! when it ends. Run once in an install script, it exists only for that
//! script's session, and the procedures that use it fail in every other
//! session (`relation "t" does not exist`). There is no exact equivalent
//! without an extension (pgtt), so the statement is translated to the form
//! each session can run, and flagged.
//!
//! **Example:**
//!
//! ```sql
//! CREATE GLOBAL TEMPORARY TABLE gtt_fee_calc (item_id NUMBER(10)) ON COMMIT DELETE ROWS;            -- Oracle
//! CREATE TEMPORARY TABLE IF NOT EXISTS gtt_fee_calc (item_id NUMERIC(10)) ON COMMIT DELETE ROWS;   -- HighGo
//! ```
//!
//! **Findings.** `SP0311` (warning), one per table.

use sqlparser::ast::Statement;

use crate::ast::Content;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct TempTables;

impl Pass for TempTables {
    fn name(&self) -> &'static str {
        "temp-tables"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let Content::Sql(statements) = &mut unit.content else {
                continue;
            };
            for s in statements.iter_mut() {
                let Statement::CreateTable(t) = s else {
                    continue;
                };
                if !t.temporary || t.global != Some(true) {
                    continue;
                }
                t.global = None;
                t.if_not_exists = true;
                unit.rewritten = true;
                let on_commit = match t.on_commit {
                    Some(sqlparser::ast::OnCommit::PreserveRows) => "PRESERVE ROWS",
                    Some(sqlparser::ast::OnCommit::Drop) => "DROP",
                    // Oracle's default.
                    _ => {
                        t.on_commit = Some(sqlparser::ast::OnCommit::DeleteRows);
                        "DELETE ROWS"
                    }
                };
                cx.findings.push(
                    Finding::new(
                        Code::SP0311,
                        Span::new(unit.body.start, unit.body.start),
                        format!(
                            "global temporary table {} became a session temporary table (ON COMMIT {on_commit})",
                            t.name
                        ),
                    )
                    .with_help(
                        "a PostgreSQL temporary table exists only in the session that created it: run this CREATE in each session before the table's first use (e.g. at the start of the procedures that use it), or install the pgtt extension if the target has it",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    #[test]
    fn a_global_temporary_table_keeps_its_on_commit_and_is_flagged() {
        let input = "-- 划价临时表：事务结束自动清空
CREATE GLOBAL TEMPORARY TABLE gtt_fee_calc
(
  item_id    NUMBER(10),
  amount     NUMBER(12,2)   -- 金额
)
ON COMMIT DELETE ROWS;
CREATE GLOBAL TEMPORARY TABLE gtt_session_cart (item_id NUMBER(10)) ON COMMIT PRESERVE ROWS;
";
        insta::assert_snapshot!(crate::rewrite::test_support::translated_keeping(
            input,
            &Options::new(Source::Oracle, Target::Highgo),
            |f| f.code == crate::Code::SP0311
        ));
    }
}
