//! `pg-sql-json-query`: PostgreSQL 17's SQL/JSON query functions
//! `JSON_EXISTS`, `JSON_VALUE` and `JSON_QUERY` on older kernels, with the
//! SQL/JSON path language PostgreSQL 12 already has.
//!
//! **What it does.** The document becomes `doc::jsonb`, `PASSING v AS name,
//! …` the variables object `jsonb_build_object('name', v, …)` (an unquoted
//! name folded to lower case, as PostgreSQL folds it), and:
//!
//! | SQL/JSON | becomes |
//! |---|---|
//! | `JSON_EXISTS(doc, path)` (`FALSE ON ERROR`) | `COALESCE(jsonb_path_exists(doc::jsonb, path, vars, true), CASE WHEN doc::jsonb IS NOT NULL THEN false END)` |
//! | … `TRUE ON ERROR` / `UNKNOWN ON ERROR` / `ERROR ON ERROR` | `… THEN true END)` / `jsonb_path_exists(…, true)` / `jsonb_path_exists(doc::jsonb, path, vars)` |
//! | `JSON_VALUE(doc, path RETURNING t DEFAULT d ON EMPTY)` | `sqlport.json_value(doc::jsonb, path, vars, CAST(d AS t), NULL::t)` |
//! | `JSON_QUERY(doc, path WITH WRAPPER EMPTY ARRAY ON EMPTY)` | `sqlport.json_query(doc::jsonb, path, vars, 'UNCONDITIONAL', '[]', NULL)` |
//!
//! The helpers (`grammar/helpers/postgres/json_value.sql`,
//! `json_query.sql`) run `jsonb_path_query` and apply the SQL/JSON rules:
//! `JSON_VALUE` gives the one scalar (a JSON boolean as `t`/`f`, converted to
//! the `RETURNING` type, or `text`), the `ON EMPTY` value for no item and the
//! `ON ERROR` value for an error, several items, an object or an array, or a
//! failed conversion; `JSON_QUERY` gives the one item, or the items in an
//! array under `WITH WRAPPER` (`CONDITIONAL`: when there are several).
//! `RETURNING json` or `text` of `JSON_QUERY` casts the `jsonb` result.
//!
//! **Why.** The three functions arrive in PostgreSQL 17; jsonpath and
//! `jsonb_path_exists`/`jsonb_path_query` are in 12. `jsonb_path_exists` in
//! silent mode gives NULL on an error where `JSON_EXISTS` gives its `ON
//! ERROR` value (`FALSE` by default), hence the `COALESCE`, which keeps NULL
//! for a NULL document.
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! SELECT JSON_VALUE(result_doc, '$.value' RETURNING numeric) FROM lab_result;
//! SELECT sqlport.json_value(result_doc::jsonb, '$.value', '{}', NULL::numeric, NULL::numeric) FROM lab_result;
//! ```
//!
//! **Findings.** `SP0480` (info) at each rewrite, `SP0420` (info) the first
//! time a helper is needed; `SP0245` (error) for `ERROR ON EMPTY`, `ERROR ON
//! ERROR` of `JSON_VALUE`/`JSON_QUERY` (the error would have to be raised
//! mid-expression), `OMIT QUOTES`, `JSON_QUERY … RETURNING` another type
//! than `jsonb`, `json` or `text`, and forms not read.

use super::sql_json::{Inner, operand, render, replace, returning_type, source};
use super::{Context, Pass, Tok, between, downgraded, missing, unit_tokens, unsupported};
use crate::parse::set_aside::SQL_JSON_CLAUSE;
use crate::rewrite::helpers::Helper;
use crate::source::LexemeKind;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonQuery;

const FEATURE: &str = "sql_json_query_functions";

impl Pass for JsonQuery {
    fn name(&self) -> &'static str {
        "pg-sql-json-query"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, FEATURE) {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            let mut next = 0;
            for i in 0..toks.len() {
                let Some(function) = function_at(&toks, i) else {
                    continue;
                };
                if i < next {
                    // Inside a call rewritten whole: its text is the original.
                    let close = super::closing(&toks, i + 1).unwrap_or(i + 1);
                    unsupported(
                        cx,
                        between(&toks, i, close),
                        FEATURE,
                        "it is an argument of another SQL/JSON query function; rewrite the inner call by hand",
                    );
                    continue;
                }
                let Some(inner) = Inner::new(&toks, i + 1) else {
                    continue;
                };
                next = inner.close + 1;
                let at = between(&toks, i, inner.close);
                let edits = unit.edits.clone();
                match rewrite(text, &inner, function, &edits) {
                    Ok((out, helper)) => {
                        if replace(unit, at, out) {
                            if let Some(h) = helper {
                                cx.require_helper(h, at);
                            }
                            let became = match helper {
                                Some(h) => format!("{}(…)", h.qualified()),
                                None => "jsonb_path_exists(…)".to_string(),
                            };
                            downgraded(cx, at, FEATURE, &format!("{function} became {became}"));
                        }
                    }
                    Err(why) => unsupported(cx, at, FEATURE, &why),
                }
            }
        }
    }
}

/// The query function called at `i`, if one is.
fn function_at(toks: &[Tok<'_>], i: usize) -> Option<&'static str> {
    if !toks.get(i + 1).is_some_and(|t| t.punct('(')) {
        return None;
    }
    if i > 0
        && (toks[i - 1].punct('.') || ["FUNCTION", "PROCEDURE"].iter().any(|w| toks[i - 1].is(w)))
    {
        return None;
    }
    ["JSON_EXISTS", "JSON_VALUE", "JSON_QUERY"]
        .into_iter()
        .find(|f| toks[i].is(f))
}

/// What to do on an empty result or an error.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Behaviour {
    Error,
    Null,
    True,
    False,
    Unknown,
    EmptyArray,
    EmptyObject,
    /// `DEFAULT expr`: its text.
    Default(String),
}

/// The clauses of a SQL/JSON query function.
#[derive(Debug, Default)]
pub(super) struct Clauses {
    /// `PASSING value AS name`: (name, value's text).
    pub passing: Vec<(String, String)>,
    /// The `RETURNING` type.
    pub returning: Option<String>,
    /// `NONE`, `CONDITIONAL` or `UNCONDITIONAL`.
    pub wrapper: Option<&'static str>,
    /// `OMIT QUOTES`.
    pub omit_quotes: bool,
    /// `… ON EMPTY`.
    pub on_empty: Option<Behaviour>,
    /// `… ON ERROR`.
    pub on_error: Option<Behaviour>,
}

/// The rewritten call and the helper it uses.
fn rewrite(
    text: &str,
    inner: &Inner<'_, '_>,
    function: &str,
    edits: &[crate::ast::Edit],
) -> Result<(String, Option<Helper>), String> {
    let toks = inner.toks;
    let src = |a: usize, b: usize| render(text, toks, a, b, edits, &|_| None);
    let first = inner.open + 1;
    let comma = inner
        .find(first, inner.close, |k| toks[k].punct(','))
        .ok_or("no path argument")?;
    if comma == first {
        return Err("no document argument".to_string());
    }
    let mut doc_end = comma - 1;
    if doc_end >= first + 2 && toks[doc_end - 1].is("FORMAT") && toks[doc_end].is("JSON") {
        doc_end -= 2;
    }
    let path_start = comma + 1;
    let path_end = inner
        .find(path_start, inner.close, |k| {
            SQL_JSON_CLAUSE.iter().any(|w| toks[k].is(w))
        })
        .unwrap_or(inner.close);
    if path_end <= path_start {
        return Err("no path argument".to_string());
    }
    let c = clauses(text, inner, path_end, inner.close, &src)?;
    let doc = {
        let plain = operand(text, toks, first, doc_end);
        let rendered = src(first, doc_end);
        if plain.starts_with('(') {
            format!("({rendered})::jsonb")
        } else {
            format!("{rendered}::jsonb")
        }
    };
    let path = if path_end == path_start + 1 && toks[path_start].kind == LexemeKind::String {
        source(text, toks, path_start, path_start).to_string()
    } else {
        format!("({})::jsonpath", src(path_start, path_end - 1))
    };
    let vars = vars(&c.passing);
    if c.omit_quotes {
        return Err("OMIT QUOTES has no rewrite".to_string());
    }
    match function {
        "JSON_EXISTS" => {
            if c.returning.is_some() || c.wrapper.is_some() || c.on_empty.is_some() {
                return Err("a clause JSON_EXISTS does not take".to_string());
            }
            let silent = format!("jsonb_path_exists({doc}, {path}, {vars}, true)");
            let out = match c.on_error.unwrap_or(Behaviour::False) {
                Behaviour::False => {
                    format!("COALESCE({silent}, CASE WHEN {doc} IS NOT NULL THEN false END)")
                }
                Behaviour::True => {
                    format!("COALESCE({silent}, CASE WHEN {doc} IS NOT NULL THEN true END)")
                }
                Behaviour::Unknown => silent,
                Behaviour::Error => format!("jsonb_path_exists({doc}, {path}, {vars})"),
                other => return Err(format!("{other:?} ON ERROR is not a JSON_EXISTS behaviour")),
            };
            Ok((out, None))
        }
        "JSON_VALUE" => {
            if c.wrapper.is_some() {
                return Err("JSON_VALUE takes no wrapper clause".to_string());
            }
            let ty = c.returning.clone().unwrap_or_else(|| "text".to_string());
            let value = |b: Option<Behaviour>, on: &str| match b.unwrap_or(Behaviour::Null) {
                Behaviour::Null => Ok(format!("NULL::{ty}")),
                Behaviour::Default(e) => Ok(format!("CAST({e} AS {ty})")),
                Behaviour::Error => Err(format!(
                    "ERROR ON {on} has no rewrite: the helper would have to raise the error mid-expression"
                )),
                other => Err(format!("{other:?} ON {on} is not a JSON_VALUE behaviour")),
            };
            let on_empty = value(c.on_empty.clone(), "EMPTY")?;
            let on_error = value(c.on_error.clone(), "ERROR")?;
            let call = format!(
                "{}({doc}, {path}, {vars}, {on_empty}, {on_error})",
                Helper::JsonValue.qualified()
            );
            // A type modifier (numeric(10,2), varchar(20)) is lost by the
            // polymorphic helper: cast its result again.
            let out = if ty.contains('(') {
                format!("{call}::{ty}")
            } else {
                call
            };
            Ok((out, Some(Helper::JsonValue)))
        }
        _ => {
            let value = |b: Option<Behaviour>, on: &str| match b.unwrap_or(Behaviour::Null) {
                Behaviour::Null => Ok("NULL".to_string()),
                Behaviour::EmptyArray => Ok("'[]'".to_string()),
                Behaviour::EmptyObject => Ok("'{}'".to_string()),
                Behaviour::Default(e) => Ok(format!("CAST({e} AS jsonb)")),
                Behaviour::Error => Err(format!(
                    "ERROR ON {on} has no rewrite: the helper would have to raise the error mid-expression"
                )),
                other => Err(format!("{other:?} ON {on} is not a JSON_QUERY behaviour")),
            };
            let on_empty = value(c.on_empty.clone(), "EMPTY")?;
            let on_error = value(c.on_error.clone(), "ERROR")?;
            let call = format!(
                "{}({doc}, {path}, {vars}, '{}', {on_empty}, {on_error})",
                Helper::JsonQuery.qualified(),
                c.wrapper.unwrap_or("NONE")
            );
            let out = match c
                .returning
                .as_deref()
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                None | Some("jsonb") => call,
                Some("json") => format!("{call}::json"),
                Some(t)
                    if t == "text"
                        || t.starts_with("varchar")
                        || t.starts_with("character varying") =>
                {
                    format!("{call}::{}", c.returning.as_deref().unwrap_or("text"))
                }
                Some(t) => return Err(format!("JSON_QUERY RETURNING {t} has no rewrite")),
            };
            Ok((out, Some(Helper::JsonQuery)))
        }
    }
}

/// The variables object of `PASSING`: `'{}'` when there are none.
pub(super) fn vars(passing: &[(String, String)]) -> String {
    if passing.is_empty() {
        return "'{}'".to_string();
    }
    let list: Vec<String> = passing
        .iter()
        .map(|(name, value)| format!("'{}', {value}", name.replace('\'', "''")))
        .collect();
    format!("jsonb_build_object({})", list.join(", "))
}

/// Reads the clauses from `k` to `end` (the call's `)`, or the end of a
/// `JSON_TABLE` column).
pub(super) fn clauses(
    text: &str,
    inner: &Inner<'_, '_>,
    mut k: usize,
    end: usize,
    src: &dyn Fn(usize, usize) -> String,
) -> Result<Clauses, String> {
    let toks = inner.toks;
    let mut c = Clauses::default();
    let on_at = |j: usize| {
        inner.top(j) && (inner.words(j, &["ON", "EMPTY"]) || inner.words(j, &["ON", "ERROR"]))
    };
    while k < end {
        let t = &toks[k];
        if t.is("PASSING") {
            k += 1;
            loop {
                let as_at = inner
                    .find(k, end, |j| toks[j].is("AS"))
                    .ok_or("PASSING without AS")?;
                if as_at == k || as_at + 1 >= end {
                    return Err("a PASSING value has no value or no name".to_string());
                }
                let name_tok = &toks[as_at + 1];
                let name = match name_tok.kind {
                    LexemeKind::QuotedIdent => {
                        name_tok.text.trim_matches('"').replace("\"\"", "\"")
                    }
                    LexemeKind::Word => name_tok.text.to_ascii_lowercase(),
                    _ => return Err("a PASSING name is not a name".to_string()),
                };
                c.passing.push((name, src(k, as_at - 1)));
                k = as_at + 2;
                if k < end && toks[k].punct(',') {
                    k += 1;
                } else {
                    break;
                }
            }
        } else if t.is("RETURNING") {
            let stop =
                |j: usize| SQL_JSON_CLAUSE.iter().any(|w| toks[j].is(w)) && !toks[j].is("PASSING");
            let (ty, next) =
                returning_type(text, inner, k, end, &stop).ok_or("RETURNING without a type")?;
            c.returning = Some(ty);
            k = next;
        } else if inner.words(k, &["WITHOUT"]) {
            k += 1;
            if inner.words(k, &["ARRAY"]) {
                k += 1;
            }
            if !inner.words(k, &["WRAPPER"]) {
                return Err("WITHOUT without WRAPPER".to_string());
            }
            c.wrapper = Some("NONE");
            k += 1;
        } else if inner.words(k, &["WITH"]) {
            k += 1;
            let mut wrapper = "UNCONDITIONAL";
            if inner.words(k, &["CONDITIONAL"]) {
                wrapper = "CONDITIONAL";
                k += 1;
            } else if inner.words(k, &["UNCONDITIONAL"]) {
                k += 1;
            }
            if inner.words(k, &["ARRAY"]) {
                k += 1;
            }
            if !inner.words(k, &["WRAPPER"]) {
                return Err("WITH without WRAPPER".to_string());
            }
            c.wrapper = Some(wrapper);
            k += 1;
        } else if t.is("KEEP") || t.is("OMIT") {
            c.omit_quotes = t.is("OMIT");
            k += 1;
            if !inner.words(k, &["QUOTES"]) {
                return Err("KEEP or OMIT without QUOTES".to_string());
            }
            k += 1;
            if inner.words(k, &["ON", "SCALAR", "STRING"]) {
                k += 3;
            }
        } else {
            let (behaviour, on) = if t.is("DEFAULT") {
                let on = inner
                    .find(k + 1, end, on_at)
                    .ok_or("DEFAULT without ON EMPTY or ON ERROR")?;
                if on == k + 1 {
                    return Err("DEFAULT without a value".to_string());
                }
                (Behaviour::Default(src(k + 1, on - 1)), on)
            } else if t.is("EMPTY") && inner.words(k + 1, &["ARRAY"]) {
                (Behaviour::EmptyArray, k + 2)
            } else if t.is("EMPTY") && inner.words(k + 1, &["OBJECT"]) {
                (Behaviour::EmptyObject, k + 2)
            } else {
                let b = match t.text.to_ascii_uppercase().as_str() {
                    "ERROR" => Behaviour::Error,
                    "NULL" => Behaviour::Null,
                    "TRUE" => Behaviour::True,
                    "FALSE" => Behaviour::False,
                    "UNKNOWN" => Behaviour::Unknown,
                    "EMPTY" => Behaviour::EmptyArray,
                    _ => return Err(format!("`{}` was not expected here", t.text)),
                };
                (b, k + 1)
            };
            if !on_at(on) {
                return Err("a behaviour without ON EMPTY or ON ERROR".to_string());
            }
            if toks[on + 1].is("EMPTY") {
                c.on_empty = Some(behaviour);
            } else {
                c.on_error = Some(behaviour);
            }
            k = on + 2;
        }
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 检验结果 JSON 查询（PostgreSQL 17 SQL/JSON 查询函数）\nSELECT r.result_id,\n       JSON_VALUE(r.result_doc, '$.value' RETURNING numeric(10,2)) AS val,\n       JSON_VALUE(r.result_doc, '$.unit' DEFAULT '-' ON EMPTY) AS unit,\n       JSON_VALUE(r.result_doc, '$.critical' RETURNING boolean DEFAULT false ON EMPTY DEFAULT false ON ERROR) AS critical,\n       JSON_QUERY(r.result_doc, '$.ref_range') AS ref_range,\n       JSON_QUERY(r.result_doc, '$.comments[*]' WITH CONDITIONAL WRAPPER EMPTY ARRAY ON EMPTY) AS comments,\n       JSON_QUERY(r.result_doc, '$.flags' RETURNING text)\n  FROM lab_result r\n WHERE JSON_EXISTS(r.result_doc, '$.value ? (@ > $lim)' PASSING o.upper_limit AS lim)\n   AND JSON_EXISTS(r.result_doc::text, 'strict $.device' TRUE ON ERROR);\nSELECT JSON_VALUE(result_doc, '$.value' ERROR ON ERROR), JSON_QUERY(result_doc, '$.s' OMIT QUOTES) FROM lab_result;\n";

    #[test]
    fn jsonpath_and_helpers_before_17() {
        insta::assert_snapshot!(translated(SQL, &highgo(15)));
    }
}
