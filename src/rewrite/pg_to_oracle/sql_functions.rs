//! `sql-functions`: a `LANGUAGE sql` routine becomes a PL/pgSQL-shaped
//! routine, which the later passes print as a DMSQL one.
//!
//! **What it does.** Reads the routine's body (`AS $$ … $$`, `BEGIN ATOMIC
//! … END`, or `RETURN expr`) as its SQL statements and gives it the PL form
//! of what PostgreSQL does with them:
//! - `$n` becomes the name of the `n`th parameter; an unnamed parameter is
//!   named `sqlport_argN`;
//! - every statement but the last runs as written (a `SELECT` among them
//!   as `PERFORM`, which the `perform` pass rewrites);
//! - the last one gives the result:
//!   - a function `RETURNS void` and a procedure: it runs as written (the
//!     header then becomes a procedure, as for PL/pgSQL, `routine-shell`);
//!   - a set-returning function (`SETOF t`, `TABLE (…)`): it becomes
//!     `RETURN QUERY q`, which `routine-shell` turns into a `SYS_REFCURSOR`
//!     opened on `q`, as for PL/pgSQL;
//!   - a scalar function: `SELECT expr` without `FROM` becomes `RETURN
//!     expr`; any other query becomes `FOR sqlport_row IN (q) LOOP RETURN
//!     sqlport_row.sqlport_value; END LOOP; RETURN NULL;` (its one column
//!     named `sqlport_value`): the first row's value, NULL when there is
//!     none — what PostgreSQL returns, where `SELECT … INTO` would raise
//!     `NO_DATA_FOUND` or `TOO_MANY_ROWS`; an `INSERT|UPDATE|DELETE …
//!     RETURNING x` becomes `… RETURNING x INTO sqlport_result; RETURN
//!     sqlport_result;`;
//! - a SQL-standard `RETURN expr` body is that `RETURN`.
//!
//! The header (clauses, `STRICT`, `void`, `SETOF`) is left to
//! `routine-shell`, so a SQL routine and a PL/pgSQL one end the same way.
//!
//! **Why.** DM8 has no `LANGUAGE sql` routines: every routine is a DMSQL
//! (PL/SQL-style) one (dameng.md, DMSQL), where a query must put its rows
//! somewhere (`INTO`, a cursor) and the result is given by `RETURN`.
//!
//! **Example.**
//! ```sql
//! CREATE FUNCTION fn_ward_name(varchar) RETURNS varchar LANGUAGE sql STABLE AS $$
//!   SELECT ward_name FROM ward WHERE ward_code = $1
//! $$;
//! -- becomes
//! CREATE FUNCTION fn_ward_name (sqlport_arg1 IN varchar) RETURN varchar
//! IS
//! BEGIN
//!   FOR sqlport_row IN (SELECT ward_name AS sqlport_value FROM ward WHERE ward_code = sqlport_arg1) LOOP
//!     RETURN sqlport_row.sqlport_value;
//!   END LOOP;
//!   RETURN NULL;
//! END;
//! /
//! ```
//!
//! **Findings.** `SP0362` (info) at each routine it rewrote; `SP0224`
//! (error, with the reason) at one it keeps: a result of a row type or
//! `record`, `OUT` parameters, a last statement that gives no result, a `$n`
//! beyond the parameters or whose parameter's name is also a name in the
//! body, `SELECT … INTO`, a body it cannot read.

use sqlparser::ast::{
    Expr, Ident, SelectItem, SetExpr, Statement, Value, ValueWithSpan, visit_expressions_mut,
};
use std::ops::ControlFlow;

use super::{ora_expr, pl_expr};
use crate::ast::procedural::*;
use crate::ast::visit::VisitMut;
use crate::ast::{Content, Script};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::{ProceduralKind, Span, UnitKind};

/// The loop record of a scalar function's query.
const ROW: &str = "sqlport_row";
/// The name of that query's one column.
const VALUE: &str = "sqlport_value";
/// The variable a `RETURNING` value goes into.
const RESULT: &str = "sqlport_result";

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct SqlFunctions;

impl Pass for SqlFunctions {
    fn name(&self) -> &'static str {
        "sql-functions"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            if !matches!(unit.content, Content::Procedural)
                || !matches!(unit.kind, UnitKind::Procedural(k) if k != ProceduralKind::Java)
            {
                continue;
            }
            let mut program = match crate::parse::procedural::parse_sql_routine_unit(
                cx.file.text(),
                unit.body,
            ) {
                Ok(Some(program)) => program,
                Ok(None) => continue,
                Err(e) => {
                    // A construct of the body sqlport does not read
                    // (`FETCH … WITH TIES`, `SEARCH`/`CYCLE` clauses, …).
                    cx.findings.push(
                            Finding::new(
                                Code::SP0224,
                                unit.body,
                                format!("LANGUAGE sql routine kept: its body could not be read ({e} at line {})", cx.file.position(e.offset).line),
                            )
                            .with_help("rewrite the statement DM has no form for, then translate again"),
                        );
                    continue;
                }
            };
            let ProgramUnit::Routine(r) = &mut program.unit else {
                continue;
            };
            if r.body.is_none() {
                continue;
            }
            let outcome = translate(r);
            let name = r.name.clone();
            match outcome {
                Ok(how) => {
                    cx.findings.push(Finding::new(
                        Code::SP0362,
                        name.span,
                        format!(
                            "LANGUAGE sql routine {} became a DMSQL routine: {how}",
                            name.text
                        ),
                    ));
                    unit.content = Content::Program(Box::new(program));
                    unit.rewritten = true;
                }
                Err(why) => cx.findings.push(
                    Finding::new(
                        Code::SP0224,
                        unit.body,
                        format!("LANGUAGE sql routine {} kept: {why}", name.text),
                    )
                    .with_help("rewrite it as a DMSQL routine: SELECT … INTO a variable and RETURN it, or OPEN a SYS_REFCURSOR on the query"),
                ),
            }
        }
    }
}

/// What kind of result a routine gives.
enum Gives {
    /// None: a procedure or a `void` function.
    Nothing,
    /// Rows.
    Rows,
    /// One value of a scalar type; whether a variable of that type can be
    /// declared as written (a string type needs its length in PL/SQL).
    Value { declarable: bool },
}

/// Gives `r`'s SQL body its PL form; says what it made of it, or why not.
fn translate(r: &mut Routine) -> Result<&'static str, String> {
    let result = result_of(r)?;
    name_parameters(r)?;
    let Some(body) = &mut r.body else {
        return Err("it has no body".to_string());
    };
    let mut statements = std::mem::take(&mut body.statements);
    let Some(last) = statements.pop() else {
        return Err("its body is empty".to_string());
    };
    for s in &statements {
        if let StmtKind::Sql(sql) = &s.kind
            && sql.into.is_some()
        {
            return Err("SELECT … INTO (a new table) in its body".to_string());
        }
    }
    // Queries before the last one only run (their rows are thrown away).
    let mut out: Vec<Stmt> = statements
        .into_iter()
        .map(|s| match s.kind {
            StmtKind::Sql(sql) if is_query(&sql) => Stmt {
                kind: StmtKind::Perform(sql),
                ..s
            },
            kind => Stmt { kind, ..s },
        })
        .collect();
    let span = last.span;
    let labels = last.labels;
    let stmt = |kind| Stmt {
        span: Span::default(),
        labels: Vec::new(),
        kind,
    };
    let how = match (last.kind, result) {
        (StmtKind::Sql(sql), _) if sql.into.is_some() => {
            return Err("SELECT … INTO (a new table) in its body".to_string());
        }
        (StmtKind::Sql(sql), Gives::Nothing) => {
            out.push(Stmt {
                span,
                labels,
                kind: if is_query(&sql) {
                    StmtKind::Perform(sql)
                } else {
                    StmtKind::Sql(sql)
                },
            });
            "its statements run in order"
        }
        (StmtKind::Sql(sql), Gives::Rows) if is_query(&sql) => {
            out.push(Stmt {
                span,
                labels,
                kind: StmtKind::ReturnQuery {
                    query: Some(sql),
                    dynamic: None,
                    using: Vec::new(),
                },
            });
            "its last query gives the rows"
        }
        (StmtKind::Sql(_), Gives::Rows) => {
            return Err("its last statement is not a query (RETURNING rows of a set-returning function have no cursor form)".to_string());
        }
        (StmtKind::Sql(mut sql), Gives::Value { declarable }) => {
            if let Some(e) = lone_value(&sql) {
                out.push(Stmt {
                    span,
                    labels,
                    kind: StmtKind::Return(Some(pl_expr(e))),
                });
                "RETURN of its expression"
            } else if is_query(&sql) {
                if !name_the_column(&mut sql) {
                    return Err("its last query does not give one column".to_string());
                }
                sql.span = Span::default();
                let value = ora_expr(&format!("{ROW}.{VALUE}")).map(pl_expr);
                let null = ora_expr("NULL").map(pl_expr);
                out.push(Stmt {
                    span,
                    labels,
                    kind: StmtKind::ForCursor {
                        record: Name {
                            text: ROW.to_string(),
                            span: Span::default(),
                        },
                        source: CursorSource::Query(sql),
                        body: vec![stmt(StmtKind::Return(value))],
                    },
                });
                out.push(stmt(StmtKind::Return(null)));
                "RETURN of the first row of its last query, NULL when it finds none (as PostgreSQL)"
            } else if returning_one(&sql) {
                if !declarable {
                    return Err("its result comes from RETURNING into a string type without a length (the PL/SQL variable needs one)".to_string());
                }
                let Some(ty) = r.returns.clone() else {
                    return Err("it has no return type".to_string());
                };
                let Some(target) = ora_expr(RESULT) else {
                    return Err("a sqlport bug: the result variable".to_string());
                };
                // Printed from its AST, with the `INTO` (its text has none).
                sql.span = Span::default();
                sql.into = Some(Into {
                    span: Span::default(),
                    bulk_collect: false,
                    strict: false,
                    targets: vec![pl_expr(target)],
                });
                out.push(Stmt {
                    span,
                    labels,
                    kind: StmtKind::Sql(sql),
                });
                out.push(stmt(StmtKind::Return(ora_expr(RESULT).map(pl_expr))));
                body.declarations.push(Declaration::Variable {
                    span: Span::default(),
                    name: Name {
                        text: RESULT.to_string(),
                        span: Span::default(),
                    },
                    constant: false,
                    ty,
                    not_null: false,
                    default: None,
                });
                "RETURN of the value its last statement's RETURNING gives"
            } else {
                return Err(
                    "its last statement gives no value (a data change without RETURNING of one column)"
                        .to_string(),
                );
            }
        }
        (StmtKind::Return(Some(e)), Gives::Value { .. }) => {
            out.push(Stmt {
                span,
                labels,
                kind: StmtKind::Return(Some(e)),
            });
            "RETURN of its expression"
        }
        (StmtKind::Return(_), _) => {
            return Err("a RETURN body on a routine that returns no single value".to_string());
        }
        _ => return Err("a statement it cannot read".to_string()),
    };
    body.statements = out;
    Ok(how)
}

/// The kind of result `r` gives, or why it has no DMSQL form here.
fn result_of(r: &Routine) -> Result<Gives, String> {
    if r.kind == RoutineKind::Procedure {
        return Ok(Gives::Nothing);
    }
    if r.params
        .iter()
        .any(|p| matches!(p.mode, ParamMode::Out | ParamMode::InOut))
    {
        return Err("OUT parameters (its result row)".to_string());
    }
    let Some(t) = &r.returns else {
        return Err("it has no return type".to_string());
    };
    match &t.kind {
        TypeRefKind::SetOf(_) | TypeRefKind::Table(_) => Ok(Gives::Rows),
        TypeRefKind::Data(d) => {
            use sqlparser::ast::DataType as D;
            let text = d.to_string().to_ascii_uppercase();
            if text == "VOID" {
                return Ok(Gives::Nothing);
            }
            match d {
                // A table's row type, a domain or `record`.
                D::Custom(..) => Err(format!(
                    "its result is of type {text} (a row type, a domain or record, which needs a declared PL/SQL type)"
                )),
                D::Varchar(None)
                | D::CharacterVarying(None)
                | D::Char(None)
                | D::Character(None)
                | D::Text => Ok(Gives::Value { declarable: false }),
                _ => Ok(Gives::Value { declarable: true }),
            }
        }
        _ => Err("its result is of a named type".to_string()),
    }
}

/// Names unnamed parameters `sqlport_argN` and replaces each `$n` with the
/// `n`th parameter's name.
fn name_parameters(r: &mut Routine) -> Result<(), String> {
    let Some(body) = &mut r.body else {
        return Ok(());
    };
    // Names the body uses on their own (columns or parameters).
    let mut used: Vec<String> = Vec::new();
    let mut positional: Vec<usize> = Vec::new();
    let mut seen = Names {
        on_expr: &mut |e: &mut Expr| {
            match e {
                Expr::Identifier(i) => used.push(i.value.to_ascii_lowercase()),
                Expr::Value(ValueWithSpan {
                    value: Value::Placeholder(p),
                    ..
                }) => {
                    if let Some(n) = p.strip_prefix('$').and_then(|n| n.parse().ok()) {
                        positional.push(n);
                    }
                }
                _ => {}
            }
            false
        },
        changed: false,
    };
    crate::ast::visit::walk_block(&mut seen, body);
    if positional.is_empty() {
        return Ok(());
    }
    let mut names = Vec::new();
    for (k, p) in r.params.iter_mut().enumerate() {
        let name = match &p.name {
            Some(n) => {
                if positional.contains(&(k + 1)) && used.contains(&n.text.to_ascii_lowercase()) {
                    return Err(format!(
                        "${} names parameter {}, whose name the body also uses (a column of that name would take its place)",
                        k + 1,
                        n.text
                    ));
                }
                n.text.clone()
            }
            None => {
                let text = format!("sqlport_arg{}", k + 1);
                p.name = Some(Name {
                    text: text.clone(),
                    span: Span::default(),
                });
                p.span = Span::default();
                text
            }
        };
        names.push(name);
    }
    if let Some(n) = positional.iter().find(|n| **n == 0 || **n > names.len()) {
        return Err(format!("${n} names no parameter"));
    }
    let mut rename = Names {
        on_expr: &mut |e: &mut Expr| {
            if let Expr::Value(ValueWithSpan {
                value: Value::Placeholder(p),
                ..
            }) = e
                && let Some(name) = p
                    .strip_prefix('$')
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| names.get(n.wrapping_sub(1)))
            {
                *e = Expr::Identifier(Ident::new(name.clone()));
                return true;
            }
            false
        },
        changed: false,
    };
    crate::ast::visit::walk_block(&mut rename, body);
    Ok(())
}

/// Runs `on_expr` on every SQL expression of a body (PL expressions and
/// embedded statements); clears the span of what it changed.
struct Names<'f> {
    on_expr: &'f mut dyn FnMut(&mut Expr) -> bool,
    changed: bool,
}

impl VisitMut for Names<'_> {
    fn expr(&mut self, e: &mut PlExpr) {
        if each_expr(&mut *e.expr, self.on_expr) {
            e.span = Span::default();
            self.changed = true;
        }
    }

    fn sql(&mut self, sql: &mut EmbeddedSql) {
        if each_expr(sql.statement.as_mut(), self.on_expr) {
            sql.span = Span::default();
            self.changed = true;
        }
    }
}

fn each_expr<V: sqlparser::ast::VisitMut>(
    node: &mut V,
    f: &mut dyn FnMut(&mut Expr) -> bool,
) -> bool {
    let mut changed = false;
    let _ = visit_expressions_mut(node, |e| {
        changed |= f(e);
        ControlFlow::<()>::Continue(())
    });
    changed
}

/// Whether the statement is a query.
fn is_query(sql: &EmbeddedSql) -> bool {
    matches!(sql.statement.as_ref(), Statement::Query(_))
}

/// The `expr` of a `SELECT expr` without `FROM` or other clauses and
/// without a subquery (PL/SQL reads no subquery in an expression).
fn lone_value(sql: &EmbeddedSql) -> Option<Expr> {
    let Statement::Query(q) = sql.statement.as_ref() else {
        return None;
    };
    if q.with.is_some() || q.order_by.is_some() || q.limit_clause.is_some() || q.fetch.is_some() {
        return None;
    }
    let SetExpr::Select(s) = q.body.as_ref() else {
        return None;
    };
    if !s.from.is_empty()
        || s.selection.is_some()
        || s.having.is_some()
        || s.distinct.is_some()
        || s.projection.len() != 1
    {
        return None;
    }
    let e = match &s.projection[0] {
        SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => e.clone(),
        _ => return None,
    };
    let mut e2 = e.clone();
    let mut subquery = false;
    each_expr(&mut e2, &mut |x| {
        subquery |= matches!(
            x,
            Expr::Subquery(_)
                | Expr::Exists { .. }
                | Expr::In {
                    target: sqlparser::ast::InTarget::Subquery(_),
                    ..
                }
        );
        false
    });
    (!subquery).then_some(e)
}

/// Names the one column of a query `sqlport_value` (in its first `SELECT`,
/// which names the columns of a `UNION`); false when it has not one column.
fn name_the_column(sql: &mut EmbeddedSql) -> bool {
    let Statement::Query(q) = sql.statement.as_mut() else {
        return false;
    };
    let mut body = q.body.as_mut();
    loop {
        match body {
            SetExpr::SetOperation { left, .. } => body = left.as_mut(),
            SetExpr::Query(inner) => body = inner.body.as_mut(),
            SetExpr::Select(s) => {
                if s.projection.len() != 1 {
                    return false;
                }
                let expr = match &s.projection[0] {
                    SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                        e.clone()
                    }
                    _ => return false,
                };
                s.projection[0] = SelectItem::ExprWithAlias {
                    expr,
                    alias: Ident::new(VALUE),
                };
                return true;
            }
            _ => return false,
        }
    }
}

/// Whether the statement is an `INSERT|UPDATE|DELETE … RETURNING` of one
/// value.
fn returning_one(sql: &EmbeddedSql) -> bool {
    let returning = match sql.statement.as_ref() {
        Statement::Insert(i) => i.returning.as_ref(),
        Statement::Update(u) => u.returning.as_ref(),
        Statement::Delete(d) => d.returning.as_ref(),
        _ => None,
    };
    returning.is_some_and(|r| {
        r.len() == 1
            && matches!(
                r[0],
                SelectItem::UnnamedExpr(_) | SelectItem::ExprWithAlias { .. }
            )
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    fn dameng(input: &str) -> String {
        translated(input, &Options::new(Source::Postgres, Target::Dameng))
    }

    #[test]
    fn scalar_sql_functions_return_their_value() {
        insta::assert_snapshot!(dameng(
            "-- 年龄（岁）\nCREATE OR REPLACE FUNCTION fn_age_years(p_birth date) RETURNS integer\nLANGUAGE sql IMMUTABLE STRICT AS $$\n  SELECT CAST(EXTRACT(YEAR FROM p_birth) AS integer)\n$$;\n\n-- 病区名称\nCREATE FUNCTION fn_ward_name(varchar) RETURNS varchar AS $$\n  SELECT ward_name FROM ward WHERE ward_code = $1;\n$$ LANGUAGE sql STABLE;\n\nCREATE FUNCTION fn_inpatient_count(p_ward varchar) RETURNS bigint\n  LANGUAGE sql STABLE\nBEGIN ATOMIC\n  SELECT count(*) FROM inpatient WHERE ward_code = p_ward AND discharge_time IS NULL;\nEND;\n\nCREATE FUNCTION fn_bmi(p_weight numeric, p_height numeric) RETURNS numeric\n  LANGUAGE sql IMMUTABLE\n  RETURN round(p_weight / (p_height * p_height), 1);\n"
        ));
    }

    #[test]
    fn set_returning_and_void_sql_functions() {
        insta::assert_snapshot!(dameng(
            "CREATE FUNCTION fn_ward_beds(p_ward varchar) RETURNS SETOF bed LANGUAGE sql STABLE AS $$\n  SELECT * FROM bed WHERE ward_code = p_ward ORDER BY bed_no\n$$;\n\nCREATE FUNCTION fn_close_visit(p_visit bigint) RETURNS void LANGUAGE sql AS $$\n  UPDATE visit SET status = 'C' WHERE visit_id = p_visit;\n  DELETE FROM bed_lock WHERE visit_id = p_visit;\n$$;\n\nCREATE FUNCTION fn_next_visit_no(p_patient bigint) RETURNS integer LANGUAGE sql AS $$\n  UPDATE patient SET visit_count = visit_count + 1 WHERE patient_id = $1;\n  SELECT visit_count FROM patient WHERE patient_id = $1;\n$$;\n\nCREATE FUNCTION fn_new_order(p_visit bigint, p_item varchar) RETURNS bigint LANGUAGE sql AS $$\n  INSERT INTO med_order (visit_id, item_code) VALUES (p_visit, p_item) RETURNING order_id;\n$$;\n"
        ));
    }

    #[test]
    fn sql_functions_without_a_dmsql_form_are_kept() {
        insta::assert_snapshot!(dameng(
            "CREATE FUNCTION fn_patient(bigint) RETURNS patient LANGUAGE sql AS $$\n  SELECT * FROM patient WHERE patient_id = $1\n$$;\n\nCREATE FUNCTION fn_status(status varchar) RETURNS bigint LANGUAGE sql AS $$\n  SELECT count(*) FROM visit WHERE status = $1\n$$;\n\nCREATE FUNCTION fn_touch(p_id bigint) RETURNS integer LANGUAGE sql AS $$\n  UPDATE visit SET touched = now() WHERE visit_id = p_id\n$$;\n\nCREATE FUNCTION fn_top_drugs(p_n integer) RETURNS TABLE (drug_code varchar, used numeric) LANGUAGE sql STABLE AS $$\n  SELECT drug_code, sum(qty) FROM pharmacy_issue GROUP BY drug_code\n   ORDER BY 2 DESC FETCH FIRST p_n ROWS WITH TIES\n$$;\n"
        ));
    }
}
