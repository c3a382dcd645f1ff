//! `strings`: Oracle string functions PostgreSQL spells or counts differently.
//!
//! **What it does.**
//!
//! | Oracle | PostgreSQL |
//! |---|---|
//! | `INSTR(s, t)`, `INSTR(s, t, 1)` | `strpos(s, t)` |
//! | `INSTR(s, t, p [, n])` | `sqlport.instr(s, t, p, n)` (helper: negative `p` searches backward, `n`-th occurrence) |
//! | `SUBSTR(s, 0 [, l])` | `substr(s, 1 [, l])` |
//! | `SUBSTR(s, -k [, l])` | `substr(s, length(s) - k + 1 [, l])`, NULL (as in Oracle) when `s` is shorter than `k` (k > 1) |
//! | `SUBSTR(n, …)` of a number | `substr((n)::text, …)` |
//! | `LENGTHB(s)` | `octet_length(s)` |
//! | `LPAD(x, n [, p])`, `RPAD` | `lpad((x)::text, (n)::integer [, p])` (casts only where needed) |
//! | `LISTAGG(x [, sep]) WITHIN GROUP (ORDER BY o)` | `string_agg(x, sep ORDER BY o)` (`''` without `sep`) |
//! | `LISTAGG(…) WITHIN GROUP (ORDER BY o) OVER (PARTITION BY p)` | `string_agg(x, sep) OVER (PARTITION BY p ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)` |
//!
//! **Why.** PostgreSQL's `substr` counts a position of 0 or below as before
//! the string (`substr('abc', -2)` is `'abc'`; Oracle's is `'bc'`); it has
//! no `instr`, no `lengthb`, no `listagg`; and it does not convert numbers to
//! text for `lpad`/`substr` (`LPAD(seq_no, 8, '0')` is common in HIS code
//! numbering), nor `numeric` lengths to `integer`. `ON OVERFLOW` of
//! `LISTAGG` is dropped: PostgreSQL's text has no 4000-byte limit, so the
//! list is never cut. A `SUBSTR` position that is not a literal is kept:
//! it is right whenever it is 1 or more.
//!
//! **Example.**
//!
//! ```sql
//! SELECT SUBSTR(id_card, -4), LISTAGG(diag_name, ',') WITHIN GROUP (ORDER BY diag_seq) FROM …;
//! SELECT substr(id_card, length(id_card) - 3), string_agg(diag_name, ',' ORDER BY diag_seq) FROM …;
//! ```
//!
//! **Findings.** `SP0420` (info) for the `instr` helper.

use sqlparser::ast::{
    CastKind, DataType, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentClause,
    FunctionArgumentList, FunctionArguments, Ident, ObjectName, WindowFrame, WindowFrameBound,
    WindowFrameUnits, WindowType,
};

use super::expr::{builtin_args, is_named, number_literal, template};
use super::type_env::{Env, Kind, Tables};
use crate::rewrite::helpers::Helper;
use crate::rewrite::visit_unit::expressions_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Strings;

impl Pass for Strings {
    fn name(&self) -> &'static str {
        "strings"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let tables = Tables::with_context(script, cx);
        let text = cx.file.text();
        for unit in script.units_mut() {
            let env = Env::of(&tables, unit);
            expressions_at(unit, &mut |e, origin| {
                if let Expr::Function(f) = e
                    && is_named(f, "LISTAGG")
                {
                    return listagg(f, &env);
                }
                let (new, helper) = rewrite(e, &env);
                if let Some(helper) = helper {
                    cx.require_helper(helper, origin.locate(text, e));
                }
                match new {
                    Some(new) => {
                        *e = new;
                        true
                    }
                    None => false,
                }
            });
        }
    }
}

/// `x` as text, cast unless it is known to be text.
fn as_text(x: &Expr, env: &Env<'_>) -> Expr {
    if env.kind(x) == Some(Kind::Text) {
        x.clone()
    } else {
        cast(x.clone(), DataType::Text)
    }
}

/// `n` as an integer, cast unless it is an integer literal.
fn as_integer(n: &Expr) -> Expr {
    match number_literal(n) {
        Some(k) if !k.contains(['.', 'e', 'E']) => n.clone(),
        // `int4`, not `integer`: the `types` pass, which runs later, maps
        // Oracle's INTEGER (NUMBER(38)) to NUMERIC, and lpad needs an int.
        _ => cast(n.clone(), DataType::Int4(None)),
    }
}

fn cast(e: Expr, data_type: DataType) -> Expr {
    Expr::Cast {
        kind: CastKind::DoubleColon,
        expr: Box::new(super::expr::grouped(e)),
        data_type,
        format: None,
    }
}

fn rewrite(e: &Expr, env: &Env<'_>) -> (Option<Expr>, Option<Helper>) {
    let owned = |args: &[&Expr]| -> Vec<Expr> { args.iter().map(|a| (*a).clone()).collect() };
    if let Some(args) = builtin_args(e, "INSTR") {
        let one = |x: &Expr| number_literal(x).as_deref() == Some("1");
        return match args.as_slice() {
            [s, t] => (template("strpos($1, $2)", &owned(&[s, t])), None),
            [s, t, p] if one(p) => (template("strpos($1, $2)", &owned(&[s, t])), None),
            [s, t, p] => (
                template(
                    "sqlport.instr($1, $2, $3)",
                    &[(*s).clone(), (*t).clone(), as_integer(p)],
                ),
                Some(Helper::Instr),
            ),
            [s, t, p, n] => (
                template(
                    "sqlport.instr($1, $2, $3, $4)",
                    &[(*s).clone(), (*t).clone(), as_integer(p), as_integer(n)],
                ),
                Some(Helper::Instr),
            ),
            _ => (None, None),
        };
    }
    // sqlparser reads SUBSTR(s, p [, l]) as its own node.
    if let Expr::Substring {
        expr: source,
        substring_from: Some(from),
        substring_for,
        special: true,
        ..
    } = e
    {
        let text = if matches!(env.kind(source), Some(Kind::Number)) {
            cast((**source).clone(), DataType::Text)
        } else {
            (**source).clone()
        };
        let literal = number_literal(from).and_then(|k| k.parse::<i64>().ok());
        let position = match literal {
            Some(0) => Some("1".to_string()),
            Some(-1) => Some("length($1)".to_string()),
            Some(k) if k < -1 => Some(format!("length($1) - {}", -k - 1)),
            _ => None,
        };
        if position.is_none() && text == **source {
            return (None, None);
        }
        let position = position.unwrap_or_else(|| "$2".to_string());
        let mut all = vec![text, (**from).clone()];
        all.extend(substring_for.iter().map(|l| (**l).clone()));
        let length = if all.len() == 3 { ", $3" } else { "" };
        let call = format!("substr($1, {position}{length})");
        // Oracle gives NULL when -k reaches before the first character;
        // PostgreSQL would start at the beginning instead.
        let call = match literal {
            Some(k) if k < -1 => format!("CASE WHEN length($1) >= {} THEN {call} END", -k),
            _ => call,
        };
        return (template(&call, &all), None);
    }
    if let Some(args) = builtin_args(e, "LENGTHB").filter(|a| a.len() == 1) {
        return (template("octet_length($1)", &owned(&args)), None);
    }
    for name in ["LPAD", "RPAD"] {
        if let Some(args) = builtin_args(e, name).filter(|a| (2..=3).contains(&a.len())) {
            let x = as_text(args[0], env);
            let n = as_integer(args[1]);
            if x == *args[0] && n == *args[1] {
                return (None, None);
            }
            let mut all = vec![x, n];
            all.extend(args[2..].iter().map(|a| (*a).clone()));
            let third = if all.len() == 3 { ", $3" } else { "" };
            let lower = name.to_ascii_lowercase();
            return (template(&format!("{lower}($1, $2{third})"), &all), None);
        }
    }
    (None, None)
}

/// `LISTAGG(x [, sep]) WITHIN GROUP (ORDER BY o) [OVER (…)]` → `string_agg`.
fn listagg(f: &mut Function, env: &Env<'_>) -> bool {
    let FunctionArguments::List(list) = &f.args else {
        return false;
    };
    let mut args: Vec<Expr> = Vec::new();
    for a in &list.args {
        match a {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => args.push(e.clone()),
            _ => return false,
        }
    }
    // ON OVERFLOW goes (see the module doc); any other clause is not Oracle's.
    if list
        .clauses
        .iter()
        .any(|c| !matches!(c, FunctionArgumentClause::OnOverflow(_)))
    {
        return false;
    }
    let (x, sep) = match args.as_slice() {
        [x] => (
            x.clone(),
            Expr::value(sqlparser::ast::Value::SingleQuotedString(String::new())),
        ),
        [x, sep] => (x.clone(), sep.clone()),
        _ => return false,
    };
    let x = as_text(&x, env);
    let order = std::mem::take(&mut f.within_group);
    let mut clauses = Vec::new();
    match &mut f.over {
        None => {
            if !order.is_empty() {
                clauses.push(FunctionArgumentClause::OrderBy(order));
            }
        }
        Some(WindowType::WindowSpec(spec)) if spec.order_by.is_empty() => {
            // An aggregate's ORDER BY is not allowed in a window call: the
            // window orders, and its frame takes the whole partition.
            if !order.is_empty() {
                spec.order_by = order;
                spec.window_frame = Some(WindowFrame {
                    units: WindowFrameUnits::Rows,
                    start_bound: WindowFrameBound::Preceding(None),
                    end_bound: Some(WindowFrameBound::Following(None)),
                });
            }
        }
        Some(_) => {
            f.within_group = order;
            return false;
        }
    }
    f.args = FunctionArguments::List(FunctionArgumentList {
        duplicate_treatment: list.duplicate_treatment,
        args: vec![
            FunctionArg::Unnamed(FunctionArgExpr::Expr(x)),
            FunctionArg::Unnamed(FunctionArgExpr::Expr(sep)),
        ],
        clauses,
    });
    f.name = ObjectName::from(vec![Ident::new("string_agg")]);
    true
}

#[cfg(test)]
mod tests {
    use super::super::translated;

    #[test]
    fn string_functions() {
        let input = "CREATE TABLE pat_info (pat_id NUMBER(10), pat_name VARCHAR2(50), id_card VARCHAR2(18), seq_no NUMBER(8));
SELECT INSTR(id_card, 'X'), INSTR(id_card, '1', 1), INSTR(pat_name, '·', -1), INSTR(id_card, '0', 1, 2),
       SUBSTR(id_card, 7, 8), SUBSTR(id_card, 0, 6), SUBSTR(id_card, -4), SUBSTR(id_card, -1), SUBSTR(seq_no, 1, 4),
       SUBSTR(id_card, :p_from), LENGTHB(pat_name), LPAD(seq_no, 8, '0'), RPAD(pat_name, 20), LPAD(pat_name, :n, '*')
  FROM pat_info;
CREATE OR REPLACE PROCEDURE p_code (p_len IN NUMBER) IS
  v_code VARCHAR2(20);
BEGIN
  v_code := LPAD(p_len, p_len, '0') || SUBSTR(v_code, -2, 1) || INSTR(v_code, 'A', 2);
END;
/
";
        insta::assert_snapshot!(translated(input, 12));
    }

    #[test]
    fn listagg() {
        let input = "SELECT v.visit_id, LISTAGG(d.diag_name, ',') WITHIN GROUP (ORDER BY d.diag_seq) diags,
       LISTAGG(d.diag_code) WITHIN GROUP (ORDER BY d.diag_code DESC),
       LISTAGG(d.diag_seq, ';' ON OVERFLOW TRUNCATE '…' WITH COUNT) WITHIN GROUP (ORDER BY d.diag_seq),
       LISTAGG(d.diag_name, '/') WITHIN GROUP (ORDER BY d.diag_seq) OVER (PARTITION BY v.dept_code) dept_diags
  FROM op_visit v JOIN op_diag d ON d.visit_id = v.visit_id GROUP BY v.visit_id;
";
        insta::assert_snapshot!(translated(input, 12));
    }
}
