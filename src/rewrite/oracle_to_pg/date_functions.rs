//! `date-functions`: `ADD_MONTHS`, `LAST_DAY`, `MONTHS_BETWEEN`, `NEXT_DAY`.
//!
//! **What it does.** Each becomes a call of a helper function defined at the
//! top of the output (see [`crate::rewrite::helpers`]):
//! `sqlport.add_months(d, n)`, `sqlport.last_day(d)`,
//! `sqlport.months_between(a, b)`, `sqlport.next_day(d, day)`.
//!
//! **Why.** None has a PostgreSQL expression that means the same:
//!
//! - `ADD_MONTHS` keeps a month's last day the last day: Oracle's
//!   `ADD_MONTHS(DATE '2024-02-29', 1)` is 2024-03-31, PostgreSQL's
//!   `+ INTERVAL '1 month'` gives 2024-03-29 (ora2pg writes that);
//! - `LAST_DAY` keeps the time of day (ora2pg's `::date - 1` form fails once
//!   dates are timestamps);
//! - `MONTHS_BETWEEN` counts whole months when both days are the same day or
//!   both month ends, and otherwise adds the day difference (time of day
//!   included) over 31: `MONTHS_BETWEEN(DATE '1995-02-02', DATE '1995-01-01')`
//!   is 1.0322580645…;
//! - `NEXT_DAY` takes a day name.
//!
//! **Example.**
//!
//! ```sql
//! SELECT ADD_MONTHS(birth_date, 12 * 18) FROM pat_info;            -- Oracle
//! SELECT sqlport.add_months(birth_date, 12 * 18) FROM pat_info;    -- with the helper at the top
//! ```
//!
//! **Findings.** `SP0420` (info) for each helper, at its first use;
//! `SP0322` (warning) for `NEXT_DAY`, whose day name Oracle reads in the
//! session's date language (the helper takes English and Chinese names).

use sqlparser::ast::Expr;

use super::expr::builtin_args;
use crate::report::{Code, Finding};
use crate::rewrite::helpers::Helper;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateFunctions;

impl Pass for DateFunctions {
    fn name(&self) -> &'static str {
        "date-functions"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        super::each_expression(script, cx, &mut |e, origin, cx| {
            const FUNCTIONS: [(&str, usize, Helper); 4] = [
                ("ADD_MONTHS", 2, Helper::AddMonths),
                ("LAST_DAY", 1, Helper::LastDay),
                ("MONTHS_BETWEEN", 2, Helper::MonthsBetween),
                ("NEXT_DAY", 2, Helper::NextDay),
            ];
            let Some((name, helper)) = FUNCTIONS.iter().find_map(|(name, n, helper)| {
                builtin_args(e, name)
                    .filter(|a| a.len() == *n)
                    .map(|_| (*name, *helper))
            }) else {
                return false;
            };
            let span = origin.locate(text, e);
            let Expr::Function(f) = e else {
                return false;
            };
            f.name = sqlparser::ast::ObjectName::from(vec![
                sqlparser::ast::Ident::new(crate::rewrite::helpers::SCHEMA),
                sqlparser::ast::Ident::new(helper.name()),
            ]);
            cx.require_helper(helper, span);
            if name == "NEXT_DAY" {
                cx.findings.push(Finding::new(
                    Code::SP0322,
                    span,
                    "NEXT_DAY reads the day name in the session's date language; the helper takes English (MON, MONDAY) and Chinese (星期一, 周一) names",
                ));
            }
            true
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::translated;

    #[test]
    fn each_becomes_its_helper() {
        let input = "SELECT ADD_MONTHS(p.birth_date, 12 * 18) adult_day, LAST_DAY(SYSDATE) month_end,
       MONTHS_BETWEEN(SYSDATE, p.birth_date) / 12 age, NEXT_DAY(TRUNC(SYSDATE), 'MONDAY') next_clinic
  FROM pat_info p;
BEGIN
  v_due := ADD_MONTHS(v_day, 1);
END;
/
";
        insta::assert_snapshot!(translated(input, 12));
    }
}
