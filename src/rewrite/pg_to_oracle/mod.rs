//! PostgreSQL → Oracle-style targets (Dameng DM8; any target that reads
//! PL/SQL): the passes that turn PL/pgSQL into DMSQL/PL/SQL and PostgreSQL
//! SQL into Oracle-style SQL. One construct per module; [`passes`] lists
//! them in running order.
//!
//! The pipeline runs them when the source is PostgreSQL and the target's
//! output style is PL/SQL (`!options.pg_output()`): nothing here names a
//! particular target, so an Oracle-style output in general gets them too.

/// Declares the module's pass `$pass`, named `$name`, which runs the
/// module's `Rewriter` — a PL visitor that collects `findings` and whether
/// it `changed` the unit — over every program unit (`rewrite_programs`).
/// Declared before the modules, which use it.
macro_rules! program_pass {
    ($pass:ident, $name:literal) => {
        /// The pass.
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $pass;

        impl crate::rewrite::Pass for $pass {
            fn name(&self) -> &'static str {
                $name
            }

            fn run(&self, script: &mut crate::ast::Script, cx: &mut crate::rewrite::Context<'_>) {
                super::rewrite_programs::<Rewriter>(script, cx);
            }
        }

        #[derive(Default)]
        struct Rewriter {
            findings: Vec<crate::report::Finding>,
            changed: bool,
        }

        impl super::ProgramRewriter for Rewriter {
            fn finish(self) -> (bool, Vec<crate::report::Finding>) {
                (self.changed, self.findings)
            }
        }
    };
}

mod age;
mod aggregate_filter;
mod assert;
mod casts;
mod composite_types;
mod cursor_moves;
mod delete_using;
mod distinct_on;
mod drops;
mod dynamic_sql;
mod enums;
mod exceptions;
mod flags;
mod format_calls;
mod functions;
mod generate_series;
mod get_diagnostics;
mod identifiers;
mod ilike;
mod intervals;
mod merge_statement;
mod on_conflict;
mod perform;
mod pipelined;
mod raise;
mod routine_shell;
mod script_commands;
mod search_path;
mod select_into;
mod sql_functions;
mod triggers;
mod types;
mod update_from;
mod values_table;

use sqlparser::ast::Expr;
use sqlparser::dialect::OracleDialect;

use super::{Context, Pass};
use crate::ast::procedural::PlExpr;
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Script};
use crate::report::Finding;
use crate::source::Span;

/// The PostgreSQL → Oracle-style passes, in running order.
pub fn passes() -> Vec<Box<dyn Pass>> {
    vec![
        // LANGUAGE sql routines take their PL form first, so that every pass
        // after it (flags included) reads them as PL/pgSQL ones.
        Box::new(sql_functions::SqlFunctions),
        // Flags next, on the AST as it was read.
        Box::new(flags::Flags),
        // Units DIsql cannot run become comments before any pass reprints them.
        Box::new(script_commands::ScriptCommands),
        Box::new(search_path::SearchPath),
        Box::new(enums::Enums),
        Box::new(composite_types::CompositeTypes),
        // Before any pass moves or rebuilds PL expressions, so findings
        // point at what was read; the passes below translate the arguments.
        Box::new(format_calls::FormatCalls),
        Box::new(age::Age),
        // After format(): EXECUTE format(…) is then a || chain.
        Box::new(dynamic_sql::DynamicSql),
        // Trigger functions move into their triggers before anything else
        // rewrites their bodies, so every later pass sees them once, in the
        // trigger.
        Box::new(triggers::Triggers),
        // PL/pgSQL statements with a PL/SQL form.
        Box::new(raise::Raise),
        Box::new(get_diagnostics::GetDiagnostics),
        Box::new(perform::Perform),
        Box::new(assert::Assert),
        Box::new(cursor_moves::CursorMoves),
        Box::new(select_into::SelectInto),
        Box::new(exceptions::Exceptions),
        // The routine header last among the procedural passes: it reads the
        // body (`RETURN QUERY`) the passes above left in place.
        // `RETURN NEXT` functions become pipelined before the header pass
        // (which keeps the PIPELINED it adds).
        Box::new(pipelined::Pipelined),
        Box::new(routine_shell::RoutineShell),
        // SQL expressions and types, in every statement and PL expression.
        Box::new(casts::Casts),
        // Before on-conflict, whose MERGE takes the insert's query as it is.
        Box::new(values_table::ValuesTable),
        // PostgreSQL's own MERGE statements (on-conflict writes Oracle's).
        Box::new(merge_statement::MergeStatement),
        // After casts: the MERGE it builds is read back from text.
        Box::new(on_conflict::OnConflict),
        Box::new(update_from::UpdateFrom),
        Box::new(delete_using::DeleteUsing),
        Box::new(drops::Drops),
        Box::new(ilike::Ilike),
        Box::new(aggregate_filter::AggregateFilter),
        Box::new(functions::Functions),
        Box::new(intervals::Intervals),
        Box::new(types::Types),
        // After the expression passes: it reprints Oracle-style expressions.
        Box::new(distinct_on::DistinctOn),
        Box::new(generate_series::GenerateSeries),
        // Names last: the passes above compare names as PostgreSQL wrote them.
        Box::new(identifiers::Identifiers),
    ]
}

/// An expression built from Oracle-style text a pass wrote (no span: the
/// printer prints it from its AST).
fn ora_expr(text: &str) -> Option<Expr> {
    crate::parse::procedural::common::parse_expr(text, &OracleDialect {}).ok()
}

/// A call of the Oracle-style function `name` on `args`.
fn ora_call(name: &str, args: Vec<Expr>) -> Option<Expr> {
    use sqlparser::ast::{FunctionArg, FunctionArgExpr, FunctionArguments};
    let mut e = ora_expr(&format!("{name}(NULL)"))?;
    let Expr::Function(f) = &mut e else {
        return None;
    };
    let FunctionArguments::List(list) = &mut f.args else {
        return None;
    };
    list.args = args
        .into_iter()
        .map(|a| FunctionArg::Unnamed(FunctionArgExpr::Expr(a)))
        .collect();
    Some(e)
}

/// A string literal for an Oracle-style target: control characters (which a
/// PostgreSQL `E'…'` string writes as `\n`, `\t`) become `CHR(n)` pieces
/// joined with `||`, so that no literal spans lines.
fn text_literal(text: &str) -> Expr {
    use sqlparser::ast::{BinaryOperator, Value};
    let mut parts: Vec<Expr> = Vec::new();
    let mut plain = String::new();
    for c in text.chars() {
        if c.is_control() {
            if !plain.is_empty() {
                parts.push(Expr::Value(
                    Value::SingleQuotedString(std::mem::take(&mut plain)).into(),
                ));
            }
            if let Some(chr) = ora_expr(&format!("CHR({})", u32::from(c))) {
                parts.push(chr);
            }
        } else {
            plain.push(c);
        }
    }
    if !plain.is_empty() || parts.is_empty() {
        parts.push(Expr::Value(Value::SingleQuotedString(plain).into()));
    }
    let mut parts = parts.into_iter();
    let first = parts
        .next()
        .unwrap_or_else(|| Expr::Value(Value::SingleQuotedString(String::new()).into()));
    parts.fold(first, |left, right| Expr::BinaryOp {
        left: Box::new(left),
        op: BinaryOperator::StringConcat,
        right: Box::new(right),
    })
}

/// `e` where an operand is expected: as it is when it binds tighter than
/// any operator, else in parentheses.
fn atom_or_nested(e: &Expr) -> Expr {
    match e {
        Expr::Identifier(_)
        | Expr::CompoundIdentifier(_)
        | Expr::CompoundFieldAccess { .. }
        | Expr::Value(_)
        | Expr::Function(_)
        | Expr::Cast { .. }
        | Expr::Nested(_) => e.clone(),
        other => Expr::Nested(Box::new(other.clone())),
    }
}

/// A PL expression the printer prints from its AST.
fn pl_expr(expr: Expr) -> PlExpr {
    PlExpr {
        span: Span::default(),
        expr: Box::new(expr),
    }
}

#[cfg(test)]
use super::test_support;

/// A visitor that rewrites the PL code of one program unit.
pub(super) trait ProgramRewriter: VisitMut + Default {
    /// Whether it changed the unit, and what it found there.
    fn finish(self) -> (bool, Vec<Finding>);
}

/// Runs a fresh `V` over every program unit of `script`: the units it
/// changed are marked for reprinting, its findings are reported.
pub(super) fn rewrite_programs<V: ProgramRewriter>(script: &mut Script, cx: &mut Context<'_>) {
    for unit in script.units_mut() {
        let Content::Program(program) = &mut unit.content else {
            continue;
        };
        let mut v = V::default();
        walk_program(&mut v, program);
        let (changed, findings) = v.finish();
        unit.rewritten |= changed;
        cx.findings.extend(findings);
    }
}
