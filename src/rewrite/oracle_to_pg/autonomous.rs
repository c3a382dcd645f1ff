//! `autonomous`: a routine with `PRAGMA AUTONOMOUS_TRANSACTION` runs in its
//! caller's transaction.
//!
//! **What it does.** In a procedure or function (standalone or in a package
//! body) that declares `PRAGMA AUTONOMOUS_TRANSACTION`, the pragma is
//! removed, and so are the `COMMIT`s of its own work and the `ROLLBACK`s in
//! its exception handlers. Everything else is translated as usual.
//!
//! **Why.** A PostgreSQL kernel (HighGo; Kingbase in PG mode) has no
//! autonomous transactions: the pragma does not parse, so the routine — in
//! HIS code, typically the error and audit log every other routine calls —
//! is not created, and every caller fails with "procedure does not exist".
//! Without the pragma the routine runs inside its caller's transaction:
//! - its `COMMIT` would commit the caller's work too, and fails when it is
//!   called from a function, a block with an `EXCEPTION` section or a
//!   transaction block (where these loggers are called from): removed, the
//!   caller's commit commits the routine's writes;
//! - a `ROLLBACK` in its handler undid only the routine's own work: PL/pgSQL
//!   already undoes a block's work when its handler catches an error (the
//!   block is a subtransaction), so it is removed too. A `ROLLBACK` outside
//!   a handler is left, for `transaction-control` to report.
//!
//! A second connection (`dblink`, `pg_background`) would keep the autonomy,
//! but needs an extension, credentials and a connection per call; sqlport
//! assumes no extension, so the choice is the user's, and the finding says
//! what changed.
//!
//! **Example.**
//!
//! ```sql
//! CREATE OR REPLACE PROCEDURE sp_his_log (p_module IN VARCHAR2, p_message IN VARCHAR2) IS
//!   PRAGMA AUTONOMOUS_TRANSACTION;
//! BEGIN
//!   INSERT INTO his_op_log (module_name, message) VALUES (p_module, p_message);
//!   COMMIT;
//! EXCEPTION
//!   WHEN OTHERS THEN ROLLBACK;
//! END;
//! -- becomes
//! CREATE OR REPLACE PROCEDURE sp_his_log(p_module VARCHAR, p_message VARCHAR) AS $$
//! BEGIN
//!   INSERT INTO his_op_log (module_name, message) VALUES (p_module, p_message);
//! EXCEPTION
//!   WHEN OTHERS THEN NULL;
//! END; $$ LANGUAGE plpgsql;
//! ```
//!
//! **Findings.** `SP0387` (error) at the pragma. The routine now loads and
//! runs, so the rest of the script does too, but what it exists for (writes
//! that outlive the caller's rollback) is lost exactly when it matters: the
//! issue lists autonomous transactions among the errors, and a pre-commit
//! check must stop on it until someone has decided (see `sqlport explain SP0387`).

use sqlparser::ast::Statement;

use crate::ast::Content;
use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_block, walk_program};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Autonomous;

impl Pass for Autonomous {
    fn name(&self) -> &'static str {
        "autonomous"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let mut v = Routines {
                findings: Vec::new(),
                removed: Vec::new(),
            };
            walk_program(&mut v, program);
            if !v.findings.is_empty() {
                unit.rewritten = true;
                cx.findings.append(&mut v.findings);
            }
            // `unsupported` reported these COMMITs and ROLLBACKs (SP0275)
            // on the input; they are gone.
            cx.findings.retain(|f| {
                f.code != Code::SP0275
                    || !v
                        .removed
                        .iter()
                        .any(|s| !s.is_empty() && s.contains(f.span.start))
            });
        }
    }
}

struct Routines {
    findings: Vec<Finding>,
    /// Where the removed statements were.
    removed: Vec<Span>,
}

impl VisitMut for Routines {
    fn routine(&mut self, r: &mut Routine) {
        let Some(body) = &mut r.body else { return };
        let Some(at) = body.declarations.iter().position(|d| {
            matches!(d, Declaration::Pragma { name, .. } if name.eq_ignore_ascii_case("AUTONOMOUS_TRANSACTION"))
        }) else {
            return;
        };
        let span = match body.declarations.remove(at) {
            Declaration::Pragma { span, .. } => span,
            _ => Span::default(),
        };
        let mut strip = Strip {
            removed: Vec::new(),
        };
        walk_block(&mut strip, body);
        let removed = match strip.removed.len() {
            0 => String::new(),
            1 => "; its COMMIT/ROLLBACK was removed".to_string(),
            n => format!("; its {n} COMMIT/ROLLBACK statements were removed"),
        };
        self.findings.push(
            Finding::new(
                Code::SP0387,
                span,
                format!(
                    "PRAGMA AUTONOMOUS_TRANSACTION removed: {} runs in its caller's transaction, so its writes commit and roll back with the caller's (a row it writes just before the caller fails is lost){removed}",
                    r.name.text
                ),
            )
            .with_help(
                "if its writes must survive the caller's rollback, write them through a second connection (dblink, pg_background) instead",
            ),
        );
        self.removed.append(&mut strip.removed);
    }
}

/// Removes `COMMIT`s, and `ROLLBACK`s in handlers, from a routine's body.
struct Strip {
    /// Where the removed statements were.
    removed: Vec<Span>,
}

impl Strip {
    fn remove(&mut self, stmts: &mut Vec<Stmt>, which: fn(&Stmt) -> bool) {
        let removed = &mut self.removed;
        stmts.retain(|s| {
            let gone = which(s);
            if gone {
                removed.push(s.span);
            }
            !gone
        });
    }
}

impl VisitMut for Strip {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        self.remove(stmts, is_commit);
    }

    fn block(&mut self, b: &mut Block) {
        for h in &mut b.handlers {
            let before = self.removed.len();
            self.remove(&mut h.body, is_rollback);
            if self.removed.len() > before {
                // Rewritten: the block's own undo now stands for the
                // ROLLBACK, so `handler-rollback` (which skips handlers a
                // pass built) has nothing to report about it.
                h.span = Span::default();
            }
            if h.body.is_empty() {
                h.body.push(Stmt {
                    span: Span::default(),
                    labels: Vec::new(),
                    kind: StmtKind::Null,
                });
            }
        }
    }
}

fn is_commit(s: &Stmt) -> bool {
    matches!(&s.kind, StmtKind::Sql(q) if matches!(*q.statement, Statement::Commit { .. }))
}

fn is_rollback(s: &Stmt) -> bool {
    matches!(&s.kind, StmtKind::Sql(q) if matches!(*q.statement, Statement::Rollback { savepoint: None, .. }))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn an_autonomous_logger_runs_in_its_callers_transaction() {
        // 操作日志：自治事务写日志，失败时静默回滚，不影响主业务。
        let script = "CREATE OR REPLACE PROCEDURE sp_his_log
(
  p_module    IN his_op_log.module_name%TYPE,
  p_level     IN his_op_log.log_level%TYPE,
  p_message   IN VARCHAR2,
  p_err_code  IN NUMBER DEFAULT NULL
)
IS
  PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
  INSERT INTO his_op_log (log_id, log_time, module_name, log_level, message, err_code)
  VALUES (seq_his_op_log.NEXTVAL, SYSTIMESTAMP, p_module, p_level, SUBSTR(p_message, 1, 1000), p_err_code);
  COMMIT;
EXCEPTION
  WHEN OTHERS THEN
    -- 日志写失败不能影响主业务，静默回滚
    ROLLBACK;
END sp_his_log;
/
CREATE OR REPLACE PROCEDURE sp_ip_admit (p_patient_id IN NUMBER) IS
BEGIN
  UPDATE ip_bed SET bed_status = 'O' WHERE patient_id = p_patient_id;
  sp_his_log('IP_ADMIT', 'INFO', '入院登记：' || p_patient_id);
EXCEPTION
  WHEN OTHERS THEN
    sp_his_log('IP_ADMIT', 'ERROR', '入院登记失败：' || p_patient_id);
    RAISE;
END sp_ip_admit;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }

    #[test]
    fn package_routines_lose_the_pragma_too() {
        let script = "CREATE OR REPLACE PACKAGE BODY pkg_op_billing AS
  PROCEDURE log_msg (p_level IN VARCHAR2, p_msg IN VARCHAR2) IS
    PRAGMA AUTONOMOUS_TRANSACTION;
  BEGIN
    INSERT INTO his_op_log (log_id, log_time, module_name, log_level, message)
    VALUES (seq_his_op_log.NEXTVAL, SYSTIMESTAMP, 'PKG_OP_BILLING', p_level, p_msg);
    COMMIT;
  END log_msg;
END pkg_op_billing;
/
";
        let out = translated(script, &highgo());
        assert!(!out.contains("AUTONOMOUS_TRANSACTION;"), "{out}");
        assert!(!out.contains("COMMIT;"), "{out}");
        assert!(out.contains("SP0387"), "{out}");
    }
}
