//! `pg-jsonb-subscript`: jsonb subscripting before PostgreSQL 14.
//!
//! **What it does.** A subscript chain that starts with a text key —
//! `payload['result']['value']`, `NEW.extra['insurance']` — is jsonb (or
//! hstore) subscripting (arrays take integers):
//!
//! - read: `(payload -> 'result' -> 'value')` — `->` returns what the
//!   subscript returns (jsonb for jsonb, text for hstore); later integer
//!   subscripts of the chain (`['items'][0]`) become `-> 0`;
//! - assignment, in PL/pgSQL (`v['k'] := x;`) or `UPDATE … SET col['k'] = x`:
//!   `v := jsonb_set(coalesce(v, '{}'), ARRAY['k'], x)`. `coalesce` because
//!   subscript assignment treats a NULL jsonb as an empty object, and
//!   `jsonb_set` adds a missing last key as subscript assignment does.
//!
//! **Why.** jsonb subscripting arrives in PostgreSQL 14.
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! SELECT payload['result']['value'] FROM lab_message;
//! SELECT (payload -> 'result' -> 'value') FROM lab_message;
//! v_msg['status'] := '"final"';
//! v_msg := jsonb_set(coalesce(v_msg, '{}'), ARRAY['status'], '"final"');
//! ```
//!
//! An `UPDATE … SET col['k'] = x` is not read by sqlparser (`SP0101`); it is
//! rewritten all the same, by its tokens.
//!
//! **Findings.** `SP0480` (info) at each rewrite; `SP0245` (error) for an
//! assignment through more than one subscript (`v['a']['b'] := x`), which
//! creates the missing intermediate objects where `jsonb_set` does not.

use super::{
    Context, Pass, Tok, between, downgraded, edit, is_assign, missing, unit_tokens, unsupported,
};
use crate::source::{LexemeKind, Span};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonbSubscript;

impl Pass for JsonbSubscript {
    fn name(&self) -> &'static str {
        "pg-jsonb-subscript"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, "jsonb_subscripting") {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            for i in 1..toks.len() {
                if !starts_chain(&toks, i) {
                    continue;
                }
                let Some(base) = base_start(&toks, i - 1) else {
                    continue;
                };
                let groups = chain(&toks, i);
                let Some(&(_, last)) = groups.last() else {
                    continue;
                };
                let base_text = Span::new(toks[base].span.start, toks[i - 1].span.end).slice(text);
                let chain_span = between(&toks, i, last);
                let keys: Vec<String> = groups
                    .iter()
                    .map(|&(a, b)| {
                        if b == a + 2 {
                            toks[a + 1].text.to_string()
                        } else {
                            format!(
                                "({})",
                                Span::new(toks[a + 1].span.start, toks[b - 1].span.end).slice(text)
                            )
                        }
                    })
                    .collect();
                match assignment(&toks, base, last) {
                    Some((value_start, value_end)) => {
                        if groups.len() > 1 {
                            unsupported(
                                cx,
                                Span::new(toks[base].span.start, toks[last].span.end),
                                "jsonb_subscripting",
                                "an assignment through several subscripts creates missing intermediate objects; jsonb_set does not (write the nested jsonb_set calls by hand)",
                            );
                            continue;
                        }
                        let value = between(&toks, value_start, value_end);
                        let ok = edit(unit, chain_span, "")
                            && edit(
                                unit,
                                Span::empty(value.start),
                                format!(
                                    "jsonb_set(coalesce({base_text}, '{{}}'), ARRAY[{}], ",
                                    keys[0]
                                ),
                            )
                            && edit(unit, Span::empty(value.end), ")");
                        if ok {
                            downgraded(
                                cx,
                                Span::new(toks[base].span.start, toks[last].span.end),
                                "jsonb_subscripting",
                                "the subscript assignment became jsonb_set(coalesce(…, '{}'), …)",
                            );
                        }
                    }
                    None => {
                        let arrows: String = keys.iter().map(|k| format!(" -> {k}")).collect();
                        if edit(unit, Span::empty(toks[base].span.start), "(")
                            && edit(unit, chain_span, format!("{arrows})"))
                        {
                            downgraded(
                                cx,
                                Span::new(toks[base].span.start, toks[last].span.end),
                                "jsonb_subscripting",
                                "the subscript became the -> operator",
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Whether a `['text key']` subscript starts at `i`, not continuing a chain.
fn starts_chain(toks: &[Tok<'_>], i: usize) -> bool {
    let prev = &toks[i - 1];
    toks[i].punct('[')
        && toks
            .get(i + 1)
            .is_some_and(|t| t.kind == LexemeKind::String)
        && toks.get(i + 2).is_some_and(|t| t.punct(']'))
        && prev.span.end == toks[i].span.start
        && (matches!(prev.kind, LexemeKind::QuotedIdent | LexemeKind::Punct(')'))
            || (prev.kind == LexemeKind::Word && !prev.is("ARRAY")))
}

/// The `[ … ]` groups of the chain starting at `i`: (open, close) indexes.
fn chain(toks: &[Tok<'_>], i: usize) -> Vec<(usize, usize)> {
    let mut groups = Vec::new();
    let mut at = i;
    while toks.get(at).is_some_and(|t| t.punct('[')) {
        let Some(close) = (at + 1..toks.len()).find(|&k| toks[k].punct(']')) else {
            break;
        };
        // A slice (`[1:2]`) or a nested bracket is not a key.
        if close == at + 1
            || toks[at + 1..close]
                .iter()
                .any(|t| t.punct(':') || t.punct('['))
        {
            break;
        }
        groups.push((at, close));
        at = close + 1;
    }
    groups
}

/// The first token of the expression subscripted, which ends at `end`.
fn base_start(toks: &[Tok<'_>], end: usize) -> Option<usize> {
    let mut k = end;
    if toks[k].punct(')') {
        k = (0..k).rev().find(|&j| {
            toks[j].punct('(') && toks[j].depth == toks[end].depth && toks[j].body == toks[end].body
        })?;
        // A function's name is written against its `(`; a keyword before a
        // parenthesized expression (`SELECT (x)['k']`) is not part of it.
        if k > 0
            && toks[k - 1].kind == LexemeKind::Word
            && toks[k - 1].span.end == toks[k].span.start
        {
            k -= 1;
        } else {
            return Some(k);
        }
    }
    while k >= 2
        && toks[k - 1].punct('.')
        && matches!(toks[k - 2].kind, LexemeKind::Word | LexemeKind::QuotedIdent)
    {
        k -= 2;
    }
    Some(k)
}

/// For an assignment to the chain ending at `last`: the first and last token
/// of the value assigned.
fn assignment(toks: &[Tok<'_>], base: usize, last: usize) -> Option<(usize, usize)> {
    let (depth, body) = (toks[base].depth, toks[base].body);
    let level = |k: usize| toks[k].depth == depth && toks[k].body == body;
    let before = base.checked_sub(1).map(|k| &toks[k]);
    let statement_start = before.is_none_or(|t| {
        t.punct(';')
            || ["BEGIN", "THEN", "ELSE", "LOOP", "DECLARE"]
                .iter()
                .any(|w| t.is(w))
    });
    let value_start = if is_assign(toks, last + 1) {
        last + 3
    } else if toks.get(last + 1).is_some_and(|t| t.punct('=')) {
        let in_set = (0..base).rev().filter(|&k| level(k)).find_map(|k| {
            let t = &toks[k];
            if t.is("SET") {
                Some(true)
            } else if t.punct(';')
                || ["WHERE", "FROM", "RETURNING", "SELECT", "VALUES"]
                    .iter()
                    .any(|w| t.is(w))
            {
                Some(false)
            } else {
                None
            }
        });
        if in_set == Some(true) || (body > 0 && statement_start) {
            last + 2
        } else {
            return None;
        }
    } else {
        return None;
    };
    let stop = (value_start..toks.len())
        .find(|&k| {
            toks[k].body != body
                || toks[k].depth < depth
                || (level(k)
                    && (toks[k].punct(';')
                        || toks[k].punct(',')
                        || ["WHERE", "FROM", "RETURNING"].iter().any(|w| toks[k].is(w))))
        })
        .unwrap_or(toks.len());
    (stop > value_start).then(|| (value_start, stop - 1))
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "SELECT payload['result']['value'] AS v, payload['items'][0] FROM lab_message WHERE payload['status'] = '\"final\"';\nUPDATE lab_message SET payload['status'] = '\"read\"', read_at = now() WHERE msg_id = 1;\nCREATE FUNCTION fn_mark(p_msg jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$\nDECLARE\n    v jsonb := p_msg;\nBEGIN\n    v['status'] := to_jsonb('done'::text);\n    v['audit']['by'] := '\"lis\"';\n    RETURN v;\nEND $$;\nSELECT ARRAY['CBC'], codes[1] FROM lab_request;\nSELECT ('{\"a\": 1}'::jsonb)['a'], coalesce(payload, '{}')['k'] FROM lab_message;\n";

    #[test]
    fn arrows_and_jsonb_set_before_14() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
        assert_eq!(crate::translate(SQL, &highgo(14)).sql, SQL);
    }
}
