//! Reading SQL units with sqlparser.

use std::panic::{AssertUnwindSafe, catch_unwind};

use sqlparser::ast::Statement;
use sqlparser::dialect::{Dialect, OracleDialect, PostgreSqlDialect};
use sqlparser::parser::{Parser, ParserError};

use crate::Source;
use crate::source::LineIndex;

use super::error::ParseError;
use super::guard::too_deep_at;

/// The sqlparser dialect that reads `source`.
fn dialect(source: Source) -> Box<dyn Dialect> {
    match source {
        Source::Oracle => Box::new(OracleDialect {}),
        Source::Postgres => Box::new(PostgreSqlDialect {}),
    }
}

/// Parses the SQL text of one unit (without its terminator).
pub fn parse_sql(text: &str, source: Source) -> Result<Vec<Statement>, ParseError> {
    if let Some(offset) = too_deep_at(text, source.script_syntax()) {
        return Err(ParseError::TooDeep { offset });
    }
    let dialect = dialect(source);
    // sqlparser guards its recursion depth; the catch is a last line of
    // defence so that a parser bug becomes a finding, never a crash.
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        Parser::parse_sql(dialect.as_ref(), text)
    }));
    match parsed {
        Ok(Ok(statements)) => Ok(statements),
        Ok(Err(error)) => Err(locate(text, error)),
        Err(_) => Err(ParseError::Internal { offset: 0 }),
    }
}

/// Turns sqlparser's error, whose message ends in `at Line: L, Column: C`
/// (1-based, columns in characters), into a message and a byte offset.
fn locate(text: &str, error: ParserError) -> ParseError {
    let raw = match error {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m,
        ParserError::RecursionLimitExceeded => {
            return ParseError::TooDeep {
                offset: text.trim_end().len(),
            };
        }
    };
    let (message, offset) = match raw.rsplit_once(" at Line: ") {
        Some((message, place)) => {
            let offset = place.split_once(", Column: ").and_then(|(l, c)| {
                let line = l.trim().parse().ok()?;
                let column = c.trim().parse().ok()?;
                LineIndex::new(text).offset(text, line, column)
            });
            (message.to_string(), offset)
        }
        None => (raw, None),
    };
    // Without a location the parser ran out of input: point at the end.
    let offset = offset.unwrap_or_else(|| text.trim_end().len());
    ParseError::Syntax { message, offset }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_point_at_the_failing_token() {
        let text = "CREATE SEQUENCE s\n  START WITH 1 NOCACHE";
        let err = parse_sql(text, Source::Oracle).err();
        let offset = text.find("NOCACHE");
        assert_eq!(err.as_ref().map(ParseError::offset), offset);
        assert_eq!(
            err.map(|e| e.to_string()),
            Some("Expected: end of statement, found: NOCACHE".to_string())
        );
    }

    #[test]
    fn running_out_of_input_points_at_the_end() {
        let text = "SELECT a FROM t WHERE  ";
        let err = parse_sql(text, Source::Postgres).err();
        assert_eq!(err.map(|e| e.offset()), Some(text.trim_end().len()));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("SELECT {}1{}", "(".repeat(10_000), ")".repeat(10_000));
        let err = parse_sql(&text, Source::Postgres);
        assert!(matches!(err, Err(ParseError::TooDeep { .. })));
    }
}
