//! The PL/SQL reader: program units, declarations and statements, with every
//! expression and SQL statement handed to sqlparser (Oracle dialect).
//!
//! The grammar it reads is `grammar/plsql.ebnf`.

use std::cell::Cell;

use nom::{Err, Input};
use sqlparser::dialect::OracleDialect;

use crate::ast::procedural::*;
use crate::source::{LexemeKind, Span};

use super::common::{
    PError, PResult, Stops, at_op2, cut, dotted_name, expr_until, fail, ident, kw, op2,
    parse_data_type, punct, run_length, span_of,
};
use super::embedded_sql::embedded_sql;
use super::tokens::{Token, Tokens};

/// How deeply blocks and control structures may nest before the unit is
/// reported instead of read (the parser recurses once per level).
pub const MAX_NESTING: usize = 256;

/// Reads PL/SQL program units from one script's text.
pub struct PlsqlParser<'a> {
    text: &'a str,
    dialect: OracleDialect,
    depth: Cell<usize>,
}

type Out<'a, 't, T> = PResult<'a, 't, T>;

const EXPR_END: Stops = Stops::SEMICOLON;

impl<'a> PlsqlParser<'a> {
    /// A parser over the script `text` (token spans index into it).
    pub fn new(text: &'a str) -> Self {
        PlsqlParser {
            text,
            dialect: OracleDialect {},
            depth: Cell::new(0),
        }
    }

    fn expr<'t>(&self, stops: Stops) -> impl Fn(Tokens<'a, 't>) -> Out<'a, 't, PlExpr> + '_
    where
        'a: 't,
    {
        expr_until(self.text, &self.dialect, stops)
    }

    fn name<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Name> {
        dotted_name(self.text)(i)
    }

    fn enter<'t>(&self, i: Tokens<'a, 't>) -> Result<(), Err<PError>> {
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

    fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    /// Reads one whole program unit (without its terminating `/`).
    pub fn program<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Program> {
        self.depth.set(0);
        let start = i;
        let mut create = None;
        let (i, unit) = if let Ok((mut i, _)) = kw("CREATE")(i) {
            let mut clause = CreateClause::default();
            if let Ok((r, _)) = kw("OR")(i) {
                (i, _) = cut(kw("REPLACE")(r))?;
                clause.or_replace = true;
            }
            if let Ok((r, _)) = kw("EDITIONABLE")(i) {
                clause.editionable = Some(true);
                i = r;
            } else if let Ok((r, _)) = kw("NONEDITIONABLE")(i) {
                clause.editionable = Some(false);
                i = r;
            }
            create = Some(clause);
            match i.first() {
                Some(t) if t.is_word("PROCEDURE") || t.is_word("FUNCTION") => {
                    let (i, r) = self.routine(i)?;
                    (i, ProgramUnit::Routine(r))
                }
                Some(t) if t.is_word("PACKAGE") => {
                    let (i, p) = self.package(i)?;
                    (i, ProgramUnit::Package(p))
                }
                Some(t) if t.is_word("TRIGGER") => {
                    let (i, t) = self.trigger(i, start)?;
                    (i, ProgramUnit::Trigger(t))
                }
                Some(t) if t.is_word("TYPE") && i.peek(1).is_some_and(|b| b.is_word("BODY")) => {
                    let (i, t) = self.type_body(i, start)?;
                    (i, ProgramUnit::TypeBody(t))
                }
                Some(t) if t.is_word("TYPE") => {
                    let (i, t) = self.type_spec(i, start)?;
                    (i, ProgramUnit::Type(t))
                }
                _ => return fail(i, "PROCEDURE, FUNCTION, PACKAGE, TRIGGER or TYPE"),
            }
        } else {
            let (i, labels) = self.labels(i)?;
            let (i, mut block) = self.block(i, true)?;
            block.label = labels.into_iter().next();
            (i, ProgramUnit::Block(block))
        };
        if let Some(t) = i.first() {
            return Err(Err::Failure(PError {
                offset: t.span.start,
                expected: "the end of the program unit".to_string(),
                depth: usize::MAX,
            }));
        }
        let span = span_of(start.tokens, 0);
        Ok((i, Program { span, create, unit }))
    }

    fn labels<'t>(&self, mut i: Tokens<'a, 't>) -> Out<'a, 't, Vec<Name>> {
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

    /// `PROCEDURE|FUNCTION name [(params)] [RETURN type] options (IS|AS) body | ;`
    fn routine<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Routine> {
        let start = i.first().map_or(0, |t| t.span.start);
        let (i, kind) = match kw("PROCEDURE")(i) {
            Ok((i, _)) => (i, RoutineKind::Procedure),
            Err(_) => {
                let (i, _) = kw("FUNCTION")(i)?;
                (i, RoutineKind::Function)
            }
        };
        let (i, name) = cut(self.name(i))?;
        let (mut i, params) = if punct('(')(i).is_ok() {
            cut(self.params(i))?
        } else {
            (i, Vec::new())
        };
        let mut returns = None;
        if kind == RoutineKind::Function {
            let (r, _) = cut(kw("RETURN")(i))?;
            let (r, ty) = match self_as_result(self.text, r) {
                Some(found) => found,
                None => cut(self.type_ref(r, TYPE_END))?,
            };
            returns = Some(ty);
            i = r;
        }
        let (mut i, options) = self.options(i, &["IS", "AS", ";", ",", ")"])?;
        if in_type_spec(i) {
            // A method declaration inside `CREATE TYPE … (…)`.
            let end = options.last().map_or(
                returns.as_ref().map_or(name.span.end, |r| r.span.end),
                |o| o.span.end,
            );
            return Ok((
                i,
                Routine {
                    span: Span::new(start, end),
                    kind,
                    name,
                    params,
                    returns,
                    options,
                    body: None,
                },
            ));
        }
        let mut body = None;
        let end;
        if let Ok((r, t)) = punct(';')(i) {
            // A declaration (package specification or forward declaration).
            end = t.span.end;
            i = r;
        } else {
            let (r, _) = cut(kw("IS")(i).or_else(|_| kw("AS")(i)))?;
            if kw("LANGUAGE")(r).is_ok() || kw("EXTERNAL")(r).is_ok() {
                // A call specification: kept as an option.
                let n = run_length(r, EXPR_END);
                let (r2, taken) = r.take_split(n);
                let (r2, semi) = cut(punct(';')(r2))?;
                let text_span = span_of(taken.tokens, semi.span.start);
                let mut options = options;
                options.push(RoutineOption {
                    span: text_span,
                    text: words_of(taken.tokens),
                });
                return Ok((
                    r2,
                    Routine {
                        span: Span::new(start, semi.span.end),
                        kind,
                        name,
                        params,
                        returns,
                        options,
                        body: None,
                    },
                ));
            }
            let (r, block) = cut(self.block(r, false))?;
            end = block.span.end;
            body = Some(block);
            i = r;
        }
        Ok((
            i,
            Routine {
                span: Span::new(start, end),
                kind,
                name,
                params,
                returns,
                options,
                body,
            },
        ))
    }

    /// Header clauses up to one of `until` (words, or `;`).
    fn options<'t>(
        &self,
        mut i: Tokens<'a, 't>,
        until: &[&str],
    ) -> Out<'a, 't, Vec<RoutineOption>> {
        let mut options: Vec<RoutineOption> = Vec::new();
        loop {
            let Some(t) = i.first() else {
                return fail(i, until.join(" or "));
            };
            if until.iter().any(|u| is_stop(t, u)) {
                return Ok((i, options));
            }
            // One option: a word, then its arguments up to the next option word.
            let start = i;
            let mut n = 1;
            let mut depth = 0usize;
            while let Some(t) = i.peek(n) {
                if t.is_punct('(') {
                    depth += 1;
                } else if t.is_punct(')') {
                    depth = depth.saturating_sub(1);
                } else if depth == 0
                    && (until.iter().any(|u| is_stop(t, u))
                        || OPTION_WORDS.iter().any(|w| t.is_word(w)))
                {
                    break;
                }
                n += 1;
            }
            let (r, taken) = start.take_split(n);
            options.push(RoutineOption {
                span: span_of(taken.tokens, 0),
                text: words_of(taken.tokens),
            });
            i = r;
        }
    }

    fn params<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Vec<Param>> {
        let (mut i, _) = punct('(')(i)?;
        let mut params = Vec::new();
        loop {
            let start = i.first().map_or(0, |t| t.span.start);
            let (r, name) = ident(i)?;
            let mut r = r;
            let mut mode = ParamMode::In;
            if let Ok((r2, _)) = kw("IN")(r) {
                r = r2;
                if let Ok((r3, _)) = kw("OUT")(r) {
                    r = r3;
                    mode = ParamMode::InOut;
                }
            } else if let Ok((r2, _)) = kw("OUT")(r) {
                r = r2;
                mode = ParamMode::Out;
            }
            let mut nocopy = false;
            if let Ok((r2, _)) = kw("NOCOPY")(r) {
                r = r2;
                nocopy = true;
            }
            let (mut r, ty) = self.type_ref(r, PARAM_TYPE_END)?;
            let mut default = None;
            if kw("DEFAULT")(r).is_ok() || at_op2(r, ':', '=') {
                let r2 = kw("DEFAULT")(r)
                    .map(|(x, _)| x)
                    .or_else(|_| op2(':', '=')(r).map(|(x, _)| x))?;
                let (r3, e) = self.expr(Stops {
                    words: &[],
                    chars: &[','],
                    range: false,
                    assign: false,
                })(r2)?;
                default = Some(e);
                r = r3;
            }
            let end = default.as_ref().map_or(ty.span.end, |d| d.span.end);
            params.push(Param {
                span: Span::new(start, end),
                name: Some(name),
                mode,
                nocopy,
                ty,
                default,
            });
            if let Ok((r2, _)) = punct(',')(r) {
                i = r2;
                continue;
            }
            let (r2, _) = punct(')')(r)?;
            return Ok((r2, params));
        }
    }

    /// A type: `name%TYPE`, `name%ROWTYPE`, a SQL type, or a named type.
    fn type_ref<'t>(&self, i: Tokens<'a, 't>, stops: Stops) -> Out<'a, 't, TypeRef> {
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
        let kind = match parse_data_type(source, &self.dialect) {
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

    /// `[DECLARE] declarations BEGIN statements [EXCEPTION handlers] END [name];`
    /// — `routine_body` is true after a routine's `IS`/`AS`, where there is no `DECLARE`.
    fn block<'t>(&self, i: Tokens<'a, 't>, anonymous: bool) -> Out<'a, 't, Block> {
        self.enter(i)?;
        let result = self.block_inner(i, anonymous);
        self.leave();
        result
    }

    fn block_inner<'t>(&self, i: Tokens<'a, 't>, anonymous: bool) -> Out<'a, 't, Block> {
        let start = i.first().map_or(0, |t| t.span.start);
        let mut i = i;
        let mut declarations = Vec::new();
        let has_declare = if anonymous {
            match kw("DECLARE")(i) {
                Ok((r, _)) => {
                    i = r;
                    true
                }
                Err(_) => false,
            }
        } else {
            true
        };
        if has_declare {
            let (r, d) = self.declarations(i, &["BEGIN"])?;
            declarations = d;
            i = r;
        }
        let (i, _) = cut(kw("BEGIN")(i))?;
        let (i, statements) = self.statements(i, &["EXCEPTION", "END"])?;
        let (i, handlers) = if kw("EXCEPTION")(i).is_ok() {
            self.handlers(i)?
        } else {
            (i, Vec::new())
        };
        let (i, _) = cut(kw("END")(i))?;
        let (i, end_name) = match ident(i) {
            Ok((r, n)) => (r, Some(n)),
            Err(_) => (i, None),
        };
        let (i, semi) = cut(punct(';')(i))?;
        Ok((
            i,
            Block {
                span: Span::new(start, semi.span.end),
                label: None,
                declarations,
                statements,
                handlers,
                end_name,
            },
        ))
    }

    fn handlers<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Vec<Handler>> {
        let (mut i, _) = kw("EXCEPTION")(i)?;
        let mut handlers = Vec::new();
        while let Ok((r, when)) = kw("WHEN")(i) {
            let mut exceptions = Vec::new();
            let (mut r, first) = cut(self.name(r))?;
            exceptions.push(first);
            while let Ok((r2, _)) = kw("OR")(r) {
                let (r3, n) = cut(self.name(r2))?;
                exceptions.push(n);
                r = r3;
            }
            let (r, _) = cut(kw("THEN")(r))?;
            let (r, body) = self.statements(r, &["WHEN", "END"])?;
            let end = body.last().map_or(when.span.end, |s| s.span.end);
            handlers.push(Handler {
                span: Span::new(when.span.start, end),
                exceptions,
                body,
            });
            i = r;
        }
        Ok((i, handlers))
    }

    /// Declarations until one of the `until` words.
    fn declarations<'t>(
        &self,
        mut i: Tokens<'a, 't>,
        until: &[&str],
    ) -> Out<'a, 't, Vec<Declaration>> {
        let mut out = Vec::new();
        loop {
            match i.first() {
                None => return fail(i, until.join(" or ")),
                Some(t) if until.iter().any(|u| t.is_word(u)) => return Ok((i, out)),
                _ => {}
            }
            let (r, d) = cut(self.declaration(i))?;
            out.push(d);
            i = r;
        }
    }

    fn declaration<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Declaration> {
        let start = i.first().map_or(0, |t| t.span.start);
        let first = i.first();
        if first.is_some_and(|t| t.is_word("PROCEDURE") || t.is_word("FUNCTION")) {
            let (r, routine) = self.routine(i)?;
            return Ok((r, Declaration::Routine(routine)));
        }
        if let Ok((r, _)) = kw("PRAGMA")(i) {
            let (r, name) = cut(ident(r))?;
            let (r, args) = if punct('(')(r).is_ok() {
                self.args(r)?
            } else {
                (r, Vec::new())
            };
            let (r, semi) = cut(punct(';')(r))?;
            return Ok((
                r,
                Declaration::Pragma {
                    span: Span::new(start, semi.span.end),
                    name: name.text.to_ascii_uppercase(),
                    args,
                },
            ));
        }
        if let Ok((r, _)) = kw("CURSOR")(i) {
            let (r, name) = cut(ident(r))?;
            let (mut r, params) = if punct('(')(r).is_ok() {
                cut(self.params(r))?
            } else {
                (r, Vec::new())
            };
            let mut returns = None;
            if let Ok((r2, _)) = kw("RETURN")(r) {
                let (r3, t) = cut(self.type_ref(
                    r2,
                    Stops {
                        words: &["IS"],
                        chars: &[';'],
                        range: false,
                        assign: false,
                    },
                ))?;
                returns = Some(t);
                r = r3;
            }
            let mut query = None;
            if let Ok((r2, _)) = kw("IS")(r) {
                let (r3, q) = cut(self.sql_statement(r2))?;
                query = Some(q);
                r = r3;
            }
            let (r, semi) = cut(punct(';')(r))?;
            return Ok((
                r,
                Declaration::Cursor(Cursor {
                    span: Span::new(start, semi.span.end),
                    name,
                    params,
                    returns,
                    query,
                }),
            ));
        }
        if let Ok((r, _)) = kw("TYPE")(i) {
            let (r, name) = cut(ident(r))?;
            let (r, _) = cut(kw("IS")(r).or_else(|_| kw("AS")(r)))?;
            let (r, definition) = cut(self.type_definition(r))?;
            let (r, semi) = cut(punct(';')(r))?;
            return Ok((
                r,
                Declaration::Type {
                    span: Span::new(start, semi.span.end),
                    name,
                    definition,
                },
            ));
        }
        if let Ok((r, _)) = kw("SUBTYPE")(i) {
            let (r, name) = cut(ident(r))?;
            let (r, _) = cut(kw("IS")(r))?;
            let (r, base) = cut(self.type_ref(r, VAR_TYPE_END))?;
            let (r, not_null) = not_null(r);
            let (r, semi) = cut(punct(';')(r))?;
            return Ok((
                r,
                Declaration::Subtype {
                    span: Span::new(start, semi.span.end),
                    name,
                    base,
                    not_null,
                },
            ));
        }
        // name [CONSTANT] type [NOT NULL] [:= | DEFAULT expr];  |  name EXCEPTION;
        let (r, name) = ident(i)?;
        if let Ok((r2, _)) = kw("EXCEPTION")(r) {
            let (r2, semi) = cut(punct(';')(r2))?;
            return Ok((
                r2,
                Declaration::Exception {
                    span: Span::new(start, semi.span.end),
                    name,
                },
            ));
        }
        let (r, constant) = match kw("CONSTANT")(r) {
            Ok((r2, _)) => (r2, true),
            Err(_) => (r, false),
        };
        let (r, ty) = cut(self.type_ref(r, VAR_TYPE_END))?;
        let (r, not_null) = not_null(r);
        let (r, default) = if kw("DEFAULT")(r).is_ok() || at_op2(r, ':', '=') {
            let r2 = kw("DEFAULT")(r)
                .map(|(x, _)| x)
                .or_else(|_| op2(':', '=')(r).map(|(x, _)| x))?;
            let (r3, e) = cut(self.expr(EXPR_END)(r2))?;
            (r3, Some(e))
        } else {
            (r, None)
        };
        let (r, semi) = cut(punct(';')(r))?;
        Ok((
            r,
            Declaration::Variable {
                span: Span::new(start, semi.span.end),
                name,
                constant,
                ty,
                not_null,
                default,
            },
        ))
    }

    fn type_definition<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, TypeDefinition> {
        if let Ok((r, _)) = kw("RECORD")(i) {
            let (mut r, _) = cut(punct('(')(r))?;
            let mut fields = Vec::new();
            loop {
                let start = r.first().map_or(0, |t| t.span.start);
                let (r2, name) = cut(ident(r))?;
                let (r2, ty) = cut(self.type_ref(r2, FIELD_TYPE_END))?;
                let (mut r2, not_null) = not_null(r2);
                let mut default = None;
                if kw("DEFAULT")(r2).is_ok() || at_op2(r2, ':', '=') {
                    let r3 = kw("DEFAULT")(r2)
                        .map(|(x, _)| x)
                        .or_else(|_| op2(':', '=')(r2).map(|(x, _)| x))?;
                    let (r4, e) = cut(self.expr(Stops {
                        words: &[],
                        chars: &[','],
                        range: false,
                        assign: false,
                    })(r3))?;
                    default = Some(e);
                    r2 = r4;
                }
                let end = default.as_ref().map_or(ty.span.end, |d| d.span.end);
                fields.push(Field {
                    span: Span::new(start, end),
                    name,
                    ty,
                    not_null,
                    default,
                });
                if let Ok((r3, _)) = punct(',')(r2) {
                    r = r3;
                    continue;
                }
                let (r3, _) = cut(punct(')')(r2))?;
                return Ok((r3, TypeDefinition::Record(fields)));
            }
        }
        if let Ok((r, _)) = kw("TABLE")(i) {
            let (r, _) = cut(kw("OF")(r))?;
            let (r, of) = cut(self.type_ref(
                r,
                Stops {
                    words: &["INDEX", "NOT"],
                    chars: &[';'],
                    range: false,
                    assign: false,
                },
            ))?;
            let (r, _) = not_null(r);
            let (r, index_by) = match kw("INDEX")(r) {
                Ok((r2, _)) => {
                    let (r2, _) = cut(kw("BY")(r2))?;
                    let (r2, t) = cut(self.type_ref(r2, EXPR_END))?;
                    (r2, Some(t))
                }
                Err(_) => (r, None),
            };
            return Ok((r, TypeDefinition::Table { of, index_by }));
        }
        if kw("VARRAY")(i).is_ok() || kw("VARYING")(i).is_ok() {
            let (r, _) = kw("VARRAY")(i).or_else(|_| {
                kw("VARYING")(i).and_then(|(r, t)| kw("ARRAY")(r).map(|(r2, _)| (r2, t)))
            })?;
            let (r, _) = cut(punct('(')(r))?;
            let (r, size) = cut(self.expr(Stops {
                words: &[],
                chars: &[')'],
                range: false,
                assign: false,
            })(r))?;
            let (r, _) = cut(punct(')')(r))?;
            let (r, _) = cut(kw("OF")(r))?;
            let (r, of) = cut(self.type_ref(
                r,
                Stops {
                    words: &["NOT"],
                    chars: &[';'],
                    range: false,
                    assign: false,
                },
            ))?;
            let (r, _) = not_null(r);
            return Ok((r, TypeDefinition::Varray { size, of }));
        }
        if let Ok((r, _)) = kw("REF")(i) {
            let (r, _) = cut(kw("CURSOR")(r))?;
            if let Ok((r2, _)) = kw("RETURN")(r) {
                let (r2, t) = cut(self.type_ref(r2, EXPR_END))?;
                return Ok((r2, TypeDefinition::RefCursor(Some(t))));
            }
            return Ok((r, TypeDefinition::RefCursor(None)));
        }
        fail(i, "RECORD, TABLE OF, VARRAY or REF CURSOR")
    }

    /// A parenthesised, comma-separated argument list.
    fn args<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Vec<PlExpr>> {
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

    /// Statements until one of the `until` words (at statement start).
    fn statements<'t>(&self, mut i: Tokens<'a, 't>, until: &[&str]) -> Out<'a, 't, Vec<Stmt>> {
        let mut out = Vec::new();
        loop {
            match i.first() {
                None => return fail(i, until.join(" or ")),
                Some(t) if until.iter().any(|u| t.is_word(u)) => return Ok((i, out)),
                _ => {}
            }
            let (r, s) = cut(self.statement(i))?;
            out.push(s);
            i = r;
        }
    }

    fn statement<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Stmt> {
        let (i, labels) = self.labels(i)?;
        let start = i.first().map_or(0, |t| t.span.start);
        self.enter(i)?;
        let result = self.statement_kind(i);
        self.leave();
        let (i, (kind, end)) = result?;
        Ok((
            i,
            Stmt {
                span: Span::new(start, end),
                labels,
                kind,
            },
        ))
    }

    /// One statement; returns its kind and the end offset (after its `;`).
    fn statement_kind<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
        let Some(first) = i.first() else {
            return fail(i, "a statement");
        };
        let word = |w: &str| first.is_word(w);
        if word("DECLARE") || word("BEGIN") {
            let (r, block) = self.block(i, true)?;
            let end = block.span.end;
            return Ok((r, (StmtKind::Block(Box::new(block)), end)));
        }
        if word("IF") {
            return self.if_statement(i);
        }
        if word("CASE") {
            return self.case_statement(i);
        }
        if word("LOOP") {
            let (r, body) = self.loop_body(i)?;
            return self.end_loop(r, StmtKind::Loop(body));
        }
        if word("WHILE") {
            let (r, _) = kw("WHILE")(i)?;
            let (r, condition) = cut(self.expr(Stops {
                words: &["LOOP"],
                chars: &[';'],
                range: false,
                assign: false,
            })(r))?;
            let (r, body) = cut(self.loop_body(r))?;
            return self.end_loop(r, StmtKind::While { condition, body });
        }
        if word("FOR") {
            return self.for_statement(i);
        }
        if word("FORALL") {
            return self.forall(i);
        }
        if word("EXIT") || word("CONTINUE") {
            let r = i.take_from(1);
            let (r, label) = match ident(r) {
                Ok((r2, n)) if !n.text.eq_ignore_ascii_case("WHEN") => (r2, Some(n)),
                _ => (r, None),
            };
            let (r, when) = match kw("WHEN")(r) {
                Ok((r2, _)) => {
                    let (r3, e) = cut(self.expr(EXPR_END)(r2))?;
                    (r3, Some(e))
                }
                Err(_) => (r, None),
            };
            let (r, semi) = cut(punct(';')(r))?;
            let kind = if word("EXIT") {
                StmtKind::Exit { label, when }
            } else {
                StmtKind::Continue { label, when }
            };
            return Ok((r, (kind, semi.span.end)));
        }
        if word("GOTO") {
            let (r, _) = kw("GOTO")(i)?;
            let (r, label) = cut(ident(r))?;
            let (r, semi) = cut(punct(';')(r))?;
            return Ok((r, (StmtKind::Goto(label), semi.span.end)));
        }
        if word("NULL") && i.peek(1).is_some_and(|t| t.is_punct(';')) {
            let (r, _) = kw("NULL")(i)?;
            let (r, semi) = punct(';')(r)?;
            return Ok((r, (StmtKind::Null, semi.span.end)));
        }
        if word("RETURN") {
            let (r, _) = kw("RETURN")(i)?;
            let (r, value) = match punct(';')(r) {
                Ok(_) => (r, None),
                Err(_) => {
                    let (r2, e) = cut(self.expr(EXPR_END)(r))?;
                    (r2, Some(e))
                }
            };
            let (r, semi) = cut(punct(';')(r))?;
            return Ok((r, (StmtKind::Return(value), semi.span.end)));
        }
        if word("RAISE") {
            let (r, _) = kw("RAISE")(i)?;
            let (r, name) = match punct(';')(r) {
                Ok(_) => (r, None),
                Err(_) => {
                    let (r2, n) = cut(self.name(r))?;
                    (r2, Some(n))
                }
            };
            let (r, semi) = cut(punct(';')(r))?;
            return Ok((r, (StmtKind::Raise(name), semi.span.end)));
        }
        if word("OPEN") {
            return self.open(i);
        }
        if word("FETCH") {
            return self.fetch(i);
        }
        if word("CLOSE") {
            let (r, _) = kw("CLOSE")(i)?;
            let (r, cursor) = cut(self.name(r))?;
            let (r, semi) = cut(punct(';')(r))?;
            return Ok((r, (StmtKind::Close(cursor), semi.span.end)));
        }
        if word("EXECUTE") && i.peek(1).is_some_and(|t| t.is_word("IMMEDIATE")) {
            return self.execute_immediate(i);
        }
        if word("PIPE") && i.peek(1).is_some_and(|t| t.is_word("ROW")) {
            let (r, _) = kw("PIPE")(i)?;
            let (r, _) = kw("ROW")(r)?;
            let (r, e) = cut(self.expr(EXPR_END)(r))?;
            let (r, semi) = cut(punct(';')(r))?;
            return Ok((r, (StmtKind::PipeRow(e), semi.span.end)));
        }
        if SQL_STARTS.iter().any(|w| word(w)) {
            let (r, sql) = cut(self.sql_statement(i))?;
            let (r, semi) = cut(punct(';')(r))?;
            return Ok((r, (StmtKind::Sql(Box::new(sql)), semi.span.end)));
        }
        // Assignment or procedure call.
        let target_len = run_length(
            i,
            Stops {
                words: &[],
                chars: &[';'],
                range: false,
                assign: true,
            },
        );
        if at_op2(i.take_from(target_len), ':', '=') {
            let (r, target) = cut(self.expr(Stops {
                words: &[],
                chars: &[';'],
                range: false,
                assign: true,
            })(i))?;
            let (r, _) = op2(':', '=')(r)?;
            let (r, value) = cut(self.expr(EXPR_END)(r))?;
            let (r, semi) = cut(punct(';')(r))?;
            return Ok((r, (StmtKind::Assign { target, value }, semi.span.end)));
        }
        if !matches!(first.kind, LexemeKind::Word | LexemeKind::QuotedIdent) || first.is_word("END")
        {
            return fail(i, "a statement");
        }
        let (r, call) = cut(self.expr(EXPR_END)(i))?;
        let (r, semi) = cut(punct(';')(r))?;
        Ok((r, (StmtKind::Call(call), semi.span.end)))
    }

    /// A SQL statement up to (not including) its `;`.
    fn sql_statement<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, EmbeddedSql> {
        let n = run_length(i, EXPR_END);
        if n == 0 {
            return fail(i, "a SQL statement");
        }
        let (rest, taken) = i.take_split(n);
        match embedded_sql(self.text, taken, &self.dialect) {
            Ok(sql) => Ok((rest, sql)),
            Err(e) => Err(Err::Failure(e)),
        }
    }

    fn if_statement<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
        let cond_stops = Stops {
            words: &["THEN"],
            chars: &[';'],
            range: false,
            assign: false,
        };
        let (mut r, _) = kw("IF")(i)?;
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let (r2, condition) = cut(self.expr(cond_stops)(r))?;
            let (r2, _) = cut(kw("THEN")(r2))?;
            let (r2, body) = self.statements(r2, &["ELSIF", "ELSE", "END"])?;
            branches.push(Branch { condition, body });
            if let Ok((r3, _)) = kw("ELSIF")(r2) {
                r = r3;
                continue;
            }
            r = r2;
            if let Ok((r3, _)) = kw("ELSE")(r) {
                let (r4, body) = self.statements(r3, &["END"])?;
                otherwise = Some(body);
                r = r4;
            }
            break;
        }
        let (r, _) = cut(kw("END")(r))?;
        let (r, _) = cut(kw("IF")(r))?;
        let (r, semi) = cut(punct(';')(r))?;
        Ok((
            r,
            (
                StmtKind::If {
                    branches,
                    otherwise,
                },
                semi.span.end,
            ),
        ))
    }

    fn case_statement<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
        let (r, _) = kw("CASE")(i)?;
        let when_stops = Stops {
            words: &["WHEN", "THEN"],
            chars: &[';'],
            range: false,
            assign: false,
        };
        let (mut r, operand) = if kw("WHEN")(r).is_ok() {
            (r, None)
        } else {
            let (r2, e) = cut(self.expr(when_stops)(r))?;
            (r2, Some(e))
        };
        let mut whens = Vec::new();
        while let Ok((r2, _)) = kw("WHEN")(r) {
            let (r2, condition) = cut(self.expr(when_stops)(r2))?;
            let (r2, _) = cut(kw("THEN")(r2))?;
            let (r2, body) = self.statements(r2, &["WHEN", "ELSE", "END"])?;
            whens.push(Branch { condition, body });
            r = r2;
        }
        let mut otherwise = None;
        if let Ok((r2, _)) = kw("ELSE")(r) {
            let (r3, body) = self.statements(r2, &["END"])?;
            otherwise = Some(body);
            r = r3;
        }
        let (r, _) = cut(kw("END")(r))?;
        let (r, _) = cut(kw("CASE")(r))?;
        let r = ident(r).map_or(r, |(r2, _)| r2);
        let (r, semi) = cut(punct(';')(r))?;
        Ok((
            r,
            (
                StmtKind::Case {
                    operand,
                    whens,
                    otherwise,
                },
                semi.span.end,
            ),
        ))
    }

    /// `LOOP statements` (up to `END`).
    fn loop_body<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Vec<Stmt>> {
        let (r, _) = kw("LOOP")(i)?;
        self.statements(r, &["END"])
    }

    /// `END LOOP [label];`
    fn end_loop<'t>(&self, i: Tokens<'a, 't>, kind: StmtKind) -> Out<'a, 't, (StmtKind, usize)> {
        let (r, _) = cut(kw("END")(i))?;
        let (r, _) = cut(kw("LOOP")(r))?;
        let r = ident(r).map_or(r, |(r2, _)| r2);
        let (r, semi) = cut(punct(';')(r))?;
        Ok((r, (kind, semi.span.end)))
    }

    fn for_statement<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
        let (r, _) = kw("FOR")(i)?;
        let (r, index) = cut(ident(r))?;
        let (r, _) = cut(kw("IN")(r))?;
        let (r, reverse) = match kw("REVERSE")(r) {
            Ok((r2, _)) => (r2, true),
            Err(_) => (r, false),
        };
        // ( query ) — an inline cursor.
        if punct('(')(r).is_ok()
            && r.peek(1)
                .is_some_and(|t| t.is_word("SELECT") || t.is_word("WITH"))
        {
            let (r2, _) = punct('(')(r)?;
            let n = run_length(
                r2,
                Stops {
                    words: &[],
                    chars: &[')'],
                    range: false,
                    assign: false,
                },
            );
            let (r3, taken) = r2.take_split(n);
            let query = embedded_sql(self.text, taken, &self.dialect).map_err(Err::Failure)?;
            let (r3, _) = cut(punct(')')(r3))?;
            let (r3, body) = cut(self.loop_body(r3))?;
            return self.end_loop(
                r3,
                StmtKind::ForCursor {
                    record: index,
                    source: CursorSource::Query(Box::new(query)),
                    body,
                },
            );
        }
        // low..high, or a cursor name with arguments.
        let range_stops = Stops {
            words: &["LOOP"],
            chars: &[';'],
            range: true,
            assign: false,
        };
        let n = run_length(r, range_stops);
        if at_op2(r.take_from(n), '.', '.') {
            let (r2, low) = cut(self.expr(range_stops)(r))?;
            let (r2, _) = op2('.', '.')(r2)?;
            let (r2, high) = cut(self.expr(Stops {
                words: &["LOOP"],
                chars: &[';'],
                range: false,
                assign: false,
            })(r2))?;
            let (r2, body) = cut(self.loop_body(r2))?;
            return self.end_loop(
                r2,
                StmtKind::ForRange {
                    index,
                    reverse,
                    low,
                    high,
                    body,
                },
            );
        }
        let (r2, cursor) = cut(self.name(r))?;
        let (r2, args) = if punct('(')(r2).is_ok() {
            cut(self.args(r2))?
        } else {
            (r2, Vec::new())
        };
        let (r2, body) = cut(self.loop_body(r2))?;
        self.end_loop(
            r2,
            StmtKind::ForCursor {
                record: index,
                source: CursorSource::Named { cursor, args },
                body,
            },
        )
    }

    fn forall<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
        let (r, _) = kw("FORALL")(i)?;
        let (r, index) = cut(ident(r))?;
        let (r, _) = cut(kw("IN")(r))?;
        let dml_start = Stops {
            words: &["INSERT", "UPDATE", "DELETE", "MERGE", "SAVE", "EXECUTE"],
            chars: &[';'],
            range: true,
            assign: false,
        };
        let (r, low, high) = if kw("INDICES")(r).is_ok() || kw("VALUES")(r).is_ok() {
            let (r2, _) = kw("INDICES")(r).or_else(|_| kw("VALUES")(r))?;
            let (r2, _) = cut(kw("OF")(r2))?;
            let (r2, coll) = cut(self.expr(dml_start)(r2))?;
            (r2, coll, None)
        } else {
            let (r2, low) = cut(self.expr(dml_start)(r))?;
            let (r2, _) = cut(op2('.', '.')(r2))?;
            let (r2, high) = cut(self.expr(dml_start)(r2))?;
            (r2, low, Some(high))
        };
        let (r, save_exceptions) = match kw("SAVE")(r) {
            Ok((r2, _)) => {
                let (r2, _) = cut(kw("EXCEPTIONS")(r2))?;
                (r2, true)
            }
            Err(_) => (r, false),
        };
        let (r, statement) = cut(self.sql_statement(r))?;
        let (r, semi) = cut(punct(';')(r))?;
        Ok((
            r,
            (
                StmtKind::Forall {
                    index,
                    low,
                    high,
                    save_exceptions,
                    statement: Box::new(statement),
                },
                semi.span.end,
            ),
        ))
    }

    fn open<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
        let (r, _) = kw("OPEN")(i)?;
        let (r, cursor) = cut(self.name(r))?;
        if let Ok((r2, _)) = kw("FOR")(r) {
            let is_query = r2
                .first()
                .is_some_and(|t| t.is_word("SELECT") || t.is_word("WITH"));
            let (r3, query, dynamic) = if is_query {
                let n = run_length(
                    r2,
                    Stops {
                        words: &["USING"],
                        chars: &[';'],
                        range: false,
                        assign: false,
                    },
                );
                let (r3, taken) = r2.take_split(n);
                let q = embedded_sql(self.text, taken, &self.dialect).map_err(Err::Failure)?;
                (r3, Some(q), None)
            } else {
                let (r3, e) = cut(self.expr(Stops {
                    words: &["USING"],
                    chars: &[';'],
                    range: false,
                    assign: false,
                })(r2))?;
                (r3, None, Some(e))
            };
            let (r3, using) = self.using(r3, &[])?;
            let (r3, semi) = cut(punct(';')(r3))?;
            return Ok((
                r3,
                (
                    StmtKind::OpenFor {
                        cursor,
                        query: query.map(Box::new),
                        dynamic,
                        using,
                    },
                    semi.span.end,
                ),
            ));
        }
        let (r, args) = if punct('(')(r).is_ok() {
            cut(self.args(r))?
        } else {
            (r, Vec::new())
        };
        let (r, semi) = cut(punct(';')(r))?;
        Ok((r, (StmtKind::Open { cursor, args }, semi.span.end)))
    }

    fn fetch<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
        let (r, _) = kw("FETCH")(i)?;
        let (r, cursor) = cut(self.name(r))?;
        let (r, into) = cut(self.into(r, &["LIMIT"]))?;
        let (r, limit) = match kw("LIMIT")(r) {
            Ok((r2, _)) => {
                let (r3, e) = cut(self.expr(EXPR_END)(r2))?;
                (r3, Some(e))
            }
            Err(_) => (r, None),
        };
        let (r, semi) = cut(punct(';')(r))?;
        Ok((
            r,
            (
                StmtKind::Fetch {
                    cursor,
                    into,
                    limit,
                },
                semi.span.end,
            ),
        ))
    }

    /// `[BULK COLLECT] INTO target, …` up to one of `until` or `;`.
    fn into<'t>(&self, i: Tokens<'a, 't>, until: &'static [&'static str]) -> Out<'a, 't, Into> {
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
    fn using<'t>(
        &self,
        i: Tokens<'a, 't>,
        until: &'static [&'static str],
    ) -> Out<'a, 't, Vec<UsingArg>> {
        let Ok((mut r, _)) = kw("USING")(i) else {
            return Ok((i, Vec::new()));
        };
        let mut args = Vec::new();
        loop {
            let mut mode = ParamMode::In;
            if let Ok((r2, _)) = kw("IN")(r) {
                r = r2;
                if let Ok((r3, _)) = kw("OUT")(r) {
                    r = r3;
                    mode = ParamMode::InOut;
                }
            } else if let Ok((r2, _)) = kw("OUT")(r) {
                r = r2;
                mode = ParamMode::Out;
            }
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

    fn execute_immediate<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
        let (r, _) = kw("EXECUTE")(i)?;
        let (r, _) = kw("IMMEDIATE")(r)?;
        let (mut r, sql) = cut(self.expr(Stops {
            words: &["INTO", "USING", "BULK", "RETURNING", "RETURN"],
            chars: &[';'],
            range: false,
            assign: false,
        })(r))?;
        let mut into = None;
        if kw("INTO")(r).is_ok() || kw("BULK")(r).is_ok() {
            let (r2, x) = cut(self.into(r, &["USING", "RETURNING", "RETURN"]))?;
            into = Some(x);
            r = r2;
        }
        let (mut r, using) = self.using(r, &["RETURNING", "RETURN"])?;
        let mut returning = None;
        if let Ok((r2, _)) = kw("RETURNING")(r).or_else(|_| kw("RETURN")(r)) {
            let (r3, x) = cut(self.into(r2, &[]))?;
            returning = Some(x);
            r = r3;
        }
        let (r, semi) = cut(punct(';')(r))?;
        Ok((
            r,
            (
                StmtKind::ExecuteImmediate {
                    sql,
                    into,
                    using,
                    returning,
                },
                semi.span.end,
            ),
        ))
    }

    /// `PACKAGE [BODY] name options IS|AS declarations [BEGIN init] END [name];`
    fn package<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Package> {
        let start = i.first().map_or(0, |t| t.span.start);
        let (r, _) = kw("PACKAGE")(i)?;
        let (r, body) = match kw("BODY")(r) {
            Ok((r2, _)) => (r2, true),
            Err(_) => (r, false),
        };
        let (r, name) = cut(self.name(r))?;
        let (r, options) = self.options(r, &["IS", "AS"])?;
        let (r, _) = cut(kw("IS")(r).or_else(|_| kw("AS")(r)))?;
        let (r, declarations) = self.declarations(r, &["BEGIN", "END"])?;
        let (r, initialization, handlers) = match kw("BEGIN")(r) {
            Ok((r2, _)) => {
                let (r2, stmts) = self.statements(r2, &["EXCEPTION", "END"])?;
                let (r2, handlers) = if kw("EXCEPTION")(r2).is_ok() {
                    self.handlers(r2)?
                } else {
                    (r2, Vec::new())
                };
                (r2, Some(stmts), handlers)
            }
            Err(_) => (r, None, Vec::new()),
        };
        let (r, _) = cut(kw("END")(r))?;
        let r = ident(r).map_or(r, |(r2, _)| r2);
        let (r, semi) = cut(punct(';')(r))?;
        Ok((
            r,
            Package {
                span: Span::new(start, semi.span.end),
                name,
                body,
                options,
                declarations,
                initialization,
                handlers,
            },
        ))
    }

    /// `TYPE name [FORCE] [AUTHID …] AS|IS OBJECT (…) | UNDER p (…) | TABLE OF … | VARRAY(n) OF …`
    fn type_spec<'t>(
        &self,
        i: Tokens<'a, 't>,
        unit_start: Tokens<'a, 't>,
    ) -> Out<'a, 't, TypeSpec> {
        let start = unit_start.first().map_or(0, |t| t.span.start);
        let (r, _) = kw("TYPE")(i)?;
        let (r, name) = cut(self.name(r))?;
        let (r, mut options) = self.options(r, &["AS", "IS", "UNDER"])?;
        let (r, kind) = if let Ok((r2, _)) = kw("UNDER")(r) {
            let (r2, parent) = cut(self.name(r2))?;
            let (r2, (attributes, methods)) = cut(self.object_members(r2))?;
            (
                r2,
                TypeSpecKind::Object {
                    under: Some(parent),
                    attributes,
                    methods,
                },
            )
        } else {
            let (r2, _) = cut(kw("AS")(r).or_else(|_| kw("IS")(r)))?;
            if let Ok((r3, _)) = kw("OBJECT")(r2) {
                let (r3, (attributes, methods)) = cut(self.object_members(r3))?;
                (
                    r3,
                    TypeSpecKind::Object {
                        under: None,
                        attributes,
                        methods,
                    },
                )
            } else {
                let (r3, def) = cut(self.type_definition(r2))?;
                (r3, TypeSpecKind::Collection(def))
            }
        };
        let (r, trailing) = self.options(r, &[";"])?;
        options.extend(trailing);
        let (r, semi) = cut(punct(';')(r))?;
        Ok((
            r,
            TypeSpec {
                span: Span::new(start, semi.span.end),
                name,
                options,
                kind,
            },
        ))
    }

    /// `( attribute type, …, [qualifiers] FUNCTION|PROCEDURE …, … )`
    fn object_members<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (Vec<Field>, Vec<Method>)> {
        let (mut r, _) = punct('(')(i)?;
        let mut attributes = Vec::new();
        let mut methods = Vec::new();
        loop {
            if let Ok((r2, method)) = self.method(r) {
                methods.push(method);
                r = r2;
            } else {
                let start = r.first().map_or(0, |t| t.span.start);
                let (r2, name) = cut(ident(r))?;
                let (r2, ty) = cut(self.type_ref(
                    r2,
                    Stops {
                        words: &[],
                        chars: &[','],
                        range: false,
                        assign: false,
                    },
                ))?;
                attributes.push(Field {
                    span: Span::new(start, ty.span.end),
                    name,
                    ty,
                    not_null: false,
                    default: None,
                });
                r = r2;
            }
            if let Ok((r2, _)) = punct(',')(r) {
                r = r2;
                continue;
            }
            let (r2, _) = cut(punct(')')(r))?;
            return Ok((r2, (attributes, methods)));
        }
    }

    /// `[qualifiers] FUNCTION|PROCEDURE …` in a type specification or body.
    fn method<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Method> {
        let start = i.first().map_or(0, |t| t.span.start);
        let mut r = i;
        let mut qualifiers = Vec::new();
        while let Some(t) = r.first().filter(|t| {
            // `NOT` qualifies only `FINAL`, `INSTANTIABLE` and `OVERRIDING`.
            let not_qualifier = t.is_word("NOT")
                && !r.peek(1).is_some_and(|n| {
                    n.is_word("FINAL") || n.is_word("INSTANTIABLE") || n.is_word("OVERRIDING")
                });
            METHOD_QUALIFIERS.iter().any(|q| t.is_word(q)) && !not_qualifier
        }) {
            qualifiers.push(t.text.to_ascii_uppercase());
            r = r.take_from(1);
        }
        if !r
            .first()
            .is_some_and(|t| t.is_word("FUNCTION") || t.is_word("PROCEDURE"))
        {
            return fail(i, "a method");
        }
        let (r, routine) = cut(self.routine(r))?;
        Ok((
            r,
            Method {
                span: Span::new(start, routine.span.end),
                qualifiers,
                routine,
            },
        ))
    }

    /// `TYPE BODY name AS|IS methods END;`
    fn type_body<'t>(
        &self,
        i: Tokens<'a, 't>,
        unit_start: Tokens<'a, 't>,
    ) -> Out<'a, 't, TypeBody> {
        let start = unit_start.first().map_or(0, |t| t.span.start);
        let (r, _) = kw("TYPE")(i)?;
        let (r, _) = kw("BODY")(r)?;
        let (r, name) = cut(self.name(r))?;
        let (mut r, _) = cut(kw("AS")(r).or_else(|_| kw("IS")(r)))?;
        let mut methods = Vec::new();
        while kw("END")(r).is_err() {
            let (r2, m) = cut(self.method(r))?;
            methods.push(m);
            r = r2;
        }
        let (r, _) = kw("END")(r)?;
        let r = ident(r).map_or(r, |(r2, _)| r2);
        let (r, semi) = cut(punct(';')(r))?;
        Ok((
            r,
            TypeBody {
                span: Span::new(start, semi.span.end),
                name,
                methods,
            },
        ))
    }

    /// `TRIGGER name timing events ON table options [WHEN (cond)] body`
    fn trigger<'t>(&self, i: Tokens<'a, 't>, unit_start: Tokens<'a, 't>) -> Out<'a, 't, Trigger> {
        let start = unit_start.first().map_or(0, |t| t.span.start);
        let (r, _) = kw("TRIGGER")(i)?;
        let (r, name) = cut(self.name(r))?;
        let (r, timing) = if let Ok((r2, _)) = kw("BEFORE")(r) {
            (r2, TriggerTiming::Before)
        } else if let Ok((r2, _)) = kw("AFTER")(r) {
            (r2, TriggerTiming::After)
        } else if let Ok((r2, _)) = kw("INSTEAD")(r) {
            let (r2, _) = cut(kw("OF")(r2))?;
            (r2, TriggerTiming::InsteadOf)
        } else if let Ok((r2, _)) = kw("FOR")(r) {
            (r2, TriggerTiming::For)
        } else {
            return Err(Err::Failure(PError {
                offset: r.first().map_or(0, |t| t.span.start),
                expected: "BEFORE, AFTER, INSTEAD OF or FOR".to_string(),
                depth: usize::MAX,
            }));
        };
        // Events: INSERT OR UPDATE [OF cols] OR DELETE, up to ON.
        let n = run_length(
            r,
            Stops {
                words: &["ON"],
                chars: &[';'],
                range: false,
                assign: false,
            },
        );
        let (r, ev) = r.take_split(n);
        let events = ev
            .tokens
            .split(|t| t.is_word("OR"))
            .filter(|part| !part.is_empty())
            .map(|part| RoutineOption {
                span: span_of(part, 0),
                text: words_of(part),
            })
            .collect();
        let (r, _) = cut(kw("ON")(r))?;
        let (r, table) = cut(self.name(r))?;
        let (mut r, options) = self.options(r, &["WHEN", "DECLARE", "BEGIN", "COMPOUND"])?;
        let mut when = None;
        if let Ok((r2, _)) = kw("WHEN")(r) {
            let (r2, _) = cut(punct('(')(r2))?;
            let (r2, cond) = cut(self.expr(Stops {
                words: &[],
                chars: &[')'],
                range: false,
                assign: false,
            })(r2))?;
            let (r2, _) = cut(punct(')')(r2))?;
            when = Some(cond);
            r = r2;
        }
        let (r, body) = if kw("COMPOUND")(r).is_ok() {
            cut(self.compound_trigger(r))?
        } else {
            let (r, block) = cut(self.block(r, true))?;
            (r, TriggerBody::Simple(block))
        };
        Ok((
            r,
            Trigger {
                span: Span::new(start, body.span().end),
                name,
                timing,
                events,
                table,
                options,
                when,
                body,
            },
        ))
    }
}

impl<'a> PlsqlParser<'a> {
    /// `COMPOUND TRIGGER declarations { timing IS block_body timing ; } END [name];`
    fn compound_trigger<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, TriggerBody> {
        let start = i.first().map_or(0, |t| t.span.start);
        let (r, _) = kw("COMPOUND")(i)?;
        let (r, _) = cut(kw("TRIGGER")(r))?;
        let (mut r, declarations) = self.declarations(r, &["BEFORE", "AFTER", "INSTEAD", "END"])?;
        let mut sections = Vec::new();
        while kw("END")(r).is_err() {
            let section_start = r.first().map_or(0, |t| t.span.start);
            let (r2, timing) = cut(timing_point(r))?;
            let (r2, _) = cut(kw("IS")(r2))?;
            let (r2, _) = cut(kw("BEGIN")(r2))?;
            let (r2, statements) = self.statements(r2, &["EXCEPTION", "END"])?;
            let (r2, handlers) = if kw("EXCEPTION")(r2).is_ok() {
                self.handlers(r2)?
            } else {
                (r2, Vec::new())
            };
            let (r2, _) = cut(kw("END")(r2))?;
            let (r2, closing) = cut(timing_point(r2))?;
            if closing != timing {
                return Err(Err::Failure(PError {
                    offset: r.first().map_or(0, |t| t.span.start),
                    expected: format!("END {timing}"),
                    depth: usize::MAX,
                }));
            }
            let (r2, semi) = cut(punct(';')(r2))?;
            let span = Span::new(section_start, semi.span.end);
            sections.push(TimingSection {
                span,
                timing,
                block: Block {
                    span,
                    label: None,
                    declarations: Vec::new(),
                    statements,
                    handlers,
                    end_name: None,
                },
            });
            r = r2;
        }
        let (r, _) = kw("END")(r)?;
        let (r, end_name) = match ident(r) {
            Ok((r2, n)) => (r2, Some(n)),
            Err(_) => (r, None),
        };
        let (r, semi) = cut(punct(';')(r))?;
        Ok((
            r,
            TriggerBody::Compound {
                span: Span::new(start, semi.span.end),
                declarations,
                sections,
                end_name,
            },
        ))
    }
}

/// `BEFORE STATEMENT`, `BEFORE EACH ROW`, `AFTER EACH ROW`, `AFTER STATEMENT`,
/// `INSTEAD OF EACH ROW`, upper-cased.
fn timing_point<'a, 't>(i: Tokens<'a, 't>) -> PResult<'a, 't, String>
where
    'a: 't,
{
    let (r, first) = kw("BEFORE")(i)
        .or_else(|_| kw("AFTER")(i))
        .or_else(|_| kw("INSTEAD")(i).and_then(|(r, t)| kw("OF")(r).map(|(r2, _)| (r2, t))))?;
    let head = if first.is_word("INSTEAD") {
        "INSTEAD OF"
    } else if first.is_word("BEFORE") {
        "BEFORE"
    } else {
        "AFTER"
    };
    if let Ok((r2, _)) = kw("STATEMENT")(r) {
        return Ok((r2, format!("{head} STATEMENT")));
    }
    let (r2, _) = kw("EACH")(r)?;
    let (r2, _) = kw("ROW")(r2)?;
    Ok((r2, format!("{head} EACH ROW")))
}

/// Whether `t` is the stop `stop`: a word, or a one-character punctuation.
fn is_stop(t: &Token<'_>, stop: &str) -> bool {
    let mut chars = stop.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_alphanumeric() => t.is_punct(c),
        _ => t.is_word(stop),
    }
}

/// `RETURN SELF AS RESULT` of a constructor.
fn self_as_result<'a, 't>(text: &str, i: Tokens<'a, 't>) -> Option<(Tokens<'a, 't>, TypeRef)> {
    let (r, first) = kw("SELF")(i).ok()?;
    let (r, _) = kw("AS")(r).ok()?;
    let (r, last) = kw("RESULT")(r).ok()?;
    let span = Span::new(first.span.start, last.span.end);
    Some((
        r,
        TypeRef {
            span,
            kind: TypeRefKind::Named(Name {
                text: span.slice(text).to_string(),
                span,
            }),
        },
    ))
}

/// Whether a routine header ends here as a method declaration inside a type
/// specification (followed by `,` or the closing `)`).
fn in_type_spec(i: Tokens<'_, '_>) -> bool {
    i.first()
        .is_some_and(|t| t.is_punct(',') || t.is_punct(')'))
}

fn not_null<'a, 't>(i: Tokens<'a, 't>) -> (Tokens<'a, 't>, bool) {
    match kw("NOT")(i).and_then(|(r, _)| kw("NULL")(r)) {
        Ok((r, _)) => (r, true),
        Err(_) => (i, false),
    }
}

/// The tokens' text as written, separated by single spaces (none around
/// `.`, `@`, `%`, before `,` and `)`, or after `(`).
fn words_of(tokens: &[Token<'_>]) -> String {
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

/// Words that may stand before a method's FUNCTION or PROCEDURE.
const METHOD_QUALIFIERS: &[&str] = &[
    "MEMBER",
    "STATIC",
    "CONSTRUCTOR",
    "MAP",
    "ORDER",
    "OVERRIDING",
    "FINAL",
    "INSTANTIABLE",
    "NOT",
];

/// Words that start a routine header clause.
const OPTION_WORDS: &[&str] = &[
    "AUTHID",
    "DETERMINISTIC",
    "PIPELINED",
    "RESULT_CACHE",
    "PARALLEL_ENABLE",
    "ACCESSIBLE",
    "AGGREGATE",
    "SHARING",
    "DEFAULT",
    "REFERENCING",
    "FOR",
    "FOLLOWS",
    "PRECEDES",
    "ENABLE",
    "DISABLE",
];

/// Words that start an embedded SQL statement.
const SQL_STARTS: &[&str] = &[
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
];

/// Where a routine's return type ends.
const TYPE_END: Stops = Stops {
    words: &[
        "IS",
        "AS",
        "AUTHID",
        "DETERMINISTIC",
        "PIPELINED",
        "RESULT_CACHE",
        "PARALLEL_ENABLE",
        "ACCESSIBLE",
        "AGGREGATE",
    ],
    chars: &[';'],
    range: false,
    assign: false,
};

/// Where a parameter's type ends.
const PARAM_TYPE_END: Stops = Stops {
    words: &["DEFAULT"],
    chars: &[',', ';'],
    range: false,
    assign: true,
};

/// Where a variable's type ends.
const VAR_TYPE_END: Stops = Stops {
    words: &["DEFAULT", "NOT"],
    chars: &[';'],
    range: false,
    assign: true,
};

/// Where a record field's type ends.
const FIELD_TYPE_END: Stops = Stops {
    words: &["DEFAULT", "NOT"],
    chars: &[','],
    range: false,
    assign: true,
};

#[cfg(test)]
#[path = "plsql_tests.rs"]
mod tests;
