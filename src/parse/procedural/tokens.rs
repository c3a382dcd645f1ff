//! The token stream the procedural parsers read: the significant lexemes of a
//! unit (comments and whitespace set aside, to be re-attached by span), as a
//! `nom` input.

use std::iter::{Copied, Enumerate};
use std::slice::Iter;

use nom::{Input, Needed};

use crate::source::{Lexeme, LexemeKind, Lexer, ScriptSyntax, Span};

/// One significant token: its kind, text and span in the whole script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// What it is.
    pub kind: LexemeKind,
    /// Its text.
    pub text: &'a str,
    /// Where it is.
    pub span: Span,
}

impl Token<'_> {
    /// Whether this is the word `keyword` (case-insensitive).
    pub fn is_word(&self, keyword: &str) -> bool {
        self.kind == LexemeKind::Word && self.text.eq_ignore_ascii_case(keyword)
    }

    /// Whether this is the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == LexemeKind::Punct(c)
    }
}

/// Lexes `span` of `text` into significant tokens; multi-character operators
/// (`:=`, `=>`, `..`, `||`, `<=`, `>=`, `<>`, `!=`, `**`, `<<`, `>>`) stay as
/// separate punctuation tokens and are recognised by adjacency.
pub fn tokenize<'a>(text: &'a str, span: Span, syntax: ScriptSyntax) -> Vec<Token<'a>> {
    let mut tokens = Vec::new();
    for lexeme in Lexer::new(text, span.start, syntax) {
        if lexeme.span.start >= span.end {
            break;
        }
        if lexeme.kind.is_trivia() {
            continue;
        }
        tokens.push(token(text, lexeme, span.end));
    }
    tokens
}

fn token(text: &str, lexeme: Lexeme, limit: usize) -> Token<'_> {
    let span = Span::new(lexeme.span.start, lexeme.span.end.min(limit));
    Token {
        kind: lexeme.kind,
        text: span.slice(text),
        span,
    }
}

/// A slice of tokens as a `nom` input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tokens<'a, 't> {
    /// The tokens.
    pub tokens: &'t [Token<'a>],
}

impl<'a, 't> Tokens<'a, 't> {
    /// Wraps a token slice.
    pub fn new(tokens: &'t [Token<'a>]) -> Self {
        Tokens { tokens }
    }

    /// The first token, if any.
    pub fn first(&self) -> Option<&'t Token<'a>> {
        self.tokens.first()
    }

    /// The token `n` places ahead, if any.
    pub fn peek(&self, n: usize) -> Option<&'t Token<'a>> {
        self.tokens.get(n)
    }

    /// Whether no token is left.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

impl<'a, 't> Input for Tokens<'a, 't> {
    type Item = Token<'a>;
    type Iter = Copied<Iter<'t, Token<'a>>>;
    type IterIndices = Enumerate<Self::Iter>;

    fn input_len(&self) -> usize {
        self.tokens.len()
    }

    fn take(&self, index: usize) -> Self {
        Tokens::new(&self.tokens[..index.min(self.tokens.len())])
    }

    fn take_from(&self, index: usize) -> Self {
        Tokens::new(&self.tokens[index.min(self.tokens.len())..])
    }

    fn take_split(&self, index: usize) -> (Self, Self) {
        let (prefix, suffix) = self.tokens.split_at(index.min(self.tokens.len()));
        (Tokens::new(suffix), Tokens::new(prefix))
    }

    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.tokens.iter().position(|t| predicate(*t))
    }

    fn iter_elements(&self) -> Self::Iter {
        self.tokens.iter().copied()
    }

    fn iter_indices(&self) -> Self::IterIndices {
        self.iter_elements().enumerate()
    }

    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.tokens.len() >= count {
            Ok(count)
        } else {
            Err(Needed::new(count - self.tokens.len()))
        }
    }
}
