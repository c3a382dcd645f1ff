//! `pg-any-value`: the `any_value` aggregate before PostgreSQL 16.
//!
//! **What it does.** `any_value(x)` becomes `min(x)`.
//!
//! **Why.** `any_value` arrives in PostgreSQL 16; it returns an arbitrary
//! non-null value of the group, and `min` returns one such value too (the
//! smallest), so every result `min` gives is one `any_value` may give.
//! `min` needs an ordered type: for `boolean` or `jsonb` arguments the
//! kernel refuses the statement, which the finding's message says.
//!
//! **Example**:
//!
//! ```sql
//! SELECT dept_name, any_value(doctor_name) FROM lab_request GROUP BY dept_name;
//! SELECT dept_name, min(doctor_name) FROM lab_request GROUP BY dept_name;
//! ```
//!
//! **Findings.** `SP0480` (info) at each call.

use super::{Context, Pass, calls, downgraded, edit, missing, unit_tokens};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyValue;

impl Pass for AnyValue {
    fn name(&self) -> &'static str {
        "pg-any-value"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, "any_value") {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            for i in calls(&toks, "any_value") {
                if edit(unit, toks[i].span, "min") {
                    downgraded(
                        cx,
                        toks[i].span,
                        "any_value",
                        "became min(), one of the values any_value may return (min needs an ordered type: not boolean or jsonb)",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    #[test]
    fn any_value_becomes_min() {
        let sql = "SELECT dept_name, any_value(doctor_name) AS doctor, count(*)\n  FROM lab_request GROUP BY dept_name;\n";
        insta::assert_snapshot!(translated(sql, &highgo(14)));
    }
}
