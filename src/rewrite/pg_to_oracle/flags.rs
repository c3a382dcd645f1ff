//! `flags`: PostgreSQL-only features an Oracle-style target cannot run,
//! reported at their exact place.
//!
//! **What it does.** Reads every SQL and PL/pgSQL unit (inside `$$` bodies
//! too, outside string literals) and reports, once per feature and unit,
//! at its first occurrence:
//! - `SP0213`: arrays (`ARRAY[…]`, `= ANY(array)`, `unnest`, `array_agg`),
//!   range and JSON operators (`@>`, `<@`, `&&`, `->`, `->>`), full-text
//!   search (`@@`, `to_tsvector`, `to_tsquery`), advisory locks
//!   (`pg_advisory_lock`), `LISTEN`/`NOTIFY`, `COPY`, `CREATE EXTENSION`,
//!   table inheritance (`INHERITS`), exclusion constraints (`EXCLUDE USING`),
//!   PostgreSQL catalogs (`pg_catalog.`, `information_schema.`, `pg_class`,
//!   …) and functions (`pg_*()`, `split_part()`, `json_agg()`,
//!   `string_to_table()`, …; `format()` and `age()` are the `format-calls`
//!   and `age` passes'), `WITH ORDINALITY`;
//! - `SP0223`: `ON CONFLICT`,
//!   `RETURNING` outside PL code, `CREATE TABLE … (LIKE t)`;
//! - `SP0217`: `CREATE TYPE` of a kind DM has no form for (range, base types);
//! - `SP0399` (warning): a subquery in a PL expression (`IF EXISTS (…)`);
//! - `SP0304` (warning): PostgreSQL JSON DM8 has too (`->`, `->>`, `@>`,
//!   `to_jsonb`, `jsonb_build_object`, `jsonb_agg`, … — DM8 SQL 语言使用手册,
//!   JSON), which reads PostgreSQL's syntax when `JSON_MODE=1`.
//!
//! **Why.** DM8 has none of these (dameng.md, "PostgreSQL → DM": flag
//! arrays, ranges/exclusion constraints, LISTEN/NOTIFY, extensions,
//! full-text search, inheritance, advisory locks, COPY; "Not in DM": `ON
//! CONFLICT`, `DISTINCT ON`, `FILTER`, `generate_series`, `RETURNING` on plain SQL).
//!
//! **Example.**
//! ```sql
//! SELECT pg_advisory_lock(hashtext(p_ward));   -- SP0213 at pg_advisory_lock
//! ```
//!
//! **Findings.** As listed above; all errors but `SP0399`.

use sqlparser::ast::{Expr, Statement};

use crate::ast::procedural::PlExpr;
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Script, Unit};
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::visit_exprs;
use crate::rewrite::{Context, Pass};
use crate::source::{LexemeKind, Lexer, ScriptSyntax, Span};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags;

impl Pass for Flags {
    fn name(&self) -> &'static str {
        "flags"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let constraints = crate::rewrite::common::table_keys::Keys::of(script);
        for unit in script.units() {
            if matches!(unit.content, Content::Procedural)
                && matches!(unit.kind, crate::source::UnitKind::Procedural(k) if k != crate::source::ProceduralKind::Java)
            {
                // `sql-functions` said why it kept a LANGUAGE sql routine.
                let reported = cx
                    .findings
                    .iter()
                    .any(|f| f.code == Code::SP0224 && f.span == unit.body);
                if reported {
                    continue;
                }
                let language = language_of(cx.file.slice(unit.body));
                cx.findings.push(Finding::new(
                    Code::SP0224,
                    unit.body,
                    format!("a routine in LANGUAGE {language}: sqlport translates PL/pgSQL only; rewrite it as a DMSQL routine"),
                ));
                continue;
            }
            if !matches!(unit.content, Content::Sql(_) | Content::Program(_)) {
                continue;
            }
            let mut found: Vec<(Code, &'static str, Span, String)> = Vec::new();
            scan(cx.file.text(), unit, &constraints, &mut found);
            let mut seen: Vec<&str> = Vec::new();
            for (code, feature, span, message) in found {
                if seen.contains(&feature) {
                    continue;
                }
                seen.push(feature);
                cx.findings.push(Finding::new(code, span, message));
            }
        }
        for unit in script.units_mut() {
            let body = unit.body;
            if let Content::Program(program) = &mut unit.content {
                let mut v = Subqueries(Vec::new());
                walk_program(&mut v, program);
                if let Some(span) = v.0.first() {
                    cx.findings.push(Finding::new(
                        Code::SP0399,
                        if span.is_empty() { body } else { *span },
                        "a subquery in a PL expression (IF EXISTS (…), x := (SELECT …)): PL/SQL rejects it; if DM does too, SELECT … INTO a variable first",
                    ));
                }
            }
        }
    }
}

/// The spans of PL expressions that hold a subquery.
struct Subqueries(Vec<Span>);

impl VisitMut for Subqueries {
    fn expr(&mut self, e: &mut PlExpr) {
        let mut found = false;
        visit_exprs(&mut *e.expr, &mut |x| {
            found |= matches!(x, Expr::Exists { .. } | Expr::Subquery(_));
            false
        });
        if found {
            self.0.push(e.span);
        }
    }
}

/// The word after `LANGUAGE` in a routine's text (`sql` when none).
fn language_of(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("LANGUAGE"))
        .and_then(|k| words.get(k + 1))
        .map_or_else(
            || "sql".to_string(),
            |w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string(),
        )
}

/// Whether every `ON CONFLICT` insert of a SQL unit is one the
/// `on-conflict` pass turns into `MERGE` (then there is nothing to report).
fn merge_ready(unit: &Unit, constraints: &crate::rewrite::common::table_keys::Keys) -> bool {
    match &unit.content {
        Content::Sql(statements) => statements.iter().all(|s| match s {
            Statement::Insert(i) => super::on_conflict::merge_ready(i, constraints),
            _ => true,
        }),
        Content::Program(program) => {
            struct Ready<'c>(bool, &'c crate::rewrite::common::table_keys::Keys);
            impl VisitMut for Ready<'_> {
                fn sql(&mut self, sql: &mut crate::ast::procedural::EmbeddedSql) {
                    if let Statement::Insert(i) = sql.statement.as_ref() {
                        self.0 &= super::on_conflict::merge_ready(i, self.1);
                    }
                }
            }
            let mut program = (**program).clone();
            let mut v = Ready(true, constraints);
            walk_program(&mut v, &mut program);
            v.0
        }
        _ => false,
    }
}

/// A word or punctuation of the unit, outside strings and comments.
struct Tok {
    span: Span,
    word: Option<String>,
    punct: Option<char>,
}

/// The unit's tokens, `$$` bodies read as code.
fn tokens(text: &str, span: Span, out: &mut Vec<Tok>) {
    for l in
        Lexer::new(text, span.start, ScriptSyntax::Psql).take_while(|l| l.span.start < span.end)
    {
        match l.kind {
            LexemeKind::Word => out.push(Tok {
                span: l.span,
                word: Some(l.span.slice(text).to_ascii_lowercase()),
                punct: None,
            }),
            LexemeKind::Punct(c) => out.push(Tok {
                span: l.span,
                word: None,
                punct: Some(c),
            }),
            LexemeKind::DollarString => {
                let body = l.span.slice(text);
                let Some(open) = body[1..].find('$').map(|i| i + 2) else {
                    continue;
                };
                let close = body.len().saturating_sub(open);
                if close > open {
                    tokens(
                        text,
                        Span::new(l.span.start + open, l.span.start + close),
                        out,
                    );
                }
            }
            _ => {}
        }
    }
}

const ARRAY_FUNCTIONS: &[&str] = &[
    "unnest",
    "array_agg",
    "array_length",
    "array_append",
    "array_prepend",
    "array_cat",
    "array_position",
    "array_remove",
    "array_to_string",
    "string_to_array",
    "cardinality",
    "array_upper",
    "array_lower",
];
const FTS_FUNCTIONS: &[&str] = &[
    "to_tsvector",
    "to_tsquery",
    "plainto_tsquery",
    "phraseto_tsquery",
    "websearch_to_tsquery",
    "ts_rank",
    "ts_rank_cd",
    "ts_headline",
    "setweight",
];
/// The message for PostgreSQL's SQL/JSON functions.
const SQL_JSON: &str = "PostgreSQL SQL/JSON (16/17): DM8 has JSON_VALUE, JSON_QUERY, JSON_TABLE and IS JSON in Oracle's form; check the call against DM's (PASSING, RETURNING, ON EMPTY/ON ERROR, wrapper and constructor clauses differ)";
/// PostgreSQL's JSON functions DM8 has under the same name (DM8 SQL 语言使用手册,
/// JSON, §18.2: `to_json`, `json_build_*`, `row_to_json`, the `jsonb_*` list),
/// kept with a warning: they read PostgreSQL's syntax when `JSON_MODE=1`.
const DM_JSON_FUNCTIONS: &[&str] = &[
    "to_json",
    "to_jsonb",
    "json_build_array",
    "json_build_object",
    "json_typeof",
    "json_object_keys",
    "row_to_json",
    "jsonb_build_array",
    "jsonb_build_object",
    "jsonb_agg",
    "jsonb_object_agg",
    "jsonb_set",
    "jsonb_strip_nulls",
    "jsonb_typeof",
    "jsonb_object_keys",
    "jsonb_each",
    "jsonb_each_text",
    "jsonb_array_elements",
    "jsonb_array_elements_text",
];
const OTHER_FUNCTIONS: &[(&str, &str)] = &[
    (
        "split_part",
        "split_part(): use SUBSTR/INSTR or REGEXP_SUBSTR",
    ),
    (
        "json_agg",
        "json_agg(): DM8 has jsonb_agg (its JSONB output orders and de-duplicates object keys), not json_agg",
    ),
    (
        "json_object_agg",
        "json_object_agg(): DM8 has jsonb_object_agg (JSONB output), not json_object_agg",
    ),
    // PostgreSQL 16/17 SQL/JSON: DM's JSON functions work on VARCHAR/CLOB
    // text with Oracle's clauses; none is translated.
    ("json_value", SQL_JSON),
    ("json_query", SQL_JSON),
    ("json_exists", SQL_JSON),
    ("json_table", SQL_JSON),
    ("json_object", SQL_JSON),
    ("json_array", SQL_JSON),
    ("json_objectagg", SQL_JSON),
    ("json_arrayagg", SQL_JSON),
    ("json_scalar", SQL_JSON),
    ("json_serialize", SQL_JSON),
    ("regexp_matches", "regexp_matches(): use REGEXP_SUBSTR"),
    (
        "string_to_table",
        "string_to_table(): split with REGEXP_SUBSTR(s, '[^,]+', 1, LEVEL) FROM DUAL CONNECT BY LEVEL <= REGEXP_COUNT(s, ',') + 1",
    ),
    (
        "regexp_split_to_table",
        "regexp_split_to_table(): split with REGEXP_SUBSTR(s, pattern, 1, LEVEL) FROM DUAL CONNECT BY LEVEL <= …",
    ),
    ("hashtext", "hashtext(): no DM equivalent"),
    ("txid_current", "txid_current(): no DM equivalent"),
    (
        "current_setting",
        "current_setting(): use SYS_CONTEXT or a package variable",
    ),
    ("set_config", "set_config(): use a package variable"),
];
const CATALOG_TABLES: &[&str] = &[
    "pg_class",
    "pg_namespace",
    "pg_attribute",
    "pg_proc",
    "pg_tables",
    "pg_indexes",
    "pg_views",
    "pg_roles",
    "pg_user",
    "pg_database",
    "pg_locks",
    "pg_settings",
    "pg_stat_activity",
    "pg_stat_user_tables",
    "pg_constraint",
    "pg_type",
    "pg_trigger",
    "pg_sequences",
    "pg_description",
];

fn scan(
    text: &str,
    unit: &Unit,
    constraints: &crate::rewrite::common::table_keys::Keys,
    found: &mut Vec<(Code, &'static str, Span, String)>,
) {
    let mut toks = Vec::new();
    tokens(text, unit.body, &mut toks);
    let sql_unit = matches!(unit.content, Content::Sql(_));
    let word = |k: usize| toks.get(k).and_then(|t| t.word.as_deref());
    let punct = |k: usize| toks.get(k).and_then(|t| t.punct);
    let adjacent = |k: usize| {
        toks.get(k)
            .zip(toks.get(k + 1))
            .is_some_and(|(a, b)| a.span.end == b.span.start)
    };
    let mut push = |code: Code, feature: &'static str, span: Span, message: String| {
        found.push((code, feature, span, message));
    };
    // Whole statements.
    if sql_unit && let Some(first) = word(0) {
        let span = toks[0].span;
        match first {
            "listen" | "notify" | "unlisten" => push(Code::SP0213, "listen", span, format!("{} (LISTEN/NOTIFY): DM has no asynchronous notifications; poll a queue table or use DBMS_ALERT/DBMS_PIPE where installed", first.to_ascii_uppercase())),
            "copy" => push(Code::SP0213, "copy", span, "COPY: DM loads files with dmfldr and exports with dexp; COPY does not run".to_string()),
            "create" if word(1) == Some("extension") => push(Code::SP0213, "extension", span, "CREATE EXTENSION: DM8 has no extensions; whatever the script uses from it must be replaced".to_string()),
            "create" if word(1) == Some("type") => {
                let enum_or_composite = (2..toks.len().min(8)).find(|&k| word(k) == Some("as"));
                // Enums and composite types are rewritten (passes `enums`,
                // `composite-types`); ranges and base types are not.
                if let Some(k) = enum_or_composite.filter(|&k| !matches!(word(k + 1), Some("enum")) && punct(k + 1) != Some('(')) {
                    let what = "a PostgreSQL type kind DM8 does not have";
                    push(Code::SP0217, "create-type", span, format!("CREATE TYPE … AS {}: {what}", word(k + 1).unwrap_or_default().to_ascii_uppercase()));
                }
            }
            _ => {}
        }
    }
    // Whether token `k` is inside the parentheses of a SQL/JSON function
    // (`JSON_VALUE(… RETURNING t)`), whose RETURNING is no statement's.
    let in_json_call = |k: usize| {
        let mut depth = 0usize;
        for j in (0..k).rev() {
            match punct(j) {
                Some(')') => depth += 1,
                Some('(') if depth > 0 => depth -= 1,
                Some('(') => {
                    return j > 0 && word(j - 1).is_some_and(|w| w.starts_with("json"));
                }
                _ => {}
            }
        }
        false
    };
    for k in 0..toks.len() {
        let span = toks[k].span;
        let call = punct(k + 1) == Some('(');
        if let Some(w) = word(k) {
            match w {
                "inherits" if call => push(Code::SP0213, "inherits", span, "INHERITS (table inheritance): DM has none; copy the parent's columns or use a view".to_string()),
                "exclude" if word(k + 1) == Some("using") => push(Code::SP0213, "exclude", span, "EXCLUDE USING (exclusion constraint): DM has none; check overlaps in a trigger".to_string()),
                "array" if punct(k + 1) == Some('[') => push(Code::SP0213, "array", span, "ARRAY[…]: DM has no SQL arrays; use a collection type in PL or a child table".to_string()),
                "any" | "all" if call && !matches!(word(k + 2), Some("select" | "values")) && matches!(punct(k.wrapping_sub(1)), Some('=' | '>' | '<')) => push(Code::SP0213, "array", span, format!("{}(array): DM has no SQL arrays; use IN (…) or a collection with MEMBER OF", w.to_ascii_uppercase())),
                "conflict" if k > 0 && word(k - 1) == Some("on") && !merge_ready(unit, constraints) => push(Code::SP0223, "on-conflict", toks[k - 1].span, "INSERT … ON CONFLICT kept (RETURNING, no conflict target, ON CONSTRAINT of a constraint the script does not create, an index predicate, or a query whose columns cannot be named: SELECT *, ORDER BY, LIMIT): write a MERGE INTO … USING (…) ON (key) WHEN MATCHED … WHEN NOT MATCHED …".to_string()),
                "like" if sql_unit && k > 0 && punct(k - 1) == Some('(') && word(0) == Some("create") && word(1) == Some("table") => push(Code::SP0223, "like", span, "CREATE TABLE … (LIKE t …): write the columns, or CREATE TABLE … AS SELECT * FROM t WHERE 1 = 0 (defaults and constraints are not copied)".to_string()),
                "returning" if sql_unit && !in_json_call(k) => push(Code::SP0223, "returning", span, "RETURNING on a statement outside PL code: DM returns values only INTO variables in PL; run it in a block or select the row again".to_string()),
                "ordinality" if k > 0 && word(k - 1) == Some("with") => push(Code::SP0213, "ordinality", toks[k - 1].span, "WITH ORDINALITY: DM has no set-returning functions in FROM; number the rows with ROWNUM or ROW_NUMBER() OVER (…)".to_string()),
                "pg_catalog" | "information_schema" if punct(k + 1) == Some('.') => push(Code::SP0213, "catalog", span, format!("{w}: a PostgreSQL catalog; DM's are the data dictionary views (USER_TABLES, ALL_TAB_COLUMNS, …)")),
                _ if CATALOG_TABLES.contains(&w) && !call => push(Code::SP0213, "catalog", span, format!("{w}: a PostgreSQL catalog; DM's are the data dictionary views (USER_TABLES, ALL_TAB_COLUMNS, V$SESSIONS, …)")),
                _ if call && w.starts_with("pg_advisory") || w.starts_with("pg_try_advisory") => push(Code::SP0213, "advisory", span, format!("{w}(): advisory locks: DM has none; lock a row of a lock table (SELECT … FOR UPDATE) or use DBMS_LOCK where installed")),
                _ if call && ARRAY_FUNCTIONS.contains(&w) => push(Code::SP0213, "array", span, format!("{w}(): DM has no SQL arrays")),
                _ if call && FTS_FUNCTIONS.contains(&w) => push(Code::SP0213, "fts", span, format!("{w}(): PostgreSQL full-text search; DM has full-text indexes (CREATE CONTEXT INDEX) and CONTAINS")),
                _ if call && w.starts_with("pg_") => push(Code::SP0213, "pg-function", span, format!("{w}(): a PostgreSQL system function with no DM equivalent")),
                _ if call && DM_JSON_FUNCTIONS.contains(&w) => push(Code::SP0304, "dm-json", span, format!("{w}(): DM8 has it, reading PostgreSQL's JSON syntax when JSON_MODE=1 (the default, 0, is Oracle's)")),
                _ if call => {
                    // One finding per function: each needs its own rework.
                    if let Some((name, why)) = OTHER_FUNCTIONS.iter().find(|(n, _)| *n == w) {
                        push(Code::SP0213, name, span, (*why).to_string());
                    }
                }
                _ => {}
            }
            continue;
        }
        let (Some(a), b) = (punct(k), punct(k + 1).filter(|_| adjacent(k))) else {
            continue;
        };
        let operator = match (a, b) {
            ('@', Some('@')) => Some((
                Code::SP0213,
                "fts",
                "@@: PostgreSQL full-text match; DM uses CONTAINS on a full-text index",
            )),
            // DM8 has `@>` for JSONB only (arrays and ranges are reported
            // where their types and constructors are), as 1/0.
            ('@', Some('>')) => Some((
                Code::SP0304,
                "dm-json",
                "@> (jsonb containment): DM8 has it for JSON/JSONB, giving 1 or 0 rather than a boolean",
            )),
            ('<', Some('@')) => Some((
                Code::SP0213,
                "containment",
                "<@ (array, range or jsonb containment): DM has no such operator; write b @> a for JSONB",
            )),
            ('&', Some('&')) => Some((
                Code::SP0213,
                "containment",
                "&& (array or range overlap): DM has no such operator",
            )),
            ('-', Some('>')) => Some((
                Code::SP0304,
                "dm-json",
                "-> / ->> (JSON access): DM8 has them for JSON/JSONB, reading a key or array index as PostgreSQL does when JSON_MODE=1",
            )),
            _ => None,
        };
        if let Some((code, feature, message)) = operator {
            let end = toks.get(k + 1).map_or(span.end, |t| t.span.end);
            push(
                code,
                feature,
                Span::new(span.start, end),
                message.to_string(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn postgresql_only_features_are_flagged_where_they_are() {
        insta::assert_snapshot!(translated(
            "CREATE EXTENSION IF NOT EXISTS pgcrypto;\nLISTEN lab_result_ready;\nCOPY lab_item FROM '/tmp/lab_item.csv' WITH (FORMAT csv);\nCREATE TYPE visit_status AS ENUM ('N', 'V', 'C');\nCREATE TABLE bed_booking (bed_id int, during tstzrange, EXCLUDE USING gist (bed_id WITH =, during WITH &&));\nINSERT INTO bed_stat (ward_code, n) VALUES ('W01', 1) ON CONFLICT (ward_code) DO UPDATE SET n = bed_stat.n + 1;\nSELECT DISTINCT ON (patient_id) patient_id, visit_id FROM visit ORDER BY patient_id, visit_time DESC;\nSELECT count(*) FILTER (WHERE status = 'F') AS free_beds FROM bed;\nSELECT relname FROM pg_catalog.pg_class WHERE relkind = 'r';\nDO $$\nBEGIN\n    PERFORM pg_advisory_lock(42);\n    EXECUTE format('TRUNCATE %I', 'tmp_lab');\nEND $$;\nSELECT payload->>'code' FROM lab_result WHERE tags @> ARRAY['urgent'];\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
