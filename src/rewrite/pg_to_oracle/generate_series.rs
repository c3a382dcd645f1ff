//! `generate-series`: an integer `generate_series(a, b[, step])` in `FROM`
//! becomes a `CONNECT BY LEVEL` row generator.
//!
//! **What it does.** `FROM generate_series(a, b, s) AS g(n)` becomes
//! `FROM (SELECT a + (LEVEL - 1) * s AS n FROM DUAL CONNECT BY LEVEL <= c
//! WHERE LEVEL <= c) g` with `c = FLOOR(CAST(b - a AS NUMBER) / s) + 1`
//! (`b - a + 1` when there is no step; the cast keeps DM from dividing two
//! integers as integers, which would round `-0.5` up to 0 and give an empty
//! series a row). The `WHERE` drops the one row `CONNECT BY` gives when
//! the series is empty (`b < a`), which PostgreSQL would not return.
//! Unqualified names in the arguments are taken for PL variables or
//! parameters; a qualified column (`w.bed_count`, an implicit `LATERAL`
//! in PostgreSQL) keeps the call, reported. The
//! column is named as PostgreSQL names it: the alias's column, else the
//! alias, else `generate_series`.
//!
//! A series of dates or timestamps (an `INTERVAL` step), and
//! `generate_series` anywhere but in `FROM`, are kept and reported.
//!
//! **Why.** DM8 has no `generate_series` (dameng.md, "Not in DM"); it has
//! Oracle's hierarchical queries, `CONNECT BY` and `LEVEL` on `DUAL`
//! (dameng.md, "SQL": supported as in Oracle [doc/blog]).
//!
//! **Example.**
//! ```sql
//! SELECT d.n FROM generate_series(1, 7) AS d(n);
//! SELECT d.n FROM (SELECT 1 + LEVEL - 1 AS n FROM DUAL
//!                   WHERE LEVEL <= 7 - 1 + 1 CONNECT BY LEVEL <= 7 - 1 + 1) d;
//! ```
//!
//! **Findings.** `SP0223` (error) at a `generate_series` it keeps.

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
                            "use a row generator: SELECT a + (LEVEL - 1) * step FROM DUAL CONNECT BY LEVEL <= n",
                        ),
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
            Some(derived) => {
                *factor = derived;
                self.changed = true;
            }
            None => self
                .refused
                .push("a series of dates or timestamps, a column of an earlier FROM item (an implicit LATERAL), or arguments it cannot read"),
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
        Expr::Value(_) | Expr::Identifier(_) | Expr::Nested(_) | Expr::Function(_) => e.to_string(),
        _ => format!("({e})"),
    }
}

/// The row generator for `generate_series(args)` under `alias`.
fn generator(args: &[Expr], alias: Option<TableAlias>) -> Option<TableFactor> {
    let (a, b, step) = match args {
        [a, b] => (a, b, None),
        [a, b, s] => (a, b, Some(s)),
        _ => return None,
    };
    if args.iter().any(|e| not_integer(e) || qualified(e)) {
        return None;
    }
    let (table, column) = match &alias {
        Some(al) => (
            al.name.clone(),
            al.columns
                .first()
                .map_or_else(|| al.name.clone(), |c| c.name.clone()),
        ),
        None => (Ident::new("generate_series"), Ident::new("generate_series")),
    };
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
    let text = format!(
        "SELECT 1 FROM (SELECT {value} AS {column} FROM DUAL WHERE LEVEL <= {count} CONNECT BY LEVEL <= {count}) {table}"
    );
    let query = Parser::new(&OracleDialect {})
        .try_with_sql(&text)
        .and_then(|mut p| p.parse_query())
        .ok()?;
    let SetExpr::Select(select) = *query.body else {
        return None;
    };
    select.from.into_iter().next().map(|t| t.relation)
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
    fn date_series_and_calls_in_expressions_are_flagged() {
        insta::assert_snapshot!(translated(
            "SELECT d::date AS stat_day FROM generate_series(date '2026-01-01', date '2026-01-31', interval '1 day') AS d;\nSELECT generate_series(1, 5) AS n;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
