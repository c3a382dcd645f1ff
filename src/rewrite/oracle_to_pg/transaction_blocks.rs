//! `transaction-blocks`: two common Oracle transaction patterns rewritten
//! so PostgreSQL runs them with the same effect.
//!
//! **What it does.**
//! 1. A procedure's (or anonymous block's) block that commits its work and
//!    has exception handlers (the whole body: the work between `COMMIT`s
//!    each in a block of its own with a copy of the handlers; an inner
//!    block: only a `COMMIT` that ends it):
//!    ```sql
//!    BEGIN work; COMMIT; EXCEPTION WHEN OTHERS THEN ROLLBACK; RAISE; END;
//!    ```
//!    becomes a block around the work, with the handlers, followed by the
//!    `COMMIT`:
//!    ```sql
//!    BEGIN BEGIN work; EXCEPTION WHEN OTHERS THEN ROLLBACK; RAISE; END; COMMIT; END;
//!    ```
//!    A handler that goes on (does not re-raise) gets `RETURN;` when the
//!    block is the whole body, so that, as in Oracle, the `COMMIT` after the
//!    work is skipped; in an inner block the rewrite is made only when each
//!    such handler rolls back and changes nothing after that (then the
//!    `COMMIT` has nothing to commit).
//! 2. `SAVEPOINT s` as the first statement of a block with handlers, and
//!    `ROLLBACK TO s` as the first statement of its handlers, are removed:
//!    PL/pgSQL undoes a block's changes when a handler catches an error, which
//!    is exactly that savepoint.
//!
//! **Why.** PostgreSQL cannot commit while the subtransaction of a block
//! with handlers is active, and PL/pgSQL has no savepoint statements.
//! Whatever does not match these patterns is reported by
//! `transaction-control`.
//!
//! **Findings.** None: the effect is Oracle's.

use sqlparser::ast::Statement;

use crate::ast::Content;
use crate::ast::procedural::*;
use crate::rewrite::{Context, Pass};
use crate::source::Span;

use super::changes_data;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct TransactionBlocks;

impl Pass for TransactionBlocks {
    fn name(&self) -> &'static str {
        "transaction-blocks"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let mut changed = false;
            match &mut program.unit {
                ProgramUnit::Routine(r) => changed |= routine(r),
                ProgramUnit::Block(b) => changed |= body(b, true),
                ProgramUnit::Package(p) => {
                    for d in &mut p.declarations {
                        if let Declaration::Routine(r) = d {
                            changed |= routine(r);
                        }
                    }
                }
                ProgramUnit::Trigger(t) => {
                    if let TriggerBody::Simple(b) = &mut t.body {
                        changed |= savepoints(b);
                    }
                }
                _ => {}
            }
            unit.rewritten |= changed;
        }
    }
}

fn routine(r: &mut Routine) -> bool {
    let procedure = r.kind == RoutineKind::Procedure;
    r.body.as_mut().is_some_and(|b| body(b, procedure))
}

/// A routine body: savepoints everywhere; commits only where a commit is
/// allowed (procedures and anonymous blocks).
fn body(b: &mut Block, commits: bool) -> bool {
    let mut changed = savepoints(b);
    if commits {
        changed |= nested_commits(&mut b.statements);
        changed |= outer_commit(b);
    }
    changed
}

fn is_commit(s: &Stmt) -> bool {
    matches!(&s.kind, StmtKind::Sql(q) if matches!(*q.statement, Statement::Commit { .. }))
}

fn is_rollback(s: &Stmt) -> bool {
    matches!(&s.kind, StmtKind::Sql(q) if matches!(*q.statement, Statement::Rollback { savepoint: None, .. }))
}

/// Whether a handler ends by leaving: re-raising or returning.
fn leaves(stmts: &[Stmt]) -> bool {
    stmts.last().is_some_and(|s| match &s.kind {
        StmtKind::Raise(_) | StmtKind::Return(_) => true,
        StmtKind::RaiseMessage { level, .. } => level
            .as_deref()
            .is_none_or(|l| l.eq_ignore_ascii_case("EXCEPTION")),
        _ => false,
    })
}

/// A handler after which a COMMIT has nothing to commit: it rolls back and
/// changes nothing after that.
fn rolls_back_then_stays(stmts: &[Stmt]) -> bool {
    stmts
        .iter()
        .rposition(is_rollback)
        .is_some_and(|i| !changes_data(&stmts[i + 1..]))
}

/// `BEGIN a; COMMIT; b; EXCEPTION … END;` as the whole body: each part
/// between top-level COMMITs runs in a block of its own with the handlers,
/// and the COMMITs run between those blocks.
fn outer_commit(b: &mut Block) -> bool {
    if b.handlers.is_empty() || !b.statements.iter().any(is_commit) {
        return false;
    }
    let mut handlers = std::mem::take(&mut b.handlers);
    // Leaving the body is what Oracle does after a handler that goes on.
    for h in &mut handlers {
        if !leaves(&h.body) {
            h.body.push(Stmt {
                span: Span::default(),
                labels: Vec::new(),
                kind: StmtKind::Return(None),
            });
        }
    }
    // (statements, the COMMIT after them)
    let mut parts: Vec<(Vec<Stmt>, Option<Stmt>)> = vec![(Vec::new(), None)];
    for s in std::mem::take(&mut b.statements) {
        if is_commit(&s) {
            if let Some(last) = parts.last_mut() {
                last.1 = Some(s);
            }
            parts.push((Vec::new(), None));
        } else if let Some(last) = parts.last_mut() {
            last.0.push(s);
        }
    }
    let last_work = parts.iter().rposition(|(work, _)| !work.is_empty());
    let mut out = Vec::new();
    for (i, (work, commit)) in parts.into_iter().enumerate() {
        if !work.is_empty() {
            // The last part keeps the handlers as written; earlier parts get
            // copies printed from the AST.
            let part_handlers = if Some(i) == last_work {
                std::mem::take(&mut handlers)
            } else {
                let mut copy = handlers.clone();
                for h in &mut copy {
                    clear_handler(h);
                }
                copy
            };
            out.push(Stmt {
                span: Span::default(),
                labels: Vec::new(),
                kind: StmtKind::Block(Box::new(Block {
                    span: Span::default(),
                    label: None,
                    declarations: Vec::new(),
                    statements: work,
                    handlers: part_handlers,
                    end_name: None,
                })),
            });
        }
        out.extend(commit);
    }
    b.statements = out;
    true
}

/// A handler's copy printed from its AST: no spans, so that the printer
/// does not take the source text (and comments) of the original.
fn clear_handler(h: &mut Handler) {
    h.span = Span::default();
    for n in &mut h.exceptions {
        n.span = Span::default();
    }
    crate::ast::visit::walk_statements(&mut Clear, &mut h.body);
}

struct Clear;

fn clear_name(n: &mut Name) {
    n.span = Span::default();
}

impl crate::ast::visit::VisitMut for Clear {
    fn expr(&mut self, e: &mut PlExpr) {
        e.span = Span::default();
    }
    fn sql(&mut self, sql: &mut EmbeddedSql) {
        sql.span = Span::default();
        if let Some(into) = &mut sql.into {
            into.span = Span::default();
        }
    }
    fn type_ref(&mut self, t: &mut TypeRef) {
        t.span = Span::default();
    }
    fn block(&mut self, b: &mut Block) {
        b.span = Span::default();
        b.label
            .iter_mut()
            .chain(b.end_name.iter_mut())
            .for_each(clear_name);
        for h in &mut b.handlers {
            h.span = Span::default();
            h.exceptions.iter_mut().for_each(clear_name);
        }
    }
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts {
            s.span = Span::default();
            s.labels.iter_mut().for_each(clear_name);
            match &mut s.kind {
                StmtKind::Raise(Some(n))
                | StmtKind::Close(n)
                | StmtKind::Goto(n)
                | StmtKind::Open { cursor: n, .. }
                | StmtKind::OpenFor { cursor: n, .. }
                | StmtKind::Move { cursor: n, .. }
                | StmtKind::ForRange { index: n, .. }
                | StmtKind::Foreach { var: n, .. }
                | StmtKind::Exit { label: Some(n), .. }
                | StmtKind::Continue { label: Some(n), .. }
                | StmtKind::RaiseMessage {
                    condition: Some(n), ..
                } => clear_name(n),
                StmtKind::Fetch { cursor, into, .. } => {
                    clear_name(cursor);
                    into.span = Span::default();
                }
                StmtKind::ForCursor { record, source, .. } => {
                    clear_name(record);
                    if let CursorSource::Named { cursor, args } = source {
                        clear_name(cursor);
                        for a in args {
                            a.name.iter_mut().for_each(clear_name);
                        }
                    }
                }
                StmtKind::GetDiagnostics { items, .. } => {
                    items.iter_mut().for_each(|(_, n)| clear_name(n));
                }
                _ => {}
            }
            if let StmtKind::RaiseMessage { options, .. } = &mut s.kind {
                options.iter_mut().for_each(|(n, _)| clear_name(n));
            }
        }
    }
}

/// Inner blocks ending with COMMIT, in every statement list.
fn nested_commits(stmts: &mut Vec<Stmt>) -> bool {
    let mut changed = false;
    let mut out = Vec::with_capacity(stmts.len());
    for mut s in stmts.drain(..) {
        let mut after = None;
        match &mut s.kind {
            StmtKind::Block(b) => {
                changed |= nested_commits(&mut b.statements);
                for h in &mut b.handlers {
                    changed |= nested_commits(&mut h.body);
                }
                if !b.handlers.is_empty()
                    && b.statements.last().is_some_and(is_commit)
                    && b.handlers
                        .iter()
                        .all(|h| leaves(&h.body) || rolls_back_then_stays(&h.body))
                {
                    after = b.statements.pop();
                    changed = true;
                }
            }
            kind => {
                for inner in kind.nested_lists_mut() {
                    changed |= nested_commits(inner);
                }
            }
        }
        out.push(s);
        out.extend(after);
    }
    *stmts = out;
    changed
}

fn savepoint_name(s: &Stmt) -> Option<String> {
    match &s.kind {
        StmtKind::Sql(q) => match &*q.statement {
            Statement::Savepoint { name } => Some(name.value.to_ascii_lowercase()),
            _ => None,
        },
        _ => None,
    }
}

fn rollback_to(s: &Stmt) -> Option<String> {
    match &s.kind {
        StmtKind::Sql(q) => match &*q.statement {
            Statement::Rollback {
                savepoint: Some(name),
                ..
            } => Some(name.value.to_ascii_lowercase()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `ROLLBACK TO name` occurs anywhere in the statements.
fn mentions(stmts: &[Stmt], name: &str) -> bool {
    stmts.iter().any(|s| {
        rollback_to(s).as_deref() == Some(name)
            || s.kind.nested_lists().into_iter().any(|l| mentions(l, name))
            || matches!(&s.kind, StmtKind::Block(b) if
                mentions(&b.statements, name) || b.handlers.iter().any(|h| mentions(&h.body, name)))
    })
}

/// `SAVEPOINT s` opening a block with handlers, undone by `ROLLBACK TO s`
/// at the start of its handlers: the block itself is that savepoint.
fn savepoints(b: &mut Block) -> bool {
    let mut changed = false;
    for s in &mut b.statements {
        changed |= savepoints_in(s);
    }
    let Some(name) = b.statements.first().and_then(savepoint_name) else {
        return changed;
    };
    if b.handlers.is_empty() || mentions(&b.statements[1..], &name) {
        return changed;
    }
    let inside_handlers = b.handlers.iter().any(|h| {
        let rest = match h.body.first().and_then(rollback_to) {
            Some(first) if first == name => &h.body[1..],
            _ => &h.body[..],
        };
        mentions(rest, &name)
    });
    if inside_handlers {
        return changed;
    }
    b.statements.remove(0);
    for h in &mut b.handlers {
        if h.body.first().and_then(rollback_to).as_deref() == Some(name.as_str()) {
            h.body.remove(0);
            if h.body.is_empty() {
                h.body.push(Stmt {
                    span: Span::default(),
                    labels: Vec::new(),
                    kind: StmtKind::Null,
                });
            }
        }
    }
    true
}

/// [`savepoints`] on the block `s` is, or on every block nested in its
/// branches and loop bodies.
fn savepoints_in(s: &mut Stmt) -> bool {
    if let StmtKind::Block(inner) = &mut s.kind {
        return savepoints(inner);
    }
    let mut changed = false;
    for list in s.kind.nested_lists_mut() {
        for inner in list {
            changed |= savepoints_in(inner);
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn trailing_commits_leave_the_protected_block_and_savepoints_become_blocks() {
        let script = "CREATE OR REPLACE PROCEDURE sp_ip_close_day IS
BEGIN
  UPDATE ip_admission SET total_fee = 0 WHERE status = 'I';
  BEGIN
    SAVEPOINT sp_log;
    INSERT INTO his_log (module, msg) VALUES ('IP', '日结');
    COMMIT;
  EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
      ROLLBACK TO sp_log;
      RAISE;
    WHEN OTHERS THEN
      ROLLBACK;
      DBMS_OUTPUT.PUT_LINE('日志失败：' || SQLERRM);
  END;
END;
/
CREATE OR REPLACE PROCEDURE sp_ip_daily_bed_fee IS
  l_rows INTEGER;
BEGIN
  INSERT INTO ip_fee_detail (fee_id, admission_id) SELECT seq_ip_fee_detail.NEXTVAL, admission_id FROM ip_admission;
  l_rows := SQL%ROWCOUNT;
  COMMIT;
  -- 记录日志
  sp_his_log('IP_BED_FEE', 'INFO', '床位费计费 ' || l_rows || ' 人次');
EXCEPTION
  WHEN OTHERS THEN
    ROLLBACK;
    sp_his_log('IP_BED_FEE', 'ERROR', SQLERRM); -- 失败日志
    RAISE;
END sp_ip_daily_bed_fee;
/
CREATE OR REPLACE PROCEDURE sp_ip_reset_fee IS
BEGIN
  UPDATE ip_admission SET total_fee = 0 WHERE status = 'I';
  COMMIT;
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    ROLLBACK;
    DBMS_OUTPUT.PUT_LINE('无数据');
  WHEN OTHERS THEN
    ROLLBACK;
    RAISE;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
