//! A lexical scanner just deep enough to split scripts: it knows where strings,
//! quoted identifiers, comments and dollar-quoted bodies start and end, so that
//! a `;` or `/` inside them is never taken for a terminator.

use super::span::Span;

/// Which client's script conventions the text follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptSyntax {
    /// Oracle scripts as SQL*Plus (and DM's DIsql) read them: `q'[..]'` quotes,
    /// flat `/* */` comments, `/` lines, SQL*Plus commands.
    SqlPlus,
    /// PostgreSQL scripts as psql reads them: `$tag$` bodies, `E'..'` strings,
    /// nested comments, backslash meta-commands.
    Psql,
}

/// What a lexeme is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexemeKind {
    /// Spaces, tabs, line breaks (and a byte-order mark).
    Whitespace,
    /// `-- …` up to, not including, the line break.
    LineComment,
    /// `/* … */`.
    BlockComment,
    /// A string literal in any of its forms (`'..'`, `q'[..]'`, `N'..'`, `E'..'`, `U&'..'`).
    String,
    /// A `"quoted"` identifier.
    QuotedIdent,
    /// A PostgreSQL `$tag$ … $tag$` string.
    DollarString,
    /// A keyword, identifier or number.
    Word,
    /// Any other single character.
    Punct(char),
}

impl LexemeKind {
    /// Whether the lexeme is whitespace or a comment.
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            LexemeKind::Whitespace | LexemeKind::LineComment | LexemeKind::BlockComment
        )
    }
}

/// One lexeme: its kind, its bytes, and whether its closing delimiter was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexeme {
    /// What it is.
    pub kind: LexemeKind,
    /// Where it is.
    pub span: Span,
    /// `false` for a string, comment, quoted identifier or dollar body that runs
    /// to the end of the text without its closing delimiter.
    pub terminated: bool,
    /// For an unterminated lexeme, the opening delimiter (where a finding points).
    pub opener: Span,
}

/// Scans lexemes from a byte offset onwards.
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    syntax: ScriptSyntax,
}

impl<'a> Lexer<'a> {
    /// A lexer over `text` starting at byte `pos` (which must be a character boundary).
    pub fn new(text: &'a str, pos: usize, syntax: ScriptSyntax) -> Self {
        Lexer { text, pos, syntax }
    }

    /// The offset the next lexeme starts at.
    pub fn pos(&self) -> usize {
        self.pos
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn byte_at(&self, i: usize) -> Option<u8> {
        self.bytes().get(i).copied()
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    fn lexeme(&self, kind: LexemeKind, start: usize, end: usize) -> Lexeme {
        Lexeme {
            kind,
            span: Span::new(start, end),
            terminated: true,
            opener: Span::new(start, start),
        }
    }

    fn unterminated(&self, kind: LexemeKind, start: usize, opener_end: usize) -> Lexeme {
        Lexeme {
            kind,
            span: Span::new(start, self.text.len()),
            terminated: false,
            opener: Span::new(start, opener_end),
        }
    }

    fn scan_block_comment(&self, start: usize) -> Lexeme {
        let nested = self.syntax == ScriptSyntax::Psql;
        let bytes = self.bytes();
        let mut depth = 1usize;
        let mut i = start + 2;
        while i + 1 < bytes.len() {
            if bytes[i] == b'*' && bytes[i + 1] == b'/' {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return self.lexeme(LexemeKind::BlockComment, start, i);
                }
            } else if nested && bytes[i] == b'/' && bytes[i + 1] == b'*' {
                depth += 1;
                i += 2;
            } else {
                i += 1;
            }
        }
        self.unterminated(LexemeKind::BlockComment, start, start + 2)
    }

    /// A quoted run closed by `quote`, where a doubled `quote` stands for itself;
    /// `backslash` makes `\` escape the next byte (PostgreSQL `E'..'`).
    fn scan_quoted(
        &self,
        kind: LexemeKind,
        start: usize,
        body: usize,
        quote: u8,
        backslash: bool,
    ) -> Lexeme {
        let bytes = self.bytes();
        let mut i = body;
        while i < bytes.len() {
            let b = bytes[i];
            if backslash && b == b'\\' {
                i += 2;
            } else if b == quote {
                if bytes.get(i + 1) == Some(&quote) {
                    i += 2;
                } else {
                    return self.lexeme(kind, start, i + 1);
                }
            } else {
                i += 1;
            }
        }
        self.unterminated(kind, start, body)
    }

    /// Oracle's `q'<delim> … <close>'`, where brackets pair up and any other
    /// character closes itself.
    fn scan_q_quote(&self, start: usize, quote_at: usize) -> Lexeme {
        let Some(open) = self.char_at(quote_at + 1) else {
            return self.unterminated(LexemeKind::String, start, quote_at + 1);
        };
        let close = match open {
            '[' => ']',
            '{' => '}',
            '(' => ')',
            '<' => '>',
            c => c,
        };
        let body = quote_at + 1 + open.len_utf8();
        let closing = format!("{close}'");
        if let Some(i) = self.text.get(body..).and_then(|rest| rest.find(&closing)) {
            return self.lexeme(LexemeKind::String, start, body + i + closing.len());
        }
        self.unterminated(LexemeKind::String, start, body)
    }

    /// The end of the `$tag$` opening at `start`, if one is there. A `$`
    /// right after a name character is part of the name (`a$b`), and `$1` is a
    /// parameter.
    fn dollar_tag(&self, start: usize) -> Option<usize> {
        if self.text[..start]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
        {
            return None;
        }
        let mut i = start + 1;
        while let Some(c) = self.char_at(i) {
            if c == '$' {
                return Some(i + 1);
            }
            let ok = c == '_' || c.is_alphabetic() || (i > start + 1 && c.is_alphanumeric());
            if !ok {
                return None;
            }
            i += c.len_utf8();
        }
        None
    }

    fn scan_dollar(&self, start: usize, tag_end: usize) -> Lexeme {
        let tag = &self.text[start..tag_end];
        match self.text[tag_end..].find(tag) {
            Some(i) => self.lexeme(LexemeKind::DollarString, start, tag_end + i + tag.len()),
            None => self.unterminated(LexemeKind::DollarString, start, tag_end),
        }
    }

    fn scan_word_or_prefixed_string(&self, start: usize) -> Lexeme {
        let mut end = start;
        while let Some(c) = self.char_at(end) {
            if is_word_char(c) {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        let word = &self.text[start..end];
        let next = self.byte_at(end);
        if next == Some(b'\'') {
            let lower = word.to_ascii_lowercase();
            match (self.syntax, lower.as_str()) {
                (ScriptSyntax::SqlPlus, "q" | "nq") => return self.scan_q_quote(start, end),
                (ScriptSyntax::SqlPlus, "n") | (ScriptSyntax::Psql, "n" | "b" | "x") => {
                    return self.scan_quoted(LexemeKind::String, start, end + 1, b'\'', false);
                }
                (ScriptSyntax::Psql, "e") => {
                    return self.scan_quoted(LexemeKind::String, start, end + 1, b'\'', true);
                }
                _ => {}
            }
        }
        if self.syntax == ScriptSyntax::Psql && word.eq_ignore_ascii_case("u") && next == Some(b'&')
        {
            match self.byte_at(end + 1) {
                Some(b'\'') => {
                    return self.scan_quoted(LexemeKind::String, start, end + 2, b'\'', false);
                }
                Some(b'"') => {
                    return self.scan_quoted(LexemeKind::QuotedIdent, start, end + 2, b'"', false);
                }
                _ => {}
            }
        }
        self.lexeme(LexemeKind::Word, start, end)
    }
}

/// Characters that continue an identifier or keyword (`$` and `#` are legal
/// inside Oracle names such as `V$SESSION`; PostgreSQL allows `$` too).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || c == '#' || (!c.is_ascii() && !is_space(c))
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

impl Iterator for Lexer<'_> {
    type Item = Lexeme;

    fn next(&mut self) -> Option<Lexeme> {
        let start = self.pos;
        let c = self.char_at(start)?;
        let next = self.byte_at(start + c.len_utf8());
        let lexeme = if is_space(c) {
            let mut end = start;
            while let Some(c) = self.char_at(end).filter(|&c| is_space(c)) {
                end += c.len_utf8();
            }
            self.lexeme(LexemeKind::Whitespace, start, end)
        } else if c == '-' && next == Some(b'-') {
            let end = self.text[start..]
                .find('\n')
                .map_or(self.text.len(), |i| start + i);
            self.lexeme(LexemeKind::LineComment, start, end)
        } else if c == '/' && next == Some(b'*') {
            self.scan_block_comment(start)
        } else if c == '\'' {
            self.scan_quoted(LexemeKind::String, start, start + 1, b'\'', false)
        } else if c == '"' {
            self.scan_quoted(LexemeKind::QuotedIdent, start, start + 1, b'"', false)
        } else if c == '$' && self.syntax == ScriptSyntax::Psql {
            match self.dollar_tag(start) {
                Some(tag_end) => self.scan_dollar(start, tag_end),
                None => self.lexeme(LexemeKind::Punct('$'), start, start + 1),
            }
        } else if is_word_char(c) && c != '$' && c != '#' {
            self.scan_word_or_prefixed_string(start)
        } else {
            self.lexeme(LexemeKind::Punct(c), start, start + c.len_utf8())
        };
        self.pos = lexeme.span.end.max(start + c.len_utf8());
        Some(lexeme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, syntax: ScriptSyntax) -> Vec<(LexemeKind, &str, bool)> {
        Lexer::new(text, 0, syntax)
            .map(|l| (l.kind, l.span.slice(text), l.terminated))
            .filter(|(k, _, _)| *k != LexemeKind::Whitespace)
            .collect()
    }

    #[test]
    fn oracle_q_quotes_in_every_delimiter_form() {
        for q in [
            "q'[a ' ; ]'",
            "Q'{a ' }'",
            "q'(a ')'",
            "q'<a '>'",
            "q'!a ' !'",
            "nq'#患者'#'",
            "q'#患者'#'",
            "q'患a'患'",
        ] {
            let got = kinds(q, ScriptSyntax::SqlPlus);
            assert_eq!(got, vec![(LexemeKind::String, q, true)], "{q}");
        }
    }

    #[test]
    fn doubled_quotes_and_prefixes() {
        let got = kinds("'O''Brien' N'中文' \"a\"\"b\"", ScriptSyntax::SqlPlus);
        assert_eq!(
            got,
            vec![
                (LexemeKind::String, "'O''Brien'", true),
                (LexemeKind::String, "N'中文'", true),
                (LexemeKind::QuotedIdent, "\"a\"\"b\"", true),
            ]
        );
    }

    #[test]
    fn postgres_escape_strings_and_dollar_bodies() {
        let got = kinds(
            "E'a\\'b' U&'d\\0061' $fn$ x $$ ; $fn$ $1 a$b$",
            ScriptSyntax::Psql,
        );
        assert_eq!(
            got,
            vec![
                (LexemeKind::String, "E'a\\'b'", true),
                (LexemeKind::String, "U&'d\\0061'", true),
                (LexemeKind::DollarString, "$fn$ x $$ ; $fn$", true),
                (LexemeKind::Punct('$'), "$", true),
                (LexemeKind::Word, "1", true),
                (LexemeKind::Word, "a$b$", true),
            ]
        );
    }

    #[test]
    fn comments_nest_only_in_postgres() {
        let text = "/* a /* b */ c */";
        assert_eq!(kinds(text, ScriptSyntax::Psql).len(), 1);
        let oracle = kinds(text, ScriptSyntax::SqlPlus);
        assert_eq!(oracle[0], (LexemeKind::BlockComment, "/* a /* b */", true));
    }

    #[test]
    fn unterminated_lexemes_run_to_the_end() {
        for (text, syntax) in [
            ("'abc", ScriptSyntax::SqlPlus),
            ("q'[abc]", ScriptSyntax::SqlPlus),
            ("/* abc", ScriptSyntax::SqlPlus),
            ("\"abc", ScriptSyntax::Psql),
            ("$x$ abc $y$", ScriptSyntax::Psql),
            ("E'abc\\'", ScriptSyntax::Psql),
        ] {
            let all: Vec<Lexeme> = Lexer::new(text, 0, syntax).collect();
            assert_eq!(all.len(), 1, "{text}");
            assert!(!all[0].terminated, "{text}");
            assert_eq!(all[0].span.end, text.len());
        }
    }
}
