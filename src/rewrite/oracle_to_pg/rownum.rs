//! `rownum`: Oracle's `ROWNUM` becomes `LIMIT` or `row_number() OVER ()`.
//!
//! **What it does.** In every query block (subqueries, views and SQL in
//! PL/SQL included):
//! - `WHERE … ROWNUM <= n` (`n >= ROWNUM`), `ROWNUM < n` and `ROWNUM = 1`
//!   become `LIMIT n`, `LIMIT n - 1`, `LIMIT 1`; `n` may be any expression
//!   (a bind variable, a PL/SQL variable). This covers the top-N idiom
//!   `SELECT * FROM (SELECT … ORDER BY …) WHERE ROWNUM <= n`: PostgreSQL
//!   keeps a sorted subquery's order up to the `LIMIT` (it never flattens a
//!   subquery that has `ORDER BY`).
//! - `ROWNUM` in the select list becomes `row_number() OVER ()` (named
//!   `rownum` when it stood alone), which numbers rows in the order they
//!   arrive, as Oracle does; the pagination idiom
//!   `… ROWNUM rn … WHERE rn BETWEEN 11 AND 20` then works as written.
//! - `DELETE`/`UPDATE … WHERE c AND ROWNUM <= n` on one table → `… WHERE
//!   ctid IN (SELECT ctid FROM t WHERE c LIMIT n)` (the purge-in-batches
//!   idiom; PostgreSQL's `DELETE` and `UPDATE` have no `LIMIT`).
//! - When the block also sorts, groups or aggregates, Oracle numbers the rows
//!   *before* that: the rows are limited in a subquery over the block's single
//!   table, and the rest of the block runs on it. With a join in the block and
//!   only `ORDER BY`, the `LIMIT` goes after the sort.
//!
//! **Why.** PostgreSQL has no `ROWNUM`.
//!
//! **Example.**
//!
//! ```sql
//! SELECT * FROM (SELECT * FROM op_charge ORDER BY fee DESC) WHERE ROWNUM <= 10;  -- Oracle
//! SELECT * FROM (SELECT * FROM op_charge ORDER BY fee DESC) AS sqlport_q1 LIMIT 10; -- HighGo
//! SELECT * FROM op_charge WHERE ROWNUM <= 10 ORDER BY fee DESC;                  -- Oracle
//! SELECT * FROM (SELECT * FROM op_charge LIMIT 10) op_charge ORDER BY fee DESC;  -- HighGo
//! ```
//!
//! **Findings.** `SP0432` (info) per rewritten block; `SP0330` (warning) when
//! `ROWNUM` and `ORDER BY` share a block; `SP0231` (error) for what is kept
//! as written: `ROWNUM > n`, `ROWNUM = n` (`n` ≠ 1), `ROWNUM` under `OR`,
//! in an `UPDATE`/`DELETE` over a join or with several bounds, several `ROWNUM` bounds, a block that already has a
//! `LIMIT`, grouping over a join.
//!
//! **Source.** Oracle SQL Language Reference, "ROWNUM Pseudocolumn"
//! (ROWNUM is assigned before ORDER BY; `ROWNUM > 1` is never true).

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, Expr, GroupByExpr, Ident, LimitClause, Query, Select, SelectItem, SetExpr,
    Spanned, Statement, TableFactor, Value, VisitMut, VisitorMut,
};

use super::sql_walk::{
    and_all, conjuncts, find_in_block, fold, is_pseudo, locate, rewrite_in_block, statements_at,
    wrap_branches,
};
use crate::report::{Code, Finding};
use crate::rewrite::{Context, Pass};
use crate::source::Span;

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rownum;

impl Pass for Rownum {
    fn name(&self) -> &'static str {
        "rownum"
    }

    fn run(&self, script: &mut crate::ast::Script, cx: &mut Context<'_>) {
        let text = cx.file.text();
        for unit in script.units_mut() {
            let mut findings = Vec::new();
            statements_at(unit, &mut |statement, base, _| {
                let reported = findings.len();
                let mut v = Rewrite {
                    text,
                    base,
                    findings: &mut findings,
                    changed: false,
                };
                let _ = statement.visit(&mut v);
                let changed = v.changed;
                // A ROWNUM no rule took (UPDATE … SET c = ROWNUM, HAVING, …).
                let flagged = findings[reported..].iter().any(|f| f.code == Code::SP0231);
                if !flagged && let Some(at) = leftover(statement) {
                    findings.push(Finding::new(
                        Code::SP0231,
                        locate(text, base, at),
                        "ROWNUM kept as written: it is used where no LIMIT or row_number() rewrite applies",
                    ));
                }
                changed
            });
            cx.findings.extend(findings);
        }
    }
}

struct Rewrite<'a> {
    text: &'a str,
    base: Span,
    findings: &'a mut Vec<Finding>,
    changed: bool,
}

/// Where the first `ROWNUM` left in `statement` is.
fn leftover(statement: &Statement) -> Option<sqlparser::tokenizer::Span> {
    let mut at = None;
    let _ = sqlparser::ast::visit_expressions(statement, |e| {
        if is_rownum(e) {
            at.get_or_insert(e.span());
        }
        ControlFlow::<()>::Continue(())
    });
    at
}

fn is_rownum(e: &Expr) -> bool {
    is_pseudo(e, "ROWNUM")
}

fn row_number() -> Expr {
    super::pg_expr("row_number() OVER ()").unwrap_or(Expr::Value(Value::Null.into()))
}

impl VisitorMut for Rewrite<'_> {
    type Break = ();

    fn pre_visit_statement(&mut self, statement: &mut Statement) -> ControlFlow<()> {
        let selection = match statement {
            Statement::Update(u) => u.selection.as_ref(),
            Statement::Delete(d) => d.selection.as_ref(),
            _ => None,
        };
        if let Some(first) = selection.and_then(|w| find_in_block(w, &is_rownum).into_iter().next())
        {
            let at = locate(self.text, self.base, first.span());
            match limited_rows(statement) {
                Ok(shown) => {
                    self.changed = true;
                    self.findings.push(Finding::new(
                        Code::SP0432,
                        at,
                        format!("{shown}: the rows to change are chosen by ctid IN (SELECT ctid … LIMIT n)"),
                    ));
                }
                Err(why) => self.findings.push(Finding::new(
                    Code::SP0231,
                    at,
                    format!("ROWNUM in the WHERE of an UPDATE or DELETE is kept as written ({why}): limit the rows in a subquery, e.g. WHERE ctid IN (SELECT ctid FROM … LIMIT n)"),
                )),
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        // A UNION branch with ROWNUM gets a block of its own, for its LIMIT.
        self.changed |= wrap_branches(query, &|s| {
            s.selection
                .as_ref()
                .is_some_and(|w| !find_in_block(w, &is_rownum).is_empty())
        });
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        let SetExpr::Select(select) = query.body.as_mut() else {
            return ControlFlow::Continue(());
        };
        // The select list: ROWNUM numbers the rows as they come.
        let mut numbered = None;
        for item in select.projection.iter_mut() {
            let bare = matches!(item, SelectItem::UnnamedExpr(e) if is_rownum(e));
            let changed = rewrite_in_block(item, &mut |e| {
                if !is_rownum(e) {
                    return false;
                }
                numbered.get_or_insert(e.span());
                *e = row_number();
                true
            });
            if bare && let SelectItem::UnnamedExpr(e) = item {
                *item = SelectItem::ExprWithAlias {
                    expr: e.clone(),
                    alias: Ident::new("rownum"),
                };
            }
            self.changed |= changed;
        }
        let limited = self.limit(query);
        if let (Some(at), None) = (numbered, limited) {
            self.findings.push(Finding::new(
                Code::SP0432,
                locate(self.text, self.base, at),
                "ROWNUM in the select list became row_number() OVER ()",
            ));
        }
        ControlFlow::Continue(())
    }
}

impl Rewrite<'_> {
    /// Turns the block's `ROWNUM` bound into a `LIMIT`; returns where the
    /// bound was, when there was one.
    fn limit(&mut self, query: &mut Query) -> Option<Span> {
        let SetExpr::Select(select) = query.body.as_mut() else {
            return None;
        };
        let first = select
            .selection
            .as_ref()
            .and_then(|w| find_in_block(w, &is_rownum).into_iter().next())?;
        let at = locate(self.text, self.base, first.span());
        let terms = conjuncts(select.selection.clone()?);
        let (bounds, rest): (Vec<Expr>, Vec<Expr>) = terms
            .into_iter()
            .partition(|t| !find_in_block(t, &is_rownum).is_empty());
        let error =
            |why: String| Finding::new(Code::SP0231, at, format!("ROWNUM kept as written: {why}"));
        let [bound] = &bounds[..] else {
            self.findings
                .push(error("the block has several ROWNUM conditions".to_string()));
            return Some(at);
        };
        let limit = match limit_of(bound) {
            Ok(limit) => limit,
            Err(why) => {
                self.findings.push(error(why));
                return Some(at);
            }
        };
        if query.limit_clause.is_some() || query.fetch.is_some() {
            self.findings
                .push(error("the block already has a LIMIT or FETCH".to_string()));
            return Some(at);
        }
        let ordered = query.order_by.is_some();
        let grouped = grouped(select);
        let shown = bound.to_string();
        let message;
        if !ordered && !grouped {
            select.selection = and_all(rest);
            message = format!("{shown} became LIMIT {limit}");
            query.limit_clause = Some(limit_clause(limit));
        } else if let Some(alias) = single_table(select) {
            // Oracle numbers the rows before sorting or grouping them: limit
            // the table's rows first, in a subquery under the same name.
            let Some(TableFactor::Derived { .. }) = derived(select, rest, limit.clone(), &alias)
            else {
                self.findings
                    .push(error("the block's table could not be wrapped".to_string()));
                return Some(at);
            };
            message = format!(
                "{shown} became LIMIT {limit} in a subquery over `{alias}`, before the block sorts or groups its rows"
            );
        } else if !grouped {
            query.limit_clause = Some(limit_clause(limit.clone()));
            if let SetExpr::Select(select) = query.body.as_mut() {
                select.selection = and_all(rest);
            }
            message = format!("{shown} became LIMIT {limit}, after the ORDER BY");
            self.findings.push(Finding::new(
                Code::SP0330,
                at,
                "ROWNUM and ORDER BY in one block over a join: Oracle kept any rows and sorted them; the translation keeps the first rows in sort order (one of the results Oracle could give)",
            ));
            self.changed = true;
            self.findings.push(Finding::new(Code::SP0432, at, message));
            return Some(at);
        } else {
            self.findings.push(error(
                "the block groups or aggregates rows from a join: limit the rows in a subquery first".to_string(),
            ));
            return Some(at);
        }
        if ordered {
            self.findings.push(Finding::new(
                Code::SP0330,
                at,
                "ROWNUM and ORDER BY in one block: Oracle limits the rows before sorting them, and so does the translation; check that this is what the code means",
            ));
        }
        self.changed = true;
        self.findings.push(Finding::new(Code::SP0432, at, message));
        Some(at)
    }
}

/// The `LIMIT` a `ROWNUM` bound means, or why it has none.
fn limit_of(bound: &Expr) -> Result<Expr, String> {
    let Expr::BinaryOp { left, op, right } = bound else {
        return Err(format!("`{bound}` is not a comparison of ROWNUM"));
    };
    use BinaryOperator::*;
    let (op, other) = match (is_rownum(left), is_rownum(right)) {
        (true, false) => (op.clone(), right.as_ref()),
        (false, true) => (
            match op {
                Lt => Gt,
                LtEq => GtEq,
                Gt => Lt,
                GtEq => LtEq,
                other => other.clone(),
            },
            left.as_ref(),
        ),
        _ => return Err(format!("`{bound}` is not a comparison of ROWNUM")),
    };
    if !find_in_block(other, &is_rownum).is_empty() {
        return Err(format!("`{bound}` compares ROWNUM with itself"));
    }
    let number = number(other);
    match (op, number) {
        (LtEq, _) => Ok(other.clone()),
        (Lt, Some(n)) => Ok(number_expr(n.saturating_sub(1).max(0))),
        (Lt, None) => Ok(Expr::BinaryOp {
            left: Box::new(Expr::Nested(Box::new(other.clone()))),
            op: Minus,
            right: Box::new(number_expr(1)),
        }),
        (Eq, Some(1)) => Ok(number_expr(1)),
        (Eq, _) => Err(format!(
            "`{bound}` is never true in Oracle unless the value is 1"
        )),
        (Gt | GtEq, _) => Err(format!(
            "`{bound}` is never true in Oracle (the first row kept is always number 1)"
        )),
        _ => Err(format!("`{bound}` has no LIMIT equivalent")),
    }
}

fn number(e: &Expr) -> Option<i64> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        Expr::Nested(inner) => number(inner),
        _ => None,
    }
}

fn number_expr(n: i64) -> Expr {
    Expr::Value(Value::Number(n.to_string(), false).into())
}

/// `DELETE FROM t WHERE c AND ROWNUM <= n` (or `UPDATE t SET … WHERE …`)
/// → `… WHERE ctid IN (SELECT ctid FROM t WHERE c LIMIT n)`: any `n` rows
/// that satisfy `c`, as in Oracle, which stops at the `n`th. Returns the
/// bound as written, or why the statement is kept.
fn limited_rows(statement: &mut Statement) -> Result<String, String> {
    let (table, selection) = match statement {
        Statement::Delete(d) => {
            let (sqlparser::ast::FromTable::WithFromKeyword(from)
            | sqlparser::ast::FromTable::WithoutKeyword(from)) = &d.from;
            if d.using.is_some() {
                return Err("the DELETE has a USING list".to_string());
            }
            if !d.tables.is_empty() || d.limit.is_some() {
                return Err("the DELETE names several tables or a LIMIT".to_string());
            }
            let [t] = &from[..] else {
                return Err("the DELETE names several tables".to_string());
            };
            (t.clone(), &mut d.selection)
        }
        Statement::Update(u) => {
            if u.from.is_some() {
                return Err("the UPDATE has a FROM list".to_string());
            }
            (u.table.clone(), &mut u.selection)
        }
        _ => return Err("not an UPDATE or DELETE".to_string()),
    };
    if !table.joins.is_empty() || !matches!(table.relation, TableFactor::Table { .. }) {
        return Err("its target is not a single table".to_string());
    }
    let terms = conjuncts(selection.clone().ok_or("no WHERE")?);
    let (bounds, rest): (Vec<Expr>, Vec<Expr>) = terms
        .into_iter()
        .partition(|t| !find_in_block(t, &is_rownum).is_empty());
    let [bound] = &bounds[..] else {
        return Err("several ROWNUM conditions".to_string());
    };
    let limit = limit_of(bound)?;
    let shown = bound.to_string();
    let filter = and_all(rest).map_or_else(String::new, |w| format!(" WHERE {w}"));
    let chosen = super::pg_expr(&format!(
        "ctid IN (SELECT ctid FROM {table}{filter} LIMIT {limit})"
    ))
    .ok_or("the subquery could not be written")?;
    *selection = Some(chosen);
    Ok(shown)
}

fn limit_clause(limit: Expr) -> LimitClause {
    LimitClause::LimitOffset {
        limit: Some(limit),
        offset: None,
        limit_by: Vec::new(),
    }
}

/// Whether the block groups its rows (`GROUP BY`, `DISTINCT`, `HAVING`, or
/// an aggregate in its select list).
fn grouped(select: &Select) -> bool {
    let group_by = match &select.group_by {
        GroupByExpr::All(_) => true,
        GroupByExpr::Expressions(e, _) => !e.is_empty(),
    };
    const AGGREGATES: &[&str] = &[
        "COUNT",
        "SUM",
        "AVG",
        "MIN",
        "MAX",
        "LISTAGG",
        "STDDEV",
        "VARIANCE",
        "MEDIAN",
        "WM_CONCAT",
        "XMLAGG",
        "COLLECT",
        "STRING_AGG",
        "ARRAY_AGG",
    ];
    let aggregate = |e: &Expr| match e {
        Expr::Function(f) => {
            f.over.is_none()
                && f.name.0.len() == 1
                && AGGREGATES
                    .iter()
                    .any(|a| f.name.to_string().eq_ignore_ascii_case(a))
        }
        _ => false,
    };
    let aggregates = select.projection.iter().any(|item| match item {
        SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
            !find_in_block(e, &aggregate).is_empty()
        }
        _ => false,
    });
    group_by || select.distinct.is_some() || select.having.is_some() || aggregates
}

/// The name the block's only table answers to, when the block reads one
/// table (or one derived table) and nothing else.
fn single_table(select: &Select) -> Option<String> {
    let [t] = &select.from[..] else { return None };
    if !t.joins.is_empty() {
        return None;
    }
    match &t.relation {
        TableFactor::Table { alias: Some(a), .. } | TableFactor::Derived { alias: Some(a), .. } => {
            Some(fold(&a.name))
        }
        TableFactor::Table { name, .. } => name.0.last().map(|p| p.to_string()),
        _ => None,
    }
}

/// Replaces the block's table with `(SELECT * FROM table WHERE rest LIMIT
/// limit) alias`; returns the new table factor.
fn derived(select: &mut Select, rest: Vec<Expr>, limit: Expr, alias: &str) -> Option<TableFactor> {
    let template = format!("SELECT * FROM (SELECT * FROM t LIMIT 1) AS {alias}");
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    let parsed = sqlparser::parser::Parser::parse_sql(&dialect, &template).ok()?;
    let Some(Statement::Query(q)) = parsed.into_iter().next() else {
        return None;
    };
    let SetExpr::Select(outer) = *q.body else {
        return None;
    };
    let mut factor = outer.from.into_iter().next()?.relation;
    let table = select.from.first_mut()?;
    {
        let TableFactor::Derived { subquery, .. } = &mut factor else {
            return None;
        };
        let SetExpr::Select(inner) = subquery.body.as_mut() else {
            return None;
        };
        let original = table.relation.clone();
        inner.from.first_mut()?.relation = original;
        inner.selection = and_all(rest);
        subquery.limit_clause = Some(limit_clause(limit));
    }
    table.relation = factor.clone();
    select.selection = None;
    Some(factor)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{highgo, translated};

    #[test]
    fn rownum_bounds_become_limits() {
        let sql = "SELECT * FROM op_reg WHERE status = 'N' AND ROWNUM <= 20;
SELECT * FROM op_reg WHERE ROWNUM < 6;
SELECT * FROM op_reg WHERE 10 >= ROWNUM;
-- 收费金额前十（先排序再取前 N 条）
SELECT ROWNUM AS rank_no, t.*
  FROM (SELECT item_id, SUM(amount) AS total FROM op_charge_detail GROUP BY item_id ORDER BY SUM(amount) DESC) t
 WHERE ROWNUM <= 10;
-- 分页
SELECT * FROM (SELECT a.*, ROWNUM rn FROM (SELECT * FROM op_reg ORDER BY reg_id) a WHERE ROWNUM <= 20) WHERE rn > 10;
SELECT * FROM (SELECT r.reg_id, ROWNUM rn FROM op_reg r) WHERE rn BETWEEN 11 AND 20;
SELECT ROWNUM, r.reg_id FROM op_reg r;
-- UNION 的分支各自取第一条
SELECT reg_id FROM op_reg WHERE status = 'N' AND ROWNUM = 1 UNION ALL SELECT reg_id FROM op_reg WHERE status = 'C' AND ROWNUM = 1;
CREATE OR REPLACE PROCEDURE p_first_segment (p_operator IN NUMBER, p_rows IN NUMBER) IS
  l_id NUMBER;
BEGIN
  SELECT segment_id INTO l_id FROM op_invoice_segment
   WHERE operator_id = p_operator AND status = 'A' AND ROWNUM = 1 FOR UPDATE;
  FOR r IN (SELECT * FROM op_reg WHERE ROWNUM < p_rows) LOOP
    NULL;
  END LOOP;
END;
/
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }

    #[test]
    fn rownum_before_sorting_or_grouping_keeps_oracles_meaning() {
        let sql = "SELECT * FROM op_charge c WHERE c.status = 'N' AND ROWNUM <= 10 ORDER BY c.fee DESC;
SELECT COUNT(*) FROM op_charge WHERE ROWNUM <= 100;
SELECT r.reg_id, d.dept_name FROM op_reg r, his_dept d WHERE r.dept_id = d.dept_id AND ROWNUM <= 5 ORDER BY r.reg_id;
SELECT d.dept_name, COUNT(*) FROM op_reg r, his_dept d WHERE r.dept_id = d.dept_id AND ROWNUM <= 5 GROUP BY d.dept_name;
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }

    #[test]
    fn kingbase_in_pg_mode_gets_the_same_rewrite_and_oracle_mode_none() {
        let sql = "SELECT * FROM op_reg WHERE ROWNUM <= 20;\n";
        let pg = crate::Options::new(crate::Source::Oracle, crate::Target::Kingbase)
            .with_target_mode(Some("pg".to_string()));
        assert_eq!(
            crate::translate(sql, &pg).sql,
            "SELECT * FROM op_reg LIMIT 20;\n"
        );
        let oracle_mode = crate::Options::new(crate::Source::Oracle, crate::Target::Kingbase);
        assert_eq!(crate::translate(sql, &oracle_mode).sql, sql);
    }

    #[test]
    fn forms_without_a_limit_are_flagged() {
        let sql = "SELECT * FROM op_reg WHERE ROWNUM > 10;
SELECT * FROM op_reg WHERE ROWNUM = 2;
SELECT * FROM op_reg WHERE ROWNUM <= 10 OR status = 'N';
DELETE FROM his_op_log l USING his_user u WHERE l.user_id = u.user_id AND ROWNUM <= 1000;
UPDATE op_queue SET queue_no = ROWNUM WHERE visit_date = TRUNC(SYSDATE);
";
        insta::assert_snapshot!(translated(sql, &highgo()));
    }

    #[test]
    fn update_and_delete_with_rownum_choose_rows_by_ctid() {
        // 分批清理操作日志、分批标记过期挂号
        let sql = "DELETE FROM his_op_log WHERE log_time < SYSDATE - 180 AND ROWNUM <= 1000;
UPDATE op_reg r SET r.status = 'X' WHERE r.status = 'N' AND r.visit_date < TRUNC(SYSDATE) AND ROWNUM < 501;
DELETE FROM gtt_fee_calc WHERE ROWNUM = 1;
";
        let out = translated(sql, &highgo());
        assert!(
            out.contains("ctid IN (SELECT ctid FROM op_reg r WHERE r.status = 'N' AND r.visit_date < date_trunc('day', date_trunc('second', statement_timestamp())::TIMESTAMP(0)) LIMIT 500)"),
            "{out}"
        );
        assert!(!out.contains("SP0231"), "{out}");
        insta::assert_snapshot!(out);
    }
}
