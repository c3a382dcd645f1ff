//! `transaction-control`: `COMMIT`, `ROLLBACK` and `SAVEPOINT` in procedures
//! where PL/pgSQL allows them.
//!
//! **What it does.** Reports, in procedures and anonymous blocks, and
//! leaves as written (what `transaction-blocks` could not rewrite):
//! - `COMMIT`/`ROLLBACK` in the protected part of a block that has an
//!   `EXCEPTION` section (a handler itself may end the transaction): an
//!   error;
//! - `SAVEPOINT`, `ROLLBACK TO SAVEPOINT`, `RELEASE SAVEPOINT`: an error;
//! - `COMMIT`/`ROLLBACK` elsewhere: a warning, since it works only when the
//!   procedure is called by `CALL` outside a transaction block.
//!
//! Transaction control in functions and triggers, and `GOTO`, are reported
//! by `unsupported` (`SP0275`, `SP0274`).
//!
//! **Why.** PostgreSQL runs a function inside its caller's transaction and
//! forbids ending it there ("invalid transaction termination"); a block with
//! an `EXCEPTION` section runs as a subtransaction, which cannot be committed
//! ("cannot commit while a subtransaction is active"); PL/pgSQL has neither
//! savepoint statements nor `GOTO`. Each needs a design decision (let the
//! caller commit, restructure the block), so nothing is rewritten.
//!
//! **Example.**
//!
//! ```sql
//! CREATE PROCEDURE sp_ip_daily_bed_fee IS
//! BEGIN
//!   INSERT INTO ip_fee_detail …;
//!   COMMIT;                       -- SP0240: the block has handlers
//! EXCEPTION WHEN OTHERS THEN
//!   ROLLBACK;                     -- SP0343: allowed in the handler
//!   RAISE;
//! END;
//! ```
//!
//! **Findings.** `SP0240` (error), `SP0343` (warning). (`SP0242`, for
//! `GOTO`, is retired: `SP0274` reports it.)

use sqlparser::ast::Statement;

use crate::ast::Content;
use crate::ast::procedural::*;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct TransactionControl;

impl Pass for TransactionControl {
    fn name(&self) -> &'static str {
        "transaction-control"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        for unit in script.units() {
            let Content::Program(program) = &unit.content else {
                continue;
            };
            let mut f = Check {
                findings: Vec::new(),
            };
            match &program.unit {
                ProgramUnit::Routine(r) => f.routine(r),
                ProgramUnit::Block(b) => f.block(b, Where::Procedure, false),
                ProgramUnit::Trigger(t) => match &t.body {
                    TriggerBody::Simple(b) => f.block(b, Where::Function, false),
                    TriggerBody::Compound { sections, .. } => {
                        for s in sections {
                            f.block(&s.block, Where::Function, false);
                        }
                    }
                },
                ProgramUnit::Package(p) => {
                    for d in &p.declarations {
                        if let Declaration::Routine(r) = d {
                            f.routine(r);
                        }
                    }
                }
                ProgramUnit::TypeBody(t) => {
                    for m in &t.methods {
                        if let Some(b) = &m.routine.body {
                            f.block(b, Where::Function, false);
                        }
                    }
                }
                ProgramUnit::Type(_) => {}
            }
            cx.findings.append(&mut f.findings);
        }
    }
}

#[derive(Clone, Copy)]
enum Where {
    /// A procedure or anonymous block.
    Procedure,
    /// A function, trigger or type method.
    Function,
}

struct Check {
    findings: Vec<Finding>,
}

impl Check {
    fn routine(&mut self, r: &Routine) {
        let place = match r.kind {
            RoutineKind::Procedure => Where::Procedure,
            RoutineKind::Function => Where::Function,
        };
        if let Some(b) = &r.body {
            self.block(b, place, false);
        }
    }

    /// `protected`: inside the protected part of a block with handlers.
    fn block(&mut self, b: &Block, place: Where, protected: bool) {
        for d in &b.declarations {
            if let Declaration::Routine(r) = d {
                self.routine(r);
            }
        }
        let inner = protected || !b.handlers.is_empty();
        self.statements(&b.statements, place, inner);
        for h in &b.handlers {
            self.statements(&h.body, place, protected);
        }
    }

    fn statements(&mut self, stmts: &[Stmt], place: Where, protected: bool) {
        for s in stmts {
            // GOTO is reported by `unsupported` (SP0274).
            if let StmtKind::Sql(sql) = &s.kind {
                self.sql(s, &sql.statement, place, protected);
            }
            for list in s.kind.nested_lists() {
                self.statements(list, place, protected);
            }
            if let StmtKind::Block(b) = &s.kind {
                self.block(b, place, protected);
            }
        }
    }

    fn sql(&mut self, s: &Stmt, statement: &Statement, place: Where, protected: bool) {
        // A statement a pass copied (a handler repeated by
        // `transaction-blocks`) is reported at its original.
        if s.span.is_empty() {
            return;
        }
        // In functions and triggers `unsupported` reports any transaction
        // control (SP0275).
        if matches!(place, Where::Function) {
            return;
        }
        let what = match statement {
            Statement::Commit { .. } => "COMMIT",
            Statement::Rollback {
                savepoint: None, ..
            } => "ROLLBACK",
            Statement::Rollback {
                savepoint: Some(_), ..
            }
            | Statement::Savepoint { .. }
            | Statement::ReleaseSavepoint { .. } => {
                self.findings.push(
                    Finding::new(
                        Code::SP0240,
                        s.span,
                        "PL/pgSQL has no savepoint statements",
                    )
                    .with_help(
                        "a block with an EXCEPTION section is PL/pgSQL's savepoint: its changes are undone when a handler catches an error",
                    ),
                );
                return;
            }
            _ => return,
        };
        let finding = match (place, protected) {
            (Where::Function, _) => return,
            (Where::Procedure, true) => Finding::new(
                Code::SP0240,
                s.span,
                format!("{what} inside a block with an EXCEPTION section: PostgreSQL cannot end a transaction while the block's subtransaction is active"),
            )
            .with_help("move it out of the protected block (a handler may end the transaction), or let the caller commit"),
            (Where::Procedure, false) => Finding::new(
                Code::SP0343,
                s.span,
                format!("{what} in a procedure works only when the procedure is called by CALL outside a transaction block"),
            )
            .with_help("call it in autocommit mode, not from a function or inside BEGIN … COMMIT"),
        };
        self.findings.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn commits_are_checked_where_postgresql_allows_them() {
        let script = "CREATE OR REPLACE PROCEDURE sp_ip_daily_bed_fee IS
BEGIN
  UPDATE ip_admission SET total_fee = 0 WHERE status = 'I';
  IF SQL%ROWCOUNT > 0 THEN
    COMMIT;
  END IF;
EXCEPTION
  WHEN OTHERS THEN
    ROLLBACK;
    RAISE;
END;
/
CREATE OR REPLACE PROCEDURE sp_batch IS
BEGIN
  SAVEPOINT before_batch;
  DELETE FROM ip_bed_log WHERE change_time < SYSDATE - 365;
  COMMIT;
  <<again>>
  NULL;
  GOTO again;
END;
/
CREATE OR REPLACE FUNCTION fn_close_day RETURN NUMBER IS
BEGIN
  UPDATE op_day SET closed = 'Y';
  COMMIT;
  RETURN 1;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
