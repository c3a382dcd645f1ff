//! `subquery-alias`: a subquery in `FROM` gets a name.
//!
//! **What it does.** Gives every unnamed subquery in a `FROM` list or join
//! the alias `sqlport_q1`, `sqlport_q2`, … (numbered per statement).
//!
//! **Why.** Oracle reads `SELECT * FROM (SELECT …) WHERE …` (the top-N and
//! pagination idioms are written that way); PostgreSQL before 16 rejects it:
//! "subquery in FROM must have an alias". HighGo's kernels are 12 and 14.
//!
//! **Example.**
//!
//! ```sql
//! SELECT * FROM (SELECT a.*, ROWNUM rn FROM op_reg a) WHERE rn > 10;            -- Oracle
//! SELECT * FROM (SELECT a.*, ROWNUM rn FROM op_reg a) AS sqlport_q1 WHERE rn > 10; -- HighGo
//! ```
//!
//! **Findings.** None: a name nobody refers to changes nothing.

use std::ops::ControlFlow;

use sqlparser::ast::{TableAlias, TableFactor, VisitMut, VisitorMut};

use super::sql_walk::statements_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct SubqueryAlias;

impl Pass for SubqueryAlias {
    fn name(&self) -> &'static str {
        "subquery-alias"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            statements_at(unit, &mut |statement, _, _| {
                let mut v = Name { count: 0 };
                let _ = statement.visit(&mut v);
                v.count > 0
            });
        }
    }
}

struct Name {
    count: usize,
}

impl VisitorMut for Name {
    type Break = ();

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
        if let TableFactor::Derived {
            alias: alias @ None,
            ..
        } = factor
        {
            self.count += 1;
            *alias = Some(TableAlias {
                explicit: true,
                name: sqlparser::ast::Ident::new(format!("sqlport_q{}", self.count)),
                columns: Vec::new(),
                at: None,
            });
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn unnamed_subqueries_get_a_name() {
        let sql = "SELECT * FROM (SELECT reg_id FROM op_reg) WHERE reg_id > 10;
SELECT x.reg_id FROM (SELECT reg_id FROM op_reg) x, (SELECT 1 AS one FROM dual);
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }
}
