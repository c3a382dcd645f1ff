//! Oracle → PostgreSQL-style targets (HighGo; Kingbase in PG mode): the
//! passes that turn Oracle SQL and PL/SQL into what a PostgreSQL kernel runs.
//! One construct per module; [`passes`] lists them in running order.

mod concat_null;
mod conversions;
mod date_arithmetic;
mod date_functions;
mod decode;
mod expr;
mod nvl;
mod plpgsql_units;
mod regexp;
mod sequences;
mod session;
mod strings;
mod sysdate;
mod trunc;
mod type_env;

use sqlparser::ast::Expr;

use super::visit_unit::{Origin, expressions_at};
use super::{Context, Pass};
use crate::ast::Script;

/// The Oracle → PostgreSQL passes, in running order.
pub fn passes() -> Vec<Box<dyn Pass>> {
    vec![
        // Calls that become other calls or CASE; nothing below depends on them.
        Box::new(nvl::Nvl),
        Box::new(decode::Decode),
        // After nvl: it looks into coalesce's arguments.
        Box::new(concat_null::ConcatNull),
        Box::new(session::Session),
        Box::new(sequences::Sequences),
        Box::new(strings::Strings),
        Box::new(regexp::Regexp),
        // Date and time: SYSDATE and TO_DATE first, so that the rules reading
        // types (TRUNC, date arithmetic, TO_CHAR) see their PostgreSQL forms,
        // which they know to be timestamps.
        Box::new(sysdate::Sysdate),
        Box::new(conversions::Conversions),
        Box::new(date_functions::DateFunctions),
        Box::new(trunc::Trunc),
        Box::new(date_arithmetic::DateArithmetic),
        Box::new(plpgsql_units::PlpgsqlUnits),
    ]
}

/// Calls `f` on every expression of every unit of `script`, innermost first,
/// with where it was read from; `f` returns whether it changed the expression.
fn each_expression(
    script: &mut Script,
    cx: &mut Context<'_>,
    f: &mut dyn FnMut(&mut Expr, &Origin, &mut Context<'_>) -> bool,
) {
    for unit in script.units_mut() {
        expressions_at(unit, &mut |e, origin| f(e, origin, cx));
    }
}

/// For the rules' snapshot tests: the HighGo translation of `input` on
/// `kernel`, without the helper definitions (their own tests cover them) but
/// with the names of the helpers it calls, then its findings.
#[cfg(test)]
fn translated(input: &str, kernel: u32) -> String {
    use crate::{Options, Source, Target};
    let options = Options::new(Source::Oracle, Target::Highgo).with_target_version(Some(kernel));
    let out = crate::translate(input, &options);
    // The preamble ends where the input's translation begins.
    let (preamble, sql) = match out.sql.rfind("\n$$;\n\n") {
        Some(at) => out.sql.split_at(at + "\n$$;\n\n".len()),
        None => ("", out.sql.as_str()),
    };
    let helpers: Vec<&str> = preamble
        .lines()
        .filter_map(|l| l.strip_prefix("CREATE OR REPLACE FUNCTION "))
        .filter_map(|l| l.split('(').next())
        .collect();
    let findings: Vec<String> = out
        .report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}:{} {} {}",
                f.start.line, f.start.column, f.code, f.message
            )
        })
        .collect();
    format!(
        "{sql}\n-- helpers: {}\n-- findings:\n{}",
        helpers.join(", "),
        findings.join("\n")
    )
}
