//! `merge`: Oracle's `MERGE`, per PostgreSQL kernel version.
//!
//! **What it does.**
//! - Kernel 15 and later (`--target-version 15`): `MERGE` stays, adapted to
//!   PostgreSQL's form: `UPDATE SET t.col = …` loses the table qualifier
//!   (PostgreSQL takes bare column names), and Oracle's `UPDATE … WHERE c` /
//!   `INSERT … WHERE c` become `WHEN MATCHED AND c` / `WHEN NOT MATCHED AND c`.
//! - Older kernels (HighGo's 12 and 14; Kingbase in PG mode) have no `MERGE`:
//!   - when the `ON` condition is an equality on exactly a primary key or
//!     unique key of the target (known from the script's `CREATE TABLE`,
//!     `ALTER TABLE … ADD CONSTRAINT` and `CREATE UNIQUE INDEX`, see
//!     `common::table_keys`), and the inserted key values are the ones `ON` compares,
//!     it becomes `INSERT … SELECT … ON CONFLICT (key) DO UPDATE SET …`, the
//!     source values read through `EXCLUDED` (`DO NOTHING` without a
//!     `WHEN MATCHED`);
//!   - with only `WHEN MATCHED`, it becomes `UPDATE … FROM source WHERE on`;
//!   - otherwise it becomes one statement: a data-modifying CTE doing the
//!     `UPDATE … FROM`, then `INSERT … SELECT … WHERE NOT EXISTS (…)`. Both
//!     parts see the table as it was before the statement, as `MERGE` does.
//!
//! **Why.** PostgreSQL has `MERGE` only from 15; HighGo SEE 4.5 runs 12 and
//! HighGo V9.0 runs 14 (`shared/dialects/highgo_ora2pg.md` A.7).
//!
//! **Example** (kernel 12, `item_code` unique):
//!
//! ```sql
//! MERGE INTO his_fee_item t USING src s ON (t.item_code = s.item_code)
//!  WHEN MATCHED THEN UPDATE SET t.price = s.price
//!  WHEN NOT MATCHED THEN INSERT (item_code, price) VALUES (s.item_code, s.price);
//! INSERT INTO his_fee_item AS t (item_code, price) SELECT s.item_code, s.price FROM src s
//!  ON CONFLICT (item_code) DO UPDATE SET price = EXCLUDED.price;
//! ```
//!
//! **Findings.** `SP0434` (info) for a `MERGE` kept or rewritten with the
//! same meaning; `SP0331` (warning) for the `UPDATE` + `INSERT … WHERE NOT
//! EXISTS` form (not safe against concurrent inserts of the same key);
//! `SP0233` (error) for what is kept as written: `DELETE WHERE` in the
//! update branch (PostgreSQL's `MERGE` has no such clause), a target that is
//! not a table, several branches of one kind.
//!
//! **Source.** Oracle SQL Language Reference, "MERGE"; PostgreSQL manual,
//! "MERGE" (15) and "INSERT … ON CONFLICT".

use sqlparser::ast::{
    Assignment, AssignmentTarget, Expr, Merge as MergeStatement, MergeAction, MergeUpdateKind,
    Statement,
};

use super::sql_walk::{and_all, locate, statements_at};
use crate::report::{Code, Finding};
use crate::rewrite::common::merge_upsert::{Rewritten, upsert};
use crate::rewrite::common::table_keys::Keys;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Merge;

impl Pass for Merge {
    fn name(&self) -> &'static str {
        "merge"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let keys = Keys::of(script);
        let kernel = cx.options.kernel().unwrap_or(12);
        let text = cx.file.text();
        for unit in script.units_mut() {
            let mut findings = Vec::new();
            statements_at(unit, &mut |statement, base, _| {
                let Statement::Merge(merge) = statement else {
                    return false;
                };
                let at = locate(text, base, merge.merge_token.0.span);
                match rewrite(merge, kernel, &keys) {
                    Ok((new, code, message)) => {
                        *statement = new;
                        findings.push(Finding::new(code, at, message));
                        true
                    }
                    Err(why) => {
                        findings.push(Finding::new(
                            Code::SP0233,
                            at,
                            format!("MERGE kept as written: {why}"),
                        ));
                        false
                    }
                }
            });
            cx.findings.extend(findings);
        }
    }
}

fn rewrite(merge: &MergeStatement, kernel: u32, keys: &Keys) -> Result<Rewritten, String> {
    if kernel >= 15 {
        // Still read its parts: what PostgreSQL's MERGE lacks is refused there.
        crate::rewrite::common::merge_upsert::check(merge)?;
        return Ok((
            Statement::Merge(adapted(merge)),
            Code::SP0434,
            format!("MERGE kept (PostgreSQL {kernel} has it), in PostgreSQL's form"),
        ));
    }
    upsert(merge, keys)
}

/// The `MERGE` in PostgreSQL 15's form.
fn adapted(merge: &MergeStatement) -> MergeStatement {
    let mut m = merge.clone();
    for clause in &mut m.clauses {
        let extra = match &mut clause.action {
            MergeAction::Update(u) => {
                if let MergeUpdateKind::Set(assignments) = &mut u.kind {
                    for a in assignments.iter_mut() {
                        unqualify(a);
                    }
                }
                u.update_predicate.take()
            }
            MergeAction::Insert(i) => {
                for c in &mut i.columns {
                    if let Some(p) = c.0.pop() {
                        c.0 = vec![p];
                    }
                }
                i.insert_predicate.take()
            }
            _ => None,
        };
        if let Some(extra) = extra {
            let conds: Vec<Expr> = clause.predicate.take().into_iter().chain([extra]).collect();
            clause.predicate = and_all(conds);
        }
    }
    m
}

fn unqualify(a: &mut Assignment) {
    if let AssignmentTarget::ColumnName(name) = &mut a.target
        && let Some(p) = name.0.pop()
    {
        name.0 = vec![p];
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    const TABLES: &str = "CREATE TABLE his_fee_item (item_id NUMBER(10) PRIMARY KEY, item_code VARCHAR2(20) NOT NULL, price NUMBER(10,4), status CHAR(1));
ALTER TABLE his_fee_item ADD CONSTRAINT uk_fee_code UNIQUE (item_code);
CREATE TABLE his_fee_log (item_code VARCHAR2(20), price NUMBER(10,4));
";

    const MERGES: &str = "-- 物价同步：存在则更新价格，不存在则新增
MERGE INTO his_fee_item t
USING (SELECT 'JY0005' AS item_code, 18 AS price FROM dual) s
ON (t.item_code = s.item_code)
WHEN MATCHED THEN UPDATE SET t.price = s.price, t.status = '1' WHERE t.price <> s.price
WHEN NOT MATCHED THEN INSERT (item_id, item_code, price, status) VALUES (99, s.item_code, s.price, '1');
-- 没有唯一键：UPDATE + INSERT
MERGE INTO his_fee_log l USING his_fee_item s ON (l.item_code = s.item_code)
WHEN MATCHED THEN UPDATE SET l.price = s.price
WHEN NOT MATCHED THEN INSERT (item_code, price) VALUES (s.item_code, s.price) WHERE s.status = '1';
MERGE INTO his_fee_item t USING his_fee_log s ON (t.item_code = s.item_code)
WHEN MATCHED THEN UPDATE SET t.price = s.price;
MERGE INTO his_fee_item t USING his_fee_log s ON (t.item_code = s.item_code)
WHEN MATCHED THEN UPDATE SET t.price = s.price DELETE WHERE t.status = '0';
";

    #[test]
    fn merge_before_postgresql_15() {
        let sql = format!("{TABLES}{MERGES}");
        insta::assert_snapshot!(translated(&sql, &highgo()));
    }

    #[test]
    fn merge_from_postgresql_15() {
        let sql = format!("{TABLES}{MERGES}");
        insta::assert_snapshot!(translated(&sql, &highgo().with_target_version(Some(15))));
    }
}
