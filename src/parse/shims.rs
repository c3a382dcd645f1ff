//! Shims: a few source forms sqlparser does not read are rewritten, before a
//! second reading, into placeholder forms it does read — and written back
//! by [`unshim`] whenever a statement or expression is printed from its AST:
//!
//! | source form | placeholder form |
//! |---|---|
//! | PostgreSQL `f(VARIADIC arr)` | `f(SQLPORT_VARIADIC(arr))` |
//! | PostgreSQL `(row_value).*` | `(row_value).SQLPORT_ALL` |
//! | Oracle `(SELF AS supertype).m()` | `SQLPORT_AS(SELF, supertype).m()` |
//!
//! A rewrite pass that meets a placeholder call in the AST sees the source
//! form's meaning in its name. Shims are tried only after a plain reading
//! failed, so text sqlparser reads is never touched.

use crate::source::{LexemeKind, Lexer, ScriptSyntax};

const VARIADIC: &str = "SQLPORT_VARIADIC";
const ALL: &str = "SQLPORT_ALL";
const AS: &str = "SQLPORT_AS";

/// `text` with the shimmed forms rewritten; `None` when it has none.
pub fn shim(text: &str, syntax: ScriptSyntax) -> Option<String> {
    let lexemes: Vec<_> = Lexer::new(text, 0, syntax).collect();
    let significant: Vec<usize> = (0..lexemes.len())
        .filter(|&i| !lexemes[i].kind.is_trivia())
        .collect();
    let kind = |k: usize| significant.get(k).map(|&i| lexemes[i].kind);
    let word = |k: usize, w: &str| {
        significant.get(k).is_some_and(|&i| {
            lexemes[i].kind == LexemeKind::Word
                && lexemes[i].span.slice(text).eq_ignore_ascii_case(w)
        })
    };
    let mut out = String::with_capacity(text.len() + 32);
    let mut changed = false;
    let mut depth = 0usize;
    // Depths at which an inserted `SQLPORT_VARIADIC(` must be closed.
    let mut open_variadic: Vec<usize> = Vec::new();
    let mut skip_until = 0usize; // significant index before which lexemes are consumed
    let mut k = 0usize; // index into `significant` of the next significant lexeme
    let mut glue = false; // drop the whitespace right after an inserted `(`
    for lexeme in &lexemes {
        let raw = lexeme.span.slice(text);
        if lexeme.kind.is_trivia() {
            if k >= skip_until && !(glue && lexeme.kind == LexemeKind::Whitespace) {
                out.push_str(raw);
            }
            continue;
        }
        glue = false;
        let this = k;
        k += 1;
        if this < skip_until {
            continue;
        }
        match lexeme.kind {
            // An argument list closes: close a pending VARIADIC first.
            LexemeKind::Punct(',' | ')') if open_variadic.last() == Some(&depth) => {
                open_variadic.pop();
                out.push(')');
                if lexeme.kind == LexemeKind::Punct(')') {
                    depth = depth.saturating_sub(1);
                }
                out.push_str(raw);
                continue;
            }
            LexemeKind::Word
                if raw.eq_ignore_ascii_case("VARIADIC")
                    && matches!(
                        this.checked_sub(1).and_then(kind),
                        Some(LexemeKind::Punct('(' | ','))
                    ) =>
            {
                out.push_str(VARIADIC);
                out.push('(');
                open_variadic.push(depth);
                changed = true;
                glue = true;
                continue;
            }
            // `).*` → `).SQLPORT_ALL`
            LexemeKind::Punct(')')
                if kind(this + 1) == Some(LexemeKind::Punct('.'))
                    && kind(this + 2) == Some(LexemeKind::Punct('*')) =>
            {
                depth = depth.saturating_sub(1);
                out.push_str(").");
                out.push_str(ALL);
                skip_until = this + 3;
                changed = true;
                continue;
            }
            // `( a AS b ).` → `SQLPORT_AS(a, b).`
            LexemeKind::Punct('(')
                if matches!(kind(this + 1), Some(LexemeKind::Word))
                    && word(this + 2, "AS")
                    && matches!(
                        kind(this + 3),
                        Some(LexemeKind::Word | LexemeKind::QuotedIdent)
                    )
                    && kind(this + 4) == Some(LexemeKind::Punct(')'))
                    && kind(this + 5) == Some(LexemeKind::Punct('.'))
                    && !matches!(this.checked_sub(1).and_then(kind), Some(LexemeKind::Word)) =>
            {
                let a = lexemes[significant[this + 1]].span.slice(text);
                let b = lexemes[significant[this + 3]].span.slice(text);
                out.push_str(&format!("{AS}({a}, {b})"));
                skip_until = this + 5;
                changed = true;
                continue;
            }
            LexemeKind::Punct('(' | '[') => depth += 1,
            LexemeKind::Punct(')' | ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push_str(raw);
    }
    changed.then_some(out)
}

/// `printed` with every placeholder form written back in its source form.
pub fn unshim(printed: &str) -> String {
    if !printed.contains("SQLPORT_") && !printed.contains("sqlport_") {
        return printed.to_string();
    }
    let lexemes: Vec<_> = Lexer::new(printed, 0, ScriptSyntax::Psql).collect();
    let mut out = String::with_capacity(printed.len());
    // For each open parenthesis: what its closing one becomes, and whether
    // its first depth-one comma becomes ` AS`.
    let mut parens: Vec<(bool, bool)> = Vec::new();
    let mut i = 0;
    while i < lexemes.len() {
        let l = &lexemes[i];
        let raw = l.span.slice(printed);
        let next_is_paren = lexemes
            .get(i + 1)
            .is_some_and(|n| n.kind == LexemeKind::Punct('('));
        match l.kind {
            LexemeKind::Word if raw.eq_ignore_ascii_case(VARIADIC) && next_is_paren => {
                out.push_str("VARIADIC ");
                parens.push((true, false));
                i += 2;
                continue;
            }
            LexemeKind::Word if raw.eq_ignore_ascii_case(AS) && next_is_paren => {
                out.push('(');
                parens.push((false, true));
                i += 2;
                continue;
            }
            LexemeKind::Word if raw.eq_ignore_ascii_case(ALL) => out.push('*'),
            LexemeKind::Punct('(') => {
                parens.push((false, false));
                out.push('(');
            }
            LexemeKind::Punct(')') => {
                let (drop, _) = parens.pop().unwrap_or((false, false));
                if !drop {
                    out.push(')');
                }
            }
            LexemeKind::Punct(',') if parens.last().is_some_and(|p| p.1) => {
                out.push_str(" AS");
                if let Some(p) = parens.last_mut() {
                    p.1 = false;
                }
            }
            _ => out.push_str(raw),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shims_and_their_inverse() {
        let cases = [
            (
                ScriptSyntax::Psql,
                "SELECT fn_sum(VARIADIC v_row) > 600, f(1, VARIADIC ARRAY[1, 2])",
                "SELECT fn_sum(SQLPORT_VARIADIC(v_row)) > 600, f(1, SQLPORT_VARIADIC(ARRAY[1, 2]))",
            ),
            (
                ScriptSyntax::Psql,
                "SELECT (fn_split(o.id, o.qty)).* FROM o",
                "SELECT (fn_split(o.id, o.qty)).SQLPORT_ALL FROM o",
            ),
            (
                ScriptSyntax::SqlPlus,
                "(SELF AS t_nur_task).describe() || ' 输液'",
                "SQLPORT_AS(SELF, t_nur_task).describe() || ' 输液'",
            ),
        ];
        for (syntax, source, shimmed) in cases {
            assert_eq!(shim(source, syntax).as_deref(), Some(shimmed));
            assert_eq!(unshim(shimmed), source);
        }
        assert_eq!(shim("SELECT f(a) FROM t", ScriptSyntax::Psql), None);
        assert_eq!(
            unshim("SELECT 'SQLPORT_ALL' FROM t"),
            "SELECT 'SQLPORT_ALL' FROM t"
        );
    }
}
