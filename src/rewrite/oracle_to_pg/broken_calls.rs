//! `broken-calls`: a call of a routine sqlport could not translate
//! completely is flagged where it is made.
//!
//! **What it does.** After every other pass, finds the routines of the
//! script (standalone, and those of package bodies) that carry an error
//! finding — the routine may not be created on the target, or fails where
//! it reaches the untranslated part — and, through the script's call graph,
//! the routines that call them. Every call of such a routine from another
//! unit or routine (a `CALL` at top level, an anonymous block, another
//! routine) gets a warning at the call, once per caller and routine.
//! Nothing is rewritten.
//!
//! **Why.** The error is reported at the broken routine, but the failure
//! shows where the routine is called: `CALL pkg_op_billing.daily_close(…)`
//! fails with "procedure pkg_op_billing.log_msg does not exist" when
//! `log_msg` could not be created, and a report that says nothing at that
//! line hides where the work is. The issue's rule is that no statement fails
//! without a finding at its line.
//!
//! **Example.**
//!
//! ```sql
//! CREATE OR REPLACE PROCEDURE p_export (p_dir VARCHAR2) IS
//!   f UTL_FILE.FILE_TYPE;                 -- error SP0271: no UTL_FILE
//! BEGIN … END;
//! BEGIN
//!   p_export('/data');                    -- warning SP0388: p_export is not fully translated
//! END;
//! ```
//!
//! **Findings.** `SP0388` (warning): the call runs as written only if the
//! routine was created and does not reach its untranslated part.

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;

use sqlparser::ast::{Expr, Statement, visit_expressions, visit_statements};

use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program, walk_routine};
use crate::ast::{Content, Script};
use crate::report::{Code, Finding, Severity};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrokenCalls;

/// A caller: a routine, or a unit's top-level code, and what it calls.
struct Caller {
    /// The routine's name, upper-cased (`PKG.F` for a package's); `None`
    /// for a unit that defines no routine.
    name: Option<String>,
    /// Where it is in the input.
    span: Span,
    /// The names it calls, upper-cased as the output writes them.
    calls: HashSet<String>,
}

impl Pass for BrokenCalls {
    fn name(&self) -> &'static str {
        "broken-calls"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let callers = callers(script);
        // Routines with an error finding inside: the first error's line.
        let mut broken: HashMap<String, String> = HashMap::new();
        for c in &callers {
            let Some(name) = &c.name else { continue };
            if c.span.is_empty() {
                continue;
            }
            if let Some(f) = cx
                .findings
                .iter()
                .find(|f| f.severity == Severity::Error && c.span.contains(f.span.start))
            {
                let line = cx.file.position(f.span.start).line;
                broken
                    .entry(name.clone())
                    .or_insert(format!("error {} at line {line}", f.code));
            }
        }
        // …and the routines that call them, until nothing changes.
        loop {
            let mut more = Vec::new();
            for c in &callers {
                let Some(name) = &c.name else { continue };
                if broken.contains_key(name) {
                    continue;
                }
                if let Some(callee) = c.calls.iter().find(|n| broken.contains_key(*n)) {
                    more.push((name.clone(), format!("through {}", callee.to_lowercase())));
                }
            }
            if more.is_empty() {
                break;
            }
            broken.extend(more);
        }
        let text = cx.file.text();
        for c in &callers {
            let mut callees: Vec<&String> = c
                .calls
                .iter()
                .filter(|n| broken.contains_key(*n) && Some(*n) != c.name.as_ref())
                .collect();
            callees.sort();
            for callee in callees {
                let why = &broken[callee];
                let shown = callee.to_lowercase();
                let at = find_word(text, c.span, shown.rsplit('.').next().unwrap_or(&shown))
                    .unwrap_or(c.span);
                cx.findings.push(
                    Finding::new(
                        Code::SP0388,
                        at,
                        format!(
                            "calls {shown}, which sqlport left incomplete ({why}): this call fails if {shown} was not created or reaches the untranslated part"
                        ),
                    )
                    .with_help(format!(
                        "resolve the error findings of {shown} first; this call then works as translated"
                    )),
                );
            }
        }
    }
}

/// The callers of `script`: each routine, and each unit's top-level code.
fn callers(script: &mut Script) -> Vec<Caller> {
    let mut out = Vec::new();
    for unit in script.units_mut() {
        let span = unit.body;
        match &mut unit.content {
            Content::Sql(statements) => {
                let mut calls = HashSet::new();
                for s in statements.iter() {
                    called_in_statement(s, &mut calls);
                }
                out.push(Caller {
                    name: None,
                    span,
                    calls,
                });
            }
            Content::Program(program) => match &mut program.unit {
                ProgramUnit::Routine(r) => out.push(routine_caller(r, span)),
                ProgramUnit::Package(p) => {
                    for d in &mut p.declarations {
                        if let Declaration::Routine(r) = d
                            && r.body.is_some()
                        {
                            out.push(routine_caller(r, r.span));
                        }
                    }
                }
                _ => {
                    let mut v = Calls::default();
                    walk_program(&mut v, program);
                    out.push(Caller {
                        name: None,
                        span,
                        calls: v.names,
                    });
                }
            },
            _ => {}
        }
    }
    out
}

fn routine_caller(r: &mut Routine, fallback: Span) -> Caller {
    let mut v = Calls::default();
    walk_routine(&mut v, r);
    Caller {
        name: Some(r.name.text.to_ascii_uppercase()),
        span: if r.span.is_empty() { fallback } else { r.span },
        calls: v.names,
    }
}

/// The names of the routines called in a program's code.
#[derive(Default)]
struct Calls {
    names: HashSet<String>,
}

impl VisitMut for Calls {
    fn expr(&mut self, e: &mut PlExpr) {
        called_in_expr(&e.expr, &mut self.names);
    }

    fn sql(&mut self, sql: &mut EmbeddedSql) {
        called_in_statement(&sql.statement, &mut self.names);
    }
}

fn called_in_expr(e: &Expr, names: &mut HashSet<String>) {
    let _ = visit_expressions(e, |e| {
        if let Expr::Function(f) = e {
            names.insert(f.name.to_string().to_ascii_uppercase());
        }
        ControlFlow::<()>::Continue(())
    });
}

fn called_in_statement(s: &Statement, names: &mut HashSet<String>) {
    let _ = visit_statements(s, |s| {
        if let Statement::Call(f) = s {
            names.insert(f.name.to_string().to_ascii_uppercase());
        }
        ControlFlow::<()>::Continue(())
    });
    let _ = visit_expressions(s, |e| {
        if let Expr::Function(f) = e {
            names.insert(f.name.to_string().to_ascii_uppercase());
        }
        ControlFlow::<()>::Continue(())
    });
}

/// The first occurrence of `word` (any case, as a whole word) in `within`.
fn find_word(text: &str, within: Span, word: &str) -> Option<Span> {
    let hay = text.get(within.start..within.end)?.to_ascii_lowercase();
    let needle = word.to_ascii_lowercase();
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$' || c == '#';
    let mut from = 0;
    while let Some(at) = hay[from..].find(&needle) {
        let start = from + at;
        let end = start + needle.len();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(Span::new(within.start + start, within.start + end));
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn callers_of_a_routine_with_an_error_are_flagged_at_the_call() {
        // 交班导出：用了 UTL_FILE 的过程无法完整翻译，调用它的地方都要标出。
        let script = "CREATE OR REPLACE PROCEDURE p_export_shift (p_ward IN VARCHAR2) IS
  f UTL_FILE.FILE_TYPE;
BEGIN
  f := UTL_FILE.FOPEN('NUR_DIR', p_ward || '.txt', 'w');
  UTL_FILE.PUT_LINE(f, '交班记录');
  UTL_FILE.FCLOSE(f);
END p_export_shift;
/
CREATE OR REPLACE PROCEDURE p_shift_close (p_ward IN VARCHAR2) IS
BEGIN
  UPDATE nur_shift SET status = 'C' WHERE ward_code = p_ward;
  p_export_shift(p_ward);
END p_shift_close;
/
BEGIN
  p_shift_close('W301');
END;
/
CALL p_export_shift('W302');
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
