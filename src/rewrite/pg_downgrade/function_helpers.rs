//! `pg-function-helpers`: built-in functions of PostgreSQL 13, 14 and 16
//! that have an exact helper on older kernels — `trim_scale`, `min_scale`
//! (13), `date_bin`, `trim_array`, `bit_count`, `unistr` (14), `array_shuffle`,
//! `array_sample` and `pg_input_is_valid` for a type without a modifier (16).
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
//! `trim_array` slices the first dimension; `unistr` decodes the four
//! escape forms and surrogate pairs into UTF-8 bytes converted to the
//! database encoding, with 14's errors (SQLSTATE, message, hint); `array_shuffle` and
//! `array_sample` draw each order with the same chance, keep (shuffle) or
//! renumber from 1 (sample) the bounds as 16 does; `pg_input_is_valid`
//! runs the cast in a block that turns a data error (class 22) or a
//! domain's check/not-null violation into `false`, and lets an unknown type
//! raise. Checked against PostgreSQL 17 on 12 (tests/pg_source.rs,
//! `his_ward_stats_pg17.sql`).
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! SELECT date_bin('8 hours', duty_start, TIMESTAMP '2024-01-01') FROM duty_roster;
//! SELECT sqlport.date_bin('8 hours', duty_start, TIMESTAMP '2024-01-01') FROM duty_roster;
//! ```
//!
//! **Findings.** `SP0420` (info) the first time a helper is needed;
//! `SP0245` (error) for `pg_input_is_valid` with a type that has a modifier
//! (`'varchar(10)'`: 16 checks the length, a cast truncates) or is not a
//! literal.

use super::{Context, Pass, Tok, between, calls, closing, edit, missing, unit_tokens, unsupported};
use crate::rewrite::helpers::Helper;
use crate::source::LexemeKind;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct FunctionHelpers;

/// (feature of `grammar/pg_features.toml`, function, helper).
const FUNCTIONS: [(&str, &str, Helper); 9] = [
    ("trim_scale", "trim_scale", Helper::TrimScale),
    ("trim_scale", "min_scale", Helper::MinScale),
    ("date_bin", "date_bin", Helper::DateBin),
    ("trim_array", "trim_array", Helper::TrimArray),
    ("bit_count", "bit_count", Helper::BitCount),
    ("unistr", "unistr", Helper::Unistr),
    (
        "array_sample_shuffle",
        "array_shuffle",
        Helper::ArrayShuffle,
    ),
    ("array_sample_shuffle", "array_sample", Helper::ArraySample),
    (
        "pg_input_is_valid",
        "pg_input_is_valid",
        Helper::PgInputIsValid,
    ),
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
                    if helper == Helper::PgInputIsValid
                        && let Err(why) = plain_type(&toks, i + 1)
                    {
                        let close = closing(&toks, i + 1).unwrap_or(i + 1);
                        unsupported(cx, between(&toks, i, close), feature, why);
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

/// Whether the second argument of the call whose `(` is at `open` is a
/// string literal naming a type without a modifier.
fn plain_type(toks: &[Tok<'_>], open: usize) -> Result<(), &'static str> {
    let close = closing(toks, open).ok_or("the call could not be read")?;
    let depth = toks[open].depth + 1;
    let comma = (open + 1..close)
        .find(|&k| toks[k].depth == depth && toks[k].punct(','))
        .ok_or("the call could not be read")?;
    match &toks[comma + 1..close] {
        [t] if t.kind == LexemeKind::String && !t.text.contains('(') => Ok(()),
        [t] if t.kind == LexemeKind::String => Err(
            "the type has a modifier, which 16 checks but the helper's cast would truncate or round",
        ),
        _ => Err(
            "the type is not a string literal, so whether it has a modifier (which 16 checks but the helper's cast would truncate or round) is not known",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 值班时段分箱、费用去零、最近体征、标志位计数\nSELECT date_bin('8 hours', duty_start, TIMESTAMP '2024-01-01 00:00') AS shift_bin,\n       trim_scale(fee_amount) AS fee, min_scale(fee_amount) AS digits,\n       trim_array(vital_scores, 1) AS earlier_scores,\n       bit_count(alert_flags) AS alerts,\n       unistr('\\4F4F\\9662') AS label\n  FROM duty_roster;\n";

    const SQL16: &str = "-- 抽查：随机抽两张床、随机排班顺序；导入数据校验\nSELECT array_sample(array_agg(bed_id), 2) AS spot_check, array_shuffle(array_agg(doctor_id)) AS call_order\n  FROM duty_roster;\nSELECT pg_input_is_valid(admit_text, 'date') AS ok_date, pg_input_is_valid(fee_text, 'numeric(8,2)') AS ok_fee,\n       pg_input_is_valid(v, t) AS ok_any\n  FROM import_row;\n";

    #[test]
    fn helpers_for_16_functions() {
        insta::assert_snapshot!(translated(SQL16, &highgo(15)));
    }

    #[test]
    fn helpers_before_14() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
        // 14 has date_bin, trim_array and bit_count, and 13's trim_scale.
        assert_eq!(crate::translate(SQL, &highgo(14)).sql, SQL);
    }
}
