//! What the query-structure passes share: reaching every SQL statement of a
//! unit together with where it is in the input, turning sqlparser's line and
//! column positions into spans of the input, and taking a `WHERE` condition
//! apart into its `AND`-ed terms and putting it back together.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, Expr, Ident, Query, Select, SetExpr, Statement, Visit, VisitMut, Visitor,
    VisitorMut,
};

use crate::source::Span;

pub(super) use crate::rewrite::visit_unit::statements_at;

/// Calls `f` on every query of every statement of `script` (subqueries
/// first); `f` returns whether it changed the query.
pub(in crate::rewrite) fn each_query(
    script: &mut crate::ast::Script,
    f: &mut dyn FnMut(&mut Query) -> bool,
) {
    each_node(script, &mut |q| f(q), &mut |_| false);
}

/// Calls `f` on every `SELECT` block of every statement of `script`
/// (innermost first); `f` returns whether it changed the block.
pub(in crate::rewrite) fn each_select(
    script: &mut crate::ast::Script,
    f: &mut dyn FnMut(&mut Select) -> bool,
) {
    each_node(script, &mut |_| false, &mut |s| f(s));
}

fn each_node(
    script: &mut crate::ast::Script,
    on_query: &mut dyn FnMut(&mut Query) -> bool,
    on_select: &mut dyn FnMut(&mut Select) -> bool,
) {
    struct Nodes<'f> {
        on_query: &'f mut dyn FnMut(&mut Query) -> bool,
        on_select: &'f mut dyn FnMut(&mut Select) -> bool,
        changed: bool,
    }
    impl VisitorMut for Nodes<'_> {
        type Break = ();
        fn post_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
            self.changed |= (self.on_query)(query);
            ControlFlow::Continue(())
        }
        fn post_visit_select(&mut self, select: &mut Select) -> ControlFlow<()> {
            self.changed |= (self.on_select)(select);
            ControlFlow::Continue(())
        }
    }
    for unit in script.units_mut() {
        statements_at(unit, &mut |statement, _, _| {
            let mut v = Nodes {
                on_query: &mut *on_query,
                on_select: &mut *on_select,
                changed: false,
            };
            let _ = statement.visit(&mut v);
            v.changed
        });
    }
}

/// The span of the input that sqlparser's `at` (1-based lines and columns in
/// the text `base` covers) points to; `base` itself when `at` is unknown or
/// falls outside it (text set aside before parsing shifts columns a little,
/// so a span is a close pointer, not an exact one).
pub(in crate::rewrite) fn locate(text: &str, base: Span, at: sqlparser::tokenizer::Span) -> Span {
    let body = base.slice(text);
    let offset = |loc: sqlparser::tokenizer::Location| {
        if loc.line == 0 {
            return None;
        }
        let (mut line, mut column) = (1u64, 1u64);
        for (i, ch) in body.char_indices() {
            if line == loc.line && column == loc.column {
                return Some(base.start + i);
            }
            if ch == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        None
    };
    match (offset(at.start), offset(at.end)) {
        (Some(start), Some(end)) if end >= start => Span::new(start, end),
        (Some(start), _) => Span::new(start, base.end.max(start)),
        _ => base,
    }
}

/// The `AND`-ed terms of `e` (nested parentheses around an `AND` included).
pub(in crate::rewrite) fn conjuncts(e: Expr) -> Vec<Expr> {
    match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            let mut out = conjuncts(*left);
            out.extend(conjuncts(*right));
            out
        }
        Expr::Nested(inner)
            if matches!(
                *inner,
                Expr::BinaryOp {
                    op: BinaryOperator::And,
                    ..
                }
            ) =>
        {
            conjuncts(*inner)
        }
        other => vec![other],
    }
}

/// `terms` joined with `AND`; `None` for no terms.
pub(in crate::rewrite) fn and_all(terms: Vec<Expr>) -> Option<Expr> {
    terms.into_iter().reduce(|left, right| Expr::BinaryOp {
        left: Box::new(left),
        op: BinaryOperator::And,
        right: Box::new(right),
    })
}

/// Whether `id` is the unquoted word `word` (any case).
pub(in crate::rewrite) fn is_word(id: &Ident, word: &str) -> bool {
    id.quote_style.is_none() && id.value.eq_ignore_ascii_case(word)
}

/// Whether `e` is the bare unquoted word `word` (Oracle pseudo-columns such
/// as `ROWNUM` and `LEVEL`).
pub(in crate::rewrite) fn is_pseudo(e: &Expr, word: &str) -> bool {
    matches!(e, Expr::Identifier(id) if is_word(id, word))
}

/// A name as Oracle compares it: unquoted names are case-insensitive.
pub(in crate::rewrite) fn fold(id: &Ident) -> String {
    match id.quote_style {
        Some(_) => id.value.clone(),
        None => id.value.to_ascii_lowercase(),
    }
}

/// The expressions in `e` for which `pred` holds, outside `e`'s subqueries
/// (a subquery is a query block of its own, rewritten on its own).
pub(in crate::rewrite) fn find_in_block(e: &Expr, pred: &dyn Fn(&Expr) -> bool) -> Vec<Expr> {
    struct Find<'p> {
        depth: usize,
        pred: &'p dyn Fn(&Expr) -> bool,
        found: Vec<Expr>,
    }
    impl Visitor for Find<'_> {
        type Break = ();
        fn pre_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
            self.depth += 1;
            ControlFlow::Continue(())
        }
        fn post_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
            self.depth -= 1;
            ControlFlow::Continue(())
        }
        fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
            if self.depth == 0 && (self.pred)(e) {
                self.found.push(e.clone());
            }
            ControlFlow::Continue(())
        }
    }
    let mut v = Find {
        depth: 0,
        pred,
        found: Vec::new(),
    };
    let _ = Visit::visit(e, &mut v);
    v.found
}

/// Calls `f` on every expression of `node` outside its subqueries,
/// innermost first; `f` returns whether it changed the expression.
pub(in crate::rewrite) fn rewrite_in_block<N: VisitMut>(
    node: &mut N,
    f: &mut dyn FnMut(&mut Expr) -> bool,
) -> bool {
    struct Rewrite<'f> {
        depth: usize,
        f: &'f mut dyn FnMut(&mut Expr) -> bool,
        changed: bool,
    }
    impl VisitorMut for Rewrite<'_> {
        type Break = ();
        fn pre_visit_query(&mut self, _: &mut Query) -> ControlFlow<()> {
            self.depth += 1;
            ControlFlow::Continue(())
        }
        fn post_visit_query(&mut self, _: &mut Query) -> ControlFlow<()> {
            self.depth -= 1;
            ControlFlow::Continue(())
        }
        fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
            if self.depth == 0 {
                self.changed |= (self.f)(e);
            }
            ControlFlow::Continue(())
        }
    }
    let mut v = Rewrite {
        depth: 0,
        f,
        changed: false,
    };
    let _ = node.visit(&mut v);
    v.changed
}

/// Puts each branch of `query`'s set operation (`UNION`, `EXCEPT`, …) for
/// which `pred` holds in parentheses of its own, a query block that can take
/// a `WITH` or a `LIMIT`; the visitor then reaches it as a query. Returns
/// whether any branch was wrapped.
pub(in crate::rewrite) fn wrap_branches(query: &mut Query, pred: &dyn Fn(&Select) -> bool) -> bool {
    fn wrap(body: &mut SetExpr, pred: &dyn Fn(&Select) -> bool) -> bool {
        match body {
            SetExpr::SetOperation { left, right, .. } => wrap(left, pred) | wrap(right, pred),
            SetExpr::Select(select) if pred(select) => {
                let Some(mut q) = empty_query() else {
                    return false;
                };
                std::mem::swap(body, q.body.as_mut());
                *body = SetExpr::Query(Box::new(q));
                true
            }
            _ => false,
        }
    }
    match query.body.as_mut() {
        body @ SetExpr::SetOperation { .. } => wrap(body, pred),
        _ => false,
    }
}

/// A query with nothing but a body (`SELECT 1`), to fill in.
fn empty_query() -> Option<Query> {
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    match sqlparser::parser::Parser::parse_sql(&dialect, "SELECT 1")
        .ok()?
        .into_iter()
        .next()?
    {
        Statement::Query(q) => Some(*q),
        _ => None,
    }
}
