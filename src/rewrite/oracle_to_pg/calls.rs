//! `calls`: call statements as PL/pgSQL writes them.
//!
//! **What it does.**
//! - `DBMS_OUTPUT.PUT_LINE(x)` and `DBMS_OUTPUT.PUT(x)` become
//!   `RAISE NOTICE '%', x`; `DBMS_OUTPUT.NEW_LINE`, `ENABLE` and `DISABLE`
//!   become `NULL;`.
//! - Any other call statement `p(…);` becomes `CALL p(…);`, or
//!   `PERFORM f(…);` when the script defines `f` as a function (a routine
//!   another pass made a function, for example).
//!
//! **Why.** A bare call does not compile in PL/pgSQL: a procedure is called
//! with `CALL`, and a function whose result is not used with `PERFORM`. In
//! PL/SQL a call statement can only call a procedure, so `CALL` is right
//! for every routine the script does not define as a function; a routine
//! defined elsewhere gets a warning, since only its definition can tell.
//! PostgreSQL has no `DBMS_OUTPUT` buffer (without orafce); a notice reaches
//! the client at once, which is what `SET SERVEROUTPUT ON` scripts want.
//!
//! **Example.**
//!
//! ```sql
//! sp_his_log('IP_ADMIT', 'INFO', l_msg);       -- PL/SQL
//! DBMS_OUTPUT.PUT_LINE('done: ' || l_rows);
//! CALL sp_his_log('IP_ADMIT', 'INFO', l_msg);  -- PL/pgSQL
//! RAISE NOTICE '%', 'done: ' || l_rows;
//! ```
//!
//! **Findings.** `SP0341` (warning, once per unit and routine) for a call
//! of a routine the script does not define; `SP0444` (info, once per unit)
//! for `DBMS_OUTPUT`. Oracle's own packages (`DBMS_*`, `UTL_*`) are left
//! to the passes that flag them.

use std::collections::{HashMap, HashSet};

use sqlparser::ast::{Expr, FunctionArgumentList, FunctionArguments, Statement};

use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Script};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

use super::{built, built_sql, call_parts, pg_statement, string_lit};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Calls;

impl Pass for Calls {
    fn name(&self) -> &'static str {
        "calls"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let routines = defined_routines(script);
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            let mut v = Rewrite {
                routines: &routines,
                unknown: HashSet::new(),
                dbms_output: None,
                findings: Vec::new(),
            };
            walk_program(&mut v, program);
            if let Some(span) = v.dbms_output {
                v.findings.push(
                    Finding::new(
                        Code::SP0444,
                        span,
                        "DBMS_OUTPUT became RAISE NOTICE: the text reaches the client as a notice",
                    )
                    .with_help("clients see notices when client_min_messages is notice or lower (psql's default)"),
                );
            }
            cx.findings.append(&mut v.findings);
            unit.rewritten = true;
        }
    }
}

/// The routines the script defines, upper-cased: standalone ones by their
/// name (and its last part), package members as `PKG.NAME` and `NAME`.
pub(super) fn defined_routines(script: &Script) -> HashMap<String, RoutineKind> {
    let mut map = HashMap::new();
    let mut add = |name: &str, kind: RoutineKind| {
        let upper = name.to_ascii_uppercase();
        if let Some(last) = upper.rsplit('.').next() {
            map.insert(last.to_string(), kind);
        }
        map.insert(upper, kind);
    };
    for unit in script.units() {
        let Content::Program(p) = &unit.content else {
            continue;
        };
        match &p.unit {
            ProgramUnit::Routine(r) => add(&r.name.text, r.kind),
            ProgramUnit::Package(pkg) => {
                for d in &pkg.declarations {
                    if let Declaration::Routine(r) = d {
                        add(&format!("{}.{}", pkg.name.text, r.name.text), r.kind);
                    }
                }
            }
            _ => {}
        }
    }
    map
}

struct Rewrite<'a> {
    routines: &'a HashMap<String, RoutineKind>,
    unknown: HashSet<String>,
    dbms_output: Option<Span>,
    findings: Vec<Finding>,
}

/// Oracle-supplied packages: other passes decide what they become.
fn is_oracle_supplied(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["DBMS_", "UTL_", "SYS.", "APEX_", "OWA_", "HTP."]
        .iter()
        .any(|p| upper.starts_with(p))
}

impl Rewrite<'_> {
    fn call(&mut self, span: Span, expr: &Expr) -> Option<StmtKind> {
        let (name, args) = call_parts(expr)?;
        let upper = name.to_ascii_uppercase();
        if let Some(what) = upper.strip_prefix("DBMS_OUTPUT.") {
            self.dbms_output.get_or_insert(span);
            return match (what, args.as_slice()) {
                ("PUT_LINE" | "PUT", [(_, x)]) => Some(StmtKind::RaiseMessage {
                    level: Some("NOTICE".to_string()),
                    format: Some(built(string_lit("%"))),
                    condition: None,
                    args: vec![built(x.clone())],
                    options: Vec::new(),
                }),
                ("NEW_LINE" | "ENABLE" | "DISABLE", _) => Some(StmtKind::Null),
                _ => None,
            };
        }
        if upper == "RAISE_APPLICATION_ERROR" {
            return None;
        }
        // `l_list.EXTEND;`: a collection method, not a routine (the
        // collections pass decides what it becomes).
        if let Some((_, method)) = upper.rsplit_once('.')
            && matches!(method, "EXTEND" | "DELETE" | "TRIM")
        {
            return None;
        }
        if self.routines.get(&upper) == Some(&RoutineKind::Function) {
            let select = pg_statement(&format!("SELECT {expr}"))?;
            return Some(StmtKind::Perform(Box::new(built_sql(select))));
        }
        if !self.routines.contains_key(&upper)
            && !is_oracle_supplied(&name)
            && self.unknown.insert(upper)
        {
            self.findings.push(
                Finding::new(
                    Code::SP0341,
                    span,
                    format!("`{name}` is not defined in this script; its call became CALL, as for a procedure"),
                )
                .with_help("if it is a function on the target, write PERFORM instead of CALL"),
            );
        }
        let function = match expr {
            Expr::Function(f) => {
                let mut f = f.clone();
                if matches!(f.args, FunctionArguments::None) {
                    f.args = FunctionArguments::List(FunctionArgumentList {
                        duplicate_treatment: None,
                        args: Vec::new(),
                        clauses: Vec::new(),
                    });
                }
                f
            }
            _ => match pg_statement(&format!("CALL {expr}()"))? {
                Statement::Call(f) => f,
                _ => return None,
            },
        };
        Some(StmtKind::Sql(Box::new(built_sql(Statement::Call(
            function,
        )))))
    }
}

impl VisitMut for Rewrite<'_> {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            if let StmtKind::Call(c) = &s.kind
                && let Some(kind) = self.call(s.span, &c.expr.clone())
            {
                s.kind = kind;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn calls_become_call_perform_or_notice() {
        let script = "CREATE OR REPLACE PROCEDURE sp_his_log (p_mod IN VARCHAR2, p_level IN VARCHAR2, p_msg IN VARCHAR2) IS
BEGIN
  INSERT INTO his_log (module, log_level, msg) VALUES (p_mod, p_level, p_msg);
END;
/
CREATE OR REPLACE FUNCTION fn_touch (p_id IN NUMBER) RETURN NUMBER IS
BEGIN
  UPDATE ip_bed SET update_time = SYSDATE WHERE bed_id = p_id;
  RETURN SQL%ROWCOUNT;
END;
/
BEGIN
  DBMS_OUTPUT.ENABLE(1000000);
  sp_his_log('JOB', 'INFO', '开始');
  sp_his_log(p_mod => 'JOB', p_level => 'INFO', p_msg => '继续');
  fn_touch(1);
  sp_refresh_stats;
  pkg_ip_admission.assign_bed(1001, 12);
  DBMS_LOCK.SLEEP(1);
  l_ids.EXTEND;
  DBMS_OUTPUT.PUT_LINE('完成：' || TO_CHAR(SYSDATE, 'YYYY-MM-DD'));
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
