//! `hints`: Oracle optimizer hints are kept as comments and reported.
//!
//! **What it does.** Leaves every `/*+ … */` hint of a `SELECT`, `INSERT`,
//! `UPDATE`, `DELETE` or `MERGE` where it is (sqlparser keeps hints in the
//! AST, so they survive reprinting), and reports each one.
//!
//! **Why.** To PostgreSQL a hint is an ordinary comment: it runs, but does
//! nothing. The pg_hint_plan extension reads hints of another vocabulary, so
//! a plan Oracle was steered to (`INDEX`, `LEADING`, `USE_NL`, `PARALLEL`, …)
//! may not be the plan the target picks; performance-critical statements
//! deserve a look.
//!
//! **Example.**
//!
//! ```sql
//! SELECT /*+ INDEX(r idx_op_reg_date) */ COUNT(*) FROM op_reg r;  -- kept as written
//! ```
//!
//! **Findings.** `SP0430` (info) at each hint's statement.

use std::ops::ControlFlow;

use sqlparser::ast::{OptimizerHint, Select, Statement, Visit, Visitor};

use super::sql_walk::{locate, statements_at};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints;

impl Pass for Hints {
    fn name(&self) -> &'static str {
        "hints"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            let mut found = Vec::new();
            statements_at(unit, &mut |statement, base, _| {
                let mut v = Collect { hints: Vec::new() };
                let _ = statement.visit(&mut v);
                found.extend(
                    v.hints
                        .into_iter()
                        .map(|(hint, at)| (hint, locate(text, base, at))),
                );
                false
            });
            for (hint, span) in found {
                cx.findings.push(Finding::new(
                    Code::SP0430,
                    span,
                    format!(
                        "optimizer hint /*+{} */ kept as a comment: HighGo ignores it",
                        hint.text.trim_end()
                    ),
                ));
            }
        }
    }
}

struct Collect {
    hints: Vec<(OptimizerHint, sqlparser::tokenizer::Span)>,
}

impl Collect {
    fn add(&mut self, hints: &[OptimizerHint], at: sqlparser::tokenizer::Span) {
        self.hints.extend(hints.iter().map(|h| (h.clone(), at)));
    }
}

impl Visitor for Collect {
    type Break = ();

    fn pre_visit_select(&mut self, select: &Select) -> ControlFlow<()> {
        self.add(&select.optimizer_hints, select.select_token.0.span);
        ControlFlow::Continue(())
    }

    fn pre_visit_statement(&mut self, statement: &Statement) -> ControlFlow<()> {
        match statement {
            Statement::Insert(s) => self.add(&s.optimizer_hints, s.insert_token.0.span),
            Statement::Update(s) => self.add(&s.optimizer_hints, s.update_token.0.span),
            Statement::Delete(s) => self.add(&s.optimizer_hints, s.delete_token.0.span),
            Statement::Merge(s) => self.add(&s.optimizer_hints, s.merge_token.0.span),
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn hints_survive_and_are_reported() {
        // The MINUS forces a reprint: the hint must survive it.
        let sql = "SELECT /*+ INDEX(r idx_op_reg_date) */ r.reg_id FROM op_reg r
 MINUS
SELECT reg_id FROM op_refund;
UPDATE /*+ PARALLEL(c 4) */ op_charge c SET c.status = 'C' WHERE c.status = 'N';
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }
}
