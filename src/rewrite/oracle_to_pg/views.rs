//! `views`: Oracle view options PostgreSQL does not have.
//!
//! **What it does.** In `CREATE [OR REPLACE] [NO]FORCE [[NON]EDITIONABLE]
//! VIEW … [WITH READ ONLY | WITH CHECK OPTION [CONSTRAINT name]]`:
//! `FORCE`, `NOFORCE`, `EDITIONABLE` and `NONEDITIONABLE` are dropped;
//! `WITH CHECK OPTION CONSTRAINT name` loses its constraint name (PostgreSQL
//! has `WITH CHECK OPTION`, unnamed); `WITH READ ONLY` is dropped and
//! reported.
//!
//! **Why.** PostgreSQL creates a view only when everything it reads exists
//! (there is no `FORCE`: the script must create tables, and views they use,
//! first) and has no editions. It has no read-only view either: a view over
//! one table is automatically updatable, so without `WITH READ ONLY` the
//! view accepts `INSERT`, `UPDATE` and `DELETE` unless privileges forbid
//! them.
//!
//! **Example:**
//!
//! ```sql
//! CREATE OR REPLACE FORCE VIEW v_op_reg AS SELECT reg_id, status FROM op_registration WITH READ ONLY;  -- Oracle
//! CREATE OR REPLACE VIEW v_op_reg AS SELECT reg_id, status FROM op_registration;                       -- HighGo
//! ```
//!
//! **Findings.** `SP0416` (info) for dropped options; `SP0312` (warning)
//! for `WITH READ ONLY`.

use crate::ast::Content;
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Views;

impl Pass for Views {
    fn name(&self) -> &'static str {
        "views"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        comments_on_views(script);
        let text = cx.file.text();
        for unit in script.units_mut() {
            let Content::Sql(statements) = &unit.content else {
                continue;
            };
            let Some(view) = statements.iter().find_map(|s| match s {
                sqlparser::ast::Statement::CreateView(v) => Some(v.name.to_string()),
                _ => None,
            }) else {
                continue;
            };
            let mut dropped = Vec::new();
            let mut first = None;
            let mut i = 0;
            while i < unit.set_aside.len() {
                let c = &unit.set_aside[i];
                match c.keyword.as_str() {
                    "FORCE" | "NOFORCE" | "EDITIONABLE" | "NONEDITIONABLE" => {
                        first.get_or_insert(c.span);
                        dropped.push(c.keyword.clone());
                        super::replace_set_aside(unit, text, i, "");
                    }
                    "WITH CHECK OPTION" => {
                        if c.text.split_whitespace().count() > 3 {
                            first.get_or_insert(c.span);
                            dropped.push("the CHECK OPTION's constraint name".to_string());
                            super::replace_set_aside(unit, text, i, "WITH CHECK OPTION");
                        }
                        i += 1;
                    }
                    "WITH READ ONLY" => {
                        cx.findings.push(
                            Finding::new(
                                Code::SP0312,
                                c.span,
                                format!("view {view}: WITH READ ONLY dropped, the view can be written through"),
                            ),
                        );
                        super::replace_set_aside(unit, text, i, "");
                    }
                    _ => i += 1,
                }
            }
            if let Some(span) = first {
                cx.findings.push(Finding::new(
                    Code::SP0416,
                    span,
                    format!("view {view}: {} dropped", dropped.join(", ")),
                ));
            }
        }
    }
}

/// `COMMENT ON TABLE v` of a view the script creates becomes
/// `COMMENT ON VIEW v`: Oracle accepts TABLE for a view, PostgreSQL fails
/// with "is not a table".
fn comments_on_views(script: &mut crate::ast::Script) {
    let views: std::collections::HashSet<String> = script
        .units()
        .filter_map(|u| match &u.content {
            Content::Sql(statements) => Some(statements),
            _ => None,
        })
        .flatten()
        .filter_map(|s| match s {
            sqlparser::ast::Statement::CreateView(v) if !v.materialized => Some(key(&v.name)),
            _ => None,
        })
        .collect();
    if views.is_empty() {
        return;
    }
    for unit in script.units_mut() {
        let Content::Sql(statements) = &mut unit.content else {
            continue;
        };
        for statement in statements.iter_mut() {
            if let sqlparser::ast::Statement::Comment {
                object_type: object_type @ sqlparser::ast::CommentObject::Table,
                object_name,
                ..
            } = statement
                && views.contains(&key(object_name))
            {
                *object_type = sqlparser::ast::CommentObject::View;
                unit.rewritten = true;
            }
        }
    }
}

/// A name as the database folds it: unquoted parts case-insensitively.
fn key(name: &sqlparser::ast::ObjectName) -> String {
    name.0
        .iter()
        .map(|part| match part.as_ident() {
            Some(ident) if ident.quote_style.is_some() => ident.value.clone(),
            Some(ident) => ident.value.to_lowercase(),
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use crate::{Options, Source, Target};

    #[test]
    fn view_options_are_dropped_or_rewritten() {
        let input = "CREATE OR REPLACE FORCE VIEW v_op_reg AS
SELECT reg_id, status   -- 挂号状态
  FROM op_registration
WITH READ ONLY;
CREATE OR REPLACE NOFORCE EDITIONABLE VIEW v_op_reg_new AS SELECT reg_id, status FROM op_registration WHERE status = 'N' WITH CHECK OPTION CONSTRAINT ck_v_op_reg_new;
CREATE VIEW v_op_reg_all AS SELECT reg_id FROM op_registration WITH CHECK OPTION;
";
        insta::assert_snapshot!(crate::rewrite::test_support::translated(
            input,
            &Options::new(Source::Oracle, Target::Highgo)
        ));
    }

    #[test]
    fn a_comment_on_a_view_says_view() {
        // 视图注释：Oracle 用 COMMENT ON TABLE，PostgreSQL 要 COMMENT ON VIEW
        let input = "CREATE OR REPLACE VIEW v_op_reg_detail AS SELECT reg_id FROM op_registration;
COMMENT ON TABLE v_op_reg_detail IS '挂号明细视图（导诊、分诊使用）';
COMMENT ON TABLE op_registration IS '挂号表';
COMMENT ON TABLE V_OP_REG_DETAIL IS '挂号明细';
";
        let out = crate::translate(input, &Options::new(Source::Oracle, Target::Highgo));
        insta::assert_snapshot!(out.sql);
    }
}
