//! `nvl`: `NVL` and `NVL2`, Oracle's NULL defaults.
//!
//! **What it does.** `NVL(a, b)` becomes `coalesce(a, b)`;
//! `NVL2(a, b, c)` becomes `CASE WHEN a IS NOT NULL THEN b ELSE c END`.
//!
//! **Why.** PostgreSQL has neither function (orafce is not assumed).
//! `coalesce` is the same as `NVL` except that Oracle evaluates both
//! arguments and converts `b` to `a`'s type, where PostgreSQL needs the two
//! types to agree: `NVL(num_col, '-')` does not run there and needs a person
//! anyway (the target says so when the statement is loaded).
//!
//! **Example.**
//!
//! ```sql
//! SELECT NVL(fee_amt, 0), NVL2(discharge_time, '出院', '在院') FROM ip_visit;   -- Oracle
//! SELECT coalesce(fee_amt, 0), CASE WHEN discharge_time IS NOT NULL THEN '出院' ELSE '在院' END FROM ip_visit;
//! ```
//!
//! **Findings.** None: the rewrite means what Oracle meant.

use sqlparser::ast::Expr;

use super::expr::{builtin_args, template_for};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Nvl;

impl Pass for Nvl {
    fn name(&self) -> &'static str {
        "nvl"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        super::each_expression(script, cx, &mut |e, _, _| rewrite(e));
    }
}

fn rewrite(e: &mut Expr) -> bool {
    let new = if let Some(args) = builtin_args(e, "NVL").filter(|a| a.len() == 2) {
        let args: Vec<Expr> = args.into_iter().cloned().collect();
        template_for(e, "coalesce($1, $2)", &args)
    } else if let Some(args) = builtin_args(e, "NVL2").filter(|a| a.len() == 3) {
        let args: Vec<Expr> = args.into_iter().cloned().collect();
        template_for(e, "CASE WHEN ($1) IS NOT NULL THEN $2 ELSE $3 END", &args)
    } else {
        None
    };
    match new {
        Some(new) => {
            *e = new;
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::translated;

    #[test]
    fn nvl_and_nvl2_in_sql_and_plsql() {
        let input = "SELECT v.visit_id, NVL(v.fee_amt, 0) + NVL(v.drug_amt, 0) AS total,
       NVL2(v.discharge_time, '出院', '在院') AS status, pkg.nvl(v.x, 1)
  FROM ip_visit v WHERE NVL(v.dept_code, 'NONE') <> 'ICU';
CREATE OR REPLACE PROCEDURE p_fee (p_id IN NUMBER) IS
  v_amt NUMBER := NVL(NULL, 0);
BEGIN
  SELECT NVL(SUM(fee_amt), 0) INTO v_amt FROM op_charge WHERE visit_id = p_id;
  IF NVL2(v_amt, v_amt + 1, 0) > 100 THEN
    v_amt := NVL(v_amt, 0) * 2; -- 加倍
  END IF;
END;
/
";
        insta::assert_snapshot!(translated(input, 12));
    }
}
