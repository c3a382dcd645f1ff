//! SQL statements inside procedural code: the `INTO` targets, `RETURNING …
//! INTO` targets and `WHERE CURRENT OF` that sqlparser does not read are
//! taken out, and the rest is handed to sqlparser.

use sqlparser::dialect::Dialect;

use crate::ast::procedural::{EmbeddedSql, Into, Name, PlExpr, RECORD_PLACEHOLDER};
use crate::source::Span;

use super::common::{PError, parse_expr, parse_statement, span_of, syntax_of};
use super::tokens::{Token, Tokens};

/// Words that end the target list of a query's `INTO` (PL/pgSQL allows
/// `INTO` in several places of a query).
const INTO_END: &[&str] = &[
    "FROM",
    "WHERE",
    "GROUP",
    "HAVING",
    "WINDOW",
    "ORDER",
    "LIMIT",
    "OFFSET",
    "FETCH",
    "FOR",
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "MINUS",
];

/// Indexes of depth-zero tokens (outside parentheses).
fn top_level(tokens: &[Token<'_>]) -> Vec<usize> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
        } else if depth == 0 {
            out.push(i);
        }
    }
    out
}

/// Splits a comma-separated token run into expressions.
fn targets(text: &str, tokens: &[Token<'_>], dialect: &dyn Dialect) -> Result<Vec<PlExpr>, PError> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    for i in 0..=tokens.len() {
        let at_end = i == tokens.len();
        if !at_end {
            let t = &tokens[i];
            if t.is_punct('(') {
                depth += 1;
            } else if t.is_punct(')') {
                depth = depth.saturating_sub(1);
            }
            if !(t.is_punct(',') && depth == 0) {
                continue;
            }
        }
        let span = span_of(
            &tokens[start..i],
            tokens.get(start).map_or(0, |t| t.span.start),
        );
        let expr = parse_expr(span.slice(text), dialect).map_err(|offset| PError {
            offset: span.start + offset,
            expected: "an INTO target".to_string(),
            depth: usize::MAX,
        })?;
        out.push(PlExpr {
            span,
            expr: Box::new(expr),
        });
        start = i + 1;
    }
    Ok(out)
}

/// The `[BULK COLLECT] INTO` starting at token `i`: (first token, into-word index, bulk).
fn into_at(tokens: &[Token<'_>], i: usize) -> Option<(usize, usize, bool)> {
    let t = tokens.get(i)?;
    if t.is_word("INTO") {
        return Some((i, i, false));
    }
    if t.is_word("BULK")
        && tokens.get(i + 1).is_some_and(|t| t.is_word("COLLECT"))
        && tokens.get(i + 2).is_some_and(|t| t.is_word("INTO"))
    {
        return Some((i, i + 2, true));
    }
    None
}

/// Reads the statement in `tokens` (without its `;`).
pub fn embedded_sql(
    text: &str,
    tokens: Tokens<'_, '_>,
    dialect: &dyn Dialect,
) -> Result<EmbeddedSql, PError> {
    read(text, tokens, dialect, "")
}

/// Reads the query of a PL/pgSQL `PERFORM` (the tokens after `PERFORM`) as
/// the `SELECT` it stands for.
pub fn embedded_sql_as_select(
    text: &str,
    tokens: Tokens<'_, '_>,
    dialect: &dyn Dialect,
) -> Result<EmbeddedSql, PError> {
    read(text, tokens, dialect, "SELECT")
}

fn read(
    text: &str,
    tokens: Tokens<'_, '_>,
    dialect: &dyn Dialect,
    prefix: &str,
) -> Result<EmbeddedSql, PError> {
    let toks = tokens.tokens;
    let span = span_of(toks, 0);
    let top = top_level(toks);
    let is_query = !prefix.is_empty()
        || toks
            .first()
            .is_some_and(|t| t.is_word("SELECT") || t.is_word("WITH"));
    // Token ranges cut out of the statement, and what they held.
    let mut cut: Option<(usize, usize)> = None;
    let mut into = None;
    if is_query {
        // SELECT … [BULK COLLECT] INTO targets FROM …
        // The INTO of `INSERT INTO` (a data-modifying `WITH`) is not a target list.
        let select_into = top
            .iter()
            .find_map(|&i| into_at(toks, i))
            .filter(|&(first, _, _)| {
                !first
                    .checked_sub(1)
                    .and_then(|p| toks.get(p))
                    .is_some_and(|p| p.is_word("INSERT") || p.is_word("MERGE"))
            });
        if let Some((first, word, bulk)) = select_into {
            let end = top
                .iter()
                .copied()
                .find(|&i| i > word && INTO_END.iter().any(|w| toks[i].is_word(w)))
                .unwrap_or(toks.len());
            let strict = toks.get(word + 1).is_some_and(|t| t.is_word("STRICT"));
            let first_target = word + 1 + usize::from(strict);
            into = Some(Into {
                span: span_of(&toks[first..end], span.start),
                bulk_collect: bulk,
                strict,
                targets: targets(text, &toks[first_target..end.max(first_target)], dialect)?,
            });
            cut = Some((first, end));
        }
    } else if let Some(ret) = top
        .iter()
        .copied()
        .find(|&i| toks[i].is_word("RETURNING") || toks[i].is_word("RETURN"))
        && let Some((first, word, bulk)) = top
            .iter()
            .copied()
            .filter(|&i| i > ret)
            .find_map(|i| into_at(toks, i))
    {
        // … RETURNING exprs [BULK COLLECT] INTO [STRICT] targets
        let strict = toks.get(word + 1).is_some_and(|t| t.is_word("STRICT"));
        let first_target = (word + 1 + usize::from(strict)).min(toks.len());
        into = Some(Into {
            span: span_of(&toks[first..], span.start),
            bulk_collect: bulk,
            strict,
            targets: targets(text, &toks[first_target..], dialect)?,
        });
        cut = Some((first, toks.len()));
    }
    // … WHERE CURRENT OF cursor
    let mut current_of = None;
    let mut end = toks.len();
    if let Some(&w) = top.iter().find(|&&i| {
        toks[i].is_word("WHERE")
            && toks.get(i + 1).is_some_and(|t| t.is_word("CURRENT"))
            && toks.get(i + 2).is_some_and(|t| t.is_word("OF"))
    }) && let Some(name) = toks.get(w + 3)
    {
        current_of = Some(Name {
            text: name.text.to_string(),
            span: name.span,
        });
        end = w;
    }
    // … FOR UPDATE [OF …] WAIT n (sqlparser knows NOWAIT, not WAIT n)
    let mut wait = None;
    if let Some(&w) = top
        .iter()
        .rev()
        .find(|&&i| i < end && toks[i].is_word("WAIT"))
        && top.iter().any(|&i| i < w && toks[i].is_word("UPDATE"))
        && let Some(seconds) = toks.get(w + 1).filter(|_| w + 2 == end)
    {
        let expr = parse_expr(seconds.text, dialect).map_err(|_| PError {
            offset: seconds.span.start,
            expected: "the seconds to WAIT".to_string(),
            depth: usize::MAX,
        })?;
        wait = Some(PlExpr {
            span: seconds.span,
            expr: Box::new(expr),
        });
        end = w;
    }
    // INSERT … VALUES record (a PL/SQL record, not a parenthesised row)
    let mut values_record = None;
    if toks.first().is_some_and(|t| t.is_word("INSERT"))
        && let Some(&v) = top.iter().find(|&&i| toks[i].is_word("VALUES"))
        && toks.get(v + 1).is_some_and(|t| !t.is_punct('('))
    {
        let rec_end = cut.map_or(end, |(a, _)| a.min(end));
        let rec_span = span_of(&toks[v + 1..rec_end.max(v + 1)], toks[v].span.end);
        let expr = parse_expr(rec_span.slice(text), dialect).map_err(|offset| PError {
            offset: rec_span.start + offset,
            expected: "a record".to_string(),
            depth: usize::MAX,
        })?;
        values_record = Some((
            v + 1,
            rec_end,
            PlExpr {
                span: rec_span,
                expr: Box::new(expr),
            },
        ));
    }
    // Rebuild the statement text without the cut-out parts.
    let mut sql = prefix.to_string();
    let mut pieces: Vec<(usize, usize)> = Vec::new(); // (offset in sql, offset in script)
    let mut push = |from: usize, to: usize, sql: &mut String| {
        if from < to {
            let s = Span::new(toks[from].span.start, toks[to - 1].span.end);
            if !sql.is_empty() {
                sql.push(' ');
            }
            pieces.push((sql.len(), s.start));
            sql.push_str(s.slice(text));
        }
    };
    match (&values_record, cut) {
        (Some((a, b, _)), _) => {
            push(0, *a, &mut sql);
            sql.push_str(" (");
            sql.push_str(RECORD_PLACEHOLDER);
            sql.push(')');
            push((*b).min(end), end, &mut sql);
        }
        (None, Some((a, b))) => {
            push(0, a.min(end), &mut sql);
            push(b.min(end), end, &mut sql);
        }
        (None, None) => push(0, end, &mut sql),
    }
    // Clauses sqlparser lacks (`SET TRANSACTION … NAME`): set them aside when
    // the statement is read as written (nothing was cut out of it).
    let mut set_aside = Vec::new();
    let whole = cut.is_none() && values_record.is_none() && current_of.is_none() && wait.is_none();
    let parsed = parse_statement(&sql, dialect).or_else(|offset| {
        whole
            .then(|| crate::parse::set_aside::set_aside(text, span, syntax_of(dialect)))
            .flatten()
            .and_then(|(rest, clauses)| {
                let statement = parse_statement(&rest, dialect).ok()?;
                set_aside = clauses;
                Some(statement)
            })
            .ok_or(offset)
    });
    let statement = parsed.map_err(|offset| {
        let script_offset = pieces
            .iter()
            .rev()
            .find(|(at, _)| *at <= offset)
            .map_or(span.start, |(at, orig)| orig + (offset - at));
        PError {
            offset: script_offset,
            expected: "a valid SQL statement".to_string(),
            depth: usize::MAX,
        }
    })?;
    Ok(EmbeddedSql {
        span,
        statement: Box::new(statement),
        into,
        current_of,
        wait,
        values_record: values_record.map(|(_, _, r)| r),
        set_aside,
    })
}
