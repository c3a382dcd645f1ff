//! `pg-json-table`: PostgreSQL 17's `JSON_TABLE` with plain columns on
//! older kernels.
//!
//! **What it does.** The table function becomes a lateral subquery over the
//! items the row path selects, numbered:
//!
//! ```sql
//! JSON_TABLE(doc, '$.items[*]' COLUMNS (n FOR ORDINALITY, code text PATH '$.code',
//!                                      detail jsonb PATH '$.detail', ok boolean EXISTS PATH '$.ok')) AS jt
//! LATERAL (SELECT sqlport_jt.ord::integer AS n,
//!                 sqlport.json_value(sqlport_jt.item, '$.code', '{}', NULL::text, NULL::text) AS code,
//!                 sqlport.json_query(sqlport_jt.item, '$.detail', '{}', 'NONE', NULL, NULL) AS detail,
//!                 COALESCE(jsonb_path_exists(sqlport_jt.item, '$.ok', '{}', true), false) AS ok
//!            FROM jsonb_path_query(doc::jsonb, '$.items[*]', '{}', true) WITH ORDINALITY AS sqlport_jt(item, ord)) AS jt
//! ```
//!
//! A column without `PATH` reads `$."name"`. A column of a json type is
//! read as `JSON_QUERY` reads it (with its wrapper clause), any other as
//! `JSON_VALUE` (with its `DEFAULT`/`NULL … ON EMPTY/ON ERROR`), through the
//! helpers of `pg-sql-json-query`; `PASSING` applies to every path.
//!
//! **Why.** `JSON_TABLE` arrives in PostgreSQL 17; its rows are the items of
//! the row path, in order (`WITH ORDINALITY` numbers them as `FOR
//! ORDINALITY` does), and its columns are the `JSON_VALUE`/`JSON_QUERY`/
//! `JSON_EXISTS` of their path on each item, which is how PostgreSQL 17
//! defines them. The row path is run in silent mode: an error gives no rows,
//! as `JSON_TABLE`'s default `EMPTY ON ERROR` does; a NULL document gives no
//! rows in both.
//!
//! **Findings.** `SP0480` (info) at each rewrite, `SP0420` (info) for the
//! helpers; `SP0245` (error) for `NESTED PATH`, `PLAN`, `ERROR ON ERROR`, and
//! column clauses the helpers do not take (`ERROR ON …`, `OMIT QUOTES`).

use super::json_query::{Behaviour, clauses, vars};
use super::sql_json::{Inner, operand, render, replace, source};
use super::{Context, Pass, Tok, between, calls, downgraded, missing, unit_tokens, unsupported};
use crate::parse::set_aside::SQL_JSON_CLAUSE;
use crate::rewrite::helpers::Helper;
use crate::source::LexemeKind;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonTable;

const FEATURE: &str = "json_table";

impl Pass for JsonTable {
    fn name(&self) -> &'static str {
        "pg-json-table"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, FEATURE) {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            for i in calls(&toks, "JSON_TABLE") {
                let Some(inner) = Inner::new(&toks, i + 1) else {
                    continue;
                };
                let at = between(&toks, i, inner.close);
                let edits = unit.edits.clone();
                match rewrite(text, &toks, i, &inner, &edits) {
                    Ok((out, helpers)) => {
                        if replace(unit, at, out) {
                            for h in helpers {
                                cx.require_helper(h, at);
                            }
                            downgraded(
                                cx,
                                at,
                                FEATURE,
                                "became a LATERAL subquery over jsonb_path_query(…) WITH ORDINALITY, a JSON_VALUE/JSON_QUERY/JSON_EXISTS rewrite per column",
                            );
                        }
                    }
                    Err(why) => unsupported(cx, at, FEATURE, &why),
                }
            }
        }
    }
}

/// The rewritten table function and the helpers it calls.
fn rewrite(
    text: &str,
    toks: &[Tok<'_>],
    i: usize,
    inner: &Inner<'_, '_>,
    edits: &[crate::ast::Edit],
) -> Result<(String, Vec<Helper>), String> {
    let src = |a: usize, b: usize| render(text, toks, a, b, edits, &|_| None);
    let first = inner.open + 1;
    let comma = inner
        .find(first, inner.close, |k| toks[k].punct(','))
        .ok_or("no row path")?;
    if comma == first {
        return Err("no document".to_string());
    }
    let columns = inner
        .find(comma + 1, inner.close, |k| toks[k].is("COLUMNS"))
        .ok_or("no COLUMNS")?;
    let path_end = inner
        .find(comma + 1, columns, |k| {
            toks[k].is("AS") || toks[k].is("PASSING")
        })
        .unwrap_or(columns);
    if path_end <= comma + 1 {
        return Err("no row path".to_string());
    }
    // PASSING, between the path (and its name) and COLUMNS.
    let passing_at = inner.find(path_end, columns, |k| toks[k].is("PASSING"));
    let passing = match passing_at {
        Some(p) => clauses(text, inner, p, columns, &src)?.passing,
        None => Vec::new(),
    };
    let vars = vars(&passing);
    let open = columns + 1;
    if !toks.get(open).is_some_and(|t| t.punct('(')) {
        return Err("COLUMNS without its list".to_string());
    }
    let cols = Inner::new(toks, open).ok_or("COLUMNS is not closed")?;
    // After the column list: only `EMPTY [ARRAY] ON ERROR`, the default.
    let rest: Vec<String> = (cols.close + 1..inner.close)
        .map(|k| toks[k].text.to_ascii_uppercase())
        .collect();
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    if !matches!(
        rest.as_slice(),
        [] | ["EMPTY", "ON", "ERROR"] | ["EMPTY", "ARRAY", "ON", "ERROR"]
    ) {
        return Err(format!("{} has no rewrite", rest.join(" ")));
    }
    let doc = {
        let rendered = src(first, comma - 1);
        if operand(text, toks, first, comma - 1).starts_with('(') {
            format!("({rendered})::jsonb")
        } else {
            format!("{rendered}::jsonb")
        }
    };
    let path = path_text(text, toks, comma + 1, path_end - 1, &src);
    let mut helpers = Vec::new();
    let mut items = Vec::new();
    for (a, b) in cols.split(open + 1, cols.close) {
        items.push(column(text, &cols, a, b, &vars, &src, &mut helpers)?);
    }
    if items.is_empty() {
        return Err("no columns".to_string());
    }
    let lateral = if i > 0 && toks[i - 1].is("LATERAL") {
        ""
    } else {
        "LATERAL "
    };
    // A subquery in FROM needs an alias before PostgreSQL 16.
    let next = toks.get(inner.close + 1);
    let has_alias = next.is_some_and(|t| {
        t.is("AS")
            || t.kind == LexemeKind::QuotedIdent
            || (t.kind == LexemeKind::Word
                && ![
                    "ON",
                    "WHERE",
                    "JOIN",
                    "LEFT",
                    "RIGHT",
                    "FULL",
                    "INNER",
                    "CROSS",
                    "NATURAL",
                    "GROUP",
                    "ORDER",
                    "HAVING",
                    "LIMIT",
                    "OFFSET",
                    "UNION",
                    "EXCEPT",
                    "INTERSECT",
                    "WINDOW",
                    "FETCH",
                    "FOR",
                    "USING",
                ]
                .iter()
                .any(|w| t.is(w)))
    });
    let alias = if has_alias { "" } else { " AS json_table" };
    Ok((
        format!(
            "{lateral}(SELECT {} FROM jsonb_path_query({doc}, {path}, {vars}, true) WITH ORDINALITY AS sqlport_jt(item, ord)){alias}",
            items.join(", ")
        ),
        helpers,
    ))
}

/// A path: a string literal as written, anything else cast to jsonpath.
fn path_text(
    text: &str,
    toks: &[Tok<'_>],
    a: usize,
    b: usize,
    src: &dyn Fn(usize, usize) -> String,
) -> String {
    if a == b && toks[a].kind == LexemeKind::String {
        source(text, toks, a, a).to_string()
    } else {
        format!("({})::jsonpath", src(a, b))
    }
}

/// One column's select item.
fn column(
    text: &str,
    cols: &Inner<'_, '_>,
    a: usize,
    b: usize,
    vars: &str,
    src: &dyn Fn(usize, usize) -> String,
    helpers: &mut Vec<Helper>,
) -> Result<String, String> {
    let toks = cols.toks;
    let name_tok = &toks[a];
    if name_tok.is("NESTED") {
        return Err("NESTED PATH has no rewrite".to_string());
    }
    let name = source(text, toks, a, a);
    if a == b {
        return Err(format!("column {name} has no type"));
    }
    if cols.words(a + 1, &["FOR", "ORDINALITY"]) && b == a + 2 {
        return Ok(format!("sqlport_jt.ord::integer AS {name}"));
    }
    // The type: up to EXISTS, FORMAT, PATH or a column clause (the query
    // functions' clauses but PASSING and RETURNING).
    let clause_start = |k: usize| {
        ["EXISTS", "FORMAT", "PATH"].iter().any(|w| toks[k].is(w))
            || SQL_JSON_CLAUSE
                .iter()
                .filter(|w| !matches!(**w, "PASSING" | "RETURNING"))
                .any(|w| toks[k].is(w))
    };
    let type_end = (a + 1..=b)
        .find(|&k| cols.top(k) && clause_start(k) && !(toks[k].is("WITH") && is_time_zone(toks, k)))
        .unwrap_or(b + 1);
    if type_end == a + 1 {
        return Err(format!("column {name} has no type"));
    }
    let ty = source(text, toks, a + 1, type_end - 1).to_string();
    let mut k = type_end;
    let exists = toks.get(k).is_some_and(|t| t.is("EXISTS")) && k <= b;
    if exists {
        k += 1;
    }
    if k <= b && cols.words(k, &["FORMAT", "JSON"]) {
        k += 2;
    }
    let path = if k <= b && toks[k].is("PATH") {
        let p = k + 1;
        if p > b || toks[p].kind != LexemeKind::String {
            return Err(format!("column {name}: PATH is not a string"));
        }
        k = p + 1;
        source(text, toks, p, p).to_string()
    } else {
        let key = match name_tok.kind {
            LexemeKind::QuotedIdent => name.trim_matches('"').to_string(),
            _ => name.to_ascii_lowercase(),
        };
        format!("'$.\"{}\"'", key.replace('\'', "''").replace('"', "\\\""))
    };
    let c = clauses(text, cols, k, b + 1, src)?;
    if c.omit_quotes || !c.passing.is_empty() || c.returning.is_some() {
        return Err(format!("column {name}: a clause with no rewrite"));
    }
    let lower = ty.to_ascii_lowercase();
    if exists {
        if c.on_empty.is_some() || c.wrapper.is_some() {
            return Err(format!("column {name}: a clause EXISTS does not take"));
        }
        let test = match c.on_error.unwrap_or(Behaviour::False) {
            Behaviour::False => {
                format!("COALESCE(jsonb_path_exists(sqlport_jt.item, {path}, {vars}, true), false)")
            }
            Behaviour::True => {
                format!("COALESCE(jsonb_path_exists(sqlport_jt.item, {path}, {vars}, true), true)")
            }
            Behaviour::Unknown => {
                format!("jsonb_path_exists(sqlport_jt.item, {path}, {vars}, true)")
            }
            _ => return Err(format!("column {name}: this ON ERROR has no rewrite")),
        };
        let cast = if lower == "boolean" || lower == "bool" {
            String::new()
        } else {
            format!("::{ty}")
        };
        return Ok(format!("{test}{cast} AS {name}"));
    }
    if lower == "json" || lower == "jsonb" {
        let value = |b: Option<Behaviour>| match b.unwrap_or(Behaviour::Null) {
            Behaviour::Null => Ok("NULL".to_string()),
            Behaviour::EmptyArray => Ok("'[]'".to_string()),
            Behaviour::EmptyObject => Ok("'{}'".to_string()),
            Behaviour::Default(e) => Ok(format!("CAST({e} AS jsonb)")),
            _ => Err(format!(
                "column {name}: this ON EMPTY/ON ERROR has no rewrite"
            )),
        };
        let on_empty = value(c.on_empty)?;
        let on_error = value(c.on_error)?;
        helpers.push(Helper::JsonQuery);
        let cast = if lower == "json" { "::json" } else { "" };
        return Ok(format!(
            "{}(sqlport_jt.item, {path}, {vars}, '{}', {on_empty}, {on_error}){cast} AS {name}",
            Helper::JsonQuery.qualified(),
            c.wrapper.unwrap_or("NONE")
        ));
    }
    if c.wrapper.is_some() {
        return Err(format!("column {name}: a wrapper on a {ty} column"));
    }
    let value = |b: Option<Behaviour>| match b.unwrap_or(Behaviour::Null) {
        Behaviour::Null => Ok(format!("NULL::{ty}")),
        Behaviour::Default(e) => Ok(format!("CAST({e} AS {ty})")),
        _ => Err(format!(
            "column {name}: this ON EMPTY/ON ERROR has no rewrite"
        )),
    };
    let on_empty = value(c.on_empty)?;
    let on_error = value(c.on_error)?;
    helpers.push(Helper::JsonValue);
    let cast = if ty.contains('(') {
        format!("::{ty}")
    } else {
        String::new()
    };
    Ok(format!(
        "{}(sqlport_jt.item, {path}, {vars}, {on_empty}, {on_error}){cast} AS {name}",
        Helper::JsonValue.qualified()
    ))
}

/// Whether the `WITH` at `k` belongs to `timestamp with time zone`.
fn is_time_zone(toks: &[Tok<'_>], k: usize) -> bool {
    toks.get(k + 1).is_some_and(|t| t.is("TIME")) && toks.get(k + 2).is_some_and(|t| t.is("ZONE"))
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 申请单明细展开（PostgreSQL 17 JSON_TABLE）\nSELECT o.order_id, jt.*\n  FROM lab_order o,\n       JSON_TABLE(o.order_doc, '$.items[*]' COLUMNS (\n           seq FOR ORDINALITY,\n           item_code varchar(20) PATH '$.code',\n           qty int PATH '$.qty' DEFAULT 1 ON EMPTY,\n           urgent boolean EXISTS PATH '$.urgent',\n           spec jsonb PATH '$.specimen',\n           note text)) AS jt;\nSELECT * FROM JSON_TABLE('[1]', '$[*]' COLUMNS (NESTED PATH '$.x[*]' COLUMNS (y int PATH '$'))) jt;\n";

    #[test]
    fn lateral_path_query_before_17() {
        insta::assert_snapshot!(translated(SQL, &highgo(14)));
    }
}
