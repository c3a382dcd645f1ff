//! `update-targets`: the columns an `UPDATE` sets lose their table qualifier.
//!
//! **What it does.** In `UPDATE t [alias] SET alias.col = …` (SQL and
//! SQL inside PL/SQL, at any depth), a `SET` target qualified with the
//! updated table's alias or name becomes the bare column: `SET col = …`.
//! The `WHERE` clause and the values keep their qualifiers.
//!
//! **Why.** Oracle accepts a qualified target column; PostgreSQL reads
//! `d.dept_alias` in a `SET` list as field `dept_alias` of a composite
//! column `d` and fails: `column "d" of relation "his_department" does not
//! exist`. The target of an `UPDATE` can only be a column of the updated
//! table, so dropping the qualifier keeps the meaning.
//!
//! **Example.**
//!
//! ```sql
//! UPDATE his_department d SET d.dept_alias = N'心内科' WHERE d.dept_code = 'XXGNK';  -- Oracle
//! UPDATE his_department d SET dept_alias = N'心内科' WHERE d.dept_code = 'XXGNK';    -- HighGo
//! ```
//!
//! **Findings.** None: the rewrite keeps the meaning.

use std::ops::ControlFlow;

use sqlparser::ast::{AssignmentTarget, ObjectName, Statement, TableFactor, VisitMut, VisitorMut};

use super::sql_walk::statements_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct UpdateTargets;

impl Pass for UpdateTargets {
    fn name(&self) -> &'static str {
        "update-targets"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            statements_at(unit, &mut |statement, _, _| {
                let mut v = Unqualify { changed: false };
                let _ = statement.visit(&mut v);
                v.changed
            });
        }
    }
}

struct Unqualify {
    changed: bool,
}

impl VisitorMut for Unqualify {
    type Break = ();

    fn post_visit_statement(&mut self, statement: &mut Statement) -> ControlFlow<()> {
        let Statement::Update(update) = statement else {
            return ControlFlow::Continue(());
        };
        let TableFactor::Table { name, alias, .. } = &update.table.relation else {
            return ControlFlow::Continue(());
        };
        // What a qualifier may be: the alias if there is one (Oracle then
        // rejects the table's name), else the table's name, last part.
        let qualifier = match alias {
            Some(a) => a.name.value.clone(),
            None => match name.0.last().and_then(|p| p.as_ident()) {
                Some(ident) => ident.value.clone(),
                None => return ControlFlow::Continue(()),
            },
        };
        for assignment in &mut update.assignments {
            if let AssignmentTarget::ColumnName(column) = &mut assignment.target {
                self.changed |= unqualify(column, &qualifier);
            }
        }
        ControlFlow::Continue(())
    }
}

/// `q.col` → `col` when `q` is `qualifier` (compared as Oracle folds
/// unquoted names: case-insensitively).
fn unqualify(column: &mut ObjectName, qualifier: &str) -> bool {
    let [first, _] = column.0.as_slice() else {
        return false;
    };
    if !first
        .as_ident()
        .is_some_and(|q| q.value.eq_ignore_ascii_case(qualifier))
    {
        return false;
    }
    column.0.remove(0);
    true
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn set_targets_lose_the_alias_or_table_name() {
        // 科室别名维护：Oracle 允许 SET d.col，PostgreSQL 不允许
        insta::assert_snapshot!(translated(
            "UPDATE his_department d
   SET d.dept_alias  = N'心内科',
       d.update_time = SYSDATE
 WHERE d.dept_code = 'XXGNK';
UPDATE his_doctor SET his_doctor.reg_level = '1', status = 'A' WHERE his_doctor.dept_code = 'EK';
BEGIN
  UPDATE op_charge c SET c.status = 'C' WHERE c.charge_id = 1;
END;
/
",
            &highgo()
        ));
    }
}
