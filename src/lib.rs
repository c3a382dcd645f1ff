//! sqlport translates Oracle and PostgreSQL SQL — DDL, queries, DML and
//! procedural code — for Dameng (DM8), KingbaseES and HighGo, and reports,
//! with exact locations, everything it could not translate or whose meaning
//! may change.
//!
//! ```
//! use sqlport::{Options, Source, Target};
//!
//! let options = Options::new(Source::Oracle, Target::Dameng);
//! let out = sqlport::translate("SELECT SYSDATE FROM dual;\n", &options);
//! assert_eq!(out.sql, "SELECT SYSDATE FROM dual;\n");
//! assert!(out.report.findings.is_empty());
//! ```
//!
//! The library does no I/O and never panics on any input: text it cannot read
//! is kept as written and reported.

#![warn(missing_docs)]

pub mod ast;
pub mod catalog;
pub mod config;
pub mod emit;
mod options;
pub mod parse;
pub mod report;
pub mod rewrite;
pub mod source;

pub use options::{DmDate, Options, Source, Target, UnknownName};
pub use report::{Code, Finding, Report, Severity, Stats};

use std::collections::BTreeSet;

use ast::{Content, Script};
use source::SourceFile;

/// The translated text and what was found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// The script for the target.
    pub sql: String,
    /// Findings and unit counts.
    pub report: Report,
}

/// Translates a script written for `options.source` into one for `options.target`.
pub fn translate(source: &str, options: &Options) -> Translation {
    translate_mapped(source, options).0
}

/// Translates as [`translate`] does, and says which bytes of the output each
/// unit of the input became (for tracing a statement that fails on the
/// target back to its input line).
pub fn translate_mapped(source: &str, options: &Options) -> (Translation, Vec<emit::UnitOrigin>) {
    let file = SourceFile::new(source);
    let (script, report, helpers) = analyse(&file, options);
    // The helper functions the rewrites call go first, so that the script's
    // own statements find them.
    let mut sql = rewrite::helpers::preamble(&helpers);
    let (body, mut origins) = emit::emit_mapped(&script, &file, &report.findings, options);
    for origin in &mut origins {
        origin.output = origin.output.start + sql.len()..origin.output.end + sql.len();
    }
    sql.push_str(&body);
    (Translation { sql, report }, origins)
}

/// Checks a script as [`translate`] would, without producing the output text.
pub fn check(source: &str, options: &Options) -> Report {
    analyse(&SourceFile::new(source), options).1
}

/// Parses, rewrites, and builds the report; also returns the helper
/// functions the rewritten script calls.
fn analyse(
    file: &SourceFile<'_>,
    options: &Options,
) -> (Script, Report, BTreeSet<rewrite::helpers::Helper>) {
    let parsed = parse::parse_script(file, options.source);
    let mut script = parsed.script;
    let mut cx = rewrite::Context {
        file,
        options,
        findings: parsed.findings,
        helpers: BTreeSet::new(),
    };
    let passes = rewrite::pipeline(options);
    rewrite::run_pipeline(&passes, &mut script, &mut cx);
    let helpers = cx.helpers;
    let mut findings = cx.findings;
    for finding in &mut findings {
        finding.locate(file);
    }
    let suppressed = report::suppress::apply(findings, file, options.source.script_syntax());
    let mut findings = options.policy.apply(suppressed.findings);
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
    let mut stats = unit_stats(&script, file, &findings);
    stats.suppressed = suppressed.suppressed;
    (script, Report { findings, stats }, helpers)
}

/// Counts units as flagged (an error or warning finding), translated or unchanged.
fn unit_stats(script: &Script, file: &SourceFile<'_>, findings: &[Finding]) -> Stats {
    let len = file.text().len();
    let mut stats = Stats::default();
    for unit in script.units() {
        stats.units += 1;
        let flagged = findings
            .iter()
            .any(|f| f.severity >= Severity::Warning && emit::owns(unit, f.span.start, len));
        if flagged || matches!(unit.content, Content::Unreadable) {
            stats.flagged += 1;
        } else if unit.is_translated() {
            stats.translated += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    stats
}
