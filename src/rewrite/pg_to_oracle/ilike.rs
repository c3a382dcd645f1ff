//! `ilike`: `a ILIKE b` becomes `UPPER(a) LIKE UPPER(b)`;
//! `a IS [NOT] DISTINCT FROM b` becomes a `DECODE` test.
//!
//! **What it does.** `ILIKE`/`NOT ILIKE` (with its `ESCAPE`) compares both
//! sides upper-cased; `a IS DISTINCT FROM b` becomes `DECODE(a, b, 0, 1) = 1`
//! and `IS NOT DISTINCT FROM` `DECODE(a, b, 0, 1) = 0` (`DECODE` treats two
//! NULLs as equal, as `IS NOT DISTINCT FROM` does).
//!
//! **Why.** DM8 has neither operator (dameng.md, "Not in DM": `ILIKE`); it
//! has `UPPER`, `LIKE` and `DECODE` as Oracle does.
//!
//! **Example.**
//! ```sql
//! WHERE patient_name ILIKE '%张%' AND ward IS DISTINCT FROM p_ward
//! WHERE UPPER(patient_name) LIKE UPPER('%张%') AND DECODE(ward, p_ward, 0, 1) = 1
//! ```
//!
//! **Findings.** `SP0489` (info) once per unit.

use sqlparser::ast::Expr;

use super::ora_expr;
use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::expressions_mut;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ilike;

impl Pass for Ilike {
    fn name(&self) -> &'static str {
        "ilike"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let mut what = Vec::new();
            expressions_mut(unit, &mut |e| {
                let new = match e {
                    Expr::ILike {
                        negated,
                        expr,
                        pattern,
                        escape_char,
                        any: false,
                    } => Some((
                        "ILIKE",
                        Expr::Like {
                            negated: *negated,
                            any: false,
                            expr: Box::new(upper(expr)),
                            pattern: Box::new(upper(pattern)),
                            escape_char: escape_char.clone(),
                        },
                    )),
                    Expr::IsDistinctFrom(a, b) => decode(a, b, 1).map(|d| ("IS DISTINCT FROM", d)),
                    Expr::IsNotDistinctFrom(a, b) => {
                        decode(a, b, 0).map(|d| ("IS NOT DISTINCT FROM", d))
                    }
                    _ => None,
                };
                match new {
                    Some((name, new)) => {
                        what.push(name);
                        *e = new;
                        true
                    }
                    None => false,
                }
            });
            if !what.is_empty() {
                what.dedup();
                cx.findings.push(Finding::new(
                    Code::SP0489,
                    unit.body,
                    format!("{} rewritten with UPPER … LIKE / DECODE", what.join(", ")),
                ));
            }
        }
    }
}

fn upper(e: &Expr) -> Expr {
    let arg = super::atom_or_nested(e);
    super::ora_call("UPPER", vec![arg.clone()]).unwrap_or(arg)
}

/// `DECODE(a, b, 0, 1) = result`.
fn decode(a: &Expr, b: &Expr, result: u8) -> Option<Expr> {
    ora_expr(&format!("DECODE({a}, {b}, 0, 1) = {result}"))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn ilike_and_distinct_from() {
        insta::assert_snapshot!(translated(
            "SELECT patient_id, patient_name FROM patient\n WHERE patient_name ILIKE '%' || 'zhang' || '%'\n   AND ward_code IS DISTINCT FROM 'W01'\n   AND dept_code IS NOT DISTINCT FROM NULL;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
