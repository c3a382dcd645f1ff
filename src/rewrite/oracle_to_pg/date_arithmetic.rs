//! `date-arithmetic`: days added to and subtracted from dates, and the
//! difference of two dates.
//!
//! **What it does.** With the operand types from [`super::type_env`]:
//!
//! | Oracle | PostgreSQL |
//! |---|---|
//! | `d + 7`, `d - 7` (a literal) | `d + INTERVAL '7 days'`, `d - INTERVAL '7 days'` |
//! | `d + n`, `n + d`, `d - n` | `d + (n) * INTERVAL '1 day'`, … |
//! | `d1 - d2` (two `DATE`s) | `trim_scale(EXTRACT(EPOCH FROM d1 - d2)::numeric / 86400)`; on kernel 12 `(EXTRACT(EPOCH FROM d1 - d2) / 86400)::float8::numeric` (no trailing zeros, as Oracle prints a NUMBER) |
//!
//! A timestamp with fractional seconds minus another is an interval in
//! Oracle as in PostgreSQL, and stays.
//!
//! **Why.** On PostgreSQL `timestamp + integer` does not run, and
//! `timestamp - timestamp` is an interval, where Oracle counts days, with a
//! fraction for the time of day (`12:00` later is `0.5`). ora2pg rewrites
//! only `SYSDATE ± literal`.
//!
//! **Example.**
//!
//! ```sql
//! SELECT visit_time + 1/24, SYSDATE - visit_time FROM op_visit;   -- op_visit.visit_time DATE
//! SELECT visit_time + (1 / 24) * INTERVAL '1 day', trim_scale(EXTRACT(EPOCH FROM date_trunc('second', statement_timestamp())::TIMESTAMP(0) - visit_time)::numeric / 86400) FROM op_visit;  -- kernel 14
//! ```
//!
//! Note that `1/24` is an integer division on PostgreSQL (0): a division
//! of integer literals is made numeric (`1.0 / 24`) where it is a number of
//! days added to a date, or a fraction of a day compared with a date
//! difference (`d1 - d2 > 14 / 24`); elsewhere it is left as it is.
//!
//! The operands' types come from [`super::type_env`]: columns, variables,
//! `%TYPE`, `%ROWTYPE` and record fields, and in a trigger `:NEW.x` /
//! `:OLD.x` (and the `REFERENCING` aliases), columns of the trigger's table.
//!
//! **Unknown types.** Oracle adds only numbers to a date, so an operand of
//! unknown type added to a date is taken for a number of days, and only a
//! date can have a date subtracted from it, so `x - d` is taken for a date
//! difference. A name that reads like a date (`…date`, `…time`, `…day`,
//! `…dt`, pinyin `…rq` 日期, `…sj` 时间) is taken for one when it meets a
//! number or a date.
//!
//! **Findings.** `SP0321` (warning) for each rewrite that rests on such an
//! assumption, and where the operand's type is unknown and nothing tells
//! (`d - x`): kept as written.

use sqlparser::ast::{BinaryOperator, Expr, Value};

use super::expr::{number_literal, template};
use super::type_env::{Env, Kind, Tables};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::expressions_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateArithmetic;

impl Pass for DateArithmetic {
    fn name(&self) -> &'static str {
        "date-arithmetic"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let tables = Tables::with_context(script, cx);
        let text = cx.file.text();
        // Oracle's day count is a NUMBER, printed without trailing zeros
        // (`12`, `0.5`), and ROUND(x, 2) needs numeric. EXTRACT gives double
        // precision before PostgreSQL 14 and numeric of scale 6 from 14, so
        // the quotient would print as `12.0000000000000000`: trim_scale
        // (from 13) drops the zeros exactly; before 13 the route through
        // float8 prints the shortest form (15 significant digits, far below
        // a second in a day count).
        let difference = if cx.options.kernel().unwrap_or(12) < 13 {
            "(EXTRACT(EPOCH FROM ($1) - ($2)) / 86400)::float8::numeric"
        } else {
            "trim_scale(EXTRACT(EPOCH FROM ($1) - ($2))::numeric / 86400)"
        };
        for unit in script.units_mut() {
            let env = Env::of(&tables, unit);
            // First, while the operands still read as Oracle wrote them:
            // a day count compared with `14 / 24` compares with 0.583…, not 0.
            expressions_at(unit, &mut |e, _| exact_comparison(e, &env));
            expressions_at(unit, &mut |e, origin| {
                let span = origin.locate(text, e);
                // Messages quote the input, not what earlier rules made of it.
                let quoted = (span != origin.fallback).then(|| span.slice(text));
                match rewrite(e, &env, quoted, difference) {
                    Outcome::Rewritten(assumed) => {
                        if let Some(message) = assumed {
                            cx.findings.push(Finding::new(Code::SP0321, span, message));
                        }
                        true
                    }
                    Outcome::Unknown(message) => {
                        cx.findings.push(Finding::new(Code::SP0321, span, message));
                        false
                    }
                    Outcome::Nothing => false,
                }
            });
        }
    }
}

enum Outcome {
    /// Rewritten, on an assumption about a type when there is a message.
    Rewritten(Option<String>),
    Unknown(String),
    Nothing,
}

fn rewrite(e: &mut Expr, env: &Env<'_>, quoted: Option<&str>, difference: &str) -> Outcome {
    if !matches!(
        e,
        Expr::BinaryOp {
            op: BinaryOperator::Plus | BinaryOperator::Minus,
            ..
        }
    ) {
        return Outcome::Nothing;
    }
    let whole = quoted.map_or_else(
        || e.to_string(),
        |q| q.split_whitespace().collect::<Vec<_>>().join(" "),
    );
    let Expr::BinaryOp { left, op, right } = e else {
        return Outcome::Nothing;
    };
    let minus = *op == BinaryOperator::Minus;
    let (l, r) = (env.kind(left), env.kind(right));
    let days = |date: &Expr, n: &Expr, sign: &str| -> Option<Expr> {
        match number_literal(n) {
            Some(k) if !k.starts_with('-') => {
                let unit = if k == "1" { "day" } else { "days" };
                template(
                    &format!("($1) {sign} INTERVAL '{k} {unit}'"),
                    std::slice::from_ref(date),
                )
            }
            _ => template(
                &format!("($1) {sign} ($2) * INTERVAL '1 day'"),
                &[date.clone(), exact_division(n.clone())],
            ),
        }
    };
    let sign = if minus { "-" } else { "+" };
    let difference = || template(difference, &[(**left).clone(), (**right).clone()]);
    let datetime = |k: Option<Kind>| k.is_some_and(Kind::is_datetime);
    let (new, assumed) = match (l, r) {
        (Some(Kind::Date), Some(Kind::Date)) if minus => (difference(), None),
        (Some(a), Some(Kind::Number)) if a.is_datetime() => (days(left, right, sign), None),
        (Some(Kind::Number), Some(b)) if b.is_datetime() && !minus => {
            (days(right, left, "+"), None)
        }
        // Oracle adds only numbers (or intervals, which are declared) to a
        // date: an operand of unknown type added to one is a number of days.
        (Some(a), None) if a.is_datetime() && !minus => (days(left, right, "+"), None),
        (None, Some(b)) if b.is_datetime() && !minus => (days(right, left, "+"), None),
        // Only a date can have a date subtracted from it.
        (None, Some(Kind::Date)) => (
            difference(),
            Some(format!(
                "{whole}: {left} is taken for a DATE (its type is unknown; a TIMESTAMP minus a DATE would be an interval)"
            )),
        ),
        (Some(Kind::Date), None) if looks_like_date(right) => (
            difference(),
            Some(format!(
                "{whole}: {right} is taken for a DATE from its name (its type is unknown)"
            )),
        ),
        (Some(a), None) if a.is_datetime() => {
            return Outcome::Unknown(format!(
                "{whole}: the type of {right} is unknown: a number of days needs `* INTERVAL '1 day'`, a DATE EXTRACT(EPOCH FROM …) / 86400"
            ));
        }
        (None, Some(Kind::Number)) if looks_like_date(left) => (
            days(left, right, sign),
            Some(format!(
                "{whole}: {left} is taken for a DATE from its name (its type is unknown)"
            )),
        ),
        (None, None) if minus && looks_like_date(left) && looks_like_date(right) => {
            return Outcome::Unknown(format!(
                "{whole}: the types are unknown; if both are DATEs, write EXTRACT(EPOCH FROM {left} - {right}) / 86400"
            ));
        }
        _ if datetime(l) || datetime(r) => (None, None),
        _ => (None, None),
    };
    match new {
        Some(new) => {
            *e = new;
            Outcome::Rewritten(assumed)
        }
        None => Outcome::Nothing,
    }
}

/// `d1 - d2 > 14 / 24` (a difference of two dates compared with a fraction
/// of a day written as a division of integers): the other side's divisions
/// made numeric, since PostgreSQL's `14 / 24` is 0. Also `BETWEEN`.
fn exact_comparison(e: &mut Expr, env: &Env<'_>) -> bool {
    let day_count = |mut x: &Expr| {
        while let Expr::Nested(inner) = x {
            x = inner;
        }
        matches!(
            x,
            Expr::BinaryOp { left, op: BinaryOperator::Minus, right }
                if env.kind(left) == Some(Kind::Date) && env.kind(right) == Some(Kind::Date)
        )
    };
    let exact = |x: &mut Expr| {
        let new = exact_division(x.clone());
        let changed = new != *x;
        *x = new;
        changed
    };
    match e {
        Expr::BinaryOp {
            left,
            op:
                BinaryOperator::Gt
                | BinaryOperator::Lt
                | BinaryOperator::GtEq
                | BinaryOperator::LtEq
                | BinaryOperator::Eq
                | BinaryOperator::NotEq,
            right,
        } => {
            if day_count(left) {
                exact(right)
            } else if day_count(right) {
                exact(left)
            } else {
                false
            }
        }
        Expr::Between {
            expr, low, high, ..
        } if day_count(expr) => exact(low) | exact(high),
        _ => false,
    }
}

/// `n` with each division of two integer literals made a numeric one:
/// Oracle's `1/24` (an hour, in days) is 0.0416…, PostgreSQL's is 0.
fn exact_division(mut n: Expr) -> Expr {
    let _ = sqlparser::ast::visit_expressions_mut(&mut n, |e| {
        if let Expr::BinaryOp {
            left,
            op: BinaryOperator::Divide,
            right,
        } = e
            && let (Expr::Value(l), Expr::Value(r)) = (&mut **left, &**right)
            && let (Value::Number(a, _), Value::Number(b, _)) = (&mut l.value, &r.value)
            && !a.contains(['.', 'e', 'E'])
            && !b.contains(['.', 'e', 'E'])
        {
            a.push_str(".0");
        }
        std::ops::ControlFlow::<()>::Continue(())
    });
    n
}

/// Whether a name of unknown type reads like a date column (`visit_date`,
/// `reg_time`, `birthday`, pinyin `ksrq` 开始日期, `cjsj` 采集时间).
pub(super) fn looks_like_date(e: &Expr) -> bool {
    let name = match e {
        Expr::Identifier(i) => i.value.to_lowercase(),
        Expr::CompoundIdentifier(parts) => parts
            .last()
            .map(|i| i.value.to_lowercase())
            .unwrap_or_default(),
        _ => return false,
    };
    ["date", "time", "day", "dt"]
        .iter()
        .any(|w| name.ends_with(w) || name.starts_with(w))
        || name.ends_with("rq")
        || name.ends_with("sj")
}

#[cfg(test)]
mod tests {
    use super::super::translated;

    #[test]
    fn days_added_and_date_differences() {
        let input = "CREATE TABLE ip_visit (visit_id NUMBER(10), in_time DATE, out_time DATE, sent TIMESTAMP(6), days NUMBER(5));
SELECT in_time + 1, out_time - 7, in_time + 1/24, SYSDATE - 30/24/60, days + in_time, in_time - days / 2,
       out_time - in_time AS stay_days, (out_time - in_time) * 24 AS stay_hours,
       sent - sent, SYSDATE - 30, TO_DATE('2024-01-01', 'YYYY-MM-DD') + 0.5
  FROM ip_visit WHERE out_time - in_time > 30 AND visit_id + 1 > 2;
CREATE OR REPLACE FUNCTION f_due (p_visit IN NUMBER, p_days ip_visit.days%TYPE) RETURN DATE IS
  v_in ip_visit.in_time%TYPE;
  r ip_visit%ROWTYPE;
BEGIN
  SELECT in_time INTO v_in FROM ip_visit WHERE visit_id = p_visit;
  RETURN v_in + p_days + (r.out_time - r.in_time);
END;
/
";
        insta::assert_snapshot!(translated(input, 12));
    }

    #[test]
    fn trigger_rows_have_their_tables_column_types() {
        // 排班触发器：夜班时长、调班顺延
        let input = "CREATE TABLE sch_shift (shift_id NUMBER(10), type VARCHAR2(10), start_time DATE NOT NULL, end_time DATE NOT NULL);
CREATE OR REPLACE TRIGGER trg_sch_shift_biu
BEFORE INSERT OR UPDATE ON sch_shift
REFERENCING OLD AS o NEW AS n
FOR EACH ROW
BEGIN
  IF :n.type = 'NIGHT' AND :n.end_time - :n.start_time > 14 / 24 THEN
    RAISE_APPLICATION_ERROR(-20111, '夜班不得超过 14 小时');
  END IF;
  IF (:n.end_time - :n.start_time) BETWEEN 0 AND 1/48 THEN
    :n.end_time := :o.end_time + 1 / 24;
  END IF;
END;
/
";
        let out = translated(input, 14);
        assert!(out.contains(" > 14.0 / 24 THEN"), "{out}");
        assert!(out.contains("BETWEEN 0 AND 1.0 / 48"), "{out}");
        assert!(
            out.contains("NEW.end_time := (OLD.end_time) + (1.0 / 24) * INTERVAL '1 day';"),
            "{out}"
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn tables_of_another_script_of_the_run_type_the_columns() {
        // 排班报表单独成文件：表在建表脚本里
        let schema = "CREATE TABLE sch_shift (shift_id NUMBER(10), type VARCHAR2(10), start_time DATE, end_time DATE);\n";
        let input = "SELECT shift_id, ROUND((end_time - start_time) * 24, 2) AS hours FROM sch_shift WHERE end_time > SYSDATE - 7;\n";
        let options = crate::rewrite::test_support::highgo().with_context(vec![schema.to_string()]);
        insta::assert_snapshot!(crate::rewrite::test_support::translated(input, &options));
    }

    #[test]
    fn unknown_types_are_kept_and_reported() {
        let input = "SELECT o.reg_date + 1, o.reg_date - :p_day, qty + 1, SYSDATE - o.x, SYSDATE + o.y, o.z - SYSDATE,\n       SYSDATE - o.end_date, o.start_rq - o.end_rq, TRUNC(o.visit_date) FROM op_reg o;\n";
        insta::assert_snapshot!(translated(input, 12));
    }
}
