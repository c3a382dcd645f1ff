//! `pg-search-cycle`: the `SEARCH` and `CYCLE` clauses of a recursive query
//! before PostgreSQL 14.
//!
//! **What it does.** Writes out by hand what PostgreSQL 14 computes for the
//! clause, in the recursive CTE itself:
//!
//! - `SEARCH DEPTH FIRST BY a, b SET ord` → a column `ord` holding the path
//!   of `ROW(a, b)` values from the root: `ARRAY[ROW(a, b)]` in the
//!   non-recursive term, `cte.ord || ROW(a, b)` in the recursive one
//!   (ordering by it is depth-first order);
//! - `SEARCH BREADTH FIRST BY a, b SET ord` → `ord` holds `ROW(depth, a, b)`
//!   (the value 14 computes: depth 0 in the non-recursive term); the
//!   recursive term needs the previous depth, which an anonymous record
//!   cannot give back on 12, so the CTE is renamed `<name>__bf` and keeps a
//!   counter column `ord__depth`, and a CTE of the original name right after
//!   it selects the columns 14 gives (`SELECT *` sees no counter);
//! - `CYCLE a SET is_cycle USING path` → columns `is_cycle` (`false`, then
//!   `ROW(a) = ANY(cte.path)`) and `path` (as above), and `NOT cte.is_cycle`
//!   added to the recursive term's `WHERE`: a row that closes a cycle is
//!   returned, marked, and not followed further. With `TO v DEFAULT d` the
//!   mark is `d`, then `CASE WHEN ROW(a) = ANY(cte.path) THEN v ELSE d END`,
//!   and the condition `cte.is_cycle <> v` (the operator 14 adds).
//!
//! The clause's columns become columns of the CTE, as in 14, so
//! `SELECT *` from it gives the same columns. The rewrite needs a CTE of two
//! terms joined by `UNION ALL`, each a plain `SELECT … FROM`, whose column
//! names are known (a column list, or names and aliases in the first term),
//! and the CTE named in the recursive term's `FROM`.
//!
//! **Why.** The clauses arrive in PostgreSQL 14; HighGo 12 and Kingbase V8R6
//! reject them. The hand-written form is the one the PostgreSQL manual gives
//! as their meaning (7.8.2.1 Search Order, 7.8.2.2 Cycle Detection), and
//! runs on 12.
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! WITH RECURSIVE t(dept_id, parent_id) AS (
//!   SELECT dept_id, parent_id FROM dept WHERE parent_id IS NULL
//!   UNION ALL SELECT d.dept_id, d.parent_id FROM dept d JOIN t ON d.parent_id = t.dept_id
//! ) SEARCH DEPTH FIRST BY dept_id SET ord SELECT * FROM t ORDER BY ord;
//! -- becomes
//! WITH RECURSIVE t(dept_id, parent_id, ord) AS (
//!   SELECT dept_id, parent_id, ARRAY[ROW(dept_id)] AS ord FROM dept WHERE parent_id IS NULL
//!   UNION ALL SELECT d.dept_id, d.parent_id, t.ord || ROW(d.dept_id) FROM dept d JOIN t ON d.parent_id = t.dept_id
//! ) SELECT * FROM t ORDER BY ord;
//! ```
//!
//! **Findings.** `SP0480` (info) for each rewrite; `SP0245` (error) over the
//! whole clause where it is not rewritten: both clauses on one CTE, or a CTE
//! outside the shape above.

use super::{Context, Pass, Tok, between, closing, downgraded, edit, missing, unit_tokens};
use crate::source::{LexemeKind, Span};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct SearchCycle;

impl Pass for SearchCycle {
    fn name(&self) -> &'static str {
        "pg-search-cycle"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, "search_cycle") {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            for i in 0..toks.len() {
                let Some(clause) = clause_at(&toks, i) else {
                    continue;
                };
                let at = between(&toks, i, clause.end);
                match plan(&toks, i, &clause, text) {
                    Ok(edits) => {
                        let before = unit.edits.len();
                        if edits.into_iter().all(|(s, r)| edit(unit, s, r)) {
                            let how = match clause.kind {
                                Kind::Depth => {
                                    "became a path column (ARRAY[ROW(…)] extended with || in the recursive term), whose order is depth-first order"
                                }
                                Kind::Breadth => {
                                    "became an ordering column ROW(depth, …) and a depth counter column in a renamed CTE (<name>__bf), and a CTE of the original name selecting the columns 14 gives"
                                }
                                Kind::Cycle if clause.marks.is_some() => {
                                    "became a path column and a cycle mark computed in the recursive term (CASE WHEN ROW(…) = ANY(path) THEN <TO value> ELSE <DEFAULT value> END), with mark <> <TO value> added to its WHERE"
                                }
                                Kind::Cycle => {
                                    "became a path column and a cycle mark computed in the recursive term (ROW(…) = ANY(path)), with NOT mark added to its WHERE"
                                }
                            };
                            downgraded(cx, at, "search_cycle", how);
                        } else {
                            // Another rewrite owns part of the CTE: undo ours.
                            unit.edits.truncate(before);
                            super::unsupported(
                                cx,
                                at,
                                "search_cycle",
                                "another rewrite changes the same query",
                            );
                        }
                    }
                    Err(why) => super::unsupported(cx, at, "search_cycle", &why),
                }
            }
        }
    }
}

/// Which clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Depth,
    Breadth,
    Cycle,
}

/// A `SEARCH` or `CYCLE` clause starting at some token.
#[derive(Debug)]
struct Clause<'a> {
    kind: Kind,
    /// The index of its last token.
    end: usize,
    /// The columns after `BY` / `CYCLE`.
    by: Vec<&'a str>,
    /// The column after `SET`.
    set: &'a str,
    /// The column after `USING` (`CYCLE`).
    using: Option<&'a str>,
    /// The token ranges of the values after `TO` and `DEFAULT` (`CYCLE`),
    /// when written.
    marks: Option<((usize, usize), (usize, usize))>,
}

/// The clause starting at token `i`: after the `)` closing a CTE's query,
/// or after a `SEARCH` clause (`CYCLE`).
fn clause_at<'a>(toks: &[Tok<'a>], i: usize) -> Option<Clause<'a>> {
    let prev = toks.get(i.checked_sub(1)?)?;
    let word = |k: usize| toks.get(k).filter(|t| t.kind == LexemeKind::Word);
    let (kind, mut k) = if toks[i].is("SEARCH") {
        let kind = match toks.get(i + 1) {
            Some(t) if t.is("DEPTH") => Kind::Depth,
            Some(t) if t.is("BREADTH") => Kind::Breadth,
            _ => return None,
        };
        if !(toks.get(i + 2)?.is("FIRST") && toks.get(i + 3)?.is("BY")) {
            return None;
        }
        (kind, i + 4)
    } else if toks[i].is("CYCLE") {
        (Kind::Cycle, i + 1)
    } else {
        return None;
    };
    let after_search = i >= 2 && toks[i - 2].is("SET") && kind == Kind::Cycle;
    if !(prev.punct(')') || after_search) {
        return None;
    }
    let mut by = vec![word(k)?.text];
    k += 1;
    while toks.get(k)?.punct(',') {
        by.push(word(k + 1)?.text);
        k += 2;
    }
    if !toks.get(k)?.is("SET") {
        return None;
    }
    let set = word(k + 1)?.text;
    k += 1;
    let (mut using, mut marks) = (None, None);
    if kind == Kind::Cycle {
        let u = (k + 1..toks.len().min(k + 40)).find(|&u| toks[u].is("USING"))?;
        if u > k + 1 {
            // SET mark TO value DEFAULT value USING path
            if !toks[k + 1].is("TO") {
                return None;
            }
            let d =
                (k + 2..u).find(|&d| toks[d].is("DEFAULT") && toks[d].depth == toks[k].depth)?;
            if d == k + 2 || d + 1 == u {
                return None;
            }
            marks = Some(((k + 2, d - 1), (d + 1, u - 1)));
        }
        using = Some(word(u + 1)?.text);
        k = u + 1;
    }
    Some(Clause {
        kind,
        end: k,
        by,
        set,
        using,
        marks,
    })
}

/// One term of the CTE: a `SELECT` list and where its `FROM` and `WHERE`
/// clauses end.
struct Term {
    /// (first, last) token of each select item.
    items: Vec<(usize, usize)>,
    /// The `FROM` token, if any.
    from: Option<usize>,
    /// The `WHERE` token, if any.
    where_: Option<usize>,
    /// The index just after the term.
    end: usize,
}

/// Reads the term `toks[a..b]` (all at `depth`).
fn term(toks: &[Tok<'_>], a: usize, b: usize, depth: usize) -> Result<Term, String> {
    let top = |k: usize| toks[k].depth == depth && toks[k].body == toks[a].body;
    if !toks.get(a).is_some_and(|t| t.is("SELECT"))
        || toks
            .get(a + 1)
            .is_some_and(|t| t.is("DISTINCT") || t.is("ALL"))
    {
        return Err("a term of the CTE is not a plain SELECT".into());
    }
    let stop = [
        "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH",
    ];
    if (a + 1..b).any(|k| top(k) && stop.iter().any(|w| toks[k].is(w))) {
        return Err("a term of the CTE has GROUP BY, ORDER BY or LIMIT".into());
    }
    let from = (a + 1..b).find(|&k| top(k) && toks[k].is("FROM"));
    let list_end = from.unwrap_or(b);
    let mut items = Vec::new();
    let mut start = a + 1;
    for (k, t) in toks.iter().enumerate().take(list_end + 1).skip(a + 1) {
        if k == list_end || (top(k) && t.punct(',')) {
            if k == start {
                return Err("an empty select item".into());
            }
            items.push((start, k - 1));
            start = k + 1;
        }
    }
    let where_ = from.and_then(|f| (f + 1..b).find(|&k| top(k) && toks[k].is("WHERE")));
    Ok(Term {
        items,
        from,
        where_,
        end: b,
    })
}

/// The text of select item `(a, b)` without its alias.
fn item_text<'t>(toks: &[Tok<'_>], (a, b): (usize, usize), text: &'t str) -> &'t str {
    let b = if b >= a + 2 && toks[b - 1].is("AS") {
        b - 2
    } else {
        b
    };
    between(toks, a, b).slice(text)
}

/// The output name of select item `(a, b)`: its alias, or its column name.
fn item_name<'a>(toks: &[Tok<'a>], (a, b): (usize, usize)) -> Option<&'a str> {
    let last = toks[b];
    if last.kind != LexemeKind::Word {
        return None;
    }
    let named = (b >= a + 2 && toks[b - 1].is("AS")) || b == a || toks[b - 1].punct('.');
    named.then_some(last.text)
}

/// The edits that write the clause at `i` out by hand.
fn plan(
    toks: &[Tok<'_>],
    i: usize,
    clause: &Clause<'_>,
    text: &str,
) -> Result<Vec<(Span, String)>, String> {
    if !toks[i - 1].punct(')') || toks.get(clause.end + 1).is_some_and(|t| t.is("CYCLE")) {
        return Err("SEARCH and CYCLE on one CTE are not rewritten".into());
    }
    // The CTE: name [(columns)] AS [[NOT] MATERIALIZED] ( query )
    let close = i - 1;
    let open = (0..close)
        .rev()
        .find(|&k| toks[k].punct('(') && closing(toks, k) == Some(close))
        .ok_or("the CTE could not be read")?;
    let mut k = open.checked_sub(1).ok_or("the CTE could not be read")?;
    if toks[k].is("MATERIALIZED") {
        k = k.saturating_sub(1);
        if toks[k].is("NOT") {
            k = k.saturating_sub(1);
        }
    }
    if !toks[k].is("AS") || k == 0 {
        return Err("the CTE could not be read".into());
    }
    let (name, columns) = if toks[k - 1].punct(')') {
        let cl_close = k - 1;
        let cl_open = (0..cl_close)
            .rev()
            .find(|&c| toks[c].punct('(') && closing(toks, c) == Some(cl_close))
            .ok_or("the CTE's column list could not be read")?;
        let names: Vec<&str> = toks[cl_open + 1..cl_close]
            .iter()
            .filter(|t| !t.punct(','))
            .map(|t| t.text)
            .collect();
        let at = cl_open.checked_sub(1).ok_or("the CTE could not be read")?;
        (at, Some((cl_close, names)))
    } else {
        (k - 1, None)
    };
    let name_at = name;
    let name = toks[name_at].text;
    // Its two terms.
    let depth = toks[open].depth + 1;
    let unions: Vec<usize> = (open + 1..close)
        .filter(|&u| toks[u].depth == depth && toks[u].body == toks[open].body)
        .filter(|&u| toks[u].is("UNION") || toks[u].is("INTERSECT") || toks[u].is("EXCEPT"))
        .collect();
    let [union] = unions[..] else {
        return Err("the CTE is not two terms joined by UNION ALL".into());
    };
    if !toks[union].is("UNION") || !toks[union + 1].is("ALL") {
        return Err("the CTE is not two terms joined by UNION ALL".into());
    }
    let first = term(toks, open + 1, union, depth)?;
    let second = term(toks, union + 2, close, depth)?;
    let names: Vec<String> = match &columns {
        Some((_, names)) => names.iter().map(|n| n.to_string()).collect(),
        None => first
            .items
            .iter()
            .map(|&it| item_name(toks, it).map(str::to_string))
            .collect::<Option<_>>()
            .ok_or("a column of the CTE has no name")?,
    };
    if names.len() != first.items.len() || names.len() != second.items.len() {
        return Err("the CTE's terms and column list differ in length".into());
    }
    let new_names: Vec<&str> = std::iter::once(clause.set).chain(clause.using).collect();
    if new_names
        .iter()
        .any(|n| names.iter().any(|c| c.eq_ignore_ascii_case(n)))
    {
        return Err("the SET/USING column is already a column of the CTE".into());
    }
    let mut positions = Vec::new();
    for col in &clause.by {
        let p = names
            .iter()
            .position(|c| c.eq_ignore_ascii_case(col))
            .ok_or_else(|| format!("{col} is not a column of the CTE"))?;
        positions.push(p);
    }
    let row = |t: &Term| -> String {
        let parts: Vec<&str> = positions
            .iter()
            .map(|&p| item_text(toks, t.items[p], text))
            .collect();
        format!("ROW({})", parts.join(", "))
    };
    // How the recursive term names the CTE: its alias, else its name.
    let from = second
        .from
        .ok_or("the recursive term does not name the CTE in its FROM")?;
    let reference = (from + 1..second.where_.unwrap_or(second.end))
        .find(|&r| toks[r].text.eq_ignore_ascii_case(name) && !toks[r - 1].punct('.'))
        .ok_or("the recursive term does not name the CTE in its FROM")?;
    let q = Some(reference)
        .map(|r| {
            let keywords = [
                "WHERE", "JOIN", "ON", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL",
                "USING", "LATERAL",
            ];
            let a = if toks.get(r + 1).is_some_and(|t| t.is("AS")) {
                r + 2
            } else {
                r + 1
            };
            match toks.get(a) {
                Some(t)
                    if t.kind == LexemeKind::Word
                        && a < second.end
                        && !keywords.iter().any(|w| t.is(w)) =>
                {
                    t.text
                }
                _ => toks[r].text,
            }
        })
        .ok_or("the recursive term does not name the CTE in its FROM")?;
    let after = |t: &Term| {
        let p = toks[t.items[t.items.len() - 1].1].span.end;
        Span::new(p, p)
    };
    let at = |s: Span| Span::new(s.start, s.start);
    let mut edits = Vec::new();
    let value = |(a, b): (usize, usize)| between(toks, a, b).slice(text);
    // BREADTH FIRST: the CTE is renamed (`<name>__bf`) and keeps a depth
    // counter column; a CTE of the original name selects the other columns
    // from it, so the rest of the query sees what 14 gives.
    let inner = format!("{name}__bf");
    let depth_col = format!("{}__depth", clause.set);
    let (first_cols, second_cols, list) = match clause.kind {
        Kind::Depth => (
            format!(", ARRAY[{}] AS {}", row(&first), clause.set),
            format!(", {q}.{} || {}", clause.set, row(&second)),
            format!(", {}", clause.set),
        ),
        Kind::Breadth => {
            let cols = |t: &Term| {
                positions
                    .iter()
                    .map(|&p| item_text(toks, t.items[p], text))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            (
                format!(
                    ", ROW(0::bigint, {}) AS {}, 0::bigint AS {depth_col}",
                    cols(&first),
                    clause.set
                ),
                format!(
                    ", ROW({q}.{depth_col} + 1, {}), {q}.{depth_col} + 1",
                    cols(&second)
                ),
                format!(", {}, {depth_col}", clause.set),
            )
        }
        Kind::Cycle => {
            let path = clause.using.unwrap_or("path");
            let (mark, unmarked) = match clause.marks {
                Some((to, default)) => (
                    format!(
                        "CASE WHEN {} = ANY({q}.{path}) THEN {} ELSE {} END",
                        row(&second),
                        value(to),
                        value(default)
                    ),
                    value(default).to_string(),
                ),
                None => (
                    format!("{} = ANY({q}.{path})", row(&second)),
                    "false".into(),
                ),
            };
            (
                format!(
                    ", {unmarked} AS {}, ARRAY[{}] AS {path}",
                    clause.set,
                    row(&first)
                ),
                format!(", {mark}, {q}.{path} || {}", row(&second)),
                format!(", {}, {path}", clause.set),
            )
        }
    };
    if let Some((cl_close, _)) = columns {
        edits.push((at(toks[cl_close].span), list));
    }
    edits.push((after(&first), first_cols));
    edits.push((after(&second), second_cols));
    if clause.kind == Kind::Cycle {
        let not_cycle = match clause.marks {
            Some((to, _)) => format!("{q}.{} <> {}", clause.set, value(to)),
            None => format!("NOT {q}.{}", clause.set),
        };
        let end = toks[second.end - 1].span.end;
        match second.where_ {
            Some(w) => {
                let cond = toks.get(w + 1).ok_or("an empty WHERE")?.span.start;
                edits.push((Span::new(cond, cond), "(".into()));
                edits.push((Span::new(end, end), format!(") AND {not_cycle}")));
            }
            None => edits.push((Span::new(end, end), format!(" WHERE {not_cycle}"))),
        }
    }
    // The clause goes, with the space before it; BREADTH FIRST puts the
    // CTE of the original name in its place.
    let replacement = if clause.kind == Kind::Breadth {
        edits.push((toks[name_at].span, inner.clone()));
        let aliased = q != toks[reference].text;
        edits.push((
            toks[reference].span,
            if aliased {
                inner.clone()
            } else {
                format!("{inner} {}", toks[reference].text)
            },
        ));
        format!(
            ", {name} AS (SELECT {}, {} FROM {inner})",
            names.join(", "),
            clause.set
        )
    } else {
        String::new()
    };
    edits.push((
        Span::new(toks[close].span.end, toks[clause.end].span.end),
        replacement,
    ));
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 科室树（深度优先）\nWITH RECURSIVE t(dept_id, parent_id, dept_name) AS (\n  SELECT dept_id, parent_id, dept_name FROM dept WHERE parent_id IS NULL\n  UNION ALL\n  SELECT d.dept_id, d.parent_id, d.dept_name FROM dept d JOIN t ON d.parent_id = t.dept_id\n) SEARCH DEPTH FIRST BY dept_id SET ord\nSELECT * FROM t ORDER BY ord;\n-- 转诊环路检测\nWITH RECURSIVE r AS (\n  SELECT from_id, to_id FROM referral WHERE from_id = 1\n  UNION ALL\n  SELECT x.from_id, x.to_id FROM referral x, r WHERE x.from_id = r.to_id\n) CYCLE from_id SET is_cycle USING path\nSELECT * FROM r;\n";

    #[test]
    fn depth_first_and_cycle_become_path_columns_on_12() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
    }

    #[test]
    fn kept_on_14() {
        assert_eq!(crate::translate(SQL, &highgo(14)).sql, SQL);
    }

    /// Checked on PostgreSQL 17 (as written) and 12 (translated): the same
    /// rows, `ord` printed as `(0,1)`, `(1,2)`, ….
    #[test]
    fn breadth_first_and_cycle_marks_on_12() {
        let sql = "-- 病区/床位树（广度优先）\nWITH RECURSIVE unit_tree(unit_id, parent_id, unit_name) AS (\n  SELECT unit_id, parent_id, unit_name FROM ward_unit WHERE parent_id IS NULL\n  UNION ALL\n  SELECT u.unit_id, u.parent_id, u.unit_name FROM ward_unit u JOIN unit_tree ON u.parent_id = unit_tree.unit_id\n) SEARCH BREADTH FIRST BY unit_id SET ord\nSELECT unit_id, unit_name, ord FROM unit_tree ORDER BY ord;\n-- 转诊链，环路标记为 'Y'\nWITH RECURSIVE chain AS (\n  SELECT from_hosp, to_hosp FROM referral WHERE from_hosp = 'H01'\n  UNION ALL\n  SELECT r.from_hosp, r.to_hosp FROM referral AS r, chain AS c WHERE r.from_hosp = c.to_hosp\n) CYCLE from_hosp SET looped TO 'Y' DEFAULT 'N' USING hops\nSELECT * FROM chain;\n";
        insta::assert_snapshot!(translated(sql, &highgo(12)));
    }

    #[test]
    fn what_is_not_rewritten_is_reported_over_the_whole_clause() {
        let sql = "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH BREADTH FIRST BY n SET ord CYCLE n SET c USING p SELECT * FROM t;\nWITH RECURSIVE s(a) AS (SELECT 1 UNION SELECT a + 1 FROM s WHERE a < 3) CYCLE a SET c USING p SELECT * FROM s;\n";
        insta::assert_snapshot!(translated(sql, &highgo(12)));
    }
}
