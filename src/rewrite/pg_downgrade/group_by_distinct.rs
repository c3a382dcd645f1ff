//! `pg-group-by-distinct`: `GROUP BY DISTINCT` before PostgreSQL 14.
//!
//! **What it does.** Expands the grouping sets of the `GROUP BY` list
//! (`ROLLUP`, `CUBE`, `GROUPING SETS`, nested, and plain expressions: the
//! cross product of the items) as PostgreSQL does, removes the duplicate
//! sets — a set is its distinct expressions, in any order — and writes the
//! rest as `GROUP BY GROUPING SETS ((a, b), (a), ())`, shortest set first as
//! PostgreSQL orders them. A list without grouping constructs only loses
//! the word `DISTINCT` (it changes nothing there).
//!
//! **Why.** `DISTINCT` after `GROUP BY` arrives in PostgreSQL 14; older
//! kernels reject it. The expanded list is what 14 computes from the
//! clause, so each group comes out once, as with `DISTINCT`.
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! SELECT ward_code, shift, count(*) FROM duty_roster
//!  GROUP BY DISTINCT ROLLUP (ward_code, shift), ROLLUP (ward_code);
//! SELECT ward_code, shift, count(*) FROM duty_roster
//!  GROUP BY GROUPING SETS ((), (ward_code), (ward_code, shift));
//! ```
//!
//! Expressions are compared as written (case and spacing aside): two
//! spellings of one column (`d.ward_code` and `ward_code`) are one
//! expression to PostgreSQL but not to the rewrite, so a list with two
//! spellings ending in the same name is not rewritten.
//!
//! **Findings.** `SP0480` (info) at each rewrite; `SP0245` (error) where it
//! is kept: a list that cannot be read, two spellings of one column, a
//! parenthesized row at the top of the list, more than [`MAX_SETS`] sets.

use super::{Context, Pass, Tok, between, closing, downgraded, edit, missing, unit_tokens};
use crate::source::{LexemeKind, Span};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct GroupByDistinct;

/// The most grouping sets written out (PostgreSQL's own limit is 4096).
pub const MAX_SETS: usize = 256;

const FEATURE: &str = "group_by_distinct";

impl Pass for GroupByDistinct {
    fn name(&self) -> &'static str {
        "pg-group-by-distinct"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, FEATURE) {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            for i in 0..toks.len() {
                if !(toks[i].is("GROUP")
                    && toks.get(i + 1).is_some_and(|t| t.is("BY"))
                    && toks.get(i + 2).is_some_and(|t| t.is("DISTINCT")))
                {
                    continue;
                }
                let d = i + 2;
                let at = between(&toks, i, d);
                match plan(&toks, d, text) {
                    Ok((span, replacement, how)) => {
                        if edit(unit, span, replacement) {
                            downgraded(cx, at, FEATURE, &how);
                        }
                    }
                    Err(why) => super::unsupported(cx, at, FEATURE, &why),
                }
            }
        }
    }
}

/// A grouping set: its expressions (normalized key, text as written).
type Set = Vec<(String, String)>;

/// The edit for the `GROUP BY DISTINCT` whose `DISTINCT` is at `d`.
fn plan(toks: &[Tok<'_>], d: usize, text: &str) -> Result<(Span, String, String), String> {
    let depth = toks[d].depth;
    let body = toks[d].body;
    let stop = [
        "HAVING",
        "WINDOW",
        "ORDER",
        "LIMIT",
        "OFFSET",
        "FETCH",
        "UNION",
        "INTERSECT",
        "EXCEPT",
        "FOR",
        "INTO",
        "LOOP",
        "RETURNING",
    ];
    let end = (d + 1..toks.len())
        .find(|&k| {
            toks[k].body != body
                || toks[k].depth < depth
                || (toks[k].depth == depth
                    && (toks[k].punct(';') || stop.iter().any(|w| toks[k].is(w))))
        })
        .unwrap_or(toks.len());
    if end <= d + 1 {
        return Err("the GROUP BY list could not be read".into());
    }
    let items = split(toks, d + 1, end, depth);
    let grouping = items.iter().any(|&(a, _)| construct(toks, a).is_some());
    if !grouping {
        // Plain expressions: DISTINCT changes nothing.
        return Ok((
            Span::new(toks[d].span.start, toks[d + 1].span.start),
            String::new(),
            "removed DISTINCT: the list has no ROLLUP, CUBE or GROUPING SETS, so every set is already distinct".into(),
        ));
    }
    // The cross product of the items' sets.
    let mut sets: Vec<Set> = vec![Vec::new()];
    for &(a, b) in &items {
        let item_sets = if construct(toks, a).is_some() {
            sets_of(toks, a, b, text)?
        } else if toks[a].punct('(') && closing(toks, a) == Some(b) && b > a + 1 {
            let inner = split(toks, a + 1, b, depth + 1);
            if inner.len() > 1 {
                return Err(
                    "a parenthesized row at the top of the GROUP BY list is not rewritten".into(),
                );
            }
            vec![vec![element(toks, a, b, text)]]
        } else if toks[a].punct('(') && b == a + 1 {
            vec![Vec::new()]
        } else {
            vec![vec![element(toks, a, b, text)]]
        };
        let mut next = Vec::new();
        for s in &sets {
            for t in &item_sets {
                let mut u = s.clone();
                u.extend(t.iter().cloned());
                next.push(u);
            }
        }
        if next.len() > MAX_SETS {
            return Err(format!("more than {MAX_SETS} grouping sets"));
        }
        sets = next;
    }
    // Each set: its distinct expressions; then the distinct sets, shortest
    // first (PostgreSQL's order).
    let mut seen_names: Vec<(String, String)> = Vec::new();
    for s in &mut sets {
        let mut unique: Set = Vec::new();
        for e in s.drain(..) {
            if !unique.iter().any(|u| u.0 == e.0) {
                unique.push(e);
            }
        }
        *s = unique;
        for (key, _) in s.iter() {
            let last = key.rsplit(['.', ' ']).next().unwrap_or(key).to_string();
            if let Some((other, _)) = seen_names.iter().find(|(k, n)| *n == last && k != key) {
                return Err(format!(
                    "{} and {} may be one column written two ways, which PostgreSQL would count as one",
                    other.replace(" . ", "."),
                    key.replace(" . ", ".")
                ));
            }
            if !seen_names.iter().any(|(k, _)| k == key) {
                seen_names.push((key.clone(), last));
            }
        }
    }
    sets.sort_by_key(Vec::len);
    let mut distinct: Vec<Set> = Vec::new();
    for s in sets {
        let mut keys: Vec<&String> = s.iter().map(|e| &e.0).collect();
        keys.sort();
        let dup = distinct.iter().any(|t| {
            let mut k: Vec<&String> = t.iter().map(|e| &e.0).collect();
            k.sort();
            k == keys
        });
        if !dup {
            distinct.push(s);
        }
    }
    let list: Vec<String> = distinct
        .iter()
        .map(|s| {
            let parts: Vec<&str> = s.iter().map(|e| e.1.as_str()).collect();
            format!("({})", parts.join(", "))
        })
        .collect();
    let replacement = format!("GROUPING SETS ({})", list.join(", "));
    Ok((
        Span::new(toks[d].span.start, toks[end - 1].span.end),
        replacement,
        format!(
            "became GROUP BY GROUPING SETS with the {} distinct grouping sets written out",
            distinct.len()
        ),
    ))
}

/// `ROLLUP`, `CUBE` or `GROUPING SETS` at `a`: the index of its `(`.
fn construct(toks: &[Tok<'_>], a: usize) -> Option<usize> {
    let t = toks.get(a)?;
    if (t.is("ROLLUP") || t.is("CUBE")) && toks.get(a + 1)?.punct('(') {
        Some(a + 1)
    } else if t.is("GROUPING") && toks.get(a + 1)?.is("SETS") && toks.get(a + 2)?.punct('(') {
        Some(a + 2)
    } else {
        None
    }
}

/// The items of `toks[a..b]` split at commas of `depth`: (first, last).
fn split(toks: &[Tok<'_>], a: usize, b: usize, depth: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = a;
    let cuts = (a..=b).filter(|&k| k == b || (toks[k].depth == depth && toks[k].punct(',')));
    for k in cuts {
        if k > start {
            out.push((start, k - 1));
        }
        start = k + 1;
    }
    out
}

/// One expression: its key (words lower case, parentheses around the
/// whole dropped, tokens joined by a space) and its text.
fn element(toks: &[Tok<'_>], mut a: usize, mut b: usize, text: &str) -> (String, String) {
    while toks[a].punct('(') && closing(toks, a) == Some(b) && b > a + 1 {
        a += 1;
        b -= 1;
    }
    let key = toks[a..=b]
        .iter()
        .map(|t| match t.kind {
            LexemeKind::Word => t.text.to_lowercase(),
            // "ward_code" is ward_code; "Ward" is not ward.
            LexemeKind::QuotedIdent => {
                let inner = t.text.trim_matches('"');
                if !inner.is_empty()
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                {
                    inner.to_string()
                } else {
                    t.text.to_string()
                }
            }
            _ => t.text.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ");
    (key, between(toks, a, b).slice(text).to_string())
}

/// The elements of a `ROLLUP`/`CUBE` argument: a parenthesized sublist is
/// several expressions, `()` none.
fn sublist(toks: &[Tok<'_>], a: usize, b: usize, text: &str) -> Set {
    if toks[a].punct('(') && closing(toks, a) == Some(b) {
        split(toks, a + 1, b, toks[a].depth + 1)
            .into_iter()
            .map(|(x, y)| element(toks, x, y, text))
            .collect()
    } else {
        vec![element(toks, a, b, text)]
    }
}

/// The grouping sets of the construct `toks[a..=b]`.
fn sets_of(toks: &[Tok<'_>], a: usize, b: usize, text: &str) -> Result<Vec<Set>, String> {
    let unreadable = || "the GROUP BY list could not be read".to_string();
    let open = construct(toks, a).ok_or_else(unreadable)?;
    if closing(toks, open) != Some(b) {
        return Err(unreadable());
    }
    let inner = split(toks, open + 1, b, toks[open].depth + 1);
    if toks[a].is("ROLLUP") {
        let parts: Vec<Set> = inner
            .iter()
            .map(|&(x, y)| sublist(toks, x, y, text))
            .collect();
        Ok((0..=parts.len())
            .rev()
            .map(|n| parts[..n].concat())
            .collect())
    } else if toks[a].is("CUBE") {
        let parts: Vec<Set> = inner
            .iter()
            .map(|&(x, y)| sublist(toks, x, y, text))
            .collect();
        if parts.len() > 8 {
            return Err(format!("more than {MAX_SETS} grouping sets"));
        }
        Ok((0..(1usize << parts.len()))
            .rev()
            .map(|mask| {
                parts
                    .iter()
                    .enumerate()
                    .filter(|(n, _)| mask & (1 << n) != 0)
                    .flat_map(|(_, p)| p.iter().cloned())
                    .collect()
            })
            .collect())
    } else {
        let mut out = Vec::new();
        for &(x, y) in &inner {
            if construct(toks, x).is_some() {
                out.extend(sets_of(toks, x, y, text)?);
            } else {
                out.push(sublist(toks, x, y, text));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 值班统计：病区、班次小计（去重的分组集）\nSELECT ward_code, shift_code, count(*) AS duties\n  FROM duty_roster\n GROUP BY DISTINCT ROLLUP (ward_code, shift_code), ROLLUP (ward_code)\n ORDER BY 1, 2;\nSELECT dept_code, count(*) FROM duty_roster GROUP BY DISTINCT dept_code, dept_code HAVING count(*) > 1;\nSELECT ward_code, duty_date, count(*) FROM duty_roster\n GROUP BY DISTINCT CUBE (ward_code, duty_date), GROUPING SETS ((ward_code), ());\nSELECT r.ward_code, count(*) FROM duty_roster r GROUP BY DISTINCT ROLLUP (r.ward_code), ward_code;\nSELECT count(*) FROM duty_roster GROUP BY DISTINCT ROLLUP (\"ward_code\"), ward_code, \"Shift\";\n";

    #[test]
    fn grouping_sets_written_out_before_14() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
        assert_eq!(crate::translate(SQL, &highgo(14)).sql, SQL);
    }
}
