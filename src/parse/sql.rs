//! Reading SQL units with sqlparser.

use std::panic::{AssertUnwindSafe, catch_unwind};

use sqlparser::ast::Statement;
use sqlparser::dialect::{Dialect, OracleDialect, PostgreSqlDialect};
use sqlparser::parser::{Parser, ParserError};

use crate::Source;
use crate::source::{LexemeKind, Lexer, LineIndex, ScriptSyntax};

use super::error::ParseError;
use super::guard::too_deep_at;
use super::shims::shim;

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
        Ok(Err(error)) => {
            // sqlparser reads q'[…]' only in some places (not after `IS` of
            // `COMMENT ON`): retry with the same strings in standard quoting.
            let retried = (source == Source::Oracle)
                .then(|| standard_quotes(text))
                .flatten()
                .and_then(|plain| Parser::parse_sql(dialect.as_ref(), &plain).ok());
            // Forms sqlparser lacks, in placeholder form (see `shims`).
            let shimmed = || {
                let base = (source == Source::Oracle)
                    .then(|| standard_quotes(text))
                    .flatten()
                    .unwrap_or_else(|| text.to_string());
                shim(&base, source.script_syntax())
                    .and_then(|shimmed| Parser::parse_sql(dialect.as_ref(), &shimmed).ok())
            };
            retried.or_else(shimmed).ok_or_else(|| locate(text, error))
        }
        Err(_) => Err(ParseError::Internal { offset: 0 }),
    }
}

/// `text` with every Oracle `q'…'` / `nq'…'` literal written in standard
/// quoting (`'…'` with doubled quotes); `None` when there is none.
fn standard_quotes(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for lexeme in Lexer::new(text, 0, ScriptSyntax::SqlPlus) {
        let raw = lexeme.span.slice(text);
        let lower = raw.get(..3).unwrap_or("").to_ascii_lowercase();
        let prefix = if lower.starts_with("q'") {
            ""
        } else if lower == "nq'" {
            "N"
        } else {
            out.push_str(raw);
            continue;
        };
        // q'<open> body <close>' : the body sits between the delimiters.
        let start = raw.find('\'').map_or(0, |i| i + 1);
        let open = raw[start..].chars().next().map_or(0, char::len_utf8);
        let body = raw.get(start + open..raw.len().saturating_sub(1 + open));
        match (lexeme.kind, lexeme.terminated, body) {
            (LexemeKind::String, true, Some(body)) => {
                out.push_str(prefix);
                out.push('\'');
                out.push_str(&body.replace('\'', "''"));
                out.push('\'');
                changed = true;
            }
            _ => out.push_str(raw),
        }
    }
    changed.then_some(out)
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
    fn q_quotes_are_read_where_sqlparser_lacks_them() {
        let text = "COMMENT ON COLUMN op_charge.pay_method IS q'!现金 'CARD'银行卡!'";
        assert!(parse_sql(text, Source::Oracle).is_ok());
        assert_eq!(
            standard_quotes("SELECT q'[a'b]', nq'{c}' FROM dual").as_deref(),
            Some("SELECT 'a''b', N'c' FROM dual")
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("SELECT {}1{}", "(".repeat(10_000), ")".repeat(10_000));
        let err = parse_sql(&text, Source::Postgres);
        assert!(matches!(err, Err(ParseError::TooDeep { .. })));
    }
}
