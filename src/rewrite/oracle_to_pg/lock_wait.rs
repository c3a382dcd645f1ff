//! `lock-wait`: `FOR UPDATE WAIT n` as a lock timeout.
//!
//! **What it does.** A statement locking rows with `FOR UPDATE … WAIT n`
//! becomes the same statement with `FOR UPDATE`, run with PostgreSQL's
//! `lock_timeout` set to `n` seconds, and the previous timeout put back
//! after it:
//!
//! ```sql
//! SELECT * INTO l_sched FROM op_schedule WHERE schedule_id = p_id FOR UPDATE WAIT 5;  -- Oracle
//! sqlport_lock_timeout := current_setting('lock_timeout');                            -- PL/pgSQL
//! PERFORM set_config('lock_timeout', '5s', true);
//! SELECT * INTO STRICT l_sched FROM op_schedule WHERE schedule_id = p_id FOR UPDATE;
//! PERFORM set_config('lock_timeout', sqlport_lock_timeout, true);
//! ```
//!
//! In a cursor's query, `WAIT n` is dropped with a warning.
//!
//! **Why.** PostgreSQL's `FOR UPDATE` has `NOWAIT` and `SKIP LOCKED` but no
//! `WAIT n`; `lock_timeout` gives the same effect, and its error
//! (`lock_not_available`, 55P03) is the condition the `exceptions` pass maps
//! ORA-30006 and ORA-00054 to, so handlers still catch it. A cursor locks its
//! rows as they are fetched in PostgreSQL (at `OPEN` in Oracle), so no single
//! statement can carry the timeout.
//!
//! **Findings.** `SP0345` (warning) for a cursor's `WAIT n`.

use sqlparser::ast::Expr;

use crate::ast::Content;
use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

use super::{built, built_name, built_sql, pg_expr, pg_statement};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct LockWait;

const SAVED: &str = "sqlport_lock_timeout";

impl Pass for LockWait {
    fn name(&self) -> &'static str {
        "lock-wait"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let mut cursors = Cursors(Vec::new());
            walk_program(&mut cursors, program);
            cx.findings.append(&mut cursors.0);
            match &mut program.unit {
                ProgramUnit::Routine(r) => {
                    if let Some(b) = &mut r.body {
                        root(b);
                    }
                }
                ProgramUnit::Block(b) => root(b),
                ProgramUnit::Trigger(t) => {
                    if let TriggerBody::Simple(b) = &mut t.body {
                        root(b);
                    }
                }
                ProgramUnit::Package(p) => {
                    for d in &mut p.declarations {
                        if let Declaration::Routine(r) = d
                            && let Some(b) = &mut r.body
                        {
                            root(b);
                        }
                    }
                }
                _ => {}
            }
            unit.rewritten = true;
        }
    }
}

/// Cursor queries: `WAIT n` dropped, with a warning.
struct Cursors(Vec<Finding>);

impl VisitMut for Cursors {
    fn declarations(&mut self, decls: &mut Vec<Declaration>) {
        for d in decls.iter_mut() {
            if let Declaration::Cursor(c) = d
                && let Some(q) = &mut c.query
                && q.wait.take().is_some()
            {
                q.span = Span::default();
                self.0.push(
                    Finding::new(
                        Code::SP0345,
                        c.span,
                        format!(
                            "cursor `{}`: FOR UPDATE WAIT dropped; PostgreSQL locks the rows as they are fetched, under the session's lock_timeout",
                            c.name.text
                        ),
                    )
                    .with_help(
                        "set lock_timeout around the FETCH loop if waiting must be bounded",
                    ),
                );
            }
        }
    }
}

/// Rewrites the statements of a routine body; declares the variable that
/// saves the timeout when needed.
fn root(b: &mut Block) {
    let mut used = false;
    block(b, &mut used);
    if used {
        b.declarations.push(Declaration::Variable {
            span: Span::default(),
            name: built_name(SAVED),
            constant: false,
            ty: TypeRef {
                span: Span::default(),
                kind: TypeRefKind::Named(built_name("text")),
            },
            not_null: false,
            default: None,
        });
    }
}

fn block(b: &mut Block, used: &mut bool) {
    list(&mut b.statements, used);
    for h in &mut b.handlers {
        list(&mut h.body, used);
    }
}

fn stmt(kind: StmtKind) -> Stmt {
    Stmt {
        span: Span::default(),
        labels: Vec::new(),
        kind,
    }
}

fn perform(select: &str) -> Option<Stmt> {
    let statement = pg_statement(select)?;
    Some(stmt(StmtKind::Perform(Box::new(built_sql(statement)))))
}

/// The statements that set and restore the timeout around one statement.
fn around(seconds: &PlExpr) -> Option<(Vec<Stmt>, Stmt)> {
    let value = match seconds.expr.to_string().parse::<u64>() {
        Ok(n) => format!("'{n}s'"),
        Err(_) => format!("(({}) || 's')", seconds.expr),
    };
    let save = stmt(StmtKind::Assign {
        target: built(Expr::Identifier(SAVED.into())),
        value: built(pg_expr("current_setting('lock_timeout')")?),
    });
    let set = perform(&format!("SELECT set_config('lock_timeout', {value}, true)"))?;
    let restore = perform(&format!("SELECT set_config('lock_timeout', {SAVED}, true)"))?;
    Some((vec![save, set], restore))
}

fn list(stmts: &mut Vec<Stmt>, used: &mut bool) {
    let mut out = Vec::with_capacity(stmts.len());
    for mut s in stmts.drain(..) {
        match &mut s.kind {
            StmtKind::Block(b) => block(b, used),
            kind => {
                for inner in kind.nested_lists_mut() {
                    list(inner, used);
                }
            }
        }
        let mut after = None;
        if let StmtKind::Sql(q) = &mut s.kind
            && let Some(wait) = &q.wait
            && let Some((before, restore)) = around(wait)
        {
            q.wait = None;
            q.span = Span::default();
            out.extend(before);
            after = Some(restore);
            *used = true;
        }
        out.push(s);
        out.extend(after);
    }
    *stmts = out;
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn wait_becomes_a_lock_timeout() {
        let script = "CREATE OR REPLACE PROCEDURE sp_lock_schedule (p_id IN NUMBER) IS
  CURSOR c_batches IS
    SELECT batch_id FROM ph_stock_batch WHERE drug_id = p_id FOR UPDATE OF stock_qty WAIT 3;
  l_status CHAR(1);
BEGIN
  -- 锁定号源，最多等 5 秒
  SELECT status
    INTO l_status
    FROM op_schedule
   WHERE schedule_id = p_id
     FOR UPDATE WAIT 5;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
