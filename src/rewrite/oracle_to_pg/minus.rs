//! `minus`: Oracle's `MINUS` becomes `EXCEPT`.
//!
//! **What it does.** Rewrites every `q1 MINUS q2`, in queries at any depth
//! (subqueries, CTEs, views, SQL inside PL/SQL), to `q1 EXCEPT q2`.
//!
//! **Why.** PostgreSQL has no `MINUS`. Oracle's `MINUS` removes duplicates,
//! exactly like `EXCEPT` (without `ALL`), so the meaning is the same.
//!
//! **Example.**
//!
//! ```sql
//! SELECT patient_id FROM ip_admission MINUS SELECT patient_id FROM ip_discharge;  -- Oracle
//! SELECT patient_id FROM ip_admission EXCEPT SELECT patient_id FROM ip_discharge; -- HighGo
//! ```
//!
//! **Findings.** None: the rewrite keeps the meaning.

use sqlparser::ast::{SetExpr, SetOperator};

use super::sql_walk::each_query;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Minus;

impl Pass for Minus {
    fn name(&self) -> &'static str {
        "minus"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        each_query(script, &mut |query| except(&mut query.body));
    }
}

/// Rewrites the `MINUS` operators of one set expression (its nested queries
/// are queries of their own, reached by the visitor).
fn except(body: &mut SetExpr) -> bool {
    match body {
        SetExpr::SetOperation {
            op, left, right, ..
        } => {
            let mut changed = except(left) | except(right);
            if *op == SetOperator::Minus {
                *op = SetOperator::Except;
                changed = true;
            }
            changed
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn minus_becomes_except_everywhere() {
        let sql = "-- 在院未出院的病人
SELECT patient_id FROM ip_admission MINUS SELECT patient_id FROM ip_discharge;
SELECT COUNT(*) FROM (SELECT bed_no FROM ip_bed MINUS SELECT bed_no FROM ip_admission WHERE status = 'I') x;
BEGIN
  FOR r IN (SELECT drug_id FROM ph_stock MINUS SELECT drug_id FROM ph_disabled) LOOP
    NULL;
  END LOOP;
END;
/
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }
}
