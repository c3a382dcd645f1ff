//! `multi-table-insert`: Oracle's `INSERT ALL … SELECT * FROM dual` becomes
//! one `INSERT … VALUES` per target.
//!
//! **What it does.** An unconditional `INSERT ALL` whose rows come from
//! `SELECT * FROM dual` (the usual way to insert several literal rows, into
//! one table or several, in one statement) becomes one
//! `INSERT INTO t (columns) VALUES (…)` per `INTO` clause, in order. The
//! values are the original expressions, so the expression passes translate
//! them as in any other statement. Any other multi-table insert — `WHEN`
//! conditions, `INSERT FIRST`, a real subquery — is left as written and
//! reported.
//!
//! **Why.** PostgreSQL has no multi-table insert. With one row from `dual`
//! and no conditions, Oracle's statement is exactly its `INTO` clauses run
//! one after the other. Conditions and a subquery read once for all targets
//! have no one-statement equivalent (a data-modifying `WITH` reads the
//! subquery once but is a different statement to review), so they are
//! reported rather than guessed.
//!
//! **Example.**
//!
//! ```sql
//! INSERT ALL                                                     -- Oracle
//!   INTO his_ins_policy (policy_id, insurance_type) VALUES (1, 'UEBMI')
//!   INTO his_ins_policy (policy_id, insurance_type) VALUES (2, 'URRBMI')
//! SELECT * FROM dual;
//! INSERT INTO his_ins_policy (policy_id, insurance_type) VALUES (1, 'UEBMI');   -- HighGo
//! INSERT INTO his_ins_policy (policy_id, insurance_type) VALUES (2, 'URRBMI');
//! ```
//!
//! **Findings.** `SP0283` (error) for a multi-table insert left as written.

use sqlparser::ast::{Expr, SetExpr, Statement};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use crate::ast::oracle::{MultiTableInsert, OracleStatement};
use crate::ast::{Content, Script};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct MultiTableInserts;

impl Pass for MultiTableInserts {
    fn name(&self) -> &'static str {
        "multi-table-insert"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let Content::Oracle(statement) = &unit.content else {
                continue;
            };
            let OracleStatement::MultiTableInsert(insert) = statement.as_ref() else {
                continue;
            };
            match inserts(insert) {
                Some(statements) => {
                    unit.content = Content::Sql(statements);
                    unit.rewritten = true;
                }
                None => cx.findings.push(
                    Finding::new(
                        Code::SP0283,
                        insert.span,
                        format!(
                            "INSERT {} with conditions or a subquery has no PostgreSQL equivalent",
                            if insert.first { "FIRST" } else { "ALL" }
                        ),
                    )
                    .with_help("write one INSERT … SELECT per target (with the WHEN condition as WHERE; for INSERT FIRST, also NOT the earlier conditions), or read the subquery once in a data-modifying WITH"),
                ),
            }
        }
    }
}

/// The plain inserts an unconditional `INSERT ALL … SELECT * FROM dual` with
/// a `VALUES` list in every `INTO` is made of; `None` for any other form.
fn inserts(insert: &MultiTableInsert) -> Option<Vec<Statement>> {
    if insert.first || !from_dual(&insert.query) {
        return None;
    }
    let mut statements = Vec::new();
    for branch in &insert.branches {
        if branch.condition.is_some() || branch.otherwise {
            return None;
        }
        for target in &branch.targets {
            let values = target.values.as_ref()?;
            let columns = if target.columns.is_empty() {
                String::new()
            } else {
                let names: Vec<&str> = target.columns.iter().map(|c| c.text.as_str()).collect();
                format!(" ({})", names.join(", "))
            };
            let nulls = vec!["NULL"; values.len()].join(", ");
            let template = format!(
                "INSERT INTO {}{columns} VALUES ({nulls})",
                target.table.text
            );
            let mut parsed = Parser::parse_sql(&PostgreSqlDialect {}, &template).ok()?;
            let mut statement = parsed.pop()?;
            // The original expressions, so that the expression passes see
            // them as the Oracle code wrote them.
            let Statement::Insert(i) = &mut statement else {
                return None;
            };
            let SetExpr::Values(v) = i.source.as_mut()?.body.as_mut() else {
                return None;
            };
            let row = v.rows.first_mut()?;
            row.content = values.iter().map(|e| Expr::clone(&e.expr)).collect();
            statements.push(statement);
        }
    }
    (!statements.is_empty()).then_some(statements)
}

/// Whether the rows come from `SELECT * FROM dual` (one row, no columns
/// the values could read).
fn from_dual(query: &Statement) -> bool {
    let flat = query
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    flat.eq_ignore_ascii_case("SELECT * FROM dual")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn insert_all_from_dual_becomes_one_insert_per_target() {
        // 医保政策初始化：INSERT ALL … SELECT * FROM dual 一次插多行
        insta::assert_snapshot!(translated(
            "INSERT ALL
  INTO his_ins_policy (policy_id, insurance_type, visit_type, begin_date, policy_desc)
  VALUES (1, 'UEBMI', 'O', DATE '2024-01-01', '城镇职工医保普通门诊统筹')
  INTO his_ins_policy (policy_id, insurance_type, visit_type, begin_date, policy_desc)
  VALUES (2, 'URRBMI', 'O', TRUNC(SYSDATE), NVL(NULL, '城乡居民医保'))
  INTO his_ins_log VALUES (1, 'init')
SELECT * FROM dual;
INSERT FIRST
  WHEN amount > 1000 THEN INTO op_charge_big (charge_id, amount) VALUES (charge_id, amount)
  ELSE INTO op_charge_small (charge_id, amount) VALUES (charge_id, amount)
SELECT charge_id, amount FROM op_charge;
",
            &highgo()
        ));
    }
}
