//! Counting what happened to each unit.

use serde::Serialize;

/// What happened to the units of one input. Every unit is counted exactly
/// once: `flagged` if it carries an error or warning finding, else
/// `translated` if a rewrite pass changed it, else `unchanged`.
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
}
