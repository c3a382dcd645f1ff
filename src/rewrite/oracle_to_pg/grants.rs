//! `grants`: `GRANT`/`REVOKE` statements whose meaning depends on what the
//! target has, reported where they would fail.
//!
//! **What it does.** Reports `GRANT EXECUTE ON name` (and `REVOKE`) written
//! without an object kind, and every grant to a named role, at the
//! statement. The statements are left as written.
//!
//! **Why.** PostgreSQL reads `GRANT EXECUTE ON name` as a grant on a table
//! and fails (`relation "fn_calc_fee" does not exist`): it wants
//! `ON FUNCTION`/`PROCEDURE name(argument types)`, `ON TYPE name` for a type,
//! and a package, which became a schema, wants `USAGE ON SCHEMA` plus
//! `EXECUTE ON ALL ROUTINES IN SCHEMA`. Which of those a name is cannot
//! always be told from the script (a routine's argument types, a package
//! in another file), so the statement is reported, not guessed. Roles are
//! not objects of the script: Oracle's `his_app_role` must be created on
//! the target (`CREATE ROLE`) before the grants load.
//!
//! **Example:**
//!
//! ```sql
//! GRANT EXECUTE ON pkg_op_billing TO his_app_role;     -- Oracle
//! GRANT USAGE ON SCHEMA pkg_op_billing TO his_app_role;
//! GRANT EXECUTE ON ALL ROUTINES IN SCHEMA pkg_op_billing TO his_app_role;  -- HighGo, by hand
//! ```
//!
//! **Findings.** `SP0280` (error) for `EXECUTE ON` without an object kind;
//! `SP0380` (warning) naming the roles a grant needs.

use sqlparser::ast::{GrantObjects, Grantee, GranteeName, Statement};

use crate::ast::{Content, Script};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Grants;

impl Pass for Grants {
    fn name(&self) -> &'static str {
        "grants"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        for unit in script.units() {
            let Content::Sql(statements) = &unit.content else {
                continue;
            };
            for statement in statements {
                let (verb, privileges, objects, grantees) = match statement {
                    Statement::Grant(g) => {
                        ("GRANT", g.privileges.to_string(), &g.objects, &g.grantees)
                    }
                    Statement::Revoke(r) => {
                        ("REVOKE", r.privileges.to_string(), &r.objects, &r.grantees)
                    }
                    _ => continue,
                };
                // Names without a kind are read as tables by PostgreSQL.
                if let Some(GrantObjects::Tables(names)) = objects
                    && privileges.to_ascii_uppercase().contains("EXECUTE")
                {
                    let list: Vec<String> = names.iter().map(ToString::to_string).collect();
                    cx.findings.push(
                        Finding::new(
                            Code::SP0280,
                            unit.body,
                            format!(
                                "EXECUTE ON {} has no object kind: PostgreSQL reads it as a table",
                                list.join(", ")
                            ),
                        )
                        .with_help("write ON FUNCTION/PROCEDURE name(argument types) for a routine, ON TYPE for a type; a package became a schema: GRANT USAGE ON SCHEMA and EXECUTE ON ALL ROUTINES IN SCHEMA"),
                    );
                }
                let roles = named_roles(grantees);
                if !roles.is_empty() {
                    cx.findings.push(
                        Finding::new(
                            Code::SP0380,
                            unit.body,
                            format!("{verb} needs role {} on the target", roles.join(", ")),
                        )
                        .with_help("create the roles first (CREATE ROLE name), as the Oracle script assumed them"),
                    );
                }
            }
        }
    }
}

/// The grantees that are roles or users by name (`PUBLIC` is everyone and
/// always exists).
fn named_roles(grantees: &[Grantee]) -> Vec<String> {
    grantees
        .iter()
        .filter_map(|g| match &g.name {
            Some(GranteeName::ObjectName(name)) => Some(name.to_string()),
            _ => None,
        })
        .filter(|n| !n.eq_ignore_ascii_case("PUBLIC"))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    fn translated(input: &str) -> String {
        crate::rewrite::test_support::translated_keeping(
            input,
            &Options::new(Source::Oracle, Target::Highgo),
            |f| matches!(f.code, crate::Code::SP0280 | crate::Code::SP0380),
        )
    }

    #[test]
    fn grants_to_roles_and_execute_without_a_kind_are_reported() {
        // 门诊收费授权：角色需在目标库先建，EXECUTE ON 包/函数需写对象种类
        insta::assert_snapshot!(translated(
            "GRANT SELECT, INSERT, UPDATE ON op_registration TO his_app_role;
GRANT EXECUTE ON pkg_op_billing TO his_app_role;
GRANT SELECT ON v_op_reg_detail TO his_report WITH GRANT OPTION;
GRANT SELECT ON his_fee_item TO PUBLIC;
REVOKE EXECUTE ON fn_calc_fee FROM his_report;
"
        ));
    }
}
