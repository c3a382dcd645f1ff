//! `alter-table`: Oracle's `ALTER TABLE … MODIFY` becomes PostgreSQL's
//! `ALTER COLUMN` actions.
//!
//! **What it does.** `MODIFY c type [DEFAULT e] [NOT NULL | NULL]` (also in
//! Oracle's list form `MODIFY (c1 …, c2 …)`, which the reader takes apart)
//! becomes `ALTER COLUMN c TYPE type`, `ALTER COLUMN c SET DEFAULT e`,
//! `ALTER COLUMN c SET NOT NULL` / `DROP NOT NULL`; `MODIFY c NOT NULL`
//! without a type changes only the constraint. `ADD (c1 …, c2 …)` becomes
//! `ADD COLUMN c1 …, ADD COLUMN c2 …` (the types pass maps the types).
//!
//! **Why.** PostgreSQL has no `MODIFY`: each change of a column is its own
//! `ALTER COLUMN` action, and several actions go in one statement separated
//! by commas. It has no parenthesised `ADD (…)` list either.
//!
//! **Example:**
//!
//! ```sql
//! ALTER TABLE op_registration MODIFY (remark VARCHAR2(400 CHAR) DEFAULT '无' NOT NULL);  -- Oracle
//! ALTER TABLE op_registration ALTER COLUMN remark TYPE VARCHAR(400), ALTER COLUMN remark SET DEFAULT '无', ALTER COLUMN remark SET NOT NULL;  -- HighGo
//! ```
//!
//! **Findings.** `SP0418` (info), one per statement with a `MODIFY`.

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnOption, DataType, Statement,
};

use crate::ast::Content;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct AlterTable;

impl Pass for AlterTable {
    fn name(&self) -> &'static str {
        "alter-table"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let Content::Sql(statements) = &mut unit.content else {
                continue;
            };
            let mut modified = Vec::new();
            for s in statements.iter_mut() {
                let Statement::AlterTable(t) = s else {
                    continue;
                };
                let mut ops = Vec::with_capacity(t.operations.len());
                for op in std::mem::take(&mut t.operations) {
                    let AlterTableOperation::ModifyColumn {
                        col_name,
                        data_type,
                        options,
                        ..
                    } = op
                    else {
                        ops.push(op);
                        continue;
                    };
                    modified.push(col_name.to_string());
                    let alter = |op| AlterTableOperation::AlterColumn {
                        column_name: col_name.clone(),
                        op,
                    };
                    // sqlparser reads `MODIFY c NULL` as the type `NULL`, and
                    // `MODIFY c NOT NULL` as the type `NOT` then `NULL`.
                    let (data_type, options) = match type_name(&data_type).as_deref() {
                        Some("NULL") => (None, vec![ColumnOption::Null]),
                        Some("NOT") => (
                            None,
                            options
                                .into_iter()
                                .map(|o| match o {
                                    ColumnOption::Null => ColumnOption::NotNull,
                                    o => o,
                                })
                                .collect(),
                        ),
                        Some("SQLPORT_SAME_TYPE") => (None, options),
                        _ => (Some(data_type), options),
                    };
                    if let Some(data_type) = data_type {
                        ops.push(alter(AlterColumnOperation::SetDataType {
                            data_type,
                            using: None,
                            had_set: false,
                        }));
                    }
                    for o in options {
                        match o {
                            ColumnOption::Default(value) => {
                                ops.push(alter(AlterColumnOperation::SetDefault { value }));
                            }
                            ColumnOption::NotNull => {
                                ops.push(alter(AlterColumnOperation::SetNotNull))
                            }
                            ColumnOption::Null => {
                                ops.push(alter(AlterColumnOperation::DropNotNull))
                            }
                            // Anything else (a constraint) has no ALTER COLUMN form: kept
                            // for a person to see, as its own action would not read.
                            _ => {}
                        }
                    }
                }
                t.operations = ops;
            }
            if modified.is_empty() {
                continue;
            }
            unit.rewritten = true;
            cx.findings.push(Finding::new(
                Code::SP0418,
                Span::new(unit.body.start, unit.body.start),
                format!(
                    "MODIFY of {} became ALTER COLUMN actions",
                    modified.join(", ")
                ),
            ));
        }
    }
}

/// The upper-case name of a custom type without arguments.
fn type_name(ty: &DataType) -> Option<String> {
    match ty {
        DataType::Custom(name, modifiers) if modifiers.is_empty() => {
            Some(name.to_string().to_ascii_uppercase())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    #[test]
    fn modify_and_add_lists_become_postgresql_actions() {
        let input = "-- 挂号备注加长，费用改为必填
ALTER TABLE op_registration MODIFY (remark VARCHAR2(400 CHAR) DEFAULT '无' NOT NULL, reg_fee NUMBER(10,2));
ALTER TABLE op_registration MODIFY doctor_id NULL;
ALTER TABLE op_registration MODIFY reg_fee NOT NULL;
ALTER TABLE op_registration MODIFY (queue_no DEFAULT 0);
ALTER TABLE op_registration ADD (triage_level CHAR(1), triage_time DATE DEFAULT SYSDATE);
";
        insta::assert_snapshot!(crate::rewrite::test_support::translated_keeping(
            input,
            &Options::new(Source::Oracle, Target::Highgo),
            |f| matches!(f.code, crate::Code::SP0418 | crate::Code::SP0101)
        ));
    }
}
