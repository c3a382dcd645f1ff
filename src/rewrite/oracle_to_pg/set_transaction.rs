//! `set-transaction`: Oracle's transaction name dropped from `SET TRANSACTION`.
//!
//! **What it does.** `SET TRANSACTION [ISOLATION LEVEL …|READ ONLY|READ
//! WRITE] NAME 'text'`, in SQL and in PL/SQL, loses its `NAME 'text'`
//! clause; the rest is PostgreSQL's statement as written. Inside a
//! procedure, PostgreSQL accepts it at the start of a transaction (after a
//! `COMMIT`), as Oracle does.
//!
//! **Why.** An Oracle transaction name only labels the transaction in
//! `V$TRANSACTION` and in distributed-transaction diagnostics; PostgreSQL's
//! `SET TRANSACTION` has no such clause and rejects the statement ("syntax
//! error at or near NAME").
//!
//! **Example.**
//!
//! ```sql
//! SET TRANSACTION ISOLATION LEVEL READ COMMITTED NAME 'NUR_BATCH_EXEC';  -- Oracle
//! SET TRANSACTION ISOLATION LEVEL READ COMMITTED;                        -- HighGo
//! ```
//!
//! **Findings.** `SP0260` (info) for each name dropped.

use sqlparser::ast::Statement;

use crate::ast::procedural::EmbeddedSql;
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, SetAside};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct SetTransaction;

impl Pass for SetTransaction {
    fn name(&self) -> &'static str {
        "set-transaction"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let mut dropped = Vec::new();
            match &mut unit.content {
                Content::Sql(statements)
                    if statements.iter().any(|s| {
                        matches!(
                            s,
                            Statement::Set(sqlparser::ast::Set::SetTransaction { .. })
                        )
                    }) =>
                {
                    dropped.extend(drop_names(&mut unit.set_aside));
                }
                Content::Program(program) => {
                    let mut v = Names {
                        dropped: &mut dropped,
                    };
                    walk_program(&mut v, program);
                }
                _ => {}
            }
            if dropped.is_empty() {
                continue;
            }
            unit.rewritten = true;
            for clause in dropped {
                cx.findings.push(
                    Finding::new(
                        Code::SP0260,
                        clause.span,
                        format!(
                            "`{}` dropped from SET TRANSACTION: PostgreSQL transactions have no names",
                            clause.text.trim()
                        ),
                    )
                    .with_help("monitoring that looked for the name in V$TRANSACTION can use application_name or a comment instead"),
                );
            }
        }
    }
}

/// The `NAME 'text'` clauses of a `SET TRANSACTION`, removed from `clauses`.
fn drop_names(clauses: &mut Vec<SetAside>) -> Vec<SetAside> {
    let (names, kept) = std::mem::take(clauses)
        .into_iter()
        .partition(|c| c.keyword == "NAME");
    *clauses = kept;
    names
}

struct Names<'a> {
    dropped: &'a mut Vec<SetAside>,
}

impl VisitMut for Names<'_> {
    fn sql(&mut self, sql: &mut EmbeddedSql) {
        if !matches!(
            *sql.statement,
            Statement::Set(sqlparser::ast::Set::SetTransaction { .. })
        ) {
            return;
        }
        let names = drop_names(&mut sql.set_aside);
        if !names.is_empty() {
            // Printed from the statement and its remaining clauses.
            sql.span = Span::default();
            self.dropped.extend(names);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rewrite::test_support::{highgo, translated};

    #[test]
    fn transaction_names_are_dropped() {
        // 护理批量执行：命名事务
        let input = "SET TRANSACTION READ ONLY NAME 'NUR_REPORT';
CREATE OR REPLACE PROCEDURE sp_nur_batch_exec (p_ward IN VARCHAR2) IS
BEGIN
  COMMIT;
  SET TRANSACTION ISOLATION LEVEL READ COMMITTED NAME 'NUR_BATCH_EXEC';
  UPDATE nur_exec SET exec_status = 'D' WHERE ward_code = p_ward AND exec_status = 'P';
  COMMIT;
END;
/
";
        let out = translated(input, &highgo());
        assert!(out.contains("SET TRANSACTION READ ONLY;"), "{out}");
        assert!(
            out.contains("  SET TRANSACTION ISOLATION LEVEL READ COMMITTED;\n"),
            "{out}"
        );
        let sql = out.split("-- findings:").next().unwrap_or_default();
        assert!(!sql.contains("NAME '"), "{out}");
        insta::assert_snapshot!(out);
    }
}
