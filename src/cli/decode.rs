//! Reading input bytes as UTF-8, and saying exactly where they are not.

use sqlport::source::{Position, Span};
use sqlport::{Code, Finding, Report, Stats};

/// The first byte sequence that is not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEncoding {
    /// Its byte offset.
    pub offset: usize,
    /// Its line and column (characters before it on the line, plus one).
    pub position: Position,
    /// The offending byte.
    pub byte: u8,
}

/// The bytes as text, or where they stop being UTF-8.
pub fn decode(bytes: &[u8]) -> Result<&str, BadEncoding> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        // Everything before `offset` is valid, so it can be counted as text.
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
        BadEncoding {
            offset,
            position: Position {
                line: valid.matches('\n').count() + 1,
                column: valid[line_start..].chars().count() + 1,
            },
            byte: bytes.get(offset).copied().unwrap_or(0),
        }
    })
}

impl BadEncoding {
    /// The one-line message for stderr.
    pub fn message(&self) -> String {
        format!(
            "not valid UTF-8 at line {}, column {} (byte 0x{:02X} at offset {})",
            self.position.line, self.position.column, self.byte, self.offset
        )
    }

    /// The report of a file that could not be read, for the JSON report.
    pub fn report(&self) -> Report {
        let mut finding = Finding::new(
            Code::SP0107,
            Span::new(self.offset, self.offset + 1),
            self.message(),
        );
        finding.start = self.position;
        finding.end = Position {
            line: self.position.line,
            column: self.position.column + 1,
        };
        Report {
            findings: vec![finding],
            stats: Stats::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_the_first_bad_byte() {
        let bytes = b"select 1;\n-- \xe6\x82\xa3\xb2\xa1\n";
        let err = decode(bytes).err();
        assert_eq!(
            err.map(|e| (e.position, e.byte)),
            Some((Position { line: 2, column: 5 }, 0xB2))
        );
    }
}
