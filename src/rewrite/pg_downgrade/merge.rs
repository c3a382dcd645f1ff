//! `pg-merge`: PostgreSQL 15's `MERGE` on older kernels.
//!
//! **What it does.** Before PostgreSQL 15, each `MERGE` — a statement of its
//! own, or one in a PL/pgSQL body — is replaced by the statement that
//! `common::merge_upsert` builds, the same rewrite the Oracle direction uses:
//!
//! - `INSERT … SELECT … ON CONFLICT (key) DO UPDATE SET col = EXCLUDED.col
//!   [WHERE …]` when the `ON` condition compares exactly a primary key or
//!   unique key of the target that the script declares (`PRIMARY KEY`,
//!   `UNIQUE`, `ALTER TABLE … ADD CONSTRAINT`, `CREATE UNIQUE INDEX`), and the
//!   inserted key values are the ones `ON` compares; a `WHEN MATCHED AND c`
//!   becomes the `DO UPDATE`'s `WHERE c`;
//! - `UPDATE … FROM` for a `MERGE` with only `WHEN MATCHED`;
//! - otherwise `WITH … (UPDATE … FROM … RETURNING 1) INSERT … SELECT … WHERE
//!   NOT EXISTS (…)`, one statement, reported: it is not safe against a
//!   concurrent insert of the same key.
//!
//! **Why.** `MERGE` arrives in PostgreSQL 15 (HighGo SEE 4.5 runs 12, V9.0
//! 14; Kingbase V8R6 12). `ON CONFLICT` (9.5) gives the same result for a
//! key match and is atomic.
//!
//! **Example** (kernel 14, `(drug_id, ward_code)` the stock table's key):
//!
//! ```sql
//! MERGE INTO ward_stock t USING pharmacy_issue s
//!    ON t.drug_id = s.drug_id AND t.ward_code = s.ward_code
//!  WHEN MATCHED THEN UPDATE SET qty = t.qty + s.qty
//!  WHEN NOT MATCHED THEN INSERT (drug_id, ward_code, qty) VALUES (s.drug_id, s.ward_code, s.qty);
//! INSERT INTO ward_stock AS t (drug_id, ward_code, qty) SELECT s.drug_id, s.ward_code, s.qty
//!   FROM pharmacy_issue s ON CONFLICT (drug_id, ward_code) DO UPDATE SET qty = t.qty + EXCLUDED.qty;
//! ```
//!
//! Untouched: the `MERGE` in a dynamic SQL string.
//!
//! A `WHEN MATCHED [AND c] THEN DELETE` branch becomes `DELETE … USING
//! source WHERE on [AND c]` (then the insert, in one statement, if there is
//! one); a `DO NOTHING` branch is left out.
//!
//! `WHEN NOT MATCHED BY SOURCE [AND c] THEN DELETE | UPDATE SET …` (17; on
//! every kernel before 17, MERGE or not) becomes a statement of its own
//! before the `MERGE`: `DELETE FROM target WHERE [(c) AND] NOT EXISTS
//! (SELECT 1 FROM source WHERE on)` (or the `UPDATE`); a `DO NOTHING` one
//! is removed. The target rows no source row matches are exactly the rows
//! the other clauses never touch, and removing them (or updating columns
//! `ON` does not read) changes no other row's match, so running the action
//! first changes the same rows. A `MERGE` left without a clause is only the
//! new statement.
//!
//! **Findings.** `SP0434` (info) for the key-matched forms and `DELETE …
//! USING`; `SP0331` (warning) for `UPDATE`/`DELETE` + `INSERT … WHERE NOT
//! EXISTS`; `SP0276` (warning) for `BY SOURCE`: two statements, and the
//! `MERGE`'s row count no longer includes those rows; `SP0245` (error) for a
//! `MERGE` kept as written (several branches of a kind, `INSERT DEFAULT
//! VALUES`, several `BY SOURCE` clauses, a `BY SOURCE` update of a column
//! `ON` reads, `RETURNING`, …).

use sqlparser::ast::Statement;

use super::{Context, Pass, Tok, between, edit, missing, unit_tokens, unsupported};
use crate::report::Finding;
use crate::rewrite::common::merge_upsert::upsert;
use crate::rewrite::common::table_keys::Keys;
use crate::source::{LexemeKind, Lexer, ScriptSyntax, Span};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Merge;

impl Pass for Merge {
    fn name(&self) -> &'static str {
        "pg-merge"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let by_source = missing(cx, BY_SOURCE);
        let merge = missing(cx, "merge");
        if !merge && !by_source {
            return;
        }
        let keys = Keys::of(script);
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            for i in 0..toks.len() {
                let starts = i == 0
                    || toks[i - 1].punct(';')
                    || ["BEGIN", "THEN", "ELSE", "LOOP"]
                        .iter()
                        .any(|w| toks[i - 1].is(w))
                    || toks[i - 1].kind == crate::source::LexemeKind::DollarString;
                if !(starts && toks[i].is("MERGE") && toks.get(i + 1).is_some_and(|t| t.is("INTO")))
                {
                    continue;
                }
                let (depth, body) = (toks[i].depth, toks[i].body);
                let end = (i + 1..toks.len())
                    .find(|&k| {
                        toks[k].body != body
                            || toks[k].depth < depth
                            || (toks[k].depth == depth && toks[k].punct(';'))
                    })
                    .unwrap_or(toks.len());
                let span = between(&toks, i, end - 1);
                let at = toks[i].span;
                // WHEN NOT MATCHED BY SOURCE (17): its action becomes a
                // statement of its own before the MERGE.
                let mut before = String::new();
                let mut merge_text = span.slice(text).to_string();
                if by_source {
                    match by_source_split(&toks, i, end, text) {
                        Ok(None) => {}
                        Ok(Some(split)) if split.rest.is_empty() => {
                            // The clause was the MERGE's only one.
                            if edit(unit, span, split.statement) {
                                by_source_found(cx, split.at, &split.how);
                            }
                            continue;
                        }
                        Ok(Some(split)) => {
                            let indent = indent_of(text, span.start);
                            if !split.statement.is_empty() {
                                before = format!("{};\n{indent}", split.statement);
                            }
                            merge_text = split.rest;
                            if !merge {
                                let new = format!("{before}{merge_text}");
                                if edit(unit, span, new) {
                                    by_source_found(cx, split.at, &split.how);
                                }
                                continue;
                            }
                            by_source_found(cx, split.at, &split.how);
                        }
                        Err((where_, why)) => {
                            unsupported(cx, where_, BY_SOURCE, &why);
                            continue;
                        }
                    }
                }
                if !merge {
                    continue;
                }
                let statement = crate::parse::parse_sql(&merge_text, crate::Source::Postgres)
                    .ok()
                    .and_then(|s| s.into_iter().next());
                let Some(Statement::Merge(merge)) = statement else {
                    unsupported(cx, at, "merge", "the statement could not be read");
                    continue;
                };
                match upsert(&merge, &keys) {
                    Ok((new, code, message)) => {
                        if edit(unit, span, format!("{before}{}", printed(text, span, &new))) {
                            cx.findings.push(Finding::new(code, at, message));
                        }
                    }
                    Err(why) => unsupported(cx, Span::new(at.start, span.end), "merge", &why),
                }
            }
        }
    }
}

/// The feature of `grammar/pg_features.toml` for `WHEN NOT MATCHED BY SOURCE`.
const BY_SOURCE: &str = "merge_not_matched_by_source";

/// Reports the split of a `WHEN NOT MATCHED BY SOURCE` clause.
fn by_source_found(cx: &mut Context<'_>, at: Span, how: &str) {
    let kernel = super::kernel(cx);
    cx.findings.push(Finding::new(
        crate::report::Code::SP0276,
        at,
        format!(
            "{} is not in PostgreSQL {kernel}: {how}",
            super::feature(BY_SOURCE)
        ),
    ));
}

/// The whitespace that starts the line of `at`.
fn indent_of(text: &str, at: usize) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect()
}

/// A `MERGE` without its `WHEN NOT MATCHED BY SOURCE` clause.
struct BySourceSplit {
    /// The `DELETE`/`UPDATE` doing the clause's action, run first.
    statement: String,
    /// The `MERGE`'s text without the clause; empty when it had no other.
    rest: String,
    /// Where the clause is.
    at: Span,
    /// What was done, for the message.
    how: String,
}

/// Splits the `WHEN NOT MATCHED BY SOURCE` clause off the `MERGE` of
/// `toks[i..end]`: `Ok(None)` when it has none (nor `BY TARGET`).
///
/// Running the clause's action first, on the rows of the target no source
/// row matches, is what 17 does: those rows are exactly the ones the other
/// clauses never touch, and deleting them (or updating columns the `ON`
/// condition does not read) changes no other row's match.
fn by_source_split(
    toks: &[Tok<'_>],
    i: usize,
    end: usize,
    text: &str,
) -> Result<Option<BySourceSplit>, (Span, String)> {
    let depth = toks[i].depth;
    let top = |k: usize| toks[k].depth == depth && toks[k].body == toks[i].body;
    let whens: Vec<usize> = (i..end).filter(|&k| top(k) && toks[k].is("WHEN")).collect();
    let is_seq = |k: usize, words: &[&str]| {
        words
            .iter()
            .enumerate()
            .all(|(n, w)| toks.get(k + n).is_some_and(|t| t.is(w)))
    };
    let by_source: Vec<usize> = whens
        .iter()
        .copied()
        .filter(|&w| is_seq(w, &["WHEN", "NOT", "MATCHED", "BY", "SOURCE"]))
        .collect();
    let by_target: Vec<usize> = whens
        .iter()
        .copied()
        .filter(|&w| is_seq(w, &["WHEN", "NOT", "MATCHED", "BY", "TARGET"]))
        .collect();
    if by_source.is_empty() {
        return Ok(None);
    }
    let whole = between(toks, i, end - 1);
    let fail = |at: Span, why: &str| Err((at, why.to_string()));
    let w = by_source[0];
    let clause_end = whens.iter().copied().find(|&k| k > w).unwrap_or(end);
    let at = between(toks, w, clause_end - 1);
    if by_source.len() > 1 {
        return fail(
            at,
            "several WHEN NOT MATCHED BY SOURCE clauses are not rewritten",
        );
    }
    if !by_target.is_empty() {
        return fail(
            at,
            "WHEN NOT MATCHED BY TARGET with BY SOURCE is not rewritten",
        );
    }
    if (i..end).any(|k| top(k) && toks[k].is("RETURNING")) {
        return fail(at, "MERGE … RETURNING is not rewritten");
    }
    // MERGE INTO target [AS alias] USING source ON cond WHEN …
    let using = (i + 2..end).find(|&k| top(k) && toks[k].is("USING"));
    let on = using.and_then(|u| (u + 1..end).find(|&k| top(k) && toks[k].is("ON")));
    let (Some(using), Some(on), Some(&first_when)) = (using, on, whens.first()) else {
        return fail(at, "the MERGE could not be read");
    };
    if using <= i + 2 || on <= using + 1 || first_when <= on + 1 {
        return fail(at, "the MERGE could not be read");
    }
    let target = between(toks, i + 2, using - 1).slice(text);
    let source = between(toks, using + 1, on - 1).slice(text);
    let cond = between(toks, on + 1, first_when - 1).slice(text);
    let then = (w + 5..clause_end)
        .find(|&k| toks[k].is("THEN"))
        .ok_or_else(|| (at, "the clause could not be read".to_string()))?;
    let extra =
        (then > w + 5 && toks[w + 5].is("AND")).then(|| between(toks, w + 6, then - 1).slice(text));
    if then + 1 >= clause_end {
        return fail(at, "the clause could not be read");
    }
    let unmatched = format!("NOT EXISTS (SELECT 1 FROM {source} WHERE {cond})");
    let filter = match extra {
        Some(c) => format!("({c}) AND {unmatched}"),
        None => unmatched,
    };
    let action = &toks[then + 1];
    let (statement, how) = if action.is("DELETE") {
        (
            format!("DELETE FROM {target} WHERE {filter}"),
            "became DELETE … WHERE NOT EXISTS (the source rows matching ON) before the MERGE",
        )
    } else if action.is("UPDATE") && toks.get(then + 2).is_some_and(|t| t.is("SET")) {
        // The columns set must not be read by ON, else the update could
        // make a row match that 17 would have left unmatched.
        let on_words: Vec<String> = toks[on + 1..first_when]
            .iter()
            .filter(|t| t.kind == LexemeKind::Word)
            .map(|t| t.text.to_lowercase())
            .collect();
        let depth_set = toks[then + 2].depth;
        let set_columns: Vec<&Tok<'_>> = (then + 3..clause_end)
            .filter(|&k| {
                toks[k].depth == depth_set
                    && (k == then + 3 || toks[k - 1].punct(','))
                    && toks[k].kind == LexemeKind::Word
            })
            .map(|k| &toks[k])
            .collect();
        if set_columns
            .iter()
            .any(|c| on_words.contains(&c.text.to_lowercase()))
        {
            return fail(at, "the UPDATE sets a column the ON condition reads");
        }
        let set = between(toks, then + 2, clause_end - 1).slice(text);
        (
            format!("UPDATE {target} {set} WHERE {filter}"),
            "became UPDATE … WHERE NOT EXISTS (the source rows matching ON) before the MERGE",
        )
    } else if action.is("DO") {
        (String::new(), "DO NOTHING was removed")
    } else {
        return fail(at, "the clause could not be read");
    };
    let how = format!(
        "{how}; two statements (atomic only inside a transaction), and the MERGE's row count no longer includes these rows"
    );
    // The clause goes, with the space before it; a MERGE left without a
    // clause goes too.
    let gone = Span::new(toks[w - 1].span.end, toks[clause_end - 1].span.end);
    let rest = if whens.len() == 1 {
        if statement.is_empty() {
            return fail(
                at,
                "a MERGE whose only clause does nothing is not rewritten",
            );
        }
        String::new()
    } else {
        format!(
            "{}{}",
            &text[whole.start..gone.start],
            &text[gone.end..whole.end]
        )
    };
    Ok(Some(BySourceSplit {
        statement,
        rest,
        at: between(toks, w, w + 4),
        how,
    }))
}

/// `statement` as it replaces the text at `span`: on one line where the
/// `MERGE` was, else one clause a line, indented like the `MERGE`; the
/// comments written inside the `MERGE` go before it, so none is lost.
fn printed(text: &str, span: Span, statement: &Statement) -> String {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[line_start..span.start]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let body = if span.slice(text).contains('\n') {
        format!("{statement:#}")
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join(&format!("\n{indent}"))
    } else {
        statement.to_string()
    };
    let comments: String = Lexer::new(text, span.start, ScriptSyntax::Psql)
        .take_while(|l| l.span.start < span.end)
        .filter(|l| matches!(l.kind, LexemeKind::LineComment | LexemeKind::BlockComment))
        .map(|l| format!("{}\n{indent}", l.span.slice(text)))
        .collect();
    format!("{comments}{body}")
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 库存表\nCREATE TABLE ward_stock (drug_id integer, ward_code varchar(10), qty numeric(10,2) NOT NULL DEFAULT 0, PRIMARY KEY (drug_id, ward_code));\nCREATE TABLE stock_log (drug_id integer, qty numeric(10,2));\n-- 病区库存同步：有则累加，无则新增\nMERGE INTO ward_stock t\nUSING (SELECT drug_id, ward_code, sum(qty) AS qty FROM pharmacy_issue GROUP BY drug_id, ward_code) s\n   ON t.drug_id = s.drug_id AND t.ward_code = s.ward_code  -- 主键匹配\n WHEN MATCHED AND s.qty <> 0 THEN UPDATE SET qty = t.qty + s.qty\n WHEN NOT MATCHED THEN INSERT (drug_id, ward_code, qty) VALUES (s.drug_id, s.ward_code, s.qty);\nCREATE PROCEDURE sp_log_sync() LANGUAGE plpgsql AS $$\nBEGIN\n    MERGE INTO stock_log l USING ward_stock s ON l.drug_id = s.drug_id\n     WHEN MATCHED THEN UPDATE SET qty = s.qty\n     WHEN NOT MATCHED THEN INSERT (drug_id, qty) VALUES (s.drug_id, s.qty);\nEND $$;\n-- 清零的库存记录删除，新药品不处理\nMERGE INTO ward_stock t USING stock_log s ON t.drug_id = s.drug_id AND t.ward_code = 'W01'\n WHEN MATCHED AND s.qty = 0 THEN DELETE\n WHEN NOT MATCHED THEN DO NOTHING;\nMERGE INTO stock_log l USING ward_stock s ON l.drug_id = s.drug_id WHEN MATCHED AND s.qty = 0 THEN DELETE WHEN MATCHED THEN UPDATE SET qty = s.qty;\n";

    /// Checked on PostgreSQL 17 (as written) and 12, 14 (translated): the
    /// same rows (and in tests/pg_source.rs, `his_ward_stats_pg17.sql`).
    #[test]
    fn not_matched_by_source_runs_first() {
        let sql = "-- 盘点：账有实无的删除（外院托管只标记）\nMERGE INTO ward_stock t\nUSING (SELECT drug_id, ward_code, qty FROM stock_count) s\n   ON t.drug_id = s.drug_id AND t.ward_code = s.ward_code\n WHEN MATCHED AND t.qty <> s.qty THEN UPDATE SET qty = s.qty\n WHEN NOT MATCHED THEN INSERT (drug_id, ward_code, qty) VALUES (s.drug_id, s.ward_code, s.qty)\n WHEN NOT MATCHED BY SOURCE AND t.ward_code = 'W01' THEN DELETE;\nMERGE INTO ward_stock AS t USING stock_count AS s ON t.drug_id = s.drug_id\n WHEN NOT MATCHED BY SOURCE THEN UPDATE SET note = '未盘点';\nMERGE INTO ward_stock AS t USING stock_count AS s ON t.drug_id = s.drug_id\n WHEN MATCHED THEN UPDATE SET note = 'counted'\n WHEN NOT MATCHED BY SOURCE THEN UPDATE SET drug_id = 0;\n";
        insta::assert_snapshot!("by_source_12", translated(sql, &highgo(12)));
        insta::assert_snapshot!("by_source_15", translated(sql, &highgo(15)));
    }

    #[test]
    fn upsert_or_update_insert_before_15() {
        insta::assert_snapshot!(translated(SQL, &highgo(14)));
        assert_eq!(crate::translate(SQL, &highgo(15)).sql, SQL);
    }
}
