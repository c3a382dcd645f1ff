//! `pg-regexp`: PostgreSQL 15's `regexp_count`, `regexp_instr`,
//! `regexp_like` and `regexp_substr` on older kernels.
//!
//! **What it does.** Before PostgreSQL 15, each call is pointed at a helper
//! of the same name and arguments in the `sqlport` schema
//! (`grammar/helpers/postgres/regexp_*.sql`), defined at the top of the
//! output: `regexp_count(code, '[0-9]')` → `sqlport.regexp_count(code,
//! '[0-9]')`. Only the name changes; arguments, layout and comments stay.
//!
//! **Why.** The four functions arrive in PostgreSQL 15 (release notes
//! E.x.3.1.5); HighGo's 12 and 14 kernels and Kingbase V8R6 lack them. The
//! helpers build them from `regexp_matches` and `regexp_split_to_array`,
//! which PostgreSQL 12 has, with the same argument order and defaults.
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! SELECT regexp_count(result_value, '[0-9]+') FROM lab_result;
//! SELECT sqlport.regexp_count(result_value, '[0-9]+') FROM lab_result;
//! ```
//!
//! **Findings.** `SP0420` (info) the first time a helper is needed;
//! `SP0245` (error) for `regexp_instr` with its seventh argument (the
//! sub-expression), which the helper does not offer.

use super::{
    Context, Pass, argument_count, between, calls, edit, missing, unit_tokens, unsupported,
};
use crate::rewrite::helpers::Helper;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Regexp;

const FUNCTIONS: [(&str, Helper); 4] = [
    ("regexp_count", Helper::RegexpCount),
    ("regexp_instr", Helper::RegexpInstr),
    ("regexp_like", Helper::RegexpLike),
    ("regexp_substr", Helper::RegexpSubstr),
];

impl Pass for Regexp {
    fn name(&self) -> &'static str {
        "pg-regexp"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for (name, helper) in FUNCTIONS {
            if !missing(cx, name) {
                continue;
            }
            for unit in script.units_mut() {
                let toks = unit_tokens(text, unit);
                for i in calls(&toks, name) {
                    if name == "regexp_instr" && argument_count(&toks, i + 1) > 6 {
                        let close = super::closing(&toks, i + 1).unwrap_or(i + 1);
                        unsupported(
                            cx,
                            between(&toks, i, close),
                            name,
                            "the sub-expression argument has no helper; find the group's position by hand",
                        );
                        continue;
                    }
                    if edit(unit, toks[i].span, helper.qualified()) {
                        cx.require_helper(helper, toks[i].span);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 检验结果中的数字个数、危急值标记\nSELECT regexp_count(result_value, '[0-9]+') AS nums,\n       regexp_like(alert_text, '危急', 'i') AS flagged,\n       regexp_substr(ref_text, '[0-9.]+', 1, 2) AS high,\n       regexp_instr(ref_text, '-') AS dash\n  FROM lab_result;\nSELECT regexp_instr(ref_text, '([0-9]+)', 1, 1, 0, '', 1) FROM lab_result;\n";

    #[test]
    fn helpers_before_15() {
        insta::assert_snapshot!(translated(SQL, &highgo(14)));
    }

    #[test]
    fn kept_from_15() {
        let out = crate::translate(SQL, &highgo(15));
        assert_eq!(out.sql, SQL);
    }
}
