//! `pg-is-json`: the `IS [NOT] JSON` predicate before PostgreSQL 16.
//!
//! **What it does.** `expr IS [NOT] JSON [VALUE | SCALAR | ARRAY | OBJECT]
//! [WITH | WITHOUT UNIQUE [KEYS]]` becomes a call of the helper
//! `sqlport.is_json(expr, kind, unique_keys)`
//! (`grammar/helpers/postgres/is_json.sql`), under `NOT` for `IS NOT JSON`.
//! The operand is found by reading back from `IS` over what binds tighter
//! than `IS` (names, literals, calls, parentheses, casts, subscripts and
//! operators such as `->`, `||`, `+`).
//!
//! **Why.** The predicate arrives in PostgreSQL 16. The helper parses the
//! text as `json` (as the predicate does: duplicate keys and `\u0000` are
//! valid JSON text), catches the invalid-input error (the predicate is then
//! false), compares the top-level type, and for `WITH UNIQUE KEYS` walks
//! every object of the document for a repeated key; NULL gives NULL. It has
//! overloads for `text`, `json` and `jsonb`, the types the predicate takes.
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! SELECT msg_id FROM lab_inbound_msg WHERE payload IS NOT JSON OBJECT;
//! SELECT msg_id FROM lab_inbound_msg WHERE NOT sqlport.is_json(payload, 'OBJECT', false);
//! ```
//!
//! **Findings.** `SP0480` (info) at each rewrite, `SP0420` (info) the first
//! time the helper is needed; `SP0245` (error) where the operand cannot be
//! told (after a comparison, whose result `IS JSON` would test, or after a
//! token the pass does not know).

use super::{Context, Pass, Tok, between, downgraded, edit, missing, unit_tokens, unsupported};
use crate::rewrite::helpers::Helper;
use crate::source::{LexemeKind, Span};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct IsJson;

/// Words after which an operand of `IS JSON` may start.
const BEFORE_OPERAND: &[&str] = &[
    "SELECT", "WHERE", "AND", "OR", "NOT", "WHEN", "THEN", "ELSE", "ON", "HAVING", "RETURN", "IF",
    "ELSIF", "WHILE", "DISTINCT", "ALL", "BY", "ASSERT", "CASE",
];

impl Pass for IsJson {
    fn name(&self) -> &'static str {
        "pg-is-json"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, "is_json") {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            for is in 0..toks.len() {
                let Some((negated, kind, unique, last)) = predicate(&toks, is) else {
                    continue;
                };
                let at = between(&toks, is, last);
                let Some(start) = is.checked_sub(1).and_then(|e| operand_start(&toks, e)) else {
                    unsupported(
                        cx,
                        at,
                        "is_json",
                        "its operand could not be told from the tokens before IS (after a comparison, IS JSON would test the comparison's boolean); rewrite it by hand",
                    );
                    continue;
                };
                let call = format!(
                    "{}{}(",
                    if negated { "NOT " } else { "" },
                    Helper::IsJson.qualified()
                );
                let tail = format!(", '{kind}', {unique})");
                let operand_end = toks[is - 1].span.end;
                if !edit(unit, Span::new(operand_end, toks[last].span.end), tail) {
                    continue;
                }
                let begin = toks[start].span.start;
                if !edit(unit, Span::new(begin, begin), call) {
                    unit.edits.pop();
                    continue;
                }
                cx.require_helper(Helper::IsJson, at);
                downgraded(
                    cx,
                    at,
                    "is_json",
                    &format!(
                        "became {}sqlport.is_json(…, '{kind}', {unique})",
                        if negated { "NOT " } else { "" }
                    ),
                );
            }
        }
    }
}

/// The predicate whose `IS` is at `is`: whether it is negated, its kind,
/// whether it asks for unique keys, and its last token.
fn predicate(toks: &[Tok<'_>], is: usize) -> Option<(bool, &'static str, bool, usize)> {
    if !toks[is].is("IS") {
        return None;
    }
    let word = |k: usize, w: &str| toks.get(k).is_some_and(|t| t.is(w));
    let mut k = is + 1;
    let negated = word(k, "NOT");
    if negated {
        k += 1;
    }
    if !word(k, "JSON") {
        return None;
    }
    let mut last = k;
    let mut kind = "VALUE";
    for w in ["VALUE", "SCALAR", "ARRAY", "OBJECT"] {
        if word(k + 1, w) {
            kind = w;
            last = k + 1;
        }
    }
    let mut unique = false;
    if (word(last + 1, "WITH") || word(last + 1, "WITHOUT")) && word(last + 2, "UNIQUE") {
        unique = word(last + 1, "WITH");
        last += 2;
        if word(last + 1, "KEYS") {
            last += 1;
        }
    }
    Some((negated, kind, unique, last))
}

/// The first token of the operand that ends at token `end`, if the tokens
/// before it show where it starts.
fn operand_start(toks: &[Tok<'_>], end: usize) -> Option<usize> {
    let mut j = end;
    loop {
        let s = primary_start(toks, j)?;
        let Some(before) = s.checked_sub(1) else {
            return Some(s);
        };
        let t = &toks[before];
        // An operator binding tighter than IS (`->`, `||`, `+`, …): its
        // characters are adjacent punctuation.
        if is_operator_char(t) && !(t.punct('=') && before > 0 && toks[before - 1].punct(':')) {
            let mut op = before;
            while op > 0
                && is_operator_char(&toks[op - 1])
                && toks[op - 1].span.end == toks[op].span.start
            {
                op -= 1;
            }
            let chars: String = (op..=before).map(|k| toks[k].text).collect();
            // `UPDATE … SET col = x IS JSON`: the assignment's `=`.
            if chars == "="
                && op >= 2
                && toks[op - 2].is("SET")
                && toks[op - 1].kind == LexemeKind::Word
            {
                return Some(s);
            }
            // A comparison binds less tightly than IS: `a = b IS JSON` tests
            // the comparison, which is no JSON text.
            if ["=", "<", ">", "<=", ">=", "<>", "!="].contains(&chars.as_str()) {
                return None;
            }
            j = op.checked_sub(1)?;
            continue;
        }
        let fits = t.punct('(')
            || t.punct(',')
            || t.punct(';')
            || (t.punct('=') && before > 0 && toks[before - 1].punct(':'))
            || BEFORE_OPERAND.iter().any(|w| t.is(w));
        return fits.then_some(s);
    }
}

/// A character of an operator that binds tighter than `IS`.
fn is_operator_char(t: &Tok<'_>) -> bool {
    matches!(
        t.kind,
        LexemeKind::Punct(
            '|' | '-' | '>' | '<' | '#' | '+' | '*' | '/' | '%' | '^' | '=' | '@' | '&' | '?'
        )
    )
}

/// The first token of the primary expression (name, literal, call,
/// parenthesised expression, cast, subscript) that ends at token `j`.
fn primary_start(toks: &[Tok<'_>], j: usize) -> Option<usize> {
    let t = &toks[j];
    let mut s = if t.punct(')') {
        let open = (0..j)
            .rev()
            .find(|&k| toks[k].body == t.body && toks[k].depth == t.depth && toks[k].punct('('))?;
        // A call: the function's name before its `(`.
        if open > 0
            && toks[open - 1].kind == LexemeKind::Word
            && !BEFORE_OPERAND.iter().any(|w| toks[open - 1].is(w))
        {
            open - 1
        } else {
            open
        }
    } else if t.punct(']') {
        let mut nesting = 0usize;
        let open = (0..j).rev().find(|&k| {
            if toks[k].punct(']') {
                nesting += 1;
            } else if toks[k].punct('[') {
                if nesting == 0 {
                    return true;
                }
                nesting -= 1;
            }
            false
        })?;
        return primary_start(toks, open.checked_sub(1)?);
    } else if t.is("END") {
        // `CASE … END`: back to its CASE, over nested ones.
        let mut nesting = 0usize;
        (0..j).rev().find(|&k| {
            let same = toks[k].body == t.body && toks[k].depth == t.depth;
            if same && toks[k].is("END") {
                nesting += 1;
            } else if same && toks[k].is("CASE") {
                if nesting == 0 {
                    return true;
                }
                nesting -= 1;
            }
            false
        })?
    } else if matches!(
        t.kind,
        LexemeKind::Word | LexemeKind::String | LexemeKind::QuotedIdent
    ) && !BEFORE_OPERAND.iter().any(|w| t.is(w))
        && !["IS", "IN", "LIKE", "BETWEEN", "AS", "FROM"]
            .iter()
            .any(|w| t.is(w))
    {
        j
    } else {
        return None;
    };
    // A qualified name: `t.col`, `s.f(…)`.
    while s >= 2
        && toks[s - 1].punct('.')
        && matches!(toks[s - 2].kind, LexemeKind::Word | LexemeKind::QuotedIdent)
    {
        s -= 2;
    }
    // A cast `x::type`: the primary is x's.
    if s >= 3 && toks[s - 1].punct(':') && toks[s - 2].punct(':') {
        return primary_start(toks, s - 3);
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "-- 检验接口报文校验：只处理合法的 JSON 对象\nSELECT msg_id, payload IS JSON OBJECT AS ok\n  FROM lab_inbound_msg\n WHERE payload IS NOT JSON ARRAY AND raw_text::text IS JSON WITH UNIQUE KEYS;\nSELECT count(*) FILTER (WHERE m.payload -> 'result' IS JSON SCALAR) FROM lab_inbound_msg m;\nCREATE FUNCTION lab_msg_valid(p_text text) RETURNS boolean LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN coalesce(p_text, '') IS JSON OBJECT WITHOUT UNIQUE KEYS;\nEND $$;\nSELECT (a = b) IS JSON, a = b IS JSON, NULL::text IS NOT JSON FROM t;\nUPDATE lab_inbound_msg SET valid = CASE WHEN device = 'XN' THEN payload ELSE raw_text END IS JSON OBJECT;\n";

    #[test]
    fn helper_call_before_16() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
    }

    #[test]
    fn kept_from_16_on() {
        let mut options = highgo(15);
        assert_ne!(crate::translate(SQL, &options).sql, SQL);
        options = options.with_target_version(Some(16));
        assert_eq!(crate::translate(SQL, &options).sql, SQL);
    }
}
