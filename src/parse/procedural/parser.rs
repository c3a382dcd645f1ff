//! The procedural parser's shared machinery: the parser state (script text,
//! dialect, nesting depth), names, labels, types, argument lists and the
//! `INTO`/`USING` clauses both PL/SQL and PL/pgSQL use.

use std::cell::Cell;

use nom::{Err, Input};
use sqlparser::dialect::{Dialect, OracleDialect, PostgreSqlDialect};

use crate::ast::procedural::*;
use crate::source::{LexemeKind, Span};

use super::common::{
    PError, PResult, Stops, at_op2, cut, dotted_name, expr_until, fail, ident, kw, op2,
    parse_data_type, punct, run_length, span_of,
};
use super::tokens::{Token, Tokens};

/// How deeply blocks and control structures may nest before the unit is
/// reported instead of read (the parser recurses once per level).
pub const MAX_NESTING: usize = 256;

/// Which procedural language a parser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// Oracle PL/SQL (expressions read with sqlparser's Oracle dialect).
    Plsql,
    /// PostgreSQL PL/pgSQL (expressions read with sqlparser's PostgreSQL dialect).
    Plpgsql,
}

/// Reads program units from one script's text; token spans index into it.
pub struct ProcParser<'a> {
    pub(super) text: &'a str,
    pub(super) flavor: Flavor,
    pub(super) dialect: Box<dyn Dialect>,
    pub(super) depth: Cell<usize>,
}

/// The parsers' result type.
pub(super) type Out<'a, 't, T> = PResult<'a, 't, T>;

pub(super) const EXPR_END: Stops = Stops::SEMICOLON;

impl<'a> ProcParser<'a> {
    /// A parser for `flavor` over the script `text`.
    pub fn new(text: &'a str, flavor: Flavor) -> Self {
        let dialect: Box<dyn Dialect> = match flavor {
            Flavor::Plsql => Box::new(OracleDialect {}),
            Flavor::Plpgsql => Box::new(PostgreSqlDialect {}),
        };
        ProcParser {
            text,
            flavor,
            dialect,
            depth: Cell::new(0),
        }
    }

    pub(super) fn expr<'t>(
        &self,
        stops: Stops,
    ) -> impl Fn(Tokens<'a, 't>) -> Out<'a, 't, PlExpr> + '_
    where
        'a: 't,
    {
        expr_until(self.text, self.dialect.as_ref(), stops)
    }

    pub(super) fn name<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Name> {
        dotted_name(self.text)(i)
    }

    pub(super) fn enter<'t>(&self, i: Tokens<'a, 't>) -> Result<(), Err<PError>> {
        let depth = self.depth.get() + 1;
        self.depth.set(depth);
        if depth > MAX_NESTING {
            return Err(Err::Failure(PError {
                offset: i.first().map_or(0, |t| t.span.start),
                expected: format!("at most {MAX_NESTING} nested blocks or control structures"),
                depth: usize::MAX,
            }));
        }
        Ok(())
    }

    pub(super) fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    pub(super) fn labels<'t>(&self, mut i: Tokens<'a, 't>) -> Out<'a, 't, Vec<Name>> {
        let mut labels = Vec::new();
        while at_op2(i, '<', '<') {
            let (r, _) = op2('<', '<')(i)?;
            let (r, name) = cut(ident(r))?;
            let (r, _) = cut(op2('>', '>')(r))?;
            labels.push(name);
            i = r;
        }
        Ok((i, labels))
    }

    /// A type: `name%TYPE`, `name%ROWTYPE`, a SQL type, or a named type.
    pub(super) fn type_ref<'t>(&self, i: Tokens<'a, 't>, stops: Stops) -> Out<'a, 't, TypeRef> {
        let n = run_length(i, stops);
        if n == 0 {
            return fail(i, "a type");
        }
        let (rest, taken) = i.take_split(n);
        let toks = taken.tokens;
        let span = span_of(toks, 0);
        // name%TYPE / name%ROWTYPE
        if toks.len() >= 3 && toks[toks.len() - 2].is_punct('%') {
            let attr = &toks[toks.len() - 1];
            let base = span_of(&toks[..toks.len() - 2], span.start);
            let name = Name {
                text: base.slice(self.text).to_string(),
                span: base,
            };
            let kind = if attr.is_word("TYPE") {
                TypeRefKind::TypeOf(name)
            } else if attr.is_word("ROWTYPE") {
                TypeRefKind::RowTypeOf(name)
            } else {
                return Err(Err::Failure(PError {
                    offset: attr.span.start,
                    expected: "%TYPE or %ROWTYPE".to_string(),
                    depth: usize::MAX,
                }));
            };
            return Ok((rest, TypeRef { span, kind }));
        }
        let source = span.slice(self.text);
        let plain_name = toks.iter().all(|t| {
            matches!(t.kind, LexemeKind::Word | LexemeKind::QuotedIdent) || t.is_punct('.')
        });
        let kind = match parse_data_type(source, self.dialect.as_ref()) {
            Some(ty) if !(plain_name && toks.len() > 1) => TypeRefKind::Data(ty),
            _ if plain_name => TypeRefKind::Named(Name {
                text: source.to_string(),
                span,
            }),
            _ => {
                return Err(Err::Failure(PError {
                    offset: span.start,
                    expected: "a type".to_string(),
                    depth: usize::MAX,
                }));
            }
        };
        Ok((rest, TypeRef { span, kind }))
    }

    /// A parenthesised, comma-separated argument list.
    pub(super) fn args<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Vec<PlExpr>> {
        let (mut i, _) = punct('(')(i)?;
        let mut args = Vec::new();
        if let Ok((r, _)) = punct(')')(i) {
            return Ok((r, args));
        }
        loop {
            let (r, e) = cut(self.expr(Stops {
                words: &[],
                chars: &[',', ')'],
                range: false,
                assign: false,
            })(i))?;
            args.push(e);
            if let Ok((r2, _)) = punct(',')(r) {
                i = r2;
                continue;
            }
            let (r2, _) = cut(punct(')')(r))?;
            return Ok((r2, args));
        }
    }

    /// Items read by `item` until one of the `until` words starts the input.
    pub(super) fn until_word<'t, T>(
        &self,
        mut i: Tokens<'a, 't>,
        until: &[&str],
        item: impl Fn(Tokens<'a, 't>) -> Out<'a, 't, T>,
    ) -> Out<'a, 't, Vec<T>> {
        let mut out = Vec::new();
        loop {
            match i.first() {
                None => return fail(i, until.join(" or ")),
                Some(t) if until.iter().any(|u| t.is_word(u)) => return Ok((i, out)),
                _ => {}
            }
            let (r, x) = cut(item(i))?;
            out.push(x);
            i = r;
        }
    }

    /// `PROCEDURE` or `FUNCTION`.
    pub(super) fn routine_kind<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, RoutineKind> {
        match kw("PROCEDURE")(i) {
            Ok((r, _)) => Ok((r, RoutineKind::Procedure)),
            Err(_) => kw("FUNCTION")(i).map(|(r, _)| (r, RoutineKind::Function)),
        }
    }

    /// `IN`, `OUT` or `IN OUT` (PL/SQL); nothing means `IN`.
    pub(super) fn plsql_mode<'t>(&self, i: Tokens<'a, 't>) -> (Tokens<'a, 't>, ParamMode) {
        if let Ok((r, _)) = kw("IN")(i) {
            match kw("OUT")(r) {
                Ok((r2, _)) => (r2, ParamMode::InOut),
                Err(_) => (r, ParamMode::In),
            }
        } else if let Ok((r, _)) = kw("OUT")(i) {
            (r, ParamMode::Out)
        } else {
            (i, ParamMode::In)
        }
    }

    /// An expression up to `;`, or nothing when the `;` comes at once
    /// (`RETURN;`, `RETURN NEXT;`).
    pub(super) fn optional_expr<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Option<PlExpr>> {
        if punct(';')(i).is_ok() {
            return Ok((i, None));
        }
        let (r, e) = cut(self.expr(EXPR_END)(i))?;
        Ok((r, Some(e)))
    }

    /// `keyword expr` if the input starts with `keyword`, else nothing.
    pub(super) fn keyword_expr<'t>(
        &self,
        i: Tokens<'a, 't>,
        keyword: &'static str,
        stops: Stops,
    ) -> Out<'a, 't, Option<PlExpr>> {
        match kw(keyword)(i) {
            Ok((r, _)) => {
                let (r, e) = cut(self.expr(stops)(r))?;
                Ok((r, Some(e)))
            }
            Err(_) => Ok((i, None)),
        }
    }

    /// A cursor's argument list: `(value, name => value, …)`.
    pub(super) fn cursor_args<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Vec<Arg>> {
        let (mut i, _) = punct('(')(i)?;
        let mut args = Vec::new();
        if let Ok((r, _)) = punct(')')(i) {
            return Ok((r, args));
        }
        loop {
            let (r, name) = match ident(i) {
                Ok((r, n)) if at_op2(r, '=', '>') => (op2('=', '>')(r)?.0, Some(n)),
                _ => (i, None),
            };
            let (r, value) = cut(self.expr(Stops {
                words: &[],
                chars: &[',', ')'],
                range: false,
                assign: false,
            })(r))?;
            args.push(Arg { name, value });
            if let Ok((r2, _)) = punct(',')(r) {
                i = r2;
                continue;
            }
            let (r2, _) = cut(punct(')')(r))?;
            return Ok((r2, args));
        }
    }

    /// `[BULK COLLECT] INTO target, …` up to one of `until` or `;`.
    pub(super) fn into<'t>(
        &self,
        i: Tokens<'a, 't>,
        until: &'static [&'static str],
    ) -> Out<'a, 't, Into> {
        let start = i.first().map_or(0, |t| t.span.start);
        let (r, bulk) = match kw("BULK")(i) {
            Ok((r2, _)) => {
                let (r2, _) = cut(kw("COLLECT")(r2))?;
                (r2, true)
            }
            Err(_) => (i, false),
        };
        let (mut r, _) = kw("INTO")(r)?;
        let mut targets = Vec::new();
        loop {
            let (r2, e) = cut(self.expr(Stops {
                words: until,
                chars: &[',', ';'],
                range: false,
                assign: false,
            })(r))?;
            targets.push(e);
            match punct(',')(r2) {
                Ok((r3, _)) => r = r3,
                Err(_) => {
                    r = r2;
                    break;
                }
            }
        }
        let end = targets.last().map_or(start, |t| t.span.end);
        Ok((
            r,
            Into {
                span: Span::new(start, end),
                bulk_collect: bulk,
                strict: false,
                targets,
            },
        ))
    }

    /// `USING [IN|OUT|IN OUT] expr, …` (optional).
    pub(super) fn using<'t>(
        &self,
        i: Tokens<'a, 't>,
        until: &'static [&'static str],
    ) -> Out<'a, 't, Vec<UsingArg>> {
        let Ok((mut r, _)) = kw("USING")(i) else {
            return Ok((i, Vec::new()));
        };
        let mut args = Vec::new();
        loop {
            let (r2, mode) = self.plsql_mode(r);
            r = r2;
            let (r2, expr) = cut(self.expr(Stops {
                words: until,
                chars: &[',', ';'],
                range: false,
                assign: false,
            })(r))?;
            args.push(UsingArg { mode, expr });
            match punct(',')(r2) {
                Ok((r3, _)) => r = r3,
                Err(_) => return Ok((r2, args)),
            }
        }
    }
}

/// Whether `t` is the stop `stop`: a word, or a one-character punctuation.
pub(super) fn is_stop(t: &Token<'_>, stop: &str) -> bool {
    let mut chars = stop.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_alphanumeric() => t.is_punct(c),
        _ => t.is_word(stop),
    }
}

pub(super) fn not_null<'a, 't>(i: Tokens<'a, 't>) -> (Tokens<'a, 't>, bool) {
    match kw("NOT")(i).and_then(|(r, _)| kw("NULL")(r)) {
        Ok((r, _)) => (r, true),
        Err(_) => (i, false),
    }
}

/// The tokens' text as written, separated by single spaces (none around
/// `.`, `@`, `%`, before `,` and `)`, or after `(`).
pub(super) fn words_of(tokens: &[Token<'_>]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Token<'_>> = None;
    for t in tokens {
        let tight = prev.is_some_and(|p| {
            p.is_punct('(') || p.is_punct('.') || p.is_punct('@') || p.is_punct('%')
        }) || t.is_punct(',')
            || t.is_punct(')')
            || t.is_punct('.')
            || t.is_punct('@')
            || t.is_punct('%')
            || (t.is_punct('(') && prev.is_some_and(|p| p.kind == LexemeKind::Word));
        if prev.is_some() && !tight {
            out.push(' ');
        }
        out.push_str(t.text);
        prev = Some(t);
    }
    out
}

/// Words that start an embedded SQL statement.
pub(super) const SQL_STARTS: &[&str] = &[
    "SELECT",
    "WITH",
    "INSERT",
    "UPDATE",
    "DELETE",
    "MERGE",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "SET",
    "LOCK",
    "CALL",
];

/// Where a variable's type ends.
pub(super) const VAR_TYPE_END: Stops = Stops {
    words: &["DEFAULT", "NOT"],
    chars: &[';'],
    range: false,
    assign: true,
};

/// Where a record field's type ends.
pub(super) const FIELD_TYPE_END: Stops = Stops {
    words: &["DEFAULT", "NOT"],
    chars: &[','],
    range: false,
    assign: true,
};

/// Where a parameter's type ends.
pub(super) const PARAM_TYPE_END: Stops = Stops {
    words: &["DEFAULT"],
    chars: &[',', ';'],
    range: false,
    assign: true,
};
