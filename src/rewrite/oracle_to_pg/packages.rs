//! `packages`: Oracle packages → PostgreSQL schemas.
//!
//! **What it does.** A package specification becomes `CREATE SCHEMA IF NOT
//! EXISTS pkg`; each routine with a body (public or private) becomes
//! `pkg.routine`; record types become composite types `pkg.t`, collection
//! types domains over arrays (`pkg.t AS elem[]`), subtypes domains, `REF
//! CURSOR` types `refcursor` wherever they are used; a
//! constant becomes a function `pkg.c()` returning its value; a variable a
//! pair of accessors over a session setting: `pkg.g()` reads it (its
//! declared default until first set) and `pkg.set_g(v)` writes it. Inside
//! the package's units, references to its own routines, constants,
//! variables and types are qualified with the schema (`write_stock_log(…)`
//! → `pkg.write_stock_log(…)`, `c_min_days` → `pkg.c_min_days()`, `g_x :=
//! v` → `PERFORM pkg.set_g_x(v)`); in every unit of the script,
//! `pkg.c_x` for a package constant or variable becomes `pkg.c_x()`, and
//! so does `pkg.f` for a package function called without arguments (Oracle
//! lets the empty parentheses out; PostgreSQL would read a column). A
//! cursor declared in the package (specification or body) is declared again
//! in each routine of the body that uses it; so is an exception, with its
//! `PRAGMA EXCEPTION_INIT`, so that the rules for exceptions find it declared.
//!
//! Names are resolved among the packages of the same script: translate a
//! specification and its body together (one file, or concatenated) so that
//! the body's references to the specification's constants are found.
//!
//! **Why.** PostgreSQL has no packages: a schema is the namespace, so calls
//! `pkg.f(…)` keep their shape. It has no package state either: custom
//! settings (`set_config`/`current_setting`) are per session like Oracle's
//! package variables, need no table created in every session, and are
//! readable from any function (see `SP0353` for what differs). Values go
//! through their text form, so every type with input/output functions
//! (numbers, dates, records, arrays) round-trips; a stored value is marked
//! `=` and NULL is `!`, so a variable set to NULL does not fall back to its
//! default.
//!
//! **Example.**
//!
//! ```sql
//! CREATE OR REPLACE PACKAGE pkg_nur_batch IS
//!   c_max_rows CONSTANT PLS_INTEGER := 500;
//!   g_done_cnt PLS_INTEGER := 0;
//! END;
//! -- becomes
//! CREATE SCHEMA IF NOT EXISTS pkg_nur_batch;
//! CREATE OR REPLACE FUNCTION pkg_nur_batch.c_max_rows() RETURNS PLS_INTEGER … RETURN 500; … IMMUTABLE;
//! CREATE OR REPLACE FUNCTION pkg_nur_batch.g_done_cnt() RETURNS PLS_INTEGER … current_setting('pkg_nur_batch.g_done_cnt', true) …;
//! CREATE OR REPLACE FUNCTION pkg_nur_batch.set_g_done_cnt(p_value PLS_INTEGER) RETURNS void … set_config(…) …
//! ```
//!
//! **Findings.** `SP0450` (info) per package unit; `SP0353` (warning) per
//! package variable; `SP0451` (info) per cursor copied into routines;
//! `SP0354` (warning) a record field's default lost;
//! `SP0252` (error) initialization section dropped; `SP0253` (error)
//! string-indexed collection type; `SP0255` (error) a package variable
//! changed in place or written by `INTO`.

use std::collections::{HashMap, HashSet};

use sqlparser::ast::{Expr, Ident, ObjectName, ObjectNamePart};
use sqlparser::dialect::PostgreSqlDialect;

use crate::ast::Content;
use crate::ast::procedural::{
    Block, Declaration, EmbeddedSql, Into, Name, PlExpr, ProgramUnit, Routine, RoutineKind,
    RoutineOption, Stmt, StmtKind, TypeDefinition, TypeRef, TypeRefKind,
};
use crate::ast::visit::{VisitMut, walk_program, walk_routine};
use crate::parse::procedural::common::{parse_expr, parse_statement};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::{expressions_mut, visit_exprs};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

use super::pipelined::type_name;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Packages;

/// What a package declares, by upper-cased member name.
#[derive(Debug, Default)]
struct Members {
    /// The package's name as written (unquoted, as a schema name).
    schema: String,
    routines: HashSet<String>,
    constants: HashSet<String>,
    variables: HashSet<String>,
    types: HashSet<String>,
    /// Cursors the specification declares with their query, detached from
    /// their source (it may be another file): the body's routines get copies.
    spec_cursors: Vec<crate::ast::procedural::Cursor>,
    /// `PRAGMA SERIALLY_REUSABLE`: Oracle resets the state after each call.
    serially_reusable: bool,
    /// `TYPE t IS REF CURSOR …` types (upper-cased): `refcursor`.
    ref_cursors: HashSet<String>,
    /// Exceptions the package declares, each with its `PRAGMA
    /// EXCEPTION_INIT` if any, detached from their source: the routines that
    /// name one get a copy, so that the exception rules see it declared.
    exceptions: Vec<(Declaration, Option<Declaration>)>,
}

impl Members {
    fn is_state(&self, upper: &str) -> bool {
        self.constants.contains(upper) || self.variables.contains(upper)
    }
}

impl Pass for Packages {
    fn name(&self) -> &'static str {
        "packages"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let packages = collect(script, &super::context_scripts(cx));
        if packages.is_empty() {
            return;
        }
        for unit in script.units_mut() {
            if matches!(unit.content, Content::Sql(_)) {
                // SQL units: `pkg.c_x` → `pkg.c_x()`.
                let v = Qualify {
                    own: None,
                    all: &packages,
                    shadowed: HashSet::new(),
                    changed: false,
                };
                expressions_mut(unit, &mut |e| v.rewrite(e));
                continue;
            }
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let changed = match &mut program.unit {
                ProgramUnit::Package(_) => {
                    translate_package(program, &packages, cx);
                    true
                }
                _ => {
                    // Other units: `pkg.g_x := v` → `PERFORM pkg.set_g_x(v)`,
                    // then `pkg.c_x` → `pkg.c_x()`.
                    let mut writes = ForeignWrites {
                        all: &packages,
                        changed: false,
                    };
                    walk_program(&mut writes, program);
                    let mut v = Qualify {
                        own: None,
                        all: &packages,
                        shadowed: HashSet::new(),
                        changed: false,
                    };
                    walk_program(&mut v, program);
                    v.changed | writes.changed
                }
            };
            unit.rewritten |= changed;
        }
    }
}

/// The members of every package of the script and of the context scripts
/// (specification and body).
fn collect(
    script: &crate::ast::Script,
    context: &[crate::ast::Script],
) -> HashMap<String, Members> {
    let mut packages: HashMap<String, Members> = HashMap::new();
    for unit in std::iter::once(script)
        .chain(context)
        .flat_map(crate::ast::Script::units)
    {
        let Content::Program(program) = &unit.content else {
            continue;
        };
        let ProgramUnit::Package(p) = &program.unit else {
            continue;
        };
        let m = packages
            .entry(p.name.text.to_ascii_uppercase())
            .or_insert_with(|| Members {
                schema: p.name.text.clone(),
                ..Members::default()
            });
        for d in &p.declarations {
            match d {
                Declaration::Routine(r) => {
                    m.routines.insert(r.name.text.to_ascii_uppercase());
                }
                Declaration::Variable {
                    name,
                    constant: true,
                    ..
                } => {
                    m.constants.insert(name.text.to_ascii_uppercase());
                }
                Declaration::Variable { name, .. } => {
                    m.variables.insert(name.text.to_ascii_uppercase());
                }
                Declaration::Type {
                    name,
                    definition: TypeDefinition::RefCursor(_),
                    ..
                } => {
                    m.ref_cursors.insert(name.text.to_ascii_uppercase());
                }
                Declaration::Type { name, .. } | Declaration::Subtype { name, .. } => {
                    m.types.insert(name.text.to_ascii_uppercase());
                }
                Declaration::Cursor(c) if !p.body && c.query.is_some() => {
                    m.spec_cursors.push(detached_cursor(c));
                }
                Declaration::Pragma { name, .. } if name == "SERIALLY_REUSABLE" => {
                    m.serially_reusable = true;
                }
                Declaration::Exception { name, .. } => {
                    let init = p.declarations.iter().find(|d| {
                        matches!(d, Declaration::Pragma { name: pragma, args, .. }
                            if pragma == "EXCEPTION_INIT"
                                && args.first().is_some_and(|a| a.expr.to_string().eq_ignore_ascii_case(&name.text)))
                    });
                    if !m
                        .exceptions
                        .iter()
                        .any(|(e, _)| matches!(e, Declaration::Exception { name: n, .. } if n.text.eq_ignore_ascii_case(&name.text)))
                    {
                        m.exceptions
                            .push((detached_declaration(d), init.map(detached_declaration)));
                    }
                }
                _ => {}
            }
        }
    }
    packages
}

fn translate_package(
    program: &mut crate::ast::procedural::Program,
    packages: &HashMap<String, Members>,
    cx: &mut Context<'_>,
) {
    let ProgramUnit::Package(p) = &mut program.unit else {
        return;
    };
    let Some(members) = packages.get(&p.name.text.to_ascii_uppercase()) else {
        return;
    };
    let schema = members.schema.clone();
    cx.findings.push(
        Finding::new(
            Code::SP0450,
            p.name.span,
            format!(
                "package {}{} became schema {schema}",
                if p.body { "body " } else { "" },
                p.name.text
            ),
        )
        .with_help("nothing to do; calls pkg.f(…) keep working as schema-qualified calls"),
    );
    if let Some(init) = p.initialization.take() {
        let span = match (init.first(), init.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => p.span,
        };
        cx.findings.push(
            Finding::new(
                Code::SP0252,
                span,
                format!(
                    "the initialization section of package body {} is dropped: a schema runs no code on first use",
                    p.name.text
                ),
            )
            .with_help("give the variables these values as defaults in their declarations, or move the statements into a routine called at session start"),
        );
        p.handlers.clear();
    }

    // Cursors of the package: copied into the routines that use them.
    let mut cursors: Vec<crate::ast::procedural::Cursor> = p
        .declarations
        .iter()
        .filter_map(|d| match d {
            Declaration::Cursor(c) if c.query.is_some() => Some(c.clone()),
            _ => None,
        })
        .collect();
    if p.body {
        for c in &members.spec_cursors {
            if !cursors
                .iter()
                .any(|own| own.name.text.eq_ignore_ascii_case(&c.name.text))
            {
                cursors.push(c.clone());
            }
        }
    }
    let text = cx.file.text();
    let package_name_span = p.name.span;
    for c in &cursors {
        let mut used = false;
        for d in &mut p.declarations {
            let Declaration::Routine(r) = d else { continue };
            let Some(body) = &mut r.body else { continue };
            let declared_here = body
                .declarations
                .iter()
                .any(|d| matches!(d, Declaration::Cursor(own) if own.name.text.eq_ignore_ascii_case(&c.name.text)));
            if !declared_here && mentions(text, body.span, &c.name.text) {
                body.declarations.insert(0, Declaration::Cursor(c.clone()));
                used = true;
            }
        }
        if used {
            cx.findings.push(
                Finding::new(
                    Code::SP0451,
                    // A cursor of the specification in another file: the package's name here.
                    if c.span.is_empty() {
                        package_name_span
                    } else {
                        c.span
                    },
                    format!(
                        "package cursor {} is declared in each routine that uses it",
                        c.name.text
                    ),
                )
                .with_help("nothing to do, unless a caller keeps it open between calls"),
            );
        }
    }

    // Exceptions of the package: declared again in the routines naming them.
    for d in &mut p.declarations {
        let Declaration::Routine(r) = d else { continue };
        let Some(body) = &mut r.body else { continue };
        let mut copies = Vec::new();
        for (exception, init) in &members.exceptions {
            let Declaration::Exception { name, .. } = exception else {
                continue;
            };
            let declared_here = body.declarations.iter().any(
                |d| matches!(d, Declaration::Exception { name: own, .. } if own.text.eq_ignore_ascii_case(&name.text)),
            );
            if !declared_here && mentions(text, body.span, &name.text) {
                copies.push(exception.clone());
                copies.extend(init.clone());
            }
        }
        if !copies.is_empty() {
            copies.append(&mut body.declarations);
            body.declarations = copies;
        }
    }

    let mut declarations = Vec::new();
    for d in std::mem::take(&mut p.declarations) {
        match d {
            Declaration::Routine(mut r) => {
                if r.body.is_none() {
                    continue;
                }
                r.name = synthetic_name(&format!("{schema}.{}", r.name.text));
                // `END name` names the routine; PL/pgSQL reads it as a block label.
                if let Some(body) = &mut r.body {
                    body.end_name = None;
                }
                declarations.push(Declaration::Routine(r));
            }
            Declaration::Variable {
                span,
                name,
                constant,
                ty,
                default,
                ..
            } => {
                if constant {
                    declarations.push(Declaration::Routine(constant_function(
                        &schema, &name, &ty, default,
                    )));
                } else {
                    cx.findings.push(
                        Finding::new(
                            Code::SP0353,
                            span,
                            format!(
                                "package variable {} became session state: {schema}.{}() reads it, {schema}.set_{}(v) writes it",
                                name.text, name.text, name.text
                            ),
                        )
                        .with_help(if members.serially_reusable {
                            "the package is SERIALLY_REUSABLE: Oracle resets the variable after each server call, the setting keeps it for the session; reset it (PERFORM pkg.set_x(default)) where a call starts"
                        } else {
                            "a value set in a transaction that rolls back is undone; check code that relies on it"
                        }),
                    );
                    let (getter, setter) = variable_accessors(&schema, &name, &ty, default);
                    declarations.push(Declaration::Routine(getter));
                    declarations.push(Declaration::Routine(setter));
                }
            }
            Declaration::Type {
                span,
                name,
                definition,
            } => {
                if let TypeDefinition::Table {
                    index_by: Some(key),
                    ..
                } = &definition
                    && !key.is_integer_key()
                {
                    cx.findings.push(
                        Finding::new(
                            Code::SP0253,
                            span,
                            format!(
                                "collection type {} is indexed by strings; PostgreSQL arrays are indexed by integers",
                                name.text
                            ),
                        )
                        .with_help("use a jsonb object (or hstore) keyed by the string, or a temporary table"),
                    );
                    declarations.push(Declaration::Type {
                        span,
                        name,
                        definition,
                    });
                    continue;
                }
                if let TypeDefinition::Record(fields) = &definition {
                    for f in fields.iter().filter(|f| f.default.is_some()) {
                        cx.findings.push(
                            Finding::new(
                                Code::SP0354,
                                f.span,
                                format!(
                                    "the default of field {} of record type {} is lost: composite types have no defaults",
                                    f.name.text, name.text
                                ),
                            )
                            .with_help("assign the field after declaring each variable of the type"),
                        );
                    }
                }
                let name = synthetic_name(&format!("{schema}.{}", name.text));
                declarations.push(Declaration::Type {
                    span,
                    name,
                    definition,
                });
            }
            Declaration::Subtype {
                span,
                name,
                base,
                not_null,
            } => declarations.push(Declaration::Subtype {
                span,
                name: synthetic_name(&format!("{schema}.{}", name.text)),
                base,
                not_null,
            }),
            Declaration::Cursor(c) if c.query.is_none() => {}
            other => declarations.push(other),
        }
    }
    p.declarations = declarations;

    // Inside the package: whole assignments to variables → setter calls,
    // then every reference to a member → its schema-qualified form.
    let ProgramUnit::Package(p) = &mut program.unit else {
        return;
    };
    let mut findings = Vec::new();
    for d in &mut p.declarations {
        match d {
            Declaration::Routine(r) => {
                let shadowed = local_names(r);
                let mut writes = Writes {
                    members,
                    shadowed: &shadowed,
                    findings: &mut findings,
                };
                walk_routine(&mut writes, r);
                let mut v = Qualify {
                    own: Some(members),
                    all: packages,
                    shadowed,
                    changed: false,
                };
                walk_routine(&mut v, r);
            }
            other => {
                let mut v = Qualify {
                    own: Some(members),
                    all: packages,
                    shadowed: HashSet::new(),
                    changed: false,
                };
                let mut one = vec![other.clone()];
                crate::ast::visit::walk_declarations(&mut v, &mut one);
                if let Some(d) = one.pop() {
                    *other = d;
                }
            }
        }
    }
    cx.findings.append(&mut findings);
}

/// A copy of `c` with no source spans: it is printed from its AST, wherever
/// it came from.
fn detached_cursor(c: &crate::ast::procedural::Cursor) -> crate::ast::procedural::Cursor {
    let mut c = c.clone();
    c.span = Span::default();
    c.name.span = Span::default();
    for p in &mut c.params {
        p.span = Span::default();
        if let Some(n) = &mut p.name {
            n.span = Span::default();
        }
        p.ty.span = Span::default();
        if let Some(d) = &mut p.default {
            d.span = Span::default();
        }
    }
    if let Some(t) = &mut c.returns {
        t.span = Span::default();
    }
    if let Some(q) = &mut c.query {
        q.span = Span::default();
        if let Some(into) = &mut q.into {
            into.span = Span::default();
            for t in &mut into.targets {
                t.span = Span::default();
            }
        }
        for e in [&mut q.wait, &mut q.values_record].into_iter().flatten() {
            e.span = Span::default();
        }
    }
    c
}

/// A copy of an exception declaration or pragma with no source spans.
fn detached_declaration(d: &Declaration) -> Declaration {
    let mut d = d.clone();
    match &mut d {
        Declaration::Exception { span, name } => {
            *span = Span::default();
            name.span = Span::default();
        }
        Declaration::Pragma { span, args, .. } => {
            *span = Span::default();
            for a in args {
                a.span = Span::default();
            }
        }
        _ => {}
    }
    d
}

/// Whether the word `name` occurs in `span` of the source.
fn mentions(text: &str, span: Span, name: &str) -> bool {
    if span.is_empty() {
        return false;
    }
    crate::source::Lexer::new(text, span.start, crate::source::ScriptSyntax::SqlPlus)
        .take_while(|l| l.span.start < span.end)
        .any(|l| {
            l.kind == crate::source::LexemeKind::Word
                && l.span.slice(text).eq_ignore_ascii_case(name)
        })
}

/// The names a routine declares (parameters, variables, nested routines),
/// upper-cased: they hide package members of the same name.
fn local_names(r: &Routine) -> HashSet<String> {
    let mut names: HashSet<String> = r
        .params
        .iter()
        .filter_map(|p| p.name.as_ref())
        .map(|n| n.text.to_ascii_uppercase())
        .collect();
    if let Some(b) = &r.body {
        block_names(b, &mut names);
    }
    names
}

fn block_names(b: &Block, names: &mut HashSet<String>) {
    for d in &b.declarations {
        let name = match d {
            Declaration::Variable { name, .. }
            | Declaration::Exception { name, .. }
            | Declaration::Type { name, .. }
            | Declaration::Subtype { name, .. }
            | Declaration::Alias { name, .. } => name,
            Declaration::Cursor(c) => &c.name,
            Declaration::Routine(r) => &r.name,
            Declaration::Pragma { .. } => continue,
        };
        names.insert(name.text.to_ascii_uppercase());
    }
}

/// `c CONSTANT t := v` → `FUNCTION pkg.c() RETURNS t … RETURN v; …`,
/// `IMMUTABLE` when `v` is a literal.
fn constant_function(schema: &str, name: &Name, ty: &TypeRef, default: Option<PlExpr>) -> Routine {
    let literal = default.as_ref().is_some_and(|d| is_literal(&d.expr));
    let value = default.unwrap_or_else(|| pl(Expr::value(sqlparser::ast::Value::Null)));
    Routine {
        span: Span::default(),
        kind: RoutineKind::Function,
        name: synthetic_name(&format!("{schema}.{}", name.text)),
        params: Vec::new(),
        returns: Some(ty.clone()),
        options: vec![option(if literal { "IMMUTABLE" } else { "STABLE" })],
        body: Some(block(Vec::new(), vec![stmt(StmtKind::Return(Some(value)))])),
        external: None,
    }
}

fn is_literal(e: &Expr) -> bool {
    match e {
        Expr::Value(_) => true,
        Expr::UnaryOp { expr, .. } | Expr::Nested(expr) => is_literal(expr),
        _ => false,
    }
}

/// The getter and setter of a package variable, over the custom setting
/// `schema.name`: `=` followed by the value's text, or `!` for NULL; unset
/// (or reset to '' by a rollback) means "still the declared default".
fn variable_accessors(
    schema: &str,
    name: &Name,
    ty: &TypeRef,
    default: Option<PlExpr>,
) -> (Routine, Routine) {
    let setting = format!(
        "{}.{}",
        unquoted(schema).to_lowercase(),
        unquoted(&name.text).to_lowercase()
    );
    let getter_name = format!("{schema}.{}", name.text);
    let setter_name = format!("{schema}.set_{}", unquoted(&name.text));
    let default = default.unwrap_or_else(|| pl(Expr::value(sqlparser::ast::Value::Null)));
    let var = |n: &str, ty: TypeRef, default: Option<PlExpr>| Declaration::Variable {
        span: Span::default(),
        name: synthetic_name(n),
        constant: false,
        ty,
        not_null: false,
        default,
    };
    let text_type = TypeRef {
        span: Span::default(),
        kind: TypeRefKind::Data(sqlparser::ast::DataType::Text),
    };
    let getter = Routine {
        span: Span::default(),
        kind: RoutineKind::Function,
        name: synthetic_name(&getter_name),
        params: Vec::new(),
        returns: Some(ty.clone()),
        options: Vec::new(),
        body: Some(block(
            vec![
                var(
                    "v_setting",
                    text_type,
                    Some(sql_expr(&format!("current_setting('{setting}', true)"))),
                ),
                var("v_value", ty.clone(), None),
            ],
            vec![
                stmt(StmtKind::If {
                    branches: vec![
                        crate::ast::procedural::Branch {
                            condition: sql_expr("v_setting IS NULL OR v_setting = ''"),
                            body: vec![
                                stmt(StmtKind::Assign {
                                    target: sql_expr("v_value"),
                                    value: default,
                                }),
                                stmt(StmtKind::Perform(Box::new(select(&format!(
                                    "SELECT {setter_name}(v_value)"
                                ))))),
                            ],
                        },
                        crate::ast::procedural::Branch {
                            condition: sql_expr("v_setting <> '!'"),
                            body: vec![stmt(StmtKind::Assign {
                                target: sql_expr("v_value"),
                                value: sql_expr("substr(v_setting, 2)"),
                            })],
                        },
                    ],
                    otherwise: None,
                }),
                stmt(StmtKind::Return(Some(sql_expr("v_value")))),
            ],
        )),
        external: None,
    };
    let setter = Routine {
        span: Span::default(),
        kind: RoutineKind::Function,
        name: synthetic_name(&setter_name),
        params: vec![crate::ast::procedural::Param {
            span: Span::default(),
            name: Some(synthetic_name("p_value")),
            mode: crate::ast::procedural::ParamMode::In,
            nocopy: false,
            ty: ty.clone(),
            default: None,
        }],
        returns: Some(TypeRef {
            span: Span::default(),
            kind: TypeRefKind::Named(synthetic_name("void")),
        }),
        options: Vec::new(),
        body: Some(block(
            Vec::new(),
            vec![stmt(StmtKind::Perform(Box::new(select(&format!(
                "SELECT set_config('{setting}', coalesce('=' || p_value::text, '!'), false)"
            )))))],
        )),
        external: None,
    };
    (getter, setter)
}

/// Whole assignments to package variables → setter calls; other writes
/// into them are reported.
struct Writes<'a> {
    members: &'a Members,
    shadowed: &'a HashSet<String>,
    findings: &'a mut Vec<Finding>,
}

impl Writes<'_> {
    /// The package variable an assignment target or `INTO` target writes:
    /// `(name, whole)`, `whole` false for an element or a field.
    fn written(&self, e: &Expr) -> Option<(String, bool)> {
        let (name, whole) = match e {
            Expr::Identifier(i) => (i.value.clone(), true),
            Expr::Function(f) if f.name.0.len() == 1 => (f.name.to_string(), false),
            Expr::CompoundIdentifier(parts) => (parts.first()?.value.clone(), false),
            Expr::CompoundFieldAccess { root, .. } => match &**root {
                Expr::Identifier(i) => (i.value.clone(), false),
                Expr::Function(f) if f.name.0.len() == 1 => (f.name.to_string(), false),
                _ => return None,
            },
            _ => return None,
        };
        let upper = name.to_ascii_uppercase();
        (self.members.variables.contains(&upper) && !self.shadowed.contains(&upper))
            .then_some((name, whole))
    }

    fn report(&mut self, span: Span, name: &str) {
        self.findings.push(
            Finding::new(
                Code::SP0255,
                span,
                format!(
                    "package variable {name} is changed in place; its accessors read and write it whole"
                ),
            )
            .with_help(format!(
                "copy it into a local (v := {0}.{name}()), change the local, then write it back (PERFORM {0}.set_{name}(v))",
                self.members.schema
            )),
        );
    }

    fn check_into(&mut self, into: &Into) {
        for t in &into.targets {
            if let Some((name, _)) = self.written(&t.expr) {
                self.report(t.span, &name);
            }
        }
    }
}

impl VisitMut for Writes<'_> {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            match &mut s.kind {
                StmtKind::Assign { target, value } => match self.written(&target.expr) {
                    Some((name, true)) => {
                        let call = setter_call(&self.members.schema, &name, &value.expr);
                        s.kind = StmtKind::Perform(Box::new(call));
                    }
                    Some((name, false)) => self.report(target.span, &name),
                    None => {}
                },
                StmtKind::Sql(q) => {
                    if let Some(into) = &q.into {
                        self.check_into(into);
                    }
                }
                StmtKind::Fetch { into, .. } => self.check_into(into),
                StmtKind::ExecuteImmediate {
                    into: Some(into), ..
                } => self.check_into(into),
                _ => {}
            }
        }
    }
}

/// Assignments to a package's variables from outside it (`pkg.g_x := v`)
/// → setter calls.
struct ForeignWrites<'a> {
    all: &'a HashMap<String, Members>,
    changed: bool,
}

impl VisitMut for ForeignWrites<'_> {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            let StmtKind::Assign { target, value } = &s.kind else {
                continue;
            };
            let Expr::CompoundIdentifier(parts) = &*target.expr else {
                continue;
            };
            let [pkg, var] = parts.as_slice() else {
                continue;
            };
            let Some(members) = self.all.get(&pkg.value.to_ascii_uppercase()) else {
                continue;
            };
            if !members.variables.contains(&var.value.to_ascii_uppercase()) {
                continue;
            }
            s.kind = StmtKind::Perform(Box::new(setter_call(
                &members.schema,
                &var.value,
                &value.expr,
            )));
            self.changed = true;
        }
    }
}

/// `SELECT schema.set_name(value)`, for a `PERFORM`.
fn setter_call(schema: &str, name: &str, value: &Expr) -> EmbeddedSql {
    let mut call = select(&format!("SELECT {schema}.set_{name}(sqlport_value)"));
    visit_exprs(&mut *call.statement, &mut |e| {
        if matches!(e, Expr::Identifier(i) if i.value == "sqlport_value") {
            *e = value.clone();
            true
        } else {
            false
        }
    });
    call
}

/// Qualifies references to package members: inside the package `own`
/// (unless a local name hides them), and `pkg.c` for constants and
/// variables of any package of the script.
struct Qualify<'a> {
    own: Option<&'a Members>,
    all: &'a HashMap<String, Members>,
    shadowed: HashSet<String>,
    changed: bool,
}

impl Qualify<'_> {
    fn rewrite(&self, e: &mut Expr) -> bool {
        match e {
            Expr::Identifier(i) if i.quote_style.is_none() => {
                let Some(own) = self.own else { return false };
                let upper = i.value.to_ascii_uppercase();
                if self.shadowed.contains(&upper) {
                    return false;
                }
                if own.is_state(&upper) || own.routines.contains(&upper) {
                    *e = call(&own.schema, &i.value);
                    return true;
                }
                false
            }
            Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                let Some(pkg) = self.all.get(&parts[0].value.to_ascii_uppercase()) else {
                    return false;
                };
                if self.shadowed.contains(&parts[0].value.to_ascii_uppercase()) {
                    return false;
                }
                // A constant or variable, or a routine named without its
                // empty argument list (`pkg.summary`: Oracle calls a
                // function without arguments so; PostgreSQL reads a column).
                let member = parts[1].value.to_ascii_uppercase();
                if pkg.is_state(&member) || pkg.routines.contains(&member) {
                    *e = call(&pkg.schema, &parts[1].value);
                    return true;
                }
                false
            }
            Expr::Function(f) if f.name.0.len() == 1 => {
                let Some(own) = self.own else { return false };
                let name = f.name.to_string();
                let upper = name.to_ascii_uppercase();
                if self.shadowed.contains(&upper) || !own.routines.contains(&upper) {
                    return false;
                }
                f.name = ObjectName(vec![
                    ObjectNamePart::Identifier(Ident::new(&own.schema)),
                    ObjectNamePart::Identifier(Ident::new(name)),
                ]);
                true
            }
            _ => false,
        }
    }
}

impl VisitMut for Qualify<'_> {
    fn expr(&mut self, e: &mut PlExpr) {
        let this = &*self;
        if visit_exprs(&mut *e.expr, &mut |x| this.rewrite(x)) {
            e.span = Span::default();
            self.changed = true;
        }
    }

    fn sql(&mut self, sql: &mut EmbeddedSql) {
        let this = &*self;
        if visit_exprs(&mut *sql.statement, &mut |x| this.rewrite(x)) {
            sql.span = Span::default();
            self.changed = true;
        }
    }

    fn type_ref(&mut self, t: &mut TypeRef) {
        let Some(name) = type_name(t) else { return };
        // A package's REF CURSOR type is PostgreSQL's refcursor.
        let upper = name.to_ascii_uppercase();
        let ref_cursor = match upper.split_once('.') {
            Some((pkg, ty)) => self
                .all
                .get(pkg)
                .is_some_and(|m| m.ref_cursors.contains(ty)),
            None => self.own.is_some_and(|m| m.ref_cursors.contains(&upper)),
        };
        if ref_cursor {
            *t = TypeRef {
                span: Span::default(),
                kind: TypeRefKind::Named(synthetic_name("refcursor")),
            };
            self.changed = true;
            return;
        }
        let Some(own) = self.own else { return };
        if name.contains('.') || !own.types.contains(&upper) {
            return;
        }
        *t = TypeRef {
            span: Span::default(),
            kind: TypeRefKind::Named(synthetic_name(&format!("{}.{name}", own.schema))),
        };
        self.changed = true;
    }
}

/// `schema.name()`.
fn call(schema: &str, name: &str) -> Expr {
    parse_expr(&format!("{schema}.{name}()"), &PostgreSqlDialect {})
        .unwrap_or_else(|_| Expr::CompoundIdentifier(vec![Ident::new(schema), Ident::new(name)]))
}

/// A name without its double quotes.
fn unquoted(name: &str) -> &str {
    name.strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name)
}

/// An expression of our own text (always valid: built by this module).
fn sql_expr(text: &str) -> PlExpr {
    pl(parse_expr(text, &PostgreSqlDialect {})
        .unwrap_or_else(|_| Expr::Identifier(Ident::new(text))))
}

/// A query of our own text, as a `PERFORM` body.
fn select(text: &str) -> EmbeddedSql {
    // Our own text always parses; an empty COMMIT would be a visible bug.
    let statement =
        parse_statement(text, &PostgreSqlDialect {}).unwrap_or(sqlparser::ast::Statement::Commit {
            chain: false,
            end: false,
            modifier: None,
        });
    EmbeddedSql {
        span: Span::default(),
        statement: Box::new(statement),
        into: None,
        current_of: None,
        wait: None,
        values_record: None,
        set_aside: Vec::new(),
    }
}

fn pl(expr: Expr) -> PlExpr {
    PlExpr {
        span: Span::default(),
        expr: Box::new(expr),
    }
}

fn stmt(kind: StmtKind) -> Stmt {
    Stmt {
        span: Span::default(),
        labels: Vec::new(),
        kind,
    }
}

fn block(declarations: Vec<Declaration>, statements: Vec<Stmt>) -> Block {
    Block {
        span: Span::default(),
        label: None,
        declarations,
        statements,
        handlers: Vec::new(),
        end_name: None,
    }
}

fn option(text: &str) -> RoutineOption {
    RoutineOption {
        span: Span::default(),
        text: text.to_string(),
    }
}

fn synthetic_name(text: &str) -> Name {
    Name {
        text: text.to_string(),
        span: Span::default(),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    /// Oracle → HighGo at the default kernel, with its findings.
    fn translate(input: &str) -> String {
        crate::rewrite::test_support::translated(input, &crate::rewrite::test_support::highgo())
    }

    const SPEC: &str = "-- 药房包规格\nCREATE OR REPLACE PACKAGE pkg_pharmacy IS\n  -- 门诊西药房科室ID\n  c_pharmacy_opd CONSTANT NUMBER(10) := 71;\n  g_call_count   PLS_INTEGER := 0;\n  e_need_checker EXCEPTION;\n  TYPE r_stock_info IS RECORD (drug_id ph_drug.drug_id%TYPE, total_qty NUMBER(12,2));\n  TYPE t_stock_info IS TABLE OF r_stock_info;\n  TYPE t_id_list IS TABLE OF NUMBER INDEX BY PLS_INTEGER;\n  TYPE t_code_count IS TABLE OF PLS_INTEGER INDEX BY VARCHAR2(20);\n  SUBTYPE t_flag IS CHAR(1);\n  FUNCTION get_available_qty (p_drug_id IN NUMBER, p_dept_id IN NUMBER DEFAULT c_pharmacy_opd) RETURN NUMBER;\nEND pkg_pharmacy;\n/\n";

    const BODY: &str = "CREATE OR REPLACE PACKAGE BODY pkg_pharmacy IS\n  c_module CONSTANT VARCHAR2(30) := 'PKG_PHARMACY';\n  CURSOR cur_batches (cp_drug_id NUMBER) IS\n    SELECT batch_id, stock_qty FROM ph_stock_batch WHERE drug_id = cp_drug_id;\n  PROCEDURE write_log (p_batch_id IN NUMBER) IS\n  BEGIN\n    INSERT INTO ph_stock_log (batch_id, memo) VALUES (p_batch_id, c_module);\n  END write_log;\n  FUNCTION get_available_qty (p_drug_id IN NUMBER, p_dept_id IN NUMBER DEFAULT c_pharmacy_opd) RETURN NUMBER IS\n    l_qty NUMBER := 0;\n    l_info r_stock_info;\n  BEGIN\n    g_call_count := g_call_count + 1;\n    FOR b IN cur_batches(p_drug_id) LOOP\n      l_qty := l_qty + b.stock_qty;\n      write_log(b.batch_id);\n    END LOOP;\n    RETURN l_qty;\n  END get_available_qty;\nBEGIN\n  g_call_count := 0;\nEND pkg_pharmacy;\n/\n";

    #[test]
    fn specification_becomes_schema_types_and_accessors() {
        insta::assert_snapshot!(translate(SPEC));
    }

    #[test]
    fn body_routines_are_schema_qualified_and_use_the_accessors() {
        let out = translate(&format!("{SPEC}{BODY}"));
        assert!(
            out.contains("CREATE OR REPLACE FUNCTION pkg_pharmacy.get_available_qty("),
            "{out}"
        );
        assert!(
            out.contains("PERFORM pkg_pharmacy.set_g_call_count(pkg_pharmacy.g_call_count() + 1);"),
            "{out}"
        );
        assert!(out.contains("pkg_pharmacy.write_log(b.batch_id);"), "{out}");
        assert!(
            out.contains("DEFAULT pkg_pharmacy.c_pharmacy_opd()"),
            "{out}"
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn other_units_call_constants_and_variables_as_functions() {
        let input = format!(
            "{SPEC}CREATE OR REPLACE FUNCTION fn_opd_qty (p_drug_id IN NUMBER) RETURN NUMBER IS\nBEGIN\n  RETURN pkg_pharmacy.get_available_qty(p_drug_id, pkg_pharmacy.c_pharmacy_opd) + pkg_pharmacy.g_call_count;\nEND;\n/\n"
        );
        let out = translate(&input);
        assert!(
            out.contains("RETURN pkg_pharmacy.get_available_qty(p_drug_id, pkg_pharmacy.c_pharmacy_opd()) + pkg_pharmacy.g_call_count();"),
            "{out}"
        );
    }

    #[test]
    fn package_functions_called_without_parentheses_get_them() {
        // 批次汇总：Oracle 调用无参函数可省略括号，PostgreSQL 会当成列名。
        let input = "CREATE OR REPLACE PACKAGE pkg_nur_batch_ctx IS
  g_batch_no VARCHAR2(40);
  g_done_cnt PLS_INTEGER := 0;
  PROCEDURE start_batch (p_ward IN VARCHAR2);
  FUNCTION summary RETURN VARCHAR2;
END pkg_nur_batch_ctx;
/
CREATE OR REPLACE PACKAGE BODY pkg_nur_batch_ctx IS
  PROCEDURE start_batch (p_ward IN VARCHAR2) IS
  BEGIN
    g_batch_no := p_ward;
    g_done_cnt := 0;
  END start_batch;
  FUNCTION summary RETURN VARCHAR2 IS
  BEGIN
    RETURN '批次 ' || g_batch_no || '：成功 ' || g_done_cnt || ' 条';
  END summary;
END pkg_nur_batch_ctx;
/
DECLARE
  l_summary VARCHAR2(200);
BEGIN
  pkg_nur_batch_ctx.start_batch('W301');
  l_summary := pkg_nur_batch_ctx.summary;
  DBMS_OUTPUT.PUT_LINE(pkg_nur_batch_ctx.summary);
  INSERT INTO nur_batch_log (summary) SELECT pkg_nur_batch_ctx.summary FROM dual;
END;
/
";
        let out = translate(input);
        let block = &out[out.find("DO $$").unwrap_or(0)..];
        insta::assert_snapshot!(block);
    }

    #[test]
    fn a_body_translated_apart_finds_the_specification_in_the_context() {
        let alone = crate::translate(BODY, &Options::new(Source::Oracle, Target::Highgo)).sql;
        assert!(alone.contains("DEFAULT c_pharmacy_opd"), "{alone}");
        let with_spec = crate::translate(
            BODY,
            &Options::new(Source::Oracle, Target::Highgo).with_context(vec![SPEC.to_string()]),
        )
        .sql;
        assert!(
            with_spec.contains("DEFAULT pkg_pharmacy.c_pharmacy_opd()"),
            "{with_spec}"
        );
        assert!(
            with_spec.contains("l_info pkg_pharmacy.r_stock_info;"),
            "{with_spec}"
        );
        assert!(!with_spec.contains("CREATE SCHEMA"), "{with_spec}");
    }

    #[test]
    fn cursors_of_the_specification_are_copied_into_the_body_routines() {
        let spec = "CREATE OR REPLACE PACKAGE pkg_nur_exec IS\n  CURSOR c_due (p_ward VARCHAR2) IS\n    SELECT exec_id FROM nur_exec WHERE ward_code = p_ward;\n  PROCEDURE skip_due (p_ward IN VARCHAR2);\nEND;\n/\n";
        let body = "CREATE OR REPLACE PACKAGE BODY pkg_nur_exec IS\n  PROCEDURE skip_due (p_ward IN VARCHAR2) IS\n  BEGIN\n    FOR r IN c_due(p_ward) LOOP\n      UPDATE nur_exec SET exec_status = 'S' WHERE exec_id = r.exec_id;\n    END LOOP;\n  END skip_due;\nEND;\n/\n";
        let out = crate::translate(
            body,
            &Options::new(Source::Oracle, Target::Highgo).with_context(vec![spec.to_string()]),
        );
        assert!(
            out.sql.contains("  c_due CURSOR (p_ward VARCHAR2) FOR SELECT exec_id FROM nur_exec WHERE ward_code = p_ward;"),
            "{}",
            out.sql
        );
        assert!(
            out.report
                .findings
                .iter()
                .any(|f| f.code == crate::Code::SP0451 && f.start.line == 1)
        );
    }

    #[test]
    fn package_exceptions_are_declared_in_the_routines_naming_them() {
        let spec = "CREATE OR REPLACE PACKAGE pkg_pharmacy IS\n  e_need_checker EXCEPTION;\n  PRAGMA EXCEPTION_INIT(e_need_checker, -20102);\n  PROCEDURE check_narcotic (p_checker_id IN NUMBER);\nEND;\n/\n";
        let body = "CREATE OR REPLACE PACKAGE BODY pkg_pharmacy IS\n  PROCEDURE check_narcotic (p_checker_id IN NUMBER) IS\n  BEGIN\n    IF p_checker_id IS NULL THEN\n      RAISE e_need_checker;\n    END IF;\n  END check_narcotic;\nEND;\n/\n";
        let out = crate::translate(
            body,
            &Options::new(Source::Oracle, Target::Highgo).with_context(vec![spec.to_string()]),
        );
        assert!(
            // The exception's ORA number reaches the raise: it raises the
            // SQLSTATE its EXCEPTION_INIT maps to, with no declaration needed.
            out.sql
                .contains("RAISE EXCEPTION 'e_need_checker' USING ERRCODE = '45102';"),
            "{}",
            out.sql
        );
    }

    #[test]
    fn other_units_set_package_variables_through_the_setter() {
        let input = format!(
            "{SPEC}BEGIN\n  pkg_pharmacy.g_call_count := pkg_pharmacy.g_call_count + 1;\nEND;\n/\n"
        );
        let out = translate(&input);
        assert!(
            out.contains("PERFORM pkg_pharmacy.set_g_call_count(pkg_pharmacy.g_call_count() + 1);"),
            "{out}"
        );
    }

    #[test]
    fn ref_cursor_types_of_a_package_are_refcursor() {
        let spec = "CREATE OR REPLACE PACKAGE pkg_nur_exec IS\n  TYPE t_exec_cur IS REF CURSOR RETURN nur_exec%ROWTYPE;\n  PROCEDURE open_worklist (p_ward IN VARCHAR2, p_cur OUT t_exec_cur);\nEND;\n/\n";
        let body = "CREATE OR REPLACE PACKAGE BODY pkg_nur_exec IS\n  PROCEDURE open_worklist (p_ward IN VARCHAR2, p_cur OUT t_exec_cur) IS\n  BEGIN\n    OPEN p_cur FOR SELECT * FROM nur_exec WHERE ward_code = p_ward;\n  END;\nEND;\n/\nDECLARE\n  v_cur pkg_nur_exec.t_exec_cur;\nBEGIN\n  pkg_nur_exec.open_worklist('W301', v_cur);\nEND;\n/\n";
        let out = translate(&format!("{spec}{body}"));
        assert!(out.contains("OUT p_cur refcursor)"), "{out}");
        assert!(out.contains("v_cur refcursor;"), "{out}");
    }

    #[test]
    fn writes_into_parts_of_package_variables_are_errors() {
        let input = "CREATE OR REPLACE PACKAGE BODY pkg_nur_exec IS\n  g_ids  t_id_list;\n  g_last NUMBER;\n  PROCEDURE remember (p_id IN NUMBER) IS\n  BEGIN\n    g_ids(1) := p_id;\n    SELECT MAX(exec_id) INTO g_last FROM nur_exec;\n  END remember;\nEND pkg_nur_exec;\n/\n";
        let out = translate(input);
        let findings = out.split("-- findings:").nth(1).unwrap_or_default();
        assert_eq!(findings.matches("SP0255").count(), 2, "{out}");
    }
}
