//! Reaching every SQL statement and expression of a unit, wherever it is:
//! a SQL unit's statements, and the embedded SQL and expressions of a program
//! unit. A change marks the unit rewritten and clears the span of the leaf
//! that changed, so the printer prints that leaf from its AST and keeps the
//! source text of every other.

use std::ops::ControlFlow;

use sqlparser::ast::{Expr, Statement, visit_expressions_mut};

use crate::ast::procedural::{EmbeddedSql, PlExpr};
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, SetAside, Unit};
use crate::source::Span;

/// Calls `f` on every SQL statement of `unit` (a SQL unit's statements, and
/// each statement embedded in a program unit) with the span of the text it
/// was read from and the clauses set aside before it was read (`SIBLINGS`
/// of `ORDER SIBLINGS BY`; a pass that consumes one removes it, so the
/// printer does not put it back); `f` returns whether it changed the statement. A change
/// marks the unit rewritten (and clears the embedded statement's span, so the
/// printer prints it from its AST). Returns whether anything changed.
pub fn statements_at(
    unit: &mut Unit,
    f: &mut dyn FnMut(&mut Statement, Span, &mut Vec<SetAside>) -> bool,
) -> bool {
    let changed = match &mut unit.content {
        Content::Sql(statements) => {
            let base = unit.body;
            let set_aside = &mut unit.set_aside;
            statements
                .iter_mut()
                .fold(false, |changed, s| f(s, base, set_aside) | changed)
        }
        Content::Program(program) => {
            let mut v = Embedded {
                f,
                unit: unit.span,
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

struct Embedded<'f> {
    f: &'f mut dyn FnMut(&mut Statement, Span, &mut Vec<SetAside>) -> bool,
    /// Where findings point when an earlier pass already reprinted the
    /// statement (its own span is then cleared).
    unit: Span,
    changed: bool,
}

impl VisitMut for Embedded<'_> {
    fn sql(&mut self, sql: &mut EmbeddedSql) {
        let at = if sql.span.is_empty() {
            self.unit
        } else {
            sql.span
        };
        if (self.f)(&mut sql.statement, at, &mut sql.set_aside) {
            sql.span = Span::default();
            self.changed = true;
        }
    }
}

/// Calls `f` on every SQL statement of `unit` (SQL units, and each statement
/// embedded in a program unit); `f` returns whether it changed the statement.
/// Returns whether anything changed.
pub fn statements_mut(unit: &mut Unit, f: &mut dyn FnMut(&mut Statement) -> bool) -> bool {
    statements_at(unit, &mut |s, _, _| f(s))
}

/// Calls `f` on every expression of `unit`, nested ones included, innermost
/// first (sqlparser's post-order); `f` returns whether it changed the
/// expression. Returns whether anything changed.
pub fn expressions_mut(unit: &mut Unit, f: &mut dyn FnMut(&mut Expr) -> bool) -> bool {
    let mut in_statement = |s: &mut Statement| visit_exprs(s, f);
    let changed = statements_mut(unit, &mut in_statement);
    let changed = match &mut unit.content {
        Content::Program(program) => {
            let mut v = PlExprs { f, changed: false };
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

/// Runs a callback on every expression of a program's PL/SQL code (its
/// embedded SQL is reached by [`statements_at`]).
struct PlExprs<'f> {
    f: &'f mut dyn FnMut(&mut Expr) -> bool,
    changed: bool,
}

impl VisitMut for PlExprs<'_> {
    fn expr(&mut self, e: &mut PlExpr) {
        if visit_exprs(&mut *e.expr, self.f) {
            e.span = Span::default();
            self.changed = true;
        }
    }
}

/// Where the expressions given to an [`expressions_at`] callback were read
/// from, so that a finding can point at them in the input.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    /// The input offset of the text sqlparser read (its line 1, column 1).
    pub base: usize,
    /// The enclosing statement or PL/SQL expression: where a finding points
    /// when the expression carries no location.
    pub fallback: Span,
    /// Whether the expression is in a program unit (PL/SQL code or SQL
    /// embedded in it) rather than in a SQL statement of the script.
    pub in_program: bool,
}

impl Origin {
    /// The span of `expr` in the input `text` (the file's whole text).
    pub fn locate(&self, text: &str, expr: &Expr) -> Span {
        use sqlparser::ast::Spanned;
        let at = expr.span();
        let read = text.get(self.base..self.fallback.end.max(self.base));
        let (Some(read), true) = (read, at.start.line > 0) else {
            return self.fallback;
        };
        let index = crate::source::LineIndex::new(read);
        let offset = |l: sqlparser::tokenizer::Location| {
            index.offset(read, l.line as usize, l.column as usize)
        };
        match (offset(at.start), offset(at.end)) {
            (Some(start), Some(end)) if start <= end => {
                Span::new(self.base + start, self.base + end)
            }
            _ => self.fallback,
        }
    }
}

/// Like [`expressions_mut`], and also tells `f` where each expression was
/// read from (see [`Origin`]).
pub fn expressions_at(unit: &mut Unit, f: &mut dyn FnMut(&mut Expr, &Origin) -> bool) -> bool {
    let body = unit.body;
    let changed = match &mut unit.content {
        Content::Sql(statements) => {
            let origin = Origin {
                base: body.start,
                fallback: body,
                in_program: false,
            };
            statements.iter_mut().fold(false, |changed, s| {
                visit_exprs(s, &mut |e: &mut Expr| f(e, &origin)) | changed
            })
        }
        Content::Program(program) => {
            let mut v = Located { f, changed: false };
            walk_program(&mut v, program);
            v.changed
        }
        _ => false,
    };
    unit.rewritten |= changed;
    changed
}

struct Located<'f> {
    f: &'f mut dyn FnMut(&mut Expr, &Origin) -> bool,
    changed: bool,
}

impl VisitMut for Located<'_> {
    fn expr(&mut self, e: &mut PlExpr) {
        let origin = Origin {
            base: e.span.start,
            fallback: e.span,
            in_program: true,
        };
        let f = &mut *self.f;
        if visit_exprs(&mut *e.expr, &mut |x: &mut Expr| f(x, &origin)) {
            e.span = Span::default();
            self.changed = true;
        }
    }

    fn sql(&mut self, sql: &mut EmbeddedSql) {
        let origin = Origin {
            base: sql.span.start,
            fallback: sql.span,
            in_program: true,
        };
        let f = &mut *self.f;
        if visit_exprs(&mut *sql.statement, &mut |x: &mut Expr| f(x, &origin)) {
            sql.span = Span::default();
            self.changed = true;
        }
    }
}
