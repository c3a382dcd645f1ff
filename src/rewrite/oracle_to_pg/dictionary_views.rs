//! `dictionary-views`: Oracle data dictionary views read from PostgreSQL's
//! catalog.
//!
//! **What it does.** A query that reads `USER_SEQUENCES`, `USER_TABLES`,
//! `USER_VIEWS`, `USER_INDEXES` or `USER_TAB_COLUMNS` (alone or as
//! `SYS.…`) reads instead a subquery over PostgreSQL's catalog with the
//! view's columns under their Oracle names, restricted to the current
//! schema, with object names upper-cased as Oracle stores unquoted ones, so
//! `WHERE sequence_name LIKE 'SEQ\_HIS\_%'` and `'DROP SEQUENCE ' ||
//! sequence_name` keep working. The subquery keeps the view's name (or its
//! alias) as its alias. The views and queries are data:
//! `grammar/oracle_to_pg.toml`, `[[dictionary]]`. A table the script itself
//! creates under such a name is left alone.
//!
//! **Why.** PostgreSQL has no Oracle data dictionary: `USER_SEQUENCES` does
//! not exist ("relation does not exist"), and an install script that drops
//! its old sequences by reading it stops there.
//!
//! **Example.**
//!
//! ```sql
//! FOR s IN (SELECT sequence_name FROM user_sequences WHERE sequence_name LIKE 'SEQ\_OP\_%' ESCAPE '\') LOOP
//! FOR s IN (SELECT sequence_name FROM (SELECT upper(sqlport_s.sequencename)::varchar(128) AS sequence_name, …
//!             FROM pg_catalog.pg_sequences sqlport_s WHERE sqlport_s.schemaname = current_schema()) AS user_sequences
//!            WHERE sequence_name LIKE 'SEQ\_OP\_%' ESCAPE '\') LOOP
//! ```
//!
//! **Findings.** `SP0261` (info) per view read from the catalog, with what
//! differs; `SP0262` (error) per dictionary view with no catalog query
//! (`USER_OBJECTS`, `USER_SOURCE`, …), kept as written.

use std::collections::HashSet;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Ident, Spanned, Statement, TableAlias, TableFactor, VisitMut, VisitorMut,
};

use super::sql_walk::{locate, statements_at};
use crate::ast::Content;
use crate::catalog::OracleToPg;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct DictionaryViews;

impl Pass for DictionaryViews {
    fn name(&self) -> &'static str {
        "dictionary-views"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let Ok(catalog) = crate::catalog::oracle_to_pg() else {
            return;
        };
        if catalog.dictionary.is_empty() {
            return;
        }
        let created = created_tables(script);
        let text = cx.file.text();
        for unit in script.units_mut() {
            let mut findings = Vec::new();
            statements_at(unit, &mut |statement, base, _| {
                let mut v = Views {
                    catalog,
                    created: &created,
                    text,
                    base,
                    findings: &mut findings,
                    changed: false,
                };
                let _ = statement.visit(&mut v);
                v.changed
            });
            cx.findings.append(&mut findings);
        }
    }
}

/// The tables the script creates (upper-cased): a script may have its own
/// `USER_TABLES`.
fn created_tables(script: &crate::ast::Script) -> HashSet<String> {
    let mut names = HashSet::new();
    for unit in script.units() {
        let Content::Sql(statements) = &unit.content else {
            continue;
        };
        for s in statements {
            if let Statement::CreateTable(t) = s
                && let Some(last) = t.name.0.last().and_then(|p| p.as_ident())
            {
                names.insert(last.value.to_ascii_uppercase());
            }
        }
    }
    names
}

struct Views<'a> {
    catalog: &'a OracleToPg,
    created: &'a HashSet<String>,
    text: &'a str,
    base: Span,
    findings: &'a mut Vec<Finding>,
    changed: bool,
}

impl VisitorMut for Views<'_> {
    type Break = ();

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
        let TableFactor::Table {
            name, alias, args, ..
        } = factor
        else {
            return ControlFlow::Continue(());
        };
        // `user_sequences` or `SYS.USER_SEQUENCES`, unquoted.
        let parts: Vec<&Ident> = name.0.iter().filter_map(|p| p.as_ident()).collect();
        let view = match parts.as_slice() {
            [v] => *v,
            [owner, v] if owner.value.eq_ignore_ascii_case("SYS") => *v,
            _ => return ControlFlow::Continue(()),
        };
        let upper = view.value.to_ascii_uppercase();
        if view.quote_style.is_some() || args.is_some() || self.created.contains(&upper) {
            return ControlFlow::Continue(());
        }
        let Some(entry) = self.catalog.dictionary_view(&upper) else {
            return ControlFlow::Continue(());
        };
        let at = locate(self.text, self.base, name.span());
        let query = entry
            .query
            .as_deref()
            .and_then(|q| super::pg_expr(&format!("({q})")));
        let Some(Expr::Subquery(subquery)) = query else {
            self.findings.push(
                Finding::new(
                    Code::SP0262,
                    at,
                    format!("{upper}: PostgreSQL has no such view, and no catalog query answers the same question; kept as written"),
                )
                .with_help(entry.note.clone()),
            );
            return ControlFlow::Continue(());
        };
        let alias = alias.clone().unwrap_or_else(|| TableAlias {
            at: None,
            explicit: true,
            name: Ident::new(view.value.to_ascii_lowercase()),
            columns: Vec::new(),
        });
        *factor = TableFactor::Derived {
            lateral: false,
            subquery,
            alias: Some(alias),
            sample: None,
        };
        self.changed = true;
        self.findings.push(
            Finding::new(
                Code::SP0261,
                at,
                format!("{upper} became a query on PostgreSQL's catalog with the same columns, for the current schema"),
            )
            .with_help(entry.note.clone()),
        );
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use crate::rewrite::test_support::{highgo, translated};

    #[test]
    fn dictionary_views_read_the_catalog() {
        // 安装脚本：删除旧序列；检查表是否存在
        let input = "BEGIN
  FOR s IN (SELECT sequence_name FROM user_sequences
             WHERE sequence_name LIKE 'SEQ\\_OP\\_%' ESCAPE '\\') LOOP
    EXECUTE IMMEDIATE 'DROP SEQUENCE ' || s.sequence_name;
  END LOOP;
END;
/
SELECT t.table_name, c.column_name FROM sys.user_tables t JOIN user_tab_columns c ON c.table_name = t.table_name WHERE t.table_name = 'OP_CHARGE';
SELECT object_name FROM user_objects WHERE status = 'INVALID';
";
        let out = translated(input, &highgo());
        assert!(
            out.contains("FROM pg_catalog.pg_sequences sqlport_s WHERE sqlport_s.schemaname = current_schema()) AS user_sequences"),
            "{out}"
        );
        assert!(
            out.contains("upper(sqlport_c.table_name)::VARCHAR(128) AS table_name"),
            "{out}"
        );
        assert!(out.contains("SP0262"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn a_table_of_the_script_under_such_a_name_is_left_alone() {
        let input = "CREATE TABLE user_tables (table_name VARCHAR2(30));\nSELECT table_name FROM user_tables;\n";
        let out = translated(input, &highgo());
        assert!(out.contains("SELECT table_name FROM user_tables;"), "{out}");
        assert!(!out.contains("SP0261"), "{out}");
    }
}
