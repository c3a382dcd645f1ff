//! `perform`: PL/pgSQL `PERFORM` becomes a procedure call or a cursor loop
//! that throws its rows away.
//!
//! **What it does.** A `PERFORM` whose query is a single call of a routine
//! the script declares `RETURNS void` (which `routine-shell` turns into a
//! procedure) becomes the procedure call statement. Any other `PERFORM q`
//! becomes `FOR sqlport_r IN (q) LOOP NULL; END LOOP;` (with `FROM dual`
//! when `q` has no `FROM`): the query runs, its rows (and the locks of
//! `FOR UPDATE`) are taken, and nothing is kept, as `PERFORM` did.
//!
//! **Why.** PL/SQL has no `PERFORM`, and a `SELECT` in PL/SQL needs `INTO`
//! (which would raise `NO_DATA_FOUND`/`TOO_MANY_ROWS`); a cursor loop runs
//! a query for any number of rows without a variable to declare.
//!
//! A `GET DIAGNOSTICS v = ROW_COUNT` right after such a `PERFORM` makes the
//! loop count the rows into `v` (`v := 0;` before, `v := v + 1;` in it): a
//! cursor loop does not set `SQL%ROWCOUNT`.
//!
//! **Example.**
//! ```sql
//! PERFORM pr_write_audit('discharge', p_visit_id);
//! PERFORM 1 FROM bed WHERE bed_id = p_bed_id FOR UPDATE;
//! -- becomes
//! pr_write_audit('discharge', p_visit_id);
//! FOR sqlport_r IN (SELECT 1 FROM bed WHERE bed_id = p_bed_id FOR UPDATE) LOOP
//!   NULL;
//! END LOOP;
//! ```
//!
//! **Findings.** `SP0214` (error) a `PERFORM` of a function of the script
//! that changes data (`INSERT`/`UPDATE`/`DELETE`): DM, like Oracle, may
//! refuse DML in a function called from a query.

use std::collections::BTreeSet;

use sqlparser::ast::{Expr, SelectItem, SetExpr, Statement};
use sqlparser::dialect::OracleDialect;
use sqlparser::parser::Parser;

use super::pl_expr;
use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Script};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Perform;

impl Pass for Perform {
    fn name(&self) -> &'static str {
        "perform"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let procedures = procedures(script);
        let modifying = modifying(script);
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let mut v = Rewriter {
                procedures: &procedures,
                modifying: &modifying,
                findings: Vec::new(),
                changed: false,
            };
            walk_program(&mut v, program);
            unit.rewritten |= v.changed;
            cx.findings.extend(v.findings);
        }
    }
}

/// The routines of the script that are procedures on the target: PostgreSQL
/// procedures and functions `RETURNS void`, by their last name part, lower-case.
fn procedures(script: &Script) -> BTreeSet<String> {
    script
        .units()
        .filter_map(|u| match &u.content {
            Content::Program(p) => match &p.unit {
                ProgramUnit::Routine(r) => Some(r),
                _ => None,
            },
            _ => None,
        })
        .filter(|r| {
            r.kind == RoutineKind::Procedure
                || r.returns.as_ref().is_some_and(|t| match &t.kind {
                    TypeRefKind::Data(d) => d.to_string().eq_ignore_ascii_case("void"),
                    TypeRefKind::Named(n) => n.text.eq_ignore_ascii_case("void"),
                    _ => false,
                })
        })
        .map(|r| last_part(&r.name.text))
        .collect()
}

/// The functions of the script whose body runs `INSERT`, `UPDATE` or `DELETE`.
fn modifying(script: &Script) -> BTreeSet<String> {
    struct Dml(bool);
    impl VisitMut for Dml {
        fn sql(&mut self, sql: &mut EmbeddedSql) {
            self.0 |= matches!(
                *sql.statement,
                Statement::Insert(_) | Statement::Update { .. } | Statement::Delete(_)
            );
        }
    }
    script
        .units()
        .filter_map(|u| match &u.content {
            Content::Program(p) => match &p.unit {
                ProgramUnit::Routine(r) if r.kind == RoutineKind::Function => Some(p),
                _ => None,
            },
            _ => None,
        })
        .filter_map(|p| {
            let mut p = (**p).clone();
            let mut v = Dml(false);
            walk_program(&mut v, &mut p);
            match (&p.unit, v.0) {
                (ProgramUnit::Routine(r), true) => Some(last_part(&r.name.text)),
                _ => None,
            }
        })
        .collect()
}

/// `FOR sqlport_r IN (q) LOOP NULL; END LOOP;`, with `FROM dual` added to a
/// query without `FROM`.
fn discard_loop(mut q: Box<EmbeddedSql>) -> StmtKind {
    if let Statement::Query(query) = q.statement.as_mut()
        && let SetExpr::Select(select) = query.body.as_mut()
        && select.from.is_empty()
        && let Some(dual) = dual()
    {
        select.from.push(dual);
    }
    q.span = Span::default();
    q.into = None;
    StmtKind::ForCursor {
        record: Name {
            text: "sqlport_r".to_string(),
            span: Span::default(),
        },
        source: CursorSource::Query(q),
        body: vec![Stmt {
            span: Span::default(),
            labels: Vec::new(),
            kind: StmtKind::Null,
        }],
    }
}

/// `FROM dual`, as sqlparser reads it.
fn dual() -> Option<sqlparser::ast::TableWithJoins> {
    let parsed = Parser::parse_sql(&OracleDialect {}, "SELECT 1 FROM dual").ok()?;
    match parsed.into_iter().next()? {
        Statement::Query(q) => match *q.body {
            SetExpr::Select(s) => s.from.into_iter().next(),
            _ => None,
        },
        _ => None,
    }
}

fn last_part(name: &str) -> String {
    name.rsplit('.')
        .next()
        .unwrap_or(name)
        .trim_matches('"')
        .to_lowercase()
}

struct Rewriter<'a> {
    procedures: &'a BTreeSet<String>,
    modifying: &'a BTreeSet<String>,
    findings: Vec<Finding>,
    changed: bool,
}

impl VisitMut for Rewriter<'_> {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            let StmtKind::Perform(q) = &s.kind else {
                continue;
            };
            let q = q.clone();
            match call_of(&q.statement) {
                Some(call) => {
                    let name = match &call {
                        Expr::Function(f) => last_part(&f.name.to_string()),
                        _ => String::new(),
                    };
                    if self.procedures.contains(&name) {
                        s.kind = StmtKind::Call(pl_expr(call));
                        self.changed = true;
                        continue;
                    }
                    if self.modifying.contains(&name) {
                        self.findings.push(Finding::new(
                            Code::SP0214,
                            s.span,
                            format!("PERFORM {name}(…): {name} changes data, and DM may refuse DML in a function called from a query; make it a procedure, or assign its value in PL (v := {name}(…);)"),
                        ));
                    }
                    s.kind = discard_loop(q);
                    self.changed = true;
                }
                None => {
                    s.kind = discard_loop(q);
                    self.changed = true;
                }
            }
        }
        count_rows(stmts);
    }
}

/// A `PERFORM` loop followed by `v := SQL%ROWCOUNT` (what `GET DIAGNOSTICS v
/// = ROW_COUNT` became): the loop counts the rows into `v` itself, since a
/// cursor loop does not set `SQL%ROWCOUNT`.
fn count_rows(stmts: &mut Vec<Stmt>) {
    let mut k = 0;
    while k + 1 < stmts.len() {
        let is_loop = matches!(&stmts[k].kind, StmtKind::ForCursor { record, .. } if record.text == "sqlport_r");
        let target = match &stmts[k + 1].kind {
            StmtKind::Assign { target, value }
                if value
                    .expr
                    .to_string()
                    .replace(' ', "")
                    .eq_ignore_ascii_case("SQL%ROWCOUNT") =>
            {
                Some(target.clone())
            }
            _ => None,
        };
        let (true, Some(target)) = (is_loop, target) else {
            k += 1;
            continue;
        };
        let name = target.expr.to_string();
        let (Some(zero), Some(plus_one)) = (
            super::ora_expr("0"),
            super::ora_expr(&format!("{name} + 1")),
        ) else {
            k += 1;
            continue;
        };
        stmts.remove(k + 1);
        if let StmtKind::ForCursor { body, .. } = &mut stmts[k].kind {
            *body = vec![Stmt {
                span: Span::default(),
                labels: Vec::new(),
                kind: StmtKind::Assign {
                    target: target.clone(),
                    value: pl_expr(plus_one),
                },
            }];
        }
        stmts.insert(
            k,
            Stmt {
                span: Span::default(),
                labels: Vec::new(),
                kind: StmtKind::Assign {
                    target,
                    value: pl_expr(zero),
                },
            },
        );
        k += 2;
    }
}

/// The call of `SELECT f(…)` without `FROM`.
fn call_of(statement: &Statement) -> Option<Expr> {
    let Statement::Query(q) = statement else {
        return None;
    };
    let SetExpr::Select(select) = q.body.as_ref() else {
        return None;
    };
    if !select.from.is_empty() || select.selection.is_some() || select.projection.len() != 1 {
        return None;
    }
    match select.projection.first() {
        Some(SelectItem::UnnamedExpr(e @ Expr::Function(_))) => Some(e.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn perform_of_a_void_function_is_a_call() {
        insta::assert_snapshot!(translated(
            "CREATE FUNCTION pr_write_audit(p_action varchar, p_id bigint) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n    INSERT INTO audit_log (action, ref_id) VALUES (p_action, p_id);\nEND $$;\nCREATE PROCEDURE pr_discharge(p_visit_id bigint) LANGUAGE plpgsql AS $$\nBEGIN\n    PERFORM pr_write_audit('discharge', p_visit_id);\n    PERFORM fn_calc_fee(p_visit_id);\n    PERFORM 1 FROM visit WHERE visit_id = p_visit_id FOR UPDATE;\nEND $$;\nCREATE FUNCTION fn_lock_orders(p_reg_id bigint) RETURNS integer LANGUAGE plpgsql AS $$\nDECLARE\n    v_cnt integer;\nBEGIN\n    PERFORM 1 FROM fee_order WHERE reg_id = p_reg_id AND status = 'unpaid' FOR UPDATE NOWAIT;\n    GET DIAGNOSTICS v_cnt = ROW_COUNT;\n    RETURN v_cnt;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
