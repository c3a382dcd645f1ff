//! The migration assessment: what `sqlport assess` shows for a whole project.
//!
//! Built from a [`Document`]: per file and target the unit counts, per code
//! and target the number of findings and where they are, and an effort
//! estimate (the registry's minutes per finding) per file and in total.
//! [`html`] renders it as one self-contained page, [`markdown`] for wikis.

pub mod html;
pub mod markdown;

use std::collections::BTreeMap;

use crate::Target;

use super::codes::Code;
use super::json::{Document, JsonFinding};
use super::severity::Severity;
use super::stats::Stats;

/// The assessment of a project.
#[derive(Debug, Clone, Default)]
pub struct Assessment {
    /// The targets, in the order they were checked (`None`: not recorded).
    pub targets: Vec<Option<Target>>,
    /// One row per file and target, in input order.
    pub files: Vec<FileRow>,
    /// One row per code and target, by code.
    pub codes: Vec<CodeRow>,
}

/// One file for one target.
#[derive(Debug, Clone)]
pub struct FileRow {
    /// The path as given.
    pub path: String,
    /// The target.
    pub target: Option<Target>,
    /// Unit counts.
    pub stats: Stats,
    /// Its findings.
    pub findings: Vec<JsonFinding>,
    /// Estimated minutes to resolve its findings by hand.
    pub minutes: u64,
}

/// One code for one target.
#[derive(Debug, Clone)]
pub struct CodeRow {
    /// The code.
    pub code: Code,
    /// The target.
    pub target: Option<Target>,
    /// The most serious severity its findings have (after overrides).
    pub severity: Severity,
    /// How many findings.
    pub count: usize,
    /// Estimated minutes for all of them.
    pub minutes: u64,
    /// Where they are: index into [`Assessment::files`] and into that row's findings.
    pub locations: Vec<(usize, usize)>,
}

impl Assessment {
    /// Builds the assessment of a report document.
    pub fn new(document: &Document) -> Self {
        let mut assessment = Assessment::default();
        let mut codes: BTreeMap<(Code, Option<Target>), CodeRow> = BTreeMap::new();
        for (row, entry) in document.files.iter().enumerate() {
            if !assessment.targets.contains(&entry.target) {
                assessment.targets.push(entry.target);
            }
            let mut minutes = 0;
            for (i, finding) in entry.findings.iter().enumerate() {
                let effort = u64::from(finding.code.info().effort_minutes);
                minutes += effort;
                let code_row = codes
                    .entry((finding.code, entry.target))
                    .or_insert_with(|| CodeRow {
                        code: finding.code,
                        target: entry.target,
                        severity: finding.severity,
                        count: 0,
                        minutes: 0,
                        locations: Vec::new(),
                    });
                code_row.severity = code_row.severity.max(finding.severity);
                code_row.count += 1;
                code_row.minutes += effort;
                code_row.locations.push((row, i));
            }
            assessment.files.push(FileRow {
                path: entry.path.clone(),
                target: entry.target,
                stats: entry.stats,
                findings: entry.findings.clone(),
                minutes,
            });
        }
        assessment.codes = codes.into_values().collect();
        assessment
    }

    /// The rows of one target.
    pub fn files_for(&self, target: Option<Target>) -> impl Iterator<Item = (usize, &FileRow)> {
        self.files
            .iter()
            .enumerate()
            .filter(move |(_, f)| f.target == target)
    }

    /// Unit counts and minutes summed over the files of one target.
    pub fn totals(&self, target: Option<Target>) -> (Stats, u64) {
        self.files_for(target)
            .fold((Stats::default(), 0), |(mut t, m), (_, f)| {
                t.units += f.stats.units;
                t.translated += f.stats.translated;
                t.unchanged += f.stats.unchanged;
                t.flagged += f.stats.flagged;
                t.suppressed += f.stats.suppressed;
                (t, m + f.minutes)
            })
    }

    /// The number of distinct files.
    pub fn file_count(&self) -> usize {
        let mut paths: Vec<&str> = self.files.iter().map(|f| f.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        paths.len()
    }
}

/// A target's name for headings.
pub fn target_name(target: Option<Target>) -> &'static str {
    target.map_or("(target not recorded)", Target::as_str)
}

/// Minutes as people read them: `45 min`, `3 h 20 min`.
pub fn duration(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Source};

    pub(super) fn sample() -> Assessment {
        let mut document = Document::new();
        let files = [
            ("db/挂号.sql", "SELEC s FROM dual;\nSELECT 1 FROM dual;\n"),
            ("db/clean.sql", "SELECT 1 FROM dual;\n"),
            ("db/<b>&.sql", "SELECT 'x FROM dual;\n"),
        ];
        for (path, text) in files {
            for target in [Target::Dameng, Target::Kingbase] {
                let report = crate::check(text, &Options::new(Source::Oracle, target));
                document.push_target(path, target, true, &report);
            }
        }
        Assessment::new(&document)
    }

    #[test]
    fn counts_and_effort_add_up() {
        let a = sample();
        assert_eq!(
            a.targets,
            vec![Some(Target::Dameng), Some(Target::Kingbase)]
        );
        assert_eq!(a.files.len(), 6);
        assert_eq!(a.file_count(), 3);
        let (stats, minutes) = a.totals(Some(Target::Dameng));
        assert_eq!(stats.units, 4);
        let expected =
            u64::from(Code::SP0101.info().effort_minutes + Code::SP0102.info().effort_minutes);
        assert_eq!(minutes, expected);
        let sp0101: Vec<_> = a.codes.iter().filter(|c| c.code == Code::SP0101).collect();
        assert_eq!(sp0101.len(), 2);
        assert_eq!(sp0101[0].locations, vec![(0, 0)]);
        assert_eq!(duration(200), "3 h 20 min");
        assert_eq!(duration(45), "45 min");
        assert_eq!(duration(120), "2 h");
    }
}
