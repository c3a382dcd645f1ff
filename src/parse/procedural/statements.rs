//! Statements: control flow, cursors, dynamic SQL, embedded SQL, calls and
//! assignments.

use nom::{Err, Input};

use crate::ast::procedural::*;
use crate::source::{LexemeKind, Span};

use super::common::{Stops, at_op2, cut, fail, ident, kw, op2, punct, run_length};
use super::embedded_sql::embedded_sql;
use super::parser::*;
use super::plpgsql::{LOOP_START, skip_scroll};
use super::tokens::Tokens;

impl<'a> ProcParser<'a> {
    /// Statements until one of the `until` words (at statement start).
    pub(super) fn statements<'t>(
        &self,
        i: Tokens<'a, 't>,
        until: &[&str],
    ) -> Out<'a, 't, Vec<Stmt>> {
        self.until_word(i, until, |i| self.statement(i))
    }

    pub(super) fn statement<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Stmt> {
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
    pub(super) fn statement_kind<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
        let Some(first) = i.first() else {
            return fail(i, "a statement");
        };
        let word = |w: &str| first.is_word(w);
        if self.flavor == Flavor::Plpgsql
            && let Some(found) = self.plpgsql_statement(i)?
        {
            return Ok(found);
        }
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
            let (r, when) = self.keyword_expr(r, "WHEN", EXPR_END)?;
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
            let (r, value) = self.optional_expr(r)?;
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
    pub(super) fn sql_statement<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, EmbeddedSql> {
        let n = run_length(i, EXPR_END);
        if n == 0 {
            return fail(i, "a SQL statement");
        }
        let (rest, taken) = i.take_split(n);
        match embedded_sql(self.text, taken, self.dialect.as_ref()) {
            Ok(sql) => Ok((rest, sql)),
            Err(e) => Err(Err::Failure(e)),
        }
    }

    pub(super) fn if_statement<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
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
            let (r2, body) = self.statements(r2, &["ELSIF", "ELSEIF", "ELSE", "END"])?;
            branches.push(Branch { condition, body });
            if let Ok((r3, _)) = kw("ELSIF")(r2).or_else(|_| kw("ELSEIF")(r2)) {
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

    pub(super) fn case_statement<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
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
    pub(super) fn loop_body<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, Vec<Stmt>> {
        let (r, _) = kw("LOOP")(i)?;
        self.statements(r, &["END"])
    }

    /// `END LOOP [label];`
    pub(super) fn end_loop<'t>(
        &self,
        i: Tokens<'a, 't>,
        kind: StmtKind,
    ) -> Out<'a, 't, (StmtKind, usize)> {
        let (r, _) = cut(kw("END")(i))?;
        let (r, _) = cut(kw("LOOP")(r))?;
        let r = ident(r).map_or(r, |(r2, _)| r2);
        let (r, semi) = cut(punct(';')(r))?;
        Ok((r, (kind, semi.span.end)))
    }

    pub(super) fn for_statement<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
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
            let query =
                embedded_sql(self.text, taken, self.dialect.as_ref()).map_err(Err::Failure)?;
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
        if self.flavor == Flavor::Plpgsql {
            if r.first()
                .is_some_and(|t| t.is_word("SELECT") || t.is_word("WITH"))
            {
                let n = run_length(r, LOOP_START);
                let (r2, taken) = r.take_split(n);
                let query =
                    embedded_sql(self.text, taken, self.dialect.as_ref()).map_err(Err::Failure)?;
                let (r2, body) = cut(self.loop_body(r2))?;
                return self.end_loop(
                    r2,
                    StmtKind::ForCursor {
                        record: index,
                        source: CursorSource::Query(Box::new(query)),
                        body,
                    },
                );
            }
            if let Ok((r2, _)) = kw("EXECUTE")(r) {
                let (r2, sql) = cut(self.expr(Stops {
                    words: &["USING", "LOOP"],
                    chars: &[';'],
                    range: false,
                    assign: false,
                })(r2))?;
                let (r2, using) = self.using(r2, &["LOOP"])?;
                let (r2, body) = cut(self.loop_body(r2))?;
                return self.end_loop(
                    r2,
                    StmtKind::ForCursor {
                        record: index,
                        source: CursorSource::Dynamic { sql, using },
                        body,
                    },
                );
            }
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
                words: &["LOOP", "BY"],
                chars: &[';'],
                range: false,
                assign: false,
            })(r2))?;
            let (r2, step) = self.keyword_expr(
                r2,
                "BY",
                Stops {
                    words: &["LOOP"],
                    chars: &[';'],
                    range: false,
                    assign: false,
                },
            )?;
            let (r2, body) = cut(self.loop_body(r2))?;
            return self.end_loop(
                r2,
                StmtKind::ForRange {
                    index,
                    reverse,
                    low,
                    high,
                    step,
                    body,
                },
            );
        }
        let (r2, cursor) = cut(self.name(r))?;
        let (r2, args) = if punct('(')(r2).is_ok() {
            cut(self.cursor_args(r2))?
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

    pub(super) fn forall<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
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

    pub(super) fn open<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
        let (r, _) = kw("OPEN")(i)?;
        let (r, cursor) = cut(self.name(r))?;
        let r = skip_scroll(r);
        if let Ok((r2, _)) = kw("FOR")(r) {
            // PL/pgSQL spells the dynamic form `FOR EXECUTE sql`.
            let r2 = kw("EXECUTE")(r2).map_or(r2, |(r3, _)| r3);
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
                let q =
                    embedded_sql(self.text, taken, self.dialect.as_ref()).map_err(Err::Failure)?;
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
            cut(self.cursor_args(r))?
        } else {
            (r, Vec::new())
        };
        let (r, semi) = cut(punct(';')(r))?;
        Ok((r, (StmtKind::Open { cursor, args }, semi.span.end)))
    }

    pub(super) fn fetch<'t>(&self, i: Tokens<'a, 't>) -> Out<'a, 't, (StmtKind, usize)> {
        let (r, _) = kw("FETCH")(i)?;
        let (r, direction) = self.fetch_direction(r);
        let (r, cursor) = cut(self.name(r))?;
        let (r, into) = cut(self.into(r, &["LIMIT"]))?;
        let (r, limit) = self.keyword_expr(r, "LIMIT", EXPR_END)?;
        let (r, semi) = cut(punct(';')(r))?;
        Ok((
            r,
            (
                StmtKind::Fetch {
                    direction,
                    cursor,
                    into,
                    limit,
                },
                semi.span.end,
            ),
        ))
    }

    pub(super) fn execute_immediate<'t>(
        &self,
        i: Tokens<'a, 't>,
    ) -> Out<'a, 't, (StmtKind, usize)> {
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
}
