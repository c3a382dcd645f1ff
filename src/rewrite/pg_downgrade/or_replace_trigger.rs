//! `pg-or-replace-trigger`: `CREATE OR REPLACE TRIGGER` before PostgreSQL 14.
//!
//! **What it does.** `CREATE OR REPLACE [CONSTRAINT] TRIGGER name … ON table …`
//! becomes `DROP TRIGGER IF EXISTS name ON table;` followed by
//! `CREATE [CONSTRAINT] TRIGGER name … ON table …`, in the same unit.
//!
//! **Why.** `OR REPLACE` for triggers arrives in PostgreSQL 14; before, a
//! second `CREATE TRIGGER` of the same name fails. Dropping first gives the
//! same end state (the two statements are not atomic outside a transaction).
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! CREATE OR REPLACE TRIGGER trg_stock_touch BEFORE UPDATE ON drug_stock
//!     FOR EACH ROW EXECUTE FUNCTION trg_touch_updated_at();
//! DROP TRIGGER IF EXISTS trg_stock_touch ON drug_stock;
//! CREATE TRIGGER trg_stock_touch BEFORE UPDATE ON drug_stock
//!     FOR EACH ROW EXECUTE FUNCTION trg_touch_updated_at();
//! ```
//!
//! **Findings.** `SP0480` (info) at `CREATE OR REPLACE`.

use super::{Context, Pass, between, downgraded, edit, missing, unit_tokens};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct OrReplaceTrigger;

impl Pass for OrReplaceTrigger {
    fn name(&self) -> &'static str {
        "pg-or-replace-trigger"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, "create_or_replace_trigger") {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            let [create, or, replace, rest @ ..] = &toks[..] else {
                continue;
            };
            if !(create.is("CREATE") && or.is("OR") && replace.is("REPLACE")) {
                continue;
            }
            let trigger = if rest.first().is_some_and(|t| t.is("CONSTRAINT")) {
                4
            } else {
                3
            };
            if !toks.get(trigger).is_some_and(|t| t.is("TRIGGER")) {
                continue;
            }
            let Some(name) = toks.get(trigger + 1) else {
                continue;
            };
            // The table: the words (and dots) after the first ON.
            let Some(on) = (trigger + 2..toks.len()).find(|&i| toks[i].is("ON")) else {
                continue;
            };
            let mut end = on + 1;
            while toks.get(end + 1).is_some_and(|t| t.punct('.')) && end + 2 < toks.len() {
                end += 2;
            }
            if end >= toks.len() {
                continue;
            }
            let table = between(&toks, on + 1, end).slice(text);
            let span = Span::new(create.span.start, replace.span.end);
            let replacement = format!("DROP TRIGGER IF EXISTS {} ON {table};\nCREATE", name.text);
            if edit(unit, span, replacement) {
                downgraded(
                    cx,
                    span,
                    "create_or_replace_trigger",
                    "became DROP TRIGGER IF EXISTS + CREATE TRIGGER",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    #[test]
    fn drop_and_create_before_14() {
        let sql = "-- 库存修改时间\nCREATE OR REPLACE TRIGGER trg_stock_touch\n    BEFORE UPDATE OF qty ON pharm.drug_stock\n    FOR EACH ROW EXECUTE FUNCTION trg_touch_updated_at();\n";
        insta::assert_snapshot!(translated(sql, &highgo(12)));
        assert_eq!(crate::translate(sql, &highgo(14)).sql, sql);
    }
}
