//! `routine-shell`: the header of a PL/SQL routine made a PostgreSQL one.
//!
//! **What it does.** For every procedure and function (standalone, nested,
//! in a package):
//! - a parameter after one with a default gets `DEFAULT NULL`;
//! - an `OUT` parameter of a procedure becomes `INOUT` before kernel 14 (and
//!   from 14 when it follows a defaulted parameter, where PostgreSQL allows
//!   no `OUT`), and the body starts by setting it to `NULL`, as Oracle's
//!   `OUT` does;
//! - a `table%ROWTYPE` parameter or return type becomes the table's row
//!   type, `table`;
//! - header clauses: `AUTHID …`, `RESULT_CACHE`, `PARALLEL_ENABLE` are
//!   dropped; `DETERMINISTIC` becomes `IMMUTABLE` for a function that runs no
//!   SQL, else `STABLE`; the compiler hints `PRAGMA INLINE` and `PRAGMA UDF`
//!   are dropped; `ACCESSIBLE BY (…)` is dropped with a warning (PostgreSQL
//!   decides who calls a routine by grants only);
//! - a call specification (`AS LANGUAGE C …`) is reported: its code is
//!   outside the database.
//!
//! The printer writes the rest of the shell: `$$` body, `RETURNS`, `INOUT`,
//! no `NOCOPY`, and `LANGUAGE plpgsql`.
//!
//! **Why.** PostgreSQL requires defaults on every input parameter after a
//! defaulted one; it accepts `OUT` in procedures only from 14; its argument
//! types take `%TYPE` but not `%ROWTYPE`; `AUTHID` is PL/SQL only, and a
//! PostgreSQL routine runs with its caller's rights unless marked
//! `SECURITY DEFINER` (which forbids `COMMIT`): the rights model is left to
//! the grants, with a finding.
//!
//! **Example.**
//!
//! ```sql
//! -- Oracle
//! CREATE OR REPLACE PROCEDURE sp_charge (p_day IN DATE DEFAULT SYSDATE,
//!   p_dept IN NUMBER, o_total OUT NUMBER) AUTHID DEFINER IS BEGIN … END;
//! -- PostgreSQL 12
//! CREATE OR REPLACE PROCEDURE sp_charge(p_day DATE DEFAULT SYSDATE,
//!   p_dept NUMBER DEFAULT NULL, INOUT o_total NUMBER) AS $$ BEGIN
//!   o_total := NULL; … END; $$ LANGUAGE plpgsql;
//! ```
//!
//! **Nested routines.** A procedure or function declared inside a block
//! reads and writes the enclosing block's variables; PL/pgSQL has no nested
//! routines, and hoisting one into a separate function would need every such
//! variable passed in and out. That is a design decision per routine, so it
//! is flagged (`SP0241`) rather than hoisted.
//!
//! **Findings.** `SP0241` nested routine (error), `SP0243` function with
//! `OUT` parameters and a return value (error), `SP0440` header clause
//! changed (info), `SP0441` `OUT` became `INOUT` (info), `SP0381`
//! `ACCESSIBLE BY` dropped (warning), `SP0281` call specification (error).

use sqlparser::ast::Expr;

use crate::ast::Content;
use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct RoutineShell;

impl Pass for RoutineShell {
    fn name(&self) -> &'static str {
        "routine-shell"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let out_allowed = cx.options.kernel().unwrap_or(12) >= 14;
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let mut v = Shell {
                out_allowed,
                findings: Vec::new(),
            };
            walk_program(&mut v, program);
            cx.findings.append(&mut v.findings);
            unit.rewritten = true;
        }
    }
}

struct Shell {
    out_allowed: bool,
    findings: Vec<Finding>,
}

impl VisitMut for Shell {
    fn routine(&mut self, r: &mut Routine) {
        // OUT → INOUT first: an INOUT parameter is an input one, and
        // needs a default after a defaulted parameter.
        self.out_params(r);
        defaults_after_defaults(r);
        rowtype_params(r);
        self.options(r);
        self.call_spec(r);
    }

    fn block(&mut self, b: &mut Block) {
        // Compiler hints with no PL/pgSQL meaning.
        let mut dropped = None;
        b.declarations.retain(|d| match d {
            Declaration::Pragma { span, name, .. }
                if name.eq_ignore_ascii_case("INLINE") || name.eq_ignore_ascii_case("UDF") =>
            {
                dropped.get_or_insert((*span, name.clone()));
                false
            }
            _ => true,
        });
        if let Some((span, name)) = dropped {
            self.findings.push(
                Finding::new(
                    Code::SP0440,
                    span,
                    format!("PRAGMA {name} was dropped: a PL/SQL compiler hint PL/pgSQL has not"),
                )
                .with_help("nothing to do"),
            );
        }
        for d in &b.declarations {
            if let Declaration::Routine(r) = d {
                self.findings.push(
                    Finding::new(
                        Code::SP0241,
                        r.span,
                        format!(
                            "{} `{}` is declared inside a block; PL/pgSQL has no nested routines",
                            kind_word(r.kind),
                            r.name.text
                        ),
                    )
                    .with_help(
                        "move it out as a separate function or procedure, passing the enclosing variables it uses as parameters",
                    ),
                );
            }
        }
    }
}

fn kind_word(kind: RoutineKind) -> &'static str {
    match kind {
        RoutineKind::Procedure => "procedure",
        RoutineKind::Function => "function",
    }
}

/// PostgreSQL: "input parameters after one with a default value must also
/// have defaults". `OUT` parameters are not input parameters.
fn defaults_after_defaults(r: &mut Routine) {
    let mut seen_default = false;
    for p in &mut r.params {
        if p.mode == ParamMode::Out {
            continue;
        }
        if p.default.is_some() {
            seen_default = true;
        } else if seen_default {
            p.default = Some(PlExpr {
                span: Span::default(),
                expr: Box::new(Expr::Value(sqlparser::ast::Value::Null.into())),
            });
            p.span = Span::default();
        }
    }
}

/// `t%ROWTYPE` is not an argument type in PostgreSQL; the table's name is
/// its row type.
fn rowtype_params(r: &mut Routine) {
    let types = r
        .params
        .iter_mut()
        .map(|p| &mut p.ty)
        .chain(r.returns.as_mut());
    for ty in types {
        if let TypeRefKind::RowTypeOf(n) = &ty.kind {
            let name = Name {
                text: n.text.clone(),
                span: Span::default(),
            };
            ty.kind = TypeRefKind::Named(name);
            ty.span = Span::default();
        }
    }
}

impl Shell {
    fn out_params(&mut self, r: &mut Routine) {
        // A function's OUT and IN OUT parameters are both part of its
        // result in PostgreSQL.
        if r.kind == RoutineKind::Function
            && r.returns.is_some()
            && let Some(first) = r
                .params
                .iter()
                .find(|p| matches!(p.mode, ParamMode::Out | ParamMode::InOut))
        {
            self.findings.push(
                Finding::new(
                    Code::SP0243,
                    first.span,
                    format!(
                        "function `{}` has OUT or IN OUT parameters and a return value; a PostgreSQL function returns one or the other",
                        r.name.text
                    ),
                )
                .with_help(
                    "make it a procedure with one more OUT parameter for the result, or return a composite type, and change its callers",
                ),
            );
            return;
        }
        let outs: Vec<usize> = (0..r.params.len())
            .filter(|&i| r.params[i].mode == ParamMode::Out)
            .collect();
        if outs.is_empty() {
            return;
        }
        match r.kind {
            RoutineKind::Function => {}
            RoutineKind::Procedure => {
                // From 14 a procedure has OUT parameters, but not after a
                // defaulted one ("procedure OUT parameters cannot appear
                // after one with a default value"): those stay INOUT.
                let first_default = r.params.iter().position(|p| p.default.is_some());
                let outs: Vec<usize> = outs
                    .into_iter()
                    .filter(|&i| !self.out_allowed || first_default.is_some_and(|d| d < i))
                    .collect();
                let Some(&first) = outs.first() else {
                    return;
                };
                let first = r.params[first].span;
                let mut names = Vec::new();
                for &i in &outs {
                    let p = &mut r.params[i];
                    p.mode = ParamMode::InOut;
                    p.span = Span::default();
                    if let Some(n) = &p.name {
                        names.push(n.text.clone());
                    }
                }
                // Oracle's OUT parameter starts NULL inside the procedure;
                // an INOUT one starts with the caller's value.
                if let Some(body) = &mut r.body {
                    let resets = names.iter().map(|n| Stmt {
                        span: Span::default(),
                        labels: Vec::new(),
                        kind: StmtKind::Assign {
                            target: PlExpr {
                                span: Span::default(),
                                expr: Box::new(Expr::Identifier(n.as_str().into())),
                            },
                            value: PlExpr {
                                span: Span::default(),
                                expr: Box::new(Expr::Value(sqlparser::ast::Value::Null.into())),
                            },
                        },
                    });
                    body.statements.splice(0..0, resets);
                }
                self.findings.push(
                    Finding::new(
                        Code::SP0441,
                        first,
                        format!(
                            "OUT parameter{} {} of procedure `{}` became INOUT ({})",
                            if names.len() == 1 { "" } else { "s" },
                            names.join(", "),
                            r.name.text,
                            if self.out_allowed {
                                "PostgreSQL allows no OUT parameter after a defaulted one"
                            } else {
                                "PostgreSQL before 14 has no OUT in procedures"
                            }
                        ),
                    )
                    .with_help(
                        "callers pass a variable as before; target kernel 14 or later (--target-version 14) keeps OUT",
                    ),
                );
            }
        }
    }

    fn options(&mut self, r: &mut Routine) {
        let runs_sql = r.body.as_ref().is_some_and(block_runs_sql);
        let mut changes = Vec::new();
        let mut first = None;
        let mut kept = Vec::new();
        for o in r.options.drain(..) {
            let word = o
                .text
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase();
            let replacement = match word.as_str() {
                // Who may call it: PostgreSQL has only EXECUTE grants.
                "ACCESSIBLE" => {
                    self.findings.push(
                        Finding::new(
                            Code::SP0381,
                            o.span,
                            format!("`{}`: {} was dropped: any role with EXECUTE may call it", r.name.text, o.text),
                        )
                        .with_help("restrict the callers with REVOKE EXECUTE … FROM PUBLIC and grants to the roles that run the allowed units"),
                    );
                    continue;
                }
                "AUTHID" | "RESULT_CACHE" | "PARALLEL_ENABLE" => None,
                "DETERMINISTIC" if runs_sql => Some("STABLE"),
                "DETERMINISTIC" => Some("IMMUTABLE"),
                _ => {
                    kept.push(o);
                    continue;
                }
            };
            first.get_or_insert(o.span);
            match replacement {
                Some(new) => {
                    changes.push(format!("{} became {new}", o.text));
                    kept.push(RoutineOption {
                        span: Span::default(),
                        text: new.to_string(),
                    });
                }
                None => changes.push(format!("{} was dropped", o.text)),
            }
        }
        r.options = kept;
        if let Some(span) = first {
            self.findings.push(
                Finding::new(
                    Code::SP0440,
                    span,
                    format!("`{}`: {}", r.name.text, changes.join("; ")),
                )
                .with_help(
                    "a PostgreSQL routine runs with its caller's privileges: grant them, or add SECURITY DEFINER (then it may not COMMIT)",
                ),
            );
        }
    }
}

impl Shell {
    /// A call specification (`AS LANGUAGE C …`, `AS LANGUAGE JAVA …`,
    /// `AS EXTERNAL …`): the routine's code is in a library PostgreSQL
    /// cannot load as written.
    fn call_spec(&mut self, r: &Routine) {
        let Some(external) = &r.external else {
            return;
        };
        self.findings.push(
            Finding::new(
                Code::SP0281,
                external.span,
                format!("`{}` is a call specification ({}): its code is outside the database", r.name.text, external.text),
            )
            .with_help("rewrite the routine in PL/pgSQL, or build a PostgreSQL C extension function (CREATE FUNCTION … LANGUAGE C AS 'library', 'symbol')"),
        );
    }
}

/// Whether a body runs SQL (then `DETERMINISTIC` cannot be `IMMUTABLE`).
fn block_runs_sql(b: &Block) -> bool {
    struct Finder(bool);
    impl VisitMut for Finder {
        fn sql(&mut self, _: &mut EmbeddedSql) {
            self.0 = true;
        }
    }
    let mut f = Finder(false);
    let mut b = b.clone();
    crate::ast::visit::walk_block(&mut f, &mut b);
    f.0 || has_cursor_or_dynamic(&b.statements)
}

fn has_cursor_or_dynamic(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::ExecuteImmediate { .. }
        | StmtKind::Open { .. }
        | StmtKind::OpenFor { .. }
        | StmtKind::ForCursor { .. }
        | StmtKind::Call(_) => true,
        StmtKind::Block(b) => has_cursor_or_dynamic(&b.statements),
        StmtKind::If {
            branches,
            otherwise,
        } => {
            branches.iter().any(|b| has_cursor_or_dynamic(&b.body))
                || otherwise.as_deref().is_some_and(has_cursor_or_dynamic)
        }
        StmtKind::Loop(body) | StmtKind::While { body, .. } | StmtKind::ForRange { body, .. } => {
            has_cursor_or_dynamic(body)
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    const SCRIPT: &str = "-- 门诊收费：按日汇总
CREATE OR REPLACE EDITIONABLE PROCEDURE sp_op_day_total
(
  p_day      IN  DATE DEFAULT TRUNC(SYSDATE),
  p_dept_id  IN  NUMBER,
  p_note     IN OUT NOCOPY VARCHAR2,
  o_total    OUT NUMBER,
  o_count    OUT PLS_INTEGER
)
AUTHID DEFINER
IS
BEGIN
  SELECT NVL(SUM(amount), 0), COUNT(*) INTO o_total, o_count
    FROM op_charge WHERE dept_id = p_dept_id AND charge_day = p_day;
END sp_op_day_total;
/
CREATE OR REPLACE FUNCTION fn_age (p_birth IN DATE, p_patient IN his_patient%ROWTYPE) RETURN NUMBER DETERMINISTIC IS
  PRAGMA UDF;
BEGIN
  RETURN TRUNC(MONTHS_BETWEEN(SYSDATE, p_birth) / 12);
END;
/
CREATE OR REPLACE FUNCTION fn_fee (p_id IN OUT NUMBER, o_msg OUT VARCHAR2) RETURN NUMBER IS
  FUNCTION local_round (x NUMBER) RETURN NUMBER IS BEGIN RETURN ROUND(x, 2); END;
BEGIN
  o_msg := 'ok';
  RETURN local_round(p_id);
END fn_fee;
/
";

    #[test]
    fn accessible_by_and_call_specifications_are_reported() {
        // 执行单号只允许护理执行包分配；床旁设备校验码由厂商 C 库计算
        insta::assert_snapshot!(translated(
            "CREATE OR REPLACE FUNCTION fn_nur_new_exec_id RETURN NUMBER
  ACCESSIBLE BY (PACKAGE pkg_nur_exec)
IS
BEGIN
  RETURN seq_nur_exec.NEXTVAL;
END fn_nur_new_exec_id;
/
CREATE OR REPLACE FUNCTION f_device_checksum (p_payload IN VARCHAR2) RETURN BINARY_INTEGER
AS LANGUAGE C
   LIBRARY his_device_lib
   NAME \"device_checksum\"
   PARAMETERS (p_payload STRING);
/
",
            &highgo()
        ));
    }

    #[test]
    fn routine_shells_on_kernel_12() {
        insta::assert_snapshot!(translated(SCRIPT, &highgo()));
    }

    #[test]
    fn out_parameters_stay_out_from_kernel_14_unless_after_a_default() {
        let script = "CREATE PROCEDURE sp_a (p_id IN NUMBER, o_total OUT NUMBER) IS BEGIN o_total := p_id; END;
/
CREATE PROCEDURE sp_b (p_id IN NUMBER DEFAULT 1, o_total OUT NUMBER) IS BEGIN o_total := p_id; END;
/
";
        let out = crate::translate(script, &highgo().with_target_version(Some(14))).sql;
        assert!(
            out.contains("sp_a(p_id NUMERIC, OUT o_total NUMERIC)"),
            "{out}"
        );
        assert!(
            out.contains("sp_b(p_id NUMERIC DEFAULT 1, INOUT o_total NUMERIC DEFAULT NULL)"),
            "{out}"
        );
        assert_eq!(out.matches("o_total := NULL").count(), 1, "{out}");
    }
}
