//! `q-quotes`: Oracle's `q'[…]'` literals in program units become standard
//! string literals.
//!
//! **What it does.** Every alternative-quoting literal (`q'[…]'`, `q'{…}'`,
//! `q'!…!'`, `nq'…'`) in the expressions and SQL statements of a program
//! unit becomes a standard literal with its quotes doubled.
//!
//! **Why.** PostgreSQL has no alternative quoting; `q'[O'Brien]'` is a
//! syntax error there, and the statement holding it would not load.
//!
//! **Example.**
//!
//! ```sql
//! DBMS_OUTPUT.PUT_LINE(q'[患者 O'Brien 已退费]');    -- PL/SQL
//! RAISE NOTICE '%', '患者 O''Brien 已退费';           -- PL/pgSQL
//! ```
//!
//! **Findings.** None. SQL statements outside program units are left to the
//! SQL passes.

use sqlparser::ast::{Expr, Value};

use crate::ast::Content;
use crate::rewrite::visit_unit::expressions_mut;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct QQuotes;

impl Pass for QQuotes {
    fn name(&self) -> &'static str {
        "q-quotes"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            if !matches!(unit.content, Content::Program(_)) {
                continue;
            }
            expressions_mut(unit, &mut |e| {
                let Expr::Value(v) = e else {
                    return false;
                };
                let text = match &v.value {
                    Value::QuoteDelimitedStringLiteral(q) => {
                        Value::SingleQuotedString(q.value.clone())
                    }
                    Value::NationalQuoteDelimitedStringLiteral(q) => {
                        Value::NationalStringLiteral(q.value.clone())
                    }
                    _ => return false,
                };
                v.value = text;
                true
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn q_literals_become_standard_literals() {
        let script = "BEGIN
  DBMS_OUTPUT.PUT_LINE(q'[患者 O'Brien 已退费]');
  UPDATE op_charge SET remark = q'{转诊 'VIP'}' WHERE charge_id = 1;
END;
/
";
        insta::assert_snapshot!(translated(script, &highgo()));
    }
}
