//! The assessment as Markdown tables, for wikis.

use std::fmt::Write;

use super::{Assessment, duration, target_name};

/// Escapes the characters that would break a table cell or start markup.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The whole assessment.
pub fn render(a: &Assessment, title: &str) -> String {
    let mut out = format!("# {}\n\n", cell(title));
    let _ = writeln!(out, "{} file(s).\n", a.file_count());
    out.push_str("| target | units | translated | unchanged | flagged | findings | estimated effort |\n|---|--:|--:|--:|--:|--:|--:|\n");
    for &target in &a.targets {
        let (stats, minutes) = a.totals(target);
        let findings: usize = a.files_for(target).map(|(_, f)| f.findings.len()).sum();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {findings} | {} |",
            target_name(target),
            stats.units,
            stats.translated,
            stats.unchanged,
            stats.flagged,
            duration(minutes)
        );
    }
    for &target in &a.targets {
        let _ = write!(
            out,
            "\n## {}\n\n### Files\n\n| file | units | translated | unchanged | flagged | findings | estimated effort |\n|---|--:|--:|--:|--:|--:|--:|\n",
            target_name(target)
        );
        for (_, f) in a.files_for(target) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                cell(&f.path),
                f.stats.units,
                f.stats.translated,
                f.stats.unchanged,
                f.stats.flagged,
                f.findings.len(),
                duration(f.minutes)
            );
        }
        out.push_str("\n### Findings by code\n\n| code | severity | what | count | estimated effort | where |\n|---|---|---|--:|--:|---|\n");
        for code in a.codes.iter().filter(|c| c.target == target) {
            let places: Vec<String> = code
                .locations
                .iter()
                .filter_map(|&(row, i)| {
                    let file = a.files.get(row)?;
                    let f = file.findings.get(i)?;
                    Some(format!("{}:{}:{}", cell(&file.path), f.line, f.column))
                })
                .collect();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                code.code,
                code.severity,
                cell(code.code.info().summary),
                code.count,
                duration(code.minutes),
                places.join("<br>")
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;

    #[test]
    fn markdown_tables() {
        let text = super::render(&sample(), "HIS assessment");
        assert!(text.contains("| db/\\<b\\>&.sql |"));
        insta::assert_snapshot!("assess_markdown", text);
    }
}
