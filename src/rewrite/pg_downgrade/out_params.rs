//! `pg-out-params`: procedures with `OUT` parameters before PostgreSQL 14.
//!
//! **What it does.** In `CREATE PROCEDURE`, each `OUT` parameter becomes
//! `INOUT`; one that follows a parameter with a default would get `DEFAULT
//! NULL` (a default is required on every input parameter after the first
//! defaulted one, and an `INOUT` is an input) — but PostgreSQL 14 and later
//! refuse an `OUT` parameter there already ("procedure OUT parameters cannot
//! appear after one with a default value", checked on 15), so valid input
//! never needs it. In a PL/pgSQL body, each such
//! parameter is set to `NULL` at the start of the body, so that what the
//! caller passes in is not seen, as with `OUT`. Procedure signatures written
//! elsewhere (`DROP`, `ALTER`, `COMMENT ON`, `GRANT … ON PROCEDURE p(…)`)
//! say `INOUT` too.
//!
//! **Why.** Procedures may have `OUT` parameters from PostgreSQL 14; before,
//! only `IN` and `INOUT`. Callers need no change: from 14 a `CALL` must pass
//! an argument for each `OUT` parameter too (`NULL`, or a variable in
//! PL/pgSQL), which is what an `INOUT` takes, and the results come back the
//! same way (a result row for a top-level `CALL`, the variables in PL/pgSQL).
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! CREATE PROCEDURE sp_stock_check(p_drug integer, OUT o_short integer, p_min numeric DEFAULT 0)
//! LANGUAGE plpgsql AS $$ BEGIN SELECT … INTO o_short …; END $$;
//! CREATE PROCEDURE sp_stock_check(p_drug integer, INOUT o_short integer, p_min numeric DEFAULT 0)
//! LANGUAGE plpgsql AS $$ BEGIN
//!     o_short := NULL; SELECT … INTO o_short …; END $$;
//! ```
//!
//! **Findings.** `SP0480` (info) once per procedure, at its first `OUT`.

use super::{Context, Pass, Tok, closing, downgraded, edit, missing, unit_tokens};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutParams;

impl Pass for OutParams {
    fn name(&self) -> &'static str {
        "pg-out-params"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, "procedure_out_parameters") {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            let Some(p) = (0..toks.len())
                .find(|&i| toks[i].is("PROCEDURE") && toks[i].body == 0 && toks[i].depth == 0)
            else {
                continue;
            };
            let Some(open) = (p..toks.len()).find(|&i| toks[i].punct('(')) else {
                continue;
            };
            let Some(close) = closing(&toks, open) else {
                continue;
            };
            let creating = toks.first().is_some_and(|t| t.is("CREATE"));
            let params = split_params(&toks, open, close);
            let mut defaulted = false;
            let mut names = Vec::new();
            let mut first = None;
            for param in &params {
                let has_default = param
                    .iter()
                    .any(|&k| toks[k].is("DEFAULT") || toks[k].punct('='));
                let out = param.iter().take(2).copied().find(|&k| toks[k].is("OUT"));
                if let Some(out) = out {
                    if !edit(unit, toks[out].span, "INOUT") {
                        continue;
                    }
                    first.get_or_insert(toks[out].span);
                    if creating
                        && defaulted
                        && !has_default
                        && let Some(&last) = param.last()
                    {
                        edit(unit, Span::empty(toks[last].span.end), " DEFAULT NULL");
                    }
                    // `OUT name type` or `name OUT type`; an unnamed one
                    // (`OUT integer`) cannot be assigned by name.
                    let rest: Vec<usize> = param.iter().copied().filter(|&k| k != out).collect();
                    if rest.len() >= 2 {
                        names.push(toks[rest[0]].text.to_string());
                    }
                }
                defaulted |= has_default;
            }
            let Some(first) = first else {
                continue;
            };
            // Clear the parameters at the start of a PL/pgSQL body.
            let plpgsql = toks[close..].windows(2).any(|w| {
                w[0].is("LANGUAGE") && w[1].text.trim_matches('\'').eq_ignore_ascii_case("plpgsql")
            });
            if creating
                && plpgsql
                && !names.is_empty()
                && let Some(begin) = toks[close..].iter().find(|t| t.body == 1 && t.is("BEGIN"))
            {
                let inits: String = names
                    .iter()
                    .map(|n| format!("\n    {n} := NULL;  -- sqlport: OUT → INOUT"))
                    .collect();
                edit(unit, Span::empty(begin.span.end), inits);
            }
            downgraded(
                cx,
                first,
                "procedure_out_parameters",
                if creating {
                    "OUT became INOUT (set to NULL at the start of the body); callers pass the same arguments"
                } else {
                    "OUT became INOUT in the procedure's signature"
                },
            );
        }
    }
}

/// The token indexes of each parameter between `open` and `close`.
fn split_params(toks: &[Tok<'_>], open: usize, close: usize) -> Vec<Vec<usize>> {
    let depth = toks[open].depth + 1;
    let mut params = vec![Vec::new()];
    for (k, t) in toks.iter().enumerate().take(close).skip(open + 1) {
        if t.depth == depth && t.punct(',') {
            params.push(Vec::new());
        } else if let Some(p) = params.last_mut() {
            p.push(k);
        }
    }
    params.retain(|p| !p.is_empty());
    params
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 库存校验：返回短缺数量\nCREATE OR REPLACE PROCEDURE sp_stock_check(\n    p_drug_id  integer,\n    OUT o_short integer,\n    OUT o_msg   text,\n    p_min      numeric DEFAULT 0\n)\nLANGUAGE plpgsql\nAS $proc$\nBEGIN\n    SELECT count(*) INTO o_short FROM drug_stock WHERE drug_id = p_drug_id AND qty < p_min;\n    o_msg := '短缺 ' || o_short;\nEND;\n$proc$;\nCOMMENT ON PROCEDURE sp_stock_check(integer, OUT integer, OUT text, numeric) IS '库存校验';\nCALL sp_stock_check(1, NULL, NULL, 10);\n";

    #[test]
    fn out_becomes_inout_before_14() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
        assert_eq!(crate::translate(SQL, &highgo(14)).sql, SQL);
    }
}
