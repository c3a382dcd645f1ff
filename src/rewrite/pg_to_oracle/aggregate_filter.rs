//! `aggregate-filter`: `agg(x) FILTER (WHERE c)` becomes `agg(CASE WHEN c
//! THEN x END)`.
//!
//! **What it does.** The condition of an aggregate's `FILTER` clause moves
//! into its argument: rows where it is not true give NULL, which every
//! aggregate but `count(*)` skips; `count(*) FILTER (WHERE c)` becomes
//! `count(CASE WHEN c THEN 1 END)`. An aggregate with several arguments
//! (`string_agg(x, ',') FILTER …`: the first is the one filtered) keeps the
//! others as they are.
//!
//! **Why.** DM8 has no `FILTER` clause (dameng.md, "Not in DM": aggregate
//! `FILTER`); a `CASE` inside the aggregate is the standard equivalent.
//!
//! **Example.**
//! ```sql
//! SELECT count(*) FILTER (WHERE status = 'F') AS free_beds FROM bed;
//! SELECT count(CASE WHEN status = 'F' THEN 1 END) AS free_beds FROM bed;
//! ```
//!
//! **Findings.** None: the meaning is kept.

use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments};

use super::ora_expr;
use crate::ast::Script;
use crate::rewrite::visit_unit::expressions_mut;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct AggregateFilter;

impl Pass for AggregateFilter {
    fn name(&self) -> &'static str {
        "aggregate-filter"
    }

    fn run(&self, script: &mut Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            expressions_mut(unit, &mut |e| {
                let Expr::Function(f) = e else {
                    return false;
                };
                let Some(condition) = f.filter.clone() else {
                    return false;
                };
                let FunctionArguments::List(list) = &mut f.args else {
                    return false;
                };
                let Some(first) = list.args.first_mut() else {
                    return false;
                };
                let (slot, value) = match first {
                    FunctionArg::Unnamed(FunctionArgExpr::Wildcard) => (first, "1".to_string()),
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => {
                        let x = x.to_string();
                        (first, x)
                    }
                    _ => return false,
                };
                let Some(case) = ora_expr(&format!("CASE WHEN {condition} THEN {value} END"))
                else {
                    return false;
                };
                *slot = FunctionArg::Unnamed(FunctionArgExpr::Expr(case));
                f.filter = None;
                true
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn filter_moves_into_the_aggregate() {
        insta::assert_snapshot!(translated(
            "SELECT ward_code,\n       count(*) FILTER (WHERE status = 'F') AS free_beds,\n       sum(fee) FILTER (WHERE paid_at IS NULL) AS unpaid_fee,\n       count(DISTINCT patient_id) FILTER (WHERE visit_type = 'E') AS emergency_patients\n  FROM bed_usage GROUP BY ward_code;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
