//! `concat-null`: `||` with operands that may be NULL, where the result is
//! tested.
//!
//! **What it does.** A chain `a || b || …` that is compared (`=`, `<>`, `<`,
//! `LIKE`, `IN`, `BETWEEN`), tested with `IS [NOT] NULL`, or given to
//! `coalesce` becomes `NULLIF(concat(a, b, …), '')`, when at least one
//! operand is not a literal.
//!
//! **Why.** Oracle's `||` treats a NULL operand as `''` (which is NULL
//! itself): `'A' || NULL` is `'A'`, `NULL || NULL` is NULL. PostgreSQL's `||`
//! yields NULL as soon as one operand is NULL, so `WHERE last_name ||
//! first_name = '张三'` stops matching the rows where one part is NULL.
//! `concat` skips NULLs as Oracle does, and `NULLIF(…, '')` gives back
//! Oracle's NULL for an empty result. Other uses of `||` (a select list, an
//! assignment) also yield NULL on PostgreSQL where Oracle gives text; they
//! are left as written, since a NULL there is usually what a NULL input
//! should give — check message texts built from columns that may be NULL.
//!
//! **Example.**
//!
//! ```sql
//! SELECT * FROM pat_info WHERE last_name || first_name = :name;
//! SELECT * FROM pat_info WHERE NULLIF(concat(last_name, first_name), '') = :name;
//! ```
//!
//! **Findings.** `SP0421` (info) at each rewritten chain.

use sqlparser::ast::{BinaryOperator, Expr};

use super::expr::{is_named, template_for};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConcatNull;

impl Pass for ConcatNull {
    fn name(&self) -> &'static str {
        "concat-null"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        super::each_expression(script, cx, &mut |e, origin, cx| {
            let mut spans: Vec<Span> = Vec::new();
            let mut fix = |child: &mut Expr| {
                if let Some(span) = fix_chain(child, |c| origin.locate(text, c)) {
                    spans.push(span);
                }
            };
            match e {
                Expr::IsNull(x) | Expr::IsNotNull(x) => fix(x),
                Expr::BinaryOp {
                    left,
                    op:
                        BinaryOperator::Eq
                        | BinaryOperator::NotEq
                        | BinaryOperator::Lt
                        | BinaryOperator::LtEq
                        | BinaryOperator::Gt
                        | BinaryOperator::GtEq,
                    right,
                } => {
                    fix(left);
                    fix(right);
                }
                Expr::Like { expr, pattern, .. } | Expr::ILike { expr, pattern, .. } => {
                    fix(expr);
                    fix(pattern);
                }
                Expr::In { expr, .. } => fix(expr),
                Expr::Between {
                    expr, low, high, ..
                } => {
                    fix(expr);
                    fix(low);
                    fix(high);
                }
                Expr::Function(f) if is_named(f, "coalesce") => {
                    if let sqlparser::ast::FunctionArguments::List(list) = &mut f.args {
                        for a in &mut list.args {
                            if let sqlparser::ast::FunctionArg::Unnamed(
                                sqlparser::ast::FunctionArgExpr::Expr(x),
                            ) = a
                            {
                                fix(x);
                            }
                        }
                    }
                }
                _ => {}
            }
            for span in &spans {
                cx.findings.push(Finding::new(
                    Code::SP0421,
                    *span,
                    "|| became NULLIF(concat(…), ''): Oracle's || treats NULL as '', PostgreSQL's yields NULL",
                ));
            }
            !spans.is_empty()
        });
    }
}

/// The operands of a `||` chain (through parentheses).
fn operands<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            right,
        } => {
            operands(left, out);
            operands(right, out);
        }
        Expr::Nested(inner) if is_chain(inner) => operands(inner, out),
        _ => out.push(e),
    }
}

fn is_chain(e: &Expr) -> bool {
    match e {
        Expr::BinaryOp {
            op: BinaryOperator::StringConcat,
            ..
        } => true,
        Expr::Nested(inner) => is_chain(inner),
        _ => false,
    }
}

/// Rewrites `e` if it is a chain with a non-literal operand; its span.
fn fix_chain(e: &mut Expr, locate: impl Fn(&Expr) -> Span) -> Option<Span> {
    if !is_chain(e) {
        return None;
    }
    let mut parts = Vec::new();
    operands(e, &mut parts);
    if parts
        .iter()
        .all(|p| matches!(p, Expr::Value(_)) && !super::expr::is_null(p))
    {
        return None;
    }
    let args: Vec<Expr> = parts.into_iter().cloned().collect();
    let placeholders: Vec<String> = (1..=args.len()).map(|i| format!("${i}")).collect();
    let span = locate(e);
    let new = template_for(
        e,
        &format!("NULLIF(concat({}), '')", placeholders.join(", ")),
        &args,
    )?;
    *e = new;
    Some(span)
}

#[cfg(test)]
mod tests {
    use super::super::translated;

    #[test]
    fn tested_chains_only() {
        let input = "SELECT p.last_name || p.first_name AS full_name
  FROM pat_info p
 WHERE p.last_name || p.first_name = :p_name
   AND (p.addr_prov || p.addr_city) IS NOT NULL
   AND NVL(p.phone || p.mobile, '无') <> '无'
   AND 'a' || 'b' = 'ab';
BEGIN
  IF v_a || v_b IS NULL THEN
    v_msg := '姓名: ' || v_a || v_b;
  END IF;
END;
/
";
        insta::assert_snapshot!(translated(input, 12));
    }
}
