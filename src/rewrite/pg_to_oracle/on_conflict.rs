//! `on-conflict`: `INSERT … ON CONFLICT (key) DO UPDATE|NOTHING` becomes
//! `MERGE`.
//!
//! **What it does.** An insert with a column list and a conflict target
//! becomes
//! `MERGE INTO t USING (rows) sqlport_new
//! ON (t.k = sqlport_new.k …) WHEN MATCHED THEN UPDATE SET … [WHERE …]
//! WHEN NOT MATCHED THEN INSERT (c1, …) VALUES (sqlport_new.c1, …)`:
//! - the rows are `SELECT v1 AS c1, … FROM dual [UNION ALL …]` for `VALUES`,
//!   or the insert's query with its columns named as the insert's columns
//!   (in its first `SELECT`, which names a `UNION`'s columns);
//! - the key is the conflict target's columns, or for `ON CONFLICT ON
//!   CONSTRAINT name` the columns of the primary key or unique constraint
//!   of that name the script creates on the table (`CREATE TABLE`, `ALTER
//!   TABLE … ADD CONSTRAINT`; an unnamed one by the name PostgreSQL gives
//!   it: `t_pkey`, `t_c1_c2_key`);
//! - `EXCLUDED.c` becomes `sqlport_new.c`; `DO UPDATE … WHERE cond` becomes
//!   the `WHERE` of `WHEN MATCHED THEN UPDATE`; `DO NOTHING` leaves out the
//!   `WHEN MATCHED` branch; assignments to a key column are dropped
//!   (`MERGE` cannot update the columns of its `ON`, and they are equal
//!   there anyway).
//!
//! `RETURNING`, an insert without a conflict target, an index predicate
//! (`ON CONFLICT (k) WHERE …`), a constraint the script does not create,
//! and a query whose columns cannot be named (`SELECT *`, `ORDER BY`,
//! `LIMIT`) are kept and reported by `flags`.
//!
//! **Why.** DM8 has no `ON CONFLICT`; it has Oracle's `MERGE` (dameng.md,
//! SQL: `MERGE` supported; "Not in DM": `ON CONFLICT`). Unlike `ON
//! CONFLICT`, `MERGE` does not take a lock that serialises two sessions
//! inserting the same key: one of them may still fail on the unique key.
//!
//! **Example.**
//! ```sql
//! INSERT INTO bed_stat (ward_code, n) VALUES ('W01', 1)
//! ON CONFLICT (ward_code) DO UPDATE SET n = bed_stat.n + EXCLUDED.n;
//! -- becomes
//! MERGE INTO bed_stat USING (SELECT 'W01' AS ward_code, 1 AS n FROM dual) sqlport_new
//! ON (bed_stat.ward_code = sqlport_new.ward_code)
//! WHEN MATCHED THEN UPDATE SET n = bed_stat.n + sqlport_new.n
//! WHEN NOT MATCHED THEN INSERT (ward_code, n) VALUES (sqlport_new.ward_code, sqlport_new.n)
//! ```
//!
//! **Findings.** `SP0492` (info) at each rewritten insert.

use sqlparser::ast::{
    AssignmentTarget, ConflictTarget, Expr, Ident, Insert, ObjectName, OnConflictAction, OnInsert,
    Query, SelectItem, SetExpr, Statement, TableObject,
};
use sqlparser::dialect::OracleDialect;
use sqlparser::parser::Parser;

use crate::ast::Script;
use crate::report::{Code, Finding};
use crate::rewrite::common::table_keys::Keys;
use crate::rewrite::visit_unit::{statements_at, visit_exprs};
use crate::rewrite::{Context, Pass};

/// The alias of the new rows in the `MERGE`.
const NEW: &str = "sqlport_new";

/// The pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct OnConflict;

impl Pass for OnConflict {
    fn name(&self) -> &'static str {
        "on-conflict"
    }

    fn run(&self, script: &mut Script, cx: &mut Context<'_>) {
        let constraints = Keys::of(script);
        for unit in script.units_mut() {
            let body = unit.body;
            let mut done = Vec::new();
            statements_at(unit, &mut |s, at, _| {
                let Statement::Insert(insert) = s else {
                    return false;
                };
                let from_query = insert
                    .source
                    .as_ref()
                    .is_some_and(|q| !matches!(q.body.as_ref(), SetExpr::Values(_)));
                let Some(merge) = merge_of(insert, &constraints) else {
                    return false;
                };
                *s = merge;
                done.push((if at.is_empty() { body } else { at }, from_query));
                true
            });
            for (at, from_query) in done {
                let mut message = "INSERT … ON CONFLICT became MERGE; two sessions inserting the same key at once may still collide on the unique key".to_string();
                if from_query {
                    message.push_str("; rows of the query that share a key all take the WHEN NOT MATCHED branch and collide (PostgreSQL's DO NOTHING skipped the later ones; its DO UPDATE failed too)");
                }
                cx.findings.push(Finding::new(Code::SP0492, at, message));
            }
        }
    }
}

/// Whether `insert` is one this pass rewrites (or has no `ON CONFLICT`).
pub(super) fn merge_ready(insert: &Insert, constraints: &Keys) -> bool {
    insert.on.is_none() || merge_of(insert, constraints).is_some()
}

/// The `MERGE` for an insert this pass handles.
fn merge_of(insert: &Insert, constraints: &Keys) -> Option<Statement> {
    let Some(OnInsert::OnConflict(conflict)) = &insert.on else {
        return None;
    };
    if insert.returning.is_some() || insert.columns.is_empty() {
        return None;
    }
    let TableObject::TableName(table) = &insert.table else {
        return None;
    };
    let resolved;
    let keys = match &conflict.conflict_target {
        Some(ConflictTarget::Columns {
            columns,
            predicate: None,
        }) => columns,
        Some(ConflictTarget::OnConstraint(name)) => {
            resolved = constraints.constraint_columns(table, name)?;
            &resolved
        }
        _ => return None,
    };
    let target = match &insert.table_alias {
        Some(a) => format!("{table} {}", a.alias),
        None => table.to_string(),
    };
    let qualifier = insert
        .table_alias
        .as_ref()
        .map_or_else(|| table.to_string(), |a| a.alias.to_string());
    let columns: Vec<String> = insert.columns.iter().map(ToString::to_string).collect();
    let source = insert.source.as_ref()?;
    let rows: Vec<String> = match source.body.as_ref() {
        SetExpr::Values(values) => {
            if values.rows.iter().any(|r| r.content.len() != columns.len()) {
                return None;
            }
            values
                .rows
                .iter()
                .map(|row| {
                    let items: Vec<String> = row
                        .content
                        .iter()
                        .zip(&columns)
                        .map(|(v, c)| format!("{v} AS {c}"))
                        .collect();
                    format!("SELECT {} FROM dual", items.join(", "))
                })
                .collect()
        }
        _ => vec![named_query(source, &insert.columns)?],
    };
    let on: Vec<String> = keys
        .iter()
        .map(|k| format!("{qualifier}.{k} = {NEW}.{k}"))
        .collect();
    let mut sql = format!(
        "MERGE INTO {target} USING ({}) {NEW} ON ({})",
        rows.join(" UNION ALL "),
        on.join(" AND ")
    );
    if let OnConflictAction::DoUpdate(update) = &conflict.action {
        let is_key = |name: &str| {
            keys.iter().any(|k| {
                k.value
                    .eq_ignore_ascii_case(name.rsplit('.').next().unwrap_or(name))
            })
        };
        let mut sets = Vec::new();
        for a in &update.assignments {
            let AssignmentTarget::ColumnName(c) = &a.target else {
                return None;
            };
            if is_key(&c.to_string()) {
                continue;
            }
            let mut value = a.value.clone();
            excluded_to_new(&mut value);
            sets.push(format!("{c} = {value}"));
        }
        if !sets.is_empty() {
            sql.push_str(&format!(
                " WHEN MATCHED THEN UPDATE SET {}",
                sets.join(", ")
            ));
            if let Some(w) = &update.selection {
                let mut w = w.clone();
                excluded_to_new(&mut w);
                sql.push_str(&format!(" WHERE {w}"));
            }
        }
    }
    let new_values: Vec<String> = columns.iter().map(|c| format!("{NEW}.{c}")).collect();
    sql.push_str(&format!(
        " WHEN NOT MATCHED THEN INSERT ({}) VALUES ({})",
        columns.join(", "),
        new_values.join(", ")
    ));
    Parser::parse_sql(&OracleDialect {}, &sql)
        .ok()?
        .into_iter()
        .next()
}

/// An `INSERT`'s query with its columns named as the insert's columns (in
/// its first `SELECT`, which names a `UNION`'s columns), so that `MERGE` can
/// refer to them; `None` when a column has no place to take a name (`*`, a
/// count that differs) or an `ORDER BY`/`LIMIT` may name the old names.
fn named_query(query: &Query, columns: &[ObjectName]) -> Option<String> {
    let columns: Vec<Ident> = columns
        .iter()
        .map(|c| c.0.last().and_then(|p| p.as_ident()).cloned())
        .collect::<Option<_>>()?;
    if query.order_by.is_some() || query.limit_clause.is_some() || query.fetch.is_some() {
        return None;
    }
    let mut q = query.clone();
    let mut body = q.body.as_mut();
    loop {
        match body {
            SetExpr::SetOperation { left, .. } => body = left.as_mut(),
            SetExpr::Select(s) => {
                if s.projection.len() != columns.len() {
                    return None;
                }
                for (item, c) in s.projection.iter_mut().zip(&columns) {
                    let expr = match item {
                        SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                            e.clone()
                        }
                        _ => return None,
                    };
                    *item = SelectItem::ExprWithAlias {
                        expr,
                        alias: c.clone(),
                    };
                }
                break;
            }
            _ => return None,
        }
    }
    Some(q.to_string())
}

/// `EXCLUDED.c` → `sqlport_new.c`.
fn excluded_to_new(e: &mut Expr) {
    visit_exprs(e, &mut |x| match x {
        Expr::CompoundIdentifier(parts)
            if parts.len() == 2 && parts[0].value.eq_ignore_ascii_case("excluded") =>
        {
            parts[0] = Ident::new(NEW);
            true
        }
        _ => false,
    });
}

#[cfg(test)]
mod tests {
    use super::super::test_support::translated;
    use crate::{Options, Source, Target};

    #[test]
    fn on_conflict_becomes_merge() {
        insta::assert_snapshot!(translated(
            "INSERT INTO bed_stat (ward_code, stat_day, n) VALUES ('W01', current_date, 1)\n    ON CONFLICT (ward_code, stat_day) DO UPDATE SET n = bed_stat.n + EXCLUDED.n;\nINSERT INTO lab_item (item_code, item_name) VALUES ('GLU', '葡萄糖'), ('K', '钾')\n    ON CONFLICT (item_code) DO NOTHING;\nINSERT INTO lab_item (item_code, item_name) SELECT code, name FROM lab_item_import\n    ON CONFLICT (item_code) DO NOTHING;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }

    #[test]
    fn inserts_from_queries_and_named_constraints_become_merge() {
        insta::assert_snapshot!(translated(
            "CREATE TABLE lab_item (\n    item_id bigint PRIMARY KEY,\n    item_code varchar(20) NOT NULL,\n    item_name varchar(100),\n    price numeric(10,2),\n    CONSTRAINT uk_lab_item_code UNIQUE (item_code)\n);\nCREATE TABLE bed_stat (ward_code varchar(10), stat_day date, n integer, PRIMARY KEY (ward_code, stat_day));\n-- 检验项目字典导入：价格变化才更新\nINSERT INTO lab_item (item_code, item_name, price)\nSELECT code, name, price FROM lab_item_import WHERE batch_no = 7\n    ON CONFLICT (item_code) DO UPDATE SET item_name = EXCLUDED.item_name, price = EXCLUDED.price\n    WHERE lab_item.price IS DISTINCT FROM EXCLUDED.price;\nINSERT INTO lab_item (item_code, item_name) VALUES ('GLU', '葡萄糖')\n    ON CONFLICT ON CONSTRAINT uk_lab_item_code DO NOTHING;\n-- 每日占床统计（未命名主键：bed_stat_pkey）\nINSERT INTO bed_stat (ward_code, stat_day, n)\nSELECT ward_code, current_date, count(*) FROM bed WHERE status = 'O' GROUP BY ward_code\n    ON CONFLICT ON CONSTRAINT bed_stat_pkey DO UPDATE SET n = EXCLUDED.n;\nINSERT INTO bed_stat (ward_code, stat_day, n) VALUES ('W01', current_date, 1)\n    ON CONFLICT ON CONSTRAINT uk_bed_stat_other DO NOTHING;\nINSERT INTO lab_item (item_code, item_name) SELECT * FROM lab_item_import\n    ON CONFLICT (item_code) DO NOTHING;\nINSERT INTO lab_item (item_code, item_name) VALUES ('K', '钾')\n    ON CONFLICT (item_code) DO NOTHING RETURNING item_id;\n",
            &Options::new(Source::Postgres, Target::Dameng)
        ));
    }
}
