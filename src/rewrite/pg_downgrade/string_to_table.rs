//! `pg-string-to-table`: `string_to_table()` before PostgreSQL 14.
//!
//! **What it does.** `string_to_table(s, d [, n])` becomes
//! `unnest(string_to_array(s, d [, n]))`: the arguments stay as written.
//!
//! **Why.** `string_to_table` arrives in PostgreSQL 14; it returns the
//! pieces `string_to_array` returns for the same arguments (the same
//! delimiter rules, `NULL` for pieces equal to `n`), as a set, in order —
//! which is what `unnest` of that array gives, `WITH ORDINALITY` included.
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! SELECT code FROM string_to_table('CBC,ELEC,CTNI', ',') AS code;
//! SELECT code FROM unnest(string_to_array('CBC,ELEC,CTNI', ',')) AS code;
//! ```
//!
//! **Findings.** `SP0480` (info) at each call.

use super::{Context, Pass, calls, closing, downgraded, edit, missing, unit_tokens};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct StringToTable;

impl Pass for StringToTable {
    fn name(&self) -> &'static str {
        "pg-string-to-table"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, "string_to_table") {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            for i in calls(&toks, "string_to_table") {
                let Some(close) = closing(&toks, i + 1) else {
                    continue;
                };
                if edit(unit, toks[i].span, "unnest(string_to_array")
                    && edit(unit, Span::empty(toks[close].span.end), ")")
                {
                    downgraded(
                        cx,
                        toks[i].span,
                        "string_to_table",
                        "became unnest(string_to_array(…))",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    #[test]
    fn unnest_of_string_to_array_before_14() {
        let sql = "-- 申请项目编码拆分\nSELECT t.code, t.n FROM string_to_table('CBC,ELEC,,CTNI', ',', '') WITH ORDINALITY AS t(code, n);\n";
        insta::assert_snapshot!(translated(sql, &highgo(12)));
        assert_eq!(crate::translate(sql, &highgo(14)).sql, sql);
    }
}
