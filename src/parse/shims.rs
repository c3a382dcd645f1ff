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
    let listed = alter_lists(text, syntax);
    let text = listed.as_deref().unwrap_or(text);
    let typed = shim_types(text, syntax).or(listed.clone());
    let base = typed.as_deref().unwrap_or(text);
    shim_forms(base, syntax).or(typed)
}

/// Oracle's `ALTER TABLE t ADD (c1 …, c2 …)` and `MODIFY (c1 …, c2 …)` as
/// the equivalent list of actions sqlparser reads, `ADD c1 …, ADD c2 …`.
/// (Not written back: both forms mean the same, and a reprint is in the
/// target's form.)
fn alter_lists(text: &str, syntax: ScriptSyntax) -> Option<String> {
    let lexemes: Vec<_> = Lexer::new(text, 0, syntax)
        .filter(|l| !l.kind.is_trivia())
        .collect();
    let word = |k: usize, w: &str| {
        lexemes.get(k).is_some_and(|l| {
            l.kind == LexemeKind::Word && l.span.slice(text).eq_ignore_ascii_case(w)
        })
    };
    if !(word(0, "ALTER") && word(1, "TABLE")) {
        return None;
    }
    let mut out = String::new();
    let mut copied = 0usize;
    let mut k = 2;
    while k < lexemes.len() {
        let action = if word(k, "ADD") {
            "ADD"
        } else if word(k, "MODIFY") {
            "MODIFY"
        } else {
            k += 1;
            continue;
        };
        if lexemes.get(k + 1).map(|l| l.kind) != Some(LexemeKind::Punct('(')) {
            k += 1;
            continue;
        }
        // The list: drop its parentheses, repeat the action after each
        // depth-one comma.
        let open = k + 1;
        let mut depth = 0usize;
        let mut close = None;
        let mut commas = Vec::new();
        for (j, l) in lexemes.iter().enumerate().skip(open) {
            match l.kind {
                LexemeKind::Punct('(') => depth += 1,
                LexemeKind::Punct(')') => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(j);
                        break;
                    }
                }
                LexemeKind::Punct(',') if depth == 1 => commas.push(j),
                _ => {}
            }
        }
        let close = close?;
        out.push_str(&text[copied..lexemes[open].span.start]);
        let mut from = lexemes[open].span.end;
        for &c in &commas {
            out.push_str(&text[from..lexemes[c].span.end]);
            out.push(' ');
            out.push_str(action);
            from = lexemes[c].span.end;
        }
        out.push_str(&text[from..lexemes[close].span.start]);
        copied = lexemes[close].span.end;
        k = close + 1;
    }
    let listed = if copied == 0 {
        text.to_string()
    } else {
        out.push_str(&text[copied..]);
        out
    };
    same_type(&listed, syntax).or((copied != 0).then_some(listed))
}

/// `MODIFY c DEFAULT …` / `MODIFY c NOT NULL` / `MODIFY c NULL` change a
/// column without naming its type; sqlparser needs one: `SQLPORT_SAME_TYPE`
/// stands in (written back as nothing).
fn same_type(text: &str, syntax: ScriptSyntax) -> Option<String> {
    let lexemes: Vec<_> = Lexer::new(text, 0, syntax)
        .filter(|l| !l.kind.is_trivia())
        .collect();
    let word = |k: usize, w: &str| {
        lexemes.get(k).is_some_and(|l| {
            l.kind == LexemeKind::Word && l.span.slice(text).eq_ignore_ascii_case(w)
        })
    };
    let mut out = String::new();
    let mut copied = 0usize;
    for k in 0..lexemes.len() {
        let typeless = word(k, "MODIFY")
            && matches!(
                lexemes.get(k + 1).map(|l| l.kind),
                Some(LexemeKind::Word | LexemeKind::QuotedIdent)
            )
            && (word(k + 2, "DEFAULT") || word(k + 2, "NOT") || word(k + 2, "NULL"));
        if typeless {
            let name_end = lexemes[k + 1].span.end;
            out.push_str(&text[copied..name_end]);
            out.push_str(" SQLPORT_SAME_TYPE");
            copied = name_end;
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// Oracle types sqlparser does not read, as placeholder types it reads as
/// custom types (see [`unshim_types`] for the way back):
///
/// | source form | placeholder form |
/// |---|---|
/// | `LONG RAW` | `SQLPORT_LONG_RAW` |
/// | `INTERVAL YEAR[(p)] TO MONTH` | `SQLPORT_INTERVAL_YM[(p)]` |
/// | `INTERVAL DAY[(p)] TO SECOND[(s)]` | `SQLPORT_INTERVAL_DS(p\|X, s\|X)` |
/// | `TIMESTAMP[(p)] WITH LOCAL TIME ZONE` | `SQLPORT_TIMESTAMP_LTZ[(p)]` |
/// | `NUMBER(*[, s])` | `SQLPORT_NUMBER_STAR[(s)]` |
/// | `CHAR(n CHAR\|BYTE)` | `SQLPORT_CHAR(n, CHAR\|BYTE)` |
/// | DM `INT\|BIGINT IDENTITY(seed, step)` | `SQLPORT_IDENTITY_INT\|BIGINT(seed, step)` |
fn shim_types(text: &str, syntax: ScriptSyntax) -> Option<String> {
    let lexemes: Vec<_> = Lexer::new(text, 0, syntax)
        .filter(|l| !l.kind.is_trivia())
        .collect();
    let raw = |k: usize| lexemes.get(k).map_or("", |l| l.span.slice(text));
    let word = |k: usize, w: &str| {
        lexemes
            .get(k)
            .is_some_and(|l| l.kind == LexemeKind::Word && raw(k).eq_ignore_ascii_case(w))
    };
    let punct = |k: usize, c: char| {
        lexemes
            .get(k)
            .is_some_and(|l| l.kind == LexemeKind::Punct(c))
    };
    let number = |k: usize| {
        lexemes.get(k).is_some_and(|l| {
            l.kind == LexemeKind::Word && raw(k).bytes().all(|b| b.is_ascii_digit())
        })
    };
    // `( n )` at k: the number and the index after it.
    let precision = |k: usize| {
        (punct(k, '(') && number(k + 1) && punct(k + 2, ')')).then(|| (raw(k + 1), k + 3))
    };
    let mut out = String::new();
    let mut copied = 0usize;
    let mut k = 0usize;
    while k < lexemes.len() {
        let replaced: Option<(String, usize)> = if word(k, "LONG") && word(k + 1, "RAW") {
            Some(("SQLPORT_LONG_RAW".to_string(), k + 2))
        } else if word(k, "INTERVAL") && (word(k + 1, "YEAR") || word(k + 1, "DAY")) {
            let year = word(k + 1, "YEAR");
            let (lead, after) = precision(k + 2).map_or(("X", k + 2), |(p, e)| (p, e));
            let unit = if year { "MONTH" } else { "SECOND" };
            if word(after, "TO") && word(after + 1, unit) {
                let (frac, end) = precision(after + 2).map_or(("X", after + 2), |(p, e)| (p, e));
                let placeholder = if year {
                    match lead {
                        "X" => "SQLPORT_INTERVAL_YM".to_string(),
                        p => format!("SQLPORT_INTERVAL_YM({p})"),
                    }
                } else {
                    format!("SQLPORT_INTERVAL_DS({lead}, {frac})")
                };
                Some((placeholder, if year { after + 2 } else { end }))
            } else {
                None
            }
        } else if word(k, "TIMESTAMP") {
            let (p, after) = precision(k + 1).map_or(("", k + 1), |(p, e)| (p, e));
            (word(after, "WITH")
                && word(after + 1, "LOCAL")
                && word(after + 2, "TIME")
                && word(after + 3, "ZONE"))
            .then(|| {
                let args = if p.is_empty() {
                    String::new()
                } else {
                    format!("({p})")
                };
                (format!("SQLPORT_TIMESTAMP_LTZ{args}"), after + 4)
            })
        } else if word(k, "NUMBER") && punct(k + 1, '(') && punct(k + 2, '*') {
            if punct(k + 3, ')') {
                Some(("SQLPORT_NUMBER_STAR".to_string(), k + 4))
            } else if punct(k + 3, ',') && number(k + 4) && punct(k + 5, ')') {
                Some((format!("SQLPORT_NUMBER_STAR({})", raw(k + 4)), k + 6))
            } else {
                None
            }
        } else if (word(k, "INT") || word(k, "INTEGER") || word(k, "BIGINT"))
            && word(k + 1, "IDENTITY")
            && punct(k + 2, '(')
            && number(k + 3)
            && punct(k + 4, ',')
            && number(k + 5)
            && punct(k + 6, ')')
        {
            // DM's identity column (read back from sqlport's own Dameng output).
            Some((
                format!(
                    "SQLPORT_IDENTITY_{}({}, {})",
                    raw(k).to_ascii_uppercase(),
                    raw(k + 3),
                    raw(k + 5)
                ),
                k + 7,
            ))
        } else if word(k, "CHAR")
            && punct(k + 1, '(')
            && number(k + 2)
            && (word(k + 3, "CHAR") || word(k + 3, "BYTE"))
            && punct(k + 4, ')')
        {
            Some((
                format!(
                    "SQLPORT_CHAR({}, {})",
                    raw(k + 2),
                    raw(k + 3).to_ascii_uppercase()
                ),
                k + 5,
            ))
        } else {
            None
        };
        match replaced {
            Some((placeholder, end)) => {
                out.push_str(&text[copied..lexemes[k].span.start]);
                out.push_str(&placeholder);
                copied = lexemes[end - 1].span.end;
                k = end;
            }
            None => k += 1,
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// `printed` with the type placeholders of [`shim_types`] written back.
fn unshim_types(printed: &str) -> String {
    let mut out = String::with_capacity(printed.len());
    let mut rest = printed;
    while let Some(at) = rest.find("SQLPORT_") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let name_len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        let name = &tail[..name_len];
        let after = &tail[name_len..];
        let (args, used): (Vec<&str>, usize) = match after.strip_prefix('(') {
            Some(inner) => match inner.find(')') {
                Some(close) => (
                    inner[..close].split(',').map(str::trim).collect(),
                    name_len + close + 2,
                ),
                None => (Vec::new(), name_len),
            },
            None => (Vec::new(), name_len),
        };
        let paren = |a: &str| {
            if a == "X" || a.is_empty() {
                String::new()
            } else {
                format!("({a})")
            }
        };
        let back = match (name, args.as_slice()) {
            ("SQLPORT_LONG_RAW", []) => Some("LONG RAW".to_string()),
            ("SQLPORT_INTERVAL_YM", []) => Some("INTERVAL YEAR TO MONTH".to_string()),
            ("SQLPORT_INTERVAL_YM", [p]) => Some(format!("INTERVAL YEAR({p}) TO MONTH")),
            ("SQLPORT_INTERVAL_DS", [p, s]) => {
                Some(format!("INTERVAL DAY{} TO SECOND{}", paren(p), paren(s)))
            }
            ("SQLPORT_TIMESTAMP_LTZ", []) => Some("TIMESTAMP WITH LOCAL TIME ZONE".to_string()),
            ("SQLPORT_TIMESTAMP_LTZ", [p]) => Some(format!("TIMESTAMP({p}) WITH LOCAL TIME ZONE")),
            ("SQLPORT_NUMBER_STAR", []) => Some("NUMBER(*)".to_string()),
            ("SQLPORT_NUMBER_STAR", [s]) => Some(format!("NUMBER(*, {s})")),
            ("SQLPORT_CHAR", [n, unit]) => Some(format!("CHAR({n} {unit})")),
            ("SQLPORT_IDENTITY_INT", [a, b]) => Some(format!("INT IDENTITY({a}, {b})")),
            ("SQLPORT_IDENTITY_INTEGER", [a, b]) => Some(format!("INTEGER IDENTITY({a}, {b})")),
            ("SQLPORT_IDENTITY_BIGINT", [a, b]) => Some(format!("BIGINT IDENTITY({a}, {b})")),
            ("SQLPORT_SAME_TYPE", []) => Some(String::new()),
            _ => None,
        };
        match back {
            Some(b) => {
                out.push_str(&b);
                rest = &tail[used..];
            }
            None => {
                out.push_str(name);
                rest = &tail[name_len..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn shim_forms(text: &str, syntax: ScriptSyntax) -> Option<String> {
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
    let typed = unshim_types(printed);
    let printed = typed.as_str();
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
        let types = [
            (
                "CREATE TABLE t (a LONG RAW, b INTERVAL YEAR(4) TO MONTH, c INTERVAL DAY TO SECOND(3))",
                "CREATE TABLE t (a SQLPORT_LONG_RAW, b SQLPORT_INTERVAL_YM(4), c SQLPORT_INTERVAL_DS(X, 3))",
            ),
            (
                "CREATE TABLE t (d TIMESTAMP(6) WITH LOCAL TIME ZONE, e NUMBER(*, 0), f CHAR(10 CHAR), g INTERVAL YEAR TO MONTH)",
                "CREATE TABLE t (d SQLPORT_TIMESTAMP_LTZ(6), e SQLPORT_NUMBER_STAR(0), f SQLPORT_CHAR(10, CHAR), g SQLPORT_INTERVAL_YM)",
            ),
        ];
        for (source, shimmed) in types {
            assert_eq!(
                shim(source, ScriptSyntax::SqlPlus).as_deref(),
                Some(shimmed)
            );
            assert_eq!(unshim(shimmed), source);
        }
        assert_eq!(
            shim(
                "ALTER TABLE op_reg ADD (memo VARCHAR2(200), fee NUMBER(10,2) DEFAULT 0 NOT NULL)",
                ScriptSyntax::SqlPlus
            )
            .as_deref(),
            Some(
                "ALTER TABLE op_reg ADD memo VARCHAR2(200), ADD fee NUMBER(10,2) DEFAULT 0 NOT NULL"
            )
        );
        // A literal is not a type.
        assert_eq!(
            shim("SELECT INTERVAL '1' DAY FROM dual", ScriptSyntax::SqlPlus),
            None
        );
        assert_eq!(
            unshim("SELECT 'SQLPORT_ALL' FROM t"),
            "SELECT 'SQLPORT_ALL' FROM t"
        );
    }
}
