//! `drops`: Oracle's `DROP TABLE` and `TRUNCATE TABLE` options.
//!
//! **What it does.** `DROP TABLE t PURGE` loses `PURGE`; `DROP TABLE t
//! CASCADE CONSTRAINTS` becomes `DROP TABLE t CASCADE`; `TRUNCATE TABLE t
//! REUSE STORAGE | DROP STORAGE` loses its storage option; `DROP TYPE t
//! FORCE` becomes `DROP TYPE t CASCADE`.
//!
//! **Why.** PostgreSQL has no recycle bin (a dropped table is gone, as with
//! `PURGE`) and no storage options on `TRUNCATE`. Its `CASCADE` is wider
//! than Oracle's `CASCADE CONSTRAINTS`: it drops the foreign keys that
//! reference the table *and* the views that read it, so an install script
//! that drops and recreates a table must recreate those views afterwards.
//!
//! **Example:**
//!
//! ```sql
//! DROP TABLE op_charge_detail CASCADE CONSTRAINTS PURGE;   -- Oracle
//! DROP TABLE op_charge_detail CASCADE;                     -- HighGo
//! ```
//!
//! **Findings.** `SP0419` (info), one per statement.

use sqlparser::ast::{ObjectType, Statement};

use crate::ast::Content;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Drops;

impl Pass for Drops {
    fn name(&self) -> &'static str {
        "drops"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            let Content::Sql(statements) = &mut unit.content else {
                continue;
            };
            let mut changes: Vec<&str> = Vec::new();
            let mut is_drop_or_truncate = false;
            let mut drop_type = false;
            for s in statements.iter_mut() {
                match s {
                    Statement::Drop {
                        object_type: ObjectType::Table,
                        purge,
                        ..
                    } => {
                        is_drop_or_truncate = true;
                        if *purge {
                            *purge = false;
                            unit.rewritten = true;
                            changes.push("PURGE dropped (PostgreSQL has no recycle bin)");
                        }
                    }
                    Statement::Truncate { .. } => is_drop_or_truncate = true,
                    // DROP TYPE t FORCE: dropped with what depends on it.
                    Statement::Drop {
                        object_type: ObjectType::Type,
                        ..
                    } => drop_type = true,
                    _ => {}
                }
            }
            if drop_type && let Some(i) = unit.set_aside.iter().position(|c| c.keyword == "FORCE") {
                // The clause's text and its reprint both become CASCADE.
                super::replace_set_aside(unit, text, i, "CASCADE");
                changes.push(
                    "FORCE → CASCADE, which also drops the columns and routines that use the type",
                );
            }
            if !is_drop_or_truncate {
                if !changes.is_empty() {
                    cx.findings.push(Finding::new(
                        Code::SP0419,
                        Span::new(unit.body.start, unit.body.start),
                        changes.join("; "),
                    ));
                }
                continue;
            }
            let mut cascade = false;
            while let Some(i) = unit
                .set_aside
                .iter()
                .position(|c| matches!(c.keyword.as_str(), "CONSTRAINTS" | "REUSE" | "STORAGE"))
            {
                if unit.set_aside[i].keyword == "CONSTRAINTS" {
                    cascade = true;
                } else {
                    changes.push("storage option dropped");
                }
                super::replace_set_aside(unit, text, i, "");
            }
            if cascade {
                changes.push(
                    "CASCADE CONSTRAINTS → CASCADE, which also drops the views that read the table",
                );
            }
            if changes.is_empty() {
                continue;
            }
            cx.findings.push(Finding::new(
                Code::SP0419,
                Span::new(unit.body.start, unit.body.start),
                changes.join("; "),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    #[test]
    fn drop_and_truncate_options() {
        let input = "DROP TABLE op_charge_detail CASCADE CONSTRAINTS PURGE;
DROP TABLE gtt_fee_calc PURGE;
DROP TABLE his_op_log;
TRUNCATE TABLE op_charge_bak REUSE STORAGE;
TRUNCATE TABLE op_charge_tmp DROP STORAGE;
";
        insta::assert_snapshot!(crate::rewrite::test_support::translated(
            input,
            &Options::new(Source::Oracle, Target::Highgo)
        ));
    }

    #[test]
    fn drop_type_force_becomes_cascade() {
        // 安装脚本：删除费用明细的对象类型（有依赖也删除）
        let input =
            "DROP TYPE t_fee_list FORCE;\nDROP TYPE t_fee_item  FORCE;\nDROP TYPE t_dose;\n";
        let out = crate::translate(input, &Options::new(Source::Oracle, Target::Highgo));
        assert_eq!(
            out.sql,
            "DROP TYPE t_fee_list CASCADE;\nDROP TYPE t_fee_item  CASCADE;\nDROP TYPE t_dose;\n"
        );
        assert_eq!(
            out.report
                .findings
                .iter()
                .filter(|f| f.code == crate::report::Code::SP0419)
                .count(),
            2
        );
    }
}
