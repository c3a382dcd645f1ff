//! Program units: routines, packages, triggers, object types, `DO` blocks.

use std::fmt::Write;

use crate::ast::procedural::*;

use super::{Printer, Style};

impl Printer<'_> {
    pub(super) fn program(&mut self, p: &Program) {
        let create = p.create.map(|c| {
            let mut s = String::from("CREATE ");
            if c.or_replace {
                s.push_str("OR REPLACE ");
            }
            // PostgreSQL has no editions.
            match c.editionable {
                Some(true) if self.style == Style::Plsql => s.push_str("EDITIONABLE "),
                Some(false) if self.style == Style::Plsql => s.push_str("NONEDITIONABLE "),
                _ => {}
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

    pub(super) fn header(&mut self, r: &Routine) -> String {
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

    pub(super) fn param(&mut self, p: &Param) -> String {
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

    pub(super) fn routine(&mut self, r: &Routine, create: &str) {
        if self.style == Style::Plpgsql {
            return self.pg_routine(r, create);
        }
        let header = self.header(r);
        if let Some(external) = &r.external {
            let external = self.option(external);
            return self.node(r.span, &format!("{create}{header} AS {external};"));
        }
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
    pub(super) fn detached_block(&mut self, b: &Block) -> String {
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
    pub(super) fn pg_routine(&mut self, r: &Routine, create: &str) {
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
        // A `$$` body means nothing without its language; PL/SQL headers
        // never name one.
        let has_language = options.iter().any(|o| {
            o.split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("LANGUAGE"))
        });
        if r.body.is_some() && !has_language {
            self.line("LANGUAGE plpgsql");
        }
        for o in options {
            self.line(&o);
        }
    }

    pub(super) fn package(&mut self, p: &Package, create: &str) {
        if self.style == Style::Plpgsql {
            return self.pg_package(p);
        }
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

    /// A package as a PostgreSQL schema: `CREATE SCHEMA` for a specification,
    /// then each declaration as a statement of its own — routines with a body
    /// as `CREATE OR REPLACE FUNCTION|PROCEDURE`, record types as composite
    /// types, collection types and subtypes as domains. Declarations with no
    /// schema-level form (variables, exceptions, pragmas, cursors, routine
    /// declarations) are printed as comments: the Oracle → PostgreSQL pass
    /// replaces what it can, and nothing is silently lost. The last `;` is
    /// left to the script terminator.
    fn pg_package(&mut self, p: &Package) {
        let name = self.name(&p.name);
        if !p.body {
            self.node(p.span, &format!("CREATE SCHEMA IF NOT EXISTS {name};"));
        }
        for d in &p.declarations {
            self.pg_package_declaration(d);
        }
        self.comments_before(p.span.end);
        while self.out.ends_with('\n') {
            self.out.pop();
        }
        if self.out.ends_with(';') {
            self.out.pop();
        }
        self.out.push('\n');
    }

    fn pg_package_declaration(&mut self, d: &Declaration) {
        match d {
            Declaration::Routine(r) if r.body.is_some() => {
                self.pg_routine(r, "CREATE OR REPLACE ");
                self.terminate();
            }
            Declaration::Routine(_) => {}
            Declaration::Type {
                span,
                name,
                definition,
            } => {
                let name = self.name(name);
                match definition {
                    TypeDefinition::Record(fields) => {
                        let columns: Vec<(String, LoadType)> = fields
                            .iter()
                            .map(|f| (self.name(&f.name), self.load_type(&f.ty)))
                            .collect();
                        let ddl = load_time_ddl(
                            &name,
                            &format!("CREATE TYPE {name} AS ("),
                            &columns,
                            ")",
                        );
                        self.node(*span, &ddl);
                    }
                    TypeDefinition::Table {
                        index_by: Some(key),
                        ..
                    } if !key.is_integer_key() => {
                        // A map keyed by strings has no array form (see SP0253).
                        let def = self.type_definition(definition);
                        self.node(*span, &format!("-- TYPE {name} IS {def};"));
                    }
                    TypeDefinition::Table { of, .. } | TypeDefinition::Varray { of, .. } => {
                        let elem = self.load_type(of);
                        let ddl = load_time_ddl(
                            &name,
                            &format!("CREATE DOMAIN {name} AS "),
                            &[(String::new(), elem)],
                            "[]",
                        );
                        self.node(*span, &ddl);
                    }
                    TypeDefinition::RefCursor(_) => {
                        self.node(*span, &format!("-- TYPE {name} IS REF CURSOR: refcursor"));
                    }
                }
            }
            Declaration::Subtype {
                span, name, base, ..
            } => {
                let name = self.name(name);
                let base = self.load_type(base);
                let ddl = load_time_ddl(
                    &name,
                    &format!("CREATE DOMAIN {name} AS "),
                    &[(String::new(), base)],
                    "",
                );
                self.node(*span, &ddl);
            }
            other => {
                // Printed as PL/SQL, commented out line by line.
                let mut inner = Printer {
                    text: self.text,
                    style: Style::Plsql,
                    comments: self.comments.clone(),
                    next_comment: self.next_comment,
                    out: String::new(),
                    depth: 0,
                };
                inner.declaration(other);
                self.next_comment = inner.next_comment;
                for line in inner.out.lines() {
                    if line.trim_start().starts_with("--") {
                        self.line(line);
                    } else {
                        self.line(&format!("-- {line}"));
                    }
                }
            }
        }
    }

    /// Ends the statement just printed with `;`.
    fn terminate(&mut self) {
        while self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out.push_str(";\n");
    }

    /// A type as DDL outside PL/pgSQL can use it: `t.c%TYPE` and `t%ROWTYPE`
    /// are PL/pgSQL's, so a column's type is looked up in the catalog when
    /// the statement runs.
    fn load_type(&mut self, t: &TypeRef) -> LoadType {
        match &t.kind {
            TypeRefKind::TypeOf(n) => {
                let parts: Vec<&str> = n.text.rsplitn(2, '.').collect();
                match parts.as_slice() {
                    [column, table] => LoadType::Column {
                        table: table.to_string(),
                        column: column.to_string(),
                    },
                    _ => LoadType::Static(self.ty(t)),
                }
            }
            TypeRefKind::RowTypeOf(n) => LoadType::Static(n.text.clone()),
            _ => LoadType::Static(self.ty(t)),
        }
    }

    pub(super) fn trigger(&mut self, t: &Trigger, create: &str) {
        // A trigger the Oracle → PostgreSQL pass prepared (it named the
        // function); any other is printed as written.
        if self.style == Style::Plpgsql
            && t.function.is_some()
            && let TriggerBody::Simple(block) = &t.body
        {
            return self.pg_trigger(t, block, create);
        }
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

    /// A trigger as PostgreSQL has them: a function `RETURNS trigger` holding
    /// the body, then `CREATE TRIGGER … EXECUTE FUNCTION` naming it.
    fn pg_trigger(&mut self, t: &Trigger, block: &Block, create: &str) {
        let name = self.name(&t.name);
        let table = self.name(&t.table);
        let function = t
            .function
            .as_ref()
            .map_or_else(|| format!("{name}_fn"), |f| self.name(f));
        let replace = create.contains("OR REPLACE");
        let create_fn = if replace || t.drop_existing {
            "CREATE OR REPLACE "
        } else {
            "CREATE "
        };
        self.node(
            t.span,
            &format!("{create_fn}FUNCTION {function}() RETURNS trigger"),
        );
        let body = self.detached_block(block);
        let tag = dollar_tag(&body);
        self.line(&format!("AS {tag}"));
        self.out.push_str(&body);
        self.line(&tag);
        self.line("LANGUAGE plpgsql;");
        if t.drop_existing {
            self.line(&format!("DROP TRIGGER IF EXISTS {name} ON {table};"));
        }
        let timing = match t.timing {
            TriggerTiming::Before => "BEFORE",
            TriggerTiming::After => "AFTER",
            TriggerTiming::InsteadOf | TriggerTiming::For => "INSTEAD OF",
        };
        let events: Vec<String> = t.events.iter().map(|e| self.option(e)).collect();
        let create_trigger = if replace {
            "CREATE OR REPLACE "
        } else {
            "CREATE "
        };
        self.line(&format!("{create_trigger}TRIGGER {name}"));
        self.line(&format!("{timing} {} ON {table}", events.join(" OR ")));
        let mut disabled = false;
        for o in &t.options {
            let o = self.option(o);
            // Oracle's `DISABLE`: PostgreSQL disables a trigger once it exists.
            if o.eq_ignore_ascii_case("DISABLE") {
                disabled = true;
                continue;
            }
            self.line(&o);
        }
        if let Some(w) = &t.when {
            let w = self.expr(w);
            self.line(&format!("WHEN ({w})"));
        }
        self.line(&format!("EXECUTE FUNCTION {function}()"));
        if disabled {
            self.terminate();
            self.line(&format!("ALTER TABLE {table} DISABLE TRIGGER {name}"));
        }
    }

    pub(super) fn type_spec(&mut self, t: &TypeSpec, create: &str) {
        if self.style == Style::Plpgsql
            && let Some(ddl) = self.pg_type_spec(t)
        {
            // Comments inside the type (on attributes, or on methods left
            // out) go before the DDL: after it they would swallow the `;`
            // that ends it.
            self.comments_before(t.span.end);
            return self.node(t.span, ddl.trim_end_matches(';'));
        }
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

    /// A type as PostgreSQL DDL, when it has a direct form: a collection as
    /// a domain over an array, an object type without supertype as a
    /// composite type of its attributes. (The script terminator ends the statement.)
    fn pg_type_spec(&mut self, t: &TypeSpec) -> Option<String> {
        let name = self.name(&t.name);
        match &t.kind {
            TypeSpecKind::Collection(TypeDefinition::Table { of, index_by: None })
            | TypeSpecKind::Collection(TypeDefinition::Varray { of, .. }) => {
                let elem = self.load_type(of);
                Some(load_time_ddl(
                    &name,
                    &format!("CREATE DOMAIN {name} AS "),
                    &[(String::new(), elem)],
                    "[]",
                ))
            }
            // With methods too: its attributes still make the type that
            // tables, collections and routines of the script use; the
            // methods, which a composite type cannot have, are reported
            // (`SP0274`) and left out.
            TypeSpecKind::Object {
                under: None,
                attributes,
                ..
            } => {
                let columns: Vec<(String, LoadType)> = attributes
                    .iter()
                    .map(|f| (self.name(&f.name), self.load_type(&f.ty)))
                    .collect();
                Some(load_time_ddl(
                    &name,
                    &format!("CREATE TYPE {name} AS ("),
                    &columns,
                    ")",
                ))
            }
            _ => None,
        }
    }

    pub(super) fn type_body(&mut self, t: &TypeBody, create: &str) {
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

    pub(super) fn type_definition(&mut self, d: &TypeDefinition) -> String {
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

/// A type in DDL: known now, or the type of a table column, read from the
/// catalog when the DDL runs.
enum LoadType {
    Static(String),
    Column { table: String, column: String },
}

/// The DDL creating type `name`: `head` + the comma-separated `name type`
/// items + `tail`, run by a `DO` block only when no type of that name exists
/// yet, so that a script re-run (Oracle's `CREATE OR REPLACE PACKAGE`) does
/// not fail on it; a column's type (`t.c%TYPE`) is read from `pg_attribute`
/// when the block runs.
fn load_time_ddl(name: &str, head: &str, items: &[(String, LoadType)], tail: &str) -> String {
    let quote = |s: &str| s.replace('\'', "''");
    let item = |n: &str, ty: &str| {
        if n.is_empty() {
            ty.to_string()
        } else {
            format!("{n} {ty}")
        }
    };
    let mut args = Vec::new();
    let list: Vec<String> = items
        .iter()
        .map(|(n, t)| match t {
            LoadType::Static(ty) => quote(&item(n, &ty.replace('%', "%%"))),
            LoadType::Column { table, column } => {
                // Unquoted names are stored in lower case; quoted ones as written.
                let column = match column.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
                    Some(c) => c.to_string(),
                    None => column.to_lowercase(),
                };
                args.push(format!(
                    "(SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '{}'::regclass AND attname = '{}')",
                    quote(table),
                    quote(&column)
                ));
                quote(&item(n, "%s"))
            }
        })
        .collect();
    let ddl = format!("'{}{}{}'", quote(head), list.join(", "), quote(tail));
    let execute = if args.is_empty() {
        format!("EXECUTE {}", ddl.replace("%%", "%"))
    } else {
        format!("EXECUTE format({ddl},\n      {})", args.join(",\n      "))
    };
    format!(
        "DO $$\nBEGIN\n  IF to_regtype('{}') IS NULL THEN\n    {execute};\n  END IF;\nEND\n$$;",
        quote(name)
    )
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
