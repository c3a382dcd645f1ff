//! Readers: from a split script to the shared AST, with findings for what
//! could not be read. A unit that cannot be read is kept verbatim.

mod error;
pub(crate) mod guard;
pub mod oracle_sql;
pub mod procedural;
pub mod set_aside;
pub mod shims;
mod sql;

pub use error::ParseError;
pub use guard::MAX_EXPRESSION_DEPTH;
pub use sql::parse_sql;

use crate::Source;
use crate::ast::{Content, Item, Script, Unit};
use crate::report::{Code, Finding};
use crate::source::{
    Lexer, ProceduralKind, RawUnit, Segment, SourceFile, Span, Split, SplitProblem, UnitKind, split,
};

/// A script as read, and what could not be read.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The AST.
    pub script: Script,
    /// Findings from splitting and parsing, not yet located.
    pub findings: Vec<Finding>,
}

/// Splits and parses `file`, written for `source`.
pub fn parse_script(file: &SourceFile<'_>, source: Source) -> Parsed {
    let syntax = source.script_syntax();
    let Split { segments, problems } = split(file.text(), syntax);
    let mut findings: Vec<Finding> = problems.iter().map(problem_finding).collect();
    let items = segments
        .into_iter()
        .map(|segment| match segment {
            Segment::Trivia(span) => Item::Trivia(span),
            Segment::Unit(raw) => {
                let damaged = problems
                    .iter()
                    .any(|p| p.is_fatal() && raw.span.contains(p.span().start));
                Item::Unit(read_unit(file, source, raw, damaged, &mut findings))
            }
        })
        .collect();
    Parsed {
        script: Script { items },
        findings,
    }
}

fn problem_finding(problem: &SplitProblem) -> Finding {
    let code = match problem {
        SplitProblem::UnterminatedString(_) => Code::SP0102,
        SplitProblem::UnterminatedQuotedIdent(_) => Code::SP0103,
        SplitProblem::UnterminatedComment(_) => Code::SP0104,
        SplitProblem::UnterminatedDollarQuote(_) => Code::SP0105,
        SplitProblem::MissingSlash(_) => Code::SP0106,
        SplitProblem::SlashLineInLiteral(_) => Code::SP0108,
    };
    Finding::new(code, problem.span(), code.info().summary)
}

fn read_unit(
    file: &SourceFile<'_>,
    source: Source,
    raw: RawUnit,
    damaged: bool,
    findings: &mut Vec<Finding>,
) -> Unit {
    let mut set_aside = Vec::new();
    let content = match raw.kind {
        // A split problem already explains this unit; parsing it would only
        // repeat the news.
        _ if damaged => Content::Unreadable,
        UnitKind::ClientCommand => Content::ClientCommand,
        UnitKind::Procedural(kind) if kind != ProceduralKind::Java => {
            let parsed = match source {
                Source::Oracle => procedural::parse_plsql_unit(file.text(), raw.body).map(Some),
                Source::Postgres => procedural::parse_plpgsql_unit(file.text(), raw.body),
            };
            match parsed {
                Ok(Some(program)) => Content::Program(Box::new(program)),
                Ok(None) => Content::Procedural,
                Err(error) => {
                    let span =
                        token_at(file, source, error.offset).unwrap_or(Span::empty(error.offset));
                    findings.push(Finding::new(
                        Code::SP0109,
                        span,
                        format!("program unit could not be parsed: {error}"),
                    ));
                    Content::Unreadable
                }
            }
        }
        UnitKind::Procedural(_) => Content::Procedural,
        UnitKind::Sql => match parse_sql(file.slice(raw.body), source) {
            Ok(statements) => Content::Sql(statements),
            Err(error) => {
                // Oracle clauses sqlparser lacks: set them aside, read the rest.
                let retried = set_aside::set_aside(file.text(), raw.body, source.script_syntax())
                    .and_then(|(sql, clauses)| Some((parse_sql(&sql, source).ok()?, clauses)));
                let oracle_only = (source == Source::Oracle)
                    .then(|| oracle_sql::parse_oracle_statement(file.text(), raw.body))
                    .flatten();
                match (retried, oracle_only) {
                    (Some((statements, clauses)), _) => {
                        set_aside = clauses;
                        Content::Sql(statements)
                    }
                    (None, Some(statement)) => Content::Oracle(Box::new(statement)),
                    (None, None) => {
                        let at = raw.body.start + error.offset();
                        let span = token_at(file, source, at).unwrap_or(Span::empty(at));
                        findings.push(Finding::new(
                            Code::SP0101,
                            span,
                            format!("statement could not be parsed: {error}"),
                        ));
                        Content::Unreadable
                    }
                }
            }
        },
    };
    Unit {
        span: raw.span,
        body: raw.body,
        kind: raw.kind,
        terminator: raw.terminator,
        content,
        set_aside,
        rewritten: false,
        edits: Vec::new(),
    }
}

/// The span of the lexeme starting at `offset`, so a caret underlines a
/// whole token.
fn token_at(file: &SourceFile<'_>, source: Source, offset: usize) -> Option<Span> {
    if !file.text().is_char_boundary(offset) || offset >= file.text().len() {
        return None;
    }
    let lexeme = Lexer::new(file.text(), offset, source.script_syntax()).next()?;
    // A token that runs over several lines is underlined on its first line.
    let first_line = lexeme.span.slice(file.text()).find('\n');
    Some(Span::new(
        offset,
        first_line.map_or(lexeme.span.end, |i| offset + i),
    ))
}
