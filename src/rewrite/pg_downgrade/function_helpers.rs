//! `pg-function-helpers`: built-in functions of PostgreSQL 13 and 14 that
//! have an exact helper on older kernels — `trim_scale`, `min_scale` (13),
//! `date_bin`, `trim_array`, `bit_count` (14).
//!
//! **What it does.** Where the target's kernel lacks the function, each
//! call is pointed at a helper of the same name and arguments in the
//! `sqlport` schema (`grammar/helpers/postgres/<name>.sql`), defined at the
//! top of the output only when used: `date_bin('15 minutes', t, o)` →
//! `sqlport.date_bin('15 minutes', t, o)`. Only the name changes.
//!
//! **Why.** The helpers compute what the built-ins compute, from functions
//! PostgreSQL 12 has, with the same overloads (`date_bin` for `timestamp`
//! and `timestamptz`, `bit_count` for `bytea` and bit strings), the same
//! NULL results and the same errors (SQLSTATE and message): `trim_scale`
//! trims the exact text form of the numeric; `date_bin` counts whole
//! microseconds from the origin and rounds towards −infinity before it, as
//! 16 and later do (14 and 15 before their fix round towards the origin);
//! `trim_array` slices the first dimension. Checked against PostgreSQL 17
//! on 12 (tests/pg_source.rs, `his_ward_stats_pg17.sql`).
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! SELECT date_bin('8 hours', duty_start, TIMESTAMP '2024-01-01') FROM duty_roster;
//! SELECT sqlport.date_bin('8 hours', duty_start, TIMESTAMP '2024-01-01') FROM duty_roster;
//! ```
//!
//! **Findings.** `SP0420` (info) the first time a helper is needed.

use super::{Context, Pass, calls, edit, missing, unit_tokens};
use crate::rewrite::helpers::Helper;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct FunctionHelpers;

/// (feature of `grammar/pg_features.toml`, function, helper).
const FUNCTIONS: [(&str, &str, Helper); 5] = [
    ("trim_scale", "trim_scale", Helper::TrimScale),
    ("trim_scale", "min_scale", Helper::MinScale),
    ("date_bin", "date_bin", Helper::DateBin),
    ("trim_array", "trim_array", Helper::TrimArray),
    ("bit_count", "bit_count", Helper::BitCount),
];

impl Pass for FunctionHelpers {
    fn name(&self) -> &'static str {
        "pg-function-helpers"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for (feature, name, helper) in FUNCTIONS {
            if !missing(cx, feature) {
                continue;
            }
            for unit in script.units_mut() {
                let toks = unit_tokens(text, unit);
                for i in calls(&toks, name) {
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

    const SQL: &str = "-- 值班时段分箱、费用去零、最近体征、标志位计数\nSELECT date_bin('8 hours', duty_start, TIMESTAMP '2024-01-01 00:00') AS shift_bin,\n       trim_scale(fee_amount) AS fee, min_scale(fee_amount) AS digits,\n       trim_array(vital_scores, 1) AS earlier_scores,\n       bit_count(alert_flags) AS alerts\n  FROM duty_roster;\n";

    #[test]
    fn helpers_before_14() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
        // 14 has date_bin, trim_array and bit_count, and 13's trim_scale.
        assert_eq!(crate::translate(SQL, &highgo(14)).sql, SQL);
    }
}
