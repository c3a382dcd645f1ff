//! `session`: `USER`, `SYS_CONTEXT('USERENV', …)`, `SYS_GUID()` and `BITAND`.
//!
//! **What it does.**
//!
//! | Oracle | PostgreSQL |
//! |---|---|
//! | `USER` | `current_user` |
//! | `SYS_CONTEXT('USERENV', 'SESSION_USER')` (also `AUTHENTICATED_IDENTITY`) | `session_user::text` |
//! | `SYS_CONTEXT('USERENV', 'CURRENT_USER')` | `current_user::text` |
//! | `SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')` | `current_schema()::text` |
//! | `SYS_CONTEXT('USERENV', 'DB_NAME')` (also `DB_UNIQUE_NAME`, `INSTANCE_NAME`) | `current_database()::text` |
//! | `SYS_CONTEXT('USERENV', 'IP_ADDRESS')` | `host(inet_client_addr())` |
//! | `SYS_CONTEXT('USERENV', 'SID')` (also `SESSIONID`) | `pg_backend_pid()::text` |
//! | `SYS_CONTEXT('USERENV', 'MODULE')` | `current_setting('application_name')` |
//! | `SYS_GUID()` | `gen_random_uuid()` (13+), `sqlport.sys_guid()` (12) |
//! | `BITAND(a, b)` | `((a)::bigint & (b)::bigint)` |
//!
//! **Why.** PostgreSQL has these values under other names; `SYS_CONTEXT`
//! returns text, hence the casts. `gen_random_uuid()` exists from
//! PostgreSQL 13 (HighGo SEE 4.5 runs 12, where a helper builds one without
//! extensions). `&` is not defined for `numeric`, which Oracle's `NUMBER`
//! becomes.
//!
//! **Example.**
//!
//! ```sql
//! INSERT INTO sys_log (op_user, op_ip) VALUES (USER, SYS_CONTEXT('USERENV', 'IP_ADDRESS'));
//! INSERT INTO sys_log (op_user, op_ip) VALUES (current_user, host(inet_client_addr()));
//! ```
//!
//! **Findings.** `SP0220` (error) for other namespaces and keys
//! (`OS_USER`, `TERMINAL`, `HOST`, `NLS_*`, application contexts), kept as
//! written; `SP0323` (warning) for `SYS_GUID` (a `uuid`, not `RAW(16)`);
//! `SP0420` (info) for the helper on 12.

use sqlparser::ast::Expr;

use super::expr::{builtin_args, is_word, string_literal, template_for};
use crate::report::{Code, Finding};
use crate::rewrite::helpers::Helper;
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Session;

impl Pass for Session {
    fn name(&self) -> &'static str {
        "session"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        let kernel = cx.options.kernel().unwrap_or(12);
        super::each_expression(script, cx, &mut |e, origin, cx| {
            let new = if is_word(e, "USER") {
                template_for(e, "current_user", &[])
            } else if let Some(args) = builtin_args(e, "SYS_CONTEXT") {
                let span = origin.locate(text, e);
                let mapped = match args.as_slice() {
                    [ns, key] => string_literal(ns)
                        .filter(|ns| ns.eq_ignore_ascii_case("USERENV"))
                        .and(string_literal(key))
                        .and_then(|k| userenv(&k.to_ascii_uppercase())),
                    _ => None,
                };
                if mapped.is_none() {
                    cx.findings.push(Finding::new(
                        Code::SP0220,
                        span,
                        format!("{e} has no PostgreSQL equivalent; kept as written"),
                    ));
                }
                mapped.and_then(|m| template_for(e, m, &[]))
            } else if builtin_args(e, "SYS_GUID").is_some_and(|a| a.is_empty()) {
                let span = origin.locate(text, e);
                cx.findings.push(Finding::new(
                    Code::SP0323,
                    span,
                    "SYS_GUID() became a uuid (36 characters with hyphens); Oracle's RAW(16) reads as 32 hex digits",
                ));
                if kernel >= 13 {
                    template_for(e, "gen_random_uuid()", &[])
                } else {
                    cx.require_helper(Helper::SysGuid, span);
                    template_for(e, "sqlport.sys_guid()", &[])
                }
            } else if let Some(args) = builtin_args(e, "BITAND").filter(|a| a.len() == 2) {
                let args: Vec<Expr> = args.into_iter().cloned().collect();
                template_for(e, "(($1)::bigint & ($2)::bigint)", &args)
            } else {
                None
            };
            match new {
                Some(new) => {
                    *e = new;
                    true
                }
                None => false,
            }
        });
    }
}

/// The PostgreSQL expression for a `USERENV` key.
fn userenv(key: &str) -> Option<&'static str> {
    Some(match key {
        "SESSION_USER" | "AUTHENTICATED_IDENTITY" => "session_user::text",
        "CURRENT_USER" => "current_user::text",
        "CURRENT_SCHEMA" => "current_schema()::text",
        "DB_NAME" | "DB_UNIQUE_NAME" | "INSTANCE_NAME" => "current_database()::text",
        "IP_ADDRESS" => "host(inet_client_addr())",
        "SID" | "SESSIONID" => "pg_backend_pid()::text",
        "MODULE" => "current_setting('application_name')",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::translated;

    const INPUT: &str = "INSERT INTO sys_oper_log (log_id, op_user, op_ip, op_db, op_sid, flags)
VALUES (SYS_GUID(), USER, SYS_CONTEXT('USERENV', 'IP_ADDRESS'), sys_context('userenv', 'db_name'),
        SYS_CONTEXT('USERENV', 'SID'), BITAND(p_flags, 4));
SELECT SYS_CONTEXT('USERENV', 'OS_USER'), SYS_CONTEXT('HIS_CTX', 'HOSPITAL_ID') FROM dual;
BEGIN
  IF USER <> 'HIS' THEN
    v_who := SYS_CONTEXT('USERENV', 'SESSION_USER');
  END IF;
END;
/
";

    #[test]
    fn session_values_on_12() {
        insta::assert_snapshot!(translated(INPUT, 12));
    }

    #[test]
    fn sys_guid_is_native_from_13() {
        insta::assert_snapshot!(translated(INPUT, 14));
    }
}
