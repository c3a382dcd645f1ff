//! `pipelined`: pipelined functions → set-returning functions.
//!
//! **What it does.** A function declared `RETURN t PIPELINED` becomes
//! `RETURNS SETOF e`, where `e` is the element type of the collection type
//! `t` (found among the script's `CREATE TYPE … AS TABLE OF`/`VARRAY` and
//! package types); each `PIPE ROW (x)` becomes `RETURN NEXT x`. In queries,
//! anywhere in the script, `TABLE(f(…))` becomes `f(…)` and `TABLE(v)` over
//! a collection variable becomes `unnest(v)`.
//!
//! **Why.** PostgreSQL has no `PIPELINED` and no `TABLE()` collection
//! operator; a set-returning function is called in `FROM` like a table, and
//! `RETURN NEXT` adds a row to its result as `PIPE ROW` does.
//!
//! **Example.**
//!
//! ```sql
//! FUNCTION stock_summary (p_dept_id NUMBER) RETURN t_stock_info PIPELINED IS
//! BEGIN … PIPE ROW (l_row); … RETURN; END;
//! SELECT * FROM TABLE(pkg_pharmacy.stock_summary(71));
//! -- becomes
//! FUNCTION stock_summary (p_dept_id NUMBER) RETURNS SETOF r_stock_info …
//! BEGIN … RETURN NEXT l_row; … RETURN; END;
//! SELECT * FROM pkg_pharmacy.stock_summary(71);
//! ```
//!
//! **Findings.** `SP0452` (info), once per pipelined function.

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, ObjectName, TableFactor,
    VisitMut as SqlVisitMut, VisitorMut,
};

use crate::ast::Content;
use crate::ast::procedural::{PlExpr, ProgramUnit, Routine, Stmt, StmtKind, TypeRef, TypeRefKind};
use crate::ast::visit::{VisitMut, walk_program};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::statements_mut;
use crate::rewrite::{Context, Pass};
use crate::source::Span;

use super::collection_types::CollectionTypes;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pipelined;

impl Pass for Pipelined {
    fn name(&self) -> &'static str {
        "pipelined"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let types = CollectionTypes::of(script, &super::context_scripts(cx));
        for unit in script.units_mut() {
            statements_mut(unit, &mut |s| {
                let mut v = TableOperator { changed: false };
                let _ = s.visit(&mut v);
                v.changed
            });
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let package = match &program.unit {
                ProgramUnit::Package(p) => Some(p.name.text.clone()),
                _ => None,
            };
            let mut v = Functions {
                types: &types,
                package,
                findings: Vec::new(),
            };
            walk_program(&mut v, program);
            if !v.findings.is_empty() {
                unit.rewritten = true;
            }
            cx.findings.append(&mut v.findings);
        }
    }
}

/// Rewrites pipelined routines and their `PIPE ROW`s.
struct Functions<'a> {
    types: &'a CollectionTypes,
    package: Option<String>,
    findings: Vec<Finding>,
}

impl VisitMut for Functions<'_> {
    fn routine(&mut self, r: &mut Routine) {
        let Some(at) = r
            .options
            .iter()
            .position(|o| o.text.eq_ignore_ascii_case("PIPELINED"))
        else {
            return;
        };
        let option = r.options.remove(at);
        if let Some(ret) = &mut r.returns {
            let elem = type_name(ret).and_then(|n| {
                self.types
                    .lookup(&n, self.package.as_deref())
                    .map(|c| c.elem.clone())
            });
            let inner = elem.unwrap_or_else(|| ret.clone());
            *ret = TypeRef {
                span: Span::default(),
                kind: TypeRefKind::SetOf(Box::new(inner)),
            };
        }
        if let Some(body) = &mut r.body {
            pipe_rows(&mut body.statements);
            for h in &mut body.handlers {
                pipe_rows(&mut h.body);
            }
        }
        self.findings.push(
            Finding::new(
                Code::SP0452,
                option.span,
                format!(
                    "pipelined function {} became a set-returning function (PIPE ROW → RETURN NEXT)",
                    r.name.text
                ),
            )
            .with_help("nothing to do; TABLE(f(…)) in queries became f(…)"),
        );
    }
}

/// The name of a user-defined type (read as a name, or by sqlparser as a
/// custom type).
pub(super) fn type_name(t: &TypeRef) -> Option<String> {
    match &t.kind {
        TypeRefKind::Named(n) => Some(n.text.clone()),
        TypeRefKind::Data(sqlparser::ast::DataType::Custom(name, modifiers))
            if modifiers.is_empty() =>
        {
            Some(name.to_string())
        }
        _ => None,
    }
}

/// `PIPE ROW (x)` → `RETURN NEXT x`, in every statement list (nested
/// routines are visited on their own).
fn pipe_rows(stmts: &mut [Stmt]) {
    for s in stmts {
        match &mut s.kind {
            StmtKind::PipeRow(e) => {
                // `PIPE ROW (x)` reads `(x)` as its own parentheses.
                let value = match &*e.expr {
                    Expr::Nested(inner) => PlExpr {
                        span: Span::default(),
                        expr: inner.clone(),
                    },
                    _ => e.clone(),
                };
                s.kind = StmtKind::ReturnNext(Some(value));
            }
            StmtKind::If {
                branches,
                otherwise,
            } => {
                for b in branches {
                    pipe_rows(&mut b.body);
                }
                if let Some(o) = otherwise {
                    pipe_rows(o);
                }
            }
            StmtKind::Case {
                whens, otherwise, ..
            } => {
                for b in whens {
                    pipe_rows(&mut b.body);
                }
                if let Some(o) = otherwise {
                    pipe_rows(o);
                }
            }
            StmtKind::Loop(body)
            | StmtKind::While { body, .. }
            | StmtKind::ForRange { body, .. }
            | StmtKind::ForCursor { body, .. }
            | StmtKind::Foreach { body, .. } => pipe_rows(body),
            StmtKind::Block(b) => {
                pipe_rows(&mut b.statements);
                for h in &mut b.handlers {
                    pipe_rows(&mut h.body);
                }
            }
            _ => {}
        }
    }
}

/// `TABLE(f(…))` → `f(…)`, `TABLE(v)` → `unnest(v)` in `FROM`.
struct TableOperator {
    changed: bool,
}

impl VisitorMut for TableOperator {
    type Break = ();

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
        let TableFactor::TableFunction { expr, alias } = factor else {
            return ControlFlow::Continue(());
        };
        let (name, args) = match expr {
            Expr::Function(f) => {
                let args = match &f.args {
                    FunctionArguments::List(list) => list.args.clone(),
                    FunctionArguments::None => Vec::new(),
                    FunctionArguments::Subquery(_) => return ControlFlow::Continue(()),
                };
                (f.name.clone(), args)
            }
            Expr::Identifier(_) | Expr::CompoundIdentifier(_) => (
                ObjectName::from(vec![Ident::new("unnest")]),
                vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(expr.clone()))],
            ),
            _ => return ControlFlow::Continue(()),
        };
        *factor = TableFactor::Function {
            lateral: false,
            name,
            args,
            alias: alias.clone(),
            with_ordinality: false,
        };
        self.changed = true;
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    fn translate(input: &str) -> String {
        let out = crate::translate(input, &Options::new(Source::Oracle, Target::Highgo));
        let findings: Vec<String> = out
            .report
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{}:{} {} {}",
                    f.start.line, f.start.column, f.code, f.message
                )
            })
            .collect();
        format!("{}\n---- findings\n{}", out.sql, findings.join("\n"))
    }

    #[test]
    fn pipelined_function_returns_setof_its_element_type() {
        let input = "CREATE OR REPLACE TYPE t_ward_bed AS OBJECT (ward_id NUMBER(10), bed_no VARCHAR2(10));\n/\nCREATE OR REPLACE TYPE t_ward_bed_list AS TABLE OF t_ward_bed;\n/\n-- 空床一览（管道函数）\nCREATE OR REPLACE FUNCTION fn_free_beds (p_ward_id IN NUMBER)\n  RETURN t_ward_bed_list PIPELINED\nIS\nBEGIN\n  FOR r IN (SELECT ward_id, bed_no FROM ip_bed WHERE ward_id = p_ward_id AND bed_status = '0') LOOP\n    PIPE ROW (t_ward_bed(r.ward_id, r.bed_no));\n  END LOOP;\n  RETURN;\nEND fn_free_beds;\n/\nSELECT b.bed_no FROM TABLE(fn_free_beds(3)) b;\n";
        let out = translate(input);
        assert!(out.contains("RETURNS SETOF t_ward_bed\n"), "{out}");
        assert!(out.contains("FROM fn_free_beds(3) b"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn element_types_from_another_file_print_from_the_ast() {
        let types = "CREATE OR REPLACE TYPE t_bed_rows AS TABLE OF ip_bed%ROWTYPE;\n/\n";
        let input = "CREATE OR REPLACE FUNCTION fn_beds RETURN t_bed_rows PIPELINED IS\nBEGIN\n  RETURN;\nEND;\n/\n";
        let out = crate::translate(
            input,
            &Options::new(Source::Oracle, Target::Highgo).with_context(vec![types.to_string()]),
        );
        assert!(out.sql.contains("RETURNS SETOF ip_bed\n"), "{}", out.sql);
    }

    #[test]
    fn table_over_a_collection_variable_becomes_unnest() {
        let input = "DECLARE\n  l_sum NUMBER;\nBEGIN\n  SELECT SUM(t.amount) INTO l_sum FROM TABLE(l_items) t;\nEND;\n/\n";
        let out = translate(input);
        assert!(out.contains("FROM unnest(l_items) t"), "{out}");
    }
}
