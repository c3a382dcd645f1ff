//! `indexes`: Oracle index forms PostgreSQL writes differently.
//!
//! **What it does.** In `CREATE INDEX`: an indexed expression that is not a
//! column or a function call (`CASE WHEN … END`, `a || b`) is put in
//! parentheses; `BITMAP` is dropped (the index becomes a B-tree); `REVERSE`
//! is dropped (a plain B-tree). Function-based indexes otherwise stay as
//! they are (the expression passes adapt the functions inside).
//!
//! **Why.** PostgreSQL's index syntax takes an expression only in
//! parentheses (`CREATE INDEX … ((CASE … END))`); Oracle's does not need
//! them. PostgreSQL has no stored bitmap indexes — it builds bitmaps from
//! B-tree indexes at query time (bitmap heap scans) — and no reverse-key
//! indexes, which Oracle uses against contention on sequence-fed keys in RAC.
//!
//! **Example:**
//!
//! ```sql
//! CREATE UNIQUE INDEX uk_ip_fee_bed_day ON ip_fee_detail (CASE WHEN source_type = 'BED' THEN admission_id END);   -- Oracle
//! CREATE UNIQUE INDEX uk_ip_fee_bed_day ON ip_fee_detail ((CASE WHEN source_type = 'BED' THEN admission_id END)); -- HighGo
//! ```
//!
//! **Findings.** `SP0415` (info) for a dropped `BITMAP` or `REVERSE`; none
//! for the parentheses.

use sqlparser::ast::{Expr, Statement};

use crate::ast::Content;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Indexes;

impl Pass for Indexes {
    fn name(&self) -> &'static str {
        "indexes"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            let Content::Sql(statements) = &mut unit.content else {
                continue;
            };
            let mut changed = false;
            for s in statements.iter_mut() {
                let Statement::CreateIndex(index) = s else {
                    continue;
                };
                for c in &mut index.columns {
                    let e = &mut c.column.expr;
                    let bare = matches!(
                        e,
                        Expr::Identifier(_)
                            | Expr::CompoundIdentifier(_)
                            | Expr::Function(_)
                            | Expr::Nested(_)
                    );
                    if !bare {
                        *e = Expr::Nested(Box::new(e.clone()));
                        changed = true;
                    }
                }
            }
            unit.rewritten |= changed;
            let is_index = matches!(&unit.content, Content::Sql(s) if s.iter().any(|s| matches!(s, Statement::CreateIndex(_))));
            if !is_index {
                continue;
            }
            while let Some(i) = unit
                .set_aside
                .iter()
                .position(|c| c.keyword == "BITMAP" || c.keyword == "REVERSE")
            {
                let c = &unit.set_aside[i];
                let (span, help) = if c.keyword == "BITMAP" {
                    (
                        c.span,
                        "PostgreSQL has no stored bitmap indexes: it combines B-tree indexes into bitmaps at query time; for a low-cardinality column often used with others, consider a multicolumn or partial index",
                    )
                } else {
                    (
                        c.span,
                        "PostgreSQL has no reverse-key indexes; a plain B-tree serves the same queries (a hash index, or reverse(col::text), if insert contention on a sequence-fed key shows)",
                    )
                };
                cx.findings.push(
                    Finding::new(
                        Code::SP0415,
                        span,
                        format!("{} index became a B-tree index", c.keyword),
                    )
                    .with_help(help),
                );
                super::replace_set_aside(unit, text, i, "");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    #[test]
    fn index_expressions_bitmap_and_reverse() {
        let input = "CREATE UNIQUE INDEX uk_ip_fee_bed_day ON ip_fee_detail
  (CASE WHEN source_type = 'BED' THEN admission_id END,
   CASE WHEN source_type = 'BED' THEN fee_date END);
CREATE INDEX idx_his_patient_name_up ON his_patient (UPPER(patient_name));
CREATE BITMAP INDEX idx_op_reg_status ON op_registration (status, reg_type);
CREATE INDEX idx_op_charge_no ON op_charge (charge_no) REVERSE TABLESPACE his_idx;
";
        insta::assert_snapshot!(crate::rewrite::test_support::translated(
            input,
            &Options::new(Source::Oracle, Target::Highgo)
        ));
    }
}
