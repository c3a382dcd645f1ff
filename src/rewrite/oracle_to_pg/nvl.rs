//! `nvl`: `NVL` and `NVL2`, Oracle's NULL defaults.
//!
//! **What it does.** `NVL(a, b)` becomes `coalesce(a, b)`;
//! `NVL2(a, b, c)` becomes `CASE WHEN a IS NOT NULL THEN b ELSE c END`.
//!
//! **Why.** PostgreSQL has neither function (orafce is not assumed).
//! `coalesce` is the same as `NVL` except that Oracle converts `b` to `a`'s
//! type, where PostgreSQL needs the two types to agree: when `a` is known to
//! be text (see [`super::type_env`]) and `b` a number, `b` is cast to text
//! (`NVL(remark, 0)` → `coalesce(remark, (0)::text)`). The other way round,
//! `NVL(num_col, '-')`, fails in Oracle too as soon as `num_col` is NULL.
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
use super::type_env::{Env, Kind, Tables};
use crate::rewrite::visit_unit::expressions_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Nvl;

impl Pass for Nvl {
    fn name(&self) -> &'static str {
        "nvl"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let tables = Tables::with_context(script, cx);
        for unit in script.units_mut() {
            let env = Env::of(&tables, unit);
            expressions_at(unit, &mut |e, _| rewrite(e, &env));
        }
    }
}

fn rewrite(e: &mut Expr, env: &Env<'_>) -> bool {
    let new = if let Some(args) = builtin_args(e, "NVL").filter(|a| a.len() == 2) {
        let mut args: Vec<Expr> = args.into_iter().cloned().collect();
        if env.kind(&args[0]) == Some(Kind::Text) && env.kind(&args[1]) == Some(Kind::Number) {
            args[1] =
                template_for(&args[1], "($1)::text", &args[1..]).unwrap_or_else(|| args[1].clone());
        }
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
        let input = "CREATE TABLE ip_visit (visit_id NUMBER(10), remark VARCHAR2(200), fee_amt NUMBER(12,2));
SELECT NVL(remark, 0), NVL(remark, '无'), NVL(fee_amt, 0) FROM ip_visit;
SELECT v.visit_id, NVL(v.fee_amt, 0) + NVL(v.drug_amt, 0) AS total,
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
