//! `nested-routines`: procedures and functions declared inside a block.
//!
//! **What it does.** Reports each procedure or function declared in the
//! declare section of a routine, trigger or anonymous block (a package's own
//! routines are not nested: they become schema-level routines). The
//! declaration is kept as written.
//!
//! **Why.** PL/pgSQL has no nested subprograms: every function is a schema
//! object, and it cannot see the variables of the routine that called it,
//! which Oracle's nested routines often use. Moving one out means passing it
//! those variables, a choice sqlport leaves to a person.
//!
//! **Example.**
//!
//! ```sql
//! PROCEDURE generate_plan (p_order_id IN NUMBER) IS
//!   v_order nur_order%ROWTYPE;
//!   PROCEDURE add_plan (p_time IN DATE) IS   -- SP0259: uses v_order
//!   BEGIN … v_order.start_time … END add_plan;
//! BEGIN … END;
//! ```
//!
//! **Findings.** `SP0259` (error), per nested routine.

use crate::ast::Content;
use crate::ast::procedural::{
    Block, Declaration, ProgramUnit, Routine, Stmt, StmtKind, TriggerBody,
};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct NestedRoutines;

impl Pass for NestedRoutines {
    fn name(&self) -> &'static str {
        "nested-routines"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        for unit in script.units() {
            let Content::Program(program) = &unit.content else {
                continue;
            };
            let mut found = Vec::new();
            match &program.unit {
                ProgramUnit::Routine(r) => routine(r, &mut found),
                ProgramUnit::Package(p) => {
                    for d in &p.declarations {
                        if let Declaration::Routine(r) = d {
                            routine(r, &mut found);
                        }
                    }
                }
                ProgramUnit::Trigger(t) => {
                    if let TriggerBody::Simple(b) = &t.body {
                        block(b, &mut found);
                    }
                }
                ProgramUnit::Block(b) => block(b, &mut found),
                ProgramUnit::Type(_) | ProgramUnit::TypeBody(_) => {}
            }
            for r in found {
                cx.findings.push(
                    Finding::new(
                        Code::SP0259,
                        r.name.span,
                        format!(
                            "{} is declared inside another routine; PL/pgSQL has no nested routines",
                            r.name.text
                        ),
                    )
                    .with_help("make it a routine of its own (in the package's schema), passing it the variables of the enclosing routine it uses"),
                );
            }
        }
    }
}

fn routine<'a>(r: &'a Routine, found: &mut Vec<&'a Routine>) {
    if let Some(b) = &r.body {
        block(b, found);
    }
}

/// The routines with a body declared in `b` and in the blocks inside it.
fn block<'a>(b: &'a Block, found: &mut Vec<&'a Routine>) {
    for d in &b.declarations {
        if let Declaration::Routine(r) = d
            && r.body.is_some()
        {
            found.push(r);
            routine(r, found);
        }
    }
    statements(&b.statements, found);
    for h in &b.handlers {
        statements(&h.body, found);
    }
}

fn statements<'a>(stmts: &'a [Stmt], found: &mut Vec<&'a Routine>) {
    for s in stmts {
        match &s.kind {
            StmtKind::Block(b) => block(b, found),
            StmtKind::If {
                branches,
                otherwise,
            } => {
                for br in branches {
                    statements(&br.body, found);
                }
                if let Some(o) = otherwise {
                    statements(o, found);
                }
            }
            StmtKind::Case {
                whens, otherwise, ..
            } => {
                for br in whens {
                    statements(&br.body, found);
                }
                if let Some(o) = otherwise {
                    statements(o, found);
                }
            }
            StmtKind::Loop(body)
            | StmtKind::While { body, .. }
            | StmtKind::ForRange { body, .. }
            | StmtKind::ForCursor { body, .. }
            | StmtKind::Foreach { body, .. } => statements(body, found),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    #[test]
    fn nested_routines_are_reported_package_routines_are_not() {
        let input = "CREATE OR REPLACE PACKAGE BODY pkg_nur_exec IS\n  PROCEDURE generate_plan (p_order_id IN NUMBER) IS\n    v_count PLS_INTEGER := 0;\n    -- 生成一条执行计划\n    PROCEDURE add_plan (p_time IN DATE) IS\n    BEGIN\n      v_count := v_count + 1;\n    END add_plan;\n  BEGIN\n    add_plan(SYSDATE);\n  END generate_plan;\nEND pkg_nur_exec;\n/\n";
        let report = crate::check(input, &Options::new(Source::Oracle, Target::Highgo));
        let hits: Vec<(usize, usize)> = report
            .findings
            .iter()
            .filter(|f| f.code == crate::Code::SP0259)
            .map(|f| (f.start.line, f.start.column))
            .collect();
        assert_eq!(hits, vec![(5, 15)]);
        let dameng = crate::check(input, &Options::new(Source::Oracle, Target::Dameng));
        assert!(
            dameng
                .findings
                .iter()
                .all(|f| f.code != crate::Code::SP0259)
        );
    }
}
