//! PL/SQL program units: `CREATE PROCEDURE|FUNCTION|PACKAGE [BODY]|TRIGGER|TYPE
//! [BODY]` and anonymous blocks. The grammar is `grammar/plsql.ebnf`.

use nom::{Err, Input};

use crate::ast::procedural::*;
use crate::source::Span;

use super::common::{
    PError, PResult, Stops, at_op2, cut, fail, ident, kw, op2, punct, run_length, span_of,
};
use super::parser::*;
use super::tokens::Tokens;

impl<'a> ProcParser<'a> {
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

    /// `PROCEDURE|FUNCTION name [(params)] [RETURN type] options (IS|AS) body | ;`
    pub(super) fn routine<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Routine> {
        let start = i.first().map_or(0, |t| t.span.start);
        let (i, kind) = self.routine_kind(i)?;
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
                    external: None,
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
                // A call specification: kept as written.
                let n = run_length(r, EXPR_END);
                let (r2, taken) = r.take_split(n);
                let (r2, semi) = cut(punct(';')(r2))?;
                let external = Some(RoutineOption {
                    span: span_of(taken.tokens, semi.span.start),
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
                        external,
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
                external: None,
            },
        ))
    }

    /// Header clauses up to one of `until` (words, or `;`).
    pub(super) fn options<'t>(
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

    pub(super) fn params<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Vec<Param>> {
        let (mut i, _) = punct('(')(i)?;
        let mut params = Vec::new();
        loop {
            let start = i.first().map_or(0, |t| t.span.start);
            let (r, name) = ident(i)?;
            let (mut r, mode) = self.plsql_mode(r);
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

    /// `PACKAGE [BODY] name options IS|AS declarations [BEGIN init] END [name];`
    pub(super) fn package<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Package> {
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
    pub(super) fn type_spec<'t>(
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
    pub(super) fn object_members<'t>(
        &self,
        i: Tokens<'a, 't>,
    ) -> Out<'a, 't, (Vec<Field>, Vec<Method>)> {
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
    pub(super) fn method<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Method> {
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
    pub(super) fn type_body<'t>(
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
    pub(super) fn trigger<'t>(
        &self,
        i: Tokens<'a, 't>,
        unit_start: Tokens<'a, 't>,
    ) -> Out<'a, 't, Trigger> {
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
                function: None,
                drop_existing: false,
            },
        ))
    }

    /// `COMPOUND TRIGGER declarations { timing IS block_body timing ; } END [name];`
    pub(super) fn compound_trigger<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, TriggerBody> {
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
    chars: &[';', ','],
    range: false,
    assign: false,
};

#[cfg(test)]
#[path = "plsql_tests.rs"]
mod tests;
