//! Helper functions: Oracle built-ins a PostgreSQL kernel has no inline
//! equivalent for (`MONTHS_BETWEEN`, the end-of-month rule of `ADD_MONTHS`,
//! `INSTR` with a position or an occurrence, `NEXT_DAY`, …).
//!
//! A pass that needs one calls [`crate::rewrite::Context::require_helper`];
//! [`crate::translate`] then puts the definitions of the helpers the script
//! uses — and of the helpers those call — at the top of the output, once, in
//! dependency order, in a schema of ours ([`SCHEMA`]). The definitions are
//! data: `grammar/helpers/postgres/<name>.sql`, each written for PostgreSQL
//! 12 and later and marked `IMMUTABLE`, `STABLE` or `VOLATILE` for what it does. No
//! extension (orafce, uuid-ossp, pgcrypto) is assumed.

use std::collections::BTreeSet;

/// The schema the helpers are created in.
pub const SCHEMA: &str = "sqlport";

/// One helper function. The order of the variants is the order definitions
/// are printed in: a helper comes after every helper it calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Helper {
    /// `sqlport.last_day(timestamp)`: Oracle `LAST_DAY`, time of day kept.
    LastDay,
    /// `sqlport.add_months(timestamp, numeric)`: Oracle `ADD_MONTHS`, end-of-month rule.
    AddMonths,
    /// `sqlport.months_between(timestamp, timestamp)`: Oracle `MONTHS_BETWEEN`.
    MonthsBetween,
    /// `sqlport.next_day(timestamp, text)`: Oracle `NEXT_DAY`.
    NextDay,
    /// `sqlport.instr(text, text, integer, integer)`: Oracle `INSTR` with position and occurrence.
    Instr,
    /// `sqlport.sys_guid()`: Oracle `SYS_GUID` on kernels without `gen_random_uuid()` (12).
    SysGuid,
    /// `sqlport.regexp_count(…)`: PostgreSQL 15's `regexp_count` on older kernels.
    RegexpCount,
    /// `sqlport.regexp_instr(…)`: PostgreSQL 15's `regexp_instr` on older kernels.
    RegexpInstr,
    /// `sqlport.regexp_like(…)`: PostgreSQL 15's `regexp_like` on older kernels.
    RegexpLike,
    /// `sqlport.regexp_substr(…)`: PostgreSQL 15's `regexp_substr` on older kernels.
    RegexpSubstr,
    /// `sqlport.trim_scale(numeric)`: PostgreSQL 13's `trim_scale` on older kernels.
    TrimScale,
    /// `sqlport.min_scale(numeric)`: PostgreSQL 13's `min_scale` on older kernels.
    MinScale,
    /// `sqlport.date_bin(interval, timestamp[tz], timestamp[tz])`: PostgreSQL 14's `date_bin` on older kernels.
    DateBin,
    /// `sqlport.trim_array(anyarray, integer)`: PostgreSQL 14's `trim_array` on older kernels.
    TrimArray,
    /// `sqlport.bit_count(bytea | bit varying)`: PostgreSQL 14's `bit_count` on older kernels.
    BitCount,
    /// `sqlport.unistr(text)`: PostgreSQL 14's `unistr` on older kernels.
    Unistr,
    /// `sqlport.array_shuffle(anyarray)`: PostgreSQL 16's `array_shuffle` on older kernels.
    ArrayShuffle,
    /// `sqlport.array_sample(anyarray, integer)`: PostgreSQL 16's `array_sample` on older kernels.
    ArraySample,
    /// `sqlport.pg_input_is_valid(text, text)`: PostgreSQL 16's `pg_input_is_valid` (types without a modifier) on older kernels.
    PgInputIsValid,
    /// `sqlport.is_json(doc, kind, unique_keys)`: PostgreSQL 16's `IS JSON` on older kernels.
    IsJson,
    /// `sqlport.json_value(doc, path, vars, on_empty, on_error)`: PostgreSQL 17's `JSON_VALUE` on older kernels.
    JsonValue,
    /// `sqlport.json_query(doc, path, vars, wrapper, on_empty, on_error)`: PostgreSQL 17's `JSON_QUERY` on older kernels.
    JsonQuery,
    /// `sqlport.sqlcode(text)`: Oracle `SQLCODE` from the handled error's SQLSTATE.
    Sqlcode,
    /// `sqlport.sqlerrm(text, text)`: Oracle `SQLERRM` from the handled error's SQLSTATE and message.
    Sqlerrm,
}

impl Helper {
    /// Every helper, in printing order.
    pub const ALL: [Helper; 24] = [
        Helper::LastDay,
        Helper::AddMonths,
        Helper::MonthsBetween,
        Helper::NextDay,
        Helper::Instr,
        Helper::SysGuid,
        Helper::RegexpCount,
        Helper::RegexpInstr,
        Helper::RegexpLike,
        Helper::RegexpSubstr,
        Helper::TrimScale,
        Helper::MinScale,
        Helper::DateBin,
        Helper::TrimArray,
        Helper::BitCount,
        Helper::Unistr,
        Helper::ArrayShuffle,
        Helper::ArraySample,
        Helper::PgInputIsValid,
        Helper::IsJson,
        Helper::JsonValue,
        Helper::JsonQuery,
        Helper::Sqlcode,
        Helper::Sqlerrm,
    ];

    /// The function's name in [`SCHEMA`].
    pub fn name(self) -> &'static str {
        match self {
            Helper::LastDay => "last_day",
            Helper::AddMonths => "add_months",
            Helper::MonthsBetween => "months_between",
            Helper::NextDay => "next_day",
            Helper::Instr => "instr",
            Helper::SysGuid => "sys_guid",
            Helper::RegexpCount => "regexp_count",
            Helper::RegexpInstr => "regexp_instr",
            Helper::RegexpLike => "regexp_like",
            Helper::RegexpSubstr => "regexp_substr",
            Helper::TrimScale => "trim_scale",
            Helper::MinScale => "min_scale",
            Helper::DateBin => "date_bin",
            Helper::TrimArray => "trim_array",
            Helper::BitCount => "bit_count",
            Helper::Unistr => "unistr",
            Helper::ArrayShuffle => "array_shuffle",
            Helper::ArraySample => "array_sample",
            Helper::PgInputIsValid => "pg_input_is_valid",
            Helper::IsJson => "is_json",
            Helper::JsonValue => "json_value",
            Helper::JsonQuery => "json_query",
            Helper::Sqlcode => "sqlcode",
            Helper::Sqlerrm => "sqlerrm",
        }
    }

    /// The schema-qualified name to call.
    pub fn qualified(self) -> String {
        format!("{SCHEMA}.{}", self.name())
    }

    /// The helpers this one calls.
    pub fn depends(self) -> &'static [Helper] {
        match self {
            Helper::AddMonths | Helper::MonthsBetween => &[Helper::LastDay],
            Helper::MinScale => &[Helper::TrimScale],
            _ => &[],
        }
    }

    /// The `CREATE OR REPLACE FUNCTION` statement (with its header comment).
    /// Most are the text of their file; `sqlcode` and `sqlerrm` get the
    /// cases of their `CASE state` from `grammar/oracle_errors.toml`.
    pub fn definition(self) -> std::borrow::Cow<'static, str> {
        let text = match self {
            Helper::LastDay => include_str!("../../grammar/helpers/postgres/last_day.sql"),
            Helper::AddMonths => include_str!("../../grammar/helpers/postgres/add_months.sql"),
            Helper::MonthsBetween => {
                include_str!("../../grammar/helpers/postgres/months_between.sql")
            }
            Helper::NextDay => include_str!("../../grammar/helpers/postgres/next_day.sql"),
            Helper::Instr => include_str!("../../grammar/helpers/postgres/instr.sql"),
            Helper::SysGuid => include_str!("../../grammar/helpers/postgres/sys_guid.sql"),
            Helper::RegexpCount => include_str!("../../grammar/helpers/postgres/regexp_count.sql"),
            Helper::RegexpInstr => include_str!("../../grammar/helpers/postgres/regexp_instr.sql"),
            Helper::RegexpLike => include_str!("../../grammar/helpers/postgres/regexp_like.sql"),
            Helper::RegexpSubstr => {
                include_str!("../../grammar/helpers/postgres/regexp_substr.sql")
            }
            Helper::TrimScale => include_str!("../../grammar/helpers/postgres/trim_scale.sql"),
            Helper::MinScale => include_str!("../../grammar/helpers/postgres/min_scale.sql"),
            Helper::DateBin => include_str!("../../grammar/helpers/postgres/date_bin.sql"),
            Helper::TrimArray => include_str!("../../grammar/helpers/postgres/trim_array.sql"),
            Helper::BitCount => include_str!("../../grammar/helpers/postgres/bit_count.sql"),
            Helper::Unistr => include_str!("../../grammar/helpers/postgres/unistr.sql"),
            Helper::ArrayShuffle => {
                include_str!("../../grammar/helpers/postgres/array_shuffle.sql")
            }
            Helper::ArraySample => include_str!("../../grammar/helpers/postgres/array_sample.sql"),
            Helper::PgInputIsValid => {
                include_str!("../../grammar/helpers/postgres/pg_input_is_valid.sql")
            }
            Helper::IsJson => include_str!("../../grammar/helpers/postgres/is_json.sql"),
            Helper::JsonValue => include_str!("../../grammar/helpers/postgres/json_value.sql"),
            Helper::JsonQuery => include_str!("../../grammar/helpers/postgres/json_query.sql"),
            Helper::Sqlcode => {
                let cases = error_cases(|(state, sqlcode, _)| format!("'{state}' THEN {sqlcode}"));
                return include_str!("../../grammar/helpers/postgres/sqlcode.sql")
                    .replace("-- sqlport: sqlcode cases\n", &cases)
                    .into();
            }
            Helper::Sqlerrm => {
                let cases = error_cases(|(state, _, ora)| format!("'{state}' THEN 'ORA-{ora:05}'"));
                return include_str!("../../grammar/helpers/postgres/sqlerrm.sql")
                    .replace("-- sqlport: sqlerrm cases\n", &cases)
                    .into();
            }
        };
        text.into()
    }
}

/// One `WHEN … THEN …` line per SQLSTATE of the Oracle error table.
fn error_cases(case: impl Fn((&str, i64, i64)) -> String) -> String {
    crate::catalog::oracle_errors()
        .sqlcodes()
        .into_iter()
        .map(|c| format!("      WHEN {}\n", case(c)))
        .collect()
}

/// `helpers` with every helper they call, in printing order.
pub fn closure(helpers: &BTreeSet<Helper>) -> BTreeSet<Helper> {
    let mut all = BTreeSet::new();
    let mut todo: Vec<Helper> = helpers.iter().copied().collect();
    while let Some(h) = todo.pop() {
        if all.insert(h) {
            todo.extend_from_slice(h.depends());
        }
    }
    all
}

/// The text to put before the translated script: the schema and the
/// definitions of `helpers` and their dependencies; empty when there are none.
pub fn preamble(helpers: &BTreeSet<Helper>) -> String {
    let all = closure(helpers);
    if all.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "-- sqlport: helper functions for Oracle built-ins PostgreSQL lacks (schema {SCHEMA})\n\
         CREATE SCHEMA IF NOT EXISTS {SCHEMA};\n\n"
    );
    for h in all {
        out.push_str(h.definition().trim_end());
        out.push_str("\n\n");
    }
    // Where the script's own translation begins (also for readers skimming).
    out.push_str(PREAMBLE_END);
    out.push_str("\n\n");
    out
}

/// The comment line that ends the helper preamble.
pub const PREAMBLE_END: &str = "-- sqlport: end of helper functions";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_come_first_and_each_helper_once() {
        let wanted: BTreeSet<Helper> = [Helper::MonthsBetween, Helper::AddMonths].into();
        let text = preamble(&wanted);
        let at = |name: &str| {
            text.find(&format!("FUNCTION sqlport.{name}("))
                .unwrap_or(usize::MAX)
        };
        assert!(at("last_day") < at("add_months"));
        assert!(at("add_months") < at("months_between"));
        assert_eq!(text.matches("FUNCTION sqlport.last_day(").count(), 1);
        assert!(text.starts_with("-- sqlport: helper functions"));
        assert_eq!(preamble(&BTreeSet::new()), "");
    }

    #[test]
    fn every_definition_creates_its_named_function_in_the_schema() {
        for h in Helper::ALL {
            let head = format!("CREATE OR REPLACE FUNCTION {}(", h.qualified());
            assert!(h.definition().contains(&head), "{h:?}");
            assert!(
                ["IMMUTABLE", "STABLE", "VOLATILE"]
                    .iter()
                    .any(|v| h.definition().contains(v)),
                "{h:?} must say its volatility"
            );
        }
    }

    #[test]
    fn sqlcode_and_sqlerrm_cases_come_from_the_error_table() {
        let code = Helper::Sqlcode.definition();
        assert!(code.contains("      WHEN 'P0002' THEN 100\n"), "{code}");
        assert!(code.contains("      WHEN '23505' THEN -1\n"), "{code}");
        assert!(!code.contains("-- sqlport: sqlcode cases"));
        let errm = Helper::Sqlerrm.definition();
        assert!(
            errm.contains("      WHEN 'P0002' THEN 'ORA-01403'\n"),
            "{errm}"
        );
        assert!(
            errm.contains("      WHEN '22001' THEN 'ORA-12899'\n"),
            "{errm}"
        );
    }

    #[test]
    fn translate_puts_used_helpers_first_once_and_reports_them() {
        use crate::{Code, Options, Source, Target};
        let input = "SELECT ADD_MONTHS(visit_time, 1), ADD_MONTHS(visit_time, 2) FROM op_visit;\n\
                     SELECT MONTHS_BETWEEN(SYSDATE, birth_date) FROM pat_info;\n";
        let highgo = Options::new(Source::Oracle, Target::Highgo);
        let out = crate::translate(input, &highgo);
        let preamble = preamble(&[Helper::AddMonths, Helper::MonthsBetween].into());
        assert!(out.sql.starts_with(&preamble), "{}", out.sql);
        assert!(out.sql[preamble.len()..].starts_with("SELECT sqlport.add_months(visit_time, 1)"));
        assert_eq!(
            out.sql
                .matches("CREATE OR REPLACE FUNCTION sqlport.last_day(")
                .count(),
            1
        );
        let reported: Vec<&str> = out
            .report
            .findings
            .iter()
            .filter(|f| f.code == Code::SP0420)
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(reported.len(), 2, "{reported:?}");
        // Kingbase in PostgreSQL mode runs the same passes; Oracle-style
        // targets get no helpers.
        let kingbase =
            Options::new(Source::Oracle, Target::Kingbase).with_target_mode(Some("pg".to_string()));
        assert!(
            crate::translate(input, &kingbase)
                .sql
                .starts_with(&preamble)
        );
        // (`MONTHS_BETWEEN` is written out there, not given a helper.)
        let dameng = Options::new(Source::Oracle, Target::Dameng);
        let out = crate::translate(input, &dameng).sql;
        assert!(!out.contains("sqlport."), "{out}");
    }
}
