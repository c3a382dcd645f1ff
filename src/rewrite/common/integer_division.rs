//! `integer-division`: `1/24` keeps its fraction where the target divides
//! integers as integers.
//!
//! **What it does.** Where the target's catalog lists the rule
//! (`[[rewrites]]`, `rule = "integer-division"`: Dameng), writes with a
//! decimal point the dividend of each integer literal divided by an integer
//! literal (`1 / 24` → `1.0 / 24`), and the literal of each division of a
//! name declared with an integer type (`INTEGER`, `INT`, `SMALLINT`,
//! `PLS_INTEGER`, `BINARY_INTEGER`, `SIMPLE_INTEGER`, `NATURAL`,
//! `POSITIVE`, anywhere in the script) by a literal or of a literal by
//! such a name (`l_rows / 2` → `l_rows / 2.0`). In a unit another pass
//! printed from its AST the same change is made there; elsewhere it is a
//! text edit of the literal, so the rest of the unit stays byte for byte.
//! A name declared with an integer type in one routine and as a NUMBER in
//! another gets the decimal point in both: harmless, it divides the same.
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
//! `17.5 / 24`, `p_hours / 24` (a NUMBER) and `POWER(2, n) / 1440` are not
//! touched: a decimal literal or a NUMBER divides as decimals on DM8 too.
//! Two names of integer type divided (`v_a / v_b`) are not rewritten (no
//! literal to mark); nor is a `%TYPE` of an integer column.
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
        // Names declared with an integer type anywhere in the script
        // (columns, variables, parameters): on DM8 those are INTs too.
        let mut integers = Vec::new();
        for unit in script.units() {
            if let Some(lexemes) = super::read_lexemes(unit, cx) {
                integer_names(&lexemes, text, &mut integers);
            }
        }
        for unit in script.units_mut() {
            let Some(lexemes) = super::read_lexemes(unit, cx) else {
                continue;
            };
            let divisions = integer_divisions(&lexemes, text, &integers);
            let Some(first) = divisions.first() else {
                continue;
            };
            if unit.rewritten {
                // Printed from its AST: a text edit would be lost.
                decimal_literals_in_ast(unit, &integers);
            } else {
                for d in &divisions {
                    unit.edits.push(Edit {
                        span: d.literal,
                        replacement: format!("{}.0", d.literal.slice(text)),
                    });
                }
            }
            let quoted = first.whole.slice(text);
            let written = format!(
                "{}.0{}",
                &text[first.whole.start..first.literal.end],
                &text[first.literal.end..first.whole.end]
            );
            let more = match divisions.len() {
                1 => String::new(),
                n => format!(" (and {} more in this unit)", n - 1),
            };
            cx.findings.push(
                Finding::new(
                    Code::SP0375,
                    first.whole,
                    format!(
                        "{quoted} is an integer division on DM8 (the fraction is lost): written {written}{more}"
                    ),
                )
                .with_help(rule.reason.clone()),
            );
        }
    }
}

/// The integer types of Oracle: NUMBER(38) there, a 32-bit INT (or
/// SMALLINT) on DM8.
const INTEGER_TYPES: &[&str] = &[
    "INTEGER",
    "INT",
    "SMALLINT",
    "PLS_INTEGER",
    "BINARY_INTEGER",
    "SIMPLE_INTEGER",
    "NATURAL",
    "NATURALN",
    "POSITIVE",
    "POSITIVEN",
];

/// Adds to `out` (upper-cased) each name followed by an integer type,
/// possibly after `IN`/`OUT`: `v_rows PLS_INTEGER`, `p_n IN INTEGER`,
/// `retry_count INTEGER` in a table. Not `CAST(x AS INTEGER)`, `RETURN
/// INTEGER`, `TABLE OF INTEGER`.
fn integer_names(lexemes: &[Lexeme], text: &str, out: &mut Vec<String>) {
    for (i, l) in lexemes.iter().enumerate() {
        let is_type = l.kind == LexemeKind::Word
            && INTEGER_TYPES
                .iter()
                .any(|t| l.span.slice(text).eq_ignore_ascii_case(t));
        let dotted = |j: usize| {
            lexemes
                .get(j)
                .is_some_and(|d| d.kind == LexemeKind::Punct('.'))
        };
        if !is_type || dotted(i + 1) || (i > 0 && dotted(i - 1)) {
            continue;
        }
        let mut j = i;
        while let Some(p) = j.checked_sub(1).and_then(|p| lexemes.get(p)) {
            let w = p.span.slice(text);
            if p.kind != LexemeKind::Word {
                break;
            }
            if w.eq_ignore_ascii_case("IN") || w.eq_ignore_ascii_case("OUT") {
                j -= 1;
                continue;
            }
            let keyword = ["AS", "RETURN", "OF", "IS"]
                .iter()
                .any(|k| w.eq_ignore_ascii_case(k));
            if !keyword && !w.starts_with(|c: char| c.is_ascii_digit()) {
                let name = w.to_ascii_uppercase();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            break;
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

/// One integer division: the literal to write with a decimal point, and
/// the whole division (for the finding).
struct Division {
    literal: Span,
    whole: Span,
}

/// Each `integer / integer`: two literals (the dividend gets the decimal
/// point), or a name declared with an integer type and a literal (the
/// literal gets it).
fn integer_divisions(lexemes: &[Lexeme], text: &str, integers: &[String]) -> Vec<Division> {
    let punct = |i: usize, c: char| {
        lexemes
            .get(i)
            .is_some_and(|l| l.kind == LexemeKind::Punct(c))
    };
    let integer_name = |i: usize| {
        lexemes.get(i).is_some_and(|l| {
            l.kind == LexemeKind::Word
                && integers.contains(&l.span.slice(text).to_ascii_uppercase())
        })
    };
    let mut found = Vec::new();
    for i in 1..lexemes.len() {
        if !punct(i, '/') {
            continue;
        }
        // `17.5 / 24` (the `5` of a decimal) and `1 / 24.5` divide as
        // decimals; `x / y.z` is a qualified name, known or not.
        let left_literal = is_integer(lexemes.get(i - 1), text) && !(i >= 2 && punct(i - 2, '.'));
        let right_literal = is_integer(lexemes.get(i + 1), text) && !punct(i + 2, '.');
        // A name's last part (`t.retry_count`); not a call's `)`.
        let left_name = integer_name(i - 1);
        let right_name = integer_name(i + 1) && !punct(i + 2, '.') && !punct(i + 2, '(');
        let literal = match (left_literal, right_literal, left_name, right_name) {
            (true, true, ..) | (true, _, _, true) => i - 1,
            (_, true, true, _) => i + 1,
            _ => continue,
        };
        let start = if left_name && i >= 3 && punct(i - 2, '.') {
            lexemes[i - 3].span.start
        } else {
            lexemes[i - 1].span.start
        };
        found.push(Division {
            literal: lexemes[literal].span,
            whole: Span::new(start, lexemes[i + 1].span.end),
        });
    }
    found
}

/// The same change on the AST of a unit printed from it.
fn decimal_literals_in_ast(unit: &mut crate::ast::Unit, integers: &[String]) {
    let is_int = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let integer_name = |e: &Expr| match e {
        Expr::Identifier(i) => integers.contains(&i.value.to_ascii_uppercase()),
        Expr::CompoundIdentifier(parts) => parts
            .last()
            .is_some_and(|i| integers.contains(&i.value.to_ascii_uppercase())),
        _ => false,
    };
    crate::rewrite::visit_unit::expressions_mut(unit, &mut |e| {
        let Expr::BinaryOp {
            left,
            op: BinaryOperator::Divide,
            right,
        } = e
        else {
            return false;
        };
        let number = |e: &Expr| match e {
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => Some(n.clone()),
                _ => None,
            },
            _ => None,
        };
        let (l, r) = (number(left), number(right));
        let target: &mut Expr = match (l.as_deref(), r.as_deref()) {
            (Some(a), Some(b)) if is_int(a) && is_int(b) => left,
            (Some(a), None) if is_int(a) && integer_name(right) => left,
            (None, Some(b)) if is_int(b) && integer_name(left) => right,
            _ => return false,
        };
        if let Expr::Value(v) = target
            && let Value::Number(n, _) = &mut v.value
        {
            n.push_str(".0");
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

    const WARD: &str = "CREATE TABLE nur_round (round_id NUMBER(10), bed_cnt INTEGER, nurse_cnt INTEGER, score NUMBER(5,2));\nCREATE OR REPLACE FUNCTION f_ward_ratio (p_beds IN INTEGER, p_hours NUMBER) RETURN NUMBER IS\n  l_rows   PLS_INTEGER := 0;\n  l_days   NUMBER;\nBEGIN\n  SELECT COUNT(*) INTO l_rows FROM nur_round;\n  l_days := p_hours / 24 + l_rows / 2 + 100 / p_beds;   -- 床护比\n  RETURN CAST(l_rows AS INTEGER) / 3 + p_beds / l_rows;\nEND;\n/\nSELECT r.round_id, r.bed_cnt / 2, r.score / 2, r.bed_cnt / r.nurse_cnt FROM nur_round r;\n";

    #[test]
    fn names_declared_with_an_integer_type_divide_by_a_decimal_literal() {
        insta::assert_snapshot!(dameng(WARD));
    }

    #[test]
    fn a_unit_printed_from_its_ast_gets_the_same_change() {
        let input = "BEGIN\n  l_days := l_base + 8 / 24 + l_rows / 2 + 17.5 / 24 + p_hours / 24;\nEND;\n/\nSELECT 1 / 24, t.bed_cnt / 2 FROM dual;\n";
        let file = crate::source::SourceFile::new(input);
        let mut script = crate::parse::parse_script(&file, Source::Oracle).script;
        let integers = vec!["L_ROWS".to_string(), "BED_CNT".to_string()];
        for unit in script.units_mut() {
            unit.rewritten = true;
            super::decimal_literals_in_ast(unit, &integers);
        }
        let out = crate::emit::emit(
            &script,
            &file,
            &[],
            &Options::new(Source::Oracle, Target::Dameng),
        );
        assert!(
            out.contains("l_base + 8.0 / 24 + l_rows / 2.0 + 17.5 / 24 + p_hours / 24"),
            "{out}"
        );
        assert!(out.contains("1.0 / 24, t.bed_cnt / 2.0"), "{out}");
    }

    #[test]
    fn translating_twice_changes_nothing_more() {
        let options = Options::new(Source::Oracle, Target::Dameng);
        for input in [LAB, WARD] {
            let once = crate::translate(input, &options.clone().with_annotate(false)).sql;
            let twice = crate::translate(&once, &options.clone().with_annotate(false)).sql;
            assert_eq!(once, twice);
        }
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
