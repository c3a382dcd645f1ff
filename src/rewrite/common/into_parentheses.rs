//! `into-parentheses`: `SELECT col INTO (v_var)` loses its parentheses.
//!
//! **What it does.** Where the target's catalog lists the `into-parentheses`
//! rewrite (`[[rewrites]]`: Kingbase's Oracle mode), drops the parentheses
//! around the target list of `SELECT … INTO (…)`, `FETCH … INTO (…)` and
//! `RETURNING … INTO (…)`, as a text edit: the rest of the unit stays byte
//! for byte.
//!
//! **Why.** Kingbase's Oracle mode rejects the parenthesised list that some
//! Oracle code uses; without the parentheses the statement means the same
//! in both databases.
//!
//! **Example.**
//!
//! ```sql
//! SELECT patient_name INTO (v_name) FROM pat_contact WHERE patient_id = p_id;   -- before
//! SELECT patient_name INTO v_name FROM pat_contact WHERE patient_id = p_id;     -- after
//! ```
//!
//! `INSERT INTO t (a, b)` and `MERGE INTO` are not touched: there the
//! parentheses list columns.
//!
//! **Findings.** `SP0422` (info) at each list.

use crate::ast::Edit;
use crate::catalog::applies_in;
use crate::report::{Code, Finding};
use crate::source::{Lexeme, LexemeKind, Span};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct IntoParentheses;

impl Pass for IntoParentheses {
    fn name(&self) -> &'static str {
        "into-parentheses"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let Some(catalog) = super::oracle_source_catalog(cx) else {
            return;
        };
        let mode = cx.options.mode();
        let Some(rule) = catalog
            .rewrites
            .iter()
            .find(|r| r.rule == "into-parentheses" && applies_in(&r.modes, mode))
        else {
            return;
        };
        let text = cx.file.text();
        for unit in script.units_mut() {
            let Some(lexemes) = super::read_lexemes(unit, cx) else {
                continue;
            };
            for (open, close) in lists(&lexemes, text) {
                unit.edits.push(Edit {
                    span: open,
                    replacement: String::new(),
                });
                unit.edits.push(Edit {
                    span: close,
                    replacement: String::new(),
                });
                cx.findings.push(
                    Finding::new(
                        Code::SP0422,
                        Span::new(open.start, close.end),
                        "the parentheses around the INTO list were dropped",
                    )
                    .with_help(rule.reason.clone()),
                );
            }
        }
    }
}

fn is_word(l: Option<&Lexeme>, text: &str, word: &str) -> bool {
    l.is_some_and(|l| l.kind == LexemeKind::Word && l.span.slice(text).eq_ignore_ascii_case(word))
}

fn is_punct(l: Option<&Lexeme>, c: char) -> bool {
    l.is_some_and(|l| l.kind == LexemeKind::Punct(c))
}

/// The spans of `(` and `)` of each parenthesised INTO list: `INTO` (not
/// after `INSERT` or `MERGE`), `(`, names separated by `,` (dotted names
/// allowed), `)`, then `FROM`, `;`, `LIMIT`, `BULK`-free end of statement.
fn lists(lexemes: &[Lexeme], text: &str) -> Vec<(Span, Span)> {
    let at = |i: usize| lexemes.get(i);
    let mut out = Vec::new();
    for (i, l) in lexemes.iter().enumerate() {
        if !is_word(Some(l), text, "INTO")
            || !is_punct(at(i + 1), '(')
            || i.checked_sub(1)
                .is_some_and(|p| is_word(at(p), text, "INSERT") || is_word(at(p), text, "MERGE"))
        {
            continue;
        }
        // names, commas and dots up to the closing parenthesis
        let mut j = i + 2;
        let mut expect_name = true;
        let close = loop {
            let Some(x) = at(j) else { break None };
            match x.kind {
                LexemeKind::Word | LexemeKind::QuotedIdent if expect_name => expect_name = false,
                LexemeKind::Punct(',' | '.') if !expect_name => expect_name = true,
                LexemeKind::Punct(')') if !expect_name => break Some(j),
                _ => break None,
            }
            j += 1;
        };
        let Some(close) = close else { continue };
        let after = at(close + 1);
        let ends = after.is_none()
            || is_punct(after, ';')
            || is_word(after, text, "FROM")
            || is_word(after, text, "LIMIT");
        if let (true, Some(open), Some(close)) = (ends, at(i + 1), at(close)) {
            out.push((open.span, close.span));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    const SCRIPT: &str = "CREATE OR REPLACE PROCEDURE p_pat_name (p_id NUMBER) IS\n  v_name  VARCHAR2(50);\n  v_phone VARCHAR2(20);\n  CURSOR c IS SELECT patient_name, phone FROM pat_contact;\nBEGIN\n  -- 旧写法：INTO 目标加了括号\n  SELECT patient_name, phone INTO (v_name, v_phone) FROM pat_contact WHERE patient_id = p_id;\n  OPEN c;\n  FETCH c INTO (v_name, v_phone);\n  CLOSE c;\n  INSERT INTO pat_contact (patient_id, patient_name) VALUES (p_id, v_name);\n  UPDATE pat_contact SET phone = v_phone WHERE patient_id = p_id RETURNING patient_name INTO (v_name);\nEND;\n/\n";

    #[test]
    fn kingbase_oracle_mode_drops_the_parentheses() {
        let out = crate::translate(SCRIPT, &Options::new(Source::Oracle, Target::Kingbase));
        let findings: Vec<String> = out
            .report
            .findings
            .iter()
            .filter(|f| f.code == crate::Code::SP0422)
            .map(|f| format!("{}:{} {}", f.start.line, f.start.column, f.message))
            .collect();
        insta::assert_snapshot!(format!(
            "{}\n-- findings:\n{}",
            out.sql,
            findings.join("\n")
        ));
    }

    #[test]
    fn other_targets_keep_them() {
        let out = crate::translate(
            SCRIPT,
            &Options::new(Source::Oracle, Target::Dameng).with_dm_date(crate::DmDate::Keep),
        );
        assert_eq!(out.sql, SCRIPT);
    }
}
