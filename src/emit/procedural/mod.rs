//! The procedural printer: program units as PL/SQL (what Oracle, DM and
//! Kingbase in Oracle mode read) or as PL/pgSQL (HighGo, Kingbase in PG mode).
//!
//! Structure (keywords, indentation) is printed from the AST; leaves —
//! expressions, types, names, embedded SQL — print their source text when
//! they still have a source span, so an untouched leaf keeps its spelling and
//! the comments inside it. A leaf a rewrite built (empty span) is printed
//! from its AST. Comments between nodes are re-emitted before the next node
//! that follows them, so that no comment is ever dropped.
//!
//! This module holds the printer's state and the leaves; `units`, `blocks`
//! and `statements` print the structure.

mod blocks;
mod statements;
mod units;

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

/// The printer's state: where leaves get their text, the comments still to
/// print, the output so far and the indentation depth.
struct Printer<'a> {
    text: &'a str,
    style: Style,
    /// Comments of the unit, in order; those before `next_comment` are printed.
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
            // PL/pgSQL has a `%` (modulo) operator and no attributes in
            // expressions: sqlparser's printing is already right there.
            None if self.style == Style::Plpgsql => {
                crate::parse::shims::unshim(&e.expr.to_string())
            }
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
            return self.strict_into_source(s, text);
        }
        let mut sql = crate::parse::set_aside::restore(
            crate::parse::shims::unshim(&s.statement.to_string()),
            &s.set_aside,
        );
        if let Some(record) = &s.values_record {
            let record = self.expr(record);
            sql = sql.replace(&format!("({RECORD_PLACEHOLDER})"), &record);
        }
        if let Some(into) = &s.into {
            let clause = self.print_into(into);
            sql = insert_into_clause(&sql, &clause);
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

    /// An embedded statement's source text, with `STRICT` written after
    /// its `INTO` when a rewrite asked for it (so the statement keeps its
    /// layout and comments).
    fn strict_into_source(&self, s: &EmbeddedSql, text: &str) -> String {
        let Some(into) = &s.into else {
            return text.to_string();
        };
        if !into.strict || self.style != Style::Plpgsql || into.span.is_empty() {
            return text.to_string();
        }
        let at = into.span.start.saturating_sub(s.span.start);
        match text.get(at..at + 4) {
            Some(word) if word.eq_ignore_ascii_case("INTO") => {
                let after = &text[at + 4..];
                // PL/pgSQL source already says `INTO STRICT`.
                let already = after
                    .trim_start()
                    .get(..6)
                    .is_some_and(|w| w.eq_ignore_ascii_case("STRICT"));
                if already {
                    return text.to_string();
                }
                format!("{} STRICT{after}", &text[..at + 4])
            }
            _ => text.to_string(),
        }
    }

    fn print_into(&mut self, into: &Into) -> String {
        let targets: Vec<String> = into.targets.iter().map(|t| self.expr(t)).collect();
        format!(
            "{}INTO {}{}",
            if into.bulk_collect {
                "BULK COLLECT "
            } else {
                ""
            },
            if into.strict && self.style == Style::Plpgsql {
                "STRICT "
            } else {
                ""
            },
            targets.join(", ")
        )
    }
}

/// Puts an `INTO` clause back: before the top-level `FROM` of a query, at
/// the end (after `RETURNING …`) of DML.
fn insert_into_clause(sql: &str, clause: &str) -> String {
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

/// An expression or statement as sqlparser printed it, made source-like
/// again: shimmed forms written back (see `parse::shims`), and PL/SQL
/// attributes, which sqlparser prints as modulo (`c % ROWCOUNT`), glued back
/// (`c%ROWCOUNT`): PL/SQL has no `%` operator, so every `%` outside strings
/// is an attribute.
pub fn plsql_expr_text(printed: &str) -> String {
    let printed = &crate::parse::shims::unshim(printed);
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
    fn plpgsql_keeps_the_modulo_operator_as_sqlparser_prints_it() {
        use crate::ast::procedural::{ProgramUnit, StmtKind};
        let text = "DO $$\nBEGIN\n  x := a % 2;\nEND\n$$";
        let span = crate::source::Span::new(0, text.len());
        let Ok(Some(mut program)) = crate::parse::procedural::parse_plpgsql_unit(text, span) else {
            panic!("the DO block does not parse");
        };
        // A rewritten leaf (no span) is printed from its AST.
        if let ProgramUnit::Block(b) = &mut program.unit
            && let Some(StmtKind::Assign { value, .. }) =
                b.statements.first_mut().map(|s| &mut s.kind)
        {
            value.span = crate::source::Span::default();
        }
        let printed = super::print_program(&program, text, super::Style::Plpgsql);
        assert!(printed.contains("x := a % 2;"), "{printed}");
        let plsql = super::print_program(&program, text, super::Style::Plsql);
        assert!(plsql.contains("x := a%2;"), "{plsql}");
    }

    #[test]
    fn attributes_lose_the_spaces_modulo_printing_gave_them() {
        assert_eq!(plsql_expr_text("c % ROWCOUNT > 0"), "c%ROWCOUNT > 0");
        assert_eq!(plsql_expr_text("'50 % off' || x"), "'50 % off' || x");
    }
}
