//! `variable-conflict`: names in SQL resolve to columns first, as in Oracle.
//!
//! **What it does.** Starts every translated body (routine, `DO` block,
//! package routine) with PL/pgSQL's compile option
//! `#variable_conflict use_column`. [`add`] does it for a body another pass
//! builds (a trigger function).
//!
//! **Why.** When a SQL statement inside PL/SQL names something that is both
//! a column and a variable or parameter (`WHERE status = status`), Oracle
//! takes the column. PL/pgSQL by default stops with "column reference is
//! ambiguous" at run time; `use_column` makes it resolve as Oracle does. For
//! code without such names the option changes nothing.
//!
//! **Example.**
//!
//! ```sql
//! CREATE FUNCTION fn_bed_count (status IN CHAR) RETURN NUMBER IS … -- Oracle
//!   SELECT COUNT(*) INTO n FROM ip_bed WHERE bed_status = status;  -- column
//! CREATE FUNCTION fn_bed_count(status CHAR) RETURNS NUMBER AS $$   -- PL/pgSQL
//! #variable_conflict use_column
//! …
//! ```
//!
//! **Findings.** None: the meaning is Oracle's.

use sqlparser::ast::Expr;

use crate::ast::Content;
use crate::ast::procedural::*;
use crate::rewrite::{Context, Pass};
use crate::source::Span;

use super::built;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct VariableConflict;

impl Pass for VariableConflict {
    fn name(&self) -> &'static str {
        "variable-conflict"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let Content::Program(program) = &mut unit.content else {
                continue;
            };
            match &mut program.unit {
                ProgramUnit::Routine(r) => {
                    if let Some(b) = &mut r.body {
                        add(b);
                    }
                }
                ProgramUnit::Block(b) => add(b),
                // A trigger's block becomes the body of a trigger function
                // only when the trigger pass rebuilds it; that pass can
                // call `add` on the body it builds.
                ProgramUnit::Trigger(_) => continue,
                ProgramUnit::Package(p) => {
                    for d in &mut p.declarations {
                        if let Declaration::Routine(r) = d
                            && let Some(b) = &mut r.body
                        {
                            add(b);
                        }
                    }
                }
                _ => continue,
            }
            unit.rewritten = true;
        }
    }
}

/// Puts the option at the start of `b`, a routine's whole body, as the
/// printer's compile-option pragma (a pragma named `#…`).
pub(crate) fn add(b: &mut Block) {
    let present = b.declarations.iter().any(
        |d| matches!(d, Declaration::Pragma { name, .. } if name.eq_ignore_ascii_case("#variable_conflict")),
    );
    if !present {
        b.declarations.insert(
            0,
            Declaration::Pragma {
                span: Span::default(),
                name: "#variable_conflict".to_string(),
                args: vec![built(Expr::Identifier("use_column".into()))],
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn bodies_resolve_columns_first() {
        let script =
            "CREATE OR REPLACE FUNCTION fn_bed_count (bed_status IN CHAR) RETURN INTEGER IS
  n INTEGER;
BEGIN
  SELECT COUNT(*) INTO n FROM ip_bed WHERE ip_bed.bed_status = bed_status;
  RETURN n;
END;
/
BEGIN
  NULL;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
