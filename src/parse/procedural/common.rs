//! Combinators shared by the PL/SQL and PL/pgSQL parsers: keywords,
//! punctuation, names, and handing expressions and SQL statements to
//! sqlparser.

use nom::error::{ErrorKind, ParseError};
use nom::{Err, IResult, Input};
use sqlparser::ast::{DataType, Expr, Statement};
use sqlparser::dialect::{Dialect, PostgreSqlDialect};
use sqlparser::parser::{Parser, ParserError};

use crate::ast::procedural::{Name, PlExpr};
use crate::source::{LexemeKind, LineIndex, ScriptSyntax, Span};

use super::super::shims::shim;
use super::tokens::{Token, Tokens};

/// Why a parser stopped, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PError {
    /// Byte offset in the script of the token where parsing failed.
    pub offset: usize,
    /// What was expected there.
    pub expected: String,
    /// How far into the unit the failure is; the deepest failure is the
    /// most useful one to report.
    pub depth: usize,
}

impl<'a, 't> ParseError<Tokens<'a, 't>> for PError {
    fn from_error_kind(input: Tokens<'a, 't>, kind: ErrorKind) -> Self {
        PError {
            offset: input.first().map_or(usize::MAX, |t| t.span.start),
            expected: format!("{kind:?}"),
            depth: usize::MAX - input.tokens.len(),
        }
    }

    fn append(_: Tokens<'a, 't>, _: ErrorKind, other: Self) -> Self {
        other
    }

    fn or(self, other: Self) -> Self {
        // Keep the alternative that got furthest.
        if other.depth >= self.depth {
            other
        } else {
            self
        }
    }
}

/// The parsers' result type.
pub type PResult<'a, 't, O> = IResult<Tokens<'a, 't>, O, PError>;

/// A recoverable failure at `input` saying what was expected.
pub fn fail<'a, 't, O>(input: Tokens<'a, 't>, expected: impl Into<String>) -> PResult<'a, 't, O> {
    Err(Err::Error(PError {
        offset: input.first().map_or(usize::MAX, |t| t.span.start),
        expected: expected.into(),
        depth: usize::MAX - input.tokens.len(),
    }))
}

/// An unrecoverable failure: the construct was recognised, its rest is wrong.
pub fn cut<'a, 't, O>(result: PResult<'a, 't, O>) -> PResult<'a, 't, O> {
    result.map_err(|e| match e {
        Err::Error(e) => Err::Failure(e),
        other => other,
    })
}

/// The keyword `word`.
pub fn kw<'a: 't, 't>(word: &'static str) -> impl Fn(Tokens<'a, 't>) -> PResult<'a, 't, Token<'a>> {
    move |input: Tokens<'a, 't>| match input.first() {
        Some(t) if t.is_word(word) => Ok((input.take_from(1), *t)),
        _ => fail(input, format!("`{word}`")),
    }
}

/// The punctuation character `c`.
pub fn punct<'a: 't, 't>(c: char) -> impl Fn(Tokens<'a, 't>) -> PResult<'a, 't, Token<'a>> {
    move |input: Tokens<'a, 't>| match input.first() {
        Some(t) if t.is_punct(c) => Ok((input.take_from(1), *t)),
        _ => fail(input, format!("`{c}`")),
    }
}

/// A two-character operator written as adjacent punctuation (`:=`, `=>`, `..`).
pub fn op2<'a: 't, 't>(a: char, b: char) -> impl Fn(Tokens<'a, 't>) -> PResult<'a, 't, Span> {
    move |input: Tokens<'a, 't>| match (input.peek(0), input.peek(1)) {
        (Some(x), Some(y)) if x.is_punct(a) && y.is_punct(b) && x.span.end == y.span.start => {
            Ok((input.take_from(2), Span::new(x.span.start, y.span.end)))
        }
        _ => fail(input, format!("`{a}{b}`")),
    }
}

/// Whether the tokens at `input` start with the two-character operator `ab`.
pub fn at_op2(input: Tokens<'_, '_>, a: char, b: char) -> bool {
    op2(a, b)(input).is_ok()
}

/// Words that end or structure statements and so never start a name.
const RESERVED: &[&str] = &[
    "BEGIN",
    "END",
    "DECLARE",
    "EXCEPTION",
    "IS",
    "AS",
    "THEN",
    "ELSE",
    "ELSIF",
    "ELSEIF",
    "WHEN",
    "LOOP",
    "IF",
    "CASE",
    "FOR",
    "WHILE",
    "RETURN",
    "RETURNS",
];

/// An identifier (word or quoted), not a structural keyword.
pub fn ident<'a, 't>(input: Tokens<'a, 't>) -> PResult<'a, 't, Name> {
    match input.first() {
        Some(t)
            if (t.kind == LexemeKind::Word
                && !t.text.starts_with(|c: char| c.is_ascii_digit())
                && !RESERVED.iter().any(|r| t.is_word(r)))
                || t.kind == LexemeKind::QuotedIdent =>
        {
            Ok((
                input.take_from(1),
                Name {
                    text: t.text.to_string(),
                    span: t.span,
                },
            ))
        }
        _ => fail(input, "a name"),
    }
}

/// A dotted name (`a`, `a.b`, `"A"."B".c`, `a.b@link`), as one [`Name`].
pub fn dotted_name<'a: 't, 't>(text: &'a str) -> impl Fn(Tokens<'a, 't>) -> PResult<'a, 't, Name> {
    move |input: Tokens<'a, 't>| {
        let (mut rest, first) = ident(input)?;
        let mut span = first.span;
        while let (Some(dot), Some(_)) = (rest.peek(0), rest.peek(1)) {
            if !(dot.is_punct('.') || dot.is_punct('@')) || dot.span.start != span.end {
                break;
            }
            match ident(rest.take_from(1)) {
                Ok((r, part)) if part.span.start == dot.span.end => {
                    span = Span::new(span.start, part.span.end);
                    rest = r;
                }
                _ => break,
            }
        }
        Ok((
            rest,
            Name {
                text: span.slice(text).to_string(),
                span,
            },
        ))
    }
}

/// Where a run of tokens stops: at a stop word or character, at depth zero
/// (outside parentheses and `CASE … END`).
#[derive(Debug, Clone, Copy)]
pub struct Stops {
    /// Words that end the run.
    pub words: &'static [&'static str],
    /// Characters that end the run.
    pub chars: &'static [char],
    /// Whether `..` ends the run.
    pub range: bool,
    /// Whether `:=` ends the run.
    pub assign: bool,
}

impl Stops {
    /// Stop at `;` only.
    pub const SEMICOLON: Stops = Stops {
        words: &[],
        chars: &[';'],
        range: false,
        assign: false,
    };
}

/// The number of tokens before the first stop at depth zero.
pub fn run_length(input: Tokens<'_, '_>, stops: Stops) -> usize {
    let mut depth = 0usize;
    let mut case_depth = 0usize;
    for (i, t) in input.tokens.iter().enumerate() {
        let at_top = depth == 0 && case_depth == 0;
        if at_top {
            if stops.chars.iter().any(|c| t.is_punct(*c)) {
                return i;
            }
            if stops.words.iter().any(|w| t.is_word(w)) {
                return i;
            }
            let rest = input.take_from(i);
            if (stops.range && at_op2(rest, '.', '.')) || (stops.assign && at_op2(rest, ':', '=')) {
                return i;
            }
        }
        if t.is_punct('(') || t.is_punct('[') {
            depth += 1;
        } else if t.is_punct(')') || t.is_punct(']') {
            if depth == 0 {
                return i;
            }
            depth -= 1;
        } else if t.is_word("CASE") {
            case_depth += 1;
        } else if t.is_word("END") && case_depth > 0 {
            case_depth -= 1;
        } else if t.is_punct(';') && depth == 0 {
            // A `;` always ends a run, whatever the stops.
            return i;
        }
    }
    input.tokens.len()
}

/// The span covered by `tokens` (empty at `fallback` when there are none).
pub fn span_of(tokens: &[Token<'_>], fallback: usize) -> Span {
    match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
        _ => Span::empty(fallback),
    }
}

/// An expression running to the next stop, read by sqlparser.
pub fn expr_until<'a, 't, 'd>(
    text: &'a str,
    dialect: &'d dyn Dialect,
    stops: Stops,
) -> impl Fn(Tokens<'a, 't>) -> PResult<'a, 't, PlExpr> + 'd
where
    'a: 'd + 't,
{
    move |input: Tokens<'a, 't>| {
        let n = run_length(input, stops);
        if n == 0 {
            return fail(input, "an expression");
        }
        let (rest, taken) = input.take_split(n);
        let span = span_of(taken.tokens, 0);
        match parse_expr(span.slice(text), dialect) {
            Ok(expr) => Ok((
                rest,
                PlExpr {
                    span,
                    expr: Box::new(expr),
                },
            )),
            Err(offset) => Err(Err::Failure(PError {
                offset: span.start + offset,
                expected: "a valid expression".to_string(),
                depth: usize::MAX - input.tokens.len() + n,
            })),
        }
    }
}

/// Reads `text` as exactly one expression; on failure, the offset (within
/// `text`) where sqlparser stopped.
pub fn parse_expr(text: &str, dialect: &dyn Dialect) -> Result<Expr, usize> {
    if let Some(offset) = super::super::guard::too_deep_at(text, ScriptSyntax::SqlPlus) {
        return Err(offset);
    }
    read_expr(text, dialect).or_else(|offset| {
        // Forms sqlparser lacks, in placeholder form (see `shims`).
        shim(text, syntax_of(dialect))
            .and_then(|shimmed| read_expr(&shimmed, dialect).ok())
            .ok_or(offset)
    })
}

fn read_expr(text: &str, dialect: &dyn Dialect) -> Result<Expr, usize> {
    let mut parser = Parser::new(dialect)
        .try_with_sql(text)
        .map_err(|e| error_offset(text, &e))?;
    let expr = parser.parse_expr().map_err(|e| error_offset(text, &e))?;
    let next = parser.peek_token();
    if next.token == sqlparser::tokenizer::Token::EOF {
        Ok(expr)
    } else {
        Err(LineIndex::new(text)
            .offset(
                text,
                next.span.start.line as usize,
                next.span.start.column as usize,
            )
            .unwrap_or(0))
    }
}

/// The script syntax whose strings and quotes `dialect` reads.
pub fn syntax_of(dialect: &dyn Dialect) -> ScriptSyntax {
    if dialect.dialect() == std::any::TypeId::of::<PostgreSqlDialect>() {
        ScriptSyntax::Psql
    } else {
        ScriptSyntax::SqlPlus
    }
}

/// Reads `text` as exactly one data type.
pub fn parse_data_type(text: &str, dialect: &dyn Dialect) -> Option<DataType> {
    let read = |text: &str| {
        let mut parser = Parser::new(dialect).try_with_sql(text).ok()?;
        let ty = parser.parse_data_type().ok()?;
        (parser.peek_token().token == sqlparser::tokenizer::Token::EOF).then_some(ty)
    };
    // Oracle types sqlparser lacks (`INTERVAL DAY(3) TO SECOND`), in
    // placeholder form.
    read(text).or_else(|| shim(text, syntax_of(dialect)).and_then(|s| read(&s)))
}

/// Reads `text` as exactly one SQL statement; on failure the offset in `text`.
pub fn parse_statement(text: &str, dialect: &dyn Dialect) -> Result<Statement, usize> {
    if let Some(offset) = super::super::guard::too_deep_at(text, ScriptSyntax::SqlPlus) {
        return Err(offset);
    }
    let mut statements = Parser::parse_sql(dialect, text)
        .or_else(|e| {
            shim(text, syntax_of(dialect))
                .and_then(|shimmed| Parser::parse_sql(dialect, &shimmed).ok())
                .ok_or(e)
        })
        .map_err(|e| error_offset(text, &e))?;
    match statements.len() {
        1 => statements.pop().ok_or(0),
        _ => Err(0),
    }
}

/// Where in `text` sqlparser's error is: its `at Line: L, Column: C`, or the
/// end of the text when it ran out of input.
fn error_offset(text: &str, error: &ParserError) -> usize {
    error
        .to_string()
        .rsplit_once(" at Line: ")
        .and_then(|(_, place)| {
            let (l, c) = place.split_once(", Column: ")?;
            LineIndex::new(text).offset(text, l.trim().parse().ok()?, c.trim().parse().ok()?)
        })
        .unwrap_or(text.trim_end().len())
}
