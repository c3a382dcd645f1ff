//! `generate-series`: `generate_series(a, b[, step])` in `FROM` becomes a
//! `CONNECT BY LEVEL` row generator: integer series, and series of dates or
//! timestamps with a constant interval step.
//!
//! **What it does.** `FROM generate_series(a, b, s) AS g(n)` becomes
//! `FROM (SELECT a + (LEVEL - 1) * s AS n FROM DUAL CONNECT BY LEVEL <= c
//! WHERE LEVEL <= c) g` with `c = FLOOR(CAST(b - a AS NUMBER) / s) + 1`
//! (`b - a + 1` when there is no step; the cast keeps DM from dividing two
//! integers as integers, which would round `-0.5` up to 0 and give an empty
//! series a row). The `WHERE` drops the one row `CONNECT BY` gives when
//! the series is empty (`b < a`), which PostgreSQL would not return.
//!
//! A series of timestamps whose step is an interval literal of one part
//! (`interval '1 day'`, `'2 hours'`, `'15 minutes'`, `'1 week'`, `'1
//! month'`, `'1 year'`; after the `intervals` pass, `INTERVAL '1' DAY`)
//! becomes `SELECT v AS n FROM DUAL WHERE v <= b CONNECT BY v <= b` where
//! `v` is the `LEVEL`th value: `CAST(a AS TIMESTAMP) +
//! NUMTODSINTERVAL((LEVEL - 1) * k, 'DAY'|'HOUR'|'MINUTE'|'SECOND')`, or
//! `ADD_MONTHS(a, (LEVEL - 1) * k)` for months and years (`>=` for a
//! negative step). No date difference is computed (DM's `TIMESTAMP -
//! TIMESTAMP` is unverified): rows are generated while the value has not
//! passed `b`. PostgreSQL's values are timestamps (it reads a `date`
//! argument as one), hence the cast.
//!
//! Unqualified names in the arguments are taken for PL variables or
//! parameters; a qualified column (`w.bed_count`, an implicit `LATERAL`
//! in PostgreSQL) keeps the call, reported. The
//! column is named as PostgreSQL names it: the alias's column, else the
//! alias, else `generate_series`.
//!
//! Another step (`'1 day 2 hours'`, a variable), and `generate_series`
//! anywhere but in `FROM`, are kept and reported.
//!
//! **Why.** DM8 has no `generate_series` (dameng.md, "Not in DM"); it has
//! Oracle's hierarchical queries, `CONNECT BY` and `LEVEL` on `DUAL`
//! (dameng.md, "SQL": supported as in Oracle [doc/blog]), `ADD_MONTHS`
//! (same list) and `NUMTODSINTERVAL(dec, interval_unit)` (DM8 SQL 语言使用
//! 手册, 函数 §8.3 item 51) [doc].
//!
//! **Example.**
//! ```sql
//! SELECT d.n FROM generate_series(1, 7) AS d(n);
//! SELECT d.n FROM (SELECT 1 + LEVEL - 1 AS n FROM DUAL
//!                   WHERE LEVEL <= 7 - 1 + 1 CONNECT BY LEVEL <= 7 - 1 + 1) d;
//! SELECT d FROM generate_series(date '2026-01-01', date '2026-01-31', interval '1 day') AS d;
//! SELECT d FROM (SELECT CAST(DATE '2026-01-01' AS TIMESTAMP) + NUMTODSINTERVAL((LEVEL - 1) * 1, 'DAY') AS d
//!                  FROM DUAL WHERE … <= DATE '2026-01-31' CONNECT BY … <= DATE '2026-01-31') d;
//! ```
//!
//! **Findings.** `SP0223` (error) at a `generate_series` it keeps;
//! `SP0363` (warning) a month or year series that does not start at a `DATE`
//! literal on a day up to the 28th (`ADD_MONTHS` keeps month ends, and may
//! drop a time of day on DM).

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, SetExpr, TableAlias, TableFactor,
    Value, VisitMut, VisitorMut,
};
use sqlparser::dialect::OracleDialect;
use sqlparser::parser::Parser;
use std::ops::ControlFlow;

use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::statements_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct GenerateSeries;

impl Pass for GenerateSeries {
    fn name(&self) -> &'static str {
        "generate-series"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let body = unit.body;
            let mut changed = false;
            statements_at(unit, &mut |s, at, _| {
                let mut v = Rewriter {
                    changed: false,
                    refused: Vec::new(),
                    month_steps: false,
                };
                let _ = s.visit(&mut v);
                if let Some(reason) = v.refused.first() {
                    cx.findings.push(
                        Finding::new(
                            Code::SP0223,
                            if at.is_empty() { body } else { at },
                            format!("generate_series() kept: {reason}"),
                        )
                        .with_help(
                            "use a row generator: SELECT a + (LEVEL - 1) * step FROM DUAL CONNECT BY LEVEL <= n (for timestamps: CAST(a AS TIMESTAMP) + NUMTODSINTERVAL((LEVEL - 1) * k, 'HOUR'), ADD_MONTHS(a, (LEVEL - 1) * k))",
                        ),
                    );
                }
                if v.month_steps {
                    cx.findings.push(
                        Finding::new(
                            Code::SP0363,
                            if at.is_empty() { body } else { at },
                            "generate_series() by months became ADD_MONTHS(start, (LEVEL - 1) * k): from a day after the 28th ADD_MONTHS keeps month ends (Jan 31, Feb 28, Mar 31) where PostgreSQL keeps adding to the previous value (Jan 31, Feb 28, Mar 28), and DM may drop the time of day of a TIMESTAMP start",
                        )
                        .with_help("start the series on a date up to the 28th (or at a month start), or check the values the application needs"),
                    );
                }
                changed |= v.changed;
                v.changed
            });
            unit.rewritten |= changed;
        }
    }
}

/// Rewrites the `generate_series` table functions it can; notes the rest.
struct Rewriter {
    changed: bool,
    refused: Vec<&'static str>,
    /// A month series it wrote whose values may differ on DM.
    month_steps: bool,
}

fn is_series(name: &sqlparser::ast::ObjectName) -> bool {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .is_some_and(|i| i.value.eq_ignore_ascii_case("generate_series"))
}

impl VisitorMut for Rewriter {
    type Break = ();

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
        let (args, alias) = match factor {
            TableFactor::Table {
                name,
                args: Some(args),
                alias,
                ..
            } if is_series(name) => (
                args.args
                    .iter()
                    .map(|a| match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
                        _ => None,
                    })
                    .collect::<Option<Vec<Expr>>>(),
                alias.clone(),
            ),
            TableFactor::Function { name, .. } if is_series(name) => {
                self.refused.push("a LATERAL generate_series");
                return ControlFlow::Continue(());
            }
            _ => return ControlFlow::Continue(()),
        };
        match args.and_then(|a| generator(&a, alias)) {
            Some((derived, inexact)) => {
                *factor = derived;
                self.changed = true;
                self.month_steps |= inexact;
            }
            None => self
                .refused
                .push("a step other than an interval of one unit (interval '1 day', '2 hours', '1 month'), a column of an earlier FROM item (an implicit LATERAL), or arguments it cannot read"),
        }
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        if let Expr::Function(f) = e
            && is_series(&f.name)
        {
            self.refused
                .push("generate_series outside FROM (a set-returning call in an expression)");
        }
        ControlFlow::Continue(())
    }
}

/// Whether `e` cannot be an integer (an interval, a date or time literal, a
/// string, a cast to a date or time type).
fn not_integer(e: &Expr) -> bool {
    match e {
        Expr::Interval(_) | Expr::TypedString { .. } => true,
        Expr::Value(v) => !matches!(v.value, Value::Number(..)),
        Expr::Cast { data_type, .. } => {
            let t = data_type.to_string().to_ascii_uppercase();
            t.contains("DATE") || t.contains("TIME") || t.contains("INTERVAL")
        }
        Expr::Function(f) => {
            let n = f.name.to_string().to_ascii_uppercase();
            n.contains("DATE")
                || n.contains("TIME")
                || n.contains("INTERVAL")
                || n == "SYSTIMESTAMP"
                || matches!(&f.args, FunctionArguments::List(l) if l.args.iter().any(|a| matches!(a, FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) if not_integer(x))))
        }
        Expr::BinaryOp { left, right, .. } => not_integer(left) || not_integer(right),
        Expr::Nested(x) | Expr::UnaryOp { expr: x, .. } => not_integer(x),
        Expr::Identifier(i) => {
            let v = i.value.to_ascii_uppercase();
            v == "SYSDATE" || v == "SYSTIMESTAMP" || v == "CURRENT_DATE" || v == "CURRENT_TIMESTAMP"
        }
        _ => false,
    }
}

/// Whether `e` names a column of another table (`w.bed_count`): PostgreSQL
/// reads it from an earlier `FROM` item (an implicit `LATERAL`), which an
/// inline view cannot.
fn qualified(e: &Expr) -> bool {
    let mut found = false;
    let mut e = e.clone();
    crate::rewrite::visit_unit::visit_exprs(&mut e, &mut |x| {
        found |= matches!(x, Expr::CompoundIdentifier(_));
        false
    });
    found
}

/// `e` as text, in parentheses unless it is a single value or name.
fn atom(e: &Expr) -> String {
    match e {
        Expr::Value(_)
        | Expr::Identifier(_)
        | Expr::Nested(_)
        | Expr::Function(_)
        | Expr::TypedString(_)
        | Expr::Cast { .. } => e.to_string(),
        _ => format!("({e})"),
    }
}

/// The row generator for `generate_series(args)` under `alias`.
fn generator(args: &[Expr], alias: Option<TableAlias>) -> Option<(TableFactor, bool)> {
    let (a, b, step) = match args {
        [a, b] => (a, b, None),
        [a, b, s] => (a, b, Some(s)),
        _ => return None,
    };
    if args.iter().any(qualified) {
        return None;
    }
    let (table, column) = names(alias.as_ref());
    if let Some(step) = step.and_then(interval_step) {
        let inexact = matches!(step, Step::Months(_)) && !exact_month_start(a);
        let factor = parse_factor(&time_series(a, b, &step, &column, &table))?;
        return Some((factor, inexact));
    }
    if args.iter().any(not_integer) {
        return None;
    }
    let (value, count) = match step {
        None => (
            format!("{} + LEVEL - 1", atom(a)),
            format!("{} - {} + 1", atom(b), atom(a)),
        ),
        Some(s) => (
            format!("{} + (LEVEL - 1) * {}", atom(a), atom(s)),
            format!(
                "FLOOR(CAST({} - {} AS NUMBER) / {}) + 1",
                atom(b),
                atom(a),
                atom(s)
            ),
        ),
    };
    let factor = parse_factor(&format!(
        "SELECT 1 FROM (SELECT {value} AS {column} FROM DUAL WHERE LEVEL <= {count} CONNECT BY LEVEL <= {count}) {table}"
    ))?;
    Some((factor, false))
}

/// The alias and the column name of the series, as PostgreSQL names them:
/// the alias's column, else the alias, else `generate_series`.
fn names(alias: Option<&TableAlias>) -> (Ident, Ident) {
    match alias {
        Some(al) => (
            al.name.clone(),
            al.columns
                .first()
                .map_or_else(|| al.name.clone(), |c| c.name.clone()),
        ),
        None => (Ident::new("generate_series"), Ident::new("generate_series")),
    }
}

/// The `FROM` item of `SELECT 1 FROM item`, read back.
fn parse_factor(text: &str) -> Option<TableFactor> {
    let query = Parser::new(&OracleDialect {})
        .try_with_sql(text)
        .and_then(|mut p| p.parse_query())
        .ok()?;
    let SetExpr::Select(select) = *query.body else {
        return None;
    };
    select.from.into_iter().next().map(|t| t.relation)
}

/// A constant interval step of a series of dates or timestamps.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// `n` days, hours, minutes or seconds (the unit, as `NUMTODSINTERVAL`
    /// names it).
    DayToSecond(i64, &'static str),
    /// `n` months (a year is 12).
    Months(i64),
}

/// The step of an interval literal of one part: `INTERVAL '1' DAY` (as the
/// `intervals` pass leaves it) or `INTERVAL '1 day'`; `None` for any other
/// step, a fraction, or zero.
fn interval_step(e: &Expr) -> Option<Step> {
    use sqlparser::ast::DateTimeField as F;
    let Expr::Interval(i) = e else {
        return None;
    };
    if i.last_field.is_some() || i.fractional_seconds_precision.is_some() {
        return None;
    }
    let Expr::Value(v) = i.value.as_ref() else {
        return None;
    };
    let text = match &v.value {
        Value::SingleQuotedString(t) => t.trim().to_ascii_lowercase(),
        _ => return None,
    };
    let (number, unit) = match &i.leading_field {
        Some(f) => (
            text.as_str(),
            match f {
                F::Day | F::Days => "day",
                F::Hour | F::Hours => "hour",
                F::Minute | F::Minutes => "minute",
                F::Second | F::Seconds => "second",
                F::Week(_) | F::Weeks => "week",
                F::Month | F::Months => "month",
                F::Year | F::Years => "year",
                _ => return None,
            },
        ),
        None => {
            let mut words = text.split_whitespace();
            let (Some(n), Some(u), None) = (words.next(), words.next(), words.next()) else {
                return None;
            };
            (n, u.trim_end_matches('s'))
        }
    };
    let n: i64 = number.parse().ok().filter(|n| *n != 0)?;
    Some(match unit {
        "day" => Step::DayToSecond(n, "DAY"),
        "week" => Step::DayToSecond(n.checked_mul(7)?, "DAY"),
        "hour" => Step::DayToSecond(n, "HOUR"),
        "minute" | "min" => Step::DayToSecond(n, "MINUTE"),
        "second" | "sec" => Step::DayToSecond(n, "SECOND"),
        "month" | "mon" => Step::Months(n),
        "year" => Step::Months(n.checked_mul(12)?),
        _ => return None,
    })
}

/// The row generator of a series of timestamps from `a` to `b` by `step`:
/// the `n`th value is `a` plus `n - 1` steps (`NUMTODSINTERVAL`, or
/// `ADD_MONTHS` for months and years); rows are generated while the value
/// has not passed `b`, and the `WHERE` drops the one row `CONNECT BY`
/// gives for an empty series.
fn time_series(a: &Expr, b: &Expr, step: &Step, column: &Ident, table: &Ident) -> String {
    let (value, ascending) = match step {
        Step::DayToSecond(n, unit) => (
            format!("CAST({a} AS TIMESTAMP) + NUMTODSINTERVAL((LEVEL - 1) * {n}, '{unit}')"),
            *n > 0,
        ),
        Step::Months(n) => (
            format!("ADD_MONTHS({}, (LEVEL - 1) * {n})", atom(a)),
            *n > 0,
        ),
    };
    let cmp = if ascending { "<=" } else { ">=" };
    let end = atom(b);
    format!(
        "SELECT 1 FROM (SELECT {value} AS {column} FROM DUAL WHERE {value} {cmp} {end} CONNECT BY {value} {cmp} {end}) {table}"
    )
}

/// Whether a month series is exact on DM: it starts at a `DATE` literal
/// (no time of day) on a day up to the 28th (where `ADD_MONTHS`, which
/// keeps month ends at month ends, and PostgreSQL's repeated addition of the
/// step, which keeps the day, agree).
fn exact_month_start(a: &Expr) -> bool {
    let Expr::TypedString(t) = a else {
        return false;
    };
    if !t.data_type.to_string().eq_ignore_ascii_case("DATE") {
        return false;
    }
    let text = match &t.value.value {
        Value::SingleQuotedString(s) => s.clone(),
        _ => return false,
    };
    text.trim()
        .rsplit('-')
        .next()
        .and_then(|d| d.parse::<u32>().ok())
        .is_some_and(|d| (1..=28).contains(&d))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn integer_series_become_row_generators() {
        insta::assert_snapshot!(translated(
            "-- 按病区生成 1..床位数 的床号\nSELECT w.ward_code, b.bed_no\n  FROM ward w\n CROSS JOIN generate_series(1, w.bed_count) AS b(bed_no)\n WHERE w.active = 'Y';\nCREATE FUNCTION fill_beds(p_ward varchar, p_count int) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO bed (ward_code, bed_no) SELECT p_ward, n FROM generate_series(1, p_count) AS g(n);\nEND;\n$$;\nSELECT slot FROM generate_series(8, 17, 2) AS slot;\nSELECT * FROM generate_series(1, 3);\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn date_and_timestamp_series_become_row_generators() {
        insta::assert_snapshot!(translated(
            "-- 每日在院人数（按天）\nSELECT d::date AS stat_day, count(v.visit_id) AS inpatients\n  FROM generate_series(date '2026-01-01', date '2026-01-31', interval '1 day') AS d\n  LEFT JOIN visit v ON v.admit_time < d + interval '1 day' AND (v.discharge_time IS NULL OR v.discharge_time >= d)\n GROUP BY d ORDER BY d;\n-- 过去 24 小时每小时的生命体征时间槽\nSELECT slot FROM generate_series(now() - interval '24 hours', now(), interval '1 hour') AS g(slot);\n-- 月度收入报表\nSELECT m AS stat_month FROM generate_series(date '2026-01-01', date '2026-12-01', interval '1 month') m;\nSELECT m FROM generate_series(date_trunc('month', now()), now() + interval '1 year', interval '3 months') AS m;\n-- 倒序（每周）\nSELECT w FROM generate_series(date '2026-03-31', date '2026-01-01', interval '-1 week') AS w;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn other_steps_and_calls_in_expressions_are_flagged() {
        insta::assert_snapshot!(translated(
            "SELECT d FROM generate_series(date '2026-01-01', date '2026-01-31', interval '1 day 12 hours') AS d;\nSELECT generate_series(1, 5) AS n;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
