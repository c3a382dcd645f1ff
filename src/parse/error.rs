//! Why a unit could not be read.

use thiserror::Error;

/// A parse failure inside one unit; offsets are relative to the unit's text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// The text is not valid SQL for the source, or uses syntax not read yet.
    #[error("{message}")]
    Syntax {
        /// What the parser expected and found.
        message: String,
        /// Where it stopped.
        offset: usize,
    },
    /// Nesting deeper than the parser's recursion limit.
    #[error("expression nests or chains too deeply to read safely")]
    TooDeep {
        /// The end of the unit's text.
        offset: usize,
    },
    /// The parser itself failed; this is a sqlport bug.
    #[error("the SQL parser failed on this statement (a sqlport bug: please report it)")]
    Internal {
        /// The start of the unit.
        offset: usize,
    },
}

impl ParseError {
    /// Where in the unit's text the failure is.
    pub fn offset(&self) -> usize {
        match self {
            ParseError::Syntax { offset, .. }
            | ParseError::TooDeep { offset }
            | ParseError::Internal { offset } => *offset,
        }
    }
}
