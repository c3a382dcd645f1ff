//! `decode`: Oracle `DECODE` becomes `CASE`.
//!
//! **What it does.** `DECODE(e, s1, r1, …, [d])` becomes a simple
//! `CASE e WHEN s1 THEN r1 … ELSE d END` when every search value is a
//! non-NULL literal, and otherwise a searched `CASE` whose arms test
//! `e = s` for a non-NULL literal, `e IS NULL` for `NULL`, and
//! `e IS NOT DISTINCT FROM s` for any other search expression.
//!
//! **Why.** PostgreSQL has no `DECODE` (its `decode` is a bytea function),
//! and in `DECODE` a NULL matches a NULL: `DECODE(NULL, NULL, 'y', 'n')` is
//! `'y'`, where `CASE NULL WHEN NULL …` never matches. ora2pg's `e = s` loses
//! that for search values that are columns.
//!
//! **Example.**
//!
//! ```sql
//! DECODE(sex, '1', '男', '2', '女', '未知')
//! CASE sex WHEN '1' THEN '男' WHEN '2' THEN '女' ELSE '未知' END
//! DECODE(a.dept_code, b.dept_code, 'Y', NULL, '-', 'N')
//! CASE WHEN a.dept_code IS NOT DISTINCT FROM b.dept_code THEN 'Y' WHEN a.dept_code IS NULL THEN '-' ELSE 'N' END
//! ```
//!
//! Oracle gives the result the type of the first result: after a text
//! literal, number literals become text (`DECODE(flag, 1, 'Y', 0)` →
//! `… THEN 'Y' ELSE '0' END`), which PostgreSQL would otherwise reject.
//!
//! The searched form repeats `e` in each arm; PostgreSQL evaluates it again
//! for each arm it tries (a volatile `e`, such as a sequence, would differ).
//!
//! Oracle's `''` is NULL: a `''` result becomes `NULL`, and a `''` search
//! value matches a NULL subject.
//!
//! **Findings.** None.

use sqlparser::ast::{CaseWhen, Expr};

use super::expr::{builtin_args, grouped, is_null, template};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Decode;

impl Pass for Decode {
    fn name(&self) -> &'static str {
        "decode"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        super::each_expression(script, cx, &mut |e, _, _| rewrite(e));
    }
}

fn rewrite(e: &mut Expr) -> bool {
    let Some(args) = builtin_args(e, "DECODE").filter(|a| a.len() >= 3) else {
        return false;
    };
    let subject = args[0].clone();
    let pairs: Vec<(&Expr, &Expr)> = args[1..].chunks_exact(2).map(|p| (p[0], p[1])).collect();
    let mut default = (args.len() % 2 == 0).then(|| args[args.len() - 1].clone());
    // Oracle gives the result the first result's type: after a text
    // literal, a number literal is text ('0'), where PostgreSQL would make
    // the whole CASE a number and fail on the text.
    let text_result = pairs
        .first()
        .is_some_and(|(_, r)| super::expr::string_literal(r).is_some());
    let as_text = |r: &Expr| match super::expr::number_literal(r) {
        Some(n) if text_result => Expr::value(sqlparser::ast::Value::SingleQuotedString(n)),
        // Oracle's '' is NULL: a '' result is a NULL one (PostgreSQL's
        // would be an empty string, which `IS NULL` does not find).
        _ if empty_string(r) => Expr::value(sqlparser::ast::Value::Null),
        _ => r.clone(),
    };
    default = default.map(|d| as_text(&d));
    // A '' search value is NULL too, and so matches a NULL subject.
    let is_null = |s: &Expr| is_null(s) || empty_string(s);
    let literal = |s: &Expr| matches!(s, Expr::Value(_)) && !is_null(s);
    let simple = pairs.iter().all(|(s, _)| literal(s));
    let mut conditions = Vec::new();
    for (search, result) in &pairs {
        let condition = if simple {
            (*search).clone()
        } else if is_null(search) {
            Expr::IsNull(Box::new(grouped(subject.clone())))
        } else if literal(search) {
            match template("($1) = $2", &[subject.clone(), (*search).clone()]) {
                Some(c) => c,
                None => return false,
            }
        } else {
            Expr::IsNotDistinctFrom(
                Box::new(grouped(subject.clone())),
                Box::new(grouped((*search).clone())),
            )
        };
        conditions.push(CaseWhen {
            condition,
            result: as_text(result),
        });
    }
    *e = Expr::Case {
        case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
        end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
        operand: simple.then(|| Box::new(subject)),
        conditions,
        else_result: default.map(Box::new),
    };
    true
}

/// Whether `e` is the literal `''` (Oracle's NULL).
fn empty_string(e: &Expr) -> bool {
    super::expr::string_literal(e).is_some_and(str::is_empty)
}

#[cfg(test)]
mod tests {
    use super::super::translated;

    #[test]
    fn literal_search_values_give_a_simple_case() {
        let input = "SELECT DECODE(p.sex, '1', '男', '2', '女', '未知') sex_name,
       DECODE(v.status, 0, 'new', 1, 'paid') st, DECODE(v.paid, 1, 'Y', 0) paid_flag
  FROM pat_info p JOIN op_visit v ON v.pat_id = p.pat_id;\n";
        insta::assert_snapshot!(translated(input, 12));
    }

    #[test]
    fn an_empty_string_is_null() {
        // 科室树：末级科室标“末级”，其余为空（Oracle 的 '' 就是 NULL）
        let input = "SELECT dept_code, DECODE(is_leaf, 1, '末级', '') leaf_flag,
       DECODE(dept_alias, '', '无别名', dept_alias) alias_text
  FROM his_department;\n";
        insta::assert_snapshot!(translated(input, 12));
    }

    #[test]
    fn null_matches_null() {
        let input = "SELECT DECODE(a.dept_code, b.dept_code, 'Y', NULL, '-', 'N') same_dept,
       DECODE(a.fee + 1, NULL, 0, 1) has_fee
  FROM op_visit a, ip_visit b;
BEGIN
  v_flag := DECODE(p_type, 'A', 1, NULL, -1, 0);
END;
/
";
        insta::assert_snapshot!(translated(input, 12));
    }
}
