//! Printing a script back to text.
//!
//! Trivia and every unit no pass changed come out exactly as written, byte
//! for byte; a rewritten unit is printed from its AST. Units with error
//! findings get an annotation line, so a person porting by hand finds every
//! open item in the translated file itself.

pub mod procedural;
mod sql;

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::Options;
use crate::ast::{Content, Item, Script, Unit};
use crate::report::{Finding, Severity};
use crate::source::{SourceFile, Terminator};

/// Prints `script`; with `annotate`, error findings become comment lines of
/// the form `-- sqlport: error[SP0102] <message> (line L)` before their unit.
pub fn emit(
    script: &Script,
    file: &SourceFile<'_>,
    findings: &[Finding],
    options: &Options,
) -> String {
    emit_mapped(script, file, findings, options).0
}

/// Where one unit of the input went in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitOrigin {
    /// The unit in the input (terminator included).
    pub input: crate::source::Span,
    /// The bytes of the output printed for it (annotation lines before it
    /// excluded).
    pub output: std::ops::Range<usize>,
}

/// Prints `script` as [`emit`] does, and says which output bytes each unit
/// became, so that a statement that fails on the target can be traced back
/// to its line in the input (the database tests do that).
pub fn emit_mapped(
    script: &Script,
    file: &SourceFile<'_>,
    findings: &[Finding],
    options: &Options,
) -> (String, Vec<UnitOrigin>) {
    // A program unit is printed in the target's language.
    let style = if options.pg_output() {
        procedural::Style::Plpgsql
    } else {
        procedural::Style::Plsql
    };
    let notes = if options.annotate {
        annotations(script, file, findings)
    } else {
        BTreeMap::new()
    };
    let text = file.text();
    let mut out = String::with_capacity(text.len() + 64 * notes.len());
    let mut pending = notes.iter().peekable();
    let mut origins = Vec::new();
    for item in &script.items {
        let (span, printed) = match item {
            // PostgreSQL nests block comments; DIsql ends one at its first
            // `*/`, so nested ones are flattened for Dameng (Kingbase keeps
            // PostgreSQL's lexer in either mode).
            Item::Trivia(span)
                if options.source == crate::Source::Postgres
                    && options.target == crate::Target::Dameng =>
            {
                let text = file.slice(*span);
                (*span, flatten_nested_comments(text))
            }
            Item::Trivia(span) => (*span, None),
            Item::Unit(unit) => (unit.span, print_rewritten(unit, file, style)),
        };
        // Notes fall on a unit's start or inside trivia.
        let mut copied = span.start;
        while let Some((&at, lines)) =
            pending.next_if(|(at, _)| **at < span.end.max(span.start + 1))
        {
            let at = at.max(copied);
            out.push_str(&text[copied..at]);
            out.push_str(lines);
            copied = at;
        }
        let unit_start = out.len();
        match (printed, item) {
            // Trivia keeps its length when printed: resume where the notes stopped.
            (Some(printed), Item::Trivia(_)) => {
                out.push_str(printed.get(copied - span.start..).unwrap_or_default());
            }
            (Some(printed), _) => out.push_str(&printed),
            (None, _) => out.push_str(&text[copied..span.end]),
        }
        if let Item::Unit(unit) = item {
            origins.push(UnitOrigin {
                input: unit.span,
                output: unit_start..out.len(),
            });
        }
    }
    for (_, lines) in pending {
        out.push_str(lines);
    }
    (out, origins)
}

/// `text` (whitespace and comments) with the comments nested inside block
/// comments made flat: an inner `/*` becomes `(*` and its `*/` `*)` (same
/// length, so offsets into the trivia stay valid), so that the outer comment
/// ends where PostgreSQL ended it. `None` when nothing is nested.
fn flatten_nested_comments(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut changed = false;
    let mut i = 0;
    let mut copied = 0;
    let mut in_line_comment = false;
    while i + 1 < bytes.len() {
        let pair = (bytes[i], bytes[i + 1]);
        if in_line_comment {
            if bytes[i] == b'\n' {
                in_line_comment = false;
            }
            i += 1;
            continue;
        }
        match pair {
            (b'-', b'-') if depth == 0 => {
                in_line_comment = true;
                i += 2;
            }
            (b'/', b'*') => {
                if depth > 0 {
                    out.push_str(&text[copied..i]);
                    out.push_str("(*");
                    copied = i + 2;
                    changed = true;
                }
                depth += 1;
                i += 2;
            }
            (b'*', b'/') if depth > 0 => {
                depth -= 1;
                if depth > 0 {
                    out.push_str(&text[copied..i]);
                    out.push_str("*)");
                    copied = i + 2;
                    changed = true;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    if !changed {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// The comment lines to insert, keyed by the offset they go before.
fn annotations(
    script: &Script,
    file: &SourceFile<'_>,
    findings: &[Finding],
) -> BTreeMap<usize, String> {
    let text = file.text();
    // Notes follow the file's line-break style (scripts edited on Windows use CRLF).
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut notes: BTreeMap<usize, String> = BTreeMap::new();
    for finding in findings.iter().filter(|f| f.severity == Severity::Error) {
        let anchor = script
            .units()
            .find(|u| owns(u, finding.span.start, text.len()))
            .map_or(finding.span.start, |u| u.span.start);
        // Put the note on a line of its own: before the line's indentation when
        // the anchor starts its line, else on a new line.
        let line_start = text[..anchor].rfind('\n').map_or(0, |i| i + 1);
        let (at, newline) = if text[line_start..anchor].trim().is_empty() {
            (line_start, "")
        } else {
            (anchor, eol)
        };
        let entry = notes.entry(at).or_default();
        if entry.is_empty() {
            entry.push_str(newline);
        }
        let _ = write!(
            entry,
            "-- sqlport: {}[{}] {} (line {}){eol}",
            finding.severity, finding.code, finding.message, finding.start.line
        );
    }
    notes
}

/// Whether `offset` lies in `unit` (a finding at the very end of the input
/// belongs to the unit that runs to it).
pub(crate) fn owns(unit: &Unit, offset: usize, text_len: usize) -> bool {
    unit.span.contains(offset) || (offset == unit.span.end && offset == text_len)
}

/// The new text of a unit a pass changed, or `None` to copy the original.
fn print_rewritten(unit: &Unit, file: &SourceFile<'_>, style: procedural::Style) -> Option<String> {
    if !unit.rewritten {
        return (!unit.edits.is_empty()).then(|| apply_edits(unit, file));
    }
    let mut terminator = file.slice(crate::source::Span::new(unit.body.end, unit.span.end));
    let printed = match &unit.content {
        // Readable, with its comments, and its terminator in place.
        Content::Sql(statements) => {
            return Some(sql::print_statements(unit, statements, file, terminator));
        }
        Content::Oracle(statement) => statement.to_string(),
        Content::Program(program) => {
            let printed = procedural::print_program(program, file.text(), style);
            match style {
                // A routine read from a PL/pgSQL script ended with `;`; a
                // PL/SQL-style client needs the `/` line.
                procedural::Style::Plsql if unit.terminator != Terminator::Slash => {
                    terminator = "/";
                    format!("{printed}\n")
                }
                procedural::Style::Plsql => format!("{printed}\n"),
                // psql ends the `$$` statement with `;`, not a `/` line.
                procedural::Style::Plpgsql if unit.terminator == Terminator::Slash => {
                    terminator = ";";
                    printed
                }
                procedural::Style::Plpgsql => printed,
            }
        }
        _ => return None,
    };
    Some(format!("{printed}{terminator}"))
}

/// The unit's original text with its edits applied.
fn apply_edits(unit: &Unit, file: &SourceFile<'_>) -> String {
    let mut edits: Vec<&crate::ast::Edit> = unit.edits.iter().collect();
    edits.sort_by_key(|e| e.span.start);
    let mut out = String::new();
    let mut at = unit.span.start;
    for edit in edits {
        // Edits outside the unit, or overlapping an earlier one, are a pass's
        // bug; skipping them keeps the text intact.
        if edit.span.start < at || edit.span.end > unit.span.end {
            continue;
        }
        out.push_str(file.slice(crate::source::Span::new(at, edit.span.start)));
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(file.slice(crate::source::Span::new(at, unit.span.end)));
    out
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target, translate};

    #[test]
    fn error_units_are_annotated_and_kept_as_written() {
        let input = "select 1 from dual;\n  select 'O'Brien' from dual;\n";
        let out = translate(input, &Options::new(Source::Oracle, Target::Dameng));
        assert_eq!(
            out.sql,
            "select 1 from dual;\n-- sqlport: error[SP0102] string literal is never closed (line 2)\n  select 'O'Brien' from dual;\n"
        );
        let plain = translate(
            input,
            &Options::new(Source::Oracle, Target::Dameng).with_annotate(false),
        );
        assert_eq!(plain.sql, input);
    }

    #[test]
    fn a_unit_starting_mid_line_gets_its_note_on_a_new_line() {
        let input = "select 1; select \"x from t;";
        let out = translate(input, &Options::new(Source::Postgres, Target::Highgo));
        assert_eq!(
            out.sql,
            "select 1; \n-- sqlport: error[SP0103] quoted identifier is never closed (line 1)\nselect \"x from t;"
        );
    }

    #[test]
    fn a_rewritten_program_unit_is_reprinted_with_its_comments_and_slash() {
        let input = "-- 前导注释\nbegin\n  -- 计数\n  x:=1;\nend;\n/\nselect 1 from dual;\n";
        let file = crate::source::SourceFile::new(input);
        let mut script = crate::parse::parse_script(&file, Source::Oracle).script;
        for unit in script.units_mut() {
            unit.rewritten = matches!(unit.content, crate::ast::Content::Program(_));
        }
        let out = super::emit(
            &script,
            &file,
            &[],
            &crate::Options::new(Source::Oracle, Target::Dameng),
        );
        assert_eq!(
            out,
            "-- 前导注释\nBEGIN\n  -- 计数\n  x := 1;\nEND;\n/\nselect 1 from dual;\n"
        );
    }

    #[test]
    fn a_rewritten_statement_gets_its_set_aside_clauses_back() {
        let input = "CREATE TABLE t (a NUMBER) TABLESPACE his_data PCTFREE 10;\n";
        let file = crate::source::SourceFile::new(input);
        let mut script = crate::parse::parse_script(&file, Source::Oracle).script;
        for unit in script.units_mut() {
            assert_eq!(unit.set_aside.len(), 2);
            unit.rewritten = true;
        }
        let out = super::emit(
            &script,
            &file,
            &[],
            &crate::Options::new(Source::Oracle, Target::Dameng),
        );
        assert_eq!(
            out,
            "CREATE TABLE t (a NUMBER) TABLESPACE his_data PCTFREE 10;\n"
        );
    }

    #[test]
    fn notes_in_crlf_files_end_in_crlf() {
        let input = "select 1 from dual;\r\nselect 'x from dual;\r\n";
        let out = translate(input, &Options::new(Source::Oracle, Target::Dameng));
        assert_eq!(
            out.sql,
            "select 1 from dual;\r\n-- sqlport: error[SP0102] string literal is never closed (line 2)\r\nselect 'x from dual;\r\n"
        );
    }

    #[test]
    fn findings_in_trivia_are_annotated_where_they_start() {
        let input = "select 1;\n/* 未结束的注释\nselect 2;\n";
        let out = translate(input, &Options::new(Source::Oracle, Target::Highgo));
        assert_eq!(
            out.sql,
            "select 1;\n-- sqlport: error[SP0104] block comment is never closed (line 2)\n/* 未结束的注释\nselect 2;\n"
        );
    }
}
