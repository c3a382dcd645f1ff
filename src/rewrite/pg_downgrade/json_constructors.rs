//! `pg-sql-json-constructors`: the SQL/JSON constructors `JSON_OBJECT`,
//! `JSON_ARRAY`, `JSON_OBJECTAGG`, `JSON_ARRAYAGG` (PostgreSQL 16) and
//! `JSON()`, `JSON_SCALAR()`, `JSON_SERIALIZE()` (17) on older kernels.
//!
//! **What it does.** Each call becomes the older function that builds the
//! same value, `jsonb_` ones where the result is `jsonb` (`RETURNING jsonb`,
//! or, with no `RETURNING`, an argument the script shows to be `jsonb`):
//!
//! | SQL/JSON | becomes |
//! |---|---|
//! | `JSON_OBJECT(k VALUE v, …)` (`NULL ON NULL`, its default) | `json_build_object(k, v, …)` |
//! | `JSON_OBJECT(… ABSENT ON NULL)` | the pairs whose value is not NULL, joined: `('{' \|\| concat_ws(', ', to_json(k::text)::text \|\| ' : ' \|\| to_json(v)::text, …) \|\| '}')::json` |
//! | `JSON_ARRAY(v, …)` (`ABSENT ON NULL`, its default) | the same join of `to_json(v)::text` in `[ ]`; `json_build_array(v, …)` when no value can be NULL or with `NULL ON NULL` |
//! | `JSON_ARRAY(query)` | `(SELECT <JSON_ARRAYAGG rewrite> FROM (query) AS sqlport_q(v))` |
//! | `JSON_OBJECTAGG(k VALUE v)` | `json_object_agg(k, v)`; `ABSENT ON NULL`: `COALESCE(json_object_agg(k, v) FILTER (WHERE v IS NOT NULL), CASE WHEN count(*) > 0 THEN '{  }'::json END)` |
//! | `JSON_ARRAYAGG(v ORDER BY o)` (`ABSENT ON NULL`, its default) | `COALESCE(json_agg(v ORDER BY o) FILTER (WHERE v IS NOT NULL), CASE WHEN count(*) > 0 THEN '[]'::json END)`; `NULL ON NULL`: `json_agg(v ORDER BY o)` |
//! | `JSON_SCALAR(v)` | `to_json(v)` |
//! | `JSON(t)`, `JSON_SERIALIZE(j)` | `t::json`, `j::text` |
//!
//! `RETURNING text` (or `varchar`) casts the result; a `FORMAT JSON` value
//! is cast to the json type. An aggregate's own `FILTER (WHERE c)` joins the
//! NULL test (`WHERE (c) AND v IS NOT NULL`, and the row count under `c`).
//!
//! **Why.** The constructors arrive in PostgreSQL 16 (`JSON()`, `JSON_SCALAR`,
//! `JSON_SERIALIZE` in 17). `json_build_object`, `json_build_array`,
//! `json_object_agg` and `json_agg` build the same values with the same text
//! (checked on PostgreSQL 17.10). `ABSENT ON NULL` is where they differ:
//! `json_strip_nulls` would also strip the nulls inside nested values and
//! reformat the text, so the pairs or elements are joined instead, each one
//! `NULL` when its value is (`concat_ws` leaves NULLs out), with the same
//! separators as `json_build_object`. The aggregates with `ABSENT ON NULL`
//! give `[]` (`{  }`) for a group whose values are all NULL and NULL for no
//! rows, hence the `COALESCE … count(*)`.
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! SELECT JSON_OBJECT('code' VALUE item_code, 'flag' VALUE abn_flag ABSENT ON NULL RETURNING jsonb) FROM lab_result;
//! SELECT ('{' || concat_ws(', ', to_json(('code')::text)::text || ' : ' || to_json(item_code)::text,
//!        to_json(('flag')::text)::text || ' : ' || to_json(abn_flag)::text) || '}')::jsonb FROM lab_result;
//! ```
//!
//! **Findings.** `SP0480` (info) at each rewrite; `SP0246` (warning) where
//! the result is `json` but an argument's type is not known from the script
//! (PostgreSQL 16 gives `jsonb` when an argument is `jsonb`); `SP0245`
//! (error) for `WITH UNIQUE KEYS`, `RETURNING` other types, window
//! (`OVER`) uses of `ABSENT ON NULL` aggregates and forms not read.

use std::cell::RefCell;

use super::sql_json::{
    Inner, Kind, Names, is_non_null_literal, is_null, kind_of, operand, render, replace,
    returning_type, source,
};
use super::{Context, Pass, Tok, between, downgraded, missing, unit_tokens, unsupported};
use crate::report::{Code, Finding};
use crate::source::{LexemeKind, Span};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonConstructors;

/// The calls the pass rewrites, with their feature in `grammar/pg_features.toml`.
const CALLS: [(&str, &str); 7] = [
    ("JSON_OBJECT", "sql_json_constructors"),
    ("JSON_ARRAY", "sql_json_constructors"),
    ("JSON_OBJECTAGG", "sql_json_aggregates"),
    ("JSON_ARRAYAGG", "sql_json_aggregates"),
    ("JSON_SCALAR", "sql_json_scalar"),
    ("JSON", "sql_json_scalar"),
    ("JSON_SERIALIZE", "sql_json_scalar"),
];

/// A rewrite: the replaced span's last token, the text, whether the result
/// type rests on an argument of unknown type (its text).
struct Rewrite {
    last: usize,
    text: String,
    unknown: Option<String>,
    /// What it became, for the finding.
    how: String,
}

impl Pass for JsonConstructors {
    fn name(&self) -> &'static str {
        "pg-sql-json-constructors"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let wanted: Vec<(&str, &str)> = CALLS.into_iter().filter(|(_, f)| missing(cx, f)).collect();
        if wanted.is_empty() {
            return;
        }
        let text = cx.file.text();
        let names = Names::of(text, script);
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            let w = W {
                text,
                toks: &toks,
                names: &names,
                edits: unit.edits.clone(),
                wanted: &wanted,
                reports: RefCell::new(Vec::new()),
            };
            // Outermost calls: a call inside another is rewritten as part
            // of its parent's text (`W::src`).
            let mut next = 0;
            let mut made = Vec::new();
            for i in 0..toks.len() {
                if i < next {
                    continue;
                }
                let Some(feature) = w.feature(i) else {
                    continue;
                };
                match w.rewrite(i) {
                    Ok(None) => {}
                    Ok(Some(r)) => {
                        next = r.last + 1;
                        made.push((i, r));
                    }
                    Err(why) => {
                        let close = super::closing(&toks, i + 1).unwrap_or(i + 1);
                        unsupported(cx, between(&toks, i, close), feature, &why);
                    }
                }
            }
            for (i, r) in made {
                let at = between(&toks, i, r.last);
                if replace(unit, at, r.text.clone()) {
                    w.report(i, &r);
                }
            }
            for (at, feature, message, unknown) in w.reports.into_inner() {
                downgraded(cx, at, feature, &message);
                if let Some(m) = unknown {
                    cx.findings.push(
                        Finding::new(Code::SP0246, at, m).with_help(Code::SP0246.info().help),
                    );
                }
            }
        }
    }
}

/// A finding to make: where, the feature, the message of the `SP0480`, the
/// message of an `SP0246`.
type Report = (Span, &'static str, String, Option<String>);

/// The pass's reading of one unit.
struct W<'t, 'a> {
    text: &'a str,
    toks: &'t [Tok<'a>],
    names: &'t Names,
    /// The edits earlier passes made in the unit.
    edits: Vec<crate::ast::Edit>,
    wanted: &'t [(&'static str, &'static str)],
    /// The rewrites made, the nested ones too.
    reports: RefCell<Vec<Report>>,
}

impl W<'_, '_> {
    /// The feature of the call whose name is at `i`, if the pass rewrites it.
    fn feature(&self, i: usize) -> Option<&'static str> {
        let t = &self.toks[i];
        if !self.toks.get(i + 1).is_some_and(|n| n.punct('(')) {
            return None;
        }
        if i > 0
            && (self.toks[i - 1].punct('.')
                || ["FUNCTION", "PROCEDURE", "AGGREGATE"]
                    .iter()
                    .any(|w| self.toks[i - 1].is(w)))
        {
            return None;
        }
        self.wanted.iter().find(|(n, _)| t.is(n)).map(|(_, f)| *f)
    }

    /// The text of tokens `a..=b`, nested calls and earlier edits rewritten.
    fn src(&self, a: usize, b: usize) -> String {
        let nested = |k: usize| {
            self.feature(k)?;
            let r = self.rewrite(k).ok()??;
            self.report(k, &r);
            Some((r.last, r.text))
        };
        render(self.text, self.toks, a, b, &self.edits, &nested)
    }

    /// Records the findings of the rewrite of the call at `i`.
    fn report(&self, i: usize, r: &Rewrite) {
        let Some(feature) = self.feature(i) else {
            return;
        };
        let name = self.toks[i].text.to_ascii_uppercase();
        let unknown = r.unknown.as_ref().map(|arg| {
            format!(
                "{name} without RETURNING became a json constructor, but the type of `{arg}` is not known here: PostgreSQL 16+ returns jsonb when an argument is jsonb"
            )
        });
        self.reports.borrow_mut().push((
            between(self.toks, i, r.last),
            feature,
            format!("{name} became {}", r.how),
            unknown,
        ));
    }

    fn rewrite(&self, i: usize) -> Result<Option<Rewrite>, String> {
        let inner = Inner::new(self.toks, i + 1).ok_or("the call is not closed")?;
        match self.toks[i].text.to_ascii_uppercase().as_str() {
            "JSON_OBJECT" => json_object(self, &inner),
            "JSON_ARRAY" => json_array(self, &inner),
            "JSON_OBJECTAGG" => aggregate(self, &inner, true),
            "JSON_ARRAYAGG" => aggregate(self, &inner, false),
            name => scalar(self, &inner, name),
        }
    }
}

/// The clauses after a constructor's arguments.
#[derive(Debug, Default)]
struct Clauses {
    /// `Some(true)`: ABSENT ON NULL; `Some(false)`: NULL ON NULL.
    absent: Option<bool>,
    unique: bool,
    returning: Option<String>,
}

/// Whether a clause of a constructor starts at `k`.
fn clause_at(inner: &Inner<'_, '_>, k: usize) -> bool {
    inner.top(k)
        && ((inner.words(k, &["NULL", "ON", "NULL"]) || inner.words(k, &["ABSENT", "ON", "NULL"]))
            || inner.words(k, &["WITH", "UNIQUE"])
            || inner.words(k, &["WITHOUT", "UNIQUE"])
            || inner.toks[k].is("RETURNING"))
}

/// Reads the clauses from `k` to the call's `)`.
fn clauses(text: &str, inner: &Inner<'_, '_>, mut k: usize) -> Result<Clauses, String> {
    let mut c = Clauses::default();
    while k < inner.close {
        if inner.words(k, &["NULL", "ON", "NULL"]) {
            c.absent = Some(false);
            k += 3;
        } else if inner.words(k, &["ABSENT", "ON", "NULL"]) {
            c.absent = Some(true);
            k += 3;
        } else if inner.words(k, &["WITH", "UNIQUE"]) || inner.words(k, &["WITHOUT", "UNIQUE"]) {
            c.unique = inner.toks[k].is("WITH");
            k += 2;
            if inner.words(k, &["KEYS"]) {
                k += 1;
            }
        } else if inner.toks[k].is("RETURNING") {
            let stop = |j: usize| clause_at(inner, j);
            let (ty, next) = returning_type(text, inner, k, inner.close, &stop)
                .ok_or("RETURNING without a type")?;
            c.returning = Some(ty);
            k = next;
        } else {
            return Err(format!("`{}` was not expected here", inner.toks[k].text));
        }
    }
    Ok(c)
}

/// The result type: `"jsonb"` or `"json"`, a cast to put after it, and the
/// argument of unknown type the choice rests on.
fn result_type(
    w: &W<'_, '_>,
    returning: Option<&str>,
    args: &[(usize, usize)],
) -> Result<(&'static str, Option<String>, Option<String>), String> {
    if let Some(ty) = returning {
        let lower = ty.to_ascii_lowercase();
        return match lower.as_str() {
            "jsonb" => Ok(("jsonb", None, None)),
            "json" => Ok(("json", None, None)),
            _ if lower == "text"
                || lower.starts_with("varchar")
                || lower.starts_with("character varying") =>
            {
                Ok(("json", Some(ty.to_string()), None))
            }
            _ => Err(format!("RETURNING {ty} has no rewrite")),
        };
    }
    let kinds: Vec<Kind> = args
        .iter()
        .map(|&(a, b)| kind_of(w.toks, a, b, w.names))
        .collect();
    if kinds.contains(&Kind::Jsonb) {
        return Ok(("jsonb", None, None));
    }
    let unknown = args
        .iter()
        .zip(&kinds)
        .find(|(_, k)| **k == Kind::Unknown)
        .map(|(&(a, b), _)| source(w.text, w.toks, a, b).to_string());
    Ok(("json", None, unknown))
}

/// An argument's text and its last token before a `FORMAT JSON` suffix,
/// which becomes a cast to `ty`.
fn arg(w: &W<'_, '_>, a: usize, b: usize, ty: &str) -> (usize, String) {
    let toks = w.toks;
    let format_at = if b >= a + 2 && toks[b - 1].is("FORMAT") && toks[b].is("JSON") {
        Some(b - 2)
    } else if b >= a + 4
        && toks[b - 3].is("FORMAT")
        && toks[b - 2].is("JSON")
        && toks[b - 1].is("ENCODING")
    {
        Some(b - 4)
    } else {
        None
    };
    match format_at {
        Some(end) => (end, format!("{}::{ty}", wrapped(w, a, end))),
        None => (b, w.src(a, b)),
    }
}

/// The expression `a..=b` as the operand of a postfix cast or `IS`: in
/// parentheses unless it is a name, a literal or a call (what a nested
/// rewrite makes of a call binds as tightly).
fn wrapped(w: &W<'_, '_>, a: usize, b: usize) -> String {
    let text = w.src(a, b);
    if operand(w.text, w.toks, a, b).starts_with('(') {
        format!("({text})")
    } else {
        text
    }
}

/// `to_json(v)` of a value: a string literal, which has no type yet, as text.
fn to_json(w: &W<'_, '_>, a: usize, b: usize, value: &str) -> String {
    if a == b && w.toks[a].kind == LexemeKind::String {
        format!("to_json({value}::text)")
    } else {
        format!("to_json({value})")
    }
}

/// Splits the arguments from the clauses: the arguments (comma-separated)
/// and the clauses read from the first clause keyword.
fn arguments(
    w: &W<'_, '_>,
    inner: &Inner<'_, '_>,
) -> Result<(Vec<(usize, usize)>, Clauses), String> {
    let first = inner.open + 1;
    let clause = inner
        .find(first, inner.close, |k| clause_at(inner, k))
        .unwrap_or(inner.close);
    let clauses = clauses(w.text, inner, clause)?;
    Ok((inner.split(first, clause), clauses))
}

/// The index of the `VALUE` or lone `:` between a key and its value in `a..=b`.
fn separator(inner: &Inner<'_, '_>, a: usize, b: usize) -> Option<usize> {
    let toks = inner.toks;
    (a..=b).find(|&k| {
        inner.top(k)
            && (toks[k].is("VALUE")
                || (toks[k].punct(':')
                    && !toks[k - 1].punct(':')
                    && !toks.get(k + 1).is_some_and(|t| t.punct(':'))))
    })
}

fn json_object(w: &W<'_, '_>, inner: &Inner<'_, '_>) -> Result<Option<Rewrite>, String> {
    let toks = w.toks;
    let (items, c) = arguments(w, inner)?;
    let pairs: Vec<Option<usize>> = items.iter().map(|&(a, b)| separator(inner, a, b)).collect();
    let new_syntax = items.is_empty()
        || pairs.iter().any(Option::is_some)
        || c.absent.is_some()
        || c.unique
        || c.returning.is_some();
    if !new_syntax {
        // json_object(text[]) and json_object(keys, values): the old functions.
        return Ok(None);
    }
    if c.unique {
        return Err("WITH UNIQUE KEYS (an error on a repeated key) has no rewrite".to_string());
    }
    let mut kv = Vec::new();
    for (&(a, b), sep) in items.iter().zip(&pairs) {
        let sep = sep.ok_or("an item is not `key VALUE value`")?;
        if sep == a || sep == b {
            return Err("an item has no key or no value".to_string());
        }
        kv.push(((a, sep - 1), (sep + 1, b)));
    }
    let args: Vec<(usize, usize)> = kv.iter().flat_map(|&(k, v)| [k, v]).collect();
    let (ty, cast, unknown) = result_type(w, c.returning.as_deref(), &args)?;
    let absent = c.absent.unwrap_or(false);
    let may_be_null = kv
        .iter()
        .any(|&(_, (a, b))| !is_non_null_literal(toks, a, b));
    let how = if !absent || !may_be_null {
        format!("{ty}_build_object(…)")
    } else {
        format!(
            "the key/value pairs whose value is not NULL joined into a {ty} object (ABSENT ON NULL)"
        )
    };
    let built = if !absent || !may_be_null {
        let list: Vec<String> = kv
            .iter()
            .map(|&((ka, kb), (va, vb))| format!("{}, {}", w.src(ka, kb), arg(w, va, vb, ty).1))
            .collect();
        format!("{ty}_build_object({})", list.join(", "))
    } else {
        let list: Vec<String> = kv
            .iter()
            .filter(|&&(_, (va, vb))| !is_null(toks, va, vb))
            .map(|&((ka, kb), (va, vb))| {
                let (end, value) = arg(w, va, vb, ty);
                format!(
                    "to_json({}::text)::text || ' : ' || {}::text",
                    wrapped(w, ka, kb),
                    to_json(w, va, end, &value)
                )
            })
            .collect();
        format!(
            "('{{' || concat_ws(', ', {}) || '}}')::{ty}",
            list.join(", ")
        )
    };
    Ok(Some(Rewrite {
        last: inner.close,
        how: with_cast_note(how, cast.as_deref()),
        text: with_cast(built, cast),
        unknown,
    }))
}

/// `how`, with the cast of `RETURNING text` said.
fn with_cast_note(how: String, cast: Option<&str>) -> String {
    match cast {
        Some(t) => format!("{how}, cast to {t}"),
        None => how,
    }
}

fn with_cast(built: String, cast: Option<String>) -> String {
    match cast {
        Some(t) => format!("{built}::{t}"),
        None => built,
    }
}

fn json_array(w: &W<'_, '_>, inner: &Inner<'_, '_>) -> Result<Option<Rewrite>, String> {
    let toks = w.toks;
    let first = inner.open + 1;
    if first < inner.close
        && ["SELECT", "WITH", "VALUES", "TABLE"]
            .iter()
            .any(|k| toks[first].is(k))
    {
        // JSON_ARRAY(query [RETURNING type]): the query's rows aggregated,
        // as JSON_ARRAYAGG over them.
        let returning = inner.find(first, inner.close, |k| toks[k].is("RETURNING"));
        let query_end = returning.unwrap_or(inner.close);
        if query_end <= first + 1 {
            return Err("JSON_ARRAY without a query".to_string());
        }
        let c = match returning {
            Some(r) => clauses(w.text, inner, r)?,
            None => Clauses::default(),
        };
        let (ty, cast, _) = result_type(w, c.returning.as_deref(), &[])?;
        let query = w.src(first, query_end - 1);
        let agg = absent_agg(
            &format!("{ty}_agg(sqlport_q.v)"),
            "sqlport_q.v",
            None,
            &format!("'[]'::{ty}"),
        );
        return Ok(Some(Rewrite {
            last: inner.close,
            how: with_cast_note(
                format!("{ty}_agg(…) of the query's non-NULL values"),
                cast.as_deref(),
            ),
            text: with_cast(
                format!("(SELECT {agg} FROM ({query}) AS sqlport_q(v))"),
                cast,
            ),
            unknown: None,
        }));
    }
    let (items, c) = arguments(w, inner)?;
    let (ty, cast, unknown) = result_type(w, c.returning.as_deref(), &items)?;
    let absent = c.absent.unwrap_or(true);
    let may_be_null = items.iter().any(|&(a, b)| !is_non_null_literal(toks, a, b));
    let how = if !absent || !may_be_null {
        format!("{ty}_build_array(…)")
    } else {
        format!("the values that are not NULL joined into a {ty} array (ABSENT ON NULL)")
    };
    let built = if !absent || !may_be_null {
        let list: Vec<String> = items.iter().map(|&(a, b)| arg(w, a, b, ty).1).collect();
        format!("{ty}_build_array({})", list.join(", "))
    } else {
        let list: Vec<String> = items
            .iter()
            .filter(|&&(a, b)| !is_null(toks, a, b))
            .map(|&(a, b)| {
                let (end, value) = arg(w, a, b, ty);
                format!("{}::text", to_json(w, a, end, &value))
            })
            .collect();
        if list.is_empty() {
            format!("{ty}_build_array()")
        } else {
            format!("('[' || concat_ws(', ', {}) || ']')::{ty}", list.join(", "))
        }
    };
    Ok(Some(Rewrite {
        last: inner.close,
        how: with_cast_note(how, cast.as_deref()),
        text: with_cast(built, cast),
        unknown,
    }))
}

/// An aggregate that leaves out NULL values: NULL for no rows, `empty` for
/// rows whose values are all NULL; `filter` is the call's own condition.
fn absent_agg(agg: &str, value: &str, filter: Option<&str>, empty: &str) -> String {
    let (cond, count_filter) = match filter {
        Some(c) => (
            format!("({c}) AND {value} IS NOT NULL"),
            format!(" FILTER (WHERE {c})"),
        ),
        None => (format!("{value} IS NOT NULL"), String::new()),
    };
    format!(
        "COALESCE({agg} FILTER (WHERE {cond}), CASE WHEN count(*){count_filter} > 0 THEN {empty} END)"
    )
}

fn aggregate(
    w: &W<'_, '_>,
    inner: &Inner<'_, '_>,
    object: bool,
) -> Result<Option<Rewrite>, String> {
    let toks = w.toks;
    let first = inner.open + 1;
    let clause = inner
        .find(first, inner.close, |k| clause_at(inner, k))
        .unwrap_or(inner.close);
    let c = clauses(w.text, inner, clause)?;
    if c.unique {
        return Err("WITH UNIQUE KEYS (an error on a repeated key) has no rewrite".to_string());
    }
    // What follows the call: FILTER (WHERE …) and OVER.
    let mut last = inner.close;
    let mut filter = None;
    if toks.get(last + 1).is_some_and(|t| t.is("FILTER"))
        && toks.get(last + 2).is_some_and(|t| t.punct('('))
        && toks.get(last + 3).is_some_and(|t| t.is("WHERE"))
    {
        let close = super::closing(toks, last + 2).ok_or("FILTER is not closed")?;
        if close <= last + 4 {
            return Err("FILTER without a condition".to_string());
        }
        filter = Some(w.src(last + 4, close - 1));
        last = close;
    }
    let over = toks.get(last + 1).is_some_and(|t| t.is("OVER"));
    let (args, order, value) = if object {
        let sep = separator(inner, first, clause.saturating_sub(1))
            .ok_or("JSON_OBJECTAGG without `key VALUE value`")?;
        if sep == first || sep + 1 >= clause {
            return Err("JSON_OBJECTAGG without a key or a value".to_string());
        }
        (
            vec![(first, sep - 1), (sep + 1, clause - 1)],
            String::new(),
            (sep + 1, clause - 1),
        )
    } else {
        let order = inner.find(first, clause, |k| inner.words(k, &["ORDER", "BY"]));
        let value_end = order.unwrap_or(clause);
        if value_end <= first {
            return Err("JSON_ARRAYAGG without a value".to_string());
        }
        let order_text = order
            .map(|o| format!(" {}", w.src(o, clause - 1)))
            .unwrap_or_default();
        (
            vec![(first, value_end - 1)],
            order_text,
            (first, value_end - 1),
        )
    };
    let (ty, cast, unknown) = result_type(w, c.returning.as_deref(), &args)?;
    if cast.is_some() && over {
        return Err("a window aggregate with RETURNING has no rewrite".to_string());
    }
    let absent = c.absent.unwrap_or(!object);
    let (value_end, value_text) = arg(w, value.0, value.1, ty);
    let agg = if object {
        format!(
            "{ty}_object_agg({}, {value_text})",
            w.src(args[0].0, args[0].1)
        )
    } else {
        format!("{ty}_agg({value_text}{order})")
    };
    let function = if object {
        format!("{ty}_object_agg")
    } else {
        format!("{ty}_agg")
    };
    let leaves_nulls_out = absent && !is_non_null_literal(toks, value.0, value_end);
    let how = if leaves_nulls_out {
        format!(
            "{function}(…) FILTER (WHERE … IS NOT NULL), empty for a group of NULLs (ABSENT ON NULL)"
        )
    } else {
        format!("{function}(…)")
    };
    let built = if leaves_nulls_out {
        if over {
            return Err("a window aggregate with ABSENT ON NULL has no rewrite".to_string());
        }
        let empty = match (object, ty) {
            // The text PostgreSQL 17 gives for an object with no members.
            (true, "json") => "'{  }'::json".to_string(),
            (true, _) => "'{}'::jsonb".to_string(),
            (false, _) => format!("'[]'::{ty}"),
        };
        absent_agg(
            &agg,
            &wrapped(w, value.0, value_end),
            filter.as_deref(),
            &empty,
        )
    } else {
        let tail = filter
            .as_ref()
            .map(|f| format!(" FILTER (WHERE {f})"))
            .unwrap_or_default();
        format!("{agg}{tail}")
    };
    Ok(Some(Rewrite {
        last,
        how: with_cast_note(how, cast.as_deref()),
        text: with_cast(built, cast),
        unknown,
    }))
}

fn scalar(w: &W<'_, '_>, inner: &Inner<'_, '_>, name: &str) -> Result<Option<Rewrite>, String> {
    let toks = w.toks;
    let first = inner.open + 1;
    let stop = inner
        .find(first, inner.close, |k| {
            ["FORMAT", "RETURNING", "WITH", "WITHOUT"]
                .iter()
                .any(|k2| toks[k].is(k2))
        })
        .unwrap_or(inner.close);
    if stop <= first {
        return Err(format!("{name} without an argument"));
    }
    let rest: Vec<String> = (stop..inner.close)
        .map(|k| toks[k].text.to_ascii_uppercase())
        .collect();
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    let value = wrapped(w, first, stop - 1);
    let how = match name {
        "JSON_SCALAR" => "to_json(…)",
        "JSON" => "a cast to json",
        _ => "a cast to text",
    };
    let rewritten = match name {
        "JSON_SCALAR" if rest.is_empty() => to_json(w, first, stop - 1, &w.src(first, stop - 1)),
        "JSON"
            if matches!(
                rest.as_slice(),
                [] | ["FORMAT", "JSON"] | ["WITHOUT", "UNIQUE"] | ["WITHOUT", "UNIQUE", "KEYS"]
            ) =>
        {
            format!("{value}::json")
        }
        "JSON_SERIALIZE"
            if matches!(
                rest.as_slice(),
                [] | ["FORMAT", "JSON"]
                    | ["RETURNING", "TEXT"]
                    | ["FORMAT", "JSON", "RETURNING", "TEXT"]
            ) =>
        {
            format!("{value}::text")
        }
        _ => return Err(format!("{name} with {} has no rewrite", rest.join(" "))),
    };
    Ok(Some(Rewrite {
        last: inner.close,
        text: rewritten,
        unknown: None,
        how: how.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 检验结果汇总成 JSON（PostgreSQL 16 构造函数）\nCREATE TABLE lab_result (result_id bigint, order_id bigint, item_code text, result_value numeric, abn_flag text, detail jsonb);\nSELECT JSON_OBJECT('code' VALUE r.item_code, 'value' VALUE r.result_value) AS doc,\n       JSON_OBJECT('code': item_code, 'flag': abn_flag ABSENT ON NULL RETURNING jsonb) AS compact,\n       JSON_ARRAY(r.item_code, r.abn_flag, 'fixed'),\n       JSON_ARRAY('a', 1, NULL NULL ON NULL),\n       JSON_OBJECT('detail' VALUE detail, 'raw' VALUE '{\"x\":1}' FORMAT JSON),\n       JSON_OBJECT('n' VALUE nurse_note)\n  FROM lab_result r;\nSELECT order_id,\n       JSON_ARRAYAGG(result_value ORDER BY result_id) AS vals,\n       JSON_ARRAYAGG(abn_flag NULL ON NULL RETURNING jsonb),\n       JSON_OBJECTAGG(item_code VALUE abn_flag ABSENT ON NULL) FILTER (WHERE result_value > 0),\n       JSON_OBJECTAGG(item_code VALUE detail)\n  FROM lab_result GROUP BY order_id;\nSELECT JSON_ARRAY(SELECT item_code FROM lab_result ORDER BY result_id), JSON_SCALAR('危急'), JSON('{\"a\":1}'), JSON_SERIALIZE(JSON_OBJECT('k' VALUE 1));\nSELECT json_object('{a,1,b,2}'), JSON_OBJECT('a' VALUE 1 WITH UNIQUE KEYS);\n";

    #[test]
    fn older_builders_before_16() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
    }
}
