//! Helpers for the rules' snapshot tests: one way to show a translation
//! and its findings, shared by every rule module.

use crate::Options;
use crate::report::Finding;

/// The translation and its findings, as one text for a snapshot.
pub fn translated(input: &str, options: &Options) -> String {
    translated_keeping(input, options, |_| true)
}

/// The translation and the findings `keep` selects (a rule's own codes), as
/// one text for a snapshot.
pub fn translated_keeping(
    input: &str,
    options: &Options,
    keep: impl Fn(&Finding) -> bool,
) -> String {
    let out = crate::translate(input, options);
    let findings = finding_lines(out.report.findings.iter().filter(|f| keep(f)));
    format!("{}\n-- findings:\n{findings}", out.sql)
}

/// One `line:column CODE message` line per finding.
pub fn finding_lines<'a>(findings: impl Iterator<Item = &'a Finding>) -> String {
    findings
        .map(|f| {
            format!(
                "{}:{} {} {}",
                f.start.line, f.start.column, f.code, f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Oracle → HighGo at the default kernel (12).
pub fn highgo() -> Options {
    Options::new(crate::Source::Oracle, crate::Target::Highgo)
}
