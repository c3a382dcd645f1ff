//! `format-calls`: PostgreSQL's `format()` with a constant format string
//! becomes a `||` concatenation.
//!
//! **What it does.** `format('…', a, b, …)` whose first argument is a string
//! literal using only `%s`, `%I`, `%L` and `%%` (positions `%2$s` included,
//! no width or `-` flag) is replaced by its pieces joined with `||`:
//! the literal text between the placeholders, `%s` → the argument, `%I` →
//! the argument (a name, unquoted), `%L` → the argument as a quoted literal,
//! `NVL2(a, '''' || REPLACE(a, '''', CHR(39) || CHR(39)) || '''', 'NULL')`. Any other
//! call of `format()` is reported: in `EXECUTE` as `SP0219`, elsewhere as
//! `SP0213`.
//!
//! **Why.** DM8 has no `format()` (it is PostgreSQL's); HIS code uses it for
//! messages (`RAISE … USING DETAIL = format(…)`, `ASSERT …, format(…)`) and
//! to build dynamic SQL (`EXECUTE format('… %I …', t)`). The placeholders
//! are positional text substitutions, so a constant format string is
//! resolved exactly at translation time. What the concatenation cannot keep
//! is PostgreSQL's text form of each value: DM converts numbers and dates
//! with its own defaults (`12.50` may print `12.5`, a timestamp follows
//! `NLS_TIMESTAMP_FORMAT`), and `%I` quoted names that need quotes — the
//! warning says so.
//!
//! **Example.**
//! ```sql
//! RAISE EXCEPTION USING DETAIL = format('库存 %s 低于下限 %s', NEW.qty, NEW.min_qty);
//! -- DM: … '库存 ' || :NEW.qty || ' 低于下限 ' || :NEW.min_qty
//! EXECUTE format('SELECT count(*) FROM %I WHERE status = $1', p_table) USING 'F';
//! -- DM: EXECUTE IMMEDIATE 'SELECT count(*) FROM ' || p_table || ' WHERE status = :1' USING 'F';
//! ```
//!
//! **Findings.** `SP0302` (warning) for each rewritten call; `SP0219`
//! (error) for `EXECUTE format(…)` it cannot resolve, `SP0213` (error) for
//! other such calls.

use sqlparser::ast::{
    BinaryOperator, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Value,
};

use super::{ora_call, text_literal};
use crate::ast::Script;
use crate::ast::procedural::StmtKind;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::expressions_at;
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct FormatCalls;

impl Pass for FormatCalls {
    fn name(&self) -> &'static str {
        "format-calls"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            let executed = executed_spans(unit);
            let mut findings = Vec::new();
            expressions_at(unit, &mut |e, origin| {
                if !is_format_call(e) {
                    return false;
                }
                let span = origin.locate(text, e);
                match concatenation(e) {
                    Some(new) => {
                        *e = new;
                        findings.push(Finding::new(
                            Code::SP0302,
                            span,
                            "format() with a constant format string rewritten as a || concatenation",
                        ));
                        true
                    }
                    None => {
                        let in_execute = executed.iter().any(|x| x.contains(span.start));
                        findings.push(if in_execute {
                            Finding::new(
                                Code::SP0219,
                                span,
                                "EXECUTE format(…) with a format string sqlport cannot resolve (not a literal, a width or `-` flag, VARIADIC, or too few arguments): build the statement with || and bind values with USING",
                            )
                        } else {
                            Finding::new(
                                Code::SP0213,
                                span,
                                "format() with a format string sqlport cannot resolve: build the text with || (and TO_CHAR for numbers and dates)",
                            )
                        });
                        false
                    }
                }
            });
            cx.findings.extend(findings);
        }
    }
}

/// The spans of the SQL expressions of the unit's `EXECUTE` statements.
fn executed_spans(unit: &mut crate::ast::Unit) -> Vec<Span> {
    use crate::ast::visit::{VisitMut, walk_program};
    struct Executed(Vec<Span>);
    impl VisitMut for Executed {
        fn statements(&mut self, stmts: &mut Vec<crate::ast::procedural::Stmt>) {
            for s in stmts {
                if let StmtKind::ExecuteImmediate { sql, .. } = &s.kind {
                    self.0.push(sql.span);
                }
            }
        }
    }
    let mut v = Executed(Vec::new());
    if let crate::ast::Content::Program(program) = &mut unit.content {
        walk_program(&mut v, program);
    }
    v.0
}

/// Whether `e` calls `format` (or `pg_catalog.format`).
fn is_format_call(e: &Expr) -> bool {
    let Expr::Function(f) = e else {
        return false;
    };
    let parts = &f.name.0;
    let last = parts
        .last()
        .and_then(|p| p.as_ident())
        .map(|i| i.value.to_ascii_lowercase());
    last.as_deref() == Some("format")
        && match parts.len() {
            1 => true,
            2 => parts[0]
                .as_ident()
                .is_some_and(|i| i.value.eq_ignore_ascii_case("pg_catalog")),
            _ => false,
        }
}

/// One piece of a format string.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Text copied as it is.
    Text(String),
    /// A placeholder: its kind (`s`, `I`, `L`) and the argument (0-based,
    /// after the format string).
    Value(char, usize),
}

/// The pieces of a format string; `None` for what it does not resolve
/// (a width, the `-` flag, an unknown conversion, a dangling `%`).
fn pieces(format: &str) -> Option<Vec<Piece>> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut next = 0usize;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            text.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            text.push('%');
            continue;
        }
        // `%n$…`: an explicit (1-based) position.
        let mut digits = String::new();
        while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
            digits.push(d);
            chars.next();
        }
        let index = if digits.is_empty() {
            next
        } else {
            if chars.next() != Some('$') {
                return None; // a width
            }
            digits.parse::<usize>().ok()?.checked_sub(1)?
        };
        let kind = chars.next()?;
        if !matches!(kind, 's' | 'I' | 'L') {
            return None;
        }
        if !text.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut text)));
        }
        out.push(Piece::Value(kind, index));
        next = index + 1;
    }
    if !text.is_empty() || out.is_empty() {
        out.push(Piece::Text(text));
    }
    Some(out)
}

/// The `||` concatenation a `format()` call means, if it can be resolved.
fn concatenation(call: &Expr) -> Option<Expr> {
    let Expr::Function(f) = call else {
        return None;
    };
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    if list.duplicate_treatment.is_some() || !list.clauses.is_empty() {
        return None;
    }
    let mut args = Vec::new();
    for a in &list.args {
        match a {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => args.push(e),
            _ => return None,
        }
    }
    let (format, values) = args.split_first()?;
    let format = match format {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => s.clone(),
            _ => return None,
        },
        _ => return None,
    };
    let pieces = pieces(&format)?;
    let mut parts = Vec::new();
    for piece in pieces {
        parts.push(match piece {
            Piece::Text(t) => text_literal(&t),
            Piece::Value(kind, index) => {
                // `VARIADIC arr` passes the values in one array.
                let value = *values.get(index)?;
                if matches!(value, Expr::Array(_)) {
                    return None;
                }
                match kind {
                    'L' => quoted(value)?,
                    _ => operand(value),
                }
            }
        });
    }
    let mut parts = parts.into_iter();
    let first = parts.next()?;
    Some(parts.fold(first, |left, right| Expr::BinaryOp {
        left: Box::new(left),
        op: BinaryOperator::StringConcat,
        right: Box::new(right),
    }))
}

/// `value` as an operand of `||` (parenthesised unless it binds tighter).
fn operand(value: &Expr) -> Expr {
    match value {
        Expr::BinaryOp {
            op: BinaryOperator::StringConcat,
            ..
        } => value.clone(),
        other => super::atom_or_nested(other),
    }
}

/// `%L`: the value as a quoted SQL literal, `NULL` unquoted:
/// `NVL2(v, '''' || REPLACE(v, '''', CHR(39) || CHR(39)) || '''', 'NULL')`.
fn quoted(value: &Expr) -> Option<Expr> {
    let v = operand(value);
    let lit = |s: &str| Expr::Value(Value::SingleQuotedString(s.to_string()).into());
    let concat = |left: Expr, right: Expr| Expr::BinaryOp {
        left: Box::new(left),
        op: BinaryOperator::StringConcat,
        right: Box::new(right),
    };
    // Two quotes as CHR(39) || CHR(39): sqlparser prints a literal holding
    // `''` as one escaped quote.
    let quote = || {
        ora_call(
            "CHR",
            vec![Expr::value(sqlparser::ast::Value::Number(
                "39".into(),
                false,
            ))],
        )
    };
    let doubled = ora_call(
        "REPLACE",
        vec![v.clone(), lit("'"), concat(quote()?, quote()?)],
    )?;
    let literal = concat(concat(lit("'"), doubled), lit("'"));
    ora_call("NVL2", vec![v, literal, lit("NULL")])
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use super::{Piece, pieces};
    use crate::{Options, Source, Target};

    #[test]
    fn format_strings_resolve_into_pieces() {
        use Piece::*;
        assert_eq!(
            pieces("库存 %s 低于下限 %s"),
            Some(vec![
                Text("库存 ".into()),
                Value('s', 0),
                Text(" 低于下限 ".into()),
                Value('s', 1)
            ])
        );
        assert_eq!(
            pieces("%2$s-%s-%1$I 100%%"),
            Some(vec![
                Value('s', 1),
                Text("-".into()),
                Value('s', 2),
                Text("-".into()),
                Value('I', 0),
                Text(" 100%".into())
            ])
        );
        assert_eq!(
            pieces("no placeholders"),
            Some(vec![Text("no placeholders".into())])
        );
        assert_eq!(pieces(""), Some(vec![Text(String::new())]));
        assert_eq!(pieces("%10s"), None, "a width");
        assert_eq!(pieces("%-s"), None, "the - flag");
        assert_eq!(pieces("%d"), None, "not a PostgreSQL conversion");
        assert_eq!(pieces("50%"), None, "a dangling %");
        assert_eq!(pieces("%0$s"), None, "positions count from 1");
    }

    #[test]
    fn constant_formats_become_concatenations() {
        insta::assert_snapshot!(translated(
            "DO $$\nDECLARE\n    v_table varchar(30) := 'lab_request';\n    v_n integer;\nBEGIN\n    EXECUTE format('SELECT count(*) FROM %I WHERE status = $1', v_table) INTO v_n USING 'F';\n    RAISE NOTICE '%', format('申请 %s 条，病区 %L，合计 %s%%', v_n, NULL::varchar, v_n * 2);\n    RAISE NOTICE '%', format('%2$s / %1$s', 'a', 'b');\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn unresolvable_formats_are_reported_where_they_are() {
        insta::assert_snapshot!(translated(
            "DO $$\nDECLARE\n    v_fmt text := 'DELETE FROM %I';\nBEGIN\n    EXECUTE format(v_fmt, 'tmp_lab');\n    RAISE NOTICE '%', format('%-10s|', 'ward');\n    RAISE NOTICE '%', format('%s %s', 'only one');\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
