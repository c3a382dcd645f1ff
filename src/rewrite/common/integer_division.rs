//! `integer-division`: `1/24` keeps its fraction where the target divides
//! integers as integers.
//!
//! **What it does.** Where the target's catalog lists the rule
//! (`[[rewrites]]`, `rule = "integer-division"`: Dameng), writes the
//! dividend of each integer literal divided by an integer literal with a
//! decimal point: `1 / 24` → `1.0 / 24`. In a unit another pass printed
//! from its AST the same change is made there; elsewhere it is a text edit
//! of the literal, so the rest of the unit stays byte for byte.
//!
//! **Why.** Oracle divides NUMBERs exactly: `1/24` is one hour in days,
//! `30/1440` half an hour. DM8 (with its default `CALC_AS_DECIMAL=0`) divides
//! an integer by an integer as integers, so both are 0: `SYSDATE - 1/24` is
//! now, and `end_time - start_time > 14/24` compares with 0 — the program
//! runs and computes something else. With a decimal point on either side
//! DM8 divides as decimals, as Oracle did (DM FAQ, source in the catalog).
//!
//! **Example** (Oracle → Dameng):
//!
//! ```sql
//! UPDATE lab_request SET due_time = apply_time + 2 / 24 WHERE request_id = l_id;    -- before
//! UPDATE lab_request SET due_time = apply_time + 2.0 / 24 WHERE request_id = l_id;  -- after
//! ```
//!
//! `17.5 / 24`, `p_hours / 24` and `POWER(2, n) / 1440` are not touched: a
//! decimal literal or a NUMBER divides as decimals on DM8 too. A variable
//! declared `INTEGER`/`PLS_INTEGER` divided by another is not detected.
//!
//! **Findings.** `SP0375` (info), once per unit, at the first division, with
//! the count.

use sqlparser::ast::{BinaryOperator, Expr, Value};

use crate::ast::Edit;
use crate::catalog::applies_in;
use crate::report::{Code, Finding};
use crate::source::{Lexeme, LexemeKind, Span};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct IntegerDivision;

impl Pass for IntegerDivision {
    fn name(&self) -> &'static str {
        "integer-division"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        // PostgreSQL-style output has its own rule (date-arithmetic), and a
        // PostgreSQL source meant the integer division it wrote.
        if cx.options.pg_output() {
            return;
        }
        let Some(catalog) = super::oracle_source_catalog(cx) else {
            return;
        };
        let mode = cx.options.mode();
        let Some(rule) = catalog
            .rewrites
            .iter()
            .find(|r| r.rule == "integer-division" && applies_in(&r.modes, mode))
        else {
            return;
        };
        let text = cx.file.text();
        for unit in script.units_mut() {
            let Some(lexemes) = super::read_lexemes(unit, cx) else {
                continue;
            };
            let dividends = integer_divisions(&lexemes, text);
            let Some(&(first, whole)) = dividends.first() else {
                continue;
            };
            if unit.rewritten {
                // Printed from its AST: a text edit would be lost.
                decimal_dividends_in_ast(unit);
            } else {
                for (dividend, _) in &dividends {
                    unit.edits.push(Edit {
                        span: *dividend,
                        replacement: format!("{}.0", dividend.slice(text)),
                    });
                }
            }
            let quoted = whole.slice(text);
            let more = match dividends.len() {
                1 => String::new(),
                n => format!(" (and {} more in this unit)", n - 1),
            };
            cx.findings.push(
                Finding::new(
                    Code::SP0375,
                    whole,
                    format!(
                        "{quoted} is an integer division on DM8 (the fraction is lost): written {}.0{}{more}",
                        first.slice(text),
                        &quoted[first.end - whole.start..],
                    ),
                )
                .with_help(rule.reason.clone()),
            );
        }
    }
}

/// Whether `l` is an integer literal: digits only (`17.5` is read as `17`,
/// `.`, `5`, so its neighbours are checked by the caller).
fn is_integer(l: Option<&Lexeme>, text: &str) -> bool {
    l.is_some_and(|l| {
        let w = l.span.slice(text);
        l.kind == LexemeKind::Word && !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
    })
}

/// For each `integer / integer`: the dividend's span, and the span of the
/// whole division (for the finding).
fn integer_divisions(lexemes: &[Lexeme], text: &str) -> Vec<(Span, Span)> {
    let punct = |i: usize, c: char| {
        lexemes
            .get(i)
            .is_some_and(|l| l.kind == LexemeKind::Punct(c))
    };
    let mut found = Vec::new();
    for i in 1..lexemes.len() {
        if !punct(i, '/') || !is_integer(lexemes.get(i - 1), text) {
            continue;
        }
        // `17.5 / 24` (the `5` of a decimal) and `1 / 24.5` divide as decimals.
        if (i >= 2 && punct(i - 2, '.')) || punct(i + 2, '.') {
            continue;
        }
        if !is_integer(lexemes.get(i + 1), text) {
            continue;
        }
        let dividend = lexemes[i - 1].span;
        found.push((dividend, Span::new(dividend.start, lexemes[i + 1].span.end)));
    }
    found
}

/// The same change on the AST of a unit printed from it.
fn decimal_dividends_in_ast(unit: &mut crate::ast::Unit) {
    crate::rewrite::visit_unit::expressions_mut(unit, &mut |e| {
        if let Expr::BinaryOp {
            left,
            op: BinaryOperator::Divide,
            right,
        } = e
            && let (Expr::Value(l), Expr::Value(r)) = (&mut **left, &**right)
            && let (Value::Number(a, _), Value::Number(b, _)) = (&mut l.value, &r.value)
            && a.bytes().all(|c| c.is_ascii_digit())
            && b.bytes().all(|c| c.is_ascii_digit())
        {
            a.push_str(".0");
            return true;
        }
        false
    });
}

#[cfg(test)]
mod tests {
    use crate::rewrite::test_support::translated_keeping;
    use crate::{Options, Source, Target};

    const LAB: &str = "-- 检验报告时限：小时换算成天\nCREATE OR REPLACE PROCEDURE p_lab_due (p_id IN NUMBER, p_hours IN NUMBER) IS\n  l_base DATE := TRUNC(SYSDATE) + 8 / 24;   -- 早 8 点\nBEGIN\n  UPDATE lab_request SET due_time = l_base + 2/24, remind_time = l_base + 17.5 / 24\n   WHERE request_id = p_id AND apply_time > SYSDATE - p_hours / 24;\n  IF SYSDATE - l_base > 30 / 1440 THEN\n    DBMS_OUTPUT.PUT_LINE('超过半小时 / 30 分钟');\n  END IF;\nEND;\n/\nSELECT request_id, apply_time + 1 / 24 AS remind_at, 7 / 2.0 FROM lab_request;\nSELECT request_id FROM lab_request WHERE ROWNUM <= 10;\n";

    fn dameng(input: &str) -> String {
        translated_keeping(input, &Options::new(Source::Oracle, Target::Dameng), |f| {
            f.code == crate::Code::SP0375
        })
    }

    #[test]
    fn integer_literal_divisions_get_a_decimal_point_on_dameng() {
        insta::assert_snapshot!(dameng(LAB));
    }

    #[test]
    fn only_the_dividends_change() {
        let out = crate::translate(LAB, &Options::new(Source::Oracle, Target::Dameng)).sql;
        assert!(
            out.contains("TRUNC(SYSDATE) + 8.0 / 24;   -- 早 8 点"),
            "{out}"
        );
        assert!(out.contains("l_base + 2.0/24"), "{out}");
        assert!(out.contains("l_base + 17.5 / 24"), "{out}");
        assert!(out.contains("p_hours / 24"), "{out}");
        assert!(out.contains("> 30.0 / 1440"), "{out}");
        // Strings and comments are not code.
        assert!(out.contains("'超过半小时 / 30 分钟'"), "{out}");
        assert!(
            out.contains("apply_time + 1.0 / 24 AS remind_at, 7 / 2.0"),
            "{out}"
        );
        assert!(!out.contains(".0.0"), "{out}");
    }

    #[test]
    fn translating_twice_changes_nothing_more() {
        let options = Options::new(Source::Oracle, Target::Dameng);
        let once = crate::translate(LAB, &options.clone().with_annotate(false)).sql;
        let twice = crate::translate(&once, &options.with_annotate(false)).sql;
        assert_eq!(once, twice);
    }

    #[test]
    fn other_targets_and_a_postgresql_source_keep_the_division() {
        for target in [Target::Kingbase, Target::Highgo] {
            let out = crate::translate(LAB, &Options::new(Source::Oracle, target));
            assert!(
                !out.report
                    .findings
                    .iter()
                    .any(|f| f.code == crate::Code::SP0375),
                "{target:?}"
            );
        }
        let pg = "SELECT visit_id, 1 / 24 FROM op_visit;\n";
        let out = crate::translate(pg, &Options::new(Source::Postgres, Target::Dameng));
        assert!(
            !out.report
                .findings
                .iter()
                .any(|f| f.code == crate::Code::SP0375),
            "{:?}",
            out.report.findings
        );
    }
}
