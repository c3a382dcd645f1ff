//! `pg-in-kingbase-oracle`: a PostgreSQL script run in Kingbase's Oracle
//! mode.
//!
//! **What it does.** Passes the script through unchanged (what is newer
//! than the mode's PostgreSQL 12 kernel is the `pg_downgrade` passes', which
//! run for this mode too: [`crate::Options::pg_source_kernel`]), and reports the
//! PostgreSQL constructs that the target's catalog lists as running
//! differently in the mode (`[[pg_syntax]]`, `status = "differs"`): the
//! literal `''` (read as NULL while `ora_input_emptystr_isnull` is on, the
//! default) at each use, and the type `date` (Oracle's `DATE`, with a time
//! of day) at its first use in a unit. What the catalog lists as `runs`
//! (`$$` routines in `plpgsql`, `::`, `LIMIT`/`OFFSET`, `ON CONFLICT`,
//! arrays, `jsonb`) needs nothing.
//!
//! **Why.** Kingbase's Oracle mode keeps its PostgreSQL kernel, so the
//! syntax is read as written; the behaviour the mode switches on is what a
//! PostgreSQL HIS module did not expect. Rewriting would need to know what
//! the code meant (an empty remark, or none?), so the pass reports.
//!
//! **Example.**
//!
//! ```sql
//! SELECT coalesce(o.remark, '') FROM lab_order o;        -- warning SP0374: '' is NULL
//! CREATE TABLE lab_slot (slot_day date NOT NULL);        -- warning SP0374: date keeps a time
//! ```
//!
//! **Findings.** `SP0374` (warning), message and help from the catalog.

use crate::Source;
use crate::catalog::{self, PgConstruct, PgStatus, PgSyntax, applies_in};
use crate::report::{Code, Finding};
use crate::source::{Lexeme, LexemeKind, Lexer, Span};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct PgInKingbaseOracle;

impl Pass for PgInKingbaseOracle {
    fn name(&self) -> &'static str {
        "pg-in-kingbase-oracle"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if cx.options.source != Source::Postgres {
            return;
        }
        let Ok(catalog) = catalog::catalog(cx.options.target) else {
            return;
        };
        let mode = cx.options.mode();
        let differs: Vec<&PgSyntax> = catalog
            .pg_syntax
            .iter()
            .filter(|e| e.status == PgStatus::Differs && applies_in(&e.modes, mode))
            .collect();
        if differs.is_empty() {
            return;
        }
        let text = cx.file.text();
        let units: Vec<Vec<Lexeme>> = script
            .units()
            .filter_map(|u| super::read_lexemes(u, cx))
            .map(|lexemes| with_bodies(lexemes, text, cx))
            .collect();
        for lexemes in &units {
            for entry in &differs {
                let hits = match entry.construct {
                    PgConstruct::EmptyStringLiteral => empty_strings(lexemes, text),
                    PgConstruct::DateType => date_type(lexemes, text),
                    // Listed as running differently without a detector:
                    // nothing to find (the catalog test keeps them apart).
                    _ => Vec::new(),
                };
                for (span, what) in hits {
                    cx.findings.push(
                        Finding::new(Code::SP0374, span, format!("{what}: {}", entry.message))
                            .with_help(entry.help.clone()),
                    );
                }
            }
        }
    }
}

/// The unit's lexemes with each `$tag$ … $tag$` body replaced by the
/// lexemes inside it, so that a routine's code is searched too.
fn with_bodies(lexemes: Vec<Lexeme>, text: &str, cx: &Context<'_>) -> Vec<Lexeme> {
    let mut out = Vec::with_capacity(lexemes.len());
    for l in lexemes {
        if l.kind != LexemeKind::DollarString {
            out.push(l);
            continue;
        }
        let body = l.span.slice(text);
        let tag = body[1..].find('$').map_or(0, |e| e + 2);
        if tag == 0 || body.len() < 2 * tag {
            continue;
        }
        let (start, end) = (l.span.start + tag, l.span.end - tag);
        out.extend(
            Lexer::new(text, start, cx.options.source.script_syntax())
                .take_while(|x| x.span.start < end)
                .filter(|x| !x.kind.is_trivia()),
        );
    }
    out
}

/// Every `''` literal.
fn empty_strings(lexemes: &[Lexeme], text: &str) -> Vec<(Span, String)> {
    lexemes
        .iter()
        .filter(|l| l.kind == LexemeKind::String && l.span.slice(text) == "''")
        .map(|l| (l.span, "''".to_string()))
        .collect()
}

/// The first use of the type `date` in the unit (a column, a variable, a
/// cast), with the number of uses; `DATE '…'` literals and qualified names
/// are not types.
fn date_type(lexemes: &[Lexeme], text: &str) -> Vec<(Span, String)> {
    let uses: Vec<&Lexeme> = lexemes
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            l.kind == LexemeKind::Word
                && l.span.slice(text).eq_ignore_ascii_case("date")
                && !lexemes.get(i + 1).is_some_and(|n| {
                    n.kind == LexemeKind::String
                        || n.kind == LexemeKind::Punct('.')
                        || n.kind == LexemeKind::Punct('(')
                })
                && !i
                    .checked_sub(1)
                    .and_then(|p| lexemes.get(p))
                    .is_some_and(|p| p.kind == LexemeKind::Punct('.'))
        })
        .map(|(_, l)| l)
        .collect();
    match uses.first() {
        Some(first) => {
            let more = match uses.len() {
                1 => String::new(),
                n => format!(" (and {} more uses in this unit)", n - 1),
            };
            vec![(first.span, format!("the type date{more}"))]
        }
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::report::Code;
    use crate::{Options, Source, Target};

    const SCRIPT: &str = "-- 检验预约（PostgreSQL 15）\nCREATE TABLE lab_slot (\n  slot_id   bigserial PRIMARY KEY,\n  slot_day  date NOT NULL,\n  remark    varchar(200) NOT NULL DEFAULT '',\n  tags      text[],\n  extra     jsonb\n);\nINSERT INTO lab_slot (slot_day, remark) VALUES (now()::date, '')\nON CONFLICT (slot_id) DO NOTHING;\nSELECT slot_id, coalesce(remark, '') AS remark FROM lab_slot WHERE 'urgent' = ANY(tags) ORDER BY slot_day LIMIT 20 OFFSET 40;\nCREATE OR REPLACE FUNCTION fn_next_slot(p_day date) RETURNS bigint AS $$\nDECLARE\n  v_id bigint;\nBEGIN\n  SELECT slot_id INTO v_id FROM lab_slot\n   WHERE slot_day >= p_day AND remark <> '' AND extra ->> 'ward' IS NOT NULL\n   ORDER BY slot_day LIMIT 1;\n  RETURN v_id;\nEND;\n$$ LANGUAGE plpgsql;\n";

    fn options(mode: &str) -> Options {
        Options::new(Source::Postgres, Target::Kingbase).with_target_mode(Some(mode.to_string()))
    }

    #[test]
    fn oracle_mode_passes_the_script_through_and_reports_what_differs() {
        let out = crate::translate(SCRIPT, &options("oracle"));
        assert_eq!(out.sql, SCRIPT);
        let findings: Vec<String> = out
            .report
            .findings
            .iter()
            .filter(|f| f.code == Code::SP0374)
            .map(|f| format!("{}:{} {}", f.start.line, f.start.column, f.message))
            .collect();
        insta::assert_snapshot!(findings.join("\n"));
    }

    #[test]
    fn the_pg_mode_and_other_targets_report_nothing_of_it() {
        let report = crate::check(SCRIPT, &options("pg"));
        assert!(report.findings.iter().all(|f| f.code != Code::SP0374));
        let report = crate::check(SCRIPT, &Options::new(Source::Postgres, Target::Highgo));
        assert!(report.findings.iter().all(|f| f.code != Code::SP0374));
    }

    #[test]
    fn constructs_the_catalog_says_run_give_no_finding() {
        let runs = "SELECT x::int, ARRAY[1, 2] FROM t LIMIT 5 OFFSET 1;\nINSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING;\nDO $$ BEGIN PERFORM 1; END $$;\n";
        let out = crate::translate(runs, &options("oracle"));
        assert_eq!(out.sql, runs);
        assert!(out.report.findings.is_empty(), "{:?}", out.report.findings);
    }
}
