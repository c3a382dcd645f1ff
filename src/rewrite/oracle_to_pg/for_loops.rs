//! `for-loops`: `FOR` loops and cursor records as PL/pgSQL needs them.
//!
//! **What it does.**
//! - `FOR i IN REVERSE low..high` becomes `FOR i IN REVERSE high..low`.
//! - The record of a `FOR r IN (SELECT …)` loop (or a dynamic one) is
//!   declared, `r record;`, in the enclosing block when it is not already.
//! - A variable declared `c%ROWTYPE` of a cursor `c` becomes `record`.
//! - A label on a statement other than a loop or block (a `GOTO` target,
//!   flagged by `transaction-control`) is dropped: PL/pgSQL rejects it.
//!
//! **Why.** PL/SQL's `REVERSE` runs from the upper bound down with the
//! bounds written low..high; PL/pgSQL wants them written in the order they
//! are run. PL/SQL declares a loop record implicitly for any cursor `FOR`
//! loop, PL/pgSQL only for a loop over a declared cursor: a loop over a
//! query needs a declared `record` variable. PL/pgSQL's `%ROWTYPE` takes a
//! table or view, not a cursor; a `record` takes the shape of the row
//! fetched into it.
//!
//! **Example.**
//!
//! ```sql
//! FOR i IN REVERSE 1..l_days LOOP …                         -- PL/SQL
//! FOR r IN (SELECT bed_id FROM ip_bed) LOOP …
//! FOR i IN REVERSE l_days..1 LOOP …                         -- PL/pgSQL
//! DECLARE r record; … FOR r IN (SELECT bed_id FROM ip_bed) LOOP …
//! ```
//!
//! **Findings.** None: the meaning is Oracle's.

use std::collections::HashSet;

use crate::ast::Content;
use crate::ast::procedural::*;
use crate::ast::visit::{VisitMut, walk_program};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

use super::built_name;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct ForLoops;

impl Pass for ForLoops {
    fn name(&self) -> &'static str {
        "for-loops"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            if let Content::Program(program) = &mut unit.content {
                let mut cursors = Cursors::default();
                walk_program(&mut cursors, program);
                walk_program(&mut Loops { cursors: cursors.0 }, program);
                unit.rewritten = true;
            }
        }
    }
}

/// The cursors a unit declares, lower-cased.
#[derive(Default)]
struct Cursors(HashSet<String>);

impl VisitMut for Cursors {
    fn declarations(&mut self, decls: &mut Vec<Declaration>) {
        for d in decls.iter() {
            if let Declaration::Cursor(c) = d {
                self.0.insert(c.name.text.to_ascii_lowercase());
            }
        }
    }
}

struct Loops {
    cursors: HashSet<String>,
}

fn record_type() -> TypeRef {
    TypeRef {
        span: Span::default(),
        kind: TypeRefKind::Named(built_name("record")),
    }
}

/// The records of query loops directly in `stmts` (not in nested blocks,
/// which declare their own).
fn query_loop_records(stmts: &[Stmt], out: &mut Vec<String>) {
    for s in stmts {
        if let StmtKind::ForCursor {
            record,
            source: CursorSource::Query(_) | CursorSource::Dynamic { .. },
            ..
        } = &s.kind
        {
            out.push(record.text.clone());
        }
        for list in s.kind.nested_lists() {
            query_loop_records(list, out);
        }
    }
}

impl VisitMut for Loops {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            // PL/pgSQL labels only blocks and loops; on any other statement
            // a label can only be a GOTO target (flagged as SP0242).
            if !s.labels.is_empty()
                && !matches!(
                    s.kind,
                    StmtKind::Loop(_)
                        | StmtKind::While { .. }
                        | StmtKind::ForRange { .. }
                        | StmtKind::ForCursor { .. }
                        | StmtKind::Foreach { .. }
                        | StmtKind::Block(_)
                )
            {
                s.labels.clear();
            }
        }
        for s in stmts {
            if let StmtKind::ForRange {
                reverse: true,
                low,
                high,
                ..
            } = &mut s.kind
            {
                std::mem::swap(low, high);
                s.span = Span::default();
            }
        }
    }

    fn declarations(&mut self, decls: &mut Vec<Declaration>) {
        for d in decls.iter_mut() {
            if let Declaration::Variable { ty, .. } = d
                && let TypeRefKind::RowTypeOf(n) = &ty.kind
                && self.cursors.contains(&n.text.to_ascii_lowercase())
            {
                *ty = record_type();
            }
        }
    }

    fn block(&mut self, b: &mut Block) {
        let mut records = Vec::new();
        query_loop_records(&b.statements, &mut records);
        for h in &b.handlers {
            query_loop_records(&h.body, &mut records);
        }
        let mut declared: HashSet<String> = b
            .declarations
            .iter()
            .filter_map(|d| match d {
                Declaration::Variable { name, .. } => Some(name.text.to_ascii_lowercase()),
                _ => None,
            })
            .collect();
        for r in records {
            if declared.insert(r.to_ascii_lowercase()) {
                b.declarations.push(Declaration::Variable {
                    span: Span::default(),
                    name: built_name(r),
                    constant: false,
                    ty: record_type(),
                    not_null: false,
                    default: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn reverse_bounds_query_records_and_cursor_rowtypes() {
        let script = "DECLARE
  CURSOR c_wards IS SELECT ward_id, ward_name FROM ip_ward;
  l_ward  c_wards%ROWTYPE;
  l_bed   ip_bed%ROWTYPE;
BEGIN
  FOR i IN REVERSE 1 .. 3 LOOP
    DBMS_OUTPUT.PUT_LINE(i);
  END LOOP;
  FOR r IN (SELECT bed_id FROM ip_bed WHERE bed_status = 'E') LOOP
    FOR r2 IN (SELECT log_id FROM ip_bed_log WHERE bed_id = r.bed_id) LOOP
      NULL;
    END LOOP;
  END LOOP;
  <<wards>>
  FOR w IN c_wards LOOP
    NULL;
  END LOOP wards;
  <<done>>
  NULL;
  OPEN c_wards;
  FETCH c_wards INTO l_ward;
  CLOSE c_wards;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
