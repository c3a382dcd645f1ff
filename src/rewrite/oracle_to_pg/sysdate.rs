//! `sysdate`: Oracle's current date and time.
//!
//! **What it does.**
//!
//! | Oracle | in a query or DML statement of the script | in PL/SQL, views, defaults and other DDL |
//! |---|---|---|
//! | `SYSDATE`, `CURRENT_DATE` | `date_trunc('second', statement_timestamp())::timestamp(0)` | `date_trunc('second', clock_timestamp())::timestamp(0)` |
//! | `SYSTIMESTAMP` | `statement_timestamp()` | `clock_timestamp()` |
//!
//! **Why.** Oracle evaluates `SYSDATE` once per SQL statement, and again at
//! each use in PL/SQL: a loop that inserts a row per iteration stamps each
//! row with its own time. `LOCALTIMESTAMP` and `now()` are the start of the
//! *transaction* on PostgreSQL, so a batch job's rows would all carry the
//! time its transaction began. For a statement the script runs itself,
//! `statement_timestamp()` is exactly Oracle's per-statement value; inside a
//! routine that value is the start of the *caller's* statement, frozen for
//! the whole call, so PL/SQL (and views and column defaults, which may be
//! evaluated from inside a routine) use `clock_timestamp()`, the time of the
//! call — which may move on between the rows of one statement, by at most
//! that statement's run time.
//!
//! `SYSDATE` is a `DATE`: whole seconds, no time zone. The value is truncated
//! to the second, because a cast to `timestamp(0)` alone *rounds*
//! (12:00:00.7 becomes 12:00:01, and `TRUNC(SYSDATE)` just before midnight
//! would give the next day). `CURRENT_DATE` is Oracle's date and time in the
//! session's time zone, with a time of day — not PostgreSQL's
//! `CURRENT_DATE`, which has none. The cast from `timestamptz` gives the
//! session's local time; Oracle's `SYSDATE` follows the database server's
//! clock zone instead, so set the session `TimeZone` to it.
//!
//! **Example.**
//!
//! ```sql
//! UPDATE op_reg SET cancel_time = SYSDATE WHERE reg_id = 1;
//! UPDATE op_reg SET cancel_time = date_trunc('second', statement_timestamp())::timestamp(0) WHERE reg_id = 1;
//! ```
//!
//! **Findings.** None.

use sqlparser::ast::{Expr, Statement};

use super::expr::{is_named, is_word};
use crate::ast::Content;
use crate::rewrite::visit_unit::expressions_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sysdate;

impl Pass for Sysdate {
    fn name(&self) -> &'static str {
        "sysdate"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let per_statement = matches!(&unit.content, Content::Sql(statements)
                if statements.iter().all(|s| matches!(s,
                    Statement::Query(_) | Statement::Insert(_) | Statement::Update(_)
                    | Statement::Delete(_) | Statement::Merge(_))));
            expressions_at(unit, &mut |e, origin| {
                rewrite(e, per_statement && !origin.in_program)
            });
        }
    }
}

fn rewrite(e: &mut Expr, per_statement: bool) -> bool {
    let clock = if per_statement {
        "statement_timestamp()"
    } else {
        "clock_timestamp()"
    };
    let is_current_date = matches!(e, Expr::Function(f) if is_named(f, "CURRENT_DATE") && matches!(f.args, sqlparser::ast::FunctionArguments::None));
    let text = if is_word(e, "SYSDATE") || is_current_date {
        format!("date_trunc('second', {clock})::timestamp(0)")
    } else if is_word(e, "SYSTIMESTAMP") {
        clock.to_string()
    } else {
        return false;
    };
    super::expr::replace(e, &text, &[])
}

#[cfg(test)]
mod tests {
    use super::super::translated;

    #[test]
    fn per_statement_in_dml_per_call_elsewhere() {
        let input = "CREATE TABLE op_reg (reg_id NUMBER(10), reg_time DATE DEFAULT SYSDATE);
UPDATE op_reg SET reg_time = SYSDATE WHERE reg_time < CURRENT_DATE;
SELECT SYSTIMESTAMP, sysdate FROM dual;
CREATE OR REPLACE PROCEDURE p_stamp IS
  v_now DATE := SYSDATE;
BEGIN
  FOR i IN 1 .. 3 LOOP
    INSERT INTO op_reg (reg_id, reg_time) VALUES (i, SYSDATE); -- 每行各自的时间
  END LOOP;
  v_now := SYSTIMESTAMP;
END;
/
";
        insta::assert_snapshot!(translated(input, 12));
    }
}
