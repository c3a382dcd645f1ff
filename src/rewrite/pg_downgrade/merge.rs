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
//! **Findings.** `SP0434` (info) for the key-matched forms and `DELETE …
//! USING`; `SP0331` (warning) for `UPDATE`/`DELETE` + `INSERT … WHERE NOT
//! EXISTS`; `SP0245` (error) for a `MERGE` kept as written (several branches
//! of a kind, `INSERT DEFAULT VALUES`, …).

use sqlparser::ast::Statement;

use super::{Context, Pass, between, edit, missing, unit_tokens, unsupported};
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
        if !missing(cx, "merge") {
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
                let statement = crate::parse::parse_sql(span.slice(text), crate::Source::Postgres)
                    .ok()
                    .and_then(|s| s.into_iter().next());
                let Some(Statement::Merge(merge)) = statement else {
                    unsupported(cx, at, "merge", "the statement could not be read");
                    continue;
                };
                match upsert(&merge, &keys) {
                    Ok((new, code, message)) => {
                        if edit(unit, span, printed(text, span, &new)) {
                            cx.findings.push(Finding::new(code, at, message));
                        }
                    }
                    Err(why) => unsupported(cx, Span::new(at.start, span.end), "merge", &why),
                }
            }
        }
    }
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

    #[test]
    fn upsert_or_update_insert_before_15() {
        insta::assert_snapshot!(translated(SQL, &highgo(14)));
        assert_eq!(crate::translate(SQL, &highgo(15)).sql, SQL);
    }
}
