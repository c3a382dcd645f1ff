//! Findings, the code registry, and the renderers that show them.

pub mod assess;
pub mod baseline;
pub mod codes;
mod finding;
pub mod human;
pub mod json;
pub mod policy;
pub mod sarif;
mod severity;
mod stats;
pub mod suppress;

pub use codes::{Category, Code, CodeInfo, REGISTRY, UnknownCode};
pub use finding::Finding;
pub use policy::{BadCodePattern, CodePattern, Policy};
pub use severity::{Severity, UnknownSeverity};
pub use stats::Stats;

/// What sqlport found in one input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Findings, ordered by position, then code.
    pub findings: Vec<Finding>,
    /// What happened to the units.
    pub stats: Stats,
}

impl Report {
    /// The number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The most serious severity among the findings, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Whether any finding is at or above `threshold`.
    pub fn has_at_least(&self, threshold: Severity) -> bool {
        self.max_severity().is_some_and(|s| s >= threshold)
    }
}
