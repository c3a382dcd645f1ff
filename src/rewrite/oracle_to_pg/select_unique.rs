//! `select-unique`: Oracle's `SELECT UNIQUE` becomes `SELECT DISTINCT`.
//!
//! **What it does.** `SELECT UNIQUE col, …` is written `SELECT DISTINCT col, …`.
//! sqlparser reads `UNIQUE col` as a column named `UNIQUE` with the alias
//! `col`; an unquoted `UNIQUE` cannot be a column in Oracle, so that reading
//! is recognised and undone.
//!
//! **Why.** `UNIQUE` is Oracle's old synonym of `DISTINCT`; PostgreSQL
//! reads `SELECT UNIQUE …` as a syntax error.
//!
//! **Example.**
//!
//! ```sql
//! SELECT UNIQUE dept_id FROM op_reg;    -- Oracle
//! SELECT DISTINCT dept_id FROM op_reg;  -- HighGo
//! ```
//!
//! **Findings.** None: the rewrite keeps the meaning. `SELECT UNIQUE t.col`
//! (a qualified first column) is not read by sqlparser and stays unparsed
//! (`SP0101`).

use sqlparser::ast::{Distinct, Expr, SelectItem};

use super::sql_walk::{each_select, is_pseudo};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct SelectUnique;

impl Pass for SelectUnique {
    fn name(&self) -> &'static str {
        "select-unique"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        each_select(script, &mut |select| {
            if select.distinct.is_some() {
                return false;
            }
            let Some(SelectItem::ExprWithAlias { expr, alias }) = select.projection.first() else {
                return false;
            };
            if !is_pseudo(expr, "UNIQUE") {
                return false;
            }
            let column = Expr::Identifier(alias.clone());
            select.projection[0] = SelectItem::UnnamedExpr(column);
            select.distinct = Some(Distinct::Distinct);
            true
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn select_unique_becomes_distinct() {
        let sql =
            "SELECT UNIQUE dept_id, doctor_id FROM op_reg WHERE reg_date >= DATE '2024-01-01';
SELECT DISTINCT dept_id FROM op_reg;
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }
}
