//! `update-from`: PostgreSQL's `UPDATE … FROM` becomes `MERGE`.
//!
//! **What it does.** `UPDATE t [a] SET c = e, … FROM s [b] WHERE cond`,
//! with one table or subquery after `FROM`, becomes
//! `MERGE INTO t [a] USING s [b] ON (cond) WHEN MATCHED THEN UPDATE SET c =
//! e, …` (no `WHERE`: `ON (1 = 1)`). It is kept and reported when `FROM`
//! lists several items or joins, when the statement has `RETURNING`, or when
//! `cond` reads a column the statement sets (a `MERGE` cannot update a column
//! its `ON` uses).
//!
//! **Why.** DM8 has no `UPDATE … FROM` (dameng.md: Oracle-style DML); the
//! Oracle form of an update driven by another table is `MERGE … WHEN
//! MATCHED THEN UPDATE`, which updates exactly the target rows that some
//! source row matches, as `UPDATE … FROM` does. One thing differs: when
//! several source rows match one target row, PostgreSQL updates it from one
//! of them, while a `MERGE` stops with an error ("unable to get a stable set
//! of rows") — the warning says so.
//!
//! **Example.**
//! ```sql
//! UPDATE patient p SET balance = p.balance + v_refund
//!   FROM registration r WHERE r.reg_id = v_reg_id AND p.patient_id = r.patient_id;
//! -- DM:
//! MERGE INTO patient p USING registration r
//!   ON (r.reg_id = v_reg_id AND p.patient_id = r.patient_id)
//!   WHEN MATCHED THEN UPDATE SET balance = p.balance + v_refund;
//! ```
//!
//! **Findings.** `SP0303` (warning) at each rewritten update; `SP0223`
//! (error) at one it keeps.

use sqlparser::ast::{
    AssignmentTarget, Expr, Statement, TableFactor, TableWithJoins, Update, UpdateTableFromKind,
};
use sqlparser::dialect::OracleDialect;
use sqlparser::parser::Parser;

use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::{statements_at, visit_exprs};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct UpdateFrom;

impl Pass for UpdateFrom {
    fn name(&self) -> &'static str {
        "update-from"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let body = unit.body;
            let mut findings = Vec::new();
            statements_at(unit, &mut |s, at, _| {
                let Statement::Update(update) = s else {
                    return false;
                };
                if update.from.is_none() {
                    return false;
                }
                let at = if at.is_empty() { body } else { at };
                match merge_of(update) {
                    Ok(merge) => {
                        *s = merge;
                        findings.push(Finding::new(
                            Code::SP0303,
                            at,
                            "UPDATE … FROM became MERGE … WHEN MATCHED THEN UPDATE: a target row matched by more than one source row now raises an error where PostgreSQL updated it from one of them",
                        ));
                        true
                    }
                    Err(why) => {
                        findings.push(Finding::new(
                            Code::SP0223,
                            at,
                            format!("UPDATE … FROM kept ({why}): DM updates from another table with MERGE INTO … USING … ON (…) WHEN MATCHED THEN UPDATE, or a correlated subquery in SET"),
                        ));
                        false
                    }
                }
            });
            cx.findings.extend(findings);
        }
    }
}

/// A table item as Oracle-style text: `name alias` (no `AS`), or
/// `(subquery) alias`.
pub(super) fn item_text(t: &TableWithJoins) -> Option<String> {
    if !t.joins.is_empty() {
        return None;
    }
    match &t.relation {
        TableFactor::Table {
            name,
            alias,
            args: None,
            with_hints,
            ..
        } if with_hints.is_empty() => Some(match alias {
            Some(a) if a.columns.is_empty() => format!("{name} {}", a.name),
            Some(_) => return None,
            None => name.to_string(),
        }),
        TableFactor::Derived {
            lateral: false,
            subquery,
            alias: Some(a),
            ..
        } if a.columns.is_empty() => Some(format!("({subquery}) {}", a.name)),
        _ => None,
    }
}

/// The `MERGE` an update with `FROM` means, or why there is none.
fn merge_of(update: &Update) -> Result<Statement, &'static str> {
    if update.returning.is_some() {
        return Err("RETURNING");
    }
    let sources = match &update.from {
        Some(UpdateTableFromKind::AfterSet(list) | UpdateTableFromKind::BeforeSet(list)) => list,
        None => return Err("no FROM"),
    };
    let [source] = sources.as_slice() else {
        return Err("FROM lists several tables");
    };
    let source = item_text(source).ok_or("a join or a function in FROM")?;
    let target = item_text(&update.table).ok_or("an unusual target")?;
    let mut set = Vec::new();
    let mut columns = Vec::new();
    for a in &update.assignments {
        let AssignmentTarget::ColumnName(name) = &a.target else {
            return Err("a tuple assignment");
        };
        let column = name
            .0
            .last()
            .and_then(|p| p.as_ident())
            .map(|i| i.value.to_ascii_lowercase())
            .ok_or("an unusual SET target")?;
        columns.push(column);
        set.push(format!("{name} = {}", a.value));
    }
    let on = match &update.selection {
        Some(cond) => {
            let mut read = false;
            let mut cond = cond.clone();
            visit_exprs(&mut cond, &mut |e| {
                let last = match e {
                    Expr::Identifier(i) => Some(&i.value),
                    Expr::CompoundIdentifier(parts) => parts.last().map(|i| &i.value),
                    _ => None,
                };
                read |= last.is_some_and(|l| columns.contains(&l.to_ascii_lowercase()));
                false
            });
            if read {
                return Err("its WHERE reads a column it sets");
            }
            cond.to_string()
        }
        None => "1 = 1".to_string(),
    };
    let sql = format!(
        "MERGE INTO {target} USING {source} ON ({on}) WHEN MATCHED THEN UPDATE SET {}",
        set.join(", ")
    );
    Parser::parse_sql(&OracleDialect {}, &sql)
        .ok()
        .and_then(|mut v| v.pop())
        .ok_or("its MERGE could not be read back")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn update_from_becomes_merge() {
        // 退费：按挂号记录把自付金额退回患者余额；按检验申请回写病区
        insta::assert_snapshot!(translated(
            "UPDATE patient p SET balance = p.balance + 10\n  FROM registration r\n WHERE r.reg_id = 42 AND p.patient_id = r.patient_id;\nUPDATE lab_request SET ward_code = t.new_ward, updated_at = now()\n  FROM (SELECT patient_id, new_ward FROM transfer WHERE done) t\n WHERE lab_request.patient_id = t.patient_id;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn updates_merge_cannot_express_are_kept() {
        insta::assert_snapshot!(translated(
            "UPDATE bed b SET status = 'F' FROM ward w, dept d WHERE b.ward_code = w.ward_code AND w.dept_code = d.dept_code;\nUPDATE bed b SET status = 'F' FROM ward w WHERE b.ward_code = w.ward_code AND b.status = 'C';\nUPDATE bed b SET status = 'F' FROM ward w WHERE b.ward_code = w.ward_code RETURNING b.bed_id;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
