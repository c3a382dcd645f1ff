//! `constraints`: Oracle constraint states PostgreSQL does not have.
//!
//! **What it does.** Drops what follows a constraint in Oracle DDL — `ENABLE`,
//! `VALIDATE`, `RELY`, `NORELY`, `USING INDEX …` — as DBMS_METADATA exports
//! write it (`"ID" NUMBER NOT NULL ENABLE`). `NOVALIDATE` on a foreign key
//! or check added by `ALTER TABLE … ADD CONSTRAINT` becomes `NOT VALID`;
//! elsewhere it is dropped (a table being created has no rows to check).
//! `DISABLE` is dropped and reported.
//!
//! **Why.** A PostgreSQL constraint is always enabled and, except a foreign
//! key or check added `NOT VALID`, always validated; it creates the index of
//! a primary key or unique constraint itself (in the table's tablespace), so
//! `USING INDEX` has nothing to say there. A constraint Oracle kept disabled
//! (documentation only) is enforced on PostgreSQL: rows Oracle accepted may
//! now be rejected.
//!
//! **Example:**
//!
//! ```sql
//! ALTER TABLE op_charge ADD CONSTRAINT fk_op_charge_reg FOREIGN KEY (reg_id) REFERENCES op_registration (reg_id) ENABLE NOVALIDATE;  -- Oracle
//! ALTER TABLE op_charge ADD CONSTRAINT fk_op_charge_reg FOREIGN KEY (reg_id) REFERENCES op_registration(reg_id) NOT VALID;          -- HighGo
//! ```
//!
//! **Findings.** `SP0417` (info), one per statement; `SP0313` (warning) for
//! `DISABLE`.

use sqlparser::ast::{AlterTableOperation, Statement, TableConstraint};

use crate::ast::Content;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

const STATES: &[&str] = &[
    "ENABLE",
    "VALIDATE",
    "RELY",
    "NORELY",
    "USING INDEX",
    "NOVALIDATE",
    "DISABLE",
];

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Constraints;

impl Pass for Constraints {
    fn name(&self) -> &'static str {
        "constraints"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            let Content::Sql(statements) = &mut unit.content else {
                continue;
            };
            if !unit
                .set_aside
                .iter()
                .any(|c| STATES.contains(&c.keyword.as_str()))
            {
                continue;
            }
            // NOVALIDATE on an added foreign key or check: NOT VALID.
            let novalidate = unit.set_aside.iter().any(|c| c.keyword == "NOVALIDATE");
            let mut not_valid = false;
            if novalidate {
                for s in statements.iter_mut() {
                    let Statement::AlterTable(t) = s else {
                        continue;
                    };
                    for op in &mut t.operations {
                        if let AlterTableOperation::AddConstraint {
                            constraint: TableConstraint::ForeignKey(_) | TableConstraint::Check(_),
                            not_valid: nv,
                        } = op
                        {
                            *nv = true;
                            not_valid = true;
                        }
                    }
                }
            }
            unit.rewritten |= not_valid;
            let mut dropped: Vec<String> = Vec::new();
            let mut first: Option<Span> = None;
            while let Some(i) = unit
                .set_aside
                .iter()
                .position(|c| STATES.contains(&c.keyword.as_str()))
            {
                let c = &unit.set_aside[i];
                let shown = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
                if c.keyword == "DISABLE" {
                    cx.findings.push(Finding::new(
                        Code::SP0313,
                        c.span,
                        "a disabled constraint is enforced on PostgreSQL (DISABLE dropped)",
                    ));
                } else if c.keyword == "NOVALIDATE" && not_valid {
                    first.get_or_insert(c.span);
                    dropped.push("NOVALIDATE → NOT VALID".to_string());
                } else {
                    first.get_or_insert(c.span);
                    dropped.push(format!("{shown} dropped"));
                }
                super::replace_set_aside(unit, text, i, "");
            }
            if let Some(span) = first {
                cx.findings.push(Finding::new(
                    Code::SP0417,
                    span,
                    format!("constraint states: {}", dropped.join(", ")),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    #[test]
    fn constraint_states_are_dropped_or_made_not_valid() {
        let input = "CREATE TABLE \"OP_CHARGE\"
(
  \"CHARGE_ID\" NUMBER(14,0) NOT NULL ENABLE,
  \"REG_ID\"    NUMBER(12,0),
  CONSTRAINT \"PK_OP_CHARGE\" PRIMARY KEY (\"CHARGE_ID\")
    USING INDEX PCTFREE 10 INITRANS 2 TABLESPACE \"HIS_IDX\" ENABLE,
  CONSTRAINT \"FK_OP_CHARGE_REG\" FOREIGN KEY (\"REG_ID\") REFERENCES \"OP_REGISTRATION\" (\"REG_ID\") DISABLE
) TABLESPACE \"HIS_DATA\";
ALTER TABLE op_charge ADD CONSTRAINT ck_op_charge_amt CHECK (total_amount >= 0) ENABLE NOVALIDATE;
";
        insta::assert_snapshot!(crate::rewrite::test_support::translated_keeping(
            input,
            &Options::new(Source::Oracle, Target::Highgo),
            |f| matches!(f.code, crate::Code::SP0417 | crate::Code::SP0313)
        ));
    }
}
