//! Reaching every SQL statement and expression of a unit, wherever it is:
//! a SQL unit's statements, and the embedded SQL and expressions of a program
//! unit. A change marks the unit rewritten and clears the span of the leaf
//! that changed, so the printer prints that leaf from its AST and keeps the
//! source text of every other.

use std::ops::ControlFlow;

use sqlparser::ast::{Expr, Statement, visit_expressions_mut};

use crate::ast::procedural::{EmbeddedSql, PlExpr};
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Unit};
use crate::source::Span;

/// Calls `f` on every SQL statement of `unit` (SQL units, and each statement
/// embedded in a program unit); `f` returns whether it changed the statement.
/// Returns whether anything changed.
pub fn statements_mut(unit: &mut Unit, f: &mut dyn FnMut(&mut Statement) -> bool) -> bool {
    let changed = match &mut unit.content {
        Content::Sql(statements) => statements
            .iter_mut()
            .fold(false, |changed, s| f(s) | changed),
        Content::Program(program) => {
            let mut v = Leaves {
                on_statement: Some(f),
                on_expr: None,
                changed: false,
            };
            walk_program(&mut v, program);
            v.changed
        }
        _ => false,
    };
    unit.rewritten |= changed;
    changed
}

/// Calls `f` on every expression of `unit`, nested ones included, innermost
/// first (sqlparser's post-order); `f` returns whether it changed the
/// expression. Returns whether anything changed.
pub fn expressions_mut(unit: &mut Unit, f: &mut dyn FnMut(&mut Expr) -> bool) -> bool {
    let mut in_statement = |s: &mut Statement| visit_exprs(s, f);
    let changed = statements_mut(unit, &mut in_statement);
    let changed = match &mut unit.content {
        Content::Program(program) => {
            let mut v = Leaves {
                on_statement: None,
                on_expr: Some(f),
                changed: false,
            };
            walk_program(&mut v, program);
            v.changed | changed
        }
        _ => changed,
    };
    unit.rewritten |= changed;
    changed
}

/// Runs `f` on every expression inside `node` (post-order).
pub fn visit_exprs<V: sqlparser::ast::VisitMut>(
    node: &mut V,
    f: &mut dyn FnMut(&mut Expr) -> bool,
) -> bool {
    let mut changed = false;
    let _ = visit_expressions_mut(node, |e| {
        changed |= f(e);
        ControlFlow::<()>::Continue(())
    });
    changed
}

type OnStatement<'f> = &'f mut dyn FnMut(&mut Statement) -> bool;
type OnExpr<'f> = &'f mut dyn FnMut(&mut Expr) -> bool;

struct Leaves<'f> {
    on_statement: Option<OnStatement<'f>>,
    on_expr: Option<OnExpr<'f>>,
    changed: bool,
}

impl VisitMut for Leaves<'_> {
    fn expr(&mut self, e: &mut PlExpr) {
        if let Some(f) = &mut self.on_expr
            && visit_exprs(&mut *e.expr, *f)
        {
            e.span = Span::default();
            self.changed = true;
        }
    }

    fn sql(&mut self, sql: &mut EmbeddedSql) {
        if let Some(f) = &mut self.on_statement
            && f(&mut sql.statement)
        {
            sql.span = Span::default();
            self.changed = true;
        }
    }
}
