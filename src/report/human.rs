//! The human renderer: rustc-style diagnostics with the source line and a caret.

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

use crate::source::SourceFile;

use super::finding::Finding;
use super::json::Summary;
use super::severity::Severity;
use super::{Report, Stats};

const TAB_WIDTH: usize = 4;

/// ANSI styles, or nothing when colour is off.
#[derive(Debug, Clone, Copy)]
struct Style {
    color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(self, severity: Severity, text: &str) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, text)
    }

    fn gutter(self, text: &str) -> String {
        self.paint("1;34", text)
    }

    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }
}

/// Renders every finding of `report` for the input at `path`.
pub fn render(path: &str, file: &SourceFile<'_>, report: &Report, color: bool) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        render_finding(&mut out, path, file, finding, color);
        out.push('\n');
    }
    out
}

/// Renders one finding:
///
/// ```text
/// error[SP0102]: string literal is never closed
///  --> his.sql:3:14
///   |
/// 3 | INSERT INTO t VALUES ('O'Brien');
///   |                         ^
///   |
///   = help: close the string; …
/// ```
pub fn render_finding(
    out: &mut String,
    path: &str,
    file: &SourceFile<'_>,
    finding: &Finding,
    color: bool,
) {
    let style = Style { color };
    let line_no = finding.start.line;
    let width = line_no.to_string().len();
    let pad = " ".repeat(width);
    let bar = style.gutter("|");
    let _ = writeln!(
        out,
        "{}{} {}",
        style.severity(
            finding.severity,
            &format!("{}[{}]", finding.severity, finding.code)
        ),
        style.bold(":"),
        style.bold(&finding.message)
    );
    let _ = writeln!(
        out,
        "{pad}{} {path}:{line_no}:{}",
        style.gutter("-->"),
        finding.start.column
    );
    let line = file.lines().line_text(file.text(), line_no);
    let (shown, before, under) = caret_columns(line, finding);
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(out, "{} {bar} {shown}", style.gutter(&line_no.to_string()));
    let carets = style.severity(finding.severity, &"^".repeat(under));
    let _ = writeln!(out, "{pad} {bar} {}{carets}", " ".repeat(before));
    if let Some(help) = &finding.help {
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(
            out,
            "{pad} {} {}: {help}",
            style.gutter("="),
            style.bold("help")
        );
    }
}

/// The line as shown (tabs expanded), the display width before the caret,
/// and the caret's width (at least one column).
fn caret_columns(line: &str, finding: &Finding) -> (String, usize, usize) {
    let start_col = finding.start.column.saturating_sub(1);
    let end_col = if finding.end.line == finding.start.line {
        finding.end.column.saturating_sub(1)
    } else {
        line.chars().count()
    };
    let mut shown = String::new();
    let (mut before, mut under) = (0, 0);
    for (i, c) in line.chars().enumerate() {
        let (text, w) = if c == '\t' {
            (" ".repeat(TAB_WIDTH), TAB_WIDTH)
        } else {
            (c.to_string(), c.width().unwrap_or(0))
        };
        shown.push_str(&text);
        if i < start_col {
            before += w;
        } else if i < end_col {
            under += w;
        }
    }
    (shown, before, under.max(1))
}

/// One closing line: how many findings of each severity, over how many files and units.
pub fn summary_line(summary: &Summary, totals: &Stats) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut suppressed = String::new();
    if summary.suppressed > 0 {
        suppressed.push_str(&format!(", {} suppressed", summary.suppressed));
    }
    if summary.baselined > 0 {
        suppressed.push_str(&format!(", {} baselined", summary.baselined));
    }
    format!(
        "{}, {}, {}{suppressed} in {} ({}: {} translated, {} unchanged, {} flagged)",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info"),
        plural(summary.files, "file"),
        plural(totals.units, "unit"),
        totals.translated,
        totals.unchanged,
        totals.flagged
    )
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use crate::{Options, Source, Target};

    fn rendered(source: Source, input: &str) -> String {
        let report = crate::check(input, &Options::new(source, Target::Dameng));
        super::render("his.sql", &SourceFile::new(input), &report, false)
    }

    #[test]
    fn one_diagnostic_per_code() {
        let cases = [
            (
                "sp0101_statement_not_parsed",
                Source::Oracle,
                "-- 拆分住院医嘱分区\nALTER TABLE ip_order SPLIT PARTITION p2024 AT (DATE '2024-07-01')\n  INTO (PARTITION p2024h1, PARTITION p2024h2);\n",
            ),
            (
                "sp0102_unterminated_string",
                Source::Oracle,
                "INSERT INTO dict_item (name) VALUES ('患者\tO'Brien');\n",
            ),
            (
                "sp0103_unterminated_quoted_identifier",
                Source::Postgres,
                "SELECT \"patient_name FROM his.patient;\n",
            ),
            (
                "sp0104_unterminated_block_comment",
                Source::Postgres,
                "/* 外层 /* 内层 */\nSELECT 1;\n",
            ),
            (
                "sp0105_unterminated_dollar_quote",
                Source::Postgres,
                "CREATE FUNCTION f() RETURNS int AS $body$\nBEGIN RETURN 1; END;\n$$ LANGUAGE plpgsql;\n",
            ),
            (
                "sp0106_missing_slash",
                Source::Oracle,
                "CREATE OR REPLACE PROCEDURE p_close IS\nBEGIN\n  NULL;\nEND;\nCREATE TABLE op_log (id NUMBER);\n",
            ),
            (
                "sp0108_slash_line_in_literal",
                Source::Oracle,
                "INSERT INTO op_print_template (id, body) VALUES (1, '第一行\n  /\n第三行');\n",
            ),
        ];
        for (name, source, input) in cases {
            insta::assert_snapshot!(name, rendered(source, input));
        }
    }

    #[test]
    fn colour_wraps_labels_in_ansi_codes() {
        let input = "SELECT 'x FROM t;";
        let report = crate::check(input, &Options::new(Source::Oracle, Target::Highgo));
        let text = super::render("a.sql", &SourceFile::new(input), &report, true);
        assert!(
            text.starts_with("\x1b[1;31merror[SP0102]\x1b[0m"),
            "{text:?}"
        );
    }
}
