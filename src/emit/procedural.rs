//! The procedural printer: program units as PL/SQL (what Oracle, DM and
//! Kingbase in Oracle mode read) or as PL/pgSQL (HighGo, Kingbase in PG mode).
//!
//! Structure (keywords, indentation) is printed from the AST; leaves —
//! expressions, types, names, embedded SQL — print their source text when
//! they still have a source span, so an untouched leaf keeps its spelling and
//! the comments inside it. A leaf a rewrite built (empty span) is printed
//! from its AST. Comments between nodes are re-emitted before the next node
//! that follows them, so that no comment is ever dropped.

use std::fmt::Write;

use crate::ast::procedural::*;
use crate::source::{LexemeKind, Lexer, ScriptSyntax, Span};

const INDENT: &str = "  ";

/// The language to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// PL/SQL: `IS … BEGIN … END;`, ended by a `/` line in scripts.
    Plsql,
    /// PL/pgSQL: `AS $$ … $$ LANGUAGE plpgsql`, ended by `;` in scripts.
    Plpgsql,
}

/// Prints `program` in `style`, without the script terminator (`/` or `;`).
/// `text` is the script the program's spans point into.
pub fn print_program(program: &Program, text: &str, style: Style) -> String {
    let mut printer = Printer::new(text, program.span, style);
    printer.program(program);
    printer.finish()
}

struct Printer<'a> {
    text: &'a str,
    style: Style,
    /// Comments of the unit, in order, with whether they were printed.
    comments: Vec<Span>,
    next_comment: usize,
    out: String,
    depth: usize,
}

impl<'a> Printer<'a> {
    fn new(text: &'a str, span: Span, style: Style) -> Self {
        let comments = Lexer::new(text, span.start.min(text.len()), ScriptSyntax::SqlPlus)
            .take_while(|l| l.span.start < span.end)
            .filter(|l| matches!(l.kind, LexemeKind::LineComment | LexemeKind::BlockComment))
            .map(|l| l.span)
            .collect();
        Printer {
            text,
            style,
            comments,
            next_comment: 0,
            out: String::new(),
            depth: 0,
        }
    }

    fn finish(mut self) -> String {
        self.comments_before(usize::MAX);
        while self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out
    }

    /// Emits, each on its own line, the comments that start before `offset`
    /// and were not printed yet (those inside already printed leaves are
    /// skipped: their text went out with the leaf).
    fn comments_before(&mut self, offset: usize) {
        while let Some(&c) = self.comments.get(self.next_comment) {
            if c.start >= offset {
                break;
            }
            self.next_comment += 1;
            self.line(c.slice(self.text).trim_end());
        }
    }

    /// Marks comments inside `span` as printed (they are part of a leaf's text).
    fn consume_comments_in(&mut self, span: Span) {
        while let Some(&c) = self.comments.get(self.next_comment) {
            if c.start >= span.end {
                break;
            }
            if c.start < span.start {
                // Before the leaf: not printed yet; emit it now.
                self.next_comment += 1;
                self.line(c.slice(self.text).trim_end());
            } else {
                self.next_comment += 1;
            }
        }
    }

    fn line(&mut self, content: &str) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
        self.out.push_str(content);
        self.out.push('\n');
    }

    /// Starts a line for the node at `span`: comments before it first.
    fn node(&mut self, span: Span, content: &str) {
        if !span.is_empty() {
            self.comments_before(span.start);
        }
        self.line(content);
    }

    fn src(&mut self, span: Span) -> Option<&'a str> {
        if span.is_empty() {
            return None;
        }
        self.consume_comments_in(span);
        self.text.get(span.start..span.end)
    }

    fn expr(&mut self, e: &PlExpr) -> String {
        match self.src(e.span) {
            Some(text) => text.to_string(),
            None => plsql_expr_text(&e.expr.to_string()),
        }
    }

    fn name(&mut self, n: &Name) -> String {
        self.src(n.span)
            .map_or_else(|| n.text.clone(), str::to_string)
    }

    fn ty(&mut self, t: &TypeRef) -> String {
        if let Some(text) = self.src(t.span) {
            return text.to_string();
        }
        match &t.kind {
            TypeRefKind::Data(d) => data_type_text(&d.to_string()),
            TypeRefKind::TypeOf(n) => format!("{}%TYPE", n.text),
            TypeRefKind::RowTypeOf(n) => format!("{}%ROWTYPE", n.text),
            TypeRefKind::Named(n) => n.text.clone(),
            TypeRefKind::SetOf(inner) => format!("SETOF {}", self.ty(inner)),
            TypeRefKind::Table(fields) => {
                let cols: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{} {}", self.name(&f.name), self.ty(&f.ty)))
                    .collect();
                format!("TABLE ({})", cols.join(", "))
            }
        }
    }

    fn option(&mut self, o: &RoutineOption) -> String {
        self.src(o.span)
            .map_or_else(|| o.text.clone(), str::to_string)
    }

    fn sql(&mut self, s: &EmbeddedSql) -> String {
        if let Some(text) = self.src(s.span) {
            return text.to_string();
        }
        let mut sql = s.statement.to_string();
        if let Some(record) = &s.values_record {
            let record = self.expr(record);
            sql = sql.replace(&format!("({RECORD_PLACEHOLDER})"), &record);
        }
        if let Some(into) = &s.into {
            let clause = self.print_into(into);
            sql = insert_print_into(&sql, &clause);
        }
        if let Some(c) = &s.current_of {
            let _ = write!(sql, " WHERE CURRENT OF {}", c.text);
        }
        if let Some(w) = &s.wait {
            let seconds = self.expr(w);
            let _ = write!(sql, " WAIT {seconds}");
        }
        sql
    }

    fn print_into(&mut self, into: &Into) -> String {
        let targets: Vec<String> = into.targets.iter().map(|t| self.expr(t)).collect();
        format!(
            "{}INTO {}",
            if into.bulk_collect {
                "BULK COLLECT "
            } else {
                ""
            },
            targets.join(", ")
        )
    }

    fn program(&mut self, p: &Program) {
        let create = p.create.map(|c| {
            let mut s = String::from("CREATE ");
            if c.or_replace {
                s.push_str("OR REPLACE ");
            }
            match c.editionable {
                Some(true) => s.push_str("EDITIONABLE "),
                Some(false) => s.push_str("NONEDITIONABLE "),
                None => {}
            }
            s
        });
        let create = create.unwrap_or_default();
        match &p.unit {
            ProgramUnit::Routine(r) => self.routine(r, &create),
            ProgramUnit::Package(pkg) => self.package(pkg, &create),
            ProgramUnit::Trigger(t) => self.trigger(t, &create),
            ProgramUnit::Type(t) => self.type_spec(t, &create),
            ProgramUnit::TypeBody(t) => self.type_body(t, &create),
            ProgramUnit::Block(b) if self.style == Style::Plpgsql => {
                let body = self.detached_block(b);
                let tag = dollar_tag(&body);
                self.node(p.span, &format!("DO {tag}"));
                self.out.push_str(&body);
                self.line(&tag);
            }
            ProgramUnit::Block(b) => self.block(b, true),
        }
    }

    fn header(&mut self, r: &Routine) -> String {
        let mut h = format!(
            "{} {}",
            match r.kind {
                RoutineKind::Procedure => "PROCEDURE",
                RoutineKind::Function => "FUNCTION",
            },
            self.name(&r.name)
        );
        if !r.params.is_empty() {
            let params: Vec<String> = r.params.iter().map(|p| self.param(p)).collect();
            let _ = write!(h, " ({})", params.join(", "));
        }
        if let Some(ret) = &r.returns {
            let ty = self.ty(ret);
            let _ = write!(h, " RETURN {ty}");
        }
        for o in &r.options {
            let o = self.option(o);
            let _ = write!(h, " {o}");
        }
        h
    }

    fn param(&mut self, p: &Param) -> String {
        if self.style == Style::Plpgsql {
            let mode = match p.mode {
                ParamMode::In => "",
                ParamMode::Out => "OUT ",
                ParamMode::InOut => "INOUT ",
                ParamMode::Variadic => "VARIADIC ",
            };
            let name = p
                .name
                .as_ref()
                .map(|n| format!("{} ", self.name(n)))
                .unwrap_or_default();
            let ty = self.ty(&p.ty);
            let default = p
                .default
                .as_ref()
                .map(|d| format!(" DEFAULT {}", self.expr(d)))
                .unwrap_or_default();
            return format!("{mode}{name}{ty}{default}");
        }
        let mut s = p.name.as_ref().map(|n| self.name(n)).unwrap_or_default();
        let mode = match p.mode {
            ParamMode::In => "IN",
            ParamMode::Out => "OUT",
            ParamMode::InOut => "IN OUT",
            ParamMode::Variadic => "VARIADIC",
        };
        let _ = write!(s, " {mode}");
        if p.nocopy {
            s.push_str(" NOCOPY");
        }
        let ty = self.ty(&p.ty);
        let _ = write!(s, " {ty}");
        if let Some(d) = &p.default {
            let d = self.expr(d);
            let _ = write!(s, " DEFAULT {d}");
        }
        s
    }

    fn routine(&mut self, r: &Routine, create: &str) {
        if self.style == Style::Plpgsql {
            return self.pg_routine(r, create);
        }
        let header = self.header(r);
        match &r.body {
            None => self.node(r.span, &format!("{create}{header};")),
            Some(body) => {
                self.node(r.span, &format!("{create}{header}"));
                self.line("IS");
                self.block_parts(body, None);
            }
        }
    }

    /// A block printed on its own at depth zero (the body of a `$$` string,
    /// which must be known whole to choose its dollar tag), sharing the
    /// comment cursor.
    fn detached_block(&mut self, b: &Block) -> String {
        let mut inner = Printer {
            text: self.text,
            style: self.style,
            comments: self.comments.clone(),
            next_comment: self.next_comment,
            out: String::new(),
            depth: 0,
        };
        inner.block(b, true);
        self.next_comment = inner.next_comment;
        inner.out
    }

    /// `CREATE FUNCTION name (params) RETURNS t AS $$ body $$ clauses`.
    fn pg_routine(&mut self, r: &Routine, create: &str) {
        let kind = match r.kind {
            RoutineKind::Procedure => "PROCEDURE",
            RoutineKind::Function => "FUNCTION",
        };
        let name = self.name(&r.name);
        let params: Vec<String> = r.params.iter().map(|p| self.param(p)).collect();
        let mut head = format!("{create}{kind} {name}({})", params.join(", "));
        if let Some(ret) = &r.returns {
            let ty = self.ty(ret);
            let _ = write!(head, " RETURNS {ty}");
        }
        self.node(r.span, &head);
        let body = r.body.as_ref().map(|b| self.detached_block(b));
        let options: Vec<String> = r.options.iter().map(|o| self.option(o)).collect();
        if let Some(body) = body {
            let tag = dollar_tag(&body);
            self.line(&format!("AS {tag}"));
            self.out.push_str(&body);
            self.line(&tag);
        }
        for o in options {
            self.line(&o);
        }
    }

    fn package(&mut self, p: &Package, create: &str) {
        let name = self.name(&p.name);
        let mut head = format!(
            "{create}PACKAGE {}{name}",
            if p.body { "BODY " } else { "" }
        );
        for o in &p.options {
            let o = self.option(o);
            let _ = write!(head, " {o}");
        }
        self.node(p.span, &format!("{head} IS"));
        self.depth += 1;
        self.declarations(&p.declarations);
        self.depth -= 1;
        if let Some(init) = &p.initialization {
            self.line("BEGIN");
            self.depth += 1;
            self.statements(init);
            self.depth -= 1;
            self.handlers(&p.handlers);
        }
        self.comments_before(p.span.end);
        self.line(&format!("END {name};"));
    }

    fn trigger(&mut self, t: &Trigger, create: &str) {
        let name = self.name(&t.name);
        let timing = match t.timing {
            TriggerTiming::Before => "BEFORE",
            TriggerTiming::After => "AFTER",
            TriggerTiming::InsteadOf => "INSTEAD OF",
            TriggerTiming::For => "FOR",
        };
        let events: Vec<String> = t.events.iter().map(|e| self.option(e)).collect();
        let table = self.name(&t.table);
        self.node(t.span, &format!("{create}TRIGGER {name}"));
        self.line(&format!("{timing} {} ON {table}", events.join(" OR ")));
        for o in &t.options {
            let o = self.option(o);
            self.line(&o);
        }
        if let Some(w) = &t.when {
            let w = self.expr(w);
            self.line(&format!("WHEN ({w})"));
        }
        match &t.body {
            TriggerBody::Simple(block) => self.block(block, true),
            TriggerBody::Compound {
                span,
                declarations,
                sections,
                end_name,
            } => {
                self.node(*span, "COMPOUND TRIGGER");
                self.depth += 1;
                self.declarations(declarations);
                for section in sections {
                    self.node(section.span, &format!("{} IS", section.timing));
                    self.block_parts(&section.block, Some(&section.timing));
                }
                self.depth -= 1;
                self.comments_before(span.end);
                match end_name {
                    Some(n) => {
                        let n = self.name(n);
                        self.line(&format!("END {n};"));
                    }
                    None => self.line("END;"),
                }
            }
        }
    }

    fn type_spec(&mut self, t: &TypeSpec, create: &str) {
        let name = self.name(&t.name);
        let (lead, trail): (Vec<&RoutineOption>, Vec<&RoutineOption>) =
            t.options.iter().partition(|o| {
                o.span.start < t.name.span.end + 1 || {
                    // Options before AS/IS/UNDER come first.
                    matches!(&t.kind, TypeSpecKind::Object { .. })
                        && o.span.start < first_member_start(t)
                }
            });
        let mut head = format!("{create}TYPE {name}");
        for o in lead {
            let o = self.option(o);
            let _ = write!(head, " {o}");
        }
        match &t.kind {
            TypeSpecKind::Object {
                under,
                attributes,
                methods,
            } => {
                match under {
                    Some(parent) => {
                        let parent = self.name(parent);
                        let _ = write!(head, " UNDER {parent}");
                    }
                    None => head.push_str(" AS OBJECT"),
                }
                self.node(t.span, &head);
                self.line("(");
                self.depth += 1;
                let count = attributes.len() + methods.len();
                let mut n = 0;
                for a in attributes {
                    n += 1;
                    let (name, ty) = (self.name(&a.name), self.ty(&a.ty));
                    let sep = if n < count { "," } else { "" };
                    self.node(a.span, &format!("{name} {ty}{sep}"));
                }
                for m in methods {
                    n += 1;
                    let sep = if n < count { "," } else { "" };
                    let header = self.header(&m.routine);
                    let quals = m.qualifiers.join(" ");
                    self.node(m.span, &format!("{quals} {header}{sep}"));
                }
                self.depth -= 1;
                let mut close = String::from(")");
                for o in trail {
                    let o = self.option(o);
                    let _ = write!(close, " {o}");
                }
                close.push(';');
                self.line(&close);
            }
            TypeSpecKind::Collection(def) => {
                let def = self.type_definition(def);
                let mut line = format!("{head} AS {def}");
                for o in trail {
                    let o = self.option(o);
                    let _ = write!(line, " {o}");
                }
                line.push(';');
                self.node(t.span, &line);
            }
        }
    }

    fn type_body(&mut self, t: &TypeBody, create: &str) {
        let name = self.name(&t.name);
        self.node(t.span, &format!("{create}TYPE BODY {name} AS"));
        self.depth += 1;
        for m in &t.methods {
            let quals = m.qualifiers.join(" ");
            let header = self.header(&m.routine);
            self.node(m.span, &format!("{quals} {header}"));
            if let Some(body) = &m.routine.body {
                self.line("IS");
                self.block_parts(body, None);
            }
        }
        self.depth -= 1;
        self.comments_before(t.span.end);
        self.line("END;");
    }

    fn type_definition(&mut self, d: &TypeDefinition) -> String {
        match d {
            TypeDefinition::Record(fields) => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|f| {
                        let mut s = format!("{} {}", self.name(&f.name), self.ty(&f.ty));
                        if f.not_null {
                            s.push_str(" NOT NULL");
                        }
                        if let Some(d) = &f.default {
                            let d = self.expr(d);
                            let _ = write!(s, " := {d}");
                        }
                        s
                    })
                    .collect();
                format!("RECORD ({})", fields.join(", "))
            }
            TypeDefinition::Table { of, index_by } => {
                let mut s = format!("TABLE OF {}", self.ty(of));
                if let Some(k) = index_by {
                    let k = self.ty(k);
                    let _ = write!(s, " INDEX BY {k}");
                }
                s
            }
            TypeDefinition::Varray { size, of } => {
                format!("VARRAY({}) OF {}", self.expr(size), self.ty(of))
            }
            TypeDefinition::RefCursor(ret) => match ret {
                Some(t) => format!("REF CURSOR RETURN {}", self.ty(t)),
                None => "REF CURSOR".to_string(),
            },
        }
    }

    fn declarations(&mut self, decls: &[Declaration]) {
        for d in decls {
            self.declaration(d);
        }
    }

    fn declaration(&mut self, d: &Declaration) {
        match d {
            Declaration::Variable {
                span,
                name,
                constant,
                ty,
                not_null,
                default,
            } => {
                let mut s = self.name(name);
                if *constant {
                    s.push_str(" CONSTANT");
                }
                let ty = self.ty(ty);
                let _ = write!(s, " {ty}");
                if *not_null {
                    s.push_str(" NOT NULL");
                }
                if let Some(d) = default {
                    let d = self.expr(d);
                    let _ = write!(s, " := {d}");
                }
                s.push(';');
                self.node(*span, &s);
            }
            Declaration::Exception { span, name } => {
                let name = self.name(name);
                self.node(*span, &format!("{name} EXCEPTION;"));
            }
            Declaration::Cursor(c) if self.style == Style::Plpgsql => {
                let mut s = format!("{} CURSOR", self.name(&c.name));
                if !c.params.is_empty() {
                    let params: Vec<String> = c.params.iter().map(|p| self.param(p)).collect();
                    let _ = write!(s, " ({})", params.join(", "));
                }
                let q = c.query.as_ref().map(|q| self.sql(q)).unwrap_or_default();
                self.node(c.span, &format!("{s} FOR {q};"));
            }
            Declaration::Cursor(c) => {
                let mut s = format!("CURSOR {}", self.name(&c.name));
                if !c.params.is_empty() {
                    let params: Vec<String> = c.params.iter().map(|p| self.param(p)).collect();
                    let _ = write!(s, " ({})", params.join(", "));
                }
                if let Some(r) = &c.returns {
                    let r = self.ty(r);
                    let _ = write!(s, " RETURN {r}");
                }
                match &c.query {
                    Some(q) => {
                        self.node(c.span, &format!("{s} IS"));
                        let q = self.sql(q);
                        self.depth += 1;
                        self.line(&format!("{q};"));
                        self.depth -= 1;
                    }
                    None => self.node(c.span, &format!("{s};")),
                }
            }
            Declaration::Type {
                span,
                name,
                definition,
            } => {
                let name = self.name(name);
                let def = self.type_definition(definition);
                self.node(*span, &format!("TYPE {name} IS {def};"));
            }
            Declaration::Subtype {
                span,
                name,
                base,
                not_null,
            } => {
                let name = self.name(name);
                let base = self.ty(base);
                let nn = if *not_null { " NOT NULL" } else { "" };
                self.node(*span, &format!("SUBTYPE {name} IS {base}{nn};"));
            }
            Declaration::Pragma { span, name, args } => {
                let args: Vec<String> = args.iter().map(|a| self.expr(a)).collect();
                let args = if args.is_empty() {
                    String::new()
                } else {
                    format!("({})", args.join(", "))
                };
                self.node(*span, &format!("PRAGMA {name}{args};"));
            }
            Declaration::Routine(r) => self.routine(r, ""),
            Declaration::Alias { span, name, target } => {
                let (n, t) = (self.name(name), self.name(target));
                self.node(*span, &format!("{n} ALIAS FOR {t};"));
            }
        }
    }

    /// A block with its own `DECLARE` (anonymous) or a routine body after `IS`.
    fn block(&mut self, b: &Block, anonymous: bool) {
        if let Some(label) = &b.label {
            let label = self.name(label);
            self.line(&format!("<<{label}>>"));
        }
        if anonymous && !b.declarations.is_empty() {
            self.node(b.span, "DECLARE");
        } else {
            self.comments_before(b.span.start);
        }
        self.block_parts(b, None);
    }

    /// Declarations, `BEGIN`, statements, handlers and `END`; `end` names
    /// what the `END` closes when it is not the block's own name (a compound
    /// trigger's timing point).
    fn block_parts(&mut self, b: &Block, end: Option<&str>) {
        self.depth += 1;
        self.declarations(&b.declarations);
        self.depth -= 1;
        self.line("BEGIN");
        self.depth += 1;
        self.statements(&b.statements);
        self.depth -= 1;
        self.handlers(&b.handlers);
        self.comments_before(b.span.end);
        let end_name = match (end, &b.end_name) {
            (Some(end), _) => Some(end.to_string()),
            (None, Some(n)) => Some(self.name(n)),
            (None, None) => None,
        };
        match end_name {
            Some(n) => self.line(&format!("END {n};")),
            None => self.line("END;"),
        }
    }

    fn handlers(&mut self, handlers: &[Handler]) {
        if handlers.is_empty() {
            return;
        }
        self.line("EXCEPTION");
        self.depth += 1;
        for h in handlers {
            let names: Vec<String> = h.exceptions.iter().map(|n| self.name(n)).collect();
            self.node(h.span, &format!("WHEN {} THEN", names.join(" OR ")));
            self.depth += 1;
            self.statements(&h.body);
            self.depth -= 1;
        }
        self.depth -= 1;
    }

    fn statements(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.statement(s);
        }
    }

    fn body(&mut self, stmts: &[Stmt]) {
        self.depth += 1;
        self.statements(stmts);
        self.depth -= 1;
    }

    fn statement(&mut self, s: &Stmt) {
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
    fn loop_end(&mut self, body: &[Stmt], stmt: &Stmt) {
        self.body(body);
        self.comments_before(stmt.span.end);
        match stmt.labels.last() {
            Some(label) => self.line(&format!("END LOOP {};", label.text)),
            None => self.line("END LOOP;"),
        }
    }

    /// `(a, name => b)`, or nothing when there are no arguments.
    fn cursor_args(&mut self, args: &[Arg]) -> String {
        if args.is_empty() {
            return String::new();
        }
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                let value = self.expr(&a.value);
                match &a.name {
                    Some(n) => format!("{} => {value}", self.name(n)),
                    None => value,
                }
            })
            .collect();
        format!("({})", args.join(", "))
    }

    fn using(&mut self, args: &[UsingArg]) -> String {
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

/// A dollar-quote tag that does not occur in `body`.
fn dollar_tag(body: &str) -> String {
    let mut tag = String::from("$$");
    let mut n = 0;
    while body.contains(&tag) {
        n += 1;
        tag = format!("$body{n}$");
    }
    tag
}

/// Where the first attribute or method of an object type starts.
fn first_member_start(t: &TypeSpec) -> usize {
    match &t.kind {
        TypeSpecKind::Object {
            attributes,
            methods,
            ..
        } => attributes
            .iter()
            .map(|a| a.span.start)
            .chain(methods.iter().map(|m| m.span.start))
            .min()
            .unwrap_or(t.span.end),
        TypeSpecKind::Collection(_) => t.span.end,
    }
}

/// Puts an `INTO` clause back: before the top-level `FROM` of a query, at
/// the end (after `RETURNING …`) of DML.
fn insert_print_into(sql: &str, clause: &str) -> String {
    let lexemes: Vec<_> = Lexer::new(sql, 0, ScriptSyntax::SqlPlus)
        .filter(|l| !l.kind.is_trivia())
        .collect();
    let is_query = lexemes.first().is_some_and(|l| {
        let w = l.span.slice(sql);
        w.eq_ignore_ascii_case("SELECT") || w.eq_ignore_ascii_case("WITH")
    });
    if is_query {
        let mut depth = 0usize;
        let mut seen_select = false;
        for l in &lexemes {
            match l.kind {
                LexemeKind::Punct('(') => depth += 1,
                LexemeKind::Punct(')') => depth = depth.saturating_sub(1),
                LexemeKind::Word if depth == 0 => {
                    let w = l.span.slice(sql);
                    if w.eq_ignore_ascii_case("SELECT") {
                        seen_select = true;
                    } else if seen_select && w.eq_ignore_ascii_case("FROM") {
                        return format!(
                            "{} {clause} {}",
                            sql[..l.span.start].trim_end(),
                            &sql[l.span.start..]
                        );
                    }
                }
                _ => {}
            }
        }
    }
    format!("{sql} {clause}")
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

/// sqlparser prints PL/SQL attributes (`c%ROWCOUNT`) as modulo (`c % ROWCOUNT`);
/// PL/SQL has no `%` operator, so every `%` outside strings is an attribute.
pub fn plsql_expr_text(printed: &str) -> String {
    let mut out = String::with_capacity(printed.len());
    let lexemes: Vec<_> = Lexer::new(printed, 0, ScriptSyntax::SqlPlus).collect();
    for (i, l) in lexemes.iter().enumerate() {
        let ws_next_to_percent = l.kind == LexemeKind::Whitespace
            && (lexemes
                .get(i + 1)
                .is_some_and(|n| n.kind == LexemeKind::Punct('%'))
                || i.checked_sub(1)
                    .and_then(|p| lexemes.get(p))
                    .is_some_and(|p| p.kind == LexemeKind::Punct('%')));
        if !ws_next_to_percent {
            out.push_str(l.span.slice(printed));
        }
    }
    out
}

/// sqlparser prints `VARCHAR2(50 CHAR)` as `VARCHAR2(50, CHAR)`.
fn data_type_text(printed: &str) -> String {
    printed
        .replace(", CHAR)", " CHAR)")
        .replace(", BYTE)", " BYTE)")
}

#[cfg(test)]
mod tests {
    use super::plsql_expr_text;

    #[test]
    fn attributes_lose_the_spaces_modulo_printing_gave_them() {
        assert_eq!(plsql_expr_text("c % ROWCOUNT > 0"), "c%ROWCOUNT > 0");
        assert_eq!(plsql_expr_text("'50 % off' || x"), "'50 % off' || x");
    }
}
