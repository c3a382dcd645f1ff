//! `cursor-moves`: PL/pgSQL cursor directions and the statements with no
//! DMSQL form.
//!
//! **What it does.** `FETCH NEXT FROM c INTO …` / `FETCH FORWARD FROM c
//! INTO …` become `FETCH c INTO …`. Other directions (`PRIOR`, `FIRST`,
//! `LAST`, `ABSOLUTE n`, `RELATIVE n`, …), `MOVE`, `FOREACH … IN ARRAY` and
//! `ALIAS FOR` declarations are kept and flagged.
//!
//! **Why.** A PL/SQL cursor fetches forward only (dameng.md, DMSQL:
//! PL/SQL syntax); DM has no SQL arrays for `FOREACH` and no `ALIAS`.
//!
//! **Example.**
//! ```sql
//! FETCH NEXT FROM c_board INTO v_code, v_seq;
//! FETCH c_board INTO v_code, v_seq;
//! ```
//!
//! **Findings.** `SP0215` (error) a direction other than `NEXT`, `MOVE`,
//! `FOREACH`; `SP0222` (error) `ALIAS FOR $n`.

use crate::ast::procedural::*;
use crate::ast::visit::VisitMut;
use crate::report::{Code, Finding};

program_pass!(CursorMoves, "cursor-moves");

impl VisitMut for Rewriter {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            match &mut s.kind {
                StmtKind::Fetch { direction, .. } => {
                    let Some(d) = direction else { continue };
                    let word = d.trim().to_ascii_uppercase();
                    if word == "NEXT" || word == "FORWARD" || word.is_empty() {
                        *direction = None;
                        self.changed = true;
                    } else {
                        self.findings.push(Finding::new(
                            Code::SP0215,
                            s.span,
                            format!("FETCH {word}: a DMSQL cursor fetches forward only; open a SCROLL cursor with DM's own syntax or reorder the query"),
                        ));
                    }
                }
                StmtKind::Move { .. } => self.findings.push(Finding::new(
                    Code::SP0215,
                    s.span,
                    "MOVE: a DMSQL cursor moves only by fetching; FETCH into variables you ignore",
                )),
                StmtKind::Foreach { .. } => self.findings.push(Finding::new(
                    Code::SP0215,
                    s.span,
                    "FOREACH … IN ARRAY: DM has no SQL arrays; loop over a collection (FOR i IN 1 .. c.COUNT) or a query",
                )),
                _ => {}
            }
        }
    }

    fn declarations(&mut self, decls: &mut Vec<Declaration>) {
        for d in decls.iter() {
            if let Declaration::Alias { span, name, target } = d {
                self.findings.push(Finding::new(
                    Code::SP0222,
                    *span,
                    format!("{} ALIAS FOR {}: DMSQL has no aliases; name the parameter {} in the header", name.text, target.text, name.text),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn fetch_directions() {
        insta::assert_snapshot!(translated(
            "CREATE PROCEDURE pr_board(p_room varchar) LANGUAGE plpgsql AS $$\nDECLARE\n    v_room ALIAS FOR $1;\n    c_board SCROLL CURSOR FOR SELECT room_code, seq_no FROM op_schedule;\n    v_code varchar(10);\n    v_seq integer;\nBEGIN\n    OPEN c_board;\n    FETCH NEXT FROM c_board INTO v_code, v_seq;\n    FETCH LAST FROM c_board INTO v_code, v_seq;\n    MOVE PRIOR FROM c_board;\n    CLOSE c_board;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
