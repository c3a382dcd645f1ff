//! Blocks, declarations and exception handlers.

use std::fmt::Write;

use crate::ast::procedural::*;

use super::{Printer, Style};

impl Printer<'_> {
    pub(super) fn declarations(&mut self, decls: &[Declaration]) {
        for d in decls {
            if self.style == Style::Plpgsql && compile_option(d).is_some() {
                continue;
            }
            self.declaration(d);
        }
    }

    pub(super) fn declaration(&mut self, d: &Declaration) {
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
                    // PL/pgSQL cursor arguments are `name type`: no mode, no default.
                    let params: Vec<String> = c
                        .params
                        .iter()
                        .map(|p| {
                            let ty = self.ty(&p.ty);
                            match &p.name {
                                Some(n) => format!("{} {ty}", self.name(n)),
                                None => ty,
                            }
                        })
                        .collect();
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
    pub(super) fn block(&mut self, b: &Block, anonymous: bool) {
        // PL/pgSQL compile options (`#variable_conflict use_column`) come
        // first in a body, before its label and DECLARE.
        let mut declares = b.declarations.len();
        if self.style == Style::Plpgsql {
            for d in &b.declarations {
                if let Some(option) = compile_option(d) {
                    self.line(&option);
                    declares -= 1;
                }
            }
        }
        if let Some(label) = &b.label {
            let label = self.name(label);
            self.line(&format!("<<{label}>>"));
        }
        if anonymous && declares > 0 {
            self.node(b.span, "DECLARE");
        } else {
            self.comments_before(b.span.start);
        }
        self.block_parts(b, None);
    }

    /// Declarations, `BEGIN`, statements, handlers and `END`; `end` names
    /// what the `END` closes when it is not the block's own name (a compound
    /// trigger's timing point).
    pub(super) fn block_parts(&mut self, b: &Block, end: Option<&str>) {
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
            // PL/pgSQL checks the name after END against the block's label:
            // a routine's name there is an error.
            (None, Some(_)) if self.style == Style::Plpgsql && b.label.is_none() => None,
            (None, Some(n)) => Some(self.name(n)),
            (None, None) => None,
        };
        match end_name {
            Some(n) => self.line(&format!("END {n};")),
            None => self.line("END;"),
        }
    }

    pub(super) fn handlers(&mut self, handlers: &[Handler]) {
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
}

/// A PL/pgSQL compile option, held as a pragma whose name starts with `#`
/// (`#variable_conflict` with the argument `use_column`): its line.
fn compile_option(d: &Declaration) -> Option<String> {
    match d {
        Declaration::Pragma { name, args, .. } if name.starts_with('#') => {
            let args: Vec<String> = args.iter().map(|a| a.expr.to_string()).collect();
            Some(format!("{name} {}", args.join(" ")).trim_end().to_string())
        }
        _ => None,
    }
}
