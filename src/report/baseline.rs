//! Baselines: the findings a project accepts today, so that a check fails
//! only on new ones.
//!
//! A finding is recorded by its file's path, its target, its code and a
//! fingerprint of the text it points at and the lines it lies on (whitespace
//! runs folded to one space), never by line number: lines inserted above a finding, or a
//! statement re-indented, leave it matched. The same finding twice in a file
//! is recorded twice, and each record excuses one finding.
//!
//! ```json
//! {"version": 1,
//!  "findings": [{"path": "db/seq.sql", "target": "dameng", "code": "SP0101",
//!                "fingerprint": "4f1c9a0e7b2d3c11"}]}
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Target;
use crate::source::SourceFile;

use super::finding::Finding;

/// The version of the baseline file format.
pub const VERSION: u32 = 1;

/// A baseline file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Always [`VERSION`].
    pub version: u32,
    /// The accepted findings, sorted.
    pub findings: Vec<Entry>,
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file, as [`normalise_path`] writes it.
    pub path: String,
    /// The target (`dameng`, `kingbase`, `highgo`).
    pub target: String,
    /// The finding code.
    pub code: String,
    /// [`fingerprint`] of the offending text.
    pub fingerprint: String,
}

/// A baseline file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// Not JSON of the expected shape.
    #[error("not a sqlport baseline: {0}")]
    Format(#[from] serde_json::Error),
    /// Written by a later sqlport.
    #[error("baseline version {0} is not supported (expected {VERSION})")]
    Version(u32),
}

/// The path as baselines record it: `/` separators, no leading `./`.
pub fn normalise_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    rest.to_string()
}

/// A stable 64-bit FNV-1a hash, as 16 hex digits, of the offending text: the
/// finding's own text followed by the whole lines it lies on, whitespace
/// runs folded to one space (so that re-indenting changes nothing, while the
/// same token on two different statements differs).
pub fn fingerprint(finding: &Finding, file: &SourceFile<'_>) -> String {
    let text = file.text();
    let lines = file.lines();
    let start = lines
        .line_start(finding.start.line)
        .unwrap_or(finding.span.start);
    let end = lines
        .line_start(finding.end.line.max(finding.start.line) + 1)
        .unwrap_or(text.len())
        .max(finding.span.end);
    let context = text.get(start..end).unwrap_or("");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [file.slice(finding.span), "\n", context] {
        for word in part
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .bytes()
        {
            hash ^= u64::from(word);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The record of one finding.
pub fn entry(path: &str, target: Target, finding: &Finding, file: &SourceFile<'_>) -> Entry {
    Entry {
        path: normalise_path(path),
        target: target.as_str().to_string(),
        code: finding.code.as_str().to_string(),
        fingerprint: fingerprint(finding, file),
    }
}

impl Baseline {
    /// A baseline of `entries` (sorted here, for stable diffs).
    pub fn new(mut entries: Vec<Entry>) -> Self {
        entries.sort();
        Baseline {
            version: VERSION,
            findings: entries,
        }
    }

    /// Reads a baseline file's text.
    pub fn from_json(text: &str) -> Result<Self, BaselineError> {
        let baseline: Baseline = serde_json::from_str(text)?;
        if baseline.version != VERSION {
            return Err(BaselineError::Version(baseline.version));
        }
        Ok(baseline)
    }

    /// The baseline as pretty-printed JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        // Plain strings and numbers always serialise.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// How many times each entry may excuse a finding.
    pub fn allowance(&self) -> Allowance {
        let mut left = BTreeMap::new();
        for entry in &self.findings {
            *left.entry(entry.clone()).or_insert(0usize) += 1;
        }
        Allowance { left }
    }
}

/// What is left of a baseline while findings are matched against it.
#[derive(Debug, Clone, Default)]
pub struct Allowance {
    left: BTreeMap<Entry, usize>,
}

impl Allowance {
    /// Removes the findings of `path` for `target` that the baseline excuses
    /// (each record excuses one) and returns how many were removed.
    pub fn excuse(
        &mut self,
        path: &str,
        target: Target,
        findings: &mut Vec<Finding>,
        file: &SourceFile<'_>,
    ) -> usize {
        let before = findings.len();
        findings.retain(|finding| {
            let key = entry(path, target, finding, file);
            match self.left.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - findings.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Source};

    const SEQ: &str = "SELEC seq_reg FROM dual;\n";

    fn findings(text: &str) -> Vec<Finding> {
        crate::check(text, &Options::new(Source::Oracle, Target::Dameng)).findings
    }

    fn baseline_of(path: &str, text: &str) -> Baseline {
        let file = SourceFile::new(text);
        Baseline::new(
            findings(text)
                .iter()
                .map(|f| entry(path, Target::Dameng, f, &file))
                .collect(),
        )
    }

    #[test]
    fn edits_above_and_reindentation_keep_findings_matched() {
        let baseline = baseline_of("./db/a.sql", SEQ);
        assert_eq!(baseline.findings.len(), 1);
        assert_eq!(baseline.findings[0].path, "db/a.sql");
        let edited = format!(
            "-- 新增注释\nSELECT 1 FROM dual;\n\n  {}",
            SEQ.replace(' ', "   ")
        );
        let file = SourceFile::new(&edited);
        let mut found = findings(&edited);
        assert_eq!(found.len(), 1);
        let excused = baseline
            .allowance()
            .excuse("db/a.sql", Target::Dameng, &mut found, &file);
        assert_eq!((excused, found.len()), (1, 0));
    }

    #[test]
    fn a_new_finding_or_another_target_or_file_is_not_excused() {
        let baseline = baseline_of("db/a.sql", SEQ);
        let twice = format!("{SEQ}{SEQ}");
        let file = SourceFile::new(&twice);
        let mut found = findings(&twice);
        let mut allowance = baseline.allowance();
        assert_eq!(
            allowance.excuse("db/a.sql", Target::Dameng, &mut found, &file),
            1
        );
        assert_eq!(found.len(), 1);
        let mut found = findings(SEQ);
        let file = SourceFile::new(SEQ);
        let mut allowance = baseline.allowance();
        assert_eq!(
            allowance.excuse("db/a.sql", Target::Highgo, &mut found, &file),
            0
        );
        assert_eq!(
            allowance.excuse("db/b.sql", Target::Dameng, &mut found, &file),
            0
        );
        let other = "SELEC seq_fee FROM dual;\n";
        let mut found = findings(other);
        let file = SourceFile::new(other);
        assert_eq!(
            baseline
                .allowance()
                .excuse("db/a.sql", Target::Dameng, &mut found, &file),
            0
        );
    }

    #[test]
    fn the_file_round_trips_and_rejects_other_versions() {
        let baseline = baseline_of("db/a.sql", SEQ);
        assert_eq!(
            Baseline::from_json(&baseline.to_json()).ok(),
            Some(baseline)
        );
        assert!(Baseline::from_json("{\"version\": 2, \"findings\": []}").is_err());
        assert!(Baseline::from_json("[]").is_err());
    }
}
