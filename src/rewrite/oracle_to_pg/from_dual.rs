//! `from-dual`: `FROM DUAL` is dropped.
//!
//! **What it does.** Removes Oracle's one-row table `DUAL` (also `SYS.DUAL`)
//! from every `FROM` list: `SELECT SYSDATE FROM DUAL` becomes
//! `SELECT SYSDATE`, and `FROM DUAL, t` becomes `FROM t`.
//!
//! **Why.** PostgreSQL runs a `SELECT` without `FROM` and has no `DUAL`.
//! HighGo does have a `dual` relation, but the plain `SELECT` runs on every
//! PostgreSQL kernel (and on Kingbase in PG mode) and means the same.
//!
//! **Example.**
//!
//! ```sql
//! SELECT seq_op_reg.NEXTVAL INTO v_id FROM dual;   -- Oracle
//! SELECT seq_op_reg.NEXTVAL INTO v_id;             -- HighGo (NEXTVAL: another rule)
//! ```
//!
//! **Findings.** None: the rewrite keeps the meaning.

use sqlparser::ast::{ObjectNamePart, TableFactor, TableWithJoins};

use super::sql_walk::{each_select, is_word};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct FromDual;

impl Pass for FromDual {
    fn name(&self) -> &'static str {
        "from-dual"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        each_select(script, &mut |select| {
            // A hierarchical query left as written (flagged) keeps its DUAL.
            if !select.connect_by.is_empty() {
                return false;
            }
            let before = select.from.len();
            select.from.retain(|t| !is_dual(t));
            select.from.len() != before
        });
    }
}

/// Whether `t` is `DUAL` or `SYS.DUAL` alone (not joined to anything).
pub(super) fn is_dual(t: &TableWithJoins) -> bool {
    let TableFactor::Table { name, args, .. } = &t.relation else {
        return false;
    };
    let parts: Vec<_> = name
        .0
        .iter()
        .map(|p| match p {
            ObjectNamePart::Identifier(id) => Some(id),
            _ => None,
        })
        .collect();
    let named = match parts.as_slice() {
        [Some(d)] => is_word(d, "DUAL"),
        [Some(s), Some(d)] => is_word(s, "SYS") && is_word(d, "DUAL"),
        _ => false,
    };
    named && args.is_none() && t.joins.is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn dual_is_dropped_from_from_lists() {
        let sql = "SELECT 1 FROM dual;
SELECT SYSDATE AS now_time, USER FROM SYS.DUAL;
SELECT r.reg_id FROM DUAL, op_reg r WHERE r.reg_id = 1;
CREATE OR REPLACE FUNCTION f_has_reg (p_id NUMBER) RETURN NUMBER IS
  v_cnt NUMBER;
BEGIN
  -- 是否存在挂号
  SELECT CASE WHEN EXISTS (SELECT 1 FROM op_reg WHERE reg_id = p_id) THEN 1 ELSE 0 END INTO v_cnt FROM dual;
  RETURN v_cnt;
END;
/
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }
}
