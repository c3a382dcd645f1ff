//! `pipelined`: pipelined functions → set-returning functions.
//!
//! **What it does.** A function declared `RETURN t PIPELINED` becomes
//! `RETURNS SETOF e`, where `e` is the element type of the collection type
//! `t` (found among the script's `CREATE TYPE … AS TABLE OF`/`VARRAY` and
//! package types); each `PIPE ROW (x)` becomes `RETURN NEXT x`. In queries,
//! anywhere in the script, `TABLE(f(…))` becomes `f(…)`, `TABLE(g(…))`
//! over a function `g` that returns a whole collection (not pipelined)
//! becomes `unnest(g(…))`, and `TABLE(v)` over a collection variable
//! becomes `unnest(v)`.
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

use std::collections::HashSet;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, ObjectName, TableFactor,
    VisitMut as SqlVisitMut, VisitorMut,
};

use crate::ast::Content;
use crate::ast::procedural::{
    Declaration, PlExpr, ProgramUnit, Routine, RoutineKind, Stmt, StmtKind, TypeRef, TypeRefKind,
};
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
        let context = super::context_scripts(cx);
        let types = CollectionTypes::of(script, &context);
        let returning_collections = collection_functions(script, &context, &types);
        for unit in script.units_mut() {
            statements_mut(unit, &mut |s| {
                let mut v = TableOperator {
                    changed: false,
                    returning_collections: &returning_collections,
                };
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
            StmtKind::Block(b) => {
                pipe_rows(&mut b.statements);
                for h in &mut b.handlers {
                    pipe_rows(&mut h.body);
                }
            }
            kind => {
                for inner in kind.nested_lists_mut() {
                    pipe_rows(inner);
                }
            }
        }
    }
}

/// The functions (upper-cased, `PKG.F` for a package's) that return a
/// collection as one value rather than pipelining its rows: `TABLE(f(…))`
/// over them is `unnest(f(…))`.
fn collection_functions(
    script: &crate::ast::Script,
    context: &[crate::ast::Script],
    types: &CollectionTypes,
) -> HashSet<String> {
    let mut names = HashSet::new();
    let mut add = |r: &Routine, package: Option<&str>| {
        let pipelined = r
            .options
            .iter()
            .any(|o| o.text.eq_ignore_ascii_case("PIPELINED"));
        let returns_collection = r
            .returns
            .as_ref()
            .and_then(type_name)
            .is_some_and(|t| types.lookup(&t, package).is_some());
        if r.kind == RoutineKind::Function && !pipelined && returns_collection {
            let name = match package {
                Some(p) => format!("{p}.{}", r.name.text),
                None => r.name.text.clone(),
            };
            names.insert(name.to_ascii_uppercase());
        }
    };
    for unit in std::iter::once(script)
        .chain(context)
        .flat_map(crate::ast::Script::units)
    {
        let Content::Program(program) = &unit.content else {
            continue;
        };
        match &program.unit {
            ProgramUnit::Routine(r) => add(r, None),
            ProgramUnit::Package(p) => {
                for d in &p.declarations {
                    if let Declaration::Routine(r) = d {
                        add(r, Some(&p.name.text));
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// `TABLE(f(…))` → `f(…)` for a set-returning (pipelined) function,
/// `unnest(f(…))` for one returning a collection, `TABLE(v)` → `unnest(v)`,
/// in `FROM`.
struct TableOperator<'a> {
    changed: bool,
    returning_collections: &'a HashSet<String>,
}

impl VisitorMut for TableOperator<'_> {
    type Break = ();

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
        let TableFactor::TableFunction { expr, alias } = factor else {
            return ControlFlow::Continue(());
        };
        let (name, args) = match expr {
            Expr::Function(f)
                if self
                    .returning_collections
                    .contains(&f.name.to_string().to_ascii_uppercase()) =>
            {
                (
                    ObjectName::from(vec![Ident::new("unnest")]),
                    vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(expr.clone()))],
                )
            }
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

    /// Oracle → HighGo at the default kernel, with its findings.
    fn translate(input: &str) -> String {
        crate::rewrite::test_support::translated(input, &crate::rewrite::test_support::highgo())
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
    fn the_scripts_own_type_wins_over_the_same_in_the_context() {
        // 护理班次：CLI 把整个目录当上下文，脚本自己也在其中。
        let input = "CREATE OR REPLACE TYPE t_shift_list AS TABLE OF VARCHAR2(20);\n/\nCREATE OR REPLACE FUNCTION f_shifts (p_day IN DATE) RETURN t_shift_list PIPELINED IS\nBEGIN\n  PIPE ROW (TO_CHAR(p_day, 'YYYY-MM-DD') || ' 白班');\n  RETURN;\nEND f_shifts;\n/\n";
        let out = crate::translate(
            input,
            &Options::new(Source::Oracle, Target::Highgo).with_context(vec![input.to_string()]),
        );
        assert!(
            out.sql.contains("RETURNS SETOF VARCHAR(20)\n"),
            "{}",
            out.sql
        );
    }

    #[test]
    fn table_over_a_collection_variable_becomes_unnest() {
        let input = "DECLARE\n  l_sum NUMBER;\nBEGIN\n  SELECT SUM(t.amount) INTO l_sum FROM TABLE(l_items) t;\nEND;\n/\n";
        let out = translate(input);
        assert!(out.contains("FROM unnest(l_items) t"), "{out}");
    }

    #[test]
    fn table_over_a_function_returning_a_collection_becomes_unnest() {
        // 划价预览：函数整体返回集合（非管道），TABLE(f()) 要展开成行
        let input = "CREATE OR REPLACE TYPE t_fee_row AS OBJECT (item_code VARCHAR2(30), amount NUMBER(12,2));
/
CREATE OR REPLACE TYPE t_fee_rows AS TABLE OF t_fee_row;
/
CREATE OR REPLACE FUNCTION fn_preview_fees (p_reg_id IN NUMBER) RETURN t_fee_rows IS
  l_rows t_fee_rows := t_fee_rows();
BEGIN
  RETURN l_rows;
END;
/
SELECT t.item_code, t.amount FROM TABLE(fn_preview_fees(1001)) t;
";
        insta::assert_snapshot!(translate(input));
    }
}
