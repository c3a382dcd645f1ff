//! `handler-rollback`: a handler that goes on after an error undoes more on
//! PostgreSQL than in Oracle.
//!
//! **What it does.** Reports a block that changes data (DML, dynamic SQL,
//! procedure calls) and has an exception handler that neither re-raises nor
//! rolls back; nothing is rewritten.
//!
//! **Why.** PL/pgSQL runs a block with an `EXCEPTION` section as a
//! subtransaction: catching an error rolls back everything the block did.
//! Oracle rolls back only the failing statement, so the block's earlier
//! changes stay. When the handler re-raises, the error reaches a caller that
//! rolls back anyway, and both agree; when it goes on, they differ.
//!
//! **Example.**
//!
//! ```sql
//! BEGIN
//!   INSERT INTO his_log …;              -- kept by Oracle, undone by PostgreSQL
//!   UPDATE ip_bed …;                    -- fails
//! EXCEPTION WHEN OTHERS THEN NULL;
//! END;
//! ```
//!
//! **Findings.** `SP0344` (warning), once per block, at its first handler
//! that goes on.

use sqlparser::ast::Statement;

use crate::ast::Content;
use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

use super::changes_data;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct HandlerRollback;

impl Pass for HandlerRollback {
    fn name(&self) -> &'static str {
        "handler-rollback"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            if let Content::Program(program) = &mut unit.content {
                let mut v = Check(Vec::new());
                walk_program(&mut v, program);
                cx.findings.append(&mut v.0);
            }
        }
    }
}

struct Check(Vec<Finding>);

/// Whether a handler ends by raising (then the caller rolls back anyway).
fn reraises(body: &[Stmt]) -> bool {
    body.last().is_some_and(|s| match &s.kind {
        StmtKind::Raise(_) => true,
        StmtKind::RaiseMessage { level, .. } => level
            .as_deref()
            .is_none_or(|l| l.eq_ignore_ascii_case("EXCEPTION")),
        StmtKind::Call(c) => super::call_parts(&c.expr)
            .is_some_and(|(n, _)| n.eq_ignore_ascii_case("RAISE_APPLICATION_ERROR")),
        StmtKind::If {
            branches,
            otherwise: Some(o),
        } => branches.iter().all(|b| reraises(&b.body)) && reraises(o),
        _ => false,
    })
}

impl VisitMut for Check {
    fn block(&mut self, b: &mut Block) {
        if b.handlers.is_empty() || !changes_data(&b.statements) {
            return;
        }
        // A handler that rolls back undoes everything in both databases.
        let rolls_back = |body: &[Stmt]| {
            body.iter().any(|s| {
                matches!(&s.kind, StmtKind::Sql(q)
                    if matches!(*q.statement, Statement::Rollback { savepoint: None, .. }))
            })
        };
        if let Some(h) = b
            .handlers
            .iter()
            .filter(|h| !h.span.is_empty())
            .find(|h| !reraises(&h.body) && !rolls_back(&h.body))
        {
            let names: Vec<&str> = h.exceptions.iter().map(|n| n.text.as_str()).collect();
            self.0.push(
                Finding::new(
                    Code::SP0344,
                    h.span,
                    format!(
                        "handler WHEN {} goes on after the error: PostgreSQL undoes the block's earlier changes, Oracle keeps them",
                        names.join(" OR ")
                    ),
                )
                .with_help(
                    "if the changes made before the error must stay, move them before the protected block",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn handlers_that_go_on_after_dml_are_reported() {
        let script = "CREATE OR REPLACE PROCEDURE sp_bed_release (p_bed_id IN NUMBER) IS
BEGIN
  BEGIN
    INSERT INTO ip_bed_log (bed_id, new_status) VALUES (p_bed_id, 'E');
    UPDATE ip_bed SET bed_status = 'E' WHERE bed_id = p_bed_id;
  EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
      RAISE;
    WHEN OTHERS THEN
      NULL;
  END;
  BEGIN
    DELETE FROM ip_bed_log WHERE bed_id = p_bed_id;
  EXCEPTION
    WHEN OTHERS THEN
      RAISE_APPLICATION_ERROR(-20500, '清理日志失败');
  END;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
