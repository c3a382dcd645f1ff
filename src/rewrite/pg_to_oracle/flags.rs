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
//!   …) and functions (`pg_*()`, `age()`, `split_part()`, `jsonb_*()`,
//!   `string_to_table()`, …), `WITH ORDINALITY`,
//!   `SET search_path`;
//! - `SP0219`: `EXECUTE format(…)`;
//! - `SP0223`: `ON CONFLICT`,
//!   `RETURNING` outside PL code, `CREATE TABLE … (LIKE t)`;
//! - `SP0223` also: `UPDATE … FROM`, `DELETE … USING` (from the AST);
//! - `SP0217`: `CREATE TYPE` of a kind DM has no form for (range, base types);
//! - `SP0399` (warning): a subquery in a PL expression (`IF EXISTS (…)`).
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
use crate::rewrite::visit_unit::{statements_at, visit_exprs};
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
        let constraints = super::on_conflict::Constraints::of(script);
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
            statements_at(unit, &mut |s, at, _| {
                let message = match s {
                    Statement::Update(u) if u.from.is_some() => Some(
                        "UPDATE … FROM: DM updates from another table with MERGE INTO … USING … WHEN MATCHED THEN UPDATE, or a correlated subquery in SET",
                    ),
                    Statement::Delete(d) if d.using.is_some() => Some(
                        "DELETE … USING: write DELETE … WHERE EXISTS (SELECT 1 FROM … WHERE …)",
                    ),
                    _ => None,
                };
                if let Some(message) = message {
                    cx.findings.push(Finding::new(
                        Code::SP0223,
                        if at.is_empty() { body } else { at },
                        message,
                    ));
                }
                false
            });
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
fn merge_ready(unit: &Unit, constraints: &super::on_conflict::Constraints) -> bool {
    match &unit.content {
        Content::Sql(statements) => statements.iter().all(|s| match s {
            Statement::Insert(i) => super::on_conflict::merge_ready(i, constraints),
            _ => true,
        }),
        Content::Program(program) => {
            struct Ready<'c>(bool, &'c super::on_conflict::Constraints);
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
const OTHER_FUNCTIONS: &[(&str, &str)] = &[
    ("age", "age(): use MONTHS_BETWEEN or date arithmetic"),
    (
        "format",
        "format(): build the text with || (and TO_CHAR for numbers and dates)",
    ),
    (
        "split_part",
        "split_part(): use SUBSTR/INSTR or REGEXP_SUBSTR",
    ),
    ("json_build_object", "json_build_object(): use JSON_OBJECT"),
    (
        "jsonb_build_object",
        "jsonb_build_object(): use JSON_OBJECT",
    ),
    ("json_agg", "json_agg(): use JSON_ARRAYAGG"),
    ("jsonb_agg", "jsonb_agg(): use JSON_ARRAYAGG"),
    ("to_json", "to_json(): no DM equivalent"),
    ("to_jsonb", "to_jsonb(): no DM equivalent"),
    ("row_to_json", "row_to_json(): no DM equivalent"),
    ("jsonb_set", "jsonb_set(): no DM equivalent"),
    (
        "gen_random_uuid",
        "gen_random_uuid(): use SYS_GUID() (32 hex digits, no dashes)",
    ),
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
    constraints: &super::on_conflict::Constraints,
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
            "set" if word(1) == Some("search_path") => push(Code::SP0213, "search-path", span, "SET search_path: DM sets the current schema with SET SCHEMA name".to_string()),
            _ => {}
        }
    }
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
                "ordinality" if k > 0 && word(k - 1) == Some("with") => push(Code::SP0213, "ordinality", toks[k - 1].span, "WITH ORDINALITY: DM has no set-returning functions in FROM; number the rows with ROWNUM or ROW_NUMBER() OVER (…)".to_string()),
                "returning" if sql_unit => push(Code::SP0223, "returning", span, "RETURNING on a statement outside PL code: DM returns values only INTO variables in PL; run it in a block or select the row again".to_string()),
                "format" if call && k > 0 && word(k - 1) == Some("execute") => push(Code::SP0219, "format", span, "EXECUTE format(…): build the statement with || and bind values with USING".to_string()),
                "pg_catalog" | "information_schema" if punct(k + 1) == Some('.') => push(Code::SP0213, "catalog", span, format!("{w}: a PostgreSQL catalog; DM's are the data dictionary views (USER_TABLES, ALL_TAB_COLUMNS, …)")),
                _ if CATALOG_TABLES.contains(&w) && !call => push(Code::SP0213, "catalog", span, format!("{w}: a PostgreSQL catalog; DM's are the data dictionary views (USER_TABLES, ALL_TAB_COLUMNS, V$SESSIONS, …)")),
                _ if call && w.starts_with("pg_advisory") || w.starts_with("pg_try_advisory") => push(Code::SP0213, "advisory", span, format!("{w}(): advisory locks: DM has none; lock a row of a lock table (SELECT … FOR UPDATE) or use DBMS_LOCK where installed")),
                _ if call && ARRAY_FUNCTIONS.contains(&w) => push(Code::SP0213, "array", span, format!("{w}(): DM has no SQL arrays")),
                _ if call && FTS_FUNCTIONS.contains(&w) => push(Code::SP0213, "fts", span, format!("{w}(): PostgreSQL full-text search; DM has full-text indexes (CREATE CONTEXT INDEX) and CONTAINS")),
                _ if call && w.starts_with("pg_") => push(Code::SP0213, "pg-function", span, format!("{w}(): a PostgreSQL system function with no DM equivalent")),
                _ if call => {
                    if let Some((_, why)) = OTHER_FUNCTIONS.iter().find(|(n, _)| *n == w) {
                        push(Code::SP0213, "function", span, (*why).to_string());
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
                "fts",
                "@@: PostgreSQL full-text match; DM uses CONTAINS on a full-text index",
            )),
            ('@', Some('>')) | ('<', Some('@')) => Some((
                "containment",
                "@> / <@ (array, range or jsonb containment): DM has no such operator",
            )),
            ('&', Some('&')) => Some((
                "containment",
                "&& (array or range overlap): DM has no such operator",
            )),
            ('-', Some('>')) => Some((
                "json",
                "-> / ->> (JSON access): use JSON_VALUE(doc, '$.key') or JSON_QUERY",
            )),
            _ => None,
        };
        if let Some((feature, message)) = operator {
            let end = toks.get(k + 1).map_or(span.end, |t| t.span.end);
            push(
                Code::SP0213,
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
