//! Blocks, declarations and exception handlers.

use nom::Input;

use crate::ast::procedural::*;
use crate::source::{LexemeKind, Span};

use super::common::{Stops, at_op2, cut, fail, ident, kw, op2, punct};
use super::parser::*;
use super::tokens::Tokens;

impl<'a> ProcParser<'a> {
    /// `[DECLARE] declarations BEGIN statements [EXCEPTION handlers] END [name];`
    /// — `routine_body` is true after a routine's `IS`/`AS`, where there is no `DECLARE`.
    pub(super) fn block<'t>(&self, i: Tokens<'a, 't>, anonymous: bool) -> Out<'a, 't, Block> {
        self.enter(i)?;
        let result = self.block_inner(i, anonymous);
        self.leave();
        result
    }

    pub(super) fn block_inner<'t>(&self, i: Tokens<'a, 't>, anonymous: bool) -> Out<'a, 't, Block> {
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
        let (i, end_word) = cut(kw("END")(i))?;
        let (i, end_name) = match ident(i) {
            Ok((r, n)) => (r, Some(n)),
            Err(_) => (i, None),
        };
        // A PL/pgSQL routine body may end without its final `;`.
        let (i, end) = match punct(';')(i) {
            Ok((r, semi)) => (r, semi.span.end),
            Err(_) if self.flavor == Flavor::Plpgsql && i.is_empty() => {
                let end = end_name.as_ref().map_or(end_word.span.end, |n| n.span.end);
                (i, end)
            }
            Err(e) => {
                return Err(cut::<()>(Err(e))
                    .err()
                    .unwrap_or(nom::Err::Incomplete(nom::Needed::Unknown)));
            }
        };
        Ok((
            i,
            Block {
                span: Span::new(start, end),
                label: None,
                declarations,
                statements,
                handlers,
                end_name,
            },
        ))
    }

    pub(super) fn handlers<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Vec<Handler>> {
        let (mut i, _) = kw("EXCEPTION")(i)?;
        let mut handlers = Vec::new();
        while let Ok((r, when)) = kw("WHEN")(i) {
            let mut exceptions = Vec::new();
            let (mut r, first) = cut(self.condition(r))?;
            exceptions.push(first);
            while let Ok((r2, _)) = kw("OR")(r) {
                let (r3, n) = cut(self.condition(r2))?;
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
    /// An exception name, or PL/pgSQL's `SQLSTATE 'xxxxx'`.
    fn condition<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Name> {
        if let (Some(t), Some(code)) = (i.peek(0), i.peek(1))
            && t.is_word("SQLSTATE")
            && code.kind == LexemeKind::String
        {
            let span = Span::new(t.span.start, code.span.end);
            let name = Name {
                text: span.slice(self.text).to_string(),
                span,
            };
            return Ok((i.take_from(2), name));
        }
        self.name(i)
    }

    pub(super) fn declarations<'t>(
        &self,
        i: Tokens<'a, 't>,
        until: &[&str],
    ) -> Out<'a, 't, Vec<Declaration>> {
        self.until_word(i, until, |i| self.declaration(i))
    }

    pub(super) fn declaration<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Declaration> {
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
        if self.flavor == Flavor::Plpgsql
            && let Some(found) = self.plpgsql_declaration(r, &name, start)?
        {
            return Ok(found);
        }
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
        let pg_equals = self.flavor == Flavor::Plpgsql && punct('=')(r).is_ok();
        let (r, default) = if kw("DEFAULT")(r).is_ok() || at_op2(r, ':', '=') || pg_equals {
            let r2 = kw("DEFAULT")(r)
                .map(|(x, _)| x)
                .or_else(|_| op2(':', '=')(r).map(|(x, _)| x))
                .or_else(|_| punct('=')(r).map(|(x, _)| x))?;
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

    pub(super) fn type_definition<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, TypeDefinition> {
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
}
