//! `pg-sql-body`: SQL-standard routine bodies before PostgreSQL 14.
//!
//! **What it does.** A SQL-language function or procedure whose body is
//! written the SQL-standard way — `RETURN expr`, or `BEGIN ATOMIC … END` —
//! gets a string body instead: `AS $sqlport$ SELECT expr $sqlport$`, or
//! `AS $sqlport$ …statements… $sqlport$`, with `LANGUAGE sql` added when the
//! header does not say it, and `SET search_path FROM CURRENT` unless the
//! header sets `search_path` itself.
//!
//! **Why.** SQL-standard bodies arrive in PostgreSQL 14. A standard body is
//! parsed when the routine is created, so its table names are bound with the
//! `search_path` of that moment; a string body is parsed when it runs, with
//! the caller's `search_path`. `SET search_path FROM CURRENT` keeps the
//! creation-time path, so the names still find the same tables. (What stays
//! different: dependencies on the tables are not recorded, so `DROP TABLE`
//! does not refuse, and the routine is no longer inlined.)
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! CREATE FUNCTION fn_age_years(p_birth date) RETURNS integer LANGUAGE sql IMMUTABLE
//! RETURN extract(year FROM age(current_date, p_birth))::integer;
//! CREATE FUNCTION fn_age_years(p_birth date) RETURNS integer LANGUAGE sql IMMUTABLE
//! SET search_path FROM CURRENT AS $sqlport$ SELECT extract(year FROM age(current_date, p_birth))::integer $sqlport$;
//! ```
//!
//! **Findings.** `SP0480` (info) at `RETURN` or `BEGIN ATOMIC`.

use super::{Context, Pass, Tok, between, downgraded, edit, missing, unit_tokens};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct SqlBody;

impl Pass for SqlBody {
    fn name(&self) -> &'static str {
        "pg-sql-body"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, "sql_function_body") {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            let Some(start) = body_start(&toks) else {
                continue;
            };
            let header = &toks[..start];
            let atomic = toks[start].is("BEGIN");
            let end = text[..unit.body.end].trim_end().len();
            // The body's own tokens stay where they are (other passes edit
            // them); only its opening and closing words change.
            let (open, close) = if atomic {
                let Some(last) = toks
                    .last()
                    .filter(|t| t.is("END") && toks.len() > start + 2)
                else {
                    continue;
                };
                (between(&toks, start, start + 1), last.span)
            } else {
                (toks[start].span, Span::empty(end))
            };
            let inner_text = Span::new(open.end, close.start).slice(text);
            let mut tag = "$sqlport$".to_string();
            while inner_text.contains(&tag) {
                tag.insert(tag.len() - 1, '_');
            }
            let mut replacement = String::new();
            if !header.iter().any(|t| t.is("LANGUAGE")) {
                replacement.push_str("LANGUAGE sql ");
            }
            let sets_path = header
                .windows(2)
                .any(|w| w[0].is("SET") && w[1].is("search_path"));
            if !sets_path {
                replacement.push_str("SET search_path FROM CURRENT ");
            }
            replacement.push_str(&format!("AS {tag}"));
            if !atomic {
                replacement.push_str(" SELECT");
            }
            let closing = if atomic {
                tag.clone()
            } else {
                format!(" {tag}")
            };
            if edit(unit, open, replacement) && edit(unit, close, closing) {
                downgraded(
                    cx,
                    toks[start].span,
                    "sql_function_body",
                    "became a string body (AS $sqlport$ … $sqlport$) with SET search_path FROM CURRENT, so that its names resolve as when it was created",
                );
            }
        }
    }
}

/// Where the SQL-standard body of a `CREATE FUNCTION|PROCEDURE` begins (its
/// `RETURN` or `BEGIN ATOMIC`), if it has one.
fn body_start(toks: &[Tok<'_>]) -> Option<usize> {
    let mut i = 0;
    if !toks.first()?.is("CREATE") {
        return None;
    }
    i += 1;
    if toks.get(i)?.is("OR") && toks.get(i + 1)?.is("REPLACE") {
        i += 2;
    }
    if !(toks.get(i)?.is("FUNCTION") || toks.get(i)?.is("PROCEDURE")) {
        return None;
    }
    let open = (i..toks.len()).find(|&k| toks[k].punct('('))?;
    let close = super::closing(toks, open)?;
    (close + 1..toks.len()).find(|&k| {
        let t = &toks[k];
        t.depth == 0
            && t.body == 0
            && (t.is("RETURN")
                || (t.is("BEGIN") && toks.get(k + 1).is_some_and(|n| n.is("ATOMIC"))))
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 年龄（周岁）\nCREATE OR REPLACE FUNCTION fn_age_years(p_birth date, p_at date DEFAULT current_date)\nRETURNS integer\nLANGUAGE sql\nIMMUTABLE\nRETURN extract(year FROM age(p_at, p_birth))::integer;\n\nCREATE OR REPLACE FUNCTION fn_ack_alert(p_alert_id bigint, p_user text)\nRETURNS bigint\nLANGUAGE sql\nBEGIN ATOMIC\n    UPDATE critical_alert SET ack_by = p_user WHERE alert_id = p_alert_id;\n    SELECT count(*) FROM critical_alert WHERE ack_at IS NULL;\nEND;\n\nCREATE FUNCTION fn_plain(a int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN a; END $$;\n";

    #[test]
    fn string_bodies_before_14() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
        assert_eq!(crate::translate(SQL, &highgo(14)).sql, SQL);
    }
}
