//! `empty-string`: comparisons with `''` in Oracle code.
//!
//! **What it does.** Finds `x = ''`, `x <> ''`, `x != ''` (either side) in
//! SQL and PL/SQL from Oracle, and reports each; nothing is rewritten.
//!
//! **Why.** Oracle stores and compares `''` as `NULL`, so `x = ''` is never
//! true and `x <> ''` never true either: the code almost certainly meant
//! `x IS NULL` / `x IS NOT NULL`. On a target where `''` is an empty string
//! (PostgreSQL-based HighGo; Kingbase with `ora_input_emptystr_isnull` off;
//! DM depending on its compatibility settings) the same comparison starts
//! matching rows, and the program's behaviour changes.
//!
//! **Example.**
//!
//! ```sql
//! SELECT * FROM op_reg WHERE remark = '';      -- never true in Oracle
//! SELECT * FROM op_reg WHERE remark IS NULL;   -- what it meant
//! ```
//!
//! **Findings.** `SP0301` (warning) at each comparison.
//!
//! The message says what the target does with `''` and which setting
//! decides it, from the target's catalog (`[[empty_string]]`, per mode):
//! DM8 keeps `''` apart from NULL in stored values even with
//! `COMPATIBLE_MODE=2`; Kingbase's Oracle mode reads `''` as NULL while
//! `ora_input_emptystr_isnull` is on (the default); PostgreSQL kernels
//! always keep them apart.
//!
//! **Source.** Oracle treats a zero-length string as NULL (Oracle SQL
//! Language Reference, "Nulls"); the targets' facts and their sources are in
//! `grammar/targets/*.toml`, `[[empty_string]]`.

use crate::Source;
use crate::ast::Unit;
use crate::report::{Code, Finding};
use crate::source::{Lexeme, LexemeKind, Span};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmptyString;

impl Pass for EmptyString {
    fn name(&self) -> &'static str {
        "empty-string"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if cx.options.source != Source::Oracle {
            return;
        }
        for unit in script.units() {
            check_unit(unit, cx);
        }
    }
}

fn check_unit(unit: &Unit, cx: &mut Context<'_>) {
    let Some(lexemes) = super::read_lexemes(unit, cx) else {
        return;
    };
    let text = cx.file.text();
    let empty = |l: Option<&Lexeme>| {
        l.is_some_and(|l| l.kind == LexemeKind::String && l.span.slice(text) == "''")
    };
    for (i, l) in lexemes.iter().enumerate() {
        let Some(op) = comparison_at(&lexemes, i) else {
            continue;
        };
        let before = i.checked_sub(1).and_then(|p| lexemes.get(p));
        let after = lexemes.get(i + op.len);
        let Some(literal) = [before, after]
            .into_iter()
            .flatten()
            .find(|x| empty(Some(x)))
        else {
            continue;
        };
        let span = Span::new(
            l.span.start.min(literal.span.start),
            l.span.end.max(literal.span.end),
        );
        let meant = if op.equals { "IS NULL" } else { "IS NOT NULL" };
        // What the target does with '' comes from its catalog, per mode.
        let behaviour = crate::catalog::catalog(cx.options.target)
            .ok()
            .and_then(|c| {
                c.empty_string
                    .iter()
                    .find(|e| crate::catalog::applies_in(&e.modes, cx.options.mode()))
            });
        let (message, help) = match behaviour {
            Some(b) => (
                format!(
                    "comparison with '' is never true in Oracle ('' is NULL); {}",
                    b.behaviour
                ),
                format!(
                    "write `{meant}` if that is what the code means (it is what Oracle did); the target's setting: {}",
                    b.setting
                ),
            ),
            None => (
                format!(
                    "comparison with '' is never true in Oracle ('' is NULL); on {} it may match empty strings",
                    cx.options.target
                ),
                format!(
                    "write `{meant}` if that is what the code means (it is what Oracle did); check the target's empty-string setting"
                ),
            ),
        };
        cx.findings
            .push(Finding::new(Code::SP0301, span, message).with_help(help));
    }
}

/// A comparison operator made of one or two punctuation lexemes.
struct Comparison {
    /// How many lexemes it takes.
    len: usize,
    /// `=` (else `<>` / `!=`).
    equals: bool,
}

fn comparison_at(lexemes: &[Lexeme], i: usize) -> Option<Comparison> {
    let l = lexemes.get(i)?;
    let next = lexemes.get(i + 1).filter(|n| n.span.start == l.span.end);
    let prev_glued = i
        .checked_sub(1)
        .and_then(|p| lexemes.get(p))
        .is_some_and(|p| {
            p.span.end == l.span.start && matches!(p.kind, LexemeKind::Punct('<' | '>' | '!' | ':'))
        });
    match (l.kind, next.map(|n| n.kind)) {
        (LexemeKind::Punct('='), _) if !prev_glued => Some(Comparison {
            len: 1,
            equals: true,
        }),
        (LexemeKind::Punct('<'), Some(LexemeKind::Punct('>')))
        | (LexemeKind::Punct('!'), Some(LexemeKind::Punct('='))) => Some(Comparison {
            len: 2,
            equals: false,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    #[test]
    fn comparisons_with_empty_strings_are_flagged_for_every_target() {
        let input = "SELECT * FROM op_reg WHERE remark = '' OR '' <> memo OR note != '' OR x >= '' OR y := '';\nBEGIN\n  IF v_name = '' THEN NULL; END IF;\n  v_text := '';\n  v_sql := 'a = ''''';\nEND;\n/\n";
        for target in Target::ALL {
            let report = crate::check(input, &Options::new(Source::Oracle, target));
            let hits: Vec<(usize, usize)> = report
                .findings
                .iter()
                .filter(|f| f.code == crate::Code::SP0301)
                .map(|f| (f.start.line, f.start.column))
                .collect();
            assert_eq!(hits, vec![(1, 35), (1, 43), (1, 62), (3, 13)], "{target}");
        }
        let pg = crate::check(input, &Options::new(Source::Postgres, Target::Highgo));
        assert!(pg.findings.iter().all(|f| f.code != crate::Code::SP0301));
    }

    #[test]
    fn the_diagnostic_names_the_target_and_the_meant_form() {
        let input = "UPDATE op_reg SET status = 'C'\n WHERE remark <> '' -- 有备注的挂号\n   AND reg_id = p_id;\n";
        let report = crate::check(input, &Options::new(Source::Oracle, Target::Highgo));
        let file = crate::source::SourceFile::new(input);
        insta::assert_snapshot!(crate::report::human::render(
            "op_reg.sql",
            &file,
            &report,
            false
        ));
    }
}
