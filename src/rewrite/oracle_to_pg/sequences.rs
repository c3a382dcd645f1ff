//! `sequences`: `seq.NEXTVAL` and `seq.CURRVAL`.
//!
//! **What it does.** `seq.NEXTVAL` becomes `nextval('seq')`, and
//! `seq.CURRVAL` `currval('seq')`, schema included (`his.seq_reg.NEXTVAL` →
//! `nextval('his.seq_reg')`); a quoted name stays quoted inside the string.
//!
//! **Why.** PostgreSQL sequences are read with functions that take the
//! sequence's name. An unquoted name in the string is folded to lower case
//! as it is in `CREATE SEQUENCE`, so the two still match.
//!
//! **Example.**
//!
//! ```sql
//! INSERT INTO op_reg (reg_id) VALUES (seq_op_reg.NEXTVAL);
//! INSERT INTO op_reg (reg_id) VALUES (nextval('seq_op_reg'));
//! ```
//!
//! **Findings.** None.

use sqlparser::ast::{Expr, Value};

use super::expr::replace;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sequences;

impl Pass for Sequences {
    fn name(&self) -> &'static str {
        "sequences"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        super::each_expression(script, cx, &mut |e, _, _| {
            let Expr::CompoundIdentifier(parts) = e else {
                return false;
            };
            let Some((last, sequence)) = parts.split_last() else {
                return false;
            };
            let function = match last.value.to_ascii_uppercase().as_str() {
                _ if last.quote_style.is_some() => return false,
                "NEXTVAL" => "nextval",
                "CURRVAL" => "currval",
                _ => return false,
            };
            // `:new.nextval` and the like are not sequences.
            if sequence.is_empty() || sequence.iter().any(|p| p.value.starts_with(':')) {
                return false;
            }
            let name = sequence
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(".");
            let name = Expr::value(Value::SingleQuotedString(name));
            replace(e, &format!("{function}($1)"), &[name])
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::translated;

    #[test]
    fn nextval_and_currval() {
        let input = "INSERT INTO op_reg (reg_id, reg_no) VALUES (seq_op_reg.NEXTVAL, 'R' || LPAD(his.seq_reg_no.nextval, 8, '0'));
SELECT seq_op_reg.CURRVAL, \"SeqMixed\".NEXTVAL FROM dual;
CREATE OR REPLACE TRIGGER trg_op_reg BEFORE INSERT ON op_reg FOR EACH ROW
BEGIN
  IF :NEW.reg_id IS NULL THEN
    :NEW.reg_id := seq_op_reg.NEXTVAL; -- 自增主键
  END IF;
END;
/
";
        insta::assert_snapshot!(translated(input, 12));
    }
}
