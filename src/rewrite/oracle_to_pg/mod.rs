//! Oracle → PostgreSQL-style targets (HighGo; Kingbase in PG mode): the
//! passes that turn Oracle SQL and PL/SQL into what a PostgreSQL kernel runs.
//! One construct per module; [`passes`] lists them in running order.

mod alter_table;
mod autonomous;
mod bind_variables;
mod broken_calls;
mod calls;
mod client_commands;
mod collection_types;
mod collections;
mod concat_null;
mod connect_by;
mod constraints;
mod conversions;
mod cursor_attributes;
mod date_arithmetic;
mod date_functions;
mod decode;
mod dictionary_views;
mod drops;
mod dynamic_sql;
mod exceptions;
mod expr;
mod for_loops;
mod from_dual;
mod grants;
mod handler_rollback;
mod hints;
mod identity;
mod indexes;
mod lock_wait;
mod merge;
mod minus;
mod multi_table_insert;
mod nvl;
mod object_values;
mod outer_join;
mod packages;
mod pipelined;
mod plpgsql_units;
mod q_quotes;
mod regexp;
mod routine_shell;
mod rownum;
mod select_into;
mod select_unique;
mod sequence_options;
mod sequences;
mod session;
mod set_transaction;
pub(super) mod sql_walk;
mod storage;
mod strings;
mod subquery_alias;
mod synonyms;
mod sysdate;
mod temp_tables;
mod transaction_blocks;
mod transaction_control;
mod triggers;
mod trunc;
mod type_env;
mod types;
mod update_targets;
mod variable_conflict;
mod views;

use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Statement, Value};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::visit_unit::{Origin, expressions_at};
use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use super::{Context, Pass};
use crate::ast::{Edit, Script, Unit};
use crate::source::Span;

/// The scripts of [`crate::Options::context`], read: their declarations
/// (packages, types) inform the passes that resolve names across files.
///
/// Read once per thread and context: every file a command translates has
/// the same context, and three passes ask for it.
fn context_scripts(cx: &Context<'_>) -> Rc<Vec<Script>> {
    thread_local! {
        static READ: RefCell<Option<(u64, Rc<Vec<Script>>)>> = const { RefCell::new(None) };
    }
    if cx.options.context.is_empty() {
        return Rc::new(Vec::new());
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    cx.options.source.hash(&mut hasher);
    cx.options.context.hash(&mut hasher);
    let key = hasher.finish();
    READ.with(|read| {
        if let Some((k, scripts)) = &*read.borrow()
            && *k == key
        {
            return Rc::clone(scripts);
        }
        let scripts: Rc<Vec<Script>> = Rc::new(
            cx.options
                .context
                .iter()
                .map(|text| {
                    let file = crate::source::SourceFile::new(text);
                    crate::parse::parse_script(&file, cx.options.source).script
                })
                .collect(),
        );
        *read.borrow_mut() = Some((key, Rc::clone(&scripts)));
        scripts
    })
}

/// The Oracle → PostgreSQL passes, in running order.
pub fn passes() -> Vec<Box<dyn Pass>> {
    vec![
        // Query structure. Hints are collected first, while every statement
        // still points at its source text.
        Box::new(hints::Hints),
        // Before every expression rule, which then translate the values of
        // the inserts it makes.
        Box::new(multi_table_insert::MultiTableInserts),
        Box::new(outer_join::OuterJoin),
        Box::new(connect_by::ConnectBy),
        Box::new(rownum::Rownum),
        Box::new(minus::Minus),
        Box::new(select_unique::SelectUnique),
        Box::new(from_dual::FromDual),
        Box::new(dictionary_views::DictionaryViews),
        Box::new(subquery_alias::SubqueryAlias),
        // MERGE last: the statements it builds are read back from text.
        Box::new(merge::Merge),
        // Calls that become other calls or CASE; nothing below depends on them.
        Box::new(nvl::Nvl),
        Box::new(object_values::ObjectValues),
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
        // Types after the expression rules, which read the script's Oracle
        // types (DATE) to tell dates from numbers, and before the program
        // unit rules, which build array and composite types from them.
        Box::new(types::Types),
        // DDL, after `types`: the MODIFY's type is already PostgreSQL's, and
        // an identity column's NUMERIC becomes BIGINT.
        Box::new(alter_table::AlterTable),
        Box::new(identity::Identity),
        Box::new(storage::Storage),
        Box::new(indexes::Indexes),
        Box::new(constraints::Constraints),
        Box::new(views::Views),
        Box::new(sequence_options::SequenceClauses),
        Box::new(drops::Drops),
        Box::new(temp_tables::TempTables),
        Box::new(synonyms::Synonyms),
        Box::new(grants::Grants),
        Box::new(update_targets::UpdateTargets),
        // Program units: triggers, pipelined functions, collections, packages.
        // Before the statement rules: `calls` must see package routines
        // qualified and collection methods already rewritten.
        Box::new(triggers::Triggers),
        Box::new(pipelined::Pipelined),
        // Before `packages`: it reads the package's types unqualified.
        Box::new(collections::Collections),
        // After `pipelined`: its element types get qualified here.
        Box::new(packages::Packages),
        // PL/SQL statements and routine shells.
        Box::new(routine_shell::RoutineShell),
        Box::new(select_into::SelectIntoStrict),
        Box::new(for_loops::ForLoops),
        Box::new(lock_wait::LockWait),
        // Before `q-quotes`: it numbers the placeholders in q'…' SQL text.
        Box::new(dynamic_sql::DynamicSql),
        Box::new(q_quotes::QQuotes),
        // Before `calls`: it reads attributes in call arguments.
        Box::new(cursor_attributes::CursorAttributes),
        // Before `calls`: RAISE_APPLICATION_ERROR is a call statement too.
        Box::new(exceptions::Exceptions),
        Box::new(calls::Calls),
        // Before the transaction passes: the COMMITs it removes are no
        // longer theirs to move or report.
        Box::new(autonomous::Autonomous),
        // Before `transaction-control`, which reports what it leaves.
        Box::new(transaction_blocks::TransactionBlocks),
        Box::new(transaction_control::TransactionControl),
        Box::new(set_transaction::SetTransaction),
        Box::new(handler_rollback::HandlerRollback),
        Box::new(variable_conflict::VariableConflict),
        // After the passes that rewrite `:NEW`/`:OLD` and dynamic SQL's
        // placeholders: what is left is a SQL*Plus bind variable.
        Box::new(bind_variables::BindVariables),
        // After every pass that reports an error: it flags the calls of
        // the routines they left incomplete.
        Box::new(broken_calls::BrokenCalls),
        // Every program unit is printed as PL/pgSQL.
        Box::new(plpgsql_units::PlpgsqlUnits),
        // Last: it gives a `;` to statements SQL*Plus ended with a `/` line
        // only where no other pass reprints them.
        Box::new(client_commands::ClientCommands),
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
    let end = format!("{}\n\n", super::helpers::PREAMBLE_END);
    let (preamble, sql) = match out.sql.find(&end) {
        Some(at) => out.sql.split_at(at + end.len()),
        None => ("", out.sql.as_str()),
    };
    let helpers: Vec<&str> = preamble
        .lines()
        .filter_map(|l| l.strip_prefix("CREATE OR REPLACE FUNCTION "))
        .filter_map(|l| l.split('(').next())
        .collect();
    let findings = super::test_support::finding_lines(out.report.findings.iter());
    format!(
        "{sql}
-- helpers: {}
-- findings:
{findings}",
        helpers.join(", ")
    )
}

/// Replaces the set-aside clause `i` of `unit` (see `parse::set_aside`) with
/// `replacement`, or removes it when that is empty: both in the clauses a
/// reprint puts back and, by a text edit, in the unit's text (a removal also
/// takes the spaces and line breaks before the clause), so the unit is right
/// whether it is printed from its AST or as its edited text.
fn replace_set_aside(unit: &mut Unit, text: &str, i: usize, replacement: &str) {
    let Some(clause) = unit.set_aside.get(i) else {
        return;
    };
    let span = clause.span;
    if replacement.is_empty() {
        unit.set_aside.remove(i);
        let joined = text[..span.start]
            .trim_end_matches([' ', '\t', '\r', '\n'])
            .len()
            .max(unit.body.start);
        // Joining the lines would put what follows the clause after a `--`
        // comment that ends the line before: then only the clause's own line
        // is trimmed.
        let line_before = &text[text[..joined].rfind('\n').map_or(0, |i| i + 1)..joined];
        let start = if text[joined..span.start].contains('\n') && line_before.contains("--") {
            text[..span.start]
                .trim_end_matches([' ', '\t'])
                .len()
                .max(unit.body.start)
        } else {
            joined
        };
        unit.edits.push(Edit {
            span: Span::new(start, span.end),
            replacement: String::new(),
        });
    } else {
        if let Some(c) = unit.set_aside.get_mut(i) {
            c.text = replacement.to_string();
        }
        unit.edits.push(Edit {
            span,
            replacement: replacement.to_string(),
        });
    }
}

/// The arguments of a call: name (in named notation) and value.
type CallArgs = Vec<(Option<String>, Expr)>;

/// A routine call as a statement (`p;`, `pkg.p(a, b => c);`): the name as
/// written (parts joined with `.`) and the arguments, with their names in
/// named notation. `None` for anything else.
fn call_parts(expr: &Expr) -> Option<(String, CallArgs)> {
    match expr {
        Expr::Identifier(i) => Some((i.value.clone(), Vec::new())),
        Expr::CompoundIdentifier(parts) => Some((
            parts
                .iter()
                .map(|p| p.value.as_str())
                .collect::<Vec<_>>()
                .join("."),
            Vec::new(),
        )),
        Expr::Function(f) => {
            let args = match &f.args {
                FunctionArguments::None => Vec::new(),
                FunctionArguments::List(list) => list
                    .args
                    .iter()
                    .map(|a| match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some((None, e.clone())),
                        FunctionArg::Named {
                            name,
                            arg: FunctionArgExpr::Expr(e),
                            ..
                        } => Some((Some(name.value.clone()), e.clone())),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?,
                FunctionArguments::Subquery(_) => return None,
            };
            Some((f.name.to_string(), args))
        }
        _ => None,
    }
}

/// An expression a pass built (no span: the printer prints it from its AST).
fn built(expr: Expr) -> crate::ast::procedural::PlExpr {
    crate::ast::procedural::PlExpr {
        span: crate::source::Span::default(),
        expr: Box::new(expr),
    }
}

/// A name a pass wrote.
fn built_name(text: impl Into<String>) -> crate::ast::procedural::Name {
    crate::ast::procedural::Name {
        text: text.into(),
        span: crate::source::Span::default(),
    }
}

/// An embedded statement a pass built.
fn built_sql(statement: Statement) -> crate::ast::procedural::EmbeddedSql {
    crate::ast::procedural::EmbeddedSql {
        span: crate::source::Span::default(),
        statement: Box::new(statement),
        into: None,
        current_of: None,
        wait: None,
        values_record: None,
        set_aside: Vec::new(),
    }
}

/// Whether the statements change data (directly, in nested blocks and
/// branches, or through a called routine or dynamic SQL).
fn changes_data(stmts: &[crate::ast::procedural::Stmt]) -> bool {
    use crate::ast::procedural::StmtKind as K;
    stmts.iter().any(|s| {
        let direct = match &s.kind {
            K::Sql(q) => matches!(
                *q.statement,
                Statement::Insert(_)
                    | Statement::Update(_)
                    | Statement::Delete(_)
                    | Statement::Merge(_)
                    | Statement::Call(_)
            ),
            K::ExecuteImmediate { .. } | K::Forall { .. } | K::Call(_) => true,
            _ => false,
        };
        direct
            || s.kind.nested_lists().into_iter().any(|l| changes_data(l))
            || matches!(&s.kind, K::Block(b) if changes_data(&b.statements))
    })
}

/// A string literal.
fn string_lit(text: &str) -> Expr {
    Expr::Value(Value::SingleQuotedString(text.to_string()).into())
}

/// A target-side expression built from PostgreSQL text a pass wrote.
fn pg_expr(text: &str) -> Option<Expr> {
    crate::parse::procedural::common::parse_expr(text, &PostgreSqlDialect {}).ok()
}

/// A target-side statement built from PostgreSQL text a pass wrote.
#[allow(dead_code)]
fn pg_statement(text: &str) -> Option<Statement> {
    Parser::parse_sql(&PostgreSqlDialect {}, text)
        .ok()?
        .into_iter()
        .next()
}

#[cfg(test)]
use super::test_support;
