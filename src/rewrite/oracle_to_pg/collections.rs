//! `collections`: integer-indexed PL/SQL collections → PostgreSQL arrays.
//!
//! **What it does.** In every block of a program unit:
//! - a local `TYPE t IS TABLE OF e [INDEX BY PLS_INTEGER]` or `VARRAY(n) OF
//!   e` is dropped and variables of type `t` become `e[]` (a collection of
//!   `tbl%ROWTYPE` becomes `tbl[]`); package and standalone collection types
//!   are domains over arrays (see `packages`), so their variables keep the type;
//!   `CREATE TYPE t AS TABLE OF e` / `VARRAY(n) OF e` is printed as
//!   `CREATE DOMAIN t AS e[]`;
//! - constructors `t()` / `t(a, b)` → `ARRAY[]::e[]` / `ARRAY[a, b]::e[]`;
//! - `v(i)` → `v[i]` in every statement (reads, assignments, `v(i).f`, the
//!   text of `EXECUTE IMMEDIATE`, `RAISE` arguments); before kernel 14, which
//!   cannot assign `v[i].f := x`, the element is copied out, changed and put back;
//! - `v.COUNT` → `coalesce(cardinality(v), 0)`, `v.FIRST` / `v.LAST` →
//!   `array_lower(v, 1)` / `array_upper(v, 1)`, `v.EXISTS(i)` → a bounds
//!   test, `v.NEXT(i)` / `v.PRIOR(i)` → `i ± 1` inside the bounds;
//! - statements `v.EXTEND` → `v := array_append(v, NULL)`, `v.DELETE` →
//!   `v := '{}'`, `v.TRIM` → `v := v[1:cardinality(v) - 1]`;
//! - `SELECT … BULK COLLECT INTO a, b FROM …` → `SELECT array_agg(x), array_agg(y)
//!   INTO a, b FROM (SELECT … FROM …) q` (a collection of records: `array_agg(q)`);
//!   DML `RETURNING x, y BULK COLLECT INTO a, b` → `WITH r AS (dml RETURNING x, y)
//!   SELECT array_agg(r.x), array_agg(r.y) INTO a, b FROM r`; `FETCH c BULK COLLECT
//!   INTO a [LIMIT n]` → a block fetching row by row (at most `n`) and appending;
//!   `EXECUTE IMMEDIATE sql BULK COLLECT INTO a, b` → `EXECUTE 'SELECT
//!   array_agg(q.c1), array_agg(q.c2) FROM (' || sql || ') q (c1, c2)' INTO a, b`
//!   (a collection of records: `array_agg(ROW(q.*)::elem)`);
//! - `FORALL i IN lo .. hi dml` → `FOR i IN lo .. hi LOOP dml; END LOOP`
//!   (`INDICES OF v` → the bounds of `v`; `VALUES OF v` → `FOREACH i IN
//!   ARRAY v`, in a block declaring `i`).
//!
//! **Why.** PL/pgSQL has no collection types, methods or bulk binding; its
//! arrays are dense and 1-based, which is what integer-indexed collections
//! filled with `v(v.COUNT + 1) := x` or `BULK COLLECT` are. Sparse use
//! (`v.DELETE(i)`, keys with gaps) has no array equivalent and is reported.
//!
//! **Example.**
//!
//! ```sql
//! l_alloc(l_alloc.COUNT + 1) := l_line;
//! FORALL i IN 1 .. l_alloc.COUNT INSERT INTO ph_dispense_batch VALUES (l_alloc(i).batch_id);
//! -- becomes
//! l_alloc[coalesce(cardinality(l_alloc), 0) + 1] := l_line;
//! FOR i IN 1 .. coalesce(cardinality(l_alloc), 0) LOOP
//!   INSERT INTO ph_dispense_batch VALUES (l_alloc[i].batch_id);
//! END LOOP;
//! ```
//!
//! **Findings.** `SP0253` (error) string-indexed collection; `SP0257`
//! (error) a record type local to a block (no PL/pgSQL equivalent); `SP0258`
//! (error) a collection of `t.c%TYPE`; `SP0254`
//! (error) `FORALL … SAVE EXCEPTIONS` (the loop is written, but failures
//! are no longer collected); `SP0256` (error) a collection operation with no
//! array form (`DELETE(i)`, a bulk `FETCH` or `EXTEND(n)` whose element type
//! is not known).

use std::collections::HashMap;

use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident};
use sqlparser::dialect::PostgreSqlDialect;

use crate::ast::Content;
use crate::ast::procedural::{
    Block, Declaration, EmbeddedSql, Into, Name, PlExpr, ProgramUnit, Routine, Stmt, StmtKind,
    TriggerBody, TypeDefinition, TypeRef, TypeRefKind,
};
use crate::ast::visit::{VisitMut, walk_stmt};
use crate::parse::procedural::common::{parse_data_type, parse_expr, parse_statement};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::{expressions_mut, visit_exprs};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

use super::collection_types::CollectionTypes;
use super::pipelined::type_name;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Collections;

impl Pass for Collections {
    fn name(&self) -> &'static str {
        "collections"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let types = CollectionTypes::of(script, &super::context_scripts(cx));
        for unit in script.units_mut() {
            let package = match &unit.content {
                Content::Program(p) => match &p.unit {
                    ProgramUnit::Package(p) => Some(p.name.text.clone()),
                    _ => None,
                },
                _ => None,
            };
            // Constructors of the script's collection and object types,
            // in SQL units and program units alike.
            expressions_mut(unit, &mut |e| constructor(e, &types, package.as_deref()));
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let package = match &program.unit {
                ProgramUnit::Package(p) => Some(p.name.text.clone()),
                _ => None,
            };
            let mut w = Walker {
                types: &types,
                package,
                text: cx.file.text(),
                findings: Vec::new(),
                changed: false,
                field_of_element: cx.options.kernel().unwrap_or(12) >= 14,
            };
            let scope = Scope::default();
            match &mut program.unit {
                ProgramUnit::Routine(r) => w.routine(r, &scope),
                ProgramUnit::Package(p) => {
                    // Package-level types are domains and package variables
                    // accessors (see `packages`): only the routines are walked.
                    for d in &mut p.declarations {
                        if let Declaration::Routine(r) = d {
                            w.routine(r, &scope);
                        }
                    }
                }
                ProgramUnit::Trigger(t) => {
                    if let TriggerBody::Simple(b) = &mut t.body {
                        w.block(b, &scope);
                    }
                }
                ProgramUnit::Block(b) => w.block(b, &scope),
                ProgramUnit::Type(_) | ProgramUnit::TypeBody(_) => {}
            }
            unit.rewritten |= w.changed;
            cx.findings.append(&mut w.findings);
        }
    }
}

/// What names mean in a block: collection types declared in it and the
/// blocks around it, and the variables holding collections.
#[derive(Debug, Clone, Default)]
struct Scope {
    /// Local collection types (upper-cased) → the array type's text (`e[]`).
    types: HashMap<String, String>,
    /// Collection variables (upper-cased) → the array type's text.
    vars: HashMap<String, String>,
    /// Local collection types of a built-in element type → that type.
    data: HashMap<String, sqlparser::ast::DataType>,
    /// Collection variables (upper-cased) → their element type as SQL names
    /// it, when known.
    elems: HashMap<String, String>,
}

struct Walker<'a> {
    types: &'a CollectionTypes,
    package: Option<String>,
    text: &'a str,
    findings: Vec<Finding>,
    changed: bool,
    /// Whether PL/pgSQL assigns to a field of an array element
    /// (`v[i].f := x`): PostgreSQL 14 and later.
    field_of_element: bool,
}

/// The expressions and queries of one statement without nested statements,
/// rewritten by [`Walker::expr`] and [`Walker::sql`] in the statement's scope.
struct StatementExprs<'w, 'a> {
    walker: &'w mut Walker<'a>,
    scope: &'w Scope,
}

impl VisitMut for StatementExprs<'_, '_> {
    fn expr(&mut self, e: &mut PlExpr) {
        self.walker.expr(e, self.scope);
    }

    fn sql(&mut self, q: &mut EmbeddedSql) {
        self.walker.sql(q, self.scope);
    }
}

impl Walker<'_> {
    fn routine(&mut self, r: &mut Routine, outer: &Scope) {
        let mut scope = outer.clone();
        for p in &mut r.params {
            if let (Some(name), Some(array)) = (&p.name, self.array_of(&p.ty, &scope)) {
                scope
                    .vars
                    .insert(name.text.to_ascii_uppercase(), array.clone());
                if let Some(elem) = self.elem_of(&p.ty, &scope) {
                    scope.elems.insert(name.text.to_ascii_uppercase(), elem);
                }
                if self.is_local(&p.ty, &scope) {
                    p.ty = array_type(&p.ty, &array, &scope);
                    self.changed = true;
                }
            }
        }
        if let Some(ret) = &mut r.returns
            && self.is_local(ret, &scope)
            && let Some(array) = self.array_of(ret, &scope)
        {
            *ret = array_type(ret, &array, &scope);
            self.changed = true;
        }
        if let Some(b) = &mut r.body {
            self.block_in(b, scope);
        }
    }

    fn block(&mut self, b: &mut Block, outer: &Scope) {
        self.block_in(b, outer.clone());
    }

    fn block_in(&mut self, b: &mut Block, mut scope: Scope) {
        self.declarations(&mut b.declarations, &mut scope);
        for d in &mut b.declarations {
            if let Declaration::Routine(r) = d {
                self.routine(r, &scope);
            }
        }
        self.statements(&mut b.statements, &scope);
        for h in &mut b.handlers {
            self.statements(&mut h.body, &scope);
        }
    }

    /// Records the collection types and variables of `decls`; drops local
    /// integer-indexed collection types and retypes their variables.
    fn declarations(&mut self, decls: &mut Vec<Declaration>, scope: &mut Scope) {
        let mut kept = Vec::new();
        for mut d in std::mem::take(decls) {
            match &mut d {
                Declaration::Type {
                    span,
                    name,
                    definition,
                } => match definition {
                    TypeDefinition::Table {
                        index_by: Some(key),
                        ..
                    } if !key.is_integer_key() => {
                        self.findings.push(string_indexed(*span, &name.text));
                    }
                    TypeDefinition::Record(_) => self.findings.push(
                        Finding::new(
                            Code::SP0257,
                            *span,
                            format!(
                                "record type {} is local to a block; PL/pgSQL has no local types",
                                name.text
                            ),
                        )
                        .with_help("create it once as a composite type (CREATE TYPE name AS (…)) before the routine, or declare the variables as table%ROWTYPE or record"),
                    ),
                    TypeDefinition::Table { of, .. } | TypeDefinition::Varray { of, .. } => {
                        if let TypeRefKind::TypeOf(column) = &of.kind {
                            self.findings.push(
                                Finding::new(
                                    Code::SP0258,
                                    of.span,
                                    format!(
                                        "collection type {} holds {}%TYPE; PL/pgSQL has arrays of a column's type only from PostgreSQL 17",
                                        name.text, column.text
                                    ),
                                )
                                .with_help("write the column's type: TABLE OF NUMBER(14) for TABLE OF t.c%TYPE"),
                            );
                        }
                        let array = format!("{}[]", self.elem_text(of, scope));
                        if let TypeRefKind::Data(d) = &of.kind {
                            // Kept structured, so that type mappings still see the element.
                            scope.data.insert(name.text.to_ascii_uppercase(), d.clone());
                        }
                        scope.types.insert(name.text.to_ascii_uppercase(), array);
                        self.changed = true;
                        continue;
                    }
                    _ => {}
                },
                Declaration::Variable {
                    name, ty, default, ..
                } => {
                    if let Some(array) = self.array_of(ty, scope) {
                        if let Some(elem) = self.elem_of(ty, scope) {
                            scope.elems.insert(name.text.to_ascii_uppercase(), elem);
                        }
                        if self.is_local(ty, scope) {
                            *ty = array_type(ty, &array, scope);
                            self.changed = true;
                        }
                        if let Some(d) = default {
                            self.expr(d, scope);
                        }
                        scope.vars.insert(name.text.to_ascii_uppercase(), array);
                    } else if let Some(d) = default {
                        self.expr(d, scope);
                    }
                }
                _ => {}
            }
            kept.push(d);
        }
        *decls = kept;
    }

    /// The array type text of a collection type reference, if it is one.
    fn array_of(&self, ty: &TypeRef, scope: &Scope) -> Option<String> {
        let name = type_name(ty)?;
        if let Some(local) = scope.types.get(&name.to_ascii_uppercase()) {
            return Some(local.clone());
        }
        self.types.qualified(&name, self.package.as_deref())
    }

    /// The element type of the collection type `ty`, as SQL names it.
    fn elem_of(&self, ty: &TypeRef, scope: &Scope) -> Option<String> {
        let name = type_name(ty)?;
        if let Some(local) = scope.types.get(&name.to_ascii_uppercase()) {
            return local.strip_suffix("[]").map(str::to_string);
        }
        self.types
            .lookup(&name, self.package.as_deref())
            .and_then(|c| c.elem_sql.clone())
    }

    /// Whether `ty` names a local collection type (dropped: use the array type).
    fn is_local(&self, ty: &TypeRef, scope: &Scope) -> bool {
        type_name(ty).is_some_and(|n| scope.types.contains_key(&n.to_ascii_uppercase()))
    }

    /// The text of an element type: `tbl%ROWTYPE` is the table's row type `tbl`.
    fn elem_text(&self, ty: &TypeRef, scope: &Scope) -> String {
        match &ty.kind {
            TypeRefKind::RowTypeOf(n) => n.text.clone(),
            _ => {
                if let Some(name) = type_name(ty)
                    && let Some(local) = scope.types.get(&name.to_ascii_uppercase())
                {
                    return local.clone();
                }
                if let Some(text) = self.text.get(ty.span.start..ty.span.end)
                    && !ty.span.is_empty()
                {
                    return text.to_string();
                }
                match &ty.kind {
                    TypeRefKind::Data(d) => d.to_string(),
                    TypeRefKind::Named(n) | TypeRefKind::TypeOf(n) => n.text.clone(),
                    _ => "text".to_string(),
                }
            }
        }
    }

    fn statements(&mut self, stmts: &mut [Stmt], scope: &Scope) {
        for s in stmts.iter_mut() {
            self.statement(s, scope);
        }
    }

    fn statement(&mut self, s: &mut Stmt, scope: &Scope) {
        match &mut s.kind {
            StmtKind::Assign { target, value } => {
                self.expr(target, scope);
                self.expr(value, scope);
                if !self.field_of_element
                    && let Some(block) = element_field_assignment(target, value, scope)
                {
                    s.kind = StmtKind::Block(Box::new(block));
                }
            }
            StmtKind::Call(call) => {
                if let Some(kind) = self.method_statement(call, scope, s.span) {
                    s.kind = kind;
                    self.changed = true;
                } else {
                    self.expr(call, scope);
                }
            }
            StmtKind::If {
                branches,
                otherwise,
            } => {
                for b in branches {
                    self.expr(&mut b.condition, scope);
                    self.statements(&mut b.body, scope);
                }
                if let Some(o) = otherwise {
                    self.statements(o, scope);
                }
            }
            StmtKind::Case {
                operand,
                whens,
                otherwise,
            } => {
                if let Some(o) = operand {
                    self.expr(o, scope);
                }
                for b in whens {
                    self.expr(&mut b.condition, scope);
                    self.statements(&mut b.body, scope);
                }
                if let Some(o) = otherwise {
                    self.statements(o, scope);
                }
            }
            StmtKind::Loop(body) => self.statements(body, scope),
            StmtKind::While { condition, body } => {
                self.expr(condition, scope);
                self.statements(body, scope);
            }
            StmtKind::ForRange {
                low, high, body, ..
            } => {
                self.expr(low, scope);
                self.expr(high, scope);
                self.statements(body, scope);
            }
            StmtKind::ForCursor { source, body, .. } => {
                if let crate::ast::procedural::CursorSource::Query(q) = source {
                    self.sql(q, scope);
                }
                self.statements(body, scope);
            }
            StmtKind::Exit { when, .. } | StmtKind::Continue { when, .. } => {
                if let Some(w) = when {
                    self.expr(w, scope);
                }
            }
            StmtKind::Return(Some(e)) | StmtKind::ReturnNext(Some(e)) | StmtKind::PipeRow(e) => {
                self.expr(e, scope)
            }
            StmtKind::Block(b) => self.block(b, scope),
            StmtKind::Sql(q) => {
                self.sql(q, scope);
                if let Some(kind) = self.bulk_collect(q, scope) {
                    s.kind = kind;
                    self.changed = true;
                }
            }
            StmtKind::Fetch {
                direction: None,
                cursor,
                into,
                limit,
            } if into.bulk_collect => {
                if let Some(limit) = limit {
                    self.expr(limit, scope);
                }
                match bulk_fetch(cursor, &into.targets, limit.as_ref(), scope) {
                    Some(block) => {
                        s.kind = StmtKind::Block(Box::new(block));
                        self.changed = true;
                    }
                    None => self.findings.push(no_array_form(
                        s.span,
                        "FETCH … BULK COLLECT INTO (a target whose element type is not known here)",
                        "loop: FETCH c INTO r; EXIT WHEN NOT FOUND; v := array_append(v, r); (or select the whole query with array_agg)",
                    )),
                }
            }
            StmtKind::Forall {
                index,
                low,
                high,
                save_exceptions,
                statement,
            } => {
                if *save_exceptions {
                    self.findings.push(
                        Finding::new(
                            Code::SP0254,
                            s.span,
                            "FORALL … SAVE EXCEPTIONS: the loop stops at the first failure on PostgreSQL".to_string(),
                        )
                        .with_help("wrap the statement in BEGIN … EXCEPTION WHEN OTHERS THEN … END inside the loop and collect the failures"),
                    );
                }
                self.expr(low, scope);
                let (low, high) = match high {
                    Some(h) => {
                        self.expr(h, scope);
                        (low.clone(), h.clone())
                    }
                    None => {
                        if mentions_values_of(self.text, s.span) {
                            // VALUES OF v_pos: the index takes each value of
                            // v_pos, in a block that declares it.
                            let mut statement = statement.clone();
                            self.sql(&mut statement, scope);
                            s.kind = StmtKind::Block(Box::new(Block {
                                span: Span::default(),
                                label: None,
                                declarations: vec![variable(&index.text, named("integer"), None)],
                                statements: vec![plain(StmtKind::Foreach {
                                    var: index.clone(),
                                    slice: None,
                                    array: low.clone(),
                                    body: vec![plain(StmtKind::Sql(statement))],
                                })],
                                handlers: Vec::new(),
                                end_name: None,
                            }));
                            self.changed = true;
                            return;
                        }
                        // INDICES OF v: a dense array's bounds.
                        let v = (*low.expr).clone();
                        (
                            pl(template(
                                "coalesce(array_lower(sqlport_v, 1), 1)",
                                &[("sqlport_v", &v)],
                            )),
                            pl(template(
                                "coalesce(array_upper(sqlport_v, 1), 0)",
                                &[("sqlport_v", &v)],
                            )),
                        )
                    }
                };
                let mut statement = statement.clone();
                self.sql(&mut statement, scope);
                s.kind = StmtKind::ForRange {
                    index: index.clone(),
                    reverse: false,
                    low,
                    high,
                    step: None,
                    body: vec![Stmt {
                        span: Span::default(),
                        labels: Vec::new(),
                        kind: StmtKind::Sql(statement),
                    }],
                };
                self.changed = true;
            }
            StmtKind::Foreach {
                slice, array, body, ..
            } => {
                if let Some(slice) = slice {
                    self.expr(slice, scope);
                }
                self.expr(array, scope);
                self.statements(body, scope);
            }
            StmtKind::ExecuteImmediate {
                sql,
                into,
                using,
                returning,
            } => {
                self.expr(sql, scope);
                for u in using.iter_mut() {
                    self.expr(&mut u.expr, scope);
                }
                for i in [&mut *into, &mut *returning].into_iter().flatten() {
                    for t in &mut i.targets {
                        self.expr(t, scope);
                    }
                }
                if let Some(i) = into
                    && i.bulk_collect
                {
                    if let Some(query) = dynamic_bulk_collect(sql, i, scope) {
                        *sql = query;
                        i.bulk_collect = false;
                        i.span = Span::default();
                        self.changed = true;
                    } else {
                        self.findings.push(no_array_form(
                            s.span,
                            "EXECUTE IMMEDIATE … BULK COLLECT INTO (a target that is not a collection here)",
                            "EXECUTE 'SELECT array_agg(q.c1) FROM (' || sql || ') q (c1)' INTO v",
                        ));
                    }
                }
                if returning.as_ref().is_some_and(|r| r.bulk_collect) {
                    self.findings.push(no_array_form(
                        s.span,
                        "EXECUTE IMMEDIATE … RETURNING BULK COLLECT INTO",
                        "make the statement text WITH r AS (dml RETURNING x) SELECT array_agg(r.x) FROM r, and EXECUTE it INTO the array",
                    ));
                }
            }
            _ => {
                // The statements left hold expressions and queries but no
                // statements (`EXECUTE IMMEDIATE l_drops(i)`, `OPEN c FOR
                // l_sql(i)`, `RAISE … USING`, …): each is rewritten in place.
                let mut exprs = StatementExprs {
                    walker: self,
                    scope,
                };
                walk_stmt(&mut exprs, s);
            }
        }
    }

    /// `v.EXTEND[(n)]`, `v.DELETE[(i)]`, `v.TRIM[(n)]` as statements.
    fn method_statement(&mut self, call: &PlExpr, scope: &Scope, span: Span) -> Option<StmtKind> {
        let (var, method, args) = match &*call.expr {
            Expr::CompoundIdentifier(parts) if parts.len() == 2 => (
                parts[0].clone(),
                parts[1].value.to_ascii_uppercase(),
                Vec::new(),
            ),
            Expr::Function(f) if f.name.0.len() == 2 => {
                let parts: Vec<String> = f.name.0.iter().map(|p| p.to_string()).collect();
                (
                    Ident::new(&parts[0]),
                    parts[1].to_ascii_uppercase(),
                    plain_args(&f.args)?,
                )
            }
            _ => return None,
        };
        let array = scope.vars.get(&var.value.to_ascii_uppercase())?;
        let v = Expr::Identifier(var.clone());
        let value = match (method.as_str(), args.as_slice()) {
            ("EXTEND", []) => template("array_append(sqlport_v, NULL)", &[("sqlport_v", &v)]),
            ("EXTEND", [n]) if scope.elems.contains_key(&var.value.to_ascii_uppercase()) => {
                let n = self.rewritten(n, scope);
                let elem = scope
                    .elems
                    .get(&var.value.to_ascii_uppercase())
                    .cloned()
                    .unwrap_or_default();
                template(
                    &format!("sqlport_v || array_fill(NULL::{elem}, ARRAY[sqlport_n])"),
                    &[("sqlport_v", &v), ("sqlport_n", &n)],
                )
            }
            ("DELETE", []) => template(&format!("'{{}}'::{array}"), &[]),
            ("TRIM", []) => template(
                "sqlport_v[1:cardinality(sqlport_v) - 1]",
                &[("sqlport_v", &v)],
            ),
            ("TRIM", [n]) => {
                let n = self.rewritten(n, scope);
                template(
                    "sqlport_v[1:cardinality(sqlport_v) - sqlport_n]",
                    &[("sqlport_v", &v), ("sqlport_n", &n)],
                )
            }
            ("EXTEND", _) => {
                self.findings.push(no_array_form(
                    span,
                    &format!(
                        "{}.EXTEND(n) of a collection type declared elsewhere",
                        var.value
                    ),
                    "v := v || array_fill(NULL::element_type, ARRAY[n]);",
                ));
                return None;
            }
            ("DELETE", _) => {
                self.findings.push(no_array_form(
                    span,
                    &format!("{}.DELETE(i)", var.value),
                    "PostgreSQL arrays have no gaps: rebuild the array without the element, or set it to NULL and skip NULLs",
                ));
                return None;
            }
            _ => return None,
        };
        Some(StmtKind::Assign {
            target: pl(v),
            value: pl(value),
        })
    }

    fn rewritten(&self, e: &Expr, scope: &Scope) -> Expr {
        let mut e = e.clone();
        visit_exprs(&mut e, &mut |x| rewrite_expr(x, scope));
        e
    }

    fn expr(&mut self, e: &mut PlExpr, scope: &Scope) {
        if scope.vars.is_empty() && scope.types.is_empty() {
            return;
        }
        if visit_exprs(&mut *e.expr, &mut |x| rewrite_expr(x, scope)) {
            e.span = Span::default();
            self.changed = true;
        }
    }

    fn sql(&mut self, q: &mut EmbeddedSql, scope: &Scope) {
        if scope.vars.is_empty() && scope.types.is_empty() {
            return;
        }
        if visit_exprs(&mut *q.statement, &mut |x| rewrite_expr(x, scope)) {
            q.span = Span::default();
            self.changed = true;
        }
    }

    /// `… BULK COLLECT INTO a, b …` as an aggregate into the arrays.
    fn bulk_collect(&mut self, q: &mut EmbeddedSql, scope: &Scope) -> Option<StmtKind> {
        let into = q.into.as_ref()?;
        if !into.bulk_collect {
            return None;
        }
        let targets: Vec<String> = into.targets.iter().map(|t| t.expr.to_string()).collect();
        let statement = q.statement.to_string();
        let sql = if matches!(*q.statement, sqlparser::ast::Statement::Query(_)) {
            let aggregates = if targets.len() == 1 {
                // One target: one column, or a collection of records.
                let width = select_width(&q.statement);
                let elem = scope.elems.get(&targets[0].to_ascii_uppercase());
                match (width, elem) {
                    (Some(1), _) => "array_agg(q.c1)".to_string(),
                    // Rows: each one cast to the element's composite type.
                    (_, Some(elem)) => format!("array_agg(ROW(q.*)::{elem})"),
                    _ => "array_agg(q)".to_string(),
                }
            } else {
                (1..=targets.len())
                    .map(|n| format!("array_agg(q.c{n})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let columns: Vec<String> = (1..=targets.len().max(1))
                .map(|n| format!("c{n}"))
                .collect();
            let alias = if !aggregates.starts_with("array_agg(q.c") {
                "q".to_string()
            } else {
                format!("q ({})", columns.join(", "))
            };
            format!("SELECT {aggregates} FROM ({statement}) {alias}")
        } else {
            // DML … RETURNING x, y: aggregate the returned rows.
            let columns: Vec<String> = (1..=targets.len()).map(|n| format!("c{n}")).collect();
            let aggregates: Vec<String> = columns
                .iter()
                .map(|c| format!("array_agg(r.{c})"))
                .collect();
            format!(
                "WITH r ({}) AS ({statement}) SELECT {} FROM r",
                columns.join(", "),
                aggregates.join(", ")
            )
        };
        let statement = parse_statement(&sql, &PostgreSqlDialect {}).ok()?;
        let mut into = into.clone();
        into.bulk_collect = false;
        into.span = Span::default();
        Some(StmtKind::Sql(Box::new(EmbeddedSql {
            span: Span::default(),
            statement: Box::new(statement),
            into: Some(into),
            current_of: None,
            wait: None,
            values_record: None,
            set_aside: Vec::new(),
        })))
    }
}

/// `EXECUTE IMMEDIATE sql BULK COLLECT INTO a, b`: the text wrapped in a
/// query aggregating its rows, `'SELECT array_agg(q.c1), array_agg(q.c2)
/// FROM (' || sql || ') q (c1, c2)'`, executed `INTO a, b`. One collection
/// of records gets `array_agg(ROW(q.*)::elem)`. `None` when a target is not
/// a collection variable of the scope.
fn dynamic_bulk_collect(sql: &PlExpr, into: &Into, scope: &Scope) -> Option<PlExpr> {
    let targets: Vec<String> = into
        .targets
        .iter()
        .map(|t| t.expr.to_string().to_ascii_uppercase())
        .collect();
    if targets.is_empty() || targets.iter().any(|t| !scope.vars.contains_key(t)) {
        return None;
    }
    let record = match &targets[..] {
        [one] => scope
            .elems
            .get(one)
            // A composite element (a row type, a record type) is named as
            // a user type; a scalar one is a built-in type.
            .filter(|elem| is_composite(elem))
            .cloned(),
        _ => None,
    };
    let (aggregates, alias) = match record {
        Some(elem) => (format!("array_agg(ROW(q.*)::{elem})"), "q".to_string()),
        None => {
            let columns: Vec<String> = (1..=targets.len()).map(|n| format!("c{n}")).collect();
            (
                columns
                    .iter()
                    .map(|c| format!("array_agg(q.{c})"))
                    .collect::<Vec<_>>()
                    .join(", "),
                format!("q ({})", columns.join(", ")),
            )
        }
    };
    let head = format!("SELECT {aggregates} FROM (").replace('\'', "''");
    let text = format!("'{head}' || (sqlport_sql) || ') {alias}'");
    Some(pl(template(&text, &[("sqlport_sql", &sql.expr)])))
}

/// Whether an element type, as SQL names it, is a composite one (a table's
/// row, a record type) rather than a scalar: a user-defined name that is
/// not one of Oracle's scalar types (a type declared in another file is
/// still spelt the Oracle way, `NUMBER`).
fn is_composite(elem: &str) -> bool {
    const ORACLE_SCALARS: &[&str] = &[
        "NUMBER",
        "VARCHAR2",
        "NVARCHAR2",
        "PLS_INTEGER",
        "BINARY_INTEGER",
        "SIMPLE_INTEGER",
        "NATURAL",
        "NATURALN",
        "POSITIVE",
        "POSITIVEN",
        "SIGNTYPE",
        "BINARY_FLOAT",
        "BINARY_DOUBLE",
        "CLOB",
        "NCLOB",
        "BLOB",
        "RAW",
        "LONG",
        "ROWID",
        "UROWID",
        "XMLTYPE",
        "BOOLEAN",
        "DATE",
        "STRING",
    ];
    match parse_data_type(elem, &PostgreSqlDialect {}) {
        Some(sqlparser::ast::DataType::Custom(name, _)) => {
            let name = name.to_string().to_ascii_uppercase();
            !ORACLE_SCALARS.contains(&name.as_str())
        }
        _ => false,
    }
}

/// `v[i].f := x` for kernels before 14, which cannot assign to a field of an
/// array element: the element is copied out, changed, and put back.
///
/// ```sql
/// DECLARE sqlport_elem e;
/// BEGIN sqlport_elem := v[i]; sqlport_elem.f := x; v[i] := sqlport_elem; END;
/// ```
fn element_field_assignment(target: &PlExpr, value: &PlExpr, scope: &Scope) -> Option<Block> {
    let Expr::CompoundFieldAccess { root, access_chain } = &*target.expr else {
        return None;
    };
    let Expr::Identifier(var) = &**root else {
        return None;
    };
    let elem = scope.elems.get(&var.value.to_ascii_uppercase())?;
    let [sqlparser::ast::AccessExpr::Subscript(_), fields @ ..] = access_chain.as_slice() else {
        return None;
    };
    if fields.is_empty() {
        return None;
    }
    let element = Expr::CompoundFieldAccess {
        root: root.clone(),
        access_chain: access_chain[..1].to_vec(),
    };
    let copy = Expr::Identifier(Ident::new("sqlport_elem"));
    let field = Expr::CompoundFieldAccess {
        root: Box::new(copy.clone()),
        access_chain: fields.to_vec(),
    };
    Some(Block {
        span: Span::default(),
        label: None,
        declarations: vec![variable("sqlport_elem", named(elem), None)],
        statements: vec![
            assign(copy.clone(), element.clone()),
            plain(StmtKind::Assign {
                target: pl(field),
                value: value.clone(),
            }),
            assign(element, copy),
        ],
        handlers: Vec::new(),
        end_name: None,
    })
}

/// `FETCH c BULK COLLECT INTO a, b [LIMIT n]` as a block that fetches row by
/// row into variables of the element types and appends them:
///
/// ```sql
/// DECLARE sqlport_row1 e1; sqlport_row2 e2; sqlport_n integer := 0;
/// BEGIN
///   a := '{}'; b := '{}';
///   LOOP
///     EXIT WHEN sqlport_n >= n;
///     FETCH c INTO sqlport_row1, sqlport_row2;
///     EXIT WHEN NOT FOUND;
///     a := array_append(a, sqlport_row1); b := array_append(b, sqlport_row2);
///     sqlport_n := sqlport_n + 1;
///   END LOOP;
/// END;
/// ```
///
/// A plain `LOOP` leaves `FOUND` as the last `FETCH` set it (a `FOR` loop
/// would set it itself), so `c%NOTFOUND` after it still means "fewer rows
/// than the limit", as in Oracle.
fn bulk_fetch(
    cursor: &Name,
    targets: &[PlExpr],
    limit: Option<&PlExpr>,
    scope: &Scope,
) -> Option<Block> {
    let mut declarations = Vec::new();
    let mut reset = Vec::new();
    let mut appends = Vec::new();
    let mut rows = Vec::new();
    for (n, t) in targets.iter().enumerate() {
        let Expr::Identifier(var) = &*t.expr else {
            return None;
        };
        let upper = var.value.to_ascii_uppercase();
        let elem = scope.elems.get(&upper)?;
        let array = scope.vars.get(&upper)?;
        let row = format!("sqlport_row{}", n + 1);
        declarations.push(variable(&row, named(elem), None));
        let v = Expr::Identifier(var.clone());
        let r = Expr::Identifier(Ident::new(&row));
        reset.push(assign(
            v.clone(),
            template(&format!("'{{}}'::{array}"), &[]),
        ));
        appends.push(assign(
            v.clone(),
            template(
                "array_append(sqlport_v, sqlport_r)",
                &[("sqlport_v", &v), ("sqlport_r", &r)],
            ),
        ));
        rows.push(pl(r));
    }
    let mut body = Vec::new();
    if let Some(limit) = limit {
        declarations.push(variable(
            "sqlport_n",
            named("integer"),
            Some(pl(template("0", &[]))),
        ));
        body.push(plain(StmtKind::Exit {
            label: None,
            when: Some(pl(template(
                "sqlport_n >= sqlport_limit",
                &[("sqlport_limit", &limit.expr)],
            ))),
        }));
    }
    body.push(plain(StmtKind::Fetch {
        direction: None,
        cursor: cursor.clone(),
        into: crate::ast::procedural::Into {
            span: Span::default(),
            bulk_collect: false,
            strict: false,
            targets: rows,
        },
        limit: None,
    }));
    body.push(plain(StmtKind::Exit {
        label: None,
        when: Some(pl(template("NOT FOUND", &[]))),
    }));
    body.extend(appends);
    if limit.is_some() {
        let n = Expr::Identifier(Ident::new("sqlport_n"));
        body.push(assign(
            n.clone(),
            template("sqlport_v + 1", &[("sqlport_v", &n)]),
        ));
    }
    let mut statements = reset;
    statements.push(plain(StmtKind::Loop(body)));
    Some(Block {
        span: Span::default(),
        label: None,
        declarations,
        statements,
        handlers: Vec::new(),
        end_name: None,
    })
}

fn variable(name: &str, ty: TypeRef, default: Option<PlExpr>) -> Declaration {
    Declaration::Variable {
        span: Span::default(),
        name: Name {
            text: name.to_string(),
            span: Span::default(),
        },
        constant: false,
        ty,
        not_null: false,
        default,
    }
}

fn assign(target: Expr, value: Expr) -> Stmt {
    plain(StmtKind::Assign {
        target: pl(target),
        value: pl(value),
    })
}

fn plain(kind: StmtKind) -> Stmt {
    Stmt {
        span: Span::default(),
        labels: Vec::new(),
        kind,
    }
}

/// How many columns a query selects, if plain.
fn select_width(statement: &sqlparser::ast::Statement) -> Option<usize> {
    let sqlparser::ast::Statement::Query(q) = statement else {
        return None;
    };
    let sqlparser::ast::SetExpr::Select(s) = &*q.body else {
        return None;
    };
    let wildcard = s.projection.iter().any(|p| {
        matches!(
            p,
            sqlparser::ast::SelectItem::Wildcard(_)
                | sqlparser::ast::SelectItem::QualifiedWildcard(..)
        )
    });
    (!wildcard).then_some(s.projection.len())
}

/// `v(i)` → `v[i]`, methods → array functions, for collection variables.
fn rewrite_expr(e: &mut Expr, scope: &Scope) -> bool {
    let is_var = |i: &Ident| scope.vars.contains_key(&i.value.to_ascii_uppercase());
    match e {
        Expr::Function(f) if f.name.0.len() == 1 => {
            let name = f.name.to_string();
            let upper = name.to_ascii_uppercase();
            let Some(args) = plain_args(&f.args) else {
                return false;
            };
            if scope.vars.contains_key(&upper) && args.len() == 1 {
                let v = Expr::Identifier(Ident::new(&name));
                *e = template(
                    "sqlport_v[sqlport_i]",
                    &[("sqlport_v", &v), ("sqlport_i", &args[0])],
                );
                return true;
            }
            if let Some(array) = scope.types.get(&upper) {
                // A constructor of a local collection type.
                let items: Vec<String> = (0..args.len()).map(|n| format!("sqlport_a{n}")).collect();
                let names: Vec<String> = items.clone();
                let pairs: Vec<(&str, &Expr)> =
                    names.iter().map(String::as_str).zip(args.iter()).collect();
                *e = template(&format!("ARRAY[{}]::{array}", items.join(", ")), &pairs);
                return true;
            }
            false
        }
        Expr::Function(f) if f.name.0.len() == 2 => {
            let parts: Vec<String> = f.name.0.iter().map(|p| p.to_string()).collect();
            let var = Ident::new(&parts[0]);
            if !is_var(&var) {
                return false;
            }
            let Some(args) = plain_args(&f.args) else {
                return false;
            };
            let v = Expr::Identifier(var);
            let text = match (parts[1].to_ascii_uppercase().as_str(), args.len()) {
                ("EXISTS", 1) => {
                    "(sqlport_i BETWEEN coalesce(array_lower(sqlport_v, 1), 1) AND coalesce(array_upper(sqlport_v, 1), 0))"
                }
                ("NEXT", 1) => {
                    "CASE WHEN sqlport_i < array_upper(sqlport_v, 1) THEN sqlport_i + 1 END"
                }
                ("PRIOR", 1) => {
                    "CASE WHEN sqlport_i > array_lower(sqlport_v, 1) THEN sqlport_i - 1 END"
                }
                _ => return false,
            };
            *e = template(text, &[("sqlport_v", &v), ("sqlport_i", &args[0])]);
            true
        }
        Expr::CompoundIdentifier(parts) if parts.len() == 2 && is_var(&parts[0]) => {
            let v = Expr::Identifier(parts[0].clone());
            let text = match parts[1].value.to_ascii_uppercase().as_str() {
                "COUNT" => "coalesce(cardinality(sqlport_v), 0)",
                "FIRST" => "array_lower(sqlport_v, 1)",
                "LAST" => "array_upper(sqlport_v, 1)",
                _ => return false,
            };
            *e = template(text, &[("sqlport_v", &v)]);
            true
        }
        Expr::CompoundFieldAccess { root, access_chain } => {
            // `v(i).f`, read before the function rule turned `v(i)` into `v[i]`:
            // sqlparser gives `v[i]` then `.f` as one chain.
            if let Expr::CompoundFieldAccess {
                root: inner_root,
                access_chain: inner_chain,
            } = &**root
            {
                let mut chain = inner_chain.clone();
                chain.extend(access_chain.iter().cloned());
                *e = Expr::CompoundFieldAccess {
                    root: inner_root.clone(),
                    access_chain: chain,
                };
                return true;
            }
            false
        }
        _ => false,
    }
}

/// `t(a, b)` → `ARRAY[a, b]::t` for a collection type `t` declared in the
/// script (a domain over an array), `ROW(a, b)::t` for an object type
/// without methods (a composite type).
fn constructor(e: &mut Expr, types: &CollectionTypes, package: Option<&str>) -> bool {
    let Expr::Function(f) = e else {
        return false;
    };
    let name = f.name.to_string();
    let qualified = types.qualified(&name, package);
    if qualified.is_none() && !types.is_row(&name) {
        return false;
    }
    let Some(args) = plain_args(&f.args) else {
        return false;
    };
    let items: Vec<String> = (0..args.len()).map(|n| format!("sqlport_a{n}")).collect();
    let pairs: Vec<(&str, &Expr)> = items.iter().map(String::as_str).zip(args.iter()).collect();
    let text = if let Some(qualified) = &qualified {
        format!("ARRAY[{}]::{qualified}", items.join(", "))
    } else {
        format!("ROW({})::{name}", items.join(", "))
    };
    *e = template(&text, &pairs);
    true
}

/// The positional arguments of a call, if all plain.
fn plain_args(args: &FunctionArguments) -> Option<Vec<Expr>> {
    match args {
        FunctionArguments::None => Some(Vec::new()),
        FunctionArguments::List(list) => list
            .args
            .iter()
            .map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
                _ => None,
            })
            .collect(),
        FunctionArguments::Subquery(_) => None,
    }
}

/// `text` parsed, with the identifiers named in `args` replaced.
fn template(text: &str, args: &[(&str, &Expr)]) -> Expr {
    let Ok(mut e) = parse_expr(text, &PostgreSqlDialect {}) else {
        return Expr::Identifier(Ident::new(text));
    };
    visit_exprs(&mut e, &mut |x| {
        if let Expr::Identifier(i) = x
            && let Some((_, a)) = args.iter().find(|(n, _)| i.value == *n)
        {
            *x = (*a).clone();
            return true;
        }
        false
    });
    e
}

fn mentions_values_of(text: &str, span: Span) -> bool {
    text.get(span.start..span.end).is_some_and(|t| {
        t.to_ascii_uppercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w == ["VALUES", "OF"])
    })
}

fn string_indexed(span: Span, name: &str) -> Finding {
    Finding::new(
        Code::SP0253,
        span,
        format!("collection type {name} is indexed by strings; PostgreSQL arrays are indexed by integers"),
    )
    .with_help("use a jsonb object (or hstore) keyed by the string, or a temporary table")
}

fn no_array_form(span: Span, what: &str, help: &str) -> Finding {
    Finding::new(
        Code::SP0256,
        span,
        format!("{what} has no PostgreSQL array form; kept as written"),
    )
    .with_help(help.to_string())
}

/// The array type replacing a local collection type `ty`: `e[]` built from
/// the element's data type when it is a built-in one, else as text.
fn array_type(ty: &TypeRef, array: &str, scope: &Scope) -> TypeRef {
    let element = type_name(ty).and_then(|n| scope.data.get(&n.to_ascii_uppercase()));
    match element {
        Some(d) => TypeRef {
            span: Span::default(),
            kind: TypeRefKind::Data(sqlparser::ast::DataType::Array(
                sqlparser::ast::ArrayElemTypeDef::SquareBracket(Box::new(d.clone()), None),
            )),
        },
        None => named(array),
    }
}

fn named(text: &str) -> TypeRef {
    TypeRef {
        span: Span::default(),
        kind: TypeRefKind::Named(Name {
            text: text.to_string(),
            span: Span::default(),
        }),
    }
}

fn pl(expr: Expr) -> PlExpr {
    PlExpr {
        span: Span::default(),
        expr: Box::new(expr),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    /// Oracle → HighGo at the default kernel, with its findings.
    fn translate(input: &str) -> String {
        crate::rewrite::test_support::translated(input, &crate::rewrite::test_support::highgo())
    }

    #[test]
    fn local_collections_become_arrays_with_array_functions() {
        let input = "CREATE OR REPLACE PROCEDURE sp_ward_beds (p_ward_id IN NUMBER) IS\n  TYPE t_id_tab IS TABLE OF NUMBER INDEX BY PLS_INTEGER;\n  TYPE t_log_tab IS TABLE OF ip_bed_log%ROWTYPE;\n  l_ids   t_id_tab;\n  l_codes t_id_tab := t_id_tab(1, 2);\n  l_logs  t_log_tab;\nBEGIN\n  -- 床位号入数组\n  FOR r IN (SELECT bed_id FROM ip_bed WHERE ward_id = p_ward_id) LOOP\n    l_ids(l_ids.COUNT + 1) := r.bed_id;\n  END LOOP;\n  IF l_ids.EXISTS(1) AND l_ids.COUNT > 0 THEN\n    l_ids.EXTEND;\n    l_ids(l_ids.LAST) := l_ids(l_ids.FIRST);\n  END IF;\n  l_ids.TRIM;\n  l_ids.DELETE;\nEND sp_ward_beds;\n/\n";
        let out = translate(input);
        assert!(out.contains("l_ids NUMERIC[];"), "{out}");
        assert!(out.contains("l_logs ip_bed_log[];"), "{out}");
        assert!(
            out.contains("l_ids[coalesce(cardinality(l_ids), 0) + 1] := r.bed_id;"),
            "{out}"
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn bulk_collect_and_forall_become_aggregates_and_loops() {
        let input = "CREATE OR REPLACE PROCEDURE sp_lock_batches (p_batch_no IN VARCHAR2) IS\n  TYPE t_num_tab IS TABLE OF NUMBER INDEX BY PLS_INTEGER;\n  l_ids  t_num_tab;\n  l_qtys t_num_tab;\n  l_all  t_num_tab;\nBEGIN\n  SELECT batch_id BULK COLLECT INTO l_all FROM ph_stock_batch WHERE batch_no = p_batch_no ORDER BY batch_id;\n  UPDATE ph_stock_batch SET status = 'L' WHERE batch_no = p_batch_no\n  RETURNING batch_id, stock_qty BULK COLLECT INTO l_ids, l_qtys;\n  FORALL i IN 1 .. l_ids.COUNT\n    INSERT INTO ph_stock_log (batch_id, balance_qty) VALUES (l_ids(i), l_qtys(i));\n  FORALL i IN INDICES OF l_all SAVE EXCEPTIONS\n    DELETE FROM ph_stock_log WHERE batch_id = l_all(i);\nEND sp_lock_batches;\n/\n";
        let out = translate(input);
        assert!(out.contains("SELECT array_agg(q.c1) INTO STRICT l_all FROM (SELECT batch_id FROM ph_stock_batch WHERE batch_no = p_batch_no ORDER BY batch_id) q (c1);"), "{out}");
        assert!(out.contains("SP0254"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn elements_are_subscripted_in_dynamic_sql_and_raise() {
        // 安装脚本：逐条执行清理语句
        let input = "DECLARE\n  TYPE t_name_list IS TABLE OF VARCHAR2(200);\n  l_drops t_name_list := t_name_list('DROP TABLE ph_stock_log', 'DROP TABLE op_refund');\nBEGIN\n  FOR i IN 1 .. l_drops.COUNT LOOP\n    BEGIN\n      EXECUTE IMMEDIATE l_drops(i);\n    EXCEPTION\n      WHEN OTHERS THEN\n        RAISE_APPLICATION_ERROR(-20001, '清理失败: ' || l_drops(i));\n    END;\n  END LOOP;\n  EXECUTE IMMEDIATE 'ANALYZE ' || l_drops(l_drops.LAST);\nEND;\n/\n";
        let out = translate(input);
        assert!(out.contains("EXECUTE l_drops[i];"), "{out}");
        assert!(out.contains("l_drops[array_upper(l_drops, 1)]"), "{out}");
        assert!(!out.contains("l_drops(i)"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn dynamic_bulk_collect_aggregates_the_statements_rows() {
        // 重排执行计划：动态查询待执行的执行单
        let input = "CREATE OR REPLACE PROCEDURE sp_replan (p_order_id IN NUMBER) IS\n  TYPE t_id_list IS TABLE OF NUMBER;\n  TYPE t_exec_tab IS TABLE OF nur_exec%ROWTYPE;\n  v_ids   t_id_list;\n  v_plans t_id_list;\n  v_rows  t_exec_tab;\nBEGIN\n  EXECUTE IMMEDIATE\n    'SELECT exec_id FROM nur_exec WHERE order_id = :1 AND exec_status = ''P'''\n    || ' ORDER BY plan_time'\n    BULK COLLECT INTO v_ids\n    USING p_order_id;\n  EXECUTE IMMEDIATE 'SELECT exec_id, order_id FROM nur_exec WHERE order_id = :1'\n    BULK COLLECT INTO v_ids, v_plans USING p_order_id;\n  EXECUTE IMMEDIATE 'SELECT * FROM nur_exec WHERE order_id = :1' BULK COLLECT INTO v_rows USING p_order_id;\nEND;\n/\n";
        let out = translate(input);
        assert!(
            out.contains("EXECUTE 'SELECT array_agg(q.c1) FROM (SELECT exec_id FROM nur_exec WHERE order_id = $1 AND exec_status = ''P'' ORDER BY plan_time) q (c1)' INTO STRICT v_ids USING p_order_id;"),
            "{out}"
        );
        assert!(out.contains("array_agg(ROW(q.*)::nur_exec)"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn composite_elements_are_told_from_scalars_spelt_either_way() {
        assert!(super::is_composite("nur_exec"));
        assert!(super::is_composite("pkg_nur_exec.t_exec_rec"));
        assert!(!super::is_composite("NUMBER"));
        assert!(!super::is_composite("NUMBER(10)"));
        assert!(!super::is_composite("NUMERIC"));
        assert!(!super::is_composite("VARCHAR2(10 CHAR)"));
    }

    #[test]
    fn element_fields_are_assigned_through_a_copy_before_kernel_14() {
        let input = "CREATE OR REPLACE PROCEDURE sp_mark_beds IS\n  TYPE t_bed_tab IS TABLE OF ip_bed%ROWTYPE INDEX BY PLS_INTEGER;\n  l_beds t_bed_tab;\nBEGIN\n  l_beds(1).bed_status := 'C';\nEND;\n/\n";
        let k12 = crate::translate(input, &Options::new(Source::Oracle, Target::Highgo)).sql;
        assert!(
            k12.contains("  DECLARE\n    sqlport_elem ip_bed;\n  BEGIN\n    sqlport_elem := l_beds[1];\n    sqlport_elem.bed_status := 'C';\n    l_beds[1] := sqlport_elem;\n  END;"),
            "{k12}"
        );
        let k14 = crate::translate(
            input,
            &Options::new(Source::Oracle, Target::Highgo).with_target_version(Some(14)),
        )
        .sql;
        assert!(k14.contains("  l_beds[1].bed_status := 'C';"), "{k14}");
    }

    #[test]
    fn string_indexed_collections_and_sparse_deletes_are_errors() {
        let input = "DECLARE\n  TYPE r_line IS RECORD (item_id NUMBER, amount NUMBER(12,2));\n  TYPE t_batch_ids IS TABLE OF ph_stock_batch.batch_id%TYPE;\n  TYPE t_flag_tab IS TABLE OF CHAR(1) INDEX BY VARCHAR2(20);\n  TYPE t_id_tab IS TABLE OF NUMBER;\n  l_flags t_flag_tab;\n  l_ids   t_id_tab := t_id_tab();\nBEGIN\n  l_flags('BID') := 'Y';\n  l_ids.DELETE(2);\nEND;\n/\n";
        let out = translate(input);
        let findings = out.split("-- findings:").nth(1).unwrap_or_default();
        assert!(findings.contains("SP0253"), "{out}");
        assert!(findings.contains("SP0256"), "{out}");
        assert!(findings.contains("SP0257"), "{out}");
        assert!(findings.contains("SP0258"), "{out}");
        assert!(
            out.contains("l_ids NUMERIC[] := ARRAY[]::NUMERIC[];"),
            "{out}"
        );
    }
}
