//! Helpers for the rules' snapshot tests: one way to show a translation
//! and its findings, shared by every rule module.

use crate::Options;

/// The translation and its findings, as one text for a snapshot.
pub fn translated(input: &str, options: &Options) -> String {
    let out = crate::translate(input, options);
    let findings: Vec<String> = out
        .report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}:{} {} {}",
                f.start.line, f.start.column, f.code, f.message
            )
        })
        .collect();
    format!("{}\n-- findings:\n{}", out.sql, findings.join("\n"))
}

/// Oracle → HighGo at the default kernel (12).
pub fn highgo() -> Options {
    Options::new(crate::Source::Oracle, crate::Target::Highgo)
}
