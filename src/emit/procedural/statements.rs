//! Statements.

use std::fmt::Write;

use crate::ast::procedural::*;

use super::{Printer, Style};

impl Printer<'_> {
    pub(super) fn statements(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.statement(s);
        }
    }

    pub(super) fn body(&mut self, stmts: &[Stmt]) {
        self.depth += 1;
        self.statements(stmts);
        self.depth -= 1;
    }

    pub(super) fn statement(&mut self, s: &Stmt) {
        for label in &s.labels {
            if !label.span.is_empty() {
                self.comments_before(label.span.start);
            }
            let label = self.name(label);
            self.line(&format!("<<{label}>>"));
        }
        let span = s.span;
        match &s.kind {
            StmtKind::Assign { target, value } => {
                let (t, v) = (self.expr(target), self.expr(value));
                self.node(span, &format!("{t} := {v};"));
            }
            StmtKind::If {
                branches,
                otherwise,
            } => {
                for (n, b) in branches.iter().enumerate() {
                    let c = self.expr(&b.condition);
                    let kw = if n == 0 { "IF" } else { "ELSIF" };
                    if n == 0 {
                        self.node(span, &format!("{kw} {c} THEN"));
                    } else {
                        self.line(&format!("{kw} {c} THEN"));
                    }
                    self.body(&b.body);
                }
                if let Some(o) = otherwise {
                    self.line("ELSE");
                    self.body(o);
                }
                self.comments_before(span.end);
                self.line("END IF;");
            }
            StmtKind::Case {
                operand,
                whens,
                otherwise,
            } => {
                let head = match operand {
                    Some(o) => format!("CASE {}", self.expr(o)),
                    None => "CASE".to_string(),
                };
                self.node(span, &head);
                for w in whens {
                    let c = self.expr(&w.condition);
                    self.line(&format!("WHEN {c} THEN"));
                    self.body(&w.body);
                }
                if let Some(o) = otherwise {
                    self.line("ELSE");
                    self.body(o);
                }
                self.comments_before(span.end);
                self.line("END CASE;");
            }
            StmtKind::Loop(body) => {
                self.node(span, "LOOP");
                self.loop_end(body, s);
            }
            StmtKind::While { condition, body } => {
                let c = self.expr(condition);
                self.node(span, &format!("WHILE {c} LOOP"));
                self.loop_end(body, s);
            }
            StmtKind::ForRange {
                index,
                reverse,
                low,
                high,
                step,
                body,
            } => {
                let (i, l, h) = (self.name(index), self.expr(low), self.expr(high));
                let rev = if *reverse { "REVERSE " } else { "" };
                let by = step
                    .as_ref()
                    .map(|s| format!(" BY {}", self.expr(s)))
                    .unwrap_or_default();
                self.node(span, &format!("FOR {i} IN {rev}{l} .. {h}{by} LOOP"));
                self.loop_end(body, s);
            }
            StmtKind::ForCursor {
                record,
                source,
                body,
            } => {
                let r = self.name(record);
                let src = match source {
                    CursorSource::Named { cursor, args } => {
                        let c = self.name(cursor);
                        let args = self.cursor_args(args);
                        format!("{c}{args}")
                    }
                    CursorSource::Query(q) => format!("({})", self.sql(q)),
                    CursorSource::Dynamic { sql, using } => {
                        let sql = self.expr(sql);
                        format!("EXECUTE {sql}{}", self.using(using))
                    }
                };
                self.node(span, &format!("FOR {r} IN {src} LOOP"));
                self.loop_end(body, s);
            }
            StmtKind::Exit { label, when } | StmtKind::Continue { label, when } => {
                let kw = if matches!(s.kind, StmtKind::Exit { .. }) {
                    "EXIT"
                } else {
                    "CONTINUE"
                };
                let mut line = kw.to_string();
                if let Some(l) = label {
                    let l = self.name(l);
                    let _ = write!(line, " {l}");
                }
                if let Some(w) = when {
                    let w = self.expr(w);
                    let _ = write!(line, " WHEN {w}");
                }
                line.push(';');
                self.node(span, &line);
            }
            StmtKind::Goto(l) => {
                let l = self.name(l);
                self.node(span, &format!("GOTO {l};"));
            }
            StmtKind::Null => self.node(span, "NULL;"),
            StmtKind::Return(v) => match v {
                Some(v) => {
                    let v = self.expr(v);
                    self.node(span, &format!("RETURN {v};"));
                }
                None => self.node(span, "RETURN;"),
            },
            StmtKind::Raise(n) => match n {
                Some(n) => {
                    let n = self.name(n);
                    self.node(span, &format!("RAISE {n};"));
                }
                None => self.node(span, "RAISE;"),
            },
            StmtKind::Open { cursor, args } => {
                let c = self.name(cursor);
                let args = self.cursor_args(args);
                self.node(span, &format!("OPEN {c}{args};"));
            }
            StmtKind::OpenFor {
                cursor,
                query,
                dynamic,
                using,
            } => {
                let c = self.name(cursor);
                let q = match (query, dynamic) {
                    (Some(q), _) => self.sql(q),
                    // PL/pgSQL names dynamic SQL with EXECUTE.
                    (None, Some(d)) if self.style == Style::Plpgsql => {
                        format!("EXECUTE {}", self.expr(d))
                    }
                    (None, Some(d)) => self.expr(d),
                    (None, None) => String::new(),
                };
                let using = self.using(using);
                self.node(span, &format!("OPEN {c} FOR {q}{using};"));
            }
            StmtKind::Fetch {
                direction,
                cursor,
                into,
                limit,
            } => {
                let c = self.name(cursor);
                let into = self.print_into(into);
                let from = direction
                    .as_ref()
                    .map(|d| format!("{d} FROM "))
                    .unwrap_or_default();
                let mut line = format!("FETCH {from}{c} {into}");
                if let Some(l) = limit {
                    let l = self.expr(l);
                    let _ = write!(line, " LIMIT {l}");
                }
                line.push(';');
                self.node(span, &line);
            }
            StmtKind::Close(c) => {
                let c = self.name(c);
                self.node(span, &format!("CLOSE {c};"));
            }
            StmtKind::ExecuteImmediate {
                sql,
                into,
                using,
                returning,
            } => {
                let keyword = match self.style {
                    Style::Plsql => "EXECUTE IMMEDIATE",
                    Style::Plpgsql => "EXECUTE",
                };
                let mut line = format!("{keyword} {}", self.expr(sql));
                if let Some(i) = into {
                    let i = self.print_into(i);
                    let _ = write!(line, " {i}");
                }
                let u = self.using(using);
                line.push_str(&u);
                if let Some(r) = returning {
                    let r = self.print_into(r);
                    let _ = write!(line, " RETURNING {r}");
                }
                line.push(';');
                self.node(span, &line);
            }
            StmtKind::Forall {
                index,
                low,
                high,
                save_exceptions,
                statement,
            } => {
                let i = self.name(index);
                let range = match high {
                    Some(h) => format!("{} .. {}", self.expr(low), self.expr(h)),
                    None => format!("INDICES OF {}", self.expr(low)),
                };
                let save = if *save_exceptions {
                    " SAVE EXCEPTIONS"
                } else {
                    ""
                };
                self.node(span, &format!("FORALL {i} IN {range}{save}"));
                let sql = self.sql(statement);
                self.depth += 1;
                self.line(&format!("{sql};"));
                self.depth -= 1;
            }
            StmtKind::PipeRow(e) => {
                let e = self.expr(e);
                self.node(span, &format!("PIPE ROW ({});", strip_parens(&e)));
            }
            StmtKind::Block(b) => self.block(b, true),
            StmtKind::Call(c) => {
                let c = self.expr(c);
                self.node(span, &format!("{c};"));
            }
            StmtKind::Sql(q) => {
                let q = self.sql(q);
                self.node(span, &format!("{q};"));
            }
            StmtKind::Perform(q) => {
                let q = self.sql(q);
                let q = q.strip_prefix("SELECT ").unwrap_or(&q).to_string();
                self.node(span, &format!("PERFORM {q};"));
            }
            StmtKind::ReturnNext(v) => match v {
                Some(v) => {
                    let v = self.expr(v);
                    self.node(span, &format!("RETURN NEXT {v};"));
                }
                None => self.node(span, "RETURN NEXT;"),
            },
            StmtKind::ReturnQuery {
                query,
                dynamic,
                using,
            } => {
                let body = match (query, dynamic) {
                    (Some(q), _) => self.sql(q),
                    (None, Some(d)) => format!("EXECUTE {}{}", self.expr(d), self.using(using)),
                    (None, None) => String::new(),
                };
                self.node(span, &format!("RETURN QUERY {body};"));
            }
            StmtKind::RaiseMessage {
                level,
                format,
                condition,
                args,
                options,
            } => {
                let mut line = String::from("RAISE");
                if let Some(l) = level {
                    let _ = write!(line, " {l}");
                }
                if let Some(f) = format {
                    let f = self.expr(f);
                    let _ = write!(line, " {f}");
                    for a in args {
                        let a = self.expr(a);
                        let _ = write!(line, ", {a}");
                    }
                }
                if let Some(c) = condition {
                    let c = self.name(c);
                    let _ = write!(line, " {c}");
                }
                if !options.is_empty() {
                    let opts: Vec<String> = options
                        .iter()
                        .map(|(n, v)| format!("{} = {}", self.name(n), self.expr(v)))
                        .collect();
                    let _ = write!(line, " USING {}", opts.join(", "));
                }
                line.push(';');
                self.node(span, &line);
            }
            StmtKind::Assert { condition, message } => {
                let c = self.expr(condition);
                let m = message
                    .as_ref()
                    .map(|m| format!(", {}", self.expr(m)))
                    .unwrap_or_default();
                self.node(span, &format!("ASSERT {c}{m};"));
            }
            StmtKind::GetDiagnostics { stacked, items } => {
                let items: Vec<String> = items
                    .iter()
                    .map(|(t, i)| format!("{} = {}", self.expr(t), self.name(i)))
                    .collect();
                let stacked = if *stacked { "STACKED " } else { "" };
                self.node(
                    span,
                    &format!("GET {stacked}DIAGNOSTICS {};", items.join(", ")),
                );
            }
            StmtKind::Foreach {
                var,
                slice,
                array,
                body,
            } => {
                let v = self.name(var);
                let slice = slice
                    .as_ref()
                    .map(|s| format!(" SLICE {}", self.expr(s)))
                    .unwrap_or_default();
                let a = self.expr(array);
                self.node(span, &format!("FOREACH {v}{slice} IN ARRAY {a} LOOP"));
                self.loop_end(body, s);
            }
            StmtKind::Move { direction, cursor } => {
                let c = self.name(cursor);
                let from = direction
                    .as_ref()
                    .map(|d| format!("{d} FROM "))
                    .unwrap_or_default();
                self.node(span, &format!("MOVE {from}{c};"));
            }
        }
    }

    /// The loop body and `END LOOP`, naming the loop's label as written.
    pub(super) fn loop_end(&mut self, body: &[Stmt], stmt: &Stmt) {
        self.body(body);
        self.comments_before(stmt.span.end);
        match stmt.labels.last() {
            Some(label) => self.line(&format!("END LOOP {};", label.text)),
            None => self.line("END LOOP;"),
        }
    }

    /// `(a, name => b)`, or nothing when there are no arguments.
    pub(super) fn cursor_args(&mut self, args: &[Arg]) -> String {
        if args.is_empty() {
            return String::new();
        }
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                let value = self.expr(&a.value);
                // PL/pgSQL names a cursor argument with `:=` only.
                let arrow = match self.style {
                    Style::Plsql => "=>",
                    Style::Plpgsql => ":=",
                };
                match &a.name {
                    Some(n) => format!("{} {arrow} {value}", self.name(n)),
                    None => value,
                }
            })
            .collect();
        format!("({})", args.join(", "))
    }

    pub(super) fn using(&mut self, args: &[UsingArg]) -> String {
        if args.is_empty() {
            return String::new();
        }
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                let mode = match a.mode {
                    ParamMode::Out => "OUT ",
                    ParamMode::InOut => "IN OUT ",
                    _ => "",
                };
                format!("{mode}{}", self.expr(&a.expr))
            })
            .collect();
        format!(" USING {}", args.join(", "))
    }
}

/// `PIPE ROW` takes its own parentheses; a parenthesised expression keeps only those.
fn strip_parens(e: &str) -> &str {
    let t = e.trim();
    if t.starts_with('(') && t.ends_with(')') {
        &t[1..t.len() - 1]
    } else {
        t
    }
}
