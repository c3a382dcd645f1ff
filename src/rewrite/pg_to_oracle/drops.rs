//! `drops`: PostgreSQL `DROP` statements in the forms DM8 reads.
//!
//! **What it does.** In the SQL units of the script:
//! - `DROP FUNCTION|PROCEDURE f(int, text)` loses the argument list (and
//!   `CASCADE`/`RESTRICT`);
//! - `DROP TRIGGER t ON tbl` loses `ON tbl`;
//! - a `DROP` of several objects (`DROP TABLE a, b`, `DROP FUNCTION f(), g()`)
//!   becomes one statement per object;
//! - `DROP INDEX … CASCADE` loses `CASCADE`.
//!
//! `IF EXISTS` stays: DM8 has it on every `DROP` here.
//!
//! **Why.** DM8's grammar names one object per `DROP` and identifies a
//! routine by its name alone (`DROP FUNCTION [IF EXISTS] [<模式名>.]<存储函数名>`,
//! DM8 SQL 程序设计, DMSQL 程序的定义、调用与删除), a trigger by its name
//! (`DROP TRIGGER [IF EXISTS] [<模式名>.]<触发器名>`, DM8 SQL 语言使用手册,
//! 触发器), and an index without a drop behaviour (`DROP INDEX [IF EXISTS]
//! [<模式名>.]<索引名>`, 数据定义语句); `DROP TABLE|VIEW … [RESTRICT|CASCADE]`
//! keeps its behaviour. (The manuals as mirrored in github.com/johnnyhuangcs/Dameng_Corpus.)
//!
//! **Example.**
//! ```sql
//! DROP TRIGGER IF EXISTS trg_bed_touch ON bed;
//! DROP FUNCTION IF EXISTS fn_bed_free(int, text), fn_bed_count(varchar);
//! -- DM:
//! DROP TRIGGER IF EXISTS trg_bed_touch;
//! DROP FUNCTION IF EXISTS fn_bed_free;
//! DROP FUNCTION IF EXISTS fn_bed_count;
//! ```
//!
//! **Findings.** `SP0406` (info) once per unit changed.

use sqlparser::ast::{DropFunction, ObjectType, Statement};

use crate::ast::{Content, Script};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Drops;

impl Pass for Drops {
    fn name(&self) -> &'static str {
        "drops"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let Content::Sql(statements) = &mut unit.content else {
                continue;
            };
            let mut changed = false;
            let mut out = Vec::with_capacity(statements.len());
            for s in statements.drain(..) {
                match dm_drops(&s) {
                    Some(new) => {
                        changed = true;
                        out.extend(new);
                    }
                    None => out.push(s),
                }
            }
            *statements = out;
            if changed {
                unit.rewritten = true;
                cx.findings.push(Finding::new(
                    Code::SP0406,
                    unit.body,
                    "DROP in DM's form: one object per statement, routines by name, triggers without ON table",
                ));
            }
        }
    }
}

/// The DM form of a `DROP`, when it differs.
fn dm_drops(s: &Statement) -> Option<Vec<Statement>> {
    match s {
        Statement::Drop {
            object_type,
            names,
            cascade,
            ..
        } => {
            let index_behaviour = *object_type == ObjectType::Index && *cascade;
            if names.len() < 2 && !index_behaviour {
                return None;
            }
            Some(
                names
                    .iter()
                    .map(|name| {
                        let mut one = s.clone();
                        if let Statement::Drop { names, cascade, .. } = &mut one {
                            *names = vec![name.clone()];
                            if index_behaviour {
                                *cascade = false;
                            }
                        }
                        one
                    })
                    .collect(),
            )
        }
        Statement::DropFunction(f) => {
            let bare = f.func_desc.iter().all(|d| d.args.is_none());
            if bare && f.func_desc.len() < 2 && f.drop_behavior.is_none() {
                return None;
            }
            Some(
                f.func_desc
                    .iter()
                    .map(|d| {
                        let mut d = d.clone();
                        d.args = None;
                        Statement::DropFunction(DropFunction {
                            if_exists: f.if_exists,
                            func_desc: vec![d],
                            drop_behavior: None,
                        })
                    })
                    .collect(),
            )
        }
        Statement::DropProcedure {
            if_exists,
            proc_desc,
            drop_behavior,
        } => {
            let bare = proc_desc.iter().all(|d| d.args.is_none());
            if bare && proc_desc.len() < 2 && drop_behavior.is_none() {
                return None;
            }
            Some(
                proc_desc
                    .iter()
                    .map(|d| {
                        let mut d = d.clone();
                        d.args = None;
                        Statement::DropProcedure {
                            if_exists: *if_exists,
                            proc_desc: vec![d],
                            drop_behavior: None,
                        }
                    })
                    .collect(),
            )
        }
        Statement::DropTrigger(t) if t.table_name.is_some() || t.option.is_some() => {
            let mut t = t.clone();
            t.table_name = None;
            t.option = None;
            Some(vec![Statement::DropTrigger(t)])
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn drops_take_dm_forms() {
        // 安装脚本开头的清理段
        insta::assert_snapshot!(translated(
            "DROP TRIGGER IF EXISTS trg_bed_touch ON bed;\nDROP FUNCTION IF EXISTS fn_bed_free(int, text), fn_bed_count(varchar);\nDROP PROCEDURE pr_close_day(date) CASCADE;\nDROP TABLE IF EXISTS bed_lock, bed CASCADE;\nDROP INDEX IF EXISTS ix_bed_ward CASCADE;\nDROP VIEW IF EXISTS v_free_beds;\nDROP FUNCTION fn_plain;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
