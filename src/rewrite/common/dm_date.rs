//! `dm-date`: Oracle date operations whose result on Dameng's
//! `TIMESTAMP(0)` is unverified, or verified to differ with no rewrite that
//! could restore Oracle's.
//!
//! **What it does.** When `type-map` has turned Oracle `DATE` into
//! `TIMESTAMP(0)` for Dameng (the default; not with `--dm-date keep`), finds
//! in each unit the Oracle `DATE` operations that the target catalog
//! (`grammar/targets/dameng.toml`, `[[date_semantics]]`) marks unverified or
//! different, and reports each kind once per unit, at its first use. A
//! difference the catalog gives a one-word replacement for is rewritten
//! instead (`CURRENT_DATE` → `SYSDATE`, a text edit).
//!
//! **Why.** Oracle's `DATE` carries the time of day, and Oracle's date
//! operations keep it. On DM the same values are `TIMESTAMP(0)`, and DM8's
//! manuals and FAQ (sources in the catalog) settle most operations on them:
//!
//! | Oracle on `DATE` | DM8 on `TIMESTAMP(0)` (`COMPATIBLE_MODE=2`, `ORA_DATE_FMT=0`) | here |
//! |---|---|---|
//! | `d1 - d2`: days, with a fraction | days, with a fraction (a floating-point number) | nothing |
//! | `d ± n`: `n` days, fractions allowed | the same | nothing |
//! | `TRUNC(d[, fmt])`, `ROUND(d[, fmt])` | the same, type kept | nothing |
//! | `ADD_MONTHS`, `LAST_DAY`, `NEXT_DAY` keep the time | the same (type of the argument) | nothing |
//! | `MONTHS_BETWEEN` counts the time of day | 31-day months as Oracle; the time of day not shown | written out from the operations above, `SP0378` |
//! | `TO_CHAR(d)`: `NLS_DATE_FORMAT` | `YYYY-MM-DD HH24:MI:SS.FF6` | `SP0376` |
//! | `CURRENT_DATE`: date and time (session time zone) | a `DATE`: the date only; `SYSDATE` has the time (session time zone) | → `SYSDATE`, `SP0377` |
//!
//! An operation the catalog gives a `formula` is written out from operations
//! whose DM8 results are documented (`MONTHS_BETWEEN`: `EXTRACT`, `TRUNC`,
//! `LAST_DAY` and a difference in days; the formula gave Oracle's results —
//! those of sqlport's PostgreSQL `months_between` helper, checked against
//! Oracle's — on 100,000 random pairs of timestamps run on PostgreSQL 15).
//! `TO_CHAR(d)` cannot be rewritten: the format it printed in Oracle is a
//! setting of the Oracle database. The integer division that often comes
//! with date arithmetic (`SYSDATE - 1/24`) is the `integer-division` pass's.
//!
//! **Example** (Oracle → Dameng):
//!
//! ```sql
//! v_next := ADD_MONTHS(v_adm_time, 1);              -- keeps the time on DM8 too: nothing
//! v_days := SYSDATE - v_adm_time;                   -- days on DM8 too: nothing
//! v_mons := MONTHS_BETWEEN(v_dis_time, v_adm_time); -- SP0378: written out with EXTRACT, TRUNC, LAST_DAY
//! v_text := TO_CHAR(v_adm_time);                    -- SP0376: DM8 prints .000000
//! ```
//!
//! **Findings.** `SP0385` (warning) for an unverified operation, `SP0376`
//! (warning) for a verified difference, `SP0377` (info) for a replaced
//! word, `SP0378` (info) for an operation written out; once per unit and
//! operation.

use crate::ast::Unit;
use crate::catalog::{self, DateSemantics};
use crate::report::{Code, Finding};
use crate::source::{Lexeme, LexemeKind, Span};
use crate::{Source, Target};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct DmDate;

impl Pass for DmDate {
    fn name(&self) -> &'static str {
        "dm-date"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if cx.options.source != Source::Oracle
            || cx.options.target != Target::Dameng
            || cx.options.pg_output()
        {
            return;
        }
        // Only where DATE really became TIMESTAMP(0): type-map's switch.
        let mapped = catalog::catalog(cx.options.target)
            .map(|c| {
                c.types.iter().any(|t| {
                    t.from.eq_ignore_ascii_case("DATE")
                        && t.switch.as_deref().is_none_or(|s| !cx.options.keeps(s))
                })
            })
            .unwrap_or(false);
        if !mapped {
            return;
        }
        let facts = catalog::catalog(cx.options.target)
            .map(|c| c.date_semantics.as_slice())
            .unwrap_or_default();
        // The names declared DATE anywhere in the script (columns,
        // variables, parameters): `TO_CHAR(x)` and `x - y` are date
        // operations only on those (and SYSDATE); TO_CHAR(800 + r) is not.
        let mut dates = Vec::new();
        let read: Vec<Vec<Lexeme>> = script
            .units()
            .filter_map(|unit| super::read_lexemes(unit, cx))
            .collect();
        for lexemes in &read {
            date_names(lexemes, cx.file.text(), &mut dates);
        }
        // Then `v tbl.col%TYPE` of a DATE column (declarations may come
        // before the table in the script: so after all DATE names).
        for lexemes in &read {
            anchored_date_names(lexemes, cx.file.text(), &mut dates);
        }
        for unit in script.units_mut() {
            check_unit(unit, facts, &dates, cx);
            replace_words(unit, facts, cx);
            // After the word replacements: a call's arguments carry them.
            rewrite_formulas(unit, facts, cx);
        }
    }
}

/// Adds to `out` (upper-cased) each name followed by the type `DATE`,
/// possibly after `IN`/`OUT`/`IN OUT`; not `DATE '2024-01-01'` literals.
fn date_names(lexemes: &[Lexeme], text: &str, out: &mut Vec<String>) {
    for (i, l) in lexemes.iter().enumerate() {
        if l.kind != LexemeKind::Word || !l.span.slice(text).eq_ignore_ascii_case("DATE") {
            continue;
        }
        if lexemes
            .get(i + 1)
            .is_some_and(|n| n.kind == LexemeKind::String)
        {
            continue;
        }
        let mut j = i;
        while let Some(p) = j.checked_sub(1).and_then(|p| lexemes.get(p)) {
            let w = p.span.slice(text);
            if p.kind == LexemeKind::Word
                && (w.eq_ignore_ascii_case("IN") || w.eq_ignore_ascii_case("OUT"))
            {
                j -= 1;
                continue;
            }
            if p.kind == LexemeKind::Word && !w.starts_with(|c: char| c.is_ascii_digit()) {
                let name = w.to_ascii_uppercase();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            break;
        }
    }
}

/// Adds to `out` each `name tbl.col%TYPE` (or `name col%TYPE`) whose `col`
/// is already in `out`.
fn anchored_date_names(lexemes: &[Lexeme], text: &str, out: &mut Vec<String>) {
    for (i, l) in lexemes.iter().enumerate() {
        let is_type = l.kind == LexemeKind::Word && l.span.slice(text).eq_ignore_ascii_case("TYPE");
        let percent = i
            .checked_sub(1)
            .and_then(|p| lexemes.get(p))
            .is_some_and(|p| p.kind == LexemeKind::Punct('%'));
        if !is_type || !percent || i < 3 {
            continue;
        }
        let column = &lexemes[i - 2];
        if column.kind != LexemeKind::Word
            || !out.contains(&column.span.slice(text).to_ascii_uppercase())
        {
            continue;
        }
        // Skip `tbl .` before the column, if any.
        let mut name = i - 3;
        if lexemes[name].kind == LexemeKind::Punct('.') && name >= 2 {
            name -= 2;
        }
        let n = &lexemes[name];
        if n.kind == LexemeKind::Word {
            let upper = n.span.slice(text).to_ascii_uppercase();
            if !out.contains(&upper) {
                out.push(upper);
            }
        }
    }
}

/// Whether the operand ending at lexeme `at` (a name, `a.b`, or SYSDATE)
/// is a date: SYSDATE or a name declared DATE in the script.
fn is_date_operand(lexemes: &[Lexeme], at: usize, text: &str, dates: &[String]) -> bool {
    lexemes.get(at).is_some_and(|l| {
        l.kind == LexemeKind::Word && {
            let w = l.span.slice(text).to_ascii_uppercase();
            w == "SYSDATE" || dates.contains(&w)
        }
    })
}

/// The name lexeme of the operand starting at `at`: `at` itself, or the
/// name after the dot of `alias.name`.
fn second_operand(lexemes: &[Lexeme], at: usize) -> usize {
    // A trigger's `:NEW.col`: skip the colon.
    let at = if lexemes
        .get(at)
        .is_some_and(|c| c.kind == LexemeKind::Punct(':'))
    {
        at + 1
    } else {
        at
    };
    let dotted = lexemes
        .get(at + 1)
        .is_some_and(|d| d.kind == LexemeKind::Punct('.'))
        && lexemes
            .get(at + 2)
            .is_some_and(|n| n.kind == LexemeKind::Word);
    if dotted { at + 2 } else { at }
}

fn check_unit(unit: &Unit, facts: &[DateSemantics], dates: &[String], cx: &mut Context<'_>) {
    let Some(lexemes) = super::read_lexemes(unit, cx) else {
        return;
    };
    let text = cx.file.text();
    let word = |l: &Lexeme| (l.kind == LexemeKind::Word).then(|| l.span.slice(text));
    let mut reported: Vec<&str> = Vec::new();
    for (i, l) in lexemes.iter().enumerate() {
        let Some(w) = word(l) else { continue };
        let next_is_open = lexemes
            .get(i + 1)
            .is_some_and(|n| n.kind == LexemeKind::Punct('('));
        // `x.ADD_MONTHS(` is someone's own routine, not the built-in.
        let qualified = i
            .checked_sub(1)
            .and_then(|p| lexemes.get(p))
            .is_some_and(|p| p.kind == LexemeKind::Punct('.'));
        let (operation, span) = if next_is_open && !qualified {
            let upper = w.to_ascii_uppercase();
            match upper.as_str() {
                "ADD_MONTHS" | "LAST_DAY" | "NEXT_DAY" | "MONTHS_BETWEEN" => {
                    (upper, call_span(&lexemes, i))
                }
                // One argument, a date name (`v`, `t.col`, `:NEW.col`).
                "TO_CHAR"
                    if argument_count(&lexemes, i + 1) == 1 && {
                        let name = second_operand(&lexemes, i + 2);
                        lexemes
                            .get(name + 1)
                            .is_some_and(|c| c.kind == LexemeKind::Punct(')'))
                            && is_date_operand(&lexemes, name, text, dates)
                    } =>
                {
                    ("TO_CHAR".to_string(), call_span(&lexemes, i))
                }
                _ => continue,
            }
        } else if lexemes
            .get(i + 1)
            .is_some_and(|m| m.kind == LexemeKind::Punct('-'))
            && is_date_operand(&lexemes, i, text, dates)
            && is_date_operand(&lexemes, second_operand(&lexemes, i + 2), text, dates)
        {
            // d1 - d2 with both dates: a difference of two date-times.
            let start = if i >= 2
                && lexemes
                    .get(i - 1)
                    .is_some_and(|d| d.kind == LexemeKind::Punct('.'))
            {
                // `:NEW.col`: from the colon.
                match lexemes.get(i.wrapping_sub(3)) {
                    Some(c) if i >= 3 && c.kind == LexemeKind::Punct(':') => c.span.start,
                    _ => lexemes[i - 2].span.start,
                }
            } else {
                l.span.start
            };
            let end = lexemes[second_operand(&lexemes, i + 2)].span.end;
            ("date difference".to_string(), Span::new(start, end))
        } else {
            continue;
        };
        let Some(fact) = facts.iter().find(|f| {
            f.formula.is_none()
                && (!f.verified || f.differs)
                && f.operation.eq_ignore_ascii_case(&operation)
        }) else {
            continue;
        };
        if reported.contains(&fact.operation.as_str()) {
            continue;
        }
        reported.push(fact.operation.as_str());
        let (code, message) = if fact.verified {
            (
                Code::SP0376,
                format!(
                    "{}: Oracle DATE became TIMESTAMP(0) on Dameng — in Oracle {}; on DM8 {}",
                    fact.operation, fact.oracle, fact.target
                ),
            )
        } else {
            (
                Code::SP0385,
                format!(
                    "{}: Oracle DATE became TIMESTAMP(0) on Dameng — in Oracle {}; on DM8 unverified: {}",
                    fact.operation, fact.oracle, fact.target
                ),
            )
        };
        cx.findings
            .push(Finding::new(code, span, message).with_help(fact.help.clone()));
    }
}

/// Rewrites the operations the catalog gives a one-word replacement
/// (`CURRENT_DATE` → `SYSDATE`): a text edit, or the AST of a unit printed
/// from it.
fn replace_words(unit: &mut Unit, facts: &[DateSemantics], cx: &mut Context<'_>) {
    let Some(lexemes) = super::read_lexemes(unit, cx) else {
        return;
    };
    let text = cx.file.text();
    for fact in facts {
        let Some(replacement) = &fact.replacement else {
            continue;
        };
        // The bare keyword: not `t.current_date`, not a call `current_date(`.
        let uses: Vec<Span> = lexemes
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                l.kind == LexemeKind::Word
                    && l.span.slice(text).eq_ignore_ascii_case(&fact.operation)
                    && !i
                        .checked_sub(1)
                        .and_then(|p| lexemes.get(p))
                        .is_some_and(|p| p.kind == LexemeKind::Punct('.'))
                    && !lexemes
                        .get(i + 1)
                        .is_some_and(|n| matches!(n.kind, LexemeKind::Punct('.' | '(')))
            })
            .map(|(_, l)| l.span)
            .collect();
        let Some(&first) = uses.first() else {
            continue;
        };
        if unit.rewritten {
            // Printed from its AST: a text edit would be lost.
            let word = fact.operation.clone();
            let to = replacement.clone();
            crate::rewrite::visit_unit::expressions_mut(unit, &mut |e| {
                let matched = match e {
                    sqlparser::ast::Expr::Function(f) => {
                        f.name.to_string().eq_ignore_ascii_case(&word)
                            && matches!(f.args, sqlparser::ast::FunctionArguments::None)
                    }
                    sqlparser::ast::Expr::Identifier(i) => i.value.eq_ignore_ascii_case(&word),
                    _ => false,
                };
                if matched {
                    *e = sqlparser::ast::Expr::Identifier(sqlparser::ast::Ident::new(&to));
                }
                matched
            });
        } else {
            for span in &uses {
                unit.edits.push(crate::ast::Edit {
                    span: *span,
                    replacement: replacement.clone(),
                });
            }
        }
        let times = match uses.len() {
            1 => "once".to_string(),
            n => format!("{n} times"),
        };
        cx.findings.push(
            Finding::new(
                Code::SP0377,
                first,
                format!(
                    "{} became {replacement} ({times} in this unit): on DM8 {}; in Oracle {}",
                    fact.operation, fact.target, fact.oracle
                ),
            )
            .with_help(fact.help.clone()),
        );
    }
}

/// Rewrites each call of an operation the catalog gives a `formula` for:
/// a text edit whose arguments keep the edits already made inside them, or
/// the AST of a unit printed from it.
fn rewrite_formulas(unit: &mut Unit, facts: &[DateSemantics], cx: &mut Context<'_>) {
    for fact in facts {
        let Some(formula) = &fact.formula else {
            continue;
        };
        let arity = (1..=9)
            .take_while(|k| formula.contains(&format!("{{{k}}}")))
            .count();
        let first = if unit.rewritten {
            formula_in_ast(unit, &fact.operation, formula, arity)
        } else {
            formula_as_edits(unit, &fact.operation, formula, arity, cx)
        };
        let Some((first, times)) = first else {
            continue;
        };
        let times = match times {
            1 => "once".to_string(),
            n => format!("{n} times"),
        };
        cx.findings.push(
            Finding::new(
                Code::SP0378,
                first,
                format!(
                    "{} written out ({times} in this unit) from operations whose DM8 results are documented: in Oracle {}; on DM8 {}",
                    fact.operation, fact.oracle, fact.target
                ),
            )
            .with_help(fact.help.clone()),
        );
    }
}

/// `formula` with each `{k}` replaced by `args[k - 1]`, in parentheses
/// unless it is a plain name or literal.
fn fill(formula: &str, args: &[String]) -> String {
    let mut out = formula.to_string();
    for (k, a) in args.iter().enumerate() {
        let plain = a
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '$' | '#'));
        let a = if plain { a.clone() } else { format!("({a})") };
        out = out.replace(&format!("{{{}}}", k + 1), &a);
    }
    out
}

/// The calls as text edits: where the first one is, and how many.
fn formula_as_edits(
    unit: &mut Unit,
    operation: &str,
    formula: &str,
    arity: usize,
    cx: &Context<'_>,
) -> Option<(Span, usize)> {
    let lexemes = super::read_lexemes(unit, cx)?;
    let text = cx.file.text();
    let mut done: Vec<Span> = Vec::new();
    for (i, l) in lexemes.iter().enumerate() {
        let is_call = l.kind == LexemeKind::Word
            && l.span.slice(text).eq_ignore_ascii_case(operation)
            && lexemes
                .get(i + 1)
                .is_some_and(|n| n.kind == LexemeKind::Punct('('))
            && !i
                .checked_sub(1)
                .and_then(|p| lexemes.get(p))
                .is_some_and(|p| p.kind == LexemeKind::Punct('.'));
        if !is_call
            || done
                .iter()
                .any(|d| d.start <= l.span.start && l.span.start < d.end)
        {
            continue;
        }
        let Some((call, args)) = call_arguments(&lexemes, i) else {
            continue;
        };
        if args.len() != arity
            || unit.edits.iter().any(|e| {
                let inside = call.start <= e.span.start && e.span.end <= call.end;
                let apart = e.span.end <= call.start || call.end <= e.span.start;
                !inside && !apart
            })
        {
            continue;
        }
        let texts: Vec<String> = args.iter().map(|a| edited(unit, *a, text)).collect();
        unit.edits
            .retain(|e| !(call.start <= e.span.start && e.span.end <= call.end));
        unit.edits.push(crate::ast::Edit {
            span: call,
            replacement: fill(formula, &texts),
        });
        done.push(call);
    }
    Some((*done.first()?, done.len()))
}

/// The text of `span` with the unit's edits inside it applied.
fn edited(unit: &Unit, span: Span, text: &str) -> String {
    let mut edits: Vec<&crate::ast::Edit> = unit
        .edits
        .iter()
        .filter(|e| span.start <= e.span.start && e.span.end <= span.end)
        .collect();
    edits.sort_by_key(|e| e.span.start);
    let mut out = String::new();
    let mut at = span.start;
    for e in edits {
        if e.span.start < at {
            continue;
        }
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..span.end]);
    out
}

/// The span of the call whose name is at `name`, and of each top-level
/// argument.
fn call_arguments(lexemes: &[Lexeme], name: usize) -> Option<(Span, Vec<Span>)> {
    let mut depth = 0usize;
    let mut args = Vec::new();
    let mut current: Option<Span> = None;
    for l in &lexemes[name + 1..] {
        match l.kind {
            LexemeKind::Punct('(') => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            LexemeKind::Punct(')') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    args.extend(current);
                    return Some((Span::new(lexemes[name].span.start, l.span.end), args));
                }
            }
            LexemeKind::Punct(',') if depth == 1 => {
                args.push(current.take()?);
                continue;
            }
            _ => {}
        }
        current = Some(match current {
            Some(c) => Span::new(c.start, l.span.end),
            None => l.span,
        });
    }
    None
}

/// The calls in the AST of a unit printed from it.
fn formula_in_ast(
    unit: &mut Unit,
    operation: &str,
    formula: &str,
    arity: usize,
) -> Option<(Span, usize)> {
    use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments};
    let placeholders: Vec<String> = (1..=arity).map(|k| format!("sqlport_arg{k}")).collect();
    let template = fill(formula, &placeholders);
    let body = unit.body;
    let mut times = 0;
    crate::rewrite::visit_unit::expressions_mut(unit, &mut |e| {
        let Expr::Function(f) = e else {
            return false;
        };
        if !f.name.to_string().eq_ignore_ascii_case(operation) {
            return false;
        }
        let FunctionArguments::List(list) = &f.args else {
            return false;
        };
        let args: Vec<Expr> = list
            .args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => Some(x.clone()),
                _ => None,
            })
            .collect();
        if args.len() != arity || list.args.len() != arity {
            return false;
        }
        let Some(new) = crate::rewrite::oracle_template(&template, &mut |name| {
            let k = placeholders
                .iter()
                .position(|p| name.eq_ignore_ascii_case(p))?;
            Some(match &args[k] {
                a @ (Expr::Identifier(_) | Expr::CompoundIdentifier(_) | Expr::Value(_)) => {
                    a.clone()
                }
                a => Expr::Nested(Box::new(a.clone())),
            })
        }) else {
            return false;
        };
        *e = new;
        times += 1;
        true
    });
    (times > 0).then_some((body, times))
}

/// From the function name at `name` to its closing parenthesis (or the name
/// alone when the call is not closed in the unit).
fn call_span(lexemes: &[Lexeme], name: usize) -> Span {
    let start = lexemes[name].span.start;
    let mut depth = 0usize;
    for l in &lexemes[name + 1..] {
        match l.kind {
            LexemeKind::Punct('(') => depth += 1,
            LexemeKind::Punct(')') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Span::new(start, l.span.end);
                }
            }
            _ => {}
        }
    }
    lexemes[name].span
}

/// How many arguments the call whose `(` is at `open` has (0 for `()`).
fn argument_count(lexemes: &[Lexeme], open: usize) -> usize {
    let mut depth = 0usize;
    let mut count = 0usize;
    let mut any = false;
    for l in lexemes.iter().skip(open) {
        match l.kind {
            LexemeKind::Punct('(') => {
                depth += 1;
                if depth > 1 {
                    any = true;
                }
            }
            LexemeKind::Punct(')') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return if any { count + 1 } else { 0 };
                }
            }
            LexemeKind::Punct(',') if depth == 1 => count += 1,
            _ => any = true,
        }
    }
    count + 1
}

#[cfg(test)]
mod tests {
    use crate::{Code, DmDate, Options, Source, Target};

    const ADMISSION: &str = "CREATE OR REPLACE PROCEDURE ip_plan_followup(p_adm_id IN NUMBER) IS\n  v_adm_time DATE;\n  v_dis_time DATE;\n  v_next     DATE;\n  v_days     NUMBER;\n  v_text     VARCHAR2(40);\nBEGIN\n  SELECT adm_time, dis_time INTO v_adm_time, v_dis_time FROM ip_admission WHERE adm_id = p_adm_id;\n  v_next := ADD_MONTHS(v_adm_time, 1);   -- 一个月后复诊, 保留入院时刻\n  v_next := LAST_DAY(v_adm_time);\n  v_next := NEXT_DAY(v_adm_time, 'MONDAY');\n  v_days := SYSDATE - v_adm_time;        -- 住院天数 (含小数)\n  v_days := MONTHS_BETWEEN(v_dis_time, v_adm_time);\n  v_days := MONTHS_BETWEEN(SYSDATE, v_adm_time);\n  v_text := TO_CHAR(v_adm_time);\n  v_text := TO_CHAR(v_dis_time);\n  v_text := TO_CHAR(v_adm_time, 'YYYY-MM-DD HH24:MI:SS');\n  v_next := TRUNC(SYSDATE) + 1;\n  v_next := ROUND(v_adm_time, 'HH');\n  v_next := SYSDATE - 7;\n  v_text := TO_CHAR(800 + p_adm_id);\nEND;\n/\n";

    fn hits(input: &str, options: &Options) -> Vec<(Code, usize, usize, String)> {
        crate::check(input, options)
            .findings
            .iter()
            .filter(|f| matches!(f.code, Code::SP0385 | Code::SP0376 | Code::SP0378))
            .map(|f| (f.code, f.start.line, f.start.column, f.message.clone()))
            .collect()
    }

    #[test]
    fn only_what_dm8_leaves_open_or_prints_differently_is_reported_once_per_unit() {
        let options = Options::new(Source::Oracle, Target::Dameng);
        let found: Vec<(Code, usize, usize)> = hits(ADMISSION, &options)
            .into_iter()
            .map(|(c, l, col, _)| (c, l, col))
            .collect();
        // TO_CHAR without a format once (line 15, not 16); MONTHS_BETWEEN
        // is written out once per unit (SP0378, at its first call, line
        // 13); ADD_MONTHS, LAST_DAY, NEXT_DAY, the difference, TRUNC, ROUND
        // and ± n are confirmed to mean the same.
        assert_eq!(found, vec![(Code::SP0378, 13, 13), (Code::SP0376, 15, 13)]);
    }

    #[test]
    fn the_messages_say_what_is_known_and_what_is_not() {
        let found = hits(ADMISSION, &Options::new(Source::Oracle, Target::Dameng));
        let months = &found[0].3;
        assert!(
            months.contains("written out (2 times in this unit)"),
            "{months}"
        );
        assert!(months.contains("time of day"), "{months}");
        let to_char = &found[1].3;
        assert!(to_char.contains("YYYY-MM-DD HH24:MI:SS.FF6"), "{to_char}");
        assert!(!to_char.contains("unverified"), "{to_char}");
    }

    #[test]
    fn a_difference_of_qualified_date_columns_is_not_reported_any_more() {
        let input = "CREATE TABLE ip_admission (adm_id NUMBER(10), adm_time DATE, dis_time DATE, bed_no NUMBER(4));\nSELECT a.adm_id, (a.dis_time - a.adm_time) * 24 AS stay_hours, a.bed_no - 1 FROM ip_admission a;\n";
        assert!(hits(input, &Options::new(Source::Oracle, Target::Dameng)).is_empty());
    }

    #[test]
    fn to_char_of_a_qualified_or_trigger_column_is_reported() {
        let input = "CREATE TABLE sch_shift (shift_id NUMBER(10), start_time DATE, end_time DATE);\nSELECT s.shift_id, TO_CHAR(s.start_time) FROM sch_shift s;\nCREATE OR REPLACE TRIGGER trg_sch_shift_biu\nBEFORE INSERT ON sch_shift\nFOR EACH ROW\nBEGIN\n  IF :NEW.end_time - :NEW.start_time > 14 / 24 THEN\n    RAISE_APPLICATION_ERROR(-20111, '夜班不得超过 14 小时: ' || TO_CHAR(:NEW.start_time));\n  END IF;\nEND;\n/\n";
        let found: Vec<(Code, usize, usize)> =
            hits(input, &Options::new(Source::Oracle, Target::Dameng))
                .into_iter()
                .map(|(c, l, col, _)| (c, l, col))
                .collect();
        assert_eq!(found, vec![(Code::SP0376, 2, 20), (Code::SP0376, 8, 57)]);
    }

    const REGISTRATION: &str = "-- 挂号：记录挂号时刻\nCREATE OR REPLACE PROCEDURE op_register (p_reg_id IN NUMBER) IS\n  v_now DATE := CURRENT_DATE;\nBEGIN\n  UPDATE op_reg SET reg_time = CURRENT_DATE, remark = 'current_date' WHERE reg_id = p_reg_id;\nEND;\n/\nSELECT r.reg_id, CURRENT_DATE - r.reg_time AS waited FROM op_reg r;\n";

    #[test]
    fn current_date_becomes_sysdate() {
        let options = Options::new(Source::Oracle, Target::Dameng);
        insta::assert_snapshot!(crate::rewrite::test_support::translated_keeping(
            REGISTRATION,
            &options,
            |f| f.code == Code::SP0377
        ));
        // With DM's DATE kept, nothing moves.
        let keep = options.with_dm_date(DmDate::Keep);
        let out = crate::translate(REGISTRATION, &keep.with_annotate(false));
        assert_eq!(out.sql, REGISTRATION);
    }

    /// The output and findings of `dm-date` alone on `input`, every unit
    /// marked as printed from its AST (as when an earlier pass changed it).
    fn on_units_printed_from_their_ast(input: &str) -> (String, Vec<crate::report::Finding>) {
        use crate::rewrite::Pass;
        let options = Options::new(Source::Oracle, Target::Dameng);
        let file = crate::source::SourceFile::new(input);
        let mut script = crate::parse::parse_script(&file, Source::Oracle).script;
        for unit in script.units_mut() {
            unit.rewritten = true;
        }
        let mut cx = crate::rewrite::Context {
            file: &file,
            options: &options,
            findings: Vec::new(),
            helpers: Default::default(),
        };
        super::DmDate.run(&mut script, &mut cx);
        let out = crate::emit::emit(
            &script,
            &file,
            &cx.findings,
            &options.clone().with_annotate(false),
        );
        (out, cx.findings)
    }

    #[test]
    fn current_date_in_a_unit_printed_from_its_ast_becomes_sysdate_there() {
        let input = "BEGIN\n  UPDATE op_reg SET reg_time = CURRENT_DATE WHERE reg_id = 1;\n  v_now := CURRENT_DATE;\nEND;\n/\n";
        let (out, _) = on_units_printed_from_their_ast(input);
        assert!(!out.to_uppercase().contains("CURRENT_DATE"), "{out}");
        assert_eq!(out.matches("SYSDATE").count(), 2, "{out}");
    }

    #[test]
    fn months_between_in_a_unit_printed_from_its_ast_is_written_out_there() {
        // 住院月数：出院时刻为空时按当前时刻
        let input = "BEGIN
  SELECT MONTHS_BETWEEN(NVL(dis_time, SYSDATE), adm_time) INTO v_mons FROM ip_admission WHERE adm_id = 1;
  v_mons := MONTHS_BETWEEN(v_dis, v_adm);
END;
/
";
        let (out, findings) = on_units_printed_from_their_ast(input);
        assert!(!out.contains("MONTHS_BETWEEN"), "{out}");
        assert!(
            out.contains(
                "EXTRACT(YEAR FROM (NVL(dis_time, SYSDATE))) - EXTRACT(YEAR FROM adm_time)"
            ),
            "{out}"
        );
        assert!(
            out.contains("((v_dis - TRUNC(v_dis, 'MM')) - (v_adm - TRUNC(v_adm, 'MM'))) / 31"),
            "{out}"
        );
        assert!(
            findings
                .iter()
                .any(|f| f.code == Code::SP0378 && f.message.contains("2 times"))
        );
    }

    #[test]
    fn months_between_arguments_keep_the_edits_made_inside_them() {
        let input = "BEGIN
  v_mons := MONTHS_BETWEEN(CURRENT_DATE, v_adm);
END;
/
";
        let out = crate::translate(
            input,
            &Options::new(Source::Oracle, Target::Dameng).with_annotate(false),
        )
        .sql;
        assert!(
            !out.contains("CURRENT_DATE") && !out.contains("MONTHS_BETWEEN"),
            "{out}"
        );
        assert!(
            out.contains("EXTRACT(YEAR FROM SYSDATE) - EXTRACT(YEAR FROM v_adm)"),
            "{out}"
        );
    }

    #[test]
    fn nothing_is_reported_when_date_is_kept_or_for_other_targets() {
        let keep = Options::new(Source::Oracle, Target::Dameng).with_dm_date(DmDate::Keep);
        assert!(hits(ADMISSION, &keep).is_empty());
        for target in [Target::Kingbase, Target::Highgo] {
            assert!(hits(ADMISSION, &Options::new(Source::Oracle, target)).is_empty());
        }
    }

    #[test]
    fn the_output_is_unchanged_but_for_the_type_and_months_between() {
        let options = Options::new(Source::Oracle, Target::Dameng);
        let out = crate::translate(ADMISSION, &options.clone().with_annotate(false));
        let formula = |a: &str, b: &str| {
            format!(
                "(EXTRACT(YEAR FROM {a}) - EXTRACT(YEAR FROM {b})) * 12 + EXTRACT(MONTH FROM {a}) - EXTRACT(MONTH FROM {b}) + CASE WHEN EXTRACT(DAY FROM {a}) = EXTRACT(DAY FROM {b}) OR (TRUNC({a}) = TRUNC(LAST_DAY({a})) AND TRUNC({b}) = TRUNC(LAST_DAY({b}))) THEN 0 ELSE (({a} - TRUNC({a}, 'MM')) - ({b} - TRUNC({b}, 'MM'))) / 31 END"
            )
        };
        let expected = ADMISSION
            .replace(
                "MONTHS_BETWEEN(v_dis_time, v_adm_time)",
                &formula("v_dis_time", "v_adm_time"),
            )
            .replace(
                "MONTHS_BETWEEN(SYSDATE, v_adm_time)",
                &formula("SYSDATE", "v_adm_time"),
            );
        assert_eq!(
            out.sql.replace("TIMESTAMP(0)", "DATE"),
            expected,
            "only the type and MONTHS_BETWEEN may change"
        );
        let file = crate::source::SourceFile::new(ADMISSION);
        let report = crate::check(ADMISSION, &options);
        let only: crate::Report = crate::Report {
            findings: report
                .findings
                .into_iter()
                .filter(|f| matches!(f.code, Code::SP0385 | Code::SP0376 | Code::SP0378))
                .collect(),
            stats: report.stats,
        };
        insta::assert_snapshot!(crate::report::human::render(
            "ip_plan_followup.sql",
            &file,
            &only,
            false
        ));
    }
}
