//! `pg-with-ties`: `FETCH FIRST n ROWS WITH TIES` before PostgreSQL 13.
//!
//! **What it does.** The clause becomes a `LIMIT` whose count is a subquery:
//! how many rows of the same `FROM … WHERE … GROUP BY … HAVING` rank at most
//! `n` under the query's `ORDER BY`:
//!
//! ```sql
//! … ORDER BY k FETCH FIRST n ROWS WITH TIES
//! … ORDER BY k LIMIT (SELECT count(*) FROM (SELECT rank() OVER (ORDER BY k) AS sqlport_rank
//!                     FROM … WHERE …) AS sqlport_ties WHERE sqlport_rank <= n)
//! ```
//!
//! An `ORDER BY` key that names an output column (`ORDER BY total DESC`) or
//! gives its position (`ORDER BY 2`) is written out as that column's
//! expression in the window, which cannot see output names.
//!
//! **Why.** `WITH TIES` arrives in PostgreSQL 13. The rows it returns are the
//! first `n` rows and every row that ties with the `n`-th: exactly the rows
//! whose `rank()` is at most `n` (a row after the `n`-th row's peers has at
//! least `n` rows before it, so its rank is above `n`). Counting them and
//! taking that many rows in the same order returns the same rows, and the
//! query's select list, `*` included, stays as written.
//!
//! **Example** (kernel 12): see above; `HIS`'s "three most-ordered tests,
//! with ties" report keeps every test tied for third place.
//!
//! **Findings.** `SP0480` (info) at each rewrite; `SP0245` (error) where the
//! query is a set operation (`UNION` …), uses `DISTINCT` or `OFFSET`, or its
//! parts cannot be found.

use super::{Context, Pass, Tok, between, downgraded, edit, missing, unit_tokens, unsupported};
use crate::source::{LexemeKind, Span};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct WithTies;

impl Pass for WithTies {
    fn name(&self) -> &'static str {
        "pg-with-ties"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, "fetch_with_ties") {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            for ties in 1..toks.len() {
                if !(toks[ties].is("TIES") && toks[ties - 1].is("WITH")) {
                    continue;
                }
                let Some(fetch) = (0..ties).rev().find(|&k| {
                    toks[k].is("FETCH")
                        && toks[k].depth == toks[ties].depth
                        && toks[k].body == toks[ties].body
                }) else {
                    continue;
                };
                let at = between(&toks, fetch, ties);
                match rewrite(text, &toks, fetch, ties) {
                    Ok(limit) => {
                        if edit(unit, at, limit) {
                            downgraded(
                                cx,
                                at,
                                "fetch_with_ties",
                                "became LIMIT (the number of rows whose rank() under the ORDER BY is at most n)",
                            );
                        }
                    }
                    Err(why) => unsupported(cx, at, "fetch_with_ties", &why),
                }
            }
        }
    }
}

/// The `LIMIT (…)` that replaces tokens `fetch..=ties`.
fn rewrite(text: &str, toks: &[Tok<'_>], fetch: usize, ties: usize) -> Result<String, String> {
    let (depth, body) = (toks[fetch].depth, toks[fetch].body);
    let level = |k: usize| toks[k].depth == depth && toks[k].body == body;
    // The query's first token: after the `(` or `;` that opens it.
    let start = (0..fetch)
        .rev()
        .find(|&k| {
            toks[k].body != body || toks[k].depth < depth || (level(k) && toks[k].punct(';'))
        })
        .map_or(0, |k| k + 1);
    // …and its end: the `)` or `;` that closes it.
    let end = (ties + 1..toks.len())
        .find(|&k| {
            toks[k].body != body || toks[k].depth < depth || (level(k) && toks[k].punct(';'))
        })
        .unwrap_or(toks.len());
    let find_back =
        |from: usize, word: &str| (start..from).rev().find(|&k| level(k) && toks[k].is(word));
    for k in (start..end).filter(|&k| level(k)) {
        for word in ["UNION", "INTERSECT", "EXCEPT", "OFFSET"] {
            if toks[k].is(word) {
                return Err(format!(
                    "the query has {word}; rewrite it by hand with rank()"
                ));
            }
        }
    }
    let order = find_back(fetch, "ORDER")
        .filter(|&k| toks.get(k + 1).is_some_and(|t| t.is("BY")))
        .ok_or("WITH TIES without ORDER BY")?;
    let from = find_back(order, "FROM").ok_or("the query has no FROM")?;
    let select = find_back(from, "SELECT").ok_or("the query's SELECT was not found")?;
    if toks.get(select + 1).is_some_and(|t| t.is("DISTINCT")) {
        return Err("the query has DISTINCT; rewrite it by hand with rank()".to_string());
    }
    let list_end = (select + 1..from)
        .find(|&k| level(k) && toks[k].is("INTO"))
        .unwrap_or(from);
    let items = split(toks, select + 1, list_end, &level);
    let items: Vec<(String, Option<String>)> = items.iter().map(|i| item(text, toks, i)).collect();
    // The keys, output names and positions written out.
    let mut keys = Vec::new();
    for key in split(toks, order + 2, fetch, &level) {
        let cut = key
            .iter()
            .position(|&k| {
                ["ASC", "DESC", "NULLS", "USING"]
                    .iter()
                    .any(|w| toks[k].is(w))
            })
            .unwrap_or(key.len());
        let (expr, suffix) = key.split_at(cut);
        let (Some(&a), Some(&b)) = (expr.first(), expr.last()) else {
            return Err("an ORDER BY key is empty".to_string());
        };
        let mut written = between(toks, a, b).slice(text).to_string();
        if a == b {
            let t = &toks[a];
            if t.kind == LexemeKind::Word && t.text.bytes().all(|c| c.is_ascii_digit()) {
                let n: usize = t.text.parse().map_err(|_| "bad ORDER BY position")?;
                let (e, _) = items
                    .get(n.wrapping_sub(1))
                    .ok_or("ORDER BY position out of range")?;
                written = format!("({e})");
            } else if let Some((e, _)) = items.iter().find(|(_, alias)| {
                alias
                    .as_deref()
                    .is_some_and(|al| al.eq_ignore_ascii_case(t.text))
            }) {
                written = format!("({e})");
            }
        }
        if let (Some(&a), Some(&b)) = (suffix.first(), suffix.last()) {
            written = format!("{written} {}", between(toks, a, b).slice(text));
        }
        keys.push(written);
    }
    let count = if fetch + 3 < ties {
        // FETCH FIRST <count> ROWS WITH TIES
        let tokens = &toks[fetch + 2..ties - 2];
        match (tokens.first(), tokens.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end).slice(text).to_string(),
            _ => "1".to_string(),
        }
    } else {
        "1".to_string()
    };
    let source = Span::new(toks[from].span.end, toks[order - 1].span.end)
        .slice(text)
        .trim();
    Ok(format!(
        "LIMIT (SELECT count(*) FROM (SELECT rank() OVER (ORDER BY {}) AS sqlport_rank FROM {source}) AS sqlport_ties WHERE sqlport_rank <= {count})",
        keys.join(", ")
    ))
}

/// The comma-separated parts of tokens `a..b` at the query's level.
fn split(toks: &[Tok<'_>], a: usize, b: usize, level: &dyn Fn(usize) -> bool) -> Vec<Vec<usize>> {
    let mut parts = vec![Vec::new()];
    for (k, t) in toks.iter().enumerate().take(b).skip(a) {
        if level(k) && t.punct(',') {
            parts.push(Vec::new());
        } else if let Some(p) = parts.last_mut() {
            p.push(k);
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// A select item's expression text and output name, if it has one.
fn item(text: &str, toks: &[Tok<'_>], tokens: &[usize]) -> (String, Option<String>) {
    let n = tokens.len();
    let whole = between(toks, tokens[0], tokens[n - 1])
        .slice(text)
        .to_string();
    if n >= 3 && toks[tokens[n - 2]].is("AS") {
        return (
            between(toks, tokens[0], tokens[n - 3])
                .slice(text)
                .to_string(),
            Some(toks[tokens[n - 1]].text.to_string()),
        );
    }
    if n >= 2 {
        let (last, before) = (&toks[tokens[n - 1]], &toks[tokens[n - 2]]);
        let bare_alias = last.kind == LexemeKind::Word
            && !["END", "NULL", "TRUE", "FALSE"].iter().any(|w| last.is(w))
            && (matches!(before.kind, LexemeKind::QuotedIdent | LexemeKind::String)
                || before.punct(')')
                || (before.kind == LexemeKind::Word
                    && !["IS", "NOT", "AND", "OR", "DISTINCT", "ALL"]
                        .iter()
                        .any(|w| before.is(w))));
        if bare_alias {
            return (
                between(toks, tokens[0], tokens[n - 2])
                    .slice(text)
                    .to_string(),
                Some(last.text.to_string()),
            );
        }
    }
    // A plain column keeps its name.
    let name = toks[tokens[n - 1]].text.to_string();
    (whole, Some(name))
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 开单最多的检验项目（并列第三名一并列出）\nSELECT it.item_code, count(*) AS orders\n  FROM lab_result r JOIN lab_item it ON it.item_id = r.item_id\n WHERE r.tested_at >= DATE '2024-06-01'\n GROUP BY it.item_code\n ORDER BY orders DESC\n FETCH FIRST 3 ROWS WITH TIES;\nSELECT * FROM lab_item ORDER BY price DESC NULLS LAST, item_id FETCH FIRST ROW WITH TIES;\nSELECT item_code FROM lab_item UNION SELECT 'X' ORDER BY 1 FETCH FIRST 2 ROWS WITH TIES;\n";

    #[test]
    fn rank_based_limit_before_13() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
        assert_eq!(crate::translate(SQL, &highgo(14)).sql, SQL);
    }
}
