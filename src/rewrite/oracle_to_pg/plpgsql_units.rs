//! `plpgsql-units`: every PL/SQL program unit is printed as PL/pgSQL.
//!
//! **What it does.** Marks each program unit read from the Oracle script as
//! rewritten, so the printer prints it in the target's language: a routine
//! becomes `CREATE FUNCTION … AS $$ … $$`, an anonymous block a `DO` block,
//! and the `/` line that ended it in SQL*Plus becomes `;`. The passes before
//! it have already adapted what inside the unit PostgreSQL reads differently.
//!
//! **Why.** PostgreSQL has no PL/SQL: its routine bodies are strings in a
//! language named by `LANGUAGE`, and psql ends statements with `;` only.

use crate::ast::Content;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlpgsqlUnits;

impl Pass for PlpgsqlUnits {
    fn name(&self) -> &'static str {
        "plpgsql-units"
    }

    fn run(&self, script: &mut crate::ast::Script, _cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            if matches!(unit.content, Content::Program(_)) {
                unit.rewritten = true;
            }
        }
    }
}
