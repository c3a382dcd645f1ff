//! `exceptions`: PostgreSQL condition names in handlers become PL/SQL's
//! predefined exceptions.
//!
//! **What it does.** `WHEN unique_violation` → `WHEN DUP_VAL_ON_INDEX`,
//! `no_data_found` → `NO_DATA_FOUND`, `too_many_rows` → `TOO_MANY_ROWS`,
//! `division_by_zero` → `ZERO_DIVIDE`, … and `WHEN SQLSTATE '23505'` the
//! same way: the table is `grammar/oracle_errors.toml`'s `[[predefined]]`,
//! read backwards (a condition maps to the exception that lists it first).
//!
//! **Why.** DMSQL handlers name PL/SQL's predefined exceptions (dameng.md,
//! DMSQL); PostgreSQL's condition names mean nothing there.
//!
//! **Example.**
//! ```sql
//! EXCEPTION WHEN unique_violation THEN …
//! EXCEPTION WHEN DUP_VAL_ON_INDEX THEN …
//! ```
//!
//! **Findings.** `SP0216` (error) a condition with no predefined exception.

use crate::ast::procedural::*;
use crate::ast::visit::VisitMut;
use crate::catalog::oracle_errors;
use crate::report::{Code, Finding};

use crate::source::Span;

program_pass!(Exceptions, "exceptions");

impl VisitMut for Rewriter {
    fn block(&mut self, block: &mut Block) {
        for h in &mut block.handlers {
            for name in &mut h.exceptions {
                let text = name.text.trim();
                if text.eq_ignore_ascii_case("OTHERS") {
                    continue;
                }
                let condition = match sqlstate(text) {
                    Some(code) => oracle_errors()
                        .codes
                        .iter()
                        .find(|c| c.sqlstate.eq_ignore_ascii_case(&code))
                        .map(|c| c.condition.clone()),
                    None => Some(text.to_string()),
                };
                let predefined = condition
                    .as_deref()
                    .and_then(|c| oracle_errors().predefined_for_condition(c));
                match predefined {
                    Some(p) => {
                        if p.name != name.text {
                            *name = Name {
                                text: p.name.clone(),
                                span: Span::default(),
                            };
                            self.changed = true;
                        }
                    }
                    None => self.findings.push(
                        Finding::new(
                            Code::SP0216,
                            name.span,
                            format!("WHEN {text}: DM has no predefined exception for this PostgreSQL condition"),
                        ),
                    ),
                }
            }
        }
    }
}

/// The code of `SQLSTATE 'xxxxx'`.
fn sqlstate(text: &str) -> Option<String> {
    let rest = text
        .get(..8)
        .filter(|w| w.eq_ignore_ascii_case("SQLSTATE"))?;
    let code = text[rest.len()..].trim().trim_matches('\'');
    Some(code.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn conditions_become_predefined_exceptions() {
        insta::assert_snapshot!(translated(
            "CREATE PROCEDURE pr_register(p_card varchar) LANGUAGE plpgsql AS $$\nBEGIN\n    INSERT INTO patient (card_no) VALUES (p_card);\nEXCEPTION\n    WHEN unique_violation OR SQLSTATE '22012' THEN\n        NULL;\n    WHEN foreign_key_violation THEN\n        NULL;\n    WHEN no_data_found THEN\n        NULL;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
