//! Readers for procedural code: PL/SQL (Oracle) and, next, PL/pgSQL. They
//! parse with `nom` over the unit's tokens and hand every expression and SQL
//! statement to sqlparser.

mod blocks;
pub(crate) mod common;
mod embedded_sql;
mod parser;
mod plpgsql;
mod plsql;
mod statements;
mod tokens;

pub use common::PError;
pub use parser::{Flavor, MAX_NESTING, ProcParser};
pub use tokens::{Token, Tokens, tokenize};

use crate::ast::procedural::Program;
use crate::source::{ScriptSyntax, Span};

/// Why a program unit could not be read: what was expected, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected {expected}")]
pub struct ProceduralError {
    /// Byte offset in the script.
    pub offset: usize,
    /// What was expected there.
    pub expected: String,
}

/// Reads the PostgreSQL routine or `DO` block in `body` (a unit's text
/// without its `;`); `Ok(None)` for one in another language than PL/pgSQL.
pub fn parse_plpgsql_unit(text: &str, body: Span) -> Result<Option<Program>, ProceduralError> {
    parse_pg_unit(text, body, false)
}

/// Reads the `LANGUAGE sql` routine in `body` (a unit's text without its
/// `;`) as a routine whose body block holds its SQL statements in order (a
/// SQL-standard `RETURN expr` body: one `RETURN` statement); PL/pgSQL units
/// are read as [`parse_plpgsql_unit`] reads them; `Ok(None)` for one in
/// another language. The statements keep their PostgreSQL meaning (the last
/// one's rows are the result): the caller gives them a PL form.
pub fn parse_sql_routine_unit(text: &str, body: Span) -> Result<Option<Program>, ProceduralError> {
    parse_pg_unit(text, body, true)
}

fn parse_pg_unit(
    text: &str,
    body: Span,
    sql_bodies: bool,
) -> Result<Option<Program>, ProceduralError> {
    on_parser_stack(body, || {
        let tokens = tokenize(text, body, ScriptSyntax::Psql);
        let parser = ProcParser::new(text, Flavor::Plpgsql);
        let end = body.start + text[body.start..body.end].trim_end().len();
        match parser.pg_program(Tokens::new(&tokens), sql_bodies) {
            Ok((_, plpgsql::PgOutcome::Program(p))) => Ok(Some(*p)),
            Ok((_, plpgsql::PgOutcome::OtherLanguage)) => Ok(None),
            Err(e) => Err(located(e, end)),
        }
    })
}

/// The stack the procedural parser runs on. It recurses once per nesting
/// level (at most [`MAX_NESTING`]), with large frames in debug builds; a
/// thread of its own makes that independent of the caller's stack. Only the
/// pages used are committed.
const PARSER_STACK: usize = 256 << 20;

/// Reads the PL/SQL program unit in `body` (a unit's text without its `/`).
pub fn parse_plsql_unit(text: &str, body: Span) -> Result<Program, ProceduralError> {
    on_parser_stack(body, || parse_plsql_unit_here(text, body))
}

/// Runs `parse` on a thread with [`PARSER_STACK`] (or here, if no thread can
/// be had); a panic in the parser becomes an error at the unit's start.
fn on_parser_stack<T: Send>(
    body: Span,
    parse: impl FnOnce() -> Result<T, ProceduralError> + Send,
) -> Result<T, ProceduralError> {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("sqlport-procedural".to_string())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, parse);
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(ProceduralError {
                    offset: body.start,
                    expected: "a program unit the parser can read (the parser failed: a sqlport bug, please report it)".to_string(),
                })
            }),
            Err(error) => Err(ProceduralError {
                offset: body.start,
                expected: format!("a thread to parse on ({error})"),
            }),
        }
    })
}

fn parse_plsql_unit_here(text: &str, body: Span) -> Result<Program, ProceduralError> {
    let tokens = tokenize(text, body, ScriptSyntax::SqlPlus);
    let parser = ProcParser::new(text, Flavor::Plsql);
    let end = body.start + text[body.start..body.end].trim_end().len();
    match parser.program(Tokens::new(&tokens)) {
        Ok((_, unit)) => Ok(unit),
        Err(e) => Err(located(e, end)),
    }
}

/// A parser failure as an error at its offset (`end`, the end of the unit's
/// text, when the parser ran out of tokens).
fn located(error: nom::Err<PError>, end: usize) -> ProceduralError {
    match error {
        nom::Err::Error(e) | nom::Err::Failure(e) => ProceduralError {
            offset: if e.offset == usize::MAX {
                end
            } else {
                e.offset
            },
            expected: e.expected,
        },
        nom::Err::Incomplete(_) => ProceduralError {
            offset: end,
            expected: "more input".to_string(),
        },
    }
}
