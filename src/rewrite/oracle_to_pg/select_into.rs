//! `select-into-strict`: `SELECT … INTO` becomes `SELECT … INTO STRICT`.
//!
//! **What it does.** Marks the `INTO` of every embedded query (not
//! `BULK COLLECT`, not DML `RETURNING … INTO`) and of every
//! `EXECUTE IMMEDIATE … INTO` as `STRICT`; the printer writes
//! `INTO STRICT` and keeps the rest of the statement as written.
//!
//! **Why.** Oracle raises `NO_DATA_FOUND` when a `SELECT … INTO` finds no
//! row and `TOO_MANY_ROWS` when it finds several, for every query,
//! aggregates included (an aggregate without `GROUP BY` returns one row, so
//! it never raises either). PL/pgSQL's plain `INTO` silently takes the
//! first row or sets `NULL`; with `STRICT` it raises `no_data_found` and
//! `too_many_rows`, which the handlers translated from Oracle catch.
//! DML `RETURNING … INTO` already raises for several rows in PL/pgSQL and,
//! like Oracle, sets `NULL` for none, so it stays as it is; `BULK COLLECT`
//! fetches any number of rows.
//!
//! **Example.**
//!
//! ```sql
//! SELECT * INTO l_patient FROM his_patient WHERE patient_id = p_id;        -- Oracle
//! SELECT * INTO STRICT l_patient FROM his_patient WHERE patient_id = p_id; -- PostgreSQL
//! ```
//!
//! **Findings.** None: the behaviour is Oracle's.

use sqlparser::ast::Statement;

use crate::ast::Content;
use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct SelectIntoStrict;

impl Pass for SelectIntoStrict {
    fn name(&self) -> &'static str {
        "select-into-strict"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            if let Content::Program(program) = &mut unit.content {
                walk_program(&mut Strict, program);
                unit.rewritten = true;
            }
        }
    }
}

struct Strict;

impl VisitMut for Strict {
    fn sql(&mut self, sql: &mut EmbeddedSql) {
        if let Some(into) = &mut sql.into
            && !into.bulk_collect
            && matches!(*sql.statement, Statement::Query(_))
        {
            into.strict = true;
        }
    }

    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts {
            if let StmtKind::ExecuteImmediate {
                into: Some(into), ..
            } = &mut s.kind
                && !into.bulk_collect
            {
                into.strict = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn queries_get_strict_and_dml_returning_does_not() {
        let script = "CREATE OR REPLACE PROCEDURE sp_demo (p_id IN NUMBER) IS
  l_name   VARCHAR2(50);
  l_cnt    NUMBER;
  l_fee    NUMBER;
  l_ids    t_ids;
BEGIN
  -- 患者姓名：不存在时 NO_DATA_FOUND
  SELECT patient_name
    INTO l_name
    FROM his_patient
   WHERE patient_id = p_id;
  SELECT COUNT(*) INTO l_cnt FROM op_charge WHERE patient_id = p_id;
  SELECT charge_id BULK COLLECT INTO l_ids FROM op_charge WHERE patient_id = p_id;
  UPDATE op_charge SET status = 'P' WHERE charge_id = p_id RETURNING amount INTO l_fee;
  EXECUTE IMMEDIATE 'SELECT COUNT(*) FROM op_charge' INTO l_cnt;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
