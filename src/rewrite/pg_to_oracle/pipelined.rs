//! `pipelined`: a set-returning function that builds its rows with `RETURN
//! NEXT` becomes a `PIPELINED` function over a collection type.
//!
//! **What it does.** For a function `RETURNS TABLE (c1 t1, …)` or `RETURNS
//! SETOF t` (`t` a scalar type) whose rows come from `RETURN NEXT` (and no
//! `RETURN QUERY`):
//! - before the function, the script gets the types DM needs to return the
//!   rows: `CREATE OR REPLACE TYPE f_row AS OBJECT (c1 t1, …);` and
//!   `CREATE OR REPLACE TYPE f_rows AS TABLE OF f_row;` (for `SETOF t`:
//!   only `f_rows AS TABLE OF t`), each ended by a `/` line;
//! - the function `RETURN f_rows PIPELINED`;
//! - for `RETURNS SETOF t` where `t` is a table the script creates, the
//!   object type has the table's columns, and `RETURN NEXT r` (a record of
//!   that type) becomes `PIPE ROW (f_row(r.c1, …))`;
//! - `RETURN NEXT expr` becomes `PIPE ROW (expr)`; `RETURN NEXT` of a
//!   `TABLE (…)` function becomes `PIPE ROW (f_row(c1, …))`, its columns
//!   (PostgreSQL's `OUT` variables) declared as local variables;
//! - the script's callers `FROM f(args) [alias]` become `FROM
//!   TABLE(f(args)) alias` (the object type's attributes are the columns);
//!   for `SETOF t`, `FROM (SELECT COLUMN_VALUE AS n FROM TABLE(f(args)))
//!   alias`, `n` named as PostgreSQL named the column (the alias's column,
//!   else the alias, else the function). A caller that renames the columns
//!   of a `TABLE (…)` function (`AS x (a, b)`) is left as written.
//!
//! **Why.** DMSQL has no `SETOF`/`RETURN NEXT`; like Oracle it has pipelined
//! table functions over a schema-level collection type, read with `SELECT …
//! FROM TABLE(f(…))` — DM7 added them for Oracle ports
//! (blog.csdn.net/weixin_31199559/article/details/116434267, a repost of
//! blog.sina.com.cn/s/blog_6f86f39a0101d3qz.html: `create type … is table
//! of …`, `… return s100_t pipelined is begin pipe row(…); …`, `select *
//! from table(s100f2)`; code456.com/article/4054282.html: `table()` over
//! object-type collections in DM7) [blog]; DM8's own manual has them too:
//! `RETURN <返回数据类型> … [PIPELINED]` (DM8 SQL 程序设计, DMSQL 程序的定义、
//! 调用与删除) and `PIPE ROW` over a VARRAY or nested-table type (DMSQL
//! 程序中的各种控制结构 §4.5.5) [doc].
//!
//! **Example.**
//! ```sql
//! CREATE FUNCTION fn_days(p_n integer) RETURNS TABLE (d date) LANGUAGE plpgsql AS $$
//! BEGIN
//!   FOR i IN 1..p_n LOOP d := current_date + i; RETURN NEXT; END LOOP;
//! END $$;
//! -- becomes
//! CREATE OR REPLACE TYPE fn_days_row AS OBJECT (d date);
//! /
//! CREATE OR REPLACE TYPE fn_days_rows AS TABLE OF fn_days_row;
//! /
//! CREATE FUNCTION fn_days (p_n IN integer) RETURN fn_days_rows PIPELINED
//! IS
//!   d date;
//! BEGIN
//!   FOR i IN 1..p_n LOOP d := current_date + i; PIPE ROW (fn_days_row(d)); END LOOP;
//! END;
//! /
//! ```
//!
//! **Findings.** `SP0364` (warning) at each function it rewrote: callers
//! select `FROM TABLE(f(…))` instead of `FROM f(…)`, and the two types must
//! be created first. A function it does not rewrite (rows of a table's row
//! type or `record`, a character column without a length, `RETURN QUERY`
//! mixed in) is left to `routine-shell`, which reports it (`SP0211`).

use sqlparser::ast::{SetExpr, TableFactor, VisitMut as _, VisitorMut};
use sqlparser::dialect::OracleDialect;
use sqlparser::parser::Parser;
use std::ops::ControlFlow;

use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_block};
use crate::ast::{Content, Edit, Item, Script, Unit};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::statements_at;
use crate::rewrite::{Context, Pass};
use crate::source::{Span, Terminator, UnitKind};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pipelined;

impl Pass for Pipelined {
    fn name(&self) -> &'static str {
        "pipelined"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let tables = tables_of(script);
        let mut items = Vec::with_capacity(script.items.len());
        let mut functions = Vec::new();
        for mut item in std::mem::take(&mut script.items) {
            if let Item::Unit(unit) = &mut item
                && let Content::Program(program) = &mut unit.content
                && let Some(types) = pipeline(program, cx, &mut functions, &tables)
            {
                unit.rewritten = true;
                // The types, before the function, as a unit of their own
                // (its text is its one edit).
                let at = Span::empty(unit.span.start);
                items.push(Item::Unit(Unit {
                    span: at,
                    body: at,
                    kind: UnitKind::Sql,
                    terminator: Terminator::Slash,
                    content: Content::ClientCommand,
                    set_aside: Vec::new(),
                    rewritten: false,
                    edits: vec![Edit {
                        span: at,
                        replacement: types,
                    }],
                }));
            }
            items.push(item);
        }
        script.items = items;
        if !functions.is_empty() {
            for unit in script.units_mut() {
                let mut changed = false;
                statements_at(unit, &mut |s, _, _| {
                    let mut v = Callers {
                        functions: &functions,
                        changed: false,
                    };
                    let _ = s.visit(&mut v);
                    changed |= v.changed;
                    v.changed
                });
                unit.rewritten |= changed;
            }
        }
    }
}

/// A function made pipelined: its name (folded), and for a `SETOF scalar`
/// one, true (its rows are `COLUMN_VALUE`).
type Piped = (String, bool);

/// `FROM f(args) [alias]` → `FROM TABLE(f(args)) alias` for the functions
/// made pipelined; a scalar one's column is named as PostgreSQL named it
/// (the alias's column, else the alias, else the function):
/// `FROM (SELECT COLUMN_VALUE AS n FROM TABLE(f(args))) alias`.
struct Callers<'f> {
    functions: &'f [Piped],
    changed: bool,
}

impl VisitorMut for Callers<'_> {
    type Break = ();

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
        let TableFactor::Table {
            name,
            args: Some(args),
            alias,
            ..
        } = factor
        else {
            return ControlFlow::Continue(());
        };
        let Some(last) = name.0.last().and_then(|p| p.as_ident()) else {
            return ControlFlow::Continue(());
        };
        let Some((_, scalar)) = self
            .functions
            .iter()
            .find(|(f, _)| f.eq_ignore_ascii_case(&last.value))
        else {
            return ControlFlow::Continue(());
        };
        let call = format!(
            "{name}({})",
            args.args
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
        let text = if *scalar {
            let column = alias
                .as_ref()
                .map(|a| {
                    a.columns
                        .first()
                        .map_or_else(|| a.name.clone(), |c| c.name.clone())
                })
                .unwrap_or_else(|| last.clone());
            let table = alias
                .as_ref()
                .map_or_else(|| last.clone(), |a| a.name.clone());
            format!("SELECT 1 FROM (SELECT COLUMN_VALUE AS {column} FROM TABLE({call})) {table}")
        } else {
            match alias {
                Some(a) if a.columns.is_empty() => {
                    format!("SELECT 1 FROM TABLE({call}) {}", a.name)
                }
                // Renamed columns have no place on TABLE(…).
                Some(_) => return ControlFlow::Continue(()),
                None => format!("SELECT 1 FROM TABLE({call})"),
            }
        };
        let parsed = Parser::new(&OracleDialect {})
            .try_with_sql(&text)
            .and_then(|mut p| p.parse_query())
            .ok()
            .and_then(|q| match *q.body {
                SetExpr::Select(s) => s.from.into_iter().next().map(|t| t.relation),
                _ => None,
            });
        if let Some(new) = parsed {
            *factor = new;
            self.changed = true;
        }
        ControlFlow::Continue(())
    }
}

/// Rewrites a `RETURN NEXT` function; the text of the types it needs.
fn pipeline(
    program: &mut Program,
    cx: &mut Context<'_>,
    functions: &mut Vec<Piped>,
    tables: &Tables,
) -> Option<String> {
    // The types' text when sqlport wrote them (the function is rewritten
    // either way when it has `RETURN NEXT`).
    let ProgramUnit::Routine(r) = &mut program.unit else {
        return None;
    };
    let returns = r.returns.as_ref()?;
    let body = r.body.as_mut()?;
    let mut scan = Scan::default();
    walk_statements_of(&mut scan, body);
    if scan.next == 0 {
        return None;
    }
    let rows = format!("{}_rows", r.name.text);
    let row = format!("{}_row", r.name.text);
    // The columns of the table whose rows a `SETOF table` function returns.
    let mut record: Option<Vec<String>> = None;
    // The types' text, or why sqlport cannot write them.
    let (types, fields): (Result<String, String>, Option<Vec<Field>>) = match &returns.kind {
        TypeRefKind::Table(fields) => {
            let attributes: Result<Vec<String>, String> = fields
                .iter()
                .map(|f| element_type(&f.ty).map(|t| format!("{} {t}", f.name.text)))
                .collect();
            (
                attributes.map(|a| format!(
                    "CREATE OR REPLACE TYPE {row} AS OBJECT ({});\n/\nCREATE OR REPLACE TYPE {rows} AS TABLE OF {row};\n/\n\n",
                    a.join(", ")
                )),
                Some(fields.clone()),
            )
        }
        TypeRefKind::SetOf(inner) if table_columns(inner, tables).is_some() => {
            let columns = table_columns(inner, tables).cloned().unwrap_or_default();
            let attributes: Result<Vec<String>, String> = columns
                .iter()
                .map(|(c, t)| column_type(t).map(|t| format!("{c} {t}")))
                .collect();
            record = Some(columns.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>());
            (
                attributes.map(|a| format!(
                    "CREATE OR REPLACE TYPE {row} AS OBJECT ({});\n/\nCREATE OR REPLACE TYPE {rows} AS TABLE OF {row};\n/\n\n",
                    a.join(", ")
                )),
                None,
            )
        }
        TypeRefKind::SetOf(inner) => (
            element_type(inner)
                .map(|t| format!("CREATE OR REPLACE TYPE {rows} AS TABLE OF {t};\n/\n\n")),
            None,
        ),
        _ => return None,
    };
    // Rows of a table's row type: RETURN NEXT of a record variable.
    let types = if record.is_some() && !scan.names_only {
        Err(
            "RETURN NEXT of an expression, not of a record variable of the table's type"
                .to_string(),
        )
    } else {
        types
    };
    // `RETURN NEXT` without a value only makes sense with columns.
    if fields.is_none() && scan.bare {
        return None;
    }
    let types = match (types, scan.query) {
        (Ok(t), false) => Ok(t),
        (Ok(_), true) => Err("RETURN QUERY mixed with RETURN NEXT (write FOR r IN (query) LOOP PIPE ROW (…); END LOOP)".to_string()),
        (Err(why), _) => Err(why),
    };
    let row_value = fields.as_ref().and_then(|fields| {
        let names: Vec<&str> = fields.iter().map(|f| f.name.text.as_str()).collect();
        super::ora_expr(&format!("{row}({})", names.join(", ")))
    });
    if fields.is_some() && row_value.is_none() {
        return None;
    }
    let mut pipe = Pipe {
        row_value,
        record: record.map(|c| (row.clone(), c)),
    };
    walk_block(&mut pipe, body);
    // PostgreSQL's `OUT` variables of a `TABLE (…)` result, now locals.
    for f in fields.iter().flatten().rev() {
        body.declarations.insert(
            0,
            Declaration::Variable {
                span: Span::default(),
                name: f.name.clone(),
                constant: false,
                ty: f.ty.clone(),
                not_null: false,
                default: None,
            },
        );
    }
    let at = returns.span;
    let at = if at.is_empty() { r.name.span } else { at };
    // Rows of a scalar type are COLUMN_VALUE; rows of a row type (a table's)
    // are objects, whose attributes are the columns.
    let scalar = matches!(
        &returns.kind,
        TypeRefKind::SetOf(inner)
            if matches!(&inner.kind, TypeRefKind::Data(d) if !matches!(d, sqlparser::ast::DataType::Custom(..)))
    );
    functions.push((
        r.name
            .text
            .rsplit('.')
            .next()
            .unwrap_or(&r.name.text)
            .to_string(),
        scalar,
    ));
    r.returns = Some(TypeRef {
        span: Span::default(),
        kind: TypeRefKind::Named(Name {
            text: rows.clone(),
            span: Span::default(),
        }),
    });
    r.options.push(RoutineOption {
        span: Span::default(),
        text: "PIPELINED".to_string(),
    });
    // A pipelined function ends with a bare RETURN.
    if !matches!(
        body.statements.last().map(|s| &s.kind),
        Some(StmtKind::Return(None))
    ) {
        body.statements.push(Stmt {
            span: Span::default(),
            labels: Vec::new(),
            kind: StmtKind::Return(None),
        });
    }
    match types {
        Ok(types) => {
            cx.findings.push(
                Finding::new(
                    Code::SP0364,
                    at,
                    format!(
                        "set-returning function {} became a PIPELINED function returning the collection type {rows} (created before it): callers select FROM TABLE({}(…)) instead of FROM {}(…) (those in this script do now)",
                        r.name.text, r.name.text, r.name.text
                    ),
                )
                .with_help("change the callers to SELECT … FROM TABLE(f(…)); deploy the types before the function"),
            );
            Some(types)
        }
        Err(why) => {
            cx.findings.push(
                Finding::new(
                    Code::SP0211,
                    at,
                    format!(
                        "set-returning function {} became a PIPELINED function returning {rows}, a collection type sqlport could not write: {why}",
                        r.name.text
                    ),
                )
                .with_help(format!("create {rows} before the function (CREATE TYPE {row} AS OBJECT (…); CREATE TYPE {rows} AS TABLE OF {row}) and make each PIPE ROW give an element of it; callers select FROM TABLE(f(…))")),
            );
            None
        }
    }
}

/// The DM type of a collection element or object attribute, as text; `None`
/// for one that needs a declared type (a table's row, `record`) or a
/// character type without a length (a SQL type needs one).
fn element_type(t: &TypeRef) -> Result<String, String> {
    use sqlparser::ast::DataType as D;
    let TypeRefKind::Data(d) = &t.kind else {
        return Err("its rows are of a named type (a table's row or record)".to_string());
    };
    match d {
        // A PostgreSQL type name DM maps (`serial`): the integer under it.
        D::Custom(..) if super::types::dm_type_text(d).is_some_and(|t| t != d.to_string()) => {
            let t = super::types::dm_type_text(d).unwrap_or_default();
            Ok(t.split(" IDENTITY").next().unwrap_or(&t).to_string())
        }
        D::Custom(..) => Err(format!(
            "its rows are of type {d} (a table's row, a domain or record)"
        )),
        D::Varchar(None) | D::CharacterVarying(None) | D::Char(None) | D::Character(None) => Err(
            format!("a column of type {d} without a length (a type attribute needs one)"),
        ),
        // A serial column's type is the integer under its identity.
        _ => super::types::dm_type_text(d)
            .map(|t| t.split(" IDENTITY").next().unwrap_or(&t).to_string())
            .ok_or_else(|| format!("a column of type {d}, which DM has not")),
    }
}

/// The columns of the tables the script creates, by folded name.
type Tables = std::collections::BTreeMap<String, Vec<(String, sqlparser::ast::DataType)>>;

fn tables_of(script: &Script) -> Tables {
    let mut tables = Tables::new();
    for unit in script.units() {
        if let Content::Sql(statements) = &unit.content {
            for s in statements {
                if let sqlparser::ast::Statement::CreateTable(t) = s
                    && let Some(name) = t.name.0.last().and_then(|p| p.as_ident())
                {
                    tables.insert(
                        name.value.to_ascii_lowercase(),
                        t.columns
                            .iter()
                            .map(|c| (c.name.to_string(), c.data_type.clone()))
                            .collect(),
                    );
                }
            }
        }
    }
    tables
}

/// The columns of the table named by a row type (`SETOF bed`).
fn table_columns<'t>(
    t: &TypeRef,
    tables: &'t Tables,
) -> Option<&'t Vec<(String, sqlparser::ast::DataType)>> {
    let name = match &t.kind {
        TypeRefKind::Data(sqlparser::ast::DataType::Custom(n, _)) => {
            n.0.last()?.as_ident()?.value.clone()
        }
        TypeRefKind::Named(n) => n.text.rsplit('.').next()?.to_string(),
        _ => return None,
    };
    tables
        .get(&name.to_ascii_lowercase())
        .filter(|c| !c.is_empty())
}

/// [`element_type`] of a table column's type.
fn column_type(d: &sqlparser::ast::DataType) -> Result<String, String> {
    element_type(&TypeRef {
        span: Span::default(),
        kind: TypeRefKind::Data(d.clone()),
    })
}

/// What a body's statements return rows with.
#[derive(Default)]
struct Scan {
    /// `RETURN NEXT` statements.
    next: usize,
    /// Whether every `RETURN NEXT` value is a name (a record variable).
    names_only: bool,
    /// A `RETURN NEXT` without a value.
    bare: bool,
    /// A `RETURN QUERY`.
    query: bool,
}

impl VisitMut for Scan {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter() {
            match &s.kind {
                StmtKind::ReturnNext(v) => {
                    if self.next == 0 {
                        self.names_only = true;
                    }
                    self.next += 1;
                    self.bare |= v.is_none();
                    self.names_only &= v.as_ref().is_some_and(|e| {
                        matches!(e.expr.as_ref(), sqlparser::ast::Expr::Identifier(_))
                    });
                }
                StmtKind::ReturnQuery { .. } => self.query = true,
                _ => {}
            }
        }
    }
}

fn walk_statements_of(v: &mut Scan, body: &Block) {
    // The scan only reads: it walks a copy.
    walk_block(v, &mut body.clone());
}

/// `RETURN NEXT [expr]` → `PIPE ROW (expr|f_row(c1, …))`.
struct Pipe {
    row_value: Option<sqlparser::ast::Expr>,
    /// For rows of a table's type: the object type and the table's columns
    /// (`RETURN NEXT r` → `PIPE ROW (f_row(r.c1, …))`).
    record: Option<(String, Vec<String>)>,
}

impl VisitMut for Pipe {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            if let StmtKind::ReturnNext(v) = &mut s.kind {
                let value = match (v.take(), &self.row_value) {
                    (Some(e), _) => match (&self.record, e.expr.as_ref()) {
                        (Some((row, columns)), sqlparser::ast::Expr::Identifier(id)) => {
                            let args: Vec<String> = columns
                                .iter()
                                .map(|c| format!("{}.{c}", id.value))
                                .collect();
                            match super::ora_expr(&format!("{row}({})", args.join(", "))) {
                                Some(x) => super::pl_expr(x),
                                None => e,
                            }
                        }
                        _ => e,
                    },
                    (None, Some(row)) => super::pl_expr(row.clone()),
                    (None, None) => continue,
                };
                s.kind = StmtKind::PipeRow(value);
                s.span = Span::default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn return_next_functions_become_pipelined() {
        insta::assert_snapshot!(translated(
            "-- 未来 n 天的排班日期\nCREATE FUNCTION fn_days(p_n integer) RETURNS TABLE (d date, seq integer) LANGUAGE plpgsql AS $$\nBEGIN\n    FOR i IN 1..p_n LOOP\n        d := current_date + i;\n        seq := i;\n        RETURN NEXT;\n    END LOOP;\nEND $$;\n\n-- 病区空床号\nCREATE FUNCTION fn_free_beds(p_ward varchar) RETURNS SETOF integer LANGUAGE plpgsql STABLE AS $$\nDECLARE\n    r record;\nBEGIN\n    FOR r IN SELECT bed_no FROM bed WHERE ward_code = p_ward AND status = 'F' ORDER BY bed_no LOOP\n        RETURN NEXT r.bed_no;\n    END LOOP;\n    RETURN;\nEND $$;\n\n-- 调用方\nSELECT d, seq FROM fn_days(7) AS x ORDER BY seq;\nSELECT count(*) FROM fn_free_beds('W01') AS b;\nSELECT fn_free_beds FROM fn_free_beds('W02');\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn return_next_of_table_rows_uses_the_tables_columns() {
        insta::assert_snapshot!(translated(
            "CREATE TABLE operating_room (\n    room_id serial PRIMARY KEY,\n    room_code varchar(10) NOT NULL,\n    daily_minutes integer NOT NULL DEFAULT 600\n);\n-- 空闲手术间\nCREATE FUNCTION fn_free_rooms(p_need integer) RETURNS SETOF operating_room LANGUAGE plpgsql STABLE AS $$\nDECLARE\n    r operating_room%ROWTYPE;\nBEGIN\n    FOR r IN SELECT * FROM operating_room ORDER BY room_code LOOP\n        IF r.daily_minutes >= p_need THEN\n            RETURN NEXT r;\n        END IF;\n    END LOOP;\n    RETURN;\nEND $$;\nSELECT room_code FROM fn_free_rooms(120);\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn return_next_of_rows_without_a_type_is_kept() {
        insta::assert_snapshot!(translated(
            "CREATE FUNCTION fn_beds(p_ward varchar) RETURNS SETOF bed LANGUAGE plpgsql AS $$\nDECLARE\n    b bed%ROWTYPE;\nBEGIN\n    FOR b IN SELECT * FROM bed WHERE ward_code = p_ward LOOP\n        RETURN NEXT b;\n    END LOOP;\nEND $$;\n\nCREATE FUNCTION fn_names() RETURNS TABLE (name varchar) LANGUAGE plpgsql AS $$\nBEGIN\n    name := 'x';\n    RETURN NEXT;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
