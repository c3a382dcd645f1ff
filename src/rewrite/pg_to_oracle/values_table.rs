//! `values-table`: a `VALUES` list in `FROM` becomes a `UNION ALL` of
//! `SELECT … FROM DUAL`.
//!
//! **What it does.** `FROM (VALUES (r1…), (r2…)) AS v (a, b)` becomes
//! `FROM (SELECT r1… AS a, … FROM DUAL UNION ALL SELECT r2… FROM DUAL) v`:
//! the first `SELECT` names the columns (a `UNION ALL` takes its columns'
//! names from its first branch), as the alias's column list named them, or
//! `column1`, `column2`, … as PostgreSQL names them when there is none. The
//! alias loses `AS` (Oracle writes none before a table alias).
//!
//! **Why.** PostgreSQL reads a `VALUES` list as a table anywhere a query may
//! stand; DM8 follows Oracle, which reads `VALUES` only in `INSERT` (a `FROM
//! (VALUES …)` table came with Oracle 23ai), and has `DUAL` for one-row
//! selects (dameng.md, SQL: `DUAL` supported as in Oracle).
//!
//! **Example.**
//! ```sql
//! SELECT v.code, v.name FROM (VALUES ('WBC', '白细胞'), ('RBC', '红细胞')) AS v (code, name);
//! SELECT v.code, v.name FROM (SELECT 'WBC' AS code, '白细胞' AS name FROM DUAL
//!                             UNION ALL SELECT 'RBC', '红细胞' FROM DUAL) v;
//! ```
//!
//! **Findings.** None: the rows and their names are the same. A `VALUES`
//! list whose rows differ in length (which PostgreSQL rejects) is kept.

use sqlparser::ast::{Ident, SetExpr, TableAlias, TableFactor, VisitMut, VisitorMut};
use sqlparser::dialect::OracleDialect;
use sqlparser::parser::Parser;
use std::ops::ControlFlow;

use crate::ast::Script;
use crate::rewrite::visit_unit::statements_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct ValuesTable;

impl Pass for ValuesTable {
    fn name(&self) -> &'static str {
        "values-table"
    }

    fn run(&self, script: &mut Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let mut changed = false;
            statements_at(unit, &mut |s, _, _| {
                let mut v = Rewriter { changed: false };
                let _ = s.visit(&mut v);
                changed |= v.changed;
                v.changed
            });
            unit.rewritten |= changed;
        }
    }
}

struct Rewriter {
    changed: bool,
}

impl VisitorMut for Rewriter {
    type Break = ();

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
        let TableFactor::Derived {
            subquery, alias, ..
        } = factor
        else {
            return ControlFlow::Continue(());
        };
        if subquery.with.is_some()
            || subquery.order_by.is_some()
            || subquery.limit_clause.is_some()
            || subquery.fetch.is_some()
        {
            return ControlFlow::Continue(());
        }
        let SetExpr::Values(values) = subquery.body.as_ref() else {
            return ControlFlow::Continue(());
        };
        let width = values.rows.first().map_or(0, |r| r.content.len());
        if width == 0 || values.rows.iter().any(|r| r.content.len() != width) {
            return ControlFlow::Continue(());
        }
        let names: Vec<Ident> = (0..width)
            .map(|k| {
                alias.as_ref().and_then(|a| a.columns.get(k)).map_or_else(
                    || Ident::new(format!("column{}", k + 1)),
                    |c| c.name.clone(),
                )
            })
            .collect();
        let selects: Vec<String> = values
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let items: Vec<String> = row
                    .content
                    .iter()
                    .zip(&names)
                    .map(|(v, n)| {
                        if i == 0 {
                            format!("{v} AS {n}")
                        } else {
                            v.to_string()
                        }
                    })
                    .collect();
                format!("SELECT {} FROM DUAL", items.join(", "))
            })
            .collect();
        let Some(query) = Parser::new(&OracleDialect {})
            .try_with_sql(&selects.join(" UNION ALL "))
            .and_then(|mut p| p.parse_query())
            .ok()
        else {
            return ControlFlow::Continue(());
        };
        *subquery = query;
        *alias = Some(TableAlias {
            explicit: false,
            name: alias
                .as_ref()
                .map_or_else(|| Ident::new("sqlport_values"), |a| a.name.clone()),
            columns: Vec::new(),
            at: None,
        });
        self.changed = true;
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn values_lists_in_from_become_unions_of_dual() {
        insta::assert_snapshot!(translated(
            "-- 血常规子项目\nINSERT INTO lab_item (item_code, item_name, parent_item_id, unit)\nSELECT v.item_code, v.item_name, p.item_id, v.unit\n  FROM (VALUES ('WBC', '白细胞计数', '10^9/L'), ('RBC', '红细胞计数', '10^12/L')) AS v (item_code, item_name, unit)\n CROSS JOIN lab_item p\n WHERE p.item_code = 'CBC';\nSELECT column1, column2 FROM (VALUES (1, '门诊'), (2, '住院')) t;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
