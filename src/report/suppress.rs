//! Inline suppressions: comments in the script that silence findings.
//!
//! ```sql
//! -- sqlport: ignore[SP0101]            -- on its own line: silences the next line
//! SELEC seq_reg FROM dual;
//! SELECT 'x' FROM dual; -- sqlport: ignore[SP0101] at the end of a line silences that line
//! -- sqlport: ignore-file[SP0101,SP0108]   -- anywhere: silences the whole file
//! ```
//!
//! A line suppression covers findings that start on the comment's line or on
//! the line after it. Codes are written as codes (`SP0101`) or names
//! (`statement-not-parsed`), separated by commas; text after the closing `]`
//! is free (a reason, say). Only `--` comments count, including those inside
//! PostgreSQL `$$` bodies; a directive inside a string literal is text.
//!
//! A suppressed code that matches no finding is reported as `SP0501`, and a
//! directive sqlport cannot read as `SP0502`, so that suppressions never rot
//! silently. The sqlport annotation lines `translate` writes
//! (`-- sqlport: error[…]`) are not directives and are left alone.

use crate::source::{Lexeme, LexemeKind, Lexer, ScriptSyntax, SourceFile, Span};

use super::codes::Code;
use super::finding::Finding;

/// The words that introduce a directive inside a `--` comment.
const PREFIX: &str = "sqlport:";

/// What part of the file a directive covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Findings starting on this 1-based line or the next one.
    Line(usize),
    /// Every finding in the file.
    File,
}

/// One code named in a directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Where it applies.
    pub scope: Scope,
    /// The code it silences.
    pub code: Code,
    /// The bytes of the code in the comment (where an unused-suppression finding points).
    pub span: Span,
}

/// The directives of one script, and the findings about directives that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directives {
    /// Every code named in a well-formed directive, in text order.
    pub suppressions: Vec<Suppression>,
    /// `SP0502` findings for directives that could not be read (not yet located).
    pub problems: Vec<Finding>,
}

/// The findings left after suppression, and how many were silenced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppressed {
    /// Findings not silenced, followed by `SP0501`/`SP0502` findings about the directives.
    pub findings: Vec<Finding>,
    /// How many findings the directives silenced.
    pub suppressed: usize,
}

/// Finds every directive in the `--` comments of `file`.
pub fn directives(file: &SourceFile<'_>, syntax: ScriptSyntax) -> Directives {
    let mut found = Directives::default();
    let text = file.text();
    if !text.contains(PREFIX) {
        // Most files have no directive: skip the scan.
        return found;
    }
    scan(
        file,
        syntax,
        Lexer::new(text, 0, syntax),
        text.len(),
        &mut found,
    );
    found
}

/// Reads the comments of lexemes starting before `end`, descending into `$$` bodies.
fn scan(
    file: &SourceFile<'_>,
    syntax: ScriptSyntax,
    lexer: Lexer<'_>,
    end: usize,
    found: &mut Directives,
) {
    for lexeme in lexer.take_while(|l| l.span.start < end) {
        match lexeme.kind {
            LexemeKind::LineComment => read_comment(file, lexeme.span, found),
            LexemeKind::DollarString => {
                if let Some(body) = dollar_body(file.text(), &lexeme) {
                    let inner = Lexer::new(file.text(), body.start, syntax);
                    scan(file, syntax, inner, body.end, found);
                }
            }
            _ => {}
        }
    }
}

/// The bytes between the opening and closing tags of a `$tag$ … $tag$` lexeme.
fn dollar_body(text: &str, lexeme: &Lexeme) -> Option<Span> {
    let whole = lexeme.span.slice(text);
    let tag_len = whole.get(1..)?.find('$')? + 2;
    let end = if lexeme.terminated && whole.len() >= 2 * tag_len {
        lexeme.span.end - tag_len
    } else {
        lexeme.span.end
    };
    (lexeme.span.start + tag_len <= end).then(|| Span::new(lexeme.span.start + tag_len, end))
}

/// Reads one `--` comment; anything but a `sqlport: ignore…` directive is ignored.
fn read_comment(file: &SourceFile<'_>, span: Span, found: &mut Directives) {
    let text = file.text();
    let comment = span.slice(text);
    let body = comment.trim_start_matches('-');
    let lead = comment.len() - body.len() + (body.len() - body.trim_start().len());
    let body = body.trim_start();
    let Some(rest) = body.strip_prefix(PREFIX) else {
        return;
    };
    let after_prefix = rest.trim_start();
    let mut offset = span.start + lead + PREFIX.len() + (rest.len() - after_prefix.len());
    let (scope, keyword) = if after_prefix.starts_with("ignore-file") {
        (Scope::File, "ignore-file")
    } else if after_prefix.starts_with("ignore") {
        let line = file.position(span.start).line;
        (Scope::Line(line), "ignore")
    } else {
        // `-- sqlport: error[…]` annotations and other prose are not directives.
        return;
    };
    offset += keyword.len();
    let directive_span = Span::new(span.start + lead, span.end);
    let Some(list) = after_prefix[keyword.len()..].strip_prefix('[') else {
        found.problems.push(malformed(
            directive_span,
            &format!(
                "`{keyword}` must be followed by a bracketed list of codes, e.g. {keyword}[SP0101]"
            ),
        ));
        return;
    };
    offset += 1;
    let Some(close) = list.find(']') else {
        found.problems.push(malformed(
            directive_span,
            "the list of codes is not closed with `]`",
        ));
        return;
    };
    let mut item_start = offset;
    let mut named = 0;
    for item in list[..close].split(',') {
        let trimmed = item.trim();
        let start = item_start + (item.len() - item.trim_start().len());
        let item_span = Span::new(start, start + trimmed.len());
        item_start += item.len() + 1;
        if trimmed.is_empty() {
            continue;
        }
        named += 1;
        match trimmed.parse::<Code>() {
            Ok(code) => found.suppressions.push(Suppression {
                scope,
                code,
                span: item_span,
            }),
            Err(_) => found.problems.push(malformed(
                item_span,
                &format!("`{trimmed}` is not a sqlport finding code"),
            )),
        }
    }
    if named == 0 {
        found
            .problems
            .push(malformed(directive_span, "the list of codes is empty"));
    }
}

fn malformed(span: Span, why: &str) -> Finding {
    Finding::new(
        Code::SP0502,
        span,
        format!("suppression comment cannot be read: {why}"),
    )
}

/// Removes the findings silenced by the directives of `file`, adds findings
/// about unused and unreadable directives, and counts what was silenced.
///
/// `findings` must be located (their line numbers are compared); the findings
/// added are located here. `SP0501` and `SP0502` cannot themselves be
/// suppressed inline.
pub fn apply(findings: Vec<Finding>, file: &SourceFile<'_>, syntax: ScriptSyntax) -> Suppressed {
    let directives = directives(file, syntax);
    if directives.suppressions.is_empty() && directives.problems.is_empty() {
        return Suppressed {
            findings,
            suppressed: 0,
        };
    }
    let mut used = vec![false; directives.suppressions.len()];
    let mut out = Suppressed::default();
    for finding in findings {
        let mut silenced = false;
        for (i, s) in directives.suppressions.iter().enumerate() {
            if covers(s, &finding) {
                used[i] = true;
                silenced = true;
            }
        }
        if silenced {
            out.suppressed += 1;
        } else {
            out.findings.push(finding);
        }
    }
    for (s, used) in directives.suppressions.iter().zip(used) {
        if !used {
            let what = match s.scope {
                Scope::Line(_) => "on this line or the next",
                Scope::File => "in this file",
            };
            let mut finding = Finding::new(
                Code::SP0501,
                s.span,
                format!("unused suppression: no {} finding {what}", s.code),
            );
            finding.locate(file);
            out.findings.push(finding);
        }
    }
    for mut problem in directives.problems {
        problem.locate(file);
        out.findings.push(problem);
    }
    out
}

/// Whether the suppression silences the finding.
fn covers(s: &Suppression, finding: &Finding) -> bool {
    if s.code != finding.code || matches!(finding.code, Code::SP0501 | Code::SP0502) {
        return false;
    }
    match s.scope {
        Scope::File => true,
        Scope::Line(line) => finding.start.line == line || finding.start.line == line + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Source, Target};

    fn check(source: Source, text: &str) -> crate::Report {
        crate::check(text, &Options::new(source, Target::Dameng))
    }

    fn codes(report: &crate::Report) -> Vec<(usize, &'static str)> {
        report
            .findings
            .iter()
            .map(|f| (f.start.line, f.code.as_str()))
            .collect()
    }

    const UNPARSED: &str = "SELEC seq_reg FROM dual;\n";

    #[test]
    fn without_a_directive_the_finding_is_reported() {
        let report = check(Source::Oracle, UNPARSED);
        assert_eq!(codes(&report), vec![(1, "SP0101")]);
        assert_eq!(report.stats.suppressed, 0);
    }

    #[test]
    fn the_line_before_silences_the_next_line() {
        let text = format!("-- sqlport: ignore[SP0101] storage clause checked by hand\n{UNPARSED}");
        let report = check(Source::Oracle, &text);
        assert_eq!(codes(&report), vec![]);
        assert_eq!(report.stats.suppressed, 1);
    }

    #[test]
    fn a_trailing_comment_silences_its_own_line() {
        let text = "SELEC s FROM dual; -- sqlport: ignore[statement-not-parsed]\n";
        let report = check(Source::Oracle, text);
        assert_eq!(codes(&report), vec![]);
        assert_eq!(report.stats.suppressed, 1);
    }

    #[test]
    fn two_lines_before_is_too_far_and_the_directive_is_unused() {
        let text = format!("-- sqlport: ignore[SP0101]\nSELECT 1 FROM dual;\n{UNPARSED}");
        let report = check(Source::Oracle, &text);
        assert_eq!(codes(&report), vec![(1, "SP0501"), (3, "SP0101")]);
        let unused = &report.findings[0];
        assert_eq!((unused.start.column, unused.end.column), (20, 26));
        assert_eq!(report.stats.suppressed, 0);
    }

    #[test]
    fn ignore_file_applies_anywhere_and_reports_each_unused_code() {
        let text = format!(
            "SELECT 1 FROM dual;\n{UNPARSED}{UNPARSED}-- sqlport: ignore-file[SP0101, SP0108]\n"
        );
        let report = check(Source::Oracle, &text);
        assert_eq!(codes(&report), vec![(4, "SP0501")]);
        assert!(report.findings[0].message.contains("SP0108"));
        assert_eq!(report.stats.suppressed, 2);
    }

    #[test]
    fn a_directive_inside_a_string_is_text() {
        let text = format!("SELECT '-- sqlport: ignore[SP0101]' FROM dual;\n{UNPARSED}");
        let report = check(Source::Oracle, &text);
        assert_eq!(codes(&report), vec![(2, "SP0101")]);
    }

    #[test]
    fn directives_inside_dollar_bodies_are_read() {
        let text = "CREATE FUNCTION f() RETURNS int AS $body$\nBEGIN\n  -- sqlport: ignore-file[SP0108]\n  RETURN 1;\nEND;\n$body$ LANGUAGE plpgsql;\n";
        let found = directives(&SourceFile::new(text), ScriptSyntax::Psql);
        assert_eq!(found.suppressions.len(), 1);
        assert_eq!(found.suppressions[0].code, Code::SP0108);
        assert_eq!(found.suppressions[0].scope, Scope::File);
    }

    #[test]
    fn unreadable_directives_are_reported_and_annotations_are_not_directives() {
        let text = "-- sqlport: ignore SP0101\n-- sqlport: ignore[SP9999]\n-- sqlport: ignore[SP0101\n-- sqlport: ignore[]\n-- sqlport: error[SP0102] string literal is never closed (line 2)\nSELECT 1 FROM dual;\n";
        let report = check(Source::Oracle, text);
        assert_eq!(
            codes(&report),
            vec![(1, "SP0502"), (2, "SP0502"), (3, "SP0502"), (4, "SP0502")]
        );
        assert!(report.findings[1].message.contains("`SP9999`"));
    }

    #[test]
    fn unused_suppressions_cannot_be_suppressed_inline() {
        let text = "-- sqlport: ignore-file[SP0501]\nSELECT 1 FROM dual;\n";
        let report = check(Source::Oracle, text);
        assert_eq!(codes(&report), vec![(1, "SP0501")]);
    }

    #[test]
    fn snapshot_of_a_script_with_directives() {
        let text = "-- 门诊挂号\n-- sqlport: ignore[SP0101] 已人工确认\nSELEC seq_reg FROM dual;\nSELEC seq_fee FROM dual; -- sqlport: ignore[SP0108]\n";
        let report = check(Source::Oracle, text);
        let rendered =
            super::super::human::render("his.sql", &SourceFile::new(text), &report, false);
        insta::assert_snapshot!("suppress_used_and_unused", rendered);
    }
}
