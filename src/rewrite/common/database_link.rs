//! `database-link`: Oracle's `CREATE DATABASE LINK` in the target's own form.
//!
//! **What it does.** Where the target catalog gives a `[link_template]`
//! (Dameng), rewrites `CREATE [PUBLIC] DATABASE LINK name CONNECT TO user
//! IDENTIFIED BY password USING 'connect string'` into the target's statement,
//! keeping the name, user, password and connect string as written. The
//! statement is replaced as one text edit; the rest of the script stays
//! byte-identical.
//!
//! **Why.** Dameng has database links, and `table@link` works there as in
//! Oracle, but it creates them with its own statement (`CREATE LINK …
//! CONNECT 'ORACLE' WITH …`); Oracle's form is a syntax error there.
//!
//! **Example** (Oracle → Dameng):
//!
//! ```sql
//! CREATE PUBLIC DATABASE LINK lis_link CONNECT TO lis IDENTIFIED BY pwd USING 'LISDB';
//! CREATE PUBLIC LINK lis_link CONNECT 'ORACLE' WITH lis IDENTIFIED BY pwd USING 'LISDB';
//! ```
//!
//! A link the template cannot express (`CONNECT TO CURRENT_USER`, `SHARED`,
//! no `USING`) is left as written; the `unsupported` pass reports it.
//!
//! **Findings.** `SP0471` (info) at each rewritten statement.

use crate::ast::oracle::{DatabaseLink, LinkConnect, OracleStatement};
use crate::ast::{Content, Edit, Unit};
use crate::catalog::{self, LinkTemplate};
use crate::report::{Code, Finding};

use super::super::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct DatabaseLinks;

impl Pass for DatabaseLinks {
    fn name(&self) -> &'static str {
        "database-link"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let Some(template) = catalog::catalog(cx.options.target)
            .ok()
            .and_then(|c| c.link_template.as_ref())
        else {
            return;
        };
        for unit in script.units_mut() {
            let Some(text) = rewritten(unit, template) else {
                continue;
            };
            unit.edits.push(Edit {
                span: unit.body,
                replacement: text,
            });
            cx.findings.push(
                Finding::new(
                    Code::SP0471,
                    unit.body,
                    "CREATE DATABASE LINK was written in the target's own form",
                )
                .with_help(template.reason.clone()),
            );
        }
    }
}

/// The target's statement for the link `unit` creates, if the template can
/// express it.
pub fn rewritten(unit: &Unit, template: &LinkTemplate) -> Option<String> {
    let Content::Oracle(statement) = &unit.content else {
        return None;
    };
    let OracleStatement::CreateDatabaseLink(link) = statement.as_ref() else {
        return None;
    };
    fill(link, template)
}

fn fill(link: &DatabaseLink, template: &LinkTemplate) -> Option<String> {
    let Some(LinkConnect::User { user, password }) = &link.connect else {
        return None;
    };
    let using = link.using.as_ref()?;
    if link.shared {
        return None;
    }
    Some(
        template
            .template
            .replace("{public}", if link.public { "PUBLIC " } else { "" })
            .replace("{name}", &link.name.text)
            .replace("{user}", &user.text)
            .replace("{password}", &password.text)
            .replace("{using}", &using.text),
    )
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    const SCRIPT: &str = "-- 检验库链接\nCREATE PUBLIC DATABASE LINK lis_link CONNECT TO lis_reader IDENTIFIED BY \"Lis#2024\" USING 'LISDB';\ncreate database link pacs_link connect to pacs identified by pacs using '(DESCRIPTION=(ADDRESS_LIST=(ADDRESS=(PROTOCOL=TCP)(HOST=10.1.1.9)(PORT=1521)))(CONNECT_DATA=(SERVICE_NAME=pacs)))';\nCREATE DATABASE LINK emr_link CONNECT TO CURRENT_USER USING 'EMR';\nSELECT r.result_value FROM lis_result@lis_link r;\n";

    #[test]
    fn dameng_gets_its_own_link_statement() {
        insta::assert_snapshot!(crate::rewrite::test_support::translated(
            SCRIPT,
            &Options::new(Source::Oracle, Target::Dameng)
        ));
        // The translation reads back, and translating it again changes nothing.
        let options = Options::new(Source::Oracle, Target::Dameng).with_annotate(false);
        let once = crate::translate(SCRIPT, &options).sql;
        let again = crate::translate(&once, &options);
        assert_eq!(again.sql, once);
        assert!(
            again
                .report
                .findings
                .iter()
                .all(|f| f.code != crate::Code::SP0101)
        );
    }

    #[test]
    fn other_targets_keep_oracle_form() {
        for target in [Target::Kingbase, Target::Highgo] {
            let report = crate::check(SCRIPT, &Options::new(Source::Oracle, target));
            assert!(
                report
                    .findings
                    .iter()
                    .all(|f| f.code != crate::Code::SP0471)
            );
        }
    }
}
