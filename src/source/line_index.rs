//! Offset ↔ line/column conversion for one text.

use super::span::Position;

/// The byte offsets where each line of a text starts.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`; lines end at `\n` (a preceding `\r` stays part of the line).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte offset where 1-based `line` starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .copied()
    }

    /// The position of byte `offset` in `text` (clamped to the text, and moved
    /// back to a character boundary if it falls inside a character).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.starts[line_idx];
        let column = text[line_start..offset].chars().count() + 1;
        Position {
            line: line_idx + 1,
            column,
        }
    }

    /// The byte offset of a 1-based `line` and character `column` in `text`;
    /// a column past the end of the line gives the line's end.
    pub fn offset(&self, text: &str, line: usize, column: usize) -> Option<usize> {
        let start = self.line_start(line)?;
        let end = self.line_start(line + 1).unwrap_or(text.len());
        let line_text = text.get(start..end)?;
        let skip = column.saturating_sub(1);
        let within = line_text
            .char_indices()
            .nth(skip)
            .map(|(i, _)| i)
            .unwrap_or(line_text.len());
        Some(start + within)
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let Some(start) = self.line_start(line) else {
            return "";
        };
        let end = self.line_start(line + 1).unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches('\n')
            .trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "ab\n患者 x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(idx.position(text, x), Position { line: 2, column: 4 });
        assert_eq!(idx.offset(text, 2, 4), Some(x));
        assert_eq!(idx.line_text(text, 2), "患者 x");
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn offsets_inside_a_character_move_back() {
        let text = "患";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 99), Position { line: 1, column: 2 });
    }
}
