//! `functions`: PostgreSQL functions become their Oracle-style equivalents.
//!
//! **What it does.**
//! - `now()`, `transaction_timestamp()`, `clock_timestamp()` → `SYSTIMESTAMP`;
//! - `nextval('s')` / `currval('s')` → `s.NEXTVAL` / `s.CURRVAL`;
//! - `string_agg(x, sep [ORDER BY k])` → `LISTAGG(x, sep) WITHIN GROUP
//!   (ORDER BY k)` (`ORDER BY NULL` when PostgreSQL gave no order);
//! - `date_trunc('day'|'month'|'year'|'hour'|'minute', ts)` → `TRUNC(ts, 'DD'|…)`;
//! - `date_part('year', ts)` → `EXTRACT(YEAR FROM ts)`;
//! - `E'…'` strings → standard strings, control characters as `CHR(n)`;
//! - `char_length(s)` / `length(s)` → `LENGTH(s)`; `position(a IN b)` →
//!   `INSTR(b, a)`; `random()` → `DBMS_RANDOM.VALUE`;
//! - `gen_random_uuid()` / `uuid_generate_v4()` → `LOWER(NEWID())`;
//! - `U&'…'` strings → standard strings with the characters themselves.
//!
//! **Why.** DM8 has Oracle's `SYSTIMESTAMP`, sequence pseudo-columns,
//! `LISTAGG`, `TRUNC` on dates and `EXTRACT` (dameng.md, SQL); it has no
//! `nextval('…')`, `string_agg` or `date_trunc`. For a UUID it has `NEWID()`,
//! "a SQL Server-format guid string xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
//! (DM8 SQL 语言使用手册, 附录, 系统函数 NEWID) — PostgreSQL's text form of a
//! `uuid`, in lower case with `LOWER` (a `uuid` column is `VARCHAR(36)` on DM).
//!
//! **Example.**
//! ```sql
//! INSERT INTO visit (visit_id, created_at) VALUES (nextval('seq_visit'), now());
//! INSERT INTO visit (visit_id, created_at) VALUES (seq_visit.NEXTVAL, SYSTIMESTAMP);
//! ```
//!
//! **Findings.** `SP0489` (info) once per unit, naming the functions.

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArgumentClause, FunctionArguments, Value,
};

use super::ora_expr;
use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::expressions_mut;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Functions;

impl Pass for Functions {
    fn name(&self) -> &'static str {
        "functions"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let mut names: Vec<String> = Vec::new();
            expressions_mut(unit, &mut |e| {
                let Some((name, new)) = rewrite(e) else {
                    return false;
                };
                if !names.contains(&name) {
                    names.push(name);
                }
                *e = new;
                true
            });
            if !names.is_empty() {
                cx.findings.push(Finding::new(
                    Code::SP0489,
                    unit.body,
                    format!("PostgreSQL functions rewritten: {}", names.join(", ")),
                ));
            }
        }
    }
}

/// The rewrite of one call: the function's name and the new expression.
fn rewrite(e: &Expr) -> Option<(String, Expr)> {
    if let Expr::Value(v) = e
        && let Value::EscapedStringLiteral(text) = &v.value
    {
        // `E'…'`: the escapes are already read; control characters become CHR(n).
        return Some(("E'…'".to_string(), super::text_literal(text)));
    }
    if let Expr::Value(v) = e
        && let Value::UnicodeStringLiteral(text) = &v.value
    {
        // `U&'\5371…'`: the code points are already read; DM gets the
        // characters themselves.
        return Some(("U&'…'".to_string(), super::text_literal(text)));
    }
    let Expr::Function(f) = e else {
        return rewrite_position(e);
    };
    let name = f.name.to_string().to_ascii_lowercase();
    let FunctionArguments::List(list) = &f.args else {
        // `current_date`, `current_timestamp` without parentheses: DM has them.
        return None;
    };
    let args: Vec<&Expr> = list
        .args
        .iter()
        .filter_map(|a| match a {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
            _ => None,
        })
        .collect();
    if args.len() != list.args.len() {
        return None;
    }
    let order_by = list.clauses.iter().find_map(|c| match c {
        FunctionArgumentClause::OrderBy(o) => Some(o),
        _ => None,
    });
    let text = match (name.as_str(), args.as_slice()) {
        ("now" | "transaction_timestamp" | "clock_timestamp" | "statement_timestamp", []) => {
            "SYSTIMESTAMP".to_string()
        }
        ("nextval" | "currval", [seq]) => {
            let seq = string_arg(seq)?;
            let pseudo = if name == "nextval" {
                "NEXTVAL"
            } else {
                "CURRVAL"
            };
            format!("{seq}.{pseudo}")
        }
        ("string_agg", [x, sep]) => {
            let order = match order_by {
                Some(o) => o
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                None => "NULL".to_string(),
            };
            format!("LISTAGG({x}, {sep}) WITHIN GROUP (ORDER BY {order})")
        }
        ("date_trunc", [field, ts]) => {
            let fmt = match string_arg(field)?.to_ascii_lowercase().as_str() {
                "year" => "YYYY",
                "quarter" => "Q",
                "month" => "MM",
                "week" => "IW",
                "day" => "DD",
                "hour" => "HH24",
                "minute" => "MI",
                _ => return None,
            };
            format!("TRUNC({ts}, '{fmt}')")
        }
        ("date_part", [field, ts]) => {
            let field = string_arg(field)?.to_ascii_uppercase();
            if !matches!(
                field.as_str(),
                "YEAR" | "MONTH" | "DAY" | "HOUR" | "MINUTE" | "SECOND"
            ) {
                return None;
            }
            format!("EXTRACT({field} FROM {ts})")
        }
        ("char_length" | "character_length", [s]) => format!("LENGTH({s})"),
        ("random", []) => "DBMS_RANDOM.VALUE".to_string(),
        ("gen_random_uuid" | "uuid_generate_v4", []) => "LOWER(NEWID())".to_string(),
        _ => return None,
    };
    Some((name, ora_expr(&text)?))
}

/// `position(a IN b)` → `INSTR(b, a)`.
fn rewrite_position(e: &Expr) -> Option<(String, Expr)> {
    let Expr::Position { expr, r#in } = e else {
        return None;
    };
    Some((
        "position".to_string(),
        ora_expr(&format!("INSTR({in}, {expr})", r#in = r#in))?,
    ))
}

/// The text of a string literal argument (`'seq_visit'`, `'seq'::regclass`).
fn string_arg(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        },
        Expr::Cast { expr, .. } => string_arg(expr),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn postgresql_functions_become_oracle_style() {
        insta::assert_snapshot!(translated(
            "INSERT INTO visit (visit_id, created_at) VALUES (nextval('seq_visit'), now());\nSELECT ward_code, string_agg(bed_no, ',' ORDER BY bed_no) AS beds,\n       date_trunc('month', min(admit_time)) AS first_month,\n       date_part('year', max(admit_time)) AS last_year\n  FROM bed GROUP BY ward_code;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn uuid_defaults_and_unicode_literals() {
        // 发药批次号：UUID 主键默认值；危急值提示文字用 U&'…' 写成
        insta::assert_snapshot!(translated(
            "CREATE TABLE dispense_batch (batch_id uuid NOT NULL DEFAULT gen_random_uuid(), note text DEFAULT U&'\\5371\\6025\\503C');\nSELECT uuid_generate_v4();\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
