//! `perform`: PL/pgSQL `PERFORM f(…)` of a `void` function → the call `f(…);`.
//!
//! **What it does.** A `PERFORM` whose query is a single call of a routine
//! the script declares `RETURNS void` (which `routine-shell` turns into a
//! procedure) becomes the procedure call statement. Any other `PERFORM` is
//! kept and flagged.
//!
//! **Why.** PL/SQL has no `PERFORM`, and a `SELECT` in PL/SQL needs `INTO`;
//! a procedure is called as a statement.
//!
//! **Example.**
//! ```sql
//! PERFORM pr_write_audit('discharge', p_visit_id);
//! pr_write_audit('discharge', p_visit_id);
//! ```
//!
//! **Findings.** `SP0214` (error) a `PERFORM` of a query, or of a function
//! that returns a value or that the script does not declare.

use std::collections::BTreeSet;

use sqlparser::ast::{Expr, SelectItem, SetExpr, Statement};

use super::pl_expr;
use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Script};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Perform;

impl Pass for Perform {
    fn name(&self) -> &'static str {
        "perform"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let procedures = procedures(script);
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let mut v = Rewriter {
                procedures: &procedures,
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

fn last_part(name: &str) -> String {
    name.rsplit('.')
        .next()
        .unwrap_or(name)
        .trim_matches('"')
        .to_lowercase()
}

struct Rewriter<'a> {
    procedures: &'a BTreeSet<String>,
    findings: Vec<Finding>,
    changed: bool,
}

impl VisitMut for Rewriter<'_> {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            let StmtKind::Perform(q) = &s.kind else {
                continue;
            };
            match call_of(&q.statement) {
                Some(call) => {
                    let name = match &call {
                        Expr::Function(f) => last_part(&f.name.to_string()),
                        _ => String::new(),
                    };
                    if self.procedures.contains(&name) {
                        s.kind = StmtKind::Call(pl_expr(call));
                        self.changed = true;
                    } else {
                        self.findings.push(Finding::new(
                            Code::SP0214,
                            s.span,
                            format!("PERFORM {name}(…): the script does not declare {name} as returning void; assign its value to a variable"),
                        ));
                    }
                }
                None => self.findings.push(Finding::new(
                    Code::SP0214,
                    s.span,
                    "PERFORM of a query: write SELECT COUNT(*) INTO a variable (and test it where FOUND was tested)",
                )),
            }
        }
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
            "CREATE FUNCTION pr_write_audit(p_action varchar, p_id bigint) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n    INSERT INTO audit_log (action, ref_id) VALUES (p_action, p_id);\nEND $$;\nCREATE PROCEDURE pr_discharge(p_visit_id bigint) LANGUAGE plpgsql AS $$\nBEGIN\n    PERFORM pr_write_audit('discharge', p_visit_id);\n    PERFORM fn_calc_fee(p_visit_id);\n    PERFORM 1 FROM visit WHERE visit_id = p_visit_id FOR UPDATE;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
