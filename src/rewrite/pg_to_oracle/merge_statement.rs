//! `merge-statement`: a PostgreSQL `MERGE` (15+) takes Oracle's form.
//!
//! **What it does.**
//! - `ON cond` gets its parentheses: `ON (cond)`;
//! - `WHEN MATCHED AND c THEN UPDATE SET …` becomes `WHEN MATCHED THEN
//!   UPDATE SET … WHERE c`, and `WHEN NOT MATCHED AND c THEN INSERT …`
//!   becomes `WHEN NOT MATCHED THEN INSERT … WHERE c`;
//! - a `DO NOTHING` clause that no clause of its kind follows is dropped
//!   (the rows it covers are left alone either way).
//!
//! A `MERGE` with two clauses of one kind left, a `DELETE` clause, `WHEN
//! NOT MATCHED BY SOURCE`, a `DO NOTHING` before another clause of its kind,
//! or no clause left is kept and reported.
//!
//! **Why.** DM8 has Oracle's `MERGE` (dameng.md, SQL: `MERGE` supported as
//! in Oracle), whose `ON` condition is in parentheses and which takes at most
//! one `WHEN MATCHED` and one `WHEN NOT MATCHED` clause, each with an
//! optional `WHERE` (Oracle SQL Language Reference, MERGE); PostgreSQL's
//! conditions are `WHEN … AND c`, its clauses are tried in order, and it has
//! `DO NOTHING` and a `DELETE` action of its own.
//!
//! **Example.**
//! ```sql
//! MERGE INTO ward_stock t USING stock_in s ON t.drug_id = s.drug_id
//!  WHEN MATCHED AND s.qty > 0 THEN UPDATE SET qty = t.qty + s.qty
//!  WHEN NOT MATCHED THEN DO NOTHING;
//! -- becomes
//! MERGE INTO ward_stock t USING stock_in s ON (t.drug_id = s.drug_id)
//!  WHEN MATCHED THEN UPDATE SET qty = t.qty + s.qty WHERE s.qty > 0;
//! ```
//!
//! **Findings.** `SP0365` (error) at a `MERGE` it keeps, with the reason.

use sqlparser::ast::{Expr, MergeAction, MergeClause, MergeClauseKind, Statement};

use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::statements_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct MergeStatement;

impl Pass for MergeStatement {
    fn name(&self) -> &'static str {
        "merge-statement"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let body = unit.body;
            let mut kept = Vec::new();
            statements_at(unit, &mut |s, at, _| {
                let Statement::Merge(m) = s else {
                    return false;
                };
                match oracle_clauses(&m.clauses) {
                    Ok(clauses) => {
                        m.clauses = clauses;
                        if !matches!(m.on.as_ref(), Expr::Nested(_)) {
                            *m.on = Expr::Nested(m.on.clone());
                        }
                        true
                    }
                    Err(why) => {
                        kept.push((if at.is_empty() { body } else { at }, why));
                        false
                    }
                }
            });
            for (at, why) in kept {
                cx.findings.push(
                    Finding::new(Code::SP0365, at, format!("MERGE kept: {why}"))
                        .with_help("write at most one WHEN MATCHED THEN UPDATE … [WHERE …] [DELETE WHERE …] and one WHEN NOT MATCHED THEN INSERT … [WHERE …]; ON (…) in parentheses"),
                );
            }
        }
    }
}

/// The clauses in Oracle's form, or why they have none.
fn oracle_clauses(clauses: &[MergeClause]) -> Result<Vec<MergeClause>, &'static str> {
    let matched = |k: &MergeClauseKind| matches!(k, MergeClauseKind::Matched);
    let mut out: Vec<MergeClause> = Vec::new();
    for (i, c) in clauses.iter().enumerate() {
        if matches!(c.clause_kind, MergeClauseKind::NotMatchedBySource) {
            return Err("WHEN NOT MATCHED BY SOURCE has no Oracle-style form");
        }
        let same_kind_follows = clauses[i + 1..]
            .iter()
            .any(|n| matched(&n.clause_kind) == matched(&c.clause_kind));
        let mut c = c.clone();
        match &mut c.action {
            MergeAction::DoNothing { .. } if same_kind_follows => {
                return Err("a DO NOTHING clause before another clause of its kind");
            }
            MergeAction::DoNothing { .. } => continue,
            MergeAction::Delete { .. } => {
                return Err(
                    "a DELETE clause (Oracle deletes only rows it updated: UPDATE SET … DELETE WHERE …)",
                );
            }
            MergeAction::Update(u) => {
                if let Some(p) = c.predicate.take() {
                    u.update_predicate = Some(p);
                }
            }
            MergeAction::Insert(ins) => {
                if let Some(p) = c.predicate.take() {
                    ins.insert_predicate = Some(p);
                }
            }
        }
        if out
            .iter()
            .any(|o| matched(&o.clause_kind) == matched(&c.clause_kind))
        {
            return Err(
                "two clauses of one kind (Oracle takes one WHEN MATCHED and one WHEN NOT MATCHED)",
            );
        }
        if matches!(c.clause_kind, MergeClauseKind::NotMatchedByTarget) {
            c.clause_kind = MergeClauseKind::NotMatched;
        }
        out.push(c);
    }
    if out.is_empty() {
        return Err("no clause left once DO NOTHING is dropped");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn postgresql_merge_takes_the_oracle_form() {
        insta::assert_snapshot!(translated(
            "-- 药库调拨入病区（有则加，无则建）\nMERGE INTO ward_stock t\nUSING (SELECT drug_id, ward_code, qty FROM stock_transfer WHERE batch_no = 12) s\n   ON t.drug_id = s.drug_id AND t.ward_code = s.ward_code\n WHEN MATCHED AND s.qty > 0 THEN\n    UPDATE SET qty = t.qty + s.qty\n WHEN NOT MATCHED AND s.qty > 0 THEN\n    INSERT (drug_id, ward_code, qty) VALUES (s.drug_id, s.ward_code, s.qty)\n WHEN NOT MATCHED THEN\n    DO NOTHING;\n-- 停用药品库存清理\nMERGE INTO ward_stock t\nUSING (SELECT drug_id FROM drug WHERE drug_code = 'XY0005') s\n   ON t.drug_id = s.drug_id AND t.ward_code = 'W02'\n WHEN MATCHED AND t.qty <= 0 THEN\n    DELETE\n WHEN NOT MATCHED THEN\n    DO NOTHING;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
