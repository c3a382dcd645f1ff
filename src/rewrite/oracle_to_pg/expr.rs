//! Building blocks for the expression rules: recognising a call of an Oracle
//! built-in, and building its replacement from a PostgreSQL template.

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, Value, ValueWithSpan,
    visit_expressions_mut,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::Span;

/// The plain arguments of `e` when it is a call of the unqualified built-in
/// `name` (any case): positional arguments only, with no `DISTINCT`, `OVER`,
/// `WITHIN GROUP`, `FILTER` or clause inside the parentheses. `pkg.nvl(…)`
/// and `"NVL"(…)` are somebody else's functions.
pub(super) fn builtin_args<'e>(e: &'e Expr, name: &str) -> Option<Vec<&'e Expr>> {
    let Expr::Function(f) = e else {
        return None;
    };
    if !is_named(f, name)
        || f.over.is_some()
        || f.filter.is_some()
        || !f.within_group.is_empty()
        || f.null_treatment.is_some()
    {
        return None;
    }
    plain_args(&f.args)
}

/// Whether `f` is the unqualified, unquoted function `name` (any case).
pub(super) fn is_named(f: &Function, name: &str) -> bool {
    match f.name.0.as_slice() {
        [part] => part
            .as_ident()
            .is_some_and(|i| i.quote_style.is_none() && i.value.eq_ignore_ascii_case(name)),
        _ => false,
    }
}

/// The positional arguments of a call, if it has nothing else between its parentheses.
pub(super) fn plain_args(args: &FunctionArguments) -> Option<Vec<&Expr>> {
    match args {
        FunctionArguments::List(list)
            if list.duplicate_treatment.is_none() && list.clauses.is_empty() =>
        {
            list.args
                .iter()
                .map(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                    _ => None,
                })
                .collect()
        }
        _ => None,
    }
}

/// Whether `e` is a bare, unquoted name `word` (`SYSDATE`, `USER`).
pub(super) fn is_word(e: &Expr, word: &str) -> bool {
    matches!(e, Expr::Identifier(i) if i.quote_style.is_none() && i.value.eq_ignore_ascii_case(word))
}

/// The text of a string literal.
pub(super) fn string_literal(e: &Expr) -> Option<&str> {
    match e {
        Expr::Value(ValueWithSpan {
            value: Value::SingleQuotedString(s),
            ..
        }) => Some(s),
        _ => None,
    }
}

/// The text of a numeric literal (a leading minus included).
pub(super) fn number_literal(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(ValueWithSpan {
            value: Value::Number(n, _),
            ..
        }) => Some(n.to_string()),
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => number_literal(expr).map(|n| format!("-{n}")),
        _ => None,
    }
}

/// Whether `e` is the NULL literal.
pub(super) fn is_null(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Value(ValueWithSpan {
            value: Value::Null,
            ..
        })
    )
}

/// Whether `e` prints as one operand that needs no parentheses wherever it is
/// put (a name, a literal, a call, a parenthesised or `CASE` expression).
pub(super) fn is_atomic(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Identifier(_)
            | Expr::CompoundIdentifier(_)
            | Expr::Value(_)
            | Expr::Function(_)
            | Expr::Nested(_)
            | Expr::Case { .. }
            | Expr::Cast { .. }
            | Expr::TypedString { .. }
            | Expr::Subquery(_)
            | Expr::Extract { .. }
            | Expr::Substring { .. }
            | Expr::Trim { .. }
            | Expr::Position { .. }
    )
}

/// `e` in parentheses unless it is atomic (see [`is_atomic`]): for a
/// replacement that lands where an operator may bind tighter than its own.
pub(super) fn grouped(e: Expr) -> Expr {
    if is_atomic(&e) {
        e
    } else {
        Expr::Nested(Box::new(e))
    }
}

/// The PostgreSQL expression `text` with `$1`, `$2`, … replaced by `args`.
/// A placeholder written in parentheses, `($1)`, keeps them only when its
/// argument is not atomic, so templates put them wherever precedence could
/// matter. `None` if the template does not read (a bug in a rule, never the
/// input's fault) or names a missing argument.
pub(super) fn template(text: &str, args: &[Expr]) -> Option<Expr> {
    template_at(text, args, Span::empty())
}

/// Replaces `e` with [`template`]`(text, args)`, whose own tokens take the
/// place of `e` in the input: a later rule's finding on an expression around
/// it still points at the right place. Returns whether it replaced `e`.
pub(super) fn replace(e: &mut Expr, text: &str, args: &[Expr]) -> bool {
    use sqlparser::ast::Spanned;
    match template_at(text, args, e.span()) {
        Some(new) => {
            *e = new;
            true
        }
        None => false,
    }
}

/// [`template`], for replacing `e`: see [`replace`].
pub(super) fn template_for(e: &Expr, text: &str, args: &[Expr]) -> Option<Expr> {
    use sqlparser::ast::Spanned;
    template_at(text, args, e.span())
}

/// [`template`] with the template's own tokens located at `at`.
fn template_at(text: &str, args: &[Expr], at: Span) -> Option<Expr> {
    // The template's own tokens get `at` (or no location): a span of the
    // result is the union of that and the arguments' spans.
    let dialect = PostgreSqlDialect {};
    let tokens = sqlparser::tokenizer::Tokenizer::new(&dialect, text)
        .tokenize_with_location()
        .ok()?
        .into_iter()
        .map(|t| sqlparser::tokenizer::TokenWithSpan::new(t.token, at))
        .collect();
    let mut e = sqlparser::parser::Parser::new(&dialect)
        .with_tokens_with_locations(tokens)
        .parse_expr()
        .ok()?;
    let arg = |e: &Expr| -> Option<Option<Expr>> {
        match e {
            Expr::Value(ValueWithSpan {
                value: Value::Placeholder(p),
                ..
            }) => {
                let n: usize = p.strip_prefix('$')?.parse().ok()?;
                Some(n.checked_sub(1).and_then(|i| args.get(i)).cloned())
            }
            _ => None,
        }
    };
    // Parentheses around an atomic argument go first (post-order: the
    // placeholder inside is still a placeholder when its parentheses are seen).
    let _ = visit_expressions_mut(&mut e, |x| {
        if let Expr::Nested(inner) = x
            && let Some(Some(a)) = arg(inner)
            && is_atomic(&a)
        {
            *x = a;
        }
        ControlFlow::<()>::Continue(())
    });
    let mut missing = false;
    let _ = visit_expressions_mut(&mut e, |x| {
        match arg(x) {
            Some(Some(a)) => *x = a,
            Some(None) => missing = true,
            None => {}
        }
        ControlFlow::<()>::Continue(())
    });
    (!missing).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Expr {
        sqlparser::parser::Parser::new(&sqlparser::dialect::OracleDialect {})
            .try_with_sql(text)
            .and_then(|mut p| p.parse_expr())
            .expect("test expression reads")
    }

    #[test]
    fn template_keeps_parentheses_only_where_needed() {
        let out = template("($1) * ($2) + f($1)", &[parse("a - b"), parse("c")]);
        assert_eq!(
            out.map(|e| e.to_string()).as_deref(),
            Some("(a - b) * c + f(a - b)")
        );
        assert!(template("f($3)", &[parse("a")]).is_none());
    }

    #[test]
    fn builtin_args_only_for_unqualified_plain_calls() {
        assert_eq!(
            builtin_args(&parse("nvl(a, 0)"), "NVL").map(|a| a.len()),
            Some(2)
        );
        assert!(builtin_args(&parse("pkg.nvl(a, 0)"), "NVL").is_none());
        assert!(builtin_args(&parse("\"NVL\"(a, 0)"), "NVL").is_none());
        assert!(builtin_args(&parse("nvl(a => 1)"), "NVL").is_none());
    }
}
