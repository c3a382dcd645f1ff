//! `pg-gen-random-uuid`: `gen_random_uuid()` before PostgreSQL 13.
//!
//! **What it does.** On a kernel before 13, unless the options say the
//! target database has the `pgcrypto` extension (`--extension pgcrypto`,
//! [`crate::Options::with_extensions`]), each `gen_random_uuid()` call
//! becomes `sqlport.sys_guid()`, a helper defined at the top of the output
//! that builds a random version-4 UUID without any extension.
//!
//! **Why.** `gen_random_uuid()` is in PostgreSQL's core from 13; before, only
//! `pgcrypto` has it, and installing an extension on a HighGo or Kingbase
//! production database needs a DBA.
//!
//! **Example** (kernel 12):
//!
//! ```sql
//! INSERT INTO lab_message (msg_id) VALUES (gen_random_uuid());
//! INSERT INTO lab_message (msg_id) VALUES (sqlport.sys_guid());
//! ```
//!
//! **Findings.** `SP0420` (info) the first time the helper is needed.

use super::{Context, Pass, calls, edit, missing, unit_tokens};
use crate::rewrite::helpers::Helper;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct GenRandomUuid;

impl Pass for GenRandomUuid {
    fn name(&self) -> &'static str {
        "pg-gen-random-uuid"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        if !missing(cx, "gen_random_uuid") || cx.options.has_extension("pgcrypto") {
            return;
        }
        let text = cx.file.text();
        for unit in script.units_mut() {
            let toks = unit_tokens(text, unit);
            for i in calls(&toks, "gen_random_uuid") {
                if edit(unit, toks[i].span, Helper::SysGuid.qualified()) {
                    cx.require_helper(Helper::SysGuid, toks[i].span);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::highgo;
    use crate::rewrite::test_support::translated;

    const SQL: &str = "CREATE TABLE lab_message (msg_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body jsonb);\nINSERT INTO lab_message (msg_id, body) VALUES (gen_random_uuid(), '{}');\n";

    #[test]
    fn helper_on_12() {
        insta::assert_snapshot!(translated(SQL, &highgo(12)));
    }

    #[test]
    fn kept_with_pgcrypto_or_from_13() {
        let pgcrypto = highgo(12).with_extensions(vec!["PGCRYPTO".to_string()]);
        assert_eq!(crate::translate(SQL, &pgcrypto).sql, SQL);
        assert_eq!(crate::translate(SQL, &highgo(14)).sql, SQL);
    }
}
