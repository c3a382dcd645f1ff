//! `client-commands`: SQL*Plus commands become psql meta-commands.
//!
//! **What it does.** Rewrites each SQL*Plus command of an Oracle script
//! (a [`Content::ClientCommand`] unit, kept as text) as a text edit:
//!
//! | SQL*Plus | psql |
//! | --- | --- |
//! | `PROMPT text` | `\echo text` (quoted when psql would read the text) |
//! | `@file`, `START file` / `@@file` | `\i file` / `\ir file` (`.sql` added when there is no extension) |
//! | `SET SERVEROUTPUT ON` / `OFF` | `SET client_min_messages = notice;` / `= warning;` (`DBMS_OUTPUT` became `RAISE NOTICE`) |
//! | `SET DEFINE OFF` | commented out: psql never substitutes `&name` |
//! | `SET ECHO`, `SET TIMING`, `SET FEEDBACK` | `\set ECHO all/none`, `\timing on/off`, `\set QUIET off/on` |
//! | `SPOOL file` / `SPOOL OFF` | `\o file` / `\o` |
//! | `WHENEVER SQLERROR EXIT …` / `CONTINUE` | `\set ON_ERROR_STOP on` / `off` |
//! | `EXIT`, `QUIT` | `\q` |
//! | `EXEC[UTE] p(…)`, `EXEC p` | `CALL p(…);`, `CALL p();` |
//! | `EXEC f(…)` (a function of the script) | `SELECT f(…);` |
//! | `HOST cmd`, `!cmd` | `\! cmd` |
//! | `REM[ARK] text` | `-- text` |
//! | anything else (`COLUMN`, `SHOW ERRORS`, `SET LINESIZE`, `VARIABLE`, …) | commented out |
//!
//! A line holding only `/` after a SQL statement (SQL*Plus runs the
//! statement again) is dropped: psql would add the `/` to the next statement.
//!
//! **Why.** The translated script is run with psql on HighGo (or Kingbase in
//! PG mode); SQL*Plus commands are syntax errors there, and `@@` includes,
//! `WHENEVER SQLERROR EXIT` and `EXEC` carry the script's meaning.
//!
//! **Example.**
//! ```text
//! WHENEVER SQLERROR EXIT SQL.SQLCODE      \set ON_ERROR_STOP on
//! PROMPT 创建门诊表 ...                    \echo 创建门诊表 ...
//! @@pkg_pharmacy.pks                       \ir pkg_pharmacy.pks
//! EXEC pkg_op_billing.daily_close(9001);   CALL pkg_op_billing.daily_close(9001);
//! COLUMN dept_tree FORMAT A40              -- COLUMN dept_tree FORMAT A40
//! ```
//!
//! **Findings.** `SP0460` (info) for a command commented out because psql
//! has nothing like it; `SP0461` (info) where the psql command behaves a
//! little differently (`SPOOL`, an exit code, `EXEC` of what may be a
//! function); `SP0360` (warning) where the commented-out command mattered
//! (`EXEC` with bind variables, `@file` with arguments).
//! `REM`, `SET DEFINE OFF` and the mapped commands get none.

use std::collections::HashMap;

use crate::ast::procedural::RoutineKind;
use crate::ast::{Content, Edit, Item, Script};
use crate::report::{Code, Finding};
use crate::source::{LexemeKind, Lexer, ScriptSyntax, Span, Terminator, UnitKind};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientCommands;

impl Pass for ClientCommands {
    fn name(&self) -> &'static str {
        "client-commands"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        drop_rerun_slashes(script, text);
        // What `EXEC name` runs: a function is selected, a procedure called.
        let mut routines = HashMap::new();
        for s in super::context_scripts(cx).iter() {
            routines.extend(super::calls::defined_routines(s));
        }
        routines.extend(super::calls::defined_routines(script));
        for unit in script.units_mut() {
            match (&unit.content, unit.kind) {
                (Content::ClientCommand, _) => {
                    let command = cx.file.slice(unit.span);
                    let (replacement, finding) = translate(command, &routines);
                    if let Some((code, message)) = finding {
                        cx.findings.push(Finding::new(code, unit.body, message));
                    }
                    unit.edits.push(Edit {
                        span: unit.span,
                        replacement,
                    });
                }
                // A statement SQL*Plus ran with a `/` line instead of `;`.
                (Content::Sql(_), UnitKind::Sql)
                    if unit.terminator == Terminator::Slash && !unit.rewritten =>
                {
                    let body_end = text[..unit.body.end].trim_end().len().max(unit.body.start);
                    unit.edits.push(Edit {
                        span: Span::new(body_end, unit.span.end),
                        replacement: ";".to_string(),
                    });
                }
                _ => {}
            }
        }
    }
}

/// Removes the `/` lines between units: after a statement ended by `;`,
/// SQL*Plus runs it a second time; psql would prepend `/` to the next one.
fn drop_rerun_slashes(script: &mut Script, text: &str) {
    let mut items = Vec::with_capacity(script.items.len());
    for item in std::mem::take(&mut script.items) {
        let Item::Trivia(span) = item else {
            items.push(item);
            continue;
        };
        let mut kept = span.start;
        for lexeme in Lexer::new(text, span.start, ScriptSyntax::SqlPlus)
            .take_while(|l| l.span.start < span.end)
        {
            if lexeme.kind != LexemeKind::Punct('/') || !alone_on_line(text, lexeme.span) {
                continue;
            }
            let line_start = text[..lexeme.span.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[lexeme.span.end..]
                .find('\n')
                .map_or(text.len(), |i| lexeme.span.end + i + 1)
                .min(span.end);
            let cut_start = line_start.max(kept);
            if cut_start > kept {
                items.push(Item::Trivia(Span::new(kept, cut_start)));
            }
            kept = line_end;
        }
        if kept < span.end || kept == span.start {
            items.push(Item::Trivia(Span::new(kept, span.end)));
        }
    }
    script.items = items;
}

fn alone_on_line(text: &str, span: Span) -> bool {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    text[line_start..span.start].trim().is_empty() && text[span.end..line_end].trim().is_empty()
}

type Note = Option<(Code, String)>;

/// The psql text for one SQL*Plus command, and the finding it deserves.
fn translate(command: &str, routines: &HashMap<String, RoutineKind>) -> (String, Note) {
    let trimmed = command.trim();
    if let Some(rest) = trimmed.strip_prefix("@@") {
        return include(rest, "\\ir", command);
    }
    if let Some(rest) = trimmed.strip_prefix('@') {
        return include(rest, "\\i", command);
    }
    if let Some(rest) = trimmed.strip_prefix('!') {
        return (format!("\\! {}", rest.trim()), None);
    }
    let (word, rest) = split_word(trimmed);
    let next = split_word(rest).0;
    let name = crate::source::sqlplus_command(word, (!next.is_empty()).then_some(next));
    match name {
        Some("REMARK") => (format!("--{}", &trimmed[word.len()..]), None),
        Some("PROMPT") => (echo(prompt_text(trimmed, word)), None),
        Some("START") => include(rest, "\\i", command),
        Some("SET") => set(rest, command),
        Some("SPOOL") => spool(rest),
        Some("WHENEVER") => whenever(rest, command),
        Some("EXIT" | "QUIT") => {
            let code = rest.trim().trim_end_matches(';').trim();
            let note = (!code.is_empty()).then(|| {
                (
                    Code::SP0461,
                    format!(
                        "`{}` became `\\q`: psql ends with status 0 (`{code}` is not kept)",
                        word.to_ascii_uppercase()
                    ),
                )
            });
            ("\\q".to_string(), note)
        }
        Some("EXECUTE") => execute(rest, command, routines),
        Some("HOST") => (format!("\\! {}", rest.trim()), None),
        Some(other) => comment_out(
            command,
            Some((
                Code::SP0460,
                format!("SQL*Plus `{other}` has no psql equivalent; it was commented out"),
            )),
        ),
        None => comment_out(
            command,
            Some((
                Code::SP0460,
                "an unknown client command was commented out".to_string(),
            )),
        ),
    }
}

/// The first whitespace-separated word and the rest.
fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(char::is_whitespace) {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    }
}

/// Every line of `command` behind `-- `.
fn comment_out(command: &str, note: Note) -> (String, Note) {
    let commented: Vec<String> = command.lines().map(|l| format!("-- {l}")).collect();
    (commented.join("\n"), note)
}

/// `PROMPT`'s text: what follows the command word and one blank.
fn prompt_text<'a>(trimmed: &'a str, word: &str) -> &'a str {
    let rest = &trimmed[word.len()..];
    rest.strip_prefix([' ', '\t']).unwrap_or(rest).trim_end()
}

/// `\echo` of `text`, single-quoted when psql would otherwise read quotes,
/// backslashes, back-quotes or `:variables` in it, or collapse its blanks.
fn echo(text: &str) -> String {
    if text.is_empty() {
        return "\\echo".to_string();
    }
    let plain = !text.contains(['\'', '"', '`', '\\', ':', '\t'])
        && !text.contains("  ")
        && !text.starts_with("-n")
        && !text.starts_with(' ');
    if plain {
        format!("\\echo {text}")
    } else {
        format!(
            "\\echo '{}'",
            text.replace('\\', "\\\\").replace('\'', "''")
        )
    }
}

fn include(rest: &str, psql: &str, command: &str) -> (String, Note) {
    let mut words = rest.split_whitespace();
    let Some(file) = words.next() else {
        return comment_out(
            command,
            Some((
                Code::SP0460,
                "an include without a file name was commented out".into(),
            )),
        );
    };
    if words.next().is_some() {
        return comment_out(
            command,
            Some((
                Code::SP0360,
                "a script run with arguments (`&1`, `&2` in it) was commented out: psql's `\\i` takes none".into(),
            )),
        );
    }
    // SQL*Plus adds `.sql` to a name without an extension.
    let has_extension = file
        .rsplit(['/', '\\'])
        .next()
        .is_some_and(|name| name.contains('.'));
    let file = if has_extension {
        file.to_string()
    } else {
        format!("{file}.sql")
    };
    (format!("{psql} {file}"), None)
}

fn set(rest: &str, command: &str) -> (String, Note) {
    let (option, value) = split_word(rest);
    let option = option.to_ascii_uppercase();
    let value = split_word(value).0.to_ascii_uppercase();
    let on = value == "ON";
    let off = value == "OFF";
    let starts = |full: &str, min: usize| option.len() >= min && full.starts_with(option.as_str());
    if starts("SERVEROUTPUT", 9) && (on || off) {
        let level = if on { "notice" } else { "warning" };
        return (format!("SET client_min_messages = {level};"), None);
    }
    if starts("DEFINE", 3) && off {
        return comment_out(command, None);
    }
    if starts("DEFINE", 3) {
        return comment_out(
            command,
            Some((
                Code::SP0460,
                "psql has no `&name` substitution: `SET DEFINE` was commented out, and any `&name` after it stays as written".into(),
            )),
        );
    }
    if starts("ECHO", 4) && (on || off) {
        return (
            format!("\\set ECHO {}", if on { "all" } else { "none" }),
            None,
        );
    }
    if starts("TIMING", 4) && (on || off) {
        return (format!("\\timing {}", value.to_ascii_lowercase()), None);
    }
    if starts("FEEDBACK", 4) && (on || off) {
        return (
            format!("\\set QUIET {}", if on { "off" } else { "on" }),
            None,
        );
    }
    comment_out(
        command,
        Some((
            Code::SP0460,
            format!("SQL*Plus `SET {option}` has no psql equivalent; it was commented out"),
        )),
    )
}

fn spool(rest: &str) -> (String, Note) {
    let (file, _options) = split_word(rest);
    if file.eq_ignore_ascii_case("OFF") || file.eq_ignore_ascii_case("OUT") || file.is_empty() {
        return ("\\o".to_string(), None);
    }
    (
        format!("\\o {file}"),
        Some((
            Code::SP0461,
            "`SPOOL` became `\\o`, which writes query results only (not `\\echo` text nor errors)"
                .into(),
        )),
    )
}

fn whenever(rest: &str, command: &str) -> (String, Note) {
    let (condition, action) = split_word(rest);
    let (verb, after) = split_word(action);
    if !condition.eq_ignore_ascii_case("SQLERROR") {
        return comment_out(
            command,
            Some((
                Code::SP0460,
                "`WHENEVER OSERROR` has no psql equivalent; it was commented out".into(),
            )),
        );
    }
    if verb.eq_ignore_ascii_case("CONTINUE") {
        return ("\\set ON_ERROR_STOP off".to_string(), None);
    }
    let after = after.trim();
    let note = (!after.is_empty()).then(|| {
        (
            Code::SP0461,
            format!("psql stops with exit status 3 on the first error; `{after}` is not kept"),
        )
    });
    ("\\set ON_ERROR_STOP on".to_string(), note)
}

fn execute(rest: &str, command: &str, routines: &HashMap<String, RoutineKind>) -> (String, Note) {
    let call = rest.trim().trim_end_matches(';').trim_end();
    let binds = Lexer::new(call, 0, ScriptSyntax::SqlPlus)
        .filter(|l| !l.kind.is_trivia())
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| {
            w[0].kind == LexemeKind::Punct(':')
                && w[1].kind == LexemeKind::Word
                && w[0].span.end == w[1].span.start
        });
    if binds || call.is_empty() {
        return comment_out(
            command,
            Some((
                Code::SP0360,
                "`EXEC` with SQL*Plus bind variables (`:name`) was commented out: run the call in a `DO` block with variables instead".into(),
            )),
        );
    }
    // PostgreSQL's CALL and SELECT need the parentheses SQL*Plus lets go.
    let name = call.split('(').next().unwrap_or_default().trim();
    let call = if call.contains('(') {
        call.to_string()
    } else {
        format!("{call}()")
    };
    match routines.get(&name.to_ascii_uppercase()) {
        Some(RoutineKind::Function) => (
            format!("SELECT {call};"),
            Some((
                Code::SP0461,
                format!("`EXEC` of function `{name}` became `SELECT`: psql prints its result, which SQL*Plus discarded"),
            )),
        ),
        Some(RoutineKind::Procedure) => (format!("CALL {call};"), None),
        None => (
            format!("CALL {call};"),
            Some((
                Code::SP0461,
                "`EXEC` became `CALL`, which runs a procedure; for a function, write `SELECT` instead"
                    .into(),
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    /// The translation and its findings, as one text for a snapshot.
    fn translated(input: &str) -> String {
        crate::rewrite::test_support::translated(
            input,
            &Options::new(Source::Oracle, Target::Highgo),
        )
    }

    #[test]
    fn a_deployment_header_becomes_psql() {
        let input = "REM 门诊收费模块部署脚本
SET DEFINE OFF
SET SERVEROUTPUT ON SIZE 1000000
SET ECHO OFF
SET TIMING ON
SET FEEDBACK OFF
SET LINESIZE 200
SPOOL his_install.log
WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
PROMPT [1/12] 创建基础字典表 ...
PROMPT  开始安装：门诊挂号与收费模块（HIS-OP）
PROMPT 患者 O'Brien 的就诊卡
PROMPT
@@pkg_pharmacy.pks
@his_common_types
START his_seed.sql
WHENEVER SQLERROR CONTINUE
SPOOL OFF
EXIT
";
        insta::assert_snapshot!(translated(input));
    }

    #[test]
    fn commands_without_a_psql_equivalent_are_commented_out() {
        let input = "COLUMN dept_tree FORMAT A40 -
  HEADING '科室树'
SHOW ERRORS PROCEDURE sp_op_register
VARIABLE v_adm_id NUMBER
EXEC pkg_ip_admission.assign_bed(:v_adm_id, 1);
PRINT v_adm_id
SET DEFINE ON
@@his_seed.sql 2024 门诊
WHENEVER OSERROR EXIT FAILURE
QUIT 1
";
        insta::assert_snapshot!(translated(input));
    }

    #[test]
    fn exec_becomes_call_and_rerun_slashes_go() {
        let input = "EXEC pkg_op_billing.daily_close(9001);
EXECUTE sp_his_log('INFO', '日结完成')
UPDATE op_charge SET status = 'C' WHERE charge_id = 1;
/
SELECT COUNT(*) FROM op_charge
/
HOST ls -l
";
        insta::assert_snapshot!(translated(input));
    }

    #[test]
    fn exec_of_a_function_selects_and_calls_get_parentheses() {
        // 日结脚本：刷新统计（无参过程）、取未结账单数（函数）
        let input = "CREATE OR REPLACE PROCEDURE p_refresh_op_stat IS
BEGIN
  DELETE FROM op_daily_stat WHERE stat_date = TRUNC(SYSDATE);
END;
/
CREATE OR REPLACE FUNCTION f_open_charges RETURN NUMBER IS
  v_cnt NUMBER;
BEGIN
  SELECT COUNT(*) INTO v_cnt FROM op_charge WHERE status = 'N';
  RETURN v_cnt;
END;
/
EXEC p_refresh_op_stat;
EXEC f_open_charges
EXECUTE sp_his_log
";
        let out = translated(input);
        assert!(out.contains("\nCALL p_refresh_op_stat();\n"), "{out}");
        assert!(out.contains("\nSELECT f_open_charges();\n"), "{out}");
        assert!(out.contains("\nCALL sp_his_log();\n"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn other_targets_keep_sqlplus_commands() {
        let input = "PROMPT 开始\nSET DEFINE OFF\n@@x.sql\n";
        let out = crate::translate(input, &Options::new(Source::Oracle, Target::Dameng));
        assert_eq!(out.sql, input);
    }
}
