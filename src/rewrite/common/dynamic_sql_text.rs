//! The SQL text of dynamic statements (`EXECUTE IMMEDIATE`, PL/pgSQL's
//! `EXECUTE`), shared by both directions' `dynamic-sql` passes: reading the
//! string literals of a `||` chain, translating a literal that holds a whole
//! statement like the script itself, and rewriting bind placeholders outside
//! the SQL's own quoted text and comments.

use sqlparser::ast::{BinaryOperator, Expr, Value};

use crate::Options;
use crate::report::{Code, Finding, Severity};
use crate::source::Span;

/// Translates the SQL text of a string literal (the whole statement) with
/// the same options, as if it stood in the script: `Some(findings)` when
/// the literal was one, with the translation's own warnings and errors.
pub(crate) fn translate_literal(e: &mut Expr, options: &Options) -> Option<Vec<String>> {
    let Expr::Value(v) = e else {
        return None;
    };
    let text = match &v.value {
        Value::SingleQuotedString(s) | Value::NationalStringLiteral(s) => s.clone(),
        Value::QuoteDelimitedStringLiteral(q) => q.value.clone(),
        _ => return None,
    };
    let out = crate::translate(&text, &options.clone().with_annotate(false));
    let problems = out
        .report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        // `:name` in dynamic SQL is a placeholder this pass numbers, not
        // a SQL*Plus bind variable.
        .filter(|f| f.code != Code::SP0282)
        .map(|f| format!("{} {}", f.code, f.message))
        .collect();
    let translated = out.sql.trim_end().trim_end_matches(';').to_string();
    if translated.trim() != text.trim() {
        v.value = Value::SingleQuotedString(translated);
    }
    Some(problems)
}

/// A warning that the SQL inside a string has findings of its own.
pub(crate) fn inner_finding(span: Span, problems: &[String]) -> Option<Finding> {
    let first = problems.first()?;
    Some(
        Finding::new(
            Code::SP0342,
            span,
            format!(
                "the SQL in this dynamic statement's string has findings of its own ({}): {first}",
                problems.len()
            ),
        )
        .with_help("translate that part of the string by hand"),
    )
}

/// The text of a `||` chain made of string literals only; `None` when any
/// part is something else.
pub(crate) fn joined_literals(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::NationalStringLiteral(s) => Some(s.clone()),
            Value::QuoteDelimitedStringLiteral(q) => Some(q.value.clone()),
            _ => None,
        },
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            right,
        } => Some(joined_literals(left)? + &joined_literals(right)?),
        Expr::Nested(inner) => joined_literals(inner),
        _ => None,
    }
}

/// The first string literal of a `||` chain.
pub(crate) fn first_literal(e: &Expr) -> Option<&str> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::NationalStringLiteral(s) => Some(s),
            Value::QuoteDelimitedStringLiteral(q) => Some(&q.value),
            _ => None,
        },
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            ..
        } => first_literal(left),
        Expr::Nested(inner) => first_literal(inner),
        _ => None,
    }
}

/// Rewrites the text of every string literal of a `||` chain, left to
/// right, with `f` (which says whether it changed the text); an Oracle
/// `q'{…}'` literal becomes a standard one. Returns whether any changed.
pub(crate) fn map_literals(e: &mut Expr, f: &mut dyn FnMut(&str) -> (String, bool)) -> bool {
    match e {
        Expr::Value(v) => match &mut v.value {
            Value::SingleQuotedString(s)
            | Value::NationalStringLiteral(s)
            | Value::EscapedStringLiteral(s) => {
                let (new, changed) = f(s);
                *s = new;
                changed
            }
            Value::QuoteDelimitedStringLiteral(q) => {
                let (new, _) = f(&q.value);
                v.value = Value::SingleQuotedString(new);
                true
            }
            _ => false,
        },
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            right,
        } => {
            let l = map_literals(left, f);
            map_literals(right, f) | l
        }
        Expr::Nested(inner) => map_literals(inner, f),
        _ => false,
    }
}

/// Recognises a placeholder at a position of SQL text: how many characters
/// it takes and what replaces them.
pub(crate) type Placeholder<'a> = dyn FnMut(&[char], usize) -> Option<(usize, String)> + 'a;

/// Copies `sql`, replacing what `placeholder` recognises at a position
/// outside quoted text, quoted names and comments: it returns how many
/// characters it consumed and what to write instead. Returns the new text
/// and whether anything was replaced.
pub(crate) fn map_placeholders(sql: &str, placeholder: &mut Placeholder<'_>) -> (String, bool) {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' => {
                // Copy the quoted run; a doubled quote stays inside it.
                out.push(c);
                i += 1;
                while i < chars.len() {
                    out.push(chars[i]);
                    if chars[i] == c {
                        if chars.get(i + 1) == Some(&c) {
                            out.push(c);
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    i += 1;
                }
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    out.push(chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    out.push_str("*/");
                    i += 2;
                }
            }
            _ => match placeholder(&chars, i) {
                Some((consumed, replacement)) if consumed > 0 => {
                    out.push_str(&replacement);
                    i += consumed;
                    changed = true;
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            },
        }
    }
    (out, changed)
}
