//! `identifiers`: names keep resolving when PostgreSQL's lower-case folding
//! meets DM's upper-case folding.
//!
//! **What it does.** A quoted name written in lower case (`"patient_id"`),
//! which PostgreSQL treats as the unquoted name, is written unquoted, so that
//! DM folds it to upper case like every other use of the name; if it is a
//! reserved word of the target (`grammar/targets/dameng.toml`,
//! `[[reserved_words]]`), it is quoted in upper case (`"TOP"`), and so is an
//! unquoted use of a reserved word. Quoted names with upper-case letters
//! (`"Patient"`) stay as they are: they are exact on both sides.
//!
//! **Why.** PostgreSQL folds unquoted names to lower case, DM to upper case
//! (dameng.md, CASE_SENSITIVE). `CREATE TABLE "lab_item"` makes a table DM
//! knows only as `"lab_item"`, which the unquoted `lab_item` (folded to
//! `LAB_ITEM`) of other statements does not find.
//!
//! **Example.**
//! ```sql
//! SELECT "patient_id", top FROM "lab_request";
//! SELECT patient_id, "TOP" FROM lab_request;
//! ```
//!
//! **Findings.** None: the names resolve as they did.

use std::ops::ControlFlow;

use sqlparser::ast::{Ident, VisitMut as _, VisitorMut};

use crate::ast::procedural::{EmbeddedSql, PlExpr};
use crate::ast::visit::{VisitMut, walk_program};
use crate::ast::{Content, Script};
use crate::catalog::{self, applies_in};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Identifiers;

impl Pass for Identifiers {
    fn name(&self) -> &'static str {
        "identifiers"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let mode = cx.options.mode();
        let reserved: Vec<String> = catalog::catalog(cx.options.target)
            .map(|c| {
                c.reserved_words
                    .iter()
                    .filter(|r| applies_in(&r.modes, mode))
                    .flat_map(|r| r.words.iter().map(|w| w.to_ascii_uppercase()))
                    .collect()
            })
            .unwrap_or_default();
        for unit in script.units_mut() {
            let mut v = Names {
                reserved: &reserved,
                changed: false,
            };
            match &mut unit.content {
                Content::Sql(statements) => {
                    for s in statements.iter_mut() {
                        let _ = s.visit(&mut v);
                    }
                    unit.rewritten |= v.changed;
                }
                Content::Program(program) => {
                    let mut pl = Pl {
                        names: v,
                        changed: false,
                    };
                    walk_program(&mut pl, program);
                    unit.rewritten |= pl.changed;
                }
                _ => {}
            }
        }
    }
}

struct Names<'r> {
    reserved: &'r [String],
    changed: bool,
}

impl VisitorMut for Names<'_> {
    type Break = ();

    fn pre_visit_ident(&mut self, ident: &mut Ident) -> ControlFlow<()> {
        let value = &ident.value;
        let upper = value.to_ascii_uppercase();
        let reserved = self.reserved.contains(&upper);
        match ident.quote_style {
            Some('"') if plain_lower(value) => {
                *ident = if reserved {
                    Ident::with_quote('"', upper)
                } else {
                    Ident::new(value.clone())
                };
                self.changed = true;
            }
            None if reserved => {
                *ident = Ident::with_quote('"', upper);
                self.changed = true;
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

/// A name PostgreSQL reads the same quoted or not: lower-case letters,
/// digits and `_`, not starting with a digit.
fn plain_lower(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

struct Pl<'r> {
    names: Names<'r>,
    changed: bool,
}

impl VisitMut for Pl<'_> {
    fn expr(&mut self, e: &mut PlExpr) {
        self.names.changed = false;
        let _ = e.expr.visit(&mut self.names);
        if self.names.changed {
            e.span = Span::default();
            self.changed = true;
        }
    }

    fn sql(&mut self, sql: &mut EmbeddedSql) {
        self.names.changed = false;
        let _ = sql.statement.visit(&mut self.names);
        if self.names.changed {
            sql.span = Span::default();
            self.changed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn quoted_lower_case_names_are_unquoted_and_reserved_words_quoted() {
        insta::assert_snapshot!(translated(
            "CREATE TABLE \"lab_request\" (\"request_id\" bigint, \"Remark\" text, top integer);\nSELECT \"request_id\", top FROM lab_request WHERE \"Remark\" IS NOT NULL;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
