//! `bind-variables`: SQL*Plus bind variables left in the translation are
//! reported.
//!
//! **What it does.** Reports every `:name` placeholder still in a statement
//! or a PL/SQL block once the other passes ran (trigger `:NEW`/`:OLD` and
//! dynamic SQL's placeholders are rewritten before; a `:name` left is a
//! SQL*Plus bind variable declared by `VARIABLE`). Changes nothing.
//!
//! **Why.** The `VARIABLE` command is SQL*Plus only and is commented out
//! for psql. psql's own `:name` variables are not bind variables: they are
//! text substituted into SQL, never inside a `$$` body, so an anonymous
//! block that reads `:v_adm_id` fails with a syntax error at `:`. The value
//! the variable carried between the script's calls is not known to the
//! translation, so the statement is reported, not guessed.
//!
//! **Example.**
//!
//! ```sql
//! BEGIN
//!   IF pkg_ip_admission.need_reminder(:v_adm_id) THEN … END IF;   -- Oracle, after VARIABLE v_adm_id NUMBER
//! END;
//! ```
//!
//! PostgreSQL: declare a variable in the block and fill it there
//! (`DECLARE v_adm_id numeric; BEGIN CALL … (…, v_adm_id); …`).
//!
//! **Findings.** `SP0282` (error), one per statement, naming the variables.

use sqlparser::ast::{Expr, Value};

use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct BindVariables;

impl Pass for BindVariables {
    fn name(&self) -> &'static str {
        "bind-variables"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            // Per enclosing statement: the first place and the names.
            let mut found: Vec<(Span, Vec<String>)> = Vec::new();
            super::expressions_at(unit, &mut |e, origin| {
                if let Expr::Value(v) = e
                    && let Value::Placeholder(p) = &v.value
                    && is_bind_variable(p)
                {
                    match found.iter_mut().find(|(s, _)| *s == origin.fallback) {
                        Some((_, names)) => {
                            if !names.contains(p) {
                                names.push(p.clone());
                            }
                        }
                        None => found.push((origin.fallback, vec![p.clone()])),
                    }
                }
                false
            });
            for (span, names) in found {
                cx.findings.push(
                    Finding::new(
                        Code::SP0282,
                        span,
                        format!(
                            "SQL*Plus bind variable {} is not translated: psql does not substitute it here",
                            names.join(", ")
                        ),
                    )
                    .with_help("declare a variable in a DO block (DECLARE v_adm_id numeric) and fill it there, from the call that set it"),
                );
            }
        }
    }
}

/// `:name` (not `$1`, `?` or `:1`, which dynamic SQL numbers, nor a
/// trigger's `:NEW`/`:OLD`/`:PARENT`, left only in triggers reported as
/// untranslatable, such as compound triggers).
fn is_bind_variable(p: &str) -> bool {
    let Some(name) = p.strip_prefix(':') else {
        return false;
    };
    let correlation = ["NEW", "OLD", "PARENT"]
        .iter()
        .any(|c| name.eq_ignore_ascii_case(c));
    !correlation
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn bind_variables_left_in_blocks_and_statements_are_reported() {
        // SQL*Plus 测试脚本：VARIABLE 声明的绑定变量在 psql 的 $$ 块中不会被替换
        insta::assert_snapshot!(translated(
            "VARIABLE v_adm_id NUMBER
EXEC pkg_ip_admission.assign_bed(:v_adm_id, 1);
BEGIN
  IF pkg_ip_admission.need_reminder(:v_adm_id) THEN
    DBMS_OUTPUT.PUT_LINE('预交金不足，请通知患者家属续交');
  END IF;
END;
/
SELECT admission_id, status FROM ip_admission WHERE admission_id = :v_adm_id;
CREATE OR REPLACE TRIGGER trg_ip_adm_bu BEFORE UPDATE ON ip_admission FOR EACH ROW
BEGIN
  :NEW.update_time := SYSDATE;
END;
/
",
            &highgo()
        ));
    }
}
