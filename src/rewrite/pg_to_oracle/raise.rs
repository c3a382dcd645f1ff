//! `raise`: PL/pgSQL `RAISE` becomes `RAISE_APPLICATION_ERROR` or
//! `DBMS_OUTPUT.PUT_LINE`.
//!
//! **What it does.**
//! - `RAISE [EXCEPTION] 'fmt %', a [USING ERRCODE = 'xxxxx', DETAIL = d,
//!   HINT = h]` → `RAISE_APPLICATION_ERROR(n, 'fmt ' || a)`; `n` comes from
//!   `[[application_errors]]` in `grammar/oracle_errors.toml` (SQLSTATE →
//!   number, stable), `-20000` when the code is not listed. `DETAIL` and
//!   `HINT` are appended to the message.
//! - `RAISE NOTICE|INFO|WARNING|LOG|DEBUG 'fmt %', a` →
//!   `DBMS_OUTPUT.PUT_LINE('fmt ' || a)`.
//! - `RAISE condition` of a condition with a predefined exception →
//!   `RAISE DUP_VAL_ON_INDEX` (and the like).
//!
//! **Why.** DMSQL has PL/SQL's `RAISE_APPLICATION_ERROR` and `DBMS_OUTPUT`
//! (dameng.md, DMSQL); it has neither `RAISE` levels nor `%` formats.
//! `%` placeholders become concatenation (a NULL argument prints as an
//! empty string, where PostgreSQL printed `<NULL>`).
//!
//! **Example.**
//! ```sql
//! RAISE EXCEPTION '病区 % 不存在', p_ward USING ERRCODE = 'P0002';
//! RAISE_APPLICATION_ERROR(-20002, '病区 ' || p_ward || ' 不存在');
//! ```
//!
//! **Findings.** `SP0486` (info) once per unit; `SP0358` (warning) an
//! `ERRCODE` the table does not list; `SP0216` (error) `RAISE` of a
//! condition with no predefined exception.

use sqlparser::ast::{BinaryOperator, Expr, Value};

use super::{ora_expr, pl_expr};
use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Script};
use crate::catalog::oracle_errors;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Raise;

impl Pass for Raise {
    fn name(&self) -> &'static str {
        "raise"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let mut v = Rewriter {
                findings: Vec::new(),
                first: None,
            };
            walk_program(&mut v, program);
            if let Some(first) = v.first {
                unit.rewritten = true;
                cx.findings.push(Finding::new(
                    Code::SP0486,
                    first,
                    "RAISE became RAISE_APPLICATION_ERROR / DBMS_OUTPUT.PUT_LINE in this unit",
                ));
            }
            cx.findings.extend(v.findings);
        }
    }
}

struct Rewriter {
    findings: Vec<Finding>,
    first: Option<Span>,
}

impl VisitMut for Rewriter {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            if let Some(kind) = self.rewrite(s) {
                s.kind = kind;
                self.first.get_or_insert(s.span);
            }
        }
    }
}

impl Rewriter {
    fn rewrite(&mut self, s: &Stmt) -> Option<StmtKind> {
        let StmtKind::RaiseMessage {
            level,
            format,
            condition,
            args,
            options,
        } = &s.kind
        else {
            return None;
        };
        let option = |name: &str| {
            options
                .iter()
                .find(|(n, _)| n.text.eq_ignore_ascii_case(name))
                .map(|(_, v)| (*v.expr).clone())
        };
        let is_exception = level.as_deref().is_none_or(|l| l == "EXCEPTION");
        // The message: the format with its arguments, or USING MESSAGE.
        let mut message = match format {
            Some(f) => format_message(&f.expr, args),
            None => option("MESSAGE"),
        };
        if !is_exception {
            let message = message.unwrap_or_else(|| string(""));
            let call = ora_expr("DBMS_OUTPUT.PUT_LINE(NULL)")?;
            return Some(StmtKind::Call(pl_expr(with_args(call, vec![message])?)));
        }
        for extra in ["DETAIL", "HINT"] {
            if let (Some(m), Some(d)) = (message.clone(), option(extra)) {
                message = Some(concat(vec![
                    m,
                    string(&format!(" ({extra}: ")),
                    nested(d),
                    string(")"),
                ]));
            }
        }
        // The SQLSTATE: USING ERRCODE, or the condition.
        let errcode = option("ERRCODE");
        let sqlstate = match (&errcode, condition) {
            (Some(Expr::Value(v)), _) => match &v.value {
                Value::SingleQuotedString(code) => Some(sqlstate_of(code)),
                _ => None,
            },
            (Some(_), _) => None,
            (None, Some(c)) => {
                let text = c.text.trim();
                if let Some(code) = text
                    .strip_prefix("SQLSTATE")
                    .or_else(|| text.strip_prefix("sqlstate"))
                {
                    Some(code.trim().trim_matches('\'').to_ascii_uppercase())
                } else if message.is_none() {
                    // `RAISE unique_violation`: the predefined exception.
                    return match oracle_errors().predefined_for_condition(text) {
                        Some(p) => Some(StmtKind::Raise(Some(Name {
                            text: p.name.clone(),
                            span: Span::default(),
                        }))),
                        None => {
                            self.findings.push(Finding::new(
                                Code::SP0216,
                                c.span,
                                format!("RAISE {text}: DM has no predefined exception for this PostgreSQL condition"),
                            ));
                            None
                        }
                    };
                } else {
                    Some(sqlstate_of(text))
                }
            }
            (None, None) => Some("P0001".to_string()),
        };
        let number = match sqlstate
            .as_deref()
            .and_then(|s| oracle_errors().application_error(s))
        {
            Some(a) => a.number,
            None => {
                self.findings.push(Finding::new(
                    Code::SP0358,
                    s.span,
                    format!(
                        "ERRCODE {} has no number in [[application_errors]]: RAISE_APPLICATION_ERROR uses -20000",
                        sqlstate.as_deref().unwrap_or("(computed at run time)")
                    ),
                ));
                -20000
            }
        };
        let message = message.unwrap_or_else(|| string(sqlstate.as_deref().unwrap_or("P0001")));
        let call = ora_expr("RAISE_APPLICATION_ERROR(NULL, NULL)")?;
        let number = ora_expr(&number.to_string())?;
        Some(StmtKind::Call(pl_expr(with_args(
            call,
            vec![number, message],
        )?)))
    }
}

/// The SQLSTATE of an `ERRCODE` value: a five-character code as written, or
/// a condition name (`unique_violation`) looked up in the error table.
fn sqlstate_of(code: &str) -> String {
    let table = oracle_errors();
    table
        .codes
        .iter()
        .find(|c| c.condition.eq_ignore_ascii_case(code))
        .map_or_else(|| code.to_ascii_uppercase(), |c| c.sqlstate.clone())
}

/// `'fmt % …'` with its arguments as one concatenation; a format that is not
/// a string literal is used as it is.
fn format_message(format: &Expr, args: &[PlExpr]) -> Option<Expr> {
    let text = match format {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => s.clone(),
            Value::DollarQuotedString(d) => d.value.clone(),
            _ => return Some(format.clone()),
        },
        _ => return Some(format.clone()),
    };
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut args = args.iter();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            literal.push('%');
            continue;
        }
        match args.next() {
            Some(a) => {
                if !literal.is_empty() {
                    parts.push(string(&std::mem::take(&mut literal)));
                }
                parts.push(nested((*a.expr).clone()));
            }
            None => literal.push('%'),
        }
    }
    if !literal.is_empty() || parts.is_empty() {
        parts.push(string(&literal));
    }
    Some(concat(parts))
}

fn string(s: &str) -> Expr {
    super::text_literal(s)
}

/// `e` in parentheses unless it is a single term.
fn nested(e: Expr) -> Expr {
    match e {
        Expr::Identifier(_)
        | Expr::CompoundIdentifier(_)
        | Expr::Value(_)
        | Expr::Function(_)
        | Expr::Nested(_)
        | Expr::Cast { .. } => e,
        other => Expr::Nested(Box::new(other)),
    }
}

/// `a || b || …`.
fn concat(parts: Vec<Expr>) -> Expr {
    let mut parts = parts.into_iter();
    let first = parts.next().unwrap_or_else(|| string(""));
    parts.fold(first, |left, right| Expr::BinaryOp {
        left: Box::new(left),
        op: BinaryOperator::StringConcat,
        right: Box::new(right),
    })
}

/// A call parsed from a template with its arguments replaced.
fn with_args(mut call: Expr, values: Vec<Expr>) -> Option<Expr> {
    use sqlparser::ast::{FunctionArg, FunctionArgExpr, FunctionArguments};
    let Expr::Function(f) = &mut call else {
        return None;
    };
    let FunctionArguments::List(list) = &mut f.args else {
        return None;
    };
    list.args = values
        .into_iter()
        .map(|v| FunctionArg::Unnamed(FunctionArgExpr::Expr(v)))
        .collect();
    Some(call)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn raise_levels_and_errcodes() {
        insta::assert_snapshot!(translated(
            "CREATE PROCEDURE pr_admit(p_ward varchar, p_patient_id bigint) LANGUAGE plpgsql AS $$\nBEGIN\n    IF p_ward IS NULL THEN\n        RAISE EXCEPTION '病区 % 不存在（患者 %）', p_ward, p_patient_id USING ERRCODE = 'P0002', HINT = '检查病区字典';\n    END IF;\n    RAISE NOTICE '入院：患者 % 进入病区 %，占用率 100%%', p_patient_id, p_ward;\n    RAISE EXCEPTION USING MESSAGE = '床位已满', ERRCODE = 'HIS01';\n    RAISE unique_violation;\nEXCEPTION WHEN others THEN\n    RAISE;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
