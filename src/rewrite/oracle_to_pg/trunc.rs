//! `trunc`: Oracle `TRUNC` of a date, told apart from `TRUNC` of a number.
//!
//! **What it does.** `TRUNC(d)` and `TRUNC(d, 'fmt')` become
//! `date_trunc('unit', d)` when `d` is a date (from [`super::type_env`]) or a
//! format is given; `TRUNC(n [, k])` of a number stays `trunc`. Formats:
//!
//! | Oracle format | `date_trunc` unit |
//! |---|---|
//! | `CC`, `SCC` | `century` (both start in year …01) |
//! | `SYYYY`, `YYYY`, `YEAR`, `SYEAR`, `YYY`, `YY`, `Y` | `year` |
//! | `Q` | `quarter` |
//! | `MONTH`, `MON`, `MM`, `RM` | `month` |
//! | `IW` | `week` (ISO, Monday) |
//! | `DDD`, `DD`, `J` | `day` |
//! | `HH`, `HH12`, `HH24` | `hour` |
//! | `MI` | `minute` |
//! | `D`, `DY`, `DAY` | the Sunday before: `date_trunc('week', d + INTERVAL '1 day') - INTERVAL '1 day'` |
//!
//! **Why.** PostgreSQL's `trunc` takes only numbers, and ora2pg turns every
//! `TRUNC` into `date_trunc`, numbers included.
//!
//! **Example.**
//!
//! ```sql
//! SELECT TRUNC(SYSDATE, 'MM'), TRUNC(fee_amt, 2) FROM op_charge;
//! SELECT date_trunc('month', date_trunc('second', statement_timestamp())::TIMESTAMP(0)), trunc(fee_amt, 2) FROM op_charge;
//! ```
//!
//! **Findings.** `SP0322` (warning) for `D`/`DY`/`DAY` (the week start is
//! the NLS territory's); `SP0321` (warning) for `TRUNC(x)` where the type of
//! `x` is unknown (rewritten when its name reads like a date, see
//! [`super::date_arithmetic`]; else kept), and for a format that is not a literal or has no
//! `date_trunc` unit (`WW`, `W`, `IYYY`): kept as written.

use sqlparser::ast::Expr;

use super::expr::{builtin_args, string_literal, template};
use super::type_env::{Env, Kind, Tables};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::expressions_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Trunc;

impl Pass for Trunc {
    fn name(&self) -> &'static str {
        "trunc"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let tables = Tables::with_context(script, cx);
        let text = cx.file.text();
        for unit in script.units_mut() {
            let env = Env::of(&tables, unit);
            expressions_at(unit, &mut |e, origin| {
                let Some(args) = builtin_args(e, "TRUNC") else {
                    return false;
                };
                let span = origin.locate(text, e);
                let args: Vec<Expr> = args.into_iter().cloned().collect();
                let kind = args.first().and_then(|a| env.kind(a));
                let format = match args.as_slice() {
                    [_] if kind.is_some_and(Kind::is_datetime) => Some("DD".to_string()),
                    [_, f] if !matches!(kind, Some(Kind::Number)) => match string_literal(f) {
                        Some(f) => Some(f.trim().to_ascii_uppercase()),
                        None if matches!(env.kind(f), Some(Kind::Number)) => None,
                        None => {
                            cx.findings.push(Finding::new(
                                Code::SP0321,
                                span,
                                format!("{e}: the format is not a literal; if it truncates a date, write date_trunc with the unit"),
                            ));
                            return false;
                        }
                    },
                    [x] if kind.is_none() && super::date_arithmetic::looks_like_date(x) => {
                        cx.findings.push(Finding::new(
                            Code::SP0321,
                            span,
                            format!(
                                "{e}: {x} is taken for a DATE from its name (its type is unknown)"
                            ),
                        ));
                        Some("DD".to_string())
                    }
                    [_] if kind.is_none() => {
                        cx.findings.push(Finding::new(
                            Code::SP0321,
                            span,
                            format!("{e}: the type of {} is unknown; if it is a DATE, write date_trunc('day', …)", args[0]),
                        ));
                        return false;
                    }
                    _ => None,
                };
                let Some(format) = format else {
                    return false;
                };
                let unit_of = |f: &str| -> Option<&'static str> {
                    Some(match f {
                        "CC" | "SCC" => "century",
                        "SYYYY" | "YYYY" | "YEAR" | "SYEAR" | "YYY" | "YY" | "Y" => "year",
                        "Q" => "quarter",
                        "MONTH" | "MON" | "MM" | "RM" => "month",
                        "IW" => "week",
                        "DDD" | "DD" | "J" => "day",
                        "HH" | "HH12" | "HH24" => "hour",
                        "MI" => "minute",
                        _ => return None,
                    })
                };
                let new = if matches!(format.as_str(), "D" | "DY" | "DAY") {
                    cx.findings.push(Finding::new(
                        Code::SP0322,
                        span,
                        format!("TRUNC(…, '{format}') starts the week on the NLS territory's first day; written for Sunday (use date_trunc('week', …) for Monday)"),
                    ));
                    template(
                        "date_trunc('week', ($1) + INTERVAL '1 day') - INTERVAL '1 day'",
                        &args[..1],
                    )
                    .map(super::expr::grouped)
                } else if let Some(unit) = unit_of(&format) {
                    template(&format!("date_trunc('{unit}', $1)"), &args[..1])
                } else {
                    cx.findings.push(Finding::new(
                        Code::SP0321,
                        span,
                        format!("TRUNC format '{format}' has no date_trunc unit; kept as written"),
                    ));
                    None
                };
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

#[cfg(test)]
mod tests {
    use super::super::translated;

    #[test]
    fn dates_by_type_or_format_numbers_stay() {
        let input = "CREATE TABLE op_charge (charge_id NUMBER(10), fee_amt NUMBER(12,2), charge_time DATE);
SELECT TRUNC(charge_time), TRUNC(charge_time, 'MM'), TRUNC(SYSDATE, 'yyyy'), TRUNC(charge_time, 'Q'),
       TRUNC(charge_time, 'IW'), TRUNC(charge_time, 'HH24'), TRUNC(fee_amt), TRUNC(fee_amt, 1), TRUNC(3.14159, 2)
  FROM op_charge WHERE TRUNC(charge_time) = TRUNC(SYSDATE);
SELECT TRUNC(charge_time, 'D'), TRUNC(charge_time, 'WW'), TRUNC(x.unknown_col), TRUNC(charge_time, p_fmt) FROM op_charge, x;
";
        insta::assert_snapshot!(translated(input, 12));
    }
}
