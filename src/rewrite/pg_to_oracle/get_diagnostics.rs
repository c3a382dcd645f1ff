//! `get-diagnostics`: `GET DIAGNOSTICS v = ROW_COUNT` → `v := SQL%ROWCOUNT`.
//!
//! **What it does.** Each item of `GET [CURRENT] DIAGNOSTICS` that reads
//! `ROW_COUNT` becomes an assignment from `SQL%ROWCOUNT`; each item of `GET
//! STACKED DIAGNOSTICS` (in a handler) that reads `MESSAGE_TEXT` becomes an
//! assignment from `SQLERRM`. A statement with any other item is kept.
//!
//! **Why.** DMSQL has PL/SQL's implicit-cursor attributes and `SQLERRM`
//! (dameng.md, DMSQL), not `GET DIAGNOSTICS`.
//!
//! **Example.**
//! ```sql
//! GET DIAGNOSTICS v_rows = ROW_COUNT;
//! v_rows := SQL%ROWCOUNT;
//! ```
//!
//! **Findings.** `SP0215` (error) for a statement with an item DMSQL has no
//! equivalent for (`PG_CONTEXT`, `RETURNED_SQLSTATE`, `PG_EXCEPTION_DETAIL`, …).

use super::{ora_expr, pl_expr};
use crate::ast::procedural::*;
use crate::ast::visit::VisitMut;
use crate::report::{Code, Finding};

program_pass!(GetDiagnostics, "get-diagnostics");

impl VisitMut for Rewriter {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        let mut out = Vec::with_capacity(stmts.len());
        for s in std::mem::take(stmts) {
            let StmtKind::GetDiagnostics { stacked, items } = &s.kind else {
                out.push(s);
                continue;
            };
            let value = |item: &str| match (stacked, item.to_ascii_uppercase().as_str()) {
                (false, "ROW_COUNT") => Some("SQL%ROWCOUNT"),
                (true, "MESSAGE_TEXT") => Some("SQLERRM"),
                _ => None,
            };
            let assigns: Option<Vec<Stmt>> = items
                .iter()
                .map(|(target, item)| {
                    let v = ora_expr(value(&item.text)?)?;
                    Some(Stmt {
                        span: s.span,
                        labels: Vec::new(),
                        kind: StmtKind::Assign {
                            target: target.clone(),
                            value: pl_expr(v),
                        },
                    })
                })
                .collect();
            match assigns {
                Some(mut assigns) => {
                    if let Some(first) = assigns.first_mut() {
                        first.labels = s.labels.clone();
                    }
                    self.changed = true;
                    out.extend(assigns);
                }
                None => {
                    let names: Vec<&str> = items.iter().map(|(_, i)| i.text.as_str()).collect();
                    self.findings.push(Finding::new(
                        Code::SP0215,
                        s.span,
                        format!(
                            "GET {}DIAGNOSTICS {}: DMSQL has SQL%ROWCOUNT and SQLERRM only",
                            if *stacked { "STACKED " } else { "" },
                            names.join(", ")
                        ),
                    ));
                    out.push(s);
                }
            }
        }
        *stmts = out;
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn row_count_and_message_text() {
        insta::assert_snapshot!(translated(
            "CREATE FUNCTION fn_close_orders(p_visit_id bigint) RETURNS integer LANGUAGE plpgsql AS $$\nDECLARE\n    v_rows integer;\n    v_msg  text;\nBEGIN\n    UPDATE drug_order SET status = 'C' WHERE visit_id = p_visit_id;\n    GET DIAGNOSTICS v_rows = ROW_COUNT;\n    RETURN v_rows;\nEXCEPTION WHEN others THEN\n    GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT;\n    INSERT INTO err_log (msg) VALUES (v_msg);\n    RETURN -1;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
