//! A mutable walk over program units, for rewrite passes.
//!
//! [`VisitMut`] has one hook per kind of leaf or list a pass may want to
//! change; [`walk_program`] calls them over every node of a program, children
//! before the list that holds them, so a hook sees already rewritten children.
//! The hooks default to doing nothing.

use super::procedural::*;

/// Hooks called by [`walk_program`]. Each returns nothing; a hook that changes
/// a leaf clears its span (see [`PlExpr`]) so the printer prints it from its AST.
pub trait VisitMut {
    /// An expression (conditions, values, defaults, arguments, targets).
    fn expr(&mut self, _expr: &mut PlExpr) {}
    /// An embedded SQL statement (with its `INTO` and other PL clauses).
    fn sql(&mut self, _sql: &mut EmbeddedSql) {}
    /// A type reference (variables, parameters, return types, fields).
    fn type_ref(&mut self, _ty: &mut TypeRef) {}
    /// A list of statements, after its statements were walked.
    fn statements(&mut self, _stmts: &mut Vec<Stmt>) {}
    /// A list of declarations, after its declarations were walked.
    fn declarations(&mut self, _decls: &mut Vec<Declaration>) {}
    /// A routine (standalone, in a package, a method), after its parts were walked.
    fn routine(&mut self, _routine: &mut Routine) {}
    /// A block, after its parts were walked.
    fn block(&mut self, _block: &mut Block) {}
}

/// Walks every node of `program`, calling `v`'s hooks.
pub fn walk_program(v: &mut impl VisitMut, program: &mut Program) {
    match &mut program.unit {
        ProgramUnit::Routine(r) => walk_routine(v, r),
        ProgramUnit::Package(p) => {
            walk_declarations(v, &mut p.declarations);
            if let Some(init) = &mut p.initialization {
                walk_statements(v, init);
            }
            walk_handlers(v, &mut p.handlers);
        }
        ProgramUnit::Trigger(t) => {
            if let Some(w) = &mut t.when {
                v.expr(w);
            }
            match &mut t.body {
                TriggerBody::Simple(b) => walk_block(v, b),
                TriggerBody::Compound {
                    declarations,
                    sections,
                    ..
                } => {
                    walk_declarations(v, declarations);
                    for s in sections {
                        walk_block(v, &mut s.block);
                    }
                }
            }
        }
        ProgramUnit::Type(t) => match &mut t.kind {
            TypeSpecKind::Object {
                attributes,
                methods,
                ..
            } => {
                walk_fields(v, attributes);
                for m in methods {
                    walk_routine(v, &mut m.routine);
                }
            }
            TypeSpecKind::Collection(d) => walk_type_definition(v, d),
        },
        ProgramUnit::TypeBody(t) => {
            for m in &mut t.methods {
                walk_routine(v, &mut m.routine);
            }
        }
        ProgramUnit::Block(b) => walk_block(v, b),
    }
}

/// Walks a routine's parameters, return type and body, then calls
/// [`VisitMut::routine`].
pub fn walk_routine(v: &mut impl VisitMut, r: &mut Routine) {
    walk_params(v, &mut r.params);
    if let Some(t) = &mut r.returns {
        walk_type(v, t);
    }
    if let Some(b) = &mut r.body {
        walk_block(v, b);
    }
    v.routine(r);
}

/// Walks a block's declarations, statements and handlers, then calls
/// [`VisitMut::block`].
pub fn walk_block(v: &mut impl VisitMut, b: &mut Block) {
    walk_declarations(v, &mut b.declarations);
    walk_statements(v, &mut b.statements);
    walk_handlers(v, &mut b.handlers);
    v.block(b);
}

fn walk_handlers(v: &mut impl VisitMut, handlers: &mut [Handler]) {
    for h in handlers {
        walk_statements(v, &mut h.body);
    }
}

fn walk_params(v: &mut impl VisitMut, params: &mut [Param]) {
    for p in params {
        walk_type(v, &mut p.ty);
        if let Some(d) = &mut p.default {
            v.expr(d);
        }
    }
}

fn walk_fields(v: &mut impl VisitMut, fields: &mut [Field]) {
    for f in fields {
        walk_type(v, &mut f.ty);
        if let Some(d) = &mut f.default {
            v.expr(d);
        }
    }
}

fn walk_type(v: &mut impl VisitMut, t: &mut TypeRef) {
    match &mut t.kind {
        TypeRefKind::SetOf(inner) => walk_type(v, inner),
        TypeRefKind::Table(fields) => walk_fields(v, fields),
        _ => {}
    }
    v.type_ref(t);
}

fn walk_type_definition(v: &mut impl VisitMut, d: &mut TypeDefinition) {
    match d {
        TypeDefinition::Record(fields) => walk_fields(v, fields),
        TypeDefinition::Table { of, index_by } => {
            walk_type(v, of);
            if let Some(i) = index_by {
                walk_type(v, i);
            }
        }
        TypeDefinition::Varray { size, of } => {
            v.expr(size);
            walk_type(v, of);
        }
        TypeDefinition::RefCursor(t) => {
            if let Some(t) = t {
                walk_type(v, t);
            }
        }
    }
}

/// Walks declarations, then calls [`VisitMut::declarations`].
pub fn walk_declarations(v: &mut impl VisitMut, decls: &mut Vec<Declaration>) {
    for d in decls.iter_mut() {
        match d {
            Declaration::Variable { ty, default, .. } => {
                walk_type(v, ty);
                if let Some(e) = default {
                    v.expr(e);
                }
            }
            Declaration::Cursor(c) => {
                walk_params(v, &mut c.params);
                if let Some(t) = &mut c.returns {
                    walk_type(v, t);
                }
                if let Some(q) = &mut c.query {
                    walk_sql(v, q);
                }
            }
            Declaration::Type { definition, .. } => walk_type_definition(v, definition),
            Declaration::Subtype { base, .. } => walk_type(v, base),
            Declaration::Pragma { args, .. } => {
                for a in args {
                    v.expr(a);
                }
            }
            Declaration::Routine(r) => walk_routine(v, r),
            Declaration::Exception { .. } | Declaration::Alias { .. } => {}
        }
    }
    v.declarations(decls);
}

fn walk_into(v: &mut impl VisitMut, into: &mut Into) {
    for t in &mut into.targets {
        v.expr(t);
    }
}

fn walk_sql(v: &mut impl VisitMut, sql: &mut EmbeddedSql) {
    if let Some(i) = &mut sql.into {
        walk_into(v, i);
    }
    for e in [&mut sql.wait, &mut sql.values_record]
        .into_iter()
        .flatten()
    {
        v.expr(e);
    }
    v.sql(sql);
}

fn walk_using(v: &mut impl VisitMut, using: &mut [UsingArg]) {
    for u in using {
        v.expr(&mut u.expr);
    }
}

fn walk_args(v: &mut impl VisitMut, args: &mut [Arg]) {
    for a in args {
        v.expr(&mut a.value);
    }
}

fn walk_opt(v: &mut impl VisitMut, e: &mut Option<PlExpr>) {
    if let Some(e) = e {
        v.expr(e);
    }
}

/// Walks statements, then calls [`VisitMut::statements`].
pub fn walk_statements(v: &mut impl VisitMut, stmts: &mut Vec<Stmt>) {
    for s in stmts.iter_mut() {
        walk_stmt(v, s);
    }
    v.statements(stmts);
}

/// Walks one statement: its expressions, queries and nested statements.
pub fn walk_stmt(v: &mut impl VisitMut, s: &mut Stmt) {
    match &mut s.kind {
        StmtKind::Assign { target, value } => {
            v.expr(target);
            v.expr(value);
        }
        StmtKind::If {
            branches,
            otherwise,
        } => {
            for b in branches {
                v.expr(&mut b.condition);
                walk_statements(v, &mut b.body);
            }
            if let Some(o) = otherwise {
                walk_statements(v, o);
            }
        }
        StmtKind::Case {
            operand,
            whens,
            otherwise,
        } => {
            walk_opt(v, operand);
            for b in whens {
                v.expr(&mut b.condition);
                walk_statements(v, &mut b.body);
            }
            if let Some(o) = otherwise {
                walk_statements(v, o);
            }
        }
        StmtKind::Loop(body) => walk_statements(v, body),
        StmtKind::While { condition, body } => {
            v.expr(condition);
            walk_statements(v, body);
        }
        StmtKind::ForRange {
            low,
            high,
            step,
            body,
            ..
        } => {
            v.expr(low);
            v.expr(high);
            walk_opt(v, step);
            walk_statements(v, body);
        }
        StmtKind::ForCursor { source, body, .. } => {
            match source {
                CursorSource::Named { args, .. } => walk_args(v, args),
                CursorSource::Query(q) => walk_sql(v, q),
                CursorSource::Dynamic { sql, using } => {
                    v.expr(sql);
                    walk_using(v, using);
                }
            }
            walk_statements(v, body);
        }
        StmtKind::Exit { when, .. } | StmtKind::Continue { when, .. } => walk_opt(v, when),
        StmtKind::Return(e) | StmtKind::ReturnNext(e) => walk_opt(v, e),
        StmtKind::Open { args, .. } => walk_args(v, args),
        StmtKind::OpenFor {
            query,
            dynamic,
            using,
            ..
        } => {
            if let Some(q) = query {
                walk_sql(v, q);
            }
            walk_opt(v, dynamic);
            walk_using(v, using);
        }
        StmtKind::Fetch { into, limit, .. } => {
            walk_into(v, into);
            walk_opt(v, limit);
        }
        StmtKind::ExecuteImmediate {
            sql,
            into,
            using,
            returning,
        } => {
            v.expr(sql);
            for i in [into, returning].into_iter().flatten() {
                walk_into(v, i);
            }
            walk_using(v, using);
        }
        StmtKind::Forall {
            low,
            high,
            statement,
            ..
        } => {
            v.expr(low);
            walk_opt(v, high);
            walk_sql(v, statement);
        }
        StmtKind::PipeRow(e) | StmtKind::Call(e) => v.expr(e),
        StmtKind::Block(b) => walk_block(v, b),
        StmtKind::Sql(q) | StmtKind::Perform(q) => walk_sql(v, q),
        StmtKind::ReturnQuery {
            query,
            dynamic,
            using,
        } => {
            if let Some(q) = query {
                walk_sql(v, q);
            }
            walk_opt(v, dynamic);
            walk_using(v, using);
        }
        StmtKind::RaiseMessage {
            format,
            args,
            options,
            ..
        } => {
            walk_opt(v, format);
            for a in args {
                v.expr(a);
            }
            for (_, e) in options {
                v.expr(e);
            }
        }
        StmtKind::Assert { condition, message } => {
            v.expr(condition);
            walk_opt(v, message);
        }
        StmtKind::GetDiagnostics { items, .. } => {
            for (e, _) in items {
                v.expr(e);
            }
        }
        StmtKind::Foreach {
            slice, array, body, ..
        } => {
            walk_opt(v, slice);
            v.expr(array);
            walk_statements(v, body);
        }
        StmtKind::Goto(_)
        | StmtKind::Null
        | StmtKind::Raise(_)
        | StmtKind::Close(_)
        | StmtKind::Move { .. } => {}
    }
}
