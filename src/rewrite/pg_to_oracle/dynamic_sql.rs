//! `dynamic-sql`: the SQL text of PL/pgSQL's `EXECUTE` for DMSQL's
//! `EXECUTE IMMEDIATE` and `OPEN … FOR`.
//!
//! **What it does.** In the SQL expression of `EXECUTE` and of `OPEN c FOR
//! EXECUTE`: a `||` chain of string literals only is joined into one; a
//! literal that holds a whole statement is translated like the script itself
//! (its own findings are reported); PostgreSQL's numbered placeholders `$n`
//! in every string literal of the expression (outside the SQL's own quoted
//! text and comments) become `:1`, `:2`, … in order of appearance, and the
//! `USING` arguments are put in that order — repeated where a placeholder
//! repeats, moved where they were out of order. `FOR r IN EXECUTE …` is
//! reported: PL/SQL has no loop over a dynamic query.
//!
//! **Why.** PostgreSQL binds `$n` to the n-th `USING` argument, wherever and
//! however often it occurs. Oracle-style dynamic SQL binds placeholders by
//! their position of appearance, one `USING` argument each; numbering them in
//! order and listing the arguments in that order means the same under either
//! rule. SQL assembled from variables is only known at run time, so only its
//! literal parts are rewritten: a warning says so.
//!
//! **Example.**
//! ```sql
//! EXECUTE 'SELECT count(*) FROM lab_request WHERE ward_code = $2 AND status = $1 AND $2 IS NOT NULL'
//!    INTO v_n USING 'F', p_ward;
//! -- DM:
//! EXECUTE IMMEDIATE 'SELECT count(*) FROM lab_request WHERE ward_code = :1 AND status = :2 AND :3 IS NOT NULL'
//!    INTO v_n USING p_ward, 'F', p_ward;
//! ```
//!
//! **Findings.** `SP0404` (info) where the `USING` list was reordered or
//! repeated; `SP0342` (warning) for SQL built at run time or whose literal
//! has findings of its own; `SP0226` (error) for `FOR … IN EXECUTE`.

use sqlparser::ast::{Expr, Value};

use crate::Options;
use crate::ast::procedural::*;
use crate::ast::visit::VisitMut;
use crate::report::{Code, Finding};
use crate::rewrite::common::dynamic_sql_text::{
    inner_finding, joined_literals, map_literals, map_placeholders, translate_literal,
};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct DynamicSql;

impl Pass for DynamicSql {
    fn name(&self) -> &'static str {
        "dynamic-sql"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        for unit in script.units_mut() {
            let crate::ast::Content::Program(program) = &mut unit.content else {
                continue;
            };
            let mut v = Dynamic {
                options: cx.options,
                findings: Vec::new(),
                changed: false,
            };
            crate::ast::visit::walk_program(&mut v, program);
            unit.rewritten |= v.changed;
            cx.findings.extend(v.findings);
        }
    }
}

struct Dynamic<'a> {
    options: &'a Options,
    findings: Vec<Finding>,
    changed: bool,
}

impl Dynamic<'_> {
    /// Rewrites one dynamic statement's SQL and its `USING` list.
    fn execute(&mut self, stmt_span: Span, sql: &mut PlExpr, using: &mut Vec<UsingArg>) {
        let span = if sql.span.is_empty() {
            stmt_span
        } else {
            sql.span
        };
        // A `||` chain of literals only is one constant statement.
        if !matches!(&*sql.expr, Expr::Value(_))
            && let Some(joined) = joined_literals(&sql.expr)
        {
            *sql.expr = Expr::Value(Value::SingleQuotedString(joined).into());
            self.touch(sql);
        }
        let assembled = !matches!(&*sql.expr, Expr::Value(_));
        if let Some(problems) = translate_literal(&mut sql.expr, self.options) {
            self.touch(sql);
            self.findings.extend(inner_finding(span, &problems));
        }
        let mut order = Vec::new();
        if map_literals(&mut sql.expr, &mut |text| renumber(text, &mut order)) {
            self.touch(sql);
        }
        let identity =
            order.iter().enumerate().all(|(k, n)| *n == k + 1) && order.len() == using.len();
        if !order.is_empty() && !identity && order.iter().all(|n| *n >= 1 && *n <= using.len()) {
            *using = order.iter().map(|n| using[n - 1].clone()).collect();
            self.changed = true;
            self.findings.push(Finding::new(
                Code::SP0404,
                stmt_span,
                format!(
                    "dynamic SQL placeholders numbered in order of appearance; USING lists its arguments in that order ({})",
                    order.iter().map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        if assembled {
            self.findings.push(
                Finding::new(
                    Code::SP0342,
                    span,
                    "dynamic SQL built at run time: only its literal parts were translated (placeholders $n to :n)",
                )
                .with_help(
                    "check the SQL this code builds against DM: PostgreSQL functions, :: casts, $n placeholders in values it concatenates",
                ),
            );
        }
    }

    fn touch(&mut self, sql: &mut PlExpr) {
        sql.span = Span::default();
        self.changed = true;
    }
}

/// `$n` in SQL text becomes `:1`, `:2`, … in order of appearance; `order`
/// gets each placeholder's `n`.
fn renumber(sql: &str, order: &mut Vec<usize>) -> (String, bool) {
    map_placeholders(sql, &mut |chars, i| {
        let after_name = i
            .checked_sub(1)
            .and_then(|p| chars.get(p))
            .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '$');
        if chars[i] != '$' || after_name {
            return None;
        }
        let digits: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let n = digits.parse::<usize>().ok()?;
        order.push(n);
        Some((1 + digits.len(), format!(":{}", order.len())))
    })
}

impl VisitMut for Dynamic<'_> {
    fn statements(&mut self, stmts: &mut Vec<Stmt>) {
        for s in stmts.iter_mut() {
            let span = s.span;
            match &mut s.kind {
                StmtKind::ExecuteImmediate { sql, using, .. }
                | StmtKind::OpenFor {
                    dynamic: Some(sql),
                    using,
                    ..
                } => self.execute(span, sql, using),
                StmtKind::ForCursor {
                    source: CursorSource::Dynamic { .. },
                    ..
                } => self.findings.push(
                    Finding::new(
                        Code::SP0226,
                        span,
                        "FOR … IN EXECUTE: PL/SQL has no loop over a dynamic query",
                    )
                    .with_help(
                        "OPEN a SYS_REFCURSOR FOR the SQL USING its values, then LOOP FETCH … INTO variables of the columns' types; EXIT WHEN c%NOTFOUND",
                    ),
                ),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use super::renumber;
    use crate::{Options, Source, Target};

    #[test]
    fn placeholders_are_numbered_in_order_outside_quotes_and_comments() {
        let mut order = Vec::new();
        let (sql, changed) = renumber(
            "SELECT '$1', \"a$1\" FROM t WHERE a = $2 AND b = $1 -- $3\n AND c = $2 AND d$1 = 0",
            &mut order,
        );
        assert!(changed);
        assert_eq!(
            sql,
            "SELECT '$1', \"a$1\" FROM t WHERE a = :1 AND b = :2 -- $3\n AND c = :3 AND d$1 = 0"
        );
        assert_eq!(order, vec![2, 1, 2]);
    }

    #[test]
    fn execute_and_open_for_bind_in_order_of_appearance() {
        // 检验科：按病区统计未完成申请；动态 SQL 中 $2 出现两次
        insta::assert_snapshot!(translated(
            "CREATE FUNCTION fn_lab_pending(p_ward varchar, p_table varchar) RETURNS integer LANGUAGE plpgsql AS $$\nDECLARE\n    v_n integer;\n    c_rows refcursor;\nBEGIN\n    EXECUTE 'SELECT count(*) FROM lab_request WHERE ward_code = $2 AND status = $1 AND $2 IS NOT NULL'\n       INTO v_n USING 'F', p_ward;\n    EXECUTE 'SELECT count(*) FROM lab_request WHERE status = $1 AND ward_code = $2' INTO v_n USING 'N', p_ward;\n    EXECUTE 'DELETE FROM ' || p_table || ' WHERE ward_code = $1 AND created_at < now() - interval ''7 days''' USING p_ward;\n    OPEN c_rows FOR EXECUTE 'SELECT request_id FROM lab_request WHERE ward_code = $1 AND requested_at::date = current_date' USING p_ward;\n    CLOSE c_rows;\n    RETURN v_n;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn a_loop_over_a_dynamic_query_is_reported() {
        insta::assert_snapshot!(translated(
            "DO $$\nDECLARE\n    rec record;\nBEGIN\n    FOR rec IN EXECUTE 'SELECT status, count(*) AS n FROM lab_request GROUP BY status' LOOP\n        RAISE NOTICE '% %', rec.status, rec.n;\n    END LOOP;\nEND $$;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
