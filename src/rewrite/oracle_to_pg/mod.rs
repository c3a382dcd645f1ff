//! Oracle → PostgreSQL-style targets (HighGo; Kingbase in PG mode): the
//! passes that turn Oracle SQL and PL/SQL into what a PostgreSQL kernel runs.
//! One construct per module; [`passes`] lists them in running order.

mod calls;
mod cursor_attributes;
mod dynamic_sql;
mod exceptions;
mod for_loops;
mod handler_rollback;
mod lock_wait;
mod plpgsql_units;
mod q_quotes;
mod routine_shell;
mod select_into;
mod transaction_blocks;
mod transaction_control;
mod variable_conflict;

use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Statement, Value};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::Pass;

/// The Oracle → PostgreSQL passes, in running order.
pub fn passes() -> Vec<Box<dyn Pass>> {
    vec![
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
        // Before `transaction-control`, which reports what it leaves.
        Box::new(transaction_blocks::TransactionBlocks),
        Box::new(transaction_control::TransactionControl),
        Box::new(handler_rollback::HandlerRollback),
        Box::new(variable_conflict::VariableConflict),
        // Last: every program unit is printed as PL/pgSQL.
        Box::new(plpgsql_units::PlpgsqlUnits),
    ]
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

/// The statement lists directly inside a statement (branches, loop
/// bodies), and the block of a nested block statement.
fn children(
    kind: &crate::ast::procedural::StmtKind,
) -> (
    Vec<&Vec<crate::ast::procedural::Stmt>>,
    Option<&crate::ast::procedural::Block>,
) {
    use crate::ast::procedural::StmtKind as K;
    match kind {
        K::If {
            branches,
            otherwise,
        }
        | K::Case {
            whens: branches,
            otherwise,
            ..
        } => (
            branches
                .iter()
                .map(|b| &b.body)
                .chain(otherwise.as_ref())
                .collect(),
            None,
        ),
        K::Loop(body)
        | K::While { body, .. }
        | K::ForRange { body, .. }
        | K::ForCursor { body, .. }
        | K::Foreach { body, .. } => (vec![body], None),
        K::Block(b) => (Vec::new(), Some(b)),
        _ => (Vec::new(), None),
    }
}

/// A string literal.
fn string_lit(text: &str) -> Expr {
    Expr::Value(Value::SingleQuotedString(text.to_string()).into())
}

/// A target-side expression built from PostgreSQL text a pass wrote.
fn pg_expr(text: &str) -> Option<Expr> {
    Parser::new(&PostgreSqlDialect {})
        .try_with_sql(text)
        .ok()?
        .parse_expr()
        .ok()
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
pub(crate) mod test_support {
    use crate::Options;

    /// The translation and its findings, as one text for a snapshot.
    pub fn translated(input: &str, options: &Options) -> String {
        let out = crate::translate(input, options);
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
        format!("{}\n-- findings:\n{}", out.sql, findings.join("\n"))
    }

    /// Oracle → HighGo at the default kernel (12).
    pub fn highgo() -> Options {
        Options::new(crate::Source::Oracle, crate::Target::Highgo)
    }
}
