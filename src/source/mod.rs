//! Source text: spans and positions, and splitting a script into units.
//!
//! This layer knows nothing of SQL grammar or targets; it only finds where
//! each unit starts and ends, as the database's own client would.

mod client_command;
mod lexer;
mod line_index;
mod span;
mod splitter;
mod unit;

pub use client_command::sqlplus_command;
pub use lexer::{Lexeme, LexemeKind, Lexer, ScriptSyntax, is_word_char};
pub use line_index::LineIndex;
pub use span::{Position, Span};
pub use splitter::{Split, SplitProblem, split};
pub use unit::{ProceduralKind, RawUnit, Segment, Terminator, UnitKind};

/// A script's text with its line index.
#[derive(Debug, Clone)]
pub struct SourceFile<'a> {
    text: &'a str,
    lines: LineIndex,
}

impl<'a> SourceFile<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        SourceFile {
            text,
            lines: LineIndex::new(text),
        }
    }

    /// The whole text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The line index.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// The position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(self.text, offset)
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &'a str {
        span.slice(self.text)
    }
}
