//! What the SQL/JSON passes (`pg-is-json`, `pg-sql-json-constructors`,
//! `pg-sql-json-query`) share: reading the clauses of a SQL/JSON call from
//! its tokens, and what an argument's type is known to be.
//!
//! SQL/JSON syntax is keyword clauses inside a call's parentheses
//! (`JSON_VALUE(doc, '$.x' RETURNING int DEFAULT 0 ON EMPTY)`); sqlparser
//! reads only part of it, so the passes read the tokens: a clause starts at a
//! keyword at the call's own parenthesis level.
//!
//! PostgreSQL 16 and 17 give a constructor with no `RETURNING` the type
//! `jsonb` when one of its arguments is `jsonb`, else `json`. The older
//! kernel's functions have a fixed type (`json_build_object` or
//! `jsonb_build_object`), so the passes decide from what the script says: a
//! cast (`x::jsonb`), a `jsonb` function, or a column, parameter or variable
//! the script declares (`lab_result(result_doc jsonb, …)`, `v_doc jsonb;`).

use std::collections::HashMap;

use super::{Tok, unit_tokens};
use crate::source::{LexemeKind, Span};

/// What an argument's type is known to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `jsonb`.
    Jsonb,
    /// `json`.
    Json,
    /// Neither (a literal, a number, text, a cast to another type).
    Other,
    /// Not known from the script.
    Unknown,
}

/// The declared types of the names the script declares (columns of the
/// tables it creates, routine parameters, PL/pgSQL variables), by lower-case
/// name: `None` where the same name is declared with a json type and with
/// another type.
#[derive(Debug, Default)]
pub(super) struct Names(HashMap<String, Option<Kind>>);

impl Names {
    /// Reads the declarations of every unit of `script`: a word followed by
    /// a type word, after `(`, `,`, `;` or `DECLARE`.
    pub fn of(text: &str, script: &crate::ast::Script) -> Names {
        let mut names: HashMap<String, Option<Kind>> = HashMap::new();
        for unit in script.units() {
            let toks = unit_tokens(text, unit);
            for i in 1..toks.len().saturating_sub(1) {
                let (prev, name, ty) = (&toks[i - 1], &toks[i], &toks[i + 1]);
                let after =
                    prev.punct('(') || prev.punct(',') || prev.punct(';') || prev.is("DECLARE");
                if !after || name.kind != LexemeKind::Word || ty.kind != LexemeKind::Word {
                    continue;
                }
                if [
                    "CONSTRAINT",
                    "PRIMARY",
                    "UNIQUE",
                    "CHECK",
                    "FOREIGN",
                    "LIKE",
                ]
                .iter()
                .any(|w| name.is(w))
                {
                    continue;
                }
                let kind = type_kind(ty.text);
                let entry = names
                    .entry(name.text.to_ascii_lowercase())
                    .or_insert(Some(kind));
                if *entry != Some(kind) {
                    *entry = None;
                }
            }
        }
        Names(names)
    }

    fn get(&self, name: &str) -> Kind {
        match self.0.get(&name.to_ascii_lowercase()) {
            Some(Some(k)) => *k,
            _ => Kind::Unknown,
        }
    }
}

/// The kind of a type name.
pub(super) fn type_kind(ty: &str) -> Kind {
    if ty.eq_ignore_ascii_case("jsonb") {
        Kind::Jsonb
    } else if ty.eq_ignore_ascii_case("json") {
        Kind::Json
    } else {
        Kind::Other
    }
}

/// Built-in functions returning `jsonb`.
const JSONB_FUNCTIONS: &[&str] = &[
    "to_jsonb",
    "jsonb_build_object",
    "jsonb_build_array",
    "jsonb_agg",
    "jsonb_object_agg",
    "jsonb_set",
    "jsonb_insert",
    "jsonb_strip_nulls",
    "jsonb_path_query_first",
    "jsonb_path_query_array",
    "jsonb_extract_path",
];

/// Built-in functions returning `json`.
const JSON_FUNCTIONS: &[&str] = &[
    "to_json",
    "json_build_object",
    "json_build_array",
    "json_agg",
    "json_object_agg",
    "json_strip_nulls",
    "json_extract_path",
    "row_to_json",
    "array_to_json",
];

/// Built-in functions whose result is no json type.
const OTHER_FUNCTIONS: &[&str] = &[
    "count",
    "sum",
    "avg",
    "round",
    "trunc",
    "upper",
    "lower",
    "trim",
    "concat",
    "concat_ws",
    "length",
    "substr",
    "substring",
    "to_char",
    "to_number",
    "to_date",
    "now",
    "date_trunc",
    "extract",
    "string_agg",
    "jsonb_typeof",
    "json_typeof",
    "jsonb_array_length",
    "json_array_length",
    "jsonb_extract_path_text",
    "json_extract_path_text",
    "format",
];

/// What the type of the expression `toks[a..=b]` is known to be.
pub(super) fn kind_of(toks: &[Tok<'_>], a: usize, b: usize, names: &Names) -> Kind {
    if a > b || b >= toks.len() {
        return Kind::Unknown;
    }
    let first = &toks[a];
    let last = &toks[b];
    // `x::type`
    if b >= a + 2
        && last.kind == LexemeKind::Word
        && toks[b - 1].punct(':')
        && toks[b - 2].punct(':')
    {
        return type_kind(last.text);
    }
    if a == b {
        return match first.kind {
            LexemeKind::String => Kind::Other,
            LexemeKind::Word if is_literal_word(first) => Kind::Other,
            LexemeKind::Word | LexemeKind::QuotedIdent => names.get(unquote(first.text)),
            _ => Kind::Unknown,
        };
    }
    // `jsonb '…'`, `json '…'`
    if b == a + 1 && last.kind == LexemeKind::String && first.kind == LexemeKind::Word {
        return type_kind(first.text);
    }
    // A call that is the whole expression.
    if first.kind == LexemeKind::Word
        && toks[a + 1].punct('(')
        && super::closing(toks, a + 1) == Some(b)
    {
        let f = first.text.to_ascii_lowercase();
        // The SQL/JSON functions with no RETURNING clause (not looked for):
        // JSON_QUERY gives jsonb, JSON_VALUE text, JSON_EXISTS boolean.
        match f.as_str() {
            "json_query" => return Kind::Jsonb,
            "json_value" | "json_exists" | "json_serialize" => return Kind::Other,
            "json_scalar" | "json" => return Kind::Json,
            _ => {}
        }
        return if JSONB_FUNCTIONS.contains(&f.as_str()) {
            Kind::Jsonb
        } else if JSON_FUNCTIONS.contains(&f.as_str()) {
            Kind::Json
        } else if OTHER_FUNCTIONS.contains(&f.as_str()) {
            Kind::Other
        } else {
            Kind::Unknown
        };
    }
    // A qualified name `t.col`.
    if (a..=b).all(|k| {
        let t = &toks[k];
        if (k - a) % 2 == 1 {
            t.punct('.')
        } else {
            matches!(t.kind, LexemeKind::Word | LexemeKind::QuotedIdent)
        }
    }) {
        return names.get(unquote(last.text));
    }
    // `base -> 'key' -> …`: the base's type; `->>` and `#>>` give text.
    let level = toks[a].depth;
    let arrows: Vec<usize> = (a..b)
        .filter(|&k| toks[k].depth == level && toks[k].punct('>') && k > a)
        .collect();
    if let Some(&k) = arrows.last() {
        if toks[k - 1].punct('>') || toks.get(k + 1).is_some_and(|t| t.punct('>')) {
            return Kind::Other;
        }
        if let Some(&first_arrow) = arrows.first()
            && (toks[first_arrow - 1].punct('-') || toks[first_arrow - 1].punct('#'))
            && first_arrow >= a + 2
        {
            return match kind_of(toks, a, first_arrow - 2, names) {
                Kind::Other => Kind::Unknown,
                k => k,
            };
        }
    }
    Kind::Unknown
}

/// `"name"` → `name`.
fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
}

/// A number, `TRUE`, `FALSE` or `NULL`.
fn is_literal_word(t: &Tok<'_>) -> bool {
    t.text.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || ["TRUE", "FALSE", "NULL"].iter().any(|w| t.is(w))
}

/// Whether `toks[a..=b]` is a literal that is not NULL (a string, a number,
/// `TRUE`, `FALSE`, possibly cast): `ABSENT ON NULL` never drops it.
pub(super) fn is_non_null_literal(toks: &[Tok<'_>], a: usize, b: usize) -> bool {
    let end = if b >= a + 2 && toks[b - 1].punct(':') && toks[b - 2].punct(':') {
        b - 3
    } else {
        b
    };
    let t = &toks[a];
    end == a && (t.kind == LexemeKind::String || (is_literal_word(t) && !t.is("NULL")))
        || (end == a + 1 && t.punct('-') && toks[a + 1].kind == LexemeKind::Word)
}

/// Whether `toks[a..=b]` is the literal `NULL`.
pub(super) fn is_null(toks: &[Tok<'_>], a: usize, b: usize) -> bool {
    a == b && toks[a].is("NULL")
}

/// The tokens of a call's argument list at the call's own level.
pub(super) struct Inner<'t, 'a> {
    /// The unit's tokens.
    pub toks: &'t [Tok<'a>],
    /// The call's `(`.
    pub open: usize,
    /// The call's `)`.
    pub close: usize,
}

impl<'t, 'a> Inner<'t, 'a> {
    /// The argument list of the call whose `(` is at `open`.
    pub fn new(toks: &'t [Tok<'a>], open: usize) -> Option<Self> {
        let close = super::closing(toks, open)?;
        Some(Inner { toks, open, close })
    }

    /// Whether token `k` is at the call's own level.
    pub fn top(&self, k: usize) -> bool {
        let o = &self.toks[self.open];
        let t = &self.toks[k];
        t.body == o.body && t.depth == o.depth + 1
    }

    /// The first token in `a..b` at the call's level that `pred` accepts.
    pub fn find(&self, a: usize, b: usize, pred: impl Fn(usize) -> bool) -> Option<usize> {
        (a..b).find(|&k| self.top(k) && pred(k))
    }

    /// The comma-separated parts of `a..b`, as `(first, last)` token
    /// indexes (empty parts left out).
    pub fn split(&self, a: usize, b: usize) -> Vec<(usize, usize)> {
        let mut parts = Vec::new();
        let mut start = a;
        for k in a..=b {
            if k == b || (self.top(k) && self.toks[k].punct(',')) {
                if k > start {
                    parts.push((start, k - 1));
                }
                start = k + 1;
            }
        }
        parts
    }

    /// Whether tokens from `k` are the words `words`.
    pub fn words(&self, k: usize, words: &[&str]) -> bool {
        words
            .iter()
            .enumerate()
            .all(|(i, w)| self.toks.get(k + i).is_some_and(|t| t.is(w)))
    }
}

/// The source text of tokens `a..=b`.
pub(super) fn source<'a>(text: &'a str, toks: &[Tok<'_>], a: usize, b: usize) -> &'a str {
    Span::new(toks[a].span.start, toks[b].span.end).slice(text)
}

/// The expression `toks[a..=b]` as an operand of a postfix cast: itself when
/// it is one word, a string or a call, else in parentheses.
pub(super) fn operand(text: &str, toks: &[Tok<'_>], a: usize, b: usize) -> String {
    let s = source(text, toks, a, b);
    let simple = a == b
        || (toks[a].kind == LexemeKind::Word
            && toks.get(a + 1).is_some_and(|t| t.punct('('))
            && super::closing(toks, a + 1) == Some(b))
        || (a..=b).all(|k| {
            if (k - a) % 2 == 1 {
                toks[k].punct('.')
            } else {
                matches!(toks[k].kind, LexemeKind::Word | LexemeKind::QuotedIdent)
            }
        });
    if simple {
        s.to_string()
    } else {
        format!("({s})")
    }
}

/// The `RETURNING type [FORMAT JSON [ENCODING …]]` clause starting at
/// `returning` and ending before `end`: the type's text and the index after it.
pub(super) fn returning_type(
    text: &str,
    inner: &Inner<'_, '_>,
    returning: usize,
    end: usize,
    stop: &dyn Fn(usize) -> bool,
) -> Option<(String, usize)> {
    let first = returning + 1;
    let after = (first..end)
        .find(|&k| inner.top(k) && (inner.toks[k].is("FORMAT") || stop(k)))
        .unwrap_or(end);
    if after <= first {
        return None;
    }
    let mut next = after;
    if inner.words(after, &["FORMAT", "JSON"]) {
        next = after + 2;
        if inner.words(next, &["ENCODING"]) {
            next += 2;
        }
    }
    Some((source(text, inner.toks, first, after - 1).to_string(), next))
}

/// The text of tokens `a..=b` with the edits already made inside it
/// (`edits`: by earlier passes) applied, and each call `nested` rewrites
/// (given the index of a call's name: its last token and its text) replaced:
/// a rewrite that replaces a whole call carries what was rewritten inside.
pub(super) fn render(
    text: &str,
    toks: &[Tok<'_>],
    a: usize,
    b: usize,
    edits: &[crate::ast::Edit],
    nested: &dyn Fn(usize) -> Option<(usize, String)>,
) -> String {
    let span = Span::new(toks[a].span.start, toks[b].span.end);
    let mut parts: Vec<(Span, String)> = Vec::new();
    let mut k = a;
    while k <= b {
        if let Some((last, rewritten)) = nested(k).filter(|(last, _)| *last <= b) {
            parts.push((
                Span::new(toks[k].span.start, toks[last].span.end),
                rewritten,
            ));
            k = last + 1;
        } else {
            k += 1;
        }
    }
    for e in edits {
        let inside = span.start <= e.span.start && e.span.end <= span.end;
        let free = parts
            .iter()
            .all(|(s, _)| e.span.end <= s.start || s.end <= e.span.start);
        if inside && free {
            parts.push((e.span, e.replacement.clone()));
        }
    }
    parts.sort_by_key(|(s, _)| (s.start, s.end));
    let mut out = String::new();
    let mut pos = span.start;
    for (s, r) in parts {
        if s.start < pos {
            continue;
        }
        out.push_str(&text[pos..s.start]);
        out.push_str(&r);
        pos = s.end;
    }
    out.push_str(&text[pos..span.end]);
    out
}

/// Replaces `span` of `unit` with `replacement`, which carries the edits
/// made inside `span` (see [`render`]): those are dropped first. Whether it
/// was made (not when an edit overlaps `span` partly).
pub(super) fn replace(unit: &mut crate::ast::Unit, span: Span, replacement: String) -> bool {
    let partial = unit.edits.iter().any(|e| {
        let inside = span.start <= e.span.start && e.span.end <= span.end;
        let apart = e.span.end <= span.start || span.end <= e.span.start;
        !inside && !apart
    });
    if partial {
        return false;
    }
    unit.edits
        .retain(|e| !(span.start <= e.span.start && e.span.end <= span.end));
    super::edit(unit, span, replacement)
}
