//! `delete-using`: PostgreSQL's `DELETE … USING` becomes `DELETE … WHERE
//! EXISTS`.
//!
//! **What it does.** `DELETE FROM t [a] USING s [b], … WHERE cond` becomes
//! `DELETE FROM t [a] WHERE EXISTS (SELECT 1 FROM s [b], … WHERE cond)`.
//! It is kept and reported with `RETURNING`.
//!
//! **Why.** DM8 has no `USING` in `DELETE`. A target row is deleted by
//! `DELETE … USING` when some combination of the `USING` rows satisfies
//! `cond`, which is exactly what the correlated `EXISTS` asks; the subquery
//! sees the target's name or alias as the outer row.
//!
//! **Example.**
//! ```sql
//! DELETE FROM lab_result r USING lab_request q
//!  WHERE q.request_id = r.request_id AND q.status = 'X';
//! -- DM:
//! DELETE FROM lab_result r WHERE EXISTS (SELECT 1 FROM lab_request q
//!  WHERE q.request_id = r.request_id AND q.status = 'X');
//! ```
//!
//! **Findings.** `SP0405` (info) at each rewritten delete; `SP0223` (error)
//! at one it keeps.

use sqlparser::ast::{Delete, FromTable, Statement};
use sqlparser::dialect::OracleDialect;
use sqlparser::parser::Parser;

use super::update_from::item_text;
use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::rewrite::visit_unit::statements_at;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeleteUsing;

impl Pass for DeleteUsing {
    fn name(&self) -> &'static str {
        "delete-using"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let body = unit.body;
            let mut findings = Vec::new();
            statements_at(unit, &mut |s, at, _| {
                let Statement::Delete(delete) = s else {
                    return false;
                };
                if delete.using.is_none() {
                    return false;
                }
                let at = if at.is_empty() { body } else { at };
                match exists_of(delete) {
                    Ok(new) => {
                        *s = new;
                        findings.push(Finding::new(
                            Code::SP0405,
                            at,
                            "DELETE … USING became DELETE … WHERE EXISTS (SELECT 1 FROM … WHERE …)",
                        ));
                        true
                    }
                    Err(why) => {
                        findings.push(Finding::new(
                            Code::SP0223,
                            at,
                            format!("DELETE … USING kept ({why}): write DELETE … WHERE EXISTS (SELECT 1 FROM … WHERE …)"),
                        ));
                        false
                    }
                }
            });
            cx.findings.extend(findings);
        }
    }
}

/// The delete with a correlated `EXISTS`, or why there is none.
fn exists_of(delete: &Delete) -> Result<Statement, &'static str> {
    if delete.returning.is_some() {
        return Err("RETURNING");
    }
    let (FromTable::WithFromKeyword(targets) | FromTable::WithoutKeyword(targets)) = &delete.from;
    let [target] = targets.as_slice() else {
        return Err("several targets");
    };
    let target = item_text(target).ok_or("an unusual target")?;
    let using: Vec<String> = delete
        .using
        .iter()
        .flatten()
        .map(|t| t.to_string())
        .collect();
    let cond = delete
        .selection
        .as_ref()
        .map_or_else(|| "1 = 1".to_string(), ToString::to_string);
    let sql = format!(
        "DELETE FROM {target} WHERE EXISTS (SELECT 1 FROM {} WHERE {cond})",
        using.join(", ")
    );
    Parser::parse_sql(&OracleDialect {}, &sql)
        .ok()
        .and_then(|mut v| v.pop())
        .ok_or("its form with EXISTS could not be read back")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn delete_using_becomes_where_exists() {
        // 作废申请的检验结果一并删除
        insta::assert_snapshot!(translated(
            "DELETE FROM lab_result r USING lab_request q\n WHERE q.request_id = r.request_id AND q.status = 'X';\nDELETE FROM bed_lock USING ward w JOIN dept d ON d.dept_code = w.dept_code\n WHERE bed_lock.ward_code = w.ward_code AND d.closed;\nDELETE FROM bed_lock USING ward w WHERE bed_lock.ward_code = w.ward_code RETURNING bed_lock.bed_id;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
