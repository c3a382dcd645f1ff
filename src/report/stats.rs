//! Counting what happened to each unit.

use serde::Serialize;

/// What happened to the units of one input. Every unit is counted exactly
/// once: `flagged` if it carries an error or warning finding, else
/// `translated` if a rewrite pass changed it, else `unchanged`. Besides the
/// units, `suppressed` counts the findings inline comments silenced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Units in the input (statements, program units, client commands).
    pub units: usize,
    /// Units rewritten for the target.
    pub translated: usize,
    /// Units passed through as written.
    pub unchanged: usize,
    /// Units that need a person's attention.
    pub flagged: usize,
    /// Findings silenced by inline `-- sqlport: ignore[…]` comments (not units:
    /// these findings are counted nowhere else). Left out of the JSON when zero,
    /// so that reports of files without suppressions keep their exact shape.
    #[serde(skip_serializing_if = "is_zero")]
    pub suppressed: usize,
}

/// Whether a count is zero (for leaving optional counts out of the JSON).
pub(crate) fn is_zero(n: &usize) -> bool {
    *n == 0
}
