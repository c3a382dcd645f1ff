//! PL/pgSQL: PostgreSQL routines (`CREATE FUNCTION|PROCEDURE … AS $$ … $$`),
//! `DO` blocks, and the statements only PL/pgSQL has. The grammar is
//! `grammar/plpgsql.ebnf`.

use nom::{Err, Input};

use crate::ast::procedural::*;
use crate::source::{LexemeKind, ScriptSyntax, Span};

use super::common::{PError, Stops, at_op2, cut, fail, ident, kw, punct, run_length, span_of};
use super::embedded_sql::{embedded_sql, embedded_sql_as_select};
use super::parser::*;
use super::tokens::{Tokens, tokenize};

/// Where the source of a `FOR … IN` loop ends.
pub(super) const LOOP_START: Stops = Stops {
    words: &["LOOP"],
    chars: &[';'],
    range: false,
    assign: false,
};

/// Words that start a clause of a PostgreSQL routine header after `RETURNS`.
const PG_OPTION_WORDS: &[&str] = &[
    "LANGUAGE",
    "AS",
    "IMMUTABLE",
    "STABLE",
    "VOLATILE",
    "STRICT",
    "CALLED",
    "SECURITY",
    "EXTERNAL",
    "PARALLEL",
    "COST",
    "ROWS",
    "SET",
    "WINDOW",
    "LEAKPROOF",
    "NOT",
    "TRANSFORM",
    "SUPPORT",
    "BEGIN",
    "RETURN",
    "RETURNS",
];

/// The levels of `RAISE`.
const RAISE_LEVELS: &[&str] = &["DEBUG", "LOG", "INFO", "NOTICE", "WARNING", "EXCEPTION"];

/// Skips `[NO] SCROLL` of a PL/pgSQL cursor.
pub(super) fn skip_scroll<'a, 't>(i: Tokens<'a, 't>) -> Tokens<'a, 't> {
    let i = kw("NO")(i)
        .ok()
        .filter(|(r, _)| kw("SCROLL")(*r).is_ok())
        .map_or(i, |(r, _)| r);
    kw("SCROLL")(i).map_or(i, |(r, _)| r)
}

/// A statement read, the rest of the input, and where the statement ends.
type Parsed<'a, 't> = (Tokens<'a, 't>, (StmtKind, usize));

/// A program read from a PostgreSQL unit, or why not.
pub(super) enum PgOutcome {
    /// A PL/pgSQL routine or `DO` block.
    Program(Box<Program>),
    /// A routine or block in another language (SQL, PL/Python, C …): kept as written.
    OtherLanguage,
}

impl<'a> ProcParser<'a> {
    /// `CREATE [OR REPLACE] FUNCTION|PROCEDURE …` or `DO …`, body included.
    /// With `sql_bodies`, a `LANGUAGE sql` routine is read too: its body
    /// (`AS $$ … $$`, `BEGIN ATOMIC … END` or `RETURN expr`) becomes a block
    /// of its SQL statements (`RETURN expr` a `RETURN` statement), which the
    /// caller gives a PL form.
    pub(super) fn pg_program<'t>(
        &self,
        i: Tokens<'a, 't>,
        sql_bodies: bool,
    ) -> Out<'a, 't, PgOutcome> {
        self.depth.set(0);
        let span = span_of(i.tokens, 0);
        if let Ok((r, _)) = kw("DO")(i) {
            let (r, (language, body)) = self.do_parts(r)?;
            if !language.eq_ignore_ascii_case("plpgsql") {
                return Ok((r, PgOutcome::OtherLanguage));
            }
            let block = self.pg_body(body)?;
            return Ok((
                r,
                PgOutcome::Program(Box::new(Program {
                    span,
                    create: None,
                    unit: ProgramUnit::Block(block),
                })),
            ));
        }
        let (mut r, _) = kw("CREATE")(i)?;
        let mut create = CreateClause::default();
        if let Ok((r2, _)) = kw("OR")(r) {
            (r, _) = cut(kw("REPLACE")(r2))?;
            create.or_replace = true;
        }
        let start = r.first().map_or(0, |t| t.span.start);
        let (r, kind) = self.routine_kind(r)?;
        let (r, name) = cut(self.name(r))?;
        let (r, params) = cut(self.pg_params(r))?;
        let (r, returns) = match kw("RETURNS")(r) {
            Ok((r2, _)) => {
                let (r2, ty) = cut(self.pg_return_type(r2))?;
                (r2, Some(ty))
            }
            Err(_) => (r, None),
        };
        // Header clauses in any order; `AS` carries the body.
        let mut options = Vec::new();
        let mut body: Option<Span> = None;
        let mut language = String::from("sql");
        // A SQL-standard body (`RETURN expr`, `BEGIN ATOMIC … END`), read.
        let mut standard_body: Option<Block> = None;
        let mut r = r;
        while let Some(t) = r.first() {
            if t.is_punct(';') {
                break;
            }
            if sql_bodies
                && standard_body.is_none()
                && let Ok((r2, block)) = self.sql_standard_body(r)
            {
                standard_body = Some(block);
                r = r2;
                continue;
            }
            if let Ok((r2, _)) = kw("AS")(r) {
                let (r2, def) = match r2.first() {
                    Some(d) if matches!(d.kind, LexemeKind::DollarString | LexemeKind::String) => {
                        (r2.take_from(1), *d)
                    }
                    _ => return fail(r2, "the routine body (a string or $$ … $$)"),
                };
                body = Some(quoted_body(def.text, def.span));
                // `AS 'obj_file', 'link_symbol'` of C functions.
                r = match punct(',')(r2) {
                    Ok((r3, _)) => r3.take_from(1),
                    Err(_) => r2,
                };
                continue;
            }
            if kw("LANGUAGE")(r).is_ok()
                && let Some(lang) = r.peek(1)
            {
                language = lang
                    .text
                    .trim_matches(|c| c == '\'' || c == '"')
                    .to_string();
            }
            // One clause: up to the next clause word at depth zero.
            let n = clause_length(r);
            let (r2, taken) = r.take_split(n);
            options.push(RoutineOption {
                span: span_of(taken.tokens, 0),
                text: words_of(taken.tokens),
            });
            r = r2;
        }
        let end = options
            .last()
            .map(|o| o.span.end)
            .into_iter()
            .chain(body.map(|b| b.end + 1))
            .chain(standard_body.as_ref().map(|b| b.span.end))
            .max()
            .unwrap_or(name.span.end);
        let sql = language.eq_ignore_ascii_case("sql");
        let body_block = match body {
            _ if sql_bodies && sql && standard_body.is_some() => standard_body,
            Some(b) if sql_bodies && sql => Some(self.sql_body(b)?),
            Some(b) if language.eq_ignore_ascii_case("plpgsql") => Some(self.pg_body(b)?),
            _ if language.eq_ignore_ascii_case("plpgsql") => {
                return fail(r, "the routine body (AS $$ … $$)");
            }
            _ => return Ok((r, PgOutcome::OtherLanguage)),
        };
        let routine = Routine {
            span: Span::new(start, end.max(start)),
            kind,
            name,
            params,
            returns,
            options,
            body: body_block,
            external: None,
        };
        Ok((
            r,
            PgOutcome::Program(Box::new(Program {
                span,
                create: Some(create),
                unit: ProgramUnit::Routine(routine),
            })),
        ))
    }

    /// The SQL statements of a `LANGUAGE sql` body string, `;`-separated
    /// (the last one may lack its `;`), as a block.
    fn sql_body(&self, body: Span) -> Result<Block, Err<PError>> {
        let tokens = tokenize(self.text, body, ScriptSyntax::Psql);
        let (rest, statements) = self.sql_statements(Tokens::new(&tokens), None)?;
        if let Some(t) = rest.first() {
            return Err(Err::Failure(PError {
                offset: t.span.start,
                expected: "the end of the routine body".to_string(),
                depth: usize::MAX,
            }));
        }
        Ok(Block {
            span: body,
            label: None,
            declarations: Vec::new(),
            statements,
            handlers: Vec::new(),
            end_name: None,
        })
    }

    /// SQL statements up to the end of the input or, with `until`, up to
    /// that word at the start of a statement.
    fn sql_statements<'t>(
        &self,
        mut r: Tokens<'a, 't>,
        until: Option<&str>,
    ) -> Out<'a, 't, Vec<Stmt>> {
        let mut statements = Vec::new();
        loop {
            while let Ok((r2, _)) = punct(';')(r) {
                r = r2;
            }
            match r.first() {
                None => return Ok((r, statements)),
                Some(t) if until.is_some_and(|u| t.is_word(u)) => return Ok((r, statements)),
                Some(_) => {}
            }
            let start = r.first().map_or(0, |t| t.span.start);
            let (r2, sql) = self.sql_statement(r)?;
            let end = match r2.first() {
                Some(t) if t.is_punct(';') => t.span.end,
                _ => sql.span.end,
            };
            statements.push(Stmt {
                span: Span::new(start, end),
                labels: Vec::new(),
                kind: StmtKind::Sql(Box::new(sql)),
            });
            r = r2;
        }
    }

    /// `RETURN expr` or `BEGIN ATOMIC statements END`, the SQL-standard
    /// bodies of a `LANGUAGE sql` routine, as a block.
    fn sql_standard_body<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Block> {
        let start = i.first().map_or(0, |t| t.span.start);
        let block = |span: Span, statements: Vec<Stmt>| Block {
            span,
            label: None,
            declarations: Vec::new(),
            statements,
            handlers: Vec::new(),
            end_name: None,
        };
        if let Ok((r, _)) = kw("RETURN")(i) {
            let (r, e) = cut(self.expr(EXPR_END)(r))?;
            let span = Span::new(start, e.span.end);
            let stmt = Stmt {
                span,
                labels: Vec::new(),
                kind: StmtKind::Return(Some(e)),
            };
            return Ok((r, block(span, vec![stmt])));
        }
        let (r, _) = kw("BEGIN")(i)?;
        let (r, _) = kw("ATOMIC")(r)?;
        let (r, statements) = cut(self.sql_statements(r, Some("END")))?;
        let (r, end) = cut(kw("END")(r))?;
        Ok((r, block(Span::new(start, end.span.end), statements)))
    }

    /// `DO [LANGUAGE x] body [LANGUAGE x]`: (rest, language, body span).
    fn do_parts<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (String, Span)> {
        let mut language = String::from("plpgsql");
        let mut r = i;
        if let Ok((r2, _)) = kw("LANGUAGE")(r) {
            let (r2, lang) = cut(ident(r2))?;
            language = lang.text;
            r = r2;
        }
        let Some(def) = r
            .first()
            .filter(|d| matches!(d.kind, LexemeKind::DollarString | LexemeKind::String))
        else {
            return fail(r, "the DO block's body");
        };
        let body = quoted_body(def.text, def.span);
        r = r.take_from(1);
        if let Ok((r2, _)) = kw("LANGUAGE")(r) {
            let (r2, lang) = cut(ident(r2))?;
            language = lang.text;
            r = r2;
        }
        Ok((r, (language, body)))
    }

    /// Parses a PL/pgSQL body: `[<<label>>] [DECLARE …] BEGIN … END [label] [;]`.
    fn pg_body(&self, body: Span) -> Result<Block, Err<PError>> {
        let tokens = tokenize(self.text, body, ScriptSyntax::Psql);
        let input = Tokens::new(&tokens);
        let (rest, labels) = self.labels(input)?;
        let (rest, mut block) = self.block(rest, true)?;
        block.label = labels.into_iter().next();
        match rest.first() {
            None => Ok(block),
            Some(t) => Err(Err::Failure(PError {
                offset: t.span.start,
                expected: "the end of the routine body".to_string(),
                depth: usize::MAX,
            })),
        }
    }

    /// `( [mode] [name] type [DEFAULT|= expr], … )`
    fn pg_params<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Vec<Param>> {
        let (mut r, _) = punct('(')(i)?;
        let mut params = Vec::new();
        if let Ok((r2, _)) = punct(')')(r) {
            return Ok((r2, params));
        }
        loop {
            let start = r.first().map_or(0, |t| t.span.start);
            let mut mode = ParamMode::In;
            for (word, m) in [
                ("IN", ParamMode::In),
                ("OUT", ParamMode::Out),
                ("INOUT", ParamMode::InOut),
                ("VARIADIC", ParamMode::Variadic),
            ] {
                if let Ok((r2, _)) = kw(word)(r) {
                    mode = m;
                    r = r2;
                    break;
                }
            }
            let stops = Stops {
                words: &["DEFAULT"],
                chars: &[',', '='],
                range: false,
                assign: false,
            };
            let n = run_length(r, stops);
            let (r2, taken) = r.take_split(n);
            let whole = span_of(taken.tokens, start);
            // Unnamed when the whole run is a type; else name + type.
            let (name, ty) = match taken.first() {
                _ if !whole.slice(self.text).contains('%')
                    && super::common::parse_data_type(
                        whole.slice(self.text),
                        self.dialect.as_ref(),
                    )
                    .is_some() =>
                {
                    let (_, ty) = self.type_ref(taken, stops)?;
                    (None, ty)
                }
                Some(_) => {
                    let (after, name) = cut(ident(taken))?;
                    let (_, ty) = cut(self.type_ref(after, stops))?;
                    (Some(name), ty)
                }
                None => return fail(r, "a parameter"),
            };
            let mut r3 = r2;
            let mut default = None;
            if kw("DEFAULT")(r3).is_ok() || punct('=')(r3).is_ok() {
                let r4 = kw("DEFAULT")(r3)
                    .map(|(x, _)| x)
                    .or_else(|_| punct('=')(r3).map(|(x, _)| x))?;
                let (r5, e) = cut(self.expr(Stops {
                    words: &[],
                    chars: &[','],
                    range: false,
                    assign: false,
                })(r4))?;
                default = Some(e);
                r3 = r5;
            }
            let end = default.as_ref().map_or(ty.span.end, |d| d.span.end);
            params.push(Param {
                span: Span::new(start, end),
                name,
                mode,
                nocopy: false,
                ty,
                default,
            });
            if let Ok((r4, _)) = punct(',')(r3) {
                r = r4;
                continue;
            }
            let (r4, _) = cut(punct(')')(r3))?;
            return Ok((r4, params));
        }
    }

    /// `SETOF type`, `TABLE (col type, …)` or a type.
    fn pg_return_type<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, TypeRef> {
        let start = i.first().map_or(0, |t| t.span.start);
        let stops = Stops {
            words: PG_OPTION_WORDS,
            chars: &[';'],
            range: false,
            assign: false,
        };
        if let Ok((r, _)) = kw("SETOF")(i) {
            let (r, inner) = cut(self.type_ref(r, stops))?;
            let span = Span::new(start, inner.span.end);
            return Ok((
                r,
                TypeRef {
                    span,
                    kind: TypeRefKind::SetOf(Box::new(inner)),
                },
            ));
        }
        if kw("TABLE")(i).is_ok() && i.peek(1).is_some_and(|t| t.is_punct('(')) {
            let (r, _) = kw("TABLE")(i)?;
            let (r, params) = cut(self.pg_params(r))?;
            let end = r.tokens.first().map_or(self.text.len(), |t| t.span.start);
            let fields = params
                .into_iter()
                .filter_map(|p| {
                    Some(Field {
                        span: p.span,
                        name: p.name?,
                        ty: p.ty,
                        not_null: false,
                        default: None,
                    })
                })
                .collect();
            let close = i
                .tokens
                .iter()
                .take_while(|t| t.span.start < end)
                .last()
                .map_or(start, |t| t.span.end);
            return Ok((
                r,
                TypeRef {
                    span: Span::new(start, close),
                    kind: TypeRefKind::Table(fields),
                },
            ));
        }
        self.type_ref(i, stops)
    }

    /// `FETCH`/`MOVE` direction (`NEXT`, `PRIOR`, `ABSOLUTE n`, `FORWARD ALL`, …)
    /// and its `FROM`/`IN`; PL/SQL has none.
    pub(super) fn fetch_direction<'t>(
        &self,
        i: Tokens<'a, 't>,
    ) -> (Tokens<'a, 't>, Option<String>) {
        if self.flavor != Flavor::Plpgsql {
            return (i, None);
        }
        // Everything before a FROM/IN that precedes the cursor name.
        let n = run_length(
            i,
            Stops {
                words: &["FROM", "IN", "INTO"],
                chars: &[';'],
                range: false,
                assign: false,
            },
        );
        let (rest, taken) = i.take_split(n);
        match kw("FROM")(rest).or_else(|_| kw("IN")(rest)) {
            Ok((after, _)) if n > 0 => (after, Some(words_of(taken.tokens))),
            Ok((after, _)) => (after, None),
            Err(_) => (i, None),
        }
    }

    /// The statements only PL/pgSQL has (and its `=` assignment); `None` when
    /// the statement is one both languages share.
    pub(super) fn plpgsql_statement<'t>(
        &self,
        i: Tokens<'a, 't>,
    ) -> Result<Option<Parsed<'a, 't>>, Err<PError>> {
        let Some(first) = i.first() else {
            return Ok(None);
        };
        let word = |w: &str| first.is_word(w);
        let kind_end = if word("PERFORM") {
            let (r, _) = kw("PERFORM")(i)?;
            let n = run_length(r, EXPR_END);
            let (r, taken) = r.take_split(n);
            let sql = embedded_sql_as_select(self.text, taken, self.dialect.as_ref())
                .map_err(Err::Failure)?;
            let (r, semi) = cut(punct(';')(r))?;
            (r, StmtKind::Perform(Box::new(sql)), semi.span.end)
        } else if word("RETURN") && i.peek(1).is_some_and(|t| t.is_word("NEXT")) {
            let r = i.take_from(2);
            let (r, value) = self.optional_expr(r)?;
            let (r, semi) = cut(punct(';')(r))?;
            (r, StmtKind::ReturnNext(value), semi.span.end)
        } else if word("RETURN") && i.peek(1).is_some_and(|t| t.is_word("QUERY")) {
            let r = i.take_from(2);
            let (r, query, dynamic, using) = if let Ok((r2, _)) = kw("EXECUTE")(r) {
                let (r2, sql) = cut(self.expr(Stops {
                    words: &["USING"],
                    chars: &[';'],
                    range: false,
                    assign: false,
                })(r2))?;
                let (r2, using) = self.using(r2, &[])?;
                (r2, None, Some(sql), using)
            } else {
                let n = run_length(r, EXPR_END);
                let (r2, taken) = r.take_split(n);
                let q =
                    embedded_sql(self.text, taken, self.dialect.as_ref()).map_err(Err::Failure)?;
                (r2, Some(Box::new(q)), None, Vec::new())
            };
            let (r, semi) = cut(punct(';')(r))?;
            (
                r,
                StmtKind::ReturnQuery {
                    query,
                    dynamic,
                    using,
                },
                semi.span.end,
            )
        } else if word("RAISE") {
            let (r, kind) = self.pg_raise(i)?;
            let (r, semi) = cut(punct(';')(r))?;
            (r, kind, semi.span.end)
        } else if word("ASSERT") {
            let (r, _) = kw("ASSERT")(i)?;
            let (r, condition) = cut(self.expr(Stops {
                words: &[],
                chars: &[',', ';'],
                range: false,
                assign: false,
            })(r))?;
            let (r, message) = match punct(',')(r) {
                Ok((r2, _)) => {
                    let (r3, m) = cut(self.expr(EXPR_END)(r2))?;
                    (r3, Some(m))
                }
                Err(_) => (r, None),
            };
            let (r, semi) = cut(punct(';')(r))?;
            (r, StmtKind::Assert { condition, message }, semi.span.end)
        } else if word("EXECUTE") {
            let (r, _) = kw("EXECUTE")(i)?;
            let (mut r, sql) = cut(self.expr(Stops {
                words: &["INTO", "USING"],
                chars: &[';'],
                range: false,
                assign: false,
            })(r))?;
            let mut into = None;
            if kw("INTO")(r).is_ok() {
                let (r2, x) = cut(self.into(r, &["USING"]))?;
                into = Some(x);
                r = r2;
            }
            let (r, using) = self.using(r, &["INTO"])?;
            let (r, into) = if into.is_none() && kw("INTO")(r).is_ok() {
                let (r2, x) = cut(self.into(r, &[]))?;
                (r2, Some(x))
            } else {
                (r, into)
            };
            let (r, semi) = cut(punct(';')(r))?;
            (
                r,
                StmtKind::ExecuteImmediate {
                    sql,
                    into,
                    using,
                    returning: None,
                },
                semi.span.end,
            )
        } else if word("GET") {
            let (r, _) = kw("GET")(i)?;
            let (r, stacked) = match kw("STACKED")(r) {
                Ok((r2, _)) => (r2, true),
                Err(_) => (kw("CURRENT")(r).map_or(r, |(r2, _)| r2), false),
            };
            let (mut r, _) = cut(kw("DIAGNOSTICS")(r))?;
            let mut items = Vec::new();
            loop {
                let (r2, target) = cut(self.expr(Stops {
                    words: &[],
                    chars: &['=', ';'],
                    range: false,
                    assign: true,
                })(r))?;
                let r2 = if at_op2(r2, ':', '=') {
                    r2.take_from(2)
                } else {
                    cut(punct('=')(r2))?.0
                };
                let (r2, item) = cut(ident(r2))?;
                items.push((target, item));
                match punct(',')(r2) {
                    Ok((r3, _)) => r = r3,
                    Err(_) => {
                        r = r2;
                        break;
                    }
                }
            }
            let (r, semi) = cut(punct(';')(r))?;
            (
                r,
                StmtKind::GetDiagnostics { stacked, items },
                semi.span.end,
            )
        } else if word("FOREACH") {
            let (r, _) = kw("FOREACH")(i)?;
            let (r, var) = cut(ident(r))?;
            let (r, slice) = self.keyword_expr(
                r,
                "SLICE",
                Stops {
                    words: &["IN"],
                    chars: &[';'],
                    range: false,
                    assign: false,
                },
            )?;
            let (r, _) = cut(kw("IN")(r))?;
            let (r, _) = cut(kw("ARRAY")(r))?;
            let (r, array) = cut(self.expr(LOOP_START)(r))?;
            let (r, body) = cut(self.loop_body(r))?;
            let (r, (kind, end)) = self.end_loop(
                r,
                StmtKind::Foreach {
                    var,
                    slice,
                    array,
                    body,
                },
            )?;
            (r, kind, end)
        } else if word("MOVE") {
            let (r, _) = kw("MOVE")(i)?;
            let (r, direction) = self.fetch_direction(r);
            let (r, cursor) = cut(self.name(r))?;
            let (r, semi) = cut(punct(';')(r))?;
            (r, StmtKind::Move { direction, cursor }, semi.span.end)
        } else if let Some(eq) = plain_assignment_at(i) {
            // `target = value;` — PL/pgSQL's other assignment spelling.
            let (target_tokens, rest) = (i.take(eq), i.take_from(eq + 1));
            let (_, target) = cut(self.expr(EXPR_END)(target_tokens))?;
            let (r, value) = cut(self.expr(EXPR_END)(rest))?;
            let (r, semi) = cut(punct(';')(r))?;
            (r, StmtKind::Assign { target, value }, semi.span.end)
        } else {
            return Ok(None);
        };
        let (r, kind, end) = kind_end;
        Ok(Some((r, (kind, end))))
    }

    /// PL/pgSQL declarations after the name: `ALIAS FOR x;` and
    /// `[[NO] SCROLL] CURSOR [(params)] FOR query;`; `None` for a variable.
    pub(super) fn plpgsql_declaration<'t>(
        &self,
        r: Tokens<'a, 't>,
        name: &Name,
        start: usize,
    ) -> Result<Option<(Tokens<'a, 't>, Declaration)>, Err<PError>> {
        if let Ok((r2, _)) = kw("ALIAS")(r) {
            let (r2, _) = cut(kw("FOR")(r2))?;
            let target = match r2.first() {
                Some(t) if t.is_punct('$') => {
                    let n = r2.peek(1).filter(|n| n.span.start == t.span.end);
                    let span = Span::new(t.span.start, n.map_or(t.span.end, |n| n.span.end));
                    Name {
                        text: span.slice(self.text).to_string(),
                        span,
                    }
                }
                _ => cut(self.name(r2))?.1,
            };
            let skip = if target.text.starts_with('$') {
                usize::from(target.text.len() > 1) + 1
            } else {
                1
            };
            let r2 = if target.text.starts_with('$') {
                r2.take_from(skip)
            } else {
                cut(self.name(r2))?.0
            };
            let (r2, semi) = cut(punct(';')(r2))?;
            return Ok(Some((
                r2,
                Declaration::Alias {
                    span: Span::new(start, semi.span.end),
                    name: name.clone(),
                    target,
                },
            )));
        }
        let r = skip_scroll(r);
        if let Ok((r2, _)) = kw("CURSOR")(r) {
            let (r2, params) = if punct('(')(r2).is_ok() {
                cut(self.pg_params(r2))?
            } else {
                (r2, Vec::new())
            };
            let (r2, _) = cut(kw("FOR")(r2).or_else(|_| kw("IS")(r2)))?;
            let n = run_length(r2, EXPR_END);
            let (r2, taken) = r2.take_split(n);
            let query =
                embedded_sql(self.text, taken, self.dialect.as_ref()).map_err(Err::Failure)?;
            let (r2, semi) = cut(punct(';')(r2))?;
            return Ok(Some((
                r2,
                Declaration::Cursor(Cursor {
                    span: Span::new(start, semi.span.end),
                    name: name.clone(),
                    params,
                    returns: None,
                    query: Some(query),
                }),
            )));
        }
        Ok(None)
    }

    /// `RAISE [level] ['format' [, args]] [condition] [USING option = expr, …]`.
    fn pg_raise<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, StmtKind> {
        let (mut r, _) = kw("RAISE")(i)?;
        if punct(';')(r).is_ok() {
            return Ok((r, StmtKind::Raise(None)));
        }
        let mut level = None;
        if let Some(t) = r
            .first()
            .filter(|t| RAISE_LEVELS.iter().any(|l| t.is_word(l)))
        {
            level = Some(t.text.to_ascii_uppercase());
            r = r.take_from(1);
        }
        let mut format = None;
        let mut condition = None;
        let mut args = Vec::new();
        match r.first() {
            Some(t) if t.kind == LexemeKind::String || t.kind == LexemeKind::DollarString => {
                let (r2, f) = cut(self.expr(Stops {
                    words: &["USING"],
                    chars: &[',', ';'],
                    range: false,
                    assign: false,
                })(r))?;
                format = Some(f);
                r = r2;
                while let Ok((r2, _)) = punct(',')(r) {
                    let (r3, a) = cut(self.expr(Stops {
                        words: &["USING"],
                        chars: &[',', ';'],
                        range: false,
                        assign: false,
                    })(r2))?;
                    args.push(a);
                    r = r3;
                }
            }
            Some(t) if t.is_word("SQLSTATE") => {
                let code = r.peek(1).filter(|c| c.kind == LexemeKind::String);
                let Some(code) = code else {
                    return fail(r.take_from(1), "an SQLSTATE code");
                };
                let span = Span::new(t.span.start, code.span.end);
                condition = Some(Name {
                    text: span.slice(self.text).to_string(),
                    span,
                });
                r = r.take_from(2);
            }
            Some(t) if !t.is_word("USING") => {
                let (r2, n) = cut(self.name(r))?;
                condition = Some(n);
                r = r2;
            }
            _ => {}
        }
        let mut options = Vec::new();
        if let Ok((mut r2, _)) = kw("USING")(r) {
            loop {
                let (r3, opt) = cut(ident(r2))?;
                let r3 = if at_op2(r3, ':', '=') {
                    r3.take_from(2)
                } else {
                    cut(punct('=')(r3))?.0
                };
                let (r3, value) = cut(self.expr(Stops {
                    words: &[],
                    chars: &[',', ';'],
                    range: false,
                    assign: false,
                })(r3))?;
                options.push((opt, value));
                match punct(',')(r3) {
                    Ok((r4, _)) => r2 = r4,
                    Err(_) => {
                        r2 = r3;
                        break;
                    }
                }
            }
            r = r2;
        }
        Ok((
            r,
            StmtKind::RaiseMessage {
                level,
                format,
                condition,
                args,
                options,
            },
        ))
    }
}

/// The inner span of a quoted body: without `$tag$`/`'` delimiters.
fn quoted_body(text: &str, span: Span) -> Span {
    if let Some(after) = text.strip_prefix('$') {
        let tag_len = after.find('$').map_or(1, |i| i + 2);
        Span::new(
            span.start + tag_len,
            span.end.saturating_sub(tag_len).max(span.start + tag_len),
        )
    } else {
        Span::new(
            span.start + 1,
            span.end.saturating_sub(1).max(span.start + 1),
        )
    }
}

/// The length of one routine clause: up to the next clause word at depth zero.
fn clause_length(i: Tokens<'_, '_>) -> usize {
    let mut depth = 0usize;
    let mut n = 1;
    // `NOT LEAKPROOF`, `RETURNS NULL ON NULL INPUT`, `SECURITY DEFINER`, `SET x = y`:
    // the clause's own words follow its first word.
    while let Some(t) = i.peek(n) {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
        } else if depth == 0
            && (t.is_punct(';')
                || (PG_OPTION_WORDS.iter().any(|w| t.is_word(w)) && !continues_clause(i, n)))
        {
            break;
        }
        n += 1;
    }
    n
}

/// Whether the clause word at `n` belongs to the clause before it
/// (`NOT LEAKPROOF`).
fn continues_clause(i: Tokens<'_, '_>, n: usize) -> bool {
    n.checked_sub(1)
        .and_then(|p| i.peek(p))
        .is_some_and(|p| p.is_word("NOT"))
}

/// The index of the `=` of `target = value;` (PL/pgSQL's other assignment
/// spelling), where the target is a name with `.field` and `[index]` parts.
fn plain_assignment_at(i: Tokens<'_, '_>) -> Option<usize> {
    let toks = i.tokens;
    let is_name =
        |t: &super::tokens::Token<'_>| matches!(t.kind, LexemeKind::Word | LexemeKind::QuotedIdent);
    if !toks.first().is_some_and(is_name) {
        return None;
    }
    let mut n = 1;
    loop {
        match toks.get(n) {
            Some(t) if t.is_punct('.') && toks.get(n + 1).is_some_and(is_name) => n += 2,
            Some(t) if t.is_punct('[') => {
                let mut depth = 0usize;
                while let Some(t) = toks.get(n) {
                    if t.is_punct('[') {
                        depth += 1;
                    } else if t.is_punct(']') {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    } else if t.is_punct(';') {
                        return None;
                    }
                    n += 1;
                }
                n += 1;
            }
            Some(t) if t.is_punct('=') => return Some(n),
            _ => return None,
        }
    }
}
