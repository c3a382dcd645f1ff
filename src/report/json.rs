//! The JSON report: a stable contract other tools parse.
//!
//! ```json
//! {"version":1,
//!  "files":[{"path":"…","findings":[{"code":"SP0101","severity":"warning","message":"…",
//!            "line":3,"column":1,"end_line":3,"end_column":9,"help":"…"}],
//!            "stats":{"units":4,"translated":0,"unchanged":3,"flagged":1}}],
//!  "summary":{"files":1,"errors":0,"warnings":1,"infos":0}}
//! ```
//!
//! Lines and columns are 1-based; columns count characters; the end is
//! exclusive. Fields may be added in later versions; none is removed.

use serde::Serialize;

use crate::Target;
use crate::source::SourceFile;

use super::codes::Code;
use super::finding::Finding;
use super::severity::Severity;
use super::{Report, Stats};

/// The version of the JSON contract.
pub const VERSION: u32 = 1;

/// A whole JSON report over any number of inputs.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Always [`VERSION`].
    pub version: u32,
    /// One entry per input, in the order given.
    pub files: Vec<FileEntry>,
    /// Totals over all files.
    pub summary: Summary,
}

/// The report for one input.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// The input's path as given (`<stdin>` for standard input).
    pub path: String,
    /// The target these findings are for (left out by [`Document::push`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// Its findings.
    pub findings: Vec<JsonFinding>,
    /// What happened to its units.
    pub stats: Stats,
}

/// One finding as the JSON contract spells it.
#[derive(Debug, Clone, Serialize)]
pub struct JsonFinding {
    /// `SP` and four digits.
    pub code: Code,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// One line.
    pub message: String,
    /// Start line, 1-based.
    pub line: usize,
    /// Start column in characters, 1-based.
    pub column: usize,
    /// End line, 1-based.
    pub end_line: usize,
    /// End column in characters, 1-based, exclusive.
    pub end_column: usize,
    /// How to fix it, or `null`.
    pub help: Option<String>,
    /// The target it is for; present when a run checks several targets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// The baseline fingerprint of its text, when the document was given the
    /// source ([`Document::fingerprint_last`]). Not part of the JSON report;
    /// SARIF output uses it as a partial fingerprint.
    #[serde(skip)]
    pub fingerprint: Option<String>,
}

/// Totals over all files.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Summary {
    /// Number of inputs.
    pub files: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Findings silenced by inline suppression comments (left out when zero).
    #[serde(skip_serializing_if = "super::stats::is_zero")]
    pub suppressed: usize,
    /// Findings left out because a baseline file records them (left out when zero).
    #[serde(skip_serializing_if = "super::stats::is_zero")]
    pub baselined: usize,
}

impl From<&Finding> for JsonFinding {
    fn from(f: &Finding) -> Self {
        JsonFinding {
            code: f.code,
            severity: f.severity,
            message: f.message.clone(),
            line: f.start.line,
            column: f.start.column,
            end_line: f.end.line,
            end_column: f.end.column,
            help: f.help.clone(),
            target: None,
            fingerprint: None,
        }
    }
}

impl Document {
    /// An empty document.
    pub fn new() -> Self {
        Document {
            version: VERSION,
            files: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// Adds the report of the input at `path`.
    pub fn push(&mut self, path: &str, report: &Report) {
        self.add(path, None, false, report);
    }

    /// Adds the report of the input at `path` for `target`; the entry names
    /// its target, and so do its findings when `several` targets are checked.
    /// Entries for the same path in a row count as one file.
    pub fn push_target(&mut self, path: &str, target: Target, several: bool, report: &Report) {
        self.add(path, Some(target), several, report);
    }

    /// Records the fingerprint (see [`super::baseline::fingerprint`]) of each
    /// finding of the entry added last, whose report `findings` and text `file` are given.
    pub fn fingerprint_last(&mut self, findings: &[Finding], file: &SourceFile<'_>) {
        if let Some(entry) = self.files.last_mut() {
            for (json, finding) in entry.findings.iter_mut().zip(findings) {
                json.fingerprint = Some(super::baseline::fingerprint(finding, file));
            }
        }
    }

    fn add(&mut self, path: &str, target: Option<Target>, several: bool, report: &Report) {
        if self.files.last().is_none_or(|last| last.path != path) {
            self.summary.files += 1;
        }
        self.summary.errors += report.count(Severity::Error);
        self.summary.warnings += report.count(Severity::Warning);
        self.summary.infos += report.count(Severity::Info);
        self.summary.suppressed += report.stats.suppressed;
        let label = if several { target } else { None };
        self.files.push(FileEntry {
            path: path.to_string(),
            target,
            findings: report
                .findings
                .iter()
                .map(|f| JsonFinding {
                    target: label,
                    ..JsonFinding::from(f)
                })
                .collect(),
            stats: report.stats,
        });
    }

    /// Unit counts summed over all files.
    pub fn total_stats(&self) -> Stats {
        self.files.iter().fold(Stats::default(), |mut t, f| {
            t.units += f.stats.units;
            t.translated += f.stats.translated;
            t.unchanged += f.stats.unchanged;
            t.flagged += f.stats.flagged;
            t.suppressed += f.stats.suppressed;
            t
        })
    }

    /// The document as pretty-printed JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl Default for Document {
    fn default() -> Self {
        Document::new()
    }
}
