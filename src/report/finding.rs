//! One finding: a code, where it is, and what to do.

use crate::source::{Position, SourceFile, Span};

use super::codes::Code;
use super::severity::Severity;

/// Something sqlport could not translate, or changed in a way a person must
/// know about, at an exact place in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The stable code.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// What was found, in one line.
    pub message: String,
    /// The bytes of the input it points at.
    pub span: Span,
    /// Where the span starts (1-based line, column in characters).
    pub start: Position,
    /// Where the span ends (exclusive: the column just past its last character).
    pub end: Position,
    /// How to fix it by hand, if there is something specific to say.
    pub help: Option<String>,
}

impl Finding {
    /// A finding with the code's default severity and help; positions are
    /// filled in by [`Finding::locate`].
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        let info = code.info();
        Finding {
            code,
            severity: info.severity,
            message: one_line(&message.into()),
            span,
            start: Position::default(),
            end: Position::default(),
            help: Some(info.help.to_string()),
        }
    }

    /// Replaces the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(one_line(&help.into()));
        self
    }

    /// Fills in the line and column positions of the span.
    pub fn locate(&mut self, file: &SourceFile<'_>) {
        self.start = file.position(self.span.start);
        self.end = file.position(self.span.end);
    }
}

/// Messages are single lines: reports, annotations and terminals rely on it.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
