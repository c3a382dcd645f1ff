//! `assert`: PL/pgSQL `ASSERT cond [, message]` becomes
//! `IF NOT (cond) THEN RAISE_APPLICATION_ERROR(-20004, message); END IF;`.
//!
//! **What it does.** The condition is tested with `IF NOT (cond)`, so that
//! it is evaluated once; the error number is that of SQLSTATE `P0004`
//! (`assert_failure`) in `[[application_errors]]`.
//!
//! **Why.** DMSQL has no `ASSERT` statement (dameng.md, DMSQL: PL/SQL
//! syntax); PostgreSQL raises `assert_failure` when the condition is false
//! or NULL (unless `plpgsql.check_asserts` is off).
//!
//! **Example.**
//! ```sql
//! ASSERT fn_level_name(3) = '三级手术', '分级名称错误';
//! IF NOT (fn_level_name(3) = '三级手术') THEN
//!   RAISE_APPLICATION_ERROR(-20004, '分级名称错误');
//! END IF;
//! ```
//!
//! **Findings.** None: the meaning is kept (a NULL condition passes on DM;
//! PostgreSQL failed it).

use sqlparser::ast::{Expr, UnaryOperator};

use super::{ora_expr, pl_expr};
use crate::ast::Script;
use crate::ast::procedural::*;
use crate::ast::visit::VisitMut;
use crate::catalog::oracle_errors;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Assert;

impl Pass for Assert {
    fn name(&self) -> &'static str {
        "assert"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        super::rewrite_programs::<Rewriter>(script, cx);
    }
}

/// Whether it changed anything.
#[derive(Default)]
struct Rewriter(bool);

impl super::ProgramRewriter for Rewriter {
    fn finish(self) -> (bool, Vec<crate::report::Finding>) {
        (self.0, Vec::new())
    }
}

impl VisitMut for Rewriter {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            let StmtKind::Assert { condition, message } = &s.kind else {
                continue;
            };
            let number = oracle_errors()
                .application_error("P0004")
                .map_or(-20000, |a| a.number);
            let message = message
                .as_ref()
                .map_or_else(|| "'assertion failed'".to_string(), |m| m.expr.to_string());
            let Some(raise) = ora_expr(&format!("RAISE_APPLICATION_ERROR({number}, {message})"))
            else {
                continue;
            };
            let negated = Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr: Box::new(Expr::Nested(condition.expr.clone())),
            };
            s.kind = StmtKind::If {
                branches: vec![Branch {
                    condition: pl_expr(negated),
                    body: vec![Stmt {
                        span: s.span,
                        labels: Vec::new(),
                        kind: StmtKind::Call(pl_expr(raise)),
                    }],
                }],
                otherwise: None,
            };
            self.0 = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn assert_becomes_if_and_raise() {
        insta::assert_snapshot!(translated(
            "DO $$\nBEGIN\n    ASSERT (SELECT count(*) FROM op_room) > 0, '手术间字典为空';\n    ASSERT 1 + 1 = 2;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
