//! `cursor-attributes`: `c%FOUND`, `c%NOTFOUND`, `c%ROWCOUNT`, `c%ISOPEN` and
//! `SQL%…` as PL/pgSQL computes them.
//!
//! **What it does.**
//! - Right after `FETCH c` (the statement that follows it tests the cursor),
//!   `c%FOUND` is `FOUND` and `c%NOTFOUND` is `NOT FOUND`: the common
//!   `EXIT WHEN c%NOTFOUND` stays one line.
//! - Elsewhere the attribute reads a helper variable the routine declares,
//!   `sqlport_c_found` (set after every `FETCH c`) or `sqlport_c_rowcount`
//!   (zeroed by `OPEN c`, counted by every `FETCH c` that found a row).
//! - Inside a cursor `FOR` loop over `c`, the helpers count the loop's rows
//!   and `c%FOUND` is true.
//! - `c%ISOPEN` asks PostgreSQL's `pg_cursors` view whether the cursor's
//!   portal exists.
//! - `x := SQL%ROWCOUNT` right after a DML statement becomes
//!   `GET DIAGNOSTICS x = ROW_COUNT`; `SQL%FOUND`/`SQL%NOTFOUND` right after
//!   one become `FOUND`/`NOT FOUND`. Elsewhere `SQL%…` reads
//!   `sqlport_sql_rowcount`, set by `GET DIAGNOSTICS` after every DML
//!   statement, `SELECT … INTO` and `EXECUTE` of the routine. `SQL%ISOPEN`
//!   is always `FALSE`, as in Oracle.
//!
//! **Why.** PL/pgSQL has no cursor attributes. Its `FOUND` describes the
//! most recent statement of any kind (a `FETCH`, an `UPDATE`, a `PERFORM`,
//! a loop), so it stands for `c%FOUND` only right after `FETCH c`; ora2pg
//! writes `NOT FOUND` everywhere, which is wrong as soon as another
//! statement runs in between.
//!
//! **Example.**
//!
//! ```sql
//! FETCH c_beds INTO l_bed;                 -- Oracle
//! EXIT WHEN c_beds%NOTFOUND;
//! UPDATE ip_bed SET bed_status = 'C' WHERE bed_id = l_bed.bed_id;
//! l_rows := l_rows + SQL%ROWCOUNT;
//! FETCH c_beds INTO l_bed;                 -- PL/pgSQL
//! EXIT WHEN NOT FOUND;
//! UPDATE ip_bed SET bed_status = 'C' WHERE bed_id = l_bed.bed_id;
//! GET DIAGNOSTICS sqlport_sql_rowcount = ROW_COUNT;
//! l_rows := l_rows + sqlport_sql_rowcount;
//! ```
//!
//! **Findings.** None: the meaning is Oracle's.

use std::collections::BTreeSet;

use sqlparser::ast::{BinaryOperator, DataType, Expr, Statement};

use crate::ast::Content;
use crate::ast::procedural::*;
use crate::rewrite::visit_unit::visit_exprs;
use crate::rewrite::{Context, Pass};
use crate::source::Span;

use super::{built, built_name, pg_expr};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct CursorAttributes;

impl Pass for CursorAttributes {
    fn name(&self) -> &'static str {
        "cursor-attributes"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let changed = match &mut program.unit {
                ProgramUnit::Routine(r) => r.body.as_mut().is_some_and(root),
                ProgramUnit::Block(b) => root(b),
                ProgramUnit::Trigger(t) => match &mut t.body {
                    TriggerBody::Simple(b) => root(b),
                    TriggerBody::Compound { .. } => false,
                },
                ProgramUnit::Package(p) => {
                    let mut changed = false;
                    for d in &mut p.declarations {
                        if let Declaration::Routine(r) = d
                            && let Some(b) = &mut r.body
                        {
                            changed |= root(b);
                        }
                    }
                    changed
                }
                _ => false,
            };
            unit.rewritten |= changed;
        }
    }
}

/// What the routine needs declared and maintained.
#[derive(Default)]
struct Needs {
    /// Cursors whose `%FOUND`/`%NOTFOUND` is read away from their `FETCH`.
    found: BTreeSet<String>,
    /// Cursors whose `%ROWCOUNT` is read.
    rowcount: BTreeSet<String>,
    /// Whether `SQL%…` is read away from its statement.
    sql: bool,
    /// Whether anything changed.
    changed: bool,
}

const SQL_ROWCOUNT: &str = "sqlport_sql_rowcount";

fn found_var(cursor: &str) -> String {
    format!("sqlport_{cursor}_found")
}

fn rowcount_var(cursor: &str) -> String {
    format!("sqlport_{cursor}_rowcount")
}

/// Rewrites the attributes of a routine body; returns whether it changed.
fn root(b: &mut Block) -> bool {
    let mut needs = Needs::default();
    // First walk: which helpers are needed (a helper must be maintained
    // after every FETCH, also those before the first use).
    walk_block(b, &mut needs, true);
    walk_block(b, &mut needs, false);
    let mut decls = Vec::new();
    let var = |name: String, ty: DataType, default: Option<&str>| Declaration::Variable {
        span: Span::default(),
        name: built_name(name),
        constant: false,
        ty: TypeRef {
            span: Span::default(),
            kind: TypeRefKind::Data(ty),
        },
        not_null: false,
        default: default.and_then(pg_expr).map(built),
    };
    if needs.sql {
        decls.push(var(SQL_ROWCOUNT.to_string(), DataType::Integer(None), None));
    }
    for c in &needs.found {
        decls.push(var(found_var(c), DataType::Boolean, None));
    }
    for c in &needs.rowcount {
        decls.push(var(rowcount_var(c), DataType::Integer(None), Some("0")));
    }
    b.declarations.extend(decls);
    needs.changed
}

fn walk_block(b: &mut Block, needs: &mut Needs, dry: bool) {
    walk_list(&mut b.statements, needs, dry);
    for h in &mut b.handlers {
        walk_list(&mut h.body, needs, dry);
    }
}

/// What the statement before this one was.
#[derive(Clone, Copy, PartialEq)]
enum Prev<'a> {
    Other,
    Fetch(&'a str),
    Dml,
}

fn is_dml(kind: &StmtKind) -> bool {
    match kind {
        StmtKind::Sql(q) => match &*q.statement {
            Statement::Insert(_)
            | Statement::Update(_)
            | Statement::Delete(_)
            | Statement::Merge(_) => true,
            Statement::Query(_) => q.into.is_some(),
            _ => false,
        },
        StmtKind::ExecuteImmediate { .. } => true,
        _ => false,
    }
}

/// A simple cursor name (helpers are named after it).
fn simple_name(n: &Name) -> Option<String> {
    let t = &n.text;
    (!t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| t.to_ascii_lowercase())
}

fn walk_list(stmts: &mut Vec<Stmt>, needs: &mut Needs, dry: bool) {
    // Children first: their own lists are independent sequences.
    for s in stmts.iter_mut() {
        match &mut s.kind {
            StmtKind::Block(b) => walk_block(b, needs, dry),
            kind => {
                for inner in kind.nested_lists_mut() {
                    walk_list(inner, needs, dry);
                }
            }
        }
    }
    let mut out = Vec::with_capacity(stmts.len());
    let mut prev_kind: Option<StmtKind> = None;
    for mut s in stmts.drain(..) {
        let prev = match &prev_kind {
            Some(StmtKind::Fetch { cursor, .. }) => Prev::Fetch(cursor.text.as_str()),
            Some(k) if is_dml(k) => Prev::Dml,
            _ => Prev::Other,
        };
        // A loop's condition runs again after its body: never "right after".
        let prev_for_own = match s.kind {
            StmtKind::While { .. } => Prev::Other,
            _ => prev,
        };
        // `x := SQL%ROWCOUNT` right after DML: GET DIAGNOSTICS.
        if prev == Prev::Dml
            && let StmtKind::Assign { target, value } = &s.kind
            && attribute(&value.expr).is_some_and(|(c, a)| c == "SQL" && a == "ROWCOUNT")
        {
            if !dry {
                s.kind = StmtKind::GetDiagnostics {
                    stacked: false,
                    items: vec![(target.clone(), built_name("ROW_COUNT"))],
                };
                s.span = Span::default();
                needs.changed = true;
            }
        } else {
            own_exprs(&mut s, prev_for_own, needs, dry);
        }
        let after = if dry {
            Vec::new()
        } else {
            out.extend(cursor_loop(&mut s.kind, needs));
            maintenance(&s.kind, needs)
        };
        prev_kind = Some(s.kind.clone());
        out.push(s);
        out.extend(after);
    }
    *stmts = out;
}

/// The statements that keep the helpers up to date after `kind`.
fn maintenance(kind: &StmtKind, needs: &Needs) -> Vec<Stmt> {
    let mut after = Vec::new();
    let assign = |target: &str, value: &str| -> Option<Stmt> {
        Some(Stmt {
            span: Span::default(),
            labels: Vec::new(),
            kind: StmtKind::Assign {
                target: built(Expr::Identifier(target.into())),
                value: built(pg_expr(value)?),
            },
        })
    };
    match kind {
        StmtKind::Fetch { cursor, .. } => {
            if let Some(c) = simple_name(cursor) {
                if needs.rowcount.contains(&c) {
                    let v = rowcount_var(&c);
                    after.extend(assign(&v, &format!("{v} + FOUND::integer")));
                }
                if needs.found.contains(&c) {
                    after.extend(assign(&found_var(&c), "FOUND"));
                }
            }
        }
        StmtKind::Open { cursor, .. } | StmtKind::OpenFor { cursor, .. } => {
            if let Some(c) = simple_name(cursor) {
                if needs.rowcount.contains(&c) {
                    after.extend(assign(&rowcount_var(&c), "0"));
                }
                if needs.found.contains(&c) {
                    after.extend(assign(&found_var(&c), "NULL"));
                }
            }
        }
        k if needs.sql && is_dml(k) => after.push(Stmt {
            span: Span::default(),
            labels: Vec::new(),
            kind: StmtKind::GetDiagnostics {
                stacked: false,
                items: vec![(
                    built(Expr::Identifier(SQL_ROWCOUNT.into())),
                    built_name("ROW_COUNT"),
                )],
            },
        }),
        _ => {}
    }
    after
}

/// A cursor `FOR` loop over `c` keeps `c`'s helpers: the row count starts
/// at 0 before the loop and counts each iteration, and `c%FOUND` is true
/// inside. Returns the statements to put before the loop.
fn cursor_loop(kind: &mut StmtKind, needs: &Needs) -> Vec<Stmt> {
    let StmtKind::ForCursor {
        source: CursorSource::Named { cursor, .. },
        body,
        ..
    } = kind
    else {
        return Vec::new();
    };
    let Some(c) = simple_name(cursor) else {
        return Vec::new();
    };
    let assign = |target: String, value: &str| -> Option<Stmt> {
        Some(Stmt {
            span: Span::default(),
            labels: Vec::new(),
            kind: StmtKind::Assign {
                target: built(Expr::Identifier(target.as_str().into())),
                value: built(pg_expr(value)?),
            },
        })
    };
    let mut before = Vec::new();
    let mut prologue = Vec::new();
    if needs.rowcount.contains(&c) {
        let v = rowcount_var(&c);
        before.extend(assign(v.clone(), "0"));
        prologue.extend(assign(v.clone(), &format!("{v} + 1")));
    }
    if needs.found.contains(&c) {
        prologue.extend(assign(found_var(&c), "TRUE"));
    }
    body.splice(0..0, prologue);
    before
}

/// `c%ATTR` as sqlparser read it (`c % ATTR`): the cursor, upper-cased
/// for `SQL`, and the attribute, upper-cased.
fn attribute(e: &Expr) -> Option<(String, String)> {
    let Expr::BinaryOp {
        left,
        op: BinaryOperator::Modulo,
        right,
    } = e
    else {
        return None;
    };
    let (Expr::Identifier(c), Expr::Identifier(a)) = (&**left, &**right) else {
        return None;
    };
    let attr = a.value.to_ascii_uppercase();
    if !matches!(attr.as_str(), "FOUND" | "NOTFOUND" | "ROWCOUNT" | "ISOPEN") {
        return None;
    }
    let cursor = if c.value.eq_ignore_ascii_case("SQL") {
        "SQL".to_string()
    } else {
        c.value.clone()
    };
    Some((cursor, attr))
}

/// The replacement of one attribute, recording the helpers it needs.
fn replacement(cursor: &str, attr: &str, prev: Prev<'_>, needs: &mut Needs) -> Option<String> {
    if cursor == "SQL" {
        let fresh = prev == Prev::Dml;
        return Some(match (attr, fresh) {
            ("FOUND", true) => "FOUND".to_string(),
            ("NOTFOUND", true) => "(NOT FOUND)".to_string(),
            ("ISOPEN", _) => "FALSE".to_string(),
            ("FOUND", false) => {
                needs.sql = true;
                format!("({SQL_ROWCOUNT} > 0)")
            }
            ("NOTFOUND", false) => {
                needs.sql = true;
                format!("({SQL_ROWCOUNT} = 0)")
            }
            _ => {
                needs.sql = true;
                SQL_ROWCOUNT.to_string()
            }
        });
    }
    let c = cursor.to_ascii_lowercase();
    if !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
        return None;
    }
    let fresh = matches!(prev, Prev::Fetch(f) if f.eq_ignore_ascii_case(cursor));
    Some(match (attr, fresh) {
        ("FOUND", true) => "FOUND".to_string(),
        ("NOTFOUND", true) => "(NOT FOUND)".to_string(),
        ("FOUND", false) => {
            needs.found.insert(c.clone());
            found_var(&c)
        }
        ("NOTFOUND", false) => {
            needs.found.insert(c.clone());
            format!("(NOT {})", found_var(&c))
        }
        ("ROWCOUNT", _) => {
            needs.rowcount.insert(c.clone());
            rowcount_var(&c)
        }
        _ => format!("EXISTS (SELECT 1 FROM pg_catalog.pg_cursors WHERE name = {cursor}::text)"),
    })
}

/// Rewrites the attributes in `e`; returns whether it changed.
fn rewrite(e: &mut Expr, prev: Prev<'_>, needs: &mut Needs, dry: bool) -> bool {
    visit_exprs(e, &mut |e| {
        let Some((cursor, attr)) = attribute(e) else {
            return false;
        };
        let Some(text) = replacement(&cursor, &attr, prev, needs) else {
            return false;
        };
        if dry {
            return false;
        }
        match pg_expr(&text) {
            Some(new) => {
                *e = new;
                true
            }
            None => false,
        }
    })
}

fn own_exprs(s: &mut Stmt, prev: Prev<'_>, needs: &mut Needs, dry: bool) {
    let mut changed = false;
    let mut on = |e: &mut PlExpr, needs: &mut Needs| {
        if rewrite(&mut e.expr, prev, needs, dry) {
            // `EXIT WHEN (NOT FOUND)`: the parentheses that kept the
            // replacement one operand are noise at the top.
            if let Expr::Nested(inner) = &*e.expr {
                e.expr = inner.clone();
            }
            e.span = Span::default();
            changed = true;
        }
    };
    match &mut s.kind {
        StmtKind::Assign { value, .. } => on(value, needs),
        StmtKind::If { branches, .. } => {
            for b in branches {
                on(&mut b.condition, needs);
            }
        }
        StmtKind::Case { operand, whens, .. } => {
            if let Some(o) = operand {
                on(o, needs);
            }
            for w in whens {
                on(&mut w.condition, needs);
            }
        }
        StmtKind::While { condition, .. } => on(condition, needs),
        StmtKind::Exit { when: Some(w), .. } | StmtKind::Continue { when: Some(w), .. } => {
            on(w, needs)
        }
        StmtKind::Return(Some(e)) | StmtKind::Call(e) => on(e, needs),
        StmtKind::RaiseMessage { args, .. } => {
            for a in args {
                on(a, needs);
            }
        }
        StmtKind::Sql(q) => {
            let mut sql_changed = false;
            let _ = sqlparser::ast::visit_expressions_mut(&mut *q.statement, |e| {
                sql_changed |= rewrite(e, prev, needs, dry);
                std::ops::ControlFlow::<()>::Continue(())
            });
            if sql_changed {
                q.span = Span::default();
                changed = true;
            }
        }
        _ => {}
    }
    if changed {
        needs.changed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn cursor_and_sql_attributes() {
        let script = "CREATE OR REPLACE PROCEDURE sp_ip_clean_beds (p_ward_id IN NUMBER, o_rows OUT NUMBER) IS
  CURSOR c_beds (p_ward NUMBER) IS
    SELECT bed_id, bed_status FROM ip_bed WHERE ward_id = p_ward AND bed_status = 'C' ORDER BY bed_id;
  l_bed     c_beds%ROWTYPE;
  l_total   NUMBER := 0;
BEGIN
  IF NOT c_beds%ISOPEN THEN
    OPEN c_beds(p_ward_id);
  END IF;
  LOOP
    FETCH c_beds INTO l_bed;
    EXIT WHEN c_beds%NOTFOUND;
    UPDATE ip_bed SET bed_status = 'E' WHERE bed_id = l_bed.bed_id;
    IF SQL%FOUND THEN
      l_total := l_total + 1;
    END IF;
    INSERT INTO ip_bed_log (log_id, bed_id, old_status, new_status)
    VALUES (seq_ip_bed_log.NEXTVAL, l_bed.bed_id, 'C', 'E');
    DBMS_OUTPUT.PUT_LINE('第 ' || c_beds%ROWCOUNT || ' 张床');
  END LOOP;
  IF c_beds%FOUND IS NULL OR NOT c_beds%FOUND THEN
    CLOSE c_beds;
  END IF;
  DELETE FROM ip_bed_log WHERE bed_id IS NULL;
  o_rows := SQL%ROWCOUNT;
  UPDATE ip_ward SET status = '1' WHERE ward_id = p_ward_id;
  IF l_total > 0 AND SQL%NOTFOUND THEN
    o_rows := -1;
  END IF;
  FOR r IN c_beds(p_ward_id) LOOP
    IF c_beds%ROWCOUNT > 10 AND c_beds%FOUND THEN
      EXIT;
    END IF;
  END LOOP;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
