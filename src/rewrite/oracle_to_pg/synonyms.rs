//! `synonyms`: a synonym for a table or view becomes a view.
//!
//! **What it does.** `CREATE [OR REPLACE] [PUBLIC] SYNONYM s FOR [schema.]t`,
//! where `t` is a table or view the script creates, becomes
//! `CREATE OR REPLACE VIEW s AS SELECT * FROM [schema.]t`. A synonym for
//! anything else — a package, procedure, function or sequence, an object
//! the script does not create, a database link (`t@link`) — is left as
//! written and reported; so is a synonym with the same name as its target
//! (a public synonym making `his_op.t` visible as `t` everywhere), which a
//! view cannot replace.
//!
//! **Why.** PostgreSQL has no synonyms. A simple view over one table reads
//! and, being automatically updatable, writes the same rows as the table,
//! so code that uses the synonym keeps working. Name resolution across
//! schemas, which is what most public synonyms are for, is PostgreSQL's
//! `search_path`.
//!
//! **Example:**
//!
//! ```sql
//! CREATE OR REPLACE SYNONYM op_reg FOR op_registration;                -- Oracle
//! CREATE OR REPLACE VIEW op_reg AS SELECT * FROM op_registration;      -- HighGo
//! ```
//!
//! `DROP [PUBLIC] SYNONYM s` becomes `DROP VIEW IF EXISTS s` when the script
//! makes `s` a view (install scripts drop before they create).
//!
//! **Findings.** `SP0414` (info) for a synonym made a view; `SP0210`
//! (error) for one that cannot be.

use std::collections::HashSet;

use sqlparser::ast::Statement;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use crate::ast::oracle::OracleStatement;
use crate::ast::{Content, Script};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Synonyms;

impl Pass for Synonyms {
    fn name(&self) -> &'static str {
        "synonyms"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let relations = relations(script);
        let views = synonym_views(script, &relations);
        for unit in script.units_mut() {
            let Content::Oracle(statement) = &unit.content else {
                continue;
            };
            // `DROP [PUBLIC] SYNONYM s` of a synonym this script makes a view.
            if let OracleStatement::DropSynonym { span, name, .. } = statement.as_ref() {
                if !views.contains(&key(&name.text)) {
                    cx.findings.push(
                        Finding::new(
                            Code::SP0210,
                            *span,
                            format!("DROP SYNONYM {} kept as written: the script makes no view of this synonym", name.text),
                        )
                        .with_help("PostgreSQL has no synonyms: remove the statement, or drop what replaced the synonym"),
                    );
                    continue;
                }
                let sql = format!("DROP VIEW IF EXISTS {}", name.text);
                let Ok(drop) = Parser::parse_sql(&PostgreSqlDialect {}, &sql) else {
                    continue;
                };
                cx.findings.push(Finding::new(
                    Code::SP0414,
                    *span,
                    format!("DROP SYNONYM {} became DROP VIEW IF EXISTS: the script makes the synonym a view", name.text),
                ));
                unit.content = Content::Sql(drop);
                unit.rewritten = true;
                continue;
            }
            let OracleStatement::CreateSynonym(s) = statement.as_ref() else {
                continue;
            };
            let name = key(&s.name.text);
            let target = key(&s.target.text);
            let why_not = if s.target.text.contains('@') {
                Some("it names an object over a database link")
            } else if !relations.contains(&target) {
                Some(
                    "its target is not a table or view this script creates (a package, routine, sequence or type has no PostgreSQL synonym)",
                )
            } else if name == target {
                Some("it has the name of its target: a view cannot stand in for it")
            } else {
                None
            };
            if let Some(why) = why_not {
                cx.findings.push(
                    Finding::new(
                        Code::SP0210,
                        s.span,
                        format!("synonym {} for {} kept as written: {why}", s.name.text, s.target.text),
                    )
                    .with_help("PostgreSQL has no synonyms: put the target's schema on search_path (ALTER ROLE … SET search_path), or call the target by its own name"),
                );
                continue;
            }
            let sql = format!(
                "CREATE OR REPLACE VIEW {} AS SELECT * FROM {}",
                s.name.text, s.target.text
            );
            let Ok(view) = Parser::parse_sql(&PostgreSqlDialect {}, &sql) else {
                continue;
            };
            let public = if s.public {
                " (a public synonym was visible from every schema; the view is in the current one)"
            } else {
                ""
            };
            cx.findings.push(Finding::new(
                Code::SP0414,
                s.span,
                format!(
                    "synonym {} for {} became a view{public}",
                    s.name.text, s.target.text
                ),
            ));
            unit.content = Content::Sql(view);
            unit.rewritten = true;
        }
    }
}

/// The synonyms of the script that become views, by [`key`].
fn synonym_views(script: &Script, relations: &HashSet<String>) -> HashSet<String> {
    script
        .units()
        .filter_map(|u| match &u.content {
            Content::Oracle(s) => match s.as_ref() {
                OracleStatement::CreateSynonym(s)
                    if !s.target.text.contains('@')
                        && relations.contains(&key(&s.target.text))
                        && key(&s.name.text) != key(&s.target.text) =>
                {
                    Some(key(&s.name.text))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The last part of a name, as PostgreSQL folds it (unquoted: lower case).
fn key(name: &str) -> String {
    let last = name.rsplit('.').next().unwrap_or(name);
    match last.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        Some(quoted) => quoted.to_string(),
        None => last.to_lowercase(),
    }
}

/// The tables and views the script creates, by [`key`].
fn relations(script: &Script) -> HashSet<String> {
    let mut names = HashSet::new();
    for unit in script.units() {
        let Content::Sql(statements) = &unit.content else {
            continue;
        };
        for s in statements {
            let name = match s {
                Statement::CreateTable(t) => &t.name,
                Statement::CreateView(v) => &v.name,
                _ => continue,
            };
            names.insert(key(&name.to_string()));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    #[test]
    fn synonyms_for_tables_and_views_become_views_others_are_flagged() {
        let input = "DROP SYNONYM op_reg;
DROP PUBLIC SYNONYM op_bill;
CREATE TABLE op_registration (reg_id NUMBER(12));
CREATE OR REPLACE VIEW \"V_OpDailyReport\" AS SELECT reg_id FROM op_registration;
CREATE OR REPLACE SYNONYM op_reg FOR op_registration;
CREATE OR REPLACE SYNONYM op_bill FOR pkg_op_billing;
CREATE OR REPLACE SYNONYM op_daily_report FOR \"V_OpDailyReport\";
CREATE OR REPLACE PUBLIC SYNONYM op_registration FOR his_op.op_registration;
CREATE PUBLIC SYNONYM reg_all FOR his_op.op_registration;
CREATE SYNONYM lis_result FOR lis.lab_result@lis_link;
";
        insta::assert_snapshot!(crate::rewrite::test_support::translated_keeping(
            input,
            &Options::new(Source::Oracle, Target::Highgo),
            |f| matches!(f.code, crate::Code::SP0210 | crate::Code::SP0414)
        ));
    }
}
