//! `script-commands`: what a psql script says that DIsql cannot run is
//! commented out.
//!
//! **What it does.** In the output for DIsql:
//! - psql meta-commands (`\set ON_ERROR_STOP on`, `\echo …`, `\c db`,
//!   `\gexec`, …) become comments; `\i file` / `\ir file` become `@file`
//!   (DIsql runs a script with `@`/`START`);
//! - `BEGIN;` / `START TRANSACTION;` (DM opens a transaction by itself at
//!   the first statement, and `BEGIN` starts a PL block in DIsql) and
//!   `COMMENT ON TYPE|FUNCTION|PROCEDURE|TRIGGER|EXTENSION …` (DM comments
//!   tables, views and columns only) become comments.
//!
//! **Why.** DIsql reads neither psql's backslash commands nor these
//! statements (dameng.md: scripts run in DIsql).
//!
//! **Example.**
//! ```sql
//! \set ON_ERROR_STOP on     -- becomes: -- \set ON_ERROR_STOP on
//! BEGIN;                    -- becomes: -- BEGIN;
//! ```
//!
//! **Findings.** `SP0490` (info) per unit commented out or changed.

use sqlparser::ast::Statement;

use crate::ast::{Content, Edit, Script};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScriptCommands;

impl Pass for ScriptCommands {
    fn name(&self) -> &'static str {
        "script-commands"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let text = cx.file.slice(unit.span);
            let replacement = match &unit.content {
                Content::ClientCommand => {
                    let command = text.trim();
                    let mut words = command.split_whitespace();
                    match words.next() {
                        Some("\\i" | "\\ir" | "\\include" | "\\include_relative") => {
                            let file = words.collect::<Vec<_>>().join(" ");
                            Some((format!("@{file}"), format!("{}: DIsql runs a script with @", command.split_whitespace().next().unwrap_or_default())))
                        }
                        Some(w) if w.starts_with('\\') => Some((
                            commented(text),
                            format!("psql command {w}: DIsql has no such command; commented out"),
                        )),
                        _ => None,
                    }
                }
                Content::Sql(statements) => match statements.as_slice() {
                    [Statement::StartTransaction { .. }] => Some((
                        commented(text),
                        "BEGIN / START TRANSACTION: DM starts a transaction by itself (and BEGIN opens a PL block in DIsql); commented out".to_string(),
                    )),
                    _ => comment_on(text),
                },
                Content::Unreadable => comment_on(text),
                _ => None,
            };
            if let Some((replacement, message)) = replacement {
                cx.findings
                    .push(Finding::new(Code::SP0490, unit.body, message));
                unit.edits.push(Edit {
                    span: unit.span,
                    replacement,
                });
                // Nothing else may reprint it.
                unit.content = Content::ClientCommand;
                unit.rewritten = false;
            }
        }
    }
}

/// `COMMENT ON` an object DM cannot comment.
fn comment_on(text: &str) -> Option<(String, String)> {
    let words: Vec<String> = text
        .split_whitespace()
        .take(3)
        .map(str::to_ascii_uppercase)
        .collect();
    let [comment, on, object] = words.as_slice() else {
        return None;
    };
    if comment != "COMMENT" || on != "ON" {
        return None;
    }
    if matches!(
        object.as_str(),
        "TABLE" | "COLUMN" | "VIEW" | "MATERIALIZED"
    ) {
        return None;
    }
    Some((
        commented(text),
        format!("COMMENT ON {object}: DM comments tables, views and columns only; commented out"),
    ))
}

/// `text` with `-- ` before each line.
pub(super) fn commented(text: &str) -> String {
    text.lines()
        .map(|l| format!("-- {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn psql_commands_and_transaction_starts_are_commented_out() {
        insta::assert_snapshot!(translated(
            "\\set ON_ERROR_STOP on\n\\echo '==== 安装检验模块 ===='\nBEGIN;\nUPDATE lab_request SET status = 'C' WHERE request_id = 1;\nCOMMIT;\nCOMMENT ON FUNCTION fn_age(date) IS '年龄';\nCOMMENT ON TABLE lab_request IS '检验申请';\n\\i lab_seed.sql\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
